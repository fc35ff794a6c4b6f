//! Moving an installation from SQLite to PostgreSQL (`warta migrate-store`):
//! every table copied with `COPY` in one transaction, the id sequences moved
//! past the copied ids, then every table checked on both sides: the same
//! number of rows and the same checksum over all their values, in key order.

use crate::migrations::MIGRATIONS;
use crate::postgres::{blocking, redact_url};
use crate::*;
use ::postgres::types::Type;
use ::postgres::{Client, NoTls};
use rusqlite::types::ValueRef;
use serde::Serialize;
use std::io::Write;

/// The tables in an order that keeps every reference valid, with their
/// key columns (for the checksum's order) and whether their `id` is an
/// identity column on PostgreSQL.
const TABLES: &[(&str, &str, bool)] = &[
    ("sources", "id", true),
    ("fetch_log", "id", true),
    ("stories", "id", false),
    ("items", "id", true),
    ("articles", "id", true),
    ("blocks", "article_id, pos", false),
    ("images", "article_id, pos", false),
    ("entities", "article_id, pos", false),
    ("quotes", "article_id, pos", false),
    ("events", "id", true),
    ("rules", "id", true),
    ("deliveries", "id", true),
    ("sinks", "sink", false),
];

/// What was copied: per table, its rows and checksum (equal on both sides).
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    pub tables: Vec<TableCopy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableCopy {
    pub table: String,
    pub rows: u64,
    /// FNV-1a over every value of every row, in key order, as hex.
    pub checksum: String,
}

/// Copies the SQLite store at `from` into the empty PostgreSQL database at
/// `to` (creating its schema), then checks counts and checksums.
pub fn copy_sqlite_to_postgres(from: &Path, to: &str) -> Result<CopyReport> {
    // Brings the source's schema up to date (and refuses a newer one).
    drop(SqliteStore::open(from)?);
    // The same for the target.
    drop(PostgresStore::open(to)?);
    blocking(|| copy(from, to))
}

