//! Splitting an image caption from its credit ("Foto: ANTARA/...", "Sumber: Rappler").
//!
//! Credits come in a handful of shapes, tried from the most to the least
//! explicit: a bracketed group at the end ("(ANTARA FOTO/Aditya)"), a label
//! with a colon ("Foto: ...", "Sumber: ...", "Credit: ..."), a "Photo by ..."
//! phrase, a copyright sign, and an agency/photographer pair with a slash
//! ("Reuters/Lee Smith", "John Doe/Getty Images"). The credit is returned
//! without its label, as fundus and most CMSs store it.

use regex::Regex;
use std::sync::LazyLock;

/// Splits a caption into the caption proper and its credit, if one is named.
pub fn split_caption_credit(text: &str) -> (Option<String>, Option<String>) {
    let text = crate::textutil::normalize_space(text);
    if text.is_empty() {
        return (None, None);
    }
    match find_credit(&text) {
        Some(split) => (split.caption, Some(split.credit)),
        None => (Some(text), None),
    }
}

/// How a credit was recognised; the text path uses it to tell a photo
/// caption from a paragraph that happens to end with a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CreditKind {
    /// "Foto: X", "Photo by X", "(ANTARA FOTO/X)", "Name/Agency": names a
    /// photo or photographer, so the line is a caption.
    Photo,
    /// "Sumber: X", "Source: X": a source, of a photo or of the whole text.
    Source,
    /// "© X", a bare agency name: also seen in footers and datelines.
    Weak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreditSplit {
    pub caption: Option<String>,
    pub credit: String,
    pub kind: CreditKind,
}

/// Agencies, photo libraries and outlets that appear in credits. Acronyms
/// that are also ordinary words in some language are matched case-sensitively.
const AGENCY: &str = r"(?:(?i:antara(?:\s+foto)?|reuters|afp(?:\s+via\s+getty\s+images)?|getty(?:\s+images)?|associated\s+press|the\s+associated\s+press|picture[\s-]alliance|imago(?:\s+images)?|shutterstock(?:\.com)?|istock(?:photo)?|xinhua|anadolu(?:\s+agency)?|bloomberg|kyodo|yonhap|tass|ria\s+novosti|sputnik|nurphoto|sopa\s+images|zuma(?:\s+press)?(?:\s+wire)?|sipa(?:\s+usa)?|keystone|alamy|unsplash|pexels|pixabay|freepik|wikimedia(?:\s+commons)?|istimewa|dpa|ansa|belga|efe|kompas\.com|tempo\.co|detikcom|antaranews|rappler|pool)|AP(?:\s+Photo)?|AAP|PA(?:\s+Wire)?|EPA(?:-EFE)?|CBC|BBC|CNN|NPA|UPI)";

/// Labels that introduce a credit when followed by a colon.
const LABEL: &str = r"(?i:(?:photo|image|picture|foto)\s+credits?|kredit\s+foto|sumber\s+(?:foto|gambar)|foto\s*/\s*video|photos?|photograph|images?|bild(?:er)?|pictures?|pics?|credits?|kredit|sumber|source|quelle|dok(?:umentasi)?\.?|ilustrasi|illustration|grafis|graphics?|fotografer|photographer|pewarta\s+foto|courtesy|gambar|copyright|fuente|cr[ée]dito|fotos?|isithombe|bron|beeld)";

static RE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[\s(\[|,;.–—-])({LABEL})\s*:\s*")).expect("label regex")
});

static RE_LABEL_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^({LABEL})\s*:\s*(.+)$")).expect("label start regex"));

static RE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s(\[|.,;–—-])(?:photo(?:graph)?s?|images?|pictures?|pic|illustration|foto|gambar|bild|ilustrasi)\s+(?:by|oleh|von|courtesy\s+of|credit)\s*:?\s+(\S.*)$",
    )
    .expect("by regex")
});

static RE_COURTESY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.!?]\s+|[(\[|–—-]\s*)(?:courtesy\s+of|courtesy)\s+(\S.*)$")
        .expect("courtesy regex")
});

static RE_COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}\s*)?(\S.*)$").expect("copyright regex")
});

static RE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[\s/(])({AGENCY})(?:$|[\s/),.])")).expect("agency regex")
});

