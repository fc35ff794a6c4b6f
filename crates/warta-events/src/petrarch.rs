//! PETRARCH / TABARI dictionaries, loaded into a [`Dictionary`].
//!
//! The four kinds of file of the PETRARCH-2 coder (and the TABARI files it
//! inherits) are read line by line, without the parse trees PETRARCH needs,
//! and mapped onto warta's tables:
//!
//! - **Actors** (`NAME [CODE]`, `+SYNONYM`, indented `[CODE date]` lines)
//!   go to [`Dictionary::actors`]. Dated codes are kept with their dates
//!   (`<date`, `date-date`, `>date`; the first that holds on the story's
//!   date wins, else the undated code), and for text without a date the
//!   one **in force last** is the phrase's code: an
//!   open-ended `[CODE >date]` (the latest such), else the undated default
//!   code, else the code whose range ends last (ties: the later line). So
//!   `[USAELI 780101-000101] [USAGOV >090120]` gives USAGOV and
//!   `[HOB] [HOBGOV 20121109-20130119]` gives HOB. `A/B` codes keep `A`.
//!   TABARI's stem matching (a name without a final `_` also matches
//!   longer words) is not kept: every name matches as whole words.
//! - **Agents** (`PHRASE {PLURALS} [~ROLE]`, `!SET! = A, B` substitution
//!   sets) go to [`Dictionary::agents`] with the role without its `~`;
//!   a role PETRARCH puts before the country (`NGO~`) is also kept in
//!   [`Dictionary::agents_before`] ("MSF Arnor" is NGOARN). Plurals follow PETRARCH's reader: no braces means the regular
//!   plural is added (`CONGRESS` → `CONGRESSES`), `{}` means no plural
//!   (`POLICE {}`), `{A B}` lists them. Substituted phrases get no plural.
//! - **Verbs** (`--- NAME [code] ---` blocks) go to [`Dictionary::verbs_en`]
//!   through [`Dictionary::add_english`]: every verb form of a block gets
//!   the block's code (or its own `[code]`), and every pattern adds a
//!   sense with a [`Pattern`]: the words before and after `*`, matched
//!   word by word around the verb (`_` joins words side by side, a space
//!   lets up to eight words come between; synsets expand to their members
//!   and plurals; `DID N'T` is read as `didn't`); `+` and `$` after the
//!   verb say where the target and source stand, `+` before it makes the
//!   subject the target, `%` before it wants a compound subject whose
//!   members act on each other. A pattern's own words before the verb
//!   (`&NEGATVAUXVRB *`) are its sense, not a negation. Codes are taken as
//!   the dictionary writes them (PETRARCH's validation codes `345`, `174K`
//!   too), `032:033` gives the target's act back, and no intent or threat
//!   code replaces them for "will". `---`, `[:173]` (no source-side code),
//!   `~` transformations, patterns using an undefined synset and patterns
//!   with no word and no `%` are skipped and counted.
//! - **Discards** (`PHRASE`, `+PHRASE` story-level) go to
//!   [`Dictionary::discards`], lower case; the story/sentence distinction
//!   is not kept.
//!
//! Comments: `#` to the end of a line, `<!-- ... -->` (also over several
//! lines, and TABARI's `<! -- ... -->`), and other lines starting with `<`.
//! A line that has a name and an unclosed `[` is an error (its code would
//! be lost without a trace); anything else that cannot be read is skipped
//! and counted in [`LoadStats::skipped`]. No input makes the loader panic.

use crate::dict::{inflect, DictError, Dictionary, Pattern, Sense, Slot};
use std::collections::{HashMap, HashSet};

/// Which kind of PETRARCH dictionary a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetrarchKind {
    Actors,
    Agents,
    Verbs,
    Discards,
}

/// What a load did: `entries` counts what went into the tables (actor and
/// agent phrases, verb senses, discard phrases); `skipped` counts what was
/// read but could not be used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    pub entries: usize,
    pub skipped: usize,
}

