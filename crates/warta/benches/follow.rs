//! Feed to store through the whole pipeline, on 127.0.0.1: articles per
//! second, store size per 1,000 articles and peak memory of `warta run
//! --once`.
//!
//! ```sh
//! cargo bench -p warta --bench follow            # 20 sources x 100 entries
//! FOLLOW_SOURCES=50 FOLLOW_ENTRIES=100 cargo bench -p warta --bench follow
//! ```
//!
//! The pages are realistic (about 12 KB each, with navigation, share
//! buttons, related links, a caption and seven paragraphs; see
//! `tests/common/news.rs`), served by the test server of the end-to-end
//! tests. The figure includes polling, fetching, extraction, analysis,
//! event coding and the SQLite writes.

#[path = "../tests/common/news.rs"]
mod news;
#[path = "../tests/common/server.rs"]
mod server;
#[path = "../tests/common/sites.rs"]
mod sites;

use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo test --benches` runs benches with --test: nothing to measure.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let sources = env_usize("FOLLOW_SOURCES", 20);
    let entries = env_usize("FOLLOW_ENTRIES", 100);
    let server = sites::many_sources(entries, Duration::ZERO);

    let dir = std::env::temp_dir().join(format!("warta-bench-follow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let opml: String = (0..sources)
        .map(|s| {
            format!(
                "<outline text=\"feed {s}\" xmlUrl=\"{}\"/>",
                server.url(&format!("/feeds/{s}.xml"))
            )
        })
        .collect();
    std::fs::write(
        dir.join("sources.opml"),
        format!("<opml version=\"2.0\"><body>{opml}</body></opml>"),
    )
    .unwrap();
    std::fs::write(
        dir.join("warta.toml"),
        "[fetch]\nallow_private = true\nhost_delay = 0\nhost_concurrency = 64\ntotal_concurrency = 64\n",
    )
    .unwrap();
    let warta = env!("CARGO_BIN_EXE_warta");
    let status = Command::new(warta)
        .arg("--data-dir")
        .arg(&dir)
        .args(["source", "import"])
        .arg(dir.join("sources.opml"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );

    let started = Instant::now();
    let mut child = Command::new(warta)
        .arg("--data-dir")
        .arg(&dir)
        .args(["run", "--once", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Peak resident memory, read while it runs.
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            if let Some(kib) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = started.elapsed();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let articles = summary["store"]["articles"].as_u64().unwrap();
    assert_eq!(articles as usize, sources * entries, "{summary}");
    let size: u64 = ["warta.db", "warta.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "follow: {articles} articles from {sources} feeds in {:.2} s = {:.0} articles/s (feed to store, {} cores)",
        elapsed.as_secs_f64(),
        articles as f64 / elapsed.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "store: {:.1} MiB for {articles} articles = {:.1} MiB per 1,000 articles (raw pages kept, deflated)",
        size as f64 / (1 << 20) as f64,
        size as f64 / (1 << 20) as f64 * 1000.0 / articles as f64
    );
    println!(
        "peak memory (VmHWM of warta run --once): {:.1} MiB",
        peak_kib as f64 / 1024.0
    );
    println!("events stored: {}", summary["store"]["events"]);
    let _ = std::fs::remove_dir_all(&dir);
}
