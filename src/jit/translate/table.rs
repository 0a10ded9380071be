//! Table and reference operators. `table.get`, `table.set` and
//! `table.size` read the table's `VMTable` in place; growing, filling,
//! copying and initialising go through libcalls.

use super::super::env::Libcall;
use super::FuncTranslator;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// An address, index or length as an i64 (zero-extended if an i32: the
    /// 32-bit memories and tables).
    pub(super) fn index64(&mut self, v: Value) -> Value {
        if self.b.func.dfg.value_type(v) == types::I32 {
            self.b.ins().uextend(types::I64, v)
        } else {
            v
        }
    }

    /// A size or an old size (an i64) as the result of a memory's or
    /// table's operator: narrowed to i32 unless it is 64-bit.
    pub(super) fn index_result(&mut self, v: Value, is64: bool) -> Value {
        if is64 {
            v
        } else {
            self.b.ins().ireduce(types::I32, v)
        }
    }

    fn table64(&self, table: u32) -> bool {
        self.env.module.tables[table as usize].index.is64()
    }

    /// Address of element `index` (an i32, or an i64 of a table64) of
    /// `table`, bounds-checked.
    fn table_elem_addr(&mut self, table: u32, index: Value, code: TrapCode) -> Value {
        let (base, len) = self.env.table_base_len(&mut self.b, table);
        let i = self.index64(index);
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.env.trap_if(&mut self.b, oob, code);
        let off = self.b.ins().ishl_imm_s(i, 3);
        self.b.ins().iadd(base, off)
    }

    /// Table and reference operators; `true` when handled.
    pub(super) fn table(&mut self, op: &Operator<'_>) -> bool {
        use types::{I32, I64};
        let cell = MemFlagsData::trusted();
        match *op {
            Operator::RefNull { .. } => {
                let v = self.b.ins().iconst(I64, 0);
                self.push(v);
            }
            Operator::RefIsNull => {
                let a = self.pop();
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
                let v = self.b.ins().uextend(I32, c);
                self.push(v);
            }
            Operator::RefFunc { function_index } => {
                let idx = self.env.store_func_index(&mut self.b, function_index);
                let wide = self.b.ins().uextend(I64, idx);
                let v = self.b.ins().iadd_imm_s(wide, 1);
                self.push(v);
            }
            Operator::TableGet { table } => {
                let index = self.pop();
                let p = self.table_elem_addr(table, index, TrapCode::TableOutOfBounds);
                let v = self.b.ins().load(I64, cell, p, 0);
                self.push(v);
            }
            Operator::TableSet { table } => {
                let (index, value) = self.pop2();
                let p = self.table_elem_addr(table, index, TrapCode::TableOutOfBounds);
                self.b.ins().store(cell, value, p, 0);
            }
            Operator::TableSize { table } => {
                let (_, len) = self.env.table_base_len(&mut self.b, table);
                let v = self.index_result(len, self.table64(table));
                self.push(v);
            }
            Operator::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let delta = self.index64(delta);
                let t = self.b.ins().iconst(I32, table as i64);
                let v = self
                    .env
                    .libcall(&mut self.b, Libcall::TableGrow, &[t, init, delta])
                    .expect("table.grow returns the old size");
                let v = self.index_result(v, self.table64(table));
                self.push(v);
            }
            Operator::TableFill { table } => {
                let (i, v, n) = self.pop3();
                let (i, n) = (self.index64(i), self.index64(n));
                let t = self.b.ins().iconst(I32, table as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::TableFill, &[t, i, v, n]);
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let (d, s, n) = self.pop3();
                let (d, s, n) = (self.index64(d), self.index64(s), self.index64(n));
                let dt = self.b.ins().iconst(I32, dst_table as i64);
                let st = self.b.ins().iconst(I32, src_table as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::TableCopy, &[dt, st, d, s, n]);
            }
            Operator::TableInit { elem_index, table } => {
                let (d, s, n) = self.pop3();
                let d = self.index64(d);
                let t = self.b.ins().iconst(I32, table as i64);
                let seg = self.b.ins().iconst(I32, elem_index as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::TableInit, &[t, seg, d, s, n]);
            }
            Operator::ElemDrop { elem_index } => {
                let seg = self.b.ins().iconst(I32, elem_index as i64);
                self.env.libcall(&mut self.b, Libcall::ElemDrop, &[seg]);
            }
            _ => return false,
        }
        true
    }
}
