//! The interpreter tier: translation of validated wasm into slot-addressed
//! code (`translate`), its instruction set (`isa`) and the executor loop
//! (`exec`); numeric semantics are `runtime::num`, shared by every tier.
//!
//! The tier's code for a module is an `InterpCode`, which `runtime` runs
//! through the tier interface (`runtime::tier::TierCode`). Callees that run
//! in another tier (compiled code, host functions) are called through
//! `runtime::call`: the interpreter knows no other tier.

#[macro_use]
pub(crate) mod isa;
mod cells;
pub(crate) mod exec;
mod exec_support;
pub(crate) mod exn;
pub(crate) mod translate;

use crate::runtime::error::Result;
use crate::runtime::module::{Module, ModuleInner};
use crate::runtime::store::Store;
use crate::runtime::tier::TierCode;
use crate::runtime::trap::Trap;
use std::any::Any;
use translate::{CompiledFunc, ModuleEnv};
use wasmparser::{BinaryReader, FunctionBody};

/// The interpreter's code for the defined functions of one module.
pub(crate) struct InterpCode {
    pub funcs: Box<[CompiledFunc]>,
}

impl TierCode for InterpCode {
    unsafe fn call(
        &self,
        store: &mut Store,
        inst: u32,
        def: u32,
        cells: &mut [u64],
    ) -> Result<(), Trap> {
        // SAFETY: the caller's contract (`TierCode::call`).
        unsafe { exec::enter(store, self, inst, def, cells) }
    }

    fn disassemble(&self, def: u32) -> Option<String> {
        self.funcs.get(def as usize).map(|f| f.disassemble())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Below this many bytes of code, bodies are translated on the calling
/// thread (starting threads would cost more than they save).
const PARALLEL_CODE_BYTES: usize = 256 << 10;

/// Translate every defined function of a validated module (in parallel
/// for large modules).
pub(crate) fn translate_module(m: &ModuleInner) -> Result<InterpCode> {
    translate_module_where(m, |_| true)
}

/// Translate the defined functions `wanted` selects; the others get an
/// empty body that is never run (another tier runs them: `Tier::Jit`).
pub(crate) fn translate_module_where(
    m: &ModuleInner,
    wanted: impl Fn(u32) -> bool + Sync,
) -> Result<InterpCode> {
    let env = ModuleEnv {
        types: &m.types,
        func_types: &m.func_types,
        num_imported_funcs: m.num_imported_funcs,
        globals: &m.globals,
        consume_fuel: m.engine.config().consume_fuel,
        memories: &m.memories,
        tables: &m.tables,
        tags: &m.tags,
    };
    let bytes: usize = m.bodies.iter().map(|r| r.len()).sum();
    let threads = if bytes < PARALLEL_CODE_BYTES {
        1
    } else {
        crate::runtime::parallel::threads_up_to(8)
    };
    let items: Vec<u32> = (0..m.bodies.len() as u32).collect();
    let results = crate::runtime::parallel::map_ordered(
        items,
        threads,
        || (),
        |_, def| {
            if !wanted(def) {
                return Ok(CompiledFunc::not_here());
            }
            let range = m.bodies[def as usize].clone();
            let body = FunctionBody::new(BinaryReader::new(
                &m.bytes[range.clone()],
                range.start as u64,
            ));
            translate::translate(&env, &body, m.num_imported_funcs + def)
        },
    );
    Ok(InterpCode {
        funcs: results.into_iter().collect::<Result<Vec<_>>>()?.into(),
    })
}

impl Module {
    /// The interpreter code of every defined function, one instruction a line
    /// (a debugging aid; the format is not stable; empty on `Tier::Jit`).
    #[doc(hidden)]
    pub fn dump_interp_code(&self) -> String {
        let mut out = String::new();
        let Some(code) = self.inner.code.interp_as::<InterpCode>() else {
            return out;
        };
        for (i, c) in code.funcs.iter().enumerate() {
            let index = i as u32 + self.inner.num_imported_funcs;
            out += &format!(
                "func {index}: frame {} cells, {} consts {:?}\n",
                c.frame_size,
                c.consts.len(),
                c.consts
            );
            for (j, op) in c.ops.iter().enumerate() {
                out += &format!("  {j:4}: {op:?}\n");
            }
        }
        out
    }
}
