//! Memory instances. The data pointer is stable for the memory's life
//! (memories never move when they grow); growth past the maximum fails.

use super::engine_store::{wasm_store_t, StoreRef};
use super::ref_foreign::{ref_kind, RefObj};
use super::types::wasm_memorytype_t;
use super::{guard, set_last_error};
use crate::runtime::{saturate_u32, ExternType, Memory, StoreObj};

ref_kind!(
    wasm_memory_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Memory(_),
            ..
        })
    ),
    wasm_memory_delete,
    wasm_memory_copy,
    wasm_memory_same,
    wasm_memory_get_host_info,
    wasm_memory_set_host_info,
    wasm_memory_set_host_info_with_finalizer,
    wasm_memory_as_ref,
    wasm_memory_as_ref_const,
    wasm_ref_as_memory,
    wasm_ref_as_memory_const
);

impl wasm_memory_t {
    pub(crate) fn parts(&self) -> Option<(&StoreRef, Memory)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Memory(m) => Some((s, m)),
                _ => None,
            },
            _ => None,
        }
    }
}

#[no_mangle]
pub extern "C" fn wasm_memory_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_memorytype_t>,
) -> Option<Box<wasm_memory_t>> {
    guard(None, || {
        let (Some(store), Some(ty)) = (store, ty.and_then(|t| t.inner())) else {
            set_last_error("wasm_memory_new: NULL store or type");
            return None;
        };
        let ctx = &store.ctx;
        match ctx.with_store(|st| Memory::new(st, ty.ty))? {
            Ok(m) => {
                ctx.add_pressure(1);
                ctx.maybe_collect();
                Some(wasm_memory_t::boxed(RefObj::Store(StoreRef::new(
                    ctx,
                    StoreObj::Memory(m),
                ))))
            }
            Err(e) => {
                set_last_error(format!("wasm_memory_new: {e}"));
                None
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_type(m: Option<&wasm_memory_t>) -> Option<Box<wasm_memorytype_t>> {
    guard(None, || {
        let (s, m) = m?.parts()?;
        let ty = s.with_store(|st| m.ty(st))?;
        Some(wasm_memorytype_t::boxed(&ExternType::Memory(ty)))
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_data(m: Option<&mut wasm_memory_t>) -> *mut u8 {
    guard(std::ptr::null_mut(), || {
        let Some((s, m)) = m.as_deref().and_then(|m| m.parts()) else {
            return std::ptr::null_mut();
        };
        s.with_store(|st| m.data_ptr(st))
            .unwrap_or(std::ptr::null_mut())
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_data_size(m: Option<&wasm_memory_t>) -> usize {
    guard(0, || {
        let Some((s, m)) = m.and_then(|m| m.parts()) else {
            return 0;
        };
        s.with_store(|st| m.data_size(st)).unwrap_or(0)
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_size(m: Option<&wasm_memory_t>) -> u32 {
    // A size beyond 32 bits (memory64, or a 4 GiB memory of 1-byte pages)
    // saturates at UINT32_MAX; `ferrowasm_memory_size64` has it whole.
    guard(0, || {
        let Some((s, m)) = m.and_then(|m| m.parts()) else {
            return 0;
        };
        s.with_store(|st| saturate_u32(m.size(st))).unwrap_or(0)
    })
}

#[no_mangle]
pub extern "C" fn wasm_memory_grow(m: Option<&mut wasm_memory_t>, delta: u32) -> bool {
    guard(false, || {
        let Some((s, m)) = m.as_deref().and_then(|m| m.parts()) else {
            return false;
        };
        match s.with_store(|st| m.grow(st, delta as u64)) {
            Some(Ok(_)) => true,
            Some(Err(e)) => {
                set_last_error(format!("wasm_memory_grow: {e}"));
                false
            }
            None => false,
        }
    })
}
