#!/usr/bin/env bash
# gocrm against its peers (BENCHMARKS.md, issue 16). Peers are installed into the user's
# tools (cargo install / pip), never into the workspace: nothing here is part of
# `cargo test --workspace` or CI.
#
#   scripts/peers.sh [STEP…]          steps, in the order given (default: install gen check buildrs)
#
#   install   cargo-progenitor 0.15.1, openapi-to-rust 0.23.0 (crates.io), openapi-generator-cli
#             7.26.0 (PyPI, runs on the JRE); skipped when the right version is there
#   gen       goal 1: generation of nexus as whole CLI processes, interleaved rounds
#             (ours, progenitor, openapi-to-rust, openapi-generator), wall and CPU time,
#             best and median of $RUNS, ratios
#   check     goal 2: each peer's crate for nexus, kubernetes-core-v1 and twilio-api-v2010,
#             dependencies built once, then `cargo check` of the crate alone,
#             non-incremental (touch + CARGO_INCREMENTAL=0), best of $RUNS, ratios.
#             CHECK_SPECS="progenitor-nexus.json …" and CHECK_PEERS="gocrm progenitor …"
#             narrow it (e.g. CHECK_PEERS=gocrm to re-measure only our side)
#   buildrs   goal 3: a clean `cargo build` of a crate whose build.rs generates the nexus
#             client (ours: gocrm_codegen::Config; progenitor: its documented recipe), each
#             with its own target dir, best of $BUILD_RUNS (default 1), plus `cargo tree -e build`
#   corpus    opt-in (slow): for every document in the shared corpus, does each peer generate
#             a crate, and does that crate pass `cargo check`
#
# Environment: RUNS (default 7 for gen, 3 for check), BUILD_RUNS (default 1),
# GOCRM_CORPUS (default ../shared/corpus beside the repository), PEERS_DIR (work directory,
# default /tmp/gocrm-peers; kept between runs so dependencies build once).
# Times: wall (s) and CPU (user + sys of the process and its children, s), from
# /usr/bin/time. On a shared machine the CPU times are the steadier figure.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GOCRM_CORPUS:-$root/../shared/corpus}"
work="${PEERS_DIR:-/tmp/gocrm-peers}"
mkdir -p "$work"
PROGENITOR_VERSION=0.15.1
O2R_VERSION=0.23.0
OAG_VERSION=7.26.0
PEERS=(gocrm progenitor openapi-to-rust openapi-generator)

log() { echo "[peers] $*" >&2; }

# ---------------------------------------------------------------- install

installed_crate_version() { # crate → installed version, or empty
  cargo install --list 2>/dev/null | awk -v c="$1" '$1 == c { sub(/^v/, "", $2); sub(/:$/, "", $2); print $2 }'
}

step_install() {
  local crate want
  for pair in "cargo-progenitor $PROGENITOR_VERSION" "openapi-to-rust $O2R_VERSION"; do
    read -r crate want <<<"$pair"
    if [ "$(installed_crate_version "$crate")" = "$want" ]; then
      log "$crate $want: installed"
    else
      log "installing $crate $want (cargo install --locked)…"
      cargo install --locked --version "=$want" "$crate"
    fi
  done
  if [ "$(pip show openapi-generator-cli 2>/dev/null | awk '/^Version:/ { print $2 }')" = "$OAG_VERSION" ]; then
    log "openapi-generator-cli $OAG_VERSION: installed"
  else
    log "installing openapi-generator-cli $OAG_VERSION (pip)…"
    pip install "openapi-generator-cli==$OAG_VERSION"
  fi
  command -v java >/dev/null || { log "openapi-generator needs a JRE (e.g. apt-get install openjdk-17-jre-headless)"; exit 1; }
}

# ---------------------------------------------------------------- helpers

gocrm_bin() {
  if [ -z "${GOCRM_BIN:-}" ]; then
    log "building gocrm-codegen (release)…"
    cargo build -q --release --manifest-path "$root/Cargo.toml" -p gocrm-codegen
    GOCRM_BIN="$root/target/release/gocrm-codegen"
  fi
  echo "$GOCRM_BIN"
}

# The generation of one document by one peer is three parts: gen_prepare (not timed: clears
# OUT), gen_cmd (sets CMD, the one CLI process a new user runs) and gen_finish (not timed:
# wraps openapi-to-rust's module in a crate, as its user does by hand once). progenitor's
# binary is run directly, not through `cargo progenitor`, which would add cargo's start-up
# to its time. openapi-generator validates specs strictly and refuses some that the others
# take; --skip-validate-spec is what its users pass then.
gen_prepare() {
  local out="$3"
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
}

