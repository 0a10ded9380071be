//! The interpreter's value stack memory: zeroed cells mapped from the
//! kernel, so that only the pages a call touches are ever committed, and
//! making one costs a system call, not a clear of the whole stack.
//!
//! A `Vec` from the heap would do the same for the first stack only: after
//! a large block is freed, the C allocator raises its mapping threshold and
//! serves the next stacks from its heap, clearing every byte of them (8 MiB
//! per nested entry from compiled code or the host; a module whose compiled
//! functions call interpreted ones in deep recursion spent seconds there).

use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// `len` zeroed `u64` cells, owned.
pub(crate) struct Cells {
    ptr: NonNull<u64>,
    len: usize,
}

// SAFETY: `Cells` owns its mapping exclusively, like a `Box<[u64]>`.
unsafe impl Send for Cells {}

impl Cells {
    /// `len` zeroed cells; `None` if the kernel gives no memory.
    pub(crate) fn zeroed(len: usize) -> Option<Cells> {
        let len = len.max(1);
        let bytes = len.checked_mul(8)?;
        // SAFETY: an anonymous private mapping at an address of the
        // kernel's choice aliases nothing; its pages read as zero.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return None;
        }
        Some(Cells {
            ptr: NonNull::new(p.cast())?,
            len,
        })
    }
}

impl Deref for Cells {
    type Target = [u64];
    fn deref(&self) -> &[u64] {
        // SAFETY: `ptr` maps `len` initialised (zero or written) cells,
        // page-aligned, for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for Cells {
    fn deref_mut(&mut self) -> &mut [u64] {
        // SAFETY: as `deref`, and `&mut self` is the only access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Cells {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours and nothing refers into it any more.
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), self.len * 8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cells;

    #[test]
    fn cells_are_zeroed_writable_and_sized() {
        for _ in 0..3 {
            let mut c = Cells::zeroed(1 << 20).expect("8 MiB of cells");
            assert_eq!(c.len(), 1 << 20);
            assert!(c.iter().step_by(4096).all(|&x| x == 0));
            c[0] = 1;
            c[(1 << 20) - 1] = u64::MAX;
            assert_eq!((c[0], c[(1 << 20) - 1]), (1, u64::MAX));
        }
    }
}
