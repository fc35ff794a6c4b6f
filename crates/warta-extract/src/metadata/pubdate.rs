//! Publication and modification dates of a page.
//!
//! Sources are tried from the most machine-readable (JSON-LD, meta tags) to
//! the least (URL, visible datelines). A time written without an offset is
//! given the offset the page uses elsewhere, if any.

use super::{element_text, jsonld, Page};
use crate::dates::{parse_date_parts, DateParts, DateValue, NumericOrder};
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
            r"(?i)(updated?|diperbarui|diupdate|pembaruan|aktualisiert|aktualisierung|zuletzt|geändert|modifi|last edit|mis à jour|actualizado|actualización|aggiornat|bijgewerkt|oppdatert|uppdaterad|opdateret|güncelleme)",
        )
        .unwrap()
    })
}

/// `(published, modified)` as output strings.
pub(super) fn dates(page: &Page) -> (Option<String>, Option<String>) {
    let offset = page_offset(page);
    let published = published(page, offset).map(|v| v.to_output());
    let modified = modified(page, offset).map(|v| v.to_output());
    (published, modified)
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
    for t in page.doc.select(sel!("time[datetime]")).take(20) {
        texts.extend(t.value().attr("datetime").map(str::to_string));
    }
    texts
        .iter()
        .filter_map(|t| parse(t))
        .find_map(|p| p.time.and(p.offset))
}

fn published(page: &Page, offset: Option<FixedOffset>) -> Option<DateValue> {
    let value = |p: DateParts| p.to_value_with_offset(offset);
    // JSON-LD: the article's, else any node's.
    if let Some(a) = page.jsonld.article() {
        for k in ["datePublished", "dateCreated"] {
            if let Some(p) = jsonld::str_field(a, k).and_then(|s| parse(&s)) {
                return Some(value(p));
            }
        }
    }
    if let Some(p) = page
        .jsonld
        .nodes()
        .filter_map(|n| jsonld::str_field(n, "datePublished"))
        .find_map(|s| parse(&s))
    {
        return Some(value(p));
    }
    // Meta tags, in the order of the list.
    for k in PUBLISHED_META {
        if let Some(p) = page.meta_all(k).find_map(parse) {
            return Some(value(p));
        }
    }
    // Elements marked as the publication date.
    if let Some(p) = marked_elements(page) {
        return Some(value(p));
    }
    if let Some(p) = time_elements(page) {
        return Some(value(p));
    }
    if let Some(d) = url_date(page) {
        return Some(DateValue::Day(d));
    }
    visible_dateline(page).map(value)
}

fn modified(page: &Page, offset: Option<FixedOffset>) -> Option<DateValue> {
    let value = |p: DateParts| p.to_value_with_offset(offset);
    if let Some(p) = page
        .jsonld
        .article()
        .and_then(|a| jsonld::str_field(a, "dateModified"))
        .and_then(|s| parse(&s))
    {
        return Some(value(p));
    }
    for k in MODIFIED_META {
        if let Some(p) = page.meta_all(k).find_map(parse) {
            return Some(value(p));
        }
    }
    page.doc
        .select(sel!("[itemprop~=dateModified]"))
        .find_map(|el| date_of_element(el))
        .map(value)
}

/// `itemprop=datePublished` and `pubdate` markup outside `<meta>`.
fn marked_elements(page: &Page) -> Option<DateParts> {
    page.doc
        .select(sel!("[itemprop~=datePublished], [itemprop~=dateCreated], time[pubdate], [property~=datePublished]"))
        .filter(|el| !in_noise(*el))
        .find_map(date_of_element)
}

fn date_of_element(el: ElementRef) -> Option<DateParts> {
    let v = el.value();
    for attr in ["datetime", "content", "title", "data-datetime", "data-date"] {
        if let Some(p) = v.attr(attr).and_then(parse) {
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
    for el in page.doc.select(sel!("time")).take(200) {
        if in_noise(el) || is_update(el) {
            continue;
        }
        let Some(p) = date_of_element(el) else {
            continue;
        };
        let in_article = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
            matches!(a.value().name(), "article" | "header" | "main")
                || a.value().attr("class").is_some_and(|c| {
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
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or(""),
        v.attr("itemprop").unwrap_or("")
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

fn in_noise(el: ElementRef) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take(15)
        .any(|a| {
            let v = a.value();
            if matches!(v.name(), "footer" | "aside" | "nav") {
                return true;
            }
            let attrs = format!(
                "{} {}",
                v.attr("class").unwrap_or(""),
                v.attr("id").unwrap_or("")
            )
            .to_ascii_lowercase();
            [
                "comment",
                "related",
                "teaser",
                "recommend",
                "sidebar",
                "footer",
                "widget",
                "popular",
            ]
            .iter()
            .any(|w| attrs.contains(w))
        })
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
            if seps == 0 && whole.chars().filter(|ch| ch.is_ascii_digit()).count() != 8 {
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
    for el in page.doc.select(sel!("[class], [id]")).take(20_000) {
        let v = el.value();
        if matches!(v.name(), "html" | "body" | "script" | "style" | "head") {
            continue;
        }
        let attrs = format!(
            "{} {}",
            v.attr("class").unwrap_or(""),
            v.attr("id").unwrap_or("")
        );
        if !class_re.is_match(&attrs) || updated_re().is_match(&attrs) || in_noise(el) {
            continue;
        }
        let text = element_text(el);
        if text.is_empty() || text.len() > 250 {
            continue;
        }
        if updated_re().is_match(&text) && !published_label(&text) {
            continue;
        }
        if let Some(p) = parse(&published_part(&text)) {
            return Some(p);
        }
    }
    None
}

fn published_label(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "published",
        "veröffentlicht",
        "diterbitkan",
        "publié",
        "publicado",
        "erschienen",
        "dipublikasikan",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The text without an "Updated ..." part, so that the publication date
/// is the one parsed.
fn published_part(text: &str) -> String {
    match updated_re().find(text) {
        Some(m) if published_label(&text[..m.start()]) || m.start() > 0 => {
            text[..m.start()].to_string()
        }
        Some(m) => {
            // "Updated X, published Y": keep what follows the label.
            let rest = &text[m.end()..];
            let lower = rest.to_lowercase();
            [
                "published",
                "veröffentlicht",
                "diterbitkan",
                "publié",
                "publicado",
                "erschienen",
            ]
            .iter()
            .find_map(|w| {
                lower
                    .find(w)
                    .and_then(|i| rest.get(i..))
                    .map(str::to_string)
            })
            .unwrap_or_default()
        }
        None => text.to_string(),
    }
}
