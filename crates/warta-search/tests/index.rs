//! A real index in a temporary folder: writing, replacing, deleting, and
//! every kind of query the CLI offers.

use chrono::{DateTime, NaiveDate};
use warta_search::{group_by_story, IndexDoc, Query, SearchError, SearchIndex};

fn doc(id: i64, lang: &str, title: &str, body: &str) -> IndexDoc {
    IndexDoc {
        article_id: id,
        title: title.into(),
        body: body.into(),
        lang: Some(lang.into()),
        url: format!("https://example.test/{id}"),
        ..IndexDoc::default()
    }
}

fn ids(index: &SearchIndex, q: Query) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .search(&q)
        .unwrap()
        .into_iter()
        .map(|h| h.article_id)
        .collect();
    ids.sort();
    ids
}

fn text(index: &SearchIndex, text: &str) -> Vec<i64> {
    ids(index, Query::text(text))
}

/// A small news corpus: Indonesian and English, with actors, codes, dates.
fn corpus() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open(&dir.path().join("index")).unwrap();
    let mut a = doc(
        1,
        "id",
        "Korea Utara dan Rusia sepakati kerja sama militer",
        "Pyongyang dan Moskow menandatangani perjanjian kerja sama militer.\n\nKedua negara bekerja sama di bidang pertahanan.",
    );
    a.actors = vec!["PRKGOV".into(), "RUSGOV".into()];
    a.event_codes = vec!["057".into()];
    a.outlet = Some("KabarNusa".into());
    a.story = Some(10);
    a.published = DateTime::parse_from_rfc3339("2023-09-14T01:30:00+07:00").ok();
    a.entities = vec!["North Korea".into(), "Korea Utara".into(), "Russia".into()];
    let mut b = doc(
        2,
        "en",
        "North Korea and Russia sign military cooperation pact",
        "Pyongyang and Moscow signed an agreement on military cooperation. The ministers met in Vladivostok.",
    );
    b.actors = vec!["PRKMIL".into()];
    b.event_codes = vec!["0311".into()];
    b.outlet = Some("World Wire".into());
    b.story = Some(10);
    b.published = DateTime::parse_from_rfc3339("2023-09-13T20:00:00+00:00").ok();
    let mut c = doc(
        3,
        "id",
        "Harga beras naik di pasar Jakarta",
        "Pedagang mengatakan harga beras naik karena pasokan berkurang. Pemerintah berjanji menstabilkan harga.",
    );
    c.actors = vec!["IDNGOV".into()];
    c.event_codes = vec!["031".into()];
    c.outlet = Some("KabarNusa".into());
    c.published = DateTime::parse_from_rfc3339("2023-08-20T09:00:00+07:00").ok();
    let mut d = doc(
        4,
        "en",
        "Rice prices rise in Jakarta markets",
        "Traders said rice prices rose because supplies fell. The government promised to stabilise prices.",
    );
    d.actors = vec!["IDNGOV".into()];
    d.event_codes = vec!["190".into()];
    d.published = DateTime::parse_from_rfc3339("2023-10-02T09:00:00+00:00").ok();
    for x in [&a, &b, &c, &d] {
        index.add(x).unwrap();
    }
    index.commit().unwrap();
    (dir, index)
}

#[test]
fn add_replace_delete() {
    let (_dir, mut index) = corpus();
    assert_eq!(index.num_docs(), 4);
    assert_eq!(text(&index, "beras"), [3]);
    // The same id replaces: the old words are gone, the new ones found.
    index
        .add(&doc(
            3,
            "id",
            "Harga gula turun",
            "Harga gula turun di pasar.",
        ))
        .unwrap();
    index.commit().unwrap();
    assert_eq!(index.num_docs(), 4);
    assert!(text(&index, "beras").is_empty());
    assert_eq!(text(&index, "gula"), [3]);
    index.delete(3).unwrap();
    index.delete(999).unwrap();
    index.commit().unwrap();
    assert_eq!(index.num_docs(), 3);
    assert!(text(&index, "gula").is_empty());
    index.clear().unwrap();
    index.commit().unwrap();
    assert_eq!(index.num_docs(), 0);
}

#[test]
fn warming_reads_the_searchable_files_within_the_budget() {
    let (dir, index) = corpus();
    let folder = dir.path().join("index");
    // What the searchable segments' files hold, from the folder itself
    // (the index's own files; not meta.json, the lock or the version).
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            ["term", "fieldnorm", "fast", "del", "idx", "pos", "store"].contains(&ext)
        })
        .collect();
    let total: u64 = files.iter().map(|p| p.metadata().unwrap().len()).sum();
    assert!(total > 0 && files.len() >= 6, "{files:?}");
    let all = index.warm(u64::MAX).unwrap();
    assert_eq!(all.bytes, total, "{all:?} {files:?}");
    assert_eq!(all.files, files.len());
    // A budget stops it: the term dictionaries come first.
    let some = index.warm(10).unwrap();
    assert_eq!(some.bytes, 10);
    assert_eq!(some.files, 1);
    // Searching still works (warming only reads).
    assert_eq!(text(&index, "beras"), [3]);
}

