//! Translation of `v128` values (their two-cell stack entries, locals,
//! globals, `select`) and of the SIMD operators (the lists of
//! `isa::for_each_simd`).
//!
//! A vector operand is read from the first of its two consecutive slots
//! (`pop_v128`); a vector result is two fresh temporaries, low half first.
//! Loads and stores follow the scalar ones (`translate.rs`): the address
//! is a slot, the static offset an immediate; memory 0 directly, another
//! memory between two `UseMemory` instructions.

use super::{Operand, Translator};
use crate::interp::isa::*;
use crate::runtime::error::Error;
use crate::runtime::module::memarg_memory;
use crate::runtime::types::ValType;
use wasmparser::{MemArg, Operator};

/// The translator arms of the SIMD lists; returns `true` when `op` is one.
macro_rules! simd_arms {
    ($t:ident $op:ident
        [$($vbin:ident $vbinf:ident),* $(,)?]
        [$($vun:ident $vunf:ident),* $(,)?]
        [$($vtern:ident $vternf:ident),* $(,)?]
        [$($vshift:ident $vshiftf:ident),* $(,)?]
        [$($vtest:ident $vtestf:ident),* $(,)?]
        [$($vsplat:ident $vsplatf:ident),* $(,)?]
        [$($vext:ident $vextf:ident),* $(,)?]
        [$($vrep:ident $vrepf:ident),* $(,)?]
        [$($vload:ident $vlt:ty [$vconv:expr]),* $(,)?]
        [$($vloadl:ident $vllt:ty [$vllf:ident]),* $(,)?]
        [$($vstorel:ident $vslt:ty [$vslf:ident]),* $(,)?]
    ) => {
        match *$op {
            $( Operator::$vbin => $t.v_binary(|dst, a, b| Op::$vbin { dst, a, b }), )*
            $( Operator::$vun => $t.v_unary(|dst, src| Op::$vun { dst, src }), )*
            $( Operator::$vtern => $t.v_ternary(|dst, a, b| Op::$vtern { dst, a, b }), )*
            $( Operator::$vshift => $t.v_shift(|dst, a, b| Op::$vshift { dst, a, b }), )*
            $( Operator::$vtest => $t.v_test(|dst, src| Op::$vtest { dst, src }), )*
            $( Operator::$vsplat => $t.v_splat(|dst, src| Op::$vsplat { dst, src }), )*
            $( Operator::$vext { lane } => $t.v_test(|dst, src| Op::$vext { dst, src, lane }), )*
            $( Operator::$vrep { lane } => $t.v_shift(|dst, a, b| Op::$vrep { dst, a, b, lane }), )*
            $( Operator::$vload { memarg } => {
                let offset = $t.mem_offset(&memarg, 0);
                $t.with_memory(&memarg, |t| t.v_splat(|dst, addr| Op::$vload { dst, addr, offset }))
            } )*
            $( Operator::$vloadl { memarg, lane } => {
                let offset = $t.mem_offset(&memarg, 2);
                $t.with_memory(&memarg, |t| {
                    t.v_load_lane(|dst, addr| Op::$vloadl { dst, addr, offset, lane })
                })
            } )*
            $( Operator::$vstorel { memarg, lane } => {
                let offset = $t.mem_offset(&memarg, 2);
                $t.with_memory(&memarg, |t| {
                    t.v_store(|addr, value| Op::$vstorel { addr, value, offset, lane })
                })
            } )*
            Operator::V128Store { memarg } => {
                let offset = $t.mem_offset(&memarg, 2);
                $t.with_memory(&memarg, |t| t.v_store(|addr, value| Op::V128Store { addr, value, offset }))
            }
            Operator::I8x16Shuffle { lanes } => $t.shuffle(u128::from_le_bytes(lanes)),
            _ => return Ok(false),
        }
        return Ok(true);
    };
}

