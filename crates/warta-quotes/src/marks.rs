//! Paragraphs and quote marks: which mark opens, which closes, and how
//! they pair.
//!
//! Quotes never cross a blank line, except by the newspaper convention of
//! a quote running over several paragraphs, each reopening it without
//! closing the one before. A mark left open at the end of a paragraph is
//! dropped otherwise, so an unbalanced mark cannot swallow the text after
//! it.

/// The three kinds of quote marks, which nest inside each other but pair
/// only with their own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// “ ” „ and straight "
    Double,
    /// ‘ ’
    Single,
    /// « »
    Guillemet,
}

/// A longer run between marks is not taken as one quote.
pub(crate) const MAX_QUOTE_CHARS: usize = 3000;

/// A paragraph of the text: its slice, where it starts in characters, and
/// the first character of the next paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Para<'a> {
    pub text: &'a str,
    pub char_start: usize,
    pub next_first: Option<char>,
}

/// Splits `text` at blank lines (a newline, optional spaces or tabs, and a
/// newline). Linear: memchr over newlines, characters counted once.
pub(crate) fn paragraphs(text: &str) -> Vec<Para<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut char_start = 0usize;
    let mut from = 0usize;
    while let Some(off) = memchr::memchr(b'\n', &bytes[from..]) {
        let nl = from + off;
        let mut k = nl + 1;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\r') {
            k += 1;
        }
        if k < bytes.len() && bytes[k] == b'\n' {
            // a blank line: the paragraph ends at `nl`; the next starts at
            // the first non-whitespace character after the run.
            let mut next = k;
            while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                next += 1;
            }
            out.push(Para {
                text: &text[start..nl],
                char_start,
                next_first: text[next..].chars().next(),
            });
            char_start += text[start..next].chars().count();
            start = next;
            from = next;
        } else {
            from = nl + 1;
        }
    }
    if start < text.len() {
        out.push(Para {
            text: &text[start..],
            char_start,
            next_first: None,
        });
    }
    out
}

/// Whether `s` may hold a quote mark: `"`, or a lead byte of “ ” „ ‘ ’
/// (E2) or « » (C2). A quick filter before decoding a paragraph.
pub(crate) fn may_have_marks(s: &str) -> bool {
    memchr::memchr3(b'"', 0xE2, 0xC2, s.as_bytes()).is_some()
}

/// Whether `c` is a quote mark this crate reads.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2018}' | '\u{2019}' | '«' | '»'
    )
}

/// Whether `c` (the first character of a paragraph) reopens a quote of
/// family `fam`.
pub(crate) fn opens(fam: Family, c: char) -> bool {
    match fam {
        Family::Double => matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}'),
        Family::Single => c == '\u{2018}',
        Family::Guillemet => c == '«',
    }
}

/// A quote found by pairing, in paragraph-local character positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    /// The opening mark.
    pub open: usize,
    /// The closing mark, or the paragraph's length when the quote goes on
    /// in the next paragraph.
    pub close: usize,
    /// False when the quote goes on in the next paragraph.
    pub closed: bool,
    /// Parts of one quote running over several paragraphs share a group.
    pub group: Option<u32>,
}

/// A quote continued from the previous paragraph: its family and group.
pub(crate) type Carry = Option<(Family, u32)>;

#[derive(Debug, Clone, Copy)]
struct Open {
    pos: usize,
    fam: Family,
    group: Option<u32>,
}

/// What a mark does at its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(Family),
    Close(Family),
    Nothing,
}

/// Pairs the quote marks of one paragraph. `carry` is a quote continued
/// from the paragraph before; `next_group` numbers new groups. Returns the
/// pairs in order and the carry into the next paragraph.
pub(crate) fn pair(
    p: &[char],
    carry: Carry,
    next_first: Option<char>,
    next_group: &mut u32,
) -> (Vec<Pair>, Carry) {
    let mut out: Vec<Pair> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // quotes closed one level inside the outer open quote: kept if the
    // outer one turns out to be unbalanced.
    let mut nested: Vec<Pair> = Vec::new();
    let first_text = p.iter().position(|c| !c.is_whitespace());
    for (i, &c) in p.iter().enumerate() {
        if !is_mark(c) {
            continue;
        }
        match role(p, i, &stack) {
            Role::Open(fam) => {
                if let Some(k) = stack.iter().position(|o| o.fam == fam) {
                    // the earlier mark of this family never closed
                    drop_from(&mut stack, k, &mut nested, &mut out);
                }
                if stack.len() < 3 {
                    let group = match carry {
                        Some((f, g)) if f == fam && Some(i) == first_text => Some(g),
                        _ => None,
                    };
                    stack.push(Open { pos: i, fam, group });
                }
            }
            Role::Close(fam) => {
                let Some(k) = stack.iter().rposition(|o| o.fam == fam) else {
                    continue;
                };
                let o = stack[k];
                stack.truncate(k);
                let pair = Pair {
                    open: o.pos,
                    close: i,
                    closed: true,
                    group: o.group,
                };
                match k {
                    0 => {
                        nested.clear();
                        if i - o.pos <= MAX_QUOTE_CHARS {
                            out.push(pair);
                        }
                    }
                    1 => nested.push(pair),
                    _ => {}
                }
            }
            Role::Nothing => {}
        }
    }
    let mut carry_out = None;
    if let Some(outer) = stack.first().copied() {
        if next_first.is_some_and(|c| opens(outer.fam, c)) {
            let g = outer.group.unwrap_or_else(|| {
                *next_group += 1;
                *next_group
            });
            out.push(Pair {
                open: outer.pos,
                close: p.len(),
                closed: false,
                group: Some(g),
            });
            carry_out = Some((outer.fam, g));
        } else {
            out.append(&mut nested);
        }
    }
    (out, carry_out)
}

