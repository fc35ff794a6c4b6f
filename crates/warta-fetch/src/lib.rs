//! The polite HTTP fetcher of the running system.
//!
//! One [`Fetcher`] serves the whole process (it is cheap to clone): it keeps
//! the per-host pacing, the robots.txt cache and one reqwest client per
//! proxy. A fetch
//!
//! 1. checks the URL (http or https, a host, not a refused IP literal);
//! 2. consults robots.txt for the origin (fetched once, cached for
//!    `robots_ttl`; a `Crawl-delay` raises the host's pacing delay);
//! 3. waits for a host slot, the host's delay and a global slot;
//! 4. sends a conditional GET (`If-None-Match`, `If-Modified-Since`),
//!    following redirects, each hop checked by the SSRF guard;
//! 5. reads the body chunk by chunk, after decompression, up to `max_bytes`,
//!    cutting off a server that goes quiet for `idle_timeout`;
//! 6. retries transient failures with jittered exponential backoff, waits
//!    out a short `Retry-After` and returns a long one to the caller, all
//!    within `max_fetch_time`.
//!
//! robots.txt choices (RFC 9309): a 4xx (404, 401, 403...) allows
//! everything; a 5xx, a 429, a timeout or a refused connection means
//! "disallow the whole site for now" ([`FetchError::RobotsUnreachable`]),
//! remembered for `robots_retry`; more than `max_redirects` redirects count
//! as missing. Redirect hops are checked by the SSRF guard but not against
//! the target's robots.txt, and they are not paced separately.
//!
//! With a proxy, host names are resolved by the proxy, so the SSRF guard
//! checks only IP-literal hosts there.

mod client;
mod config;
mod error;
pub mod guard;
pub mod headers;
mod pacing;
pub mod robots;

pub use config::{duration, FetchConfig};
pub use error::FetchError;
pub use robots::Robots;
pub use url::Url;

use client::Clients;
use guard::Guard;
use pacing::{host_key, Pacer};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// The user-agent product token robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "warta";

/// robots.txt beyond this is ignored (RFC 9309 asks for at least 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// What to fetch, and how.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// The URL to GET.
    pub url: Url,
    /// The `ETag` of the copy already held, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the copy already held, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Extra request headers (they replace defaults of the same name).
    pub headers: Vec<(String, String)>,
    /// A `Cookie` header value, for sites that need consent or a session.
    pub cookie: Option<String>,
    /// A proxy for this request, instead of the configured one.
    pub proxy: Option<String>,
}

impl FetchRequest {
    /// A plain GET of `url`.
    pub fn new(url: Url) -> Self {
        FetchRequest {
            url,
            etag: None,
            last_modified: None,
            headers: Vec::new(),
            cookie: None,
            proxy: None,
        }
    }
}

/// The result of a successful fetch.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// The server sent the page.
    Fetched(FetchedPage),
    /// The copy held is current (HTTP 304).
    NotModified {
        /// The final URL, after redirects.
        url: Url,
    },
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    /// The final URL, after redirects.
    pub url: Url,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header, for the charset and the kind of document.
    pub content_type: Option<String>,
    /// The `ETag`, for the next conditional GET.
    pub etag: Option<String>,
    /// The `Last-Modified`, for the next conditional GET.
    pub last_modified: Option<String>,
    /// How long the response stays fresh, from `Cache-Control` or `Expires`.
    pub max_age: Option<Duration>,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// The time the whole fetch took: robots.txt, waits, retries included.
    pub elapsed: Duration,
    /// How many requests were sent for the page (1 without retries).
    pub attempts: u32,
}

/// The fetcher: cheap to clone, shared by every task of the process.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    config: Arc<FetchConfig>,
    guard: Arc<Guard>,
    clients: Clients,
    pacer: Pacer,
    robots: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<RobotsEntry>>>>>,
    /// Pacing shared with other processes, when set.
    shared: std::sync::OnceLock<Arc<dyn SharedPacing>>,
}

/// Politeness per host shared by several processes (workers on one
/// store): each request start to a host is reserved there, `delay` after
/// the last one any process reserved.
pub trait SharedPacing: Send + Sync {
    /// Reserves the next start for `host` (`host:port`) and returns how long
    /// to wait for it. Blocking: it is called on tokio's blocking pool. An
    /// error lets the request go with the process's own pacing only.
    fn reserve(&self, host: &str, delay: Duration) -> Result<Duration, String>;
}

