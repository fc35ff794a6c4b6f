//! Turning bytes in any charset into a `String`.
//!
//! Order of evidence: the HTTP `Content-Type` charset, the byte-order mark,
//! a `<meta>` declaration near the top, then the bytes themselves (valid
//! UTF-8, else chardetng). Labels go through encoding_rs, i.e. the WHATWG
//! Encoding Standard, so "iso-8859-1" and "ascii" mean windows-1252, as
//! browsers read them.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Why bytes could not be decoded as text.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("input is not text: {0}")]
    NotText(String),
}

/// How many bytes the `<meta charset>` prescan looks at. WHATWG says 1024;
/// real pages often put long comments or scripts first, so we look further.
const PRESCAN_BYTES: usize = 4096;

/// How many bytes the binary sniffing looks at.
const SNIFF_BYTES: usize = 1024;

/// chardetng gains little past this; the cap keeps detection cheap on big inputs.
const DETECT_BYTES: usize = 1024 * 1024;

/// Where the encoding decision came from; decides how much the bytes may
/// overrule it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Header,
    Bom,
    Meta,
    Sniffed,
}

/// Decodes bytes using the HTTP header's charset, the BOM, `<meta charset>`,
/// or detection, in that order. Valid UTF-8 comes back borrowed.
pub fn decode<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
) -> Result<Cow<'a, str>, DecodeError> {
    let (encoding, source) = choose_encoding(bytes, content_type);
    let is_utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    if !is_utf16 {
        if let Some(reason) = binary_reason(bytes) {
            return Err(DecodeError::NotText(reason));
        }
    }
    let text = match source {
        // The BOM chose the encoding, so it is never part of the text.
        Source::Bom => {
            let bom_len = Encoding::for_bom(bytes).map_or(0, |(_, n)| n);
            encoding
                .decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default())
                .0
        }
        // A BOM for the chosen encoding is dropped; any other is left alone,
        // since the header or meta declaration outranks it here.
        _ => encoding.decode_with_bom_removal(bytes).0,
    };
    // NUL never belongs in article text and upsets downstream tools.
    let text = if memchr::memchr(0, text.as_bytes()).is_some() {
        Cow::Owned(text.replace('\0', ""))
    } else {
        text
    };
    Ok(text)
}

/// Picks the encoding and says what decided it.
fn choose_encoding(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, Source) {
    if let Some(enc) = content_type.and_then(charset_from_content_type) {
        return (overrule_if_utf8(enc, bytes), Source::Header);
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, Source::Bom);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return (enc, Source::Sniffed);
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(enc) = prescan_meta(head).or_else(|| xml_declaration(head)) {
        // An ASCII-compatible document cannot really be UTF-16 (WHATWG rule).
        let enc = if enc == UTF_16LE || enc == UTF_16BE {
            UTF_8
        } else {
            enc
        };
        return (overrule_if_utf8(enc, bytes), Source::Meta);
    }
    (sniff(bytes), Source::Sniffed)
}

/// A declared single-byte charset on bytes that are valid UTF-8 with
/// non-ASCII content is almost always a stale declaration (servers that
/// default to ISO-8859-1, templates copied between sites): legacy text is
/// practically never valid UTF-8 by chance, so the bytes win.
///
/// The converse also holds: a UTF-8 declaration on bytes that are plainly
/// not UTF-8 would turn every accented letter into U+FFFD, so detection
/// takes over.
fn overrule_if_utf8(declared: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if declared == UTF_8 {
        return if looks_utf8(bytes) {
            UTF_8
        } else {
            sniff(bytes)
        };
    }
    if !declared.is_single_byte() {
        // Legacy multi-byte text (GBK, Shift_JIS, EUC-KR) is practically
        // never valid UTF-8 at length, so strictly valid UTF-8 wins here too
        // (pages re-saved as UTF-8 keep their old declaration).
        let strictly_utf8 = !bytes.is_ascii() && Encoding::utf8_valid_up_to(bytes) == bytes.len();
        return if strictly_utf8 { UTF_8 } else { declared };
    }
    if !bytes.is_ascii() && looks_utf8(bytes) {
        return UTF_8;
    }
    declared
}

