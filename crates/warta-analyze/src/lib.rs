//! The understanding stage: an [`Article`] in, what warta reads in it out.
//!
//! The analysed text is the title, then each block, then each image
//! caption, joined by blank lines. Every finding (sentence, entity, date,
//! quote, language segment) carries `start`/`end` offsets into that text,
//! counted in Unicode characters, so that a web page can highlight it and
//! the event coder can find the sentence that states an event.
//!
//! Pure: no I/O. The stages it runs live in their own crates:
//! `warta-lang` (language, sentences), `warta-entities`, `warta-dates`
//! and `warta-quotes`.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;
use std::sync::Arc;
use warta_dates::{Anchor, DateMention};
use warta_entities::{Entity, EntityKind};
use warta_events::{CodeOptions, Dictionary, Event, SentenceInput};
use warta_lang::Lang;
use warta_model::{Article, BlockKind};
use warta_quotes::{Quote, Speaker};

/// How to analyse.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// The publication time to use when the article states none.
    pub published: Option<DateTime<FixedOffset>>,
    /// Forces the language instead of detecting it.
    pub lang: Option<Lang>,
    /// Event dictionaries to use instead of the built-in ones.
    pub dictionary: Option<Arc<Dictionary>>,
    /// Keep negated events (marked `negated`) instead of dropping them.
    pub keep_negated: bool,
}

/// The article with everything found in it. The article's own fields come
/// first, as `warta extract` prints them; `lang` is refined here.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub article: Article,
    /// How sure the language guess for the whole article is (0 to 1).
    pub lang_confidence: f32,
    /// The analysed text: title, blocks, captions, joined by blank lines.
    pub text: String,
    /// Each part of `text` (title, block, caption) with its own language.
    pub segments: Vec<Segment>,
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub dates: Vec<DateMention>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
}

/// One part of the analysed text.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// "title", a block kind ("paragraph", "heading", ...), or "caption".
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub lang: &'static str,
    pub confidence: f32,
}

/// A span of the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The analysed text of an article and the segments it is made of.
pub fn analysed_text(article: &Article) -> (String, Vec<(&'static str, usize, usize)>) {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut parts = Vec::new();
    let mut push = |kind: &'static str, s: &str| {
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let n = s.chars().count();
        text.push_str(s);
        parts.push((kind, chars, chars + n));
        chars += n;
    };
    if let Some(title) = &article.title {
        push("title", title);
    }
    for block in &article.blocks {
        let kind = match block.kind {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Quote => "quote",
            BlockKind::ListItem => "list_item",
        };
        push(kind, &block.text);
    }
    for image in &article.images {
        if let Some(caption) = &image.caption {
            push("caption", caption);
        }
    }
    (text, parts)
}

/// Reads a `published` value: RFC 3339, or a plain day (taken at midnight
/// UTC, which keeps the day when relative dates resolve).
pub fn parse_published(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t);
    }
    let day = NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
    FixedOffset::east_opt(0)?
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()
}