fn copy(from: &Path, to: &str) -> Result<CopyReport> {
    let label = redact_url(to);
    let source_label = from.display().to_string();
    let lite_err = |e: rusqlite::Error| StoreError::Sqlite {
        path: source_label.clone(),
        source: e,
    };
    let pg_err = |what: String| {
        let label = label.clone();
        move |e: ::postgres::Error| StoreError::Postgres {
            url: label,
            what,
            source: e,
        }
    };
    let mut lite = rusqlite::Connection::open_with_flags(
        from,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(lite_err)?;
    let version: i64 = lite
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(lite_err)?;
    if version != MIGRATIONS.len() as i64 {
        return Err(StoreError::Corrupt(format!(
            "{source_label} is at schema version {version}, not {}",
            MIGRATIONS.len()
        )));
    }
    let mut pg = to
        .parse::<::postgres::Config>()
        .map_err(|e| StoreError::BadUrl {
            url: label.clone(),
            why: e.to_string(),
        })?
        .connect(NoTls)
        .map_err(pg_err("connecting".into()))?;
    // One snapshot of the source, even while something writes to it.
    let snapshot = lite.transaction().map_err(lite_err)?;
    let mut tx = pg
        .transaction()
        .map_err(pg_err("starting the copy".into()))?;
    for (table, _, _) in TABLES {
        let n: i64 = tx
            .query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])
            .map_err(pg_err(format!("counting {table}")))?
            .get(0);
        if n > 0 {
            return Err(StoreError::Corrupt(format!(
                "{label} already holds data ({n} rows in {table}); migrate-store copies into an empty database only"
            )));
        }
    }
    for (table, key, identity) in TABLES {
        let columns = sqlite_columns(&snapshot, table).map_err(lite_err)?;
        let types = postgres_types(&mut tx, table, &columns)
            .map_err(pg_err(format!("reading {table}'s columns")))?;
        // An article may point at a later copy: duplicate_of goes in after
        // all articles are there.
        let copied: Vec<usize> = (0..columns.len())
            .filter(|&i| !(*table == "articles" && columns[i] == "duplicate_of"))
            .collect();
        let list: Vec<String> = copied
            .iter()
            .map(|&i| format!("\"{}\"", columns[i]))
            .collect();
        let mut writer = tx
            .copy_in(&format!("COPY {table} ({}) FROM STDIN", list.join(", ")))
            .map_err(pg_err(format!("copying {table}")))?;
        let mut stmt = snapshot
            .prepare(&format!(
                "SELECT {} FROM {table} ORDER BY {key}",
                columns
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .map_err(lite_err)?;
        let mut rows = stmt.query([]).map_err(lite_err)?;
        let mut line = String::new();
        let mut duplicates: Vec<(i64, i64)> = Vec::new();
        while let Some(row) = rows.next().map_err(lite_err)? {
            line.clear();
            for (n, &i) in copied.iter().enumerate() {
                if n > 0 {
                    line.push('\t');
                }
                let value = row.get_ref(i).map_err(lite_err)?;
                render(&mut line, value, &types[i]);
            }
            line.push('\n');
            writer.write_all(line.as_bytes()).map_err(|e| {
                StoreError::Io(std::io::Error::new(
                    e.kind(),
                    format!("copying {table} to {label}: {e}"),
                ))
            })?;
            if *table == "articles" {
                let dup = columns.iter().position(|c| c == "duplicate_of");
                if let Some(d) = dup {
                    if let (Ok(id), Ok(Some(of))) =
                        (row.get::<_, i64>(0), row.get::<_, Option<i64>>(d))
                    {
                        duplicates.push((id, of));
                    }
                }
            }
        }
        writer
            .finish()
            .map_err(pg_err(format!("copying {table}")))?;
        if !duplicates.is_empty() {
            let (ids, ofs): (Vec<i64>, Vec<i64>) = duplicates.into_iter().unzip();
            tx.execute(
                "UPDATE articles a SET duplicate_of = d.of FROM unnest($1::bigint[], $2::bigint[]) AS d(id, of)
                 WHERE a.id = d.id",
                &[&ids, &ofs],
            )
            .map_err(pg_err("linking near-duplicates".into()))?;
        }
        if *identity {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
                ),
                &[],
            )
            .map_err(pg_err(format!("moving {table}'s id sequence")))?;
        }
    }
    tx.commit().map_err(pg_err("committing the copy".into()))?;
    drop(snapshot);

    // The check: every table, both sides, counted and summed.
    let mut report = CopyReport { tables: Vec::new() };
    for (table, key, _) in TABLES {
        let columns = sqlite_columns(&lite, table).map_err(lite_err)?;
        let (lite_rows, lite_sum) =
            sqlite_checksum(&lite, table, key, &columns).map_err(lite_err)?;
        let (pg_rows, pg_sum) = postgres_checksum(&mut pg, table, key, &columns)
            .map_err(pg_err(format!("checking {table}")))?;
        if lite_rows != pg_rows {
            return Err(StoreError::Corrupt(format!(
                "after the copy, {table} has {lite_rows} rows in {source_label} but {pg_rows} in {label}"
            )));
        }
        if lite_sum != pg_sum {
            return Err(StoreError::Corrupt(format!(
                "after the copy, {table}'s checksum differs between {source_label} ({lite_sum:016x}) and {label} ({pg_sum:016x})"
            )));
        }
        report.tables.push(TableCopy {
            table: table.to_string(),
            rows: lite_rows,
            checksum: format!("{lite_sum:016x}"),
        });
    }
    Ok(report)
}

fn sqlite_columns(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    names.collect()
}

fn postgres_types(
    tx: &mut ::postgres::Transaction,
    table: &str,
    columns: &[String],
) -> std::result::Result<Vec<Type>, ::postgres::Error> {
    let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let stmt = tx.prepare(&format!("SELECT {} FROM {table} LIMIT 0", list.join(", ")))?;
    Ok(stmt.columns().iter().map(|c| c.type_().clone()).collect())
}

/// PostgreSQL's text cannot hold U+0000 (see the store).
fn pg_text(s: &str) -> std::borrow::Cow<'_, str> {
    crate::postgres::t(s)
}

