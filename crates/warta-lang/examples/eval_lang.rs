//! Language-identification accuracy on one- and five-sentence texts.
//!
//! Indonesian: the evaluation splits of UD Indonesian in `../shared`
//! (GSD test, CSUI test, PUD test; never copied into the repository).
//! English, Malay, Javanese and other languages: the sentences the project
//! wrote in `tests/data/`, plus GSD test's `# text_en` (machine-translated
//! English) when `../shared` is present.
//!
//! Run: `cargo run --release -p warta-lang --example eval_lang`

use std::collections::BTreeMap;
use std::path::PathBuf;
use warta_lang::{detect_language, Lang};

const EVAL: &[&str] = &[
    "id_gsd-ud-test.conllu",
    "id_csui-ud-test.conllu",
    "id_pud-ud-test.conllu",
];
/// The derivation splits, for development (`LANGID_DEV=1`): not the figures to report.
const DEV: &[&str] = &["id_gsd-ud-dev.conllu", "id_csui-ud-train.conllu"];

fn own(name: &str) -> Vec<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn ud(prefix: &str) -> Vec<String> {
    let dir = std::env::var_os("WARTA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("data/ud-indonesian");
    let mut out = Vec::new();
    let files = if std::env::var_os("LANGID_DEV").is_some() {
        DEV
    } else {
        EVAL
    };
    for f in files {
        if prefix == "# text_en = " && !f.contains("gsd") {
            continue;
        }
        let Ok(data) = std::fs::read_to_string(dir.join(f)) else {
            continue;
        };
        out.extend(
            data.lines()
                .filter_map(|l| l.strip_prefix(prefix))
                .map(|t| t.trim().to_string()),
        );
    }
    out
}

fn measure(label: &str, gold: Lang, sents: &[String]) {
    if sents.is_empty() {
        println!("{label}: no data");
        return;
    }
    for group in [1usize, 5] {
        let texts: Vec<String> = sents
            .chunks(group)
            .filter(|c| c.len() == group)
            .map(|c| c.join(" "))
            .collect();
        let mut got: BTreeMap<&str, usize> = BTreeMap::new();
        let dump = std::env::var_os("DUMP").is_some();
        for t in &texts {
            let l = detect_language(t).0;
            *got.entry(l.code()).or_default() += 1;
            if dump && l != gold && group == 1 {
                eprintln!("{} -> {}: {t}", gold.code(), l.code());
            }
        }
        let ok = got.get(gold.code()).copied().unwrap_or(0);
        println!(
            "{label}, {group}-sentence texts: {:.2}% of {} ({:?})",
            100.0 * ok as f64 / texts.len() as f64,
            texts.len(),
            got
        );
    }
}

fn main() {
    measure("id (UD GSD/CSUI/PUD test)", Lang::Id, &ud("# text = "));
    measure("en (project-written)", Lang::En, &own("langid-en.txt"));
    measure(
        "en (UD GSD test text_en, machine-translated)",
        Lang::En,
        &ud("# text_en = "),
    );
    measure("ms (project-written)", Lang::Ms, &own("langid-ms.txt"));
    measure(
        "ms (project-written, held out from tuning)",
        Lang::Ms,
        &own("langid-ms-heldout.txt"),
    );
    measure("jv (project-written)", Lang::Jv, &own("langid-jv.txt"));
    measure(
        "other (project-written)",
        Lang::Other,
        &own("langid-other.txt"),
    );
}
