//! Page metadata and date parsing: unit tests on small pages we write
//! ourselves, and properties that must hold for any input.

use scraper::Html;
use url::Url;
use warta_extract::dates::parse_date;
use warta_extract::metadata::extract_metadata;

fn meta(html: &str, url: Option<&str>) -> warta_extract::metadata::Metadata {
    let doc = Html::parse_document(html);
    let url = url.and_then(|u| Url::parse(u).ok());
    extract_metadata(&doc, url.as_ref())
}

/// Runs the metadata extractor over a folder of pages and writes one JSON
/// file per page, for `score_metadata.py --outputs`. Not a test: run with
/// `WARTA_META_IN=dir WARTA_META_OUT=dir cargo test --test metadata dump -- --ignored`.
#[test]
#[ignore]
fn dump() {
    let (Ok(input), Ok(output)) = (
        std::env::var("WARTA_META_IN"),
        std::env::var("WARTA_META_OUT"),
    ) else {
        return;
    };
    std::fs::create_dir_all(&output).unwrap();
    for entry in std::fs::read_dir(&input).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(id) = name.strip_suffix(".html") else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let html = String::from_utf8_lossy(&bytes);
        let m = meta(&html, None);
        let out = serde_json::json!({
            "title": m.title, "published": m.published, "modified": m.modified,
            "authors": m.authors, "site": m.site, "lang": m.lang,
            "description": m.description, "url": m.canonical_url,
        });
        std::fs::write(format!("{output}/{id}.json"), out.to_string()).unwrap();
    }
}

#[test]
fn smoke() {
    let m = meta(
        r#"<html lang="id-ID"><head><title>Judul - Kompas.com</title>
        <meta property="og:site_name" content="Kompas.com"></head>
        <body><h1>Judul</h1></body></html>"#,
        Some("https://nasional.kompas.com/read/2023/09/14/10150001/judul"),
    );
    assert_eq!(m.title.as_deref(), Some("Judul"));
    assert_eq!(m.lang.as_deref(), Some("id"));
    assert_eq!(m.published.as_deref(), Some("2023-09-14"));
    assert!(parse_date("").is_none());
}
