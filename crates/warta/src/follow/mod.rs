//! Following sources: polling feeds and sitemaps, taking each new entry
//! through the pipeline, and storing it. This is the I/O around
//! [`crate::pipeline`].
//!
//! Crash safety comes from the store: a poll queues its new entries in the
//! transaction that records it, and an entry leaves the queue in the
//! transaction that saves its article. After a crash, `warta run` picks up
//! the queue where it stopped; nothing is lost and nothing is stored twice.
//!
//! Several workers may follow one PostgreSQL store together: each takes
//! its work through the store's claims (due sources, queued entries,
//! deliveries), under its own worker id, so each piece goes to one worker;
//! a worker that dies leaves its claims to run out (`follow.claim_lease`)
//! and another takes the work over. Politeness per host holds across them
//! through the store's next allowed fetch per host, and story placement
//! through the store's story rounds (see [`crate::stories`]).

pub mod poll;

use crate::config::Config;
use crate::pipeline::{self, Pipeline};
use anyhow::Result;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use warta_fetch::{FetchOutcome, FetchRequest, Fetcher};
use warta_store::{NewArticle, QueuedItem, RawPage, Store};

/// Everything a follower needs, shared by its tasks.
pub struct Follower {
    pub store: Arc<dyn Store>,
    pub fetcher: Fetcher,
    pub config: Config,
    pub pipeline: Pipeline,
    /// The group stage: every stored article joins a story.
    pub stories: crate::stories::Stories,
    /// Rules and sinks; the delivery loop is told when the outbox grows.
    pub alerts: crate::alerts::Alerts,
    pub outbox_grew: tokio::sync::Notify,
    /// The full-text index, fed after each store commit.
    pub index: Option<crate::index::LiveIndex>,
    /// Permits for CPU work (extract, analyze): one per worker thread.
    cpu: Semaphore,
    /// This worker's name in the store's claims: host, process, start.
    pub worker: String,
}

/// A worker name unique among the processes sharing a store.
fn worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{host}:{}:{nanos:08x}", std::process::id())
}

/// The store as the fetcher's shared pacing: each request start to a host
/// is reserved in the store, so the delay per host holds across workers.
struct StorePacing(Arc<dyn Store>);

