//! The engine: configuration shared by every module and store made from it,
//! and the registry that gives each distinct function type one id.
//!
//! An engine is cheap to clone (`Arc`), `Send + Sync`, and may be used from
//! any number of threads at once.

use super::tier::Backend;
use super::types::FuncType;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Which tier runs wasm code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tier {
    /// The interpreter only.
    Interp,
    /// Compile everything with the JIT before running.
    Jit,
    /// The default: start interpreted at once, compile hot functions in the
    /// background and switch to them at their next call (a build without
    /// the `jit` feature interprets).
    #[default]
    Auto,
}

impl std::str::FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "interp" | "interpreter" => Ok(Tier::Interp),
            "jit" => Ok(Tier::Jit),
            "auto" => Ok(Tier::Auto),
            _ => Err(format!("unknown tier `{s}` (expected interp, jit or auto)")),
        }
    }
}

/// Engine settings. Every field has a sensible default.
#[derive(Clone, Debug)]
pub struct Config {
    /// Which tier executes code.
    pub tier: Tier,
    /// Size of the value stack of one call from the host, in bytes. Wasm
    /// frames of the interpreter live there (never on the native stack);
    /// compiled code (JIT tier) uses the native stack instead, with this as
    /// its budget (and never less than a safety margin above the end of the
    /// thread's stack). Running out is the trap "call stack exhausted".
    pub max_stack_bytes: usize,
    /// Maximum nesting of interpreted wasm calls of one call from the host
    /// (compiled code is limited by `max_stack_bytes` only).
    pub max_call_depth: usize,
    /// Upper bound for any linear memory, in 64 KiB pages (at most 65536:
    /// no linear memory is larger than 4 GiB, whatever its page size or
    /// address type; the tiers rely on it).
    pub max_memory_pages: u32,
    /// Upper bound for any table, in elements.
    pub max_table_elements: u32,
    /// `Tier::Auto`: calls and loop iterations a module runs interpreted
    /// before it is compiled in the background.
    pub tier_up_threshold: u32,
    /// Allocate linear memories from the global allocator (sized to their
    /// current length) instead of reserving their maximum with `mmap`. With
    /// `Tier::Interp` growth reallocates, so the base address may move; with
    /// the JIT tiers (which keep the base in registers) a memory cannot grow
    /// past its initial size. The embedding API uses this to keep linear
    /// memories inside a host-given pool.
    pub memories_in_heap: bool,
    /// Compiled code traps by faulting (a trapping instruction, or an
    /// access to a linear memory's guard region), caught by signal handlers
    /// that the JIT installs once per process (chained to the host's). Off:
    /// no signal handler is installed and compiled code checks explicitly
    /// (bounds checks, trap conditions) and calls the runtime to trap, at
    /// some cost in speed. For hosts that own their signals (JVMs, Go
    /// programs, sanitizers). The interpreter never uses signals.
    pub signals_based_traps: bool,
    /// Fuel metering (off by default): every wasm instruction executed
    /// costs one unit of the store's fuel (`Store::set_fuel`; `nop`,
    /// `drop`, `block`, `loop`, `else` and `end` cost nothing), charged
    /// the same way on every tier, so a run consumes the same fuel on
    /// `interp`, `jit` and `auto`. A store starts with no fuel; running
    /// out is the trap "all fuel consumed", after which the store is
    /// usable again once refuelled. Costs speed when on (see
    /// benches/README.md); nothing when off.
    pub consume_fuel: bool,
    /// SIMD (fixed-width SIMD and relaxed SIMD, on by default), on every
    /// tier; relaxed SIMD has one deterministic result per operation, the
    /// same on every tier (`runtime::simd` documents the choices). Off:
    /// WebAssembly 2.0 validation without SIMD (a module using it is
    /// refused as "unsupported feature: simd").
    pub wasm_simd: bool,
    /// The multi-memory proposal (on by default): a module may define and
    /// import any number of linear memories, and its memory instructions
    /// name one. Off: WebAssembly 2.0 validation (at most one memory, whose
    /// index immediates are zero bytes), as the 2.0 spec tests assert.
    pub multi_memory: bool,
    /// The tail-call proposal (on by default): `return_call` and
    /// `return_call_indirect` replace the caller's frame, on every tier.
    /// Off: a module using them is refused as "unsupported feature:
    /// tail-call".
    pub tail_call: bool,
    /// Extended constant expressions (on by default): `i32/i64.add`,
    /// `sub`, `mul` and `global.get` in global initialisers and segment
    /// offsets. Off: a module using them is refused as "unsupported
    /// feature: extended-const".
    pub extended_const: bool,
    /// The wide-arithmetic proposal (on by default): `i64.add128`,
    /// `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u` on every tier.
    /// Off: a module using them is refused as "unsupported feature:
    /// wide-arithmetic".
    pub wide_arithmetic: bool,
    /// The memory64 proposal (on by default): memories and tables with
    /// 64-bit addresses, indices and limits, on every tier. Linear
    /// memories stay within `max_memory_pages` (at most 4 GiB) in any case.
    /// Off: a module using them is refused ("memory64 must be enabled ...").
    pub memory64: bool,
    /// The custom page sizes proposal (on by default): memories of 1-byte
    /// pages (`(pagesize 1)`). Off: a module declaring a page size is
    /// refused ("the custom page sizes proposal must be enabled ...").
    pub custom_page_sizes: bool,
    /// Exception handling (tags, `throw`, `throw_ref`, `try_table`,
    /// `exnref`) and its legacy encoding (`try`, `catch`, `catch_all`,
    /// `delegate`, `rethrow`). Off: such modules are refused ("exceptions
    /// proposal not enabled").
    pub exceptions: bool,
}

