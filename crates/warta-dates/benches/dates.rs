//! Throughput of `find_dates` on long news-like text the project wrote
//! (Indonesian and English paragraphs, a few date expressions each).
//!
//! `cargo bench -p warta-dates --bench dates`; criterion prints the
//! throughput in MiB/s.

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use warta_dates::{find_dates, Anchor};
use warta_lang::Lang;

const ID: &str = "JAKARTA — Pemerintah provinsi menggelar rapat koordinasi penanganan banjir, \
Rabu (13/9/2023), di Balai Kota. Gubernur mengatakan curah hujan yang tinggi sejak pekan lalu \
membuat sejumlah sungai meluap. \"Kami sudah menyiapkan 1.250 personel dan 85 perahu karet,\" \
ujarnya kepada wartawan. Menurut data BPBD, genangan setinggi 40-60 sentimeter merendam 12 \
kelurahan pada Selasa (12/9) malam, dan air baru surut kemarin pukul 10.00 WIB. Kerugian \
ditaksir mencapai Rp 3,5 miliar, naik 5,6 persen dibandingkan tahun lalu. Rapat lanjutan \
dijadwalkan 20 September 2023 dengan mengundang kementerian terkait, sedangkan evaluasi \
menyeluruh akan dilakukan bulan depan. Warga diminta tetap waspada hingga akhir musim hujan \
dan melapor ke posko terdekat bila melihat tanda-tanda longsor di lereng perbukitan.\n\n";

const EN: &str = "The central bank held its benchmark rate at 5.75 percent on Thursday, \
defying expectations of a cut, after inflation rose to 3.3 percent in August. Governor \
officials told reporters the decision, taken at a two-day meeting that ended Sept. 14, 2023, \
reflected concern about the currency, which weakened two days ago to its lowest level since \
March 2020. Analysts at three brokerages said the board would likely move next month if food \
prices eased. The rupiah traded at 15,360 per dollar at 10:15 AM GMT+7, little changed from \
yesterday, while the main stock index gained 0.4 percent in a session that drew 1.2 trillion \
rupiah of foreign buying over the last week and a half.\n\n";

fn text(target: usize) -> String {
    let mut s = String::with_capacity(target + ID.len() + EN.len());
    while s.len() < target {
        s.push_str(ID);
        s.push_str(EN);
    }
    s
}

fn bench(c: &mut Criterion) {
    let t = text(1 << 20);
    let anchor = Some(Anchor {
        published: DateTime::parse_from_rfc3339("2023-09-14T10:00:00+07:00").unwrap(),
    });
    let mentions = find_dates(&t, anchor, Lang::Id).len();
    eprintln!("bench text: {} bytes, {mentions} mentions", t.len());
    let mut g = c.benchmark_group("find_dates");
    g.throughput(Throughput::Bytes(t.len() as u64));
    g.sample_size(20);
    g.bench_function("news_1MiB", |b| {
        b.iter(|| find_dates(black_box(&t), anchor, Lang::Id))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
