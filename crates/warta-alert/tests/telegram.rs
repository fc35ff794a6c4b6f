//! Telegram delivery against the fake Bot API in `support/`.

mod support;

use std::time::Duration;
use support::{story, validate_html, Failure, Fake, TOKEN};
use warta_alert::message::{CAPTION_LIMIT, TEXT_LIMIT};
use warta_alert::{
    telegram_message, telegram_update, DeliveryError, Limits, Rate, RetryPolicy, TelegramClient,
    TelegramConfig, Ui,
};

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 4,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        max_wait: Duration::from_secs(5),
    }
}

/// Limits scaled up so tests run quickly.
fn fast_limits() -> Limits {
    Limits {
        per_bot: Rate::new(1000, Duration::from_secs(1)),
        per_chat: Rate::new(1000, Duration::from_secs(1)),
        per_group: Rate::new(1000, Duration::from_secs(1)),
    }
}

fn client(fake: &Fake, limits: Limits) -> TelegramClient {
    let mut c = TelegramConfig::new(fake.base_url.clone(), TOKEN);
    c.limits = limits;
    c.retry = fast_retry();
    c.timeout = Duration::from_secs(10);
    TelegramClient::new(c).unwrap()
}

const HOSTILE: &str = "<script>alert('x')</script> Tom & Jerry \"quoted\" <b>not bold</b> &amp; <a href=\"javascript:x\">";

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_is_escaped_and_accepted() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    let mut s = story(HOSTILE, HOSTILE);
    s.articles[0].outlet = Some("<Evil & Co>".into());
    let msg = telegram_message(&s, Ui::Both);
    let sent = tg.send("@wartatest", &msg, "delivery-1").await.unwrap();
    assert!(!sent.plain_fallback);
    assert_eq!(sent.idempotency_key, "delivery-1");
    let got = fake.accepted("sendMessage");
    assert_eq!(got.len(), 1);
    let text = got[0].body["text"].as_str().unwrap();
    assert!(
        text.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{text}"
    );
    assert!(text.contains("Tom &amp; Jerry &quot;quoted&quot;"));
    assert!(text.contains("&amp;amp;"));
    assert!(text.contains("&lt;Evil &amp; Co&gt;"));
    assert!(!text.contains("<script"));
    assert_eq!(got[0].body["parse_mode"], "HTML");
    assert_eq!(
        got[0].body["link_preview_options"]["url"],
        "https://kabarnusa.example/berita/putin-kim"
    );
    // The message shows what the issue asks.
    assert!(
        text.contains("Rusia — Korea Utara: bertemu / meet"),
        "{text}"
    );
    assert!(text.contains("Kabar Nusa") || text.contains("Evil"));
    assert!(text.contains("Wire (en)"), "{text}");
    assert!(text.contains("2025-02-19 21:20 UTC+07:00"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn long_text_is_cut_at_a_word_within_4096() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    // Many outlets, long words with entities, and emoji (2 UTF-16 units).
    let word = "a&b<c> 😀kata ";
    let mut s = story(&word.repeat(500), &word.repeat(2000));
    for i in 0..300 {
        let mut a = s.articles[1].clone();
        a.outlet = Some(format!("Outlet {i} {}", "&<>".repeat(30)));
        s.articles.push(a);
    }
    let msg = telegram_message(&s, Ui::Id);
    let n = validate_html(&msg.text_html).unwrap();
    assert!(n <= TEXT_LIMIT, "{n}");
    assert!(msg.text_plain.encode_utf16().count() <= TEXT_LIMIT);
    tg.send("-1001", &msg, "k").await.unwrap();
    assert_eq!(fake.accepted("sendMessage").len(), 1);

    // A single long lead: cut at a word with "…", tags closed.
    let lead = "kata ".repeat(3000);
    let s = story("Judul", &lead);
    let html = warta_alert::html::truncate_html(&format!("<b>{lead}</b>"), TEXT_LIMIT);
    assert!(html.ends_with("kata…</b>"), "{}", &html[html.len() - 20..]);
    assert!(validate_html(&html).unwrap() <= TEXT_LIMIT);
    let msg = telegram_message(&s, Ui::En);
    assert!(validate_html(&msg.text_html).is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn photo_caption_within_1024() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    let mut s = story(
        &"Judul panjang & <rumit> ".repeat(40),
        &"Kalimat pertama. ".repeat(200),
    );
    s.articles[0].image = Some("https://kabarnusa.example/img/a.jpg".into());
    let msg = telegram_message(&s, Ui::Id);
    let cap = msg.caption_html.as_deref().unwrap();
    assert!(validate_html(cap).unwrap() <= CAPTION_LIMIT);
    let sent = tg.send("@wartatest", &msg, "k").await.unwrap();
    assert!(sent.photo);
    let got = fake.accepted("sendPhoto");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body["photo"], "https://kabarnusa.example/img/a.jpg");

    // An image Telegram can't fetch: the text goes instead.
    fake.fail(Some("sendPhoto"), Failure::BadPhoto);
    let sent = tg.send("@wartatest", &msg, "k2").await.unwrap();
    assert!(!sent.photo);
    assert_eq!(fake.accepted("sendMessage").len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_requests_waits_retry_after_then_succeeds() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    fake.fail(None, Failure::TooMany { retry_after: 1 });
    let t = std::time::Instant::now();
    tg.send("42", &telegram_message(&story("a", "b"), Ui::Id), "k")
        .await
        .unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1));
    let r = fake.records();
    assert_eq!(r.len(), 2);
    assert!(r[1].at - r[0].at >= Duration::from_secs(1));

    // Longer than the policy waits: handed back with the wait.
    fake.fail(None, Failure::TooMany { retry_after: 600 });
    let e = tg
        .send("42", &telegram_message(&story("a", "b"), Ui::Id), "k")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        DeliveryError::Transient {
            retry_after: Some(Duration::from_secs(600)),
            detail: "sendMessage: Telegram 429: Too Many Requests: retry after 600".into()
        }
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_retried_then_handed_back() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    let msg = telegram_message(&story("a", "b"), Ui::Id);
    fake.fail(None, Failure::ServerError(502));
    fake.fail(None, Failure::ServerError(500));
    tg.send("42", &msg, "k").await.unwrap();
    assert_eq!(fake.records().len(), 3);
    for _ in 0..4 {
        fake.fail(None, Failure::ServerError(500));
    }
    let e = tg.send("42", &msg, "k").await.unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    assert_eq!(fake.records().len(), 7);
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_html_falls_back_to_plain_text() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    fake.fail(None, Failure::CantParse);
    let s = story("Tom & Jerry <3", "Satu. Dua. Tiga.");
    let sent = tg
        .send("42", &telegram_message(&s, Ui::Id), "k")
        .await
        .unwrap();
    assert!(sent.plain_fallback);
    let got = fake.accepted("sendMessage");
    assert_eq!(got.len(), 1);
    assert!(got[0].body.get("parse_mode").is_none());
    let text = got[0].body["text"].as_str().unwrap();
    assert!(text.starts_with("Tom & Jerry <3\n"), "{text}");
    assert!(
        text.contains("Satu. Dua.") && !text.contains("Tiga"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_marks_the_sink_broken_without_retrying() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    fake.fail(None, Failure::Forbidden);
    let e = tg
        .send(
            "@wartatest",
            &telegram_message(&story("a", "b"), Ui::Id),
            "k",
        )
        .await
        .unwrap_err();
    assert!(matches!(e, DeliveryError::SinkBroken { .. }), "{e:?}");
    assert_eq!(fake.records().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn migration_is_followed_and_reported() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    fake.fail(None, Failure::Migrate(-1009876543210));
    let sent = tg
        .send("-12345", &telegram_message(&story("a", "b"), Ui::Id), "k")
        .await
        .unwrap();
    assert_eq!(sent.migrated_to, Some(-1009876543210));
    assert_eq!(sent.chat_id, -1009876543210);
    let got = fake.accepted("sendMessage");
    assert_eq!(got[0].body["chat_id"], -1009876543210i64);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_token_is_permanent() {
    let fake = Fake::start().await;
    let mut c = TelegramConfig::new(fake.base_url.clone(), "1:wrong");
    c.retry = fast_retry();
    let tg = TelegramClient::new(c).unwrap();
    let e = tg.check("@wartatest").await.unwrap_err();
    assert!(matches!(e, DeliveryError::Permanent { .. }), "{e:?}");
    // The token never shows in errors or Debug output.
    assert!(!format!("{e} {tg:?}").contains("wrong"));
}

#[tokio::test(flavor = "multi_thread")]
async fn check_reports_whether_the_bot_may_post() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    let r = tg.check("@wartatest").await.unwrap();
    assert_eq!(r.bot_username, "warta_test_bot");
    assert!(r.can_post, "{r:?}");
    fake.set_member("channel", "administrator", false);
    let r = tg.check("@wartatest").await.unwrap();
    assert!(!r.can_post);
    assert!(r.problem.unwrap().contains("right to post"));
    fake.set_member("supergroup", "left", false);
    let r = tg.check("-100777").await.unwrap();
    assert!(!r.can_post);
    assert_eq!(r.chat_id, Some(-100777));
}

#[tokio::test(flavor = "multi_thread")]
async fn updates_edit_or_reply() {
    let fake = Fake::start().await;
    let tg = client(&fake, fast_limits());
    let mut s = story("Putin bertemu Kim", "Lead.");
    let first = tg
        .send("@wartatest", &telegram_message(&s, Ui::Id), "d1")
        .await
        .unwrap();
    let mut late = s.articles[1].clone();
    late.outlet = Some("Harian <Baru>".into());
    late.url = "https://baru.example/a?x=1&y=2".into();
    s.articles.push(late.clone());
    tg.edit(
        "@wartatest",
        first.message_id,
        first.photo,
        &telegram_message(&s, Ui::Id),
    )
    .await
    .unwrap();
    let e = fake.accepted("editMessageText");
    assert_eq!(e[0].body["message_id"], first.message_id);
    assert!(e[0].body["text"]
        .as_str()
        .unwrap()
        .contains("Harian &lt;Baru&gt;"));
    let reply = telegram_update(&s, &[late], Ui::Id);
    tg.reply("@wartatest", first.message_id, &reply, "d2")
        .await
        .unwrap();
    let m = fake.accepted("sendMessage");
    assert_eq!(
        m[1].body["reply_parameters"]["message_id"],
        first.message_id
    );
    assert!(m[1].body["text"]
        .as_str()
        .unwrap()
        .contains("href=\"https://baru.example/a?x=1&amp;y=2\""));
}

/// Sends `per_chat` messages to each of `chats` chats, one task per chat,
/// and checks server-side that no window ever held more than its limit and
/// that each chat's messages arrived in order.
async fn run_limited(
    limits: Limits,
    chats: &[&str],
    per_chat: usize,
) -> (Duration, Vec<support::Recorded>) {
    let fake = Fake::start().await;
    let tg = client(&fake, limits);
    let t = std::time::Instant::now();
    let mut tasks = Vec::new();
    for chat in chats {
        let tg = tg.clone();
        let chat = chat.to_string();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_chat {
                let msg = telegram_message(&story(&format!("{chat} #{i}"), "lead"), Ui::Id);
                tg.send(&chat, &msg, &format!("{chat}-{i}")).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let took = t.elapsed();
    let recs = fake.accepted("sendMessage");
    assert_eq!(recs.len(), chats.len() * per_chat);
    // Order per chat.
    for chat in chats {
        let titles: Vec<String> = recs
            .iter()
            .filter(|r| {
                r.body["text"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("<b>{chat} #"))
            })
            .map(|r| r.body["text"].as_str().unwrap().to_string())
            .collect();
        let want: Vec<String> = (0..per_chat)
            .map(|i| format!("<b>{chat} #{i}</b>"))
            .collect();
        let got: Vec<String> = titles
            .iter()
            .map(|t| t.split('\n').next().unwrap().to_string())
            .collect();
        assert_eq!(got, want);
    }
    (took, recs)
}

/// The most arrivals in any window of `per`, less a slack for the way
/// between the limiter and the server: a request the limiter let go on
/// time can reach the server late on a loaded machine while the next one
/// arrives promptly. The slack grows with the window (a fifth of it, at
/// least 15 ms) so that a limiter without the bot limit (twice the
/// arrivals) or without a chat limit still fails.
fn max_in_window(times: &[tokio::time::Instant], per: Duration) -> usize {
    let slack = (per / 5).max(Duration::from_millis(15));
    let w = per.saturating_sub(slack);
    let mut t = times.to_vec();
    t.sort();
    (0..t.len())
        .map(|i| t[i..].iter().take_while(|&&x| x - t[i] < w).count())
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limits_hold_server_side_and_keep_order() {
    // Telegram's limits scaled: 30/s -> 30 per 300 ms, 1/s per chat -> 1 per
    // 30 ms, 20/min per group -> 20 per 600 ms.
    let limits = Limits {
        per_bot: Rate::new(30, Duration::from_millis(300)),
        per_chat: Rate::new(1, Duration::from_millis(30)),
        per_group: Rate::new(20, Duration::from_millis(600)),
    };
    let chats = ["@chan_one", "@chan_two", "-1003", "-1004", "5", "6"];
    let (took, recs) = run_limited(limits, &chats, 25).await;
    let all: Vec<_> = recs.iter().map(|r| r.at).collect();
    assert!(max_in_window(&all, limits.per_bot.per) <= 30, "bot window");
    for chat in chats {
        let key = support_chat_key(chat);
        let mine: Vec<_> = recs
            .iter()
            .filter(|r| r.body["chat_id"] == key)
            .map(|r| r.at)
            .collect();
        assert_eq!(mine.len(), 25);
        assert!(
            max_in_window(&mine, limits.per_chat.per) <= 1,
            "chat {chat}"
        );
        if chat.starts_with(['@', '-']) {
            assert!(
                max_in_window(&mine, limits.per_group.per) <= 20,
                "group {chat}"
            );
        }
    }
    // 150 messages at 30 per 300 ms need at least 4 full windows; each group
    // needs one 600 ms wait for its last 5.
    assert!(took >= Duration::from_millis(1200), "{took:?}");
    eprintln!("150 messages, 6 chats, scaled limits: {took:?}");
}

fn support_chat_key(chat: &str) -> serde_json::Value {
    chat.parse::<i64>()
        .map_or_else(|_| serde_json::Value::from(chat), serde_json::Value::from)
}

/// The figure for the report: 1,000 messages at 20/s (per bot and per
/// chat) through the fake. Run with `--ignored`; takes about 50 s.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn figure_1000_messages_at_20_per_second() {
    let limits = Limits {
        per_bot: Rate::new(20, Duration::from_secs(1)),
        per_chat: Rate::new(20, Duration::from_secs(1)),
        per_group: Rate::new(1000, Duration::from_secs(1)),
    };
    let (took, recs) = run_limited(limits, &["@figure"], 1000).await;
    let all: Vec<_> = recs.iter().map(|r| r.at).collect();
    assert!(max_in_window(&all, Duration::from_secs(1)) <= 20);
    eprintln!("1000 messages at 20/s: {took:?}");
}

/// The figure for the report: 60 messages to one channel at Telegram's
/// default limits (20/min). Run with `--ignored`; takes about 2 minutes.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn figure_60_messages_at_20_per_minute() {
    let (took, recs) = run_limited(Limits::default(), &["@figure"], 60).await;
    let all: Vec<_> = recs.iter().map(|r| r.at).collect();
    assert!(max_in_window(&all, Duration::from_secs(60)) <= 20);
    eprintln!("60 messages to one channel at 20/min: {took:?}");
}
