//! The values that go into and come out of the store.

use serde::{Deserialize, Serialize};

/// What kind of thing a source URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// RSS, Atom, RDF or JSON Feed.
    Feed,
    /// A (news) sitemap or sitemap index.
    Sitemap,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Sitemap => "sitemap",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        match s {
            "feed" => Some(SourceKind::Feed),
            "sitemap" => Some(SourceKind::Sitemap),
            _ => None,
        }
    }
}

/// Per-source fetching settings, kept as JSON in the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceSettings {
    /// Extra request headers, `(name, value)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// A `Cookie` header value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie: Option<String>,
    /// An HTTP proxy for this source only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    /// CSS selector of the article body, where the general rules need help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_selector: Option<String>,
}

/// A source to add.
#[derive(Debug, Clone)]
pub struct NewSource {
    pub url: String,
    pub kind: SourceKind,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
    pub settings: SourceSettings,
}

/// A followed source and its state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: i64,
    pub url: String,
    pub kind: SourceKind,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
    /// "active" or "paused".
    pub state: String,
    pub settings: SourceSettings,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Seconds between polls, adapted to the feed's rhythm.
    pub poll_interval: i64,
    pub next_poll_at: i64,
    pub last_polled_at: Option<i64>,
    pub last_ok_at: Option<i64>,
    pub last_error: Option<String>,
    /// Polls in a row that failed.
    pub error_count: i64,
    pub added_at: i64,
}

/// The outcome of one poll of a source.
#[derive(Debug, Clone, Default)]
pub struct PollRecord {
    pub at: i64,
    /// The URL fetched (the source's, or a discovered feed's).
    pub url: String,
    pub status: Option<u16>,
    pub bytes: Option<u64>,
    pub elapsed_ms: Option<u64>,
    /// "fetched", "not_modified" or "error".
    pub outcome: String,
    pub error: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub title: Option<String>,
    pub poll_interval: i64,
    pub next_poll_at: i64,
}

/// A feed entry to queue.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct NewItem {
    /// The guid, else the URL: what makes the entry the same entry.
    pub key: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The entry's own content or summary (HTML), kept in case its page
    /// cannot be fetched.
    pub content: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub authors: Vec<String>,
}

/// An entry waiting in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedItem {
    pub id: i64,
    pub source_id: Option<i64>,
    pub source_url: Option<String>,
    pub settings: SourceSettings,
    pub attempts: i64,
    pub item: NewItem,
}

/// The raw bytes of a page as fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPage {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

/// An article to save.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    /// Where it was read: the final URL of the page, or the feed link.
    pub url: String,
    /// The canonical URL the page names, when it differs.
    pub canonical_url: Option<String>,
    pub guid: Option<String>,
    pub source_id: Option<i64>,
    /// When it was read (Unix seconds).
    pub fetched: i64,
    pub raw: Option<RawPage>,
    /// Why the page could not be fetched, when the article comes from the
    /// feed's own content instead.
    pub fetch_error: Option<String>,
    pub analysis: &'a warta_analyze::Analysis,
}

/// An article as stored, for export: the analysis JSON (as `warta
/// analyze` prints it) and the store's own fields.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub id: i64,
    pub url: String,
    pub source: Option<String>,
    pub fetched: i64,
    pub story: Option<i64>,
    /// The earliest copy, when this article is a near-duplicate of it.
    pub duplicate_of: Option<i64>,
    pub fetch_error: Option<String>,
    pub analysis: serde_json::Map<String, serde_json::Value>,
}

/// Where the group stage placed an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryPlacement {
    /// The story's id; a new story is created with this id.
    pub story: i64,
    /// The story's title when it is new.
    pub title: Option<String>,
    /// When the article was seen (Unix seconds): the story's first or last
    /// sighting.
    pub seen: i64,
    pub duplicate_of: Option<i64>,
    /// Stories that this placement merged into `story` (the group stage's
    /// `Placement::merged`): their articles move to `story` in the same
    /// transaction, as by [`crate::Store::merge_stories`].
    pub merged: Vec<i64>,
}

/// A merge of two stories, as a story round reports it: `story`'s
/// articles went to `into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryMerge {
    /// The absorbed story: it keeps its row (and id) with no articles.
    pub story: i64,
    pub into: i64,
}

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The story the merged ones went into (the one asked for, or the
    /// story it has itself been merged into since).
    pub into: i64,
    /// The articles that changed story, by id (for the search index).
    pub moved: Vec<i64>,
    /// The stories merged now (absorbed ones already merged, unknown ones
    /// and `into` itself are left out).
    pub merged: Vec<i64>,
}

/// A raw page to process again.
#[derive(Debug, Clone)]
pub struct RawArticle {
    pub id: i64,
    pub url: String,
    pub source_id: Option<i64>,
    pub raw: Option<RawPage>,
    /// The stored analysis's article part, for articles kept from feed
    /// content (no raw page).
    pub analysis: serde_json::Map<String, serde_json::Value>,
}

/// An event as stored.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: i64,
    pub article_id: Option<i64>,
    pub url: Option<String>,
    /// When the article was read (Unix seconds).
    pub fetched: i64,
    pub event: warta_events::Event,
}

/// A story, its articles and their events.
#[derive(Debug, Clone)]
pub struct StoredStory {
    pub id: i64,
    pub title: Option<String>,
    pub first_seen: i64,
    pub last_seen: i64,
    pub articles: Vec<StoryArticle>,
    /// The events of its articles, as reported (merging is the group
    /// stage's business).
    pub events: Vec<StoredEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    pub id: i64,
    pub url: String,
    pub outlet: Option<String>,
    pub lang: Option<String>,
}

