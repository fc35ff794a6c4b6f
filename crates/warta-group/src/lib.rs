//! The group stage: near-duplicates and stories.
//!
//! Every article joins a story or starts one, as it arrives
//! ([`Grouper::add`]). A story is the centroid of its articles' term
//! vectors: stemmed words of the title, lead and body, and the
//! language-neutral features an Indonesian and an English report share
//! (entities' canonical names, CAMEO actors and events, numbers, and the
//! bilingual concepts of `data/concepts.tsv`). A new article is compared
//! only with the stories an inverted index over its most distinctive
//! features names, so the cost of an add does not grow with the number of
//! active stories. Syndicated copies are found first, by MinHash over word
//! shingles of the body, and join the story of the earliest copy. When an
//! article's joining brings its story's centroid close to another
//! candidate story's, the two merge ([`Placement::merged`],
//! [`Grouper::resolve`]).
//!
//! Pure: no I/O, no clock. Time comes from the articles' `published`
//! values; a story goes quiet once the newest article seen is more than
//! [`GroupConfig::quiet_after_hours`] past its last report.

mod events;
mod features;
mod neardup;

use events::merge_story_event;
pub use events::{merge_events, merge_into, StoryEvent};

use chrono::{DateTime, FixedOffset};
use features::{Boosts, Feature, Kind};
use serde::Serialize;
use warta_lang::fxhash::{FastMap, FastSet};

/// Features an article needs to count as a full one (see `Grouper::size`).
const FULL_TERMS: f32 = 30.0;

/// An entity found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntity {
    /// The full name ("Vladimir Putin"), the same in every language.
    pub canonical: String,
    /// "PER", "ORG" or "LOC".
    pub kind: String,
    /// CAMEO actor code when known.
    pub actor: Option<String>,
}

/// A coded event found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEvent {
    pub source: String,
    pub target: String,
    pub code: String,
    /// The first two digits of `code`.
    pub root: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub location: Option<String>,
}

/// An article as the group stage sees it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub id: String,
    pub title: String,
    /// The clean body.
    pub text: String,
    /// ISO 639-1; detected from the text when absent.
    pub lang: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub outlet: Option<String>,
    pub entities: Vec<DocEntity>,
    pub events: Vec<DocEvent>,
    /// Normalised values of the date expressions in the text (`YYYY-MM-DD`,
    /// `YYYY-MM`, `YYYY`, `--MM-DD`): two look-alike events rarely share them.
    pub dates: Vec<String>,
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    pub story: u64,
    /// True when the article started the story.
    pub new_story: bool,
    /// The id of the earliest copy when the article is a near-duplicate.
    pub duplicate_of: Option<String>,
    /// How well the article matched its story (0 for a new story, 1 for a copy).
    pub score: f32,
    /// Stories merged into `story` by this article: with it, their
    /// centroids came close enough to be one story. Their articles now
    /// belong to `story`; the ids are not used again.
    pub merged: Vec<u64>,
}

/// A story: articles about one event or development.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: u64,
    /// The title of its first article with one.
    pub title: String,
    /// Article ids in arrival order.
    pub articles: Vec<String>,
    pub first_seen: Option<DateTime<FixedOffset>>,
    pub last_seen: Option<DateTime<FixedOffset>>,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
    pub events: Vec<StoryEvent>,
}

