//! Sitemaps (`<urlset>`, with the Google News extension) and sitemap
//! indexes (`<sitemapindex>`), read leniently. News sitemaps are how many
//! outlets without a feed announce their latest stories.

use std::io::Read;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::date::parse_feed_date;
use crate::feed::FeedItem;
use crate::text::{decode_document, html_to_text, non_empty};
use crate::xml::{self, Element};

/// The most a gzip-compressed sitemap may expand to (the protocol's own
/// limit is 50 MB uncompressed).
pub const MAX_SITEMAP_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed sitemap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Sitemap {
    /// `<urlset>`: pages.
    UrlSet(Vec<SitemapEntry>),
    /// `<sitemapindex>`: more sitemaps to fetch.
    Index(Vec<SitemapRef>),
}

/// One `<url>`, with its `<news:news>` details when present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// `news:publication/news:name`: the outlet.
    pub news_publication: Option<String>,
    /// `news:publication/news:language` (ISO 639, e.g. `id`).
    pub news_language: Option<String>,
    pub news_title: Option<String>,
    pub news_published: Option<DateTime<FixedOffset>>,
}

/// One `<sitemap>` of an index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SitemapRef {
    pub loc: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// Why bytes are not a sitemap.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SitemapError {
    #[error("the document is empty")]
    Empty,
    #[error("not a sitemap: the document's root is {0}")]
    NotASitemap(String),
    #[error("gzip data is corrupt: {0}")]
    Gzip(String),
    #[error("the sitemap expands beyond {MAX_SITEMAP_BYTES} bytes")]
    TooLarge,
}

/// Parse a sitemap or sitemap index (gzip-compressed or not).
pub fn parse_sitemap(bytes: &[u8]) -> Result<Sitemap, SitemapError> {
    let inflated;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .take(MAX_SITEMAP_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| SitemapError::Gzip(e.to_string()))?;
        if out.len() as u64 > MAX_SITEMAP_BYTES {
            return Err(SitemapError::TooLarge);
        }
        inflated = out;
        &inflated[..]
    } else {
        bytes
    };
    let text = decode_document(bytes, None);
    if text.trim().is_empty() {
        return Err(SitemapError::Empty);
    }
    let doc = xml::parse(&text);
    let Some(root) = doc.root() else {
        return Err(SitemapError::NotASitemap("not XML".into()));
    };
    let text_of = |e: &Element, name: &str| e.child(name).and_then(|c| non_empty(c.text()));
    let date_of = |e: &Element, name: &str| text_of(e, name).and_then(|d| parse_feed_date(&d));
    match root.local.to_ascii_lowercase().as_str() {
        "urlset" => Ok(Sitemap::UrlSet(
            root.elements()
                .filter(|e| e.local.eq_ignore_ascii_case("url"))
                .filter_map(|u| {
                    let loc = text_of(u, "loc")?;
                    let news = u.elements().find(|e| e.local == "news" && e.name.contains(':'));
                    let publication = news.and_then(|n| n.child("publication"));
                    Some(SitemapEntry {
                        loc,
                        lastmod: date_of(u, "lastmod"),
                        news_publication: publication.and_then(|p| text_of(p, "name")),
                        news_language: publication.and_then(|p| text_of(p, "language")),
                        news_title: news
                            .and_then(|n| text_of(n, "title"))
                            .map(|t| html_to_text(&t))
                            .and_then(non_empty),
                        news_published: news.and_then(|n| date_of(n, "publication_date")),
                    })
                })
                .collect(),
        )),
        "sitemapindex" => Ok(Sitemap::Index(
            root.elements()
                .filter(|e| e.local.eq_ignore_ascii_case("sitemap"))
                .filter_map(|s| {
                    Some(SitemapRef {
                        loc: text_of(s, "loc")?,
                        lastmod: date_of(s, "lastmod"),
                    })
                })
                .collect(),
        )),
        _ => Err(SitemapError::NotASitemap(format!("<{}>", root.name))),
    }
}

impl SitemapEntry {
    /// The entry as a feed item, so the pipeline treats sitemaps like feeds:
    /// the URL is the key, the news title and date fill title and published.
    pub fn to_feed_item(&self) -> FeedItem {
        FeedItem {
            guid: None,
            url: Some(self.loc.clone()),
            title: self.news_title.clone(),
            summary: None,
            content_html: None,
            published: self.news_published,
            updated: self.lastmod,
            authors: Vec::new(),
        }
    }
}

/// All entries of a `<urlset>` as feed items (an index has none).
pub fn sitemap_items(sitemap: &Sitemap) -> Vec<FeedItem> {
    match sitemap {
        Sitemap::UrlSet(entries) => entries.iter().map(SitemapEntry::to_feed_item).collect(),
        Sitemap::Index(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const NEWS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://kabar.example.id/berita/2024/08/05/banjir-jakarta</loc>
    <lastmod>2024-08-05T11:00:00+07:00</lastmod>
    <news:news>
      <news:publication><news:name>Kabar Nusa</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2024-08-05T10:30:00+07:00</news:publication_date>
      <news:title>Banjir Rendam Jakarta &amp; Bekasi</news:title>
    </news:news>
  </url>
  <url><loc>https://kabar.example.id/tentang</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>"#;

    #[test]
    fn news_sitemap() {
        let Sitemap::UrlSet(entries) = parse_sitemap(NEWS.as_bytes()).unwrap() else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.news_publication.as_deref(), Some("Kabar Nusa"));
        assert_eq!(e.news_language.as_deref(), Some("id"));
        assert_eq!(e.news_title.as_deref(), Some("Banjir Rendam Jakarta & Bekasi"));
        assert_eq!(e.news_published.unwrap().to_rfc3339(), "2024-08-05T10:30:00+07:00");
        let item = e.to_feed_item();
        assert_eq!(item.key(), Some("https://kabar.example.id/berita/2024/08/05/banjir-jakarta"));
        assert_eq!(item.updated.unwrap().to_rfc3339(), "2024-08-05T11:00:00+07:00");
        assert_eq!(entries[1].news_title, None);
    }

    #[test]
    fn index_and_gzip() {
        let idx = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://kabar.example.id/sitemap-news.xml</loc><lastmod>2024-08-05</lastmod></sitemap>
          <sitemap><loc>https://kabar.example.id/sitemap-2024.xml.gz</loc></sitemap>
        </sitemapindex>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(idx.as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let Sitemap::Index(refs) = parse_sitemap(&bytes).unwrap() else {
            panic!("not an index")
        };
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].loc, "https://kabar.example.id/sitemap-2024.xml.gz");
        assert!(refs[0].lastmod.is_some());
        assert!(sitemap_items(&Sitemap::Index(refs)).is_empty());
    }

    #[test]
    fn errors() {
        assert_eq!(parse_sitemap(b"  "), Err(SitemapError::Empty));
        assert_eq!(
            parse_sitemap(b"<rss></rss>"),
            Err(SitemapError::NotASitemap("<rss>".into()))
        );
        assert!(matches!(parse_sitemap(&[0x1f, 0x8b, 1, 2, 3]), Err(SitemapError::Gzip(_))));
    }
}