/// How much is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub sources: u64,
    pub articles: u64,
    pub events: u64,
    pub pending: u64,
    pub failed: u64,
    pub stories: u64,
    /// Deliveries waiting in the outbox.
    pub outbox: u64,
}

/// What `prune` removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pruned {
    pub articles: u64,
    pub events: u64,
}

/// A watch rule as stored: its definition is the alert stage's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRule {
    pub id: i64,
    pub name: String,
    pub definition: String,
    pub paused: bool,
    pub created_at: i64,
}

/// A delivery to queue: this rule's sink gets this story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub rule_id: i64,
    /// The sink as written (`telegram:@x`, `webhook:URL`, `feed:NAME`).
    pub sink: String,
}

/// A delivery in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// Also the idempotency key the sink sees.
    pub id: i64,
    pub rule_id: i64,
    pub rule: String,
    pub story_id: i64,
    pub sink: String,
    /// "pending", "sent", "failed" or "broken"; "merged" when its story
    /// was merged into one that already had a delivery for the same rule
    /// and sink (that one stands for both).
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// What the sink answered (a message id), as JSON.
    pub receipt: Option<String>,
}

/// What a sink is known to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinkState {
    pub sink: String,
    /// "ok" or "broken".
    pub state: String,
    pub detail: Option<String>,
    /// A Telegram group that became a supergroup has a new chat id.
    pub migrated_to: Option<String>,
    pub updated_at: i64,
}

/// The outcome of one attempt at a delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    Sent {
        receipt: Option<String>,
    },
    /// Try again at `retry_at` (Unix seconds).
    Retry {
        error: String,
        retry_at: i64,
    },
    /// Give up on this delivery.
    Failed {
        error: String,
    },
    /// Give up on the sink: its deliveries stop until it is fixed.
    Broken {
        error: String,
    },
}

/// Which stories to list, newest activity first (the front page and
/// `/api/stories`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryQuery {
    /// Continue after this story: its `(last_seen, id)` (the list's cursor).
    pub after: Option<(i64, i64)>,
    pub limit: usize,
    /// Only stories with a report in this language.
    pub lang: Option<String>,
    /// Only stories with an event where this actor code prefix is source or
    /// target.
    pub actor: Option<String>,
}

/// A story in a list: enough for a front page, without its full reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: i64,
    pub title: String,
    /// Unix seconds.
    pub first_seen: i64,
    /// Unix seconds.
    pub last_seen: i64,
    /// How many reports it has.
    pub articles: u64,
    /// Its outlets, most reports first.
    pub outlets: Vec<String>,
    pub langs: Vec<String>,
    /// The first report's lead image.
    pub image: Option<String>,
    /// The first report's first paragraph.
    pub lead: String,
    /// The actors of its events, most often named first, with counts.
    pub top_actors: Vec<(String, u64)>,
    pub events: u64,
}

/// Which events to list (`/api/events`, the actor pages). Filters that are
/// set must all hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// An actor code prefix that is the source or the target.
    pub actor: Option<String>,
    /// Two actor code prefixes, one the source and the other the target,
    /// in either direction.
    pub pair: Option<(String, String)>,
    /// CAMEO code prefixes (a root "03" or a code "0312"); any may match.
    pub codes: Vec<String>,
    /// The event's day (`YYYY-MM-DD`), inclusive bounds.
    pub since: Option<String>,
    pub until: Option<String>,
    /// The language of the article it was read in.
    pub lang: Option<String>,
    /// Only events of this story's articles.
    pub story: Option<i64>,
    /// Continue with events of a smaller id (the list's cursor).
    pub before_id: Option<i64>,
    /// Oldest day first (a timeline) instead of newest stored first.
    pub chronological: bool,
    pub limit: usize,
}

/// An event with where it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: i64,
    pub article_id: Option<i64>,
    pub story: Option<i64>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub article_title: Option<String>,
    /// When the article was read (Unix seconds).
    pub fetched: i64,
    #[serde(flatten)]
    pub event: warta_events::Event,
}

/// One poll of a source, from the fetch log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchLogEntry {
    pub at: i64,
    pub url: String,
    pub status: Option<u16>,
    pub bytes: Option<u64>,
    pub elapsed_ms: Option<u64>,
    pub outcome: String,
    pub error: Option<String>,
}

/// What a story round sees, under the store's story lock (see
/// [`crate::Store::place_in_story_round`]).
#[derive(Debug, Clone, Default)]
pub struct StoryRound {
    /// Articles placed since the caller's mark (by other workers, or by
    /// other processes on the same store), in the order they were placed,
    /// with their stories.
    pub placed: Vec<StoredArticle>,
    /// The id a new story takes now: above every stored story.
    pub next_story: i64,
    /// The article's story before this round; `None` when unplaced.
    pub current: Option<i64>,
    /// Merges of stories made since the caller's mark, in the order they
    /// were made. The articles in `placed` carry their story as it is now
    /// (after these merges).
    pub merges: Vec<StoryMerge>,
}

/// How a story round ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundOutcome {
    /// Whether the article was placed (the caller may decline).
    pub placed: bool,
    /// Deliveries queued.
    pub queued: usize,
    /// The caller's mark for its next round: every placement up to it,
    /// its own included, is known to the caller.
    pub mark: i64,
    /// Articles that changed story by the placement's merges (not the
    /// placed article itself), for the search index.
    pub moved: Vec<i64>,
}
