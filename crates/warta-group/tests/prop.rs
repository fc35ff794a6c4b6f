//! `Grouper::add` never panics, whatever the article holds.

use chrono::{FixedOffset, TimeZone};
use proptest::prelude::*;
use warta_group::{Doc, DocEntity, DocEvent, GroupConfig, Grouper};

fn doc() -> impl Strategy<Value = Doc> {
    (
        ".{0,40}",
        ".{0,400}",
        proptest::option::of(prop_oneof![
            Just("id".to_string()),
            Just("en".to_string()),
            ".{0,3}"
        ]),
        proptest::option::of(-4_000_000_000i64..4_000_000_000),
        proptest::collection::vec((".{0,12}", ".{0,4}", proptest::option::of(".{0,6}")), 0..4),
        proptest::collection::vec(
            (
                ".{0,6}",
                ".{0,6}",
                ".{0,4}",
                proptest::option::of(".{0,10}"),
            ),
            0..3,
        ),
    )
        .prop_map(|(title, text, lang, ts, ents, evs)| Doc {
            id: title.chars().take(5).collect(),
            title,
            text,
            lang,
            published: ts.and_then(|t| {
                FixedOffset::east_opt(7 * 3600)
                    .unwrap()
                    .timestamp_opt(t, 0)
                    .single()
            }),
            outlet: None,
            entities: ents
                .into_iter()
                .map(|(canonical, kind, actor)| DocEntity {
                    canonical,
                    kind,
                    actor,
                })
                .collect(),
            events: evs
                .into_iter()
                .map(|(source, target, code, location)| DocEvent {
                    root: code.chars().take(2).collect(),
                    source,
                    target,
                    code,
                    date: None,
                    location,
                })
                .collect(),
            dates: vec!["2024-03-12".into(), "--03-1".into(), "20".into()],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn add_never_panics(docs in proptest::collection::vec(doc(), 1..24)) {
        let cfg = GroupConfig { quiet_after_hours: 1, idle_articles: 5, ..GroupConfig::default() };
        let mut g = Grouper::new(cfg);
        for d in &docs {
            let p = g.add(d);
            prop_assert!(p.story > 0);
            g.add_known(d, p.story, p.duplicate_of.as_deref());
        }
        g.take_quiet();
    }
}
