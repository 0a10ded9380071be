//! Instances: instantiate/deinstantiate, exceptions, custom data, running
//! mode, and function lookup.
//!
//! Each instance has a store of its own (WAMR instances share nothing). The
//! store is reached through a raw pointer: while wasm runs, natives and the
//! API functions they call use the store of the running call
//! (`cur_store`), never a second reference to it.

use super::call::EmbedExecEnv;
use super::heap::AppHeap;
use super::module::EmbedModule;
use super::natives;
use super::state::{self, Kind};
use super::{alloc, c_str, guard, set_last_error, write_error_buf};
use crate::runtime::{Func, FuncType, Instance, Memory, Module, Store, ValType};
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// A function exported by an instance (`wasm_function_inst_t`).
pub struct EmbedFunc {
    pub(crate) name: String,
    /// The cluster (the instance exec envs were spawned from, or the
    /// instance itself) of the instance that looked it up: a spawned
    /// instance calls a function of its cluster as its own export of the
    /// same name (WAMR lets threads call the parent's function handles).
    pub(crate) cluster: usize,
    pub(crate) func: Func,
    pub(crate) ty: Arc<FuncType>,
    /// 32-bit cells of the parameters and results (wasm_runtime_call_wasm).
    pub(crate) param_cells: u32,
    pub(crate) result_cells: u32,
}

/// Cells a value of `t` takes in wasm_runtime_call_wasm's argv.
pub(crate) fn cells_of(t: ValType) -> u32 {
    match t {
        ValType::I32 | ValType::F32 | ValType::FuncRef | ValType::ExternRef | ValType::ExnRef => 1,
        ValType::I64 | ValType::F64 => 2,
        ValType::V128 => 4,
    }
}

/// An instance (`wasm_module_inst_t`).
pub struct EmbedInstance {
    pub(crate) module_handle: *const EmbedModule,
    /// The compiled module (spawned instances are made from it).
    pub(crate) compiled: Module,
    pub(crate) mode: u32,
    /// host_managed_heap_size at instantiation (spawned instances get the
    /// same).
    pub(crate) heap_size: u32,
    /// For an instance of a spawned exec env: the root of its cluster (the
    /// instance that is not spawned); NULL otherwise.
    pub(crate) root: *const EmbedInstance,
    store: *mut Store,
    pub(crate) instance: Cell<Option<Instance>>,
    pub(crate) memory: Cell<Option<Memory>>,
    exception: RefCell<Option<CString>>,
    custom_data: Cell<*mut c_void>,
    /// Boxed: their addresses are the handles.
    #[allow(clippy::vec_box)]
    pub(crate) funcs: RefCell<Vec<Box<EmbedFunc>>>,
    pub(crate) heap: RefCell<AppHeap>,
    pub(crate) default_stack: u32,
    singleton: Cell<*mut EmbedExecEnv>,
    /// The store of the running call while wasm runs (natives use it).
    pub(crate) cur_store: Cell<*mut Store>,
    /// The exec env of the running call.
    pub(crate) cur_exec_env: Cell<*mut EmbedExecEnv>,
    /// The WASI context of an instance of a module importing WASI.
    pub(crate) wasi: Option<crate::wasi::WasiCtx>,
    /// The status given to proc_exit, and whether it was called.
    pub(crate) exit_code: Cell<u32>,
    pub(crate) exited: Cell<bool>,
    /// Context keys' values, per-instance handles, termination.
    pub(crate) extra: super::extra::InstExtra,
}

impl EmbedInstance {
    /// The handle of a live instance.
    pub(crate) fn from_handle<'a>(ptr: *const EmbedInstance) -> Option<&'a EmbedInstance> {
        if state::is_live(ptr as *const c_void, Kind::Instance) {
            // SAFETY: live handles point to boxed instances not yet freed.
            Some(unsafe { &*ptr })
        } else {
            None
        }
    }

    /// The store to use now: the running call's, else the instance's own.
    pub(crate) fn store(&self) -> *mut Store {
        let cur = self.cur_store.get();
        if cur.is_null() {
            self.store
        } else {
            cur
        }
    }

    /// Set the exception (WAMR's format: "Exception: " and the message).
    pub(crate) fn set_exception(&self, msg: &str) {
        let c = CString::new(format!("Exception: {}", msg.replace('\0', " "))).unwrap_or_default();
        *self.exception.borrow_mut() = Some(c);
    }

