//! Coding one sentence: actor mentions, verbs, and who is subject and
//! object of each verb, read from word order alone.

use crate::dict::{Dictionary, PatternMatch, Sense, VerbTable};
use crate::{Carry, CodeOptions, Event, SentenceInput};
use std::collections::HashSet;
use std::sync::OnceLock;
use warta_entities::gazetteer::{Gazetteer, Title};
use warta_entities::EntityKind;
use warta_lang::fxhash::FastSet;
use warta_lang::Lang;

struct Tok<'a> {
    text: &'a str,
    norm: String,
    /// Character offsets in the whole text.
    start: usize,
    end: usize,
}

#[derive(Debug, Clone)]
struct Mention {
    a: usize,
    b: usize,
    /// None: a person or body with no known code, or a pronoun.
    code: Option<String>,
    pronoun: bool,
    /// A place after "di"/"ke"/"in"/"to": a target at most, never a subject.
    locative: bool,
}

#[derive(Debug, Clone)]
struct Group {
    a: usize,
    b: usize,
    codes: Vec<String>,
    pronoun: bool,
    /// Some member has no code: the group is someone, but not codable.
    unknown: bool,
    locative: bool,
}

#[derive(Debug, Clone)]
struct Verb {
    a: usize,
    b: usize,
    sense: Sense,
    passive: bool,
    negated: bool,
    intent: bool,
    /// "saling menyerang": each does it to the other; no separate object.
    reciprocal: bool,
    /// "untuk bertemu": the purpose of another act.
    purpose: bool,
    /// A form warta's own English table reads as a reporting verb
    /// ("said"), whatever code a user's dictionary gives it.
    reporting: bool,
    /// Where the sense's PETRARCH pattern matched.
    pattern: Option<PatternMatch>,
    /// The intent is a pledge or a vow ("pledged to expel"), not a plan.
    promised: bool,
}

fn is_any(norm: &str, words: &[&str]) -> bool {
    words.contains(&norm)
}

const NEGATION: &[&str] = &[
    "tidak", "tak", "bukan", "belum", "batal", "enggan", "gagal", "not", "never", "n't", "no",
    "didn't", "won't", "refused", "failed",
];
/// A word of negation: the list, and English contractions ("isn't",
/// "doesn't", "can't") and "cannot".
fn negation(norm: &str) -> bool {
    is_any(norm, NEGATION) || norm.ends_with("n't") || norm == "cannot"
}
const INTENT: &[&str] = &[
    "akan",
    "berencana",
    "siap",
    "bersedia",
    "berjanji",
    "berkomitmen",
    "hendak",
    "ingin",
    "bertekad",
    "berniat",
    "will",
    "plans",
    "plan",
    "planned",
    "intends",
    "intend",
    "intended",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "ready",
    "'ll",
];
/// English accidents: "killed by the X crash" has no agent.
const ACCIDENT: &[&str] = &[
    "crash",
    "accident",
    "collapse",
    "derailment",
    "sinking",
    "disaster",
    "earthquake",
    "flood",
    "flooding",
    "storm",
    "blaze",
];
/// Words that end a clause for the subject and object search.
const BOUNDARY: &[&str] = &[
    "bahwa",
    "setelah",
    "sebelum",
    "ketika",
    "saat",
    "sementara",
    "karena",
    "sehingga",
    "agar",
    "supaya",
    "meskipun",
    "walaupun",
    "jika",
    "apabila",
    "usai",
    "seusai",
    "sejak",
    "namun",
    "tetapi",
    "that",
    "after",
    "before",
    "when",
    "while",
    "because",
    "although",
    "though",
    "if",
    "since",
    "whereas",
    "until",
    "but",
    ";",
    ":",
    "“",
    "”",
    "\"",
    "menurut",
    "according",
];
const COORDINATOR: &[&str] = &[
    "dan", "serta", "lalu", "kemudian", "and", "then", ",", "&", "nor",
];
const PRONOUNS: &[&str] = &[
    "ia", "dia", "mereka", "keduanya", "beliau", "pihaknya", "he", "she", "they",
];
/// Auxiliaries that make an English past participle passive.
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
];
/// Words that may stand right before an agent noun used as an actor.
const AGENT_LEAD: &[&str] = &[
    "di",
    "ke",
    "dari",
    "kepada",
    "terhadap",
    "oleh",
    "dengan",
    "para",
    "pihak",
    "sejumlah",
    "ratusan",
    "ribuan",
    "puluhan",
    "belasan",
    "seorang",
    "sekelompok",
    "kelompok",
    "dua",
    "tiga",
    "empat",
    "lima",
    "dan",
    "serta",
    "bagi",
    "untuk",
    "antara",
    "yang",
    "bahwa",
    "kaum",
    "seluruh",
    "semua",
    "banyak",
    "beberapa",
    "atas",
    "sebagai",
    "tentang",
    "mengenai",
    "itu",
    "ini",
    "juga",
];
const LOCATIVE: &[&str] = &[
    "di", "ke", "dari", "menuju", "in", "at", "near", "to", "from",
];

/// Names of countries and capitals: the places that can act.
fn acting_places() -> &'static FastSet<String> {
    static P: OnceLock<FastSet<String>> = OnceLock::new();
    P.get_or_init(|| {
        Gazetteer::get()
            .entries
            .iter()
            .filter(|e| e.is_country || e.is_capital)
            .map(|e| e.canonical.clone())
            .collect()
    })
}

/// Turns an act into the intent to do it: CAMEO 03 for cooperation, 13
/// (threats) for conflict.
pub fn intent_code(code: &str) -> String {
    let specific = match code {
        "071" => Some("0331"),
        "072" => Some("0332"),
        "073" => Some("0333"),
        "074" => Some("0334"),
        "0841" => Some("0353"),
        "085" => Some("0354"),
        "086" | "0861" | "0862" | "0863" => Some("0355"),
        "087" | "0871" | "0872" | "0873" | "0874" => Some("0356"),
        "161" => Some("1313"),
        "162" | "1621" | "1622" | "1623" => Some("1311"),
        "163" => Some("1312"),
        "061" => Some("0311"),
        "062" => Some("0312"),
        _ => None,
    };
    if let Some(c) = specific {
        return c.to_string();
    }
    let root = code.get(..2).unwrap_or("");
    match root {
        "01" | "02" | "03" | "10" | "11" | "12" | "13" => code.to_string(),
        // A dictionary's own codes outside CAMEO stay as they are.
        _ if !root.parse::<u8>().is_ok_and(|r| (1..=20).contains(&r)) => code.to_string(),
        "04" => "036".into(),
        "05" => "032".into(),
        "06" => "031".into(),
        "07" => "033".into(),
        "08" => "035".into(),
        "09" => "030".into(),
        "14" => "133".into(),
        // An announced mobilisation is still a show of force.
        "15" => code.to_string(),
        "16" => "131".into(),
        "17" => "137".into(),
        _ => "138".into(),
    }
}

/// The rejection (CAMEO 12) of a cooperative act one refuses to do:
/// refusing to yield 124, to give aid 122, to cooperate 121, to meet 125,
/// to sign 127; other verbal acts 120.
pub fn refusal_code(code: &str) -> Option<String> {
    let specific = match code {
        "081" => "1241",
        "0841" | "0842" | "084" => "1243",
        "086" | "0861" | "0862" | "0863" => "1245",
        "087" | "0871" | "0872" | "0873" | "0874" => "1246",
        "071" => "1221",
        "072" => "1222",
        "073" => "1223",
        "074" => "1224",
        "061" => "1211",
        "062" => "1212",
        "057" => "127",
        _ => "",
    };
    if !specific.is_empty() {
        return Some(specific.to_string());
    }
    let c = match code.get(..2)? {
        "08" => "124",
        "07" => "122",
        "06" => "121",
        "04" => "125",
        "03" | "05" => "120",
        _ => return None,
    };
    Some(c.to_string())
}

/// `YYYY-MM-DD` (or `YYYYMMDD`) as the number `YYYYMMDD`.
fn date_number(d: &str) -> Option<u32> {
    let digits: String = d.chars().filter(char::is_ascii_digit).take(8).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

/// Whether an actor code holds a role among its three-letter parts after
/// the first: USAGOV holds GOV, ARN does not.
fn has_part(code: &str, role: &str) -> bool {
    let parts: Vec<&str> = (3..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..(i + 3).min(code.len())))
        .collect();
    role.len().is_multiple_of(3)
        && !role.is_empty()
        && (0..role.len())
            .step_by(3)
            .all(|i| parts.contains(&&role[i..i + 3]))
}

fn tokens<'a>(s: &SentenceInput<'a>) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    for t in warta_lang::tokenize(s.text) {
        // "Gondor's government": the name, then the possessive.
        let possessive = ["'s", "’s"]
            .iter()
            .find(|p| t.text.len() > p.len() + 1 && t.text.ends_with(*p));
        if let Some(p) = possessive {
            let base = &t.text[..t.text.len() - p.len()];
            let n = base.chars().count();
            out.push(Tok {
                text: base,
                norm: base.to_lowercase(),
                start: s.start + t.start,
                end: s.start + t.start + n,
            });
            out.push(Tok {
                text: &t.text[base.len()..],
                norm: "'s".into(),
                start: s.start + t.start + n,
                end: s.start + t.end,
            });
            continue;
        }
        // "Dol_Amroth": an underscore joins the words of one name, as
        // in PETRARCH's phrases; the words are matched one by one.
        if t.text.contains('_') && t.text.chars().any(char::is_alphanumeric) {
            let mut offset = 0;
            for part in t.text.split('_') {
                let n = part.chars().count();
                if n > 0 {
                    out.push(Tok {
                        text: part,
                        norm: part.to_lowercase().replace('’', "'"),
                        start: s.start + t.start + offset,
                        end: s.start + t.start + offset + n,
                    });
                }
                offset += n + 1;
            }
            continue;
        }
        if t.text == "_" {
            continue;
        }
        out.push(Tok {
            text: t.text,
            norm: t.text.to_lowercase().replace('’', "'"),
            start: s.start + t.start,
            end: s.start + t.end,
        });
    }
    out
}

/// The token range covering characters `[start, end)`.
fn token_range(toks: &[Tok], start: usize, end: usize) -> Option<(usize, usize)> {
    let a = toks.iter().position(|t| t.end > start)?;
    let b = toks.iter().rposition(|t| t.start < end)? + 1;
    (a < b).then_some((a, b))
}

struct Ctx<'s, 'a> {
    toks: &'s [Tok<'a>],
    s: &'s SentenceInput<'a>,
    opts: &'s CodeOptions,
    dict: &'s Dictionary,
    g: &'static Gazetteer,
}

impl Ctx<'_, '_> {
    fn norms(&self, a: usize, b: usize) -> Vec<&str> {
        let b = b.min(self.toks.len());
        self.toks[a.min(b)..b]
            .iter()
            .map(|t| t.norm.as_str())
            .collect()
    }

    /// The country of an agent named without one ("polisi", "warga"): in
    /// Indonesian news Indonesia, unless the sentence is about elsewhere.
    fn default_country(&self) -> String {
        if self.opts.lang != Lang::Id {
            // "GAZA CITY, Palestinian Territories: Four children ...": the
            // dateline's country.
            return self.dateline().map_or_else(|| "---".into(), |(_, c)| c);
        }
        let places = acting_places();
        let elsewhere = self.s.entities.iter().any(|e| {
            e.start >= self.s.start
                && e.end <= self.s.end
                && e.kind == EntityKind::Loc
                && places.contains(&e.canonical)
                && e.actor.as_deref().is_some_and(|a| !a.starts_with("IDN"))
        });
        if !elsewhere {
            return "IDN".into();
        }
        // One foreign country named: the agent is most likely its own
        // ("warga sipil" in a report on Myanmar's army).
        let mut countries: Vec<&str> = self
            .s
            .entities
            .iter()
            .filter(|e| {
                e.start >= self.s.start
                    && e.end <= self.s.end
                    && e.kind == EntityKind::Loc
                    && places.contains(&e.canonical)
            })
            .filter_map(|e| e.actor.as_deref().and_then(|a| a.get(..3)))
            .collect();
        countries.sort_unstable();
        countries.dedup();
        match countries.as_slice() {
            [one] => (*one).to_string(),
            _ => "---".into(),
        }
    }