gen_cmd() {
  local peer="$1" spec="$2" out="$3" name="$4"
  case "$peer" in
    gocrm) CMD=("$GOCRM" generate --spec "$spec" --out "$out" --name "$name" --no-config) ;;
    progenitor) CMD=(cargo-progenitor progenitor -i "$spec" -o "$out" -n "$name" -v 0.1.0) ;;
    openapi-to-rust) CMD=(openapi-to-rust generate "$spec" --output-dir "$out/src/api" --module-name "$name" --quiet) ;;
    openapi-generator)
      CMD=(openapi-generator-cli generate -i "$spec" -g rust -o "$out" --skip-validate-spec
        --additional-properties "packageName=$name") ;;
  esac
}

gen_finish() {
  local peer="$1" out="$3" name="$4"
  if [ "$peer" = openapi-to-rust ]; then o2r_wrap "$out" "$name"; fi
}

# generate PEER SPEC OUT NAME (untimed, GEN_TIMEOUT seconds at most, default 900)
generate() {
  gen_prepare "$@"
  gen_cmd "$@"
  timeout "${GEN_TIMEOUT:-900}" "${CMD[@]}" || return 1
  gen_finish "$@"
}

# openapi-to-rust writes a module (mod.rs, types.rs, client.rs, …) and a REQUIRED_DEPS.toml
# with the dependencies it needs; the crate around it is the user's: a manifest with those
# dependencies and a lib.rs with `pub mod api;`.
o2r_wrap() {
  local out="$1" name="$2" deps="$1/src/api/REQUIRED_DEPS.toml"
  [ -f "$out/src/api/mod.rs" ] || return 1
  {
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n' "$name"
    printf '[workspace]\n\n'
    if [ -f "$deps" ]; then
      grep -q '^\[dependencies\]' "$deps" || printf '[dependencies]\n'
      cat "$deps"
    fi
  } >"$out/Cargo.toml"
  printf 'pub mod api;\n' >"$out/src/lib.rs"
}

# timed OUTFILE CMD…: runs CMD, appends "wall cpu maxrss_kib" to OUTFILE; returns CMD's status.
timed() {
  local outf="$1" tf rc=0
  shift
  tf="$(mktemp)"
  /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then
    awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$tf" >>"$outf"
  fi
  rm -f "$tf"
  return "$rc"
}

# stats FILE COLUMN → "best median" of that column
stats() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.3f %.3f\n", v[1], m }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "-" || a == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

peer_available() {
  case "$1" in
    gocrm) return 0 ;;
    progenitor) command -v cargo-progenitor >/dev/null ;;
    openapi-to-rust) command -v openapi-to-rust >/dev/null ;;
    openapi-generator) command -v openapi-generator-cli >/dev/null && command -v java >/dev/null ;;
  esac
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- goal 1

step_gen() {
  local runs="${RUNS:-7}" spec="$corpus/progenitor-nexus.json" dir="$work/gen" peer i
  GOCRM="$(gocrm_bin)"
  rm -rf "$dir"
  mkdir -p "$dir"
  log "goal 1: generating nexus, $runs interleaved rounds (load average $(load_avg))"
  for peer in "${PEERS[@]}"; do # warm-up: page cache, JIT-less first start
    peer_available "$peer" && { generate "$peer" "$spec" "$dir/out-$peer" nexus >"$dir/$peer.log" 2>&1 || log "$peer failed on nexus (see $dir/$peer.log)"; }
  done
  for i in $(seq "$runs"); do
    for peer in "${PEERS[@]}"; do
      peer_available "$peer" || continue
      gen_prepare "$peer" "$spec" "$dir/out-$peer" nexus
      gen_cmd "$peer" "$spec" "$dir/out-$peer" nexus
      timed "$dir/$peer.times" "${CMD[@]}" || log "$peer failed in round $i"
    done
  done
  echo
  echo "Goal 1: generation of progenitor-nexus.json, whole CLI processes, $runs interleaved rounds (load average after: $(load_avg))"
  printf '%-18s %9s %9s %9s %9s %8s %9s %9s\n' peer "wall best" "wall med" "cpu best" "cpu med" "rss MiB" "lines" "bytes"
  declare -gA G1_WALL G1_CPU
  for peer in "${PEERS[@]}"; do
    [ -s "$dir/$peer.times" ] || { printf '%-18s %s\n' "$peer" "(not run or failed)"; continue; }
    read -r wb wm <<<"$(stats "$dir/$peer.times" 1)"
    read -r cb cm <<<"$(stats "$dir/$peer.times" 2)"
    read -r rb _ <<<"$(stats "$dir/$peer.times" 3)"
    G1_WALL[$peer]="$wb $wm"
    G1_CPU[$peer]="$cb $cm"
    local lines bytes
    lines=$(find "$dir/out-$peer" -name '*.rs' -exec cat {} + | wc -l)
    bytes=$(find "$dir/out-$peer" -name '*.rs' -exec cat {} + | wc -c)
    printf '%-18s %9s %9s %9s %9s %8d %9s %9s\n' "$peer" "$wb" "$wm" "$cb" "$cm" "$((${rb%.*} / 1024))" "$lines" "$bytes"
  done
  read -r owb owm <<<"${G1_WALL[gocrm]:-- -}"
  read -r ocb ocm <<<"${G1_CPU[gocrm]:-- -}"
  for peer in progenitor openapi-to-rust openapi-generator; do
    [ -n "${G1_WALL[$peer]:-}" ] || continue
    read -r pwb pwm <<<"${G1_WALL[$peer]}"
    read -r pcb pcm <<<"${G1_CPU[$peer]}"
    printf 'gocrm / %-18s wall best %s, median %s; cpu best %s, median %s\n' "$peer" \
      "$(ratio "$owb" "$pwb")" "$(ratio "$owm" "$pwm")" "$(ratio "$ocb" "$pcb")" "$(ratio "$ocm" "$pcm")"
  done
  echo "(goal 1: ≤ 0.20× progenitor's wall time, ≤ 0.40× openapi-to-rust's)"
}

