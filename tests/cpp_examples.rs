//! Runs the C++ examples (examples/cpp/*.cc, over include/wasm.hh) through
//! the wasm-c-api runner: plainly on each tier (FERROWASM_TIER, read by
//! the C API's engine; the plain run is on the default tier, auto), under
//! AddressSanitizer (any error or leak fails), and statically linked
//! against libferrowasm.a (with -lstdc++).

#![cfg(feature = "cpp")]

#[path = "../wasm-c-api/runner.rs"]
#[allow(dead_code)]
mod runner;

const EXAMPLES: usize = 13;

fn run(o: runner::Opts) {
    match runner::run_suite(&o) {
        Ok((passed, failed)) => {
            assert_eq!(
                failed, 0,
                "{failed} C++ examples failed (see the lines above)"
            );
            assert_eq!(
                passed, EXAMPLES,
                "expected all {EXAMPLES} C++ examples to run"
            );
        }
        Err(e) => panic!("{e}"),
    }
}

fn suite() -> std::path::PathBuf {
    runner::repo().join("examples").join("cpp")
}

fn work_dir(what: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("cpp_examples_{what}_{}", std::process::id()))
}

/// Built once, run on the default tier by the runner, then the same
/// binaries again on the interp and jit tiers.
#[test]
fn cpp_examples_plain_on_every_tier() {
    let out = work_dir("plain");
    run(runner::Opts {
        suite: suite(),
        out: Some(out.clone()),
        ..runner::Opts::default()
    });
    for tier in ["interp", "jit"] {
        let mut passed = 0;
        for entry in std::fs::read_dir(&out).expect("the runner's work directory") {
            let dir = entry.expect("dir entry").path();
            let Some(label) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                continue;
            };
            let name = label.trim_end_matches(".cc");
            let exe = dir.join(name);
            let res = std::process::Command::new(&exe)
                .current_dir(&dir)
                .env("FERROWASM_TIER", tier)
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
            let text = String::from_utf8_lossy(&res.stdout);
            assert!(
                res.status.success() && text.lines().any(|l| l.trim() == "Done."),
                "{label} on {tier}: {}\n{text}\n{}",
                res.status,
                String::from_utf8_lossy(&res.stderr)
            );
            passed += 1;
        }
        println!("C++ examples on {tier}: {passed} passed, 0 failed");
        assert_eq!(
            passed, EXAMPLES,
            "expected all {EXAMPLES} C++ examples on {tier}"
        );
    }
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn cpp_examples_under_address_sanitizer() {
    let out = work_dir("asan");
    run(runner::Opts {
        suite: suite(),
        asan: true,
        out: Some(out.clone()),
        ..runner::Opts::default()
    });
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn cpp_examples_linked_statically() {
    let out = work_dir("static");
    run(runner::Opts {
        suite: suite(),
        static_link: true,
        out: Some(out.clone()),
        ..runner::Opts::default()
    });
    let _ = std::fs::remove_dir_all(out);
}
