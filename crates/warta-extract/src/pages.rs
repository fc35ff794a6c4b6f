//! Multi-page articles: finding the next page and merging the pages.
//!
//! Finding is pure (a parsed page in, a URL out). Following takes a fetch
//! function from the caller, so this crate stays free of I/O.

use crate::html::dom::AttrExt;
use regex::Regex;
use scraper::{ElementRef, Html};
use std::collections::HashSet;
use std::sync::LazyLock;
use url::Url;
use warta_model::Article;

/// Link texts that mean "the next page of this article".
static NEXT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:halaman\s+(?:berikutnya|selanjutnya)|selanjutnya|berikutnya|lanjut(?:kan)?|next(?:\s+page)?|weiter|suivant|siguiente|›|»|>|>>)\s*[›»>]*\s*$",
    )
    .expect("valid regex")
});

/// Ways a URL numbers its pages: `?page=2`, `/2`, `-2`, `/page/2`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[?&](?:page|p|hal|halaman|pg)=(\d{1,3})|/(?:page/|halaman/)?(\d{1,3})/?$|-(\d{1,3})(?:\.html?)?$)")
        .expect("valid regex")
});

/// Finds the URL of the article's next page, if the page says it has one.
///
/// `rel=next` is trusted. Other candidates must be links in the same site,
/// under the same path as the current page, whose text says "next" or is
/// the following page number; this keeps "Selanjutnya" links to other
/// articles out.
pub fn find_next_page(doc: &Html, base: Option<&Url>) -> Option<String> {
    let base = base?;
    let current = base.as_str().trim_end_matches('/');
    // One walk gathers the links; pages have thousands of nodes.
    let mut rel_next_links = Vec::new();
    let mut rel_next_anchors = Vec::new();
    let mut anchors = Vec::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        match el.value().name() {
            "link" if el.value().rel_has("next") => rel_next_links.push(el),
            "a" => {
                if el.value().rel_has("next") {
                    rel_next_anchors.push(el);
                }
                anchors.push(el);
            }
            _ => {}
        }
    }
    if let Some(next) = rel_next_links
        .iter()
        .chain(&rel_next_anchors)
        .filter_map(|e| e.value().attr_fast("href"))
        .filter_map(|h| base.join(h.trim()).ok())
        .find(|u| same_article(base, u) && u.as_str().trim_end_matches('/') != current)
    {
        return Some(next.to_string());
    }
    let current_number = page_number(base).unwrap_or(1);
    let mut text = String::new();
    for anchor in anchors {
        let Some(href) = anchor.value().attr_fast("href") else {
            continue;
        };
        // The link text is cheap to test; resolving the URL is not.
        text.clear();
        for t in anchor.text() {
            text.push_str(t);
            if text.len() > MAX_NEXT_LABEL && text.trim().len() > MAX_NEXT_LABEL {
                break;
            }
        }
        let text = text.trim();
        // Headlines and menus are longer than any "next page" label.
        if text.len() > MAX_NEXT_LABEL {
            continue;
        }
        let says_next = NEXT_TEXT.is_match(text);
        if !says_next && text.parse::<u32>().ok() != Some(current_number + 1) {
            continue;
        }
        let Ok(target) = base.join(href.trim()) else {
            continue;
        };
        if !same_article(base, &target) || target.as_str().trim_end_matches('/') == current {
            continue;
        }
        let by_text = says_next && page_number(&target).is_some();
        let by_number = text.parse::<u32>().ok() == Some(current_number + 1)
            && page_number(&target) == Some(current_number + 1);
        if by_text || by_number {
            return Some(target.to_string());
        }
    }
    None
}

/// Longest link text, in bytes, read as a "next page" label: the longest
/// label, "Halaman Selanjutnya »", is well under it.
const MAX_NEXT_LABEL: usize = 64;

fn page_number(url: &Url) -> Option<u32> {
    let s = url.as_str();
    let caps = PAGE_NUMBER.captures(s)?;
    caps.iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| m.as_str().parse().ok())
}

/// Same host, and one path is the other's prefix once page numbers are
/// taken off: the next page of an article lives beside it.
fn same_article(a: &Url, b: &Url) -> bool {
    if a.host_str() != b.host_str() {
        return false;
    }
    let strip = |u: &Url| -> String {
        let path = u.path().trim_end_matches('/');
        PAGE_NUMBER
            .replace(path, "")
            .trim_end_matches(['/', '-'])
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .to_string()
    };
    let (pa, pb) = (strip(a), strip(b));
    !pa.is_empty()
        && (pa == pb || pb.starts_with(&pa) || pa.starts_with(&pb))
        && pa.len().abs_diff(pb.len()) < 16
}