/// Guesses the kind from the file name (`.actors.`, `.agents.`, `.verbs.`
/// or `CAMEO`, `.discards.`), else from the content.
pub fn guess_kind(file_name: &str, text: &str) -> Option<PetrarchKind> {
    let base = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_lowercase();
    for part in base.split(|c: char| !c.is_ascii_alphanumeric()) {
        match part {
            "actors" | "actor" => return Some(PetrarchKind::Actors),
            "agents" | "agent" => return Some(PetrarchKind::Agents),
            "verbs" | "verb" => return Some(PetrarchKind::Verbs),
            "discards" | "discard" => return Some(PetrarchKind::Discards),
            _ => {}
        }
    }
    if base.contains("cameo") {
        return Some(PetrarchKind::Verbs);
    }
    let lines = clean_lines(text);
    if lines.is_empty() {
        return None;
    }
    let any = |f: &dyn Fn(&str) -> bool| lines.iter().any(|(_, l)| f(l));
    if any(&|l| l.starts_with("---") && l.contains('[')) {
        return Some(PetrarchKind::Verbs);
    }
    if any(&|l| l.contains("[~") || l.contains("~]") || is_subst_def(l)) {
        return Some(PetrarchKind::Agents);
    }
    if any(&|l| l.contains('[')) {
        return Some(PetrarchKind::Actors);
    }
    Some(PetrarchKind::Discards)
}

/// Loads one PETRARCH dictionary file's text into `dict`. `file` names it
/// in errors.
pub fn load(
    dict: &mut Dictionary,
    text: &str,
    file: &str,
    kind: PetrarchKind,
) -> Result<LoadStats, DictError> {
    let lines = clean_lines(text);
    match kind {
        PetrarchKind::Actors => load_actors(dict, &lines, file),
        PetrarchKind::Agents => load_agents(dict, &lines, file),
        PetrarchKind::Verbs => load_verbs(dict, &lines, file),
        PetrarchKind::Discards => Ok(load_discards(dict, &lines)),
    }
}

// ---------------------------------------------------------------- comments

/// The text's lines with comments removed, trimmed, blank ones and
/// markup (`<...`) dropped, each with its 1-based line number.
fn clean_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(p) => {
                        in_comment = false;
                        rest = &rest[p + 3..];
                    }
                    None => break,
                }
            } else {
                let hash = comment_hash(rest);
                let open = rest.find("<!");
                match (hash, open) {
                    (Some(h), o) if o.is_none_or(|o| h < o) => {
                        line.push_str(&rest[..h]);
                        break;
                    }
                    (_, Some(o)) => {
                        line.push_str(&rest[..o]);
                        in_comment = true;
                        rest = &rest[o + 2..];
                    }
                    _ => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        let t = line.trim();
        if t.is_empty() || t.starts_with('<') {
            continue;
        }
        out.push((i + 1, t.to_string()));
    }
    out
}

/// Where a `#` comment starts: a `#` that is not inside a `[...]` closed
/// on the line (`[###]` is TABARI's discard code, `[ZBW]#jw` a comment).
fn comment_hash(s: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' => open = Some(i),
            ']' => open = None,
            '#' if open.is_none() || !s[i..].contains(']') => return Some(i),
            _ => {}
        }
    }
    None
}

fn bad(file: &str, line: usize, what: impl Into<String>) -> DictError {
    DictError::Bad {
        file: file.to_string(),
        line,
        what: what.into(),
    }
}

/// The contents of every `[...]` group of a line, or the position of an
/// unclosed `[`. A last group closed by a mistyped `}` or `)` at the end
/// of the line (`[~ENV}` in Phoenix.agents) is taken as closed.
fn brackets(s: &str) -> Result<Vec<&str>, usize> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut offset = 0;
    while let Some(a) = rest.find('[') {
        let Some(b) = rest[a..].find(']') else {
            let tail = rest[a + 1..].trim_end();
            if let Some(inner) = tail.strip_suffix(['}', ')']) {
                if !inner.contains(['[', '{', '(']) {
                    out.push(inner);
                    return Ok(out);
                }
            }
            return Err(offset + a);
        };
        out.push(&rest[a + 1..a + b]);
        offset += a + b + 1;
        rest = &rest[a + b + 1..];
    }
    Ok(out)
}

