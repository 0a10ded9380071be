//! Exec envs and calls into wasm: `wasm_runtime_call_wasm` (32-bit cells),
//! `_a` (wasm_val_t arrays) and the helper of `_v` (see `variadic.c`).
//!
//! A call: check the exec env, its instance and that the function is one
//! of that instance's; check the argument count (and kinds); convert to the
//! runtime's 64-bit cells; run with the exec env's stack size; a trap
//! becomes the instance's exception ("Exception: " + the trap's message).

use super::instance::{func_of, valkind, EmbedFunc, EmbedInstance};
use super::state::{self, Kind};
use super::{guard, set_last_error};
use crate::capi::val::{wasm_val_t, wasm_val_union};
use crate::runtime::{cell_offsets, ExternRef, Store, Val, ValType};
use std::cell::Cell;
use std::ffi::c_void;

/// An execution environment (`wasm_exec_env_t`).
pub struct EmbedExecEnv {
    pub(crate) inst: *const EmbedInstance,
    pub(crate) stack_size: u32,
    user_data: Cell<*mut c_void>,
    /// The attachment of the native being called through this exec env.
    pub(crate) attachment: Cell<*mut c_void>,
    /// Calls running through this exec env (it is not freed while > 0).
    running: Cell<u32>,
}

/// An externref made from a host pointer (WAMR's `foreign` values).
pub(crate) struct HostPtr(pub usize);

impl EmbedExecEnv {
    pub(crate) fn new_boxed(inst: *const EmbedInstance, stack_size: u32) -> *mut EmbedExecEnv {
        Box::into_raw(Box::new(EmbedExecEnv {
            inst,
            stack_size: stack_size.max(4096),
            user_data: Cell::new(std::ptr::null_mut()),
            attachment: Cell::new(std::ptr::null_mut()),
            running: Cell::new(0),
        }))
    }

    /// A live exec env (registered, or the singleton of a live instance)
    /// and its live instance.
    pub(crate) fn resolve<'a>(
        ptr: *const EmbedExecEnv,
    ) -> Result<(&'a EmbedExecEnv, &'a EmbedInstance), String> {
        let (env_live, inst_live) = state::is_live_pair(
            ptr as *const c_void,
            Kind::ExecEnv,
            // SAFETY: called only for a live exec env, a box not yet freed.
            |p| unsafe { (*(p as *const EmbedExecEnv)).inst as *const c_void },
            Kind::Instance,
        );
        if !env_live {
            return Err("the exec env is NULL or was destroyed".into());
        }
        if !inst_live {
            return Err("the exec env's instance was deinstantiated".into());
        }
        // SAFETY: both handles are live: boxes not yet freed.
        unsafe { Ok((&*ptr, &*(*ptr).inst)) }
    }
}

/// The host pointer an externref cell carries (0 for null).
pub(crate) fn extern_cell_to_ptr(store: &Store, cell: u64) -> usize {
    match Val::from_cell(cell, ValType::ExternRef, store.id()) {
        Val::ExternRef(Some(r)) => r.data(store).downcast_ref::<HostPtr>().map_or(0, |h| h.0),
        _ => 0,
    }
}

/// The externref cell for a host pointer (null for 0).
pub(crate) fn ptr_to_extern_cell(store: &mut Store, p: usize) -> u64 {
    if p == 0 {
        0
    } else {
        Val::ExternRef(Some(ExternRef::new(store, HostPtr(p)))).to_cell()
    }
}

/// Run `f` with `cells` through `env`; on a trap, set the exception.
fn invoke(env: &EmbedExecEnv, inst: &EmbedInstance, f: &EmbedFunc, cells: &mut [u64]) -> bool {
    let store_ptr = inst.store();
    let prev_env = inst
        .cur_exec_env
        .replace(env as *const EmbedExecEnv as *mut EmbedExecEnv);
    inst.clear_exception();
    env.running.set(env.running.get() + 1);
    // SAFETY: the instance's store (or the running call's, for a nested
    // call from a native) is valid and not otherwise referenced meanwhile;
    // the cells match the function's type (built from it by the callers).
    let r = unsafe {
        let store = &mut *store_ptr;
        store.set_max_stack_bytes(env.stack_size as usize);
        f.func.call_raw(store, cells)
    };
    inst.cur_exec_env.set(prev_env);
    env.running.set(env.running.get() - 1);
    match r {
        Ok(()) => true,
        // proc_exit ends the program successfully, as in WAMR (its "wasi
        // proc exit" exception is cleared); the status is kept.
        Err(t) if t.exit_status().is_some() => {
            inst.exit_code.set(t.exit_status().unwrap_or(0) as u32);
            inst.exited.set(true);
            true
        }
        // A wasm_runtime_terminate from any thread interrupted the code.
        Err(_) if inst.extra.terminated_message().is_some() => {
            inst.set_exception(inst.extra.terminated_message().unwrap_or_default());
            false
        }
        Err(t) => {
            inst.set_exception(t.message());
            false
        }
    }
}

