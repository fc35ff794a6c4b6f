//! Publication and modification dates of a page.
//!
//! Sources are tried from the most machine-readable (JSON-LD, meta tags) to
//! the least (URL, visible datelines). A time written without an offset is
//! given the offset the page uses elsewhere, if any.

use super::{element_text, in_noise, jsonld, own_text, Page};
use crate::dates::{parse_date_parts, DateParts, DateValue, NumericOrder};
use crate::html::dom::AttrExt;
use chrono::FixedOffset;
use regex::Regex;
use scraper::ElementRef;
use std::sync::OnceLock;

const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "article.published",
    "published_time",
    "published-time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "datepublished",
    "date_published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "article:post_date",
    "original-publish-date",
    "publication_date",
    "publication-date",
    "release_date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "displaydate",
    "og:pubdate",
    "date.available",
    "datecreated",
    "created",
    "dc.date",
    "dcterms.date",
    "date",
    "dc:date",
    "dat",
    "content_tier_date",
    "nv:date",
    "pdate",
    "uploaddate",
];

const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "parsely-updated",
];

/// Words that mark a date as an update, not the first publication.
fn updated_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(updated?|diperbarui|diupdate|pembaruan|aktualisiert|aktualisierung|zuletzt|geändert|änderung|modifi|last edit|mis à jour|actualizado|actualización|aggiornat|bijgewerkt|oppdatert|uppdaterad|opdateret|güncelleme)",
        )
        .unwrap()
    })
}

/// `(published, modified)` as output strings.
pub(super) fn dates(page: &Page) -> (Option<String>, Option<String>) {
    let offset = page_offset(page);
    let local = |v: DateValue| to_local(page, offset, v);
    // Each candidate list walks the document: gathered once, used twice.
    let modified_cands = modified_candidates(page);
    let published = published(page, offset, &modified_cands)
        .map(local)
        .map(|v| url_day_wins(page, v))
        .map(|v| v.to_output());
    let modified = modified_cands
        .first()
        .map(|p| p.to_value_with_offset(offset))
        .map(local)
        .map(|v| v.to_output());
    (published, modified)
}

/// A publication time a day off the date in the article's URL, near the
/// turn of the day: the URL's day is the one the newsroom filed it under,
/// in its own calendar. A time in UTC keeps its instant, written in the
/// nearest whole-hour offset (at most 10 hours) that falls on the URL's
/// day; a time in another offset within six hours of midnight was written
/// in the wrong zone, and the URL's day stands alone.
fn url_day_wins(page: &Page, v: DateValue) -> DateValue {
    use chrono::Timelike;
    let DateValue::Instant(t) = v else {
        return v;
    };
    let Some(d) = url_date(page) else {
        return v;
    };
    let diff = (d - t.date_naive()).num_days();
    if diff.abs() != 1 {
        return v;
    }
    if t.offset().local_minus_utc() == 0 {
        let hours = (1..=10).map(|h| h * diff as i32);
        for h in hours {
            let Some(o) = FixedOffset::east_opt(h * 3600) else {
                continue;
            };
            let local = t.with_timezone(&o);
            if local.date_naive() == d {
                return DateValue::Instant(local);
            }
        }
        return v;
    }
    let secs = t.time().num_seconds_from_midnight() as i64;
    let near_turn = if diff > 0 {
        secs >= 18 * 3600
    } else {
        secs < 6 * 3600
    };
    if near_turn {
        DateValue::Day(d)
    } else {
        v
    }
}

/// A time given in UTC, shown in the page's own zone: the offset its other
/// dates use, else the usual zone of its locale. The instant is the same,
/// and the day is the one the page's readers see.
fn to_local(page: &Page, offset: Option<FixedOffset>, v: DateValue) -> DateValue {
    let DateValue::Instant(t) = v else {
        return v;
    };
    // Midnight UTC is usually a bare day stored as a time: keep its day.
    if t.offset().local_minus_utc() != 0 || t.time() == chrono::NaiveTime::MIN {
        return v;
    }
    let target = offset
        .filter(|o| o.local_minus_utc() != 0)
        .or_else(|| locale_offset(page, t.naive_utc()));
    match target {
        // The page's own `<time>` shows the UTC day and not the local one:
        // its readers see UTC, whatever its locale.
        Some(o)
            if shows_day(page, t.date_naive())
                && !shows_day(page, t.with_timezone(&o).date_naive()) =>
        {
            v
        }
        Some(o) => DateValue::Instant(t.with_timezone(&o)),
        None => v,
    }
}

