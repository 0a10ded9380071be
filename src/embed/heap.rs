//! The app heap (`wasm_runtime_module_malloc` / `_free` / `_dup_data`) and
//! address checks and conversions.
//!
//! If the module exports `malloc` (i32 -> i32) and `free` (i32 -> ()),
//! those are the heap, as in WAMR. Otherwise `host_managed_heap_size` > 0
//! adds that many bytes (rounded up to whole pages) at the end of the
//! instance's initial linear memory, managed here (first fit, 8-byte
//! aligned; its bookkeeping lives on the host side, out of the guest's
//! reach). Native addresses are valid until the memory grows.

use super::instance::EmbedInstance;
use super::{guard, set_last_error};
use crate::runtime::{Func, FuncType, Instance, Memory, Store, ValType, PAGE_SIZE};
use std::collections::BTreeMap;
use std::ffi::{c_char, c_void};

/// The instance's app heap.
pub(crate) enum AppHeap {
    None,
    Exported { malloc: Func, free: Func },
    Internal(Internal),
}

/// A first-fit allocator over [start, end) of linear memory.
pub(crate) struct Internal {
    /// Free ranges (offset, size), sorted, coalesced.
    free: Vec<(u32, u32)>,
    /// Live allocations: offset -> size.
    used: BTreeMap<u32, u32>,
}

const ALIGN: u32 = 8;

impl Internal {
    fn new(start: u32, end: u32) -> Internal {
        // Offset 0 means failure: never hand it out.
        let start = start.max(ALIGN);
        Internal {
            free: if end > start {
                vec![(start, end - start)]
            } else {
                Vec::new()
            },
            used: BTreeMap::new(),
        }
    }

    fn alloc(&mut self, size: u32) -> Option<u32> {
        let size = size.max(1).checked_add(ALIGN - 1)? & !(ALIGN - 1);
        let i = self.free.iter().position(|&(_, len)| len >= size)?;
        let (off, len) = self.free[i];
        if len == size {
            self.free.remove(i);
        } else {
            self.free[i] = (off + size, len - size);
        }
        self.used.insert(off, size);
        Some(off)
    }

    fn free(&mut self, off: u32) -> bool {
        let Some(size) = self.used.remove(&off) else {
            return false;
        };
        let i = self.free.partition_point(|&(o, _)| o < off);
        self.free.insert(i, (off, size));
        // Coalesce with the next, then the previous range.
        if i + 1 < self.free.len() && off + size == self.free[i + 1].0 {
            self.free[i].1 += self.free[i + 1].1;
            self.free.remove(i + 1);
        }
        if i > 0 && self.free[i - 1].0 + self.free[i - 1].1 == off {
            self.free[i - 1].1 += self.free[i].1;
            self.free.remove(i);
        }
        true
    }
}

impl AppHeap {
    /// The heap of a new instance (see the module docs).
    pub(crate) fn new(
        store: &mut Store,
        instance: Instance,
        memory: Option<Memory>,
        heap_size: u32,
    ) -> Result<AppHeap, String> {
        let malloc = instance.get_func(store, "malloc");
        let free = instance.get_func(store, "free");
        if let (Some(m), Some(f)) = (malloc, free) {
            let i32_ = ValType::I32;
            if *m.ty(store) == FuncType::new([i32_], [i32_])
                && *f.ty(store) == FuncType::new([i32_], [])
            {
                return Ok(AppHeap::Exported { malloc: m, free: f });
            }
        }
        let (Some(mem), true) = (memory, heap_size > 0) else {
            return Ok(AppHeap::None);
        };
        let pages = (heap_size as usize).div_ceil(PAGE_SIZE) as u64;
        let old = mem.grow(store, pages).map_err(|e| {
            format!("cannot add an app heap of {heap_size} bytes to the linear memory: {e}")
        })?;
        let start = old * PAGE_SIZE as u64;
        let end = start + pages * PAGE_SIZE as u64;
        // A 4 GiB memory has no room above; end is then 2^32 - 1 exclusive.
        let end = end.min(u32::MAX as u64) as u32;
        Ok(AppHeap::Internal(Internal::new(start as u32, end)))
    }
}

/// (base, length) of the instance's memory now; None without one.
fn view(inst: &EmbedInstance) -> Option<(*mut u8, usize)> {
    let mem = inst.memory.get()?;
    // SAFETY: the instance's (or the running call's) store, only read.
    let store = unsafe { &*inst.store() };
    Some((mem.data_ptr(store), mem.data_size(store)))
}

/// Call the guest's `malloc` or `free` with one argument.
fn call_guest(inst: &EmbedInstance, f: Func, arg: u32) -> Option<u32> {
    let mut cells = [arg as u64];
    // SAFETY: the store is valid; `f` takes one i32 (and returns at most
    // one i32), so one cell suffices.
    let r = unsafe { f.call_raw(&mut *inst.store(), &mut cells) };
    match r {
        Ok(()) => Some(cells[0] as u32),
        Err(t) => {
            inst.set_exception(t.message());
            None
        }
    }
}