    pub(crate) fn clear_exception(&self) {
        *self.exception.borrow_mut() = None;
    }

    /// The exception's message without the "Exception: " prefix.
    pub(crate) fn exception_message(&self) -> Option<String> {
        self.exception.borrow().as_ref().map(|c| {
            let s = c.to_string_lossy();
            s.strip_prefix("Exception: ").unwrap_or(&s).to_string()
        })
    }

    /// The exec env natives get when wasm was not entered through one
    /// (e.g. the start function): the instance's own.
    pub(crate) fn singleton(&self) -> *mut EmbedExecEnv {
        let s = self.singleton.get();
        if !s.is_null() {
            return s;
        }
        let e = EmbedExecEnv::new_boxed(self as *const EmbedInstance, self.default_stack);
        self.singleton.set(e);
        state::register_handle(e as *const c_void, Kind::ExecEnv);
        e
    }

    /// The root of this instance's cluster (itself unless spawned).
    pub(crate) fn cluster(&self) -> *const EmbedInstance {
        if self.root.is_null() {
            self as *const EmbedInstance
        } else {
            self.root
        }
    }

    /// Whether `e` is this instance's singleton exec env.
    pub(crate) fn is_singleton(&self, e: *const EmbedExecEnv) -> bool {
        std::ptr::eq(self.singleton.get(), e)
    }

    /// The function `name` exported by this instance, cached.
    pub(crate) fn lookup(&self, name: &str) -> Option<*mut EmbedFunc> {
        if let Some(f) = self.funcs.borrow_mut().iter_mut().find(|f| f.name == name) {
            return Some(&mut **f as *mut EmbedFunc);
        }
        let inst = self.instance.get()?;
        // SAFETY: the store pointer is valid while the instance lives; no
        // other reference to it is used during this call.
        let store = unsafe { &*self.store() };
        let func = inst.get_func(store, name)?;
        let ty = func.ty(store);
        let mut f = Box::new(EmbedFunc {
            name: name.to_string(),
            cluster: self.cluster() as usize,
            func,
            param_cells: ty.params().iter().map(|&t| cells_of(t)).sum(),
            result_cells: ty.results().iter().map(|&t| cells_of(t)).sum(),
            ty,
        });
        let p = &mut *f as *mut EmbedFunc;
        self.funcs.borrow_mut().push(f);
        // Registered so that another thread (a spawned exec env's) can tell
        // a live handle of its cluster from anything else.
        state::register_handle(p as *const c_void, Kind::Func);
        Some(p)
    }

    /// A handle for `func` (a table element `idx`, maybe not exported).
    pub(crate) fn adopt(&self, func: Func, idx: u32) -> *mut EmbedFunc {
        if let Some(f) = self.funcs.borrow_mut().iter_mut().find(|f| f.func == func) {
            return &mut **f as *mut EmbedFunc;
        }
        // SAFETY: the store pointer is valid while the instance lives.
        let store = unsafe { &*self.store() };
        let ty = func.ty(store);
        let mut f = Box::new(EmbedFunc {
            // Not a name an export can be looked up by (NUL first).
            name: format!("\0elem{idx}"),
            cluster: self.cluster() as usize,
            func,
            param_cells: ty.params().iter().map(|&t| cells_of(t)).sum(),
            result_cells: ty.results().iter().map(|&t| cells_of(t)).sum(),
            ty,
        });
        let p = &mut *f as *mut EmbedFunc;
        self.funcs.borrow_mut().push(f);
        state::register_handle(p as *const c_void, Kind::Func);
        p
    }

    /// Whether `f` is a function handle of this instance.
    pub(crate) fn owns(&self, f: *const EmbedFunc) -> bool {
        self.funcs
            .borrow()
            .iter()
            .any(|b| std::ptr::eq(&**b as *const EmbedFunc, f))
    }
}

impl Drop for EmbedInstance {
    fn drop(&mut self) {
        super::extra::drop_contexts(self);
        let s = self.singleton.replace(std::ptr::null_mut());
        if !s.is_null() {
            state::unregister_handle(s as *const c_void, Kind::ExecEnv);
            // SAFETY: the singleton is a box made by `singleton()`.
            drop(unsafe { Box::from_raw(s) });
        }
        let funcs = std::mem::take(&mut *self.funcs.borrow_mut());
        state::unregister_all(
            funcs
                .iter()
                .map(|f| &**f as *const EmbedFunc as *const c_void),
        );
        drop(funcs);
        // SAFETY: the store is a box made at instantiation, owned by us;
        // nothing runs in it now (deinstantiate from inside a call is
        // refused).
        drop(unsafe { Box::from_raw(self.store) });
    }
}