/// Run `f` with `cells` (laid out for its type, room for its results)
/// through `env`.
pub(crate) fn invoke_cells(
    env: &EmbedExecEnv,
    inst: &EmbedInstance,
    f: &EmbedFunc,
    cells: &mut [u64],
) -> bool {
    if let Some(msg) = inst.extra.terminated_message() {
        inst.set_exception(msg);
        return false;
    }
    invoke(env, inst, f, cells)
}

/// Resolve (exec env, instance, function) or leave a message.
fn resolve_call<'a>(
    exec_env: *const EmbedExecEnv,
    function: *const EmbedFunc,
) -> Option<(&'a EmbedExecEnv, &'a EmbedInstance, &'a EmbedFunc)> {
    let (env, inst) = match EmbedExecEnv::resolve(exec_env) {
        Ok(x) => x,
        Err(e) => {
            set_last_error(format!("wasm_runtime_call_wasm: {e}"));
            return None;
        }
    };
    match func_of(inst, function) {
        Some(f) => Some((env, inst, f)),
        None => {
            let msg = if function.is_null() {
                "the function is NULL"
            } else {
                "the function does not belong to the exec env's instance"
            };
            inst.set_exception(msg);
            set_last_error(format!("wasm_runtime_call_wasm: {msg}"));
            None
        }
    }
}