/// Follows `next_page` links through `fetch`, up to `max_pages` pages in
/// all, and merges the following pages' bodies and images into the first
/// article. Stops at a loop, an error or the limit; errors are returned
/// beside the merged article, which keeps everything fetched so far.
pub fn follow_pages<F, E>(first: Article, max_pages: usize, mut fetch: F) -> (Article, Vec<E>)
where
    F: FnMut(&str) -> Result<Article, E>,
{
    let mut merged = first;
    let mut errors = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    if let Some(u) = &merged.url {
        seen.insert(u.trim_end_matches('/').to_string());
    }
    let mut pages = 1;
    while let Some(next) = merged.next_page.take() {
        if pages >= max_pages.max(1) {
            merged.next_page = Some(next);
            break;
        }
        if !seen.insert(next.trim_end_matches('/').to_string()) {
            break;
        }
        match fetch(&next) {
            Ok(page) => {
                pages += 1;
                let known: HashSet<String> = merged.blocks.iter().map(|b| b.text.clone()).collect();
                merged
                    .blocks
                    .extend(page.blocks.into_iter().filter(|b| !known.contains(&b.text)));
                for image in page.images {
                    if !merged.images.contains(&image) {
                        merged.images.push(image);
                    }
                }
                merged.continued = page.continued;
                merged.next_page = page.next_page;
            }
            Err(e) => {
                errors.push(e);
                merged.next_page = Some(next);
                break;
            }
        }
    }
    if !merged.blocks.is_empty() {
        merged.empty_reason = None;
    }
    (merged, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_model::{Block, BlockKind};

    fn page(url: &str, text: &str, next: Option<&str>) -> Article {
        Article {
            url: Some(url.into()),
            blocks: vec![Block::new(BlockKind::Paragraph, text)],
            next_page: next.map(String::from),
            ..Article::default()
        }
    }

    #[test]
    fn finds_rel_next_and_numbered_links() {
        let base = Url::parse("https://news.example/2023/09/13/putin-kim").unwrap();
        let doc = Html::parse_document(
            r#"<html><head><link rel="next" href="/2023/09/13/putin-kim?page=2"></head><body></body></html>"#,
        );
        assert_eq!(
            find_next_page(&doc, Some(&base)).as_deref(),
            Some("https://news.example/2023/09/13/putin-kim?page=2")
        );
        let doc = Html::parse_document(
            r#"<div class="paging"><a href="/2023/09/13/putin-kim">1</a><a href="/2023/09/13/putin-kim/2">2</a></div>
               <a href="/2023/09/14/other-story">Selanjutnya</a>"#,
        );
        assert_eq!(
            find_next_page(&doc, Some(&base)).as_deref(),
            Some("https://news.example/2023/09/13/putin-kim/2")
        );
    }

    #[test]
    fn next_article_links_are_not_pages() {
        let base = Url::parse("https://news.example/read/putin-kim").unwrap();
        let doc = Html::parse_document(r#"<a href="/read/another-story">Selanjutnya</a>"#);
        assert_eq!(find_next_page(&doc, Some(&base)), None);
    }

    #[test]
    fn follows_and_stops_at_loops_and_limits() {
        let first = page(
            "https://x.example/a",
            "one",
            Some("https://x.example/a?page=2"),
        );
        let (merged, errors) =
            follow_pages(first.clone(), 10, |url: &str| -> Result<Article, String> {
                Ok(match url {
                    "https://x.example/a?page=2" => {
                        page(url, "two", Some("https://x.example/a?page=3"))
                    }
                    // Page 3 points back at page 2: a loop.
                    _ => page(url, "three", Some("https://x.example/a?page=2")),
                })
            });
        assert!(errors.is_empty());
        let texts: Vec<&str> = merged.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["one", "two", "three"]);

        let (limited, _) = follow_pages(first, 2, |url: &str| -> Result<Article, String> {
            Ok(page(url, url, Some(&format!("{url}x"))))
        });
        assert_eq!(limited.blocks.len(), 2);
        assert!(limited.next_page.is_some());
    }

    #[test]
    fn a_failed_page_keeps_what_came_before() {
        let first = page(
            "https://x.example/a",
            "one",
            Some("https://x.example/a?page=2"),
        );
        let (merged, errors) = follow_pages(first, 5, |_: &str| -> Result<Article, &str> {
            Err("HTTP 500")
        });
        assert_eq!(errors, ["HTTP 500"]);
        assert_eq!(merged.blocks.len(), 1);
    }
}
