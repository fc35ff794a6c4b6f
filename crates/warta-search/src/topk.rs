//! The best `k` hits of a scored query, found as a search engine finds
//! them: a block-max WAND over the terms that make the score skips every
//! block of articles whose best possible score cannot enter the top `k`,
//! and only the articles that could are checked against the whole query
//! (phrases, AND, NOT, filters) and scored by it. Segments are searched one
//! after the other with one threshold, so a later segment starts where the
//! earlier ones left the bar.
//!
//! The result is the same as scoring every match: the WAND's bound (the
//! sum of the BM25 scores of every scoring term, each with the largest
//! boost it has in the query) is never below the query's own score, so
//! nothing it skips could have been a hit.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};

/// A hit in the heap: the worst on top.
#[derive(Debug, Clone, Copy)]
struct Entry {
    score: Score,
    segment: u32,
    doc: DocId,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// "Greater" is worse: a lower score, then a later article.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.segment.cmp(&other.segment))
            .then(self.doc.cmp(&other.doc))
    }
}

/// The best `k` so far.
struct Top {
    k: usize,
    heap: BinaryHeap<Entry>,
}

impl Top {
    /// The score a hit must beat to get in.
    fn threshold(&self) -> Score {
        if self.heap.len() < self.k {
            Score::MIN
        } else {
            self.heap.peek().map_or(Score::MIN, |e| e.score)
        }
    }

    fn push(&mut self, e: Entry) -> Score {
        if self.heap.len() < self.k {
            self.heap.push(e);
        } else if e.score > self.threshold() {
            self.heap.pop();
            self.heap.push(e);
        }
        self.threshold()
    }
}

/// The best `k` articles for `query` (text and filters), best first.
/// `bound` lists the terms whose scores sum to at least the query's score
/// (see [`crate::query::Compiled::bound`]); `filter` is the unscored part,
/// to judge how much of the index the query can match at all.
pub(crate) fn search(
    searcher: &Searcher,
    query: &dyn Query,
    bound: Option<&[(Term, Score)]>,
    filter: Option<&dyn Query>,
    k: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weight = query.weight(scoring)?;
    let filter_weight = match filter {
        Some(f) => Some(f.weight(EnableScoring::disabled_from_searcher(searcher))?),
        None => None,
    };
    let bound = bound.unwrap_or_default();
    let mut top = Top {
        k: k.max(1),
        heap: BinaryHeap::with_capacity(k + 1),
    };
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = ord as u32;
        let alive = reader.alive_bitset();
        let keep = |doc: DocId, score: Score, top: &mut Top| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return top.threshold();
            }
            top.push(Entry {
                score,
                segment,
                doc,
            })
        };
        // tantivy's WAND wants every term's postings with frequencies: a
        // term missing from the segment (empty postings, none) is left out.
        let mut present = Vec::with_capacity(bound.len());
        let mut postings = 0u64;
        for (t, b) in bound {
            if let Some(info) = reader.inverted_index(t.field())?.get_term_info(t)? {
                present.push((t.clone(), *b));
                postings += u64::from(info.doc_freq);
            }
        }
        if bound.is_empty() {
            // No bound: every match is scored.
        } else if present.is_empty() {
            continue; // none of the scoring terms: nothing matches here
        }
        let narrow = match &filter_weight {
            Some(f) => filter_is_narrow(reader, f.as_ref(), postings)?,
            None => false,
        };
        let wand = if present.is_empty() || narrow {
            None
        } else {
            Some(Wand::new(&present, scoring)?)
        };
        match wand {
            Some(wand) => {
                // Each article the WAND cannot rule out is checked (and
                // scored) by the whole query; the WAND goes up the ids, so
                // the query's scorer only ever moves forward.
                let mut exact = weight.scorer(reader, 1.0)?;
                let scale = wand.scale;
                wand.weight.for_each_pruning(
                    top.threshold() / scale,
                    reader,
                    &mut |doc, _bound| {
                        let mut at = exact.doc();
                        if at < doc {
                            at = exact.seek(doc);
                        }
                        if at == doc {
                            keep(doc, exact.score(), &mut top) / scale
                        } else {
                            top.threshold() / scale
                        }
                    },
                )?;
            }
            None => {
                weight.for_each_pruning(top.threshold(), reader, &mut |doc, score| {
                    keep(doc, score, &mut top)
                })?;
            }
        }
    }
    let mut hits = top.heap.into_vec();
    hits.sort();
    Ok(hits
        .into_iter()
        .map(|e| (e.score, DocAddress::new(e.segment, e.doc)))
        .collect())
}

/// The bound's terms as one weight whose `for_each_pruning` is tantivy's
/// block-max WAND: a union of two or more term queries, or one term query
/// (unboosted, its scores scaled by `scale`).
struct Wand {
    weight: Box<dyn Weight>,
    scale: Score,
}

/// A little over 1, so that the bound stays above the query's score
/// whatever order the floating-point sums are made in.
const SLACK: Score = 1.0001;

impl Wand {
    fn new(terms: &[(Term, Score)], scoring: EnableScoring) -> tantivy::Result<Wand> {
        let query = |t: &Term| Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs));
        let (weight, scale) = if let [(term, boost)] = terms {
            (query(term).weight(scoring)?, boost * SLACK)
        } else {
            let clauses: Vec<(Occur, Box<dyn Query>)> = terms
                .iter()
                .map(|(t, b)| {
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(query(t), b * SLACK)) as Box<dyn Query>,
                    )
                })
                .collect();
            (BooleanQuery::new(clauses).weight(scoring)?, 1.0)
        };
        Ok(Wand { weight, scale })
    }
}

/// Whether the filter lets through so few articles of the segment that
/// going through them (and seeking the text) costs less than the WAND over
/// the text's terms (`postings` of them), which would find the filter's few
/// among many.
fn filter_is_narrow(
    reader: &SegmentReader,
    filter: &dyn Weight,
    postings: u64,
) -> tantivy::Result<bool> {
    let scorer = filter.scorer(reader, 1.0)?;
    let estimate = if scorer.doc() == TERMINATED {
        0
    } else {
        u64::from(scorer.size_hint())
    };
    Ok(estimate.saturating_mul(8) < postings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keeps_the_best_and_breaks_ties_by_address() {
        let mut top = Top {
            k: 2,
            heap: BinaryHeap::new(),
        };
        let e = |score, doc| Entry {
            score,
            segment: 0,
            doc,
        };
        assert_eq!(top.push(e(1.0, 0)), Score::MIN);
        assert_eq!(top.push(e(3.0, 1)), 1.0);
        assert_eq!(top.push(e(2.0, 2)), 2.0);
        // A tie with the worst kept hit does not get in: the earlier stays.
        assert_eq!(top.push(e(2.0, 3)), 2.0);
        let mut hits = top.heap.into_vec();
        hits.sort();
        assert_eq!(
            hits.iter().map(|h| (h.score, h.doc)).collect::<Vec<_>>(),
            [(3.0, 1), (2.0, 2)]
        );
    }
}
