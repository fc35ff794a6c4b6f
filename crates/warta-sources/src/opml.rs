//! OPML: the lists of feeds that readers import and export.
//!
//! (Written by the lead alongside the feed parser; extend, don't replace.)

use crate::xml;

/// One feed of an OPML file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlOutline {
    pub title: Option<String>,
    pub xml_url: Option<String>,
    pub html_url: Option<String>,
    /// The folder it sits in (the parent outline's title), or its own
    /// `category` attribute.
    pub category: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpmlError {
    #[error("not OPML: the document's root is {0}")]
    NotOpml(String),
    #[error("not OPML: no XML elements")]
    Empty,
}

/// The feeds of an OPML file (outlines with an `xmlUrl`), folders
/// flattened into categories.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlOutline>, OpmlError> {
    let text = String::from_utf8_lossy(bytes);
    let doc = xml::parse(text.trim_start_matches('\u{feff}'));
    let root = doc.root().ok_or(OpmlError::Empty)?;
    if !root.local.eq_ignore_ascii_case("opml") {
        return Err(OpmlError::NotOpml(format!("<{}>", root.local)));
    }
    let mut out = Vec::new();
    if let Some(body) = root.child("body") {
        walk(body, None, &mut out);
    }
    Ok(out)
}

fn walk(parent: &xml::Element, category: Option<&str>, out: &mut Vec<OpmlOutline>) {
    for outline in parent
        .elements()
        .filter(|e| e.local.eq_ignore_ascii_case("outline"))
    {
        let attr = |name: &str| {
            outline
                .attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let title = attr("title").or_else(|| attr("text"));
        match attr("xmlUrl") {
            Some(xml_url) => out.push(OpmlOutline {
                title,
                xml_url: Some(xml_url),
                html_url: attr("htmlUrl"),
                category: attr("category").or_else(|| category.map(str::to_string)),
            }),
            None => walk(outline, title.as_deref().or(category), out),
        }
    }
}

/// Writes outlines as OPML 2.0, grouped in folders by category.
pub fn write_opml(title: &str, outlines: &[OpmlOutline]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!(
        "  <head><title>{}</title></head>\n  <body>\n",
        escape(title)
    ));
    let mut categories: Vec<Option<&str>> =
        outlines.iter().map(|o| o.category.as_deref()).collect();
    categories.sort();
    categories.dedup();
    for category in categories {
        let indent = if category.is_some() { "      " } else { "    " };
        if let Some(c) = category {
            out.push_str(&format!(
                "    <outline text=\"{0}\" title=\"{0}\">\n",
                escape(c)
            ));
        }
        for o in outlines
            .iter()
            .filter(|o| o.category.as_deref() == category)
        {
            let name = o.title.as_deref().or(o.xml_url.as_deref()).unwrap_or("");
            out.push_str(&format!(
                "{indent}<outline type=\"rss\" text=\"{0}\" title=\"{0}\"",
                escape(name)
            ));
            if let Some(x) = &o.xml_url {
                out.push_str(&format!(" xmlUrl=\"{}\"", escape(x)));
            }
            if let Some(h) = &o.html_url {
                out.push_str(&format!(" htmlUrl=\"{}\"", escape(h)));
            }
            out.push_str("/>\n");
        }
        if category.is_some() {
            out.push_str("    </outline>\n");
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folders_become_categories_and_round_trip() {
        let opml = br#"<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
            <outline text="Indonesia">
              <outline text="Kabar Nusa" type="rss" xmlUrl="https://kabarnusa.example/rss" htmlUrl="https://kabarnusa.example/"/>
              <outline title="Warta &amp; Co" xmlUrl="https://warta.example/feed"/>
            </outline>
            <outline text="World" xmlUrl="https://world.example/atom"/>
            <outline text="no feed"/>
        </body></opml>"#;
        let outlines = parse_opml(opml).unwrap();
        assert_eq!(outlines.len(), 3);
        assert_eq!(outlines[0].category.as_deref(), Some("Indonesia"));
        assert_eq!(outlines[1].title.as_deref(), Some("Warta & Co"));
        assert_eq!(outlines[2].category, None);
        let again = parse_opml(write_opml("warta", &outlines).as_bytes()).unwrap();
        let mut a = outlines.clone();
        let mut b = again.clone();
        a.sort_by(|x, y| x.xml_url.cmp(&y.xml_url));
        b.sort_by(|x, y| x.xml_url.cmp(&y.xml_url));
        assert_eq!(a, b);
        assert!(matches!(parse_opml(b"<rss/>"), Err(OpmlError::NotOpml(_))));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_opml(&bytes);
        }

        #[test]
        fn round_trips(titles in proptest::collection::vec("[^\u{0}]{0,20}", 0..5)) {
            let outlines: Vec<OpmlOutline> = titles.iter().enumerate().map(|(i, t)| OpmlOutline {
                title: Some(t.trim().to_string()).filter(|t| !t.is_empty()),
                xml_url: Some(format!("https://x.example/{i}?a=1&b=2")),
                html_url: None,
                category: None,
            }).collect();
            let back = parse_opml(write_opml("t", &outlines).as_bytes()).unwrap();
            prop_assert_eq!(back.len(), outlines.len());
            for (a, b) in outlines.iter().zip(&back) {
                prop_assert_eq!(&a.xml_url, &b.xml_url);
            }
        }
    }
}
