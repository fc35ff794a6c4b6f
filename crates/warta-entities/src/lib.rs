//! Named entities in Indonesian and English news: people, organisations
//! and places, each with its canonical name and, when one is known, its
//! CAMEO actor code.
//!
//! Pure: text in, entities out. The gazetteer the project wrote
//! (`data/gazetteer/` at the repository root) and the cue words in this
//! crate's `data/` are embedded at compile time. Offsets count Unicode
//! characters (end exclusive).
//!
//! ```
//! use warta_entities::{recognize, EntityKind, Options};
//! let text = "Presiden Rusia Vladimir Putin bertemu Kim Jong-Un. Putin memuji Kim.";
//! let ents = recognize(text, &Options::default());
//! let kim: Vec<_> = ents.iter().filter(|e| e.canonical == "Kim Jong Un").collect();
//! assert_eq!(kim.len(), 2);
//! assert_eq!(ents[0].kind, EntityKind::Loc);
//! assert_eq!(ents[0].actor.as_deref(), Some("RUS"));
//! ```

pub mod conll;
mod cues;
pub mod gazetteer;
mod recognize;

pub use recognize::recognize;
use serde::Serialize;
use warta_lang::Lang;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EntityKind {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
        }
    }
}

/// One named entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// As written.
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// The full name: "Vladimir Putin" for "Putin", "Kim Jong Un" for "Kim Jong-Un".
    pub canonical: String,
    /// CAMEO actor code when known: RUSGOV, IGOUNO, IDNCOP, or a country code for a place.
    pub actor: Option<String>,
}

/// How to read the text.
#[derive(Debug, Clone)]
pub struct Options {
    /// The document's language, for the country an Indonesian title implies.
    pub lang: Lang,
    /// The publication day, `YYYY-MM-DD`: which office a leader held.
    pub date: Option<String>,
    /// Whether capitals carry meaning; `None` decides from the text.
    pub cased: Option<bool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Id,
            date: None,
            cased: None,
        }
    }
}
