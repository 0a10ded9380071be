//! The JIT tier: wasm function bodies compiled to native code with
//! Cranelift.
//!
//! - `translate/`: the function translator (operand stack to SSA), split
//!   by operator category; `env.rs`: the runtime-specific lowering;
//! - `compiler.rs`: whole-module compilation and linking into
//!   `code_memory.rs` (W^X, freed with the module);
//! - `entry.rs` + `trampoline.c`: host -> compiled code entries, the stack
//!   limit, traps (setjmp/longjmp in C, with no Rust frame in between) and
//!   their frames; `libcalls.rs`: runtime functions compiled code calls;
//! - `tier.rs`: tier selection and background tier-up (`auto`), and the
//!   hooks the interpreter calls.
//!
//! This module must never let a panic or a longjmp cross a Rust frame.

mod code_memory;
mod compiler;
mod entry;
mod env;
mod libcalls;
mod tier;
mod translate;

pub(crate) use tier::{note_heat, on_module_created, try_call, ModuleJit};

use code_memory::CodeMemory;

/// Where one compiled function lives and what its call sites are.
pub(crate) struct FuncInfo {
    /// The defined function.
    def: u32,
    /// Offsets in the chunk's code memory of the function and of its
    /// signature's array-call trampoline.
    offset: u32,
    len: u32,
    tramp: u32,
    /// (return address offset in the function, module offset), sorted.
    sites: Box<[(u32, u32)]>,
}

/// One batch of compiled functions of a module in one code memory (the
/// whole module for `Tier::Jit`; the hot functions of a moment for
/// `Tier::Auto`). Owned by the module: freed with it.
pub(crate) struct CodeChunk {
    code: CodeMemory,
    /// Sorted by offset.
    funcs: Box<[FuncInfo]>,
}

impl CodeChunk {
    /// (def, entry point, array-call trampoline) of every function.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u32, *const u8, *const u8)> + '_ {
        let base = self.code.base();
        self.funcs.iter().map(move |f| {
            (
                f.def,
                (base + f.offset as usize) as *const u8,
                (base + f.tramp as usize) as *const u8,
            )
        })
    }

    /// The defined function and module offset of the call site whose
    /// return address is `pc`.
    pub(crate) fn lookup(&self, pc: usize) -> Option<(u32, u32)> {
        let base = self.code.base();
        if pc < base || pc >= base + self.code.len() {
            return None;
        }
        let rel = (pc - base) as u32;
        let i = self
            .funcs
            .partition_point(|f| f.offset <= rel)
            .checked_sub(1)?;
        let f = &self.funcs[i];
        if rel >= f.offset + f.len {
            return None;
        }
        let r = rel - f.offset;
        let j = f.sites.binary_search_by_key(&r, |s| s.0).ok()?;
        Some((f.def, f.sites[j].1))
    }
}

#[cfg(test)]
mod tests;
