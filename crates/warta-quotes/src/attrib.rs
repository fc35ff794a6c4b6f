//! Attribution: reading the clause before a quote's opening mark and the
//! clause after its closing mark for a speech verb and its speaker.
//!
//! Every look is bounded: the clause after a quote ends at the sentence's
//! end, the next quote or [`AFTER_WINDOW`] characters; the clause before
//! starts at the sentence's start, the previous quote or [`BEFORE_WINDOW`]
//! characters back.

use crate::lexicon::{self, Verb};
use crate::Speaker;

/// How far after a closing mark the attribution is looked for.
pub(crate) const AFTER_WINDOW: usize = 200;
/// How far before an opening mark the attribution is looked for.
pub(crate) const BEFORE_WINDOW: usize = 300;
/// An attribution after a quote has at most this many words before its verb.
const AFTER_VERB_MAX_WORD: usize = 9;
/// The verb before a quote is at most this many words from the quote.
const BEFORE_VERB_MAX_WORDS: usize = 12;
/// An attribution phrase, or a speaker written out, has at most this many
/// words.
const PHRASE_MAX_WORDS: usize = 8;
/// A mention this many characters before a span may still overlap it.
const MENTION_LOOKBACK: usize = 80;

/// Who an attribution names, before pronouns are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Who {
    /// A mention from the entity stage (index into the speakers).
    Mention(usize),
    /// A pronoun ("dia", "he", the -nya of "ujarnya") at this character.
    Pronoun(usize),
    /// Words naming the speaker as written, with their span.
    Words {
        text: String,
        start: usize,
        end: usize,
    },
}

/// How strong the evidence for an attribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// No speech verb: the subject of the clause introducing the quote.
    NoVerb,
    /// A reporting verb ("melaporkan", "seperti dilansir").
    Weak,
    /// A speech verb ("kata", "said", "menurut", "according to").
    Strong,
}

/// An attribution found next to a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr {
    pub who: Who,
    pub strength: Strength,
    /// The attribution touches the quote ("Jokowi berkata: “…”",
    /// "“…,” kata dia"): enough to keep a quote of one to three words.
    pub adjacent: bool,
}

/// One paragraph being read: its characters, where it starts in the text,
/// and the mentions of the whole text.
pub(crate) struct Ctx<'a, 's> {
    pub p: &'a [char],
    pub base: usize,
    pub speakers: &'a [Speaker<'s>],
}

/// A word or a punctuation character, in paragraph positions.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    /// None for a word.
    punct: Option<char>,
}

impl Tok {
    fn is_word(&self) -> bool {
        self.punct.is_none()
    }
}

/// Words (letters and digits, joined by inner `-`, `'`, `’` or `.`) and
/// punctuation between `a` and `b`; whitespace is skipped except newlines.
fn tokenize(p: &[char], a: usize, b: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        let c = p[i];
        if c.is_alphanumeric() {
            let s = i;
            i += 1;
            while i < b {
                if p[i].is_alphanumeric() {
                    i += 1;
                } else if matches!(p[i], '-' | '\'' | '\u{2019}' | '.')
                    && i + 1 < b
                    && p[i + 1].is_alphanumeric()
                {
                    i += 2;
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: s,
                end: i,
                punct: None,
            });
            continue;
        }
        if c == '\n' || !c.is_whitespace() {
            out.push(Tok {
                start: i,
                end: i + 1,
                punct: Some(c),
            });
        }
        i += 1;
    }
    out
}

impl Ctx<'_, '_> {
    fn chars(&self, t: Tok) -> &[char] {
        &self.p[t.start..t.end]
    }

    /// Whether token `k` ends a sentence: `!`, `?`, a newline, or a period
    /// that does not close an abbreviation or an initial.
    fn ends_sentence(&self, toks: &[Tok], k: usize) -> bool {
        match toks[k].punct {
            Some('!' | '?' | '\n') => true,
            Some('.') => {
                !(k > 0
                    && toks[k - 1].is_word()
                    && toks[k - 1].end == toks[k].start
                    && lexicon::is_abbreviation(self.chars(toks[k - 1])))
            }
            _ => false,
        }
    }

