//! Charset decoding: header, BOM, meta prescan, detection, binary refusal.

use warta_extract::decode::decode;
use warta_extract::{extract, DecodeError, ExtractError, ExtractOptions};

/// "Café résumé – naïve" in windows-1252 (0x96 is the en dash there).
const CP1252: &[u8] = b"Caf\xe9 r\xe9sum\xe9 \x96 na\xefve";
const CP1252_TEXT: &str = "Café résumé – naïve";

fn utf16le(s: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xff, 0xfe] } else { vec![] };
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn utf16be(s: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xfe, 0xff] } else { vec![] };
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

#[test]
fn plain_utf8() {
    assert_eq!(
        decode("Berita hari ini: “kutipan” — é".as_bytes(), None).unwrap(),
        "Berita hari ini: “kutipan” — é"
    );
}

#[test]
fn utf8_bom_is_dropped() {
    assert_eq!(
        decode(b"\xef\xbb\xbfHalo dunia", None).unwrap(),
        "Halo dunia"
    );
}

#[test]
fn utf16_with_boms() {
    let s = "<p>Halo dunia, apa kabar? Café</p>";
    assert_eq!(decode(&utf16le(s, true), None).unwrap(), s);
    assert_eq!(decode(&utf16be(s, true), None).unwrap(), s);
}

#[test]
fn utf16_without_bom_is_sniffed_not_binary() {
    let s = "<html><body><p>Halo dunia, apa kabar hari ini?</p></body></html>";
    assert_eq!(decode(&utf16le(s, false), None).unwrap(), s);
    assert_eq!(decode(&utf16be(s, false), None).unwrap(), s);
}

#[test]
fn header_charset_windows_1252() {
    let got = decode(CP1252, Some("text/html; charset=windows-1252")).unwrap();
    assert_eq!(got, CP1252_TEXT);
}

#[test]
fn header_iso_8859_1_means_windows_1252() {
    // WHATWG: the label iso-8859-1 decodes as windows-1252, so 0x96 is a dash.
    let got = decode(CP1252, Some("text/html; charset=ISO-8859-1")).unwrap();
    assert_eq!(got, CP1252_TEXT);
}

#[test]
fn header_wins_over_meta() {
    let mut page = b"<html><head><meta charset=\"utf-8\"></head><body>".to_vec();
    page.extend_from_slice(CP1252);
    let got = decode(&page, Some("text/html; charset=\"windows-1252\"")).unwrap();
    assert!(got.ends_with(CP1252_TEXT), "{got}");
}

#[test]
fn header_wins_over_bom() {
    // A UTF-16 header on UTF-16 bytes that carry a BOM: header decides, BOM dropped.
    let bytes = utf16le("Halo dunia", true);
    let got = decode(&bytes, Some("text/plain; charset=utf-16le")).unwrap();
    assert_eq!(got, "Halo dunia");
    // A UTF-8 BOM under a single-byte header is valid UTF-8: the bytes win
    // (as they do for browsers, where the BOM outranks the header).
    let got = decode(b"\xef\xbb\xbfabc", Some("text/plain; charset=windows-1252")).unwrap();
    assert_eq!(got, "abc");
}

#[test]
fn bom_wins_over_meta() {
    let page = "<meta charset=\"windows-1252\"><p>Café</p>";
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(page.as_bytes());
    assert_eq!(decode(&bytes, None).unwrap(), page);
}

#[test]
fn meta_charset() {
    let mut page =
        b"<!doctype html><html><head><meta charset=\"iso-8859-1\"><title>x</title></head><body><p>"
            .to_vec();
    page.extend_from_slice(CP1252);
    let got = decode(&page, None).unwrap();
    assert!(got.contains(CP1252_TEXT), "{got}");
}

#[test]
fn meta_http_equiv() {
    let mut page = b"<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>".to_vec();
    page.extend_from_slice(CP1252);
    let got = decode(&page, None).unwrap();
    assert!(got.contains(CP1252_TEXT), "{got}");
}

#[test]
fn meta_after_a_long_comment_is_found() {
    // Past WHATWG's 1024 bytes but inside our 4096-byte prescan.
    let mut page = format!(
        "<html><head><!-- {} --><script>var a = 1;</script>",
        "x".repeat(1500)
    )
    .into_bytes();
    page.extend_from_slice(b"<meta charset=\"windows-1252\"></head><body><p>");
    page.extend_from_slice(b"\x93Kutipan\x94 di sini");
    let got = decode(&page, None).unwrap();
    assert!(got.contains("“Kutipan” di sini"), "{got}");
}

#[test]
fn meta_inside_comment_is_ignored() {
    let page = "<html><!-- <meta charset=\"windows-1252\"> --><p>Café ü</p>";
    assert_eq!(decode(page.as_bytes(), None).unwrap(), page);
}

#[test]
fn stale_single_byte_declaration_on_utf8_bytes() {
    // A page that says ISO-8859-1 but is UTF-8 reads as UTF-8, not mojibake.
    let page = "<meta charset=\"iso-8859-1\"><p>Café résumé — “naïve”</p>";
    assert_eq!(decode(page.as_bytes(), None).unwrap(), page);
    let got = decode(
        "Café résumé".as_bytes(),
        Some("text/html; charset=iso-8859-1"),
    )
    .unwrap();
    assert_eq!(got, "Café résumé");
}