/// The encoding named by a `Content-Type` header's `charset` parameter.
fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        Encoding::for_label(value.as_bytes())
    })
}

/// UTF-16 without a BOM: ASCII-range text shows up as NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // Mostly-NUL on one side, almost none on the other: a binary format
    // rarely has this shape, and text in Latin scripts always does.
    let one_side = |a: usize, b: usize| a * 10 >= pairs * 7 && b * 20 <= pairs;
    if one_side(odd_nul, even_nul) {
        Some(UTF_16LE)
    } else if one_side(even_nul, odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Why the bytes are not text, if they are not.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive (or an Office document)"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xfd7zXZ\x00", "xz-compressed data"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
        (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
        (b"\x7fELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "legacy Office document",
        ),
        (b"OggS", "Ogg media"),
        (b"fLaC", "FLAC audio"),
        (b"ID3", "MP3 audio"),
        (b"\x00\x00\x00\x1cftyp", "MP4 media"),
        (b"\x00\x00\x00\x20ftyp", "MP4 media"),
        (b"\x00\x00\x00\x18ftyp", "MP4 media"),
        (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
        (b"wOFF", "WOFF font"),
        (b"wOF2", "WOFF2 font"),
        (b"SQLite format 3\x00", "SQLite database"),
    ];
    for (magic, what) in MAGIC {
        // "MZ" and "BZh" are plausible text openings; they only count with
        // control bytes behind them.
        let weak = magic.len() <= 3 && magic.iter().all(|b| b.is_ascii_graphic());
        if bytes.starts_with(magic) && (!weak || control_share(bytes) > 0.0) {
            return Some(format!("{what} signature"));
        }
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12).is_some_and(|t| t == b"WEBP") {
        return Some("WebP image signature".into());
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.is_empty() {
        return None;
    }
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    // One stray NUL happens in scraped text; a few percent never does.
    if nuls > 1 && nuls * 100 > sample.len() {
        return Some(format!(
            "{nuls} NUL bytes in the first {} bytes",
            sample.len()
        ));
    }
    let share = control_share(sample);
    if share > 0.10 {
        return Some(format!(
            "{:.0}% control characters in the first {} bytes",
            share * 100.0,
            sample.len()
        ));
    }
    None
}

/// Share of C0 control bytes other than the whitespace ones text uses.
fn control_share(bytes: &[u8]) -> f64 {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.is_empty() {
        return 0.0;
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    controls as f64 / sample.len() as f64
}

/// No declaration: the bytes decide.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if looks_utf8(bytes) {
        return UTF_8;
    }
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let last = sample.len() == bytes.len();
    detector.feed(sample, last);
    // We already know the bytes are not clean UTF-8, so UTF-8 is not an
    // answer chardetng should give.
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == UTF_16LE || guess == UTF_16BE {
        WINDOWS_1252
    } else {
        guess
    }
}

/// Valid UTF-8, allowing a sequence cut off at the very end (inputs are
/// often truncated at a byte limit) and the odd stray byte in a long text
/// whose non-ASCII content is otherwise clearly UTF-8.
fn looks_utf8(bytes: &[u8]) -> bool {
    // The common case, checked by encoding_rs's validator (faster on
    // mostly-ASCII pages than the standard library's).
    if Encoding::utf8_valid_up_to(bytes) == bytes.len() {
        return true;
    }
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        let at_end = chunks.peek().is_none();
        // An incomplete sequence at the very end is a truncation, not evidence.
        if at_end && multibyte > 0 && bad.len() < 4 && bad[0] >= 0xc2 {
            continue;
        }
        invalid += 1;
    }
    invalid == 0 || (multibyte >= 20 && invalid * 50 <= multibyte)
}

/// The WHATWG `<meta>` prescan, simplified: finds `<meta charset=...>` or
/// `<meta http-equiv="content-type" content="...charset=...">`, skipping
/// comments.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(head.len(), |p| p + 7);
            continue;
        }
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (rest[5].is_ascii_whitespace() || rest[5] == b'/')
        {
            let (attrs, used) = parse_attributes(&rest[5..]);
            if let Some(enc) = meta_charset(&attrs) {
                return Some(enc);
            }
            i += 5 + used;
            continue;
        }
        i += 1;
    }
    None
}

