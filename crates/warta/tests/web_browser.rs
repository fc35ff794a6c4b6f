//! The web pages in headless Chromium: a store filled by the binary from
//! news sites on 127.0.0.1, `warta serve` over it, and
//! `tests/browser/web.mjs` (playwright-core driving Debian's
//! `/usr/bin/chromium`) walking the pages: front page, a story, an
//! article, search, the RUS–PRK chart, logging in and adding a source
//! through the form, and a hostile article whose scripts must not run.
//!
//! Screenshots of each page land in `$WARTA_BROWSER_SCREENSHOTS`, else in
//! `browser-screenshots/` of the cargo target folder.
//!
//! Without node, Chromium or `tests/browser/node_modules` (`npm ci` there)
//! the test says why and passes, unless `WARTA_REQUIRE_BROWSER=1` (as
//! `.ci/run` sets it), when it fails.

mod common;

use common::web::{filled_store, news_sites, Serve, FORM_FEED, TOKEN};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("WARTA_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Why the browser test cannot run here, if it cannot.
fn missing() -> Option<String> {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Some("node is not installed".into()),
    }
    if !chromium().exists() {
        return Some(format!(
            "{} is missing (apt-get install chromium)",
            chromium().display()
        ));
    }
    if !browser_dir()
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        return Some(format!(
            "playwright-core is not installed: run `npm ci` in {}",
            browser_dir().display()
        ));
    }
    None
}

fn screenshots_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WARTA_BROWSER_SCREENSHOTS") {
        return PathBuf::from(dir);
    }
    // CARGO_TARGET_TMPDIR is TARGET/tmp.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join("browser-screenshots")
}

fn get_json(url: &str) -> serde_json::Value {
    let response = reqwest::blocking::get(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.json().unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn pages_in_headless_chromium() {
    if let Some(why) = missing() {
        if std::env::var("WARTA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("the browser test cannot run: {why} (WARTA_REQUIRE_BROWSER=1)");
        }
        eprintln!("web_browser: skipped: {why} (set WARTA_REQUIRE_BROWSER=1 to fail instead)");
        return;
    }
    let sites = news_sites();
    let dir = filled_store("web-browser", &sites);
    let server = Serve::start(&dir.0, Some(TOKEN), &[]);

    // The hostile article, as search finds it.
    let found = get_json(&server.url("/api/search?q=peretas"));
    let hostile = found["items"][0]["article_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the hostile article is searchable: {found}"));

    let out_dir = screenshots_dir();
    let _ = std::fs::remove_dir_all(&out_dir);
    let mut child = Command::new("node")
        .current_dir(browser_dir())
        .arg("web.mjs")
        .args(["--base", &server.base])
        .args(["--token", TOKEN])
        .arg("--out")
        .arg(&out_dir)
        .args(["--feed", &sites.url(FORM_FEED)])
        .args(["--hostile", &format!("/articles/{hostile}")])
        .env("WARTA_CHROMIUM", chromium())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node starts");
    // The whole walk takes seconds; a hung browser must not hang the test.
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(240) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}");
    assert!(
        output.status.success(),
        "the browser checks failed ({}):\n{stdout}\n{stderr}\n--- warta serve:\n{}",
        output.status,
        server.stderr.lock().unwrap()
    );
    assert!(stdout.contains("# all browser checks passed"), "{stdout}");
    for name in [
        "01-front",
        "02-story",
        "03-article",
        "04-search",
        "05-pair",
        "06-login",
        "07-sources",
        "08-hostile",
        "09-hostile-no-csp",
    ] {
        let png = out_dir.join(format!("{name}.png"));
        let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{} is a PNG", png.display());
    }
    eprintln!("web_browser: screenshots in {}", out_dir.display());

    // The source added through the form is in the store.
    let sources = get_json(&server.url("/api/sources?limit=200"));
    let feed = sites.url(FORM_FEED);
    assert!(
        sources["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["url"] == feed.as_str()),
        "{sources}"
    );
}