struct RobotsEntry {
    expires: Instant,
    state: RobotsState,
}

enum RobotsState {
    Rules(Robots),
    Unreachable(String),
}

impl Fetcher {
    /// A fetcher with `config`. Fails on an unusable setting (a bad
    /// `allow_addresses` entry or proxy URL, a TLS setup error).
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let guard = Arc::new(
            Guard::new(config.allow_private, &config.allow_addresses)
                .map_err(FetchError::Client)?,
        );
        let config = Arc::new(config);
        let clients = Clients::new(config.clone(), guard.clone());
        // Build the default client now, so a bad setup fails here and not on the first fetch.
        clients
            .get(config.proxy.as_deref())
            .map_err(FetchError::Client)?;
        let pacer = Pacer::new(
            config.host_delay,
            config.host_concurrency,
            config.total_concurrency,
        );
        Ok(Fetcher {
            inner: Arc::new(Inner {
                config,
                guard,
                clients,
                pacer,
                robots: Mutex::new(HashMap::new()),
                shared: std::sync::OnceLock::new(),
            }),
        })
    }

    /// Shares the pacing per host with other processes from now on (set
    /// once; later calls are ignored). Requests to a host without a delay
    /// are not reserved.
    pub fn share_pacing(&self, shared: Arc<dyn SharedPacing>) {
        let _ = self.inner.shared.set(shared);
    }

    /// Waits for this process's turn at a host among all processes.
    async fn shared_turn(&self, key: &str) {
        let Some(shared) = self.inner.shared.get() else {
            return;
        };
        let delay = self.inner.pacer.delay_for(key);
        if delay.is_zero() {
            return;
        }
        let (shared, host) = (shared.clone(), key.to_string());
        match tokio::task::spawn_blocking(move || shared.reserve(&host, delay)).await {
            Ok(Ok(wait)) if !wait.is_zero() => tokio::time::sleep(wait).await,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(host = key, "shared pacing: {e}"),
            Err(e) => tracing::warn!(host = key, "shared pacing: {e}"),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// GETs `url` without conditions or extra settings; a 304 is an error.
    pub async fn get(&self, url: Url) -> Result<FetchedPage, FetchError> {
        match self.fetch(FetchRequest::new(url)).await? {
            FetchOutcome::Fetched(page) => Ok(page),
            FetchOutcome::NotModified { url } => Err(FetchError::Status {
                url: url.to_string(),
                code: 304,
                retry_after: None,
            }),
        }
    }

    /// Fetches one URL politely; see the crate documentation for the steps.
    pub async fn fetch(&self, req: FetchRequest) -> Result<FetchOutcome, FetchError> {
        let started = Instant::now();
        let config = &*self.inner.config;
        let deadline = started + config.max_fetch_time;
        let url_text = req.url.to_string();
        if !matches!(req.url.scheme(), "http" | "https") {
            return Err(FetchError::InvalidUrl {
                url: url_text,
                reason: format!("the scheme {:?} is not http or https", req.url.scheme()),
            });
        }
        if req.url.host_str().is_none_or(str::is_empty) {
            return Err(FetchError::InvalidUrl {
                url: url_text,
                reason: "no host".into(),
            });
        }
        if let Err(refusal) = self.inner.guard.check_url(&req.url) {
            return Err(FetchError::Refused {
                url: url_text,
                addr: refusal.addr,
                reason: refusal.reason,
            });
        }
        let headers = request_headers(&req)?;
        let proxy = req.proxy.as_deref().or(config.proxy.as_deref());
        let client =
            self.inner
                .clients
                .get(proxy)
                .map_err(|reason| FetchError::InvalidRequest {
                    url: url_text.clone(),
                    reason,
                })?;
        let key = host_key(&req.url);
        if config.obey_robots {
            let check = self.check_robots(&client, &req.url, &key, deadline);
            within(deadline, &url_text, config, check).await??;
        }
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let attempt = self.attempt(&client, &req, &headers, &key, deadline, started, attempts);
            let err = match within(deadline, &url_text, config, attempt).await {
                Ok(Ok(outcome)) => return Ok(outcome),
                Ok(Err(err)) | Err(err) => err,
            };
            let wait = match &err {
                // The server named its wait: short ones are waited out,
                // long ones go back to the scheduler with the error.
                FetchError::Status {
                    retry_after: Some(after),
                    ..
                } => {
                    if *after > config.max_retry_after {
                        return Err(err);
                    }
                    *after
                }
                e if e.is_transient() => headers::backoff(config.backoff_base, attempts - 1),
                _ => return Err(err),
            };
            if attempts > config.retries || Instant::now() + wait >= deadline {
                return Err(err);
            }
            tracing::debug!(url = %url_text, attempt = attempts, ?wait, error = %err, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One request: a slot, the GET, the body.
    #[allow(clippy::too_many_arguments)]
    async fn attempt(
        &self,
        client: &reqwest::Client,
        req: &FetchRequest,
        headers: &HeaderMap,
        key: &str,
        deadline: Instant,
        started: Instant,
        attempts: u32,
    ) -> Result<FetchOutcome, FetchError> {
        let config = &*self.inner.config;
        let url_text = req.url.as_str();
        // Other workers' requests to the host first, then ours.
        self.shared_turn(key).await;
        let _permit = self.inner.pacer.acquire(key).await;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let send = client
            .get(req.url.clone())
            .headers(headers.clone())
            .timeout(config.timeout.min(remaining))
            .send();
        let mut response = receive_head(send, url_text, config).await?;
        let status = response.status().as_u16();
        let final_url = response.url().clone();
        if status == 304 {
            return Ok(FetchOutcome::NotModified { url: final_url });
        }
        let header = |name: HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
        };
        if !(200..300).contains(&status) {
            let retry_after = header(reqwest::header::RETRY_AFTER)
                .and_then(|v| headers::parse_retry_after(&v, SystemTime::now()));
            return Err(FetchError::Status {
                url: final_url.to_string(),
                code: status,
                retry_after,
            });
        }
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let max_age = headers::freshness(
            header(reqwest::header::CACHE_CONTROL).as_deref(),
            header(reqwest::header::EXPIRES).as_deref(),
            header(reqwest::header::DATE).as_deref(),
            header(reqwest::header::AGE).as_deref(),
            SystemTime::now(),
        );
        let body = read_body(
            &mut response,
            final_url.as_str(),
            config,
            config.max_bytes,
            false,
        )
        .await?;
        Ok(FetchOutcome::Fetched(FetchedPage {
            url: final_url,
            status,
            content_type,
            etag,
            last_modified,
            max_age,
            body,
            elapsed: started.elapsed(),
            attempts,
        }))
    }

    /// Checks `url` against its origin's robots.txt, fetching it when it is
    /// not cached or has expired. One fetch per origin at a time: others
    /// asking meanwhile wait for its answer.
    async fn check_robots(
        &self,
        client: &reqwest::Client,
        url: &Url,
        key: &str,
        deadline: Instant,
    ) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        let entry = {
            let mut map = self.inner.robots.lock().unwrap_or_else(|e| e.into_inner());
            if map.len() >= 4096 && !map.contains_key(&origin) {
                let now = Instant::now();
                map.retain(|_, e| {
                    e.try_lock()
                        .map(|e| e.as_ref().is_some_and(|e| e.expires > now))
                        .unwrap_or(true)
                });
            }
            map.entry(origin.clone()).or_default().clone()
        };
        let mut slot = entry.lock().await;
        let now = Instant::now();
        let robots_url = format!("{origin}/robots.txt");
        if slot.as_ref().is_none_or(|e| e.expires <= now) {
            let state = self
                .fetch_robots(client, &robots_url, key, deadline)
                .await
                .map_err(|e| match e {
                    // Name the page asked for; the address says what was refused.
                    FetchError::Refused { addr, reason, .. } => FetchError::Refused {
                        url: url.to_string(),
                        addr,
                        reason,
                    },
                    e => e,
                })?;
            let config = &self.inner.config;
            let ttl = match &state {
                RobotsState::Rules(robots) => {
                    // Set every time, so a Crawl-delay dropped from the file stops applying.
                    let delay = robots.crawl_delay().unwrap_or_default();
                    self.inner
                        .pacer
                        .set_floor(key, delay.min(config.max_crawl_delay));
                    config.robots_ttl
                }
                RobotsState::Unreachable(_) => config.robots_retry,
            };
            *slot = Some(RobotsEntry {
                expires: Instant::now() + ttl,
                state,
            });
        }
        let entry = slot.as_ref().expect("filled above");
        match &entry.state {
            RobotsState::Rules(robots) if robots.allows_url(url) => Ok(()),
            RobotsState::Rules(_) => Err(FetchError::RobotsDisallowed {
                url: url.to_string(),
                robots_url,
            }),
            RobotsState::Unreachable(detail) => Err(FetchError::RobotsUnreachable {
                url: url.to_string(),
                robots_url,
                detail: detail.clone(),
                retry_after: entry.expires.saturating_duration_since(Instant::now()),
            }),
        }
    }

    /// One GET of robots.txt, read into rules or judged unreachable.
    async fn fetch_robots(
        &self,
        client: &reqwest::Client,
        robots_url: &str,
        key: &str,
        deadline: Instant,
    ) -> Result<RobotsState, FetchError> {
        let config = &*self.inner.config;
        let result = async {
            let _permit = self.inner.pacer.acquire(key).await;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let send = client
                .get(robots_url)
                .timeout(config.timeout.min(remaining))
                .send();
            let mut response = receive_head(send, robots_url, config).await?;
            let status = response.status().as_u16();
            if !(200..300).contains(&status) {
                return Err(FetchError::Status {
                    url: robots_url.to_string(),
                    code: status,
                    retry_after: None,
                });
            }
            read_body(&mut response, robots_url, config, ROBOTS_MAX_BYTES, true).await
        }
        .await;
        let state = match result {
            Ok(body) => RobotsState::Rules(Robots::parse(&body, ROBOTS_AGENT)),
            // RFC 9309 §2.3.1.3: 4xx means no rules. 429 is a "come back later".
            Err(FetchError::Status { code, .. }) if (400..500).contains(&code) && code != 429 => {
                RobotsState::Rules(Robots::allow_all())
            }
            // §2.3.1.2: after too many redirects, robots.txt counts as missing.
            Err(FetchError::TooManyRedirects { .. }) => RobotsState::Rules(Robots::allow_all()),
            // A refused address or a bad setting is about the request, not the site.
            Err(
                e @ (FetchError::Refused { .. }
                | FetchError::InvalidRequest { .. }
                | FetchError::InvalidUrl { .. }),
            ) => return Err(e),
            // §2.3.1.4: unreachable means disallow everything for now.
            Err(e) => RobotsState::Unreachable(e.to_string()),
        };
        tracing::debug!(
            robots_url,
            unreachable = matches!(state, RobotsState::Unreachable(_)),
            "robots.txt read"
        );
        Ok(state)
    }
}

/// Runs `work` until `deadline`; past it, a `Timeout` naming `max_fetch_time`.
async fn within<T>(
    deadline: Instant,
    url: &str,
    config: &FetchConfig,
    work: impl std::future::Future<Output = T>,
) -> Result<T, FetchError> {
    tokio::time::timeout_at(deadline, work)
        .await
        .map_err(|_| FetchError::Timeout {
            url: url.to_string(),
            what: format!(
                "the fetch took longer than max_fetch_time ({:?})",
                config.max_fetch_time
            ),
        })
}

/// Waits for the response head: connecting has `connect_timeout`, and then
/// the server has `idle_timeout` to start answering.
async fn receive_head(
    send: impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
    url: &str,
    config: &FetchConfig,
) -> Result<reqwest::Response, FetchError> {
    let limit = config.connect_timeout + config.idle_timeout;
    match tokio::time::timeout(limit, send).await {
        Err(_) => Err(FetchError::Timeout {
            url: url.to_string(),
            what: format!("no response head within {limit:?}"),
        }),
        Ok(Err(e)) => Err(client::map_error(url, e, config)),
        Ok(Ok(response)) => Ok(response),
    }
}

/// Reads the body chunk by chunk (decompressed bytes, as reqwest decodes
/// gzip and brotli on the fly) up to `limit`: past it, `TooLarge`, or with
/// `truncate` the first `limit` bytes. A gap of `idle_timeout` between
/// chunks ends the read. Dropping the response then closes the connection,
/// so an endless or bomb body costs at most `limit` bytes of memory.
async fn read_body(
    response: &mut reqwest::Response,
    url: &str,
    config: &FetchConfig,
    limit: u64,
    truncate: bool,
) -> Result<Vec<u8>, FetchError> {
    let too_large = || FetchError::TooLarge {
        url: url.to_string(),
        limit,
    };
    // Known only for an uncompressed body; a compressed one may expand.
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) && !truncate {
        return Err(too_large());
    }
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    // Trust a declared length for the first allocation only up to a few MiB.
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit).min(8 << 20) as usize);
    loop {
        let chunk = match tokio::time::timeout(config.idle_timeout, response.chunk()).await {
            Err(_) => {
                return Err(FetchError::Timeout {
                    url: url.to_string(),
                    what: format!(
                        "no body bytes for {:?} (after {} bytes)",
                        config.idle_timeout,
                        body.len()
                    ),
                })
            }
            Ok(Err(e)) => return Err(client::map_error(url, e, config)),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => chunk,
        };
        if body.len() + chunk.len() > limit_usize {
            if truncate {
                body.extend_from_slice(&chunk[..limit_usize - body.len()]);
                return Ok(body);
            }
            return Err(too_large());
        }
        // Grow by doubling but never past the limit, so the buffer's
        // capacity, not only its length, stays within `max_bytes`.
        let needed = body.len() + chunk.len();
        if needed > body.capacity() {
            let target = (body.capacity() * 2).max(needed).min(limit_usize);
            body.reserve_exact(target - body.len());
        }
        body.extend_from_slice(&chunk);
    }
}

