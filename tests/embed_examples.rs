//! Runs the C programs of examples/embed (the WAMR-style API) through the
//! C example runner: plainly, then under AddressSanitizer (any error or
//! leak fails). The pool example also runs under a malloc-counting
//! interposer (examples/embed/support/malloc_count.c, LD_PRELOAD), which proves
//! that nothing is taken from the system allocator while a pool is in use.
//! Prints a closing `embed examples: N passed, N failed`.

#[path = "../wasm-c-api/runner.rs"]
#[allow(dead_code)]
mod runner;

use std::path::PathBuf;
use std::process::Command;

fn suite() -> PathBuf {
    runner::repo().join("examples").join("embed")
}

fn out_dir(mode: &str) -> PathBuf {
    runner::lib_dir(None, false)
        .join("embed-examples")
        .join(mode)
}

/// Build the malloc-counting interposer; its path.
fn interposer() -> PathBuf {
    let dir = out_dir("interposer");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let so = dir.join("libmalloc_count.so");
    let st = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-shared", "-fPIC", "-O1", "-o"])
        .arg(&so)
        .arg(suite().join("support").join("malloc_count.c"))
        .arg("-ldl")
        .status()
        .expect("cc runs");
    assert!(st.success(), "cannot build the interposer");
    so
}

#[test]
fn embed_examples() {
    let mut total = (0, 0);
    let runs = [
        runner::Opts {
            suite: suite(),
            out: Some(out_dir("plain")),
            ..runner::Opts::default()
        },
        runner::Opts {
            suite: suite(),
            asan: true,
            out: Some(out_dir("asan")),
            ..runner::Opts::default()
        },
        runner::Opts {
            suite: suite(),
            only: Some(vec!["pool".into()]),
            out: Some(out_dir("counted")),
            env: vec![
                ("LD_PRELOAD".into(), interposer().display().to_string()),
                ("EMBED_EXPECT_MALLOC_COUNTER".into(), "1".into()),
            ],
            ..runner::Opts::default()
        },
    ];
    for o in &runs {
        match runner::run_suite(o) {
            Ok((p, f)) => {
                total.0 += p;
                total.1 += f;
            }
            Err(e) => panic!("{e}"),
        }
    }
    println!("embed examples: {} passed, {} failed", total.0, total.1);
    assert_eq!(total.1, 0, "{} embed examples failed (see above)", total.1);
    assert!(total.0 > 0, "no embed example ran");
}
