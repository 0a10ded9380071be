#!/usr/bin/env bash
# Installs ferrowasm into a temporary prefix with ci/install.sh, then builds
# ci/install/host.c against the installed files only: with pkg-config
# (shared, and static with --static) and with CMake's find_package(ferrowasm)
# (targets ferrowasm::ferrowasm and ferrowasm::ferrowasm_static), and runs
# each program. Installs pkg-config and cmake with apt-get when missing.
set -euo pipefail
# (No `grep -q` after a pipe: it exits at the first match, and under
# pipefail the writer's SIGPIPE would fail the check at random.)
cd "$(dirname "$0")/.."

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if [ ${#need[@]} -gt 0 ]; then
  echo "ci/install_test.sh: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
bash ci/install.sh "$prefix"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
major="${version%%.*}"

fail() { echo "ci/install_test.sh: FAILED: $*" >&2; exit 1; }
expect_add() { # program
  local out
  out="$("$1")" || fail "$1 exited with $?"
  [ "$out" = "add(2, 3) = 5" ] || fail "$1 printed '$out'"
}

# The installed tree.
for f in bin/ferrowasm "lib/libferrowasm.so.$major" lib/libferrowasm.so lib/libferrowasm.a \
  include/wasm.h include/wasm_export.h include/ferrowasm.h lib/pkgconfig/ferrowasm.pc \
  lib/cmake/ferrowasm/ferrowasmConfig.cmake lib/cmake/ferrowasm/ferrowasmConfigVersion.cmake; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
[ "$(readlink "$prefix/lib/libferrowasm.so")" = "libferrowasm.so.$major" ] ||
  fail "lib/libferrowasm.so is not a symlink to libferrowasm.so.$major"
readelf -d "$prefix/lib/libferrowasm.so.$major" | grep "SONAME.*\[libferrowasm.so.$major\]" >/dev/null ||
  fail "the SONAME is not libferrowasm.so.$major"
[ "$("$prefix/bin/ferrowasm" --version)" = "ferrowasm $version" ] || fail "bin/ferrowasm --version"
[ "$("$prefix/bin/ferrowasm" run examples/fib.wat --invoke fib 10)" = 55 ] || fail "bin/ferrowasm run"

# pkg-config: shared (run through an rpath into the prefix), then static.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --modversion ferrowasm)" = "$version" ] || fail "pkg-config --modversion"
cc=${CC:-cc}
# shellcheck disable=SC2046
"$cc" -O1 -Wall -o "$work/pc_shared" ci/install/host.c $(pkg-config --cflags --libs ferrowasm) \
  -Wl,-rpath,"$(pkg-config --variable=libdir ferrowasm)"
readelf -d "$work/pc_shared" | grep "NEEDED.*\[libferrowasm.so.$major\]" >/dev/null ||
  fail "pc_shared does not need libferrowasm.so.$major"
expect_add "$work/pc_shared"
# shellcheck disable=SC2046
"$cc" -O1 -Wall -o "$work/pc_static" ci/install/host.c $(pkg-config --cflags ferrowasm) \
  "$(pkg-config --variable=libdir ferrowasm)/libferrowasm.a" $(pkg-config --libs-only-l --static ferrowasm | sed 's/-lferrowasm//')
if readelf -d "$work/pc_static" | grep "NEEDED.*libferrowasm" >/dev/null; then
  fail "pc_static needs the shared library"
fi
expect_add "$work/pc_static"
echo "ci/install_test.sh: pkg-config hosts (shared, static) ok"

# CMake: find_package(ferrowasm VERSION EXACT) from the prefix.
cmake -S ci/install -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DFERROWASM_VERSION="$version" -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log"; fail "cmake configure"; }
cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "cmake build"; }
expect_add "$work/cmake/host_shared"
expect_add "$work/cmake/host_static"
ldd "$work/cmake/host_shared" | grep "$prefix/lib/libferrowasm.so.$major" >/dev/null ||
  fail "host_shared does not load the installed library"
echo "ci/install_test.sh: CMake hosts (ferrowasm::ferrowasm, ferrowasm::ferrowasm_static) ok"
echo "install test: ok"
