//! Sitemaps (`<urlset>`, with the Google News extension) and sitemap
//! indexes, read leniently.
//!
//! (Written by the lead alongside the feed parser; extend, don't replace.)

use std::io::Read;

use crate::feed::FeedItem;
use crate::xml;

/// A parsed sitemap: its pages, or (an index) its child sitemaps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sitemap {
    pub entries: Vec<SitemapEntry>,
    pub sitemaps: Vec<ChildSitemap>,
}

/// One page of a `<urlset>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// `news:title`
    pub news_title: Option<String>,
    /// `news:publication_date`, as written.
    pub news_published: Option<String>,
    /// `news:publication/news:language`
    pub news_language: Option<String>,
    /// `news:publication/news:name`
    pub news_publication: Option<String>,
}

/// A sitemap listed in a `<sitemapindex>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildSitemap {
    pub loc: String,
    pub lastmod: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SitemapError {
    #[error("not a sitemap: the document's root is {0}")]
    NotASitemap(String),
    #[error("not a sitemap: no XML elements")]
    Empty,
    #[error("gzip data is corrupt: {0}")]
    Gzip(String),
    #[error("the sitemap expands beyond {MAX_SITEMAP_BYTES} bytes")]
    TooLarge,
}

fn text_of(e: &xml::Element, local: &str) -> Option<String> {
    let t = e.child(local)?.text();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The most a gzip-compressed sitemap may expand to (the protocol's own
/// limit is 50 MB uncompressed).
pub const MAX_SITEMAP_BYTES: u64 = 64 * 1024 * 1024;

/// Parses a sitemap or sitemap index, in any charset. Gzip-compressed bytes
/// (`sitemap.xml.gz`, served as a file, not with `Content-Encoding`) are
/// inflated first.
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
    let text = crate::text::decode_document(bytes, None);
    let doc = xml::parse(&text);
    let root = doc.root().ok_or(SitemapError::Empty)?;
    let mut map = Sitemap::default();
    match root.local.to_ascii_lowercase().as_str() {
        "urlset" => {
            for url in root
                .elements()
                .filter(|e| e.local.eq_ignore_ascii_case("url"))
            {
                let Some(loc) = text_of(url, "loc") else {
                    continue;
                };
                let news = url.child("news");
                let publication = news.and_then(|n| n.child("publication"));
                map.entries.push(SitemapEntry {
                    loc,
                    lastmod: text_of(url, "lastmod"),
                    news_title: news
                        .and_then(|n| text_of(n, "title"))
                        .map(|t| crate::text::html_to_text(&t))
                        .filter(|t| !t.is_empty()),
                    news_published: news.and_then(|n| text_of(n, "publication_date")),
                    news_language: publication.and_then(|p| text_of(p, "language")),
                    news_publication: publication.and_then(|p| text_of(p, "name")),
                });
            }
        }
        "sitemapindex" => {
            for child in root
                .elements()
                .filter(|e| e.local.eq_ignore_ascii_case("sitemap"))
            {
                let Some(loc) = text_of(child, "loc") else {
                    continue;
                };
                map.sitemaps.push(ChildSitemap {
                    loc,
                    lastmod: text_of(child, "lastmod"),
                });
            }
        }
        other => return Err(SitemapError::NotASitemap(format!("<{other}>"))),
    }
    Ok(map)
}

/// The sitemap's pages as feed items, so that the pipeline treats them
/// like a feed's: the URL is the key, the news title and date come along.
pub fn feed_items(map: &Sitemap) -> Vec<FeedItem> {
    map.entries
        .iter()
        .map(|e| FeedItem {
            guid: None,
            url: Some(e.loc.clone()),
            title: e.news_title.clone(),
            summary: None,
            content_html: None,
            published: e.news_published.as_deref().and_then(crate::parse_feed_date),
            updated: e.lastmod.as_deref().and_then(crate::parse_feed_date),
            authors: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_a_news_sitemap() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://kabarnusa.example/berita/1</loc><lastmod>2024-03-05T11:00:00+07:00</lastmod>
    <news:news><news:publication><news:name>Kabar Nusa</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2024-03-05T10:00:00+07:00</news:publication_date>
      <news:title>Menlu bertemu Menlu Jepang &amp; Korea</news:title></news:news></url>
  <url><loc> https://kabarnusa.example/berita/2 </loc></url>
  <url><lastmod>2024-03-05</lastmod></url>
</urlset>"#;
        let map = parse_sitemap(xml).unwrap();
        assert_eq!(map.entries.len(), 2);
        let first = &map.entries[0];
        assert_eq!(
            first.news_title.as_deref(),
            Some("Menlu bertemu Menlu Jepang & Korea")
        );
        assert_eq!(first.news_language.as_deref(), Some("id"));
        assert_eq!(first.news_publication.as_deref(), Some("Kabar Nusa"));
        assert_eq!(map.entries[1].loc, "https://kabarnusa.example/berita/2");
        let items = feed_items(&map);
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2024-03-05T10:00:00+07:00"
        );
        assert_eq!(items[0].key(), Some("https://kabarnusa.example/berita/1"));
    }

    #[test]
    fn reads_an_index_and_refuses_other_documents() {
        let xml = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://x.example/s1.xml</loc><lastmod>2024-03-01</lastmod></sitemap>
            <sitemap><loc>https://x.example/s2.xml</loc></sitemap></sitemapindex>"#;
        let map = parse_sitemap(xml).unwrap();
        assert_eq!(map.sitemaps.len(), 2);
        assert_eq!(map.sitemaps[0].lastmod.as_deref(), Some("2024-03-01"));
        assert!(matches!(
            parse_sitemap(b"<rss></rss>"),
            Err(SitemapError::NotASitemap(_))
        ));
        assert_eq!(parse_sitemap(b""), Err(SitemapError::Empty));
    }

    #[test]
    fn inflates_gzip_and_decodes_charsets() {
        use std::io::Write;
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://x.example/caf\u{e9}</loc></url></urlset>";
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(xml);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&latin1).unwrap();
        let map = parse_sitemap(&gz.finish().unwrap()).unwrap();
        assert_eq!(map.entries[0].loc, "https://x.example/caf\u{e9}");
        assert!(matches!(
            parse_sitemap(&[0x1f, 0x8b, 1, 2, 3]),
            Err(SitemapError::Gzip(_))
        ));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_sitemap(&bytes);
        }
    }
}
