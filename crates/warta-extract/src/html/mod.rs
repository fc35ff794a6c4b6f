//! The HTML path: parse, read metadata, find the article body, its images
//! and its next page.
//!
//! The body is found the way Readability does it, with the boilerplate
//! rules of trafilatura layered on: paragraphs vote for the containers that
//! hold them, the best container (and its worthy siblings) is the article,
//! and the article is then read block by block, leaving out what is link
//! lists, share bars, call-to-actions and captions.

mod body;
pub(crate) mod dom;
mod images;
mod patterns;
mod prefilter;

use crate::{metadata, pages, ExtractError, ExtractOptions};
use dom::Dom;
use scraper::Html;
use warta_model::Article;

/// Parses the page into scraper's tree, sized up front: a page has about as
/// many nodes as `<`s, and a node vector that grows as it fills is copied
/// again at every doubling.
fn parse(html: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let tags = memchr::memchr_iter(b'<', html.as_bytes()).count();
    let mut doc = Html::new_document();
    doc.tree = ego_tree::Tree::with_capacity(scraper::Node::Document, tags + 16);
    html5ever::driver::parse_document(scraper::HtmlTreeSink::new(doc), Default::default()).one(html)
}

pub(crate) fn extract(html: &str, opts: &ExtractOptions) -> Result<Article, ExtractError> {
    let doc = parse(&prefilter::strip_inert(html));
    let meta = metadata::extract_metadata(&doc, opts.url.as_ref());
    let base = opts.url.clone().or_else(|| {
        meta.canonical_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
    });
    let dom = Dom::build(&doc);

    let selected = if opts.body_selectors.is_empty() {
        None
    } else {
        Some(body::select_by_css(&doc, &dom, &opts.body_selectors)?)
    };
    let body = body::extract_body(&dom, meta.title.as_deref(), selected);
    let mut images = images::extract_images(&dom, &body, base.as_ref());
    if images.is_empty() {
        if let Some(src) = images::lead_image(&doc, base.as_ref()) {
            images.push(warta_model::Image {
                src: Some(src),
                caption: None,
                credit: None,
            });
        }
    }
    if let Some((url, caption)) = &meta.image_caption {
        images::caption_from_jsonld(&mut images, url.as_deref(), caption, base.as_ref());
    }
    let next_page = pages::find_next_page(&doc, base.as_ref());
    let empty_reason = if body.blocks.is_empty() {
        Some(
            if dom
                .nodes
                .iter()
                .all(|n| n.text.is_none_or(|t| t.trim().is_empty()))
            {
                "the page has no text".to_string()
            } else {
                "no part of the page reads like an article body".to_string()
            },
        )
    } else {
        None
    };
    let mut article = Article {
        url: meta
            .canonical_url
            .or_else(|| opts.url.as_ref().map(|u| u.to_string())),
        site: meta.site,
        lang: meta.lang,
        title: meta.title,
        published: meta.published,
        modified: meta.modified,
        authors: meta.authors,
        description: meta.description,
        blocks: body.blocks,
        images,
        next_page,
        continued: body.continued,
        empty_reason,
    };
    if article.lang.is_none() {
        article.lang = crate::textutil::guess_lang(&article.body_text());
    }
    Ok(article)
}
