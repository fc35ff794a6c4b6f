//! Page metadata: title, dates, authors, description, site name, language.
//!
//! Every field is read from several sources (JSON-LD, meta tags, markup,
//! visible text) with general rules only: no per-site code.

/// The registrable label of a host: "kompas" of "nasional.kompas.com",
/// "bbc" of "bbc.co.uk".
pub(crate) fn domain_label(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    let mut i = labels.len() - 2;
    if i > 0
        && matches!(
            labels[i],
            "co" | "com"
                | "ac"
                | "or"
                | "go"
                | "net"
                | "org"
                | "gov"
                | "web"
                | "sch"
                | "my"
                | "biz"
        )
    {
        i -= 1;
    }
    Some(labels[i].to_string())
}

/// A selector compiled once per call site.
macro_rules! sel {
    ($css:expr) => {{
        static SEL: std::sync::OnceLock<scraper::Selector> = std::sync::OnceLock::new();
        SEL.get_or_init(|| scraper::Selector::parse($css).expect("valid selector"))
    }};
}

mod authors;
mod jsonld;
mod pubdate;
mod title;

use crate::html::dom::AttrExt;
use jsonld::JsonLd;
use scraper::{ElementRef, Html};
use url::Url;

/// What the page says about itself, apart from the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    /// `<link rel=canonical>` or `og:url`, resolved against the page URL.
    pub canonical_url: Option<String>,
    /// The caption JSON-LD gives the article's picture, with the picture's
    /// URL when it is stated.
    pub image_caption: Option<(Option<String>, String)>,
}

/// Reads the metadata of a parsed page.
pub fn extract_metadata(doc: &Html, url: Option<&Url>) -> Metadata {
    let mut page = Page::new(doc, url);
    let site = site_name(&page);
    let lang = language(&page);
    let title = title::title(&page);
    page.title = title.clone();
    let (published, modified) = pubdate::dates(&page);
    let authors = authors::authors(&page);
    let description = page
        .meta(&[
            "og:description",
            "description",
            "twitter:description",
            "dc.description",
        ])
        .or_else(|| {
            page.jsonld
                .article()
                .and_then(|a| jsonld::str_field(a, "description"))
        });
    Metadata {
        title,
        published,
        modified,
        authors,
        description,
        site,
        lang,
        canonical_url: page.canonical.as_ref().map(|u| u.to_string()),
        image_caption: page
            .jsonld
            .image_caption()
            .map(|(url, caption)| (url, clean_text(&decode_entities(&caption))))
            .filter(|(_, caption)| !caption.is_empty()),
    }
}

/// A parsed page with its meta tags and JSON-LD gathered once.
pub(crate) struct Page<'a> {
    pub doc: &'a Html,
    /// Every element, in document order: the many lookups below filter
    /// this list instead of each walking the tree with a CSS selector.
    pub elements: Vec<ElementRef<'a>>,
    /// `(key, content)` of every `<meta>`: the key is the lower-cased
    /// `property`, `name`, `itemprop` or `http-equiv`.
    pub metas: Vec<(String, String)>,
    pub jsonld: JsonLd,
    /// The page URL given by the caller.
    pub url: Option<Url>,
    /// The canonical URL, resolved.
    pub canonical: Option<Url>,
    /// The headline, once known: finds the article's own `<h1>`.
    pub title: Option<String>,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Html, url: Option<&Url>) -> Page<'a> {
        let elements: Vec<ElementRef<'a>> = doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .collect();
        let mut metas = Vec::new();
        for m in elements.iter().filter(|e| e.value().name() == "meta") {
            let v = m.value();
            let Some(content) = v.attr_fast("content") else {
                continue;
            };
            let content = clean_text(content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = v.attr_fast(attr) {
                    let k = k.trim().to_ascii_lowercase();
                    if !k.is_empty() {
                        metas.push((k, content.clone()));
                    }
                }
            }
        }
        let jsonld = JsonLd::from_elements(&elements);
        let mut page = Page {
            doc,
            elements,
            metas,
            jsonld,
            url: url.cloned(),
            canonical: None,
            title: None,
        };
        page.canonical = canonical(&page);
        page
    }

    /// Elements named `name` (lower case), in document order.
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = ElementRef<'a>> + 's {
        // Interned names compare as integers; the name is interned once.
        let name = html5ever::LocalName::from(name);
        self.elements
            .iter()
            .copied()
            .filter(move |e| e.value().name.local == name)
    }

    /// Elements whose `attr` holds one of `tokens` among its space-separated
    /// words, as CSS `[attr~=token]` (case-sensitive), in document order.
    pub fn with_token<'s>(
        &'s self,
        attr: &'s str,
        tokens: &'s [&'s str],
    ) -> impl Iterator<Item = ElementRef<'a>> + 's {
        self.elements
            .iter()
            .copied()
            .filter(move |e| e.value().has_word(attr, tokens))
    }

    /// The `<body>` element.
    pub fn body(&self) -> Option<ElementRef<'a>> {
        self.named("body").next()
    }

    /// The first non-empty content among `keys`, in the order of `keys`.
    pub fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    /// Every content of meta `key`.
    pub fn meta_all<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The page URL, else the canonical one: names the domain and may hold
    /// the date.
    pub fn any_url(&self) -> Option<&Url> {
        self.url.as_ref().or(self.canonical.as_ref())
    }

    /// The host without `www.`.
    pub fn domain(&self) -> Option<String> {
        let host = self.any_url()?.host_str()?.to_ascii_lowercase();
        Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
    }
}

