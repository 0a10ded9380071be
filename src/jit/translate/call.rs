//! Call operators. Calls between the module's own functions are direct;
//! calls to imports and `call_indirect` go through the store's function
//! record (`VMFuncRef`): straight into compiled code when the callee has
//! some, else through the runtime (host functions, interpreted callees).
//! Tail calls: `env/tail.rs`.

use super::FuncTranslator;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// Call operators; `true` when handled.
    pub(super) fn call(&mut self, op: &Operator<'_>) -> bool {
        match *op {
            Operator::Call { function_index } => {
                let m = self.env.module;
                let ty = m.func_type(function_index).clone();
                let args = self.popn(ty.params().len());
                let results = if function_index >= m.num_imported_funcs {
                    let def = function_index - m.num_imported_funcs;
                    self.env.call_defined(&mut self.b, def, &args)
                } else {
                    let sidx = self.env.store_func_index(&mut self.b, function_index);
                    let tidx = m.func_types[function_index as usize];
                    self.env.call_store_func(&mut self.b, sidx, tidx, &args)
                };
                self.stack.extend(results);
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let ty = self.env.module.types[type_index as usize].clone();
                let index = self.pop();
                let args = self.popn(ty.params().len());
                let sidx = self.indirect_callee(type_index, table_index, index);
                let results = self
                    .env
                    .call_store_func(&mut self.b, sidx, type_index, &args);
                self.stack.extend(results);
            }
            Operator::ReturnCall { function_index } => {
                let m = self.env.module;
                let ty = m.func_type(function_index).clone();
                let args = self.popn(ty.params().len());
                if function_index >= m.num_imported_funcs {
                    let def = function_index - m.num_imported_funcs;
                    self.env.tail_call_defined(&mut self.b, def, &args);
                } else {
                    let sidx = self.env.store_func_index(&mut self.b, function_index);
                    let tidx = m.func_types[function_index as usize];
                    self.env
                        .tail_call_store_func(&mut self.b, sidx, tidx, &args);
                }
                self.set_unreachable();
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let ty = self.env.module.types[type_index as usize].clone();
                let index = self.pop();
                let args = self.popn(ty.params().len());
                let sidx = self.indirect_callee(type_index, table_index, index);
                self.env
                    .tail_call_store_func(&mut self.b, sidx, type_index, &args);
                self.set_unreachable();
            }
            _ => return false,
        }
        true
    }

    /// The store function (an i32) at `index` of table `table_index`,
    /// after the checks of `call_indirect`: in bounds, not null, of type
    /// `type_index`.
    fn indirect_callee(&mut self, type_index: u32, table_index: u32, index: Value) -> Value {
        let (base, len) = self.env.table_base_len(&mut self.b, table_index);
        let i = self.index64(index);
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.env
            .trap_if(&mut self.b, oob, TrapCode::UndefinedElement);
        let off = self.b.ins().ishl_imm_s(i, 3);
        let p = self.b.ins().iadd(base, off);
        let cell = self.b.ins().load(
            types::I64,
            cranelift_codegen::ir::MemFlagsData::trusted(),
            p,
            0,
        );
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, cell, 0);
        self.env
            .trap_if(&mut self.b, null, TrapCode::IndirectCallToNull);
        let sidx64 = self.b.ins().iadd_imm_s(cell, -1);
        let sidx = self.b.ins().ireduce(types::I32, sidx64);
        let want = self.env.module.type_ids[type_index as usize];
        self.env.check_func_type(&mut self.b, sidx, want);
        sidx
    }
}
