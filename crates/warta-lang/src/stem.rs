//! Stemmers: Indonesian confix stripping checked against a root list, and a
//! light English suffix stripper.
//!
//! # Indonesian
//!
//! An Enhanced-Confix-Stripping-style stemmer (Nazief & Adriani, Asian &
//! Arifin). Suffixes come off first (particle -lah/-kah/-tah/-pun, then
//! possessive -nya/-ku/-mu, then derivational -kan/-an/-i), then up to three
//! prefixes, each with its morphophonemic variants: meN-/peN- drop or keep
//! the root's first consonant (menurut→turut, memukul→pukul, menyapu→sapu,
//! mengambil→ambil, mengenal→kenal), ber-/ter-/per- may absorb an r
//! (perekonomian→ekonomi, perumahan→rumah). Every analysis is checked
//! against the root list in `data/` (embedded at compile time); the first
//! analysis that reaches a root, in the order above, wins. Confixes that
//! Indonesian does not form (me-…-an, di-…-an, be-…-i, ke-…-i, ke-…-kan,
//! se-…-i, se-…-kan, te-…-an) are rejected, which keeps "memakan" from
//! becoming mak+an. A word with no analysis is returned lower-cased with
//! only its clitics removed.
//!
//! # English
//!
//! A light, lemma-ish normaliser, not Porter: plural -s/-es/-ies, -ed and
//! -ing (Porter's step 1a/1b rules: undoubling "stopped"→stop, restoring the
//! e of "hoped"→hope), possessive 's. It does not touch derivation
//! (-ation, -ness), so "nation" and "national" stay apart.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Roots derived from UD Indonesian lemmas (CC BY-SA 4.0, see data/README.md).
const ROOTS_UD: &str = include_str!("../data/roots-id.txt");
/// Roots the project wrote (Apache-2.0, see data/README.md).
const ROOTS_EXTRA: &str = include_str!("../data/roots-id-extra.txt");
/// Word forms whose UD lemma is not reached by affix rules (CC BY-SA 4.0).
const LEMMAS_UD: &str = include_str!("../data/lemmas-id.tsv");

