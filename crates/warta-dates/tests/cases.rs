//! The project's own test set: `tests/cases.jsonl`, one case a line, each
//! `{"text", "published"?, "lang", "expect": [{"text", "value", "start"?,
//! "until"?, "warning"?}]}`. Every case must give exactly the expected
//! mentions; failures are printed one by one before the test fails.

use chrono::DateTime;
use serde_json::Value;
use warta_dates::{find_dates, Anchor, DateMention};
use warta_lang::Lang;

fn lang(code: &str) -> Lang {
    match code {
        "id" => Lang::Id,
        "ms" => Lang::Ms,
        "jv" => Lang::Jv,
        "en" => Lang::En,
        _ => Lang::Other,
    }
}

/// Why `got` does not meet `want`, if it does not.
fn mismatch(want: &Value, got: &DateMention) -> Option<String> {
    let mut why = Vec::new();
    if want["text"].as_str() != Some(got.text.as_str()) {
        why.push("text");
    }
    if want["value"].as_str() != Some(got.value.as_str()) {
        why.push("value");
    }
    if let Some(s) = want.get("start").and_then(Value::as_u64) {
        if s as usize != got.start {
            why.push("start");
        }
    }
    if let Some(u) = want.get("until") {
        if u.as_str() != got.until.as_deref() {
            why.push("until");
        }
    }
    if let Some(w) = want.get("warning").and_then(Value::as_bool) {
        if w != got.warning.is_some() {
            why.push("warning");
        }
    }
    (!why.is_empty()).then(|| why.join(", "))
}

#[test]
fn cases() {
    let data = include_str!("cases.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for (line_no, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        n += 1;
        let case: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("cases.jsonl:{}: bad JSON: {e}", line_no + 1));
        let text = case["text"].as_str().expect("text");
        let anchor = case
            .get("published")
            .and_then(Value::as_str)
            .map(|p| Anchor {
                published: DateTime::parse_from_rfc3339(p).expect("published is RFC 3339"),
            });
        let got = find_dates(text, anchor, lang(case["lang"].as_str().unwrap_or("id")));
        let want = case["expect"].as_array().expect("expect");
        let mut problems = Vec::new();
        if got.len() != want.len() {
            problems.push(format!("{} mentions, want {}", got.len(), want.len()));
        }
        for (k, (w, g)) in want.iter().zip(&got).enumerate() {
            if let Some(why) = mismatch(w, g) {
                problems.push(format!("mention {k}: {why} differ"));
            }
        }
        if !problems.is_empty() {
            let got_s: Vec<String> = got
                .iter()
                .map(|g| {
                    format!(
                        "{{\"text\": {:?}, \"value\": {:?}, \"start\": {}{}{}}}",
                        g.text,
                        g.value,
                        g.start,
                        g.until
                            .as_ref()
                            .map(|u| format!(", \"until\": {u:?}"))
                            .unwrap_or_default(),
                        g.warning
                            .as_ref()
                            .map(|u| format!(", \"warning\": {u:?}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            failures.push(format!(
                "cases.jsonl:{}: {}\n  text: {text}\n  want: {}\n  got:  [{}]",
                line_no + 1,
                problems.join("; "),
                Value::Array(want.clone()),
                got_s.join(", ")
            ));
        }
    }
    for f in &failures {
        eprintln!("{f}\n");
    }
    eprintln!("{} of {n} cases pass", n - failures.len());
    assert!(n >= 110, "the set should hold at least 110 cases, has {n}");
    assert!(failures.is_empty(), "{} of {n} cases fail", failures.len());
}
