//! The HTML path on pages the project wrote: the body in order, the
//! boilerplate gone, captions and credits split, next pages found.

use warta_extract::{extract, Article, BlockKind, ExtractError, ExtractOptions};

fn sample() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/kabarnusa-menlu-jepang.html"
    );
    std::fs::read(path).expect("the bundled sample page")
}

fn run(html: &str) -> Article {
    extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts")
}

fn with_url(html: &str, url: &str) -> Article {
    let opts = ExtractOptions {
        url: Some(url.parse().unwrap()),
        ..ExtractOptions::default()
    };
    extract(html.as_bytes(), &opts).expect("extracts")
}

#[test]
fn sample_page_body_is_clean_and_in_order() {
    let article = extract(&sample(), &ExtractOptions::default()).unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Menlu Indonesia dan Jepang Sepakati Kerja Sama Maritim")
    );
    let kinds: Vec<BlockKind> = article.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
        ]
    );
    assert!(article.blocks[0]
        .text
        .starts_with("JAKARTA, KabarNusa - Menteri Luar Negeri"));
    assert_eq!(article.blocks[2].text, "Bantuan kapal patroli");
    assert!(article.blocks[5].text.ends_with("di Tokyo pada Juni 2024."));
    let body = article.body_text();
    for boilerplate in [
        "Join Telegram Channel",
        "Baca juga",
        "ADVERTISEMENT",
        "Berita Terkait",
        "Mantap",
        "Hak cipta",
        "Facebook",
        "Beranda",
        "Penulis:",
    ] {
        assert!(
            !body.contains(boilerplate),
            "{boilerplate:?} left in the body"
        );
    }
    assert_eq!(
        article.published.as_deref(),
        Some("2024-03-12T14:30:00+07:00")
    );
    assert_eq!(article.authors, ["Rina Kusumawati"]);
    assert_eq!(article.site.as_deref(), Some("KabarNusa"));
    assert_eq!(article.lang.as_deref(), Some("id"));
}

#[test]
fn sample_page_caption_and_credit_are_split() {
    let article = extract(&sample(), &ExtractOptions::default()).unwrap();
    assert_eq!(article.images.len(), 1);
    let image = &article.images[0];
    assert_eq!(
        image.caption.as_deref(),
        Some("Menteri Luar Negeri Indonesia dan Menteri Luar Negeri Jepang berjabat tangan di Gedung Pancasila, Jakarta.")
    );
    assert_eq!(image.credit.as_deref(), Some("KabarNusa/Dimas Pratama"));
    // Relative image paths resolve against the page's canonical URL.
    assert_eq!(
        image.src.as_deref(),
        Some("https://kabarnusa.example/img/2024/03/menlu-jepang.jpg")
    );
}

#[test]
fn paragraphs_separated_by_double_breaks() {
    let html = r#"<html><body><div class="menu"><a href="/">Home</a> <a href="/a">News</a></div>
        <div class="detail_text"><b>Surabaya</b> - Hujan deras mengguyur kota sejak pagi, membuat sejumlah jalan tergenang air setinggi lutut orang dewasa.<br><br>
        Petugas dinas pekerjaan umum dikerahkan ke tujuh titik genangan, sementara polisi mengalihkan arus lalu lintas di pusat kota.<br><br>
        Menurut warga, genangan seperti ini terjadi hampir setiap musim hujan, dan mereka berharap saluran air segera diperbaiki.</div>
        <div class="footer">Kontak kami</div></body></html>"#;
    let article = run(html);
    let paragraphs: Vec<&str> = article.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(paragraphs[0].starts_with("Surabaya - Hujan deras"));
    assert!(paragraphs[2].starts_with("Menurut warga"));
}

#[test]
fn a_page_without_an_article_says_why() {
    let article = run("<html><body><nav><a href='/'>Home</a></nav></body></html>");
    assert!(article.blocks.is_empty());
    assert!(article.empty_reason.is_some());
}

#[test]
fn windows_1252_page_comes_out_right() {
    let mut page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title></head><body><article><p>".to_vec();
    page.extend_from_slice(b"The caf\xe9 on the corner served cr\xe8me br\xfbl\xe9e to the mayor, who said \x93it was perfect\x94 and left a generous tip for the staff.");
    page.extend_from_slice(b"</p></article></body></html>");
    let article = extract(&page, &ExtractOptions::default()).unwrap();
    let body = article.body_text();
    assert!(
        body.contains("café on the corner served crème brûlée"),
        "{body}"
    );
    assert!(body.contains("“it was perfect”"), "{body}");
}