/// The request's own headers: the extras, the cookie and the validators.
fn request_headers(req: &FetchRequest) -> Result<HeaderMap, FetchError> {
    let invalid = |reason: String| FetchError::InvalidRequest {
        url: req.url.to_string(),
        reason,
    };
    let mut map = HeaderMap::new();
    let mut put = |name: &str, value: &str| -> Result<(), FetchError> {
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| invalid(format!("bad header name {name:?}")))?;
        let value = HeaderValue::from_str(value.trim())
            .map_err(|_| invalid(format!("bad value for header {name}")))?;
        map.insert(name, value);
        Ok(())
    };
    for (name, value) in &req.headers {
        put(name, value)?;
    }
    if let Some(cookie) = &req.cookie {
        put("cookie", cookie)?;
    }
    if let Some(etag) = &req.etag {
        put("if-none-match", etag)?;
    }
    if let Some(date) = &req.last_modified {
        put("if-modified-since", date)?;
    }
    Ok(map)
}

/// Fetches one URL from synchronous code (the CLI's `warta extract URL`),
/// on a runtime of its own. A 304 cannot happen (no validators are sent).
///
/// For a one-off fetch a person asked for, the caller may well set
/// `obey_robots: false`, as a browser or curl would.
pub fn fetch_blocking(config: FetchConfig, url: &Url) -> Result<FetchedPage, FetchError> {
    BlockingFetcher::new(config)?.get(url)
}

/// A [`Fetcher`] for synchronous code: several fetches (following a page's
/// next pages) share its clients, pacing and robots.txt cache.
pub struct BlockingFetcher {
    runtime: tokio::runtime::Runtime,
    fetcher: Fetcher,
}

impl BlockingFetcher {
    /// A blocking fetcher with its own single-thread runtime.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| FetchError::Client(format!("starting the async runtime: {e}")))?;
        // reqwest's clients must be built inside a runtime for their timers.
        let fetcher = runtime.block_on(async { Fetcher::new(config) })?;
        Ok(BlockingFetcher { runtime, fetcher })
    }

    /// GETs `url`.
    pub fn get(&self, url: &Url) -> Result<FetchedPage, FetchError> {
        self.runtime.block_on(self.fetcher.get(url.clone()))
    }

    /// Fetches with a full request (validators, headers, proxy).
    pub fn fetch(&self, req: FetchRequest) -> Result<FetchOutcome, FetchError> {
        self.runtime.block_on(self.fetcher.fetch(req))
    }
}
