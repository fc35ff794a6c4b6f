//! Measuring warta-sources on feedparser's test corpus (kept in `shared/`,
//! beside the repository; never copied into it). Used by the
//! `feedparser_corpus` test and the `corpus_report` example.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{Datelike, Timelike, Utc};
use warta_sources::feed::{parse_feed_traced, FeedPath};
use warta_sources::parse_feed_date;

/// `shared/data/feeds` beside the repository, when present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/feeds");
    dir.join("feedparser").is_dir().then_some(dir)
}

#[derive(Debug, Default)]
pub struct Tally {
    pub total: usize,
    pub ok: usize,
    pub by_feed_rs: usize,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        self.ok as f64 / self.total as f64
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// wellformed/ minus cdf/
    pub wellformed: Tally,
    pub cdf: Tally,
    pub illformed: Tally,
    pub encoding: Tally,
    pub entities: Tally,
    pub json: Tally,
    pub panics: Vec<String>,
    pub date_vectors: (usize, usize),
    pub date_vector_misses: Vec<String>,
    pub date_vectors_non_null: (usize, usize),
    pub expect_dates: (usize, usize),
    pub expect_date_misses: Vec<String>,
    pub expect_titles: (usize, usize),
    pub expect_title_misses: Vec<String>,
    pub expect_links: (usize, usize),
    pub expect_link_misses: Vec<String>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if !p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("LICENSE"))
        {
            out.push(p);
        }
    }
}

/// `Header: Content-type: ...` from the file's leading comment.
fn content_type_header(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
    head.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Header:")?.trim();
        let (k, v) = rest.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_string())
    })
}

/// `Header: Content-Location: ...`, else where feedparser's test server
/// serves the file: the URL relative links resolve against.
fn base_url_of(bytes: &[u8], rel: &str) -> url::Url {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
    let location = head.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Header:")?.trim();
        let (k, v) = rest.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-location")
            .then(|| v.trim().to_string())
    });
    let doc = url::Url::parse(&format!("http://127.0.0.1:8097/tests/{rel}")).unwrap();
    match location {
        Some(l) => doc.join(&l).unwrap_or(doc),
        None => doc,
    }
}

/// The `Expect:` line, read from bytes in any of the corpus's encodings.
fn expect_line(bytes: &[u8]) -> Option<String> {
    let text = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("Expect:")
            .map(|e| e.trim().to_string())
    })
}

