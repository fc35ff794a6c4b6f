//! The full-text index kept in PostgreSQL, for a store that lives there:
//! one table beside the store's, searched with PostgreSQL's own text
//! search (`indonesian` and `english` configurations, GIN indexes), read
//! from the same [`IndexDoc`]s and answering the same [`Query`]s with the
//! same [`Hit`]s as the tantivy index.
//!
//! The query text is read by tantivy's query grammar, as in the tantivy
//! index, and turned into SQL here, so one query language serves both.
//! What differs is ranking (see [`PgTextIndex::search`]) and stemming:
//! PostgreSQL's snowball stemmers, not warta's own.

use crate::query::{day_bound, field_targets};
use crate::{Hit, IndexDoc, Query, SearchError, HIGHLIGHT_START};
use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};
use std::sync::Mutex;
use tantivy::query_grammar::{
    self, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};

/// The version of the table's layout and of what goes into it; a table of
/// another version refuses to open until `warta reindex` rebuilds it.
pub const PG_SCHEMA_VERSION: u32 = 1;

/// The table's name when none is given.
pub const DEFAULT_TABLE: &str = "warta_search_docs";

/// Documents added and not yet committed are written in one transaction
/// at [`PgTextIndex::commit`], or when this many wait.
const FLUSH_AT: usize = 500;

/// What part of a document a query word is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Title,
    Body,
    Entity,
    Actor,
    Code,
    Outlet,
    Lang,
    Published,
}

/// A full-text index in a PostgreSQL table.
pub struct PgTextIndex {
    label: String,
    table: String,
    /// Always `Some` but in `drop`, which takes it out to close it.
    client: Mutex<Option<Client>>,
    /// The text search configuration for Indonesian: `indonesian` where the
    /// server has it (PostgreSQL 15 and later), else `simple`.
    indonesian: &'static str,
    pending: Vec<IndexDoc>,
    pending_deletes: Vec<i64>,
}

impl std::fmt::Debug for PgTextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgTextIndex")
            .field("server", &self.label)
            .field("table", &self.table)
            .finish()
    }
}

/// Runs `f`, which blocks on PostgreSQL's client, where that is allowed:
/// inside a tokio runtime the client's own runtime may not start, so the
/// runtime is told that this thread blocks (or a plain thread runs it).
fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
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

impl PgTextIndex {
    /// Opens the index in the database `url` names, creating its table
    /// when there is none. A table of another [`PG_SCHEMA_VERSION`] is an
    /// error that says to run `warta reindex`.
    pub fn open(url: &str) -> crate::Result<PgTextIndex> {
        PgTextIndex::open_table(url, DEFAULT_TABLE, false)
    }

    /// Drops the index's table (of any version) and creates an empty one.
    pub fn recreate(url: &str) -> crate::Result<PgTextIndex> {
        PgTextIndex::open_table(url, DEFAULT_TABLE, true)
    }

