//! The group stage in the running system: each stored article is placed in
//! a story (or starts one), in arrival order, and the placement is stored.
//!
//! The store is the truth. At start the grouper is seeded with the recent
//! history (`GroupConfig::quiet_after_hours` back, plus a day): placed
//! articles are replayed with their stories, and articles a crash left
//! without a story are placed now.
//!
//! Several workers may share one store (PostgreSQL). Each placement is a
//! store *round* ([`Store::place_in_story_round`]): under the store's story
//! lock the grouper first learns every placement made since its last round
//! (by the other workers), then places the article with the store's next
//! free story id, and the placement is stored before the lock is let go.
//! So rounds never overlap, every grouper decides on the whole history, and
//! story ids come from the store.
//!
//! When a placement merges stories (their centroids converged), the merge
//! is stored in the same round: the absorbed stories' articles move to the
//! kept story, and the other workers' groupers learn the merge when they
//! catch up ([`warta_store::StoryRound::merges`]). The caller re-indexes
//! the moved articles ([`Placed::moved`], [`index_as_stored`]); articles
//! placed at startup or by the sweep wait for [`Stories::index_unindexed`].

use anyhow::Result;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::Mutex;
use warta_group::{Doc, DocEntity, DocEvent, GroupConfig, Grouper, Placement};
use warta_store::{Store, StoryPlacement, StoryRound};

pub use warta_store::Outbox;

/// Where an article went, as stored.
#[derive(Debug, Clone)]
pub struct Placed {
    pub placement: Placement,
    /// Deliveries queued.
    pub queued: usize,
    /// Articles that the placement's merges moved to its story (the
    /// article itself not included): the search index must learn their
    /// new story.
    pub moved: Vec<i64>,
}

/// Indexes (again) articles with their story as stored: the ones a merge
/// moved, and the ones placed away from the path that indexes them
/// ([`Stories::index_unindexed`]).
pub fn index_as_stored(store: &dyn Store, index: &crate::index::LiveIndex, articles: &[i64]) {
    for &id in articles {
        match store.article(id) {
            Ok(Some(article)) => index.add(id, &article.url, article.story, &article.analysis),
            Ok(None) => {}
            Err(err) => {
                tracing::warn!("indexing article {id} with its story: {err}; run `warta reindex`");
                return;
            }
        }
    }
}

/// The grouper of a running warta, shared by its tasks.
pub struct Stories {
    state: Mutex<State>,
}

struct State {
    grouper: Grouper,
    /// The last placement this grouper knows of (the store's mark).
    mark: i64,
    /// Articles the seeding read: the first round may list them again.
    seeded: HashSet<i64>,
    /// Articles placed at startup or by the sweep for a dead worker's
    /// articles, and what their merges moved: nobody has indexed them.
    unindexed: Vec<i64>,
}

impl State {
    /// Learns the placements others made since the last round.
    fn catch_up(&mut self, round: &StoryRound) {
        for article in &round.placed {
            let Some(story) = article.story else { continue };
            if self.seeded.contains(&article.id) {
                continue;
            }
            let doc = doc_from_json(article.id, &article.analysis);
            let dup = article.duplicate_of.map(|d| d.to_string());
            self.grouper.add_known(&doc, story as u64, dup.as_deref());
        }
        // The articles above carry their stories as they are now, after
        // these merges; the merges join what this grouper learnt before.
        for merge in &round.merges {
            self.grouper
                .merge_known(merge.into as u64, merge.story as u64);
        }
        self.seeded.clear();
        self.grouper.set_next_id(round.next_story.max(1) as u64);
    }
}

/// Articles the seeding found without a story: (id, fetched, analysis).
type Unplaced = Vec<(i64, i64, Map<String, Value>)>;

