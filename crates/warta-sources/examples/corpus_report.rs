//! Print warta-sources' figures on feedparser's corpus (`shared/data/feeds`
//! beside the repository). `--verbose` lists every miss.
//!
//! ```sh
//! cargo run --release -p warta-sources --example corpus_report [-- --verbose]
//! ```

#[path = "../tests/corpus/mod.rs"]
mod corpus;

fn main() {
    let Some(dir) = corpus::corpus_dir() else {
        eprintln!("shared/data/feeds not found beside the repository; nothing to measure");
        return;
    };
    let verbose = std::env::args().any(|a| a == "--verbose" || a == "-v");
    let report = corpus::measure(&dir);
    corpus::print(&report, verbose);
}
