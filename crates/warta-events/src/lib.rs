//! Events: who did what to whom, when and where, coded in CAMEO from
//! Indonesian and English sentences, with no parser.
//!
//! Pure: analysed text in (sentences, entities, dates), events out. The
//! coder reads each sentence as a row of actor mentions and verbs:
//!
//! 1. **Actors** come from the entities (leaders, countries, capitals,
//!    organisations, each with a CAMEO code), from agent words composed
//!    with a country ("polisi Malaysia", "Israeli troops" → MYSCOP, ISRMIL),
//!    and from user dictionaries. Actors joined by "dan"/"and" form one
//!    compound group.
//! 2. **Verbs** are looked up by surface form (Indonesian active me-/ber-
//!    and passive di-/ter- forms; English inflections derived from the
//!    lemma); a sense with an object condition ("menjatuhkan sanksi") wins
//!    over the bare verb.
//! 3. **Roles** come from the sentence's shape: the nearest group before
//!    the verb in its clause is the subject, the first group after it the
//!    object; passive voice (di- forms, "oleh", "was ... by") swaps them; a
//!    sentence that opens with its verb takes the previous sentence's
//!    actors.
//! 4. **Modality**: negation drops the event (it is kept, marked
//!    `negated`, for callers that want it); intent ("akan", "berencana",
//!    "will", "plans to") turns an act into its 03 (or 13) code; a
//!    reporting verb whose complement names another actor's act gives an
//!    accusation by the speaker.

pub mod dict;
pub mod petrarch;
mod sentence;

pub use dict::{DictError, Dictionary};
pub use sentence::{code_sentence, explain};

use serde::Serialize;
use warta_entities::Entity;
use warta_lang::Lang;

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// CAMEO actor code of who acts (RUSGOV, USA, IGOUNO, ---CVL).
    pub source: String,
    /// CAMEO actor code of whom it is done to; empty when nobody.
    pub target: String,
    /// CAMEO event code ("043").
    pub code: String,
    /// Its first two digits.
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    pub goldstein: f32,
    pub negated: bool,
    /// The sentence's own date, else the article's (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The place named in the sentence.
    pub location: Option<String>,
    pub sentence: String,
    /// The sentence's offsets in the analysed text (characters).
    pub start: usize,
    pub end: usize,
}

/// One sentence to code: its text and offsets, and the findings of the
/// analyze stage that fall inside it (offsets into the whole text).
#[derive(Debug, Clone, Copy)]
pub struct SentenceInput<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub entities: &'a [Entity],
    /// (start, end, value) of each date expression.
    pub dates: &'a [(usize, usize, String)],
}

/// Options for a document.
#[derive(Debug, Clone)]
pub struct CodeOptions {
    pub lang: Lang,
    /// The article's date (`YYYY-MM-DD`), for events whose sentence has none.
    pub date: Option<String>,
    /// Keep negated events (marked `negated`) instead of dropping them.
    pub keep_negated: bool,
}

/// What one sentence leaves for the next: its actors, for a sentence that
/// opens with its verb ("Lalu memperingatkan ...").
#[derive(Debug, Clone, Default)]
pub struct Carry {
    pub subject: Vec<String>,
    pub object: Vec<String>,
}

/// Codes the events of a document, sentence by sentence.
pub fn code_document(
    sentences: &[SentenceInput],
    opts: &CodeOptions,
    dict: &Dictionary,
) -> Vec<Event> {
    let mut carry = Carry::default();
    let mut out = Vec::new();
    for s in sentences {
        out.extend(code_sentence(s, opts, dict, &mut carry));
    }
    out
}