/// `entries[N]['published_parsed'] == (y, m, d, H, M, S, ...)` clauses.
fn date_clauses(expect: &str) -> Vec<(usize, String, [i64; 6])> {
    let mut out = Vec::new();
    let mut rest = expect;
    while let Some(p) = rest.find("entries[") {
        rest = &rest[p + 8..];
        let Some(close) = rest.find(']') else { break };
        let Ok(idx) = rest[..close].parse::<usize>() else {
            continue;
        };
        let after = &rest[close + 1..];
        let Some(after) = after.strip_prefix("['") else {
            continue;
        };
        let Some(q) = after.find('\'') else { continue };
        let field = &after[..q];
        if field != "published_parsed" && field != "updated_parsed" {
            continue;
        }
        let Some(tuple) = after[q..].strip_prefix("'] == (") else {
            continue;
        };
        let Some(end) = tuple.find(')') else { continue };
        let nums: Vec<i64> = tuple[..end]
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        if nums.len() >= 6 {
            out.push((
                idx,
                field.to_string(),
                [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
            ));
        }
    }
    out
}

/// A Python string literal (`u'...'` or `'...'`) with `\uXXXX`/`\xXX` escapes.
fn python_str(lit: &str) -> Option<String> {
    let lit = lit.strip_prefix('u').unwrap_or(lit);
    let body = lit.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => return Some(out),
            '\\' => match chars.next()? {
                'u' => {
                    let h: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                }
                'U' => {
                    let h: String = chars.by_ref().take(8).collect();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                }
                'x' => {
                    let h: String = chars.by_ref().take(2).collect();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// `feed['title'] == u'...'` / `entries[0]['title'] == '...'` as the whole
/// clause (titles only; HTML-sanitiser cases are left out).
fn title_clause(expect: &str) -> Option<(Option<usize>, String)> {
    field_clause(expect, "title")
}

fn field_clause(expect: &str, field: &str) -> Option<(Option<usize>, String)> {
    let e = expect.strip_prefix("not bozo and ").unwrap_or(expect);
    let (target, rest) = if let Some(r) = e.strip_prefix(&format!("feed['{field}'] == ")) {
        (None, r)
    } else if let Some(r) = e.strip_prefix(&format!("entries[0]['{field}'] == ")) {
        (Some(0), r)
    } else {
        return None;
    };
    let s = python_str(rest.trim())?;
    // Only when the literal is the whole expression.
    let lit_len = rest.trim().len();
    let quoted = rest.trim();
    let closing = quoted[..lit_len].rfind('\'')?;
    if closing + 1 != lit_len {
        return None;
    }
    Some((target, s))
}

pub fn measure(dir: &Path) -> Report {
    let mut report = Report::default();
    let mut files = Vec::new();
    walk(&dir.join("feedparser"), &mut files);
    for path in &files {
        let rel = path
            .strip_prefix(dir.join("feedparser"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(path).unwrap();
        let ct = content_type_header(&bytes);
        let base = base_url_of(&bytes, &rel);
        let result =
            std::panic::catch_unwind(|| parse_feed_traced(&bytes, ct.as_deref(), Some(&base)));
        let tally = if rel.starts_with("wellformed/cdf/") {
            &mut report.cdf
        } else if rel.starts_with("wellformed/") {
            &mut report.wellformed
        } else if rel.starts_with("illformed/") {
            &mut report.illformed
        } else if rel.starts_with("encoding/") {
            &mut report.encoding
        } else if rel.starts_with("entities/") {
            &mut report.entities
        } else {
            &mut report.json
        };
        tally.total += 1;
        let parsed = match result {
            Err(_) => {
                report.panics.push(rel.clone());
                tally.failures.push(format!("{rel}: PANIC"));
                continue;
            }
            Ok(Err(e)) => {
                tally.failures.push(format!("{rel}: {e}"));
                None
            }
            Ok(Ok((feed, path))) => {
                tally.ok += 1;
                if path == FeedPath::FeedRs {
                    tally.by_feed_rs += 1;
                }
                Some(feed)
            }
        };
        let Some(expect) = expect_line(&bytes) else {
            continue;
        };
        if rel.starts_with("wellformed/") {
            for (idx, field, want) in date_clauses(&expect) {
                report.expect_dates.1 += 1;
                let got = parsed
                    .as_ref()
                    .and_then(|f| f.items.get(idx))
                    .and_then(|it| {
                        if field == "published_parsed" {
                            it.published
                        } else {
                            it.updated
                        }
                    });
                let got = got.map(|d| {
                    let u = d.with_timezone(&Utc);
                    [
                        u.year() as i64,
                        u.month() as i64,
                        u.day() as i64,
                        u.hour() as i64,
                        u.minute() as i64,
                        u.second() as i64,
                    ]
                });
                if got == Some(want) {
                    report.expect_dates.0 += 1;
                } else {
                    report
                        .expect_date_misses
                        .push(format!("{rel}: {field} want {want:?} got {got:?}"));
                }
            }
        }
        if let Some((target, want)) = field_clause(&expect, "link") {
            report.expect_links.1 += 1;
            let got = parsed.as_ref().and_then(|f| match target {
                None => f.link.clone(),
                Some(i) => f.items.get(i).and_then(|it| it.url.clone()),
            });
            if got.as_deref() == Some(want.as_str()) {
                report.expect_links.0 += 1;
            } else {
                report
                    .expect_link_misses
                    .push(format!("{rel}: want {want:?} got {got:?}"));
            }
        }
        if !rel.starts_with("wellformed/sanitize/") {
            if let Some((target, want)) = title_clause(&expect) {
                report.expect_titles.1 += 1;
                let got = parsed.as_ref().and_then(|f| match target {
                    None => f.title.clone(),
                    Some(i) => f.items.get(i).and_then(|it| it.title.clone()),
                });
                // Our titles are plain text with white space collapsed.
                // Our titles are plain text by design: markup that feedparser
                // keeps counts as right when we give its text.
                let want_plain = want.split_whitespace().collect::<Vec<_>>().join(" ");
                let want_text = scraper::Html::parse_fragment(&want)
                    .root_element()
                    .text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let got_s = got.as_deref().unwrap_or("");
                if got_s == want_plain || got_s == want_text {
                    report.expect_titles.0 += 1;
                } else {
                    report
                        .expect_title_misses
                        .push(format!("{rel}: want {want_plain:?} got {got:?}"));
                }
            }
        }
    }

    let vectors =
        std::fs::read_to_string(dir.join("feedparser-date-vectors.jsonl")).unwrap_or_default();
    for line in vectors.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let input = v["input"].as_str().unwrap_or("");
        let expected = v["expected_utc"].as_str();
        let got = std::panic::catch_unwind(|| parse_feed_date(input))
            .ok()
            .flatten();
        let got_s = got.map(|d| {
            d.with_timezone(&Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        });
        report.date_vectors.1 += 1;
        if expected.is_some() {
            report.date_vectors_non_null.1 += 1;
        }
        if got_s.as_deref() == expected {
            report.date_vectors.0 += 1;
            if expected.is_some() {
                report.date_vectors_non_null.0 += 1;
            }
        } else {
            report.date_vector_misses.push(format!(
                "{} {input:?}: want {expected:?} got {got_s:?}",
                v["parser"].as_str().unwrap_or("?")
            ));
        }
    }
    report
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        return "n/a".into();
    }
    format!("{a}/{b} = {:.1}%", 100.0 * a as f64 / b as f64)
}

pub fn print(report: &Report, verbose: bool) {
    let line = |name: &str, t: &Tally| {
        println!(
            "{name:<28} parsed {}  (feed-rs {}, own reader {})",
            pct(t.ok, t.total),
            t.by_feed_rs,
            t.ok - t.by_feed_rs
        );
    };
    line("wellformed minus cdf", &report.wellformed);
    line("wellformed/cdf (not feeds)", &report.cdf);
    line("illformed", &report.illformed);
    line("encoding", &report.encoding);
    line("entities", &report.entities);
    line("json", &report.json);
    println!("panics                       {}", report.panics.len());
    println!(
        "date vectors                 {}",
        pct(report.date_vectors.0, report.date_vectors.1)
    );
    println!(
        "  non-null vectors           {}",
        pct(
            report.date_vectors_non_null.0,
            report.date_vectors_non_null.1
        )
    );
    println!(
        "Expect dates (wellformed)    {}",
        pct(report.expect_dates.0, report.expect_dates.1)
    );
    println!(
        "Expect titles (all folders)  {}",
        pct(report.expect_titles.0, report.expect_titles.1)
    );
    println!(
        "Expect links (all folders)   {}",
        pct(report.expect_links.0, report.expect_links.1)
    );
    if verbose {
        for m in &report.expect_link_misses {
            println!("  link miss: {m}");
        }
        for f in report
            .wellformed
            .failures
            .iter()
            .chain(&report.illformed.failures)
            .chain(&report.encoding.failures)
            .chain(&report.entities.failures)
        {
            println!("  fail: {f}");
        }
        for m in &report.date_vector_misses {
            println!("  date miss: {m}");
        }
        for m in &report.expect_date_misses {
            println!("  expect-date miss: {m}");
        }
        for m in &report.expect_title_misses {
            println!("  title miss: {m}");
        }
    }
}