fn lemmas() -> &'static std::collections::HashMap<&'static str, &'static str> {
    static LEMMAS: OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        OnceLock::new();
    LEMMAS.get_or_init(|| {
        LEMMAS_UD
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

fn roots() -> &'static HashSet<&'static str> {
    static ROOTS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        ROOTS_UD
            .lines()
            .chain(ROOTS_EXTRA.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Is `word` (lower case) in the Indonesian root list?
pub fn is_root_id(word: &str) -> bool {
    roots().contains(word)
}

/// Stems `word` for `lang`: Indonesian and Malay use the Indonesian
/// stemmer, anything else the English one.
pub fn stem(word: &str, lang: crate::Lang) -> String {
    match lang {
        crate::Lang::Id | crate::Lang::Ms => stem_id(word),
        _ => stem_en(word),
    }
}

// -tah is archaic and mostly the end of roots (mentah, pertama-tah): left out
const PARTICLES: &[&str] = &["lah", "kah", "pun"];
const POSSESSIVES: &[&str] = &["nya", "ku", "mu"];
const DERIVATIONAL: &[&str] = &["kan", "an", "i"];

/// Stems an Indonesian word to its root.
///
/// ```
/// use warta_lang::stem_id;
/// assert_eq!(stem_id("menurut"), "turut");
/// assert_eq!(stem_id("memukul"), "pukul");
/// assert_eq!(stem_id("menyapu"), "sapu");
/// assert_eq!(stem_id("mengambil"), "ambil");
/// assert_eq!(stem_id("pengajar"), "ajar");
/// assert_eq!(stem_id("perekonomian"), "ekonomi");
/// assert_eq!(stem_id("Bukunya"), "buku");
/// ```
pub fn stem_id(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(l) = lemmas().get(w.as_str()) {
        return l.to_string();
    }
    if !w.chars().all(|c| c.is_alphabetic() || c == '-') || w.chars().count() < 3 {
        return w;
    }
    if is_root_id(&w) {
        return w;
    }
    if w.contains('-') {
        return stem_hyphenated(&w);
    }
    if let Some(r) = analyse(&w) {
        return r;
    }
    // a capitalised word the list does not know is most often a name: leave it
    if word.starts_with(char::is_uppercase) {
        return w;
    }
    let base = strip_clitics_lower(&w);
    if let Some(r) = fallback(base) {
        return r;
    }
    if root_shaped(base) {
        base.to_string()
    } else {
        w
    }
}

/// A plausible Indonesian root: three letters or more, two vowels, and no
/// final consonant cluster other than ng/ny/kh/sy ("prediks" is not one).
fn root_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let n = b.len();
    if n < 3 || b.iter().filter(|&&c| vowel(c)).count() < 2 {
        return false;
    }
    let (x, y) = (b[n - 2], b[n - 1]);
    vowel(x) || vowel(y) || matches!(&b[n - 2..], b"ng" | b"ny" | b"kh" | b"sy")
}

/// The usual reading of one prefix when the root list cannot decide:
/// meN-/peN- before a vowel restore p (m), t (n), s (ny) or nothing (ng).
fn default_prefix(w: &str) -> Option<(&'static str, String)> {
    let nasal = |r: &str| -> Option<String> {
        if r.starts_with(['l', 'r', 'w', 'y']) {
            return Some(r.into());
        }
        if let Some(s) = r.strip_prefix("ng") {
            // meng-e: roots in ke- (kejut, kenang, kepung) far outnumber those in e-
            if s.starts_with('e') {
                return Some(format!("k{s}"));
            }
            return (starts_vowel(s) || s.starts_with(['g', 'h', 'k'])).then(|| s.into());
        }
        if let Some(s) = r.strip_prefix("ny") {
            return starts_vowel(s).then(|| format!("s{s}"));
        }
        if let Some(s) = r.strip_prefix('m') {
            if s.starts_with(['b', 'f', 'v', 'p']) {
                return Some(s.into());
            }
            return starts_vowel(s).then(|| format!("p{s}"));
        }
        if let Some(s) = r.strip_prefix('n') {
            if s.starts_with(['c', 'd', 'j', 'z', 's', 't']) {
                return Some(s.into());
            }
            return starts_vowel(s).then(|| format!("t{s}"));
        }
        None
    };
    for (p, class) in [
        ("di", "di"),
        ("ke", "ke"),
        ("ber", "be"),
        ("ter", "te"),
        ("per", "pe"),
    ] {
        if let Some(r) = w.strip_prefix(p) {
            return Some((class, r.into()));
        }
    }
    if let Some(r) = w.strip_prefix("me") {
        return nasal(r).map(|s| ("me", s));
    }
    if let Some(r) = w.strip_prefix("pe") {
        if let Some(s) = nasal(r) {
            return Some(("pe", s));
        }
        if starts_consonant(r) {
            return Some(("pe", r.into()));
        }
    }
    None
}

/// Affix stripping without the root list, for words whose root it lacks:
/// at least one prefix must come off, and what is left must look like a root.
fn fallback(w: &str) -> Option<String> {
    let mut suffixes: Vec<(&str, &str)> = DERIVATIONAL
        .iter()
        .filter_map(|d| w.strip_suffix(d).map(|r| (r, *d)))
        .collect();
    suffixes.push((w, ""));
    for (base, suffix) in suffixes {
        let Some((class, mut rest)) = default_prefix(base) else {
            continue;
        };
        // nouns take -an, not -kan (perpajakan is per+pajak+an); loanwords
        // in -si keep their i (mendominasi)
        if forbidden(class, suffix)
            || (class == "pe" && suffix == "kan")
            || (suffix == "i" && base.ends_with('s'))
            || !root_shaped(&rest)
        {
            continue;
        }
        // a second prefix: memper-, diper-, keber-
        if let Some((c2, r2)) = default_prefix(&rest) {
            if c2 != class && root_shaped(&r2) && matches!(c2, "pe" | "be" | "te" | "ke") {
                rest = r2;
            }
        }
        return Some(rest);
    }
    None
}

/// Reduplication: "anak-anak", "buku-bukunya", "tembak-menembak",
/// "berlari-lari" stem to the shared root; other compounds stay whole.
fn stem_hyphenated(w: &str) -> String {
    let mut parts = w.split('-').filter(|p| !p.is_empty());
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return w.to_string();
    };
    let (sa, sb) = (stem_id(a), stem_id(b));
    if sa == sb {
        return sa;
    }
    // "sebaik-baiknya", "kemerah-merahan": the bare half is the root
    if is_root_id(b) && a.ends_with(b) {
        return b.to_string();
    }
    if is_root_id(a) && sb == a {
        return sa;
    }
    w.to_string()
}

/// The word without its particle and possessive enclitics, if what remains
/// is long enough to be a word.
fn strip_clitics_lower(w: &str) -> &str {
    let mut s = w;
    for p in PARTICLES {
        if let Some(r) = s.strip_suffix(p) {
            if root_shaped(r) {
                s = r;
                break;
            }
        }
    }
    // -ku/-mu are rare in news and end many words (berperilaku): only -nya
    for p in ["nya"] {
        if let Some(r) = s.strip_suffix(p) {
            if root_shaped(r) {
                s = r;
                break;
            }
        }
    }
    s
}

/// The first analysis of `w` (lower case, letters) that reaches a root.
fn analyse(w: &str) -> Option<String> {
    let roots = roots();
    // suffix layers, outermost first: the word, without particle, without possessive
    let mut layers: Vec<&str> = vec![w];
    let mut cur = w;
    for set in [PARTICLES, POSSESSIVES] {
        if let Some(r) = set.iter().find_map(|p| cur.strip_suffix(p)) {
            if r.chars().count() >= 3 {
                cur = r;
                layers.push(cur);
            }
        }
    }
    // derivational suffix on the innermost layer
    let mut derived: Vec<(&str, &str)> = Vec::new();
    for d in DERIVATIONAL {
        if let Some(r) = cur.strip_suffix(d) {
            if r.chars().count() >= 3 {
                derived.push((r, d));
            }
        }
    }
    // Phase 1: suffixes alone
    for l in layers.iter().skip(1) {
        if roots.contains(l) {
            return Some(l.to_string());
        }
    }
    // between suffix readings, the longer root wins: masakan is masak+an, not masa+kan
    if let Some((r, _)) = derived
        .iter()
        .filter(|(r, _)| roots.contains(r))
        .max_by_key(|(r, _)| r.len())
    {
        return Some(r.to_string());
    }
    // Phase 2: prefixes, on the suffix-stripped bases and the bare stem; again
    // the longer root wins (memulai is me+mulai, not me+mula+i)
    let best = derived
        .iter()
        .map(|(r, d)| (*r, *d))
        .chain(std::iter::once((cur, "")))
        .filter_map(|(r, d)| strip_prefixes(r, 0, d, ""))
        .reduce(|a, b| if b.len() > a.len() { b } else { a });
    if best.is_some() {
        return best;
    }
    for l in layers.iter().rev().skip(1) {
        if let Some(root) = strip_prefixes(l, 0, "", "") {
            return Some(root);
        }
    }
    None
}

fn starts_vowel(s: &str) -> bool {
    s.starts_with(['a', 'e', 'i', 'o', 'u'])
}

fn starts_consonant(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase() && !"aeiou".contains(c))
}

/// "Ce r" after the prefix: bekerja, peserta, tepercaya.
fn c_er(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 3 && starts_consonant(s) && b[1] == b'e' && b[2] == b'r'
}

/// Confixes Indonesian does not form (outermost prefix, derivational suffix).
fn forbidden(prefix: &str, suffix: &str) -> bool {
    matches!(
        (prefix, suffix),
        ("be", "i")
            | ("di", "an")
            | ("ke", "i")
            | ("ke", "kan")
            | ("me", "an")
            | ("se", "i")
            | ("se", "kan")
            | ("te", "an")
    )
}

/// Candidate (prefix class, remainder) pairs for one prefix layer, in order
/// of preference. The remainder is the root side after the morphophonemic
/// change is undone.
fn prefix_variants(w: &str, depth: usize) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    let mut add = |class: &'static str, s: String| {
        // two-letter "roots" are mostly abbreviations in the list
        if s.chars().count() >= 3 {
            v.push((class, s));
        }
    };
    if let Some(r) = w.strip_prefix("di") {
        add("di", r.into());
    }
    if let Some(r) = w.strip_prefix("ke") {
        add("ke", r.into());
    }
    if let Some(r) = w.strip_prefix("se") {
        add("se", r.into());
    }
    // ber-, be-
    if let Some(r) = w.strip_prefix("ber") {
        add("be", r.into());
        if starts_vowel(r) {
            add("be", format!("r{r}"));
        }
    } else if let Some(r) = w.strip_prefix("bel") {
        if r == "ajar" || r.starts_with("ajar") {
            add("be", r.into());
        }
    }
    if let Some(r) = w.strip_prefix("be") {
        if c_er(r) {
            add("be", r.into());
        }
    }
    // ter-, te-
    if let Some(r) = w.strip_prefix("ter") {
        add("te", r.into());
        if starts_vowel(r) {
            add("te", format!("r{r}"));
        }
    }
    if let Some(r) = w.strip_prefix("te") {
        if c_er(r) {
            add("te", r.into());
        }
    }
    // meN-
    if let Some(r) = w.strip_prefix("me") {
        nasal(r, "me", &mut add);
    }
    // peN-, per-, pe-
    if let Some(r) = w.strip_prefix("per") {
        add("pe", r.into());
        if starts_vowel(r) {
            add("pe", format!("r{r}"));
        }
    }
    if let Some(r) = w.strip_prefix("pel") {
        if r.starts_with("ajar") {
            add("pe", r.into());
        }
    }
    if let Some(r) = w.strip_prefix("pe") {
        nasal(r, "pe", &mut add);
        if c_er(r) {
            add("pe", r.into());
        }
        // petani, pedagang: pe- before a plain consonant
        if starts_consonant(r) && !r.starts_with(['r', 'w', 'y', 'l', 'm', 'n']) {
            add("pe", r.into());
        }
    }
    // proclitic pronouns, outermost only
    if depth == 0 {
        if let Some(r) = w.strip_prefix("kau") {
            add("kau", r.into());
        } else if let Some(r) = w.strip_prefix("ku") {
            add("ku", r.into());
        }
    }
    v
}

