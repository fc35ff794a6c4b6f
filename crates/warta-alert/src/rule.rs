//! Watch rules: what a rule asks of a story, where it sends it, and the
//! matching (pure).

use crate::query::Query;
use crate::story::StoryView;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A watch rule. Every filter is optional; the filters that are given must
/// all hold. Serialises as it is written in `warta.toml` (`[[rule]]`) and
/// as the store keeps it (JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    /// Words, "phrases", OR and -exclusions over titles and leads
    /// (see [`crate::query`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// CAMEO actor code prefixes; every one must be in the story (as an
    /// event's source or target, or an entity's code). `IDN` matches `IDNGOV`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// CAMEO event code prefixes (a root like `03` or a code like `0312`);
    /// any one may match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// Holds when some event of the story satisfies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<Comparison>,
    /// Any of these languages (ISO 639-1) among the story's reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<String>,
    /// Any of these outlets among the story's reports: a name, or a domain
    /// that also matches its subdomains (`kompas.com` matches
    /// `nasional.kompas.com`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlets: Vec<String>,
    /// Where a match goes; at least one.
    pub to: Vec<Sink>,
    /// Later reports edit (or answer) the first message instead of being
    /// dropped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub updates: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub paused: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A rule that does not hold together, with what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule:?}: {problem}")]
pub struct RuleError {
    pub rule: String,
    pub problem: String,
}

impl Rule {
    /// Checks every field; the error names the rule and the field.
    pub fn validate(&self) -> Result<(), RuleError> {
        let err = |problem: String| RuleError {
            rule: self.name.clone(),
            problem,
        };
        if !valid_name(&self.name) {
            return Err(err(
                "name must be 1 to 64 letters, digits, '-', '_' or '.'".into()
            ));
        }
        if let Some(q) = &self.query {
            Query::parse(q).map_err(|e| err(e.to_string()))?;
        }
        for a in &self.actors {
            if a.len() < 3 || !a.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(err(format!(
                    "actor {a:?}: a CAMEO actor code is 3 or more letters (IDN, IDNGOV, IGOUNO)"
                )));
            }
        }
        for e in &self.events {
            if !(2..=4).contains(&e.len()) || !e.chars().all(|c| c.is_ascii_digit()) {
                return Err(err(format!(
                    "event {e:?}: a CAMEO event code is 2 to 4 digits (03, 036, 0312)"
                )));
            }
            let root: u8 = e[..2].parse().unwrap_or(0);
            if !(1..=20).contains(&root) {
                return Err(err(format!("event {e:?}: CAMEO roots run from 01 to 20")));
            }
        }
        if let Some(g) = &self.goldstein {
            if !(-10.0..=10.0).contains(&g.value) {
                return Err(err(format!(
                    "goldstein {g}: the Goldstein scale runs from -10 to 10"
                )));
            }
        }
        for l in &self.langs {
            if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(err(format!(
                    "lang {l:?}: an ISO 639-1 code such as id or en"
                )));
            }
        }
        if self.outlets.iter().any(|o| o.trim().is_empty()) {
            return Err(err("an outlet is empty".into()));
        }
        if self.to.is_empty() {
            return Err(err(
                "no --to: telegram:@channel, telegram:CHAT_ID, webhook:URL or feed:NAME".into(),
            ));
        }
        Ok(())
    }

    /// True when the story satisfies every filter the rule gives. A paused
    /// rule matches nothing. Call [`Rule::validate`] first: an invalid
    /// query matches nothing.
    pub fn matches(&self, story: &StoryView) -> bool {
        if self.paused {
            return false;
        }
        self.actors.iter().all(|a| has_actor(story, a))
            && (self.events.is_empty() || self.events.iter().any(|e| has_event(story, e)))
            && self
                .goldstein
                .is_none_or(|g| story.events.iter().any(|e| g.holds(e.goldstein)))
            && (self.langs.is_empty()
                || story.articles.iter().any(|a| {
                    a.lang.as_deref().is_some_and(|l| {
                        self.langs.iter().any(|w| w.eq_ignore_ascii_case(l.trim()))
                    })
                }))
            && (self.outlets.is_empty()
                || story
                    .articles
                    .iter()
                    .any(|a| self.outlets.iter().any(|o| outlet_matches(o, a))))
            && self.query.as_deref().is_none_or(|q| match Query::parse(q) {
                Ok(q) => q.matches(
                    std::iter::once(story.title.as_str()).chain(
                        story
                            .articles
                            .iter()
                            .flat_map(|a| [a.title.as_str(), a.lead.as_str()]),
                    ),
                ),
                Err(_) => false,
            })
    }
}

fn valid_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn starts_with_ci(code: &str, prefix: &str) -> bool {
    let code = code.trim();
    code.len() >= prefix.len()
        && code.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn has_actor(story: &StoryView, prefix: &str) -> bool {
    let prefix = prefix.trim();
    story
        .events
        .iter()
        .any(|e| starts_with_ci(&e.source, prefix) || starts_with_ci(&e.target, prefix))
        || story.actors.iter().any(|a| starts_with_ci(a, prefix))
}

fn has_event(story: &StoryView, prefix: &str) -> bool {
    story.events.iter().any(|e| {
        let code = if e.code.trim().is_empty() {
            e.root()
        } else {
            e.code.as_str()
        };
        starts_with_ci(code, prefix.trim())
    })
}

fn outlet_matches(want: &str, a: &crate::story::ArticleView) -> bool {
    let want = want.trim().trim_end_matches('.').to_lowercase();
    if a.outlet
        .as_deref()
        .is_some_and(|o| o.trim().to_lowercase() == want)
    {
        return true;
    }
    // A domain matches the article's host and its subdomains.
    url::Url::parse(&a.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_lowercase))
        .is_some_and(|h| {
            let h = h.strip_prefix("www.").unwrap_or(&h).to_string();
            let w = want.strip_prefix("www.").unwrap_or(&want);
            h == w || h.ends_with(&format!(".{w}"))
        })
}

