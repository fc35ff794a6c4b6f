//! End to end: warta follows sources served by a real HTTP server on
//! 127.0.0.1 and keeps what it reads in a real SQLite file.

mod common;

use common::news;
use common::server::{gzip_bomb, Body, Request, Response, Server};
use common::sites::many_sources;
use common::{ok, warta, DataDir};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Settings for a server on this machine: loopback allowed, no pacing,
/// short timeouts, every source due at every pass.
const LOCAL: &[&str] = &[
    "--set",
    "fetch.allow_private=true",
    "--set",
    "fetch.host_delay=0",
    "--set",
    "fetch.host_concurrency=32",
    "--set",
    "fetch.timeout=3s",
    "--set",
    "fetch.idle_timeout=1s",
    "--set",
    "fetch.connect_timeout=1s",
    "--set",
    "fetch.retries=1",
    "--set",
    "fetch.backoff_base=20ms",
    "--set",
    "fetch.max_fetch_time=6s",
    "--set",
    "fetch.max_retry_after=2s",
    "--set",
    "follow.min_interval=0s",
    "--set",
    "follow.max_interval=0s",
];

fn run(dir: &Path, args: &[&str]) -> Output {
    warta()
        .arg("--data-dir")
        .arg(dir)
        .args(LOCAL)
        .args(args)
        .output()
        .unwrap()
}

fn lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A news site: a home page announcing its feed, the feed, the pages, and
/// one entry whose page is gone. ETags make the second poll a 304.
fn news_site(feed_items: Arc<AtomicUsize>) -> Server {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        let count = feed_items.load(Ordering::SeqCst);
        match req.path.as_str() {
            "/" => Response::ok(
                "text/html",
                "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\"></head><body>Kabar Nusa</body></html>",
            ),
            "/rss.xml" => {
                let etag = format!("\"v{count}\"");
                if req.headers.get("if-none-match") == Some(&etag) {
                    return Response::status(304).header("ETag", &etag);
                }
                let mut feed = news::feed(base, 1, count);
                // An entry whose page is gone: kept from its own content.
                feed = feed.replace(
                    "</channel>",
                    &format!("<item><title>Hilang</title><link>{base}/gone.html</link><guid>gone</guid>\
                     <description>&lt;p&gt;Presiden Joko Widodo meresmikan bendungan baru di Makassar pada Senin.&lt;/p&gt;</description></item></channel>"),
                );
                Response::ok("application/rss+xml", feed).header("ETag", &etag)
            }
            path => match path
                .strip_prefix("/berita/")
                .and_then(|p| p.strip_suffix(".html"))
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => Response::ok("text/html; charset=utf-8", news::page(base, n)),
                None => Response::status(404),
            },
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    server
}

