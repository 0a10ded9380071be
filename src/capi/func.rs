//! Functions: host functions from C callbacks (with or without an
//! environment), calls from C into any function, and reflection.
//!
//! Both directions convert between `wasm_val_t` and the runtime's untyped
//! cells in buffers on the stack (up to 8 values, beyond that on the heap),
//! so a call with numbers only allocates nothing. A host callback may call
//! back into wasm (`wasm_func_call` inside the callback): the store it
//! uses is the reborrow the runtime gave the callback.

use super::engine_store::{wasm_store_t, StoreCtx, StoreRef};
use super::ref_foreign::{ref_kind, RefObj};
use super::trap_frame::{wasm_trap_t, TrapObj};
use super::types::wasm_functype_t;
use super::val::{unrepresentable, wasm_val_t};
use super::vec::{wasm_val_vec_t, CVec};
use super::{guard, guard_lazy, set_last_error};
use crate::runtime::{Caller, ExternType, Func, FuncType, Store, StoreObj, Trap, Val, ValType};
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

ref_kind!(
    wasm_func_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Func(_),
            ..
        })
    ),
    wasm_func_delete,
    wasm_func_copy,
    wasm_func_same,
    wasm_func_get_host_info,
    wasm_func_set_host_info,
    wasm_func_set_host_info_with_finalizer,
    wasm_func_as_ref,
    wasm_func_as_ref_const,
    wasm_ref_as_func,
    wasm_ref_as_func_const
);

impl wasm_func_t {
    pub(crate) fn parts(&self) -> Option<(&StoreRef, Func)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Func(f) => Some((s, f)),
                _ => None,
            },
            _ => None,
        }
    }
}

pub type wasm_func_callback_t = Option<
    unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> Option<Box<wasm_trap_t>>,
>;
pub type wasm_func_callback_with_env_t = Option<
    unsafe extern "C" fn(
        *mut c_void,
        *const wasm_val_vec_t,
        *mut wasm_val_vec_t,
    ) -> Option<Box<wasm_trap_t>>,
>;

/// A callback's environment; dropping it (with the function) runs the
/// finalizer.
struct Env {
    data: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the embedder gave this finalizer for this data.
            unsafe { f(self.data) }
        }
    }
}

enum Callback {
    Plain(
        unsafe extern "C" fn(
            *const wasm_val_vec_t,
            *mut wasm_val_vec_t,
        ) -> Option<Box<wasm_trap_t>>,
    ),
    WithEnv(
        unsafe extern "C" fn(
            *mut c_void,
            *const wasm_val_vec_t,
            *mut wasm_val_vec_t,
        ) -> Option<Box<wasm_trap_t>>,
        Env,
    ),
}

// SAFETY: the callback and its environment are used by the thread that
// uses the store (one at a time), as the C API requires of embedders.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

const INLINE: usize = 8;

/// Values of one call: on the stack when few. Only the first `len`
/// inline slots are initialised (and dropped).
enum Vals {
    Inline([MaybeUninit<wasm_val_t>; INLINE], usize),
    Heap(Vec<wasm_val_t>),
}

impl Vals {
    /// Zero values (null references) of `types`.
    fn new(types: &[ValType]) -> Vals {
        if types.len() <= INLINE {
            let mut a = [const { MaybeUninit::uninit() }; INLINE];
            for (v, &t) in a.iter_mut().zip(types) {
                v.write(wasm_val_t::zero(t));
            }
            Vals::Inline(a, types.len())
        } else {
            Vals::Heap(types.iter().map(|&t| wasm_val_t::zero(t)).collect())
        }
    }
    fn as_mut_slice(&mut self) -> &mut [wasm_val_t] {
        match self {
            // SAFETY: the first `n` slots were initialised in `new`.
            Vals::Inline(a, n) => unsafe {
                std::slice::from_raw_parts_mut(a.as_mut_ptr() as *mut wasm_val_t, *n)
            },
            Vals::Heap(v) => v,
        }
    }
    /// A C vector viewing these values (not owning them).
    fn view(&mut self) -> wasm_val_vec_t {
        let s = self.as_mut_slice();
        CVec {
            size: s.len(),
            // Non-null and aligned even when empty (a slice's pointer).
            data: s.as_mut_ptr(),
        }
    }
}

impl Drop for Vals {
    fn drop(&mut self) {
        if let Vals::Inline(..) = self {
            let s: *mut [wasm_val_t] = self.as_mut_slice();
            // SAFETY: exactly the initialised slots, dropped once.
            unsafe { std::ptr::drop_in_place(s) }
        }
    }
}

