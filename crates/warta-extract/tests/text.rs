//! Scraped plain text, Indonesian and English, written for these tests.

use warta_extract::{extract, extract_text, Article, BlockKind, ExtractOptions};

fn run(text: &str) -> Article {
    extract_text(text, &ExtractOptions::default())
}

fn headings(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect()
}

fn assert_body_lacks(a: &Article, needles: &[&str]) {
    let body = a.body_text();
    for n in needles {
        assert!(!body.contains(n), "body contains {n:?}:\n{body}");
    }
}

const KOMPAS_STYLE: &str = "\
Nasional
Harga Beras Naik Jelang Musim Kemarau di Jawa Tengah
Kompas.com - Kamis, 14 Sep 2023 10:15 WIB
Penulis: Ahmad Santoso | Editor: Rina Wulandari
Pedagang menata karung beras di Pasar Johar, Semarang, Rabu (13/9/2023). (ANTARA FOTO/Makna Zaezar)
SEMARANG, KOMPAS.com - Harga beras medium di sejumlah pasar tradisional di Jawa Tengah naik sekitar 10 persen dalam dua pekan terakhir.
Kenaikan itu dipicu pasokan yang menurun menjelang musim kemarau, kata Kepala Dinas Perdagangan setempat.
Baca juga: Pemerintah Siapkan Operasi Pasar untuk Tekan Harga Beras
Dinas Perdagangan mencatat harga rata-rata kini mencapai Rp 13.500 per kilogram.
Langkah Pemerintah Daerah
Pemerintah daerah menyiapkan tiga langkah untuk meredam kenaikan harga:
- operasi pasar di 35 kabupaten dan kota;
- penyaluran cadangan beras pemerintah;
- pengawasan distribusi bersama kepolisian.
Simak berita dan artikel lainnya di Google News
Dapatkan update berita pilihan setiap hari. Klik di sini
(das/das)
";

#[test]
fn kompas_style_title_site_authors() {
    let a = run(KOMPAS_STYLE);
    assert_eq!(
        a.title.as_deref(),
        Some("Harga Beras Naik Jelang Musim Kemarau di Jawa Tengah")
    );
    assert_eq!(a.site.as_deref(), Some("kompas.com"));
    assert_eq!(a.authors, vec!["Ahmad Santoso"]);
    assert_eq!(a.lang.as_deref(), Some("id"));
    assert!(!a.continued);
}

#[test]
fn kompas_style_body() {
    let a = run(KOMPAS_STYLE);
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(
        paragraphs.first().copied(),
        Some("Harga beras medium di sejumlah pasar tradisional di Jawa Tengah naik sekitar 10 persen dalam dua pekan terakhir.")
    );
    assert_eq!(headings(&a), vec!["Langkah Pemerintah Daerah"]);
    let items: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], "operasi pasar di 35 kabupaten dan kota;");
    assert_body_lacks(
        &a,
        &[
            "Baca juga",
            "Google News",
            "Klik di sini",
            "Penulis",
            "Editor",
            "(das/das)",
            "ANTARA FOTO",
            "WIB",
            "Nasional",
        ],
    );
}

#[test]
fn kompas_style_caption_and_date() {
    let a = run(KOMPAS_STYLE);
    assert_eq!(a.images.len(), 1);
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Pedagang menata karung beras di Pasar Johar, Semarang, Rabu (13/9/2023).")
    );
    assert_eq!(
        a.images[0].credit.as_deref(),
        Some("ANTARA FOTO/Makna Zaezar")
    );
    // The date line leaves the body and, through dates::parse_date, sets `published`.
    assert_eq!(a.published.as_deref(), Some("2023-09-14T10:15:00+07:00"));
}

const REUTERS_STYLE: &str = "\
Subscribe
Central Bank Holds Rates Steady as Inflation Cools
By Jane Roe and John Smith
September 14, 2023
WASHINGTON (Reuters) - The central bank held interest rates steady on Wednesday, saying inflation had cooled more than expected over the summer.
Officials said they would watch wage growth closely before deciding on any further move.
Traders work on the floor of the New York Stock Exchange. Photo by Brendan McDermid/Reuters
ADVERTISEMENT
Scroll to continue
What Comes Next
Markets now expect the first cut in the spring, according to futures pricing.
Share this article
Follow us on Twitter
Continued on the next page
";

#[test]
fn reuters_style() {
    let a = run(REUTERS_STYLE);
    assert_eq!(
        a.title.as_deref(),
        Some("Central Bank Holds Rates Steady as Inflation Cools")
    );
    assert_eq!(a.site.as_deref(), Some("Reuters"));
    assert_eq!(a.authors, vec!["Jane Roe", "John Smith"]);
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert!(a.continued);
    assert_eq!(a.published.as_deref(), Some("2023-09-14"));
    assert_eq!(headings(&a), vec!["What Comes Next"]);
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("The central bank held"));
    assert_eq!(a.images.len(), 1);
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Traders work on the floor of the New York Stock Exchange.")
    );
    assert_eq!(
        a.images[0].credit.as_deref(),
        Some("Brendan McDermid/Reuters")
    );
    assert_body_lacks(
        &a,
        &[
            "Subscribe",
            "ADVERTISEMENT",
            "Scroll",
            "Share",
            "Follow",
            "Continued",
            "By Jane",
            "September 14",
        ],
    );
}

