//! One pass over the text into small tokens: digit runs, words (with the
//! date words classified once, through a sorted table), punctuation and
//! the kind of space before each token.

use crate::names::{MONTHS_EN, MONTHS_ID};
use chrono::Weekday;
use std::sync::OnceLock;

/// A date word or a word the grammar looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// A month name; `abbr` when written short ("Sept", "Agu").
    Month {
        m: u8,
        abbr: bool,
    },
    /// A weekday; `abbr` for "Thu", "Sen": only read before a date.
    Weekday {
        d: Weekday,
        abbr: bool,
    },
    /// A time zone abbreviation, read only when written in capitals.
    Zone,
    Key(Key),
    Other,
}

/// A unit of calendar time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// The other words the grammar looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// "hari": a weekday prefix, "hari ini", and the day unit.
    Hari,
    /// "minggu": the week, or Sunday when capitalised mid-sentence.
    Minggu,
    Unit(Unit),
    /// "sehari", "sepekan": one unit.
    Se(Unit),
    /// "dua", "three", "a": a small count.
    Count(u8),
    Ini,
    Kemarin,
    Besok,
    Lusa,
    Tadi,
    /// "lalu", "silam": in the past.
    Lalu,
    Yang,
    /// "depan", "mendatang": in the future.
    Depan,
    Yesterday,
    Today,
    Tomorrow,
    Tonight,
    The,
    Before,
    After,
    Last,
    Next,
    This,
    Coming,
    Ago,
    Night,
    /// "pagi", "malam", "morning": a part of the day.
    PartOfDay,
    Dini,
    Tanggal,
    /// "pukul", "pkl", "jam", "at": a time follows.
    Pukul,
    Of,
    Am,
    Pm,
    /// "st", "nd", "rd", "th" after a number.
    Ordinal,
    /// "hingga", "sampai", "to", "until": a range.
    Through,
    /// "akan", "will": the sentence speaks of the future.
    Future,
    /// "sekitar", "around": before a time.
    Sekitar,
}

/// The kind of space before a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    None,
    Blank,
    Newline,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of ASCII digits: its value (saturated) and its length.
    Num {
        val: u32,
        len: u8,
    },
    /// A word; `cap` when its first letter is upper case, `upper` when all are.
    Word {
        w: Word,
        cap: bool,
        upper: bool,
    },
    Punct(char),
}

/// One token: its kind, byte span and the space before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub space: Space,
}

fn pack(word: &[u8]) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut k: u128 = 0;
    for &b in word {
        k = (k << 8) | u128::from(b.to_ascii_lowercase());
    }
    Some(k | ((word.len() as u128) << 120))
}