/// A cell buffer of `n` cells: on the stack when small.
fn with_cells<R>(n: usize, f: impl FnOnce(&mut [u64]) -> R) -> R {
    let mut small = [0u64; 16];
    if n <= small.len() {
        f(&mut small[..n])
    } else {
        f(&mut vec![0u64; n])
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_wasm(
    exec_env: *const EmbedExecEnv,
    function: *const EmbedFunc,
    argc: u32,
    argv: *mut u32,
) -> bool {
    guard(false, || {
        let Some((env, inst, f)) = resolve_call(exec_env, function) else {
            return false;
        };
        if argc != f.param_cells {
            inst.set_exception(&format!(
                "invalid argument count {argc}, must be {}",
                f.param_cells
            ));
            return false;
        }
        if argv.is_null() && (f.param_cells > 0 || f.result_cells > 0) {
            inst.set_exception("argv is NULL");
            return false;
        }
        let ty = f.ty.clone();
        with_cells(ty.cells(), |cells| {
            // SAFETY: the host gives `argc` cells of arguments at argv and
            // room for the results (the guide's contract).
            let store = unsafe { &mut *inst.store() };
            let mut at = 0usize;
            let offsets = cell_offsets(ty.params());
            for ((i, t), ci) in ty.params().iter().enumerate().zip(offsets) {
                // SAFETY: as above.
                let lo = unsafe { *argv.add(at) } as u64;
                // SAFETY: a value of n argv cells has them all in argc.
                let word = |k: usize| unsafe { *argv.add(at + k) } as u64;
                cells[ci] = match t {
                    ValType::I32 | ValType::F32 => lo,
                    ValType::I64 | ValType::F64 => lo | word(1) << 32,
                    // Four argv cells, the lowest first.
                    ValType::V128 => {
                        cells[ci + 1] = word(2) | word(3) << 32;
                        lo | word(1) << 32
                    }
                    // WAMR's convention: one cell, an index from
                    // wasm_externref_obj2ref (0xFFFFFFFF: null).
                    ValType::ExnRef => {
                        inst.set_exception(EXNREF_THROUGH_HOST);
                        return false;
                    }
                    ValType::ExternRef => match super::extra::ref2obj(lo as u32) {
                        Some(p) => ptr_to_extern_cell(store, p),
                        None => {
                            inst.set_exception(&format!(
                                "argument {i}: {lo} is not an externref index \
                                 (wasm_externref_obj2ref)"
                            ));
                            return false;
                        }
                    },
                    ValType::FuncRef => {
                        inst.set_exception("funcref parameters cannot be passed by the host");
                        return false;
                    }
                };
                at += super::instance::cells_of(*t) as usize;
            }
            if !invoke_cells(env, inst, f, cells) {
                return false;
            }
            // SAFETY: the store outlives this call; no call is running.
            let store = unsafe { &*inst.store() };
            let mut at = 0usize;
            for (t, ci) in ty.results().iter().zip(cell_offsets(ty.results())) {
                let c = cells[ci];
                let v = match t {
                    ValType::ExternRef => super::extra::obj2ref(
                        inst as *const _ as usize,
                        extern_cell_to_ptr(store, c),
                    ) as u128,
                    ValType::V128 => c as u128 | (cells[ci + 1] as u128) << 64,
                    _ => c as u128,
                };
                let n = super::instance::cells_of(*t) as usize;
                for k in 0..n {
                    // SAFETY: room for the results, as above.
                    unsafe { *argv.add(at + k) = (v >> (32 * k)) as u32 };
                }
                at += n;
            }
            true
        })
    })
}

/// Why an exnref argument is refused (the embedding API has no way to
/// name an exception).
const EXNREF_THROUGH_HOST: &str = "exnref arguments cannot be passed by the host";

/// Why wasm_runtime_call_wasm_a/_v refuse a function with a v128.
const V128_THROUGH_VAL: &str =
    "a v128 value cannot be passed through wasm_val_t: use wasm_runtime_call_wasm";

/// A wasm_val_t of kind `t` holding cell `c`.
fn val_of(store: &Store, t: ValType, c: u64) -> wasm_val_t {
    let of = match t {
        ValType::I32 => wasm_val_union {
            i32: c as u32 as i32,
        },
        ValType::I64 => wasm_val_union { i64: c as i64 },
        ValType::F32 => wasm_val_union {
            f32: f32::from_bits(c as u32),
        },
        ValType::F64 => wasm_val_union {
            f64: f64::from_bits(c),
        },
        ValType::ExternRef => wasm_val_union {
            ref_: extern_cell_to_ptr(store, c) as *mut _,
        },
        ValType::FuncRef | ValType::ExnRef => wasm_val_union {
            ref_: std::ptr::null_mut(),
        },
        // Calls with a v128 are refused before they run (wasm_val_t has
        // no room for it).
        ValType::V128 => wasm_val_union { i64: c as i64 },
    };
    wasm_val_t {
        kind: valkind(t),
        of,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_wasm_a(
    exec_env: *const EmbedExecEnv,
    function: *const EmbedFunc,
    num_results: u32,
    results: *mut wasm_val_t,
    num_args: u32,
    args: *const wasm_val_t,
) -> bool {
    guard(false, || {
        let Some((env, inst, f)) = resolve_call(exec_env, function) else {
            return false;
        };
        let ty = f.ty.clone();
        if ty.has_v128() {
            inst.set_exception(V128_THROUGH_VAL);
            return false;
        }
        if num_args as usize != ty.params().len() {
            inst.set_exception(&format!(
                "invalid argument count {num_args}, must be {}",
                ty.params().len()
            ));
            return false;
        }
        if num_results as usize != ty.results().len() {
            inst.set_exception(&format!(
                "invalid result count {num_results}, must be {}",
                ty.results().len()
            ));
            return false;
        }
        if (args.is_null() && num_args > 0) || (results.is_null() && num_results > 0) {
            inst.set_exception("args or results is NULL");
            return false;
        }
        with_cells(ty.cells(), |cells| {
            // SAFETY: the store is valid; no call is running in it now
            // other than possibly a native's (whose store this is).
            let store = unsafe { &mut *inst.store() };
            for (i, t) in ty.params().iter().enumerate() {
                // SAFETY: the host gives num_args values at args.
                let a = unsafe { &*args.add(i) };
                if a.kind != valkind(*t) {
                    inst.set_exception(&format!(
                        "argument {i} has kind {}, the function expects {t}",
                        a.kind
                    ));
                    return false;
                }
                // SAFETY: the kind was checked; the union holds that member.
                cells[i] = unsafe {
                    match t {
                        ValType::I32 => a.of.i32 as u32 as u64,
                        ValType::I64 => a.of.i64 as u64,
                        ValType::F32 => a.of.f32.to_bits() as u64,
                        ValType::F64 => a.of.f64.to_bits(),
                        ValType::ExternRef => ptr_to_extern_cell(store, a.of.ref_ as usize),
                        ValType::FuncRef => {
                            inst.set_exception("funcref arguments cannot be passed by the host");
                            return false;
                        }
                        ValType::ExnRef => {
                            inst.set_exception(EXNREF_THROUGH_HOST);
                            return false;
                        }
                        ValType::V128 => unreachable!("refused above"),
                    }
                };
            }
            if !invoke_cells(env, inst, f, cells) {
                return false;
            }
            // SAFETY: as above.
            let store = unsafe { &*inst.store() };
            for (i, t) in ty.results().iter().enumerate() {
                // SAFETY: the host gives room for num_results values.
                unsafe { results.add(i).write(val_of(store, *t, cells[i])) };
            }
            true
        })
    })
}

/// For `wasm_runtime_call_wasm_v` (variadic.c): the parameter kinds of
/// `function` if it can be called through `exec_env` with `num_args`
/// arguments (else false, with the exception set).
#[no_mangle]
pub unsafe extern "C" fn ferrowasm_embed_param_kinds(
    exec_env: *const EmbedExecEnv,
    function: *const EmbedFunc,
    num_args: u32,
    kinds: *mut u8,
) -> bool {
    guard(false, || {
        let Some((_, inst, f)) = resolve_call(exec_env, function) else {
            return false;
        };
        if num_args as usize != f.ty.params().len() {
            inst.set_exception(&format!(
                "invalid argument count {num_args}, must be {}",
                f.ty.params().len()
            ));
            return false;
        }
        if f.ty.has_v128() {
            inst.set_exception(V128_THROUGH_VAL);
            return false;
        }
        for (i, t) in f.ty.params().iter().enumerate() {
            // SAFETY: variadic.c gives room for its maximum count, which
            // num_args does not exceed.
            unsafe { *kinds.add(i) = valkind(*t) };
        }
        true
    })
}

extern "C" {
    /// Defined in variadic.c (handles are opaque here).
    fn wasm_runtime_call_wasm_v(
        exec_env: *const c_void,
        function: *const c_void,
        num_results: u32,
        results: *mut c_void,
        num_args: u32,
        ...
    ) -> bool;
}

/// Keeps variadic.c's object in the cdylib (build.rs exports its symbol).
#[used]
static KEEP_CALL_WASM_V: unsafe extern "C" fn(
    *const c_void,
    *const c_void,
    u32,
    *mut c_void,
    u32,
    ...
) -> bool = wasm_runtime_call_wasm_v;

#[no_mangle]
pub extern "C" fn wasm_runtime_create_exec_env(
    module_inst: *const EmbedInstance,
    stack_size: u32,
) -> *mut EmbedExecEnv {
    guard(std::ptr::null_mut(), || {
        if EmbedInstance::from_handle(module_inst).is_none() {
            set_last_error("wasm_runtime_create_exec_env: the instance is NULL or was freed");
            return std::ptr::null_mut();
        }
        let e = EmbedExecEnv::new_boxed(module_inst, stack_size);
        state::register_handle(e as *const c_void, Kind::ExecEnv);
        e
    })
}

/// Free an exec env box (its handle already unregistered).
///
/// # Safety
/// `e` is a box from `new_boxed` that nothing uses any more.
pub(crate) unsafe fn free_exec_env(e: *mut EmbedExecEnv) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Box::from_raw(e) });
}

/// At destroy: free an exec env unless it is the singleton of a live
/// instance (which the instance frees).
///
/// # Safety
/// `e` was a live exec env handle; `live_instances` are the instances still
/// allocated (freed after this).
pub(crate) unsafe fn free_exec_env_at_destroy(
    e: *mut EmbedExecEnv,
    live_instances: &std::collections::HashSet<usize>,
) {
    // SAFETY: a live exec env box.
    let inst = unsafe { (*e).inst };
    // SAFETY: only read when the instance is still allocated.
    let is_singleton =
        live_instances.contains(&(inst as usize)) && unsafe { (*inst).is_singleton(e) };
    if !is_singleton {
        // SAFETY: as the caller guarantees.
        unsafe { free_exec_env(e) };
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_destroy_exec_env(exec_env: *mut EmbedExecEnv) {
    guard((), || {
        if let Ok((env, inst)) = EmbedExecEnv::resolve(exec_env) {
            if inst.is_singleton(exec_env) {
                inst.set_exception("the singleton exec env is destroyed with its instance");
                return;
            }
            if env.running.get() > 0 {
                inst.set_exception("cannot destroy an exec env while a call runs through it");
                set_last_error(
                    "wasm_runtime_destroy_exec_env: a call is running through this exec env",
                );
                return;
            }
            if state::is_spawned(exec_env as *const c_void) {
                set_last_error(
                    "wasm_runtime_destroy_exec_env: a spawned exec env is destroyed with \
                     wasm_runtime_destroy_spawned_exec_env",
                );
                return;
            }
        }
        if state::unregister_handle(exec_env as *const c_void, Kind::ExecEnv) {
            // SAFETY: it was live; exec envs are only used during calls made
            // with them, which the host has finished.
            unsafe { free_exec_env(exec_env) };
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_module_inst(
    exec_env: *const EmbedExecEnv,
) -> *const EmbedInstance {
    guard(std::ptr::null(), || match EmbedExecEnv::resolve(exec_env) {
        Ok((_, inst)) => inst as *const EmbedInstance,
        Err(_) => std::ptr::null(),
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_exec_env_singleton(
    module_inst: *const EmbedInstance,
) -> *mut EmbedExecEnv {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return std::ptr::null_mut();
        };
        inst.singleton()
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_user_data(exec_env: *const EmbedExecEnv, data: *mut c_void) {
    if let Ok((env, _)) = EmbedExecEnv::resolve(exec_env) {
        env.user_data.set(data);
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_user_data(exec_env: *const EmbedExecEnv) -> *mut c_void {
    EmbedExecEnv::resolve(exec_env).map_or(std::ptr::null_mut(), |(env, _)| env.user_data.get())
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_function_attachment(
    exec_env: *const EmbedExecEnv,
) -> *mut c_void {
    EmbedExecEnv::resolve(exec_env).map_or(std::ptr::null_mut(), |(env, _)| env.attachment.get())
}

// ---- spawned exec envs and threads ----------------------------------------
//
// As WAMR without shared memory: a spawned exec env runs a new instance of
// the same module (same natives, stack size and app heap size; a fresh
// linear memory, globals and tables) in a store of its own, so it can run
// on another thread while its parent runs. Its cluster (the instance it
// was first spawned from) may have RuntimeInitArgs::max_thread_num of them
// alive at once; function handles of the cluster call the same export of
// the spawned instance.

/// Spawn an exec env from `exec_env` (see above).
fn spawn(exec_env: *const EmbedExecEnv) -> Result<*mut EmbedExecEnv, String> {
    let (env, inst) = EmbedExecEnv::resolve(exec_env)?;
    let root = inst.cluster();
    // The new exec env's box is its reservation ticket until it is live.
    let e = EmbedExecEnv::new_boxed(std::ptr::null(), env.stack_size);
    if let Err(err) = state::reserve_spawn(root as usize, e as usize) {
        // SAFETY: made above, never published.
        unsafe { free_exec_env(e) };
        return Err(err);
    }
    let made = super::instance::instantiate_compiled(
        inst.compiled.clone(),
        inst.module_handle,
        inst.mode,
        inst.default_stack,
        inst.heap_size,
        root,
    );
    match made {
        Ok(new_inst) => {
            let ip = Box::into_raw(new_inst);
            // SAFETY: `e` is ours until confirm_spawn publishes it.
            unsafe { (*e).inst = ip };
            state::confirm_spawn(e as usize, e as *const c_void, ip as *const c_void);
            Ok(e)
        }
        Err(err) => {
            state::cancel_spawn(e as usize);
            // SAFETY: never published.
            unsafe { free_exec_env(e) };
            Err(err)
        }
    }
}

/// Free a spawned exec env and its instance (used by neither a running
/// call nor a thread not yet joined).
fn destroy_spawned(exec_env: *mut EmbedExecEnv, for_thread: bool) -> Result<(), String> {
    let (_, inst) = EmbedExecEnv::resolve(exec_env)?;
    if !inst.cur_store.get().is_null() {
        return Err("the spawned exec env is running".into());
    }
    let ip = inst as *const EmbedInstance;
    state::unregister_spawned(exec_env as *const c_void, ip as *const c_void, for_thread)?;
    // SAFETY: both were live and are now unregistered: boxes nothing uses.
    unsafe {
        free_exec_env(exec_env);
        super::instance::free_instance(ip as *mut EmbedInstance);
    }
    Ok(())
}

#[no_mangle]
pub extern "C" fn wasm_runtime_spawn_exec_env(exec_env: *const EmbedExecEnv) -> *mut EmbedExecEnv {
    guard(std::ptr::null_mut(), || match spawn(exec_env) {
        Ok(e) => e,
        Err(msg) => {
            if let Ok((_, inst)) = EmbedExecEnv::resolve(exec_env) {
                inst.set_exception(&msg);
            }
            set_last_error(format!("wasm_runtime_spawn_exec_env: {msg}"));
            std::ptr::null_mut()
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_destroy_spawned_exec_env(exec_env: *mut EmbedExecEnv) {
    guard((), || {
        if let Err(msg) = destroy_spawned(exec_env, false) {
            set_last_error(format!("wasm_runtime_destroy_spawned_exec_env: {msg}"));
        }
    })
}

/// WAMR's wasm_thread_callback_t.
type ThreadCallback = unsafe extern "C" fn(*mut EmbedExecEnv, *mut c_void) -> *mut c_void;

/// Addresses moved into a spawned thread.
struct ThreadStart {
    env: usize,
    callback: usize,
    arg: usize,
}

fn spawn_thread(
    exec_env: *const EmbedExecEnv,
    callback: *const c_void,
    arg: *mut c_void,
) -> Result<usize, String> {
    if callback.is_null() {
        return Err("the callback is NULL".into());
    }
    if !state::system_alloc() {
        return Err(
            "threads need the system allocator: a thread's stack and the C \
                    library's per-thread records cannot come from a memory pool or the \
                    host's allocator (spawn an exec env and run it on a thread of yours)"
                .into(),
        );
    }
    let e = spawn(exec_env)?;
    // SAFETY: `e` is a live exec env we just made.
    let stack_size = unsafe { (*e).stack_size } as usize;
    let start = ThreadStart {
        env: e as usize,
        callback: callback as usize,
        arg: arg as usize,
    };
    let spawned = std::thread::Builder::new()
        .name("ferrowasm-spawned".into())
        .stack_size(stack_size.saturating_add(1 << 20).max(2 << 20))
        .spawn(move || {
            let s = start;
            // SAFETY: the host's wasm_thread_callback_t, called with the
            // spawned exec env (freed only after this thread is joined).
            unsafe {
                let cb: ThreadCallback = std::mem::transmute::<usize, ThreadCallback>(s.callback);
                cb(s.env as *mut EmbedExecEnv, s.arg as *mut c_void) as usize
            }
        });
    let handle = match spawned {
        Ok(h) => h,
        Err(err) => {
            let _ = destroy_spawned(e, false);
            return Err(format!("cannot start a thread: {err}"));
        }
    };
    match state::add_thread(handle, e as usize) {
        Ok(tid) => Ok(tid),
        Err(handle) => {
            // The runtime went down meanwhile (which freed the exec env).
            let _ = handle.join();
            Err("the runtime was destroyed meanwhile".into())
        }
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_spawn_thread(
    exec_env: *const EmbedExecEnv,
    tid: *mut usize,
    callback: *const c_void,
    arg: *mut c_void,
) -> i32 {
    guard(-1, || {
        if tid.is_null() {
            set_last_error("wasm_runtime_spawn_thread: tid is NULL");
            return -1;
        }
        match spawn_thread(exec_env, callback, arg) {
            Ok(t) => {
                // SAFETY: the host gives a writable wasm_thread_t.
                unsafe { *tid = t };
                0
            }
            Err(msg) => {
                if let Ok((_, inst)) = EmbedExecEnv::resolve(exec_env) {
                    inst.set_exception(&msg);
                }
                set_last_error(format!("wasm_runtime_spawn_thread: {msg}"));
                -1
            }
        }
    })
}

fn join_thread(tid: usize) -> Result<usize, String> {
    let (handle, env) = state::take_thread(tid)?;
    // Outside every lock: the thread may call the API until it ends.
    let r = handle.join();
    let freed = destroy_spawned(env as *mut EmbedExecEnv, true);
    if freed.is_err() {
        state::forget_thread(tid);
    }
    let v = r.map_err(|p| format!("the thread panicked: {}", crate::capi::panic_message(&*p)))?;
    freed.map(|()| v)
}

#[no_mangle]
pub extern "C" fn wasm_runtime_join_thread(tid: usize, retval: *mut *mut c_void) -> i32 {
    guard(-1, || match join_thread(tid) {
        Ok(v) => {
            if !retval.is_null() {
                // SAFETY: the host gives a writable void * when not NULL.
                unsafe { *retval = v as *mut c_void };
            }
            0
        }
        Err(msg) => {
            set_last_error(format!("wasm_runtime_join_thread: {msg}"));
            -1
        }
    })
}
