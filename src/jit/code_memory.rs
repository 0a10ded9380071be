//! Executable memory we manage: mapped read/write, filled, then made
//! read+execute (never both writable and executable), unmapped on drop.

use crate::runtime::error::Error;

extern "C" {
    /// `trampoline.c`: instruction-cache maintenance for a code range.
    fn ferrowasm_jit_flush_icache(start: *mut u8, len: usize);
}

pub(crate) struct CodeMemory {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: after `publish` the mapping is immutable; before it, the owner
// writes it from one thread.
unsafe impl Send for CodeMemory {}
// SAFETY: as above.
unsafe impl Sync for CodeMemory {}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 {
        p as usize
    } else {
        4096
    }
}

impl CodeMemory {
    /// A zeroed, writable mapping of at least `len` bytes.
    pub fn new(len: usize) -> Result<CodeMemory, Error> {
        let ps = page_size();
        let len = len.max(1).div_ceil(ps) * ps;
        // SAFETY: anonymous private mapping; checked for failure below.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Error::resource(format!("cannot map {len} bytes of code")));
        }
        Ok(CodeMemory {
            ptr: p as *mut u8,
            len,
        })
    }

    /// The writable bytes (before `publish`).
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: the mapping is ours, `len` bytes, readable and writable
        // until `publish`, which takes `self` by value.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Make the code read+execute, and visible to instruction fetch (the
    /// instruction-cache maintenance aarch64 needs; nothing on x86-64).
    pub fn publish(self) -> Result<CodeMemory, Error> {
        // SAFETY: exactly our mapping.
        let rc = unsafe {
            libc::mprotect(
                self.ptr as *mut libc::c_void,
                self.len,
                libc::PROT_READ | libc::PROT_EXEC,
            )
        };
        if rc != 0 {
            return Err(Error::resource("cannot make code executable"));
        }
        // SAFETY: the range is exactly our mapping, now readable.
        unsafe { ferrowasm_jit_flush_icache(self.ptr, self.len) };
        Ok(self)
    }

    pub fn base(&self) -> usize {
        self.ptr as usize
    }

    pub fn len(&self) -> usize {
        self.len
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: unmapping exactly the region mapped in `new`.
        unsafe {
            libc::munmap(self.ptr as *mut libc::c_void, self.len);
        }
    }
}
