//! Date expressions in Indonesian and English running text, with
//! normalised values.
//!
//! Pure: text and an anchor (the publication time) in, mentions out.
//! Offsets count Unicode characters (end exclusive).
//!
//! # What is found
//!
//! - written dates: `13/9/2023`, `2023-09-13`, `13 September 2023`,
//!   `14 Sept`, `Sep. 14, 2023`, `14th of September`, `tanggal 14 Agustus`,
//!   `Mei 2023`;
//! - a weekday with a date, as one mention: `hari Rabu (13/9/2023)`,
//!   `Selasa (12/9)`, `Kamis, 14 Sep 2023`, the weekday checked;
//! - days relative to the publication: `kemarin`, `hari ini`, `besok`,
//!   `lusa`, `kemarin lusa`, `Selasa lalu`, `pada Selasa`, `dua hari lalu`,
//!   `yesterday`, `last Tuesday`, `on Tuesday`, `two days ago`;
//! - weeks, months and years relative to it: `pekan lalu`, `bulan depan`,
//!   `tahun ini`, `last week`, `next month`; and `tahun 2023`;
//! - a time and zone after any day: `14/9/2023 pukul 10.15 WIB`,
//!   `September 14, 2023 10:15 AM GMT+7`, `kemarin pukul 10.00 WIB`.
//!
//! # Values
//!
//! | value | for |
//! |---|---|
//! | `YYYY-MM-DD` | a day |
//! | `YYYY-MM-DDThh:mm:ss±hh:mm` | a day with a time and a written zone (RFC 3339, the zone's own offset) |
//! | `YYYY-Www` | a week (ISO 8601 week): `pekan lalu`, `next week`, `dua pekan lalu` |
//! | `YYYY-MM` | a month: `bulan lalu`, `Mei 2023` |
//! | `YYYY` | a year: `tahun lalu`, `tahun 2023` |
//! | `--MM-DD` | a year-less date without an anchor to give it a year (ISO 8601 truncated form) |
//!
//! Relative expressions count from the publication's local date (the
//! anchor in its own offset); without an anchor they are not reported.
//! See the crate README for the decisions on ambiguous forms.

mod lex;
pub mod names;
mod parse;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use warta_lang::Lang;

/// One date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The expression as written, e.g. "hari Rabu (13/9/2023)".
    pub text: String,
    /// Offset of the first character, in Unicode characters.
    pub start: usize,
    /// Offset after the last character, in Unicode characters.
    pub end: usize,
    /// `YYYY-MM-DD` for a day; RFC 3339 with the stated offset when a time
    /// and a zone are given; `YYYY-Www`, `YYYY-MM` or `YYYY` for a week,
    /// month or year; `--MM-DD` for a year-less day without an anchor.
    pub value: String,
    /// For a range ("13-14 September 2023"), its last day; `value` is the
    /// first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Set when the expression is doubtful: a weekday that does not agree
    /// with the date, or (in English) a numeric date that reads both ways.
    /// The value keeps the written date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// What relative expressions ("kemarin", "last week") resolve against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// The publication time, in the outlet's own offset.
    pub published: DateTime<FixedOffset>,
}

/// Finds every date expression in `text`, in order, never overlapping.
///
/// Relative expressions (and year-less dates, which take the year nearest
/// the publication) are only resolved when `anchor` is given: without it,
/// relative expressions are not reported and year-less dates get
/// `--MM-DD`. `lang` decides how ambiguous numeric dates are flagged; the
/// Indonesian and English patterns are read in any language, since news
/// text mixes them.
pub fn find_dates(text: &str, anchor: Option<Anchor>, lang: Lang) -> Vec<DateMention> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    lex::lex(text, &mut toks);
    let today = anchor.map(|a| a.published.date_naive());
    let found = parse::Parser::new(text, &toks, today, lang).run();
    let mut out = Vec::with_capacity(found.len());
    // Byte offsets to character offsets, walking forward once.
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut to_char = |b: usize| {
        chars += count_chars(&text.as_bytes()[byte..b]);
        byte = b;
        chars
    };
    for f in found {
        let (bs, be) = (toks[f.start].start as usize, toks[f.end - 1].end as usize);
        let start = to_char(bs);
        let end = to_char(be);
        out.push(DateMention {
            text: text[bs..be].to_string(),
            start,
            end,
            value: f.val.print(),
            until: f.until.map(|u| u.print()),
            warning: f.warning,
        });
    }
    out
}

fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}
