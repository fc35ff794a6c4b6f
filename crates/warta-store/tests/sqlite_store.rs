//! The SQLite store on a real file: queueing, saving, deduplication,
//! export, reprocessing, pruning and backup.

use std::path::PathBuf;
use warta_analyze::{analyze, AnalyzeOptions};
use warta_model::{Article, Block, BlockKind};
use warta_store::*;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "warta-store-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn article(url: &str, title: &str, body: &str) -> Article {
    Article {
        url: Some(url.to_string()),
        site: Some("Kabar Nusa".into()),
        title: Some(title.to_string()),
        published: Some("2024-03-05T10:00:00+07:00".into()),
        blocks: vec![Block::new(BlockKind::Paragraph, body)],
        ..Article::default()
    }
}

fn feed(store: &SqliteStore) -> Source {
    store
        .add_source(
            &NewSource {
                url: "http://127.0.0.1:1/feed.xml".into(),
                kind: SourceKind::Feed,
                title: None,
                site_url: None,
                category: Some("news".into()),
                settings: SourceSettings::default(),
            },
            1_000,
        )
        .unwrap()
}

fn item(key: &str, updated: Option<&str>) -> NewItem {
    NewItem {
        key: key.to_string(),
        url: Some(format!("http://127.0.0.1:1/{key}")),
        title: Some(format!("Item {key}")),
        updated: updated.map(str::to_string),
        ..NewItem::default()
    }
}

fn poll(at: i64) -> PollRecord {
    PollRecord {
        at,
        url: "http://127.0.0.1:1/feed.xml".into(),
        outcome: "fetched".into(),
        poll_interval: 600,
        next_poll_at: at + 600,
        etag: Some("\"v1\"".into()),
        ..PollRecord::default()
    }
}

#[test]
fn sources_are_added_listed_paused_and_removed() {
    let dir = TempDir::new("sources");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let source = feed(&store);
    assert_eq!(source.state, "active");
    assert_eq!(source.next_poll_at, 1_000);
    let again = store
        .add_source(
            &NewSource {
                url: source.url.clone(),
                kind: SourceKind::Feed,
                title: None,
                site_url: None,
                category: None,
                settings: SourceSettings::default(),
            },
            2_000,
        )
        .unwrap_err();
    assert!(again.to_string().contains("already followed"), "{again}");
    assert_eq!(store.find_source(&source.url).unwrap().id, source.id);
    assert_eq!(
        store.find_source(&source.id.to_string()).unwrap().id,
        source.id
    );
    store.set_source_paused(source.id, true).unwrap();
    assert!(store.due_sources(i64::MAX, 10).unwrap().is_empty());
    store.set_source_paused(source.id, false).unwrap();
    assert_eq!(store.due_sources(5_000, 10).unwrap().len(), 1);
    store.remove_source(source.id).unwrap();
    let gone = store.find_source(&source.url).unwrap_err().to_string();
    assert!(gone.contains("no source"), "{gone}");
}

#[test]
fn polls_queue_new_items_once_and_updated_items_again() {
    let dir = TempDir::new("queue");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let source = feed(&store);
    let items = vec![item("a", None), item("b", Some("2024-03-05T03:00:00Z"))];
    assert_eq!(
        store.record_poll(source.id, &poll(2_000), &items).unwrap(),
        2
    );
    // The same items again: nothing new.
    assert_eq!(
        store.record_poll(source.id, &poll(3_000), &items).unwrap(),
        0
    );
    let pending = store.pending_items(10, &[]).unwrap();
    assert_eq!(pending.len(), 2);
    let first = &pending[0];
    assert_eq!(first.source_url.as_deref(), Some(source.url.as_str()));
    // In flight items are skipped.
    assert_eq!(store.pending_items(10, &[first.id]).unwrap().len(), 1);

    let analysis = analyze(
        article(
            "http://127.0.0.1:1/b",
            "B",
            "Presiden Joko Widodo bertemu Perdana Menteri Jepang di Jakarta.",
        ),
        &AnalyzeOptions::default(),
    );
    let b = pending.iter().find(|p| p.item.key == "b").unwrap();
    store
        .save_article(
            &NewArticle {
                url: "http://127.0.0.1:1/b".into(),
                canonical_url: None,
                guid: Some("b".into()),
                source_id: Some(source.id),
                fetched: 3_000,
                raw: None,
                fetch_error: None,
                analysis: &analysis,
            },
            Some(b.id),
        )
        .unwrap();
    assert_eq!(store.pending_count().unwrap(), 1);
    // b changes upstream: it is queued again; a is still waiting, untouched.
    let newer = vec![item("a", None), item("b", Some("2024-03-06T03:00:00Z"))];
    assert_eq!(
        store.record_poll(source.id, &poll(4_000), &newer).unwrap(),
        1
    );
    assert_eq!(store.pending_count().unwrap(), 2);

    let polled = store.find_source(&source.url).unwrap();
    assert_eq!(polled.etag.as_deref(), Some("\"v1\""));
    assert_eq!(polled.next_poll_at, 4_600);
    // A failed poll keeps the validators and counts the error.
    let failed = PollRecord {
        outcome: "error".into(),
        error: Some("timed out".into()),
        etag: None,
        ..poll(5_000)
    };
    store.record_poll(source.id, &failed, &[]).unwrap();
    let polled = store.find_source(&source.url).unwrap();
    assert_eq!(polled.etag.as_deref(), Some("\"v1\""));
    assert_eq!(polled.error_count, 1);
    assert_eq!(polled.last_error.as_deref(), Some("timed out"));
    assert_eq!(polled.last_ok_at, Some(4_000));
}