/// Whether the visible text of one of the page's first `<time>` elements
/// names `day`.
fn shows_day(page: &Page, day: chrono::NaiveDate) -> bool {
    page.named("time").take(20).any(|el| {
        let text: String = el.text().collect();
        let text = text.trim();
        !text.is_empty() && text.len() < 80 && parse(text).is_some_and(|p| p.date == day)
    })
}

/// The offset in force at `utc` in the main zone of the page's locale, for
/// the locales where one zone covers most outlets; without a declared
/// language, of the country of the site's domain.
fn locale_offset(page: &Page, utc: chrono::NaiveDateTime) -> Option<FixedOffset> {
    let root = page.doc.root_element().value();
    let tag = [
        root.attr_fast("lang").map(str::to_string),
        page.meta(&["og:locale"]),
        page.meta(&["content-language"]),
    ]
    .into_iter()
    .flatten()
    .find(|t| !t.trim().is_empty());
    let zone = match tag {
        Some(tag) => {
            let tag = tag.to_ascii_lowercase().replace('_', "-");
            let (lang, region) = tag.split_once('-').unwrap_or((&tag, ""));
            locale_zone(lang, region)?
        }
        None => country_domain_zone(page)?,
    };
    let hours = |h: f64| FixedOffset::east_opt((h * 3600.0) as i32);
    match zone {
        Zone::Fixed(h) => hours(h),
        Zone::European(base) => hours(base + if eu_dst(utc) { 1.0 } else { 0.0 }),
        Zone::UsEastern => hours(-5.0 + if us_dst_utc(utc) { 1.0 } else { 0.0 }),
    }
}

/// The main time zone of a locale or country.
enum Zone {
    /// No summer time: hours east of UTC.
    Fixed(f64),
    /// Standard time this many hours east of UTC, with EU summer time.
    European(f64),
    UsEastern,
}

/// Region-specific first, then language.
fn locale_zone(lang: &str, region: &str) -> Option<Zone> {
    Some(match (lang, region) {
        ("en", "us") => Zone::UsEastern,
        ("en", "gb" | "ie" | "uk") | ("pt", "pt") => Zone::European(0.0),
        ("en", "in") | ("hi", _) => Zone::Fixed(5.5),
        ("en", "au") => Zone::Fixed(10.0),
        ("en", "sg" | "my" | "ph") => Zone::Fixed(8.0),
        ("en", "za") => Zone::Fixed(2.0),
        ("pt", "br") => Zone::Fixed(-3.0),
        ("es", "es") | ("es", "") => Zone::European(1.0),
        (
            "de" | "fr" | "it" | "nl" | "pl" | "cs" | "da" | "sv" | "no" | "nb" | "nn" | "hu"
            | "sk" | "sl" | "hr" | "sr" | "bs",
            _,
        ) => Zone::European(1.0),
        ("el" | "fi" | "ro" | "bg" | "et" | "lv" | "lt" | "uk", _) => Zone::European(2.0),
        ("ru" | "tr", _) => Zone::Fixed(3.0),
        ("id", _) => Zone::Fixed(7.0),
        ("ja" | "ko", _) => Zone::Fixed(9.0),
        ("zh", "tw" | "hk" | "cn" | "") => Zone::Fixed(8.0),
        _ => return None,
    })
}

/// The zone of the country whose domain the site is under (`.it`, `.at`).
fn country_domain_zone(page: &Page) -> Option<Zone> {
    let host = page.any_url()?.host_str()?.to_ascii_lowercase();
    Some(match host.rsplit('.').next()? {
        "it" | "de" | "fr" | "nl" | "pl" | "cz" | "dk" | "se" | "no" | "hu" | "sk" | "si"
        | "hr" | "rs" | "at" | "ch" | "be" | "lu" | "es" => Zone::European(1.0),
        "uk" | "ie" | "pt" => Zone::European(0.0),
        "gr" | "fi" | "ro" | "bg" | "ee" | "lv" | "lt" | "ua" => Zone::European(2.0),
        "ru" | "tr" => Zone::Fixed(3.0),
        "id" => Zone::Fixed(7.0),
        "jp" | "kr" => Zone::Fixed(9.0),
        "cn" | "tw" | "hk" | "sg" | "my" | "ph" => Zone::Fixed(8.0),
        "in" => Zone::Fixed(5.5),
        "br" => Zone::Fixed(-3.0),
        "za" => Zone::Fixed(2.0),
        _ => return None,
    })
}