# ---------------------------------------------------------------- goal 2

# prepare_crate PEER SPEC → directory of a crate that builds on its own (own [workspace],
# lockfile kept between runs), or fails
prepare_crate() {
  local peer="$1" spec="$2" stem dir name
  stem="$(basename "$spec")"
  stem="${stem%.*}"
  name="$(echo "$stem" | tr -c 'a-zA-Z0-9\n' _)"
  name="p_${name}"
  dir="$work/crates/$peer/$stem"
  if ! generate "$peer" "$spec" "$dir" "$name" >"$work/crates/$peer-$stem.gen.log" 2>&1; then
    return 1
  fi
  [ -f "$dir/Cargo.toml" ] || return 1
  # a crate of its own, even when PEERS_DIR is inside some workspace
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  # ours: the same dependency versions as the workspace's tests
  [ "$peer" = gocrm ] && cp "$root/Cargo.lock" "$dir/Cargo.lock"
  echo "$dir"
}

# check_crate PEER DIR RUNS RESULTFILE → best and median of a full `cargo check` of the
# crate alone (dependencies built first, each peer in its own target dir)
check_crate() {
  local peer="$1" dir="$2" runs="$3" res="$4" i
  export CARGO_TARGET_DIR="$work/target-$peer"
  export CARGO_INCREMENTAL=0 # touch leaves the text as it was: incremental would replay its cache
  (cd "$dir" && cargo check -q --lib >"$dir.check.log" 2>&1) || return 1
  : >"$res"
  for i in $(seq "$runs"); do
    touch "$dir/src/lib.rs"
    (cd "$dir" && timed "$res" cargo check -q --lib) || return 1
  done
  unset CARGO_TARGET_DIR
}

step_check() {
  local runs="${RUNS:-3}" spec peer dir
  GOCRM="$(gocrm_bin)"
  mkdir -p "$work/crates"
  local specs=(${CHECK_SPECS:-progenitor-nexus.json kubernetes-core-v1.json twilio-api-v2010.yaml})
  local peers=(${CHECK_PEERS:-${PEERS[*]}})
  log "goal 2: cargo check, best of $runs (load average $(load_avg))"
  echo
  echo "Goal 2: full \`cargo check\` of the generated crate (dependencies built, CARGO_INCREMENTAL=0), best of $runs"
  printf '%-26s %-18s %8s %9s %9s %9s\n' spec peer lines "wall best" "cpu best" "cpu med"
  declare -A best
  for spec in "${specs[@]}"; do
    for peer in "${peers[@]}"; do
      peer_available "$peer" || continue
      if ! dir="$(prepare_crate "$peer" "$corpus/$spec")"; then
        printf '%-26s %-18s %s\n' "$spec" "$peer" "does not generate"
        continue
      fi
      local res="$work/crates/$peer-${spec%.*}.check"
      if ! check_crate "$peer" "$dir" "$runs" "$res"; then
        printf '%-26s %-18s %8d %s\n' "$spec" "$peer" "$(cat "$dir"/src/*.rs "$dir"/src/*/*.rs 2>/dev/null | wc -l)" "does not compile (see $dir.check.log)"
        continue
      fi
      read -r wb _ <<<"$(stats "$res" 1)"
      read -r cb cm <<<"$(stats "$res" 2)"
      best["$spec/$peer"]="$cb"
      printf '%-26s %-18s %8d %9s %9s %9s\n' "$spec" "$peer" "$(find "$dir/src" -name '*.rs' -exec cat {} + | wc -l)" "$wb" "$cb" "$cm"
    done
    for peer in "${peers[@]}"; do
      [ "$peer" = gocrm ] && continue
      [ -n "${best[$spec/$peer]:-}" ] && [ -n "${best[$spec/gocrm]:-}" ] || continue
      printf '  %s: gocrm / %s (cpu, best) = %s\n' "$spec" "$peer" "$(ratio "${best[$spec/gocrm]}" "${best[$spec/$peer]}")"
    done
  done
  echo "(goal 2: ≤ 0.35× the fastest peer's; load average after: $(load_avg))"
}

