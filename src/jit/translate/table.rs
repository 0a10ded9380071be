//! Table and reference operators. `table.get`, `table.set` and
//! `table.size` read the table's `VMTable` in place; growing, filling,
//! copying and initialising go through libcalls.

use super::super::env::Libcall;
use super::FuncTranslator;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData};
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// Address of element `index` (an i32) of `table`, bounds-checked.
    fn table_elem_addr(
        &mut self,
        table: u32,
        index: cranelift_codegen::ir::Value,
        code: TrapCode,
    ) -> cranelift_codegen::ir::Value {
        let (base, len) = self.env.table_base_len(&mut self.b, table);
        let i = self.b.ins().uextend(types::I64, index);
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
                let v = self.b.ins().ireduce(I32, len);
                self.push(v);
            }
            Operator::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let t = self.b.ins().iconst(I32, table as i64);
                let v = self
                    .env
                    .libcall(&mut self.b, Libcall::TableGrow, &[t, init, delta]);
                self.push(v.expect("table.grow returns the old size"));
            }
            Operator::TableFill { table } => {
                let (i, v, n) = self.pop3();
                let t = self.b.ins().iconst(I32, table as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::TableFill, &[t, i, v, n]);
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let (d, s, n) = self.pop3();
                let dt = self.b.ins().iconst(I32, dst_table as i64);
                let st = self.b.ins().iconst(I32, src_table as i64);
                self.env
                    .libcall_checked(&mut self.b, Libcall::TableCopy, &[dt, st, d, s, n]);
            }
            Operator::TableInit { elem_index, table } => {
                let (d, s, n) = self.pop3();
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
