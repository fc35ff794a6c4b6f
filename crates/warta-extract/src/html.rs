//! The HTML path: parse, read metadata, find the article body.

use crate::{metadata, ExtractError, ExtractOptions};
use scraper::Html;
use warta_model::Article;

pub(crate) fn extract(html: &str, opts: &ExtractOptions) -> Result<Article, ExtractError> {
    let doc = Html::parse_document(html);
    let meta = metadata::extract_metadata(&doc, opts.url.as_ref());
    Ok(Article {
        url: meta.canonical_url.or_else(|| opts.url.as_ref().map(|u| u.to_string())),
        site: meta.site,
        lang: meta.lang,
        title: meta.title,
        published: meta.published,
        modified: meta.modified,
        authors: meta.authors,
        description: meta.description,
        ..Article::default()
    })
}
