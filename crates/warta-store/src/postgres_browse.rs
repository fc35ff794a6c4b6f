//! The read side of the PostgreSQL store for the API and the web pages:
//! the same queries as `browse.rs`, in PostgreSQL's dialect. Text columns
//! are `COLLATE "C"`, so the code prefix ranges below compare bytes and use
//! the indexes, as in SQLite.

use crate::postgres::{event_from_row, t, Conn, R};
use crate::*;
use ::postgres::types::ToSql;

type Value = Box<dyn ToSql + Sync + Send>;

/// `column` starts with `prefix`, as a range the column's index can use.
/// Actor and event codes are ASCII, and U+10FFFF sorts after all of it.
fn starts_with(column: &str, prefix: &str, values: &mut Vec<Value>) -> String {
    values.push(Box::new(t(prefix).into_owned()));
    values.push(Box::new(format!("{}\u{10FFFF}", t(prefix))));
    let (lo, hi) = (values.len() - 1, values.len());
    format!("({column} >= ${lo} AND {column} < ${hi})")
}

fn code(prefix: &str) -> String {
    prefix.trim().to_ascii_uppercase()
}

fn refs(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

pub(crate) fn stories(c: &mut Conn, query: &StoryQuery) -> R<Vec<StorySummary>> {
    let mut conditions = vec!["s.articles > 0".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if let Some((last_seen, id)) = query.after {
        values.push(Box::new(last_seen));
        values.push(Box::new(id));
        let (a, b) = (values.len() - 1, values.len());
        conditions.push(format!(
            "(s.last_seen < ${a} OR (s.last_seen = ${a} AND s.id < ${b}))"
        ));
    }
    if let Some(lang) = &query.lang {
        values.push(Box::new(t(&lang.to_ascii_lowercase()).into_owned()));
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.lang = ${})",
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
    values.push(Box::new(query.limit.min(1000) as i64));
    let sql = format!(
        "SELECT s.id, s.title, s.first_seen, s.last_seen, s.articles FROM stories s
         WHERE {} ORDER BY s.last_seen DESC, s.id DESC LIMIT ${}",
        conditions.join(" AND "),
        values.len()
    );
    let rows = c.query(&sql, &refs(&values))?;
    let mut list = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut story = StorySummary {
            id: r.try_get(0)?,
            title: r.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
            first_seen: r.try_get(2)?,
            last_seen: r.try_get(3)?,
            articles: r.try_get::<_, i64>(4)?.max(0) as u64,
            ..StorySummary::default()
        };
        fill_summary(c, &mut story)?;
        list.push(story);
    }
    Ok(list)
}

/// What a list shows of a story, in one round trip.
fn fill_summary(c: &mut Conn, story: &mut StorySummary) -> R<()> {
    let row = c.one(
        "SELECT
            ARRAY(SELECT site FROM articles WHERE story_id = $1 AND site IS NOT NULL
                  GROUP BY site ORDER BY COUNT(*) DESC, MIN(id) LIMIT 12),
            ARRAY(SELECT lang FROM articles WHERE story_id = $1 AND lang IS NOT NULL
                  GROUP BY lang ORDER BY COUNT(*) DESC, lang),
            (SELECT a.title FROM articles a WHERE a.story_id = $1 ORDER BY a.first_seen, a.id LIMIT 1),
            (SELECT (SELECT text FROM blocks WHERE article_id = a.id AND kind = 'paragraph' ORDER BY pos LIMIT 1)
               FROM articles a WHERE a.story_id = $1 ORDER BY a.first_seen, a.id LIMIT 1),
            (SELECT i.src FROM articles a JOIN images i ON i.article_id = a.id
              WHERE a.story_id = $1 AND i.src IS NOT NULL
              ORDER BY a.first_seen, a.id, i.pos LIMIT 1),
            (SELECT COUNT(*) FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = $1)",
        &[&story.id],
    )?;
    story.outlets = row.try_get(0)?;
    story.langs = row.try_get(1)?;
    let title: Option<String> = row.try_get(2)?;
    let lead: Option<String> = row.try_get(3)?;
    if story.title.is_empty() {
        story.title = title.unwrap_or_default();
    }
    story.lead = lead.unwrap_or_default();
    story.image = row.try_get(4)?;
    story.events = row.try_get::<_, i64>(5)?.max(0) as u64;
    let rows = c.query(
        "SELECT actor, COUNT(*) AS n FROM (
            SELECT e.source AS actor FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = $1
            UNION ALL
            SELECT e.target FROM articles a JOIN events e ON e.article_id = a.id WHERE a.story_id = $1
         ) AS ends WHERE actor <> '' GROUP BY actor ORDER BY n DESC, actor LIMIT 6",
        &[&story.id],
    )?;
    story.top_actors = rows
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)?.max(0) as u64)))
        .collect::<R<_>>()?;
    Ok(())
}

