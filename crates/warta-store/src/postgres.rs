//! The server backend: PostgreSQL through the synchronous `postgres` client.
//!
//! Every method keeps [`SqliteStore`]'s semantics and transaction
//! boundaries: one method, one transaction. Connections come from a small
//! pool of our own ([`Pool`]); each keeps its prepared statements.
//!
//! The sync client runs a small tokio runtime per connection and blocks on
//! it. That is fine on a plain thread and on tokio's blocking pool
//! (`spawn_blocking`, where the binary sends store calls), but tokio
//! refuses it on an async worker thread, and the binary also calls the
//! store from async code now and then (seeding the group stage, the
//! delivery loop's next due time). [`blocking`] makes every call safe
//! wherever it comes from: on a multi-thread runtime's worker it steps out
//! of the runtime with `block_in_place`; on a current-thread runtime it runs
//! the database work on a scoped thread. Caller-supplied callbacks (the
//! outbox, `for_each_*`) always run on the caller's thread, outside that.
//!
//! Concurrency (several writers, unlike SQLite's one): saving an article
//! takes transaction-scoped advisory locks on its URL, canonical URL and
//! guid, so two workers saving the same article at once behave as if one
//! came after the other (one row, then an update). Story changes lock the
//! story's row first. Migrations take an advisory lock, so workers started
//! together migrate once.

use crate::compress::{deflate, inflate};
use crate::postgres_migrations::MIGRATIONS;
use crate::sqlite::{analysis_blob, published_at, read_analysis};
use crate::*;
use ::postgres::types::{FromSql, ToSql};
use ::postgres::{Client, Config, NoTls, Row, Statement};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;
use warta_analyze::Analysis;

/// Connections kept open at most, per store.
const MAX_CONNECTIONS: usize = 16;
/// How long a call waits for a free connection before it fails.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(60);
/// Rows per round trip when walking a whole table for a callback.
const PAGE: i64 = 200;

/// The PostgreSQL store.
pub struct PostgresStore {
    /// The URL without its password: for messages.
    label: String,
    /// The URL as given (with its password), for `pg_dump`.
    url: String,
    config: Config,
    pool: Pool,
}

/// A parameter list.
type Params<'a> = [&'a (dyn ToSql + Sync)];

/// What goes wrong inside a database step: the client's error (wrapped
/// with the store's URL and the operation by the caller) or a store error.
pub(crate) enum E {
    Pg(::postgres::Error),
    Store(StoreError),
}

impl From<::postgres::Error> for E {
    fn from(e: ::postgres::Error) -> E {
        E::Pg(e)
    }
}

impl From<StoreError> for E {
    fn from(e: StoreError) -> E {
        E::Store(e)
    }
}

pub(crate) type R<T> = std::result::Result<T, E>;

/// Runs database work where the sync client may block (see the module
/// docs).
pub(crate) fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Err(_) => f(),
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        Ok(_) => std::thread::scope(|s| match s.spawn(f).join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }),
    }
}

/// One connection and its prepared statements.
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// A transaction was begun and not finished: the connection is not
    /// given to anyone else.
    in_tx: bool,
}

