//! A story as the later stages see it: alert rules match it, messages,
//! webhooks and the web page show it. The store builds it.
use serde::{Deserialize, Serialize};

/// A story as alerts see it: its reports so far and its events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryView {
    pub id: i64,
    pub title: String,
    /// Unix seconds.
    pub first_seen: i64,
    /// Unix seconds.
    pub last_seen: i64,
    /// Reports in arrival order; the first is the one an alert shows.
    pub articles: Vec<ArticleView>,
    pub events: Vec<EventView>,
    /// CAMEO actor codes of the story's entities (people, bodies, places).
    #[serde(default)]
    pub actors: Vec<String>,
}

/// One report of a story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: i64,
    pub url: String,
    #[serde(default)]
    pub outlet: Option<String>,
    /// ISO 639-1.
    #[serde(default)]
    pub lang: Option<String>,
    pub title: String,
    /// RFC 3339 with the page's offset, or `YYYY-MM-DD` (the extract contract).
    #[serde(default)]
    pub published: Option<String>,
    /// The first paragraphs, as much as the caller likes; messages cut it.
    #[serde(default)]
    pub lead: String,
    /// The lead image's URL.
    #[serde(default)]
    pub image: Option<String>,
}

/// One CAMEO event of a story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    /// Actor code of who acts.
    pub source: String,
    /// Actor code of whom it is done to; empty when nobody.
    #[serde(default)]
    pub target: String,
    /// Full CAMEO code ("0312").
    pub code: String,
    /// CAMEO root, the first two digits ("03").
    #[serde(default)]
    pub root: String,
    pub goldstein: f32,
    #[serde(default)]
    pub quad_class: u8,
    /// `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    /// The sentence it was coded from.
    #[serde(default)]
    pub sentence: String,
}

impl EventView {
    /// The root, from `root` or else the code's first two digits.
    pub fn root(&self) -> &str {
        let r = self.root.trim();
        if !r.is_empty() {
            return r;
        }
        let c = self.code.trim();
        c.get(..2).unwrap_or(c)
    }
}