/// Words of a PETRARCH phrase: `_` and blanks separate, lower case.
fn words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Regular English plural of a phrase's last word, PETRARCH's rules plus
/// the usual -es endings.
fn plural(phrase: &str) -> Option<String> {
    let mut w = words(phrase);
    let last = w.pop()?;
    let before = last.chars().rev().nth(1).unwrap_or(' ');
    if last.ends_with('s') && !["ss", "us", "is"].iter().any(|e| last.ends_with(e)) {
        return None; // already plural: "forces", "officials"
    }
    let p = if last.ends_with('y') && !"aeiou".contains(before) {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| last.ends_with(e))
    {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    w.push(p);
    Some(w.join(" "))
}

// ------------------------------------------------------------------ actors

/// One `[CODE restriction]` of an actor, ranked by when it stops applying.
struct DatedCode {
    code: String,
    /// The dates it holds between (`YYYYMMDD`, both included), if restricted.
    range: Option<(u32, u32)>,
    /// (end of validity, kind: 0 range/before, 1 default, 2 open-ended,
    /// start of an open-ended code), compared in this order.
    rank: (u32, u8, u32),
}

/// `YYYYMMDD` or TABARI's `YYMMDD` (00–30 → 20YY) as a number; 0 if unreadable.
fn date_number(s: &str) -> u32 {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 8 {
        digits[..8].parse().unwrap_or(0)
    } else if digits.len() >= 6 {
        let yy: u32 = digits[..2].parse().unwrap_or(0);
        let rest: u32 = digits[2..6].parse().unwrap_or(0);
        let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
        year * 10_000 + rest
    } else {
        0
    }
}

fn parse_code(group: &str) -> Option<DatedCode> {
    let mut it = group.split_whitespace();
    let code = it.next()?;
    let code = code.split('/').next().unwrap_or(code).to_uppercase();
    // An actor code has letters, or is one of PETRARCH's null codes.
    let ok = (code.chars().any(|c| c.is_ascii_alphabetic())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        || (!code.is_empty() && code.chars().all(|c| "-+#".contains(c)));
    if !ok {
        return None;
    }
    let restriction: String = it.collect::<Vec<_>>().concat();
    let (rank, range) = if restriction.is_empty() {
        ((u32::MAX, 1, 0), None)
    } else if let Some(d) = restriction.strip_prefix('>') {
        let d = date_number(d);
        ((u32::MAX, 2, d), Some((d.saturating_add(1), u32::MAX)))
    } else if let Some(d) = restriction.strip_prefix('<') {
        let d = date_number(d);
        ((d, 0, 0), Some((0, d.saturating_sub(1))))
    } else if let Some((start, end)) = restriction.split_once('-') {
        let end = date_number(end);
        ((end, 0, 0), Some((date_number(start), end)))
    } else {
        ((date_number(&restriction), 0, 0), None)
    };
    Some(DatedCode { code, rank, range })
}

#[derive(Default)]
struct ActorEntry {
    names: Vec<String>,
    codes: Vec<DatedCode>,
}

fn flush_actor(dict: &mut Dictionary, entry: &mut ActorEntry, stats: &mut LoadStats) {
    let names = std::mem::take(&mut entry.names);
    let codes = std::mem::take(&mut entry.codes);
    // max_by_key keeps the last of equal ranks: the later line wins.
    let Some(best) = codes.iter().max_by_key(|c| c.rank) else {
        stats.skipped += names.len();
        return;
    };
    for name in names {
        let phrase = words(&name).join(" ");
        if phrase.is_empty() {
            stats.skipped += 1;
            continue;
        }
        dict.actors.add(&phrase, &best.code);
        // Dated codes choose by the story's date, the first that holds
        // (as PETRARCH reads them); an undated code is the default.
        if codes.iter().any(|c| c.range.is_some()) {
            let default = codes.iter().rev().find(|c| c.range.is_none());
            for c in &codes {
                if let Some((from, to)) = c.range {
                    dict.actors.add_dated(&phrase, from, to, &c.code);
                }
            }
            if let Some(d) = default {
                dict.actors.add_dated(&phrase, 0, u32::MAX, &d.code);
            }
        }
        stats.entries += 1;
    }
}

fn add_codes(
    entry: &mut ActorEntry,
    s: &str,
    file: &str,
    line: usize,
    stats: &mut LoadStats,
) -> Result<(), DictError> {
    let groups = brackets(s).map_err(|_| bad(file, line, "unclosed '[' in a code"))?;
    for g in groups {
        match parse_code(g) {
            Some(c) => entry.codes.push(c),
            None => stats.skipped += 1,
        }
    }
    Ok(())
}

fn load_actors(
    dict: &mut Dictionary,
    lines: &[(usize, String)],
    file: &str,
) -> Result<LoadStats, DictError> {
    let mut stats = LoadStats::default();
    let mut entry = ActorEntry::default();
    let mut open = false;
    for (n, l) in lines {
        let (n, l) = (*n, l.as_str());
        if l.contains("---STOP---") {
            break;
        }
        if l.starts_with('[') {
            if open {
                add_codes(&mut entry, l, file, n, &mut stats)?;
            } else {
                stats.skipped += 1;
            }
            continue;
        }
        let (name, codes) = match l.find('[') {
            Some(p) => l.split_at(p),
            None => (l, ""),
        };
        if let Some(syn) = name.strip_prefix('+') {
            if !open {
                stats.skipped += 1;
                continue;
            }
            entry.names.push(syn.to_string());
            add_codes(&mut entry, codes, file, n, &mut stats)?;
            continue;
        }
        flush_actor(dict, &mut entry, &mut stats);
        if words(name).is_empty() {
            open = false;
            stats.skipped += 1;
            continue;
        }
        open = true;
        entry.names.push(name.to_string());
        add_codes(&mut entry, codes, file, n, &mut stats)?;
    }
    flush_actor(dict, &mut entry, &mut stats);
    Ok(stats)
}

// ------------------------------------------------------------------ agents

fn is_subst_def(l: &str) -> bool {
    l.starts_with('!') && l.contains('=') && l[1..].contains('!')
}

/// Every phrase a `!SET!` marker stands for; `None` if a set is undefined
/// or a marker is not closed.
fn expand_markers(phrase: &str, sets: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    let mut out = vec![String::new()];
    let mut rest = phrase;
    while let Some(a) = rest.find('!') {
        let b = rest[a + 1..].find('!')? + a + 1;
        let members = sets.get(&rest[a + 1..b].to_uppercase())?;
        let prefix = &rest[..a];
        let mut next = Vec::new();
        for o in &out {
            for m in members {
                if next.len() < 1000 {
                    next.push(format!("{o}{prefix}{m}"));
                }
            }
        }
        out = next;
        rest = &rest[b + 1..];
    }
    for o in &mut out {
        o.push_str(rest);
    }
    Some(out)
}

fn load_agents(
    dict: &mut Dictionary,
    lines: &[(usize, String)],
    file: &str,
) -> Result<LoadStats, DictError> {
    let mut stats = LoadStats::default();
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (n, l) in lines {
        let (n, l) = (*n, l.as_str());
        if is_subst_def(l) {
            let (marker, list) = l.split_once('=').unwrap_or((l, ""));
            let name = marker.trim().trim_matches('!').trim().to_uppercase();
            let members: Vec<String> = list
                .split(',')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect();
            if name.is_empty() || members.is_empty() {
                stats.skipped += 1;
            } else {
                sets.insert(name, members);
            }
            continue;
        }
        let Some(open) = l.find('[') else {
            stats.skipped += 1;
            continue;
        };
        let groups = brackets(l).map_err(|_| bad(file, n, "unclosed '[' in an agent code"))?;
        let head = &l[..open];
        let role: String = groups
            .first()
            .copied()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '~')
            .collect::<String>()
            .to_uppercase();
        if role.is_empty() {
            stats.skipped += 1;
            continue;
        }
        // `[NGO~]`: the role goes before the country ("MSF Arnor" NGOARN).
        let before = groups.first().is_some_and(|g| g.trim().ends_with('~'));
        let (phrase, plurals) = match head.find('{') {
            Some(a) => {
                let Some(b) = head[a..].find('}') else {
                    return Err(bad(file, n, "unclosed '{' in an agent's plurals"));
                };
                (&head[..a], Some(&head[a + 1..a + b]))
            }
            None => (head, None),
        };
        let mut phrases: Vec<String> = Vec::new();
        if phrase.contains('!') {
            // Substituted forms are taken as written: no plurals.
            let Some(all) = expand_markers(phrase, &sets) else {
                stats.skipped += 1;
                continue;
            };
            phrases.extend(all);
            if let Some(p) = plurals {
                phrases.extend(
                    p.split_whitespace()
                        .filter_map(|p| expand_markers(p, &sets))
                        .flatten(),
                );
            }
        } else {
            phrases.push(phrase.to_string());
            match plurals {
                None => phrases.extend(plural(phrase)),
                Some(p) => phrases.extend(p.split_whitespace().map(str::to_string)),
            }
        }
        for p in phrases {
            let p = words(&p).join(" ");
            if p.is_empty() {
                stats.skipped += 1;
                continue;
            }
            dict.agents.add(&p, &role);
            if before {
                dict.agents_before.add(&p, &role);
            }
            stats.entries += 1;
        }
    }
    Ok(stats)
}

// -------------------------------------------------------------------- verbs

/// An event code from a PETRARCH code field: `042`; `042:043` keeps the
/// target's code back (`042:043`). `None` for `---`, `:173`, `abc`.
fn event_code(field: &str) -> Option<String> {
    let mut parts = field.trim().split(':');
    let source = one_code(parts.next().unwrap_or(""))?;
    Some(match parts.next().and_then(one_code) {
        Some(back) => format!("{source}:{back}"),
        None => source,
    })
}

/// One code: digits, and one letter after three digits (`174K`); a
/// dictionary's own codes pass as PETRARCH passes them, and only the first
/// two digits are read as a CAMEO root.
fn one_code(c: &str) -> Option<String> {
    let c = c.trim();
    let digits = c.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
    let ok = (2..=4).contains(&digits.len())
        && digits.chars().all(|ch| ch.is_ascii_digit())
        && c.len() - digits.len() <= usize::from(digits.len() == 3);
    ok.then(|| c.to_uppercase())
}

/// Synset members: each a list of words, and whether plurals are made.
struct Synset {
    members: Vec<(Vec<String>, bool)>,
    /// Raw members naming other synsets (`+&TIETYPES`).
    nested: Vec<String>,
}

fn synset_name(token: &str) -> String {
    token
        .trim_matches(|c: char| "{}()[]".contains(c))
        .trim_end_matches('_')
        .to_uppercase()
}

/// First pass over a verbs file: every `&NAME` and its `+` lines.
fn read_synsets(lines: &[(usize, String)]) -> HashMap<String, Synset> {
    let mut sets: HashMap<String, Synset> = HashMap::new();
    let mut current: Option<(String, bool)> = None;
    for (_, l) in lines {
        if l.starts_with('&') {
            let token = l.split_whitespace().next().unwrap_or("");
            let name = synset_name(token);
            let noplural = token.ends_with('_');
            sets.entry(name.clone()).or_insert(Synset {
                members: Vec::new(),
                nested: Vec::new(),
            });
            current = Some((name, noplural));
        } else if let Some(m) = l.strip_prefix('+') {
            let Some((name, noplural)) = &current else {
                continue;
            };
            let Some(set) = sets.get_mut(name) else {
                continue;
            };
            let m = m.trim();
            if m.starts_with('&') {
                set.nested.push(synset_name(m));
            } else {
                let w = words(&m.replace(['{', '}', '(', ')'], " "));
                if !w.is_empty() {
                    set.members.push((w, !noplural && !m.ends_with('_')));
                }
            }
        } else {
            current = None;
        }
    }
    sets
}

/// Treebank contractions written apart in dictionaries (`DID N'T`) as
/// warta's tokens have them (`didn't`).
fn contract(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        match (w.as_str(), out.last_mut()) {
            ("n't", Some(prev)) => {
                *prev = match prev.as_str() {
                    "wo" => "won't".to_string(),
                    "ca" => "can't".to_string(),
                    p => format!("{p}n't"),
                };
            }
            _ => out.push(w),
        }
    }
    out
}

