//! Host info attached to store objects, and reclaiming objects that nothing
//! refers to any more.
//!
//! A store keeps every object it made until it is dropped. An embedder that
//! creates objects without end (a host instantiating a module again and
//! again in one store) can ask the store to [`Store::collect`] what is no
//! longer reachable from a set of roots it names: the handles it still
//! holds. Reclaimed slots are reused by later objects, so a handle that was
//! not named as a root must not be used after a collection.
//!
//! Reachability follows what wasm can reach: an instance reaches its
//! functions, tables, memories, globals and passive element segments; a
//! wasm function reaches its instance; tables and globals reach the
//! references they hold; an `externref` whose data is a [`StoreObj`] reaches
//! that object. Host functions and other `externref` data are opaque:
//! whatever they hold on to, the embedder names as roots.
//!
//! Host info is a per-object slot for embedder data; dropping it is how a
//! finalizer runs (exactly once: when replaced, when the object is
//! reclaimed, or when the store is dropped).
//!
//! This module never runs embedder code while it holds the store: what a
//! collection or a replacement frees is handed back to the caller as
//! [`Garbage`], to be dropped once the store is no longer borrowed.

use super::func::{Func, FuncEntity, FuncKind, HostFn};
use super::global::{Global, GlobalEntity};
use super::instance::{Instance, InstanceEntity, VMContext};
use super::memory::{Memory, MemoryEntity};
use super::module::{ConstExpr, ElemMode, Module};
use super::store::Store;
use super::table::{Table, TableEntity};
use super::trap::Trap;
use super::types::{FuncType, GlobalType, Limits, MemoryType, Mutability, TableType, ValType};
use super::values::ExternRef;
use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

/// Any object a store owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoreObj {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
    Instance(Instance),
    ExternRef(ExternRef),
    /// Tags are never reclaimed (they are small and few).
    Tag(super::exn::Tag),
}

/// What a collection or a host-info replacement freed. Dropping it runs
/// finalizers (host info, host function environments, externref data);
/// drop it when the store is not borrowed.
#[derive(Default)]
#[must_use = "dropping the garbage runs finalizers; drop it when the store is free"]
pub struct Garbage {
    items: Vec<Box<dyn Any>>,
}

impl Garbage {
    fn push<T: 'static>(&mut self, item: T) {
        self.items.push(Box::new(item));
    }
    /// Number of freed objects (host info included).
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Per-store bookkeeping for host info and slot reuse.
#[derive(Default)]
pub(crate) struct StoreExtras {
    host_info: HashMap<StoreObj, Box<dyn Any + Send>>,
    pub(crate) free_funcs: Vec<u32>,
    free_globals: Vec<u32>,
    free_tables: Vec<u32>,
    free_memories: Vec<u32>,
    free_instances: Vec<u32>,
    free_externs: Vec<u32>,
    /// Calls from the host in progress (a collection waits for none).
    pub(crate) active_calls: u32,
    placeholder_module: Option<Module>,
    placeholder_func: Option<Arc<HostFn>>,
}

/// Put `value` in a free slot of `arena` (or a new one); its index.
fn alloc_slot<T>(arena: &mut Vec<T>, free: &mut Vec<u32>, value: T) -> u32 {
    match free.pop() {
        Some(i) => {
            arena[i as usize] = value;
            i
        }
        None => {
            arena.push(value);
            (arena.len() - 1) as u32
        }
    }
}

impl Store {
    pub(crate) fn alloc_global(&mut self, e: Box<GlobalEntity>) -> u32 {
        alloc_slot(&mut self.globals, &mut self.extras.free_globals, e)
    }
    pub(crate) fn alloc_table(&mut self, e: Box<TableEntity>) -> u32 {
        alloc_slot(&mut self.tables, &mut self.extras.free_tables, e)
    }
    pub(crate) fn alloc_memory(&mut self, e: Box<MemoryEntity>) -> u32 {
        alloc_slot(&mut self.memories, &mut self.extras.free_memories, e)
    }
    pub(crate) fn alloc_extern(&mut self, e: Box<dyn Any + Send + Sync>) -> u32 {
        alloc_slot(&mut self.externs, &mut self.extras.free_externs, e)
    }
    /// The index the next instance will get (see `put_instance`).
    pub(crate) fn next_instance_index(&self) -> u32 {
        match self.extras.free_instances.last() {
            Some(&i) => i,
            None => self.instances.len() as u32,
        }
    }
    /// Store the instance at the index `next_instance_index` gave.
    pub(crate) fn put_instance(&mut self, index: u32, e: Box<InstanceEntity>) {
        let i = alloc_slot(&mut self.instances, &mut self.extras.free_instances, e);
        debug_assert_eq!(i, index);
    }

