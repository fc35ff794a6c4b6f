//! Properties on arbitrary text: no panic; spans in order, not
//! overlapping, inside the text (in characters), and `text` is exactly the
//! characters at `[start, end)`.

use chrono::DateTime;
use proptest::prelude::*;
use warta_dates::{find_dates, Anchor};
use warta_lang::Lang;

fn check(text: &str, anchor: Option<Anchor>, lang: Lang) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for m in find_dates(text, anchor, lang) {
        prop_assert!(m.start < m.end, "empty span {m:?}");
        prop_assert!(m.start >= last_end, "overlap or disorder at {m:?}");
        prop_assert!(m.end <= chars.len(), "span past the end: {m:?}");
        let slice: String = chars[m.start..m.end].iter().collect();
        prop_assert_eq!(&slice, &m.text);
        prop_assert!(!m.value.is_empty());
        last_end = m.end;
    }
    Ok(())
}

fn anchor() -> impl Strategy<Value = Option<Anchor>> {
    prop_oneof![
        Just(None),
        (-2_000_000_000i64..4_000_000_000i64, -14i32..=14).prop_map(|(secs, h)| {
            let off = chrono::FixedOffset::east_opt(h * 3600).unwrap();
            DateTime::from_timestamp(secs, 0).map(|t| Anchor {
                published: t.with_timezone(&off),
            })
        }),
    ]
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Id), Just(Lang::En), Just(Lang::Other)]
}

/// Pieces that look like dates, glued at random with odd separators.
fn datey() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("13".to_string()),
        Just("9".to_string()),
        Just("2023".to_string()),
        Just("31".to_string()),
        Just("/".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just(":".to_string()),
        Just("+".to_string()),
        Just(" ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("Sept".to_string()),
        Just("Mei".to_string()),
        Just("Rabu".to_string()),
        Just("Minggu".to_string()),
        Just("hari".to_string()),
        Just("ini".to_string()),
        Just("lalu".to_string()),
        Just("kemarin".to_string()),
        Just("pukul".to_string()),
        Just("WIB".to_string()),
        Just("GMT".to_string()),
        Just("T".to_string()),
        Just("Z".to_string()),
        Just("last".to_string()),
        Just("week".to_string()),
        Just("dua".to_string()),
        Just("yang".to_string()),
        Just("Jum'at".to_string()),
        Just("é".to_string()),
        Just("—".to_string()),
        Just("日本".to_string()),
        Just("\u{a0}".to_string()),
        "[0-9]{1,5}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(text in any::<String>(), a in anchor(), l in lang()) {
        check(&text, a, l)?;
    }

    #[test]
    fn date_like_strings(text in datey(), a in anchor(), l in lang()) {
        check(&text, a, l)?;
    }
}
