//! Generates the Go-CRM client from spec/public.json into `$OUT_DIR/gocrm.rs`.
//! spec/gocrm-codegen.toml (next to the spec) is read too; the builder's settings win.
//! The README shows `fn main` as it is here (gocrm-codegen/tests/readme_snippets.rs).

fn main() {
    let result = gocrm_codegen::Config::new()
        .file_name("gocrm") // $OUT_DIR/gocrm.rs (default: the spec's file stem)
        .lenient_scalars(true) // every setting has a setter; they override the file
        .generate("../../spec/public.json");
    if let Err(e) = result {
        panic!("generating the Go-CRM client failed:\n{e}"); // file: pointer: message lines
    }
}