#[test]
fn follows_a_site_into_the_store_without_duplicates() {
    let items = Arc::new(AtomicUsize::new(3));
    let server = news_site(items.clone());
    let dir = DataDir::new("follow-site");

    // The SSRF guard refuses loopback unless the config allows it.
    let refused = warta()
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["source", "add", &server.url("/")])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("loopback"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let added = ok(run(&dir.0, &["source", "add", &server.url("/")]));
    assert!(
        added.contains("/rss.xml") && added.contains("Kabar Nusa"),
        "{added}"
    );
    let again = run(&dir.0, &["source", "add", &server.url("/rss.xml")]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already followed"));

    ok(run(&dir.0, &["run", "--once"]));
    let articles = lines(&ok(run(&dir.0, &["export", "articles"])));
    assert_eq!(
        articles.len(),
        4,
        "three pages and the entry kept from the feed"
    );
    for a in &articles {
        for field in [
            "id", "url", "source", "fetched", "story", "title", "blocks", "entities", "events",
            "text",
        ] {
            assert!(a.get(field).is_some(), "{field} missing in {a}");
        }
        assert_eq!(a["source"], server.url("/rss.xml"));
    }
    let page = articles
        .iter()
        .find(|a| a["url"] == server.url("/berita/1.html"))
        .unwrap();
    assert_eq!(page["title"], news::title(1));
    assert_eq!(
        page["blocks"].as_array().unwrap().len(),
        news::paragraphs(1).len(),
        "{}",
        page["blocks"]
    );
    assert_eq!(page["images"][0]["credit"], "ANTARA/Dedi Pratama");
    assert!(!page["events"].as_array().unwrap().is_empty());
    assert!(
        articles.iter().all(|a| a["story"].is_i64()),
        "every article joins a story"
    );
    let gone = articles
        .iter()
        .find(|a| a["url"] == server.url("/gone.html"))
        .unwrap();
    assert!(
        gone["fetch_error"].as_str().unwrap().contains("404"),
        "{gone}"
    );
    assert_eq!(gone["title"], "Hilang");
    assert!(gone["blocks"][0]["text"]
        .as_str()
        .unwrap()
        .contains("bendungan"));

    // Polled again: the feed answers 304, nothing changes.
    let feed_hits = server.hits("/rss.xml");
    ok(run(&dir.0, &["run", "--once"]));
    assert_eq!(server.hits("/rss.xml"), feed_hits + 1);
    assert_eq!(lines(&ok(run(&dir.0, &["export", "articles"]))).len(), 4);
    let sources = lines(&ok(run(&dir.0, &["source", "list", "--json"])));
    assert_eq!(sources[0]["etag"], "\"v3\"");
    assert!(sources[0]["last_error"].is_null());

    // Two new entries: only they are fetched; pages already read are not.
    let page_hits = server.hits("/berita/1.html");
    items.store(5, Ordering::SeqCst);
    ok(run(&dir.0, &["run", "--once"]));
    assert_eq!(server.hits("/berita/1.html"), page_hits);
    let articles = lines(&ok(run(&dir.0, &["export", "articles"])));
    assert_eq!(articles.len(), 6);
    let mut ids: Vec<i64> = articles.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 6);

    // Events export as JSON Lines, CSV and GDELT rows.
    let events = lines(&ok(run(&dir.0, &["export", "events"])));
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|e| e["url"].is_string() && e["code"].is_string()));
    let gdelt = ok(run(&dir.0, &["export", "events", "--format", "gdelt"]));
    assert_eq!(gdelt.lines().count(), events.len());
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let csv = ok(run(&dir.0, &["export", "events", "--format", "csv"]));
    assert!(csv.starts_with("id,article,url,date,source,target,code"));
    let bad = run(&dir.0, &["export", "articles", "--format", "gdelt"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("events only"));

    // Pause: a paused source is not polled.
    ok(run(&dir.0, &["source", "pause", "1"]));
    let hits = server.hits("/rss.xml");
    ok(run(&dir.0, &["run", "--once"]));
    assert_eq!(server.hits("/rss.xml"), hits);
    ok(run(&dir.0, &["source", "resume", &server.url("/rss.xml")]));
    ok(run(&dir.0, &["run", "--once"]));
    assert_eq!(server.hits("/rss.xml"), hits + 1);
}