/// The meN-/peN- nasal rules, for the part after "me"/"pe".
fn nasal(r: &str, class: &'static str, add: &mut impl FnMut(&'static str, String)) {
    if r.starts_with(['l', 'r', 'w', 'y']) {
        // melihat, merasa, mewakili, meyakini; pelaku, peramal
        add(class, r.into());
    } else if let Some(s) = r.strip_prefix("ng") {
        if starts_vowel(s) {
            // mengambil→ambil, mengenal→kenal
            add(class, s.into());
            add(class, format!("k{s}"));
            // mengebom: menge- before a one-syllable root
            if let Some(t) = s.strip_prefix('e') {
                if starts_consonant(t) {
                    add(class, t.into());
                }
            }
        } else if s.starts_with(['g', 'h', 'k', 'q']) {
            add(class, s.into());
        }
        // menganga: the root itself begins with ng
        add(class, r.into());
    } else if let Some(s) = r.strip_prefix("ny") {
        if starts_vowel(s) {
            add(class, format!("s{s}"));
            add(class, r.into());
        }
    } else if let Some(s) = r.strip_prefix('m') {
        if s.starts_with(['b', 'f', 'v', 'p']) {
            add(class, s.into());
        } else if starts_vowel(s) {
            // memakan→makan, memukul→pukul
            add(class, r.into());
            add(class, format!("p{s}"));
        }
    } else if let Some(s) = r.strip_prefix('n') {
        if s.starts_with(['c', 'd', 'j', 'z', 's', 't']) {
            add(class, s.into());
        } else if starts_vowel(s) {
            // menanti→nanti, menurut→turut
            add(class, r.into());
            add(class, format!("t{s}"));
        }
    }
}

