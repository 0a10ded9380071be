#!/usr/bin/env bash
# Run every fuzz target (fuzz/, its own crate: see fuzz/src/lib.rs) for
# SECONDS each (default 60) from a random seed, printing cases per second
# and findings; a finding is saved under fuzz/crashes/ and makes the exit
# status 1. Replay one with
#   target/release/ferrowasm-fuzz --replay fuzz/crashes/FILE.bin
#
#   ci/fuzz.sh [SECONDS] [--seed S] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi
# The root crate's target directory, so that ferrowasm's dependencies
# already built there are reused.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}"
cargo build --release --quiet --manifest-path fuzz/Cargo.toml
"$CARGO_TARGET_DIR/release/ferrowasm-fuzz" --seconds "$seconds" "$@"
