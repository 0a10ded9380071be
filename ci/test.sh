#!/usr/bin/env bash
# The one test command (README, .ci/run). Installs what it needs with
# apt-get when missing, builds, runs every test, and prints the summaries.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- system packages -------------------------------------------------------
# C and C++ compilers for the C and C++ examples, the JIT's setjmp helper
# and the C++ API (src/capi/cpp), libclang for the bindgen layout test
# (needed to compile it), clang for the wasm.hh declaration test and, with
# lld, for the benchmark workloads.
need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)
command -v c++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
command -v nm >/dev/null 2>&1 || need+=(binutils)
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v wasm-ld >/dev/null 2>&1 || command -v wasm-ld-14 >/dev/null 2>&1 || need+=(lld)
ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 || need+=(libclang-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "ci/test.sh: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

export CARGO_TERM_COLOR=never

# --- lint --------------------------------------------------------------------
cargo fmt --all -- --check
# The layers' import rules (runtime imports no tier; the tiers are peers).
bash ci/check-layers.sh
cargo clippy --release --all-targets -- -D warnings
# The interpreter-only build (no Cranelift) must stay clean too.
cargo clippy --release --all-targets --no-default-features -- -D warnings

# --- build and test ----------------------------------------------------------
cargo build --release
# Everything but the spec suite and the embed examples (run on their own
# below so that their tables are shown).
cargo test --release -- --skip spec_v2 --skip spec_multi_memory --skip spec_simd --skip spec_relaxed_simd --skip spec_tail_call --skip spec_extended_const --skip spec_wide_arithmetic --skip spec_memory64 --skip spec_custom_page_sizes --skip spec_exceptions --skip embed_examples
# The WAMR-style API's C examples: plain, AddressSanitizer, and the pool
# under a malloc-counting interposer.
mkdir -p target
cargo test --release --test embed_examples -- --nocapture 2>&1 | tee target/embed.log
# The spec testsuite (v2 on every tier, the multi-memory, simd,
# relaxed-simd, tail-call, extended-const, wide-arithmetic, memory64,
# custom-page-sizes and exceptions proposals), one line per file and a closing line per suite
# and tier.
mkdir -p target
cargo test --release --test spec -- --nocapture --test-threads 1 2>&1 | tee target/spec.log
# ci/install.sh into a temporary prefix; C hosts built there with pkg-config
# and with CMake's find_package(ferrowasm), and run.
bash ci/install_test.sh 2>&1 | tee target/install.log
# The benchmark harness in smoke mode, so that it never rots (no timings
# are asserted; it fails only on a checksum mismatch or a ferrowasm error).
# (--no-large: the 21.7 MB module is compiled by the full run only; on the
# jit tier it takes ~40 s.)
bash ci/bench.sh --quick --no-large 2>&1 | tee target/bench-quick.log
# The fuzz targets (fuzz/, their own crate): the saved findings and fixed
# seeds replay clean, then a 20 s smoke of each target from a fixed seed,
# so that a CI run is reproducible (findings fail the run and are saved
# under fuzz/crashes/; ci/fuzz.sh without --seed explores new seeds).
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
CARGO_TARGET_DIR="$(pwd)/target" cargo test --release --manifest-path fuzz/Cargo.toml
bash ci/fuzz.sh 20 --seed 20261203 2>&1 | tee target/fuzz-smoke.log

echo
echo "== summary =="
grep -E "^spec (v2|multi-memory|simd|relaxed-simd|tail-call|extended-const|wide-arithmetic|memory64|custom-page-sizes|exceptions) " target/spec.log
grep -E "^embed examples: " target/embed.log
grep -E "^install test: " target/install.log
grep -E "^(exec|decode): [0-9]+ cases|^fuzz: " target/fuzz-smoke.log
