//! Every way a fetch can fail, each naming the URL.

use std::time::Duration;

/// Why a fetch failed. Every variant names the URL asked for (or, for a
/// redirect hop or the body, the URL where it went wrong).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL cannot be fetched at all: not http(s), no host, unparsable.
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// A request setting is unusable: a header name or value, a proxy URL.
    #[error("{url}: invalid request setting: {reason}")]
    InvalidRequest { url: String, reason: String },
    /// The SSRF guard refused the address the URL (or a redirect hop) leads to.
    #[error("{url}: refused to connect to {addr}: {reason} address (set allow_private or allow_addresses to permit it)")]
    Refused {
        url: String,
        addr: String,
        reason: &'static str,
    },
    /// robots.txt disallows the URL for the warta user-agent.
    #[error("{url}: disallowed by {robots_url}")]
    RobotsDisallowed { url: String, robots_url: String },
    /// robots.txt could not be read (5xx, timeout, connection refused); per
    /// RFC 9309 the site is treated as fully disallowed until `retry_after`.
    #[error("{url}: {robots_url} is unreachable ({detail}); not fetching the site for now")]
    RobotsUnreachable {
        url: String,
        robots_url: String,
        detail: String,
        retry_after: Duration,
    },
    /// A time limit ran out.
    #[error("{url}: timed out: {what}")]
    Timeout { url: String, what: String },
    /// The connection could not be opened (DNS, refused, reset, TLS).
    #[error("{url}: could not connect: {detail}")]
    Connect { url: String, detail: String },
    /// More redirects than allowed (a redirect loop ends here too).
    #[error("{url}: more than {limit} redirects (a redirect loop?)")]
    TooManyRedirects { url: String, limit: usize },
    /// The server answered with a status other than 2xx or 304. For 429 and
    /// 503 with a `Retry-After`, `retry_after` says when to come back.
    #[error("{url}: HTTP {code}{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    Status {
        url: String,
        code: u16,
        retry_after: Option<Duration>,
    },
    /// The body went over the cap (counted after decompression).
    #[error("{url}: response body is larger than {limit} bytes (after decompression)")]
    TooLarge { url: String, limit: u64 },
    /// Reading or decoding the body failed (connection cut, bad gzip).
    #[error("{url}: reading the response body failed: {detail}")]
    Body { url: String, detail: String },
    /// Another HTTP-level failure (malformed response, protocol error).
    #[error("{url}: HTTP request failed: {detail}")]
    Http { url: String, detail: String },
    /// The HTTP client could not be built (bad TLS setup, bad proxy).
    #[error("building the HTTP client failed: {0}")]
    Client(String),
}

impl FetchError {
    /// The URL the error is about, when there is one.
    pub fn url(&self) -> Option<&str> {
        use FetchError::*;
        match self {
            InvalidUrl { url, .. }
            | InvalidRequest { url, .. }
            | Refused { url, .. }
            | RobotsDisallowed { url, .. }
            | RobotsUnreachable { url, .. }
            | Timeout { url, .. }
            | Connect { url, .. }
            | TooManyRedirects { url, .. }
            | Status { url, .. }
            | TooLarge { url, .. }
            | Body { url, .. }
            | Http { url, .. } => Some(url),
            Client(_) => None,
        }
    }

    /// When the server (or robots.txt handling) asked to come back later.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            FetchError::RobotsUnreachable { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: connect errors, timeouts,
    /// cut bodies, protocol errors (often a connection closed early), 5xx,
    /// 429, 408 and an unreachable robots.txt.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Connect { .. }
            | FetchError::Body { .. }
            | FetchError::Http { .. }
            | FetchError::RobotsUnreachable { .. } => true,
            FetchError::Status { code, .. } => is_transient_status(*code),
            _ => false,
        }
    }
}

/// 5xx, 429 Too Many Requests and 408 Request Timeout are worth retrying.
pub(crate) fn is_transient_status(code: u16) -> bool {
    code >= 500 || code == 429 || code == 408
}