const DETIK_STYLE: &str = "\
Terima Notifikasi Berita Terkini. 👉 Join Telegram Channel.
Gempa Magnitudo 5,6 Guncang Cianjur, Warga Berhamburan Keluar Rumah
Jakarta (ANTARA) - Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang.
Warga berhamburan keluar rumah saat guncangan terasa selama beberapa detik.
Warga berkumpul di lapangan setelah gempa Foto: dok. BPBD Cianjur
BMKG menyatakan gempa tidak berpotensi tsunami.
Reporter: Siti Aminah
Baca selengkapnya di halaman berikutnya
";

#[test]
fn agency_dateline_and_caption_with_foto_label() {
    let a = run(DETIK_STYLE);
    assert_eq!(
        a.title.as_deref(),
        Some("Gempa Magnitudo 5,6 Guncang Cianjur, Warga Berhamburan Keluar Rumah")
    );
    assert_eq!(a.site.as_deref(), Some("ANTARA"));
    assert_eq!(a.authors, vec!["Siti Aminah"]);
    assert!(a.continued);
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Gempa bermagnitudo 5,6"));
    assert_eq!(
        a.images,
        vec![warta_extract::Image {
            src: None,
            caption: Some("Warga berkumpul di lapangan setelah gempa".into()),
            credit: Some("dok. BPBD Cianjur".into()),
        }]
    );
    assert_body_lacks(&a, &["Telegram", "selengkapnya", "Reporter"]);
}

#[test]
fn prompt_in_the_middle_is_dropped_but_not_continued() {
    let text = "\
Banjir Rendam Ratusan Rumah di Bekasi
Banjir merendam ratusan rumah warga di Bekasi sejak Sabtu malam.
Simak selengkapnya di halaman berikutnya
Petugas mengevakuasi warga lanjut usia dengan perahu karet.
";
    let a = run(text);
    assert!(!a.continued);
    assert_eq!(a.paragraphs().count(), 2);
    assert_body_lacks(&a, &["selengkapnya"]);
}

#[test]
fn no_title_when_text_starts_with_a_sentence() {
    let text = "\
The council approved the budget on Tuesday after a long debate.
Members voted nine to two in favour of the plan.
";
    let a = run(text);
    assert_eq!(a.title, None);
    assert_eq!(a.paragraphs().count(), 2);
}

#[test]
fn only_boilerplate_gives_empty_reason() {
    let a = run("Subscribe\nFollow us on Instagram\nADVERTISEMENT\n");
    assert!(a.blocks.is_empty());
    assert!(a.empty_reason.is_some());
}

#[test]
fn url_option_names_the_site() {
    let opts = ExtractOptions {
        url: Some(
            "https://www.andalpost.com/berita/putin-kim"
                .parse()
                .unwrap(),
        ),
        ..ExtractOptions::default()
    };
    let a = extract_text(
        "Judul Berita Yang Cukup Panjang\nJAKARTA - Isi paragraf pertama berita ini.\n",
        &opts,
    );
    assert_eq!(a.site.as_deref(), Some("andalpost.com"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.andalpost.com/berita/putin-kim")
    );
    assert_eq!(
        a.paragraphs().next(),
        Some("Isi paragraf pertama berita ini.")
    );
}

#[test]
fn whitespace_is_normalised_and_duplicates_dropped() {
    let text = "Judul  Berita\u{a0}Ini Cukup Panjang\n\n   Paragraf   pertama\tberisi kalimat.  \nParagraf   pertama berisi kalimat.\n";
    let a = run(text);
    assert_eq!(a.title.as_deref(), Some("Judul Berita Ini Cukup Panjang"));
    assert_eq!(
        a.paragraphs().collect::<Vec<_>>(),
        vec!["Paragraf pertama berisi kalimat."]
    );
}

#[test]
fn paragraph_ending_with_agency_is_not_a_caption() {
    let text = "\
Officials Meet in Geneva
Negotiators met for a third day in Geneva on Thursday, officials said. (Reuters)
";
    let a = run(text);
    assert!(a.images.is_empty());
    assert_eq!(a.paragraphs().count(), 1);
}

#[test]
fn updated_line_sets_modified() {
    let a = run("Judul Berita Yang Cukup Panjang\nSenin, 11 September 2023 | 14:30 WIB\nDiperbarui: Selasa, 12 September 2023 08:00 WIB\nIsi berita pertama di sini.\n");
    assert_eq!(a.published.as_deref(), Some("2023-09-11T14:30:00+07:00"));
    assert_eq!(a.modified.as_deref(), Some("2023-09-12T08:00:00+07:00"));
    assert_eq!(
        a.paragraphs().collect::<Vec<_>>(),
        vec!["Isi berita pertama di sini."]
    );
}

#[test]
fn extract_dispatches_plain_text() {
    let a = extract(DETIK_STYLE.as_bytes(), &ExtractOptions::default()).unwrap();
    assert!(a.continued);
    assert_eq!(a.site.as_deref(), Some("ANTARA"));
}
