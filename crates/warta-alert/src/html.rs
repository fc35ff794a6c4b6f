//! Telegram's HTML: escaping, visible length, and cutting to a limit.
//!
//! Telegram counts a message's length after entity parsing (tags removed,
//! `&amp;` one character). We count UTF-16 code units, what Telegram's
//! offsets count in, which is never less than characters, so a message we
//! pass is within the limit whichever way Telegram counts.

/// Escapes text for Telegram's HTML parse mode, and drops control
/// characters (but newline and tab) that have no business in a message.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Plain text with control characters dropped, for messages sent without
/// a parse mode.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// Length in UTF-16 code units.
pub fn units(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

enum Tok<'a> {
    /// An opening or closing tag, whole; `name` is lower case.
    Tag {
        raw: &'a str,
        name: String,
        close: bool,
    },
    /// An entity (`&amp;`): one visible character.
    Entity(&'a str),
    Char(char),
}

/// Tokenises HTML this crate wrote (tags and entities well formed).
fn tokens(html: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = html.as_bytes();
    while i < html.len() {
        match b[i] {
            b'<' => {
                let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
                let raw = &html[i..end];
                let inner = raw.trim_start_matches('<').trim_end_matches('>');
                let close = inner.starts_with('/');
                let name = inner
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                out.push(Tok::Tag { raw, name, close });
                i = end;
            }
            b'&' => {
                let end = html[i..]
                    .find(';')
                    .filter(|&e| e <= 10)
                    .map_or(i + 1, |e| i + e + 1);
                out.push(Tok::Entity(&html[i..end]));
                i = end;
            }
            _ => {
                let c = html[i..].chars().next().expect("in bounds");
                out.push(Tok::Char(c));
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Visible length of HTML this crate wrote, in UTF-16 units.
pub fn visible_units(html: &str) -> usize {
    tokens(html)
        .iter()
        .map(|t| match t {
            Tok::Tag { .. } => 0,
            Tok::Entity(_) => 1,
            Tok::Char(c) => c.len_utf16(),
        })
        .sum()
}

/// Cuts HTML this crate wrote to at most `limit` visible units: at a word
/// when one ends in the second half, never inside a tag or an entity, open
/// tags closed, "…" added where it was cut.
pub fn truncate_html(html: &str, limit: usize) -> String {
    if visible_units(html) <= limit {
        return html.to_string();
    }
    let budget = limit.saturating_sub(1); // room for "…"
    let toks = tokens(html);
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    // The last word end: (length of `out`, open tags then).
    let mut boundary: Option<(usize, Vec<String>)> = None;
    let mut used = 0usize;
    let mut prev_space = true;
    for t in &toks {
        match t {
            Tok::Tag { raw, name, close } => {
                if *close {
                    if let Some(p) = open.iter().rposition(|n| n == name) {
                        open.truncate(p);
                    }
                } else {
                    open.push(name.clone());
                }
                out.push_str(raw);
            }
            Tok::Entity(raw) => {
                if used + 1 > budget {
                    break;
                }
                used += 1;
                out.push_str(raw);
                prev_space = false;
            }
            Tok::Char(c) => {
                let w = c.len_utf16();
                if c.is_whitespace() && !prev_space {
                    boundary = Some((out.len(), open.clone()));
                }
                if used + w > budget {
                    break;
                }
                used += w;
                out.push(*c);
                prev_space = c.is_whitespace();
            }
        }
    }
    if let Some((at, tags)) = boundary {
        // Cut at the word only when that keeps at least half the budget.
        let kept = visible_units(&out[..at]);
        if kept * 2 >= budget {
            out.truncate(at);
            open = tags;
        }
    }
    // Drop trailing whitespace (visible) before the ellipsis.
    while out.ends_with(char::is_whitespace) {
        out.pop();
    }
    out.push('…');
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

/// Cuts plain text to at most `limit` UTF-16 units, at a word when one
/// ends in the second half, with "…".
pub fn truncate_plain(text: &str, limit: usize) -> String {
    if units(text) <= limit {
        return text.to_string();
    }
    let budget = limit.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    let mut word_end = None;
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && !prev_space {
            word_end = Some((i, used));
        }
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
        prev_space = c.is_whitespace();
    }
    if let Some((at, kept)) = word_end {
        if kept * 2 >= budget {
            end = at;
        }
    }
    let mut out = text[..end].trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_counts() {
        let e = escape("<script>alert(\"x\")</script> & co\u{0}");
        assert_eq!(
            e,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"
        );
        assert_eq!(visible_units(&format!("<b>{e}</b>")), 32);
        assert_eq!(units("😀"), 2);
    }

    #[test]
    fn cuts_at_a_word_and_closes_tags() {
        let html = "<b>Judul &amp; berita</b>\n<i>satu dua tiga empat lima</i>";
        let cut = truncate_html(html, 30);
        assert_eq!(cut, "<b>Judul &amp; berita</b>\n<i>satu dua tiga…</i>");
        assert!(visible_units(&cut) <= 30);
        let hard = truncate_html("<b>abcdefghijklmnopqrstuvwxyz</b>", 10);
        assert_eq!(hard, "<b>abcdefghi…</b>");
        assert_eq!(truncate_plain("satu dua tiga empat", 12), "satu dua…");
    }
}
