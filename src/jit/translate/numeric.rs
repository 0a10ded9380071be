//! Numeric operators: constants, integer and float arithmetic, comparisons
//! and conversions. Operations that can trap (division, float-to-int) are
//! preceded by explicit checks that branch to trap blocks, so the machine
//! instructions never fault.

use super::FuncTranslator;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, InstBuilder, Value};
use wasmparser::Operator;

macro_rules! bin {
    ($t:ident, $method:ident) => {{
        let (a, b) = $t.pop2();
        let v = $t.b.ins().$method(a, b);
        $t.push(v);
    }};
}
macro_rules! un {
    ($t:ident, $method:ident) => {{
        let a = $t.pop();
        let v = $t.b.ins().$method(a);
        $t.push(v);
    }};
}
macro_rules! conv {
    ($t:ident, $method:ident, $ty:expr) => {{
        let a = $t.pop();
        let v = $t.b.ins().$method($ty, a);
        $t.push(v);
    }};
}

impl FuncTranslator<'_, '_> {
    fn icmp(&mut self, cc: IntCC) {
        let (a, b) = self.pop2();
        let c = self.b.ins().icmp(cc, a, b);
        let v = self.b.ins().uextend(types::I32, c);
        self.push(v);
    }

    fn fcmp(&mut self, cc: FloatCC) {
        let (a, b) = self.pop2();
        let c = self.b.ins().fcmp(cc, a, b);
        let v = self.b.ins().uextend(types::I32, c);
        self.push(v);
    }

    fn eqz(&mut self) {
        let a = self.pop();
        let c = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
        let v = self.b.ins().uextend(types::I32, c);
        self.push(v);
    }

    fn sext_from(&mut self, from: ir::Type, to: ir::Type) {
        let a = self.pop();
        let n = self.b.ins().ireduce(from, a);
        let v = self.b.ins().sextend(to, n);
        self.push(v);
    }

    /// Integer division and remainder with the wasm traps checked first.
    fn div(&mut self, signed: bool, rem: bool) {
        let (a, b) = self.pop2();
        let ty = self.b.func.dfg.value_type(a);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.env
            .trap_if(&mut self.b, zero, TrapCode::IntegerDivisionByZero);
        let v = match (signed, rem) {
            (false, false) => self.b.ins().udiv(a, b),
            (false, true) => self.b.ins().urem(a, b),
            (true, false) => {
                let min = if ty == types::I32 {
                    i32::MIN as i64
                } else {
                    i64::MIN
                };
                let a_min = self.b.ins().icmp_imm_s(IntCC::Equal, a, min);
                let b_m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                let ovf = self.b.ins().band(a_min, b_m1);
                self.env
                    .trap_if(&mut self.b, ovf, TrapCode::IntegerOverflow);
                self.b.ins().sdiv(a, b)
            }
            (true, true) => {
                // x rem -1 is 0; divide by 1 instead so that MIN rem -1
                // cannot fault.
                let b_m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                let one = self.b.ins().iconst(ty, 1);
                let d = self.b.ins().select(b_m1, one, b);
                self.b.ins().srem(a, d)
            }
        };
        self.push(v);
    }

    fn fconst(&mut self, ty: ir::Type, v: f64) -> Value {
        if ty == types::F32 {
            self.b.ins().f32const(v as f32)
        } else {
            self.b.ins().f64const(v)
        }
    }

    /// Trapping float-to-int conversion: NaN and out-of-range checks, then
    /// the saturating instruction (which no longer saturates).
    fn trunc(&mut self, to: ir::Type, signed: bool) {
        let x = self.pop();
        let from = self.b.func.dfg.value_type(x);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.env
            .trap_if(&mut self.b, nan, TrapCode::BadConversionToInteger);
        let bits = to.bits();
        // In range iff lo < x (or lo <= x) and x < hi, with exactly
        // representable bounds.
        let (lo, lo_inclusive, hi) = if signed {
            let hi = 2f64.powi(bits as i32 - 1);
            if bits == 32 && from == types::F64 {
                (-hi - 1.0, false, hi)
            } else {
                (-hi, true, hi)
            }
        } else {
            (-1.0, false, 2f64.powi(bits as i32))
        };
        let lo_v = self.fconst(from, lo);
        let hi_v = self.fconst(from, hi);
        let lo_cc = if lo_inclusive {
            FloatCC::GreaterThanOrEqual
        } else {
            FloatCC::GreaterThan
        };
        let ok_lo = self.b.ins().fcmp(lo_cc, x, lo_v);
        let ok_hi = self.b.ins().fcmp(FloatCC::LessThan, x, hi_v);
        let ok = self.b.ins().band(ok_lo, ok_hi);
        let bad = self.b.ins().bxor_imm_s(ok, 1);
        self.env
            .trap_if(&mut self.b, bad, TrapCode::IntegerOverflow);
        let v = if signed {
            self.b.ins().fcvt_to_sint_sat(to, x)
        } else {
            self.b.ins().fcvt_to_uint_sat(to, x)
        };
        self.push(v);
    }

