//! Runs the C examples (examples/*.c) through the wasm-c-api runner:
//! once plainly, once under AddressSanitizer (any error or leak fails),
//! a few linked against the staticlib, and the call benchmark (briefly),
//! which fails if a call in either direction allocates.

#[path = "../wasm-c-api/runner.rs"]
#[allow(dead_code)]
mod runner;

fn run(o: runner::Opts) {
    match runner::run_suite(&o) {
        Ok((passed, failed)) => {
            assert_eq!(failed, 0, "{failed} examples failed (see the lines above)");
            assert!(passed > 0, "no example ran");
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn examples_plain() {
    run(runner::Opts::default());
}

/// The same unchanged programs on the other tiers (FERROWASM_TIER is read
/// by wasm_config_new / wasm_engine_new; the plain run is on the default
/// tier, auto).
#[test]
fn examples_on_the_interp_and_jit_tiers() {
    for tier in ["interp", "jit"] {
        let out = std::env::temp_dir().join(format!("capi_examples_{tier}_{}", std::process::id()));
        run(runner::Opts {
            env: vec![("FERROWASM_TIER".into(), tier.into())],
            out: Some(out.clone()),
            ..runner::Opts::default()
        });
        let _ = std::fs::remove_dir_all(out);
    }
}

#[test]
fn examples_under_address_sanitizer() {
    run(runner::Opts {
        asan: true,
        ..runner::Opts::default()
    });
}

#[test]
fn examples_linked_statically() {
    run(runner::Opts {
        static_link: true,
        only: Some(vec!["hello".into(), "threads".into(), "trap".into()]),
        ..runner::Opts::default()
    });
}

/// The call paths allocate nothing, on the interpreter and in compiled
/// code. (Not on `auto`: there the background compilation that the timed
/// loops trigger allocates, by design, while the calls run.)
#[test]
fn calls_do_not_allocate() {
    for tier in ["interp", "jit"] {
        run(runner::Opts {
            suite: runner::repo().join("wasm-c-api").join("bench"),
            env: vec![
                ("BENCH_ITERS".into(), "20000".into()),
                ("FERROWASM_TIER".into(), tier.into()),
            ],
            verbose: true,
            ..runner::Opts::default()
        });
    }
}

/// A suite in the upstream layout (example/ and include/wasm.h): the
/// suite's own header is used. Here the "upstream" suite is made of a copy
/// of our header and two of our examples, rewritten to need nothing else.
#[test]
fn upstream_layout_is_understood() {
    let repo = runner::repo();
    let suite = std::env::temp_dir().join(format!("capi_upstream_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&suite);
    std::fs::create_dir_all(suite.join("example")).expect("mkdir");
    std::fs::create_dir_all(suite.join("include")).expect("mkdir");
    let header = std::fs::read_to_string(repo.join("include/wasm.h")).expect("wasm.h");
    let marked = header.replace(
        "#define WASM_H\n",
        "#define WASM_H\n#define SUITE_OWN_HEADER 1\n",
    );
    std::fs::write(suite.join("include/wasm.h"), marked).expect("write");
    let common = std::fs::read_to_string(repo.join("examples/common.h")).expect("common.h");
    for name in ["hello", "memory"] {
        let src = std::fs::read_to_string(repo.join(format!("examples/{name}.c"))).expect("src");
        // Inline common.h, and insist on the suite's header.
        let src = src.replace(
            "#include \"common.h\"",
            &format!("{common}\n#ifndef SUITE_OWN_HEADER\n#error not the suite's header\n#endif\n"),
        );
        std::fs::write(suite.join(format!("example/{name}.c")), src).expect("write");
        let wasm = wat::parse_file(repo.join(format!("examples/{name}.wat"))).expect("wat");
        std::fs::write(suite.join(format!("example/{name}.wasm")), wasm).expect("write");
    }
    let out = suite.join("out");
    run(runner::Opts {
        suite: suite.clone(),
        out: Some(out),
        ..runner::Opts::default()
    });
    let _ = std::fs::remove_dir_all(&suite);
}
