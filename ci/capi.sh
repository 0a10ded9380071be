#!/usr/bin/env bash
# The wasm.h C API checks: installs what they need (clang and libclang for
# the bindgen layout test, valgrind on request), then runs the C API tests
# (ABI, exports, behaviour through the cdylib) and the C examples plainly,
# under AddressSanitizer and statically linked. Meant to be called from
# ci/test.sh; usable alone. `--valgrind` also runs the examples under
# valgrind (slow: a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)
command -v c++ >/dev/null 2>&1 || need+=(g++)
command -v nm >/dev/null 2>&1 || need+=(binutils)
ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 || need+=(libclang-dev clang)
if [ "${1:-}" = "--valgrind" ]; then
  command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "ci/capi.sh: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

cargo test --release --test capi_abi --test capi --test capi_examples -- --nocapture --test-threads 1
if [ "${1:-}" = "--valgrind" ]; then
  cargo build --release --lib
  cargo run --release --example capi_runner -- --valgrind
fi