/// Every word run a synset stands for, with plurals; `None` if it (or one
/// it includes) is undefined.
fn synset_runs(
    name: &str,
    sets: &HashMap<String, Synset>,
    depth: usize,
    out: &mut Vec<Vec<String>>,
) -> Option<()> {
    let set = sets.get(name)?;
    if depth > 8 {
        return Some(());
    }
    for (w, plurals) in &set.members {
        out.push(contract(w.clone()));
        if *plurals {
            if let Some(p) = plural(&w.join(" ")) {
                out.push(contract(words(&p)));
            }
        }
    }
    for n in &set.nested {
        synset_runs(n, sets, depth + 1, out)?;
    }
    Some(())
}

/// One side of a pattern (before or after `*`) as slots; markers set the
/// pattern's roles. `None` when a synset is undefined or no word is left
/// where one is needed.
fn pattern_slots(
    text: &str,
    sets: &HashMap<String, Synset>,
    after: bool,
    pattern: &mut Pattern,
) -> Option<Vec<Slot>> {
    let text = text.replace(['{', '}', '(', ')'], " ");
    // "DID N'T", "WO_N'T": one token in warta.
    let text = text
        .replace(" N'T", "N'T")
        .replace("_N'T", "N'T")
        .replace(" n't", "n't");
    let mut slots: Vec<Slot> = Vec::new();
    for (c, chunk) in text.split_whitespace().enumerate() {
        let mut joined = false;
        for (p, part) in chunk.split('_').enumerate() {
            if part.is_empty() {
                // "IN_*" / "*_OUT": the edge joins the verb.
                joined = p > 0 || (after && c == 0);
                continue;
            }
            let adjacent = (p > 0 && joined) || (after && c == 0 && joined);
            match part {
                "+" if after => pattern.target_after = Some(slots.len()),
                "$" if after => pattern.source_after = Some(slots.len()),
                "+" => pattern.target_before = true,
                "%" if !after => pattern.compound = true,
                "$" | "%" | "^" => {}
                _ => {
                    let alts = if part.starts_with('&') {
                        let mut alts = Vec::new();
                        synset_runs(&synset_name(part), sets, 0, &mut alts)?;
                        alts
                    } else {
                        let w = part
                            .trim_matches(|ch: char| "+$%^".contains(ch))
                            .to_lowercase();
                        if w.is_empty() {
                            continue;
                        }
                        vec![vec![w]]
                    };
                    slots.push(Slot { alts, adjacent });
                    joined = true;
                    continue;
                }
            }
            joined = false;
        }
    }
    Some(slots)
}

