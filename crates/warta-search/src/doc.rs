//! What the index keeps of an article, and how it is read from the stored
//! analysis.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

/// One article as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexDoc {
    /// The store's article id: the key; adding the same id replaces.
    pub article_id: i64,
    /// The story the article belongs to, when grouping has placed it.
    pub story: Option<i64>,
    pub title: String,
    /// The body, its blocks joined by blank lines.
    pub body: String,
    /// `id`, `en`, ...: chooses the analyzer (`id` and `ms` are read as
    /// Indonesian, anything else as English).
    pub lang: Option<String>,
    /// The outlet's name (the extracted `site`).
    pub outlet: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// Entity names: canonical names and, where different, the text as written.
    pub entities: Vec<String>,
    /// CAMEO actor codes (`IDNGOV`, `PRK`, ...).
    pub actors: Vec<String>,
    /// CAMEO event codes (`057`, `190`, ...).
    pub event_codes: Vec<String>,
    pub url: String,
}

impl IndexDoc {
    /// Reads the stored analysis (as `warta export articles` and `warta
    /// analyze` print it): `title`, `blocks[].text`, `lang`, `site`,
    /// `published`, `entities[].canonical/text/actor`,
    /// `events[].code/source/target`. Missing or odd fields are left
    /// empty: the index takes whatever the store has.
    pub fn from_analysis_json(
        article_id: i64,
        url: &str,
        story: Option<i64>,
        analysis: &Map<String, Value>,
    ) -> IndexDoc {
        let str_field = |key: &str| {
            analysis
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let list = |key: &str| {
            analysis
                .get(key)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let mut body = String::new();
        for block in list("blocks") {
            if let Some(text) = block.get("text").and_then(Value::as_str) {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                body.push_str(text.trim());
            }
        }
        let mut entities = Vec::new();
        let mut actors = Vec::new();
        for e in list("entities") {
            for key in ["canonical", "text"] {
                if let Some(s) = e.get(key).and_then(Value::as_str) {
                    push_unique(&mut entities, s);
                }
            }
            if let Some(s) = e.get("actor").and_then(Value::as_str) {
                push_unique(&mut actors, s);
            }
        }
        let mut event_codes = Vec::new();
        for e in list("events") {
            for key in ["source", "target"] {
                if let Some(s) = e.get(key).and_then(Value::as_str) {
                    push_unique(&mut actors, s);
                }
            }
            if let Some(s) = e.get("code").and_then(Value::as_str) {
                push_unique(&mut event_codes, s);
            }
        }
        IndexDoc {
            article_id,
            story,
            title: str_field("title").unwrap_or_default(),
            body,
            lang: str_field("lang"),
            outlet: str_field("site"),
            published: str_field("published").and_then(|s| parse_published(&s)),
            entities,
            actors,
            event_codes,
            // The store's URL is the article's key there; the analysis's
            // (canonical) one only stands in when none is given.
            url: if url.is_empty() {
                str_field("url").unwrap_or_default()
            } else {
                url.to_string()
            },
        }
    }

    /// Is the article read with the Indonesian analyzer?
    pub fn is_indonesian(&self) -> bool {
        is_indonesian(self.lang.as_deref())
    }
}

pub(crate) fn is_indonesian(lang: Option<&str>) -> bool {
    matches!(lang, Some("id" | "ms"))
}

fn push_unique(list: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if !s.is_empty() && !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

/// RFC 3339, or a plain day (midnight UTC), as the analysis writes it.
fn parse_published(value: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t);
    }
    let day = chrono::NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// The terms an actor code is indexed under: the code and each prefix at a
/// 3-letter CAMEO boundary (`IDNGOVMIL` → `IDN`, `IDNGOV`, `IDNGOVMIL`), so
/// that a filter on `IDN` finds every Indonesian actor with one term look-up.
pub(crate) fn actor_terms(code: &str) -> Vec<String> {
    let code: Vec<char> = code.trim().chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    let mut n = 3;
    while n < code.len() {
        out.push(code[..n].iter().collect());
        n += 3;
    }
    if !code.is_empty() {
        out.push(code.iter().collect());
    }
    out
}

/// The terms an event code is indexed under: every prefix from the
/// two-digit root (`0231` → `02`, `023`, `0231`).
pub(crate) fn code_terms(code: &str) -> Vec<String> {
    let code: Vec<char> = code.trim().chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    for n in 2..code.len() {
        out.push(code[..n].iter().collect());
    }
    if !code.is_empty() {
        out.push(code.iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(actor_terms("IDNGOVMIL"), ["idn", "idngov", "idngovmil"]);
        assert_eq!(actor_terms("PRK"), ["prk"]);
        assert_eq!(actor_terms("USAGOVx"), ["usa", "usagov", "usagovx"]);
        assert!(actor_terms(" ").is_empty());
        assert_eq!(code_terms("0231"), ["02", "023", "0231"]);
        assert_eq!(code_terms("05"), ["05"]);
        assert_eq!(code_terms("É"), ["é"]);
    }

    #[test]
    fn reads_the_analysis() {
        let json: Value = serde_json::json!({
            "url": "https://x.example/a", "site": "KabarNusa", "lang": "id",
            "title": "Menlu bertemu", "published": "2024-03-12T14:30:00+07:00",
            "blocks": [{"kind": "paragraph", "text": "Satu."}, {"kind": "paragraph", "text": "Dua."}],
            "entities": [{"text": "Jepang", "canonical": "Japan", "actor": "JPN"}],
            "events": [{"source": "IDNGOV", "target": "JPNGOV", "code": "057"}]
        });
        let doc = IndexDoc::from_analysis_json(7, "", Some(3), json.as_object().unwrap());
        assert_eq!(doc.body, "Satu.\n\nDua.");
        assert_eq!(doc.entities, ["Japan", "Jepang"]);
        assert_eq!(doc.actors, ["JPN", "IDNGOV", "JPNGOV"]);
        assert_eq!(doc.event_codes, ["057"]);
        assert_eq!(doc.outlet.as_deref(), Some("KabarNusa"));
        assert_eq!(doc.url, "https://x.example/a");
        assert!(doc.is_indonesian());
        assert_eq!(
            doc.published.unwrap().to_rfc3339(),
            "2024-03-12T14:30:00+07:00"
        );
    }
}
