//! What a URL hands us, and where a site keeps its feeds.
//!
//! (Written by the lead alongside the feed parser; extend, don't replace.)

use scraper::{Html, Selector};
use url::Url;

/// What a fetched document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// RSS, Atom, RDF or JSON Feed.
    Feed,
    /// A sitemap `<urlset>`.
    Sitemap,
    /// A `<sitemapindex>` of sitemaps.
    SitemapIndex,
    /// A web page.
    Html,
    Unknown,
}

/// Tells a feed, a sitemap and a web page apart from the first bytes and
/// the Content-Type.
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> SourceKind {
    let head_len = bytes.len().min(4096);
    let head = decode_head(&bytes[..head_len]).to_ascii_lowercase();
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('{') {
        return if head.contains("jsonfeed.org") || head.contains("\"items\"") {
            SourceKind::Feed
        } else {
            SourceKind::Unknown
        };
    }
    if head.contains("<sitemapindex") {
        return SourceKind::SitemapIndex;
    }
    if head.contains("<urlset") {
        return SourceKind::Sitemap;
    }
    if head.contains("<rss")
        || head.contains("<feed")
        || head.contains("<rdf:rdf")
        || head.contains("<channel")
    {
        return SourceKind::Feed;
    }
    if head.contains("<html")
        || head.contains("<!doctype html")
        || head.contains("<head")
        || head.contains("<body")
    {
        return SourceKind::Html;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") {
        SourceKind::Feed
    } else if ct.contains("html") {
        SourceKind::Html
    } else {
        SourceKind::Unknown
    }
}

/// The first bytes as text, whether UTF-8, UTF-16 or a legacy charset
/// (tags are ASCII in all that matter here).
fn decode_head(bytes: &[u8]) -> String {
    let (le, be) = (
        bytes.starts_with(&[0xff, 0xfe]) || (bytes.len() > 1 && bytes[0] == b'<' && bytes[1] == 0),
        bytes.starts_with(&[0xfe, 0xff]) || (bytes.len() > 1 && bytes[0] == 0 && bytes[1] == b'<'),
    );
    if le || be {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// The feeds a page announces with `<link rel="alternate" type="...">`,
/// resolved against the page's URL (and its `<base href>`), in page order.
pub fn discover_feeds(html: &[u8], page_url: &Url) -> Vec<Url> {
    let text = String::from_utf8_lossy(html);
    let doc = Html::parse_document(&text);
    let base = Selector::parse("base[href]")
        .ok()
        .and_then(|s| doc.select(&s).next())
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h).ok())
        .unwrap_or_else(|| page_url.clone());
    let Ok(links) = Selector::parse("link[href]") else {
        return Vec::new();
    };
    let mut out: Vec<Url> = Vec::new();
    for link in doc.select(&links) {
        let el = link.value();
        let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
        if !rel
            .split_ascii_whitespace()
            .any(|r| r == "alternate" || r == "feed")
        {
            continue;
        }
        let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
        let is_feed = matches!(
            kind.as_str(),
            "application/rss+xml"
                | "application/atom+xml"
                | "application/rdf+xml"
                | "application/feed+json"
                | "application/json"
                | "application/xml"
                | "text/xml"
                | "application/x.atom+xml"
                | "application/x-atom+xml"
        ) || (kind.is_empty() && rel.contains("feed"));
        if !is_feed {
            continue;
        }
        // Comment feeds are feeds, but not of the news.
        let title = el.attr("title").unwrap_or("").to_ascii_lowercase();
        let href = el.attr("href").unwrap_or("").trim();
        if title.contains("comment") || title.contains("komentar") || href.contains("/comments/") {
            continue;
        }
        if let Ok(url) = base.join(href) {
            if matches!(url.scheme(), "http" | "https") && !out.contains(&url) {
                out.push(url);
            }
        }
    }
    out
}