    /// [`PgTextIndex::open`] with another table name (letters, digits and
    /// `_`): tests keep their indexes apart with it.
    pub fn open_table(url: &str, table: &str, recreate: bool) -> crate::Result<PgTextIndex> {
        let label = redact(url);
        let valid = !table.is_empty()
            && table.len() <= 50
            && table.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && table
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(SearchError::Postgres {
                server: label,
                what: format!("table name {table:?}"),
                why: "use lower-case letters, digits and _".into(),
            });
        }
        let config: Config = url
            .parse()
            .map_err(|e: postgres::Error| SearchError::Postgres {
                server: label.clone(),
                what: "reading the URL".into(),
                why: e.to_string(),
            })?;
        let pg = |what: &str| {
            let label = label.clone();
            let what = what.to_string();
            move |e: postgres::Error| SearchError::Postgres {
                server: label,
                what,
                why: pg_message(&e),
            }
        };
        let mut client = blocking(|| config.connect(NoTls)).map_err(pg("connecting"))?;
        let table = table.to_string();
        let setup = blocking(|| -> crate::Result<&'static str> {
            let has_indonesian = client
                .query_opt(
                    "SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'",
                    &[],
                )
                .map_err(pg("looking for the indonesian text search configuration"))?
                .is_some();
            let indonesian = if has_indonesian {
                "indonesian"
            } else {
                "simple"
            };
            let meta = format!("{table}_meta");
            if recreate {
                client
                    .batch_execute(&format!(
                        "DROP TABLE IF EXISTS {table}; DROP TABLE IF EXISTS {meta};"
                    ))
                    .map_err(pg("dropping the old index"))?;
            }
            let mut tx = client.transaction().map_err(pg("beginning"))?;
            // Two workers opening a new database at once must not both
            // create the tables.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext('warta-search:' || $1::text))",
                &[&table],
            )
            .map_err(pg("locking the index schema"))?;
            tx.batch_execute(&format!(
                "CREATE TABLE IF NOT EXISTS {meta} (key text PRIMARY KEY, value text NOT NULL);"
            ))
            .map_err(pg("creating the index's tables"))?;
            let found: Option<String> = tx
                .query_opt(
                    &format!("SELECT value FROM {meta} WHERE key = 'schema_version'"),
                    &[],
                )
                .map_err(pg("reading the index's version"))?
                .map(|row| row.get(0));
            match found {
                Some(v) if v != PG_SCHEMA_VERSION.to_string() => {
                    return Err(SearchError::SchemaVersion {
                        path: format!("{label} table {table}"),
                        found: v,
                        expected: PG_SCHEMA_VERSION,
                    })
                }
                Some(_) => {}
                None => {
                    tx.batch_execute(&create_sql(&table))
                        .map_err(pg("creating the index's tables"))?;
                    tx.execute(
                        &format!(
                            "INSERT INTO {meta} (key, value) VALUES ('schema_version', $1), ('indonesian', $2)"
                        ),
                        &[&PG_SCHEMA_VERSION.to_string(), &indonesian],
                    )
                    .map_err(pg("recording the index's version"))?;
                }
            }
            // The configuration the table was built with is the one its
            // queries must use.
            let used: Option<String> = tx
                .query_opt(
                    &format!("SELECT value FROM {meta} WHERE key = 'indonesian'"),
                    &[],
                )
                .map_err(pg("reading the index's configuration"))?
                .map(|row| row.get(0));
            tx.commit().map_err(pg("committing"))?;
            Ok(match used.as_deref() {
                Some("indonesian") => "indonesian",
                Some(_) => "simple",
                None => indonesian,
            })
        })?;
        // Searches on this connection must not read every article: with a
        // GIN index to ask, a sequential scan is never the faster way here,
        // but misestimated phrase and NOT selectivities make the planner
        // think so.
        blocking(|| client.batch_execute("SET enable_seqscan = off"))
            .map_err(pg("setting up the connection"))?;
        Ok(PgTextIndex {
            label,
            table,
            client: Mutex::new(Some(client)),
            indonesian: setup,
            pending: Vec::new(),
            pending_deletes: Vec::new(),
        })
    }

    /// The server (without its password) and the table, for messages.
    pub fn describe(&self) -> String {
        format!("{} table {}", self.label, self.table)
    }

    fn pg(&self, what: &str) -> impl FnOnce(postgres::Error) -> SearchError {
        let server = self.label.clone();
        let what = what.to_string();
        move |e| SearchError::Postgres {
            server,
            what,
            why: pg_message(&e),
        }
    }

    fn client(&self) -> std::sync::MutexGuard<'_, Option<Client>> {
        self.client.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds (or replaces, by article id) a document; searchable after
    /// [`PgTextIndex::commit`].
    pub fn add(&mut self, doc: &IndexDoc) -> crate::Result<()> {
        self.pending_deletes.retain(|id| *id != doc.article_id);
        self.pending.push(doc.clone());
        if self.pending.len() >= FLUSH_AT {
            self.commit()?;
        }
        Ok(())
    }

    /// Removes an article; gone after [`PgTextIndex::commit`].
    pub fn delete(&mut self, article_id: i64) -> crate::Result<()> {
        self.pending.retain(|d| d.article_id != article_id);
        self.pending_deletes.push(article_id);
        Ok(())
    }

    /// Removes every document at once.
    pub fn clear(&mut self) -> crate::Result<()> {
        self.pending.clear();
        self.pending_deletes.clear();
        let sql = format!("TRUNCATE {}", self.table);
        self.with_client("emptying the index", |client| client.batch_execute(&sql))
    }

    /// Writes what was added and deleted, in one transaction.
    pub fn commit(&mut self) -> crate::Result<()> {
        if self.pending.is_empty() && self.pending_deletes.is_empty() {
            return Ok(());
        }
        let docs = std::mem::take(&mut self.pending);
        let deletes = std::mem::take(&mut self.pending_deletes);
        let insert = insert_sql(&self.table);
        let indonesian = self.indonesian;
        let delete = format!("DELETE FROM {} WHERE article_id = ANY($1)", self.table);
        self.with_client("writing documents", |client| {
            let mut tx = client.transaction()?;
            if !deletes.is_empty() {
                tx.execute(&delete, &[&deletes])?;
            }
            let stmt = tx.prepare(&insert)?;
            for doc in &docs {
                let row = DocRow::of(doc, indonesian);
                tx.execute(&stmt, &row.params())?;
            }
            tx.commit()
        })
    }

    /// How many documents are searchable.
    pub fn num_docs(&self) -> crate::Result<u64> {
        self.count(
            "counting documents",
            &format!("SELECT count(*) FROM {}", self.table),
        )
    }

    /// The table's size on disk with its indexes, in bytes.
    pub fn size_bytes(&self) -> crate::Result<u64> {
        self.count(
            "measuring the table",
            &format!("SELECT pg_total_relation_size('{}')", self.table),
        )
    }

    /// The one number a query returns.
    fn count(&self, what: &str, sql: &str) -> crate::Result<u64> {
        let n: i64 = self
            .with_client(what, |client| client.query_one(sql, &[]))?
            .get(0);
        Ok(n.max(0) as u64)
    }

    /// Runs `f` on the connection where blocking is allowed; errors say
    /// `what` was being done.
    fn with_client<T: Send>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error> + Send,
    ) -> crate::Result<T> {
        let err = self.pg(what);
        let mut guard = self.client();
        let client: &mut Client = guard.as_mut().expect("the client is there until drop");
        blocking(|| f(client)).map_err(err)
    }

    /// Runs a search: hits best first (newest first when the query has no
    /// text), at most `query.limit`.
    ///
    /// Matching follows the tantivy index: the same fields, the same
    /// operators, every word required unless OR says otherwise. The score
    /// is PostgreSQL's `ts_rank` (term frequency, normalised by the
    /// document's length), the title counting twice, not tantivy's BM25,
    /// which also weighs how rare a word is across all articles: where a
    /// query mixes a rare and a common word, the two may order the same
    /// hits differently. Ties go to the newer article. A query that
    /// matches more than 500 articles ranks the newest 500 of them
    /// (ranking reads each match's whole text; tantivy skips what cannot
    /// make the top).
    pub fn search(&self, query: &Query) -> crate::Result<Vec<Hit>> {
        let sql = SqlQuery::build(&self.table, self.indonesian, query)?;
        let params: Vec<&(dyn ToSql + Sync)> = sql
            .params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let rows = self.with_client("searching", |client| client.query(&sql.text, &params))?;
        Ok(rows
            .iter()
            .map(|row| {
                let body: String = row.get("body");
                let title: String = row.get("title");
                let marked = |s: Option<String>| {
                    s.filter(|s| s.contains(HIGHLIGHT_START))
                        .map(|s| crate::collapse_space(&s))
                };
                let snippet = marked(row.get("hl_body"))
                    .or_else(|| marked(row.get("hl_title")))
                    .unwrap_or_else(|| crate::lead(&body, 200));
                Hit {
                    article_id: row.get("article_id"),
                    story: row.get("story"),
                    score: row.get("score"),
                    title,
                    url: row.get("url"),
                    outlet: row.get("outlet"),
                    lang: row.get("lang"),
                    published: row.get("published_text"),
                    snippet,
                }
            })
            .collect())
    }
}

