//! The project's cue words (`data/cues.txt`) and given names
//! (`data/given-names.txt`), embedded at compile time.

use crate::gazetteer::key_of;
use std::sync::OnceLock;
use warta_lang::fxhash::{FastMap as HashMap, FastSet as HashSet};

const CUES: &str = include_str!("../data/cues.txt");
const GIVEN_NAMES: &str = include_str!("../data/given-names.txt");

/// What a cue word says about the name next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    OrgHead,
    OrgSuffix,
    LocHead,
    LocHeadOutside,
    LocBefore,
    PerBefore,
    PerAfter,
    NonEntity,
    Portfolio,
    EventHead,
    RegionalTitle,
    LocSuffix,
}

pub struct Cues {
    sets: HashMap<Cue, HashSet<String>>,
    /// Longest cue in tokens, per kind.
    max_len: HashMap<Cue, usize>,
    given: HashSet<String>,
}

impl Cues {
    pub fn get() -> &'static Cues {
        static C: OnceLock<Cues> = OnceLock::new();
        C.get_or_init(Cues::build)
    }

    fn build() -> Cues {
        let mut sets: HashMap<Cue, HashSet<String>> = HashMap::default();
        let mut max_len: HashMap<Cue, usize> = HashMap::default();
        let mut section = None;
        for line in CUES.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match name {
                    "org_head" => Some(Cue::OrgHead),
                    "org_suffix" => Some(Cue::OrgSuffix),
                    "loc_head" => Some(Cue::LocHead),
                    "loc_head_outside" => Some(Cue::LocHeadOutside),
                    "loc_before" => Some(Cue::LocBefore),
                    "per_before" => Some(Cue::PerBefore),
                    "per_after" => Some(Cue::PerAfter),
                    "nonentity" => Some(Cue::NonEntity),
                    "portfolio" => Some(Cue::Portfolio),
                    "event_head" => Some(Cue::EventHead),
                    "regional_title" => Some(Cue::RegionalTitle),
                    "loc_suffix" => Some(Cue::LocSuffix),
                    _ => None,
                };
                continue;
            }
            let Some(cue) = section else { continue };
            let tokens = crate::gazetteer::surface_tokens(line);
            let n = max_len.entry(cue).or_insert(0);
            *n = (*n).max(tokens.len());
            sets.entry(cue)
                .or_default()
                .insert(key_of(tokens.iter().copied()));
        }
        let given = GIVEN_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(|w| key_of([w]))
            .collect();
        Cues {
            sets,
            max_len,
            given,
        }
    }

    /// True when the normalised `key` is a cue of this kind.
    pub fn is(&self, cue: Cue, key: &str) -> bool {
        self.sets.get(&cue).is_some_and(|s| s.contains(key))
    }

    /// The length in tokens of the longest cue of this kind starting at
    /// `norms[0]`, 0 when none does.
    pub fn prefix_len(&self, cue: Cue, norms: &[&str]) -> usize {
        let max = self
            .max_len
            .get(&cue)
            .copied()
            .unwrap_or(0)
            .min(norms.len());
        (1..=max)
            .rev()
            .find(|&n| self.is(cue, &norms[..n].join(" ")))
            .unwrap_or(0)
    }

    /// The length of the longest cue of this kind ending at the end of `norms`.
    pub fn suffix_len(&self, cue: Cue, norms: &[&str]) -> usize {
        let max = self
            .max_len
            .get(&cue)
            .copied()
            .unwrap_or(0)
            .min(norms.len());
        (1..=max)
            .rev()
            .find(|&n| self.is(cue, &norms[norms.len() - n..].join(" ")))
            .unwrap_or(0)
    }

    pub fn is_given_name(&self, norm: &str) -> bool {
        self.given.contains(norm)
    }
}
