//! Tier selection and tier-up.
//!
//! `Tier::Jit` compiles the whole module in `Module::new`, with direct calls
//! between its functions. `Tier::Auto` starts interpreted: the interpreter
//! reports calls and loop back-edges per function (`note_heat`), and a
//! function that reaches `Config::tier_up_threshold` is queued for a
//! background compiler thread (one per module at a time, compiling what is
//! queued in batches). Compiled entry points are published per function
//! (`ModuleJit::publish`); the one call path (`runtime::call`) and
//! compiled callers switch to them at the next call. A running interpreted
//! frame finishes interpreted (no on-stack replacement).

use super::compiler::compile_funcs;
use super::entry;
use super::CodeChunk;
use crate::runtime::engine::Tier;
use crate::runtime::error::Result;
use crate::runtime::module::{Module, ModuleInner};
use crate::runtime::store::Store;
use crate::runtime::tier::{FuncCode, ModuleCode, TierCode};
use crate::runtime::trap::Trap;
use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, RwLock};

/// The JIT state of a module: its compiled code and, on `auto`, the
/// tier-up counters. Entry points are published in the module's
/// `ModuleCode::funcs`, which the store's `VMFuncRef`s and compiled callers
/// read.
pub(crate) struct ModuleJit {
    /// The code, in the batches it was compiled in (append-only).
    chunks: RwLock<Vec<CodeChunk>>,
    /// `auto`: calls and back-edges per function, whether it was queued,
    /// the queue, and whether a compiler thread is running.
    auto: bool,
    heat: Box<[AtomicU32]>,
    queued: Box<[AtomicBool]>,
    queue: Mutex<Vec<u32>>,
    worker: AtomicBool,
}

impl ModuleJit {
    pub(crate) fn new(num_defined: usize, auto: bool) -> ModuleJit {
        let n = if auto { num_defined } else { 0 };
        ModuleJit {
            chunks: RwLock::new(Vec::new()),
            auto,
            heat: (0..n).map(|_| AtomicU32::new(0)).collect(),
            queued: (0..n).map(|_| AtomicBool::new(false)).collect(),
            queue: Mutex::new(Vec::new()),
            worker: AtomicBool::new(false),
        }
    }

    /// Install a chunk: from now on calls to its functions go to it.
    /// (Compiled callers read the slots with plain loads, which are
    /// acquire loads on x86-64.)
    fn publish(&self, funcs: &[FuncCode], chunk: CodeChunk) {
        let mut chunks = self.chunks.write().unwrap_or_else(|e| e.into_inner());
        for (def, code, tramp) in chunk.entries() {
            funcs[def as usize].publish(code, tramp);
        }
        // The mapping does not move with the chunk record.
        chunks.push(chunk);
    }

    /// The defined function and module offset of the call site whose
    /// return address is `pc`, if it is in this module's code.
    pub(crate) fn lookup(&self, pc: usize) -> Option<(u32, u32)> {
        let chunks = self.chunks.read().unwrap_or_else(|e| e.into_inner());
        chunks.iter().find_map(|c| c.lookup(pc))
    }

    /// The defined function and module offset of the trapping instruction
    /// at `pc`, if it is in this module's code.
    pub(crate) fn lookup_trap(&self, pc: usize) -> Option<(u32, u32)> {
        let chunks = self.chunks.read().unwrap_or_else(|e| e.into_inner());
        chunks.iter().find_map(|c| c.lookup_trap(pc))
    }
}

impl TierCode for ModuleJit {
    unsafe fn call(
        &self,
        store: &mut Store,
        inst: u32,
        def: u32,
        cells: &mut [u64],
    ) -> Result<(), Trap> {
        let code = &store.instances[inst as usize].module.inner.code;
        let (native, tramp) = code.funcs[def as usize].entries();
        if native.is_null() {
            return Err(Trap::host("function is not compiled"));
        }
        // SAFETY: `native` and `tramp` were published together for `def`
        // of the instance's module; the caller passes the cells of a call
        // of `def` (`TierCode::call`).
        unsafe { entry::invoke(store, native, tramp, inst, cells) }
    }

    fn note_heat(&self, store: &Store, inst: u32, def: u32, n: u32) {
        note_heat(self, store, inst, def, n)
    }

