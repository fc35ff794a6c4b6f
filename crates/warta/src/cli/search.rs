//! `warta search` (full-text search of the stored articles) and `warta
//! reindex` (rebuild the index from the store). Beside an SQLite store the
//! index is tantivy's, in `<data_dir>/index`; beside a PostgreSQL store it
//! is a table in the same database, searched with PostgreSQL's own text
//! search (see [`warta_search::TextIndex`]).

use super::system::SystemArgs;
use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use warta_search::{group_by_story, Hit, IndexDoc, IndexLocation, Query, SearchError, TextIndex};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: words (all must match), "phrases", AND, OR, NOT, +word,
    /// -word, ( ), and fields: title:, body:, entity:, actor:, code:,
    /// outlet:, lang:, published:[2023-09-01 TO 2023-09-30]. Empty: the
    /// newest articles the filters allow.
    #[arg(default_value = "")]
    query: String,
    /// Only articles with this CAMEO actor or actor prefix (PRK matches
    /// PRKGOV); repeatable, any of them.
    #[arg(long, value_name = "CODE")]
    actor: Vec<String>,
    /// Only articles published on or after this day (YYYY-MM-DD, the
    /// article's own date).
    #[arg(long, value_name = "DAY", value_parser = parse_day)]
    since: Option<NaiveDate>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY", value_parser = parse_day)]
    until: Option<NaiveDate>,
    /// Only articles in this language (id, en, ...); repeatable.
    #[arg(long, value_name = "LANG")]
    lang: Vec<String>,
    /// Only articles from this outlet (its whole name, any case); repeatable.
    #[arg(long, value_name = "NAME")]
    outlet: Vec<String>,
    /// Only articles with an event of this CAMEO code or root (19 matches
    /// 190 and 193); repeatable.
    #[arg(long, value_name = "CODE")]
    event: Vec<String>,
    /// How many articles at most.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print JSON Lines of hits (best first) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?}: expected YYYY-MM-DD"))
}

/// Where the index lives.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("index")
}

/// Where the full-text index lives: beside a PostgreSQL store, in its
/// database; otherwise tantivy's folder in the data folder.
pub fn index_location(config: &crate::config::Config, data_dir: &Path) -> Result<IndexLocation> {
    let url = warta_store::StoreUrl::parse(&config.store.url, data_dir)?;
    Ok(match url {
        warta_store::StoreUrl::Postgres(url) => IndexLocation::Postgres(url),
        warta_store::StoreUrl::Sqlite(_) => IndexLocation::Folder(index_dir(data_dir)),
    })
}

pub fn search(args: SearchArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let location = system.index_location()?;
    if let IndexLocation::Folder(dir) = &location {
        if !warta_search::SearchIndex::exists_in(dir) {
            bail!(
                "no search index in {} yet; run `warta reindex` to build it from the store",
                dir.display()
            );
        }
    }
    let index = TextIndex::open(&location)?;
    let query = Query {
        text: args.query,
        actors: args.actor,
        since: args.since,
        until: args.until,
        langs: args.lang,
        outlets: args.outlet,
        event_roots: args.event,
        limit: args.limit,
    };
    let hits = index.search(&query)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.json {
        hits.iter().try_for_each(|hit| {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
            Ok::<_, anyhow::Error>(())
        })
    } else {
        write_text(&hits, &mut out)
    };
    match written.and_then(|()| out.flush().map_err(Into::into)) {
        // A closed pipe (`| head`) ends the output quietly.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// Hits grouped by story: each group under its best hit, the story's other
/// hits indented beneath.
fn write_text(hits: &[Hit], out: &mut dyn Write) -> Result<()> {
    if hits.is_empty() {
        writeln!(out, "no articles found")?;
        return Ok(());
    }
    for (n, group) in group_by_story(hits).iter().enumerate() {
        let (best, rest) = group.split_first().expect("groups are never empty");
        write_hit(out, &format!("{:>2}. ", n + 1), "    ", best)?;
        if !rest.is_empty() {
            let story = best.story.map(|s| format!("story {s}")).unwrap_or_default();
            writeln!(out, "    {story}, {} more:", rest.len())?;
            for hit in rest {
                write_hit(out, "      - ", "        ", hit)?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn write_hit(out: &mut dyn Write, first: &str, indent: &str, hit: &Hit) -> Result<()> {
    let title = if hit.title.is_empty() {
        "(no title)"
    } else {
        &hit.title
    };
    writeln!(out, "{first}{title}")?;
    let mut meta: Vec<&str> = Vec::new();
    if let Some(outlet) = &hit.outlet {
        meta.push(outlet);
    }
    if let Some(day) = hit.published.as_deref().and_then(|p| p.get(..10)) {
        meta.push(day);
    }
    if let Some(lang) = &hit.lang {
        meta.push(lang);
    }
    meta.push(&hit.url);
    writeln!(out, "{indent}{}", meta.join(" | "))?;
    if !hit.snippet.is_empty() {
        writeln!(out, "{indent}{}", hit.snippet)?;
    }
    Ok(())
}

pub fn reindex(_args: ReindexArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let location = system.index_location()?;
    let start = Instant::now();
    // tantivy: rebuilt in place, in one commit: searches see the old index
    // until the new one is whole, a crash leaves the old one, and tantivy's
    // writer lock keeps out a follower writing at the same time.
    // PostgreSQL: the table is emptied, then filled in batches.
    let mut index = match TextIndex::open(&location) {
        Err(SearchError::SchemaVersion { .. }) => TextIndex::recreate(&location)?,
        other => other?,
    };
    index
        .clear()
        .map_err(|e| anyhow!("{e} (is `warta run` writing to the index? stop it, then reindex)"))?;
    let mut count = 0u64;
    let mut failed: Option<SearchError> = None;
    let scan = store.for_each_article(&mut |a| {
        let doc = IndexDoc::from_analysis_json(a.id, &a.url, a.story, &a.analysis);
        if let Err(e) = index.add(&doc) {
            let message = e.to_string();
            failed = Some(e);
            return Err(warta_store::StoreError::Io(std::io::Error::other(message)));
        }
        count += 1;
        Ok(())
    });
    if let Some(e) = failed {
        return Err(e).context("indexing the stored articles");
    }
    scan.context("reading the stored articles")?;
    // One segment after a bulk load: each query walks one set of postings
    // with one top-k threshold (p99 at 100,000 articles 11 ms -> 6 ms).
    index.merge_all()?;
    eprintln!(
        "indexed {count} articles into the {} in {:.1} s",
        index.describe(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
