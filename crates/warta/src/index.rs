//! The full-text index kept up to date as articles are stored.
//!
//! The store is the truth: an article is indexed only after its store
//! transaction committed, and `warta reindex` rebuilds the index from the
//! store whenever it might have drifted (after `prune`, or a crash before
//! the last commit).

use std::sync::Mutex;
use std::time::{Duration, Instant};
use warta_search::{IndexDoc, IndexLocation, TextIndex};

/// Added articles become searchable at most this long after they are stored.
const COMMIT_EVERY: Duration = Duration::from_secs(5);

pub struct LiveIndex {
    state: Mutex<State>,
}

struct State {
    index: TextIndex,
    pending: usize,
    last_commit: Instant,
    /// Set after a write failed (the index locked by another writer):
    /// indexing stops with one warning instead of one per article.
    disabled: bool,
}

impl LiveIndex {
    /// The index at `location` (see `System::index_location`); `None`
    /// (with a warning) when it cannot be opened: following goes on, and
    /// `warta reindex` repairs.
    pub fn open(location: &IndexLocation) -> Option<LiveIndex> {
        match TextIndex::open(location) {
            Ok(index) => Some(LiveIndex {
                state: Mutex::new(State {
                    index,
                    pending: 0,
                    last_commit: Instant::now(),
                    disabled: false,
                }),
            }),
            Err(err) => {
                tracing::warn!("the search index is not updated ({err}); run `warta reindex`");
                None
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Indexes a stored article; commits when the last commit is old.
    pub fn add(
        &self,
        article: i64,
        url: &str,
        story: Option<i64>,
        analysis: &serde_json::Map<String, serde_json::Value>,
    ) {
        let mut state = self.lock();
        if state.disabled {
            return;
        }
        let doc = IndexDoc::from_analysis_json(article, url, story, analysis);
        if let Err(err) = state.index.add(&doc) {
            tracing::warn!("the search index is not updated ({err}); run `warta reindex` later");
            state.disabled = true;
            return;
        }
        state.pending += 1;
        if state.last_commit.elapsed() >= COMMIT_EVERY {
            Self::commit_locked(&mut state);
        }
    }

    /// Makes everything added so far searchable.
    pub fn commit(&self) {
        let mut state = self.lock();
        Self::commit_locked(&mut state);
        if let Err(err) = state.index.close_writer() {
            tracing::warn!("closing the search index writer: {err}");
        }
    }

    fn commit_locked(state: &mut State) {
        if state.pending > 0 && !state.disabled {
            if let Err(err) = state.index.commit() {
                tracing::warn!("committing the search index: {err}; run `warta reindex`");
            }
        }
        state.pending = 0;
        state.last_commit = Instant::now();
    }
}
