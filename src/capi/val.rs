//! Values (`wasm_val_t`): a kind byte and an 8-byte union. A value of a
//! reference kind owns its `wasm_ref_t` (NULL is the null reference).
//!
//! Conversion to and from the runtime's `Val`: numbers convert as they
//! are; a funcref is a handle to a function of the store; an externref
//! carries any reference (see `ref_to_extern`).

use super::engine_store::{StoreCtx, StoreRef};
use super::guard;
use super::ref_foreign::{wasm_ref_t, RefObj};
use super::types::{valkind, valtype_of_kind, WASM_EXTERNREF, WASM_FUNCREF, WASM_I32};
use super::vec::VecElem;
use crate::runtime::{ExternRef, Func, Store, StoreObj, Val, ValType};
use std::sync::Arc;

#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub ref_: *mut wasm_ref_t,
}

#[repr(C)]
pub struct wasm_val_t {
    pub kind: u8,
    pub of: wasm_val_union,
}

impl wasm_val_t {
    pub(crate) const fn i32(v: i32) -> wasm_val_t {
        wasm_val_t {
            kind: WASM_I32,
            of: wasm_val_union { i32: v },
        }
    }

    fn is_ref_kind(&self) -> bool {
        self.kind == WASM_EXTERNREF || self.kind == WASM_FUNCREF
    }

    /// The reference this value holds (borrowed), if it is one.
    pub(crate) fn ref_ptr(&self) -> *mut wasm_ref_t {
        if self.is_ref_kind() {
            // SAFETY: reference kinds keep a pointer in the union.
            unsafe { self.of.ref_ }
        } else {
            std::ptr::null_mut()
        }
    }

    /// The zero value (null reference) of a type.
    pub(crate) fn zero(ty: ValType) -> wasm_val_t {
        let kind = valkind(ty);
        let of = if ty.is_ref() {
            wasm_val_union {
                ref_: std::ptr::null_mut(),
            }
        } else {
            wasm_val_union { i64: 0 }
        };
        wasm_val_t { kind, of }
    }

    /// A C value of a runtime value. References become new handles.
    pub(crate) fn from_val(v: Val, ctx: &Arc<StoreCtx>, store: &Store) -> wasm_val_t {
        let of = match v {
            Val::I32(i) => wasm_val_union { i32: i },
            Val::I64(i) => wasm_val_union { i64: i },
            Val::F32(b) => wasm_val_union {
                f32: f32::from_bits(b),
            },
            Val::F64(b) => wasm_val_union {
                f64: f64::from_bits(b),
            },
            // Only a global's value gets here (calls with a v128 are
            // refused): the low 64 bits, as ferrowasm.h documents.
            Val::V128(v) => wasm_val_union { i64: v as i64 },
            Val::FuncRef(f) => wasm_val_union {
                ref_: f.map_or(std::ptr::null_mut(), |f| Box::into_raw(func_ref(ctx, f))),
            },
            Val::ExternRef(e) => wasm_val_union {
                ref_: e.map_or(std::ptr::null_mut(), |e| {
                    Box::into_raw(extern_to_ref(ctx, store, e))
                }),
            },
            // Only a global's value gets here (calls with an exnref are
            // refused): exceptions do not cross wasm_val_t, so it reads
            // as null, as ferrowasm.h documents.
            Val::ExnRef(_) => wasm_val_union {
                ref_: std::ptr::null_mut(),
            },
        };
        wasm_val_t {
            kind: valkind(v.ty()),
            of,
        }
    }

    /// The runtime value of this C value, which must be of type `ty`.
    /// References are checked to belong to `store`.
    pub(crate) fn to_val(
        &self,
        ctx: &Arc<StoreCtx>,
        store: &mut Store,
        ty: ValType,
    ) -> Result<Val, String> {
        if valtype_of_kind(self.kind) != Some(ty) {
            return Err(format!(
                "value of kind {} where a {ty} is expected",
                kind_name(self.kind)
            ));
        }
        // SAFETY: the kind was checked; a reference kind holds a pointer
        // that is NULL or a live wasm_ref_t.
        unsafe {
            Ok(match ty {
                ValType::I32 => Val::I32(self.of.i32),
                ValType::I64 => Val::I64(self.of.i64),
                ValType::F32 => Val::F32(self.of.f32.to_bits()),
                ValType::F64 => Val::F64(self.of.f64.to_bits()),
                ValType::V128 => return Err(V128_IN_VAL.to_string()),
                ValType::FuncRef => Val::FuncRef(match self.of.ref_.as_ref() {
                    None => None,
                    Some(r) => Some(ref_to_func(r, store)?),
                }),
                ValType::ExternRef => {
                    Val::ExternRef(self.of.ref_.as_ref().map(|r| ref_to_extern(r, ctx, store)))
                }
                ValType::ExnRef if self.of.ref_.is_null() => Val::ExnRef(None),
                ValType::ExnRef => return Err(EXNREF_IN_VAL.to_string()),
            })
        }
    }
}

