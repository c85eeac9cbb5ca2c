//! Prints progenitor's generated client for a document (generate + prettyplease), for
//! `scripts/compile_cost.sh`.
//!
//! `cargo run --release --bin progenitor_gen -- path/to/openapi.json > lib.rs`

fn main() {
    let path = std::env::args().nth(1).expect("usage: progenitor_gen SPEC");
    let text = std::fs::read_to_string(&path).expect("readable spec");
    let spec = gocrm_bench::progenitor::parse(&text).expect("an OpenAPI 3.0 document");
    let mut generator =
        progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .expect("progenitor generates");
    let file: syn2::File = syn2::parse2(tokens).expect("valid tokens");
    print!("{}", prettyplease2::unparse(&file));
}