    /// Numeric operators; `true` when handled.
    pub(super) fn numeric(&mut self, op: &Operator<'_>) -> bool {
        use types::{F32, F64, I16, I32, I64, I8};
        let t = self;
        match *op {
            Operator::I32Const { value } => {
                let v = t.b.ins().iconst(I32, value as u32 as i64);
                t.push(v);
            }
            Operator::I64Const { value } => {
                let v = t.b.ins().iconst(I64, value);
                t.push(v);
            }
            Operator::F32Const { value } => {
                let v =
                    t.b.ins()
                        .f32const(ir::immediates::Ieee32::with_bits(value.bits()));
                t.push(v);
            }
            Operator::F64Const { value } => {
                let v =
                    t.b.ins()
                        .f64const(ir::immediates::Ieee64::with_bits(value.bits()));
                t.push(v);
            }
            Operator::I32Eqz | Operator::I64Eqz => t.eqz(),
            Operator::I32Eq | Operator::I64Eq => t.icmp(IntCC::Equal),
            Operator::I32Ne | Operator::I64Ne => t.icmp(IntCC::NotEqual),
            Operator::I32LtS | Operator::I64LtS => t.icmp(IntCC::SignedLessThan),
            Operator::I32LtU | Operator::I64LtU => t.icmp(IntCC::UnsignedLessThan),
            Operator::I32GtS | Operator::I64GtS => t.icmp(IntCC::SignedGreaterThan),
            Operator::I32GtU | Operator::I64GtU => t.icmp(IntCC::UnsignedGreaterThan),
            Operator::I32LeS | Operator::I64LeS => t.icmp(IntCC::SignedLessThanOrEqual),
            Operator::I32LeU | Operator::I64LeU => t.icmp(IntCC::UnsignedLessThanOrEqual),
            Operator::I32GeS | Operator::I64GeS => t.icmp(IntCC::SignedGreaterThanOrEqual),
            Operator::I32GeU | Operator::I64GeU => t.icmp(IntCC::UnsignedGreaterThanOrEqual),
            Operator::F32Eq | Operator::F64Eq => t.fcmp(FloatCC::Equal),
            Operator::F32Ne | Operator::F64Ne => t.fcmp(FloatCC::NotEqual),
            Operator::F32Lt | Operator::F64Lt => t.fcmp(FloatCC::LessThan),
            Operator::F32Gt | Operator::F64Gt => t.fcmp(FloatCC::GreaterThan),
            Operator::F32Le | Operator::F64Le => t.fcmp(FloatCC::LessThanOrEqual),
            Operator::F32Ge | Operator::F64Ge => t.fcmp(FloatCC::GreaterThanOrEqual),
            Operator::I32Clz | Operator::I64Clz => un!(t, clz),
            Operator::I32Ctz | Operator::I64Ctz => un!(t, ctz),
            Operator::I32Popcnt | Operator::I64Popcnt => un!(t, popcnt),
            Operator::I32Add | Operator::I64Add => bin!(t, iadd),
            Operator::I32Sub | Operator::I64Sub => bin!(t, isub),
            Operator::I32Mul | Operator::I64Mul => bin!(t, imul),
            Operator::I32And | Operator::I64And => bin!(t, band),
            Operator::I32Or | Operator::I64Or => bin!(t, bor),
            Operator::I32Xor | Operator::I64Xor => bin!(t, bxor),
            Operator::I32Shl | Operator::I64Shl => bin!(t, ishl),
            Operator::I32ShrS | Operator::I64ShrS => bin!(t, sshr),
            Operator::I32ShrU | Operator::I64ShrU => bin!(t, ushr),
            Operator::I32Rotl | Operator::I64Rotl => bin!(t, rotl),
            Operator::I32Rotr | Operator::I64Rotr => bin!(t, rotr),
            Operator::I32DivS | Operator::I64DivS => t.div(true, false),
            Operator::I32DivU | Operator::I64DivU => t.div(false, false),
            Operator::I32RemS | Operator::I64RemS => t.div(true, true),
            Operator::I32RemU | Operator::I64RemU => t.div(false, true),
            Operator::F32Abs | Operator::F64Abs => un!(t, fabs),
            Operator::F32Neg | Operator::F64Neg => un!(t, fneg),
            Operator::F32Ceil | Operator::F64Ceil => un!(t, ceil),
            Operator::F32Floor | Operator::F64Floor => un!(t, floor),
            Operator::F32Trunc | Operator::F64Trunc => un!(t, trunc),
            Operator::F32Nearest | Operator::F64Nearest => un!(t, nearest),
            Operator::F32Sqrt | Operator::F64Sqrt => un!(t, sqrt),
            Operator::F32Add | Operator::F64Add => bin!(t, fadd),
            Operator::F32Sub | Operator::F64Sub => bin!(t, fsub),
            Operator::F32Mul | Operator::F64Mul => bin!(t, fmul),
            Operator::F32Div | Operator::F64Div => bin!(t, fdiv),
            Operator::F32Min | Operator::F64Min => bin!(t, fmin),
            Operator::F32Max | Operator::F64Max => bin!(t, fmax),
            Operator::F32Copysign | Operator::F64Copysign => bin!(t, fcopysign),
            Operator::I32WrapI64 => conv!(t, ireduce, I32),
            Operator::I64ExtendI32S => conv!(t, sextend, I64),
            Operator::I64ExtendI32U => conv!(t, uextend, I64),
            Operator::I32Extend8S => t.sext_from(I8, I32),
            Operator::I32Extend16S => t.sext_from(I16, I32),
            Operator::I64Extend8S => t.sext_from(I8, I64),
            Operator::I64Extend16S => t.sext_from(I16, I64),
            Operator::I64Extend32S => t.sext_from(I32, I64),
            Operator::F32ConvertI32S | Operator::F32ConvertI64S => conv!(t, fcvt_from_sint, F32),
            Operator::F32ConvertI32U | Operator::F32ConvertI64U => conv!(t, fcvt_from_uint, F32),
            Operator::F64ConvertI32S | Operator::F64ConvertI64S => conv!(t, fcvt_from_sint, F64),
            Operator::F64ConvertI32U | Operator::F64ConvertI64U => conv!(t, fcvt_from_uint, F64),
            Operator::F32DemoteF64 => conv!(t, fdemote, F32),
            Operator::F64PromoteF32 => conv!(t, fpromote, F64),
            Operator::I32ReinterpretF32 => conv!(t, bitcast_plain, I32),
            Operator::I64ReinterpretF64 => conv!(t, bitcast_plain, I64),
            Operator::F32ReinterpretI32 => conv!(t, bitcast_plain, F32),
            Operator::F64ReinterpretI64 => conv!(t, bitcast_plain, F64),
            Operator::I32TruncF32S | Operator::I32TruncF64S => t.trunc(I32, true),
            Operator::I32TruncF32U | Operator::I32TruncF64U => t.trunc(I32, false),
            Operator::I64TruncF32S | Operator::I64TruncF64S => t.trunc(I64, true),
            Operator::I64TruncF32U | Operator::I64TruncF64U => t.trunc(I64, false),
            Operator::I32TruncSatF32S | Operator::I32TruncSatF64S => {
                conv!(t, fcvt_to_sint_sat, I32)
            }
            Operator::I32TruncSatF32U | Operator::I32TruncSatF64U => {
                conv!(t, fcvt_to_uint_sat, I32)
            }
            Operator::I64TruncSatF32S | Operator::I64TruncSatF64S => {
                conv!(t, fcvt_to_sint_sat, I64)
            }
            Operator::I64TruncSatF32U | Operator::I64TruncSatF64U => {
                conv!(t, fcvt_to_uint_sat, I64)
            }
            Operator::I64Add128 | Operator::I64Sub128 => {
                let (b_lo, b_hi) = t.pop2();
                let (a_lo, a_hi) = t.pop2();
                let ins = t.b.ins();
                let a = ins.iconcat(a_lo, a_hi);
                let b = t.b.ins().iconcat(b_lo, b_hi);
                let r = if matches!(op, Operator::I64Add128) {
                    t.b.ins().iadd(a, b)
                } else {
                    t.b.ins().isub(a, b)
                };
                let (lo, hi) = t.b.ins().isplit(r);
                t.push(lo);
                t.push(hi);
            }
            Operator::I64MulWideS | Operator::I64MulWideU => {
                let (a, b) = t.pop2();
                let lo = t.b.ins().imul(a, b);
                let hi = if matches!(op, Operator::I64MulWideS) {
                    t.b.ins().smulhi(a, b)
                } else {
                    t.b.ins().umulhi(a, b)
                };
                t.push(lo);
                t.push(hi);
            }
            _ => return false,
        }
        true
    }
}

/// `bitcast` with no memory flags (a plain reinterpretation).
trait BitcastPlain {
    fn bitcast_plain(self, ty: ir::Type, v: Value) -> Value;
}

impl<'a, T: InstBuilder<'a>> BitcastPlain for T {
    fn bitcast_plain(self, ty: ir::Type, v: Value) -> Value {
        self.bitcast(ty, ir::MemFlagsData::new(), v)
    }
}