    /// Attach host info to `obj`, replacing (and returning, to be dropped
    /// by the caller) what was there.
    pub fn set_host_info(&mut self, obj: StoreObj, info: Option<Box<dyn Any + Send>>) -> Garbage {
        let mut g = Garbage::default();
        let old = match info {
            Some(i) => self.extras.host_info.insert(obj, i),
            None => self.extras.host_info.remove(&obj),
        };
        if let Some(old) = old {
            g.push(old);
        }
        g
    }

    /// The host info of `obj`, if any.
    pub fn host_info(&self, obj: StoreObj) -> Option<&(dyn Any + Send)> {
        self.extras.host_info.get(&obj).map(|b| &**b)
    }

    /// Whether a call from the host into wasm is in progress.
    pub fn in_call(&self) -> bool {
        self.extras.active_calls > 0
    }

    /// Number of live objects (functions, globals, tables, memories,
    /// instances and externrefs).
    pub fn live_objects(&self) -> usize {
        let x = &self.extras;
        self.funcs.len()
            + self.globals.len()
            + self.tables.len()
            + self.memories.len()
            + self.instances.len()
            + self.externs.len()
            - x.free_funcs.len()
            - x.free_globals.len()
            - x.free_tables.len()
            - x.free_memories.len()
            - x.free_instances.len()
            - x.free_externs.len()
    }

    /// Free every object not reachable from `roots`, returning what was
    /// freed. Does nothing while a call is in progress (live values on the
    /// wasm stack are not roots). Handles to freed objects become invalid:
    /// their slots are reused.
    pub fn collect(&mut self, roots: impl IntoIterator<Item = StoreObj>) -> Garbage {
        let mut garbage = Garbage::default();
        if self.in_call() {
            return garbage;
        }
        let marks = self.mark(roots);
        self.sweep(&marks, &mut garbage);
        garbage
    }

    fn mark(&self, roots: impl IntoIterator<Item = StoreObj>) -> Marks {
        let mut m = Marks::new(self);
        let mut work: Vec<StoreObj> = roots
            .into_iter()
            .filter(|o| obj_store(o) == self.id)
            .collect();
        while let Some(o) = work.pop() {
            if !m.set(o) {
                continue;
            }
            match o {
                StoreObj::Func(f) => {
                    if let FuncKind::Wasm { instance, .. } = self.funcs[f.index as usize].kind {
                        work.push(StoreObj::Instance(Instance {
                            store: self.id,
                            index: instance,
                        }));
                    }
                }
                StoreObj::Instance(i) => self.trace_instance(i.index, &mut work),
                StoreObj::Table(t) => {
                    let t = &self.tables[t.index as usize];
                    for &c in &t.elems {
                        self.trace_cell(c, t.ty.element, &mut work);
                    }
                }
                StoreObj::Global(g) => {
                    let g = &self.globals[g.index as usize];
                    self.trace_cell(g.value[0], g.ty.content, &mut work);
                }
                StoreObj::ExternRef(e) => {
                    // An externref may carry a reference to an object of
                    // this very store (embedders use `StoreObj` for that).
                    if let Some(o) = self.externs[e.index as usize].downcast_ref::<StoreObj>() {
                        work.push(*o);
                    }
                }
                StoreObj::Memory(_) | StoreObj::Tag(_) => {}
            }
        }
        m
    }

    fn trace_cell(&self, cell: u64, ty: ValType, work: &mut Vec<StoreObj>) {
        if cell == 0 {
            return;
        }
        let index = (cell - 1) as u32;
        let store = self.id;
        match ty {
            ValType::FuncRef => work.push(StoreObj::Func(Func { store, index })),
            ValType::ExternRef => work.push(StoreObj::ExternRef(ExternRef { store, index })),
            // An exception reaches the references it carries.
            ValType::ExnRef => {
                let exn = self.exns.get(index);
                let ty = &self.tags[exn.tag as usize].ty;
                for (t, at) in ty
                    .params()
                    .iter()
                    .zip(super::types::cell_offsets(ty.params()))
                {
                    self.trace_cell(exn.payload[at], *t, work);
                }
            }
            _ => {}
        }
    }