impl Drop for PgTextIndex {
    fn drop(&mut self) {
        // Uncommitted documents are dropped, as tantivy's writer drops
        // them: `commit` or `close_writer` first.
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        // Closing a client blocks on its runtime: not on an async thread.
        blocking(move || drop(client));
    }
}

/// The tables and indexes.
fn create_sql(table: &str) -> String {
    format!(
        "CREATE TABLE {table} (
            article_id bigint PRIMARY KEY,
            story bigint,
            url text NOT NULL,
            title text NOT NULL,
            body text NOT NULL,
            lang text,
            outlet text,
            outlet_key text,
            -- The article's local wall-clock time: day filters match the
            -- day the article gives, as in the tantivy index.
            published_local timestamp,
            published_text text,
            -- The configuration the title and body were read with.
            analyzer text NOT NULL,
            actor_terms text[] NOT NULL,
            code_terms text[] NOT NULL,
            title_tsv tsvector NOT NULL,
            body_tsv tsvector NOT NULL,
            entity_tsv tsvector NOT NULL
        );
        CREATE INDEX {table}_title ON {table} USING gin (title_tsv);
        CREATE INDEX {table}_body ON {table} USING gin (body_tsv);
        CREATE INDEX {table}_entity ON {table} USING gin (entity_tsv);
        CREATE INDEX {table}_actor ON {table} USING gin (actor_terms);
        CREATE INDEX {table}_code ON {table} USING gin (code_terms);
        CREATE INDEX {table}_published ON {table} (published_local DESC NULLS LAST, article_id DESC);"
    )
}

