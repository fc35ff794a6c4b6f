//! Events in words: CAMEO roots as short verb phrases and actor codes as
//! names, in Indonesian and English. Country names come from the project's
//! gazetteer (`data/gazetteer/countries.tsv`, `igos.tsv`), embedded.

use crate::message::Ui;
use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
const IGOS: &str = include_str!("../../../data/gazetteer/igos.tsv");

/// Verb phrases per CAMEO root (01 to 20): (Indonesian, English).
const ROOTS: [(&str, &str); 20] = [
    ("menyatakan", "make a statement"),
    ("mengimbau", "appeal"),
    ("berniat bekerja sama", "intend to cooperate"),
    ("bertemu", "meet"),
    ("bekerja sama secara diplomatik", "cooperate diplomatically"),
    ("bekerja sama", "cooperate"),
    ("memberi bantuan", "give aid"),
    ("mengalah", "yield"),
    ("menyelidiki", "investigate"),
    ("menuntut", "demand"),
    ("mengecam", "criticise"),
    ("menolak", "reject"),
    ("mengancam", "threaten"),
    ("memprotes", "protest"),
    ("unjuk kekuatan", "show force"),
    ("mengurangi hubungan", "reduce relations"),
    ("menekan", "coerce"),
    ("menyerang", "attack"),
    ("bertempur", "fight"),
    ("melakukan kekerasan massal", "commit mass violence"),
];

/// CAMEO role codes that follow a country: (code, Indonesian, English).
const ROLES: &[(&str, &str, &str)] = &[
    ("GOV", "Pemerintah", "government"),
    ("MIL", "Militer", "military"),
    ("COP", "Polisi", "police"),
    ("JUD", "Peradilan", "judiciary"),
    ("LEG", "Parlemen", "parliament"),
    ("BUS", "Kalangan usaha", "business"),
    ("MED", "Media", "media"),
    ("OPP", "Oposisi", "opposition"),
    ("REB", "Pemberontak", "rebels"),
    ("CVL", "Warga", "civilians"),
    ("EDU", "Kalangan pendidikan", "education"),
    ("HLH", "Kalangan kesehatan", "health sector"),
    ("LAB", "Buruh", "labour"),
    ("REF", "Pengungsi", "refugees"),
    ("SPY", "Intelijen", "intelligence"),
    ("ELI", "Elite", "elites"),
    ("CRM", "Pelaku kriminal", "criminals"),
    ("REL", "Tokoh agama", "religious leaders"),
    ("AGR", "Petani", "farmers"),
    (
        "IGO",
        "Organisasi internasional",
        "international organisation",
    ),
    ("NGO", "LSM", "NGO"),
];

struct Names {
    /// code -> (name_id, name_en, adj_en)
    countries: HashMap<&'static str, (&'static str, &'static str, &'static str)>,
    /// code -> (name_id, name_en)
    igos: HashMap<&'static str, (&'static str, &'static str)>,
}

fn first(field: &str) -> &str {
    field.split('|').next().unwrap_or("").trim()
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let rows = |text: &'static str| {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .skip(1) // header
                .map(|l| l.split('\t').collect::<Vec<_>>())
        };
        let mut countries = HashMap::new();
        for f in rows(COUNTRIES) {
            if f.len() > 4 {
                countries
                    .entry(f[0])
                    .or_insert((first(f[3]), first(f[2]), first(f[4])));
            }
        }
        let mut igos = HashMap::new();
        for f in rows(IGOS) {
            if f.len() > 2 {
                igos.entry(f[0]).or_insert((first(f[2]), first(f[1])));
            }
        }
        Names { countries, igos }
    })
}

/// The verb phrase of an event code's root, in the UI's language(s).
pub fn verb(code: &str, ui: Ui) -> Option<String> {
    let root: usize = code.trim().get(..2)?.parse().ok()?;
    let (id, en) = *ROOTS.get(root.checked_sub(1)?)?;
    Some(ui.pick(id, en))
}

/// A readable name for an actor code: `RUS` "Rusia" / "Russia", `IDNGOV`
/// "Pemerintah Indonesia" / "Indonesian government", `IGOUNO` the UN. An
/// unknown code comes back as it is.
///
/// With [`Ui::Both`] names are Indonesian ("Rusia — Korea Utara: bertemu /
/// meet"): a name reads across languages, a verb does not.
pub fn actor_name(code: &str, ui: Ui) -> String {
    let ui = if ui == Ui::Both { Ui::Id } else { ui };
    let code = code.trim().to_ascii_uppercase();
    let n = names();
    if let Some((id, en)) = n.igos.get(code.as_str()) {
        return ui.pick(id, en);
    }
    let (head, tail) = code.split_at(code.len().min(3));
    if let Some(&(id, en, adj)) = n.countries.get(head) {
        if tail.is_empty() {
            return ui.pick(id, en);
        }
        let role = tail.get(..3).unwrap_or(tail);
        if let Some(&(_, rid, ren)) = ROLES.iter().find(|r| r.0 == role) {
            let adj = if adj.is_empty() { en } else { adj };
            return ui.pick(&format!("{rid} {id}"), &format!("{adj} {ren}"));
        }
        return ui.pick(id, en);
    }
    if let Some(&(_, rid, ren)) = ROLES.iter().find(|r| r.0 == head) {
        return ui.pick(rid, ren);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_verbs() {
        assert_eq!(actor_name("RUS", Ui::Id), "Rusia");
        assert_eq!(actor_name("PRK", Ui::En), "North Korea");
        assert_eq!(actor_name("PRK", Ui::Id), "Korea Utara");
        assert_eq!(actor_name("IDNGOV", Ui::Id), "Pemerintah Indonesia");
        assert_eq!(actor_name("IDNGOV", Ui::En), "Indonesian government");
        assert_eq!(actor_name("XYZQQ", Ui::En), "XYZQQ");
        assert_eq!(verb("0431", Ui::Both).unwrap(), "bertemu / meet");
        assert_eq!(verb("99", Ui::Id), None);
        assert!(actor_name("IGOUNO", Ui::En).contains("United Nations"));
    }
}
