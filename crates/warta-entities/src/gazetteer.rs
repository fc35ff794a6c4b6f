//! The project's gazetteer (`data/gazetteer/*.tsv` at the repository root),
//! embedded at compile time and indexed by normalised token sequences.
//!
//! Every surface form (name, alias, acronym, capital, nickname) becomes a
//! key: its tokens, lower-cased, hyphens read as spaces, joined by single
//! spaces. The recognizer builds the same key from the text, so
//! "Kim Jong-Un", "Kim Jong Un" and "kim jong un" all meet one entry.

use crate::EntityKind;
use std::sync::OnceLock;
use warta_lang::fxhash::FastMap as HashMap;

const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
const IGOS: &str = include_str!("../../../data/gazetteer/igos.tsv");
const INSTITUTIONS: &str = include_str!("../../../data/gazetteer/institutions_id.tsv");
const LEADERS: &str = include_str!("../../../data/gazetteer/leaders.tsv");
const PLACES: &str = include_str!("../../../data/gazetteer/places.tsv");
const ORGANISATIONS: &str = include_str!("../../../data/gazetteer/organisations.tsv");
const ROLES: &str = include_str!("../../../data/gazetteer/roles.tsv");
const TITLES: &str = include_str!("../../../data/gazetteer/titles.tsv");

/// One thing the gazetteer knows: a country, city, organisation or person.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntityKind,
    pub canonical: String,
    /// CAMEO actor code; for people, see `terms`.
    pub actor: Option<String>,
    /// A person's offices: (actor, from, to) with `YYYY-MM-DD` dates, `to`
    /// empty while in office.
    pub terms: Vec<Term>,
    /// True for a capital city: it stands for the government when it acts.
    pub is_capital: bool,
    /// True for a country (or region, territory): it can act as a whole.
    pub is_country: bool,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub actor: String,
    pub from: String,
    pub to: String,
}

impl Entry {
    /// A country, place or organisation with its CAMEO code.
    fn place_or_body(
        kind: EntityKind,
        canonical: &str,
        actor: &str,
        is_capital: bool,
        is_country: bool,
    ) -> Entry {
        Entry {
            kind,
            canonical: canonical.to_string(),
            actor: Some(actor.to_string()),
            terms: Vec::new(),
            is_capital,
            is_country,
        }
    }

    /// The actor code on `date` (`YYYY-MM-DD`); without a date, the latest term's.
    pub fn actor_on(&self, date: Option<&str>) -> Option<&str> {
        if self.terms.is_empty() {
            return self.actor.as_deref();
        }
        if let Some(date) = date {
            let held = self
                .terms
                .iter()
                .filter(|t| t.from.as_str() <= date && (t.to.is_empty() || date <= t.to.as_str()))
                .max_by(|a, b| a.from.cmp(&b.from));
            return held.map(|t| t.actor.as_str());
        }
        self.terms
            .iter()
            .max_by(|a, b| a.from.cmp(&b.from))
            .map(|t| t.actor.as_str())
    }
}

/// How one surface form may match.
#[derive(Debug, Clone)]
pub struct Surface {
    pub entry: u32,
    /// The form as written in the gazetteer, for case-sensitive acronyms.
    pub exact: Option<String>,
    /// An ambiguous short form ("Kim"): only after a full mention.
    pub coref_only: bool,
    /// A phrase that names an actor but is not a named entity under the
    /// usual NER conventions ("Presiden RI", "Pemerintah Indonesia").
    pub actor_only: bool,
}

/// A title, rank or honorific that signals a person.
#[derive(Debug, Clone)]
pub struct Title {
    pub role: Option<String>,
    /// Indonesian offices and ranks imply Indonesia when no country is named.
    pub indonesian: bool,
}

