//! Direct quotes and who said them.
//!
//! Pure: text and the people already found in it in, quotes out.
//! Offsets count Unicode characters (end exclusive).
//!
//! The text is read paragraph by paragraph (paragraphs are separated by
//! blank lines). In each, the quote marks are paired (`marks`); for each
//! quote the clause after its closing mark and the clause before its
//! opening mark are read for a speech verb and its speaker (`attrib`);
//! pronouns then resolve to the nearest person mentioned before them
//! outside any quote. Every look is bounded, so the work is linear in the
//! text. The rules and the decisions behind them are in the crate's
//! README.

mod attrib;
mod lexicon;
mod marks;

use attrib::{Attr, Ctx, Strength, Who};
use serde::Serialize;
use std::collections::HashMap;
use warta_lang::Lang;

/// A person (or organisation) mention found by the entity stage, which a
/// quote's speaker resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker<'a> {
    /// First character of the mention in the text.
    pub start: usize,
    /// One past the mention's last character.
    pub end: usize,
    /// Canonical name ("Vladimir Putin" for a mention "Putin").
    pub canonical: &'a str,
    /// True for people; organisations and places may speak too ("Kemlu said").
    pub is_person: bool,
}

/// One direct quote.
///
/// A quote interrupted by its attribution (`“Kami siap,” kata Prabowo,
/// “untuk bekerja sama.”`) gives two quotes with the same speaker; a quote
/// running over several paragraphs gives one quote per paragraph, sharing
/// a `group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the quote marks (and without the
    /// whitespace just inside them).
    pub text: String,
    /// Canonical speaker, or the speaker's words as written when no mention matches.
    pub speaker: Option<String>,
    /// First character of the quoted words (inside the marks).
    pub start: usize,
    /// One past the last character of the quoted words.
    pub end: usize,
    /// Where the speaker is named: the mention (for a pronoun, the mention
    /// it stands for) or the words as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_start: Option<usize>,
    /// One past the end of the speaker's naming.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_end: Option<usize>,
    /// Set on the parts of one quote running over several paragraphs
    /// (numbered from 1 within the text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
}

/// Finds the direct quotes in `text` and their speakers among `speakers`
/// (sorted by start). Quotes come out in text order.
///
/// `lang` is accepted for the stage's uniform signature; the Indonesian and
/// English word lists are always used together, as outlets in one language
/// quote speakers attributed in the other and a wrong guess must not cost
/// every attribution.
///
/// ```
/// use warta_quotes::{find_quotes, Speaker};
/// let text = "Prabowo tiba di Istana. “Kami siap,” ujarnya, “untuk bekerja sama.”";
/// let prabowo = Speaker { start: 0, end: 7, canonical: "Prabowo Subianto", is_person: true };
/// let quotes = find_quotes(text, &[prabowo], warta_lang::Lang::Id);
/// assert_eq!(quotes.len(), 2);
/// assert_eq!(quotes[0].text, "Kami siap,");
/// assert_eq!((quotes[0].start, quotes[0].end), (25, 35));
/// assert_eq!(quotes[1].text, "untuk bekerja sama.");
/// for q in &quotes {
///     assert_eq!(q.speaker.as_deref(), Some("Prabowo Subianto"));
///     assert_eq!((q.speaker_start, q.speaker_end), (Some(0), Some(7)));
/// }
/// ```
pub fn find_quotes(text: &str, speakers: &[Speaker<'_>], lang: Lang) -> Vec<Quote> {
    let _ = lang;
    let mut found: Vec<Found> = Vec::new();
    let mut buf: Vec<char> = Vec::new();
    let mut carry: marks::Carry = None;
    let mut groups = 0u32;
    for (pi, para) in marks::paragraphs(text).into_iter().enumerate() {
        if carry.is_none() && !marks::may_have_marks(para.text) {
            continue;
        }
        buf.clear();
        buf.extend(para.text.chars());
        let (pairs, next) = marks::pair(&buf, carry, para.next_first, &mut groups);
        carry = next;
        let ctx = Ctx {
            p: &buf,
            base: para.char_start,
            speakers,
        };
        read_paragraph(&ctx, pi, &pairs, &mut found);
    }
    resolve(found, speakers)
}

/// A quote found in a paragraph, with the attributions on either side.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    para: usize,
    group: Option<u32>,
    before: Option<Attr>,
    after: Option<Attr>,
    /// Nothing of its sentence comes before the quote.
    standalone: bool,
}

