//! Fills a SQLite store with generated news for the server's load bench:
//! `cargo run --release -p warta-web --example seed_store -- DIR 100000`
//! writes `DIR/warta.db` with that many articles, four reports a story,
//! their events spread over a year. Then `warta --data-dir DIR reindex`
//! builds the search index and `warta serve` serves it.
//!
//! A few hundred distinct articles are analysed for real and stored through
//! the store (at most `REAL`, default 25,000, a quarter of the year); the
//! rest are copies made in SQL, each quarter shifted by 91 days, with their
//! own ids, URLs and stories: what the store and the pages see of a busy
//! year, made in minutes instead of hours.

use std::path::PathBuf;
use warta_analyze::{analyze, AnalyzeOptions};
use warta_model::{Article, Block, BlockKind, Image};
use warta_store::{NewArticle, SqliteStore, Store, StoryPlacement};

const PAIRS_ID: &[(&str, &str)] = &[
    ("Rusia", "Korea Utara"),
    ("Indonesia", "Jepang"),
    ("Amerika Serikat", "China"),
    ("Indonesia", "Malaysia"),
    ("Australia", "Indonesia"),
    ("India", "Pakistan"),
    ("Israel", "Iran"),
    ("Ukraina", "Rusia"),
];
const PAIRS_EN: &[(&str, &str)] = &[
    ("Russia", "North Korea"),
    ("Indonesia", "Japan"),
    ("The United States", "China"),
    ("Indonesia", "Malaysia"),
    ("Australia", "Indonesia"),
    ("India", "Pakistan"),
    ("Israel", "Iran"),
    ("Ukraine", "Russia"),
];
const VERBS_ID: &[&str] = &[
    "menandatangani perjanjian kerja sama militer dengan",
    "mengecam keras",
    "bertemu dengan",
    "mengirim bantuan kemanusiaan ke",
    "mengancam akan menjatuhkan sanksi kepada",
    "memuji langkah",
];
const VERBS_EN: &[&str] = &[
    "signed a military cooperation agreement with",
    "strongly criticised",
    "met",
    "sent humanitarian aid to",
    "threatened sanctions against",
    "praised",
];
const OUTLETS: &[&str] = &[
    "KabarNusa",
    "Warta Harian",
    "Suara Kita",
    "Jurnal Pagi",
    "World Wire",
    "Daily Ledger",
    "Asia Monitor",
    "Global Desk",
];

