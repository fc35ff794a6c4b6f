//! The project's own quote cases (`tests/cases.jsonl`, written for this
//! crate, Indonesian and English): every case must give exactly the
//! expected quotes with their speakers, in order.
//!
//! One JSON object a line:
//! `{"id", "lang", "text", "speakers": [{"m", "c"?, "p"?, "n"?}], "quotes": [{"t", "s"}]}`.
//! A speaker is a mention string `m` (its `n`-th occurrence in the text,
//! default 0), canonical name `c` (default `m`), person flag `p` (default
//! true); the test turns it into character offsets as the entity stage
//! would give them. A quote is its text `t` and speaker `s` (null for none).

use serde::Deserialize;
use warta_lang::Lang;
use warta_quotes::{find_quotes, Quote, Speaker};

#[derive(Deserialize)]
struct Case {
    id: String,
    lang: String,
    text: String,
    speakers: Vec<Mention>,
    quotes: Vec<Expected>,
}

#[derive(Deserialize)]
struct Mention {
    m: String,
    c: Option<String>,
    p: Option<bool>,
    n: Option<usize>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Expected {
    t: String,
    s: Option<String>,
}

/// The cases; `WARTA_QUOTES_CASES` names another file of the same form
/// (for trying new cases before adding them).
fn cases() -> Vec<Case> {
    let path = std::env::var_os("WARTA_QUOTES_CASES").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases.jsonl"),
        std::path::PathBuf::from,
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", i + 1)))
        .collect()
}

/// Character offsets of the `n`-th occurrence of `m` in `text`.
fn locate(text: &str, m: &str, n: usize) -> Option<(usize, usize)> {
    let (byte, _) = text.match_indices(m).nth(n)?;
    let start = text[..byte].chars().count();
    Some((start, start + m.chars().count()))
}

fn lang(code: &str) -> Lang {
    match code {
        "id" => Lang::Id,
        "en" => Lang::En,
        other => panic!("unknown lang {other}"),
    }
}

/// Runs one case; an error message when it fails.
fn run(case: &Case) -> Result<(), String> {
    let mut speakers = Vec::new();
    for m in &case.speakers {
        let n = m.n.unwrap_or(0);
        let (start, end) = locate(&case.text, &m.m, n)
            .ok_or_else(|| format!("mention {:?} #{n} not in text", m.m))?;
        speakers.push(Speaker {
            start,
            end,
            canonical: m.c.as_deref().unwrap_or(&m.m),
            is_person: m.p.unwrap_or(true),
        });
    }
    speakers.sort_by_key(|s| s.start);
    let quotes = find_quotes(&case.text, &speakers, lang(&case.lang));
    check_offsets(&case.text, &quotes)?;
    let got: Vec<Expected> = quotes
        .iter()
        .map(|q| Expected {
            t: q.text.clone(),
            s: q.speaker.clone(),
        })
        .collect();
    if got == case.quotes {
        Ok(())
    } else {
        Err(format!(
            "\n    expected {:?}\n    got      {:?}",
            case.quotes, got
        ))
    }
}

/// The spans agree with the text: `text` is the characters at
/// `[start, end)`, and the speaker's span names it when it is written out.
fn check_offsets(text: &str, quotes: &[Quote]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    for q in quotes {
        let inside: String = chars
            .get(q.start..q.end)
            .ok_or("quote span outside the text")?
            .iter()
            .collect();
        if inside != q.text {
            return Err(format!("span text {inside:?} != {:?}", q.text));
        }
        match (q.speaker_start, q.speaker_end) {
            (Some(a), Some(b)) if a < b && b <= chars.len() => {}
            (None, None) if q.speaker.is_none() => {}
            other => return Err(format!("bad speaker span {other:?}")),
        }
    }
    Ok(())
}

#[test]
fn every_case_gives_its_quotes() {
    let cases = cases();
    if std::env::var_os("WARTA_QUOTES_CASES").is_none() {
        assert!(cases.len() >= 60, "only {} cases", cases.len());
    }
    let mut failed = Vec::new();
    for case in &cases {
        if let Err(e) = run(case) {
            failed.push(format!("{}: {}{e}", case.id, case.text.replace('\n', "⏎")));
        }
    }
    let (id, en) = (
        cases.iter().filter(|c| c.lang == "id").count(),
        cases.iter().filter(|c| c.lang == "en").count(),
    );
    println!(
        "{} cases ({id} id, {en} en), {} failed",
        cases.len(),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

#[test]
fn case_ids_are_unique() {
    let cases = cases();
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len());
}

#[test]
fn json_skips_absent_fields() {
    let q = find_quotes("“Kami menunggu kepastian,” ujarnya.", &[], Lang::Id);
    let json = serde_json::to_string(&q).unwrap();
    assert_eq!(
        json,
        r#"[{"text":"Kami menunggu kepastian,","speaker":null,"start":1,"end":25}]"#
    );
}
