//! Properties of `extract` on arbitrary and hostile input: no panics,
//! determinism, clean blocks, the documented errors, and no stack overflow
//! on absurdly deep markup.

use proptest::prelude::*;
use warta_extract::{extract, extract_text, Article, DecodeError, ExtractError, ExtractOptions};

fn opts() -> ExtractOptions {
    ExtractOptions::default()
}

/// Blocks are never empty and carry no leading, trailing or doubled whitespace.
fn assert_clean_blocks(article: &Article) -> Result<(), TestCaseError> {
    for block in &article.blocks {
        prop_assert!(
            !block.text.is_empty(),
            "empty block in {:?}",
            article.blocks
        );
        let normal = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&block.text, &normal, "block not whitespace-normalised");
    }
    Ok(())
}

/// Runs `extract` twice; both runs must agree exactly.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let first = extract(bytes, &opts());
    let second = extract(bytes, &opts());
    match (&first, &second) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b, "non-deterministic extraction");
            assert_clean_blocks(a)?;
            if a.blocks.is_empty() {
                prop_assert!(a.empty_reason.is_some(), "empty body without empty_reason");
            }
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        _ => prop_assert!(false, "one run failed, the other did not"),
    }
    Ok(())
}

/// Nested HTML built from the elements news pages are made of.
fn html_tree() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        "[A-Za-z ,.]{0,60}",
        "[A-Za-zéü“”—\u{a0}\u{200b} ]{0,40}",
        Just("Baca juga: Berita lain".to_string()),
        Just("Foto: ANTARA/Hafidz Mubarak A".to_string()),
        Just("&amp; &lt; &nbsp; &#x1F600; &bogus;".to_string()),
    ];
    text.prop_recursive(6, 96, 6, |inner| {
        let tag = prop_oneof![
            Just("div"), Just("p"), Just("span"), Just("article"), Just("section"), Just("main"),
            Just("h1"), Just("h2"), Just("h3"), Just("ul"), Just("ol"), Just("li"), Just("blockquote"),
            Just("table"), Just("tr"), Just("td"), Just("figure"), Just("figcaption"), Just("a"),
            Just("b"), Just("i"), Just("script"), Just("style"), Just("nav"), Just("footer"),
            Just("header"), Just("aside"), Just("noscript"), Just("pre"), Just("template"),
        ];
        let attr = prop_oneof![
            Just(String::new()),
            Just(" class=\"article-content\"".to_string()),
            Just(" class=\"share social\"".to_string()),
            Just(" id=\"comments\"".to_string()),
            Just(" hidden".to_string()),
            Just(" itemprop=\"articleBody\"".to_string()),
            "[ a-z=\"]{0,12}",
        ];
        (tag, attr, prop::collection::vec(inner, 0..5), any::<bool>()).prop_map(
            |(tag, attr, children, close)| {
                let mut s = format!("<{tag}{attr}>");
                for c in children {
                    s.push_str(&c);
                }
                if close {
                    s.push_str(&format!("</{tag}>"));
                }
                s
            },
        )
    })
    .prop_map(|body| {
        format!("<!doctype html><html><head><title>Judul Berita</title></head><body>{body}</body></html>")
    })
}

/// Scraped-text-like input: lines of words, CTAs, credits and prompts.
fn text_lines() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[A-Za-z][a-z]{0,8}( [A-Za-z][a-z]{0,8}){0,20}[.?!]?",
        Just("Terima Notifikasi Berita Terkini. 👉 Join Telegram Channel.".to_string()),
        Just("Simak selengkapnya di halaman berikutnya.".to_string()),
        Just("Penulis: Ahmad Santoso | Editor: Rina".to_string()),
        Just("Kamis, 14 Sep 2023 10:15 WIB".to_string()),
        Just("Warga berkumpul Sumber: Rappler".to_string()),
        Just("JAKARTA, KOMPAS.com - Harga naik.".to_string()),
        Just("(Foto: )".to_string()),
        Just("- ".to_string()),
        "[ \t\u{a0}\u{200b}]{0,4}",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check(s.as_bytes())?;
    }

    #[test]
    fn markup_soup_never_panics(s in "[<>/!a-z =\"'&;#\n-]{0,600}") {
        check(s.as_bytes())?;
    }

    #[test]
    fn scraped_text_is_clean_and_deterministic(s in text_lines()) {
        check(s.as_bytes())?;
        let a = extract_text(&s, &opts());
        let b = extract_text(&s, &opts());
        prop_assert_eq!(&a, &b);
        assert_clean_blocks(&a)?;
        if let Some(title) = &a.title {
            prop_assert!(!title.is_empty());
        }
        for image in &a.images {
            prop_assert!(image.caption.is_some() || image.credit.is_some());
        }
    }

    #[test]
    fn split_caption_credit_never_panics(s in any::<String>()) {
        let (caption, credit) = warta_extract::credit::split_caption_credit(&s);
        for part in [caption, credit].into_iter().flatten() {
            prop_assert!(!part.trim().is_empty());
        }
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048), ct in prop::option::of("[a-z/; =\"0-9-]{0,40}")) {
        let _ = warta_extract::decode::decode(&bytes, ct.as_deref());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn nested_html_never_panics(html in html_tree()) {
        check(html.as_bytes())?;
    }
}

