#!/bin/sh
# Rebuild the WASI test programs: examples/wasi/*.c -> *.wasm.
# Needs Debian's `clang lld wasi-libc libclang-rt-14-dev-wasm32`
# (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
# The .wasm files are committed so that the tests do not need clang.
set -eu
cd "$(dirname "$0")"
CC="${CC:-clang}"
for src in *.c; do
    # simd.c is the SIMD build (vectorised loops and wasm_simd128.h).
    extra=""
    [ "$src" = simd.c ] && extra="-msimd128"
    # tailcall.c: musttail handlers become return_call(_indirect).
    [ "$src" = tailcall.c ] && extra="-mtail-call"
    out="${src%.c}.wasm"
    "$CC" --target=wasm32-wasi $extra -O2 -Wall -Wextra -Werror -Wl,--strip-all -o "$out" "$src"
    echo "built $out ($(wc -c < "$out") bytes)"
done
