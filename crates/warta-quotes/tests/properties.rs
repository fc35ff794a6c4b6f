//! Property tests: on arbitrary text (multibyte, full of quote marks,
//! apostrophes, blank lines and speech verbs) and arbitrary mentions,
//! `find_quotes` never panics, and every span lies inside the text with
//! `text` equal to the characters it covers.

use proptest::prelude::*;
use warta_lang::Lang;
use warta_quotes::{find_quotes, Speaker};

/// Pieces that exercise the pairing and attribution rules.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "“", "”", "\"", "‘", "’", "'", "«", "»", "„", "\n", "\n\n", "\n \n", " ", " ", ", ", ". ",
            ": ", "? ", "! ", "—", "(", ")", "…", "Jum’at", "don’t", "ujarnya", "kata", "dia",
            "Menurut", "according to", "said", "Said", "told", "mengatakan", "he", "seperti dilansir",
            "Retno", "Dr.", "AS", "🇮🇩", "日本", "é", "e\u{301}", "ß", "İ", "\u{200B}", "\t",
        ]).prop_map(String::from),
        1 => "\\PC{0,6}",
        1 => "[a-zA-Z]{1,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_are_sound(t in text(), cuts in prop::collection::vec((0usize..400, 1usize..12, any::<bool>()), 0..8), en in any::<bool>()) {
        let n = t.chars().count();
        let mut speakers: Vec<Speaker<'_>> = cuts
            .iter()
            .filter(|(s, _, _)| *s < n)
            .map(|&(s, len, person)| Speaker {
                start: s,
                end: (s + len).min(n),
                canonical: "Someone",
                is_person: person,
            })
            .collect();
        speakers.sort_by_key(|s| s.start);
        let lang = if en { Lang::En } else { Lang::Id };
        let quotes = find_quotes(&t, &speakers, lang);
        let chars: Vec<char> = t.chars().collect();
        let mut last_start = 0;
        for q in &quotes {
            prop_assert!(q.start < q.end && q.end <= n, "span {}..{} of {}", q.start, q.end, n);
            prop_assert!(q.start >= last_start, "quotes out of order");
            last_start = q.start;
            let inside: String = chars[q.start..q.end].iter().collect();
            prop_assert_eq!(&inside, &q.text);
            prop_assert!(!q.text.starts_with(char::is_whitespace) && !q.text.ends_with(char::is_whitespace));
            match (q.speaker_start, q.speaker_end) {
                (Some(a), Some(b)) => prop_assert!(a < b && b <= n && q.speaker.is_some()),
                (None, None) => prop_assert!(q.speaker.is_none()),
                _ => prop_assert!(false, "half a speaker span"),
            }
        }
    }

    #[test]
    fn out_of_range_mentions_do_not_panic(t in text(), s in 0usize..1000, len in 0usize..50) {
        let speakers = [Speaker { start: s, end: s + len, canonical: "X", is_person: true }];
        let _ = find_quotes(&t, &speakers, Lang::Id);
    }
}

/// Many marks in one paragraph: all short scare quotes, or all openers.
#[test]
fn dense_marks_stay_sound() {
    let scare = "a \"b\" ".repeat(20_000);
    assert!(find_quotes(&scare, &[], Lang::En).is_empty());
    let openers = "“a ".repeat(20_000);
    assert!(find_quotes(&openers, &[], Lang::Id).is_empty());
    let quotes = "“Kami siap,” kata dia. ".repeat(5_000);
    assert_eq!(find_quotes(&quotes, &[], Lang::Id).len(), 5_000);
}
