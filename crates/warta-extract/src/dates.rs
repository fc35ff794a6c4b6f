//! Parsing date and time expressions found in pages: ISO 8601, RFC 2822,
//! and the visible datelines of Indonesian, English, German and other
//! European outlets.
//!
//! [`parse_date`] finds the first calendar date in a string, then a time
//! next to it (after it, or just before it), then a time zone next to the
//! time. Numeric dates are read day-first unless that is impossible, which
//! suits Indonesian and European pages; the page-level code decides which
//! string to parse.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use regex::{Captures, Regex};
use std::sync::OnceLock;
use warta_dates::names::{self, all_months, month_number, ZONE_NAMES};

/// A parsed date: either a day, or an instant with the page's own offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateValue {
    Day(chrono::NaiveDate),
    Instant(chrono::DateTime<chrono::FixedOffset>),
}

impl DateValue {
    /// `YYYY-MM-DD` for a day, RFC 3339 for an instant.
    pub fn to_output(&self) -> String {
        match self {
            DateValue::Day(d) => d.format("%Y-%m-%d").to_string(),
            DateValue::Instant(t) => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        }
    }

    /// The calendar day as written on the page (in the page's own offset).
    pub fn day(&self) -> NaiveDate {
        match self {
            DateValue::Day(d) => *d,
            DateValue::Instant(t) => t.date_naive(),
        }
    }
}

/// The pieces of a date expression, before deciding how to print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub offset: Option<FixedOffset>,
}

impl DateParts {
    /// An instant when both a time and an offset are known, else the day.
    pub fn to_value(&self) -> DateValue {
        match (self.time, self.offset) {
            (Some(t), Some(o)) => match o.from_local_datetime(&self.date.and_time(t)).single() {
                Some(dt) => DateValue::Instant(dt),
                None => DateValue::Day(self.date),
            },
            _ => DateValue::Day(self.date),
        }
    }

    /// Like [`DateParts::to_value`], taking `offset` for a time written
    /// without one (the page states its offset elsewhere).
    pub fn to_value_with_offset(&self, offset: Option<FixedOffset>) -> DateValue {
        let mut p = *self;
        if p.offset.is_none() {
            p.offset = offset;
        }
        p.to_value()
    }
}

/// How to read an all-numeric date whose first two numbers could both be
/// the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumericOrder {
    /// 03/05/2024 is 3 May (Indonesia, Europe).
    #[default]
    DayFirst,
    /// 03/05/2024 is March 5 (United States).
    MonthFirst,
}

/// Longest input looked at: a date expression is short, and the cap keeps
/// the work bounded on hostile input.
const MAX_LEN: usize = 400;

/// Parses a date expression, machine-readable or human-written.
pub fn parse_date(text: &str) -> Option<DateValue> {
    parse_date_parts(text, NumericOrder::DayFirst).map(|p| p.to_value())
}

/// Parses the first date expression in `text` into its parts.
pub fn parse_date_parts(text: &str, order: NumericOrder) -> Option<DateParts> {
    let text = truncate(text.trim(), MAX_LEN);
    if text.is_empty() {
        return None;
    }
    if let Some(p) = parse_epoch(text) {
        return Some(p);
    }
    if let Some(p) = parse_compact(text) {
        return Some(p);
    }
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths (rare letters); fall back to the
    // original then, so that match offsets stay valid.
    let s: &str = if lower.len() == text.len() {
        &lower
    } else {
        text
    };
    let (date, start, end) = find_date(s, order)?;
    let mut parts = DateParts {
        date,
        time: None,
        offset: None,
    };
    if let Some((time, zone)) = time_after(&s[end..]).or_else(|| time_before(&s[..start])) {
        parts.time = Some(time);
        parts.offset = zone.and_then(|z| names::zone_offset(&z, Some(date)));
    }
    Some(parts)
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn plausible_year(y: i32) -> bool {
    (1990..=2100).contains(&y)
}

/// Seconds or milliseconds since 1970, as some meta tags carry them.
fn parse_epoch(s: &str) -> Option<DateParts> {
    if !s.bytes().all(|b| b.is_ascii_digit()) || !(s.len() == 10 || s.len() == 13) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = if s.len() == 13 { n / 1000 } else { n };
    let dt = chrono::DateTime::from_timestamp(secs, 0)?;
    if !plausible_year(dt.year()) {
        return None;
    }
    Some(DateParts {
        date: dt.date_naive(),
        time: Some(dt.time()),
        offset: FixedOffset::east_opt(0),
    })
}

/// `20230914` and `20230914T101500Z`, only as the whole string.
fn parse_compact(s: &str) -> Option<DateParts> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$")
            .unwrap()
    });
    let c = re.captures(s)?;
    let y: i32 = c[1].parse().ok()?;
    if !plausible_year(y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, num(&c, 2)?, num(&c, 3)?)?;
    let time = match c.get(4) {
        Some(h) => NaiveTime::from_hms_opt(
            h.as_str().parse().ok()?,
            num(&c, 5)?,
            c.get(6).map_or(Some(0), |m| m.as_str().parse().ok())?,
        ),
        None => None,
    };
    let offset = c.get(7).and_then(|m| zone_offset(m.as_str(), date));
    Some(DateParts { date, time, offset })
}

