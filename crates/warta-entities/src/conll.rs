//! CoNLL input and output for `warta ner --conll`: one token a line, blank
//! lines between sentences; out comes `token<TAB>BIO-tag`.

use crate::{recognize, Options};

/// One sentence: its tokens as given.
pub type Sentence = Vec<String>;

/// Reads CoNLL text: the first tab- or space-separated column of each line
/// is the token; `#` comment lines are skipped; blank lines end sentences.
pub fn read(input: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in input.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        // "# sent_id = ..." comments have no tag column; "#\tO" is a token.
        if line.starts_with("# ") && !line.contains('\t') {
            continue;
        }
        let token = line.split('\t').next().unwrap_or(line).trim();
        if !token.is_empty() {
            cur.push(token.to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// BIO tags for each token of each sentence. The sentences are read as one
/// document (joined by blank lines), so names seen in one sentence help
/// the next, as they would in an article.
pub fn tag(sentences: &[Sentence], opts: &Options) -> Vec<Vec<String>> {
    let mut text = String::new();
    // (char start, char end) of every token.
    let mut spans: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sentences.len());
    let mut pos = 0usize;
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
            pos += 2;
        }
        let mut sp = Vec::with_capacity(s.len());
        for (j, tok) in s.iter().enumerate() {
            if j > 0 {
                text.push(' ');
                pos += 1;
            }
            let n = tok.chars().count();
            text.push_str(tok);
            sp.push((pos, pos + n));
            pos += n;
        }
        spans.push(sp);
    }
    let entities = recognize(&text, opts);
    let mut tags: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| vec!["O".to_string(); s.len()])
        .collect();
    // Entities are sorted; walk tokens and entities together.
    let mut flat: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (si, sp) in spans.iter().enumerate() {
        for (ti, &(a, b)) in sp.iter().enumerate() {
            flat.push((a, b, si, ti));
        }
    }
    let mut k = 0;
    for e in &entities {
        while k < flat.len() && flat[k].1 <= e.start {
            k += 1;
        }
        let mut first = true;
        let mut j = k;
        while j < flat.len() && flat[j].0 < e.end {
            let (_, _, si, ti) = flat[j];
            if tags[si][ti] == "O" {
                let prefix = if first { "B" } else { "I" };
                tags[si][ti] = format!("{prefix}-{}", e.kind.as_str());
            }
            first = false;
            j += 1;
        }
    }
    tags
}
