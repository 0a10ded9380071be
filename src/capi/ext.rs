//! ferrowasm's extensions (`include/ferrowasm.h`): the last error message,
//! engine configuration, and store housekeeping.

use super::engine_store::{wasm_config_t, wasm_store_t};
use super::memory::wasm_memory_t;
use super::types::{wasm_memorytype_t, wasm_tabletype_t};
use super::vec::{wasm_message_t, write_vec, CVec};
use super::{guard, with_last_error};
use crate::runtime::Tier;
use std::ffi::c_char;

pub const FERROWASM_TIER_INTERP: u32 = 0;
pub const FERROWASM_TIER_JIT: u32 = 1;
pub const FERROWASM_TIER_AUTO: u32 = 2;

/// The calling thread's last error message, or NULL. Valid until the next
/// failing call on this thread.
#[no_mangle]
pub extern "C" fn ferrowasm_last_error_message() -> *const c_char {
    with_last_error(|e| e.map_or(std::ptr::null(), |c| c.as_ptr()))
}

/// Copy the last error message (NUL-terminated, NUL counted in `size`;
/// empty when there is none) into `out`.
#[no_mangle]
pub unsafe extern "C" fn ferrowasm_last_error(out: *mut wasm_message_t) {
    let v = guard(CVec::empty(), || {
        with_last_error(|e| match e {
            Some(c) => CVec::from_vec(c.as_bytes_with_nul().to_vec()),
            None => CVec::empty_filled(),
        })
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

#[no_mangle]
pub extern "C" fn ferrowasm_config_set_tier(config: Option<&mut wasm_config_t>, tier: u32) -> bool {
    let Some(c) = config else { return false };
    let tier = match tier {
        FERROWASM_TIER_INTERP => Tier::Interp,
        FERROWASM_TIER_JIT => Tier::Jit,
        FERROWASM_TIER_AUTO => Tier::Auto,
        _ => return false,
    };
    if !tier.available() {
        super::set_last_error(format!("tier {tier:?} is not available in this build"));
        return false;
    }
    c.config.tier = tier;
    true
}

#[no_mangle]
pub extern "C" fn ferrowasm_config_set_max_stack_bytes(
    config: Option<&mut wasm_config_t>,
    bytes: usize,
) {
    if let Some(c) = config {
        c.config.max_stack_bytes = bytes;
    }
}

#[no_mangle]
pub extern "C" fn ferrowasm_config_set_max_call_depth(
    config: Option<&mut wasm_config_t>,
    depth: u32,
) {
    if let Some(c) = config {
        c.config.max_call_depth = depth as usize;
    }
}

#[no_mangle]
pub extern "C" fn ferrowasm_config_set_max_memory_pages(
    config: Option<&mut wasm_config_t>,
    pages: u32,
) {
    if let Some(c) = config {
        c.config.max_memory_pages = pages;
    }
}

#[no_mangle]
pub extern "C" fn ferrowasm_config_set_max_table_elements(
    config: Option<&mut wasm_config_t>,
    elements: u32,
) {
    if let Some(c) = config {
        c.config.max_table_elements = elements;
    }
}

/// Whether compiled code traps through signal handlers (the default) or
/// with explicit checks and no handler installed (`Config::signals_based_traps`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_signals_based_traps(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.signals_based_traps = enable;
    }
}

/// Whether the multi-memory proposal is on (the default) or modules are
/// validated as WebAssembly 2.0 does, with one memory at most
/// (`Config::multi_memory`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_multi_memory(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.multi_memory = enable;
    }
}

/// Whether the tail-call proposal is on (the default) or modules using
/// `return_call` / `return_call_indirect` are refused as "unsupported
/// feature: tail-call" (`Config::tail_call`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_tail_call(config: Option<&mut wasm_config_t>, enable: bool) {
    if let Some(c) = config {
        c.config.tail_call = enable;
    }
}

/// Whether extended constant expressions are on (the default) or a
/// module using them is refused as "unsupported feature: extended-const"
/// (`Config::extended_const`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_extended_const(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.extended_const = enable;
    }
}

/// Whether the wide-arithmetic proposal is on (the default) or a module
/// using it is refused as "unsupported feature: wide-arithmetic"
/// (`Config::wide_arithmetic`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_wide_arithmetic(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.wide_arithmetic = enable;
    }
}

