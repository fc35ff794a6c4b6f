//! Polling one source: a conditional GET of its feed or sitemap, its
//! entries queued, its next poll scheduled from its own rhythm.

use super::{blocking, now, Follower};
use anyhow::{anyhow, Result};
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;
use std::time::Duration;
use warta_fetch::{FetchOutcome, FetchRequest};
use warta_sources::{feed::FeedItem, sitemap};
use warta_store::{NewItem, PollRecord, Source, SourceKind};

/// Child sitemaps read from a sitemap index per poll: the newest ones carry
/// the news.
const SITEMAP_CHILDREN: usize = 3;

impl Follower {
    /// Polls a source and records the outcome. Returns the entries queued.
    pub(super) async fn poll(self: &Arc<Self>, source: Source) -> Result<usize> {
        let started = now();
        let request = FetchRequest {
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
            headers: source.settings.headers.clone(),
            cookie: source.settings.cookie.clone(),
            proxy: source.settings.proxy.clone(),
            ..FetchRequest::new(
                url::Url::parse(&source.url).map_err(|e| anyhow!("{}: {e}", source.url))?,
            )
        };
        let previous = Duration::from_secs(source.poll_interval.max(1) as u64);
        let (min, max) = (
            self.config.follow.min_interval,
            self.config.follow.max_interval,
        );
        let mut record = PollRecord {
            at: started,
            url: source.url.clone(),
            ..PollRecord::default()
        };
        let mut items = Vec::new();
        let mut failure = None;
        match self.fetcher.fetch(request).await {
            Ok(FetchOutcome::NotModified { .. }) => {
                record.outcome = "not_modified".into();
                record.status = Some(304);
                // Nothing new: wait a little longer next time.
                record.poll_interval = secs(clamp(previous.mul_f32(1.25), min, max));
            }
            Ok(FetchOutcome::Fetched(page)) => {
                record.status = Some(page.status);
                record.bytes = Some(page.body.len() as u64);
                record.elapsed_ms = Some(page.elapsed.as_millis() as u64);
                record.etag = page.etag.clone();
                record.last_modified = page.last_modified.clone();
                let max_age = page.max_age;
                let parsed = self.read_source(&source, page).await;
                match parsed {
                    Ok((title, entries, ttl)) => {
                        record.outcome = "fetched".into();
                        record.title = title;
                        let times: Vec<DateTime<FixedOffset>> = entries
                            .iter()
                            .filter_map(|e| e.published.or(e.updated))
                            .collect();
                        let interval = warta_sources::schedule::next_poll_interval(
                            &times,
                            ttl,
                            max_age,
                            entries.len(),
                            previous,
                            (min, max),
                        );
                        record.poll_interval = secs(interval);
                        items = entries.iter().filter_map(new_item).collect();
                    }
                    Err(err) => {
                        record.outcome = "error".into();
                        failure = Some(format!("{err:#}"));
                    }
                }
            }
            Err(err) => {
                record.outcome = "error".into();
                record.status = match &err {
                    warta_fetch::FetchError::Status { code, .. } => Some(*code),
                    _ => None,
                };
                if let Some(wait) = err.retry_after() {
                    record.poll_interval = secs(clamp(wait, min, max.max(wait)));
                }
                failure = Some(err.to_string());
            }
        }
        if let Some(error) = &failure {
            record.error = Some(error.clone());
            if record.poll_interval == 0 {
                // Back off: double per failure in a row, within bounds.
                let factor = 2u32.saturating_pow(source.error_count.clamp(0, 16) as u32 + 1);
                record.poll_interval =
                    secs(clamp(previous.saturating_mul(factor).min(max), min, max));
            }
        }
        if record.poll_interval == 0 {
            record.poll_interval = secs(clamp(previous, min, max));
        }
        record.next_poll_at = now() + record.poll_interval;
        let id = source.id;
        let (outcome, interval) = (record.outcome.clone(), record.poll_interval);
        let queued = blocking(&self.store, move |s| s.record_poll(id, &record, &items)).await?;
        tracing::info!(source = %source.url, %outcome, queued, next_poll_in_s = interval, "polled");
        match failure {
            Some(error) => Err(anyhow!("{}: {error}", source.url)),
            None => Ok(queued),
        }
    }

    /// Parses a fetched feed or sitemap into entries. A sitemap index
    /// brings its newest child sitemaps.
    async fn read_source(
        self: &Arc<Self>,
        source: &Source,
        page: warta_fetch::FetchedPage,
    ) -> Result<(Option<String>, Vec<FeedItem>, Option<u32>)> {
        let kind = source.kind;
        let base = page.url.clone();
        let parsed = tokio::task::spawn_blocking(move || -> Result<Parsed> {
            match kind {
                SourceKind::Feed => {
                    let feed = warta_sources::parse_feed(
                        &page.body,
                        page.content_type.as_deref(),
                        Some(&base),
                    )?;
                    Ok(Parsed::Feed(feed))
                }
                SourceKind::Sitemap => Ok(Parsed::Sitemap(sitemap::parse_sitemap(&page.body)?)),
            }
        })
        .await??;
        match parsed {
            Parsed::Feed(feed) => Ok((feed.title, feed.items, feed.ttl_minutes)),
            Parsed::Sitemap(map) => {
                let mut entries = sitemap::feed_items(&map);
                let mut children = map.sitemaps.clone();
                children.sort_by(|a, b| b.lastmod.cmp(&a.lastmod));
                for child in children.into_iter().take(SITEMAP_CHILDREN) {
                    let url =
                        url::Url::parse(&child.loc).map_err(|e| anyhow!("{}: {e}", child.loc))?;
                    let page = self.fetcher.get(url).await?;
                    let map = sitemap::parse_sitemap(&page.body)
                        .map_err(|e| anyhow!("{}: {e}", child.loc))?;
                    entries.extend(sitemap::feed_items(&map));
                }
                Ok((None, entries, None))
            }
        }
    }
}

enum Parsed {
    Feed(warta_sources::Feed),
    Sitemap(sitemap::Sitemap),
}

/// A feed entry as a queue entry; entries with neither guid nor link are
/// skipped (they cannot be told apart from the next poll's).
fn new_item(entry: &FeedItem) -> Option<NewItem> {
    let key = entry.key()?.to_string();
    Some(NewItem {
        key,
        url: entry.url.clone(),
        title: entry.title.clone(),
        content: entry.content_html.clone().or_else(|| entry.summary.clone()),
        published: entry.published.map(|t| t.to_rfc3339()),
        // UTC, so that the store can tell a newer version by comparing text.
        updated: entry.updated.map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }),
        authors: entry.authors.clone(),
    })
}

fn clamp(d: Duration, min: Duration, max: Duration) -> Duration {
    d.max(min).min(max.max(min))
}

fn secs(d: Duration) -> i64 {
    d.as_secs().min(i64::MAX as u64) as i64
}
