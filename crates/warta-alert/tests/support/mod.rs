//! A fake Telegram Bot API and webhook receiver: a real HTTP/1.1 server on
//! 127.0.0.1 that checks requests as Telegram does (HTML entity rules,
//! length limits after entity parsing), records them with the instant they
//! arrived, and answers with scripted failures when told to.
#![allow(dead_code)] // each test file uses a different part

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

pub const TOKEN: &str = "123456:TEST-token";

/// A failure the fake answers with, once, to the next call of a method
/// (any method but getMe when `method` is None).
#[derive(Debug, Clone)]
pub enum Failure {
    TooMany {
        retry_after: u64,
    },
    ServerError(u16),
    CantParse,
    Forbidden,
    Migrate(i64),
    BadPhoto,
    /// For the webhook: an HTTP status, with a Retry-After when given.
    Http {
        status: u16,
        retry_after: Option<u64>,
    },
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub body: Value,
    pub raw: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
    /// What the fake answered.
    pub status: u16,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    failures: VecDeque<(Option<String>, Failure)>,
    records: Vec<Recorded>,
    next_id: i64,
    webhook_secret: Option<Vec<u8>>,
    chat_type: String,
    member_status: String,
    can_post: bool,
}

#[derive(Clone)]
pub struct Fake {
    pub base_url: String,
    state: Arc<Mutex<State>>,
}

impl Fake {
    pub async fn start() -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            next_id: 1,
            chat_type: "channel".into(),
            member_status: "administrator".into(),
            can_post: true,
            ..State::default()
        }));
        let st = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    break;
                };
                let st = st.clone();
                tokio::spawn(async move {
                    let _ = serve(sock, st).await;
                });
            }
        });
        Fake {
            base_url: format!("http://{addr}"),
            state,
        }
    }

    pub fn fail(&self, method: Option<&str>, f: Failure) {
        self.state
            .lock()
            .unwrap()
            .failures
            .push_back((method.map(str::to_string), f));
    }

    pub fn set_webhook_secret(&self, s: &[u8]) {
        self.state.lock().unwrap().webhook_secret = Some(s.to_vec());
    }

    pub fn set_member(&self, chat_type: &str, status: &str, can_post: bool) {
        let mut s = self.state.lock().unwrap();
        s.chat_type = chat_type.into();
        s.member_status = status.into();
        s.can_post = can_post;
    }

    pub fn records(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().records.clone()
    }

    /// The requests Telegram accepted (status 200) for a method.
    pub fn accepted(&self, method: &str) -> Vec<Recorded> {
        self.records()
            .into_iter()
            .filter(|r| r.method == method && r.status == 200)
            .collect()
    }
}