    /// An English dateline ("LYON:", "GAZA CITY, Palestinian Territories:"):
    /// the token after its colon and the country of its last place.
    fn dateline(&self) -> Option<(usize, String)> {
        let colon = self.toks.iter().take(8).position(|t| t.norm == ":")?;
        let names = colon > 0
            && self.toks[..colon]
                .iter()
                .all(|t| t.norm == "," || t.text.chars().next().is_some_and(char::is_uppercase));
        if !names {
            return None;
        }
        let end = self.toks[colon].start;
        let country = self
            .s
            .entities
            .iter()
            .rev()
            .filter(|e| e.kind == EntityKind::Loc && e.start >= self.s.start && e.end <= end)
            .filter_map(|e| e.actor.as_deref().and_then(|a| a.get(..3)))
            .next()?;
        Some((colon + 1, country.to_string()))
    }

    /// A user's PETRARCH agents replace the built-in English agent words
    /// and offices, as PETRARCH users expect ("Gondor's mayor" is GON when
    /// their agents have no mayor).
    fn user_agents_only(&self) -> bool {
        self.opts.lang == Lang::En && !self.dict.agents.phrases.is_empty()
    }

    fn role_at(&self, norms: &[&str]) -> Option<(usize, &'static str)> {
        if self.user_agents_only() {
            return None;
        }
        self.g.role_at(norms)
    }

    fn title_at(&self, texts: &[&str]) -> Option<(usize, &'static Title)> {
        if self.user_agents_only() {
            return None;
        }
        self.g.title_at(texts)
    }

    /// A role word ending right before token `a` ("polisi", "Presiden",
    /// "pemerintah"): its start and role code.
    fn role_before(&self, a: usize) -> Option<(usize, String)> {
        for k in (1..=3.min(a)).rev() {
            let from = a - k;
            let norms = self.norms(from, a);
            if let Some((n, role)) = self.role_at(&norms) {
                if n == k {
                    return Some((from, role.to_string()));
                }
            }
            let texts: Vec<&str> = self.toks[from..a].iter().map(|t| t.text).collect();
            if let Some((n, title)) = self.title_at(&texts) {
                if n == k {
                    if let Some(role) = &title.role {
                        return Some((from, role.clone()));
                    }
                }
            }
            if let Some((n, role)) = self.dict.agents.longest_at(&norms) {
                if n == k && self.opts.lang == Lang::En {
                    return Some((from, role.clone()));
                }
            }
        }
        None
    }

    /// Phrases of the user's actor dictionaries: what a user asked for
    /// wins over what the built-in gazetteer and recognizer found.
    fn user_actors(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.dict.actors.phrases.is_empty() {
            return out;
        }
        let n = self.toks.len();
        let date = self.opts.date.as_deref().and_then(date_number);
        let mut i = 0;
        while i < n {
            let norms = self.norms(i, (i + 8).min(n));
            let hit = self.dict.actors.longest_on(&norms, date);
            match hit {
                Some((k, code)) => {
                    // "Calenardhon government", "Gondor's Prime Minister":
                    // the actor's agent or office after it.
                    let mut b = i + k;
                    let mut code = code;
                    let skip = usize::from(self.toks.get(b).is_some_and(|t| t.norm == "'s"));
                    let rest = self.norms(b + skip, (b + skip + 8).min(n));
                    let texts: Vec<&str> = self.toks[(b + skip).min(n)..n.min(b + skip + 4)]
                        .iter()
                        .map(|t| t.text)
                        .collect();
                    let role = self
                        .role_at(&rest)
                        .map(|(r, role)| (r, role.to_string()))
                        .or_else(|| {
                            let (r, t) = self.title_at(&texts)?;
                            t.role.clone().map(|role| (r, role))
                        })
                        .or_else(|| {
                            let (r, role) = self.dict.agents.longest_at(&rest)?;
                            Some((r, role.clone()))
                        });
                    if let Some((r, role)) = role {
                        // "White House security officials": a code that
                        // holds the role already keeps it.
                        if !has_part(&code, &role) {
                            code = format!("{code}{role}");
                        }
                        b += skip + r;
                    }
                    // "MSF Arnor": an agent whose role goes first.
                    let mut a = i;
                    for k in (1..=3.min(i)).rev() {
                        let prev_end = out.last().map_or(0, |m: &Mention| m.b);
                        if i - k < prev_end {
                            continue;
                        }
                        let norms = self.norms(i - k, i);
                        if let Some((n, role)) = self.dict.agents_before.longest_at(&norms) {
                            if n == k {
                                code = format!("{role}{code}");
                                a = i - k;
                                break;
                            }
                        }
                    }
                    out.push(Mention {
                        a,
                        b,
                        code: Some(code),
                        pronoun: false,
                        locative: false,
                    });
                    i = b;
                }
                None => i += 1,
            }
        }
        out
    }

    fn mentions(&self) -> Vec<Mention> {
        let mut out: Vec<Mention> = self.user_actors();
        let user_taken =
            |a: usize, b: usize, out: &Vec<Mention>| out.iter().any(|m| m.a < b && a < m.b);
        let places = acting_places();
        let dateline = (self.opts.lang == Lang::En)
            .then(|| self.dateline())
            .flatten()
            .map(|(d, _)| d);
        for e in self.s.entities {
            if e.start < self.s.start || e.end > self.s.end {
                continue;
            }
            if token_range(self.toks, e.start, e.end).is_some_and(|(a, b)| user_taken(a, b, &out)) {
                continue;
            }
            let Some((mut a, b)) = token_range(self.toks, e.start, e.end) else {
                continue;
            };
            // "pro-Russia rebels", "anti-US protesters": the country is
            // what they are for or against, not whose they are.
            let prefixed = self.opts.lang == Lang::En && {
                let t = &self.toks[a];
                let inner = e.start > t.start;
                let lower = t.norm.as_str();
                (inner && (lower.starts_with("pro-") || lower.starts_with("anti-")))
                    || (a > 0 && is_any(&self.toks[a - 1].norm, &["pro", "anti", "pro-", "anti-"]))
            };
            if prefixed {
                continue;
            }
            let mut code = e.actor.clone();
            let locative = false;
            if e.kind == EntityKind::Loc && dateline.is_some_and(|d| b < d) {
                out.push(Mention {
                    a,
                    b,
                    code: code.map(|c| c.get(..3).unwrap_or(&c).to_string()),
                    pronoun: false,
                    locative: true,
                });
                continue;
            }
            if e.kind == EntityKind::Loc {
                let acting = places.contains(&e.canonical);
                // "di Jakarta", "ke Lebanon selatan", "di perbatasan Suriah".
                // ... but not "to attack South Korea": an English verb in
                // between makes "to" an infinitive's.
                let near_locative = (1..=2).any(|k| {
                    a >= k
                        && is_any(&self.toks[a - k].norm, LOCATIVE)
                        && !(k == 2
                            && self.opts.lang == Lang::En
                            && self
                                .dict
                                .verbs_en
                                .first
                                .contains_key(self.toks[a - 1].norm.as_str()))
                });
                if !acting || near_locative {
                    // A place stands for its country when it is a target;
                    // "Gedung DPR", a building, for the body in it.
                    // ... and a territory coded under its country
                    // (PSEGZA, the Gaza Strip) for itself.
                    let code = match code.as_deref() {
                        Some(c) if matches!(c, "PSEGZA" | "PSEWSB") => c.to_string(),
                        Some(c) => c.get(..3).unwrap_or(c).to_string(),
                        None => match self.org_code(a, b) {
                            Some(c) => c,
                            None => continue,
                        },
                    };
                    out.push(Mention {
                        a,
                        b,
                        code: Some(code),
                        pronoun: false,
                        locative: true,
                    });
                    continue;
                }
                // "Presiden Rusia", "pemerintah Indonesia", "polisi Malaysia".
                if let (Some((from, role)), Some(c)) = (self.role_before(a), code.as_deref()) {
                    if c.len() == 3 {
                        code = Some(format!("{c}{role}"));
                        a = from;
                    }
                }
                // "Russian troops" is read below; "U.S. forces" and
                // "Israel's army" here.
                let skip = usize::from(self.toks.get(b).is_some_and(|t| t.norm == "'s"));
                let norms = self.norms(b + skip, b + skip + 3);
                let role = self
                    .role_at(&norms)
                    .map(|(n, r)| (n, r.to_string()))
                    .or_else(|| {
                        let (n, r) = self.dict.agents.longest_at(&norms)?;
                        Some((n, r.clone()))
                    })
                    .or_else(|| {
                        // "Rwanda's information minister": one plain word
                        // before the office.
                        let m = self.toks.get(b + skip)?;
                        let plain = skip == 1
                            && self.opts.lang == Lang::En
                            && m.text.chars().all(char::is_lowercase)
                            && !self.dict.verbs_en.first.contains_key(m.norm.as_str());
                        if !plain {
                            return None;
                        }
                        let texts: Vec<&str> = self.toks[b + 2..self.toks.len().min(b + 5)]
                            .iter()
                            .map(|t| t.text)
                            .collect();
                        let norms = self.norms(b + 2, b + 5);
                        if let Some((n, r)) = self.role_at(&norms) {
                            return Some((n + 1, r.to_string()));
                        }
                        let (n, t) = self.title_at(&texts)?;
                        t.role.clone().map(|r| (n + 1, r))
                    });
                if let (Some((n, role)), Some(c)) = (role, code.as_deref()) {
                    if c.len() == 3 && self.opts.lang == Lang::En {
                        out.push(Mention {
                            a,
                            b: b + skip + n,
                            code: Some(format!("{c}{role}")),
                            pronoun: false,
                            locative,
                        });
                        continue;
                    }
                }
            } else if e.kind == EntityKind::Per && code.is_some() {
                // "Perdana Menteri Anwar Ibrahim": the office is part of the
                // mention, so that "A dan Perdana Menteri B" is one group.
                if let Some((from, _)) = self.role_before(a) {
                    a = from;
                }
            } else if code.is_none() && e.kind == EntityKind::Org {
                code = self.org_code(a, b);
            } else if code.is_none() && e.kind == EntityKind::Per {
                // "President Bush": an office and a leader's short name.
                if let Some((from, _)) = self.role_before(a) {
                    if let Some(c) = self.short_leader(a, b) {
                        code = Some(c);
                        a = from;
                    }
                }
            }
            // "Congress", "Parliament": a body named only by its role.
            if code.is_none() && e.kind != EntityKind::Loc && self.opts.lang == Lang::En {
                let norms = self.norms(a, b);
                // "two Palestinians", "Iraqis": a plural demonym is its country.
                if let [one] = norms.as_slice() {
                    if let Some((1, country)) = one
                        .strip_suffix('s')
                        .and_then(|w| self.g.adjective_at(&[w]))
                    {
                        code = Some(country.to_string());
                    }
                }
                if let Some((k, role)) = self.role_at(&norms) {
                    if k == norms.len() {
                        code = Some(format!("{}{role}", self.default_country()));
                    }
                }
            }
            // "di depan Istana Merdeka", "di kantor DPRD": a building, a place.
            // ... up to "di depan kantor DPRD".
            let locative = locative
                || (e.kind == EntityKind::Org
                    && (1..=3).any(|k| {
                        a >= k
                            && is_any(&self.toks[a - k].norm, &["di", "in", "at"])
                            && self.toks[a - k + 1..a].iter().all(|t| {
                                is_any(
                                    &t.norm,
                                    &[
                                        "depan", "kantor", "gedung", "markas", "halaman",
                                        "sekitar", "belakang", "dalam",
                                    ],
                                )
                            })
                    }));
            out.push(Mention {
                a,
                b,
                code,
                pronoun: false,
                locative,
            });
        }
        out.sort_by_key(|m| (m.a, std::cmp::Reverse(m.b)));
        // A country right before a person or body it qualifies is part of
        // it: "Presiden Rusia Vladimir Putin", "Kemlu Rusia".
        let mut merged: Vec<Mention> = Vec::new();
        for m in out {
            if let Some(last) = merged.last_mut() {
                if m.a < last.b {
                    continue;
                }
                if m.a == last.b
                    && !last.locative
                    && last.code.as_ref().is_some_and(|c| c.len() <= 6)
                {
                    let person_after = m.code.is_some() || !m.pronoun;
                    if person_after && self.is_qualifier(last) {
                        // "Bree Prime Minister Romendacil": the office's
                        // code when the name's says less (BREGOV, not BRE).
                        let code = match (&last.code, &m.code) {
                            (Some(l), Some(c))
                                if l.len() > c.len() && l.starts_with(c.as_str()) =>
                            {
                                Some(l.clone())
                            }
                            _ => m.code.clone(),
                        };
                        *last = Mention {
                            a: last.a,
                            code,
                            ..m
                        };
                        continue;
                    }
                }
            }
            merged.push(m);
        }
        self.add_agents_and_pronouns(&mut merged);
        merged.sort_by_key(|m| m.a);
        merged
    }

