//! End to end: several `warta run` workers share one PostgreSQL store and
//! follow 50 sources served by a real HTTP server on 127.0.0.1.
//!
//! Each source reports four of 50 real stories; every story is reported by
//! four sources (near-copies of one text), so the reports of one story
//! reach the two workers at about the same time. A rule sends every story
//! to a webhook on the same server.
//!
//! These tests need the PostgreSQL server `WARTA_TEST_POSTGRES_URL` names
//! (`.ci/postgres.sh` starts one); each creates its own database. Without
//! that URL they say they were skipped, unless `WARTA_REQUIRE_POSTGRES=1`,
//! where they fail.

mod common;

use common::server::{Request, Response, Server};
use common::{ok, warta, DataDir};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SOURCES: usize = 50;
const PER_SOURCE: usize = 4;
const STORIES: usize = 50;
const ARTICLES: usize = SOURCES * PER_SOURCE;

const CITIES: [&str; STORIES] = [
    "Ambon",
    "Balikpapan",
    "Banda Aceh",
    "Bandar Lampung",
    "Banjarmasin",
    "Batam",
    "Bekasi",
    "Bengkulu",
    "Bitung",
    "Blitar",
    "Bogor",
    "Bukittinggi",
    "Cilegon",
    "Cirebon",
    "Denpasar",
    "Depok",
    "Dumai",
    "Gorontalo",
    "Jambi",
    "Jayapura",
    "Kediri",
    "Kendari",
    "Kupang",
    "Langsa",
    "Lhokseumawe",
    "Lubuklinggau",
    "Madiun",
    "Magelang",
    "Malang",
    "Manado",
    "Mataram",
    "Mojokerto",
    "Padang",
    "Palangka Raya",
    "Palembang",
    "Palu",
    "Pangkalpinang",
    "Parepare",
    "Pekanbaru",
    "Pematangsiantar",
    "Pontianak",
    "Probolinggo",
    "Salatiga",
    "Samarinda",
    "Semarang",
    "Serang",
    "Sibolga",
    "Singkawang",
    "Sorong",
    "Sukabumi",
];

const FIRST: [&str; 10] = [
    "Agus", "Bambang", "Cahyo", "Dedi", "Eko", "Fajar", "Gilang", "Hendra", "Irfan", "Joko",
];

const TOPICS: [&str; STORIES] = [
    "banjir bandang",
    "harga beras",
    "vaksinasi campak",
    "tanah longsor",
    "kebakaran pasar",
    "pemadaman listrik",
    "kenaikan tarif air",
    "sengketa lahan",
    "kemacetan pelabuhan",
    "kelangkaan solar",
    "gempa bumi",
    "demam berdarah",
    "pencemaran sungai",
    "jembatan ambruk",
    "mogok angkot",
    "festival budaya",
    "penerimaan guru",
    "sampah plastik",
    "abrasi pantai",
    "kekeringan sawah",
    "wabah antraks",
    "bandara baru",
    "kereta cepat",
    "tambang ilegal",
    "pajak kendaraan",
    "gizi buruk",
    "rumah susun",
    "kuota haji",
    "stadion renovasi",
    "pupuk subsidi",
    "nelayan tradisional",
    "hutan mangrove",
    "kebocoran data",
    "pinjaman daring",
    "kredit usaha",
    "ojek daring",
    "bendungan jebol",
    "gunung meletus",
    "angin puting beliung",
    "rob pesisir",
    "penyelundupan satwa",
    "narkoba kampus",
    "tawuran pelajar",
    "listrik desa",
    "sinyal internet",
    "harga cabai",
    "minyak goreng",
    "gas elpiji",
    "air bersih",
    "jalan tol",
];

/// The two people of story `k`, named for it alone: a common first name
/// and a family name no other story has (the reports are written from one
/// template, so shared names would make two stories look alike to the
/// grouper, which is not what this test is about).
fn people(k: usize) -> (String, String) {
    (
        format!("{} {}", FIRST[k % 10], coined(k + 450)),
        format!("{} {}", FIRST[(k + 3) % 10], coined(k + 600)),
    )
}

