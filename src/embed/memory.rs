//! Linear memories (`wasm_memory_inst_t`), address ranges, and exported
//! globals and tables (`wasm_global_inst_t`, `wasm_table_inst_t`).
//!
//! Memory and table handles are records the instance keeps (boxed, freed
//! with it), so a handle is valid while its instance lives.

use super::instance::{EmbedFunc, EmbedInstance};
use super::{c_str, guard, set_last_error};
use crate::runtime::{saturate_u32, Memory, Table, Val};
use std::ffi::{c_char, c_void};
use std::sync::Mutex;

/// The record behind a `wasm_memory_inst_t`.
pub(crate) struct MemRec {
    inst: *const EmbedInstance,
    mem: Memory,
}

/// The record behind `wasm_table_inst_t::elems`.
pub(crate) struct TableRec {
    table: Table,
}

/// The instance's default memory size in pages.
pub(crate) fn default_max_pages(inst: &EmbedInstance) -> Option<u64> {
    let m = inst.memory.get()?;
    // SAFETY: the instance's store, only read.
    let store = unsafe { &*inst.store() };
    m.ty(store).limits.max
}

fn handle(inst: &EmbedInstance, mem: Memory) -> *mut MemRec {
    let mut v = inst.extra.memories.borrow_mut();
    if let Some(r) = v.iter_mut().find(|r| r.mem == mem) {
        return &mut **r as *mut MemRec;
    }
    let mut b = Box::new(MemRec {
        inst: inst as *const EmbedInstance,
        mem,
    });
    let p = &mut *b as *mut MemRec;
    v.push(b);
    p
}

