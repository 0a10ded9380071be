//! Globals: a typed cell with a stable address (the VM context points at it).

use super::error::{Error, Result};
use super::store::Store;
use super::types::{GlobalType, Mutability};
use super::values::Val;

#[repr(C)]
pub(crate) struct GlobalEntity {
    /// The value's cells (`v128` uses both, every other type the first):
    /// compiled code and the interpreter read and write them in place, at
    /// offset 0 of the entity.
    pub value: [u64; 2],
    pub ty: GlobalType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Global {
    pub fn new(store: &mut Store, ty: GlobalType, init: Val) -> Result<Global> {
        if init.ty() != ty.content {
            return Err(Error::usage(format!(
                "global of type {} initialised with a {}",
                ty.content,
                init.ty()
            )));
        }
        if !init.belongs_to(store) {
            return Err(Error::usage(
                "global initialised with a reference from another store",
            ));
        }
        let mut value = [0u64; 2];
        init.write_cells(&mut value);
        Ok(Global::from_cells(store, ty, value))
    }

    pub(crate) fn from_cells(store: &mut Store, ty: GlobalType, value: [u64; 2]) -> Global {
        let index = store.alloc_global(Box::new(GlobalEntity { value, ty }));
        Global {
            store: store.id,
            index,
        }
    }

    pub fn ty(&self, store: &Store) -> GlobalType {
        store.check(self.store, "global");
        store.globals[self.index as usize].ty
    }

    pub fn get(&self, store: &Store) -> Val {
        store.check(self.store, "global");
        let g = &store.globals[self.index as usize];
        Val::from_cells(&g.value, g.ty.content, store.id)
    }

    pub fn set(&self, store: &mut Store, v: Val) -> Result<()> {
        if self.store != store.id {
            return Err(Error::usage(
                "global used with a store that does not own it",
            ));
        }
        if !v.belongs_to(store) {
            return Err(Error::usage("reference from another store"));
        }
        let g = &mut store.globals[self.index as usize];
        if g.ty.mutability != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if v.ty() != g.ty.content {
            return Err(Error::usage(format!(
                "global of type {} set to a {}",
                g.ty.content,
                v.ty()
            )));
        }
        v.write_cells(&mut g.value);
        Ok(())
    }
}