/// An upsert of one document; the text vectors are made by the server.
fn insert_sql(table: &str) -> String {
    format!(
        "INSERT INTO {table} (article_id, story, url, title, body, lang, outlet, outlet_key,
            published_local, published_text, analyzer, actor_terms, code_terms,
            title_tsv, body_tsv, entity_tsv)
         VALUES ($1, $2, $3, $4, $5, $6, $7, lower($7), $8::text::timestamp, $9, $10,
            $11, $12,
            to_tsvector($10::text::regconfig, $4),
            to_tsvector($10::text::regconfig, $5),
            to_tsvector('simple', $13))
         ON CONFLICT (article_id) DO UPDATE SET story = excluded.story, url = excluded.url,
            title = excluded.title, body = excluded.body, lang = excluded.lang,
            outlet = excluded.outlet, outlet_key = excluded.outlet_key,
            published_local = excluded.published_local, published_text = excluded.published_text,
            analyzer = excluded.analyzer, actor_terms = excluded.actor_terms,
            code_terms = excluded.code_terms, title_tsv = excluded.title_tsv,
            body_tsv = excluded.body_tsv, entity_tsv = excluded.entity_tsv"
    )
}

/// One document as the insert's parameters.
struct DocRow {
    article_id: i64,
    story: Option<i64>,
    url: String,
    title: String,
    body: String,
    lang: Option<String>,
    outlet: Option<String>,
    published_local: Option<String>,
    published_text: Option<String>,
    analyzer: String,
    actor_terms: Vec<String>,
    code_terms: Vec<String>,
    entities: String,
}

impl DocRow {
    /// `indonesian`: the table's configuration for Indonesian.
    fn of(doc: &IndexDoc, indonesian: &str) -> DocRow {
        let mut actor_terms: Vec<String> = doc
            .actors
            .iter()
            .flat_map(|a| crate::doc::actor_terms(a))
            .collect();
        actor_terms.sort();
        actor_terms.dedup();
        let mut code_terms: Vec<String> = doc
            .event_codes
            .iter()
            .flat_map(|c| crate::doc::code_terms(c))
            .collect();
        code_terms.sort();
        code_terms.dedup();
        DocRow {
            article_id: doc.article_id,
            story: doc.story,
            url: no_nul(&doc.url),
            title: no_nul(&doc.title),
            body: no_nul(&doc.body),
            lang: doc.lang.as_ref().map(|l| l.trim().to_lowercase()),
            outlet: doc.outlet.as_deref().map(no_nul),
            published_local: doc
                .published
                .map(|t| t.naive_local().format("%Y-%m-%d %H:%M:%S").to_string()),
            published_text: doc.published.map(|t| t.to_rfc3339()),
            analyzer: if doc.is_indonesian() {
                indonesian.into()
            } else {
                "english".into()
            },
            actor_terms,
            code_terms,
            entities: no_nul(&doc.entities.join("\n")),
        }
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        vec![
            &self.article_id,
            &self.story,
            &self.url,
            &self.title,
            &self.body,
            &self.lang,
            &self.outlet,
            &self.published_local,
            &self.published_text,
            &self.analyzer,
            &self.actor_terms,
            &self.code_terms,
            &self.entities,
        ]
    }
}

/// PostgreSQL text cannot hold NUL; a space stands in.
fn no_nul(s: &str) -> String {
    s.replace('\0', " ")
}

/// How a filter's value is kept in the table (`None`: it matches nothing).
type KeyOf = dyn Fn(&str) -> Option<String>;

