//! Entries from the host (and the interpreter) into compiled code: the
//! stack limit, the C setjmp trampoline, and turning a trap raised by
//! compiled code into a `Trap` with its wasm frames.
//!
//! Frames come from a return-address map: the C raise walks the
//! frame-pointer chain of the compiled frames (Cranelift keeps frame
//! pointers) and records their return addresses; each compiled function
//! knows the wasm offset of every call site by its return address.

use crate::runtime::instance::VMContext;
use crate::runtime::module::ModuleInner;
use crate::runtime::store::Store;
use crate::runtime::trap::{FrameInfo, Trap, TrapCode};
use std::any::Any;
use std::cell::{Cell, RefCell};

// The VM context is passed as an opaque pointer.
extern "C" {
    fn ferrowasm_jit_enter(
        tramp: *const u8,
        vmctx: *mut std::ffi::c_void,
        cells: *mut u64,
        code: *const u8,
    ) -> i32;
    fn ferrowasm_jit_raise(vmctx: *mut std::ffi::c_void, code: i32) -> !;
    fn ferrowasm_jit_last_trap(
        count: *mut usize,
        vmctx: *mut *mut std::ffi::c_void,
        faulted: *mut i32,
    ) -> *const *const u8;
}

/// Address of the C raise function compiled code calls.
pub(crate) fn raise_addr() -> usize {
    ferrowasm_jit_raise as *const () as usize
}

/// Stack kept free below the limit: for the raise itself, libcalls and host
/// functions called near the limit, and frames up to a quarter of it whose
/// prologue writes precede the check.
pub(crate) const STACK_MARGIN: usize = 256 << 10;

/// A trap parked by a libcall until the compiled code has unwound.
pub(crate) enum Pending {
    Trap(Trap),
    Panic(Box<dyn Any + Send>),
}

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// (low, high) bounds of this thread's stack, once known.
    static STACK_BOUNDS: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

pub(crate) fn set_pending(p: Pending) {
    PENDING.with(|s| *s.borrow_mut() = Some(p));
}

fn take_pending() -> Option<Pending> {
    PENDING.with(|s| s.borrow_mut().take())
}

/// The bounds of this thread's stack, once looked up.
fn stack_bounds() -> Option<(usize, usize)> {
    if let Some(b) = STACK_BOUNDS.with(|b| b.get()) {
        return Some(b);
    }
    let bounds = thread_stack_bounds()?;
    STACK_BOUNDS.with(|b| b.set(Some(bounds)));
    Some(bounds)
}

#[cfg(target_os = "linux")]
fn thread_stack_bounds() -> Option<(usize, usize)> {
    // SAFETY: plain pthread queries on the calling thread with an attribute
    // object we initialise and destroy here.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        if rc != 0 {
            return None;
        }
        Some((addr as usize, addr as usize + size))
    }
}

#[cfg(not(target_os = "linux"))]
fn thread_stack_bounds() -> Option<(usize, usize)> {
    None
}

/// The stack limit for an entry at the current stack pointer.
fn stack_limit(budget: usize) -> usize {
    let marker = 0u8;
    let sp = &marker as *const u8 as usize;
    let by_budget = sp.saturating_sub(budget);
    match stack_bounds() {
        Some((low, high)) if (low..high).contains(&sp) => by_budget.max(low + STACK_MARGIN),
        // Unknown bounds, or running on another stack (a coroutine, a
        // signal stack): assume no more than 1 MiB is there.
        _ => by_budget.max(sp.saturating_sub(1 << 20)),
    }
}

/// Run compiled function `code` (through its array-call trampoline
/// `tramp`) of instance `inst_index` on `cells`, arguments in, results out.
///
/// # Safety
/// `code` is compiled code of a function of that instance's module and
/// `tramp` the trampoline of its type; `cells` holds valid arguments and
/// has at least `max(params, results)` cells.
pub(crate) unsafe fn invoke(
    store: &mut Store,
    code: *const u8,
    tramp: *const u8,
    inst_index: u32,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let vmctx: *mut VMContext = &mut store.instances[inst_index as usize].vmctx;
    let budget = store.max_stack_bytes;
    let saved = store.vm.stack_limit;
    let limit = stack_limit(budget);
    // Nested entries (host function -> wasm) share the outer budget.
    store.vm.stack_limit = if saved != 0 { saved.max(limit) } else { limit };
    store.vm.store = store as *mut Store;
    // SAFETY: the trampoline has the (vmctx, cells, code) signature and
    // `code` is a compiled function of the module of `vmctx`, whose type
    // the trampoline was made for.
    let rc = unsafe { ferrowasm_jit_enter(tramp, vmctx.cast(), cells.as_mut_ptr(), code) };
    store.vm.stack_limit = saved;
    if rc == 0 {
        return Ok(());
    }
    let frames = frames(store);
    let code = rc - 1;
    if code == super::env::PENDING_TRAP {
        match take_pending() {
            Some(Pending::Trap(mut t)) => {
                let mut all = t.frames().to_vec();
                all.extend(frames);
                t.set_frames(all);
                Err(t)
            }
            Some(Pending::Panic(p)) => std::panic::resume_unwind(p),
            None => Err(Trap::host("lost trap")),
        }
    } else {
        let code = TrapCode::from_u8(code as u8).unwrap_or(TrapCode::Host);
        let mut t = Trap::new(code);
        t.set_frames(frames);
        Err(t)
    }
}

/// The wasm frames recorded by the last raise on this thread.
fn frames(store: &Store) -> Vec<FrameInfo> {
    let mut n = 0usize;
    let mut raw: *mut std::ffi::c_void = std::ptr::null_mut();
    let mut faulted = 0i32;
    // SAFETY: the C side returns its thread-local buffer of `n` entries.
    let pcs = unsafe {
        let p = ferrowasm_jit_last_trap(&mut n, &mut raw, &mut faulted);
        std::slice::from_raw_parts(p, n).to_vec()
    };
    let vmctx: *mut VMContext = raw.cast();
    // SAFETY: the raise got the VM context of a live instance of this store.
    let inner = (!vmctx.is_null()).then(|| unsafe { (*vmctx).instance });
    // Distinct modules of the store, with an instance of each.
    let mut modules: Vec<(&ModuleInner, u32)> = Vec::new();
    for (i, inst) in store.instances.iter().enumerate() {
        let m = &*inst.module.inner;
        if !modules.iter().any(|(x, _)| std::ptr::eq(*x, m)) {
            modules.push((m, i as u32));
        }
    }
    let mut out = Vec::new();
    for (k, pc) in pcs.into_iter().enumerate() {
        let pc = pc as usize;
        // A fault's first pc is the trapping instruction itself (the VM
        // context is unknown there: the first instance of its module is
        // named); the others are return addresses.
        let at_fault = k == 0 && faulted != 0;
        for &(m, first) in &modules {
            let site = if at_fault {
                m.jit.lookup_trap(pc)
            } else {
                m.jit.lookup(pc)
            };
            let Some((def, module_offset)) = site else {
                continue;
            };
            let instance = match inner {
                Some(i) if std::ptr::eq(&*store.instances[i as usize].module.inner, m) => i,
                _ => first,
            };
            let func_index = m.num_imported_funcs + def;
            let body = m.code[def as usize].body_offset as usize;
            out.push(FrameInfo {
                instance,
                func_index,
                func_offset: (module_offset as usize).saturating_sub(body),
                module_offset: module_offset as usize,
                func_name: m.func_names.get(&func_index).cloned(),
                module_name: m.name.clone(),
            });
            break;
        }
    }
    out
}
