//! SIMD operators (fixed-width SIMD and relaxed SIMD) as Cranelift vector
//! instructions.
//!
//! A `v128` travels as an `i8x16` value (locals, block parameters, the
//! operand stack, signatures); each operator bitcasts its operands to the
//! lane type it works on and its result back to `i8x16`. Bitcasts between
//! vector types cost nothing.
//!
//! Relaxed SIMD is deterministic and the same on every tier (the
//! interpreter's `runtime::simd` makes the same choices): the relaxed
//! swizzle, truncations, min/max and q15mulr are their non-relaxed
//! counterparts, `madd`/`nmadd` are fused (one rounding), `laneselect` is
//! `bitselect`, and the relaxed dot products treat both operands as signed.

use super::FuncTranslator;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{
    F32, F32X4, F64, F64X2, I16, I16X8, I32, I32X4, I64, I64X2, I8, I8X16,
};
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, Value};
use wasmparser::{MemArg, Operator};

/// Lane-wise binary operators: wasmparser name, lane type, Cranelift method.
macro_rules! simd_binops {
    ($m:ident) => {
        $m! {
            I8x16Add I8X16 iadd, I8x16Sub I8X16 isub,
            I8x16AddSatS I8X16 sadd_sat, I8x16AddSatU I8X16 uadd_sat,
            I8x16SubSatS I8X16 ssub_sat, I8x16SubSatU I8X16 usub_sat,
            I8x16MinS I8X16 smin, I8x16MinU I8X16 umin, I8x16MaxS I8X16 smax, I8x16MaxU I8X16 umax,
            I8x16AvgrU I8X16 avg_round,
            I8x16NarrowI16x8S I16X8 snarrow, I8x16NarrowI16x8U I16X8 unarrow,
            I16x8Add I16X8 iadd, I16x8Sub I16X8 isub, I16x8Mul I16X8 imul,
            I16x8AddSatS I16X8 sadd_sat, I16x8AddSatU I16X8 uadd_sat,
            I16x8SubSatS I16X8 ssub_sat, I16x8SubSatU I16X8 usub_sat,
            I16x8MinS I16X8 smin, I16x8MinU I16X8 umin, I16x8MaxS I16X8 smax, I16x8MaxU I16X8 umax,
            I16x8AvgrU I16X8 avg_round, I16x8Q15MulrSatS I16X8 sqmul_round_sat,
            I16x8RelaxedQ15mulrS I16X8 sqmul_round_sat,
            I16x8NarrowI32x4S I32X4 snarrow, I16x8NarrowI32x4U I32X4 unarrow,
            I32x4Add I32X4 iadd, I32x4Sub I32X4 isub, I32x4Mul I32X4 imul,
            I32x4MinS I32X4 smin, I32x4MinU I32X4 umin, I32x4MaxS I32X4 smax, I32x4MaxU I32X4 umax,
            I64x2Add I64X2 iadd, I64x2Sub I64X2 isub, I64x2Mul I64X2 imul,
            F32x4Add F32X4 fadd, F32x4Sub F32X4 fsub, F32x4Mul F32X4 fmul, F32x4Div F32X4 fdiv,
            F32x4Min F32X4 fmin, F32x4Max F32X4 fmax,
            F32x4RelaxedMin F32X4 fmin, F32x4RelaxedMax F32X4 fmax,
            F64x2Add F64X2 fadd, F64x2Sub F64X2 fsub, F64x2Mul F64X2 fmul, F64x2Div F64X2 fdiv,
            F64x2Min F64X2 fmin, F64x2Max F64X2 fmax,
            F64x2RelaxedMin F64X2 fmin, F64x2RelaxedMax F64X2 fmax,
            V128And I8X16 band, V128Or I8X16 bor, V128Xor I8X16 bxor, V128AndNot I8X16 band_not,
            I8x16Swizzle I8X16 swizzle, I8x16RelaxedSwizzle I8X16 swizzle,
        }
    };
}

