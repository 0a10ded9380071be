//! WebAssembly numeric semantics on untyped cells.
//!
//! Every function takes and returns `u64` cells: i32 and f32 live in the low
//! 32 bits (the high bits are not read), i64 and f64 use the whole cell.
//! Written once, here: the interpreter's handlers are these functions; the
//! JIT lowers numerics to Cranelift instructions (checked against these by
//! the differential tests), and any runtime fallback or constant evaluation
//! that needs a numeric operation uses these.

use crate::runtime::TrapCode;

#[inline(always)]
fn i32(c: u64) -> i32 {
    c as i32
}
#[inline(always)]
fn u32(c: u64) -> u32 {
    c as u32
}
#[inline(always)]
fn f32(c: u64) -> f32 {
    f32::from_bits(c as u32)
}
#[inline(always)]
fn f64(c: u64) -> f64 {
    f64::from_bits(c)
}
#[inline(always)]
fn from_i32(v: i32) -> u64 {
    v as u32 as u64
}
#[inline(always)]
fn from_u32(v: u32) -> u64 {
    v as u64
}
#[inline(always)]
fn from_f32(v: f32) -> u64 {
    v.to_bits() as u64
}
#[inline(always)]
fn from_f64(v: f64) -> u64 {
    v.to_bits()
}
#[inline(always)]
fn b(v: bool) -> u64 {
    v as u64
}

macro_rules! cmp {
    ($($name:ident $conv:ident $op:tt),* $(,)?) => {
        $( #[inline(always)] pub fn $name(a: u64, b_: u64) -> u64 { b($conv(a) $op $conv(b_)) } )*
    };
}
#[inline(always)]
fn i64(c: u64) -> i64 {
    c as i64
}
#[inline(always)]
fn u64(c: u64) -> u64 {
    c
}
cmp! {
    i32_eq u32 ==, i32_ne u32 !=, i32_lt_s i32 <, i32_lt_u u32 <, i32_gt_s i32 >, i32_gt_u u32 >,
    i32_le_s i32 <=, i32_le_u u32 <=, i32_ge_s i32 >=, i32_ge_u u32 >=,
    i64_eq u64 ==, i64_ne u64 !=, i64_lt_s i64 <, i64_lt_u u64 <, i64_gt_s i64 >, i64_gt_u u64 >,
    i64_le_s i64 <=, i64_le_u u64 <=, i64_ge_s i64 >=, i64_ge_u u64 >=,
    f32_eq f32 ==, f32_ne f32 !=, f32_lt f32 <, f32_gt f32 >, f32_le f32 <=, f32_ge f32 >=,
    f64_eq f64 ==, f64_ne f64 !=, f64_lt f64 <, f64_gt f64 >, f64_le f64 <=, f64_ge f64 >=,
}

macro_rules! int_bin {
    ($($name:ident $t:ty, $conv:ident, $back:ident, |$a:ident, $bb:ident| $e:expr;)*) => {
        $( #[inline(always)] pub fn $name(x: u64, y: u64) -> u64 {
            let $a: $t = $conv(x) as $t; let $bb: $t = $conv(y) as $t; $back($e)
        } )*
    };
}
#[inline(always)]
fn id(v: u64) -> u64 {
    v
}
int_bin! {
    i32_add u32, u32, from_u32, |a, c| a.wrapping_add(c);
    i32_sub u32, u32, from_u32, |a, c| a.wrapping_sub(c);
    i32_mul u32, u32, from_u32, |a, c| a.wrapping_mul(c);
    i32_and u32, u32, from_u32, |a, c| a & c;
    i32_or u32, u32, from_u32, |a, c| a | c;
    i32_xor u32, u32, from_u32, |a, c| a ^ c;
    i32_shl u32, u32, from_u32, |a, c| a.wrapping_shl(c);
    i32_shr_s i32, i32, from_i32, |a, c| a.wrapping_shr(c as u32);
    i32_shr_u u32, u32, from_u32, |a, c| a.wrapping_shr(c);
    i32_rotl u32, u32, from_u32, |a, c| a.rotate_left(c % 32);
    i32_rotr u32, u32, from_u32, |a, c| a.rotate_right(c % 32);
    i64_add u64, u64, id, |a, c| a.wrapping_add(c);
    i64_sub u64, u64, id, |a, c| a.wrapping_sub(c);
    i64_mul u64, u64, id, |a, c| a.wrapping_mul(c);
    i64_and u64, u64, id, |a, c| a & c;
    i64_or u64, u64, id, |a, c| a | c;
    i64_xor u64, u64, id, |a, c| a ^ c;
    i64_shl u64, u64, id, |a, c| a.wrapping_shl(c as u32);
    i64_shr_s i64, i64, from_i64, |a, c| a.wrapping_shr(c as u32);
    i64_shr_u u64, u64, id, |a, c| a.wrapping_shr(c as u32);
    i64_rotl u64, u64, id, |a, c| a.rotate_left((c % 64) as u32);
    i64_rotr u64, u64, id, |a, c| a.rotate_right((c % 64) as u32);
}
#[inline(always)]
fn from_i64(v: i64) -> u64 {
    v as u64
}

