//! Direct quotes and who said them.
//!
//! Pure: text and the people already found in it in, quotes out.
//! Offsets count Unicode characters (end exclusive).

use serde::Serialize;
use warta_lang::Lang;

/// A person (or organisation) mention found by the entity stage, which a
/// quote's speaker resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker<'a> {
    pub start: usize,
    pub end: usize,
    /// Canonical name ("Vladimir Putin" for a mention "Putin").
    pub canonical: &'a str,
    /// True for people; organisations and places may speak too ("Kemlu said").
    pub is_person: bool,
}

/// One direct quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Canonical speaker, or the speaker's words as written when no mention matches.
    pub speaker: Option<String>,
    /// Span of the quoted words (inside the marks).
    pub start: usize,
    pub end: usize,
}

/// Finds the direct quotes in `text` and their speakers among `speakers`
/// (sorted by start).
pub fn find_quotes(text: &str, speakers: &[Speaker<'_>], lang: Lang) -> Vec<Quote> {
    let _ = (text, speakers, lang);
    Vec::new()
}
