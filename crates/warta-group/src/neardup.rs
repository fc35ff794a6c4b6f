//! Near-duplicates by MinHash over word shingles of the clean body, with
//! banded locality-sensitive hashing so that a new copy is compared only
//! with the few earlier bodies that share a band.

use warta_lang::fxhash::{FastMap, FastSet};

/// Hash functions per signature.
pub(crate) const PERMS: usize = 64;
/// Rows per band: two rows over 32 bands find pairs down to a Jaccard
/// of about 0.3 almost surely; candidates are then checked on the full
/// signature.
const ROWS: usize = 2;

pub(crate) type Signature = [u32; PERMS];

fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(crate) fn signature(shingles: &[u64]) -> Signature {
    let mut sig = [u32::MAX; PERMS];
    for &s in shingles {
        let base = mix(s);
        for (i, slot) in sig.iter_mut().enumerate() {
            // Two 32-bit halves of one 64-bit mix give two hash functions.
            let h = mix(base ^ (i as u64 / 2).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let v = if i % 2 == 0 {
                h as u32
            } else {
                (h >> 32) as u32
            };
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

pub(crate) fn similarity(a: &Signature, b: &Signature) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / PERMS as f32
}

/// Estimated containment of the smaller shingle set in the larger, from
/// the Jaccard estimate and the set sizes: a copy cut short or with a
/// credit line added keeps a high containment while its Jaccard drops.
pub(crate) fn containment(j: f32, a: usize, b: usize) -> f32 {
    let small = a.min(b).max(1) as f32;
    let inter = j / (1.0 + j) * (a + b) as f32;
    (inter / small).min(1.0)
}

/// Below this Jaccard estimate nothing is a copy, however contained: a
/// brief inside a long feature shares its facts, not its text.
const MIN_JACCARD: f32 = 0.4;

fn band_keys(sig: &Signature) -> impl Iterator<Item = u64> + '_ {
    sig.chunks(ROWS).enumerate().map(|(b, rows)| {
        let mut k = (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for &r in rows {
            k = mix(k ^ u64::from(r));
        }
        k
    })
}

/// A body already seen.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: String,
    pub sig: Signature,
    /// How many distinct shingles the body has.
    pub len: usize,
    pub story: u64,
    /// The earliest copy this one duplicates, if any.
    pub root: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    entries: FastMap<u32, Entry>,
    bands: FastMap<u64, Vec<u32>>,
    next: u32,
    stale: usize,
}

impl Index {
    /// The best earlier copy at or above `threshold`: (its root id, story).
    pub fn find(&self, sig: &Signature, len: usize, threshold: f32) -> Option<(String, u64)> {
        let mut best: Option<(f32, u32)> = None;
        let mut seen: FastSet<u32> = FastSet::default();
        for k in band_keys(sig) {
            let Some(slots) = self.bands.get(&k) else {
                continue;
            };
            for &s in slots.iter().rev().take(64) {
                if !seen.insert(s) {
                    continue;
                }
                let Some(e) = self.entries.get(&s) else {
                    continue;
                };
                let j = similarity(sig, &e.sig);
                if j < MIN_JACCARD {
                    continue;
                }
                let j = containment(j, len, e.len);
                if j >= threshold && best.is_none_or(|(b, bs)| j > b || (j == b && s < bs)) {
                    best = Some((j, s));
                }
            }
        }
        best.map(|(_, s)| {
            let e = &self.entries[&s];
            (e.root.clone().unwrap_or_else(|| e.id.clone()), e.story)
        })
    }

    pub fn insert(&mut self, entry: Entry) -> u32 {
        let slot = self.next;
        self.next = self.next.wrapping_add(1);
        for k in band_keys(&entry.sig) {
            self.bands.entry(k).or_default().push(slot);
        }
        self.entries.insert(slot, entry);
        slot
    }

    /// Moves an entry to another story (its story merged into that one).
    pub fn set_story(&mut self, slot: u32, story: u64) {
        if let Some(e) = self.entries.get_mut(&slot) {
            e.story = story;
        }
    }

    pub fn remove(&mut self, slot: u32) {
        if self.entries.remove(&slot).is_some() {
            self.stale += 1;
        }
        // Band lists keep dead slots until they outnumber the live ones.
        if self.stale > 1024 && self.stale > self.entries.len() {
            let live = &self.entries;
            self.bands.retain(|_, v| {
                v.retain(|s| live.contains_key(s));
                !v.is_empty()
            });
            self.stale = 0;
        }
    }
}
