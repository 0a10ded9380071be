#!/usr/bin/env bash
# The layers' import rules (docs/ARCHITECTURE.md): `src/runtime` names no
# tier and no layer above it; the two tiers never name each other; the
# C layers and WASI are not imported by runtime or the tiers.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() { # check DIR PATTERN WHY
  local hits
  hits=$(grep -rnE "$2" "$1" --include='*.rs' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' || true)
  if [ -n "$hits" ]; then
    echo "layer violation: $3"
    echo "$hits"
    fail=1
  fi
}
up='crate::(interp|jit|capi|embed|wasi|cli|tiers)\b'
check src/runtime "$up" "src/runtime must not import a tier or a layer above it"
check src/interp 'crate::(jit|capi|embed|wasi|cli|tiers)\b' "src/interp must not import the JIT or a layer above it"
check src/jit 'crate::(interp|capi|embed|wasi|cli|tiers)\b' "src/jit must not import the interpreter or a layer above it"
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "layers: ok (runtime imports no tier; interp and jit do not import each other)"
