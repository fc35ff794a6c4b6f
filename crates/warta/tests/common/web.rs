//! The scene of the web tests: news sites on a real HTTP server on
//! 127.0.0.1 (Indonesian and English reports of the Putin–Kim summit of
//! September 2023, so that events between RUS and PRK are coded, a few
//! other stories, and a hostile page), a store filled from them by the
//! binary itself (`warta source add`, `warta run --once`, `warta
//! reindex`), and `warta serve` on a free port of 127.0.0.1.

#![allow(dead_code)] // each test file uses its own part

use super::news;
use super::server::{Request, Response, Server};
use super::{ok, warta, DataDir};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The token `warta serve` is started with.
pub const TOKEN: &str = "s3kret-token-untuk-tes";

/// Settings for a server on this machine: loopback allowed, no pacing,
/// short timeouts, every source due at every pass.
pub const LOCAL: &[&str] = &[
    "--set",
    "fetch.allow_private=true",
    "--set",
    "fetch.host_delay=0",
    "--set",
    "fetch.host_concurrency=16",
    "--set",
    "fetch.timeout=5s",
    "--set",
    "fetch.connect_timeout=2s",
    "--set",
    "fetch.retries=1",
    "--set",
    "fetch.backoff_base=20ms",
    "--set",
    "follow.min_interval=0s",
    "--set",
    "follow.max_interval=0s",
];

