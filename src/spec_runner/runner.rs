//! One script's state and the semantics of each directive (moved here from
//! tests/spec.rs so that `ferrowasm wast` runs the same code).

use crate::*;
use std::collections::HashMap;
use wast::core::{NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// Exports of registered modules (and of `spectest`), by module name.
type Registry = HashMap<String, HashMap<String, Extern>>;

pub(super) struct Runner {
    store: Store,
    engine: Engine,
    registry: Registry,
    named: HashMap<String, Instance>,
    last: Option<Instance>,
    /// `(module definition $name ...)`: validated, not instantiated.
    definitions: HashMap<String, Module>,
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
    pub(super) fn new(engine: &Engine) -> Runner {
        let mut store = Store::new(engine);
        let mut registry = Registry::new();
        registry.insert("spectest".into(), spectest(&mut store));
        Runner {
            store,
            engine: engine.clone(),
            registry,
            named: HashMap::new(),
            last: None,
            definitions: HashMap::new(),
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
        self.instantiate_module(&module)
    }

    fn instantiate_module(&mut self, module: &Module) -> Result<Instance, String> {
        let imports = self.imports(module)?;
        Instance::new(&mut self.store, module, &imports).map_err(|e| match e {
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
            WastArg::Core(WastArgCore::V128(v)) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
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
            (WastRetCore::F32(p), Val::F32(bits)) => f32_matches(p, *bits),
            (WastRetCore::F64(p), Val::F64(bits)) => f64_matches(p, *bits),
            (WastRetCore::V128(p), Val::V128(v)) => v128_matches(p, *v),
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
    pub(super) fn directive(&mut self, d: WastDirective<'_>) -> Result<(), String> {
        match d {
            WastDirective::Module(qw) => self.module(qw),
            WastDirective::ModuleDefinition(mut qw) => {
                let name = module_name(&qw)?;
                let bytes = qw.encode().map_err(|e| format!("encode: {e}"))?;
                let module =
                    Module::new(&self.engine, &bytes).map_err(|e| format!("compile: {e}"))?;
                if let Some(name) = name {
                    self.definitions.insert(name, module);
                }
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let module = match module {
                    Some(id) => self
                        .definitions
                        .get(id.name())
                        .cloned()
                        .ok_or_else(|| format!("no module definition named ${}", id.name()))?,
                    None => return Err("module instance without a module definition".into()),
                };
                let inst = self.instantiate_module(&module)?;
                if let Some(id) = instance {
                    self.named.insert(id.name().to_string(), inst);
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
            // An uncaught wasm exception reaches the host as a trap of its own kind.
            WastDirective::AssertException { mut exec, .. } => match self.execute(&mut exec)? {
                Ok(v) => Err(format!("expected an uncaught exception, got {v:?}")),
                Err(t) if t.code() == TrapCode::Exception => Ok(()),
                Err(t) => Err(format!("expected an uncaught exception, got trap `{t}`")),
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
            other => Err(unsupported(&other)),
        }
    }
}

impl Runner {
    /// `(module ...)`: compile, instantiate, and name it if it has a name.
    fn module(&mut self, mut qw: QuoteWat<'_>) -> Result<(), String> {
        let name = module_name(&qw)?;
        let bytes = qw.encode().map_err(|e| format!("encode: {e}"))?;
        let inst = self.instantiate(&bytes)?;
        if let Some(name) = name {
            self.named.insert(name, inst);
        }
        self.last = Some(inst);
        Ok(())
    }
}

/// The `$name` of a module; a component is refused (not supported).
fn module_name(qw: &QuoteWat<'_>) -> Result<Option<String>, String> {
    match qw {
        QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..) => {
            Err("components are not supported (the component model is not implemented)".into())
        }
        _ => Ok(qw.name().map(|id| id.name().to_string())),
    }
}

/// Why a directive cannot be run by this engine.
fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => f32::from_bits(bits).is_nan() && bits & 0x0040_0000 != 0,
        NanPattern::Value(f) => f.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => {
            f64::from_bits(bits).is_nan() && bits & 0x0008_0000_0000_0000 != 0
        }
        NanPattern::Value(f) => f.bits == bits,
    }
}

/// A v128 result against its pattern, lane by lane (lane 0 in the lowest
/// bits).
fn v128_matches(p: &V128Pattern, v: u128) -> bool {
    let lane = |i: usize, bits: u32| (v >> (i as u32 * bits)) & ((1u128 << bits) - 1);
    match p {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 8) == *e as u8 as u128),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 16) == *e as u16 as u128),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 32) == *e as u32 as u128),
        V128Pattern::I64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 64) == *e as u64 as u128),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f32_matches(e, lane(i, 32) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f64_matches(e, lane(i, 64) as u64)),
    }
}

fn unsupported(d: &WastDirective<'_>) -> String {
    let what = match d {
        WastDirective::AssertSuspension { .. } => {
            "assert_suspension is not supported (stack switching is not implemented)"
        }
        WastDirective::Thread(_) | WastDirective::Wait { .. } => {
            "thread and wait are not supported (threads are not implemented)"
        }
        WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
            "assertions on custom sections are not supported (custom sections are not decoded)"
        }
        _ => "this directive is not supported",
    };
    what.to_string()
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
