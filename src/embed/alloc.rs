//! The library's global allocator, and where the runtime's memory comes
//! from (`RuntimeInitArgs::mem_alloc_type`).
//!
//! Every Rust allocation of this library goes through [`EmbedAlloc`]:
//! - normally (no runtime up, or `Alloc_With_System_Allocator`) straight to
//!   the system allocator, at the cost of one atomic load;
//! - with `Alloc_With_Pool`, from the host's buffer (a `talc` heap claimed
//!   over it) and nowhere else: modules, instances, stores, linear memories
//!   (`Config::memories_in_heap`), interpreter stacks. Executable JIT pages
//!   are `mmap`ed by the JIT, as documented;
//! - with `Alloc_With_Allocator`, from chunks obtained with the host's
//!   `malloc_func` (claimed into the same kind of heap) and given back with
//!   `free_func` at destroy.
//!
//! A free is routed by address: a block inside a region of the heap goes
//! back to it, anything else to the system. Regions are remembered after
//! destroy (retired), so that a late free of a block left inside them is
//! ignored instead of reaching the system allocator.
//!
//! Running out: Rust's infallible allocations abort on failure, so the pool
//! keeps a reserve. Past the soft limit (the pool minus the reserve)
//! allocations still succeed but raise `PRESSURE`; the embedding API checks
//! it after each load and instantiation and fails them with a message,
//! releasing what they took. Fallible allocations (linear memories, their
//! growth) simply fail. Only an operation that needs more than the reserve
//! beyond the soft limit in one go can exhaust the pool for real.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use talc::{OomHandler, Span, Talc};

/// Where allocations go while the runtime is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AllocChoice {
    System,
    /// The host's buffer: (address, size).
    Pool(usize, usize),
    /// The host's malloc_func and free_func.
    User(usize, usize),
}

/// The smallest pool the runtime starts with.
pub const MIN_POOL_SIZE: usize = 64 << 10;
/// Chunks taken from the host's malloc_func (larger requests get their own).
const USER_CHUNK: usize = 256 << 10;
const MAX_REGIONS: usize = 256;

#[derive(Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
    /// Obtained from the host's malloc_func (given back at destroy).
    user_chunk: bool,
    retired: bool,
}

const NO_REGION: Region = Region {
    start: 0,
    end: 0,
    user_chunk: false,
    retired: true,
};

/// The talc out-of-memory handler: takes new chunks from the host's
/// malloc_func in `Alloc_With_Allocator` mode; records the regions.
struct Source {
    user_malloc: Option<unsafe extern "C" fn(u32) -> *mut u8>,
    regions: [Region; MAX_REGIONS],
    n: usize,
}

impl Source {
    fn add_region(&mut self, start: usize, end: usize, user_chunk: bool) -> bool {
        // Reuse a retired slot covering the same range, or a free one.
        let slot = (0..self.n)
            .find(|&i| self.regions[i].retired && self.regions[i].start == start)
            .or_else(|| (self.n < MAX_REGIONS).then_some(self.n));
        let Some(i) = slot else { return false };
        self.regions[i] = Region {
            start,
            end,
            user_chunk,
            retired: false,
        };
        if i == self.n {
            self.n += 1;
        }
        LO.fetch_min(start, Ordering::AcqRel);
        HI.fetch_max(end, Ordering::AcqRel);
        HAS_REGIONS.store(true, Ordering::Release);
        true
    }

    fn find(&self, p: usize) -> Option<Region> {
        self.regions[..self.n]
            .iter()
            .find(|r| p >= r.start && p < r.end)
            .copied()
    }
}

impl OomHandler for Source {
    fn handle_oom(talc: &mut Talc<Self>, layout: Layout) -> Result<(), ()> {
        let Some(malloc) = talc.oom_handler.user_malloc else {
            return Err(());
        };
        let want = layout
            .size()
            .checked_add(layout.align() + 4096)
            .ok_or(())?
            .max(USER_CHUNK);
        let size = u32::try_from(want).map_err(|_| ())?;
        // SAFETY: the host's malloc_func, called as WAMR does.
        let p = unsafe { malloc(size) };
        if p.is_null() {
            return Err(());
        }
        // SAFETY: the host gave us `want` bytes at `p`, ours until freed.
        let claimed = unsafe { talc.claim(Span::from_base_size(p, want)) };
        if claimed.is_err()
            || !talc
                .oom_handler
                .add_region(p as usize, p as usize + want, true)
        {
            // A claimed chunk without a region slot is leaked rather than
            // freed while in use.
            if claimed.is_err() {
                // SAFETY: `p` came from the host's malloc_func just now; a
                // failed claim left nothing of it in the heap.
                unsafe { free_user(p) };
            }
            return Err(());
        }
        Ok(())
    }
}

