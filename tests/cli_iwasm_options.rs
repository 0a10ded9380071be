//! `ferrowasm run`'s iwasm spellings: `-f NAME`, `--stack-size N`,
//! `--heap-size N`.

use std::process::Command;

fn ferrowasm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ferrowasm"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run ferrowasm");
    (
        out.status.code().expect("not killed by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_wat(name: &str, text: &str) -> String {
    let p = std::env::temp_dir().join(format!("ferrowasm-iwasm-{}-{name}.wat", std::process::id()));
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

#[test]
fn dash_f_calls_the_function() {
    let (code, out, err) = ferrowasm(&["run", "examples/fib.wat", "-f", "fib", "20"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "6765");
    let (code, out, _) = ferrowasm(&["run", "examples/fib.wat", "--function=fib", "10"]);
    assert_eq!((code, out.trim()), (0, "55"));
    let (code, _, err) = ferrowasm(&[
        "run",
        "examples/fib.wat",
        "-f",
        "fib",
        "--invoke",
        "fib",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("more than once"), "{err}");
}

#[test]
fn stack_size_bounds_recursion() {
    let f = temp_wat(
        "deep",
        r#"(module (func $d (export "d") (param i32) (result i32)
             (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
               (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))"#,
    );
    let (code, out, err) = ferrowasm(&["run", &f, "-f", "d", "--stack-size", "1048576", "5000"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "5000");
    let (code, _, err) = ferrowasm(&["run", &f, "-f", "d", "--stack-size=8192", "5000"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("call stack exhausted"), "{err}");
    let (code, _, err) = ferrowasm(&["run", &f, "-f", "d", "--stack-size", "lots", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a size"), "{err}");
}

#[test]
fn heap_size_adds_pages_to_memory() {
    let f = temp_wat(
        "mem",
        r#"(module (memory 1) (func (export "pages") (result i32) (memory.size)))"#,
    );
    let (code, out, err) = ferrowasm(&["run", &f, "-f", "pages"]);
    assert_eq!((code, out.trim()), (0, "1"), "{err}");
    let (code, out, err) = ferrowasm(&["run", &f, "-f", "pages", "--heap-size", "70000"]);
    assert_eq!((code, out.trim()), (0, "3"), "{err}");
}
