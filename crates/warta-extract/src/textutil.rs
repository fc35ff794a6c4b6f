//! Small text helpers shared by the HTML and plain-text paths.

/// Collapses runs of whitespace (including no-break spaces) to one space
/// and trims the ends; drops zero-width and soft-hyphen characters.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        ) {
            continue;
        }
        if c.is_whitespace() {
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

/// A first guess at the language from function words: `id`, `en`, or none.
/// The analyze stage refines it; this only has to tell the two apart.
pub fn guess_lang(text: &str) -> Option<String> {
    const ID: &[&str] = &[
        "yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "tidak", "dalam", "akan",
        "pada", "juga", "ke", "karena", "adalah", "tersebut", "oleh", "telah", "bahwa",
    ];
    const EN: &[&str] = &[
        "the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "as", "by", "it",
        "from", "at", "said", "have", "has", "are",
    ];
    let (mut id, mut en) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        let w = word.to_lowercase();
        if ID.contains(&w.as_str()) {
            id += 1;
        }
        if EN.contains(&w.as_str()) {
            en += 1;
        }
    }
    if id + en < 3 {
        None
    } else if id > en {
        Some("id".into())
    } else {
        Some("en".into())
    }
}

/// Words in a line; unspaced CJK text counts about two characters a word,
/// so Chinese and Japanese lines are not all "one word" long.
pub fn word_count(line: &str) -> usize {
    line.split_whitespace()
        .map(|token| {
            let cjk = token
                .chars()
                .filter(|&c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}'))
                .count();
            if cjk > 0 {
                cjk.div_ceil(2)
            } else {
                1
            }
        })
        .sum()
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