fn canonical(page: &Page) -> Option<Url> {
    let href = page
        .named("link")
        .find(|l| l.value().rel_has("canonical"))
        .and_then(|l| l.value().attr_fast("href"))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| page.meta(&["og:url"]))?;
    let resolved = match &page.url {
        Some(base) => base.join(&href).ok(),
        None => Url::parse(&href).ok(),
    }?;
    matches!(resolved.scheme(), "http" | "https").then_some(resolved)
}

fn site_name(page: &Page) -> Option<String> {
    page.meta(&["og:site_name"])
        .or_else(|| page.jsonld.publisher_name())
        .or_else(|| page.meta(&["application-name", "apple-mobile-web-app-title"]))
        .or_else(|| page.domain())
}

fn language(page: &Page) -> Option<String> {
    let from_html = page
        .doc
        .root_element()
        .value()
        .attr_fast("lang")
        .or_else(|| page.doc.root_element().value().attr("xml:lang"))
        .map(str::to_string);
    [
        from_html,
        page.meta(&["content-language", "language", "dc.language", "og:locale"]),
    ]
    .into_iter()
    .flatten()
    .find_map(|l| primary_subtag(&l))
}

fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ',', ' '])
        .next()?
        .to_ascii_lowercase();
    // "utf-8" turns up in content-language; "und" and "mul" name no language.
    let bogus = matches!(primary.as_str(), "utf" | "und" | "mul" | "zxx" | "mis");
    (primary.len() >= 2
        && primary.len() <= 3
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && !bogus)
        .then_some(primary)
}

/// The visible text of an element (scripts and styles left out), with
/// whitespace collapsed and block boundaries read as spaces.
pub(crate) fn element_text(el: ElementRef) -> String {
    element_text_within(el, usize::MAX).unwrap_or_default()
}