    /// The one leader in office on the story's date whose short name
    /// ("Bush", "Putin") tokens `a..b` are.
    fn short_leader(&self, a: usize, b: usize) -> Option<String> {
        let date = self.opts.date.as_deref()?;
        let key = self.norms(a, b).join(" ");
        let mut found: Option<String> = None;
        for surface in self.g.lookup(&key) {
            let e = &self.g.entries[surface.entry as usize];
            if e.kind != EntityKind::Per {
                continue;
            }
            if let Some(c) = e.actor_on(Some(date)) {
                match &found {
                    Some(f) if f != c => return None,
                    _ => found = Some(c.to_string()),
                }
            }
        }
        found
    }

    /// A place mention that qualifies the name after it.
    fn is_qualifier(&self, m: &Mention) -> bool {
        m.code
            .as_ref()
            .is_some_and(|c| c.len() == 3 || c.ends_with("GOV"))
    }

    /// "Kementerian Luar Negeri Rusia": a body with a country in its name.
    fn org_code(&self, a: usize, b: usize) -> Option<String> {
        // "Kemlu Rusia": an Indonesian body's name with another country in
        // it is that country's body.
        let foreign = (a..b).find_map(|i| {
            let norms = self.norms(i, b);
            (1..=norms.len().min(3)).rev().find_map(|n| {
                self.g
                    .lookup(&norms[..n].join(" "))
                    .iter()
                    .find_map(|surface| {
                        let e = &self.g.entries[surface.entry as usize];
                        (e.is_country && e.actor.as_deref() != Some("IDN"))
                            .then(|| e.actor.clone())
                            .flatten()
                    })
            })
        });
        // "Komisi III DPR", "pimpinan Polda Metro Jaya": the known body inside.
        for i in a..b {
            let norms = self.norms(i, b);
            for n in (1..=norms.len().min(4)).rev() {
                for surface in self.g.lookup(&norms[..n].join(" ")) {
                    let e = &self.g.entries[surface.entry as usize];
                    if e.kind == EntityKind::Org && !surface.coref_only {
                        if let Some(code) = &e.actor {
                            return Some(match &foreign {
                                Some(c) if code.starts_with("IDN") => format!("{c}{}", &code[3..]),
                                _ => code.clone(),
                            });
                        }
                    }
                }
            }
        }
        let head = self.toks[a].norm.as_str();
        let role = match head {
            "kementerian" | "kemlu" | "kemenlu" | "pemerintah" | "ministry" | "departemen"
            | "department" | "kantor" | "kedutaan" | "embassy" | "government" => "GOV",
            "angkatan" | "tentara" | "militer" | "army" | "navy" | "military" | "pasukan" => "MIL",
            "kepolisian" | "polisi" | "police" => "COP",
            _ => return None,
        };
        for i in a + 1..b {
            let norms = self.norms(i, b);
            if let Some((_, country)) = self.g.adjective_at(&norms) {
                return Some(format!("{country}{role}"));
            }
            for n in (1..=norms.len().min(3)).rev() {
                for surface in self.g.lookup(&norms[..n].join(" ")) {
                    let e = &self.g.entries[surface.entry as usize];
                    if e.is_country {
                        return e.actor.as_ref().map(|c| format!("{c}{role}"));
                    }
                }
            }
        }
        None
    }

