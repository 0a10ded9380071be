//! Global instances.

use super::engine_store::{wasm_store_t, StoreRef};
use super::ref_foreign::{ref_kind, RefObj};
use super::types::wasm_globaltype_t;
use super::val::wasm_val_t;
use super::{guard, set_last_error};
use crate::runtime::{ExternType, Global, StoreObj};

ref_kind!(
    wasm_global_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Global(_),
            ..
        })
    ),
    wasm_global_delete,
    wasm_global_copy,
    wasm_global_same,
    wasm_global_get_host_info,
    wasm_global_set_host_info,
    wasm_global_set_host_info_with_finalizer,
    wasm_global_as_ref,
    wasm_global_as_ref_const,
    wasm_ref_as_global,
    wasm_ref_as_global_const
);

impl wasm_global_t {
    fn parts(&self) -> Option<(&StoreRef, Global)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Global(g) => Some((s, g)),
                _ => None,
            },
            _ => None,
        }
    }
}

#[no_mangle]
pub extern "C" fn wasm_global_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    val: Option<&wasm_val_t>,
) -> Option<Box<wasm_global_t>> {
    guard(None, || {
        let (Some(store), Some(ty), Some(val)) = (store, ty.and_then(|t| t.inner()), val) else {
            set_last_error("wasm_global_new: NULL store, type or value");
            return None;
        };
        let ctx = &store.ctx;
        let r = ctx.with_store(|st| {
            let v = val.to_val(ctx, st, ty.ty.content)?;
            Global::new(st, ty.ty, v).map_err(|e| e.to_string())
        })?;
        match r {
            Ok(g) => {
                ctx.add_pressure(1);
                ctx.maybe_collect();
                Some(wasm_global_t::boxed(RefObj::Store(StoreRef::new(
                    ctx,
                    StoreObj::Global(g),
                ))))
            }
            Err(e) => {
                set_last_error(format!("wasm_global_new: {e}"));
                None
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_global_type(g: Option<&wasm_global_t>) -> Option<Box<wasm_globaltype_t>> {
    guard(None, || {
        let (s, g) = g?.parts()?;
        let ty = s.with_store(|st| g.ty(st))?;
        Some(wasm_globaltype_t::boxed(&ExternType::Global(ty)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_get(g: Option<&wasm_global_t>, out: *mut wasm_val_t) {
    if out.is_null() {
        return;
    }
    let v = guard(None, || {
        let (s, g) = g?.parts()?;
        s.with_store(|st| wasm_val_t::from_val(g.get(st), &s.ctx, st))
    });
    // Without a global the result is i32 0 (and a last error).
    let v = v.unwrap_or_else(|| {
        set_last_error("wasm_global_get: NULL or dead global");
        wasm_val_t::i32(0)
    });
    // SAFETY: `out` is the caller's out-parameter (old contents not read).
    unsafe { std::ptr::write(out, v) }
}

#[no_mangle]
pub extern "C" fn wasm_global_set(g: Option<&mut wasm_global_t>, val: Option<&wasm_val_t>) {
    guard((), || {
        let (Some((s, g)), Some(val)) = (g.as_deref().and_then(|g| g.parts()), val) else {
            set_last_error("wasm_global_set: NULL global or value");
            return;
        };
        let r = s.with_store(|st| {
            let ty = g.ty(st);
            let v = val.to_val(&s.ctx, st, ty.content)?;
            g.set(st, v).map_err(|e| e.to_string())
        });
        if let Some(Err(e)) = r {
            set_last_error(format!("wasm_global_set: {e}"));
        }
    })
}
