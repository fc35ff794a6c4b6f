//! The interface's two languages. The browser's `Accept-Language` picks
//! one; the switch in the header (`?ui=id` / `?ui=en`) overrides it and is
//! remembered in a cookie.

use axum::http::{header, HeaderMap};

pub const COOKIE: &str = "warta_ui";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    En,
    Id,
}

/// English text and its Indonesian. Pages write the English; `t` looks
/// the Indonesian up.
const INDONESIAN: &[(&str, &str)] = &[
    ("Stories", "Berita"),
    ("Search", "Cari"),
    ("Sources", "Sumber"),
    ("Rules", "Aturan"),
    ("Actors", "Aktor"),
    ("Log in", "Masuk"),
    ("Log out", "Keluar"),
    ("Token", "Token"),
    ("reports", "laporan"),
    ("report", "laporan"),
    ("events", "peristiwa"),
    ("Events", "Peristiwa"),
    ("Reports", "Laporan"),
    ("No stories yet.", "Belum ada berita."),
    ("Older stories", "Berita sebelumnya"),
    ("Newer stories", "Berita terbaru"),
    ("First seen", "Pertama terlihat"),
    ("Last seen", "Terakhir terlihat"),
    ("Published", "Terbit"),
    ("Original", "Sumber asli"),
    ("Story", "Berita"),
    ("Article", "Artikel"),
    ("Quotes", "Kutipan"),
    ("said", "kata"),
    ("Entities", "Entitas"),
    ("Images", "Gambar"),
    (
        "No events found in this story.",
        "Tidak ada peristiwa dalam berita ini.",
    ),
    (
        "No events in this article.",
        "Tidak ada peristiwa dalam artikel ini.",
    ),
    ("Language", "Bahasa"),
    ("Outlet", "Media"),
    ("Actor", "Aktor"),
    ("Event type", "Jenis peristiwa"),
    ("any", "semua"),
    ("From", "Dari"),
    ("To", "Sampai"),
    ("No articles found.", "Tidak ada artikel yang ditemukan."),
    ("More results", "Hasil berikutnya"),
    ("Relation", "Hubungan"),
    ("Weekly Goldstein sum", "Jumlah Goldstein mingguan"),
    ("Verbal cooperation", "Kerja sama verbal"),
    ("Material cooperation", "Kerja sama material"),
    ("Verbal conflict", "Konflik verbal"),
    ("Material conflict", "Konflik material"),
    (
        "No events between these actors yet.",
        "Belum ada peristiwa antara aktor-aktor ini.",
    ),
    (
        "No events of this actor yet.",
        "Belum ada peristiwa aktor ini.",
    ),
    ("Counterparts", "Mitra"),
    ("Compare with", "Bandingkan dengan"),
    ("Show", "Tampilkan"),
    ("Add a source", "Tambah sumber"),
    ("Feed or site URL", "URL feed atau situs"),
    ("Title (optional)", "Judul (opsional)"),
    ("Add", "Tambah"),
    ("Pause", "Jeda"),
    ("Resume", "Lanjutkan"),
    ("Remove", "Hapus"),
    ("State", "Status"),
    ("Last poll", "Terakhir diambil"),
    ("Last error", "Galat terakhir"),
    ("Errors", "Galat"),
    ("never", "belum pernah"),
    ("Add a rule", "Tambah aturan"),
    ("Name", "Nama"),
    ("Words", "Kata"),
    ("Deliver to", "Kirim ke"),
    ("Last deliveries", "Pengiriman terakhir"),
    ("paused", "dijeda"),
    ("active", "aktif"),
    (
        "This page needs the server token.",
        "Halaman ini memerlukan token server.",
    ),
    ("Not found", "Tidak ditemukan"),
    ("There is no such page.", "Halaman itu tidak ada."),
    ("Something went wrong", "Terjadi kesalahan"),
    ("Done.", "Selesai."),
    (
        "The search index is not built yet.",
        "Indeks pencarian belum dibuat.",
    ),
    ("in", "dalam"),
    ("week of", "minggu"),
    ("Top actors", "Aktor utama"),
    ("languages", "bahasa"),
    ("No sources yet.", "Belum ada sumber."),
    ("No rules yet.", "Belum ada aturan."),
    ("Goldstein at most", "Goldstein paling tinggi"),
];