/// One report on the test server.
pub struct Report {
    /// The path under the server, e.g. `/kabarnusa/2023/09/13/putin-kim.html`.
    pub path: &'static str,
    pub outlet: &'static str,
    pub lang: &'static str,
    pub title: &'static str,
    /// RFC 3339, with the outlet's offset.
    pub published: &'static str,
    pub author: &'static str,
    pub caption: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// Kabar Nusa (Indonesian) and World Wire (English) on the summit and
/// what came before and after it.
pub const REPORTS: &[Report] = &[
    Report {
        path: "/kabarnusa/2023/09/05/kim-jong-un-akan-kunjungi-rusia.html",
        outlet: "Kabar Nusa",
        lang: "id",
        title: "Kim Jong Un Dijadwalkan Kunjungi Rusia, Bahas Kerja Sama Militer",
        published: "2023-09-05T09:15:00+07:00",
        author: "Rina Wulandari",
        caption: "Pemimpin Korea Utara Kim Jong Un di Pyongyang.",
        paragraphs: &[
            "Moskow — Pemerintah Rusia mengundang pemimpin Korea Utara Kim Jong Un untuk berkunjung ke Vladivostok pada Selasa (5/9/2023).",
            "Juru bicara Kremlin Dmitry Peskov mengatakan bahwa Presiden Vladimir Putin siap bertemu dengan Kim Jong Un untuk membahas kerja sama militer dan ekonomi.",
            "Amerika Serikat mengecam rencana kerja sama militer antara Rusia dan Korea Utara.",
            "\u{201c}Kami akan terus membangun hubungan bertetangga yang baik dengan Korea Utara,\u{201d} kata Peskov kepada wartawan di Moskow.",
            "Pengamat menilai kunjungan itu akan menjadi pertemuan pertama kedua pemimpin sejak 2019.",
        ],
    },
    Report {
        path: "/kabarnusa/2023/09/13/putin-sambut-kim-jong-un-di-vostochny.html",
        outlet: "Kabar Nusa",
        lang: "id",
        title: "Putin Sambut Kim Jong Un di Kosmodrom Vostochny",
        published: "2023-09-13T16:40:00+07:00",
        author: "Dedi Pratama",
        caption: "Presiden Rusia Vladimir Putin dan Kim Jong Un di Kosmodrom Vostochny.",
        paragraphs: &[
            "Vostochny — Presiden Rusia Vladimir Putin bertemu dengan pemimpin Korea Utara Kim Jong Un di Kosmodrom Vostochny, Rusia, pada Rabu (13/9/2023).",
            "Rusia dan Korea Utara menandatangani perjanjian kerja sama militer dalam pertemuan yang berlangsung lebih dari empat jam itu.",
            "Putin memuji Korea Utara sebagai mitra yang dapat diandalkan dan berjanji membantu Pyongyang membangun satelit.",
            "\u{201c}Rusia akan selalu berdiri bersama Korea Utara dalam perjuangan melawan imperialisme,\u{201d} kata Kim Jong Un kepada Putin.",
            "Korea Selatan mengecam pertemuan tersebut dan meminta Rusia mematuhi sanksi Dewan Keamanan PBB.",
            "Kedua pemimpin kemudian meninjau landasan peluncuran roket di kosmodrom yang terletak di wilayah Amur itu.",
        ],
    },
    Report {
        path: "/worldwire/2023/09/13/putin-hosts-kim-at-russian-spaceport.html",
        outlet: "World Wire",
        lang: "en",
        title: "Putin Hosts Kim Jong Un at Russian Spaceport, Pledges Help With Satellites",
        published: "2023-09-13T11:05:00+00:00",
        author: "James Porter",
        caption: "Russian President Vladimir Putin and North Korean leader Kim Jong Un at the Vostochny Cosmodrome.",
        paragraphs: &[
            "VOSTOCHNY, Russia — Russian President Vladimir Putin met North Korean leader Kim Jong Un at the Vostochny Cosmodrome on Wednesday, September 13, 2023.",
            "Russia and North Korea signed a military cooperation agreement during the talks, which lasted more than four hours.",
            "Putin praised North Korea as a reliable partner and promised to help Pyongyang build satellites.",
            "\u{201c}Russia will always stand with North Korea in the fight against imperialism,\u{201d} Kim told Putin.",
            "South Korea condemned the meeting and urged Russia to respect United Nations sanctions.",
            "The two leaders later toured the rocket launch pads of the spaceport in the Amur region.",
        ],
    },
    Report {
        path: "/worldwire/2023/09/21/north-korea-thanks-russia.html",
        outlet: "World Wire",
        lang: "en",
        title: "North Korea Thanks Russia After Kim Returns From Summit",
        published: "2023-09-21T08:30:00+00:00",
        author: "James Porter",
        caption: "Kim Jong Un's armoured train arrives in Pyongyang.",
        paragraphs: &[
            "SEOUL — North Korea thanked Russia on Thursday, September 21, 2023, for the warm welcome its leader Kim Jong Un received during his visit.",
            "North Korea praised Russia for its support, state media said, and promised to expand trade between the two countries.",
            "Japan condemned the growing military ties between Russia and North Korea.",
            "Analysts said the summit marked a turning point in relations between Moscow and Pyongyang.",
        ],
    },
];

/// The hostile page's path on the test server.
pub const HOSTILE: &str = "/kabarnusa/2023/09/14/awas-xss.html";
/// What the hostile page's title and text carry; it must come back as
/// text, never as markup.
pub const HOSTILE_TITLE: &str =
    "Awas <script>alert('judul')</script> \"><img src=x onerror=alert('judul')> Peretas";
pub const HOSTILE_TEXT_SCRIPT: &str = "<script>window.__pwned=1;alert('teks')</script>";
pub const HOSTILE_TEXT_ATTR: &str = "\" onmouseover=\"window.__pwned=2\" x=\"";
pub const HOSTILE_TEXT_IMG: &str = "<img src=x onerror=\"window.__pwned=3;alert('img')\">";

/// A page that tries every trick: script elements, event handlers,
/// `javascript:` links and images, and markup written as text (which the
/// extractor keeps as text, so it must be escaped when shown).
pub fn hostile_page(base: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        r##"<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title_text} - Kabar Nusa</title>
<meta property="og:title" content="{title_attr}">
<meta property="og:site_name" content="Kabar Nusa">
<meta property="og:image" content="javascript:alert('og')">
<meta property="article:published_time" content="2023-09-14T10:00:00+07:00">
<meta name="author" content="&quot; onmouseover=&quot;alert('author')">
<link rel="canonical" href="{base}{path}">
<script>window.__pwned = 'head'; alert('head');</script>
</head><body onload="alert('body')">
<header><a href="/">Kabar Nusa</a></header>
<main><article>
<h1>{title_text}</h1>
<div class="byline">Tim Redaksi - Kabar Nusa</div>
<time datetime="2023-09-14T10:00:00+07:00">Kamis, 14 Sep 2023 10:00 WIB</time>
<figure><img src="javascript:alert('img-src')" onerror="alert('onerror')"><figcaption>Foto {attr} ilustrasi peretasan (Foto: &lt;script&gt;alert('kredit')&lt;/script&gt;)</figcaption></figure>
<div class="article-body">
<p>Jakarta — Seorang peneliti keamanan menulis kode {script} di kolom komentar sebuah portal berita pada Kamis (14/9/2023) untuk menguji apakah situs itu aman.</p>
<script>alert('body-script')</script>
<p>Peneliti itu juga mencoba menyisipkan atribut {attr} ke dalam judul artikel, serta gambar {img} yang menjalankan skrip ketika gagal dimuat.</p>
<p>Tautan <a href="javascript:alert('link')">klik di sini</a> dan <a href="JaVaScRiPt:window.__pwned=4">tautan lain</a> juga dipasang untuk mengelabui pembaca, kata Menteri Komunikasi dan Informatika Budi Arie Setiadi di Jakarta.</p>
<p onmouseover="alert('p')">Pemerintah Indonesia meminta semua portal berita memeriksa sistem mereka dan melaporkan celah keamanan kepada Badan Siber dan Sandi Negara.</p>
<p>Badan Siber dan Sandi Negara mencatat ratusan serangan terhadap situs pemerintah sepanjang tahun ini, sebagian besar berupa penyisipan skrip.</p>
<iframe src="javascript:alert('iframe')"></iframe>
<svg onload="alert('svg')"><circle r="1"></circle></svg>
</div>
</article></main>
<footer><p>&copy; 2023 Kabar Nusa</p></footer>
</body></html>"##,
        title_text = esc(HOSTILE_TITLE),
        title_attr = esc(HOSTILE_TITLE),
        path = HOSTILE,
        script = esc(HOSTILE_TEXT_SCRIPT),
        attr = esc(HOSTILE_TEXT_ATTR),
        img = esc(HOSTILE_TEXT_IMG),
    )
}