/// A search as SQL with its parameters.
struct SqlQuery {
    text: String,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

/// Builds the WHERE clause and the ranking query from the query's parts.
struct Builder<'a> {
    indonesian: &'a str,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
    /// The tsquery of every positive word or phrase in the text, for the
    /// score and the snippets.
    rank_terms: Vec<String>,
    query_text: &'a str,
}

impl SqlQuery {
    fn build(table: &str, indonesian: &str, query: &Query) -> crate::Result<SqlQuery> {
        let mut b = Builder {
            indonesian,
            params: Vec::new(),
            rank_terms: Vec::new(),
            query_text: &query.text,
        };
        let mut conditions = Vec::new();
        let has_text = !query.text.trim().is_empty();
        if has_text {
            let ast = query_grammar::parse_query(&query.text).map_err(|_| {
                b.err("cannot read it (check quotes, brackets and operators; quote a word like \"AND\" to search for it)".into())
            })?;
            conditions.push(b.ast(&ast, None, true)?);
        }
        // Each filter: its values as the table keeps them, and the test.
        let last_actor_term = |a: &str| crate::doc::actor_terms(a).pop();
        let last_code_term = |c: &str| crate::doc::code_terms(c).pop();
        let lower = |v: &str| Some(v.trim().to_lowercase());
        let lists: [(&[String], &KeyOf, &str); 4] = [
            (&query.actors, &last_actor_term, "actor_terms && {}::text[]"),
            (
                &query.event_roots,
                &last_code_term,
                "code_terms && {}::text[]",
            ),
            (&query.langs, &lower, "lang = ANY({}::text[])"),
            (&query.outlets, &lower, "outlet_key = ANY({}::text[])"),
        ];
        for (values, key, test) in lists {
            if !values.is_empty() {
                let keys: Vec<String> = values.iter().filter_map(|v| key(v)).collect();
                let p = b.param(keys);
                conditions.push(test.replace("{}", &p));
            }
        }
        if let Some(day) = query.since {
            let p = b.param(midnight(day));
            conditions.push(format!("published_local >= {p}::text::timestamp"));
        }
        if let Some(day) = query.until.and_then(|d| d.succ_opt()) {
            let p = b.param(midnight(day));
            conditions.push(format!("published_local < {p}::text::timestamp"));
        }
        let filter = if conditions.is_empty() {
            "TRUE".to_string()
        } else {
            conditions.join(" AND ")
        };
        let limit = query.limit.max(1);
        let text = if has_text && !b.rank_terms.is_empty() {
            let rank = format!("({})", b.rank_terms.join(" || "));
            format!(
                "SELECT article_id, story, url, title, body, outlet, lang, published_text, score,
                    ts_headline(analyzer::regconfig, body, {rank}, '{opts}') AS hl_body,
                    ts_headline(analyzer::regconfig, title, {rank}, '{opts}') AS hl_title
                 FROM (SELECT *, (2 * ts_rank(title_tsv, {rank}, 1) + ts_rank(body_tsv, {rank}, 1)
                                  + ts_rank(entity_tsv, {rank}, 1))::real AS score
                       FROM ({newest}) newest
                       ORDER BY score DESC, published_local DESC NULLS LAST, article_id DESC
                       LIMIT {limit}) hits
                 ORDER BY score DESC, published_local DESC NULLS LAST, article_id DESC",
                opts = HEADLINE_OPTIONS,
                newest = newest_matches(table, &filter),
            )
        } else {
            // No words to rank by (an empty text, or only NOT and filters):
            // newest first, as in the tantivy index.
            format!(
                "SELECT article_id, story, url, title, body, outlet, lang, published_text,
                    0::real AS score, NULL::text AS hl_body, NULL::text AS hl_title
                 FROM {table} WHERE {filter}
                 ORDER BY published_local DESC NULLS LAST, article_id DESC
                 LIMIT {limit}"
            )
        };
        Ok(SqlQuery {
            text,
            params: b.params,
        })
    }
}