/// One value in COPY's text format.
fn render(line: &mut String, value: ValueRef, ty: &Type) {
    match value {
        ValueRef::Null => line.push_str("\\N"),
        ValueRef::Integer(i) if *ty == Type::BOOL => line.push(if i != 0 { 't' } else { 'f' }),
        ValueRef::Integer(i) => line.push_str(&i.to_string()),
        ValueRef::Real(f) if f.is_nan() => line.push_str("NaN"),
        ValueRef::Real(f) if f.is_infinite() => {
            line.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" })
        }
        ValueRef::Real(f) => line.push_str(&f.to_string()),
        ValueRef::Text(bytes) => escape(line, &pg_text(&String::from_utf8_lossy(bytes))),
        ValueRef::Blob(bytes) => {
            line.push_str("\\\\x");
            for b in bytes {
                line.push_str(&format!("{b:02x}"));
            }
        }
    }
}

fn escape(line: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            c => line.push(c),
        }
    }
}

/// FNV-1a, 64 bits: enough to see a value that changed on the way.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// A value with its kind and length, so that neighbours cannot blur.
    fn value(&mut self, kind: u8, bytes: &[u8]) {
        self.bytes(&[kind]);
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }
}

fn sqlite_checksum(
    conn: &rusqlite::Connection,
    table: &str,
    key: &str,
    columns: &[String],
) -> rusqlite::Result<(u64, u64)> {
    let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {table} ORDER BY {key}",
        list.join(", ")
    ))?;
    let mut rows = stmt.query([])?;
    let (mut n, mut sum) = (0u64, Fnv::new());
    while let Some(row) = rows.next()? {
        n += 1;
        for i in 0..columns.len() {
            match row.get_ref(i)? {
                ValueRef::Null => sum.value(0, &[]),
                ValueRef::Integer(v) => sum.value(1, &v.to_le_bytes()),
                ValueRef::Real(v) => sum.value(2, &v.to_bits().to_le_bytes()),
                ValueRef::Text(v) => sum.value(3, pg_text(&String::from_utf8_lossy(v)).as_bytes()),
                ValueRef::Blob(v) => sum.value(4, v),
            }
        }
    }
    Ok((n, sum.0))
}

fn postgres_checksum(
    client: &mut Client,
    table: &str,
    key: &str,
    columns: &[String],
) -> std::result::Result<(u64, u64), ::postgres::Error> {
    let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let sql = format!("SELECT {} FROM {table} ORDER BY {key}", list.join(", "));
    let mut rows = client.query_raw(&sql, std::iter::empty::<i64>())?;
    let (mut n, mut sum) = (0u64, Fnv::new());
    use ::postgres::fallible_iterator::FallibleIterator;
    while let Some(row) = rows.next()? {
        n += 1;
        for (i, column) in row.columns().iter().enumerate() {
            let ty = column.type_();
            if *ty == Type::INT8 {
                match row.try_get::<_, Option<i64>>(i)? {
                    Some(v) => sum.value(1, &v.to_le_bytes()),
                    None => sum.value(0, &[]),
                }
            } else if *ty == Type::BOOL {
                match row.try_get::<_, Option<bool>>(i)? {
                    Some(v) => sum.value(1, &i64::from(v).to_le_bytes()),
                    None => sum.value(0, &[]),
                }
            } else if *ty == Type::FLOAT8 {
                match row.try_get::<_, Option<f64>>(i)? {
                    Some(v) => sum.value(2, &v.to_bits().to_le_bytes()),
                    None => sum.value(0, &[]),
                }
            } else if *ty == Type::BYTEA {
                match row.try_get::<_, Option<Vec<u8>>>(i)? {
                    Some(v) => sum.value(4, &v),
                    None => sum.value(0, &[]),
                }
            } else {
                match row.try_get::<_, Option<String>>(i)? {
                    Some(v) => sum.value(3, v.as_bytes()),
                    None => sum.value(0, &[]),
                }
            }
        }
    }
    Ok((n, sum.0))
}
