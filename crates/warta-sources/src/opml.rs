//! OPML subscription lists: reading the feeds (with the folder each sits
//! in) and writing them back.

use serde::{Deserialize, Serialize};

use crate::text::{decode_document, non_empty};
use crate::xml::{self, Element};

/// One subscribed feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpmlOutline {
    /// `text`, else `title`, else the feed URL.
    pub title: String,
    /// `xmlUrl`: the feed.
    pub xml_url: String,
    /// `htmlUrl`: the site.
    pub html_url: Option<String>,
    /// The folder: the enclosing outlines' titles joined by `/`, else the
    /// outline's own `category` attribute.
    pub category: Option<String>,
}

/// Why bytes are not OPML.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpmlError {
    #[error("the document is empty")]
    Empty,
    #[error("not OPML: the document's root is {0}")]
    NotOpml(String),
}

/// The feeds listed in an OPML document, in document order. Outlines
/// without `xmlUrl` are folders; the feeds inside carry their name.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlOutline>, OpmlError> {
    let text = decode_document(bytes, None);
    if text.trim().is_empty() {
        return Err(OpmlError::Empty);
    }
    let doc = xml::parse(&text);
    let root = doc.root().ok_or_else(|| OpmlError::NotOpml("not XML".into()))?;
    if !root.local.eq_ignore_ascii_case("opml") {
        return Err(OpmlError::NotOpml(format!("<{}>", root.name)));
    }
    let mut out = Vec::new();
    if let Some(body) = root.child("body") {
        walk(body, &mut Vec::new(), &mut out);
    }
    Ok(out)
}

fn walk(parent: &Element, folders: &mut Vec<String>, out: &mut Vec<OpmlOutline>) {
    for o in parent.elements().filter(|e| e.local.eq_ignore_ascii_case("outline")) {
        let attr = |k: &str| {
            o.attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .and_then(|(_, v)| non_empty(v))
        };
        let title = attr("text").or_else(|| attr("title"));
        match attr("xmlUrl") {
            Some(xml_url) => {
                let category = if folders.is_empty() {
                    attr("category").map(|c| c.trim_matches('/').to_string()).and_then(non_empty)
                } else {
                    Some(folders.join("/"))
                };
                out.push(OpmlOutline {
                    title: title.unwrap_or_else(|| xml_url.clone()),
                    xml_url,
                    html_url: attr("htmlUrl"),
                    category,
                });
                // A feed outline with children is odd; its children still count.
                walk(o, folders, out);
            }
            None => {
                let pushed = title.is_some();
                if let Some(t) = title {
                    folders.push(t);
                }
                walk(o, folders, out);
                if pushed {
                    folders.pop();
                }
            }
        }
    }
}

/// Write an OPML 2.0 document: feeds without a category at the top,
/// the others in one folder per category (in order of first appearance).
pub fn write_opml(title: &str, outlines: &[OpmlOutline]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n");
    s.push_str(&format!("    <title>{}</title>\n  </head>\n  <body>\n", esc(title)));
    let mut categories: Vec<&str> = Vec::new();
    for o in outlines {
        match o.category.as_deref() {
            None => s.push_str(&format!("    {}\n", feed_outline(o))),
            Some(c) if !categories.contains(&c) => categories.push(c),
            Some(_) => {}
        }
    }
    for c in categories {
        s.push_str(&format!("    <outline text=\"{}\">\n", esc(c)));
        for o in outlines.iter().filter(|o| o.category.as_deref() == Some(c)) {
            s.push_str(&format!("      {}\n", feed_outline(o)));
        }
        s.push_str("    </outline>\n");
    }
    s.push_str("  </body>\n</opml>\n");
    s
}

fn feed_outline(o: &OpmlOutline) -> String {
    let mut s = format!(
        "<outline type=\"rss\" text=\"{}\" title=\"{}\" xmlUrl=\"{}\"",
        esc(&o.title),
        esc(&o.title),
        esc(&o.xml_url)
    );
    if let Some(h) = &o.html_url {
        s.push_str(&format!(" htmlUrl=\"{}\"", esc(h)));
    }
    s.push_str("/>");
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_folders_and_round_trips() {
        let src = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>Langganan</title></head><body>
  <outline text="Nasional">
    <outline text="Kabar Nusa" type="rss" xmlUrl="https://kabar.example.id/rss" htmlUrl="https://kabar.example.id/"/>
    <outline text="Daerah"><outline title="Warta Bali" xmlUrl="https://bali.example.id/feed"/></outline>
  </outline>
  <outline text="World &amp; Co" xmlUrl="https://world.example.com/atom.xml" category="/Dunia/Berita"/>
  <outline text="Folder kosong"/>
</body></opml>"#;
        let got = parse_opml(src.as_bytes()).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].category.as_deref(), Some("Nasional"));
        assert_eq!(got[0].html_url.as_deref(), Some("https://kabar.example.id/"));
        assert_eq!(got[1].title, "Warta Bali");
        assert_eq!(got[1].category.as_deref(), Some("Nasional/Daerah"));
        assert_eq!(got[2].title, "World & Co");
        assert_eq!(got[2].category.as_deref(), Some("Dunia/Berita"));

        // Writing groups by category; reading that back gives the same list
        // (uncategorised first, then by folder).
        let mut grouped = vec![got[2].clone(), got[0].clone(), got[1].clone()];
        grouped[0].category = None;
        let written = write_opml("Langganan \"warta\"", &grouped);
        assert_eq!(parse_opml(written.as_bytes()).unwrap(), grouped);
    }

    #[test]
    fn errors() {
        assert_eq!(parse_opml(b""), Err(OpmlError::Empty));
        assert_eq!(parse_opml(b"<rss/>"), Err(OpmlError::NotOpml("<rss>".into())));
    }
}
