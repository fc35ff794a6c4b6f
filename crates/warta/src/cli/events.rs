//! `warta events`: event coding in batch (`--jsonl`) or for pages, as
//! warta's JSON or as GDELT 2.0 event rows.

use super::dictionary::DictionaryArgs;
use super::extract::{expand_inputs, extract_one, write_results, PageArgs};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::OnceLock;
use warta_analyze::{analyze, AnalyzeOptions};
use warta_events::Event;
use warta_model::{Article, Block, BlockKind};

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Pages, scraped-text files, folders or URLs (or use --jsonl).
    inputs: Vec<String>,
    /// Read lines {"id", "text", "date"?, "lang"?} and write {"id", "events"}.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    jsonl: Option<String>,
    /// Output: warta's JSON, or GDELT 2.0 event rows (61 tab-separated columns).
    #[arg(long, value_enum, default_value_t = EventFormat::Json)]
    format: EventFormat,
    /// Keep negated events (marked "negated": true).
    #[arg(long)]
    keep_negated: bool,
    /// Force the language: id, en.
    #[arg(long)]
    lang: Option<String>,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    #[command(flatten)]
    pages: PageArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EventFormat {
    Json,
    Gdelt,
}

#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

pub fn run(args: EventsArgs) -> Result<ExitCode> {
    let dictionary = args.dictionaries.load()?;
    let forced = args.lang.as_deref().map(super::parse_lang).transpose()?;
    let base = AnalyzeOptions {
        published: None,
        lang: forced,
        dictionary,
        keep_negated: args.keep_negated,
    };
    if let Some(path) = &args.jsonl {
        return run_jsonl(path, &args, &base);
    }
    if args.inputs.is_empty() {
        anyhow::bail!("give pages, files or URLs to code, or --jsonl FILE");
    }
    let inputs = expand_inputs(&args.inputs)?;
    let fetcher = OnceLock::new();
    let results: Vec<(String, Result<Coded>)> = inputs
        .par_iter()
        .map(|input| {
            let result = extract_one(input, &args.pages, &fetcher).map(|article| {
                let url = article.url.clone();
                Coded {
                    key: ("url", serde_json::json!(url)),
                    source: url.unwrap_or_default(),
                    events: analyze(article, &base).events,
                }
            });
            (input.label(), result)
        })
        .collect();
    let mut next_id = 1u64;
    write_results(results, |out, coded| {
        write_coded(out, args.format, coded, &mut next_id)
    })
}

/// One input's events, and what names the input in the output: its URL
/// for pages, its id for `--jsonl` records.
struct Coded {
    key: (&'static str, Value),
    /// GDELT's SOURCEURL column.
    source: String,
    events: Vec<Event>,
}

fn write_coded(
    out: &mut dyn Write,
    format: EventFormat,
    coded: &Coded,
    next_id: &mut u64,
) -> Result<()> {
    match format {
        EventFormat::Json => {
            let (name, value) = &coded.key;
            let mut line = serde_json::Map::new();
            line.insert(name.to_string(), value.clone());
            line.insert("events".into(), serde_json::to_value(&coded.events)?);
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        }
        EventFormat::Gdelt => {
            for e in &coded.events {
                writeln!(out, "{}", gdelt_row(*next_id, e, &coded.source))?;
                *next_id += 1;
            }
        }
    }
    Ok(())
}

fn run_jsonl(path: &str, args: &EventsArgs, base: &AnalyzeOptions) -> Result<ExitCode> {
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("{path}: cannot open"))?,
        ))
    };
    let mut records = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: cannot read", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{path}:{}: not a {{\"id\", \"text\"}} JSON line", n + 1))?;
        records.push(record);
    }
    let results: Vec<(String, Result<Coded>)> = records
        .par_iter()
        .map(|r| {
            let code = || -> Result<Coded> {
                let mut opts = base.clone();
                if let Some(date) = &r.date {
                    opts.published =
                        Some(warta_analyze::parse_published(date).with_context(|| {
                            format!(
                                "record {}: date {date:?} is not YYYY-MM-DD or RFC 3339",
                                r.id
                            )
                        })?);
                }
                if let Some(lang) = &r.lang {
                    opts.lang = Some(super::parse_lang(lang)?);
                }
                let article = Article {
                    url: r.url.clone(),
                    blocks: vec![Block::new(BlockKind::Paragraph, r.text.clone())],
                    ..Article::default()
                };
                Ok(Coded {
                    key: ("id", r.id.clone()),
                    source: r.url.clone().unwrap_or_else(|| match &r.id {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }),
                    events: analyze(article, &opts).events,
                })
            };
            (path.to_string(), code())
        })
        .collect();
    let mut next_id = 1u64;
    write_results(results, |out, coded| {
        write_coded(out, args.format, coded, &mut next_id)
    })
}