/// The body of every host function made from C.
fn trampoline(
    ctx: &Arc<StoreCtx>,
    cb: &Callback,
    params: &[ValType],
    results: &[ValType],
    caller: &mut Caller<'_>,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let store: *mut Store = caller.store();
    let mut args = Vals::new(params);
    {
        // SAFETY: `store` is the caller's live store, not otherwise used here.
        let st = unsafe { &*store };
        for ((a, &t), &c) in args.as_mut_slice().iter_mut().zip(params).zip(cells.iter()) {
            let v = wasm_val_t::from_val(Val::from_cell(c, t, st.id()), ctx, st);
            // SAFETY: the slot holds a zero value (nothing to drop).
            unsafe { std::ptr::write(a, v) };
        }
    }
    let mut res = Vals::new(results);
    let args_view = args.view();
    let mut res_view = res.view();
    // The callback may re-enter the store: it uses the caller's reborrow.
    let trap = ctx.with_current(store, || match cb {
        // SAFETY: calling the embedder's callback with valid vectors.
        Callback::Plain(f) => unsafe { f(&args_view, &mut res_view) },
        // SAFETY: as above, with the environment it gave.
        Callback::WithEnv(f, env) => unsafe { f(env.data, &args_view, &mut res_view) },
    });
    drop(args);
    if let Some(t) = trap {
        return Err(t.to_runtime());
    }
    // SAFETY: the callback has returned; the store is ours again.
    let st = unsafe { &mut *store };
    for (i, (v, &t)) in res.as_mut_slice().iter().zip(results).enumerate() {
        let val = v
            .to_val(ctx, st, t)
            .map_err(|e| Trap::host(format!("host function result {i}: {e}")))?;
        cells[i] = val.to_cell();
    }
    Ok(())
}

fn new_func(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    cb: Callback,
) -> Option<Box<wasm_func_t>> {
    let (Some(store), Some(ty)) = (store, ty.and_then(|t| t.func_type())) else {
        set_last_error("wasm_func_new: NULL store or type");
        return None;
    };
    let ctx = store.ctx.clone();
    let ty: FuncType = ty.clone();
    let params: Box<[ValType]> = ty.params().into();
    let results: Box<[ValType]> = ty.results().into();
    let closure_ctx = ctx.clone();
    let refused = unrepresentable(&ty);
    let f = store.with_store(move |s| {
        Func::new_raw(s, ty, move |caller, cells| {
            if let Some(why) = refused {
                return Err(Trap::host(format!("host function: {why}")));
            }
            catch_unwind(AssertUnwindSafe(|| {
                trampoline(&closure_ctx, &cb, &params, &results, caller, cells)
            }))
            .unwrap_or_else(|_| Err(Trap::host("internal error: panic in a host function")))
        })
    })?;
    let r = wasm_func_t::boxed(RefObj::Store(StoreRef::new(&ctx, StoreObj::Func(f))));
    ctx.add_pressure(1);
    ctx.maybe_collect();
    Some(r)
}

#[no_mangle]
pub extern "C" fn wasm_func_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    cb: wasm_func_callback_t,
) -> Option<Box<wasm_func_t>> {
    guard(None, || {
        let Some(cb) = cb else {
            set_last_error("wasm_func_new: NULL callback");
            return None;
        };
        new_func(store, ty, Callback::Plain(cb))
    })
}

