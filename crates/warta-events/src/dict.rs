//! Event dictionaries: the CAMEO codebook table and the verb lists, built
//! in from `data/`, plus any the user loads (warta's own TSV format or
//! PETRARCH's, see [`crate::petrarch`]).

use std::sync::OnceLock;
use warta_lang::fxhash::FastMap as HashMap;
use warta_lang::Lang;

const CODES: &str = include_str!("../data/cameo-codes.tsv");
const VERBS_ID: &str = include_str!("../data/verbs-id.tsv");
const VERBS_EN: &str = include_str!("../data/verbs-en.tsv");

/// A problem in a dictionary file, with where it is.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("{file}:{line}: {what}")]
    Bad {
        file: String,
        line: usize,
        what: String,
    },
}

/// What a verb can mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Sense {
    pub code: String,
    /// At least one of these words must follow within a few words.
    pub object: Vec<String>,
    /// Both directions between a compound subject, or subject and "dengan X".
    pub mutual: bool,
    /// A reporting verb: its complement may hold another actor's act.
    pub speech: bool,
    /// "berencana", "plans": the next verb's act becomes an intent.
    pub intent: bool,
    /// Matched in passive voice (di-/ter- forms, or "was ... by").
    pub passive: bool,
    /// Given as a past participle (English): passive only after "be".
    pub participle: bool,
    /// A PETRARCH pattern: the words that must stand around the verb.
    pub pattern: Option<Box<Pattern>>,
    /// From a user's PETRARCH dictionary: the code is taken as written
    /// (no intent or threat code for "will ...", no visit or meeting given
    /// back unless `back` says so), as PETRARCH does.
    pub literal: bool,
    /// PETRARCH's `032:033`: the target's act back to the source.
    pub back: Option<String>,
    /// "received aid from B", "menerima bantuan dari B": the actor after
    /// "from"/"dari" gives, the subject receives.
    pub given: bool,
}

/// A PETRARCH verb pattern (`- UNEXPECTEDLY &NEG * OVER EFFORTS [906]`):
/// slots of words before and after the verb.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pattern {
    /// Slots before the verb, in sentence order.
    pub before: Vec<Slot>,
    /// The verb stands right after the last slot before it (`IN_*`).
    pub before_adjacent: bool,
    /// Slots after the verb, in sentence order.
    pub after: Vec<Slot>,
    /// `+` after the verb: the target is the first actor after this many
    /// slots.
    pub target_after: Option<usize>,
    /// `$` after the verb: the source is the first actor after this many
    /// slots.
    pub source_after: Option<usize>,
    /// `+` before the verb: the actor before it is the target.
    pub target_before: bool,
    /// `%` before the verb: only for a compound subject ("A and B"), and
    /// then each does it to the other.
    pub compound: bool,
}

/// One place of a pattern: any of its word runs (a word, or the members
/// of a synset with their plurals).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub alts: Vec<Vec<String>>,
    /// Right next to the slot before it (`NEW_&TIETYPES_RELATIONS`); the
    /// first slot after the verb, right after it (`*_OUT`).
    pub adjacent: bool,
}

impl Pattern {
    /// Where the pattern matches around the verb at `[a, b)` in `norms`:
    /// the start of what it covers before the verb, and the token
    /// positions where its target and source are looked for.
    pub fn matches(&self, norms: &[&str], a: usize, b: usize) -> Option<PatternMatch> {
        let mut ends = vec![0usize; self.after.len() + 1];
        ends[0] = b;
        if !match_after(&self.after, norms, b, &mut ends[1..]) {
            return None;
        }
        let start = match_before(&self.before, norms, a, self.before_adjacent)?;
        Some(PatternMatch {
            start,
            target_from: self.target_after.map(|n| ends[n]),
            source_from: self.source_after.map(|n| ends[n]),
        })
    }
}

/// What a pattern match tells the coder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatternMatch {
    /// First token the pattern covers (the verb's own start if it has no
    /// words before it).
    pub start: usize,
    pub target_from: Option<usize>,
    pub source_from: Option<usize>,
}

/// How many words a space in a pattern may skip.
const PATTERN_GAP: usize = 8;

fn run_at(norms: &[&str], at: usize, run: &[String]) -> bool {
    at + run.len() <= norms.len() && run.iter().zip(&norms[at..]).all(|(w, n)| w == n)
}

