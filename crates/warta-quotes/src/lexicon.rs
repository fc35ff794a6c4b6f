//! Word lists: speech verbs, pronouns, and the small words that end or
//! trim an attribution phrase. Indonesian and English lists are used
//! together: Indonesian outlets quote English speakers and the other way
//! round, and a wrong language guess must not cost every attribution.

/// How a speech word attaches its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// A full verb: the speaker is its subject ("Putin mengatakan",
    /// "Blinken said"), or follows it when the verb opens the clause
    /// ("said Antony Blinken").
    Full,
    /// A verb whose subject always comes first ("Blinken told reporters").
    SubjectOnly,
    /// A short Indonesian verb that opens the clause and is followed by its
    /// speaker ("kata Retno", "ujar dia"); only counts as the first word.
    Short,
    /// A short verb with the -nya pronoun ("ujarnya", also "menurutnya"):
    /// the speaker is the nearest preceding person.
    ShortNya,
    /// "menurut X", "according to X": the speaker follows.
    Marker,
    /// A reporting verb ("media Rusia melaporkan", "seperti dilansir
    /// Reuters"): an attribution weaker than a speech verb.
    Report,
}

/// Short Indonesian speech verbs (`kata Retno`, and with -nya, `katanya`).
const ID_SHORT: &[&str] = &[
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tambah", "imbuh", "lanjut", "tegas",
    "terang", "papar", "sebut", "pungkas", "kilah", "aku", "tandas", "beber", "tukas", "seru",
    "tulis", "tanya", "jawab", "harap", "pesan", "sambung", "timpal", "urai", "cetus", "katakan",
    "keluh", "sahut", "kenang", "pinta", "ajak", "imbau", "klaim", "sergah", "celetuk", "teriak",
    "kisah", "tuding", "tepis", "bantah", "kelakar", "singgung",
];

/// Full Indonesian speech verbs; the speaker is the subject.
const ID_FULL: &[&str] = &[
    "mengatakan",
    "menyatakan",
    "menegaskan",
    "menambahkan",
    "menjelaskan",
    "mengungkapkan",
    "menuturkan",
    "berkata",
    "bilang",
    "berujar",
    "bertutur",
    "menyampaikan",
    "menyebutkan",
    "mengaku",
    "mengakui",
    "menilai",
    "menekankan",
    "memperingatkan",
    "bertanya",
    "menanyakan",
    "menjawab",
    "menerangkan",
    "memaparkan",
    "mengimbau",
    "meminta",
    "membantah",
    "menulis",
    "menuliskan",
    "berpesan",
    "mengingatkan",
    "berseloroh",
    "menanggapi",
    "mengklaim",
    "mengucapkan",
    "menandaskan",
    "mengeluhkan",
    "berharap",
    "mengungkap",
    "berseru",
    "menimpali",
    "melanjutkan",
    "mengutarakan",
    "menceritakan",
    "bercerita",
    "mengisahkan",
];

/// English speech verbs; the speaker is the subject, or follows when the
/// verb opens the clause.
const EN_FULL: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "stated",
    "states",
    "asked",
    "asks",
    "warned",
    "warns",
    "wrote",
    "writes",
    "explained",
    "explains",
    "noted",
    "insisted",
    "insists",
    "argued",
    "argues",
    "claimed",
    "replied",
    "replies",
    "declared",
    "declares",
    "announced",
    "admitted",
    "admits",
    "continued",
    "urged",
    "urges",
    "remarked",
    "tweeted",
    "commented",
    "acknowledged",
    "recalled",
    "answered",
    "responded",
    "concluded",
    "cautioned",
    "stressed",
    "emphasised",
    "emphasized",
];

/// Verbs whose speaker is always the subject.
const SUBJECT_ONLY: &[&str] = &["told", "tells"];

/// Reporting verbs: the outlet or medium, a weak attribution.
const REPORT: &[&str] = &[
    "melaporkan",
    "memberitakan",
    "dilansir",
    "melansir",
    "dikutip",
    "mengutip",
    "diberitakan",
    "dilaporkan",
    "reported",
    "reports",
    "quoted",
];

/// Third-person singular pronouns that stand for a person.
const PRONOUNS: &[&str] = &["dia", "ia", "beliau", "he", "she"];