# ---------------------------------------------------------------- goal 3

# The union of the two generated clients' reqwest needs, given to both crates so that what
# they share is built with the same features.
REQWEST_FEATURES='"rustls-no-provider", "json", "query", "form", "multipart", "http2", "charset", "gzip", "deflate", "brotli", "stream"'

buildrs_crates() {
  local spec="$corpus/progenitor-nexus.json" d="$work/buildrs"
  mkdir -p "$d/gocrm/src" "$d/progenitor/src"
  cp "$spec" "$d/gocrm/nexus.json"
  cp "$spec" "$d/progenitor/nexus.json"
  # ours: the build.rs of examples/gocrm-buildrs, for nexus
  cat >"$d/gocrm/Cargo.toml" <<TOML
[package]
name = "buildrs-gocrm"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
reqwest = { version = "0.13", default-features = false, features = [$REQWEST_FEATURES] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["raw_value"] }
serde_path_to_error = "0.1"
erased-serde = "0.4"

[build-dependencies]
gocrm-codegen = { path = "$root/gocrm-codegen", default-features = false }

[features]
# names the generated file's cfgs refer to (all off)
rustls-ring = []
tracing = []
mock = []
TOML
  cat >"$d/gocrm/build.rs" <<'RS'
fn main() {
    if let Err(e) = gocrm_codegen::Config::new().file_name("nexus").generate("nexus.json") {
        panic!("generating the nexus client failed:\n{e}");
    }
}
RS
  cat >"$d/gocrm/src/lib.rs" <<'RS'
include!(concat!(env!("OUT_DIR"), "/nexus.rs"));
RS
  # progenitor: the build.rs recipe of its README (progenitor 0.15, syn 2, prettyplease 0.2)
  cat >"$d/progenitor/Cargo.toml" <<TOML
[package]
name = "buildrs-progenitor"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
# what cargo-progenitor's manifest for nexus lists (its generated code names them)
base64 = "0.22"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
futures = "0.3"
progenitor-client = "=$PROGENITOR_VERSION"
rand = "0.8"
reqwest = { version = "0.13", default-features = false, features = [$REQWEST_FEATURES] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"

[build-dependencies]
prettyplease = "0.2"
progenitor = "=$PROGENITOR_VERSION"
serde_json = "1"
syn = "2"
TOML
  cat >"$d/progenitor/build.rs" <<'RS'
fn main() {
    let src = "nexus.json";
    println!("cargo:rerun-if-changed={}", src);
    let file = std::fs::File::open(src).unwrap();
    let spec = serde_json::from_reader(file).unwrap();
    let mut generator = progenitor::Generator::default();

    let tokens = generator.generate_tokens(&spec).unwrap();
    let ast = syn::parse2(tokens).unwrap();
    let content = prettyplease::unparse(&ast);

    let mut out_file = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    out_file.push("codegen.rs");

    std::fs::write(out_file, content).unwrap();
}
RS
  cat >"$d/progenitor/src/lib.rs" <<'RS'
include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
RS
  # ours: the workspace's versions, to build what the tests build
  [ -f "$d/gocrm/Cargo.lock" ] || cp "$root/Cargo.lock" "$d/gocrm/Cargo.lock"
}

step_buildrs() {
  local runs="${BUILD_RUNS:-1}" d="$work/buildrs" i peer
  buildrs_crates
  for peer in gocrm progenitor; do # resolve (and download) before timing
    (cd "$d/$peer" && cargo fetch -q)
  done
  log "goal 3: clean cargo build of a build.rs crate, $runs interleaved round(s) (load average $(load_avg))"
  for i in $(seq "$runs"); do
    for peer in gocrm progenitor; do
      rm -rf "$d/target-$peer"
      (cd "$d/$peer" && CARGO_TARGET_DIR="$d/target-$peer" timed "$d/$peer.times" cargo build -q) ||
        { log "$peer's build.rs crate failed to build"; (cd "$d/$peer" && CARGO_TARGET_DIR="$d/target-$peer" cargo build 2>&1 | tail -20) >&2; }
    done
  done
  echo
  echo "Goal 3: clean \`cargo build\` of a crate whose build.rs generates nexus, best of $runs (jobs: ${CARGO_BUILD_JOBS:-$(nproc)})"
  printf '%-12s %9s %9s %9s %14s %12s %8s\n' peer "wall best" "cpu best" "cpu med" "build-only" "all crates" "units"
  declare -A wall cpu
  for peer in gocrm progenitor; do
    [ -s "$d/$peer.times" ] || continue
    read -r wb _ <<<"$(stats "$d/$peer.times" 1)"
    read -r cb cm <<<"$(stats "$d/$peer.times" 2)"
    wall[$peer]="$wb"
    cpu[$peer]="$cb"
    # crates that only the build script brings in: the whole graph less the normal one
    local all norm nb na units
    all="$(cd "$d/$peer" && cargo tree -e normal,build --prefix none 2>/dev/null | sed 's/ (\*)//' | sort -u)"
    norm="$(cd "$d/$peer" && cargo tree -e normal --prefix none 2>/dev/null | sed 's/ (\*)//' | sort -u)"
    comm -23 <(echo "$all") <(echo "$norm") >"$d/$peer.build-only.txt"
    nb=$(wc -l <"$d/$peer.build-only.txt")
    na=$(echo "$all" | wc -l)
    # units cargo compiled or ran (a crate built for the host and the target counts twice)
    units=$(find "$d/target-$peer/debug/.fingerprint" -mindepth 1 -maxdepth 1 -type d | wc -l)
    (cd "$d/$peer" && cargo tree -e normal,build 2>/dev/null) >"$d/$peer.tree.txt" || true
    printf '%-12s %9s %9s %9s %14s %12s %8s\n' "$peer" "$wb" "$cb" "$cm" "$nb" "$na" "$units"
  done
  if [ -n "${wall[gocrm]:-}" ] && [ -n "${wall[progenitor]:-}" ]; then
    echo "gocrm / progenitor: wall $(ratio "${wall[gocrm]}" "${wall[progenitor]}"), cpu $(ratio "${cpu[gocrm]}" "${cpu[progenitor]}")   (goal 3: ≤ 0.8×)"
  fi
  echo "trees: $d/{gocrm,progenitor}.tree.txt; crates only the build script needs: $d/{gocrm,progenitor}.build-only.txt (load average after: $(load_avg))"
}

# ---------------------------------------------------------------- corpus (opt-in)

step_corpus() {
  local spec peer dir stem out="$work/corpus.tsv"
  GOCRM="$(gocrm_bin)"
  mkdir -p "$work/crates"
  printf 'document\tpeer\tgenerates\tcompiles\n' >"$out"
  declare -A gen ok
  local docs=0
  for spec in "$corpus"/*.json "$corpus"/*.yaml "$corpus"/*.yml; do
    [ -f "$spec" ] || continue
    docs=$((docs + 1))
    stem="$(basename "$spec")"
    for peer in "${PEERS[@]}"; do
      peer_available "$peer" || continue
      local g=no c=no
      if dir="$(GEN_TIMEOUT=600 prepare_crate "$peer" "$spec")"; then
        g=yes
        gen[$peer]=$((${gen[$peer]:-0} + 1))
        if (cd "$dir" && CARGO_TARGET_DIR="$work/target-$peer" timeout 1200 cargo check -q --lib >"$dir.check.log" 2>&1); then
          c=yes
          ok[$peer]=$((${ok[$peer]:-0} + 1))
        fi
      fi
      printf '%s\t%s\t%s\t%s\n' "$stem" "$peer" "$g" "$c" | tee -a "$out" >&2
    done
  done
  echo
  echo "Shared corpus ($docs documents): generated / compiled (cargo check) per peer; details in $out"
  for peer in "${PEERS[@]}"; do
    peer_available "$peer" || continue
    printf '%-18s generates %2d, compiles %2d\n' "$peer" "${gen[$peer]:-0}" "${ok[$peer]:-0}"
  done
}

# ---------------------------------------------------------------- main

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(install gen check buildrs)
for s in "${steps[@]}"; do
  case "$s" in
    install | gen | check | buildrs | corpus) "step_$s" ;;
    *) echo "unknown step: $s (install, gen, check, buildrs, corpus)" >&2; exit 2 ;;
  esac
done