/// Matches `slots` from `pos` on; `ends[i]` gets the end of slot `i`.
fn match_after(slots: &[Slot], norms: &[&str], pos: usize, ends: &mut [usize]) -> bool {
    let Some((slot, rest)) = slots.split_first() else {
        return true;
    };
    let last = if slot.adjacent {
        pos
    } else {
        (pos + PATTERN_GAP).min(norms.len())
    };
    for at in pos..=last {
        for run in &slot.alts {
            if run_at(norms, at, run) {
                ends[0] = at + run.len();
                if match_after(rest, norms, at + run.len(), &mut ends[1..]) {
                    return true;
                }
            }
        }
    }
    false
}

/// Matches `slots` so that the last ends at or before `end` (right at it
/// when `adjacent`); the start of the first.
fn match_before(slots: &[Slot], norms: &[&str], end: usize, adjacent: bool) -> Option<usize> {
    let Some((slot, rest)) = slots.split_last() else {
        return Some(end);
    };
    let lowest = if adjacent {
        end
    } else {
        end.saturating_sub(PATTERN_GAP)
    };
    for stop in (lowest..=end).rev() {
        for run in &slot.alts {
            if run.len() <= stop && run_at(norms, stop - run.len(), run) {
                if let Some(s) = match_before(rest, norms, stop - run.len(), slot.adjacent) {
                    return Some(s);
                }
            }
        }
    }
    None
}

/// Codebook facts of one CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeInfo {
    pub quad_class: u8,
    pub goldstein: f32,
}

/// All verbs of one language, keyed by normalised surface form (tokens
/// joined by spaces, lower case).
#[derive(Debug, Default, Clone)]
pub struct VerbTable {
    pub forms: HashMap<String, Vec<Sense>>,
    /// Longest form in tokens, per first token.
    pub first: HashMap<String, usize>,
}

impl VerbTable {
    fn add(&mut self, form: &str, sense: Sense) {
        let tokens: Vec<String> = form.split_whitespace().map(|t| t.to_lowercase()).collect();
        if tokens.is_empty() {
            return;
        }
        let n = self.first.entry(tokens[0].clone()).or_insert(0);
        *n = (*n).max(tokens.len());
        let list = self.forms.entry(tokens.join(" ")).or_default();
        if !list.contains(&sense) {
            // Senses with a pattern or an object condition are tried first.
            list.push(sense);
            list.sort_by_key(|s| s.object.is_empty() && s.pattern.is_none());
        }
    }
}

/// Actor phrases a user dictionary adds ("ARNOR" → ARN), matched on the
/// normalised token sequence.
#[derive(Debug, Default, Clone)]
pub struct ActorTable {
    pub phrases: HashMap<String, String>,
    pub first: HashMap<String, usize>,
    /// Codes that hold only between two dates (`YYYYMMDD`, both
    /// included), in the dictionary's order: the first that holds on a
    /// story's date wins over the phrase's code in `phrases`.
    pub dated: HashMap<String, Vec<(u32, u32, String)>>,
}

impl ActorTable {
    /// The longest phrase at the start of `norms` (lower-case tokens): its
    /// length in tokens and its code.
    pub fn longest_at(&self, norms: &[&str]) -> Option<(usize, &String)> {
        let max = self.first.get(*norms.first()?).copied()?;
        (1..=max.min(norms.len()))
            .rev()
            .find_map(|k| self.phrases.get(&norms[..k].join(" ")).map(|c| (k, c)))
    }

    /// Like [`ActorTable::longest_at`], with the code in force on `date`
    /// (`YYYYMMDD`) where the phrase has dated codes.
    pub fn longest_on(&self, norms: &[&str], date: Option<u32>) -> Option<(usize, String)> {
        let (k, code) = self.longest_at(norms)?;
        let dated = date.and_then(|d| {
            self.dated
                .get(&norms[..k].join(" "))?
                .iter()
                .find(|(from, to, _)| *from <= d && d <= *to)
                .map(|(_, _, c)| c.clone())
        });
        Some((k, dated.unwrap_or_else(|| code.clone())))
    }

    /// Adds a code that holds only from `from` to `to` (`YYYYMMDD`, both
    /// included) for a phrase added with [`ActorTable::add`].
    pub fn add_dated(&mut self, phrase: &str, from: u32, to: u32, code: &str) {
        let key = phrase
            .split(|c: char| c.is_whitespace() || c == '_')
            .filter(|t| !t.is_empty())
            .map(|t| t.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        if key.is_empty() || code.is_empty() {
            return;
        }
        self.dated
            .entry(key)
            .or_default()
            .push((from, to, code.to_string()));
    }

    pub fn add(&mut self, phrase: &str, code: &str) {
        let tokens: Vec<String> = phrase
            .split(|c: char| c.is_whitespace() || c == '_')
            .filter(|t| !t.is_empty())
            .map(|t| t.to_lowercase())
            .collect();
        if tokens.is_empty() || code.is_empty() {
            return;
        }
        let n = self.first.entry(tokens[0].clone()).or_insert(0);
        *n = (*n).max(tokens.len());
        self.phrases
            .entry(tokens.join(" "))
            .or_insert_with(|| code.to_string());
    }
}

/// Everything the coder looks words up in.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub codes: HashMap<String, CodeInfo>,
    pub verbs_id: VerbTable,
    pub verbs_en: VerbTable,
    /// Actors and agents from user dictionaries; the gazetteer serves the rest.
    pub actors: ActorTable,
    pub agents: ActorTable,
    /// Agents whose role goes before the actor's code (PETRARCH `[NGO~]`).
    pub agents_before: ActorTable,
    /// Words that stop a phrase from being an actor (PETRARCH discards).
    pub discards: Vec<String>,
}

