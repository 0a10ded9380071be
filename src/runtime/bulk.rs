//! Bulk memory and table semantics, written once: the interpreter, the
//! JIT's libcalls and instantiation (active segments) all use these.
//!
//! Every operation checks its whole range first and then acts, so a trap
//! leaves the target untouched (the bulk-memory proposal's rule). Offsets
//! and lengths are u64 so that 32- and 64-bit indices share one check.

use super::memory::VMMemory;
use super::trap::TrapCode;

/// `[start, start + len)` as a range inside `size`, if it fits.
#[inline]
fn range(start: u64, len: u64, size: usize) -> Option<std::ops::Range<usize>> {
    let end = start.checked_add(len)?;
    (end <= size as u64).then_some(start as usize..end as usize)
}

/// `memory.fill`.
pub(crate) fn memory_fill(mem: &mut [u8], dst: u64, val: u8, len: u64) -> Result<(), TrapCode> {
    let r = range(dst, len, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    mem[r].fill(val);
    Ok(())
}

/// `memory.copy` within one memory (the ranges may overlap).
pub(crate) fn memory_copy(mem: &mut [u8], dst: u64, src: u64, len: u64) -> Result<(), TrapCode> {
    let d = range(dst, len, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    let s = range(src, len, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    mem.copy_within(s, d.start);
    Ok(())
}

/// `memory.copy` between two different memories (multi-memory): `dst`
/// and `src` are distinct memories, so the ranges cannot overlap. The same
/// memory copies with `memory_copy`.
pub(crate) fn memory_copy_between(
    dst: &mut [u8],
    src: &[u8],
    d: u64,
    s: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let dr = range(d, len, dst.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    let sr = range(s, len, src.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    dst[dr].copy_from_slice(&src[sr]);
    Ok(())
}

/// `memory.copy` from the memory whose record is `src` to the one whose
/// record is `dst`: within one memory when they are the same (the ranges
/// may overlap), else between the two.
///
/// # Safety
/// Both point to live `vm` records of memory entities, and no other
/// reference to the bytes of either memory is live.
pub(crate) unsafe fn memory_copy_vm(
    dst: *const VMMemory,
    src: *const VMMemory,
    d: u64,
    s: u64,
    len: u64,
) -> Result<(), TrapCode> {
    // SAFETY: the function's contract; one reference to a memory's bytes
    // at a time (two only when the memories differ).
    unsafe {
        if std::ptr::eq(dst, src) {
            memory_copy(VMMemory::bytes(dst), d, s, len)
        } else {
            memory_copy_between(VMMemory::bytes(dst), VMMemory::bytes(src), d, s, len)
        }
    }
}

/// `memory.init` (and an active data segment): `data` is the segment's
/// bytes, empty once dropped.
pub(crate) fn memory_init(
    mem: &mut [u8],
    data: &[u8],
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), TrapCode> {
    let d = range(dst, len, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    let s = range(src, len, data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    mem[d].copy_from_slice(&data[s]);
    Ok(())
}

/// `table.fill`.
pub(crate) fn table_fill(elems: &mut [u64], i: u64, v: u64, n: u64) -> Result<(), TrapCode> {
    let r = range(i, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
    elems[r].fill(v);
    Ok(())
}

/// `table.copy` within one table (the ranges may overlap).
pub(crate) fn table_copy_within(elems: &mut [u64], d: u64, s: u64, n: u64) -> Result<(), TrapCode> {
    let dr = range(d, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
    let sr = range(s, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
    elems.copy_within(sr, dr.start);
    Ok(())
}

/// `table.copy` between two tables, and `table.init` (and an active
/// element segment), whose source is the segment's items.
pub(crate) fn table_copy(
    dst: &mut [u64],
    src: &[u64],
    d: u64,
    s: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let dr = range(d, n, dst.len()).ok_or(TrapCode::TableOutOfBounds)?;
    let sr = range(s, n, src.len()).ok_or(TrapCode::TableOutOfBounds)?;
    dst[dr].copy_from_slice(&src[sr]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_traps_and_changes_nothing() {
        let mut m = [1u8; 8];
        assert_eq!(
            memory_fill(&mut m, 4, 9, 5),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(m, [1; 8]);
        assert_eq!(memory_fill(&mut m, 8, 9, 0), Ok(()));
        assert_eq!(
            memory_fill(&mut m, u64::MAX, 9, 2),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            memory_init(&mut m, &[5, 6], 7, 0, 2),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(memory_init(&mut m, &[5, 6], 6, 0, 2), Ok(()));
        assert_eq!(m, [1, 1, 1, 1, 1, 1, 5, 6]);
        assert_eq!(memory_copy(&mut m, 0, 5, 3), Ok(()));
        assert_eq!(m, [1, 5, 6, 1, 1, 1, 5, 6]);
        assert_eq!(
            memory_copy(&mut m, 6, 0, 3),
            Err(TrapCode::MemoryOutOfBounds)
        );
        let mut other = [0u8; 4];
        assert_eq!(memory_copy_between(&mut other, &m, 1, 6, 2), Ok(()));
        assert_eq!(other, [0, 5, 6, 0]);
        assert_eq!(
            memory_copy_between(&mut other, &m, 2, 0, 3),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            memory_copy_between(&mut other, &m, 0, 7, 2),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(other, [0, 5, 6, 0]);
        let mut t = [0u64; 4];
        assert_eq!(table_fill(&mut t, 1, 7, 3), Ok(()));
        assert_eq!(table_fill(&mut t, 2, 7, 3), Err(TrapCode::TableOutOfBounds));
        assert_eq!(table_copy_within(&mut t, 0, 1, 3), Ok(()));
        assert_eq!(t, [7, 7, 7, 7]);
        assert_eq!(
            table_copy(&mut t, &[1, 2], 3, 0, 2),
            Err(TrapCode::TableOutOfBounds)
        );
        assert_eq!(table_copy(&mut t, &[1, 2], 2, 0, 2), Ok(()));
        assert_eq!(t, [7, 7, 1, 2]);
    }
}
