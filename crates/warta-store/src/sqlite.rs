//! The embedded backend: one SQLite file in WAL mode.

use crate::compress::{deflate, inflate};
use crate::migrations::MIGRATIONS;
use crate::*;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::sync::{Mutex, MutexGuard};
use warta_analyze::Analysis;

/// The SQLite store. One connection, shared behind a mutex: SQLite takes
/// one writer at a time anyway, and the pure stages run outside the lock.
pub struct SqliteStore {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// Read-only connections for the API and the pages: in WAL mode they
    /// read beside the writer instead of waiting for its lock.
    readers: Mutex<Vec<Connection>>,
}

/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 8;

const SOURCE_COLUMNS: &str = "id, url, kind, title, site_url, category, state, settings, etag, \
     last_modified, poll_interval, next_poll_at, last_polled_at, last_ok_at, last_error, \
     error_count, added_at";

impl SqliteStore {
    /// Opens the store at `path`, creating the file (and its folder) and
    /// bringing the schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("creating {}: {e}", parent.display()))
                })?;
            }
        }
        let label = path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: label.clone(),
            source,
        };
        let mut conn = Connection::open(path).map_err(wrap)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(wrap)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        // NORMAL in WAL mode: a power cut may lose the last transactions,
        // never corrupt the file; a killed process loses nothing committed.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(wrap)?;
        migrate(&mut conn, &label)?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Runs a read on a pooled read-only connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | rusqlite::OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(|e| self.err(e))?;
                conn.busy_timeout(std::time::Duration::from_secs(30))
                    .map_err(|e| self.err(e))?;
                conn
            }
        };
        let value = f(&conn).map_err(|e| self.err(e));
        let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        value
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolls back on drop), so a poisoned lock is usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Runs one statement that must change a row; `missing` names what was
    /// not there.
    fn change_one(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        missing: impl FnOnce() -> StoreError,
    ) -> Result<()> {
        let changed = self.write(|tx| tx.execute(sql, params).map_err(|e| self.err(e)))?;
        if changed == 0 {
            return Err(missing());
        }
        Ok(())
    }

    /// Runs `f` in an immediate (write) transaction and commits it.
    fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// The story change of [`Store::place_in_story`], inside a write
    /// transaction; `seq` is the round's mark for the merges it makes.
    /// Returns the deliveries queued and the articles the merges moved.
    fn place_steps(
        &self,
        tx: &Transaction,
        article: i64,
        placement: &StoryPlacement,
        outbox: Option<&Outbox<'_>>,
        seq: Option<i64>,
    ) -> Result<(usize, Vec<i64>)> {
        // A story merged into another stands for that one.
        let story = resolve_story(tx, placement.story).map_err(|e| self.err(e))?;
        let placement = &StoryPlacement {
            story,
            ..placement.clone()
        };
        tx.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (id) DO UPDATE SET
                first_seen = MIN(first_seen, excluded.first_seen),
                last_seen = MAX(last_seen, excluded.last_seen),
                title = COALESCE(title, excluded.title)",
            params![placement.story, placement.title, placement.seen],
        )
        .map_err(|e| self.err(e))?;
        let previous: Option<i64> = tx
            .query_row(
                "SELECT story_id FROM articles WHERE id = ?1",
                [article],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .flatten();
        tx.execute(
            "UPDATE articles SET story_id = ?2, duplicate_of = ?3 WHERE id = ?1",
            params![article, placement.story, placement.duplicate_of],
        )
        .map_err(|e| self.err(e))?;
        for story in [Some(placement.story), previous].into_iter().flatten() {
            tx.execute(
                "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = ?1) WHERE id = ?1",
                [story],
            )
            .map_err(|e| self.err(e))?;
        }
        let moved = if placement.merged.is_empty() {
            Vec::new()
        } else {
            merge_steps(tx, placement.story, &placement.merged, seq)
                .map_err(|e| self.err(e))?
                .map(|m| m.moved)
                .unwrap_or_default()
        };
        let Some(outbox) = outbox else {
            return Ok((0, moved));
        };
        let Some(view) = story_view(tx, placement.story).map_err(|e| self.err(e))? else {
            return Ok((0, moved));
        };
        let wanted = outbox(&view);
        let queued = insert_deliveries(tx, placement.story, &wanted, placement.seen)
            .map_err(|e| self.err(e))?;
        Ok((queued, moved))
    }

    /// `id, url, source url, fetched, story_id, duplicate_of, fetch_error,
    /// analysis` -> the article.
    fn stored_from_row(&self, row: &rusqlite::Row) -> Result<StoredArticle> {
        let id: i64 = row.get(0).map_err(|e| self.err(e))?;
        let blob: Vec<u8> = row.get(7).map_err(|e| self.err(e))?;
        Ok(StoredArticle {
            id,
            url: row.get(1).map_err(|e| self.err(e))?,
            source: row.get(2).map_err(|e| self.err(e))?,
            fetched: row.get(3).map_err(|e| self.err(e))?,
            story: row.get(4).map_err(|e| self.err(e))?,
            duplicate_of: row.get(5).map_err(|e| self.err(e))?,
            fetch_error: row.get(6).map_err(|e| self.err(e))?,
            analysis: read_analysis(&blob, id)?,
        })
    }

    /// Articles matching `condition` (which may use `?1` = `value`), by id.
    fn articles_where(
        &self,
        condition: &str,
        value: i64,
        f: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE {condition} AND ?1 IS NOT NULL ORDER BY a.id"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([value]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = row.get(0).map_err(|e| self.err(e))?;
            let blob: Vec<u8> = row.get(7).map_err(|e| self.err(e))?;
            let stored = StoredArticle {
                id,
                url: row.get(1).map_err(|e| self.err(e))?,
                source: row.get(2).map_err(|e| self.err(e))?,
                fetched: row.get(3).map_err(|e| self.err(e))?,
                story: row.get(4).map_err(|e| self.err(e))?,
                duplicate_of: row.get(5).map_err(|e| self.err(e))?,
                fetch_error: row.get(6).map_err(|e| self.err(e))?,
                analysis: read_analysis(&blob, id)?,
            };
            f(stored)?;
        }
        Ok(())
    }

    fn source_by(&self, sql_where: &str, value: &dyn rusqlite::ToSql) -> Result<Option<Source>> {
        let conn = self.conn();
        conn.query_row(
            &format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE {sql_where}"),
            [value],
            source_from_row,
        )
        .optional()
        .map_err(|e| self.err(e))
    }
}

