//! A forgiving XML reader: text in, a small element tree out, whatever the
//! input. Feeds in the wild are truncated, mis-nested, full of HTML entities
//! and stray `&`; a strict parser rejects the whole document for one such
//! flaw, so this one never fails: unknown end tags are dropped, elements
//! still open at the end are closed, unknown entities are kept verbatim (the
//! HTML-aware text pass decodes them later).

use std::collections::HashMap;

/// Namespace URIs the feed readers match on.
pub(crate) mod ns {
    pub const ATOM10: &str = "http://www.w3.org/2005/Atom";
    pub const ATOM03: &str = "http://purl.org/atom/ns#";
    pub const DC: &str = "http://purl.org/dc/elements/1.1/";
    pub const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
    pub const XHTML: &str = "http://www.w3.org/1999/xhtml";
}

/// One element: its name as written, its local name, its resolved namespace.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    pub local: String,
    pub ns: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// An attribute by local name, whatever its prefix (`rdf:about`, `about`).
    pub fn attr_local(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name (any namespace).
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.elements()
            .find(|e| e.local.eq_ignore_ascii_case(local))
    }

    /// The first child with this local name, preferring one without a
    /// prefix (`title` over `media:title`).
    pub fn child_plain(&self, local: &str) -> Option<&Element> {
        self.elements()
            .find(|e| e.local.eq_ignore_ascii_case(local) && !e.name.contains(':'))
            .or_else(|| self.child(local))
    }

    /// All text below this element, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        collect_text(self, &mut out);
        out
    }

    /// The children serialised back to markup (for HTML carried unescaped).
    pub fn inner_xml(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            write_node(c, &mut out);
        }
        out
    }

    /// True when the element has child elements (not just text).
    pub fn has_element_children(&self) -> bool {
        self.elements().next().is_some()
    }

    pub fn is_ns(&self, namespace: &str) -> bool {
        self.ns
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(namespace))
    }
}

fn collect_text(e: &Element, out: &mut String) {
    for c in &e.children {
        match c {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => collect_text(e, out),
        }
    }
}

/// Serialise an element as well-formed XML (text escaped, every element closed).
pub(crate) fn write_element(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape_into(v, true, out);
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        write_node(c, out);
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

fn write_node(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => escape_into(t, false, out),
        Node::Element(e) => write_element(e, out),
    }
}

fn escape_into(s: &str, attr: bool, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // Characters XML 1.0 forbids would make the strict parser give up.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// A parsed document: the top-level elements (normally one root).
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub roots: Vec<Element>,
}

impl Document {
    pub fn root(&self) -> Option<&Element> {
        self.roots.first()
    }
}

struct Open {
    el: Element,
    /// Prefix bindings this element declared, to resolve its descendants.
    scope: HashMap<String, String>,
}

/// Read `src` leniently. Never fails; garbage yields an empty document.
pub(crate) fn parse(src: &str) -> Document {
    let b = src.as_bytes();
    let mut doc = Document::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut entities: HashMap<String, String> = HashMap::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        // Flush text before the tag.
        if text_start < i {
            push_text(&mut stack, decode_entities(&src[text_start..i], &entities));
        }
        let rest = &src[i..];
        if rest.starts_with("<!--") {
            i = find_from(src, i + 4, "-->").map_or(b.len(), |p| p + 3);
        } else if rest.starts_with("<![CDATA[") {
            let end = find_from(src, i + 9, "]]>");
            let body = &src[i + 9..end.unwrap_or(b.len())];
            push_text(&mut stack, body.to_string());
            i = end.map_or(b.len(), |p| p + 3);
        } else if rest.starts_with("<!") {
            i = skip_declaration(src, i, &mut entities);
        } else if rest.starts_with("<?") {
            i = find_from(src, i + 2, "?>").map_or(b.len(), |p| p + 2);
        } else if rest.starts_with("</") {
            let end = find_byte(b, i + 2, b'>').unwrap_or(b.len());
            let name = src[i + 2..end].trim();
            close(&mut stack, &mut doc, name);
            i = (end + 1).min(b.len());
        } else if let Some((el_end, resume, name_ok)) = tag_end(b, i + 1) {
            if !name_ok {
                // "<" that starts no tag ("a < b", "<3"): keep it as text.
                push_text(&mut stack, "<".to_string());
                i += 1;
                text_start = i;
                continue;
            }
            let inner = &src[i + 1..el_end];
            let self_closing = inner.ends_with('/');
            let inner = inner.strip_suffix('/').unwrap_or(inner);
            open(&mut stack, &mut doc, inner, self_closing, &entities);
            i = resume;
        } else {
            // A tag cut off by the end of input: drop it.
            i = b.len();
        }
        text_start = i;
    }
    if text_start < b.len() {
        push_text(&mut stack, decode_entities(&src[text_start..], &entities));
    }
    while let Some(o) = stack.pop() {
        attach(&mut stack, &mut doc, o.el);
    }
    doc
}