impl Conn {
    fn statement(&mut self, sql: &str) -> R<Statement> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &Params) -> R<Vec<Row>> {
        let stmt = self.statement(sql)?;
        Ok(self.client.query(&stmt, params)?)
    }

    pub(crate) fn opt(&mut self, sql: &str, params: &Params) -> R<Option<Row>> {
        let stmt = self.statement(sql)?;
        Ok(self.client.query_opt(&stmt, params)?)
    }

    pub(crate) fn one(&mut self, sql: &str, params: &Params) -> R<Row> {
        let stmt = self.statement(sql)?;
        Ok(self.client.query_one(&stmt, params)?)
    }

    pub(crate) fn exec(&mut self, sql: &str, params: &Params) -> R<u64> {
        let stmt = self.statement(sql)?;
        Ok(self.client.execute(&stmt, params)?)
    }

    fn begin(&mut self, read_only: bool) -> R<()> {
        self.in_tx = true;
        self.client.batch_execute(if read_only {
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
        } else {
            "BEGIN"
        })?;
        Ok(())
    }

    fn commit(&mut self) -> R<()> {
        self.client.batch_execute("COMMIT")?;
        self.in_tx = false;
        Ok(())
    }

    fn rollback(&mut self) {
        if self.client.batch_execute("ROLLBACK").is_ok() {
            self.in_tx = false;
        }
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled
    /// back otherwise.
    fn transaction<T>(&mut self, read_only: bool, f: impl FnOnce(&mut Conn) -> R<T>) -> R<T> {
        self.begin(read_only)?;
        match f(self) {
            Ok(value) => {
                self.commit()?;
                Ok(value)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }
}

/// A few connections, opened when needed and kept while idle.
struct Pool {
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Conn>,
    /// Connections open, idle or in use.
    open: usize,
}

/// A connection taken from the pool; it goes back when dropped (or is
/// closed, when broken or left inside a transaction).
struct Pooled<'a> {
    conn: Option<Conn>,
    pool: &'a Pool,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
            .as_ref()
            .expect("a pooled connection is there until dropped")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn
            .as_mut()
            .expect("a pooled connection is there until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        let mut state = self.pool.lock();
        if conn.in_tx || conn.client.is_closed() {
            state.open -= 1;
            drop(state);
            // Closing a client drops its runtime: not on an async thread.
            blocking(move || drop(conn));
        } else {
            state.idle.push(conn);
            drop(state);
        }
        self.pool.freed.notify_one();
    }
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.pool.lock().idle);
        blocking(move || drop(idle));
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut out = String::new();
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => {
                    let user = userinfo.split(':').next().unwrap_or("");
                    out.push_str(user);
                    out.push('@');
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(base),
    }
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// PostgreSQL's text cannot hold U+0000, which SQLite's keeps: text from
/// outside (feeds, pages, answers of sinks, filters) has it as U+FFFD.
pub(crate) fn t(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn to(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(t)
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn get<'a, T: FromSql<'a>>(row: &'a Row, i: usize) -> R<T> {
    Ok(row.try_get(i)?)
}

fn count(row: &Row, i: usize) -> R<u64> {
    Ok(get::<i64>(row, i)?.max(0) as u64)
}

fn offset(row: &Row, i: usize) -> R<usize> {
    Ok(get::<i64>(row, i)?.max(0) as usize)
}

fn quad_class(row: &Row, i: usize) -> R<u8> {
    let v: i64 = get(row, i)?;
    u8::try_from(v)
        .map_err(|_| E::Store(StoreError::Corrupt(format!("an event's quad class is {v}"))))
}

impl PostgresStore {
    /// Connects to the database a `postgres://` URL names and brings its
    /// schema up to date.
    pub fn open(url: &str) -> Result<PostgresStore> {
        let label = redact_url(url);
        let mut config: Config =
            url.parse()
                .map_err(|e: ::postgres::Error| StoreError::BadUrl {
                    url: label.clone(),
                    why: e.to_string(),
                })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("warta");
        }
        let store = PostgresStore {
            label,
            url: url.to_string(),
            config,
            pool: Pool {
                state: Mutex::new(PoolState {
                    idle: Vec::new(),
                    open: 0,
                }),
                freed: Condvar::new(),
            },
        };
        store.run("bringing the schema up to date", |conn| {
            migrate(conn, &store.label)
        })?;
        Ok(store)
    }

    fn wrap(&self, what: &str, e: E) -> StoreError {
        match e {
            E::Store(e) => e,
            E::Pg(source) => StoreError::Postgres {
                url: self.label.clone(),
                what: what.to_string(),
                source,
            },
        }
    }

    /// A connection from the pool, opened when none is idle.
    fn checkout(&self, what: &str) -> Result<Pooled<'_>> {
        let mut state = self.pool.lock();
        let deadline = std::time::Instant::now() + CHECKOUT_TIMEOUT;
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(Pooled {
                    conn: Some(conn),
                    pool: &self.pool,
                });
            }
            if state.open < MAX_CONNECTIONS {
                state.open += 1;
                drop(state);
                let config = &self.config;
                return match blocking(move || config.connect(NoTls)) {
                    Ok(client) => Ok(Pooled {
                        conn: Some(Conn {
                            client,
                            statements: HashMap::new(),
                            in_tx: false,
                        }),
                        pool: &self.pool,
                    }),
                    Err(source) => {
                        self.pool.lock().open -= 1;
                        self.pool.freed.notify_one();
                        Err(StoreError::Postgres {
                            url: self.label.clone(),
                            what: format!("connecting ({what})"),
                            source,
                        })
                    }
                };
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                return Err(StoreError::Busy {
                    url: self.label.clone(),
                    why: format!(
                        "{what}: all {MAX_CONNECTIONS} connections stayed busy for {} s",
                        CHECKOUT_TIMEOUT.as_secs()
                    ),
                });
            }
            state = self
                .pool
                .freed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Runs `f` on a connection, outside a transaction of ours.
    fn run<T: Send>(&self, what: &str, f: impl FnOnce(&mut Conn) -> R<T> + Send) -> Result<T> {
        let mut conn = self.checkout(what)?;
        let conn = &mut *conn;
        blocking(move || f(conn)).map_err(|e| self.wrap(what, e))
    }

    /// Runs `f` in one read-write transaction.
    fn write<T: Send>(&self, what: &str, f: impl FnOnce(&mut Conn) -> R<T> + Send) -> Result<T> {
        self.run(what, |conn| conn.transaction(false, f))
    }

    /// Runs `f` in one read-only transaction: one snapshot for all its
    /// statements.
    fn read<T: Send>(&self, what: &str, f: impl FnOnce(&mut Conn) -> R<T> + Send) -> Result<T> {
        self.run(what, |conn| conn.transaction(true, f))
    }

    /// Runs one statement that must change a row; `missing` names what was
    /// not there.
    fn change_one(
        &self,
        what: &str,
        sql: &str,
        params: &Params,
        missing: impl FnOnce() -> StoreError,
    ) -> Result<()> {
        if self.write(what, |c| c.exec(sql, params))? == 0 {
            return Err(missing());
        }
        Ok(())
    }

    /// The story change of `place_in_story` in the transaction `conn` has
    /// begun (committed here, or rolled back on error): the placement, its
    /// placement sequence number when given, the merges it names (under
    /// the story lock, which a round holds already), then the deliveries
    /// the outbox names (on the caller's thread, as it need not be Send).
    /// Returns the deliveries queued and the articles the merges moved.
    fn finish_placement(
        &self,
        conn: &mut Conn,
        article: i64,
        placement: &StoryPlacement,
        outbox: Option<&Outbox<'_>>,
        seq: Option<i64>,
    ) -> Result<(usize, Vec<i64>)> {
        let what = "placing an article in a story";
        let want_view = outbox.is_some();
        let mut moved = Vec::new();
        let mut story = placement.story;
        let view = blocking(|| -> R<Option<StoryView>> {
            let step = (|| {
                if seq.is_none() && !placement.merged.is_empty() {
                    conn.exec(STORY_LOCK, &[])?;
                }
                // A story merged into another stands for that one.
                story = resolve_story(conn, placement.story)?;
                let placement = &StoryPlacement {
                    story,
                    ..placement.clone()
                };
                conn.exec(
                    "INSERT INTO stories (id, title, first_seen, last_seen) VALUES ($1, $2, $3, $3)
                     ON CONFLICT (id) DO UPDATE SET
                        first_seen = LEAST(stories.first_seen, excluded.first_seen),
                        last_seen = GREATEST(stories.last_seen, excluded.last_seen),
                        title = COALESCE(stories.title, excluded.title)",
                    &[&placement.story, &placement.title, &placement.seen],
                )?;
                let previous: Option<i64> = conn
                    .opt(
                        "SELECT story_id FROM articles WHERE id = $1 FOR UPDATE",
                        &[&article],
                    )?
                    .map(|r| get::<Option<i64>>(&r, 0))
                    .transpose()?
                    .flatten();
                conn.exec(
                    "UPDATE articles SET story_id = $2, duplicate_of = $3,
                        placed_seq = COALESCE($4, placed_seq) WHERE id = $1",
                    &[&article, &placement.story, &placement.duplicate_of, &seq],
                )?;
                for story in [Some(placement.story), previous].into_iter().flatten() {
                    conn.exec(
                        "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = $1)
                         WHERE id = $1",
                        &[&story],
                    )?;
                }
                if !placement.merged.is_empty() {
                    if let Some(m) = merge_steps(conn, placement.story, &placement.merged, seq)? {
                        moved = m.moved;
                    }
                }
                if want_view {
                    story_view(conn, placement.story)
                } else {
                    Ok(None)
                }
            })();
            if step.is_err() {
                conn.rollback();
            }
            step
        })
        .map_err(|e| self.wrap(what, e))?;
        let wanted = match (outbox, &view) {
            (Some(outbox), Some(view)) => outbox(view),
            _ => Vec::new(),
        };
        let queued = blocking(|| -> R<usize> {
            let step = insert_deliveries(conn, story, &wanted, placement.seen);
            match step {
                Ok(n) => {
                    conn.commit()?;
                    Ok(n)
                }
                Err(e) => {
                    conn.rollback();
                    Err(e)
                }
            }
        })
        .map_err(|e| self.wrap(what, e))?;
        Ok((queued, moved))
    }

    fn source_where(&self, condition: &str, params: &Params) -> Result<Option<Source>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE {condition}");
        self.run("reading a source", |c| {
            c.opt(&sql, params)?
                .map(|r| source_from_row(&r))
                .transpose()
        })
    }

    /// Walks articles first seen at or after `since`, by id, a page at a
    /// time; `f` runs between pages, on the caller's thread.
    fn articles_since(
        &self,
        since: i64,
        f: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let mut after = i64::MIN;
        loop {
            let page = self.run("reading articles", |c| {
                let rows = c.query(
                    "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                     FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                     WHERE a.id > $1 AND a.first_seen >= $2 ORDER BY a.id LIMIT $3",
                    &[&after, &since, &PAGE],
                )?;
                rows.iter().map(stored_article).collect::<R<Vec<_>>>()
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            for article in page {
                f(article)?;
            }
        }
    }
}

fn migrate(conn: &mut Conn, label: &str) -> R<()> {
    conn.transaction(false, |c| {
        // Workers started together: one migrates, the others wait and find
        // the work done.
        c.client.batch_execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('warta-store: migrate', 0))",
        )?;
        c.client
            .batch_execute("CREATE TABLE IF NOT EXISTS warta_schema (version BIGINT NOT NULL)")?;
        let version: i64 = match c
            .client
            .query_opt("SELECT version FROM warta_schema", &[])?
        {
            Some(row) => get(&row, 0)?,
            None => {
                c.client
                    .execute("INSERT INTO warta_schema (version) VALUES (0)", &[])?;
                0
            }
        };
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(E::Store(StoreError::TooNew {
                path: label.to_string(),
                found: version,
                known,
            }));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            c.client.batch_execute(sql)?;
            c.client
                .execute("UPDATE warta_schema SET version = $1", &[&(i as i64 + 1)])?;
        }
        Ok(())
    })
}

const SOURCE_COLUMNS: &str = "id, url, kind, title, site_url, category, state, settings, etag, \
     last_modified, poll_interval, next_poll_at, last_polled_at, last_ok_at, last_error, \
     error_count, added_at";

fn source_from_row(row: &Row) -> R<Source> {
    let kind: String = get(row, 2)?;
    let settings: String = get(row, 7)?;
    Ok(Source {
        id: get(row, 0)?,
        url: get(row, 1)?,
        kind: SourceKind::parse(&kind).unwrap_or(SourceKind::Feed),
        title: get(row, 3)?,
        site_url: get(row, 4)?,
        category: get(row, 5)?,
        state: get(row, 6)?,
        // As in SQLite: unreadable settings fall back to none rather than
        // hiding the source.
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        etag: get(row, 8)?,
        last_modified: get(row, 9)?,
        poll_interval: get(row, 10)?,
        next_poll_at: get(row, 11)?,
        last_polled_at: get(row, 12)?,
        last_ok_at: get(row, 13)?,
        last_error: get(row, 14)?,
        error_count: get(row, 15)?,
        added_at: get(row, 16)?,
    })
}

/// `id, url, source url, fetched, story_id, duplicate_of, fetch_error,
/// analysis` -> the article.
fn stored_article(row: &Row) -> R<StoredArticle> {
    let id: i64 = get(row, 0)?;
    let blob: Vec<u8> = get(row, 7)?;
    Ok(StoredArticle {
        id,
        url: get(row, 1)?,
        source: get(row, 2)?,
        fetched: get(row, 3)?,
        story: get(row, 4)?,
        duplicate_of: get(row, 5)?,
        fetch_error: get(row, 6)?,
        analysis: read_analysis(&blob, id)?,
    })
}

