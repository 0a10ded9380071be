#!/usr/bin/env bash
# Run the official WASI test suite (WebAssembly/wasi-testsuite, branch
# prod/testsuite-base, which carries the prebuilt preview1 tests) on the
# ferrowasm CLI through ci/wasi-testsuite/ferrowasm_adapter.py.
#
#   ci/wasi-testsuite.sh PATH_TO_CHECKOUT [EXTRA run-tests OPTIONS...]
#
# CI cannot fetch the suite (no network but package registries), so it is
# not part of ci/test.sh; tests/wasi.rs holds our regression tests for the
# failures this suite found. The suite's runner needs Python >= 3.12 (set
# PYTHON to choose one); its requirements go into a venv under target/.
# FERROWASM_TIER=interp|jit|auto picks the tier (default: the CLI's default).
set -euo pipefail
if [ $# -lt 1 ] || [ ! -x "$1/run-tests" ]; then
  echo "usage: $0 PATH_TO_WASI_TESTSUITE_CHECKOUT [run-tests options]" >&2
  echo "  (a checkout of github.com/WebAssembly/wasi-testsuite, branch prod/testsuite-base)" >&2
  exit 1
fi
suite="$(cd "$1" && pwd)"
shift
cd "$(dirname "$0")/.."
root="$(pwd)"

py=""
for cand in ${PYTHON:-} python3.13 python3.12 python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
     "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    py="$cand"
    break
  fi
done
if [ -z "$py" ]; then
  echo "$0: the suite's runner needs Python >= 3.12 (none found; set PYTHON)" >&2
  exit 1
fi

venv="$root/target/wasi-testsuite-venv"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q -r "$suite/test-runner/requirements.txt"

cargo build --release --quiet
cmd="$root/target/release/ferrowasm"
[ -n "${FERROWASM_TIER:-}" ] && cmd="$cmd --tier $FERROWASM_TIER"
export FERROWASM="$cmd"

mkdir -p "$root/target"
# run-tests finds the tests relative to its own directory, and writes
# nothing into the checkout.
cd "$suite"
set +e
"$venv/bin/python" run-tests -r "$root/ci/wasi-testsuite/ferrowasm_adapter.py" \
  --disable-colors --json-output-location "$root/target/wasi-testsuite.json" "$@" \
  2>&1 | tee "$root/target/wasi-testsuite.log"
status=${PIPESTATUS[0]}
set -e
echo "ci/wasi-testsuite.sh: log in target/wasi-testsuite.log, JSON in target/wasi-testsuite.json"
exit "$status"
