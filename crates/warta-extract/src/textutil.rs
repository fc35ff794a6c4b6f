//! Small text helpers shared by the HTML and plain-text paths.

/// Collapses runs of whitespace (including no-break spaces) to one space
/// and trims the ends; drops zero-width and soft-hyphen characters.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if matches!(c, '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}') {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_trims() {
        assert_eq!(normalize_space("  a\u{a0}\n b\u{200b}c  "), "a bc");
        assert_eq!(normalize_space(""), "");
    }
}
