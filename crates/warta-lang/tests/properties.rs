//! Property tests: no panics on arbitrary text, offsets inside the text on
//! character boundaries, sentences covering the text in order.

use proptest::prelude::*;
use warta_lang::{
    detect_language, split_clitics, split_sentences, stem_en, stem_id, tokenize, tokenize_and_split,
};

/// Text built from pieces that exercise the scanners' special cases.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Dr.".to_string()),
        Just("S.H.".to_string()),
        Just("U.S.".to_string()),
        Just("5,6".to_string()),
        Just("1.000".to_string()),
        Just("13/9/2023".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("https://a.id/x.".to_string()),
        Just("www.".to_string()),
        Just("a@b.co".to_string()),
        Just("@".to_string()),
        Just("#".to_string()),
        Just("-".to_string()),
        Just("'".to_string()),
        Just(".".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just("\u{301}".to_string()),
        Just("menyapu".to_string()),
        Just("Kim".to_string()),
        Just("J.".to_string()),
        "[a-zA-Z0-9]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![tricky(), any::<String>()]
}

fn check(text: &str) {
    let n = text.chars().count();
    let tokens = tokenize(text);
    let mut last_end = 0;
    let mut covered = vec![false; n];
    for t in &tokens {
        assert!(
            t.start < t.end && t.end <= n,
            "token {t:?} outside text of {n} chars"
        );
        assert!(t.start >= last_end, "tokens out of order: {t:?}");
        assert!(text.is_char_boundary(t.byte_start) && text.is_char_boundary(t.byte_end));
        assert_eq!(&text[t.byte_start..t.byte_end], t.text);
        assert_eq!(t.text.chars().count(), t.end - t.start);
        for c in covered.iter_mut().take(t.end).skip(t.start) {
            *c = true;
        }
        last_end = t.end;
    }
    // every non-whitespace character belongs to a token
    for (i, c) in text.chars().enumerate() {
        assert!(
            c.is_whitespace() || covered[i],
            "char {i} {c:?} not in a token"
        );
    }
    let sentences = split_sentences(text);
    let mut last = 0;
    let mut in_sentence = vec![false; n];
    for s in &sentences {
        assert!(s.start < s.end && s.end <= n);
        assert!(s.start >= last, "sentences out of order");
        assert!(text.is_char_boundary(s.byte_start) && text.is_char_boundary(s.byte_end));
        assert_eq!(&text[s.byte_start..s.byte_end], s.text);
        for c in in_sentence.iter_mut().take(s.end).skip(s.start) {
            *c = true;
        }
        last = s.end;
    }
    for (i, c) in text.chars().enumerate() {
        assert!(
            c.is_whitespace() || in_sentence[i],
            "char {i} {c:?} in no sentence"
        );
    }
    let (tokens2, sentences2) = tokenize_and_split(text);
    assert_eq!(tokens2, tokens);
    assert_eq!(sentences2, sentences);
    for s in &sentences {
        assert_eq!(tokens[s.tokens.start].start, s.start);
        assert_eq!(tokens[s.tokens.end - 1].end, s.end);
    }
    for t in tokens.iter().take(50) {
        let _ = stem_id(t.text);
        let _ = stem_en(t.text);
        let c = split_clitics(t.text);
        assert_eq!(format!("{}{}{}", c.proclitic, c.base, c.enclitic), t.text);
    }
    let (_, conf) = detect_language(text);
    assert!((0.0..=1.0).contains(&conf));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn invariants_hold(text in arbitrary_text()) {
        check(&text);
    }
}

#[test]
fn long_runs_stay_fast() {
    // pathological inputs must not go quadratic: long dotted runs, one huge word
    let dotted = "a.".repeat(50_000);
    let started = std::time::Instant::now();
    check(&dotted);
    check(&"x".repeat(100_000));
    check(&"@".repeat(50_000));
    check(&"1.".repeat(50_000));
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}