    /// The speech-verb class of word token `k`, given the tokens after it.
    /// A capitalised "Said"/"Says" is a name (Said Iqbal), not the verb.
    fn verb_at(&self, toks: &[Tok], k: usize) -> Option<(Verb, usize)> {
        let w = self.chars(toks[k]);
        if w[0].is_uppercase()
            && lexicon::lower(w).is_some_and(|l| matches!(l.as_str(), "said" | "says"))
        {
            return None;
        }
        let next = toks
            .get(k + 1)
            .filter(|t| t.is_word())
            .map(|&t| self.chars(t));
        lexicon::verb(w, next)
    }

    /// Mentions overlapping the paragraph span `[a, b)`, in order.
    fn mentions_in(&self, a: usize, b: usize) -> Vec<usize> {
        let (ga, gb) = (self.base + a, self.base + b);
        let hi = self.speakers.partition_point(|s| s.start < gb);
        let lo = self
            .speakers
            .partition_point(|s| s.start + MENTION_LOOKBACK < ga);
        (lo..hi).filter(|&i| self.speakers[i].end > ga).collect()
    }

    /// Who the words `toks` (a subject, or a phrase after a verb) name: a
    /// person mention; an organisation mention that is the whole of the
    /// words but an article ("Kemlu", "the Trade Ministry"), not one inside
    /// a role ("juru bicara Kemlu", "the G7 leaders"); a pronoun; or the
    /// words as written.
    fn who_of(&self, toks: &[Tok]) -> Option<Who> {
        let mut words: Vec<Tok> = toks.iter().copied().filter(Tok::is_word).collect();
        while words
            .first()
            .is_some_and(|&t| lexicon::is_leading_connective(self.chars(t)))
        {
            words.remove(0);
        }
        while words
            .last()
            .is_some_and(|&t| lexicon::is_trailing_adverb(self.chars(t)))
        {
            words.pop();
        }
        let (first, last) = (*words.first()?, *words.last()?);
        let found = self.mentions_in(first.start, last.end);
        if let Some(&i) = found.iter().find(|&&i| self.speakers[i].is_person) {
            return Some(Who::Mention(i));
        }
        let head = words
            .iter()
            .find(|&&t| !lexicon::is_article(self.chars(t)))
            .map_or(first.start, |t| t.start);
        if let Some(&i) = found.iter().find(|&&i| {
            let s = &self.speakers[i];
            s.start <= self.base + head && s.end >= self.base + last.end
        }) {
            return Some(Who::Mention(i));
        }
        if let Some(t) = words.iter().find(|&&t| lexicon::is_pronoun(self.chars(t))) {
            return Some(Who::Pronoun(self.base + t.start));
        }
        if words.len() > PHRASE_MAX_WORDS {
            return None;
        }
        Some(Who::Words {
            text: self.p[first.start..last.end].iter().collect(),
            start: self.base + first.start,
            end: self.base + last.end,
        })
    }

    /// The speaker named after a verb that opens its clause ("kata Menlu
    /// Retno Marsudi kepada wartawan"): words up to punctuation, a stop
    /// word or another verb. Returns who and the index of the first token
    /// after the phrase.
    fn phrase_after(&self, toks: &[Tok], from: usize) -> Option<(Who, usize)> {
        let mut k = from;
        if toks
            .get(k)
            .is_some_and(|&t| t.is_word() && lexicon::is_after_verb_skip(self.chars(t)))
        {
            k += 1;
        }
        let start = k;
        let mut n = 0;
        while k < toks.len() && n < PHRASE_MAX_WORDS {
            let t = toks[k];
            match t.punct {
                None => {
                    let w = self.chars(t);
                    if lexicon::is_phrase_stop(w)
                        || (w[0].is_lowercase() && self.verb_at(toks, k).is_some())
                    {
                        break;
                    }
                    n += 1;
                }
                Some('.') if !self.ends_sentence(toks, k) => {}
                Some('-' | '&') => {}
                Some(_) => break,
            }
            k += 1;
        }
        let who = self.who_of(&toks[start..k])?;
        Some((who, k))
    }

