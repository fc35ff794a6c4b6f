//! Dates as feeds write them.
//!
//! Feeds promise RFC 822 (RSS) or RFC 3339 (Atom) and deliver anything:
//! missing seconds, named zones, two-digit years, ISO 8601 without a zone,
//! asctime, month names in the publisher's language. [`parse_feed_date`]
//! reads all the shapes Python's feedparser reads (its test vectors are the
//! measure) plus Indonesian month and day names and zones (WIB, WITA, WIT).
//! A date without a zone is taken as UTC, as feedparser does.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Parse a feed date. `None` when the text is not a date we can trust.
pub fn parse_feed_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    parse_iso(s)
        .or_else(|| parse_korean(s))
        .or_else(|| parse_hungarian(s))
        .or_else(|| parse_words(s))
}

// ---------------------------------------------------------------- ISO 8601

/// W3DTF / ISO 8601 and feedparser's compact ISO shapes (`031231`, `-0312`).
fn parse_iso(s: &str) -> Option<DateTime<FixedOffset>> {
    let first = s.chars().next()?;
    if !(first.is_ascii_digit() || first == '-') {
        return None;
    }
    // The date ends at 'T' or the first space.
    let split = s.find(['T', 't', ' ']).unwrap_or(s.len());
    let (date_part, rest) = s.split_at(split);
    let date = parse_iso_date(date_part)?;
    let rest = rest.get(1..).unwrap_or("").trim_start();
    if rest.is_empty() {
        return finish(date, NaiveTime::MIN, 0);
    }
    // Time: digits and ':' and a fraction, then a zone.
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let time = parse_hms(&rest[..time_end])?;
    let zone = rest[time_end..].trim();
    let offset = if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        0
    } else {
        parse_numeric_offset(zone)?
    };
    finish(date, time, offset)
}

fn parse_iso_date(d: &str) -> Option<NaiveDate> {
    let all_digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = d.strip_prefix('-') {
        // feedparser's "-YYMM" and "-YY-MM": a two-digit year and a month.
        let (yy, mm) = match rest.split_once('-') {
            Some((a, b)) => (a, b),
            None if rest.len() == 4 => rest.split_at(2),
            None => return None,
        };
        if yy.len() != 2 || !all_digits(yy) || !all_digits(mm) || mm.len() > 2 {
            return None;
        }
        return NaiveDate::from_ymd_opt(two_digit_year(yy.parse().ok()?), mm.parse().ok()?, 1);
    }
    let parts: Vec<&str> = d.split('-').collect();
    if !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    let num = |x: &str| x.parse::<u32>().ok();
    let year = |x: &str| -> Option<i32> {
        match x.len() {
            4 => x.parse().ok(),
            2 => Some(two_digit_year(x.parse().ok()?)),
            _ => None,
        }
    };
    match parts.as_slice() {
        [one] => match one.len() {
            4 => NaiveDate::from_ymd_opt(one.parse().ok()?, 1, 1),
            8 => NaiveDate::from_ymd_opt(one[..4].parse().ok()?, num(&one[4..6])?, num(&one[6..])?),
            6 => NaiveDate::from_ymd_opt(year(&one[..2])?, num(&one[2..4])?, num(&one[4..])?),
            _ => None,
        },
        [y, m] if y.len() == 4 && m.len() <= 3 => NaiveDate::from_ymd_opt(year(y)?, num(m)?, 1),
        [y, m, dd] if m.len() <= 3 && dd.len() <= 2 => {
            NaiveDate::from_ymd_opt(year(y)?, num(m)?, num(dd)?)
        }
        _ => None,
    }
}

