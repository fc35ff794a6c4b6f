//! Abbreviations that end in a period, shared by the tokenizer and the
//! sentence splitter.
//!
//! Two classes, because they behave differently at a possible sentence end:
//! a *title* (Dr., Jl., No., Gen.) is always followed by the thing it
//! introduces, so it never ends a sentence; an *ambiguous* abbreviation
//! (dll., etc., Jan., Inc.) may end one, and does when the next word is
//! capitalised.

/// How an abbreviation behaves at a possible sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Never ends a sentence: titles, street and address words, "No.".
    Title,
    /// Ends a sentence when the next word is capitalised.
    Ambiguous,
}

/// Titles and address words, lower case, without the final period.
const TITLES: &[&str] = &[
    // Indonesian titles, ranks and honorifics
    "dr", "drs", "dra", "prof", "ir", "h", "hj", "kh", "ny", "tn", "nn", "sdr", "sdri", "bpk",
    "yth", "st", "pdt", "ust", "tb", "ra", "rd", "dsn", "dk", "rs", "pte", "kol", "letjen",
    "mayjen", "brigjen", "jend", "laksda", "laksdya", "marsda", "kapt", "lettu", "letda", "serka",
    "serda", "aiptu", "aipda", "bripka", "brigpol", "kompol", "akbp", "akp", "iptu", "ipda",
    "kombes", "irjen", "komjen", // Indonesian addresses and references
    "jl", "jln", "gg", "kec", "kab", "kel", "ds", "prov", "no", "nomor", "rt", "rw", "kp", "blk",
    "hlm", "hal", "tel", "telp", "fax", "rp", "pt", "cv", "ud", "kav", "vol",
    // English titles and ranks
    "mr", "mrs", "ms", "mx", "messrs", "gen", "lt", "col", "capt", "cpt", "sgt", "maj", "cmdr",
    "adm", "brig", "sen", "rep", "gov", "rev", "hon", "pres", "supt", "insp", "det", "fr", "sr",
    "mt", "ft", "vs", "cf", "approx", "dept", "est", "fig", "ave", "blvd",
];

/// Abbreviations that may end a sentence, lower case, without the final
/// period. Internal periods are kept ("u.s").
const AMBIGUOUS: &[&str] = &[
    // months, Indonesian and English
    "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "ags", "aug", "sep", "sept", "okt",
    "oct", "nov", "des", "dec", // weekdays
    "sen", "sel", "rab", "kam", "jum", "sab", "min", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", // lists and companies
    "dll", "dsb", "dst", "dkk", "tsb", "etc", "al", "inc", "ltd", "co", "corp", "bros", "tbk",
    "jr", "plc", "llc", "sdn", "bhd", // dotted forms
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "s.h", "m.h", "m.si", "s.e", "s.t", "s.pd", "s.kom",
    "s.sos", "s.ip", "m.m", "m.pd", "m.kes", "s.ked", "ph.d", "b.a", "m.a", "b.sc", "m.sc", "i.e",
    "e.g", "a.n", "u.p", "d.c", "n.v",
];

/// The class of `word` (without its final period), if it is a known
/// abbreviation. Case-insensitive.
pub fn class(word: &str) -> Option<AbbrevClass> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    let mut n = 0;
    for b in word.bytes() {
        if !b.is_ascii() {
            return None;
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    let lower = std::str::from_utf8(&buf[..n]).ok()?;
    if TITLES.contains(&lower) {
        Some(AbbrevClass::Title)
    } else if AMBIGUOUS.contains(&lower) {
        Some(AbbrevClass::Ambiguous)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class("Dr"), Some(AbbrevClass::Title));
        assert_eq!(class("JL"), Some(AbbrevClass::Title));
        assert_eq!(class("dll"), Some(AbbrevClass::Ambiguous));
        assert_eq!(class("U.S"), Some(AbbrevClass::Ambiguous));
        assert_eq!(class("rumah"), None);
        assert_eq!(class("ümlaut"), None);
    }
}
