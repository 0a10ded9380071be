//! What the executor's loop (`exec.rs`) calls outside its own body: the
//! memories of an instance, v128 slots, operand words, tier-up heat and
//! frame initialisation.

use super::isa::*;
use super::translate::CompiledFunc;
use super::InterpCode;
use crate::runtime::instance::InstanceEntity;
use crate::runtime::memory::VMMemory;
use crate::runtime::store::Store;
use crate::runtime::tier::ModuleCode;
use std::ptr;

#[inline(always)]
pub(super) unsafe fn memory_of(inst: *mut InstanceEntity) -> (*mut u8, usize) {
    // SAFETY: `inst` is a live instance entity of the running store; its memory pointer is null or points into a box of that store.
    unsafe {
        let m = (*inst).vmctx.memory;
        if m.is_null() {
            (ptr::NonNull::<u8>::dangling().as_ptr(), 0)
        } else {
            ((*m).base, (*m).len)
        }
    }
}

/// The `VMMemory` record of memory `mem` of the instance.
///
/// # Safety
/// `inst` is a live instance entity of the running store and `mem` a
/// memory of its module (validated).
#[inline(always)]
pub(super) unsafe fn vm_memory(inst: *mut InstanceEntity, mem: u32) -> *mut VMMemory {
    // SAFETY: the function's contract; the memories array has one pointer
    // per memory of the index space, each into a box of the store.
    unsafe { *(*inst).vmctx.memories.add(mem as usize) }
}

/// Base and length of memory `mem` (not 0: memory 0 is cached in the
/// loop) of the instance.
///
/// # Safety
/// As `vm_memory`.
#[inline(always)]
pub(super) unsafe fn memory_n(inst: *mut InstanceEntity, mem: u32) -> (*mut u8, usize) {
    // SAFETY: the function's contract.
    unsafe {
        let m = vm_memory(inst, mem);
        ((*m).base, (*m).len)
    }
}

/// Memory `mem` of the instance as a slice (for the bulk operations).
///
/// # Safety
/// As `vm_memory`, and no other reference to the memory's bytes is live.
#[inline(always)]
pub(super) unsafe fn memory_slice<'a>(inst: *mut InstanceEntity, mem: u32) -> &'a mut [u8] {
    // SAFETY: the function's contract.
    unsafe { VMMemory::bytes(vm_memory(inst, mem)) }
}

/// An address, index or length operand: the whole cell when `wide` (a
/// 64-bit memory or table), else its low 32 bits.
#[inline(always)]
pub(super) fn index(cell: u64, wide: bool) -> u64 {
    if wide {
        cell
    } else {
        cell as u32 as u64
    }
}

/// The result of a failed `memory.grow` or `table.grow`: -1 as an i64
/// (`wide`) or an i32.
#[inline(always)]
pub(super) fn failed(wide: bool) -> u64 {
    if wide {
        u64::MAX
    } else {
        u32::MAX as u64
    }
}

/// Bounds check of `[start, start + len)` against `size`.
#[inline(always)]
pub(super) fn in_bounds(start: u64, len: u64, size: usize) -> bool {
    start + len <= size as u64
}

/// The vector in slots `s, s + 1` (low half first).
///
/// # Safety
/// Both slots lie in the frame at `fp`.
#[inline(always)]
pub(super) unsafe fn rv(fp: *const u64, s: Slot) -> u128 {
    // SAFETY: the function's contract.
    unsafe { (*fp.add(s as usize) as u128) | ((*fp.add(s as usize + 1) as u128) << 64) }
}

/// Write a vector to slots `s, s + 1`.
///
/// # Safety
/// Both slots lie in the frame at `fp`.
#[inline(always)]
pub(super) unsafe fn wv(fp: *mut u64, s: Slot, v: u128) {
    // SAFETY: the function's contract.
    unsafe {
        *fp.add(s as usize) = v as u64;
        *fp.add(s as usize + 1) = (v >> 64) as u64;
    }
}

/// The slot of the `Arg` at `ip` (the extra operand of the instruction
/// before it).
///
/// # Safety
/// `ip` points into a function's code.
#[inline(always)]
pub(super) unsafe fn arg(ip: *const Op) -> Slot {
    // SAFETY: the function's contract.
    match unsafe { *ip } {
        Op::Arg { slot } => slot,
        _ => unreachable!("an instruction without its operand"),
    }
}

/// The interpreter code of a module's code set (null if it has none).
///
/// # Safety
/// `m` points to a live module's code.
#[inline(always)]
pub(super) unsafe fn interp_of(m: *const ModuleCode) -> *const InterpCode {
    // SAFETY: the function's contract.
    unsafe {
        match (*m).interp_as::<InterpCode>() {
            Some(c) => c,
            None => ptr::null(),
        }
    }
}

/// Whether the module's compiled tier counts heat (tier-up).
///
/// # Safety
/// As `interp_of`.
#[inline(always)]
pub(super) unsafe fn wants_heat(m: *const ModuleCode) -> bool {
    // SAFETY: the function's contract.
    unsafe { (*m).counts_heat }
}

/// Report `n` calls or back-edges of `def` of instance `inst` to the
/// module's compiled tier.
///
/// # Safety
/// As `interp_of`.
pub(super) unsafe fn note_heat(store: &Store, m: *const ModuleCode, inst: u32, def: u32, n: u32) {
    // SAFETY: the function's contract.
    unsafe {
        if let Some(c) = (*m).compiled.as_ref() {
            c.note_heat(store, inst, def, n);
        }
    }
}

/// Zero the declared locals and copy the constants of a new frame.
///
/// # Safety
/// `fp + frame_size` lies within the value stack.
#[inline(always)]
pub(super) unsafe fn init_frame(fp: *mut u64, code: &CompiledFunc) {
    // SAFETY: the function's contract: the frame lies within the value stack.
    unsafe {
        let dst = fp.add(code.num_params as usize);
        let init = &code.init;
        // Most frames are small: copy them inline rather than calling memcpy.
        if init.len() <= 8 {
            for (i, v) in init.iter().enumerate() {
                *dst.add(i) = *v;
            }
        } else {
            ptr::copy_nonoverlapping(init.as_ptr(), dst, init.len());
        }
    }
}
