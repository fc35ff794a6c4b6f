//! The index at scale, run by hand (not in CI):
//!
//! ```sh
//! WARTA_SEARCH_BENCH_DOCS=1000000 cargo bench -p warta-search --bench search
//! ```
//!
//! Builds an index of generated news articles, then runs 100 queries
//! (single words, phrases, boolean, filtered) and prints the build time,
//! the index size and the query latency (p50, p99, max).
//!
//! - `WARTA_SEARCH_BENCH_DOCS`: how many articles (default 100,000).
//! - `WARTA_SEARCH_BENCH_DIR`: where the index goes (default: a temporary
//!   folder, removed afterwards). An index already there with that many
//!   articles is reused, to measure queries again without rebuilding.
//! - `WARTA_SEARCH_BENCH_VERBOSE`: print every query's time, slowest first.
//! - `WARTA_SEARCH_BENCH_WARM`: warm the index as `warta serve` does at
//!   its start (read its files into the page cache) before the first pass.
//!   To see the difference, drop the page cache before a run on a reused
//!   index (`sync; echo 3 > /proc/sys/vm/drop_caches` as root) with and
//!   without it.
//! - `WARTA_SEARCH_BENCH_POSTGRES`: a PostgreSQL URL: measure the
//!   PostgreSQL index (table `warta_search_docs` there) instead of tantivy,
//!   on the same articles and queries.
//!
//! The generator is meant to look like news to the index: words drawn from
//! a Zipf distribution (s = 1) over a 60,000-word vocabulary per language,
//! Indonesian-like (real function words, then syllable-built roots, many
//! with affixes the stemmer strips) and English-like; 300 to 1,000 words an
//! article in sentences and paragraphs; 60% Indonesian, 40% English; CAMEO
//! actors, event codes, outlets and dates spread over three years.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use std::path::Path;
use std::time::Instant;
use warta_search::{IndexDoc, IndexLocation, Query, TextIndex};

/// SplitMix64: small, fast and reproducible; statistical quality is ample
/// for picking words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

const VOCAB: usize = 60_000;

const ID_FUNCTION: &[&str] = &[
    "yang",
    "dan",
    "di",
    "ke",
    "dari",
    "ini",
    "itu",
    "dengan",
    "untuk",
    "dalam",
    "tidak",
    "pada",
    "akan",
    "juga",
    "oleh",
    "karena",
    "ada",
    "sudah",
    "bisa",
    "telah",
    "kata",
    "tersebut",
    "saat",
    "lebih",
    "mereka",
    "kami",
    "kita",
    "atau",
    "bahwa",
    "tahun",
    "hari",
    "para",
    "seperti",
    "masih",
    "harus",
    "dapat",
    "hingga",
    "secara",
    "menurut",
    "namun",
    "setelah",
    "antara",
    "bagi",
    "baru",
    "pemerintah",
    "presiden",
    "menteri",
    "negara",
    "indonesia",
    "jakarta",
    "kerja",
    "sama",
    "militer",
    "ekonomi",
    "harga",
    "rakyat",
    "polisi",
    "warga",
    "kota",
    "daerah",
    "dua",
    "satu",
    "tiga",
    "juta",
    "miliar",
    "persen",
    "rupiah",
    "orang",
    "sejumlah",
    "mengatakan",
    "menjadi",
    "melakukan",
    "memberikan",
    "dilakukan",
    "pembangunan",
    "keamanan",
    "perjanjian",
    "bersama",
];
const EN_FUNCTION: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "on",
    "for",
    "that",
    "is",
    "with",
    "was",
    "by",
    "at",
    "as",
    "it",
    "from",
    "has",
    "he",
    "his",
    "have",
    "be",
    "are",
    "its",
    "an",
    "not",
    "but",
    "were",
    "they",
    "will",
    "who",
    "had",
    "been",
    "after",
    "also",
    "year",
    "would",
    "which",
    "their",
    "more",
    "two",
    "new",
    "government",
    "president",
    "minister",
    "police",
    "people",
    "military",
    "cooperation",
    "country",
    "percent",
    "million",
    "billion",
    "officials",
    "told",
    "security",
    "agreement",
    "prices",
    "week",
    "state",
    "city",
    "talks",
    "according",
    "over",
];