/// Make the instance (see `wasm_runtime_instantiate`).
fn instantiate(
    module: &EmbedModule,
    module_handle: *const EmbedModule,
    stack_size: u32,
    heap_size: u32,
) -> Result<Box<EmbedInstance>, String> {
    let mode = state::default_mode()?;
    let mut compiled: Module = module.for_mode(mode)?;
    let own_malloc = compiled.exports().any(|e| e.name == "malloc")
        && compiled.exports().any(|e| e.name == "free");
    // The heap lives in memory 0: the first defined memory only when no
    // memory is imported (with multi-memory, an imported memory 0 may come
    // with defined ones).
    let imports_memory = compiled
        .imports()
        .any(|i| matches!(i.ty, crate::runtime::ExternType::Memory(_)));
    if !own_malloc && !imports_memory {
        if let Some(bytes) = super::heap::with_heap_room(compiled.bytes(), heap_size) {
            // A variant of the module whose memory has room for the heap
            // (compiled for this instance; spawned ones reuse it).
            compiled = super::module::compile(&bytes, mode)?;
        }
    }
    instantiate_compiled(
        compiled,
        module_handle,
        mode,
        stack_size,
        heap_size,
        std::ptr::null(),
    )
}

/// Make an instance of `compiled`: its own store, imports resolved against
/// the registered natives, a fresh memory, globals and app heap. `root` is
/// the cluster's root for the instance of a spawned exec env (else NULL).
pub(crate) fn instantiate_compiled(
    compiled: Module,
    module_handle: *const EmbedModule,
    mode: u32,
    stack_size: u32,
    heap_size: u32,
    root: *const EmbedInstance,
) -> Result<Box<EmbedInstance>, String> {
    if !alloc::relieve() {
        return Err(alloc::exhausted_message());
    }
    // Resolve the imports against the registered natives first.
    let resolved = natives::resolve_imports(&compiled)?;
    let wasi = if resolved.iter().any(Option::is_none) {
        Some(super::wasi::make_ctx(module_handle)?)
    } else {
        None
    };
    let mut store = Box::new(Store::new(compiled.engine()));
    store.set_max_stack_bytes(stack_size.max(4096) as usize);
    let inst = Box::new(EmbedInstance {
        module_handle,
        compiled: compiled.clone(),
        mode,
        heap_size,
        root,
        store: Box::into_raw(store),
        instance: Cell::new(None),
        memory: Cell::new(None),
        exception: RefCell::new(None),
        custom_data: Cell::new(std::ptr::null_mut()),
        funcs: RefCell::new(Vec::new()),
        heap: RefCell::new(AppHeap::None),
        default_stack: stack_size.max(4096),
        singleton: Cell::new(std::ptr::null_mut()),
        cur_store: Cell::new(std::ptr::null_mut()),
        cur_exec_env: Cell::new(std::ptr::null_mut()),
        wasi,
        exit_code: Cell::new(0),
        exited: Cell::new(false),
        extra: Default::default(),
    });
    let ip = &*inst as *const EmbedInstance;
    // SAFETY: the store is ours and nothing else uses it now.
    let store = unsafe { &mut *inst.store };
    let _ = inst.extra.interrupt.set(store.interrupt_handle());
    let wasi_imports = match &inst.wasi {
        Some(w) => w.imports(store, &compiled).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let imports = natives::make_imports(store, ip, resolved, wasi_imports)?;
    let instance = Instance::new(store, &compiled, &imports).map_err(|e| match e.as_trap() {
        Some(t) => format!("Exception: {}", t.message()),
        None => e.to_string(),
    })?;
    inst.instance.set(Some(instance));
    // SAFETY: as above (the start function has returned).
    let store = unsafe { &mut *inst.store };
    inst.memory.set(instance.default_memory(store));
    let heap = AppHeap::new(store, instance, inst.memory.get(), heap_size)?;
    *inst.heap.borrow_mut() = heap;
    if alloc::PRESSURE.load(std::sync::atomic::Ordering::Acquire) {
        drop(inst);
        alloc::relieve();
        return Err(alloc::exhausted_message());
    }
    Ok(inst)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate(
    module: *const EmbedModule,
    default_stack_size: u32,
    host_managed_heap_size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedInstance {
    let r = guard(Err("internal error".to_string()), || {
        // SAFETY: checked against the registry.
        let m = unsafe { EmbedModule::from_handle(module) }
            .ok_or("the module is NULL or was unloaded")?;
        let inst = instantiate(m, module, default_stack_size, host_managed_heap_size)?;
        let p = Box::into_raw(inst);
        state::register_handle(p as *const c_void, Kind::Instance);
        Ok(p)
    });
    match r {
        Ok(p) => p,
        Err(e) => {
            let msg = if e.starts_with("Exception: ") {
                e
            } else {
                format!("WASM module instantiate failed: {e}")
            };
            write_error_buf(error_buf, error_buf_size, &msg);
            std::ptr::null_mut()
        }
    }
}

/// Free an instance box (its handle already unregistered).
///
/// # Safety
/// `p` is a box from wasm_runtime_instantiate, not in use.
pub(crate) unsafe fn free_instance(p: *mut EmbedInstance) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Box::from_raw(p) });
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_deinstantiate(module_inst: *mut EmbedInstance) {
    guard((), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_runtime_deinstantiate: the instance is NULL or was freed");
            return;
        };
        if !inst.cur_store.get().is_null() {
            inst.set_exception("cannot deinstantiate an instance while it runs");
            return;
        }
        if !inst.root.is_null() {
            let msg = "this instance belongs to a spawned exec env: \
                       wasm_runtime_destroy_spawned_exec_env (or join_thread) frees it";
            inst.set_exception(msg);
            set_last_error(format!("wasm_runtime_deinstantiate: {msg}"));
            return;
        }
        match state::unregister_root_instance(module_inst as *const c_void) {
            Ok(true) => {
                // SAFETY: it was live and is not running.
                unsafe { free_instance(module_inst) };
            }
            Ok(false) => {}
            Err(msg) => {
                inst.set_exception(&msg);
                set_last_error(format!("wasm_runtime_deinstantiate: {msg}"));
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_module(module_inst: *const EmbedInstance) -> *const EmbedModule {
    EmbedInstance::from_handle(module_inst).map_or(std::ptr::null(), |i| i.module_handle)
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_running_mode(
    module_inst: *const EmbedInstance,
    mode: u32,
) -> bool {
    guard(false, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return false;
        };
        let same = state::mode_tier(mode).is_some()
            && state::mode_tier(mode) == state::mode_tier(inst.mode);
        if !same {
            inst.set_exception(&format!(
                "cannot switch an instance from running mode {} to {mode}: choose the mode \
                 with wasm_runtime_set_default_running_mode before instantiating",
                inst.mode
            ));
        }
        same
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_running_mode(module_inst: *const EmbedInstance) -> u32 {
    EmbedInstance::from_handle(module_inst).map_or(0, |i| i.mode)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_lookup_function(
    module_inst: *const EmbedInstance,
    name: *const c_char,
) -> *mut EmbedFunc {
    // SAFETY: forwarded.
    unsafe { ferrowasm_runtime_lookup_function_sig(module_inst, name, std::ptr::null()) }
}

#[no_mangle]
pub unsafe extern "C" fn ferrowasm_runtime_lookup_function_sig(
    module_inst: *const EmbedInstance,
    name: *const c_char,
    signature: *const c_char,
) -> *mut EmbedFunc {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_runtime_lookup_function: the instance is NULL or was freed");
            return std::ptr::null_mut();
        };
        // SAFETY: the host's strings are NUL-terminated when not NULL.
        let (Some(name), sig) = (unsafe { c_str(name) }, unsafe { c_str(signature) }) else {
            set_last_error("wasm_runtime_lookup_function: the name is NULL");
            return std::ptr::null_mut();
        };
        let Some(f) = inst.lookup(&name) else {
            set_last_error(format!("no exported function \"{name}\""));
            return std::ptr::null_mut();
        };
        if let Some(sig) = sig {
            // SAFETY: `f` is a live function box of this instance.
            let ty = unsafe { &(*f).ty };
            if let Err(e) = natives::check_lookup_signature(&sig, ty) {
                set_last_error(format!("function \"{name}\": {e}"));
                return std::ptr::null_mut();
            }
        }
        f
    })
}

/// The function behind a handle, checked to belong to `inst`; or, for a
/// live handle of another instance of `inst`'s cluster (a spawned exec
/// env's instance and the one it was spawned from), `inst`'s export of the
/// same name, as WAMR lets a thread call the parent's function handles.
pub(crate) fn func_of<'a>(inst: &EmbedInstance, f: *const EmbedFunc) -> Option<&'a EmbedFunc> {
    if inst.owns(f) {
        // SAFETY: a function of the instance is a live box in its list.
        return Some(unsafe { &*f });
    }
    let cluster = inst.cluster() as usize;
    // Read under the registry lock: the owner cannot free the box (it
    // unregisters its functions first) while we read its name.
    let name = state::with_live(f as *const c_void, Kind::Func, || {
        // SAFETY: live: a function box not yet freed; its fields never
        // change after it is made.
        let other = unsafe { &*f };
        (other.cluster == cluster).then(|| other.name.clone())
    })??;
    // SAFETY: the handle `lookup` gives is a live box of `inst`.
    inst.lookup(&name).map(|p| unsafe { &*p })
}

fn kind_of(t: ValType) -> u8 {
    match t {
        ValType::I32 => 0,
        ValType::I64 => 1,
        ValType::F32 => 2,
        ValType::F64 => 3,
        ValType::V128 => 4,
        ValType::ExternRef => 128,
        ValType::FuncRef => 129,
        // Not a WAMR kind: ferrowasm.h's FERROWASM_EXNREF.
        ValType::ExnRef => 130,
    }
}

pub(crate) fn valkind(t: ValType) -> u8 {
    kind_of(t)
}

fn func_types(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
    results: bool,
) -> Option<Vec<ValType>> {
    let inst = EmbedInstance::from_handle(module_inst)?;
    let f = func_of(inst, f)?;
    Some(if results {
        f.ty.results().to_vec()
    } else {
        f.ty.params().to_vec()
    })
}

#[no_mangle]
pub extern "C" fn wasm_func_get_param_count(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
) -> u32 {
    guard(0, || {
        func_types(f, module_inst, false).map_or(0, |v| v.len() as u32)
    })
}

#[no_mangle]
pub extern "C" fn wasm_func_get_result_count(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
) -> u32 {
    guard(0, || {
        func_types(f, module_inst, true).map_or(0, |v| v.len() as u32)
    })
}

fn write_kinds(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
    out: *mut u8,
    results: bool,
) {
    if out.is_null() {
        return;
    }
    if let Some(v) = func_types(f, module_inst, results) {
        for (i, t) in v.into_iter().enumerate() {
            // SAFETY: the host gives room for the function's count.
            unsafe { *out.add(i) = kind_of(t) };
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_param_types(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
    out: *mut u8,
) {
    guard((), || write_kinds(f, module_inst, out, false))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_result_types(
    f: *const EmbedFunc,
    module_inst: *const EmbedInstance,
    out: *mut u8,
) {
    guard((), || write_kinds(f, module_inst, out, true))
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_exception(module_inst: *const EmbedInstance) -> *const c_char {
    guard(std::ptr::null(), || {
        EmbedInstance::from_handle(module_inst).map_or(std::ptr::null(), |i| {
            i.exception
                .borrow()
                .as_ref()
                .map_or(std::ptr::null(), |c| c.as_ptr())
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_exception(
    module_inst: *const EmbedInstance,
    exception: *const c_char,
) {
    guard((), || {
        if let Some(i) = EmbedInstance::from_handle(module_inst) {
            // SAFETY: NUL-terminated when not NULL.
            match unsafe { c_str(exception) } {
                Some(m) => i.set_exception(&m),
                None => i.clear_exception(),
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_clear_exception(module_inst: *const EmbedInstance) {
    guard((), || {
        if let Some(i) = EmbedInstance::from_handle(module_inst) {
            super::extra::clear_terminated(i);
            i.clear_exception();
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_custom_data(
    module_inst: *const EmbedInstance,
    data: *mut c_void,
) {
    if let Some(i) = EmbedInstance::from_handle(module_inst) {
        i.custom_data.set(data);
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_custom_data(module_inst: *const EmbedInstance) -> *mut c_void {
    EmbedInstance::from_handle(module_inst).map_or(std::ptr::null_mut(), |i| i.custom_data.get())
}
