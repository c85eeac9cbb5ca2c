//! Goal 3: decoding a 5,000-user Go-CRM response into the generated types (lenient scalars,
//! unknown properties kept) against plain strict `#[derive(Deserialize)]` structs decoding
//! the same data with declared JSON types (the baseline).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gocrm_decode_bench::{decode, derived};
use std::hint::black_box;
use std::time::Duration;

const USERS: usize = 5_000;

fn bench(c: &mut Criterion) {
    let strict = decode::strict_json(USERS);
    let lenient = decode::lenient_json(USERS);
    let strict_unknown = decode::strict_json_with_unknown(USERS);
    let lenient_unknown = decode::lenient_json_with_unknown(USERS);

    let mut g = c.benchmark_group("decode_5000_users");
    g.sample_size(30)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(USERS as u64));
    g.bench_function(
        BenchmarkId::new("baseline_strict_structs", "strict_json"),
        |b| {
            b.iter(|| {
                black_box(
                    serde_json::from_str::<Vec<decode::strict::User>>(black_box(&strict)).unwrap(),
                )
            })
        },
    );
    g.bench_function(BenchmarkId::new("generated_types", "lenient_json"), |b| {
        b.iter(|| {
            black_box(
                serde_json::from_str::<Vec<gocrm_generated::types::User>>(black_box(&lenient))
                    .unwrap(),
            )
        })
    });
    g.bench_function(BenchmarkId::new("generated_types", "strict_json"), |b| {
        b.iter(|| {
            black_box(
                serde_json::from_str::<Vec<gocrm_generated::types::User>>(black_box(&strict))
                    .unwrap(),
            )
        })
    });
    g.bench_function(
        BenchmarkId::new("before_derive_flatten", "lenient_json"),
        |b| {
            b.iter(|| {
                black_box(serde_json::from_str::<Vec<derived::User>>(black_box(&lenient)).unwrap())
            })
        },
    );
    g.bench_function(
        BenchmarkId::new("baseline_strict_structs", "strict_json_unknown"),
        |b| {
            b.iter(|| {
                black_box(
                    serde_json::from_str::<Vec<decode::strict::User>>(black_box(&strict_unknown))
                        .unwrap(),
                )
            })
        },
    );
    g.bench_function(
        BenchmarkId::new("generated_types", "lenient_json_unknown"),
        |b| {
            b.iter(|| {
                black_box(
                    serde_json::from_str::<Vec<gocrm_generated::types::User>>(black_box(
                        &lenient_unknown,
                    ))
                    .unwrap(),
                )
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