/// The newest [`RANKED`] matches, found one of two ways, since which is
/// fast depends on how many articles match, and PostgreSQL's estimate of
/// that is far off for phrases and NOT:
/// - the newest [`PROBE`] articles, tested one by one, in time order:
///   when at least [`RANKED`] of them match (a common word), these are
///   the newest matches, found without touching the rest;
/// - else every match from the GIN indexes (the time order written as an
///   expression, so that the planner cannot walk the time index instead
///   and test every article), the newest [`RANKED`] of them.
///
/// The second part runs only when the first found too few (a one-time
/// filter on the first's count).
fn newest_matches(table: &str, filter: &str) -> String {
    format!(
        "WITH probe AS MATERIALIZED (
             SELECT * FROM (SELECT * FROM {table}
                            ORDER BY published_local DESC NULLS LAST, article_id DESC
                            LIMIT {PROBE}) recent
             WHERE {filter}
             ORDER BY published_local DESC NULLS LAST, article_id DESC
             LIMIT {RANKED}),
         enough AS (SELECT count(*) >= {RANKED} AS yes FROM probe)
         SELECT * FROM probe WHERE (SELECT yes FROM enough)
         UNION ALL
         (SELECT * FROM {table} WHERE NOT (SELECT yes FROM enough) AND {filter}
          ORDER BY (published_local + interval '0 s') DESC NULLS LAST, article_id DESC
          LIMIT {RANKED})"
    )
}

/// How many of the newest articles are tested one by one before the
/// indexes are asked (see [`newest_matches`]).
const PROBE: usize = 1500;

/// At most this many matches, the newest, are ranked. `ts_rank` reads each
/// match's whole text vector, with no top-k pruning as in tantivy's
/// BM25: a common word matching half of 100,000 articles took 600 ms to
/// rank in full. With 500 and a probe of 1,500, 100 mixed queries over
/// 100,000 articles take p50 72 ms, p99 478 ms (`cargo bench -p
/// warta-search --bench search` with `WARTA_SEARCH_BENCH_POSTGRES`).
const RANKED: usize = 500;

/// ts_headline's options: about 35 words around the best match, marked
/// as the tantivy index marks them (« and », checked by a test).
const HEADLINE_OPTIONS: &str =
    "StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=1, ShortWord=2";

fn midnight(day: NaiveDate) -> String {
    format!("{day} 00:00:00")
}

