//! Compile tests for the generated Go-CRM client: misuse fails with the committed messages.
//! What must compile is `tests/typical_use.rs`, an ordinary test: with `compile_fail` cases
//! only, trybuild checks its copy of the dependencies (`cargo check`) instead of building them.

#[test]
fn generated_client_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
}