/// A pattern line's body (between `-` and its code); `None` when it has
/// no `*` or no word, or uses an undefined synset.
fn parse_pattern(body: &str, sets: &HashMap<String, Synset>) -> Option<Pattern> {
    let (pre, post) = body.split_once('*')?;
    let mut pattern = Pattern {
        before_adjacent: pre.ends_with('_'),
        ..Pattern::default()
    };
    pattern.before = pattern_slots(pre, sets, false, &mut pattern)?;
    pattern.after = pattern_slots(post, sets, true, &mut pattern)?;
    if pattern.before.is_empty() && pattern.after.is_empty() && !pattern.compound {
        return None;
    }
    Some(pattern)
}

/// One verb form of a block: words before the verb, the verb, words after,
/// the forms of the verb word listed in braces, own code.
struct VerbForm {
    front: Vec<String>,
    stem: String,
    back: Vec<String>,
    listed: Option<Vec<String>>,
    code: Option<Option<String>>,
}

/// The verb word of a form written `FRONT_+STEM_BACK`: the word after
/// `+`, else the first.
fn split_compound(form: &str) -> (Vec<String>, String, Vec<String>) {
    let raw: Vec<&str> = form
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    let at = raw.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let clean = |w: &str| w.trim_matches(|c: char| "+$%^".contains(c)).to_lowercase();
    let front = raw[..at]
        .iter()
        .map(|w| clean(w))
        .filter(|w| !w.is_empty())
        .collect();
    let stem = raw.get(at).map(|w| clean(w)).unwrap_or_default();
    let back = raw
        .get(at + 1..)
        .unwrap_or(&[])
        .iter()
        .map(|w| clean(w))
        .filter(|w| !w.is_empty())
        .collect();
    (front, stem, back)
}

