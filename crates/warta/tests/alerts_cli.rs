//! End to end: watch rules deliver stories once to a fake of the Telegram
//! Bot API, a webhook receiver (both real HTTP servers on 127.0.0.1) and an
//! Atom feed in the data folder.

mod common;

use common::news;
use common::server::{Request, Response, Server};
use common::{ok, warta, DataDir};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

#[test]
fn rules_deliver_each_story_once_to_telegram_webhooks_and_atom() {
    let count = Arc::new(AtomicUsize::new(3));
    let received = Arc::new(Mutex::new(Received::default()));
    let server = world(count.clone(), received.clone());
    let dir = DataDir::new("alerts-deliver");
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
    let dir = DataDir::new("alerts-toml");
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

#[test]
fn killed_during_delivery_nothing_is_lost_and_answered_messages_repeat_only_in_the_commit_window() {
    const KILLS: usize = 20;
    const CHATS: usize = 24;
    // A slow Bot API: each message takes 20 ms to be taken.
    // Every message the fake took, and those whose answer reached warta.
    let messages: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let (got, acked) = (messages.clone(), answered.clone());
    let server = Server::start(move |req: &Request| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let text = body["text"]
            .as_str()
            .or(body["caption"].as_str())
            .unwrap_or("")
            .to_string();
        let message = (body["chat_id"].to_string(), text);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let id = {
            let mut got = got.lock().unwrap();
            got.push(message.clone());
            got.len()
        };
        let acked = acked.clone();
        let mut response = Response::ok(
            "application/json",
            format!(r#"{{"ok":true,"result":{{"message_id":{id},"chat":{{"id":-1}}}}}}"#),
        );
        response.on_answered = Some(Box::new(move || acked.lock().unwrap().push(message)));
        response
    });
    let dir = DataDir::new("alerts-kill");
    for chat in 0..CHATS {
        ok(run(
            &dir.0,
            &server,
            &[
                "rule",
                "add",
                &format!("r{chat}"),
                "--to",
                &format!("telegram:@chat{chat:05}"),
            ],
        ));
    }
    // Stories from files: ingest queues their deliveries without sending.
    let pages = dir.0.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    for n in [1, 40, 77, 123, 250] {
        std::fs::write(
            pages.join(format!("{n}.html")),
            news::page("https://kabarnusa.example", n),
        )
        .unwrap();
    }
    ok(run(
        &dir.0,
        &server,
        &["ingest", "--quiet", pages.to_str().unwrap()],
    ));
    let status: serde_json::Value =
        serde_json::from_str(&ok(run(&dir.0, &server, &["status"]))).unwrap();
    let expected = status["counts"]["outbox"].as_u64().unwrap() as usize;
    assert_eq!(
        expected,
        CHATS * status["counts"]["stories"].as_u64().unwrap() as usize
    );

    // Kill the daemon at pseudo-random moments while it delivers.
    let mut seed = std::process::id() as u64;
    for _ in 0..KILLS {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut daemon = warta()
            .arg("--data-dir")
            .arg(&dir.0)
            .args(["--set", "telegram.rate_scale=1000"])
            .env("WARTA_TELEGRAM_TOKEN", "123:test")
            .env("WARTA_TELEGRAM_API_URL", server.url(""))
            .arg("run")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30 + (seed >> 33) % 120));
        daemon.kill().unwrap();
        daemon.wait().unwrap();
    }
    let sent_before_drain = messages.lock().unwrap().len();
    assert!(sent_before_drain > 0, "the kills came before any delivery");
    ok(run(&dir.0, &server, &["run", "--once"]));
    let status: serde_json::Value =
        serde_json::from_str(&ok(run(&dir.0, &server, &["status"]))).unwrap();
    assert_eq!(status["counts"]["outbox"], 0);
    let got = messages.lock().unwrap();
    let mut distinct = got.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), expected, "every delivery arrived");
    let resent = got.len() - distinct.len();
    // Sent again after the sink had answered: only a kill between reading
    // the answer and committing "sent" (one SQLite transaction) does that.
    let acked = answered.lock().unwrap();
    let mut acked_distinct = acked.clone();
    acked_distinct.sort();
    acked_distinct.dedup();
    let twice = acked.len() - acked_distinct.len();
    eprintln!(
        "{KILLS} SIGKILLs during delivery: {expected} deliveries, 0 lost, {twice} sent twice after an answer, \
         {resent} sent again that had never been answered ({sent_before_drain} reached the fake before the final pass)"
    );
    // Telegram has no idempotency key: a kill after its answer reached the
    // socket but before "sent" is committed repeats that one message. Each
    // kill can cost at most one.
    assert!(twice <= KILLS, "{twice} answered messages sent twice");
}

#[test]
fn updates_answer_the_first_message_with_the_new_outlets() {
    let received = Arc::new(Mutex::new(Received::default()));
    let server = world(Arc::new(AtomicUsize::new(0)), received.clone());
    let dir = DataDir::new("alerts-updates");
    ok(run(
        &dir.0,
        &server,
        &[
            "rule",
            "add",
            "ikuti",
            "--updates",
            "--to",
            "telegram:@updates_chan",
        ],
    ));
    let pages = dir.0.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(
        pages.join("first.html"),
        news::page("https://kabarnusa.example", 7),
    )
    .unwrap();
    ok(run(
        &dir.0,
        &server,
        &["ingest", "--quiet", pages.to_str().unwrap()],
    ));
    ok(run(&dir.0, &server, &["run", "--once"]));
    assert_eq!(received.lock().unwrap().telegram.len(), 1);
    // The same story from another outlet: an answer to the first message.
    std::fs::write(
        pages.join("copy.html"),
        news::page("https://lain.example", 7).replace("Kabar Nusa", "Warta Lain"),
    )
    .unwrap();
    ok(run(
        &dir.0,
        &server,
        &["ingest", "--quiet", pages.to_str().unwrap()],
    ));
    ok(run(&dir.0, &server, &["run", "--once"]));
    let got = received.lock().unwrap();
    assert_eq!(got.telegram.len(), 2, "{:?}", got.telegram);
    let update = &got.telegram[1];
    assert_eq!(update["reply_parameters"]["message_id"], 1, "{update}");
    assert!(
        update["text"].as_str().unwrap().contains("Pembaruan"),
        "{update}"
    );
}
