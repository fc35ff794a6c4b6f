//! The whole analyze stage (language, sentences, entities, dates, quotes),
//! in bytes of analysed text per second on one core.
//!
//! Articles come from the Indonesian news pages in `../shared` when it is
//! there (extracted once, outside the timing; never copied into the
//! repository), else from the project's own sample page.
//! Run: `cargo bench -p warta-analyze --bench analyze`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};
use warta_analyze::{analysed_text, analyze, AnalyzeOptions};
use warta_extract::{extract, ExtractOptions};
use warta_model::Article;

fn articles() -> (String, Vec<Article>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data/id-news-html/html");
    let (label, dir) = if shared.is_dir() {
        ("id-news-html", shared)
    } else {
        eprintln!("../shared absent: benchmarking the project's samples/ instead");
        ("samples", root.join("samples"))
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("page folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    let articles = files
        .iter()
        .filter_map(|f| extract(&std::fs::read(f).ok()?, &ExtractOptions::default()).ok())
        .collect();
    (label.to_string(), articles)
}

fn bench_analyze(c: &mut Criterion) {
    let (label, articles) = articles();
    let bytes: usize = articles.iter().map(|a| analysed_text(a).0.len()).sum();
    eprintln!(
        "{} articles, {:.2} MB of analysed text",
        articles.len(),
        bytes as f64 / 1e6
    );
    let opts = AnalyzeOptions {
        published: warta_analyze::parse_published("2023-09-14T10:00:00+07:00"),
        ..AnalyzeOptions::default()
    };
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(label, |b| {
        b.iter(|| {
            let mut found = 0;
            for a in &articles {
                let analysis = analyze(a.clone(), &opts);
                found += analysis.entities.len() + analysis.dates.len();
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
