//! A document's features: stemmed words of the title and body, and the
//! language-neutral ones (entities, CAMEO actors and events, numbers,
//! bilingual concepts) that let Indonesian and English reports meet.

use crate::Doc;
use std::hash::Hasher;
use std::sync::OnceLock;
use warta_lang::fxhash::{FastMap, FastSet, FxHasher};
use warta_lang::{Lang, TokenKind};

/// What a feature is; neutral kinds are the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Entity,
    Person,
    Place,
    Actor,
    Event,
    Number,
    Concept,
    Date,
}

impl Kind {
    pub(crate) fn neutral(self) -> bool {
        !matches!(self, Kind::Word)
    }

    /// Names, numbers and dates: what tells one event from a look-alike.
    pub(crate) fn specific(self) -> bool {
        matches!(
            self,
            Kind::Person | Kind::Entity | Kind::Place | Kind::Number | Kind::Date
        )
    }
}

/// One feature of a document: how often it occurs and the largest boost
/// of the places it occurs in (a title word counts as a title word).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Feature {
    pub key: u64,
    pub kind: Kind,
    pub tf: f32,
    pub boost: f32,
}

/// How much each part counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Boosts {
    pub title: f32,
    pub lead: f32,
    pub entity: f32,
    pub neutral: f32,
    pub bigram: f32,
}

