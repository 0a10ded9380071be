//! References (`wasm_ref_t` and every `WASM_DECLARE_REF` kind), host info,
//! and foreign objects.
//!
//! Every reference kind is one representation, `wasm_ref_t`, wrapped
//! `repr(transparent)`: `wasm_func_as_ref` and `wasm_ref_as_func` are casts
//! (the downcast checks the kind), and any kind's `_delete` frees the same
//! box. A reference is either a counted handle to an object of a store, or
//! a shared object of its own (module, trap, foreign).
//!
//! Host info of store objects lives in the store (runtime `set_host_info`);
//! that of shared objects lives in the object. Either way the finalizer
//! runs exactly once: when replaced, or when the object goes away.

use super::engine_store::{wasm_store_t, StoreRef};
use super::guard;
use super::module::ModuleObj;
use super::trap_frame::TrapObj;
use crate::runtime::FuncType;
use std::cell::OnceCell;
use std::ffi::c_void;
use std::sync::{Arc, Mutex};

/// Embedder data and its finalizer; dropping it runs the finalizer.
pub(crate) struct HostInfo {
    data: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
}

impl HostInfo {
    pub(crate) fn new(
        data: *mut c_void,
        finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    ) -> Self {
        HostInfo { data, finalizer }
    }
}

// SAFETY: host info is handed back only to the thread using the object
// (objects are used by one thread at a time); the finalizer runs where the
// object is freed, as the C API allows.
unsafe impl Send for HostInfo {}

impl Drop for HostInfo {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the embedder gave this finalizer for this data.
            unsafe { f(self.data) }
        }
    }
}

/// The host info slot of a shared object.
#[derive(Default)]
pub(crate) struct HostInfoSlot(Mutex<Option<HostInfo>>);

impl HostInfoSlot {
    fn get(&self) -> *mut c_void {
        let g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        g.as_ref().map_or(std::ptr::null_mut(), |h| h.data)
    }
    fn set(&self, info: HostInfo) {
        let old = {
            let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
            g.replace(info)
        };
        // The old finalizer runs outside the lock.
        drop(old);
    }
}

/// A foreign object: nothing but identity and host info.
#[derive(Default)]
pub(crate) struct ForeignObj {
    host_info: HostInfoSlot,
}

/// What a reference refers to.
#[derive(Clone)]
pub(crate) enum RefObj {
    Store(StoreRef),
    Module(Arc<ModuleObj>),
    Trap(Arc<TrapObj>),
    Foreign(Arc<ForeignObj>),
}