/// EU summer time: last Sunday of March to last Sunday of October, 01:00 UTC.
fn eu_dst(utc: chrono::NaiveDateTime) -> bool {
    use chrono::Datelike;
    let last_sunday = |month: u32| {
        (25..=31)
            .rev()
            .filter_map(|d| chrono::NaiveDate::from_ymd_opt(utc.year(), month, d))
            .find(|d| d.weekday() == chrono::Weekday::Sun)
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(s), Some(e)) => {
            let start = s.and_hms_opt(1, 0, 0);
            let end = e.and_hms_opt(1, 0, 0);
            matches!((start, end), (Some(a), Some(b)) if utc >= a && utc < b)
        }
        _ => false,
    }
}

/// US daylight time, at 07:00 UTC on the switching Sundays (close enough
/// for choosing a day).
fn us_dst_utc(utc: chrono::NaiveDateTime) -> bool {
    use chrono::Datelike;
    let nth_sunday = |month: u32, n: u8| {
        chrono::NaiveDate::from_weekday_of_month_opt(utc.year(), month, chrono::Weekday::Sun, n)
            .and_then(|d| d.and_hms_opt(7, 0, 0))
    };
    matches!((nth_sunday(3, 2), nth_sunday(11, 1)), (Some(a), Some(b)) if utc >= a && utc < b)
}

fn parse(s: &str) -> Option<DateParts> {
    parse_date_parts(s, NumericOrder::DayFirst)
}

/// The offset the page writes its times in, from its machine-readable dates.
fn page_offset(page: &Page) -> Option<FixedOffset> {
    let mut texts: Vec<String> = Vec::new();
    if let Some(a) = page.jsonld.article() {
        for k in ["datePublished", "dateModified", "dateCreated", "uploadDate"] {
            texts.extend(jsonld::str_field(a, k));
        }
    }
    for k in PUBLISHED_META.iter().chain(MODIFIED_META) {
        texts.extend(page.meta_all(k).map(str::to_string));
    }
    for t in page
        .named("time")
        .filter(|t| t.value().attr_fast("datetime").is_some())
        .take(20)
    {
        texts.extend(t.value().attr_fast("datetime").map(str::to_string));
    }
    let offsets: Vec<FixedOffset> = texts
        .iter()
        .filter_map(|t| parse(t))
        .filter_map(|p| p.time.and(p.offset))
        .collect();
    // A zone other than UTC says more about the page than UTC does.
    offsets
        .iter()
        .find(|o| o.local_minus_utc() != 0)
        .or(offsets.first())
        .copied()
}

/// Meta keys that name the publication time itself; the others (`date`,
/// `dc.date`, `created`, ...) are often the page's build or update time.
const STRONG_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
];

fn published(
    page: &Page,
    offset: Option<FixedOffset>,
    modified_cands: &[DateParts],
) -> Option<DateValue> {
    let value = |p: DateParts| p.to_value_with_offset(offset);
    let header_time = time_elements(page);
    let machine = published_candidates(page, header_time);
    let visible = header_time
        .or_else(|| visible_dateline(page))
        .or_else(|| text_scan(page));
    // The date a reader sees settles disagreements between the page's
    // machine-readable dates (a stale datePublished, a modified time sold
    // as the publication time): take the machine date of that day.
    if let Some(v) = visible {
        // A precise first choice a day off is more likely right than the
        // page's print-issue or update line.
        let precise_near = machine.first().is_some_and(|(m, _)| {
            m.time.is_some() && m.offset.is_some() && (m.date - v.date).num_days().abs() <= 1
        });
        // A <time> element is itself a machine date: it only overrules the
        // generic ones.
        let time_vs_strong =
            header_time.is_some() && machine.first().is_some_and(|(_, strong)| *strong);
        if !precise_near && !time_vs_strong && machine.iter().any(|(m, _)| m.date != v.date) {
            let pick = machine
                .iter()
                .map(|(m, _)| m)
                .chain(modified_cands.iter())
                .find(|m| m.date == v.date)
                .copied();
            if let Some(p) = pick {
                return Some(value(p));
            }
            // Only generic meta dates (often the build or crawl time)
            // against a date the reader sees: the visible one wins.
            if machine.iter().all(|(_, strong)| !strong) {
                return Some(value(v));
            }
        }
    }
    if let Some((p, _)) = machine.first() {
        return Some(value(*p));
    }
    if let Some(d) = url_date(page) {
        return Some(DateValue::Day(d));
    }
    visible.map(value)
}

