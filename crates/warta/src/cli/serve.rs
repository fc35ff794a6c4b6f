//! `warta serve`: the JSON API and the web pages over the store (the
//! `warta-web` crate). `warta run` serves the same beside following.

use super::source::find_source_with;
use super::system::{System, SystemArgs};
use anyhow::{Context, Result};
use clap::Args;
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use warta_fetch::Fetcher;
use warta_search::{IndexLocation, SearchIndex};
use warta_store::{SourceSettings, Store};
use warta_web::{AppState, FoundSource, SourceFinder, WebConfig};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (default: server.listen, 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
}

/// Finds a site's feed with the configured fetcher (robots.txt, pacing and
/// the SSRF guard included), for `POST /api/sources` and the form.
struct Finder {
    fetcher: Arc<Fetcher>,
}

impl SourceFinder for Finder {
    fn find(
        &self,
        url: String,
        settings: SourceSettings,
    ) -> Pin<Box<dyn Future<Output = Result<FoundSource, String>> + Send>> {
        let fetcher = self.fetcher.clone();
        Box::pin(async move {
            let found = find_source_with(&fetcher, &url, &settings)
                .await
                .map_err(|e| format!("{e:#}"))?;
            Ok(FoundSource {
                url: found.url,
                kind: found.kind,
                title: found.title,
                site_url: found.site_url,
            })
        })
    }
}

/// The server's state over `store`.
pub fn app_state(system: &System, store: Arc<dyn Store>) -> Result<AppState> {
    let server = &system.config.server;
    let config = WebConfig {
        token: server.token.clone().filter(|t| !t.trim().is_empty()),
        public_reads: server.public_reads,
        index: Some(system.index_location()?),
    };
    if server.warm_index {
        if let Some(location) = config.index.clone() {
            warm_index(location);
        }
    }
    if config.token.is_none() {
        tracing::warn!("no server token (WARTA_SERVER_TOKEN): the API and pages are read-only");
    }
    let finder = Finder {
        fetcher: Arc::new(system.fetcher()?),
    };
    Ok(AppState::new(store, config, Some(Arc::new(finder))))
}

/// Reads a tantivy index into the page cache on a thread of its own: the
/// server answers meanwhile, and the first searches after a restart of a
/// large index take milliseconds instead of the disk's time (see
/// `server.warm_index`). An index not built yet is left alone.
fn warm_index(location: IndexLocation) {
    let IndexLocation::Folder(dir) = location else {
        return; // PostgreSQL keeps its own cache
    };
    if !SearchIndex::exists_in(&dir) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("warm-index".into())
        .spawn(move || {
            let start = std::time::Instant::now();
            let budget = available_memory().map_or(1 << 30, |m| m / 2);
            match SearchIndex::open(&dir).and_then(|i| i.warm(budget)) {
                Ok(w) => tracing::info!(
                    index = %dir.display(),
                    files = w.files,
                    mib = w.bytes >> 20,
                    secs = start.elapsed().as_secs_f64(),
                    "search index warmed"
                ),
                Err(e) => tracing::warn!("warming the search index: {e}"),
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("warming the search index: no thread: {e}");
    }
}

/// `MemAvailable` of /proc/meminfo in bytes (Linux), if known.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    parse_mem_available(&info)
}

fn parse_mem_available(info: &str) -> Option<u64> {
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Binds the listening socket, with an error that names the address.
pub async fn bind(addr: &str) -> Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))
}

pub fn serve(args: ServeArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let listen = args
        .listen
        .unwrap_or_else(|| system.config.server.listen.clone());
    let runtime = super::source::runtime()?;
    runtime.block_on(async {
        let state = app_state(&system, store.clone())?;
        let listener = bind(&listen).await?;
        let addr = listener.local_addr()?;
        // Scripts and tests read the address from here (`--listen
        // 127.0.0.1:0` picks a free port).
        eprintln!("warta serve: listening on http://{addr}");
        tracing::info!(store = %store.describe(), "warta serve: started");
        warta_web::serve(listener, state, super::run::wait_for_signal())
            .await
            .context("serving")?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::parse_mem_available;

    #[test]
    fn available_memory_is_read_from_meminfo() {
        let info = "MemTotal:       24683568 kB\nMemFree:        16962240 kB\nMemAvailable:   24085572 kB\n";
        assert_eq!(parse_mem_available(info), Some(24085572 * 1024));
        assert_eq!(parse_mem_available("MemTotal: 1 kB\n"), None);
        assert_eq!(parse_mem_available("MemAvailable: lots kB\n"), None);
    }
}