    /// Agent words ("polisi", "Russian troops", "warga"), user actor
    /// phrases, and pronouns, where no entity already stands.
    fn add_agents_and_pronouns(&self, out: &mut Vec<Mention>) {
        let taken = |out: &Vec<Mention>, i: usize| out.iter().any(|m| m.a <= i && i < m.b);
        let places = acting_places();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if taken(out, i) {
                i += 1;
                continue;
            }
            let norms = self.norms(i, (i + 8).min(n));
            // "Russian troops", "Israeli police". English writes a
            // country's adjective with a capital: in a cased sentence
            // "tunisian rioters" names no country.
            let uncased_adjective = self.opts.lang == Lang::En
                && self.toks[i]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
                && self.cased();
            if let Some((k, country)) = self.g.adjective_at(&norms).filter(|_| !uncased_adjective) {
                // ... "Ukrainian lawmakers", "Georgian demonstrators": an
                // English plural of a listed agent, or a user's agent.
                let rest = &norms[k..];
                let plural = || {
                    let singular = rest.first()?.strip_suffix('s')?;
                    if self.opts.lang != Lang::En {
                        return None;
                    }
                    let mut alt: Vec<&str> = rest.to_vec();
                    alt[0] = singular;
                    self.role_at(&alt).filter(|(r, _)| *r == 1)
                };
                let role = self
                    .role_at(rest)
                    .or_else(plural)
                    .map(|(r, role)| (r, role.to_string()))
                    .or_else(|| {
                        let (r, role) = self.dict.agents.longest_at(rest)?;
                        Some((r, role.clone()))
                    });
                if let Some((r, role)) = role {
                    out.push(Mention {
                        a: i,
                        b: i + k + r,
                        code: Some(format!("{country}{role}")),
                        pronoun: false,
                        locative: false,
                    });
                    i += k + r;
                    continue;
                }
                // "the Russian building", "in Israeli tank shelling": a
                // country's adjective before plain nouns is that country.
                if let Some((b, locative)) = self.adjective_phrase(i, k) {
                    out.push(Mention {
                        a: i,
                        b,
                        code: Some(country.to_string()),
                        pronoun: false,
                        locative,
                    });
                    i = b;
                    continue;
                }
            }
            let texts: Vec<&str> = self.toks[i..n.min(i + 4)].iter().map(|t| t.text).collect();
            // Offices ("Wakil Presiden", "Kapolri") without a country are the
            // outlet's own country's; other agents follow the context.
            let title = self.title_at(&texts).and_then(|(k, t)| {
                let role = t.role.clone()?;
                Some((k, role, t.indonesian))
            });
            // The longer of an office and an agent word; an office on a tie.
            let role_hit = self
                .role_at(&norms)
                .map(|(k, role)| (k, role.to_string()))
                .or_else(|| {
                    // "insurgents", "lawmakers": English plurals of listed agents.
                    let singular = norms[0]
                        .strip_suffix('s')
                        .filter(|_| self.opts.lang == Lang::En)?;
                    let mut alt: Vec<&str> = norms.to_vec();
                    alt[0] = singular;
                    self.role_at(&alt)
                        .filter(|(k, _)| *k == 1)
                        .map(|(k, role)| (k, role.to_string()))
                });
            let title_hit = title.as_ref().map(|(k, r, _)| (*k, r.clone()));
            let agent = match (role_hit, title_hit) {
                (Some(r), Some(t)) => Some(if t.0 >= r.0 { t } else { r }),
                (r, t) => t.or(r),
            }
            .or_else(|| {
                let (k, role) = self.dict.agents.longest_at(&norms)?;
                Some((k, role.clone()))
            });
            if let Some((k, role)) = agent.filter(|(k, _)| !(i..i + k).any(|x| taken(out, x))) {
                // A role before a named country is composed by the entity pass.
                let country_next = out.iter().any(|m| m.a == i + k && !m.locative);
                // "kerja sama militer", "bantuan militer": after a noun the
                // role word is an adjective, not an actor.
                let adjectival = i > 0 && self.opts.lang == Lang::Id && {
                    let prev = &self.toks[i - 1];
                    let lower = prev.text.chars().next().is_some_and(char::is_lowercase);
                    let verb_like = ["me", "ber", "di", "ter"]
                        .iter()
                        .any(|p| prev.norm.starts_with(p))
                        || self.dict.verbs_id.first.contains_key(prev.norm.as_str());
                    lower
                        && !verb_like
                        && !is_any(&prev.norm, AGENT_LEAD)
                        && is_any(&self.toks[i].norm, &["militer", "sipil", "bersenjata"])
                };
                if !country_next && !adjectival {
                    // Offices of government ("menteri luar negeri", "presiden")
                    // unqualified in Indonesian news are Indonesia's.
                    let office = (title.as_ref().is_some_and(|(tk, _, id)| *tk == k && *id)
                        || role.starts_with("GOV"))
                        && self.opts.lang == Lang::Id;
                    // "wisatawan asal Indonesia", "korban gempa di Sulawesi Barat".
                    let origin = out
                        .iter()
                        .find(|m| m.locative && m.a > i + k && m.a <= i + k + 3)
                        .filter(|m| {
                            self.norms(i + k, m.a).iter().all(|w| {
                                matches!(
                                    *w,
                                    "asal"
                                        | "dari"
                                        | "di"
                                        | "from"
                                        | "in"
                                        | "gempa"
                                        | "banjir"
                                        | "bencana"
                                        | "konflik"
                                        | "perang"
                                )
                            })
                        })
                        .and_then(|m| m.code.clone())
                        .or_else(|| {
                            // "pemerintah negara itu": the country named before.
                            let that = self.norms(i + k, i + k + 2);
                            if that.len() == 2
                                && matches!(that[0], "negara" | "negeri")
                                && matches!(that[1], "itu" | "tersebut")
                            {
                                self.s
                                    .entities
                                    .iter()
                                    .rev()
                                    .find(|e| {
                                        e.kind == EntityKind::Loc
                                            && e.end <= self.toks[i].start
                                            && places.contains(&e.canonical)
                                    })
                                    .and_then(|e| e.actor.as_deref().and_then(|a| a.get(..3)))
                                    .map(str::to_string)
                            } else {
                                None
                            }
                        });
                    // "orang tak dikenal": nobody knows whose.
                    let unknown = self.norms(i, (i + k + 2).min(n)).iter().any(|w| {
                        matches!(*w, "dikenal" | "misterius" | "unidentified" | "unknown")
                    });
                    // "its army", "their troops": the possessor's, the
                    // actor named last before.
                    let possessor = (self.opts.lang == Lang::En
                        && i > 0
                        && is_any(&self.toks[i - 1].norm, &["its", "their"]))
                    .then(|| {
                        out.iter()
                            .filter(|m| m.b < i && !m.locative)
                            .max_by_key(|m| m.a)
                            .and_then(|m| m.code.as_deref())
                            .and_then(|c| c.get(..3))
                            .filter(|c| *c != "---")
                            .map(str::to_string)
                    })
                    .flatten();
                    let country = match origin.or(possessor) {
                        Some(c) => c,
                        None if unknown => "---".to_string(),
                        None if office => "IDN".to_string(),
                        None => self.default_country(),
                    };
                    let code = format!("{country}{role}");
                    out.push(Mention {
                        a: i,
                        b: i + k,
                        code: Some(code),
                        pronoun: false,
                        locative: false,
                    });
                }
                i += k;
                continue;
            }
            // "the two exiled dissidents": "the two" before its noun is no pronoun.
            let before_agent = (i + 2..(i + 5).min(n)).any(|x| {
                let w = self.toks[x].norm.as_str();
                let singular = w.strip_suffix('s').unwrap_or(w);
                self.role_at(&[w]).is_some() || self.role_at(&[singular]).is_some()
            });
            let pair = norms.len() > 1
                && !(norms[0] == "the" && before_agent)
                && matches!(
                    (norms[0], norms[1]),
                    ("pasangan", "ini")
                        | ("kedua", "pemimpin")
                        | ("the", "two")
                        | ("both", "sides")
                        | ("blok", "itu" | "tersebut")
                        | ("organisasi", "itu" | "tersebut")
                        | ("negara", "itu" | "tersebut")
                        | ("lembaga", "itu" | "tersebut")
                )
                && (i == 0 || !is_any(&self.toks[i - 1].norm, &["warga", "pemerintah", "rakyat"]));
            if is_any(norms[0], PRONOUNS) || pair {
                let k = if pair { 2 } else { 1 };
                out.push(Mention {
                    a: i,
                    b: i + k,
                    code: None,
                    pronoun: true,
                    locative: false,
                });
                i += k;
                continue;
            }
            i += 1;
        }
    }

    /// English plain nouns after a country's adjective at `i` (`k` words
    /// long), after an article or a preposition: where the phrase ends and
    /// whether it is a place ("in the Egyptian square") rather than an act
    /// or a thing ("Israeli tank shelling", "the Russian building").
    fn adjective_phrase(&self, i: usize, k: usize) -> Option<(usize, bool)> {
        if self.opts.lang != Lang::En {
            return None;
        }
        let first = &self.toks[i];
        if !first.text.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        // ... or at the start of the sentence ("Turkish warplanes bombed").
        let lead = if i == 0 {
            ""
        } else {
            self.toks[i - 1].norm.as_str()
        };
        let preposition = ["in", "at", "on", "near", "by", "from", "against"];
        let led = i == 0 || is_any(lead, &["the", "a", "an"]) || is_any(lead, &preposition);
        if !led {
            return None;
        }
        let n = self.toks.len();
        let mut x = i + k;
        while x < n && x < i + k + 3 {
            let t = &self.toks[x];
            let w = t.norm.as_str();
            let plain = t.text.chars().all(|c| c.is_lowercase() || c == '-')
                && t.text.chars().any(char::is_alphabetic)
                && !w.ends_with("ed")
                && !w.ends_with("ly")
                && !is_any(w, BE)
                && !is_any(w, BOUNDARY)
                && !is_any(w, COORDINATOR)
                && !is_any(w, LOCATIVE)
                && !negation(w)
                && !is_any(w, INTENT)
                && !is_any(
                    w,
                    &[
                        "of", "on", "for", "with", "by", "a", "an", "the", "its", "their", "his",
                        "her", "who", "which", "also", "has", "have", "had", "would", "could",
                        "can", "may", "might", "must", "should", "to", "said", "says",
                    ],
                )
                && self.role_at(&[w]).is_none()
                && self.g.title_at(&[t.text]).is_none();
            if !plain {
                break;
            }
            x += 1;
        }
        if x == i + k {
            return None;
        }
        let head = self.toks[x - 1].norm.as_str();
        let act = is_any(
            head,
            &[
                "shelling",
                "attack",
                "attacks",
                "strike",
                "strikes",
                "airstrike",
                "airstrikes",
                "raid",
                "raids",
                "fire",
                "bombardment",
                "bombing",
                "bombings",
                "offensive",
                "assault",
                "incursion",
                "operation",
                "operations",
                "invasion",
                "occupation",
                "aggression",
                "intervention",
                "crackdown",
                "blockade",
            ],
        );
        let at = ["in", "at", "on", "near"];
        let place = !act
            && (is_any(lead, &at)
                || (lead == "the" && i >= 2 && is_any(&self.toks[i - 2].norm, &at)));
        Some((x, place))
    }

    fn groups(&self, mentions: &[Mention]) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        let joiner = |w: &str| matches!(w, "dan" | "serta" | "and" | "&" | "," | "nor");
        for m in mentions {
            let joins = groups.last().is_some_and(|g| g.locative == m.locative)
                && groups.last().is_some_and(|g| {
                    let mut between: Vec<&str> = self.norms(g.b, m.a);
                    // "Indonesia, Malaysia, dan Singapura": a comma joins
                    // when the list closes with "dan" soon after.
                    let closes = self
                        .norms(m.b, m.b + 4)
                        .iter()
                        .any(|w| matches!(*w, "dan" | "serta" | "and" | "nor"));
                    // "Fornost and the old Gondor", "Ur, the proud Kesh,
                    // and Lagash": an article and adjectives after the
                    // joining words belong to the next name.
                    if self.opts.lang == Lang::En && between.first().is_some_and(|w| joiner(w)) {
                        let last = between.iter().rposition(|w| joiner(w)).unwrap_or(0);
                        let filler = &between[last + 1..];
                        let ok =
                            filler.len() <= 3 && (g.b + last + 1..m.a).all(|x| self.modifier(x));
                        if ok {
                            between.truncate(last + 1);
                        }
                    }
                    !between.is_empty()
                        && between.len() <= 2
                        && between.iter().all(|w| joiner(w))
                        && (between.iter().any(|w| *w != ",") || closes)
                });
            if joins {
                let g = groups.last_mut().unwrap();
                g.b = m.b;
                // "Menteri luar negeri Indonesia, Malaysia, dan Singapura":
                // the office named first holds for every country listed.
                let role = g
                    .codes
                    .first()
                    .filter(|c| c.len() > 3)
                    .map(|c| c[3..].to_string());
                let code = match (&m.code, role) {
                    (Some(c), Some(r)) if c.len() == 3 && c != "---" => Some(format!("{c}{r}")),
                    (c, _) => c.clone(),
                };
                if let Some(c) = &code {
                    if !g.codes.contains(c) {
                        g.codes.push(c.clone());
                    }
                } else if !m.pronoun {
                    g.unknown = true;
                }
                continue;
            }
            groups.push(Group {
                a: m.a,
                b: m.b,
                codes: m.code.iter().cloned().collect(),
                pronoun: m.pronoun,
                unknown: m.code.is_none() && !m.pronoun,
                locative: m.locative,
            });
        }
        if self.opts.lang == Lang::En {
            self.agents_of_places(&mut groups);
            self.appositions(&mut groups);
        }
        groups
    }

    /// "The US commander in Iraq, General David Petraeus, held talks": a
    /// person with no code set off by commas after a coded actor (and its
    /// place) is that actor again, not another one.
    fn appositions(&self, groups: &mut Vec<Group>) {
        let mut x = 1;
        while x < groups.len() {
            let p = &groups[x];
            let unknown = p.unknown && p.codes.is_empty() && !p.pronoun && !p.locative;
            let mut y = x - 1;
            if groups[y].locative && y > 0 && self.norms(groups[y - 1].b, groups[y].a) == ["in"] {
                y -= 1;
            }
            let g = &groups[y];
            // ... over a title before the name ("General").
            let between = self.toks.get(groups[x - 1].b..p.a).unwrap_or(&[]);
            let set_off = between.first().is_some_and(|t| t.norm == ",")
                && between[1..]
                    .iter()
                    .all(|t| t.text.chars().next().is_some_and(char::is_uppercase))
                && between.len() <= 3
                && self.toks.get(p.b).is_some_and(|t| t.norm == ",");
            if unknown && set_off && !g.codes.is_empty() && !g.pronoun && !g.locative {
                groups.remove(x);
                continue;
            }
            // "Zimbabwe's opposition leader Morgan Tsvangirai": a name right
            // after a coded actor and a plain word or two is that actor.
            let prev = &groups[x - 1];
            let words = self.toks.get(prev.b..p.a).unwrap_or(&[]);
            let named = unknown
                && !prev.codes.is_empty()
                && !prev.pronoun
                && !prev.locative
                && words.len() <= 2
                && words.iter().all(|t| {
                    t.text.chars().all(char::is_lowercase)
                        && !self.dict.verbs_en.first.contains_key(t.norm.as_str())
                        && !is_any(&t.norm, BE)
                        && !is_any(&t.norm, BOUNDARY)
                        && !is_any(&t.norm, COORDINATOR)
                        && !is_any(&t.norm, LOCATIVE)
                        && !is_any(
                            &t.norm,
                            &[
                                "of", "on", "for", "with", "by", "against", "over", "a", "an",
                                "the",
                            ],
                        )
                });
            if named {
                let b = p.b;
                groups[x - 1].b = b;
                groups.remove(x);
                continue;
            }
            x += 1;
        }
    }

    /// An article or a lower-case adjective before a name: "the", "old",
    /// "evil" (no verb, preposition or number).
    fn modifier(&self, x: usize) -> bool {
        let Some(t) = self.toks.get(x) else {
            return false;
        };
        t.norm == "the"
            || (t.text.chars().next().is_some_and(char::is_lowercase)
                && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
                && !is_any(&t.norm, BOUNDARY)
                && !is_any(&t.norm, COORDINATOR)
                && !is_any(&t.norm, LOCATIVE)
                && !is_any(
                    &t.norm,
                    &[
                        "of", "on", "for", "with", "by", "a", "an", "its", "their", "his", "her",
                        "who", "which", "also", "not", "other",
                    ],
                )
                && !is_any(&t.norm, BE)
                && !self.dict.verbs_en.first.contains_key(t.norm.as_str()))
    }

    /// "Soldiers from Gondor", "lawmakers in Ur and Kesh": agents without
    /// a country followed by the places they are of are those places'
    /// agents (GONMIL; URLEG, KESLEG).
    fn agents_of_places(&self, groups: &mut Vec<Group>) {
        let mut x = 0;
        while x + 1 < groups.len() {
            let (g, h) = (&groups[x], &groups[x + 1]);
            // "Ur and the government of Kesh": the agents without a
            // country at the end of the group.
            let role_only = |c: &String| c.starts_with("---") && c.len() > 3;
            let kept = g.codes.len() - g.codes.iter().rev().take_while(|c| role_only(c)).count();
            let roles_only = !g.pronoun && !g.unknown && kept < g.codes.len();
            // ... "dissidents from military-ruled Myanmar".
            let between = self.norms(g.b, h.a);
            let of = matches!(between.first(), Some(&("from" | "in" | "of")))
                && between.len() <= 3
                && (g.b + 1..h.a).all(|x| self.modifier(x));
            let places = !h.pronoun
                && !h.unknown
                && !h.codes.is_empty()
                && h.codes
                    .iter()
                    .all(|c| c.len() >= 3 && !c.starts_with("---"));
            if roles_only && of && places {
                let mut codes: Vec<String> = g.codes[..kept].to_vec();
                for role in &g.codes[kept..] {
                    let role = &role[3..];
                    for c in &h.codes {
                        let code = if has_part(c, role) {
                            c.clone()
                        } else {
                            format!("{c}{role}")
                        };
                        if !codes.contains(&code) {
                            codes.push(code);
                        }
                    }
                }
                let b = h.b;
                let g = &mut groups[x];
                g.codes = codes;
                g.b = b;
                g.locative = false;
                groups.remove(x + 1);
            }
            x += 1;
        }
    }

    fn verbs(&self, mentions: &[Mention], groups: &[Group]) -> Vec<Verb> {
        let table: &VerbTable = self.dict.verbs(self.opts.lang);
        let n = self.toks.len();
        let inside = |i: usize| mentions.iter().any(|m| m.a <= i && i < m.b && !m.pronoun);
        let mut out = Vec::new();
        let all: Vec<&str> = self.toks.iter().map(|t| t.norm.as_str()).collect();
        let mut adjunct_end = 0;
        let mut i = 0;
        while i < n {
            let Some(&max) = table.first.get(self.toks[i].norm.as_str()) else {
                i += 1;
                continue;
            };
            // Verbs are written in lower case; "States" and "Attack" at the
            // head of a name are nouns. So is a verb after an article.
            let capital = i > 0
                && self.toks[i]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            // "an air strike", "a mortar bomb": a determiner one or two
            // words before makes it a noun.
            let determiner = |w: &str| {
                is_any(
                    w,
                    &[
                        "the", "a", "an", "its", "his", "her", "their", "this", "that", "our",
                    ],
                )
            };
            let after_article = (i > 0 && determiner(&self.toks[i - 1].norm))
                || (self.opts.lang == Lang::En
                    && i > 1
                    && determiner(&self.toks[i - 2].norm)
                    && self.toks[i - 1]
                        .text
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
                    // "the government expressed": an actor, then its verb.
                    && !inside(i - 1)
                    && !table.first.contains_key(self.toks[i - 1].norm.as_str()));
            // "a brief private visit": up to three words back, over
            // lower-case words that are no verb, auxiliary or actor.
            let after_article = after_article
                || (self.opts.lang == Lang::En
                    && (3..=4).any(|j| {
                        i >= j
                            && determiner(&self.toks[i - j].norm)
                            && (i - j + 1..i).all(|x| {
                                let t = &self.toks[x];
                                t.text.chars().all(char::is_lowercase)
                                    && !inside(x)
                                    // "a brief": right after the article
                                    // a verb's form is a word of the noun.
                                    && (x == i - j + 1
                                        || !table.first.contains_key(t.norm.as_str()))
                                    && !is_any(&t.norm, BE)
                                    && !negation(&t.norm)
                                    && !is_any(&t.norm, INTENT)
                                    && !is_any(
                                        &t.norm,
                                        &[
                                            "to", "would", "can", "could", "should", "may",
                                            "might", "must", "has", "have", "had", "did", "does",
                                            "do", "also", "and", "or", "who", "which", "that",
                                        ],
                                    )
                            })
                    }));
            // "bans on travel to Canada": after a preposition an English
            // verb's base form is a noun.
            let after_preposition = self.opts.lang == Lang::En
                && i > 0
                && !self.toks[i].norm.ends_with("ing")
                && is_any(
                    &self.toks[i - 1].norm,
                    &[
                        "on", "of", "for", "about", "against", "over", "without", "in", "into",
                        "with",
                    ],
                );
            // "a Russian attack", "an anti-Ur parade": an article, names
            // (and a prefix), then a verb's base form make a noun.
            let after_named_article = self.opts.lang == Lang::En && i > 1 && {
                let w = self.toks[i].norm.as_str();
                let base = !w.ends_with("ed") && (!w.ends_with('s') || w.ends_with("ss"));
                let upper = |x: usize| {
                    self.toks[x]
                        .text
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                };
                let mut x = i;
                while x > 0 && i - x < 3 && upper(x - 1) {
                    x -= 1;
                }
                let named = x < i;
                if named && x > 0 && self.toks[x - 1].norm == "-" {
                    x -= 1;
                }
                if named
                    && x > 0
                    && (self.toks[x - 1].norm.ends_with('-')
                        || is_any(&self.toks[x - 1].norm, &["anti", "pro"]))
                {
                    x -= 1;
                }
                base && named && x > 0 && determiner(&self.toks[x - 1].norm)
            };
            // "promised raids": a plural right after a coded verb is its
            // object.
            let plural_after_verb =
                self.opts.lang == Lang::En && out.last().is_some_and(|v: &Verb| v.b == i) && {
                    let w = self.toks[i].norm.as_str();
                    w.ends_with('s') && !w.ends_with("ss")
                };
            // "to expel exiled leaders": a participle right after a coded
            // verb describes its object.
            let participle_after_verb = self.opts.lang == Lang::En
                && out.last().is_some_and(|v: &Verb| v.b == i)
                && self.toks[i].norm.ends_with("ed");
            // "asset freezes and bans on travel": a plural after "and" and
            // a plural noun is a noun too.
            let plural_after_noun = self.opts.lang == Lang::En && i >= 2 && {
                let w = self.toks[i].norm.as_str();
                let p = &self.toks[i - 2];
                self.toks[i - 1].norm == "and"
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && p.text.chars().all(char::is_lowercase)
                    && p.norm.ends_with('s')
                    && !p.norm.ends_with("ss")
                    && !inside(i - 2)
                    // ... even a verb's form after a noun ("asset freezes").
                    && (!table.first.contains_key(p.norm.as_str())
                        || (i >= 3 && {
                            let q = &self.toks[i - 3];
                            q.text.chars().all(char::is_lowercase)
                                && !table.first.contains_key(q.norm.as_str())
                                && !is_any(&q.norm, BE)
                                && !is_any(&q.norm, INTENT)
                                && !negation(&q.norm)
                                && !is_any(
                                    &q.norm,
                                    &["to", "and", "or", "also", "who", "which", "that", "it"],
                                )
                        }))
            };
            // "faces pressure from": the thing a coded verb's sense names,
            // right after it, is its noun.
            let sense_object = self.opts.lang == Lang::En
                && out.last().is_some_and(|v: &Verb| {
                    v.b == i && v.sense.object.iter().any(|o| *o == self.toks[i].norm)
                });
            if inside(i)
                || capital
                || after_article
                || after_preposition
                || plural_after_verb
                || participle_after_verb
                || after_named_article
                || sense_object
                || plural_after_noun
            {
                i += 1;
                continue;
            }
            let mut found = None;
            for k in (1..=max.min(n - i)).rev() {
                let key = self.norms(i, i + k).join(" ");
                if let Some(senses) = table.forms.get(&key) {
                    // Passive: the thing given or imposed stands before the verb.
                    let mut window: Vec<&str> = self.norms(i + k, i + k + 6);
                    // ... and before an English "was presented by".
                    let be_passive = self.opts.lang == Lang::En
                        && self
                            .norms(i.saturating_sub(2), i)
                            .iter()
                            .any(|w| is_any(w, BE));
                    if senses.iter().any(|s| s.passive) || be_passive {
                        window.extend(self.norms(i.saturating_sub(8), i));
                    }
                    let fits = |s: &&Sense| {
                        s.object.is_empty()
                            || window.iter().any(|w| {
                                let base = w.strip_suffix("nya").unwrap_or(w);
                                s.object.iter().any(|o| o == w || o == base)
                            })
                    };
                    // `%`: the nearest actors before are "A and B".
                    let compound = |start: usize| {
                        groups
                            .iter()
                            .rev()
                            .find(|g| g.b <= start && !g.locative)
                            .is_some_and(|g| {
                                g.codes.len() >= 2 && !self.boundary_between(g.b, start)
                            })
                    };
                    let hit = senses.iter().find_map(|s| match &s.pattern {
                        Some(p) => p
                            .matches(&all, i, i + k)
                            .filter(|m| !p.compound || compound(m.start))
                            .map(|m| (s, Some(m))),
                        None => fits(&s).then_some((s, None)),
                    });
                    if let Some((sense, m)) = hit {
                        let mut sense = sense.clone();
                        if sense.pattern.as_ref().is_some_and(|p| p.compound) {
                            sense.mutual = true;
                        }
                        found = Some((k, sense, m));
                        break;
                    }
                }
            }
            let Some((k, sense, pattern)) = found else {
                i += 1;
                continue;
            };
            let reporting = self.opts.lang == Lang::En
                && !sense.speech
                && Dictionary::builtin()
                    .verbs_en
                    .forms
                    .get(&self.norms(i, i + k).join(" "))
                    .is_some_and(|b| b.iter().any(|s| s.speech && s.object.is_empty()));
            // "tiga pria yang diduga mengedarkan sabu": a relative clause
            // describes someone; it reports no event of its own.
            let rel = |w: &str| is_any(w, &["yang", "who", "which"]);
            let relative = (i > 0 && rel(&self.toks[i - 1].norm))
                || (i > 1
                    && rel(&self.toks[i - 2].norm)
                    && is_any(
                        &self.toks[i - 1].norm,
                        &[
                            "diduga",
                            "telah",
                            "sudah",
                            "sedang",
                            "akan",
                            "juga",
                            "tidak",
                            "masih",
                            "has",
                            "had",
                            "have",
                            "allegedly",
                            "cepat",
                            "berhasil",
                            "pernah",
                            "kerap",
                            "sering",
                            "segera",
                            "baru",
                        ],
                    ));
            if relative {
                i += k;
                continue;
            }
            // "..., killing at least eight people", "..., seeking to mend
            // ties": a participle clause after a comma has no subject of
            // its own; PETRARCH codes nothing in it, up to the next comma.
            if self.opts.lang == Lang::En
                && i > 0
                && self.toks[i - 1].norm == ","
                && self.toks[i].norm.ends_with("ing")
            {
                adjunct_end = (i + k..n)
                    .find(|&x| {
                        is_any(&self.toks[x].norm, &[",", ";", ":"])
                            || is_any(&self.toks[x].norm, BOUNDARY)
                    })
                    .unwrap_or(n);
            }
            if i < adjunct_end {
                i += k;
                continue;
            }
            // "helped to plan", "help identify": a verb before another
            // verb lends it its subject; the act is the second verb's.
            let catenative = self.opts.lang == Lang::En
                && !sense.intent
                && !sense.speech
                && sense.object.is_empty()
                && sense.pattern.is_none()
                && {
                    let verb_at = |x: usize| {
                        self.toks.get(x).is_some_and(|t| {
                            t.text.chars().all(char::is_lowercase)
                                && table.first.contains_key(t.norm.as_str())
                        })
                    };
                    let nx = i + k;
                    (self.toks.get(nx).is_some_and(|t| t.norm == "to") && verb_at(nx + 1))
                        || (verb_at(nx)
                            && !self.toks[nx].norm.ends_with('s')
                            && !self.toks[nx].norm.ends_with("ed")
                            && !self.toks[nx].norm.ends_with("ing"))
                };
            if catenative {
                i += k;
                continue;
            }
            let be_before_verb = self
                .norms(i.saturating_sub(2), i)
                .iter()
                .any(|w| is_any(w, BE));
            let next_word = self.toks.get(i + k).map(|t| t.norm.as_str());
            // "officials accused of playing a role", "the civilians
            // imprisoned for acting": a bare participle of an accusation
            // or a repression before "of"/"for" describes its victims.
            let sense_root = sense.code.get(..2).unwrap_or("");
            if self.opts.lang == Lang::En
                && sense.participle
                && !be_before_verb
                && matches!(sense_root, "11" | "17")
                && matches!(next_word, Some("of" | "for"))
            {
                i += k;
                continue;
            }
            // "victims killed by the crash": a bare participle right
            // after a noun, with its agent after "by", is passive.
            let reduced_passive = self.opts.lang == Lang::En
                && sense.participle
                && !be_before_verb
                && next_word == Some("by")
                && i > 0
                && self.toks[i - 1]
                    .text
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-');
            let before: Vec<&str> = self.norms(i.saturating_sub(3), i);
            // A pattern's own words before the verb ("didn't * over") are
            // its sense, not a negation of it.
            let covered = pattern.map_or(i, |m| m.start.min(i));
            let negation_window: Vec<&str> = self.norms(i.saturating_sub(3), covered);
            let be_before = before.iter().rev().take(2).any(|w| is_any(w, BE));
            let passive = sense.passive || (sense.participle && be_before) || reduced_passive;
            // "announced it would free": "would" in reported speech is
            // the reported "will".
            let reported_would = self.opts.lang == Lang::En
                && before.contains(&"would")
                && self.norms(i.saturating_sub(7), i).iter().any(|w| {
                    is_any(
                        w,
                        &[
                            "said",
                            "announced",
                            "stated",
                            "declared",
                            "added",
                            "told",
                            "confirmed",
                            "indicated",
                            "insisted",
                            "signalled",
                            "signaled",
                        ],
                    )
                });
            let reciprocal = before.iter().any(|w| matches!(*w, "saling" | "each"));
            // ... "will meet in Zurich to discuss": "to" after a noun or a
            // place, not after a verb ("wants to", "agreed to").
            let purpose = before
                .last()
                .is_some_and(|w| matches!(*w, "untuk" | "guna" | "demi" | "dengan"))
                || (self.opts.lang == Lang::En && i >= 2 && self.toks[i - 1].norm == "to" && {
                    let w = self.toks[i - 2].norm.as_str();
                    w.chars().all(char::is_alphanumeric)
                        && !w.ends_with("ed")
                        && !w.ends_with("ing")
                        && !table.first.contains_key(w)
                        && !is_any(w, INTENT)
                        && !is_any(w, BE)
                        && !negation(w)
                        && !is_any(
                            w,
                            &[
                                "want", "wants", "need", "needs", "try", "tries", "able", "unable",
                                "due", "likely", "set", "about", "has", "have", "had", "going",
                                "ought", "used", "order", "seems", "seem",
                            ],
                        )
                });
            let mut sense = sense;
            if reciprocal {
                sense.mutual = true;
            }
            out.push(Verb {
                a: i,
                b: i + k,
                reciprocal,
                purpose,
                reporting,
                pattern,
                // "ditanya apakah Rusia akan membantu": a question, not an act.
                // "might want": a hypothetical act is no event either.
                negated: negation_window.iter().any(|w| negation(w))
                    || (self.opts.lang == Lang::En
                        && self.toks[i.saturating_sub(2)..i]
                            .iter()
                            .any(|t| t.text == "might" || t.text == "may"))
                    || self
                        .norms(i.saturating_sub(6), i)
                        .iter()
                        .any(|w| is_any(w, &["apakah", "whether", "seandainya", "jikalau"])),
                // "Obama and Putin will meet": a scheduled English meeting
                // is coded as the meeting (as PETRARCH-2 does).
                intent: before.iter().enumerate().any(|(x, w)| {
                    is_any(w, INTENT)
                        // "planned and carried out": a verb of intent
                        // joined to the act does not govern it.
                        && !((w.ends_with("ed") || w.ends_with('s'))
                            && before[x + 1..].iter().any(|w| is_any(w, &["and", "or", ","])))
                        && !(self.opts.lang == Lang::En
                            && *w == "will"
                            && (sense.mutual || sense.code == "040")
                            && sense.code.starts_with("04"))
                }) || reported_would,
                passive,
                promised: self.opts.lang == Lang::En
                    && before.iter().rev().take(2).any(|w| promise(w)),
                sense,
            });
            i += k;
        }
        out
    }

    /// Whether the sentence is written in mixed case (not a headline in
    /// capitals or a line in lower case): some words after the first are
    /// capitalised and some are not.
    fn cased(&self) -> bool {
        let words = || {
            self.toks
                .iter()
                .skip(1)
                .filter_map(|t| t.text.chars().next())
                .filter(|c| c.is_alphabetic())
        };
        words().any(char::is_uppercase) && words().any(char::is_lowercase)
    }

    fn boundary_between(&self, a: usize, b: usize) -> bool {
        let n = self.toks.len();
        self.toks[a.min(b).min(n)..b.max(a).min(n)]
            .iter()
            .any(|t| is_any(&t.norm, BOUNDARY))
    }
}

