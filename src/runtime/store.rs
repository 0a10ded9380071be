//! The store: arenas that own every function, memory, table, global,
//! instance and host reference, and the handles that point into them.
//!
//! Handles (`Func`, `Memory`, ...) are `Copy` pairs of (store id, index).
//! Every public operation checks that a handle belongs to the store it is
//! used with. A store is used by one thread at a time (`Send`, not `Sync`).

use super::engine::Engine;
use super::func::FuncEntity;
use super::global::GlobalEntity;
use super::instance::{InstanceEntity, VMFuncRef, VMRuntime};
use super::memory::MemoryEntity;
use super::reclaim::StoreExtras;
use super::table::TableEntity;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

/// Owner of all runtime objects. Dropping it frees them all.
pub struct Store {
    pub(crate) id: u64,
    pub(crate) engine: Engine,
    pub(crate) funcs: Vec<FuncEntity>,
    // Boxed so that their addresses stay fixed while the vectors grow: the
    // VM contexts of instances point at them.
    #[allow(clippy::vec_box)]
    pub(crate) memories: Vec<Box<MemoryEntity>>,
    #[allow(clippy::vec_box)]
    pub(crate) tables: Vec<Box<TableEntity>>,
    #[allow(clippy::vec_box)]
    pub(crate) globals: Vec<Box<GlobalEntity>>,
    #[allow(clippy::vec_box)]
    pub(crate) instances: Vec<Box<InstanceEntity>>,
    pub(crate) externs: Vec<Box<dyn Any + Send + Sync>>,
    /// Exception tags (`exn`).
    pub(crate) tags: Vec<super::exn::TagEntity>,
    /// Thrown exception objects (`exn`).
    pub(crate) exns: super::exn::Exceptions,
    /// Per-call state of the tiers kept for reuse, so that calls do not
    /// allocate (the interpreter's value stacks). Dropped when the stack
    /// budget changes.
    pub(crate) scratch: Vec<Box<dyn Any + Send>>,
    /// Store-wide state compiled code reads (boxed: its address is stable).
    pub(crate) vm: Box<VMRuntime>,
    /// One record per function of `funcs`, for compiled code.
    pub(crate) vm_funcs: Vec<VMFuncRef>,
    /// Host info and reusable slots (see `reclaim`).
    pub(crate) extras: StoreExtras,
    /// The native stack floor of the thread running the current call from
    /// the host (`stack::room`, set by `Func::call_raw`).
    pub(crate) native_floor: usize,
    /// Stack budget of one call from the host (see
    /// `Config::max_stack_bytes`, which it starts as).
    pub(crate) max_stack_bytes: usize,
    /// The interrupt flag (`metering`; `vm.interrupt` points at it).
    pub(crate) interrupt: super::metering::InterruptFlag,
}

// SAFETY: the raw pointers inside a store (in instances and the VM context)
// point only into boxes the store itself owns, so moving the store to another
// thread moves everything they point to along with it. A store is not `Sync`:
// it is used by one thread at a time.
unsafe impl Send for Store {}

impl Store {
    pub fn new(engine: &Engine) -> Store {
        let interrupt = super::metering::InterruptFlag::default();
        Store {
            id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
            engine: engine.clone(),
            funcs: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            globals: Vec::new(),
            instances: Vec::new(),
            externs: Vec::new(),
            tags: Vec::new(),
            exns: Default::default(),
            scratch: Vec::new(),
            vm: Box::new(VMRuntime {
                stack_limit: 0,
                funcs: std::ptr::null(),
                store: std::ptr::null_mut(),
                interrupt: interrupt.as_ptr(),
                fuel: 0,
            }),
            vm_funcs: Vec::new(),
            extras: StoreExtras::default(),
            native_floor: 0,
            max_stack_bytes: engine.config().max_stack_bytes,
            interrupt,
        }
    }

    /// The stack budget of calls from the host into this store, in bytes
    /// (the engine's `max_stack_bytes` until changed).
    pub fn max_stack_bytes(&self) -> usize {
        self.max_stack_bytes
    }

    /// Change the stack budget of the next calls from the host (at least
    /// 4096 bytes). Cached interpreter stacks are dropped.
    pub fn set_max_stack_bytes(&mut self, bytes: usize) {
        let bytes = bytes.max(4096);
        if bytes != self.max_stack_bytes {
            self.max_stack_bytes = bytes;
            self.scratch.clear();
        }
    }

    /// Add a function record (and its record for compiled code). `entry`
    /// is the slot of its compiled entry point (null for host functions);
    /// the VM context of a wasm function is set by the caller afterwards.
    /// Add a function record (reusing a reclaimed slot if there is one) and
    /// its record for compiled code; the function's index.
    pub(crate) fn push_func(
        &mut self,
        e: FuncEntity,
        entry: *const std::sync::atomic::AtomicPtr<u8>,
    ) -> u32 {
        let rec = VMFuncRef {
            entry,
            vmctx: std::ptr::null_mut(),
            type_id: e.type_id,
            _pad: 0,
        };
        match self.extras.free_funcs.pop() {
            Some(i) => {
                self.funcs[i as usize] = e;
                self.vm_funcs[i as usize] = rec;
                i
            }
            None => {
                self.vm_funcs.push(rec);
                self.funcs.push(e);
                self.vm.funcs = self.vm_funcs.as_ptr();
                (self.funcs.len() - 1) as u32
            }
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// A process-unique id of this store (handles carry it).
    pub fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn check(&self, store_id: u64, what: &str) {
        assert_eq!(
            store_id, self.id,
            "{what} used with a store that does not own it"
        );
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("id", &self.id)
            .field("funcs", &self.funcs.len())
            .field("instances", &self.instances.len())
            .finish()
    }
}
