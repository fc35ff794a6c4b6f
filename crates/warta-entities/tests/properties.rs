//! The recognizer on arbitrary text: no panic, and every entity's offsets
//! are characters of the input that spell its `text`.

use proptest::prelude::*;
use warta_entities::{recognize, Options};

fn check(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for e in recognize(text, &Options::default()) {
        assert!(e.start < e.end && e.end <= chars.len(), "{e:?}");
        assert!(
            e.start >= last_end,
            "entities overlap or are out of order: {e:?}"
        );
        last_end = e.end;
        let spelled: String = chars[e.start..e.end].iter().collect();
        assert_eq!(spelled, e.text);
        assert!(!e.canonical.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn name_like_text(words in proptest::collection::vec(
        prop_oneof![
            Just("Presiden"), Just("Kim"), Just("Jong-Un"), Just("Putin"), Just("PBB"),
            Just("di"), Just("Kota"), Just("Bandung"), Just("Partai"), Just("Golkar"),
            Just("Bupati"), Just("“"), Just("”"), Just("."), Just(","), Just("\n\n"),
            Just("Rusia-Korea"), Just("Utara"), Just("Hari"), Just("Jl."), Just("Ibu"),
            Just("Budi"), Just("Santoso"), Just("KPK"), Just("XI"), Just("the"), Just("Ministry"),
            Just("of"), Just("Défense"), Just("Ñandú"), Just("-"), Just("(45)"),
        ],
        0..40,
    )) {
        check(&words.join(" "));
    }
}