fn find_from(src: &str, from: usize, pat: &str) -> Option<usize> {
    src.get(from..)?.find(pat).map(|p| p + from)
}

fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| p + from)
}

/// Where a start tag whose name begins at `from` ends: the end of its
/// inside, where reading resumes, and whether a name starts there at all.
fn tag_end(b: &[u8], from: usize) -> Option<(usize, usize, bool)> {
    let first = *b.get(from)?;
    let name_ok = first.is_ascii_alphabetic() || first == b'_' || first == b':' || first >= 0x80;
    if !name_ok {
        return Some((from, from, false));
    }
    let mut j = from;
    let mut quote: Option<u8> = None;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            // A quoted value never spans a new tag: the closing quote is missing.
            Some(_) if c == b'<' => return Some((j, j, true)),
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some((j, j + 1, true)),
            // A new tag before this one closed: the `>` is missing.
            None if c == b'<' => return Some((j, j, true)),
            None => {}
        }
        j += 1;
    }
    None
}

/// Skip `<!DOCTYPE ...>` (with an internal subset) and collect simple
/// `<!ENTITY name "value">` declarations, which some feeds rely on.
fn skip_declaration(src: &str, i: usize, entities: &mut HashMap<String, String>) -> usize {
    let b = src.as_bytes();
    let mut j = i + 2;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => break,
                _ => {}
            },
        }
        j += 1;
    }
    let decl = &src[i..j.min(b.len())];
    let mut rest = decl;
    while let Some(p) = rest.find("<!ENTITY") {
        rest = &rest[p + 8..];
        let mut parts = rest.trim_start().splitn(2, char::is_whitespace);
        let (Some(name), Some(after)) = (parts.next(), parts.next()) else {
            break;
        };
        let after = after.trim_start();
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = after[1..].find(q) {
                entities.insert(name.to_string(), after[1..1 + end].to_string());
            }
        }
    }
    (j + 1).min(b.len())
}

fn push_text(stack: &mut [Open], text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(t)) = top.el.children.last_mut() {
            t.push_str(&text);
        } else {
            top.el.children.push(Node::Text(text));
        }
    }
}

fn attach(stack: &mut [Open], doc: &mut Document, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.el.children.push(Node::Element(el)),
        None => doc.roots.push(el),
    }
}

fn close(stack: &mut Vec<Open>, doc: &mut Document, name: &str) {
    // Close up to the nearest open element of that name; an end tag that
    // matches nothing open is a stray and is ignored.
    let Some(pos) = stack.iter().rposition(|o| o.el.name == name) else {
        return;
    };
    while stack.len() > pos {
        let o = stack.pop().expect("len > pos");
        attach(stack, doc, o.el);
    }
}

fn open(
    stack: &mut Vec<Open>,
    doc: &mut Document,
    inner: &str,
    self_closing: bool,
    entities: &HashMap<String, String>,
) {
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    let attrs = parse_attrs(&inner[name_end..], entities);
    let mut scope = HashMap::new();
    for (k, v) in &attrs {
        if k == "xmlns" {
            scope.insert(String::new(), v.clone());
        } else if let Some(p) = k.strip_prefix("xmlns:") {
            scope.insert(p.to_string(), v.clone());
        }
    }
    let (prefix, local) = match name.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", name.as_str()),
    };
    let ns = scope.get(prefix).cloned().or_else(|| {
        stack
            .iter()
            .rev()
            .find_map(|o| o.scope.get(prefix).cloned())
    });
    let el = Element {
        local: local.to_string(),
        name: name.clone(),
        ns,
        attrs,
        children: Vec::new(),
    };
    implied_end_tags(stack, doc, &el.local);
    if self_closing {
        attach(stack, doc, el);
    } else {
        stack.push(Open { el, scope });
    }
}