impl Builder<'_> {
    fn err(&self, why: String) -> SearchError {
        SearchError::Query {
            query: self.query_text.to_string(),
            why,
        }
    }

    /// Adds a parameter; returns its placeholder.
    fn param<T: ToSql + Sync + Send + 'static>(&mut self, value: T) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    /// The condition an AST node stands for. `positive` is false under a
    /// NOT: those words neither score nor mark snippets.
    fn ast(
        &mut self,
        ast: &UserInputAst,
        field: Option<&str>,
        positive: bool,
    ) -> crate::Result<String> {
        match ast {
            UserInputAst::Boost(inner, _) => self.ast(inner, field, positive),
            UserInputAst::Leaf(leaf) => self.leaf(leaf, field, positive),
            UserInputAst::Clause(clauses) => {
                let mut must = Vec::new();
                let mut should = Vec::new();
                let mut must_not = Vec::new();
                for (occur, sub) in clauses {
                    // Every word is required unless OR says otherwise.
                    match occur.unwrap_or(Occur::Must) {
                        Occur::Must => must.push(self.ast(sub, field, positive)?),
                        Occur::Should => should.push(self.ast(sub, field, positive)?),
                        Occur::MustNot => must_not.push(self.ast(sub, field, false)?),
                    }
                }
                let mut parts = must;
                // With required clauses beside them, optional ones only
                // score (as in tantivy); alone, one of them must match.
                if parts.is_empty() && !should.is_empty() {
                    parts.push(format!("({})", should.join(" OR ")));
                }
                for n in must_not {
                    parts.push(format!("NOT COALESCE({n}, FALSE)"));
                }
                Ok(if parts.is_empty() {
                    "TRUE".into()
                } else {
                    format!("({})", parts.join(" AND "))
                })
            }
        }
    }

    fn targets(&self, field: Option<&str>) -> crate::Result<Vec<Target>> {
        match field {
            None => Ok(vec![Target::Title, Target::Body, Target::Entity]),
            Some(name) => field_targets(name).map_err(|why| self.err(why)),
        }
    }

    fn leaf(
        &mut self,
        leaf: &UserInputLeaf,
        field: Option<&str>,
        positive: bool,
    ) -> crate::Result<String> {
        match leaf {
            UserInputLeaf::All => Ok("TRUE".into()),
            UserInputLeaf::Literal(lit) => {
                let name = lit.field_name.as_deref().or(field);
                let targets = self.targets(name)?;
                let mut alternatives = Vec::new();
                for t in targets {
                    if let Some(c) = self.literal(t, lit, positive)? {
                        alternatives.push(c);
                    }
                }
                Ok(or(alternatives))
            }
            UserInputLeaf::Set { field: f, elements } => {
                let name = f.as_deref().or(field);
                let mut alternatives = Vec::new();
                for e in elements {
                    let lit = UserInputLiteral {
                        field_name: name.map(str::to_string),
                        phrase: e.clone(),
                        delimiter: query_grammar::Delimiter::None,
                        slop: 0,
                        prefix: false,
                    };
                    alternatives.push(self.leaf(&UserInputLeaf::Literal(lit), name, positive)?);
                }
                Ok(or(alternatives))
            }
            UserInputLeaf::Exists { field: f } => {
                let targets = self.targets(Some(f))?;
                Ok(or(targets
                    .into_iter()
                    .map(|t| match t {
                        Target::Title => "title_tsv <> ''::tsvector".to_string(),
                        Target::Body => "body_tsv <> ''::tsvector".to_string(),
                        Target::Entity => "entity_tsv <> ''::tsvector".to_string(),
                        Target::Actor => "cardinality(actor_terms) > 0".to_string(),
                        Target::Code => "cardinality(code_terms) > 0".to_string(),
                        Target::Outlet => "outlet IS NOT NULL".to_string(),
                        Target::Lang => "lang IS NOT NULL".to_string(),
                        Target::Published => "published_local IS NOT NULL".to_string(),
                    })
                    .collect()))
            }
            UserInputLeaf::Range {
                field: f,
                lower,
                upper,
            } => {
                let name = f.as_deref().or(field);
                if self.targets(name)? != [Target::Published] {
                    return Err(self.err(
                        "a range [A TO B] works on published: only (published:[2023-09-01 TO 2023-09-30])".into(),
                    ));
                }
                let mut parts = Vec::new();
                for (bound, lower_side) in [(lower, true), (upper, false)] {
                    let (value, inclusive) = match day_bound(bound.clone()) {
                        UserInputBound::Inclusive(v) => (v, true),
                        UserInputBound::Exclusive(v) => (v, false),
                        UserInputBound::Unbounded => continue,
                    };
                    let at = self.timestamp(&value)?;
                    let p = self.param(at);
                    let op = match (lower_side, inclusive) {
                        (true, true) => ">=",
                        (true, false) => ">",
                        (false, true) => "<=",
                        (false, false) => "<",
                    };
                    parts.push(format!("published_local {op} {p}::text::timestamp"));
                }
                Ok(if parts.is_empty() {
                    "published_local IS NOT NULL".into()
                } else {
                    format!("({})", parts.join(" AND "))
                })
            }
        }
    }

    /// A time in a query (RFC 3339, as the tantivy index reads it) as the
    /// wall-clock timestamp the table keeps.
    fn timestamp(&self, value: &str) -> crate::Result<String> {
        let t = chrono::DateTime::parse_from_rfc3339(value)
            .map(|t| t.naive_utc())
            .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
            .map_err(|_| {
                self.err(format!(
                    "{value:?} is not a day (2023-09-14) or a time (2023-09-14T10:15:00Z)"
                ))
            })?;
        Ok(t.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    /// One word or phrase in one target, or `None` when it has nothing to
    /// look for there.
    fn literal(
        &mut self,
        target: Target,
        lit: &UserInputLiteral,
        positive: bool,
    ) -> crate::Result<Option<String>> {
        // PostgreSQL text cannot hold NUL.
        let phrase = lit.phrase.replace('\0', " ");
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return Ok(None);
        }
        Ok(Some(match target {
            Target::Title | Target::Body => {
                let q = self.text_query(phrase, lit.prefix);
                if positive && !self.rank_terms.contains(&q) {
                    self.rank_terms.push(q.clone());
                }
                let column = if target == Target::Title {
                    "title_tsv"
                } else {
                    "body_tsv"
                };
                format!("{column} @@ {q}")
            }
            Target::Entity => {
                let p = self.param(phrase.to_string());
                format!("entity_tsv @@ phraseto_tsquery('simple', {p})")
            }
            Target::Actor => {
                let Some(term) = crate::doc::actor_terms(phrase).pop() else {
                    return Ok(None);
                };
                let p = self.param(term);
                format!("{p}::text = ANY(actor_terms)")
            }
            Target::Code => {
                let Some(term) = crate::doc::code_terms(phrase).pop() else {
                    return Ok(None);
                };
                let p = self.param(term);
                format!("{p}::text = ANY(code_terms)")
            }
            Target::Outlet => {
                let p = self.param(phrase.to_lowercase());
                format!("outlet_key = {p}::text")
            }
            Target::Lang => {
                let p = self.param(phrase.to_lowercase());
                format!("lang = {p}::text")
            }
            Target::Published => {
                let day = day_bound(UserInputBound::Inclusive(phrase.to_string()));
                let UserInputBound::Inclusive(value) = day else {
                    return Ok(None);
                };
                let from = self.timestamp(&value)?;
                // A day matches the whole day; a time, that second.
                let p = self.param(from);
                if phrase.len() == 10 {
                    format!(
                        "(published_local >= {p}::text::timestamp AND published_local < {p}::text::timestamp + interval '1 day')"
                    )
                } else {
                    format!("published_local = {p}::text::timestamp")
                }
            }
        }))
    }

    /// The tsquery of a word or phrase in both languages: stemmed by the
    /// Indonesian and by the English configuration, either may match (as
    /// the tantivy index reads each word both ways).
    fn text_query(&mut self, phrase: &str, prefix: bool) -> String {
        let p = self.param(phrase.to_string());
        let id = self.indonesian;
        if prefix && !phrase.contains(char::is_whitespace) {
            // A single word with `*`: its stems as prefixes.
            format!(
                "(CASE WHEN plainto_tsquery('{id}', {p}) = ''::tsquery THEN ''::tsquery
                      ELSE (plainto_tsquery('{id}', {p})::text || ':*')::tsquery END
                  || CASE WHEN plainto_tsquery('english', {p}) = ''::tsquery THEN ''::tsquery
                      ELSE (plainto_tsquery('english', {p})::text || ':*')::tsquery END)"
            )
        } else {
            format!("(phraseto_tsquery('{id}', {p}) || phraseto_tsquery('english', {p}))")
        }
    }
}

