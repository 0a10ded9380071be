//! Linear memories: pages (64 KiB, or 1 byte with the custom page sizes
//! proposal) in a reserved region of address space. 32- and 64-bit
//! (memory64) memories are the same here; no memory is larger than 4 GiB
//! (`Config::max_memory_pages`), which the tiers rely on.
//!
//! The whole maximum size is reserved up front (no access), and pages are
//! made readable and writable as the memory grows, so the base address never
//! moves and growth never copies.
//!
//! With `Config::memories_in_heap` a memory is instead a block of the global
//! allocator sized to its current length (so that an embedder's allocator,
//! e.g. a fixed pool, holds it): growth reallocates and may move the base
//! (interpreter tier only, which reloads it after every call and
//! `memory.grow`), or fails past the initial size (JIT tiers).

use super::error::{Error, Result};
use super::store::Store;
use super::types::{Limits, MemoryType};

/// The default page size (64 KiB).
pub const PAGE_SIZE: usize = 65536;

/// The largest linear memory of any engine, in bytes (4 GiB).
pub const MAX_MEMORY_BYTES: u64 = 1 << 32;

/// What compiled code and the interpreter read: base and current length.
#[repr(C)]
#[derive(Debug)]
pub struct VMMemory {
    pub base: *mut u8,
    pub len: usize,
}

impl VMMemory {
    /// The bytes of the memory whose record `m` is.
    ///
    /// # Safety
    /// `m` points to the live `vm` record of a memory entity, and no other
    /// reference to that memory's bytes is live while the slice is.
    #[inline]
    pub(crate) unsafe fn bytes<'a>(m: *const VMMemory) -> &'a mut [u8] {
        // SAFETY: the function's contract: [base, base + len) is the
        // memory's accessible part, owned by its entity.
        unsafe { std::slice::from_raw_parts_mut((*m).base, (*m).len) }
    }
}

pub(crate) struct MemoryEntity {
    pub vm: VMMemory,
    /// Declared type (minimum is the initial size).
    pub ty: MemoryType,
    /// Effective maximum in pages of the memory's page size (declared max
    /// and engine limit).
    pub max_pages: u64,
    /// Bytes reserved at `vm.base` (0 when nothing was mapped).
    reserved: usize,
    /// Heap-backed memories: bytes allocated at `vm.base` (0: none yet),
    /// and whether growth may move the base.
    heap_cap: usize,
    in_heap: bool,
    movable: bool,
}

/// Alignment of heap-backed memories.
const HEAP_ALIGN: usize = 16;

/// The reservation of a memory with a guard region: any wasm32 address
/// (< 2^32) plus offset (< 2^32) plus access size (<= 8) lies below it.
const GUARDED_RESERVATION: usize = (8 << 30) + (64 << 10);

impl MemoryEntity {
    pub fn new(ty: MemoryType, engine_limit: u32) -> Result<MemoryEntity> {
        MemoryEntity::mapped(ty, engine_limit, false)
    }

    /// The effective maximum of a memory of type `ty` in its pages: the
    /// declared maximum, at most `engine_limit` 64 KiB pages (and 4 GiB);
    /// an error if the minimum exceeds it.
    fn max_pages(ty: &MemoryType, engine_limit: u32) -> Result<u64> {
        let limit_bytes = (engine_limit as u64 * PAGE_SIZE as u64).min(MAX_MEMORY_BYTES);
        let mut limit = limit_bytes >> ty.page_size_log2;
        if !ty.is64() {
            // A 32-bit memory of 1-byte pages has at most 2^32 - 1 pages
            // (its size is an i32).
            limit = limit.min(u32::MAX as u64);
        }
        let max_pages = ty.limits.max.unwrap_or(u64::MAX).min(limit);
        if ty.limits.min > max_pages {
            return Err(Error::resource(format!(
                "memory of {} pages exceeds the limit of {} pages",
                ty.limits.min, max_pages
            )));
        }
        Ok(max_pages)
    }

    /// Whether a memory of type `ty` gets a guard region when the engine
    /// has them (`Config::guarded_memories`): 32-bit memories of 64 KiB
    /// pages only. A 64-bit address is not covered by any guard region,
    /// and a memory of 1-byte pages ends inside an OS page: both are
    /// bounds-checked explicitly by every tier.
    pub(crate) fn guardable(ty: &MemoryType) -> bool {
        !ty.is64() && ty.page_size_log2 == super::types::DEFAULT_PAGE_SIZE_LOG2
    }