/// [`element_text`] when it is at most `max` bytes long, else `None`,
/// found without reading the rest of a long element.
pub(crate) fn element_text_within(el: ElementRef, max: usize) -> Option<String> {
    let mut s = String::new();
    // Bytes that collapsing whitespace keeps: a lower bound of the length.
    let mut visible = 0usize;
    // Iterative walk: pages can nest deeper than the stack allows.
    let mut stack = vec![(*el, false)];
    while let Some((node, closing)) = stack.pop() {
        if s.len() > 20_000 {
            break;
        }
        if visible > max {
            return None;
        }
        if closing {
            s.push(' ');
            continue;
        }
        match node.value() {
            scraper::Node::Text(t) => {
                if max != usize::MAX {
                    visible += t
                        .chars()
                        .filter(|&c| !(c.is_whitespace() || c.is_control() || is_invisible(c)))
                        .map(char::len_utf8)
                        .sum::<usize>();
                }
                s.push_str(t);
            }
            scraper::Node::Element(e) => {
                let name = e.name();
                if matches!(name, "script" | "style" | "noscript" | "template")
                    && node.id() != el.id()
                {
                    continue;
                }
                let block = !matches!(
                    name,
                    "a" | "span"
                        | "b"
                        | "i"
                        | "em"
                        | "strong"
                        | "small"
                        | "abbr"
                        | "sup"
                        | "sub"
                        | "u"
                        | "font"
                        | "mark"
                        | "q"
                        | "cite"
                        | "nobr"
                        | "time"
                        | "bdi"
                        | "wbr"
                );
                if block {
                    s.push(' ');
                    stack.push((node, true));
                }
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ => {}
        }
    }
    let text = clean_text(&s);
    (text.len() <= max).then_some(text)
}

/// The element's own text: its text children, not its descendants'.
pub(crate) fn own_text(el: ElementRef) -> String {
    let mut s = String::new();
    for c in el.children() {
        if let Some(t) = c.value().as_text() {
            s.push_str(t);
            s.push(' ');
        }
    }
    clean_text(&s)
}

/// Whether an element sits in a comment, teaser, related-links, sidebar or
/// footer block, whose dates and names belong to other content.
pub(crate) fn in_noise(el: ElementRef) -> bool {
    const WORDS: &[&str] = &[
        "comment",
        "related",
        "teaser",
        "recommend",
        "sidebar",
        "footer",
        "widget",
        "popular",
        "trending",
        "readmore",
        "read-more",
        "mostread",
        "latest",
        "newsletter",
    ];
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take(20)
        .any(|a| {
            let v = a.value();
            if v.name() == "nav" {
                return true;
            }
            // An aside or footer inside the article holds its own meta line.
            if matches!(v.name(), "footer" | "aside") {
                let in_article = a
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|x| x.value().name() == "article");
                if !in_article {
                    return true;
                }
            }
            if matches!(v.name(), "body" | "html" | "main" | "article") {
                return false;
            }
            [v.attr_fast("class"), v.attr_fast("id")]
                .into_iter()
                .flatten()
                .flat_map(|a| a.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
                .any(|part| {
                    let part = part.to_ascii_lowercase();
                    WORDS.iter().any(|w| part.starts_with(w))
                })
        })
}

/// Characters that show nothing: the zero-width ones and the direction
/// marks.
pub(super) fn is_invisible(c: char) -> bool {
    crate::textutil::is_zero_width(c) || matches!(c, '\u{200e}' | '\u{200f}')
}

/// Collapses whitespace (no-break spaces included) and control characters,
/// drops invisible characters, trims.
pub(crate) fn clean_text(s: &str) -> String {
    crate::textutil::collapse(s, s.len().min(4096), is_invisible, |c| {
        c.is_whitespace() || c.is_control()
    })
}

/// Decodes the HTML entities JSON-LD strings often carry.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = if let Some(h) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(h, 16).ok()
                } else {
                    num.parse().ok()
                };
                n.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    "hellip" => Some('…'),
                    _ => latin1_entity(name),
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The named entities of Latin-1 letters (`&ouml;`, `&eacute;`, ...).
fn latin1_entity(name: &str) -> Option<char> {
    if name == "szlig" {
        return Some('ß');
    }
    let (base, mark) = name.split_at(1);
    let upper = base.chars().next()?.is_ascii_uppercase();
    let lower_base = base.to_ascii_lowercase();
    let c = match (lower_base.as_str(), mark) {
        ("a", "uml") => 'ä',
        ("o", "uml") => 'ö',
        ("u", "uml") => 'ü',
        ("e", "uml") => 'ë',
        ("i", "uml") => 'ï',
        ("a", "acute") => 'á',
        ("e", "acute") => 'é',
        ("i", "acute") => 'í',
        ("o", "acute") => 'ó',
        ("u", "acute") => 'ú',
        ("a", "grave") => 'à',
        ("e", "grave") => 'è',
        ("i", "grave") => 'ì',
        ("o", "grave") => 'ò',
        ("u", "grave") => 'ù',
        ("a", "circ") => 'â',
        ("e", "circ") => 'ê',
        ("i", "circ") => 'î',
        ("o", "circ") => 'ô',
        ("u", "circ") => 'û',
        ("c", "cedil") => 'ç',
        ("n", "tilde") => 'ñ',
        ("a", "tilde") => 'ã',
        ("o", "tilde") => 'õ',
        ("a", "ring") => 'å',
        ("o", "slash") => 'ø',
        _ => return None,
    };
    if upper {
        c.to_uppercase().next()
    } else {
        Some(c)
    }
}

/// Lower case letters and digits only: for comparing names loosely.
pub(crate) fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
