//! The pure stages, wired in one place: a page (or a feed entry's own
//! content) in, the analysed article out. No I/O and no clock here: the
//! follower, `warta ingest` and `warta reprocess` all call these.
//!
//! ```text
//! bytes + URL ──extract──► Article ──(fill from the feed entry)──► analyze ──► Analysis
//!                                                                (entities, dates,
//!                                                                 quotes, events)
//! ```

use warta_analyze::{analyze, Analysis, AnalyzeOptions};
use warta_model::{Article, Block, BlockKind};
use warta_store::NewItem;

/// The configured pure stages.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    pub analyze: AnalyzeOptions,
}

impl Pipeline {
    /// Extracts the article from a fetched page or a file.
    pub fn extract_page(
        &self,
        bytes: &[u8],
        content_type: Option<&str>,
        url: Option<&url::Url>,
        body_selector: Option<&str>,
    ) -> Result<Article, warta_extract::ExtractError> {
        let opts = warta_extract::ExtractOptions {
            url: url.cloned(),
            content_type: content_type.map(str::to_string),
            body_selectors: body_selector.map(str::to_string).into_iter().collect(),
        };
        warta_extract::extract(bytes, &opts)
    }

    /// Analyses an article: language, sentences, entities, dates, quotes
    /// and events.
    pub fn analyze(&self, article: Article) -> Analysis {
        let mut opts = self.analyze.clone();
        if opts.published.is_none() {
            opts.published = article
                .published
                .as_deref()
                .and_then(warta_analyze::parse_published);
        }
        analyze(article, &opts)
    }
}

/// The article a feed entry carries itself: for entries whose page cannot
/// be fetched, or when pages are not fetched at all.
pub fn article_from_item(item: &NewItem, site: Option<&str>) -> Article {
    let mut article = match item.content.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(content) => {
            let opts = warta_extract::ExtractOptions {
                url: item.url.as_deref().and_then(|u| url::Url::parse(u).ok()),
                content_type: Some("text/html; charset=utf-8".into()),
                body_selectors: Vec::new(),
            };
            // Feed content is a fragment: wrapped so that the general rules
            // read it as an article body, and read as text when that fails.
            let page = format!("<html><body><article>{content}</article></body></html>");
            warta_extract::extract_html_str(&page, &opts).unwrap_or_else(|_| Article {
                blocks: content
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Block::new(BlockKind::Paragraph, l))
                    .collect(),
                ..Article::default()
            })
        }
        None => Article::default(),
    };
    // The page's own title and dates would be better; the feed's are what
    // there is.
    article.title = None;
    article.published = None;
    fill_from_item(&mut article, item);
    if article.site.is_none() {
        article.site = site.map(str::to_string);
    }
    if article.blocks.is_empty() && article.empty_reason.is_none() {
        article.empty_reason =
            Some("the feed entry has no content and its page was not read".into());
    }
    article
}

/// Fills what the page left out from its feed entry: URL, title, dates,
/// authors.
pub fn fill_from_item(article: &mut Article, item: &NewItem) {
    if article.url.is_none() {
        article.url = item.url.clone();
    }
    if article.title.as_deref().is_none_or(str::is_empty) {
        article.title = item.title.clone();
    }
    if article.published.is_none() {
        article.published = item.published.clone();
    }
    if article.modified.is_none() && item.updated != item.published {
        article.modified = item.updated.clone();
    }
    if article.authors.is_empty() {
        article.authors = item.authors.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_content_becomes_an_article_with_the_entry_fields() {
        let item = NewItem {
            key: "urn:1".into(),
            url: Some("https://kabarnusa.example/a".into()),
            title: Some("Menlu bertemu Menlu Jepang".into()),
            content: Some(
                "<p>Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Jepang di Tokyo, Selasa.</p>\
                 <p>Keduanya membahas kerja sama maritim dan perdagangan kedua negara.</p>"
                    .into(),
            ),
            published: Some("2024-03-05T10:00:00+07:00".into()),
            updated: None,
            authors: vec!["Rina".into()],
        };
        let article = article_from_item(&item, Some("Kabar Nusa"));
        assert_eq!(article.title.as_deref(), Some("Menlu bertemu Menlu Jepang"));
        assert_eq!(
            article.published.as_deref(),
            Some("2024-03-05T10:00:00+07:00")
        );
        assert_eq!(article.authors, vec!["Rina".to_string()]);
        assert_eq!(article.blocks.len(), 2, "{:?}", article.blocks);
        assert!(article.empty_reason.is_none());

        let bare = NewItem {
            content: None,
            ..item
        };
        let article = article_from_item(&bare, None);
        assert!(article.blocks.is_empty());
        assert!(article.empty_reason.is_some());
        assert_eq!(article.url.as_deref(), Some("https://kabarnusa.example/a"));
    }
}
