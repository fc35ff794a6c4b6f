//! Feeds: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed.
//!
//! The path a document takes:
//! 1. bytes to UTF-8 (BOM, HTTP charset, XML declaration);
//! 2. a forgiving XML read (our own) that survives truncation,
//!    mis-nesting and HTML entities;
//! 3. the tree, repaired (`<rss>` given a version and a `<channel>`, Atom
//!    `type` values feed-rs rejects normalised), written back as well-formed
//!    XML and handed to feed-rs, the main parser;
//! 4. when feed-rs still refuses (or panics), our own reading of the tree.
//!
//! Dates always come from our own reading of the raw text when it has the
//! same items ([`parse_feed_date`] reads far more shapes than feed-rs and
//! keeps the publisher's UTC offset).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::date::parse_feed_date;
use crate::text::{decode_base64, decode_document, html_to_text, non_empty, plain_text};
use crate::xml::{self, ns, Element, Node};

/// Which family of format a feed was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    /// RSS 0.9x and 2.0.
    Rss,
    /// Atom 1.0 and 0.3.
    Atom,
    /// RSS 1.0 (RDF).
    Rdf,
    /// JSON Feed.
    Json,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    pub kind: FeedKind,
    /// Plain text.
    pub title: Option<String>,
    /// The site the feed belongs to (absolute when it could be resolved).
    pub link: Option<String>,
    /// RSS `<ttl>`: how long the publisher asks us to wait, in minutes.
    pub ttl_minutes: Option<u32>,
    pub items: Vec<FeedItem>,
}

/// One item (RSS) or entry (Atom, JSON Feed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedItem {
    /// The publisher's identifier (`guid`, Atom `id`, JSON `id`); `None`
    /// when the feed gives none (no identifier is made up).
    pub guid: Option<String>,
    /// The item's page, resolved against `xml:base` and the feed's URL.
    pub url: Option<String>,
    /// Plain text: tags stripped, entities decoded.
    pub title: Option<String>,
    /// Plain text of the description or summary.
    pub summary: Option<String>,
    /// HTML: `content:encoded`, Atom `content`, JSON `content_html`; else the
    /// description when it carries markup.
    pub content_html: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub authors: Vec<String>,
}

impl FeedItem {
    /// The item's identity for de-duplication: the guid, else the URL.
    pub fn key(&self) -> Option<&str> {
        self.guid.as_deref().or(self.url.as_deref())
    }
}

/// Why a document could not be read as a feed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FeedError {
    #[error("the document is empty")]
    Empty,
    #[error("not a feed: the document's root is {0}")]
    NotAFeed(String),
    #[error("not a JSON Feed: {0}")]
    Json(String),
}

/// Which reader produced a feed (for measurements; see [`parse_feed_traced`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedPath {
    FeedRs,
    Lenient,
}

/// Parse a feed from its bytes. `content_type` is the HTTP header (its
/// charset wins over the XML declaration); `base_url` is where the feed was
/// fetched from, to resolve relative links.
pub fn parse_feed(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&Url>,
) -> Result<Feed, FeedError> {
    parse_feed_traced(bytes, content_type, base_url).map(|(f, _)| f)
}

/// [`parse_feed`], also telling which reader produced the result.
#[doc(hidden)]
pub fn parse_feed_traced(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&Url>,
) -> Result<(Feed, FeedPath), FeedError> {
    let text = decode_document(bytes, content_type);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(FeedError::Empty);
    }
    if trimmed.starts_with('{') {
        return parse_json(trimmed, base_url);
    }
    let doc = xml::parse(trimmed);
    let root = doc
        .roots
        .iter()
        .find(|r| feed_kind_of(r).is_some())
        .ok_or_else(|| match doc.root() {
            Some(r) => FeedError::NotAFeed(format!("<{}>", r.name)),
            None => FeedError::NotAFeed("not XML".to_string()),
        })?;
    let root = repair(root);
    let lenient = read_tree(&root, base_url);
    let mut repaired = String::with_capacity(trimmed.len());
    xml::write_element(&root, &mut repaired);
    match run_feed_rs(repaired.as_bytes(), base_url) {
        Some(parsed) => Ok((
            merge(from_feed_rs(parsed, base_url), lenient),
            FeedPath::FeedRs,
        )),
        None => Ok((lenient, FeedPath::Lenient)),
    }
}