#[test]
fn the_same_url_canonical_url_or_guid_updates_one_article() {
    let dir = TempDir::new("dedup");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let source = feed(&store);
    let save = |url: &str, canonical: Option<&str>, guid: Option<&str>, title: &str| {
        let analysis = analyze(
            article(
                canonical.unwrap_or(url),
                title,
                "Menteri Luar Negeri Retno Marsudi tiba di Tokyo.",
            ),
            &AnalyzeOptions::default(),
        );
        store
            .save_article(
                &NewArticle {
                    url: url.to_string(),
                    canonical_url: canonical.map(str::to_string),
                    guid: guid.map(str::to_string),
                    source_id: Some(source.id),
                    fetched: 10,
                    raw: Some(RawPage {
                        bytes: b"<html><p>halo</p></html>".to_vec(),
                        content_type: Some("text/html".into()),
                    }),
                    fetch_error: None,
                    analysis: &analysis,
                },
                None,
            )
            .unwrap()
    };
    let id = save("http://x/a?utm=1", Some("http://x/a"), Some("g1"), "one");
    assert_eq!(save("http://x/a", None, None, "two"), id);
    assert_eq!(save("http://x/other", None, Some("g1"), "three"), id);
    assert_eq!(save("http://x/amp", Some("http://x/a"), None, "four"), id);
    let other = save("http://x/b", None, Some("g2"), "five");
    assert_ne!(other, id);
    assert_eq!(store.counts().unwrap().articles, 2);

    let mut exported = Vec::new();
    store
        .for_each_article(&mut |a| {
            exported.push(a);
            Ok(())
        })
        .unwrap();
    assert_eq!(exported[0].url, "http://x/a?utm=1");
    assert_eq!(exported[0].analysis["title"], "four");
    assert_eq!(exported[0].source.as_deref(), Some(source.url.as_str()));

    let mut raws = Vec::new();
    store
        .for_each_raw(&mut |r| {
            raws.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(
        raws[0].raw.as_ref().unwrap().bytes,
        b"<html><p>halo</p></html>"
    );
}

#[test]
fn export_prune_and_backup() {
    let dir = TempDir::new("prune");
    let path = dir.0.join("warta.db");
    let store = SqliteStore::open(&path).unwrap();
    let text =
        "Presiden Rusia Vladimir Putin bertemu pemimpin Korea Utara Kim Jong Un di Vladivostok. \
                Putin menyerukan kerja sama militer dengan Korea Utara.";
    let analysis = analyze(
        article("http://x/old", "Lama", text),
        &AnalyzeOptions::default(),
    );
    assert!(!analysis.events.is_empty(), "the sentence codes an event");
    store
        .save_article(
            &NewArticle {
                url: "http://x/old".into(),
                canonical_url: None,
                guid: None,
                source_id: None,
                fetched: 100,
                raw: None,
                fetch_error: None,
                analysis: &analysis,
            },
            None,
        )
        .unwrap();
    let events = store.counts().unwrap().events;
    assert!(events > 0);

    let copy = dir.0.join("copy.db");
    store.backup(&copy).unwrap();
    let err = store.backup(&copy).unwrap_err().to_string();
    assert!(err.contains("never overwrites"), "{err}");
    let restored = SqliteStore::open(&copy).unwrap();
    assert_eq!(restored.counts().unwrap(), store.counts().unwrap());

    // Published 2024-03-05: pruning before 2025 drops it and keeps its events.
    let pruned = store.prune(1_735_689_600, true).unwrap();
    assert_eq!(pruned.articles, 1);
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.events), (0, events));
    let mut urls = Vec::new();
    store
        .for_each_event(&mut |e| {
            urls.push((e.article_id, e.url));
            Ok(())
        })
        .unwrap();
    assert!(urls
        .iter()
        .all(|(a, u)| a.is_none() && u.as_deref() == Some("http://x/old")));

    // The copy still has everything, and dropping without keeping events
    // removes them too.
    let pruned = restored.prune(1_735_689_600, false).unwrap();
    assert_eq!(pruned.events, events);
    assert_eq!(restored.counts().unwrap().events, 0);
}

