//! `warta analyze`: pages, scraped text or URLs in; the article with its
//! language, sentences, entities, dates and quotes out.

use super::extract::{expand_inputs, extract_one, write_results, PageArgs};
use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use std::process::ExitCode;
use std::sync::OnceLock;
use warta_analyze::{analyze, Analysis, AnalyzeOptions};

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// HTML pages, scraped-text files, folders, http(s) URLs, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Publication time (RFC 3339 or YYYY-MM-DD) for inputs that state none,
    /// such as plain text; relative dates resolve against it.
    #[arg(long)]
    published: Option<String>,
    /// Force the language instead of detecting it: id, en, ms, jv.
    #[arg(long)]
    lang: Option<String>,
    /// Keep negated events (marked "negated": true).
    #[arg(long)]
    keep_negated: bool,
    #[command(flatten)]
    dictionaries: super::dictionary::DictionaryArgs,
    #[command(flatten)]
    pages: PageArgs,
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let opts = AnalyzeOptions {
        published: match &args.published {
            Some(p) => Some(warta_analyze::parse_published(p).with_context(|| {
                format!("--published {p:?}: expected RFC 3339 (2023-09-14T10:00:00+07:00) or YYYY-MM-DD")
            })?),
            None => None,
        },
        lang: args.lang.as_deref().map(super::parse_lang).transpose()?,
        dictionary: args.dictionaries.load()?,
        keep_negated: args.keep_negated,
    };
    let inputs = expand_inputs(&args.inputs)?;
    let fetcher = OnceLock::new();
    let several = inputs.len() > 1;
    let results: Vec<(String, Result<Analysis>)> = inputs
        .par_iter()
        .map(|input| {
            let result = extract_one(input, &args.pages, &fetcher).map(|a| analyze(a, &opts));
            (input.label(), result)
        })
        .collect();
    write_results(results, |out, analysis| {
        if several {
            serde_json::to_writer(&mut *out, analysis)?;
        } else {
            serde_json::to_writer_pretty(&mut *out, analysis)?;
        }
        writeln!(out)?;
        Ok(())
    })
}
