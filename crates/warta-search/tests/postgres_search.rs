//! The PostgreSQL index answers like the tantivy one: the same documents,
//! the same queries, the same articles found.
//!
//! Runs against the database in `WARTA_TEST_POSTGRES_URL` (`.ci/run` starts
//! one); skipped without it, unless `WARTA_REQUIRE_POSTGRES=1` says the
//! run must have it.

use chrono::{DateTime, NaiveDate};
use std::collections::BTreeSet;
use warta_search::{
    IndexDoc, IndexLocation, PgTextIndex, Query, SearchIndex, TextIndex, HIGHLIGHT_START,
};

fn postgres_url() -> Option<String> {
    match std::env::var("WARTA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("WARTA_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "WARTA_REQUIRE_POSTGRES=1 but WARTA_TEST_POSTGRES_URL is not set"
            );
            eprintln!("skipped: set WARTA_TEST_POSTGRES_URL to run the PostgreSQL search tests");
            None
        }
    }
}

/// A table of this test's own, dropped at the end.
struct Table {
    url: String,
    name: String,
}

impl Table {
    fn new(url: &str, test: &str) -> (Table, PgTextIndex) {
        let name = format!("test_search_{}_{test}", std::process::id());
        let index = PgTextIndex::open_table(url, &name, true).expect("open the PostgreSQL index");
        (
            Table {
                url: url.to_string(),
                name,
            },
            index,
        )
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP TABLE IF EXISTS {0}; DROP TABLE IF EXISTS {0}_meta;",
                self.name
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn doc(
    id: i64,
    story: Option<i64>,
    lang: &str,
    outlet: &str,
    published: &str,
    title: &str,
    body: &str,
    entities: &[&str],
    actors: &[&str],
    codes: &[&str],
) -> IndexDoc {
    IndexDoc {
        article_id: id,
        story,
        title: title.into(),
        body: body.into(),
        lang: Some(lang.into()),
        outlet: Some(outlet.into()),
        published: Some(DateTime::parse_from_rfc3339(published).unwrap()),
        entities: entities.iter().map(|s| s.to_string()).collect(),
        actors: actors.iter().map(|s| s.to_string()).collect(),
        event_codes: codes.iter().map(|s| s.to_string()).collect(),
        url: format!("https://news.example/{id}"),
    }
}

/// Articles written for this test: two Indonesian and one English report
/// of one summit, an Indonesian flood report, an English trade report.
fn corpus() -> Vec<IndexDoc> {
    vec![
        doc(
            1,
            Some(10),
            "id",
            "KabarNusa",
            "2023-09-13T10:15:00+07:00",
            "Putin dan Kim bahas kerja sama militer di Vostochny",
            "Presiden Rusia Vladimir Putin menerima pemimpin Korea Utara Kim Jong Un.\n\nKedua pemimpin membahas kerja sama militer dan satelit.",
            &["Vladimir Putin", "Kim Jong Un", "Rusia", "Korea Utara"],
            &["RUSGOV", "PRKGOV"],
            &["040", "036"],
        ),
        doc(
            2,
            Some(10),
            "id",
            "Warta Timur",
            "2023-09-13T21:00:00+07:00",
            "Kim Jong Un tiba di Rusia",
            "Kereta Kim Jong Un tiba di stasiun dekat perbatasan. Pertemuan dengan Putin digelar esok hari.",
            &["Kim Jong Un", "Rusia", "Putin"],
            &["PRKGOV", "RUS"],
            &["042"],
        ),
        doc(
            3,
            Some(10),
            "en",
            "Harbour Times",
            "2023-09-13T08:00:00+00:00",
            "Putin hosts Kim at the cosmodrome, military cooperation on the table",
            "Russian President Vladimir Putin met North Korean leader Kim Jong Un at the Vostochny space centre. The leaders discussed military cooperation.",
            &["Vladimir Putin", "Kim Jong Un", "Russia", "North Korea"],
            &["RUSGOV", "PRKGOV"],
            &["040"],
        ),
        doc(
            4,
            Some(11),
            "id",
            "KabarNusa",
            "2023-09-20T07:00:00+07:00",
            "Banjir rendam ratusan rumah di Bekasi",
            "Hujan deras sejak malam membuat sungai meluap. Warga mengungsi ke masjid dan sekolah.",
            &["Bekasi"],
            &["IDN"],
            &[],
        ),
        doc(
            5,
            None,
            "en",
            "Harbour Times",
            "2023-10-02T12:00:00+00:00",
            "Indonesia and Japan sign a trade agreement",
            "Ministers from Indonesia and Japan signed an agreement on nickel trade in Jakarta.",
            &["Indonesia", "Japan", "Jakarta"],
            &["IDNGOV", "JPNGOV"],
            &["057"],
        ),
    ]
}

fn ids(hits: &[warta_search::Hit]) -> BTreeSet<i64> {
    hits.iter().map(|h| h.article_id).collect()
}

fn q(text: &str) -> Query {
    Query {
        limit: 50,
        ..Query::text(text)
    }
}

#[test]
fn both_indexes_find_the_same_articles() {
    let Some(url) = postgres_url() else { return };
    let (_table, pg) = Table::new(&url, "same");
    let dir = tempfile::tempdir().unwrap();
    let mut pg = TextIndex::Postgres(pg);
    let mut tv = TextIndex::open(&IndexLocation::Folder(dir.path().join("index"))).unwrap();
    for d in corpus() {
        pg.add(&d).unwrap();
        tv.add(&d).unwrap();
    }
    pg.commit().unwrap();
    tv.commit().unwrap();
    assert_eq!(pg.num_docs().unwrap(), 5);
    assert_eq!(tv.num_docs().unwrap(), 5);

    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let cases: Vec<(Query, &[i64])> = vec![
        (q("Putin"), &[1, 2, 3]),
        (q("kerja sama militer"), &[1]),
        (q("military cooperation"), &[3]),
        (q("\"Kim Jong Un\""), &[1, 2, 3]),
        (q("banjir OR agreement"), &[4, 5]),
        (q("Putin -Vostochny"), &[2]),
        (q("Putin AND NOT satelit"), &[2, 3]),
        (q("title:Kim"), &[1, 2, 3]),
        (q("body:Kim"), &[1, 2, 3]),
        (q("title:tiba"), &[2]),
        (q("entity:Bekasi"), &[4]),
        (q("actor:PRK"), &[1, 2, 3]),
        (q("actor:IDNGOV"), &[5]),
        (q("code:04"), &[1, 2, 3]),
        (q("code:057"), &[5]),
        (q("outlet:kabarnusa"), &[1, 4]),
        (q("lang:en"), &[3, 5]),
        (q("published:[2023-09-14 TO 2023-12-31]"), &[4, 5]),
        (q("nothingmatchesthis"), &[]),
        (
            Query {
                actors: vec!["RUS".into()],
                ..q("")
            },
            &[1, 2, 3],
        ),
        (
            Query {
                event_roots: vec!["04".into()],
                langs: vec!["id".into()],
                ..q("")
            },
            &[1, 2],
        ),
        (
            Query {
                outlets: vec!["harbour times".into()],
                ..q("")
            },
            &[3, 5],
        ),
        (
            Query {
                since: Some(day("2023-09-13")),
                until: Some(day("2023-09-13")),
                ..q("")
            },
            &[1, 2, 3],
        ),
        (
            Query {
                since: Some(day("2023-09-14")),
                ..q("Indonesia")
            },
            &[5],
        ),
    ];
    for (query, want) in &cases {
        let want: BTreeSet<i64> = want.iter().copied().collect();
        let from_tantivy = ids(&tv.search(query).unwrap());
        let from_postgres = ids(&pg.search(query).unwrap());
        assert_eq!(from_tantivy, want, "tantivy, {query:?}");
        assert_eq!(from_postgres, want, "PostgreSQL, {query:?}");
    }
}

#[test]
fn hits_carry_what_the_tantivy_ones_carry() {
    let Some(url) = postgres_url() else { return };
    let (_table, mut pg) = Table::new(&url, "hits");
    for d in corpus() {
        pg.add(&d).unwrap();
    }
    pg.commit().unwrap();

    let hits = pg.search(&q("militer")).unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.article_id, 1);
    assert_eq!(hit.story, Some(10));
    assert_eq!(hit.url, "https://news.example/1");
    assert_eq!(hit.outlet.as_deref(), Some("KabarNusa"));
    assert_eq!(hit.lang.as_deref(), Some("id"));
    assert_eq!(
        hit.published.as_deref(),
        Some("2023-09-13T10:15:00+07:00"),
        "the article's own offset is kept"
    );
    assert!(hit.score > 0.0);
    assert!(
        hit.snippet.contains(&format!("{HIGHLIGHT_START}militer")),
        "{}",
        hit.snippet
    );
    assert!(!hit.snippet.contains('\n'));

    // A title match counts twice: the article about the cosmodrome in its
    // title ranks over the one that only says it in the body.
    let hits = pg.search(&q("cosmodrome OR Vostochny")).unwrap();
    assert_eq!(hits[0].article_id, 3, "{hits:?}");

    // Without words: newest first, no score.
    let hits = pg.search(&q("")).unwrap();
    let order: Vec<i64> = hits.iter().map(|h| h.article_id).collect();
    assert_eq!(order, [5, 4, 2, 1, 3]);
    assert!(hits.iter().all(|h| h.score == 0.0));
    let limited = pg.search(&Query { limit: 2, ..q("") }).unwrap();
    assert_eq!(limited.len(), 2);
}

#[test]
fn adding_again_replaces_and_delete_removes() {
    let Some(url) = postgres_url() else { return };
    let (_table, mut pg) = Table::new(&url, "replace");
    let mut docs = corpus();
    for d in &docs {
        pg.add(d).unwrap();
    }
    pg.commit().unwrap();
    docs[3].title = "Banjir surut, warga pulang".into();
    docs[3].story = Some(12);
    pg.add(&docs[3]).unwrap();
    pg.delete(5).unwrap();
    // Not yet committed: the old document is what searches see.
    assert_eq!(ids(&pg.search(&q("surut")).unwrap()), BTreeSet::new());
    pg.commit().unwrap();
    let hits = pg.search(&q("surut")).unwrap();
    assert_eq!(ids(&hits), BTreeSet::from([4]));
    assert_eq!(hits[0].story, Some(12));
    assert_eq!(pg.num_docs().unwrap(), 4);
    assert!(pg.search(&q("agreement")).unwrap().is_empty());
    pg.clear().unwrap();
    assert_eq!(pg.num_docs().unwrap(), 0);
}

#[test]
fn bad_queries_and_hostile_text_are_errors_or_plain_words() {
    let Some(url) = postgres_url() else { return };
    let (_table, mut pg) = Table::new(&url, "hostile");
    for d in corpus() {
        pg.add(&d).unwrap();
    }
    pg.commit().unwrap();
    let e = pg.search(&q("nosuchfield:x")).unwrap_err().to_string();
    assert!(e.contains("no field"), "{e}");
    let e = pg.search(&q("(unclosed")).unwrap_err().to_string();
    assert!(e.contains("cannot read"), "{e}");
    for text in [
        "'; DROP TABLE x; --",
        "a & b | !c",
        "<script>",
        "Putin:*",
        "\"\"",
        "ÉÀ 日本",
        "\u{0}",
    ] {
        // Either an error that says what is wrong or hits; never a
        // server error about the SQL.
        match pg.search(&q(text)) {
            Ok(_) => {}
            Err(e) => assert!(
                e.to_string().contains("query"),
                "{text:?} gave an error that is not about the query: {e}"
            ),
        }
    }
    assert_eq!(pg.num_docs().unwrap(), 5, "the table is still there");
}

#[test]
fn an_index_of_another_version_refuses_to_open() {
    let Some(url) = postgres_url() else { return };
    let (table, pg) = Table::new(&url, "version");
    drop(pg);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.execute(
        &format!(
            "UPDATE {}_meta SET value = '999' WHERE key = 'schema_version'",
            table.name
        ),
        &[],
    )
    .unwrap();
    let e = PgTextIndex::open_table(&url, &table.name, false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("reindex"), "{e}");
    PgTextIndex::open_table(&url, &table.name, true).expect("recreate opens it again");
}

#[test]
fn a_wrong_server_is_an_error_naming_it() {
    // Nothing listens on port 1.
    let e = PgTextIndex::open("postgres://warta:secret@127.0.0.1:1/warta")
        .unwrap_err()
        .to_string();
    assert!(e.contains("127.0.0.1"), "{e}");
    assert!(!e.contains("secret"), "{e}");
    // The tantivy index is unaffected by any of this.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(SearchIndex::open(dir.path()).unwrap().num_docs(), 0);
}
