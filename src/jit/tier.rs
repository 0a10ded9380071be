//! Tier selection and tier-up.
//!
//! `Tier::Jit` compiles the whole module in `Module::new`, with direct calls
//! between its functions. `Tier::Auto` starts interpreted: the interpreter
//! reports calls and loop back-edges per function (`note_heat`), and a
//! function that reaches `Config::tier_up_threshold` is queued for a
//! background compiler thread (one per module at a time, compiling what is
//! queued in batches). Compiled entry points are published per function
//! (`ModuleJit::publish`); the interpreter's call hooks (`try_call`) and
//! compiled callers switch to them at the next call. A running interpreted
//! frame finishes interpreted (no on-stack replacement).

use super::compiler::{body_ranges, compile_funcs};
use super::entry;
use super::CodeChunk;
use crate::runtime::engine::Tier;
use crate::runtime::error::{Error, Result};
use crate::runtime::module::Module;
use crate::runtime::store::Store;
use crate::runtime::trap::Trap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};

/// The JIT state of a module.
pub(crate) struct ModuleJit {
    /// Published entry point of each defined function (null until
    /// compiled); the store's `VMFuncRef`s and compiled callers (`auto`)
    /// read these slots.
    entries: Box<[AtomicPtr<u8>]>,
    /// The array-call trampoline of each compiled function (set first).
    tramps: Box<[AtomicPtr<u8>]>,
    /// The code, in the batches it was compiled in (append-only).
    chunks: RwLock<Vec<CodeChunk>>,
    bodies: OnceLock<Result<Vec<Range<usize>>>>,
    /// `auto`: calls and back-edges per function, whether it was queued,
    /// the queue, and whether a compiler thread is running.
    heat: Box<[AtomicU32]>,
    queued: Box<[AtomicBool]>,
    queue: Mutex<Vec<u32>>,
    worker: AtomicBool,
}

impl ModuleJit {
    pub(crate) fn new(num_defined: usize) -> ModuleJit {
        let ptrs = || {
            (0..num_defined)
                .map(|_| AtomicPtr::new(std::ptr::null_mut()))
                .collect()
        };
        ModuleJit {
            entries: ptrs(),
            tramps: ptrs(),
            chunks: RwLock::new(Vec::new()),
            bodies: OnceLock::new(),
            heat: (0..num_defined).map(|_| AtomicU32::new(0)).collect(),
            queued: (0..num_defined).map(|_| AtomicBool::new(false)).collect(),
            queue: Mutex::new(Vec::new()),
            worker: AtomicBool::new(false),
        }
    }

    pub(crate) fn entry_slot(&self, def: u32) -> *const AtomicPtr<u8> {
        &self.entries[def as usize]
    }

    /// Whether defined function `def` has compiled code.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self, def: u32) -> bool {
        !self.entries[def as usize].load(Ordering::Acquire).is_null()
    }

    /// The byte range of defined function `def`'s body in `bytes`.
    pub(crate) fn body_range(&self, bytes: &[u8], def: u32) -> Result<Range<usize>> {
        let all = self
            .bodies
            .get_or_init(|| body_ranges(bytes))
            .as_ref()
            .map_err(Clone::clone)?;
        all.get(def as usize)
            .cloned()
            .ok_or_else(|| Error::Unsupported {
                offset: 0,
                message: format!("no body for defined function {def}"),
            })
    }

    /// Install a chunk: from now on calls to its functions go to it.
    /// (Compiled callers read the slots with plain loads, which are
    /// acquire loads on x86-64.)
    fn publish(&self, chunk: CodeChunk) {
        let mut chunks = self.chunks.write().unwrap_or_else(|e| e.into_inner());
        for (def, code, tramp) in chunk.entries() {
            self.tramps[def as usize].store(tramp as *mut u8, Ordering::Release);
            self.entries[def as usize].store(code as *mut u8, Ordering::Release);
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

/// `Module::new` hook: with `Tier::Jit`, compile everything now.
pub(crate) fn on_module_created(module: &Module) -> Result<()> {
    let m = &module.inner;
    if m.engine.config().tier == Tier::Jit && !m.code.is_empty() {
        let defs: Vec<u32> = (0..m.code.len() as u32).collect();
        let chunk = compile_funcs(m, &defs, true)?;
        m.jit.publish(chunk);
    }
    Ok(())
}

/// Interpreter hook (`auto`): count `n` calls or back-edges of defined
/// function `def` of instance `inst`; queue it for compilation once hot.
pub(crate) fn note_heat(store: &Store, inst: u32, def: u32, n: u32) {
    let config = store.engine.config();
    if config.tier != Tier::Auto {
        return;
    }
    let module = &store.instances[inst as usize].module;
    let j = &module.inner.jit;
    let d = def as usize;
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
    let module = module.clone();
    let spawned = std::thread::Builder::new()
        .name("ferrowasm-jit".into())
        .spawn(move || compile_queued(&module));
    if spawned.is_err() {
        // No thread to be had: the module stays interpreted for now.
        j.worker.store(false, Ordering::Release);
    }
}

/// The background compiler of a module: compile what is queued, in
/// batches, until the queue is empty.
fn compile_queued(module: &Module) {
    let j = &module.inner.jit;
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
            j.publish(chunk);
        }
    }
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
    let j = &store.instances[inst as usize].module.inner.jit;
    let code = j.entries[def as usize].load(Ordering::Acquire);
    if code.is_null() {
        note_heat(store, inst, def, 1);
        return None;
    }
    let tramp = j.tramps[def as usize].load(Ordering::Acquire);
    // SAFETY: `code` and `tramp` were published together for `def` of the
    // instance's module; the caller passes the cells of a call of `def`.
    Some(unsafe { entry::invoke(store, code, tramp, inst, cells) })
}
