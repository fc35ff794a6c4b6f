//! Sentences coded end to end (entities recognised, then events), with the
//! built-in dictionaries or with small PETRARCH-format ones written here.
//! Every sentence is the project's own.

use warta_events::petrarch::{load, PetrarchKind};
use warta_events::{code_document, CodeOptions, Dictionary, SentenceInput};
use warta_lang::Lang;

fn code_with(text: &str, date: &str, dict: &Dictionary) -> Vec<(String, String, String)> {
    let lang = Lang::En;
    let entities = warta_entities::recognize(
        text,
        &warta_entities::Options {
            lang,
            ..Default::default()
        },
    );
    let sentences: Vec<SentenceInput> = warta_lang::split_sentences(text)
        .iter()
        .map(|s| SentenceInput {
            text: s.text,
            start: s.start,
            end: s.end,
            entities: &entities,
            dates: &[],
        })
        .collect();
    let opts = CodeOptions {
        lang,
        date: Some(date.to_string()),
        keep_negated: false,
    };
    let mut out: Vec<(String, String, String)> = code_document(&sentences, &opts, dict)
        .into_iter()
        .map(|e| (e.source, e.target, e.code))
        .collect();
    out.sort();
    out
}

fn code(text: &str) -> Vec<(String, String, String)> {
    code_with(text, "2024-03-12", Dictionary::builtin())
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

const ACTORS: &str = "\
VALMORA [VAL]
+VALMORAN
KESTRIA [KES]
+KESTRIAN
ORLANE [ORL]
TIDEWATER_HALL [VALGOV]
TAVIN [VAL]
OLD_BRAM
\t[ORL <20000101]
\t[ORLGOV 20000101-20101231]
\t[ORLREB >20110101]
";

const AGENTS: &str = "\
RELIEF_CORPS {} [NGO~]
SOLDIER [~MIL]
PRIME_MINISTER [~GOV]
LAWMAKER [~LEG]
OFFICIAL [~GOV]
SECURITY_OFFICIALS [~GOV]
GOVERNMENT [~GOV]
";

const VERBS: &str = "\
&KINDS
+TRADE
+CULTURAL
&NEG
+DID N'T
+WILL_NOT
--- ABANDON [161] ---
ABANDON
- * &KINDS TIES [162]
- &NEG * PLANS [0356]
--- HONOUR [040] ---
HONOUR
- * FEAST AT ^ WITH + [043]
--- POSTPONE [120] ---
POSTPONE
- % HAVE * [191]
--- CONCUR [081] ---
CONCUR
- % * [030:030]
--- PARADE [017] ---
PARADE
--- FEAST [043] ---
FEAST
- + HOSTING * HARVEST_DAY $ [046]
--- SAID [023] ---
SAID
- * PLEASED [041]
--- PRAISE [051] ---
PRAISE
--- CONDEMN [122] ---
CONDEMN
--- PROMISE [050] ---
PROMISE
--- BLOCKADE [191] ---
BLOCKADE
";

/// The built-in dictionaries with the small PETRARCH ones above in place
/// of the English verbs, as `--dictionary-format petrarch` loads them.
fn petrarch_dict() -> Dictionary {
    let mut d = Dictionary::builtin().clone();
    d.verbs_en = Default::default();
    load(&mut d, ACTORS, "t.actors.txt", PetrarchKind::Actors).unwrap();
    load(&mut d, AGENTS, "t.agents.txt", PetrarchKind::Agents).unwrap();
    load(&mut d, VERBS, "t.verbs.txt", PetrarchKind::Verbs).unwrap();
    d
}

#[test]
fn a_trailing_attribution_is_no_event() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "Valmora praised Kestria for its help, a senior official said on Monday.",
            "2024-03-12",
            &d
        ),
        vec![ev("VAL", "KES", "051")]
    );
}

#[test]
fn dated_actor_codes_follow_the_story_date() {
    let d = petrarch_dict();
    let text = "Old Bram praised Kestria.";
    assert_eq!(
        code_with(text, "1995-06-01", &d),
        vec![ev("ORL", "KES", "051")]
    );
    assert_eq!(
        code_with(text, "2005-06-01", &d),
        vec![ev("ORLGOV", "KES", "051")]
    );
    assert_eq!(
        code_with(text, "2015-06-01", &d),
        vec![ev("ORLREB", "KES", "051")]
    );
}

