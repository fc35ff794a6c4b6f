//! End to end: watch rules deliver stories once to a fake of the Telegram
//! Bot API, a webhook receiver (both real HTTP servers on 127.0.0.1) and an
//! Atom feed in the data folder.

mod common;

use common::news;
use common::server::{Request, Response, Server};
use common::warta;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

struct DataDir(PathBuf);

impl DataDir {
    fn new(name: &str) -> DataDir {
        let dir = std::env::temp_dir().join(format!("warta-alerts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the fake Bot API and the webhook receiver took.
#[derive(Default)]
struct Received {
    telegram: Vec<serde_json::Value>,
    webhooks: Vec<(Option<String>, serde_json::Value)>,
}

/// A news site (feed of `count` articles), a fake Bot API under `/bot...`
/// that refuses the chat `@gonechannel` with 403, and a webhook at `/hook`.
fn world(count: Arc<AtomicUsize>, received: Arc<Mutex<Received>>) -> Server {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        if req.path.starts_with("/bot") {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            if body["chat_id"] == "@gonechannel" {
                return Response::ok(
                    "application/json",
                    r#"{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the channel chat"}"#,
                )
                .status_code(403);
            }
            let mut got = received.lock().unwrap();
            got.telegram.push(body);
            let id = got.telegram.len();
            return Response::ok(
                "application/json",
                format!(r#"{{"ok":true,"result":{{"message_id":{id},"chat":{{"id":-1001}}}}}}"#),
            );
        }
        if req.path == "/hook" {
            let body = serde_json::from_slice(&req.body).unwrap_or_default();
            let signature = req.headers.get("x-warta-signature").cloned();
            received.lock().unwrap().webhooks.push((signature, body));
            return Response::ok("application/json", "{}");
        }
        if req.path == "/rss.xml" {
            return Response::ok(
                "application/rss+xml",
                news::feed(base, 1, count.load(Ordering::SeqCst)),
            );
        }
        match req
            .path
            .strip_prefix("/berita/")
            .and_then(|p| p.strip_suffix(".html"))
        {
            Some(n) => Response::ok("text/html", news::page(base, n.parse().unwrap_or(0))),
            None => Response::status(404),
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    server
}

fn run(dir: &Path, server: &Server, args: &[&str]) -> Output {
    warta()
        .arg("--data-dir")
        .arg(dir)
        .args([
            "--set",
            "fetch.allow_private=true",
            "--set",
            "fetch.host_delay=0",
            "--set",
            "follow.min_interval=0s",
            "--set",
            "follow.max_interval=0s",
            "--set",
            "telegram.rate_scale=1000",
        ])
        .env("WARTA_TELEGRAM_TOKEN", "123:test")
        .env("WARTA_TELEGRAM_API_URL", server.url(""))
        .env("WARTA_TEST_HOOK_SECRET", "rahasia")
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "warta failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn rules_deliver_each_story_once_to_telegram_webhooks_and_atom() {
    let count = Arc::new(AtomicUsize::new(3));
    let received = Arc::new(Mutex::new(Received::default()));
    let server = world(count.clone(), received.clone());
    let dir = DataDir::new("deliver");
    ok(run(
        &dir.0,
        &server,
        &["source", "add", "--no-discover", &server.url("/rss.xml")],
    ));
    let hook = format!("webhook:{}", server.url("/hook"));
    let added = ok(run(
        &dir.0,
        &server,
        &[
            "rule",
            "add",
            "semua",
            "--to",
            "telegram:@warta",
            "--to",
            "feed:berita",
            "--to",
            &hook,
            "--secret-env",
            "WARTA_TEST_HOOK_SECRET",
        ],
    ));
    assert!(added.contains("added rule"), "{added}");
    // A rule no story can match, and a chat the bot was removed from.
    ok(run(
        &dir.0,
        &server,
        &[
            "rule",
            "add",
            "mars",
            "--actor",
            "MARS",
            "--to",
            "telegram:@warta",
        ],
    ));
    ok(run(
        &dir.0,
        &server,
        &["rule", "add", "gone", "--to", "telegram:@gonechannel"],
    ));
    let bad = run(
        &dir.0,
        &server,
        &[
            "rule",
            "add",
            "bad",
            "--goldstein",
            "about 5",
            "--to",
            "telegram:@x",
        ],
    );
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("goldstein"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    let summary: serde_json::Value =
        serde_json::from_str(&ok(run(&dir.0, &server, &["run", "--once", "--json"]))).unwrap();
    let stories: Vec<serde_json::Value> = ok(run(&dir.0, &server, &["export", "stories"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = stories.len();
    assert!(n >= 1);
    {
        let got = received.lock().unwrap();
        assert_eq!(
            got.telegram.len(),
            n,
            "one message per story: {:?}",
            got.telegram
        );
        assert_eq!(got.webhooks.len(), n);
        for message in &got.telegram {
            assert_eq!(message["chat_id"], "@warta");
            assert_eq!(message["parse_mode"], "HTML");
        }
        for (signature, body) in &got.webhooks {
            let signature = signature.as_deref().unwrap_or("");
            assert!(
                signature.starts_with("sha256=") && signature.len() == 7 + 64,
                "{signature}"
            );
            assert!(body["story"]["id"].is_i64(), "{body}");
        }
    }
    assert_eq!(
        summary["delivered"].as_u64().unwrap() as usize,
        3 * n,
        "{summary}"
    );
    let atom = std::fs::read(dir.0.join("feeds/berita.atom")).unwrap();
    let feed = warta_sources::parse_feed(&atom, Some("application/atom+xml"), None).unwrap();
    assert_eq!(feed.items.len(), n);

    // The broken sink shows in the rule list, and its deliveries wait.
    let list = ok(run(&dir.0, &server, &["rule", "list"]));
    assert!(list.contains("BROKEN telegram:@gonechannel"), "{list}");
    assert!(ok(run(&dir.0, &server, &["status"])).contains(&format!("\"outbox\":{n}")));

    // Another pass, and a new report of a known story: nothing is sent again.
    ok(run(&dir.0, &server, &["run", "--once"]));
    assert_eq!(received.lock().unwrap().telegram.len(), n);
    // A new article starts or joins a story; only a new story is sent.
    count.store(4, Ordering::SeqCst);
    ok(run(&dir.0, &server, &["run", "--once"]));
    let stories_after = ok(run(&dir.0, &server, &["export", "stories"]))
        .lines()
        .count();
    assert_eq!(received.lock().unwrap().telegram.len(), stories_after);

    let test = ok(run(&dir.0, &server, &["rule", "test", "semua"]));
    assert!(
        test.contains(&format!("matches {stories_after} stored stories")),
        "{test}"
    );
    let test = ok(run(&dir.0, &server, &["rule", "test", "mars"]));
    assert!(test.contains("matches 0 stored stories"), "{test}");
}

#[test]
fn rules_in_warta_toml_join_the_stored_ones() {
    let received = Arc::new(Mutex::new(Received::default()));
    let server = world(Arc::new(AtomicUsize::new(1)), received);
    let dir = DataDir::new("toml");
    std::fs::write(
        dir.0.join("warta.toml"),
        "[[rule]]\nname = \"rusia\"\nactors = [\"RUS\"]\nevents = [\"04\"]\nto = [\"feed:rusia\"]\n",
    )
    .unwrap();
    let list = ok(run(&dir.0, &server, &["rule", "list", "--json"]));
    assert!(list.contains("\"name\":\"rusia\""), "{list}");
    std::fs::write(
        dir.0.join("warta.toml"),
        "[[rule]]\nname = \"x\"\nto = [\"pigeon:home\"]\n",
    )
    .unwrap();
    let bad = run(&dir.0, &server, &["rule", "list"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("pigeon"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
