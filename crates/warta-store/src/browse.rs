//! The read side of the SQLite store for the API and the web pages: story
//! lists, events by actor, code and day, an article, a source's fetch log.
//! Each function is one read on a connection of the reader pool, so pages
//! are served while the follower writes.

use crate::*;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

/// `column` starts with `prefix`, as a range the column's index can use.
/// Actor and event codes are ASCII, and U+10FFFF sorts after all of it.
fn starts_with(column: &str, prefix: &str, values: &mut Vec<Value>) -> String {
    values.push(Value::Text(prefix.to_string()));
    values.push(Value::Text(format!("{prefix}\u{10FFFF}")));
    let (lo, hi) = (values.len() - 1, values.len());
    format!("({column} >= ?{lo} AND {column} < ?{hi})")
}

fn code(prefix: &str) -> String {
    prefix.trim().to_ascii_uppercase()
}

pub(crate) fn stories(
    conn: &Connection,
    query: &StoryQuery,
) -> rusqlite::Result<Vec<StorySummary>> {
    let mut conditions = vec!["s.articles > 0".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if let Some((last_seen, id)) = query.after {
        values.push(Value::Integer(last_seen));
        values.push(Value::Integer(id));
        let (a, b) = (values.len() - 1, values.len());
        conditions.push(format!(
            "(s.last_seen < ?{a} OR (s.last_seen = ?{a} AND s.id < ?{b}))"
        ));
    }
    if let Some(lang) = &query.lang {
        values.push(Value::Text(lang.to_ascii_lowercase()));
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.lang = ?{})",
            values.len()
        ));
    }
    if let Some(actor) = &query.actor {
        let actor = code(actor);
        let source = starts_with("e.source", &actor, &mut values);
        let target = starts_with("e.target", &actor, &mut values);
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM articles a JOIN events e ON e.article_id = a.id
                     WHERE a.story_id = s.id AND ({source} OR {target}))"
        ));
    }
    values.push(Value::Integer(query.limit.min(1000) as i64));
    let sql = format!(
        "SELECT s.id, s.title, s.first_seen, s.last_seen, s.articles FROM stories s
         WHERE {} ORDER BY s.last_seen DESC, s.id DESC LIMIT ?{}",
        conditions.join(" AND "),
        values.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut list: Vec<StorySummary> = stmt
        .query_map(params_from_iter(values), |r| {
            Ok(StorySummary {
                id: r.get(0)?,
                title: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                first_seen: r.get(2)?,
                last_seen: r.get(3)?,
                articles: r.get::<_, i64>(4)?.max(0) as u64,
                ..StorySummary::default()
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for story in &mut list {
        fill_summary(conn, story)?;
    }
    Ok(list)
}

fn fill_summary(conn: &Connection, story: &mut StorySummary) -> rusqlite::Result<()> {
    let id = story.id;
    let mut stmt = conn.prepare_cached(
        "SELECT site FROM articles WHERE story_id = ?1 AND site IS NOT NULL
         GROUP BY site ORDER BY COUNT(*) DESC, MIN(id) LIMIT 12",
    )?;
    story.outlets = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT lang FROM articles WHERE story_id = ?1 AND lang IS NOT NULL
         GROUP BY lang ORDER BY COUNT(*) DESC, lang",
    )?;
    story.langs = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.title,
            (SELECT text FROM blocks WHERE article_id = a.id AND kind = 'paragraph' ORDER BY pos LIMIT 1)
         FROM articles a WHERE a.story_id = ?1 ORDER BY a.first_seen, a.id LIMIT 1",
    )?;
    if let Some((title, lead)) = stmt
        .query_row([id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
            ))
        })
        .optional()?
    {
        if story.title.is_empty() {
            story.title = title.unwrap_or_default();
        }
        story.lead = lead.unwrap_or_default();
    }
    let mut stmt = conn.prepare_cached(
        "SELECT i.src FROM articles a JOIN images i ON i.article_id = a.id
         WHERE a.story_id = ?1 AND i.src IS NOT NULL
         ORDER BY a.first_seen, a.id, i.pos LIMIT 1",
    )?;
    story.image = stmt.query_row([id], |r| r.get(0)).optional()?;
    let mut stmt = conn.prepare_cached(
        "SELECT actor, COUNT(*) AS n FROM (
            SELECT e.source AS actor FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = ?1
            UNION ALL
            SELECT e.target FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = ?1
         ) WHERE actor <> '' GROUP BY actor ORDER BY n DESC, actor LIMIT 6",
    )?;
    story.top_actors = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?
        .collect::<rusqlite::Result<_>>()?;
    story.events = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = ?1",
        )?
        .query_row([id], |r| r.get::<_, i64>(0))?
        .max(0) as u64;
    Ok(())
}

