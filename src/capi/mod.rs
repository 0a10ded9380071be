//! The standard wasm.h C API (`include/wasm.h`), one file per header
//! section, and ferrowasm's extensions (`include/ferrowasm.h`, in `ext`).
//!
//! This layer converts between C and runtime types and holds no logic of
//! its own. Ownership follows the header: `own` arguments arrive as
//! `Option<Box<T>>` (or are read out of their vector), borrowed ones as
//! `Option<&T>`; `own` results leave as `Option<Box<T>>`.
//!
//! Rules every `extern "C"` function here keeps:
//! - no panic crosses the boundary: bodies that can panic run inside
//!   `guard`, which turns a panic into the function's failure value;
//! - NULL is checked wherever the header lets a pointer be NULL (and where a
//!   careless caller could pass one: a NULL where an object is required is a
//!   failure, not a crash);
//! - failures leave a message for `ferrowasm_last_error` (see `ext`).

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod engine_store;
pub mod ext;
#[path = "extern.rs"]
pub mod extern_;
pub mod func;
pub mod global;
pub mod instance;
pub mod memory;
pub mod metering;
pub mod module;
pub mod ref_foreign;
pub mod table;
pub mod tag;
pub mod trap_frame;
pub mod types;
pub mod val;
pub mod vec;

use std::cell::RefCell;
use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// The message of the last failure on this thread.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Record `msg` as this thread's last error.
pub(crate) fn set_last_error(msg: impl std::fmt::Display) {
    let text = msg.to_string().replace('\0', " ");
    let c = CString::new(text).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = Some(c));
}

/// The value of a store operation (`with_store`'s result): `None` when the
/// store was unusable (already reported) or the operation failed, which is
/// recorded as the last error, prefixed with `what` (the C function).
pub(crate) fn store_result<T, E: std::fmt::Display>(
    what: &str,
    r: Option<Result<T, E>>,
) -> Option<T> {
    match r? {
        Ok(v) => Some(v),
        Err(e) => {
            set_last_error(format!("{what}: {e}"));
            None
        }
    }
}

/// Forget this thread's last error (on success of an API that reports one).
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|e| *e.borrow_mut() = None);
}

/// Run `f` with this thread's last error message, if any.
pub(crate) fn with_last_error<R>(f: impl FnOnce(Option<&CString>) -> R) -> R {
    LAST_ERROR.with(|e| f(e.borrow().as_ref()))
}

/// The message of a caught panic (also the embedding API's): the
/// runtime's one reading of a panic payload.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> &str {
    crate::runtime::call::panic_message(p)
}

/// Run an `extern "C"` body: a panic becomes `default` plus a last error.
pub(crate) fn guard<R>(default: R, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            set_last_error(format!("internal error: {}", panic_message(&*p)));
            default
        }
    }
}

/// Like [`guard`], with a failure value made only when needed (from the
/// panic's message).
pub(crate) fn guard_lazy<R>(default: impl FnOnce(String) -> R, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = format!("internal error: {}", panic_message(&*p));
            set_last_error(&msg);
            default(msg)
        }
    }
}

/// The slice of `len` elements at `data`; empty when `data` is NULL.
///
/// # Safety
/// When `data` is not NULL it points to `len` initialised elements that
/// stay valid and unaliased by writes for `'a`.
pub(crate) unsafe fn slice_or_empty<'a, T>(data: *const T, len: usize) -> &'a [T] {
    if data.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(data, len) }
    }
}