/// A report as an outlet's page: navigation, share buttons, related
/// links and footer around the body.
pub fn report_page(base: &str, r: &Report) -> String {
    let body: String = r
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = format!("<p>{p}</p>\n");
            if i == 2 {
                s.push_str(if r.lang == "id" {
                    "<div class=\"baca-juga\"><strong>Baca Juga:</strong> <a href=\"/x\">Harga beras naik lagi</a></div>\n"
                } else {
                    "<div class=\"related-inline\"><strong>Read more:</strong> <a href=\"/x\">Oil prices climb</a></div>\n"
                });
            }
            s
        })
        .collect();
    let (home, share, footer) = if r.lang == "id" {
        ("Beranda", "Bagikan", "Hak cipta dilindungi.")
    } else {
        ("Home", "Share", "All rights reserved.")
    };
    let slug = r.path.split('/').nth(1).unwrap_or("");
    let related: String = REPORTS
        .iter()
        .filter(|o| o.path != r.path && o.lang == r.lang)
        .map(|o| format!("<li><a href=\"{base}{}\">{}</a></li>", o.path, o.title))
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} - {outlet}</title>
<link rel="canonical" href="{base}{path}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:image" content="{base}/img/{slug}-{n}.jpg">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<style>body{{font-family:sans-serif}}</style>
<script>window.dataLayer=window.dataLayer||[];</script>
</head><body>
<header><div class="logo"><a href="/{slug}/">{outlet}</a></div>
<nav><ul><li><a href="/{slug}/world">World</a></li><li><a href="/{slug}/politics">Politics</a></li><li><a href="/{slug}/business">Business</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/{slug}/">{home}</a> › <a href="/{slug}/world">World</a></div>
<main><article>
<h1>{title}</h1>
<div class="byline">{author} - {outlet}</div>
<time datetime="{published}">{published}</time>
<figure><img src="/img/{slug}-{n}.jpg"><figcaption>{caption}</figcaption></figure>
<div class="article-body">
{body}</div>
<div class="share">{share}: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
</article>
<aside><h3>Related</h3><ul>{related}</ul></aside>
</main>
<footer><p>&copy; 2023 {outlet}. {footer}</p></footer>
</body></html>"##,
        lang = r.lang,
        title = r.title,
        outlet = r.outlet,
        path = r.path,
        published = r.published,
        author = r.author,
        caption = r.caption,
        n = r.path.len(),
    )
}

