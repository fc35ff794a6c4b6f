//! One search interface over the two indexes: tantivy in a folder beside
//! an SQLite store, PostgreSQL's text search beside a PostgreSQL store.
//! `warta search`, `warta reindex`, the live index of `warta run` and
//! `/api/search` all go through [`TextIndex`], so they behave the same on
//! both.

use crate::{Hit, IndexDoc, PgTextIndex, Query, Result, SearchIndex, Warmed};
use std::path::PathBuf;

/// Where the full-text index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexLocation {
    /// A tantivy index in this folder.
    Folder(PathBuf),
    /// A table in this PostgreSQL database (the store's own).
    Postgres(String),
}

/// The full-text index, whichever engine keeps it.
#[derive(Debug)]
pub enum TextIndex {
    Tantivy(SearchIndex),
    Postgres(PgTextIndex),
}

impl TextIndex {
    /// Opens the index, creating it when there is none. An index written
    /// with another schema version is [`crate::SearchError::SchemaVersion`].
    pub fn open(location: &IndexLocation) -> Result<TextIndex> {
        Ok(match location {
            IndexLocation::Folder(dir) => TextIndex::Tantivy(SearchIndex::open(dir)?),
            IndexLocation::Postgres(url) => TextIndex::Postgres(PgTextIndex::open(url)?),
        })
    }

    /// Deletes the index (of any schema version) and creates an empty one.
    pub fn recreate(location: &IndexLocation) -> Result<TextIndex> {
        Ok(match location {
            IndexLocation::Folder(dir) => TextIndex::Tantivy(SearchIndex::recreate(dir)?),
            IndexLocation::Postgres(url) => TextIndex::Postgres(PgTextIndex::recreate(url)?),
        })
    }

    /// Which engine and where, for messages.
    pub fn describe(&self) -> String {
        match self {
            TextIndex::Tantivy(index) => format!("tantivy index {}", index.dir().display()),
            TextIndex::Postgres(index) => format!("PostgreSQL text search, {}", index.describe()),
        }
    }

    /// Adds (or replaces, by article id) a document; searchable after
    /// [`TextIndex::commit`].
    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.add(doc),
            TextIndex::Postgres(index) => index.add(doc),
        }
    }

    /// Removes an article; gone after [`TextIndex::commit`].
    pub fn delete(&mut self, article_id: i64) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.delete(article_id),
            TextIndex::Postgres(index) => index.delete(article_id),
        }
    }

    /// Removes every document (after [`TextIndex::commit`] for tantivy,
    /// at once for PostgreSQL).
    pub fn clear(&mut self) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.clear(),
            TextIndex::Postgres(index) => index.clear(),
        }
    }

    /// Makes what was added and deleted searchable.
    pub fn commit(&mut self) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.commit(),
            TextIndex::Postgres(index) => index.commit(),
        }
    }

    /// Commits and lets go of the writer (tantivy's folder lock), so that
    /// another process may write.
    pub fn close_writer(&mut self) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.close_writer(),
            TextIndex::Postgres(index) => index.commit(),
        }
    }

    /// After a bulk load: tantivy merges its segments into one (and lets go
    /// of the writer); PostgreSQL commits (its GIN indexes need no merge).
    pub fn merge_all(&mut self) -> Result<()> {
        match self {
            TextIndex::Tantivy(index) => index.merge_all(),
            TextIndex::Postgres(index) => index.commit(),
        }
    }

    /// How many documents are searchable.
    pub fn num_docs(&self) -> Result<u64> {
        match self {
            TextIndex::Tantivy(index) => Ok(index.num_docs()),
            TextIndex::Postgres(index) => index.num_docs(),
        }
    }

    /// Reads a tantivy index's files into the page cache, up to `budget`
    /// bytes (see [`SearchIndex::warm`]). PostgreSQL keeps its own cache:
    /// nothing to do there.
    pub fn warm(&self, budget: u64) -> Result<Warmed> {
        match self {
            TextIndex::Tantivy(index) => index.warm(budget),
            TextIndex::Postgres(_) => Ok(Warmed::default()),
        }
    }

    /// Runs a search: hits best first (newest first when the query has no
    /// text), at most `query.limit`.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        match self {
            TextIndex::Tantivy(index) => index.search(query),
            TextIndex::Postgres(index) => index.search(query),
        }
    }
}
