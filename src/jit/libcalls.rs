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
use crate::runtime::instance::{Instance, InstanceEntity, VMContext};
use crate::runtime::store::Store;
use crate::runtime::trap::TrapCode;
use std::mem::offset_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

/// The instance entity that holds `vmctx`.
///
/// # Safety
/// `vmctx` is the `vmctx` field of a live `InstanceEntity`.
unsafe fn instance<'a>(vmctx: *mut VMContext) -> &'a mut InstanceEntity {
    // SAFETY: see the function's contract.
    unsafe {
        &mut *((vmctx as *mut u8).sub(offset_of!(InstanceEntity, vmctx)) as *mut InstanceEntity)
    }
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

fn in_bounds(start: u32, len: u32, size: usize) -> bool {
    start as u64 + len as u64 <= size as u64
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

pub(super) extern "C" fn memory_grow(vmctx: *mut VMContext, delta: u32) -> u32 {
    // SAFETY: see the file's comment.
    let inst = unsafe { instance(vmctx) };
    // SAFETY: the instance's memory pointer points into a box of the store.
    match unsafe { inst.memory.as_mut() } {
        Some(m) => m.grow(delta).unwrap_or(u32::MAX),
        None => u32::MAX,
    }
}

/// The memory of the instance as a slice (empty without a memory).
///
/// # Safety
/// As `instance`.
unsafe fn memory<'a>(vmctx: *mut VMContext) -> &'a mut [u8] {
    // SAFETY: see the function's contract.
    unsafe {
        match instance(vmctx).memory.as_mut() {
            Some(m) => m.data_mut(),
            None => &mut [],
        }
    }
}

pub(super) extern "C" fn memory_fill(vmctx: *mut VMContext, dst: u32, val: u32, len: u32) -> u32 {
    // SAFETY: see the file's comment.
    let mem = unsafe { memory(vmctx) };
    if !in_bounds(dst, len, mem.len()) {
        return status(Err(TrapCode::MemoryOutOfBounds));
    }
    mem[dst as usize..dst as usize + len as usize].fill(val as u8);
    0
}

pub(super) extern "C" fn memory_copy(vmctx: *mut VMContext, dst: u32, src: u32, len: u32) -> u32 {
    // SAFETY: see the file's comment.
    let mem = unsafe { memory(vmctx) };
    if !in_bounds(dst, len, mem.len()) || !in_bounds(src, len, mem.len()) {
        return status(Err(TrapCode::MemoryOutOfBounds));
    }
    mem.copy_within(src as usize..src as usize + len as usize, dst as usize);
    0
}

pub(super) extern "C" fn memory_init(
    vmctx: *mut VMContext,
    seg: u32,
    dst: u32,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see the file's comment.
    let (inst, mem) = unsafe { (instance(vmctx), memory(vmctx)) };
    let m = &inst.module.inner;
    let bytes: &[u8] = if inst.data_dropped[seg as usize] {
        &[]
    } else {
        m.data_bytes(&m.datas[seg as usize])
    };
    if !in_bounds(dst, len, mem.len()) || !in_bounds(src, len, bytes.len()) {
        return status(Err(TrapCode::MemoryOutOfBounds));
    }
    // SAFETY: both ranges were checked; segment bytes and memory never overlap.
    unsafe {
        ptr::copy_nonoverlapping(
            bytes.as_ptr().add(src as usize),
            mem.as_mut_ptr().add(dst as usize),
            len as usize,
        );
    }
    0
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

pub(super) extern "C" fn table_grow(vmctx: *mut VMContext, t: u32, init: u64, delta: u32) -> u32 {
    // SAFETY: see the file's comment.
    unsafe { table(vmctx, t) }
        .grow(delta, init)
        .unwrap_or(u32::MAX)
}

pub(super) extern "C" fn table_fill(vmctx: *mut VMContext, t: u32, i: u32, v: u64, n: u32) -> u32 {
    // SAFETY: see the file's comment.
    let t = unsafe { table(vmctx, t) };
    if !in_bounds(i, n, t.elems.len()) {
        return status(Err(TrapCode::TableOutOfBounds));
    }
    t.elems[i as usize..i as usize + n as usize].fill(v);
    0
}

pub(super) extern "C" fn table_copy(
    vmctx: *mut VMContext,
    dt: u32,
    st: u32,
    d: u32,
    s: u32,
    n: u32,
) -> u32 {
    // SAFETY: see the file's comment.
    let inst = unsafe { instance(vmctx) };
    let (dp, sp) = (inst.table_ptrs[dt as usize], inst.table_ptrs[st as usize]);
    // SAFETY: table pointers point into boxes owned by the store; when the
    // two are the same table only `dp` is used.
    unsafe {
        if !in_bounds(d, n, (&*dp).elems.len()) || !in_bounds(s, n, (&*sp).elems.len()) {
            return status(Err(TrapCode::TableOutOfBounds));
        }
        let (d, s, n) = (d as usize, s as usize, n as usize);
        if dp == sp {
            (&mut *dp).elems.copy_within(s..s + n, d);
        } else {
            let (dst, src) = (&mut *dp, &*sp);
            dst.elems[d..d + n].copy_from_slice(&src.elems[s..s + n]);
        }
    }
    0
}

pub(super) extern "C" fn table_init(
    vmctx: *mut VMContext,
    t: u32,
    seg: u32,
    d: u32,
    s: u32,
    n: u32,
) -> u32 {
    // SAFETY: see the file's comment.
    let inst = unsafe { instance(vmctx) };
    // SAFETY: as above.
    let table = unsafe { &mut *inst.table_ptrs[t as usize] };
    let items = &inst.elems[seg as usize];
    if !in_bounds(d, n, table.elems.len()) || !in_bounds(s, n, items.len()) {
        return status(Err(TrapCode::TableOutOfBounds));
    }
    let (d, s, n) = (d as usize, s as usize, n as usize);
    table.elems[d..d + n].copy_from_slice(&items[s..s + n]);
    0
}

pub(super) extern "C" fn elem_drop(vmctx: *mut VMContext, seg: u32) {
    // SAFETY: see the file's comment.
    unsafe { instance(vmctx) }.elems[seg as usize] = Box::default();
}
