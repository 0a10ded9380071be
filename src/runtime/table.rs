//! Tables of references (funcref or externref cells).

use super::error::{Error, Result};
use super::store::Store;
use super::types::{Limits, TableType};
use super::values::Val;

/// What compiled code reads of a table: its elements' base and count.
/// Kept in sync with `TableEntity::elems` by `new` and `grow`, the only
/// places that change its length (and so, possibly, its address).
#[repr(C)]
#[derive(Debug)]
pub struct VMTable {
    pub base: *mut u64,
    pub len: usize,
}

// `repr(C)` so that `vm` is at offset 0 (the JIT reads it through the VM
// context's table pointers).
#[repr(C)]
pub(crate) struct TableEntity {
    pub vm: VMTable,
    pub elems: Vec<u64>,
    pub ty: TableType,
    /// Effective maximum (declared max and engine limit).
    pub max: u32,
}

impl TableEntity {
    pub fn new(ty: TableType, init: u64, engine_limit: u32) -> Result<TableEntity> {
        let max = ty.limits.max.unwrap_or(u64::MAX).min(engine_limit as u64) as u32;
        if ty.limits.min > max as u64 {
            return Err(Error::resource(format!(
                "table of {} elements exceeds the limit of {max}",
                ty.limits.min
            )));
        }
        let mut elems = Vec::new();
        elems
            .try_reserve_exact(ty.limits.min as usize)
            .map_err(|_| Error::resource("cannot allocate table"))?;
        elems.resize(ty.limits.min as usize, init);
        let mut t = TableEntity {
            vm: VMTable {
                base: std::ptr::null_mut(),
                len: 0,
            },
            elems,
            ty,
            max,
        };
        t.sync_vm();
        Ok(t)
    }

    /// Refresh `vm` after the element vector changed.
    fn sync_vm(&mut self) {
        self.vm.base = self.elems.as_mut_ptr();
        self.vm.len = self.elems.len();
    }

    pub fn size(&self) -> u32 {
        self.elems.len() as u32
    }

    /// Grow by `delta` filled with `init`; the old size, or None.
    pub fn grow(&mut self, delta: u64, init: u64) -> Option<u32> {
        let old = self.size();
        let delta = u32::try_from(delta).ok()?;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        self.elems.try_reserve(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        self.sync_vm();
        Some(old)
    }

    pub fn current_type(&self) -> TableType {
        TableType::with_index(
            self.ty.element,
            Limits::new(self.size() as u64, self.ty.limits.max),
            self.ty.index,
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Table {
    pub fn new(store: &mut Store, ty: TableType, init: Val) -> Result<Table> {
        if init.ty() != ty.element || !init.belongs_to(store) {
            return Err(Error::usage(format!(
                "table of {} initialised with a {}",
                ty.element,
                init.ty()
            )));
        }
        let limit = store.engine.config().max_table_elements;
        let e = TableEntity::new(ty, init.to_cell(), limit)?;
        Ok(Table::push(store, e))
    }

    pub(crate) fn push(store: &mut Store, e: TableEntity) -> Table {
        let index = store.alloc_table(Box::new(e));
        Table {
            store: store.id,
            index,
        }
    }

    fn entity<'a>(&self, store: &'a Store) -> &'a TableEntity {
        store.check(self.store, "table");
        &store.tables[self.index as usize]
    }

    pub fn ty(&self, store: &Store) -> TableType {
        self.entity(store).current_type()
    }

    pub fn size(&self, store: &Store) -> u32 {
        self.entity(store).size()
    }

    pub fn get(&self, store: &Store, index: u32) -> Option<Val> {
        let t = self.entity(store);
        let cell = *t.elems.get(index as usize)?;
        Some(Val::from_cell(cell, t.ty.element, store.id))
    }

    pub fn set(&self, store: &mut Store, index: u32, v: Val) -> Result<()> {
        store.check(self.store, "table");
        if !v.belongs_to(store) {
            return Err(Error::usage("reference from another store"));
        }
        let t = &mut store.tables[self.index as usize];
        if v.ty() != t.ty.element {
            return Err(Error::usage(format!(
                "table of {} set to a {}",
                t.ty.element,
                v.ty()
            )));
        }
        let size = t.size();
        let slot = t.elems.get_mut(index as usize).ok_or_else(|| {
            Error::usage(format!("table index {index} out of bounds (size {size})"))
        })?;
        *slot = v.to_cell();
        Ok(())
    }

    pub fn grow(&self, store: &mut Store, delta: u32, init: Val) -> Result<u32> {
        store.check(self.store, "table");
        if !init.belongs_to(store) {
            return Err(Error::usage("reference from another store"));
        }
        let t = &mut store.tables[self.index as usize];
        if init.ty() != t.ty.element {
            return Err(Error::usage("table grown with a value of the wrong type"));
        }
        t.grow(delta as u64, init.to_cell())
            .ok_or_else(|| Error::resource(format!("cannot grow table of {} by {delta}", t.size())))
    }
}
