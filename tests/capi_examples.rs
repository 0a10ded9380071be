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

#[test]
fn calls_do_not_allocate() {
    run(runner::Opts {
        suite: runner::repo().join("wasm-c-api").join("bench"),
        env: vec![("BENCH_ITERS".into(), "20000".into())],
        verbose: true,
        ..runner::Opts::default()
    });
}
