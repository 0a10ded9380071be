//! The interpreter tier: translation of validated wasm into slot-addressed
//! code (`translate`), its instruction set (`isa`), numeric semantics
//! (`num`) and the executor loop (`exec`).

#[macro_use]
pub(crate) mod isa;
pub(crate) mod exec;
pub mod num;
pub(crate) mod translate;