impl warta_fetch::SharedPacing for StorePacing {
    fn reserve(&self, host: &str, delay: Duration) -> std::result::Result<Duration, String> {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let start = self
            .0
            .reserve_fetch(host, delay.as_millis() as i64, now_ms)
            .map_err(|e| e.to_string())?;
        Ok(Duration::from_millis((start - now_ms).max(0) as u64))
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub polls: u64,
    pub poll_errors: u64,
    pub queued: u64,
    pub articles: u64,
    /// Entries kept from the feed's own content because their page failed.
    pub page_errors: u64,
    pub item_errors: u64,
}

enum Done {
    Poll(i64, Result<usize>),
    Item(i64, ItemResult),
}

enum ItemResult {
    Saved { page_error: bool },
    Failed,
}

/// The claim lease in seconds.
fn lease_secs(config: &Config) -> i64 {
    config
        .follow
        .claim_lease
        .as_secs()
        .clamp(1, i64::MAX as u64) as i64
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Runs a store call on the blocking pool: SQLite waits for the disk and
/// for the other writer, which must not stall the async workers.
pub async fn blocking<T: Send + 'static>(
    store: &Arc<dyn Store>,
    f: impl FnOnce(&dyn Store) -> warta_store::Result<T> + Send + 'static,
) -> Result<T> {
    let store = store.clone();
    Ok(tokio::task::spawn_blocking(move || f(store.as_ref())).await??)
}

impl Follower {
    /// A follower over `store`, its group stage seeded from the store.
    pub fn new(
        store: Arc<dyn Store>,
        fetcher: Fetcher,
        config: Config,
        data_dir: &std::path::Path,
    ) -> Result<Arc<Follower>> {
        let mut alerts = crate::alerts::Alerts::new(store.clone(), data_dir, &config.telegram)?;
        alerts.claim_lease = lease_secs(&config);
        if store.claims_are_shared() {
            fetcher.share_pacing(Arc::new(StorePacing(store.clone())));
        }
        let rules = alerts.rules()?;
        let outbox = |story: &warta_store::StoryView| crate::alerts::wanted(&rules, story);
        let stories = crate::stories::Stories::load(store.as_ref(), now(), Some(&outbox))?;
        let workers = match config.follow.workers {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        let index = crate::cli::index_location(&config, data_dir)
            .map_err(|e| tracing::warn!("the search index is not updated: {e:#}"))
            .ok()
            .and_then(|location| crate::index::LiveIndex::open(&location));
        if let Some(index) = &index {
            // Articles a dead worker left unplaced, placed by the load.
            stories.index_unindexed(store.as_ref(), index);
        }
        Ok(Arc::new(Follower {
            store,
            fetcher,
            config,
            pipeline: Pipeline::default(),
            stories,
            alerts,
            outbox_grew: tokio::sync::Notify::new(),
            index,
            cpu: Semaphore::new(workers),
            worker: worker_id(),
        }))
    }

    /// Follows every source until `stop` turns true (then finishes the work
    /// in flight), or, with `once`, until every due source was polled once
    /// and the queue is empty.
    pub async fn run(
        self: &Arc<Self>,
        once: bool,
        mut stop: watch::Receiver<bool>,
    ) -> Result<Summary> {
        let mut summary = Summary::default();
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let mut polling: HashSet<i64> = HashSet::new();
        let mut working: HashSet<i64> = HashSet::new();
        // With --once, each source is polled and each entry tried at most
        // once, so that the pass ends.
        let mut polled: HashSet<i64> = HashSet::new();
        let mut tried: HashSet<i64> = HashSet::new();
        let poll_slots = self.config.fetch.total_concurrency.clamp(1, 64);
        let item_slots = (self.config.fetch.total_concurrency * 2).clamp(4, 256);
        let lease = lease_secs(&self.config);
        // On a shared store a claim hides what this worker is doing; on
        // SQLite a claim lists it again, and it is skipped here.
        let shared = self.store.claims_are_shared();
        let mut last_sweep = std::time::Instant::now();
        tracing::info!(worker = %self.worker, shared, "following");
        loop {
            if *stop.borrow() {
                tracing::info!("stopping: finishing {} tasks in flight", tasks.len());
                break;
            }
            let now = now();
            if polling.len() < poll_slots {
                let want = poll_slots - polling.len();
                let limit = if shared { want } else { want + polled.len() };
                let due =
                    blocking(&self.store, move |s| s.claim_due_sources(now, lease, limit)).await?;
                for source in due {
                    if polling.contains(&source.id) || (once && polled.contains(&source.id)) {
                        continue;
                    }
                    if polling.len() >= poll_slots {
                        break;
                    }
                    polling.insert(source.id);
                    polled.insert(source.id);
                    let this = self.clone();
                    tasks.spawn(async move {
                        let id = source.id;
                        Done::Poll(id, this.poll(source).await)
                    });
                }
            }
            if working.len() < item_slots {
                let want = item_slots - working.len();
                let limit = if shared {
                    want
                } else {
                    want + working.len() + tried.len()
                };
                let worker = self.worker.clone();
                let items = blocking(&self.store, move |s| {
                    s.claim_pending_items(&worker, now, lease, limit)
                })
                .await?;
                let mut skipped = Vec::new();
                let mut started = 0;
                for item in items {
                    if working.contains(&item.id) || tried.contains(&item.id) || started >= want {
                        skipped.push(item.id);
                        continue;
                    }
                    started += 1;
                    working.insert(item.id);
                    tried.insert(item.id);
                    let this = self.clone();
                    tasks.spawn(async move {
                        let id = item.id;
                        Done::Item(id, this.process(item).await)
                    });
                }
                if shared && !skipped.is_empty() {
                    // Claimed but not taken (tried already in this pass):
                    // free for the other workers at once.
                    let worker = self.worker.clone();
                    blocking(&self.store, move |s| s.release_items(&worker, &skipped)).await?;
                }
                if !once {
                    // In the daemon an entry may be tried again later.
                    tried.clear();
                }
            }
            if shared && last_sweep.elapsed().as_secs() >= lease as u64 {
                // Articles a dead worker saved and did not place.
                last_sweep = std::time::Instant::now();
                let this = self.clone();
                let placed = tokio::task::spawn_blocking(move || -> Result<usize> {
                    let rules = this.alerts.rules()?;
                    let outbox =
                        |story: &warta_store::StoryView| crate::alerts::wanted(&rules, story);
                    let outbox: Option<&crate::stories::Outbox<'_>> =
                        (!rules.is_empty()).then_some(&outbox);
                    let placed =
                        this.stories
                            .place_left_over(this.store.as_ref(), now - lease, outbox)?;
                    if let Some(index) = &this.index {
                        this.stories.index_unindexed(this.store.as_ref(), index);
                    }
                    Ok(placed)
                })
                .await??;
                if placed > 0 {
                    tracing::info!(placed, "placed articles another worker left unplaced");
                    self.outbox_grew.notify_one();
                }
            }
            if tasks.is_empty() {
                if once {
                    break;
                }
                let next = blocking(&self.store, |s| s.next_poll_at()).await?;
                // Other workers' claims run out and their entries come back:
                // a shared store is looked at again within a lease.
                let most = if shared { lease.clamp(1, 60) } else { 60 };
                let wait = next.map_or(most, |t| (t - now).clamp(1, most)) as u64;
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(wait)) => {}
                    _ = stop.changed() => {}
                }
                continue;
            }
            tokio::select! {
                done = tasks.join_next() => {
                    if let Some(done) = done {
                        self.account(done, &mut summary, &mut polling, &mut working);
                    }
                }
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = stop.changed() => {}
            }
        }
        while let Some(done) = tasks.join_next().await {
            self.account(done, &mut summary, &mut polling, &mut working);
        }
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(index) = &this.index {
                index.commit();
            }
        })
        .await?;
        Ok(summary)
    }

    fn account(
        &self,
        done: Result<Done, tokio::task::JoinError>,
        summary: &mut Summary,
        polling: &mut HashSet<i64>,
        working: &mut HashSet<i64>,
    ) {
        match done {
            Ok(Done::Poll(id, result)) => {
                polling.remove(&id);
                summary.polls += 1;
                match result {
                    Ok(queued) => summary.queued += queued as u64,
                    Err(err) => {
                        summary.poll_errors += 1;
                        tracing::warn!("source {id}: {err:#}");
                    }
                }
            }
            Ok(Done::Item(id, result)) => {
                working.remove(&id);
                match result {
                    ItemResult::Saved { page_error } => {
                        summary.articles += 1;
                        summary.page_errors += page_error as u64;
                    }
                    ItemResult::Failed => summary.item_errors += 1,
                }
            }
            // A task panicked: its entry stays queued and is tried again.
            Err(err) => tracing::error!("a task failed: {err}"),
        }
    }

    /// Takes one queued entry through fetch, extract, analyze and store.
    async fn process(self: &Arc<Self>, queued: QueuedItem) -> ItemResult {
        let id = queued.id;
        match self.process_inner(&queued).await {
            Ok(page_error) => ItemResult::Saved { page_error },
            Err(err) => {
                let attempts = queued.attempts + 1;
                let give_up = attempts >= self.config.follow.item_attempts as i64;
                let message = format!("{err:#}");
                tracing::warn!("entry {id} ({}): {message}", queued.item.key);
                let _ = blocking(&self.store, move |s| s.fail_item(id, &message, give_up)).await;
                ItemResult::Failed
            }
        }
    }

    async fn process_inner(self: &Arc<Self>, queued: &QueuedItem) -> Result<bool> {
        let item = &queued.item;
        let settings = &queued.settings;
        let page_url = item
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        let mut raw = None;
        let mut final_url = page_url.clone();
        let mut fetch_error = None;
        if let (Some(url), true) = (&page_url, self.config.follow.fetch_pages) {
            match self.fetch_page(url, settings).await {
                Ok(page) => {
                    final_url = Some(page.url.clone());
                    raw = Some(RawPage {
                        bytes: page.body,
                        content_type: page.content_type,
                    });
                }
                Err(err) => fetch_error = Some(format!("{err}")),
            }
        }

        let permit = self.cpu.acquire().await?;
        let this = self.clone();
        let item_owned = item.clone();
        let selector = settings.body_selector.clone();
        let raw_for_cpu = raw.clone();
        let url_for_cpu = final_url.clone();
        let handle = tokio::runtime::Handle::current();
        let (analysis, extract_error) = tokio::task::spawn_blocking(move || {
            let mut extract_error = None;
            let article = match &raw_for_cpu {
                Some(page) => match this.pipeline.extract_page(
                    &page.bytes,
                    page.content_type.as_deref(),
                    url_for_cpu.as_ref(),
                    selector.as_deref(),
                ) {
                    Ok(mut article) => {
                        if article.next_page.is_some() && this.config.follow.max_pages > 1 {
                            article = this.follow_pages(article, &handle, selector.as_deref());
                        }
                        pipeline::fill_from_item(&mut article, &item_owned);
                        Some(article)
                    }
                    Err(err) => {
                        extract_error = Some(err.to_string());
                        None
                    }
                },
                None => None,
            };
            let article = article.unwrap_or_else(|| pipeline::article_from_item(&item_owned, None));
            (this.pipeline.analyze(article), extract_error)
        })
        .await?;
        drop(permit);

        let page_error = fetch_error.is_some() || extract_error.is_some();
        let url = final_url
            .map(|u| u.to_string())
            .or_else(|| item.url.clone())
            .unwrap_or_else(|| {
                format!(
                    "urn:warta:item:{}:{}",
                    queued.source_id.unwrap_or(0),
                    item.key
                )
            });
        let record = NewArticleOwned {
            url: url.clone(),
            canonical_url: analysis.article.url.clone().filter(|c| c != &url),
            guid: Some(item.key.clone()),
            source_id: queued.source_id,
            fetched: now(),
            raw,
            fetch_error: fetch_error.or(extract_error),
            analysis,
        };
        let id = queued.id;
        let json = match serde_json::to_value(&record.analysis)? {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        let this = self.clone();
        let article = tokio::task::spawn_blocking(move || -> Result<i64> {
            let store = this.store.as_ref();
            let article = store.save_article(&record.borrow(), Some(id))?;
            // A crash between the two leaves the article without a story;
            // the next start places it.
            let rules = this.alerts.rules()?;
            let outbox = |story: &warta_store::StoryView| crate::alerts::wanted(&rules, story);
            let outbox: Option<&crate::stories::Outbox<'_>> =
                (!rules.is_empty()).then_some(&outbox);
            let placed = this
                .stories
                .place(store, article, &json, record.fetched, outbox)?;
            if let Some(index) = &this.index {
                let story = Some(placed.placement.story as i64);
                index.add(article, &record.url, story, &json);
                crate::stories::index_as_stored(store, index, &placed.moved);
            }
            if placed.queued > 0 {
                this.outbox_grew.notify_one();
            }
            Ok(article)
        })
        .await??;
        tracing::debug!(entry = id, article, %url, page_error, "stored");
        Ok(page_error)
    }

    async fn fetch_page(
        &self,
        url: &url::Url,
        settings: &warta_store::SourceSettings,
    ) -> Result<warta_fetch::FetchedPage, warta_fetch::FetchError> {
        let request = FetchRequest {
            headers: settings.headers.clone(),
            cookie: settings.cookie.clone(),
            proxy: settings.proxy.clone(),
            ..FetchRequest::new(url.clone())
        };
        match self.fetcher.fetch(request).await? {
            FetchOutcome::Fetched(page) => Ok(page),
            // No validators were sent, so a 304 is the server's mistake.
            FetchOutcome::NotModified { url } => Err(warta_fetch::FetchError::Http {
                url: url.to_string(),
                detail: "304 Not Modified to an unconditional request".into(),
            }),
        }
    }

    /// Fetches and merges the article's following pages. Runs on a
    /// blocking thread, so it may wait on the runtime.
    fn follow_pages(
        &self,
        first: warta_model::Article,
        handle: &tokio::runtime::Handle,
        selector: Option<&str>,
    ) -> warta_model::Article {
        let label = first.url.clone().unwrap_or_default();
        let (merged, errors) =
            warta_extract::follow_pages(first, self.config.follow.max_pages, |next| {
                let url = url::Url::parse(next).map_err(|e| anyhow::anyhow!("{next}: {e}"))?;
                let page = handle.block_on(self.fetcher.get(url))?;
                self.pipeline
                    .extract_page(
                        &page.body,
                        page.content_type.as_deref(),
                        Some(&page.url),
                        selector,
                    )
                    .map_err(anyhow::Error::from)
            });
        for err in errors {
            tracing::warn!("{label}: following pages: {err:#}");
        }
        merged
    }
}

/// A [`NewArticle`] that owns its analysis, to cross into a blocking task.
struct NewArticleOwned {
    url: String,
    canonical_url: Option<String>,
    guid: Option<String>,
    source_id: Option<i64>,
    fetched: i64,
    raw: Option<RawPage>,
    fetch_error: Option<String>,
    analysis: warta_analyze::Analysis,
}

impl NewArticleOwned {
    fn borrow(&self) -> NewArticle<'_> {
        NewArticle {
            url: self.url.clone(),
            canonical_url: self.canonical_url.clone(),
            guid: self.guid.clone(),
            source_id: self.source_id,
            fetched: self.fetched,
            raw: self.raw.clone(),
            fetch_error: self.fetch_error.clone(),
            analysis: &self.analysis,
        }
    }
}
