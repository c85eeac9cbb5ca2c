//! Peak heap memory of decoding (goal 3), measured with a counting global allocator:
//! the highest number of live heap bytes while decoding, above what was live before
//! (the input text is already allocated and not counted).
//!
//! `cargo run --release --bin peak_mem` prints the strict baseline, the generated types and
//! their ratio.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use gocrm_decode_bench::{decode, derived};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let live =
                    LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak live bytes above the starting level while `f` runs (its result included, as it is
/// still alive when `f` returns).
fn peak<T>(f: impl FnOnce() -> T) -> (usize, usize) {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let value = f();
    let retained = LIVE.load(Relaxed) - start;
    let peak = PEAK.load(Relaxed) - start;
    drop(value);
    (peak, retained)
}

fn main() {
    let n = 5_000;
    let strict = decode::strict_json(n);
    let lenient = decode::lenient_json(n);
    let lenient_unknown = decode::lenient_json_with_unknown(n);
    let strict_unknown = decode::strict_json_with_unknown(n);

    let rows: Vec<(&str, (usize, usize))> = vec![
        (
            "baseline: strict structs, strict JSON",
            peak(|| serde_json::from_str::<Vec<decode::strict::User>>(&strict).unwrap()),
        ),
        (
            "generated types, lenient JSON",
            peak(|| serde_json::from_str::<Vec<gocrm_generated::types::User>>(&lenient).unwrap()),
        ),
        (
            "before: derive + flatten, lenient JSON",
            peak(|| serde_json::from_str::<Vec<derived::User>>(&lenient).unwrap()),
        ),
        (
            "baseline: strict structs, strict JSON + 2 unknown/user",
            peak(|| serde_json::from_str::<Vec<decode::strict::User>>(&strict_unknown).unwrap()),
        ),
        (
            "generated types, lenient JSON + 2 unknown/user (kept)",
            peak(|| {
                serde_json::from_str::<Vec<gocrm_generated::types::User>>(&lenient_unknown).unwrap()
            }),
        ),
    ];
    let base = rows[0].1 .0 as f64;
    println!("decoding {n} users: peak live heap bytes during decode (result included)");
    for (name, (peak, retained)) in &rows {
        println!(
            "{name:58} peak {peak:>10}  retained {retained:>10}  peak/baseline {:.3}",
            *peak as f64 / base
        );
    }
}
