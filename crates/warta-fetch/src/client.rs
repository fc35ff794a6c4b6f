//! Building reqwest clients (one per proxy) and reading reqwest's errors.

use crate::config::FetchConfig;
use crate::error::FetchError;
use crate::guard::{Guard, GuardedResolver, Refusal};
use reqwest::redirect::Policy;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::{Arc, Mutex};

/// More proxies than this in use at once is unusual; the cache then starts over.
const MAX_CLIENTS: usize = 16;

/// reqwest clients keyed by proxy (`None` for direct), built on first use,
/// so connections are pooled per proxy.
pub(crate) struct Clients {
    config: Arc<FetchConfig>,
    guard: Arc<Guard>,
    cache: Mutex<HashMap<Option<String>, reqwest::Client>>,
}

/// The redirect policy's "too many" marker, found again in the error chain.
#[derive(Debug)]
struct RedirectLimit(usize);

impl std::fmt::Display for RedirectLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {} redirects", self.0)
    }
}

impl StdError for RedirectLimit {}

/// A redirect to something other than http(s).
#[derive(Debug)]
struct BadScheme(String);

impl std::fmt::Display for BadScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect to a non-HTTP URL {}", self.0)
    }
}

impl StdError for BadScheme {}

impl Clients {
    pub(crate) fn new(config: Arc<FetchConfig>, guard: Arc<Guard>) -> Self {
        Clients {
            config,
            guard,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The client for `proxy`, building it on first use.
    pub(crate) fn get(&self, proxy: Option<&str>) -> Result<reqwest::Client, String> {
        let key = proxy.map(str::to_string);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(client) = cache.get(&key) {
            return Ok(client.clone());
        }
        let client = self.build(proxy)?;
        if cache.len() >= MAX_CLIENTS {
            cache.clear();
        }
        cache.insert(key, client.clone());
        Ok(client)
    }

    fn build(&self, proxy: Option<&str>) -> Result<reqwest::Client, String> {
        let config = &self.config;
        let guard = self.guard.clone();
        let max_redirects = config.max_redirects;
        let policy = Policy::custom(move |attempt| {
            // `previous` holds the URLs already requested, the first included.
            if attempt.previous().len() > max_redirects {
                return attempt.error(RedirectLimit(max_redirects));
            }
            let next = attempt.url();
            if !matches!(next.scheme(), "http" | "https") {
                let scheme = next.to_string();
                return attempt.error(BadScheme(scheme));
            }
            // Names are checked when resolved; IP literals never reach the resolver.
            match guard.check_url(next) {
                Ok(()) => attempt.follow(),
                Err(refusal) => attempt.error(refusal),
            }
        });
        let mut exempt_host = None;
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent())
            .connect_timeout(config.connect_timeout)
            .redirect(policy)
            .pool_max_idle_per_host(config.host_concurrency.clamp(1, 8));
        builder = match proxy {
            Some(proxy_url) => {
                let parsed = url::Url::parse(proxy_url)
                    .map_err(|e| format!("bad proxy URL {proxy_url}: {e}"))?;
                exempt_host = parsed.host_str().map(str::to_string);
                let proxy = reqwest::Proxy::all(proxy_url)
                    .map_err(|e| format!("bad proxy URL {proxy_url}: {e}"))?;
                builder.proxy(proxy)
            }
            // Only the configuration chooses proxies, not HTTP_PROXY in the environment.
            None => builder.no_proxy(),
        };
        let resolver = GuardedResolver {
            guard: self.guard.clone(),
            exempt_host,
        };
        builder
            .dns_resolver(Arc::new(resolver))
            .build()
            .map_err(|e| error_chain(&e))
    }
}

/// The messages of an error and its sources, joined, without repeats.
pub(crate) fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

fn find_source<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

/// Turns a reqwest error into ours; `url` is the URL asked for, used when
/// the error does not name the hop where it happened.
pub(crate) fn map_error(url: &str, error: reqwest::Error, config: &FetchConfig) -> FetchError {
    let at = error
        .url()
        .map(|u| u.to_string())
        .unwrap_or_else(|| url.to_string());
    let error = error.without_url();
    if let Some(refusal) = find_source::<Refusal>(&error) {
        return FetchError::Refused {
            url: at,
            addr: refusal.addr.clone(),
            reason: refusal.reason,
        };
    }
    if let Some(RedirectLimit(limit)) = find_source::<RedirectLimit>(&error) {
        return FetchError::TooManyRedirects {
            url: url.to_string(),
            limit: *limit,
        };
    }
    if let Some(bad) = find_source::<BadScheme>(&error) {
        return FetchError::InvalidUrl {
            url: url.to_string(),
            reason: bad.to_string(),
        };
    }
    let detail = error_chain(&error);
    if error.is_timeout() {
        let what = if error.is_connect() {
            format!("connecting took longer than {:?}", config.connect_timeout)
        } else {
            format!("the request took longer than {:?}", config.timeout)
        };
        return FetchError::Timeout { url: at, what };
    }
    if error.is_connect() {
        return FetchError::Connect { url: at, detail };
    }
    if error.is_body() || error.is_decode() {
        return FetchError::Body { url: at, detail };
    }
    FetchError::Http { url: at, detail }
}