pub(crate) fn events(c: &mut Conn, query: &EventQuery) -> R<Vec<EventRecord>> {
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
            .map(|code| starts_with("e.code", code.trim(), &mut values))
            .collect();
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if let Some(since) = &query.since {
        values.push(Box::new(t(since).into_owned()));
        conditions.push(format!("e.date >= ${}", values.len()));
    }
    if let Some(until) = &query.until {
        // A day bound takes the whole day, whatever follows it.
        values.push(Box::new(format!("{}\u{10FFFF}", t(until))));
        conditions.push(format!("e.date < ${}", values.len()));
    }
    if let Some(lang) = &query.lang {
        values.push(Box::new(t(&lang.to_ascii_lowercase()).into_owned()));
        conditions.push(format!("a.lang = ${}", values.len()));
    }
    if let Some(story) = query.story {
        values.push(Box::new(story));
        conditions.push(format!("a.story_id = ${}", values.len()));
    }
    if let Some(before) = query.before_id {
        values.push(Box::new(before));
        conditions.push(format!("e.id < ${}", values.len()));
    }
    if conditions.is_empty() {
        conditions.push("TRUE".into());
    }
    values.push(Box::new(query.limit.min(100_000) as i64));
    // SQLite puts NULL dates first in ascending order; PostgreSQL puts
    // them last unless told.
    let order = if query.chronological {
        "e.date ASC NULLS FIRST, e.id"
    } else {
        "e.id DESC"
    };
    let sql = format!(
        "SELECT e.id, e.article_id, e.url, e.fetched, e.source, e.target, e.code, e.root,
                e.quad_class, e.goldstein, e.negated, e.date, e.location, e.sentence, e.start, e.\"end\",
                a.story_id, a.site, a.lang, a.title
         FROM events e LEFT JOIN articles a ON a.id = e.article_id
         WHERE {} ORDER BY {order} LIMIT ${}",
        conditions.join(" AND "),
        values.len()
    );
    let rows = c.query(&sql, &refs(&values))?;
    rows.iter()
        .map(|r| {
            let stored = event_from_row(r)?;
            Ok(EventRecord {
                id: stored.id,
                article_id: stored.article_id,
                url: stored.url,
                fetched: stored.fetched,
                event: stored.event,
                story: r.try_get(16)?,
                outlet: r.try_get(17)?,
                lang: r.try_get(18)?,
                article_title: r.try_get(19)?,
            })
        })
        .collect()
}

pub(crate) fn fetch_log(c: &mut Conn, source: i64, limit: usize) -> R<Vec<FetchLogEntry>> {
    let rows = c.query(
        "SELECT at, url, status, bytes, elapsed_ms, outcome, error FROM fetch_log
         WHERE source_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
        &[&source, &(limit.min(10_000) as i64)],
    )?;
    rows.iter()
        .map(|r| {
            Ok(FetchLogEntry {
                at: r.try_get(0)?,
                url: r.try_get(1)?,
                status: r
                    .try_get::<_, Option<i64>>(2)?
                    .map(|s| s.clamp(0, 999) as u16),
                bytes: r.try_get::<_, Option<i64>>(3)?.map(|b| b.max(0) as u64),
                elapsed_ms: r.try_get::<_, Option<i64>>(4)?.map(|b| b.max(0) as u64),
                outcome: r.try_get(5)?,
                error: r.try_get(6)?,
            })
        })
        .collect()
}
