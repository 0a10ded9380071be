"""wasi-testsuite runtime adapter for the ferrowasm CLI.

The suite's runner (WebAssembly/wasi-testsuite, `run-tests -r THIS_FILE`)
loads this file as a module and asks it for the command line of each test.
`FERROWASM` overrides the command (default: `ferrowasm` on PATH), for
instance `FERROWASM="target/release/ferrowasm --tier interp"`.
ci/wasi-testsuite.sh sets it to the freshly built binary.
"""

import os
import shlex
import subprocess
from typing import Dict, List, Optional, Tuple

FERROWASM = shlex.split(os.getenv("FERROWASM", "ferrowasm"))


def get_name() -> str:
    return "ferrowasm"


def get_version() -> str:
    out = subprocess.run(FERROWASM[0:1] + ["--version"], encoding="UTF-8",
                         capture_output=True, check=True).stdout
    # "ferrowasm 0.1.0"
    return out.split()[1] if len(out.split()) > 1 else out.strip()


def get_wasi_versions() -> List[str]:
    # Only preview1 modules (no component model).
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    # `ferrowasm run FILE [OPTIONS] [--] [ARGS...]`: the options the user
    # put in FERROWASM after the program name come after `run FILE`.
    argv = FERROWASM[0:1] + ["run", test_path] + FERROWASM[1:]
    for key, value in env.items():
        argv += ["--env", f"{key}={value}"]
    if root:
        argv += ["--dir", f"{root}::/"]
    argv += ["--"] + list(args)
    return argv