/// The record behind a memory handle, checked to belong to a live
/// instance.
fn rec<'a>(p: *const MemRec) -> Option<(&'a EmbedInstance, Memory)> {
    if p.is_null() {
        return None;
    }
    // Find the owner among live instances without dereferencing `p` first.
    for i in super::state::live_of_kind(super::state::Kind::Instance) {
        let inst = EmbedInstance::from_handle(i as *const EmbedInstance)?;
        if let Some(r) = inst
            .extra
            .memories
            .borrow()
            .iter()
            .find(|r| std::ptr::eq(&***r, p))
        {
            // SAFETY: the instance is live and keeps the record.
            return Some((unsafe { &*r.inst }, r.mem));
        }
    }
    None
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_lookup_memory(
    module_inst: *const EmbedInstance,
    name: *const c_char,
) -> *mut MemRec {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return std::ptr::null_mut();
        };
        // SAFETY: NUL-terminated when not NULL.
        let Some(name) = (unsafe { c_str(name) }) else {
            return std::ptr::null_mut();
        };
        let Some(i) = inst.instance.get() else {
            return std::ptr::null_mut();
        };
        // SAFETY: the instance's store, only read.
        let store = unsafe { &*inst.store() };
        match i.get_memory(store, &name) {
            Some(m) => handle(inst, m),
            None => std::ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_default_memory(
    module_inst: *const EmbedInstance,
) -> *mut MemRec {
    guard(std::ptr::null_mut(), || {
        EmbedInstance::from_handle(module_inst)
            .and_then(|i| Some(handle(i, i.memory.get()?)))
            .unwrap_or(std::ptr::null_mut())
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_memory(
    module_inst: *const EmbedInstance,
    index: u32,
) -> *mut MemRec {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return std::ptr::null_mut();
        };
        let Some(i) = inst.instance.get() else {
            return std::ptr::null_mut();
        };
        // SAFETY: the instance's store, only read.
        let store = unsafe { &*inst.store() };
        match i.memory_at(store, index) {
            Some(m) => handle(inst, m),
            None => std::ptr::null_mut(),
        }
    })
}

fn with_mem<R>(p: *const MemRec, default: R, f: impl FnOnce(&EmbedInstance, Memory) -> R) -> R {
    guard_r(default, || rec(p).map(|(i, m)| f(i, m)))
}

fn guard_r<R>(default: R, f: impl FnOnce() -> Option<R>) -> R {
    // A panic and a bad handle both give `default`.
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    match r {
        Ok(Some(v)) => v,
        _ => default,
    }
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_cur_page_count(p: *const MemRec) -> u64 {
    with_mem(p, 0, |i, m| {
        // SAFETY: the instance's store, only read.
        m.size(unsafe { &*i.store() })
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_max_page_count(p: *const MemRec) -> u64 {
    with_mem(p, 0, |i, m| {
        // SAFETY: the instance's store, only read.
        m.ty(unsafe { &*i.store() }).limits.max.unwrap_or(65536)
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_bytes_per_page(p: *const MemRec) -> u64 {
    // SAFETY: the instance's store, only read.
    with_mem(p, 0, |i, m| m.ty(unsafe { &*i.store() }).page_size())
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_shared(_p: *const MemRec) -> bool {
    false
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_base_address(p: *const MemRec) -> *mut c_void {
    with_mem(p, std::ptr::null_mut(), |i, m| {
        // SAFETY: the instance's store, only read.
        m.data_ptr(unsafe { &*i.store() }).cast()
    })
}

/// The enlarge error callback and its user data.
static ENLARGE_CB: Mutex<Option<(usize, usize)>> = Mutex::new(None);

type EnlargeCb =
    unsafe extern "C" fn(u32, u64, u32, u32, *const EmbedInstance, *const c_void, *mut c_void);

fn enlarge(inst: &EmbedInstance, m: Memory, pages: u64) -> bool {
    // SAFETY: the instance's (or the running call's) store; no other
    // reference to it is used meanwhile.
    let store = unsafe { &mut *inst.store() };
    let cur = m.data_size(store) as u64;
    let ok = m.grow(store, pages).is_ok();
    if !ok {
        let cb = *ENLARGE_CB.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((f, ud)) = cb {
            // SAFETY: a function pointer the host registered with this type.
            let f: EnlargeCb = unsafe { std::mem::transmute::<usize, EnlargeCb>(f) };
            let max_reached = 1;
            // SAFETY: the host's callback.
            unsafe {
                f(
                    pages.min(u32::MAX as u64) as u32,
                    cur,
                    0,
                    max_reached,
                    inst as *const EmbedInstance,
                    inst.cur_exec_env.get() as *const c_void,
                    ud as *mut c_void,
                )
            };
        }
    }
    ok
}

#[no_mangle]
pub extern "C" fn wasm_memory_enlarge(p: *const MemRec, inc_page_count: u64) -> bool {
    with_mem(p, false, |i, m| enlarge(i, m, inc_page_count))
}

#[no_mangle]
pub extern "C" fn wasm_runtime_enlarge_memory(
    module_inst: *const EmbedInstance,
    inc_page_count: u64,
) -> bool {
    guard(false, || {
        let Some(i) = EmbedInstance::from_handle(module_inst) else {
            return false;
        };
        match i.memory.get() {
            Some(m) => enlarge(i, m, inc_page_count),
            None => false,
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_enlarge_mem_error_callback(cb: usize, user_data: usize) {
    *ENLARGE_CB.lock().unwrap_or_else(|e| e.into_inner()) = (cb != 0).then_some((cb, user_data));
}

fn mem_range(inst: &EmbedInstance) -> Option<(usize, usize)> {
    let m = inst.memory.get()?;
    // SAFETY: the instance's store, only read.
    let store = unsafe { &*inst.store() };
    Some((m.data_ptr(store) as usize, m.data_size(store)))
}

/// Store `v` through `p` when not NULL.
///
/// # Safety
/// `p` is NULL or writable.
unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: guaranteed by the caller.
        unsafe { p.write(v) };
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_app_addr_range(
    module_inst: *const EmbedInstance,
    app_offset: u64,
    p_start: *mut u64,
    p_end: *mut u64,
) -> bool {
    guard(false, || {
        let Some((_, len)) = EmbedInstance::from_handle(module_inst).and_then(mem_range) else {
            return false;
        };
        if app_offset >= len as u64 {
            return false;
        }
        // SAFETY: the host's out-parameters.
        unsafe {
            put(p_start, 0);
            put(p_end, len as u64);
        }
        true
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_native_addr_range(
    module_inst: *const EmbedInstance,
    native_ptr: *mut u8,
    p_start: *mut *mut u8,
    p_end: *mut *mut u8,
) -> bool {
    guard(false, || {
        let Some((base, len)) = EmbedInstance::from_handle(module_inst).and_then(mem_range) else {
            return false;
        };
        let p = native_ptr as usize;
        if p < base || p >= base + len {
            return false;
        }
        // SAFETY: the host's out-parameters.
        unsafe {
            put(p_start, base as *mut u8);
            put(p_end, (base + len) as *mut u8);
        }
        true
    })
}

/// WAMR's `wasm_global_inst_t`.
#[repr(C)]
pub struct GlobalInst {
    kind: u8,
    is_mutable: bool,
    global_data: *mut c_void,
}

/// WAMR's `wasm_table_inst_t`.
#[repr(C)]
pub struct TableInst {
    elem_kind: u8,
    cur_size: u32,
    max_size: u32,
    elems: *mut c_void,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_global_inst(
    module_inst: *const EmbedInstance,
    name: *const c_char,
    out: *mut GlobalInst,
) -> bool {
    guard(false, || {
        let (Some(inst), Some(name)) = (EmbedInstance::from_handle(module_inst), unsafe {
            // SAFETY: NUL-terminated when not NULL.
            c_str(name)
        }) else {
            return false;
        };
        if out.is_null() {
            return false;
        }
        let Some(i) = inst.instance.get() else {
            return false;
        };
        // SAFETY: the instance's store; the global's cell lives in a box
        // the store keeps until the instance is freed.
        let store = unsafe { &mut *inst.store() };
        let Some(g) = i.get_global(store, &name) else {
            return false;
        };
        let ty = g.ty(store);
        let cell = store.globals[g.index as usize].value.as_mut_ptr();
        // SAFETY: the host's out-parameter.
        unsafe {
            out.write(GlobalInst {
                kind: super::instance::valkind(ty.content),
                is_mutable: ty.mutability == crate::runtime::Mutability::Var,
                global_data: cell.cast(),
            })
        };
        true
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_table_inst(
    module_inst: *const EmbedInstance,
    name: *const c_char,
    out: *mut TableInst,
) -> bool {
    guard(false, || {
        let (Some(inst), Some(name)) = (EmbedInstance::from_handle(module_inst), unsafe {
            // SAFETY: NUL-terminated when not NULL.
            c_str(name)
        }) else {
            return false;
        };
        let Some(i) = inst.instance.get() else {
            return false;
        };
        if out.is_null() {
            return false;
        }
        // SAFETY: the instance's store, only read.
        let store = unsafe { &*inst.store() };
        let Some(t) = i.get_table(store, &name) else {
            return false;
        };
        let ty = t.ty(store);
        let mut v = inst.extra.tables.borrow_mut();
        let p = match v.iter_mut().find(|r| r.table == t) {
            Some(r) => &mut **r as *mut TableRec,
            None => {
                let mut b = Box::new(TableRec { table: t });
                let p = &mut *b as *mut TableRec;
                v.push(b);
                p
            }
        };
        // SAFETY: the host's out-parameter.
        unsafe {
            out.write(TableInst {
                elem_kind: super::instance::valkind(ty.element),
                cur_size: t.size(store),
                max_size: ty.limits.max.map_or(u32::MAX, saturate_u32),
                elems: p.cast(),
            })
        };
        true
    })
}

/// The function at `idx` of table `table` of `inst`, as a handle of the
/// instance; None (with the exception set) otherwise.
pub(crate) fn table_func(inst: &EmbedInstance, table: u32, idx: u32) -> Option<*mut EmbedFunc> {
    let i = inst.instance.get()?;
    // SAFETY: the instance's store, only read.
    let store = unsafe { &*inst.store() };
    let t = if table == 0 {
        let ids = &store.instances[i.index as usize].table_ids;
        ids.first().map(|&index| Table {
            store: store.id(),
            index,
        })
    } else {
        None
    };
    let Some(t) = t else {
        inst.set_exception("the instance has no table");
        return None;
    };
    elem_func(inst, t, idx)
}

fn elem_func(inst: &EmbedInstance, t: Table, idx: u32) -> Option<*mut EmbedFunc> {
    // SAFETY: the instance's store, only read.
    let store = unsafe { &*inst.store() };
    match t.get(store, idx) {
        Some(Val::FuncRef(Some(f))) => Some(inst.adopt(f, idx)),
        Some(Val::FuncRef(None)) => {
            inst.set_exception("uninitialized element");
            None
        }
        Some(_) => {
            inst.set_exception("the table does not hold functions");
            None
        }
        None => {
            inst.set_exception("undefined element");
            None
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_get_func_inst(
    module_inst: *const EmbedInstance,
    table_inst: *const TableInst,
    idx: u32,
) -> *mut EmbedFunc {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return std::ptr::null_mut();
        };
        if table_inst.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: the host's record from wasm_runtime_get_export_table_inst.
        let elems = unsafe { (*table_inst).elems } as *const TableRec;
        let t = inst
            .extra
            .tables
            .borrow()
            .iter()
            .find(|r| std::ptr::eq(&***r, elems))
            .map(|r| r.table);
        let Some(t) = t else {
            set_last_error("wasm_table_get_func_inst: not a table of this instance");
            return std::ptr::null_mut();
        };
        elem_func(inst, t, idx).unwrap_or(std::ptr::null_mut())
    })
}