static RE_AGENCY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{AGENCY}(?:\s+(?:Photos?|Foto|FOTO|Images))?$"))
        .expect("agency only regex")
});

static RE_AGENCY_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[.!?|–—-]\s*|\s+[-–—|]\s+)({AGENCY}(?:\s+(?:Photos?|Foto|FOTO|Images))?)\s*\.?$"
    ))
    .expect("agency tail regex")
});

/// A run of name-like words, slash, name-like words, at the end.
static RE_SLASH_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    const W: &str = r"[\p{Lu}][\p{L}\p{M}\p{N}.'’&-]*";
    const WL: &str = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}.'’&-]*";
    Regex::new(&format!(
        r"(?:^|\s)((?:(?:{W}|von|van|de|der|den|da|del|al|el|bin|binti)\s+){{0,4}}{W}(?:\s*/\s*{WL}(?:\s+(?:{W}|via|von|de|van|der|al|el|bin)){{0,4}})+)\s*\.?$"
    ))
    .expect("slash tail regex")
});

/// A sentence boundary: a word of 3+ letters, a stop, space. Initials ("A.")
/// and abbreviations ("dok.", "Jr.") do not end sentences; see [`has_sentence_end`].
static RE_SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{L}[\p{L}-]{2,})[.!?]\s+").expect("sentence regex"));

const ABBREVIATIONS: &[&str] = &[
    "dok", "ist", "mrs", "sgt", "gen", "col", "capt", "prof", "kol", "brig", "jend",
];

/// Where the last sentence boundary in `s` ends, if there is one.
fn last_sentence_end(s: &str) -> Option<usize> {
    RE_SENTENCE_END
        .captures_iter(s)
        .filter(|c| {
            let word = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
            !ABBREVIATIONS.contains(&word.as_str())
        })
        .last()
        .and_then(|c| c.get(0))
        .map(|m| m.end())
}

fn has_sentence_end(s: &str) -> bool {
    last_sentence_end(s).is_some()
}

/// A sentence end with no space after it: two lower-case letters, a stop,
/// a capitalised word.
static RE_GLUED_SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Ll}{2}[.!?]\p{Lu}\p{Ll}").expect("glued sentence regex"));

static RE_DOK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^dok(?:umentasi)?\.?\s+\S").expect("dok regex"));

static RE_DOK_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?|–—-]\s*)((?i:dok(?:umentasi)?)\.?\s+(?:\p{Lu}|pribadi|istimewa|humas)[^.!?]{0,60})$")
        .expect("dok tail regex")
});

/// Finds the credit in a caption, with what is left as the caption.
pub(crate) fn find_credit(text: &str) -> Option<CreditSplit> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    bracket_credit(text)
        .or_else(|| label_credit(text))
        .or_else(|| by_credit(text))
        .or_else(|| dok_credit(text))
        .or_else(|| copyright_credit(text))
        .or_else(|| slash_credit(text))
        .or_else(|| agency_credit(text))
}

fn split_at(text: &str, at: usize, credit: &str, kind: CreditKind) -> Option<CreditSplit> {
    let credit = clean_credit(credit)?;
    Some(CreditSplit {
        caption: clean_caption(text.get(..at).unwrap_or_default()),
        credit,
        kind,
    })
}

/// "Caption (Foto: X)", "Caption [ANTARA FOTO/X]".
fn bracket_credit(text: &str) -> Option<CreditSplit> {
    let close = text.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let mut depth = 0usize;
    let mut start = None;
    for (i, c) in text.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                start = Some(i);
                break;
            }
        }
    }
    let start = start?;
    let inner = text.get(start + 1..text.len() - 1)?.trim();
    let (credit, kind) = fragment_credit(inner)?;
    if kind == CreditKind::Weak {
        // "Foto: Graeme Sloan (Getty)": the bracket only qualifies a credit
        // that starts before it.
        let before = text.get(..start).unwrap_or_default().trim_end();
        if let Some(outer) = label_credit(before).or_else(|| by_credit(before)) {
            return Some(CreditSplit {
                credit: format!("{} ({credit})", outer.credit),
                ..outer
            });
        }
    }
    split_at(text, start, &credit, kind)
}