/// `id, source_id, source url, settings, attempts, key, url, title,
/// content, published, updated, authors` -> the queued entry.
fn queued_item(row: &Row) -> R<QueuedItem> {
    let settings: Option<String> = get(row, 3)?;
    let authors: String = get(row, 11)?;
    Ok(QueuedItem {
        id: get(row, 0)?,
        source_id: get(row, 1)?,
        source_url: get(row, 2)?,
        settings: settings
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        attempts: get(row, 4)?,
        item: NewItem {
            key: get(row, 5)?,
            url: get(row, 6)?,
            title: get(row, 7)?,
            content: get(row, 8)?,
            published: get(row, 9)?,
            updated: get(row, 10)?,
            authors: serde_json::from_str(&authors).unwrap_or_default(),
        },
    })
}

const EVENT_COLUMNS: &str = "id, article_id, url, fetched, source, target, code, root, \
     quad_class, goldstein, negated, date, location, sentence, start, \"end\"";

pub(crate) fn event_from_row(row: &Row) -> R<StoredEvent> {
    Ok(StoredEvent {
        id: get(row, 0)?,
        article_id: get(row, 1)?,
        url: get(row, 2)?,
        fetched: get(row, 3)?,
        event: warta_events::Event {
            source: get(row, 4)?,
            target: get(row, 5)?,
            code: get(row, 6)?,
            root: get(row, 7)?,
            quad_class: quad_class(row, 8)?,
            goldstein: get::<f64>(row, 9)? as f32,
            negated: get(row, 10)?,
            date: get(row, 11)?,
            location: get(row, 12)?,
            sentence: get(row, 13)?,
            start: offset(row, 14)?,
            end: offset(row, 15)?,
        },
    })
}

/// Writes an article's parts (blocks, images, entities, quotes, events),
/// replacing what was there: one statement per table, the rows as arrays.
fn write_parts(c: &mut Conn, id: i64, url: &str, fetched: i64, analysis: &Analysis) -> R<()> {
    let url = t(url);
    c.exec(
        "WITH b AS (DELETE FROM blocks WHERE article_id = $1),
              i AS (DELETE FROM images WHERE article_id = $1),
              e AS (DELETE FROM entities WHERE article_id = $1),
              q AS (DELETE FROM quotes WHERE article_id = $1)
         DELETE FROM events WHERE article_id = $1",
        &[&id],
    )?;
    let article = &analysis.article;
    if !article.blocks.is_empty() {
        let pos: Vec<i64> = (0..article.blocks.len() as i64).collect();
        let kinds: Vec<String> = article
            .blocks
            .iter()
            .map(|b| {
                serde_json::to_value(b.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let texts: Vec<Cow<str>> = article.blocks.iter().map(|b| t(&b.text)).collect();
        c.exec(
            "INSERT INTO blocks (article_id, pos, kind, text)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])",
            &[&id, &pos, &kinds, &texts],
        )?;
    }
    if !article.images.is_empty() {
        let pos: Vec<i64> = (0..article.images.len() as i64).collect();
        let src: Vec<Option<Cow<str>>> = article.images.iter().map(|i| to(&i.src)).collect();
        let caption: Vec<Option<Cow<str>>> =
            article.images.iter().map(|i| to(&i.caption)).collect();
        let credit: Vec<Option<Cow<str>>> = article.images.iter().map(|i| to(&i.credit)).collect();
        c.exec(
            "INSERT INTO images (article_id, pos, src, caption, credit)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])",
            &[&id, &pos, &src, &caption, &credit],
        )?;
    }
    let entities = &analysis.entities;
    if !entities.is_empty() {
        let pos: Vec<i64> = (0..entities.len() as i64).collect();
        let kind: Vec<&str> = entities.iter().map(|e| e.kind.as_str()).collect();
        let text: Vec<Cow<str>> = entities.iter().map(|e| t(&e.text)).collect();
        let canonical: Vec<Cow<str>> = entities.iter().map(|e| t(&e.canonical)).collect();
        let actor: Vec<Option<Cow<str>>> = entities.iter().map(|e| to(&e.actor)).collect();
        let start: Vec<i64> = entities.iter().map(|e| e.start as i64).collect();
        let end: Vec<i64> = entities.iter().map(|e| e.end as i64).collect();
        c.exec(
            "INSERT INTO entities (article_id, pos, kind, text, canonical, actor, start, \"end\")
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                                      $7::bigint[], $8::bigint[])",
            &[&id, &pos, &kind, &text, &canonical, &actor, &start, &end],
        )?;
    }
    let quotes = &analysis.quotes;
    if !quotes.is_empty() {
        let pos: Vec<i64> = (0..quotes.len() as i64).collect();
        let speaker: Vec<Option<Cow<str>>> = quotes.iter().map(|q| to(&q.speaker)).collect();
        let text: Vec<Cow<str>> = quotes.iter().map(|q| t(&q.text)).collect();
        let start: Vec<i64> = quotes.iter().map(|q| q.start as i64).collect();
        let end: Vec<i64> = quotes.iter().map(|q| q.end as i64).collect();
        c.exec(
            "INSERT INTO quotes (article_id, pos, speaker, text, start, \"end\")
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])",
            &[&id, &pos, &speaker, &text, &start, &end],
        )?;
    }
    let events = &analysis.events;
    if !events.is_empty() {
        let pos: Vec<i64> = (0..events.len() as i64).collect();
        let source: Vec<Cow<str>> = events.iter().map(|e| t(&e.source)).collect();
        let target: Vec<Cow<str>> = events.iter().map(|e| t(&e.target)).collect();
        let code: Vec<Cow<str>> = events.iter().map(|e| t(&e.code)).collect();
        let root: Vec<Cow<str>> = events.iter().map(|e| t(&e.root)).collect();
        let quad: Vec<i64> = events.iter().map(|e| i64::from(e.quad_class)).collect();
        let goldstein: Vec<f64> = events.iter().map(|e| f64::from(e.goldstein)).collect();
        let negated: Vec<bool> = events.iter().map(|e| e.negated).collect();
        let date: Vec<Option<Cow<str>>> = events.iter().map(|e| to(&e.date)).collect();
        let location: Vec<Option<Cow<str>>> = events.iter().map(|e| to(&e.location)).collect();
        let sentence: Vec<Cow<str>> = events.iter().map(|e| t(&e.sentence)).collect();
        let start: Vec<i64> = events.iter().map(|e| e.start as i64).collect();
        let end: Vec<i64> = events.iter().map(|e| e.end as i64).collect();
        c.exec(
            "INSERT INTO events (article_id, url, fetched, pos, source, target, code, root,
                quad_class, goldstein, negated, date, location, sentence, start, \"end\")
             SELECT $1, $2, $3, u.* FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::bigint[], $10::float8[], $11::bool[], $12::text[], $13::text[],
                $14::text[], $15::bigint[], $16::bigint[])
                AS u(pos, source, target, code, root, quad_class, goldstein, negated, date,
                     location, sentence, start, \"end\")
             -- ids in the order of the article, as SQLite gives them
             ORDER BY u.pos",
            &[
                &id, &url, &fetched, &pos, &source, &target, &code, &root, &quad, &goldstein,
                &negated, &date, &location, &sentence, &start, &end,
            ],
        )?;
    }
    Ok(())
}

/// The story lock: story rounds and merges of all workers run one after
/// the other (held to the transaction's end).
const STORY_LOCK: &str =
    "SELECT pg_advisory_xact_lock(hashtextextended('warta-store: stories', 0))";

/// The mark of the latest placement or merge (`placed_seq` and
/// `merged_seq` share one sequence).
const MARK: &str = "GREATEST((SELECT COALESCE(MAX(placed_seq), 0) FROM articles), \
     (SELECT COALESCE(MAX(merged_seq), 0) FROM stories))";

/// The story an id stands for now: itself, or the story it was merged
/// into.
fn resolve_story(c: &mut Conn, story: i64) -> R<i64> {
    let mut id = story;
    // Merges point at live stories (chains are flattened); the bound only
    // guards against damaged data.
    for _ in 0..64 {
        let next: Option<i64> =
            match c.opt("SELECT merged_into FROM stories WHERE id = $1", &[&id])? {
                Some(row) => get(&row, 0)?,
                None => None,
            };
        match next {
            Some(n) if n != id => id = n,
            _ => break,
        }
    }
    Ok(id)
}