/// Machine-readable publication dates, most trusted first, each with
/// whether its source names the publication time specifically.
fn published_candidates(page: &Page, header_time: Option<DateParts>) -> Vec<(DateParts, bool)> {
    let mut out = Vec::new();
    // JSON-LD: the article's, else any node's.
    if let Some(a) = page.jsonld.article() {
        for k in ["datePublished", "dateCreated", "uploadDate"] {
            out.extend(
                jsonld::str_field(a, k)
                    .and_then(|s| parse(&s))
                    .map(|p| (p, true)),
            );
        }
    }
    out.extend(
        page.jsonld
            .nodes()
            .filter_map(|n| jsonld::str_field(n, "datePublished"))
            .filter_map(|s| parse(&s))
            .take(5)
            .map(|p| (p, true)),
    );
    // Meta tags, in the order of the list.
    for k in PUBLISHED_META {
        out.extend(
            page.meta_all(k)
                .find_map(parse)
                .map(|p| (p, STRONG_META.contains(k))),
        );
    }
    // Elements marked as the publication date.
    out.extend(marked_elements(page).map(|p| (p, true)));
    out.extend(header_time.map(|p| (p, false)));
    out
}

fn modified_candidates(page: &Page) -> Vec<DateParts> {
    let mut out = Vec::new();
    out.extend(
        page.jsonld
            .article()
            .and_then(|a| jsonld::str_field(a, "dateModified"))
            .and_then(|s| parse(&s)),
    );
    for k in MODIFIED_META {
        out.extend(page.meta_all(k).find_map(parse));
    }
    out.extend(
        page.with_token("itemprop", &["dateModified"])
            .find_map(date_of_element),
    );
    out
}

/// Elements with at most this many nodes inside are read as one text.
const SMALL_ELEMENT: usize = 24;

/// The date nearest the headline among `(document index, date)` pairs;
/// after it on a tie. Without a headline, the first.
fn nearest_h1(
    cands: &[(usize, DateParts)],
    h1_index: impl FnOnce() -> Option<usize>,
) -> Option<DateParts> {
    // The headline is looked up only when there is a choice to make.
    if cands.len() < 2 {
        return cands.first().map(|c| c.1);
    }
    let Some(h) = h1_index() else {
        return cands.first().map(|c| c.1);
    };
    cands
        .iter()
        .min_by_key(|(i, _)| {
            if *i >= h {
                (i - h) * 2
            } else {
                (h - i) * 2 + 1
            }
        })
        .map(|c| c.1)
}

/// Index of the article's `<h1>` among the body's descendants: the one
/// that reads like the title, else the first.
fn h1_index(page: &Page) -> Option<usize> {
    let body = page.body()?;
    let key = page
        .title
        .as_deref()
        .map(super::loose)
        .filter(|k| !k.is_empty());
    let mut first = None;
    for (i, n) in body.descendants().take(200_000).enumerate() {
        let Some(el) = ElementRef::wrap(n) else {
            continue;
        };
        if el.value().name() != "h1" {
            continue;
        }
        if first.is_none() {
            first = Some(i);
        }
        let Some(k) = &key else {
            break;
        };
        let text = super::loose(&element_text(el));
        if text.chars().count() >= 8 && (text.contains(k.as_str()) || k.contains(&text)) {
            return Some(i);
        }
    }
    first
}

