//! The project's own Indonesian/English story set (`data/gold/stories.jsonl`):
//! 64 articles, 16 stories in look-alike pairs (two earthquakes, two state
//! visits, two floods ...), each story reported in both languages.

mod common;

use warta_group::{GroupConfig, Grouper};

#[test]
fn own_bilingual_story_set() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gold/stories.jsonl");
    let text = std::fs::read_to_string(path).expect("data/gold/stories.jsonl");
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = |k: &str| v[k].as_str();
        docs.push(common::analysed_doc(
            s("id").unwrap(),
            s("title").unwrap_or(""),
            s("text").unwrap_or(""),
            s("lang"),
            s("published"),
            s("outlet"),
        ));
        gold.push(s("story").unwrap().to_string());
    }
    assert!(docs.len() >= 60);
    let mut g = Grouper::new(GroupConfig::default());
    for d in &docs {
        g.observe(d);
    }
    let placed: Vec<u64> = docs.iter().map(|d| g.add(d).story).collect();
    let pred: Vec<u64> = placed.iter().map(|&s| g.resolve(s)).collect();
    let (p, r, f) = common::bcubed(&gold, &pred);
    let stories = pred.iter().collect::<std::collections::HashSet<_>>().len();
    println!(
        "own set: BCubed F1 {f:.3} P {p:.3} R {r:.3}, {} articles, {stories} stories (gold 16)",
        docs.len()
    );
    for (i, d) in docs.iter().enumerate() {
        println!(
            "  {} {:>3} {:<18} {}",
            d.lang.as_deref().unwrap_or("?"),
            pred[i],
            gold[i],
            d.title
        );
    }
    assert!(f >= 0.90, "BCubed F1 {f:.3} below the floor");
}
