//! Measures warta-lang on UD Indonesian (`../shared/data/ud-indonesian`,
//! never copied into the repository): stem/lemma accuracy and
//! sentence-boundary F1 on the evaluation splits.
//!
//! The root list is derived from CSUI train and GSD dev, so the figures
//! are taken on GSD test, CSUI test and PUD test.
//!
//! Run: `cargo run --release -p warta-lang --example eval_ud [stem|sent] [FILE...]`
//! (`WARTA_SHARED` overrides the location of `shared/`; `DUMP=1` prints errors).

use std::collections::HashMap;
use std::path::PathBuf;
use warta_lang::{split_sentences, stem_id};

const EVAL: &[&str] = &[
    "id_gsd-ud-test.conllu",
    "id_csui-ud-test.conllu",
    "id_pud-ud-test.conllu",
];

fn shared() -> PathBuf {
    std::env::var_os("WARTA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("data/ud-indonesian")
}

struct Sent {
    text: String,
    words: Vec<(String, String, String)>, // form, lemma, upos
}

fn read(path: &PathBuf) -> Vec<Sent> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut cur = Sent {
        text: String::new(),
        words: Vec::new(),
    };
    for line in data.lines() {
        if let Some(t) = line.strip_prefix("# text = ") {
            cur.text = t.trim().to_string();
        } else if line.trim().is_empty() {
            if !cur.text.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sent {
                        text: String::new(),
                        words: Vec::new(),
                    },
                ));
            }
        } else if !line.starts_with('#') {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() > 3 && cols[0].bytes().all(|b| b.is_ascii_digit()) {
                cur.words
                    .push((cols[1].into(), cols[2].into(), cols[3].into()));
            }
        }
    }
    if !cur.text.is_empty() {
        out.push(cur);
    }
    out
}

fn eval_stem(files: &[PathBuf]) {
    let dump = std::env::var_os("DUMP").is_some();
    let (mut all, mut all_ok, mut content, mut content_ok) = (0usize, 0usize, 0usize, 0usize);
    let mut errors: HashMap<(String, String, String), usize> = HashMap::new();
    for f in files {
        let sents = read(f);
        let (mut n, mut ok, mut cn, mut cok) = (0, 0, 0, 0);
        for s in &sents {
            for (form, lemma, upos) in &s.words {
                let got = stem_id(form);
                let good = got == lemma.to_lowercase();
                n += 1;
                ok += usize::from(good);
                if !matches!(upos.as_str(), "PUNCT" | "NUM" | "SYM") {
                    cn += 1;
                    cok += usize::from(good);
                }
                if !good && dump {
                    *errors
                        .entry((form.to_lowercase(), lemma.to_lowercase(), got))
                        .or_default() += 1;
                }
            }
        }
        println!(
            "stem {}: {:.2}% of {} words; {:.2}% of {} words without PUNCT/NUM/SYM",
            f.file_name().unwrap().to_string_lossy(),
            100.0 * ok as f64 / n as f64,
            n,
            100.0 * cok as f64 / cn as f64,
            cn
        );
        all += n;
        all_ok += ok;
        content += cn;
        content_ok += cok;
    }
    println!(
        "stem ALL: {:.2}% of {} words; {:.2}% of {} without PUNCT/NUM/SYM",
        100.0 * all_ok as f64 / all as f64,
        all,
        100.0 * content_ok as f64 / content as f64,
        content
    );
    if dump {
        let mut e: Vec<_> = errors.into_iter().collect();
        e.sort_by_key(|x| std::cmp::Reverse(x.1));
        for ((f, l, g), c) in e.iter().take(300) {
            eprintln!("{c}\t{f}\tgold={l}\tgot={g}");
        }
    }
}

fn eval_sent(files: &[PathBuf]) {
    let dump = std::env::var_os("DUMP").is_some();
    let (mut tp_all, mut fp_all, mut fn_all) = (0, 0, 0);
    for f in files {
        let sents = read(f);
        // the sentences of a file, joined by one space, in order; the gold
        // boundaries are the ends of all sentences but the last
        let mut text = String::new();
        let mut gold = std::collections::BTreeSet::new();
        let mut chars = 0;
        for (k, s) in sents.iter().enumerate() {
            if k > 0 {
                text.push(' ');
                chars += 1;
            }
            text.push_str(&s.text);
            chars += s.text.chars().count();
            if k + 1 < sents.len() {
                gold.insert(chars);
            }
        }
        let found = split_sentences(&text);
        let pred: std::collections::BTreeSet<usize> = found
            .iter()
            .take(found.len().saturating_sub(1))
            .map(|s| s.end)
            .collect();
        let tp = pred.intersection(&gold).count();
        let fp = pred.len() - tp;
        let fneg = gold.len() - tp;
        if dump {
            let cs: Vec<char> = text.chars().collect();
            let ctx = |p: usize| {
                cs[p.saturating_sub(40)..(p + 30).min(cs.len())]
                    .iter()
                    .collect::<String>()
            };
            for p in pred.difference(&gold) {
                eprintln!("FP  {}", ctx(*p).replace('\n', " "));
            }
            for p in gold.difference(&pred) {
                eprintln!("FN  {}", ctx(*p).replace('\n', " "));
            }
        }
        let (p, r) = (tp as f64 / (tp + fp) as f64, tp as f64 / (tp + fneg) as f64);
        println!(
            "sentences {}: P {:.4} R {:.4} F1 {:.4} ({} gold boundaries)",
            f.file_name().unwrap().to_string_lossy(),
            p,
            r,
            2.0 * p * r / (p + r),
            gold.len()
        );
        tp_all += tp;
        fp_all += fp;
        fn_all += fneg;
    }
    let (p, r) = (
        tp_all as f64 / (tp_all + fp_all) as f64,
        tp_all as f64 / (tp_all + fn_all) as f64,
    );
    println!(
        "sentences ALL: P {:.4} R {:.4} F1 {:.4}",
        p,
        r,
        2.0 * p * r / (p + r)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "all".into());
    let mut files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = shared();
        if !dir.is_dir() {
            eprintln!("{} absent: nothing to measure", dir.display());
            return;
        }
        files = EVAL.iter().map(|f| dir.join(f)).collect();
    } else {
        files = files
            .into_iter()
            .map(|f| if f.exists() { f } else { shared().join(f) })
            .collect();
    }
    if mode == "stem" || mode == "all" {
        eval_stem(&files);
    }
    if mode == "sent" || mode == "all" {
        eval_sent(&files);
    }
}
