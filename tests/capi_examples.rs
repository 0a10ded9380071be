//! Runs the C examples (examples/*.c) through the wasm-c-api runner:
//! once plainly, once under AddressSanitizer (any error or leak fails),
//! and a few linked against the staticlib.

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