#[test]
fn an_actor_code_that_holds_the_agent_keeps_it() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "Tidewater Hall security officials praised Kestria.",
            "2024-03-12",
            &d
        ),
        vec![ev("VALGOV", "KES", "051")]
    );
}

#[test]
fn agents_from_or_in_places_are_theirs() {
    let d = petrarch_dict();
    assert_eq!(
        code_with("Soldiers from Valmora blockaded Orlane.", "2024-03-12", &d),
        vec![ev("VALMIL", "ORL", "191")]
    );
    assert_eq!(
        code_with(
            "Lawmakers in Valmora and Kestria praised Orlane.",
            "2024-03-12",
            &d
        ),
        vec![ev("KESLEG", "ORL", "051"), ev("VALLEG", "ORL", "051")]
    );
}

#[test]
fn adjectives_inside_a_compound_subject() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "Valmora and the proud old Kestria praised Orlane.",
            "2024-03-12",
            &d
        ),
        vec![ev("KES", "ORL", "051"), ev("VAL", "ORL", "051")]
    );
}

#[test]
fn a_verb_after_and_shares_the_subject() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "The Valmora government condemned an attack by Kestria soldiers in north Orlane and promised aid to Orlane.",
            "2024-03-12",
            &d
        ),
        vec![ev("VALGOV", "KESMIL", "122"), ev("VALGOV", "ORL", "050")]
    );
}

#[test]
fn a_demonym_with_a_plural_agent() {
    let got = code("Ukrainian lawmakers praised Poland on Tuesday.");
    assert!(
        got.iter().any(|(s, t, _)| s == "UKRLEG" && t == "POL"),
        "{got:?}"
    );
}

#[test]
fn petrarch_patterns_code_the_verb() {
    let d = petrarch_dict();
    let c = |t: &str| code_with(t, "2024-03-12", &d);
    // A synset then a word, with words between; "will" keeps the code.
    assert_eq!(
        c("Valmora will abandon its old trade ties with Kestria."),
        vec![ev("VAL", "KES", "162")]
    );
    assert_eq!(
        c("Valmora abandoned old bonds with Kestria."),
        vec![ev("VAL", "KES", "161")]
    );
    // The negation is the pattern's own word, not a negated event.
    assert_eq!(
        c("Valmora didn't abandon its plans for Kestria."),
        vec![ev("VAL", "KES", "0356")]
    );
    // `+` names the target: the actor after "with", not the place.
    assert_eq!(
        c("Valmora honoured the feast at Orlane with Kestria."),
        vec![ev("VAL", "KES", "043")]
    );
}

#[test]
fn an_office_before_a_name_keeps_its_code() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "Valmora Prime Minister Tavin praised Kestria.",
            "2024-03-12",
            &d
        ),
        vec![ev("VALGOV", "KES", "051")]
    );
}

#[test]
fn a_verb_form_after_an_article_and_adjectives_is_a_noun() {
    let got = code("Japan praised Malaysia during a brief private visit to Kuala Lumpur.");
    assert!(!got.iter().any(|(_, _, c)| c.starts_with("04")), "{got:?}");
    // ... but not after an auxiliary: the verb stays a verb.
    let got = code("The government will visit Malaysia.");
    assert!(got.iter().any(|(_, t, _)| t == "MYS"), "{got:?}");
}

#[test]
fn a_compound_pattern_needs_a_and_b() {
    let d = petrarch_dict();
    let c = |t: &str| code_with(t, "2024-03-12", &d);
    assert_eq!(
        c("Valmora and Kestria have postponed their talks."),
        vec![ev("KES", "VAL", "191"), ev("VAL", "KES", "191")]
    );
    assert_eq!(
        c("Valmora has postponed its talks with Kestria."),
        vec![ev("VAL", "KES", "120")]
    );
    assert_eq!(
        c("Valmora and Kestria concur that the river must be shared."),
        vec![ev("KES", "VAL", "030"), ev("VAL", "KES", "030")]
    );
    assert_eq!(
        c("Valmora concurs with Kestria."),
        vec![ev("VAL", "KES", "081")]
    );
}

