//! The runtime: engine, store, modules, instances and the objects they own.
//! Everything the C APIs offer is reachable from here in plain Rust.

pub(crate) mod bulk;
pub(crate) mod call;
pub mod embedder;
pub mod engine;
pub mod error;
pub mod exn;
pub mod func;
pub mod global;
pub mod instance;
pub mod memory;
pub mod metering;
pub mod module;
pub mod num;
pub(crate) mod parallel;
pub mod reclaim;
pub mod serialize;
pub mod simd;
pub(crate) mod stack;
pub mod store;
pub mod table;
pub(crate) mod tier;
pub mod trap;
pub mod types;
pub mod values;

pub use engine::{Config, Engine, Tier};
pub use error::{Error, Result};
pub use exn::{ExnRef, Tag};
pub use func::{Caller, Func, HostFn};
pub use global::Global;
pub use instance::{Extern, Instance, VMContext};
pub use memory::{Memory, PAGE_SIZE};
pub use metering::InterruptHandle;
pub use module::{ExternKind, Module};
pub use reclaim::{Garbage, StoreObj};
pub use store::Store;
pub use table::Table;
pub use trap::{FrameInfo, Trap, TrapCode};
pub use types::*;
pub use values::{ExternRef, Val};