fn flag_set(flags: &str) -> (bool, bool, bool, bool) {
    let has = |f: &str| flags.split('|').any(|x| x.trim() == f);
    (has("mutual"), has("speech"), has("intent"), has("given"))
}

fn data_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    let mut header_seen = false;
    text.lines()
        .enumerate()
        .filter(move |(_, l)| {
            if l.starts_with('#') || l.trim().is_empty() {
                return false;
            }
            if !header_seen {
                header_seen = true;
                return false;
            }
            true
        })
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn list(field: Option<&&str>) -> Vec<String> {
    field
        .copied()
        .unwrap_or("")
        .split('|')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Dictionary {
    /// The built-in dictionaries.
    pub fn builtin() -> &'static Dictionary {
        static D: OnceLock<Dictionary> = OnceLock::new();
        D.get_or_init(|| {
            let mut d = Dictionary::default();
            d.load_codes(CODES, "cameo-codes.tsv")
                .expect("built-in codebook");
            d.load_verbs_id(VERBS_ID, "verbs-id.tsv")
                .expect("built-in Indonesian verbs");
            d.load_verbs_en(VERBS_EN, "verbs-en.tsv")
                .expect("built-in English verbs");
            d
        })
    }

    pub fn verbs(&self, lang: Lang) -> &VerbTable {
        match lang {
            Lang::En => &self.verbs_en,
            _ => &self.verbs_id,
        }
    }

    /// Quad class and Goldstein weight of a code, from the code itself or
    /// its nearest parent in the table.
    pub fn code_info(&self, code: &str) -> CodeInfo {
        let mut c = code;
        while !c.is_empty() {
            if let Some(info) = self.codes.get(c) {
                return *info;
            }
            c = &c[..c.len() - 1];
        }
        let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(1);
        CodeInfo {
            quad_class: match root {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            },
            goldstein: 0.0,
        }
    }

    /// Reads `code<TAB>quad_class<TAB>goldstein<TAB>name` rows.
    pub fn load_codes(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        for (line, r) in data_rows(text) {
            let bad = |what: &str| DictError::Bad {
                file: file.to_string(),
                line,
                what: what.to_string(),
            };
            let code = r.first().copied().unwrap_or("").trim();
            let quad = r
                .get(1)
                .and_then(|q| q.trim().parse::<u8>().ok())
                .ok_or_else(|| bad("quad_class is not a number 1-4"))?;
            let goldstein = r
                .get(2)
                .and_then(|g| g.trim().parse::<f32>().ok())
                .ok_or_else(|| bad("goldstein is not a number"))?;
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("code is not a CAMEO code"));
            }
            self.codes.insert(
                code.to_string(),
                CodeInfo {
                    quad_class: quad,
                    goldstein,
                },
            );
        }
        Ok(())
    }

    /// Reads Indonesian rows: `root active passive code object flags note`.
    pub fn load_verbs_id(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        for (line, r) in data_rows(text) {
            let code = r.get(3).copied().unwrap_or("").trim();
            check_code(code, file, line)?;
            let (mutual, speech, intent, given) = flag_set(r.get(5).copied().unwrap_or(""));
            let object = list(r.get(4));
            let sense = |passive| Sense {
                code: code.to_string(),
                object: object.clone(),
                mutual,
                speech,
                intent,
                passive,
                participle: false,
                pattern: None,
                literal: false,
                back: None,
                given,
            };
            for form in list(r.get(1)) {
                self.verbs_id.add(&form, sense(false));
            }
            for form in list(r.get(2)) {
                self.verbs_id.add(&form, sense(true));
            }
        }
        Ok(())
    }

    /// Reads English rows: `lemma forms code object flags note`; regular
    /// inflections are derived.
    pub fn load_verbs_en(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        for (line, r) in data_rows(text) {
            let lemma = r.first().copied().unwrap_or("").trim().to_lowercase();
            let code = r.get(2).copied().unwrap_or("").trim();
            check_code(code, file, line)?;
            if lemma.is_empty() {
                continue;
            }
            let (mutual, speech, intent, given) = flag_set(r.get(4).copied().unwrap_or(""));
            self.add_english(
                &lemma,
                &list(r.get(1)),
                Sense {
                    code: code.to_string(),
                    object: list(r.get(3)),
                    mutual,
                    speech,
                    intent,
                    passive: false,
                    participle: false,
                    pattern: None,
                    literal: false,
                    back: None,
                    given,
                },
            );
        }
        Ok(())
    }

    /// Adds an English verb under every inflection of its first word.
    pub fn add_english(&mut self, lemma: &str, irregular: &[String], sense: Sense) {
        let mut words = lemma.splitn(2, ' ');
        let head = words.next().unwrap_or("");
        let rest = words.next().map(|r| format!(" {r}")).unwrap_or_default();
        let (present, past, ing) = inflect(head);
        for form in [head.to_string(), present, ing] {
            self.verbs_en.add(&format!("{form}{rest}"), sense.clone());
        }
        let mut pasts = vec![past];
        for form in irregular {
            // "meeting" is a present participle: never passive.
            if form.ends_with("ing") {
                self.verbs_en.add(&format!("{form}{rest}"), sense.clone());
            } else {
                pasts.push(form.clone());
            }
        }
        for form in pasts {
            let participle = Sense {
                participle: true,
                ..sense.clone()
            };
            self.verbs_en.add(&format!("{form}{rest}"), participle);
        }
    }
}

