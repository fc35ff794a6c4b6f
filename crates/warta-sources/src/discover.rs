//! Finding a site's feeds: `<link rel="alternate">` in its pages, the paths
//! feeds usually live at, and telling a feed from a sitemap or a page.

use scraper::{Html, Selector};
use url::Url;

/// What a fetched document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    /// RSS, Atom, RDF or JSON Feed.
    Feed,
    /// A `<urlset>` sitemap.
    Sitemap,
    /// A `<sitemapindex>` listing other sitemaps.
    SitemapIndex,
    /// A web page.
    Html,
    Unknown,
}

const FEED_TYPES: [&str; 7] = [
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
];

/// The feeds a page announces with `<link rel="alternate" type="...">`,
/// resolved against `page_url` (and a `<base href>`), in page order,
/// without duplicates.
pub fn discover_feeds(html: &[u8], page_url: &Url) -> Vec<Url> {
    let text = String::from_utf8_lossy(html);
    let doc = Html::parse_document(&text);
    let base = Selector::parse("base[href]")
        .ok()
        .and_then(|s| doc.select(&s).next().and_then(|b| b.value().attr("href")).and_then(|h| page_url.join(h).ok()))
        .unwrap_or_else(|| page_url.clone());
    let Ok(sel) = Selector::parse("link[href]") else {
        return Vec::new();
    };
    let mut out: Vec<Url> = Vec::new();
    for link in doc.select(&sel) {
        let el = link.value();
        let rel_alternate = el
            .attr("rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("alternate") || t.eq_ignore_ascii_case("feed")));
        let ty = el.attr("type").map(|t| t.trim().to_ascii_lowercase());
        let is_feed_type = ty.as_deref().is_some_and(|t| {
            let essence = t.split(';').next().unwrap_or("").trim();
            FEED_TYPES.contains(&essence)
        });
        // rel="feed" needs no type; rel="alternate" does (it also names
        // translations and print versions).
        let is_rel_feed = el.attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("feed")));
        if !(rel_alternate && (is_feed_type || is_rel_feed)) {
            continue;
        }
        let Some(href) = el.attr("href").map(str::trim).filter(|h| !h.is_empty()) else {
            continue;
        };
        if let Ok(u) = base.join(href) {
            if matches!(u.scheme(), "http" | "https") && !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// Paths where sites commonly keep feeds and news sitemaps (WordPress,
/// Blogger, Hugo, Jekyll, Ghost, and the usual hand-made names), on the
/// site's origin. Worth trying when a page announces none.
pub fn common_feed_paths(site: &Url) -> Vec<Url> {
    const PATHS: [&str; 16] = [
        "/feed",
        "/rss",
        "/feed/",
        "/rss.xml",
        "/feed.xml",
        "/atom.xml",
        "/index.xml",
        "/feed.json",
        "/rss/",
        "/index.rss",
        "/feeds/posts/default",
        "/?feed=rss2",
        "/sitemap_news.xml",
        "/news-sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap.xml",
    ];
    PATHS.iter().filter_map(|p| site.join(p).ok()).collect()
}

/// What `bytes` are, from the HTTP `Content-Type` when it is telling and
/// from the first element otherwise.
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> SourceKind {
    let head = &bytes[..bytes.len().min(4096)];
    let text = crate::text::decode_head(head);
    let t = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let ct = content_type
        .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default();
    if t.starts_with('{') {
        return if t.contains("jsonfeed.org") || ct == "application/feed+json" {
            SourceKind::Feed
        } else {
            SourceKind::Unknown
        };
    }
    if let Some(root) = first_element_name(t) {
        let local = root.rsplit(':').next().unwrap_or(&root).to_ascii_lowercase();
        return match local.as_str() {
            "rss" | "feed" | "rdf" | "channel" => SourceKind::Feed,
            "urlset" => SourceKind::Sitemap,
            "sitemapindex" => SourceKind::SitemapIndex,
            "html" | "head" | "body" => SourceKind::Html,
            _ if ct == "text/html" || ct == "application/xhtml+xml" => SourceKind::Html,
            _ => SourceKind::Unknown,
        };
    }
    match ct.as_str() {
        "application/rss+xml" | "application/atom+xml" | "application/feed+json" => SourceKind::Feed,
        "text/html" => SourceKind::Html,
        _ => SourceKind::Unknown,
    }
}

/// The name of the first element, past the XML declaration, comments,
/// processing instructions and the doctype (`<!DOCTYPE html>` says HTML).
fn first_element_name(mut t: &str) -> Option<String> {
    loop {
        t = t.trim_start();
        if t.starts_with("<!--") {
            t = &t[t.find("-->")? + 3..];
        } else if t.starts_with("<?") {
            t = &t[t.find("?>")? + 2..];
        } else if t.len() >= 9 && t[..9].eq_ignore_ascii_case("<!doctype") {
            let end = t.find('>')?;
            if t[..end].to_ascii_lowercase().contains("html") {
                return Some("html".into());
            }
            t = &t[end + 1..];
        } else if let Some(rest) = t.strip_prefix('<') {
            let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(rest[..end].to_string()).filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
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
        let got: Vec<String> = discover_feeds(page, &base).into_iter().map(String::from).collect();
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
        assert!(paths.iter().all(|u| u.host_str() == Some("kabar.example.id")));
        assert!(paths.iter().any(|u| u.as_str() == "https://kabar.example.id/feed"));
        assert!(paths.iter().any(|u| u.path() == "/sitemap_news.xml"));
    }

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"<?xml version='1.0'?>\n<!-- x --><rss version='2.0'>", None), SourceKind::Feed);
        assert_eq!(sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>", Some("text/xml")), SourceKind::Feed);
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf='x'>", None), SourceKind::Feed);
        assert_eq!(sniff(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", None), SourceKind::Sitemap);
        assert_eq!(sniff(b"<sitemapindex>", None), SourceKind::SitemapIndex);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), SourceKind::Html);
        assert_eq!(sniff(b"{\"version\":\"https://jsonfeed.org/version/1.1\"}", None), SourceKind::Feed);
        assert_eq!(sniff(b"hello", None), SourceKind::Unknown);
        assert_eq!(sniff(b"", Some("text/html; charset=utf-8")), SourceKind::Html);
        let utf16: Vec<u8> = "\u{feff}<rss>".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff(&utf16, None), SourceKind::Feed);
    }
}
