#[test]
fn probe() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/");
    for name in std::env::var("PROBE").unwrap().split(',') {
        match gocrm_codegen::load::load_path(std::path::Path::new(&format!("{dir}{name}"))) {
            Ok(s) => {
                for w in &s.warnings {
                    println!("{}: {}", w.pointer, w.message)
                }
            }
            Err(e) => {
                for w in &e.diagnostics {
                    println!("{:?} {}: {}", w.severity, w.pointer, w.message)
                }
            }
        }
    }
}