/// An RSS 2.0 feed of `items` (path, title, published RFC 2822).
fn rss(base: &str, title: &str, lang: &str, items: &[(String, String, String)]) -> String {
    let items: String = items
        .iter()
        .map(|(path, t, date)| {
            format!(
                "<item><title>{}</title><link>{base}{path}</link><guid isPermaLink=\"true\">{base}{path}</guid><pubDate>{date}</pubDate></item>\n",
                t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>{base}/</link>\
         <description>{title}</description><language>{lang}</language>\n{items}</channel></rss>\n"
    )
}

/// "2023-09-13T16:40:00+07:00" as "13 Sep 2023 16:40:00 +0700" (RFC 2822
/// lets the weekday out).
fn rfc2822(t: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = (&t[0..4], &t[5..7], &t[8..10]);
    let month = MONTHS[m.parse::<usize>().unwrap() - 1];
    let offset = t[19..].replace(':', "");
    format!("{d} {month} {y} {} {offset}", &t[11..19])
}

/// The feeds the store is filled from.
pub const FEEDS: &[&str] = &[
    "/kabarnusa/rss.xml",
    "/worldwire/rss.xml",
    "/berita/rss.xml",
];
/// A feed that no command adds: the browser test adds it through the form.
pub const FORM_FEED: &str = "/dunia/rss.xml";
/// How many generic Indonesian pages (`news::page`) `/berita/rss.xml` lists.
pub const FILLER: usize = 6;

/// The news sites: `/kabarnusa/` and `/worldwire/` with their feeds,
/// `/berita/` (generic Indonesian news), `/dunia/` (a feed for the form),
/// the hostile page, and images.
pub fn news_sites() -> Server {
    let base = Arc::new(OnceLock::<String>::new());
    let base2 = base.clone();
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        let path = req.path.split('?').next().unwrap_or("");
        let html = |s: String| Response::ok("text/html; charset=utf-8", s);
        let xml = |s: String| Response::ok("application/rss+xml", s);
        match path {
            "/kabarnusa/rss.xml" | "/worldwire/rss.xml" => {
                let outlet = if path.starts_with("/kabarnusa") {
                    "kabarnusa"
                } else {
                    "worldwire"
                };
                let mut items: Vec<(String, String, String)> = REPORTS
                    .iter()
                    .filter(|r| r.path.starts_with(&format!("/{outlet}/")))
                    .map(|r| {
                        (
                            r.path.to_string(),
                            r.title.to_string(),
                            rfc2822(r.published),
                        )
                    })
                    .collect();
                if outlet == "kabarnusa" {
                    items.push((
                        HOSTILE.to_string(),
                        HOSTILE_TITLE.to_string(),
                        rfc2822("2023-09-14T10:00:00+07:00"),
                    ));
                }
                let (title, lang) = if outlet == "kabarnusa" {
                    ("Kabar Nusa", "id")
                } else {
                    ("World Wire", "en")
                };
                return xml(rss(base, title, lang, &items));
            }
            "/berita/rss.xml" => return xml(news::feed(base, 1, FILLER)),
            "/dunia/rss.xml" => {
                let items = vec![(
                    "/dunia/2023/09/22/jepang.html".to_string(),
                    "Jepang Kecam Kerja Sama Militer Rusia dan Korea Utara".to_string(),
                    rfc2822("2023-09-22T07:00:00+07:00"),
                )];
                return xml(rss(base, "Kabar Dunia", "id", &items));
            }
            HOSTILE => return html(hostile_page(base)),
            _ => {}
        }
        if let Some(r) = REPORTS.iter().find(|r| r.path == path) {
            return html(report_page(base, r));
        }
        if let Some(n) = path
            .strip_prefix("/berita/")
            .and_then(|p| p.strip_suffix(".html"))
            .and_then(|n| n.parse::<usize>().ok())
        {
            return html(news::page(base, n));
        }
        if path.starts_with("/img/") {
            // A 1×1 grey GIF.
            return Response::ok(
                "image/gif",
                &b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xaa\xaa\xaa\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"[..],
            );
        }
        Response::status(404)
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();
    server
}

/// Runs warta on `dir` with the local settings; the run must succeed.
pub fn warta_ok(dir: &Path, args: &[&str]) -> String {
    ok(warta()
        .arg("--data-dir")
        .arg(dir)
        .args(LOCAL)
        .args(args)
        .output()
        .unwrap())
}

/// A data folder filled from `sites` by the binary: the feeds added as
/// sources, one pass of `warta run`, then `warta reindex`.
pub fn filled_store(name: &str, sites: &Server) -> DataDir {
    let dir = DataDir::new(name);
    for feed in FEEDS {
        warta_ok(&dir.0, &["source", "add", &sites.url(feed)]);
    }
    warta_ok(&dir.0, &["run", "--once", "--no-serve"]);
    warta_ok(&dir.0, &["reindex"]);
    dir
}

/// `warta serve` on a free port of 127.0.0.1; killed when dropped.
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// What the server wrote on stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `warta serve` on `dir` with the token in
    /// `WARTA_SERVER_TOKEN` and `extra` flags before the command.
    pub fn start(dir: &Path, token: Option<&str>, extra: &[&str]) -> Serve {
        let mut cmd: Command = warta();
        cmd.arg("--data-dir")
            .arg(dir)
            .args(LOCAL)
            .args(extra)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env_remove("WARTA_SERVER_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(t) = token {
            cmd.env("WARTA_SERVER_TOKEN", t);
        }
        let mut child = cmd.spawn().expect("warta serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        {
            let pipe = child.stderr.take().unwrap();
            let stderr = stderr.clone();
            // Drains stderr for the server's whole life, so that it never
            // blocks on a full pipe.
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    if let Some(addr) = line.split("listening on ").nth(1) {
                        let _ = tx.send(addr.trim().to_string());
                    }
                    let mut s = stderr.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }
        let started = Instant::now();
        let base = loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(addr) => break addr,
                Err(_) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!(
                            "warta serve exited ({status}) before listening:\n{}",
                            stderr.lock().unwrap()
                        );
                    }
                    assert!(
                        started.elapsed() < Duration::from_secs(60),
                        "warta serve did not say where it listens:\n{}",
                        stderr.lock().unwrap()
                    );
                }
            }
        };
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Serve {
            child,
            base,
            stderr,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