struct Heap {
    talc: Talc<Source>,
    choice: AllocChoice,
    used: usize,
    high: usize,
    total: usize,
    soft_limit: usize,
}

static HEAP: Mutex<Heap> = Mutex::new(Heap {
    talc: Talc::new(Source {
        user_malloc: None,
        regions: [NO_REGION; MAX_REGIONS],
        n: 0,
    }),
    choice: AllocChoice::System,
    used: 0,
    high: 0,
    total: 0,
    soft_limit: usize::MAX,
});

/// Allocations go to the heap (a pool or the host's allocator).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Some region (live or retired) exists: frees must be routed by address.
static HAS_REGIONS: AtomicBool = AtomicBool::new(false);
/// Bounds of all regions.
static LO: AtomicUsize = AtomicUsize::new(usize::MAX);
static HI: AtomicUsize = AtomicUsize::new(0);
/// The host's free_func (Alloc_With_Allocator).
static USER_FREE: AtomicUsize = AtomicUsize::new(0);

/// Set when the heap's use passes its soft limit (see the module docs).
pub(crate) static PRESSURE: AtomicBool = AtomicBool::new(false);

fn heap() -> MutexGuard<'static, Heap> {
    HEAP.lock().unwrap_or_else(|e| e.into_inner())
}

/// # Safety
/// `p` came from the host's malloc_func.
unsafe fn free_user(p: *mut u8) {
    let f = USER_FREE.load(Ordering::Acquire);
    if f != 0 {
        // SAFETY: USER_FREE holds the host's free_func.
        let free: unsafe extern "C" fn(*mut u8) = unsafe { std::mem::transmute(f) };
        // SAFETY: as the caller guarantees.
        unsafe { free(p) };
    }
}

/// Route allocations to `choice` (at init).
/// The alignment of the probe allocation (no other allocation asks it).
const PROBE_ALIGN: usize = 1 << 14;
static PROBED: AtomicBool = AtomicBool::new(false);

/// Whether [`EmbedAlloc`] is the program's global allocator. It is not when
/// libferrowasm.a is linked into a Rust program with
/// `-Wl,--allow-multiple-definition` (the program's allocator symbols win):
/// the runtime's allocations then go to the program's allocator, and a pool
/// cannot hold them.
pub(crate) fn is_global_allocator() -> bool {
    PROBED.store(false, Ordering::Relaxed);
    let Ok(l) = Layout::from_size_align(8, PROBE_ALIGN) else {
        return false;
    };
    // SAFETY: a non-zero-sized layout; freed at once with the same layout.
    unsafe {
        // black_box: the optimizer may otherwise drop the allocation pair.
        let p = std::hint::black_box(std::alloc::alloc(l));
        if !p.is_null() {
            std::alloc::dealloc(p, l);
        }
    }
    PROBED.load(Ordering::Relaxed)
}

pub(crate) fn install(choice: AllocChoice) -> Result<(), String> {
    if choice != AllocChoice::System && !is_global_allocator() {
        return Err(
            "Alloc_With_Pool and Alloc_With_Allocator need ferrowasm's global \
                    allocator, and this program has its own (a Rust program linking \
                    libferrowasm.a): use Alloc_With_System_Allocator"
                .into(),
        );
    }
    let mut h = heap();
    h.talc = Talc::new(Source {
        user_malloc: None,
        regions: h.talc.oom_handler.regions,
        n: h.talc.oom_handler.n,
    });
    h.used = 0;
    h.high = 0;
    h.total = 0;
    h.soft_limit = usize::MAX;
    PRESSURE.store(false, Ordering::Release);
    match choice {
        AllocChoice::System => {}
        AllocChoice::Pool(buf, size) => {
            if buf == 0 {
                return Err("Alloc_With_Pool: heap_buf is NULL".into());
            }
            if size < MIN_POOL_SIZE {
                return Err(format!(
                    "Alloc_With_Pool: a pool of {size} bytes is too small \
                     (the runtime needs at least {MIN_POOL_SIZE})"
                ));
            }
            // SAFETY: the host hands us `size` bytes at `buf` until destroy.
            let span = unsafe { h.talc.claim(Span::from_base_size(buf as *mut u8, size)) };
            if span.is_err() || !h.talc.oom_handler.add_region(buf, buf + size, false) {
                return Err("Alloc_With_Pool: cannot use the pool".into());
            }
            h.total = size;
            // The reserve: an eighth of the pool, at least 32 KiB.
            h.soft_limit = size - (size / 8).max(32 << 10).min(size / 2);
        }
        AllocChoice::User(malloc, free) => {
            // SAFETY: the host's malloc_func, as WAMR declares it.
            h.talc.oom_handler.user_malloc = Some(unsafe {
                std::mem::transmute::<usize, unsafe extern "C" fn(u32) -> *mut u8>(malloc)
            });
            USER_FREE.store(free, Ordering::Release);
        }
    }
    h.choice = choice;
    ACTIVE.store(choice != AllocChoice::System, Ordering::Release);
    Ok(())
}

