//! The crate's own small feeds (tests/fixtures), one per format, and a
//! broken one; plus property tests: no input makes `parse_feed` panic.

use proptest::prelude::*;
use url::Url;
use warta_sources::{parse_feed, parse_feed_date, FeedKind};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn rfc3339(d: Option<chrono::DateTime<chrono::FixedOffset>>) -> Option<String> {
    d.map(|d| d.to_rfc3339())
}

#[test]
fn indonesian_rss2() {
    let base = Url::parse("https://kabarnusa.example/feed").unwrap();
    let feed = parse_feed(
        &fixture("kabarnusa-rss2.xml"),
        Some("application/rss+xml"),
        Some(&base),
    )
    .unwrap();
    assert_eq!(feed.kind, FeedKind::Rss);
    assert_eq!(feed.title.as_deref(), Some("Kabar Nusa – Berita Terkini"));
    assert_eq!(feed.link.as_deref(), Some("https://kabarnusa.example/"));
    assert_eq!(feed.ttl_minutes, Some(15));
    assert_eq!(feed.items.len(), 3);

    let a = &feed.items[0];
    assert_eq!(
        a.title.as_deref(),
        Some("Menlu RI Bertemu Menlu Jepang di Tokyo")
    );
    assert_eq!(
        a.url.as_deref(),
        Some("https://kabarnusa.example/berita/2024/08/05/menlu-jepang")
    );
    assert_eq!(a.key(), Some("kabarnusa-1001"));
    assert_eq!(
        rfc3339(a.published).as_deref(),
        Some("2024-08-05T10:30:00+07:00")
    );
    assert_eq!(a.authors, ["Rina Wulandari"]);
    assert_eq!(
        a.summary.as_deref(),
        Some("Menteri Luar Negeri bertemu mitranya & membahas kerja sama.")
    );
    assert!(a
        .content_html
        .as_deref()
        .unwrap()
        .contains("<p>Pertemuan berlangsung dua jam.</p>"));

    let b = &feed.items[1];
    assert_eq!(b.guid, None);
    assert_eq!(
        b.key(),
        Some("https://kabarnusa.example/berita/2024/08/04/banjir-bekasi")
    );
    assert_eq!(
        rfc3339(b.published).as_deref(),
        Some("2024-08-04T21:05:00+07:00")
    );

    // A permalink guid stands in for the missing link; Indonesian date with "08.15".
    let c = &feed.items[2];
    assert_eq!(
        c.url.as_deref(),
        Some("https://kabarnusa.example/berita/2024/08/03/cabai")
    );
    assert_eq!(
        rfc3339(c.published).as_deref(),
        Some("2024-08-03T08:15:00+07:00")
    );
}

