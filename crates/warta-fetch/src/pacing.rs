//! Politeness: a minimum delay between request starts to one host and port,
//! a cap on requests in flight to one host and port, and a global cap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// `host:port`, the unit of pacing (so test servers on one address but
/// different ports are paced apart, as are a site's HTTP and HTTPS).
pub(crate) fn host_key(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    format!("{host}:{}", url.port_or_known_default().unwrap_or(0))
}

/// Past this many remembered hosts, idle ones are forgotten.
const PRUNE_AT: usize = 4096;

pub(crate) struct Pacer {
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Gate>>>,
    host_concurrency: usize,
    delay: Duration,
}

struct Gate {
    permits: Arc<Semaphore>,
    state: Mutex<GateState>,
}

struct GateState {
    /// The earliest start of the next request.
    next: Option<Instant>,
    /// A robots.txt Crawl-delay, already capped; the larger delay applies.
    floor: Duration,
}

/// Held for the whole of one request (head and body): while it lives the
/// request counts as in flight to its host and overall.
pub(crate) struct Permit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Pacer {
    pub(crate) fn new(delay: Duration, host_concurrency: usize, total_concurrency: usize) -> Self {
        Pacer {
            global: Arc::new(Semaphore::new(total_concurrency.max(1))),
            hosts: Mutex::new(HashMap::new()),
            host_concurrency: host_concurrency.max(1),
            delay,
        }
    }

    fn gate(&self, key: &str) -> Arc<Gate> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        if hosts.len() >= PRUNE_AT && !hosts.contains_key(key) {
            let now = Instant::now();
            // A gate nobody holds and whose next slot has passed carries no state worth keeping.
            hosts.retain(|_, g| {
                Arc::strong_count(g) > 1
                    || g.state
                        .lock()
                        .map(|s| s.next.is_some_and(|n| n > now))
                        .unwrap_or(true)
            });
        }
        hosts
            .entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(Gate {
                    permits: Arc::new(Semaphore::new(self.host_concurrency)),
                    state: Mutex::new(GateState {
                        next: None,
                        floor: Duration::ZERO,
                    }),
                })
            })
            .clone()
    }

    /// Raises the delay for one host to a robots.txt `Crawl-delay`. Called
    /// right after robots.txt arrives, so the next request also waits the
    /// delay after that robots.txt request.
    pub(crate) fn set_floor(&self, key: &str, floor: Duration) {
        let gate = self.gate(key);
        let mut state = gate.state.lock().unwrap_or_else(|e| e.into_inner());
        state.floor = floor;
        let earliest = Instant::now() + floor;
        state.next = Some(state.next.map_or(earliest, |next| next.max(earliest)));
    }

    /// The delay between request starts to one host: the configured one,
    /// or its robots.txt `Crawl-delay` when larger.
    pub(crate) fn delay_for(&self, key: &str) -> Duration {
        let gate = self.gate(key);
        let state = gate.state.lock().unwrap_or_else(|e| e.into_inner());
        self.delay.max(state.floor)
    }

    /// Waits for a host slot, the host's pacing delay and a global slot.
    ///
    /// The start time is reserved only while both slots are held, and the
    /// global slot is given back while sleeping out the delay, so a paced
    /// host never holds up the others and the gap between request starts
    /// to one host is never shorter than the delay.
    pub(crate) async fn acquire(&self, key: &str) -> Permit {
        let gate = self.gate(key);
        let host = gate
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        loop {
            let global = self
                .global
                .clone()
                .acquire_owned()
                .await
                .expect("semaphore never closed");
            let wait = {
                let mut state = gate.state.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                match state.next {
                    Some(next) if next > now => next - now,
                    _ => {
                        state.next = Some(now + self.delay.max(state.floor));
                        Duration::ZERO
                    }
                }
            };
            if wait.is_zero() {
                return Permit {
                    _host: host,
                    _global: global,
                };
            }
            drop(global);
            tokio::time::sleep(wait).await;
        }
    }
}
