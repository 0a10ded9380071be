//! The rest of WAMR's header: `instantiate_ex` / `_ex2` and their args,
//! context keys, thread environments, termination and blocking
//! operations, stack checks, exec env re-targeting, externref indexes,
//! `call_indirect`, and the functions whose WAMR build option ferrowasm
//! lacks (debugger, PGO, profiling dumps, call-stack copies, instruction
//! metering, shared heaps), which fail or report as WAMR built without it.

use super::call::EmbedExecEnv;
use super::instance::{EmbedFunc, EmbedInstance};
use super::module::EmbedModule;
use super::state::{self, Kind};
use super::{guard, set_last_error, write_error_buf};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

const TERMINATED: &str = "terminated by user";

/// Per-instance state of this file.
#[derive(Default)]
pub(crate) struct InstExtra {
    terminated: AtomicBool,
    /// The instance's store's interrupt flag: `wasm_runtime_terminate`
    /// raises it, so running code stops at its next check (any thread).
    pub(crate) interrupt: std::sync::OnceLock<crate::runtime::metering::InterruptHandle>,
    /// Context values by key address.
    contexts: RefCell<Vec<(usize, usize)>>,
    /// Memory handles (boxed: their addresses are the handles).
    #[allow(clippy::vec_box)]
    pub(crate) memories: RefCell<Vec<Box<super::memory::MemRec>>>,
    #[allow(clippy::vec_box)]
    pub(crate) tables: RefCell<Vec<Box<super::memory::TableRec>>>,
    /// Inside begin/end_blocking_op.
    pub(crate) blocking: Cell<bool>,
}

impl InstExtra {
    /// The termination message once wasm_runtime_terminate was called.
    pub(crate) fn terminated_message(&self) -> Option<&'static str> {
        self.terminated
            .load(Ordering::Acquire)
            .then_some(TERMINATED)
    }
}

// ---- instantiate_ex / _ex2 -------------------------------------------------

/// WAMR's `InstantiationArgs` (and the body of `InstantiationArgs2`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct InstantiationArgs {
    pub default_stack_size: u32,
    pub host_managed_heap_size: u32,
    pub max_memory_pages: u32,
}

