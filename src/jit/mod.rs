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
mod signals;
mod tier;
mod translate;

pub(crate) use tier::{compile_all, ModuleJit};

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
    /// (trapping instruction offset in the function, module offset), sorted.
    traps: Box<[(u32, u32)]>,
}

/// One batch of compiled functions of a module in one code memory (the
/// whole module for `Tier::Jit`; the hot functions of a moment for
/// `Tier::Auto`). Owned by the module: freed with it.
pub(crate) struct CodeChunk {
    code: CodeMemory,
    /// Sorted by offset.
    funcs: Box<[FuncInfo]>,
    /// (offset in the chunk, trap code) of every trapping instruction,
    /// sorted: what the signal handler looks up (registered in `signals`
    /// while the chunk lives).
    trap_codes: Box<[(u32, u8)]>,
}

impl Drop for CodeChunk {
    fn drop(&mut self) {
        signals::unregister(self.code.base());
    }
}

impl CodeChunk {
    fn new(code: CodeMemory, funcs: Box<[FuncInfo]>, trap_codes: Box<[(u32, u8)]>) -> CodeChunk {
        let mut trap_codes = trap_codes;
        trap_codes.sort_unstable();
        let c = CodeChunk {
            code,
            funcs,
            trap_codes,
        };
        signals::register(c.code.base(), c.code.base() + c.code.len(), &c.trap_codes);
        c
    }

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
        let f = self.func_at(pc)?;
        let r = (pc - self.code.base()) as u32 - f.offset;
        let j = f.sites.binary_search_by_key(&r, |s| s.0).ok()?;
        Some((f.def, f.sites[j].1))
    }

    /// The defined function and module offset of the trapping instruction
    /// at `pc`.
    pub(crate) fn lookup_trap(&self, pc: usize) -> Option<(u32, u32)> {
        let f = self.func_at(pc)?;
        let r = (pc - self.code.base()) as u32 - f.offset;
        let j = f.traps.binary_search_by_key(&r, |s| s.0).ok()?;
        Some((f.def, f.traps[j].1))
    }

    fn func_at(&self, pc: usize) -> Option<&FuncInfo> {
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
        (rel < f.offset + f.len).then_some(f)
    }
}

#[cfg(test)]
mod tests;
