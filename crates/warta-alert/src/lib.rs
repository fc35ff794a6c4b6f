//! Alerts: watch rules, their matching against stories, and delivery to
//! Telegram, webhooks and Atom feeds.
