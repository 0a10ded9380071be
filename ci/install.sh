#!/usr/bin/env bash
# Install ferrowasm into PREFIX (default /usr/local):
#   PREFIX/bin/ferrowasm                    the command line
#   PREFIX/lib/libferrowasm.so.<major>      the shared library (SONAME libferrowasm.so.<major>)
#   PREFIX/lib/libferrowasm.so              symlink to it (for -lferrowasm)
#   PREFIX/lib/libferrowasm.a               the static library (link with -lpthread -ldl -lm)
#   PREFIX/include/                         wasm.h, wasm_export.h, ferrowasm.h
#   PREFIX/lib/pkgconfig/ferrowasm.pc       pkg-config: `pkg-config --cflags --libs ferrowasm`
#   PREFIX/lib/cmake/ferrowasm/             find_package(ferrowasm): target ferrowasm::ferrowasm
#                                           (shared) and ferrowasm::ferrowasm_static
# Usage: ci/install.sh [PREFIX]   (builds with `cargo build --release` first;
# set FERROWASM_NO_BUILD=1 to install what target/release holds)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
major="${version%%.*}"
[ -n "$version" ] || { echo "ci/install.sh: no version in Cargo.toml" >&2; exit 1; }

if [ "${FERROWASM_NO_BUILD:-}" != 1 ]; then
  cargo build --release
fi
rel="${CARGO_TARGET_DIR:-target}/release"
for f in "$rel/libferrowasm.so" "$rel/libferrowasm.a" "$rel/ferrowasm"; do
  [ -f "$f" ] || { echo "ci/install.sh: $f is missing (build failed?)" >&2; exit 1; }
done

install -d "$prefix/bin" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/ferrowasm" "$prefix/include"
install -m 755 "$rel/ferrowasm" "$prefix/bin/ferrowasm"
install -m 755 "$rel/libferrowasm.so" "$prefix/lib/libferrowasm.so.$major"
ln -sfn "libferrowasm.so.$major" "$prefix/lib/libferrowasm.so"
install -m 644 "$rel/libferrowasm.a" "$prefix/lib/libferrowasm.a"
install -m 644 include/*.h "$prefix/include/"
if compgen -G "include/*.hh" >/dev/null; then
  install -m 644 include/*.hh "$prefix/include/"
fi

sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
  ci/install/ferrowasm.pc.in >"$prefix/lib/pkgconfig/ferrowasm.pc"
sed -e "s|@MAJOR@|$major|g" \
  ci/install/ferrowasmConfig.cmake.in >"$prefix/lib/cmake/ferrowasm/ferrowasmConfig.cmake"
sed -e "s|@VERSION@|$version|g" \
  ci/install/ferrowasmConfigVersion.cmake.in >"$prefix/lib/cmake/ferrowasm/ferrowasmConfigVersion.cmake"
echo "ci/install.sh: ferrowasm $version installed into $prefix"
