//! warta's store: everything warta follows and reads, behind one interface.
//!
//! The [`Store`] trait is what the rest of warta sees. [`SqliteStore`] is the
//! embedded backend (one SQLite file in WAL mode, no server);
//! [`PostgresStore`] implements the same trait on a PostgreSQL server for
//! users who outgrow one machine.
//!
//! What is kept:
//! - **sources** (feeds, sitemaps) with their polling state and last error,
//!   and a **fetch log**;
//! - **items**: the work queue of feed entries waiting to be processed. A
//!   poll inserts new items in the same transaction that records the poll,
//!   and an item is marked done in the same transaction that saves its
//!   article, so a crash at any moment loses nothing and duplicates nothing;
//! - **articles** with the raw page kept compressed (for `warta reprocess`),
//!   the full analysis as `warta analyze` prints it, and its blocks, images,
//!   entities, quotes and events in their own tables for querying;
//! - **stories**, **rules** and **deliveries** (filled by later stages).
//!
//! Times are Unix seconds (UTC) inside the store and RFC 3339 outside.

mod browse;
mod compress;
mod copy;
mod migrations;
mod postgres;
mod postgres_browse;
mod postgres_migrations;
mod sqlite;
mod types;

pub use copy::{copy_sqlite_to_postgres, CopyReport, TableCopy};
pub use postgres::{redact_url, PostgresStore};
pub use sqlite::SqliteStore;
pub use types::*;
pub use warta_model::{ArticleView, EventView, StoryView};

use std::path::{Path, PathBuf};

/// What can go wrong in the store. Messages name the store and what failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    /// `url` is the server's URL without its password; `what` is what
    /// the store was doing.
    #[error("store {url}: {what}: {source}")]
    Postgres {
        url: String,
        what: String,
        #[source]
        source: ::postgres::Error,
    },
    #[error("store {url}: {why}")]
    Busy { url: String, why: String },
    #[error("store URL {url:?}: {why}")]
    BadUrl { url: String, why: String },
    #[error("store {path} was written by a newer warta (schema version {found}, this warta knows up to {known}); upgrade warta")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("no source {0:?} (give its id or its URL; `warta source list` shows them)")]
    NoSource(String),
    #[error("source {url} is already followed (id {id})")]
    SourceExists { id: i64, url: String },
    #[error("no story {0}")]
    NoStory(i64),
    #[error("no rule {0:?} (`warta rule list` shows them)")]
    NoRule(String),
    #[error("a rule named {0:?} exists already")]
    RuleExists(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where a store lives, parsed from `WARTA_STORE_URL` / `store.url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// `sqlite:PATH` (also `sqlite://PATH`); a relative path is relative to
    /// the data folder.
    Sqlite(PathBuf),
    /// `postgres://...` or `postgresql://...`, in libpq's URL syntax.
    Postgres(String),
}

impl StoreUrl {
    /// Parses a store URL. Relative SQLite paths are joined to `data_dir`.
    pub fn parse(url: &str, data_dir: &Path) -> Result<StoreUrl> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(StoreUrl::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::BadUrl {
                url: url.to_string(),
                why: "expected sqlite:PATH or postgres://user@host/db".into(),
            })?;
        if path.is_empty() {
            return Err(StoreError::BadUrl {
                url: url.to_string(),
                why: "the SQLite path is empty".into(),
            });
        }
        let path = Path::new(path);
        Ok(StoreUrl::Sqlite(if path.is_absolute() {
            path.to_path_buf()
        } else {
            data_dir.join(path)
        }))
    }
}

/// Opens (creating and migrating when needed) the store a URL names.
pub fn open(url: &StoreUrl) -> Result<Box<dyn Store>> {
    match url {
        StoreUrl::Sqlite(path) => Ok(Box::new(SqliteStore::open(path)?)),
        StoreUrl::Postgres(url) => Ok(Box::new(PostgresStore::open(url)?)),
    }
}

/// What a story change asks of the outbox: the deliveries the story, as it
/// now stands, calls for.
pub type Outbox<'a> = dyn Fn(&StoryView) -> Vec<NewDelivery> + 'a;

/// The store's interface. Every method is one transaction: it either
/// happens whole or not at all.
pub trait Store: Send + Sync {
    /// A human name for messages: the file path or the server.
    fn describe(&self) -> String;

    // --- sources ---
    /// Adds a source; an existing URL is an error naming its id.
    fn add_source(&self, source: &NewSource, now: i64) -> Result<Source>;
    fn sources(&self) -> Result<Vec<Source>>;
    /// A source by its id (digits) or its URL.
    fn find_source(&self, reference: &str) -> Result<Source>;
    fn set_source_paused(&self, id: i64, paused: bool) -> Result<()>;
    /// Removes a source and its waiting items; its articles stay.
    fn remove_source(&self, id: i64) -> Result<()>;
    fn set_source_settings(&self, id: i64, settings: &SourceSettings) -> Result<()>;
    /// Active sources whose next poll is due at `now`, soonest first.
    fn due_sources(&self, now: i64, limit: usize) -> Result<Vec<Source>>;
    /// The time of the next due poll among active sources, if any.
    fn next_poll_at(&self) -> Result<Option<i64>>;
    /// Records a poll: the source's new state, a fetch-log line, and the
    /// feed's items. New items join the queue; an item whose `updated`
    /// changed goes back on it. Returns how many were queued.
    fn record_poll(&self, id: i64, poll: &PollRecord, items: &[NewItem]) -> Result<usize>;