#[test]
fn misbehaving_servers_cost_bounded_time_and_leave_other_sources_alone() {
    let bomb = Arc::new(gzip_bomb(256 << 20));
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        match req.path.as_str() {
            "/good.xml" => Response::ok("application/rss+xml", news::feed(base, 1, 3)),
            "/hang.xml" => Response {
                body: Body::Hang,
                ..Response::status(200)
            },
            "/huge.xml" => Response {
                body: Body::Endless {
                    len: 10_000_000_000,
                },
                ..Response::ok("application/rss+xml", "")
            },
            "/error.xml" => Response::status(500),
            "/busy.xml" => Response::status(429).header("Retry-After", "3600"),
            "/loop.xml" => Response::status(302).header("Location", "/loop.xml"),
            "/bomb.xml" => Response::ok("application/rss+xml", bomb.to_vec())
                .header("Content-Encoding", "gzip"),
            path if path.starts_with("/berita/") => {
                let n: usize = path[8..].trim_end_matches(".html").parse().unwrap_or(0);
                Response::ok("text/html", news::page(base, n))
            }
            _ => Response::status(404),
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    let dir = DataDir::new("follow-misbehaving");
    let bad = ["hang", "huge", "error", "busy", "loop", "bomb"];
    for name in bad.iter().chain(["good"].iter()) {
        ok(run(
            &dir.0,
            &[
                "source",
                "add",
                "--no-discover",
                &server.url(&format!("/{name}.xml")),
            ],
        ));
    }
    let started = Instant::now();
    let output = run(
        &dir.0,
        &[
            "--set",
            "fetch.max_bytes=8388608",
            "run",
            "--once",
            "--json",
        ],
    );
    let elapsed = started.elapsed();
    let summary: serde_json::Value = serde_json::from_str(&ok(output)).unwrap();
    // A safety net, not a speed target: each misbehaviour is cut off by a
    // timeout or a cap of a few seconds.
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    assert_eq!(summary["run"]["poll_errors"], 6, "{summary}");
    assert_eq!(
        summary["store"]["articles"], 3,
        "the good source is untouched: {summary}"
    );

    let sources = lines(&ok(run(&dir.0, &["source", "list", "--json"])));
    let error_of = |name: &str| -> String {
        let s = sources
            .iter()
            .find(|s| {
                s["url"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/{name}.xml"))
            })
            .unwrap();
        s["last_error"].as_str().unwrap_or("").to_lowercase()
    };
    assert!(error_of("good").is_empty());
    assert!(
        error_of("hang").contains("timed out") || error_of("hang").contains("timeout"),
        "{}",
        error_of("hang")
    );
    assert!(
        error_of("huge").contains("8388608") || error_of("huge").contains("large"),
        "{}",
        error_of("huge")
    );
    assert!(
        error_of("bomb").contains("8388608") || error_of("bomb").contains("large"),
        "{}",
        error_of("bomb")
    );
    assert!(error_of("error").contains("500"), "{}", error_of("error"));
    assert!(error_of("busy").contains("429"), "{}", error_of("busy"));
    assert!(
        error_of("loop").contains("redirect"),
        "{}",
        error_of("loop")
    );
    // The long Retry-After defers that source instead of hammering it.
    let busy = sources
        .iter()
        .find(|s| s["url"].as_str().unwrap().ends_with("/busy.xml"))
        .unwrap();
    assert!(
        busy["next_poll_at"].as_i64().unwrap() - busy["last_polled_at"].as_i64().unwrap() >= 3600,
        "{busy}"
    );
}

fn status(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(run(dir, &["status"]))).unwrap()
}

/// Every URL once, and as many articles as entries.
fn assert_complete(dir: &Path, expected: usize) {
    let articles = lines(&ok(run(dir, &["export", "articles"])));
    let mut urls: Vec<&str> = articles
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), expected);
    assert_eq!(articles.len(), expected);
    let counts = &status(dir)["counts"];
    assert_eq!(counts["pending"], 0);
    assert_eq!(counts["failed"], 0);
}