/// The story report `(s, j)` tells: each story is told by four sources.
fn story_of(s: usize, j: usize) -> usize {
    (s * PER_SOURCE + j) % STORIES
}

fn title(k: usize) -> String {
    let (a, _) = people(k);
    format!("{a} Tinjau Penanganan {} di {}", TOPICS[k], CITIES[k])
}

/// A made-up name, one for each `n`: three syllables.
fn coined(n: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "ri", "mu", "to", "se", "la", "no", "wi", "be", "gu", "da", "pe", "ro", "si", "ta",
        "ho", "ne", "ju", "ma", "lo",
    ];
    let name: String = [n % 20, n / 20 % 20, (n * 7 + 3) % 20]
        .iter()
        .map(|&i| SYLLABLES[i])
        .collect();
    let mut chars = name.chars();
    let first = chars.next().unwrap().to_uppercase().to_string();
    first + chars.as_str()
}

fn paragraphs(k: usize) -> Vec<String> {
    let (a, b) = people(k);
    let (city, topic) = (CITIES[k], TOPICS[k]);
    let (village, firm, river) = (coined(k), coined(k + 150), coined(k + 300));
    vec![
        format!(
            "{city} — {a} meninjau {topic} di Desa {village}, {city}, bersama {b} dari PT {firm}."
        ),
        format!(
            "Menurut {a}, {topic} di {village} bermula dari luapan Sungai {river} sejak Senin."
        ),
        format!("\u{201c}Warga {village} butuh bantuan segera,\u{201d} ujar {b} di posko {city}."),
        format!("PT {firm} mengirim alat berat ke {village} dan tepian Sungai {river}."),
        format!(
            "Pemerintah {city} menetapkan status tanggap {topic} selama dua pekan untuk {village}."
        ),
    ]
}

/// Report `j` of source `s`: story `story_of(s, j)` as outlet `s` tells it.
fn page(base: &str, s: usize, j: usize) -> String {
    let k = story_of(s, j);
    let body: String = paragraphs(k)
        .iter()
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title} - Warta {s}</title>
<link rel="canonical" href="{base}/s/{s}/{j}.html">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Warta {s}">
<meta property="article:published_time" content="2024-03-06T{hh:02}:{mm:02}:00+07:00">
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="article-body">
{body}</div>
</article></main>
<footer><p>&copy; 2024 Warta {s}</p></footer>
</body></html>"#,
        title = title(k),
        hh = 6 + k % 12,
        mm = (s * 7 + j) % 60,
    )
}

