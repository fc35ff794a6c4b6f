//! Latency from an entry appearing in a feed on 127.0.0.1 to its message
//! reaching a fake Telegram Bot API, with a 1 s poll interval.
//!
//! ```sh
//! cargo bench -p warta --bench alert_latency
//! ```
//!
//! The daemon (`warta run`) follows one feed polled every second and has
//! one rule sending every story to `telegram:@warta_latency`. Each round
//! adds an entry about a different event to the feed (so that it starts a
//! new story) and measures, at the fake, the time from the feed change to
//! the `sendMessage` request.

#[path = "../tests/common/news.rs"]
mod news;
#[path = "../tests/common/server.rs"]
mod server;

use server::{Request, Response, Server};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Five different events, written for this bench: (title, body).
const EVENTS: &[(&str, &str)] = &[
    ("Gempa magnitudo 6,2 guncang Palu", "Gempa bumi bermagnitudo 6,2 mengguncang Kota Palu, Sulawesi Tengah, pada Rabu dini hari. Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) menyatakan gempa tidak berpotensi tsunami. Ratusan warga mengungsi ke dataran tinggi."),
    ("Banjir rendam 3.000 rumah di Demak", "Banjir akibat tanggul Sungai Wulan jebol merendam sekitar 3.000 rumah di Kabupaten Demak, Jawa Tengah. Badan Nasional Penanggulangan Bencana (BNPB) mengirim perahu karet dan logistik untuk para pengungsi."),
    ("Timnas U-23 kalahkan Vietnam 2-0", "Tim nasional Indonesia U-23 mengalahkan Vietnam dengan skor 2-0 di Stadion Gelora Bung Karno, Jakarta. Dua gol dicetak pada babak kedua dan memastikan Indonesia lolos ke semifinal Piala AFF."),
    ("Bank Indonesia tahan suku bunga 6 persen", "Rapat Dewan Gubernur Bank Indonesia memutuskan menahan suku bunga acuan di level 6 persen. Gubernur Bank Indonesia Perry Warjiyo menyebut keputusan itu untuk menjaga stabilitas nilai tukar rupiah."),
    ("Kebakaran hutan meluas di Kalimantan Barat", "Kebakaran hutan dan lahan meluas hingga 1.200 hektare di Kabupaten Ketapang, Kalimantan Barat. Kementerian Lingkungan Hidup dan Kehutanan mengerahkan helikopter water bombing untuk memadamkan api."),
];

fn page(title: &str, body: &str) -> String {
    format!(
        "<html><head><title>{title} - Kabar Nusa</title><meta property=\"article:published_time\" content=\"2024-03-06T08:00:00+07:00\"></head>\
         <body><nav><a href=\"/\">Beranda</a></nav><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let shown = Arc::new(Mutex::new(0usize));
    let arrivals: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let (shown2, arrivals2, base2) = (shown.clone(), arrivals.clone(), base.clone());
    let server = Server::start(move |req: &Request| {
        let base = base2.get().unwrap();
        if req.path.starts_with("/bot") {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let text = body["text"]
                .as_str()
                .or(body["caption"].as_str())
                .unwrap_or("")
                .to_string();
            arrivals2.lock().unwrap().push((Instant::now(), text));
            return Response::ok(
                "application/json",
                r#"{"ok":true,"result":{"message_id":1,"chat":{"id":-1}}}"#,
            );
        }
        if req.path == "/rss.xml" {
            let n = *shown2.lock().unwrap();
            let items: String = EVENTS[..n]
                .iter()
                .enumerate()
                .map(|(i, (title, _))| format!("<item><title>{title}</title><link>{base}/e/{i}.html</link><guid>e{i}</guid></item>"))
                .collect();
            return Response::ok("application/rss+xml", format!("<rss version=\"2.0\"><channel><title>Kabar Nusa</title>{items}</channel></rss>"));
        }
        match req
            .path
            .strip_prefix("/e/")
            .and_then(|p| p.strip_suffix(".html"))
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(i) if i < EVENTS.len() => {
                Response::ok("text/html", page(EVENTS[i].0, EVENTS[i].1))
            }
            _ => Response::status(404),
        }
    });
    base.set(format!("http://127.0.0.1:{}", server.port))
        .unwrap();

    let dir = std::env::temp_dir().join(format!("warta-bench-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("warta.toml"),
        "[fetch]\nallow_private = true\nhost_delay = 0\n[follow]\nmin_interval = \"1s\"\nmax_interval = \"1s\"\n",
    )
    .unwrap();
    let warta = env!("CARGO_BIN_EXE_warta");
    let cmd = |args: &[&str]| {
        let out = std::process::Command::new(warta)
            .arg("--data-dir")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    cmd(&["source", "add", "--no-discover", &server.url("/rss.xml")]);
    cmd(&["rule", "add", "semua", "--to", "telegram:@warta_latency"]);
    let mut daemon = std::process::Command::new(warta)
        .arg("--data-dir")
        .arg(&dir)
        .env("WARTA_TELEGRAM_TOKEN", "123:bench")
        .env("WARTA_TELEGRAM_API_URL", server.url(""))
        .arg("run")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let mut latencies = Vec::new();
    for (i, (title, _)) in EVENTS.iter().enumerate() {
        let before = arrivals.lock().unwrap().len();
        let added = Instant::now();
        *shown.lock().unwrap() = i + 1;
        let deadline = added + Duration::from_secs(30);
        let arrived = loop {
            if let Some((at, _)) = arrivals.lock().unwrap()[before..]
                .iter()
                .find(|(_, t)| t.contains(title))
            {
                break Some(*at);
            }
            if Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match arrived {
            Some(at) => latencies.push(at - added),
            None => println!("{title:?}: no message within 30 s"),
        }
        // Let the poll interval settle before the next event.
        std::thread::sleep(Duration::from_millis(1500));
    }
    daemon.kill().unwrap();
    let _ = daemon.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let mut sorted = latencies.clone();
    sorted.sort();
    let ms: Vec<String> = latencies
        .iter()
        .map(|d| format!("{}", d.as_millis()))
        .collect();
    println!(
        "feed entry -> Telegram message, 1 s polls: {} of {} events, latencies {} ms; median {} ms, max {} ms",
        latencies.len(),
        EVENTS.len(),
        ms.join(", "),
        sorted.get(sorted.len() / 2).map_or(0, |d| d.as_millis()),
        sorted.last().map_or(0, |d| d.as_millis())
    );
}
