//! warta-sources on Python feedparser's test corpus (`shared/data/feeds`,
//! beside the repository). Skips when the corpus is absent.
//!
//! Figures: `cargo test -p warta-sources --test feedparser_corpus -- --nocapture`
//! or `cargo run --release -p warta-sources --example corpus_report`.

mod corpus;

#[test]
fn feedparser_corpus() {
    let Some(dir) = corpus::corpus_dir() else {
        println!("note: shared/data/feeds not found beside the repository; corpus test skipped");
        return;
    };
    let report = corpus::measure(&dir);
    corpus::print(&report, false);

    assert!(report.panics.is_empty(), "panics on {:?}", report.panics);
    assert!(
        report.wellformed.total > 1700,
        "corpus incomplete: {} files",
        report.wellformed.total
    );
    assert!(
        report.wellformed.rate() >= 0.99,
        "wellformed minus cdf parsed {:.3}: {:?}",
        report.wellformed.rate(),
        report.wellformed.failures
    );
    // Everything a publisher could plausibly serve us must come out as a feed.
    for t in [&report.encoding, &report.entities, &report.json] {
        assert!(t.rate() >= 0.99, "{:?}", t.failures);
    }
    let (right, all) = report.date_vectors;
    assert!(
        right as f64 >= 0.9 * all as f64,
        "date vectors {right}/{all}: {:?}",
        report.date_vector_misses
    );
    let (right, all) = report.expect_dates;
    // The one miss allowed is CDF's LASTMOD attribute (CDF is not a feed format we read for dates).
    assert!(
        right + 1 >= all,
        "Expect dates {right}/{all}: {:?}",
        report.expect_date_misses
    );
    let (right, all) = report.expect_titles;
    assert!(
        right as f64 >= 0.98 * all as f64,
        "Expect titles {right}/{all}: {:?}",
        report.expect_title_misses
    );
}