fn migrate(conn: &mut Connection, label: &str) -> Result<()> {
    let wrap = |source| StoreError::Sqlite {
        path: label.to_string(),
        source,
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(wrap)?;
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(wrap)?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            path: label.to_string(),
            found: version,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql).map_err(wrap)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(wrap)?;
    }
    tx.commit().map_err(wrap)
}

fn source_from_row(row: &Row) -> rusqlite::Result<Source> {
    let kind: String = row.get(2)?;
    let settings: String = row.get(7)?;
    Ok(Source {
        id: row.get(0)?,
        url: row.get(1)?,
        kind: SourceKind::parse(&kind).unwrap_or(SourceKind::Feed),
        title: row.get(3)?,
        site_url: row.get(4)?,
        category: row.get(5)?,
        state: row.get(6)?,
        // Settings are written by this code only; unreadable ones (from a
        // newer warta) fall back to none rather than hiding the source.
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        etag: row.get(8)?,
        last_modified: row.get(9)?,
        poll_interval: row.get(10)?,
        next_poll_at: row.get(11)?,
        last_polled_at: row.get(12)?,
        last_ok_at: row.get(13)?,
        last_error: row.get(14)?,
        error_count: row.get(15)?,
        added_at: row.get(16)?,
    })
}

/// Unix seconds of a `published` value (RFC 3339 or `YYYY-MM-DD`).
pub(crate) fn published_at(published: Option<&str>) -> Option<i64> {
    let p = published?;
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(p) {
        return Some(t.timestamp());
    }
    chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
}

pub(crate) fn analysis_blob(analysis: &Analysis) -> Vec<u8> {
    // Serialising plain data into memory cannot fail.
    deflate(&serde_json::to_vec(analysis).expect("analysis serialises"))
}

pub(crate) fn read_analysis(
    blob: &[u8],
    id: i64,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let json =
        inflate(blob).map_err(|e| StoreError::Corrupt(format!("article {id}: analysis: {e}")))?;
    serde_json::from_slice(&json)
        .map_err(|e| StoreError::Corrupt(format!("article {id}: analysis: {e}")))
}

