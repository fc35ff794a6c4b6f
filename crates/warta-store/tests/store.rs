//! The store's contract, run against every backend: queueing, saving,
//! deduplication, stories and the outbox, the read side, export,
//! reprocessing, pruning, backup, concurrency and calls from async code.
//!
//! Each test runs twice: `sqlite::NAME` on a fresh file, and
//! `postgres::NAME` on a fresh database on the server that
//! `WARTA_TEST_POSTGRES_URL` names (`.ci/postgres.sh` starts one). Without
//! that URL the PostgreSQL runs say they were skipped, unless
//! `WARTA_REQUIRE_POSTGRES=1`, where they fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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

/// Where one contract test runs, removed afterwards.
struct Backend {
    store: Mutex<Option<Arc<dyn Store>>>,
    url: StoreUrl,
    /// A folder for files (SQLite's database, backups).
    dir: TempDir,
    /// PostgreSQL: the server's URL as given and the database made for
    /// this test.
    postgres: Option<(String, String)>,
}

/// `url` with its database name replaced.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let (scheme, rest) = base.split_once("://").expect("a postgres:// URL");
    let authority = rest.split('/').next().unwrap_or("");
    format!("{scheme}://{authority}/{db}{query}")
}

fn admin(url: &str) -> ::postgres::Client {
    ::postgres::Client::connect(url, ::postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to {}: {e}", redact_url(url)))
}

impl Backend {
    fn sqlite(name: &str) -> Backend {
        let dir = TempDir::new(name);
        let url = StoreUrl::Sqlite(dir.0.join("nested/warta.db"));
        let store = Arc::from(open(&url).unwrap());
        Backend {
            store: Mutex::new(Some(store)),
            url,
            dir,
            postgres: None,
        }
    }

    /// A fresh database on the test server; `None` (and a line on
    /// stderr) when there is no test server.
    fn postgres(name: &str) -> Option<Backend> {
        let Some(server) = std::env::var("WARTA_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("WARTA_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("WARTA_REQUIRE_POSTGRES=1 but WARTA_TEST_POSTGRES_URL is not set");
            }
            // Past the test harness's capture, so that a run shows it.
            let _ = writeln!(
                std::io::stderr(),
                "skipped postgres::{name}: WARTA_TEST_POSTGRES_URL is not set"
            );
            return None;
        };
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let short: String = name.chars().take(32).collect();
        let db = format!("wt_{}_{n}_{short}", std::process::id());
        admin(&server)
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap_or_else(|e| panic!("creating database {db}: {e}"));
        let url = StoreUrl::Postgres(with_database(&server, &db));
        let store = Arc::from(open(&url).unwrap());
        Some(Backend {
            store: Mutex::new(Some(store)),
            url,
            dir: TempDir::new(name),
            postgres: Some((server, db)),
        })
    }

    fn arc(&self) -> Arc<dyn Store> {
        self.store
            .lock()
            .unwrap()
            .clone()
            .expect("the store is open")
    }

    /// Closes the test's store (others may still hold it).
    fn close(&self) {
        self.store.lock().unwrap().take();
    }

    /// A second store on the same data.
    fn reopen(&self) -> Result<Box<dyn Store>> {
        open(&self.url)
    }

    /// Marks the schema as written by a newer warta.
    fn bump_schema(&self, version: u32) {
        match &self.url {
            StoreUrl::Sqlite(path) => {
                // sqlite3 may be absent: bump the header's user_version
                // bytes (offset 60). The store must be closed.
                let mut bytes = std::fs::read(path).unwrap();
                bytes[60..64].copy_from_slice(&version.to_be_bytes());
                std::fs::write(path, bytes).unwrap();
            }
            StoreUrl::Postgres(url) => {
                admin(url)
                    .execute(
                        "UPDATE warta_schema SET version = $1",
                        &[&i64::from(version)],
                    )
                    .unwrap();
            }
        }
    }

    /// The backup at `path` holds what `counts` says.
    fn check_backup(&self, path: &Path, counts: &Counts) {
        match &self.postgres {
            None => {
                let restored = SqliteStore::open(path).unwrap();
                assert_eq!(&restored.counts().unwrap(), counts);
            }
            Some((server, db)) => {
                let bytes = std::fs::read(path).unwrap();
                assert!(bytes.starts_with(b"PGDMP"), "a pg_dump archive");
                // Restored into a fresh database, it holds the same.
                let copy = format!("{db}_r");
                admin(server)
                    .batch_execute(&format!("CREATE DATABASE {copy}"))
                    .unwrap();
                let copy_url = with_database(server, &copy);
                let restore = std::process::Command::new("pg_restore")
                    .arg("--no-owner")
                    .arg("--dbname")
                    .arg(&copy_url)
                    .arg(path)
                    .output();
                let result = restore.map(|out| {
                    assert!(
                        out.status.success(),
                        "pg_restore: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let restored = PostgresStore::open(&copy_url).unwrap();
                    assert_eq!(&restored.counts().unwrap(), counts);
                });
                let _ = admin(server)
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {copy} WITH (FORCE)"));
                if let Err(e) = result {
                    let _ = writeln!(
                        std::io::stderr(),
                        "pg_restore not run ({e}): the archive was only checked by its header"
                    );
                }
            }
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.close();
        if let Some((server, db)) = &self.postgres {
            if let Ok(mut admin) = ::postgres::Client::connect(server, ::postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }
    }
}

/// Each contract test, once per backend.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let backend = super::Backend::sqlite(stringify!($name));
                    super::$name(&backend);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(backend) = super::Backend::postgres(stringify!($name)) {
                        super::$name(&backend);
                    }
                }
            )*
        }
    };
}

