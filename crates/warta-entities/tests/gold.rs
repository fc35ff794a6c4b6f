//! The recognizer against the project's own gold sets
//! (`data/gold/ner-id.conll`, `data/gold/ner-en.conll`: sentences the
//! project wrote and annotated). Exact-span, typed, micro-averaged F1, as
//! conlleval counts it. The floors sit a little under today's figures, so
//! that a change that makes recognition worse fails here.

use warta_entities::{conll, Options};
use warta_lang::Lang;

fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, tag) in tags
        .iter()
        .chain(std::iter::once(&"O".to_string()))
        .enumerate()
    {
        let (prefix, kind) = tag.split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && cur.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = cur.take() {
                out.push((start, i, k));
            }
            if prefix != "O" {
                cur = Some((i, kind.to_string()));
            }
        }
    }
    out
}

fn score(path: &str, lang: Lang) -> f64 {
    let text = std::fs::read_to_string(path).unwrap();
    let sentences = conll::read(&text);
    let gold: Vec<Vec<String>> = text
        .split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|l| (!l.starts_with("# ") || l.contains('\t')) && !l.trim().is_empty())
                .map(|l| l.split('\t').nth(1).unwrap_or("O").to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(gold.len(), sentences.len());
    let opts = Options {
        lang,
        ..Options::default()
    };
    let predicted = conll::tag(&sentences, &opts);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(&predicted) {
        assert_eq!(g.len(), p.len());
        let (g, p) = (spans(g), spans(p));
        tp += p.iter().filter(|s| g.contains(s)).count();
        fp += p.iter().filter(|s| !g.contains(s)).count();
        fn_ += g.iter().filter(|s| !p.contains(s)).count();
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
    eprintln!("{path}: F1 {f1:.3} P {precision:.3} R {recall:.3}");
    f1
}

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gold/");

#[test]
fn indonesian_gold_f1() {
    let f1 = score(&format!("{ROOT}ner-id.conll"), Lang::Id);
    assert!(f1 >= 0.80, "Indonesian NER F1 fell to {f1:.3}");
}

#[test]
fn english_gold_f1() {
    let f1 = score(&format!("{ROOT}ner-en.conll"), Lang::En);
    assert!(f1 >= 0.74, "English NER F1 fell to {f1:.3}");
}
