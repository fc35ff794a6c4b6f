//! Rule matching, parsing and validation.

mod support;

use support::story;
use warta_alert::{Comparison, EventView, Rule, Sink, StoryView};

fn rule() -> Rule {
    Rule {
        name: "r".into(),
        to: vec!["feed:r".parse().unwrap()],
        ..Rule::default()
    }
}

fn with_event(source: &str, target: &str, code: &str, g: f32) -> StoryView {
    let mut s = story("Judul", "Lead.");
    s.events = vec![EventView {
        source: source.into(),
        target: target.into(),
        code: code.into(),
        root: code[..2].into(),
        goldstein: g,
        ..EventView::default()
    }];
    s.actors.clear();
    s
}

#[test]
fn an_empty_rule_matches_everything_but_paused_matches_nothing() {
    let mut r = rule();
    assert!(r.matches(&story("a", "b")));
    r.paused = true;
    assert!(!r.matches(&story("a", "b")));
}

#[test]
fn actor_is_a_prefix_of_source_target_or_entity() {
    let s = with_event("IDNGOV", "IDNCOP", "043", 2.8);
    let mut r = rule();
    r.actors = vec!["IDN".into()];
    assert!(r.matches(&s));
    r.actors = vec!["IDNCOP".into()];
    assert!(r.matches(&s), "as target");
    r.actors = vec!["idngov".into()];
    assert!(r.matches(&s), "case-insensitive");
    r.actors = vec!["MYS".into()];
    assert!(!r.matches(&s));
    let mut s2 = s.clone();
    s2.actors = vec!["MYSGOV".into()];
    assert!(r.matches(&s2), "an entity's code counts");
}

#[test]
fn two_actors_must_both_be_there() {
    let s = with_event("RUS", "PRK", "040", 1.0);
    let mut r = rule();
    r.actors = vec!["RUS".into(), "PRK".into()];
    assert!(r.matches(&s));
    r.actors = vec!["RUS".into(), "USA".into()];
    assert!(!r.matches(&s));
    // One in an event, the other among the entities.
    let mut s2 = with_event("RUS", "", "010", 0.0);
    s2.actors = vec!["USAGOV".into()];
    assert!(r.matches(&s2));
}

#[test]
fn event_prefixes_any_one() {
    let s = with_event("RUS", "PRK", "0312", 5.2);
    let mut r = rule();
    for (events, want) in [
        (vec!["03"], true),
        (vec!["031"], true),
        (vec!["0312"], true),
        (vec!["0311"], false),
        (vec!["04", "05", "06"], false),
        (vec!["04", "03"], true),
        (vec!["3"], false),
    ] {
        r.events = events.iter().map(|e| e.to_string()).collect();
        assert_eq!(r.matches(&s), want, "{events:?}");
    }
}

#[test]
fn goldstein_comparisons_on_any_event() {
    let mut s = with_event("RUS", "UKR", "190", -10.0);
    s.events.push(EventView {
        source: "UKR".into(),
        target: "RUS".into(),
        code: "040".into(),
        goldstein: 1.0,
        ..EventView::default()
    });
    let mut r = rule();
    for (c, want) in [
        ("<=-5", true),
        ("<-10", false),
        ("<=-10", true),
        (">=1", true),
        (">1", false),
        ("=1", true),
        ("= -10", true),
        (">5", false),
    ] {
        r.goldstein = Some(c.parse().unwrap());
        assert_eq!(r.matches(&s), want, "{c}");
    }
    for bad in ["", "5", "<=", "<=x", "=>5", "<nan"] {
        assert!(bad.parse::<Comparison>().is_err(), "{bad}");
    }
    assert_eq!("<= -5".parse::<Comparison>().unwrap().to_string(), "<=-5");
}

#[test]
fn lang_and_outlet_any_of() {
    let s = story("a", "b"); // Kabar Nusa (id), Wire (en)
    let mut r = rule();
    r.langs = vec!["ms".into(), "en".into()];
    assert!(r.matches(&s));
    r.langs = vec!["de".into()];
    assert!(!r.matches(&s));
    r.langs.clear();
    r.outlets = vec!["reuters".into(), "kabar nusa".into()];
    assert!(r.matches(&s), "by name, any case");
    r.outlets = vec!["kabarnusa.example".into()];
    assert!(r.matches(&s), "by domain");
    r.outlets = vec!["example".into()];
    assert!(r.matches(&s), "a parent domain matches subdomains");
    r.outlets = vec!["nusa.example".into()];
    assert!(!r.matches(&s), "but not a suffix that is not a label");
}

