//! `warta analyze` and `warta ner` end to end, on the bundled sample, on
//! text written here, and on the shared seed page and its expectations
//! (`../shared/seed`, never copied into the repository; those tests skip
//! with a message when it is absent).

mod common;

use common::{json, run_with_stdin, warta};
use serde_json::Value;
use std::path::PathBuf;

fn analyze_stdin(text: &str, extra: &[&str]) -> Value {
    let mut args = vec!["analyze"];
    args.extend_from_slice(extra);
    args.push("-");
    json(&run_with_stdin(&args, text.as_bytes()))
}

/// The characters of `text` in [start, end).
fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn check_offsets(a: &Value) {
    let text = a["text"].as_str().unwrap();
    for list in ["entities", "dates", "quotes"] {
        for f in a[list].as_array().unwrap() {
            let (s, e) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
            assert_eq!(
                slice(text, s, e),
                f["text"].as_str().unwrap(),
                "{list}: {f}"
            );
        }
    }
}

#[test]
fn analyzes_the_bundled_sample() {
    let sample = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/kabarnusa-menlu-jepang.html"
    ));
    let a = json(&warta().arg("analyze").arg(sample).output().unwrap());
    check_offsets(&a);
    assert_eq!(a["lang"], "id");
    let text = a["text"].as_str().unwrap();
    assert!(text.starts_with(a["title"].as_str().unwrap()));
    let entities = a["entities"].as_array().unwrap();
    assert!(
        entities
            .iter()
            .any(|e| e["kind"] == "LOC" && e["actor"] == "JPN"),
        "{entities:?}"
    );
    for field in [
        "segments",
        "sentences",
        "dates",
        "quotes",
        "lang_confidence",
    ] {
        assert!(!a[field].is_null(), "{field} missing");
    }
}

#[test]
fn published_flag_resolves_relative_dates_and_lang_is_forced() {
    let text = "Menlu Retno Marsudi tiba di Tokyo kemarin. \
                “Kami siap bekerja sama,” kata Retno kepada wartawan, Selasa lalu.";
    let a = analyze_stdin(
        text,
        &["--published", "2023-09-14T10:00:00+07:00", "--lang", "id"],
    );
    check_offsets(&a);
    assert_eq!(a["lang"], "id");
    let dates = a["dates"].as_array().unwrap();
    let value = |t: &str| {
        dates
            .iter()
            .find(|d| d["text"] == t)
            .map(|d| d["value"].clone())
    };
    assert_eq!(
        value("kemarin"),
        Some(Value::from("2023-09-13")),
        "{dates:?}"
    );
    assert_eq!(
        value("Selasa lalu"),
        Some(Value::from("2023-09-12")),
        "{dates:?}"
    );
    let quote = &a["quotes"][0];
    assert_eq!(quote["text"], "Kami siap bekerja sama,");
    assert_eq!(quote["speaker"], "Retno Marsudi");
}

#[test]
fn bad_flags_and_inputs_are_named() {
    let out = warta()
        .args(["analyze", "--published", "yesterday", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
    let out = warta()
        .args(["analyze", "/nonexistent/page.html"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/page.html"));
    let out = warta()
        .args(["ner", "--conll", "/nonexistent/x.conll"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.conll"));
}

#[test]
fn ner_keeps_tokens_and_blank_lines() {
    let input = "# id = 1\nPresiden\tO\nRusia\tO\nVladimir\tO\nPutin\tO\ntiba\tO\ndi\tO\nBandung\tO\n.\tO\n\nKPK\nmemeriksa\nBudi\nSantoso\n";
    let out = run_with_stdin(&["ner", "--conll", "-"], input.as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "Presiden\tO\nRusia\tB-LOC\nVladimir\tB-PER\nPutin\tI-PER\ntiba\tO\ndi\tO\nBandung\tB-LOC\n.\tO\n\n\
         KPK\tB-ORG\nmemeriksa\tO\nBudi\tB-PER\nSantoso\tI-PER\n\n"
    );
}

fn shared_seed() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed"));
    if dir.join("andalpost-putin-kim.txt").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared absent ({} not found)", dir.display());
        None
    }
}

#[test]
fn seed_entities_dates_and_quotes() {
    let Some(dir) = shared_seed() else { return };
    let expected: Value = serde_json::from_slice(
        &std::fs::read(dir.join("andalpost-putin-kim.expected.json")).unwrap(),
    )
    .unwrap();
    let a = json(
        &warta()
            .arg("analyze")
            .arg(dir.join("andalpost-putin-kim.txt"))
            .output()
            .unwrap(),
    );
    check_offsets(&a);
    let entities = a["entities"].as_array().unwrap();
    for (kind, names) in expected["entities"].as_object().unwrap() {
        for name in names.as_array().unwrap() {
            let name = name.as_str().unwrap();
            let found = entities.iter().any(|e| {
                e["kind"] == kind.as_str() && (e["text"] == name || e["canonical"] == name)
            });
            assert!(found, "{kind} {name} not found in {entities:#?}");
        }
    }
    // Short forms resolve to the full name, and actors are coded.
    let canonical_of = |text: &str| -> Vec<&Value> {
        entities
            .iter()
            .filter(|e| e["text"] == text)
            .map(|e| &e["canonical"])
            .collect()
    };
    assert!(canonical_of("Putin").iter().all(|c| *c == "Vladimir Putin"));
    assert!(canonical_of("Kim").iter().all(|c| *c == "Kim Jong Un"));
    assert!(canonical_of("Kim Jong-Un")
        .iter()
        .all(|c| *c == "Kim Jong Un"));
    assert!(!canonical_of("Kim").is_empty());
    let actor_of = |canonical: &str| {
        entities
            .iter()
            .find(|e| e["canonical"] == canonical)
            .map(|e| e["actor"].clone())
    };
    assert_eq!(actor_of("Vladimir Putin"), Some(Value::from("RUSGOV")));
    assert_eq!(actor_of("Kim Jong Un"), Some(Value::from("PRKGOV")));
    assert_eq!(
        entities
            .iter()
            .find(|e| e["text"] == "PBB")
            .map(|e| e["actor"].clone()),
        Some(Value::from("IGOUNO"))
    );

    let dates = a["dates"].as_array().unwrap();
    for d in expected["dates"].as_array().unwrap() {
        assert!(
            dates
                .iter()
                .any(|got| got["text"] == d["text"] && got["value"] == d["value"]),
            "{d} not in {dates:#?}"
        );
    }
    let quotes = a["quotes"].as_array().unwrap();
    for q in expected["quotes"].as_array().unwrap() {
        assert!(
            quotes
                .iter()
                .any(|got| got["text"] == q["text"] && got["speaker"] == q["speaker"]),
            "{q} not in {quotes:#?}"
        );
    }
}