pub struct Gazetteer {
    pub entries: Vec<Entry>,
    surfaces: HashMap<String, Vec<Surface>>,
    /// Longest key (in tokens) starting with each first token.
    first: HashMap<String, usize>,
    titles: HashMap<String, Title>,
    title_first: HashMap<String, usize>,
    /// Country adjectives and demonyms ("Russian", "North Korean"), with
    /// their country code: not entities, but they say whose an actor is.
    adjectives: HashMap<String, String>,
    /// Agent words ("polisi", "troops") and their CAMEO role code.
    roles: HashMap<String, String>,
    role_first: HashMap<String, usize>,
}

/// The normalised key of a token sequence.
pub fn key_of<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for t in tokens {
        if !key.is_empty() {
            key.push(' ');
        }
        push_normalised(&mut key, t);
    }
    key
}

/// Lower-cases `token` into `out`, reading typographic apostrophes as `'`.
pub fn push_normalised(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '’' | '‘' | '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Splits a surface form into the tokens the recognizer would see.
pub fn surface_tokens(surface: &str) -> Vec<&str> {
    crate::recognize::match_tokens(surface)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// Forms matched only as written: acronyms ("AS", "WHO") and very short
/// names ("Xi", "Li"), which are ordinary words or numerals in other cases.
fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters > 0
        && !s.contains(' ')
        && ((letters <= 6 && s.chars().all(|c| !c.is_lowercase())) || letters <= 3)
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn values(field: Option<&&'static str>) -> impl Iterator<Item = &'static str> {
    field
        .copied()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Gazetteer {
    /// The gazetteer built into the binary.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::new(),
            surfaces: HashMap::default(),
            first: HashMap::default(),
            titles: HashMap::default(),
            title_first: HashMap::default(),
            adjectives: HashMap::default(),
            roles: HashMap::default(),
            role_first: HashMap::default(),
        };
        g.load_roles();
        g.load_titles();
        g.load_leaders();
        g.load_countries();
        g.load_named(PLACES, EntityKind::Loc, 3);
        g.load_igos();
        g.load_named(ORGANISATIONS, EntityKind::Org, 2);
        g.load_institutions();
        g
    }

    fn push(&mut self, entry: Entry) -> u32 {
        self.entries.push(entry);
        (self.entries.len() - 1) as u32
    }

    fn add_surface(&mut self, surface: &str, entry: u32, coref_only: bool) {
        // English forms with the article: "the UN" is matched as "UN".
        let surface = surface.strip_prefix("the ").unwrap_or(surface);
        let tokens = surface_tokens(surface);
        if tokens.is_empty() {
            return;
        }
        let key = key_of(tokens.iter().copied());
        let first = key_of(tokens.iter().take(1).copied());
        let title_led = self.title_len(&tokens) > 0;
        let actor_only = title_led
            || matches!(
                first.as_str(),
                "pemerintah" | "government" | "pemprov" | "pemkot" | "pemkab" | "pemda"
            );
        let exact = is_acronym(surface).then(|| surface.to_string());
        let list = self.surfaces.entry(key).or_default();
        // The first entry loaded for a form wins (people, then places,
        // then organisations); keep one surface per entry.
        if list.iter().any(|s| s.entry == entry) {
            return;
        }
        list.push(Surface {
            entry,
            exact,
            coref_only,
            actor_only,
        });
        let n = self.first.entry(first).or_insert(0);
        *n = (*n).max(tokens.len());
    }

    fn load_titles(&mut self) {
        for r in rows(TITLES) {
            let (Some(title), Some(lang)) = (r.first(), r.get(1)) else {
                continue;
            };
            let role = r.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string());
            let kind = r.get(4).copied().unwrap_or("");
            let tokens = surface_tokens(title);
            if tokens.is_empty() {
                continue;
            }
            let indonesian = *lang == "id"
                && (kind.starts_with("police") || kind.starts_with("military") || kind == "office");
            let key = key_of(tokens.iter().copied());
            let first = key_of(tokens.iter().take(1).copied());
            let n = self.title_first.entry(first).or_insert(0);
            *n = (*n).max(tokens.len());
            self.titles.insert(key, Title { role, indonesian });
        }
    }

    fn load_roles(&mut self) {
        for r in rows(ROLES) {
            let Some(role) = r.get(2).copied().filter(|s| !s.is_empty()) else {
                continue;
            };
            for col in [0, 1] {
                for word in values(r.get(col)) {
                    let tokens = surface_tokens(word);
                    if tokens.is_empty() {
                        continue;
                    }
                    let key = key_of(tokens.iter().copied());
                    self.roles.entry(key).or_insert_with(|| role.to_string());
                    let first = key_of(tokens.iter().take(1).copied());
                    let n = self.role_first.entry(first).or_insert(0);
                    *n = (*n).max(tokens.len());
                }
            }
        }
    }

    /// The agent word at the start of `norms` ("para polisi ...") with its
    /// length in tokens and CAMEO role ("COP").
    pub fn role_at(&self, norms: &[&str]) -> Option<(usize, &str)> {
        let max = self.role_first.get(*norms.first()?).copied()?;
        (1..=max.min(norms.len())).rev().find_map(|n| {
            self.roles
                .get(&norms[..n].join(" "))
                .map(|r| (n, r.as_str()))
        })
    }

    fn load_leaders(&mut self) {
        let mut by_name: HashMap<&str, u32> = HashMap::default();
        for r in rows(LEADERS) {
            let Some(name) = r.first().copied() else {
                continue;
            };
            let term = Term {
                actor: r.get(3).copied().unwrap_or("").to_string(),
                from: r.get(5).copied().unwrap_or("").to_string(),
                to: r.get(6).copied().unwrap_or("").to_string(),
            };
            let id = match by_name.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.push(Entry {
                        kind: EntityKind::Per,
                        canonical: name.to_string(),
                        actor: None,
                        terms: Vec::new(),
                        is_capital: false,
                        is_country: false,
                    });
                    by_name.insert(name, id);
                    id
                }
            };
            if !term.actor.is_empty() {
                self.entries[id as usize].terms.push(term);
            }
            self.add_surface(name, id, false);
            self.add_columns(&r, &[1], id);
            for short in values(r.get(2)) {
                self.add_surface(short, id, true);
            }
        }
    }

    fn load_countries(&mut self) {
        for r in rows(COUNTRIES) {
            let Some(code) = r.first().copied() else {
                continue;
            };
            let status = r.get(10).copied().unwrap_or("");
            let Some(canonical) = values(r.get(2)).next() else {
                continue;
            };
            let id = self.push(Entry::place_or_body(
                EntityKind::Loc,
                canonical,
                code,
                false,
                true,
            ));
            for col in [2, 3, 12] {
                for name in values(r.get(col)) {
                    // Region names that are ordinary words ("Barat", the West)
                    // are too vague to match.
                    if status == "region"
                        && !name.contains(' ')
                        && warta_lang::stem::is_root_id(&name.to_lowercase())
                    {
                        continue;
                    }
                    self.add_surface(name, id, false);
                }
            }
            // English adjectives and demonyms only: Indonesian uses the
            // country's name itself ("warga Rusia").
            for col in [4, 6] {
                for adj in values(r.get(col)) {
                    let key = key_of(surface_tokens(adj).iter().copied());
                    if !self.surfaces.contains_key(&key) {
                        self.adjectives.insert(key, code.to_string());
                    }
                }
            }
            let capital = values(r.get(7)).next();
            if let Some(capital) = capital {
                let cid = self.push(Entry::place_or_body(
                    EntityKind::Loc,
                    capital,
                    &format!("{code}GOV"),
                    true,
                    false,
                ));
                self.add_columns(&r, &[7, 8], cid);
            }
        }
    }

    /// Files with a name, `|`-separated aliases and a code column:
    /// places.tsv and organisations.tsv.
    fn load_named(&mut self, tsv: &'static str, kind: EntityKind, code_col: usize) {
        for r in rows(tsv) {
            let (Some(name), Some(code)) = (r.first().copied(), r.get(code_col).copied()) else {
                continue;
            };
            let id = self.push(Entry::place_or_body(kind, name, code, false, false));
            self.add_surface(name, id, false);
            self.add_columns(&r, &[1], id);
        }
    }

    fn load_igos(&mut self) {
        for r in rows(IGOS) {
            let Some(code) = r.first().copied() else {
                continue;
            };
            let Some(canonical) = values(r.get(1)).next().or_else(|| values(r.get(2)).next())
            else {
                continue;
            };
            let id = self.push(Entry::place_or_body(
                EntityKind::Org,
                canonical,
                code,
                false,
                false,
            ));
            self.add_columns(&r, &[1, 2], id);
        }
    }

    fn load_institutions(&mut self) {
        for r in rows(INSTITUTIONS) {
            let Some(code) = r.first().copied() else {
                continue;
            };
            let Some(canonical) = values(r.get(1)).next() else {
                continue;
            };
            let id = self.push(Entry::place_or_body(
                EntityKind::Org,
                canonical,
                code,
                false,
                false,
            ));
            self.add_columns(&r, &[1, 2, 3], id);
        }
    }

    /// The country of an adjective or demonym at the start of `norms`
    /// ("north korean ..."), with its length in tokens.
    pub fn adjective_at(&self, norms: &[&str]) -> Option<(usize, &str)> {
        (1..=norms.len().min(3)).rev().find_map(|n| {
            self.adjectives
                .get(&norms[..n].join(" "))
                .map(|c| (n, c.as_str()))
        })
    }

    /// Every `|`-separated form in the given columns of a row, as names of
    /// entry `id`.
    fn add_columns(&mut self, row: &[&'static str], cols: &[usize], id: u32) {
        for &col in cols {
            for name in values(row.get(col)) {
                self.add_surface(name, id, false);
            }
        }
    }

    /// The surfaces whose key is `key`.
    pub fn lookup(&self, key: &str) -> &[Surface] {
        self.surfaces.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The longest key length (tokens) starting with the normalised `first` token.
    pub fn max_len_from(&self, first: &str) -> usize {
        self.first.get(first).copied().unwrap_or(0)
    }

    /// The title at the start of `tokens`: its length in tokens and what it implies.
    pub fn title_at(&self, tokens: &[&str]) -> Option<(usize, &Title)> {
        let first = key_of(tokens.iter().take(1).copied());
        let max = self.title_first.get(&first).copied()?;
        for n in (1..=max.min(tokens.len())).rev() {
            if let Some(t) = self.titles.get(&key_of(tokens[..n].iter().copied())) {
                return Some((n, t));
            }
        }
        None
    }

    fn title_len(&self, tokens: &[&str]) -> usize {
        self.title_at(tokens).map_or(0, |(n, _)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_file() {
        let g = Gazetteer::get();
        assert!(g.entries.len() > 700, "{} entries", g.entries.len());
        let putin = &g.lookup("putin")[0];
        let e = &g.entries[putin.entry as usize];
        assert_eq!(e.canonical, "Vladimir Putin");
        assert_eq!(e.actor_on(Some("2023-09-13")), Some("RUSGOV"));
        let kim = g.lookup("kim jong un");
        assert_eq!(g.entries[kim[0].entry as usize].canonical, "Kim Jong Un");
        let pbb = &g.lookup("pbb")[0];
        assert_eq!(
            g.entries[pbb.entry as usize].actor.as_deref(),
            Some("IGOUNO")
        );
        let pyongyang = &g.lookup("pyongyang")[0];
        assert_eq!(
            g.entries[pyongyang.entry as usize].actor.as_deref(),
            Some("PRKGOV")
        );
        assert!(g.title_at(&["Menteri", "Luar", "Negeri"]).is_some());
    }

    #[test]
    fn leaders_resolve_by_date() {
        let g = Gazetteer::get();
        let s = &g.lookup("jokowi")[0];
        let e = &g.entries[s.entry as usize];
        assert_eq!(e.actor_on(Some("2020-01-01")), Some("IDNGOV"));
        assert_eq!(e.actor_on(Some("1990-01-01")), None);
    }
}
