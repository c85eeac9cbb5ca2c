//! Compile tests for the generated Go-CRM client.

#[test]
fn generated_client_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