/// Lane-wise unary operators: name, lane type, method.
macro_rules! simd_unops {
    ($m:ident) => {
        $m! {
            V128Not I8X16 bnot,
            I8x16Abs I8X16 iabs, I8x16Neg I8X16 ineg, I8x16Popcnt I8X16 popcnt,
            I16x8Abs I16X8 iabs, I16x8Neg I16X8 ineg,
            I32x4Abs I32X4 iabs, I32x4Neg I32X4 ineg,
            I64x2Abs I64X2 iabs, I64x2Neg I64X2 ineg,
            F32x4Abs F32X4 fabs, F32x4Neg F32X4 fneg, F32x4Sqrt F32X4 sqrt,
            F32x4Ceil F32X4 ceil, F32x4Floor F32X4 floor, F32x4Trunc F32X4 trunc,
            F32x4Nearest F32X4 nearest,
            F64x2Abs F64X2 fabs, F64x2Neg F64X2 fneg, F64x2Sqrt F64X2 sqrt,
            F64x2Ceil F64X2 ceil, F64x2Floor F64X2 floor, F64x2Trunc F64X2 trunc,
            F64x2Nearest F64X2 nearest,
            I16x8ExtendLowI8x16S I8X16 swiden_low, I16x8ExtendHighI8x16S I8X16 swiden_high,
            I16x8ExtendLowI8x16U I8X16 uwiden_low, I16x8ExtendHighI8x16U I8X16 uwiden_high,
            I32x4ExtendLowI16x8S I16X8 swiden_low, I32x4ExtendHighI16x8S I16X8 swiden_high,
            I32x4ExtendLowI16x8U I16X8 uwiden_low, I32x4ExtendHighI16x8U I16X8 uwiden_high,
            I64x2ExtendLowI32x4S I32X4 swiden_low, I64x2ExtendHighI32x4S I32X4 swiden_high,
            I64x2ExtendLowI32x4U I32X4 uwiden_low, I64x2ExtendHighI32x4U I32X4 uwiden_high,
            F32x4DemoteF64x2Zero F64X2 fvdemote, F64x2PromoteLowF32x4 F32X4 fvpromote_low,
        }
    };
}

/// Conversions `method(result type, operand)`: name, operand type, result type, method.
macro_rules! simd_convs {
    ($m:ident) => {
        $m! {
            I32x4TruncSatF32x4S F32X4 I32X4 fcvt_to_sint_sat,
            I32x4TruncSatF32x4U F32X4 I32X4 fcvt_to_uint_sat,
            I32x4RelaxedTruncF32x4S F32X4 I32X4 fcvt_to_sint_sat,
            I32x4RelaxedTruncF32x4U F32X4 I32X4 fcvt_to_uint_sat,
            F32x4ConvertI32x4S I32X4 F32X4 fcvt_from_sint,
            F32x4ConvertI32x4U I32X4 F32X4 fcvt_from_uint,
        }
    };
}