/// Merges `absorbed` into `into` in the transaction `c` has begun, under
/// the story lock (see [`Store::merge_stories`]); `seq` is the mark the
/// merges take (the next one when `None`). `None` when `into` is not a
/// story.
fn merge_steps(
    c: &mut Conn,
    into: i64,
    absorbed: &[i64],
    seq: Option<i64>,
) -> R<Option<MergeOutcome>> {
    let into = resolve_story(c, into)?;
    if c.opt("SELECT 1 FROM stories WHERE id = $1 FOR UPDATE", &[&into])?
        .is_none()
    {
        return Ok(None);
    }
    let seq: i64 = match seq {
        Some(seq) => seq,
        None => get(&c.one(&format!("SELECT {MARK} + 1"), &[])?, 0)?,
    };
    let mut out = MergeOutcome {
        into,
        ..MergeOutcome::default()
    };
    for &gone in absorbed {
        if gone == into {
            continue;
        }
        let live = match c.opt(
            "SELECT merged_into FROM stories WHERE id = $1 FOR UPDATE",
            &[&gone],
        )? {
            Some(row) => get::<Option<i64>>(&row, 0)?.is_none(),
            None => false,
        };
        if !live {
            continue; // unknown, or merged already
        }
        let moved = c
            .query(
                "UPDATE articles SET story_id = $2 WHERE story_id = $1 RETURNING id",
                &[&gone, &into],
            )?
            .iter()
            .map(|r| get::<i64>(r, 0))
            .collect::<R<Vec<_>>>()?;
        c.exec(
            "UPDATE stories k SET
                first_seen = LEAST(k.first_seen, g.first_seen),
                last_seen = GREATEST(k.last_seen, g.last_seen),
                title = COALESCE(k.title, g.title)
             FROM stories g WHERE g.id = $1 AND k.id = $2",
            &[&gone, &into],
        )?;
        // A story is delivered once per rule and sink: the absorbed
        // story's deliveries count for the merged one, unless it has its
        // own; a pending one left behind is not sent.
        c.exec(
            "UPDATE deliveries d SET story_id = $2 WHERE d.story_id = $1 AND NOT EXISTS
                (SELECT 1 FROM deliveries e WHERE e.story_id = $2 AND e.rule_id = d.rule_id AND e.sink = d.sink)",
            &[&gone, &into],
        )?;
        c.exec(
            "UPDATE deliveries SET state = 'merged' WHERE story_id = $1 AND state = 'pending'",
            &[&gone],
        )?;
        c.exec(
            "UPDATE stories SET merged_into = $2, merged_seq = $3, articles = 0 WHERE id = $1",
            &[&gone, &into, &seq],
        )?;
        c.exec(
            "UPDATE stories SET merged_into = $2 WHERE merged_into = $1",
            &[&gone, &into],
        )?;
        let mut moved = moved;
        moved.sort_unstable();
        out.moved.extend(moved);
        out.merged.push(gone);
    }
    c.exec(
        "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = $1) WHERE id = $1",
        &[&into],
    )?;
    Ok(Some(out))
}

/// A story with its reports (oldest first), their events and actors.
fn story_view(c: &mut Conn, story: i64) -> R<Option<StoryView>> {
    let story = resolve_story(c, story)?;
    let Some(row) = c.opt(
        "SELECT id, title, first_seen, last_seen FROM stories WHERE id = $1",
        &[&story],
    )?
    else {
        return Ok(None);
    };
    let mut view = StoryView {
        id: get(&row, 0)?,
        title: get::<Option<String>>(&row, 1)?.unwrap_or_default(),
        first_seen: get(&row, 2)?,
        last_seen: get(&row, 3)?,
        ..StoryView::default()
    };
    let rows = c.query(
        "SELECT a.id, a.url, a.site, a.lang, a.title, a.published,
            (SELECT string_agg(text, E'\n' ORDER BY pos) FROM
                (SELECT text, pos FROM blocks WHERE article_id = a.id AND kind = 'paragraph' ORDER BY pos LIMIT 2) p),
            (SELECT src FROM images WHERE article_id = a.id AND src IS NOT NULL ORDER BY pos LIMIT 1)
         FROM articles a WHERE a.story_id = $1 ORDER BY a.first_seen, a.id",
        &[&story],
    )?;
    for r in &rows {
        view.articles.push(ArticleView {
            id: get(r, 0)?,
            url: get(r, 1)?,
            outlet: get(r, 2)?,
            lang: get(r, 3)?,
            title: get::<Option<String>>(r, 4)?.unwrap_or_default(),
            published: get(r, 5)?,
            lead: get::<Option<String>>(r, 6)?.unwrap_or_default(),
            image: get(r, 7)?,
        });
    }
    let rows = c.query(
        "SELECT source, target, code, root, goldstein, quad_class, date, location, sentence
         FROM events WHERE article_id IN (SELECT id FROM articles WHERE story_id = $1) ORDER BY id",
        &[&story],
    )?;
    for r in &rows {
        view.events.push(EventView {
            source: get(r, 0)?,
            target: get(r, 1)?,
            code: get(r, 2)?,
            root: get(r, 3)?,
            goldstein: get::<f64>(r, 4)? as f32,
            quad_class: quad_class(r, 5)?,
            date: get(r, 6)?,
            location: get(r, 7)?,
            sentence: get(r, 8)?,
        });
    }
    let rows = c.query(
        "SELECT DISTINCT actor FROM entities WHERE actor IS NOT NULL
         AND article_id IN (SELECT id FROM articles WHERE story_id = $1) ORDER BY actor",
        &[&story],
    )?;
    view.actors = rows.iter().map(|r| get(r, 0)).collect::<R<_>>()?;
    Ok(Some(view))
}

const RULE_COLUMNS: &str = "id, name, definition, paused, created_at";

fn rule_from_row(row: &Row) -> R<StoredRule> {
    Ok(StoredRule {
        id: get(row, 0)?,
        name: get(row, 1)?,
        definition: get(row, 2)?,
        paused: get(row, 3)?,
        created_at: get(row, 4)?,
    })
}

const DELIVERY_COLUMNS: &str = "d.id, d.rule_id, r.name, d.story_id, d.sink, d.state, d.attempts, \
     d.last_error, d.created_at, d.sent_at, d.receipt";

fn delivery_from_row(row: &Row) -> R<Delivery> {
    Ok(Delivery {
        id: get(row, 0)?,
        rule_id: get(row, 1)?,
        rule: get(row, 2)?,
        story_id: get(row, 3)?,
        sink: get(row, 4)?,
        state: get(row, 5)?,
        attempts: get(row, 6)?,
        last_error: get(row, 7)?,
        created_at: get(row, 8)?,
        sent_at: get(row, 9)?,
        receipt: get(row, 10)?,
    })
}

/// Queues deliveries; the unique (rule, story, sink) makes it once ever.
fn insert_deliveries(c: &mut Conn, story: i64, deliveries: &[NewDelivery], now: i64) -> R<usize> {
    let mut added = 0;
    for d in deliveries {
        added += c.exec(
            "INSERT INTO deliveries (rule_id, story_id, sink, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
            &[&d.rule_id, &story, &d.sink, &now],
        )?;
    }
    Ok(added as usize)
}

impl Store for PostgresStore {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn add_source(&self, source: &NewSource, now: i64) -> Result<Source> {
        let settings = serde_json::to_string(&source.settings).expect("settings serialise");
        let sql = format!(
            "INSERT INTO sources (url, kind, title, site_url, category, settings, added_at, next_poll_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (url) DO NOTHING
             RETURNING {SOURCE_COLUMNS}"
        );
        self.write("adding a source", |c| {
            let row = c.opt(
                &sql,
                &[
                    &source.url,
                    &source.kind.as_str(),
                    &source.title,
                    &source.site_url,
                    &source.category,
                    &settings,
                    &now,
                ],
            )?;
            match row {
                Some(row) => source_from_row(&row),
                None => {
                    let row = c.one("SELECT id FROM sources WHERE url = $1", &[&source.url])?;
                    Err(E::Store(StoreError::SourceExists {
                        id: get(&row, 0)?,
                        url: source.url.clone(),
                    }))
                }
            }
        })
    }