fn parse_verb_line(l: &str) -> Option<VerbForm> {
    let end = l.find(['{', '[']).unwrap_or(l.len());
    let (front, stem, back) = split_compound(&l[..end]);
    if stem.is_empty() || !stem.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let listed = l.find('{').map(|a| {
        let b = l[a..].find('}').map(|b| a + b).unwrap_or(l.len());
        l[a + 1..b]
            .split_whitespace()
            // `+ASKED_FOR` lists the whole compound: keep its verb word.
            .map(|f| split_compound(f).1)
            .filter(|s| !s.is_empty() && *s != stem)
            .collect()
    });
    let code = l
        .find('[')
        .map(|a| {
            let b = l[a..].find(']').map(|b| a + b).unwrap_or(l.len());
            &l[a + 1..b]
        })
        .map(event_code);
    Some(VerbForm {
        front,
        stem,
        back,
        listed,
        code,
    })
}

/// Adds one verb form with one sense. Without braces the regular English
/// forms are made; with braces, as in PETRARCH, the listed forms are all
/// the forms there are (besides the one written first).
fn add_verb(dict: &mut Dictionary, v: &VerbForm, sense: &Sense) {
    let back: String = v.back.iter().map(|w| format!(" {w}")).collect();
    let front: String = v.front.iter().map(|w| format!("{w} ")).collect();
    let participle = Sense {
        participle: true,
        ..sense.clone()
    };
    match &v.listed {
        Some(listed) => {
            add_form(dict, &format!("{front}{}{back}", v.stem), sense.clone());
            for f in listed {
                // -ing and -s forms are not past participles.
                let past = !(f.ends_with("ing") || (f.ends_with('s') && !f.ends_with("ss")));
                let s = if past { &participle } else { sense };
                add_form(dict, &format!("{front}{f}{back}"), s.clone());
            }
        }
        None if front.is_empty() => {
            dict.add_english(&format!("{}{back}", v.stem), &[], sense.clone());
        }
        None => {
            // add_english inflects the first word: spell the forms out here.
            let (present, past, ing) = inflect(&v.stem);
            for f in [v.stem.clone(), present, ing] {
                add_form(dict, &format!("{front}{f}{back}"), sense.clone());
            }
            add_form(dict, &format!("{front}{past}{back}"), participle);
        }
    }
}

