//! `warta group --jsonl` end to end: the project's own Indonesian/English
//! story set (`data/gold/stories.jsonl`) through the binary, stdin, copies,
//! and lines it refuses with the file and line named.

mod common;

use common::{run_with_stdin, warta, DataDir};
use serde_json::{json, Value};
use std::collections::HashMap;

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// BCubed F1 of predicted against gold labels.
fn bcubed(gold: &[String], pred: &[u64]) -> f64 {
    let n = gold.len() as f64;
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..gold.len() {
        let same_pred: Vec<usize> = (0..gold.len()).filter(|&j| pred[j] == pred[i]).collect();
        let same_gold = (0..gold.len()).filter(|&j| gold[j] == gold[i]).count() as f64;
        let both = same_pred.iter().filter(|&&j| gold[j] == gold[i]).count() as f64;
        p += both / same_pred.len() as f64;
        r += both / same_gold;
    }
    let (p, r) = (p / n, r / n);
    2.0 * p * r / (p + r)
}

#[test]
fn own_story_set_through_the_binary() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gold/stories.jsonl");
    let out = warta().args(["group", "--jsonl", path]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(path).unwrap();
    let input: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let output = lines(&out.stdout);
    // One line per input line, in the input's order.
    assert_eq!(output.len(), input.len());
    for (o, i) in output.iter().zip(&input) {
        assert_eq!(o["id"], i["id"]);
        assert!(o["story"].as_u64().is_some(), "{o}");
    }
    let gold: Vec<String> = input
        .iter()
        .map(|v| v["story"].as_str().unwrap().to_string())
        .collect();
    let pred: Vec<u64> = output
        .iter()
        .map(|v| v["story"].as_u64().unwrap())
        .collect();
    let f = bcubed(&gold, &pred);
    eprintln!("own set through `warta group`: BCubed F1 {f:.3}");
    assert!(f >= 0.95, "BCubed F1 {f:.3}");
}

#[test]
fn stdin_copies_and_look_alikes() {
    let quake = "Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang. \
        Badan Nasional Penanggulangan Bencana mencatat 162 orang meninggal dan ratusan rumah rusak berat. \
        Warga mengungsi ke lapangan terbuka karena khawatir gempa susulan. \
        Presiden meninjau lokasi pengungsian di Cugenang dan menjanjikan bantuan perbaikan rumah.";
    let wrapped = format!("{quake} Baca juga: berita pilihan lainnya. Ikuti kanal kami.");
    let other = "Banjir merendam ratusan rumah di Kota Medan setelah hujan deras sejak Sabtu malam. \
        Ketinggian air mencapai satu meter di beberapa kelurahan. \
        Petugas mengevakuasi warga lanjut usia dengan perahu karet, dan dapur umum didirikan di kantor kelurahan. \
        Wali kota meminta warga di bantaran sungai waspada karena hujan diperkirakan berlanjut.";
    let input = [
        json!({"id": "q1", "title": "Gempa Cianjur: 162 orang meninggal", "text": quake, "lang": "id", "published": "2022-11-21T14:00:00+07:00", "outlet": "KabarNusa"}),
        json!({"id": 2, "title": "Banjir rendam ratusan rumah di Medan", "text": other, "lang": "id", "published": "2022-11-21"}),
        json!({"id": "q3", "title": "Gempa Cianjur tewaskan 162 orang", "text": wrapped, "lang": "id", "published": "2022-11-21T16:00:00+07:00", "outlet": "Warta Lain"}),
    ];
    let body: String = input.iter().map(|v| format!("{v}\n\n")).collect();
    let out = run_with_stdin(&["group", "--jsonl", "-"], body.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = lines(&out.stdout);
    assert_eq!(output.len(), 3, "blank lines are skipped");
    assert_eq!(output[1]["id"], json!(2), "a number id stays a number");
    assert_eq!(output[0]["story"], output[2]["story"]);
    assert_ne!(output[0]["story"], output[1]["story"]);
    assert_eq!(output[2]["duplicate_of"], "q1", "{}", output[2]);
    assert!(output[0].get("duplicate_of").is_none());
}

#[test]
fn bad_lines_are_named() {
    let dir = DataDir::new("group-bad-lines");
    let cases: HashMap<&str, (&str, &str)> = HashMap::from([
        (
            "not-json",
            (
                "{\"id\":\"a\",\"title\":\"x\",\"text\":\"y\"}\nnot json\n",
                ":2: not a {\"id\", \"title\", \"text\"} JSON line",
            ),
        ),
        (
            "empty-id",
            ("{\"id\":\" \",\"title\":\"x\"}\n", ":1: \"id\" is empty"),
        ),
        (
            "no-id",
            ("{\"title\":\"x\",\"text\":\"y\"}\n", ":1: no \"id\""),
        ),
        (
            "object-id",
            (
                "{\"id\":{\"a\":1},\"title\":\"x\"}\n",
                ":1: \"id\" {\"a\":1} is not a text or a number",
            ),
        ),
        (
            "bad-time",
            (
                "{\"id\":\"a\",\"title\":\"x\",\"published\":\"yesterday\"}\n",
                ":1: \"published\" \"yesterday\" is not a time",
            ),
        ),
    ]);
    for (name, (body, want)) in cases {
        let path = dir.0.join(format!("{name}.jsonl"));
        std::fs::write(&path, body).unwrap();
        let out = warta()
            .args(["group", "--jsonl"])
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: accepted");
        assert!(out.stdout.is_empty(), "{name}: nothing written on an error");
        assert!(
            err.contains(&format!("{}{want}", path.display())),
            "{name}: {err}"
        );
    }
    let missing = dir.0.join("missing.jsonl");
    let out = warta()
        .args(["group", "--jsonl"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.jsonl: cannot open"), "{err}");
}

#[test]
fn a_repeated_id_is_placed_twice_with_a_warning() {
    let body = "{\"id\":\"a\",\"title\":\"Harga beras naik\",\"text\":\"Harga beras naik di pasar.\"}\n\
                {\"id\":\"a\",\"title\":\"Harga gula turun\",\"text\":\"Harga gula turun di pasar.\"}\n";
    let out = run_with_stdin(&["group", "--jsonl", "-"], body.as_bytes());
    assert!(out.status.success());
    assert_eq!(lines(&out.stdout).len(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("-:2: id \"a\" again (first on line 1)"),
        "{err}"
    );
}
