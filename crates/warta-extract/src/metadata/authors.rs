//! Authors: from JSON-LD, meta tags, author markup and bylines.

use super::{clean_text, element_text, element_text_within, in_noise, jsonld, loose, Page};
use crate::html::dom::AttrExt;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// Longest byline text worth reading; longer elements are author bios.
const MAX_BYLINE: usize = 200;

pub(super) fn authors(page: &Page) -> Vec<String> {
    let publisher: Vec<String> = [
        page.jsonld.publisher_name(),
        page.meta(&["og:site_name"]),
        page.meta(&["application-name"]),
        page.domain(),
        page.domain().and_then(|d| super::domain_label(&d)),
    ]
    .into_iter()
    .flatten()
    .map(|s| loose(&s))
    .filter(|s| !s.is_empty())
    .collect();

    let sources: [&dyn Fn() -> Vec<String>; 4] = [
        &|| from_jsonld(page),
        &|| from_meta(page),
        &|| from_markup(page),
        &|| from_bylines(page, &publisher),
    ];
    let mut fallback: Vec<String> = Vec::new();
    for source in sources {
        let names = finish(source());
        if names.is_empty() {
            continue;
        }
        // The outlet itself as "author" only counts when nothing better is
        // found anywhere.
        let people: Vec<String> = names
            .iter()
            .filter(|n| !is_publisher(n, &publisher))
            .cloned()
            .collect();
        if !people.is_empty() {
            return people;
        }
        if fallback.is_empty() {
            fallback = names;
        }
    }
    fallback
}

fn is_publisher(name: &str, publisher: &[String]) -> bool {
    let l = loose(name);
    publisher.iter().any(|p| {
        l == *p
            || (p.len() >= 4 && l.len() >= 4 && (p.starts_with(&l) || l.starts_with(p.as_str())))
    })
}