/// What the coder sees in a sentence: its actor groups and verbs, one a
/// line. For people tuning dictionaries (`examples/explain.rs`).
pub fn explain(s: &SentenceInput, opts: &CodeOptions, dict: &Dictionary) -> String {
    let toks = tokens(s);
    let cx = Ctx {
        toks: &toks,
        s,
        opts,
        dict,
        g: Gazetteer::get(),
    };
    let mentions = cx.mentions();
    let mut out = String::new();
    let text = |a: usize, b: usize| {
        toks[a..b.min(toks.len())]
            .iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let groups = cx.groups(&mentions);
    for g in &groups {
        out.push_str(&format!(
            "group [{}] {:?}{}{}\n",
            text(g.a, g.b),
            g.codes,
            if g.locative { " locative" } else { "" },
            if g.pronoun { " pronoun" } else { "" }
        ));
    }
    for v in cx.verbs(&mentions, &groups) {
        out.push_str(&format!(
            "verb [{}] {} passive={} negated={} intent={} mutual={} speech={}\n",
            text(v.a, v.b),
            v.sense.code,
            v.passive,
            v.negated,
            v.intent,
            v.sense.mutual,
            v.sense.speech
        ));
    }
    out
}

/// Codes one sentence; `carry` holds the previous sentence's actors and
/// takes this one's.
pub fn code_sentence(
    s: &SentenceInput,
    opts: &CodeOptions,
    dict: &Dictionary,
    carry: &mut Carry,
) -> Vec<Event> {
    let toks = tokens(s);
    if toks.is_empty() {
        return Vec::new();
    }
    let cx = Ctx {
        toks: &toks,
        s,
        opts,
        dict,
        g: Gazetteer::get(),
    };
    let mentions = cx.mentions();
    let groups = cx.groups(&mentions);
    let mut verbs = cx.verbs(&mentions, &groups);
    // An intent verb lends its intent to the verb it governs.
    for k in 0..verbs.len() {
        // ... not to one it is joined to: "planned and carried out".
        let joined = |k: usize| {
            toks[verbs[k].b..verbs[k + 1].a.max(verbs[k].b)]
                .iter()
                .any(|t| is_any(&t.norm, &["and", "or", "dan", "atau", ","]))
        };
        if verbs[k].sense.intent && governs(&verbs, &groups, k) && !joined(k) {
            verbs[k + 1].intent = true;
            verbs[k + 1].negated |= verbs[k].negated;
            verbs[k + 1].promised |= promise(&toks[verbs[k].a].norm);
        }
    }
    // "menurut X," / "according to X,": whose account the sentence is.
    let according = (0..toks.len().saturating_sub(1))
        .find(|&i| {
            toks[i].norm == "menurut" || (toks[i].norm == "according" && toks[i + 1].norm == "to")
        })
        .and_then(|i| {
            groups
                .iter()
                .position(|g| g.a > i && g.a <= i + 3 && !g.pronoun)
        })
        .filter(|&g| cx.toks.get(groups[g].b).is_some_and(|t| t.norm == ","));
    let mut events = Vec::new();
    let mut consumed = vec![false; verbs.len()];
    let mut subject_override: Vec<Option<Vec<String>>> = vec![None; verbs.len()];
    // "Obama and Putin said they will attack Iraq": a speaker announcing
    // its own attack claims it (015), as PETRARCH-2's SAY transformation
    // codes it; only the generic attack (190) and only one to come: "said
    // they would blockade" stays a threat, "said it struck" the strike.
    let mut claimed_own = vec![false; verbs.len()];
    let mut prev: Option<(Option<usize>, Option<usize>)> = None;
    let mut sentence_subject: Option<Vec<String>> = None;
    let mut sentence_object: Option<Vec<String>> = None;
    // A passive act done by a thing ("blown up by a missile"), waiting for
    // the thing's own agent ("believed to be fired by rebels"): its patient
    // and where its "by" stands.
    let mut by_instrument: Option<(Vec<String>, usize)> = None;

    for k in 0..verbs.len() {
        let v = verbs[k].clone();
        // "berkunjung ke Beijing untuk bertemu Xi": the purpose of an act
        // already coded is part of it.
        if v.purpose && !events.is_empty() {
            continue;
        }
        if consumed[k] {
            // "claimed that ISIL had attacked Iraq and taken Mosul": a verb
            // joined by "and" to a governed one is governed too.
            if opts.lang == Lang::En && k + 1 < verbs.len() && after_and(&cx, verbs[k + 1].a) {
                consumed[k + 1] = true;
            }
            continue;
        }
        if v.sense.intent && governs(&verbs, &groups, k) {
            continue;
        }
        // Subject: the nearest group before the verb in its clause.
        // ... never one inside an English prepositional phrase: "the
        // civilians jailed for acting against Moscow were released".
        let in_phrase = |g: &Group| {
            opts.lang == Lang::En
                && (1..=2).any(|k| {
                    g.a >= k
                        && is_any(
                            &cx.toks[g.a - k].norm,
                            &[
                                "against", "of", "for", "with", "about", "on", "over", "between",
                                "among", "toward", "towards", "into", "onto", "through", "without",
                                "upon",
                            ],
                        )
                        && cx.toks[g.a - k + 1..g.a].iter().all(|t| t.norm == "the")
                        // "thousands of Georgians" are who acts.
                        && !(cx.toks[g.a - k].norm == "of"
                            && g.a > k
                            && is_any(
                                &cx.toks[g.a - k - 1].norm,
                                &[
                                    "thousands", "hundreds", "dozens", "scores", "millions",
                                    "tens", "group", "groups", "crowd", "crowds", "some",
                                    "many", "most", "several", "number",
                                ],
                            ))
                })
        };
        let mut subj = groups.iter().rposition(|g| {
            g.b <= v.a && !g.locative && !in_phrase(g) && !cx.boundary_between(g.b, v.a)
        });
        // "The Malaysia Airlines Boeing 777 was blown up": a maker's name
        // right after the owner's names the product; the owner is the
        // subject.
        if let Some(i) = subj.filter(|&i| opts.lang == Lang::En && i > 0) {
            let maker = !groups[i].codes.is_empty()
                && groups[i]
                    .codes
                    .iter()
                    .all(|c| c.ends_with("MNC") || c.ends_with("BUS"));
            let owner = &groups[i - 1];
            if maker && owner.b == groups[i].a && !owner.locative && !owner.codes.is_empty() {
                subj = Some(i - 1);
            }
        }
        // Object: the first group after the verb in its clause, a named
        // party before a place; never the thing the verb's sense names
        // ("mengirim pasukan": the troops are sent, not the target).
        let object_ok = |g: &Group| {
            let lower = cx.toks[g.a..g.b]
                .iter()
                .all(|t| !t.text.chars().next().is_some_and(char::is_uppercase));
            // "..., a senior official said": after a comma, the subject
            // of the next verb is not this verb's object.
            let next_subject = cx.norms(v.b, g.a).contains(&",")
                && verbs.iter().any(|w| w.a >= g.b && w.a <= g.b + 1);
            // "demanded that Syria stop": whom a demand or an appeal is
            // made of stands after its "that".
            let that_clause = opts.lang == Lang::En
                && matches!(v.sense.code.get(..2), Some("10" | "02"))
                && cx.toks.get(v.b).is_some_and(|t| t.norm == "that")
                && !cx.boundary_between(v.b + 1, g.a);
            // "whether he really has a future with the Orcs": an English
            // subject pronoun starts a clause of its own; it is no object.
            let nominative = opts.lang == Lang::En
                && g.pronoun
                && g.b == g.a + 1
                && is_any(&cx.toks[g.a].norm, &["he", "she", "they"]);
            g.a >= v.b
                && g.a <= v.b + 12
                && !next_subject
                && !nominative
                && (!cx.boundary_between(v.b, g.a) || that_clause)
                && !(lower
                    && !(v.sense.mutual && opts.lang == Lang::En && !g.codes.is_empty())
                    && cx
                        .norms(g.a, g.b)
                        .iter()
                        .any(|w| v.sense.object.iter().any(|o| o == w)))
                // "military exercises": an agent word before the thing the
                // sense names describes it.
                && !(lower
                    && opts.lang == Lang::En
                    && cx
                        .toks
                        .get(g.b)
                        .is_some_and(|t| v.sense.object.contains(&t.norm)))
        };
        // A recipient named after "kepada" wins over a bare agent noun in
        // between ("kuota haji 20 ribu jemaah kepada Indonesia").
        let first_obj = groups.iter().position(|g| !g.locative && object_ok(g));
        let recipient_obj = first_obj.and_then(|f| {
            let bare = !cx.toks[groups[f].a]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            groups.iter().enumerate().skip(f + 1).find_map(|(x, g)| {
                (bare
                    && !g.locative
                    && object_ok(g)
                    && g.a > 0
                    && is_any(&cx.toks[g.a - 1].norm, &["kepada", "terhadap", "to"]))
                .then_some(x)
            })
        });
        // "meluncurkan rudal ke Kyiv ... dan merusak rumah sakit": a
        // destination right after the verb comes before a later noun.
        let first_dir = groups.iter().position(|g| {
            g.locative
                && object_ok(g)
                && g.a > 0
                && is_any(&cx.toks[g.a - 1].norm, &["ke", "menuju", "to", "into"])
        });
        let first_obj = match (first_obj, first_dir) {
            (Some(o), Some(d)) if d < o => Some(d),
            (o, _) => o,
        };
        let obj = recipient_obj.or(first_obj).or_else(|| {
            groups.iter().position(|g| {
                let directional = g.a > 0
                    && is_any(
                        &cx.toks[g.a - 1].norm,
                        &["ke", "dari", "menuju", "to", "from", "into"],
                    );
                // Force is used against a place: "menduduki bukit di Suriah".
                // ... and a protest at a building: "di depan Gedung DPR".
                let root = v.sense.code.get(..2).unwrap_or("");
                let building = cx.toks[g.a]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                    && s.entities.iter().any(|e| {
                        e.kind == EntityKind::Org
                            && token_range(cx.toks, e.start, e.end).is_some_and(|(a, _)| a == g.a)
                    });
                // The place belongs to another country than the subject.
                let foreign = subj.is_some_and(|si| {
                    let own: Vec<&str> =
                        groups[si].codes.iter().filter_map(|c| c.get(..3)).collect();
                    !own.is_empty()
                        && g.codes
                            .iter()
                            .all(|c| c.get(..3).is_some_and(|c| !own.contains(&c)))
                });
                // ... and arrivals: "tiba di Jakarta" is a visit to Indonesia.
                // ... and help or money for another country's place: "membantu
                // pembangunan bendungan di Kalimantan Utara" helps Indonesia.
                // ... and a show of force in another country's place:
                // "exercises in Alaska" are aimed at the United States.
                let abroad = (matches!(dict.code_info(&v.sense.code).quad_class, 1 | 2)
                    || root == "15")
                    && foreign;
                // ... and condemnations of what happened in another
                // country: "condemned the coup in Mauritania".
                let elsewhere = opts.lang == Lang::En && root == "11" && foreign;
                let forceful = matches!(root, "18" | "19" | "20")
                    || elsewhere
                    || (root == "14" && building)
                    || v.sense.code == "042"
                    || abroad;
                g.locative && object_ok(g) && (directional || forceful)
            })
        });
        // A pattern's `+` and `$` say where its target and source stand.
        let mut obj = obj;
        if let Some(m) = v.pattern {
            let after = |p: usize| {
                groups
                    .iter()
                    .position(|g| g.a >= p && g.a <= p + 8 && !cx.boundary_between(p, g.a))
            };
            if let Some(t) = m.target_from.and_then(after) {
                obj = Some(t);
            }
            if let Some(sx) = m.source_from.and_then(after) {
                // `+ HOSTING *`: the target stands before the pattern's
                // first word, not only before the verb.
                if v.sense.pattern.as_ref().is_some_and(|p| p.target_before) {
                    obj = groups.iter().rposition(|g| {
                        g.b <= m.start && !g.locative && !cx.boundary_between(g.b, m.start)
                    });
                }
                subj = Some(sx);
            }
        }
        // "X menyerang Y dan membunuh Z": Y is an object, X the subject.
        // "X menggeledah Y dan menyita dokumen": with no object of its
        // own, the second verb acts on the first one's.
        let mut shared_object = None;
        // "X condemned the attack on Y and promised aid to Z": a verb right
        // after "and" shares the subject of the verb before.
        if opts.lang == Lang::En {
            let after_and = after_and(&cx, v.a);
            if let (true, Some((Some(p_subj), _))) = (after_and, prev) {
                if subj != Some(p_subj) {
                    subj = Some(p_subj);
                }
            }
        }
        if let (Some(si), Some((p_subj, Some(p_obj)))) = (subj, prev) {
            if si == p_obj {
                let between = cx.norms(groups[si].b, v.a);
                if between.iter().any(|w| is_any(w, COORDINATOR)) {
                    subj = p_subj;
                    shared_object = Some(p_obj);
                }
            }
        }
        let mut subject: Option<Vec<String>> = subj.map(|i| groups[i].codes.clone());
        // "Menurut Rusia, Ukraina menyerang ...": another's act, as the
        // source tells it, is the source's accusation.
        if let (Some(sp), Some(si)) = (according, subj) {
            let other = &groups[si].codes;
            if si != sp
                && !other.is_empty()
                && !groups[sp].codes.is_empty()
                && !v.sense.speech
                && other.iter().all(|c| !groups[sp].codes.contains(c))
            {
                push_events(
                    &cx,
                    &mut events,
                    &v,
                    "112",
                    &groups[sp].codes,
                    other,
                    s,
                    false,
                );
                continue;
            }
        }
        let subject_pronoun = subj.is_some_and(|i| groups[i].pronoun);
        let subject_unknown = subj.is_some_and(|i| groups[i].unknown && groups[i].codes.is_empty());
        let mut object: Option<Vec<String>> =
            obj.or(shared_object).map(|i| groups[i].codes.clone());
        if let Some(o) = subject_override[k].take() {
            subject = Some(o);
        } else if subject_pronoun || (subj.is_none() && v.a <= 2) {
            // "Ia ...", "Lalu memperingatkan ...": the previous sentence's actors.
            if !carry.subject.is_empty() {
                // "Keduanya", "mereka": both sides of the sentence before.
                let both = subj.is_some_and(|i| {
                    cx.norms(groups[i].a, groups[i].b)
                        .iter()
                        .any(|w| matches!(*w, "keduanya" | "kedua" | "both"))
                });
                let mut carried = carry.subject.clone();
                if both {
                    carried.extend(
                        carry
                            .object
                            .iter()
                            .filter(|c| !carry.subject.contains(c))
                            .cloned(),
                    );
                }
                subject = Some(carried);
                if !both && object.as_ref().is_none_or(|o| o.is_empty()) && !carry.object.is_empty()
                {
                    object = Some(carry.object.clone());
                }
            }
        }
        if subject_unknown {
            subject = None;
        }
        prev = Some((subj, obj));
        // "Rusia dan Ukraina bertukar tawanan dengan mediasi UEA": a joint
        // act's partners are the subjects themselves.
        // ... but "Obama and Putin will meet in Zurich" meet in
        // Switzerland: a place abroad right after the verb is the target.
        let met_abroad = opts.lang == Lang::En
            && !v.reciprocal
            && obj.is_some_and(|o| {
                groups[o].locative && groups[o].a == v.b + 1 && cx.toks[v.b].norm == "in"
            });
        if (v.reciprocal || (v.sense.mutual && subject.as_ref().is_some_and(|s| s.len() >= 2)))
            && !met_abroad
        {
            object = None;
        }

        if v.sense.speech {
            // Reported speech: whose act is in the complement?
            let next = (k + 1..verbs.len()).find(|&j| verbs[j].a > v.b);
            let speaker = subject.clone().unwrap_or_default();
            // "A report alleged that the army helped to plan killings": an
            // allegation no actor makes is neither an accusation nor the
            // alleged act.
            if speaker.is_empty() && opts.lang == Lang::En && v.sense.code.starts_with("11") {
                for j in k + 1..verbs.len() {
                    if verbs[j].sense.speech
                        || cx.toks[v.b..verbs[j].a].iter().any(|t| t.norm == ";")
                    {
                        break;
                    }
                    consumed[j] = true;
                }
                continue;
            }
            // A quote or another clause between them: not the complement.
            let next = next.filter(|&j| {
                !cx.toks[v.b..verbs[j].a].iter().any(|t| {
                    is_any(
                        &t.norm,
                        &["“", "”", "\"", ";", "ketika", "when", "setelah", "after"],
                    )
                })
            });
            // Another country's (or body's) act, not the speaker's own.
            let same_side = |other: &[String]| {
                other.iter().all(|c| {
                    speaker
                        .iter()
                        .any(|sp| sp.get(..3) == c.get(..3) && !c.starts_with("---"))
                })
            };
            if let Some(j) = next {
                let inner = groups.iter().rposition(|g| g.a >= v.b && g.b <= verbs[j].a);
                match inner {
                    Some(gi)
                        if !groups[gi].pronoun
                            && !groups[gi].codes.is_empty()
                            && !verbs[j].sense.speech
                            && (!verbs[j].passive || opts.lang != Lang::En) =>
                    {
                        let other = &groups[gi].codes;
                        if !speaker.is_empty() && !same_side(other) {
                            consumed[j] = true;
                            push_events(&cx, &mut events, &v, "112", &speaker, other, s, false);
                            if sentence_object.is_none() {
                                sentence_object = Some(other.clone());
                            }
                        }
                    }
                    _ => {
                        // "Israel said a mortar bomb was fired at it from
                        // the Gaza Strip": the agent of a passive act.
                        let agent = verbs[j]
                            .passive
                            .then(|| {
                                groups.iter().find(|g| {
                                    g.a >= verbs[j].b
                                        && g.a <= verbs[j].b + 8
                                        && !g.pronoun
                                        && !g.codes.is_empty()
                                        && !cx.boundary_between(verbs[j].b, g.a)
                                        && (1..=2).any(|k| {
                                            g.a >= k
                                                && is_any(&cx.toks[g.a - k].norm, &["by", "from"])
                                                && cx.toks[g.a - k + 1..g.a]
                                                    .iter()
                                                    .all(|t| t.norm == "the")
                                        })
                                })
                            })
                            .flatten()
                            .filter(|g| opts.lang == Lang::En && !same_side(&g.codes));
                        match agent {
                            Some(g) if !speaker.is_empty() => {
                                consumed[j] = true;
                                push_events(
                                    &cx,
                                    &mut events,
                                    &v,
                                    "112",
                                    &speaker,
                                    &g.codes,
                                    s,
                                    false,
                                );
                                sentence_object.get_or_insert_with(|| g.codes.clone());
                            }
                            _ => {
                                // "said it would free": the speaker acts;
                                // "said a car bomb killed": something else
                                // no one codes.
                                let own = opts.lang != Lang::En
                                    || (v.b..verbs[j].a).all(|x| {
                                        let t = &cx.toks[x];
                                        is_any(
                                            &t.norm,
                                            &[
                                                "that",
                                                "it",
                                                "he",
                                                "she",
                                                "they",
                                                "we",
                                                "i",
                                                "would",
                                                "will",
                                                "had",
                                                "has",
                                                "have",
                                                "was",
                                                "were",
                                                "is",
                                                "are",
                                                "be",
                                                "been",
                                                "not",
                                                "n't",
                                                "also",
                                                "then",
                                                "could",
                                                "should",
                                                "must",
                                                "can",
                                                "to",
                                                "still",
                                                "now",
                                                "soon",
                                                "later",
                                                "never",
                                                "already",
                                                "'d",
                                                "'ll",
                                                "on",
                                                "monday",
                                                "tuesday",
                                                "wednesday",
                                                "thursday",
                                                "friday",
                                                "saturday",
                                                "sunday",
                                                "yesterday",
                                                "today",
                                                "earlier",
                                                "again",
                                            ],
                                        ) || negation(&t.norm)
                                            || is_any(&t.norm, INTENT)
                                            || t.norm.ends_with("ly")
                                            || groups
                                                .iter()
                                                .any(|g| g.pronoun && g.a <= x && x < g.b)
                                    });
                                subject_override[j] =
                                    Some(if own { speaker.clone() } else { Vec::new() });
                                claimed_own[j] = own
                                    && opts.lang == Lang::En
                                    && !speaker.is_empty()
                                    && claims(&cx.toks[v.a].norm);
                            }
                        }
                    }
                }
            } else if !speaker.is_empty() {
                // "mengatakan Israel berada di balik ...": an act no
                // dictionary names is still another's act, reported.
                let inner = groups.iter().find(|g| {
                    g.a >= v.b && g.a <= v.b + 2 && !g.pronoun && !g.locative && !g.codes.is_empty()
                });
                if let Some(g) = inner {
                    let verb_like = cx.toks.get(g.b).is_some_and(|t| {
                        ["me", "ber", "di", "ter"]
                            .iter()
                            .any(|p| t.norm.starts_with(p))
                            || is_any(
                                &t.norm,
                                &["telah", "sudah", "sedang", "akan", "tidak", "terus"],
                            )
                    });
                    if verb_like && !same_side(&g.codes) {
                        push_events(&cx, &mut events, &v, "112", &speaker, &g.codes, s, false);
                        sentence_object.get_or_insert_with(|| g.codes.clone());
                    }
                }
            }
            if !speaker.is_empty() {
                sentence_subject.get_or_insert(speaker);
            }
            continue;
        }
        let (source, target) = if v.passive {
            // "disalurkan oleh Kemensos kepada warga": the recipient follows.
            let recipient = || {
                obj.and_then(|o| {
                    groups.iter().skip(o + 1).find(|g| {
                        g.a > 0
                            && is_any(
                                &cx.toks[g.a - 1].norm,
                                &["kepada", "terhadap", "bagi", "to"],
                            )
                    })
                })
                .map(|g| g.codes.clone())
            };
            // "Evidence against Russia was presented by the US": what the
            // passive subject is against is the target.
            let against = || {
                groups
                    .iter()
                    .rev()
                    .find(|g| {
                        g.b <= v.a
                            && !g.codes.is_empty()
                            && !cx.boundary_between(g.b, v.a)
                            && (1..=2).any(|k| {
                                g.a >= k
                                    && cx.toks[g.a - k].norm == "against"
                                    && cx.toks[g.a - k + 1..g.a].iter().all(|t| t.norm == "the")
                            })
                    })
                    .map(|g| g.codes.clone())
            };
            let target = subject
                .clone()
                .filter(|t| !t.is_empty())
                .or_else(recipient)
                .or_else(|| against().filter(|_| opts.lang == Lang::En))
                .unwrap_or_default();
            // "victims killed by the Malaysia Airlines flight MH17 crash":
            // an accident named after its actor is nobody's act.
            let accident = opts.lang == Lang::En
                && obj.is_some_and(|o| {
                    cx.toks[groups[o].b..cx.toks.len().min(groups[o].b + 4)]
                        .iter()
                        .take_while(|t| t.norm.chars().all(char::is_alphanumeric))
                        .any(|t| is_any(&t.norm, ACCIDENT))
                });
            let source = if accident {
                Vec::new()
            } else {
                object.clone().unwrap_or_default()
            };
            // "MH17 was blown up by a missile believed to be fired by
            // rebels": the rebels' act is on the airliner.
            let by = cx.toks[v.b..cx.toks.len().min(v.b + 8)]
                .iter()
                .position(|t| t.norm == "by")
                .map(|p| v.b + p);
            let target = match &by_instrument {
                Some((patient, at))
                    if opts.lang == Lang::En
                        && target.is_empty()
                        && !source.is_empty()
                        && *at < v.a
                        && !cx.boundary_between(*at, v.a) =>
                {
                    patient.clone()
                }
                _ => target,
            };
            if opts.lang == Lang::En && source.is_empty() && !target.is_empty() && !accident {
                if let Some(at) = by {
                    by_instrument = Some((target.clone(), at));
                }
            }
            (source, target)
        } else {
            (
                subject.clone().unwrap_or_default(),
                object.clone().unwrap_or_default(),
            )
        };
        // "received weapons from B": B gives, the subject receives.
        let (source, target) = if v.sense.given && !v.passive {
            let from = |a: usize| {
                (1..=2).any(|k| {
                    a >= k
                        && is_any(&cx.toks[a - k].norm, &["from", "dari"])
                        && cx.toks[a - k + 1..a].iter().all(|t| t.norm == "the")
                })
            };
            let giver = groups.iter().find(|g| {
                g.a > v.b
                    && g.a <= v.b + 12
                    && from(g.a)
                    && !g.codes.is_empty()
                    && !cx.boundary_between(v.b, g.a)
            });
            match giver {
                Some(g) => (g.codes.clone(), subject.clone().unwrap_or_default()),
                None => continue,
            }
        } else {
            (source, target)
        };
        if source.is_empty() {
            continue;
        }
        // "..., a senior official said on Monday": a reporting verb with
        // no one it is said to attributes the sentence; it is no event.
        if v.reporting && target.is_empty() && v.sense.object.is_empty() {
            continue;
        }
        if sentence_subject.is_none() {
            sentence_subject = Some(source.clone());
            sentence_object = Some(target.clone());
        }
        // "meminta Y membebaskan", "menolak membebaskan", "mengancam
        // menjatuhkan sanksi": the governed verb is the content of the
        // appeal, demand, accusation, refusal or threat, not an event.
        let root = v.sense.code.get(..2).unwrap_or("");
        let mut code = v.sense.code.clone();
        // "Obama wants Russia to stop": wanting another to act is an
        // appeal to it (02), for military help when the act is force
        // (PETRARCH-2's WANT transformation); the act is its content.
        if opts.lang == Lang::En && v.sense.intent && !v.sense.literal && code == "030" {
            let asked = obj.filter(|&o| {
                let g = &groups[o];
                g.a <= v.b + 1 && !g.locative && cx.toks.get(g.b).is_some_and(|t| t.norm == "to")
            });
            if let Some(j) = asked.and_then(|o| {
                (k + 1..verbs.len())
                    .find(|&j| verbs[j].a > groups[o].b && verbs[j].a <= groups[o].b + 2)
            }) {
                consumed[j] = true;
                code = if matches!(verbs[j].sense.code.get(..2), Some("18" | "19" | "20")) {
                    "021".into()
                } else {
                    "020".into()
                };
            }
        }
        // "denied that its army had bombed villages": what is denied is
        // no event either.
        let denial = code == "016" && opts.lang == Lang::En;
        if matches!(root, "02" | "10" | "11" | "12" | "13" | "14") || denial {
            let mut limit = obj.map_or(v.b + 2, |o| groups[o].b + 3).max(v.b + 2);
            if denial {
                limit = (v.b + 1..cx.toks.len())
                    .find(|&x| is_any(&cx.toks[x].norm, BOUNDARY) && cx.toks[x].norm != "that")
                    .unwrap_or(cx.toks.len());
            }
            if root == "14" {
                // "berunjuk rasa di depan Gedung DPR menolak ...": what a
                // protest is against, unless someone else acts.
                limit = groups
                    .iter()
                    .find(|g| g.a > v.b && !g.locative)
                    .map_or(cx.toks.len(), |g| g.a);
            }
            if let Some(j) =
                (k + 1..verbs.len()).find(|&j| verbs[j].a <= limit && verbs[j].a >= v.b)
            {
                consumed[j] = true;
                if root == "13" && v.sense.code.len() == 3 && v.sense.code.ends_with('0') {
                    code = intent_code(&verbs[j].sense.code);
                }
                // "menuntut pemimpin itu mundur": a governed demand governs
                // in turn.
                let inner_root = verbs[j].sense.code.get(..2).unwrap_or("");
                if matches!(inner_root, "02" | "10" | "11" | "12" | "13") {
                    if let Some(next) =
                        (j + 1..verbs.len()).find(|&x| !cx.boundary_between(verbs[j].b, verbs[x].a))
                    {
                        consumed[next] = true;
                    }
                }
            }
        }
        // "helped the two dissidents": help with no one helped right after
        // it ("helped to plan", "help identify victims") is no aid.
        if v.sense.code == "070"
            && v.sense.object.is_empty()
            && v.sense.pattern.is_none()
            && !v.sense.literal
            && opts.lang == Lang::En
            && (obj.is_none_or(|o| groups[o].a > v.b + 4)
                || cx.toks.get(v.b).is_some_and(|t| {
                    let starts_obj = obj.is_some_and(|o| groups[o].a == v.b);
                    !starts_obj
                        && t.text.chars().all(char::is_lowercase)
                        && !is_any(&t.norm, &["the", "a", "an", "its", "their", "his", "her"])
                }))
        {
            continue;
        }
        // "said he would not give permission": refusing to cooperate is
        // a rejection (12), not a negated act.
        let refusal = (v.negated && opts.lang == Lang::En && !v.sense.literal)
            .then(|| refusal_code(&code))
            .flatten()
            .filter(|_| {
                let before = cx.norms(v.a.saturating_sub(3), v.a);
                let volitional = before.iter().any(|w| {
                    is_any(
                        w,
                        &[
                            "would", "will", "won't", "wouldn't", "refused", "refuses", "refuse",
                        ],
                    )
                });
                volitional
            });
        let negated = v.negated && refusal.is_none();
        if let Some(r) = &refusal {
            code = r.clone();
        }
        let mut v = Verb { negated, ..v };
        if met_abroad {
            // The place does not meet them back.
            v.sense.mutual = false;
        }
        if negated && !opts.keep_negated {
            continue;
        }
        if claimed_own[k] && code == "190" && v.intent && refusal.is_none() {
            code = "015".into();
            v.intent = false;
        }
        // "want to re-examine": CAMEO has no intent to investigate, and
        // PETRARCH-2 codes the English investigation itself.
        let investigation = opts.lang == Lang::En && code.starts_with("09");
        // "Qatar has pledged to expel exiled leaders": a pledge is made to
        // whom it is given, not a threat to whom the act is aimed at;
        // PETRARCH-2 codes the promised hostile act itself.
        let pledged_conflict = v.promised
            && matches!(dict.code_info(&code).quad_class, 3 | 4)
            && !code.starts_with("13");
        if v.intent && !v.sense.literal && refusal.is_none() && !investigation && !pledged_conflict
        {
            code = intent_code(&code);
        }
        // A visit to a place (a capital, a city) is a visit to the country;
        // no host is named to return it.
        let to_place = obj.is_some_and(|o| {
            let g = &groups[o];
            s.entities.iter().any(|e| {
                e.kind == EntityKind::Loc
                    && token_range(cx.toks, e.start, e.end).is_some_and(|(a, _)| a == g.a)
            })
        });
        if code == "042" && to_place && !v.passive {
            let places: Vec<String> = target
                .iter()
                .map(|c| c.get(..3).unwrap_or(c).to_string())
                .collect();
            let one_way = Verb {
                sense: Sense {
                    mutual: false,
                    ..v.sense.clone()
                },
                ..v.clone()
            };
            push_events(
                &cx,
                &mut events,
                &one_way,
                "042",
                &source,
                &places,
                s,
                false,
            );
        } else {
            push_events(&cx, &mut events, &v, &code, &source, &target, s, true);
        }
    }
    if let Some(subject) = sentence_subject.filter(|s| !s.is_empty()) {
        carry.subject = subject;
        carry.object = sentence_object.unwrap_or_default();
    } else if let Some(g) = groups.iter().find(|g| !g.codes.is_empty()) {
        carry.subject = g.codes.clone();
        carry.object.clear();
    }
    // "China's mines ... China's energy": an English actor doing something
    // to itself, code for code, is two mentions of one side, not an event
    // (no English gold codes one).
    let mut events = dedupe(events);
    if opts.lang == Lang::En {
        events.retain(|e| e.source.is_empty() || e.source != e.target);
    }
    events
}

/// Whether verb `k` stands right before the next verb, with no actor in
/// between ("plans to attack", not "wants Putin to attack").
fn governs(verbs: &[Verb], groups: &[Group], k: usize) -> bool {
    k + 1 < verbs.len()
        && verbs[k + 1].a <= verbs[k].b + 2
        && !groups
            .iter()
            .any(|g| g.a >= verbs[k].b && g.a < verbs[k + 1].a)
}

/// English words of a pledge: "pledged", "vowed", "promised".
fn promise(norm: &str) -> bool {
    ["pledg", "vow", "promis"]
        .iter()
        .any(|p| norm.starts_with(p))
}

/// Reporting verbs that claim what they report ("said", "claimed",
/// "announced"), not the ones that guess or hope it ("believed").
fn claims(norm: &str) -> bool {
    [
        "said", "say", "says", "saying", "claim", "announc", "confirm", "declar", "stated",
        "states", "told", "tell", "insist", "assert", "admit",
    ]
    .iter()
    .any(|p| norm.starts_with(p))
}

/// Whether "and" stands right before token `a`, over adverbs and
/// auxiliaries ("and promised", "and has also taken").
fn after_and(cx: &Ctx, a: usize) -> bool {
    let mut x = a;
    while x > 0
        && is_any(
            &cx.toks[x - 1].norm,
            &[
                "also", "then", "later", "has", "have", "had", "will", "would", "quickly",
            ],
        )
    {
        x -= 1;
    }
    x > 0 && cx.toks[x - 1].norm == "and"
}

fn dedupe(events: Vec<Event>) -> Vec<Event> {
    let mut seen = HashSet::new();
    events
        .into_iter()
        .filter(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone())))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn push_events(
    cx: &Ctx,
    events: &mut Vec<Event>,
    v: &Verb,
    code: &str,
    sources: &[String],
    targets: &[String],
    s: &SentenceInput,
    hosted: bool,
) {
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    // An intent is one side's; a joint act of cooperation by "A dan B" is
    // done by each to the other.
    let cooperative = matches!(cx.dict.code_info(code).quad_class, 1 | 2);
    let mutual = v.sense.mutual && !v.intent;
    if targets.is_empty() {
        if (v.sense.mutual || cooperative) && sources.len() >= 2 {
            for a in sources {
                for b in sources {
                    if a != b {
                        pairs.push((a.clone(), b.clone(), code.to_string()));
                    }
                }
            }
        } else {
            for a in sources {
                pairs.push((a.clone(), String::new(), code.to_string()));
            }
        }
    } else {
        for a in sources {
            for b in targets {
                if a == b && sources.len() + targets.len() > 2 {
                    continue;
                }
                pairs.push((a.clone(), b.clone(), code.to_string()));
                // Visits and meetings hold both ways: the host hosts (043)
                // whom the visitor visits (042).
                let back = match code {
                    _ if v.sense.literal => v.sense.back.as_deref(),
                    "042" | "043" if !hosted => None,
                    "042" => Some("043"),
                    "043" => Some("042"),
                    _ if mutual => Some(code),
                    _ => None,
                };
                if let Some(back) = back {
                    pairs.push((b.clone(), a.clone(), back.to_string()));
                }
            }
        }
    }
    let date = s
        .dates
        .iter()
        .find(|(a, b, _)| *a >= s.start && *b <= s.end)
        .and_then(|(_, _, v)| v.get(..10))
        .filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-')
        .map(str::to_string)
        .or_else(|| cx.opts.date.clone());
    let location = location(cx);
    for (source, target, code) in pairs {
        let code = violence_against_civilians(&code, &source, &target);
        let info = cx.dict.code_info(&code);
        events.push(Event {
            source,
            target,
            root: code.get(..2).unwrap_or("").to_string(),
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            code,
            negated: v.negated,
            date: date.clone(),
            location: location.clone(),
            sentence: s.text.to_string(),
            start: s.start,
            end: s.end,
        });
    }
}