/// Whether a bracketed fragment is a credit, and which.
fn fragment_credit(inner: &str) -> Option<(String, CreditKind)> {
    if inner.is_empty() || inner.chars().count() > 120 {
        return None;
    }
    if let Some(c) = RE_LABEL_START.captures(inner) {
        let (label, rest) = (c.get(1)?.as_str(), c.get(2)?.as_str());
        // The bracket bounds the credit, so a stop inside it ("(Photo: UN
        // Photo / X. Courtesy of the ICJ)") does not end it.
        return label_accepts_within(label, rest, true)
            .then(|| (rest.to_string(), label_kind(label)));
    }
    if let Some(c) = RE_BY.captures(inner) {
        if c.get(0)?.start() == 0 {
            return Some((c.get(1)?.as_str().to_string(), CreditKind::Photo));
        }
    }
    if let Some(c) = RE_COPYRIGHT.captures(inner) {
        if c.get(0)?.start() == 0 {
            return Some((c.get(1)?.as_str().to_string(), CreditKind::Weak));
        }
    }
    if RE_DOK.is_match(inner) {
        return Some((inner.to_string(), CreditKind::Photo));
    }
    if has_sentence_end(inner) || inner.split_whitespace().count() > 10 {
        return None;
    }
    if inner.contains('/') && starts_upper(inner) && slash_is_credit(inner, true) {
        return Some((inner.to_string(), CreditKind::Photo));
    }
    if RE_AGENCY_ONLY.is_match(inner) {
        return Some((inner.to_string(), CreditKind::Weak));
    }
    None
}

/// "Caption. Foto: X", "Caption Sumber: X", "Foto: X".
fn label_credit(text: &str) -> Option<CreditSplit> {
    let matches: Vec<_> = RE_LABEL.captures_iter(text).collect();
    for caps in matches.iter().rev() {
        let (Some(label), Some(whole)) = (caps.get(1), caps.get(0)) else {
            continue;
        };
        let rest = text.get(whole.end()..).unwrap_or_default().trim();
        if rest.is_empty() || !label_accepts(label.as_str(), rest) {
            continue;
        }
        let before = text.get(..label.start()).unwrap_or_default();
        // Mid-sentence ("di Rusia Sumber: Rappler") only a capitalised label
        // counts; after punctuation or at the start any case does.
        let after_word = before.ends_with(char::is_whitespace)
            && before
                .trim_end()
                .chars()
                .last()
                .is_some_and(char::is_alphanumeric);
        if after_word && !starts_upper(label.as_str()) {
            continue;
        }
        if label.as_str().to_lowercase().starts_with("ilustrasi") && !before.trim().is_empty() {
            // "Ilustrasi: X" after a caption is rare; more often the caption
            // itself continues, so only a clearly credit-like tail counts.
            if !strong_credit(rest) {
                continue;
            }
        }
        return split_at(text, label.start(), rest, label_kind(label.as_str()));
    }
    None
}

fn label_kind(label: &str) -> CreditKind {
    let l = label.to_lowercase();
    if l.starts_with("sumber") && l.len() > "sumber".len() {
        CreditKind::Photo // "Sumber foto", "Sumber gambar"
    } else if l.starts_with("sumber")
        || l.starts_with("source")
        || l.starts_with("quelle")
        || l.starts_with("fuente")
    {
        CreditKind::Source
    } else if l.starts_with("copyright") {
        CreditKind::Weak
    } else {
        CreditKind::Photo
    }
}

/// Whether what follows a label reads like a credit rather than more caption.
fn label_accepts(label: &str, rest: &str) -> bool {
    label_accepts_within(label, rest, false)
}

/// [`label_accepts`], where `bounded` says brackets close the credit, so
/// it may hold more than one sentence.
fn label_accepts_within(label: &str, rest: &str, bounded: bool) -> bool {
    let words = rest.split_whitespace().count();
    if words == 0 || words > 14 || rest.chars().count() > 120 {
        return false;
    }
    if !bounded && has_sentence_end(rest) {
        return false;
    }
    let l = label.to_lowercase();
    if l.starts_with("ilustrasi") || l.starts_with("illustration") {
        return strong_credit(rest);
    }
    true
}

/// A tail that can only be a credit: an agency, a slash pair, "dok.", a domain.
fn strong_credit(rest: &str) -> bool {
    let words = rest.split_whitespace().count();
    words <= 8
        && (RE_AGENCY.is_match(rest)
            || rest.contains('/')
            || RE_DOK.is_match(rest)
            || rest.split_whitespace().any(looks_like_domain))
}

