//! Page metadata and date parsing: unit tests on small pages we write
//! ourselves, and properties that must hold for any input.

use scraper::Html;
use url::Url;
use warta_extract::dates::parse_date;
use warta_extract::metadata::extract_metadata;

fn meta(html: &str, url: Option<&str>) -> warta_extract::metadata::Metadata {
    let doc = Html::parse_document(html);
    let url = url.and_then(|u| Url::parse(u).ok());
    extract_metadata(&doc, url.as_ref())
}

/// Runs the metadata extractor over a folder of pages and writes one JSON
/// file per page, for `score_metadata.py --outputs`. Not a test: run with
/// `WARTA_META_IN=dir WARTA_META_OUT=dir cargo test --test metadata dump -- --ignored`.
#[test]
#[ignore]
fn dump() {
    let (Ok(input), Ok(output)) = (
        std::env::var("WARTA_META_IN"),
        std::env::var("WARTA_META_OUT"),
    ) else {
        return;
    };
    std::fs::create_dir_all(&output).unwrap();
    for entry in std::fs::read_dir(&input).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(id) = name.strip_suffix(".html") else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let html = String::from_utf8_lossy(&bytes);
        let m = meta(&html, None);
        let out = serde_json::json!({
            "title": m.title, "published": m.published, "modified": m.modified,
            "authors": m.authors, "site": m.site, "lang": m.lang,
            "description": m.description, "url": m.canonical_url,
        });
        std::fs::write(format!("{output}/{id}.json"), out.to_string()).unwrap();
    }
}

fn out(s: &str) -> Option<String> {
    parse_date(s).map(|d| d.to_output())
}