/// Lane-wise comparisons giving all-ones/all-zeros lanes: name, lane type,
/// condition (`Int` or `Float`), operands swapped or not.
macro_rules! simd_cmps {
    ($m:ident) => {
        $m! {
            I8x16Eq I8X16 Int Equal, I8x16Ne I8X16 Int NotEqual,
            I8x16LtS I8X16 Int SignedLessThan, I8x16LtU I8X16 Int UnsignedLessThan,
            I8x16GtS I8X16 Int SignedGreaterThan, I8x16GtU I8X16 Int UnsignedGreaterThan,
            I8x16LeS I8X16 Int SignedLessThanOrEqual, I8x16LeU I8X16 Int UnsignedLessThanOrEqual,
            I8x16GeS I8X16 Int SignedGreaterThanOrEqual,
            I8x16GeU I8X16 Int UnsignedGreaterThanOrEqual,
            I16x8Eq I16X8 Int Equal, I16x8Ne I16X8 Int NotEqual,
            I16x8LtS I16X8 Int SignedLessThan, I16x8LtU I16X8 Int UnsignedLessThan,
            I16x8GtS I16X8 Int SignedGreaterThan, I16x8GtU I16X8 Int UnsignedGreaterThan,
            I16x8LeS I16X8 Int SignedLessThanOrEqual, I16x8LeU I16X8 Int UnsignedLessThanOrEqual,
            I16x8GeS I16X8 Int SignedGreaterThanOrEqual,
            I16x8GeU I16X8 Int UnsignedGreaterThanOrEqual,
            I32x4Eq I32X4 Int Equal, I32x4Ne I32X4 Int NotEqual,
            I32x4LtS I32X4 Int SignedLessThan, I32x4LtU I32X4 Int UnsignedLessThan,
            I32x4GtS I32X4 Int SignedGreaterThan, I32x4GtU I32X4 Int UnsignedGreaterThan,
            I32x4LeS I32X4 Int SignedLessThanOrEqual, I32x4LeU I32X4 Int UnsignedLessThanOrEqual,
            I32x4GeS I32X4 Int SignedGreaterThanOrEqual,
            I32x4GeU I32X4 Int UnsignedGreaterThanOrEqual,
            I64x2Eq I64X2 Int Equal, I64x2Ne I64X2 Int NotEqual,
            I64x2LtS I64X2 Int SignedLessThan, I64x2GtS I64X2 Int SignedGreaterThan,
            I64x2LeS I64X2 Int SignedLessThanOrEqual, I64x2GeS I64X2 Int SignedGreaterThanOrEqual,
            F32x4Eq F32X4 Float Equal, F32x4Ne F32X4 Float NotEqual,
            F32x4Lt F32X4 Float LessThan, F32x4Gt F32X4 Float GreaterThan,
            F32x4Le F32X4 Float LessThanOrEqual, F32x4Ge F32X4 Float GreaterThanOrEqual,
            F64x2Eq F64X2 Float Equal, F64x2Ne F64X2 Float NotEqual,
            F64x2Lt F64X2 Float LessThan, F64x2Gt F64X2 Float GreaterThan,
            F64x2Le F64X2 Float LessThanOrEqual, F64x2Ge F64X2 Float GreaterThanOrEqual,
        }
    };
}

/// Shifts by an i32 count (taken modulo the lane width, as Cranelift's
/// vector shifts do): name, lane type, method.
macro_rules! simd_shifts {
    ($m:ident) => {
        $m! {
            I8x16Shl I8X16 ishl, I8x16ShrS I8X16 sshr, I8x16ShrU I8X16 ushr,
            I16x8Shl I16X8 ishl, I16x8ShrS I16X8 sshr, I16x8ShrU I16X8 ushr,
            I32x4Shl I32X4 ishl, I32x4ShrS I32X4 sshr, I32x4ShrU I32X4 ushr,
            I64x2Shl I64X2 ishl, I64x2ShrS I64X2 sshr, I64x2ShrU I64X2 ushr,
        }
    };
}

/// Splats of a scalar: name, vector type, scalar type to reduce to (for
/// i8/i16 lanes, from an i32).
macro_rules! simd_splats {
    ($m:ident) => {
        $m! {
            I8x16Splat I8X16 I8, I16x8Splat I16X8 I16, I32x4Splat I32X4 I32,
            I64x2Splat I64X2 I64, F32x4Splat F32X4 F32, F64x2Splat F64X2 F64,
        }
    };
}

/// Lane extraction: name, vector type, extension of a narrow lane to i32.
macro_rules! simd_extracts {
    ($m:ident) => {
        $m! {
            I8x16ExtractLaneS I8X16 sextend, I8x16ExtractLaneU I8X16 uextend,
            I16x8ExtractLaneS I16X8 sextend, I16x8ExtractLaneU I16X8 uextend,
            I32x4ExtractLane I32X4 none, I64x2ExtractLane I64X2 none,
            F32x4ExtractLane F32X4 none, F64x2ExtractLane F64X2 none,
        }
    };
}

/// Lane replacement: name, vector type, lane type.
macro_rules! simd_replaces {
    ($m:ident) => {
        $m! {
            I8x16ReplaceLane I8X16 I8, I16x8ReplaceLane I16X8 I16, I32x4ReplaceLane I32X4 I32,
            I64x2ReplaceLane I64X2 I64, F32x4ReplaceLane F32X4 F32, F64x2ReplaceLane F64X2 F64,
        }
    };
}