fn looks_like_domain(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let mut parts = w.split('.');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<_> = parts.collect();
    !first.is_empty()
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| (2..=6).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
}

/// "Caption. Photo by John Doe/Getty Images", "Foto oleh X".
fn by_credit(text: &str) -> Option<CreditSplit> {
    for re in [&*RE_BY, &*RE_COURTESY] {
        if let Some(c) = re.captures(text) {
            let (whole, rest) = (c.get(0)?, c.get(1)?);
            let rest_s = rest.as_str();
            if rest_s.split_whitespace().count() > 10 || has_sentence_end(rest_s) {
                continue;
            }
            // Start of the phrase, after the separator the regex consumed.
            let start = whole.start()
                + whole
                    .as_str()
                    .find(|c: char| c.is_alphabetic())
                    .unwrap_or_default();
            return split_at(text, start, rest_s, CreditKind::Photo);
        }
    }
    None
}

/// "Caption. Dok. Humas Polri", "Dok. Pribadi".
fn dok_credit(text: &str) -> Option<CreditSplit> {
    // Cheap tests first: the credit regexes are slow on long captions.
    if !crate::textutil::contains_ascii_ci(text, "dok") {
        return None;
    }
    let c = RE_DOK_TAIL.captures(text)?;
    let credit = c.get(1)?;
    split_at(text, credit.start(), credit.as_str(), CreditKind::Photo)
}

/// "Caption © dpa", "© 2023 Reuters".
fn copyright_credit(text: &str) -> Option<CreditSplit> {
    if !text.contains('©')
        && !crate::textutil::contains_ascii_ci(text, "(c)")
        && !crate::textutil::contains_ascii_ci(text, "copyright")
    {
        return None;
    }
    let c = RE_COPYRIGHT.captures_iter(text).last()?;
    let (whole, rest) = (c.get(0)?, c.get(1)?);
    if rest.as_str().split_whitespace().count() > 8 {
        return None;
    }
    split_at(text, whole.start(), rest.as_str(), CreditKind::Weak)
}

/// "Caption. Reuters/Lee Smith", "Caption John Doe/Getty Images".
fn slash_credit(text: &str) -> Option<CreditSplit> {
    if !text.contains('/') {
        return None;
    }
    let c = RE_SLASH_TAIL.captures(text)?;
    let m = c.get(1)?;
    let mut start = m.start();
    let mut cand = m.as_str();
    // The run of capitalised words may reach back over a sentence end.
    let mut after_boundary = start == 0;
    if let Some(end) = last_sentence_end(cand) {
        start += end;
        cand = &text[start..m.end()];
        after_boundary = true;
    }
    // Caption and credit elements glued without a space ("... von der
    // Leyen.Philipp von Ditfurth/dpa"): the stop between a lower-case
    // and a capitalised word ends the caption.
    if let Some(glued) = RE_GLUED_SENTENCE_END.find_iter(cand).last() {
        let stop = glued.as_str().find(['.', '!', '?']).unwrap_or(0);
        start += glued.start() + stop + 1;
        cand = &text[start..m.end()];
        after_boundary = true;
    }
    let before = text[..start].trim_end();
    if before.is_empty() || before.ends_with(['.', '!', '?', '|', '-', '–', '—', ':']) {
        after_boundary = true;
    }
    let (first, _) = cand.split_once('/')?;
    if let Some(a) = RE_AGENCY.captures_iter(first).last().and_then(|c| c.get(1)) {
        // "di Rusia Reuters/Lee Smith", "Friedrich Merz REUTERS/Nadja
        // Wohlleben": the words before an agency are the caption's.
        if a.start() > 0 {
            start += a.start();
            cand = &text[start..m.end()];
        }
    } else if !after_boundary {
        if !slash_is_credit(cand, false) {
            return None;
        }
        // "... in Berlin-Wedding Rolf Zoellner/imago": nothing marks where
        // the caption ends, so take the commonest name shape, two words,
        // plus any particle ("Philipp von Ditfurth").
        let at = name_start(first);
        start += at;
        cand = &text[start..m.end()];
    }
    if !slash_is_credit(cand, after_boundary) {
        return None;
    }
    split_at(text, start, cand, CreditKind::Photo)
}

