//! Goal 2: synthetic documents of N operations and N schemas (name collisions, deep `$ref`
//! chains, nested `allOf`); generation must grow linearly (2N within 2.2× the time of N).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gocrm_bench::{gocrm_generate, synthetic};
use std::hint::black_box;
use std::time::Duration;

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    for n in [250usize, 500, 1000, 2000, 4000] {
        let text = synthetic::spec(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("generate", n), &text, |b, text| {
            b.iter(|| black_box(gocrm_generate(text, "synthetic.json")))
        });
    }
    g.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