/// A comparison with a Goldstein value: `<=-5`, `<-5`, `>=3`, `>3`, `=0`.
/// Written and read as that string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub op: Op,
    pub value: f32,
}

/// The comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Comparison {
    /// True when `x` compares as asked.
    pub fn holds(&self, x: f32) -> bool {
        match self.op {
            Op::Lt => x < self.value,
            Op::Le => x <= self.value,
            Op::Gt => x > self.value,
            Op::Ge => x >= self.value,
            // Goldstein weights have one decimal.
            Op::Eq => (x - self.value).abs() < 0.05,
        }
    }
}

/// A comparison that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?}: a comparison is <, <=, >, >= or = then a number, as '<=-5'")]
pub struct ComparisonError(String);

impl FromStr for Comparison {
    type Err = ComparisonError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (op, rest) = if let Some(r) = t.strip_prefix("<=") {
            (Op::Le, r)
        } else if let Some(r) = t.strip_prefix(">=") {
            (Op::Ge, r)
        } else if let Some(r) = t.strip_prefix('<') {
            (Op::Lt, r)
        } else if let Some(r) = t.strip_prefix('>') {
            (Op::Gt, r)
        } else if let Some(r) = t.strip_prefix("==").or_else(|| t.strip_prefix('=')) {
            (Op::Eq, r)
        } else {
            return Err(ComparisonError(s.to_string()));
        };
        let value: f32 = rest
            .trim()
            .parse()
            .map_err(|_| ComparisonError(s.to_string()))?;
        if !value.is_finite() {
            return Err(ComparisonError(s.to_string()));
        }
        Ok(Comparison { op, value })
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.op {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
        };
        write!(f, "{op}{}", self.value)
    }
}

impl Serialize for Comparison {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Comparison {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a rule delivers. Written `telegram:@channel`,
/// `telegram:-1001234567890`, `webhook:https://...` or `feed:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sink {
    /// A chat: `@channelname` or a numeric chat id.
    Telegram { chat: String },
    /// A JSON POST; signed when `secret_env` names an environment variable
    /// holding the secret.
    Webhook {
        url: String,
        secret_env: Option<String>,
    },
    /// An Atom feed at `feeds/NAME.atom` in the data folder.
    Feed { name: String },
}

/// A `--to` that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--to {input:?}: {problem}")]
pub struct SinkError {
    pub input: String,
    pub problem: String,
}

impl Sink {
    /// The same sink with the webhook secret's variable name set (for
    /// `--secret-env`); other sinks are unchanged.
    pub fn with_secret_env(self, var: Option<String>) -> Sink {
        match self {
            Sink::Webhook { url, .. } => Sink::Webhook {
                url,
                secret_env: var,
            },
            other => other,
        }
    }
}

/// True for a feed name that is safe as a file name.
pub fn valid_feed_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl FromStr for Sink {
    type Err = SinkError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |problem: &str| SinkError {
            input: s.to_string(),
            problem: problem.to_string(),
        };
        let (kind, rest) = s
            .split_once(':')
            .ok_or_else(|| err("expected telegram:, webhook: or feed:"))?;
        let rest = rest.trim();
        match kind.trim() {
            "telegram" => {
                let ok = if let Some(name) = rest.strip_prefix('@') {
                    // Telegram usernames: 5 to 32 letters, digits, underscores.
                    (5..=32).contains(&name.len())
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                } else {
                    rest.parse::<i64>().is_ok_and(|n| n != 0)
                };
                if !ok {
                    return Err(err("expected @channelname or a numeric chat id"));
                }
                Ok(Sink::Telegram {
                    chat: rest.to_string(),
                })
            }
            "webhook" => {
                let u = url::Url::parse(rest).map_err(|e| err(&format!("bad URL: {e}")))?;
                if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                    return Err(err("a webhook is an http or https URL"));
                }
                Ok(Sink::Webhook {
                    url: rest.to_string(),
                    secret_env: None,
                })
            }
            "feed" => {
                if !valid_feed_name(rest) {
                    return Err(err(
                        "a feed name is 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'",
                    ));
                }
                Ok(Sink::Feed {
                    name: rest.to_string(),
                })
            }
            _ => Err(err("expected telegram:, webhook: or feed:")),
        }
    }
}

impl fmt::Display for Sink {
    /// The `--to` form (without the secret's variable name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sink::Telegram { chat } => write!(f, "telegram:{chat}"),
            Sink::Webhook { url, .. } => write!(f, "webhook:{url}"),
            Sink::Feed { name } => write!(f, "feed:{name}"),
        }
    }
}

/// Serde form: the `--to` string, or `{ to = "webhook:...", secret_env = "VAR" }`.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum SinkRepr {
    Plain(String),
    Table {
        to: String,
        #[serde(default)]
        secret_env: Option<String>,
    },
}

impl Serialize for Sink {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Sink::Webhook {
                secret_env: Some(var),
                ..
            } => SinkRepr::Table {
                to: self.to_string(),
                secret_env: Some(var.clone()),
            },
            _ => SinkRepr::Plain(self.to_string()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Sink {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (to, var) = match SinkRepr::deserialize(d)? {
            SinkRepr::Plain(to) => (to, None),
            SinkRepr::Table { to, secret_env } => (to, secret_env),
        };
        let sink: Sink = to.parse().map_err(serde::de::Error::custom)?;
        Ok(sink.with_secret_env(var))
    }
}
