//! Runtime functions compiled code calls (`extern "C"`).
//!
//! None of them unwinds or jumps: each returns a value or a status (0, or a
//! trap code + 1) that the compiled code checks, branching to a trap block.
//! A host trap or a panic is parked in the thread's pending slot
//! (`entry::set_pending`) and reported as `PENDING_TRAP`.
//!
//! SAFETY (for the whole file): compiled code passes the VM context of the
//! running instance, which lies inside an `InstanceEntity` boxed in the
//! store; the store pointer in its runtime record was set by the entry from
//! the host and stays valid during the call. Segment, table and function
//! indices were validated with the module.

use super::entry::{set_pending, Pending};
use super::env::PENDING_TRAP;
use crate::runtime::bulk;
use crate::runtime::instance::{Instance, InstanceEntity, VMContext};
use crate::runtime::memory::VMMemory;
use crate::runtime::store::Store;
use crate::runtime::trap::TrapCode;
use std::mem::offset_of;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The instance entity that holds `vmctx`, as a raw pointer (no
/// reference is made).
fn instance_ptr(vmctx: *mut VMContext) -> *mut InstanceEntity {
    vmctx
        .cast::<u8>()
        .wrapping_sub(offset_of!(InstanceEntity, vmctx))
        .cast()
}

/// The instance entity that holds `vmctx`.
///
/// # Safety
/// `vmctx` is the `vmctx` field of a live `InstanceEntity`, and no other
/// reference to that entity is live.
unsafe fn instance<'a>(vmctx: *mut VMContext) -> &'a mut InstanceEntity {
    // SAFETY: see the function's contract.
    unsafe { &mut *instance_ptr(vmctx) }
}

/// # Safety
/// As `instance`, and a call from the host is running.
unsafe fn store<'a>(vmctx: *mut VMContext) -> &'a mut Store {
    // SAFETY: see the function's contract.
    unsafe { &mut *(*(*vmctx).runtime).store }
}

fn status(r: Result<(), TrapCode>) -> u32 {
    match r {
        Ok(()) => 0,
        Err(c) => c as u32 + 1,
    }
}

/// The compiled code of store function `func` for a tail call to it,
/// compiling it now if it is a wasm function without any (`auto`); 0 for
/// a host function or a function the JIT cannot compile.
pub(super) extern "C" fn tail_code(vmctx: *mut VMContext, func: u32) -> u64 {
    let r = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see the file's comment.
        let store = unsafe { store(vmctx) };
        match store.funcs[func as usize].kind {
            crate::runtime::func::FuncKind::Wasm { instance, def } => {
                let module = store.instances[instance as usize].module.clone();
                super::tier::compile_now(&module, def) as u64
            }
            crate::runtime::func::FuncKind::Host(_) => 0,
        }
    }));
    r.unwrap_or(0)
}

/// Call store function `func` on `n` cells through the runtime.
pub(super) extern "C" fn call_func(
    vmctx: *mut VMContext,
    func: u32,
    cells: *mut u64,
    n: u32,
) -> u32 {
    let r = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see the file's comment; `cells` has room for the callee's
        // `n` cells (the compiled caller sized it so; the type was checked).
        unsafe {
            let store = store(vmctx);
            let cells = std::slice::from_raw_parts_mut(cells, n as usize);
            let caller = Instance {
                store: store.id,
                index: (*vmctx).instance,
            };
            crate::runtime::call::call(store, func, cells, Some(caller))
        }
    }));
    match r {
        Ok(Ok(())) => 0,
        Ok(Err(t)) => {
            set_pending(Pending::Trap(t));
            PENDING_TRAP as u32 + 1
        }
        Err(p) => {
            set_pending(Pending::Panic(p));
            PENDING_TRAP as u32 + 1
        }
    }
}

/// The old size in pages, or u64::MAX (-1; compiled code narrows it to
/// i32 for a 32-bit memory).
pub(super) extern "C" fn memory_grow(vmctx: *mut VMContext, mem: u32, delta: u64) -> u64 {
    // SAFETY: see the file's comment; memory pointers point into boxes of
    // the store (the memory index was validated).
    let m = unsafe { &mut *instance(vmctx).memory_ptrs[mem as usize] };
    m.grow(delta).unwrap_or(u64::MAX)
}

/// The `VMMemory` record of memory `mem` of the instance.
///
/// # Safety
/// As `instance`; `mem` is a memory of the module (validated).
unsafe fn vm_memory(vmctx: *mut VMContext, mem: u32) -> *mut VMMemory {
    // SAFETY: see the function's contract: the memories array has one
    // pointer per memory of the index space.
    unsafe { *(*vmctx).memories.add(mem as usize) }
}