/// Back to the system allocator (at destroy). The regions are retired;
/// chunks of the host's allocator with nothing left in them are freed.
pub(crate) fn uninstall() {
    ACTIVE.store(false, Ordering::Release);
    let mut h = heap();
    let live = h.talc.get_counters().allocation_count;
    let n = h.talc.oom_handler.n;
    for i in 0..n {
        let r = h.talc.oom_handler.regions[i];
        if r.retired {
            continue;
        }
        h.talc.oom_handler.regions[i].retired = true;
        if r.user_chunk && live == 0 {
            // SAFETY: the chunk came from the host's malloc_func and holds
            // no live allocation.
            unsafe { free_user(r.start as *mut u8) };
            h.talc.oom_handler.regions[i].end = r.start;
        }
    }
    h.talc = Talc::new(Source {
        user_malloc: None,
        regions: h.talc.oom_handler.regions,
        n,
    });
    h.choice = AllocChoice::System;
    h.used = 0;
    h.soft_limit = usize::MAX;
    PRESSURE.store(false, Ordering::Release);
}

/// Whether `p` may lie in a region (a cheap test before taking the lock).
fn maybe_in_region(p: usize) -> bool {
    HAS_REGIONS.load(Ordering::Acquire)
        && p >= LO.load(Ordering::Acquire)
        && p < HI.load(Ordering::Acquire)
}

// Nothing may allocate while HEAP is locked: the allocator takes it too.

/// (total, free, high-water mark) of the pool, in pool mode.
pub(crate) fn pool_info() -> Option<(usize, usize, usize)> {
    let h = heap();
    match h.choice {
        AllocChoice::Pool(..) => Some((h.total, h.total.saturating_sub(h.used), h.high)),
        _ => None,
    }
}

/// Clear the pressure flag if the heap is back under its soft limit;
/// whether it is.
pub(crate) fn relieve() -> bool {
    let h = heap();
    if h.used <= h.soft_limit {
        PRESSURE.store(false, Ordering::Release);
        true
    } else {
        false
    }
}

/// A description of the pool's state for error messages.
pub(crate) fn exhausted_message() -> String {
    // Read under the lock, format after it: formatting allocates.
    let (choice, used) = {
        let h = heap();
        (h.choice, h.used)
    };
    match choice {
        AllocChoice::Pool(_, size) => {
            format!("the memory pool is exhausted ({used} of {size} bytes in use)")
        }
        _ => "the runtime's allocator is exhausted".into(),
    }
}

/// The library's global allocator (see the module docs).
pub struct EmbedAlloc;

impl EmbedAlloc {
    /// Allocate from the heap (ACTIVE was seen set): None when the heap is
    /// no longer active.
    unsafe fn heap_alloc(&self, layout: Layout) -> Option<*mut u8> {
        let mut h = heap();
        if h.choice == AllocChoice::System {
            return None;
        }
        // SAFETY: layout has a non-zero size (GlobalAlloc's contract).
        let p = match unsafe { h.talc.malloc(layout) } {
            Ok(p) => p.as_ptr(),
            Err(()) => return Some(std::ptr::null_mut()),
        };
        h.used += layout.size();
        h.high = h.high.max(h.used);
        if h.used > h.soft_limit {
            PRESSURE.store(true, Ordering::Release);
        }
        Some(p)
    }

    /// Free `p` into the heap if it lies in one of its regions: whether it
    /// did (or was in a retired region, and is ignored).
    unsafe fn heap_free(&self, p: *mut u8, layout: Layout) -> bool {
        if !maybe_in_region(p as usize) {
            return false;
        }
        let mut h = heap();
        match h.talc.oom_handler.find(p as usize) {
            None => false,
            Some(r) if r.retired => true,
            Some(_) => {
                // SAFETY: `p` was allocated by this heap with `layout`.
                unsafe { h.talc.free(NonNull::new_unchecked(p), layout) };
                h.used = h.used.saturating_sub(layout.size());
                true
            }
        }
    }
}