/// Paths where sites commonly keep their feeds and news sitemaps, most
/// likely first.
pub fn common_feed_paths(site: &Url) -> Vec<Url> {
    const PATHS: &[&str] = &[
        "/feed",
        "/rss",
        "/feed/",
        "/rss/",
        "/rss.xml",
        "/feed.xml",
        "/atom.xml",
        "/index.xml",
        "/feed.json",
        "/feeds/posts/default",
        "/rss/index.xml",
        "/sitemap_news.xml",
        "/news-sitemap.xml",
        "/sitemap-news.xml",
    ];
    PATHS.iter().filter_map(|p| site.join(p).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_announced_feeds_and_skips_comment_feeds() {
        let page = br#"<html><head><base href="/berita/">
            <link rel="alternate" type="application/rss+xml" title="Kabar Nusa" href="rss.xml">
            <link rel="alternate" type="application/atom+xml" href="https://kabarnusa.example/atom">
            <link rel="alternate" type="application/rss+xml" title="Komentar" href="/comments/feed">
            <link rel="stylesheet" href="/s.css"></head><body></body></html>"#;
        let url = Url::parse("https://kabarnusa.example/a/b.html").unwrap();
        let found: Vec<String> = discover_feeds(page, &url)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "https://kabarnusa.example/berita/rss.xml",
                "https://kabarnusa.example/atom"
            ]
        );
        assert_eq!(
            common_feed_paths(&url)[0].as_str(),
            "https://kabarnusa.example/feed"
        );
    }

    #[test]
    fn sniffs() {
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">", None),
            SourceKind::Feed
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", None),
            SourceKind::Feed
        );
        assert_eq!(
            sniff(
                b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
                None
            ),
            SourceKind::Sitemap
        );
        assert_eq!(sniff(b"<sitemapindex>", None), SourceKind::SitemapIndex);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), SourceKind::Html);
        assert_eq!(
            sniff(
                br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#,
                None
            ),
            SourceKind::Feed
        );
        let utf16: Vec<u8> = "\u{feff}<rss>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(sniff(&utf16, None), SourceKind::Feed);
        assert_eq!(sniff(b"", Some("text/html")), SourceKind::Html);
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let url = Url::parse("https://x.example/").unwrap();
            let _ = sniff(&bytes, None);
            let _ = discover_feeds(&bytes, &url);
        }
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn finds_announced_feeds() {
        let page = br#"<html><head>
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss">
            <link rel="alternate" type="application/atom+xml" href="https://cdn.example.id/atom.xml">
            <link rel="alternate" hreflang="en" href="/en/">
            <link rel="alternate" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="application/rss+xml" href="/rss">
            <link rel="stylesheet" href="/s.css">
        </head></html>"#;
        let base = Url::parse("https://kabar.example.id/berita/index.html").unwrap();
        let got: Vec<String> = discover_feeds(page, &base)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            got,
            [
                "https://kabar.example.id/rss",
                "https://cdn.example.id/atom.xml",
                "https://kabar.example.id/berita/feed.json"
            ]
        );
    }

    #[test]
    fn common_paths_are_on_the_origin() {
        let site = Url::parse("https://kabar.example.id/berita/x").unwrap();
        let paths = common_feed_paths(&site);
        assert!(paths
            .iter()
            .all(|u| u.host_str() == Some("kabar.example.id")));
        assert!(paths
            .iter()
            .any(|u| u.as_str() == "https://kabar.example.id/feed"));
        assert!(paths.iter().any(|u| u.path() == "/sitemap_news.xml"));
    }

    #[test]
    fn sniffs() {
        assert_eq!(
            sniff(
                b"<?xml version='1.0'?>\n<!-- x --><rss version='2.0'>",
                None
            ),
            SourceKind::Feed
        );
        assert_eq!(
            sniff(
                b"<feed xmlns='http://www.w3.org/2005/Atom'>",
                Some("text/xml")
            ),
            SourceKind::Feed
        );
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf='x'>", None), SourceKind::Feed);
        assert_eq!(
            sniff(
                b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>",
                None
            ),
            SourceKind::Sitemap
        );
        assert_eq!(sniff(b"<sitemapindex>", None), SourceKind::SitemapIndex);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), SourceKind::Html);
        assert_eq!(
            sniff(b"{\"version\":\"https://jsonfeed.org/version/1.1\"}", None),
            SourceKind::Feed
        );
        assert_eq!(sniff(b"hello", None), SourceKind::Unknown);
        assert_eq!(
            sniff(b"", Some("text/html; charset=utf-8")),
            SourceKind::Html
        );
        let utf16: Vec<u8> = "\u{feff}<rss>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(sniff(&utf16, None), SourceKind::Feed);
    }
}
