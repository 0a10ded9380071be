//! ferrowasm: a WebAssembly runtime for C and C++ hosts.
//!
//! Layers (each may use only those below it):
//! - `capi` (wasm.h) and `embed` (wasm_export.h): thin `extern "C"` shims;
//! - `wasi`: WASI preview1 host functions;
//! - `runtime`: engine, store, modules, instances, objects;
//! - `interp` and `jit`: the execution tiers.

pub mod capi;
pub mod interp;
pub mod runtime;

pub use runtime::*;