    fn trace_instance(&self, index: u32, work: &mut Vec<StoreObj>) {
        let inst = &self.instances[index as usize];
        let s = self.id;
        work.extend(
            inst.funcs
                .iter()
                .map(|&index| StoreObj::Func(Func { store: s, index })),
        );
        work.extend(
            inst.table_ids
                .iter()
                .map(|&index| StoreObj::Table(Table { store: s, index })),
        );
        work.extend(
            inst.memory_ids
                .iter()
                .map(|&index| StoreObj::Memory(Memory { store: s, index })),
        );
        work.extend(
            inst.global_ids
                .iter()
                .map(|&index| StoreObj::Global(Global { store: s, index })),
        );
        let m = &inst.module.inner;
        for (seg, cells) in m.elems.iter().zip(&inst.elems) {
            if !matches!(seg.mode, ElemMode::Passive) {
                continue;
            }
            // The element type of a segment, from its items.
            let ty = seg
                .items
                .iter()
                .find_map(|e| match *e {
                    ConstExpr::Func(_) => Some(ValType::FuncRef),
                    ConstExpr::Global(g) => Some(m.globals[g as usize].content),
                    ConstExpr::Value(_) | ConstExpr::V128(_) | ConstExpr::Ext(_) => None,
                })
                .unwrap_or(ValType::FuncRef);
            for &c in cells.iter() {
                self.trace_cell(c, ty, work);
            }
        }
    }

    fn sweep(&mut self, marks: &Marks, garbage: &mut Garbage) {
        // Host info of unreachable objects goes first (its finalizer may
        // look at nothing in the store: the store is ours until we return).
        let dead_info: Vec<StoreObj> = self
            .extras
            .host_info
            .keys()
            .filter(|o| !marks.get(**o))
            .copied()
            .collect();
        for o in dead_info {
            if let Some(i) = self.extras.host_info.remove(&o) {
                garbage.push(i);
            }
        }
        let placeholder_func = self
            .extras
            .placeholder_func
            .get_or_insert_with(|| {
                let f: Arc<HostFn> = Arc::new(|_: &mut super::func::Caller<'_>, _: &mut [u64]| {
                    Err(Trap::host("call of a reclaimed function"))
                });
                f
            })
            .clone();
        let placeholder_ty = Arc::new(FuncType::default());
        for (i, &live) in marks.funcs.iter().enumerate() {
            if !live {
                // A type id no signature has, so no indirect call matches.
                let old = std::mem::replace(
                    &mut self.funcs[i],
                    FuncEntity {
                        type_id: u32::MAX,
                        ty: placeholder_ty.clone(),
                        kind: FuncKind::Host(placeholder_func.clone()),
                    },
                );
                // Compiled code sees a host function (through the runtime).
                self.vm_funcs[i] = super::instance::VMFuncRef {
                    entry: std::ptr::null(),
                    vmctx: std::ptr::null_mut(),
                    type_id: u32::MAX,
                    _pad: 0,
                };
                garbage.push(old);
                self.extras.free_funcs.push(i as u32);
            }
        }
        for (i, &live) in marks.globals.iter().enumerate() {
            if !live {
                let old = std::mem::replace(
                    &mut *self.globals[i],
                    GlobalEntity {
                        value: [0; 2],
                        ty: GlobalType::new(ValType::I32, Mutability::Const),
                    },
                );
                garbage.push(old);
                self.extras.free_globals.push(i as u32);
            }
        }
        for (i, &live) in marks.tables.iter().enumerate() {
            if !live {
                let old = std::mem::replace(
                    &mut *self.tables[i],
                    TableEntity {
                        vm: super::table::VMTable {
                            base: std::ptr::NonNull::dangling().as_ptr(),
                            len: 0,
                        },
                        elems: Vec::new(),
                        ty: TableType::new(ValType::FuncRef, Limits::new(0, Some(0))),
                        max: 0,
                    },
                );
                garbage.push(old);
                self.extras.free_tables.push(i as u32);
            }
        }
        for (i, &live) in marks.memories.iter().enumerate() {
            if !live {
                // A memory of no pages maps nothing and cannot fail.
                let Ok(empty) = MemoryEntity::new(MemoryType::new(Limits::new(0, Some(0))), 0)
                else {
                    continue;
                };
                let old = std::mem::replace(&mut *self.memories[i], empty);
                garbage.push(old);
                self.extras.free_memories.push(i as u32);
            }
        }
        if marks.instances.iter().any(|l| !l) && self.extras.placeholder_module.is_none() {
            let Ok(m) = Module::new(&self.engine, b"\0asm\x01\0\0\0") else {
                return;
            };
            self.extras.placeholder_module = Some(m);
        }
        for (i, &live) in marks.instances.iter().enumerate() {
            if live {
                continue;
            }
            let Some(module) = self.extras.placeholder_module.clone() else {
                break;
            };
            let old = std::mem::replace(
                &mut *self.instances[i],
                InstanceEntity {
                    vmctx: VMContext {
                        memory: std::ptr::null_mut(),
                        memories: std::ptr::null(),
                        globals: std::ptr::null(),
                        funcs: std::ptr::null(),
                        tables: std::ptr::null(),
                        type_ids: module.inner.type_ids.as_ptr(),
                        runtime: std::ptr::null_mut(),
                        instance: i as u32,
                        _pad: 0,
                    },
                    module,
                    funcs: Box::default(),
                    table_ptrs: Box::default(),
                    table_ids: Box::default(),
                    memory_ptrs: Box::default(),
                    vm_memories: Box::default(),
                    memory_ids: Box::default(),
                    global_ptrs: Box::default(),
                    tags: Box::default(),
                    global_ids: Box::default(),
                    elems: Vec::new(),
                    data_dropped: Vec::new(),
                },
            );
            garbage.push(old);
            self.extras.free_instances.push(i as u32);
        }
        for (i, &live) in marks.externs.iter().enumerate() {
            if !live {
                let old = std::mem::replace(&mut self.externs[i], Box::new(()));
                garbage.push(old);
                self.extras.free_externs.push(i as u32);
            }
        }
    }
}

