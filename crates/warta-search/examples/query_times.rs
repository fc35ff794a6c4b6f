//! Times queries against an existing index, for profiling one kind of
//! query at a time:
//!
//! ```sh
//! cargo run --release -p warta-search --example query_times -- INDEX_DIR REPEATS 'query' ['query' ...]
//! ```

use std::time::Instant;
use warta_search::{Query, SearchIndex};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let index = SearchIndex::open(std::path::Path::new(&args[0])).expect("opening the index");
    let repeats: usize = args[1].parse().expect("a number of repeats");
    for text in &args[2..] {
        let q = Query::text(text.as_str());
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..repeats {
            let start = Instant::now();
            hits = index.search(&q).expect("searching").len();
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{text:?}: {hits} hits, min {:.2} ms, median {:.2} ms",
            times[0],
            times[times.len() / 2]
        );
    }
}
