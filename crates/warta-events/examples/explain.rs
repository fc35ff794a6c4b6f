//! Shows what the event coder sees in each line of stdin: actor groups,
//! verbs, and the events it codes.
//! `echo "Polisi menangkap dua warga." | cargo run -p warta-events --example explain -- id [DATE]`
//! (DATE, `YYYY-MM-DD`, picks the leaders in office).

use std::io::Read;
use warta_events::{code_document, explain, CodeOptions, Dictionary, SentenceInput};
use warta_lang::Lang;

fn main() {
    let lang = match std::env::args().nth(1).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Id,
    };
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    // WARTA_EXPLAIN_PETRARCH=a.txt:b.txt loads PETRARCH dictionaries (a
    // verbs file replaces the English verbs), as the score example does.
    let mut owned = Dictionary::builtin().clone();
    if let Ok(files) = std::env::var("WARTA_EXPLAIN_PETRARCH") {
        let mut cleared = false;
        for p in files.split(':').filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(p).expect("dictionary");
            let kind = warta_events::petrarch::guess_kind(p, &text).expect("kind");
            if kind == warta_events::petrarch::PetrarchKind::Verbs && !cleared {
                owned.verbs_en = Default::default();
                cleared = true;
            }
            warta_events::petrarch::load(&mut owned, &text, p, kind).expect("loads");
        }
    }
    let dict = &owned;
    let date = std::env::args().nth(2);
    let opts = CodeOptions {
        lang,
        date: date.clone(),
        keep_negated: true,
    };
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let entities = warta_entities::recognize(
            line,
            &warta_entities::Options {
                lang,
                date: date.clone(),
                ..Default::default()
            },
        );
        let sentences: Vec<SentenceInput> = warta_lang::split_sentences(line)
            .iter()
            .map(|s| SentenceInput {
                text: s.text,
                start: s.start,
                end: s.end,
                entities: &entities,
                dates: &[],
            })
            .collect();
        println!("# {line}");
        if std::env::var_os("WARTA_EXPLAIN_ENTITIES").is_some() {
            for e in &entities {
                println!("entity [{}] {:?} {:?}", e.text, e.kind, e.actor);
            }
        }
        for s in &sentences {
            print!("{}", explain(s, &opts, dict));
        }
        for e in code_document(&sentences, &opts, dict) {
            println!(
                "event {}>{}:{}{}",
                e.source,
                if e.target.is_empty() { "-" } else { &e.target },
                e.code,
                if e.negated { " (negated)" } else { "" }
            );
        }
    }
}
