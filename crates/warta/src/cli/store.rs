//! The commands that read and look after the store: `export`, `status`,
//! `prune`, `backup` and `reprocess`.

use super::system::SystemArgs;
use crate::pipeline::{self, Pipeline};
use anyhow::{anyhow, Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use warta_store::{RawArticle, Store};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    what: ExportWhat,
    /// jsonl (default), csv, or gdelt (events only: GDELT 2.0 rows).
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportWhat {
    Articles,
    Events,
    Stories,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
    Gdelt,
}

pub fn export(args: ExportArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed pipe (`| head`) ends the export quietly.
    let result = write_export(store.as_ref(), args.what, args.format, &mut out)
        .and_then(|()| out.flush().map_err(Into::into));
    match result {
        Err(err) if is_broken_pipe(&err) => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.to_string().contains("Broken pipe")
    })
}

fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn io(e: std::io::Error) -> warta_store::StoreError {
    warta_store::StoreError::Io(e)
}

fn write_export(
    store: &dyn Store,
    what: ExportWhat,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match (what, format) {
        (ExportWhat::Articles | ExportWhat::Stories, ExportFormat::Gdelt) => {
            return Err(anyhow!("--format gdelt is for events only"));
        }
        (ExportWhat::Articles, ExportFormat::Jsonl) => store.for_each_article(&mut |a| {
            let mut line = a.analysis;
            if let Some(canonical) = line.get("url").and_then(|u| u.as_str()) {
                if canonical != a.url {
                    line.insert("canonical_url".into(), canonical.into());
                }
            }
            line.insert("id".into(), a.id.into());
            line.insert("url".into(), a.url.into());
            line.insert("source".into(), a.source.into());
            line.insert("fetched".into(), rfc3339(a.fetched).into());
            line.insert("story".into(), a.story.into());
            line.insert("duplicate_of".into(), a.duplicate_of.into());
            if let Some(error) = a.fetch_error {
                line.insert("fetch_error".into(), error.into());
            }
            serde_json::to_writer(&mut *out, &line).map_err(|e| io(e.into()))?;
            writeln!(out).map_err(io)
        })?,
        (ExportWhat::Articles, ExportFormat::Csv) => {
            write_csv(
                out,
                &[
                    "id",
                    "url",
                    "source",
                    "fetched",
                    "story",
                    "site",
                    "lang",
                    "title",
                    "published",
                    "authors",
                    "text",
                ],
            )?;
            store.for_each_article(&mut |a| {
                let field = |k: &str| {
                    a.analysis
                        .get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let authors: Vec<String> = a
                    .analysis
                    .get("authors")
                    .and_then(|v| v.as_array())
                    .map(|v| {
                        v.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let text: Vec<String> = a
                    .analysis
                    .get("blocks")
                    .and_then(|v| v.as_array())
                    .map(|v| {
                        v.iter()
                            .filter_map(|b| b.get("text")?.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                write_csv(
                    out,
                    &[
                        &a.id.to_string(),
                        &a.url,
                        a.source.as_deref().unwrap_or(""),
                        &rfc3339(a.fetched),
                        &a.story.map(|s| s.to_string()).unwrap_or_default(),
                        &field("site"),
                        &field("lang"),
                        &field("title"),
                        &field("published"),
                        &authors.join("; "),
                        &text.join("\n"),
                    ],
                )
                .map_err(io)
            })?
        }
        (ExportWhat::Events, ExportFormat::Jsonl) => store.for_each_event(&mut |e| {
            let mut line = match serde_json::to_value(&e.event) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            };
            line.insert("id".into(), e.id.into());
            line.insert("article".into(), e.article_id.into());
            line.insert("url".into(), e.url.into());
            line.insert("fetched".into(), rfc3339(e.fetched).into());
            serde_json::to_writer(&mut *out, &line).map_err(|e| io(e.into()))?;
            writeln!(out).map_err(io)
        })?,
        (ExportWhat::Events, ExportFormat::Csv) => {
            write_csv(
                out,
                &[
                    "id",
                    "article",
                    "url",
                    "date",
                    "source",
                    "target",
                    "code",
                    "root",
                    "quad_class",
                    "goldstein",
                    "negated",
                    "location",
                    "sentence",
                ],
            )?;
            store.for_each_event(&mut |e| {
                let ev = &e.event;
                write_csv(
                    out,
                    &[
                        &e.id.to_string(),
                        &e.article_id.map(|a| a.to_string()).unwrap_or_default(),
                        e.url.as_deref().unwrap_or(""),
                        ev.date.as_deref().unwrap_or(""),
                        &ev.source,
                        &ev.target,
                        &ev.code,
                        &ev.root,
                        &ev.quad_class.to_string(),
                        &format!("{:.1}", ev.goldstein),
                        if ev.negated { "true" } else { "false" },
                        ev.location.as_deref().unwrap_or(""),
                        &ev.sentence,
                    ],
                )
                .map_err(io)
            })?
        }
        (ExportWhat::Events, ExportFormat::Gdelt) => store.for_each_event(&mut |e| {
            let row =
                super::events::gdelt_row(e.id as u64, &e.event, e.url.as_deref().unwrap_or(""));
            writeln!(out, "{row}").map_err(io)
        })?,
        (ExportWhat::Stories, ExportFormat::Jsonl) => store.for_each_story(&mut |s| {
            let line = serde_json::json!({
                "id": s.id,
                "title": s.title,
                "first_seen": rfc3339(s.first_seen),
                "last_seen": rfc3339(s.last_seen),
                "articles": s.articles,
                "events": merged_events(&s),
            });
            serde_json::to_writer(&mut *out, &line).map_err(|e| io(e.into()))?;
            writeln!(out).map_err(io)
        })?,
        (ExportWhat::Stories, ExportFormat::Csv) => {
            write_csv(
                out,
                &[
                    "id",
                    "title",
                    "first_seen",
                    "last_seen",
                    "articles",
                    "events",
                ],
            )?;
            store.for_each_story(&mut |s| {
                write_csv(
                    out,
                    &[
                        &s.id.to_string(),
                        s.title.as_deref().unwrap_or(""),
                        &rfc3339(s.first_seen),
                        &rfc3339(s.last_seen),
                        &s.articles.len().to_string(),
                        &merged_events(&s).len().to_string(),
                    ],
                )
                .map_err(io)
            })?
        }
    }
    Ok(())
}

/// A story's events merged: the same event (actors, root code, date,
/// place) reported by several articles is one event, with `sources`
/// listing the articles that report it.
fn merged_events(story: &warta_store::StoredStory) -> Vec<serde_json::Value> {
    let mut merged = Vec::new();
    for e in &story.events {
        let id = e.article_id.map(|a| a.to_string()).unwrap_or_default();
        let event = warta_group::DocEvent {
            source: e.event.source.clone(),
            target: e.event.target.clone(),
            code: e.event.code.clone(),
            root: e.event.root.clone(),
            date: e.event.date.clone(),
            location: e.event.location.clone(),
        };
        warta_group::merge_into(&mut merged, &id, std::slice::from_ref(&event));
    }
    merged
        .into_iter()
        .map(|e| {
            let mut value = serde_json::to_value(&e).unwrap_or_default();
            // Article ids are numbers everywhere else in the export.
            let sources: Vec<i64> = e.sources.iter().filter_map(|s| s.parse().ok()).collect();
            value["sources"] = sources.into();
            value
        })
        .collect()
}

/// One CSV row (RFC 4180): fields with commas, quotes or line breaks are
/// quoted, quotes doubled.
fn write_csv(out: &mut dyn Write, fields: &[&str]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

#[derive(Debug, Args)]
pub struct StatusArgs {}

pub fn status(_args: StatusArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let counts = store.counts()?;
    println!(
        "{}",
        serde_json::json!({ "store": store.describe(), "data_dir": system.data_dir, "counts": counts })
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Drop articles published (else first seen) longer ago than this:
    /// 365d, 12w, 48h.
    #[arg(long, value_name = "AGE")]
    older_than: String,
    /// Keep the dropped articles' events (they keep their URL).
    #[arg(long)]
    keep_events: bool,
}

pub fn prune(args: PruneArgs, system_args: &SystemArgs) -> Result<ExitCode> {
    let age = crate::config::parse_duration(&args.older_than).ok_or_else(|| {
        anyhow!(
            "--older-than {:?}: expected an age such as 365d, 12w or 48h",
            args.older_than
        )
    })?;
    let system = system_args.load()?;
    let store = system.open_store()?;
    let before = crate::follow::now() - age.as_secs() as i64;
    let pruned = store.prune(before, args.keep_events)?;
    println!(
        "pruned {} articles published before {}; {} events {}",
        pruned.articles,
        rfc3339(before),
        if args.keep_events {
            store.counts()?.events
        } else {
            pruned.events
        },
        if args.keep_events {
            "kept in all"
        } else {
            "dropped with them"
        }
    );
    // The index never holds what the store does not.
    let index_kept = match system.index_location()? {
        warta_search::IndexLocation::Folder(dir) => dir.exists(),
        warta_search::IndexLocation::Postgres(_) => true,
    };
    if pruned.articles > 0 && index_kept {
        drop(store);
        return super::search::reindex(super::search::ReindexArgs {}, system_args);
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist).
    path: PathBuf,
}

pub fn backup(args: BackupArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    store
        .backup(&args.path)
        .with_context(|| format!("backing up {} to {}", store.describe(), args.path.display()))?;
    println!(
        "wrote a copy of {} to {}",
        store.describe(),
        args.path.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ReprocessArgs {}

/// Articles are processed again in batches of this many, all cores at once.
const BATCH: usize = 64;

pub fn reprocess(_args: ReprocessArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let pipeline = Pipeline::default();
    let mut batch: Vec<RawArticle> = Vec::with_capacity(BATCH);
    let (mut done, mut failed) = (0u64, 0u64);
    let mut flush = |batch: &mut Vec<RawArticle>| -> warta_store::Result<()> {
        let results: Vec<(i64, Result<warta_analyze::Analysis>)> = batch
            .par_drain(..)
            .map(|raw| (raw.id, reanalyze(&pipeline, raw)))
            .collect();
        for (id, result) in results {
            match result {
                Ok(analysis) => {
                    store.replace_analysis(id, &analysis)?;
                    done += 1;
                }
                Err(err) => {
                    eprintln!("warta reprocess: article {id}: {err:#}");
                    failed += 1;
                }
            }
        }
        Ok(())
    };
    store.for_each_raw(&mut |raw| {
        batch.push(raw);
        if batch.len() == BATCH {
            flush(&mut batch)?;
        }
        Ok(())
    })?;
    flush(&mut batch)?;
    eprintln!("warta reprocess: {done} articles processed again, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The article again from its raw page, or (kept from a feed entry) from
/// its stored fields.
fn reanalyze(pipeline: &Pipeline, raw: RawArticle) -> Result<warta_analyze::Analysis> {
    let stored: warta_model::Article =
        serde_json::from_value(serde_json::Value::Object(raw.analysis))
            .context("reading the stored article")?;
    let article = match &raw.raw {
        Some(page) => {
            let url = url::Url::parse(&raw.url).ok();
            let mut article = pipeline.extract_page(
                &page.bytes,
                page.content_type.as_deref(),
                url.as_ref(),
                None,
            )?;
            // What the feed entry gave (title, dates, authors) stays.
            let item = warta_store::NewItem {
                url: stored.url.clone(),
                title: stored.title.clone(),
                published: stored.published.clone(),
                updated: stored.modified.clone(),
                authors: stored.authors.clone(),
                ..Default::default()
            };
            pipeline::fill_from_item(&mut article, &item);
            article
        }
        None => stored,
    };
    Ok(pipeline.analyze(article))
}