fn table() -> &'static [(u128, Word)] {
    static T: OnceLock<Vec<(u128, Word)>> = OnceLock::new();
    T.get_or_init(|| {
        use Key::*;
        let mut v: Vec<(&str, Word)> = Vec::new();
        for &(name, m) in MONTHS_EN.iter().chain(MONTHS_ID) {
            let abbr = name.len() <= 4
                && !matches!(name, "mei" | "may" | "june" | "july" | "juni" | "juli");
            v.push((name, Word::Month { m: m as u8, abbr }));
        }
        let days: &[(&[&str], &[&str], Weekday)] = &[
            (&["monday", "senin"], &["mon", "sen"], Weekday::Mon),
            (
                &["tuesday", "selasa"],
                &["tue", "tues", "sel"],
                Weekday::Tue,
            ),
            (&["wednesday", "rabu"], &["wed", "rab"], Weekday::Wed),
            (
                &["thursday", "kamis"],
                &["thu", "thur", "thurs", "kam"],
                Weekday::Thu,
            ),
            (&["friday", "jumat"], &["fri", "jum"], Weekday::Fri),
            (&["saturday", "sabtu"], &["sat", "sab"], Weekday::Sat),
            (&["sunday", "ahad"], &["sun", "min"], Weekday::Sun),
        ];
        for (full, short, d) in days {
            for n in *full {
                v.push((n, Word::Weekday { d: *d, abbr: false }));
            }
            for n in *short {
                v.push((n, Word::Weekday { d: *d, abbr: true }));
            }
        }
        for z in crate::names::ZONE_NAMES.split('|') {
            if !v.iter().any(|(n, _)| *n == z) {
                v.push((z, Word::Zone));
            }
        }
        let keys: &[(&str, Key)] = &[
            ("hari", Hari),
            ("minggu", Minggu),
            ("pekan", Unit(self::Unit::Week)),
            ("bulan", Unit(self::Unit::Month)),
            ("tahun", Unit(self::Unit::Year)),
            ("day", Unit(self::Unit::Day)),
            ("days", Unit(self::Unit::Day)),
            ("week", Unit(self::Unit::Week)),
            ("weeks", Unit(self::Unit::Week)),
            ("month", Unit(self::Unit::Month)),
            ("months", Unit(self::Unit::Month)),
            ("year", Unit(self::Unit::Year)),
            ("years", Unit(self::Unit::Year)),
            ("sehari", Se(self::Unit::Day)),
            ("sepekan", Se(self::Unit::Week)),
            ("seminggu", Se(self::Unit::Week)),
            ("sebulan", Se(self::Unit::Month)),
            ("setahun", Se(self::Unit::Year)),
            ("satu", Count(1)),
            ("dua", Count(2)),
            ("tiga", Count(3)),
            ("empat", Count(4)),
            ("lima", Count(5)),
            ("enam", Count(6)),
            ("tujuh", Count(7)),
            ("delapan", Count(8)),
            ("sembilan", Count(9)),
            ("sepuluh", Count(10)),
            ("a", Count(1)),
            ("an", Count(1)),
            ("one", Count(1)),
            ("two", Count(2)),
            ("three", Count(3)),
            ("four", Count(4)),
            ("five", Count(5)),
            ("six", Count(6)),
            ("seven", Count(7)),
            ("eight", Count(8)),
            ("nine", Count(9)),
            ("ten", Count(10)),
            ("ini", Ini),
            ("kemarin", Kemarin),
            ("kemaren", Kemarin),
            ("besok", Besok),
            ("lusa", Lusa),
            ("tadi", Tadi),
            ("lalu", Lalu),
            ("silam", Lalu),
            ("yang", Yang),
            ("depan", Depan),
            ("mendatang", Depan),
            ("yesterday", Yesterday),
            ("today", Today),
            ("tomorrow", Tomorrow),
            ("tonight", Tonight),
            ("the", The),
            ("before", Before),
            ("after", After),
            ("last", Last),
            ("next", Next),
            ("this", This),
            ("coming", Coming),
            ("ago", Ago),
            ("night", Night),
            ("pagi", PartOfDay),
            ("siang", PartOfDay),
            ("sore", PartOfDay),
            ("malam", PartOfDay),
            ("morning", PartOfDay),
            ("afternoon", PartOfDay),
            ("evening", PartOfDay),
            ("dini", Dini),
            ("tanggal", Tanggal),
            ("tgl", Tanggal),
            ("pukul", Pukul),
            ("pkl", Pukul),
            ("jam", Pukul),
            ("at", Pukul),
            ("of", Of),
            ("am", Am),
            ("pm", Pm),
            ("st", Ordinal),
            ("nd", Ordinal),
            ("rd", Ordinal),
            ("th", Ordinal),
            ("hingga", Through),
            ("sampai", Through),
            ("to", Through),
            ("until", Through),
            ("through", Through),
            ("akan", Future),
            ("bakal", Future),
            ("dijadwalkan", Future),
            ("direncanakan", Future),
            ("rencananya", Future),
            ("will", Future),
            ("scheduled", Future),
            ("sekitar", Sekitar),
            ("around", Sekitar),
        ];
        for &(n, k) in keys {
            v.push((n, Word::Key(k)));
        }
        let mut t: Vec<(u128, Word)> = v
            .into_iter()
            .map(|(n, w)| (pack(n.as_bytes()).expect("short word"), w))
            .collect();
        t.sort_by_key(|e| e.0);
        t.dedup_by_key(|e| e.0);
        t
    })
}