/// Writes an article's parts (blocks, images, entities, quotes, events),
/// replacing what was there.
fn write_parts(
    tx: &Transaction,
    id: i64,
    url: &str,
    fetched: i64,
    analysis: &Analysis,
) -> rusqlite::Result<()> {
    for table in ["blocks", "images", "entities", "quotes", "events"] {
        tx.execute(&format!("DELETE FROM {table} WHERE article_id = ?1"), [id])?;
    }
    let article = &analysis.article;
    let mut insert = tx.prepare_cached(
        "INSERT INTO blocks (article_id, pos, kind, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (pos, block) in article.blocks.iter().enumerate() {
        let kind = serde_json::to_value(block.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        insert.execute(params![id, pos as i64, kind, block.text])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO images (article_id, pos, src, caption, credit) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (pos, image) in article.images.iter().enumerate() {
        insert.execute(params![
            id,
            pos as i64,
            image.src,
            image.caption,
            image.credit
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO entities (article_id, pos, kind, text, canonical, actor, start, end) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (pos, e) in analysis.entities.iter().enumerate() {
        insert.execute(params![
            id,
            pos as i64,
            e.kind.as_str(),
            e.text,
            e.canonical,
            e.actor,
            e.start as i64,
            e.end as i64
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO quotes (article_id, pos, speaker, text, start, end) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (pos, q) in analysis.quotes.iter().enumerate() {
        insert.execute(params![
            id,
            pos as i64,
            q.speaker,
            q.text,
            q.start as i64,
            q.end as i64
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (article_id, url, fetched, pos, source, target, code, root, \
         quad_class, goldstein, negated, date, location, sentence, start, end) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (pos, e) in analysis.events.iter().enumerate() {
        insert.execute(params![
            id,
            url,
            fetched,
            pos as i64,
            e.source,
            e.target,
            e.code,
            e.root,
            e.quad_class,
            e.goldstein as f64,
            e.negated,
            e.date,
            e.location,
            e.sentence,
            e.start as i64,
            e.end as i64
        ])?;
    }
    Ok(())
}

pub(crate) fn event_from_row(row: &Row) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: row.get(0)?,
        article_id: row.get(1)?,
        url: row.get(2)?,
        fetched: row.get(3)?,
        event: warta_events::Event {
            source: row.get(4)?,
            target: row.get(5)?,
            code: row.get(6)?,
            root: row.get(7)?,
            quad_class: row.get(8)?,
            goldstein: row.get::<_, f64>(9)? as f32,
            negated: row.get(10)?,
            date: row.get(11)?,
            location: row.get(12)?,
            sentence: row.get(13)?,
            start: row.get::<_, i64>(14)? as usize,
            end: row.get::<_, i64>(15)? as usize,
        },
    })
}

/// The mark of the latest placement or merge (`placed_seq` and
/// `merged_seq` share one sequence).
const MARK: &str = "MAX((SELECT COALESCE(MAX(placed_seq), 0) FROM articles), \
     (SELECT COALESCE(MAX(merged_seq), 0) FROM stories))";

/// The story an id stands for now: itself, or the story it was merged
/// into.
fn resolve_story(conn: &Connection, story: i64) -> rusqlite::Result<i64> {
    let mut id = story;
    // Merges point at live stories (chains are flattened); the bound only
    // guards against damaged data.
    for _ in 0..64 {
        let next: Option<i64> = conn
            .query_row("SELECT merged_into FROM stories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        match next {
            Some(n) if n != id => id = n,
            _ => break,
        }
    }
    Ok(id)
}

/// Merges `absorbed` into `into` inside a write transaction (see
/// [`Store::merge_stories`]); `seq` is the mark the merges take (the
/// next one when `None`). `None` when `into` is not a story.
fn merge_steps(
    conn: &Connection,
    into: i64,
    absorbed: &[i64],
    seq: Option<i64>,
) -> rusqlite::Result<Option<MergeOutcome>> {
    let into = resolve_story(conn, into)?;
    let exists = conn
        .query_row("SELECT 1 FROM stories WHERE id = ?1", [into], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        return Ok(None);
    }
    let seq = match seq {
        Some(seq) => seq,
        None => conn.query_row(&format!("SELECT {MARK} + 1"), [], |r| r.get(0))?,
    };
    let mut out = MergeOutcome {
        into,
        ..MergeOutcome::default()
    };
    for &gone in absorbed {
        if gone == into {
            continue;
        }
        let live: Option<Option<i64>> = conn
            .query_row(
                "SELECT merged_into FROM stories WHERE id = ?1",
                [gone],
                |r| r.get(0),
            )
            .optional()?;
        if live != Some(None) {
            continue; // unknown, or merged already
        }
        let mut stmt =
            conn.prepare_cached("SELECT id FROM articles WHERE story_id = ?1 ORDER BY id")?;
        let moved = stmt
            .query_map([gone], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        conn.execute(
            "UPDATE articles SET story_id = ?2 WHERE story_id = ?1",
            params![gone, into],
        )?;
        conn.execute(
            "UPDATE stories SET
                first_seen = MIN(first_seen, (SELECT first_seen FROM stories WHERE id = ?1)),
                last_seen = MAX(last_seen, (SELECT last_seen FROM stories WHERE id = ?1)),
                title = COALESCE(title, (SELECT title FROM stories WHERE id = ?1))
             WHERE id = ?2",
            params![gone, into],
        )?;
        // A story is delivered once per rule and sink: the absorbed
        // story's deliveries count for the merged one, unless it has its
        // own; a pending one left behind is not sent.
        conn.execute(
            "UPDATE OR IGNORE deliveries SET story_id = ?2 WHERE story_id = ?1",
            params![gone, into],
        )?;
        conn.execute(
            "UPDATE deliveries SET state = 'merged' WHERE story_id = ?1 AND state = 'pending'",
            [gone],
        )?;
        conn.execute(
            "UPDATE stories SET merged_into = ?2, merged_seq = ?3, articles = 0 WHERE id = ?1",
            params![gone, into, seq],
        )?;
        conn.execute(
            "UPDATE stories SET merged_into = ?2 WHERE merged_into = ?1",
            params![gone, into],
        )?;
        out.moved.extend(moved);
        out.merged.push(gone);
    }
    conn.execute(
        "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = ?1) WHERE id = ?1",
        [into],
    )?;
    Ok(Some(out))
}

/// A story with its reports (oldest first), their events and actors.
fn story_view(conn: &Connection, story: i64) -> rusqlite::Result<Option<StoryView>> {
    let story = resolve_story(conn, story)?;
    let Some(mut view) = conn
        .query_row(
            "SELECT id, title, first_seen, last_seen FROM stories WHERE id = ?1",
            [story],
            |r| {
                Ok(StoryView {
                    id: r.get(0)?,
                    title: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    first_seen: r.get(2)?,
                    last_seen: r.get(3)?,
                    ..StoryView::default()
                })
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.url, a.site, a.lang, a.title, a.published,
            (SELECT group_concat(text, char(10)) FROM
                (SELECT text FROM blocks WHERE article_id = a.id AND kind = 'paragraph' ORDER BY pos LIMIT 2)),
            (SELECT src FROM images WHERE article_id = a.id AND src IS NOT NULL ORDER BY pos LIMIT 1)
         FROM articles a WHERE a.story_id = ?1 ORDER BY a.first_seen, a.id",
    )?;
    view.articles = stmt
        .query_map([story], |r| {
            Ok(ArticleView {
                id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                lang: r.get(3)?,
                title: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                published: r.get(5)?,
                lead: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                image: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT source, target, code, root, goldstein, quad_class, date, location, sentence
         FROM events WHERE article_id IN (SELECT id FROM articles WHERE story_id = ?1) ORDER BY id",
    )?;
    view.events = stmt
        .query_map([story], |r| {
            Ok(EventView {
                source: r.get(0)?,
                target: r.get(1)?,
                code: r.get(2)?,
                root: r.get(3)?,
                goldstein: r.get::<_, f64>(4)? as f32,
                quad_class: r.get(5)?,
                date: r.get(6)?,
                location: r.get(7)?,
                sentence: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT actor FROM entities WHERE actor IS NOT NULL
         AND article_id IN (SELECT id FROM articles WHERE story_id = ?1) ORDER BY actor",
    )?;
    view.actors = stmt
        .query_map([story], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(view))
}

const RULE_COLUMNS: &str = "id, name, definition, paused, created_at";

fn rule_from_row(row: &Row) -> rusqlite::Result<StoredRule> {
    Ok(StoredRule {
        id: row.get(0)?,
        name: row.get(1)?,
        definition: row.get(2)?,
        paused: row.get(3)?,
        created_at: row.get(4)?,
    })
}

const DELIVERY_COLUMNS: &str = "d.id, d.rule_id, r.name, d.story_id, d.sink, d.state, d.attempts, \
     d.last_error, d.created_at, d.sent_at, d.receipt";

fn delivery_from_row(row: &Row) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: row.get(0)?,
        rule_id: row.get(1)?,
        rule: row.get(2)?,
        story_id: row.get(3)?,
        sink: row.get(4)?,
        state: row.get(5)?,
        attempts: row.get(6)?,
        last_error: row.get(7)?,
        created_at: row.get(8)?,
        sent_at: row.get(9)?,
        receipt: row.get(10)?,
    })
}

/// Queues deliveries; the unique (rule, story, sink) makes it once ever.
fn insert_deliveries(
    tx: &Transaction,
    story: i64,
    deliveries: &[NewDelivery],
    now: i64,
) -> rusqlite::Result<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO deliveries (rule_id, story_id, sink, created_at, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    let mut added = 0;
    for d in deliveries {
        added += insert.execute(params![d.rule_id, story, d.sink, now])?;
    }
    Ok(added)
}

const EVENT_COLUMNS: &str = "id, article_id, url, fetched, source, target, code, root, \
     quad_class, goldstein, negated, date, location, sentence, start, end";

impl Store for SqliteStore {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn add_source(&self, source: &NewSource, now: i64) -> Result<Source> {
        if let Some(existing) = self.source_by("url = ?1", &source.url)? {
            return Err(StoreError::SourceExists {
                id: existing.id,
                url: existing.url,
            });
        }
        let settings = serde_json::to_string(&source.settings).expect("settings serialise");
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO sources (url, kind, title, site_url, category, settings, added_at, next_poll_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    source.url,
                    source.kind.as_str(),
                    source.title,
                    source.site_url,
                    source.category,
                    settings,
                    now
                ],
            )
            .map_err(|e| self.err(e))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.source_by("id = ?1", &id)?
            .ok_or_else(|| StoreError::Corrupt(format!("source {id} vanished after insert")))
    }

    fn sources(&self) -> Result<Vec<Source>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], source_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn find_source(&self, reference: &str) -> Result<Source> {
        let found = match reference.parse::<i64>() {
            Ok(id) => self.source_by("id = ?1", &id)?,
            Err(_) => self.source_by("url = ?1", &reference)?,
        };
        found.ok_or_else(|| StoreError::NoSource(reference.to_string()))
    }

    fn set_source_paused(&self, id: i64, paused: bool) -> Result<()> {
        let state = if paused { "paused" } else { "active" };
        // Resuming polls at once rather than after the old interval.
        self.change_one("UPDATE sources SET state = ?2, next_poll_at = CASE WHEN ?2 = 'active' THEN 0 ELSE next_poll_at END WHERE id = ?1", params![id, state], || StoreError::NoSource(id.to_string()))
    }

    fn remove_source(&self, id: i64) -> Result<()> {
        self.change_one("DELETE FROM sources WHERE id = ?1", [id], || {
            StoreError::NoSource(id.to_string())
        })
    }

    fn set_source_settings(&self, id: i64, settings: &SourceSettings) -> Result<()> {
        let json = serde_json::to_string(settings).expect("settings serialise");
        self.change_one(
            "UPDATE sources SET settings = ?2 WHERE id = ?1",
            params![id, json],
            || StoreError::NoSource(id.to_string()),
        )
    }

    fn due_sources(&self, now: i64, limit: usize) -> Result<Vec<Source>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {SOURCE_COLUMNS} FROM sources WHERE state = 'active' AND next_poll_at <= ?1 \
                 ORDER BY next_poll_at, id LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![now, limit as i64], source_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn next_poll_at(&self) -> Result<Option<i64>> {
        let conn = self.conn();
        conn.query_row(
            "SELECT MIN(next_poll_at) FROM sources WHERE state = 'active'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| self.err(e))
    }

    fn record_poll(&self, id: i64, poll: &PollRecord, items: &[NewItem]) -> Result<usize> {
        self.write(|tx| {
            let failed = poll.outcome == "error";
            tx.execute(
                "UPDATE sources SET
                    last_polled_at = ?2,
                    poll_interval = ?3,
                    next_poll_at = ?4,
                    etag = CASE WHEN ?5 = 'fetched' THEN ?6 ELSE etag END,
                    last_modified = CASE WHEN ?5 = 'fetched' THEN ?7 ELSE last_modified END,
                    last_error = ?8,
                    error_count = CASE WHEN ?9 THEN error_count + 1 ELSE 0 END,
                    last_ok_at = CASE WHEN ?9 THEN last_ok_at ELSE ?2 END,
                    title = COALESCE(title, ?10)
                 WHERE id = ?1",
                params![
                    id,
                    poll.at,
                    poll.poll_interval,
                    poll.next_poll_at,
                    poll.outcome,
                    poll.etag,
                    poll.last_modified,
                    poll.error,
                    failed,
                    poll.title
                ],
            )
            .map_err(|e| self.err(e))?;
            tx.execute(
                "INSERT INTO fetch_log (source_id, url, at, status, bytes, elapsed_ms, outcome, error) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    poll.url,
                    poll.at,
                    poll.status,
                    poll.bytes.map(|b| b as i64),
                    poll.elapsed_ms.map(|b| b as i64),
                    poll.outcome,
                    poll.error
                ],
            )
            .map_err(|e| self.err(e))?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO items (source_id, key, url, title, content, published, updated, authors, seen_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (source_id, key) DO UPDATE SET
                        url = excluded.url, title = excluded.title, content = excluded.content,
                        published = excluded.published, updated = excluded.updated,
                        authors = excluded.authors, state = 'pending', attempts = 0
                     WHERE excluded.updated IS NOT NULL
                       AND (items.updated IS NULL OR excluded.updated > items.updated)
                       AND items.state <> 'pending'",
                )
                .map_err(|e| self.err(e))?;
            let mut queued = 0;
            for item in items {
                let authors = serde_json::to_string(&item.authors).expect("authors serialise");
                queued += insert
                    .execute(params![
                        id,
                        item.key,
                        item.url,
                        item.title,
                        item.content,
                        item.published,
                        item.updated,
                        authors,
                        poll.at
                    ])
                    .map_err(|e| self.err(e))?;
            }
            Ok(queued)
        })
    }

    fn pending_items(&self, limit: usize, exclude: &[i64]) -> Result<Vec<QueuedItem>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT i.id, i.source_id, s.url, s.settings, i.attempts, i.key, i.url, i.title,
                        i.content, i.published, i.updated, i.authors
                 FROM items i LEFT JOIN sources s ON s.id = i.source_id
                 WHERE i.state = 'pending' ORDER BY i.id LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit.saturating_add(exclude.len()) as i64], |row| {
                let settings: Option<String> = row.get(3)?;
                let authors: String = row.get(11)?;
                Ok(QueuedItem {
                    id: row.get(0)?,
                    source_id: row.get(1)?,
                    source_url: row.get(2)?,
                    settings: settings
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or_default(),
                    attempts: row.get(4)?,
                    item: NewItem {
                        key: row.get(5)?,
                        url: row.get(6)?,
                        title: row.get(7)?,
                        content: row.get(8)?,
                        published: row.get(9)?,
                        updated: row.get(10)?,
                        authors: serde_json::from_str(&authors).unwrap_or_default(),
                    },
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let item = row.map_err(|e| self.err(e))?;
            if !exclude.contains(&item.id) {
                out.push(item);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    fn pending_count(&self) -> Result<u64> {
        let conn = self.conn();
        conn.query_row(
            "SELECT COUNT(*) FROM items WHERE state = 'pending'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .map_err(|e| self.err(e))
    }

    fn save_article(&self, article: &NewArticle, item: Option<i64>) -> Result<i64> {
        let analysis = article.analysis;
        let blob = analysis_blob(analysis);
        let raw = article.raw.as_ref().map(|r| deflate(&r.bytes));
        let raw_type = article.raw.as_ref().and_then(|r| r.content_type.clone());
        let meta = &analysis.article;
        let canonical = article
            .canonical_url
            .clone()
            .or_else(|| meta.url.clone())
            .filter(|c| c != &article.url);
        let published = meta.published.as_deref();
        self.write(|tx| {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM articles
                     WHERE url = ?1 OR canonical_url = ?1
                        OR (?2 IS NOT NULL AND (url = ?2 OR canonical_url = ?2))
                        OR (?3 IS NOT NULL AND source_id IS ?4 AND guid = ?3)
                     ORDER BY id LIMIT 1",
                    params![article.url, canonical, article.guid, article.source_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?;
            // An update keeps the URL as first seen: it is the article's
            // name in exports and links. Both statements take the same
            // values; ?1 is the row's id or the new URL.
            let sql = match existing {
                Some(_) => {
                    "UPDATE articles SET canonical_url = COALESCE(?2, canonical_url),
                        guid = COALESCE(?3, guid), source_id = COALESCE(?4, source_id),
                        site = ?5, lang = ?6, title = ?7, published = ?8, published_at = ?9,
                        fetched = ?10, fetch_error = ?11,
                        raw = COALESCE(?12, raw), raw_type = CASE WHEN ?12 IS NULL THEN raw_type ELSE ?13 END,
                        analysis = ?14
                     WHERE id = ?1"
                }
                None => {
                    "INSERT INTO articles (url, canonical_url, guid, source_id, site, lang, title,
                        published, published_at, fetched, first_seen, fetch_error, raw, raw_type, analysis)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14)"
                }
            };
            let key: &dyn rusqlite::ToSql = match &existing {
                Some(id) => id,
                None => &article.url,
            };
            let published_at = published_at(published);
            tx.execute(
                sql,
                params![
                    key,
                    canonical,
                    article.guid,
                    article.source_id,
                    meta.site,
                    meta.lang,
                    meta.title,
                    published,
                    published_at,
                    article.fetched,
                    article.fetch_error,
                    raw,
                    raw_type,
                    blob
                ],
            )
            .map_err(|e| self.err(e))?;
            let id = existing.unwrap_or_else(|| tx.last_insert_rowid());
            let url: String = tx
                .query_row("SELECT url FROM articles WHERE id = ?1", [id], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            write_parts(tx, id, &url, article.fetched, analysis).map_err(|e| self.err(e))?;
            if let Some(item) = item {
                tx.execute(
                    "UPDATE items SET state = 'done', article_id = ?2, last_error = ?3,
                        attempts = attempts + 1 WHERE id = ?1",
                    params![item, id, article.fetch_error],
                )
                .map_err(|e| self.err(e))?;
            }
            Ok(id)
        })
    }

    fn fail_item(&self, item: i64, error: &str, give_up: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE items SET attempts = attempts + 1, last_error = ?2,
                    state = CASE WHEN ?3 THEN 'failed' ELSE state END WHERE id = ?1",
                params![item, error, give_up],
            )
            .map_err(|e| self.err(e))?;
            Ok(())
        })
    }

    fn add_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule> {
        if self.find_rule(name).is_ok() {
            return Err(StoreError::RuleExists(name.to_string()));
        }
        self.put_rule(name, definition, now)
    }

    fn put_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO rules (name, definition, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET definition = excluded.definition",
                params![name, definition, now],
            )
            .map_err(|e| self.err(e))?;
            Ok(())
        })?;
        self.find_rule(name)
    }

    fn rules(&self) -> Result<Vec<StoredRule>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("SELECT {RULE_COLUMNS} FROM rules ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], rule_from_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn find_rule(&self, reference: &str) -> Result<StoredRule> {
        let conn = self.conn();
        let by_id = reference.parse::<i64>().ok();
        conn.query_row(
            &format!("SELECT {RULE_COLUMNS} FROM rules WHERE name = ?1 OR id IS ?2"),
            params![reference, by_id],
            rule_from_row,
        )
        .optional()
        .map_err(|e| self.err(e))?
        .ok_or_else(|| StoreError::NoRule(reference.to_string()))
    }

    fn set_rule_paused(&self, id: i64, paused: bool) -> Result<()> {
        self.change_one(
            "UPDATE rules SET paused = ?2 WHERE id = ?1",
            params![id, paused],
            || StoreError::NoRule(id.to_string()),
        )
    }

    fn remove_rule(&self, id: i64) -> Result<()> {
        self.change_one("DELETE FROM rules WHERE id = ?1", [id], || {
            StoreError::NoRule(id.to_string())
        })
    }

    fn enqueue_deliveries(
        &self,
        story: i64,
        deliveries: &[NewDelivery],
        now: i64,
    ) -> Result<usize> {
        self.write(|tx| insert_deliveries(tx, story, deliveries, now).map_err(|e| self.err(e)))
    }

    fn due_deliveries(&self, now: i64, limit: usize) -> Result<Vec<Delivery>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN rules r ON r.id = d.rule_id
                 WHERE d.state = 'pending' AND d.next_attempt_at <= ?1 AND r.paused = 0
                   AND NOT EXISTS (SELECT 1 FROM sinks k WHERE k.sink = d.sink AND k.state = 'broken')
                   -- a sink gets its messages in order: none overtakes an earlier one waiting
                   AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.sink = d.sink
                        AND e.state = 'pending' AND e.id < d.id AND e.next_attempt_at > ?1)
                 ORDER BY d.id LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![now, limit as i64], delivery_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn next_delivery_at(&self) -> Result<Option<i64>> {
        let conn = self.conn();
        conn.query_row(
            "SELECT MIN(d.next_attempt_at) FROM deliveries d JOIN rules r ON r.id = d.rule_id
             WHERE d.state = 'pending' AND r.paused = 0
               AND NOT EXISTS (SELECT 1 FROM sinks k WHERE k.sink = d.sink AND k.state = 'broken')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| self.err(e))
    }

    fn record_attempt(&self, id: i64, attempt: &Attempt, now: i64) -> Result<()> {
        self.write(|tx| {
            let changed = match attempt {
                Attempt::Sent { receipt } => tx.execute(
                    "UPDATE deliveries SET state = 'sent', sent_at = ?2, receipt = ?3,
                        attempts = attempts + 1, last_error = NULL WHERE id = ?1",
                    params![id, now, receipt],
                ),
                Attempt::Retry { error, retry_at } => tx.execute(
                    "UPDATE deliveries SET next_attempt_at = ?2, last_error = ?3,
                        attempts = attempts + 1 WHERE id = ?1",
                    params![id, retry_at, error],
                ),
                Attempt::Failed { error } => tx.execute(
                    "UPDATE deliveries SET state = 'failed', last_error = ?2,
                        attempts = attempts + 1 WHERE id = ?1",
                    params![id, error],
                ),
                // The delivery stays pending until the sink is fixed.
                Attempt::Broken { error } => tx.execute(
                    "UPDATE deliveries SET last_error = ?2, attempts = attempts + 1 WHERE id = ?1",
                    params![id, error],
                ),
            }
            .map_err(|e| self.err(e))?;
            if changed == 0 {
                return Err(StoreError::Corrupt(format!("no delivery {id}")));
            }
            if let Attempt::Broken { error } = attempt {
                tx.execute(
                    "INSERT INTO sinks (sink, state, detail, updated_at)
                     SELECT sink, 'broken', ?2, ?3 FROM deliveries WHERE id = ?1
                     ON CONFLICT (sink) DO UPDATE SET state = 'broken', detail = excluded.detail, updated_at = excluded.updated_at",
                    params![id, error, now],
                )
                .map_err(|e| self.err(e))?;
            }
            Ok(())
        })
    }

    fn deliveries(&self, rule: Option<i64>, limit: usize) -> Result<Vec<Delivery>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN rules r ON r.id = d.rule_id
                 WHERE ?1 IS NULL OR d.rule_id = ?1 ORDER BY d.id DESC LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![rule, limit as i64], delivery_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn sink_states(&self) -> Result<Vec<SinkState>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT sink, state, detail, migrated_to, updated_at FROM sinks ORDER BY sink")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SinkState {
                    sink: r.get(0)?,
                    state: r.get(1)?,
                    detail: r.get(2)?,
                    migrated_to: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    fn set_sink_state(&self, state: &SinkState) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sinks (sink, state, detail, migrated_to, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sink) DO UPDATE SET state = excluded.state, detail = excluded.detail,
                    migrated_to = COALESCE(excluded.migrated_to, sinks.migrated_to), updated_at = excluded.updated_at",
                params![state.sink, state.state, state.detail, state.migrated_to, state.updated_at],
            )
            .map_err(|e| self.err(e))?;
            Ok(())
        })
    }

    fn counts(&self) -> Result<Counts> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64> {
            conn.query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.err(e))
        };
        Ok(Counts {
            sources: count("SELECT COUNT(*) FROM sources")?,
            articles: count("SELECT COUNT(*) FROM articles")?,
            events: count("SELECT COUNT(*) FROM events")?,
            pending: count("SELECT COUNT(*) FROM items WHERE state = 'pending'")?,
            failed: count("SELECT COUNT(*) FROM items WHERE state = 'failed'")?,
            stories: count("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL")?,
            outbox: count("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'")?,
        })
    }

    fn for_each_article(&self, f: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()> {
        self.articles_where("1 = 1", i64::MIN, f)
    }

    fn for_each_recent_article(
        &self,
        since: i64,
        f: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        self.articles_where("a.first_seen >= ?1", since, f)
    }

    fn story_view(&self, story: i64) -> Result<Option<StoryView>> {
        self.read(|conn| story_view(conn, story))
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>> {
        self.read(|conn| crate::browse::stories(conn, query))
    }

    fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        let row = self.read(|conn| {
            conn.query_row(
                "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
                [id],
                |r| {
                    Ok((
                        StoredArticle {
                            id: r.get(0)?,
                            url: r.get(1)?,
                            source: r.get(2)?,
                            fetched: r.get(3)?,
                            story: r.get(4)?,
                            duplicate_of: r.get(5)?,
                            fetch_error: r.get(6)?,
                            analysis: serde_json::Map::new(),
                        },
                        r.get::<_, Vec<u8>>(7)?,
                    ))
                },
            )
            .optional()
        })?;
        let Some((mut article, blob)) = row else {
            return Ok(None);
        };
        article.analysis = read_analysis(&blob, id)?;
        Ok(Some(article))
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<EventRecord>> {
        self.read(|conn| crate::browse::events(conn, query))
    }

    fn fetch_log(&self, source: i64, limit: usize) -> Result<Vec<FetchLogEntry>> {
        self.read(|conn| crate::browse::fetch_log(conn, source, limit))
    }

    fn place_in_story(
        &self,
        article: i64,
        placement: &StoryPlacement,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<usize> {
        self.write(|tx| self.place_steps(tx, article, placement, outbox, None))
            .map(|(queued, _)| queued)
    }

    fn merge_stories(&self, into: i64, absorbed: &[i64]) -> Result<MergeOutcome> {
        // The write transaction is the story lock.
        self.write(|tx| {
            merge_steps(tx, into, absorbed, None)
                .map_err(|e| self.err(e))?
                .ok_or(StoreError::NoStory(into))
        })
    }

    fn story_mark(&self) -> Result<i64> {
        self.read(|conn| conn.query_row(&format!("SELECT {MARK}"), [], |r| r.get(0)))
    }

    fn place_in_story_round(
        &self,
        article: i64,
        after: i64,
        decide: &mut dyn FnMut(&StoryRound) -> Option<StoryPlacement>,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<RoundOutcome> {
        // SQLite has one writer at a time: the write transaction is the
        // story lock.
        self.write(|tx| {
            let mut round = StoryRound::default();
            let mut stmt = tx
                .prepare_cached(
                    "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                     FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                     WHERE a.placed_seq > ?1 ORDER BY a.placed_seq",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query([after]).map_err(|e| self.err(e))?;
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                round.placed.push(self.stored_from_row(row)?);
            }
            drop(rows);
            drop(stmt);
            let mut stmt = tx
                .prepare_cached(
                    "SELECT id, merged_into FROM stories WHERE merged_seq > ?1
                     ORDER BY merged_seq, id",
                )
                .map_err(|e| self.err(e))?;
            round.merges = stmt
                .query_map([after], |r| {
                    Ok(StoryMerge {
                        story: r.get(0)?,
                        into: r.get(1)?,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.err(e))?;
            drop(stmt);
            let (mark, next_story, current): (i64, i64, Option<i64>) = tx
                .query_row(
                    &format!(
                        "SELECT {MARK},
                            (SELECT COALESCE(MAX(id), 0) + 1 FROM stories),
                            (SELECT story_id FROM articles WHERE id = ?1)"
                    ),
                    [article],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|e| self.err(e))?;
            round.next_story = next_story;
            round.current = current;
            let Some(placement) = decide(&round) else {
                return Ok(RoundOutcome {
                    placed: false,
                    queued: 0,
                    mark,
                    moved: Vec::new(),
                });
            };
            let (queued, moved) =
                self.place_steps(tx, article, &placement, outbox, Some(mark + 1))?;
            tx.execute(
                "UPDATE articles SET placed_seq = ?2 WHERE id = ?1",
                params![article, mark + 1],
            )
            .map_err(|e| self.err(e))?;
            Ok(RoundOutcome {
                placed: true,
                queued,
                mark: mark + 1,
                moved,
            })
        })
    }

    fn unplaced_articles(&self, seen_before: i64, limit: usize) -> Result<Vec<StoredArticle>> {
        let mut out = Vec::new();
        self.articles_where(
            "a.story_id IS NULL AND a.first_seen <= ?1",
            seen_before,
            &mut |a| {
                if out.len() < limit {
                    out.push(a);
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    fn for_each_event(&self, f: &mut dyn FnMut(StoredEvent) -> Result<()>) -> Result<()> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            f(event_from_row(row).map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    fn for_each_story(&self, f: &mut dyn FnMut(StoredStory) -> Result<()>) -> Result<()> {
        let conn = self.conn();
        let mut stories = conn
            .prepare(
                "SELECT id, title, first_seen, last_seen FROM stories
                 WHERE merged_into IS NULL ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let mut articles = conn
            .prepare("SELECT id, url, site, lang FROM articles WHERE story_id = ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let mut events = conn
            .prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE article_id IN \
                 (SELECT id FROM articles WHERE story_id = ?1) ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = stories.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = row.get(0).map_err(|e| self.err(e))?;
            let story_articles = articles
                .query_map([id], |r| {
                    Ok(StoryArticle {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        outlet: r.get(2)?,
                        lang: r.get(3)?,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.err(e))?;
            let story_events = events
                .query_map([id], event_from_row)
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.err(e))?;
            f(StoredStory {
                id,
                title: row.get(1).map_err(|e| self.err(e))?,
                first_seen: row.get(2).map_err(|e| self.err(e))?,
                last_seen: row.get(3).map_err(|e| self.err(e))?,
                articles: story_articles,
                events: story_events,
            })?;
        }
        Ok(())
    }

    fn for_each_raw(&self, f: &mut dyn FnMut(RawArticle) -> Result<()>) -> Result<()> {
        // Ids first, then one article at a time: the callback may write
        // (reprocess replaces analyses) and must not hold the read cursor.
        let ids: Vec<i64> = {
            let conn = self.conn();
            let mut stmt = conn
                .prepare("SELECT id FROM articles ORDER BY id")
                .map_err(|e| self.err(e))?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(|e| self.err(e))?
        };
        for id in ids {
            let row = {
                let conn = self.conn();
                conn.query_row(
                    "SELECT url, source_id, raw, raw_type, analysis FROM articles WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<i64>>(1)?,
                            r.get::<_, Option<Vec<u8>>>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Vec<u8>>(4)?,
                        ))
                    },
                )
                .optional()
                .map_err(|e| self.err(e))?
            };
            // Pruned in the meantime.
            let Some((url, source_id, raw, raw_type, blob)) = row else {
                continue;
            };
            let raw = match raw {
                Some(bytes) => Some(RawPage {
                    bytes: inflate(&bytes)
                        .map_err(|e| StoreError::Corrupt(format!("article {id}: raw page: {e}")))?,
                    content_type: raw_type,
                }),
                None => None,
            };
            f(RawArticle {
                id,
                url,
                source_id,
                raw,
                analysis: read_analysis(&blob, id)?,
            })?;
        }
        Ok(())
    }

    fn replace_analysis(&self, id: i64, analysis: &Analysis) -> Result<()> {
        let blob = analysis_blob(analysis);
        let meta = &analysis.article;
        let published = meta.published.as_deref();
        self.write(|tx| {
            let (url, fetched): (String, i64) = tx
                .query_row(
                    "SELECT url, fetched FROM articles WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|e| self.err(e))?;
            tx.execute(
                "UPDATE articles SET site = ?2, lang = ?3, title = ?4, published = ?5,
                    published_at = ?6, analysis = ?7 WHERE id = ?1",
                params![
                    id,
                    meta.site,
                    meta.lang,
                    meta.title,
                    published,
                    published_at(published),
                    blob
                ],
            )
            .map_err(|e| self.err(e))?;
            write_parts(tx, id, &url, fetched, analysis).map_err(|e| self.err(e))
        })
    }

    fn prune(&self, before: i64, keep_events: bool) -> Result<Pruned> {
        self.write(|tx| {
            let old = "SELECT id FROM articles WHERE COALESCE(published_at, first_seen) < ?1";
            let events = if keep_events {
                tx.execute(
                    &format!("UPDATE events SET article_id = NULL WHERE article_id IN ({old})"),
                    [before],
                )
                .map_err(|e| self.err(e))?;
                0
            } else {
                tx.execute(
                    &format!("DELETE FROM events WHERE article_id IN ({old})"),
                    [before],
                )
                .map_err(|e| self.err(e))?
            };
            // Items of pruned articles stay done, so that a feed still
            // listing them does not bring them back.
            let articles = tx
                .execute(
                    "DELETE FROM articles WHERE COALESCE(published_at, first_seen) < ?1",
                    [before],
                )
                .map_err(|e| self.err(e))?;
            tx.execute(
                "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id)",
                [],
            )
            .map_err(|e| self.err(e))?;
            Ok(Pruned {
                articles: articles as u64,
                events: events as u64,
            })
        })
    }

    fn backup(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists; a backup never overwrites a file",
                    path.display()
                ),
            )));
        }
        let target = path.to_str().ok_or_else(|| {
            StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}: the backup path must be UTF-8", path.display()),
            ))
        })?;
        // VACUUM INTO reads one snapshot: consistent while others write.
        let conn = self.conn();
        conn.execute("VACUUM INTO ?1", [target])
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