// SAFETY: blocks come from `System` or from the talc heap, each freed by
// the one it came from (routed by address); the heap is behind a mutex, and
// nothing here unwinds.
unsafe impl GlobalAlloc for EmbedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ACTIVE.load(Ordering::Acquire) {
            // SAFETY: forwarded contract.
            if let Some(p) = unsafe { self.heap_alloc(layout) } {
                return p;
            }
        }
        if layout.align() == PROBE_ALIGN {
            PROBED.store(true, Ordering::Relaxed);
        }
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if ACTIVE.load(Ordering::Acquire) {
            // SAFETY: forwarded contract.
            if let Some(p) = unsafe { self.heap_alloc(layout) } {
                if !p.is_null() {
                    // SAFETY: `p` has layout.size() writable bytes.
                    unsafe { std::ptr::write_bytes(p, 0, layout.size()) };
                }
                return p;
            }
        }
        // SAFETY: forwarded contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        if unsafe { self.heap_free(ptr, layout) } {
            return;
        }
        // SAFETY: not from the heap, so from System.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let maybe_heap = maybe_in_region(ptr as usize);
        if !maybe_heap && !ACTIVE.load(Ordering::Acquire) {
            // SAFETY: a System block, and System stays the target.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        if maybe_heap {
            let mut h = heap();
            let live = h
                .talc
                .oom_handler
                .find(ptr as usize)
                .is_some_and(|r| !r.retired);
            if live {
                // SAFETY: `ptr` is a live block of this heap with `layout`.
                let done = unsafe {
                    let p = NonNull::new_unchecked(ptr);
                    if new_size <= layout.size() {
                        h.talc.shrink(p, layout, new_size);
                        Ok(p)
                    } else {
                        h.talc.grow_in_place(p, layout, new_size)
                    }
                };
                if let Ok(p) = done {
                    h.used = h.used - layout.size() + new_size;
                    h.high = h.high.max(h.used);
                    if h.used > h.soft_limit {
                        PRESSURE.store(true, Ordering::Release);
                    }
                    return p.as_ptr();
                }
            }
        }
        // Move: allocate where allocations go now, copy, free the old block
        // where it came from.
        // SAFETY: `layout.align()` is valid and new_size, rounded up to it,
        // does not overflow (GlobalAlloc's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarded contract.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least min(old, new) bytes.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static GLOBAL: EmbedAlloc = EmbedAlloc;

// ---- wasm_runtime_malloc / realloc / free / get_mem_alloc_info -------------

/// Header of blocks handed out by wasm_runtime_malloc: their size.
const HDR: usize = 16;

fn c_layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HDR)?, HDR).ok()
}

#[no_mangle]
pub extern "C" fn wasm_runtime_malloc(size: u32) -> *mut std::ffi::c_void {
    let Some(layout) = c_layout(size as usize) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { std::alloc::alloc(layout) };
    if p.is_null() {
        return p.cast();
    }
    // SAFETY: the block has HDR + size bytes; the header holds the size.
    unsafe {
        (p as *mut usize).write(size as usize);
        p.add(HDR).cast()
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_free(ptr: *mut std::ffi::c_void) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: `ptr` came from wasm_runtime_malloc/realloc: its header is
    // HDR bytes before it and holds the size.
    unsafe {
        let base = (ptr as *mut u8).sub(HDR);
        let size = (base as *const usize).read();
        if let Some(layout) = c_layout(size) {
            std::alloc::dealloc(base, layout);
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_realloc(
    ptr: *mut std::ffi::c_void,
    size: u32,
) -> *mut std::ffi::c_void {
    if ptr.is_null() {
        return wasm_runtime_malloc(size);
    }
    let Some(new_layout) = c_layout(size as usize) else {
        return std::ptr::null_mut();
    };
    // SAFETY: as in wasm_runtime_free; realloc keeps the header's place.
    unsafe {
        let base = (ptr as *mut u8).sub(HDR);
        let old = (base as *const usize).read();
        let Some(layout) = c_layout(old) else {
            return std::ptr::null_mut();
        };
        let p = std::alloc::realloc(base, layout, new_layout.size());
        if p.is_null() {
            return p.cast();
        }
        (p as *mut usize).write(size as usize);
        p.add(HDR).cast()
    }
}

/// Pool statistics, WAMR's layout.
#[repr(C)]
pub struct mem_alloc_info_t {
    pub total_size: u32,
    pub total_free_size: u32,
    pub highmark_size: u32,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_mem_alloc_info(info: *mut mem_alloc_info_t) -> bool {
    // SAFETY: the host passes NULL or a writable mem_alloc_info_t.
    let Some(out) = (unsafe { info.as_mut() }) else {
        return false;
    };
    match pool_info() {
        Some((total, free, high)) => {
            out.total_size = total as u32;
            out.total_free_size = free as u32;
            out.highmark_size = high as u32;
            true
        }
        None => false,
    }
}
