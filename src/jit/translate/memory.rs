//! Memory operators: loads and stores, bounds-checked by the memory's guard
//! region (a fault) or, for memories without one, explicitly against the
//! memory's current length (DESIGN decision 7); `memory.size`, and the
//! libcalls for `memory.grow` and the bulk operations. Every operator names
//! its memory (multi-memory); memory 0 is the fast path (`FuncEnv`).

use super::super::env::Libcall;
use super::FuncTranslator;
use crate::runtime::module::memarg_memory;
use cranelift_codegen::ir::{self, types, InstBuilder};
use wasmparser::{MemArg, Operator};

/// How a load reads memory: width in bytes, result type, signedness.
#[derive(Clone, Copy)]
enum Load {
    Plain(ir::Type),
    Ext(u32, ir::Type, bool),
}

impl FuncTranslator<'_, '_> {
    fn load(&mut self, memarg: &MemArg, kind: Load) {
        let addr = self.pop();
        let size = match kind {
            Load::Plain(t) => t.bytes(),
            Load::Ext(bytes, _, _) => bytes,
        };
        let (p, o) = self.env.heap_addr(
            &mut self.b,
            memarg_memory(memarg),
            addr,
            memarg.offset,
            size,
        );
        let f = self.env.heap_flags(memarg_memory(memarg));
        let ins = self.b.ins();
        let v = match kind {
            Load::Plain(t) => ins.load(t, f, p, o),
            Load::Ext(1, t, false) => ins.uload8(t, f, p, o),
            Load::Ext(1, t, true) => ins.sload8(t, f, p, o),
            Load::Ext(2, t, false) => ins.uload16(t, f, p, o),
            Load::Ext(2, t, true) => ins.sload16(t, f, p, o),
            Load::Ext(_, _, false) => ins.uload32(f, p, o),
            Load::Ext(_, _, true) => ins.sload32(f, p, o),
        };
        self.push(v);
    }

    fn store(&mut self, memarg: &MemArg, bytes: u32) {
        let v = self.pop();
        let addr = self.pop();
        let (p, o) = self.env.heap_addr(
            &mut self.b,
            memarg_memory(memarg),
            addr,
            memarg.offset,
            bytes,
        );
        let f = self.env.heap_flags(memarg_memory(memarg));
        let ty = self.b.func.dfg.value_type(v);
        let ins = self.b.ins();
        if bytes == ty.bytes() {
            ins.store(f, v, p, o);
        } else {
            match bytes {
                1 => ins.istore8(f, v, p, o),
                2 => ins.istore16(f, v, p, o),
                _ => ins.istore32(f, v, p, o),
            };
        }
    }

    /// Memory operators; `true` when handled.
    pub(super) fn memory(&mut self, op: &Operator<'_>) -> bool {
        use types::{F32, F64, I32, I64};
        match *op {
            Operator::I32Load { ref memarg } => self.load(memarg, Load::Plain(I32)),
            Operator::I64Load { ref memarg } => self.load(memarg, Load::Plain(I64)),
            Operator::F32Load { ref memarg } => self.load(memarg, Load::Plain(F32)),
            Operator::F64Load { ref memarg } => self.load(memarg, Load::Plain(F64)),
            Operator::I32Load8S { ref memarg } => self.load(memarg, Load::Ext(1, I32, true)),
            Operator::I32Load8U { ref memarg } => self.load(memarg, Load::Ext(1, I32, false)),
            Operator::I32Load16S { ref memarg } => self.load(memarg, Load::Ext(2, I32, true)),
            Operator::I32Load16U { ref memarg } => self.load(memarg, Load::Ext(2, I32, false)),
            Operator::I64Load8S { ref memarg } => self.load(memarg, Load::Ext(1, I64, true)),
            Operator::I64Load8U { ref memarg } => self.load(memarg, Load::Ext(1, I64, false)),
            Operator::I64Load16S { ref memarg } => self.load(memarg, Load::Ext(2, I64, true)),
            Operator::I64Load16U { ref memarg } => self.load(memarg, Load::Ext(2, I64, false)),
            Operator::I64Load32S { ref memarg } => self.load(memarg, Load::Ext(4, I64, true)),
            Operator::I64Load32U { ref memarg } => self.load(memarg, Load::Ext(4, I64, false)),
            Operator::I32Store { ref memarg } | Operator::F32Store { ref memarg } => {
                self.store(memarg, 4)
            }
            Operator::I64Store { ref memarg } | Operator::F64Store { ref memarg } => {
                self.store(memarg, 8)
            }
            Operator::I32Store8 { ref memarg } | Operator::I64Store8 { ref memarg } => {
                self.store(memarg, 1)
            }
            Operator::I32Store16 { ref memarg } | Operator::I64Store16 { ref memarg } => {
                self.store(memarg, 2)
            }
            Operator::I64Store32 { ref memarg } => self.store(memarg, 4),
            Operator::MemorySize { mem } => {
                let ty = self.env.module.memories[mem as usize];
                let len = self.env.heap_len(&mut self.b, mem);
                let pages = self.b.ins().ushr_imm_s(len, ty.page_size_log2 as i64);
                let v = self.index_result(pages, ty.is64());
                self.push(v);
            }
            Operator::MemoryGrow { mem } => {
                let is64 = self.env.module.memories[mem as usize].is64();
                let delta = self.pop();
                let delta = self.index64(delta);
                let mem = self.b.ins().iconst(I32, mem as i64);
                let v = self
                    .env
                    .libcall(&mut self.b, Libcall::MemoryGrow, &[mem, delta])
                    .expect("memory.grow returns the old size");
                let v = self.index_result(v, is64);
                self.push(v);
            }
            Operator::MemoryFill { mem } => {
                let (d, v, n) = self.pop3();
                let (d, n) = (self.index64(d), self.index64(n));
                let mem = self.b.ins().iconst(I32, mem as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::MemoryFill, &[mem, d, v, n]);
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                let (d, s, n) = self.pop3();
                let (d, s, n) = (self.index64(d), self.index64(s), self.index64(n));
                let dm = self.b.ins().iconst(I32, dst_mem as i64);
                let sm = self.b.ins().iconst(I32, src_mem as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::MemoryCopy, &[dm, sm, d, s, n]);
            }
            Operator::MemoryInit { data_index, mem } => {
                let (d, s, n) = self.pop3();
                let d = self.index64(d);
                let mem = self.b.ins().iconst(I32, mem as i64);
                let seg = self.b.ins().iconst(I32, data_index as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::MemoryInit, &[mem, seg, d, s, n]);
            }
            Operator::DataDrop { data_index } => {
                let seg = self.b.ins().iconst(I32, data_index as i64);
                self.env.libcall(&mut self.b, Libcall::DataDrop, &[seg]);
            }
            _ => return false,
        }
        true
    }
}