fn feed_kind_of(root: &Element) -> Option<FeedKind> {
    match root.local.to_ascii_lowercase().as_str() {
        "rss" | "channel" => Some(FeedKind::Rss),
        "rdf" => Some(FeedKind::Rdf),
        "feed" => Some(FeedKind::Atom),
        _ => None,
    }
}

// ------------------------------------------------------------ feed-rs path

fn feed_rs_parser(base_url: Option<&Url>) -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .base_uri(base_url.map(Url::as_str))
        // No made-up identifiers: an item without one is keyed by its URL.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(|s| parse_feed_date(s).map(|d| d.with_timezone(&Utc)))
        .build()
}

/// feed-rs, fenced: it has panicked inside its XML reader on odd input.
fn run_feed_rs(bytes: &[u8], base_url: Option<&Url>) -> Option<feed_rs::model::Feed> {
    let parser = feed_rs_parser(base_url);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)))
        .ok()?
        .ok()
}

/// A title as plain text: Atom says whether it is text or markup; RSS
/// titles are treated as HTML, which is what publishers put in them.
fn text_of(t: &Option<feed_rs::model::Text>, kind: FeedKind) -> Option<String> {
    let t = t.as_ref()?;
    let literal = kind == FeedKind::Atom && t.content_type.essence().to_string() == "text/plain";
    non_empty(if literal {
        plain_text(&t.content)
    } else {
        html_to_text(&t.content)
    })
}

fn pick_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(links.first())
        .and_then(|l| non_empty(&l.href))
}

fn utc_fixed(d: Option<DateTime<Utc>>) -> Option<DateTime<FixedOffset>> {
    d.map(|d| d.fixed_offset())
}

fn from_feed_rs(f: feed_rs::model::Feed, base_url: Option<&Url>) -> Feed {
    use feed_rs::model::FeedType;
    let kind = match f.feed_type {
        FeedType::Atom => FeedKind::Atom,
        FeedType::JSON => FeedKind::Json,
        FeedType::RSS1 => FeedKind::Rdf,
        FeedType::RSS0 | FeedType::RSS2 => FeedKind::Rss,
    };
    let items = f
        .entries
        .into_iter()
        .map(|e| {
            let summary = e.summary.as_ref().map(|s| s.content.clone());
            let content = e.content.as_ref().and_then(|c| c.body.clone());
            FeedItem {
                guid: non_empty(&e.id),
                url: pick_link(&e.links).map(|u| resolve(base_url, &u)),
                title: text_of(&e.title, kind),
                summary: summary.as_deref().map(html_to_text).and_then(non_empty),
                content_html: content
                    .and_then(non_empty)
                    .or_else(|| summary.filter(|s| s.contains('<')).and_then(non_empty)),
                published: utc_fixed(e.published),
                updated: utc_fixed(e.updated),
                authors: e
                    .authors
                    .into_iter()
                    .filter_map(|p| p.name.and_then(non_empty))
                    .collect(),
            }
        })
        .collect();
    Feed {
        kind,
        title: text_of(&f.title, kind),
        link: pick_link(&f.links).map(|u| resolve(base_url, &u)),
        ttl_minutes: f.ttl,
        items,
    }
}

/// feed-rs's reading, with dates (and anything it left empty) taken from
/// our own reading when both see the same items.
fn merge(mut main: Feed, own: Feed) -> Feed {
    // Our own titles follow Atom's text types and keep inline markup's text.
    main.title = own.title.or(main.title);
    main.link = prefer_absolute(main.link, own.link);
    main.ttl_minutes = main.ttl_minutes.or(own.ttl_minutes);
    if own.items.len() > main.items.len() {
        // feed-rs missed items (it does not know every namespace variant):
        // our reading is the more complete one.
        main.items = own.items;
        return main;
    }
    if main.items.len() == own.items.len() {
        for (m, o) in main.items.iter_mut().zip(own.items) {
            // Our dates keep the publisher's offset and follow feedparser's
            // mapping (dc:date is an update, not the publication).
            if o.published.is_some() || o.updated.is_some() {
                m.published = o.published;
                m.updated = o.updated;
            }
            m.guid = m.guid.take().or(o.guid);
            m.url = prefer_absolute(m.url.take(), o.url);
            m.title = o.title.or(m.title.take());
            m.summary = m.summary.take().or(o.summary);
            m.content_html = m.content_html.take().or(o.content_html);
            if m.authors.is_empty() {
                m.authors = o.authors;
            }
        }
    }
    main
}