contract!(
    sources_are_added_listed_paused_and_removed,
    polls_queue_new_items_once_and_updated_items_again,
    the_same_url_canonical_url_or_guid_updates_one_article,
    export_and_prune,
    backup_is_a_consistent_copy,
    reopening_keeps_everything_and_a_newer_schema_is_refused,
    articles_are_placed_in_stories,
    the_outbox_delivers_each_story_once_per_rule_and_sink,
    stories_and_events_are_listed_for_the_pages,
    concurrent_saves_of_one_article_make_one_article,
    calls_work_from_async_code_and_the_blocking_pool,
    bad_input_is_an_error_not_a_panic,
    claims_share_the_work_once_and_expire,
    merged_stories_become_one,
);

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

fn feed(store: &dyn Store) -> Source {
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

fn sources_are_added_listed_paused_and_removed(b: &Backend) {
    let store = b.arc();
    let source = feed(&*store);
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

fn polls_queue_new_items_once_and_updated_items_again(b: &Backend) {
    let store = b.arc();
    let source = feed(&*store);
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

fn the_same_url_canonical_url_or_guid_updates_one_article(b: &Backend) {
    let store = b.arc();
    let source = feed(&*store);
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

fn save_old(store: &dyn Store, url: &str) -> usize {
    let text =
        "Presiden Rusia Vladimir Putin bertemu pemimpin Korea Utara Kim Jong Un di Vladivostok. \
                Putin menyerukan kerja sama militer dengan Korea Utara.";
    let analysis = analyze(article(url, "Lama", text), &AnalyzeOptions::default());
    assert!(!analysis.events.is_empty(), "the sentence codes an event");
    store
        .save_article(
            &NewArticle {
                url: url.into(),
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
    analysis.events.len()
}

fn export_and_prune(b: &Backend) {
    let store = b.arc();
    let events = save_old(&*store, "http://x/old") as u64;
    assert_eq!(store.counts().unwrap().events, events);

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
    assert_eq!(urls.len() as u64, events);
    assert!(urls
        .iter()
        .all(|(a, u)| a.is_none() && u.as_deref() == Some("http://x/old")));

    // Dropping without keeping events removes them too (and leaves the
    // unlinked ones alone).
    let more = save_old(&*store, "http://x/old2") as u64;
    let pruned = store.prune(1_735_689_600, false).unwrap();
    assert_eq!((pruned.articles, pruned.events), (1, more));
    assert_eq!(store.counts().unwrap().events, events);
}

fn backup_is_a_consistent_copy(b: &Backend) {
    let store = b.arc();
    save_old(&*store, "http://x/old");
    feed(&*store);
    let copy = b.dir.0.join("copy.db");
    store.backup(&copy).unwrap();
    let err = store.backup(&copy).unwrap_err().to_string();
    assert!(err.contains("never overwrites"), "{err}");
    b.check_backup(&copy, &store.counts().unwrap());
}

fn reopening_keeps_everything_and_a_newer_schema_is_refused(b: &Backend) {
    feed(&*b.arc());
    b.close();
    let again = b.reopen().unwrap();
    assert_eq!(again.sources().unwrap().len(), 1);
    drop(again);
    b.bump_schema(999);
    let err = b.reopen().err().unwrap().to_string();
    assert!(err.contains("newer warta"), "{err}");
}

fn articles_are_placed_in_stories(b: &Backend) {
    let store = b.arc();
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
                merged: Vec::new(),
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
                merged: Vec::new(),
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
        merged: Vec::new(),
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

fn the_outbox_delivers_each_story_once_per_rule_and_sink(b: &Backend) {
    let store = b.arc();
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
                merged: Vec::new(),
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

fn stories_and_events_are_listed_for_the_pages(b: &Backend) {
    let store = b.arc();
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
            merged: Vec::new(),
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

    let of_story = |story| {
        store
            .events(&EventQuery {
                story: Some(story),
                limit: 1000,
                ..EventQuery::default()
            })
            .unwrap()
    };
    assert!(!of_story(1).is_empty());
    assert!(of_story(1).iter().all(|e| e.story == Some(1)));
    assert!(of_story(2).iter().all(|e| e.story == Some(2)));
    assert!(of_story(99).is_empty());
    let stored = store.article(a).unwrap().unwrap();
    assert_eq!(stored.story, Some(1));
    assert_eq!(stored.analysis["title"], "Putin bertemu Kim");
    assert!(store.article(9999).unwrap().is_none());
}

fn concurrent_saves_of_one_article_make_one_article(b: &Backend) {
    let store = b.arc();
    let analysis = analyze(
        article(
            "http://x/same",
            "Banjir di Jakarta",
            "Banjir merendam ratusan rumah di Jakarta Timur.",
        ),
        &AnalyzeOptions::default(),
    );
    let ids: Vec<i64> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|n| {
                let store = &store;
                let analysis = &analysis;
                s.spawn(move || {
                    // The same page under its URL, its canonical URL or its
                    // guid, all at once.
                    let (url, canonical, guid) = match n % 3 {
                        0 => ("http://x/same", None, None),
                        1 => ("http://x/same?amp", Some("http://x/same"), None),
                        _ => ("http://x/same", None, Some("g-same")),
                    };
                    store
                        .save_article(
                            &NewArticle {
                                url: url.into(),
                                canonical_url: canonical.map(str::to_string),
                                guid: guid.map(str::to_string),
                                source_id: None,
                                fetched: 100 + n,
                                raw: None,
                                fetch_error: None,
                                analysis,
                            },
                            None,
                        )
                        .unwrap()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(store.counts().unwrap().articles, 1);

    // Articles placed in one story at once: the story counts them all.
    let articles: Vec<i64> = (0..6)
        .map(|n| {
            let a = analyze(
                article(&format!("http://x/r{n}"), "Banjir", "Banjir di Jakarta."),
                &AnalyzeOptions::default(),
            );
            store
                .save_article(
                    &NewArticle {
                        url: format!("http://x/r{n}"),
                        canonical_url: None,
                        guid: None,
                        source_id: None,
                        fetched: 200,
                        raw: None,
                        fetch_error: None,
                        analysis: &a,
                    },
                    None,
                )
                .unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        for (n, id) in articles.iter().enumerate() {
            let store = &store;
            s.spawn(move || {
                let placement = StoryPlacement {
                    story: 42,
                    title: Some(format!("title {n}")),
                    seen: 300 + n as i64,
                    duplicate_of: None,
                    merged: Vec::new(),
                };
                store.place_in_story(*id, &placement, None).unwrap();
            });
        }
    });
    let view = store.story_view(42).unwrap().unwrap();
    assert_eq!(view.articles.len(), 6);
    assert_eq!((view.first_seen, view.last_seen), (300, 305));
    let listed = store
        .stories(&StoryQuery {
            limit: 10,
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(listed[0].articles, 6);
}

/// The binary calls the store from tokio's blocking pool, and now and then
/// straight from async code: both work, on both kinds of runtime, and the
/// store can be dropped there too.
fn calls_work_from_async_code_and_the_blocking_pool(b: &Backend) {
    let store = b.arc();
    feed(&*store);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let counted = runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..16 {
            let store = store.clone();
            tasks.spawn(async move {
                let store2 = store.clone();
                let url = format!("http://x/async{n}");
                let id = tokio::task::spawn_blocking(move || {
                    let analysis = analyze(
                        article(&url, "Banjir", "Banjir di Jakarta."),
                        &AnalyzeOptions::default(),
                    );
                    store2
                        .save_article(
                            &NewArticle {
                                url: url.clone(),
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
                })
                .await
                .unwrap();
                // Straight from an async task on a worker thread.
                assert!(store.article(id).unwrap().is_some());
                store.counts().unwrap().articles
            });
        }
        let mut seen = 0;
        while let Some(done) = tasks.join_next().await {
            seen = seen.max(done.unwrap());
        }
        // In the runtime's own block_on, outside any task.
        assert_eq!(store.sources().unwrap().len(), 1);
        seen
    });
    assert_eq!(counted, 16);
    // A second store opened, used and dropped inside async code.
    runtime.block_on(async {
        let url = b.url.clone();
        tokio::spawn(async move {
            let other = open(&url).unwrap();
            assert_eq!(other.counts().unwrap().articles, 16);
            drop(other);
        })
        .await
        .unwrap();
    });
    drop(runtime);

    // A current-thread runtime (as #[tokio::test] makes).
    let single = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    single.block_on(async {
        assert_eq!(store.counts().unwrap().articles, 16);
        let s = store.clone();
        let n = tokio::task::spawn_blocking(move || s.pending_count().unwrap())
            .await
            .unwrap();
        assert_eq!(n, 0);
        let other = b.reopen().unwrap();
        assert_eq!(other.sources().unwrap().len(), 1);
        drop(other);
    });
}

fn bad_input_is_an_error_not_a_panic(b: &Backend) {
    let store = b.arc();
    assert!(store.find_source("999").is_err());
    assert!(store.find_source("http://nowhere/").is_err());
    assert!(store.set_source_paused(999, true).is_err());
    assert!(store.remove_rule(999).is_err());
    assert!(store
        .record_attempt(999, &Attempt::Sent { receipt: None }, 1)
        .is_err());
    assert!(store.article(-1).unwrap().is_none());
    assert!(store.story_view(i64::MAX).unwrap().is_none());
    // Odd limits and texts are values like any other.
    assert!(store.due_sources(i64::MAX, usize::MAX).unwrap().is_empty());
    assert!(store.pending_items(usize::MAX, &[1, 2]).unwrap().is_empty());
    assert!(store.deliveries(None, usize::MAX).unwrap().is_empty());
    let weird = store
        .events(&EventQuery {
            actor: Some("'; DROP TABLE events; --\u{0}".into()),
            codes: vec!["%".into(), "_".into()],
            since: Some("not a date".into()),
            limit: usize::MAX,
            ..EventQuery::default()
        })
        .unwrap();
    assert!(weird.is_empty());
    let rule = store.put_rule("r\u{1F600}", "{}", 1).unwrap();
    assert_eq!(store.find_rule("r\u{1F600}").unwrap().id, rule.id);
    // Unknown article or delivery ids in the outbox are refused, not
    // fatal.
    assert!(store
        .enqueue_deliveries(
            12345,
            &[NewDelivery {
                rule_id: rule.id,
                sink: "feed:x".into()
            }],
            1
        )
        .is_err());
    // A NUL in what outlets send (SQLite keeps it, PostgreSQL's text
    // cannot: it becomes U+FFFD there) is stored, not refused.
    let source = feed(&*store);
    let mut odd = item("nul\u{0}key", Some("2024\u{0}"));
    odd.content = Some("<p>a\u{0}b</p>".into());
    assert_eq!(store.record_poll(source.id, &poll(10), &[odd]).unwrap(), 1);
    let queued = store.pending_items(1, &[]).unwrap();
    assert!(queued[0].item.key.starts_with("nul"));
    let analysis = analyze(
        article("http://x/nul\u{0}", "Judul\u{0}", "Isi\u{0} berita."),
        &AnalyzeOptions::default(),
    );
    let id = store
        .save_article(
            &NewArticle {
                url: "http://x/nul\u{0}".into(),
                canonical_url: None,
                guid: Some("g\u{0}".into()),
                source_id: Some(source.id),
                fetched: 10,
                raw: None,
                fetch_error: Some("bad\u{0}".into()),
                analysis: &analysis,
            },
            Some(queued[0].id),
        )
        .unwrap();
    assert!(store.article(id).unwrap().is_some());
    store.fail_item(queued[0].id, "x\u{0}y", true).unwrap();
    assert!(store.describe().len() > 3);
}

/// Several workers claiming at once: each source, entry and delivery goes
/// to one of them; a claim that is not finished expires and the work goes
/// to another. (SQLite's claims are its plain queries: one process.)
fn claims_share_the_work_once_and_expire(b: &Backend) {
    let store = b.arc();
    let shared = b.postgres.is_some();
    let sources: Vec<Source> = (0..12)
        .map(|n| {
            store
                .add_source(
                    &NewSource {
                        url: format!("http://127.0.0.1:1/feed{n}.xml"),
                        kind: SourceKind::Feed,
                        title: None,
                        site_url: None,
                        category: None,
                        settings: SourceSettings::default(),
                    },
                    1_000,
                )
                .unwrap()
        })
        .collect();
    let items: Vec<NewItem> = (0..200).map(|n| item(&format!("e{n}"), None)).collect();
    assert_eq!(
        store
            .record_poll(sources[0].id, &poll(1_000), &items)
            .unwrap(),
        200
    );
    // record_poll moved feed 0's next poll to 1600; the rest are due at 1000.
    let rule = store.add_rule("all", "{}", 1).unwrap();
    let analysis = analyze(
        article("http://x/s", "Banjir", "Banjir di Jakarta."),
        &AnalyzeOptions::default(),
    );
    let article_id = store
        .save_article(
            &NewArticle {
                url: "http://x/s".into(),
                canonical_url: None,
                guid: None,
                source_id: None,
                fetched: 1,
                raw: None,
                fetch_error: None,
                analysis: &analysis,
            },
            None,
        )
        .unwrap();
    let placement = StoryPlacement {
        story: 1,
        title: None,
        seen: 1,
        duplicate_of: None,
        merged: Vec::new(),
    };
    store.place_in_story(article_id, &placement, None).unwrap();
    let sinks: Vec<NewDelivery> = (0..30)
        .map(|n| NewDelivery {
            rule_id: rule.id,
            sink: format!("feed:s{n}"),
        })
        .collect();
    assert_eq!(store.enqueue_deliveries(1, &sinks, 1_000).unwrap(), 30);

    if !shared {
        assert_eq!(store.claim_due_sources(1_000, 60, 100).unwrap().len(), 11);
        assert_eq!(
            store
                .claim_pending_items("w", 1_000, 60, 500)
                .unwrap()
                .len(),
            200
        );
        assert_eq!(
            store.claim_due_deliveries(1_000, 60, 100).unwrap().len(),
            30
        );
        return;
    }

    // Four workers, small batches, until nothing is left.
    let (got_sources, got_items, got_deliveries) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let store = &store;
                s.spawn(move || {
                    let name = format!("worker{w}");
                    let (mut srcs, mut its, mut dels) = (Vec::new(), Vec::new(), Vec::new());
                    loop {
                        let a = store.claim_due_sources(1_000, 60, 2).unwrap();
                        let b = store.claim_pending_items(&name, 1_000, 60, 7).unwrap();
                        let c = store.claim_due_deliveries(1_000, 60, 3).unwrap();
                        if a.is_empty() && b.is_empty() && c.is_empty() {
                            break;
                        }
                        for item in &b {
                            store.fail_item(item.id, "done here", true).unwrap();
                        }
                        for d in &c {
                            store
                                .record_attempt(d.id, &Attempt::Sent { receipt: None }, 1_000)
                                .unwrap();
                        }
                        srcs.extend(a.into_iter().map(|s| s.id));
                        its.extend(b.into_iter().map(|i| i.id));
                        dels.extend(c.into_iter().map(|d| d.id));
                    }
                    (srcs, its, dels)
                })
            })
            .collect();
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        for w in workers {
            let (x, y, z) = w.join().unwrap();
            a.extend(x);
            b.extend(y);
            c.extend(z);
        }
        (a, b, c)
    });
    let once = |mut ids: Vec<i64>, want: usize, what: &str| {
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!((n, ids.len()), (want, want), "{what}: each once");
    };
    once(got_sources, 11, "sources");
    once(got_items, 200, "entries");
    once(got_deliveries, 30, "deliveries");

    // A claim nobody finishes expires, and the work goes to another.
    store
        .record_poll(sources[0].id, &poll(2_000), &[item("late", None)])
        .unwrap();
    let mine = store.claim_pending_items("dies", 3_000, 60, 10).unwrap();
    assert_eq!(mine.len(), 1);
    assert!(store
        .claim_pending_items("other", 3_030, 60, 10)
        .unwrap()
        .is_empty());
    let taken = store.claim_pending_items("other", 3_061, 60, 10).unwrap();
    assert_eq!(
        taken.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![mine[0].id]
    );
    // Sources come back when their claim ends without a poll.
    assert!(store.due_sources(1_030, 100).unwrap().is_empty());
    assert_eq!(store.claim_due_sources(1_060, 60, 100).unwrap().len(), 11);
}

/// Figures for the notes, not a check: database size per 1,000 articles
/// and queue claim latency on each backend. Run with
/// `cargo test -p warta-store --test store measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_size_and_claim_latency() {
    let body = "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Jakarta pada Senin. \
        Kedua pemimpin membahas kerja sama ekonomi dan keamanan maritim di kawasan. \
        \"Kami sepakat memperkuat kemitraan strategis,\" kata Jokowi kepada wartawan. \
        Menteri Luar Negeri Retno Marsudi mengatakan Indonesia akan menandatangani perjanjian baru dengan Jepang. \
        Presiden Rusia Vladimir Putin mengecam sanksi baru Amerika Serikat terhadap Moskow.";
    let mut a = article("http://x/m", "Jokowi bertemu Kishida", body);
    a.blocks = (0..12)
        .map(|n| Block::new(BlockKind::Paragraph, format!("{body} Paragraf {n}.")))
        .collect();
    let analysis = analyze(a, &AnalyzeOptions::default());
    let mut backends = vec![("sqlite", Some(Backend::sqlite("measure")))];
    backends.push(("postgres", Backend::postgres("measure")));
    for (name, backend) in backends {
        let Some(b) = backend else { continue };
        let store = b.arc();
        let size = |b: &Backend| -> u64 {
            match (&b.url, &b.postgres) {
                (StoreUrl::Sqlite(path), _) => {
                    let wal = path.with_extension("db-wal");
                    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
                        + std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
                }
                (StoreUrl::Postgres(url), _) => {
                    let mut c = admin(url);
                    c.batch_execute("VACUUM ANALYZE").unwrap();
                    let row = c
                        .query_one("SELECT pg_database_size(current_database())", &[])
                        .unwrap();
                    row.get::<_, i64>(0) as u64
                }
            }
        };
        let before = size(&b);
        let started = std::time::Instant::now();
        for n in 0..1000 {
            store
                .save_article(
                    &NewArticle {
                        url: format!("http://x/m/{n}"),
                        canonical_url: None,
                        guid: Some(format!("g{n}")),
                        source_id: None,
                        fetched: 1_000 + n,
                        raw: None,
                        fetch_error: None,
                        analysis: &analysis,
                    },
                    None,
                )
                .unwrap();
        }
        let save_ms = started.elapsed().as_secs_f64() * 1000.0 / 1000.0;
        let after = size(&b);
        let source = feed(&*store);
        let items: Vec<NewItem> = (0..5000).map(|n| item(&format!("q{n}"), None)).collect();
        store.record_poll(source.id, &poll(1_000), &items).unwrap();
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = std::time::Instant::now();
            let got = store.claim_pending_items("m", 1_000, 600, 10).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(got.len(), 10);
            if name == "sqlite" {
                // The default claim is the plain query: finish them so the
                // next call sees the next ten.
                for i in got {
                    store.fail_item(i.id, "m", true).unwrap();
                }
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: {} articles ({} events each): {:.0} KiB per 1,000 articles (raw pages not kept), \
             {save_ms:.2} ms per save; claim of 10 entries out of 5,000: p50 {:.2} ms, p99 {:.2} ms",
            1000,
            analysis.events.len(),
            (after.saturating_sub(before)) as f64 / 1024.0,
            times[times.len() / 2],
            times[times.len() * 99 / 100],
        );
    }
}

/// `warta migrate-store`: a SQLite store with everything in it goes over to
/// PostgreSQL whole, checked by counts and checksums, and the copy works
/// as a store.
#[test]
fn migrate_store_copies_sqlite_to_postgres() {
    let Some(pg) = Backend::postgres("migrate") else {
        return;
    };
    let lite = Backend::sqlite("migrate");
    articles_are_placed_in_stories(&lite);
    polls_queue_new_items_once_and_updated_items_again(&lite);
    let from = lite.arc();
    let rule = from.find_rule("rusia").unwrap();
    let due = from.due_deliveries(i64::MAX, 10).unwrap();
    from.record_attempt(
        due[0].id,
        &Attempt::Broken {
            error: "403\tForbidden\n\\".into(),
        },
        400,
    )
    .unwrap();
    from.set_rule_paused(rule.id, true).unwrap();
    let StoreUrl::Sqlite(path) = &lite.url else {
        unreachable!()
    };
    let StoreUrl::Postgres(url) = &pg.url else {
        unreachable!()
    };
    let report = copy_sqlite_to_postgres(path, url).unwrap();
    assert_eq!(report.tables.len(), 13);
    let to = pg.arc();
    assert_eq!(to.counts().unwrap(), from.counts().unwrap());
    assert!(to.counts().unwrap().events > 0);
    assert_eq!(to.story_view(7).unwrap(), from.story_view(7).unwrap());
    assert_eq!(to.sink_states().unwrap(), from.sink_states().unwrap());
    assert_eq!(to.rules().unwrap(), from.rules().unwrap());
    assert_eq!(
        to.deliveries(None, 100).unwrap(),
        from.deliveries(None, 100).unwrap()
    );
    let mut a = Vec::new();
    from.for_each_article(&mut |x| {
        a.push((x.id, x.url, x.story, x.duplicate_of, x.analysis));
        Ok(())
    })
    .unwrap();
    let mut b = Vec::new();
    to.for_each_article(&mut |x| {
        b.push((x.id, x.url, x.story, x.duplicate_of, x.analysis));
        Ok(())
    })
    .unwrap();
    assert_eq!(a, b);
    assert!(
        a.iter().any(|x| x.3.is_some()),
        "a near-duplicate went over"
    );
    // New rows get ids past the copied ones.
    let added = to
        .add_source(
            &NewSource {
                url: "http://127.0.0.1:1/new.xml".into(),
                kind: SourceKind::Feed,
                title: None,
                site_url: None,
                category: None,
                settings: SourceSettings::default(),
            },
            5,
        )
        .unwrap();
    assert!(from.sources().unwrap().iter().all(|s| s.id < added.id));
    // A database that holds data is never written into.
    let err = copy_sqlite_to_postgres(path, url).unwrap_err().to_string();
    assert!(err.contains("already holds data"), "{err}");
}

/// The group stage merged two stories: the store makes them one (articles,
/// sightings, deliveries), keeps the absorbed id pointing at the kept
/// story, and tells other workers in their next round.
fn merged_stories_become_one(b: &Backend) {
    let store = b.arc();
    let save = |url: &str, fetched: i64| {
        let analysis = analyze(
            article(
                url,
                "Harga beras naik",
                "Harga beras di Jakarta naik lagi pekan ini.",
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
    let place = |article: i64, story: i64, seen: i64| {
        let placement = StoryPlacement {
            story,
            title: Some(format!("story {story}")),
            seen,
            ..StoryPlacement::default()
        };
        store.place_in_story(article, &placement, None).unwrap();
    };
    let (a, bb, c, d) = (
        save("http://x/a", 100),
        save("http://x/b", 200),
        save("http://x/c", 300),
        save("http://x/d", 400),
    );
    place(a, 1, 100);
    place(bb, 1, 200);
    place(c, 2, 300);
    place(d, 2, 400);
    let rule = store.add_rule("beras", "{}", 10).unwrap();
    let delivery = |sink: &str| NewDelivery {
        rule_id: rule.id,
        sink: sink.into(),
    };
    store
        .enqueue_deliveries(1, &[delivery("feed:x"), delivery("feed:y")], 500)
        .unwrap();
    store
        .enqueue_deliveries(2, &[delivery("feed:x")], 500)
        .unwrap();
    let mark = store.story_mark().unwrap();

    // Story 1 goes into story 2.
    let merged = store.merge_stories(2, &[1]).unwrap();
    assert_eq!(
        merged,
        MergeOutcome {
            into: 2,
            moved: vec![a, bb],
            merged: vec![1],
        }
    );
    for id in [a, bb, c, d] {
        assert_eq!(store.article(id).unwrap().unwrap().story, Some(2));
    }
    let view = store.story_view(2).unwrap().unwrap();
    assert_eq!(view.articles.len(), 4);
    assert_eq!((view.first_seen, view.last_seen), (100, 400));
    assert_eq!(view.title, "story 2", "the kept story keeps its title");
    // A link to the absorbed story shows the story it went into.
    assert_eq!(store.story_view(1).unwrap().unwrap().id, 2);
    let listed: Vec<i64> = store
        .stories(&StoryQuery {
            limit: 10,
            ..StoryQuery::default()
        })
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![2]);
    let mut exported = Vec::new();
    store
        .for_each_story(&mut |s| {
            exported.push((s.id, s.articles.len()));
            Ok(())
        })
        .unwrap();
    assert_eq!(exported, vec![(2, 4)]);
    assert_eq!(store.counts().unwrap().stories, 1);
    // Deliveries: story 1's feed:y now belongs to story 2; its feed:x
    // is not sent (story 2 has its own).
    let mut deliveries: Vec<(i64, String, String)> = store
        .deliveries(Some(rule.id), 10)
        .unwrap()
        .into_iter()
        .map(|d| (d.story_id, d.sink, d.state))
        .collect();
    deliveries.sort();
    assert_eq!(
        deliveries,
        vec![
            (1, "feed:x".into(), "merged".into()),
            (2, "feed:x".into(), "pending".into()),
            (2, "feed:y".into(), "pending".into()),
        ]
    );
    let due: Vec<i64> = store
        .due_deliveries(1_000, 10)
        .unwrap()
        .iter()
        .map(|d| d.story_id)
        .collect();
    assert_eq!(due, vec![2, 2]);
    // Again: nothing to do; into an unknown story: an error.
    assert_eq!(
        store.merge_stories(2, &[1]).unwrap().moved,
        Vec::<i64>::new()
    );
    assert!(matches!(
        store.merge_stories(99, &[2]),
        Err(StoreError::NoStory(99))
    ));
    // Placing in the absorbed story places in the kept one.
    let e = save("http://x/e", 450);
    place(e, 1, 450);
    assert_eq!(store.article(e).unwrap().unwrap().story, Some(2));
    assert_eq!(store.story_view(2).unwrap().unwrap().articles.len(), 5);
    assert!(store.story_mark().unwrap() > mark);

    // A round that merges: story 3 goes into story 4 as g joins story 4.
    let (f, g, h) = (
        save("http://x/f", 500),
        save("http://x/g", 600),
        save("http://x/h", 700),
    );
    place(f, 3, 500);
    let before = store.story_mark().unwrap();
    let outcome = store
        .place_in_story_round(
            g,
            mark,
            &mut |round| {
                // The merge above is news to a worker that last knew `mark`,
                // and the absorbed id is never given again.
                assert_eq!(round.merges, vec![StoryMerge { story: 1, into: 2 }]);
                assert_eq!(round.next_story, 4);
                Some(StoryPlacement {
                    story: 4,
                    title: Some("story 4".into()),
                    seen: 600,
                    merged: vec![3],
                    ..StoryPlacement::default()
                })
            },
            None,
        )
        .unwrap();
    assert!(outcome.placed);
    assert_eq!(outcome.moved, vec![f]);
    assert_eq!(outcome.mark, before + 1);
    assert_eq!(store.article(f).unwrap().unwrap().story, Some(4));
    assert_eq!(store.story_view(3).unwrap().unwrap().id, 4);
    // Another worker that knew everything up to `before` learns the
    // round's merge; one that knows the round learns nothing.
    let mut seen = Vec::new();
    store
        .place_in_story_round(
            h,
            before,
            &mut |round| {
                seen = round.merges.clone();
                None
            },
            None,
        )
        .unwrap();
    assert_eq!(seen, vec![StoryMerge { story: 3, into: 4 }]);
    store
        .place_in_story_round(
            h,
            outcome.mark,
            &mut |round| {
                assert!(round.merges.is_empty() && round.placed.is_empty());
                assert_eq!(round.next_story, 5);
                None
            },
            None,
        )
        .unwrap();
    // Chains: story 4 into story 2 leaves story 3 pointing at story 2.
    store.merge_stories(2, &[4]).unwrap();
    assert_eq!(store.story_view(3).unwrap().unwrap().id, 2);
    assert_eq!(store.story_view(2).unwrap().unwrap().articles.len(), 7);
    // The merges outlive reopening the store.
    let again = b.reopen().unwrap();
    assert_eq!(again.article(f).unwrap().unwrap().story, Some(2));
}
