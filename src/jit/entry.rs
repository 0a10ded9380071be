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
use std::cell::RefCell;

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

/// A trap parked by a libcall until the compiled code has unwound.
pub(crate) enum Pending {
    Trap(Trap),
    Panic(Box<dyn Any + Send>),
}

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

pub(crate) fn set_pending(p: Pending) {
    PENDING.with(|s| *s.borrow_mut() = Some(p));
}

fn take_pending() -> Option<Pending> {
    PENDING.with(|s| s.borrow_mut().take())
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
    let limit = crate::runtime::stack::limit_for_entry(budget, store.native_floor);
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
        store.trap_raised(code);
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
            let Some(j) = super::tier::jit_of(&m.code) else {
                continue;
            };
            let site = if at_fault {
                j.lookup_trap(pc)
            } else {
                j.lookup(pc)
            };
            let Some((def, module_offset)) = site else {
                continue;
            };
            let instance = match inner {
                Some(i) if std::ptr::eq(&*store.instances[i as usize].module.inner, m) => i,
                _ => first,
            };
            let func_index = m.num_imported_funcs + def;
            let body = m.bodies[def as usize].start;
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
