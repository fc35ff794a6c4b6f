//! The seed page warta was conceived from, checked against its expectations.
//!
//! The page and its expectations live in the shared read-only folder
//! (`../shared` next to the repository), which is never copied into the
//! repository; without it these tests skip with a message.

use serde_json::Value;
use std::path::PathBuf;
use warta_extract::{extract, Article, BlockKind, ExtractOptions};

fn shared_seed() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed"));
    if dir.join("andalpost-putin-kim.txt").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared absent ({} not found)", dir.display());
        None
    }
}

fn load() -> Option<(Article, Value)> {
    let dir = shared_seed()?;
    let bytes = std::fs::read(dir.join("andalpost-putin-kim.txt")).expect("read seed text");
    let expected: Value = serde_json::from_slice(
        &std::fs::read(dir.join("andalpost-putin-kim.expected.json")).expect("read expectations"),
    )
    .expect("expectations are JSON");
    let article = extract(&bytes, &ExtractOptions::default()).expect("seed extracts");
    Some((article, expected))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("expected.{key} is a string"))
}

#[test]
fn seed_title_site_lang_continued() {
    let Some((a, e)) = load() else { return };
    assert_eq!(a.title.as_deref(), Some(s(&e, "title")));
    assert_eq!(a.site.as_deref(), Some(s(&e, "site")));
    assert_eq!(a.lang.as_deref(), Some(s(&e, "lang")));
    assert_eq!(a.continued, e["continued"].as_bool().unwrap());
    assert_eq!(a.published, e["published"].as_str().map(String::from));
}

#[test]
fn seed_headings() {
    let Some((a, e)) = load() else { return };
    let headings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    let want: Vec<&str> = e["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(headings, want);
}

#[test]
fn seed_paragraphs() {
    let Some((a, e)) = load() else { return };
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(
        paragraphs.len() as u64,
        e["body_paragraph_count"].as_u64().unwrap(),
        "paragraphs: {paragraphs:#?}"
    );
    assert_eq!(
        paragraphs.first().copied(),
        Some(s(&e, "body_first_paragraph"))
    );
    assert_eq!(
        paragraphs.last().copied(),
        Some(s(&e, "body_last_paragraph"))
    );
}

#[test]
fn seed_must_not_contain() {
    let Some((a, e)) = load() else { return };
    let body = a.body_text();
    for bad in e["must_not_contain"].as_array().unwrap() {
        let bad = bad.as_str().unwrap();
        assert!(!body.contains(bad), "body contains {bad:?}");
        assert!(
            !a.title.as_deref().unwrap_or("").contains(bad),
            "title contains {bad:?}"
        );
    }
}

#[test]
fn seed_captions_and_credits() {
    let Some((a, e)) = load() else { return };
    let got: Vec<(Option<&str>, Option<&str>)> = a
        .images
        .iter()
        .map(|i| (i.caption.as_deref(), i.credit.as_deref()))
        .collect();
    let want: Vec<(Option<&str>, Option<&str>)> = e["captions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["caption"].as_str(), c["credit"].as_str()))
        .collect();
    assert_eq!(got, want);
    assert!(a.images.iter().all(|i| i.src.is_none()));
}
