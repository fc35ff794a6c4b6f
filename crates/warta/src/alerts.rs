//! Alerts in the running system: rules choose stories, the outbox keeps
//! what must go out, and the delivery loop sends it to Telegram, webhooks
//! and Atom feeds.
//!
//! A delivery is queued in the transaction that changes its story (see
//! [`warta_store::Store::place_in_story`]), once per rule, story and sink.
//! It is marked sent only after the sink took it, so a crash loses nothing;
//! a message is sent twice only when the sink never acknowledged it.

use crate::config::TelegramSection;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use warta_alert::message::{telegram_message, Ui};
use warta_alert::telegram::{TelegramClient, TelegramConfig};
use warta_alert::webhook::{webhook_body, WebhookClient};
use warta_alert::{DeliveryError, RetryPolicy, Rule, Sink};
use warta_store::{Attempt, Delivery, NewDelivery, SinkState, Store, StoryView};

/// How long the loaded rules are trusted before they are read again
/// (rules added by `warta rule add` in another process).
const RULES_TTL: Duration = Duration::from_secs(2);

/// A delivery is given up after this many attempts.
const MAX_ATTEMPTS: i64 = 25;

/// Rules by their store id.
type Rules = Arc<Vec<(i64, Rule)>>;

/// The rules and the sinks of a running warta.
pub struct Alerts {
    store: Arc<dyn Store>,
    data_dir: PathBuf,
    rules: RwLock<(Option<Instant>, Rules)>,
    telegram: Option<TelegramClient>,
    webhook: WebhookClient,
    ui: Ui,
    /// How long a claimed delivery is hidden from other workers (seconds).
    pub(crate) claim_lease: i64,
}

/// The active rules, as stored, read into their definitions. A rule that
/// no longer reads (written by a newer warta) is skipped with a warning.
pub fn load_rules(store: &dyn Store) -> Result<Vec<(i64, Rule)>> {
    let mut rules = Vec::new();
    for stored in store.rules()? {
        if stored.paused {
            continue;
        }
        match serde_json::from_str::<Rule>(&stored.definition) {
            Ok(rule) => rules.push((stored.id, rule)),
            Err(err) => tracing::warn!("rule {:?} cannot be read: {err}", stored.name),
        }
    }
    Ok(rules)
}

/// Marks an update delivery: `SINK#update:N` answers the story's first
/// message once the story has N outlets.
const UPDATE: &str = "#update:";

/// The deliveries a story calls for under `rules`: every sink of every
/// matching rule; for rules with `updates`, also one update per outlet
/// that joins the story after the first.
pub fn wanted(rules: &[(i64, Rule)], story: &StoryView) -> Vec<NewDelivery> {
    let outlets = outlets_of(story).len();
    let mut out = Vec::new();
    for (id, rule) in rules.iter().filter(|(_, r)| !r.paused && r.matches(story)) {
        for sink in &rule.to {
            out.push(NewDelivery {
                rule_id: *id,
                sink: sink.to_string(),
            });
            if rule.updates && outlets > 1 {
                out.push(NewDelivery {
                    rule_id: *id,
                    sink: format!("{sink}{UPDATE}{outlets}"),
                });
            }
        }
    }
    out
}

impl Alerts {
    pub fn new(
        store: Arc<dyn Store>,
        data_dir: &Path,
        telegram: &TelegramSection,
    ) -> Result<Alerts> {
        let telegram = match &telegram.token {
            Some(token) if !token.trim().is_empty() => {
                let mut config = TelegramConfig::new(telegram.api_url.clone(), token.trim());
                let scale = telegram.rate_scale.max(0.001);
                for rate in [
                    &mut config.limits.per_bot,
                    &mut config.limits.per_chat,
                    &mut config.limits.per_group,
                ] {
                    rate.per = rate.per.div_f64(scale);
                }
                Some(
                    TelegramClient::new(config)
                        .map_err(|e| anyhow::anyhow!("Telegram client: {e}"))?,
                )
            }
            _ => None,
        };
        Ok(Alerts {
            store,
            data_dir: data_dir.to_path_buf(),
            rules: RwLock::new((None, Arc::new(Vec::new()))),
            telegram,
            webhook: WebhookClient::new(Duration::from_secs(30), RetryPolicy::default())
                .map_err(|e| anyhow::anyhow!("webhook client: {e}"))?,
            ui: Ui::default(),
            claim_lease: 300,
        })
    }

    /// The active rules, read again when older than [`RULES_TTL`].
    pub fn rules(&self) -> Result<Rules> {
        {
            let cached = self.rules.read().unwrap_or_else(|p| p.into_inner());
            if cached.0.is_some_and(|at| at.elapsed() < RULES_TTL) {
                return Ok(cached.1.clone());
            }
        }
        let fresh = Arc::new(load_rules(self.store.as_ref())?);
        *self.rules.write().unwrap_or_else(|p| p.into_inner()) =
            (Some(Instant::now()), fresh.clone());
        Ok(fresh)
    }

