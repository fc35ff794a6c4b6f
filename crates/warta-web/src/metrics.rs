//! `/metrics` in Prometheus text format: requests by route and status, a
//! latency histogram by route, and what the store holds.

use crate::{auth, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Counters>,
}

#[derive(Default)]
struct Counters {
    /// (method, route, status) -> requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route -> histogram.
    latency: BTreeMap<String, Histogram>,
}

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *c.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let h = c.latency.entry(route.to_string()).or_default();
        h.count += 1;
        h.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.buckets[i] += 1;
            }
        }
    }

    fn render(&self, out: &mut String) {
        let c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str(
            "# HELP warta_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE warta_http_requests_total counter\n");
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "warta_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        out.push_str("# HELP warta_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE warta_http_request_duration_seconds histogram\n");
        for (route, h) in &c.latency {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "warta_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "warta_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
    }
}

/// A label value with `\`, `"` and newlines escaped, as the format asks.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: times every request under its route pattern (never the raw
/// path, so ids do not explode the label set).
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    state.0.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = auth::require_reader(&state, &headers) {
        return e.into_response();
    }
    let counts = state.blocking(|store| Ok(store.counts()?)).await;
    let mut out = String::with_capacity(4096);
    state.0.metrics.render(&mut out);
    out.push_str("# HELP warta_uptime_seconds Seconds since the server started.\n");
    out.push_str("# TYPE warta_uptime_seconds gauge\n");
    let _ = writeln!(
        out,
        "warta_uptime_seconds {:.3}",
        state.0.started.elapsed().as_secs_f64()
    );
    match counts {
        Ok(c) => {
            out.push_str("# HELP warta_store_rows What the store holds, by kind.\n");
            out.push_str("# TYPE warta_store_rows gauge\n");
            for (kind, n) in [
                ("sources", c.sources),
                ("articles", c.articles),
                ("events", c.events),
                ("stories", c.stories),
                ("pending_items", c.pending),
                ("failed_items", c.failed),
                ("outbox", c.outbox),
            ] {
                let _ = writeln!(out, "warta_store_rows{{kind=\"{kind}\"}} {n}");
            }
            out.push_str("warta_store_up 1\n");
        }
        Err(e) => {
            tracing::warn!("metrics: {}", e.message);
            out.push_str("warta_store_up 0\n");
        }
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative() {
        let m = Metrics::default();
        m.observe("GET", "/api/stories", 200, 0.003);
        m.observe("GET", "/api/stories", 200, 0.2);
        m.observe("GET", "/x\"y", 404, 2.0);
        let mut out = String::new();
        m.render(&mut out);
        assert!(out.contains(
            "warta_http_requests_total{method=\"GET\",route=\"/api/stories\",status=\"200\"} 2"
        ));
        assert!(out.contains("route=\"/api/stories\",le=\"0.005\"} 1"));
        assert!(out.contains("route=\"/api/stories\",le=\"0.25\"} 2"));
        assert!(out.contains("route=\"/api/stories\",le=\"+Inf\"} 2"));
        assert!(out.contains("route=\"/x\\\"y\",le=\"1\"} 0"));
    }
}
