//! Event coding speed, in sentences per second on one core, on the
//! project's own Indonesian gold sentences (`data/gold/events-id.jsonl`),
//! with entity recognition and date finding done beforehand (untimed).
//! Run: `cargo bench -p warta-events --bench events`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use warta_events::{code_document, CodeOptions, Dictionary, SentenceInput};
use warta_lang::Lang;

struct Prepared {
    text: String,
    entities: Vec<warta_entities::Entity>,
    sentences: Vec<(usize, usize, usize, usize)>,
}

fn prepared() -> Vec<Prepared> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/gold/events-id.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("gold set");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .map(|text| {
            let entities = warta_entities::recognize(&text, &warta_entities::Options::default());
            let sentences = warta_lang::split_sentences(&text)
                .iter()
                .map(|s| (s.start, s.end, s.byte_start, s.byte_end))
                .collect();
            Prepared {
                text,
                entities,
                sentences,
            }
        })
        .collect()
}

fn bench_events(c: &mut Criterion) {
    let docs = prepared();
    let n: usize = docs.iter().map(|d| d.sentences.len()).sum();
    eprintln!("{} documents, {n} sentences", docs.len());
    let dict = Dictionary::builtin();
    let opts = CodeOptions {
        lang: Lang::Id,
        date: Some("2024-03-12".into()),
        keep_negated: false,
    };
    let mut group = c.benchmark_group("events");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("events-id", |b| {
        b.iter(|| {
            let mut found = 0;
            for d in &docs {
                let inputs: Vec<SentenceInput> = d
                    .sentences
                    .iter()
                    .map(|&(start, end, bs, be)| SentenceInput {
                        text: &d.text[bs..be],
                        start,
                        end,
                        entities: &d.entities,
                        dates: &[],
                    })
                    .collect();
                found += code_document(&inputs, &opts, dict).len();
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, bench_events);
criterion_main!(benches);
