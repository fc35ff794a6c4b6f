//! `warta ner --conll FILE`: tokens in, BIO tags out, for evaluation.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::{Read, Write};
use std::process::ExitCode;
use warta_entities::{conll, Options};

#[derive(Debug, Args)]
pub struct NerArgs {
    /// A CoNLL file (one token a line, blank lines between sentences), or `-` for stdin.
    #[arg(long)]
    conll: String,
    /// The text's language.
    #[arg(long, default_value = "id")]
    lang: String,
}

pub fn run(args: NerArgs) -> Result<ExitCode> {
    let input = if args.conll == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading CoNLL from stdin")?;
        s
    } else {
        let bytes =
            std::fs::read(&args.conll).with_context(|| format!("reading {}", args.conll))?;
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => bail!(
                "{}: not UTF-8 text (invalid byte at offset {})",
                args.conll,
                e.utf8_error().valid_up_to()
            ),
        }
    };
    let opts = Options {
        lang: super::parse_lang(&args.lang)?,
        ..Options::default()
    };
    let sentences = conll::read(&input);
    let tags = conll::tag(&sentences, &opts);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (s, t) in sentences.iter().zip(&tags) {
        for (tok, tag) in s.iter().zip(t) {
            writeln!(out, "{tok}\t{tag}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