/// Memory `mem` of the instance as a slice.
///
/// # Safety
/// As `vm_memory`; no other reference to the memory's bytes is live.
unsafe fn memory<'a>(vmctx: *mut VMContext, mem: u32) -> &'a mut [u8] {
    // SAFETY: see the function's contract; the memory entity lives in a
    // box of the store, apart from the instance entity.
    unsafe { VMMemory::bytes(vm_memory(vmctx, mem)) }
}

pub(super) extern "C" fn memory_fill(
    vmctx: *mut VMContext,
    mem: u32,
    dst: u64,
    val: u32,
    len: u64,
) -> u32 {
    // SAFETY: see the file's comment.
    let mem = unsafe { memory(vmctx, mem) };
    status(bulk::memory_fill(mem, dst, val as u8, len))
}

pub(super) extern "C" fn memory_copy(
    vmctx: *mut VMContext,
    dst_mem: u32,
    src_mem: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: see the file's comment; no reference to either memory's
    // bytes is live here.
    let r = unsafe {
        let (dm, sm) = (vm_memory(vmctx, dst_mem), vm_memory(vmctx, src_mem));
        bulk::memory_copy_vm(dm, sm, dst, src, len)
    };
    status(r)
}

pub(super) extern "C" fn memory_init(
    vmctx: *mut VMContext,
    mem: u32,
    seg: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see the file's comment. The instance is only read here (its
    // module's segment bytes and the dropped flags); the memory lives in
    // its own box, so the two borrows do not overlap.
    let (inst, mem) = unsafe { (&*instance_ptr(vmctx), memory(vmctx, mem)) };
    let m = &inst.module.inner;
    let bytes: &[u8] = if inst.data_dropped[seg as usize] {
        &[]
    } else {
        m.data_bytes(&m.datas[seg as usize])
    };
    status(bulk::memory_init(mem, bytes, dst, src as u64, len as u64))
}

pub(super) extern "C" fn data_drop(vmctx: *mut VMContext, seg: u32) {
    // SAFETY: see the file's comment.
    unsafe { instance(vmctx) }.data_dropped[seg as usize] = true;
}

/// # Safety
/// As `instance`.
unsafe fn table<'a>(vmctx: *mut VMContext, t: u32) -> &'a mut crate::runtime::table::TableEntity {
    // SAFETY: table pointers point into boxes owned by the store.
    unsafe { &mut *instance(vmctx).table_ptrs[t as usize] }
}

/// The old size, or u64::MAX (-1; narrowed to i32 for a 32-bit table).
pub(super) extern "C" fn table_grow(vmctx: *mut VMContext, t: u32, init: u64, delta: u64) -> u64 {
    // SAFETY: see the file's comment.
    unsafe { table(vmctx, t) }
        .grow(delta, init)
        .map_or(u64::MAX, u64::from)
}

pub(super) extern "C" fn table_fill(vmctx: *mut VMContext, t: u32, i: u64, v: u64, n: u64) -> u32 {
    // SAFETY: see the file's comment.
    let t = unsafe { table(vmctx, t) };
    status(bulk::table_fill(&mut t.elems, i, v, n))
}

pub(super) extern "C" fn table_copy(
    vmctx: *mut VMContext,
    dt: u32,
    st: u32,
    d: u64,
    s: u64,
    n: u64,
) -> u32 {
    // SAFETY: see the file's comment.
    let inst = unsafe { instance(vmctx) };
    let (dp, sp) = (inst.table_ptrs[dt as usize], inst.table_ptrs[st as usize]);
    // SAFETY: table pointers point into boxes owned by the store; when the
    // two are the same table only one reference to it is made.
    let r = unsafe {
        if dp == sp {
            bulk::table_copy_within(&mut (*dp).elems, d, s, n)
        } else {
            bulk::table_copy(&mut (*dp).elems, &(*sp).elems, d, s, n)
        }
    };
    status(r)
}

pub(super) extern "C" fn table_init(
    vmctx: *mut VMContext,
    t: u32,
    seg: u32,
    d: u64,
    s: u32,
    n: u32,
) -> u32 {
    // SAFETY: see the file's comment.
    let inst = unsafe { instance(vmctx) };
    // SAFETY: as above; the table lives in its own box of the store.
    let table = unsafe { &mut *inst.table_ptrs[t as usize] };
    let items = &inst.elems[seg as usize];
    status(bulk::table_copy(
        &mut table.elems,
        items,
        d,
        s as u64,
        n as u64,
    ))
}

pub(super) extern "C" fn elem_drop(vmctx: *mut VMContext, seg: u32) {
    // SAFETY: see the file's comment.
    unsafe { instance(vmctx) }.elems[seg as usize] = Box::default();
}
