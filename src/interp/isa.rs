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

/// Set in the memory or table index of a bulk operator, `memory.grow` or
/// `table.grow`: the memory or table is 64-bit (memory64), so its
/// addresses, indices and sizes are read as i64 and a failed grow is the
/// i64 -1.
pub const WIDE: u32 = 1 << 31;

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

/// The SIMD operators (`runtime::simd`), in groups by shape; each entry is
/// the wasmparser name and the function (loads: also the type read).
/// Vector operands and results are the first of two consecutive slots.
///
/// Groups: `[v128 binops {dst, a, b}] [v128 unops {dst, src}]
/// [ternary {dst, a, b} + Arg c] [shifts {dst, a: v128, b: i32}]
/// [v128 -> i32 {dst, src}] [splats {dst, src: scalar}]
/// [extract lane {dst, src, lane}] [replace lane {dst, a: v128, b: scalar, lane}]
/// [loads {dst, addr, offset}: type read, conversion to the vector]
/// [load lane {dst, addr, offset, lane} + Arg vector: type read, replace]
/// [store lane {addr, value, offset, lane}: type written, extract]`.
macro_rules! for_each_simd {
    ($m:ident $($extra:tt)*) => {
        $m! { $($extra)* [
            I8x16Swizzle i8x16_swizzle, I8x16RelaxedSwizzle i8x16_relaxed_swizzle,
            I8x16Eq i8x16_eq, I8x16Ne i8x16_ne, I8x16LtS i8x16_lt_s, I8x16LtU i8x16_lt_u,
            I8x16GtS i8x16_gt_s, I8x16GtU i8x16_gt_u, I8x16LeS i8x16_le_s, I8x16LeU i8x16_le_u,
            I8x16GeS i8x16_ge_s, I8x16GeU i8x16_ge_u,
            I16x8Eq i16x8_eq, I16x8Ne i16x8_ne, I16x8LtS i16x8_lt_s, I16x8LtU i16x8_lt_u,
            I16x8GtS i16x8_gt_s, I16x8GtU i16x8_gt_u, I16x8LeS i16x8_le_s, I16x8LeU i16x8_le_u,
            I16x8GeS i16x8_ge_s, I16x8GeU i16x8_ge_u,
            I32x4Eq i32x4_eq, I32x4Ne i32x4_ne, I32x4LtS i32x4_lt_s, I32x4LtU i32x4_lt_u,
            I32x4GtS i32x4_gt_s, I32x4GtU i32x4_gt_u, I32x4LeS i32x4_le_s, I32x4LeU i32x4_le_u,
            I32x4GeS i32x4_ge_s, I32x4GeU i32x4_ge_u,
            I64x2Eq i64x2_eq, I64x2Ne i64x2_ne, I64x2LtS i64x2_lt_s, I64x2GtS i64x2_gt_s,
            I64x2LeS i64x2_le_s, I64x2GeS i64x2_ge_s,
            F32x4Eq f32x4_eq, F32x4Ne f32x4_ne, F32x4Lt f32x4_lt, F32x4Gt f32x4_gt,
            F32x4Le f32x4_le, F32x4Ge f32x4_ge,
            F64x2Eq f64x2_eq, F64x2Ne f64x2_ne, F64x2Lt f64x2_lt, F64x2Gt f64x2_gt,
            F64x2Le f64x2_le, F64x2Ge f64x2_ge,
            V128And v128_and, V128AndNot v128_andnot, V128Or v128_or, V128Xor v128_xor,
            I8x16NarrowI16x8S i8x16_narrow_i16x8_s, I8x16NarrowI16x8U i8x16_narrow_i16x8_u,
            I8x16Add i8x16_add, I8x16AddSatS i8x16_add_sat_s, I8x16AddSatU i8x16_add_sat_u,
            I8x16Sub i8x16_sub, I8x16SubSatS i8x16_sub_sat_s, I8x16SubSatU i8x16_sub_sat_u,
            I8x16MinS i8x16_min_s, I8x16MinU i8x16_min_u, I8x16MaxS i8x16_max_s,
            I8x16MaxU i8x16_max_u, I8x16AvgrU i8x16_avgr_u,
            I16x8Q15MulrSatS i16x8_q15mulr_sat_s,
            I16x8NarrowI32x4S i16x8_narrow_i32x4_s, I16x8NarrowI32x4U i16x8_narrow_i32x4_u,
            I16x8Add i16x8_add, I16x8AddSatS i16x8_add_sat_s, I16x8AddSatU i16x8_add_sat_u,
            I16x8Sub i16x8_sub, I16x8SubSatS i16x8_sub_sat_s, I16x8SubSatU i16x8_sub_sat_u,
            I16x8Mul i16x8_mul, I16x8MinS i16x8_min_s, I16x8MinU i16x8_min_u,
            I16x8MaxS i16x8_max_s, I16x8MaxU i16x8_max_u, I16x8AvgrU i16x8_avgr_u,
            I16x8ExtMulLowI8x16S i16x8_extmul_low_i8x16_s,
            I16x8ExtMulHighI8x16S i16x8_extmul_high_i8x16_s,
            I16x8ExtMulLowI8x16U i16x8_extmul_low_i8x16_u,
            I16x8ExtMulHighI8x16U i16x8_extmul_high_i8x16_u,
            I32x4Add i32x4_add, I32x4Sub i32x4_sub, I32x4Mul i32x4_mul,
            I32x4MinS i32x4_min_s, I32x4MinU i32x4_min_u, I32x4MaxS i32x4_max_s,
            I32x4MaxU i32x4_max_u, I32x4DotI16x8S i32x4_dot_i16x8_s,
            I32x4ExtMulLowI16x8S i32x4_extmul_low_i16x8_s,
            I32x4ExtMulHighI16x8S i32x4_extmul_high_i16x8_s,
            I32x4ExtMulLowI16x8U i32x4_extmul_low_i16x8_u,
            I32x4ExtMulHighI16x8U i32x4_extmul_high_i16x8_u,
            I64x2Add i64x2_add, I64x2Sub i64x2_sub, I64x2Mul i64x2_mul,
            I64x2ExtMulLowI32x4S i64x2_extmul_low_i32x4_s,
            I64x2ExtMulHighI32x4S i64x2_extmul_high_i32x4_s,
            I64x2ExtMulLowI32x4U i64x2_extmul_low_i32x4_u,
            I64x2ExtMulHighI32x4U i64x2_extmul_high_i32x4_u,
            F32x4Add f32x4_add, F32x4Sub f32x4_sub, F32x4Mul f32x4_mul, F32x4Div f32x4_div,
            F32x4Min f32x4_min, F32x4Max f32x4_max, F32x4PMin f32x4_pmin, F32x4PMax f32x4_pmax,
            F64x2Add f64x2_add, F64x2Sub f64x2_sub, F64x2Mul f64x2_mul, F64x2Div f64x2_div,
            F64x2Min f64x2_min, F64x2Max f64x2_max, F64x2PMin f64x2_pmin, F64x2PMax f64x2_pmax,
            F32x4RelaxedMin f32x4_relaxed_min, F32x4RelaxedMax f32x4_relaxed_max,
            F64x2RelaxedMin f64x2_relaxed_min, F64x2RelaxedMax f64x2_relaxed_max,
            I16x8RelaxedQ15mulrS i16x8_relaxed_q15mulr_s,
            I16x8RelaxedDotI8x16I7x16S i16x8_relaxed_dot_i8x16_i7x16_s,
        ] [
            V128Not v128_not, I8x16Abs i8x16_abs, I8x16Neg i8x16_neg, I8x16Popcnt i8x16_popcnt,
            I16x8ExtAddPairwiseI8x16S i16x8_extadd_pairwise_i8x16_s,
            I16x8ExtAddPairwiseI8x16U i16x8_extadd_pairwise_i8x16_u,
            I16x8Abs i16x8_abs, I16x8Neg i16x8_neg,
            I16x8ExtendLowI8x16S i16x8_extend_low_i8x16_s,
            I16x8ExtendHighI8x16S i16x8_extend_high_i8x16_s,
            I16x8ExtendLowI8x16U i16x8_extend_low_i8x16_u,
            I16x8ExtendHighI8x16U i16x8_extend_high_i8x16_u,
            I32x4ExtAddPairwiseI16x8S i32x4_extadd_pairwise_i16x8_s,
            I32x4ExtAddPairwiseI16x8U i32x4_extadd_pairwise_i16x8_u,
            I32x4Abs i32x4_abs, I32x4Neg i32x4_neg,
            I32x4ExtendLowI16x8S i32x4_extend_low_i16x8_s,
            I32x4ExtendHighI16x8S i32x4_extend_high_i16x8_s,
            I32x4ExtendLowI16x8U i32x4_extend_low_i16x8_u,
            I32x4ExtendHighI16x8U i32x4_extend_high_i16x8_u,
            I64x2Abs i64x2_abs, I64x2Neg i64x2_neg,
            I64x2ExtendLowI32x4S i64x2_extend_low_i32x4_s,
            I64x2ExtendHighI32x4S i64x2_extend_high_i32x4_s,
            I64x2ExtendLowI32x4U i64x2_extend_low_i32x4_u,
            I64x2ExtendHighI32x4U i64x2_extend_high_i32x4_u,
            F32x4Ceil f32x4_ceil, F32x4Floor f32x4_floor, F32x4Trunc f32x4_trunc,
            F32x4Nearest f32x4_nearest, F32x4Abs f32x4_abs, F32x4Neg f32x4_neg,
            F32x4Sqrt f32x4_sqrt,
            F64x2Ceil f64x2_ceil, F64x2Floor f64x2_floor, F64x2Trunc f64x2_trunc,
            F64x2Nearest f64x2_nearest, F64x2Abs f64x2_abs, F64x2Neg f64x2_neg,
            F64x2Sqrt f64x2_sqrt,
            I32x4TruncSatF32x4S i32x4_trunc_sat_f32x4_s, I32x4TruncSatF32x4U i32x4_trunc_sat_f32x4_u,
            F32x4ConvertI32x4S f32x4_convert_i32x4_s, F32x4ConvertI32x4U f32x4_convert_i32x4_u,
            I32x4TruncSatF64x2SZero i32x4_trunc_sat_f64x2_s_zero,
            I32x4TruncSatF64x2UZero i32x4_trunc_sat_f64x2_u_zero,
            F64x2ConvertLowI32x4S f64x2_convert_low_i32x4_s,
            F64x2ConvertLowI32x4U f64x2_convert_low_i32x4_u,
            F32x4DemoteF64x2Zero f32x4_demote_f64x2_zero,
            F64x2PromoteLowF32x4 f64x2_promote_low_f32x4,
            I32x4RelaxedTruncF32x4S i32x4_relaxed_trunc_f32x4_s,
            I32x4RelaxedTruncF32x4U i32x4_relaxed_trunc_f32x4_u,
            I32x4RelaxedTruncF64x2SZero i32x4_relaxed_trunc_f64x2_s_zero,
            I32x4RelaxedTruncF64x2UZero i32x4_relaxed_trunc_f64x2_u_zero,
        ] [
            V128Bitselect v128_bitselect,
            F32x4RelaxedMadd f32x4_relaxed_madd, F32x4RelaxedNmadd f32x4_relaxed_nmadd,
            F64x2RelaxedMadd f64x2_relaxed_madd, F64x2RelaxedNmadd f64x2_relaxed_nmadd,
            I8x16RelaxedLaneselect i8x16_relaxed_laneselect,
            I16x8RelaxedLaneselect i16x8_relaxed_laneselect,
            I32x4RelaxedLaneselect i32x4_relaxed_laneselect,
            I64x2RelaxedLaneselect i64x2_relaxed_laneselect,
            I32x4RelaxedDotI8x16I7x16AddS i32x4_relaxed_dot_i8x16_i7x16_add_s,
        ] [
            I8x16Shl i8x16_shl, I8x16ShrS i8x16_shr_s, I8x16ShrU i8x16_shr_u,
            I16x8Shl i16x8_shl, I16x8ShrS i16x8_shr_s, I16x8ShrU i16x8_shr_u,
            I32x4Shl i32x4_shl, I32x4ShrS i32x4_shr_s, I32x4ShrU i32x4_shr_u,
            I64x2Shl i64x2_shl, I64x2ShrS i64x2_shr_s, I64x2ShrU i64x2_shr_u,
        ] [
            V128AnyTrue v128_any_true,
            I8x16AllTrue i8x16_all_true, I8x16Bitmask i8x16_bitmask,
            I16x8AllTrue i16x8_all_true, I16x8Bitmask i16x8_bitmask,
            I32x4AllTrue i32x4_all_true, I32x4Bitmask i32x4_bitmask,
            I64x2AllTrue i64x2_all_true, I64x2Bitmask i64x2_bitmask,
        ] [
            I8x16Splat i8x16_splat, I16x8Splat i16x8_splat, I32x4Splat i32x4_splat,
            I64x2Splat i64x2_splat, F32x4Splat f32x4_splat, F64x2Splat f64x2_splat,
        ] [
            I8x16ExtractLaneS i8x16_extract_lane_s, I8x16ExtractLaneU i8x16_extract_lane_u,
            I16x8ExtractLaneS i16x8_extract_lane_s, I16x8ExtractLaneU i16x8_extract_lane_u,
            I32x4ExtractLane i32x4_extract_lane, I64x2ExtractLane i64x2_extract_lane,
            F32x4ExtractLane f32x4_extract_lane, F64x2ExtractLane f64x2_extract_lane,
        ] [
            I8x16ReplaceLane i8x16_replace_lane, I16x8ReplaceLane i16x8_replace_lane,
            I32x4ReplaceLane i32x4_replace_lane, I64x2ReplaceLane i64x2_replace_lane,
            F32x4ReplaceLane f32x4_replace_lane, F64x2ReplaceLane f64x2_replace_lane,
        ] [
            V128Load u128 [|v: u128| v],
            V128Load8x8S u64 [simd::load8x8_s], V128Load8x8U u64 [simd::load8x8_u],
            V128Load16x4S u64 [simd::load16x4_s], V128Load16x4U u64 [simd::load16x4_u],
            V128Load32x2S u64 [simd::load32x2_s], V128Load32x2U u64 [simd::load32x2_u],
            V128Load8Splat u8 [|v: u8| simd::i8x16_splat(v as u64)],
            V128Load16Splat u16 [|v: u16| simd::i16x8_splat(v as u64)],
            V128Load32Splat u32 [|v: u32| simd::i32x4_splat(v as u64)],
            V128Load64Splat u64 [simd::i64x2_splat],
            V128Load32Zero u32 [|v: u32| v as u128],
            V128Load64Zero u64 [|v: u64| v as u128],
        ] [
            V128Load8Lane u8 [i8x16_replace_lane], V128Load16Lane u16 [i16x8_replace_lane],
            V128Load32Lane u32 [i32x4_replace_lane], V128Load64Lane u64 [i64x2_replace_lane],
        ] [
            V128Store8Lane u8 [i8x16_extract_lane_u], V128Store16Lane u16 [i16x8_extract_lane_u],
            V128Store32Lane u32 [i32x4_extract_lane], V128Store64Lane u64 [i64x2_extract_lane],
        ] }
    };
}