/// Depth-first prefix stripping with a root check after every layer.
/// `suffix` is the derivational suffix already removed (for the confix
/// check on the outermost prefix); `prev` the prefix class just removed.
fn strip_prefixes(w: &str, depth: usize, suffix: &str, prev: &str) -> Option<String> {
    if depth >= 3 {
        return None;
    }
    let roots = roots();
    for (class, rest) in prefix_variants(w, depth) {
        if class == prev {
            continue;
        }
        if depth == 0 && forbidden(class, suffix) {
            continue;
        }
        // short list entries (abbreviations, fragments) only count as roots
        // near the surface: under two prefixes a root has four letters or more
        if roots.contains(rest.as_str()) && (depth == 0 || rest.len() >= 4) {
            return Some(rest);
        }
        if class == "ku" || class == "kau" {
            // a proclitic may sit on a prefixed word: kuperbaiki
            if let Some(r) = strip_prefixes(&rest, depth + 1, suffix, class) {
                return Some(r);
            }
            continue;
        }
        if let Some(r) = strip_prefixes(&rest, depth + 1, suffix, class) {
            return Some(r);
        }
    }
    None
}

/// A word split into proclitic, base and enclitics. Empty strings stand
/// for absent parts. The parts are slices of the word as given (case kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clitics<'a> {
    /// "ku" or "kau", or "".
    pub proclitic: &'a str,
    pub base: &'a str,
    /// "nya", "lah", "kah", "pun", "tah", "ku", "mu" or a stack such as "nyalah", or "".
    pub enclitic: &'a str,
}

