//! Article extraction: an HTML page or scraped plain text in, a clean
//! [`Article`] out.
//!
//! Everything here is a pure function of its input. Fetching lives in the
//! `warta` binary; multi-page articles are followed through a fetch function
//! that the caller passes in ([`follow_pages`]), so this crate never does I/O.
//!
//! The entry point is [`extract`], which sniffs whether the input is HTML or
//! plain text and dispatches to [`extract_html`] or [`extract_text`].

pub mod credit;
pub mod dates;
pub mod decode;
pub(crate) mod html;
mod lines;
pub mod metadata;
pub mod pages;
pub mod text;
mod textutil;

pub use decode::DecodeError;
pub use pages::follow_pages;
use url::Url;
pub use warta_model::{Article, Block, BlockKind, Image};

/// Inputs larger than this are refused: a news page is never this big, and
/// the cap keeps memory bounded on hostile input.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// What the caller knows about the input besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's URL: resolves relative links and names the site.
    pub url: Option<Url>,
    /// The HTTP `Content-Type` header, whose charset wins over the page's own.
    pub content_type: Option<String>,
    /// CSS selectors for the body, for sites where the general rules need help.
    pub body_selectors: Vec<String>,
}

/// Why an input could not be turned into an article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("input is empty")]
    Empty,
    #[error("input is larger than the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("invalid body selector {selector:?}: {message}")]
    Selector { selector: String, message: String },
}

/// Extracts an article from raw bytes, HTML or plain text.
pub fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<Article, ExtractError> {
    check_size(bytes)?;
    let text = decode::decode(bytes, opts.content_type.as_deref())?;
    if looks_like_html(&text) {
        extract_html_str(&text, opts)
    } else {
        Ok(text::extract_text(&text, opts))
    }
}

/// Extracts an article from an HTML page given as bytes in any charset.
pub fn extract_html(bytes: &[u8], opts: &ExtractOptions) -> Result<Article, ExtractError> {
    check_size(bytes)?;
    let text = decode::decode(bytes, opts.content_type.as_deref())?;
    extract_html_str(&text, opts)
}

/// Extracts an article from an already decoded HTML page.
pub fn extract_html_str(html: &str, opts: &ExtractOptions) -> Result<Article, ExtractError> {
    html::extract(html, opts)
}

/// Extracts an article from scraped plain text.
pub fn extract_text(text: &str, opts: &ExtractOptions) -> Article {
    text::extract_text(text, opts)
}

fn check_size(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

/// True when the text starts like markup (after a BOM, whitespace or a
/// comment) or holds the tags every page has.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.starts_with("<!--")
        || head.starts_with("<head")
        || head.starts_with("<body")
        || head.starts_with("<meta")
    {
        return true;
    }
    let sample: String = text
        .chars()
        .take(64 * 1024)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "<p>", "<p ", "<div", "<body", "<article", "<br", "<span", "<a href",
    ]
    .iter()
    .any(|tag| sample.contains(tag))
}
