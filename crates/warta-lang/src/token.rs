//! Tokens with character offsets.
//!
//! The tokenizer is a hand-written scanner over the text's characters: no
//! regular expressions, one pass, so that it stays fast on long articles.
//! Every character that is not whitespace belongs to exactly one token, so
//! downstream stages can rely on tokens covering the text.
//!
//! Indonesian clitics (-nya, -lah, -kah, -pun, ku-, kau-) stay on the word:
//! "bukunya" is one token. [`split_clitics`](crate::split_clitics) splits
//! them off when a stage needs the base.

use crate::abbrev;
use serde::Serialize;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (and digits inside: "G20", "COVID-19"), with inner hyphens
    /// and apostrophes ("anak-anak", "Jum'at", "don't").
    Word,
    /// Digits with decimal commas, thousands dots, date or time separators
    /// and an optional percent sign: "5,6", "1.000", "13/9/2023", "25%".
    Number,
    /// An abbreviation with its period: "Dr.", "S.H.", "U.S.", an initial "J.".
    Abbreviation,
    /// http(s)://..., www...., or a bare domain such as "detik.com".
    Url,
    /// name@domain.tld
    Email,
    /// #tag
    Hashtag,
    /// @name
    Mention,
    /// Punctuation and symbols; a run of periods ("...") is one token.
    Punct,
}

/// One token. `start`/`end` count Unicode characters (end exclusive);
/// `byte_start`/`byte_end` index the same span in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
}

impl<'a> Token<'a> {
    /// The word's Indonesian clitics (ku-/kau-, -nya/-lah/-kah/-pun/-ku/-mu),
    /// split off only when the base is a known word; see [`crate::split_clitics`].
    pub fn clitics(&self) -> crate::Clitics<'a> {
        if self.kind == TokenKind::Word {
            crate::split_clitics(self.text)
        } else {
            crate::Clitics {
                proclitic: "",
                base: self.text,
                enclitic: "",
            }
        }
    }
}

/// The text as characters with the byte offset of each (and one past the
/// end), so scanning works on characters while slices stay borrowed.
pub(crate) struct Chars<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    pub bytes: Vec<usize>,
}

impl<'a> Chars<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut bytes = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            chars.push(c);
            bytes.push(b);
        }
        bytes.push(text.len());
        Chars { text, chars, bytes }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn slice(&self, s: usize, e: usize) -> &'a str {
        &self.text[self.bytes[s]..self.bytes[e]]
    }
}

/// Splits `text` into tokens. Whitespace separates tokens and is not a token.
///
/// ```
/// use warta_lang::{tokenize, TokenKind};
/// let t = tokenize("“Naik 5,6%” kata Dr. Ani.");
/// let kinds: Vec<_> = t.iter().map(|t| (t.text, t.kind)).collect();
/// assert_eq!(kinds[2], ("5,6%", TokenKind::Number));
/// assert_eq!(kinds[5], ("Dr.", TokenKind::Abbreviation));
/// assert_eq!((t[6].start, t[6].byte_start), (21, 25)); // characters, and bytes
/// ```
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let cs = Chars::new(text);
    tokenize_chars(&cs)
}

pub(crate) fn tokenize_chars<'a>(cs: &Chars<'a>) -> Vec<Token<'a>> {
    let n = cs.chars.len();
    let mut out = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    while i < n {
        let c = cs.chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (end, kind) = scan(cs, i);
        debug_assert!(end > i);
        out.push(Token {
            text: cs.slice(i, end),
            kind,
            start: i,
            end,
            byte_start: cs.bytes[i],
            byte_end: cs.bytes[end],
        });
        i = end;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (diacritics written as separate characters) stay in the
/// word they modify.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn starts_with_ci(cs: &Chars, i: usize, pat: &str) -> bool {
    let mut j = i;
    for p in pat.chars() {
        match cs.get(j) {
            Some(c) if c.to_ascii_lowercase() == p => j += 1,
            _ => return false,
        }
    }
    true
}

/// Scans one token starting at `i` (not whitespace); returns its end and kind.
fn scan(cs: &Chars, i: usize) -> (usize, TokenKind) {
    let c = cs.chars[i];
    if (c == 'h' || c == 'H' || c == 'w' || c == 'W')
        && (starts_with_ci(cs, i, "http://")
            || starts_with_ci(cs, i, "https://")
            || starts_with_ci(cs, i, "www."))
    {
        return (scan_url(cs, i), TokenKind::Url);
    }
    if (c == '#' || c == '@')
        && cs
            .get(i + 1)
            .is_some_and(|d| d.is_alphanumeric() || d == '_')
    {
        let mut j = i + 1;
        while cs.get(j).is_some_and(|d| d.is_alphanumeric() || d == '_') {
            j += 1;
        }
        let kind = if c == '#' {
            TokenKind::Hashtag
        } else {
            TokenKind::Mention
        };
        return (j, kind);
    }
    if c.is_alphanumeric() {
        if let Some(e) = scan_email(cs, i) {
            return (e, TokenKind::Email);
        }
    }
    if c.is_ascii_digit() {
        return scan_number(cs, i);
    }
    if is_word_char(c) {
        return scan_word(cs, i);
    }
    if c == '.' {
        let mut j = i;
        while cs.get(j) == Some('.') {
            j += 1;
        }
        return (j, TokenKind::Punct);
    }
    (i + 1, TokenKind::Punct)
}

