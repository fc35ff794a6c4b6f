//! warta's shared vocabulary.
//!
//! Every pipeline stage speaks in these types, and their serde names are
//! contracts: `warta extract` prints an [`Article`] as JSON, and the later
//! stages, the store and the benchmarks read the same field names.

use serde::{Deserialize, Serialize};

pub mod story;
pub use story::{ArticleView, EventView, StoryView};

/// A clean article: what the extract stage makes of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Where the page came from (canonical URL when the page names one).
    pub url: Option<String>,
    /// The outlet's name, or its domain when no name is known.
    pub site: Option<String>,
    /// A first guess at the language (ISO 639-1), refined by the analyze stage.
    pub lang: Option<String>,
    /// The headline, without the site's suffix.
    pub title: Option<String>,
    /// RFC 3339 with the page's own offset, or a plain `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Same format as `published`.
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    /// The body in reading order.
    pub blocks: Vec<Block>,
    pub images: Vec<Image>,
    /// The URL of the article's next page, when it goes on elsewhere.
    pub next_page: Option<String>,
    /// True when text input ends with a "continued on the next page" prompt.
    pub continued: bool,
    /// Why the body is empty, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_reason: Option<String>,
}

impl Article {
    /// The body as plain text, one block a line.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            out.push_str(&block.text);
            out.push('\n');
        }
        out
    }

    /// Paragraph texts only, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.text.as_str())
    }
}

/// One unit of the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Block {
            kind,
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    ListItem,
}

/// An image of the article, with its caption and the credit split off it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}
