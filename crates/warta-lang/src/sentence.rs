//! Sentence boundaries, decided over tokens.
//!
//! Working on tokens rather than characters settles most hard cases before
//! the splitter sees them: "5,6", "1.000", "13.09.2023" and URLs are single
//! tokens, and "Dr.", "S.H.", "J." are abbreviation tokens that carry their
//! period. What is left is one question at each `.`, `!`, `?`, `…`: is it
//! followed by a space and something that can start a sentence?

use crate::abbrev::{self, AbbrevClass};
use crate::token::{tokenize_chars, Chars, Token, TokenKind};
use serde::Serialize;
use std::ops::Range;

/// One sentence: `start`/`end` in Unicode characters (end exclusive),
/// the same span in bytes, and the indices of its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
    /// Indices into the token list the sentence was split from.
    #[serde(skip)]
    pub tokens: Range<usize>,
}

/// Splits `text` into sentences. Sentences are in order, do not overlap,
/// and together hold every character that is not whitespace.
///
/// ```
/// use warta_lang::split_sentences;
/// let s = split_sentences("Dr. Ani tiba di Jl. Sudirman No. 5. Inflasi 5,6 persen.");
/// assert_eq!(s.len(), 2);
/// assert_eq!(s[1].text, "Inflasi 5,6 persen.");
/// ```
pub fn split_sentences(text: &str) -> Vec<Sentence<'_>> {
    let cs = Chars::new(text);
    let tokens = tokenize_chars(&cs);
    split_tokens(&cs, &tokens)
}

/// Splits already tokenized text: returns the tokens and the sentences.
pub fn tokenize_and_split(text: &str) -> (Vec<Token<'_>>, Vec<Sentence<'_>>) {
    let cs = Chars::new(text);
    let tokens = tokenize_chars(&cs);
    let sentences = split_tokens(&cs, &tokens);
    (tokens, sentences)
}

fn is_terminal(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && t.text
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁉' | '。' | '！' | '？'))
}

fn is_closing(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(
            t.text,
            "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "›" | "」" | "』"
        )
}

/// Can this token open a sentence? Capitalised or caseless letters, digits,
/// opening quotes and brackets, bullets.
fn can_start(t: &Token) -> bool {
    let c = t.text.chars().next().unwrap_or(' ');
    match t.kind {
        TokenKind::Word | TokenKind::Abbreviation => c.is_uppercase() || !c.is_lowercase(),
        TokenKind::Number | TokenKind::Url | TokenKind::Hashtag | TokenKind::Mention => true,
        TokenKind::Email => true,
        TokenKind::Punct => matches!(
            c,
            '"' | '\''
                | '“'
                | '‘'
                | '('
                | '['
                | '«'
                | '‹'
                | '-'
                | '–'
                | '—'
                | '•'
                | '*'
                | '「'
                | '『'
        ),
    }
}

/// Newlines in the gap between two tokens.
fn newlines(cs: &Chars, from: usize, to: usize) -> usize {
    cs.chars[from..to].iter().filter(|&&c| c == '\n').count()
}

pub(crate) fn split_tokens<'a>(cs: &Chars<'a>, tokens: &[Token<'a>]) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    let mut first = 0;
    let push = |out: &mut Vec<Sentence<'a>>, a: usize, b: usize| {
        let (s, e) = (tokens[a].start, tokens[b - 1].end);
        out.push(Sentence {
            text: &cs.text[cs.bytes[s]..cs.bytes[e]],
            start: s,
            end: e,
            byte_start: cs.bytes[s],
            byte_end: cs.bytes[e],
            tokens: a..b,
        });
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // candidate end after token i (plus any closing quotes/brackets glued on)
        let mut last = i;
        let candidate = if is_terminal(t) {
            while last + 1 < tokens.len()
                && tokens[last + 1].start == tokens[last].end
                && is_closing(&tokens[last + 1])
            {
                last += 1;
            }
            true
        } else {
            // an abbreviation that may end a sentence
            t.kind == TokenKind::Abbreviation && ambiguous_abbrev(t)
        };
        let Some(next) = tokens.get(last + 1) else {
            break;
        };
        let gap_nl = newlines(cs, tokens[last].end, next.start);
        let spaced = next.start > tokens[last].end;
        let boundary = if gap_nl >= 2 {
            // a blank line always separates
            true
        } else if candidate && spaced {
            if t.kind == TokenKind::Abbreviation {
                // "Sept. 14", "dll. yang": only a capitalised word follows an ending abbreviation;
                // after a dotted acronym ("U.S. Army") it must also be a usual sentence opener
                next.kind == TokenKind::Word
                    && next.text.starts_with(char::is_uppercase)
                    && (!is_dotted_acronym(t.text) || is_opener(next.text))
            } else {
                can_start(next)
            }
        } else if gap_nl == 1 {
            // a line break ends a sentence unless the next line continues it in lower case
            can_start(next)
        } else {
            false
        };
        if boundary {
            push(&mut out, first, last + 1);
            first = last + 1;
        }
        i = last + 1;
    }
    if first < tokens.len() {
        push(&mut out, first, tokens.len());
    }
    out
}

