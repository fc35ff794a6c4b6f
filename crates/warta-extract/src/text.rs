//! Scraped plain text: the same cleaning rules as for HTML, line by line.

use crate::ExtractOptions;
use warta_model::{Article, Block, BlockKind};

/// Extracts an article from scraped plain text.
pub fn extract_text(text: &str, _opts: &ExtractOptions) -> Article {
    let blocks = text
        .lines()
        .map(crate::textutil::normalize_space)
        .filter(|l| !l.is_empty())
        .map(|l| Block::new(BlockKind::Paragraph, l))
        .collect();
    Article {
        blocks,
        ..Article::default()
    }
}
