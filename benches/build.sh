#!/usr/bin/env bash
# Rebuilds the benchmark workloads from benches/workloads/*.c:
#   benches/build.sh              -> benches/wasm/*.wasm (committed); the
#                                    SIMD kernels twice: NAME.wasm (scalar)
#                                    and NAME-simd.wasm (-msimd128)
#   benches/build.sh --native DIR -> DIR/NAME.so, the same C compiled natively
#                                    with -O3 (the harness dlopens them and
#                                    times the same run(n))
# Needs Debian's clang and lld (installed with apt-get when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/workloads"
WORKLOADS="fib sieve matmul sha256 quicksort calls coremark bigprog"
# Kernels that gain from SIMD: vec_intrin is written with wasm_simd128.h
# intrinsics (plain loops without -msimd128), vec_auto is autovectorised.
SIMD_WORKLOADS="vec_intrin vec_auto"

need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v wasm-ld >/dev/null 2>&1 || need+=(lld)
if [ ${#need[@]} -gt 0 ]; then
  echo "build.sh: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

CFLAGS_COMMON=(-O3 -fno-math-errno -Wall -Wextra -Wno-unused-parameter)

if [ "${1:-}" = "--native" ]; then
  out="${2:?usage: build.sh --native OUTDIR}"
  mkdir -p "$out"
  for w in $WORKLOADS $SIMD_WORKLOADS; do
    # Rebuild only when the source (or the shared header) is newer.
    if [ ! -f "$out/$w.so" ] || [ "$src/$w.c" -nt "$out/$w.so" ] || [ "$src/bench.h" -nt "$out/$w.so" ]; then
      clang "${CFLAGS_COMMON[@]}" -fPIC -shared "$src/$w.c" -o "$out/$w.so" -lm
    fi
  done
  echo "build.sh: native workloads in $out" >&2
  exit 0
fi

out="$here/wasm"
mkdir -p "$out"
for w in $WORKLOADS; do
  clang --target=wasm32 "${CFLAGS_COMMON[@]}" -nostdlib \
    -Wl,--no-entry -Wl,--export=run -Wl,-z,stack-size=1048576 \
    "$src/$w.c" "$src/rt.c" -o "$out/$w.wasm"
  printf '%-10s %8d bytes\n' "$w.wasm" "$(stat -c %s "$out/$w.wasm")"
done
for w in $SIMD_WORKLOADS; do
  for simd in "" "-simd"; do
    clang --target=wasm32 ${simd:+-msimd128} "${CFLAGS_COMMON[@]}" -nostdlib \
      -Wl,--no-entry -Wl,--export=run -Wl,-z,stack-size=1048576 \
      "$src/$w.c" "$src/rt.c" -o "$out/$w$simd.wasm"
    printf '%-16s %8d bytes\n' "$w$simd.wasm" "$(stat -c %s "$out/$w$simd.wasm")"
  done
done
clang --version | head -1 > "$out/CLANG_VERSION"
