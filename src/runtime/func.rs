//! Functions: wasm functions of an instance and host functions (Rust
//! closures), all callable through the one calling convention: a buffer of
//! untyped cells holding the arguments on entry and the results on return.

use super::error::{Error, Result};
use super::instance::Instance;
use super::store::Store;
use super::trap::Trap;
use super::types::{cell_offsets, FuncType};
use super::values::Val;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// The signature every host function has at the bottom: the caller (store
/// and calling instance) and the cells, arguments in, results out.
pub type HostFn = dyn Fn(&mut Caller<'_>, &mut [u64]) -> Result<(), Trap> + Send + Sync;

pub(crate) enum FuncKind {
    /// Defined function `def` (index among defined functions) of instance `instance`.
    Wasm {
        instance: u32,
        def: u32,
    },
    Host(Arc<HostFn>),
}

pub(crate) struct FuncEntity {
    /// Canonical type id (engine registry).
    pub type_id: u32,
    /// The type itself, shared with the engine's registry (read on every
    /// call without taking the registry's lock).
    pub ty: Arc<FuncType>,
    pub kind: FuncKind,
}

/// What a host function is given besides its arguments.
pub struct Caller<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) instance: Option<Instance>,
}

impl<'a> Caller<'a> {
    pub fn store(&mut self) -> &mut Store {
        self.store
    }
    pub fn store_ref(&self) -> &Store {
        self.store
    }
    /// The instance whose wasm code made the call (None when the host called
    /// the function directly).
    pub fn instance(&self) -> Option<Instance> {
        self.instance
    }
}