fn from_jsonld(page: &Page) -> Vec<String> {
    let Some(article) = page.jsonld.article() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["author", "creator"] {
        if let Some(v) = article.get(key) {
            collect_names(page, v, &mut out, 0);
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

fn collect_names(page: &Page, v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 3 || out.len() > 50 {
        return;
    }
    match v {
        Value::String(s) => {
            let s = super::decode_entities(s);
            if !looks_like_url(&s) {
                out.extend(split_names(&s));
            }
        }
        Value::Array(items) => {
            for i in items {
                collect_names(page, i, out, depth + 1);
            }
        }
        Value::Object(_) => {
            let node = page.jsonld.resolve(v);
            let name = jsonld::str_field(node, "name").or_else(|| {
                let given = jsonld::str_field(node, "givenName")?;
                let family = jsonld::str_field(node, "familyName").unwrap_or_default();
                Some(format!("{given} {family}"))
            });
            if let Some(n) = name {
                if !looks_like_url(&n) {
                    out.extend(split_names(&n));
                }
            }
        }
        _ => {}
    }
}

fn from_meta(page: &Page) -> Vec<String> {
    for key in [
        "author",
        "article:author",
        "article:author_name",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "sailthru.author",
        "parsely-author",
        "cxenseparse:author",
        "citation_author",
        "twitter:data1",
    ] {
        let vals: Vec<String> = page
            .meta_all(key)
            .filter(|v| !looks_like_url(v))
            .filter(|_| {
                key != "twitter:data1"
                    || page
                        .meta(&["twitter:label1"])
                        .is_some_and(|l| is_author_label(&l))
            })
            .flat_map(split_names)
            .collect();
        if !vals.is_empty() {
            return vals;
        }
    }
    Vec::new()
}

fn is_author_label(l: &str) -> bool {
    let l = l.to_lowercase();
    ["written by", "author", "autor", "penulis", "by"]
        .iter()
        .any(|k| l.contains(k))
}

/// `rel=author` links and `itemprop=author` elements.
fn from_markup(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    for el in page.with_token("itemprop", &["author", "creator"]) {
        if in_noise(el) {
            continue;
        }
        let name = el
            .select(sel!("[itemprop~=name]"))
            .next()
            .map(|n| {
                n.value()
                    .attr_fast("content")
                    .map(clean_text)
                    .unwrap_or_else(|| element_text(n))
            })
            .or_else(|| el.value().attr_fast("content").map(clean_text))
            .unwrap_or_else(|| element_text(el));
        if name.len() <= MAX_BYLINE && !looks_like_url(&name) {
            out.extend(split_names(&name));
        }
    }
    if out.is_empty() {
        for el in page.named("a").filter(|a| a.value().rel_has("author")) {
            if in_noise(el) {
                continue;
            }
            let name = element_text(el);
            if name.len() <= MAX_BYLINE {
                out.extend(split_names(&name));
            }
        }
    }
    out
}

/// Byline elements and "By X" / "Penulis: X" lines.
fn from_bylines(page: &Page, publisher: &[String]) -> Vec<String> {
    for &el in &page.elements {
        let v = el.value();
        let (class, id) = (v.attr_fast("class"), v.attr_fast("id"));
        // Most elements have a class or id; test them before allocating.
        let names_author = |a: Option<&str>| {
            a.is_some_and(|a| {
                ["byline", "author", "autor", "penulis"]
                    .iter()
                    .any(|k| crate::textutil::contains_ascii_ci(a, k))
            })
        };
        if !names_author(class) && !names_author(id) {
            continue;
        }
        let attrs = format!(
            "{} {}",
            v.attr_fast("class").unwrap_or(""),
            v.attr_fast("id").unwrap_or("")
        )
        .to_ascii_lowercase();
        if !(attrs.contains("byline")
            || attrs.contains("author")
            || attrs.contains("autor")
            || attrs.contains("penulis"))
        {
            continue;
        }
        if [
            "bio", "contact", "share", "links", "count", "avatar", "image", "img", "photo",
            "follow", "social", "box", "more",
        ]
        .iter()
        .any(|w| attrs.contains(w))
        {
            continue;
        }
        let Some(text) = element_text_within(el, MAX_BYLINE).filter(|t| !t.is_empty()) else {
            continue;
        };
        if in_noise(el) {
            continue;
        }
        let names = split_names(&text);
        if names.iter().any(|n| !is_publisher(n, publisher)) {
            return names;
        }
    }
    // Labelled lines ("By X", "von X", "Penulis: X") in short elements.
    const BYLINE_ELEMENTS: [&str; 10] = [
        "p", "span", "div", "li", "strong", "em", "b", "small", "address", "td",
    ];
    for el in page
        .elements
        .iter()
        .copied()
        .filter(|e| BYLINE_ELEMENTS.contains(&e.value().name()))
        .take(20_000)
    {
        // Most elements do not start with a label: passed over before
        // their text is copied.
        if !starts_like_label(el) {
            continue;
        }
        // Only the innermost element holding the whole label and name.
        let Some(text) = element_text_within(el, MAX_BYLINE).filter(|t| t.len() >= 4) else {
            continue;
        };
        if let Some(c) = label_re().captures(&text).filter(|_| !in_noise(el)) {
            let names = split_names(&c[1]);
            if names.iter().any(|n| !is_publisher(n, publisher)) {
                return names;
            }
        }
    }
    Vec::new()
}

/// Whether the element's text may open with a [`label_re`] word: its first
/// text with letters starts with one of the words' first two letters.
fn starts_like_label(el: scraper::ElementRef) -> bool {
    const STARTS: [&str; 10] = ["by", "vo", "ol", "pe", "re", "wa", "wr", "te", "po", "pa"];
    for node in el.descendants() {
        if let Some(e) = node.value().as_element() {
            if matches!(e.name(), "script" | "style" | "noscript" | "template") {
                // Their text is no part of the element's (see element_text).
                return true;
            }
            continue;
        }
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let t = t.trim_start_matches(|c: char| {
            c.is_whitespace() || c.is_control() || super::is_invisible(c)
        });
        if t.is_empty() {
            continue;
        }
        let head: String = t.chars().take(2).flat_map(char::to_lowercase).collect();
        return STARTS.contains(&head.as_str());
    }
    false
}

fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?i:by|von|oleh|penulis|reporter|wartawan|written by|text|texto|por|par)\s*:?\s+(\p{Lu}.{2,80})$")
            .unwrap()
    })
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("www.")
        || s.starts_with('/')
}

fn role_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:editor|editors|redaktur|penyunting|fotografer|photographer|foto|photo|photos|video|kamera|camera|illustration|ilustrasi|grafik|graphics|sumber|source|quelle|bild)\s*:",
        )
        .unwrap()
    })
}