pub(crate) fn events(conn: &Connection, query: &EventQuery) -> rusqlite::Result<Vec<EventRecord>> {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(actor) = &query.actor {
        let actor = code(actor);
        let source = starts_with("e.source", &actor, &mut values);
        let target = starts_with("e.target", &actor, &mut values);
        conditions.push(format!("({source} OR {target})"));
    }
    if let Some((a, b)) = &query.pair {
        let (a, b) = (code(a), code(b));
        let forward = format!(
            "({} AND {})",
            starts_with("e.source", &a, &mut values),
            starts_with("e.target", &b, &mut values)
        );
        let backward = format!(
            "({} AND {})",
            starts_with("e.source", &b, &mut values),
            starts_with("e.target", &a, &mut values)
        );
        conditions.push(format!("({forward} OR {backward})"));
    }
    if !query.codes.is_empty() {
        let any: Vec<String> = query
            .codes
            .iter()
            .map(|c| starts_with("e.code", c.trim(), &mut values))
            .collect();
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if let Some(since) = &query.since {
        values.push(Value::Text(since.clone()));
        conditions.push(format!("e.date >= ?{}", values.len()));
    }
    if let Some(until) = &query.until {
        // A day bound takes the whole day, whatever follows it.
        values.push(Value::Text(format!("{until}\u{10FFFF}")));
        conditions.push(format!("e.date < ?{}", values.len()));
    }
    if let Some(lang) = &query.lang {
        values.push(Value::Text(lang.to_ascii_lowercase()));
        conditions.push(format!("a.lang = ?{}", values.len()));
    }
    if let Some(story) = query.story {
        values.push(Value::Integer(story));
        conditions.push(format!("a.story_id = ?{}", values.len()));
    }
    if let Some(before) = query.before_id {
        values.push(Value::Integer(before));
        conditions.push(format!("e.id < ?{}", values.len()));
    }
    if conditions.is_empty() {
        conditions.push("1".into());
    }
    values.push(Value::Integer(query.limit.min(100_000) as i64));
    let order = if query.chronological {
        "e.date, e.id"
    } else {
        "e.id DESC"
    };
    let sql = format!(
        "SELECT e.id, e.article_id, e.url, e.fetched, e.source, e.target, e.code, e.root,
                e.quad_class, e.goldstein, e.negated, e.date, e.location, e.sentence, e.start, e.end,
                a.story_id, a.site, a.lang, a.title
         FROM events e LEFT JOIN articles a ON a.id = e.article_id
         WHERE {} ORDER BY {order} LIMIT ?{}",
        conditions.join(" AND "),
        values.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        let stored = crate::sqlite::event_from_row(r)?;
        Ok(EventRecord {
            id: stored.id,
            article_id: stored.article_id,
            url: stored.url,
            fetched: stored.fetched,
            event: stored.event,
            story: r.get(16)?,
            outlet: r.get(17)?,
            lang: r.get(18)?,
            article_title: r.get(19)?,
        })
    })?;
    rows.collect()
}

pub(crate) fn fetch_log(
    conn: &Connection,
    source: i64,
    limit: usize,
) -> rusqlite::Result<Vec<FetchLogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, url, status, bytes, elapsed_ms, outcome, error FROM fetch_log
         WHERE source_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![source, limit.min(10_000) as i64], |r| {
        Ok(FetchLogEntry {
            at: r.get(0)?,
            url: r.get(1)?,
            status: r.get::<_, Option<i64>>(2)?.map(|s| s.clamp(0, 999) as u16),
            bytes: r.get::<_, Option<i64>>(3)?.map(|b| b.max(0) as u64),
            elapsed_ms: r.get::<_, Option<i64>>(4)?.map(|b| b.max(0) as u64),
            outcome: r.get(5)?,
            error: r.get(6)?,
        })
    })?;
    rows.collect()
}