fn module_malloc(inst: &EmbedInstance, size: u32) -> Option<u32> {
    let heap = match &*inst.heap.borrow() {
        AppHeap::None => None,
        AppHeap::Exported { malloc, .. } => Some(Err(*malloc)),
        AppHeap::Internal(_) => Some(Ok(())),
    };
    let off = match heap {
        None => {
            inst.set_exception(
                "the instance has no app heap (instantiate with host_managed_heap_size > 0 \
                 and a linear memory, or export malloc and free)",
            );
            return None;
        }
        Some(Err(malloc)) => call_guest(inst, malloc, size)?,
        Some(Ok(())) => match &mut *inst.heap.borrow_mut() {
            AppHeap::Internal(h) => h.alloc(size).unwrap_or(0),
            _ => 0,
        },
    };
    let in_bounds = view(inst).is_some_and(|(_, len)| off as usize + size as usize <= len);
    if off == 0 || !in_bounds {
        inst.set_exception("out of memory");
        return None;
    }
    Some(off)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_malloc(
    module_inst: *const EmbedInstance,
    size: u64,
    p_native_addr: *mut *mut c_void,
) -> u64 {
    guard(0, || {
        if !p_native_addr.is_null() {
            // SAFETY: the host's out-parameter.
            unsafe { *p_native_addr = std::ptr::null_mut() };
        }
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_runtime_module_malloc: the instance is NULL or was freed");
            return 0;
        };
        let Some(size) = size32(inst, size) else {
            return 0;
        };
        let Some(off) = module_malloc(inst, size) else {
            return 0;
        };
        if !p_native_addr.is_null() {
            if let Some((base, _)) = view(inst) {
                // SAFETY: `off` lies inside the memory (checked).
                unsafe { *p_native_addr = base.add(off as usize).cast() };
            }
        }
        off as u64
    })
}