/// How a v128 load reads memory.
#[derive(Clone, Copy)]
enum VLoad {
    /// 16 bytes.
    Full,
    /// 8 bytes, each lane widened (see `ext_load`).
    Extend(u8),
    /// One scalar of `ty`, splat to every lane.
    Splat(ir::Type),
    /// One scalar of `ty` into lane 0, the rest zero.
    Zero(ir::Type),
}

impl FuncTranslator<'_, '_> {
    /// Pop a v128 as a vector of type `ty`.
    fn pop_vec(&mut self, ty: ir::Type) -> Value {
        let v = self.pop();
        self.as_vec(v, ty)
    }

    fn as_vec(&mut self, v: Value, ty: ir::Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            let f = ir::MemFlagsData::new().with_endianness(ir::Endianness::Little);
            self.b.ins().bitcast(ty, f, v)
        }
    }

    /// Push a vector as a v128 (`i8x16`).
    fn push_vec(&mut self, v: Value) {
        let v = self.as_vec(v, I8X16);
        self.push(v);
    }

    fn vconst(&mut self, ty: ir::Type, bytes: [u8; 16]) -> Value {
        super::vector_const(&mut self.b, ty, bytes)
    }

    fn vbin(
        &mut self,
        ty: ir::Type,
        f: impl FnOnce(cranelift_frontend::FuncInstBuilder<'_, '_>, Value, Value) -> Value,
    ) {
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let v = f(self.b.ins(), a, b);
        self.push_vec(v);
    }

    fn vun(
        &mut self,
        ty: ir::Type,
        f: impl FnOnce(cranelift_frontend::FuncInstBuilder<'_, '_>, Value) -> Value,
    ) {
        let a = self.pop_vec(ty);
        let v = f(self.b.ins(), a);
        self.push_vec(v);
    }

    /// The address and immediate offset of a v128 access of `size` bytes.
    fn vaddr(&mut self, memarg: &MemArg, size: u32) -> (Value, i32) {
        let addr = self.pop();
        let mem = crate::runtime::module::memarg_memory(memarg);
        self.env
            .heap_addr(&mut self.b, mem, addr, memarg.offset, size)
    }

    fn vload(&mut self, memarg: &MemArg, kind: VLoad) {
        let f = self
            .env
            .heap_flags(crate::runtime::module::memarg_memory(memarg));
        let v = match kind {
            VLoad::Full => {
                let (p, o) = self.vaddr(memarg, 16);
                self.b.ins().load(I8X16, f, p, o)
            }
            VLoad::Extend(which) => {
                let (p, o) = self.vaddr(memarg, 8);
                self.ext_load(f, p, o, which)
            }
            VLoad::Splat(ty) => {
                let (p, o) = self.vaddr(memarg, ty.bytes());
                let x = self.b.ins().load(ty, f, p, o);
                let vt = ty.by(16 / ty.bytes()).expect("a 128-bit vector type");
                self.b.ins().splat(vt, x)
            }
            VLoad::Zero(ty) => {
                let (p, o) = self.vaddr(memarg, ty.bytes());
                let x = self.b.ins().load(ty, f, p, o);
                let vt = ty.by(16 / ty.bytes()).expect("a 128-bit vector type");
                self.b.ins().scalar_to_vector(vt, x)
            }
        };
        self.push_vec(v);
    }

    /// `v128.loadN_lane`: load a lane-sized scalar into lane `lane`.
    fn vload_lane(&mut self, memarg: &MemArg, ty: ir::Type, lane: u8) {
        let vt = ty.by(16 / ty.bytes()).expect("a 128-bit vector type");
        let v = self.pop_vec(vt);
        let (p, o) = self.vaddr(memarg, ty.bytes());
        let f = self
            .env
            .heap_flags(crate::runtime::module::memarg_memory(memarg));
        let x = self.b.ins().load(ty, f, p, o);
        let r = self.b.ins().insertlane(v, x, lane);
        self.push_vec(r);
    }

    /// `v128.storeN_lane`: store lane `lane`.
    fn vstore_lane(&mut self, memarg: &MemArg, ty: ir::Type, lane: u8) {
        let vt = ty.by(16 / ty.bytes()).expect("a 128-bit vector type");
        let v = self.pop_vec(vt);
        let (p, o) = self.vaddr(memarg, ty.bytes());
        let f = self
            .env
            .heap_flags(crate::runtime::module::memarg_memory(memarg));
        let x = self.b.ins().extractlane(v, lane);
        self.b.ins().store(f, x, p, o);
    }

    fn vstore(&mut self, memarg: &MemArg) {
        let v = self.pop_vec(I8X16);
        let (p, o) = self.vaddr(memarg, 16);
        let f = self
            .env
            .heap_flags(crate::runtime::module::memarg_memory(memarg));
        self.b.ins().store(f, v, p, o);
    }

    /// `extmul`: widen the low or high halves of both operands, multiply.
    fn extmul(&mut self, ty: ir::Type, high: bool, signed: bool) {
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let ins = |t: &mut Self, x: Value| match (high, signed) {
            (false, true) => t.b.ins().swiden_low(x),
            (true, true) => t.b.ins().swiden_high(x),
            (false, false) => t.b.ins().uwiden_low(x),
            (true, false) => t.b.ins().uwiden_high(x),
        };
        let (wa, wb) = (ins(self, a), ins(self, b));
        let v = self.b.ins().imul(wa, wb);
        self.push_vec(v);
    }

    /// `extadd_pairwise`: widen every lane, add adjacent pairs.
    fn extadd_pairwise(&mut self, ty: ir::Type, signed: bool) {
        let a = self.pop_vec(ty);
        let (lo, hi) = if signed {
            (self.b.ins().swiden_low(a), self.b.ins().swiden_high(a))
        } else {
            (self.b.ins().uwiden_low(a), self.b.ins().uwiden_high(a))
        };
        let v = self.b.ins().iadd_pairwise(lo, hi);
        self.push_vec(v);
    }

    /// Signed dot product of `ty` lanes: products of the widened lanes,
    /// adjacent pairs added (wrapping in the wide lane type).
    fn dot(&mut self, a: Value, b: Value) -> Value {
        let (alo, ahi) = (self.b.ins().swiden_low(a), self.b.ins().swiden_high(a));
        let (blo, bhi) = (self.b.ins().swiden_low(b), self.b.ins().swiden_high(b));
        let lo = self.b.ins().imul(alo, blo);
        let hi = self.b.ins().imul(ahi, bhi);
        self.b.ins().iadd_pairwise(lo, hi)
    }

    /// `pmin` (`b < a ? b : a`) or `pmax` (`a < b ? b : a`), lane-wise.
    fn pminmax(&mut self, ty: ir::Type, max: bool) {
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let mask = if max {
            self.b.ins().fcmp(FloatCC::LessThan, a, b)
        } else {
            self.b.ins().fcmp(FloatCC::LessThan, b, a)
        };
        let (mask, a, b) = (
            self.as_vec(mask, I8X16),
            self.as_vec(a, I8X16),
            self.as_vec(b, I8X16),
        );
        let v = self.b.ins().bitselect(mask, b, a);
        self.push_vec(v);
    }

    /// `madd` (`a * b + c`) or `nmadd` (`-(a * b) + c`), fused.
    fn madd(&mut self, ty: ir::Type, negate: bool) {
        let c = self.pop_vec(ty);
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let a = if negate { self.b.ins().fneg(a) } else { a };
        let v = self.b.ins().fma(a, b, c);
        self.push_vec(v);
    }

    fn bitselect(&mut self) {
        let c = self.pop_vec(I8X16);
        let b = self.pop_vec(I8X16);
        let a = self.pop_vec(I8X16);
        let v = self.b.ins().bitselect(c, a, b);
        self.push_vec(v);
    }

    fn test_lanes(&mut self, ty: ir::Type, all: bool) {
        let a = self.pop_vec(ty);
        let t = if all {
            self.b.ins().vall_true(a)
        } else {
            self.b.ins().vany_true(a)
        };
        let v = self.b.ins().uextend(I32, t);
        self.push(v);
    }

    /// `trunc_sat_f64x2_{s,u}_zero`: two saturated i32 lanes, two zero lanes.
    fn trunc_sat_zero(&mut self, signed: bool) {
        let a = self.pop_vec(F64X2);
        let zero = self.vconst(I64X2, [0; 16]);
        let v = if signed {
            let w = self.b.ins().fcvt_to_sint_sat(I64X2, a);
            self.b.ins().snarrow(w, zero)
        } else {
            let w = self.b.ins().fcvt_to_uint_sat(I64X2, a);
            self.b.ins().uunarrow(w, zero)
        };
        self.push_vec(v);
    }

    fn convert_low(&mut self, signed: bool) {
        let a = self.pop_vec(I32X4);
        let v = if signed {
            let w = self.b.ins().swiden_low(a);
            self.b.ins().fcvt_from_sint(F64X2, w)
        } else {
            let w = self.b.ins().uwiden_low(a);
            self.b.ins().fcvt_from_uint(F64X2, w)
        };
        self.push_vec(v);
    }

    /// SIMD operators; `true` when handled.
    pub(super) fn simd(&mut self, op: &Operator<'_>) -> bool {
        macro_rules! binops {
            ($($name:ident $ty:ident $method:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        self.vbin($ty, |ins, a, b| ins.$method(a, b));
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        macro_rules! unops {
            ($($name:ident $ty:ident $method:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        self.vun($ty, |ins, a| ins.$method(a));
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        macro_rules! convs {
            ($($name:ident $from:ident $to:ident $method:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        self.vun($from, |ins, a| ins.$method($to, a));
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        macro_rules! cmps {
            ($($name:ident $ty:ident $kind:ident $cc:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        cmps!(@one $ty $kind $cc);
                        return true;
                    } )*
                    _ => {}
                }
            };
            (@one $ty:ident Int $cc:ident) => {
                self.vbin($ty, |ins, a, b| ins.icmp(IntCC::$cc, a, b))
            };
            (@one $ty:ident Float $cc:ident) => {
                self.vbin($ty, |ins, a, b| ins.fcmp(FloatCC::$cc, a, b))
            };
        }
        macro_rules! shifts {
            ($($name:ident $ty:ident $method:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        let n = self.pop();
                        let a = self.pop_vec($ty);
                        let v = self.b.ins().$method(a, n);
                        self.push_vec(v);
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        macro_rules! splats {
            ($($name:ident $ty:ident $lane:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name => {
                        let mut x = self.pop();
                        if $lane == I8 || $lane == I16 {
                            x = self.b.ins().ireduce($lane, x);
                        }
                        let v = self.b.ins().splat($ty, x);
                        self.push_vec(v);
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        macro_rules! extracts {
            ($($name:ident $ty:ident $ext:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name { lane } => {
                        let a = self.pop_vec($ty);
                        let x = self.b.ins().extractlane(a, lane);
                        let x = extracts!(@ext $ext x);
                        self.push(x);
                        return true;
                    } )*
                    _ => {}
                }
            };
            (@ext none $x:ident) => { $x };
            (@ext $ext:ident $x:ident) => { self.b.ins().$ext(I32, $x) };
        }
        macro_rules! replaces {
            ($($name:ident $ty:ident $lane:ident),* $(,)?) => {
                match *op {
                    $( Operator::$name { lane } => {
                        let mut x = self.pop();
                        let a = self.pop_vec($ty);
                        if $lane == I8 || $lane == I16 {
                            x = self.b.ins().ireduce($lane, x);
                        }
                        let v = self.b.ins().insertlane(a, x, lane);
                        self.push_vec(v);
                        return true;
                    } )*
                    _ => {}
                }
            };
        }
        simd_binops!(binops);
        simd_unops!(unops);
        simd_convs!(convs);
        simd_cmps!(cmps);
        simd_shifts!(shifts);
        simd_splats!(splats);
        simd_extracts!(extracts);
        simd_replaces!(replaces);
        self.simd_special(op)
    }

    /// The SIMD operators that are not one instruction of a table above.
    fn simd_special(&mut self, op: &Operator<'_>) -> bool {
        match *op {
            Operator::V128Const { value } => {
                let v = self.vconst(I8X16, *value.bytes());
                self.push(v);
            }
            Operator::I8x16Shuffle { lanes } => {
                let b = self.pop_vec(I8X16);
                let a = self.pop_vec(I8X16);
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ir::ConstantData::from(&lanes[..]));
                let v = self.b.ins().shuffle(a, b, mask);
                self.push(v);
            }
            Operator::V128Bitselect
            | Operator::I8x16RelaxedLaneselect
            | Operator::I16x8RelaxedLaneselect
            | Operator::I32x4RelaxedLaneselect
            | Operator::I64x2RelaxedLaneselect => self.bitselect(),
            Operator::V128AnyTrue => self.test_lanes(I8X16, false),
            Operator::I8x16AllTrue => self.test_lanes(I8X16, true),
            Operator::I16x8AllTrue => self.test_lanes(I16X8, true),
            Operator::I32x4AllTrue => self.test_lanes(I32X4, true),
            Operator::I64x2AllTrue => self.test_lanes(I64X2, true),
            Operator::I8x16Bitmask
            | Operator::I16x8Bitmask
            | Operator::I32x4Bitmask
            | Operator::I64x2Bitmask => {
                let ty = match *op {
                    Operator::I8x16Bitmask => I8X16,
                    Operator::I16x8Bitmask => I16X8,
                    Operator::I32x4Bitmask => I32X4,
                    _ => I64X2,
                };
                let a = self.pop_vec(ty);
                let v = self.b.ins().vhigh_bits(I32, a);
                self.push(v);
            }
            Operator::I16x8ExtAddPairwiseI8x16S => self.extadd_pairwise(I8X16, true),
            Operator::I16x8ExtAddPairwiseI8x16U => self.extadd_pairwise(I8X16, false),
            Operator::I32x4ExtAddPairwiseI16x8S => self.extadd_pairwise(I16X8, true),
            Operator::I32x4ExtAddPairwiseI16x8U => self.extadd_pairwise(I16X8, false),
            Operator::I16x8ExtMulLowI8x16S => self.extmul(I8X16, false, true),
            Operator::I16x8ExtMulHighI8x16S => self.extmul(I8X16, true, true),
            Operator::I16x8ExtMulLowI8x16U => self.extmul(I8X16, false, false),
            Operator::I16x8ExtMulHighI8x16U => self.extmul(I8X16, true, false),
            Operator::I32x4ExtMulLowI16x8S => self.extmul(I16X8, false, true),
            Operator::I32x4ExtMulHighI16x8S => self.extmul(I16X8, true, true),
            Operator::I32x4ExtMulLowI16x8U => self.extmul(I16X8, false, false),
            Operator::I32x4ExtMulHighI16x8U => self.extmul(I16X8, true, false),
            Operator::I64x2ExtMulLowI32x4S => self.extmul(I32X4, false, true),
            Operator::I64x2ExtMulHighI32x4S => self.extmul(I32X4, true, true),
            Operator::I64x2ExtMulLowI32x4U => self.extmul(I32X4, false, false),
            Operator::I64x2ExtMulHighI32x4U => self.extmul(I32X4, true, false),
            Operator::I32x4DotI16x8S => {
                let b = self.pop_vec(I16X8);
                let a = self.pop_vec(I16X8);
                let v = self.dot(a, b);
                self.push_vec(v);
            }
            Operator::I16x8RelaxedDotI8x16I7x16S => {
                let b = self.pop_vec(I8X16);
                let a = self.pop_vec(I8X16);
                let v = self.dot(a, b);
                self.push_vec(v);
            }
            Operator::I32x4RelaxedDotI8x16I7x16AddS => {
                let c = self.pop_vec(I32X4);
                let b = self.pop_vec(I8X16);
                let a = self.pop_vec(I8X16);
                let d16 = self.dot(a, b);
                let (lo, hi) = (self.b.ins().swiden_low(d16), self.b.ins().swiden_high(d16));
                let d32 = self.b.ins().iadd_pairwise(lo, hi);
                let v = self.b.ins().iadd(d32, c);
                self.push_vec(v);
            }
            Operator::F32x4PMin => self.pminmax(F32X4, false),
            Operator::F32x4PMax => self.pminmax(F32X4, true),
            Operator::F64x2PMin => self.pminmax(F64X2, false),
            Operator::F64x2PMax => self.pminmax(F64X2, true),
            Operator::F32x4RelaxedMadd => self.madd(F32X4, false),
            Operator::F32x4RelaxedNmadd => self.madd(F32X4, true),
            Operator::F64x2RelaxedMadd => self.madd(F64X2, false),
            Operator::F64x2RelaxedNmadd => self.madd(F64X2, true),
            Operator::I32x4TruncSatF64x2SZero | Operator::I32x4RelaxedTruncF64x2SZero => {
                self.trunc_sat_zero(true)
            }
            Operator::I32x4TruncSatF64x2UZero | Operator::I32x4RelaxedTruncF64x2UZero => {
                self.trunc_sat_zero(false)
            }
            Operator::F64x2ConvertLowI32x4S => self.convert_low(true),
            Operator::F64x2ConvertLowI32x4U => self.convert_low(false),
            _ => return self.simd_memory(op),
        }
        true
    }

    /// SIMD loads and stores.
    fn simd_memory(&mut self, op: &Operator<'_>) -> bool {
        match *op {
            Operator::V128Load { ref memarg } => self.vload(memarg, VLoad::Full),
            Operator::V128Load8x8S { ref memarg } => self.vload(memarg, VLoad::Extend(0)),
            Operator::V128Load8x8U { ref memarg } => self.vload(memarg, VLoad::Extend(1)),
            Operator::V128Load16x4S { ref memarg } => self.vload(memarg, VLoad::Extend(2)),
            Operator::V128Load16x4U { ref memarg } => self.vload(memarg, VLoad::Extend(3)),
            Operator::V128Load32x2S { ref memarg } => self.vload(memarg, VLoad::Extend(4)),
            Operator::V128Load32x2U { ref memarg } => self.vload(memarg, VLoad::Extend(5)),
            Operator::V128Load8Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I8)),
            Operator::V128Load16Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I16)),
            Operator::V128Load32Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I32)),
            Operator::V128Load64Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I64)),
            Operator::V128Load32Zero { ref memarg } => self.vload(memarg, VLoad::Zero(I32)),
            Operator::V128Load64Zero { ref memarg } => self.vload(memarg, VLoad::Zero(I64)),
            Operator::V128Store { ref memarg } => self.vstore(memarg),
            Operator::V128Load8Lane { ref memarg, lane } => self.vload_lane(memarg, I8, lane),
            Operator::V128Load16Lane { ref memarg, lane } => self.vload_lane(memarg, I16, lane),
            Operator::V128Load32Lane { ref memarg, lane } => self.vload_lane(memarg, I32, lane),
            Operator::V128Load64Lane { ref memarg, lane } => self.vload_lane(memarg, I64, lane),
            Operator::V128Store8Lane { ref memarg, lane } => self.vstore_lane(memarg, I8, lane),
            Operator::V128Store16Lane { ref memarg, lane } => self.vstore_lane(memarg, I16, lane),
            Operator::V128Store32Lane { ref memarg, lane } => self.vstore_lane(memarg, I32, lane),
            Operator::V128Store64Lane { ref memarg, lane } => self.vstore_lane(memarg, I64, lane),
            _ => return false,
        }
        true
    }

    /// The widening 8-byte loads: `which` is 8x8 s/u, 16x4 s/u, 32x2 s/u.
    fn ext_load(&mut self, f: MemFlagsData, p: Value, o: i32, which: u8) -> Value {
        let ins = self.b.ins();
        match which {
            0 => ins.sload8x8(f, p, o),
            1 => ins.uload8x8(f, p, o),
            2 => ins.sload16x4(f, p, o),
            3 => ins.uload16x4(f, p, o),
            4 => ins.sload32x2(f, p, o),
            _ => ins.uload32x2(f, p, o),
        }
    }
}