    /// The attribution in the clause after a closing mark at `close`, up to
    /// `hi`. `last` is the quote's last character (its punctuation tells
    /// whether the sentence goes on).
    pub(crate) fn after(&self, close: usize, hi: usize, last: char) -> Option<Attr> {
        let toks = tokenize(self.p, close + 1, hi);
        let mut i = 0;
        let mut gap_comma = false;
        while let Some(t) = toks.get(i).filter(|t| !t.is_word()) {
            match t.punct {
                Some(',' | '—' | '–' | '-') => gap_comma = true,
                Some('(' | ')') => {}
                _ => return None,
            }
            i += 1;
        }
        let end = (i..toks.len())
            .find(|&k| {
                self.ends_sentence(&toks, k) || toks[k].punct.is_some_and(crate::marks::is_mark)
            })
            .unwrap_or(toks.len());
        let clause = &toks[i..end];
        let words: Vec<usize> = (0..clause.len()).filter(|&k| clause[k].is_word()).collect();
        let prefixed = words
            .first()
            .is_some_and(|&k| lexicon::is_verb_prefix(self.chars(clause[k])));
        for (wi, &k) in words.iter().enumerate().take(AFTER_VERB_MAX_WORD) {
            let Some((kind, n)) = self.verb_at(clause, k) else {
                continue;
            };
            let opens = wi == 0 || (wi == 1 && prefixed);
            if !opens && matches!(kind, Verb::Short | Verb::ShortNya | Verb::Marker) {
                continue;
            }
            let lower_first = self.p[clause[k].start].is_lowercase();
            let goes_on = matches!(last, ',' | '!' | '?' | '…' | '—' | '–' | '-') || gap_comma;
            let accepted = if last == '.' {
                opens && lower_first
            } else {
                opens || goes_on
            };
            if !accepted {
                return None;
            }
            let who = match kind {
                Verb::ShortNya => Some(Who::Pronoun(self.base + clause[k].start)),
                Verb::SubjectOnly if opens => None,
                _ if opens => {
                    // the phrase starts right after the verb's last word
                    let from = words.get(wi + n - 1).map_or(clause.len(), |&w| w + 1);
                    self.phrase_after(clause, from).map(|(w, _)| w)
                }
                _ => {
                    let subject = &clause[..k];
                    let opener = subject.iter().find(|t| t.is_word());
                    if opener.is_some_and(|&t| is_clause_opener(self.chars(t))) {
                        return None;
                    }
                    self.who_of(subject)
                }
            }?;
            return Some(Attr {
                who,
                strength: strength_of(kind),
                adjacent: true,
            });
        }
        None
    }

    /// The attribution in the clause before an opening mark at `open`,
    /// looking back no further than `lo`. The flag tells whether the
    /// sentence has any words before the quote.
    pub(crate) fn before(&self, lo: usize, open: usize) -> (Option<Attr>, bool) {
        let toks = tokenize(self.p, lo, open);
        let start = (0..toks.len())
            .rev()
            .find(|&k| self.ends_sentence(&toks, k))
            .map_or(0, |k| k + 1);
        let clause = &toks[start..];
        let words: Vec<usize> = (0..clause.len()).filter(|&k| clause[k].is_word()).collect();
        if words.is_empty() {
            return (None, false);
        }
        let intro = clause
            .last()
            .is_some_and(|t| matches!(t.punct, Some(',' | ':')));
        for (after, &k) in words.iter().rev().enumerate() {
            if after > BEFORE_VERB_MAX_WORDS {
                break;
            }
            let Some((kind, n)) = self.verb_at(clause, k) else {
                continue;
            };
            let seg = segment_start(clause, k);
            let first_of_segment = clause[seg..k].iter().all(|t| !t.is_word());
            if matches!(kind, Verb::Short | Verb::ShortNya) && !first_of_segment {
                continue;
            }
            let verb_end = words
                .iter()
                .position(|&w| w == k)
                .and_then(|wi| words.get(wi + n - 1))
                .map_or(k + 1, |&w| w + 1);
            let found = match kind {
                Verb::ShortNya => Some((Who::Pronoun(self.base + clause[k].start), verb_end)),
                Verb::Short | Verb::Marker => self.phrase_after(clause, verb_end),
                _ => self
                    .who_of(&clause[seg..k])
                    .or_else(|| self.first_named(&clause[..k]))
                    .map(|w| (w, verb_end)),
            };
            let Some((who, end)) = found else {
                continue;
            };
            let between = clause[end.min(clause.len())..]
                .iter()
                .filter(|t| t.is_word())
                .count();
            let strength = strength_of(kind);
            let adjacent =
                strength == Strength::Strong && (between == 0 || (intro && between <= 3));
            return (
                Some(Attr {
                    who,
                    strength,
                    adjacent,
                }),
                true,
            );
        }
        if let Some(attr) = self.headline_colon(clause) {
            return (Some(attr), true);
        }
        if intro {
            // no speech verb: the subject of the clause that introduces
            // the quote, in the nearest segment naming someone
            let mut end = clause.len();
            while end > 0 {
                let seg = segment_start(clause, end - 1);
                let span = &clause[seg..end];
                if let (Some(f), Some(l)) = (span.first(), span.last()) {
                    if let Some(&i) = self.mentions_in(f.start, l.end).first() {
                        let attr = Attr {
                            who: Who::Mention(i),
                            strength: Strength::NoVerb,
                            adjacent: false,
                        };
                        return (Some(attr), true);
                    }
                }
                end = seg.saturating_sub(1);
            }
        }
        (None, true)
    }

