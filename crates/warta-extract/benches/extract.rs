//! In-process extraction speed, in pages per second on one core.
//!
//! Reads the article-extraction benchmark pages from `../shared` when it is
//! there (they are never copied into the repository), else the project's own
//! sample pages. Run: `cargo bench -p warta-extract --bench extract`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};
use warta_extract::{extract, ExtractOptions};

// The allocator the warta binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pages() -> (String, Vec<Vec<u8>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data/article-extraction/html");
    let (label, dir) = if shared.is_dir() {
        ("article-extraction", shared)
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
    let pages = files
        .iter()
        .map(|f| std::fs::read(f).expect("page"))
        .collect();
    (label.to_string(), pages)
}

fn bench_extract(c: &mut Criterion) {
    let (label, pages) = pages();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    eprintln!("{} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
    let opts = ExtractOptions::default();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.sample_size(10);
    group.bench_function(format!("{label}/all-pages"), |b| {
        b.iter(|| {
            for page in &pages {
                let article = extract(page, &opts).expect("extract");
                std::hint::black_box(article);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
