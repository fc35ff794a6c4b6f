//! Alerts: watch rules, their matching against stories, and delivery to
//! Telegram, webhooks and Atom feeds.
//!
//! The pure parts ([`rule`], [`query`], [`message`], [`atom::render_atom`])
//! take values and give values. The I/O parts ([`telegram`], [`webhook`],
//! [`atom::write_atomic`]) deliver one message and report what happened as
//! a [`DeliveryError`] the caller (the store's outbox) records; they retry
//! briefly themselves and hand longer waits back.

pub mod atom;
pub mod cameo;
mod fold;
pub mod html;
pub mod limits;
pub mod message;
pub mod query;
pub mod rule;
pub mod story;
pub mod telegram;
pub mod webhook;

pub use atom::{atom_entry, feed_path, render_atom, write_atomic, AtomEntry};
pub use limits::{Limits, Rate, RateLimiter};
pub use message::{plain_text, telegram_message, telegram_update, TelegramMessage, Ui};
pub use query::Query;
pub use rule::{Comparison, Op, Rule, RuleError, Sink, SinkError};
pub use story::{ArticleView, EventView, StoryView};
pub use telegram::{CheckReport, Sent, TelegramClient, TelegramConfig};
pub use webhook::{signature, webhook_body, WebhookClient};

use std::time::Duration;

/// Why a delivery did not happen, sorted by what the caller does next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Try again later (after `retry_after` when the far end said so).
    #[error("temporary failure: {detail}")]
    Transient {
        retry_after: Option<Duration>,
        detail: String,
    },
    /// This message will never go (the far end refused it); don't retry it.
    #[error("refused: {detail}")]
    Permanent { detail: String },
    /// The sink itself is gone (bot removed from the chat, chat deleted,
    /// webhook gone): mark the sink broken and stop sending to it.
    #[error("sink broken: {detail}")]
    SinkBroken { detail: String },
}

impl DeliveryError {
    /// True when trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, DeliveryError::Transient { .. })
    }
}

/// How a client retries within one delivery before handing the failure
/// back as [`DeliveryError::Transient`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The first back-off; each next one doubles, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// A `retry_after` longer than this is not waited out here but returned.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The back-off before try `n + 1` after `n` failed tries (n >= 1),
    /// with up to a quarter of jitter so that many senders don't retry in
    /// step.
    pub fn backoff_after(&self, n: u32) -> Duration {
        let base = self
            .backoff
            .saturating_mul(1u32 << n.saturating_sub(1).min(16))
            .min(self.max_backoff);
        // Jitter from the clock's nanoseconds: no RNG dependency needed.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        base + base.mul_f64(f64::from(nanos % 1000) / 4000.0)
    }
}

/// The User-Agent of every request.
pub(crate) const USER_AGENT: &str = concat!("warta/", env!("CARGO_PKG_VERSION"));
