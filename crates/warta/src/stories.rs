//! The group stage in the running system: each stored article is placed in
//! a story (or starts one), in arrival order, and the placement is stored.
//!
//! The store is the truth. At start the grouper is seeded with the recent
//! history (`GroupConfig::quiet_after_hours` back, plus a day): placed
//! articles are replayed with their stories, and articles a crash left
//! without a story are placed now. Story ids are the grouper's, which stay
//! above every stored one.

use anyhow::Result;
use serde_json::{Map, Value};
use std::sync::Mutex;
use warta_group::{Doc, DocEntity, DocEvent, GroupConfig, Grouper, Placement};
use warta_store::{Store, StoryPlacement};

pub use warta_store::Outbox;

/// The grouper of a running warta, shared by its tasks.
pub struct Stories {
    grouper: Mutex<Grouper>,
}

impl Stories {
    /// A grouper seeded with the store's recent history; articles left
    /// unplaced are placed now, with the deliveries `outbox` asks for.
    pub fn load(store: &dyn Store, now: i64, outbox: Option<&Outbox<'_>>) -> Result<Stories> {
        let config = GroupConfig::default();
        let since = now - (config.quiet_after_hours + 24) * 3600;
        let stories = Stories {
            grouper: Mutex::new(Grouper::new(config)),
        };
        let mut unplaced = Vec::new();
        store.for_each_recent_article(since, &mut |article| {
            let doc = doc_from_json(article.id, &article.analysis);
            match article.story {
                Some(story) => {
                    let dup = article.duplicate_of.map(|d| d.to_string());
                    stories.lock().add_known(&doc, story as u64, dup.as_deref());
                }
                None => unplaced.push((article.id, article.fetched, article.analysis)),
            }
            Ok(())
        })?;
        for (id, fetched, analysis) in unplaced {
            stories.place(store, id, &analysis, fetched, outbox)?;
        }
        Ok(stories)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Grouper> {
        // The grouper's state stays usable after a panicking task: at worst
        // one article's features are half counted.
        self.grouper.lock().unwrap_or_else(|p| p.into_inner())
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
    ) -> Result<(Placement, usize)> {
        let doc = doc_from_json(article, analysis);
        let placement = self.lock().add(&doc);
        let queued = store.place_in_story(
            article,
            &StoryPlacement {
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
            },
            outbox,
        )?;
        Ok((placement, queued))
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
