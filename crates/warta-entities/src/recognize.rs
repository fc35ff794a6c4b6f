//! The recognizer: gazetteer matches, capitalised runs, titles and cue
//! words, then one pass over the whole document that types the uncertain
//! names by the certain ones and resolves short forms to full names.
//!
//! The order matters, and is why this is not a left-to-right tagger:
//! "Kim" can only be Kim Jong Un once "Kim Jong Un" has been seen, and a
//! headline in Title Case can only be trusted for names the body confirms.

use crate::cues::{Cue, Cues};
use crate::gazetteer::{key_of, push_normalised, Gazetteer, Title};
use crate::{Entity, EntityKind, Options};
use std::collections::HashSet;
use warta_lang::fxhash::FastMap;
use warta_lang::{Lang, TokenKind};

/// A token as the recognizer sees it: words are split at hyphens
/// ("Rusia-Korea" is two tokens), and each carries its normalised form.
#[derive(Debug, Clone)]
pub(crate) struct MTok<'a> {
    pub text: &'a str,
    /// Character offsets (end exclusive).
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub norm: String,
    /// A word or abbreviation (not punctuation, number, URL...).
    pub word: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper-case.
    pub upper: bool,
    pub sent_start: bool,
    /// A line break lies between this token and the one before.
    pub newline_before: bool,
    pub headline: bool,
}

/// Tokens for matching: warta-lang's tokens, with words split at hyphens.
pub(crate) fn match_tokens(text: &str) -> Vec<MTok<'_>> {
    let (tokens, sentences) = warta_lang::tokenize_and_split(text);
    let mut sentence_starts: HashSet<usize> = sentences.iter().map(|s| s.start).collect();
    sentence_starts.insert(0);
    let mut out: Vec<MTok> = Vec::with_capacity(tokens.len() + 8);
    let mut prev_byte_end = 0;
    for t in &tokens {
        let newline_before = text[prev_byte_end.min(t.byte_start)..t.byte_start].contains('\n');
        prev_byte_end = t.byte_end;
        let word = matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation);
        let after_opener = out.last().is_some_and(|p| {
            !p.word && matches!(p.text, "“" | "\"" | "(" | "‘" | ":" | "«" | "—" | "–" | "-")
        });
        let sent_start = sentence_starts.contains(&t.start) || newline_before || after_opener;
        // "Syria's", "Russia’s": the name, then the possessive.
        let possessive = ["'s", "’s"]
            .iter()
            .find(|p| word && t.text.len() > p.len() + 1 && t.text.ends_with(*p));
        if let Some(p) = possessive {
            let base = &t.text[..t.text.len() - p.len()];
            let n = base.chars().count();
            out.push(mtok(
                base,
                t.start,
                t.start + n,
                t.byte_start,
                true,
                sent_start,
                newline_before,
            ));
            out.push(mtok(
                &t.text[base.len()..],
                t.start + n,
                t.end,
                t.byte_start + base.len(),
                false,
                false,
                false,
            ));
            continue;
        }
        if word && t.kind == TokenKind::Word && t.text.contains('-') {
            let mut char_pos = t.start;
            let mut byte_pos = t.byte_start;
            let mut first = true;
            for part in t.text.split('-') {
                let n = part.chars().count();
                if !part.is_empty() {
                    out.push(mtok(
                        part,
                        char_pos,
                        char_pos + n,
                        byte_pos,
                        true,
                        first && sent_start,
                        first && newline_before,
                    ));
                }
                first = false;
                char_pos += n + 1;
                byte_pos += part.len() + 1;
            }
            continue;
        }
        out.push(mtok(
            t.text,
            t.start,
            t.end,
            t.byte_start,
            word,
            sent_start,
            newline_before,
        ));
    }
    out
}

fn mtok(
    text: &str,
    start: usize,
    end: usize,
    byte_start: usize,
    word: bool,
    sent_start: bool,
    newline_before: bool,
) -> MTok<'_> {
    let mut norm = String::with_capacity(text.len());
    push_normalised(&mut norm, text);
    let cap = word && text.chars().next().is_some_and(char::is_uppercase);
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word && letters >= 2 && !text.chars().any(char::is_lowercase);
    MTok {
        text,
        start,
        end,
        byte_start,
        byte_end: byte_start + text.len(),
        norm,
        word,
        cap,
        upper,
        sent_start,
        newline_before,
        headline: false,
    }
}

