//! Small accessors that embedding APIs (the C APIs) need beyond the Rust
//! API: turning frame records into handles, and what a build supports.

use super::engine::Tier;
use super::instance::Instance;
use super::store::Store;
use super::trap::FrameInfo;

impl FrameInfo {
    /// A handle to the instance this frame ran in. Valid while that
    /// instance lives (see `Store::collect`).
    pub fn instance_handle(&self, store: &Store) -> Instance {
        Instance {
            store: store.id(),
            index: self.instance,
        }
    }
}

impl Tier {
    /// Whether this build can run code on the tier: the JIT needs the `jit`
    /// cargo feature (`Auto` then tiers up; without it `Auto` interprets).
    pub fn available(self) -> bool {
        match self {
            Tier::Interp | Tier::Auto => true,
            Tier::Jit => cfg!(feature = "jit"),
        }
    }
}

impl Instance {
    /// The instance's memory 0 (imported or defined, exported or not), if
    /// it has one: what WAMR-style natives address with app offsets.
    pub fn default_memory(&self, store: &Store) -> Option<super::memory::Memory> {
        self.memory_at(store, 0)
    }

    /// Memory `index` of the instance's memory index space (imported or
    /// defined, exported or not; multi-memory), if there is one.
    pub fn memory_at(&self, store: &Store, index: u32) -> Option<super::memory::Memory> {
        store.check(self.store, "instance");
        let inst = &store.instances[self.index as usize];
        inst.memory_ids
            .get(index as usize)
            .map(|&index| super::memory::Memory {
                store: store.id(),
                index,
            })
    }
}
