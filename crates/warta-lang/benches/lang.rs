//! Throughput of tokenize + sentence split + stem, in MB of text per second
//! on one core.
//!
//! The text is generated here from sentences the project wrote (Indonesian
//! and English news style), repeated with varying numbers to about 400 KB,
//! so the bench needs nothing from `../shared`.
//! Run: `cargo bench -p warta-lang --bench lang`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use warta_lang::{detect_language, stem_en, stem_id, tokenize_and_split, TokenKind};

const ID: &[&str] = &[
    "JAKARTA - Presiden Joko Widodo mengatakan pemerintah akan mempercepat pembangunan jalan tol di Sumatera.",
    "Menurut Dr. H. Ahmad Sudirman, S.H., M.Si., inflasi pada kuartal ketiga mencapai 5,6 persen.",
    "“Kami sudah menyampaikan keberatan kepada kementerian,” ujar Kepala Dinas Perhubungan Kab. Bogor.",
    "Polisi menangkap dua tersangka di Jl. Merdeka No. 12, Kec. Sukajadi, pada Rabu (13/9/2023) malam.",
    "Harga beras di pasar tradisional naik menjadi Rp13.500 per kilogram, tertinggi sejak 2018.",
    "Perekonomian daerah itu bergantung pada pertanian, perikanan, dan pariwisata.",
    "Pengajar di sekolah tersebut memperkenalkan kurikulum baru kepada murid-muridnya.",
    "Informasi lengkap dapat dibaca di https://www.contoh.go.id/berita atau melalui surel humas@contoh.go.id.",
];
const EN: &[&str] = &[
    "The central bank kept its benchmark rate unchanged on Thursday, citing slowing inflation.",
    "Gen. Smith told reporters in Washington, D.C., that U.S. forces would stay in the region.",
    "Rescue teams worked through the night... Officials said 42 people had been killed.",
    "\"We are ready,\" the minister said. Talks are expected to resume on Sept. 14.",
];

fn corpus(target: usize) -> String {
    let mut out = String::with_capacity(target + 200);
    let mut k = 0usize;
    while out.len() < target {
        let s = if k % 3 == 2 {
            EN[k % EN.len()]
        } else {
            ID[k % ID.len()]
        };
        out.push_str(s);
        out.push(' ');
        if k % 5 == 4 {
            out.push_str("\n\n");
        }
        k += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = corpus(400_000);
    let mut g = c.benchmark_group("lang");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("tokenize+split", |b| {
        b.iter(|| black_box(tokenize_and_split(black_box(&text))).1.len())
    });
    g.bench_function("tokenize+split+stem", |b| {
        b.iter(|| {
            let (tokens, _sentences) = tokenize_and_split(black_box(&text));
            let mut n = 0;
            for t in &tokens {
                if t.kind == TokenKind::Word {
                    n += stem_id(t.text).len();
                }
            }
            black_box(n)
        })
    });
    g.bench_function("stem_en", |b| {
        b.iter(|| {
            let (tokens, _) = tokenize_and_split(black_box(&text));
            tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| stem_en(t.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function("detect_language", |b| {
        b.iter(|| black_box(detect_language(black_box(&text))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
