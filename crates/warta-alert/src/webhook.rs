//! Webhooks: a JSON POST of the story and its events, signed with
//! HMAC-SHA256 over the body (`X-Warta-Signature: sha256=HEX`), with an
//! `Idempotency-Key` the receiver can use to drop repeats.

use crate::story::StoryView;
use crate::{DeliveryError, RetryPolicy, USER_AGENT};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// The signature header's name.
pub const SIGNATURE_HEADER: &str = "X-Warta-Signature";

/// `sha256=` and the lower-case hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256=");
    for b in tag {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The body of a webhook: `{"rule", "delivery_id", "story": {...}}`, the
/// story with its articles and events as [`StoryView`] serialises them.
pub fn webhook_body(rule: &str, delivery_id: &str, story: &StoryView) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "rule": rule,
        "delivery_id": delivery_id,
        "story": story,
    }))
    .expect("a StoryView always serialises")
}

/// Posts webhooks; cheap to clone.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    retry: RetryPolicy,
}

impl WebhookClient {
    /// A client with a per-request timeout and a retry policy. Redirects
    /// are not followed: a POST must not turn into a GET elsewhere.
    pub fn new(timeout: Duration, retry: RetryPolicy) -> Result<WebhookClient, DeliveryError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| DeliveryError::Permanent {
                detail: format!("HTTP client: {e}"),
            })?;
        Ok(WebhookClient { http, retry })
    }

    /// POSTs `body` (JSON) to `url`, signed when a secret is given.
    /// Network failures, 408, 425, 429 and 5xx are retried with back-off
    /// (429 and 503 after their `Retry-After` seconds) and come back as
    /// `Transient` when the tries run out; 410 Gone is `SinkBroken`; other
    /// answers are `Permanent`.
    pub async fn post(
        &self,
        url: &str,
        secret: Option<&[u8]>,
        body: &[u8],
        idempotency_key: &str,
    ) -> Result<(), DeliveryError> {
        let mut last = String::new();
        let mut retry_after = None;
        for attempt in 1..=self.retry.attempts.max(1) {
            let more = attempt < self.retry.attempts;
            let mut req = self
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", idempotency_key)
                .body(body.to_vec());
            if let Some(s) = secret {
                req = req.header(SIGNATURE_HEADER, signature(s, body));
            }
            let wait = match req.send().await {
                Err(e) => {
                    last = format!("POST {url}: {}", e.without_url());
                    retry_after = None;
                    self.retry.backoff_after(attempt)
                }
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    if resp.status().is_success() {
                        return Ok(());
                    }
                    let ra = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let detail = format!("POST {url}: HTTP {status}");
                    match status {
                        408 | 425 | 429 | 500..=599 => {
                            last = detail;
                            retry_after = ra;
                            match ra {
                                Some(w) if w > self.retry.max_wait => break,
                                Some(w) => w,
                                None => self.retry.backoff_after(attempt),
                            }
                        }
                        410 => return Err(DeliveryError::SinkBroken { detail }),
                        300..=399 => {
                            return Err(DeliveryError::Permanent {
                                detail: format!(
                                    "{detail}: redirects are not followed; give the final URL"
                                ),
                            })
                        }
                        _ => return Err(DeliveryError::Permanent { detail }),
                    }
                }
            };
            if more {
                tokio::time::sleep(wait).await;
            }
        }
        Err(DeliveryError::Transient {
            retry_after,
            detail: last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe".
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