#[test]
fn next_page_is_found_and_continued_prompt_leaves_the_body() {
    let html = r#"<html><body><article>
        <p>Paragraf pertama berita ini cukup panjang untuk dianggap sebagai isi artikel, dengan koma, titik, dan kata-kata.</p>
        <p>Paragraf kedua juga berisi kalimat yang panjang, sehingga halaman ini jelas merupakan sebuah artikel berita.</p>
        <p>Simak selengkapnya di halaman berikutnya</p>
        <div class="pagination"><a href="/berita/2024/banjir-surabaya?page=2">Halaman berikutnya</a></div>
        </article></body></html>"#;
    let article = with_url(html, "https://kabar.example/berita/2024/banjir-surabaya");
    assert_eq!(
        article.next_page.as_deref(),
        Some("https://kabar.example/berita/2024/banjir-surabaya?page=2")
    );
    assert!(article.continued);
    assert!(!article.body_text().contains("Simak selengkapnya"));
}

#[test]
fn body_selector_overrides_the_general_rules() {
    let html = r#"<html><body><div class="story">Short note kept by the selector.</div>
        <div class="other"><p>A long paragraph that the general rules would choose, with commas, clauses, and enough words to win the scoring easily.</p></div></body></html>"#;
    let opts = ExtractOptions {
        body_selectors: vec![".story".into()],
        ..ExtractOptions::default()
    };
    let article = extract(html.as_bytes(), &opts).unwrap();
    assert_eq!(article.body_text(), "Short note kept by the selector.\n");

    let bad = ExtractOptions {
        body_selectors: vec!["div[".into()],
        ..ExtractOptions::default()
    };
    match extract(html.as_bytes(), &bad) {
        Err(ExtractError::Selector { selector, .. }) => assert_eq!(selector, "div["),
        other => panic!("expected a selector error, got {other:?}"),
    }
}

#[test]
fn related_links_and_comments_stay_out() {
    let html = r#"<html><body><main><article>
        <h1>Gempa Guncang Cianjur</h1>
        <p>Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin siang, merusak ratusan rumah warga.</p>
        <p>Badan Nasional Penanggulangan Bencana mencatat sedikitnya dua ribu warga mengungsi ke tenda darurat.</p>
        <ul class="related"><li><a href="/1">Warga Cianjur Butuh Selimut dan Air Bersih</a></li><li><a href="/2">Jalur Puncak Ditutup Sementara</a></li></ul>
        </article>
        <h3>More stories</h3><p>Harga cabai naik menjelang akhir tahun, kata pedagang di pasar induk, karena pasokan berkurang.</p>
        <div id="comments"><p>Semoga para korban diberi kekuatan, dan bantuan segera datang ke lokasi.</p></div>
        </main></body></html>"#;
    let article = run(html);
    let body = article.body_text();
    assert!(body.contains("Gempa bermagnitudo 5,6"));
    assert!(body.contains("dua ribu warga mengungsi"));
    for extra in ["Selimut", "Jalur Puncak", "Harga cabai", "Semoga"] {
        assert!(!body.contains(extra), "{extra:?} left in the body:\n{body}");
    }
}

#[test]
fn newsroom_credits_and_lone_datelines_leave_the_body() {
    let html = r#"<html><head><title>Harga Beras Naik Lagi</title></head><body><div class="read__content">
        <p>Harga Beras Naik Lagi!</p>
        <p>Rabu, 17 Juni 2015 | 22:26 WIB</p>
        <p>Harga beras medium di pasar tradisional naik untuk ketiga kalinya bulan ini, menurut pedagang, karena pasokan dari daerah berkurang.</p>
        <p>Pemerintah berjanji menggelar operasi pasar mulai pekan depan, sementara Bulog menyiapkan cadangan beras di gudang-gudangnya.</p>
        <p>Penulis</p><p>: Anju Christian</p><p>Editor : Jalu Wisnu</p>
        <p>Reporter : Dian Lestari | Jumat, 19 Juni 2015 03:40</p>
        <p>Ikuti perkembangan berita ini dalam topik:</p>
        </div></body></html>"#;
    let article = run(html);
    let paragraphs: Vec<&str> = article.paragraphs().collect();
    assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
    assert!(paragraphs[0].starts_with("Harga beras medium"));
}

#[test]
fn the_body_language_is_a_first_guess_when_the_page_names_none() {
    let malay = r#"<html><body><article>
        <p>Kerajaan Malaysia berkata bahawa rancangan itu akan dilaksanakan pada bulan hadapan, selepas mesyuarat kabinet minggu lepas.</p>
        <p>Menteri Kewangan berkata wang tambahan boleh disalurkan kepada rakyat melalui bantuan tunai, dan kualiti perkhidmatan awam akan dipertingkatkan.</p>
        </article></body></html>"#;
    assert_eq!(run(malay).lang.as_deref(), Some("ms"));
    let indonesian = r#"<html><body><article>
        <p>Pemerintah Indonesia mengatakan bahwa rencana itu akan dilaksanakan bulan depan, setelah rapat kabinet pekan lalu di Jakarta.</p>
        <p>Menteri Keuangan menyebut uang tambahan bisa disalurkan kepada masyarakat melalui bantuan tunai, dan kualitas layanan publik akan ditingkatkan.</p>
        </article></body></html>"#;
    assert_eq!(run(indonesian).lang.as_deref(), Some("id"));
}