pub fn i32_div_s(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (i32(x), i32(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    if a == i32::MIN && c == -1 {
        return Err(TrapCode::IntegerOverflow);
    }
    Ok(from_i32(a / c))
}
pub fn i32_div_u(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (u32(x), u32(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(from_u32(a / c))
}
pub fn i32_rem_s(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (i32(x), i32(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(from_i32(a.wrapping_rem(c)))
}
pub fn i32_rem_u(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (u32(x), u32(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(from_u32(a % c))
}
pub fn i64_div_s(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (i64(x), i64(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    if a == i64::MIN && c == -1 {
        return Err(TrapCode::IntegerOverflow);
    }
    Ok((a / c) as u64)
}
pub fn i64_div_u(x: u64, y: u64) -> Result<u64, TrapCode> {
    if y == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(x / y)
}
pub fn i64_rem_s(x: u64, y: u64) -> Result<u64, TrapCode> {
    let (a, c) = (i64(x), i64(y));
    if c == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(a.wrapping_rem(c) as u64)
}
pub fn i64_rem_u(x: u64, y: u64) -> Result<u64, TrapCode> {
    if y == 0 {
        return Err(TrapCode::IntegerDivisionByZero);
    }
    Ok(x % y)
}

// ---- float arithmetic ----

/// wasm `min`: NaN if either operand is NaN; -0 is less than +0.
#[inline(always)]
fn wasm_min<F: Float>(a: F, c: F) -> F {
    if a.is_nan() || c.is_nan() {
        return a.add(c);
    }
    if a.eq(c) {
        // equal (possibly +0 / -0): prefer the one with the sign bit set
        return if a.sign() { a } else { c };
    }
    if a.lt(c) {
        a
    } else {
        c
    }
}
#[inline(always)]
fn wasm_max<F: Float>(a: F, c: F) -> F {
    if a.is_nan() || c.is_nan() {
        return a.add(c);
    }
    if a.eq(c) {
        return if a.sign() { c } else { a };
    }
    if a.lt(c) {
        c
    } else {
        a
    }
}

trait Float: Copy {
    fn is_nan(self) -> bool;
    fn add(self, o: Self) -> Self;
    fn eq(self, o: Self) -> bool;
    fn lt(self, o: Self) -> bool;
    fn sign(self) -> bool;
}
macro_rules! impl_float {
    ($t:ty) => {
        impl Float for $t {
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn eq(self, o: Self) -> bool {
                self == o
            }
            fn lt(self, o: Self) -> bool {
                self < o
            }
            fn sign(self) -> bool {
                self.is_sign_negative()
            }
        }
    };
}
impl_float!(f32);
impl_float!(f64);

macro_rules! f_bin {
    ($($name:ident $conv:ident $back:ident |$a:ident, $c:ident| $e:expr;)*) => {
        $( #[inline(always)] pub fn $name(x: u64, y: u64) -> u64 {
            let $a = $conv(x); let $c = $conv(y); $back($e)
        } )*
    };
}
f_bin! {
    f32_add f32 from_f32 |a, c| a + c;
    f32_sub f32 from_f32 |a, c| a - c;
    f32_mul f32 from_f32 |a, c| a * c;
    f32_div f32 from_f32 |a, c| a / c;
    f32_min f32 from_f32 |a, c| wasm_min(a, c);
    f32_max f32 from_f32 |a, c| wasm_max(a, c);
    f64_add f64 from_f64 |a, c| a + c;
    f64_sub f64 from_f64 |a, c| a - c;
    f64_mul f64 from_f64 |a, c| a * c;
    f64_div f64 from_f64 |a, c| a / c;
    f64_min f64 from_f64 |a, c| wasm_min(a, c);
    f64_max f64 from_f64 |a, c| wasm_max(a, c);
}
#[inline(always)]
pub fn f32_copysign(x: u64, y: u64) -> u64 {
    ((x as u32 & 0x7fff_ffff) | (y as u32 & 0x8000_0000)) as u64
}
#[inline(always)]
pub fn f64_copysign(x: u64, y: u64) -> u64 {
    (x & 0x7fff_ffff_ffff_ffff) | (y & 0x8000_0000_0000_0000)
}

/// Rounding done in software may pass a signalling NaN through; wasm
/// requires an arithmetic (quiet) NaN result.
#[inline(always)]
pub(crate) fn quiet32(v: f32) -> u64 {
    let b = v.to_bits();
    (if v.is_nan() { b | 0x0040_0000 } else { b }) as u64
}
#[inline(always)]
pub(crate) fn quiet64(v: f64) -> u64 {
    let b = v.to_bits();
    if v.is_nan() {
        b | 0x0008_0000_0000_0000
    } else {
        b
    }
}

// ---- unary ----
macro_rules! un {
    ($($name:ident |$a:ident| $e:expr;)*) => {
        $( #[inline(always)] pub fn $name($a: u64) -> u64 { $e } )*
    };
}
un! {
    i32_eqz |x| b(u32(x) == 0);
    i64_eqz |x| b(x == 0);
    i32_clz |x| u32(x).leading_zeros() as u64;
    i32_ctz |x| u32(x).trailing_zeros() as u64;
    i32_popcnt |x| u32(x).count_ones() as u64;
    i64_clz |x| x.leading_zeros() as u64;
    i64_ctz |x| x.trailing_zeros() as u64;
    i64_popcnt |x| x.count_ones() as u64;
    f32_abs |x| (x as u32 & 0x7fff_ffff) as u64;
    f32_neg |x| (x as u32 ^ 0x8000_0000) as u64;
    f32_ceil |x| quiet32(f32(x).ceil());
    f32_floor |x| quiet32(f32(x).floor());
    f32_trunc |x| quiet32(f32(x).trunc());
    f32_nearest |x| quiet32(f32(x).round_ties_even());
    f32_sqrt |x| quiet32(f32(x).sqrt());
    f64_abs |x| x & 0x7fff_ffff_ffff_ffff;
    f64_neg |x| x ^ 0x8000_0000_0000_0000;
    f64_ceil |x| quiet64(f64(x).ceil());
    f64_floor |x| quiet64(f64(x).floor());
    f64_trunc |x| quiet64(f64(x).trunc());
    f64_nearest |x| quiet64(f64(x).round_ties_even());
    f64_sqrt |x| quiet64(f64(x).sqrt());
    i32_wrap_i64 |x| x & 0xffff_ffff;
    i64_extend_i32_s |x| i32(x) as i64 as u64;
    i64_extend_i32_u |x| u32(x) as u64;
    f32_convert_i32_s |x| from_f32(i32(x) as f32);
    f32_convert_i32_u |x| from_f32(u32(x) as f32);
    f32_convert_i64_s |x| from_f32(i64(x) as f32);
    f32_convert_i64_u |x| from_f32(x as f32);
    f32_demote_f64 |x| from_f32(f64(x) as f32);
    f64_convert_i32_s |x| from_f64(i32(x) as f64);
    f64_convert_i32_u |x| from_f64(u32(x) as f64);
    f64_convert_i64_s |x| from_f64(i64(x) as f64);
    f64_convert_i64_u |x| from_f64(x as f64);
    f64_promote_f32 |x| from_f64(f32(x) as f64);
    i32_extend8_s |x| from_i32(x as i8 as i32);
    i32_extend16_s |x| from_i32(x as i16 as i32);
    i64_extend8_s |x| x as i8 as i64 as u64;
    i64_extend16_s |x| x as i16 as i64 as u64;
    i64_extend32_s |x| x as i32 as i64 as u64;
    i32_trunc_sat_f32_s |x| from_i32(f32(x) as i32);
    i32_trunc_sat_f32_u |x| from_u32(f32(x) as u32);
    i32_trunc_sat_f64_s |x| from_i32(f64(x) as i32);
    i32_trunc_sat_f64_u |x| from_u32(f64(x) as u32);
    i64_trunc_sat_f32_s |x| f32(x) as i64 as u64;
    i64_trunc_sat_f32_u |x| f32(x) as u64;
    i64_trunc_sat_f64_s |x| f64(x) as i64 as u64;
    i64_trunc_sat_f64_u |x| f64(x) as u64;
}

// ---- trapping truncation ----
// Each accepts `v` when `lo < v < hi` (after truncation toward zero), bounds
// chosen as the first values that no longer fit.
macro_rules! trunc {
    ($($name:ident $conv:ident $ft:ty => $it:ty, $back:expr, $lo:expr, $hi:expr;)*) => {
        $( pub fn $name(x: u64) -> Result<u64, TrapCode> {
            let v: $ft = $conv(x);
            if v.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            if !(v > $lo && v < $hi) {
                return Err(TrapCode::IntegerOverflow);
            }
            let r = v as $it;
            Ok($back(r))
        } )*
    };
}
trunc! {
    i32_trunc_f32_s f32 f32 => i32, from_i32, -2147483904.0_f32, 2147483648.0_f32;
    i32_trunc_f32_u f32 f32 => u32, from_u32, -1.0_f32, 4294967296.0_f32;
    i32_trunc_f64_s f64 f64 => i32, from_i32, -2147483649.0_f64, 2147483648.0_f64;
    i32_trunc_f64_u f64 f64 => u32, from_u32, -1.0_f64, 4294967296.0_f64;
    i64_trunc_f32_s f32 f32 => i64, from_i64, -9223373136366403584.0_f32, 9223372036854775808.0_f32;
    i64_trunc_f32_u f32 f32 => u64, id, -1.0_f32, 18446744073709551616.0_f32;
    i64_trunc_f64_s f64 f64 => i64, from_i64, -9223372036854777856.0_f64, 9223372036854775808.0_f64;
    i64_trunc_f64_u f64 f64 => u64, id, -1.0_f64, 18446744073709551616.0_f64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_zero_and_nan() {
        let pz = 0.0f32.to_bits() as u64;
        let nz = (-0.0f32).to_bits() as u64;
        assert_eq!(f32_min(pz, nz), nz);
        assert_eq!(f32_min(nz, pz), nz);
        assert_eq!(f32_max(pz, nz), pz);
        assert!(f32(f32_min(f32::NAN.to_bits() as u64, pz)).is_nan());
        assert!(f64(f64_max(0.0f64.to_bits(), f64::NAN.to_bits())).is_nan());
    }

    #[test]
    fn trunc_bounds() {
        assert_eq!(i32_trunc_f32_s(from_f32(-2147483648.0)), Ok(0x8000_0000));
        assert_eq!(
            i32_trunc_f32_s(from_f32(2147483648.0)),
            Err(TrapCode::IntegerOverflow)
        );
        assert_eq!(i32_trunc_f64_u(from_f64(-0.9)), Ok(0));
        assert_eq!(
            i32_trunc_f64_u(from_f64(-1.0)),
            Err(TrapCode::IntegerOverflow)
        );
        assert_eq!(
            i64_trunc_f64_s(from_f64(f64::NAN)),
            Err(TrapCode::BadConversionToInteger)
        );
        assert_eq!(
            i32_div_s(from_i32(i32::MIN), from_i32(-1)),
            Err(TrapCode::IntegerOverflow)
        );
        assert_eq!(i32_rem_s(from_i32(i32::MIN), from_i32(-1)), Ok(0));
    }
}

// ---- wide arithmetic (i64 pairs: low half first) ----

/// `i64.add128`: `(a_lo, a_hi) + (b_lo, b_hi)` modulo 2^128, as `(lo, hi)`.
#[inline]
pub fn i64_add128(a_lo: u64, a_hi: u64, b_lo: u64, b_hi: u64) -> (u64, u64) {
    let r = wide(a_lo, a_hi).wrapping_add(wide(b_lo, b_hi));
    (r as u64, (r >> 64) as u64)
}

/// `i64.sub128`: `(a_lo, a_hi) - (b_lo, b_hi)` modulo 2^128, as `(lo, hi)`.
#[inline]
pub fn i64_sub128(a_lo: u64, a_hi: u64, b_lo: u64, b_hi: u64) -> (u64, u64) {
    let r = wide(a_lo, a_hi).wrapping_sub(wide(b_lo, b_hi));
    (r as u64, (r >> 64) as u64)
}

/// `i64.mul_wide_s`: the full signed 128-bit product, as `(lo, hi)`.
#[inline]
pub fn i64_mul_wide_s(a: u64, b: u64) -> (u64, u64) {
    let r = (a as i64 as i128).wrapping_mul(b as i64 as i128) as u128;
    (r as u64, (r >> 64) as u64)
}

/// `i64.mul_wide_u`: the full unsigned 128-bit product, as `(lo, hi)`.
#[inline]
pub fn i64_mul_wide_u(a: u64, b: u64) -> (u64, u64) {
    let r = (a as u128) * (b as u128);
    (r as u64, (r >> 64) as u64)
}

#[inline(always)]
fn wide(lo: u64, hi: u64) -> u128 {
    lo as u128 | (hi as u128) << 64
}

#[cfg(test)]
mod wide_tests {
    use super::*;

    #[test]
    fn wide_arithmetic_carries_and_signs() {
        assert_eq!(i64_add128(u64::MAX, 0, 1, 0), (0, 1));
        assert_eq!(i64_add128(u64::MAX, u64::MAX, 1, 0), (0, 0));
        assert_eq!(i64_sub128(0, 1, 1, 0), (u64::MAX, 0));
        assert_eq!(i64_sub128(0, 0, 1, 0), (u64::MAX, u64::MAX));
        assert_eq!(i64_mul_wide_u(u64::MAX, u64::MAX), (1, u64::MAX - 1));
        assert_eq!(i64_mul_wide_s(u64::MAX, u64::MAX), (1, 0));
        assert_eq!(i64_mul_wide_s(-2i64 as u64, 3), (-6i64 as u64, u64::MAX));
        assert_eq!(i64_mul_wide_u(-2i64 as u64, 3), (-6i64 as u64, 2));
    }
}
