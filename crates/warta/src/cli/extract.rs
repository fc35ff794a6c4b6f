//! `warta extract`: pages, files, folders, URLs or stdin in; articles out.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use warta_extract::{Article, BlockKind, ExtractOptions};
use warta_fetch::BlockingFetcher as Fetcher;

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders (searched for .html, .htm, .txt), http(s) URLs, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    #[command(flatten)]
    pages: PageArgs,
}

/// How pages are read, shared by the commands that take pages.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// The page's URL, when the input is a file or stdin.
    #[arg(long)]
    url: Option<url::Url>,
    /// Fetch the article's following pages and merge them.
    #[arg(long)]
    follow_pages: bool,
    /// At most this many pages in all with --follow-pages.
    #[arg(long, default_value_t = 10)]
    max_pages: usize,
    /// CSS selector for the body, where the general rules need help (repeatable).
    #[arg(long = "body-selector")]
    body_selectors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The article as JSON (JSON Lines when there are several inputs).
    Json,
    /// The body only, one block a line.
    Text,
    /// The article for reading.
    Markdown,
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let inputs = expand_inputs(&args.inputs)?;
    let fetcher = OnceLock::new();
    let several = inputs.len() > 1;
    let results: Vec<(String, Result<Article>)> = inputs
        .par_iter()
        .map(|input| (input.label(), extract_one(input, &args.pages, &fetcher)))
        .collect();
    write_results(results, |out, article| {
        write_article(out, article, args.format, several)
    })
}

/// Writes each result in input order; a failed input gets its error on
/// stderr, named, and the others go on. Exit code 1 when any failed.
pub fn write_results<T>(
    results: Vec<(String, Result<T>)>,
    mut write: impl FnMut(&mut dyn Write, &T) -> Result<()>,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (label, result) in results {
        match result {
            Ok(value) => write(&mut out, &value)?,
            Err(err) => {
                failed = true;
                out.flush()?;
                eprintln!("warta: {label}: {err:#}");
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub enum Input {
    Stdin,
    File(PathBuf),
    Url(url::Url),
}

impl Input {
    pub fn label(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
            Input::Url(u) => u.to_string(),
        }
    }
}

pub fn expand_inputs(raw: &[String]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for item in raw {
        if item == "-" {
            inputs.push(Input::Stdin);
        } else if item.starts_with("http://") || item.starts_with("https://") {
            let url = url::Url::parse(item).with_context(|| format!("{item}: not a valid URL"))?;
            inputs.push(Input::Url(url));
        } else {
            let path = PathBuf::from(item);
            if path.is_dir() {
                let mut files = Vec::new();
                collect_pages(&path, &mut files)
                    .with_context(|| format!("{}: cannot read folder", path.display()))?;
                files.sort();
                inputs.extend(files.into_iter().map(Input::File));
            } else {
                inputs.push(Input::File(path));
            }
        }
    }
    Ok(inputs)
}

fn collect_pages(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_pages(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "htm" | "xhtml" | "txt")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// How `extract URL` fetches: as the user's own request, like a browser or
/// curl, so loopback and private addresses are allowed and robots.txt is
/// not consulted. The follower (`warta run`) is the polite, guarded one.
fn one_off_fetching() -> warta_fetch::FetchConfig {
    warta_fetch::FetchConfig {
        allow_private: true,
        obey_robots: false,
        host_delay: std::time::Duration::ZERO,
        max_bytes: warta_extract::MAX_INPUT_BYTES as u64,
        ..warta_fetch::FetchConfig::default()
    }
}

pub fn extract_one(
    input: &Input,
    args: &PageArgs,
    fetcher: &OnceLock<Result<Fetcher, String>>,
) -> Result<Article> {
    let get_fetcher = || -> Result<&Fetcher> {
        fetcher
            .get_or_init(|| Fetcher::new(one_off_fetching()).map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    let mut opts = ExtractOptions {
        url: args.url.clone(),
        content_type: None,
        body_selectors: args.body_selectors.clone(),
    };
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(warta_extract::MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .context("reading stdin")?;
            buf
        }
        Input::File(path) => read_capped(path)?,
        Input::Url(url) => {
            let page = get_fetcher()?.get(url)?;
            opts.url = Some(page.url);
            opts.content_type = page.content_type;
            page.body
        }
    };
    let article = warta_extract::extract(&bytes, &opts)?;
    if !args.follow_pages || article.next_page.is_none() {
        return Ok(article);
    }
    let fetcher = get_fetcher()?;
    let (merged, errors) = warta_extract::follow_pages(article, args.max_pages, |next| {
        let url = url::Url::parse(next).with_context(|| format!("{next}: not a valid URL"))?;
        let page = fetcher.get(&url)?;
        let opts = ExtractOptions {
            url: Some(page.url),
            content_type: page.content_type,
            body_selectors: args.body_selectors.clone(),
        };
        warta_extract::extract(&page.body, &opts).map_err(anyhow::Error::from)
    });
    for err in errors {
        tracing::warn!("{}: following pages: {err:#}", input.label());
    }
    Ok(merged)
}

fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot open")?;
    let mut buf = Vec::new();
    file.take(warta_extract::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .context("cannot read")?;
    Ok(buf)
}

fn write_article(
    out: &mut dyn Write,
    article: &Article,
    format: Format,
    several: bool,
) -> Result<()> {
    match format {
        Format::Json if several => {
            serde_json::to_writer(&mut *out, article)?;
            writeln!(out)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, article)?;
            writeln!(out)?;
        }
        Format::Text => {
            for block in &article.blocks {
                writeln!(out, "{}", block.text)?;
            }
            if several {
                writeln!(out)?;
            }
        }
        Format::Markdown => write_markdown(out, article)?,
    }
    Ok(())
}

fn write_markdown(out: &mut dyn Write, article: &Article) -> Result<()> {
    if let Some(title) = &article.title {
        writeln!(out, "# {title}\n")?;
    }
    let byline: Vec<&str> = [article.site.as_deref(), article.published.as_deref()]
        .into_iter()
        .flatten()
        .chain(article.authors.iter().map(String::as_str))
        .collect();
    if !byline.is_empty() {
        writeln!(out, "*{}*\n", byline.join(" · "))?;
    }
    for block in &article.blocks {
        match block.kind {
            BlockKind::Heading => writeln!(out, "## {}\n", block.text)?,
            BlockKind::Paragraph => writeln!(out, "{}\n", block.text)?,
            BlockKind::Quote => writeln!(out, "> {}\n", block.text)?,
            BlockKind::ListItem => writeln!(out, "- {}", block.text)?,
        }
    }
    for image in &article.images {
        let caption = image.caption.as_deref().unwrap_or("");
        let credit = image
            .credit
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        match &image.src {
            Some(src) => writeln!(out, "![{caption}]({src}){credit}\n")?,
            None => writeln!(out, "*{caption}*{credit}\n")?,
        }
    }
    if article.continued {
        writeln!(out, "*(continued on the next page)*")?;
    }
    if let Some(next) = &article.next_page {
        writeln!(out, "[Next page]({next})")?;
    }
    Ok(())
}
