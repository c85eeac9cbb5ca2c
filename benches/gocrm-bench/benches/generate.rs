//! Goal 1: generation end to end (load → IR → emit → format) on spec/public.json and the
//! largest corpus documents, against progenitor's generate + format on the same documents
//! where it accepts them; and each of our stages on its own.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use gocrm_bench::{documents, gocrm_generate, progenitor, stages};
use std::hint::black_box;
use std::time::Duration;

fn end_to_end(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    for doc in documents() {
        g.bench_with_input(BenchmarkId::new("gocrm", doc.name), &doc.text, |b, text| {
            b.iter(|| black_box(gocrm_generate(text, doc.name)))
        });
        if progenitor::try_generate(&doc.text).is_some() {
            g.bench_with_input(
                BenchmarkId::new("progenitor", doc.name),
                &doc.text,
                |b, text| b.iter(|| black_box(progenitor::generate(text))),
            );
        } else {
            eprintln!(
                "progenitor does not accept {}; no baseline for it",
                doc.name
            );
        }
    }
    g.finish();
}

fn per_stage(c: &mut Criterion) {
    let mut g = c.benchmark_group("stage");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for doc in documents() {
        let spec = stages::load(&doc.text, doc.name);
        let api = stages::ir(&spec);
        let tokens = stages::emit(&api);
        g.bench_with_input(BenchmarkId::new("load", doc.name), &doc.text, |b, text| {
            b.iter(|| black_box(stages::load(text, doc.name)))
        });
        g.bench_with_input(BenchmarkId::new("ir", doc.name), &spec, |b, spec| {
            b.iter(|| black_box(stages::ir(spec)))
        });
        g.bench_with_input(BenchmarkId::new("emit", doc.name), &api, |b, api| {
            b.iter(|| black_box(stages::emit(api)))
        });
        g.bench_with_input(
            BenchmarkId::new("format", doc.name),
            &tokens,
            |b, tokens| b.iter(|| black_box(stages::format(tokens))),
        );
    }
    g.finish();
}

criterion_group!(benches, end_to_end, per_stage);
criterion_main!(benches);