fn template(i: usize) -> Article {
    let english = i % 2 == 1;
    let pair = (i / 2) % PAIRS_ID.len();
    let verb = (i / 16) % VERBS_ID.len();
    let (a, b, v) = if english {
        (PAIRS_EN[pair].0, PAIRS_EN[pair].1, VERBS_EN[verb])
    } else {
        (PAIRS_ID[pair].0, PAIRS_ID[pair].1, VERBS_ID[verb])
    };
    let n = i / 96;
    let (title, body) = if english {
        (
            format!("{a} {v} {b} in talks number {n}"),
            vec![
                format!("{a} {v} {b} on Tuesday, officials said, in the {n}th round of talks between the two governments."),
                format!("The foreign minister of {a} said the agreement would cover trade, shipping and the coast guard, and that {b} had agreed to send a delegation next month."),
                format!("Analysts said the move showed how relations between {a} and {b} have changed this year, as markets watched the prices of rice, oil and steel."),
                "Both sides are expected to meet again before the end of the year to review progress.".to_string(),
            ],
        )
    } else {
        (
            format!("{a} {v} {b} dalam perundingan ke-{n}"),
            vec![
                format!("{a} {v} {b} pada Selasa, kata para pejabat, dalam perundingan ke-{n} antara kedua pemerintah."),
                format!("Menteri Luar Negeri {a} mengatakan kesepakatan itu mencakup perdagangan, pelayaran dan penjaga pantai, dan {b} setuju mengirim delegasi bulan depan."),
                format!("Para pengamat menilai langkah itu menunjukkan perubahan hubungan {a} dan {b} tahun ini, sementara pasar mencermati harga beras, minyak dan baja."),
                "Kedua pihak dijadwalkan bertemu lagi sebelum akhir tahun untuk meninjau kemajuan.".to_string(),
            ],
        )
    };
    Article {
        title: Some(title),
        lang: Some(if english { "en" } else { "id" }.into()),
        blocks: body
            .into_iter()
            .map(|t| Block::new(BlockKind::Paragraph, t))
            .collect(),
        images: vec![Image {
            src: Some(format!("https://img.example/{i}.jpg")),
            caption: Some(format!("{a} dan {b}.")),
            credit: Some("Foto: Warta".into()),
        }],
        ..Article::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: seed_store DIR [COUNT]")?);
    let count: usize = args.next().map_or(Ok(100_000), |c| c.parse())?;
    let real: usize = std::env::var("REAL").map_or(Ok(25_000), |c| c.parse())?;
    let copies = count.div_ceil(real.max(1)).max(1);
    let real = count.div_ceil(copies);
    std::fs::create_dir_all(&dir)?;
    let store = SqliteStore::open(&dir.join("warta.db"))?;
    let templates: Vec<_> = (0..384)
        .map(|i| analyze(template(i), &AnalyzeOptions::default()))
        .collect();
    let start_day = chrono::NaiveDate::from_ymd_opt(2023, 1, 2).ok_or("date")?;
    let started = std::time::Instant::now();
    // A seeding that was stopped goes on where it stopped.
    let have = store.counts()?.articles as usize;
    if have >= real * copies {
        eprintln!("{} holds {have} articles already", dir.display());
        return Ok(());
    }
    for i in have..real {
        // Four reports a story, in both languages, from different outlets.
        let story = (i / 4) as i64 + 1;
        let mut analysis = templates[(story as usize * 2 + i % 2) % templates.len()].clone();
        let day = start_day
            + chrono::Duration::days(((i / 4) * 365 / (real * copies).div_ceil(4)) as i64);
        let outlet = OUTLETS[(i % 4) + 4 * (i % 2)];
        analysis.article.url = Some(format!(
            "https://{}.example/{day}/{i}",
            outlet.to_lowercase().replace(' ', "")
        ));
        analysis.article.site = Some(outlet.to_string());
        analysis.article.published = Some(format!("{day}T08:00:00+07:00"));
        for e in &mut analysis.events {
            e.date = Some(day.to_string());
        }
        let fetched = day
            .and_hms_opt(9, 0, 0)
            .ok_or("time")?
            .and_utc()
            .timestamp()
            + i as i64;
        let id = store.save_article(
            &NewArticle {
                url: analysis.article.url.clone().unwrap_or_default(),
                canonical_url: None,
                guid: None,
                source_id: None,
                fetched,
                raw: None,
                fetch_error: None,
                analysis: &analysis,
            },
            None,
        )?;
        store.place_in_story(
            id,
            &StoryPlacement {
                story,
                title: analysis.article.title.clone(),
                seen: fetched,
                duplicate_of: None,
                merged: Vec::new(),
            },
            None,
        )?;
        if (i + 1) % 10_000 == 0 {
            eprintln!(
                "{} articles in {:.0} s",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    drop(store);
    eprintln!("{real} articles stored; copying them {} times", copies - 1);
    copy_in_sql(&dir.join("warta.db"), copies)?;
    eprintln!("stored {} articles in {}", real * copies, dir.display());
    Ok(())
}

/// Makes `copies - 1` shifted copies of everything stored, in SQL.
fn copy_in_sql(db: &std::path::Path, copies: usize) -> rusqlite::Result<()> {
    let mut conn = rusqlite::Connection::open(db)?;
    let columns = |conn: &rusqlite::Connection, table: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
        names.collect()
    };
    let tx = conn.transaction()?;
    let max_article: i64 = tx.query_row("SELECT MAX(id) FROM articles", [], |r| r.get(0))?;
    let max_story: i64 = tx.query_row("SELECT MAX(id) FROM stories", [], |r| r.get(0))?;
    for k in 1..copies as i64 {
        let (days, secs) = (91 * k, 91 * 86_400 * k);
        let (a_off, s_off) = (max_article * k, max_story * k);
        let copy = |table: &str,
                    map: &dyn Fn(&str) -> Option<String>,
                    skip: &[&str]|
         -> rusqlite::Result<()> {
            let cols: Vec<String> = columns(&tx, table)?
                .into_iter()
                .filter(|c| !skip.contains(&c.as_str()))
                .collect();
            let exprs: Vec<String> = cols
                .iter()
                .map(|c| map(c).unwrap_or_else(|| c.clone()))
                .collect();
            tx.execute(
                &format!(
                    "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {}",
                    cols.join(", "),
                    exprs.join(", "),
                    if table == "stories" {
                        format!("id <= {max_story}")
                    } else if table == "articles" {
                        format!("id <= {max_article}")
                    } else {
                        format!("article_id <= {max_article}")
                    }
                ),
                [],
            )?;
            Ok(())
        };
        copy(
            "stories",
            &|c| match c {
                "id" => Some(format!("id + {s_off}")),
                "first_seen" | "last_seen" => Some(format!("{c} + {secs}")),
                _ => None,
            },
            &[],
        )?;
        copy(
            "articles",
            &|c| match c {
                "id" => Some(format!("id + {a_off}")),
                "url" => Some(format!("url || '#{k}'")),
                "story_id" => Some(format!("story_id + {s_off}")),
                "fetched" | "first_seen" | "published_at" => Some(format!("{c} + {secs}")),
                "published" => Some(format!(
                    "date(substr(published, 1, 10), '+{days} days') || substr(published, 11)"
                )),
                "duplicate_of" => Some("NULL".into()),
                _ => None,
            },
            &[],
        )?;
        for table in ["blocks", "images", "entities", "quotes"] {
            copy(
                table,
                &|c| (c == "article_id").then(|| format!("article_id + {a_off}")),
                &[],
            )?;
        }
        copy(
            "events",
            &|c| match c {
                "article_id" => Some(format!("article_id + {a_off}")),
                "fetched" => Some(format!("fetched + {secs}")),
                "date" => Some(format!("date(date, '+{days} days')")),
                "url" => Some(format!("url || '#{k}'")),
                _ => None,
            },
            &["id"],
        )?;
    }
    tx.commit()
}