async fn serve(mut sock: TcpStream, st: Arc<Mutex<State>>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        // Headers.
        let head_end = loop {
            if let Some(p) = find(&buf, b"\r\n\r\n") {
                break p;
            }
            let mut chunk = [0u8; 8192];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or("").to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let body_start = head_end + 4;
        while buf.len() < body_start + len {
            let mut chunk = [0u8; 65536];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body = buf[body_start..body_start + len].to_vec();
        buf.drain(..body_start + len);
        let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
        let at = Instant::now();
        let (status, extra, answer) = handle(&st, &path, &headers, &body, at);
        let reason = if status == 200 { "OK" } else { "Error" };
        let resp = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: keep-alive\r\n\r\n{answer}",
            answer.len()
        );
        sock.write_all(resp.as_bytes()).await?;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn err(code: u16, description: &str) -> (u16, String, String) {
    (
        code,
        String::new(),
        json!({"ok": false, "error_code": code, "description": description}).to_string(),
    )
}

fn handle(
    st: &Mutex<State>,
    path: &str,
    headers: &[(String, String)],
    raw: &[u8],
    at: Instant,
) -> (u16, String, String) {
    let body: Value = serde_json::from_slice(raw).unwrap_or(Value::Null);
    let mut s = st.lock().unwrap();
    let (method, answer) = if let Some(rest) = path.strip_prefix("/hook") {
        let _ = rest;
        ("webhook".to_string(), webhook(&mut s, headers, raw))
    } else {
        let m = path
            .strip_prefix("/bot")
            .and_then(|p| p.split_once('/'))
            .map(|(tok, m)| (tok.to_string(), m.to_string()));
        match m {
            Some((tok, m)) if tok == TOKEN => {
                let a = telegram(&mut s, &m, &body);
                (m, a)
            }
            Some((_, m)) => (m, err(401, "Unauthorized")),
            None => ("?".into(), err(404, "Not Found")),
        }
    };
    s.records.push(Recorded {
        method,
        body,
        raw: raw.to_vec(),
        headers: headers.to_vec(),
        at,
        status: answer.0,
    });
    answer
}

fn take_failure(s: &mut State, method: &str) -> Option<Failure> {
    let i = s.failures.iter().position(|(m, _)| match m {
        Some(m) => m == method,
        None => method != "getMe" && method != "webhook",
    })?;
    s.failures.remove(i).map(|(_, f)| f)
}

fn webhook(s: &mut State, headers: &[(String, String)], raw: &[u8]) -> (u16, String, String) {
    if let Some(secret) = s.webhook_secret.clone() {
        let got = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-warta-signature"))
            .map(|(_, v)| v.clone());
        if got.as_deref() != Some(hmac_hex(&secret, raw).as_str()) {
            return (401, String::new(), "{\"error\":\"bad signature\"}".into());
        }
    }
    if let Some(Failure::Http {
        status,
        retry_after,
    }) = take_failure(s, "webhook")
    {
        let extra = retry_after
            .map(|r| format!("Retry-After: {r}\r\n"))
            .unwrap_or_default();
        return (status, extra, "{}".into());
    }
    (200, String::new(), "{}".into())
}

/// The test's own HMAC-SHA256 (through the hmac crate, independently of the
/// library's hex formatting).
pub fn hmac_hex(secret: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    m.update(body);
    let tag = m.finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn chat_id_of(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => s.parse().unwrap_or_else(|_| {
            // A stable id per @username.
            -1_000_000_000_000 - s.bytes().map(i64::from).sum::<i64>()
        }),
        _ => 0,
    }
}

fn telegram(s: &mut State, method: &str, body: &Value) -> (u16, String, String) {
    if let Some(f) = take_failure(s, method) {
        return match f {
            Failure::TooMany { retry_after } => (
                429,
                String::new(),
                json!({"ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {retry_after}"),
                    "parameters": {"retry_after": retry_after}})
                .to_string(),
            ),
            Failure::ServerError(c) => err(c, "Internal Server Error"),
            Failure::CantParse => err(
                400,
                "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0",
            ),
            Failure::Forbidden => err(403, "Forbidden: bot was kicked from the channel chat"),
            Failure::Migrate(id) => (
                400,
                String::new(),
                json!({"ok": false, "error_code": 400,
                    "description": "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters": {"migrate_to_chat_id": id}})
                .to_string(),
            ),
            Failure::BadPhoto => err(400, "Bad Request: wrong file identifier/HTTP URL specified"),
            Failure::Http { status, .. } => err(status, "scripted"),
        };
    }
    let html = body["parse_mode"].as_str() == Some("HTML");
    let check = |text: &str, limit: usize, what: &str| -> Result<(), (u16, String, String)> {
        let n = if html {
            validate_html(text)
                .map_err(|e| err(400, &format!("Bad Request: can't parse entities: {e}")))?
        } else {
            text.encode_utf16().count()
        };
        if n > limit {
            return Err(err(400, &format!("Bad Request: {what} is too long")));
        }
        Ok(())
    };
    let chat = chat_id_of(&body["chat_id"]);
    match method {
        "getMe" => (
            200,
            String::new(),
            json!({"ok": true, "result": {"id": 4242, "is_bot": true, "username": "warta_test_bot"}}).to_string(),
        ),
        "getChat" => (
            200,
            String::new(),
            json!({"ok": true, "result": {"id": chat, "type": s.chat_type, "title": "Test chat"}}).to_string(),
        ),
        "getChatMember" => (
            200,
            String::new(),
            json!({"ok": true, "result": {"status": s.member_status, "can_post_messages": s.can_post,
                "user": {"id": body["user_id"], "is_bot": true}}})
            .to_string(),
        ),
        "sendMessage" | "editMessageText" => {
            let text = body["text"].as_str().unwrap_or("");
            if text.trim().is_empty() {
                return err(400, "Bad Request: message text is empty");
            }
            if let Err(e) = check(text, 4096, "message") {
                return e;
            }
            if let Some(u) = body["link_preview_options"]["url"].as_str() {
                if !u.starts_with("http") {
                    return err(400, "Bad Request: bad link preview URL");
                }
            }
            ok_message(s, chat)
        }
        "sendPhoto" | "editMessageCaption" => {
            if method == "sendPhoto"
                && !body["photo"].as_str().is_some_and(|p| p.starts_with("http"))
            {
                return err(400, "Bad Request: wrong file identifier/HTTP URL specified");
            }
            if let Err(e) = check(body["caption"].as_str().unwrap_or(""), 1024, "message caption") {
                return e;
            }
            ok_message(s, chat)
        }
        _ => err(404, "Not Found: method not found"),
    }
}

fn ok_message(s: &mut State, chat: i64) -> (u16, String, String) {
    let id = s.next_id;
    s.next_id += 1;
    (
        200,
        String::new(),
        json!({"ok": true, "result": {"message_id": id, "chat": {"id": chat}, "date": 0}})
            .to_string(),
    )
}

const TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
];

