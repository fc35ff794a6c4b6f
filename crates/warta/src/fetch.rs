//! Fetching one page over HTTP, for `warta extract URL` and `--follow-pages`.
//!
//! The polite, scheduled follower of the running system builds on this.

use anyhow::{bail, Context, Result};
use std::time::Duration;

/// Responses larger than this are cut off with an error.
pub const MAX_BODY_BYTES: usize = warta_extract::MAX_INPUT_BYTES;

/// A fetched page: its final URL, its Content-Type and its bytes.
pub struct Page {
    pub url: url::Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A small HTTP client with timeouts, a redirect cap and a body-size cap.
pub struct Fetcher {
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Fetcher {
    pub fn new() -> Result<Self> {
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "warta/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/warta-news/warta)"
            ))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .context("building the HTTP client")?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        Ok(Fetcher { client, runtime })
    }

    /// GETs `url`, following redirects, and reads at most [`MAX_BODY_BYTES`].
    pub fn get(&self, url: &url::Url) -> Result<Page> {
        self.runtime.block_on(async {
            let mut response = self
                .client
                .get(url.clone())
                .send()
                .await
                .with_context(|| format!("fetching {url}"))?;
            let status = response.status();
            if !status.is_success() {
                bail!("fetching {url}: HTTP {status}");
            }
            let final_url = response.url().clone();
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let mut body = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .with_context(|| format!("reading {url}"))?
            {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    bail!("fetching {url}: response is over {MAX_BODY_BYTES} bytes");
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Page {
                url: final_url,
                content_type,
                body,
            })
        })
    }
}