/// Indonesian-like forms: CV(C) syllables, and affixed forms of a share of
/// the roots (the stemmer's work in real text).
fn indonesian_vocab(rng: &mut Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "y", "ng", "ny",
        "",
    ];
    const VOWELS: &[&str] = &["a", "a", "i", "u", "e", "o"];
    const CODAS: &[&str] = &["", "", "", "n", "ng", "k", "r", "t", "s", "h", "l", "m"];
    const PREFIXES: &[&str] = &[
        "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "pen", "ke", "se",
    ];
    const SUFFIXES: &[&str] = &["kan", "an", "i", "nya", "lah"];
    let mut words: Vec<String> = ID_FUNCTION.iter().map(|s| s.to_string()).collect();
    let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
    while words.len() < VOCAB {
        let syllables = 2 + rng.below(2);
        let mut w = String::new();
        for i in 0..syllables {
            w.push_str(rng.pick(ONSETS));
            w.push_str(rng.pick(VOWELS));
            if i + 1 == syllables || rng.below(4) == 0 {
                w.push_str(rng.pick(CODAS));
            }
        }
        match rng.below(10) {
            0..=2 => w = format!("{}{w}", rng.pick(PREFIXES)),
            3..=4 => w.push_str(rng.pick(SUFFIXES)),
            5 => w = format!("{}{w}{}", rng.pick(PREFIXES), rng.pick(SUFFIXES)),
            _ => {}
        }
        if w.len() >= 3 && seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// English-like forms: clustered syllables and inflections.
fn english_vocab(rng: &mut Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w", "br", "cr", "st",
        "tr", "pl", "sh", "ch", "th", "gr", "sp", "",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ea", "ou", "ai", "ee"];
    const CODAS: &[&str] = &[
        "", "n", "r", "t", "st", "nd", "ck", "ll", "ss", "m", "rt", "nt",
    ];
    const SUFFIXES: &[&str] = &["s", "ed", "ing", "er", "tion", "ly", "ment", "ness"];
    let mut words: Vec<String> = EN_FUNCTION.iter().map(|s| s.to_string()).collect();
    let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
    while words.len() < VOCAB {
        let syllables = 1 + rng.below(3);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(rng.pick(ONSETS));
            w.push_str(rng.pick(VOWELS));
            w.push_str(rng.pick(CODAS));
        }
        if rng.below(3) == 0 {
            w.push_str(rng.pick(SUFFIXES));
        }
        if w.len() >= 3 && seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// Draws ranks from a Zipf distribution (s = 1) by binary search in the
/// cumulative table.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut cdf = Vec::with_capacity(n);
        let mut sum = 0.0;
        for k in 1..=n {
            sum += 1.0 / k as f64;
            cdf.push(sum);
        }
        for c in &mut cdf {
            *c /= sum;
        }
        Zipf(cdf)
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.0.partition_point(|&c| c < u).min(self.0.len() - 1)
    }
}

const COUNTRIES: &[&str] = &[
    "IDN", "USA", "CHN", "RUS", "PRK", "KOR", "JPN", "AUS", "MYS", "SGP", "PHL", "THA", "VNM",
    "IND", "PAK", "IRN", "ISR", "PSE", "UKR", "GBR", "FRA", "DEU", "TUR", "SAU", "EGY",
];
const ROLES: &[&str] = &["", "GOV", "MIL", "BUS", "OPP", "MED", "CVL", "GOVMIL"];
const CODES: &[&str] = &[
    "010", "012", "020", "036", "040", "042", "043", "046", "051", "057", "061", "070", "0831",
    "090", "100", "111", "112", "120", "130", "138", "141", "145", "160", "172", "173", "180",
    "190", "193", "195", "0311",
];