/// The date word an ASCII word is, if any.
fn classify(word: &[u8]) -> Word {
    // Words from 1 to 12 letters hold every entry of the table.
    if word.len() > 12 {
        return Word::Other;
    }
    let Some(k) = pack(word) else {
        return Word::Other;
    };
    let t = table();
    match t.binary_search_by_key(&k, |e| e.0) {
        Ok(i) => t[i].1,
        Err(_) => Word::Other,
    }
}

fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

/// Splits `text` into tokens, into `out` (cleared first).
pub(crate) fn lex(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut space = Space::Newline;
    while i < n {
        let c = b[i];
        if c.is_ascii_digit() {
            let s = i;
            let mut val: u64 = 0;
            while i < n && b[i].is_ascii_digit() {
                val = (val * 10 + u64::from(b[i] - b'0')).min(u64::from(u32::MAX));
                i += 1;
            }
            let len = (i - s).min(255) as u8;
            out.push(Tok {
                kind: Kind::Num {
                    val: val as u32,
                    len,
                },
                start: s as u32,
                end: i as u32,
                space,
            });
            space = Space::None;
        } else if c.is_ascii_alphabetic() || (c >= 0x80 && starts_letter(text, i)) {
            let s = i;
            let mut ascii = true;
            loop {
                if i < n && is_ascii_word(b[i]) {
                    i += 1;
                } else if i < n && b[i] >= 0x80 && starts_letter(text, i) {
                    ascii = false;
                    i += utf8_len(b[i]);
                } else {
                    break;
                }
            }
            let mut word = &b[s..i];
            let mut w = if ascii { classify(word) } else { Word::Other };
            // "Jum'at" / "Jum’at": Friday with an apostrophe.
            if ascii && word.eq_ignore_ascii_case(b"jum") {
                for apos in ["'at", "’at"] {
                    let e = i + apos.len();
                    if text.get(i..e).is_some_and(|x| x.eq_ignore_ascii_case(apos))
                        && !(e < n && is_ascii_word(b[e]))
                    {
                        i = e;
                        word = &b[s..i];
                        w = Word::Weekday {
                            d: Weekday::Fri,
                            abbr: false,
                        };
                        break;
                    }
                }
            }
            let cap = word[0].is_ascii_uppercase()
                || (word[0] >= 0x80 && text[s..].chars().next().is_some_and(char::is_uppercase));
            let upper = ascii && word.len() >= 2 && word.iter().all(|x| !x.is_ascii_lowercase());
            out.push(Tok {
                kind: Kind::Word { w, cap, upper },
                start: s as u32,
                end: i as u32,
                space,
            });
            space = Space::None;
        } else if c == b'\n' {
            space = Space::Newline;
            i += 1;
        } else if c == b' ' || c == b'\t' || c == b'\r' || c == 0x0c || c == 0x0b {
            if space == Space::None {
                space = Space::Blank;
            }
            i += 1;
        } else if c < 0x80 {
            out.push(Tok {
                kind: Kind::Punct(c as char),
                start: i as u32,
                end: i as u32 + 1,
                space,
            });
            space = Space::None;
            i += 1;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            let len = ch.len_utf8();
            if ch.is_whitespace() {
                if ch == '\u{2028}' || ch == '\u{2029}' {
                    space = Space::Newline;
                } else if space == Space::None {
                    space = Space::Blank;
                }
            } else {
                out.push(Tok {
                    kind: Kind::Punct(ch),
                    start: i as u32,
                    end: (i + len) as u32,
                    space,
                });
                space = Space::None;
            }
            i += len;
        }
    }
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn starts_letter(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphabetic)
}
