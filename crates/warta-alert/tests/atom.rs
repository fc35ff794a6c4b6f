//! Atom feeds parse back with feed-rs.

mod support;

use support::story;
use warta_alert::{atom_entry, feed_path, render_atom, write_atomic, AtomEntry};

#[test]
fn atom_parses_back() {
    let mut s = story(
        "Putin & Kim <bertemu> \"lagi\"",
        "Lead with \u{1} control & <tags>.",
    );
    s.articles[0].outlet = Some("Kabar & Nusa".into());
    let mut e2 = atom_entry(&s);
    e2.id = "urn:warta:story:8".into();
    e2.updated += 60;
    e2.author = None;
    e2.link = "javascript:alert(1)".into();
    let xml = render_atom(
        "korea",
        "Korea <Utara> & Rusia",
        &[e2.clone(), atom_entry(&s)],
    );
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    assert_eq!(feed.id, "urn:warta:feed:korea");
    assert_eq!(feed.title.unwrap().content, "Korea <Utara> & Rusia");
    assert_eq!(feed.updated.unwrap().timestamp(), e2.updated);
    assert_eq!(feed.entries.len(), 2);
    let e = &feed.entries[1];
    assert_eq!(e.id, "urn:warta:story:7");
    assert_eq!(
        e.title.as_ref().unwrap().content,
        "Putin & Kim <bertemu> \"lagi\""
    );
    assert_eq!(
        e.links[0].href,
        "https://kabarnusa.example/berita/putin-kim"
    );
    assert_eq!(
        e.summary.as_ref().unwrap().content,
        "Lead with  control & <tags>."
    );
    assert_eq!(e.authors[0].name.as_deref(), Some("Kabar & Nusa"));
    assert_eq!(e.updated.unwrap().timestamp(), s.last_seen);
    assert!(feed.entries[0].links.is_empty(), "no javascript: links");
    // Pure: the same input gives the same bytes.
    assert_eq!(
        xml,
        render_atom("korea", "Korea <Utara> & Rusia", &[e2, atom_entry(&s)])
    );
}

#[test]
fn an_empty_feed_is_valid() {
    let xml = render_atom("kosong", "", &[]);
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert_eq!(feed.title.unwrap().content, "kosong");
    assert!(feed.entries.is_empty());
}

#[test]
fn written_atomically_to_feeds_name_atom() {
    let dir = std::env::temp_dir().join(format!("warta-alert-atom-{}", std::process::id()));
    let path = feed_path(&dir, "korea").unwrap();
    assert!(path.ends_with("feeds/korea.atom"));
    assert!(feed_path(&dir, "../x").is_none());
    let entry = AtomEntry {
        id: "urn:warta:story:1".into(),
        title: "t".into(),
        link: "https://x.example/".into(),
        updated: 0,
        summary: String::new(),
        author: None,
    };
    write_atomic(&path, render_atom("korea", "K", &[]).as_bytes()).unwrap();
    write_atomic(&path, render_atom("korea", "K", &[entry]).as_bytes()).unwrap();
    let back = std::fs::read(&path).unwrap();
    assert_eq!(feed_rs::parser::parse(&back[..]).unwrap().entries.len(), 1);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