impl Config {
    /// Whether linear memories get guard regions: 8 GiB of address space
    /// reserved per memory, so that any wasm32 address plus offset lands
    /// inside it and an access past the memory's length faults, which the
    /// JIT turns into the trap (no explicit bounds checks in compiled
    /// code). Only for the compiling tiers and mapped memories, with
    /// signal-based traps.
    pub(crate) fn guarded_memories(&self) -> bool {
        cfg!(all(feature = "jit", target_pointer_width = "64"))
            && self.tier != Tier::Interp
            && !self.memories_in_heap
            && self.signals_based_traps
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tier: Tier::default(),
            max_stack_bytes: 8 << 20,
            max_call_depth: 100_000,
            max_memory_pages: 65536,
            max_table_elements: 10_000_000,
            tier_up_threshold: 1000,
            memories_in_heap: false,
            signals_based_traps: true,
            consume_fuel: false,
            wasm_simd: true,
            multi_memory: true,
            tail_call: true,
            extended_const: true,
            wide_arithmetic: true,
            memory64: true,
            custom_page_sizes: true,
            exceptions: true,
        }
    }
}

/// Canonical ids of function types across all modules of an engine.
#[derive(Default)]
pub(crate) struct TypeRegistry {
    ids: HashMap<FuncType, u32>,
    types: Vec<Arc<FuncType>>,
}

pub(crate) struct EngineInner {
    pub(crate) config: Config,
    pub(crate) types: RwLock<TypeRegistry>,
    /// The tiers that run this engine's modules (see `tier`).
    pub(crate) backend: Box<dyn Backend>,
}

/// A compilation and execution environment. Cloning shares it.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

impl Engine {
    /// An engine whose modules `backend` runs. (`Engine::new`, defined
    /// where the tiers are known, picks the backend for `config.tier`.)
    pub(crate) fn with_backend(mut config: Config, backend: Box<dyn Backend>) -> Self {
        config.max_memory_pages = config.max_memory_pages.min(65536);
        config.max_stack_bytes = config.max_stack_bytes.max(4096);
        config.max_call_depth = config.max_call_depth.max(1);
        Engine {
            inner: Arc::new(EngineInner {
                config,
                types: RwLock::new(TypeRegistry::default()),
                backend,
            }),
        }
    }

    pub(crate) fn backend(&self) -> &dyn Backend {
        &*self.inner.backend
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The canonical id of `ty`, registering it if new.
    pub(crate) fn intern_type(&self, ty: &FuncType) -> u32 {
        if let Some(&id) = self
            .inner
            .types
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .ids
            .get(ty)
        {
            return id;
        }
        let mut reg = self.inner.types.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = reg.ids.get(ty) {
            return id;
        }
        let id = reg.types.len() as u32;
        reg.types.push(Arc::new(ty.clone()));
        reg.ids.insert(ty.clone(), id);
        id
    }

    /// The function type with canonical id `id`.
    pub(crate) fn func_type(&self, id: u32) -> Arc<FuncType> {
        let reg = self.inner.types.read().unwrap_or_else(|e| e.into_inner());
        reg.types[id as usize].clone()
    }

    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }
}