/// Marks the tokens of lines written in Title Case ("Sinergi Putin dan Kim
/// Jong Un Selama Pertemuan Bilateral"): capitals there say nothing.
fn mark_headlines(toks: &mut [MTok]) {
    let g = Gazetteer::get();
    let mut line_start = 0;
    for i in 0..=toks.len() {
        if i == toks.len() || (i > line_start && toks[i].newline_before) {
            let line = &toks[line_start..i];
            // Ordinary words tell: a headline capitalises them, a sentence
            // full of names does not.
            let ordinary: Vec<&MTok> = line
                .iter()
                .filter(|t| {
                    t.word
                        && t.text.chars().count() >= 4
                        && is_common(&t.norm)
                        && g.max_len_from(&t.norm) == 0
                })
                .collect();
            let caps = ordinary.iter().filter(|t| t.cap).count();
            let ends_sentence = line
                .last()
                .is_some_and(|t| matches!(t.text, "." | "!" | "?"));
            if ordinary.len() >= 2 && caps * 10 >= ordinary.len() * 7 && !ends_sentence {
                for t in &mut toks[line_start..i] {
                    t.headline = true;
                }
            }
            line_start = i;
        }
    }
}

/// True when `text` is mostly lower-case, as some corpora are: then
/// capitals cannot be used and only the gazetteer speaks.
fn looks_cased(text: &str) -> bool {
    let mut letters = 0usize;
    let mut upper = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    letters < 40 || upper * 200 >= letters
}

/// A word that is an ordinary Indonesian word, so that a capital at the
/// start of a sentence says nothing about it.
fn is_common(norm: &str) -> bool {
    if norm.chars().count() <= 2 {
        return true;
    }
    let base = warta_lang::split_clitics(norm).base;
    if base != norm && base.chars().count() >= 3 {
        return is_common(base);
    }
    warta_lang::stem::is_root_id(norm)
        || {
            let s = warta_lang::stem_id(norm);
            s != norm && s.chars().count() >= 3 && warta_lang::stem::is_root_id(&s)
        }
        || is_english_function_word(norm)
}

/// Words that end a region's name: "Manggarai Barat", "Metro Jaya".
fn is_direction(norm: &str) -> bool {
    matches!(
        norm,
        "utara"
            | "selatan"
            | "barat"
            | "timur"
            | "tengah"
            | "tenggara"
            | "barat daya"
            | "laut"
            | "raya"
            | "jaya"
            | "baru"
            | "darat"
            | "hulu"
            | "hilir"
            | "kota"
    )
}

