//! The interpreter's instruction set, defined once.
//!
//! Operands are frame slots (register-style): a function's frame is
//! `[params | locals | constants | operand temporaries]`, and every
//! instruction names the slots it reads and writes. Branch targets are
//! resolved instruction indices within the function.
//!
//! The numeric operators are listed once in the `for_each_*` macros below;
//! the enum, the translator and the executor are all derived from those
//! lists, so an operator cannot be added to one and forgotten in another.

/// Index of a cell in the current frame.
pub type Slot = u32;

/// Pure binary operators: `(u64, u64) -> u64` on cells; wasmparser name, function in `num`.
macro_rules! for_each_binop {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32Eq i32_eq, I32Ne i32_ne, I32LtS i32_lt_s, I32LtU i32_lt_u, I32GtS i32_gt_s,
            I32GtU i32_gt_u, I32LeS i32_le_s, I32LeU i32_le_u, I32GeS i32_ge_s, I32GeU i32_ge_u,
            I64Eq i64_eq, I64Ne i64_ne, I64LtS i64_lt_s, I64LtU i64_lt_u, I64GtS i64_gt_s,
            I64GtU i64_gt_u, I64LeS i64_le_s, I64LeU i64_le_u, I64GeS i64_ge_s, I64GeU i64_ge_u,
            F32Eq f32_eq, F32Ne f32_ne, F32Lt f32_lt, F32Gt f32_gt, F32Le f32_le, F32Ge f32_ge,
            F64Eq f64_eq, F64Ne f64_ne, F64Lt f64_lt, F64Gt f64_gt, F64Le f64_le, F64Ge f64_ge,
            I32Add i32_add, I32Sub i32_sub, I32Mul i32_mul, I32And i32_and, I32Or i32_or,
            I32Xor i32_xor, I32Shl i32_shl, I32ShrS i32_shr_s, I32ShrU i32_shr_u,
            I32Rotl i32_rotl, I32Rotr i32_rotr,
            I64Add i64_add, I64Sub i64_sub, I64Mul i64_mul, I64And i64_and, I64Or i64_or,
            I64Xor i64_xor, I64Shl i64_shl, I64ShrS i64_shr_s, I64ShrU i64_shr_u,
            I64Rotl i64_rotl, I64Rotr i64_rotr,
            F32Add f32_add, F32Sub f32_sub, F32Mul f32_mul, F32Div f32_div, F32Min f32_min,
            F32Max f32_max, F32Copysign f32_copysign,
            F64Add f64_add, F64Sub f64_sub, F64Mul f64_mul, F64Div f64_div, F64Min f64_min,
            F64Max f64_max, F64Copysign f64_copysign,
        ] }
    };
}

/// Binary operators that can trap: `(u64, u64) -> Result<u64, TrapCode>`.
macro_rules! for_each_binop_trap {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32DivS i32_div_s, I32DivU i32_div_u, I32RemS i32_rem_s, I32RemU i32_rem_u,
            I64DivS i64_div_s, I64DivU i64_div_u, I64RemS i64_rem_s, I64RemU i64_rem_u,
        ] }
    };
}

/// Pure unary operators: `u64 -> u64`.
macro_rules! for_each_unop {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32Eqz i32_eqz, I64Eqz i64_eqz, I32Clz i32_clz, I32Ctz i32_ctz, I32Popcnt i32_popcnt,
            I64Clz i64_clz, I64Ctz i64_ctz, I64Popcnt i64_popcnt,
            F32Abs f32_abs, F32Neg f32_neg, F32Ceil f32_ceil, F32Floor f32_floor,
            F32Trunc f32_trunc, F32Nearest f32_nearest, F32Sqrt f32_sqrt,
            F64Abs f64_abs, F64Neg f64_neg, F64Ceil f64_ceil, F64Floor f64_floor,
            F64Trunc f64_trunc, F64Nearest f64_nearest, F64Sqrt f64_sqrt,
            I32WrapI64 i32_wrap_i64, I64ExtendI32S i64_extend_i32_s, I64ExtendI32U i64_extend_i32_u,
            F32ConvertI32S f32_convert_i32_s, F32ConvertI32U f32_convert_i32_u,
            F32ConvertI64S f32_convert_i64_s, F32ConvertI64U f32_convert_i64_u,
            F32DemoteF64 f32_demote_f64,
            F64ConvertI32S f64_convert_i32_s, F64ConvertI32U f64_convert_i32_u,
            F64ConvertI64S f64_convert_i64_s, F64ConvertI64U f64_convert_i64_u,
            F64PromoteF32 f64_promote_f32,
            I32Extend8S i32_extend8_s, I32Extend16S i32_extend16_s, I64Extend8S i64_extend8_s,
            I64Extend16S i64_extend16_s, I64Extend32S i64_extend32_s,
            I32TruncSatF32S i32_trunc_sat_f32_s, I32TruncSatF32U i32_trunc_sat_f32_u,
            I32TruncSatF64S i32_trunc_sat_f64_s, I32TruncSatF64U i32_trunc_sat_f64_u,
            I64TruncSatF32S i64_trunc_sat_f32_s, I64TruncSatF32U i64_trunc_sat_f32_u,
            I64TruncSatF64S i64_trunc_sat_f64_s, I64TruncSatF64U i64_trunc_sat_f64_u,
        ] }
    };
}

