//! CPU time of each pipeline stage (load, ir, emit, format), best of 3 runs, for the
//! synthetic documents of `cargo bench --bench scaling` or for given files — the quick way to
//! see which stage grows faster than linearly.
//!
//! `cargo run --release --bin stage_times -- synthetic 250 500 1000 2000 4000`
//! `cargo run --release --bin stage_times -- file path/to/spec.json …`

use std::time::Duration;

use gocrm_bench::{stages, synthetic};

/// CPU time (user + system) of the whole process, finished threads included: on a machine
/// shared with other work this is far steadier than wall-clock time.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..3 {
        let t = cpu_time();
        let v = f();
        best = best.min(cpu_time() - t);
        out = Some(v);
    }
    (best, out.expect("ran"))
}

fn run(label: &str, text: &str, prev: &mut Option<[Duration; 5]>) {
    let (load, spec) = best(|| stages::load(text, "input.json"));
    let (ir, api) = best(|| stages::ir(&spec));
    let (emit, tokens) = best(|| stages::emit(&api));
    let (format, bytes) = best(|| stages::format(&tokens));
    print!(
        "types {:6} ops {:5} out {:6} KiB ",
        api.types.len(),
        api.operations.len(),
        bytes / 1024
    );
    let total = load + ir + emit + format;
    let now = [load, ir, emit, format, total];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    print!("{label:>24}  load {:8.1} ms  ir {:8.1} ms  emit {:8.1} ms  format {:8.1} ms  total {:8.1} ms", ms(load), ms(ir), ms(emit), ms(format), ms(total));
    if let Some(p) = prev {
        let r: Vec<String> = now
            .iter()
            .zip(p.iter())
            .map(|(a, b)| format!("{:.2}", a.as_secs_f64() / b.as_secs_f64()))
            .collect();
        print!(
            "   ×prev: load {} ir {} emit {} format {} total {}",
            r[0], r[1], r[2], r[3], r[4]
        );
    }
    println!();
    *prev = Some(now);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut prev = None;
    match args.first().map(String::as_str) {
        Some("synthetic") => {
            for n in &args[1..] {
                let n: usize = n.parse().expect("N is a number");
                run(&format!("N = {n}"), &synthetic::spec(n), &mut prev);
            }
        }
        Some("file") => {
            for path in &args[1..] {
                let text = std::fs::read_to_string(path).expect("readable");
                let name = std::path::Path::new(path)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(path);
                run(name, &text, &mut None);
            }
        }
        _ => eprintln!("usage: stage_times synthetic N… | stage_times file PATH…"),
    }
}
