//! warta's HTTP side: the JSON API under `/api`, the server-rendered pages,
//! `/metrics` in Prometheus text format and the OpenAPI document.
//!
//! Everything here reads and writes through the [`Store`] trait and the
//! search index; nothing here fetches pages or analyses text. Store calls
//! are blocking, so handlers run them on tokio's blocking pool.
//!
//! Safety rules that hold everywhere:
//! - every piece of stored text reaches HTML through maud's escaping, and
//!   links taken from articles are kept only when they are `http(s)`;
//! - writes (API `POST`/`PUT`/`PATCH`/`DELETE`, the admin pages and their
//!   forms) need the server token, as `Authorization: Bearer TOKEN` or the
//!   cookie that the login form sets; reads are public unless the config
//!   closes them;
//! - API errors are JSON, `{"error": {"code", "message"}}`, with a stable
//!   `code` and the HTTP status that means the same.

mod api;
mod auth;
mod error;
mod highlight;
mod i18n;
mod metrics;
pub mod openapi;
mod pages;
pub mod timeline;

pub use error::ApiError;

use axum::Router;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use warta_search::{IndexLocation, TextIndex};
use warta_store::{SourceKind, SourceSettings, Store};

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The token that writes and the admin pages need. `None`: writes are
    /// refused (with an error that says how to set one).
    pub token: Option<String>,
    /// Reads (`GET /api/...`, the public pages, `/metrics`) without the
    /// token. On by default.
    pub public_reads: bool,
    /// Where the search index lives (tantivy's folder, or the PostgreSQL
    /// store's database); `None` when there is none.
    pub index: Option<IndexLocation>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            token: None,
            public_reads: true,
            index: None,
        }
    }
}

/// What a URL turned out to be when a source is added.
#[derive(Debug, Clone)]
pub struct FoundSource {
    pub url: String,
    pub kind: SourceKind,
    pub title: Option<String>,
    pub site_url: Option<String>,
}

/// Finds the feed or sitemap behind a URL (the binary fetches; this crate
/// does no I/O of its own beyond serving).
pub trait SourceFinder: Send + Sync {
    fn find(
        &self,
        url: String,
        settings: SourceSettings,
    ) -> Pin<Box<dyn Future<Output = Result<FoundSource, String>> + Send>>;
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Arc<dyn Store>,
    config: WebConfig,
    finder: Option<Arc<dyn SourceFinder>>,
    search: Mutex<Option<Arc<TextIndex>>>,
    metrics: metrics::Metrics,
    started: Instant,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        config: WebConfig,
        finder: Option<Arc<dyn SourceFinder>>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            store,
            config,
            finder,
            search: Mutex::new(None),
            metrics: metrics::Metrics::default(),
            started: Instant::now(),
        }))
    }

    fn store(&self) -> Arc<dyn Store> {
        self.0.store.clone()
    }

    fn config(&self) -> &WebConfig {
        &self.0.config
    }

    /// The search index, opened on first use (it may appear after the
    /// server started, when the follower or `warta reindex` creates it).
    fn search_index(&self) -> Result<Arc<TextIndex>, ApiError> {
        let mut slot = self.0.search.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(index) = slot.as_ref() {
            return Ok(index.clone());
        }
        let Some(location) = &self.0.config.index else {
            return Err(ApiError::unavailable(
                "search_unavailable",
                "this server has no search index",
            ));
        };
        if let IndexLocation::Folder(dir) = location {
            if !warta_search::SearchIndex::exists_in(dir) {
                return Err(ApiError::unavailable(
                    "search_unavailable",
                    format!(
                        "no search index in {} yet; run `warta reindex`",
                        dir.display()
                    ),
                ));
            }
        }
        let index = TextIndex::open(location).map(Arc::new).map_err(|e| {
            ApiError::unavailable("search_unavailable", format!("search index: {e}"))
        })?;
        *slot = Some(index.clone());
        Ok(index)
    }

    /// Runs a blocking store call on the blocking pool.
    async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let store = self.store();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| ApiError::internal(format!("the request's worker failed: {e}")))?
    }
}

/// The whole application: API, pages, metrics, static files.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .route("/metrics", axum::routing::get(metrics::metrics))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        // Pages and JSON shrink about five times: it matters on a phone.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` completes; requests in
/// flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
