//! Fuel and interruption through `include/ferrowasm.h`: the thin C face of
//! `runtime::metering` (`Config::consume_fuel`, `Store::set_fuel`/`fuel`,
//! `Store::interrupt_handle`).

use super::engine_store::{wasm_config_t, wasm_store_t};
use super::{guard, set_last_error, store_result};
use crate::runtime::InterruptHandle;

/// Whether the engine meters fuel (`Config::consume_fuel`, off by default).
#[no_mangle]
pub extern "C" fn ferrowasm_config_set_consume_fuel(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    if let Some(c) = config {
        c.config.consume_fuel = enable;
    }
}

/// Set the store's fuel; false (with the last error set) for NULL or when
/// the engine does not meter fuel.
#[no_mangle]
pub extern "C" fn ferrowasm_store_set_fuel(store: Option<&wasm_store_t>, fuel: u64) -> bool {
    guard(false, || {
        let Some(s) = store else {
            set_last_error("ferrowasm_store_set_fuel: NULL store");
            return false;
        };
        store_result(
            "ferrowasm_store_set_fuel",
            s.with_store(|st| st.set_fuel(fuel)),
        )
        .is_some()
    })
}

/// The store's fuel left into `*fuel`; false (nothing written, the last
/// error set) for NULL arguments or when the engine does not meter fuel.
#[no_mangle]
pub unsafe extern "C" fn ferrowasm_store_get_fuel(
    store: Option<&wasm_store_t>,
    fuel: *mut u64,
) -> bool {
    guard(false, || {
        let Some(s) = store else {
            set_last_error("ferrowasm_store_get_fuel: NULL store");
            return false;
        };
        if fuel.is_null() {
            set_last_error("ferrowasm_store_get_fuel: NULL out-parameter");
            return false;
        }
        let Some(left) = store_result("ferrowasm_store_get_fuel", s.with_store(|st| st.fuel()))
        else {
            return false;
        };
        // SAFETY: the caller's out-parameter, checked non-null.
        unsafe { fuel.write(left) };
        true
    })
}

/// A handle that interrupts a store's wasm code from any thread.
#[allow(non_camel_case_types)]
pub struct ferrowasm_interrupt_handle_t {
    handle: InterruptHandle,
}

/// A new interrupt handle of `store`; NULL for NULL. The handle may
/// outlive the store (it then does nothing).
#[no_mangle]
pub extern "C" fn ferrowasm_interrupt_handle_new(
    store: Option<&wasm_store_t>,
) -> Option<Box<ferrowasm_interrupt_handle_t>> {
    guard(None, || {
        let Some(s) = store else {
            set_last_error("ferrowasm_interrupt_handle_new: NULL store");
            return None;
        };
        let handle = s.with_store(|st| st.interrupt_handle())?;
        Some(Box::new(ferrowasm_interrupt_handle_t { handle }))
    })
}

/// Make the store's running wasm code, or the next it runs, trap
/// "interrupted". Any thread; NULL is ignored.
#[no_mangle]
pub extern "C" fn ferrowasm_interrupt_handle_interrupt(h: Option<&ferrowasm_interrupt_handle_t>) {
    if let Some(h) = h {
        h.handle.interrupt();
    }
}

#[no_mangle]
pub extern "C" fn ferrowasm_interrupt_handle_delete(h: Option<Box<ferrowasm_interrupt_handle_t>>) {
    drop(h);
}