/// (input, expected output): Indonesian, English, German and machine
/// formats.
const DATES: &[(&str, Option<&str>)] = &[
    // ISO 8601 and friends
    ("2023-09-14", Some("2023-09-14")),
    (
        "2023-09-14T10:15:00+07:00",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    ("2023-09-14T10:15:00Z", Some("2023-09-14T10:15:00Z")),
    ("2023-09-14T03:15:00.123Z", Some("2023-09-14T03:15:00.123Z")),
    (
        "2023-09-14T10:15:00.000+0700",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    (
        "2023-09-14 10:15:00 +07:00",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    ("2023-09-14T10:15+07:00", Some("2023-09-14T10:15:00+07:00")),
    (
        "2023-09-14T10:15:00-04:00",
        Some("2023-09-14T10:15:00-04:00"),
    ),
    ("2023-09-14T10:15:00", Some("2023-09-14")),
    ("2023-09-14 10:15:00", Some("2023-09-14")),
    ("20230914", Some("2023-09-14")),
    ("20230914T101500Z", Some("2023-09-14T10:15:00Z")),
    ("2023/09/14", Some("2023-09-14")),
    ("2023.09.14", Some("2023-09-14")),
    ("1694661300", Some("2023-09-14T03:15:00Z")),
    ("1694661300000", Some("2023-09-14T03:15:00Z")),
    // RFC 2822 and JavaScript
    (
        "Thu, 14 Sep 2023 10:15:00 +0700",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    (
        "Thu, 14 Sep 2023 03:15:00 GMT",
        Some("2023-09-14T03:15:00Z"),
    ),
    (
        "Thu Sep 14 2023 10:15:00 GMT+0700 (Western Indonesia Time)",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    // Indonesian
    (
        "Kamis, 14 Sep 2023 10:15 WIB",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    (
        "Rabu, 13 September 2023 | 19:45 WIB",
        Some("2023-09-13T19:45:00+07:00"),
    ),
    ("14/9/2023", Some("2023-09-14")),
    ("14/09/2023, 10:15 WIB", Some("2023-09-14T10:15:00+07:00")),
    (
        "Kamis, 14/09/2023 10:15 WITA",
        Some("2023-09-14T10:15:00+08:00"),
    ),
    (
        "14 Agustus 2023 pukul 08.30 WIT",
        Some("2023-08-14T08:30:00+09:00"),
    ),
    (
        "Senin, 2 Januari 2023 07:00 WIB",
        Some("2023-01-02T07:00:00+07:00"),
    ),
    ("5 Februari 2024", Some("2024-02-05")),
    (
        "17 Maret 2024 - 21:10 WIB",
        Some("2024-03-17T21:10:00+07:00"),
    ),
    ("1 Mei 2024", Some("2024-05-01")),
    ("30 Juni 2024, 12:00 WIB", Some("2024-06-30T12:00:00+07:00")),
    (
        "Selasa, 10 Okt 2023 14:20 WIB",
        Some("2023-10-10T14:20:00+07:00"),
    ),
    ("25 Desember 2023", Some("2023-12-25")),
    (
        "Jumat, 1 Des 2023 | 09:05 WIB",
        Some("2023-12-01T09:05:00+07:00"),
    ),
    ("Minggu, 17 Agt 2023 10:00", Some("2023-08-17")),
    ("Diterbitkan 14 Nopember 2023", Some("2023-11-14")),
    // English
    (
        "September 14, 2023 10:15 AM GMT+7",
        Some("2023-09-14T10:15:00+07:00"),
    ),
    ("September 14, 2023", Some("2023-09-14")),
    (
        "Sep. 14, 2023 at 3:45 p.m. EDT",
        Some("2023-09-14T15:45:00-04:00"),
    ),
    ("Sept 14th, 2023", Some("2023-09-14")),
    ("14 September 2023", Some("2023-09-14")),
    (
        "Thursday 14th September 2023 10:15 BST",
        Some("2023-09-14T10:15:00+01:00"),
    ),
    (
        "Published: 12:30 PM EST, Mon January 8, 2024",
        Some("2024-01-08T12:30:00-05:00"),
    ),
    (
        "Jan 8, 2024 12:00 am PST",
        Some("2024-01-08T00:00:00-08:00"),
    ),
    ("March 3, 2024 11:59 PM UTC", Some("2024-03-03T23:59:00Z")),
    ("July 4, 2024 9:00 AM ET", Some("2024-07-04T09:00:00-04:00")),
    (
        "December 1, 2024 9:00 AM ET",
        Some("2024-12-01T09:00:00-05:00"),
    ),
    ("Updated 10:15, 14 Sep 2023", Some("2023-09-14")),
    ("14 Sep 2023 10:15 IST", Some("2023-09-14T10:15:00+05:30")),
    ("9/14/2023", Some("2023-09-14")),
    // German and other European
    ("3. Mai 2024", Some("2024-05-03")),
    ("03.05.2024", Some("2024-05-03")),
    ("03.05.2024, 10:15 Uhr", Some("2024-05-03")),
    (
        "Freitag, 03.05.2024 um 10:15 Uhr MESZ",
        Some("2024-05-03T10:15:00+02:00"),
    ),
    ("3. März 2024", Some("2024-03-03")),
    ("12. Dezember 2023, 18:30 Uhr", Some("2023-12-12")),
    ("1. Jänner 2024", Some("2024-01-01")),
    ("Stand: 28.04.2023 16:15 Uhr", Some("2023-04-28")),
    ("28.04.23", Some("2023-04-28")),
    (
        "Veröffentlicht am 5. Oktober 2023 um 9:41 MEZ",
        Some("2023-10-05T09:41:00+01:00"),
    ),
    ("14 de septiembre de 2023", Some("2023-09-14")),
    ("14 septembre 2023 à 10h15", Some("2023-09-14")),
    ("14 settembre 2023", Some("2023-09-14")),
    ("14 mei 2023", Some("2023-05-14")),
    ("14. syyskuuta 2023", None),
    ("2023年9月14日", Some("2023-09-14")),
    ("2023년 9월 14일", Some("2023-09-14")),
    // Not dates, or not whole dates
    ("", None),
    ("hello world", None),
    ("Version 1.2.3", None),
    ("32.13.2023", None),
    ("2023-02-30", None),
    ("September 2023", None),
    ("© 2023 Kompas", None),
    ("call 0812-3456-7890", None),
    ("12345", None),
    ("99/99/9999", None),
];

#[test]
fn date_strings() {
    let mut failures = Vec::new();
    for (input, want) in DATES {
        let got = out(input);
        if got.as_deref() != *want {
            failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(DATES.len() >= 60);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn jsonld_graph_and_authors() {
    let m = meta(
        r#"<html lang="en-US"><head>
        <title>Big News Today | Example Times</title>
        <meta property="og:site_name" content="Example Times">
        <meta property="og:description" content="What happened.">
        <link rel="canonical" href="/news/2024/01/08/big-news">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","@id":"https://example.com/#site","name":"Example Times"},
          {"@type":"Person","@id":"https://example.com/#ann","name":"Ann Lee"},
          {"@type":"NewsArticle","headline":"Big News Today",
           "datePublished":"2024-01-08T12:30:00-05:00","dateModified":"2024-01-09T08:00:00-05:00",
           "author":[{"@id":"https://example.com/#ann"},{"@type":"Person","name":"Bob Roe"},
                     {"@type":"Organization","name":"Example Times"}],
           "publisher":{"@type":"Organization","name":"Example Times"}}]}</script>
        </head><body><h1>Big News Today</h1><p>Text.</p></body></html>"#,
        Some("https://www.example.com/x"),
    );
    assert_eq!(m.title.as_deref(), Some("Big News Today"));
    assert_eq!(m.published.as_deref(), Some("2024-01-08T12:30:00-05:00"));
    assert_eq!(m.modified.as_deref(), Some("2024-01-09T08:00:00-05:00"));
    assert_eq!(m.authors, vec!["Ann Lee", "Bob Roe"]);
    assert_eq!(m.site.as_deref(), Some("Example Times"));
    assert_eq!(m.lang.as_deref(), Some("en"));
    assert_eq!(m.description.as_deref(), Some("What happened."));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://www.example.com/news/2024/01/08/big-news")
    );
}

#[test]
fn indonesian_page_with_dateline_and_byline() {
    let m = meta(
        r#"<html><head><title>Menteri Bicara Soal Pangan - Kompas.com</title>
        <meta name="content-language" content="id"></head><body>
        <h1>Menteri Bicara Soal Pangan</h1>
        <div class="read__time">Kompas.com - 14/09/2023, 10:15 WIB</div>
        <div class="credit">Penulis: Ahmad Rizki dan Siti Aminah</div>
        <div class="credit">Editor: Budi Santoso</div>
        <p>Isi berita.</p></body></html>"#,
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Menteri Bicara Soal Pangan"));
    assert_eq!(m.published.as_deref(), Some("2023-09-14T10:15:00+07:00"));
    assert_eq!(m.authors, vec!["Ahmad Rizki", "Siti Aminah"]);
    assert_eq!(m.lang.as_deref(), Some("id"));
}

#[test]
fn updated_line_is_not_the_publication_date() {
    let m = meta(
        r#"<html lang="de"><body><h1>Schlagzeile der Seite</h1>
        <p class="date">Aktualisiert am 5. Mai 2024</p>
        <p class="date">Veröffentlicht am 3. Mai 2024</p>
        <p>Text.</p></body></html>"#,
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2024-05-03"));
}

#[test]
fn meta_tags_and_byline() {
    let m = meta(
        r#"<html lang="en-GB"><head>
        <meta property="article:published_time" content="2023-09-14T10:15:00+01:00">
        <meta name="author" content="https://facebook.com/someone">
        <meta property="og:title" content="Reuters: Markets rally on rate hopes">
        <meta property="og:site_name" content="Reuters">
        </head><body><h1>Markets rally on rate hopes</h1>
        <p class="byline">By Jane Doe and John Smith, Reuters</p></body></html>"#,
        Some("https://www.reuters.com/markets/rally"),
    );
    assert_eq!(m.title.as_deref(), Some("Markets rally on rate hopes"));
    assert_eq!(m.published.as_deref(), Some("2023-09-14T10:15:00+01:00"));
    assert_eq!(m.authors, vec!["Jane Doe", "John Smith"]);
}

#[test]
fn url_date_and_domain_site() {
    let m = meta(
        "<html><body><h1>Headline only</h1></body></html>",
        Some("https://www.example.org/2022/03/07/headline-only/"),
    );
    assert_eq!(m.published.as_deref(), Some("2022-03-07"));
    assert_eq!(m.site.as_deref(), Some("example.org"));
    assert_eq!(m.title.as_deref(), Some("Headline only"));
}

#[test]
fn naive_time_takes_the_page_offset() {
    let m = meta(
        r#"<html><head>
        <meta property="article:published_time" content="2023-09-14 10:15:00">
        <meta property="article:modified_time" content="2023-09-14T12:00:00+07:00">
        </head><body></body></html>"#,
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2023-09-14T10:15:00+07:00"));
}

#[test]
fn malformed_jsonld_does_not_break() {
    let m = meta(
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Line\nbreak\",\"datePublished\":\"2024-02-01\"</script>\
         <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Raw\tnewline title\",\"datePublished\":\"2024-02-02\"}</script>\
         </head><body></body></html>",
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Raw newline title"));
    assert_eq!(m.published.as_deref(), Some("2024-02-02"));
}

#[test]
fn huge_and_deep_inputs() {
    let long = "Sehr lange Überschrift ".repeat(20_000);
    let deep = format!(
        "{}14 Sep 2023{}",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    );
    let nested_json = format!(
        "<script type=\"application/ld+json\">{}{}</script>",
        "{\"a\":[".repeat(5000),
        "]}".repeat(5000)
    );
    let html = format!(
        "<html><head><title>{long}</title>{nested_json}</head><body><h1>{long}</h1>{deep}</body></html>"
    );
    let m = meta(&html, None);
    assert!(m.title.is_some());
    assert!(parse_date(&"9".repeat(100_000)).is_none());
    let _ = parse_date(&"14 Sep 2023 ".repeat(10_000));
}

#[test]
fn empty_page() {
    let m = meta("", None);
    assert_eq!(m.title, None);
    assert_eq!(m.published, None);
    assert!(m.authors.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    #[test]
    fn parse_date_never_panics(s in "\\PC{0,200}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn parse_date_never_panics_on_date_like(
        s in "[0-9]{1,4}[ ./:-]{0,2}[0-9A-Za-zäöüéÉİı]{0,9}[ ./,-]{0,2}[0-9]{0,4}[ T,|]{0,3}[0-9]{0,2}[:.]?[0-9]{0,2}[ ]?[A-Za-z+0-9:-]{0,8}"
    ) {
        if let Some(d) = parse_date(&s) {
            // Whatever parses prints as a day or as RFC 3339.
            let o = d.to_output();
            proptest::prop_assert!(o.len() >= 10);
        }
    }

    #[test]
    fn extract_metadata_never_panics(s in "\\PC{0,400}") {
        let _ = meta(&s, None);
    }

    #[test]
    fn extract_metadata_never_panics_on_markup(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<html lang=\"", "\">", "<head>", "<title>", "</title>", "<h1>", "</h1>",
                "<meta property=\"og:title\" content=\"", "<meta name=\"author\" content=\"",
                "<script type=\"application/ld+json\">", "</script>", "{\"@graph\":[",
                "{\"@type\":\"NewsArticle\",\"headline\":", "\"datePublished\":\"", "]}", "}",
                "\"author\":[{\"@id\":\"x\"}]", "<time datetime=\"", "<div class=\"byline\">",
                "By ", " and ", "Penulis: ", "14 Sep 2023 10:15 WIB", "2023-09-14T10:15:00+07:00",
                " | ", " - ", "&amp;", "&#x", "\"", ",", "<p>", "</div>", "ä", "\u{200b}",
            ]),
            0..60,
        )
    ) {
        let html: String = parts.concat();
        let _ = meta(&html, Some("https://www.example.com/2023/09/14/x"));
    }
}

#[test]
fn smoke() {
    let m = meta(
        r#"<html lang="id-ID"><head><title>Judul - Kompas.com</title>
        <meta property="og:site_name" content="Kompas.com"></head>
        <body><h1>Judul</h1></body></html>"#,
        Some("https://nasional.kompas.com/read/2023/09/14/10150001/judul"),
    );
    assert_eq!(m.title.as_deref(), Some("Judul"));
    assert_eq!(m.lang.as_deref(), Some("id"));
    assert_eq!(m.published.as_deref(), Some("2023-09-14"));
    assert!(parse_date("").is_none());
}

#[test]
fn the_url_day_settles_a_time_a_day_off_near_midnight() {
    let page = |time: &str| {
        format!(
            r#"<html><head><meta property="article:published_time" content="{time}"></head>
            <body><h1>Mayor elected</h1><p>Text.</p></body></html>"#
        )
    };
    let url = Some("https://news.example/2023/11/08/mayor-elected/");
    // UTC: the same instant, written on the URL's day.
    assert_eq!(
        meta(&page("2023-11-09T02:25:54Z"), url)
            .published
            .as_deref(),
        Some("2023-11-08T23:25:54-03:00")
    );
    // A local time just past midnight: the zone was wrong; the URL's day.
    assert_eq!(
        meta(&page("2023-11-09T00:30:59-05:00"), url)
            .published
            .as_deref(),
        Some("2023-11-08")
    );
    // Midday, or further apart: the time stands.
    assert_eq!(
        meta(&page("2023-11-09T12:30:00-05:00"), url)
            .published
            .as_deref(),
        Some("2023-11-09T12:30:00-05:00")
    );
    assert_eq!(
        meta(&page("2023-11-12T00:30:00-05:00"), url)
            .published
            .as_deref(),
        Some("2023-11-12T00:30:00-05:00")
    );
}

#[test]
fn a_section_after_the_headline_goes_and_og_wording_is_kept() {
    let m = meta(
        r#"<html><head><title>Harbour budget ‘passes’ at last-Politics</title>
        <meta property="og:title" content="Harbour budget 'passes' at last-Politics">
        <meta name="title" content="Harbour budget 'passes' at last">
        </head><body><h1>Harbour budget ‘passes’ at last</h1></body></html>"#,
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Harbour budget 'passes' at last"));
}

#[test]
fn a_utc_time_is_shown_in_the_locale_zone_unless_the_page_shows_the_utc_day() {
    let page = |shown: &str| {
        format!(
            r#"<html lang="en-AU"><head></head><body><h1>Council votes</h1>
            <time datetime="2020-10-28T22:22:49Z">{shown}</time><p>Text.</p></body></html>"#
        )
    };
    // Nothing visible says which day: the locale's zone (Sydney, +10).
    assert_eq!(
        meta(&page(""), None).published.as_deref(),
        Some("2020-10-29T08:22:49+10:00")
    );
    // The page itself shows the UTC day: its readers see UTC.
    assert_eq!(
        meta(&page("28 October 2020"), None).published.as_deref(),
        Some("2020-10-28T22:22:49Z")
    );
    // It shows the local day: the locale's zone stands.
    assert_eq!(
        meta(&page("29 October 2020"), None).published.as_deref(),
        Some("2020-10-29T08:22:49+10:00")
    );
}

#[test]
fn a_site_without_a_declared_language_takes_its_country_domain_zone() {
    // "23:15:0Z": one-digit seconds, as some generators write them.
    let html = r#"<html><head>
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Voto certificato",
        "datePublished":"2020-12-05T23:15:0Z"}</script></head>
        <body><h1>Voto certificato</h1><p>Testo.</p></body></html>"#;
    // An Italian domain: Rome's winter time, which is already the 6th.
    assert_eq!(
        meta(html, Some("https://www.giornale.example.it/news/1"))
            .published
            .as_deref(),
        Some("2020-12-06T00:15:00+01:00")
    );
    // A generic domain says nothing about the zone: UTC stays.
    assert_eq!(
        meta(html, Some("https://news.example.com/1"))
            .published
            .as_deref(),
        Some("2020-12-05T23:15:00Z")
    );
}

#[test]
fn arabic_month_names() {
    assert_eq!(out("07 أكتوبر 2020").as_deref(), Some("2020-10-07"));
    assert_eq!(out("3 تشرين الثاني 2019").as_deref(), Some("2019-11-03"));
    let with_weekday_and_time = out("الأربعاء، 07 أكتوبر 2020 - 12:09 م").unwrap_or_default();
    assert!(
        with_weekday_and_time.starts_with("2020-10-07"),
        "{with_weekday_and_time}"
    );
}
