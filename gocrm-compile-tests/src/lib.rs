//! Nothing here: the tests in `tests/` compile programs against `gocrm-generated` with
//! trybuild (`tests/ui/pass` must compile, `tests/ui/fail` must fail with the `.stderr`
//! messages committed next to them). Regenerate those with `TRYBUILD=overwrite`.
