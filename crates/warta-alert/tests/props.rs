//! Property: whatever text a story carries, its message is one Telegram
//! accepts (the fake's validator) and within the limits.

mod support;

use proptest::prelude::*;
use support::{story, validate_html};
use warta_alert::message::{CAPTION_LIMIT, TEXT_LIMIT};
use warta_alert::{render_atom, telegram_message, telegram_update, Ui};

/// Text heavy in what breaks HTML: markup, entities, emoji, combining
/// marks, controls, long runs without spaces.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("\"".to_string()),
        Just("<b>".to_string()),
        Just("</i>".to_string()),
        Just("😀".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{0}\u{7}\r\n".to_string()),
        Just(" ".to_string()),
        Just(". ".to_string()),
        "[a-z]{1,12}",
        "\\PC{1,8}",
        "x{300,5000}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_story_gives_an_accepted_message(
        title in hostile(),
        lead in hostile(),
        outlet in hostile(),
        image in prop::bool::ANY,
        others in 0usize..40,
    ) {
        let mut s = story(&title, &lead);
        s.articles[0].outlet = Some(outlet.clone());
        if image {
            s.articles[0].image = Some("https://kabarnusa.example/a.jpg".into());
        }
        for i in 0..others {
            let mut a = s.articles[1].clone();
            a.outlet = Some(format!("{outlet}{i}"));
            s.articles.push(a);
        }
        for ui in [Ui::Id, Ui::En, Ui::Both] {
            let m = telegram_message(&s, ui);
            let n = validate_html(&m.text_html).map_err(|e| TestCaseError::fail(format!("{e}: {}", m.text_html)))?;
            prop_assert!(n <= TEXT_LIMIT && n > 0);
            prop_assert!(m.text_plain.encode_utf16().count() <= TEXT_LIMIT);
            prop_assert!(!m.text_plain.trim().is_empty());
            if let Some(c) = &m.caption_html {
                let n = validate_html(c).map_err(|e| TestCaseError::fail(format!("{e}: {c}")))?;
                prop_assert!(n <= CAPTION_LIMIT);
                prop_assert!(m.caption_plain.as_ref().unwrap().encode_utf16().count() <= CAPTION_LIMIT);
            }
            let u = telegram_update(&s, &s.articles, ui);
            let n = validate_html(&u.text_html).map_err(|e| TestCaseError::fail(format!("{e}: {}", u.text_html)))?;
            prop_assert!(n <= TEXT_LIMIT);
        }
        let xml = render_atom(&outlet, &title, &[warta_alert::atom_entry(&s)]);
        prop_assert!(feed_rs::parser::parse(xml.as_bytes()).is_ok(), "{}", xml);
    }
}