impl State {
    /// A grouper that knows the store's recent placements.
    fn seed(store: &dyn Store, now: i64) -> Result<(State, Unplaced)> {
        let config = GroupConfig::default();
        let since = now - (config.quiet_after_hours + 24) * 3600;
        // The mark first: whatever is placed while the history is read is
        // learnt again in the first round (and skipped if read here).
        let mark = store.story_mark()?;
        let mut state = State {
            grouper: Grouper::new(config),
            mark,
            seeded: HashSet::new(),
            unindexed: Vec::new(),
        };
        let mut unplaced = Vec::new();
        store.for_each_recent_article(since, &mut |article| {
            let doc = doc_from_json(article.id, &article.analysis);
            match article.story {
                Some(story) => {
                    let dup = article.duplicate_of.map(|d| d.to_string());
                    state.grouper.add_known(&doc, story as u64, dup.as_deref());
                    state.seeded.insert(article.id);
                }
                None => unplaced.push((article.id, article.fetched, article.analysis)),
            }
            Ok(())
        })?;
        Ok((state, unplaced))
    }
}

impl Stories {
    /// A grouper seeded with the store's recent history; articles left
    /// unplaced are placed now, with the deliveries `outbox` asks for.
    pub fn load(store: &dyn Store, now: i64, outbox: Option<&Outbox<'_>>) -> Result<Stories> {
        let (state, unplaced) = State::seed(store, now)?;
        let stories = Stories {
            state: Mutex::new(state),
        };
        for (id, fetched, analysis) in unplaced {
            stories.place_if_unplaced(store, id, &analysis, fetched, outbox)?;
        }
        Ok(stories)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The grouper's state stays usable after a panicking task: at worst
        // one article's features are half counted.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Places a stored article and stores the placement, with the
    /// deliveries `outbox` asks for. `analysis` is the article as `warta
    /// analyze` prints it.
    pub fn place(
        &self,
        store: &dyn Store,
        article: i64,
        analysis: &Map<String, Value>,
        seen: i64,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<Placed> {
        let (placement, outcome) = self.round(store, article, analysis, seen, outbox, false)?;
        Ok(Placed {
            placement: placement.expect("an article asked to be placed is placed"),
            queued: outcome.queued,
            moved: outcome.moved,
        })
    }

    /// Places an article only when nobody has placed it yet (one that a
    /// worker saved and did not place before it died). Returns whether it
    /// was placed. The article and what its merges moved wait in
    /// [`Stories::index_unindexed`] for the search index.
    pub fn place_if_unplaced(
        &self,
        store: &dyn Store,
        article: i64,
        analysis: &Map<String, Value>,
        seen: i64,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<bool> {
        let (placement, outcome) = self.round(store, article, analysis, seen, outbox, true)?;
        if placement.is_some() {
            let mut state = self.lock();
            state.unindexed.push(article);
            state.unindexed.extend(outcome.moved);
        }
        Ok(placement.is_some())
    }

    /// Indexes the articles placed where nothing indexed them (at
    /// startup, by the sweep for a dead worker's articles) and the articles
    /// their merges moved; called by whoever holds the search index.
    pub fn index_unindexed(&self, store: &dyn Store, index: &crate::index::LiveIndex) {
        index_as_stored(store, index, &self.take_unindexed());
    }

    fn take_unindexed(&self) -> Vec<i64> {
        std::mem::take(&mut self.lock().unindexed)
    }

    /// Places every article left without a story since `seen_before` (a
    /// worker died between saving and placing it). Returns how many.
    pub fn place_left_over(
        &self,
        store: &dyn Store,
        seen_before: i64,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<usize> {
        let mut placed = 0;
        for article in store.unplaced_articles(seen_before, 1000)? {
            placed += self.place_if_unplaced(
                store,
                article.id,
                &article.analysis,
                article.fetched,
                outbox,
            )? as usize;
        }
        Ok(placed)
    }

    fn round(
        &self,
        store: &dyn Store,
        article: i64,
        analysis: &Map<String, Value>,
        seen: i64,
        outbox: Option<&Outbox<'_>>,
        only_unplaced: bool,
    ) -> Result<(Option<Placement>, warta_store::RoundOutcome)> {
        let doc = doc_from_json(article, analysis);
        let mut guard = self.lock();
        let state = &mut *guard;
        let mut placed = None;
        let outcome = store.place_in_story_round(
            article,
            state.mark,
            &mut |round| {
                state.catch_up(round);
                if only_unplaced && round.current.is_some() {
                    return None;
                }
                let placement = state.grouper.add(&doc);
                let stored = StoryPlacement {
                    story: placement.story as i64,
                    title: placement
                        .new_story
                        .then(|| doc.title.clone())
                        .filter(|t| !t.is_empty()),
                    seen,
                    duplicate_of: placement
                        .duplicate_of
                        .as_deref()
                        .and_then(|d| d.parse().ok()),
                    merged: placement.merged.iter().map(|&s| s as i64).collect(),
                };
                placed = Some(placement);
                Some(stored)
            },
            outbox,
        );
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                // The grouper may have placed the article (and taken a
                // story id) in a round the store did not keep: it would
                // give that id to another story next. Start again from
                // what the store holds.
                match State::seed(store, crate::follow::now()) {
                    Ok((mut fresh, _)) => {
                        // What waits for the index still waits.
                        fresh.unindexed = std::mem::take(&mut state.unindexed);
                        *state = fresh;
                    }
                    Err(again) => {
                        tracing::warn!("reloading the stories after a failed placement: {again:#}")
                    }
                }
                return Err(err.into());
            }
        };
        state.mark = outcome.mark;
        Ok((placed, outcome))
    }
}

/// The group stage's view of an analysed article (as JSON, the form the
/// store keeps).
pub fn doc_from_json(id: i64, analysis: &Map<String, Value>) -> Doc {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let list = |key: &str| {
        analysis
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    Doc {
        id: id.to_string(),
        title: text(analysis.get("title")).unwrap_or_default(),
        text: list("blocks")
            .iter()
            .filter_map(|b| b.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        lang: text(analysis.get("lang")),
        published: analysis
            .get("published")
            .and_then(Value::as_str)
            .and_then(warta_analyze::parse_published),
        outlet: text(analysis.get("site")),
        entities: list("entities")
            .iter()
            .map(|e| DocEntity {
                canonical: text(e.get("canonical")).unwrap_or_default(),
                kind: text(e.get("kind")).unwrap_or_default(),
                actor: text(e.get("actor")),
            })
            .collect(),
        events: list("events")
            .iter()
            .map(|e| DocEvent {
                source: text(e.get("source")).unwrap_or_default(),
                target: text(e.get("target")).unwrap_or_default(),
                code: text(e.get("code")).unwrap_or_default(),
                root: text(e.get("root")).unwrap_or_default(),
                date: text(e.get("date")),
                location: text(e.get("location")),
            })
            .collect(),
        dates: list("dates")
            .iter()
            .filter_map(|d| text(d.get("value")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_analyze::{analyze, AnalyzeOptions};
    use warta_model::Article;
    use warta_store::{NewArticle, SqliteStore};

    /// Saves a headline-only article; returns its id and analysis JSON.
    fn save(store: &dyn Store, url: &str, title: &str, now: i64) -> (i64, Map<String, Value>) {
        let analysis = analyze(
            Article {
                url: Some(url.into()),
                lang: Some("en".into()),
                title: Some(title.into()),
                published: Some("2024-03-05T10:00:00+00:00".into()),
                ..Article::default()
            },
            &AnalyzeOptions::default(),
        );
        let id = store
            .save_article(
                &NewArticle {
                    url: url.into(),
                    canonical_url: None,
                    guid: None,
                    source_id: None,
                    fetched: now,
                    raw: None,
                    fetch_error: None,
                    analysis: &analysis,
                },
                None,
            )
            .unwrap();
        let Ok(Value::Object(json)) = serde_json::to_value(&analysis) else {
            panic!("an analysis is an object")
        };
        (id, json)
    }

    /// Two workers on one SQLite file: a merge one of them makes is in the
    /// store at once, and the other (and a grouper seeded afresh) keeps it.
    #[test]
    fn merges_are_stored_and_learnt_by_other_workers() {
        let dir = std::env::temp_dir().join(format!("warta-stories-merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("warta.db");
        let store_a = SqliteStore::open(&path).unwrap();
        let store_b = SqliteStore::open(&path).unwrap();
        let now = 1_709_632_800; // 2024-03-05T10:00Z
        let a = Stories::load(&store_a, now, None).unwrap();
        let b = Stories::load(&store_b, now, None).unwrap();

        let (x, json) = save(
            &store_a,
            "http://x/1",
            "Volcano erupts, villages evacuated",
            now,
        );
        let first = a.place(&store_a, x, &json, now, None).unwrap();
        let (y, json) = save(
            &store_b,
            "http://x/2",
            "Ash cloud closes airport, flights cancelled",
            now,
        );
        let second = b.place(&store_b, y, &json, now, None).unwrap();
        assert!(second.placement.new_story);
        assert_ne!(first.placement.story, second.placement.story);
        let (z, json) = save(
            &store_a,
            "http://x/3",
            "Volcano erupts: ash cloud closes airport, villages evacuated, flights cancelled",
            now,
        );
        let third = a.place(&store_a, z, &json, now, None).unwrap();
        assert_eq!(third.placement.merged.len(), 1, "{third:?}");
        let kept = third.placement.story as i64;
        let gone = third.placement.merged[0] as i64;
        let moved_article = if gone == first.placement.story as i64 {
            x
        } else {
            y
        };
        assert_eq!(third.moved, vec![moved_article]);
        for id in [x, y, z] {
            assert_eq!(store_b.article(id).unwrap().unwrap().story, Some(kept));
        }
        assert_eq!(store_b.story_view(gone).unwrap().unwrap().id, kept);

        // The other worker learns the merge in its next round.
        let (w, json) = save(
            &store_b,
            "http://x/4",
            "Ash cloud closes airport again, flights cancelled",
            now,
        );
        let fourth = b.place(&store_b, w, &json, now, None).unwrap();
        assert_eq!(fourth.placement.story as i64, kept, "{fourth:?}");
        assert!(fourth.placement.merged.is_empty());
        {
            let state = b.lock();
            assert_eq!(state.grouper.resolve(gone as u64), kept as u64);
            assert_eq!(state.grouper.active_stories(), 1);
        }
        // So does a grouper seeded from the store.
        let fresh = Stories::load(&store_a, now, None).unwrap();
        assert_eq!(fresh.lock().grouper.active_stories(), 1);
        let (v, json) = save(
            &store_a,
            "http://x/5",
            "Villages evacuated as volcano erupts",
            now,
        );
        assert_eq!(
            fresh
                .place(&store_a, v, &json, now, None)
                .unwrap()
                .placement
                .story as i64,
            kept
        );
        drop((store_a, store_b));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// An article saved and never placed (its worker died) is placed at the
    /// next start, and waits, once, for the caller that holds the index.
    #[test]
    fn articles_placed_at_startup_wait_for_the_index() {
        let dir = std::env::temp_dir().join(format!("warta-stories-left-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = SqliteStore::open(&dir.join("warta.db")).unwrap();
        let now = 1_709_632_800;
        let (x, _) = save(
            &store,
            "http://x/1",
            "Volcano erupts, villages evacuated",
            now,
        );
        assert_eq!(store.article(x).unwrap().unwrap().story, None);

        let stories = Stories::load(&store, now, None).unwrap();
        assert!(store.article(x).unwrap().unwrap().story.is_some());
        assert_eq!(stories.take_unindexed(), vec![x]);
        assert!(stories.take_unindexed().is_empty(), "handed over once");

        // Placed the usual way, the caller indexes it itself.
        let (y, json) = save(&store, "http://x/2", "Ash cloud closes airport", now);
        stories.place(&store, y, &json, now, None).unwrap();
        assert!(stories.take_unindexed().is_empty());
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