fn or(alternatives: Vec<String>) -> String {
    match alternatives.len() {
        0 => "FALSE".into(),
        1 => alternatives.into_iter().next().expect("one"),
        _ => format!("({})", alternatives.join(" OR ")),
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The server's own message where there is one.
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HIGHLIGHT_END;

    #[test]
    fn highlight_marks_are_the_tantivy_ones() {
        assert!(HEADLINE_OPTIONS.contains(&format!("StartSel={HIGHLIGHT_START},")));
        assert!(HEADLINE_OPTIONS.contains(&format!("StopSel={HIGHLIGHT_END},")));
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://warta:s3cret@db.example/warta"),
            "postgres://warta:***@db.example/warta"
        );
        assert_eq!(redact("postgres://db.example/w"), "postgres://db.example/w");
    }

    fn sql(text: &str) -> crate::Result<SqlQuery> {
        SqlQuery::build(DEFAULT_TABLE, "indonesian", &Query::text(text))
    }

    #[test]
    fn words_become_parameters_never_sql() {
        let q = sql("kerja sama OR \"militer'; DROP TABLE x\"").unwrap();
        assert!(!q.text.contains("DROP"));
        assert!(!q.text.contains("militer'"));
        assert!(q.params.len() >= 3);
    }

    #[test]
    fn bad_queries_are_errors_that_say_why() {
        let e = sql("nosuch:word").err().expect("unknown field");
        assert!(e.to_string().contains("no field"), "{e}");
        let e = sql("title:[a TO b]").err().expect("range on text");
        assert!(e.to_string().contains("published"), "{e}");
        let e = sql("published:[tomorrow TO 2024-01-01]")
            .err()
            .expect("bad day");
        assert!(e.to_string().contains("tomorrow"), "{e}");
    }

    #[test]
    fn only_negative_words_rank_by_time() {
        let q = sql("-perang").unwrap();
        assert!(q.text.contains("0::real AS score"), "{}", q.text);
        assert!(q.text.contains("NOT COALESCE"), "{}", q.text);
    }
}
