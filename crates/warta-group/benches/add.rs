//! Throughput of `Grouper::add` with thousands of active stories: synthetic
//! articles drawn from a vocabulary, a few hundred stories at a time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use warta_group::{Doc, DocEntity, GroupConfig, Grouper};

fn word(n: u64) -> String {
    // Pronounceable, distinct words from a number.
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "tu", "re", "sa", "no", "pe", "di", "ga", "ru", "be", "si", "ta", "ma",
        "ko",
    ];
    let mut s = String::new();
    let mut x = n + 17;
    for _ in 0..3 {
        s.push_str(SYL[(x % 16) as usize]);
        x /= 16;
    }
    s
}

/// A pseudo-random article: 12 words of its story's own, 40 from a common pool.
fn doc(i: u64) -> Doc {
    let mut r = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = || {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        r
    };
    let story = next() % 4000;
    let mut text = String::new();
    for k in 0..80 {
        let w = if k % 3 == 0 {
            word(10_000 + story * 12 + next() % 12)
        } else {
            word(next() % 3000)
        };
        text.push_str(&w);
        text.push(if k % 12 == 11 { '.' } else { ' ' });
    }
    Doc {
        id: format!("d{i}"),
        title: format!(
            "{} {} {}",
            word(10_000 + story * 12),
            word(10_001 + story * 12),
            word(next() % 3000)
        ),
        text,
        lang: Some("en".into()),
        entities: vec![DocEntity {
            canonical: format!("Person {}", word(50_000 + story)),
            kind: "PER".into(),
            actor: None,
        }],
        ..Doc::default()
    }
}

fn bench(c: &mut Criterion) {
    let docs: Vec<Doc> = (0..20_000).map(doc).collect();
    let mut g = Grouper::new(GroupConfig::default());
    for d in &docs[..10_000] {
        g.add(d);
    }
    let mut group = c.benchmark_group("grouper");
    group.throughput(Throughput::Elements(1));
    let mut i = 10_000;
    group.bench_function("add (10k articles, thousands of stories)", |b| {
        b.iter(|| {
            let p = g.add(&docs[i]);
            i = if i + 1 == docs.len() { 10_000 } else { i + 1 };
            p
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
