//! Tuning helper: analyses a `warta group` input once, then groups it under
//! several configurations and prints BCubed against gold labels.
//!
//! `cargo run --release -p warta-group --example tune -- INPUT.jsonl GOLD.jsonl 'threshold=0.2,title_boost=3' ...`
//! GOLD lines are `{"id", "gold"}`. `TUNE_OUT=FILE` writes the predicted
//! stories; `TUNE_MERGES=1` prints each merge with the gold labels on both
//! sides; `TUNE_SCORES=FILE` appends each placement (article, merged story,
//! story, score, new, copy) as a TSV line; `TUNE_SHUFFLES=N` also groups N
//! shuffled orders and prints their mean (for a set without times, whose
//! order is arbitrary: one order's figure moves by a point or two).

#[path = "../tests/common/mod.rs"]
mod common;

use rayon::prelude::*;
use std::collections::HashMap;
use warta_group::{GroupConfig, Grouper};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let input = std::fs::read_to_string(&args[0]).unwrap();
    let gold_text = std::fs::read_to_string(&args[1]).unwrap();
    let gold: HashMap<String, String> = gold_text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["gold"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let lines: Vec<serde_json::Value> = input
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let docs: Vec<_> = lines
        .par_iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str();
            common::analysed_doc(
                s("id").unwrap(),
                s("title").unwrap_or(""),
                s("text").unwrap_or(""),
                s("lang"),
                s("published"),
                s("outlet"),
            )
        })
        .collect();
    let labels: Vec<String> = docs.iter().map(|d| gold[&d.id].clone()).collect();
    let configs = if args.len() > 2 {
        args[2..].to_vec()
    } else {
        vec![String::new()]
    };
    for spec in configs {
        let mut cfg = GroupConfig::default();
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap();
            let f: f32 = v.parse().unwrap();
            match k {
                "threshold" => cfg.threshold = f,
                "title_boost" => cfg.title_boost = f,
                "lead_boost" => cfg.lead_boost = f,
                "entity_boost" => cfg.entity_boost = f,
                "neutral_boost" => cfg.neutral_boost = f,
                "cross_language" => cfg.cross_language = f,
                "doc_terms" => cfg.doc_terms = f as usize,
                "quiet" => cfg.quiet_after_hours = f as i64,
                "near" => cfg.near_duplicate = f,
                "specific" => cfg.specific = f,
                "numbers" => cfg.numbers = f,
                "figures" => cfg.figures = f,
                "bigram" => cfg.bigram_boost = f,
                "probe" => cfg.probe_terms = f as usize,
                "merge" => cfg.merge = f,
                "story_terms" => cfg.story_terms = f as usize,
                "max_candidates" => cfg.max_candidates = f as usize,
                _ => panic!("unknown {k}"),
            }
        }
        let mut g = Grouper::new(cfg);
        for d in &docs {
            g.observe(d);
        }
        let t = std::time::Instant::now();
        let show_merges = std::env::var("TUNE_MERGES").is_ok();
        let mut members: HashMap<u64, Vec<usize>> = HashMap::new();
        let placed: Vec<u64> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let p = g.add(d);
                if let Ok(path) = std::env::var("TUNE_SCORES") {
                    use std::io::Write;
                    // article, story before merges, score, new, duplicate
                    let line = format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\n",
                        i,
                        p.merged.first().copied().unwrap_or(0),
                        p.story,
                        p.score,
                        p.new_story as u8,
                        p.duplicate_of.is_some() as u8
                    );
                    std::fs::OpenOptions::new()
                        .append(true)
                        .create(true)
                        .open(&path)
                        .unwrap()
                        .write_all(line.as_bytes())
                        .unwrap();
                }
                if show_merges {
                    members.entry(p.story).or_default().push(i);
                    for &gone in &p.merged {
                        let moved = members.remove(&gone).unwrap_or_default();
                        let kept = members.entry(p.story).or_default();
                        let mix = |ids: &[usize]| {
                            let mut c: HashMap<&str, usize> = HashMap::new();
                            for &j in ids {
                                *c.entry(labels[j].as_str()).or_default() += 1;
                            }
                            let mut v: Vec<_> = c.into_iter().collect();
                            v.sort_by_key(|x| std::cmp::Reverse(x.1));
                            v.iter()
                                .take(3)
                                .map(|(l, n)| format!("{}:{n}", &l[..l.len().min(6)]))
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let pure = {
                            let top = |ids: &[usize]| {
                                let mut c: HashMap<&str, usize> = HashMap::new();
                                for &j in ids {
                                    *c.entry(labels[j].as_str()).or_default() += 1;
                                }
                                c.into_iter().max_by_key(|x| x.1).map(|x| x.0)
                            };
                            top(kept) == top(&moved)
                        };
                        println!(
                            "MERGE {} {} <- {} | kept [{}] gone [{}] | {} || {}",
                            if pure { "ok " } else { "BAD" },
                            p.story,
                            gone,
                            mix(kept),
                            mix(&moved),
                            docs[kept[0]].title,
                            docs[moved[0]].title
                        );
                        kept.extend(moved);
                    }
                }
                p.story
            })
            .collect();
        let pred: Vec<u64> = placed.iter().map(|&s| g.resolve(s)).collect();
        let el = t.elapsed();
        if let Ok(out) = std::env::var("TUNE_OUT") {
            let lines: String = docs
                .iter()
                .zip(&pred)
                .map(|(d, s)| format!("{{\"id\":\"{}\",\"story\":{s}}}\n", d.id))
                .collect();
            std::fs::write(out, lines).unwrap();
        }
        let (p, r, f) = common::bcubed(&labels, &pred);
        let n = pred.iter().collect::<std::collections::HashSet<_>>().len();
        let shuffles: u64 = std::env::var("TUNE_SHUFFLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut mean = String::new();
        if shuffles > 0 {
            let runs: Vec<(f64, f64, f64)> = (1..=shuffles)
                .into_par_iter()
                .map(|seed| {
                    // xorshift: a fixed order per seed
                    let mut order: Vec<usize> = (0..docs.len()).collect();
                    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                    for i in (1..order.len()).rev() {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        order.swap(i, (x % (i as u64 + 1)) as usize);
                    }
                    let mut g = Grouper::new(g.config().clone());
                    for &i in &order {
                        g.observe(&docs[i]);
                    }
                    let mut pred = vec![0u64; docs.len()];
                    for &i in &order {
                        pred[i] = g.add(&docs[i]).story;
                    }
                    for s in &mut pred {
                        *s = g.resolve(*s);
                    }
                    common::bcubed(&labels, &pred)
                })
                .collect();
            let k = runs.len() as f64;
            let (mp, mr, mf) = runs.iter().fold((0.0, 0.0, 0.0), |a, r| {
                (a.0 + r.0 / k, a.1 + r.1 / k, a.2 + r.2 / k)
            });
            mean = format!(" | {shuffles} shuffles: F1 {mf:.3} P {mp:.3} R {mr:.3}");
        }
        println!(
            "{spec:<40} F1 {f:.3} P {p:.3} R {r:.3} stories {n} ({:.1} us/add){mean}",
            el.as_secs_f64() * 1e6 / docs.len() as f64
        );
    }
}