    /// Sends every delivery due now, oldest first (the store holds back a
    /// sink's later deliveries while an earlier one waits, so each sink
    /// gets its messages in order). Returns how many went out.
    pub async fn deliver_due(&self) -> Result<usize> {
        let mut sent = 0;
        loop {
            let now = crate::follow::now();
            let store = self.store.clone();
            let lease = self.claim_lease;
            // Claimed: another worker on the same store does not send them
            // until the lease runs out (PostgreSQL; on SQLite the due ones).
            let due =
                tokio::task::spawn_blocking(move || store.claim_due_deliveries(now, lease, 64))
                    .await??;
            if due.is_empty() {
                return Ok(sent);
            }
            let mut progressed = false;
            for delivery in due {
                let attempt = self.attempt(&delivery).await;
                // Recorded on this thread, at once: the time between the
                // sink's answer and this commit is the only window in which
                // a crash repeats a message.
                self.store
                    .record_attempt(delivery.id, &attempt, crate::follow::now())?;
                if matches!(attempt, Attempt::Sent { .. }) {
                    sent += 1;
                    progressed = true;
                } else {
                    tracing::warn!(delivery = delivery.id, sink = %delivery.sink, ?attempt, "delivery not sent");
                }
            }
            if !progressed {
                // Everything due failed this round; the retries wait.
                return Ok(sent);
            }
        }
    }

    /// The next time a delivery is due, if any.
    pub fn next_due(&self) -> Result<Option<i64>> {
        Ok(self.store.next_delivery_at()?)
    }

    async fn attempt(&self, delivery: &Delivery) -> Attempt {
        let result = match self.send(delivery).await {
            Ok(receipt) => return Attempt::Sent { receipt },
            Err(err) => err,
        };
        let attempts = delivery.attempts + 1;
        match result {
            SendError::Delivery(DeliveryError::SinkBroken { detail }) => {
                Attempt::Broken { error: detail }
            }
            SendError::Delivery(DeliveryError::Permanent { detail }) => {
                Attempt::Failed { error: detail }
            }
            SendError::Other(error) if attempts >= MAX_ATTEMPTS => Attempt::Failed { error },
            SendError::Delivery(DeliveryError::Transient { detail, .. })
                if attempts >= MAX_ATTEMPTS =>
            {
                Attempt::Failed { error: detail }
            }
            SendError::Delivery(DeliveryError::Transient {
                retry_after,
                detail,
            }) => {
                let backoff = Duration::from_secs(5u64 << attempts.clamp(0, 10) as u32)
                    .min(Duration::from_secs(3600));
                let wait = retry_after.unwrap_or(backoff).max(Duration::from_secs(1));
                Attempt::Retry {
                    error: detail,
                    retry_at: crate::follow::now() + wait.as_secs() as i64,
                }
            }
            SendError::Other(error) => Attempt::Retry {
                error,
                retry_at: crate::follow::now() + 30,
            },
        }
    }

    async fn send(&self, delivery: &Delivery) -> Result<Option<String>, SendError> {
        let store = self.store.clone();
        let story_id = delivery.story_id;
        let story = tokio::task::spawn_blocking(move || store.story_view(story_id))
            .await
            .map_err(|e| SendError::Other(e.to_string()))?
            .map_err(|e| SendError::Other(e.to_string()))?
            .ok_or_else(|| {
                SendError::Delivery(DeliveryError::Permanent {
                    detail: format!("story {story_id} is gone"),
                })
            })?;
        let (base, update) = match delivery.sink.split_once(UPDATE) {
            Some((base, n)) => (base, n.parse::<usize>().ok()),
            None => (delivery.sink.as_str(), None),
        };
        let sink: Sink = base.parse().map_err(|e: warta_alert::rule::SinkError| {
            SendError::Delivery(DeliveryError::Permanent {
                detail: e.to_string(),
            })
        })?;
        let key = format!("warta-delivery-{}", delivery.id);
        match sink {
            Sink::Telegram { chat } => {
                let client = self.telegram.as_ref().ok_or_else(|| {
                    SendError::Other(
                        "no Telegram token: set WARTA_TELEGRAM_TOKEN (or telegram.token)".into(),
                    )
                })?;
                let chat = self.current_chat(base, chat);
                let sent = match update {
                    None => {
                        let message = telegram_message(&story, self.ui);
                        client
                            .send(&chat, &message, &key)
                            .await
                            .map_err(SendError::Delivery)?
                    }
                    Some(outlets) => {
                        // An answer to the story's first message, naming the
                        // reports from outlets it did not show.
                        let Some((message_id, shown)) = self.first_message(delivery, base)? else {
                            return Err(SendError::Other(
                                "the story's first message is not sent yet".into(),
                            ));
                        };
                        let new = new_reports(&story, shown.min(outlets));
                        let message = warta_alert::message::telegram_update(&story, &new, self.ui);
                        client
                            .reply(&chat, message_id, &message, &key)
                            .await
                            .map_err(SendError::Delivery)?
                    }
                };
                if let Some(new_chat) = sent.migrated_to {
                    let state = SinkState {
                        sink: base.to_string(),
                        state: "ok".into(),
                        detail: Some(format!("the chat moved to {new_chat}")),
                        migrated_to: Some(new_chat.to_string()),
                        updated_at: crate::follow::now(),
                    };
                    let _ = self.store.set_sink_state(&state);
                }
                let outlets = outlets_of(&story).len();
                Ok(Some(
                    serde_json::json!({"chat_id": sent.chat_id, "message_id": sent.message_id, "key": key, "outlets": outlets})
                        .to_string(),
                ))
            }
            Sink::Webhook { url, .. } => {
                let secret = self.webhook_secret(delivery.rule_id, &url)?;
                let body = webhook_body(&delivery.rule, &key, &story);
                self.webhook
                    .post(&url, secret.as_deref(), &body, &key)
                    .await
                    .map_err(SendError::Delivery)?;
                Ok(None)
            }
            Sink::Feed { name } => {
                self.write_feed(&name, delivery, &story)
                    .map_err(|e| SendError::Other(format!("{e:#}")))?;
                Ok(None)
            }
        }
    }

