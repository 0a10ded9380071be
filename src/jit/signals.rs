//! Traps raised by the CPU in compiled code: the process-wide registry of
//! trap sites that the signal handler of `trampoline.c` consults, and the
//! handler's installation.
//!
//! Compiled code traps with Cranelift's `trap`/`trapnz` instructions and,
//! for linear memories with guard regions, by touching the guard: no call,
//! no extra block. The handler must find out, from a signal handler, whether
//! the faulting pc is one of those sites. It cannot take a lock or allocate,
//! so the registry is read-copy-update: readers count themselves in
//! `READERS` and read the current snapshot; a writer (under `WRITER`)
//! publishes a new snapshot and frees the old one only once no reader is
//! left. Snapshots are short vectors (one entry per live code chunk).

use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// One live code chunk: its address range and its trap sites, (offset in
/// the chunk, trap code), sorted by offset. The sites are owned by the
/// chunk, which unregisters before freeing them.
#[derive(Clone, Copy)]
struct Entry {
    start: usize,
    end: usize,
    sites: *const (u32, u8),
    n: usize,
}

type Snapshot = Vec<Entry>;

static SNAPSHOT: AtomicPtr<Snapshot> = AtomicPtr::new(std::ptr::null_mut());
static READERS: AtomicUsize = AtomicUsize::new(0);
static WRITER: Mutex<()> = Mutex::new(());

/// Replace the snapshot by `edit` of a copy of it; the old one is freed
/// once no reader can still see it.
fn update(edit: impl FnOnce(&mut Snapshot)) {
    let _g = WRITER.lock().unwrap_or_else(|e| e.into_inner());
    let old = SNAPSHOT.load(Ordering::SeqCst);
    // SAFETY: snapshots are only freed below, under WRITER, which we hold.
    let mut next: Snapshot = unsafe { old.as_ref() }.cloned().unwrap_or_default();
    edit(&mut next);
    SNAPSHOT.store(Box::into_raw(Box::new(next)), Ordering::SeqCst);
    // A reader that counted itself before this point may hold `old`; one
    // that counts itself later loads the new snapshot (SeqCst order).
    while READERS.load(Ordering::SeqCst) != 0 {
        std::hint::spin_loop();
    }
    if !old.is_null() {
        // SAFETY: `old` came from Box::into_raw and no reader holds it.
        drop(unsafe { Box::from_raw(old) });
    }
}

/// Make the trap sites of the code at `[start, end)` known to the handler.
/// `sites` must stay valid until `unregister(start)`.
pub(crate) fn register(start: usize, end: usize, sites: &[(u32, u8)]) {
    let e = Entry {
        start,
        end,
        sites: sites.as_ptr(),
        n: sites.len(),
    };
    update(|s| {
        let i = s.partition_point(|x| x.start < start);
        s.insert(i, e);
    });
}

/// Forget the code chunk at `start` (before it is freed).
pub(crate) fn unregister(start: usize) {
    update(|s| s.retain(|x| x.start != start));
}

/// Trap code + 1 of the trap site at `pc`, or 0 when `pc` is not one.
///
/// Called from the signal handler: no lock, no allocation, no panic.
#[no_mangle]
extern "C" fn ferrowasm_jit_trap_lookup(pc: usize) -> i32 {
    READERS.fetch_add(1, Ordering::SeqCst);
    let p = SNAPSHOT.load(Ordering::SeqCst);
    // SAFETY: a snapshot seen by a counted reader is not freed before the
    // reader leaves (see `update`); the sites of an entry live as long as
    // the entry is in a snapshot.
    let r = unsafe { p.as_ref() }
        .and_then(|s| {
            let i = s.partition_point(|x| x.start <= pc).checked_sub(1)?;
            let e = s[i];
            if pc >= e.end {
                return None;
            }
            // SAFETY: as above: `n` sites at `sites`.
            let sites = unsafe { std::slice::from_raw_parts(e.sites, e.n) };
            let rel = u32::try_from(pc - e.start).ok()?;
            let j = sites.binary_search_by_key(&rel, |x| x.0).ok()?;
            Some(sites[j].1 as i32 + 1)
        })
        .unwrap_or(0);
    READERS.fetch_sub(1, Ordering::SeqCst);
    r
}

extern "C" {
    fn ferrowasm_jit_install_signals() -> i32;
}

/// Install the trap signal handlers, once per process; an error when the
/// host refused them (then compiled code cannot run).
pub(crate) fn ensure_installed() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        // SAFETY: installs process-wide handlers that chain to the previous
        // ones for faults outside compiled code.
        if unsafe { ferrowasm_jit_install_signals() } == 0 {
            Ok(())
        } else {
            Err("cannot install the JIT's signal handlers".to_string())
        }
    })
    .clone()
}