/// Splits Indonesian clitics off a word, only when the base is a known root
/// or stems to one and the whole word is not itself a root: "bukunya" →
/// ("", "buku", "nya"), "kubeli" → ("ku", "beli", ""), but "hanya",
/// "sekolah", "kuasa" stay whole.
///
/// ```
/// use warta_lang::split_clitics;
/// let c = split_clitics("Rumahnyalah");
/// assert_eq!((c.proclitic, c.base, c.enclitic), ("", "Rumah", "nyalah"));
/// ```
pub fn split_clitics(word: &str) -> Clitics<'_> {
    let whole = Clitics {
        proclitic: "",
        base: word,
        enclitic: "",
    };
    if !word.is_ascii() || word.len() < 4 {
        return whole;
    }
    let lower = word.to_ascii_lowercase();
    if is_root_id(&lower) {
        return whole;
    }
    let known = |s: &str| s.len() >= 3 && (is_root_id(s) || analyse(s).is_some());
    // enclitics: particle outermost, possessive inside it
    let mut end = lower.len();
    let mut options = vec![];
    for p in PARTICLES {
        if lower.ends_with(p) {
            options.push(end - p.len());
            let inner = &lower[..end - p.len()];
            for q in POSSESSIVES {
                if inner.ends_with(q) {
                    options.push(end - p.len() - q.len());
                }
            }
        }
    }
    for q in POSSESSIVES {
        if lower.ends_with(q) {
            options.push(end - q.len());
        }
    }
    // prefer the longest enclitic stack that leaves a known base
    options.sort_unstable();
    if let Some(&e) = options.iter().find(|&&e| known(&lower[..e])) {
        end = e;
    }
    let mut start = 0;
    for p in ["kau", "ku"] {
        if let Some(r) = lower[..end].strip_prefix(p) {
            if known(r) && !is_root_id(&lower[..end]) {
                start = p.len();
                break;
            }
        }
    }
    Clitics {
        proclitic: &word[..start],
        base: &word[start..end],
        enclitic: &word[end..],
    }
}