fn instantiate_with(
    module: *const EmbedModule,
    a: InstantiationArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedInstance {
    let stack = if a.default_stack_size == 0 {
        16 << 10
    } else {
        a.default_stack_size
    };
    // SAFETY: forwarded (the handle is checked there).
    let inst = unsafe {
        super::instance::wasm_runtime_instantiate(
            module,
            stack,
            a.host_managed_heap_size,
            error_buf,
            error_buf_size,
        )
    };
    if inst.is_null() || a.max_memory_pages == 0 {
        return inst;
    }
    // The runtime cannot lower a memory's maximum after the module fixed
    // it: accept a limit the module's own maximum already keeps.
    let ok = EmbedInstance::from_handle(inst).is_some_and(|i| {
        super::memory::default_max_pages(i).is_some_and(|m| m <= a.max_memory_pages as u64)
    });
    if ok {
        return inst;
    }
    // SAFETY: ours, just made, not running.
    unsafe { super::instance::wasm_runtime_deinstantiate(inst) };
    write_error_buf(
        error_buf,
        error_buf_size,
        &format!(
            "WASM module instantiate failed: max_memory_pages {} is below the memory's own \
             maximum, and ferrowasm cannot lower a memory's maximum",
            a.max_memory_pages
        ),
    );
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate_ex(
    module: *const EmbedModule,
    args: *const InstantiationArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedInstance {
    guard(std::ptr::null_mut(), || {
        // SAFETY: the host's args when not NULL.
        let a = if args.is_null() {
            InstantiationArgs::default()
        } else {
            // SAFETY: the host's args (not NULL).
            unsafe { *args }
        };
        instantiate_with(module, a, error_buf, error_buf_size)
    })
}

/// Live `InstantiationArgs2` objects (addresses).
static ARGS2: Mutex<Vec<usize>> = Mutex::new(Vec::new());

fn args2<R>(p: *mut InstantiationArgs, f: impl FnOnce(&mut InstantiationArgs) -> R) -> Option<R> {
    let live = ARGS2.lock().unwrap_or_else(|e| e.into_inner());
    if !live.contains(&(p as usize)) {
        set_last_error("the instantiation args object is NULL or was destroyed");
        return None;
    }
    // SAFETY: a live box made by wasm_runtime_instantiation_args_create.
    Some(f(unsafe { &mut *p }))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_create(
    p: *mut *mut InstantiationArgs,
) -> bool {
    if p.is_null() {
        return false;
    }
    let b = Box::into_raw(Box::<InstantiationArgs>::default());
    ARGS2
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(b as usize);
    // SAFETY: the host's out-parameter.
    unsafe { *p = b };
    true
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_destroy(p: *mut InstantiationArgs) {
    let mut live = ARGS2.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = live.iter().position(|&a| a == p as usize) {
        live.swap_remove(i);
        // SAFETY: a live box of ours, now forgotten.
        drop(unsafe { Box::from_raw(p) });
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_default_stack_size(
    p: *mut InstantiationArgs,
    v: u32,
) {
    args2(p, |a| a.default_stack_size = v);
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_host_managed_heap_size(
    p: *mut InstantiationArgs,
    v: u32,
) {
    args2(p, |a| a.host_managed_heap_size = v);
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_max_memory_pages(
    p: *mut InstantiationArgs,
    v: u32,
) {
    args2(p, |a| a.max_memory_pages = v);
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate_ex2(
    module: *const EmbedModule,
    args: *const InstantiationArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedInstance {
    guard(std::ptr::null_mut(), || {
        let a = if args.is_null() {
            Some(InstantiationArgs::default())
        } else {
            args2(args as *mut InstantiationArgs, |a| *a)
        };
        match a {
            Some(a) => instantiate_with(module, a, error_buf, error_buf_size),
            None => {
                write_error_buf(
                    error_buf,
                    error_buf_size,
                    "WASM module instantiate failed: bad instantiation args object",
                );
                std::ptr::null_mut()
            }
        }
    })
}

// ---- context keys ------------------------------------------------------------

type Dtor = unsafe extern "C" fn(*mut EmbedInstance, *mut c_void);

/// Live keys: key address -> destructor (WAMR allows 8).
static KEYS: Mutex<Option<HashMap<usize, Option<Dtor>>>> = Mutex::new(None);
const MAX_KEYS: usize = 8;

fn key_dtor(key: usize) -> Option<Option<Dtor>> {
    KEYS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()?
        .get(&key)
        .copied()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_create_context_key(dtor: Option<Dtor>) -> *mut c_void {
    let mut g = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    let keys = g.get_or_insert_with(HashMap::new);
    if keys.len() >= MAX_KEYS {
        set_last_error("wasm_runtime_create_context_key: all 8 context keys are in use");
        return std::ptr::null_mut();
    }
    // A one-byte box: a unique address for the key.
    let k = Box::into_raw(Box::new(0u8)) as usize;
    keys.insert(k, dtor);
    k as *mut c_void
}

/// Every live instance's address (for key destruction).
fn live_instances() -> Vec<usize> {
    state::live_of_kind(Kind::Instance)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_destroy_context_key(key: *mut c_void) {
    guard((), || {
        let Some(dtor) = key_dtor(key as usize) else {
            set_last_error("wasm_runtime_destroy_context_key: not a live key");
            return;
        };
        for i in live_instances() {
            if let Some(inst) = EmbedInstance::from_handle(i as *const EmbedInstance) {
                let v = take_context(inst, key as usize);
                if let (Some(d), Some(v)) = (dtor, v) {
                    // SAFETY: the host's destructor, with its own context.
                    unsafe { d(i as *mut EmbedInstance, v as *mut c_void) };
                }
            }
        }
        if let Some(keys) = KEYS.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            keys.remove(&(key as usize));
        }
        // SAFETY: the key is the address of a box made at creation.
        drop(unsafe { Box::from_raw(key as *mut u8) });
    })
}

fn take_context(inst: &EmbedInstance, key: usize) -> Option<usize> {
    let mut c = inst.extra.contexts.borrow_mut();
    let i = c.iter().position(|&(k, _)| k == key)?;
    Some(c.swap_remove(i).1).filter(|&v| v != 0)
}

/// Run the destructors of an instance's contexts (when it goes away).
pub(crate) fn drop_contexts(inst: &EmbedInstance) {
    let all = std::mem::take(&mut *inst.extra.contexts.borrow_mut());
    for (k, v) in all {
        if let (Some(Some(d)), true) = (key_dtor(k), v != 0) {
            // SAFETY: the host's destructor, with its own context.
            unsafe {
                d(
                    inst as *const EmbedInstance as *mut EmbedInstance,
                    v as *mut c_void,
                )
            };
        }
    }
}

fn set_context(inst: &EmbedInstance, key: usize, ctx: usize) {
    let mut c = inst.extra.contexts.borrow_mut();
    match c.iter_mut().find(|(k, _)| *k == key) {
        Some(e) => e.1 = ctx,
        None => c.push((key, ctx)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_context(
    inst: *const EmbedInstance,
    key: *mut c_void,
    ctx: *mut c_void,
) {
    guard((), || {
        if key_dtor(key as usize).is_none() {
            set_last_error("wasm_runtime_set_context: not a live key");
            return;
        }
        if let Some(i) = EmbedInstance::from_handle(inst) {
            set_context(i, key as usize, ctx as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_context_spread(
    inst: *const EmbedInstance,
    key: *mut c_void,
    ctx: *mut c_void,
) {
    guard((), || {
        if key_dtor(key as usize).is_none() {
            set_last_error("wasm_runtime_set_context_spread: not a live key");
            return;
        }
        let Some(i) = EmbedInstance::from_handle(inst) else {
            return;
        };
        let root = i.cluster() as usize;
        for p in live_instances() {
            if let Some(o) = EmbedInstance::from_handle(p as *const EmbedInstance) {
                if o.cluster() as usize == root {
                    set_context(o, key as usize, ctx as usize);
                }
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_context(
    inst: *const EmbedInstance,
    key: *mut c_void,
) -> *mut c_void {
    EmbedInstance::from_handle(inst).map_or(std::ptr::null_mut(), |i| {
        i.extra
            .contexts
            .borrow()
            .iter()
            .find(|(k, _)| *k == key as usize)
            .map_or(std::ptr::null_mut(), |&(_, v)| v as *mut c_void)
    })
}

// ---- threads' environment, termination, blocking operations ---------------------

thread_local! {
    static THREAD_ENV: Cell<bool> = const { Cell::new(false) };
}

#[no_mangle]
pub extern "C" fn wasm_runtime_init_thread_env() -> bool {
    THREAD_ENV.with(|t| t.set(true));
    // This thread's stack bounds, looked up once (see `full_init`).
    crate::runtime::stack::prime();
    true
}

#[no_mangle]
pub extern "C" fn wasm_runtime_destroy_thread_env() {
    THREAD_ENV.with(|t| t.set(false));
}

#[no_mangle]
pub extern "C" fn wasm_runtime_thread_env_inited() -> bool {
    THREAD_ENV.with(|t| t.get())
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_max_thread_num(num: u32) {
    let _ = state::with_runtime(|r| r.max_thread_num = if num == 0 { 4 } else { num });
}

#[no_mangle]
pub extern "C" fn wasm_runtime_terminate(module_inst: *const EmbedInstance) {
    guard((), || {
        if let Some(i) = EmbedInstance::from_handle(module_inst) {
            i.extra.terminated.store(true, Ordering::Release);
            if let Some(h) = i.extra.interrupt.get() {
                h.interrupt();
            }
            i.set_exception(TERMINATED);
        }
    })
}

/// clear_exception also ends a termination.
pub(crate) fn clear_terminated(inst: &EmbedInstance) {
    if inst.extra.terminated.swap(false, Ordering::AcqRel) {
        // SAFETY: called on the thread that owns the instance, outside any
        // call (clear_exception); the store outlives the instance.
        unsafe { (*inst.store()).clear_interrupt() };
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_begin_blocking_op(exec_env: *const EmbedExecEnv) -> bool {
    guard(false, || match EmbedExecEnv::resolve(exec_env) {
        Ok((_, inst)) => {
            if inst.extra.terminated_message().is_some() {
                return false;
            }
            inst.extra.blocking.set(true);
            true
        }
        Err(e) => {
            set_last_error(format!("wasm_runtime_begin_blocking_op: {e}"));
            false
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_end_blocking_op(exec_env: *const EmbedExecEnv) {
    guard((), || {
        if let Ok((_, inst)) = EmbedExecEnv::resolve(exec_env) {
            inst.extra.blocking.set(false);
        }
    })
}

// ---- stack checks -----------------------------------------------------------------

/// The lowest usable address of the calling thread's stack.
fn thread_stack_low() -> Option<usize> {
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; it
    // is destroyed after use; the out-parameters are ours.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (r == 0).then_some(addr as usize)
    }
}

/// Native stack boundaries set by wasm_runtime_set_native_stack_boundary.
static BOUNDARIES: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

#[no_mangle]
pub extern "C" fn wasm_runtime_set_native_stack_boundary(
    exec_env: *const EmbedExecEnv,
    boundary: *mut u8,
) {
    let mut b = BOUNDARIES.lock().unwrap_or_else(|e| e.into_inner());
    b.retain(|&(e, _)| e != exec_env as usize);
    if !boundary.is_null() {
        b.push((exec_env as usize, boundary as usize));
    }
}

fn check_stack(exec_env: *const EmbedExecEnv, need: usize) -> bool {
    let (_, inst) = match EmbedExecEnv::resolve(exec_env) {
        Ok(x) => x,
        Err(e) => {
            set_last_error(format!("wasm_runtime_detect_native_stack_overflow: {e}"));
            return false;
        }
    };
    let set = BOUNDARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|&&(e, _)| e == exec_env as usize)
        .map(|&(_, b)| b);
    let Some(low) = set.or_else(thread_stack_low) else {
        return true;
    };
    let marker = 0u8;
    let sp = std::hint::black_box(&marker) as *const u8 as usize;
    let ok = sp > low && sp - low >= need;
    if !ok {
        inst.set_exception("native stack overflow");
    }
    ok
}

#[no_mangle]
pub extern "C" fn wasm_runtime_detect_native_stack_overflow(exec_env: *const EmbedExecEnv) -> bool {
    guard(false, || check_stack(exec_env, 16 << 10))
}

#[no_mangle]
pub extern "C" fn wasm_runtime_detect_native_stack_overflow_size(
    exec_env: *const EmbedExecEnv,
    required_size: u32,
) -> bool {
    guard(false, || check_stack(exec_env, required_size as usize))
}

// ---- exec envs ----------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn wasm_runtime_set_module_inst(
    exec_env: *mut EmbedExecEnv,
    module_inst: *const EmbedInstance,
) {
    guard((), || {
        if !state::is_live(exec_env as *const c_void, Kind::ExecEnv) {
            set_last_error("wasm_runtime_set_module_inst: the exec env is NULL or was destroyed");
            return;
        }
        if EmbedInstance::from_handle(module_inst).is_none() {
            set_last_error("wasm_runtime_set_module_inst: the instance is NULL or was freed");
            return;
        }
        // SAFETY: a live exec env box; not running (its instance would
        // have cur_exec_env set to it).
        let env = unsafe { &mut *exec_env };
        if let Some(cur) = EmbedInstance::from_handle(env.inst) {
            if cur.is_singleton(exec_env) || state::is_spawned(exec_env as *const c_void) {
                set_last_error(
                    "wasm_runtime_set_module_inst: singleton and spawned exec envs stay with \
                     their instance",
                );
                return;
            }
            if std::ptr::eq(cur.cur_exec_env.get(), exec_env) {
                set_last_error("wasm_runtime_set_module_inst: the exec env is running");
                return;
            }
        }
        env.inst = module_inst;
    })
}

// ---- call_indirect ---------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_indirect(
    exec_env: *const EmbedExecEnv,
    element_index: u32,
    argc: u32,
    argv: *mut u32,
) -> bool {
    guard(false, || {
        let (_, inst) = match EmbedExecEnv::resolve(exec_env) {
            Ok(x) => x,
            Err(e) => {
                set_last_error(format!("wasm_runtime_call_indirect: {e}"));
                return false;
            }
        };
        let Some(f) = super::memory::table_func(inst, 0, element_index) else {
            return false;
        };
        // SAFETY: forwarded: `f` is a function handle of the instance.
        unsafe { super::call::wasm_runtime_call_wasm(exec_env, f as *const EmbedFunc, argc, argv) }
    })
}

// ---- externref indexes -------------------------------------------------------------------

/// Host objects by index, as WAMR's externref map: (object, cleanup,
/// retained).
struct ExternMap {
    objs: Vec<Option<(usize, Option<unsafe extern "C" fn(*mut c_void)>, usize)>>,
}

static EXTERNS: Mutex<ExternMap> = Mutex::new(ExternMap { objs: Vec::new() });

pub(crate) const NULL_EXTERNREF: u32 = u32::MAX;

/// The index of `obj` (made on first use).
pub(crate) fn obj2ref(inst: usize, obj: usize) -> u32 {
    if obj == 0 {
        return NULL_EXTERNREF;
    }
    let mut m = EXTERNS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = m.objs.iter().position(|e| e.is_some_and(|e| e.0 == obj)) {
        return i as u32;
    }
    let _ = inst;
    match m.objs.iter().position(Option::is_none) {
        Some(i) => {
            m.objs[i] = Some((obj, None, 0));
            i as u32
        }
        None => {
            m.objs.push(Some((obj, None, 0)));
            (m.objs.len() - 1) as u32
        }
    }
}

/// The object of index `idx` (None: not a live index; Some(0): null).
pub(crate) fn ref2obj(idx: u32) -> Option<usize> {
    if idx == NULL_EXTERNREF {
        return Some(0);
    }
    let m = EXTERNS.lock().unwrap_or_else(|e| e.into_inner());
    m.objs.get(idx as usize).copied().flatten().map(|e| e.0)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externref_obj2ref(
    module_inst: *const EmbedInstance,
    obj: *mut c_void,
    p_idx: *mut u32,
) -> bool {
    if EmbedInstance::from_handle(module_inst).is_none() || p_idx.is_null() {
        return false;
    }
    // SAFETY: the host's out-parameter.
    unsafe { *p_idx = obj2ref(module_inst as usize, obj as usize) };
    true
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externref_objdel(
    _module_inst: *const EmbedInstance,
    obj: *mut c_void,
) -> bool {
    let entry = {
        let mut m = EXTERNS.lock().unwrap_or_else(|e| e.into_inner());
        let Some(i) = m
            .objs
            .iter()
            .position(|e| e.is_some_and(|e| e.0 == obj as usize))
        else {
            return false;
        };
        m.objs[i].take()
    };
    if let Some((o, Some(cleanup), _)) = entry {
        // SAFETY: the host's cleanup for its own object.
        unsafe { cleanup(o as *mut c_void) };
    }
    true
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externref_set_cleanup(
    _module_inst: *const EmbedInstance,
    obj: *mut c_void,
    cleanup: Option<unsafe extern "C" fn(*mut c_void)>,
) -> bool {
    let mut m = EXTERNS.lock().unwrap_or_else(|e| e.into_inner());
    match m.objs.iter_mut().flatten().find(|e| e.0 == obj as usize) {
        Some(e) => {
            e.1 = cleanup;
            true
        }
        None => false,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externref_ref2obj(idx: u32, p_obj: *mut *mut c_void) -> bool {
    if p_obj.is_null() {
        return false;
    }
    match ref2obj(idx) {
        Some(o) => {
            // SAFETY: the host's out-parameter.
            unsafe { *p_obj = o as *mut c_void };
            true
        }
        None => false,
    }
}

#[no_mangle]
pub extern "C" fn wasm_externref_retain(idx: u32) -> bool {
    let mut m = EXTERNS.lock().unwrap_or_else(|e| e.into_inner());
    match m.objs.get_mut(idx as usize).and_then(Option::as_mut) {
        Some(e) => {
            e.2 += 1;
            true
        }
        None => false,
    }
}

/// At destroy: forget the keys, args objects, boundaries and externref
/// objects (running their cleanups), whose memory is the runtime's.
pub(crate) fn clear_all() {
    if let Some(keys) = KEYS.lock().unwrap_or_else(|e| e.into_inner()).take() {
        for k in keys.into_keys() {
            // SAFETY: each key is the address of a box made at creation.
            drop(unsafe { Box::from_raw(k as *mut u8) });
        }
    }
    for a in std::mem::take(&mut *ARGS2.lock().unwrap_or_else(|e| e.into_inner())) {
        // SAFETY: live boxes of ours, now forgotten.
        drop(unsafe { Box::from_raw(a as *mut InstantiationArgs) });
    }
    *BOUNDARIES.lock().unwrap_or_else(|e| e.into_inner()) = Vec::new();
    clear_externs();
}

fn clear_externs() {
    let all = std::mem::take(&mut EXTERNS.lock().unwrap_or_else(|e| e.into_inner()).objs);
    for (o, c, _) in all.into_iter().flatten() {
        if let Some(c) = c {
            // SAFETY: the host's cleanup for its own object.
            unsafe { c(o as *mut c_void) };
        }
    }
}

// ---- options ferrowasm does not have -----------------------------------------------------

fn not_built(what: &str) -> String {
    format!("{what} is not built into ferrowasm (as WAMR built without it)")
}

#[no_mangle]
pub unsafe extern "C" fn wasm_copy_callstack(
    _exec_env: *const EmbedExecEnv,
    _buffer: *mut c_void,
    _length: u32,
    _skip_n: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> u32 {
    write_error_buf(
        error_buf,
        error_buf_size,
        &not_built("copying the call stack (WAMR_BUILD_COPY_CALL_STACK)"),
    );
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance_with_port(
    _exec_env: *const EmbedExecEnv,
    _port: i32,
) -> u32 {
    set_last_error(not_built("the source debugger (WAMR_BUILD_DEBUG_INTERP)"));
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance(exec_env: *const EmbedExecEnv) -> u32 {
    wasm_runtime_start_debug_instance_with_port(exec_env, -1)
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_instruction_count_limit(
    _exec_env: *const EmbedExecEnv,
    count: i32,
) {
    if count >= 0 {
        set_last_error(not_built(
            "instruction metering (WAMR_BUILD_INSTRUCTION_METERING)",
        ));
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_dump_mem_consumption(_exec_env: *const EmbedExecEnv) {
    println!(
        "{}",
        not_built("memory profiling (WAMR_BUILD_MEMORY_PROFILING)")
    );
}

#[no_mangle]
pub extern "C" fn wasm_runtime_dump_perf_profiling(_module_inst: *const EmbedInstance) {
    println!(
        "{}",
        not_built("performance profiling (WAMR_BUILD_PERF_PROFILING)")
    );
}

#[no_mangle]
pub extern "C" fn wasm_runtime_sum_wasm_exec_time(_module_inst: *const EmbedInstance) -> f64 {
    0.0
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_wasm_func_exec_time(
    _inst: *const EmbedInstance,
    _name: *const c_char,
) -> f64 {
    0.0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_dump_call_stack(_exec_env: *const EmbedExecEnv) {
    println!(
        "{}",
        not_built("dumping the call stack (WAMR_BUILD_DUMP_CALL_STACK)")
    );
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_call_stack_buf_size(_exec_env: *const EmbedExecEnv) -> u32 {
    0
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_call_stack_to_buf(
    _exec_env: *const EmbedExecEnv,
    buf: *mut c_char,
    len: u32,
) -> u32 {
    write_error_buf(buf, len, "");
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_pgo_prof_data_size(_module_inst: *const EmbedInstance) -> u32 {
    0
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_pgo_prof_data_to_buf(
    _module_inst: *const EmbedInstance,
    _buf: *mut c_char,
    _len: u32,
) -> u32 {
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_bounds_checks(_module_inst: *const EmbedInstance, enable: bool) {
    if !enable {
        set_last_error("bounds checks cannot be switched off in ferrowasm");
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_is_bounds_checks_enabled(module_inst: *const EmbedInstance) -> bool {
    EmbedInstance::from_handle(module_inst).is_some()
}

// ---- shared heaps (not built in) -----------------------------------------------------------

fn no_shared_heap() {
    set_last_error(not_built("the shared heap (WAMR_BUILD_SHARED_HEAP)"));
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_create_shared_heap(_args: *mut c_void) -> *mut c_void {
    no_shared_heap();
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_chain_shared_heaps(
    _head: *mut c_void,
    _body: *mut c_void,
) -> *mut c_void {
    no_shared_heap();
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unchain_shared_heaps(
    _head: *mut c_void,
    _entire: bool,
) -> *mut c_void {
    no_shared_heap();
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_attach_shared_heap(
    _module_inst: *const EmbedInstance,
    _heap: *mut c_void,
) -> bool {
    no_shared_heap();
    false
}

#[no_mangle]
pub extern "C" fn wasm_runtime_detach_shared_heap(_module_inst: *const EmbedInstance) {}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_shared_heap_malloc(
    module_inst: *const EmbedInstance,
    _size: u64,
    p_native_addr: *mut *mut c_void,
) -> u64 {
    if !p_native_addr.is_null() {
        // SAFETY: the host's out-parameter.
        unsafe { *p_native_addr = std::ptr::null_mut() };
    }
    if let Some(i) = EmbedInstance::from_handle(module_inst) {
        i.set_exception("no shared heap attached (shared heaps are not built in)");
    }
    no_shared_heap();
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_shared_heap_free(_module_inst: *const EmbedInstance, _ptr: u64) {}