fn prefer_absolute(a: Option<String>, b: Option<String>) -> Option<String> {
    match (&a, &b) {
        (Some(x), Some(y)) if Url::parse(x).is_err() && Url::parse(y).is_ok() => b,
        (None, _) => b,
        _ => a,
    }
}

/// Rewrite what feed-rs rejects in otherwise readable feeds (our own
/// reading works on the same repaired tree).
fn repair(root: &Element) -> Element {
    let mut root = root.clone();
    let lname = root.local.to_ascii_lowercase();
    if lname == "rss" {
        let version_ok = matches!(root.attr("version"), Some("2.0" | "0.91" | "0.92"));
        if !version_ok {
            root.attrs.retain(|(k, _)| k != "version");
            root.attrs.push(("version".into(), "2.0".into()));
        }
        if root.child("channel").is_none() {
            // Items straight under <rss>: give them the channel they lack.
            let children = std::mem::take(&mut root.children);
            root.children.push(Node::Element(Element {
                name: "channel".into(),
                local: "channel".into(),
                ns: root.ns.clone(),
                attrs: Vec::new(),
                children,
            }));
        }
    } else if lname == "channel" {
        // An RSS 0.9x channel without its <rss> wrapper.
        root = Element {
            name: "rss".into(),
            local: "rss".into(),
            ns: None,
            attrs: vec![("version".into(), "2.0".into())],
            children: vec![Node::Element(root)],
        };
    } else if lname == "feed" {
        repair_atom(&mut root);
    }
    root
}

const ATOM_TEXT_CONSTRUCTS: [&str; 9] = [
    "title",
    "subtitle",
    "summary",
    "content",
    "rights",
    "tagline",
    "copyright",
    "info",
    "name",
];

/// Rewrite Atom 0.3 as feed-rs reads it: the 1.0 namespace, and the
/// 0.3 `mode` attribute (base64, escaped) applied.
fn repair_atom(e: &mut Element) {
    for (k, v) in e.attrs.iter_mut() {
        if (k == "xmlns" || k.starts_with("xmlns:")) && v.trim() == ns::ATOM03 {
            *v = ns::ATOM10.to_string();
        }
    }
    if e.ns.as_deref() == Some(ns::ATOM03) {
        e.ns = Some(ns::ATOM10.to_string());
    }
    repair_atom_children(e);
}

fn repair_atom_children(e: &mut Element) {
    e.children.retain(|c| match c {
        // feed-rs fails the whole feed on an empty text construct.
        Node::Element(c) => {
            !(ATOM_TEXT_CONSTRUCTS.contains(&c.local.as_str())
                && c.text().trim().is_empty()
                && !c.has_element_children()
                && c.attr("src").is_none())
        }
        Node::Text(_) => true,
    });
    for c in e.children.iter_mut() {
        let Node::Element(c) = c else { continue };
        for (k, v) in c.attrs.iter_mut() {
            if (k == "xmlns" || k.starts_with("xmlns:")) && v.trim() == ns::ATOM03 {
                *v = ns::ATOM10.to_string();
            }
        }
        if c.ns.as_deref() == Some(ns::ATOM03) {
            c.ns = Some(ns::ATOM10.to_string());
        }
        if ATOM_TEXT_CONSTRUCTS.contains(&c.local.as_str()) {
            apply_atom03_mode(c);
            let is_content = c.local == "content";
            if let Some((_, v)) = c.attrs.iter_mut().find(|(k, _)| k == "type") {
                let t = v.trim().to_ascii_lowercase();
                let fixed = match t.as_str() {
                    "text" | "html" | "xhtml" => t.clone(),
                    "text/plain" => "text".into(),
                    "text/html" | "escaped" => "html".into(),
                    "application/xhtml+xml" => "xhtml".into(),
                    _ if is_content && t.contains('/') && !t.starts_with("application/") => {
                        t.clone()
                    }
                    _ if is_content && (t.ends_with("+xml") || t.ends_with("/xml")) => {
                        "xhtml".into()
                    }
                    _ => "text".into(),
                };
                *v = fixed;
            }
        } else {
            repair_atom_children(c);
        }
    }
}

