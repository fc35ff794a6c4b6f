//! `warta extract` end to end: the real binary, real files, and a real HTTP
//! server on 127.0.0.1 for URLs and following pages.

mod common;

use common::{json, run_with_stdin, warta};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;

fn sample() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/kabarnusa-menlu-jepang.html"
    ))
}

#[test]
fn extracts_the_bundled_sample_as_json() {
    let out = warta().arg("extract").arg(sample()).output().unwrap();
    let article = json(&out);
    assert_eq!(
        article["title"],
        "Menlu Indonesia dan Jepang Sepakati Kerja Sama Maritim"
    );
    assert_eq!(article["blocks"][2]["kind"], "heading");
    assert_eq!(article["images"][0]["credit"], "KabarNusa/Dimas Pratama");
    for field in [
        "url",
        "site",
        "lang",
        "title",
        "published",
        "modified",
        "authors",
        "description",
        "blocks",
        "images",
        "next_page",
        "continued",
    ] {
        assert!(article.get(field).is_some(), "field {field} missing");
    }
}

#[test]
fn text_format_prints_one_block_a_line() {
    let out = warta()
        .args(["extract", "--format", "text"])
        .arg(sample())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(lines[2], "Bantuan kapal patroli");
}

#[test]
fn stdin_and_markdown() {
    let out = run_with_stdin(
        &["extract", "--format", "markdown", "-"],
        &std::fs::read(sample()).unwrap(),
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Menlu Indonesia dan Jepang Sepakati Kerja Sama Maritim"));
    assert!(md.contains("## Bantuan kapal patroli"));
}

#[test]
fn a_folder_gives_json_lines_and_bad_inputs_are_named() {
    let dir = std::env::temp_dir().join(format!("warta-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample(), dir.join("a.html")).unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Judul Berita Pendek\n\nIni paragraf pertama dari teks yang sudah dikeruk, cukup panjang dan berakhir dengan titik.\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.html"), "").unwrap();
    let out = warta().arg("extract").arg(&dir).output().unwrap();
    // One bad input makes the exit code 1 but does not stop the others.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.html") && stderr.contains("empty"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = warta()
        .args(["extract", "/no/such/page.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/no/such/page.html"), "{stderr}");
}

/// Serves `pages` (path, body) on 127.0.0.1 for `requests` requests.
fn serve(pages: Vec<(&'static str, String)>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header == "\r\n" || header.is_empty() {
                    break;
                }
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let response = match pages.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                    body.len(),
                    body
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    format!("http://{addr}")
}

fn page(paragraph: &str, next: Option<&str>) -> String {
    let next = next
        .map(|n| format!(r#"<div class="paging"><a href="{n}">Halaman berikutnya</a></div>"#))
        .unwrap_or_default();
    format!(
        r#"<html><head><title>Banjir Surabaya</title></head><body><article>
        <h1>Banjir Surabaya</h1>
        <p>{paragraph} Hujan deras mengguyur kota, dan petugas bekerja sepanjang malam untuk membersihkan saluran air.</p>
        {next}</article></body></html>"#
    )
}

#[test]
fn fetches_a_url_and_follows_its_pages() {
    let base = serve(
        vec![
            (
                "/berita/banjir",
                page("Halaman satu.", Some("/berita/banjir?page=2")),
            ),
            (
                "/berita/banjir?page=2",
                page("Halaman dua.", Some("/berita/banjir?page=3")),
            ),
            // The third page links back to the second: a loop.
            (
                "/berita/banjir?page=3",
                page("Halaman tiga.", Some("/berita/banjir?page=2")),
            ),
        ],
        3,
    );
    let out = warta()
        .args(["extract", "--follow-pages"])
        .arg(format!("{base}/berita/banjir"))
        .output()
        .unwrap();
    let article = json(&out);
    let texts: Vec<String> = article["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("Halaman satu."));
    assert!(texts[2].starts_with("Halaman tiga."));
    assert_eq!(article["url"], format!("{base}/berita/banjir"));
}

#[test]
fn an_http_error_names_the_url() {
    let base = serve(vec![], 1);
    let out = warta()
        .arg("extract")
        .arg(format!("{base}/missing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/missing") && stderr.contains("404"),
        "{stderr}"
    );
}
