//! warta's language layer: tokens, sentences, stems and language
//! identification for Indonesian and English news text.
//!
//! Everything here is pure: text in, values out, no I/O. Word lists are
//! embedded in the binary at compile time. Offsets count Unicode
//! characters, as the rest of warta's output does.

mod abbrev;
pub mod fxhash;
pub mod langid;
pub mod sentence;
pub mod stem;
pub mod token;

pub use langid::{detect_language, Lang};
pub use sentence::{split_sentences, tokenize_and_split, Sentence};
pub use stem::{split_clitics, stem, stem_en, stem_id, Clitics};
pub use token::{tokenize, Token, TokenKind};
