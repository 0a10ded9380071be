//! Instances: linking imports, allocating the module's objects,
//! initialising segments and running the start function, in spec order.

use super::error::{Error, Result};
use super::exn::{Tag, TagEntity};
use super::func::{Func, FuncEntity, FuncKind};
use super::global::Global;
use super::memory::{Memory, MemoryEntity, VMMemory};
use super::module::{ConstExpr, DataMode, ElemMode, ExternKind, Module};
use super::store::Store;
use super::table::{Table, TableEntity};
use super::trap::Trap;
use super::types::ExternType;
use std::ptr;

/// The per-instance context compiled code and the interpreter read: raw
/// pointers into objects owned by the store. Its layout is part of the
/// contract with the JIT (see the offset tests below).
#[repr(C)]
pub struct VMContext {
    /// The instance's memory 0, or null (the fast path of compiled code).
    pub(crate) memory: *mut VMMemory,
    /// One pointer per memory of the index space (memory 0 included).
    pub(crate) memories: *const *mut VMMemory,
    /// One pointer per global of the index space, to its value cell.
    pub(crate) globals: *const *mut u64,
    /// Store function index of each function of the index space.
    pub(crate) funcs: *const u32,
    /// One pointer per table of the index space.
    pub(crate) tables: *const *mut TableEntity,
    /// Canonical type id of each type of the module.
    pub(crate) type_ids: *const u32,
    /// Store-wide state compiled code reads (stack limit, function records).
    pub(crate) runtime: *mut VMRuntime,
    /// Index of this instance in its store.
    pub(crate) instance: u32,
    pub(crate) _pad: u32,
}

/// Store-wide state for compiled code, boxed in the store so that its
/// address is stable. Part of the contract with the JIT (offset tests below).
#[repr(C)]
pub struct VMRuntime {
    /// Lowest native stack address compiled code may use; every compiled
    /// function checks its stack pointer against it in its prologue. Set at
    /// each entry from the host.
    pub(crate) stack_limit: usize,
    /// The store's function records (`Store::vm_funcs`), indexed by store
    /// function index; refreshed whenever that vector grows.
    pub(crate) funcs: *const VMFuncRef,
    /// The store, valid while a call from the host is running (the store may
    /// move between calls).
    pub(crate) store: *mut Store,
    /// The store's interrupt flag (`metering`): wasm code traps
    /// "interrupted" when it is not 0.
    pub(crate) interrupt: *const std::sync::atomic::AtomicU32,
    /// Fuel left (`Config::consume_fuel`; `metering`).
    pub(crate) fuel: u64,
}

/// What compiled code needs to call a store function directly.
#[repr(C)]
pub struct VMFuncRef {
    /// The slot where the function's compiled entry point is published
    /// (null entry: not compiled yet), or null for host functions.
    pub(crate) entry: *const std::sync::atomic::AtomicPtr<u8>,
    /// The callee's VM context (null for host functions).
    pub(crate) vmctx: *mut VMContext,
    /// Canonical type id.
    pub(crate) type_id: u32,
    pub(crate) _pad: u32,
}

pub(crate) struct InstanceEntity {
    pub module: Module,
    pub funcs: Box<[u32]>,
    pub table_ptrs: Box<[*mut TableEntity]>,
    pub table_ids: Box<[u32]>,
    /// One pointer per memory of the index space, to its entity.
    pub(crate) memory_ptrs: Box<[*mut MemoryEntity]>,
    /// The same memories' `VMMemory` records (`VMContext::memories`).
    pub(crate) vm_memories: Box<[*mut VMMemory]>,
    pub memory_ids: Box<[u32]>,
    pub global_ptrs: Box<[*mut u64]>,
    pub global_ids: Box<[u32]>,
    /// Store tag index of each tag of the index space.
    pub tags: Box<[u32]>,
    /// Element segments as cells; a dropped segment is empty.
    pub elems: Vec<Box<[u64]>>,
    pub data_dropped: Vec<bool>,
    pub vmctx: VMContext,
}