/// Words that end an attribution phrase after its verb
/// ("kata Retno *kepada* wartawan", "said Blinken *on* Tuesday").
const PHRASE_STOPS: &[&str] = &[
    "kepada",
    "pada",
    "di",
    "dalam",
    "saat",
    "ketika",
    "usai",
    "seusai",
    "setelah",
    "sebelum",
    "sesudah",
    "seperti",
    "sebagaimana",
    "melalui",
    "lewat",
    "sambil",
    "yang",
    "dan",
    "kemarin",
    "tadi",
    "hari",
    "to",
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "while",
    "when",
    "as",
    "and",
    "who",
    "which",
    "via",
    "yesterday",
    "today",
    "last",
    "this",
    "earlier",
    "later",
];

/// Day names end an attribution phrase whatever their case
/// ("kata Retno Senin").
const DAY_NAMES: &[&str] = &[
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Connectives trimmed from the front of a subject ("Namun juru bicara").
const LEADING_CONNECTIVES: &[&str] = &[
    "dan",
    "namun",
    "tetapi",
    "tapi",
    "sementara",
    "sedangkan",
    "lalu",
    "kemudian",
    "bahkan",
    "adapun",
    "and",
    "but",
    "however",
    "meanwhile",
    "then",
    "yet",
    "so",
];

/// Adverbs trimmed from the end of a subject ("juru bicara itu *juga*").
const TRAILING_ADVERBS: &[&str] = &[
    "juga", "pun", "kembali", "sempat", "lantas", "lalu", "kemudian", "telah", "sudah", "also",
    "later", "then", "earlier", "again", "had", "has", "have", "once",
];

/// Words skipped before a verb that still opens the clause
/// ("seperti dilansir Reuters", "as reported by").
const VERB_PREFIXES: &[&str] = &["seperti", "sebagaimana", "begitu", "demikian", "as"];

/// Words skipped after a verb, before its speaker ("dilansir *dari*",
/// "quoted *by*").
const AFTER_VERB_SKIPS: &[&str] = &["dari", "oleh", "by"];

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "drs", "dra", "ir", "prof", "h", "hj", "jl", "kh", "st", "mr", "mrs", "ms", "jr", "sr",
    "gen", "lt", "col", "sgt", "rep", "sen", "gov", "no", "vs", "kab", "kec", "kel", "pt", "bpk",
    "ny", "sdr", "capt", "maj", "brig", "kapt", "kol", "letjen", "mayjen", "irjen", "brigjen",
    "kombes", "akbp", "kompol", "ipda", "iptu", "aiptu",
];

