//! Near-duplicate precision and recall on copies the test makes itself:
//! each story of the project's story set, its reports joined into one
//! page, is wrapped in the page template
//! of several made-up sites (navigation, share bar, "read also" links,
//! footer), lightly edited (a word swapped, a credit line, the last
//! sentence dropped), extracted again with warta-extract, and grouped
//! with the other stories' pages (look-alike events in the same words),
//! none of which may be taken for a copy.

mod common;

use warta_extract::{extract_html_str, ExtractOptions};
use warta_group::{GroupConfig, Grouper};

/// Three page templates of made-up outlets.
fn wrap(site: usize, title: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    match site {
        0 => format!(
            "<html><head><title>{title} | Kabar Satu</title></head><body>\
             <nav><a href='/'>Beranda</a> <a href='/nasional'>Nasional</a> <a href='/ekonomi'>Ekonomi</a></nav>\
             <article><h1>{title}</h1><div class='byline'>Oleh Redaksi</div>{body}\
             <div class='share'>Bagikan: Facebook Twitter WhatsApp</div></article>\
             <aside class='related'><h3>Baca Juga</h3><ul><li><a href='/a'>Harga cabai naik jelang akhir pekan</a></li>\
             <li><a href='/b'>Jadwal pemadaman listrik pekan depan</a></li></ul></aside>\
             <footer>Hak cipta Kabar Satu. Semua hak dilindungi.</footer></body></html>"
        ),
        1 => format!(
            "<html><head><title>{title} - The Daily Wire Copy</title></head><body>\
             <header><div class='menu'>News Sport Business Opinion Subscribe</div></header>\
             <main><div class='article-body'><h1 class='headline'>{title}</h1>{body}</div>\
             <div class='newsletter'>Sign up for our morning newsletter</div></main>\
             <section class='most-read'><h2>Most read</h2><ol><li><a href='/x'>Ten tips for a cheaper holiday</a></li>\
             <li><a href='/y'>Traffic jams expected on toll roads</a></li></ol></section>\
             <footer>About us | Contact | Privacy policy</footer></body></html>"
        ),
        _ => format!(
            "<html><head><title>{title}</title><meta property='og:site_name' content='Portal Tiga'></head><body>\
             <div id='top-bar'>Login Daftar Cari</div><div class='breadcrumb'>Home &gt; Berita &gt; Daerah</div>\
             <div class='post-content'><h1>{title}</h1><p class='dateline'>Portal Tiga</p>{body}\
             <p>Editor: Admin</p></div><div class='tags'>Tag: berita, terkini</div>\
             <div class='comments'>Tulis komentar Anda</div></body></html>"
        ),
    }
}

/// A light edit, different for each copy.
fn edit(k: usize, paragraphs: &[String]) -> Vec<String> {
    let mut ps: Vec<String> = paragraphs.to_vec();
    match k % 3 {
        0 => {
            // Swap one word in the first paragraph.
            if let Some(p) = ps.first_mut() {
                let mut words: Vec<&str> = p.split(' ').collect();
                if words.len() > 6 {
                    words[5] = "pekan";
                }
                *p = words.join(" ");
            }
        }
        1 => ps.push("(Kontributor daerah; disunting ulang oleh meja redaksi)".to_string()),
        _ => {
            // Drop the last sentence of the last paragraph when there are several.
            if let Some(last) = ps.last_mut() {
                if let Some(cut) = last.trim_end_matches('.').rfind(". ") {
                    last.truncate(cut + 1);
                }
            }
        }
    }
    ps
}

#[test]
fn copies_are_found_and_reports_are_not_copies() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gold/stories.jsonl");
    let text = std::fs::read_to_string(path).expect("data/gold/stories.jsonl");
    // The short reports are too short to judge alone (under the shingle
    // floor); each story's reports joined make one longer original page.
    let mut stories: Vec<(String, String, Vec<String>, String)> = Vec::new();
    let mut docs = Vec::new();
    let mut truth: Vec<Option<String>> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let story = v["story"].as_str().unwrap().to_string();
        let body = v["text"].as_str().unwrap();
        match stories.iter_mut().find(|s| s.0 == story) {
            Some(s) => s.2.extend(body.split('\n').map(str::to_string)),
            None => stories.push((
                story,
                v["title"].as_str().unwrap().to_string(),
                body.split('\n').map(str::to_string).collect(),
                v["published"].as_str().unwrap().to_string(),
            )),
        }
    }
    for (n, (story, title, paragraphs, published)) in stories.iter().enumerate() {
        let id = format!("{story}-original");
        docs.push(common::analysed_doc(
            &id,
            title,
            &paragraphs.join("\n"),
            None,
            Some(published),
            None,
        ));
        truth.push(None);
        for k in 0..3 {
            let html = wrap((n + k) % 3, title, &edit(n + k, paragraphs));
            let article = extract_html_str(&html, &ExtractOptions::default()).unwrap();
            let copy_id = format!("{story}-copy{k}");
            docs.push(common::analysed_doc(
                &copy_id,
                title,
                &article.body_text(),
                None,
                Some(published),
                None,
            ));
            truth.push(Some(id.clone()));
        }
    }
    let mut g = Grouper::new(GroupConfig::default());
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (d, want) in docs.iter().zip(&truth) {
        let p = g.add(d);
        match (&p.duplicate_of, want) {
            (Some(got), Some(w)) if got == w => tp += 1,
            (Some(got), _) => {
                fp += 1;
                println!("false copy: {} -> {got}", d.id);
                if want.is_some() {
                    fn_ += 1;
                }
            }
            (None, Some(_)) => {
                fn_ += 1;
                println!("missed copy: {}\n  {:?}", d.id, d.text);
            }
            (None, None) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "near-duplicates: P {precision:.3} R {recall:.3} ({tp} found, {fp} false, {fn_} missed, {} articles)",
        docs.len()
    );
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.90, "recall {recall:.3}");
}