fn obj_store(o: &StoreObj) -> u64 {
    match o {
        StoreObj::Func(f) => f.store,
        StoreObj::Global(g) => g.store,
        StoreObj::Table(t) => t.store,
        StoreObj::Memory(m) => m.store,
        StoreObj::Instance(i) => i.store,
        StoreObj::ExternRef(e) => e.store,
        StoreObj::Tag(t) => t.store,
    }
}

/// Reachability marks, one per arena slot; free slots start marked so
/// that the sweep leaves them alone.
struct Marks {
    funcs: Vec<bool>,
    globals: Vec<bool>,
    tables: Vec<bool>,
    memories: Vec<bool>,
    instances: Vec<bool>,
    externs: Vec<bool>,
}

fn marks_for(len: usize, free: &[u32]) -> Vec<bool> {
    let mut v = vec![false; len];
    for &i in free {
        v[i as usize] = true;
    }
    v
}

impl Marks {
    fn new(s: &Store) -> Marks {
        let x = &s.extras;
        Marks {
            funcs: marks_for(s.funcs.len(), &x.free_funcs),
            globals: marks_for(s.globals.len(), &x.free_globals),
            tables: marks_for(s.tables.len(), &x.free_tables),
            memories: marks_for(s.memories.len(), &x.free_memories),
            instances: marks_for(s.instances.len(), &x.free_instances),
            externs: marks_for(s.externs.len(), &x.free_externs),
        }
    }

    fn slot(&mut self, o: StoreObj) -> Option<&mut bool> {
        match o {
            StoreObj::Func(f) => self.funcs.get_mut(f.index as usize),
            StoreObj::Global(g) => self.globals.get_mut(g.index as usize),
            StoreObj::Table(t) => self.tables.get_mut(t.index as usize),
            StoreObj::Memory(m) => self.memories.get_mut(m.index as usize),
            StoreObj::Instance(i) => self.instances.get_mut(i.index as usize),
            StoreObj::ExternRef(e) => self.externs.get_mut(e.index as usize),
            StoreObj::Tag(_) => None,
        }
    }

    /// Mark `o`; false if it was already marked (or is out of range).
    fn set(&mut self, o: StoreObj) -> bool {
        match self.slot(o) {
            Some(m) if !*m => {
                *m = true;
                true
            }
            _ => false,
        }
    }

