//! Exception tags (`wasm_tag_t`, declared in ferrowasm.h): a host
//! defines a tag and hands it to modules as an import; modules throw and
//! catch exceptions of it. An exception that reaches the host is a trap
//! (`wasm_trap_t`), so the host never sees an exception object.

use super::engine_store::{wasm_store_t, StoreRef};
use super::ref_foreign::{ref_kind, RefObj};
use super::types::wasm_tagtype_t;
use super::{guard, set_last_error};
use crate::runtime::{ExternType, StoreObj, Tag};

ref_kind!(
    wasm_tag_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Tag(_),
            ..
        })
    ),
    wasm_tag_delete,
    wasm_tag_copy,
    wasm_tag_same,
    wasm_tag_get_host_info,
    wasm_tag_set_host_info,
    wasm_tag_set_host_info_with_finalizer,
    wasm_tag_as_ref,
    wasm_tag_as_ref_const,
    wasm_ref_as_tag,
    wasm_ref_as_tag_const
);

impl wasm_tag_t {
    fn parts(&self) -> Option<(&StoreRef, Tag)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Tag(t) => Some((s, t)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A new tag of type `ty` (borrowed) in `store`.
#[no_mangle]
pub extern "C" fn wasm_tag_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_tagtype_t>,
) -> Option<Box<wasm_tag_t>> {
    guard(None, || {
        let (Some(store), Some(ty)) = (store, ty.and_then(|t| t.inner())) else {
            set_last_error("wasm_tag_new: NULL store or type");
            return None;
        };
        let ctx = &store.ctx;
        let tag = ctx.with_store(|st| Tag::new(st, ty.ty.clone()))?;
        ctx.add_pressure(1);
        ctx.maybe_collect();
        Some(wasm_tag_t::boxed(RefObj::Store(StoreRef::new(
            ctx,
            StoreObj::Tag(tag),
        ))))
    })
}

#[no_mangle]
pub extern "C" fn wasm_tag_type(t: Option<&wasm_tag_t>) -> Option<Box<wasm_tagtype_t>> {
    guard(None, || {
        let (s, t) = t?.parts()?;
        let ty = s.with_store(|st| t.ty(st))?;
        Some(wasm_tagtype_t::boxed(&ExternType::Tag(ty)))
    })
}
