//! Language identification on the sentences the project wrote
//! (`tests/data/`); the UD figures come from `examples/eval_lang.rs`.

use warta_lang::{detect_language, Lang};

fn sentences(name: &str) -> Vec<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(p)
        .expect("test data")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn accuracy(gold: Lang, texts: &[String]) -> f64 {
    let ok = texts
        .iter()
        .filter(|t| detect_language(t).0 == gold)
        .count();
    ok as f64 / texts.len() as f64
}

fn fives(s: &[String]) -> Vec<String> {
    s.chunks(5)
        .filter(|c| c.len() == 5)
        .map(|c| c.join(" "))
        .collect()
}

#[test]
fn one_sentence() {
    for (file, lang, min) in [
        ("langid-en.txt", Lang::En, 0.98),
        ("langid-ms.txt", Lang::Ms, 0.90),
        ("langid-ms-heldout.txt", Lang::Ms, 0.80),
        ("langid-jv.txt", Lang::Jv, 0.90),
        ("langid-other.txt", Lang::Other, 0.75),
    ] {
        let s = sentences(file);
        assert!(s.len() >= 14, "{file}");
        let a = accuracy(lang, &s);
        assert!(a >= min, "{file}: {a:.3} < {min}");
    }
    assert!(sentences("langid-en.txt").len() >= 100);
    assert!(sentences("langid-ms.txt").len() >= 100);
}

#[test]
fn five_sentences() {
    for (file, lang) in [
        ("langid-en.txt", Lang::En),
        ("langid-ms.txt", Lang::Ms),
        ("langid-ms-heldout.txt", Lang::Ms),
        ("langid-jv.txt", Lang::Jv),
    ] {
        let a = accuracy(lang, &fives(&sentences(file)));
        assert!(a >= 0.99, "{file}: {a:.3}");
    }
}

#[test]
fn indonesian_is_not_malay() {
    // plain Indonesian news sentences with no strongly marked words
    for s in [
        "Harga cabai di pasar naik tajam menjelang hari raya.",
        "Warga diminta tetap tenang dan tidak terpancing isu yang beredar.",
        "Tim SAR masih mencari dua nelayan yang hilang sejak kemarin.",
        "Pertandingan itu berakhir imbang tanpa gol.",
        "Banjir merendam ratusan rumah di tiga kecamatan.",
    ] {
        assert_eq!(detect_language(s).0, Lang::Id, "{s}");
    }
}
