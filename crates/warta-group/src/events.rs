//! Story events: the same event (same actors, root code, date and place)
//! reported by several articles is one event with all its sources.

use crate::DocEvent;
use serde::Serialize;

/// One event of a story, with every article that reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryEvent {
    /// CAMEO actor code of who acts.
    pub source: String,
    /// CAMEO actor code of whom it is done to; empty when nobody.
    pub target: String,
    /// The CAMEO root (first two digits), which the reports agree on even
    /// when one says "043" and another "040".
    pub root: String,
    /// Every full code the reports gave, in first-seen order.
    pub codes: Vec<String>,
    /// `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// The place, as the first report named it.
    pub location: Option<String>,
    /// Ids of the articles that report it, in arrival order, no repeats.
    pub sources: Vec<String>,
}

fn norm(s: &str) -> String {
    s.trim().to_uppercase()
}

fn place(s: Option<&str>) -> String {
    s.map(|p| p.trim().to_lowercase()).unwrap_or_default()
}

fn root_of(ev: &DocEvent) -> String {
    if !ev.root.trim().is_empty() {
        return ev.root.trim().to_string();
    }
    ev.code.trim().chars().take(2).collect()
}

/// Adds one article's events to a story's list, merging each into an
/// existing event with the same source, target, root, date and place.
pub fn merge_into(events: &mut Vec<StoryEvent>, article: &str, new: &[DocEvent]) {
    for ev in new {
        let root = root_of(ev);
        let (source, target) = (norm(&ev.source), norm(&ev.target));
        let date = ev.date.as_deref().map(str::trim).filter(|d| !d.is_empty());
        let loc = place(ev.location.as_deref());
        let found = events.iter_mut().find(|e| {
            e.root == root
                && e.source == source
                && e.target == target
                && e.date.as_deref() == date
                && place(e.location.as_deref()) == loc
        });
        let code = ev.code.trim().to_string();
        match found {
            Some(e) => {
                if !code.is_empty() && !e.codes.contains(&code) {
                    e.codes.push(code);
                }
                if !e.sources.iter().any(|s| s == article) {
                    e.sources.push(article.to_string());
                }
            }
            None => events.push(StoryEvent {
                source,
                target,
                root,
                codes: if code.is_empty() { vec![] } else { vec![code] },
                date: date.map(str::to_string),
                location: ev
                    .location
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
                sources: vec![article.to_string()],
            }),
        }
    }
}

/// Adds a story event (of a story merged into this one) to a story's list.
pub(crate) fn merge_story_event(events: &mut Vec<StoryEvent>, ev: StoryEvent) {
    let found = events.iter_mut().find(|e| {
        e.root == ev.root
            && e.source == ev.source
            && e.target == ev.target
            && e.date == ev.date
            && place(e.location.as_deref()) == place(ev.location.as_deref())
    });
    match found {
        Some(e) => {
            for c in ev.codes {
                if !e.codes.contains(&c) {
                    e.codes.push(c);
                }
            }
            for a in ev.sources {
                if !e.sources.contains(&a) {
                    e.sources.push(a);
                }
            }
        }
        None => events.push(ev),
    }
}

/// Merges the events of several articles (article id, its events) into
/// story events.
pub fn merge_events<'a, I>(articles: I) -> Vec<StoryEvent>
where
    I: IntoIterator<Item = (&'a str, &'a [DocEvent])>,
{
    let mut out = Vec::new();
    for (id, evs) in articles {
        merge_into(&mut out, id, evs);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: &str, loc: Option<&str>) -> DocEvent {
        DocEvent {
            source: "IDNGOV".into(),
            target: "JPN".into(),
            code: code.into(),
            root: code[..2].into(),
            date: Some("2024-03-12".into()),
            location: loc.map(str::to_string),
        }
    }

    #[test]
    fn same_event_from_two_articles_is_one() {
        let a = [ev("043", Some("Jakarta"))];
        let b = [ev("040", Some("jakarta")), ev("040", Some("Tokyo"))];
        let m = merge_events([("a", &a[..]), ("b", &b[..])]);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].sources, ["a", "b"]);
        assert_eq!(m[0].codes, ["043", "040"]);
        assert_eq!(m[1].sources, ["b"]);
    }
}