#[test]
fn reopening_keeps_everything_and_a_newer_schema_is_refused() {
    let dir = TempDir::new("reopen");
    let path = dir.0.join("nested/warta.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        feed(&store);
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.sources().unwrap().len(), 1);
    drop(store);
    let conn = rusqlite_version_bump(&path);
    drop(conn);
    let err = SqliteStore::open(&path).err().unwrap().to_string();
    assert!(err.contains("newer warta"), "{err}");
}

fn rusqlite_version_bump(path: &std::path::Path) -> std::process::Output {
    // Use the store itself is not possible here (it refuses); sqlite3 may
    // be absent, so bump the header's user_version bytes (offset 60).
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
    std::process::Command::new("true").output().unwrap()
}

#[test]
fn articles_are_placed_in_stories() {
    let dir = TempDir::new("stories");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let save = |url: &str, fetched: i64| {
        let analysis = analyze(
            article(
                url,
                "Putin bertemu Kim",
                "Presiden Rusia Vladimir Putin bertemu Kim Jong Un di Vladivostok.",
            ),
            &AnalyzeOptions::default(),
        );
        store
            .save_article(
                &NewArticle {
                    url: url.to_string(),
                    canonical_url: None,
                    guid: None,
                    source_id: None,
                    fetched,
                    raw: None,
                    fetch_error: None,
                    analysis: &analysis,
                },
                None,
            )
            .unwrap()
    };
    let a = save("http://x/a", 100);
    let b = save("http://y/b", 200);
    store
        .place_in_story(
            a,
            &StoryPlacement {
                story: 7,
                title: Some("Putin bertemu Kim".into()),
                seen: 100,
                duplicate_of: None,
            },
            None,
        )
        .unwrap();
    store
        .place_in_story(
            b,
            &StoryPlacement {
                story: 7,
                title: None,
                seen: 200,
                duplicate_of: Some(a),
            },
            None,
        )
        .unwrap();
    let mut stories = Vec::new();
    store
        .for_each_story(&mut |s| {
            stories.push(s);
            Ok(())
        })
        .unwrap();
    assert_eq!(stories.len(), 1);
    let story = &stories[0];
    assert_eq!((story.id, story.first_seen, story.last_seen), (7, 100, 200));
    assert_eq!(story.title.as_deref(), Some("Putin bertemu Kim"));
    assert_eq!(story.articles.len(), 2);
    assert!(!story.events.is_empty());

    // The outbox sees the story as it stands, in the same transaction.
    let rule = store.add_rule("rusia", "{}", 300).unwrap();
    let wants = |view: &StoryView| {
        assert_eq!(view.articles.len(), 2);
        assert!(view.articles[0].lead.contains("Vladivostok"));
        assert!(
            view.actors.iter().any(|a| a.starts_with("RUS")),
            "{:?}",
            view.actors
        );
        assert!(!view.events.is_empty());
        vec![NewDelivery {
            rule_id: rule.id,
            sink: "feed:rusia".into(),
        }]
    };
    let again = StoryPlacement {
        story: 7,
        title: None,
        seen: 300,
        duplicate_of: Some(a),
    };
    assert_eq!(store.place_in_story(b, &again, Some(&wants)).unwrap(), 1);
    assert_eq!(
        store.place_in_story(b, &again, Some(&wants)).unwrap(),
        0,
        "once per story"
    );
    assert_eq!(store.story_view(7).unwrap().unwrap().last_seen, 300);
    assert!(store.story_view(8).unwrap().is_none());

    let mut recent = Vec::new();
    store
        .for_each_recent_article(150, &mut |a| {
            recent.push((a.id, a.story, a.duplicate_of));
            Ok(())
        })
        .unwrap();
    assert_eq!(recent, vec![(b, Some(7), Some(a))]);
}

