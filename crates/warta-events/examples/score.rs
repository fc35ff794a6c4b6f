//! Codes a JSONL file of `{"id", "lang", "text", "date"}` records and prints
//! `{"id", "events"}` lines, as `warta events --jsonl` does but without the
//! rest of the pipeline (no sentence dates), for quick dictionary work.
//! `cargo run --release -p warta-events --example score -- FILE [PETRARCH_FILE...]`

use warta_events::petrarch::{guess_kind, load, PetrarchKind};
use warta_events::{code_document, CodeOptions, Dictionary, SentenceInput};
use warta_lang::Lang;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: score FILE.jsonl [PETRARCH_DICTIONARY...]");
        std::process::exit(2);
    };
    let mut dict = Dictionary::builtin().clone();
    let mut cleared = false;
    for p in &args[1..] {
        let text = std::fs::read_to_string(p).expect("dictionary");
        let kind = guess_kind(p, &text).expect("kind");
        if kind == PetrarchKind::Verbs && !cleared {
            dict.verbs_en = Default::default();
            cleared = true;
        }
        load(&mut dict, &text, p, kind).expect("loads");
    }
    let input = std::fs::read_to_string(path).expect("input");
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let r: serde_json::Value = serde_json::from_str(line).expect("json");
        let text = r["text"].as_str().unwrap_or("");
        let lang = match r["lang"].as_str() {
            Some("en") => Lang::En,
            _ => Lang::Id,
        };
        let date = r["date"].as_str().map(str::to_string);
        let entities = warta_entities::recognize(
            text,
            &warta_entities::Options {
                lang,
                date: date.clone(),
                cased: None,
            },
        );
        let sentences: Vec<SentenceInput> = warta_lang::split_sentences(text)
            .iter()
            .map(|s| SentenceInput {
                text: s.text,
                start: s.start,
                end: s.end,
                entities: &entities,
                dates: &[],
            })
            .collect();
        let opts = CodeOptions {
            lang,
            date,
            keep_negated: false,
        };
        let events: Vec<serde_json::Value> = code_document(&sentences, &opts, &dict)
            .into_iter()
            .map(|e| serde_json::json!({"source": e.source, "target": e.target, "code": e.code}))
            .collect();
        println!("{}", serde_json::json!({"id": r["id"], "events": events}));
    }
}