#[no_mangle]
pub extern "C" fn wasm_func_new_with_env(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    cb: wasm_func_callback_with_env_t,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> Option<Box<wasm_func_t>> {
    guard(None, || {
        let env = Env {
            data: env,
            finalizer,
        };
        let Some(cb) = cb else {
            set_last_error("wasm_func_new_with_env: NULL callback");
            return None;
        };
        new_func(store, ty, Callback::WithEnv(cb, env))
    })
}

fn func_type(func: Option<&wasm_func_t>) -> Option<Arc<FuncType>> {
    let func = func?;
    let (s, f) = func.parts()?;
    if let Some(t) = func.r.func_type.get() {
        return Some(t.clone());
    }
    let t = s.with_store(|st| f.ty(st))?;
    Some(func.r.func_type.get_or_init(|| t).clone())
}

#[no_mangle]
pub extern "C" fn wasm_func_type(func: Option<&wasm_func_t>) -> Option<Box<wasm_functype_t>> {
    guard(None, || {
        let ty = func_type(func)?;
        Some(wasm_functype_t::boxed(&ExternType::Func((*ty).clone())))
    })
}

#[no_mangle]
pub extern "C" fn wasm_func_param_arity(func: Option<&wasm_func_t>) -> usize {
    guard(0, || func_type(func).map_or(0, |t| t.params().len()))
}

#[no_mangle]
pub extern "C" fn wasm_func_result_arity(func: Option<&wasm_func_t>) -> usize {
    guard(0, || func_type(func).map_or(0, |t| t.results().len()))
}

const INLINE_CELLS: usize = 16;

fn call(
    ctx: &Arc<StoreCtx>,
    store: &mut Store,
    f: Func,
    ty: &FuncType,
    args: &[wasm_val_t],
    results: Option<&mut wasm_val_vec_t>,
) -> Option<Box<wasm_trap_t>> {
    let fail = |msg: String| Some(TrapObj::boxed_message(msg));
    if let Some(why) = unrepresentable(ty) {
        return fail(format!("wasm_func_call: {why}"));
    }
    if args.len() != ty.params().len() {
        return fail(format!(
            "wasm_func_call: expected {} arguments, got {}",
            ty.params().len(),
            args.len()
        ));
    }
    let nresults = results.as_ref().map_or(0, |r| r.size);
    if nresults != ty.results().len() {
        return fail(format!(
            "wasm_func_call: expected room for {} results, got {}",
            ty.results().len(),
            nresults
        ));
    }
    let mut inline = [0u64; INLINE_CELLS];
    let mut heap;
    let cells: &mut [u64] = if ty.cells() <= INLINE_CELLS {
        &mut inline[..ty.cells()]
    } else {
        heap = vec![0u64; ty.cells()];
        &mut heap
    };
    for (i, (a, &t)) in args.iter().zip(ty.params()).enumerate() {
        match a.to_val(ctx, store, t) {
            Ok(v) => cells[i] = v.to_cell(),
            Err(e) => return fail(format!("wasm_func_call: argument {i}: {e}")),
        }
    }
    // SAFETY: every argument cell was converted from a value checked
    // against its parameter type and store.
    if let Err(t) = unsafe { f.call_raw(store, cells) } {
        return Some(TrapObj::boxed(t, ctx, store));
    }
    if let Some(results) = results {
        for (i, &t) in ty.results().iter().enumerate() {
            let v = wasm_val_t::from_val(Val::from_cell(cells[i], t, store.id()), ctx, store);
            // SAFETY: `results` holds `size` slots (checked above); they are
            // out-parameters, so the old contents are not read or dropped.
            unsafe { std::ptr::write(results.data.add(i), v) };
        }
    }
    None
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_call(
    func: Option<&wasm_func_t>,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> Option<Box<wasm_trap_t>> {
    guard_lazy(
        |msg| Some(TrapObj::boxed_message(format!("wasm_func_call: {msg}"))),
        || {
            let Some((s, f)) = func.and_then(|f| f.parts()) else {
                return Some(TrapObj::boxed_message(
                    "wasm_func_call: NULL function".into(),
                ));
            };
            // SAFETY: `args` is NULL or a valid vector of values.
            let args = unsafe { args.as_ref() }.map_or(&[][..], |a| a.as_slice());
            // SAFETY: `results` is NULL or a valid vector.
            let results = unsafe { results.as_mut() };
            if results
                .as_ref()
                .is_some_and(|r| r.size > 0 && r.data.is_null())
            {
                return Some(TrapObj::boxed_message(
                    "wasm_func_call: results vector without data".into(),
                ));
            }
            let ctx = &s.ctx;
            let cache = func.map(|f| &f.r.func_type);
            let r = ctx
                .with_store(|st| match cache {
                    Some(c) => {
                        let ty = c.get_or_init(|| f.ty(st));
                        call(ctx, st, f, ty, args, results)
                    }
                    None => call(ctx, st, f, &f.ty(st), args, results),
                })
                .unwrap_or_else(|| {
                    // The store is gone or busy: the last error says which.
                    let why = super::with_last_error(|e| {
                        e.map(|c| c.to_string_lossy().into_owned())
                            .unwrap_or_else(|| "the store is not usable".into())
                    });
                    Some(TrapObj::boxed_message(format!("wasm_func_call: {why}")))
                });
            // A callback may have deleted the store: free it now.
            ctx.after_call();
            r
        },
    )
}