/// The normalised key of some tokens.
fn norms_key(toks: &[MTok]) -> String {
    toks.iter()
        .map(|t| t.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_english_function_word(norm: &str) -> bool {
    matches!(
        norm,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "it"
            | "its"
            | "he"
            | "she"
            | "they"
            | "we"
            | "but"
            | "and"
            | "or"
            | "if"
            | "when"
            | "while"
            | "after"
            | "before"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "as"
            | "by"
            | "of"
            | "to"
            | "there"
            | "here"
            | "his"
            | "her"
            | "their"
            | "our"
            | "some"
            | "many"
            | "most"
            | "all"
            | "one"
            | "two"
            | "three"
            | "since"
            | "despite"
            | "during"
            | "under"
            | "over"
            | "about"
            | "what"
            | "why"
            | "how"
            | "who"
            | "where"
            | "meanwhile"
            | "however"
            | "also"
            | "last"
            | "next"
            | "earlier"
            | "later"
    )
}

#[derive(Debug, Clone, Copy)]
struct GzHit {
    len: usize,
    surface_entry: u32,
}

/// Longest gazetteer match at each token, left to right.
///
/// Ambiguous short forms ("Kim") match only people in `mentioned`: those
/// the document names in full.
fn gazetteer_hits(
    toks: &[MTok],
    cased: bool,
    mentioned: Option<&HashSet<u32>>,
) -> Vec<Option<GzHit>> {
    let g = Gazetteer::get();
    let mut hits = vec![None; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if !t.word || (cased && !t.cap) {
            i += 1;
            continue;
        }
        let max = g.max_len_from(&t.norm);
        if max == 0 {
            i += 1;
            continue;
        }
        let mut keys = Vec::with_capacity(max);
        let mut key = t.norm.clone();
        keys.push(key.clone());
        for next in toks.iter().take((i + max).min(toks.len())).skip(i + 1) {
            if next.newline_before {
                break;
            }
            key.push(' ');
            key.push_str(&next.norm);
            keys.push(key.clone());
        }
        let mut found = None;
        'lens: for n in (1..=keys.len()).rev() {
            for s in g.lookup(&keys[n - 1]) {
                let unmentioned = s.coref_only && !mentioned.is_some_and(|m| m.contains(&s.entry));
                if s.actor_only
                    || unmentioned
                    || !surface_fits(
                        s.exact.as_deref(),
                        &toks[i..i + n],
                        cased,
                        g.entries[s.entry as usize].kind == EntityKind::Loc,
                    )
                {
                    continue;
                }
                found = Some(GzHit {
                    len: n,
                    surface_entry: s.entry,
                });
                break 'lens;
            }
        }
        match found {
            Some(h) => {
                hits[i] = Some(h);
                i += h.len;
            }
            None => i += 1,
        }
    }
    hits
}

/// Whether the tokens may be this surface form. `place` relaxes the
/// lower-case rule: place names are in the root list too ("jakarta").
fn surface_fits(exact: Option<&str>, toks: &[MTok], cased: bool, place: bool) -> bool {
    match exact {
        Some(exact) if cased => {
            let mut written = String::new();
            for (k, t) in toks.iter().enumerate() {
                if k > 0 {
                    written.push(' ');
                }
                written.push_str(t.text);
            }
            written == exact
        }
        // Without capitals, only acronyms and names that cannot be
        // ordinary words ("antara" is "between" before it is a news agency).
        Some(exact) => {
            exact.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !is_common(&toks[0].norm)
        }
        None if cased => toks[0].cap,
        None => toks.len() > 1 || place || !is_common(&toks[0].norm),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// A Title Case headline word: kept only if the body names it.
    Headline,
    /// Capitalised, with nothing saying what it is.
    Weak,
    Strong,
}

#[derive(Debug, Clone)]
struct Cand {
    a: usize,
    b: usize,
    kind: EntityKind,
    strength: Strength,
    canonical: Option<String>,
    actor: Option<String>,
    /// From the gazetteer: canonical and actor are settled.
    known: bool,
}

/// A head-led name found by [`Doc::led_name`]: tokens `from..to`, and the
/// item to go on from. `kind` is `None` for events.
struct Led {
    kind: Option<EntityKind>,
    from: usize,
    to: usize,
    next: usize,
}

#[derive(Debug, Clone, Copy)]
enum Item<'g> {
    Gz(GzHit),
    /// A title; `true` when a region comes between it and the name.
    Title(&'g Title, bool),
    Portfolio,
    Skip,
    Word,
}

fn is_connector(norm: &str) -> bool {
    matches!(
        norm,
        "bin" | "binti" | "van" | "von" | "der" | "de" | "da" | "del" | "al" | "el" | "la" | "&"
    )
}

struct Doc<'t, 'a> {
    source: &'a str,
    toks: &'t [MTok<'a>],
    hits: Vec<Option<GzHit>>,
    cues: &'static Cues,
    g: &'static Gazetteer,
    opts: &'t Options,
    cands: Vec<Cand>,
}

impl<'t, 'a> Doc<'t, 'a> {
    fn norms(&self, a: usize, b: usize) -> Vec<&str> {
        self.toks[a..b].iter().map(|t| t.norm.as_str()).collect()
    }

    fn texts(&self, a: usize, b: usize) -> Vec<&'a str> {
        self.toks[a..b].iter().map(|t| t.text).collect()
    }

    /// Can token `i` be part of a name?
    fn namey(&self, i: usize) -> bool {
        let t = &self.toks[i];
        // "Kompas100", "G20": names with digits are products, events and
        // forums; the gazetteer knows the ones that matter.
        t.word && t.cap && !t.text.bytes().any(|b| b.is_ascii_digit())
    }

    fn runs(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if !self.namey(i) && self.hits[i].is_none() {
                i += 1;
                continue;
            }
            let a = i;
            let mut b = i;
            let org_led = self
                .cues
                .prefix_len(Cue::OrgHead, &self.norms(a, (a + 3).min(n)))
                > 0
                || self
                    .cues
                    .prefix_len(Cue::LocHead, &self.norms(a, (a + 2).min(n)))
                    > 0;
            loop {
                if b >= n || (b > a && self.toks[b].newline_before) {
                    break;
                }
                if let Some(h) = self.hits[b] {
                    b += h.len;
                    continue;
                }
                if self.namey(b) {
                    b += 1;
                    continue;
                }
                let next_namey = b + 1 < n && !self.toks[b + 1].newline_before && self.namey(b + 1);
                let t = &self.toks[b];
                if b > a && next_namey && t.word && is_connector(&t.norm) {
                    b += 2;
                    continue;
                }
                let org_word_before = self.cues.is(Cue::OrgSuffix, &self.toks[b - 1].norm)
                    || self.cues.is(Cue::OrgHead, &self.toks[b - 1].norm);
                if b > a
                    && next_namey
                    && (org_led || org_word_before)
                    && matches!(t.norm.as_str(), "of" | "for")
                {
                    b += 2;
                    continue;
                }
                // "SMA Negeri 1 Bandung", "Komisi 3".
                if b > a
                    && org_led
                    && t.text.len() <= 3
                    && t.text.chars().all(|c| c.is_ascii_digit())
                {
                    b += 1;
                    continue;
                }
                break;
            }
            let b = b.min(n);
            self.run(a, b);
            i = b.max(a + 1);
        }
    }

    fn items(&self, a: usize, b: usize) -> Vec<(usize, Item<'static>)> {
        let mut items = Vec::new();
        let mut p = a;
        while p < b {
            if let Some(h) = self.hits[p] {
                // "Dewan Pembina Yayasan ...": a gazetteer form that is only
                // the head of a longer name does not cut the name short.
                let head_only = h.len == 1
                    && p + 1 < b
                    && matches!(items.last(), None | Some((_, Item::Skip)))
                    && (self.cues.prefix_len(Cue::OrgHead, &self.norms(p, p + 1)) == 1
                        || self.cues.prefix_len(Cue::LocHead, &self.norms(p, p + 1)) == 1)
                    && self.hits[p + 1].is_none();
                if p + h.len <= b && !head_only {
                    items.push((p, Item::Gz(h)));
                    p += h.len;
                    continue;
                }
            }
            let texts = self.texts(p, b);
            if let Some((n, title)) = self.g.title_at(&texts) {
                let regional = self
                    .cues
                    .is(Cue::RegionalTitle, &norms_key(&self.toks[p..p + n]));
                items.push((p, Item::Title(title, regional)));
                p += n;
                continue;
            }
            let norms = self.norms(p, b);
            let after_title = matches!(
                items.last(),
                Some((_, Item::Title(..))) | Some((_, Item::Portfolio))
            );
            if after_title {
                let n = self.cues.prefix_len(Cue::Portfolio, &norms);
                if n > 0 {
                    items.push((p, Item::Portfolio));
                    p += n;
                    continue;
                }
            }
            let n = self
                .cues
                .prefix_len(Cue::NonEntity, &norms)
                .max(self.g.adjective_at(&norms).map_or(0, |(n, _)| n));
            if n > 0 {
                items.push((p, Item::Skip));
                p += n;
                continue;
            }
            let t = &self.toks[p];
            if (t.sent_start && !self.cues.is_given_name(&t.norm) && is_common(&t.norm))
                || is_connector(&t.norm)
                || !t.word
            {
                items.push((p, Item::Skip));
                p += 1;
                continue;
            }
            items.push((p, Item::Word));
            p += 1;
        }
        items
    }

    fn run(&mut self, a: usize, b: usize) {
        let headline = self.toks[a].headline;
        let items = self.items(a, b);
        let mut title: Option<&Title> = None;
        let mut regional = false;
        let mut country: Option<String> = None;
        let items = self.merge_people(items);
        let mut k = 0;
        while k < items.len() {
            let (p, item) = items[k];
            if !headline {
                if let Some(led) = self.led_name(&items, k, b, title.is_some()) {
                    if let Some(kind) = led.kind {
                        self.push_unknown(led.from, led.to, kind, Strength::Strong);
                    }
                    k = led.next;
                    continue;
                }
            }
            match item {
                Item::Gz(h) => {
                    let e = &self.g.entries[h.surface_entry as usize];
                    if e.kind == EntityKind::Loc {
                        regional = false;
                    }
                    // A leader out of office on the day is still what the
                    // title beside the name says ("Menteri Luar Negeri
                    // Tiongkok Wang Yi" between two terms).
                    let actor = e
                        .actor_on(self.opts.date.as_deref())
                        .map(str::to_string)
                        .or_else(|| {
                            (e.kind == EntityKind::Per)
                                .then(|| self.title_actor(title, country.as_deref()))
                                .flatten()
                        });
                    if e.kind == EntityKind::Loc && !e.is_capital {
                        country = e.actor.clone();
                    }
                    self.cands.push(Cand {
                        a: p,
                        b: p + h.len,
                        kind: e.kind,
                        strength: Strength::Strong,
                        canonical: Some(e.canonical.clone()),
                        actor,
                        known: true,
                    });
                    k += 1;
                }
                Item::Title(t, is_regional) => {
                    title = Some(t);
                    regional = is_regional;
                    k += 1;
                }
                Item::Portfolio | Item::Skip => k += 1,
                Item::Word => {
                    let mut q = p;
                    while k < items.len() && matches!(items[k].1, Item::Word) {
                        q = items[k].0 + 1;
                        k += 1;
                    }
                    if headline {
                        for i in p..q {
                            self.push_unknown(i, i + 1, EntityKind::Per, Strength::Headline);
                        }
                    } else {
                        let mut p = p;
                        if regional {
                            // "Bupati Toba Poltak Sitorus": the region, then the name.
                            regional = false;
                            let given = self.cues.is_given_name(&self.toks[p].norm);
                            if !given {
                                let mut r = p + 1;
                                while r < q && is_direction(&self.toks[r].norm) {
                                    r += 1;
                                }
                                if r < q || q - p == 1 {
                                    self.push_unknown(p, r, EntityKind::Loc, Strength::Strong);
                                    p = r;
                                }
                            }
                        }
                        if p < q {
                            let at_run_start = p == a;
                            let ends_run = q == b;
                            self.piece(p, q, at_run_start, ends_run, title, country.as_deref());
                        }
                    }
                }
            }
        }
    }

    /// A name led by a head word takes in what follows it: "Komisi II
    /// DPR", "Pengadilan Tata Usaha Negara Jakarta", "Gedung DPR",
    /// "Kabupaten Lombok Timur" (head outside), "Hari Lahir Pancasila" (an
    /// event: no entity). It ends before a title or a known person, and
    /// after a title ("Ketua DPRD Kota Medan Hasyim Nasution") before the
    /// first word that is neither ordinary nor known.
    fn led_name(
        &self,
        items: &[(usize, Item<'static>)],
        k: usize,
        b: usize,
        after_title: bool,
    ) -> Option<Led> {
        let (p, item) = items[k];
        let norms = self.norms(p, b);
        let (kind, from) = match item {
            Item::Word | Item::Skip => {
                let org = self.cues.prefix_len(Cue::OrgHead, &norms);
                let loc = self.cues.prefix_len(Cue::LocHead, &norms);
                let outside = self.cues.prefix_len(Cue::LocHeadOutside, &norms);
                let event = self.cues.prefix_len(Cue::EventHead, &norms);
                if event > 0 {
                    (None, p)
                } else if org > 0 {
                    (Some(EntityKind::Org), p)
                } else if loc > 0 {
                    (Some(EntityKind::Loc), p)
                } else if outside > 0 && p + outside < b {
                    (Some(EntityKind::Loc), p + outside)
                } else {
                    return None;
                }
            }
            // "DPRD Jawa Barat", "DPR RI": a body and the region it serves.
            Item::Gz(h) => {
                let e = &self.g.entries[h.surface_entry as usize];
                let next_is_place = matches!(items.get(k + 1), Some((q, Item::Gz(n)))
                    if *q == p + h.len
                        && self.g.entries[n.surface_entry as usize].kind == EntityKind::Loc);
                if e.kind != EntityKind::Org || !next_is_place {
                    return None;
                }
                (Some(EntityKind::Org), p)
            }
            _ => return None,
        };
        let mut next = k + 1;
        let mut to = match item {
            Item::Gz(h) => p + h.len,
            _ => (from + 1).max(p + 1),
        };
        // Skip the head's own words.
        while next < items.len() && items[next].0 < to {
            next += 1;
        }
        let mut last_good = (next, to);
        while next < items.len() {
            let (q, it) = items[next];
            match it {
                Item::Title(..) | Item::Portfolio => break,
                Item::Gz(h) => {
                    if self.g.entries[h.surface_entry as usize].kind == EntityKind::Per {
                        break;
                    }
                    to = q + h.len;
                    next += 1;
                    last_good = (next, to);
                }
                // Kept only if a later word or name follows ("Komisi II DPR").
                Item::Skip => next += 1,
                Item::Word => {
                    // After a title, the rest of the run is the person when
                    // it looks like a name: one to four words, none ordinary.
                    let rest: Vec<&MTok> = items[next..]
                        .iter()
                        .take_while(|(_, it)| matches!(it, Item::Word))
                        .map(|&(r, _)| &self.toks[r])
                        .collect();
                    let person_starts = after_title
                        && (1..=4).contains(&rest.len())
                        && rest.iter().all(|t| {
                            !t.upper && (self.cues.is_given_name(&t.norm) || !is_common(&t.norm))
                        })
                        && next + rest.len() == items.len();
                    if person_starts {
                        break;
                    }
                    to = q + 1;
                    next += 1;
                    last_good = (next, to);
                }
            }
        }
        // Trailing words the run merely passed through ("Senin") stay out.
        let (next, to) = last_good;
        let single_known = matches!(item, Item::Gz(h) if p + h.len == to);
        if single_known || to <= from {
            return None;
        }
        Some(Led {
            kind,
            from,
            to,
            next,
        })
    }

    /// "Hasri Ainun Habibie", "Agus Salim Harahap": a known name (or short
    /// form) with unknown names beside it is someone else, whose name
    /// shares a word with the known one. The run becomes one unknown name.
    fn merge_people(&self, items: Vec<(usize, Item<'static>)>) -> Vec<(usize, Item<'static>)> {
        let is_person_hit = |it: &Item| matches!(it, Item::Gz(h) if self.g.entries[h.surface_entry as usize].kind == EntityKind::Per);
        let is_name_word = |p: usize, it: &Item| {
            matches!(it, Item::Word)
                && !is_common(&self.toks[p].norm)
                && self.cues.prefix_len(Cue::OrgHead, &self.norms(p, p + 1)) == 0
                && self.cues.prefix_len(Cue::LocHead, &self.norms(p, p + 1)) == 0
        };
        let mut out = Vec::with_capacity(items.len());
        for (k, &(p, it)) in items.iter().enumerate() {
            let beside_word = |j: Option<usize>| {
                j.and_then(|j| items.get(j))
                    .is_some_and(|&(q, ref jt)| is_name_word(q, jt))
            };
            if is_person_hit(&it) && (beside_word(k.checked_sub(1)) || beside_word(Some(k + 1))) {
                if let Item::Gz(h) = it {
                    for q in p..p + h.len {
                        out.push((q, Item::Word));
                    }
                    continue;
                }
            }
            out.push((p, it));
        }
        out
    }

    /// Lower-cased text: only what the gazetteer knows.
    fn known_only(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            match self.hits[i] {
                Some(h) => {
                    self.run(i, i + h.len);
                    i += h.len;
                }
                None => i += 1,
            }
        }
    }

    fn push_unknown(&mut self, a: usize, b: usize, kind: EntityKind, strength: Strength) {
        self.cands.push(Cand {
            a,
            b,
            kind,
            strength,
            canonical: None,
            actor: None,
            known: false,
        });
    }

    /// Types a run of capitalised words no list knows.
    fn piece(
        &mut self,
        p: usize,
        q: usize,
        at_run_start: bool,
        ends_run: bool,
        title: Option<&Title>,
        country: Option<&str>,
    ) {
        let norms = self.norms(p, q);
        let n = self.toks.len();
        let org_head = self.cues.prefix_len(Cue::OrgHead, &norms);
        if org_head > 0 {
            // After a title, "Partai Golkar Airlangga Hartarto" is an
            // organisation and then the person who leads it.
            if title.is_some() && q - p > org_head + 1 {
                let split = p + org_head + 1;
                self.push_unknown(p, split, EntityKind::Org, Strength::Strong);
                self.push_person(split, q, title, country, Strength::Strong);
            } else {
                self.push_unknown(p, q, EntityKind::Org, Strength::Strong);
            }
            return;
        }
        if self.cues.prefix_len(Cue::LocHead, &norms) > 0 {
            self.push_unknown(p, q, EntityKind::Loc, Strength::Strong);
            return;
        }
        let outside = self.cues.prefix_len(Cue::LocHeadOutside, &norms);
        if outside > 0 {
            if p + outside < q {
                self.push_unknown(p + outside, q, EntityKind::Loc, Strength::Strong);
            }
            return;
        }
        if self.cues.suffix_len(Cue::LocSuffix, &norms) > 0 && q - p >= 2 {
            self.push_unknown(p, q, EntityKind::Loc, Strength::Strong);
            return;
        }
        if self.cues.suffix_len(Cue::OrgSuffix, &norms) > 0 && q - p >= 2 {
            self.push_unknown(p, q, EntityKind::Org, Strength::Strong);
            return;
        }
        if title.is_some() {
            self.push_person(p, q, title, country, Strength::Strong);
            return;
        }
        let before1 = (p > 0).then(|| self.toks[p - 1].norm.as_str());
        let before2 =
            (p > 1).then(|| format!("{} {}", self.toks[p - 2].norm, self.toks[p - 1].norm));
        let before_is = |cue: Cue| {
            at_run_start
                && (before1.is_some_and(|w| self.cues.is(cue, w))
                    || before2.as_deref().is_some_and(|w| self.cues.is(cue, w)))
        };
        let single_upper = q - p == 1 && self.toks[p].upper;
        if single_upper && before1.is_some_and(|w| w == "berinisial" || w == "inisial") {
            self.push_person(p, q, None, None, Strength::Strong);
            return;
        }
        if before_is(Cue::LocBefore) && !self.cues.is_given_name(&self.toks[p].norm) {
            self.push_unknown(p, q, EntityKind::Loc, Strength::Strong);
            return;
        }
        if single_upper {
            self.push_unknown(p, q, EntityKind::Org, Strength::Strong);
            return;
        }
        if before_is(Cue::PerBefore) || self.cues.is_given_name(&self.toks[p].norm) {
            self.push_person(p, q, None, None, Strength::Strong);
            return;
        }
        if ends_run && q < n {
            let after = &self.toks[q].norm;
            let age = after == "("
                && self
                    .toks
                    .get(q + 1)
                    .is_some_and(|t| t.text.chars().all(|c| c.is_ascii_digit()))
                && self.toks.get(q + 2).is_some_and(|t| t.text == ")");
            if age || self.cues.is(Cue::PerAfter, after) {
                self.push_person(p, q, None, None, Strength::Strong);
                return;
            }
        }
        // "Produk Domestik Bruto", "Nota Keuangan": Title Case terms made
        // of ordinary words are not names.
        if self.toks[p..q]
            .iter()
            .all(|t| is_common(&t.norm) && !self.cues.is_given_name(&t.norm))
        {
            return;
        }
        // A lone capitalised word opening a sentence is only a name if the
        // rest of the document says so.
        let strength = if q - p == 1 && self.toks[p].sent_start {
            Strength::Headline
        } else {
            Strength::Weak
        };
        self.push_unknown(p, q, EntityKind::Per, strength);
    }

    /// The actor a title implies: its role, with the country named beside
    /// it or, for Indonesian offices in Indonesian text, Indonesia.
    fn title_actor(&self, title: Option<&Title>, country: Option<&str>) -> Option<String> {
        let t = title?;
        let role = t.role.as_deref()?;
        let country = match country {
            Some(c) => c,
            None if t.indonesian && self.opts.lang == Lang::Id => "IDN",
            None => return None,
        };
        Some(format!("{country}{role}"))
    }

    fn push_person(
        &mut self,
        a: usize,
        b: usize,
        title: Option<&Title>,
        country: Option<&str>,
        strength: Strength,
    ) {
        let actor = self.title_actor(title, country);
        self.cands.push(Cand {
            a,
            b,
            kind: EntityKind::Per,
            strength,
            canonical: None,
            actor,
            known: false,
        });
    }

    fn text_of(&self, c: &Cand) -> &'a str {
        &self.source[self.toks[c.a].byte_start..self.toks[c.b - 1].byte_end]
    }

    fn key_of(&self, c: &Cand) -> String {
        key_of(self.toks[c.a..c.b].iter().map(|t| t.text))
    }

    /// The document pass: certain names teach the uncertain ones their
    /// kind, and short forms their full name.
    fn resolve(&mut self) -> Vec<Entity> {
        #[derive(Clone)]
        struct Known {
            kind: EntityKind,
            canonical: String,
            actor: Option<String>,
        }
        let mut full: FastMap<String, Option<Known>> = FastMap::default();
        let mut short: FastMap<String, Option<Known>> = FastMap::default();
        let remember = |map: &mut FastMap<String, Option<Known>>, key: String, k: &Known| {
            map.entry(key)
                .and_modify(|v| {
                    if v.as_ref().is_some_and(|old| old.canonical != k.canonical) {
                        *v = None;
                    }
                })
                .or_insert_with(|| Some(k.clone()));
        };
        let known_of = |c: &Cand| Known {
            kind: c.kind,
            canonical: c
                .canonical
                .clone()
                .unwrap_or_else(|| normalise_name(self.text_of(c))),
            actor: c.actor.clone(),
        };
        // Short forms first: the words of full names ("Kim", "Widodo"), and
        // the last word of places and organisations ("Vostochny").
        for c in &self.cands {
            if c.strength != Strength::Strong || c.b - c.a < 2 {
                continue;
            }
            let known = known_of(c);
            let words: &[MTok] = match c.kind {
                EntityKind::Per => &self.toks[c.a..c.b],
                _ => &self.toks[c.b - 1..c.b],
            };
            for t in words {
                if t.word && t.cap && t.text.chars().count() >= 3 && !is_common(&t.norm) {
                    remember(&mut short, t.norm.clone(), &known);
                }
            }
        }
        for c in &self.cands {
            if c.strength != Strength::Strong {
                continue;
            }
            let key = self.key_of(c);
            // A lone word that is the short form of a full name is that
            // name, whatever the cue beside it said.
            if !c.known && c.b - c.a == 1 && short.get(&key).is_some_and(Option::is_some) {
                continue;
            }
            remember(&mut full, key, &known_of(c));
        }
        let mut out = Vec::with_capacity(self.cands.len());
        for c in &self.cands {
            let key = self.key_of(c);
            let mut kind = c.kind;
            let mut canonical = c.canonical.clone();
            let mut actor = c.actor.clone();
            let learned = full.get(&key).cloned().flatten().or_else(|| {
                (c.b - c.a == 1)
                    .then(|| short.get(&key).cloned().flatten())
                    .flatten()
            });
            match (c.strength, learned) {
                (_, Some(k))
                    if !c.known
                        && (c.strength != Strength::Strong
                            || k.kind == c.kind
                            || c.b - c.a == 1) =>
                {
                    kind = k.kind;
                    canonical = Some(k.canonical);
                    if actor.is_none() {
                        actor = k.actor;
                    }
                }
                (_, Some(_)) if !c.known => {}
                (Strength::Headline, _) => continue,
                (Strength::Weak, None) if c.b - c.a == 1 && is_common(&self.toks[c.a].norm) => {
                    continue
                }
                _ => {}
            }
            let text = self.text_of(c);
            out.push(Entity {
                text: text.to_string(),
                start: self.toks[c.a].start,
                end: self.toks[c.b - 1].end,
                kind,
                canonical: canonical.unwrap_or_else(|| normalise_name(text)),
                actor,
            });
        }
        out.sort_by_key(|e| e.start);
        out
    }
}

/// Spaces collapsed: the canonical form of a name no list knows.
fn normalise_name(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds the named entities of `text`.
pub fn recognize(text: &str, opts: &Options) -> Vec<Entity> {
    let mut toks = match_tokens(text);
    mark_headlines(&mut toks);
    let cased = opts.cased.unwrap_or_else(|| looks_cased(text));
    let g = Gazetteer::get();
    // Ambiguous short forms ("Kim") count only after a full mention of the
    // same person somewhere in the document: find the full mentions first.
    let mut hits = gazetteer_hits(&toks, cased, None);
    let mentioned: HashSet<u32> = hits.iter().flatten().map(|h| h.surface_entry).collect();
    if !mentioned.is_empty() {
        hits = gazetteer_hits(&toks, cased, Some(&mentioned));
    }
    let mut doc = Doc {
        source: text,
        toks: &toks,
        hits,
        cues: Cues::get(),
        g,
        opts,
        cands: Vec::new(),
    };
    if cased {
        doc.runs();
    } else {
        doc.known_only();
    }
    doc.resolve()
}
