#!/bin/sh
# Rebuild the WASI test programs: examples/wasi/*.c -> *.wasm.
# Needs Debian's `clang lld wasi-libc libclang-rt-14-dev-wasm32`
# (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
# The .wasm files are committed so that the tests do not need clang.
set -eu
cd "$(dirname "$0")"
CC="${CC:-clang}"
for src in *.c; do
    # sjlj.c needs a newer clang (below).
    [ "$src" = sjlj.c ] && continue
    # simd.c is the SIMD build (vectorised loops and wasm_simd128.h).
    extra=""
    [ "$src" = simd.c ] && extra="-msimd128"
    # tailcall.c: musttail handlers become return_call(_indirect).
    [ "$src" = tailcall.c ] && extra="-mtail-call"
    out="${src%.c}.wasm"
    "$CC" --target=wasm32-wasi $extra -O2 -Wall -Wextra -Werror -Wl,--strip-all -o "$out" "$src"
    echo "built $out ($(wc -c < "$out") bytes)"
done
# sjlj.c: setjmp/longjmp lowered to wasm exceptions, in both encodings
# (legacy try/catch, as clang emits by default, and try_table/exnref).
# Debian's clang 14 and wasi-libc have no wasm setjmp; the clang and
# wasi-libc of the `ziglang` Python package (pip install ziglang) do.
ZIGCC="${ZIGCC:-python3 -m ziglang cc}"
sjlj="-O2 -s -mexception-handling -mllvm -wasm-enable-sjlj"
$ZIGCC --target=wasm32-wasi $sjlj -o sjlj.wasm sjlj.c sjlj_tag.s
$ZIGCC --target=wasm32-wasi $sjlj -mllvm -wasm-use-legacy-eh=false -o sjlj-exnref.wasm sjlj.c sjlj_tag.s
echo "built sjlj.wasm ($(wc -c < sjlj.wasm) bytes), sjlj-exnref.wasm ($(wc -c < sjlj-exnref.wasm) bytes)"