fn check_code(code: &str, file: &str, line: usize) -> Result<(), DictError> {
    let ok = (2..=4).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_digit())
        && code[..2].parse::<u8>().is_ok_and(|r| (1..=20).contains(&r));
    if ok {
        Ok(())
    } else {
        Err(DictError::Bad {
            file: file.to_string(),
            line,
            what: format!("{code:?} is not a CAMEO event code"),
        })
    }
}

/// Regular English inflections: (3rd person, past, -ing).
pub fn inflect(verb: &str) -> (String, String, String) {
    let v = verb;
    let last = v.chars().last().unwrap_or(' ');
    let before = v.chars().rev().nth(1).unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    let present = if v.ends_with('s')
        || v.ends_with('x')
        || v.ends_with('z')
        || v.ends_with("ch")
        || v.ends_with("sh")
    {
        format!("{v}es")
    } else if last == 'y' && !vowel(before) {
        format!("{}ies", &v[..v.len() - 1])
    } else {
        format!("{v}s")
    };
    // Doubling for short consonant-vowel-consonant verbs: stop, ban, plan.
    let short_cvc = v.chars().count() <= 4
        && !vowel(last)
        && !"wxy".contains(last)
        && vowel(before)
        && v.chars().rev().nth(2).is_some_and(|c| !vowel(c));
    let past = if last == 'e' {
        format!("{v}d")
    } else if last == 'y' && !vowel(before) {
        format!("{}ied", &v[..v.len() - 1])
    } else if short_cvc {
        format!("{v}{last}ed")
    } else {
        format!("{v}ed")
    };
    let ing = if last == 'e' && !v.ends_with("ee") && v.len() > 2 {
        format!("{}ing", &v[..v.len() - 1])
    } else if short_cvc {
        format!("{v}{last}ing")
    } else {
        format!("{v}ing")
    };
    (present, past, ing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects() {
        assert_eq!(
            inflect("ban"),
            ("bans".into(), "banned".into(), "banning".into())
        );
        assert_eq!(
            inflect("accuse"),
            ("accuses".into(), "accused".into(), "accusing".into())
        );
        assert_eq!(
            inflect("deny"),
            ("denies".into(), "denied".into(), "denying".into())
        );
        assert_eq!(
            inflect("attack"),
            ("attacks".into(), "attacked".into(), "attacking".into())
        );
    }

    #[test]
    fn builtin_loads() {
        let d = Dictionary::builtin();
        assert!(d.codes.len() > 250);
        assert_eq!(d.code_info("190").quad_class, 4);
        assert!(!d.verbs_id.forms.is_empty());
        assert!(!d.verbs_en.forms.is_empty());
    }

    #[test]
    fn bad_rows_are_named() {
        let mut d = Dictionary::default();
        let err = d
            .load_verbs_id(
                "root\tactive\tpassive\tcode\nserang\tmenyerang\t\t999\n",
                "x.tsv",
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.tsv:2: \"999\" is not a CAMEO event code"
        );
    }
}