/// Feed fields that hold text, never one another.
const LEAF_FIELDS: [&str; 8] = [
    "title",
    "link",
    "guid",
    "pubdate",
    "description",
    "category",
    "comments",
    "date",
];

/// Implied end tags, as HTML has them, for feeds whose end tags went
/// missing: a field opening while another field is open closes it, and an
/// item opening inside an item closes the first.
fn implied_end_tags(stack: &mut Vec<Open>, doc: &mut Document, local: &str) {
    let lower = local.to_ascii_lowercase();
    let is_leaf = |l: &str| LEAF_FIELDS.iter().any(|f| l.eq_ignore_ascii_case(f));
    if is_leaf(&lower) && stack.last().is_some_and(|o| is_leaf(&o.el.local)) {
        let o = stack.pop().expect("checked");
        attach(stack, doc, o.el);
    } else if lower == "item" || lower == "entry" {
        if let Some(pos) = stack
            .iter()
            .rposition(|o| o.el.local.eq_ignore_ascii_case(&lower))
        {
            while stack.len() > pos {
                let o = stack.pop().expect("len > pos");
                attach(stack, doc, o.el);
            }
        }
    }
}

fn parse_attrs(s: &str, entities: &HashMap<String, String>) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let key = s[start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vstart = i + 1;
                let vend = find_byte(b, vstart, q).unwrap_or(b.len());
                value = decode_entities(&s[vstart..vend], entities);
                i = vend + 1;
            } else {
                let vstart = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i], entities);
            }
        }
        // A repeated attribute would make the strict parser fail; keep the first.
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, value));
        }
    }
    out
}

/// Decode XML character and entity references; unknown named references
/// stay as written so that HTML-aware consumers can still decode them.
pub(crate) fn decode_entities(s: &str, entities: &HashMap<String, String>) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '#' || c == '_' || c == '-' || c == '.'))
            .map(|e| e + 1);
        let Some(end) = end.filter(|&e| rest.as_bytes()[e] == b';' && e > 1) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some("&".to_string()),
            "lt" => Some("<".to_string()),
            "gt" => Some(">".to_string()),
            "quot" => Some("\"".to_string()),
            "apos" => Some("'".to_string()),
            _ if name.starts_with('#') => {
                let num = &name[1..];
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .map(|c| c.to_string())
            }
            _ => entities.get(name).cloned(),
        };
        match decoded {
            Some(d) => out.push_str(&d),
            None => out.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_what_truncation_left_open() {
        let d = parse("<rss><channel><title>A &amp; B &eacute;</title><item><title>x</ti");
        let root = d.root().unwrap();
        assert_eq!(root.local, "rss");
        let ch = root.child("channel").unwrap();
        assert_eq!(ch.child("title").unwrap().text(), "A & B &eacute;");
        assert!(ch.child("item").is_some());
    }

    #[test]
    fn resolves_namespaces_and_cdata() {
        let d = parse(
            r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:date>x</dc:date><b><![CDATA[<p>1 & 2</p>]]></b></feed>"#,
        );
        let root = d.root().unwrap();
        assert!(root.is_ns(ns::ATOM10));
        assert!(root.child("date").unwrap().is_ns(ns::DC));
        assert_eq!(root.child("b").unwrap().text(), "<p>1 & 2</p>");
    }

    #[test]
    fn stray_lt_and_amp_are_text() {
        let d = parse("<a>1 < 2 & 3 &#233;</a>");
        assert_eq!(d.root().unwrap().text(), "1 < 2 & 3 é");
    }

    #[test]
    fn implied_end_tags_for_unclosed_fields() {
        let d = parse("<rss><item><title>a<link>b</link><item><title>c");
        let root = d.root().unwrap();
        let items: Vec<&Element> = root.elements().collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].child("title").unwrap().text(), "a");
        assert_eq!(items[0].child("link").unwrap().text(), "b");
        assert_eq!(items[1].child("title").unwrap().text(), "c");
    }

    #[test]
    fn doctype_entities() {
        let d = parse(r#"<!DOCTYPE rss [<!ENTITY copy "(c)">]><rss>&copy;</rss>"#);
        assert_eq!(d.root().unwrap().text(), "(c)");
    }
}
