//! Small text helpers shared by the HTML and plain-text paths.

/// A pattern with its word boundaries made ASCII-only. A Unicode `\b`
/// stops the regex crate's fast (lazy DFA) engine at the first non-ASCII
/// character, and news lines are full of them (curly quotes, », emoji);
/// the words these patterns look for are ASCII.
pub fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Whether `text` holds the ASCII `needle`, in any case; no allocation.
pub fn contains_ascii_ci(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Collapses runs of whitespace (including no-break spaces) to one space
/// and trims the ends; drops zero-width and soft-hyphen characters.
pub fn normalize_space(s: &str) -> String {
    collapse(s, s.len(), is_zero_width, char::is_whitespace)
}

/// Zero-width characters and the soft hyphen.
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Drops the characters `skip` names, turns each run of those `space`
/// names into one space, and trims the ends. Runs of ASCII text are copied
/// whole: most text is ASCII, and decoding it char by char is what costs.
/// Printable ASCII (`!` to `~`) is neither skipped nor space, whatever the
/// tests say.
pub fn collapse(
    s: &str,
    capacity: usize,
    skip: impl Fn(char) -> bool,
    space: impl Fn(char) -> bool,
) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    let bytes = s.as_bytes();
    // Printable ASCII is always kept; the tests decide the rest.
    let plain = |b: u8| {
        (b'!'..=b'~').contains(&b) || (b.is_ascii() && !space(b as char) && !skip(b as char))
    };
    let mut i = 0;
    while i < bytes.len() {
        if plain(bytes[i]) {
            let start = i;
            while i < bytes.len() && plain(bytes[i]) {
                i += 1;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&s[start..i]);
            continue;
        }
        // `i` is at a character boundary: runs end before non-ASCII bytes.
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if skip(c) {
            continue;
        }
        if space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// A first guess at the language of the body (`id`, `ms`, `jv`, `en`), from
/// the language layer's detector; none when it cannot tell. The analyze
/// stage refines it per block.
pub fn guess_lang(text: &str) -> Option<String> {
    match warta_lang::detect_language(text) {
        (warta_lang::Lang::Other, _) => None,
        (lang, _) => Some(lang.code().to_string()),
    }
}

/// Words in a line; unspaced CJK text counts about two characters a word,
/// so Chinese and Japanese lines are not all "one word" long.
pub fn word_count(line: &str) -> usize {
    line.split_whitespace().map(token_words).sum()
}

/// [`word_count`], but counting stops past `cap`: tests of short lines
/// need not read a long paragraph to its end.
pub fn word_count_capped(line: &str, cap: usize) -> usize {
    let mut words = 0;
    for token in line.split_whitespace() {
        words += token_words(token);
        if words > cap {
            break;
        }
    }
    words
}

/// Words in one whitespace-separated token: one, except that CJK text,
/// written without spaces, counts a word per two characters.
fn token_words(token: &str) -> usize {
    if token.is_ascii() {
        return 1;
    }
    let cjk = token
        .chars()
        .filter(|&c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}'))
        .count();
    if cjk > 0 {
        cjk.div_ceil(2)
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_trims() {
        assert_eq!(normalize_space("  a\u{a0}\n b\u{200b}c  "), "a bc");
        assert_eq!(normalize_space(""), "");
    }
}