/// Atom 0.3 `mode="base64"` is decoded (as is Atom 1.0 content of a
/// non-text, non-XML media type, which RFC 4287 says is base64);
/// `mode="escaped"` means HTML.
fn apply_atom03_mode(c: &mut Element) {
    let t = c.attr("type").unwrap_or("").trim().to_ascii_lowercase();
    let binary =
        t.contains('/') && !t.starts_with("text/") && !t.ends_with("+xml") && !t.ends_with("/xml");
    let mode = match c.attr("mode") {
        Some(m) => m.trim().to_ascii_lowercase(),
        None if binary => "base64".to_string(),
        None => return,
    };
    c.attrs.retain(|(k, _)| k != "mode");
    if mode == "base64" {
        if let Some(decoded) = decode_base64(&c.text()) {
            c.children = vec![Node::Text(decoded)];
        }
    }
    if mode == "escaped" || mode == "base64" {
        let t = c.attr("type").unwrap_or("").to_ascii_lowercase();
        if !t.contains("plain") && t != "text" {
            c.attrs.retain(|(k, _)| k != "type");
            c.attrs.push(("type".into(), "html".into()));
        }
    }
}

// ------------------------------------------------------------ our own reading

/// The base URL in force at `e`, given its parent's.
fn base_of(parent: Option<&Url>, e: &Element) -> Option<Url> {
    match e.attr("xml:base") {
        Some(b) => match parent {
            Some(p) => p.join(b.trim()).ok().or_else(|| Some(p.clone())),
            None => Url::parse(b.trim()).ok(),
        },
        None => parent.cloned(),
    }
}

fn resolve(base: Option<&Url>, href: &str) -> String {
    let href = href.trim();
    match base {
        Some(b) => b
            .join(href)
            .map(String::from)
            .unwrap_or_else(|_| href.to_string()),
        None => href.to_string(),
    }
}

/// Read a feed from the forgiving tree.
fn read_tree(root: &Element, base_url: Option<&Url>) -> Feed {
    let kind = feed_kind_of(root).unwrap_or(FeedKind::Rss);
    let base = base_of(base_url, root);
    if kind == FeedKind::Atom {
        return read_atom(root, base.as_ref());
    }
    let channel = if root.local.eq_ignore_ascii_case("channel") {
        Some(root)
    } else {
        root.child("channel")
    };
    let ch_base = channel.map_or(base.clone(), |c| base_of(base.as_ref(), c));
    let mut items: Vec<FeedItem> = Vec::new();
    // RSS 2.0 puts items in the channel, RSS 1.0 beside it; accept both.
    for container in [channel, Some(root)].into_iter().flatten() {
        let cbase = if std::ptr::eq(container, root) {
            base.clone()
        } else {
            ch_base.clone()
        };
        for it in container
            .elements()
            .filter(|e| e.local.eq_ignore_ascii_case("item"))
        {
            items.push(read_rss_item(it, cbase.as_ref()));
        }
        if channel.is_some_and(|c| std::ptr::eq(c, root)) {
            break;
        }
    }
    let meta = channel.unwrap_or(root);
    Feed {
        kind,
        title: meta
            .child_plain("title")
            .and_then(|t| non_empty(html_to_text(&t.text()))),
        link: rss_link(meta, ch_base.as_ref()),
        ttl_minutes: meta.child("ttl").and_then(|t| t.text().trim().parse().ok()),
        items,
    }
}

fn rss_link(e: &Element, base: Option<&Url>) -> Option<String> {
    let plain = e
        .elements()
        .find(|c| {
            c.local.eq_ignore_ascii_case("link") && !c.is_ns(ns::ATOM10) && c.attr("href").is_none()
        })
        .and_then(|c| non_empty(c.text()));
    plain
        .or_else(|| atom_link(e, base))
        .map(|u| resolve(base, &u))
}

