//! load → generate on arbitrary bytes. A crash is: a panic anywhere, a loader panic that the
//! loader turned into its "internal error" diagnostic, generated code that does not parse
//! ("internal error" from `generate`), or output that breaks `tests/support/invariants.rs`.
#![no_main]

use gocrm_codegen::{generate_crate_sources, load::load_bytes, Settings};
use libfuzzer_sys::fuzz_target;

#[path = "../../gocrm-codegen/tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let spec = match load_bytes(data, "fuzz.json") {
        Ok(spec) => spec,
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains("internal error"), "loader: {text}");
            return;
        }
    };
    // The settings vary with the input's length, so every combination gets exercised.
    let settings = Settings {
        unwrap_envelope: data.len() & 1 == 0,
        lenient_scalars: data.len() & 2 == 0,
        keep_unknown_properties: data.len() & 4 == 0,
        ..Settings::default()
    };
    match generate_crate_sources(&spec, &settings, "cargo xtask regen") {
        Ok(generated) => {
            let files = generated
                .files
                .iter()
                .map(|f| (f.path.to_str().unwrap_or(""), f.contents.as_str()));
            if let Err(e) = invariants::check_files(files, &[]) {
                panic!("invariant: {e}");
            }
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains("internal error"), "generate: {text}");
        }
    }
});
