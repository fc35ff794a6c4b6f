//! Throughput of `find_quotes`, in MB of text per second on one core.
//!
//! The text is built here from paragraphs the project wrote (Indonesian and
//! English news style): about one paragraph in three carries a quote, as in
//! news articles, plus a "dense" text where every paragraph quotes someone.
//! The mentions are what the entity stage would give: every occurrence of
//! the names below. Run: `cargo bench -p warta-quotes --bench quotes`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use warta_lang::Lang;
use warta_quotes::{find_quotes, Speaker};

const PLAIN: &[&str] = &[
    "Pemerintah provinsi menyiapkan anggaran tambahan untuk perbaikan jalan desa yang rusak akibat banjir pada awal tahun, terutama di wilayah selatan yang paling parah terdampak.",
    "Harga cabai rawit di sejumlah pasar tradisional naik hingga Rp80.000 per kilogram menjelang Ramadan, sementara pasokan dari sentra produksi di Jawa Tengah berkurang.",
    "The central bank kept its benchmark rate unchanged on Thursday, citing slowing inflation and a stable currency, and signalled that cuts could come later in the year.",
    "Ribuan warga memadati alun-alun kota untuk menyaksikan pawai budaya yang digelar setiap tahun sejak 2015, dengan peserta dari dua puluh kecamatan.",
    "Rescue teams worked through the night in heavy rain to reach villages cut off by landslides, officials in the province said on Sunday morning.",
];

const QUOTED: &[&str] = &[
    "“Kami sudah menyiapkan tiga ribu personel untuk mengamankan arus mudik tahun ini,” kata Kapolri Listyo Sigit Prabowo kepada wartawan di Jakarta, Senin (4/3).",
    "Menteri Keuangan Sri Mulyani menyebut defisit masih terkendali. “Kita tetap hati-hati dalam belanja, terutama untuk proyek yang belum mendesak,” imbuhnya.",
    "\"We will not accept any delay in the delivery of humanitarian aid,\" said Antony Blinken, the US secretary of state, after meeting his counterparts.",
    "Putin mengatakan, “Rusia tidak pernah menutup pintu dialog dengan Barat, tetapi kami menuntut rasa hormat,” media Rusia melaporkan.",
    "“Kami siap,” kata Prabowo, “untuk bekerja sama dengan siapa pun demi kemajuan bangsa dan negara.”",
    "Pengamat menilai kebijakan itu sebagai \"jalan pintas\" yang berbahaya bagi pelaku usaha kecil, terutama pedagang di pasar Jum’at.",
    "According to Widodo, \"the new capital will be built step by step, and the country’s budget will not be strained.\"",
];

const NAMES: &[(&str, &str)] = &[
    ("Listyo Sigit Prabowo", "Listyo Sigit Prabowo"),
    ("Sri Mulyani", "Sri Mulyani Indrawati"),
    ("Antony Blinken", "Antony Blinken"),
    ("Putin", "Vladimir Putin"),
    ("Prabowo,", "Prabowo Subianto"),
    ("Widodo", "Joko Widodo"),
];

/// About `target` bytes of paragraphs joined by blank lines; every
/// `quote_every`-th paragraph carries a quote.
fn corpus(target: usize, quote_every: usize) -> String {
    let mut out = String::with_capacity(target + 400);
    let (mut k, mut quotes) = (0usize, 0usize);
    while out.len() < target {
        // a quote at k = 0, quote_every, 2 * quote_every, ...
        let p = if k == quotes * quote_every {
            quotes += 1;
            QUOTED[(quotes - 1) % QUOTED.len()]
        } else {
            PLAIN[k % PLAIN.len()]
        };
        out.push_str(p);
        out.push_str("\n\n");
        k += 1;
    }
    out
}

/// Every occurrence of the names, sorted, in character offsets.
fn mentions(text: &str) -> Vec<Speaker<'static>> {
    let mut out = Vec::new();
    for &(m, canonical) in NAMES {
        let m = m.trim_end_matches(',');
        for (byte, _) in text.match_indices(m) {
            let start = text[..byte].chars().count();
            out.push(Speaker {
                start,
                end: start + m.chars().count(),
                canonical,
                is_person: true,
            });
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("find_quotes");
    for (name, every) in [("news", 3), ("dense", 1)] {
        let text = corpus(1_000_000, every);
        let speakers = mentions(&text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| find_quotes(black_box(&text), black_box(&speakers), Lang::Id))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