fn atom_link(e: &Element, base: Option<&Url>) -> Option<String> {
    let links: Vec<&Element> = e
        .elements()
        .filter(|c| c.local.eq_ignore_ascii_case("link") && c.attr("href").is_some())
        .collect();
    let best = links
        .iter()
        .find(|l| {
            l.attr("rel")
                .is_none_or(|r| r.trim().eq_ignore_ascii_case("alternate"))
        })
        .or(links.first())?;
    let lbase = base_of(base, best);
    Some(resolve(lbase.as_ref(), best.attr("href")?))
}

/// What an element holds as HTML: its escaped text, or markup carried inline.
fn html_of(e: &Element) -> String {
    if e.has_element_children() {
        // Atom xhtml content is wrapped in one <div>: drop the wrapper.
        let only_div = e.elements().count() == 1
            && e.elements()
                .next()
                .is_some_and(|d| d.local == "div" && (d.is_ns(ns::XHTML) || d.ns.is_none()))
            && e.children.iter().all(|c| match c {
                Node::Text(t) => t.trim().is_empty(),
                Node::Element(_) => true,
            });
        if only_div {
            return e
                .elements()
                .next()
                .map(|d| d.inner_xml())
                .unwrap_or_default();
        }
        e.inner_xml()
    } else {
        e.text()
    }
}

#[derive(Default)]
struct DateSlots {
    published: Option<DateTime<FixedOffset>>,
    updated: Option<DateTime<FixedOffset>>,
    dc_date: Option<DateTime<FixedOffset>>,
}

impl DateSlots {
    /// Dates by element name, as feedparser maps them; a later value of
    /// the same kind overwrites an earlier one.
    fn see(&mut self, c: &Element) {
        let name = c.local.to_ascii_lowercase();
        let slot = match name.as_str() {
            "pubdate" | "published" | "issued" => &mut self.published,
            "updated" | "modified" => &mut self.updated,
            "date" if c.is_ns(ns::DC) || c.name.contains(':') => &mut self.dc_date,
            _ => return,
        };
        if let Some(d) = parse_feed_date(&c.text()) {
            *slot = Some(d);
        }
    }

    fn finish(self) -> (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>) {
        let updated = self.updated.or(self.dc_date);
        // dc:date is RSS 1.0's only date: also the publication date.
        (self.published.or(self.dc_date), updated)
    }
}

fn read_rss_item(it: &Element, base: Option<&Url>) -> FeedItem {
    let base = base_of(base, it);
    let mut dates = DateSlots::default();
    let mut authors = Vec::new();
    let mut content = None;
    let mut description = None;
    for c in it.elements() {
        dates.see(c);
        match c.local.to_ascii_lowercase().as_str() {
            "author" | "creator" => {
                let name = c.child("name").map_or_else(|| c.text(), |n| n.text());
                if let Some(a) = non_empty(html_to_text(&name)) {
                    authors.push(a);
                }
            }
            "encoded" if c.is_ns(ns::CONTENT) || c.name.contains(':') => {
                content = non_empty(html_of(c))
            }
            "description" | "summary" => description = non_empty(html_of(c)),
            "content" if content.is_none() => content = non_empty(html_of(c)),
            _ => {}
        }
    }
    let guid = it
        .child_plain("guid")
        .and_then(|g| non_empty(g.text()))
        .or_else(|| it.attr_local("about").and_then(non_empty));
    let link = rss_link(it, base.as_ref()).or_else(|| {
        // A permalink guid is the item's URL when no link is given.
        let g = it.child("guid")?;
        let permalink = g
            .attr("isPermaLink")
            .is_none_or(|v| !v.eq_ignore_ascii_case("false"));
        let t = g.text();
        (permalink && t.trim().starts_with("http")).then(|| t.trim().to_string())
    });
    let (published, updated) = dates.finish();
    FeedItem {
        guid,
        url: link,
        title: it
            .child_plain("title")
            .and_then(|t| non_empty(html_to_text(&t.text()))),
        summary: description.as_deref().map(html_to_text).and_then(non_empty),
        content_html: content.or(description.filter(|d| d.contains('<'))),
        published,
        updated,
        authors,
    }
}

fn read_atom(root: &Element, base: Option<&Url>) -> Feed {
    let items = root
        .elements()
        .filter(|e| e.local == "entry")
        .map(|e| read_atom_entry(e, base))
        .collect();
    Feed {
        kind: FeedKind::Atom,
        title: root.child("title").and_then(atom_text),
        link: atom_link(root, base),
        ttl_minutes: None,
        items,
    }
}

