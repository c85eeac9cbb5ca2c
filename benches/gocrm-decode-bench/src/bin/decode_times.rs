//! Goal 3 as ratios that hold on a shared machine: the decode variants of
//! `cargo bench --bench decode`, run interleaved (one decode of each variant per round, so a
//! burst of load hits all of them alike) and timed in thread CPU time; the minimum and the
//! median of the rounds are reported, with ratios to the strict baseline.
//!
//! `cargo run --release --bin decode_times [-- ROUNDS]`

use std::hint::black_box;
use std::time::Duration;

use gocrm_decode_bench::decode;
use gocrm_generated::types::User;
// What the generated client decodes a body into (`runtime::lenient::Body<T>`).
use gocrm_generated::runtime::lenient::Body;

/// CPU time of the calling thread: unlike wall time, it does not count the time other
/// processes had the core.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn time(f: &dyn Fn()) -> Duration {
    let start = thread_cpu_time();
    f();
    thread_cpu_time() - start
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60);
    let n = 5_000;
    let strict = decode::strict_json(n);
    let lenient = decode::lenient_json(n);
    let strict_unknown = decode::strict_json_with_unknown(n);
    let lenient_unknown = decode::lenient_json_with_unknown(n);

    type Variant<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let variants: Vec<Variant> = vec![
        (
            "baseline: strict structs, strict JSON",
            Box::new(|| {
                black_box(serde_json::from_str::<Vec<decode::strict::User>>(&strict).unwrap());
            }),
        ),
        (
            "generated types, lenient JSON",
            Box::new(|| {
                black_box(serde_json::from_str::<Body<Vec<User>>>(&lenient).unwrap());
            }),
        ),
        (
            "generated types, strict JSON",
            Box::new(|| {
                black_box(serde_json::from_str::<Body<Vec<User>>>(&strict).unwrap());
            }),
        ),
        (
            "baseline: strict structs, strict JSON + 2 unknown/user",
            Box::new(|| {
                black_box(
                    serde_json::from_str::<Vec<decode::strict::User>>(&strict_unknown).unwrap(),
                );
            }),
        ),
        (
            "generated types, lenient JSON + 2 unknown/user (kept)",
            Box::new(|| {
                black_box(serde_json::from_str::<Body<Vec<User>>>(&lenient_unknown).unwrap());
            }),
        ),
    ];

    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); variants.len()];
    for _ in 0..3 {
        for (_, f) in &variants {
            f(); // warm-up
        }
    }
    for _ in 0..rounds {
        for (i, (_, f)) in variants.iter().enumerate() {
            samples[i].push(time(f.as_ref()));
        }
    }
    let stats: Vec<(Duration, Duration)> = samples
        .iter_mut()
        .map(|s| {
            s.sort();
            (s[0], s[s.len() / 2])
        })
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("decoding {n} users, {rounds} interleaved rounds, thread CPU time");
    for (i, (name, _)) in variants.iter().enumerate() {
        // The unknown-property rows compare with the baseline decoding the same data.
        let base = if i >= 3 { stats[3] } else { stats[0] };
        let (min, median) = stats[i];
        println!(
            "{name:56} min {:7.2} ms  median {:7.2} ms  ratio (min) {:.2}  ratio (median) {:.2}",
            ms(min),
            ms(median),
            min.as_secs_f64() / base.0.as_secs_f64(),
            median.as_secs_f64() / base.1.as_secs_f64(),
        );
    }
}
