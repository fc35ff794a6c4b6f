//! `warta source`: add, list, pause, resume, remove, import and export the
//! sources warta follows.

use super::system::{System, SystemArgs};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use std::io::Write;
use std::process::ExitCode;
use warta_fetch::{FetchOutcome, FetchRequest, Fetcher};
use warta_sources::discover::{self, SourceKind as Sniffed};
use warta_sources::opml::{self, OpmlOutline};
use warta_store::{NewSource, SourceKind, SourceSettings, Store};

#[derive(Debug, Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    command: SourceCommand,
}

#[derive(Debug, Subcommand)]
enum SourceCommand {
    /// Follow a feed, a site (its feed is discovered) or a news sitemap.
    Add(AddArgs),
    /// The sources, with their state and last error.
    List {
        /// JSON Lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop following a source (its articles stay).
    Remove { source: String },
    /// Stop polling a source for now.
    Pause { source: String },
    /// Poll a paused source again.
    Resume { source: String },
    /// Change a source's fetching settings.
    Set {
        source: String,
        #[command(flatten)]
        settings: SettingsArgs,
    },
    /// Follow every feed in an OPML file.
    Import { file: std::path::PathBuf },
    /// Write the sources as OPML to stdout.
    Export,
}

#[derive(Debug, Args)]
struct AddArgs {
    url: String,
    /// A title, instead of the feed's own.
    #[arg(long)]
    title: Option<String>,
    /// A category (an OPML folder).
    #[arg(long)]
    category: Option<String>,
    /// Take the URL as it is (a feed or sitemap), without fetching it to
    /// check or discover.
    #[arg(long)]
    no_discover: bool,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Debug, Args)]
struct SettingsArgs {
    /// An extra request header, "Name: value" (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A Cookie header value.
    #[arg(long)]
    cookie: Option<String>,
    /// An HTTP proxy for this source.
    #[arg(long)]
    proxy: Option<String>,
    /// CSS selector of the article body on this site.
    #[arg(long)]
    body_selector: Option<String>,
}

impl SettingsArgs {
    fn apply(&self, settings: &mut SourceSettings) -> Result<()> {
        for header in &self.headers {
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| anyhow!("--header {header:?}: expected \"Name: value\""))?;
            settings
                .headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(name.trim()));
            settings
                .headers
                .push((name.trim().to_string(), value.trim().to_string()));
        }
        if let Some(cookie) = &self.cookie {
            settings.cookie = Some(cookie.clone()).filter(|c| !c.is_empty());
        }
        if let Some(proxy) = &self.proxy {
            settings.proxy = Some(proxy.clone()).filter(|c| !c.is_empty());
        }
        if let Some(selector) = &self.body_selector {
            if !selector.is_empty() {
                scraper::Selector::parse(selector)
                    .map_err(|e| anyhow!("--body-selector {selector:?}: {e}"))?;
            }
            settings.body_selector = Some(selector.clone()).filter(|c| !c.is_empty());
        }
        Ok(())
    }
}

