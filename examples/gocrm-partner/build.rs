//! Generates a partner-API client (a spec with security schemes) into `$OUT_DIR/partner.rs`.

fn main() {
    let result = gocrm_codegen::Config::new()
        .file_name("partner")
        .generate("../../gocrm-codegen/tests/fixtures/security/partner.yaml");
    if let Err(e) = result {
        panic!("generating the partner client failed:\n{e}");
    }
}