    /// A memory reserved with `mmap`: its maximum, or with `guard` the
    /// whole guarded reservation (see `Config::guarded_memories`).
    fn mapped(ty: MemoryType, engine_limit: u32, guard: bool) -> Result<MemoryEntity> {
        let max_pages = MemoryEntity::max_pages(&ty, engine_limit)?;
        let reserved = if guard && MemoryEntity::guardable(&ty) {
            GUARDED_RESERVATION
        } else {
            (max_pages << ty.page_size_log2) as usize
        };
        let base = if reserved == 0 {
            std::ptr::NonNull::<u64>::dangling().as_ptr() as *mut u8
        } else {
            // SAFETY: anonymous private mapping with no access; the kernel
            // picks the address. Checked for failure below.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    reserved,
                    libc::PROT_NONE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                    -1,
                    0,
                )
            };
            if p == libc::MAP_FAILED {
                return Err(Error::resource(format!(
                    "cannot reserve {reserved} bytes for a linear memory"
                )));
            }
            p as *mut u8
        };
        let mut m = MemoryEntity {
            vm: VMMemory { base, len: 0 },
            ty,
            max_pages,
            reserved,
            heap_cap: 0,
            in_heap: false,
            movable: false,
        };
        if m.grow(ty.limits.min).is_none() {
            return Err(Error::resource(format!(
                "cannot commit {} pages of linear memory",
                ty.limits.min
            )));
        }
        Ok(m)
    }

    /// A memory as `config` asks for: reserved with `mmap`, or in the heap
    /// (`Config::memories_in_heap`).
    pub fn for_config(ty: MemoryType, config: &super::engine::Config) -> Result<MemoryEntity> {
        if !config.memories_in_heap {
            return MemoryEntity::mapped(ty, config.max_memory_pages, config.guarded_memories());
        }
        let max_pages = MemoryEntity::max_pages(&ty, config.max_memory_pages)?;
        let mut m = MemoryEntity {
            vm: VMMemory {
                base: std::ptr::NonNull::<u64>::dangling().as_ptr() as *mut u8,
                len: 0,
            },
            ty,
            max_pages,
            reserved: 0,
            heap_cap: 0,
            in_heap: true,
            // The first allocation is always allowed to happen.
            movable: true,
        };
        if m.grow(ty.limits.min).is_none() {
            return Err(Error::resource(format!(
                "cannot allocate {} pages of linear memory",
                ty.limits.min
            )));
        }
        m.movable = config.tier == super::engine::Tier::Interp;
        Ok(m)
    }

    /// Heap-backed growth to `new_len` bytes (zeroed); false on failure.
    fn grow_in_heap(&mut self, new_len: usize) -> bool {
        if new_len <= self.heap_cap {
            return true;
        }
        if !self.movable {
            return false;
        }
        let Ok(layout) = std::alloc::Layout::from_size_align(new_len, HEAP_ALIGN) else {
            return false;
        };
        let p = if self.heap_cap == 0 {
            // SAFETY: `new_len` > 0 (it exceeds heap_cap).
            unsafe { std::alloc::alloc_zeroed(layout) }
        } else {
            let old = std::alloc::Layout::from_size_align(self.heap_cap, HEAP_ALIGN)
                .expect("a layout that was valid when allocated");
            // SAFETY: `vm.base` was allocated by the global allocator with
            // `old`; `new_len` is a valid size for HEAP_ALIGN (checked).
            let p = unsafe { std::alloc::realloc(self.vm.base, old, new_len) };
            if !p.is_null() {
                // SAFETY: the new block has `new_len` bytes; the tail past
                // the old capacity is uninitialised and now zeroed.
                unsafe { std::ptr::write_bytes(p.add(self.heap_cap), 0, new_len - self.heap_cap) };
            }
            p
        };
        if p.is_null() {
            return false;
        }
        self.vm.base = p;
        self.heap_cap = new_len;
        true
    }

    /// Current size in pages of the memory's page size.
    pub fn pages(&self) -> u64 {
        (self.vm.len as u64) >> self.ty.page_size_log2
    }

    /// Grow by `delta` pages; the old size in pages, or None (memory unchanged).
    pub fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        // At most MAX_MEMORY_BYTES (max_pages): no overflow.
        let new_len = (new << self.ty.page_size_log2) as usize;
        if self.in_heap {
            if !self.grow_in_heap(new_len) {
                return None;
            }
            self.vm.len = new_len;
            return Some(old);
        }
        debug_assert!(new_len <= self.reserved);
        // SAFETY: [base, base + new_len) lies inside the region we reserved.
        let rc = unsafe {
            libc::mprotect(
                self.vm.base as *mut libc::c_void,
                new_len,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if rc != 0 {
            return None;
        }
        self.vm.len = new_len;
        Some(old)
    }

    pub fn current_type(&self) -> MemoryType {
        MemoryType::with(
            Limits::new(self.pages(), self.ty.limits.max),
            self.ty.index,
            self.ty.page_size_log2,
        )
    }

    pub fn data(&self) -> &[u8] {
        // SAFETY: [base, base + len) is mapped read/write and owned by self.
        unsafe { std::slice::from_raw_parts(self.vm.base, self.vm.len) }
    }

    pub fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` gives exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.vm.base, self.vm.len) }
    }
}

impl Drop for MemoryEntity {
    fn drop(&mut self) {
        if self.heap_cap != 0 {
            let layout = std::alloc::Layout::from_size_align(self.heap_cap, HEAP_ALIGN)
                .expect("a layout that was valid when allocated");
            // SAFETY: the block at `vm.base` was allocated with `layout`.
            unsafe { std::alloc::dealloc(self.vm.base, layout) };
        }
        if self.reserved != 0 {
            // SAFETY: unmapping exactly the region mapped in `new`.
            unsafe {
                libc::munmap(self.vm.base as *mut libc::c_void, self.reserved);
            }
        }
    }
}

/// A handle to a linear memory in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Memory {
    pub fn new(store: &mut Store, ty: MemoryType) -> Result<Memory> {
        let e = MemoryEntity::for_config(ty, store.engine.config())?;
        Ok(Memory::push(store, e))
    }

    pub(crate) fn push(store: &mut Store, e: MemoryEntity) -> Memory {
        let index = store.alloc_memory(Box::new(e));
        Memory {
            store: store.id,
            index,
        }
    }

    fn entity<'a>(&self, store: &'a Store) -> &'a MemoryEntity {
        store.check(self.store, "memory");
        &store.memories[self.index as usize]
    }

    /// The type with the current size as minimum.
    pub fn ty(&self, store: &Store) -> MemoryType {
        self.entity(store).current_type()
    }

    /// Size in pages (of the memory's page size).
    pub fn size(&self, store: &Store) -> u64 {
        self.entity(store).pages()
    }

    pub fn data_size(&self, store: &Store) -> usize {
        self.entity(store).vm.len
    }

    pub fn data<'a>(&self, store: &'a Store) -> &'a [u8] {
        self.entity(store).data()
    }

    pub fn data_mut<'a>(&self, store: &'a mut Store) -> &'a mut [u8] {
        store.check(self.store, "memory");
        store.memories[self.index as usize].data_mut()
    }

    /// Base address of the memory's bytes (stable for the memory's lifetime,
    /// except for heap-backed memories on the interpreter tier, whose base
    /// may move when they grow: see `Config::memories_in_heap`).
    pub fn data_ptr(&self, store: &Store) -> *mut u8 {
        self.entity(store).vm.base
    }

    /// Grow by `delta` pages, returning the previous size.
    pub fn grow(&self, store: &mut Store, delta: u64) -> Result<u64> {
        store.check(self.store, "memory");
        let m = &mut store.memories[self.index as usize];
        m.grow(delta).ok_or_else(|| {
            Error::resource(format!(
                "cannot grow memory of {} pages by {delta} (maximum {})",
                m.pages(),
                m.max_pages
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::engine::{Config, Tier};

    #[test]
    fn heap_backed_memories_grow_and_keep_their_bytes() {
        let config = Config {
            memories_in_heap: true,
            tier: Tier::Interp,
            ..Config::default()
        };
        let mut m = MemoryEntity::for_config(MemoryType::new(Limits::new(1, Some(4))), &config)
            .expect("memory");
        assert_eq!(m.pages(), 1);
        m.data_mut()[100] = 7;
        assert_eq!(m.grow(2), Some(1));
        assert_eq!(m.data().len(), 3 * PAGE_SIZE);
        assert_eq!(m.data()[100], 7);
        assert!(m.data()[PAGE_SIZE..].iter().all(|&b| b == 0));
        assert_eq!(m.grow(2), None, "past the declared maximum");
        assert_eq!(m.grow(1), Some(3));
    }

    #[test]
    fn heap_backed_memories_of_jit_tiers_do_not_move() {
        let config = Config {
            memories_in_heap: true,
            tier: Tier::Jit,
            ..Config::default()
        };
        let mut m = MemoryEntity::for_config(MemoryType::new(Limits::new(1, None)), &config)
            .expect("memory");
        let base = m.vm.base;
        assert_eq!(m.grow(0), Some(1));
        assert_eq!(m.grow(1), None);
        assert_eq!(m.vm.base, base);
        let empty = MemoryEntity::for_config(MemoryType::new(Limits::new(0, None)), &config)
            .expect("memory");
        assert_eq!(empty.data().len(), 0);
    }
}
