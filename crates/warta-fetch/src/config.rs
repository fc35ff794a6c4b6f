//! The fetcher's settings, readable from the `[fetch]` section of `warta.toml`.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How the fetcher behaves: timeouts, caps, politeness, retries and the SSRF guard.
///
/// Every field has a default meant for real sites ([`FetchConfig::default`]);
/// a TOML section only names what it changes. Durations are written as
/// strings with a unit (`"500ms"`, `"1.5s"`, `"2m"`, `"1h"`) or as a number
/// of seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// A URL or e-mail address where site owners can reach the operator;
    /// it goes into the User-Agent: `warta/<version> (+<contact>)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent_contact: Option<String>,
    /// The limit on opening a TCP (and TLS) connection.
    #[serde(with = "duration")]
    pub connect_timeout: Duration,
    /// The limit on one request, from connecting to the last body byte.
    #[serde(with = "duration")]
    pub timeout: Duration,
    /// The longest wait for the next bytes (the response head or a body
    /// chunk), so a server that stalls or trickles is cut off early.
    #[serde(with = "duration")]
    pub idle_timeout: Duration,
    /// The most redirects one fetch follows.
    pub max_redirects: usize,
    /// The cap on the body, counted after decompression as it streams.
    pub max_bytes: u64,
    /// Whether private, loopback, link-local and other non-public addresses
    /// may be fetched (off for real crawling; tests and intranets turn it on).
    pub allow_private: bool,
    /// Addresses or CIDR ranges (`"10.1.2.3"`, `"10.1.0.0/16"`) allowed even
    /// when `allow_private` is off, such as one known intranet news server.
    pub allow_addresses: Vec<String>,
    /// A proxy for every request (`http://host:port`), unless a request names its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    /// The least time between the starts of two requests to one host and port.
    /// A robots.txt `Crawl-delay` raises it for that host (up to `max_crawl_delay`).
    #[serde(with = "duration")]
    pub host_delay: Duration,
    /// The most requests in flight to one host and port.
    pub host_concurrency: usize,
    /// The most requests in flight overall.
    pub total_concurrency: usize,
    /// How many times a transient failure (connect error, timeout, 5xx, 429) is retried.
    pub retries: u32,
    /// The first backoff wait; each retry doubles it, with jitter.
    #[serde(with = "duration")]
    pub backoff_base: Duration,
    /// A `Retry-After` up to this long is waited out and retried; a longer
    /// one ends the fetch with an error carrying it, for the scheduler.
    #[serde(with = "duration")]
    pub max_retry_after: Duration,
    /// The bound on one whole fetch: every attempt, backoff and wait.
    #[serde(with = "duration")]
    pub max_fetch_time: Duration,
    /// Whether robots.txt is fetched and obeyed.
    pub obey_robots: bool,
    /// How long a fetched robots.txt is trusted before it is fetched again.
    #[serde(with = "duration")]
    pub robots_ttl: Duration,
    /// How long an unreachable robots.txt (5xx, timeout, refused connection)
    /// blocks its site before it is tried again.
    #[serde(with = "duration")]
    pub robots_retry: Duration,
    /// The ceiling on a robots.txt `Crawl-delay`, so one odd file cannot stall
    /// a source for hours.
    #[serde(with = "duration")]
    pub max_crawl_delay: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent_contact: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(15),
            max_redirects: 10,
            max_bytes: 64 * 1024 * 1024,
            allow_private: false,
            allow_addresses: Vec::new(),
            proxy: None,
            host_delay: Duration::from_secs(1),
            host_concurrency: 2,
            total_concurrency: 32,
            retries: 3,
            backoff_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            max_fetch_time: Duration::from_secs(120),
            obey_robots: true,
            robots_ttl: Duration::from_secs(24 * 3600),
            robots_retry: Duration::from_secs(600),
            max_crawl_delay: Duration::from_secs(30),
        }
    }
}

impl FetchConfig {
    /// Settings for a test server on this machine: private addresses allowed,
    /// no pacing, high concurrency, short timeouts and backoff.
    pub fn local_testing() -> Self {
        FetchConfig {
            allow_private: true,
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(2),
            host_delay: Duration::ZERO,
            host_concurrency: 64,
            total_concurrency: 256,
            backoff_base: Duration::from_millis(20),
            max_fetch_time: Duration::from_secs(30),
            ..FetchConfig::default()
        }
    }

    /// The User-Agent header value: `warta/<version> (+<contact>)`.
    pub fn user_agent(&self) -> String {
        match &self.user_agent_contact {
            Some(contact) if !contact.trim().is_empty() => {
                format!("warta/{} (+{})", env!("CARGO_PKG_VERSION"), contact.trim())
            }
            _ => format!("warta/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Durations as `"500ms"`, `"1.5s"`, `"2m"`, `"1h"`, `"7d"`, `"2w"` or a number
/// of seconds; the rest of warta's config reads durations the same way.
pub mod duration {
    use serde::{de, Deserializer, Serializer};
    use std::fmt;
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        if d.subsec_nanos() == 0 {
            s.serialize_str(&format!("{}s", d.as_secs()))
        } else if d.subsec_millis() * 1_000_000 == d.subsec_nanos() {
            s.serialize_str(&format!("{}ms", d.as_millis()))
        } else {
            s.serialize_str(&format!("{}s", d.as_secs_f64()))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        d.deserialize_any(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Duration;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(
                "a duration such as \"500ms\", \"2s\", \"5m\", \"1h\" or a number of seconds",
            )
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
            Ok(Duration::from_secs(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
            u64::try_from(v)
                .map(Duration::from_secs)
                .map_err(|_| E::custom("a duration cannot be negative"))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
            Duration::try_from_secs_f64(v).map_err(|_| E::custom(format!("bad duration {v}")))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
            parse(v).ok_or_else(|| {
                E::custom(format!(
                    "bad duration {v:?}; write e.g. \"500ms\", \"2s\", \"5m\""
                ))
            })
        }
    }

    /// Parses `"500ms"`, `"1.5s"`, `"2m"`, `"1h"`, or a bare number of seconds.
    pub fn parse(text: &str) -> Option<Duration> {
        let text = text.trim();
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let number: f64 = number.parse().ok()?;
        let seconds = match unit.trim() {
            "ms" => number / 1000.0,
            "" | "s" => number,
            "m" | "min" => number * 60.0,
            "h" => number * 3600.0,
            "d" => number * 86_400.0,
            "w" => number * 7.0 * 86_400.0,
            _ => return None,
        };
        Duration::try_from_secs_f64(seconds).ok()
    }
}