/// Fighting (19) is between armed forces. When the victims are civilians
/// and the attackers are not an army, CAMEO calls it an assault (18):
/// by gunmen, rebels or separatists 180, by civilians or criminals 182.
fn violence_against_civilians(code: &str, source: &str, target: &str) -> String {
    let role = |c: &str| c.get(3..).unwrap_or("").get(..3).unwrap_or("").to_string();
    let (s, t) = (role(source), role(target));
    // Protesters who destroy, assault or fight riot (145); forces who
    // use violence on protesters repress them (175).
    let violent = code.starts_with("18") || code == "190";
    if s == "OPP" && (violent || code == "1712") {
        return "145".into();
    }
    if t == "OPP" && matches!(s.as_str(), "MIL" | "COP" | "SPY") && (violent || code == "145") {
        return "175".into();
    }
    let civilian_target = matches!(t.as_str(), "CVL" | "REL" | "EDU" | "MED" | "HLH" | "REF");
    if !code.starts_with("19") || !civilian_target {
        return code.to_string();
    }
    match s.as_str() {
        "UAF" | "REB" | "SEP" | "IMG" => "180".into(),
        "CVL" | "CRM" | "OPP" => "182".into(),
        _ => code.to_string(),
    }
}

/// The place the sentence names: a place after "di"/"in"/"at" first, then
/// any place that does not act.
fn location(cx: &Ctx) -> Option<String> {
    let places = acting_places();
    let mut fallback = None;
    for e in cx.s.entities {
        if e.kind != EntityKind::Loc || e.start < cx.s.start || e.end > cx.s.end {
            continue;
        }
        let Some((a, _)) = token_range(cx.toks, e.start, e.end) else {
            continue;
        };
        if a > 0 && is_any(&cx.toks[a - 1].norm, LOCATIVE) {
            return Some(e.text.clone());
        }
        if !places.contains(&e.canonical) && fallback.is_none() {
            fallback = Some(e.text.clone());
        }
    }
    fallback
}