    // --- the work queue ---
    /// Items waiting to be processed, oldest first, at most `limit`,
    /// skipping those in `exclude` (being processed now).
    fn pending_items(&self, limit: usize, exclude: &[i64]) -> Result<Vec<QueuedItem>>;
    fn pending_count(&self) -> Result<u64>;
    /// Saves an article and marks its item done, in one transaction. The
    /// same URL, canonical URL or (per source) guid updates the article
    /// instead of adding one. Returns the article's id.
    fn save_article(&self, article: &NewArticle, item: Option<i64>) -> Result<i64>;
    /// Records a failed attempt at an item; after `give_up` it leaves the
    /// queue with its error.
    fn fail_item(&self, item: i64, error: &str, give_up: bool) -> Result<()>;

    // --- stories ---
    /// Puts an article in a story (creating the story when its id is new)
    /// and records what it copies, merges the stories the placement names
    /// into it (as [`Store::merge_stories`]); then `outbox` sees the story as it now
    /// stands and names the deliveries it calls for. All in one
    /// transaction, so that no story change loses its alerts. Returns how
    /// many deliveries were queued.
    fn place_in_story(
        &self,
        article: i64,
        placement: &StoryPlacement,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<usize>;
    /// Merges stories into `into` under the story lock, in one
    /// transaction: their articles (and with them their events, entities
    /// and quotes) move to `into`, whose first and last sightings then span
    /// them all; their deliveries move too, unless `into` has one for the
    /// same rule and sink already (a pending one is then marked "merged":
    /// the other stands for both). An absorbed story keeps its row, with no
    /// articles, marked as merged into `into`: its id is never given again,
    /// [`Store::story_view`] of it shows `into`, and lists leave it out.
    /// Other workers learn the merge in their next round
    /// ([`StoryRound::merges`]). Stories unknown or merged already are left
    /// alone; `into` unknown is [`StoreError::NoStory`].
    fn merge_stories(&self, into: i64, absorbed: &[i64]) -> Result<MergeOutcome>;
    /// A story as alerts and pages show it; a story merged into another
    /// shows the one it went into.
    fn story_view(&self, story: i64) -> Result<Option<StoryView>>;
    /// Stories, most recently active first, with what a list shows.
    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>>;
    /// One article as stored; `None` when there is no such article.
    fn article(&self, id: i64) -> Result<Option<StoredArticle>>;
    /// Events that match the query, with the article they were read in.
    fn events(&self, query: &EventQuery) -> Result<Vec<EventRecord>>;
    /// A source's latest polls, newest first.
    fn fetch_log(&self, source: i64, limit: usize) -> Result<Vec<FetchLogEntry>>;
    /// Articles first seen at or after `since` (Unix seconds), oldest first:
    /// the recent history the group stage is seeded with after a restart.
    fn for_each_recent_article(
        &self,
        since: i64,
        f: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()>;

    // --- rules and the outbox ---
    /// Adds a rule; an existing name is an error.
    fn add_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule>;
    /// Adds or replaces a rule by name (rules from `warta.toml`).
    fn put_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule>;
    fn rules(&self) -> Result<Vec<StoredRule>>;
    /// A rule by its id (digits) or name.
    fn find_rule(&self, reference: &str) -> Result<StoredRule>;
    fn set_rule_paused(&self, id: i64, paused: bool) -> Result<()>;
    /// Removes a rule and its deliveries.
    fn remove_rule(&self, id: i64) -> Result<()>;
    /// Queues deliveries of a story; one per rule, story and sink ever, so
    /// queueing again is harmless. Returns how many were new.
    fn enqueue_deliveries(&self, story: i64, deliveries: &[NewDelivery], now: i64)
        -> Result<usize>;
    /// Pending deliveries due at `now` to sinks that are not broken, oldest
    /// first.
    fn due_deliveries(&self, now: i64, limit: usize) -> Result<Vec<Delivery>>;
    /// The next time a pending delivery is due, if any.
    fn next_delivery_at(&self) -> Result<Option<i64>>;
    /// Records an attempt at a delivery (and a broken sink).
    fn record_attempt(&self, id: i64, attempt: &Attempt, now: i64) -> Result<()>;
    /// The latest deliveries, newest first; of one rule when given.
    fn deliveries(&self, rule: Option<i64>, limit: usize) -> Result<Vec<Delivery>>;
    fn sink_states(&self) -> Result<Vec<SinkState>>;
    /// Marks a sink ok again, or records where a chat moved.
    fn set_sink_state(&self, state: &SinkState) -> Result<()>;

    // --- reading and maintenance ---
    fn counts(&self) -> Result<Counts>;
    fn for_each_article(&self, f: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()>;
    fn for_each_event(&self, f: &mut dyn FnMut(StoredEvent) -> Result<()>) -> Result<()>;
    fn for_each_story(&self, f: &mut dyn FnMut(StoredStory) -> Result<()>) -> Result<()>;
    /// The raw pages, for processing again: `(article id, raw)`.
    fn for_each_raw(&self, f: &mut dyn FnMut(RawArticle) -> Result<()>) -> Result<()>;
    /// Replaces an article's analysis (after `warta reprocess`).
    fn replace_analysis(&self, id: i64, analysis: &warta_analyze::Analysis) -> Result<()>;
    /// Drops articles first seen before `before` (Unix seconds); their
    /// events stay, unlinked, when `keep_events`.
    fn prune(&self, before: i64, keep_events: bool) -> Result<Pruned>;
    /// Writes a consistent copy of the store to `path` while others write.
    fn backup(&self, path: &Path) -> Result<()>;

    // --- sharing the work among several processes ---
    // A claim hides work from other workers until its lease ends; a worker
    // that dies leaves its claims to expire and another takes them over.
    // The defaults suit a store that one process uses (SQLite): they claim
    // nothing beyond what the plain queries find. PostgresStore claims with
    // `FOR UPDATE SKIP LOCKED`, so each piece of work goes to one worker.

    /// Due sources, claimed until `now + lease` (their next poll moves
    /// there; recording the poll sets the real one).
    fn claim_due_sources(&self, now: i64, lease: i64, limit: usize) -> Result<Vec<Source>> {
        let _ = lease;
        self.due_sources(now, limit)
    }
    /// Queued entries, oldest first, claimed by `worker` until
    /// `now + lease` (saving the article or failing the entry ends it).
    fn claim_pending_items(
        &self,
        worker: &str,
        now: i64,
        lease: i64,
        limit: usize,
    ) -> Result<Vec<QueuedItem>> {
        let _ = (worker, now, lease);
        self.pending_items(limit, &[])
    }
    /// Due deliveries, oldest first, claimed until `now + lease` (their
    /// next attempt moves there; recording the attempt sets the real one).
    fn claim_due_deliveries(&self, now: i64, lease: i64, limit: usize) -> Result<Vec<Delivery>> {
        let _ = lease;
        self.due_deliveries(now, limit)
    }
    /// Whether claims hide work from other processes (PostgreSQL). When
    /// false, a claim returns what the plain query finds, work in flight
    /// included, and the caller skips what it is doing already.
    fn claims_are_shared(&self) -> bool {
        false
    }
    /// Gives back claimed entries that `worker` will not process now.
    fn release_items(&self, worker: &str, items: &[i64]) -> Result<()> {
        let _ = (worker, items);
        Ok(())
    }
    /// Reserves the next fetch from a host (`host:port`) shared by every
    /// worker: returns the time (Unix milliseconds) at which this fetch may
    /// start, at least `now_ms`, and moves the host's next allowed start
    /// `delay_ms` past it. One process paces itself (the default).
    fn reserve_fetch(&self, host: &str, delay_ms: i64, now_ms: i64) -> Result<i64> {
        let _ = (host, delay_ms);
        Ok(now_ms)
    }

    // --- story assignment among several workers ---
    /// The latest placement's (or merge's) mark: a worker that seeds its
    /// grouper from the store reads it first, and catches up from it in
    /// its first round.
    fn story_mark(&self) -> Result<i64>;
    /// Places an article in a story under the store's story lock, in one
    /// transaction: the round shows the placements made since `after` and
    /// the next free story id; `decide` (the grouper, on the caller's
    /// thread) learns them and names the placement, or `None` to leave the
    /// article as it is; then the placement is stored as by
    /// [`Store::place_in_story`], with the deliveries `outbox` asks for.
    /// Rounds never overlap, across processes too, so two workers never
    /// place two reports of one new story in two stories, and story ids
    /// come from the store.
    fn place_in_story_round(
        &self,
        article: i64,
        after: i64,
        decide: &mut dyn FnMut(&StoryRound) -> Option<StoryPlacement>,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<RoundOutcome>;
    /// Articles without a story first seen at or before `seen_before`,
    /// oldest first: left so by a worker that died between saving an
    /// article and placing it.
    fn unplaced_articles(&self, seen_before: i64, limit: usize) -> Result<Vec<StoredArticle>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_urls() {
        let dir = Path::new("/data");
        assert_eq!(
            StoreUrl::parse("sqlite:warta.db", dir).unwrap(),
            StoreUrl::Sqlite("/data/warta.db".into())
        );
        assert_eq!(
            StoreUrl::parse("sqlite:///tmp/x.db", dir).unwrap(),
            StoreUrl::Sqlite("/tmp/x.db".into())
        );
        assert!(matches!(
            StoreUrl::parse("postgres://u@h/db?host=/run/pg", dir).unwrap(),
            StoreUrl::Postgres(_)
        ));
        let err = StoreUrl::parse("mysql://x", dir).unwrap_err().to_string();
        assert!(
            err.contains("mysql://x") && err.contains("sqlite:PATH"),
            "{err}"
        );
        assert!(StoreUrl::parse("sqlite:", dir).is_err());
    }
}