/// The last resort: a date written in the page's text, the one nearest the
/// headline.
fn text_scan(page: &Page) -> Option<DateParts> {
    let body = page.body()?;
    let mut cands: Vec<(usize, DateParts)> = Vec::new();
    let mut noisy: Option<DateParts> = None;
    for (n, node) in body.descendants().enumerate() {
        if n > 200_000 || cands.len() > 50 {
            break;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if matches!(
            el.value().name(),
            "script" | "style" | "noscript" | "template" | "select" | "option" | "textarea"
        ) {
            continue;
        }
        // Elements that write something with a digit themselves; their
        // whole text when short (a date split over tags), else their own.
        // Checked before any text is copied: most elements hold no digit.
        if !has_digit_text(el.children()) {
            continue;
        }
        let own = own_text(el);
        let small = el.descendants().take(SMALL_ELEMENT + 1).count() <= SMALL_ELEMENT;
        let text = if small { element_text(el) } else { own };
        // In long text only a leading dateline counts ("Karlsruhe,
        // 12.11.2021 – ...").
        let text = if text.len() > 300 {
            text.chars().take(40).collect()
        } else {
            text
        };
        if text.len() < 6 || !has_year(&text) {
            continue;
        }
        if updated_re().is_match(&text) && !published_label(&text) {
            continue;
        }
        if let Some(p) = parse(&published_part(&text)) {
            // Teasers and footers only when nothing else has a date.
            if in_noise(el) {
                if noisy.is_none() {
                    noisy = Some(p);
                }
                continue;
            }
            cands.push((n, p));
        }
    }
    nearest_h1(&cands, || h1_index(page)).or(noisy)
}

/// Whether one of the text nodes among `nodes` has a digit.
fn has_digit_text<'a>(
    mut nodes: impl Iterator<Item = ego_tree::NodeRef<'a, scraper::Node>>,
) -> bool {
    nodes.any(|n| {
        n.value()
            .as_text()
            .is_some_and(|t| t.bytes().any(|b| b.is_ascii_digit()))
    })
}

/// Whether the text holds a year: four digits in a row, or a numeric date
/// with a two-digit year.
fn has_year(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2}").unwrap());
    re.is_match(s)
}

/// `itemprop=datePublished` and `pubdate` markup outside `<meta>`.
fn marked_elements(page: &Page) -> Option<DateParts> {
    page.elements
        .iter()
        .copied()
        .filter(|el| {
            let v = el.value();
            v.has_word("itemprop", &["datePublished", "dateCreated"])
                || (v.name() == "time" && v.attr_fast("pubdate").is_some())
                || v.has_word("property", &["datePublished"])
        })
        .filter(|el| !in_noise(*el))
        .find_map(date_of_element)
}

fn date_of_element(el: ElementRef) -> Option<DateParts> {
    let v = el.value();
    for attr in ["datetime", "content", "title", "data-datetime", "data-date"] {
        if let Some(p) = v.attr_fast(attr).and_then(parse) {
            return Some(p);
        }
    }
    let text = element_text(el);
    (text.len() < 200).then(|| parse(&text)).flatten()
}

/// `<time>` elements: the first one in the article header that is not an
/// update time.
fn time_elements(page: &Page) -> Option<DateParts> {
    let mut first_any: Option<DateParts> = None;
    for el in page.named("time").take(200) {
        if in_noise(el) || is_update(el) {
            continue;
        }
        let Some(p) = date_of_element(el) else {
            continue;
        };
        let in_article = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
            matches!(a.value().name(), "article" | "header" | "main")
                || a.value().attr_fast("class").is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("article")
                        || c.contains("post")
                        || c.contains("entry")
                        || c.contains("meta")
                })
        });
        if in_article {
            return Some(p);
        }
        if first_any.is_none() {
            first_any = Some(p);
        }
    }
    first_any
}

/// Whether the element or its label says "updated".
fn is_update(el: ElementRef) -> bool {
    let v = el.value();
    let attrs = format!(
        "{} {} {}",
        v.attr_fast("class").unwrap_or(""),
        v.attr_fast("id").unwrap_or(""),
        v.attr_fast("itemprop").unwrap_or("")
    );
    if updated_re().is_match(&attrs) {
        return true;
    }
    // The label right before the time, inside its parent.
    if let Some(parent) = el.parent().and_then(ElementRef::wrap) {
        let text = element_text(parent);
        if text.len() < 200 {
            if let Some(own) = Some(element_text(el)).filter(|t| !t.is_empty()) {
                if let Some(i) = text.find(&own) {
                    let before = &text[..i];
                    let tail: String = before
                        .chars()
                        .rev()
                        .take(25)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    return updated_re().is_match(&tail);
                }
            }
        }
    }
    false
}