#[test]
fn reopens_and_checks_the_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    {
        let mut index = SearchIndex::open(&path).unwrap();
        index.add(&doc(1, "en", "Hello", "world")).unwrap();
        index.close_writer().unwrap();
    }
    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(text(&index, "hello"), [1]);
    drop(index);
    std::fs::write(path.join("warta-index-version"), "0\n").unwrap();
    let err = SearchIndex::open(&path).err().unwrap();
    assert!(matches!(err, SearchError::SchemaVersion { .. }));
    assert!(err.to_string().contains("warta reindex"), "{err}");
}

#[test]
fn words_are_all_required_and_both_languages_are_searched() {
    let (_dir, index) = corpus();
    assert_eq!(text(&index, "militer"), [1]);
    assert_eq!(text(&index, "military"), [2]);
    assert_eq!(text(&index, "pyongyang"), [1, 2]);
    // Every word must match (AND by default).
    assert_eq!(text(&index, "pyongyang vladivostok"), [2]);
    // Case does not matter.
    assert_eq!(text(&index, "JAKARTA"), [3, 4]);
}

#[test]
fn phrases() {
    let (_dir, index) = corpus();
    assert_eq!(text(&index, "\"kerja sama militer\""), [1]);
    assert_eq!(text(&index, "\"military cooperation\""), [2]);
    assert!(text(&index, "\"cooperation military\"").is_empty());
    assert_eq!(text(&index, "\"rice prices\""), [4]);
}

#[test]
fn boolean_operators() {
    let (_dir, index) = corpus();
    assert_eq!(text(&index, "beras OR rice"), [3, 4]);
    assert_eq!(text(&index, "jakarta AND rice"), [4]);
    assert_eq!(text(&index, "jakarta -rice"), [3]);
    assert_eq!(text(&index, "jakarta NOT beras"), [4]);
    assert_eq!(text(&index, "+pyongyang +moskow"), [1]);
    assert_eq!(text(&index, "(beras OR rice) AND harga"), [3]);
}

#[test]
fn field_queries() {
    let (_dir, index) = corpus();
    // "militer" is in the title of 1 only; "Vladivostok" in a body only.
    assert_eq!(text(&index, "title:militer"), [1]);
    assert!(text(&index, "title:vladivostok").is_empty());
    assert_eq!(text(&index, "body:vladivostok"), [2]);
    assert_eq!(text(&index, "title:\"rice prices\""), [4]);
    assert_eq!(text(&index, "actor:PRK"), [1, 2]);
    assert_eq!(text(&index, "actor:prkgov"), [1]);
    assert_eq!(text(&index, "code:03"), [2, 3]);
    assert_eq!(text(&index, "code:190"), [4]);
    assert_eq!(text(&index, "outlet:kabarnusa"), [1, 3]);
    assert_eq!(text(&index, "outlet:\"World Wire\""), [2]);
    assert_eq!(text(&index, "lang:en"), [2, 4]);
    assert_eq!(text(&index, "entity:\"north korea\""), [1]);
    assert_eq!(text(&index, "harga AND lang:id"), [3]);
    assert_eq!(text(&index, "published:[2023-09-01 TO 2023-09-30]"), [1, 2]);
    let err = index.search(&Query::text("nosuch:field")).unwrap_err();
    assert!(err.to_string().contains("no field \"nosuch\""), "{err}");
}

#[test]
fn filters() {
    let (_dir, index) = corpus();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        ids(&index, q)
    };
    // Actor prefixes at CAMEO's 3-letter boundaries.
    assert_eq!(q(&|q| q.actors = vec!["PRK".into()]), [1, 2]);
    assert_eq!(q(&|q| q.actors = vec!["PRKMIL".into()]), [2]);
    assert_eq!(
        q(&|q| q.actors = vec!["prk".into(), "IDN".into()]),
        [1, 2, 3, 4]
    );
    assert_eq!(q(&|q| q.event_roots = vec!["03".into()]), [2, 3]);
    assert_eq!(q(&|q| q.langs = vec!["id".into()]), [1, 3]);
    assert_eq!(q(&|q| q.outlets = vec!["KABARNUSA".into()]), [1, 3]);
    // Dates are the article's own local day: 1 is 14 September in Jakarta
    // (13 September in UTC).
    let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(q(&|q| q.since = day("2023-09-14")), [1, 4]);
    assert_eq!(q(&|q| q.until = day("2023-09-13")), [2, 3]);
    assert_eq!(
        q(&|q| {
            q.since = day("2023-09-01");
            q.until = day("2023-09-30");
        }),
        [1, 2]
    );
    // The example: text, actor, since and language together.
    assert_eq!(
        q(&|q| {
            q.text = "kerja sama militer".into();
            q.actors = vec!["PRK".into()];
            q.since = day("2023-09-01");
            q.langs = vec!["id".into()];
        }),
        [1]
    );
    // Filters do not change the ranking's scores.
    let plain = index.search(&Query::text("harga")).unwrap();
    let mut filtered = Query::text("harga");
    filtered.langs = vec!["id".into()];
    let filtered = index.search(&filtered).unwrap();
    assert_eq!(plain[0].score, filtered[0].score);
}