/// A 64-bit size or offset as the 32-bit one of a 32-bit memory (larger
/// ones set the exception).
fn size32(inst: &EmbedInstance, v: u64) -> Option<u32> {
    let r = u32::try_from(v).ok();
    if r.is_none() {
        inst.set_exception(&format!(
            "{v} exceeds the 4 GiB address space of a 32-bit memory"
        ));
    }
    r
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_free(module_inst: *const EmbedInstance, ptr: u64) {
    guard((), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_runtime_module_free: the instance is NULL or was freed");
            return;
        };
        if ptr == 0 {
            return;
        }
        let Ok(ptr) = u32::try_from(ptr) else {
            set_last_error(format!(
                "wasm_runtime_module_free: {ptr} was not allocated by module_malloc"
            ));
            return;
        };
        let exported = match &mut *inst.heap.borrow_mut() {
            AppHeap::Exported { free, .. } => Some(*free),
            AppHeap::Internal(h) => {
                if !h.free(ptr) {
                    set_last_error(format!(
                        "wasm_runtime_module_free: {ptr} was not allocated by module_malloc"
                    ));
                }
                None
            }
            AppHeap::None => None,
        };
        if let Some(f) = exported {
            call_guest(inst, f, ptr);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_dup_data(
    module_inst: *const EmbedInstance,
    src: *const c_char,
    size: u64,
) -> u64 {
    guard(0, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return 0;
        };
        let Some(size) = size32(inst, size) else {
            return 0;
        };
        if src.is_null() && size > 0 {
            inst.set_exception("module_dup_data: src is NULL");
            return 0;
        }
        let Some(off) = module_malloc(inst, size) else {
            return 0;
        };
        if let Some((base, _)) = view(inst) {
            // SAFETY: the host gives `size` bytes at src; [off, off + size)
            // lies inside the memory (checked by module_malloc).
            unsafe {
                std::ptr::copy_nonoverlapping(
                    src as *const u8,
                    base.add(off as usize),
                    size as usize,
                )
            };
        }
        off as u64
    })
}

fn app_range_ok(inst: &EmbedInstance, off: u64, size: u64) -> bool {
    let ok = view(inst)
        .is_some_and(|(_, len)| off.checked_add(size).is_some_and(|end| end <= len as u64));
    if !ok {
        inst.set_exception("out of bounds memory access");
    }
    ok
}

#[no_mangle]
pub extern "C" fn wasm_runtime_validate_app_addr(
    module_inst: *const EmbedInstance,
    app_offset: u64,
    size: u64,
) -> bool {
    guard(false, || {
        EmbedInstance::from_handle(module_inst).is_some_and(|i| app_range_ok(i, app_offset, size))
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_validate_app_str_addr(
    module_inst: *const EmbedInstance,
    app_str_offset: u64,
) -> bool {
    guard(false, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return false;
        };
        let ok = view(inst).is_some_and(|(base, len)| {
            let off = usize::try_from(app_str_offset).unwrap_or(usize::MAX);
            // SAFETY: [base, base + len) is the memory's bytes.
            off < len
                && unsafe { std::slice::from_raw_parts(base.add(off), len - off) }.contains(&0)
        });
        if !ok {
            inst.set_exception("out of bounds memory access");
        }
        ok
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_validate_native_addr(
    module_inst: *const EmbedInstance,
    native_ptr: *mut c_void,
    size: u64,
) -> bool {
    guard(false, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return false;
        };
        let p = native_ptr as usize;
        let ok = view(inst).is_some_and(|(base, len)| {
            let base = base as usize;
            p >= base
                && ((p - base) as u64)
                    .checked_add(size)
                    .is_some_and(|e| e <= len as u64)
        });
        if !ok {
            inst.set_exception("out of bounds memory access");
        }
        ok
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_addr_app_to_native(
    module_inst: *const EmbedInstance,
    app_offset: u64,
) -> *mut c_void {
    guard(std::ptr::null_mut(), || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return std::ptr::null_mut();
        };
        match view(inst) {
            // SAFETY: the offset lies inside (or at the end of) the memory.
            Some((base, len)) if app_offset <= len as u64 => unsafe {
                base.add(app_offset as usize).cast()
            },
            _ => std::ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_addr_native_to_app(
    module_inst: *const EmbedInstance,
    native_ptr: *mut c_void,
) -> u64 {
    guard(0, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            return 0;
        };
        let p = native_ptr as usize;
        match view(inst) {
            Some((base, len)) if p >= base as usize && p - (base as usize) <= len => {
                (p - base as usize) as u64
            }
            _ => 0,
        }
    })
}

/// Copy `bytes` into a new app-heap block: its offset, 0 on failure (with
/// the exception set).
pub(crate) fn dup_bytes(inst: &EmbedInstance, bytes: &[u8]) -> u32 {
    // SAFETY: our own buffer of bytes.len() bytes.
    let off = unsafe {
        wasm_runtime_module_dup_data(
            inst as *const EmbedInstance,
            bytes.as_ptr() as *const c_char,
            bytes.len() as u64,
        )
    };
    off as u32
}

/// Free app-heap blocks.
pub(crate) fn free_offsets(inst: &EmbedInstance, offs: impl Iterator<Item = u32>) {
    for o in offs {
        // SAFETY: the instance is live; a bad offset only sets a message.
        unsafe { wasm_runtime_module_free(inst as *const EmbedInstance, o as u64) };
    }
}

/// The size of the app-heap block at `off` (internal heaps only: a
/// module's own malloc does not say).
pub(crate) fn block_size(inst: &EmbedInstance, off: u32) -> Option<u32> {
    match &*inst.heap.borrow() {
        AppHeap::Internal(h) => h.used.get(&off).copied(),
        _ => None,
    }
}

/// Read a LEB128 u32 at `b[*at..]`.
fn leb_u32(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u64 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= ((byte & 0x7f) as u64) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(v).ok();
        }
    }
    None
}

/// Append `v` as an unsigned LEB128 (module sections rewritten or
/// assembled by the embedding API).
pub(super) fn put_leb(mut v: u32, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// WAMR makes room for the app heap in a memory whose maximum would not
/// let it grow: the maximum goes up by the heap's pages. The module's bytes
/// with its first defined (32-bit) memory's maximum raised so that
/// `heap_size` bytes fit above its minimum; None when nothing needs to
/// change (no such memory, no maximum, room enough). The caller makes sure
/// that memory is memory 0 (no memory is imported) and that the module does
/// not export its own malloc and free.
pub(crate) fn with_heap_room(bytes: &[u8], heap_size: u32) -> Option<Vec<u8>> {
    if heap_size == 0 {
        return None;
    }
    let pages = (heap_size as usize).div_ceil(PAGE_SIZE) as u32;
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        let mut p = at + 1;
        let size = leb_u32(bytes, &mut p)? as usize;
        let body = p..p.checked_add(size).filter(|&e| e <= bytes.len())?;
        if id == 5 {
            let b = &bytes[body.clone()];
            let mut q = 0;
            let count = leb_u32(b, &mut q)?;
            let flags = *b.get(q)?;
            if count == 0 || flags & !1 != 0 || flags & 1 == 0 {
                return None; // no memory, a 64-bit/shared one, or no maximum
            }
            q += 1;
            let min = leb_u32(b, &mut q)?;
            let max = leb_u32(b, &mut q)?;
            if min.checked_add(pages)? <= max {
                return None;
            }
            let new_max = min.checked_add(pages)?.min(65536);
            let mut nb = Vec::with_capacity(b.len() + 8);
            put_leb(count, &mut nb);
            nb.push(flags);
            put_leb(min, &mut nb);
            put_leb(new_max, &mut nb);
            nb.extend_from_slice(&b[q..]);
            let mut out = Vec::with_capacity(bytes.len() + 8);
            out.extend_from_slice(&bytes[..at]);
            out.push(5);
            put_leb(nb.len() as u32, &mut out);
            out.extend_from_slice(&nb);
            out.extend_from_slice(&bytes[body.end..]);
            return Some(out);
        }
        at = body.end;
    }
    None
}
