#!/usr/bin/env bash
# Compile cost of generated code (BENCHMARKS.md, goal 4): lines of generated code and the
# time of `cargo check` on the generated crate once its dependencies are built, for
# progenitor-nexus.json and kubernetes-core-v1.json, against progenitor's output for nexus.
#
#   scripts/compile_cost.sh [OUT_DIR]        (default: a new temp directory)
#
# Needs the corpus ($GOCRM_CORPUS, default ../shared/corpus beside the repository) and the
# bench crate (benches/gocrm-bench) for progenitor's output. Each check is run three times
# after `touch src/lib.rs`, non-incrementally (a full check of the crate); the best is
# reported.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GOCRM_CORPUS:-$root/../shared/corpus}"
out="${1:-$(mktemp -d /tmp/gocrm-compile-cost.XXXXXX)}"
mkdir -p "$out"
runs=3

echo "building the generator (release)…" >&2
cargo build -q --release --manifest-path "$root/Cargo.toml" -p gocrm-codegen
gen="$root/target/release/gocrm-codegen"
echo "building progenitor's generator (bench crate)…" >&2
cargo build -q --release --manifest-path "$root/benches/gocrm-bench/Cargo.toml" --bin progenitor_gen
pgen="$root/benches/gocrm-bench/target/release/progenitor_gen"

# Shared target dir for our crates, so their dependencies build once.
export CARGO_TARGET_DIR="$out/target-gocrm"

lines() { cat "$1"/src/*.rs | wc -l; }

# best-of-N `cargo check` time of the crate itself (dependencies already built). Without
# incremental compilation: `touch` does not change the text, so an incremental check would
# replay its cache (≈ 1 s for any crate) instead of checking the code.
export CARGO_INCREMENTAL=0
check_time() {
  local dir="$1" best=""
  (cd "$dir" && cargo check -q 2>/dev/null) # dependencies (and a first check)
  for _ in $(seq "$runs"); do
    touch "$dir/src/lib.rs"
    local t0 t1
    t0=$(date +%s.%N)
    (cd "$dir" && cargo check -q)
    t1=$(date +%s.%N)
    local t
    t=$(echo "$t1 - $t0" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best="$t"; fi
  done
  echo "$best"
}

printf '%-34s %10s %12s\n' "crate" "lines" "check (s)"
declare -A secs
for spec in progenitor-nexus.json kubernetes-core-v1.json; do
  name="gocrm-${spec%%.*}"
  dir="$out/$name"
  "$gen" generate --spec "$corpus/$spec" --out "$dir" --name "$name" --no-config >/dev/null 2>&1
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  t=$(check_time "$dir")
  secs[$name]="$t"
  printf '%-34s %10s %12.2f\n' "$name" "$(lines "$dir")" "$t"
done

# progenitor's output for nexus, in a crate with the dependencies its code uses.
pdir="$out/progenitor-nexus"
mkdir -p "$pdir/src"
"$pgen" "$corpus/progenitor-nexus.json" > "$pdir/src/lib.rs"
cat > "$pdir/Cargo.toml" <<'TOML'
[package]
name = "progenitor-nexus"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor-client = "=0.14.0"
reqwest = { version = "0.13", default-features = false, features = ["json", "stream", "query", "form"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"
futures = "0.3"
bytes = "1"
base64 = "0.22"
rand = "0.9"

[workspace]
TOML
export CARGO_TARGET_DIR="$out/target-progenitor"
t=$(check_time "$pdir")
secs[progenitor]="$t"
printf '%-34s %10s %12.2f\n' "progenitor-nexus (baseline)" "$(lines "$pdir")" "$t"
printf '\nratio gocrm/progenitor (nexus check): %.2f\n' "$(echo "${secs[gocrm-progenitor-nexus]} / ${secs[progenitor]}" | bc -l)"
echo "outputs in $out" >&2
