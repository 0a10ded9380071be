"""Run a WASI program on Wasmtime (the PyPI `wasmtime` package's WASI,
the reference ci/yosys-compare.sh compares ferrowasm with).

    run_wasmtime.py WASM [HOST::GUEST]... -- ARGS...
Standard streams are inherited; the exit status is the program's.
"""
import sys

import wasmtime

argv = sys.argv[1:]
wasm = argv.pop(0)
dirs = []
while argv and argv[0] != "--":
    dirs.append(argv.pop(0))
args = argv[1:]

engine = wasmtime.Engine()
store = wasmtime.Store(engine)
linker = wasmtime.Linker(engine)
linker.define_wasi()
config = wasmtime.WasiConfig()
config.argv = [wasm] + args
config.inherit_stdout()
config.inherit_stderr()
for d in dirs:
    host, guest = d.split("::")
    config.preopen_dir(host, guest)
store.set_wasi(config)
instance = linker.instantiate(store, wasmtime.Module.from_file(engine, wasm))
try:
    instance.exports(store)["_start"](store)
except wasmtime.ExitTrap as e:
    sys.exit(e.code)