/// A light English normaliser: plural and verb inflections off, derivation
/// kept. Lower-cases.
///
/// ```
/// use warta_lang::stem_en;
/// assert_eq!(stem_en("Countries"), "country");
/// assert_eq!(stem_en("stopped"), "stop");
/// assert_eq!(stem_en("hoped"), "hope");
/// assert_eq!(stem_en("talks"), "talk");
/// assert_eq!(stem_en("meeting"), "meet");
/// ```
pub fn stem_en(word: &str) -> String {
    let mut w = word.to_lowercase();
    if !w.is_ascii() || w.len() <= 3 || !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'') {
        return w;
    }
    for p in ["'s", "’s", "s'"] {
        if w.ends_with(p) {
            w.truncate(w.len() - p.len() + usize::from(p == "s'"));
        }
    }
    if w.len() <= 3 {
        return w;
    }
    // Step 1a: plurals
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("ches")
        || w.ends_with("shes")
        || w.ends_with("xes")
        || w.ends_with("zzes")
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // Step 1b: -ed, -ing, when what is left has a vowel
    let has_vowel = |s: &str| s.bytes().any(|b| b"aeiouy".contains(&b));
    if w.ends_with("ied") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
        return w;
    }
    if w.ends_with("eed") {
        return w;
    }
    let cut = if w.ends_with("ed") && has_vowel(&w[..w.len() - 2]) {
        2
    } else if w.ends_with("ing") && w.len() > 5 && has_vowel(&w[..w.len() - 3]) {
        3
    } else {
        0
    };
    if cut > 0 {
        w.truncate(w.len() - cut);
        let b = w.as_bytes();
        let n = b.len();
        if w.ends_with("at") || w.ends_with("bl") || w.ends_with("iz") {
            w.push('e');
        } else if n >= 2
            && b[n - 1] == b[n - 2]
            && !b"lsz".contains(&b[n - 1])
            && !b"aeiou".contains(&b[n - 1])
        {
            w.pop();
        } else if n == 3 && is_cvc(b) {
            // hop(e): a short consonant-vowel-consonant stem lost its e
            w.push('e');
        }
    }
    w
}

fn is_cvc(b: &[u8]) -> bool {
    let v = |c: u8| b"aeiou".contains(&c);
    let n = b.len();
    n >= 3 && !v(b[n - 3]) && v(b[n - 2]) && !v(b[n - 1]) && !b"wxy".contains(&b[n - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn men_pen_rules() {
        for (w, r) in [
            ("menurut", "turut"),
            ("memukul", "pukul"),
            ("menyapu", "sapu"),
            ("mengambil", "ambil"),
            ("pengajar", "ajar"),
            ("perekonomian", "ekonomi"),
            ("membaca", "baca"),
            ("mendapatkan", "dapat"),
            ("mengatakan", "kata"),
            ("menyatakan", "nyata"),
            ("memakan", "makan"),
            ("pemerintah", "perintah"),
            ("penyakit", "sakit"),
            ("diberikan", "beri"),
            ("berikan", "beri"),
            ("pertanian", "tani"),
            ("menggunakan", "guna"),
            ("memperkenalkan", "kenal"),
            ("kebersihan", "bersih"),
            ("anak-anak", "anak"),
            ("tembak-menembak", "tembak"),
            ("bukunya", "buku"),
        ] {
            assert_eq!(stem_id(w), r, "{w}");
        }
    }

    #[test]
    fn roots_and_non_words_unchanged() {
        assert_eq!(stem_id("makan"), "makan");
        assert_eq!(stem_id("2023"), "2023");
        assert_eq!(stem_id("COVID-19"), "covid-19");
        assert_eq!(stem_id(""), "");
        // a bare clitic follows the treebanks' majority (CSUI keeps "nya")
        assert_eq!(stem_id("nya"), "nya");
    }

    #[test]
    fn clitics() {
        let s = |w| {
            let c = split_clitics(w);
            (c.proclitic, c.base, c.enclitic)
        };
        assert_eq!(s("bukunya"), ("", "buku", "nya"));
        assert_eq!(s("kubeli"), ("ku", "beli", ""));
        assert_eq!(s("kaulihat"), ("kau", "lihat", ""));
        assert_eq!(s("pembangunannya"), ("", "pembangunan", "nya"));
        assert_eq!(s("benarkah"), ("", "benar", "kah"));
        assert_eq!(s("diapun"), ("", "dia", "pun"));
        for w in [
            "hanya", "sekolah", "kuasa", "langkah", "telah", "ilmu", "kaum", "punya",
        ] {
            assert_eq!(s(w), ("", w, ""), "{w}");
        }
    }

    #[test]
    fn english() {
        for (w, r) in [
            ("talks", "talk"),
            ("countries", "country"),
            ("boxes", "box"),
            ("stopped", "stop"),
            ("hoped", "hope"),
            ("meeting", "meet"),
            ("running", "run"),
            ("agreed", "agreed"),
            ("news", "new"),
            ("Putin's", "putin"),
            ("crisis", "crisis"),
            ("bus", "bus"),
        ] {
            assert_eq!(stem_en(w), r, "{w}");
        }
    }
}
