//! Tier selection and tier-up.
//!
//! `Tier::Jit` compiles the whole module in `Module::new`. `Tier::Auto`
//! starts interpreted; the interpreter reports calls and loop back-edges
//! (`note_heat`), and once a module has had `Config::tier_up_threshold` of
//! them it is compiled on a background thread. Its entry points are then
//! published (`ModuleJit::publish`): the interpreter's call hooks
//! (`try_call`) and compiled callers switch to compiled code at the next
//! call. A running interpreted frame finishes interpreted (no on-stack
//! replacement).

use super::compiler::compile_module;
use super::entry;
use super::CompiledModule;
use crate::runtime::engine::Tier;
use crate::runtime::error::Result;
use crate::runtime::module::Module;
use crate::runtime::store::Store;
use crate::runtime::trap::Trap;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use std::sync::OnceLock;

/// The JIT state of a module.
pub(crate) struct ModuleJit {
    /// Published entry point of each defined function (null until
    /// compiled); the store's `VMFuncRef`s point at these slots.
    entries: Box<[AtomicPtr<u8>]>,
    pub(crate) compiled: OnceLock<CompiledModule>,
    heat: AtomicU32,
    started: AtomicBool,
}

impl ModuleJit {
    pub(crate) fn new(num_defined: usize) -> ModuleJit {
        ModuleJit {
            entries: (0..num_defined)
                .map(|_| AtomicPtr::new(std::ptr::null_mut()))
                .collect(),
            compiled: OnceLock::new(),
            heat: AtomicU32::new(0),
            started: AtomicBool::new(false),
        }
    }

    pub(crate) fn entry_slot(&self, def: u32) -> *const AtomicPtr<u8> {
        &self.entries[def as usize]
    }

    /// Install compiled code: from now on calls go to it. (Compiled code
    /// reads the slots with plain loads, which are acquire loads on x86-64.)
    fn publish(&self, cm: CompiledModule) {
        if self.compiled.set(cm).is_err() {
            return;
        }
        let cm = self.compiled.get().expect("just set");
        for (def, slot) in self.entries.iter().enumerate() {
            slot.store(cm.entry(def as u32).0 as *mut u8, Ordering::Release);
        }
    }
}

/// `Module::new` hook: with `Tier::Jit`, compile everything now.
pub(crate) fn on_module_created(module: &Module) -> Result<()> {
    let m = &module.inner;
    if m.engine.config().tier == Tier::Jit && !m.code.is_empty() {
        let cm = compile_module(m)?;
        m.jit.publish(cm);
    }
    Ok(())
}

/// Interpreter hook: count `n` calls or back-edges of instance `inst`'s
/// module and start compiling it in the background once it is hot.
pub(crate) fn note_heat(store: &Store, inst: u32, n: u32) {
    let module = &store.instances[inst as usize].module;
    let config = store.engine.config();
    if config.tier != Tier::Auto {
        return;
    }
    let j = &module.inner.jit;
    let before = j.heat.fetch_add(n, Ordering::Relaxed);
    if before.saturating_add(n) < config.tier_up_threshold || j.started.load(Ordering::Relaxed) {
        return;
    }
    if j.started.swap(true, Ordering::AcqRel) {
        return;
    }
    let module = module.clone();
    // If no thread can be had, the module just stays interpreted.
    let _ = std::thread::Builder::new()
        .name("ferrowasm-jit".into())
        .spawn(move || {
            // A module the JIT cannot compile stays interpreted.
            if let Ok(cm) = compile_module(&module.inner) {
                module.inner.jit.publish(cm);
            }
        });
}

/// Call hook of `exec::call` and of the interpreter's call instructions:
/// run defined function `def` of instance `inst` as compiled code when it
/// has some (`Some(result)`), else count the call and return `None`.
pub(crate) fn try_call(
    store: &mut Store,
    inst: u32,
    def: u32,
    cells: &mut [u64],
) -> Option<Result<(), Trap>> {
    let m: *const crate::runtime::module::ModuleInner =
        &*store.instances[inst as usize].module.inner;
    // SAFETY: the module is kept alive by the instance, which the store
    // keeps for its whole life.
    let m = unsafe { &*m };
    match m.jit.compiled.get() {
        // SAFETY: `cm` is the code of the instance's module; the caller
        // passes the cells of a call of `def`.
        Some(cm) => Some(unsafe { entry::invoke(store, cm, inst, def, cells) }),
        None => {
            note_heat(store, inst, 1);
            None
        }
    }
}
