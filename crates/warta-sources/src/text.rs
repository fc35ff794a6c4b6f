//! Bytes to UTF-8 text, and HTML fragments to plain text.

use encoding_rs::Encoding;

/// Decode a document's bytes to UTF-8: byte-order mark first, then the
/// HTTP `charset`, then the XML declaration's `encoding`, else UTF-8 (and
/// windows-1252 when the bytes are not valid UTF-8). UTF-16 and UTF-32
/// without a mark are recognised from how `<?xml` or `<` is spelled.
/// The XML declaration, which would now lie, is removed.
pub(crate) fn decode_document(bytes: &[u8], content_type: Option<&str>) -> String {
    let text = decode_raw(bytes, content_type);
    strip_xml_declaration(&text)
}

fn decode_raw(bytes: &[u8], content_type: Option<&str>) -> String {
    // UTF-32 first: its little-endian mark begins like UTF-16's.
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return decode_utf32(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        return decode_utf32(rest, true);
    }
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[len..])
            .0
            .into_owned();
    }
    match bytes {
        [0, 0, 0, b'<', ..] => return decode_utf32(bytes, true),
        [b'<', 0, 0, 0, ..] => return decode_utf32(bytes, false),
        [0, b'<', ..] => {
            return encoding_rs::UTF_16BE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
        [b'<', 0, ..] => {
            return encoding_rs::UTF_16LE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
        _ => {}
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .or_else(|| xml_declared_encoding(bytes).and_then(|l| Encoding::for_label(l.as_bytes())));
    // A document that is ASCII in its markup cannot really be UTF-16 here
    // (no mark, no zero bytes): a declaration saying so is wrong.
    let declared = declared.map(|e| {
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            e
        }
    });
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks(4)
        .filter(|c| c.len() == 4)
        .map(|c| {
            let a = [c[0], c[1], c[2], c[3]];
            let v = if big_endian {
                u32::from_be_bytes(a)
            } else {
                u32::from_le_bytes(a)
            };
            char::from_u32(v).unwrap_or('\u{FFFD}')
        })
        .collect()
}

/// The `charset` parameter of a Content-Type value.
pub(crate) fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// The `encoding` pseudo-attribute of a leading `<?xml ...?>` declaration.
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.windows(5).position(|w| w == b"<?xml")?;
    let end = head[start..].windows(2).position(|w| w == b"?>")? + start;
    let decl = String::from_utf8_lossy(&head[start..end]).into_owned();
    let p = decl.find("encoding")?;
    let rest = decl[p + 8..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(q)?].trim().to_string())
}

fn strip_xml_declaration(text: &str) -> String {
    let t = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if t.starts_with("<?xml") {
        if let Some(end) = t.find("?>") {
            return t[end + 2..].to_string();
        }
    }
    t.to_string()
}

/// An HTML fragment (or plain text with entities) as plain text: tags
/// dropped, every HTML entity decoded, white space collapsed.
pub(crate) fn html_to_text(s: &str) -> String {
    let plain = if s.contains('<') || s.contains('&') {
        let frag = scraper::Html::parse_fragment(s);
        frag.root_element().text().collect::<String>()
    } else {
        s.to_string()
    };
    collapse_ws(&plain)
}

/// Plain text that may still hold HTML entity references (kept verbatim by
/// the XML reader): entities decoded, `<` left as it is.
pub(crate) fn plain_text(s: &str) -> String {
    if s.contains('&') {
        html_to_text(&s.replace('<', "&lt;"))
    } else {
        collapse_ws(s)
    }
}

/// Standard base64 (white space ignored), as UTF-8 text.
pub(crate) fn decode_base64(s: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        bits = (bits << 6) | v as u32;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Some(trimmed) when non-empty.
pub(crate) fn non_empty(s: impl AsRef<str>) -> Option<String> {
    let t = s.as_ref().trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_legacy_charsets_and_drops_declaration() {
        let bytes = b"<?xml version='1.0' encoding='iso-8859-1'?><a>caf\xe9</a>";
        assert_eq!(decode_document(bytes, None), "<a>caf\u{e9}</a>");
        let koi = b"<a>\xf0\xd2\xc9</a>";
        assert_eq!(
            decode_document(koi, Some("text/xml; charset=\"koi8-r\"")),
            "<a>\u{41f}\u{440}\u{438}</a>"
        );
    }

    #[test]
    fn decodes_utf16_without_bom() {
        let s: Vec<u8> = "<a>é</a>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode_document(&s, None), "<a>é</a>");
    }

    #[test]
    fn base64() {
        assert_eq!(
            decode_base64("RXhhbXBsZSA8Yj5BdG9tPC9iPg==").unwrap(),
            "Example <b>Atom</b>"
        );
        assert_eq!(plain_text("a <b> &eacute;"), "a <b> é");
    }

    #[test]
    fn html_to_text_strips_and_decodes() {
        assert_eq!(
            html_to_text("<b>Kabar</b> &eacute;  &amp; x"),
            "Kabar é & x"
        );
        assert_eq!(html_to_text("a < b"), "a < b");
    }
}