#[test]
fn fired_something_at_someone() {
    let got = code("Iran fired drones at Iraq on Sunday.");
    assert!(got.contains(&ev("IRN", "IRQ", "190")), "{got:?}");
}

#[test]
fn a_show_of_force_in_another_country_and_no_agent_adjective() {
    let got = code("China is conducting military exercises in Alaska.");
    assert_eq!(got, vec![ev("CHN", "USA", "150")]);
}

#[test]
fn a_verb_form_after_a_preposition_is_a_noun() {
    let got = code("Japan announced a ban on travel to Peru.");
    assert!(!got.iter().any(|(_, _, c)| c == "042"), "{got:?}");
}

#[test]
fn attending_a_summit_is_meeting_at_a_third_place() {
    let got = code("Kenya attended a summit in Geneva.");
    assert!(
        got.iter().any(|(s, _, c)| s == "KEN" && c == "044"),
        "{got:?}"
    );
}

#[test]
fn the_speaker_after_a_comma_is_no_object() {
    let got = code("Rebels attacked the convoy on Monday, Kenyan officials said.");
    assert!(!got.iter().any(|(_, t, _)| t == "KENGOV"), "{got:?}");
}

#[test]
fn a_users_agents_replace_the_built_in_english_ones() {
    let d = petrarch_dict();
    let c = |t: &str| code_with(t, "2024-03-12", &d);
    // "mayor" is no agent of the user's: the actor alone.
    assert_eq!(
        c("Valmora's new mayor praised Kestria."),
        vec![ev("VAL", "KES", "051")]
    );
    assert_eq!(
        c("Valmora's soldiers blockaded Orlane."),
        vec![ev("VALMIL", "ORL", "191")]
    );
    // Without a user's agents the built-in ones serve.
    let got = code("Mexico's mayor praised Peru.");
    assert!(got.iter().any(|(s, _, _)| s == "MEXGOV"), "{got:?}");
}

#[test]
fn a_verb_joined_to_a_reported_act_is_reported_too() {
    let got = code("Iraq claimed that Syria had attacked Jordan and seized the town of Irbid.");
    assert_eq!(got, vec![ev("IRQ", "SYR", "112")]);
}

#[test]
fn agents_from_a_described_place() {
    let got = code("Canada met with exiled dissidents from military-ruled Myanmar on Monday.");
    assert!(got.iter().any(|(_, t, _)| t == "MMROPP"), "{got:?}");
    assert!(!got.iter().any(|(_, _, c)| c == "174"), "{got:?}");
}