/// Tuning. The defaults were set on public English clustering data and the
/// project's own Indonesian/English set; see the crate README.
#[derive(Debug, Clone)]
pub struct GroupConfig {
    /// An article joins the best story scoring at least this (cosine, 0 to 1).
    pub threshold: f32,
    /// A story takes no more articles this long after its last report.
    pub quiet_after_hours: i64,
    /// Estimated containment of body shingles (the share of the shorter
    /// body's shingles found in the other) above which an article is a
    /// copy of an earlier one.
    pub near_duplicate: f32,
    /// Bodies with fewer shingles than this are not checked for copies.
    pub min_shingles: usize,
    /// Words per shingle.
    pub shingle_size: usize,
    /// Weight of title words against body words.
    pub title_boost: f32,
    /// Weight of the first 400 bytes of the body.
    pub lead_boost: f32,
    /// Weight of an entity mention (besides its words).
    pub entity_boost: f32,
    /// Weight of numbers, concepts, actors and events.
    pub neutral_boost: f32,
    /// Weight of pairs of adjacent content words (0: none).
    pub bigram_boost: f32,
    /// Factor on the neutral-features cosine when the article's language
    /// is new to the story (words differ across languages, names do not).
    pub cross_language: f32,
    /// How much the agreement of names, numbers and dates counts against
    /// that of all features (0: not apart; 0.5: geometric mean).
    pub specific: f32,
    /// How much the agreement of numbers counts on its own, on top of
    /// `specific` (0: only there).
    pub numbers: f32,
    /// When both the article and the story state numbers (counts, amounts,
    /// years), the numbers count this many times over in the cosine, for a
    /// full article (less for a headline, down to a quarter of the way for
    /// a bare one). Figures a report shares with a story say more than its
    /// words do; a report without figures is judged on its words alone.
    /// 1: like every other feature.
    pub figures: f32,
    /// Features per article kept in its vector.
    pub doc_terms: usize,
    /// Features per article used to look up candidate stories.
    pub probe_terms: usize,
    /// Candidate stories scored in full per article.
    pub max_candidates: usize,
    /// Features kept in a story's centroid.
    pub story_terms: usize,
    /// Without times, a story is dropped from the window after this many
    /// later articles without a new one of its own.
    pub idle_articles: u64,
    /// Two stories whose centroids meet at this cosine or above (× their
    /// fullness^1.2: headline stories meet at lower cosines) become one
    /// (0: never).
    pub merge: f32,
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig {
            threshold: 0.2,
            quiet_after_hours: 72,
            near_duplicate: 0.7,
            min_shingles: 20,
            shingle_size: 3,
            title_boost: 3.0,
            lead_boost: 2.0,
            entity_boost: 2.0,
            neutral_boost: 1.0,
            bigram_boost: 0.0,
            cross_language: 1.0,
            specific: 0.3,
            numbers: 0.2,
            figures: 3.0,
            doc_terms: 100,
            probe_terms: 24,
            max_candidates: 40,
            story_terms: 300,
            idle_articles: 200_000,
            merge: 0.6,
        }
    }
}

#[derive(Debug, Clone)]
struct StoryState {
    story: Story,
    /// Sum of the normalised vectors of its articles.
    centroid: FastMap<u64, (Kind, f32)>,
    norm: f32,
    neutral_norm: f32,
    specific_norm: f32,
    /// Norm of the numbers' part of the centroid.
    number_norm: f32,
    /// Features under which the inverted index lists this story.
    indexed: FastSet<u64>,
    dup_slots: Vec<u32>,
    last_seq: u64,
    /// Articles summed into the centroid.
    n: u32,
    /// Sum of those articles' fullness (see `Grouper::size`).
    fullness_sum: f32,
}

impl StoryState {
    /// The mean fullness of the articles in the centroid (1 before any).
    fn fullness(&self) -> f32 {
        if self.n > 0 {
            self.fullness_sum / self.n as f32
        } else {
            1.0
        }
    }

    fn refresh(&mut self, cap: usize) {
        if self.centroid.len() > cap * 2 {
            let mut v: Vec<(u64, (Kind, f32))> = self.centroid.drain().collect();
            v.sort_unstable_by(|a, b| b.1 .1.total_cmp(&a.1 .1).then(a.0.cmp(&b.0)));
            v.truncate(cap);
            self.centroid = v.into_iter().collect();
        }
        let (mut n, mut nn, mut sn) = (0.0f32, 0.0f32, 0.0f32);
        let mut num = 0.0f32;
        for (kind, w) in self.centroid.values() {
            n += w * w;
            if *kind == Kind::Number {
                num += w * w;
            }
            if kind.neutral() {
                nn += w * w;
            }
            if kind.specific() {
                sn += w * w;
            }
        }
        self.norm = n.sqrt();
        self.neutral_norm = nn.sqrt();
        self.specific_norm = sn.sqrt();
        self.number_norm = num.sqrt();
    }
}

/// A weighted, unit-length article vector.
struct Vector {
    terms: Vec<(u64, Kind, f32)>,
    neutral_norm: f32,
    specific_norm: f32,
    number_norm: f32,
}

/// The cosine of two vectors (dot product `dot`, norms `a` and `b`) once
/// one part of both (dot product `part`, norms `pa` and `pb`) is weighted
/// `k` times over.
fn reweighted(dot: f32, part: f32, a: f32, pa: f32, b: f32, pb: f32, k: f32) -> f32 {
    let e = k * k - 1.0;
    let den = ((a * a + e * pa * pa) * (b * b + e * pb * pb)).sqrt();
    if den > 0.0 {
        (dot + e * part) / den
    } else {
        0.0
    }
}

