//! `warta ingest`: HTML and text files, folders and WARC files into the
//! store, through the same pipeline as followed sources.

use super::system::SystemArgs;
use crate::pipeline::Pipeline;
use anyhow::{anyhow, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use warta_store::{NewArticle, RawPage, Store};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files (.html, .htm, .xhtml, .txt), folders, and WARC files (.warc,
    /// .warc.gz).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// One page to ingest.
struct Page {
    /// Where it came from, for messages.
    label: String,
    /// Its URL: the WARC record's target, else the file's `file://` URL.
    url: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// Pages are processed in batches of this many, all cores at once.
const BATCH: usize = 64;

pub fn run(args: IngestArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let (files, warcs) = expand(&args.paths)?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} pages {per_sec} {msg}",
        )
        .expect("a valid template"),
    );
    let pipeline = Pipeline::default();
    let rules = crate::alerts::load_rules(store.as_ref())?;
    let outbox = |story: &warta_store::StoryView| crate::alerts::wanted(&rules, story);
    let outbox: Option<&crate::stories::Outbox<'_>> = (!rules.is_empty()).then_some(&outbox);
    let stories = crate::stories::Stories::load(store.as_ref(), crate::follow::now(), outbox)?;
    let index = crate::index::LiveIndex::open(&system.index_location()?);
    let index = index.as_ref();
    if let Some(index) = index {
        // Articles an earlier run left unplaced, placed by the load.
        stories.index_unindexed(store.as_ref(), index);
    }
    let stages = Stages {
        pipeline: &pipeline,
        stories: &stories,
        index,
        outbox,
        store: &store,
    };
    let mut totals = Totals::default();
    for chunk in files.chunks(BATCH) {
        let pages: Vec<Result<Page>> = chunk.iter().map(|path| read_file(path)).collect();
        ingest_batch(pages, &stages, &mut totals, &bar);
    }
    for warc in &warcs {
        bar.set_message(warc.display().to_string());
        let file = std::fs::File::open(warc)
            .with_context(|| format!("{}: cannot open", warc.display()))?;
        let reader = warta_sources::warc::WarcReader::new(std::io::BufReader::new(file));
        let mut batch = Vec::with_capacity(BATCH);
        for record in reader {
            match record {
                Ok(record) => {
                    bar.inc_length(1);
                    batch.push(Ok(Page {
                        label: format!("{}: {}", warc.display(), record.target_uri),
                        url: record.target_uri,
                        content_type: record.content_type,
                        bytes: record.payload,
                    }));
                }
                Err(err) => {
                    // A damaged record ends the file: the reader cannot
                    // know where the next one starts.
                    totals.errors.push(format!("{}: {err}", warc.display()));
                    break;
                }
            }
            if batch.len() == BATCH {
                ingest_batch(std::mem::take(&mut batch), &stages, &mut totals, &bar);
            }
        }
        ingest_batch(batch, &stages, &mut totals, &bar);
    }
    bar.finish_and_clear();
    if let Some(index) = index {
        index.commit();
    }
    for error in &totals.errors {
        eprintln!("warta ingest: {error}");
    }
    let counts = store.counts()?;
    eprintln!(
        "warta ingest: {} pages read, {} articles stored with {} events, {} failed; the store ({}) holds {} articles",
        totals.read,
        totals.stored,
        totals.events,
        totals.errors.len(),
        store.describe(),
        counts.articles
    );
    Ok(if totals.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[derive(Default)]
struct Totals {
    read: u64,
    stored: u64,
    events: u64,
    errors: Vec<String>,
}

/// What ingesting a page goes through, after reading it.
struct Stages<'a> {
    pipeline: &'a Pipeline,
    stories: &'a crate::stories::Stories,
    index: Option<&'a crate::index::LiveIndex>,
    outbox: Option<&'a crate::stories::Outbox<'a>>,
    store: &'a Arc<dyn Store>,
}

/// An article stored: its events, id, URL and analysis (as JSON).
type Stored = (
    usize,
    i64,
    String,
    serde_json::Map<String, serde_json::Value>,
);

fn ingest_batch(pages: Vec<Result<Page>>, stages: &Stages, totals: &mut Totals, bar: &ProgressBar) {
    let Stages {
        pipeline,
        stories,
        index,
        outbox,
        store,
    } = *stages;
    let fetched = crate::follow::now();
    let results: Vec<Result<Stored>> = pages
        .into_par_iter()
        .map(|page| {
            let page = page?;
            let url = url::Url::parse(&page.url).ok();
            let article = pipeline
                .extract_page(
                    &page.bytes,
                    page.content_type.as_deref(),
                    url.as_ref(),
                    None,
                )
                .map_err(|e| anyhow!("{}: {e}", page.label))?;
            let analysis = pipeline.analyze(article);
            let events = analysis.events.len();
            let json = match serde_json::to_value(&analysis)? {
                serde_json::Value::Object(map) => map,
                _ => serde_json::Map::new(),
            };
            let stored_url = page.url.clone();
            let id = store
                .save_article(
                    &NewArticle {
                        canonical_url: analysis.article.url.clone().filter(|c| c != &page.url),
                        url: page.url,
                        guid: None,
                        source_id: None,
                        fetched,
                        raw: Some(RawPage {
                            bytes: page.bytes,
                            content_type: page.content_type,
                        }),
                        fetch_error: None,
                        analysis: &analysis,
                    },
                    None,
                )
                .map_err(|e| anyhow!("{}: {e}", page.label))?;
            Ok((events, id, stored_url, json))
        })
        .collect();
    for result in results {
        totals.read += 1;
        bar.inc(1);
        match result {
            // Stories in input order, one at a time: placement depends on
            // what came before.
            Ok((events, id, url, json)) => {
                match stories.place(store.as_ref(), id, &json, fetched, outbox) {
                    Ok(placed) => {
                        if let Some(index) = index {
                            index.add(id, &url, Some(placed.placement.story as i64), &json);
                            crate::stories::index_as_stored(store.as_ref(), index, &placed.moved);
                        }
                        totals.stored += 1;
                        totals.events += events as u64;
                    }
                    Err(err) => totals
                        .errors
                        .push(format!("article {id}: placing in a story: {err:#}")),
                }
            }
            Err(err) => totals.errors.push(format!("{err:#}")),
        }
    }
}

fn read_file(path: &Path) -> Result<Page> {
    let label = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("{label}: cannot open"))?;
    let mut bytes = Vec::new();
    file.take(warta_extract::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{label}: cannot read"))?;
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let url = url::Url::from_file_path(&absolute)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", absolute.display()));
    let content_type = match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => Some("text/plain".to_string()),
        _ => None,
    };
    Ok(Page {
        label,
        url,
        content_type,
        bytes,
    })
}

fn is_warc(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Pages and WARC files under the given paths, each list sorted.
fn expand(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let (mut files, mut warcs) = (Vec::new(), Vec::new());
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut warcs)
                .with_context(|| format!("{}: cannot read folder", path.display()))?;
        } else if !path.exists() {
            return Err(anyhow!("{}: no such file or folder", path.display()));
        } else if is_warc(path) {
            warcs.push(path.clone());
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    warcs.sort();
    Ok((files, warcs))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, warcs: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files, warcs)?;
        } else if is_warc(&path) {
            warcs.push(path);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "htm" | "xhtml" | "txt")
        ) {
            files.push(path);
        }
    }
    Ok(())
}