fn two_digit_year(yy: i32) -> i32 {
    if yy < 70 {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// `hh:mm`, `hh:mm:ss`, `hh:mm:ss.fff` (the fraction is dropped).
fn parse_hms(t: &str) -> Option<NaiveTime> {
    let t = t.split(['.', ',']).next()?;
    let parts: Vec<&str> = t.split(':').collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let s: u32 = parts.get(2).map_or(Some(0), |x| x.parse().ok())?;
    NaiveTime::from_hms_opt(h, m, s)
}

/// `+hhmm`, `-hh:mm`, `+hh`, `-0000`; seconds east of UTC.
fn parse_numeric_offset(z: &str) -> Option<i32> {
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = match digits.split_once(':') {
        Some((h, m)) if h.len() <= 2 && m.len() == 2 => format!("{h:0>2}{m}"),
        Some(_) => return None,
        None => digits.to_string(),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn finish(date: NaiveDate, time: NaiveTime, offset_secs: i32) -> Option<DateTime<FixedOffset>> {
    let tz = FixedOffset::east_opt(offset_secs)?;
    tz.from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
}

// ---------------------------------------------------------------- Korean

/// The Korean blog formats feedparser knows: nate (`2004-05-25 오후 11:23:17`)
/// and onblog (`2004년 05월 28일 01:31:15`), both in Korea time.
fn parse_korean(s: &str) -> Option<DateTime<FixedOffset>> {
    let is_korean = s.contains('년') || s.contains("오전") || s.contains("오후");
    if !is_korean {
        return None;
    }
    let pm = s.contains("오후");
    let cleaned: String = s
        .replace("오전", " ")
        .replace("오후", " ")
        .chars()
        .map(|c| {
            if matches!(c, '년' | '월' | '일') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let (date, time) = match tokens.as_slice() {
        [d, t] => (parse_iso_date(d)?, *t),
        [y, m, d, t] => (
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?,
            *t,
        ),
        _ => return None,
    };
    let mut time = parse_hms(time)?;
    if pm && time.format("%H").to_string().parse::<u32>().ok()? < 12 {
        time += chrono::Duration::hours(12);
    }
    finish(date, time, 9 * 3600)
}

// ---------------------------------------------------------------- Hungarian

const HUNGARIAN_MONTHS: [(&str, u32); 13] = [
    ("január", 1),
    ("február", 2),
    ("március", 3),
    ("április", 4),
    ("május", 5),
    ("máujus", 5),
    ("június", 6),
    ("július", 7),
    ("augusztus", 8),
    ("szeptember", 9),
    ("október", 10),
    ("november", 11),
    ("december", 12),
];

/// feedparser's Hungarian shape: `2004-július-13T9:15-05:00`.
fn parse_hungarian(s: &str) -> Option<DateTime<FixedOffset>> {
    let lower = s.to_lowercase();
    let (name, m) = HUNGARIAN_MONTHS
        .iter()
        .find(|(n, _)| lower.contains(&format!("-{n}-")))?;
    let iso = lower.replacen(name, &format!("{m:02}"), 1);
    // The hour may have one digit.
    let iso = match iso.split_once('t') {
        Some((d, t)) if t.find(':') == Some(1) => format!("{d}T0{t}"),
        Some((d, t)) => format!("{d}T{t}"),
        None => iso,
    };
    parse_iso(&iso)
}

// ---------------------------------------------------------------- words

/// Month names: English, Indonesian, German, Greek (as feedparser spells
/// them, accents and all). Matched on the lower-cased token.
fn month_number(w: &str) -> Option<u32> {
    let m = match w {
        "jan" | "january" | "januari" | "januar" | "ιαν" => 1,
        "feb" | "february" | "februari" | "februar" | "peb" | "pebruari" | "φεβ" => 2,
        "mar" | "march" | "maret" | "märz" | "mär" | "μάώ" | "μάρ" | "μαρ" => 3,
        "apr" | "april" | "απρ" => 4,
        "may" | "mei" | "mai" | "μάι" | "μαϊ" | "μαι" => 5,
        "jun" | "june" | "juni" | "ιούν" | "ιον" | "ιουν" => 6,
        "jul" | "july" | "juli" | "ιούλ" | "ιολ" | "ιουλ" => 7,
        "aug" | "august" | "agustus" | "agu" | "agt" | "ags" | "αύγ" | "αυγ" => 8,
        "sep" | "sept" | "september" | "σεπ" => 9,
        "oct" | "october" | "okt" | "oktober" | "οκτ" => 10,
        "nov" | "november" | "nop" | "nopember" | "νοέ" | "νοε" => 11,
        "dec" | "december" | "des" | "desember" | "dez" | "dezember" | "δεκ" => 12,
        _ => return None,
    };
    Some(m)
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun"
            | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            // Indonesian
            | "senin" | "selasa" | "rabu" | "kamis" | "jumat" | "jum'at" | "sabtu" | "minggu"
            | "ahad" | "sen" | "sel" | "kam" | "jum" | "sab" | "min"
            // German
            | "mo" | "di" | "mi" | "do" | "fr" | "sa" | "so"
            // Greek, as feedparser spells them
            | "κυρ" | "δευ" | "τρι" | "τετ" | "πεμ" | "παρ" | "σαβ"
    )
}

/// Words that may stand in a date and mean nothing for it.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "pukul" | "jam" | "um" | "the" | "of" | "de" | "-" | "|" | "/"
    )
}

/// Named zones, hours east of UTC (fractional hours in minutes).
fn named_zone(w: &str) -> Option<i32> {
    let h = match w {
        "ut" | "utc" | "gmt" | "z" | "etc/gmt" | "etc/utc" | "wet" => 0,
        "est" | "et" | "cdt" => -5,
        "edt" | "ast" | "at" => -4,
        "adt" => -3,
        "cst" | "ct" | "mdt" => -6,
        "mst" | "mt" | "pdt" => -7,
        "pst" | "pt" => -8,
        "akst" => -9,
        "akdt" => -8,
        "hst" => -10,
        "met" | "cet" | "bst" | "west" | "wat" => 1,
        "mest" | "cest" | "eet" | "sast" | "cat" => 2,
        "eest" | "msk" | "eat" => 3,
        "wib" => 7,
        "wita" | "sgt" | "hkt" | "awst" | "pht" | "myt" => 8,
        "wit" | "jst" | "kst" => 9,
        "aest" => 10,
        "aedt" => 11,
        "nzst" => 12,
        "nzdt" => 13,
        "ist" => return Some(5 * 3600 + 1800),
        _ => {
            // Military letters as RFC 822 defines them (A is -1, N is +1).
            let b = w.as_bytes();
            if b.len() == 1 && b[0].is_ascii_lowercase() && b[0] != b'j' {
                let c = b[0];
                match c {
                    b'a'..=b'i' => -((c - b'a' + 1) as i32),
                    b'k'..=b'm' => -((c - b'a') as i32),
                    b'n'..=b'y' => (c - b'n' + 1) as i32,
                    _ => 0,
                }
            } else {
                return None;
            }
        }
    };
    Some(h * 3600)
}

/// A zone token: named, numeric, or named with an offset (`GMT-01:01`, `UTC+7`).
fn parse_zone(w: &str) -> Option<i32> {
    if let Some(o) = named_zone(w) {
        return Some(o);
    }
    if w.starts_with(['+', '-']) {
        return parse_numeric_offset(w);
    }
    for base in ["etc/gmt", "gmt", "utc", "ut"] {
        if let Some(rest) = w.strip_prefix(base) {
            if rest.starts_with(['+', '-']) {
                return parse_numeric_offset(rest);
            }
        }
    }
    None
}

/// Everything written with words: RFC 822 and its many relatives, asctime,
/// Perforce (`Fri, 2006/09/15 08:19:53 EDT`), Greek, Indonesian
/// (`Senin, 5 Agustus 2024 10.30 WIB`). Every token must be understood;
/// an unknown word means this is not a date we can trust.
fn parse_words(s: &str) -> Option<DateTime<FixedOffset>> {
    let lower = s.to_lowercase().replace(',', " ");
    let mut month: Option<u32> = None;
    let mut numbers: Vec<(u32, usize)> = Vec::new(); // (value, digit count)
    let mut ymd: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    for raw in lower.split_whitespace() {
        let tok = raw.trim_end_matches('.');
        if tok.is_empty() {
            continue;
        }
        if tok.starts_with('(') {
            // "(WIB)" or "(Eastern Time)" after a numeric offset: a comment.
            if offset.is_none() && tok.ends_with(')') {
                offset = parse_zone(tok.trim_matches(['(', ')']));
            }
            continue;
        }
        if let Some(m) = month_number(tok) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        if is_weekday(tok) || is_filler(tok) {
            continue;
        }
        if tok == "am" || tok == "pm" {
            pm = Some(tok == "pm");
            continue;
        }
        let first_digit = tok.as_bytes()[0].is_ascii_digit();
        if first_digit && (tok.contains(':') || (time.is_none() && is_dotted_time(tok))) {
            if time.is_some() {
                return None;
            }
            let (t, ampm) = match tok.strip_suffix("pm") {
                Some(t) => (t, Some(true)),
                None => match tok.strip_suffix("am") {
                    Some(t) => (t, Some(false)),
                    None => (tok, None),
                },
            };
            pm = pm.or(ampm);
            time = Some(parse_hms(&t.replace('.', ":"))?);
            continue;
        }
        if first_digit && (tok.contains('/') || tok.contains('-')) {
            if ymd.is_some() {
                return None;
            }
            ymd = Some(parse_numeric_date(tok)?);
            continue;
        }
        if tok.bytes().all(|b| b.is_ascii_digit()) {
            if tok.len() > 4 || numbers.len() >= 2 {
                return None;
            }
            numbers.push((tok.parse().ok()?, tok.len()));
            continue;
        }
        // A zone belongs after the time.
        if time.is_some() && offset.is_none() {
            if let Some(o) = parse_zone(tok) {
                offset = Some(o);
                continue;
            }
        }
        return None;
    }
    let date = match (ymd, month) {
        (Some(d), None) if numbers.is_empty() => d,
        (None, Some(m)) => {
            let (day, year) = match numbers.as_slice() {
                [(a, _), (b, bl)] if *bl == 4 || *b > 31 => (*a, *b as i32),
                [(a, al), (b, _)] if *al == 4 || *a > 31 => (*b, *a as i32),
                [(a, _), (b, 2)] => (*a, two_digit_year(*b as i32)),
                _ => return None,
            };
            NaiveDate::from_ymd_opt(year, m, day)?
        }
        _ => return None,
    };
    let mut time = time.unwrap_or(NaiveTime::MIN);
    if let Some(pm) = pm {
        let h: u32 = time.format("%H").to_string().parse().ok()?;
        if h > 12 {
            return None;
        }
        let h = match (pm, h) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
        time = NaiveTime::from_hms_opt(h, time.format("%M").to_string().parse().ok()?, 0)?
            + chrono::Duration::seconds(time.format("%S").to_string().parse().ok()?);
    }
    finish(date, time, offset.unwrap_or(0))
}

/// "10.30" as a time (Indonesian style), not "5.8.2024".
fn is_dotted_time(tok: &str) -> bool {
    let parts: Vec<&str> = tok.split('.').collect();
    parts.len() == 2
        && parts[0].len() <= 2
        && parts[1].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// `2006/09/15`, `2006-09-15`, `15/09/2006` (day first, as outside the US).
fn parse_numeric_date(tok: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = tok.split(['/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |x: &str| -> Option<u32> {
        (!x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse().ok())?
    };
    if a.len() == 4 {
        NaiveDate::from_ymd_opt(n(a)? as i32, n(b)?, n(c)?)
    } else if c.len() == 4 {
        NaiveDate::from_ymd_opt(n(c)? as i32, n(b)?, n(a)?)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<String> {
        parse_feed_date(s).map(|d| d.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
    }

    #[test]
    fn rfc822_shapes() {
        assert_eq!(
            utc("Thu, 01 Jan 2004 19:48:21 GMT").unwrap(),
            "2004-01-01T19:48:21"
        );
        assert_eq!(
            utc("Thu, 01 Jan 04 19:48:21 GMT").unwrap(),
            "2004-01-01T19:48:21"
        );
        assert_eq!(
            utc("Thu, 01 Jan 2004 00:00 GMT").unwrap(),
            "2004-01-01T00:00:00"
        );
        assert_eq!(
            utc("Thu, 30 Apr 2015 08:57:00 MET").unwrap(),
            "2015-04-30T07:57:00"
        );
        assert_eq!(
            utc("Wed, 19 Feb 2012 22:40:00 GMT-01:01").unwrap(),
            "2012-02-19T23:41:00"
        );
        assert_eq!(
            utc("Sun Jul 15 01:16:00 +0000 2012").unwrap(),
            "2012-07-15T01:16:00"
        );
        assert_eq!(
            utc("Sun Jan  4 16:29:06 2004").unwrap(),
            "2004-01-04T16:29:06"
        );
        assert_eq!(
            utc("Fri, 2006/09/15 08:19:53 EDT").unwrap(),
            "2006-09-15T12:19:53"
        );
        assert_eq!(
            utc("Wed, 19 Aug 2009 18:28:00 Etc/GMT").unwrap(),
            "2009-08-19T18:28:00"
        );
        assert_eq!(utc("Sun, 16 Dec 2012 1:2:3:4 GMT"), None);
        assert_eq!(utc("Sun, Dec x 2012 11:47:32 GMT"), None);
        assert_eq!(utc("Sun, 99 Jun 2009 12:00:00 GMT"), None);
    }

    #[test]
    fn keeps_the_offset() {
        let d = parse_feed_date("Mon, 05 Aug 2024 10:30:00 +0700").unwrap();
        assert_eq!(d.offset().local_minus_utc(), 7 * 3600);
        assert_eq!(d.to_rfc3339(), "2024-08-05T10:30:00+07:00");
    }

    #[test]
    fn indonesian() {
        assert_eq!(
            utc("Senin, 05 Agustus 2024 10:30 WIB").unwrap(),
            "2024-08-05T03:30:00"
        );
        assert_eq!(
            utc("Jumat, 3 Mei 2024 pukul 14.05 WITA").unwrap(),
            "2024-05-03T06:05:00"
        );
        assert_eq!(
            utc("Minggu, 29 Des 2024 08:00:00 +0700").unwrap(),
            "2024-12-29T01:00:00"
        );
        assert_eq!(utc("12 Okt 2023").unwrap(), "2023-10-12T00:00:00");
        assert_eq!(
            utc("Kamis, 15 Agt 2024 21:10 WIT").unwrap(),
            "2024-08-15T12:10:00"
        );
    }

    #[test]
    fn iso_shapes() {
        assert_eq!(
            utc("2003-12-31T10:14:55-08:00").unwrap(),
            "2003-12-31T18:14:55"
        );
        assert_eq!(
            utc("2004-07-08 23:56:58 -00:20").unwrap(),
            "2004-07-09T00:16:58"
        );
        assert_eq!(utc("2003-12").unwrap(), "2003-12-01T00:00:00");
        assert_eq!(utc("-0312").unwrap(), "2003-12-01T00:00:00");
        assert_eq!(utc("031231").unwrap(), "2003-12-31T00:00:00");
        assert_eq!(utc("2003-12-31T25:14:55Z"), None);
        assert_eq!(utc("2013-01-28T11:30:00-06:00Textra"), None);
        assert_eq!(utc("9999-12-31T23:59:59-99:99"), None);
    }

    #[test]
    fn korean_and_hungarian() {
        assert_eq!(
            utc("2004-05-25 오후 11:23:17").unwrap(),
            "2004-05-25T14:23:17"
        );
        assert_eq!(
            utc("2004년 05월 28일  01:31:15").unwrap(),
            "2004-05-27T16:31:15"
        );
        assert_eq!(
            utc("2004-július-13T9:15-05:00").unwrap(),
            "2004-07-13T14:15:00"
        );
    }
}