    fn sources(&self) -> Result<Vec<Source>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id");
        self.run("listing sources", |c| {
            c.query(&sql, &[])?.iter().map(source_from_row).collect()
        })
    }

    fn find_source(&self, reference: &str) -> Result<Source> {
        let found = match reference.parse::<i64>() {
            Ok(id) => self.source_where("id = $1", &[&id])?,
            Err(_) => self.source_where("url = $1", &[&reference])?,
        };
        found.ok_or_else(|| StoreError::NoSource(reference.to_string()))
    }

    fn set_source_paused(&self, id: i64, paused: bool) -> Result<()> {
        let state = if paused { "paused" } else { "active" };
        // Resuming polls at once rather than after the old interval.
        self.change_one(
            "pausing or resuming a source",
            "UPDATE sources SET state = $2,
                next_poll_at = CASE WHEN $2::text = 'active' THEN 0 ELSE next_poll_at END
             WHERE id = $1",
            &[&id, &state],
            || StoreError::NoSource(id.to_string()),
        )
    }

    fn remove_source(&self, id: i64) -> Result<()> {
        self.change_one(
            "removing a source",
            "DELETE FROM sources WHERE id = $1",
            &[&id],
            || StoreError::NoSource(id.to_string()),
        )
    }

    fn set_source_settings(&self, id: i64, settings: &SourceSettings) -> Result<()> {
        let json = serde_json::to_string(settings).expect("settings serialise");
        self.change_one(
            "changing a source's settings",
            "UPDATE sources SET settings = $2 WHERE id = $1",
            &[&id, &json],
            || StoreError::NoSource(id.to_string()),
        )
    }

    fn due_sources(&self, now: i64, limit_: usize) -> Result<Vec<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources WHERE state = 'active' AND next_poll_at <= $1
             ORDER BY next_poll_at, id LIMIT $2"
        );
        self.run("listing due sources", |c| {
            c.query(&sql, &[&now, &limit(limit_)])?
                .iter()
                .map(source_from_row)
                .collect()
        })
    }

    fn next_poll_at(&self) -> Result<Option<i64>> {
        self.run("finding the next poll", |c| {
            let row = c.one(
                "SELECT MIN(next_poll_at) FROM sources WHERE state = 'active'",
                &[],
            )?;
            get(&row, 0)
        })
    }

    fn record_poll(&self, id: i64, poll: &PollRecord, items: &[NewItem]) -> Result<usize> {
        let failed = poll.outcome == "error";
        let status = poll.status.map(i64::from);
        let bytes = poll.bytes.map(|b| b as i64);
        let elapsed = poll.elapsed_ms.map(|b| b as i64);
        let authors: Vec<String> = items
            .iter()
            .map(|i| serde_json::to_string(&i.authors).expect("authors serialise"))
            .collect();
        let (poll_url, poll_error, etag, last_modified, title) = (
            t(&poll.url),
            to(&poll.error),
            to(&poll.etag),
            to(&poll.last_modified),
            to(&poll.title),
        );
        self.write("recording a poll", |c| {
            c.exec(
                "UPDATE sources SET
                    last_polled_at = $2,
                    poll_interval = $3,
                    next_poll_at = $4,
                    etag = CASE WHEN $5::text = 'fetched' THEN $6::text ELSE etag END,
                    last_modified = CASE WHEN $5::text = 'fetched' THEN $7::text ELSE last_modified END,
                    last_error = $8,
                    error_count = CASE WHEN $9::boolean THEN error_count + 1 ELSE 0 END,
                    last_ok_at = CASE WHEN $9::boolean THEN last_ok_at ELSE $2 END,
                    title = COALESCE(title, $10)
                 WHERE id = $1",
                &[
                    &id,
                    &poll.at,
                    &poll.poll_interval,
                    &poll.next_poll_at,
                    &poll.outcome,
                    &etag,
                    &last_modified,
                    &poll_error,
                    &failed,
                    &title,
                ],
            )?;
            c.exec(
                "INSERT INTO fetch_log (source_id, url, at, status, bytes, elapsed_ms, outcome, error)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &id,
                    &poll_url,
                    &poll.at,
                    &status,
                    &bytes,
                    &elapsed,
                    &poll.outcome,
                    &poll_error,
                ],
            )?;
            let mut queued = 0;
            for (item, authors) in items.iter().zip(&authors) {
                queued += c.exec(
                    "INSERT INTO items (source_id, key, url, title, content, published, updated, authors, seen_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                     ON CONFLICT (source_id, key) DO UPDATE SET
                        url = excluded.url, title = excluded.title, content = excluded.content,
                        published = excluded.published, updated = excluded.updated,
                        authors = excluded.authors, state = 'pending', attempts = 0
                     WHERE excluded.updated IS NOT NULL
                       AND (items.updated IS NULL OR excluded.updated > items.updated)
                       AND items.state <> 'pending'",
                    &[
                        &id,
                        &t(&item.key),
                        &to(&item.url),
                        &to(&item.title),
                        &to(&item.content),
                        &to(&item.published),
                        &to(&item.updated),
                        authors,
                        &poll.at,
                    ],
                )?;
            }
            Ok(queued as usize)
        })
    }

    fn pending_items(&self, limit_: usize, exclude: &[i64]) -> Result<Vec<QueuedItem>> {
        let rows = self.run("listing queued entries", |c| {
            c.query(
                "SELECT i.id, i.source_id, s.url, s.settings, i.attempts, i.key, i.url, i.title,
                        i.content, i.published, i.updated, i.authors
                 FROM items i LEFT JOIN sources s ON s.id = i.source_id
                 WHERE i.state = 'pending' ORDER BY i.id LIMIT $1",
                &[&limit(limit_.saturating_add(exclude.len()))],
            )
        })?;
        let mut out = Vec::new();
        for row in &rows {
            let item = queued_item(row).map_err(|e| self.wrap("reading a queued entry", e))?;
            if !exclude.contains(&item.id) {
                out.push(item);
                if out.len() == limit_ {
                    break;
                }
            }
        }
        Ok(out)
    }

    fn pending_count(&self) -> Result<u64> {
        self.run("counting queued entries", |c| {
            let row = c.one("SELECT COUNT(*) FROM items WHERE state = 'pending'", &[])?;
            count(&row, 0)
        })
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
        let published_at = published_at(meta.published.as_deref());
        let (url, canonical, guid) = (
            t(&article.url),
            canonical.as_deref().map(t),
            to(&article.guid),
        );
        let (site, lang, title, published) = (
            to(&meta.site),
            to(&meta.lang),
            to(&meta.title),
            to(&meta.published),
        );
        let (fetch_error, raw_type) = (to(&article.fetch_error), raw_type.as_deref().map(t));
        // Whatever could make two saves the same article: locked (by hash,
        // in one order) until the commit.
        let mut keys = vec![format!("url {url}")];
        if let Some(c) = &canonical {
            keys.push(format!("url {c}"));
        }
        if let Some(g) = &guid {
            keys.push(format!("guid {:?} {g}", article.source_id));
        }
        self.write("saving an article", |c| {
            c.exec(
                "SELECT pg_advisory_xact_lock(h) FROM
                    (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS keys",
                &[&keys],
            )?;
            let existing: Option<i64> = c
                .opt(
                    "SELECT id FROM articles
                     WHERE url = $1 OR canonical_url = $1 OR url = $2 OR canonical_url = $2
                        OR (source_id = $4 AND guid = $3)
                        OR ($4::bigint IS NULL AND source_id IS NULL AND guid = $3)
                     ORDER BY id LIMIT 1",
                    &[&url, &canonical, &guid, &article.source_id],
                )?
                .map(|r| get(&r, 0))
                .transpose()?;
            // An update keeps the URL as first seen: it is the article's
            // name in exports and links.
            let (id, url): (i64, String) = match existing {
                Some(id) => {
                    let row = c.one(
                        "UPDATE articles SET canonical_url = COALESCE($2, canonical_url),
                            guid = COALESCE($3, guid), source_id = COALESCE($4, source_id),
                            site = $5, lang = $6, title = $7, published = $8, published_at = $9,
                            fetched = $10, fetch_error = $11,
                            raw = COALESCE($12, raw),
                            raw_type = CASE WHEN $12::bytea IS NULL THEN raw_type ELSE $13 END,
                            analysis = $14
                         WHERE id = $1 RETURNING url",
                        &[
                            &id,
                            &canonical,
                            &guid,
                            &article.source_id,
                            &site,
                            &lang,
                            &title,
                            &published,
                            &published_at,
                            &article.fetched,
                            &fetch_error,
                            &raw,
                            &raw_type,
                            &blob,
                        ],
                    )?;
                    (id, get(&row, 0)?)
                }
                None => {
                    let row = c.one(
                        "INSERT INTO articles (url, canonical_url, guid, source_id, site, lang, title,
                            published, published_at, fetched, first_seen, fetch_error, raw, raw_type, analysis)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14)
                         RETURNING id",
                        &[
                            &url,
                            &canonical,
                            &guid,
                            &article.source_id,
                            &site,
                            &lang,
                            &title,
                            &published,
                            &published_at,
                            &article.fetched,
                            &fetch_error,
                            &raw,
                            &raw_type,
                            &blob,
                        ],
                    )?;
                    (get(&row, 0)?, url.to_string())
                }
            };
            write_parts(c, id, &url, article.fetched, analysis)?;
            if let Some(item) = item {
                c.exec(
                    "UPDATE items SET state = 'done', article_id = $2, last_error = $3,
                        attempts = attempts + 1 WHERE id = $1",
                    &[&item, &id, &fetch_error],
                )?;
            }
            Ok(id)
        })
    }

    fn fail_item(&self, item: i64, error: &str, give_up: bool) -> Result<()> {
        self.write("recording a failed entry", |c| {
            c.exec(
                "UPDATE items SET attempts = attempts + 1, last_error = $2,
                    state = CASE WHEN $3::boolean THEN 'failed' ELSE state END,
                    claimed_by = NULL, claimed_until = 0
                 WHERE id = $1",
                &[&item, &t(error), &give_up],
            )?;
            Ok(())
        })
    }

    fn place_in_story(
        &self,
        article: i64,
        placement: &StoryPlacement,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<usize> {
        let what = "placing an article in a story";
        let mut conn = self.checkout(what)?;
        let conn = &mut *conn;
        blocking(|| -> R<()> {
            conn.begin(false)?;
            Ok(())
        })
        .map_err(|e| self.wrap(what, e))?;
        self.finish_placement(conn, article, placement, outbox, None)
            .map(|(queued, _)| queued)
    }

    fn merge_stories(&self, into: i64, absorbed: &[i64]) -> Result<MergeOutcome> {
        self.write("merging stories", |c| {
            c.exec(STORY_LOCK, &[])?;
            merge_steps(c, into, absorbed, None)
        })?
        .ok_or(StoreError::NoStory(into))
    }

    fn story_mark(&self) -> Result<i64> {
        self.run("reading the story mark", |c| {
            let row = c.one(&format!("SELECT {MARK}"), &[])?;
            get(&row, 0)
        })
    }

    fn place_in_story_round(
        &self,
        article: i64,
        after: i64,
        decide: &mut dyn FnMut(&StoryRound) -> Option<StoryPlacement>,
        outbox: Option<&Outbox<'_>>,
    ) -> Result<RoundOutcome> {
        let what = "placing an article in a story";
        let mut conn = self.checkout(what)?;
        let conn = &mut *conn;
        // The story lock, held to the commit: rounds of all workers run
        // one after the other. Under it, what others placed since `after`
        // and the next free story id.
        let (round, mark) = blocking(|| -> R<(StoryRound, i64)> {
            conn.begin(false)?;
            let step = (|| {
                conn.exec(STORY_LOCK, &[])?;
                let placed = conn
                    .query(
                        "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                         FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                         WHERE a.placed_seq > $1 ORDER BY a.placed_seq",
                        &[&after],
                    )?
                    .iter()
                    .map(stored_article)
                    .collect::<R<Vec<_>>>()?;
                let merges = conn
                    .query(
                        "SELECT id, merged_into FROM stories WHERE merged_seq > $1
                         ORDER BY merged_seq, id",
                        &[&after],
                    )?
                    .iter()
                    .map(|r| {
                        Ok(StoryMerge {
                            story: get(r, 0)?,
                            into: get(r, 1)?,
                        })
                    })
                    .collect::<R<Vec<_>>>()?;
                let row = conn.one(
                    &format!(
                        "SELECT {MARK},
                            (SELECT COALESCE(MAX(id), 0) + 1 FROM stories),
                            (SELECT story_id FROM articles WHERE id = $1)"
                    ),
                    &[&article],
                )?;
                let round = StoryRound {
                    placed,
                    next_story: get(&row, 1)?,
                    current: get(&row, 2)?,
                    merges,
                };
                Ok((round, get(&row, 0)?))
            })();
            if step.is_err() {
                conn.rollback();
            }
            step
        })
        .map_err(|e| self.wrap(what, e))?;
        // The grouper decides on the caller's thread.
        let Some(placement) = decide(&round) else {
            blocking(|| conn.commit()).map_err(|e| self.wrap(what, e))?;
            return Ok(RoundOutcome {
                placed: false,
                queued: 0,
                mark,
                moved: Vec::new(),
            });
        };
        let (queued, moved) =
            self.finish_placement(conn, article, &placement, outbox, Some(mark + 1))?;
        Ok(RoundOutcome {
            placed: true,
            queued,
            mark: mark + 1,
            moved,
        })
    }

    fn unplaced_articles(&self, seen_before: i64, limit_: usize) -> Result<Vec<StoredArticle>> {
        self.run("listing unplaced articles", |c| {
            c.query(
                "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.story_id IS NULL AND a.first_seen <= $1 ORDER BY a.id LIMIT $2",
                &[&seen_before, &limit(limit_)],
            )?
            .iter()
            .map(stored_article)
            .collect()
        })
    }

    fn story_view(&self, story: i64) -> Result<Option<StoryView>> {
        self.read("reading a story", |c| story_view(c, story))
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>> {
        self.read("listing stories", |c| {
            crate::postgres_browse::stories(c, query)
        })
    }

    fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        self.run("reading an article", |c| {
            c.opt(
                "SELECT a.id, a.url, s.url, a.fetched, a.story_id, a.duplicate_of, a.fetch_error, a.analysis
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = $1",
                &[&id],
            )?
            .map(|r| stored_article(&r))
            .transpose()
        })
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<EventRecord>> {
        self.run("listing events", |c| {
            crate::postgres_browse::events(c, query)
        })
    }

    fn fetch_log(&self, source: i64, limit: usize) -> Result<Vec<FetchLogEntry>> {
        self.run("reading the fetch log", |c| {
            crate::postgres_browse::fetch_log(c, source, limit)
        })
    }

    fn for_each_recent_article(
        &self,
        since: i64,
        f: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        self.articles_since(since, f)
    }

    fn add_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule> {
        if self.find_rule(name).is_ok() {
            return Err(StoreError::RuleExists(name.to_string()));
        }
        self.put_rule(name, definition, now)
    }

    fn put_rule(&self, name: &str, definition: &str, now: i64) -> Result<StoredRule> {
        self.write("saving a rule", |c| {
            c.exec(
                "INSERT INTO rules (name, definition, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET definition = excluded.definition",
                &[&name, &definition, &now],
            )?;
            Ok(())
        })?;
        self.find_rule(name)
    }

    fn rules(&self) -> Result<Vec<StoredRule>> {
        let sql = format!("SELECT {RULE_COLUMNS} FROM rules ORDER BY id");
        self.run("listing rules", |c| {
            c.query(&sql, &[])?.iter().map(rule_from_row).collect()
        })
    }

    fn find_rule(&self, reference: &str) -> Result<StoredRule> {
        let by_id = reference.parse::<i64>().ok();
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM rules WHERE name = $1 OR id = $2 ORDER BY id LIMIT 1"
        );
        self.run("reading a rule", |c| {
            c.opt(&sql, &[&reference, &by_id])?
                .map(|r| rule_from_row(&r))
                .transpose()
        })?
        .ok_or_else(|| StoreError::NoRule(reference.to_string()))
    }

    fn set_rule_paused(&self, id: i64, paused: bool) -> Result<()> {
        self.change_one(
            "pausing or resuming a rule",
            "UPDATE rules SET paused = $2 WHERE id = $1",
            &[&id, &paused],
            || StoreError::NoRule(id.to_string()),
        )
    }

    fn remove_rule(&self, id: i64) -> Result<()> {
        self.change_one(
            "removing a rule",
            "DELETE FROM rules WHERE id = $1",
            &[&id],
            || StoreError::NoRule(id.to_string()),
        )
    }

    fn enqueue_deliveries(
        &self,
        story: i64,
        deliveries: &[NewDelivery],
        now: i64,
    ) -> Result<usize> {
        self.write("queueing deliveries", |c| {
            insert_deliveries(c, story, deliveries, now)
        })
    }

    fn due_deliveries(&self, now: i64, limit_: usize) -> Result<Vec<Delivery>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN rules r ON r.id = d.rule_id
             WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND NOT r.paused
               AND NOT EXISTS (SELECT 1 FROM sinks k WHERE k.sink = d.sink AND k.state = 'broken')
               -- a sink gets its messages in order: none overtakes an earlier one waiting
               AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.sink = d.sink
                    AND e.state = 'pending' AND e.id < d.id AND e.next_attempt_at > $1)
             ORDER BY d.id LIMIT $2"
        );
        self.run("listing due deliveries", |c| {
            c.query(&sql, &[&now, &limit(limit_)])?
                .iter()
                .map(delivery_from_row)
                .collect()
        })
    }

    fn next_delivery_at(&self) -> Result<Option<i64>> {
        self.run("finding the next delivery", |c| {
            let row = c.one(
                "SELECT MIN(d.next_attempt_at) FROM deliveries d JOIN rules r ON r.id = d.rule_id
                 WHERE d.state = 'pending' AND NOT r.paused
                   AND NOT EXISTS (SELECT 1 FROM sinks k WHERE k.sink = d.sink AND k.state = 'broken')",
                &[],
            )?;
            get(&row, 0)
        })
    }

    fn record_attempt(&self, id: i64, attempt: &Attempt, now: i64) -> Result<()> {
        self.write("recording a delivery attempt", |c| {
            let changed = match attempt {
                Attempt::Sent { receipt } => c.exec(
                    "UPDATE deliveries SET state = 'sent', sent_at = $2, receipt = $3,
                        attempts = attempts + 1, last_error = NULL WHERE id = $1",
                    &[&id, &now, &to(receipt)],
                ),
                Attempt::Retry { error, retry_at } => c.exec(
                    "UPDATE deliveries SET next_attempt_at = $2, last_error = $3,
                        attempts = attempts + 1 WHERE id = $1",
                    &[&id, retry_at, &t(error)],
                ),
                Attempt::Failed { error } => c.exec(
                    "UPDATE deliveries SET state = 'failed', last_error = $2,
                        attempts = attempts + 1 WHERE id = $1",
                    &[&id, &t(error)],
                ),
                // The delivery stays pending until the sink is fixed.
                Attempt::Broken { error } => c.exec(
                    "UPDATE deliveries SET last_error = $2, attempts = attempts + 1 WHERE id = $1",
                    &[&id, &t(error)],
                ),
            }?;
            if changed == 0 {
                return Err(E::Store(StoreError::Corrupt(format!("no delivery {id}"))));
            }
            if let Attempt::Broken { error } = attempt {
                c.exec(
                    "INSERT INTO sinks (sink, state, detail, updated_at)
                     SELECT sink, 'broken', $2, $3 FROM deliveries WHERE id = $1
                     ON CONFLICT (sink) DO UPDATE SET state = 'broken', detail = excluded.detail,
                        updated_at = excluded.updated_at",
                    &[&id, &t(error), &now],
                )?;
            }
            Ok(())
        })
    }

    fn deliveries(&self, rule: Option<i64>, limit_: usize) -> Result<Vec<Delivery>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN rules r ON r.id = d.rule_id
             WHERE $1::bigint IS NULL OR d.rule_id = $1 ORDER BY d.id DESC LIMIT $2"
        );
        self.run("listing deliveries", |c| {
            c.query(&sql, &[&rule, &limit(limit_)])?
                .iter()
                .map(delivery_from_row)
                .collect()
        })
    }

    fn sink_states(&self) -> Result<Vec<SinkState>> {
        self.run("listing sinks", |c| {
            c.query(
                "SELECT sink, state, detail, migrated_to, updated_at FROM sinks ORDER BY sink",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(SinkState {
                    sink: get(r, 0)?,
                    state: get(r, 1)?,
                    detail: get(r, 2)?,
                    migrated_to: get(r, 3)?,
                    updated_at: get(r, 4)?,
                })
            })
            .collect()
        })
    }

    fn set_sink_state(&self, state: &SinkState) -> Result<()> {
        self.write("changing a sink's state", |c| {
            c.exec(
                "INSERT INTO sinks (sink, state, detail, migrated_to, updated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (sink) DO UPDATE SET state = excluded.state, detail = excluded.detail,
                    migrated_to = COALESCE(excluded.migrated_to, sinks.migrated_to),
                    updated_at = excluded.updated_at",
                &[
                    &state.sink,
                    &state.state,
                    &state.detail,
                    &state.migrated_to,
                    &state.updated_at,
                ],
            )?;
            Ok(())
        })
    }

    fn counts(&self) -> Result<Counts> {
        self.read("counting", |c| {
            let row = c.one(
                "SELECT (SELECT COUNT(*) FROM sources), (SELECT COUNT(*) FROM articles),
                        (SELECT COUNT(*) FROM events),
                        (SELECT COUNT(*) FROM items WHERE state = 'pending'),
                        (SELECT COUNT(*) FROM items WHERE state = 'failed'),
                        (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL),
                        (SELECT COUNT(*) FROM deliveries WHERE state = 'pending')",
                &[],
            )?;
            Ok(Counts {
                sources: count(&row, 0)?,
                articles: count(&row, 1)?,
                events: count(&row, 2)?,
                pending: count(&row, 3)?,
                failed: count(&row, 4)?,
                stories: count(&row, 5)?,
                outbox: count(&row, 6)?,
            })
        })
    }

    fn for_each_article(&self, f: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()> {
        self.articles_since(i64::MIN, f)
    }

    fn for_each_event(&self, f: &mut dyn FnMut(StoredEvent) -> Result<()>) -> Result<()> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT $2");
        let mut after = i64::MIN;
        loop {
            let page = self.run("reading events", |c| {
                c.query(&sql, &[&after, &(PAGE * 5)])?
                    .iter()
                    .map(event_from_row)
                    .collect::<R<Vec<_>>>()
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            for event in page {
                f(event)?;
            }
        }
    }

    fn for_each_story(&self, f: &mut dyn FnMut(StoredStory) -> Result<()>) -> Result<()> {
        let events_sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE article_id IN
             (SELECT id FROM articles WHERE story_id = $1) ORDER BY id"
        );
        let mut after = i64::MIN;
        loop {
            let page = self.read("reading stories", |c| {
                let stories = c.query(
                    "SELECT id, title, first_seen, last_seen FROM stories
                     WHERE id > $1 AND merged_into IS NULL ORDER BY id LIMIT $2",
                    &[&after, &PAGE],
                )?;
                let mut page = Vec::with_capacity(stories.len());
                for row in &stories {
                    let id: i64 = get(row, 0)?;
                    let articles = c
                        .query(
                            "SELECT id, url, site, lang FROM articles WHERE story_id = $1 ORDER BY id",
                            &[&id],
                        )?
                        .iter()
                        .map(|r| {
                            Ok(StoryArticle {
                                id: get(r, 0)?,
                                url: get(r, 1)?,
                                outlet: get(r, 2)?,
                                lang: get(r, 3)?,
                            })
                        })
                        .collect::<R<Vec<_>>>()?;
                    let events = c
                        .query(&events_sql, &[&id])?
                        .iter()
                        .map(event_from_row)
                        .collect::<R<Vec<_>>>()?;
                    page.push(StoredStory {
                        id,
                        title: get(row, 1)?,
                        first_seen: get(row, 2)?,
                        last_seen: get(row, 3)?,
                        articles,
                        events,
                    });
                }
                Ok(page)
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            for story in page {
                f(story)?;
            }
        }
    }

    fn for_each_raw(&self, f: &mut dyn FnMut(RawArticle) -> Result<()>) -> Result<()> {
        // A few at a time: raw pages are large, and the callback may write
        // (reprocess replaces analyses) between pages.
        let mut after = i64::MIN;
        loop {
            let page = self.run("reading raw pages", |c| {
                let rows = c.query(
                    "SELECT id, url, source_id, raw, raw_type, analysis FROM articles
                     WHERE id > $1 ORDER BY id LIMIT 32",
                    &[&after],
                )?;
                let mut page = Vec::with_capacity(rows.len());
                for r in &rows {
                    let id: i64 = get(r, 0)?;
                    let raw: Option<Vec<u8>> = get(r, 3)?;
                    let raw = match raw {
                        Some(bytes) => Some(RawPage {
                            bytes: inflate(&bytes).map_err(|e| {
                                StoreError::Corrupt(format!("article {id}: raw page: {e}"))
                            })?,
                            content_type: get(r, 4)?,
                        }),
                        None => None,
                    };
                    let blob: Vec<u8> = get(r, 5)?;
                    page.push(RawArticle {
                        id,
                        url: get(r, 1)?,
                        source_id: get(r, 2)?,
                        raw,
                        analysis: read_analysis(&blob, id)?,
                    });
                }
                Ok(page)
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            for raw in page {
                f(raw)?;
            }
        }
    }

    fn replace_analysis(&self, id: i64, analysis: &Analysis) -> Result<()> {
        let blob = analysis_blob(analysis);
        let meta = &analysis.article;
        let published = meta.published.as_deref();
        let published_at = published_at(published);
        self.write("replacing an analysis", |c| {
            let row = c
                .opt(
                    "SELECT url, fetched FROM articles WHERE id = $1 FOR UPDATE",
                    &[&id],
                )?
                .ok_or_else(|| StoreError::Corrupt(format!("no article {id}")))?;
            let (url, fetched): (String, i64) = (get(&row, 0)?, get(&row, 1)?);
            c.exec(
                "UPDATE articles SET site = $2, lang = $3, title = $4, published = $5,
                    published_at = $6, analysis = $7 WHERE id = $1",
                &[
                    &id,
                    &meta.site,
                    &meta.lang,
                    &meta.title,
                    &published,
                    &published_at,
                    &blob,
                ],
            )?;
            write_parts(c, id, &url, fetched, analysis)
        })
    }

    fn prune(&self, before: i64, keep_events: bool) -> Result<Pruned> {
        self.write("pruning", |c| {
            let events = if keep_events {
                c.exec(
                    "UPDATE events SET article_id = NULL WHERE article_id IN
                        (SELECT id FROM articles WHERE COALESCE(published_at, first_seen) < $1)",
                    &[&before],
                )?;
                0
            } else {
                c.exec(
                    "DELETE FROM events WHERE article_id IN
                        (SELECT id FROM articles WHERE COALESCE(published_at, first_seen) < $1)",
                    &[&before],
                )?
            };
            // Items of pruned articles stay done, so that a feed still
            // listing them does not bring them back.
            let articles = c.exec(
                "DELETE FROM articles WHERE COALESCE(published_at, first_seen) < $1",
                &[&before],
            )?;
            c.exec(
                "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id)",
                &[],
            )?;
            Ok(Pruned { articles, events })
        })
    }

    fn claim_due_sources(&self, now: i64, lease: i64, limit_: usize) -> Result<Vec<Source>> {
        let columns: Vec<String> = SOURCE_COLUMNS
            .split(',')
            .map(|c| format!("s.{}", c.trim()))
            .collect();
        let sql = format!(
            "WITH due AS (
                SELECT id, next_poll_at FROM sources WHERE state = 'active' AND next_poll_at <= $1
                ORDER BY next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
             UPDATE sources s SET next_poll_at = $1 + $2 FROM due WHERE s.id = due.id
             RETURNING {}, due.next_poll_at",
            columns.join(", ")
        );
        self.write("claiming due sources", |c| {
            let rows = c.query(&sql, &[&now, &lease, &limit(limit_)])?;
            let mut due = Vec::with_capacity(rows.len());
            for row in &rows {
                let mut source = source_from_row(row)?;
                // Listed by when they were due, soonest first.
                let was: i64 = get(row, 17)?;
                source.next_poll_at = now + lease;
                due.push((was, source));
            }
            due.sort_by_key(|(was, s)| (*was, s.id));
            Ok(due.into_iter().map(|(_, s)| s).collect())
        })
    }

    fn claim_pending_items(
        &self,
        worker: &str,
        now: i64,
        lease: i64,
        limit_: usize,
    ) -> Result<Vec<QueuedItem>> {
        let worker = t(worker);
        self.write("claiming queued entries", |c| {
            c.query(
                "WITH due AS (
                    SELECT id FROM items WHERE state = 'pending' AND claimed_until <= $2
                    ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED),
                 claimed AS (
                    UPDATE items i SET claimed_by = $1, claimed_until = $2 + $3
                    FROM due WHERE i.id = due.id
                    RETURNING i.id, i.source_id, i.attempts, i.key, i.url, i.title, i.content,
                              i.published, i.updated, i.authors)
                 SELECT c.id, c.source_id, s.url, s.settings, c.attempts, c.key, c.url, c.title,
                        c.content, c.published, c.updated, c.authors
                 FROM claimed c LEFT JOIN sources s ON s.id = c.source_id ORDER BY c.id",
                &[&worker, &now, &lease, &limit(limit_)],
            )?
            .iter()
            .map(queued_item)
            .collect()
        })
    }

    fn claims_are_shared(&self) -> bool {
        true
    }

    fn release_items(&self, worker: &str, items: &[i64]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let worker = t(worker);
        self.write("giving back queued entries", |c| {
            c.exec(
                "UPDATE items SET claimed_by = NULL, claimed_until = 0
                 WHERE id = ANY($1) AND claimed_by = $2",
                &[&items, &worker],
            )?;
            Ok(())
        })
    }

    fn reserve_fetch(&self, host: &str, delay_ms: i64, now_ms: i64) -> Result<i64> {
        let host = t(host);
        self.write("pacing a host", |c| {
            // One row per host: the update locks it, so reservations from
            // all workers line up, each `delay_ms` after the last.
            let row = c.one(
                "INSERT INTO host_pacing (host, next_at_ms) VALUES ($1, $2 + $3)
                 ON CONFLICT (host) DO UPDATE
                    SET next_at_ms = GREATEST(host_pacing.next_at_ms, $2) + $3
                 RETURNING next_at_ms - $3",
                &[&host, &now_ms, &delay_ms],
            )?;
            get(&row, 0)
        })
    }

    fn claim_due_deliveries(&self, now: i64, lease: i64, limit_: usize) -> Result<Vec<Delivery>> {
        let sql = format!(
            "WITH due AS (
                SELECT d.id FROM deliveries d JOIN rules r ON r.id = d.rule_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND NOT r.paused
                  AND NOT EXISTS (SELECT 1 FROM sinks k WHERE k.sink = d.sink AND k.state = 'broken')
                  -- in order per sink: one claimed or waiting holds back the later ones
                  AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.sink = d.sink
                       AND e.state = 'pending' AND e.id < d.id AND e.next_attempt_at > $1)
                ORDER BY d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED),
             claimed AS (
                UPDATE deliveries d SET next_attempt_at = $1 + $2 FROM due WHERE d.id = due.id
                RETURNING d.id)
             SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN rules r ON r.id = d.rule_id
             WHERE d.id IN (SELECT id FROM claimed) ORDER BY d.id"
        );
        self.write("claiming due deliveries", |c| {
            // One claimer at a time: the next sees the deliveries the last
            // one claimed, so a sink's messages never overtake each other
            // across workers. Claims take milliseconds.
            c.exec(
                "SELECT pg_advisory_xact_lock(hashtextextended('warta-store: claim deliveries', 0))",
                &[],
            )?;
            c.query(&sql, &[&now, &lease, &limit(limit_)])?
                .iter()
                .map(delivery_from_row)
                .collect()
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
        // pg_dump reads one snapshot: consistent while others write. The
        // password goes by the environment, not the command line.
        let mut command = std::process::Command::new("pg_dump");
        command
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(path)
            .arg("--dbname")
            .arg(redact_url(&self.url));
        if let Some(password) = self.config.get_password() {
            command.env("PGPASSWORD", String::from_utf8_lossy(password).as_ref());
        }
        let output = command.output().map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!(
                    "backing up {} runs pg_dump (Debian's postgresql-client): {e}",
                    self.label
                ),
            ))
        })?;
        if !output.status.success() {
            let _ = std::fs::remove_file(path);
            return Err(StoreError::Io(std::io::Error::other(format!(
                "pg_dump of {} failed ({}): {}",
                self.label,
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(
            redact_url("postgres://warta:s3cret@db.example:5432/warta?sslmode=disable"),
            "postgres://warta@db.example:5432/warta?sslmode=disable"
        );
        assert_eq!(
            redact_url("postgresql://u@h/db?password=x&application_name=w"),
            "postgresql://u@h/db?application_name=w"
        );
        assert_eq!(
            redact_url("postgres:///db?host=/run/pg"),
            "postgres:///db?host=/run/pg"
        );
        assert_eq!(redact_url("postgres://h"), "postgres://h");
        assert_eq!(redact_url("postgres://a:b@c:d@h/x"), "postgres://a@h/x");
    }

    #[test]
    fn a_bad_url_is_an_error_naming_it_without_its_password() {
        let err = PostgresStore::open("postgres://u:hunter2@h:notaport/db")
            .err()
            .expect("a bad port is refused")
            .to_string();
        assert!(err.contains("postgres://u@h:notaport/db"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn an_unreachable_server_is_an_error_not_a_panic() {
        // Port 1 on the loopback: nothing listens there.
        let err = PostgresStore::open("postgres://u:pw@127.0.0.1:1/db?connect_timeout=2")
            .err()
            .expect("nothing answers")
            .to_string();
        assert!(err.contains("postgres://u@127.0.0.1:1/db"), "{err}");
        assert!(err.contains("connecting"), "{err}");
        assert!(!err.contains("pw@"), "{err}");
    }
}
