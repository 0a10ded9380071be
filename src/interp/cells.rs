//! The interpreter's value stack memory: taken from the global allocator
//! (so that a WAMR-style memory pool holds it too) without clearing it,
//! and zeroed in chunks as calls first reach deeper, so that making one
//! costs an allocation, not a clear of the whole stack.
//!
//! Clearing it all up front cost dearly: after a large block is freed, the
//! C allocator serves the next ones from its heap and `calloc` clears every
//! byte (8 MiB per nested entry from compiled code or the host; a module
//! whose compiled functions call interpreted ones in deep recursion spent
//! seconds there).
//!
//! Invariant: the first `ready` cells are initialised (zeroed or written);
//! the interpreter never touches a cell at or past `ready` (its stack-limit
//! checks compare against [`Cells::ready_end`] and call [`Cells::ensure`]).

use std::alloc::{alloc, dealloc, Layout};
use std::ptr::NonNull;

/// Cells zeroed at a time as the stack deepens (64 KiB).
const CHUNK: usize = 8192;

/// `len` `u64` cells, owned; the first `ready` initialised.
pub(crate) struct Cells {
    ptr: NonNull<u64>,
    len: usize,
    ready: usize,
}

// SAFETY: `Cells` owns its block exclusively, like a `Box<[u64]>`.
unsafe impl Send for Cells {}

impl Cells {
    /// Room for `len` cells (at least one); `None` if there is no memory.
    pub(crate) fn new(len: usize) -> Option<Cells> {
        let len = len.max(1);
        let layout = Layout::array::<u64>(len).ok()?;
        // SAFETY: `layout` has a non-zero size.
        let ptr = NonNull::new(unsafe { alloc(layout) }.cast::<u64>())?;
        Some(Cells { ptr, len, ready: 0 })
    }

    /// The first cell.
    pub(crate) fn base(&self) -> *mut u64 {
        self.ptr.as_ptr()
    }

    /// How many cells there is room for.
    pub(crate) fn capacity(&self) -> usize {
        self.len
    }

    /// One past the last initialised cell.
    pub(crate) fn ready_end(&self) -> *mut u64 {
        // SAFETY: `ready <= len`: within (or one past) the block.
        unsafe { self.base().add(self.ready) }
    }

    /// Make the first `upto` cells initialised (zeroing a chunk or more);
    /// false if `upto` exceeds the capacity.
    pub(crate) fn ensure(&mut self, upto: usize) -> bool {
        if upto > self.len {
            return false;
        }
        if upto > self.ready {
            let new_ready = upto.max(self.ready + CHUNK).min(self.len);
            // SAFETY: `ready..new_ready` lies within the block.
            unsafe {
                std::ptr::write_bytes(self.base().add(self.ready), 0, new_ready - self.ready)
            };
            self.ready = new_ready;
        }
        true
    }
}

impl Drop for Cells {
    fn drop(&mut self) {
        let layout = Layout::array::<u64>(self.len).expect("the layout it was allocated with");
        // SAFETY: allocated in `new` with this layout, freed once.
        unsafe { dealloc(self.ptr.as_ptr().cast(), layout) };
    }
}

#[cfg(test)]
mod tests {
    use super::{Cells, CHUNK};

    /// How many cells of `c` are ready.
    fn ready(c: &Cells) -> usize {
        (c.ready_end() as usize - c.base() as usize) / 8
    }

    #[test]
    fn cells_become_ready_in_zeroed_chunks_up_to_the_capacity() {
        let mut c = Cells::new(3 * CHUNK + 5).expect("cells");
        assert_eq!((c.capacity(), ready(&c)), (3 * CHUNK + 5, 0));
        assert!(c.ensure(10));
        assert_eq!(ready(&c), CHUNK);
        // SAFETY: the first CHUNK cells are ready and `c` is not touched
        // while the slice lives.
        let first = unsafe { std::slice::from_raw_parts_mut(c.base(), CHUNK) };
        assert!(first.iter().all(|&x| x == 0));
        first[0] = 7;
        // A need past the next chunk is met exactly.
        assert!(c.ensure(2 * CHUNK + 1));
        assert_eq!(ready(&c), 2 * CHUNK + 1);
        assert!(c.ensure(3 * CHUNK + 5));
        assert_eq!(ready(&c), 3 * CHUNK + 5);
        // Growing leaves what is there.
        // SAFETY: cell 0 is ready.
        assert_eq!(unsafe { *c.base() }, 7);
        assert!(!c.ensure(3 * CHUNK + 6));
    }
}
