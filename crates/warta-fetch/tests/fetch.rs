//! The fetcher against a real HTTP server on 127.0.0.x (tests/support):
//! validators, headers, timeouts, retries, Retry-After, redirects,
//! robots.txt, the SSRF guard, proxies, pacing and concurrency limits.
//!
//! Time bounds asserted here are safety nets (a failing fetcher must not
//! hang the suite), not speed targets.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{Options, Server, State};
use warta_fetch::{FetchConfig, FetchError, FetchOutcome, FetchRequest, Fetcher};

/// Local testing settings without retries, robots.txt obeyed.
fn local() -> FetchConfig {
    FetchConfig {
        retries: 0,
        ..FetchConfig::local_testing()
    }
}

fn fetched(outcome: FetchOutcome) -> warta_fetch::FetchedPage {
    match outcome {
        FetchOutcome::Fetched(page) => page,
        FetchOutcome::NotModified { url } => panic!("unexpected 304 for {url}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_get_gets_not_modified() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(local()).unwrap();
    let page = fetched(
        fetcher
            .fetch(FetchRequest::new(server.url("/page")))
            .await
            .unwrap(),
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.url, server.url("/page"));
    assert_eq!(page.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        page.last_modified.as_deref(),
        Some("Sat, 01 Mar 2025 10:00:00 GMT")
    );
    assert_eq!(page.max_age, Some(Duration::from_secs(300)));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(String::from_utf8_lossy(&page.body).contains("Berita hari ini"));
    assert_eq!(page.attempts, 1);

    let again = FetchRequest {
        etag: page.etag.clone(),
        ..FetchRequest::new(server.url("/page"))
    };
    match fetcher.fetch(again).await.unwrap() {
        FetchOutcome::NotModified { url } => assert_eq!(url, server.url("/page")),
        other => panic!("expected 304, got {other:?}"),
    }
    let by_date = FetchRequest {
        last_modified: page.last_modified.clone(),
        ..FetchRequest::new(server.url("/page"))
    };
    assert!(matches!(
        fetcher.fetch(by_date).await.unwrap(),
        FetchOutcome::NotModified { .. }
    ));
    let seen = server.state.requests();
    let pages: Vec<_> = seen.iter().filter(|s| s.path == "/page").collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        pages[2]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some("Sat, 01 Mar 2025 10:00:00 GMT")
    );
    assert_eq!(
        server.state.hits("/robots.txt"),
        1,
        "robots.txt is fetched once and cached"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_user_agent_cookie_extra_headers_and_accepts_compression() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        user_agent_contact: Some("https://example.org/warta-contact".into()),
        ..local()
    })
    .unwrap();
    let req = FetchRequest {
        headers: vec![
            ("X-Extra".into(), "satu".into()),
            ("Accept-Language".into(), "id".into()),
        ],
        cookie: Some("consent=yes".into()),
        ..FetchRequest::new(server.url("/echo"))
    };
    let page = fetched(fetcher.fetch(req).await.unwrap());
    let echo = String::from_utf8(page.body).unwrap();
    let ua = format!(
        "user-agent: warta/{} (+https://example.org/warta-contact)",
        env!("CARGO_PKG_VERSION")
    );
    assert!(echo.contains(&ua), "{echo}");
    assert!(echo.contains("cookie: consent=yes"), "{echo}");
    assert!(echo.contains("x-extra: satu"), "{echo}");
    assert!(echo.contains("accept-language: id"), "{echo}");
    let accept_encoding = echo
        .lines()
        .find(|l| l.starts_with("accept-encoding:"))
        .unwrap();
    assert!(
        accept_encoding.contains("gzip") && accept_encoding.contains("br"),
        "{accept_encoding}"
    );

    let gz = fetcher.get(server.url("/gzip")).await.unwrap();
    assert!(String::from_utf8_lossy(&gz.body).contains("dikompresi"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        connect_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(500),
        retries: 1,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher.get(server.url("/hang")).await.unwrap_err();
    let took = start.elapsed();
    eprintln!("hang: {err} after {took:?}");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(
        err.to_string().contains("/hang"),
        "the message names the URL: {err}"
    );
    assert_eq!(server.state.hits("/hang"), 2, "a timeout is retried");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stalls_after_the_head_is_cut_off() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        idle_timeout: Duration::from_millis(500),
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher.get(server.url("/stall")).await.unwrap_err();
    let took = start.elapsed();
    eprintln!("stall: {err} after {took:?}");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_server_meets_the_total_timeout() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        idle_timeout: Duration::from_secs(1),
        timeout: Duration::from_millis(1500),
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher.get(server.url("/trickle")).await.unwrap_err();
    let took = start.elapsed();
    eprintln!("trickle: {err} after {took:?}");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_secs(10),
        "{took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_then_reported() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        retries: 2,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher.get(server.url("/500")).await.unwrap_err();
    eprintln!("500: {err} after {:?}", start.elapsed());
    assert!(
        matches!(
            err,
            FetchError::Status {
                code: 500,
                retry_after: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.state.hits("/500"), 3, "one try and two retries");
    assert!(start.elapsed() < Duration::from_secs(10));

    // Transient failures that clear up: two 503s, then the page.
    let fetcher = Fetcher::new(FetchConfig {
        retries: 3,
        ..local()
    })
    .unwrap();
    let page = fetcher.get(server.url("/flaky")).await.unwrap();
    assert_eq!(page.attempts, 3);
    assert_eq!(server.state.hits("/flaky"), 3);

    // A 404 is not retried.
    let err = fetcher.get(server.url("/404")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Status { code: 404, .. }),
        "{err:?}"
    );
    assert!(!err.is_transient());
    assert_eq!(server.state.hits("/404"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backoff_grows_between_retries() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        retries: 3,
        backoff_base: Duration::from_millis(100),
        obey_robots: false,
        ..local()
    })
    .unwrap();
    fetcher.get(server.url("/500")).await.unwrap_err();
    let times = server.state.times("/500");
    assert_eq!(times.len(), 4);
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    eprintln!("backoff gaps: {gaps:?}");
    // Equal jitter: retry n waits between half and all of 100 ms · 2^n.
    for (n, gap) in gaps.iter().enumerate() {
        let full = Duration::from_millis(100 << n);
        assert!(*gap >= full / 2, "gap {n} {gap:?} below {:?}", full / 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_retry_after_is_waited_out() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        retries: 2,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let page = fetcher.get(server.url("/429-short")).await.unwrap();
    let took = start.elapsed();
    eprintln!("429 Retry-After: 1 -> fetched after {took:?}");
    assert_eq!(page.attempts, 2);
    let times = server.state.times("/429-short");
    assert_eq!(times.len(), 2);
    assert!(
        times[1] - times[0] >= Duration::from_millis(950),
        "{:?}",
        times[1] - times[0]
    );
    assert!(took < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_retry_after_goes_back_to_the_caller() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        retries: 3,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher.get(server.url("/429-long")).await.unwrap_err();
    let took = start.elapsed();
    eprintln!("429 Retry-After: 3600 -> {err} after {took:?}");
    assert!(
        matches!(err, FetchError::Status { code: 429, retry_after: Some(d), .. } if d == Duration::from_secs(3600)),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.state.hits("/429-long"), 1, "not retried");
    assert!(took < Duration::from_secs(5), "{took:?}");

    let err = fetcher.get(server.url("/503-date")).await.unwrap_err();
    let after = err.retry_after().expect("an HTTP-date Retry-After is read");
    assert!(
        after > Duration::from_secs(7100) && after <= Duration::from_secs(7200),
        "{after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed_and_loops_end() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        max_redirects: 5,
        retries: 2,
        ..local()
    })
    .unwrap();
    let page = fetcher.get(server.url("/redirect?to=/page")).await.unwrap();
    assert_eq!(page.url, server.url("/page"), "the final URL is reported");

    let start = Instant::now();
    let err = fetcher.get(server.url("/loop/a")).await.unwrap_err();
    eprintln!("loop: {err} after {:?}", start.elapsed());
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("/loop/a"), "{err}");
    assert_eq!(
        server.state.hits("/loop/a") + server.state.hits("/loop/b"),
        6,
        "the first request and five redirects, not retried"
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_is_obeyed() {
    let robots = "User-agent: *\nDisallow: /\n\nUser-agent: warta\nDisallow: /private\nAllow: /private/open\n";
    let server = Server::start_on(
        "127.0.0.1",
        Options {
            robots: Some(robots.into()),
            ..Options::default()
        },
    )
    .await;
    let fetcher = Fetcher::new(local()).unwrap();
    let err = fetcher
        .get(server.url("/private/secret"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::RobotsDisallowed { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("/private/secret") && err.to_string().contains("robots.txt"),
        "{err}"
    );
    assert_eq!(server.state.hits("/private/secret"), 0, "never requested");
    fetcher.get(server.url("/private/open/1")).await.unwrap();
    fetcher.get(server.url("/open")).await.unwrap();
    assert_eq!(server.state.hits("/robots.txt"), 1);

    // The same server with robots.txt ignored.
    let ignoring = Fetcher::new(FetchConfig {
        obey_robots: false,
        ..local()
    })
    .unwrap();
    ignoring.get(server.url("/private/secret")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_fetches_share_one_robots_txt_request() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(local()).unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let fetcher = fetcher.clone();
            let url = server.url(&format!("/open/{i}"));
            tokio::spawn(async move { fetcher.get(url).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.state.hits("/robots.txt"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_is_fetched_again_after_its_ttl() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        robots_ttl: Duration::from_millis(300),
        ..local()
    })
    .unwrap();
    fetcher.get(server.url("/open/1")).await.unwrap();
    fetcher.get(server.url("/open/2")).await.unwrap();
    assert_eq!(server.state.hits("/robots.txt"), 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    fetcher.get(server.url("/open/3")).await.unwrap();
    assert_eq!(server.state.hits("/robots.txt"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_robots_txt_blocks_the_site_for_now() {
    let server = Server::start_on(
        "127.0.0.1",
        Options {
            robots_status: Some(500),
            ..Options::default()
        },
    )
    .await;
    let fetcher = Fetcher::new(FetchConfig {
        robots_retry: Duration::from_secs(60),
        ..local()
    })
    .unwrap();
    let err = fetcher.get(server.url("/page")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::RobotsUnreachable { .. }),
        "{err:?}"
    );
    let after = err.retry_after().unwrap();
    assert!(
        after > Duration::from_secs(50) && after <= Duration::from_secs(60),
        "{after:?}"
    );
    assert!(err.is_transient());
    let again = fetcher.get(server.url("/page")).await.unwrap_err();
    assert!(matches!(again, FetchError::RobotsUnreachable { .. }));
    assert_eq!(
        server.state.hits("/robots.txt"),
        1,
        "the failure is remembered"
    );
    assert_eq!(server.state.hits("/page"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_delay_is_a_floor_for_pacing() {
    let server = Server::start_on(
        "127.0.0.1",
        Options {
            robots: Some("User-agent: *\nCrawl-delay: 0.4\n".into()),
            ..Options::default()
        },
    )
    .await;
    let fetcher = Fetcher::new(local()).unwrap();
    let start = Instant::now();
    for i in 0..3 {
        fetcher
            .get(server.url(&format!("/open/{i}")))
            .await
            .unwrap();
    }
    // robots.txt and three pages: four starts, three gaps of 400 ms.
    let took = start.elapsed();
    eprintln!("crawl-delay 0.4 s, robots + 3 pages: {took:?}");
    assert!(took >= Duration::from_millis(1200), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_are_refused_before_connecting() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: false,
        ..local()
    })
    .unwrap();
    let port = server.addr.port();
    for url in [
        format!("http://127.0.0.1:{port}/page"),
        format!("http://[::1]:{port}/page"),
        format!("http://[::ffff:127.0.0.1]:{port}/page"),
        format!("http://2130706433:{port}/page"),
    ] {
        let err = fetcher.get(url.parse().unwrap()).await.unwrap_err();
        assert!(matches!(err, FetchError::Refused { .. }), "{url}: {err:?}");
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    // A name that resolves to loopback is caught by the resolver.
    let err = fetcher
        .get(format!("http://localhost:{port}/page").parse().unwrap())
        .await
        .unwrap_err();
    eprintln!("localhost: {err}");
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    assert_eq!(
        err.url(),
        Some(format!("http://localhost:{port}/page").as_str()),
        "names the page"
    );
    assert!(!err.is_transient());
    assert_eq!(
        server
            .state
            .connections
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_ip_literal_is_refused_even_through_a_proxy() {
    // The proxy is our server: were the guard to fail, the request would
    // reach it (never 10.0.0.1), and the test would see it.
    let proxy = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: false,
        proxy: Some(format!("http://{}", proxy.addr)),
        ..local()
    })
    .unwrap();
    let err = fetcher
        .get("http://10.0.0.1:8080/feed".parse().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FetchError::Refused { addr, reason: "private", .. } if addr == "10.0.0.1"),
        "{err:?}"
    );
    let err = fetcher
        .get("http://169.254.169.254/latest/meta-data/".parse().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            FetchError::Refused {
                reason: "link-local",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        proxy
            .state
            .connections
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_private_address_is_refused() {
    // The allowed host is 127.0.0.2 (an allow_addresses entry, as an
    // intranet server would be); it redirects to 127.0.0.1, which is not.
    let target = Server::start().await;
    let allowed = Server::start_on("127.0.0.2", Options::default()).await;
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: false,
        allow_addresses: vec!["127.0.0.2".into()],
        ..local()
    })
    .unwrap();
    fetcher
        .get(allowed.url("/page"))
        .await
        .expect("the allowed address is fetched");
    let port = target.addr.port();
    for to in [
        format!("http://127.0.0.1:{port}/page"),
        format!("http://localhost:{port}/page"),
    ] {
        let err = fetcher
            .get(allowed.url(&format!("/redirect?to={to}")))
            .await
            .unwrap_err();
        eprintln!("redirect hop: {err}");
        assert!(matches!(err, FetchError::Refused { .. }), "{to}: {err:?}");
    }
    assert_eq!(
        target
            .state
            .connections
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_request_proxy_is_used() {
    // The server plays an HTTP proxy: it gets absolute-form request targets.
    // With a proxy the name is resolved by the proxy, so this works with
    // allow_private off and a name that does not resolve here.
    let proxy = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: false,
        ..local()
    })
    .unwrap();
    let req = FetchRequest {
        proxy: Some(format!("http://{}", proxy.addr)),
        ..FetchRequest::new("http://news.invalid/page".parse().unwrap())
    };
    let page = fetched(fetcher.fetch(req).await.unwrap());
    assert_eq!(page.status, 200);
    let targets: Vec<String> = proxy
        .state
        .requests()
        .into_iter()
        .map(|s| s.target)
        .collect();
    assert_eq!(
        targets,
        ["http://news.invalid/robots.txt", "http://news.invalid/page"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_to_one_host_are_paced() {
    let server = Server::start().await;
    let delay = Duration::from_millis(250);
    let fetcher = Fetcher::new(FetchConfig {
        host_delay: delay,
        obey_robots: false,
        ..local()
    })
    .unwrap();
    let n = 5;
    let start = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let fetcher = fetcher.clone();
            let url = server.url("/page");
            tokio::spawn(async move { fetcher.get(url).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let took = start.elapsed();
    let times = server.state.times("/page");
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    eprintln!("pacing {n} x {delay:?}: {took:?}, server-side gaps {gaps:?}");
    assert!(took >= delay * (n - 1), "{took:?}");
    // The server stamps arrivals, a connection set-up after the starts the
    // client paced, so a busy machine may shift one a little either way.
    let span = *times.last().unwrap() - times[0];
    assert!(
        span >= delay * (n - 1) - Duration::from_millis(100),
        "{span:?}"
    );
    for gap in gaps {
        assert!(gap >= delay / 2, "{gap:?}");
    }

    // Another port on the same address is another host:port, paced apart:
    // two requests to each of two ports take one delay, not three.
    let other = Server::start().await;
    let third = Server::start().await;
    let start = Instant::now();
    let (a, b, c, d) = tokio::join!(
        fetcher.get(other.url("/open/1")),
        fetcher.get(other.url("/open/2")),
        fetcher.get(third.url("/open/1")),
        fetcher.get(third.url("/open/2")),
    );
    for result in [a, b, c, d] {
        result.unwrap();
    }
    let took = start.elapsed();
    eprintln!("2 x 2 requests on two ports: {took:?}");
    assert!(took >= delay && took < delay * 3, "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_requests_per_host_are_capped() {
    let server = Server::start().await;
    let fetcher = Fetcher::new(FetchConfig {
        host_concurrency: 3,
        obey_robots: false,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let fetcher = fetcher.clone();
            let url = server.url("/slow");
            tokio::spawn(async move { fetcher.get(url).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let max = server
        .state
        .max_in_flight
        .load(std::sync::atomic::Ordering::SeqCst);
    eprintln!(
        "12 x 300 ms with 3 per host: max in flight {max}, {:?}",
        start.elapsed()
    );
    assert_eq!(max, 3);
    assert!(
        start.elapsed() >= Duration::from_millis(1200),
        "four rounds of 300 ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_requests_overall_are_capped() {
    let state = Arc::new(State::default());
    let a = Server::start_with_state("127.0.0.1", Options::default(), state.clone()).await;
    let b = Server::start_with_state("127.0.0.1", Options::default(), state.clone()).await;
    let fetcher = Fetcher::new(FetchConfig {
        host_concurrency: 10,
        total_concurrency: 2,
        obey_robots: false,
        ..local()
    })
    .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let fetcher = fetcher.clone();
            let url = if i % 2 == 0 {
                a.url("/slow")
            } else {
                b.url("/slow")
            };
            tokio::spawn(async move { fetcher.get(url).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let max = state
        .max_in_flight
        .load(std::sync::atomic::Ordering::SeqCst);
    eprintln!("8 x 300 ms on two ports with 2 overall: max in flight {max}");
    assert_eq!(max, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_fail_clearly() {
    let fetcher = Fetcher::new(local()).unwrap();
    let err = fetcher
        .get("ftp://example.com/file".parse().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err:?}");
    let req = FetchRequest {
        headers: vec![("Bad Header".into(), "x".into())],
        ..FetchRequest::new("http://127.0.0.1:9/".parse().unwrap())
    };
    let err = fetcher.fetch(req).await.unwrap_err();
    assert!(matches!(err, FetchError::InvalidRequest { .. }), "{err:?}");
    let req = FetchRequest {
        proxy: Some("not a url".into()),
        ..FetchRequest::new("http://127.0.0.1:9/".parse().unwrap())
    };
    assert!(matches!(
        fetcher.fetch(req).await.unwrap_err(),
        FetchError::InvalidRequest { .. }
    ));
    assert!(Fetcher::new(FetchConfig {
        allow_addresses: vec!["10.0.0.0/99".into()],
        ..local()
    })
    .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_is_a_connect_error() {
    // Bind, note the port, close: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let fetcher = Fetcher::new(FetchConfig {
        retries: 1,
        obey_robots: false,
        ..local()
    })
    .unwrap();
    let start = Instant::now();
    let err = fetcher
        .get(format!("http://127.0.0.1:{port}/").parse().unwrap())
        .await
        .unwrap_err();
    eprintln!("closed port: {err}");
    assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
    assert!(err.is_transient());
    assert!(start.elapsed() < Duration::from_secs(10));

    // With robots.txt obeyed, an unreachable host makes robots.txt unreachable.
    let fetcher = Fetcher::new(local()).unwrap();
    let err = fetcher
        .get(format!("http://127.0.0.1:{port}/").parse().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::RobotsUnreachable { .. }),
        "{err:?}"
    );
}

#[test]
fn the_blocking_call_fetches_outside_any_runtime() {
    // The server needs a runtime of its own, on another thread.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Server::start());
    let url = server.url("/page");
    let page = warta_fetch::fetch_blocking(local(), &url).unwrap();
    assert!(String::from_utf8_lossy(&page.body).contains("Berita hari ini"));
    let fetcher = warta_fetch::BlockingFetcher::new(local()).unwrap();
    assert!(fetcher.get(&url).is_ok());
    drop(server);
}

#[test]
fn the_config_reads_from_a_settings_file() {
    let config: FetchConfig = serde_json::from_str(
        r#"{"user_agent_contact": "https://example.org", "host_delay": "1.5s", "idle_timeout": "500ms",
            "timeout": 20, "max_fetch_time": "2m", "robots_ttl": "1h", "max_bytes": 1048576}"#,
    )
    .unwrap();
    assert_eq!(config.host_delay, Duration::from_millis(1500));
    assert_eq!(config.idle_timeout, Duration::from_millis(500));
    assert_eq!(config.timeout, Duration::from_secs(20));
    assert_eq!(config.max_fetch_time, Duration::from_secs(120));
    assert_eq!(config.robots_ttl, Duration::from_secs(3600));
    assert_eq!(config.max_bytes, 1 << 20);
    assert_eq!(
        config.retries,
        FetchConfig::default().retries,
        "unnamed fields keep their defaults"
    );
    assert!(
        serde_json::from_str::<FetchConfig>(r#"{"host_dealy": "1s"}"#).is_err(),
        "typos are errors"
    );
    assert!(serde_json::from_str::<FetchConfig>(r#"{"host_delay": "soon"}"#).is_err());
    // What is written reads back the same.
    let text = serde_json::to_string(&FetchConfig::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<FetchConfig>(&text).unwrap(),
        FetchConfig::default()
    );
    assert_eq!(
        FetchConfig::default().user_agent(),
        format!("warta/{}", env!("CARGO_PKG_VERSION"))
    );
}
