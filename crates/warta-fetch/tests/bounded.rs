//! Bodies that never end cost bounded time and memory: a 10 GiB stream and
//! a gzip bomb (1 GiB of zeros in ~1 MiB) stop at `max_bytes`, counted after
//! decompression. In a test binary of their own so the peak memory of the
//! process says something about these fetches alone.

mod support;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use support::Server;
use warta_fetch::{FetchConfig, FetchError, Fetcher};

const CAP: u64 = 8 * 1024 * 1024;

fn config() -> FetchConfig {
    FetchConfig {
        max_bytes: CAP,
        retries: 2,
        ..FetchConfig::local_testing()
    }
}

/// The process's peak resident memory (VmHWM), where /proc tells it.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_bodies_stop_at_the_cap() {
    // Built before timing: compressing 1 GiB of zeros takes a moment.
    let bomb_len = tokio::task::spawn_blocking(|| support::gzip_bomb().len())
        .await
        .unwrap();
    let server = Server::start().await;
    let fetcher = Fetcher::new(config()).unwrap();

    // 10 GiB with no declared length: read until the cap, then cut.
    let start = Instant::now();
    let err = fetcher.get(server.url("/huge")).await.unwrap_err();
    let took = start.elapsed();
    // The writer may still be pushing into the socket buffers for a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.state.body_bytes_sent.swap(0, Ordering::SeqCst);
    eprintln!("10 GiB stream: {err} after {took:?}; server wrote {sent} bytes");
    assert!(
        matches!(err, FetchError::TooLarge { limit: CAP, .. }),
        "{err:?}"
    );
    assert_eq!(server.state.hits("/huge"), 1, "too large is not retried");
    assert!(
        sent < CAP + 64 * 1024 * 1024,
        "the server was stopped early: {sent} bytes"
    );
    assert!(took < Duration::from_secs(20), "{took:?}");

    // 10 GiB declared up front: refused from the head.
    let start = Instant::now();
    let err = fetcher.get(server.url("/huge-declared")).await.unwrap_err();
    let took = start.elapsed();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.state.body_bytes_sent.swap(0, Ordering::SeqCst);
    eprintln!("10 GiB declared: {err} after {took:?}; server wrote {sent} bytes");
    assert!(
        matches!(err, FetchError::TooLarge { limit: CAP, .. }),
        "{err:?}"
    );
    assert!(took < Duration::from_secs(20), "{took:?}");

    // The bomb: ~1 MiB on the wire, 1 GiB after gunzip.
    let start = Instant::now();
    let err = fetcher.get(server.url("/bomb")).await.unwrap_err();
    let took = start.elapsed();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.state.body_bytes_sent.swap(0, Ordering::SeqCst);
    eprintln!(
        "gzip bomb ({bomb_len} bytes for 1 GiB): {err} after {took:?}; server wrote {sent} bytes"
    );
    assert!(
        matches!(err, FetchError::TooLarge { limit: CAP, .. }),
        "{err:?}"
    );
    assert!(took < Duration::from_secs(20), "{took:?}");

    // A page under the cap still arrives whole.
    let page = fetcher.get(server.url("/gzip")).await.unwrap();
    assert!(!page.body.is_empty());

    if let Some(peak) = peak_rss() {
        eprintln!(
            "peak resident memory of the test process: {} MiB",
            peak >> 20
        );
        // Buffering 10 GiB or 1 GiB would blow far past this.
        assert!(peak < 400 << 20, "peak RSS {} MiB", peak >> 20);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_over_the_cap_is_read_in_part() {
    // A robots.txt that never ends is cut at 512 KiB and read, not refused.
    let server = Server::start_on(
        "127.0.0.1",
        support::Options {
            robots: Some(format!(
                "User-agent: *\nDisallow: /private\n{}",
                "# filler\n".repeat(100_000)
            )),
            ..support::Options::default()
        },
    )
    .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let err = fetcher.get(server.url("/private/x")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::RobotsDisallowed { .. }),
        "{err:?}"
    );
    fetcher.get(server.url("/open")).await.unwrap();
}