fn meta_charset(attrs: &[(String, String)]) -> Option<&'static Encoding> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(label) = get("charset") {
        return Encoding::for_label(label.trim().as_bytes());
    }
    let pragma = get("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
    if pragma {
        return get("content").and_then(charset_from_meta_content);
    }
    None
}

/// `text/html; charset=windows-1252` inside a meta `content` attribute.
fn charset_from_meta_content(content: &str) -> Option<&'static Encoding> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// `<?xml version="1.0" encoding="ISO-8859-1"?>` at the very top: XHTML
/// pages sometimes declare their charset only there.
fn xml_declaration(head: &[u8]) -> Option<&'static Encoding> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &head[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = find(rest, b"?>")?;
    let decl = String::from_utf8_lossy(&rest[5..end]).to_ascii_lowercase();
    let at = decl.find("encoding")?;
    let value = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    let label = &value[..value.find(quote)?];
    Encoding::for_label(label.trim().as_bytes())
}

/// Parses tag attributes up to `>`; returns lower-cased names with their
/// values and the number of bytes consumed.
pub(crate) fn parse_attributes(s: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    let n = s.len();
    loop {
        while i < n && (s[i].is_ascii_whitespace() || s[i] == b'/') {
            i += 1;
        }
        if i >= n || s[i] == b'>' {
            return (attrs, (i + 1).min(n));
        }
        let name_start = i;
        while i < n && !s[i].is_ascii_whitespace() && !matches!(s[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&s[name_start..i]).to_ascii_lowercase();
        while i < n && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < n && s[i] == b'=' {
            i += 1;
            while i < n && s[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (s[i] == b'"' || s[i] == b'\'') {
                let quote = s[i];
                i += 1;
                let v_start = i;
                while i < n && s[i] != quote {
                    i += 1;
                }
                value = String::from_utf8_lossy(&s[v_start..i]).into_owned();
                i = (i + 1).min(n);
            } else {
                let v_start = i;
                while i < n && !s[i].is_ascii_whitespace() && s[i] != b'>' {
                    i += 1;
                }
                value = String::from_utf8_lossy(&s[v_start..i]).into_owned();
            }
        }
        if name.is_empty() {
            // A stray '=' or similar: step over it so the loop always advances.
            i += 1;
            continue;
        }
        // The first occurrence of an attribute wins, as in HTML.
        if !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_parsing() {
        assert_eq!(
            charset_from_content_type("text/html; charset=ISO-8859-1"),
            Some(WINDOWS_1252)
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=\"utf-8\""),
            Some(UTF_8)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_content_type("text/html; charset=bogus"), None);
    }

    #[test]
    fn meta_prescan_forms() {
        assert_eq!(
            prescan_meta(b"<meta charset=\"gbk\">"),
            Encoding::for_label(b"gbk")
        );
        assert_eq!(
            prescan_meta(
                b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-2'>"
            ),
            Encoding::for_label(b"iso-8859-2")
        );
        assert_eq!(prescan_meta(b"<!-- <meta charset=gbk> --><p>"), None);
        assert_eq!(prescan_meta(b"<meta name=x content='charset=gbk'>"), None);
        assert_eq!(prescan_meta(b"<meta"), None);
        assert_eq!(prescan_meta(b"<meta =>"), None);
    }

    #[test]
    fn xml_decl() {
        assert_eq!(
            xml_declaration(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>"),
            Some(WINDOWS_1252)
        );
        assert_eq!(xml_declaration(b"<?xml version=\"1.0\"?>"), None);
    }

    #[test]
    fn truncated_utf8_still_utf8() {
        let s = "Caf\u{e9} ".repeat(3);
        let mut b = s.into_bytes();
        b.extend_from_slice(&[0xe2, 0x82]);
        assert!(looks_utf8(&b));
        assert!(!looks_utf8(b"caf\xe9 au lait"));
    }
}