/// Unary operators that can trap: `u64 -> Result<u64, TrapCode>`.
macro_rules! for_each_unop_trap {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32TruncF32S i32_trunc_f32_s, I32TruncF32U i32_trunc_f32_u,
            I32TruncF64S i32_trunc_f64_s, I32TruncF64U i32_trunc_f64_u,
            I64TruncF32S i64_trunc_f32_s, I64TruncF32U i64_trunc_f32_u,
            I64TruncF64S i64_trunc_f64_s, I64TruncF64U i64_trunc_f64_u,
        ] }
    };
}

/// Loads: wasmparser name (also the name of the memory-0 instruction),
/// the name of the instruction for any other memory, native type read,
/// conversion to the cell.
macro_rules! for_each_load {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32Load I32LoadMem u32 [|v: u32| v as u64],
            I64Load I64LoadMem u64 [|v: u64| v],
            F32Load F32LoadMem u32 [|v: u32| v as u64],
            F64Load F64LoadMem u64 [|v: u64| v],
            I32Load8S I32Load8SMem i8 [|v: i8| v as i32 as u32 as u64],
            I32Load8U I32Load8UMem u8 [|v: u8| v as u64],
            I32Load16S I32Load16SMem i16 [|v: i16| v as i32 as u32 as u64],
            I32Load16U I32Load16UMem u16 [|v: u16| v as u64],
            I64Load8S I64Load8SMem i8 [|v: i8| v as i64 as u64],
            I64Load8U I64Load8UMem u8 [|v: u8| v as u64],
            I64Load16S I64Load16SMem i16 [|v: i16| v as i64 as u64],
            I64Load16U I64Load16UMem u16 [|v: u16| v as u64],
            I64Load32S I64Load32SMem i32 [|v: i32| v as i64 as u64],
            I64Load32U I64Load32UMem u32 [|v: u32| v as u64],
        ] }
    };
}

/// Stores: wasmparser name (and memory-0 instruction), the instruction for
/// any other memory, native type written (the cell is truncated to it).
macro_rules! for_each_store {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I32Store I32StoreMem u32, I64Store I64StoreMem u64,
            F32Store F32StoreMem u32, F64Store F64StoreMem u64,
            I32Store8 I32Store8Mem u8, I32Store16 I32Store16Mem u16,
            I64Store8 I64Store8Mem u8, I64Store16 I64Store16Mem u16,
            I64Store32 I64Store32Mem u32,
        ] }
    };
}

/// Fused integer compare-and-branch: fused name, the compare it replaces,
/// the fused name of the inverse comparison, and the compare function.
/// Branch to `target` when the comparison holds.
macro_rules! for_each_br_cmp {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            BrI32Eq I32Eq BrI32Ne i32_eq, BrI32Ne I32Ne BrI32Eq i32_ne,
            BrI32LtS I32LtS BrI32GeS i32_lt_s, BrI32LtU I32LtU BrI32GeU i32_lt_u,
            BrI32GtS I32GtS BrI32LeS i32_gt_s, BrI32GtU I32GtU BrI32LeU i32_gt_u,
            BrI32LeS I32LeS BrI32GtS i32_le_s, BrI32LeU I32LeU BrI32GtU i32_le_u,
            BrI32GeS I32GeS BrI32LtS i32_ge_s, BrI32GeU I32GeU BrI32LtU i32_ge_u,
            BrI64Eq I64Eq BrI64Ne i64_eq, BrI64Ne I64Ne BrI64Eq i64_ne,
            BrI64LtS I64LtS BrI64GeS i64_lt_s, BrI64LtU I64LtU BrI64GeU i64_lt_u,
            BrI64GtS I64GtS BrI64LeS i64_gt_s, BrI64GtU I64GtU BrI64LeU i64_gt_u,
            BrI64LeS I64LeS BrI64GtS i64_le_s, BrI64LeU I64LeU BrI64GtU i64_le_u,
            BrI64GeS I64GeS BrI64LtS i64_ge_s, BrI64GeU I64GeU BrI64LtU i64_ge_u,
        ] }
    };
}