/// "U.S.", "U.K.", "E.U.": capital letters joined by periods.
fn is_dotted_acronym(s: &str) -> bool {
    let body = s.strip_suffix('.').unwrap_or(s);
    body.contains('.')
        && body
            .split('.')
            .all(|p| p.len() == 1 && p.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Words that open sentences far more often than they follow an acronym.
fn is_opener(w: &str) -> bool {
    const OPENERS: &[&str] = &[
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "But",
        "And",
        "In",
        "On",
        "At",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
        "Mr",
        "Ms",
        "Mrs",
        "Dia",
        "Ia",
        "Mereka",
        "Kami",
        "Kita",
        "Saya",
        "Namun",
        "Tetapi",
        "Sementara",
        "Selain",
        "Menurut",
        "Hal",
        "Ini",
        "Itu",
        "Pada",
        "Dalam",
        "Di",
        "Sebelumnya",
        "Kemudian",
        "Lalu",
    ];
    OPENERS.contains(&w)
}

fn ambiguous_abbrev(t: &Token) -> bool {
    let body = t.text.strip_suffix('.').unwrap_or(t.text);
    match abbrev::class(body) {
        Some(AbbrevClass::Title) => false,
        Some(AbbrevClass::Ambiguous) => true,
        None => {
            // initials ("J.", "D.W.") never end, except "I." which is as often
            // a Roman numeral ("kuartal I."); other dotted forms (M.Sc.) may
            let initials = body
                .split('.')
                .all(|p| p.chars().count() == 1 && p.starts_with(char::is_uppercase));
            !initials || body == "I"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split_sentences(s).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            texts("Prof. Dr. Ir. H. Budi, S.H., M.Si. tinggal di Jl. Merdeka No. 5, Kec. Cibeunying, Kab. Bandung. Ia lahir di sana."),
            vec![
                "Prof. Dr. Ir. H. Budi, S.H., M.Si. tinggal di Jl. Merdeka No. 5, Kec. Cibeunying, Kab. Bandung.",
                "Ia lahir di sana."
            ]
        );
        assert_eq!(
            texts("Gen. Milley met Mr. Kim on Sept. 14. They talked."),
            vec!["Gen. Milley met Mr. Kim on Sept. 14.", "They talked."]
        );
        assert_eq!(
            texts("Hj. Siti membeli beras, gula, dll. Harganya naik."),
            vec!["Hj. Siti membeli beras, gula, dll.", "Harganya naik."]
        );
    }

    #[test]
    fn initials_and_numbers() {
        assert_eq!(
            texts("Kim J. Un tiba pada 13.09.2023 pukul 10.30. Inflasi 5,6 persen. Harga Rp1.000."),
            vec![
                "Kim J. Un tiba pada 13.09.2023 pukul 10.30.",
                "Inflasi 5,6 persen.",
                "Harga Rp1.000."
            ]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            texts("“Kami siap.” Putin tersenyum. \"Ayo!\" katanya. Dia bertanya, \"Kapan?\" Lalu pergi."),
            vec!["“Kami siap.”", "Putin tersenyum.", "\"Ayo!\" katanya.", "Dia bertanya, \"Kapan?\"", "Lalu pergi."]
        );
    }

    #[test]
    fn ellipses_and_urls() {
        assert_eq!(
            texts("Dia menunggu... lalu pergi... Besok kembali. Baca www.kompas.com. Atau https://a.id/x.html."),
            vec![
                "Dia menunggu... lalu pergi...",
                "Besok kembali.",
                "Baca www.kompas.com.",
                "Atau https://a.id/x.html."
            ]
        );
    }

    #[test]
    fn lines() {
        assert_eq!(
            texts("Judul Berita\n\nJAKARTA - Isi pertama.\nBaris kedua\nlanjut."),
            vec![
                "Judul Berita",
                "JAKARTA - Isi pertama.",
                "Baris kedua\nlanjut."
            ]
        );
    }

    #[test]
    fn english() {
        assert_eq!(
            texts("Officials in Washington, D.C., said Mr. Lee would go. He left at 5 p.m. on Friday. The U.S. Army agreed."),
            vec![
                "Officials in Washington, D.C., said Mr. Lee would go.",
                "He left at 5 p.m. on Friday.",
                "The U.S. Army agreed."
            ]
        );
        assert_eq!(
            texts("Sales rose 2.5% in Q3... Analysts expected more! Why? Nobody knows."),
            vec![
                "Sales rose 2.5% in Q3...",
                "Analysts expected more!",
                "Why?",
                "Nobody knows."
            ]
        );
    }

    #[test]
    fn offsets_in_chars() {
        let s = split_sentences("“Ya.” Ké.");
        assert_eq!((s[0].start, s[0].end), (0, 5));
        assert_eq!((s[1].start, s[1].end), (6, 9));
    }

    #[test]
    fn empty() {
        assert!(split_sentences("  \n ").is_empty());
    }
}