#[allow(unused_imports)]
pub(crate) use {
    for_each_binop, for_each_binop_trap, for_each_br_cmp, for_each_load, for_each_simd,
    for_each_store, for_each_unop, for_each_unop_trap,
};

/// Builds the enum from the lists, collected one after another.
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
    (@7 $bin:tt $bint:tt $un:tt $unt:tt $load:tt $store:tt $brc:tt) => {
        for_each_simd!{define_op_chain @8 $bin $bint $un $unt $load $store $brc}
    };
    (@8 [$($bin:ident $binf:ident),* $(,)?]
        [$($bint:ident $bintf:ident),* $(,)?]
        [$($un:ident $unf:ident),* $(,)?]
        [$($unt:ident $untf:ident),* $(,)?]
        [$($load:ident $loadm:ident $lt:ty [$conv:expr]),* $(,)?]
        [$($store:ident $storem:ident $st:ty),* $(,)?]
        [$($brc:ident $brc_cmp:ident $brc_inv:ident $brc_f:ident),* $(,)?]
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
        /// One interpreter instruction (16 bytes).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Op {
            // ---- control ----
            /// Trap "unreachable".
            Unreachable,
            /// Charge a fuel segment (`runtime::metering`): trap "all fuel
            /// consumed" if less than `cost` is left.
            Fuel { cost: u32 },
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
            /// Tail calls (`return_call`, `return_call_indirect`), operands as
            /// the calls': an interpreted callee replaces the current frame;
            /// any other is called and its results returned.
            ReturnCall { func: u32, base: Slot },
            ReturnCallImport { func: u32, base: Slot },
            ReturnCallIndirect { base: Slot, type_idx: u32, table: u32 },
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
            /// Point the executor's cached memory (memory 0's base and
            /// length) at memory `mem`: around a vector access of another
            /// memory, which is followed by `UseMemory { mem: 0 }`.
            UseMemory { mem: u32 },
            /// The effective address of an access of the 64-bit memory
            /// `mem`: `dst = addr + offset` (offset: the following two
            /// `Arg`s, low half first), trapping when the sum overflows or
            /// is not below the memory's length. The access follows with
            /// offset 0 and reads `dst` as a 32-bit address (no memory is
            /// larger than 4 GiB), bounds-checking its own size.
            Addr64 { dst: Slot, addr: Slot, mem: u32 },
            /// `dst = min(src, u32::MAX)`: the i64 index of a table64
            /// operand as the 32-bit index of the table instructions (no
            /// table has u32::MAX elements, so bounds stay exact).
            Index64 { dst: Slot, src: Slot },
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
            // ---- exceptions (`runtime::exn`, handlers: `interp::exn`) ----
            /// Throw an exception of tag `tag` (module tag index) carrying
            /// the `cells` cells at `base..`.
            Throw { tag: u32, base: Slot, cells: u32 },
            /// Throw the exception the exnref in `src` names (trap if null).
            ThrowRef { src: Slot },
            /// Rethrow the exception a legacy `catch` keeps in `slot`.
            Rethrow { slot: Slot },
            /// A legacy `catch` body ends: free the exception in `slot`
            /// unless a reference to it escaped.
            ExnDrop { slot: Slot },
            // ---- wide arithmetic (`runtime::num`) ----
            /// `i64.add128`: operands (a_lo, a_hi, b_lo, b_hi) at
            /// `base..base+4`; result (lo, hi) at `base, base+1`.
            I64Add128 { base: Slot },
            /// `i64.sub128`, laid out as `I64Add128`.
            I64Sub128 { base: Slot },
            /// `i64.mul_wide_s`: operands (a, b) at `base, base+1`; result
            /// (lo, hi) there.
            I64MulWideS { base: Slot },
            /// `i64.mul_wide_u`, laid out as `I64MulWideS`.
            I64MulWideU { base: Slot },
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
            // ---- SIMD (vector operands: the first of two slots) ----
            $( $vbin { dst: Slot, a: Slot, b: Slot }, )*
            $( $vun { dst: Slot, src: Slot }, )*
            $(
            /// The third operand in the following `Arg`.
            $vtern { dst: Slot, a: Slot, b: Slot }, )*
            $(
            /// `b` is the i32 shift count.
            $vshift { dst: Slot, a: Slot, b: Slot }, )*
            $(
            /// An i32 result.
            $vtest { dst: Slot, src: Slot }, )*
            $(
            /// A scalar operand.
            $vsplat { dst: Slot, src: Slot }, )*
            $(
            /// A scalar result.
            $vext { dst: Slot, src: Slot, lane: u8 }, )*
            $(
            /// `b` is the scalar lane value.
            $vrep { dst: Slot, a: Slot, b: Slot, lane: u8 }, )*
            $( $vload { dst: Slot, addr: Slot, offset: u32 }, )*
            $(
            /// The vector whose lane is replaced in the following `Arg`.
            $vloadl { dst: Slot, addr: Slot, offset: u32, lane: u8 }, )*
            $( $vstorel { addr: Slot, value: Slot, offset: u32, lane: u8 }, )*
            /// The 16 byte indices in the vector constant named by the following `Arg`.
            I8x16Shuffle { dst: Slot, a: Slot, b: Slot },
            V128Store { addr: Slot, value: Slot, offset: u32 },
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
                    | $( Op::$loadm { dst, .. } )|*
                    | $( Op::$vtest { dst, .. } )|*
                    | $( Op::$vext { dst, .. } )|* => Some(dst),
                    _ => None,
                }
            }

            /// The first slot of the vector a computing instruction writes,
            /// if it is one whose destination the translator may redirect.
            pub fn v128_dst(&self) -> Option<Slot> {
                match *self {
                    $( Op::$vbin { dst, .. } )|*
                    | $( Op::$vun { dst, .. } )|*
                    | $( Op::$vtern { dst, .. } )|*
                    | $( Op::$vshift { dst, .. } )|*
                    | $( Op::$vsplat { dst, .. } )|*
                    | $( Op::$vrep { dst, .. } )|*
                    | $( Op::$vload { dst, .. } )|*
                    | $( Op::$vloadl { dst, .. } )|*
                    | Op::I8x16Shuffle { dst, .. } => Some(dst),
                    _ => None,
                }
            }

            /// Redirect the vector destination of an instruction for which
            /// `v128_dst` is `Some` (every operand is read before it is written).
            pub fn set_v128_dst(&mut self, new: Slot) {
                match self {
                    $( Op::$vbin { dst, .. } )|*
                    | $( Op::$vun { dst, .. } )|*
                    | $( Op::$vtern { dst, .. } )|*
                    | $( Op::$vshift { dst, .. } )|*
                    | $( Op::$vsplat { dst, .. } )|*
                    | $( Op::$vrep { dst, .. } )|*
                    | $( Op::$vload { dst, .. } )|*
                    | $( Op::$vloadl { dst, .. } )|*
                    | Op::I8x16Shuffle { dst, .. } => *dst = new,
                    _ => {}
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
                    | $( Op::$loadm { dst, .. } )|*
                    | $( Op::$vtest { dst, .. } )|*
                    | $( Op::$vext { dst, .. } )|* => *dst = new,
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
