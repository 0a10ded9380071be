//! The help texts that clap prints after its generated option lists.

pub const MAIN: &str = "\
Commands in short:
    ferrowasm run [OPTIONS] FILE [ARGS...]     (or `ferrowasm FILE ...`)
        --invoke NAME (-f NAME), --tier interp|jit|auto, --argv0 NAME,
        --dir HOST[::GUEST], --env KEY=VALUE, --inherit-env,
        --stack-size BYTES, --heap-size BYTES
    ferrowasm wast [--tier TIER] [--no-multi-memory] FILES...
    ferrowasm validate FILE
    ferrowasm inspect FILE
    `ferrowasm help COMMAND` (or `COMMAND --help`) explains each.

Exit status:
    0    success (run: the function returned or the WASI program exited 0;
         wast: every directive passed; validate: the module is valid)
    1    usage error, or the module could not be read, loaded, linked or
         instantiated, or an argument does not parse; wast: a directive
         failed; validate: the module is malformed or invalid
    2    the wasm code trapped (message and wasm backtrace on stderr)
    N    a WASI program called proc_exit(N) (exit(N) in C)
    Errors are one line each on stderr, starting `error: `.

Examples:
    ferrowasm run examples/fib.wat --invoke fib 20
    ferrowasm run --env GREETING=hi examples/wasi/hello.wasm one two
    ferrowasm run --dir /tmp/scratch::/data examples/wasi/files.wasm /data
    ferrowasm wast --tier jit tests/*.wast
";

pub const RUN: &str = "\
FILE
    A binary module (a .wasm file, or any file that starts with \\0asm) or a
    module in the text format (.wat). Its imports must all be WASI functions
    (modules wasi_snapshot_preview1 and wasi_unstable), which are provided;
    a module that imports anything else is rejected with the name and kind
    of its first such import.

ARGS (everything after FILE)
    A WASI program run through `_start` (no --invoke before FILE) gets every
    word after FILE as its arguments, untouched: `ferrowasm run prog.wasm -h`
    passes -h to the program. Its argv is --argv0 (default FILE as written)
    followed by ARGS. Give ferrowasm's options before FILE.
    Otherwise (--invoke NAME before FILE, or a module that does not import
    WASI or does not export `_start`) ARGS are the function's arguments,
    one per parameter, read by its type; as
    they are numbers, ferrowasm's options are recognised among them too
    (`ferrowasm run fib.wat --invoke fib 20`), `--` ends the options:
      i32, i64    decimal or 0x hex, optionally negative: 42, -7, 0xff, -0x10.
                  Values up to 2^32-1 (2^64-1) are accepted and wrap, so
                  0xffffffff is the i32 -1.
      f32, f64    decimal, with optional exponent: 1.5, -2e-3, inf, -inf, nan.
      funcref, externref
                  not supported on the command line (the call is refused).
    Without --invoke NAME, `_start` is called; if the module does not export
    `_start`, the exported functions are listed and nothing runs. With
    --invoke, a WASI module's argv is just argv[0]; a reactor's
    `_initialize` export, if any, is called before NAME.

WASI (nothing is shared by default)
    --dir gives the program a host directory: it can reach what lies
    beneath, never anything outside (no `..`, absolute path or symlink leads
    out). Without --inherit-env the environment is empty. Standard input,
    output and error are the command's own.

Limits (for code you do not trust)
    --fuel N charges one unit per instruction executed (counted in
    straight-line segments, the same on every tier); when N is used up the
    run traps with \"all fuel consumed\" (exit status 2). --timeout DUR
    (500ms, 10s, 2m, 1h; a bare number is seconds) interrupts the wasm code
    after that much wall-clock time: the run traps with \"interrupted\"
    (exit status 2). A host call in progress (a blocking WASI read, say)
    finishes first; the wasm code stops at its next call or loop iteration.

Output
    Each result on its own line: i32 and i64 as signed decimal, f32 and f64
    in Rust's shortest round-trip form (1.5, inf, -inf, NaN), references as
    ref.null, ref.func or ref.extern.

Exit status
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

pub const WAST: &str = "\
Runs each script's directives in order in one store, with the spec's
`spectest` module registered: module, module definition and instance,
register, invoke, assert_return, assert_trap, assert_exhaustion,
assert_invalid, assert_malformed, assert_unlinkable. A directive this engine
cannot run (threads, exceptions, stack switching, components, custom-section
assertions) counts as failed, with the reason; nothing is skipped.
Multi-memory is on, as everywhere: --no-multi-memory validates as
WebAssembly 2.0 does, which the 2.0 spec scripts assert (one memory).

Output
    One line per failing directive, `FILE:LINE: reason`, then
    `N passed, N failed`. With --verbose, one line per file with its counts.
    A progress bar is drawn on stderr when it is a terminal and the run
    takes more than a second.

Exit status
    0    every directive passed
    1    a directive failed, a file could not be read, or a usage error
";

pub const VALIDATE: &str = "\
Decodes and validates FILE with the engine's validator (WebAssembly 2.0).

Output and exit status
    0    `FILE: valid` on stdout
    1    `error: FILE: malformed module at offset 0x..: ...` (or invalid, or
         unsupported feature) on stderr; or the file cannot be read
";

pub const INSPECT: &str = "\
Prints, one per line: the imports (module, name and type), the exports with
their types, the module's own memories and tables with their limits, its
globals, its start function, and its custom sections with their sizes.
A malformed or invalid module is refused first (as `validate` does).
With --disassemble, then the interpreter's code of each defined function:
its frame layout and one instruction per line (index, module offset,
instruction with its slot operands), as the interpreter's one table of
instructions defines them.

Exit status
    0    printed
    1    the file cannot be read, or the module is malformed or invalid
";