fn feed(base: &str, s: usize) -> String {
    let items: String = (0..PER_SOURCE)
        .map(|j| {
            let k = story_of(s, j);
            format!(
                "<item><title>{}</title><link>{base}/s/{s}/{j}.html</link><guid isPermaLink=\"false\">warta-{s}-{j}</guid>\
                 <pubDate>Wed, 06 Mar 2024 {:02}:{:02}:00 +0700</pubDate><description>{}</description></item>\n",
                title(k),
                6 + k % 12,
                (s * 7 + j) % 60,
                paragraphs(k)[0]
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Warta {s}</title>\
         <link>{base}/</link><description>Berita</description><language>id</language>\n{items}</channel></rss>\n"
    )
}

/// What the webhook received: the story id of each POST.
type Hooks = Arc<Mutex<Vec<i64>>>;

/// The 50 feeds, their pages (each answered after `delay`) and the webhook.
fn world(delay: Duration, hooks: Hooks) -> Server {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        if req.path == "/hook" {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let story = body["story"]["id"]
                .as_i64()
                .or_else(|| body["story_id"].as_i64())
                .unwrap_or(-1);
            hooks.lock().unwrap().push(story);
            return Response::ok("application/json", "{}");
        }
        if let Some(s) = req
            .path
            .strip_prefix("/feeds/")
            .and_then(|p| p.strip_suffix(".xml"))
        {
            let s: usize = s.parse().unwrap_or(0);
            return Response::ok("application/rss+xml", feed(base, s));
        }
        let parts: Vec<usize> = req
            .path
            .strip_prefix("/s/")
            .and_then(|p| p.strip_suffix(".html"))
            .map(|p| p.split('/').filter_map(|n| n.parse().ok()).collect())
            .unwrap_or_default();
        match parts.as_slice() {
            [s, j] if *s < SOURCES && *j < PER_SOURCE => {
                Response::ok("text/html; charset=utf-8", page(base, *s, *j)).delayed(delay)
            }
            _ => Response::status(404),
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    server
}

/// A fresh database on the test server, dropped at the end; `None` (and a
/// line on stderr) when there is no test server.
struct Database {
    server: String,
    name: String,
    url: String,
}

fn psql(url: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args([
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `url` with its database path replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

impl Database {
    fn create(name: &str) -> Option<Database> {
        let Some(server) = std::env::var("WARTA_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("WARTA_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("WARTA_REQUIRE_POSTGRES=1 but WARTA_TEST_POSTGRES_URL is not set");
            }
            let _ = writeln!(
                std::io::stderr(),
                "skipped {name}: WARTA_TEST_POSTGRES_URL is not set"
            );
            return None;
        };
        let db = format!("ww_{}_{name}", std::process::id());
        psql(&server, &format!("DROP DATABASE IF EXISTS {db}"));
        psql(&server, &format!("CREATE DATABASE {db}"));
        let url = with_database(&server, &db);
        Some(Database {
            server,
            name: db,
            url,
        })
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if std::env::var("WARTA_KEEP_TEST_DB").is_err() {
            let _ = std::process::Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    &self.server,
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
                ])
                .output();
        }
    }
}

/// Settings for a server on this machine, on the test's store: loopback
/// allowed, short timeouts, every source due again within a second,
/// claims that run out after `lease`.
fn args(dir: &Path, store: &str, lease: &str) -> Vec<String> {
    let mut out = vec![
        "--data-dir".to_string(),
        dir.display().to_string(),
        "--store".into(),
        store.into(),
    ];
    for set in [
        "fetch.allow_private=true",
        "fetch.host_delay=0",
        "fetch.host_concurrency=32",
        "fetch.timeout=3s",
        "fetch.retries=1",
        "fetch.max_fetch_time=6s",
        "follow.min_interval=1s",
        "follow.max_interval=1s",
        &format!("follow.claim_lease={lease}"),
    ] {
        out.push("--set".into());
        out.push(set.into());
    }
    out
}

fn run(dir: &Path, store: &str, extra: &[&str]) -> Output {
    warta()
        .args(args(dir, store, "3s"))
        .args(extra)
        .output()
        .unwrap()
}

/// Adds the 50 sources and a rule sending every story to the webhook.
fn set_up(dir: &Path, store: &str, server: &Server) {
    for s in 0..SOURCES {
        ok(run(
            dir,
            store,
            &[
                "source",
                "add",
                "--no-discover",
                &server.url(&format!("/feeds/{s}.xml")),
            ],
        ));
    }
    let hook = format!("webhook:{}", server.url("/hook"));
    ok(run(dir, store, &["rule", "add", "semua", "--to", &hook]));
}

/// A worker: `warta run --no-serve` with its own data folder, on the store.
fn start_worker(dir: &Path, store: &str, lease: &str) -> Child {
    std::fs::create_dir_all(dir).unwrap();
    warta()
        .args(args(dir, store, lease))
        .args(["run", "--no-serve"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn counts(dir: &Path, store: &str) -> serde_json::Value {
    let status: serde_json::Value =
        serde_json::from_str(&ok(run(dir, store, &["status"]))).unwrap();
    status["counts"].clone()
}

/// Waits until every entry is stored and placed and every delivery sent.
fn wait_until_done(dir: &Path, db: &Database, hooks: &Hooks, workers: &mut [&mut Child]) {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        for w in workers.iter_mut() {
            if let Some(status) = w.try_wait().unwrap() {
                panic!("a worker stopped early: {status}");
            }
        }
        let c = counts(dir, &db.url);
        let unplaced: u64 = psql(
            &db.url,
            "SELECT COUNT(*) FROM articles WHERE story_id IS NULL",
        )
        .parse()
        .unwrap();
        let pending_deliveries: u64 = psql(
            &db.url,
            "SELECT COUNT(*) FROM deliveries WHERE state <> 'sent'",
        )
        .parse()
        .unwrap();
        if c["articles"] == ARTICLES
            && c["pending"] == 0
            && unplaced == 0
            && pending_deliveries == 0
            && c["stories"]
                .as_u64()
                .is_some_and(|n| hooks.lock().unwrap().len() as u64 >= n)
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not done in time: {c}, {unplaced} unplaced, {pending_deliveries} deliveries waiting, {} webhooks",
            hooks.lock().unwrap().len()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn stop(mut worker: Child) -> String {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(60);
    while worker.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "a worker did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = worker.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Every report stored once, one story per real story, each story sent
/// once (or sent again, at most `resent` times in all: a worker killed
/// after the endpoint answered and before it recorded the delivery; a
/// webhook has no idempotency key); returns how often each page was
/// fetched.
fn check_store(
    dir: &Path,
    db: &Database,
    server: &Server,
    hooks: &Hooks,
    resent: usize,
) -> Vec<u64> {
    let articles: Vec<serde_json::Value> = ok(run(dir, &db.url, &["export", "articles"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), ARTICLES);
    let mut urls: Vec<&str> = articles
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), ARTICLES, "one article per report");
    // Real story -> stored stories, and stored story -> real stories.
    let mut real_to_stored: BTreeMap<usize, BTreeSet<i64>> = BTreeMap::new();
    let mut stored_to_real: BTreeMap<i64, BTreeSet<usize>> = BTreeMap::new();
    for a in &articles {
        let url = a["url"].as_str().unwrap();
        let parts: Vec<usize> = url
            .rsplit("/s/")
            .next()
            .unwrap()
            .trim_end_matches(".html")
            .split('/')
            .map(|n| n.parse().unwrap())
            .collect();
        let real = story_of(parts[0], parts[1]);
        let stored = a["story"]
            .as_i64()
            .unwrap_or_else(|| panic!("{url} has no story"));
        real_to_stored.entry(real).or_default().insert(stored);
        stored_to_real.entry(stored).or_default().insert(real);
    }
    let split: Vec<_> = real_to_stored.iter().filter(|(_, s)| s.len() > 1).collect();
    let merged: Vec<_> = stored_to_real.iter().filter(|(_, r)| r.len() > 1).collect();
    assert!(
        split.is_empty() && merged.is_empty(),
        "one story per real story: split {split:?}, merged {merged:?}"
    );
    assert_eq!(stored_to_real.len(), STORIES);
    let story_rows: usize = psql(&db.url, "SELECT COUNT(*) FROM stories")
        .parse()
        .unwrap();
    assert_eq!(story_rows, STORIES, "no empty or extra stories");
    // Every delivery sent once: one webhook POST per story.
    let got = hooks.lock().unwrap().clone();
    let mut per_story: HashMap<i64, usize> = HashMap::new();
    for s in &got {
        *per_story.entry(*s).or_default() += 1;
    }
    let twice: Vec<_> = per_story.iter().filter(|(_, n)| **n > 1).collect();
    let again: usize = per_story.values().map(|n| n - 1).sum();
    assert!(again <= resent, "stories sent twice: {twice:?}");
    assert_eq!(per_story.len(), STORIES, "{got:?}");
    let sent: usize = psql(
        &db.url,
        "SELECT COUNT(*) FROM deliveries WHERE state = 'sent'",
    )
    .parse()
    .unwrap();
    assert_eq!(sent, STORIES, "each delivery sent");
    let first: usize = psql(
        &db.url,
        "SELECT COUNT(*) FROM deliveries WHERE state = 'sent' AND attempts = 1",
    )
    .parse()
    .unwrap();
    assert!(
        first + resent >= STORIES,
        "each delivery sent at its first attempt, but for those a dead worker held: {first}"
    );
    // Every entry done, at its first attempt unless a worker died with it.
    assert_eq!(
        psql(&db.url, "SELECT COUNT(*) FROM items WHERE state <> 'done'"),
        "0"
    );
    (0..SOURCES)
        .flat_map(|s| (0..PER_SOURCE).map(move |j| (s, j)))
        .map(|(s, j)| server.hits(&format!("/s/{s}/{j}.html")))
        .collect()
}

#[test]
fn two_workers_share_fifty_sources_each_entry_and_delivery_once() {
    let Some(db) = Database::create("two") else {
        return;
    };
    let hooks: Hooks = Arc::default();
    let server = world(Duration::from_millis(10), hooks.clone());
    let dir = DataDir::new("workers-two");
    set_up(&dir.0, &db.url, &server);
    let mut a = start_worker(&dir.0.join("a"), &db.url, "30s");
    let mut b = start_worker(&dir.0.join("b"), &db.url, "30s");
    wait_until_done(&dir.0, &db, &hooks, &mut [&mut a, &mut b]);
    // A moment for anything left to show itself (a second send, say).
    std::thread::sleep(Duration::from_secs(1));
    let (log_a, log_b) = (stop(a), stop(b));
    let hits = check_store(&dir.0, &db, &server, &hooks, 0);
    assert!(
        hits.iter().all(|&h| h == 1),
        "each page fetched once: {hits:?}"
    );
    assert_eq!(
        psql(&db.url, "SELECT MAX(attempts) FROM items"),
        "1",
        "each entry processed once"
    );
    // Both took part.
    let by_worker = psql(
        &db.url,
        "SELECT COUNT(DISTINCT claimed_by) FROM items WHERE claimed_by IS NOT NULL",
    );
    assert_eq!(by_worker, "2", "{log_a}\n{log_b}");
    // Both indexed what they stored into the database's own text search,
    // so a search from any data folder finds every report of a story (its
    // village's name is in no other story).
    let reports_of_story_0 = (0..SOURCES)
        .flat_map(|s| (0..PER_SOURCE).map(move |j| (s, j)))
        .filter(|&(s, j)| story_of(s, j) == 0)
        .count();
    let found = |dir: &Path| -> Vec<serde_json::Value> {
        ok(run(
            dir,
            &db.url,
            &["search", &coined(0), "--json", "--limit", "100"],
        ))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
    };
    let hits = found(&dir.0.join("elsewhere"));
    assert_eq!(hits.len(), reports_of_story_0, "{hits:?}");
    let story = &hits[0]["story"];
    assert!(hits.iter().all(|h| &h["story"] == story), "{hits:?}");
    assert!(hits.iter().all(|h| h["snippet"]
        .as_str()
        .unwrap()
        .contains(&format!("«{}", coined(0)))));
    // The server of a fourth data folder searches the same table.
    let web = common::web::Serve::start(&dir.0.join("web"), None, &["--store", &db.url]);
    let api: serde_json::Value =
        reqwest::blocking::get(web.url(&format!("/api/search?q={}&limit=100", coined(0))))
            .unwrap()
            .json()
            .unwrap();
    assert_eq!(
        api["items"].as_array().map(Vec::len),
        Some(reports_of_story_0),
        "{api}"
    );
    drop(web);
    // Rebuilt from the store, the index answers the same.
    ok(run(&dir.0, &db.url, &["reindex"]));
    assert_eq!(found(&dir.0).len(), reports_of_story_0);
}

#[test]
fn a_worker_killed_mid_run_leaves_its_work_to_the_other() {
    let Some(db) = Database::create("kill") else {
        return;
    };
    let hooks: Hooks = Arc::default();
    let server = world(Duration::from_millis(40), hooks.clone());
    let dir = DataDir::new("workers-kill");
    set_up(&dir.0, &db.url, &server);
    let mut a = start_worker(&dir.0.join("a"), &db.url, "3s");
    let mut b = start_worker(&dir.0.join("b"), &db.url, "3s");
    // Kill one once part of the work is stored.
    let deadline = Instant::now() + Duration::from_secs(120);
    while counts(&dir.0, &db.url)["articles"].as_u64().unwrap() < 30 {
        assert!(Instant::now() < deadline, "the workers stored nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    a.kill().unwrap(); // SIGKILL
    a.wait().unwrap();
    let stored = counts(&dir.0, &db.url)["articles"].as_u64().unwrap();
    assert!(
        stored < ARTICLES as u64,
        "killed too late to test anything: {stored}"
    );
    wait_until_done(&dir.0, &db, &hooks, &mut [&mut b]);
    std::thread::sleep(Duration::from_secs(1));
    stop(b);
    let hits = check_store(&dir.0, &db, &server, &hooks, 2);
    // Only the entries in flight in the dead worker were fetched again.
    let again = hits.iter().filter(|&&h| h > 1).count();
    assert!(
        hits.iter().all(|&h| (1..=2).contains(&h)) && again <= 64,
        "pages fetched again: {again}: {hits:?}"
    );
}

/// Feed to store with 1, 2 and 4 workers on PostgreSQL and one on SQLite,
/// on the same pages (`common::sites::many_sources`); prints articles per
/// second and the store's size per 1,000 articles. `WARTA_BIN` may name a
/// release build to measure instead of the test's binary.
#[test]
#[ignore = "a measurement: cargo test -p warta --test workers measure -- --ignored --nocapture"]
fn measure_throughput_by_workers() {
    let sources: usize = std::env::var("WARTA_MEASURE_SOURCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let per_source = 50;
    let total = sources * per_source;
    let server = common::sites::many_sources(per_source, Duration::ZERO);
    let bin = std::env::var("WARTA_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_warta").into());
    let command = |dir: &Path, store: &str, extra: &[&str]| {
        let mut c = std::process::Command::new(&bin);
        c.args(args(dir, store, "60s")).args(extra);
        c
    };
    let setup = |dir: &Path, store: &str| {
        for s in 0..sources {
            let out = command(
                dir,
                store,
                &[
                    "source",
                    "add",
                    "--no-discover",
                    &server.url(&format!("/feeds/{s}.xml")),
                ],
            )
            .output()
            .unwrap();
            assert!(out.status.success());
        }
    };
    let timed = |dir: &Path, store: &str, workers: usize| -> f64 {
        let start = Instant::now();
        let children: Vec<Child> = (0..workers)
            .map(|w| {
                let d = dir.join(format!("w{w}"));
                std::fs::create_dir_all(&d).unwrap();
                command(&d, store, &["run", "--once", "--no-serve"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        start.elapsed().as_secs_f64()
    };
    let dir = DataDir::new("workers-measure");
    // SQLite, one process.
    let lite = dir.0.join("lite");
    std::fs::create_dir_all(&lite).unwrap();
    let lite_url = format!("sqlite:{}", lite.join("warta.db").display());
    setup(&lite, &lite_url);
    let secs = timed(&lite, &lite_url, 1);
    let size = std::fs::metadata(lite.join("warta.db")).unwrap().len()
        + std::fs::metadata(lite.join("warta.db-wal")).map_or(0, |m| m.len());
    println!(
        "sqlite, 1 process: {total} articles in {secs:.1} s = {:.1} articles/s; {:.2} MB per 1,000 articles",
        total as f64 / secs,
        size as f64 / 1e6 / (total as f64 / 1000.0)
    );
    for workers in [1, 2, 4] {
        let Some(db) = Database::create(&format!("measure{workers}")) else {
            return;
        };
        let d = dir.0.join(format!("pg{workers}"));
        std::fs::create_dir_all(&d).unwrap();
        setup(&d, &db.url);
        let secs = timed(&d, &db.url, workers);
        let stored: usize = psql(&db.url, "SELECT COUNT(*) FROM articles")
            .parse()
            .unwrap();
        assert_eq!(stored, total);
        psql(&db.url, "VACUUM ANALYZE");
        let bytes: f64 = psql(&db.url, "SELECT pg_database_size(current_database())")
            .parse()
            .unwrap();
        println!(
            "postgres, {workers} workers: {total} articles in {secs:.1} s = {:.1} articles/s; database {:.1} MB ({:.2} MB per 1,000 articles, empty schema included)",
            total as f64 / secs,
            bytes / 1e6,
            bytes / 1e6 / (total as f64 / 1000.0)
        );
    }
}
