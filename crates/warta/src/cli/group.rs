//! `warta group --jsonl FILE`: near-duplicates and stories for a batch of
//! articles, with the same [`warta_group::Grouper`] the running system uses.
//! Lines are analysed in parallel, then placed one by one in input order;
//! the lines written give each article's story as it stands at the end
//! (stories merge when their articles make them converge).

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::process::ExitCode;
use warta_analyze::{analyze, Analysis, AnalyzeOptions};
use warta_group::{Doc, DocEntity, DocEvent, GroupConfig, Grouper};
use warta_model::{Article, Block, BlockKind};

#[derive(Debug, Args)]
pub struct GroupArgs {
    /// Read lines {"id", "title", "text", "lang"?, "published"?, "outlet"?} ("-" for stdin),
    /// in publication order, and write {"id", "story"} lines (with "duplicate_of" for copies).
    #[arg(long, value_name = "FILE")]
    jsonl: String,
    /// Join a story at this similarity or above (0 to 1).
    #[arg(long)]
    threshold: Option<f32>,
}

#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
}

/// What the group stage needs of an analysed article.
pub(crate) fn doc_from_analysis(id: String, body: String, analysis: &Analysis) -> Doc {
    let article = &analysis.article;
    Doc {
        id,
        title: article.title.clone().unwrap_or_default(),
        text: body,
        lang: article.lang.clone(),
        published: article
            .published
            .as_deref()
            .and_then(warta_analyze::parse_published),
        outlet: article.site.clone(),
        entities: analysis
            .entities
            .iter()
            .map(|e| DocEntity {
                canonical: e.canonical.clone(),
                kind: e.kind.as_str().to_string(),
                actor: e.actor.clone(),
            })
            .collect(),
        events: analysis
            .events
            .iter()
            .map(|e| DocEvent {
                source: e.source.clone(),
                target: e.target.clone(),
                code: e.code.clone(),
                root: e.root.clone(),
                date: e.date.clone(),
                location: e.location.clone(),
            })
            .collect(),
        dates: analysis.dates.iter().map(|d| d.value.clone()).collect(),
    }
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a line must hold beyond valid JSON: an id (text or number) and,
/// when given, a `published` time warta can read.
fn check_record(r: &Record) -> std::result::Result<(), String> {
    match &r.id {
        Value::String(s) if !s.trim().is_empty() => {}
        Value::Number(_) => {}
        Value::Null => return Err("no \"id\"".into()),
        Value::String(_) => return Err("\"id\" is empty".into()),
        other => return Err(format!("\"id\" {other} is not a text or a number")),
    }
    if let Some(p) = r.published.as_deref().filter(|p| !p.trim().is_empty()) {
        if warta_analyze::parse_published(p).is_none() {
            return Err(format!(
                "\"published\" {p:?} is not a time (RFC 3339, e.g. 2023-09-14T10:00:00+07:00, or a day, 2023-09-14)"
            ));
        }
    }
    Ok(())
}

pub fn run(args: GroupArgs) -> Result<ExitCode> {
    let path = args.jsonl.as_str();
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("{path}: cannot open"))?,
        ))
    };
    let mut records = Vec::new();
    let mut first_line: std::collections::HashMap<String, usize> = Default::default();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: cannot read", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line).with_context(|| {
            format!(
                "{path}:{}: not a {{\"id\", \"title\", \"text\"}} JSON line",
                n + 1
            )
        })?;
        check_record(&record).map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
        let first = *first_line.entry(id_text(&record.id)).or_insert(n + 1);
        if first != n + 1 {
            // Both are placed; the output lines keep the input's order.
            eprintln!(
                "warta: {path}:{}: id {} again (first on line {first}); each line is placed",
                n + 1,
                record.id
            );
        }
        records.push(record);
    }
    let docs: Vec<Doc> = records
        .par_iter()
        .map(|r| {
            let text = r.text.clone().unwrap_or_default();
            let lang = r.lang.as_deref().and_then(|l| super::parse_lang(l).ok());
            let article = Article {
                title: r.title.clone().filter(|t| !t.trim().is_empty()),
                lang: r.lang.clone(),
                published: r.published.clone(),
                site: r.outlet.clone(),
                blocks: text
                    .split('\n')
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| Block::new(BlockKind::Paragraph, p))
                    .collect(),
                ..Article::default()
            };
            let opts = AnalyzeOptions {
                lang,
                ..AnalyzeOptions::default()
            };
            let analysis = analyze(article, &opts);
            let mut doc = doc_from_analysis(id_text(&r.id), text, &analysis);
            // The line's own language wins over detection when it gives one.
            if r.lang.is_some() {
                doc.lang = r.lang.clone();
            }
            doc
        })
        .collect();
    let mut cfg = GroupConfig::default();
    if let Some(t) = args.threshold {
        cfg.threshold = t;
    }
    let mut grouper = Grouper::new(cfg);
    // The batch's own term statistics, as the running system has its history.
    for doc in &docs {
        grouper.observe(doc);
    }
    let placements: Vec<_> = docs.iter().map(|doc| grouper.add(doc)).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (p, r) in placements.iter().zip(&records) {
        // A story merged into another since is reported as that one.
        let mut line = json!({ "id": r.id, "story": grouper.resolve(p.story) });
        if let Some(d) = &p.duplicate_of {
            line["duplicate_of"] = json!(d);
        }
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