/// A word in ASCII lower case, on the stack.
pub(crate) struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl Lower {
    /// The lowercase word.
    pub(crate) fn as_str(&self) -> &str {
        // only ASCII bytes are ever written
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// The lowercase form of a word, or None when it cannot be in any list
/// (every listed word is ASCII and shorter than 24 letters). No allocation.
pub(crate) fn lower(word: &[char]) -> Option<Lower> {
    if word.len() > 24 || !word.iter().all(char::is_ascii) {
        return None;
    }
    let mut l = Lower {
        buf: [0; 24],
        len: word.len(),
    };
    for (b, c) in l.buf.iter_mut().zip(word) {
        *b = c.to_ascii_lowercase() as u8;
    }
    Some(l)
}

/// Whether `word` (any case) is in `list`.
fn in_list(word: &[char], list: &[&str]) -> bool {
    lower(word).is_some_and(|w| list.contains(&w.as_str()))
}

/// The speech-verb class of `word`, given the word after it (for
/// "according to"). The second value is how many words the verb takes
/// (2 for "according to").
pub(crate) fn verb(word: &[char], next: Option<&[char]>) -> Option<(Verb, usize)> {
    let w = lower(word)?;
    let w = w.as_str();
    // A capitalised "Said" in the middle of a sentence is a name
    // (Said Iqbal), never the verb; the caller checks the position.
    if w == "menurut" {
        return Some((Verb::Marker, 1));
    }
    if w == "menurutnya" {
        return Some((Verb::ShortNya, 1));
    }
    if w == "according" {
        return next
            .and_then(lower)
            .filter(|n| n.as_str() == "to")
            .map(|_| (Verb::Marker, 2));
    }
    if ID_SHORT.contains(&w) {
        return Some((Verb::Short, 1));
    }
    if let Some(stem) = w.strip_suffix("nya") {
        if ID_SHORT.contains(&stem) {
            return Some((Verb::ShortNya, 1));
        }
    }
    if ID_FULL.contains(&w) || EN_FULL.contains(&w) {
        return Some((Verb::Full, 1));
    }
    if SUBJECT_ONLY.contains(&w) {
        return Some((Verb::SubjectOnly, 1));
    }
    if REPORT.contains(&w) {
        return Some((Verb::Report, 1));
    }
    None
}

/// A pronoun standing for a person ("dia", "ia", "beliau", "he", "she").
pub(crate) fn is_pronoun(word: &[char]) -> bool {
    in_list(word, PRONOUNS)
}

/// A word that ends an attribution phrase: a lower-case stop word (a
/// capitalised "AS" is Amerika Serikat, not "as") or a day name.
pub(crate) fn is_phrase_stop(word: &[char]) -> bool {
    (word[0].is_lowercase() && in_list(word, PHRASE_STOPS)) || in_list(word, DAY_NAMES)
}

/// A connective trimmed from the front of a subject.
pub(crate) fn is_leading_connective(word: &[char]) -> bool {
    in_list(word, LEADING_CONNECTIVES)
}

/// An adverb trimmed from the end of a subject.
pub(crate) fn is_trailing_adverb(word: &[char]) -> bool {
    in_list(word, TRAILING_ADVERBS)
}

/// A word that may stand before a clause-opening verb ("seperti dilansir").
pub(crate) fn is_verb_prefix(word: &[char]) -> bool {
    in_list(word, VERB_PREFIXES)
}

/// A word skipped between a verb and its speaker ("dilansir dari").
pub(crate) fn is_after_verb_skip(word: &[char]) -> bool {
    in_list(word, AFTER_VERB_SKIPS)
}

/// An article or determiner that may open a role phrase ("the ministry").
pub(crate) fn is_article(word: &[char]) -> bool {
    in_list(word, &["the", "a", "an", "pihak"])
}

/// A word ending in a period that is an abbreviation or an initial
/// (`Dr.`, `Jl.`, `W.`), not the end of a sentence.
pub(crate) fn is_abbreviation(word: &[char]) -> bool {
    (word.len() == 1 && word[0].is_uppercase()) || in_list(word, ABBREVIATIONS)
}

/// Small words allowed in lower case inside a title ("Bumi *dan* Langit").
pub(crate) fn is_title_function_word(word: &[char]) -> bool {
    word.len() <= 3
        || in_list(
            word,
            &[
                "untuk", "dengan", "dalam", "bagi", "pada", "dari", "yang", "tentang", "with",
                "from", "into", "over", "under",
            ],
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn classes() {
        assert_eq!(verb(&c("Kata"), None), Some((Verb::Short, 1)));
        assert_eq!(verb(&c("ujarnya"), None), Some((Verb::ShortNya, 1)));
        assert_eq!(verb(&c("imbuhnya"), None), Some((Verb::ShortNya, 1)));
        assert_eq!(verb(&c("mengatakan"), None), Some((Verb::Full, 1)));
        assert_eq!(verb(&c("told"), None), Some((Verb::SubjectOnly, 1)));
        assert_eq!(
            verb(&c("according"), Some(&c("to"))),
            Some((Verb::Marker, 2))
        );
        assert_eq!(verb(&c("according"), Some(&c("plan"))), None);
        assert_eq!(verb(&c("dilansir"), None), Some((Verb::Report, 1)));
        assert_eq!(verb(&c("Menurutnya"), None), Some((Verb::ShortNya, 1)));
        assert_eq!(verb(&c("rumah"), None), None);
        // -nya on a non-verb is not a verb
        assert_eq!(verb(&c("rumahnya"), None), None);
    }

    #[test]
    fn small_lists() {
        assert!(is_pronoun(&c("Dia")));
        assert!(!is_pronoun(&c("dian")));
        assert!(is_abbreviation(&c("Dr")));
        assert!(is_abbreviation(&c("W")));
        assert!(!is_abbreviation(&c("Jokowi")));
    }
}