/// A handle to a function in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Func {
    /// A host function taking and returning typed values.
    pub fn new(
        store: &mut Store,
        ty: FuncType,
        f: impl Fn(&mut Caller<'_>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Func {
        let params: Arc<[_]> = ty.params().into();
        let results: Arc<[_]> = ty.results().into();
        let raw = move |caller: &mut Caller<'_>, cells: &mut [u64]| {
            let sid = caller.store.id;
            // Small signatures convert on the stack; large ones allocate.
            let mut args_buf = [Val::I32(0); 8];
            let mut res_buf = [Val::I32(0); 8];
            let mut args_vec;
            let mut res_vec;
            let args: &mut [Val] = if params.len() <= 8 {
                &mut args_buf[..params.len()]
            } else {
                args_vec = vec![Val::I32(0); params.len()];
                &mut args_vec
            };
            for ((arg, t), at) in args
                .iter_mut()
                .zip(params.iter())
                .zip(cell_offsets(&params))
            {
                *arg = Val::from_cells(&cells[at..], *t, sid);
                arg.pin(caller.store);
            }
            let res: &mut [Val] = if results.len() <= 8 {
                &mut res_buf[..results.len()]
            } else {
                res_vec = vec![Val::I32(0); results.len()];
                &mut res_vec
            };
            for (i, t) in results.iter().enumerate() {
                res[i] = Val::default_for(*t);
            }
            f(caller, args, res)?;
            for ((r, t), at) in res.iter().zip(results.iter()).zip(cell_offsets(&results)) {
                if r.ty() != *t || !r.belongs_to(caller.store) {
                    return Err(Trap::host(format!(
                        "host function returned {:?} for a result of type {t}",
                        r.ty()
                    )));
                }
                r.write_cells(&mut cells[at..]);
            }
            Ok(())
        };
        Func::new_raw(store, ty, raw)
    }

    /// A host function on raw cells (`cells.len() == ty.cells()`): the
    /// arguments are in the front cells, the results go to the front cells,
    /// each value taking `ValType::cells` cells (a `v128` two) one after
    /// another. References are cells as described in `values`.
    pub fn new_raw(
        store: &mut Store,
        ty: FuncType,
        f: impl Fn(&mut Caller<'_>, &mut [u64]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Func {
        let type_id = store.engine.intern_type(&ty);
        let ty = store.engine.func_type(type_id);
        let index = store.push_func(
            FuncEntity {
                type_id,
                ty,
                kind: FuncKind::Host(Arc::new(f)),
            },
            std::ptr::null(),
        );
        Func {
            store: store.id,
            index,
        }
    }

    pub fn ty(&self, store: &Store) -> Arc<FuncType> {
        store.check(self.store, "function");
        store.funcs[self.index as usize].ty.clone()
    }

    /// Call with typed values; checks the argument count and types.
    /// Allocates nothing for signatures of up to 16 cells.
    pub fn call(&self, store: &mut Store, args: &[Val], results: &mut [Val]) -> Result<()> {
        if self.store != store.id {
            return Err(Error::usage(
                "function used with a store that does not own it",
            ));
        }
        let mut cells_buf = [0u64; 16];
        let mut cells_vec;
        let cells: &mut [u64] = {
            let ty = &store.funcs[self.index as usize].ty;
            if args.len() != ty.params().len() {
                return Err(Error::usage(format!(
                    "expected {} arguments, got {}",
                    ty.params().len(),
                    args.len()
                )));
            }
            if results.len() != ty.results().len() {
                return Err(Error::usage(format!(
                    "expected room for {} results, got {}",
                    ty.results().len(),
                    results.len()
                )));
            }
            let cells: &mut [u64] = if ty.cells() <= 16 {
                &mut cells_buf[..ty.cells()]
            } else {
                cells_vec = vec![0u64; ty.cells()];
                &mut cells_vec
            };
            let offsets = cell_offsets(ty.params());
            for (i, ((a, t), at)) in args.iter().zip(ty.params()).zip(offsets).enumerate() {
                if a.ty() != *t {
                    return Err(Error::usage(format!(
                        "argument {i} has type {}, expected {t}",
                        a.ty()
                    )));
                }
                if !a.belongs_to(store) {
                    return Err(Error::usage(format!(
                        "argument {i} is a reference from another store"
                    )));
                }
                a.write_cells(&mut cells[at..]);
            }
            cells
        };
        // SAFETY: the cells were built from checked values of the right types.
        unsafe { self.call_raw(store, cells) }?;
        let ty = &store.funcs[self.index as usize].ty;
        for ((r, t), at) in results
            .iter_mut()
            .zip(ty.results())
            .zip(cell_offsets(ty.results()))
        {
            *r = Val::from_cells(&cells[at..], *t, store.id);
        }
        for r in results.iter() {
            r.pin(store);
        }
        Ok(())
    }

    /// Call through the one calling convention: the entry from the host.
    /// Traps "call stack exhausted" when the calling thread's native stack
    /// is nearly used up (host -> wasm -> host re-entry, small threads).
    ///
    /// # Safety
    /// `cells.len() >= ty.cells()`, and every argument cell is a valid value
    /// of its parameter type in this store (reference cells name live
    /// objects of this store).
    pub unsafe fn call_raw(&self, store: &mut Store, cells: &mut [u64]) -> Result<(), Trap> {
        store.check(self.store, "function");
        let Some(floor) = super::stack::room(super::stack::ENTRY_NEED) else {
            return Err(Trap::new(super::trap::TrapCode::StackOverflow));
        };
        // The calling thread's floor, for compiled code entered below.
        store.native_floor = floor;
        store.extras.active_calls += 1;
        // SAFETY: the caller's contract; the call count was raised above.
        let r = catch_unwind(AssertUnwindSafe(|| unsafe {
            super::call::call(store, self.index, cells, None)
        }));
        store.extras.active_calls -= 1;
        let r = match r {
            Ok(r) => r,
            Err(p) => std::panic::resume_unwind(p),
        };
        // A wasm exception leaving for the host is a trap from now on.
        let r = r.map_err(|t| match t.exn() {
            Some(exn) => store.uncaught(t, exn),
            None => t,
        });
        if store.extras.active_calls == 0 {
            store.sweep_exceptions();
        }
        r
    }

    /// The raw cell of this function reference.
    pub fn to_cell(self) -> u64 {
        self.index as u64 + 1
    }
}
