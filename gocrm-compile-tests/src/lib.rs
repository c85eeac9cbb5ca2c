//! Nothing here: `tests/typical_use.rs` must compile against `gocrm-generated`, and trybuild
//! (`tests/compile.rs`) checks that the programs in `tests/ui/fail` fail with the `.stderr`
//! messages committed next to them. Regenerate those with `TRYBUILD=overwrite`.
