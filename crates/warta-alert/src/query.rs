//! The `--query` language: a small matcher over a story's titles and leads.
//!
//! What it supports, and nothing more:
//! - words, matched whole, case- and accent-insensitive (`Erdogan` finds
//!   "Erdoğan"); a word with hyphens or apostrophes is a phrase of its parts;
//! - a trailing `*` matches a word prefix (`nuklir*` finds "nuklirnya");
//! - `"quoted phrases"`: the words in a row, within one title or lead;
//! - `OR` (upper case) between terms: any of them; it binds tighter than the
//!   implicit AND, so `gempa tsunami OR banjir` is gempa AND (tsunami OR banjir);
//! - `-word` or `-"phrase"`: the story must not contain it.
//!
//! No parentheses, no fields, no NEAR: a query that needs more belongs in
//! search, not in an alert.

use crate::fold;
use std::fmt;

/// A parsed query: every clause must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    clauses: Vec<Vec<Term>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    /// Folded words in a row.
    words: Vec<String>,
    /// The last word may be a prefix.
    prefix: bool,
}

/// Why a query does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query: {0}")]
pub struct QueryError(String);

enum Tok {
    Or,
    Term(Term),
}

impl Query {
    /// Parses a query; see the module documentation for the language.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let toks = lex(input)?;
        let mut clauses: Vec<Vec<Term>> = Vec::new();
        let mut pending_or = false;
        for tok in toks {
            match tok {
                Tok::Or => {
                    if clauses.is_empty() || pending_or {
                        return Err(QueryError("OR needs a term on each side".into()));
                    }
                    pending_or = true;
                }
                Tok::Term(t) => {
                    if pending_or {
                        clauses.last_mut().expect("checked above").push(t);
                        pending_or = false;
                    } else {
                        clauses.push(vec![t]);
                    }
                }
            }
        }
        if pending_or {
            return Err(QueryError("OR needs a term on each side".into()));
        }
        if clauses.is_empty() {
            return Err(QueryError("empty query".into()));
        }
        Ok(Query { clauses })
    }

    /// True when the texts (titles, leads) satisfy the query. Phrases do
    /// not run from one text into the next.
    pub fn matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        let docs: Vec<Vec<String>> = texts.into_iter().map(fold::words).collect();
        self.clauses
            .iter()
            .all(|clause| clause.iter().any(|t| t.holds(&docs)))
    }
}

impl Term {
    fn holds(&self, docs: &[Vec<String>]) -> bool {
        let found = docs.iter().any(|d| self.found_in(d));
        found != self.negated
    }

    fn found_in(&self, doc: &[String]) -> bool {
        let n = self.words.len();
        if n == 0 || doc.len() < n {
            return false;
        }
        doc.windows(n).any(|w| {
            w.iter()
                .zip(&self.words)
                .enumerate()
                .all(|(i, (have, want))| {
                    if self.prefix && i == n - 1 {
                        have.starts_with(want.as_str())
                    } else {
                        have == want
                    }
                })
        })
    }
}

fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let negated = c == '-';
        if negated {
            chars.next();
        }
        let (raw, quoted) = if chars.peek() == Some(&'"') {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                s.push(c);
            }
            if !closed {
                return Err(QueryError("unclosed quote".into()));
            }
            (s, true)
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            (s, false)
        };
        if !quoted && !negated && raw == "OR" {
            out.push(Tok::Or);
            continue;
        }
        let prefix = !quoted && raw.ends_with('*');
        let words = fold::words(&raw);
        if words.is_empty() {
            return Err(QueryError(format!("{:?} has no words to match", raw)));
        }
        out.push(Tok::Term(Term {
            negated,
            words,
            prefix,
        }));
    }
    Ok(out)
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            for (j, t) in clause.iter().enumerate() {
                if j > 0 {
                    f.write_str(" OR ")?;
                }
                if t.negated {
                    f.write_str("-")?;
                }
                if t.words.len() > 1 {
                    write!(f, "\"{}\"", t.words.join(" "))?;
                } else {
                    f.write_str(&t.words[0])?;
                }
                if t.prefix {
                    f.write_str("*")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, texts: &[&str]) -> bool {
        Query::parse(q).unwrap().matches(texts.iter().copied())
    }

    #[test]
    fn words_phrases_or_and_exclusion() {
        let t = [
            "Putin bertemu Kim Jong Un di Pyongyang",
            "Kedua pemimpin membahas kerja sama nuklir.",
        ];
        assert!(m("putin kim", &t));
        assert!(!m("putin biden", &t));
        assert!(m("putin biden OR kim", &t));
        assert!(m("\"kim jong un\"", &t));
        assert!(!m("\"jong kim\"", &t));
        assert!(m("pyongyang -seoul", &t));
        assert!(!m("pyongyang -\"kerja sama\"", &t));
        assert!(m("nukl*", &t));
        assert!(m("KERJA-SAMA", &t));
        // Phrases stay inside one text.
        assert!(!m("\"pyongyang kedua\"", &t));
    }

    #[test]
    fn accents_fold() {
        assert!(m("erdogan", &["Erdoğan tiba di Ankara"]));
        assert!(m("Erdoğan", &["ERDOGAN arrives"]));
    }

    #[test]
    fn bad_queries_are_refused() {
        for q in [
            "",
            "  ",
            "OR kim",
            "kim OR",
            "a OR OR b",
            "\"open",
            "-",
            "\"...\"",
        ] {
            assert!(Query::parse(q).is_err(), "{q:?}");
        }
    }
}
