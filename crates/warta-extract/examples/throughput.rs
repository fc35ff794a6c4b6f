//! Extraction throughput over a folder of pages, in pages per CPU-second
//! of this process (steadier than wall time on a shared machine), for
//! profiling: `cargo run --release -p warta-extract --example throughput -- DIR [ROUNDS]`.

use std::time::Instant;
use warta_extract::{extract, ExtractOptions};

// The allocator the warta binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cpu_seconds() -> f64 {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: throughput DIR [ROUNDS]");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("page folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    let pages: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("page"))
        .collect();
    let opts = ExtractOptions::default();
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    for _ in 0..rounds {
        for page in &pages {
            std::hint::black_box(extract(page, &opts).expect("extract"));
        }
    }
    let n = (pages.len() * rounds) as f64;
    let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "{} pages x {rounds}: {:.0} pages/s (CPU), {:.0} pages/s (wall)",
        pages.len(),
        n / cpu,
        n / wall
    );
}
