//! Atom feeds per rule (`feed:NAME` -> `feeds/NAME.atom` in the data
//! folder): a pure renderer and an atomic write.

use crate::message::{is_web_url, outlet_of};
use crate::rule::valid_feed_name;
use crate::story::StoryView;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomEntry {
    /// A stable IRI, such as `urn:warta:story:42`.
    pub id: String,
    pub title: String,
    pub link: String,
    /// Unix seconds.
    pub updated: i64,
    pub summary: String,
    pub author: Option<String>,
}

/// The entry for a story: its first report's title, link, lead and outlet.
pub fn atom_entry(story: &StoryView) -> AtomEntry {
    let first = story.articles.first();
    let title = first
        .map(|a| a.title.trim())
        .filter(|t| !t.is_empty())
        .unwrap_or(story.title.trim());
    AtomEntry {
        id: format!("urn:warta:story:{}", story.id),
        title: title.to_string(),
        link: first.map(|a| a.url.clone()).unwrap_or_default(),
        updated: story.last_seen.max(story.first_seen),
        summary: first.map(|a| a.lead.trim().to_string()).unwrap_or_default(),
        author: first.map(outlet_of).filter(|o| !o.is_empty()),
    }
}

/// XML text: escaped, and without the characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(t: i64) -> String {
    DateTime::<Utc>::from_timestamp(t, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A valid Atom 1.0 document for `entries` (newest first, as given). The
/// feed's `updated` is its newest entry's (the epoch when there is none):
/// the output depends on the input only.
pub fn render_atom(feed_name: &str, title: &str, entries: &[AtomEntry]) -> String {
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(0);
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str(&format!("  <id>urn:warta:feed:{}</id>\n", xml(feed_name)));
    let title = if title.trim().is_empty() {
        feed_name
    } else {
        title
    };
    s.push_str(&format!("  <title>{}</title>\n", xml(title)));
    s.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    // A feed-level author makes entries without one valid.
    s.push_str("  <author><name>warta</name></author>\n");
    s.push_str(&format!(
        "  <generator version=\"{}\">warta</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for e in entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <id>{}</id>\n", xml(&e.id)));
        s.push_str(&format!(
            "    <title type=\"text\">{}</title>\n",
            xml(&e.title)
        ));
        if is_web_url(&e.link) {
            s.push_str(&format!(
                "    <link rel=\"alternate\" href=\"{}\"/>\n",
                xml(&e.link)
            ));
        }
        s.push_str(&format!("    <updated>{}</updated>\n", rfc3339(e.updated)));
        if !e.summary.is_empty() {
            s.push_str(&format!(
                "    <summary type=\"text\">{}</summary>\n",
                xml(&e.summary)
            ));
        }
        if let Some(a) = e.author.as_deref().filter(|a| !a.trim().is_empty()) {
            s.push_str(&format!("    <author><name>{}</name></author>\n", xml(a)));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// `DATA/feeds/NAME.atom`, or `None` for a name that is not safe as a file
/// name.
pub fn feed_path(data_dir: &Path, name: &str) -> Option<PathBuf> {
    valid_feed_name(name).then(|| data_dir.join("feeds").join(format!("{name}.atom")))
}

/// Writes `contents` to `path` so that readers see the old file or the new
/// one, never half of one: a temporary file beside it, flushed to disk,
/// then renamed over it. Creates the folder.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
