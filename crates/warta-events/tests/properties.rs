//! The coder and the dictionary readers on arbitrary input: no panic, and
//! every event points at a sentence of the text it was given.

use proptest::prelude::*;
use warta_events::{code_document, CodeOptions, Dictionary, SentenceInput};
use warta_lang::Lang;

fn code(text: &str, lang: Lang) {
    let entities = warta_entities::recognize(
        text,
        &warta_entities::Options {
            lang,
            ..Default::default()
        },
    );
    let dates = vec![(0usize, 1usize, "2024-03-12".to_string())];
    let sentences: Vec<SentenceInput> = warta_lang::split_sentences(text)
        .iter()
        .map(|s| SentenceInput {
            text: s.text,
            start: s.start,
            end: s.end,
            entities: &entities,
            dates: &dates,
        })
        .collect();
    let opts = CodeOptions {
        lang,
        date: Some("2024-03-12".into()),
        keep_negated: true,
    };
    let chars = text.chars().count();
    for e in code_document(&sentences, &opts, Dictionary::builtin()) {
        assert!(e.start <= e.end && e.end <= chars, "{e:?}");
        assert!(!e.source.is_empty());
        assert_eq!(e.root, e.code[..2]);
        assert!((1..=4).contains(&e.quad_class));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_text(text in "\\PC{0,200}") {
        code(&text, Lang::Id);
        code(&text, Lang::En);
    }

    #[test]
    fn news_like_text(words in proptest::collection::vec(
        prop_oneof![
            Just("Presiden"), Just("Rusia"), Just("Vladimir"), Just("Putin"), Just("dan"),
            Just("Kim"), Just("Jong-Un"), Just("bertemu"), Just("menyerang"), Just("diserang"),
            Just("oleh"), Just("polisi"), Just("tidak"), Just("akan"), Just("mengatakan"),
            Just("bahwa"), Just("yang"), Just("di"), Just("ke"), Just("Jakarta"), Just(","),
            Just("."), Just("“"), Just("”"), Just("Ia"), Just("keduanya"), Just("saling"),
            Just("menurut"), Just("PBB"), Just("the"), Just("US"), Just("attacked"),
            Just("was"), Just("by"), Just("Russia's"), Just("troops"), Just("said"),
        ],
        0..40,
    )) {
        let text = words.join(" ");
        code(&text, Lang::Id);
        code(&text, Lang::En);
    }

    #[test]
    fn dictionary_readers_never_panic(text in "\\PC{0,300}") {
        let mut d = Dictionary::default();
        let _ = d.load_codes(&text, "x.tsv");
        let _ = d.load_verbs_id(&text, "x.tsv");
        let _ = d.load_verbs_en(&text, "x.tsv");
        let with_header = format!("root\tactive\tpassive\tcode\n{text}");
        let _ = d.load_verbs_id(&with_header, "x.tsv");
        let with_header = format!("lemma\tforms\tcode\n{text}");
        let _ = d.load_verbs_en(&with_header, "x.tsv");
    }
}