/// The parts of a CAMEO actor code, as GDELT splits them: country, known
/// group, and up to three role codes.
fn actor_parts(code: &str) -> [String; 5] {
    let mut out: [String; 5] = Default::default();
    if code.is_empty() {
        return out;
    }
    let chunks: Vec<&str> = (0..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..(i + 3).min(code.len())))
        .collect();
    let mut roles = Vec::new();
    match chunks.first().copied() {
        Some("IGO" | "NGO" | "NGM" | "IMG" | "MNC") => {
            roles.push(chunks[0]);
            if let Some(g) = chunks.get(1) {
                out[1] = g.to_string();
            }
            roles.extend(chunks.iter().skip(2));
        }
        Some("---") => roles.extend(chunks.iter().skip(1)),
        Some(country) => {
            out[0] = country.to_string();
            roles.extend(chunks.iter().skip(1));
        }
        None => {}
    }
    for (i, r) in roles.iter().take(3).enumerate() {
        out[2 + i] = r.to_string();
    }
    out
}

/// One GDELT 2.0 event row: 61 tab-separated columns in GDELT's order.
pub(crate) fn gdelt_row(id: u64, e: &Event, source_url: &str) -> String {
    let day = e.date.as_deref().unwrap_or("").replace('-', "");
    let (sqldate, month_year, year, fraction) = if day.len() == 8 {
        let y: f64 = day[..4].parse().unwrap_or(0.0);
        let m: f64 = day[4..6].parse().unwrap_or(1.0);
        let d: f64 = day[6..8].parse().unwrap_or(1.0);
        let doy = (m - 1.0) * 30.4167 + d;
        (
            day.clone(),
            day[..6].to_string(),
            day[..4].to_string(),
            format!("{:.4}", y + doy / 365.0),
        )
    } else {
        Default::default()
    };
    let mut cols: Vec<String> = vec![id.to_string(), sqldate, month_year, year, fraction];
    for code in [&e.source, &e.target] {
        let [country, group, t1, t2, t3] = actor_parts(code);
        // Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
        // Religion2Code, Type1Code, Type2Code, Type3Code.
        cols.extend([
            code.clone(),
            String::new(),
            country,
            group,
            String::new(),
            String::new(),
            String::new(),
            t1,
            t2,
            t3,
        ]);
    }
    let base = e.code.get(..3).unwrap_or(&e.code).to_string();
    cols.extend([
        "1".to_string(),
        e.code.clone(),
        base,
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        "1".into(),
        "1".into(),
        "1".into(),
        "0".into(),
    ]);
    // Actor1Geo, Actor2Geo, ActionGeo: Type, FullName, CountryCode,
    // ADM1Code, ADM2Code, Lat, Long, FeatureID.
    for geo in 0..3 {
        let name = if geo == 2 { e.location.clone() } else { None };
        let kind = if name.is_some() { "4" } else { "0" };
        cols.extend([
            kind.to_string(),
            name.unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let added = if day.len() == 8 {
        format!("{day}000000")
    } else {
        String::new()
    };
    cols.extend([added, source_url.to_string()]);
    debug_assert_eq!(cols.len(), 61);
    cols.iter()
        .map(|c| c.replace(['\t', '\n'], " "))
        .collect::<Vec<_>>()
        .join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_rows_have_61_columns_in_order() {
        let e = Event {
            source: "RUSGOV".into(),
            target: "IGOUNO".into(),
            code: "0431".into(),
            root: "04".into(),
            quad_class: 1,
            goldstein: 2.8,
            negated: false,
            date: Some("2023-09-13".into()),
            location: Some("Vostochny".into()),
            sentence: "x".into(),
            start: 0,
            end: 1,
        };
        let row = gdelt_row(7, &e, "http://example.com/a");
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(cols[0], "7");
        assert_eq!(cols[1], "20230913");
        assert_eq!(cols[5], "RUSGOV");
        assert_eq!(cols[7], "RUS");
        assert_eq!(cols[12], "GOV");
        assert_eq!(cols[15], "IGOUNO");
        assert_eq!(cols[18], "UNO");
        assert_eq!(cols[22], "IGO");
        assert_eq!(cols[26], "0431");
        assert_eq!(cols[27], "043");
        assert_eq!(cols[28], "04");
        assert_eq!(cols[29], "1");
        assert_eq!(cols[52], "Vostochny");
        assert_eq!(cols[59], "20230913000000");
        assert_eq!(cols[60], "http://example.com/a");
    }
}