pub fn run(args: SourceArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let now = crate::follow::now();
    match args.command {
        SourceCommand::Add(add) => {
            let mut settings = SourceSettings::default();
            add.settings.apply(&mut settings)?;
            let found = if add.no_discover {
                Found {
                    url: add.url.clone(),
                    kind: if add.url.contains("sitemap") {
                        SourceKind::Sitemap
                    } else {
                        SourceKind::Feed
                    },
                    title: None,
                    site_url: None,
                }
            } else {
                runtime()?.block_on(find_source(&system, &add.url, &settings))?
            };
            let source = store.add_source(
                &NewSource {
                    url: found.url,
                    kind: found.kind,
                    title: add.title.or(found.title),
                    site_url: found.site_url,
                    category: add.category,
                    settings,
                },
                now,
            )?;
            println!(
                "added source {}: {} ({}{})",
                source.id,
                source.url,
                source.kind.as_str(),
                source
                    .title
                    .as_deref()
                    .map(|t| format!(", {t:?}"))
                    .unwrap_or_default()
            );
        }
        SourceCommand::List { json } => list(store.as_ref(), json)?,
        SourceCommand::Remove { source } => {
            let s = store.find_source(&source)?;
            store.remove_source(s.id)?;
            println!("removed source {}: {}", s.id, s.url);
        }
        SourceCommand::Pause { source } => {
            let s = store.find_source(&source)?;
            store.set_source_paused(s.id, true)?;
            println!("paused source {}: {}", s.id, s.url);
        }
        SourceCommand::Resume { source } => {
            let s = store.find_source(&source)?;
            store.set_source_paused(s.id, false)?;
            println!("resumed source {}: {}", s.id, s.url);
        }
        SourceCommand::Set { source, settings } => {
            let s = store.find_source(&source)?;
            let mut current = s.settings.clone();
            settings.apply(&mut current)?;
            store.set_source_settings(s.id, &current)?;
            println!("source {}: {}", s.id, serde_json::to_string(&current)?);
        }
        SourceCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
            let outlines =
                opml::parse_opml(&bytes).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            let (mut added, mut known) = (0, 0);
            for outline in outlines {
                let Some(url) = outline.xml_url.clone() else {
                    continue;
                };
                let kind = if url.contains("sitemap") {
                    SourceKind::Sitemap
                } else {
                    SourceKind::Feed
                };
                match store.add_source(
                    &NewSource {
                        url,
                        kind,
                        title: outline.title.clone(),
                        site_url: outline.html_url.clone(),
                        category: outline.category.clone(),
                        settings: SourceSettings::default(),
                    },
                    now,
                ) {
                    Ok(_) => added += 1,
                    Err(warta_store::StoreError::SourceExists { .. }) => known += 1,
                    Err(e) => return Err(e.into()),
                }
            }
            println!(
                "{}: {added} sources added, {known} already followed",
                file.display()
            );
        }
        SourceCommand::Export => {
            let outlines: Vec<OpmlOutline> = store
                .sources()?
                .into_iter()
                .map(|s| OpmlOutline {
                    title: s.title,
                    xml_url: Some(s.url),
                    html_url: s.site_url,
                    category: s.category,
                })
                .collect();
            let mut out = std::io::stdout().lock();
            out.write_all(opml::write_opml("warta sources", &outlines).as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &dyn Store, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let sources = store.sources()?;
    if json {
        for s in &sources {
            serde_json::to_writer(&mut out, s)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    if sources.is_empty() {
        writeln!(out, "no sources yet: `warta source add URL` follows one")?;
        return Ok(());
    }
    let now = crate::follow::now();
    for s in &sources {
        let polled = s
            .last_polled_at
            .map(|t| format!("polled {} ago", ago(now - t)))
            .unwrap_or_else(|| "never polled".into());
        writeln!(
            out,
            "{:>4}  {:<6}  {:<7}  {}  {}{}",
            s.id,
            s.state,
            s.kind.as_str(),
            s.url,
            polled,
            s.title
                .as_deref()
                .map(|t| format!("  {t:?}"))
                .unwrap_or_default()
        )?;
        if let Some(error) = &s.last_error {
            writeln!(
                out,
                "      last error ({} in a row): {error}",
                s.error_count
            )?;
        }
    }
    Ok(())
}

fn ago(secs: i64) -> String {
    match secs.max(0) {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

pub(crate) struct Found {
    pub(crate) url: String,
    pub(crate) kind: SourceKind,
    pub(crate) title: Option<String>,
    pub(crate) site_url: Option<String>,
}

/// What a URL is: a feed or sitemap as it is, or a site whose feed is
/// found from its `<link rel=alternate>`, then the common paths.
async fn find_source(system: &System, raw: &str, settings: &SourceSettings) -> Result<Found> {
    find_source_with(&system.fetcher()?, raw, settings).await
}

/// The same with a fetcher at hand (the server keeps one).
pub(crate) async fn find_source_with(
    fetcher: &Fetcher,
    raw: &str,
    settings: &SourceSettings,
) -> Result<Found> {
    let url = url::Url::parse(raw).with_context(|| format!("{raw}: not a valid URL"))?;
    let get = |url: url::Url| {
        let fetcher: &Fetcher = fetcher;
        let request = FetchRequest {
            headers: settings.headers.clone(),
            cookie: settings.cookie.clone(),
            proxy: settings.proxy.clone(),
            ..FetchRequest::new(url)
        };
        async move {
            match fetcher.fetch(request).await? {
                FetchOutcome::Fetched(page) => Ok(page),
                FetchOutcome::NotModified { url } => {
                    Err(anyhow!("{url}: 304 to an unconditional request"))
                }
            }
        }
    };
    let page = get(url.clone())
        .await
        .with_context(|| format!("{raw}: cannot fetch"))?;
    if let Some(found) = as_source(&page) {
        return Ok(found);
    }
    if discover::sniff(&page.body, page.content_type.as_deref()) != Sniffed::Html {
        bail!("{raw}: neither a feed, a sitemap nor a web page");
    }
    let site_url = Some(page.url.to_string());
    let mut tried = 0;
    let candidates = discover::discover_feeds(&page.body, &page.url)
        .into_iter()
        .chain(discover::common_feed_paths(&page.url));
    for candidate in candidates {
        tried += 1;
        let Ok(found_page) = get(candidate.clone()).await else {
            continue;
        };
        if let Some(found) = as_source(&found_page) {
            return Ok(Found { site_url, ..found });
        }
    }
    bail!("{raw}: a web page, but no feed or sitemap found (tried {tried} links and common paths); give the feed's URL")
}

fn as_source(page: &warta_fetch::FetchedPage) -> Option<Found> {
    match discover::sniff(&page.body, page.content_type.as_deref()) {
        Sniffed::Feed => {
            let feed = warta_sources::parse_feed(
                &page.body,
                page.content_type.as_deref(),
                Some(&page.url),
            )
            .ok()?;
            Some(Found {
                url: page.url.to_string(),
                kind: SourceKind::Feed,
                title: feed.title,
                site_url: feed.link,
            })
        }
        Sniffed::Sitemap | Sniffed::SitemapIndex => Some(Found {
            url: page.url.to_string(),
            kind: SourceKind::Sitemap,
            title: None,
            site_url: None,
        }),
        _ => None,
    }
}