#[allow(unused_imports)]
pub(crate) use {
    for_each_binop, for_each_binop_trap, for_each_br_cmp, for_each_load, for_each_store,
    for_each_unop, for_each_unop_trap,
};

/// Builds the enum from the six lists, collected one after another.
macro_rules! define_op_chain {
    (@1 $bin:tt) => { for_each_binop_trap!{define_op_chain @2 $bin} };
    (@2 $bin:tt $bint:tt) => { for_each_unop!{define_op_chain @3 $bin $bint} };
    (@3 $bin:tt $bint:tt $un:tt) => { for_each_unop_trap!{define_op_chain @4 $bin $bint $un} };
    (@4 $bin:tt $bint:tt $un:tt $unt:tt) => {
        for_each_load!{define_op_chain @5 $bin $bint $un $unt}
    };
    (@5 $bin:tt $bint:tt $un:tt $unt:tt $load:tt) => {
        for_each_store!{define_op_chain @6 $bin $bint $un $unt $load}
    };
    (@6 $bin:tt $bint:tt $un:tt $unt:tt $load:tt $store:tt) => {
        for_each_br_cmp!{define_op_chain @7 $bin $bint $un $unt $load $store}
    };
    (@7 [$($bin:ident $binf:ident),* $(,)?]
        [$($bint:ident $bintf:ident),* $(,)?]
        [$($un:ident $unf:ident),* $(,)?]
        [$($unt:ident $untf:ident),* $(,)?]
        [$($load:ident $loadm:ident $lt:ty [$conv:expr]),* $(,)?]
        [$($store:ident $storem:ident $st:ty),* $(,)?]
        [$($brc:ident $brc_cmp:ident $brc_inv:ident $brc_f:ident),* $(,)?]
    ) => {
        /// One interpreter instruction (16 bytes).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Op {
            // ---- control ----
            /// Trap "unreachable".
            Unreachable,
            /// Jump to instruction `target`.
            Br { target: u32 },
            /// Jump if the i32 in `cond` is non-zero.
            BrIfNez { cond: Slot, target: u32 },
            /// Jump if the i32 in `cond` is zero.
            BrIfEqz { cond: Slot, target: u32 },
            /// Followed by `len + 1` `Br` instructions: run entry `min(index, len)`.
            BrTable { index: Slot, len: u32 },
            /// Return; results are already in slots `0..n`.
            Return,
            /// Move `src` to slot 0 and return.
            Return1 { src: Slot },
            /// Call defined function `func` (index among the module's defined
            /// functions); its frame starts at slot `base`, where the arguments are
            /// and where the results will be.
            Call { func: u32, base: Slot },
            /// Call function `func` of the module's index space (an import).
            CallImport { func: u32, base: Slot },
            /// Indirect call through `table` with signature `type_idx` (module type
            /// index); arguments at `base..`, the table index right after them.
            CallIndirect { base: Slot, type_idx: u32, table: u32 },
            // ---- data movement ----
            Copy { dst: Slot, src: Slot },
            /// `dst = cond != 0 ? a : b`, where `cond` is in the following `Arg`.
            Select { dst: Slot, a: Slot, b: Slot },
            /// An extra operand of the preceding instruction (a slot, or the
            /// memory index of a load or store of memory N); never executed.
            Arg { slot: Slot },
            GlobalGet { dst: Slot, global: u32 },
            GlobalSet { src: Slot, global: u32 },
            /// `v128` global to slots `dst, dst + 1` (low half first).
            GlobalGetV128 { dst: Slot, global: u32 },
            /// Slots `src, src + 1` to a `v128` global.
            GlobalSetV128 { src: Slot, global: u32 },
            RefFunc { dst: Slot, func: u32 },
            // ---- memory (`mem`: a memory index) ----
            MemorySize { dst: Slot, mem: u32 },
            MemoryGrow { dst: Slot, delta: Slot, mem: u32 },
            /// Operands (dst, src, len) at `base..base+3`.
            MemoryCopy { base: Slot, dst_mem: u32, src_mem: u32 },
            /// Operands (dst, value, len) at `base..base+3`.
            MemoryFill { base: Slot, mem: u32 },
            /// Operands (dst, src, len) at `base..base+3`.
            MemoryInit { base: Slot, seg: u32, mem: u32 },
            DataDrop { seg: u32 },
            // ---- tables ----
            TableGet { dst: Slot, index: Slot, table: u32 },
            TableSet { index: Slot, value: Slot, table: u32 },
            TableSize { dst: Slot, table: u32 },
            /// Operands (init, delta) at `base..base+2`; result at `base`.
            TableGrow { base: Slot, table: u32 },
            /// Operands (index, value, len) at `base..base+3`.
            TableFill { base: Slot, table: u32 },
            /// Operands (dst, src, len) at `base..base+3`.
            TableCopy { base: Slot, dst_table: u32, src_table: u32 },
            /// Operands (dst, src, len) at `base..base+3`.
            TableInit { base: Slot, table: u32, seg: u32 },
            ElemDrop { seg: u32 },
            // ---- numeric (from the lists above) ----
            $( $bin { dst: Slot, a: Slot, b: Slot }, )*
            $( $bint { dst: Slot, a: Slot, b: Slot }, )*
            $( $un { dst: Slot, src: Slot }, )*
            $( $unt { dst: Slot, src: Slot }, )*
            // Loads and stores of memory 0 (the common, fast instructions)
            // and of any other memory (multi-memory), whose index is the
            // following `Arg`. (Every instruction is a tag and at most three
            // u32 fields: a narrower field would narrow the tag and cost the
            // dispatch of every instruction a load.)
            $( $load { dst: Slot, addr: Slot, offset: u32 }, )*
            $( $store { addr: Slot, value: Slot, offset: u32 }, )*
            $( $loadm { dst: Slot, addr: Slot, offset: u32 }, )*
            $( $storem { addr: Slot, value: Slot, offset: u32 }, )*
            $( $brc { a: Slot, b: Slot, target: u32 }, )*
        }

        impl Op {
            /// The slot a computing instruction writes, if it is one whose
            /// destination the translator may redirect.
            pub fn dst(&self) -> Option<Slot> {
                match *self {
                    $( Op::$bin { dst, .. } )|*
                    | $( Op::$bint { dst, .. } )|*
                    | $( Op::$un { dst, .. } )|*
                    | $( Op::$unt { dst, .. } )|*
                    | $( Op::$load { dst, .. } )|*
                    | $( Op::$loadm { dst, .. } )|* => Some(dst),
                    _ => None,
                }
            }

            /// The branch target of a jump, to be patched once the label is known.
            pub fn target_mut(&mut self) -> Option<&mut u32> {
                match self {
                    Op::Br { target }
                    | Op::BrIfNez { target, .. }
                    | Op::BrIfEqz { target, .. }
                    $( | Op::$brc { target, .. } )* => Some(target),
                    _ => None,
                }
            }

            /// The compare-and-branch that replaces this integer comparison
            /// followed by a conditional branch taken when the result is
            /// `when` (true: `br_if`; false: the jump over an `if`'s body).
            pub fn fuse_branch(&self, when: bool, target: u32) -> Option<Op> {
                match *self {
                    $( Op::$brc_cmp { a, b, .. } => Some(if when {
                        Op::$brc { a, b, target }
                    } else {
                        Op::$brc_inv { a, b, target }
                    }), )*
                    Op::I32Eqz { src, .. } => Some(if when {
                        Op::BrIfEqz { cond: src, target }
                    } else {
                        Op::BrIfNez { cond: src, target }
                    }),
                    _ => None,
                }
            }

            /// Redirect the destination of an instruction for which `dst` is `Some`.
            pub fn set_dst(&mut self, new: Slot) {
                match self {
                    $( Op::$bin { dst, .. } )|*
                    | $( Op::$bint { dst, .. } )|*
                    | $( Op::$un { dst, .. } )|*
                    | $( Op::$unt { dst, .. } )|*
                    | $( Op::$load { dst, .. } )|*
                    | $( Op::$loadm { dst, .. } )|* => *dst = new,
                    _ => {}
                }
            }
        }
    };
}
for_each_binop! {define_op_chain @1}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 16);
    }
}
