//! Modules: compile, validate, reflect, serialize, and share across
//! threads (`wasm_shared_module_t`).
//!
//! A module belongs to an engine, not to a store: the store passed to
//! `wasm_module_new` only names the engine, and any store of that engine
//! can instantiate it. Serialized modules keep the wasm binary and are
//! compiled again on load (see `runtime::serialize`).

use super::engine_store::wasm_store_t;
use super::ref_foreign::{ref_kind, HostInfoSlot, RefObj};
use super::types::{wasm_exporttype_t, wasm_importtype_t};
use super::vec::{
    byte_vec, wasm_byte_vec_t, wasm_exporttype_vec_t, wasm_importtype_vec_t, write_vec, CVec,
};
use super::{clear_last_error, guard, set_last_error};
use crate::runtime::Module;
use std::sync::Arc;

pub(crate) struct ModuleObj {
    pub(crate) module: Module,
    pub(crate) host_info: HostInfoSlot,
}

ref_kind!(
    wasm_module_t,
    |o| matches!(o, RefObj::Module(_)),
    wasm_module_delete,
    wasm_module_copy,
    wasm_module_same,
    wasm_module_get_host_info,
    wasm_module_set_host_info,
    wasm_module_set_host_info_with_finalizer,
    wasm_module_as_ref,
    wasm_module_as_ref_const,
    wasm_ref_as_module,
    wasm_ref_as_module_const
);

impl wasm_module_t {
    pub(crate) fn module(&self) -> Option<&Module> {
        match &self.r.obj {
            RefObj::Module(m) => Some(&m.module),
            _ => None,
        }
    }

    fn wrap(module: Module) -> Box<wasm_module_t> {
        wasm_module_t::boxed(RefObj::Module(Arc::new(ModuleObj {
            module,
            host_info: HostInfoSlot::default(),
        })))
    }
}

/// A new module handle, or NULL with the error kept for `ferrowasm_last_error`.
fn handle_or_error(r: crate::runtime::Result<Module>) -> Option<Box<wasm_module_t>> {
    match r {
        Ok(m) => {
            clear_last_error();
            Some(wasm_module_t::wrap(m))
        }
        Err(e) => {
            set_last_error(e);
            None
        }
    }
}

fn bytes_of(v: Option<&wasm_byte_vec_t>) -> Option<&[u8]> {
    v.map(|v| v.as_slice())
}

#[no_mangle]
pub extern "C" fn wasm_module_new(
    store: Option<&wasm_store_t>,
    binary: Option<&wasm_byte_vec_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let (Some(store), Some(bytes)) = (store, bytes_of(binary)) else {
            set_last_error("wasm_module_new: NULL store or binary");
            return None;
        };
        handle_or_error(Module::new(&store.ctx.engine, bytes))
    })
}

#[no_mangle]
pub extern "C" fn wasm_module_validate(
    store: Option<&wasm_store_t>,
    binary: Option<&wasm_byte_vec_t>,
) -> bool {
    guard(false, || {
        let (Some(store), Some(bytes)) = (store, bytes_of(binary)) else {
            set_last_error("wasm_module_validate: NULL store or binary");
            return false;
        };
        match Module::validate(&store.ctx.engine, bytes) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(e);
                false
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_imports(
    module: Option<&wasm_module_t>,
    out: *mut wasm_importtype_vec_t,
) {
    let v = guard(CVec::empty(), || match module.and_then(|m| m.module()) {
        Some(m) => CVec::from_vec(
            m.imports()
                .map(|i| Some(Box::new(wasm_importtype_t::new(i))))
                .collect(),
        ),
        None => CVec::empty_filled(),
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_exports(
    module: Option<&wasm_module_t>,
    out: *mut wasm_exporttype_vec_t,
) {
    let v = guard(CVec::empty(), || match module.and_then(|m| m.module()) {
        Some(m) => CVec::from_vec(
            m.exports()
                .map(|e| Some(Box::new(wasm_exporttype_t::new(&e))))
                .collect(),
        ),
        None => CVec::empty_filled(),
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_serialize(
    module: Option<&wasm_module_t>,
    out: *mut wasm_byte_vec_t,
) {
    let v = guard(CVec::empty(), || match module.and_then(|m| m.module()) {
        Some(m) => byte_vec(&m.serialize()),
        None => CVec::empty_filled(),
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

#[no_mangle]
pub extern "C" fn wasm_module_deserialize(
    store: Option<&wasm_store_t>,
    data: Option<&wasm_byte_vec_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let (Some(store), Some(bytes)) = (store, bytes_of(data)) else {
            set_last_error("wasm_module_deserialize: NULL store or data");
            return None;
        };
        handle_or_error(Module::deserialize(&store.ctx.engine, bytes))
    })
}

// ---- sharing across threads -------------------------------------------------

/// A module in a form any thread may hold (the module is `Send + Sync`).
pub struct wasm_shared_module_t {
    module: Module,
}

#[no_mangle]
pub extern "C" fn wasm_shared_module_delete(_m: Option<Box<wasm_shared_module_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_module_share(
    module: Option<&wasm_module_t>,
) -> Option<Box<wasm_shared_module_t>> {
    guard(None, || {
        let module = module?.module()?.clone();
        Some(Box::new(wasm_shared_module_t { module }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_module_obtain(
    store: Option<&wasm_store_t>,
    shared: Option<&wasm_shared_module_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let (store, shared) = (store?, shared?);
        if !crate::runtime::Engine::same(&store.ctx.engine, shared.module.engine()) {
            set_last_error("wasm_module_obtain: the store's engine is not the module's");
            return None;
        }
        Some(wasm_module_t::wrap(shared.module.clone()))
    })
}
