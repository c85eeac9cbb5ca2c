//! Generates the Go-CRM client from spec/public.json into `$OUT_DIR/gocrm.rs`.
//! spec/gocrm-codegen.toml (next to the spec) is read too; the builder's settings win.

fn main() {
    let result = gocrm_codegen::Config::new()
        .file_name("gocrm")
        .lenient_scalars(true)
        .generate("../../spec/public.json");
    if let Err(e) = result {
        // Each line names the spec file and a JSON pointer.
        panic!("generating the Go-CRM client failed:\n{e}");
    }
}
