//! Shared by the tests: an article through the analyze stage into a `Doc`,
//! as `warta group` does, and BCubed scoring.

#![allow(dead_code)]

use std::collections::HashMap;
use warta_analyze::{analyze, AnalyzeOptions};
use warta_group::{Doc, DocEntity, DocEvent};
use warta_model::{Article, Block, BlockKind};

pub fn analysed_doc(
    id: &str,
    title: &str,
    text: &str,
    lang: Option<&str>,
    published: Option<&str>,
    outlet: Option<&str>,
) -> Doc {
    let article = Article {
        title: Some(title.to_string()).filter(|t| !t.trim().is_empty()),
        lang: lang.map(str::to_string),
        published: published.map(str::to_string),
        blocks: text
            .split('\n')
            .filter(|p| !p.trim().is_empty())
            .map(|p| Block::new(BlockKind::Paragraph, p))
            .collect(),
        ..Article::default()
    };
    let opts = AnalyzeOptions {
        lang: match lang {
            Some("id") => Some(warta_lang::Lang::Id),
            Some("en") => Some(warta_lang::Lang::En),
            _ => None,
        },
        ..AnalyzeOptions::default()
    };
    let a = analyze(article, &opts);
    Doc {
        id: id.to_string(),
        title: title.to_string(),
        text: text.to_string(),
        lang: lang.map(str::to_string).or(a.article.lang.clone()),
        published: published.and_then(warta_analyze::parse_published),
        outlet: outlet.map(str::to_string),
        entities: a
            .entities
            .iter()
            .map(|e| DocEntity {
                canonical: e.canonical.clone(),
                kind: e.kind.as_str().to_string(),
                actor: e.actor.clone(),
            })
            .collect(),
        events: a
            .events
            .iter()
            .map(|e| DocEvent {
                source: e.source.clone(),
                target: e.target.clone(),
                code: e.code.clone(),
                root: e.root.clone(),
                date: e.date.clone(),
                location: e.location.clone(),
            })
            .collect(),
        dates: a.dates.iter().map(|d| d.value.clone()).collect(),
    }
}

/// BCubed (precision, recall, F1) of predicted against gold labels.
pub fn bcubed(gold: &[String], pred: &[u64]) -> (f64, f64, f64) {
    let mut g: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut p: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, (gl, pl)) in gold.iter().zip(pred).enumerate() {
        g.entry(gl.as_str()).or_default().push(i);
        p.entry(*pl).or_default().push(i);
    }
    let n = gold.len() as f64;
    let (mut pr, mut re) = (0.0, 0.0);
    for i in 0..gold.len() {
        let gs = &g[gold[i].as_str()];
        let ps = &p[&pred[i]];
        let inter = gs.iter().filter(|x| ps.contains(x)).count() as f64;
        pr += inter / ps.len() as f64;
        re += inter / gs.len() as f64;
    }
    let (pr, re) = (pr / n, re / n);
    (
        pr,
        re,
        if pr + re > 0.0 {
            2.0 * pr * re / (pr + re)
        } else {
            0.0
        },
    )
}