pub(crate) fn key(kind: Kind, s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(kind as u8);
    h.write(s.as_bytes());
    // Fx mixes weakly in the low bits; a final avalanche keeps map buckets even.
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

fn stopwords() -> &'static FastSet<&'static str> {
    static S: OnceLock<FastSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| {
        include_str!("../data/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Concept tables: stemmed word sequence -> concept, per language.
struct Concepts {
    id: FastMap<String, &'static str>,
    en: FastMap<String, &'static str>,
    max_words: usize,
}

fn concepts() -> &'static Concepts {
    static C: OnceLock<Concepts> = OnceLock::new();
    C.get_or_init(|| {
        let mut c = Concepts {
            id: FastMap::default(),
            en: FastMap::default(),
            max_words: 1,
        };
        for line in include_str!("../data/concepts.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(id), Some(en)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            for (words, map, lang) in [(id, &mut c.id, Lang::Id), (en, &mut c.en, Lang::En)] {
                for w in words.split(',') {
                    let stems: Vec<String> = w.split_whitespace().map(|t| stem(t, lang)).collect();
                    if stems.is_empty() {
                        continue;
                    }
                    c.max_words = c.max_words.max(stems.len());
                    map.entry(stems.join(" ")).or_insert(name);
                }
            }
        }
        c
    })
}

fn stem(word: &str, lang: Lang) -> String {
    match lang {
        Lang::En => warta_lang::stem_en(word),
        Lang::Id | Lang::Ms | Lang::Jv => warta_lang::stem_id(word),
        Lang::Other => word.to_lowercase(),
    }
}

pub(crate) fn lang_of(doc: &Doc) -> Lang {
    match doc.lang.as_deref().map(str::trim) {
        Some("en") => Lang::En,
        Some("id") => Lang::Id,
        Some("ms") => Lang::Ms,
        Some("jv") => Lang::Jv,
        _ => {
            let sample: String = doc
                .title
                .chars()
                .chain(" ".chars())
                .chain(doc.text.chars().take(600))
                .collect();
            warta_lang::detect_language(&sample).0
        }
    }
}

/// Normalises a number token so that "5,6" (Indonesian) and "5.6"
/// (English), "1.000" and "1,000" meet.
fn number(text: &str, lang: Lang) -> Option<String> {
    let t = text.trim_end_matches('%');
    if t.contains('/') || t.contains(':') {
        return None; // dates and times: the date fields say it better
    }
    let s: String = if lang == Lang::En {
        t.chars().filter(|&c| c != ',').collect()
    } else {
        t.chars()
            .filter(|&c| c != '.')
            .map(|c| if c == ',' { '.' } else { c })
            .collect()
    };
    let s = s.trim_end_matches(".0").to_string();
    // One-digit counts ("3 people") are everywhere; they tell nothing.
    (s.chars().filter(char::is_ascii_digit).count() >= 2 || s.contains('.')).then_some(s)
}

/// The words of a text as (stem, is_content) in order.
fn words(text: &str, lang: Lang, out: &mut Vec<String>, numbers: &mut Vec<String>) {
    let stop = stopwords();
    for t in warta_lang::tokenize(text) {
        match t.kind {
            TokenKind::Word | TokenKind::Abbreviation => {
                let lower = t.text.trim_end_matches('.').to_lowercase();
                if lower.chars().count() < 2 || stop.contains(lower.as_str()) {
                    out.push(String::new()); // a gap: concepts do not span it
                    continue;
                }
                out.push(stem(&lower, lang));
            }
            TokenKind::Number => {
                if let Some(n) = number(t.text, lang) {
                    numbers.push(n);
                }
                out.push(String::new());
            }
            _ => out.push(String::new()),
        }
    }
}

/// Counts the features of a document. The lead (title and the first
/// sentences) says what the story is; the rest of the body adds detail.
pub(crate) fn extract(doc: &Doc, b: Boosts) -> (Lang, Vec<Feature>) {
    let lang = lang_of(doc);
    let mut counts: FastMap<u64, (Kind, f32, f32)> = FastMap::default();
    let mut add = |kind: Kind, s: &str, w: f32| {
        if s.is_empty() {
            return;
        }
        let e = counts.entry(key(kind, s)).or_insert((kind, 0.0, 0.0));
        e.1 += 1.0;
        e.2 = e.2.max(w);
    };
    let body: &str = if doc.text.len() > 20_000 {
        let mut end = 20_000;
        while !doc.text.is_char_boundary(end) {
            end -= 1;
        }
        &doc.text[..end]
    } else {
        &doc.text
    };
    let lead_end = {
        let mut end = body.len().min(400);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        end
    };
    let cmap = concepts();
    let table = if lang == Lang::En { &cmap.en } else { &cmap.id };
    for (text, w) in [
        (doc.title.as_str(), b.title),
        (&body[..lead_end], b.lead),
        (&body[lead_end..], 1.0),
    ] {
        let mut ws = Vec::new();
        let mut nums = Vec::new();
        words(text, lang, &mut ws, &mut nums);
        for (i, s) in ws.iter().enumerate() {
            add(Kind::Word, s, w);
            // Pairs of adjacent content words name things ("betty ford",
            // "fighter jet") that single words share with look-alikes.
            if b.bigram > 0.0 && !s.is_empty() {
                if let Some(next) = ws.get(i + 1).filter(|n| !n.is_empty()) {
                    add(Kind::Word, &format!("{s} {next}"), w * b.bigram);
                }
            }
            // Concepts, longest match first.
            for n in (1..=cmap.max_words).rev() {
                if i + n > ws.len() || ws[i..i + n].iter().any(String::is_empty) {
                    continue;
                }
                let joined = if n == 1 {
                    s.clone()
                } else {
                    ws[i..i + n].join(" ")
                };
                if let Some(c) = table.get(&joined) {
                    add(Kind::Concept, c, w * b.neutral);
                    break;
                }
            }
        }
        for n in &nums {
            add(Kind::Number, n, w * b.neutral);
        }
    }
    for e in &doc.entities {
        let name = e.canonical.trim().to_lowercase();
        let kind = match e.kind.as_str() {
            "PER" => Kind::Person,
            "LOC" => Kind::Place,
            _ => Kind::Entity,
        };
        add(kind, &name, b.entity);
        if let Some(a) = e.actor.as_deref().filter(|a| !a.is_empty()) {
            add(Kind::Actor, a, b.neutral * 0.5);
        }
    }
    for d in &doc.dates {
        let d = d.trim();
        let part = |r: std::ops::Range<usize>| {
            d.get(r)
                .filter(|p| p.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
        };
        if let Some(md) = d.strip_prefix("--") {
            add(
                Kind::Date,
                &md.chars().take(5).collect::<String>(),
                b.neutral,
            );
        } else if let Some(y) = part(0..4) {
            add(Kind::Date, y, b.neutral);
            if let Some(ym) = part(0..7) {
                add(Kind::Date, ym, b.neutral);
                if let Some(md) = part(5..10) {
                    add(Kind::Date, md, b.neutral);
                }
            }
        }
    }
    for ev in &doc.events {
        let s = format!("{}|{}|{}", ev.root, ev.source, ev.target);
        add(Kind::Event, &s, b.neutral);
    }
    let feats = counts
        .into_iter()
        .map(|(k, (kind, tf, boost))| Feature {
            key: k,
            kind,
            tf,
            boost,
        })
        .collect();
    (lang, feats)
}

/// Word shingles of the body for near-duplicate detection: lower-cased
/// words and numbers, stop words kept (copies are judged on the text as written).
pub(crate) fn shingles(text: &str, size: usize) -> Vec<u64> {
    let toks: Vec<String> = warta_lang::tokenize(text)
        .into_iter()
        .filter(|t| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation
            )
        })
        .map(|t| t.text.to_lowercase())
        .collect();
    if toks.len() < size {
        return Vec::new();
    }
    let mut out: Vec<u64> = toks
        .windows(size)
        .map(|w| {
            let mut h = FxHasher::default();
            for t in w {
                h.write(t.as_bytes());
                h.write_u8(0xff);
            }
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