/// Telegram's HTML rules: only the supported tags, properly nested (no
/// link in a link, nothing inside code/pre but code in pre); `<`, `>` and
/// `&` only as tags or the entities &lt; &gt; &amp; &quot; &#N; &#xH;;
/// links to http(s) or tg. Returns the length after entity parsing in
/// UTF-16 units.
pub fn validate_html(text: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut len = 0usize;
    let mut i = 0;
    let b = text.as_bytes();
    while i < text.len() {
        match b[i] {
            b'<' => {
                let end = text[i..]
                    .find('>')
                    .ok_or(format!("unclosed tag at byte offset {i}"))?
                    + i;
                let inner = &text[i + 1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match stack.pop() {
                        Some(open) if open == name => {}
                        _ => {
                            return Err(format!(
                                "unmatched end tag at byte offset {i}, expected {:?}",
                                stack.last()
                            ))
                        }
                    }
                } else {
                    let (name, attrs) = inner
                        .split_once(|c: char| c.is_whitespace())
                        .map_or((inner, ""), |(n, a)| (n, a));
                    let name = name.to_ascii_lowercase();
                    if !TAGS.contains(&name.as_str()) {
                        return Err(format!("Unsupported start tag {name:?} at byte offset {i}"));
                    }
                    if stack
                        .iter()
                        .any(|t| t == "code" || (t == "pre" && name != "code"))
                    {
                        return Err(format!("tag {name:?} inside code or pre"));
                    }
                    if name == "a" {
                        if stack.iter().any(|t| t == "a") {
                            return Err("link inside a link".into());
                        }
                        let href = attrs
                            .trim()
                            .strip_prefix("href=\"")
                            .and_then(|r| r.strip_suffix('"'))
                            .ok_or(format!("bad a attributes {attrs:?}"))?;
                        if href.contains('"') || href.contains('<') {
                            return Err("bad href".into());
                        }
                        let href = decode(href)?;
                        if !(href.starts_with("http://")
                            || href.starts_with("https://")
                            || href.starts_with("tg://"))
                        {
                            return Err(format!("Unsupported URL protocol in {href:?}"));
                        }
                    } else if !attrs.trim().is_empty()
                        && name != "span"
                        && name != "tg-emoji"
                        && name != "pre"
                        && name != "code"
                        && name != "blockquote"
                    {
                        return Err(format!("unexpected attributes on {name}"));
                    }
                    stack.push(name);
                }
                i = end + 1;
            }
            b'>' => return Err(format!("bare '>' at byte offset {i}")),
            b'&' => {
                let end = text[i..]
                    .find(';')
                    .ok_or(format!("bare '&' at byte offset {i}"))?
                    + i;
                let ent = &text[i..=end];
                let c = entity(ent).ok_or(format!("unsupported entity {ent:?}"))?;
                len += c.len_utf16();
                i = end + 1;
            }
            _ => {
                let c = text[i..].chars().next().unwrap();
                len += c.len_utf16();
                i += c.len_utf8();
            }
        }
    }
    if let Some(t) = stack.last() {
        return Err(format!(
            "can't find end tag corresponding to start tag {t:?}"
        ));
    }
    Ok(len)
}

fn entity(e: &str) -> Option<char> {
    match e {
        "&lt;" => Some('<'),
        "&gt;" => Some('>'),
        "&amp;" => Some('&'),
        "&quot;" => Some('"'),
        _ => {
            let n = e.strip_prefix("&#")?.strip_suffix(';')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v)
        }
    }
}

fn decode(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let end = rest[p..].find(';').ok_or("bare & in attribute")? + p;
        out.push(entity(&rest[p..=end]).ok_or("bad entity in attribute")?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A story with the given texts, two outlets and an event.
pub fn story(title: &str, lead: &str) -> warta_alert::StoryView {
    use warta_alert::{ArticleView, EventView, StoryView};
    StoryView {
        id: 7,
        title: title.into(),
        first_seen: 1_740_000_000,
        last_seen: 1_740_003_600,
        articles: vec![
            ArticleView {
                id: 1,
                url: "https://kabarnusa.example/berita/putin-kim".into(),
                outlet: Some("Kabar Nusa".into()),
                lang: Some("id".into()),
                title: title.into(),
                published: Some("2025-02-19T21:20:00+07:00".into()),
                lead: lead.into(),
                image: None,
            },
            ArticleView {
                id: 2,
                url: "https://wire.example/world/putin-kim".into(),
                outlet: Some("Wire".into()),
                lang: Some("en".into()),
                title: "Putin meets Kim in Pyongyang".into(),
                published: None,
                lead: "Russian President Vladimir Putin met North Korean leader Kim Jong Un."
                    .into(),
                image: None,
            },
        ],
        events: vec![EventView {
            source: "RUS".into(),
            target: "PRK".into(),
            code: "040".into(),
            root: "04".into(),
            goldstein: 1.0,
            quad_class: 1,
            date: Some("2025-02-19".into()),
            location: Some("Pyongyang".into()),
            sentence: "Putin bertemu Kim di Pyongyang.".into(),
        }],
        actors: vec!["RUSGOV".into(), "PRKGOV".into()],
    }
}

#[test]
fn the_validator_is_strict() {
    assert_eq!(validate_html("<b>a &amp; b</b>"), Ok(5));
    for bad in [
        "<script>x</script>",
        "a < b",
        "a > b",
        "a & b",
        "<b><i>x</b></i>",
        "<b>x",
        "&nbsp;",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"https://x\"><a href=\"https://y\">z</a></a>",
    ] {
        assert!(validate_html(bad).is_err(), "{bad}");
    }
}
