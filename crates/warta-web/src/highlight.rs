//! Cuts a part of an article's analysed text into pieces marked with the
//! entity and the quote they belong to, so the reading view can highlight
//! them. Offsets are in characters, as the analysis gives them. Pure.

/// A run of text and the spans that cover all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Index into the entity spans given.
    pub entity: Option<usize>,
    /// Index into the quote spans given.
    pub quote: Option<usize>,
}

/// Pieces of `chars[start..end]`. Spans may overlap, reach outside the
/// range or be empty; the pieces always put the range's text back together.
pub fn pieces(
    chars: &[char],
    start: usize,
    end: usize,
    entities: &[(usize, usize)],
    quotes: &[(usize, usize)],
) -> Vec<Piece> {
    let end = end.min(chars.len());
    if start >= end {
        return Vec::new();
    }
    let mut cuts = vec![start, end];
    for &(s, e) in entities.iter().chain(quotes) {
        for c in [s, e] {
            if c > start && c < end {
                cuts.push(c);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let cover = |spans: &[(usize, usize)], a: usize, b: usize| {
        spans.iter().position(|&(s, e)| s < e && s <= a && e >= b)
    };
    let mut out: Vec<Piece> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let entity = cover(entities, a, b);
        let quote = cover(quotes, a, b);
        let text: String = chars[a..b].iter().collect();
        match out.last_mut() {
            Some(last) if last.entity == entity && last.quote == quote => last.text.push_str(&text),
            _ => out.push(Piece {
                text,
                entity,
                quote,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn entities_inside_quotes() {
        let chars: Vec<char> = "Putin: \"Rusia siap membantu Korea Utara,\" katanya."
            .chars()
            .collect();
        let p = pieces(
            &chars,
            0,
            chars.len(),
            &[(0, 5), (8, 13), (28, 39)],
            &[(7, 41)],
        );
        let texts: Vec<(&str, Option<usize>, Option<usize>)> = p
            .iter()
            .map(|p| (p.text.as_str(), p.entity, p.quote))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Putin", Some(0), None),
                (": ", None, None),
                ("\"", None, Some(0)),
                ("Rusia", Some(1), Some(0)),
                (" siap membantu ", None, Some(0)),
                ("Korea Utara", Some(2), Some(0)),
                (",\"", None, Some(0)),
                (" katanya.", None, None),
            ]
        );
    }

    proptest! {
        #[test]
        fn pieces_put_the_text_back_together(
            text in "[a-zé \u{1F600}]{0,40}",
            start in 0usize..45,
            len in 0usize..45,
            spans in proptest::collection::vec((0usize..50, 0usize..50), 0..6),
        ) {
            let chars: Vec<char> = text.chars().collect();
            let end = start + len;
            let p = pieces(&chars, start, end, &spans, &spans[..spans.len() / 2]);
            let joined: String = p.iter().map(|p| p.text.as_str()).collect();
            let want: String = chars.iter().skip(start).take(end.min(chars.len()).saturating_sub(start)).collect();
            prop_assert_eq!(joined, want);
            prop_assert!(p.iter().all(|p| !p.text.is_empty()));
        }
    }
}