fn num(c: &Captures, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn month_alternation() -> String {
    let mut words: Vec<&str> = all_months().map(|(n, _)| *n).collect();
    // Longest first, so "september" wins over "sep".
    words.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    words.dedup();
    words
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

struct DateRes {
    ymd: Regex,
    dmy_num: Regex,
    dmy_text: Regex,
    mdy_text: Regex,
    cjk: Regex,
}

fn date_res() -> &'static DateRes {
    static RES: OnceLock<DateRes> = OnceLock::new();
    RES.get_or_init(|| {
        let m = month_alternation();
        DateRes {
            ymd: Regex::new(r"(?:^|[^\d.:/-])(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:$|[^\d])")
                .unwrap(),
            dmy_num: Regex::new(r"(?:^|[^\d.:/-])(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{2})(?:$|[^\d])")
                .unwrap(),
            dmy_text: Regex::new(&format!(
                r"\b(\d{{1,2}})(?:\.|er|st|nd|rd|th|º|°)?(?:\s*[-/]\s*|\s+|\.)(?:de\s+|of\s+)?({m})\b\.?(?:\s*[-/,]\s*|\s+)(?:de\s+|del\s+)?(\d{{4}})\b"
            ))
            .unwrap(),
            mdy_text: Regex::new(&format!(
                r"\b({m})\b\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\b\.?,?\s*(\d{{4}})\b"
            ))
            .unwrap(),
            cjk: Regex::new(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?").unwrap(),
        }
    })
}

/// The first date in `s` (lower case), with its byte span.
fn find_date(s: &str, order: NumericOrder) -> Option<(NaiveDate, usize, usize)> {
    let res = date_res();
    let mut best: Option<(NaiveDate, usize, usize)> = None;
    let mut consider = |cand: Option<(NaiveDate, usize, usize)>| {
        if let Some(c) = cand {
            if best.is_none_or(|b| c.1 < b.1) {
                best = Some(c);
            }
        }
    };
    // Each pattern: its first valid match.
    consider(res.ymd.captures_iter(s).find_map(|c| {
        if c[2] != c[4] {
            return None;
        }
        let y: i32 = c[1].parse().ok()?;
        if !plausible_year(y) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(y, num(&c, 3)?, num(&c, 5)?)?;
        Some((d, c.get(1)?.start(), c.get(5)?.end()))
    }));
    consider(res.dmy_num.captures_iter(s).find_map(|c| {
        if c[2] != c[4] {
            return None;
        }
        let y = year_of(&c[5])?;
        let (a, b) = (num(&c, 1)?, num(&c, 3)?);
        let (day, month) = match order {
            _ if a > 12 => (a, b),
            _ if b > 12 => (b, a),
            NumericOrder::DayFirst => (a, b),
            NumericOrder::MonthFirst => (b, a),
        };
        let d = NaiveDate::from_ymd_opt(y, month, day)?;
        Some((d, c.get(1)?.start(), c.get(5)?.end()))
    }));
    consider(res.dmy_text.captures_iter(s).find_map(|c| {
        let y: i32 = c[3].parse().ok()?;
        if !plausible_year(y) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(y, month_number(&c[2])?, num(&c, 1)?)?;
        Some((d, c.get(1)?.start(), c.get(3)?.end()))
    }));
    consider(res.mdy_text.captures_iter(s).find_map(|c| {
        let y: i32 = c[3].parse().ok()?;
        if !plausible_year(y) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(y, month_number(&c[1])?, num(&c, 2)?)?;
        Some((d, c.get(1)?.start(), c.get(3)?.end()))
    }));
    consider(res.cjk.captures_iter(s).find_map(|c| {
        let y: i32 = c[1].parse().ok()?;
        if !plausible_year(y) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(y, num(&c, 2)?, num(&c, 3)?)?;
        Some((d, c.get(1)?.start(), c.get(0)?.end()))
    }));
    best
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    let y = if s.len() == 2 { 2000 + y } else { y };
    plausible_year(y).then_some(y)
}

struct TimeRes {
    after: Regex,
    before: Regex,
    zone: Regex,
}

fn time_res() -> &'static TimeRes {
    static RES: OnceLock<TimeRes> = OnceLock::new();
    RES.get_or_init(|| {
        // hours, minutes, seconds (one digit in some generators'
        // "23:15:0Z"), fraction, am/pm, zone
        let time = r"(\d{1,2})[:.h](\d{2})(?:[:.](\d{1,2})(?:[.,](\d{1,9}))?)?(?:\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?:\W|$))?";
        let zone = format!(
            r"(?:\s*(?:uhr|hrs|horas|h)\b)?\s*\(?((?:utc|gmt)\s*[+\-−]\s*\d{{1,2}}(?:[:.]?\d{{2}})?|[+\-−]\d{{2}}:?\d{{2}}|[+\-−]\d{{1,2}}\b|z\b|\b(?:{ZONE_NAMES})\b)?"
        );
        TimeRes {
            after: Regex::new(&format!(
                r"^(?:t|[\s,|@\-–—•·/]*(?:(?:um|pukul|pkl\.?|jam|at|à|a las|alle ore|alle|ore|kl\.?|klo|om|saat)\s+)?)\s*{time}{zone}"
            ))
            .unwrap(),
            before: Regex::new(&format!(
                r"{time}{zone}[\s,|\-–—•·/]*(?:(?:\p{{L}}+\.?)\s*,?\s*)?(?:(?:on|am|le|el|il)\s+)?$"
            ))
            .unwrap(),
            zone: Regex::new(&format!(r"^{zone}")).unwrap(),
        }
    })
}

fn time_after(rest: &str) -> Option<(NaiveTime, Option<String>)> {
    let rest = truncate(rest, 80);
    let c = time_res().after.captures(rest)?;
    time_from(&c, rest)
}

fn time_before(prefix: &str) -> Option<(NaiveTime, Option<String>)> {
    let start = prefix.len().saturating_sub(60);
    let mut start_b = start;
    while !prefix.is_char_boundary(start_b) {
        start_b += 1;
    }
    let hay = &prefix[start_b..];
    let c = time_res().before.captures(hay)?;
    time_from(&c, hay)
}

fn time_from(c: &Captures, hay: &str) -> Option<(NaiveTime, Option<String>)> {
    // "15.09.2023" is a date, not 15:09:20; "1.234" is a number.
    let digits_end = (2..=4).filter_map(|i| c.get(i)).map(|m| m.end()).max()?;
    if c.get(5).is_none() && c.get(6).is_none() {
        let mut next = hay[digits_end..].chars();
        match (next.next(), next.next()) {
            (Some(d), _) if d.is_ascii_digit() => return None,
            (Some('.' | '/' | ':' | '-'), Some(d)) if d.is_ascii_digit() => return None,
            _ => {}
        }
    }
    let mut h = num(c, 1)?;
    let m = num(c, 2)?;
    let s = c.get(3).map_or(Some(0), |x| x.as_str().parse().ok())?;
    let nanos = c.get(4).map_or(0, |f| {
        let digits: String = f
            .as_str()
            .chars()
            .chain("000000000".chars())
            .take(9)
            .collect();
        digits.parse().unwrap_or(0)
    });
    if let Some(ap) = c.get(5) {
        if h == 0 || h > 12 {
            return None;
        }
        let pm = ap.as_str().starts_with('p');
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    let time = NaiveTime::from_hms_nano_opt(h, m, s.min(59), nanos)?;
    Some((time, c.get(6).map(|z| z.as_str().to_string())))
}

/// Offset of a zone written after a time: `Z`, `+07:00`, `GMT+7`, `WIB`.
pub fn zone_offset(zone: &str, date: NaiveDate) -> Option<FixedOffset> {
    names::zone_offset(&zone.to_lowercase(), Some(date))
}

/// Parses a zone written on its own, such as a page-wide `WIB` label.
pub fn parse_zone(text: &str) -> Option<FixedOffset> {
    let lower = truncate(text, 40).to_lowercase();
    let c = time_res().zone.captures(&lower)?;
    c.get(1).and_then(|z| names::zone_offset(z.as_str(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_output())
    }

    #[test]
    fn basics() {
        assert_eq!(out("2023-09-14"), Some("2023-09-14".into()));
        assert_eq!(
            out("2023-09-14T10:15:00+07:00"),
            Some("2023-09-14T10:15:00+07:00".into())
        );
        assert_eq!(
            out("Kamis, 14 Sep 2023 10:15 WIB"),
            Some("2023-09-14T10:15:00+07:00".into())
        );
        assert_eq!(out("3. Mai 2024"), Some("2024-05-03".into()));
        assert_eq!(
            out("September 14, 2023 10:15 AM GMT+7"),
            Some("2023-09-14T10:15:00+07:00".into())
        );
    }
}