/// Adds an exact English form (no inflection), as the verb table does.
fn add_form(dict: &mut Dictionary, form: &str, sense: Sense) {
    let tokens = words(form);
    let Some(first) = tokens.first() else {
        return;
    };
    let table = &mut dict.verbs_en;
    let n = table.first.entry(first.clone()).or_insert(0);
    *n = (*n).max(tokens.len());
    let list = table.forms.entry(tokens.join(" ")).or_default();
    if !list.contains(&sense) {
        list.push(sense);
        list.sort_by_key(|s| s.object.is_empty() && s.pattern.is_none());
    }
}

/// A code field that is there, is not the null code `---`, and is no
/// CAMEO event code (`[345]`, `[abc]`).
fn junk_code(field: Option<&str>) -> bool {
    field.is_some_and(|c| {
        let c = c.trim();
        !c.is_empty() && c != "---" && event_code(c).is_none()
    })
}

fn sense(code: &str, pattern: Option<Pattern>) -> Sense {
    let (code, back) = match code.split_once(':') {
        Some((c, b)) => (c, Some(b.to_string())),
        None => (code, None),
    };
    Sense {
        code: code.to_string(),
        back,
        given: false,
        object: Vec::new(),
        pattern: pattern.map(Box::new),
        literal: true,
        mutual: false,
        speech: false,
        intent: false,
        passive: false,
        participle: false,
    }
}