    /// "Jokowi: “Kami siap”": a mention right before a colon that
    /// introduces the quote, as in headlines.
    fn headline_colon(&self, clause: &[Tok]) -> Option<Attr> {
        let (colon, name) = match clause {
            [.., name, colon] if colon.punct == Some(':') && name.is_word() => (colon, name),
            _ => return None,
        };
        let seg = segment_start(clause, clause.len() - 1);
        let first = clause[seg];
        let i = *self.mentions_in(first.start, colon.start).last()?;
        let s = &self.speakers[i];
        (s.end == self.base + name.end && s.start <= self.base + first.start).then_some(Attr {
            who: Who::Mention(i),
            strength: Strength::Strong,
            adjacent: true,
        })
    }

    /// The first person mentioned, or else the first mention, or else the
    /// first pronoun, among `toks`: the subject of a sentence whose verb
    /// stands apart from it ("Blinken, the US secretary of state, said").
    fn first_named(&self, toks: &[Tok]) -> Option<Who> {
        let (f, l) = (toks.first()?, toks.last()?);
        let found = self.mentions_in(f.start, l.end);
        let person = found.iter().find(|&&i| self.speakers[i].is_person);
        if let Some(&i) = person.or(found.first()) {
            return Some(Who::Mention(i));
        }
        toks.iter()
            .find(|&&t| t.is_word() && lexicon::is_pronoun(self.chars(t)))
            .map(|t| Who::Pronoun(self.base + t.start))
    }
}

/// The index of the first token of the comma-delimited segment holding
/// token `k`.
fn segment_start(toks: &[Tok], k: usize) -> usize {
    toks[..k]
        .iter()
        .rposition(|t| {
            t.punct.is_some_and(|c| {
                matches!(c, ',' | ';' | ':' | '(' | ')') || crate::marks::is_mark(c)
            })
        })
        .map_or(0, |j| j + 1)
}

fn strength_of(kind: Verb) -> Strength {
    if kind == Verb::Report {
        Strength::Weak
    } else {
        Strength::Strong
    }
}

/// A word that opens a subordinate clause, so the words after a quote are
/// not its attribution ("the “red line,” which Biden said …").
fn is_clause_opener(w: &[char]) -> bool {
    lexicon::lower(w).is_some_and(|l| {
        matches!(
            l.as_str(),
            "which"
                | "that"
                | "who"
                | "whom"
                | "because"
                | "if"
                | "when"
                | "yang"
                | "bahwa"
                | "karena"
                | "jika"
                | "ketika"
                | "saat"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let p: Vec<char> = "kata Menlu, Jum’at U.S. x".chars().collect();
        let t = tokenize(&p, 0, p.len());
        let s: Vec<String> = t
            .iter()
            .map(|t| p[t.start..t.end].iter().collect())
            .collect();
        assert_eq!(s, ["kata", "Menlu", ",", "Jum’at", "U.S", ".", "x"]);
    }
}
