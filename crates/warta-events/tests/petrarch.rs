//! PETRARCH dictionaries: each kind into its table, the format's corners,
//! no panic on any text, and the real dictionaries when `../shared` holds
//! them.

use proptest::prelude::*;
use warta_events::dict::{Pattern, Slot};
use warta_events::petrarch::{guess_kind, load, LoadStats, PetrarchKind};
use warta_events::{DictError, Dictionary};

fn loaded(text: &str, kind: PetrarchKind) -> (Dictionary, LoadStats) {
    let mut d = Dictionary::default();
    let stats = load(&mut d, text, "test.txt", kind).expect("loads");
    (d, stats)
}

fn actor<'a>(d: &'a Dictionary, phrase: &str) -> Option<&'a str> {
    d.actors.phrases.get(phrase).map(String::as_str)
}

fn agent<'a>(d: &'a Dictionary, phrase: &str) -> Option<&'a str> {
    d.agents.phrases.get(phrase).map(String::as_str)
}

/// Codes of the senses of an English verb form: (code, object) pairs.
fn senses(d: &Dictionary, form: &str) -> Vec<(String, Vec<String>)> {
    d.verbs_en
        .forms
        .get(form)
        .map(|l| {
            l.iter()
                .map(|s| (s.code.clone(), s.object.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn has_code(d: &Dictionary, form: &str, code: &str) -> bool {
    senses(d, form)
        .iter()
        .any(|(c, o)| c == code && o.is_empty())
}

const ACTORS: &str = "\
<!-- SAMPLE ACTORS -->
<!--
# a comment block over
# several lines [XXX]
# -->
<! -- TABARI's spacing -->
ELVENLAND [ELV]
+ELVISH
+THE_GREY_HAVENS_
GREAT_HALL_OF_ELVES [ELVGOV] # a comment
DWARROWDELF  [dwa]
MITHRIL_MINE
\t[DWABUS]
OLD_KING  # dated codes
+THE_KING_UNDER_THE_MOUNTAIN
\t[DWA <950601]
\t[DWAGOV 19950601 - 19990815]
\t[DWAREB > 990816]
YOUNG_QUEEN [ELV]
\t[ELVGOV 20121109-20130119]
STEWARD
\t[GONGOV 990101-051231]
\t[GONELI 060101-101231]
TWIN_TOWNS [FOO/BAR]
NAMELESS_ONE
GREY_WANDERER [WIZ 20010101-20020101] [WIZELI >20020101]
";

#[test]
fn actors_load_with_synonyms_underscores_and_codes() {
    let (d, stats) = loaded(ACTORS, PetrarchKind::Actors);
    assert_eq!(actor(&d, "elvenland"), Some("ELV"));
    assert_eq!(actor(&d, "elvish"), Some("ELV"));
    assert_eq!(actor(&d, "the grey havens"), Some("ELV"));
    assert_eq!(actor(&d, "great hall of elves"), Some("ELVGOV"));
    // Lower-case codes are upper-cased; codes on the next line count.
    assert_eq!(actor(&d, "dwarrowdelf"), Some("DWA"));
    assert_eq!(actor(&d, "mithril mine"), Some("DWABUS"));
    assert_eq!(actor(&d, "twin towns"), Some("FOO"));
    // Comments are not read as actors.
    assert!(!d
        .actors
        .phrases
        .keys()
        .any(|k| k.contains("comment") || k.contains("tabari")));
    // A name without any code is skipped and counted.
    assert_eq!(actor(&d, "nameless one"), None);
    assert!(stats.skipped >= 1);
    assert_eq!(stats.entries, d.actors.phrases.len());
}

#[test]
fn actors_keep_the_code_in_force_last() {
    let (d, _) = loaded(ACTORS, PetrarchKind::Actors);
    // Open-ended "> date" beats everything.
    assert_eq!(actor(&d, "old king"), Some("DWAREB"));
    assert_eq!(actor(&d, "the king under the mountain"), Some("DWAREB"));
    // An undated default outlives a closed range.
    assert_eq!(actor(&d, "young queen"), Some("ELV"));
    // Of ranges only, the one ending last (YYMMDD: 06 → 2006).
    assert_eq!(actor(&d, "steward"), Some("GONELI"));
    // Several codes on the name's line.
    assert_eq!(actor(&d, "grey wanderer"), Some("WIZELI"));
}

#[test]
fn unclosed_actor_code_is_an_error_with_its_line() {
    let mut d = Dictionary::default();
    let err = load(
        &mut d,
        "GOOD [GD]\nBROKEN_NAME [BRK\n",
        "x.actors.txt",
        PetrarchKind::Actors,
    )
    .unwrap_err();
    let DictError::Bad { file, line, .. } = &err;
    assert_eq!((file.as_str(), *line), ("x.actors.txt", 2));
    let err = load(&mut d, "NAME\n\t[ABC 20010101\n", "y", PetrarchKind::Actors).unwrap_err();
    assert!(err.to_string().starts_with("y:2:"), "{err}");
}

const AGENTS: &str = "\
<!-- SAMPLE AGENTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINST! = MINISTER, MINISTRY

SOLDIER [~MIL] # regular plural
POLICE {} [ ~COP] # no plural
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVJUD]
CONGRESS [~LEG]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_MAGIC [~GOV]
HUMAN_RIGHTS_BODY [NGO~]
AUTHORITY [~GOV]
NO_CODE_HERE
CHAIR!UNKNOWN! [~GOV]
";

#[test]
fn agents_load_roles_plurals_and_substitutions() {
    let (d, stats) = loaded(AGENTS, PetrarchKind::Agents);
    assert_eq!(agent(&d, "soldier"), Some("MIL"));
    assert_eq!(agent(&d, "soldiers"), Some("MIL"));
    assert_eq!(agent(&d, "police"), Some("COP"));
    assert_eq!(agent(&d, "polices"), None);
    assert_eq!(agent(&d, "attorney general"), Some("GOVJUD"));
    assert_eq!(agent(&d, "attorneys general"), Some("GOVJUD"));
    assert_eq!(agent(&d, "attorney generals"), None);
    assert_eq!(agent(&d, "congresses"), Some("LEG"));
    assert_eq!(agent(&d, "authorities"), Some("GOV"));
    for p in [
        "congressman",
        "congressmen",
        "congresswoman",
        "congresswomen",
    ] {
        assert_eq!(agent(&d, p), Some("LEG"), "{p}");
    }
    assert_eq!(agent(&d, "congressmens"), None);
    assert_eq!(agent(&d, "minister of magic"), Some("GOV"));
    assert_eq!(agent(&d, "ministry of magic"), Some("GOV"));
    assert_eq!(agent(&d, "human rights body"), Some("NGO"));
    // No code, undefined set: skipped.
    assert_eq!(agent(&d, "no code here"), None);
    assert!(!d.agents.phrases.keys().any(|k| k.contains("chair")));
    assert_eq!(stats.skipped, 2);
    assert!(d.actors.phrases.is_empty());
}

const VERBS: &str = "\
<!-- SYNSETS -->
&WEAPON
+SWORD
+BATTLE_AXE
+ARROWS_

&ALLIANCE_
+PACT
+TREATY

&NESTED
+&WEAPON
+SPEAR

--- PRAISE  [051]  ---
PRAISE    # comment
LAUD {LAUDED}
- * &ALLIANCE [057]
- * NEW_&WEAPON_SUPPLIES [0711]
- FAILED_TO_* [111]
- * OUR FRIENDS [def]
- * THE FOES [075A]
- * WITH % [042:043]
- * (AT {SUMMIT}) [:043]
- * &UNDEFINED [020]
- % * [030]

--- SEIZE [---] ---
SEIZE
GRAB [171]
- * &NESTED [1711]
+TAKE_OVER {+TOOK_OVER +TAKEN_OVER +TAKING_OVER} [1712]
RE_+TAKE [1713]
SWEAR {SWORE SWORN SWEARS} [1714]

--- BROKEN [abc] ---
BREAK {BROKE BROKEN}
";

#[test]
fn verbs_load_block_codes_and_forms() {
    let (d, stats) = loaded(VERBS, PetrarchKind::Verbs);
    for f in ["praise", "praises", "praised", "praising", "laud", "lauded"] {
        assert!(has_code(&d, f, "051"), "{f}: {:?}", senses(&d, f));
    }
    // Braces list all the forms there are (PETRARCH): no regular ones added.
    assert!(!d.verbs_en.forms.contains_key("lauds"));
    // A `---` block has no bare code; a verb's own code still counts.
    assert!(!d.verbs_en.forms["seize"]
        .iter()
        .any(|s| s.pattern.is_none() && s.object.is_empty()));
    assert!(has_code(&d, "grabbed", "171"));
    // Multi-word verbs: `+` marks the verb word; irregular forms of it.
    assert!(has_code(&d, "take over", "1712"));
    assert!(has_code(&d, "took over", "1712"));
    assert!(has_code(&d, "taking over", "1712"));
    assert!(!d.verbs_en.forms.contains_key("took over over"));
    for f in ["re take", "re takes", "re taking", "re taked"] {
        assert!(has_code(&d, f, "1713"), "{f}");
    }
    // Irregular -s forms are not participles; pasts are.
    let swears = &d.verbs_en.forms["swears"];
    assert!(swears.iter().all(|s| !s.participle));
    assert!(d.verbs_en.forms["swore"].iter().all(|s| s.participle));
    // A block whose code is junk gives nothing, and is counted.
    assert!(senses(&d, "break").is_empty());
    assert!(stats.skipped >= 1);
    // Nothing else leaks in: no synset members or comments as verbs.
    assert!(!d.verbs_en.forms.contains_key("sword"));
    assert!(!d.verbs_en.forms.contains_key("comment"));
}

fn pattern_of(d: &Dictionary, form: &str, code: &str) -> Option<Pattern> {
    d.verbs_en
        .forms
        .get(form)?
        .iter()
        .find(|s| s.code == code)
        .and_then(|s| s.pattern.as_deref().cloned())
}

fn runs(slot: &Slot) -> Vec<String> {
    slot.alts.iter().map(|r| r.join(" ")).collect()
}

#[test]
fn verb_patterns_become_pattern_senses() {
    let (d, stats) = loaded(VERBS, PetrarchKind::Verbs);
    // Synset, no plurals (label ends with `_`).
    let p = pattern_of(&d, "praise", "057").expect("057 pattern");
    assert!(p.before.is_empty());
    assert_eq!(runs(&p.after[0]), ["pact", "treaty"]);
    // Underscores join words; synset members with plurals (not for `ARROWS_`).
    let p = pattern_of(&d, "lauded", "0711").expect("0711 pattern");
    assert_eq!(p.after.len(), 3);
    assert!(!p.after[0].adjacent && p.after[1].adjacent && p.after[2].adjacent);
    let weapons = runs(&p.after[1]);
    for w in ["sword", "swords", "battle axe", "battle axes", "arrows"] {
        assert!(weapons.contains(&w.to_string()), "{w} in {weapons:?}");
    }
    assert!(!weapons.contains(&"arrowss".to_string()));
    // Words before `*`, joined to the verb by `_`.
    let p = pattern_of(&d, "praise", "111").expect("111 pattern");
    assert_eq!(p.before.len(), 2);
    assert!(p.before_adjacent);
    // `042:043`: the first code; `%` is no word.
    let p = pattern_of(&d, "praise", "042").expect("042 pattern");
    assert_eq!(runs(&p.after[0]), ["with"]);
    // A dictionary's own codes pass: three digits and a letter.
    assert!(pattern_of(&d, "praise", "075A").is_some());
    // Nested synsets expand; patterns apply to every verb of the block.
    let p = pattern_of(&d, "seize", "1711").expect("nested synset");
    let all = runs(&p.after[0]);
    assert!(all.contains(&"sword".to_string()) && all.contains(&"spear".to_string()));
    assert!(pattern_of(&d, "grab", "1711").is_some());
    // `% *`: no word, but a compound subject.
    assert!(pattern_of(&d, "praise", "030").is_some_and(|p| p.compound));
    // Skipped: `def`, `:043`, an undefined synset.
    assert!(pattern_of(&d, "praise", "043").is_none());
    assert!(pattern_of(&d, "praise", "020").is_none());
    assert!(stats.skipped >= 3, "{stats:?}");
}

#[test]
fn patterns_match_words_around_the_verb() {
    let (d, _) = loaded(VERBS, PetrarchKind::Verbs);
    let p = pattern_of(&d, "lauded", "0711").unwrap();
    let m = |s: &str, at: usize| {
        let norms: Vec<&str> = s.split(' ').collect();
        p.matches(&norms, at, at + 1)
    };
    assert!(m("ur lauded the new battle axes supplies", 1).is_some());
    // `_` wants the words side by side.
    assert!(m("ur lauded the new and sharp swords supplies", 1).is_none());
    let p = pattern_of(&d, "praise", "111").unwrap();
    let norms: Vec<&str> = "ur failed to praise kesh".split(' ').collect();
    assert_eq!(p.matches(&norms, 3, 4).map(|m| m.start), Some(1));
    let norms: Vec<&str> = "ur failed to quickly praise kesh".split(' ').collect();
    assert!(p.matches(&norms, 4, 5).is_none());
}

const DISCARDS: &str = "\
# Story-level discards start with '+'.
MONTHS LATER
+World Golf Championships   # pas
BALLCLUB_
+TYPHOON
";

#[test]
fn discards_load_lower_case() {
    let (d, stats) = loaded(DISCARDS, PetrarchKind::Discards);
    assert_eq!(
        d.discards,
        [
            "months later",
            "world golf championships",
            "ballclub",
            "typhoon"
        ]
    );
    assert_eq!(
        stats,
        LoadStats {
            entries: 4,
            skipped: 0
        }
    );
}

#[test]
fn kinds_are_guessed() {
    use PetrarchKind::*;
    assert_eq!(guess_kind("PETR.Validate.actors.txt", ""), Some(Actors));
    assert_eq!(guess_kind("dir/Phoenix.agents.txt", ""), Some(Agents));
    assert_eq!(guess_kind("CAMEO.2.0.txt", ""), Some(Verbs));
    assert_eq!(guess_kind("x.verbs.txt", ""), Some(Verbs));
    assert_eq!(guess_kind("Phoenix.discards.txt", ""), Some(Discards));
    assert_eq!(guess_kind("a.txt", VERBS), Some(Verbs));
    assert_eq!(guess_kind("a.txt", AGENTS), Some(Agents));
    assert_eq!(guess_kind("a.txt", ACTORS), Some(Actors));
    assert_eq!(guess_kind("a.txt", DISCARDS), Some(Discards));
    assert_eq!(guess_kind("a.txt", "# nothing\n\n"), None);
}

const KINDS: [PetrarchKind; 4] = [
    PetrarchKind::Actors,
    PetrarchKind::Agents,
    PetrarchKind::Verbs,
    PetrarchKind::Discards,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_text_never_panics(text in "\\PC{0,400}") {
        for kind in KINDS {
            let _ = load(&mut Dictionary::default(), &text, "p", kind);
        }
        let _ = guess_kind("p", &text);
    }

    #[test]
    fn dictionary_like_text_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("["), Just("]"), Just("{"), Just("}"), Just("("), Just(")"), Just("*"),
            Just("&"), Just("+"), Just("-"), Just("---"), Just("~"), Just("!"), Just("!P!"),
            Just("="), Just(","), Just(":"), Just("_"), Just("#"), Just("<!--"), Just("-->"),
            Just("<"), Just(">"), Just("\n"), Just("\t"), Just(" "), Just("ABC"), Just("042"),
            Just("19950601"), Just("950601"), Just("Y"), Just("S"), Just("é"), Just("ß"),
            Just("İ"), Just("%"), Just("$"), Just("^"),
        ],
        0..80,
    )) {
        let text = parts.concat();
        for kind in KINDS {
            let _ = load(&mut Dictionary::default(), &text, "p", kind);
        }
    }
}

#[test]
fn shared_petrarch_dictionaries_load() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/petrarch-dictionaries"
    );
    if !std::path::Path::new(dir).is_dir() {
        println!("skipped: ../shared absent");
        return;
    }
    let files = [
        ("PETR.Validate.actors.txt", 150),
        ("PETR.Validate.agents.txt", 100),
        ("PETR.Validate.verbs.txt", 100),
        ("PETR.Validate.discards.txt", 8),
        ("CAMEO.2.0.txt", 5000),
        ("Phoenix.Countries.actors.txt", 20000),
        ("Phoenix.International.actors.txt", 3000),
        ("Phoenix.MilNonState.actors.txt", 1000),
        ("Phoenix.agents.txt", 1500),
        ("Phoenix.discards.txt", 300),
    ];
    for (name, at_least) in files {
        let path = format!("{dir}/{name}");
        let Ok(bytes) = std::fs::read(&path) else {
            println!("skipped: {name} absent");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let kind = guess_kind(name, &text).expect("kind");
        let mut d = Dictionary::default();
        let stats = load(&mut d, &text, name, kind).unwrap_or_else(|e| panic!("{e}"));
        println!("{name}: {kind:?} {stats:?}");
        assert!(stats.entries >= at_least, "{name}: {stats:?}");
    }
}
