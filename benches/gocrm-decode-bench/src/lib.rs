//! Goal 3 of BENCHMARKS.md: decoding a Go-CRM `listUsers` response into the generated types
//! (lenient scalars, unknown properties kept) against plain strict `#[derive(Deserialize)]`
//! structs (the baseline).
//!
//! `benches/decode.rs` (criterion), `src/bin/decode_times.rs` (interleaved CPU-time ratios) and
//! `src/bin/peak_mem.rs` (peak heap) use these inputs.

pub mod decode;
pub mod derived;