impl RefObj {
    pub(crate) fn same(&self, other: &RefObj) -> bool {
        match (self, other) {
            (RefObj::Store(a), RefObj::Store(b)) => a == b,
            (RefObj::Module(a), RefObj::Module(b)) => Arc::ptr_eq(a, b),
            (RefObj::Trap(a), RefObj::Trap(b)) => Arc::ptr_eq(a, b),
            (RefObj::Foreign(a), RefObj::Foreign(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub(crate) fn host_info(&self) -> *mut c_void {
        match self {
            RefObj::Store(s) => s
                .with_store(|st| {
                    st.host_info(s.obj)
                        .and_then(|h| h.downcast_ref::<HostInfo>())
                        .map_or(std::ptr::null_mut(), |h| h.data)
                })
                .unwrap_or(std::ptr::null_mut()),
            RefObj::Module(m) => m.host_info.get(),
            RefObj::Trap(t) => t.host_info.get(),
            RefObj::Foreign(f) => f.host_info.get(),
        }
    }

    pub(crate) fn set_host_info(&self, info: HostInfo) {
        match self {
            RefObj::Store(s) => {
                let garbage = s.with_store(|st| st.set_host_info(s.obj, Some(Box::new(info))));
                // The replaced finalizer runs with the store free again.
                drop(garbage);
            }
            RefObj::Module(m) => m.host_info.set(info),
            RefObj::Trap(t) => t.host_info.set(info),
            RefObj::Foreign(f) => f.host_info.set(info),
        }
    }
}

/// Every reference, whatever its kind.
#[repr(C)]
#[derive(Clone)]
pub struct wasm_ref_t {
    pub(crate) obj: RefObj,
    /// A function's type, looked up once per handle (calls check against it).
    pub(crate) func_type: OnceCell<Arc<FuncType>>,
}

impl wasm_ref_t {
    pub(crate) fn new(obj: RefObj) -> wasm_ref_t {
        wasm_ref_t {
            obj,
            func_type: OnceCell::new(),
        }
    }
    pub(crate) fn boxed(obj: RefObj) -> Box<wasm_ref_t> {
        Box::new(wasm_ref_t::new(obj))
    }
    pub(crate) fn store_obj(&self) -> Option<&StoreRef> {
        match &self.obj {
            RefObj::Store(s) => Some(s),
            _ => None,
        }
    }
}

/// Declares the base reference functions (delete, copy, same, host info)
/// of a reference type.
macro_rules! ref_base_fns {
    ($t:ty, $delete:ident, $copy:ident, $same:ident,
     $get_hi:ident, $set_hi:ident, $set_hi_fin:ident) => {
        #[no_mangle]
        pub extern "C" fn $delete(r: Option<Box<$t>>) {
            guard((), || {
                let ctx = r.as_ref().and_then(|r| match &r.as_wasm_ref().obj {
                    $crate::capi::ref_foreign::RefObj::Store(s) => Some(s.ctx.clone()),
                    _ => None,
                });
                drop(r);
                if let Some(ctx) = ctx {
                    ctx.maybe_collect();
                }
            })
        }

        #[no_mangle]
        pub extern "C" fn $copy(r: Option<&$t>) -> Option<Box<$t>> {
            guard(None, || r.map(|r| Box::new(r.clone())))
        }

        #[no_mangle]
        pub extern "C" fn $same(a: Option<&$t>, b: Option<&$t>) -> bool {
            guard(false, || match (a, b) {
                (Some(a), Some(b)) => a.as_wasm_ref().obj.same(&b.as_wasm_ref().obj),
                (None, None) => true,
                _ => false,
            })
        }

        #[no_mangle]
        pub extern "C" fn $get_hi(r: Option<&$t>) -> *mut std::ffi::c_void {
            guard(std::ptr::null_mut(), || {
                r.map_or(std::ptr::null_mut(), |r| r.as_wasm_ref().obj.host_info())
            })
        }

        #[no_mangle]
        pub extern "C" fn $set_hi(r: Option<&mut $t>, data: *mut std::ffi::c_void) {
            $set_hi_fin(r, data, None)
        }

        #[no_mangle]
        pub extern "C" fn $set_hi_fin(
            r: Option<&mut $t>,
            data: *mut std::ffi::c_void,
            finalizer: Option<unsafe extern "C" fn(*mut std::ffi::c_void)>,
        ) {
            guard((), || {
                let info = $crate::capi::ref_foreign::HostInfo::new(data, finalizer);
                match r {
                    Some(r) => r.as_wasm_ref().obj.set_host_info(info),
                    // No object: the info is dropped (its finalizer runs).
                    None => drop(info),
                }
            })
        }
    };
}

/// Declares a reference kind: a transparent wrapper of `wasm_ref_t` whose
/// object satisfies `$check`, with its base functions and ref conversions.
macro_rules! ref_kind {
    ($t:ident, |$o:ident| $check:expr,
     $delete:ident, $copy:ident, $same:ident, $get_hi:ident, $set_hi:ident, $set_hi_fin:ident,
     $as_ref:ident, $as_ref_const:ident, $from_ref:ident, $from_ref_const:ident) => {
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $t {
            pub(crate) r: $crate::capi::ref_foreign::wasm_ref_t,
        }

        impl $t {
            pub(crate) fn is(r: &$crate::capi::ref_foreign::wasm_ref_t) -> bool {
                #[allow(unused_imports)]
                use $crate::capi::ref_foreign::RefObj;
                let $o = &r.obj;
                $check
            }
            #[allow(dead_code)]
            pub(crate) fn boxed(obj: $crate::capi::ref_foreign::RefObj) -> Box<$t> {
                Box::new($t {
                    r: $crate::capi::ref_foreign::wasm_ref_t::new(obj),
                })
            }
            pub(crate) fn as_wasm_ref(&self) -> &$crate::capi::ref_foreign::wasm_ref_t {
                &self.r
            }
            /// A view of `r` as this kind, if it is one.
            #[allow(dead_code)]
            pub(crate) fn cast(r: &$crate::capi::ref_foreign::wasm_ref_t) -> Option<&$t> {
                if !$t::is(r) {
                    return None;
                }
                // SAFETY: `$t` is a transparent wrapper of wasm_ref_t.
                Some(unsafe { &*(r as *const $crate::capi::ref_foreign::wasm_ref_t as *const $t) })
            }
        }

        $crate::capi::ref_foreign::ref_base_fns!(
            $t,
            $delete,
            $copy,
            $same,
            $get_hi,
            $set_hi,
            $set_hi_fin
        );

        #[no_mangle]
        pub extern "C" fn $as_ref(
            r: Option<&mut $t>,
        ) -> Option<&mut $crate::capi::ref_foreign::wasm_ref_t> {
            r.map(|r| &mut r.r)
        }

        #[no_mangle]
        pub extern "C" fn $as_ref_const(
            r: Option<&$t>,
        ) -> Option<&$crate::capi::ref_foreign::wasm_ref_t> {
            r.map(|r| &r.r)
        }

        #[no_mangle]
        pub extern "C" fn $from_ref(
            r: Option<&mut $crate::capi::ref_foreign::wasm_ref_t>,
        ) -> Option<&mut $t> {
            let r = r?;
            if !$t::is(r) {
                return None;
            }
            // SAFETY: `$t` is a transparent wrapper of wasm_ref_t.
            Some(unsafe { &mut *(r as *mut $crate::capi::ref_foreign::wasm_ref_t as *mut $t) })
        }

        #[no_mangle]
        pub extern "C" fn $from_ref_const(
            r: Option<&$crate::capi::ref_foreign::wasm_ref_t>,
        ) -> Option<&$t> {
            $t::cast(r?)
        }
    };
}

pub(crate) use ref_base_fns;
pub(crate) use ref_kind;

impl wasm_ref_t {
    pub(crate) fn as_wasm_ref(&self) -> &wasm_ref_t {
        self
    }
}

ref_base_fns!(
    wasm_ref_t,
    wasm_ref_delete,
    wasm_ref_copy,
    wasm_ref_same,
    wasm_ref_get_host_info,
    wasm_ref_set_host_info,
    wasm_ref_set_host_info_with_finalizer
);

// ---- foreign objects --------------------------------------------------------

ref_kind!(
    wasm_foreign_t,
    |o| matches!(o, RefObj::Foreign(_)),
    wasm_foreign_delete,
    wasm_foreign_copy,
    wasm_foreign_same,
    wasm_foreign_get_host_info,
    wasm_foreign_set_host_info,
    wasm_foreign_set_host_info_with_finalizer,
    wasm_foreign_as_ref,
    wasm_foreign_as_ref_const,
    wasm_ref_as_foreign,
    wasm_ref_as_foreign_const
);

#[no_mangle]
pub extern "C" fn wasm_foreign_new(store: Option<&wasm_store_t>) -> Option<Box<wasm_foreign_t>> {
    // A foreign object needs nothing from the store; it lives as long as
    // its last owner (a handle, or an externref slot of some store).
    let _ = store?;
    guard(None, || {
        Some(wasm_foreign_t::boxed(RefObj::Foreign(Arc::new(
            ForeignObj::default(),
        ))))
    })
}