#[test]
fn empty_input_is_an_error() {
    assert!(matches!(extract(b"", &opts()), Err(ExtractError::Empty)));
    assert!(matches!(
        extract(b" \n\t\r\n", &opts()),
        Err(ExtractError::Empty)
    ));
}

#[test]
fn binary_input_is_an_error() {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    let err = extract(&png, &opts()).expect_err("PNG is not an article");
    assert!(
        matches!(err, ExtractError::Decode(DecodeError::NotText(_))),
        "{err:?}"
    );
    // The reason is readable.
    assert!(err.to_string().contains("PNG"), "{err}");

    let nul_heavy: Vec<u8> = (0..4096u32)
        .map(|i| if i % 3 == 0 { 0 } else { b'x' })
        .collect();
    let err = extract(&nul_heavy, &opts()).expect_err("NUL-heavy bytes are not text");
    assert!(
        matches!(err, ExtractError::Decode(DecodeError::NotText(_))),
        "{err:?}"
    );
}

#[test]
fn invalid_utf8_is_decoded_not_refused() {
    // Not UTF-8, no declaration: detection decides; the text survives.
    let bytes =
        b"Harga kopi naik \x96 kata pemilik caf\xe9 itu \x96 karena biaya impor naik tajam.";
    let a = extract(bytes, &opts()).expect("legacy-encoded text extracts");
    assert!(a.body_text().contains("café"), "{:?}", a.body_text());
}

#[test]
fn markup_without_body_gives_empty_reason() {
    for page in [
        "<html><head><title>x</title></head><body></body></html>",
        "<!doctype html><html><body><script>var a = 1;</script></body></html>",
        "<html><body><nav><a href=\"/\">Home</a></nav></body></html>",
    ] {
        let a = extract(page.as_bytes(), &opts()).expect("markup extracts");
        assert!(a.blocks.is_empty(), "{page}: {:?}", a.blocks);
        assert!(a.empty_reason.is_some(), "{page}: no empty_reason");
    }
}

#[test]
fn text_without_body_gives_empty_reason() {
    let a = extract(b"Subscribe\nADVERTISEMENT\n", &opts()).expect("text extracts");
    assert!(a.blocks.is_empty());
    assert!(a.empty_reason.is_some());
}

#[test]
fn too_large_input_is_an_error() {
    let big = vec![b'a'; warta_extract::MAX_INPUT_BYTES + 1];
    assert!(matches!(
        extract(&big, &opts()),
        Err(ExtractError::TooLarge { .. })
    ));
}

/// Runs `f` on a thread with an ordinary 2 MB stack: deep recursion
/// anywhere in parsing or extraction would overflow it and abort the test.
fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("extraction panicked on deep nesting");
}

#[test]
fn deep_div_nesting_does_not_overflow() {
    on_small_stack(|| {
        let html = "<div>".repeat(100_000);
        let _ = extract(html.as_bytes(), &ExtractOptions::default());
    });
}

#[test]
fn deep_nesting_with_text_does_not_overflow() {
    on_small_stack(|| {
        let mut html = String::from("<html><body>");
        html.push_str(&"<div><span>".repeat(50_000));
        html.push_str(
            "<p>Pemimpin Korea Utara Kim Jong Un dan Vladimir Putin telah membahas kerja sama.</p>",
        );
        html.push_str(&"</span></div>".repeat(50_000));
        html.push_str("</body></html>");
        let a = extract(html.as_bytes(), &ExtractOptions::default()).expect("deep page extracts");
        let _ = a.body_text();
    });
}

#[test]
fn many_lines_of_text_do_not_overflow() {
    on_small_stack(|| {
        let text = "Paragraf berisi kalimat pendek.\n".repeat(100_000);
        let a = extract(text.as_bytes(), &ExtractOptions::default()).expect("text extracts");
        assert!(!a.blocks.is_empty());
    });
}