/// The words inside a pair of marks.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Trimmed span of the quoted words, paragraph positions.
    s: usize,
    e: usize,
    /// One to three words.
    short: bool,
    /// Every word capitalised, like a title ("Pengabdi Setan").
    title: bool,
    /// The last quoted character.
    last: char,
}

fn shape(p: &[char], pair: marks::Pair) -> Option<Shape> {
    let inner = &p[pair.open + 1..pair.close];
    let lead = inner.iter().position(|c| !c.is_whitespace())?;
    let tail = inner.iter().rposition(|c| !c.is_whitespace())? + 1;
    let words = inner[lead..tail]
        .split(|c| c.is_whitespace())
        .filter(|w| w.iter().any(|c| c.is_alphanumeric()));
    let (mut n, mut all_caps) = (0, true);
    for w in words {
        n += 1;
        let core = &w[w.iter().position(|c| c.is_alphanumeric()).unwrap_or(0)..];
        let capital = core[0].is_uppercase() || core[0].is_ascii_digit();
        if !(capital || (n > 1 && lexicon::is_title_function_word(core))) {
            all_caps = false;
        }
        if n > 3 && !all_caps {
            break; // neither short nor a title: no need to read on
        }
    }
    let last = inner[tail - 1];
    let ends_punct = matches!(last, '.' | ',' | '!' | '?' | '…' | ';');
    Some(Shape {
        s: pair.open + 1 + lead,
        e: pair.open + 1 + tail,
        short: n <= 3,
        title: n >= 2 && all_caps && !ends_punct,
        last,
    })
}

/// Reads the attributions of one paragraph's quotes, dropping scare
/// quotes and titles.
fn read_paragraph(ctx: &Ctx<'_, '_>, para: usize, pairs: &[marks::Pair], found: &mut Vec<Found>) {
    let shapes: Vec<Option<Shape>> = pairs.iter().map(|&pr| shape(ctx.p, pr)).collect();
    // a quote that bounds its neighbours' clauses: not a scare quote
    let bounds =
        |j: usize| shapes[j].is_some_and(|s| !(s.short || s.title)) || pairs[j].group.is_some();
    // the nearest bounding quote's closing mark before each quote, and its
    // opening mark after: two passes, so a paragraph full of scare quotes
    // stays linear
    let mut prev_close = vec![0; pairs.len()];
    for j in 1..pairs.len() {
        prev_close[j] = if bounds(j - 1) {
            pairs[j - 1].close + 1
        } else {
            prev_close[j - 1]
        };
    }
    let mut next_open = vec![ctx.p.len(); pairs.len()];
    for j in (0..pairs.len().saturating_sub(1)).rev() {
        next_open[j] = if bounds(j + 1) {
            pairs[j + 1].open
        } else {
            next_open[j + 1]
        };
    }
    for (j, (&pr, sh)) in pairs.iter().zip(&shapes).enumerate() {
        let Some(sh) = *sh else { continue };
        let lo = prev_close[j].max(pr.open.saturating_sub(attrib::BEFORE_WINDOW));
        let hi = next_open[j]
            .min(pr.close + 1 + attrib::AFTER_WINDOW)
            .min(ctx.p.len());
        let (before, has_words) = ctx.before(lo, pr.open);
        let after = if pr.closed {
            ctx.after(pr.close, hi, sh.last)
        } else {
            None
        };
        let adjacent = before.as_ref().is_some_and(|a| a.adjacent)
            || after.as_ref().is_some_and(|a| a.adjacent);
        let exclamation = !has_words && !sh.title && matches!(sh.last, '.' | '!' | '?');
        if pr.group.is_none() && (sh.short || sh.title) && !adjacent && !exclamation {
            continue;
        }
        found.push(Found {
            start: ctx.base + sh.s,
            end: ctx.base + sh.e,
            text: ctx.p[sh.s..sh.e].iter().collect(),
            para,
            group: pr.group,
            standalone: !has_words && after.is_none(),
            before,
            after,
        });
    }
}