#[test]
fn query_over_titles_and_leads() {
    let s = story(
        "Putin bertemu Kim Jong Un",
        "Pertemuan di Pyongyang membahas kerja sama.",
    );
    let mut r = rule();
    for (q, want) in [
        ("putin", true),
        ("\"kim jong un\" pyongyang", true),
        ("putin -pyongyang", false),
        ("biden OR \"north korean\"", true), // the second report's lead
        ("moskow OR seoul", false),
        ("pertemu*", true),
    ] {
        r.query = Some(q.into());
        assert_eq!(r.matches(&s), want, "{q}");
    }
}

#[test]
fn all_filters_together() {
    let s = with_event("RUSMIL", "UKRMIL", "190", -10.0);
    let mut r = rule();
    r.actors = vec!["RUS".into(), "UKR".into()];
    r.events = vec!["18".into(), "19".into()];
    r.goldstein = Some("<=-5".parse().unwrap());
    r.langs = vec!["id".into()];
    r.query = Some("judul".into());
    assert!(r.matches(&s));
    r.langs = vec!["fr".into()];
    assert!(!r.matches(&s), "one filter failing fails the rule");
}

#[test]
fn sinks_parse_and_print() {
    for s in [
        "telegram:@warta_alerts",
        "telegram:-1001234567890",
        "telegram:123456",
        "webhook:https://example.org/hook?x=1",
        "feed:korea-utara",
    ] {
        let sink: Sink = s.parse().unwrap();
        assert_eq!(sink.to_string(), s);
    }
    for bad in [
        "telegram:@abc",
        "telegram:name",
        "telegram:0",
        "webhook:ftp://x",
        "webhook:not a url",
        "feed:../etc/passwd",
        "feed:.hidden",
        "feed:",
        "email:x@y",
        "nothing",
    ] {
        assert!(bad.parse::<Sink>().is_err(), "{bad}");
    }
}

#[test]
fn rules_read_from_toml_and_round_trip_as_json() {
    #[derive(serde::Deserialize)]
    struct Config {
        rule: Vec<Rule>,
    }
    let c: Config = toml::from_str(
        r#"
[[rule]]
name = "korea"
query = "nuklir OR nuclear"
actors = ["RUS", "PRK"]
events = ["03", "04", "05", "06"]
goldstein = "<=-5"
langs = ["id"]
to = ["telegram:@warta_korea", { to = "webhook:https://example.org/h", secret_env = "HOOK_SECRET" }, "feed:korea"]
updates = true
"#,
    )
    .unwrap();
    let r = &c.rule[0];
    r.validate().unwrap();
    assert_eq!(r.goldstein.unwrap().to_string(), "<=-5");
    assert_eq!(
        r.to[1],
        Sink::Webhook {
            url: "https://example.org/h".into(),
            secret_env: Some("HOOK_SECRET".into())
        }
    );
    let json = serde_json::to_string(r).unwrap();
    let back: Rule = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, r);
    assert!(json.contains("\"telegram:@warta_korea\""), "{json}");

    let e =
        toml::from_str::<Config>("[[rule]]\nname = \"x\"\nto = [\"feed:x\"]\nactor = [\"RUS\"]\n");
    assert!(e.is_err(), "unknown fields are refused");
}

#[test]
fn validation_names_the_problem() {
    let r = rule();
    r.validate().unwrap();
    type Edit = Box<dyn Fn(&mut Rule)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|r| r.name = "has space".into()), "name"),
        (Box::new(|r| r.query = Some("a OR".into())), "OR"),
        (Box::new(|r| r.actors = vec!["R".into()]), "actor"),
        (Box::new(|r| r.events = vec!["3".into()]), "event"),
        (Box::new(|r| r.events = vec!["21".into()]), "01 to 20"),
        (
            Box::new(|r| r.goldstein = Some("<-50".parse().unwrap())),
            "Goldstein",
        ),
        (Box::new(|r| r.langs = vec!["indonesian".into()]), "lang"),
        (Box::new(|r| r.to.clear()), "--to"),
    ];
    for (f, want) in cases {
        let mut bad = r.clone();
        f(&mut bad);
        let e = bad.validate().unwrap_err().to_string();
        assert!(e.contains(want), "{e} lacks {want}");
    }
}
