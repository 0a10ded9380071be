//! Interruption and fuel in compiled code (`runtime::metering`): the
//! interrupt check at function entries and loop headers, and the charge
//! of a fuel segment.

use super::{fixed, off, FuncEnv};
use crate::runtime::instance::VMRuntime;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};
use cranelift_frontend::FunctionBuilder;
use std::mem::offset_of;

impl FuncEnv<'_> {
    /// Trap "interrupted" when the store's interrupt flag is raised.
    pub fn check_interrupt(&mut self, b: &mut FunctionBuilder<'_>) {
        let flag_ptr = b.ins().load(
            types::I64,
            fixed(),
            self.runtime,
            off(offset_of!(VMRuntime, interrupt)),
        );
        // Another thread raises it while this code runs: an atomic load,
        // which Cranelift never merges with an earlier load of the flag (a
        // plain load in a loop header would be replaced by the function
        // entry's, as no store intervenes). A plain `mov` on x86-64.
        let flag = b
            .ins()
            .atomic_load(types::I32, MemFlagsData::trusted(), flag_ptr);
        self.trap_if(b, flag, TrapCode::Interrupted);
    }

    /// Charge a fuel segment whose cost is not known yet: trap "all fuel
    /// consumed" when less is left, else subtract it. Returns the
    /// instruction holding the cost, for `set_fuel_cost`.
    pub fn fuel_charge(&mut self, b: &mut FunctionBuilder<'_>) -> ir::Inst {
        let at = off(offset_of!(VMRuntime, fuel));
        let left = b
            .ins()
            .load(types::I64, MemFlagsData::trusted(), self.runtime, at);
        let cost = b.ins().iconst(types::I64, 0);
        let inst = b.func.dfg.value_def(cost).unwrap_inst();
        let short = b.ins().icmp(IntCC::UnsignedLessThan, left, cost);
        self.trap_if(b, short, TrapCode::OutOfFuel);
        let rest = b.ins().isub(left, cost);
        b.ins()
            .store(MemFlagsData::trusted(), rest, self.runtime, at);
        inst
    }

    /// The cost of the segment charged by `charge` (from `fuel_charge`).
    pub fn set_fuel_cost(&self, b: &mut FunctionBuilder<'_>, charge: ir::Inst, cost: u64) {
        b.func.replace(charge).iconst(types::I64, cost as i64);
    }
}