/// A handle to an instance in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// Any importable or exportable object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
    Tag(Tag),
}

impl Extern {
    pub fn kind(&self) -> ExternKind {
        match self {
            Extern::Func(_) => ExternKind::Func,
            Extern::Global(_) => ExternKind::Global,
            Extern::Table(_) => ExternKind::Table,
            Extern::Memory(_) => ExternKind::Memory,
            Extern::Tag(_) => ExternKind::Tag,
        }
    }

    /// The id of the store this object belongs to.
    pub fn store_id(&self) -> u64 {
        match self {
            Extern::Func(f) => f.store,
            Extern::Global(g) => g.store,
            Extern::Table(t) => t.store,
            Extern::Memory(m) => m.store,
            Extern::Tag(t) => t.store,
        }
    }

    pub fn ty(&self, store: &Store) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func((*f.ty(store)).clone()),
            Extern::Global(g) => ExternType::Global(g.ty(store)),
            Extern::Table(t) => ExternType::Table(t.ty(store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(store)),
            Extern::Tag(t) => ExternType::Tag(t.ty(store)),
        }
    }

    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }
    pub fn into_tag(self) -> Option<Tag> {
        match self {
            Extern::Tag(t) => Some(t),
            _ => None,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<Tag> for Extern {
    fn from(t: Tag) -> Self {
        Extern::Tag(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}

/// The value of a constant expression as the cells of a global (a
/// segment offset or element is the first cell).
fn eval_const(e: &ConstExpr, funcs: &[u32], globals: &[*mut u64]) -> [u64; 2] {
    // SAFETY: global pointers point at the two-cell values of
    // `GlobalEntity`s in boxes owned by the store.
    e.eval(funcs, |g| unsafe {
        *globals[g as usize].cast::<[u64; 2]>()
    })
}

/// An address or index of a segment offset: the whole cell for a 64-bit
/// memory or table, else its low 32 bits.
fn index_value(cell: u64, is64: bool) -> u64 {
    if is64 {
        cell
    } else {
        cell as u32 as u64
    }
}

impl Instance {
    /// Instantiate `module` with `imports` given in the module's import order.
    ///
    /// On a trap during segment initialisation or in the start function the
    /// error is `Error::Trap`; what was written to imported tables and
    /// memories before the trap stays, as the spec requires.
    pub fn new(store: &mut Store, module: &Module, imports: &[Extern]) -> Result<Instance> {
        let m = &*module.inner;
        if !super::engine::Engine::same(&m.engine, &store.engine) {
            return Err(Error::usage("module and store come from different engines"));
        }
        if imports.len() != m.imports.len() {
            return Err(Error::usage(format!(
                "module needs {} imports, {} given",
                m.imports.len(),
                imports.len()
            )));
        }
        let mut funcs = Vec::with_capacity(m.func_types.len());
        let mut table_ids = Vec::with_capacity(m.tables.len());
        let mut memory_ids = Vec::with_capacity(m.memories.len());
        let mut global_ids = Vec::with_capacity(m.globals.len());
        let mut tags = Vec::with_capacity(m.tags.len());
        for (imp, ext) in m.imports.iter().zip(imports) {
            if ext.store_id() != store.id {
                return Err(Error::link(
                    &imp.module,
                    &imp.name,
                    "import comes from another store",
                ));
            }
            let incompatible = |what: String| {
                Error::link(
                    &imp.module,
                    &imp.name,
                    format!("incompatible import type: {what}"),
                )
            };
            match (&imp.ty, ext) {
                (ExternType::Func(want), Extern::Func(f)) => {
                    let want_id = store.engine.intern_type(want);
                    if store.funcs[f.index as usize].type_id != want_id {
                        return Err(incompatible(format!(
                            "expected {want}, found {}",
                            f.ty(store)
                        )));
                    }
                    funcs.push(f.index);
                }
                (ExternType::Table(want), Extern::Table(t)) => {
                    let have = t.ty(store);
                    if have.element != want.element
                        || have.index != want.index
                        || !have.limits.matches(&want.limits)
                    {
                        return Err(incompatible(format!("expected {want:?}, found {have:?}")));
                    }
                    table_ids.push(t.index);
                }
                (ExternType::Memory(want), Extern::Memory(mem)) => {
                    let have = mem.ty(store);
                    if !have.matches(want) {
                        return Err(incompatible(format!("expected {want:?}, found {have:?}")));
                    }
                    memory_ids.push(mem.index);
                }
                (ExternType::Global(want), Extern::Global(g)) => {
                    let have = g.ty(store);
                    if have != *want {
                        return Err(incompatible(format!("expected {want:?}, found {have:?}")));
                    }
                    global_ids.push(g.index);
                }
                (ExternType::Tag(want), Extern::Tag(t)) => {
                    // Tags match when their signatures are the same type.
                    let want_id = store.engine.intern_type(want.func_type());
                    if store.tags[t.index as usize].type_id != want_id {
                        return Err(incompatible(format!(
                            "expected a tag of {}, found one of {}",
                            want.func_type(),
                            t.ty(store).func_type()
                        )));
                    }
                    tags.push(t.index);
                }
                (want, _) => {
                    return Err(incompatible(format!(
                        "expected a {}, found a {}",
                        want.kind_name(),
                        ext.ty(store).kind_name()
                    )))
                }
            }
        }

        // Allocate the module's own objects.
        let inst_index = store.next_instance_index();
        let type_arcs: Vec<_> = m
            .type_ids
            .iter()
            .map(|&id| store.engine.func_type(id))
            .collect();
        for (def, &ty) in m.func_types[m.num_imported_funcs as usize..]
            .iter()
            .enumerate()
        {
            // The VM context is filled in below, once the instance is boxed.
            let index = store.push_func(
                FuncEntity {
                    type_id: m.type_ids[ty as usize],
                    ty: type_arcs[ty as usize].clone(),
                    kind: FuncKind::Wasm {
                        instance: inst_index,
                        def: def as u32,
                    },
                },
                module.jit_entry_slot(def as u32),
            );
            funcs.push(index);
        }
        let mut global_ptrs: Vec<*mut u64> = global_ids
            .iter()
            .map(|&g| store.globals[g as usize].value.as_mut_ptr())
            .collect();
        for (i, ty) in m.globals[m.num_imported_globals as usize..]
            .iter()
            .enumerate()
        {
            let value = eval_const(&m.global_inits[i], &funcs, &global_ptrs);
            let g = Global::from_cells(store, *ty, value);
            global_ids.push(g.index);
            global_ptrs.push(store.globals[g.index as usize].value.as_mut_ptr());
        }
        for &ty in &m.tags[m.num_imported_tags as usize..] {
            store.tags.push(TagEntity {
                type_id: m.type_ids[ty as usize],
                ty: m.tag_type_of(ty),
            });
            tags.push((store.tags.len() - 1) as u32);
        }
        let table_limit = store.engine.config().max_table_elements;
        for ty in &m.tables[m.num_imported_tables as usize..] {
            let t = Table::push(store, TableEntity::new(*ty, 0, table_limit)?);
            table_ids.push(t.index);
        }
        for ty in &m.memories[m.num_imported_memories as usize..] {
            let e = MemoryEntity::for_config(*ty, store.engine.config())?;
            let mem = Memory::push(store, e);
            memory_ids.push(mem.index);
        }
        let elems = m
            .elems
            .iter()
            .map(|seg| match seg.mode {
                ElemMode::Passive => seg
                    .items
                    .iter()
                    .map(|e| eval_const(e, &funcs, &global_ptrs)[0])
                    .collect(),
                // Active segments are used once below; declared ones never.
                ElemMode::Active { .. } | ElemMode::Declared => Box::default(),
            })
            .collect();
        let table_ptrs: Box<[*mut TableEntity]> = table_ids
            .iter()
            .map(|&t| &mut *store.tables[t as usize] as *mut TableEntity)
            .collect();
        let memory_ptrs: Box<[*mut MemoryEntity]> = memory_ids
            .iter()
            .map(|&i| &mut *store.memories[i as usize] as *mut MemoryEntity)
            .collect();
        let vm_memories: Box<[*mut VMMemory]> = memory_ptrs
            .iter()
            // SAFETY: each pointer points into a box owned by the store.
            .map(|&m| unsafe { &mut (*m).vm as *mut VMMemory })
            .collect();
        let funcs: Box<[u32]> = funcs.into();
        let global_ptrs: Box<[*mut u64]> = global_ptrs.into();
        let mut entity = Box::new(InstanceEntity {
            module: module.clone(),
            funcs,
            table_ptrs,
            table_ids: table_ids.into(),
            memory_ptrs,
            vm_memories,
            memory_ids: memory_ids.into(),
            global_ptrs,
            global_ids: global_ids.into(),
            tags: tags.into(),
            elems,
            data_dropped: vec![false; m.datas.len()],
            vmctx: VMContext {
                memory: ptr::null_mut(),
                memories: ptr::null(),
                globals: ptr::null(),
                funcs: ptr::null(),
                tables: ptr::null(),
                type_ids: m.type_ids.as_ptr(),
                runtime: &mut *store.vm as *mut VMRuntime,
                instance: inst_index,
                _pad: 0,
            },
        });
        entity.vmctx.memory = entity
            .vm_memories
            .first()
            .copied()
            .unwrap_or(ptr::null_mut());
        entity.vmctx.memories = entity.vm_memories.as_ptr();
        entity.vmctx.globals = entity.global_ptrs.as_ptr();
        entity.vmctx.funcs = entity.funcs.as_ptr();
        entity.vmctx.tables = entity.table_ptrs.as_ptr();
        let vmctx: *mut VMContext = &mut entity.vmctx;
        let num_imported = m.num_imported_funcs as usize;
        for &f in &entity.funcs[num_imported..] {
            store.vm_funcs[f as usize].vmctx = vmctx;
        }
        store.put_instance(inst_index, entity);
        let instance = Instance {
            store: store.id,
            index: inst_index,
        };

        instance.init_segments(store)?;
        if let Some(start) = m.start {
            let f = Func {
                store: store.id,
                index: store.instances[inst_index as usize].funcs[start as usize],
            };
            // SAFETY: the start function takes no arguments and returns nothing.
            unsafe { f.call_raw(store, &mut []) }.map_err(Error::Trap)?;
        }
        Ok(instance)
    }

    /// Active element and data segments, in module order, then dropped.
    fn init_segments(&self, store: &mut Store) -> Result<()> {
        let inst = &*store.instances[self.index as usize];
        let module = inst.module.clone();
        let m = &*module.inner;
        for seg in &m.elems {
            if let ElemMode::Active { table, ref offset } = seg.mode {
                let inst = &*store.instances[self.index as usize];
                // An i32 offset's cell is its zero-extension, an i64's the
                // whole cell (table64).
                let offset = index_value(
                    eval_const(offset, &inst.funcs, &inst.global_ptrs)[0],
                    m.tables[table as usize].index.is64(),
                );
                let cells: Vec<u64> = seg
                    .items
                    .iter()
                    .map(|e| eval_const(e, &inst.funcs, &inst.global_ptrs)[0])
                    .collect();
                let t = &mut store.tables[inst.table_ids[table as usize] as usize];
                let n = cells.len() as u64;
                super::bulk::table_copy(&mut t.elems, &cells, offset, 0, n).map_err(Trap::new)?;
            }
        }
        for (i, seg) in m.datas.iter().enumerate() {
            if let DataMode::Active { memory, ref offset } = seg.mode {
                let inst = &*store.instances[self.index as usize];
                let offset = index_value(
                    eval_const(offset, &inst.funcs, &inst.global_ptrs)[0],
                    m.memories[memory as usize].is64(),
                );
                let bytes = m.data_bytes(seg);
                let mem = &mut store.memories[inst.memory_ids[memory as usize] as usize];
                let n = bytes.len() as u64;
                super::bulk::memory_init(mem.data_mut(), bytes, offset, 0, n).map_err(Trap::new)?;
                store.instances[self.index as usize].data_dropped[i] = true;
            }
        }
        Ok(())
    }

    pub fn module<'a>(&self, store: &'a Store) -> &'a Module {
        store.check(self.store, "instance");
        &store.instances[self.index as usize].module
    }

    fn extern_of(&self, store: &Store, kind: ExternKind, index: u32) -> Extern {
        let inst = &store.instances[self.index as usize];
        let s = store.id;
        let i = index as usize;
        match kind {
            ExternKind::Func => Extern::Func(Func {
                store: s,
                index: inst.funcs[i],
            }),
            ExternKind::Table => Extern::Table(Table {
                store: s,
                index: inst.table_ids[i],
            }),
            ExternKind::Memory => Extern::Memory(Memory {
                store: s,
                index: inst.memory_ids[i],
            }),
            ExternKind::Global => Extern::Global(Global {
                store: s,
                index: inst.global_ids[i],
            }),
            ExternKind::Tag => Extern::Tag(Tag {
                store: s,
                index: inst.tags[i],
            }),
        }
    }

    /// The export called `name`.
    pub fn get_export(&self, store: &Store, name: &str) -> Option<Extern> {
        store.check(self.store, "instance");
        let inst = &store.instances[self.index as usize];
        let e = inst.module.inner.exports.iter().find(|e| e.name == name)?;
        Some(self.extern_of(store, e.kind, e.index))
    }

    pub fn get_func(&self, store: &Store, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }
    pub fn get_global(&self, store: &Store, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
    pub fn get_memory(&self, store: &Store, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }
    pub fn get_table(&self, store: &Store, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// All exports, in the module's order.
    pub fn exports(&self, store: &Store) -> Vec<(String, Extern)> {
        store.check(self.store, "instance");
        let module = store.instances[self.index as usize].module.clone();
        module
            .inner
            .exports
            .iter()
            .map(|e| (e.name.clone(), self.extern_of(store, e.kind, e.index)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    /// The JIT reads these offsets; changing them is an ABI change.
    #[test]
    fn vmcontext_layout() {
        assert_eq!(offset_of!(VMContext, memory), 0);
        assert_eq!(offset_of!(VMContext, memories), 8);
        assert_eq!(offset_of!(VMContext, globals), 16);
        assert_eq!(offset_of!(VMContext, funcs), 24);
        assert_eq!(offset_of!(VMContext, tables), 32);
        assert_eq!(offset_of!(VMContext, type_ids), 40);
        assert_eq!(offset_of!(VMContext, runtime), 48);
        assert_eq!(offset_of!(VMContext, instance), 56);
        assert_eq!(size_of::<VMContext>(), 64);
        assert_eq!(offset_of!(VMRuntime, stack_limit), 0);
        assert_eq!(offset_of!(VMRuntime, funcs), 8);
        assert_eq!(offset_of!(VMRuntime, store), 16);
        assert_eq!(offset_of!(VMRuntime, interrupt), 24);
        assert_eq!(offset_of!(VMRuntime, fuel), 32);
        assert_eq!(offset_of!(VMFuncRef, entry), 0);
        assert_eq!(offset_of!(VMFuncRef, vmctx), 8);
        assert_eq!(offset_of!(VMFuncRef, type_id), 16);
        assert_eq!(size_of::<VMFuncRef>(), 24);
        assert_eq!(offset_of!(crate::runtime::table::TableEntity, vm), 0);
        assert_eq!(offset_of!(crate::runtime::table::VMTable, base), 0);
        assert_eq!(offset_of!(crate::runtime::table::VMTable, len), 8);
        assert_eq!(offset_of!(VMMemory, base), 0);
        assert_eq!(offset_of!(VMMemory, len), 8);
    }
}