#[test]
fn filter_only_search_is_newest_first() {
    let (_dir, index) = corpus();
    let hits = index.search(&Query::default()).unwrap();
    let order: Vec<i64> = hits.iter().map(|h| h.article_id).collect();
    assert_eq!(order, [4, 1, 2, 3]);
    assert!(hits.iter().all(|h| !h.snippet.is_empty()));
}

#[test]
fn indonesian_stemming() {
    let (_dir, index) = corpus();
    // The stemmer takes "perjanjian" and "berjanji" to "janji": the root
    // and the affixed forms find each other.
    assert_eq!(text(&index, "janji"), [1, 3]);
    assert_eq!(text(&index, "perjanjian"), [1, 3]);
    assert_eq!(text(&index, "berjanji"), [1, 3]);
    // "bekerja" is a lemma of its own in the stemmer's root list (from UD),
    // so "bekerja sama" and "kerja sama" stay apart.
    assert_eq!(
        warta_search::stem("bekerja", warta_search::StemLang::Id),
        "bekerja"
    );
    // "tandatangan" is not in the stemmer's root list, so the affixed forms
    // of it stay apart: what the index does is what the stemmer does.
    assert_eq!(
        warta_search::stem("menandatangani", warta_search::StemLang::Id),
        "menandatangani"
    );
    assert!(text(&index, "ditandatangani").is_empty());
    assert_eq!(text(&index, "\"bekerja sama\""), [1]);
    assert_eq!(text(&index, "\"kerja sama\""), [1]);
    // English stems: "signing" finds "signed", "price" finds "prices".
    assert_eq!(text(&index, "signing"), [2]);
    assert_eq!(text(&index, "price"), [4]);
}

#[test]
fn snippets_highlight_matches() {
    let (_dir, index) = corpus();
    let hits = index.search(&Query::text("pertahanan")).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("«pertahanan»"),
        "{}",
        hits[0].snippet
    );
    // A stemmed match marks the word as written.
    let hits = index.search(&Query::text("janji")).unwrap();
    let s: Vec<&str> = hits.iter().map(|h| h.snippet.as_str()).collect();
    assert!(s.iter().any(|s| s.contains("«perjanjian»")), "{s:?}");
    assert!(s.iter().any(|s| s.contains("«berjanji»")), "{s:?}");
    // A title-only match falls back to the title.
    let hits = index.search(&Query::text("title:sepakati")).unwrap();
    assert!(
        hits[0].snippet.contains("«sepakati»"),
        "{}",
        hits[0].snippet
    );
    // The hit carries what the CLI shows.
    let hit = &index.search(&Query::text("beras")).unwrap()[0];
    assert_eq!(hit.title, "Harga beras naik di pasar Jakarta");
    assert_eq!(hit.outlet.as_deref(), Some("KabarNusa"));
    assert_eq!(hit.lang.as_deref(), Some("id"));
    assert_eq!(hit.published.as_deref(), Some("2023-08-20T09:00:00+07:00"));
    assert_eq!(hit.url, "https://example.test/3");
}

#[test]
fn grouping_by_story() {
    let (_dir, index) = corpus();
    let hits = index.search(&Query::text("pyongyang OR jakarta")).unwrap();
    let groups = group_by_story(&hits);
    assert_eq!(groups.len(), 3);
    let story: Vec<_> = groups
        .iter()
        .find(|g| g.len() == 2)
        .unwrap()
        .iter()
        .map(|h| h.article_id)
        .collect();
    let mut story_sorted = story.clone();
    story_sorted.sort();
    assert_eq!(story_sorted, [1, 2]);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let (_dir, index) = corpus();
    for q in [
        "\"unclosed",
        "(a OR",
        "AND",
        "title:",
        "-only",
        "published:[x TO y]",
    ] {
        match index.search(&Query::text(q)) {
            Ok(_) => {}
            Err(SearchError::Query { why, .. }) => assert!(!why.is_empty()),
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
        &INDEX.get_or_init(corpus).1
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Any string either runs or is a query error with a reason.
        #[test]
        fn any_string_parses_or_errs(q in "[a-zA-Z0-9 :\"'()\\[\\]{}+\\-*~^!?&|.,/\\\\<>=éü«»]{0,40}") {
            match index().search(&Query::text(q.clone())) {
                Ok(_) => {}
                Err(SearchError::Query { why, .. }) => prop_assert!(!why.is_empty()),
                Err(e) => prop_assert!(false, "{q:?}: {e}"),
            }
        }

        #[test]
        fn any_unicode_parses_or_errs(q in "\\PC{0,30}") {
            match index().search(&Query::text(q.clone())) {
                Ok(_) => {}
                Err(SearchError::Query { why, .. }) => prop_assert!(!why.is_empty()),
                Err(e) => prop_assert!(false, "{q:?}: {e}"),
            }
        }
    }
}