/// `/2023/09/14/` and similar in the page or canonical URL.
fn url_date(page: &Page) -> Option<chrono::NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2]|[1-9])[/_.-]?(0[1-9]|[12]\d|3[01]|[1-9])(?:[/_.-]|$)")
            .unwrap()
    });
    for u in [page.url.as_ref(), page.canonical.as_ref()]
        .into_iter()
        .flatten()
    {
        let path = u.path();
        for c in re.captures_iter(path) {
            // Compact forms need all eight digits; separated forms may drop zeros.
            let whole = c.get(0)?.as_str();
            let seps = whole[1..whole.len() - 1]
                .chars()
                .filter(|ch| !ch.is_ascii_digit())
                .count();
            let compact = seps == 0 && whole.chars().filter(|ch| ch.is_ascii_digit()).count() == 8;
            if !compact && seps != 2 {
                continue;
            }
            let y: i32 = c[1].parse().ok()?;
            let m: u32 = c[2].parse().ok()?;
            let d: u32 = c[3].parse().ok()?;
            if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
                return Some(date);
            }
        }
    }
    None
}

/// A visible dateline: an element whose class or id says "date" or
/// "time", else the first date in the text near the headline.
fn visible_dateline(page: &Page) -> Option<DateParts> {
    static CLASS: OnceLock<Regex> = OnceLock::new();
    let class_re = CLASS.get_or_init(|| {
        Regex::new(r"(?i)date|time|publish|posted|dateline|byline|datum|tanggal|waktu|zeit|fecha|data|meta|info|stand")
            .unwrap()
    });
    let body = page.body()?;
    let mut cands: Vec<(usize, DateParts)> = Vec::new();
    for (n, node) in body.descendants().enumerate() {
        if n > 200_000 || cands.len() > 30 {
            break;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        if matches!(
            v.name(),
            "script" | "style" | "head" | "noscript" | "template"
        ) {
            continue;
        }
        // The class pattern has no spaces: it matches "class id" when it
        // matches one of them, which spares most elements the copy.
        let (class, id) = (
            v.attr_fast("class").unwrap_or(""),
            v.attr_fast("id").unwrap_or(""),
        );
        if !(class_re.is_match(class) || class_re.is_match(id)) {
            continue;
        }
        if el.descendants().take(60).count() >= 60 {
            continue;
        }
        // A date has digits: most matching elements (menus, info boxes)
        // have none and are passed over before any text is copied.
        if !has_digit_text(el.descendants()) {
            continue;
        }
        let attrs = format!("{class} {id}");
        if updated_re().is_match(&attrs) {
            continue;
        }
        let text = element_text(el);
        if text.is_empty() || text.len() > 250 || !has_year(&text) {
            continue;
        }
        if updated_re().is_match(&text) && !published_label(&text) {
            continue;
        }
        if in_noise(el) {
            continue;
        }
        if let Some(p) = parse(&published_part(&text)) {
            cands.push((n, p));
        }
    }
    nearest_h1(&cands, || h1_index(page))
}

/// Words that label a publication date, in the languages of our pages.
const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "veröffentlicht",
    "diterbitkan",
    "publié",
    "publicado",
    "erschienen",
    "dipublikasikan",
    "erstellt",
];

fn published_label(text: &str) -> bool {
    let t = text.to_lowercase();
    PUBLISHED_LABELS.iter().any(|w| t.contains(w))
}

/// The text without an "Updated ..." part, so that the publication date
/// is the one parsed.
fn published_part(text: &str) -> String {
    let lower = text.to_lowercase();
    // "Updated X, published Y" or "Letzte Änderung X, Erschienen am Y":
    // read from the publication label on, up to a later update label.
    if lower.len() == text.len() {
        if let Some(i) = PUBLISHED_LABELS.iter().filter_map(|w| lower.find(w)).min() {
            let rest = &text[i..];
            return match updated_re().find(rest) {
                Some(m) => rest[..m.start()].to_string(),
                None => rest.to_string(),
            };
        }
    }
    match updated_re().find(text) {
        Some(m) => text[..m.start()].to_string(),
        None => text.to_string(),
    }
}
