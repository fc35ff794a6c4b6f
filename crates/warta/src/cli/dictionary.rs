//! `--dictionary PATH` (repeatable) and `--dictionary-format warta|petrarch`,
//! shared by `analyze` and `events`.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;
use warta_events::petrarch::{self, PetrarchKind};
use warta_events::Dictionary;

#[derive(Debug, Args)]
pub struct DictionaryArgs {
    /// Extra event dictionary to load on top of the built-in ones (repeatable).
    /// warta format: a verbs-id/verbs-en/cameo-codes TSV, known by its header.
    /// PETRARCH format: actors, agents, verbs or discards files.
    #[arg(long = "dictionary", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The format of the --dictionary files.
    #[arg(long, value_enum, default_value_t = DictionaryFormat::Warta)]
    dictionary_format: DictionaryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DictionaryFormat {
    Warta,
    Petrarch,
}

impl DictionaryArgs {
    /// The built-in dictionaries with the user's added, or None when the
    /// user added none.
    pub fn load(&self) -> Result<Option<Arc<Dictionary>>> {
        if self.paths.is_empty() {
            return Ok(None);
        }
        let mut dict = Dictionary::builtin().clone();
        // A user's verb dictionary is the whole truth for its language, as
        // PETRARCH users expect: the built-in verbs of that language go.
        let mut cleared_en = false;
        let mut cleared_id = false;
        for path in &self.paths {
            let name = path.display().to_string();
            let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read"))?;
            let text = String::from_utf8_lossy(&bytes);
            let header = text
                .lines()
                .find(|l| !l.starts_with('#') && !l.trim().is_empty())
                .unwrap_or("");
            let petrarch_verbs = self.dictionary_format == DictionaryFormat::Petrarch
                && matches!(
                    petrarch::guess_kind(
                        path.file_name().and_then(|f| f.to_str()).unwrap_or(""),
                        &text
                    ),
                    Some(PetrarchKind::Verbs)
                );
            if (petrarch_verbs || header.starts_with("lemma\t")) && !cleared_en {
                dict.verbs_en = Default::default();
                cleared_en = true;
            }
            if header.starts_with("root\t") && !cleared_id {
                dict.verbs_id = Default::default();
                cleared_id = true;
            }
            match self.dictionary_format {
                DictionaryFormat::Warta => load_warta(&mut dict, &text, &name)?,
                DictionaryFormat::Petrarch => {
                    let file_name = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
                    let Some(kind) = petrarch::guess_kind(file_name, &text) else {
                        bail!("{name}: cannot tell whether this PETRARCH dictionary holds actors, agents, verbs or discards (name it *.actors.txt, *.agents.txt, *.verbs.txt or *.discards.txt)");
                    };
                    let stats = petrarch::load(&mut dict, &text, &name, kind)?;
                    tracing::info!(
                        "{name}: {} entries loaded, {} skipped",
                        stats.entries,
                        stats.skipped
                    );
                    if matches!(kind, PetrarchKind::Actors) && stats.entries == 0 {
                        bail!("{name}: no actor entries found");
                    }
                }
            }
        }
        Ok(Some(Arc::new(dict)))
    }
}

fn load_warta(dict: &mut Dictionary, text: &str, name: &str) -> Result<()> {
    let header = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap_or("");
    let first = header.split('\t').next().unwrap_or("");
    match first {
        "root" => dict.load_verbs_id(text, name)?,
        "lemma" => dict.load_verbs_en(text, name)?,
        "code" => dict.load_codes(text, name)?,
        _ => bail!(
            "{name}: not a warta dictionary: the header must start with `root` (Indonesian verbs), `lemma` (English verbs) or `code` (codebook); found {first:?}"
        ),
    }
    Ok(())
}
