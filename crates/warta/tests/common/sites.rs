//! Whole news sites on the test server, shared by the end-to-end tests and
//! the follow benchmark.

#![allow(dead_code)] // each test file uses its own part

use super::news;
use super::server::{Request, Response, Server};
use std::sync::Arc;
use std::time::Duration;

/// Feeds at `/feeds/{s}.xml`, each of `per_source` entries (feed `s` lists
/// articles `s * per_source ..`), and the article pages at
/// `/berita/{n}.html`, served after `delay`.
pub fn many_sources(per_source: usize, delay: Duration) -> Server {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        if let Some(s) = req
            .path
            .strip_prefix("/feeds/")
            .and_then(|p| p.strip_suffix(".xml"))
        {
            let s: usize = s.parse().unwrap_or(0);
            return Response::ok(
                "application/rss+xml",
                news::feed(base, s * per_source, per_source),
            );
        }
        match req
            .path
            .strip_prefix("/berita/")
            .and_then(|p| p.strip_suffix(".html"))
        {
            Some(n) => Response::ok(
                "text/html; charset=utf-8",
                news::page(base, n.parse().unwrap_or(0)),
            )
            .delayed(delay),
            None => Response::status(404),
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    server
}
