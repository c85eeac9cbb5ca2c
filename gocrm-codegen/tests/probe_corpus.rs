//! `gocrm-codegen probe` on every real-world document in `../shared/corpus`, against a
//! server that answers everything with the same odd JSON: no panic, a report, bounded work.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_corpus_document_probes_without_panicking() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    };
    let server = MockServer::start().await;
    let odd = json!({"id": "1", "items": [{"id": 2, "name": null}, {"0": true}], "data": {"0": {}}, "status": 3});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(odd))
        .mount(&server)
        .await;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    files.sort();
    assert!(files.len() > 30, "{files:?}");
    let base = server.uri();
    let problems = tokio::task::spawn_blocking(move || {
        let mut problems = Vec::new();
        for file in files {
            let output = Command::new(env!("CARGO_BIN_EXE_gocrm-codegen"))
                .args([
                    "probe",
                    "--no-config",
                    "--format",
                    "json",
                    "--delay-ms",
                    "0",
                    "--max-requests",
                    "15",
                ])
                .arg("--spec")
                .arg(&file)
                .args(["--base-url", &base])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let report = serde_json::from_slice::<serde_json::Value>(&output.stdout);
            let ok = match output.status.code() {
                Some(0 | 1) => {
                    report.is_ok_and(|r| r["requests"].as_u64().is_some_and(|n| n <= 15))
                }
                // A document the generator refuses is a usage error, with a message.
                Some(2) => stderr.starts_with("error: "),
                _ => false,
            };
            if !ok || stderr.contains("panicked") {
                problems.push(format!(
                    "{}: exit {:?}\n{stderr}",
                    file.display(),
                    output.status.code()
                ));
            }
        }
        problems
    })
    .await
    .unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
