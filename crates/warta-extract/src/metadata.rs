//! Page metadata: title, dates, authors, description, site name, language.

use scraper::Html;
use url::Url;

/// What the page says about itself, apart from the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    /// `<link rel=canonical>` or `og:url`, resolved against the page URL.
    pub canonical_url: Option<String>,
}

/// Reads the metadata of a parsed page.
pub fn extract_metadata(doc: &Html, url: Option<&Url>) -> Metadata {
    let _ = (doc, url);
    Metadata::default()
}