#[derive(Default)]
struct Block {
    code: Option<String>,
    verbs: Vec<VerbForm>,
    /// (pattern, code) of each usable pattern.
    patterns: Vec<(Pattern, String)>,
}

fn flush_block(dict: &mut Dictionary, block: &mut Block, stats: &mut LoadStats) {
    let b = std::mem::take(block);
    for v in &b.verbs {
        let code = match &v.code {
            Some(own) => own.clone(),
            None => b.code.clone(),
        };
        if let Some(code) = code {
            add_verb(dict, v, &sense(&code, None));
            stats.entries += 1;
        }
        for (pattern, code) in &b.patterns {
            add_verb(dict, v, &sense(code, Some(pattern.clone())));
            stats.entries += 1;
        }
    }
    if b.verbs.is_empty() {
        stats.skipped += b.patterns.len();
    }
}

fn load_verbs(
    dict: &mut Dictionary,
    lines: &[(usize, String)],
    file: &str,
) -> Result<LoadStats, DictError> {
    let mut stats = LoadStats::default();
    let sets = read_synsets(lines);
    let mut block = Block::default();
    let mut in_synset = false;
    for (n, l) in lines {
        let (n, l) = (*n, l.as_str());
        if l.starts_with("---") {
            flush_block(dict, &mut block, &mut stats);
            in_synset = false;
            let groups = brackets(l.trim_matches('-'))
                .map_err(|_| bad(file, n, "unclosed '[' in a verb block header"))?;
            let field = groups.first().copied();
            block.code = field.and_then(event_code);
            if junk_code(field) {
                stats.skipped += 1;
            }
            continue;
        }
        if l.starts_with('&') {
            in_synset = true;
            continue;
        }
        if l.starts_with('+') && in_synset {
            continue;
        }
        in_synset = false;
        if l.starts_with('~') {
            stats.skipped += 1;
            continue;
        }
        if brackets(l).is_err() {
            return Err(bad(file, n, "unclosed '['"));
        }
        if let Some(p) = l.strip_prefix('-') {
            let (body, code) = match p.rfind('[') {
                Some(a) => (&p[..a], p[a + 1..].split(']').next().unwrap_or("")),
                None => (p, ""),
            };
            let Some(code) = event_code(code) else {
                stats.skipped += 1;
                continue;
            };
            match parse_pattern(body, &sets) {
                Some(pattern) => block.patterns.push((pattern, code)),
                None => stats.skipped += 1,
            }
            continue;
        }
        match parse_verb_line(l) {
            Some(v) => {
                if junk_code(brackets(l).ok().and_then(|g| g.first().copied())) {
                    stats.skipped += 1;
                }
                block.verbs.push(v);
            }
            None => stats.skipped += 1,
        }
    }
    flush_block(dict, &mut block, &mut stats);
    Ok(stats)
}

// ----------------------------------------------------------------- discards

fn load_discards(dict: &mut Dictionary, lines: &[(usize, String)]) -> LoadStats {
    let mut stats = LoadStats::default();
    let mut seen: HashSet<String> = dict.discards.iter().cloned().collect();
    for (_, l) in lines {
        let phrase = words(l.trim_start_matches('+')).join(" ");
        if phrase.is_empty() {
            stats.skipped += 1;
            continue;
        }
        stats.entries += 1;
        if seen.insert(phrase.clone()) {
            dict.discards.push(phrase);
        }
    }
    stats
}