/// A resolved speaker: name and where it is named.
type Named = (String, usize, usize);

/// Chooses each quote's attribution, resolves pronouns, shares speakers
/// within multi-paragraph quotes, and lets a quote standing alone take the
/// speaker of the quote just before it.
fn resolve(mut found: Vec<Found>, speakers: &[Speaker<'_>]) -> Vec<Quote> {
    found.sort_by_key(|f| f.start);
    let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
    let mut named: Vec<(Option<Named>, u8)> =
        found.iter().map(|f| choose(f, speakers, &spans)).collect();
    let mut best: HashMap<u32, (u8, Named)> = HashMap::new();
    for (f, (n, rank)) in found.iter().zip(&named) {
        if let (Some(g), Some(n)) = (f.group, n) {
            if best.get(&g).is_none_or(|b| b.0 < *rank) {
                best.insert(g, (*rank, n.clone()));
            }
        }
    }
    for (f, (n, _)) in found.iter().zip(named.iter_mut()) {
        if let (None, Some(g)) = (&n, f.group) {
            *n = best.get(&g).map(|b| b.1.clone());
        }
    }
    for i in 1..found.len() {
        if named[i].0.is_none() && found[i].standalone && found[i].para <= found[i - 1].para + 1 {
            named[i].0 = named[i - 1].0.clone();
        }
    }
    found
        .into_iter()
        .zip(named)
        .map(|(f, (n, _))| {
            let (speaker, ss, se) = match n {
                Some((s, a, b)) => (Some(s), Some(a), Some(b)),
                None => (None, None, None),
            };
            Quote {
                text: f.text,
                speaker,
                start: f.start,
                end: f.end,
                speaker_start: ss,
                speaker_end: se,
                group: f.group,
            }
        })
        .collect()
}

/// The first attribution that resolves, in the order: speech verb after
/// the quote, speech verb before it, reporting verb after, reporting verb
/// before, the subject introducing it. The rank says which one won (0 for
/// none).
fn choose(f: &Found, speakers: &[Speaker<'_>], spans: &[(usize, usize)]) -> (Option<Named>, u8) {
    let order = [
        (&f.after, Strength::Strong),
        (&f.before, Strength::Strong),
        (&f.after, Strength::Weak),
        (&f.before, Strength::Weak),
        (&f.before, Strength::NoVerb),
    ];
    for (k, (attr, strength)) in order.into_iter().enumerate() {
        let Some(attr) = attr.as_ref().filter(|a| a.strength == strength) else {
            continue;
        };
        if let Some(n) = name(&attr.who, speakers, spans) {
            return (Some(n), (order.len() - k) as u8);
        }
    }
    (None, 0)
}

/// How many mentions a pronoun looks back through for a person.
const PRONOUN_LOOKBACK: usize = 200;

/// The name `who` stands for. A pronoun stands for the nearest person
/// mentioned before it outside any quote.
fn name(who: &Who, speakers: &[Speaker<'_>], spans: &[(usize, usize)]) -> Option<Named> {
    let mention = |s: &Speaker<'_>| (s.canonical.to_string(), s.start, s.end);
    match who {
        Who::Mention(i) => speakers.get(*i).map(mention),
        Who::Words { text, start, end } => Some((text.clone(), *start, *end)),
        Who::Pronoun(pos) => {
            let upto = speakers.partition_point(|s| s.start < *pos);
            speakers[..upto]
                .iter()
                .rev()
                .take(PRONOUN_LOOKBACK)
                .find(|s| s.is_person && s.end <= *pos && !inside_quote(s, spans))
                .map(mention)
        }
    }
}

/// Whether mention `s` lies inside one of the quotes (sorted spans).
fn inside_quote(s: &Speaker<'_>, spans: &[(usize, usize)]) -> bool {
    let k = spans.partition_point(|q| q.0 <= s.start);
    k > 0 && spans[k - 1].1 >= s.end
}