/// Drops the open marks from `k` up; when the outer one goes, the quotes
/// closed inside it stand on their own.
fn drop_from(stack: &mut Vec<Open>, k: usize, nested: &mut Vec<Pair>, out: &mut Vec<Pair>) {
    stack.truncate(k);
    if k == 0 {
        out.append(nested);
    }
}

/// The role of the mark at `i`, from its glyph, its neighbours and the
/// marks open so far.
fn role(p: &[char], i: usize, stack: &[Open]) -> Role {
    let c = p[i];
    let prev = i.checked_sub(1).map(|k| p[k]);
    let next = p.get(i + 1).copied();
    let prev_ws = prev.is_none_or(char::is_whitespace);
    let next_ws = next.is_none_or(char::is_whitespace);
    let left_ok = prev.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c) || is_mark(c));
    let right_ok =
        next.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}…—–-/".contains(c) || is_mark(c));
    let can_open = left_ok && !next_ws;
    let can_close = !prev_ws && right_ok;
    let open_double = stack.iter().any(|o| o.fam == Family::Double);
    let open_single = stack.iter().any(|o| o.fam == Family::Single);
    use Family::*;
    match c {
        '\u{201C}' => {
            if open_double && can_close && !can_open {
                Role::Close(Double)
            } else {
                Role::Open(Double)
            }
        }
        '\u{201E}' => Role::Open(Double),
        // ” closes; it opens only where nothing is open and it stands
        // before a word (the ”...” style of some papers). A straight "
        // opens where nothing is open unless it can only close (5,5").
        '\u{201D}' | '"' => {
            let opener_like = can_open && !can_close;
            let closer_like = can_close && !can_open;
            if open_double {
                if opener_like {
                    Role::Open(Double)
                } else {
                    Role::Close(Double)
                }
            } else if opener_like || (c == '"' && !closer_like) {
                Role::Open(Double)
            } else {
                Role::Nothing
            }
        }
        '\u{2018}' => {
            let year = next.is_some_and(|c| c.is_ascii_digit())
                && p.get(i + 2).is_some_and(char::is_ascii_digit)
                && !p.get(i + 3).is_some_and(char::is_ascii_digit);
            if can_open && !year {
                Role::Open(Single)
            } else {
                Role::Nothing
            }
        }
        // ’ is an apostrophe unless it ends an open ‘ and no letter follows
        '\u{2019}' => {
            if open_single && !prev_ws && !next.is_some_and(char::is_alphanumeric) {
                Role::Close(Single)
            } else {
                Role::Nothing
            }
        }
        '«' => Role::Open(Guillemet),
        '»' => Role::Close(Guillemet),
        _ => Role::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &str) -> Vec<(String, bool)> {
        let p: Vec<char> = s.chars().collect();
        let mut g = 0;
        pair(&p, None, None, &mut g)
            .0
            .iter()
            .map(|x| (p[x.open + 1..x.close].iter().collect(), x.closed))
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        assert_eq!(pairs("“a b,” kata dia."), vec![("a b,".into(), true)]);
        assert_eq!(
            pairs("\"a,\" he said, \"b.\""),
            vec![("a,".into(), true), ("b.".into(), true)]
        );
        assert_eq!(pairs("« a »"), vec![(" a ".into(), true)]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(pairs("Salat Jum’at di masjid, don’t panic, the country’s way").is_empty());
        assert_eq!(
            pairs("Putin says ‘we don’t want war’ today"),
            vec![("we don’t want war".into(), true)]
        );
    }

    #[test]
    fn unbalanced_dropped() {
        assert!(pairs("“a b c kata dia. Lalu x").is_empty());
        // a stray opener does not hide a good quote inside it
        assert_eq!(pairs("‘98 lalu “ya,” kata dia"), vec![("ya,".into(), true)]);
        assert_eq!(pairs("x ‘a “ya,” kata dia"), vec![("ya,".into(), true)]);
        // a reopening mark means the earlier one never closed
        assert_eq!(pairs("“a b “c d,” kata"), vec![("c d,".into(), true)]);
    }

    #[test]
    fn kompas_style() {
        assert_eq!(
            pairs("”Kami siap,” kata dia."),
            vec![("Kami siap,".into(), true)]
        );
    }

    #[test]
    fn paragraph_split_and_continuation() {
        let t = "“satu\n\n“dua,” kata dia.\n  \nx";
        let ps = paragraphs(t);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].char_start, 7);
        assert_eq!(ps[2].text, "x");
        let p0: Vec<char> = ps[0].text.chars().collect();
        let mut g = 0;
        let (out, carry) = pair(&p0, None, ps[0].next_first, &mut g);
        assert_eq!(out.len(), 1);
        assert!(!out[0].closed);
        assert!(carry.is_some());
        let p1: Vec<char> = ps[1].text.chars().collect();
        let (out1, carry1) = pair(&p1, carry, ps[1].next_first, &mut g);
        assert_eq!(out1[0].group, out[0].group);
        assert!(carry1.is_none());
    }
}