#[test]
fn atom_with_xml_base() {
    let feed = parse_feed(&fixture("warta-atom.xml"), None, None).unwrap();
    assert_eq!(feed.kind, FeedKind::Atom);
    assert_eq!(feed.title.as_deref(), Some("Warta & Kawan"));
    assert_eq!(feed.link.as_deref(), Some("https://warta.example/"));
    let e = &feed.items[0];
    // type="text": the brackets are the title's own characters.
    assert_eq!(e.title.as_deref(), Some("Rupiah <menguat> tipis"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://warta.example/blog/2024/08/rupiah")
    );
    assert_eq!(e.guid.as_deref(), Some("tag:warta.example,2024:rupiah"));
    assert_eq!(
        rfc3339(e.published).as_deref(),
        Some("2024-08-05T09:00:00+07:00")
    );
    assert_eq!(
        rfc3339(e.updated).as_deref(),
        Some("2024-08-05T11:15:00+07:00")
    );
    assert_eq!(e.authors, ["Budi Santoso"]);
    assert_eq!(e.summary.as_deref(), Some("Rupiah ditutup menguat."));
    assert!(e
        .content_html
        .as_deref()
        .unwrap()
        .contains("<b>menguat</b>"));
    assert_eq!(feed.items[1].published, None);
    assert_eq!(
        rfc3339(feed.items[1].updated).as_deref(),
        Some("2024-08-04T08:00:00+00:00")
    );
}

#[test]
fn rss1_rdf() {
    let feed = parse_feed(&fixture("rdf-rss1.xml"), None, None).unwrap();
    assert_eq!(feed.kind, FeedKind::Rdf);
    assert_eq!(feed.title.as_deref(), Some("Arsip Berita"));
    let it = &feed.items[0];
    assert_eq!(it.title.as_deref(), Some("Pemilu Daerah Digelar Serentak"));
    assert_eq!(it.url.as_deref(), Some("https://arsip.example/1"));
    // dc:date is RSS 1.0's date: publication and update alike.
    assert_eq!(
        rfc3339(it.published).as_deref(),
        Some("2024-02-14T07:00:00+07:00")
    );
    assert_eq!(it.published, it.updated);
    assert_eq!(it.authors, ["Redaksi"]);
}

#[test]
fn json_feed() {
    let feed = parse_feed(
        &fixture("jsonfeed.json"),
        Some("application/feed+json"),
        None,
    )
    .unwrap();
    assert_eq!(feed.kind, FeedKind::Json);
    assert_eq!(feed.title.as_deref(), Some("Kabar Singkat"));
    assert_eq!(feed.items.len(), 2);
    let it = &feed.items[0];
    assert_eq!(it.guid.as_deref(), Some("2"));
    assert_eq!(
        it.url.as_deref(),
        Some("https://singkat.example/2024/08/05/gempa")
    );
    assert_eq!(
        rfc3339(it.published).as_deref(),
        Some("2024-08-05T03:20:00+09:00")
    );
    assert_eq!(it.authors, ["Tim Singkat"]);
    assert_eq!(feed.items[1].summary.as_deref(), Some("Cerah berawan."));
    assert_eq!(feed.items[1].title, None);
}

#[test]
fn broken_feed_still_reads() {
    let feed = parse_feed(&fixture("broken-rss.xml"), None, None).unwrap();
    assert_eq!(feed.kind, FeedKind::Rss);
    assert_eq!(feed.title.as_deref(), Some("Berita Rusak & Terpotong"));
    assert_eq!(feed.items.len(), 2);
    let a = &feed.items[0];
    assert_eq!(a.title.as_deref(), Some("Café di Bandung – ramai"));
    assert_eq!(a.url.as_deref(), Some("https://rusak.example/1?a=1&b=2"));
    assert_eq!(
        rfc3339(a.published).as_deref(),
        Some("2024-08-05T10:00:00+07:00")
    );
    let b = &feed.items[1];
    assert_eq!(b.url.as_deref(), Some("https://rusak.example/2"));
    // windows-1252 from the declaration: 0x80 is the euro sign.
    assert_eq!(b.summary.as_deref(), Some("Harga naik 10€ persen"));
}

#[test]
fn utf16_and_declared_charsets() {
    let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Ünïcödé</title><item><title>é</title></item></channel></rss>";
    for bytes in [
        std::iter::once(0xFEFFu16)
            .chain(xml.encode_utf16())
            .flat_map(|u| u.to_be_bytes())
            .collect::<Vec<u8>>(),
        xml.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
    ] {
        let feed = parse_feed(&bytes, None, None).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Ünïcödé"));
        assert_eq!(feed.items[0].title.as_deref(), Some("é"));
    }
}

#[test]
fn not_feeds_are_errors() {
    assert!(parse_feed(b"", None, None).is_err());
    assert!(parse_feed(b"<html><body>x</body></html>", None, None).is_err());
    assert!(parse_feed(b"{\"not\": \"a feed\"}", None, None).is_err());
    assert!(parse_feed(b"\xff\xfe\x00", None, None).is_err());
}

fn valid_feeds() -> Vec<Vec<u8>> {
    [
        "kabarnusa-rss2.xml",
        "warta-atom.xml",
        "rdf-rss1.xml",
        "jsonfeed.json",
        "broken-rss.xml",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_feed(&bytes, None, None);
        let _ = parse_feed(&bytes, Some("text/xml; charset=utf-16"), None);
    }

    #[test]
    fn xmlish_text_never_panics(s in "(<[a-z:]{0,8}( [a-z:]{1,5}=\"[^\"]{0,6}\")?/?>|</[a-z]{0,6}>|&[a-z#0-9]{0,5};?|<!\\[CDATA\\[|\\]\\]>|<!--|-->|<\\?xml|[^<&]{0,10}){0,60}") {
        let _ = parse_feed(format!("<rss>{s}").as_bytes(), None, None);
        let _ = parse_feed(format!("<feed xmlns=\"http://www.w3.org/2005/Atom\">{s}").as_bytes(), None, None);
    }

    #[test]
    fn mutated_feeds_never_panic(which in 0usize..5, cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut bytes = valid_feeds()[which].clone();
        for (at, byte, op) in cuts {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.truncate(i),
            }
        }
        let base = Url::parse("https://kabarnusa.example/feed").unwrap();
        let _ = parse_feed(&bytes, None, Some(&base));
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}") {
        let _ = parse_feed_date(&s);
    }
}