/// Splits a byline into names, dropping labels, roles and contacts.
pub(super) fn split_names(text: &str) -> Vec<String> {
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?:written\s+|reported\s+|story\s+|text\s+|ein\s+(?:kommentar|gastbeitrag|interview)\s+)?(?:by|von|oleh|por|par|di|av|door|af)\b\s*:?|(?:penulis|reporter|wartawan|kontributor|author|autor|autorin|authors|text|texto|verfasst\s+von)\s*:)\s*").unwrap()
    });
    let split = SPLIT.get_or_init(|| {
        Regex::new(r"(?i)\s+(?:and|und|dan|&|y|et|e|og|och|en|und\s+von)\s+|\s*[,;/|&•·]\s*|\s+-\s+|\s+–\s+").unwrap()
    });
    let email = EMAIL.get_or_init(|| Regex::new(r"\S+@\S+\.\S+|\(@?\w+\)|@\w+").unwrap());
    let tail = TAIL.get_or_init(|| {
        Regex::new(r"\s*[\(\[].*?[\)\]]\s*|\s+(?:in|aus|from)\s+\p{Lu}\S*(?:\s+\p{Lu}\S*)?$|\s*(?:기자|특파원|記者|特派員)")
            .unwrap()
    });

    let text = clean_text(text);
    if text.is_empty() || role_re().is_match(&text) {
        return Vec::new();
    }
    // A byline may run on into the date or an "Editor:" part: cut there.
    let mut t = text;
    for stop in [
        "Editor:",
        "Editor :",
        "Redaktur:",
        "Penyunting:",
        "Updated",
        "Published",
        "Diperbarui",
        "Aktualisiert",
        "Veröffentlicht",
        "Foto:",
        "Photo:",
    ] {
        if let Some(i) = t.find(stop) {
            t.truncate(i);
        }
    }
    let t = email.replace_all(&t, " ");
    let t = prefix.replace(t.trim(), "");
    let t = tail.replace_all(&t, " ");
    let mut out = Vec::new();
    for part in split.split(&t) {
        let p = prefix.replace(part.trim(), "");
        let p = p
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
            .trim_end_matches('.')
            .trim();
        if plausible_name(p) {
            out.push(p.to_string());
        }
    }
    out
}

fn plausible_name(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if p.is_empty() || words > 5 || p.chars().count() > 60 || p.chars().count() < 2 {
        return false;
    }
    if p.chars().any(|c| c.is_ascii_digit()) || looks_like_url(p) {
        return false;
    }
    if !p.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return false;
    }
    // Role words and connectors that are not names.
    let lower = p.to_lowercase();
    const NOT_NAMES: &[&str] = &[
        "editor",
        "reporter",
        "penulis",
        "redaktur",
        "staff",
        "staff writer",
        "contributor",
        "correspondent",
        "senior",
        "writer",
        "admin",
        "administrator",
        "author",
        "autor",
        "unknown",
        "anonymous",
        "redaktion",
        "more",
        "mehr",
        "and",
        "und",
        "dan",
        "updated",
        "published",
        "share",
        "teilen",
        "follow",
        "folgen",
        "view all posts",
        "posts",
        "twitter",
        "facebook",
        "instagram",
        "email",
        "e-mail",
        "kontak",
        "contact",
        "in",
        "at",
        "the",
        "von",
        "by",
        "oleh",
        "twitter facebook",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "today",
        "heute",
        "gestern",
        "yesterday",
    ];
    if NOT_NAMES.contains(&lower.as_str()) {
        return false;
    }
    if lower.starts_with("mehr ")
        || lower.starts_with("more ")
        || lower.starts_with("alle ")
        || lower.starts_with("all ")
    {
        return false;
    }
    true
}

/// Cleans, deduplicates and caps a list of names.
fn finish(names: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for n in names {
        let n = clean_text(&n);
        let key = loose(&n);
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(n);
        if out.len() >= 20 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_bylines() {
        assert_eq!(
            split_names("By John Smith and Jane Doe"),
            vec!["John Smith", "Jane Doe"]
        );
        assert_eq!(split_names("Penulis: Ahmad Rizki"), vec!["Ahmad Rizki"]);
        assert!(split_names("Editor: Budi").is_empty());
        assert_eq!(
            split_names("Ani, Budi & Citra"),
            vec!["Ani", "Budi", "Citra"]
        );
        assert_eq!(split_names("Von Anna Müller"), vec!["Anna Müller"]);
        assert_eq!(split_names("Rina (rina@example.com)"), vec!["Rina"]);
    }
}