    /// The message id of the story's first message to this sink, and how
    /// many outlets it showed; `None` while it is not sent.
    fn first_message(
        &self,
        delivery: &Delivery,
        base: &str,
    ) -> Result<Option<(i64, usize)>, SendError> {
        let all = self
            .store
            .deliveries(Some(delivery.rule_id), 10_000)
            .map_err(|e| SendError::Other(e.to_string()))?;
        Ok(all
            .iter()
            .find(|d| d.story_id == delivery.story_id && d.sink == base && d.state == "sent")
            .and_then(|d| d.receipt.as_deref())
            .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
            .and_then(|r| {
                Some((
                    r["message_id"].as_i64()?,
                    r["outlets"].as_u64().unwrap_or(1) as usize,
                ))
            }))
    }

    /// A Telegram chat, or where it moved.
    fn current_chat(&self, sink: &str, chat: String) -> String {
        self.store
            .sink_states()
            .ok()
            .and_then(|states| states.into_iter().find(|s| s.sink == sink))
            .and_then(|s| s.migrated_to)
            .unwrap_or(chat)
    }

    /// The secret of a webhook, from the environment variable its rule names.
    fn webhook_secret(&self, rule: i64, url: &str) -> Result<Option<Vec<u8>>, SendError> {
        let rules = self
            .rules()
            .map_err(|e| SendError::Other(format!("{e:#}")))?;
        let var = rules
            .iter()
            .filter(|(id, _)| *id == rule)
            .flat_map(|(_, r)| r.to.iter())
            .find_map(|sink| match sink {
                Sink::Webhook { url: u, secret_env } if u == url => secret_env.clone(),
                _ => None,
            });
        match var {
            None => Ok(None),
            Some(var) => std::env::var(&var)
                .map(|s| Some(s.into_bytes()))
                .map_err(|_| {
                    SendError::Other(format!("the webhook secret variable {var} is not set"))
                }),
        }
    }

    /// Rewrites `feeds/NAME.atom` with this story and the feed's latest
    /// deliveries.
    fn write_feed(&self, name: &str, delivery: &Delivery, story: &StoryView) -> Result<()> {
        const ENTRIES: usize = 50;
        let path = warta_alert::atom::feed_path(&self.data_dir, name)
            .with_context(|| format!("feed:{name}: not a usable feed name"))?;
        let mut entries = vec![warta_alert::atom::atom_entry(story)];
        let earlier = self.store.deliveries(Some(delivery.rule_id), 500)?;
        let base = delivery.sink.split(UPDATE).next().unwrap_or_default();
        let mut stories = vec![story.id];
        for d in earlier
            .iter()
            .filter(|d| d.sink.split(UPDATE).next() == Some(base) && d.state == "sent")
        {
            // One entry per story, however often it was updated.
            if stories.contains(&d.story_id) || stories.len() >= ENTRIES {
                continue;
            }
            stories.push(d.story_id);
            if let Some(view) = self.store.story_view(d.story_id)? {
                entries.push(warta_alert::atom::atom_entry(&view));
            }
        }
        let atom = warta_alert::atom::render_atom(name, &format!("warta: {name}"), &entries);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        warta_alert::atom::write_atomic(&path, atom.as_bytes())
            .with_context(|| format!("writing {}", path.display()))
    }
}

/// The story's outlets in the order they first reported.
fn outlets_of(story: &StoryView) -> Vec<&str> {
    let mut seen = Vec::new();
    for a in &story.articles {
        let outlet = a.outlet.as_deref().unwrap_or(a.url.as_str());
        if !seen.contains(&outlet) {
            seen.push(outlet);
        }
    }
    seen
}

/// The first report of each outlet after the first `shown` outlets.
fn new_reports(story: &StoryView, shown: usize) -> Vec<warta_store::ArticleView> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for a in &story.articles {
        let outlet = a.outlet.as_deref().unwrap_or(a.url.as_str());
        if seen.contains(&outlet) {
            continue;
        }
        seen.push(outlet);
        if seen.len() > shown {
            out.push(a.clone());
        }
    }
    out
}

enum SendError {
    Delivery(DeliveryError),
    /// Our side: the store, a missing token or secret. Retried.
    Other(String),
}