#[test]
fn the_outbox_delivers_each_story_once_per_rule_and_sink() {
    let dir = TempDir::new("outbox");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let rule = store
        .add_rule("korea", r#"{"actors":["PRK"]}"#, 10)
        .unwrap();
    assert!(store
        .add_rule("korea", "{}", 11)
        .unwrap_err()
        .to_string()
        .contains("exists"));
    assert_eq!(store.find_rule(&rule.id.to_string()).unwrap().name, "korea");
    let put = store
        .put_rule("korea", r#"{"actors":["RUS"]}"#, 12)
        .unwrap();
    assert_eq!(
        (put.id, put.definition.as_str()),
        (rule.id, r#"{"actors":["RUS"]}"#)
    );

    let analysis = analyze(
        article("http://x/k", "Korea", "Kim Jong Un tiba di Vladivostok."),
        &AnalyzeOptions::default(),
    );
    let id = store
        .save_article(
            &NewArticle {
                url: "http://x/k".into(),
                canonical_url: None,
                guid: None,
                source_id: None,
                fetched: 90,
                raw: None,
                fetch_error: None,
                analysis: &analysis,
            },
            None,
        )
        .unwrap();
    store
        .place_in_story(
            id,
            &StoryPlacement {
                story: 5,
                title: None,
                seen: 90,
                duplicate_of: None,
            },
            None,
        )
        .unwrap();
    let wanted = vec![
        NewDelivery {
            rule_id: rule.id,
            sink: "telegram:@warta".into(),
        },
        NewDelivery {
            rule_id: rule.id,
            sink: "feed:korea".into(),
        },
    ];
    assert_eq!(store.enqueue_deliveries(5, &wanted, 100).unwrap(), 2);
    // The same story again (a later report): nothing new.
    assert_eq!(store.enqueue_deliveries(5, &wanted, 200).unwrap(), 0);
    assert_eq!(store.counts().unwrap().outbox, 2);

    let due = store.due_deliveries(100, 10).unwrap();
    assert_eq!(due.len(), 2);
    let (telegram, feed) = (&due[0], &due[1]);
    store
        .record_attempt(
            telegram.id,
            &Attempt::Retry {
                error: "429".into(),
                retry_at: 160,
            },
            100,
        )
        .unwrap();
    store
        .record_attempt(
            feed.id,
            &Attempt::Sent {
                receipt: Some("{}".into()),
            },
            100,
        )
        .unwrap();
    assert!(store.due_deliveries(150, 10).unwrap().is_empty());
    assert_eq!(store.next_delivery_at().unwrap(), Some(160));
    let retried = store.due_deliveries(160, 10).unwrap();
    assert_eq!(retried[0].attempts, 1);
    // The bot was removed from the channel: the sink is broken and waits.
    store
        .record_attempt(
            telegram.id,
            &Attempt::Broken {
                error: "403 Forbidden".into(),
            },
            170,
        )
        .unwrap();
    assert!(store.due_deliveries(1_000, 10).unwrap().is_empty());
    let sinks = store.sink_states().unwrap();
    assert_eq!(
        (sinks[0].sink.as_str(), sinks[0].state.as_str()),
        ("telegram:@warta", "broken")
    );
    store
        .set_sink_state(&SinkState {
            state: "ok".into(),
            detail: None,
            updated_at: 200,
            ..sinks[0].clone()
        })
        .unwrap();
    assert_eq!(store.due_deliveries(1_000, 10).unwrap().len(), 1);
    // Paused rules wait too.
    store.set_rule_paused(rule.id, true).unwrap();
    assert!(store.due_deliveries(1_000, 10).unwrap().is_empty());
    let listed = store.deliveries(Some(rule.id), 10).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        (listed[0].state.as_str(), listed[1].state.as_str()),
        ("sent", "pending")
    );
    store.remove_rule(rule.id).unwrap();
    assert_eq!(store.counts().unwrap().outbox, 0);
}

#[test]
fn stories_and_events_are_listed_for_the_pages() {
    let dir = TempDir::new("browse");
    let store = SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    let save = |url: &str, title: &str, body: &str, published: &str, site: &str, lang: &str| {
        let mut a = article(url, title, body);
        a.published = Some(published.into());
        a.site = Some(site.into());
        a.lang = Some(lang.into());
        let analysis = analyze(a, &AnalyzeOptions::default());
        store
            .save_article(
                &NewArticle {
                    url: url.to_string(),
                    canonical_url: None,
                    guid: None,
                    source_id: None,
                    fetched: 100,
                    raw: None,
                    fetch_error: None,
                    analysis: &analysis,
                },
                None,
            )
            .unwrap()
    };
    let place = |article: i64, story: i64, seen: i64| {
        let placement = StoryPlacement {
            story,
            title: None,
            seen,
            duplicate_of: None,
        };
        store.place_in_story(article, &placement, None).unwrap();
    };
    let summit =
        "Presiden Rusia Vladimir Putin bertemu Kim Jong Un di Vladivostok pada 13 September 2023.";
    let a = save(
        "http://x/a",
        "Putin bertemu Kim",
        summit,
        "2023-09-13T10:00:00+07:00",
        "Kabar Nusa",
        "id",
    );
    let b = save(
        "http://y/b",
        "Putin meets Kim",
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok.",
        "2023-09-13T12:00:00+00:00",
        "World Wire",
        "en",
    );
    let c = save(
        "http://z/c",
        "Banjir di Jakarta",
        "Banjir merendam ratusan rumah di Jakarta Timur.",
        "2023-10-01",
        "Kabar Nusa",
        "id",
    );
    place(a, 1, 100);
    place(b, 1, 300);
    place(c, 2, 200);

    let all = store
        .stories(&StoryQuery {
            limit: 10,
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(
        all.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![1, 2],
        "latest activity first"
    );
    let summit_story = &all[0];
    assert_eq!(
        summit_story.title, "Putin bertemu Kim",
        "the first report's title"
    );
    assert_eq!(summit_story.articles, 2);
    assert_eq!(summit_story.langs.len(), 2);
    assert!(summit_story.outlets.contains(&"World Wire".to_string()));
    assert!(summit_story.lead.contains("Vladivostok"));
    assert!(
        summit_story
            .top_actors
            .iter()
            .any(|(a, _)| a.starts_with("RUS")),
        "{:?}",
        summit_story.top_actors
    );

    // The cursor continues after the last story of a page.
    let page1 = store
        .stories(&StoryQuery {
            limit: 1,
            ..StoryQuery::default()
        })
        .unwrap();
    let cursor = (page1[0].last_seen, page1[0].id);
    let page2 = store
        .stories(&StoryQuery {
            limit: 1,
            after: Some(cursor),
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(page2.iter().map(|s| s.id).collect::<Vec<_>>(), vec![2]);
    let english = store
        .stories(&StoryQuery {
            limit: 10,
            lang: Some("en".into()),
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(english.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1]);
    let russia = store
        .stories(&StoryQuery {
            limit: 10,
            actor: Some("rus".into()),
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(russia.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1]);

    // Events by pair in either direction, by code and by day.
    let pair = store
        .events(&EventQuery {
            pair: Some(("PRK".into(), "RUS".into())),
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert!(!pair.is_empty());
    for e in &pair {
        let ends = [e.event.source.as_str(), e.event.target.as_str()];
        assert!(
            ends.iter().any(|x| x.starts_with("RUS")) && ends.iter().any(|x| x.starts_with("PRK")),
            "{ends:?}"
        );
        assert_eq!(e.story, Some(1));
    }
    let newest_first: Vec<i64> = pair.iter().map(|e| e.id).collect();
    let mut sorted = newest_first.clone();
    sorted.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(newest_first, sorted);
    let later = store
        .events(&EventQuery {
            since: Some("2023-09-14".into()),
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert!(
        later
            .iter()
            .all(|e| e.event.date.as_deref() >= Some("2023-09-14")),
        "{later:?}"
    );
    let on_day = store
        .events(&EventQuery {
            since: Some("2023-09-13".into()),
            until: Some("2023-09-13".into()),
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(on_day.len(), pair.len().max(on_day.len()));
    let root = &pair[0].event.root;
    let by_code = store
        .events(&EventQuery {
            codes: vec![root.clone()],
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert!(by_code
        .iter()
        .all(|e| e.event.code.starts_with(root.as_str())));
    let none = store
        .events(&EventQuery {
            codes: vec!["99".into()],
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert!(none.is_empty());
    let cursor = store
        .events(&EventQuery {
            before_id: Some(pair[0].id),
            pair: Some(("RUS".into(), "PRK".into())),
            limit: 100,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(cursor.len(), pair.len() - 1);

    let stored = store.article(a).unwrap().unwrap();
    assert_eq!(stored.story, Some(1));
    assert_eq!(stored.analysis["title"], "Putin bertemu Kim");
    assert!(store.article(9999).unwrap().is_none());
}
