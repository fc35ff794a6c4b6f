//! Telegram Bot API delivery over HTTPS: `sendMessage`/`sendPhoto` with
//! HTML, edits and replies for updates, and `check` for
//! `warta telegram check`.
//!
//! Telegram has no idempotency header: the caller's delivery id travels in
//! [`Sent::idempotency_key`] for it to record with the message id. A retry
//! after a timeout may deliver twice; a 429 or 5xx answer means Telegram
//! did not take the message, so those retries do not.

use crate::limits::{Limits, RateLimiter};
use crate::message::TelegramMessage;
use crate::{DeliveryError, RetryPolicy, USER_AGENT};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// The API's address when `WARTA_TELEGRAM_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";

/// How to reach one bot.
#[derive(Clone)]
pub struct TelegramConfig {
    /// `https://api.telegram.org`, or a local server in tests.
    pub base_url: String,
    pub token: String,
    pub limits: Limits,
    pub retry: RetryPolicy,
    /// For one request.
    pub timeout: Duration,
}

impl std::fmt::Debug for TelegramConfig {
    // The token stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("base_url", &self.base_url)
            .field("token", &"<hidden>")
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl TelegramConfig {
    /// A config with the default limits, retries and a 30 s timeout.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> TelegramConfig {
        TelegramConfig {
            base_url: base_url.into(),
            token: token.into(),
            limits: Limits::default(),
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
        }
    }

    /// From `WARTA_TELEGRAM_TOKEN` and `WARTA_TELEGRAM_API_URL` (default
    /// [`DEFAULT_API_URL`]); `None` when there is no token.
    pub fn from_env() -> Option<TelegramConfig> {
        let token = std::env::var("WARTA_TELEGRAM_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())?;
        let base = std::env::var("WARTA_TELEGRAM_API_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_API_URL.to_string());
        Some(TelegramConfig::new(base, token.trim()))
    }
}

/// A message Telegram took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The chat it is in (the new one after a migration).
    pub chat_id: i64,
    pub message_id: i64,
    /// Set when the group became a supergroup: store the new chat id.
    pub migrated_to: Option<i64>,
    /// Sent as a photo with a caption (edit it with the caption).
    pub photo: bool,
    /// Telegram refused the HTML and the plain text went instead.
    pub plain_fallback: bool,
    /// The caller's delivery id, to record with the message.
    pub idempotency_key: String,
}

/// What `check` found: the bot, the chat, and whether the bot may post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckReport {
    pub bot_id: i64,
    pub bot_username: String,
    pub chat_id: Option<i64>,
    /// `private`, `group`, `supergroup` or `channel`.
    pub chat_type: Option<String>,
    pub chat_title: Option<String>,
    /// The bot's membership: `creator`, `administrator`, `member`, ...
    pub status: Option<String>,
    pub can_post: bool,
    /// What is wrong, in words, when it can't post.
    pub problem: Option<String>,
}

#[derive(Deserialize)]
struct ApiResponse {
    ok: bool,
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
}

#[derive(Deserialize, Default)]
struct ResponseParameters {
    #[serde(default)]
    retry_after: Option<u64>,
    #[serde(default)]
    migrate_to_chat_id: Option<i64>,
}

/// A call that Telegram answered with an error (after retries).
enum CallError {
    Api {
        code: i64,
        description: String,
        migrate_to: Option<i64>,
    },
    Delivery(DeliveryError),
}

impl CallError {
    fn into_delivery(self) -> DeliveryError {
        match self {
            CallError::Delivery(d) => d,
            CallError::Api {
                code, description, ..
            } => classify(code, &description),
        }
    }

    fn is_parse_error(&self) -> bool {
        matches!(self, CallError::Api { code: 400, description, .. }
            if description.to_ascii_lowercase().contains("can't parse entities"))
    }

    fn is_bad_request(&self) -> bool {
        matches!(self, CallError::Api { code: 400, .. })
    }
}

