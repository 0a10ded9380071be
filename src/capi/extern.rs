//! Externals: functions, globals, tables and memories seen as one kind,
//! with views both ways (casts; downcasts check the kind).

use super::engine_store::StoreRef;
use super::func::wasm_func_t;
use super::global::wasm_global_t;
use super::guard;
use super::memory::wasm_memory_t;
use super::ref_foreign::{ref_kind, RefObj};
use super::table::wasm_table_t;
use super::tag::wasm_tag_t;
use super::types::{
    wasm_externtype_t, WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE,
    WASM_EXTERN_TAG,
};
use crate::runtime::{Extern, StoreObj};

ref_kind!(
    wasm_extern_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Func(_)
                | StoreObj::Global(_)
                | StoreObj::Table(_)
                | StoreObj::Memory(_)
                | StoreObj::Tag(_),
            ..
        })
    ),
    wasm_extern_delete,
    wasm_extern_copy,
    wasm_extern_same,
    wasm_extern_get_host_info,
    wasm_extern_set_host_info,
    wasm_extern_set_host_info_with_finalizer,
    wasm_extern_as_ref,
    wasm_extern_as_ref_const,
    wasm_ref_as_extern,
    wasm_ref_as_extern_const
);

impl wasm_extern_t {
    pub(crate) fn store_ref(&self) -> Option<&StoreRef> {
        self.r.store_obj()
    }

    /// The runtime extern this handle names.
    pub(crate) fn to_extern(&self) -> Option<Extern> {
        Some(match self.store_ref()?.obj {
            StoreObj::Func(f) => Extern::Func(f),
            StoreObj::Global(g) => Extern::Global(g),
            StoreObj::Table(t) => Extern::Table(t),
            StoreObj::Memory(m) => Extern::Memory(m),
            StoreObj::Tag(t) => Extern::Tag(t),
            _ => return None,
        })
    }

    pub(crate) fn new(
        ctx: &std::sync::Arc<super::engine_store::StoreCtx>,
        e: Extern,
    ) -> Box<wasm_extern_t> {
        let obj = match e {
            Extern::Func(f) => StoreObj::Func(f),
            Extern::Global(g) => StoreObj::Global(g),
            Extern::Table(t) => StoreObj::Table(t),
            Extern::Memory(m) => StoreObj::Memory(m),
            Extern::Tag(t) => StoreObj::Tag(t),
        };
        wasm_extern_t::boxed(RefObj::Store(StoreRef::new(ctx, obj)))
    }
}

#[no_mangle]
pub extern "C" fn wasm_extern_kind(e: Option<&wasm_extern_t>) -> u8 {
    match e.and_then(|e| e.to_extern()) {
        Some(Extern::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(Extern::Table(_)) => WASM_EXTERN_TABLE,
        Some(Extern::Memory(_)) => WASM_EXTERN_MEMORY,
        Some(Extern::Tag(_)) => WASM_EXTERN_TAG,
        _ => WASM_EXTERN_FUNC,
    }
}

#[no_mangle]
pub extern "C" fn wasm_extern_type(e: Option<&wasm_extern_t>) -> Option<Box<wasm_externtype_t>> {
    guard(None, || {
        let e = e?;
        let x = e.to_extern()?;
        let ty = e.store_ref()?.with_store(|s| x.ty(s))?;
        Some(Box::new(wasm_externtype_t::new(&ty)))
    })
}

/// Views between a specific kind and `wasm_extern_t`.
macro_rules! extern_views {
    ($t:ident, $as_ext:ident, $as_ext_const:ident, $from_ext:ident, $from_ext_const:ident) => {
        #[no_mangle]
        pub extern "C" fn $as_ext(x: Option<&mut $t>) -> Option<&mut wasm_extern_t> {
            // SAFETY: both are transparent wrappers of wasm_ref_t, and every
            // object of this kind is an extern.
            x.map(|x| unsafe { &mut *(x as *mut $t as *mut wasm_extern_t) })
        }

        #[no_mangle]
        pub extern "C" fn $as_ext_const(x: Option<&$t>) -> Option<&wasm_extern_t> {
            // SAFETY: as above.
            x.map(|x| unsafe { &*(x as *const $t as *const wasm_extern_t) })
        }

        #[no_mangle]
        pub extern "C" fn $from_ext(e: Option<&mut wasm_extern_t>) -> Option<&mut $t> {
            let e = e?;
            if !$t::is(&e.r) {
                return None;
            }
            // SAFETY: the kind was checked; both wrap wasm_ref_t.
            Some(unsafe { &mut *(e as *mut wasm_extern_t as *mut $t) })
        }

        #[no_mangle]
        pub extern "C" fn $from_ext_const(e: Option<&wasm_extern_t>) -> Option<&$t> {
            $t::cast(&e?.r)
        }
    };
}

extern_views!(
    wasm_func_t,
    wasm_func_as_extern,
    wasm_func_as_extern_const,
    wasm_extern_as_func,
    wasm_extern_as_func_const
);
extern_views!(
    wasm_global_t,
    wasm_global_as_extern,
    wasm_global_as_extern_const,
    wasm_extern_as_global,
    wasm_extern_as_global_const
);
extern_views!(
    wasm_table_t,
    wasm_table_as_extern,
    wasm_table_as_extern_const,
    wasm_extern_as_table,
    wasm_extern_as_table_const
);
extern_views!(
    wasm_memory_t,
    wasm_memory_as_extern,
    wasm_memory_as_extern_const,
    wasm_extern_as_memory,
    wasm_extern_as_memory_const
);
extern_views!(
    wasm_tag_t,
    wasm_tag_as_extern,
    wasm_tag_as_extern_const,
    wasm_extern_as_tag,
    wasm_extern_as_tag_const
);