/// An Atom text construct as plain text, by its `type`.
fn atom_text(e: &Element) -> Option<String> {
    let t = e.attr("type").unwrap_or("text").trim().to_ascii_lowercase();
    if (t == "text" || t == "text/plain") && !e.has_element_children() {
        non_empty(plain_text(&e.text()))
    } else {
        non_empty(html_to_text(&html_of(e)))
    }
}

fn read_atom_entry(e: &Element, base: Option<&Url>) -> FeedItem {
    let base = base_of(base, e);
    let mut dates = DateSlots::default();
    let mut authors = Vec::new();
    for c in e.elements() {
        dates.see(c);
        if c.local == "author" || c.local == "contributor" && authors.is_empty() {
            let name = c.child("name").map_or_else(|| c.text(), |n| n.text());
            if let Some(a) = non_empty(html_to_text(&name)) {
                authors.push(a);
            }
        }
    }
    let (published, updated) = dates.finish();
    let summary = e.child("summary").and_then(|s| non_empty(html_of(s)));
    FeedItem {
        guid: e.child("id").and_then(|i| non_empty(i.text())),
        url: atom_link(e, base.as_ref()),
        title: e.child("title").and_then(atom_text),
        summary: summary.as_deref().map(html_to_text).and_then(non_empty),
        content_html: e
            .child("content")
            .and_then(|c| non_empty(html_of(c)))
            .or(summary.filter(|s| s.contains('<'))),
        published,
        updated,
        authors,
    }
}

// ------------------------------------------------------------ JSON Feed

fn parse_json(text: &str, base_url: Option<&Url>) -> Result<(Feed, FeedPath), FeedError> {
    // Our own reading keeps the offsets; feed-rs is asked only when it fails.
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return run_feed_rs(text.as_bytes(), base_url)
                .map(|f| (from_feed_rs(f, base_url), FeedPath::FeedRs))
                .ok_or_else(|| FeedError::Json(e.to_string()));
        }
    };
    let str_of =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).and_then(non_empty);
    let Some(items) = value.get("items").and_then(|i| i.as_array()) else {
        return Err(FeedError::Json("no \"items\" array".to_string()));
    };
    let feed_base = str_of(&value, "feed_url")
        .and_then(|u| Url::parse(&u).ok())
        .or_else(|| base_url.cloned());
    let authors_of = |v: &serde_json::Value| -> Vec<String> {
        let mut out: Vec<String> = v
            .get("authors")
            .and_then(|a| a.as_array())
            .map(|a| a.iter().filter_map(|p| str_of(p, "name")).collect())
            .unwrap_or_default();
        if out.is_empty() {
            out.extend(v.get("author").and_then(|p| str_of(p, "name")));
        }
        out
    };
    let items = items
        .iter()
        .map(|it| {
            let content_html = str_of(it, "content_html");
            let summary = str_of(it, "summary").or_else(|| str_of(it, "content_text"));
            FeedItem {
                guid: it
                    .get("id")
                    .and_then(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .or_else(|| i.as_u64().map(|n| n.to_string()))
                    })
                    .and_then(non_empty),
                url: str_of(it, "url")
                    .or_else(|| str_of(it, "external_url"))
                    .map(|u| resolve(feed_base.as_ref(), &u)),
                title: str_of(it, "title")
                    .map(|t| html_to_text(&t))
                    .and_then(non_empty),
                summary: summary.map(|s| html_to_text(&s)).and_then(non_empty),
                content_html,
                published: str_of(it, "date_published").and_then(|d| parse_feed_date(&d)),
                updated: str_of(it, "date_modified").and_then(|d| parse_feed_date(&d)),
                authors: authors_of(it),
            }
        })
        .collect();
    Ok((
        Feed {
            kind: FeedKind::Json,
            title: str_of(&value, "title")
                .map(|t| html_to_text(&t))
                .and_then(non_empty),
            link: str_of(&value, "home_page_url").map(|u| resolve(base_url, &u)),
            ttl_minutes: None,
            items,
        },
        FeedPath::Lenient,
    ))
}