/// Byte offset in `first` where a trailing personal name begins: the last
/// two capitalised words, reaching over name particles.
fn name_start(first: &str) -> usize {
    const PARTICLES: &[&str] = &[
        "von", "van", "de", "der", "den", "da", "di", "del", "al", "el", "bin", "binti", "le", "la",
    ];
    let words: Vec<(usize, &str)> = first
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - first.as_ptr() as usize, w))
        .collect();
    let mut capitals = 0;
    let mut at = 0;
    for &(pos, w) in words.iter().rev() {
        // Particles and initials ("Robert F. Bukaty") do not count as words.
        let initial = w.trim_end_matches('.').chars().count() == 1;
        if PARTICLES.contains(&w) || initial {
            at = pos;
            continue;
        }
        if capitals == 2 {
            break;
        }
        capitals += 1;
        at = pos;
    }
    at
}

/// Whether "A/B" is a credit: one side names an agency, or, after a
/// sentence boundary, every side is capitalised and short.
fn slash_is_credit(cand: &str, after_boundary: bool) -> bool {
    let parts: Vec<&str> = cand.split('/').map(str::trim).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    // Dates and fractions: "13/9/2023", "1/2".
    if parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    if RE_AGENCY.is_match(cand) || cand.contains("FOTO") || cand.contains("Photo") {
        return true;
    }
    if !after_boundary {
        return false;
    }
    let name_words = parts
        .iter()
        .map(|p| p.split_whitespace().filter(|w| starts_upper(w)).count())
        .max()
        .unwrap_or(0);
    parts
        .iter()
        .all(|p| starts_upper(p) && p.split_whitespace().count() <= 5)
        && name_words >= 2
}

/// "Caption. Getty Images", "Reuters".
fn agency_credit(text: &str) -> Option<CreditSplit> {
    let c = RE_AGENCY_TAIL.captures(text)?;
    let m = c.get(1)?;
    split_at(text, m.start(), m.as_str(), CreditKind::Weak)
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Trims the caption of the separators that stood before its credit.
fn clean_caption(s: &str) -> Option<String> {
    let s = s.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '–' | '—' | '|' | ',' | ';' | ':' | '/' | '(' | '[' | '•' | '·'
            )
    });
    let s = s.trim_start();
    (s.chars().any(char::is_alphanumeric)).then(|| s.to_string())
}

