//! Table instances. Out-of-range indices and growth past the maximum are
//! failures (NULL/false and a last error), never crashes.

use super::engine_store::{wasm_store_t, StoreCtx, StoreRef};
use super::ref_foreign::{ref_kind, wasm_ref_t, RefObj};
use super::types::wasm_tabletype_t;
use super::val::{extern_to_ref, func_ref, ref_to_extern, ref_to_func};
use super::{guard, set_last_error};
use crate::runtime::{ExternType, Store, StoreObj, Table, Val, ValType};
use std::sync::Arc;

ref_kind!(
    wasm_table_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Table(_),
            ..
        })
    ),
    wasm_table_delete,
    wasm_table_copy,
    wasm_table_same,
    wasm_table_get_host_info,
    wasm_table_set_host_info,
    wasm_table_set_host_info_with_finalizer,
    wasm_table_as_ref,
    wasm_table_as_ref_const,
    wasm_ref_as_table,
    wasm_ref_as_table_const
);

impl wasm_table_t {
    pub(crate) fn parts(&self) -> Option<(&StoreRef, Table)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Table(t) => Some((s, t)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The element value of a reference (NULL is the null reference).
fn ref_val(
    r: Option<&wasm_ref_t>,
    elem: ValType,
    ctx: &Arc<StoreCtx>,
    st: &mut Store,
) -> Result<Val, String> {
    Ok(match (elem, r) {
        (ValType::FuncRef, None) => Val::FuncRef(None),
        (ValType::FuncRef, Some(r)) => Val::FuncRef(Some(ref_to_func(r, st)?)),
        (_, None) => Val::ExternRef(None),
        (_, Some(r)) => Val::ExternRef(Some(ref_to_extern(r, ctx, st))),
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_tabletype_t>,
    init: Option<&wasm_ref_t>,
) -> Option<Box<wasm_table_t>> {
    guard(None, || {
        let (Some(store), Some(ty)) = (store, ty.and_then(|t| t.inner())) else {
            set_last_error("wasm_table_new: NULL store or type");
            return None;
        };
        let ctx = &store.ctx;
        let r = ctx.with_store(|st| {
            let v = ref_val(init, ty.ty.element, ctx, st)?;
            Table::new(st, ty.ty, v).map_err(|e| e.to_string())
        })?;
        match r {
            Ok(t) => {
                ctx.add_pressure(1);
                ctx.maybe_collect();
                Some(wasm_table_t::boxed(RefObj::Store(StoreRef::new(
                    ctx,
                    StoreObj::Table(t),
                ))))
            }
            Err(e) => {
                set_last_error(format!("wasm_table_new: {e}"));
                None
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_type(t: Option<&wasm_table_t>) -> Option<Box<wasm_tabletype_t>> {
    guard(None, || {
        let (s, t) = t?.parts()?;
        let ty = s.with_store(|st| t.ty(st))?;
        Some(wasm_tabletype_t::boxed(&ExternType::Table(ty)))
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_get(t: Option<&wasm_table_t>, index: u32) -> Option<Box<wasm_ref_t>> {
    guard(None, || {
        let (s, t) = t?.parts()?;
        let ctx = &s.ctx;
        s.with_store(|st| match t.get(st, index) {
            Some(Val::FuncRef(Some(f))) => Some(func_ref(ctx, f)),
            Some(Val::ExternRef(Some(e))) => Some(extern_to_ref(ctx, st, e)),
            Some(_) => None,
            None => {
                set_last_error(format!("wasm_table_get: index {index} out of bounds"));
                None
            }
        })?
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_set(
    t: Option<&mut wasm_table_t>,
    index: u32,
    r: Option<&wasm_ref_t>,
) -> bool {
    guard(false, || {
        let Some((s, t)) = t.as_deref().and_then(|t| t.parts()) else {
            return false;
        };
        let ctx = &s.ctx;
        let res = s.with_store(|st| {
            let elem = t.ty(st).element;
            let v = ref_val(r, elem, ctx, st)?;
            t.set(st, index, v).map_err(|e| e.to_string())
        });
        super::store_result("wasm_table_set", res).is_some()
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_size(t: Option<&wasm_table_t>) -> u32 {
    guard(0, || {
        let Some((s, t)) = t.and_then(|t| t.parts()) else {
            return 0;
        };
        s.with_store(|st| t.size(st)).unwrap_or(0)
    })
}

#[no_mangle]
pub extern "C" fn wasm_table_grow(
    t: Option<&mut wasm_table_t>,
    delta: u32,
    init: Option<&wasm_ref_t>,
) -> bool {
    guard(false, || {
        let Some((s, t)) = t.as_deref().and_then(|t| t.parts()) else {
            return false;
        };
        let ctx = &s.ctx;
        let res = s.with_store(|st| {
            let elem = t.ty(st).element;
            let v = ref_val(init, elem, ctx, st)?;
            t.grow(st, delta, v).map_err(|e| e.to_string())
        });
        match res {
            Some(Ok(_)) => true,
            Some(Err(e)) => {
                set_last_error(format!("wasm_table_grow: {e}"));
                false
            }
            None => false,
        }
    })
}