impl Translator<'_> {
    /// Whether the value on top of the stack is a `v128` (two entries).
    pub(super) fn top_is_v128(&self) -> bool {
        self.hi.last() == Some(&true)
    }

    /// The slot of local `idx` and whether it is a `v128` (two slots).
    pub(super) fn local(&self, idx: u32) -> (Slot, bool) {
        if self.local_slots.is_empty() {
            (idx, false)
        } else {
            (
                self.local_slots[idx as usize],
                self.local_wide[idx as usize],
            )
        }
    }

    /// Pop a `v128` and return the first of the two consecutive slots it is
    /// in (copying it to its temporaries if its halves are apart).
    pub(super) fn pop_v128(&mut self) -> Slot {
        let top = self.stack.len() - 1;
        let (lo, hi) = (self.slot_of(top - 1), self.slot_of(top));
        if hi != lo + 1 {
            self.materialize(top - 1);
            self.materialize(top);
        }
        let lo = self.slot_of(top - 1);
        self.pop();
        self.pop();
        lo
    }

    pub(super) fn global_is_v128(&self, global: u32) -> bool {
        self.env.globals[global as usize].content == ValType::V128
    }

    /// `select` of two `v128`s (the condition already popped): one select
    /// per half, with the same condition.
    pub(super) fn select_v128(&mut self, cond: Slot) {
        let b_hi = self.pop_slot();
        let b_lo = self.pop_slot();
        let a_hi = self.pop_slot();
        let a_lo = self.pop_slot();
        // The low result's slot is the low `a`'s own temporary, which
        // nothing the second select reads lives in.
        let lo = self.push_temp();
        self.push_cell(Operand::Temp, true);
        self.emit(Op::Select {
            dst: lo,
            a: a_lo,
            b: b_lo,
        });
        self.emit(Op::Arg { slot: cond });
        self.emit(Op::Select {
            dst: lo + 1,
            a: a_hi,
            b: b_hi,
        });
        self.emit(Op::Arg { slot: cond });
    }

    /// `local.set` / `local.tee` of the `v128` local in slots `slot, slot + 1`.
    pub(super) fn set_v128_local(&mut self, slot: Slot, tee: bool) {
        if self.retarget_v128(slot, tee) {
            return;
        }
        let top = self.stack.len() - 1;
        self.materialize_local(slot, top - 1);
        self.materialize_local(slot + 1, top - 1);
        let (lo, hi) = (self.slot_of(top - 1), self.slot_of(top));
        // The value is the local itself (nothing to copy) or lives in
        // slots apart from the local's two.
        if lo != slot {
            self.emit(Op::Copy { dst: slot, src: lo });
            self.emit(Op::Copy {
                dst: slot + 1,
                src: hi,
            });
        }
        if !tee {
            self.pop();
            self.pop();
        }
    }

    /// The SIMD operators but `v128.const`; `true` when `op` is one.
    pub(super) fn simd(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        let t = self;
        for_each_simd!(simd_arms t op);
    }

    /// A vector load or store: on memory 0 as it is; on another memory
    /// (multi-memory) between two `UseMemory`, which point the executor's
    /// cached memory at it and back at memory 0, so that the vector
    /// instructions need no memory operand.
    fn with_memory(&mut self, memarg: &MemArg, access: impl FnOnce(&mut Self)) {
        let mem = memarg_memory(memarg);
        if mem != 0 {
            self.emit(Op::UseMemory { mem });
        }
        access(self);
        if mem != 0 {
            self.emit(Op::UseMemory { mem: 0 });
        }
    }

    /// `local.set`/`local.tee` of the vector on top into the `v128` local
    /// at `slot`: when the last instruction computed it into its fresh
    /// temporaries and no older read of the local is pending, that
    /// instruction writes the local instead (no copies). `true` if done.
    pub(super) fn retarget_v128(&mut self, slot: Slot, tee: bool) -> bool {
        let Some(i) = self.retarget else {
            return false;
        };
        let top = self.stack.len() - 1;
        let below = &self.stack[..top - 1];
        if self.stack[top - 1] != Operand::Temp
            || self.stack[top] != Operand::Temp
            || self.ops[i].v128_dst() != Some(self.temp(top - 1))
            || below.contains(&Operand::Local(slot))
            || below.contains(&Operand::Local(slot + 1))
        {
            return false;
        }
        self.ops[i].set_v128_dst(slot);
        self.retarget = None;
        self.pop();
        self.pop();
        if tee {
            self.push(Operand::Local(slot));
            self.push_cell(Operand::Local(slot + 1), true);
        }
        true
    }

    /// Push two fresh temporaries for a vector result; the first's slot.
    fn push_v128_temp(&mut self) -> Slot {
        let dst = self.push_temp();
        self.push_cell(Operand::Temp, true);
        dst
    }

    /// Vector `(a, b) -> vector`.
    fn v_binary(&mut self, f: impl FnOnce(Slot, Slot, Slot) -> Op) {
        let b = self.pop_v128();
        let a = self.pop_v128();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, a, b));
        self.retarget = Some(i);
    }

    /// Vector `a -> vector`.
    fn v_unary(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let a = self.pop_v128();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, a));
        self.retarget = Some(i);
    }

    /// Vector `(a, b, c) -> vector`, `c` in the following `Arg`.
    fn v_ternary(&mut self, f: impl FnOnce(Slot, Slot, Slot) -> Op) {
        let c = self.pop_v128();
        let b = self.pop_v128();
        let a = self.pop_v128();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, a, b));
        self.emit(Op::Arg { slot: c });
        self.retarget = Some(i);
    }

    /// `(vector, scalar) -> vector` (shifts, replace_lane).
    fn v_shift(&mut self, f: impl FnOnce(Slot, Slot, Slot) -> Op) {
        let b = self.pop_slot();
        let a = self.pop_v128();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, a, b));
        self.retarget = Some(i);
    }

    /// `vector -> scalar` (tests, bitmask, extract_lane).
    fn v_test(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let a = self.pop_v128();
        let dst = self.push_temp();
        let i = self.emit(f(dst, a));
        self.retarget = Some(i);
    }

    /// `scalar -> vector` (splats, loads).
    fn v_splat(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let a = self.pop_slot();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, a));
        self.retarget = Some(i);
    }

    /// `(addr, vector) -> vector`, the vector in the following `Arg`.
    fn v_load_lane(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let v = self.pop_v128();
        let addr = self.pop_slot();
        let dst = self.push_v128_temp();
        let i = self.emit(f(dst, addr));
        self.emit(Op::Arg { slot: v });
        self.retarget = Some(i);
    }

    /// `(addr, vector) ->` (stores).
    fn v_store(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let value = self.pop_v128();
        let addr = self.pop_slot();
        self.emit(f(addr, value));
    }

    /// `i8x16.shuffle`: the mask is a vector constant (pre-scanned).
    fn shuffle(&mut self, mask: u128) {
        let mask = self.v128_slots[&mask];
        let b = self.pop_v128();
        let a = self.pop_v128();
        let dst = self.push_v128_temp();
        let i = self.emit(Op::I8x16Shuffle { dst, a, b });
        self.emit(Op::Arg { slot: mask });
        self.retarget = Some(i);
    }
}