fn classify(code: i64, description: &str) -> DeliveryError {
    let detail = format!("Telegram {code}: {description}");
    let lower = description.to_ascii_lowercase();
    match code {
        // Kicked, blocked, not a member, no rights: the sink is broken.
        403 => DeliveryError::SinkBroken { detail },
        400 if lower.contains("chat not found") || lower.contains("chat_write_forbidden") => {
            DeliveryError::SinkBroken { detail }
        }
        401 | 404 => DeliveryError::Permanent {
            detail: format!("{detail} (is WARTA_TELEGRAM_TOKEN right?)"),
        },
        _ => DeliveryError::Permanent { detail },
    }
}

/// `chat_id` as Telegram takes it: a number, or an `@username`.
fn chat_value(chat: &str) -> Value {
    let chat = chat.trim();
    chat.parse::<i64>()
        .map_or_else(|_| Value::from(chat), Value::from)
}

/// One bot's client. Cheap to clone; clones share the rate limiter.
#[derive(Clone)]
pub struct TelegramClient {
    http: reqwest::Client,
    base_url: String,
    token: String,
    limiter: Arc<RateLimiter>,
    retry: RetryPolicy,
}

impl std::fmt::Debug for TelegramClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramClient")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl TelegramClient {
    /// A client for one bot.
    pub fn new(config: TelegramConfig) -> Result<TelegramClient, DeliveryError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(config.timeout)
            .build()
            .map_err(|e| DeliveryError::Permanent {
                detail: format!("HTTP client: {e}"),
            })?;
        Ok(TelegramClient {
            http,
            base_url: config.base_url.trim_end_matches('/').to_string(),
            token: config.token,
            limiter: Arc::new(RateLimiter::new(config.limits)),
            retry: config.retry,
        })
    }

    /// The limiter, to share with another client of the same bot.
    pub fn limiter(&self) -> Arc<RateLimiter> {
        self.limiter.clone()
    }

    /// One API call with the rate limit (when it posts to `chat`) and the
    /// retries for 429, 5xx and network failures.
    async fn call(
        &self,
        method: &str,
        chat: Option<&str>,
        body: &Value,
    ) -> Result<Value, CallError> {
        let url = format!("{}/bot{}/{method}", self.base_url, self.token);
        let mut last = String::new();
        let mut retry_after = None;
        for attempt in 1..=self.retry.attempts.max(1) {
            let more = attempt < self.retry.attempts;
            if let Some(chat) = chat {
                self.limiter.acquire(chat).await;
            }
            // JSON by hand: reqwest's `json` feature would add nothing else.
            let req = self
                .http
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
            let resp = match req.send().await {
                Ok(r) => r,
                Err(e) => {
                    // without_url: the URL holds the token.
                    last = format!("{method}: {}", e.without_url());
                    if more {
                        tokio::time::sleep(self.retry.backoff_after(attempt)).await;
                    }
                    continue;
                }
            };
            let status = resp.status().as_u16();
            let parsed: Option<ApiResponse> = match resp.bytes().await {
                Ok(b) => serde_json::from_slice(&b).ok(),
                Err(_) => None,
            };
            let Some(r) = parsed else {
                last = format!("{method}: HTTP {status} without a Bot API answer");
                if status >= 500 || status == 429 {
                    if more {
                        tokio::time::sleep(self.retry.backoff_after(attempt)).await;
                    }
                    continue;
                }
                return Err(CallError::Delivery(DeliveryError::Permanent {
                    detail: last,
                }));
            };
            if r.ok {
                return Ok(r.result.unwrap_or(Value::Null));
            }
            let code = r.error_code.unwrap_or(i64::from(status));
            let description = r.description.unwrap_or_default();
            let params = r.parameters.unwrap_or_default();
            if code == 429 {
                let wait = Duration::from_secs(params.retry_after.unwrap_or(1));
                last = format!("{method}: Telegram 429: {description}");
                retry_after = Some(wait);
                if more && wait <= self.retry.max_wait {
                    tokio::time::sleep(wait).await;
                    continue;
                }
                break;
            }
            if code >= 500 {
                last = format!("{method}: Telegram {code}: {description}");
                retry_after = None;
                if more {
                    tokio::time::sleep(self.retry.backoff_after(attempt)).await;
                }
                continue;
            }
            return Err(CallError::Api {
                code,
                description,
                migrate_to: params.migrate_to_chat_id,
            });
        }
        Err(CallError::Delivery(DeliveryError::Transient {
            retry_after,
            detail: last,
        }))
    }

    /// Sends a story's message to `chat`: as a photo with its caption when
    /// it has one (falling back to text if Telegram can't use the image),
    /// in HTML (falling back to plain text if Telegram refuses the HTML),
    /// following a group's migration to a supergroup.
    pub async fn send(
        &self,
        chat: &str,
        msg: &TelegramMessage,
        idempotency_key: &str,
    ) -> Result<Sent, DeliveryError> {
        self.send_inner(chat, msg, None, idempotency_key).await
    }

    /// Sends `msg` as an answer to `reply_to` (updates in reply mode); goes
    /// out even if that message was deleted.
    pub async fn reply(
        &self,
        chat: &str,
        reply_to: i64,
        msg: &TelegramMessage,
        idempotency_key: &str,
    ) -> Result<Sent, DeliveryError> {
        self.send_inner(chat, msg, Some(reply_to), idempotency_key)
            .await
    }

    async fn send_inner(
        &self,
        chat: &str,
        msg: &TelegramMessage,
        reply_to: Option<i64>,
        key: &str,
    ) -> Result<Sent, DeliveryError> {
        let mut chat_now = chat.trim().to_string();
        let mut migrated_to = None;
        let mut plain = false;
        let mut photo = msg.photo.is_some();
        // Each fallback happens at most once, so this ends.
        for _ in 0..6 {
            let (method, mut body) = if photo {
                let (caption, _) = pick(
                    msg.caption_html.as_deref(),
                    msg.caption_plain.as_deref(),
                    plain,
                );
                let mut b = json!({
                    "chat_id": chat_value(&chat_now),
                    "photo": msg.photo,
                    "caption": caption,
                });
                if !plain {
                    b["parse_mode"] = "HTML".into();
                }
                ("sendPhoto", b)
            } else {
                let (text, _) = pick(Some(&msg.text_html), Some(&msg.text_plain), plain);
                let mut b = json!({
                    "chat_id": chat_value(&chat_now),
                    "text": text,
                    "link_preview_options": link_preview(msg.link.as_deref()),
                });
                if !plain {
                    b["parse_mode"] = "HTML".into();
                }
                ("sendMessage", b)
            };
            if let Some(id) = reply_to {
                body["reply_parameters"] =
                    json!({"message_id": id, "allow_sending_without_reply": true});
            }
            match self.call(method, Some(&chat_now), &body).await {
                Ok(v) => {
                    return Ok(Sent {
                        chat_id: v["chat"]["id"]
                            .as_i64()
                            .unwrap_or_else(|| chat_now.parse().unwrap_or(0)),
                        message_id: v["message_id"].as_i64().unwrap_or(0),
                        migrated_to,
                        photo,
                        plain_fallback: plain,
                        idempotency_key: key.to_string(),
                    })
                }
                Err(CallError::Api {
                    migrate_to: Some(id),
                    ..
                }) if migrated_to.is_none() => {
                    chat_now = id.to_string();
                    migrated_to = Some(id);
                }
                Err(e) if e.is_parse_error() && !plain => plain = true,
                // Telegram could not fetch or use the image: send the text.
                Err(e) if photo && e.is_bad_request() && !e.is_parse_error() => photo = false,
                Err(e) => return Err(e.into_delivery()),
            }
        }
        Err(DeliveryError::Permanent {
            detail: "Telegram kept refusing every form of the message".into(),
        })
    }

    /// Replaces a sent message with `msg` (updates in edit mode): the
    /// caption when it went as a photo, else the text. An unchanged message
    /// is not an error.
    pub async fn edit(
        &self,
        chat: &str,
        message_id: i64,
        photo: bool,
        msg: &TelegramMessage,
    ) -> Result<(), DeliveryError> {
        let mut plain = false;
        loop {
            let (method, mut body) = if photo {
                let (caption, _) = pick(
                    msg.caption_html.as_deref(),
                    msg.caption_plain.as_deref(),
                    plain,
                );
                (
                    "editMessageCaption",
                    json!({"chat_id": chat_value(chat), "message_id": message_id, "caption": caption}),
                )
            } else {
                let (text, _) = pick(Some(&msg.text_html), Some(&msg.text_plain), plain);
                (
                    "editMessageText",
                    json!({
                        "chat_id": chat_value(chat),
                        "message_id": message_id,
                        "text": text,
                        "link_preview_options": link_preview(msg.link.as_deref()),
                    }),
                )
            };
            if !plain {
                body["parse_mode"] = "HTML".into();
            }
            match self.call(method, Some(chat), &body).await {
                Ok(_) => return Ok(()),
                Err(CallError::Api {
                    code: 400,
                    description,
                    ..
                }) if description.contains("message is not modified") => return Ok(()),
                Err(e) if e.is_parse_error() && !plain => plain = true,
                Err(e) => return Err(e.into_delivery()),
            }
        }
    }

    /// Verifies the token (`getMe`) and that the bot may post to `chat`
    /// (`getChat`, `getChatMember`). An unusable token is an error; a chat
    /// the bot can't post to is a report with `can_post: false` and the
    /// reason.
    pub async fn check(&self, chat: &str) -> Result<CheckReport, DeliveryError> {
        let me = self
            .call("getMe", None, &json!({}))
            .await
            .map_err(CallError::into_delivery)?;
        let mut report = CheckReport {
            bot_id: me["id"].as_i64().unwrap_or(0),
            bot_username: me["username"].as_str().unwrap_or("").to_string(),
            ..CheckReport::default()
        };
        let c = match self
            .call("getChat", None, &json!({"chat_id": chat_value(chat)}))
            .await
        {
            Ok(c) => c,
            Err(e) => {
                report.problem = Some(format!(
                    "the bot can't see {chat}: {} (add the bot to the chat first)",
                    e.into_delivery()
                ));
                return Ok(report);
            }
        };
        report.chat_id = c["id"].as_i64();
        let kind = c["type"].as_str().unwrap_or("").to_string();
        report.chat_title = c["title"]
            .as_str()
            .or(c["username"].as_str())
            .map(str::to_string);
        report.chat_type = Some(kind.clone());
        let member_chat = report.chat_id.map_or_else(|| chat_value(chat), Value::from);
        let m = match self
            .call(
                "getChatMember",
                None,
                &json!({"chat_id": member_chat, "user_id": report.bot_id}),
            )
            .await
        {
            Ok(m) => m,
            Err(e) => {
                report.problem = Some(format!(
                    "can't read the bot's membership: {}",
                    e.into_delivery()
                ));
                return Ok(report);
            }
        };
        let status = m["status"].as_str().unwrap_or("").to_string();
        let flag = |k: &str| m[k].as_bool().unwrap_or(false);
        report.can_post = match (kind.as_str(), status.as_str()) {
            (_, "creator") => true,
            ("channel", "administrator") => flag("can_post_messages"),
            ("channel", _) => false,
            (_, "administrator" | "member") => true,
            (_, "restricted") => flag("can_send_messages"),
            _ => false,
        };
        if !report.can_post {
            report.problem = Some(match (kind.as_str(), status.as_str()) {
                ("channel", "administrator") => {
                    "the bot is an admin without the right to post messages".into()
                }
                ("channel", _) => {
                    "in a channel the bot must be an administrator that may post".into()
                }
                (_, "left" | "kicked") => format!("the bot is not in the chat ({status})"),
                _ => format!("the bot may not send messages here ({status})"),
            });
        }
        report.status = Some(status);
        Ok(report)
    }
}

fn pick<'a>(html: Option<&'a str>, plain: Option<&'a str>, use_plain: bool) -> (&'a str, bool) {
    match (use_plain, html, plain) {
        (false, Some(h), _) => (h, false),
        (_, _, Some(p)) => (p, true),
        (_, Some(h), None) => (h, false),
        _ => ("", true),
    }
}

fn link_preview(link: Option<&str>) -> Value {
    match link {
        Some(u) => json!({"url": u, "prefer_large_media": true}),
        None => json!({"is_disabled": true}),
    }
}