#[test]
fn what_is_received_from_someone_is_given_by_them() {
    let got = code("Somali troops received weapons from the Kenyan government.");
    assert_eq!(got, vec![ev("KENGOV", "SOMMIL", "072")]);
    // No giver named: no event.
    let got = code("Somalia received weapons on Monday.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn facing_pressure_from_someone_is_their_demand() {
    let got = code("Kenya faces pressure from Uganda to open the border.");
    assert!(got.contains(&ev("UGA", "KEN", "100")), "{got:?}");
}

#[test]
fn an_agent_then_its_verb_after_an_article() {
    let got = code("The government praised China for its help.");
    assert!(
        got.iter().any(|(s, t, _)| s.ends_with("GOV") && t == "CHN"),
        "{got:?}"
    );
}

#[test]
fn the_purpose_of_a_coded_act_is_part_of_it() {
    let got = code("Kenya sent troops to Somalia last week to fight the rebels.");
    assert!(!got.iter().any(|(_, _, c)| c.starts_with("19")), "{got:?}");
    // An infinitive after a verb is no purpose.
    let got = code("Kenya wants to attack Somalia.");
    assert!(got.iter().any(|(_, t, _)| t == "SOM"), "{got:?}");
}

#[test]
fn an_agent_of_a_place_at_the_end_of_a_compound() {
    let d = petrarch_dict();
    assert_eq!(
        code_with(
            "Orlane and the government of Kestria praised Valmora.",
            "2024-03-12",
            &d
        ),
        vec![ev("KESGOV", "VAL", "051"), ev("ORL", "VAL", "051")]
    );
}

#[test]
fn an_agent_whose_role_goes_first() {
    let d = petrarch_dict();
    assert_eq!(
        code_with("Relief Corps Valmora praised Kestria.", "2024-03-12", &d),
        vec![ev("NGOVAL", "KES", "051")]
    );
}

#[test]
fn a_plural_right_after_a_coded_verb_is_its_object() {
    // "condemned" is coded; "attacks" is what it condemns.
    let got = code("Peru condemned attacks on Chile.");
    assert_eq!(got.len(), 1, "{got:?}");
    // "launched" is no event here: "strikes" stays the verb.
    let got = code("Russia launched strikes on Ukraine.");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn no_subject_inside_a_prepositional_phrase() {
    let got = code("The prisoners jailed for protests against Peru were released by Chile.");
    // Who was released: the prisoners, not Peru.
    let released: Vec<_> = got
        .iter()
        .filter(|(_, _, c)| c.starts_with("084"))
        .collect();
    assert!(!released.is_empty(), "{got:?}");
    assert!(
        released.iter().all(|(s, t, _)| s == "CHL" && t != "PER"),
        "{got:?}"
    );
}

#[test]
fn a_verb_form_after_an_article_and_a_name_is_a_noun() {
    // The attack is what Ukraine condemned, not an act of Ukraine's.
    let got = code("Ukraine condemned a Russian attack on Kyiv.");
    assert!(!got.iter().any(|(_, _, c)| c.starts_with("19")), "{got:?}");
    // A past tense after a name stays a verb.
    let got = code("The US attacked Iraq.");
    assert!(
        got.iter().any(|(s, t, _)| s == "USA" && t == "IRQ"),
        "{got:?}"
    );
}

#[test]
fn a_verb_form_after_an_article_a_prefix_and_a_name_is_a_noun() {
    let d = petrarch_dict();
    let got = code_with(
        "Valmora watched an anti- Kestria parade on Saturday.",
        "2024-03-12",
        &d,
    );
    assert!(!got.iter().any(|(_, _, c)| c == "017"), "{got:?}");
    // Without the article it is the verb.
    let got = code_with("Valmora parades in Kestria.", "2024-03-12", &d);
    assert!(got.iter().any(|(_, _, c)| c == "017"), "{got:?}");
}

#[test]
fn a_pattern_target_before_its_first_word() {
    let d = petrarch_dict();
    let got = code_with(
        "Valmora will be hosting Orlane to feast Harvest Day with Kestria.",
        "2024-03-12",
        &d,
    );
    assert_eq!(got, vec![ev("KES", "VAL", "046")]);
}

#[test]
fn seeking_to_act_is_an_intent_not_an_appeal() {
    let got = code("Brazil and Chile are seeking to deepen their partnership.");
    assert!(got.iter().all(|(_, _, c)| c.starts_with("03")), "{got:?}");
    let got = code("Kenya is seeking to attack Somalia.");
    assert!(
        got.iter()
            .any(|(s, t, c)| s == "KEN" && t == "SOM" && c.starts_with("13")),
        "{got:?}"
    );
}

#[test]
fn a_participle_clause_after_a_comma_codes_nothing() {
    let got = code("Kenyan troops attacked Somalia, killing ten people.");
    assert_eq!(got, vec![ev("KENMIL", "SOM", "190")]);
}

#[test]
fn a_bare_participle_of_an_accusation_describes_its_victims() {
    let got = code("Two journalists accused of spying were freed by Iran.");
    assert_eq!(got, vec![ev("IRN", "---MED", "0841")]);
}

#[test]
fn a_reported_would_is_an_intent_and_would_not_a_refusal() {
    let got = code("Uganda said it would free the Kenyan fishermen.");
    assert!(got.iter().all(|(_, _, c)| c == "0353"), "{got:?}");
    let got = code("Uganda said it would not allow peacekeepers into Kenya.");
    assert_eq!(got, vec![ev("UGA", "KEN", "1245")]);
}

#[test]
fn a_reported_passive_act_accuses_its_agent() {
    let got = code("Kenya said a rocket was fired at it from Somalia.");
    assert_eq!(got, vec![ev("KEN", "SOM", "112")]);
}

#[test]
fn an_apposition_is_the_same_actor() {
    let got = code_with(
        "The Kenyan commander in Somalia, General John Doe, held talks with President Erdogan.",
        "2015-06-09",
        Dictionary::builtin(),
    );
    assert_eq!(
        got,
        vec![ev("KENMIL", "TURGOV", "046"), ev("TURGOV", "KENMIL", "046")]
    );
}

#[test]
fn a_dateline_country_and_an_adjective_before_an_attack() {
    let got = code("NAIROBI, Kenya: Three students were killed in Somali mortar fire on Monday.");
    assert_eq!(got, vec![ev("SOM", "KENEDU", "190")]);
}

#[test]
fn a_body_named_by_its_role_and_pro_prefixes() {
    let got = code("Pro-Kenya rebels attacked Somalia.");
    assert_eq!(got, vec![ev("---REB", "SOM", "190")]);
    let got = code("Congress criticised the president.");
    assert!(got.iter().any(|(s, _, _)| s == "---LEG"), "{got:?}");
}

#[test]
fn protesters_who_destroy_riot() {
    let got = code("The Kenyan embassy was destroyed by Somali protesters.");
    assert_eq!(got, vec![ev("SOMOPP", "KENGOV", "145")]);
}

#[test]
fn an_infinitive_after_to_is_no_place() {
    let got = code("Kenya threatened to attack Somalia.");
    assert_eq!(got, vec![ev("KEN", "SOM", "138")]);
}

#[test]
fn a_reported_act_of_no_actor_is_not_the_speakers() {
    let got = code("Kenyan police said a car bomb killed 15 people in Nairobi.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn what_is_denied_is_no_event_and_its_army_is_the_subjects() {
    let got = code("Sudan denied that its army had bombed villages in Darfur.");
    assert!(!got.iter().any(|(_, _, c)| c.starts_with("18")), "{got:?}");
    let got = code("Sudan said that its army had attacked Chad.");
    assert_eq!(got, vec![ev("SDNMIL", "TCD", "190")]);
}

#[test]
fn a_meeting_abroad_targets_the_place() {
    let got = code("Germany and France will meet in Zurich to discuss trade.");
    assert!(got.contains(&ev("DEU", "CHE", "040")), "{got:?}");
    assert!(got.contains(&ev("FRA", "CHE", "040")), "{got:?}");
    assert!(!got.iter().any(|e| e.0 == "CHE"), "{got:?}");
}

#[test]
fn an_accident_has_no_agent_and_an_instrument_passes_its_patient_on() {
    let got =
        code("Interpol said it will help identify victims killed by the Malaysia Airlines crash.");
    assert!(!got.iter().any(|e| e.2.starts_with("19")), "{got:?}");
    let got = code(
        "The Malaysia Airlines Boeing 777 was blown up over Ukraine by a missile believed to be fired by rebels.",
    );
    assert!(got.contains(&ev("---REB", "MYSBUS", "194")), "{got:?}");
}

#[test]
fn a_wanted_investigation_is_an_investigation() {
    let got = code("The United Nations inspectors want to re-examine the refineries in Iran.");
    assert_eq!(got, vec![ev("IGOUNO", "IRN", "090")]);
}

#[test]
fn the_gaza_strip_keeps_its_own_code_under_palestine() {
    let got = code("Israel said a mortar bomb was fired at it from the Gaza Strip on Tuesday.");
    assert_eq!(got, vec![ev("ISR", "PSEGZA", "112")]);
}

#[test]
fn meeting_someone_is_one_event_and_meeting_each_other_two() {
    let got = code("The French president met with exiled dissidents from Myanmar.");
    assert_eq!(got, vec![ev("FRAGOV", "MMROPP", "040")]);
    let got = code("The US, Russia, and Switzerland met yesterday.");
    assert_eq!(got.len(), 6, "{got:?}");
}

#[test]
fn a_speaker_reporting_its_own_attack_claims_it() {
    let got = code("Germany and France said they will attack Chad.");
    assert!(got.contains(&ev("DEU", "TCD", "015")), "{got:?}");
    assert!(got.contains(&ev("FRA", "TCD", "015")), "{got:?}");
    assert!(!got.iter().any(|e| e.2.starts_with("13")), "{got:?}");
    // A strike it reports done is the strike.
    let got = code("Kenya said it attacked Somalia.");
    assert_eq!(got, vec![ev("KEN", "SOM", "190")]);
    // Another's attack, reported, is still an accusation.
    let got = code("Sudan claimed that Chad had attacked its border towns.");
    assert_eq!(got, vec![ev("SDN", "TCD", "112")]);
}

#[test]
fn a_pledged_hostile_act_is_the_act() {
    let got = code("Kenya has pledged to expel exiled leaders of Somalia's rebels.");
    assert!(got.iter().all(|e| e.2 == "174"), "{got:?}");
    assert!(!got.is_empty());
    // A pledge to cooperate stays an intent.
    let got = code("Kenya pledged to send food to Somalia.");
    assert!(got.iter().all(|e| e.2.starts_with("03")), "{got:?}");
}

#[test]
fn a_lower_case_demonym_names_no_country() {
    let got = code("Kenyan police clashed with somali protesters in the Ethiopian capital.");
    assert!(got.contains(&ev("KENCOP", "ETHOPP", "175")), "{got:?}");
    assert!(
        !got.iter()
            .any(|e| e.0.starts_with("SOM") || e.1.starts_with("SOM")),
        "{got:?}"
    );
    let got = code("Kenyan police clashed with Somali protesters.");
    assert!(got.contains(&ev("KENCOP", "SOMOPP", "175")), "{got:?}");
}

#[test]
fn an_allegation_no_actor_makes_codes_nothing() {
    let got = code(
        "A long report alleged that the Kenyan army had helped to plan and carry out killings.",
    );
    assert!(got.is_empty(), "{got:?}");
    // An actor's allegation is its accusation.
    let got = code("Somalia alleged that the Kenyan army had attacked its villages.");
    assert!(got.iter().all(|e| e.2.starts_with("112")), "{got:?}");
}

#[test]
fn a_plan_joined_to_its_act_is_no_intent() {
    let got = code("Rebels planned and carried out attacks on Mali.");
    assert_eq!(got, vec![ev("---REB", "MLI", "190")]);
    let got = code("Rebels plan to attack Mali.");
    assert_eq!(got, vec![ev("---REB", "MLI", "138")]);
}

#[test]
fn wanting_another_to_act_is_an_appeal() {
    let got = code("Kenya wants Somalia to release the fishermen.");
    assert_eq!(got, vec![ev("KEN", "SOM", "020")]);
    let got = code("Kenya wants Uganda to attack Somalia.");
    assert_eq!(got, vec![ev("KEN", "UGA", "021")]);
    // Wanting to act oneself is the intent.
    let got = code("Kenya wants to attack Somalia.");
    assert_eq!(got, vec![ev("KEN", "SOM", "138")]);
}

#[test]
fn an_underscore_joins_the_words_of_a_name() {
    let d = petrarch_dict();
    let got = code_with("Tidewater_Hall praised Kestria.", "2024-03-12", &d);
    assert_eq!(got, vec![ev("VALGOV", "KES", "051")]);
}

#[test]
fn an_english_subject_pronoun_is_no_object() {
    let got = code("Kenya praised how he worked with Somalia.");
    assert_eq!(got, vec![ev("KEN", "SOM", "051")]);
}

#[test]
fn an_english_actor_doing_something_to_itself_is_no_event() {
    let got = code("Kenya's farmers praised Kenya's farmers.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn english_contractions_negate() {
    assert!(code("Kenya doesn't criticise Somalia.").is_empty());
    assert!(code("Kenya cannot attack Somalia.").is_empty());
    assert!(code("Kenya wasn't attacked by Somalia.").is_empty());
}

#[test]
fn nor_joins_actors() {
    let got = code("Kenya nor Uganda praised Somalia.");
    assert!(got.contains(&ev("KEN", "SOM", "051")), "{got:?}");
    assert!(got.contains(&ev("UGA", "SOM", "051")), "{got:?}");
}