    fn get(&self, o: StoreObj) -> bool {
        let v = match o {
            StoreObj::Func(f) => self.funcs.get(f.index as usize),
            StoreObj::Global(g) => self.globals.get(g.index as usize),
            StoreObj::Table(t) => self.tables.get(t.index as usize),
            StoreObj::Memory(m) => self.memories.get(m.index as usize),
            StoreObj::Instance(i) => self.instances.get(i.index as usize),
            StoreObj::ExternRef(e) => self.externs.get(e.index as usize),
            StoreObj::Tag(_) => None,
        };
        v.copied().unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{Engine, Extern, Val};

    fn module(engine: &Engine, wat: &str) -> Module {
        Module::new(engine, &wat::parse_str(wat).expect("wat")).expect("module")
    }

    #[test]
    fn unreachable_instances_are_reclaimed_and_slots_reused() {
        let engine = Engine::default();
        let mut store = Store::new(&engine);
        let m = module(&engine, r#"(module (func (export "f")) (memory 1))"#);
        let keep = Instance::new(&mut store, &m, &[]).expect("inst");
        for _ in 0..100 {
            Instance::new(&mut store, &m, &[]).expect("inst");
        }
        let before = store.live_objects();
        let g = store.collect([StoreObj::Instance(keep)]);
        assert!(!g.is_empty());
        drop(g);
        assert!(store.live_objects() < before);
        // The kept instance still works, and new instances reuse slots.
        let f = keep.get_func(&store, "f").expect("f");
        f.call(&mut store, &[], &mut []).expect("call");
        let n = store.instances.len();
        for _ in 0..50 {
            Instance::new(&mut store, &m, &[]).expect("inst");
        }
        assert_eq!(store.instances.len(), n);
    }

    #[test]
    fn tables_keep_functions_and_their_instances_alive() {
        let engine = Engine::default();
        let mut store = Store::new(&engine);
        let a = module(&engine, r#"(module (table (export "t") 1 funcref))"#);
        let b = module(
            &engine,
            r#"(module (import "" "t" (table 1 funcref))
                 (func $f (result i32) i32.const 42) (elem (i32.const 0) $f))"#,
        );
        let ia = Instance::new(&mut store, &a, &[]).expect("a");
        let t = ia.get_table(&store, "t").expect("t");
        Instance::new(&mut store, &b, &[Extern::Table(t)]).expect("b");
        drop(store.collect([StoreObj::Table(t)]));
        let Some(Val::FuncRef(Some(f))) = t.get(&store, 0) else {
            panic!("table entry lost");
        };
        let mut r = [Val::I32(0)];
        f.call(&mut store, &[], &mut r).expect("call");
        assert_eq!(r[0], Val::I32(42));
    }

    #[test]
    fn externrefs_carrying_store_objects_keep_them_alive() {
        let engine = Engine::default();
        let mut store = Store::new(&engine);
        let m = module(
            &engine,
            r#"(module (func (export "f") (result i32) i32.const 5))"#,
        );
        let i = Instance::new(&mut store, &m, &[]).expect("inst");
        let f = i.get_func(&store, "f").expect("f");
        let e = ExternRef::new(&mut store, StoreObj::Func(f));
        drop(store.collect([StoreObj::ExternRef(e)]));
        let mut r = [Val::I32(0)];
        f.call(&mut store, &[], &mut r).expect("call");
        assert_eq!(r[0], Val::I32(5));
        // Without the root, all of it goes.
        drop(store.collect([]));
        assert_eq!(store.live_objects(), 0);
    }

    #[test]
    fn host_info_is_dropped_exactly_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static DROPS: AtomicUsize = AtomicUsize::new(0);
        struct Info;
        impl Drop for Info {
            fn drop(&mut self) {
                DROPS.fetch_add(1, Ordering::SeqCst);
            }
        }
        let engine = Engine::default();
        let mut store = Store::new(&engine);
        let m = module(&engine, "(module)");
        let i1 = Instance::new(&mut store, &m, &[]).expect("i1");
        let i2 = Instance::new(&mut store, &m, &[]).expect("i2");
        drop(store.set_host_info(StoreObj::Instance(i1), Some(Box::new(Info))));
        drop(store.set_host_info(StoreObj::Instance(i2), Some(Box::new(Info))));
        assert_eq!(DROPS.load(Ordering::SeqCst), 0);
        drop(store.set_host_info(StoreObj::Instance(i2), Some(Box::new(Info))));
        assert_eq!(DROPS.load(Ordering::SeqCst), 1);
        drop(store.collect([StoreObj::Instance(i2)]));
        assert_eq!(DROPS.load(Ordering::SeqCst), 2);
        assert!(store.host_info(StoreObj::Instance(i2)).is_some());
        drop(store);
        assert_eq!(DROPS.load(Ordering::SeqCst), 3);
    }
}
