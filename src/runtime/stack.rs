//! The native stack: how much of the current thread's stack wasm may use.
//!
//! Every entry from the host (`Func::call_raw`) checks that the calling
//! thread has room left on its real stack (its bounds are looked up once
//! per thread) and traps "call stack exhausted" otherwise, so host -> wasm
//! -> host re-entry to any depth, on any tier and on small-stack threads,
//! ends in a trap and never in a crash. Compiled code checks its own
//! prologues against the limit computed here (`limit_for_entry`).

use std::cell::Cell;

thread_local! {
    /// (low, high) bounds of this thread's stack, once looked up; (0, 0)
    /// when they cannot be known.
    static BOUNDS: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
    /// (floor, low, high) of this thread's stack once known, for the fast
    /// path of `floor` (one thread-local access per entry from the host).
    static FLOOR: Cell<(usize, usize, usize)> = const { Cell::new((0, 0, 0)) };
}

/// The current stack pointer (approximately: the address of a local).
#[inline(always)]
pub(crate) fn sp() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The bounds of this thread's stack, if they can be known.
pub(crate) fn bounds() -> Option<(usize, usize)> {
    let b = BOUNDS.with(|b| b.get()).unwrap_or_else(|| {
        let b = query_bounds().unwrap_or((0, 0));
        BOUNDS.with(|c| c.set(Some(b)));
        b
    });
    (b.1 > b.0).then_some(b)
}

/// Look up the calling thread's stack bounds now, if not yet done (the
/// first look-up may allocate: glibc reads /proc/self/maps for the main
/// thread). The embedding API does it at init.
#[cfg_attr(not(feature = "embed"), allow(dead_code))]
pub(crate) fn prime() {
    let _ = bounds();
}

#[cfg(target_os = "linux")]
fn query_bounds() -> Option<(usize, usize)> {
    // SAFETY: plain pthread queries on the calling thread with an attribute
    // object initialised by pthread_getattr_np and destroyed here.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        if rc != 0 {
            return None;
        }
        Some((addr as usize, addr as usize + size))
    }
}

#[cfg(not(target_os = "linux"))]
fn query_bounds() -> Option<(usize, usize)> {
    None
}

/// Stack kept free at the low end of a thread's stack: for trap handling
/// (the signal handler, the raise), the runtime's own frames between wasm
/// frames, and host functions called near the limit. An eighth of the
/// stack, between 16 KiB and 64 KiB.
pub(crate) fn margin(stack_size: usize) -> usize {
    (stack_size / 8).clamp(16 << 10, 64 << 10)
}

/// Stack assumed to be there below the current frame when the thread's
/// bounds are unknown (a coroutine or signal stack, a foreign thread).
const UNKNOWN_STACK: usize = 256 << 10;

/// The lowest address wasm code entered now may use: the margin above the
/// end of the thread's stack.
#[inline]
pub(crate) fn floor() -> usize {
    let sp = sp();
    let (f, low, high) = FLOOR.with(|c| c.get());
    if sp > low && sp < high {
        return f;
    }
    floor_slow(sp)
}

#[cold]
fn floor_slow(sp: usize) -> usize {
    match bounds() {
        Some((low, high)) if (low..high).contains(&sp) => {
            let f = low + margin(high - low);
            FLOOR.with(|c| c.set((f, low, high)));
            f
        }
        _ => sp.saturating_sub(UNKNOWN_STACK) + margin(UNKNOWN_STACK),
    }
}

/// The floor if an entry from the host has room to run here (the stack
/// pointer is above the floor by at least `need` bytes), else None.
#[inline]
pub(crate) fn room(need: usize) -> Option<usize> {
    let f = floor();
    (sp() >= f.saturating_add(need)).then_some(f)
}

/// Whether an entry from the host has room to run here (see `room`).
#[inline]
pub(crate) fn has_room(need: usize) -> bool {
    room(need).is_some()
}

/// Stack limit for compiled code entered now with a budget of `budget`
/// bytes (`Store::max_stack_bytes`): the budget below the current stack
/// pointer, but never below `floor` (this thread's, from `room`).
#[cfg_attr(not(feature = "jit"), allow(dead_code))]
pub(crate) fn limit_for_entry(budget: usize, floor: usize) -> usize {
    sp().saturating_sub(budget).max(floor)
}

/// Compiled frames up to this size may be set up below the limit before
/// their prologue's check traps (the margin holds them); larger ones
/// account for their size in the check.
#[cfg_attr(not(feature = "jit"), allow(dead_code))]
pub(crate) const FRAME_SLACK: usize = 2 << 10;

/// Native stack an entry from the host needs to be allowed in at all: the
/// runtime's frames of one entry (dispatcher, interpreter loop, trampolines).
pub(crate) const ENTRY_NEED: usize = 8 << 10;

/// Run `f` where at least `need` bytes of native stack are free: on the
/// calling thread when it has them, else on a thread of ours with a stack of
/// `need` bytes (compilation must never overflow a host's small stack).
/// Fails only when no thread can be started.
pub(crate) fn with_stack<R: Send>(need: usize, f: impl FnOnce() -> R + Send) -> Result<R, String> {
    if has_room(need) {
        return Ok(f());
    }
    std::thread::scope(|s| {
        let h = std::thread::Builder::new()
            .name("ferrowasm-compile".into())
            .stack_size(need + (1 << 20))
            .spawn_scoped(s, f);
        match h {
            Ok(h) => match h.join() {
                Ok(r) => Ok(r),
                Err(p) => std::panic::resume_unwind(p),
            },
            Err(e) => Err(format!(
                "the calling thread's stack is too small to compile on, and no thread \
                 with a larger one can be started: {e}"
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_contain_the_stack_pointer() {
        let (low, high) = bounds().expect("linux threads have known bounds");
        assert!((low..high).contains(&sp()));
        assert!(has_room(ENTRY_NEED));
    }

    #[test]
    fn small_thread_has_a_floor_inside_its_stack() {
        std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(|| {
                let (low, high) = bounds().unwrap();
                assert!(high - low >= 64 << 10);
                let f = floor();
                assert!(f > low && f < sp());
                assert_eq!(with_stack(4 << 20, || 7), Ok(7));
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