/// Places articles in stories, one at a time.
#[derive(Debug, Clone)]
pub struct Grouper {
    cfg: GroupConfig,
    df: FastMap<u64, u32>,
    docs: u32,
    stories: FastMap<u64, StoryState>,
    postings: FastMap<u64, Vec<u64>>,
    posting_entries: usize,
    dups: neardup::Index,
    next_id: u64,
    seq: u64,
    newest: Option<i64>,
    /// Merged story -> the story it went into.
    merged_into: FastMap<u64, u64>,
}

impl Default for Grouper {
    fn default() -> Self {
        Grouper::new(GroupConfig::default())
    }
}

impl Grouper {
    /// An empty grouper.
    pub fn new(cfg: GroupConfig) -> Self {
        Grouper {
            cfg,
            df: FastMap::default(),
            docs: 0,
            stories: FastMap::default(),
            postings: FastMap::default(),
            posting_entries: 0,
            dups: neardup::Index::default(),
            next_id: 1,
            seq: 0,
            newest: None,
            merged_into: FastMap::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &GroupConfig {
        &self.cfg
    }

    /// Counts an article's features in the term statistics without placing
    /// it. A batch sees all its articles first; the running system warms
    /// up on its stored history the same way (through [`Grouper::add_known`]).
    pub fn observe(&mut self, doc: &Doc) {
        let (_, feats) = features::extract(doc, self.boosts());
        self.count(&feats);
    }

    /// Places an article: the story of an earlier copy, the best-matching
    /// active story, or a new story.
    pub fn add(&mut self, doc: &Doc) -> Placement {
        self.seq += 1;
        let (lang, feats) = features::extract(doc, self.boosts());
        self.count(&feats);
        let ts = doc.published.map(|t| t.timestamp());
        self.tick(ts);
        let vec = self.vector(&feats);
        let sig = self.signature(doc);

        let dup = sig
            .as_ref()
            .and_then(|(s, len)| self.dups.find(s, *len, self.cfg.near_duplicate))
            .filter(|(_, story)| self.stories.contains_key(story));
        let mut others: Vec<u64> = Vec::new();
        let (story, new_story, duplicate_of, score) = match dup {
            Some((root, story)) => (story, false, Some(root), 1.0),
            None => {
                let b = self.best(&vec, lang.code(), ts, &mut others);
                match b {
                    Some((story, score)) if score >= self.threshold_for(&vec) => {
                        (story, false, None, score)
                    }
                    _ => {
                        let id = self.next_id;
                        self.next_id += 1;
                        (id, true, None, 0.0)
                    }
                }
            }
        };
        self.join(doc, lang.code(), &vec, sig, story, duplicate_of.clone());
        let mut story = story;
        let mut merged = Vec::new();
        if !new_story && duplicate_of.is_none() && self.cfg.merge > 0.0 {
            if let Some((into, gone)) = self.try_merge(story, &others) {
                story = into;
                merged.push(gone);
            }
        }
        Placement {
            story,
            new_story,
            duplicate_of,
            score,
            merged,
        }
    }

    /// Seeds the grouper with an article already placed (the store is the
    /// source of truth after a restart).
    pub fn add_known(&mut self, doc: &Doc, story: u64, duplicate_of: Option<&str>) {
        self.seq += 1;
        let (lang, feats) = features::extract(doc, self.boosts());
        self.count(&feats);
        self.tick(doc.published.map(|t| t.timestamp()));
        let vec = self.vector(&feats);
        let sig = self.signature(doc);
        self.next_id = self.next_id.max(story.saturating_add(1));
        let story = self.resolve(story);
        self.join(
            doc,
            lang.code(),
            &vec,
            sig,
            story,
            duplicate_of.map(str::to_string),
        );
    }

    /// Sets the id the next new story takes (the store's next free one,
    /// when several groupers share a store and ids must not collide).
    pub fn set_next_id(&mut self, id: u64) {
        self.next_id = id.max(1);
    }

    /// The story an id stands for now: itself, or the story it was merged
    /// into (through any later merges).
    pub fn resolve(&self, mut story: u64) -> u64 {
        while let Some(&s) = self.merged_into.get(&story) {
            story = s;
        }
        story
    }

    /// Learns a merge made elsewhere (another grouper on the same store,
    /// as the store recorded it): the story `gone` becomes part of `into`.
    /// Either may be unknown here (quiet, or never seen): an unknown `into`
    /// takes over `gone`'s state under its id. Learning a merge twice
    /// changes nothing.
    pub fn merge_known(&mut self, into: u64, gone: u64) {
        self.next_id = self
            .next_id
            .max(into.saturating_add(1))
            .max(gone.saturating_add(1));
        let (into, gone) = (self.resolve(into), self.resolve(gone));
        if into == gone {
            return;
        }
        if let Some(mut state) = self.stories.remove(&gone) {
            if self.stories.contains_key(&into) {
                self.stories.insert(gone, state);
                self.merge_stories(into, gone);
            } else {
                state.story.id = into;
                for &slot in &state.dup_slots {
                    self.dups.set_story(slot, into);
                }
                for &key in &state.indexed {
                    self.postings.entry(key).or_default().push(into);
                    self.posting_entries += 1;
                }
                self.stories.insert(into, state);
            }
        }
        self.merged_into.insert(gone, into);
    }

    /// The id the next new story would take.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// An active story.
    pub fn story(&self, id: u64) -> Option<&Story> {
        self.stories.get(&id).map(|s| &s.story)
    }

    /// The active stories, in no particular order.
    pub fn stories(&self) -> impl Iterator<Item = &Story> {
        self.stories.values().map(|s| &s.story)
    }

    /// Drops the stories that went quiet and returns them: no report for
    /// [`GroupConfig::quiet_after_hours`] before the newest article seen
    /// (or, for articles without times, for [`GroupConfig::idle_articles`]).
    pub fn take_quiet(&mut self) -> Vec<Story> {
        let quiet = self.cfg.quiet_after_hours * 3600;
        let (newest, seq, idle) = (self.newest, self.seq, self.cfg.idle_articles);
        let gone: Vec<u64> = self
            .stories
            .iter()
            .filter(|(_, s)| {
                let stale = match (newest, s.story.last_seen) {
                    (Some(n), Some(l)) => n - l.timestamp() > quiet,
                    _ => false,
                };
                stale || seq - s.last_seq > idle
            })
            .map(|(&id, _)| id)
            .collect();
        let mut out = Vec::with_capacity(gone.len());
        for id in gone {
            if let Some(s) = self.stories.remove(&id) {
                for slot in &s.dup_slots {
                    self.dups.remove(*slot);
                }
                out.push(s.story);
            }
        }
        self.compact_postings();
        out
    }

    /// The number of active stories.
    pub fn active_stories(&self) -> usize {
        self.stories.len()
    }

    /// The join threshold for an article: a headline alone has a handful of
    /// features and meets a story's centroid at a lower cosine than a full
    /// article does, so short texts need less.
    fn threshold_for(&self, vec: &Vector) -> f32 {
        self.cfg.threshold * self.size(vec)
    }

    /// How full an article's vector is, from 0.25 (a headline) to 1 (30
    /// features or more).
    fn size(&self, vec: &Vector) -> f32 {
        (vec.terms.len() as f32 / FULL_TERMS).clamp(0.25, 1.0)
    }

    fn boosts(&self) -> Boosts {
        Boosts {
            title: self.cfg.title_boost,
            lead: self.cfg.lead_boost,
            entity: self.cfg.entity_boost,
            neutral: self.cfg.neutral_boost,
            bigram: self.cfg.bigram_boost,
        }
    }

    fn count(&mut self, feats: &[Feature]) {
        self.docs = self.docs.saturating_add(1);
        for f in feats {
            let c = self.df.entry(f.key).or_insert(0);
            *c = c.saturating_add(1);
        }
    }

    fn tick(&mut self, ts: Option<i64>) {
        if let Some(t) = ts {
            self.newest = Some(self.newest.map_or(t, |n| n.max(t)));
        }
        // Quiet stories leave the window now and then, not at every add.
        if self.seq & 511 == 0 {
            self.take_quiet();
        }
    }

    fn idf(&self, key: u64) -> f32 {
        let df = self.df.get(&key).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    fn vector(&self, feats: &[Feature]) -> Vector {
        let mut terms: Vec<(u64, Kind, f32)> = feats
            .iter()
            .filter(|f| f.tf >= 1.0 && f.boost > 0.0 && f.boost.is_finite())
            .map(|f| (f.key, f.kind, (1.0 + f.tf.ln()) * f.boost * self.idf(f.key)))
            .collect();
        terms.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        terms.truncate(self.cfg.doc_terms);
        let norm = terms.iter().map(|t| t.2 * t.2).sum::<f32>().sqrt();
        if norm > 0.0 {
            for t in &mut terms {
                t.2 /= norm;
            }
        }
        let neutral_norm = terms
            .iter()
            .filter(|t| t.1.neutral())
            .map(|t| t.2 * t.2)
            .sum::<f32>()
            .sqrt();
        let specific_norm = terms
            .iter()
            .filter(|t| t.1.specific())
            .map(|t| t.2 * t.2)
            .sum::<f32>()
            .sqrt();
        let number_norm = terms
            .iter()
            .filter(|t| t.1 == Kind::Number)
            .map(|t| t.2 * t.2)
            .sum::<f32>()
            .sqrt();
        Vector {
            terms,
            neutral_norm,
            specific_norm,
            number_norm,
        }
    }

    fn signature(&self, doc: &Doc) -> Option<(neardup::Signature, usize)> {
        let sh = features::shingles(&doc.text, self.cfg.shingle_size.max(1));
        (sh.len() >= self.cfg.min_shingles.max(1)).then(|| (neardup::signature(&sh), sh.len()))
    }

    /// The best active story for a vector and its score.
    fn best(
        &self,
        vec: &Vector,
        lang: &str,
        ts: Option<i64>,
        others: &mut Vec<u64>,
    ) -> Option<(u64, f32)> {
        let many = (self.docs as f32 * 0.05).max(50.0) as u32;
        let mut cands: FastMap<u64, f32> = FastMap::default();
        for &(key, _, w) in vec.terms.iter().take(self.cfg.probe_terms) {
            if self.df.get(&key).copied().unwrap_or(0) > many && self.docs > 400 {
                continue; // too common to point anywhere
            }
            if let Some(list) = self.postings.get(&key) {
                // Newest stories last: the recent end is where live ones are.
                for &s in list.iter().rev().take(400) {
                    *cands.entry(s).or_insert(0.0) += w;
                }
            }
        }
        let mut cands: Vec<(u64, f32)> = cands.into_iter().collect();
        cands.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(self.cfg.max_candidates);
        let quiet = self.cfg.quiet_after_hours * 3600;
        let mut best: Option<(u64, f32)> = None;
        for (id, _) in cands {
            let Some(s) = self.stories.get(&id) else {
                continue;
            };
            if s.norm <= 0.0 {
                continue;
            }
            // Time: how far the article lies outside the story's span.
            let mut factor = 1.0;
            if let (Some(t), Some(first), Some(last)) = (ts, s.story.first_seen, s.story.last_seen)
            {
                let gap = (first.timestamp() - t).max(t - last.timestamp()).max(0);
                if gap > quiet {
                    continue;
                }
                factor = 1.0 - 0.25 * (gap as f32 / quiet.max(1) as f32);
            }
            let (mut dot, mut ndot, mut sdot) = (0.0f32, 0.0f32, 0.0f32);
            let mut numdot = 0.0f32;
            for &(key, kind, w) in &vec.terms {
                if let Some(&(_, c)) = s.centroid.get(&key) {
                    dot += w * c;
                    if kind == Kind::Number {
                        numdot += w * c;
                    }
                    if kind.neutral() {
                        ndot += w * c;
                    }
                    if kind.specific() {
                        sdot += w * c;
                    }
                }
            }
            let mut score = dot / s.norm;
            // Both sides state figures: they count `figures` times over.
            if vec.number_norm > 0.0 && s.number_norm > 0.0 && self.cfg.figures != 1.0 {
                let k = 1.0 + (self.cfg.figures - 1.0) * self.size(vec);
                score = reweighted(dot, numdot, 1.0, vec.number_norm, s.norm, s.number_norm, k);
            }
            // Look-alike events share their words but not their names,
            // numbers and dates: when both sides have some, disagreement
            // costs up to `specific` of the score (less for a headline,
            // whose few names say less).
            if vec.specific_norm > 0.0 && s.specific_norm > 0.0 && self.cfg.specific > 0.0 {
                let spec = (sdot / (vec.specific_norm * s.specific_norm)).clamp(0.0, 1.0);
                let b = self.cfg.specific.min(1.0) * self.size(vec);
                score *= 1.0 - b * (1.0 - spec);
            }
            // Look-alike events differ most often in their figures (the
            // dead, the arrested, the amounts): numbers on both sides that
            // disagree cost up to `numbers` more.
            if vec.number_norm > 0.0 && s.number_norm > 0.0 && self.cfg.numbers > 0.0 {
                let agree = (numdot / (vec.number_norm * s.number_norm)).clamp(0.0, 1.0);
                score *= 1.0 - self.cfg.numbers.min(1.0) * self.size(vec) * (1.0 - agree);
            }
            if !s.story.languages.iter().any(|l| l == lang)
                && vec.neutral_norm > 0.0
                && s.neutral_norm > 0.0
            {
                let cross = ndot / (vec.neutral_norm * s.neutral_norm);
                score = score.max(self.cfg.cross_language * cross);
            }
            score *= factor;
            others.push(id);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((id, score));
            }
        }
        best
    }

    fn join(
        &mut self,
        doc: &Doc,
        lang: &str,
        vec: &Vector,
        sig: Option<(neardup::Signature, usize)>,
        story: u64,
        duplicate_of: Option<String>,
    ) {
        let seq = self.seq;
        let size = self.size(vec);
        let state = self.stories.entry(story).or_insert_with(|| StoryState {
            story: Story {
                id: story,
                title: String::new(),
                articles: Vec::new(),
                first_seen: None,
                last_seen: None,
                outlets: Vec::new(),
                languages: Vec::new(),
                events: Vec::new(),
            },
            centroid: FastMap::default(),
            norm: 0.0,
            neutral_norm: 0.0,
            specific_norm: 0.0,
            number_norm: 0.0,
            indexed: FastSet::default(),
            dup_slots: Vec::new(),
            last_seq: seq,
            n: 0,
            fullness_sum: 0.0,
        });
        state.last_seq = seq;
        let st = &mut state.story;
        if st.title.trim().is_empty() {
            st.title = doc.title.trim().to_string();
        }
        st.articles.push(doc.id.clone());
        if let Some(t) = doc.published {
            st.first_seen = Some(st.first_seen.map_or(t, |f| f.min(t)));
            st.last_seen = Some(st.last_seen.map_or(t, |l| l.max(t)));
        }
        if let Some(o) = doc
            .outlet
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            if !st.outlets.iter().any(|x| x == o) {
                st.outlets.push(o.to_string());
            }
        }
        if !st.languages.iter().any(|l| l == lang) {
            st.languages.push(lang.to_string());
        }
        merge_into(&mut st.events, &doc.id, &doc.events);

        // Copies add nothing new to the centroid but weight: skip them, so
        // one wire story on twenty sites does not drown the others.
        if duplicate_of.is_none() || state.centroid.is_empty() {
            for &(key, kind, w) in &vec.terms {
                state.centroid.entry(key).or_insert((kind, 0.0)).1 += w;
            }
            state.n += 1;
            state.fullness_sum += size;
            state.refresh(self.cfg.story_terms);
        }
        let mut new_keys = Vec::new();
        for &(key, _, _) in vec.terms.iter().take(self.cfg.probe_terms) {
            if state.indexed.insert(key) {
                new_keys.push(key);
            }
        }
        if let Some((sig, len)) = sig {
            let slot = self.dups.insert(neardup::Entry {
                id: doc.id.clone(),
                sig,
                len,
                story,
                root: duplicate_of,
            });
            state.dup_slots.push(slot);
        }
        for key in new_keys {
            self.postings.entry(key).or_default().push(story);
            self.posting_entries += 1;
        }
    }

    /// Merges the story an article just joined with the candidate story
    /// whose centroid now comes closest, when close enough: returns
    /// (the story kept, the story merged into it).
    fn try_merge(&mut self, story: u64, others: &[u64]) -> Option<(u64, u64)> {
        let s = self.stories.get(&story)?;
        if s.norm <= 0.0 {
            return None;
        }
        let mut best: Option<(u64, f32)> = None;
        for &o in others {
            if o == story {
                continue;
            }
            let Some(t) = self.stories.get(&o) else {
                continue;
            };
            if t.norm <= 0.0 {
                continue;
            }
            // Not across a long gap in time.
            if let (Some(a), Some(b)) = (s.story.first_seen, t.story.last_seen) {
                let (c, d) = (
                    t.story.first_seen.unwrap_or(b),
                    s.story.last_seen.unwrap_or(a),
                );
                let gap = (a.timestamp() - b.timestamp()).max(c.timestamp() - d.timestamp());
                if gap > self.cfg.quiet_after_hours * 3600 {
                    continue;
                }
            }
            let (small, large) = if s.centroid.len() < t.centroid.len() {
                (&s.centroid, &t.centroid)
            } else {
                (&t.centroid, &s.centroid)
            };
            let (mut dot, mut sdot, mut numdot) = (0.0f32, 0.0f32, 0.0f32);
            for (k, &(kind, w)) in small {
                if let Some(&(_, c)) = large.get(k) {
                    dot += w * c;
                    if kind == Kind::Number {
                        numdot += w * c;
                    }
                    if kind.specific() {
                        sdot += w * c;
                    }
                }
            }
            let mut cos = dot / (s.norm * t.norm);
            if s.specific_norm > 0.0 && t.specific_norm > 0.0 && self.cfg.specific > 0.0 {
                let spec = (sdot / (s.specific_norm * t.specific_norm)).clamp(0.0, 1.0);
                cos *= 1.0
                    - self.cfg.specific.min(1.0) * s.fullness().min(t.fullness()) * (1.0 - spec);
            }
            if s.number_norm > 0.0 && t.number_norm > 0.0 && self.cfg.numbers > 0.0 {
                let agree = (numdot / (s.number_norm * t.number_norm)).clamp(0.0, 1.0);
                cos *= 1.0
                    - self.cfg.numbers.min(1.0) * s.fullness().min(t.fullness()) * (1.0 - agree);
            }
            // Scaled by fullness a little more steeply than `threshold`:
            // headline fragments merge at about 0.14, full articles at 0.6.
            let want = self.cfg.merge * s.fullness().max(t.fullness()).powf(1.2);
            if cos >= want && best.is_none_or(|(_, b)| cos > b) {
                best = Some((o, cos));
            }
        }
        let (other, _) = best?;
        // The larger story keeps its id.
        let (keep, gone) = if self.stories[&other].story.articles.len() > s.story.articles.len() {
            (other, story)
        } else {
            (story, other)
        };
        self.merge_stories(keep, gone);
        self.merged_into.insert(gone, keep);
        Some((keep, gone))
    }

    fn merge_stories(&mut self, keep: u64, gone: u64) {
        let Some(g) = self.stories.remove(&gone) else {
            return;
        };
        for &slot in &g.dup_slots {
            self.dups.set_story(slot, keep);
        }
        let Some(k) = self.stories.get_mut(&keep) else {
            return;
        };
        let st = &mut k.story;
        st.articles.extend(g.story.articles);
        st.first_seen = match (st.first_seen, g.story.first_seen) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        st.last_seen = match (st.last_seen, g.story.last_seen) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for o in g.story.outlets {
            if !st.outlets.contains(&o) {
                st.outlets.push(o);
            }
        }
        for l in g.story.languages {
            if !st.languages.contains(&l) {
                st.languages.push(l);
            }
        }
        for ev in g.story.events {
            merge_story_event(&mut st.events, ev);
        }
        for (key, (kind, w)) in g.centroid {
            k.centroid.entry(key).or_insert((kind, 0.0)).1 += w;
        }
        k.n += g.n;
        k.fullness_sum += g.fullness_sum;
        k.refresh(self.cfg.story_terms);
        k.dup_slots.extend(g.dup_slots);
        k.last_seq = k.last_seq.max(g.last_seq);
        let mut new_keys = Vec::new();
        for key in g.indexed {
            if k.indexed.insert(key) {
                new_keys.push(key);
            }
        }
        for key in new_keys {
            self.postings.entry(key).or_default().push(keep);
            self.posting_entries += 1;
        }
    }

    /// Rebuilds the postings when dropped stories fill most of them.
    fn compact_postings(&mut self) {
        let live: usize = self.stories.values().map(|s| s.indexed.len()).sum();
        if self.posting_entries < 4096 || self.posting_entries < live * 2 {
            return;
        }
        let stories = &self.stories;
        self.postings.retain(|_, v| {
            v.retain(|s| stories.contains_key(s));
            !v.is_empty()
        });
        self.posting_entries = live;
    }
}
