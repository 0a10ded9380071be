//! Module instances: instantiation with the trap out-parameter, exports.

use super::engine_store::{wasm_store_t, StoreRef};
use super::extern_::wasm_extern_t;
use super::module::wasm_module_t;
use super::ref_foreign::{ref_kind, RefObj};
use super::trap_frame::{wasm_trap_t, TrapObj};
use super::vec::{wasm_extern_vec_t, write_vec, CVec};
use super::{clear_last_error, guard, set_last_error};
use crate::runtime::{Error, Extern, Instance, StoreObj};

ref_kind!(
    wasm_instance_t,
    |o| matches!(
        o,
        RefObj::Store(StoreRef {
            obj: StoreObj::Instance(_),
            ..
        })
    ),
    wasm_instance_delete,
    wasm_instance_copy,
    wasm_instance_same,
    wasm_instance_get_host_info,
    wasm_instance_set_host_info,
    wasm_instance_set_host_info_with_finalizer,
    wasm_instance_as_ref,
    wasm_instance_as_ref_const,
    wasm_ref_as_instance,
    wasm_ref_as_instance_const
);

impl wasm_instance_t {
    fn parts(&self) -> Option<(&StoreRef, Instance)> {
        match &self.r.obj {
            RefObj::Store(s) => match s.obj {
                StoreObj::Instance(i) => Some((s, i)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Write `t` to the trap out-parameter, when there is one.
///
/// # Safety
/// `out` is NULL or valid for a write.
unsafe fn put_trap(out: *mut Option<Box<wasm_trap_t>>, t: Option<Box<wasm_trap_t>>) {
    if !out.is_null() {
        // SAFETY: `out` is valid for a write; its old contents are not ours.
        unsafe { std::ptr::write(out, t) }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_new(
    store: Option<&wasm_store_t>,
    module: Option<&wasm_module_t>,
    imports: *const wasm_extern_vec_t,
    trap: *mut Option<Box<wasm_trap_t>>,
) -> Option<Box<wasm_instance_t>> {
    // SAFETY: `trap` is the caller's out-parameter (or NULL).
    unsafe { put_trap(trap, None) };
    let fail = |msg: String| {
        let t = TrapObj::boxed_message(msg.clone());
        set_last_error(msg);
        // SAFETY: as above.
        unsafe { put_trap(trap, Some(t)) };
        None
    };
    let r = guard(
        Err("internal error in wasm_instance_new".to_string()),
        || {
            let (Some(store), Some(module)) = (store, module.and_then(|m| m.module())) else {
                return Err("wasm_instance_new: NULL store or module".to_string());
            };
            // SAFETY: `imports` is NULL or a valid vector of externs.
            let given = unsafe { imports.as_ref() }.map_or(&[][..], |v| v.as_slice());
            let mut externs: Vec<Extern> = Vec::with_capacity(given.len());
            for (i, e) in given.iter().enumerate() {
                let e = e.as_deref().and_then(|e: &wasm_extern_t| {
                    let s = e.store_ref()?;
                    std::sync::Arc::ptr_eq(&s.ctx, &store.ctx).then(|| e.to_extern())?
                });
                let name = module
                    .imports()
                    .nth(i)
                    .map(|imp| format!("\"{}\" \"{}\"", imp.module, imp.name))
                    .unwrap_or_else(|| format!("#{i}"));
                match e {
                    Some(e) => externs.push(e),
                    None => {
                        return Err(format!(
                            "cannot link import {name}: NULL or an object of another store"
                        ))
                    }
                }
            }
            let ctx = &store.ctx;
            ctx.add_pressure(1);
            ctx.maybe_collect();
            let r = ctx.with_store(|st| match Instance::new(st, module, &externs) {
                Ok(i) => Ok(wasm_instance_t::boxed(RefObj::Store(StoreRef::new(
                    ctx,
                    StoreObj::Instance(i),
                )))),
                Err(Error::Trap(t)) => {
                    let msg = t.message().to_string();
                    Err(Ok((TrapObj::boxed(t, ctx, st), msg)))
                }
                Err(e) => Err(Err(e.to_string())),
            });
            // The start function may have deleted the store: free it now.
            ctx.after_call();
            match r {
                None => Err("wasm_instance_new: the store was deleted".to_string()),
                Some(Ok(i)) => Ok(Ok(i)),
                Some(Err(Ok((t, msg)))) => Ok(Err((t, msg))),
                Some(Err(Err(msg))) => Err(msg),
            }
        },
    );
    match r {
        Ok(Ok(i)) => {
            clear_last_error();
            Some(i)
        }
        Ok(Err((t, msg))) => {
            set_last_error(msg);
            // SAFETY: as above.
            unsafe { put_trap(trap, Some(t)) };
            None
        }
        Err(msg) => fail(msg),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_exports(
    instance: Option<&wasm_instance_t>,
    out: *mut wasm_extern_vec_t,
) {
    let v = guard(CVec::empty(), || {
        let Some((s, i)) = instance.and_then(|i| i.parts()) else {
            return CVec::empty_filled();
        };
        let exports = s.with_store(|st| i.exports(st)).unwrap_or_default();
        CVec::from_vec(
            exports
                .into_iter()
                .map(|(_, e)| Some(wasm_extern_t::new(&s.ctx, e)))
                .collect(),
        )
    });
    // SAFETY: `out` is the caller's out-parameter.
    unsafe { write_vec(out, v) }
}