#[test]
fn false_utf8_declaration_on_legacy_bytes() {
    // Servers often claim UTF-8 for windows-1252 pages; replacement
    // characters would destroy every accented letter.
    let page = b"<meta charset=\"utf-8\"><p>Kami bertemu di caf\xe9 itu. Dia bilang \x93ini r\xe9sum\xe9 saya\x94 dan pergi.</p>";
    let got = decode(page, None).unwrap();
    assert!(
        got.contains("café") && got.contains("“ini résumé saya”"),
        "{got}"
    );
    let got = decode(
        b"Stra\xdfe in M\xfcnchen, die \xc4nderung sei n\xf6tig.",
        Some("text/html; charset=utf-8"),
    )
    .unwrap();
    assert!(got.contains("Straße in München"), "{got}");
    assert!(!got.contains('\u{fffd}'), "{got}");
}

#[test]
fn undeclared_windows_1252_is_detected() {
    let text = b"Kami bertemu di caf\xe9 itu kemarin. Dia bilang \x93ini r\xe9sum\xe9 saya\x94 dan pergi. \
Harga kopi naik \x96 kata pemiliknya \x96 karena biaya impor naik.";
    let got = decode(text, None).unwrap();
    assert!(got.contains("café"), "{got}");
    assert!(got.contains("“ini résumé saya”"), "{got}");
    assert!(got.contains(" – kata"), "{got}");
}

#[test]
fn undeclared_german_latin1_is_detected() {
    let text = b"Die Stra\xdfe in M\xfcnchen war gestern gesperrt. Der B\xfcrgermeister sagte, die \xc4nderung sei n\xf6tig.";
    let got = decode(text, None).unwrap();
    assert!(got.contains("Straße in München"), "{got}");
    assert!(got.contains("Änderung sei nötig"), "{got}");
}

#[test]
fn undeclared_gbk_is_detected() {
    let (bytes, _, _) =
        encoding_rs::GBK.encode("新闻报道：今天北京天气晴朗，气温适宜，市民纷纷外出游玩。");
    let got = decode(&bytes, None).unwrap();
    assert_eq!(
        got,
        "新闻报道：今天北京天气晴朗，气温适宜，市民纷纷外出游玩。"
    );
}

#[test]
fn truncated_utf8_at_the_end_stays_utf8() {
    let mut bytes = "Berita “terkini” dari Jakarta — café".as_bytes().to_vec();
    bytes.extend_from_slice(&"—".as_bytes()[..2]);
    let got = decode(&bytes, None).unwrap();
    assert!(
        got.starts_with("Berita “terkini” dari Jakarta — café"),
        "{got}"
    );
}

#[test]
fn binary_signatures_are_refused() {
    for (bytes, what) in [
        (&b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..], "PNG"),
        (&b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"[..], "PDF"),
        (&b"\x1f\x8b\x08\x00\x00\x00\x00\x00"[..], "gzip"),
        (&b"GIF89a\x01\x00\x01\x00"[..], "GIF"),
        (&b"\xff\xd8\xff\xe0\x00\x10JFIF"[..], "JPEG"),
        (&b"PK\x03\x04\x14\x00"[..], "ZIP"),
    ] {
        match decode(bytes, None) {
            Err(DecodeError::NotText(reason)) => assert!(reason.contains(what), "{what}: {reason}"),
            Ok(s) => panic!("{what} decoded as text: {s:?}"),
        }
    }
}

#[test]
fn nul_heavy_bytes_are_refused() {
    let mut bytes = b"some text ".to_vec();
    for i in 0..600u32 {
        bytes.extend_from_slice(&i.to_le_bytes());
    }
    match decode(&bytes, None) {
        Err(DecodeError::NotText(reason)) => assert!(reason.contains("NUL"), "{reason}"),
        Ok(_) => panic!("decoded"),
    }
}

#[test]
fn control_heavy_bytes_are_refused() {
    let bytes: Vec<u8> = (0..2000u32)
        .map(|i| if i % 4 == 0 { 0x01 } else { b'a' })
        .collect();
    match decode(&bytes, None) {
        Err(DecodeError::NotText(reason)) => assert!(reason.contains("control"), "{reason}"),
        Ok(_) => panic!("decoded"),
    }
}

#[test]
fn a_stray_nul_is_tolerated_and_removed() {
    assert_eq!(decode(b"Halo\x00 dunia", None).unwrap(), "Halo dunia");
}

#[test]
fn text_starting_like_a_magic_word_is_text() {
    assert_eq!(
        decode(b"MZ adalah inisial penulis.", None).unwrap(),
        "MZ adalah inisial penulis."
    );
    assert_eq!(
        decode(b"BZh... kata dia.", None).unwrap(),
        "BZh... kata dia."
    );
}

#[test]
fn extract_maps_binary_to_an_error() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
    assert!(matches!(
        extract(png, &ExtractOptions::default()),
        Err(ExtractError::Decode(DecodeError::NotText(_)))
    ));
}

#[test]
fn utf8_bytes_under_a_stale_multibyte_declaration_are_utf8() {
    let page = "<html><head><meta http-equiv=\"content-type\" content=\"text/html;charset=GB2312\"></head><body><p>促进航天技术更好惠及人民</p></body></html>";
    let text = warta_extract::decode::decode(page.as_bytes(), None).unwrap();
    assert!(text.contains("促进航天技术更好惠及人民"));
}