/// Analyses an article.
pub fn analyze(mut article: Article, opts: &AnalyzeOptions) -> Analysis {
    let (text, parts) = analysed_text(&article);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |&(b, _)| b);

    let mut segments = Vec::with_capacity(parts.len());
    for &(kind, start, end) in &parts {
        let (lang, confidence) = match opts.lang {
            Some(l) => (l, 1.0),
            None => warta_lang::detect_language(&text[byte_at(start)..byte_at(end)]),
        };
        segments.push(Segment {
            kind,
            start,
            end,
            lang: lang.code(),
            confidence,
        });
    }
    let (lang, lang_confidence) = match opts.lang {
        Some(l) => (l, 1.0),
        None => article_language(&text, &parts, &byte_at),
    };
    article.lang = Some(lang.code().to_string());

    let published = article
        .published
        .as_deref()
        .and_then(parse_published)
        .or(opts.published);
    let day = published.map(|t| t.date_naive().format("%Y-%m-%d").to_string());

    let split = warta_lang::split_sentences(&text);
    let sentences: Vec<Span> = split
        .iter()
        .map(|s| Span {
            start: s.start,
            end: s.end,
        })
        .collect();
    let entities = warta_entities::recognize(
        &text,
        &warta_entities::Options {
            lang,
            date: day,
            cased: None,
        },
    );
    let dates =
        warta_dates::find_dates(&text, published.map(|published| Anchor { published }), lang);
    let speakers: Vec<Speaker> = entities
        .iter()
        .filter(|e| {
            e.kind != EntityKind::Loc || e.actor.as_deref().is_some_and(|a| a.ends_with("GOV"))
        })
        .map(|e| Speaker {
            start: e.start,
            end: e.end,
            canonical: &e.canonical,
            is_person: e.kind == EntityKind::Per,
        })
        .collect();
    let quotes = warta_quotes::find_quotes(&text, &speakers, lang);
    let date_spans: Vec<(usize, usize, String)> = dates
        .iter()
        .map(|d| (d.start, d.end, d.value.clone()))
        .collect();
    // Each sentence gets only the findings inside it (both lists are
    // sorted by start), so coding stays linear in the article's length.
    let inputs: Vec<SentenceInput> = split
        .iter()
        .map(|s| {
            let e_lo = entities.partition_point(|e| e.start < s.start);
            let e_hi = entities.partition_point(|e| e.start < s.end);
            let d_lo = date_spans.partition_point(|d| d.0 < s.start);
            let d_hi = date_spans.partition_point(|d| d.0 < s.end);
            SentenceInput {
                text: s.text,
                start: s.start,
                end: s.end,
                entities: &entities[e_lo..e_hi],
                dates: &date_spans[d_lo..d_hi],
            }
        })
        .collect();
    let dict: &Dictionary = opts
        .dictionary
        .as_deref()
        .unwrap_or_else(|| Dictionary::builtin());
    let events = warta_events::code_document(
        &inputs,
        &CodeOptions {
            lang,
            date: published.map(|t| t.date_naive().format("%Y-%m-%d").to_string()),
            keep_negated: opts.keep_negated,
        },
        dict,
    );
    drop(inputs);
    Analysis {
        article,
        lang_confidence,
        text,
        segments,
        sentences,
        entities,
        dates,
        quotes,
        events,
    }
}

/// The language of the body (the title and captions are short and often
/// in a house style); the whole text when there is no body.
fn article_language(
    text: &str,
    parts: &[(&'static str, usize, usize)],
    byte_at: &dyn Fn(usize) -> usize,
) -> (Lang, f32) {
    let body: Vec<&(&str, usize, usize)> = parts
        .iter()
        .filter(|p| p.0 != "title" && p.0 != "caption")
        .collect();
    match (body.first(), body.last()) {
        (Some(first), Some(last)) => {
            warta_lang::detect_language(&text[byte_at(first.1)..byte_at(last.2)])
        }
        _ => warta_lang::detect_language(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_model::{Block, Image};

    fn article() -> Article {
        Article {
            title: Some("Putin Sambut Kim".into()),
            blocks: vec![
                Block::new(
                    BlockKind::Paragraph,
                    "Presiden Rusia Vladimir Putin menyambut Kim Jong-Un pada hari Rabu (13/9/2023).",
                ),
                Block::new(
                    BlockKind::Paragraph,
                    "“Kami akan membantu,” kata Putin kepada wartawan.",
                ),
            ],
            images: vec![Image {
                src: None,
                caption: Some("Kim di Vostochny".into()),
                credit: None,
            }],
            ..Article::default()
        }
    }

    #[test]
    fn text_joins_title_blocks_captions() {
        let (text, parts) = analysed_text(&article());
        assert!(text.starts_with("Putin Sambut Kim\n\nPresiden Rusia"));
        assert!(text.ends_with("wartawan.\n\nKim di Vostochny"));
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[3].0, "caption");
    }

    #[test]
    fn offsets_are_characters_into_text() {
        let a = analyze(article(), &AnalyzeOptions::default());
        let chars: Vec<char> = a.text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        assert!(!a.entities.is_empty());
        for e in &a.entities {
            assert_eq!(slice(e.start, e.end), e.text);
        }
        for d in &a.dates {
            assert_eq!(slice(d.start, d.end), d.text);
        }
        for q in &a.quotes {
            assert_eq!(slice(q.start, q.end), q.text);
        }
        let date = a.dates.iter().find(|d| d.value == "2023-09-13");
        assert!(date.is_some(), "{:?}", a.dates);
        assert_eq!(a.article.lang.as_deref(), Some("id"));
        let q = &a.quotes[0];
        assert_eq!(q.speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn published_resolves_relative_dates() {
        let mut art = article();
        art.blocks[1].text = "Kemarin, Putin tiba di Vladivostok.".into();
        let opts = AnalyzeOptions {
            published: parse_published("2023-09-14T10:00:00+07:00"),
            ..AnalyzeOptions::default()
        };
        let a = analyze(art, &opts);
        assert!(
            a.dates
                .iter()
                .any(|d| d.value == "2023-09-13" && d.text.to_lowercase() == "kemarin"),
            "{:?}",
            a.dates
        );
    }
}
