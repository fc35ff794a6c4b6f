//! JSON-LD (`<script type="application/ld+json">`): the article object and
//! the nodes it refers to.

use crate::html::dom::AttrExt;
use scraper::ElementRef;
use serde_json::Value;

/// Scripts longer than this are skipped: no real metadata block is this big.
const MAX_SCRIPT: usize = 4 * 1024 * 1024;
/// How deep nested objects are searched for typed nodes.
const MAX_DEPTH: usize = 6;

/// Every typed node of a page's JSON-LD, flattened.
#[derive(Debug, Default)]
pub struct JsonLd {
    /// Nodes in document order, with their nesting depth.
    nodes: Vec<(usize, Value)>,
}

impl JsonLd {
    pub fn from_elements(elements: &[ElementRef]) -> JsonLd {
        let mut out = JsonLd::default();
        for script in elements.iter().filter(|e| e.value().name() == "script") {
            let ty = script
                .value()
                .attr_fast("type")
                .unwrap_or("")
                .to_ascii_lowercase();
            if !ty.contains("ld+json") {
                continue;
            }
            let text: String = script.text().collect();
            if text.len() > MAX_SCRIPT {
                continue;
            }
            if let Some(v) = parse_lenient(&text) {
                out.collect(v, 0);
            }
        }
        out
    }

    fn collect(&mut self, v: Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Array(items) => {
                for item in items {
                    self.collect(item, depth);
                }
            }
            Value::Object(map) => {
                let children: Vec<Value> = map
                    .iter()
                    .filter(|(k, _)| {
                        matches!(
                            k.as_str(),
                            "@graph"
                                | "mainEntity"
                                | "mainEntityOfPage"
                                | "itemListElement"
                                | "item"
                        )
                    })
                    .map(|(_, v)| v.clone())
                    .collect();
                let obj = Value::Object(map);
                if obj.get("@type").is_some() || obj.get("@id").is_some() {
                    self.nodes.push((depth, obj));
                }
                for c in children {
                    self.collect(c, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The article node: the shallowest article-typed node, earliest first,
    /// preferring one with a headline.
    pub fn article(&self) -> Option<&Value> {
        let mut best: Option<(usize, bool, &Value)> = None;
        for (depth, node) in &self.nodes {
            if !is_article(node) {
                continue;
            }
            let has_head = str_field(node, "headline").is_some();
            let better = match best {
                None => true,
                Some((d, h, _)) => (has_head && !h) || (has_head == h && *depth < d),
            };
            if better {
                best = Some((*depth, has_head, node));
            }
        }
        best.map(|b| b.2)
    }

    /// Nodes of any type, for fields an article node lacks (some pages put
    /// the dates on the `WebPage`).
    pub fn nodes(&self) -> impl Iterator<Item = &Value> {
        self.nodes.iter().map(|(_, v)| v)
    }

    /// Follows an `{"@id": ...}` reference to its full node.
    pub fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        let Some(obj) = v.as_object() else {
            return v;
        };
        if obj.len() > 1 {
            return v;
        }
        let Some(id) = obj.get("@id").and_then(Value::as_str) else {
            return v;
        };
        self.nodes
            .iter()
            .map(|(_, n)| n)
            .find(|n| {
                n.get("@id").and_then(Value::as_str) == Some(id)
                    && n.as_object().is_some_and(|o| o.len() > 1)
            })
            .unwrap_or(v)
    }

    /// The article's picture as the publisher describes it: its URL and
    /// caption, from the article's `image` (an `ImageObject`, or a
    /// reference to one), else from the page's primary image node.
    pub fn image_caption(&self) -> Option<(Option<String>, String)> {
        let from_article = self
            .article()
            .and_then(|a| a.get("image"))
            .map(|i| self.resolve(first(i)));
        let primary = || {
            self.nodes().find(|n| {
                has_type(n, &["ImageObject"])
                    && n.get("@id")
                        .and_then(Value::as_str)
                        .is_some_and(|id| id.ends_with("#primaryimage"))
            })
        };
        let image = from_article
            .filter(|i| i.get("caption").is_some())
            .or_else(primary)?;
        let caption = match image.get("caption")? {
            Value::String(_) => str_field(image, "caption"),
            Value::Object(_) => str_field(image.get("caption")?, "text"),
            _ => None,
        }?;
        let url = str_field(image, "url").or_else(|| str_field(image, "contentUrl"));
        Some((url, caption))
    }

    /// The publisher's name: of the article, else of an Organization or
    /// WebSite node.
    pub fn publisher_name(&self) -> Option<String> {
        if let Some(a) = self.article() {
            if let Some(p) = a.get("publisher") {
                let p = self.resolve(first(p));
                if let Some(n) = str_field(p, "name") {
                    return Some(n);
                }
            }
        }
        self.nodes()
            .find(|n| has_type(n, &["NewsMediaOrganization", "Organization", "WebSite"]))
            .and_then(|n| str_field(n, "name"))
    }
}

/// Parses JSON that pages often get slightly wrong: raw newlines or tabs
/// in strings, HTML comments or CDATA around it, trailing semicolons.
fn parse_lenient(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Ok(v) = serde_json::from_str(t) {
        return Some(v);
    }
    let mut t = t
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("//]]>")
        .trim_end_matches("]]>")
        .trim()
        .trim_end_matches(';')
        .to_string();
    // Control characters are never valid inside JSON strings; as whitespace
    // they are harmless everywhere.
    t = t
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if let Ok(v) = serde_json::from_str(&t) {
        return Some(v);
    }
    // Several objects written one after another.
    let mut items = Vec::new();
    for v in serde_json::Deserializer::from_str(&t).into_iter::<Value>() {
        match v {
            Ok(v) => items.push(v),
            Err(_) => break,
        }
    }
    (!items.is_empty()).then_some(Value::Array(items))
}

pub fn types(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub fn has_type(v: &Value, names: &[&str]) -> bool {
    types(v).iter().any(|t| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        names.iter().any(|n| t.eq_ignore_ascii_case(n))
    })
}

pub fn is_article(v: &Value) -> bool {
    types(v).iter().any(|t| {
        let t = t
            .rsplit(['/', ':'])
            .next()
            .unwrap_or(t)
            .to_ascii_lowercase();
        t.ends_with("article") || t.ends_with("posting") || t == "report" || t == "review"
    })
}

/// The first element of an array, or the value itself.
pub fn first(v: &Value) -> &Value {
    match v {
        Value::Array(a) => a.first().unwrap_or(v),
        _ => v,
    }
}

/// A string field (or the first string of an array field), entity-decoded
/// and trimmed; `None` when empty.
pub fn str_field(v: &Value, key: &str) -> Option<String> {
    let f = v.get(key)?;
    let s = match first(f) {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("@value").and_then(Value::as_str)?,
        _ => return None,
    };
    let s = super::clean_text(&super::decode_entities(s));
    (!s.is_empty()).then_some(s)
}
