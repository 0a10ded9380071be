//! The one call path: every call of a store function, from the host (the
//! Rust API, `wasm.h`, `wasm_export.h`), from interpreted code and from
//! compiled code, comes through here.
//!
//! A host function is called directly (a panic in it becomes a trap). A
//! wasm function runs in the tier its module's code says runs it now
//! (`tier::ModuleCode::current`): its compiled body once published, its
//! interpreted body before. Tiers call back in here for every callee they
//! do not run themselves.

use super::func::{Caller, FuncKind, HostFn};
use super::instance::Instance;
use super::store::Store;
use super::trap::Trap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Call store function `func` on `cells` (arguments in, results out).
/// `caller` is the instance whose code makes the call (None from the host).
///
/// # Safety
/// `cells` has at least `max(params, results)` cells of `func`'s type and
/// holds valid arguments; a call from the host is active (see `TierCode::call`).
#[inline]
pub(crate) unsafe fn call(
    store: &mut Store,
    func: u32,
    cells: &mut [u64],
    caller: Option<Instance>,
) -> Result<(), Trap> {
    match store.funcs[func as usize].kind {
        FuncKind::Host(ref f) => {
            let f = f.clone();
            call_host(store, &*f, cells, caller)
        }
        // SAFETY: the caller's contract.
        FuncKind::Wasm { instance, def } => unsafe { call_wasm(store, instance, def, cells) },
    }
}

/// Run defined function `def` of instance `inst` in its current tier.
///
/// # Safety
/// As `call`, for that function.
#[inline]
pub(crate) unsafe fn call_wasm(
    store: &mut Store,
    inst: u32,
    def: u32,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let code: *const super::tier::ModuleCode = &store.instances[inst as usize].module.inner.code;
    // SAFETY: the instance holds its module, and no instance is reclaimed
    // while a call from the host is active (`Store::in_call`), so the code
    // outlives this call even if the host deletes the instance meanwhile.
    let code = unsafe { &*code };
    match code.current(def) {
        // SAFETY: the caller's contract; `code` is the module's own.
        Some(tier) => unsafe { tier.call(store, inst, def, cells) },
        None => Err(Trap::host("function has no code in this engine's tiers")),
    }
}

/// Call host function `f`; a panic in it becomes a trap, so that the store
/// and the frames below stay usable.
pub(crate) fn call_host(
    store: &mut Store,
    f: &HostFn,
    cells: &mut [u64],
    caller: Option<Instance>,
) -> Result<(), Trap> {
    let mut caller = Caller {
        store,
        instance: caller,
    };
    match catch_unwind(AssertUnwindSafe(|| f(&mut caller, cells))) {
        Ok(r) => r,
        Err(p) => Err(Trap::host(format!(
            "host function panicked: {}",
            panic_message(&*p)
        ))),
    }
}

/// The text of a panic payload.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = p.downcast_ref::<&str>() {
        s
    } else if let Some(s) = p.downcast_ref::<String>() {
        s
    } else {
        "unknown panic"
    }
}