    fn wants_heat(&self) -> bool {
        self.auto
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The JIT state of a module's code set.
pub(crate) fn jit_of(code: &ModuleCode) -> Option<&ModuleJit> {
    code.compiled_as::<ModuleJit>()
}

/// `Tier::Jit`: compile every function of `m` now, into `code` (made with
/// a `ModuleJit` as its compiled tier).
pub(crate) fn compile_all(m: &ModuleInner, code: &ModuleCode) -> Result<()> {
    let j = jit_of(code).expect("the code set has a JIT tier");
    // Functions that use exception handling stay interpreted (the
    // backend made interpreter code for them); compiled code calls them
    // through the runtime.
    let defs: Vec<u32> = (0..m.bodies.len() as u32)
        .filter(|&d| !m.eh_funcs[d as usize])
        .collect();
    if !defs.is_empty() {
        let chunk = compile_funcs(m, &defs, true)?;
        j.publish(&code.funcs, chunk);
    }
    Ok(())
}

/// The compiled entry of defined function `def` of `module`, compiling it
/// now (on this thread, with enough stack) if it has none; null if the
/// JIT cannot compile it. Tail calls from compiled code use it, so that a
/// compiled frame is only ever replaced by a compiled one.
pub(crate) fn compile_now(module: &Module, def: u32) -> *const u8 {
    let code = &module.inner.code;
    let (native, _) = code.funcs[def as usize].entries();
    if !native.is_null() || module.inner.eh_funcs[def as usize] {
        return native;
    }
    let Some(j) = jit_of(code) else {
        return std::ptr::null();
    };
    if let Some(q) = j.queued.get(def as usize) {
        // The background compiler need not do it again.
        q.store(true, Ordering::Release);
    }
    let compiled = crate::runtime::stack::with_stack(COMPILE_STACK, || {
        compile_funcs(&module.inner, &[def], false)
    });
    if let Ok(Ok(chunk)) = compiled {
        j.publish(&code.funcs, chunk);
    }
    code.funcs[def as usize].entries().0
}

/// Native stack a compilation on the caller's thread needs.
const COMPILE_STACK: usize = 2 << 20;

/// Interpreter report (`auto`): count `n` calls or back-edges of defined
/// function `def` of instance `inst`; queue it for compilation once hot.
fn note_heat(j: &ModuleJit, store: &Store, inst: u32, def: u32, n: u32) {
    let config = store.engine.config();
    if !j.auto || config.tier != Tier::Auto {
        return;
    }
    let d = def as usize;
    if store.instances[inst as usize].module.inner.eh_funcs[d] {
        // Exception handling runs interpreted.
        return;
    }
    let before = j.heat[d].fetch_add(n, Ordering::Relaxed);
    if before.saturating_add(n) < config.tier_up_threshold || j.queued[d].load(Ordering::Relaxed) {
        return;
    }
    if j.queued[d].swap(true, Ordering::AcqRel) {
        return;
    }
    j.queue.lock().unwrap_or_else(|e| e.into_inner()).push(def);
    if j.worker.swap(true, Ordering::AcqRel) {
        return;
    }
    let module = store.instances[inst as usize].module.clone();
    let spawned = std::thread::Builder::new()
        .name("ferrowasm-jit".into())
        .stack_size(8 << 20)
        .spawn(move || compile_queued(&module));
    if spawned.is_err() {
        // No thread to be had: the module stays interpreted for now.
        j.worker.store(false, Ordering::Release);
    }
}

/// The background compiler of a module: compile what is queued, in
/// batches, until the queue is empty.
fn compile_queued(module: &Module) {
    let code = &module.inner.code;
    let Some(j) = jit_of(code) else { return };
    loop {
        let batch = std::mem::take(&mut *j.queue.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            j.worker.store(false, Ordering::Release);
            // Something queued after the take and before the store finds
            // no worker and starts one, or is ours to do.
            let empty = j.queue.lock().unwrap_or_else(|e| e.into_inner()).is_empty();
            if empty || j.worker.swap(true, Ordering::AcqRel) {
                return;
            }
            continue;
        }
        // Functions the JIT cannot compile stay interpreted.
        if let Ok(chunk) = compile_funcs(&module.inner, &batch, false) {
            j.publish(&code.funcs, chunk);
        }
    }
}
