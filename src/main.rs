//! The `ferrowasm` command: run a function of a WebAssembly module.
//!
//! `ferrowasm run FILE [--invoke NAME] [--tier TIER] [WASI OPTIONS] [ARGS...]`,
//! or `ferrowasm FILE ...` for short. Errors go to stderr as `error: ...`;
//! exit code 1 is a usage or load error, 2 a trap, and a WASI program's
//! `proc_exit(n)` exits with n. See `HELP` and `RUN_HELP`.

mod cli;

use cli::args::Command;
use std::io::Write;
use std::process::ExitCode;

const HELP: &str = "\
ferrowasm VERSION: a WebAssembly runtime

Usage:
    ferrowasm run FILE [OPTIONS] [--] [ARGS...]
    ferrowasm FILE [OPTIONS] [--] [ARGS...]   (short for `run`)
    ferrowasm --help | --version

Commands:
    run     Load FILE (.wasm binary or .wat text), instantiate it and call
            one of its exported functions with ARGS; print the results.
            A WASI program (one that imports wasi_snapshot_preview1 or
            wasi_unstable) runs its `_start` with ARGS as its arguments.
            Options: --invoke NAME (or -f NAME), --tier TIER, --stack-size N,
            --heap-size N, and for WASI programs
            --dir HOST_DIR[::GUEST_DIR], --env KEY=VALUE, --inherit-env.
            `ferrowasm run --help` explains the options and ARGS.
    help    Print this help; `ferrowasm help run` prints the help of `run`.

Options:
    -h, --help       Print this help
    -V, --version    Print the version

Exit status:
    0    the function returned; its results are on stdout, one per line
    1    usage error, or the module could not be read, loaded, linked or
         instantiated, or an argument does not parse (message on stderr)
    2    the wasm code trapped (message and wasm backtrace on stderr)
    N    a WASI program called proc_exit(N) (exit(N) in C)

Examples:
    ferrowasm run examples/fib.wat --invoke fib 20
    ferrowasm run examples/wasi/hello.wasm --env GREETING=hi one two
    ferrowasm run examples/wasi/files.wasm --dir /tmp/scratch::/data /data
";

const RUN_HELP: &str = "\
ferrowasm run: load a WebAssembly module and call one of its functions

Usage:
    ferrowasm run FILE [OPTIONS] [--] [ARGS...]
    ferrowasm FILE ...    (the same, without the word `run`)

FILE
    A binary module (a .wasm file, or any file that starts with \\0asm) or a
    module in the text format (.wat). Its imports must all be WASI functions
    (modules wasi_snapshot_preview1 and wasi_unstable), which are provided;
    a module that imports anything else is rejected with the name and kind
    of its first such import.

Options (before or after FILE):
    --invoke NAME    Call the exported function NAME. Without it, `_start` is
                     called; if the module does not export `_start`, the
                     exported functions are listed and nothing runs.
    -f NAME, --function NAME
                     The same as --invoke NAME (iwasm's spelling).
    --stack-size N   Stack budget of the call in bytes (default 8 MiB, at
                     least 4096); running out is the trap
                     \"call stack exhausted\".
    --heap-size N    Add N bytes (whole pages) to memory 0 as an app heap
                     before the call, as iwasm does.
    --tier TIER      auto (default), jit or interp: the engine's tier setting.
                     Only the interpreter exists today; the engine decides how
                     it honours jit and auto.
    -h, --help       Print this help.
    --               End of options: every later word is an argument (needed
                     only for an argument that starts with `--`).

WASI options (for modules that import WASI; nothing is shared by default)
    --dir HOST_DIR[::GUEST_DIR]
                     Give the program the host directory HOST_DIR, under the
                     name GUEST_DIR (default: HOST_DIR as written). It can
                     reach what lies beneath, never anything outside (no
                     `..`, absolute path or symlink leads out). Repeatable.
    --env KEY=VALUE  Set an environment variable of the program. Repeatable.
    --inherit-env    Give the program the whole host environment (--env
                     values override it). Without it the environment is empty.
    Standard input, output and error are the command's own.

ARGS
    For a WASI program run through `_start`: its arguments; the program's
    argv is FILE (as written) followed by ARGS.
    Otherwise, one per parameter of the function, read by its type:
      i32, i64    decimal or 0x hex, optionally negative: 42, -7, 0xff, -0x10.
                  Values up to 2^32-1 (2^64-1) are accepted and wrap, so
                  0xffffffff is the i32 -1.
      f32, f64    decimal, with optional exponent: 1.5, -2e-3, inf, -inf, nan.
      funcref, externref
                  not supported on the command line (the call is refused).
    Words that start with a single `-` (like -5 or -inf) are arguments.
    With --invoke, a WASI module's argv is just FILE; a reactor's
    `_initialize` export, if any, is called before NAME.

Output
    Each result on its own line: i32 and i64 as signed decimal, f32 and f64
    in Rust's shortest round-trip form (1.5, inf, -inf, NaN), references as
    ref.null, ref.func or ref.extern.

Errors and exit status
    Errors go to stderr, prefixed `error: `.
    0    success (a WASI `_start` that returns normally exits 0)
    1    usage error, unreadable file, malformed or invalid module (with its
         byte offset), unresolvable import (or a WASI import with an unknown
         name or a wrong signature), a --dir that cannot be opened, unknown
         export, export that is not a function, wrong number of arguments,
         unparsable argument
    2    trap, in the called function or in the module's start function
         (message and wasm backtrace)
    N    the WASI program called proc_exit(N): the command exits with the
         low 8 bits of N, like a native process (but with 1 when N is not 0
         and its low 8 bits are). Nothing more is printed.
";

fn main() -> ExitCode {
    let args = std::env::args_os().skip(1).collect();
    let result = match cli::args::parse(args) {
        Ok(Command::Help) => print(&HELP.replace("VERSION", env!("CARGO_PKG_VERSION"))),
        Ok(Command::RunHelp) => print(RUN_HELP),
        Ok(Command::Version) => print(&format!("ferrowasm {}\n", env!("CARGO_PKG_VERSION"))),
        Ok(Command::Run(opts)) => cli::run::run(&opts, &mut std::io::stdout().lock()),
        Err(f) => Err(f),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            // Nothing sensible is left to do if stderr itself is gone.
            let _ = writeln!(std::io::stderr().lock(), "error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Print help text; a closed stdout is reported, not a panic.
fn print(text: &str) -> Result<u8, cli::Failure> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map(|()| 0)
        .map_err(|e| cli::Failure::error(format!("cannot write to stdout: {e}")))
}