/// Starts `warta run` (the daemon) on `dir`, its output piped.
fn start_daemon(dir: &Path) -> std::process::Child {
    warta()
        .arg("--data-dir")
        .arg(dir)
        .args(LOCAL)
        .arg("run")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the store holds at least `n` articles.
fn wait_for_articles(dir: &Path, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while status(dir)["counts"]["articles"].as_u64().unwrap() < n {
        assert!(Instant::now() < deadline, "the daemon stored nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Follows `count` of the feeds of [`many_sources`].
fn add_feeds(dir: &Path, server: &Server, count: usize) {
    for s in 0..count {
        ok(run(
            dir,
            &[
                "source",
                "add",
                "--no-discover",
                &server.url(&format!("/feeds/{s}.xml")),
            ],
        ));
    }
}

#[test]
fn killed_mid_run_nothing_is_lost_or_duplicated_and_work_resumes() {
    let server = many_sources(40, Duration::from_millis(5));
    let dir = DataDir::new("follow-sigkill");
    add_feeds(&dir.0, &server, 20);
    let mut daemon = start_daemon(&dir.0);
    // Kill it once part of the work is stored.
    wait_for_articles(&dir.0, 50);
    daemon.kill().unwrap(); // SIGKILL
    daemon.wait().unwrap();
    let before = status(&dir.0)["counts"].clone();
    assert!(
        before["articles"].as_u64().unwrap() < 800,
        "killed too late to test anything: {before}"
    );

    ok(run(&dir.0, &["run", "--once"]));
    assert_complete(&dir.0, 800);
}

#[test]
fn sigterm_finishes_the_work_in_flight_and_stops_cleanly() {
    let server = many_sources(20, Duration::from_millis(20));
    let dir = DataDir::new("follow-sigterm");
    add_feeds(&dir.0, &server, 5);
    let daemon = start_daemon(&dir.0);
    wait_for_articles(&dir.0, 10);
    let term = std::process::Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let output = daemon.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("warta run:"));
    ok(run(&dir.0, &["run", "--once"]));
    assert_complete(&dir.0, 100);
}

#[test]
fn ten_thousand_entries_across_a_hundred_sources_are_all_processed() {
    let server = many_sources(100, Duration::ZERO);
    let dir = DataDir::new("follow-tenk");
    let opml: String = (0..100)
        .map(|s| {
            format!(
                "<outline text=\"feed {s}\" xmlUrl=\"{}\"/>",
                server.url(&format!("/feeds/{s}.xml"))
            )
        })
        .collect();
    let opml_path = dir.0.join("sources.opml");
    std::fs::write(
        &opml_path,
        format!(
            "<opml version=\"2.0\"><body><outline text=\"Kabar\">{opml}</outline></body></opml>"
        ),
    )
    .unwrap();
    let imported = ok(run(
        &dir.0,
        &["source", "import", opml_path.to_str().unwrap()],
    ));
    assert!(imported.contains("100 sources added"), "{imported}");
    let exported = ok(run(&dir.0, &["source", "export"]));
    assert_eq!(exported.matches("xmlUrl=").count(), 100);
    assert!(exported.contains("text=\"Kabar\""));

    let summary: serde_json::Value =
        serde_json::from_str(&ok(run(&dir.0, &["run", "--once", "--json"]))).unwrap();
    assert_eq!(summary["run"]["queued"], 10_000, "{summary}");
    assert_eq!(summary["run"]["articles"], 10_000, "{summary}");
    assert_complete(&dir.0, 10_000);
}

#[test]
fn ingest_export_reprocess_prune_and_backup() {
    let dir = DataDir::new("follow-ingest");
    let pages = dir.0.join("pages");
    std::fs::create_dir_all(pages.join("sub")).unwrap();
    let base = "https://kabarnusa.example";
    std::fs::write(pages.join("a.html"), news::page(base, 1)).unwrap();
    std::fs::write(pages.join("sub/b.html"), news::page(base, 2)).unwrap();
    std::fs::write(pages.join("notes.md"), "not a page").unwrap();
    // A syndicated copy of a.html on another outlet.
    std::fs::write(
        pages.join("sub/copy.html"),
        news::page("https://lain.example", 1).replace("Kabar Nusa", "Warta Lain"),
    )
    .unwrap();
    // A WARC file with one archived response and a request to skip.
    let page = news::page(base, 3);
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let mut warc = String::new();
    for (kind, uri, block) in [
        (
            "request",
            "https://kabarnusa.example/berita/3.html",
            "GET /berita/3.html HTTP/1.1\r\n\r\n".to_string(),
        ),
        ("response", "https://kabarnusa.example/berita/3.html", http),
    ] {
        let ct = if kind == "request" {
            "application/http; msgtype=request"
        } else {
            "application/http; msgtype=response"
        };
        warc.push_str(&format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T03:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        ));
    }
    std::fs::write(pages.join("crawl.warc"), warc).unwrap();

    let output = run(&dir.0, &["ingest", "--quiet", pages.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("4 pages read, 4 articles stored"),
        "{stderr}"
    );
    // Ingesting again updates, never duplicates.
    ok(run(&dir.0, &["ingest", "--quiet", pages.to_str().unwrap()]));
    let articles = lines(&ok(run(&dir.0, &["export", "articles"])));
    assert_eq!(articles.len(), 4);
    // The copy is linked to the earlier original and shares its story.
    let by_url = |end: &str| {
        articles
            .iter()
            .find(|a| a["url"].as_str().unwrap().ends_with(end))
            .unwrap()
    };
    let (original, copy) = (by_url("/a.html"), by_url("/copy.html"));
    assert_eq!(copy["duplicate_of"], original["id"], "{copy}");
    assert_eq!(copy["story"], original["story"]);
    assert!(articles.iter().all(|a| a["story"].is_i64()));
    let urls: Vec<&str> = articles
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert!(
        urls.contains(&"https://kabarnusa.example/berita/3.html"),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.starts_with("file://") && u.ends_with("a.html")),
        "{urls:?}"
    );
    // Stored articles are searchable at once.
    let hits = lines(&ok(run(&dir.0, &["search", "Prabowo", "--json"])));
    assert!(
        hits.iter()
            .any(|h| h["url"].as_str().unwrap().ends_with("/b.html")),
        "{hits:?}"
    );
    let csv = ok(run(&dir.0, &["export", "articles", "--format", "csv"]));
    assert!(csv.starts_with("id,url,source,fetched,story,site,lang,title"));
    assert!(csv.contains(&news::title(2)));
    let stories = lines(&ok(run(&dir.0, &["export", "stories"])));
    assert!((1..=3).contains(&stories.len()), "{stories:?}");
    let shared = stories
        .iter()
        .find(|s| s["id"] == original["story"])
        .unwrap();
    let members: Vec<&str> = shared["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert!(
        members.iter().any(|u| u.ends_with("/copy.html")),
        "{members:?}"
    );
    for field in [
        "id",
        "title",
        "first_seen",
        "last_seen",
        "articles",
        "events",
    ] {
        assert!(shared.get(field).is_some(), "{field}");
    }

    let events_before = status(&dir.0)["counts"]["events"].as_u64().unwrap();
    assert!(events_before > 0);
    let re = run(&dir.0, &["reprocess"]);
    assert!(
        String::from_utf8_lossy(&re.stderr).contains("4 articles processed again"),
        "{}",
        String::from_utf8_lossy(&re.stderr)
    );
    assert_eq!(
        status(&dir.0)["counts"]["events"].as_u64().unwrap(),
        events_before
    );

    let copy = dir.0.join("copy.db");
    ok(run(&dir.0, &["backup", copy.to_str().unwrap()]));
    let again = run(&dir.0, &["backup", copy.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    let from_copy = ok(run(
        &dir.0,
        &["--store", &format!("sqlite:{}", copy.display()), "status"],
    ));
    assert!(from_copy.contains("\"articles\":4"), "{from_copy}");

    // The pages say 5 March 2024: older than 30 days.
    let bad = run(&dir.0, &["prune", "--older-than", "soon"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--older-than \"soon\""));
    ok(run(
        &dir.0,
        &["prune", "--older-than", "30d", "--keep-events"],
    ));
    let counts = status(&dir.0)["counts"].clone();
    assert_eq!(counts["articles"], 0);
    assert!(
        lines(&ok(run(&dir.0, &["search", "Prabowo", "--json"]))).is_empty(),
        "pruned articles leave the index"
    );
    assert_eq!(counts["events"].as_u64().unwrap(), events_before);
    let events = lines(&ok(run(&dir.0, &["export", "events"])));
    assert!(events
        .iter()
        .all(|e| e["article"].is_null() && e["url"].is_string()));
}

#[test]
fn configuration_mistakes_name_the_key_and_where_it_came_from() {
    let dir = DataDir::new("follow-config");
    std::fs::write(dir.0.join("warta.toml"), "[fetch]\nallow_privat = true\n").unwrap();
    let output = warta()
        .arg("--data-dir")
        .arg(&dir.0)
        .arg("status")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("allow_privat") && stderr.contains("warta.toml"),
        "{stderr}"
    );

    std::fs::write(
        dir.0.join("warta.toml"),
        "[store]\nurl = \"sqlite:other.db\"\n",
    )
    .unwrap();
    let output = warta()
        .arg("--data-dir")
        .arg(&dir.0)
        .env("WARTA_FETCH_COLOUR", "blue")
        .arg("status")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("WARTA_FETCH_COLOUR") && stderr.contains("colour"),
        "{stderr}"
    );

    let output = warta()
        .arg("--data-dir")
        .arg(&dir.0)
        .env(
            "WARTA_STORE_URL",
            format!("sqlite:{}", dir.0.join("env.db").display()),
        )
        .arg("status")
        .output()
        .unwrap();
    let stdout = ok(output);
    assert!(stdout.contains("env.db"), "{stdout}");
    let stdout = ok(warta()
        .arg("--data-dir")
        .arg(&dir.0)
        .arg("status")
        .output()
        .unwrap());
    assert!(stdout.contains("other.db"), "{stdout}");
}

#[test]
fn news_sitemaps_and_sitemap_indexes_are_followed() {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        let urlset = |ns: &[usize]| {
            let urls: String = ns
                .iter()
                .map(|n| {
                    format!(
                        "<url><loc>{base}/berita/{n}.html</loc><news:news><news:publication><news:name>Kabar Nusa</news:name>\
                         <news:language>id</news:language></news:publication><news:publication_date>2024-03-05T10:00:00+07:00</news:publication_date>\
                         <news:title>{}</news:title></news:news></url>",
                        news::title(*n)
                    )
                })
                .collect();
            format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">{urls}</urlset>")
        };
        match req.path.as_str() {
            "/sitemap_news.xml" => Response::ok("application/xml", urlset(&[1, 2])),
            "/sitemap_index.xml" => Response::ok(
                "application/xml",
                format!("<sitemapindex><sitemap><loc>{base}/s1.xml</loc><lastmod>2024-03-05</lastmod></sitemap></sitemapindex>"),
            ),
            "/s1.xml" => Response::ok("application/xml", urlset(&[3])),
            path => match path.strip_prefix("/berita/").and_then(|p| p.strip_suffix(".html")) {
                Some(n) => Response::ok("text/html", news::page(base, n.parse().unwrap_or(0))),
                None => Response::status(404),
            },
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    let dir = DataDir::new("follow-sitemap");
    let added = ok(run(
        &dir.0,
        &["source", "add", &server.url("/sitemap_news.xml")],
    ));
    assert!(added.contains("(sitemap"), "{added}");
    ok(run(
        &dir.0,
        &["source", "add", &server.url("/sitemap_index.xml")],
    ));
    ok(run(&dir.0, &["run", "--once"]));
    let articles = lines(&ok(run(&dir.0, &["export", "articles"])));
    let mut titles: Vec<&str> = articles
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    titles.sort();
    let mut expected = vec![news::title(1), news::title(2), news::title(3)];
    expected.sort();
    assert_eq!(titles, expected);
}
