//! Fuzzes `warta_extract::extract` (charset decoding, HTML and text paths)
//! and the text helpers on the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::{extract, extract_text, ExtractOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ExtractOptions::default();
    if let Ok(article) = extract(data, &opts) {
        for block in &article.blocks {
            assert!(!block.text.is_empty(), "empty block");
            assert_eq!(
                block.text,
                block.text.split_whitespace().collect::<Vec<_>>().join(" "),
                "block not whitespace-normalised"
            );
        }
    }
    // The text path and the caption splitter see every input too, not only
    // the ones that do not look like HTML.
    let text = String::from_utf8_lossy(data);
    let _ = extract_text(&text, &opts);
    let _ = warta_extract::credit::split_caption_credit(&text);
});