fn scan_url(cs: &Chars, i: usize) -> usize {
    let mut j = i;
    while let Some(c) = cs.get(j) {
        if c.is_whitespace() || matches!(c, '"' | '“' | '”' | '<' | '>' | '«' | '»') {
            break;
        }
        j += 1;
    }
    trim_url_end(cs, i, j)
}

/// Trailing sentence punctuation is not part of a URL; a closing
/// parenthesis is, only when the URL opened one.
fn trim_url_end(cs: &Chars, start: usize, mut j: usize) -> usize {
    while j > start + 1 {
        let c = cs.chars[j - 1];
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' => true,
            ')' => {
                let opens = cs.chars[start..j].iter().filter(|&&x| x == '(').count();
                let closes = cs.chars[start..j].iter().filter(|&&x| x == ')').count();
                closes > opens
            }
            _ => false,
        };
        if !strip {
            break;
        }
        j -= 1;
    }
    j
}

fn scan_number(cs: &Chars, i: usize) -> (usize, TokenKind) {
    let mut j = i;
    while cs.get(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    // Separator followed by a digit continues the number: 5,6  1.000  13/9/2023  10:30
    while let (Some(sep), Some(d)) = (cs.get(j), cs.get(j + 1)) {
        if matches!(sep, '.' | ',' | '/' | ':') && d.is_ascii_digit() {
            j += 1;
            while cs.get(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
        } else {
            break;
        }
    }
    match cs.get(j) {
        Some('%') => (j + 1, TokenKind::Number),
        // "5G", "2023an", "1990-an", "3D": digits running into letters are a word
        Some(c) if is_word_char(c) => scan_word(cs, i),
        Some('-') if cs.get(j + 1).is_some_and(|c| c.is_alphabetic()) => scan_word(cs, i),
        _ => (j, TokenKind::Number),
    }
}

fn scan_word(cs: &Chars, i: usize) -> (usize, TokenKind) {
    let mut j = i;
    loop {
        while cs.get(j).is_some_and(is_word_char) {
            // "Rp1.000", "RM50": a currency glued to its amount is two tokens
            if j > i
                && cs.chars[j].is_ascii_digit()
                && cs.chars[j - 1].is_alphabetic()
                && is_currency(cs.slice(i, j))
            {
                return (j, TokenKind::Word);
            }
            j += 1;
        }
        // inner hyphen or apostrophe followed by a word character joins
        match (cs.get(j), cs.get(j + 1)) {
            (Some('-' | '\'' | '’' | '‐'), Some(d)) if is_word_char(d) => j += 1,
            _ => break,
        }
    }
    // Letters joined by periods: U.S., S.H., M.Si., a.m., detik.com
    if cs.get(j) == Some('.') {
        let mut k = j;
        let mut segs = 1;
        let mut max_seg = j - i;
        while cs.get(k) == Some('.') && cs.get(k + 1).is_some_and(|c| c.is_alphabetic()) {
            let s = k + 1;
            let mut e = s;
            while cs.get(e).is_some_and(|c| c.is_alphanumeric()) {
                e += 1;
            }
            max_seg = max_seg.max(e - s);
            segs += 1;
            k = e;
        }
        if segs > 1 {
            let last = cs.slice(
                (i..k)
                    .rev()
                    .find(|&p| cs.chars[p] == '.')
                    .map_or(i, |p| p + 1),
                k,
            );
            if is_tld(last) && max_seg > 1 {
                return (trim_url_end(cs, i, scan_url(cs, i).max(k)), TokenKind::Url);
            }
            if max_seg <= 3 {
                // dotted abbreviation; take its final period if there is one
                let end = if cs.get(k) == Some('.') { k + 1 } else { k };
                return (end, TokenKind::Abbreviation);
            }
            // otherwise the word ends at the first period
        } else if cs.get(j + 1).is_none_or(|c| !c.is_alphanumeric()) {
            let word = cs.slice(i, j);
            let initial = j - i == 1 && cs.chars[i].is_uppercase();
            if initial || abbrev::class(word).is_some() {
                return (j + 1, TokenKind::Abbreviation);
            }
        }
    }
    (j, TokenKind::Word)
}

/// name@domain.tld starting at `i`; the look-ahead is bounded so that long
/// runs without spaces stay linear.
fn scan_email(cs: &Chars, i: usize) -> Option<usize> {
    let mut j = i;
    while j < i + 64
        && cs
            .get(j)
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
    {
        j += 1;
    }
    if j > i && cs.get(j) == Some('@') {
        scan_email_domain(cs, j + 1)
    } else {
        None
    }
}

fn scan_email_domain(cs: &Chars, s: usize) -> Option<usize> {
    let mut e = s;
    while cs
        .get(e)
        .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        e += 1;
    }
    while e > s && cs.chars[e - 1] == '.' {
        e -= 1;
    }
    let dom = &cs.chars[s..e];
    (dom.contains(&'.') && !dom.is_empty()).then_some(e)
}

fn is_currency(s: &str) -> bool {
    // not "S": "S1", "S2" are degrees
    const CUR: &[&str] = &["rp", "rm", "usd", "idr", "sgd", "myr", "eur"];
    s.len() <= 3 && CUR.iter().any(|c| c.eq_ignore_ascii_case(s))
}

/// Top-level domains that make "name.tld" a web address rather than two
/// words: the common ones, and those of the region.
fn is_tld(s: &str) -> bool {
    const TLDS: &[&str] = &[
        "com", "id", "net", "org", "co", "go", "ac", "sch", "or", "web", "my", "sg", "io", "info",
        "news", "tv", "uk", "au", "us", "gov", "edu", "biz",
    ];
    s.len() <= 4 && TLDS.iter().any(|t| t.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).into_iter().map(|t| (t.text, t.kind)).collect()
    }
    use TokenKind::*;

    #[test]
    fn numbers() {
        assert_eq!(
            toks("naik 5,6 persen, Rp1.000, 13/9/2023, 13.09.2023, 25%."),
            vec![
                ("naik", Word),
                ("5,6", Number),
                ("persen", Word),
                (",", Punct),
                ("Rp", Word),
                ("1.000", Number),
                (",", Punct),
                ("13/9/2023", Number),
                (",", Punct),
                ("13.09.2023", Number),
                (",", Punct),
                ("25%", Number),
                (".", Punct),
            ]
        );
    }

    #[test]
    fn rupiah_with_space() {
        assert_eq!(toks("Rp 1.000.000,50")[1], ("1.000.000,50", Number));
    }

    #[test]
    fn urls_emails_tags() {
        assert_eq!(
            toks("Lihat https://x.id/a?b=1. Surel a.b@kemlu.go.id, #Pemilu2024 @jokowi detik.com."),
            vec![
                ("Lihat", Word),
                ("https://x.id/a?b=1", Url),
                (".", Punct),
                ("Surel", Word),
                ("a.b@kemlu.go.id", Email),
                (",", Punct),
                ("#Pemilu2024", Hashtag),
                ("@jokowi", Mention),
                ("detik.com", Url),
                (".", Punct),
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks("Dr. Ani, S.H., M.Si. dan Kim J. Un di U.S. dll."),
            vec![
                ("Dr.", Abbreviation),
                ("Ani", Word),
                (",", Punct),
                ("S.H.", Abbreviation),
                (",", Punct),
                ("M.Si.", Abbreviation),
                ("dan", Word),
                ("Kim", Word),
                ("J.", Abbreviation),
                ("Un", Word),
                ("di", Word),
                ("U.S.", Abbreviation),
                ("dll.", Abbreviation),
            ]
        );
    }

    #[test]
    fn clitics_and_hyphens_stay() {
        assert_eq!(
            toks("bukunya anak-anak kubeli Jum'at COVID-19 ke-2"),
            vec![
                ("bukunya", Word),
                ("anak-anak", Word),
                ("kubeli", Word),
                ("Jum'at", Word),
                ("COVID-19", Word),
                ("ke-2", Word),
            ]
        );
    }

    #[test]
    fn token_clitics() {
        let t = tokenize("Rumahnya kubeli.");
        assert_eq!(t[0].clitics().base, "Rumah");
        assert_eq!(t[1].clitics().proclitic, "ku");
        assert_eq!(t[2].clitics().base, ".");
    }

    #[test]
    fn char_offsets() {
        let t = tokenize("Kémi “kata” dia");
        assert_eq!((t[0].start, t[0].end), (0, 4));
        assert_eq!((t[1].start, t[1].end), (5, 6));
        assert_eq!(t[4].start, 12);
        assert_eq!(t[4].text, "dia");
        assert_eq!(&"Kémi “kata” dia"[t[4].byte_start..t[4].byte_end], "dia");
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            toks("tunggu... lalu…"),
            vec![
                ("tunggu", Word),
                ("...", Punct),
                ("lalu", Word),
                ("…", Punct)
            ]
        );
    }
}