/// Whether SIMD and relaxed SIMD are on (the default) or modules using
/// them are refused as "unsupported feature: simd" (`Config::wasm_simd`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_simd(config: Option<&mut wasm_config_t>, enable: bool) {
    if let Some(c) = config {
        c.config.wasm_simd = enable;
    }
}

/// Reclaim now what nothing refers to; the number of objects freed (0 while
/// a call into wasm is running in the store).
#[no_mangle]
pub extern "C" fn ferrowasm_store_collect(store: Option<&wasm_store_t>) -> usize {
    guard(0, || store.map_or(0, |s| s.ctx.collect()))
}

/// Number of live objects in the store (functions, globals, tables,
/// memories, instances, externrefs).
#[no_mangle]
pub extern "C" fn ferrowasm_store_live_objects(store: Option<&wasm_store_t>) -> usize {
    guard(0, || {
        store
            .and_then(|s| s.with_store(|st| st.live_objects()))
            .unwrap_or(0)
    })
}

/// Whether the memory64 proposal is on (the default) or a module with a
/// 64-bit memory or table is refused ("memory64 must be enabled ...",
/// `Config::memory64`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_memory64(config: Option<&mut wasm_config_t>, enable: bool) {
    if let Some(c) = config {
        c.config.memory64 = enable;
    }
}

/// Whether the custom page sizes proposal is on (the default) or a module
/// declaring a memory's page size is refused ("the custom page sizes
/// proposal must be enabled ...", `Config::custom_page_sizes`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_custom_page_sizes(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.custom_page_sizes = enable;
    }
}

/// Whether exception handling (tags, throw, throw_ref, try_table, exnref,
/// and the legacy try/catch/delegate/rethrow) is on (the default) or a
/// module using it is refused ("exceptions proposal not enabled",
/// `Config::exceptions`).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_exceptions(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.exceptions = enable;
    }
}

/// The size of the memory in its pages, in 64 bits (`wasm_memory_size`
/// saturates at UINT32_MAX); 0 for NULL.
#[no_mangle]
pub extern "C" fn ferrowasm_memory_size64(m: Option<&wasm_memory_t>) -> u64 {
    guard(0, || {
        let Some((s, m)) = m.and_then(|m| m.parts()) else {
            return 0;
        };
        s.with_store(|st| m.size(st)).unwrap_or(0)
    })
}

/// Whether the memory type is 64-bit (memory64: i64 addresses).
#[no_mangle]
pub extern "C" fn ferrowasm_memorytype_is64(t: Option<&wasm_memorytype_t>) -> bool {
    t.and_then(|t| t.inner()).is_some_and(|m| m.ty.is64())
}

/// The log2 of the memory type's page size: 16 (64 KiB pages, the
/// default) or 0 (1-byte pages); 16 for NULL.
#[no_mangle]
pub extern "C" fn ferrowasm_memorytype_page_size_log2(t: Option<&wasm_memorytype_t>) -> u32 {
    t.and_then(|t| t.inner())
        .map_or(16, |m| m.ty.page_size_log2 as u32)
}

/// The memory type's limits in 64 bits (`wasm_memorytype_limits` saturates
/// them at UINT32_MAX): `*max` is UINT64_MAX when there is no maximum.
/// False (and nothing written) for NULL arguments.
#[no_mangle]
pub unsafe extern "C" fn ferrowasm_memorytype_limits64(
    t: Option<&wasm_memorytype_t>,
    min: *mut u64,
    max: *mut u64,
) -> bool {
    let Some(m) = t.and_then(|t| t.inner()) else {
        return false;
    };
    if min.is_null() || max.is_null() {
        return false;
    }
    // SAFETY: the host's out-parameters, checked non-null.
    unsafe {
        min.write(m.ty.limits.min);
        max.write(m.ty.limits.max.unwrap_or(u64::MAX));
    }
    true
}

/// Whether the table type is a table64 (i64 indices).
#[no_mangle]
pub extern "C" fn ferrowasm_tabletype_is64(t: Option<&wasm_tabletype_t>) -> bool {
    t.and_then(|t| t.inner()).is_some_and(|x| x.ty.index.is64())
}
