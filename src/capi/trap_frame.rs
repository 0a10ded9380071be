//! Traps and frames.
//!
//! A trap carries the runtime `Trap` (code, message, frames innermost
//! first) and a handle to the instance of every frame, so that frames and
//! `wasm_frame_instance` stay valid as long as the trap does. Messages go
//! out with exactly one trailing NUL, counted in `size`; `wasm_trap_new`
//! accepts a message with or without one.

use super::engine_store::{wasm_store_t, StoreCtx, StoreRef};
use super::guard;
use super::instance::wasm_instance_t;
use super::ref_foreign::{ref_kind, HostInfoSlot, RefObj};
use super::vec::{wasm_frame_vec_t, wasm_message_t, write_vec, CVec};
use crate::runtime::{FrameInfo, Store, StoreObj, Trap};
use std::sync::Arc;

pub(crate) struct TrapObj {
    pub(crate) trap: Trap,
    /// A handle to the instance of each frame (same order as the frames).
    instances: Vec<Option<StoreRef>>,
    pub(crate) host_info: HostInfoSlot,
}

ref_kind!(
    wasm_trap_t,
    |o| matches!(o, RefObj::Trap(_)),
    wasm_trap_delete,
    wasm_trap_copy,
    wasm_trap_same,
    wasm_trap_get_host_info,
    wasm_trap_set_host_info,
    wasm_trap_set_host_info_with_finalizer,
    wasm_trap_as_ref,
    wasm_trap_as_ref_const,
    wasm_ref_as_trap,
    wasm_ref_as_trap_const
);

impl TrapObj {
    /// A C trap of a runtime trap raised in `store`.
    pub(crate) fn boxed(trap: Trap, ctx: &Arc<StoreCtx>, store: &Store) -> Box<wasm_trap_t> {
        let instances = trap
            .frames()
            .iter()
            .map(|f| {
                Some(StoreRef::new(
                    ctx,
                    StoreObj::Instance(f.instance_handle(store)),
                ))
            })
            .collect();
        wasm_trap_t::boxed(RefObj::Trap(Arc::new(TrapObj {
            trap,
            instances,
            host_info: HostInfoSlot::default(),
        })))
    }

    /// A trap with a message and no frames.
    pub(crate) fn boxed_message(msg: String) -> Box<wasm_trap_t> {
        wasm_trap_t::boxed(RefObj::Trap(Arc::new(TrapObj {
            trap: Trap::host(msg),
            instances: Vec::new(),
            host_info: HostInfoSlot::default(),
        })))
    }
}

impl wasm_trap_t {
    pub(crate) fn obj(&self) -> Option<&Arc<TrapObj>> {
        match &self.r.obj {
            RefObj::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// The runtime trap, frames included, so that a
    /// trap from a nested call keeps its frames on the way out.
    pub(crate) fn to_runtime(&self) -> Trap {
        match self.obj() {
            Some(t) => t.trap.clone(),
            None => Trap::host("host function returned a non-trap"),
        }
    }

    fn frame(&self, i: usize) -> Option<Box<wasm_frame_t>> {
        let t = self.obj()?;
        let info = t.trap.frames().get(i)?.clone();
        let instance = t
            .instances
            .get(i)
            .cloned()
            .flatten()
            .map(|s| wasm_instance_t::boxed(RefObj::Store(s)));
        Some(Box::new(wasm_frame_t { info, instance }))
    }
}

#[no_mangle]
pub extern "C" fn wasm_trap_new(
    store: Option<&wasm_store_t>,
    message: Option<&wasm_message_t>,
) -> Option<Box<wasm_trap_t>> {
    let _ = store;
    guard(None, || {
        let mut bytes = message.map_or(&[][..], |m| m.as_slice());
        if let [rest @ .., 0] = bytes {
            bytes = rest;
        }
        let msg = String::from_utf8_lossy(bytes).into_owned();
        Some(TrapObj::boxed_message(msg))
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_message(trap: Option<&wasm_trap_t>, out: *mut wasm_message_t) {
    let v = guard(CVec::empty(), || {
        let msg = trap.and_then(|t| t.obj()).map_or("", |t| t.trap.message());
        let mut bytes = Vec::with_capacity(msg.len() + 1);
        bytes.extend_from_slice(msg.as_bytes());
        bytes.push(0);
        CVec::from_vec(bytes)
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

#[no_mangle]
pub extern "C" fn wasm_trap_origin(trap: Option<&wasm_trap_t>) -> Option<Box<wasm_frame_t>> {
    guard(None, || trap?.frame(0))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_trace(trap: Option<&wasm_trap_t>, out: *mut wasm_frame_vec_t) {
    let v = guard(CVec::empty(), || {
        let Some(t) = trap else {
            return CVec::empty_filled();
        };
        let n = t.obj().map_or(0, |o| o.trap.frames().len());
        CVec::from_vec((0..n).map(|i| t.frame(i)).collect())
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}

// ---- frames -------------------------------------------------------------------

#[derive(Clone)]
pub struct wasm_frame_t {
    info: FrameInfo,
    instance: Option<Box<wasm_instance_t>>,
}

#[no_mangle]
pub extern "C" fn wasm_frame_delete(_f: Option<Box<wasm_frame_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_frame_copy(f: Option<&wasm_frame_t>) -> Option<Box<wasm_frame_t>> {
    guard(None, || f.map(|f| Box::new(f.clone())))
}

#[no_mangle]
pub extern "C" fn wasm_frame_instance(f: Option<&wasm_frame_t>) -> *mut wasm_instance_t {
    match f.and_then(|f| f.instance.as_deref()) {
        Some(i) => i as *const wasm_instance_t as *mut wasm_instance_t,
        None => std::ptr::null_mut(),
    }
}

#[no_mangle]
pub extern "C" fn wasm_frame_func_index(f: Option<&wasm_frame_t>) -> u32 {
    f.map_or(0, |f| f.info.func_index)
}

#[no_mangle]
pub extern "C" fn wasm_frame_func_offset(f: Option<&wasm_frame_t>) -> usize {
    f.map_or(0, |f| f.info.func_offset)
}

#[no_mangle]
pub extern "C" fn wasm_frame_module_offset(f: Option<&wasm_frame_t>) -> usize {
    f.map_or(0, |f| f.info.module_offset)
}
