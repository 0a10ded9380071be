//! The `.wast` script runner shared by `ferrowasm wast` and the spec
//! testsuite test (`tests/spec.rs`), so that each directive's semantics is
//! written once.
//!
//! A script is parsed by the `wast` crate and run directive by directive in
//! one store, with the `spectest` module registered. Every directive the
//! crate parses is either run or reported as a failure with the reason why
//! it cannot be run (threads, exceptions, components, ...): nothing is
//! silently passed. A panic in the engine is caught and reported as a
//! failure of its directive; the next directive starts from a fresh store.
//!
//! This is not a stable API (hence `#[doc(hidden)]` at the crate root).

mod runner;

use crate::{Config, Engine, Tier};
use runner::Runner;
use wast::parser::{self, ParseBuffer};

/// What one script gave: the number of directives that passed and, for
/// each one that failed, `file:line` and why.
#[derive(Debug, Default)]
pub struct FileResult {
    pub passed: usize,
    pub failed: Vec<Failure>,
}

/// One failed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `file:line` (1-based line of the directive; 0 when the script itself
    /// does not lex or parse).
    pub id: String,
    pub message: String,
}

/// The engine scripts run on: `tier`, and on `auto` a tier-up after the
/// first call, so that a run mixes interpreted and compiled code as much as
/// it can. `multi_memory` off gives WebAssembly 2.0 validation, which the
/// 2.0 spec scripts assert (a second memory is invalid there, and so are
/// extended constant expressions and wide arithmetic).
pub fn engine(tier: Tier, multi_memory: bool) -> Engine {
    engine_with(Config {
        tier,
        multi_memory,
        extended_const: multi_memory,
        wide_arithmetic: multi_memory,
        memory64: multi_memory,
        custom_page_sizes: multi_memory,
        exceptions: multi_memory,
        ..Config::default()
    })
}

/// The engine scripts run on, with `config` (its tier and features), and
/// a tier-up after the first call as in [`engine`].
pub fn engine_with(config: Config) -> Engine {
    Engine::new(Config {
        tier_up_threshold: 1,
        ..config
    })
}

/// Run the script `text`, named `name` in the failure ids, on `engine`.
pub fn run_file(engine: &Engine, name: &str, text: &str) -> FileResult {
    let mut result = FileResult::default();
    let fail_whole = |result: &mut FileResult, message: String| {
        result.failed.push(Failure {
            id: format!("{name}:0"),
            message,
        });
    };
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => {
            fail_whole(&mut result, format!("lex: {e}"));
            return result;
        }
    };
    let script: wast::Wast<'_> = match parser::parse(&buf) {
        Ok(w) => w,
        Err(e) => {
            fail_whole(&mut result, format!("parse: {e}"));
            return result;
        }
    };
    let mut runner = Runner::new(engine);
    for d in script.directives {
        let (line, _) = d.span().linecol_in(text);
        let id = format!("{name}:{}", line + 1);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runner.directive(d)));
        match outcome {
            Ok(Ok(())) => result.passed += 1,
            Ok(Err(message)) => result.failed.push(Failure { id, message }),
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                result.failed.push(Failure {
                    id,
                    message: format!("PANIC: {msg}"),
                });
                // The store may be inconsistent after a panic: start afresh.
                runner = Runner::new(engine);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> FileResult {
        run_file(&engine(Tier::Interp, true), "t.wast", text)
    }

    #[test]
    fn passes_and_fails_are_counted_with_lines() {
        let r = run(r#"(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 2))
(assert_trap (invoke "f") "unreachable")"#);
        assert_eq!(r.passed, 2);
        let ids: Vec<&str> = r.failed.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["t.wast:3", "t.wast:4"]);
    }

    #[test]
    fn unrunnable_directives_fail_with_a_reason() {
        let r = run(r#"(module $m (func (export "f")))
(thread $t (invoke "f"))
(wait $t)"#);
        assert_eq!(r.passed, 1);
        assert_eq!(r.failed.len(), 2, "{:?}", r.failed);
        assert!(r.failed.iter().all(|f| f.message.contains("not supported")));
    }

    #[test]
    fn assert_exception_wants_an_uncaught_exception() {
        let r = run(r#"(module (tag $e) (func (export "throw") (throw $e))
  (func (export "trap") unreachable) (func (export "ok")))
(assert_exception (invoke "throw"))
(assert_exception (invoke "trap"))
(assert_exception (invoke "ok"))"#);
        assert_eq!(r.passed, 2, "{:?}", r.failed);
        let ids: Vec<&str> = r.failed.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["t.wast:4", "t.wast:5"]);
    }

    #[test]
    fn module_definitions_and_instances() {
        let r = run(
            r#"(module definition $d (func (export "f") (result i32) (i32.const 7)))
(module instance $a $d)
(assert_return (invoke $a "f") (i32.const 7))
(module instance $b $nope)"#,
        );
        assert_eq!(r.passed, 3, "{:?}", r.failed);
        assert_eq!(r.failed.len(), 1);
        assert!(r.failed[0].message.contains("$nope") || r.failed[0].message.contains("nope"));
    }

    #[test]
    fn a_script_that_does_not_parse_is_one_failure() {
        let r = run("(module");
        assert_eq!((r.passed, r.failed.len()), (0, 1));
        assert_eq!(r.failed[0].id, "t.wast:0");
    }
}
