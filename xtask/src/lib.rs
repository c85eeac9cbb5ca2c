//! `cargo xtask regen` as a library, so its tests can run it on a copy of the workspace's
//! `spec/` and `gocrm-generated/` (never on the real ones).
//!
//! - [`regen`]: regenerate `gocrm-generated/` from `spec/public.json`, print what changed for
//!   users' code since the spec the committed client was generated from (kept in
//!   `gocrm-generated/spec/`), and add a `CHANGELOG.md` entry.
//! - [`changelog`]: the generated crate's CHANGELOG, built from those reports.
//! - `download` (feature `fetch`): download the spec the server publishes.

pub mod changelog;
#[cfg(feature = "fetch")]
pub mod download;
pub mod regen;

use std::io::Write;
use std::path::Path;

/// What `cargo xtask regen …` prints for usage.
pub const REGEN_USAGE: &str =
    "  regen           load spec/public.json (or spec/public.yaml), print what changed for users'
                  code since the spec the committed client was generated from (a copy kept in
                  gocrm-generated/spec/), write gocrm-generated/ and add a CHANGELOG.md entry
  regen --check   write nothing; fail, naming each stale file (the client, its spec copy, the
                  CHANGELOG), if the committed client differs from what the spec generates
  regen --fetch [URL] [--timeout SECS]
                  download the spec (default: source_url in spec/gocrm-codegen.toml), refuse
                  anything that is not a loadable spec (spec/public.json stays as it is), else
                  replace spec/public.json and regen as above
  regen --fetch [URL] --check
                  write nothing: exit 0 when the served spec has no changes against
                  spec/public.json, 1 with the report when it has, 2 when it cannot be
                  fetched or loaded";

/// Runs `regen` with its arguments (those after `regen`) on the workspace at `root`; returns
/// the process exit code.
pub fn run_regen(args: &[&str], root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let options = match regen::Options::parse(args) {
        Ok(options) => options,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\n\nusage:\n{REGEN_USAGE}");
            return 2;
        }
    };
    regen::run(&options, args, root, out, err)
}
