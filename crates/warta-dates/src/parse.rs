//! The grammar of date expressions, read over the tokens of `lex`.
//!
//! The scan walks the tokens once; only a digit run or a date word (month,
//! weekday, "kemarin", "last", ...) starts a try, and each try looks at a
//! handful of tokens after it (and, for a bare weekday, a few before it for
//! a future tense). The first expression that matches at a token is taken
//! whole, and the scan goes on after it, so mentions never overlap.

use crate::lex::{Key, Kind, Space, Tok, Unit, Word};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use warta_lang::Lang;

/// A normalised value, before it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Val {
    Day(NaiveDate),
    /// A day whose year is not written and could not be resolved.
    NoYear {
        m: u32,
        d: u32,
    },
    /// The ISO week holding this day.
    Week(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Instant(DateTime<FixedOffset>),
}

impl Val {
    /// The printed form (see the crate docs).
    pub(crate) fn print(&self) -> String {
        match self {
            Val::Day(d) => d.format("%Y-%m-%d").to_string(),
            Val::NoYear { m, d } => format!("--{m:02}-{d:02}"),
            Val::Week(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Val::Month(y, m) => format!("{y:04}-{m:02}"),
            Val::Year(y) => format!("{y:04}"),
            Val::Instant(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        }
    }
}

/// A match: token span `[start, end)`, value, range end, warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub val: Val,
    pub until: Option<Val>,
    pub warning: Option<String>,
}

/// A written calendar date, before the year is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partial {
    Full(NaiveDate),
    NoYear { m: u32, d: u32 },
    MonthYear(i32, u32),
}

/// A written date and where it ends.
#[derive(Debug, Clone)]
struct Core {
    date: Partial,
    end: usize,
    until: Option<Partial>,
    warning: Option<String>,
}

/// Which way a weekday without a date points from the publication day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// The latest such day on or before the publication day.
    OnOrBefore,
    /// The latest such day strictly before it.
    Before,
    /// The next such day on or after it.
    OnOrAfter,
    /// The next such day strictly after it.
    After,
    /// That day of the ISO week `n` weeks from the publication's.
    Week(i64),
}