/// Trims a credit of brackets and a sentence-final stop.
fn clean_credit(s: &str) -> Option<String> {
    let mut s = s
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—'));
    // An unmatched closing bracket belongs to a caption-level bracket.
    while (s.ends_with(')') && s.matches('(').count() < s.matches(')').count())
        || (s.ends_with(']') && s.matches('[').count() < s.matches(']').count())
    {
        s = s[..s.len() - 1].trim_end();
    }
    if let Some(stripped) = s.strip_suffix('.') {
        // Keep the stop of an initial or abbreviation ("Mubarak A.", "dok.").
        let last_word = stripped
            .rsplit(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if last_word.chars().count() >= 4 && !last_word.contains('.') {
            s = stripped;
        }
    }
    let s = s.trim();
    (s.chars().any(char::is_alphanumeric)).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (Option<String>, Option<String>) {
        split_caption_credit(s)
    }

    fn both(caption: &str, credit: &str) -> (Option<String>, Option<String>) {
        (Some(caption.to_string()), Some(credit.to_string()))
    }

    fn credit_only(credit: &str) -> (Option<String>, Option<String>) {
        (None, Some(credit.to_string()))
    }

    fn caption_only(caption: &str) -> (Option<String>, Option<String>) {
        (Some(caption.to_string()), None)
    }

    #[test]
    fn empty() {
        assert_eq!(split(""), (None, None));
        assert_eq!(split("   \n "), (None, None));
    }

    #[test]
    fn foto_label_credit_only() {
        assert_eq!(
            split("Foto: ANTARA/Hafidz Mubarak A"),
            credit_only("ANTARA/Hafidz Mubarak A")
        );
    }

    #[test]
    fn foto_label_after_caption() {
        assert_eq!(
            split("Presiden Joko Widodo meninjau lokasi banjir di Demak. Foto: ANTARA/Hafidz Mubarak A."),
            both("Presiden Joko Widodo meninjau lokasi banjir di Demak.", "ANTARA/Hafidz Mubarak A.")
        );
    }

    #[test]
    fn sumber_label_credit_only() {
        assert_eq!(split("Sumber: Rappler"), credit_only("Rappler"));
    }

    #[test]
    fn sumber_mid_line_without_punctuation() {
        assert_eq!(
            split(
                "Pertemuan bilateral antara kedua negara yang berlangsung di Rusia Sumber: Rappler"
            ),
            both(
                "Pertemuan bilateral antara kedua negara yang berlangsung di Rusia",
                "Rappler"
            )
        );
    }

    #[test]
    fn sumber_mid_line_person() {
        assert_eq!(
            split(
                "Presiden Rusia Vladimir Putin (kiri) dan Kim Jong-Un di wilayah Amur Sumber: CBC"
            ),
            both(
                "Presiden Rusia Vladimir Putin (kiri) dan Kim Jong-Un di wilayah Amur",
                "CBC"
            )
        );
    }

    #[test]
    fn credit_glued_to_the_caption() {
        assert_eq!(
            split("Wir handeln, sagt Ursula von der Leyen.Philipp von Ditfurth/dpa"),
            both(
                "Wir handeln, sagt Ursula von der Leyen.",
                "Philipp von Ditfurth/dpa"
            )
        );
    }

    #[test]
    fn bracketed_credit_of_two_sentences() {
        assert_eq!(
            split("Judges hear the case in The Hague. (Photo: UN Photo / Frank van Beek. Courtesy of the ICJ)"),
            both(
                "Judges hear the case in The Hague.",
                "UN Photo / Frank van Beek. Courtesy of the ICJ"
            )
        );
    }

    #[test]
    fn photo_in_parentheses() {
        assert_eq!(
            split("Protesters gather outside parliament (Photo: Reuters)"),
            both("Protesters gather outside parliament", "Reuters")
        );
    }

    #[test]
    fn credit_label() {
        assert_eq!(split("Credit: AP"), credit_only("AP"));
        assert_eq!(
            split("The scene after the storm. Credit: AP"),
            both("The scene after the storm.", "AP")
        );
    }

    #[test]
    fn photo_by() {
        assert_eq!(
            split("Photo by John Doe/Getty Images"),
            credit_only("John Doe/Getty Images")
        );
        assert_eq!(
            split("Fans celebrate the win. Photo by John Doe/Getty Images"),
            both("Fans celebrate the win.", "John Doe/Getty Images")
        );
    }

    #[test]
    fn foto_oleh() {
        assert_eq!(
            split("Suasana pasar pagi di Bandung. Foto oleh Andi Saputra"),
            both("Suasana pasar pagi di Bandung.", "Andi Saputra")
        );
    }

    #[test]
    fn image_label() {
        assert_eq!(
            split("A satellite view of the port. Image: Maxar Technologies"),
            both("A satellite view of the port.", "Maxar Technologies")
        );
    }

    #[test]
    fn foto_dok_humas() {
        assert_eq!(split("Foto: dok. Humas"), credit_only("dok. Humas"));
        assert_eq!(
            split("Kapolda meninjau pos pengamanan mudik. Foto: dok. Humas Polda Jateng"),
            both(
                "Kapolda meninjau pos pengamanan mudik.",
                "dok. Humas Polda Jateng"
            )
        );
    }

    #[test]
    fn antara_foto_in_parentheses() {
        assert_eq!(
            split("Warga antre membeli beras murah di Jakarta, Senin (11/9/2023). (ANTARA FOTO/Aditya Pradana Putra)"),
            both(
                "Warga antre membeli beras murah di Jakarta, Senin (11/9/2023).",
                "ANTARA FOTO/Aditya Pradana Putra"
            )
        );
    }

    #[test]
    fn date_in_parentheses_is_not_a_credit() {
        assert_eq!(
            split("Warga antre membeli beras di Jakarta, Senin (11/9/2023)"),
            caption_only("Warga antre membeli beras di Jakarta, Senin (11/9/2023)")
        );
    }

    #[test]
    fn agency_slash_photographer() {
        assert_eq!(
            split("Rescuers search the rubble in Hatay. Reuters/Lee Smith"),
            both("Rescuers search the rubble in Hatay.", "Reuters/Lee Smith")
        );
        assert_eq!(split("REUTERS/Lee Smith"), credit_only("REUTERS/Lee Smith"));
    }

    #[test]
    fn agency_slash_without_punctuation() {
        assert_eq!(
            split("Rescuers search the rubble in Hatay Reuters/Lee Smith"),
            both("Rescuers search the rubble in Hatay", "Reuters/Lee Smith")
        );
    }

    #[test]
    fn photographer_slash_outlet_after_sentence() {
        assert_eq!(
            split("Abu Hassan Amer says the choice may harm talks. Mohamed El Saife/CBC"),
            both(
                "Abu Hassan Amer says the choice may harm talks.",
                "Mohamed El Saife/CBC"
            )
        );
    }

    #[test]
    fn bare_photographer_slash_agency_after_caption() {
        assert_eq!(
            split("Imam Kamouss beim Gebet in der Baptistenkirche in Berlin-Wedding Rolf Zoellner/imago"),
            both("Imam Kamouss beim Gebet in der Baptistenkirche in Berlin-Wedding", "Rolf Zoellner/imago")
        );
        assert_eq!(
            split("Ursula von der Leyen in Brüssel Philipp von Ditfurth/dpa"),
            both(
                "Ursula von der Leyen in Brüssel",
                "Philipp von Ditfurth/dpa"
            )
        );
        assert_eq!(
            split("Chris Christie in Windham, N.H. Robert F. Bukaty / AP"),
            both("Chris Christie in Windham, N.H.", "Robert F. Bukaty / AP")
        );
        assert_eq!(
            split("Friedrich Merz REUTERS/Nadja Wohlleben"),
            both("Friedrich Merz", "REUTERS/Nadja Wohlleben")
        );
        assert_eq!(
            split("Nord-Koreas leder, Kim Jong-un. KCNA/Reuters"),
            both("Nord-Koreas leder, Kim Jong-un.", "KCNA/Reuters")
        );
    }

    #[test]
    fn bracketed_agency_qualifies_a_labelled_credit() {
        assert_eq!(
            split("Donald Trump auf dem Rasen. Foto: Graeme Sloan (Getty)"),
            both("Donald Trump auf dem Rasen.", "Graeme Sloan (Getty)")
        );
    }

    #[test]
    fn copyright_sign() {
        assert_eq!(split("© dpa"), credit_only("dpa"));
        assert_eq!(
            split("Olaf Scholz im Bundestag. © dpa"),
            both("Olaf Scholz im Bundestag.", "dpa")
        );
        assert_eq!(split("© 2023 Reuters"), credit_only("Reuters"));
    }

    #[test]
    fn bild_label() {
        assert_eq!(
            split("Demonstration in Berlin. Bild: picture alliance/dpa"),
            both("Demonstration in Berlin.", "picture alliance/dpa")
        );
    }

    #[test]
    fn getty_images_at_end() {
        assert_eq!(
            split("A man walks past a closed shop in London. Getty Images"),
            both("A man walks past a closed shop in London.", "Getty Images")
        );
        assert_eq!(split("Getty Images"), credit_only("Getty Images"));
    }

    #[test]
    fn kredit_label() {
        assert_eq!(
            split("Petani memanen padi di Karawang. Kredit: Kompas/Riza Fathoni"),
            both("Petani memanen padi di Karawang.", "Kompas/Riza Fathoni")
        );
    }

    #[test]
    fn ilustrasi_as_caption_start_stays() {
        assert_eq!(
            split("Ilustrasi vaksinasi COVID-19 di puskesmas"),
            caption_only("Ilustrasi vaksinasi COVID-19 di puskesmas")
        );
    }

    #[test]
    fn ilustrasi_with_caption_text_stays() {
        assert_eq!(
            split("Ilustrasi: petugas memeriksa dokumen calon penumpang di bandara"),
            caption_only("Ilustrasi: petugas memeriksa dokumen calon penumpang di bandara")
        );
    }

    #[test]
    fn ilustrasi_with_stock_source_is_credit() {
        assert_eq!(split("Ilustrasi: Freepik"), credit_only("Freepik"));
        assert_eq!(
            split("Ilustrasi uang rupiah. Foto: Shutterstock"),
            both("Ilustrasi uang rupiah.", "Shutterstock")
        );
    }

    #[test]
    fn dok_tail() {
        assert_eq!(
            split("Bupati meresmikan jembatan baru. Dok. Humas Pemkab Sleman"),
            both(
                "Bupati meresmikan jembatan baru.",
                "Dok. Humas Pemkab Sleman"
            )
        );
        assert_eq!(split("(Dok. Pribadi)"), credit_only("Dok. Pribadi"));
    }

    #[test]
    fn istimewa_in_parentheses() {
        assert_eq!(
            split("Lokasi kecelakaan di Tol Cipali (Istimewa)"),
            both("Lokasi kecelakaan di Tol Cipali", "Istimewa")
        );
    }

    #[test]
    fn bracketed_foto_label() {
        assert_eq!(
            split("Banjir merendam permukiman warga [Foto: BPBD DKI]"),
            both("Banjir merendam permukiman warga", "BPBD DKI")
        );
    }

    #[test]
    fn lowercase_label_mid_sentence_is_not_a_credit() {
        let s = "Ia menyebut sumber: dana desa yang diselewengkan oleh perangkat desa setempat";
        assert_eq!(split(s), caption_only(s));
        let s = "Polisi belum mengungkap sumber: keterangan masih didalami";
        assert_eq!(split(s), caption_only(s));
    }

    #[test]
    fn plain_caption_without_credit() {
        let s = "Warga berjalan di tengah hujan di kawasan Sudirman, Jakarta.";
        assert_eq!(split(s), caption_only(s));
    }

    #[test]
    fn parenthetical_remark_is_not_credit() {
        let s = "Presiden Joko Widodo (tengah) bersama menteri kabinet (kiri)";
        assert_eq!(split(s), caption_only(s));
    }

    #[test]
    fn long_sentence_after_label_is_not_credit() {
        let s = "Foto: Warga memadati alun-alun kota. Mereka menunggu pengumuman hasil pemilihan sejak pagi hari.";
        assert_eq!(split(s), caption_only(s));
    }

    #[test]
    fn ap_photo() {
        assert_eq!(
            split("The Supreme Court in Washington. (AP Photo/Jacquelyn Martin)"),
            both(
                "The Supreme Court in Washington.",
                "AP Photo/Jacquelyn Martin"
            )
        );
        assert_eq!(
            split("AP Photo/Jacquelyn Martin"),
            credit_only("AP Photo/Jacquelyn Martin")
        );
    }

    #[test]
    fn source_label_english() {
        assert_eq!(
            split("Map of the affected area. Source: OpenStreetMap"),
            both("Map of the affected area.", "OpenStreetMap")
        );
    }

    #[test]
    fn courtesy_of() {
        assert_eq!(
            split("The new bridge at night. Courtesy of the City of Surabaya"),
            both("The new bridge at night.", "the City of Surabaya")
        );
    }

    #[test]
    fn separator_before_credit_is_trimmed() {
        assert_eq!(
            split("Suasana sidang di MK | Foto: Kompas.com/Kristianto"),
            both("Suasana sidang di MK", "Kompas.com/Kristianto")
        );
        assert_eq!(
            split("Suasana sidang di MK - Foto: Istimewa"),
            both("Suasana sidang di MK", "Istimewa")
        );
    }

    #[test]
    fn all_caps_label() {
        assert_eq!(
            split("Petugas memadamkan api di Pasar Senen FOTO: ANTARA/Galih Pradipta"),
            both(
                "Petugas memadamkan api di Pasar Senen",
                "ANTARA/Galih Pradipta"
            )
        );
    }

    #[test]
    fn kind_tells_photo_from_source_and_weak() {
        assert_eq!(
            find_credit("Foto: X").map(|s| s.kind),
            Some(CreditKind::Photo)
        );
        assert_eq!(
            find_credit("Sumber: Rappler").map(|s| s.kind),
            Some(CreditKind::Source)
        );
        assert_eq!(find_credit("© dpa").map(|s| s.kind), Some(CreditKind::Weak));
        assert_eq!(find_credit("Pasar sepi sejak pagi"), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "(",
            ")",
            "[]",
            "()",
            "Foto:",
            "Foto: ",
            "/",
            "a/b",
            "©",
            "Photo by",
            "(((x)))",
            "é)",
            "Dok.",
            "Sumber: )",
        ] {
            let _ = split(s);
        }
    }
}