struct Generator {
    rng: Rng,
    id_words: Vec<String>,
    en_words: Vec<String>,
    zipf: Zipf,
    outlets: Vec<String>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        let mut rng = Rng(seed);
        let id_words = indonesian_vocab(&mut rng);
        let en_words = english_vocab(&mut rng);
        let outlets = (0..40).map(|i| format!("Outlet{i:02}")).collect();
        Generator {
            rng,
            id_words,
            en_words,
            zipf: Zipf::new(VOCAB),
            outlets,
        }
    }

    fn word(&mut self, indonesian: bool) -> &str {
        let k = self.zipf.sample(&mut self.rng);
        if indonesian {
            &self.id_words[k]
        } else {
            &self.en_words[k]
        }
    }

    fn sentence(&mut self, indonesian: bool, words: usize, out: &mut String) {
        for i in 0..words {
            let w = self.word(indonesian).to_string();
            if i == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(&w);
            }
        }
        out.push('.');
    }

    fn article(&mut self, id: i64) -> IndexDoc {
        let indonesian = self.rng.below(10) < 6;
        let mut title = String::new();
        let n = 6 + self.rng.below(7);
        self.sentence(indonesian, n, &mut title);
        title.pop();
        let target = 300 + self.rng.below(701);
        let mut body = String::with_capacity(target * 8);
        let mut written = 0;
        while written < target {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            for s in 0..(2 + self.rng.below(4)) {
                let n = (8 + self.rng.below(18)).min(target.saturating_sub(written).max(3));
                if s > 0 {
                    body.push(' ');
                }
                self.sentence(indonesian, n, &mut body);
                written += n;
                if written >= target {
                    break;
                }
            }
        }
        let actors: Vec<String> = (0..1 + self.rng.below(4))
            .map(|_| {
                let c = COUNTRIES[self.zipf.sample(&mut self.rng) % COUNTRIES.len()];
                format!("{c}{}", self.rng.pick(ROLES))
            })
            .collect();
        let event_codes = (0..self.rng.below(4))
            .map(|_| self.rng.pick(CODES).to_string())
            .collect();
        let day = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a day")
            + Duration::days(self.rng.below(3 * 365) as i64);
        let offset = FixedOffset::east_opt(if indonesian { 7 * 3600 } else { 0 }).expect("offset");
        let published: DateTime<FixedOffset> = offset
            .from_local_datetime(
                &day.and_hms_opt(self.rng.below(24) as u32, self.rng.below(60) as u32, 0)
                    .expect("a time"),
            )
            .single()
            .expect("a fixed offset is never ambiguous");
        let outlet = self.outlets[self.rng.below(self.outlets.len())].clone();
        IndexDoc {
            article_id: id,
            story: Some(id / 4 + (self.rng.below(3) as i64)),
            title,
            body,
            lang: Some(if indonesian { "id" } else { "en" }.into()),
            outlet: Some(outlet),
            published: Some(published),
            entities: actors.iter().map(|a| format!("Name {a}")).collect(),
            actors,
            event_codes,
            url: format!("https://news.example/{id}"),
        }
    }

    /// 100 queries: 30 single words, 25 phrases taken from generated text,
    /// 20 boolean, 25 filtered.
    fn queries(&mut self) -> Vec<Query> {
        let mut out = Vec::new();
        let mid_word = |g: &mut Generator, indonesian: bool| {
            // Mid-frequency words (ranks 20 to ~6,000): what people search
            // for, neither "yang" nor a hapax.
            let k = 20 + g.zipf.sample(&mut g.rng) % 6_000;
            if indonesian {
                g.id_words[k].clone()
            } else {
                g.en_words[k].clone()
            }
        };
        for i in 0..30 {
            out.push(Query::text(mid_word(self, i % 2 == 0)));
        }
        for i in 0..25 {
            let mut s = String::new();
            self.sentence(i % 2 == 0, 12, &mut s);
            let words: Vec<&str> = s.trim_end_matches('.').split(' ').collect();
            let len = 2 + i % 2;
            let at = self.rng.below(words.len() - len);
            out.push(Query::text(format!(
                "\"{}\"",
                words[at..at + len].join(" ").to_lowercase()
            )));
        }
        for i in 0..20 {
            let (a, b) = (mid_word(self, i % 2 == 0), mid_word(self, i % 2 == 0));
            let c = mid_word(self, i % 2 == 1);
            out.push(Query::text(match i % 4 {
                0 => format!("{a} AND {b}"),
                1 => format!("{a} OR {c}"),
                2 => format!("{a} -{b}"),
                _ => format!("({a} OR {c}) AND title:{b}"),
            }));
        }
        for i in 0..25 {
            let mut q = Query::text(mid_word(self, i % 2 == 0));
            match i % 5 {
                0 => q.actors = vec![self.rng.pick(COUNTRIES).to_string()],
                1 => q.langs = vec![if i % 2 == 0 { "id" } else { "en" }.into()],
                2 => {
                    q.since = NaiveDate::from_ymd_opt(2023, 1 + (i % 12) as u32, 1);
                    q.until = q.since.map(|d| d + Duration::days(90));
                }
                3 => q.event_roots = vec![self.rng.pick(CODES)[..2].to_string()],
                _ => {
                    q.actors = vec![format!("{}GOV", self.rng.pick(COUNTRIES))];
                    q.since = NaiveDate::from_ymd_opt(2023, 9, 1);
                    q.langs = vec!["id".into()];
                }
            }
            out.push(q);
        }
        out
    }
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // useful either way: the run is by hand, so a test run does nothing.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let docs: i64 = std::env::var("WARTA_SEARCH_BENCH_DOCS")
        .ok()
        .and_then(|s| s.replace(['_', ','], "").parse().ok())
        .unwrap_or(100_000);
    let temp;
    let dir = match std::env::var_os("WARTA_SEARCH_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            temp = tempfile::tempdir().expect("a temporary folder");
            temp.path().join("index")
        }
    };
    let mut generator = Generator::new(0x5741_5254_4131);
    let location = match std::env::var("WARTA_SEARCH_BENCH_POSTGRES") {
        Ok(url) if !url.is_empty() => IndexLocation::Postgres(url),
        _ => IndexLocation::Folder(dir.clone()),
    };
    let mut index = TextIndex::open(&location).expect("opening the index");
    println!("{}", index.describe());
    if index.num_docs().expect("counting") == docs as u64 {
        println!("reusing the index of {docs} articles");
    } else {
        index.clear().expect("clearing");
        let start = Instant::now();
        let mut words = 0usize;
        for id in 0..docs {
            let doc = generator.article(id);
            words += doc.body.split_whitespace().count();
            index.add(&doc).expect("adding");
            if (id + 1) % 100_000 == 0 {
                eprintln!(
                    "{} articles, {:.0} s",
                    id + 1,
                    start.elapsed().as_secs_f64()
                );
            }
        }
        index.close_writer().expect("committing");
        let secs = start.elapsed().as_secs_f64();
        println!(
            "built {docs} articles ({:.0} words each on average) in {secs:.1} s ({:.0} articles/s)",
            words as f64 / docs.max(1) as f64,
            docs as f64 / secs
        );
    }
    // As after a bulk load: one segment (nothing to do when already merged).
    let merge = Instant::now();
    index.merge_all().expect("merging");
    println!("merged in {:.1} s", merge.elapsed().as_secs_f64());
    let size = match &index {
        TextIndex::Tantivy(_) => dir_size(&dir),
        TextIndex::Postgres(pg) => pg.size_bytes().expect("the table's size"),
    };
    println!(
        "index: {:.2} GiB ({:.1} KiB an article)",
        size as f64 / (1u64 << 30) as f64,
        size as f64 / 1024.0 / docs.max(1) as f64,
    );
    if let TextIndex::Tantivy(t) = &index {
        println!("{} segments", t.num_segments());
    }

    // The queries come from a generator of their own, so that they are the
    // same whether the index was built now or reused.
    let queries = Generator::new(0x5741_5254_4131).queries();
    let run = |label: &str| {
        let mut times = Vec::with_capacity(queries.len());
        let mut found = 0usize;
        for q in &queries {
            let start = Instant::now();
            let hits = index.search(q).expect("searching");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            found += hits.len();
        }
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{label}: {} queries (limit 20, with snippets), p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.1} hits a query",
            queries.len(),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.99),
            sorted[sorted.len() - 1],
            found as f64 / queries.len() as f64
        );
        times
    };
    if std::env::var_os("WARTA_SEARCH_BENCH_WARM").is_some() {
        let start = Instant::now();
        let warmed = index.warm(u64::MAX).expect("warming");
        println!(
            "warmed: {} files, {:.2} GiB read in {:.1} s",
            warmed.files,
            warmed.bytes as f64 / (1u64 << 30) as f64,
            start.elapsed().as_secs_f64()
        );
    }
    run("first pass");
    let times = run("second pass");
    // The queries over the target, to see what kind of query costs (all of
    // them, slowest first, with WARTA_SEARCH_BENCH_VERBOSE=1).
    let verbose = std::env::var_os("WARTA_SEARCH_BENCH_VERBOSE").is_some();
    let mut order: Vec<usize> = (0..queries.len()).collect();
    order.sort_by(|&a, &b| times[b].total_cmp(&times[a]));
    for i in order {
        let (q, t) = (&queries[i], times[i]);
        if t > 50.0 || verbose {
            println!("  #{i} {t:.2} ms {q:?}");
        }
    }
    let kinds = [
        ("words", 0..30),
        ("phrases", 30..55),
        ("boolean", 55..75),
        ("filtered", 75..100),
    ];
    for (kind, range) in kinds {
        let mut t = times[range].to_vec();
        t.sort_by(f64::total_cmp);
        println!(
            "  {kind}: p50 {:.2} ms, max {:.2} ms",
            percentile(&t, 0.5),
            t[t.len() - 1]
        );
    }
}
