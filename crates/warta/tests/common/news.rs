//! Realistic news pages and feeds, written by the project for the tests and
//! the follow benchmark: an Indonesian outlet's article page with its
//! navigation, share buttons, related links and footer around a body of
//! varied paragraphs, and RSS feeds that list such pages.

#![allow(dead_code)] // each test file uses its own part

const PEOPLE: &[(&str, &str)] = &[
    ("Presiden", "Joko Widodo"),
    ("Menteri Luar Negeri", "Retno Marsudi"),
    ("Menteri Pertahanan", "Prabowo Subianto"),
    ("Gubernur Jawa Barat", "Ridwan Kamil"),
    ("Perdana Menteri Jepang", "Fumio Kishida"),
    ("Presiden Rusia", "Vladimir Putin"),
];

const PLACES: &[&str] = &[
    "Jakarta", "Surabaya", "Tokyo", "Bandung", "Makassar", "Medan",
];

const TOPICS: &[&str] = &[
    "kerja sama perdagangan",
    "keamanan maritim",
    "pembangunan infrastruktur",
    "ketahanan pangan",
    "transisi energi",
    "pendidikan vokasi",
];

/// The body paragraphs of article `n`.
pub fn paragraphs(n: usize) -> Vec<String> {
    let (title_a, a) = PEOPLE[n % PEOPLE.len()];
    let (title_b, b) = PEOPLE[(n / PEOPLE.len() + 1 + n) % PEOPLE.len()];
    let place = PLACES[(n * 7) % PLACES.len()];
    let topic = TOPICS[(n * 5) % TOPICS.len()];
    let b = if a == b { "Sri Mulyani" } else { b };
    vec![
        format!("{place} — {title_a} {a} bertemu {title_b} {b} di {place} pada Selasa (5/3/2024) untuk membahas {topic}, dalam kunjungan kerja nomor {n}."),
        format!("Dalam pertemuan itu, {a} menyatakan bahwa {topic} menjadi prioritas pemerintah tahun ini dan akan dibahas lagi bulan depan."),
        format!("\u{201c}Kami siap bekerja sama untuk {topic} demi kepentingan rakyat,\u{201d} kata {a} kepada wartawan seusai pertemuan."),
        format!("{b} menyambut baik tawaran tersebut dan berjanji akan mengirim delegasi ke {place} dalam waktu dekat."),
        format!("Kedua pihak juga menandatangani nota kesepahaman mengenai {topic} yang berlaku selama lima tahun."),
        format!("Sebelumnya, pemerintah telah mengalokasikan anggaran sebesar Rp {} triliun untuk program {topic} di seluruh provinsi.", 10 + n % 90),
        format!("Pengamat menilai langkah ini penting, tetapi meminta pemerintah memastikan pelaksanaannya transparan dan dapat diawasi publik."),
    ]
}

pub fn title(n: usize) -> String {
    let (_, a) = PEOPLE[n % PEOPLE.len()];
    let topic = TOPICS[(n * 5) % TOPICS.len()];
    format!("{a} Bahas {topic} dalam Pertemuan ke-{n}")
}

/// A whole article page, boilerplate and all (about 12 KB).
pub fn page(base: &str, n: usize) -> String {
    let mut body = String::new();
    for (i, p) in paragraphs(n).iter().enumerate() {
        body.push_str(&format!("<p>{p}</p>\n"));
        if i == 2 {
            body.push_str("<div class=\"baca-juga\"><strong>Baca Juga:</strong> <a href=\"/x\">Harga cabai naik lagi</a></div>\n");
        }
    }
    let nav: String = [
        "Nasional",
        "Internasional",
        "Ekonomi",
        "Olahraga",
        "Teknologi",
        "Hiburan",
        "Otomotif",
        "Gaya Hidup",
    ]
    .iter()
    .map(|s| format!("<li><a href=\"/{}\">{s}</a></li>", s.to_lowercase()))
    .collect();
    let related: String = (1..=6)
        .map(|i| {
            format!(
                "<li><a href=\"{base}/berita/{}.html\">{}</a></li>",
                n + i,
                title(n + i)
            )
        })
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title} - Kabar Nusa</title>
<link rel="canonical" href="{base}/berita/{n}.html">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-03-05T{hh:02}:{mm:02}:00+07:00">
<meta name="author" content="Rina Wulandari">
<style>body{{font-family:sans-serif}} .share a{{margin:2px}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>
</head><body>
<header><div class="logo"><a href="/">Kabar Nusa</a></div><nav><ul>{nav}</ul></nav>
<form class="search"><input name="q" placeholder="Cari berita..."></form></header>
<div class="breadcrumb"><a href="/">Beranda</a> › <a href="/nasional">Nasional</a></div>
<main><article>
<h1>{title}</h1>
<div class="byline">Rina Wulandari - Kabar Nusa</div>
<time datetime="2024-03-05T{hh:02}:{mm:02}:00+07:00">Selasa, 5 Mar 2024 {hh:02}:{mm:02} WIB</time>
<figure><img src="/img/{n}.jpg"><figcaption>{cap} (Foto: ANTARA/Dedi Pratama)</figcaption></figure>
<div class="article-body">
{body}</div>
<div class="share">Bagikan: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Telegram</a></div>
<div class="cta">Ikuti saluran Telegram Kabar Nusa untuk berita terkini.</div>
</article>
<aside><h3>Berita Terkait</h3><ul>{related}</ul></aside>
<section class="comments"><h3>Komentar</h3><p>Belum ada komentar. Jadilah yang pertama!</p></section>
</main>
<footer><p>&copy; 2024 Kabar Nusa. Hak cipta dilindungi.</p><ul><li><a href="/redaksi">Redaksi</a></li><li><a href="/pedoman">Pedoman Media Siber</a></li><li><a href="/kontak">Kontak</a></li></ul></footer>
</body></html>"##,
        title = title(n),
        hh = 6 + n % 12,
        mm = n % 60,
        cap = caption(n),
    )
}

fn caption(n: usize) -> String {
    format!("{} dalam pertemuan ke-{n}.", PEOPLE[n % PEOPLE.len()].1)
}

/// An RSS 2.0 feed of `count` articles from `first`, linking to
/// `{base}/berita/{n}.html`.
pub fn feed(base: &str, first: usize, count: usize) -> String {
    let mut items = String::new();
    for n in first..first + count {
        items.push_str(&format!(
            "<item><title>{}</title><link>{base}/berita/{n}.html</link><guid isPermaLink=\"false\">kabarnusa-{n}</guid>\
             <pubDate>Tue, 05 Mar 2024 {:02}:{:02}:00 +0700</pubDate><description>&lt;p&gt;{}&lt;/p&gt;</description></item>\n",
            title(n),
            6 + n % 12,
            n % 60,
            paragraphs(n)[0]
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Kabar Nusa</title><link>{base}/</link>\
         <description>Berita terkini</description><language>id</language>\n{items}</channel></rss>\n"
    )
}
