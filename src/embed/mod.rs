//! The WAMR-style embedding API (`include/wasm_export.h`) over the same
//! runtime as `capi/`.
//!
//! - `state`: runtime init/destroy, the engines (one per running mode),
//!   the registry of live handles, and the native-symbol registry;
//! - `alloc`: the library's global allocator (system, a host pool, or the
//!   host's malloc), `wasm_runtime_malloc` and pool statistics;
//! - `module`, `instance`, `call`: load, instantiate, exceptions, exec envs
//!   and the three call forms (`variadic.c` reads C varargs for `_v`);
//! - `natives`: signature strings, linking imports to natives, and calling
//!   them through libffi with the exec env first;
//! - `heap`: the app heap and address checks and conversions.
//!
//! Rules every `extern "C"` function here keeps: no panic crosses the
//! boundary (bodies run inside `guard`); every handle is checked against
//! the registry of live handles before it is dereferenced; failures leave a
//! message (error buffer, the instance's exception, or
//! `ferrowasm_runtime_last_error`).

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod alloc;
mod call;
mod extra;
mod heap;
mod instance;
mod libc_builtin;
mod memory;
mod module;
mod natives;
mod query;
mod state;
mod wasi;

pub use call::EmbedExecEnv;
pub use instance::{EmbedFunc, EmbedInstance};
pub use module::EmbedModule;

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// The message of the last failure on this thread (of calls that have
    /// no error buffer and no instance to carry it).
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Record `msg` as this thread's last error.
pub(crate) fn set_last_error(msg: impl std::fmt::Display) {
    let c = CString::new(msg.to_string().replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = Some(c));
}

/// Drop this thread's last error (at destroy: it may live in the pool).
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|e| *e.borrow_mut() = None);
}

/// Touch this thread's last-error slot, so that registering its destructor
/// (which glibc does with calloc) happens now rather than under a pool.
pub(crate) fn touch_last_error() {
    LAST_ERROR.with(|e| drop(e.borrow()));
}

/// ferrowasm: the calling thread's last error of the embedding API, or NULL.
#[no_mangle]
pub extern "C" fn ferrowasm_runtime_last_error() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().as_ref().map_or(std::ptr::null(), |c| c.as_ptr()))
}

/// Run an `extern "C"` body: a panic becomes `default` plus a last error.
pub(crate) fn guard<R>(default: R, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            set_last_error(format!(
                "internal error: {}",
                crate::capi::panic_message(&*p)
            ));
            default
        }
    }
}

/// Write `msg` into the host's error buffer: truncated to fit (on a UTF-8
/// character boundary) and always NUL-terminated. Nothing for a NULL or
/// empty buffer.
pub(crate) fn write_error_buf(buf: *mut c_char, size: u32, msg: &str) {
    if buf.is_null() || size == 0 {
        return;
    }
    let cap = size as usize - 1;
    let mut n = msg.len().min(cap);
    while !msg.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: the host gives `size` writable bytes at `buf`; we write n + 1
    // <= size of them.
    unsafe {
        std::ptr::copy_nonoverlapping(msg.as_ptr(), buf as *mut u8, n);
        *buf.add(n) = 0;
    }
}

/// The string at `p` (NULL: None); invalid UTF-8 is replaced.
///
/// # Safety
/// When not NULL, `p` points to a NUL-terminated string.
pub(crate) unsafe fn c_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: guaranteed by the caller.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests;
