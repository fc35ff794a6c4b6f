//! The shared tables of date words: month names of the languages warta's
//! pages come in, and time-zone abbreviations with their offsets.
//!
//! `warta-extract` reads page datelines with the whole table; the running
//! text finder of this crate only uses the English and Indonesian/Malay
//! parts ([`MONTHS_EN`], [`MONTHS_ID`]), so that a Spanish "ago" or a
//! Turkish "mart" is never a month in an Indonesian sentence.

use chrono::{Datelike, FixedOffset, NaiveDate, Weekday};

/// English month names and abbreviations, lower case.
pub const MONTHS_EN: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Indonesian and Malay month names and abbreviations (those that differ
/// from English), lower case.
pub const MONTHS_ID: &[(&str, u32)] = &[
    ("januari", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("maret", 3),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("agustus", 8),
    ("oktober", 10),
    ("nopember", 11),
    ("desember", 12),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("okt", 10),
    ("des", 12),
    ("mac", 3),
    ("ogos", 8),
    ("disember", 12),
];

/// Month names of the other languages page datelines come in (German,
/// Dutch, French, Spanish, Portuguese, Italian, Scandinavian, Turkish,
/// Polish and Czech genitives, Arabic), lower case.
pub const MONTHS_OTHER: &[(&str, u32)] = &[
    // German
    ("januar", 1),
    ("jänner", 1),
    ("jän", 1),
    ("februar", 2),
    ("feber", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mai", 5),
    ("dezember", 12),
    ("dez", 12),
    // Dutch
    ("maart", 3),
    ("mrt", 3),
    ("augustus", 8),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // Spanish and Portuguese
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("dic", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Scandinavian
    ("marts", 3),
    ("maj", 5),
    ("augusti", 8),
    // Turkish
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    // Polish and Czech genitives, as used in dates
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    ("ledna", 1),
    ("února", 2),
    ("března", 3),
    ("dubna", 4),
    ("května", 5),
    ("června", 6),
    ("července", 7),
    ("srpna", 8),
    ("září", 9),
    ("října", 10),
    ("prosince", 12),
    // Arabic: the names used in Egypt and the Gulf, then the Levant's
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
];

/// Every month name of every table, English first.
pub fn all_months() -> impl Iterator<Item = &'static (&'static str, u32)> {
    MONTHS_EN.iter().chain(MONTHS_ID).chain(MONTHS_OTHER)
}

/// The month (1–12) a lower-case name of any table stands for; a trailing
/// period ("sept.") is ignored.
pub fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.');
    all_months().find(|(n, _)| *n == name).map(|&(_, m)| m)
}

/// The month an English or Indonesian/Malay lower-case name stands for.
pub fn month_number_en_id(name: &str) -> Option<u32> {
    MONTHS_EN
        .iter()
        .chain(MONTHS_ID)
        .find(|(n, _)| *n == name)
        .map(|&(_, m)| m)
}

/// Time-zone abbreviations [`zone_offset`] knows, lower case, as a regex
/// alternation (longer names before their prefixes).
pub const ZONE_NAMES: &str = "wita|wib|wit|utc|gmt|ut|cest|cet|mesz|mez|mest|met|eest|eet|west|wet|bst|ist|jst|kst|hkt|sgt|myt|pht|ict|aest|aedt|acst|acdt|awst|nzst|nzdt|sast|msk|pkt|akst|akdt|hst|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|mt|pt";

/// Offset of a lower-case zone: `z`, `+07:00`, `+7`, `gmt+7`, `utc`, `wib`,
/// `est`... The US generic zones (`et`, `ct`, `mt`, `pt`) need `date` to
/// tell standard from daylight time (standard without it).
pub fn zone_offset(zone: &str, date: Option<NaiveDate>) -> Option<FixedOffset> {
    let z = zone.trim().replace('−', "-");
    let z = z.trim_start_matches("utc").trim_start_matches("gmt").trim();
    if z.is_empty() || z == "z" || z == "ut" {
        return FixedOffset::east_opt(0);
    }
    if let Some(sign) = z.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = z[1..].chars().filter(|c| c.is_ascii_digit()).collect();
        let (h, m): (i32, i32) = match digits.len() {
            1 | 2 => (digits.parse().ok()?, 0),
            3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
            4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
            _ => return None,
        };
        if h > 14 || m > 59 {
            return None;
        }
        let secs = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
        return FixedOffset::east_opt(secs);
    }
    let hours: f32 = match z {
        "wib" | "ict" => 7.0,
        "wita" | "sgt" | "myt" | "pht" | "hkt" | "awst" => 8.0,
        "wit" | "jst" | "kst" => 9.0,
        "cet" | "mez" | "met" | "wat" => 1.0,
        "cest" | "mesz" | "mest" | "eet" | "sast" | "cat" => 2.0,
        "eest" | "msk" | "eat" => 3.0,
        "wet" => 0.0,
        "west" | "bst" => 1.0,
        "ist" => 5.5,
        "pkt" => 5.0,
        "aest" => 10.0,
        "aedt" => 11.0,
        "acst" => 9.5,
        "acdt" => 10.5,
        "nzst" => 12.0,
        "nzdt" => 13.0,
        "est" => -5.0,
        "edt" => -4.0,
        "cst" => -6.0,
        "cdt" => -5.0,
        "mst" => -7.0,
        "mdt" => -6.0,
        "pst" => -8.0,
        "pdt" => -7.0,
        "akst" => -9.0,
        "akdt" => -8.0,
        "hst" => -10.0,
        // US generic zones: standard or daylight time depends on the day.
        "et" | "ct" | "mt" | "pt" => {
            let base = match z {
                "et" => -5.0,
                "ct" => -6.0,
                "mt" => -7.0,
                _ => -8.0,
            };
            let dst = date.is_some_and(us_dst);
            base + if dst { 1.0 } else { 0.0 }
        }
        _ => return None,
    };
    FixedOffset::east_opt((hours * 3600.0) as i32)
}

/// Whether US daylight saving time is in force on `d` (second Sunday of
/// March to the first Sunday of November).
pub fn us_dst(d: NaiveDate) -> bool {
    let nth_sunday = |month: u32, n: u8| -> Option<NaiveDate> {
        NaiveDate::from_weekday_of_month_opt(d.year(), month, Weekday::Sun, n)
    };
    match (nth_sunday(3, 2), nth_sunday(11, 1)) {
        (Some(start), Some(end)) => d >= start && d < end,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_months() {
        let d = NaiveDate::from_ymd_opt(2023, 9, 14);
        let h = |z: &str| zone_offset(z, d).map(|o| o.local_minus_utc() / 3600);
        assert_eq!(h("wib"), Some(7));
        assert_eq!(h("wita"), Some(8));
        assert_eq!(h("wit"), Some(9));
        assert_eq!(h("gmt+7"), Some(7));
        assert_eq!(h("utc"), Some(0));
        assert_eq!(h("et"), Some(-4));
        assert_eq!(
            zone_offset("et", NaiveDate::from_ymd_opt(2024, 1, 10))
                .map(|o| o.local_minus_utc() / 3600),
            Some(-5)
        );
        assert_eq!(h("xyz"), None);
        assert_eq!(month_number("sept."), Some(9));
        assert_eq!(month_number("agt"), Some(8));
        assert_eq!(month_number_en_id("ago"), None);
        assert_eq!(month_number("ago"), Some(8));
    }
}