/// Why an exception reference cannot cross `wasm_val_t`.
pub(crate) const EXNREF_IN_VAL: &str =
    "an exnref value cannot be passed through wasm_val_t (only a null one)";

/// Why a function of type `ty` cannot be called through `wasm_val_t`, if
/// it cannot (a `v128` or an `exnref` among its values).
pub(crate) fn unrepresentable(ty: &crate::runtime::FuncType) -> Option<&'static str> {
    if ty.has_v128() {
        Some(V128_IN_VAL)
    } else if ty.has_exnref() {
        Some(EXNREF_IN_VAL)
    } else {
        None
    }
}

/// Why a `v128` cannot cross `wasm_val_t`.
pub(crate) const V128_IN_VAL: &str =
    "a v128 value cannot be passed through wasm_val_t (wasm.h has no 128-bit value)";

fn kind_name(k: u8) -> String {
    match valtype_of_kind(k) {
        Some(t) => t.to_string(),
        None => format!("<unknown kind {k}>"),
    }
}

/// A new handle to function `f`.
pub(crate) fn func_ref(ctx: &Arc<StoreCtx>, f: Func) -> Box<wasm_ref_t> {
    wasm_ref_t::boxed(RefObj::Store(StoreRef::new(ctx, StoreObj::Func(f))))
}

/// The function a reference names, if it is a function of `store`.
pub(crate) fn ref_to_func(r: &wasm_ref_t, store: &Store) -> Result<Func, String> {
    match r.store_obj().map(|s| s.obj) {
        Some(StoreObj::Func(f)) if crate::runtime::Extern::Func(f).store_id() == store.id() => {
            Ok(f)
        }
        Some(StoreObj::Func(_)) => Err("function reference from another store".into()),
        _ => Err("a funcref value must be a function reference".into()),
    }
}

/// An externref carrying `r`: the runtime externref itself when `r` was
/// made from one of this store, else a new externref.
///
/// An object of this same store travels as its `StoreObj` (which the
/// store's collector follows, so cycles through externrefs are reclaimed);
/// anything else as a counted copy of the reference, kept alive by the
/// externref slot.
pub(crate) fn ref_to_extern(r: &wasm_ref_t, ctx: &Arc<StoreCtx>, store: &mut Store) -> ExternRef {
    ctx.add_pressure(1);
    if let RefObj::Store(s) = &r.obj {
        if Arc::ptr_eq(&s.ctx, ctx) {
            if let StoreObj::ExternRef(e) = s.obj {
                return e;
            }
            return ExternRef::new(store, s.obj);
        }
    }
    ExternRef::new(store, r.obj.clone())
}

/// A reference to what externref `e` carries.
pub(crate) fn extern_to_ref(ctx: &Arc<StoreCtx>, store: &Store, e: ExternRef) -> Box<wasm_ref_t> {
    let data = e.data(store);
    if let Some(obj) = data.downcast_ref::<RefObj>() {
        return wasm_ref_t::boxed(obj.clone());
    }
    let obj = data
        .downcast_ref::<StoreObj>()
        .copied()
        .unwrap_or(StoreObj::ExternRef(e));
    wasm_ref_t::boxed(RefObj::Store(StoreRef::new(ctx, obj)))
}

impl Drop for wasm_val_t {
    fn drop(&mut self) {
        let r = self.ref_ptr();
        if !r.is_null() {
            // SAFETY: a value of a reference kind owns its reference, which
            // this library allocated.
            drop(unsafe { Box::from_raw(r) });
        }
    }
}

impl VecElem for wasm_val_t {
    fn blank() -> Self {
        wasm_val_t::i32(0)
    }
    fn deep_copy(&self) -> Self {
        let r = self.ref_ptr();
        if r.is_null() {
            return wasm_val_t {
                kind: self.kind,
                of: self.of,
            };
        }
        // SAFETY: `r` is a live reference owned by `self`.
        let copy = Box::new(unsafe { (*r).clone() });
        wasm_val_t {
            kind: self.kind,
            of: wasm_val_union {
                ref_: Box::into_raw(copy),
            },
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_delete(v: *mut wasm_val_t) {
    guard((), || {
        // SAFETY: `v` is NULL or a value the caller owns.
        if let Some(v) = unsafe { v.as_mut() } {
            let r = v.ref_ptr();
            if !r.is_null() {
                // SAFETY: as in Drop.
                drop(unsafe { Box::from_raw(r) });
                v.of.ref_ = std::ptr::null_mut();
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, src: *const wasm_val_t) {
    guard((), || {
        // SAFETY: `src` is NULL or a valid value.
        let Some(src) = (unsafe { src.as_ref() }) else {
            return;
        };
        if out.is_null() {
            return;
        }
        // SAFETY: `out` is the caller's out-parameter (not read).
        unsafe { std::ptr::write(out, src.deep_copy()) }
    })
}