/// Years read as years in a date.
fn plausible_year(y: u32) -> bool {
    (1800..=2199).contains(&y)
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    t: &'a [Tok],
    /// The publication's local date.
    today: Option<NaiveDate>,
    lang: Lang,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, t: &'a [Tok], today: Option<NaiveDate>, lang: Lang) -> Self {
        Parser {
            text,
            t,
            today,
            lang,
        }
    }

    /// Every expression, in order.
    pub(crate) fn run(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            match self.at(i) {
                Some(f) => {
                    i = f.end.max(i + 1);
                    out.push(f);
                }
                None => i += 1,
            }
        }
        out
    }

    // ---- token helpers ------------------------------------------------

    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.t.get(i)?.kind {
            Kind::Num { val, len } => Some((val, len)),
            _ => None,
        }
    }

    fn word(&self, i: usize) -> Option<Word> {
        match self.t.get(i)?.kind {
            Kind::Word { w, .. } => Some(w),
            _ => None,
        }
    }

    fn key(&self, i: usize) -> Option<Key> {
        match self.word(i)? {
            Word::Key(k) => Some(k),
            _ => None,
        }
    }

    fn is_key(&self, i: usize, k: Key) -> bool {
        self.key(i) == Some(k)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        matches!(self.t.get(i), Some(Tok { kind: Kind::Punct(p), .. }) if *p == c)
    }

    fn punct_of(&self, i: usize) -> Option<char> {
        match self.t.get(i)?.kind {
            Kind::Punct(p) => Some(p),
            _ => None,
        }
    }

    /// Token `i` exists and follows the one before without a space.
    fn adj(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.space == Space::None)
    }

    fn cap(&self, i: usize) -> bool {
        matches!(
            self.t.get(i),
            Some(Tok {
                kind: Kind::Word { cap: true, .. },
                ..
            })
        )
    }

    fn upper(&self, i: usize) -> bool {
        matches!(
            self.t.get(i),
            Some(Tok {
                kind: Kind::Word { upper: true, .. },
                ..
            })
        )
    }

    fn slice(&self, i: usize) -> &str {
        let t = &self.t[i];
        &self.text[t.start as usize..t.end as usize]
    }

    fn lower_is(&self, i: usize, s: &str) -> bool {
        i < self.t.len() && self.slice(i).eq_ignore_ascii_case(s)
    }

    /// A number at `i` that is not the tail of another number ("1,5",
    /// "1.2.3") or glued to a word ("A13").
    fn clean_start(&self, i: usize) -> bool {
        if i == 0 || !self.adj(i) {
            return true;
        }
        match self.t[i - 1].kind {
            Kind::Num { .. } | Kind::Word { .. } => false,
            Kind::Punct(p) => {
                !(matches!(p, '.' | ',' | ':' | '/' | '-')
                    && self.adj(i - 1)
                    && i >= 2
                    && self.num(i - 2).is_some())
            }
        }
    }

    /// Nothing glued after the expression that makes it part of a longer
    /// number or word ("2023-2024", "13/9/2023/5", "2023an").
    fn clean_end(&self, j: usize) -> bool {
        if !self.adj(j) {
            return true;
        }
        match self.t[j].kind {
            Kind::Num { .. } => false,
            Kind::Word { .. } => false,
            Kind::Punct(p) => {
                !(matches!(p, '.' | ':' | '/' | '-')
                    && self.adj(j + 1)
                    && self.num(j + 1).is_some())
            }
        }
    }

    fn sentence_start(&self, i: usize) -> bool {
        if i == 0 || self.t[i].space == Space::Newline {
            return true;
        }
        matches!(
            self.punct_of(i - 1),
            Some('.' | '!' | '?' | '"' | '“' | '”' | '\'' | '(' | ':')
        )
    }

    /// Whether the capitalised word at `i` follows another capitalised
    /// word mid-sentence, as in a name ("Pasar Minggu", "Rabu Wekasan").
    fn in_name(&self, i: usize) -> bool {
        i > 0
            && self.cap(i)
            && self.t[i].space == Space::Blank
            && match self.t[i - 1].kind {
                // "Pada Selasa" opens a sentence; "USA Today" is a name.
                Kind::Word {
                    w: Word::Other,
                    cap: true,
                    upper,
                } => upper || !self.sentence_start(i - 1),
                _ => false,
            }
    }

    /// Whether the sentence before token `i` speaks of the future ("akan",
    /// "will", "dijadwalkan"), looking back a few words.
    fn future_cue(&self, i: usize) -> bool {
        let lo = i.saturating_sub(10);
        for k in (lo..i).rev() {
            if let Some('.' | '!' | '?' | ';') = self.punct_of(k) {
                if !self.adj(k + 1) {
                    return false;
                }
            }
            if self.t[k].space == Space::Newline && k + 1 < i {
                return false;
            }
            if self.is_key(k, Key::Future) {
                return true;
            }
        }
        false
    }

    /// A month word at `i` ("may"/"march"/"mar" only when capitalised).
    fn month(&self, i: usize) -> Option<(u32, bool)> {
        match self.word(i)? {
            Word::Month { m, abbr } => {
                if !self.cap(i)
                    && (self.lower_is(i, "may")
                        || self.lower_is(i, "march")
                        || self.lower_is(i, "mar"))
                {
                    return None;
                }
                Some((u32::from(m), abbr))
            }
            _ => None,
        }
    }

    /// A weekday at `i`: a weekday word, or "Minggu" (Sunday) when
    /// `sunday_ok`.
    fn weekday_of(&self, i: usize, sunday_ok: bool) -> Option<(Weekday, bool)> {
        match self.word(i)? {
            Word::Weekday { d, abbr } => {
                if abbr && !self.cap(i) {
                    return None;
                }
                Some((d, abbr))
            }
            Word::Key(Key::Minggu) if sunday_ok => Some((Weekday::Sun, false)),
            _ => None,
        }
    }

    /// A range separator at `j`: a dash or "hingga", "sampai", "to".
    fn range_sep(&self, j: usize) -> Option<usize> {
        match self.t.get(j)?.kind {
            Kind::Punct('-' | '–' | '—') => Some(j + 1),
            Kind::Word {
                w: Word::Key(Key::Through),
                ..
            } => Some(j + 1),
            _ => None,
        }
    }

    /// A four-digit year at `j` or after a comma.
    fn year_after(&self, j: usize) -> Option<(i32, usize)> {
        let k = if self.punct(j, ',') { j + 1 } else { j };
        let (y, len) = self.num(k)?;
        if len != 4 || !plausible_year(y) || self.adj(k) || !self.clean_end(k + 1) {
            return None;
        }
        Some((y as i32, k + 1))
    }

    /// A day number (1–31) at `j`, not glued to a number before it.
    fn day_num(&self, j: usize) -> Option<u32> {
        let (d, len) = self.num(j)?;
        (len <= 2 && (1..=31).contains(&d)).then_some(d)
    }

    // ---- dispatch -------------------------------------------------------

    fn at(&self, i: usize) -> Option<Found> {
        let mut f = match self.t[i].kind {
            Kind::Num { .. } => self
                .counted(i)
                .or_else(|| {
                    self.numeric(i, None, false)
                        .and_then(|c| self.dated(i, c, None))
                })
                .or_else(|| self.day_first(i).and_then(|c| self.dated(i, c, None))),
            Kind::Word { w, .. } => match w {
                Word::Month { .. } => self.month_first(i).and_then(|c| self.dated(i, c, None)),
                Word::Weekday { .. } => self.weekday(i, i, false),
                Word::Key(k) => self.keyword(i, k),
                _ => None,
            },
            Kind::Punct(_) => None,
        }?;
        if let Val::Day(d) = f.val {
            if let Some((end, val)) = self.time_after(f.end, d) {
                f.end = end;
                f.val = val;
            }
        }
        Some(f)
    }

    fn found(&self, start: usize, end: usize, val: Val) -> Option<Found> {
        Some(Found {
            start,
            end,
            val,
            until: None,
            warning: None,
        })
    }

    /// A day relative to the publication day.
    fn rel_day(&self, start: usize, end: usize, days: i64) -> Option<Found> {
        let today = self.today?;
        self.found(
            start,
            end,
            Val::Day(today.checked_add_signed(Duration::days(days))?),
        )
    }

    fn keyword(&self, i: usize, k: Key) -> Option<Found> {
        // "USA Today", "Rumah Kemarin": a name, not a day.
        if matches!(
            k,
            Key::Yesterday
                | Key::Today
                | Key::Tomorrow
                | Key::Tonight
                | Key::Kemarin
                | Key::Besok
                | Key::Lusa
        ) && self.in_name(i)
        {
            return None;
        }
        match k {
            Key::Hari => {
                if self.weekday_of(i + 1, true).is_some() {
                    self.weekday(i + 1, i, true)
                } else if self.is_key(i + 1, Key::Ini) {
                    self.rel_day(i, i + 2, 0)
                } else {
                    None
                }
            }
            Key::Minggu => {
                let rel = matches!(
                    self.key(i + 1),
                    Some(Key::Lalu | Key::Depan | Key::Ini | Key::Kemarin)
                ) || (self.is_key(i + 1, Key::Yang) && self.is_key(i + 2, Key::Lalu));
                if !self.cap(i) || (rel && self.sentence_start(i)) {
                    self.period(i, Unit::Week)
                } else {
                    self.weekday(i, i, false)
                }
            }
            Key::Tanggal => {
                let j = if self.punct(i + 1, '.') && self.adj(i + 1) {
                    i + 2
                } else {
                    i + 1
                };
                match self.numeric(j, None, false).or_else(|| self.day_first(j)) {
                    Some(c) => self.dated(i, c, None),
                    None => self.day_of_month(i, j),
                }
            }
            Key::Kemarin => {
                if self.is_key(i + 1, Key::Lusa) {
                    self.rel_day(i, i + 2, -2)
                } else {
                    self.rel_day(i, i + 1, -1)
                }
            }
            Key::Besok => {
                if self.is_key(i + 1, Key::Lusa) {
                    self.rel_day(i, i + 2, 2)
                } else {
                    self.rel_day(i, i + 1, 1)
                }
            }
            Key::Lusa => self.rel_day(i, i + 1, 2),
            Key::Tadi if self.is_key(i + 1, Key::PartOfDay) && !self.lower_is(i + 1, "malam") => {
                self.rel_day(i, i + 2, 0)
            }
            Key::PartOfDay if self.is_key(i + 1, Key::Ini) => self.rel_day(i, i + 2, 0),
            Key::Yesterday => self.rel_day(i, i + 1, -1),
            Key::Today | Key::Tonight => self.rel_day(i, i + 1, 0),
            Key::Tomorrow => self.rel_day(i, i + 1, 1),
            Key::The if self.is_key(i + 1, Key::Unit(Unit::Day)) && self.lower_is(i + 1, "day") => {
                match (self.key(i + 2), self.key(i + 3)) {
                    (Some(Key::Before), Some(Key::Yesterday)) => self.rel_day(i, i + 4, -2),
                    (Some(Key::After), Some(Key::Tomorrow)) => self.rel_day(i, i + 4, 2),
                    _ => None,
                }
            }
            Key::Last | Key::Next | Key::This | Key::Coming => self.last_next(i, k),
            Key::Unit(u) if !self.lower_is(i, "day") && !self.lower_is(i, "days") => {
                if u == Unit::Year && self.lower_is(i, "tahun") {
                    if let Some((y, len)) = self.num(i + 1) {
                        if len == 4
                            && plausible_year(y)
                            && self.clean_end(i + 2)
                            && !self.adj(i + 1)
                        {
                            return self.found(i, i + 2, Val::Year(y as i32));
                        }
                    }
                }
                self.period(i, u)
            }
            Key::Count(_) | Key::Se(_) => self.counted(i),
            _ => None,
        }
    }

    /// "tanggal 14" without a month: day 14 of the month nearest the
    /// publication day (this month, the one before or the one after).
    fn day_of_month(&self, start: usize, j: usize) -> Option<Found> {
        let d = self.day_num(j)?;
        if !self.clean_start(j) || !self.clean_end(j + 1) {
            return None;
        }
        let today = self.today?;
        let here = i64::from(today.year()) * 12 + i64::from(today.month0());
        let best = (here - 1..=here + 1)
            .filter_map(|t| {
                NaiveDate::from_ymd_opt(t.div_euclid(12) as i32, t.rem_euclid(12) as u32 + 1, d)
            })
            .min_by_key(|c| (*c - today).num_days().abs())?;
        self.found(start, j + 1, Val::Day(best))
    }

    // ---- written dates --------------------------------------------------

    /// `13/9/2023`, `13-09-2023`, `13.9.2023`, `2023-09-13`, and with
    /// `yearless` (after a weekday) `13/9`.
    fn numeric(&self, i: usize, hint: Option<Weekday>, yearless: bool) -> Option<Core> {
        let (a, la) = self.num(i)?;
        if !self.clean_start(i) {
            return None;
        }
        let sep = self.punct_of(i + 1)?;
        if !matches!(sep, '/' | '-' | '.') || !self.adj(i + 1) || !self.adj(i + 2) {
            return None;
        }
        let (b, lb) = self.num(i + 2)?;
        let full = self.punct(i + 3, sep)
            && self.adj(i + 3)
            && self.adj(i + 4)
            && self.num(i + 4).is_some();
        if !full {
            if !yearless || sep != '/' || la > 2 || lb > 2 || !self.clean_end(i + 3) {
                return None;
            }
            if !(1..=12).contains(&b) || !(1..=31).contains(&a) {
                return None;
            }
            NaiveDate::from_ymd_opt(2000, b, a)?; // a day some year has (29 Feb in a leap year)
            return Some(Core {
                date: Partial::NoYear { m: b, d: a },
                end: i + 3,
                until: None,
                warning: None,
            });
        }
        let (c, lc) = self.num(i + 4)?;
        let end = i + 5;
        if la == 4 && lb <= 2 && lc <= 2 && sep != '.' {
            // ISO order; a "T" time may follow.
            if !plausible_year(a) || !(self.clean_end(end) || self.lower_is(end, "t")) {
                return None;
            }
            let d = NaiveDate::from_ymd_opt(a as i32, b, c)?;
            return Some(Core {
                date: Partial::Full(d),
                end,
                until: None,
                warning: None,
            });
        }
        if la > 2 || lb > 2 || !(lc == 4 || (lc == 2 && sep == '/')) || !self.clean_end(end) {
            return None;
        }
        let y = if lc == 2 { 2000 + c } else { c };
        if !plausible_year(y) {
            return None;
        }
        let (date, warning) = self.order(a, b, y as i32, hint)?;
        Some(Core {
            date: Partial::Full(date),
            end,
            until: None,
            warning,
        })
    }

    /// Day-first unless that is impossible; when both readings are valid,
    /// the weekday written with the date decides, and English text gets a
    /// warning.
    fn order(
        &self,
        a: u32,
        b: u32,
        y: i32,
        hint: Option<Weekday>,
    ) -> Option<(NaiveDate, Option<String>)> {
        let dm = NaiveDate::from_ymd_opt(y, b, a);
        let md = NaiveDate::from_ymd_opt(y, a, b);
        match (dm, md) {
            (Some(x), Some(z)) if x != z => {
                if let Some(w) = hint {
                    if x.weekday() != w && z.weekday() == w {
                        return Some((z, None));
                    }
                    if x.weekday() == w {
                        return Some((x, None));
                    }
                }
                let warning = (self.lang == Lang::En)
                    .then(|| format!("ambiguous day/month order: read as {x} (day first)"));
                Some((x, warning))
            }
            (Some(x), _) => Some((x, None)),
            (None, Some(z)) => Some((z, None)),
            (None, None) => None,
        }
    }

    /// `14 September 2023`, `14 Sept`, `14th of September`, `13-14
    /// September 2023`, `13 Agustus - 2 September 2023`.
    fn day_first(&self, i: usize) -> Option<Core> {
        let d = self.day_num(i)?;
        if !self.clean_start(i) {
            return None;
        }
        let mut j = i + 1;
        if self.is_key(j, Key::Ordinal) && self.adj(j) {
            j += 1;
        }
        let mut d2 = None;
        if self.month(j).is_none() && !self.is_key(j, Key::Of) {
            // "13-14 September", "13 hingga 14 September"
            let k = self.range_sep(j)?;
            let x = self.day_num(k).filter(|&x| x > d)?;
            d2 = Some(x);
            j = k + 1;
            if self.is_key(j, Key::Ordinal) && self.adj(j) {
                j += 1;
            }
        }
        if self.is_key(j, Key::Of) {
            j += 1;
        }
        let (m, abbr) = self.month(j)?;
        if self.adj(j) && self.num(j - 1).is_some() {
            return None; // "14September" is not how dates are written
        }
        j += 1;
        if abbr && self.punct(j, '.') && self.adj(j) {
            j += 1;
        }
        let mut core = self.text_date(j, m, d, d2)?;
        if !matches!(core.date, Partial::NoYear { .. }) {
            return Some(core);
        }
        if d2.is_none() {
            // "13 Agustus - 2 September 2023": the second date lends its year.
            if let Some(k) = self.range_sep(j) {
                if let Some(second) = self.day_first(k) {
                    if let (Partial::Full(e), None) = (second.date, second.until) {
                        let mut y = e.year();
                        if (m, d) > (e.month(), e.day()) {
                            y -= 1;
                        }
                        core.date = Partial::Full(NaiveDate::from_ymd_opt(y, m, d)?);
                        core.until = Some(second.date);
                        core.end = second.end;
                    }
                }
            }
        }
        Some(core)
    }

    /// `September 14, 2023`, `Sep. 14`, `Sept 13-14, 2023`, `Mei 2023`.
    fn month_first(&self, i: usize) -> Option<Core> {
        let (m, abbr) = self.month(i)?;
        if i > 0 && self.adj(i) && self.num(i - 1).is_some() {
            return None;
        }
        let mut j = i + 1;
        if abbr && self.punct(j, '.') && self.adj(j) {
            j += 1;
        }
        let (n, len) = self.num(j)?;
        if self.adj(j) {
            return None;
        }
        if len == 4 {
            if !plausible_year(n) || !self.clean_end(j + 1) {
                return None;
            }
            return Some(Core {
                date: Partial::MonthYear(n as i32, m),
                end: j + 1,
                until: None,
                warning: None,
            });
        }
        let d = self.day_num(j)?;
        j += 1;
        if self.is_key(j, Key::Ordinal) && self.adj(j) {
            j += 1;
        }
        let mut d2 = None;
        if let Some(k) = self.range_sep(j) {
            if let Some(x) = self.day_num(k).filter(|&x| x > d) {
                if self.clean_end(k + 1) || self.is_key(k + 1, Key::Ordinal) {
                    d2 = Some(x);
                    j = k + 1;
                    if self.is_key(j, Key::Ordinal) && self.adj(j) {
                        j += 1;
                    }
                }
            }
        }
        // A time is not a day: "September 10:15".
        self.text_date(j, m, d, d2)
    }

    /// The end of a date written with a month name, at `j` after the
    /// month (or day): the year when one is written, else a year-less day.
    fn text_date(&self, j: usize, m: u32, d: u32, d2: Option<u32>) -> Option<Core> {
        if let Some((y, end)) = self.year_after(j) {
            let until = match d2 {
                Some(x) => Some(Partial::Full(NaiveDate::from_ymd_opt(y, m, x)?)),
                None => None,
            };
            return Some(Core {
                date: Partial::Full(NaiveDate::from_ymd_opt(y, m, d)?),
                end,
                until,
                warning: None,
            });
        }
        // A four-digit number that is no clean year ("5 Mei 2023-2024"):
        // not a year-less date either.
        let k = if self.punct(j, ',') { j + 1 } else { j };
        if !self.clean_end(j) || self.num(k).is_some_and(|(_, len)| len == 4) {
            return None;
        }
        NaiveDate::from_ymd_opt(2000, m, d)?; // a day some year has (29 Feb)
        Some(Core {
            date: Partial::NoYear { m, d },
            end: j,
            until: d2.map(|x| Partial::NoYear { m, d: x }),
            warning: None,
        })
    }

    /// The day a year-less date stands for: the one nearest the
    /// publication day.
    fn nearest(&self, m: u32, d: u32) -> Option<NaiveDate> {
        let today = self.today?;
        (today.year() - 1..=today.year() + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .min_by_key(|c| (*c - today).num_days().abs())
    }

    fn resolve(&self, p: Partial) -> Val {
        match p {
            Partial::Full(d) => Val::Day(d),
            Partial::MonthYear(y, m) => Val::Month(y, m),
            Partial::NoYear { m, d } => match self.nearest(m, d) {
                Some(x) => Val::Day(x),
                None => Val::NoYear { m, d },
            },
        }
    }

    /// A written date as a match starting at `start`, its weekday checked
    /// against `wd` when one was written.
    fn dated(&self, start: usize, c: Core, wd: Option<(Weekday, usize)>) -> Option<Found> {
        let val = self.resolve(c.date);
        let mut warning = c.warning;
        if let (Some((w, wi)), Val::Day(d)) = (wd, val) {
            if d.weekday() != w {
                warning = Some(format!(
                    "weekday mismatch: \"{}\" is written, but {} is a {}",
                    self.slice(wi),
                    d,
                    weekday_name(d.weekday())
                ));
            }
        }
        Some(Found {
            start,
            end: c.end,
            val,
            until: c.until.map(|u| self.resolve(u)),
            warning,
        })
    }

    // ---- weekdays -------------------------------------------------------

    /// A weekday at `i` (the match starts at `start`, before "hari"):
    /// with a written date, or relative to the publication day.
    fn weekday(&self, i: usize, start: usize, after_hari: bool) -> Option<Found> {
        let (wd, abbr) = self.weekday_of(i, true)?;
        // "Rabu malam (13/9)", "Kamis dini hari (14/9)", "Kamis, 14 Sep 2023"
        let mut k = i + 1;
        if self.is_key(k, Key::PartOfDay) && self.punct(k + 1, '(') {
            k += 1;
        } else if self.is_key(k, Key::Dini)
            && self.is_key(k + 1, Key::Hari)
            && self.punct(k + 2, '(')
        {
            k += 2;
        }
        if self.punct(k, ',') {
            k += 1;
        }
        let paren = self.punct(k, '(');
        if paren {
            k += 1;
        }
        let core = self
            .numeric(k, Some(wd), true)
            .or_else(|| self.day_first(k))
            .or_else(|| {
                self.month_first(k)
                    .filter(|c| !matches!(c.date, Partial::MonthYear(..)))
            });
        if let Some(mut c) = core {
            if !paren || self.punct(c.end, ')') {
                if paren {
                    c.end += 1;
                }
                return self.dated(start, c, Some((wd, i)));
            }
        }
        if abbr || !(self.cap(i) || after_hari) {
            return None;
        }
        let (dir, end) = match self.key(i + 1) {
            Some(Key::Lalu | Key::Kemarin) => (Dir::Before, i + 2),
            Some(Key::Depan) => (Dir::After, i + 2),
            Some(Key::Ini) => (Dir::Week(0), i + 2),
            Some(Key::Unit(Unit::Week) | Key::Minggu) => match self.key(i + 2) {
                Some(Key::Lalu) => (Dir::Week(-1), i + 3),
                Some(Key::Depan) => (Dir::Week(1), i + 3),
                Some(Key::Ini) => (Dir::Week(0), i + 3),
                _ => (self.bare_dir(start), i + 1),
            },
            Some(Key::Last | Key::Next | Key::This)
                if self.is_key(i + 2, Key::Unit(Unit::Week)) =>
            {
                let n = match self.key(i + 1) {
                    Some(Key::Last) => -1,
                    Some(Key::Next) => 1,
                    _ => 0,
                };
                (Dir::Week(n), i + 3)
            }
            _ => (self.bare_dir(start), i + 1),
        };
        if end == i + 1 && !after_hari && self.in_name(i) {
            return None;
        }
        self.weekday_rel(start, end, wd, dir)
    }

    fn bare_dir(&self, start: usize) -> Dir {
        if self.future_cue(start) {
            Dir::OnOrAfter
        } else {
            Dir::OnOrBefore
        }
    }

    fn weekday_rel(&self, start: usize, end: usize, wd: Weekday, dir: Dir) -> Option<Found> {
        let today = self.today?;
        let back =
            i64::from((7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7);
        let fwd = (7 - back) % 7;
        let offset = match dir {
            Dir::OnOrBefore => -back,
            Dir::Before => -(if back == 0 { 7 } else { back }),
            Dir::OnOrAfter => fwd,
            Dir::After => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Dir::Week(n) => {
                7 * n + i64::from(wd.num_days_from_monday())
                    - i64::from(today.weekday().num_days_from_monday())
            }
        };
        self.rel_day(start, end, offset)
    }

    /// "last Tuesday", "next week", "this month", "last night".
    fn last_next(&self, i: usize, k: Key) -> Option<Found> {
        // "over the last week" is a span of time, not last week.
        if i > 0 && self.is_key(i - 1, Key::The) {
            return None;
        }
        if let Some((wd, false)) = self.weekday_of(i + 1, false) {
            let dir = match k {
                Key::Last => Dir::Before,
                Key::Next | Key::Coming => Dir::After,
                _ => Dir::Week(0),
            };
            return self.weekday_rel(i, i + 2, wd, dir);
        }
        let n = match k {
            Key::Last => -1,
            Key::Next => 1,
            Key::This => 0,
            _ => return None,
        };
        match self.key(i + 1)? {
            Key::Night if k == Key::Last => self.rel_day(i, i + 2, -1),
            Key::PartOfDay if k == Key::This => self.rel_day(i, i + 2, 0),
            Key::Unit(u) if u != Unit::Day && !self.lower_is(i + 1, "weeks") => {
                self.shifted(i, i + 2, u, n)
            }
            _ => None,
        }
    }

    // ---- periods and counts -----------------------------------------------

    /// "pekan lalu", "bulan depan", "tahun ini", "minggu yang lalu".
    fn period(&self, i: usize, u: Unit) -> Option<Found> {
        if i > 0 {
            // "beberapa bulan lalu" is not last month; "1,5 tahun lalu" is a count.
            if self.num(i - 1).is_some() {
                return None;
            }
            let prev = self.slice(i - 1);
            if [
                "beberapa", "sekian", "belasan", "puluhan", "ratusan", "several", "few",
            ]
            .iter()
            .any(|q| prev.eq_ignore_ascii_case(q))
            {
                return None;
            }
        }
        let (n, end) = match self.key(i + 1)? {
            Key::Lalu | Key::Kemarin => (-1, i + 2),
            Key::Depan => (1, i + 2),
            Key::Ini => (0, i + 2),
            Key::Yang if self.is_key(i + 2, Key::Lalu) => (-1, i + 3),
            _ => return None,
        };
        self.shifted(i, end, u, n)
    }

    /// The week, month or year `n` units from the publication's.
    fn shifted(&self, start: usize, end: usize, u: Unit, n: i64) -> Option<Found> {
        let today = self.today?;
        let val = match u {
            Unit::Day => Val::Day(today.checked_add_signed(Duration::days(n))?),
            Unit::Week => Val::Week(today.checked_add_signed(Duration::days(7 * n))?),
            Unit::Month => {
                let total = i64::from(today.year()) * 12 + i64::from(today.month0()) + n;
                Val::Month(total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1)
            }
            Unit::Year => Val::Year(today.year() + n as i32),
        };
        self.found(start, end, val)
    }

    /// "dua hari lalu", "3 hari yang lalu", "sepekan lalu", "two days ago".
    fn counted(&self, i: usize) -> Option<Found> {
        let (n, mut j) = match self.t[i].kind {
            Kind::Num { val, len } => {
                if len > 3 || val == 0 || !self.clean_start(i) {
                    return None;
                }
                (val, i + 1)
            }
            Kind::Word {
                w: Word::Key(Key::Count(c)),
                ..
            } => (u32::from(c), i + 1),
            Kind::Word {
                w: Word::Key(Key::Se(_)),
                ..
            } => (1, i),
            _ => return None,
        };
        let u = match self.key(j)? {
            Key::Unit(u) => u,
            Key::Se(u) => u,
            Key::Hari => Unit::Day,
            Key::Minggu => Unit::Week,
            _ => return None,
        };
        j += 1;
        let end = match self.key(j)? {
            Key::Lalu | Key::Ago => j + 1,
            Key::Yang if self.is_key(j + 1, Key::Lalu) => j + 2,
            _ => return None,
        };
        self.shifted(i, end, u, -i64::from(n))
    }

    // ---- times and zones ------------------------------------------------

    /// A time after a day, at token `j`: "pukul 10.15 WIB", "10:15 AM
    /// GMT+7", "T10:15:00+07:00". An instant when a zone is written, else
    /// the day with the time's tokens taken into the span.
    fn time_after(&self, j: usize, date: NaiveDate) -> Option<(usize, Val)> {
        let mut k = j;
        let iso = self.lower_is(k, "t") && self.adj(k) && self.adj(k + 1);
        let mut prefixed = false;
        if iso {
            k += 1;
        } else {
            if self.punct(k, ',') {
                k += 1;
            }
            if self.is_key(k, Key::PartOfDay) && self.is_key(k + 1, Key::Pukul) {
                k += 1;
            }
            if self.is_key(k, Key::Sekitar) {
                k += 1;
            }
            if self.is_key(k, Key::Pukul) {
                prefixed = true;
                k += 1;
                if self.punct(k, '.') && self.adj(k) {
                    k += 1;
                }
                if self.is_key(k, Key::Sekitar) {
                    k += 1;
                }
            }
        }
        let (h, lh) = self.num(k)?;
        let sep = self.punct_of(k + 1)?;
        if lh > 2 || h > 24 || !matches!(sep, ':' | '.') || !self.adj(k + 1) || !self.adj(k + 2) {
            return None;
        }
        let (mi, lm) = self.num(k + 2)?;
        if lm != 2 || mi > 59 {
            return None;
        }
        k += 3;
        let mut s = 0;
        if self.punct(k, sep) && self.adj(k) && self.adj(k + 1) {
            if let Some((x, 2)) = self.num(k + 1) {
                s = x.min(59);
                k += 2;
            }
        }
        let glued_ok = matches!(self.key(k), Some(Key::Am | Key::Pm))
            || self.lower_is(k, "z")
            || (iso && matches!(self.punct_of(k), Some('+' | '-' | '−')));
        if !self.clean_end(k) && !glued_ok {
            return None;
        }
        let mut hour = h;
        let mut ampm = false;
        if matches!(self.key(k), Some(Key::Am | Key::Pm)) {
            ampm = true;
            if self.is_key(k, Key::Pm) && hour < 12 {
                hour += 12;
            } else if self.is_key(k, Key::Am) && hour == 12 {
                hour = 0;
            }
            k += 1;
        } else if (self.lower_is(k, "a") || self.lower_is(k, "p"))
            && self.punct(k + 1, '.')
            && self.adj(k + 1)
            && self.lower_is(k + 2, "m")
            && self.adj(k + 2)
        {
            ampm = true;
            if self.lower_is(k, "p") && hour < 12 {
                hour += 12;
            } else if self.lower_is(k, "a") && hour == 12 {
                hour = 0;
            }
            k += 3;
            if self.punct(k, '.') && self.adj(k) {
                k += 1;
            }
        }
        if ampm && !(1..=12).contains(&h) {
            return None;
        }
        let time = NaiveTime::from_hms_opt(hour % 24, mi, s)?;
        let zone = self.zone(k, date, iso);
        if !(prefixed || iso || sep == ':' || ampm || zone.is_some()) {
            return None;
        }
        let date = if hour == 24 { date.succ_opt()? } else { date };
        match zone {
            Some((off, end)) => {
                let t = off.from_local_datetime(&date.and_time(time)).single()?;
                Some((end, Val::Instant(t)))
            }
            None => Some((k, Val::Day(date))),
        }
    }

    /// A zone at `k`: "WIB", "(WITA)", "GMT+7", "UTC +08:00", "EDT", and
    /// after an ISO time "Z" or "+07:00".
    fn zone(&self, k: usize, date: NaiveDate, iso: bool) -> Option<(FixedOffset, usize)> {
        if iso && self.adj(k) {
            if self.lower_is(k, "z") {
                return Some((FixedOffset::east_opt(0)?, k + 1));
            }
            if matches!(self.punct_of(k), Some('+' | '-' | '−')) {
                let (off, end) = self.offset_digits(k)?;
                return Some((crate::names::zone_offset(&off, Some(date))?, end));
            }
            return None;
        }
        let paren = self.punct(k, '(');
        let z = if paren { k + 1 } else { k };
        if self.word(z)? != Word::Zone || !self.upper(z) {
            return None;
        }
        let mut name = self.slice(z).to_ascii_lowercase();
        let mut end = z + 1;
        if name == "gmt" || name == "utc" {
            if let Some((off, e)) = self.offset_digits(end) {
                name.push_str(&off);
                end = e;
            }
        }
        if paren {
            if !self.punct(end, ')') {
                return None;
            }
            end += 1;
        }
        Some((crate::names::zone_offset(&name, Some(date))?, end))
    }

    /// `+7`, `+07:00`, `-0500` at `k`, as text for `zone_offset`.
    fn offset_digits(&self, k: usize) -> Option<(String, usize)> {
        let sign = match self.punct_of(k)? {
            '+' => '+',
            '-' | '−' => '-',
            _ => return None,
        };
        let (h, lh) = self.num(k + 1)?;
        if !self.adj(k + 1) || !(lh <= 2 || lh == 4) {
            return None;
        }
        let mut s = format!("{sign}{:0w$}", h, w = lh as usize);
        let mut end = k + 2;
        if lh <= 2 && self.punct(end, ':') && self.adj(end) && self.adj(end + 1) {
            if let Some((m, 2)) = self.num(end + 1) {
                s = format!("{sign}{h:02}{m:02}");
                end += 2;
            }
        }
        if !self.clean_end(end) {
            return None;
        }
        Some((s, end))
    }
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