impl Ui {
    /// From the `?ui=` switch, the cookie, then `Accept-Language` (its
    /// first language that is Indonesian or English), else English.
    pub fn choose(switch: Option<&str>, headers: &HeaderMap) -> Ui {
        if let Some(ui) = switch.and_then(Ui::parse) {
            return ui;
        }
        if let Some(ui) = crate::auth::cookie(headers, COOKIE).and_then(|c| Ui::parse(&c)) {
            return ui;
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut ranked: Vec<(f32, usize, Ui)> = Vec::new();
        for (pos, part) in accept.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let ui = match primary {
                "id" | "in" | "ms" => Ui::Id,
                "en" => Ui::En,
                _ => continue,
            };
            if q > 0.0 {
                ranked.push((q, pos, ui));
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map_or(Ui::En, |r| r.2)
    }

    pub fn parse(s: &str) -> Option<Ui> {
        match s.trim() {
            "id" => Some(Ui::Id),
            "en" => Some(Ui::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Ui::En => "en",
            Ui::Id => "id",
        }
    }

    pub fn other(self) -> Ui {
        match self {
            Ui::En => Ui::Id,
            Ui::Id => Ui::En,
        }
    }

    /// The text in this language.
    pub fn t(self, english: &'static str) -> &'static str {
        match self {
            Ui::En => english,
            Ui::Id => INDONESIAN
                .iter()
                .find(|(en, _)| *en == english)
                .map_or(english, |(_, id)| id),
        }
    }

    /// A quad class's name.
    pub fn quad(self, quad: u8) -> &'static str {
        self.t(match quad {
            1 => "Verbal cooperation",
            2 => "Material cooperation",
            3 => "Verbal conflict",
            _ => "Material conflict",
        })
    }

    /// Unix seconds as a date and time for people (UTC).
    pub fn when(self, secs: i64) -> String {
        let Some(t) = chrono::DateTime::from_timestamp(secs, 0) else {
            return String::new();
        };
        match self {
            Ui::En => t.format("%-d %b %Y, %H:%M UTC").to_string(),
            Ui::Id => {
                let month = [
                    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                    "Des",
                ][t.format("%m").to_string().parse::<usize>().unwrap_or(1) - 1];
                format!("{} {month} {}", t.format("%-d"), t.format("%Y, %H.%M UTC"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(v));
        h
    }

    #[test]
    fn the_browser_language_chooses() {
        assert_eq!(Ui::choose(None, &HeaderMap::new()), Ui::En);
        assert_eq!(Ui::choose(None, &accept("id-ID,id;q=0.9,en;q=0.8")), Ui::Id);
        assert_eq!(Ui::choose(None, &accept("en-US,en;q=0.9,id;q=0.8")), Ui::En);
        assert_eq!(
            Ui::choose(None, &accept("fr-FR, en;q=0.5, id;q=0.7")),
            Ui::Id
        );
        assert_eq!(Ui::choose(None, &accept("de")), Ui::En);
        assert_eq!(Ui::choose(Some("en"), &accept("id")), Ui::En);
        let mut h = accept("en");
        h.insert(header::COOKIE, HeaderValue::from_static("warta_ui=id"));
        assert_eq!(Ui::choose(None, &h), Ui::Id);
    }

    #[test]
    fn every_text_has_one_translation() {
        for (i, (en, id)) in INDONESIAN.iter().enumerate() {
            assert!(!id.is_empty());
            assert!(INDONESIAN[..i].iter().all(|(e, _)| e != en), "{en:?} twice");
        }
        assert_eq!(Ui::Id.t("Stories"), "Berita");
        assert_eq!(Ui::Id.when(1_694_563_200), "13 Sep 2023, 00.00 UTC");
        assert_eq!(Ui::En.when(1_694_563_200), "13 Sep 2023, 00:00 UTC");
    }
}
