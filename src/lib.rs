//! ferrowasm: a WebAssembly runtime for C and C++ hosts.
//!
//! Layers (each may use only those below it):
//! - `capi` (wasm.h) and `embed` (wasm_export.h): thin `extern "C"` shims;
//! - `wasi`: WASI preview1 host functions;
//! - `runtime`: engine, store, modules, instances, objects;
//! - `interp` and `jit`: the execution tiers, peers that implement the
//!   tier interface of `runtime::tier`; `tiers` (the engine's constructor)
//!   is the one place that names both.

pub mod capi;
#[cfg(feature = "embed")]
pub mod embed;
pub mod interp;
#[cfg(feature = "jit")]
mod jit;
pub mod runtime;
mod tiers;
#[cfg(feature = "wasi")]
pub mod wasi;

pub use runtime::*;

// The .wast script runner of `ferrowasm wast` and tests/spec.rs (not a
// stable API).
#[doc(hidden)]
pub mod spec_runner;
