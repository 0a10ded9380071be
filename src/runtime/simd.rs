//! WebAssembly SIMD semantics (fixed-width SIMD, WebAssembly 2.0, and
//! relaxed SIMD, WebAssembly 3.0) on `u128` vectors.
//!
//! A `v128` is a `u128` whose little-endian bytes are the vector's bytes
//! (lane 0 in the lowest bits), the value `Val::V128` holds. Every
//! operator is a pure function here, written once: the interpreter's
//! handlers are these functions; the JIT lowers SIMD to Cranelift's vector
//! instructions, and any constant folding or future tier reuses these.
//!
//! Scalar operands and results are cells as in `runtime::num` (an i32 or
//! f32 in the low 32 bits of a `u64`). Lane-wise float arithmetic calls the
//! scalar functions of `runtime::num`, so NaN results follow the same rules
//! (one source): a NaN result is an arithmetic (quiet) NaN, canonical when
//! the inputs are.
//!
//! # Relaxed SIMD
//!
//! Relaxed SIMD lets an engine choose among several results. ferrowasm
//! makes one deterministic choice, the same on every tier (the JIT
//! implements exactly these):
//!
//! - `i8x16.relaxed_swizzle` = `i8x16.swizzle` (an index >= 16 gives 0);
//! - `i32x4.relaxed_trunc_*` = the corresponding `trunc_sat` (NaN gives 0,
//!   out-of-range saturates);
//! - `f32x4/f64x2.relaxed_madd` = fused `a * b + c` (one rounding,
//!   `mul_add`), `relaxed_nmadd` = fused `-(a * b) + c`;
//! - `iNxM.relaxed_laneselect` = `v128.bitselect` (bit by bit);
//! - `f32x4/f64x2.relaxed_min/max` = `f32x4/f64x2.min/max` (NaN and -0 as
//!   there);
//! - `i16x8.relaxed_q15mulr_s` = `i16x8.q15mulr_sat_s`;
//! - `i16x8.relaxed_dot_i8x16_i7x16_s`: both operands signed `i8`, each
//!   lane the wrapping `i16` sum of the two adjacent products;
//! - `i32x4.relaxed_dot_i8x16_i7x16_add_s`: those `i16` pair sums,
//!   sign-extended, adjacent pairs added to an `i32`, plus `c` (wrapping).
//!
//! Out-of-range immediates (a lane index, a shuffle index >= 32) are
//! rejected by validation; these functions give 0 for a shuffle index >= 32
//! and never panic in release builds on a lane index (it is masked).

use super::num;

// ---- lanes ----

/// A lane type: how a vector splits into lanes and back.
trait Lanes: Copy {
    type Arr;
    fn split(v: u128) -> Self::Arr;
    fn join(a: Self::Arr) -> u128;
}

macro_rules! lanes {
    ($($t:ty, $n:literal;)*) => {
        $( impl Lanes for $t {
            type Arr = [$t; $n];
            #[inline(always)]
            fn split(v: u128) -> [$t; $n] {
                let b = v.to_le_bytes();
                const W: usize = 16 / $n;
                core::array::from_fn(|i| {
                    let mut x = [0u8; W];
                    x.copy_from_slice(&b[i * W..i * W + W]);
                    <$t>::from_le_bytes(x)
                })
            }
            #[inline(always)]
            fn join(a: [$t; $n]) -> u128 {
                let mut b = [0u8; 16];
                const W: usize = 16 / $n;
                for (i, x) in a.iter().enumerate() {
                    b[i * W..i * W + W].copy_from_slice(&x.to_le_bytes());
                }
                u128::from_le_bytes(b)
            }
        } )*
    };
}
lanes! { u8, 16; u16, 8; u32, 4; u64, 2; }

#[inline(always)]
fn split<T: Lanes>(v: u128) -> T::Arr {
    T::split(v)
}

/// All ones when `c`.
macro_rules! mask {
    ($t:ty, $c:expr) => {
        (($c) as $t).wrapping_neg()
    };
}

/// Lane-wise binary operators: `name lane |a, b| expr` (lanes unsigned).
macro_rules! bin {
    ($($name:ident $t:ident |$a:ident, $b:ident| $e:expr;)*) => {
        $( #[inline]
        pub fn $name(x: u128, y: u128) -> u128 {
            let (xa, ya) = (<$t as Lanes>::split(x), <$t as Lanes>::split(y));
            <$t as Lanes>::join(core::array::from_fn(|i| {
                let ($a, $b) = (xa[i], ya[i]);
                $e
            }))
        } )*
    };
}

/// Lane-wise comparisons: `name lane |a, b| bool` (all ones when true).
macro_rules! cmp {
    ($($name:ident $t:ident |$a:ident, $b:ident| $e:expr;)*) => {
        $( #[inline]
        pub fn $name(x: u128, y: u128) -> u128 {
            let (xa, ya) = (<$t as Lanes>::split(x), <$t as Lanes>::split(y));
            <$t as Lanes>::join(core::array::from_fn(|i| {
                let ($a, $b) = (xa[i], ya[i]);
                mask!($t, $e)
            }))
        } )*
    };
}

/// Lane-wise unary operators: `name lane |a| expr`.
macro_rules! un {
    ($($name:ident $t:ident |$a:ident| $e:expr;)*) => {
        $( #[inline]
        pub fn $name(x: u128) -> u128 {
            let xa = <$t as Lanes>::split(x);
            <$t as Lanes>::join(core::array::from_fn(|i| {
                let $a = xa[i];
                $e
            }))
        } )*
    };
}

/// Shifts: the count is taken modulo the lane width.
macro_rules! shift {
    ($($name:ident $t:ident $bits:literal |$a:ident, $s:ident| $e:expr;)*) => {
        $( #[inline]
        pub fn $name(x: u128, count: u64) -> u128 {
            let $s = (count as u32) % $bits;
            let xa = <$t as Lanes>::split(x);
            <$t as Lanes>::join(core::array::from_fn(|i| {
                let $a = xa[i];
                $e
            }))
        } )*
    };
}

// ---- splat, extract, replace ----

#[inline]
pub fn i8x16_splat(x: u64) -> u128 {
    (x as u8 as u128) * (u128::MAX / 0xff)
}
#[inline]
pub fn i16x8_splat(x: u64) -> u128 {
    (x as u16 as u128) * (u128::MAX / 0xffff)
}
#[inline]
pub fn i32x4_splat(x: u64) -> u128 {
    (x as u32 as u128) * (u128::MAX / 0xffff_ffff)
}
#[inline]
pub fn i64x2_splat(x: u64) -> u128 {
    (x as u128) | ((x as u128) << 64)
}
#[inline]
pub fn f32x4_splat(x: u64) -> u128 {
    i32x4_splat(x)
}
#[inline]
pub fn f64x2_splat(x: u64) -> u128 {
    i64x2_splat(x)
}

/// The bit position of lane `lane` of `bits`-bit lanes (the lane masked).
#[inline(always)]
fn at(lane: u8, bits: u32) -> u32 {
    (lane as u32 % (128 / bits)) * bits
}

#[inline]
pub fn i8x16_extract_lane_s(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 8)) as i8 as i32 as u32 as u64
}
#[inline]
pub fn i8x16_extract_lane_u(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 8)) as u8 as u64
}
#[inline]
pub fn i16x8_extract_lane_s(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 16)) as i16 as i32 as u32 as u64
}
#[inline]
pub fn i16x8_extract_lane_u(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 16)) as u16 as u64
}
#[inline]
pub fn i32x4_extract_lane(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 32)) as u32 as u64
}
#[inline]
pub fn i64x2_extract_lane(v: u128, lane: u8) -> u64 {
    (v >> at(lane, 64)) as u64
}
#[inline]
pub fn f32x4_extract_lane(v: u128, lane: u8) -> u64 {
    i32x4_extract_lane(v, lane)
}
#[inline]
pub fn f64x2_extract_lane(v: u128, lane: u8) -> u64 {
    i64x2_extract_lane(v, lane)
}

#[inline(always)]
fn replace(v: u128, lane: u8, bits: u32, x: u64) -> u128 {
    let s = at(lane, bits);
    let m = (u128::MAX >> (128 - bits)) << s;
    (v & !m) | (((x as u128) << s) & m)
}
#[inline]
pub fn i8x16_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 8, x)
}
#[inline]
pub fn i16x8_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 16, x)
}
#[inline]
pub fn i32x4_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 32, x)
}
#[inline]
pub fn i64x2_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 64, x)
}
#[inline]
pub fn f32x4_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 32, x)
}
#[inline]
pub fn f64x2_replace_lane(v: u128, lane: u8, x: u64) -> u128 {
    replace(v, lane, 64, x)
}

// ---- shuffle, swizzle ----

/// `i8x16.shuffle`: byte `i` of the result is byte `mask[i]` of the 32
/// bytes `a ++ b` (0 for an index >= 32, which validation rejects).
#[inline]
pub fn i8x16_shuffle(a: u128, b: u128, mask: u128) -> u128 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        // SAFETY: the CPU has SSSE3 (just detected).
        return unsafe { x86::shuffle(a, b, mask) };
    }
    shuffle_portable(a, b, mask)
}

/// `i8x16.shuffle` in portable code.
#[inline]
pub fn shuffle_portable(a: u128, b: u128, mask: u128) -> u128 {
    let (a, b, m) = (a.to_le_bytes(), b.to_le_bytes(), mask.to_le_bytes());
    u128::from_le_bytes(core::array::from_fn(|i| {
        let j = m[i];
        let x = if j & 16 == 0 {
            a[(j & 15) as usize]
        } else {
            b[(j & 15) as usize]
        };
        x & mask!(u8, j < 32)
    }))
}

/// `i8x16.swizzle`: byte `i` is byte `s[i]` of `a`, or 0 when `s[i] >= 16`.
#[inline]
pub fn i8x16_swizzle(a: u128, s: u128) -> u128 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        // SAFETY: the CPU has SSSE3 (just detected).
        return unsafe { x86::swizzle(a, s) };
    }
    swizzle_portable(a, s)
}

/// `i8x16.swizzle` in portable code (the reference the SSSE3 one is
/// tested against).
#[inline]
pub fn swizzle_portable(a: u128, s: u128) -> u128 {
    let (a, s) = (a.to_le_bytes(), s.to_le_bytes());
    // Branch-free: read the masked index, keep it only if in range.
    u128::from_le_bytes(core::array::from_fn(|i| {
        let x = a[(s[i] & 15) as usize];
        x & mask!(u8, s[i] < 16)
    }))
}

/// x86_64 versions of the operators where the portable code is measurably
/// slower in the interpreter (`pshufb` for the byte permutations).
#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// `i8x16.swizzle` with `pshufb`: an index >= 16 gets its top bit set
    /// (saturating add of 0x70), which makes `pshufb` give 0.
    ///
    /// # Safety
    /// The CPU has SSSE3.
    /// A vector as an SSE register value.
    #[inline(always)]
    pub(super) fn m(x: u128) -> __m128i {
        // SAFETY: `u128` and `__m128i` are 16 plain bytes.
        unsafe { core::mem::transmute::<u128, __m128i>(x) }
    }

    /// An SSE register value as a vector.
    #[inline(always)]
    pub(super) fn v(x: __m128i) -> u128 {
        // SAFETY: as in `m`.
        unsafe { core::mem::transmute::<__m128i, u128>(x) }
    }

    /// A binary SSE2 operator on `u128`s.
    #[inline(always)]
    pub(super) fn sse2(x: u128, y: u128, f: impl Fn(__m128i, __m128i) -> __m128i) -> u128 {
        v(f(m(x), m(y)))
    }

    #[target_feature(enable = "ssse3")]
    pub(super) unsafe fn swizzle(a: u128, s: u128) -> u128 {
        // (The intrinsics are safe in a function with SSSE3 enabled.)
        let idx = _mm_adds_epu8(m(s), _mm_set1_epi8(0x70));
        v(_mm_shuffle_epi8(m(a), idx))
    }

    /// `i8x16.shuffle` with two `pshufb`: indices 0..16 pick from `a`,
    /// 16..32 (16 subtracted) from `b`; every other index zeroes the byte
    /// in its table (the top bit set by the saturating add, as above).
    ///
    /// # Safety
    /// The CPU has SSSE3.
    #[target_feature(enable = "ssse3")]
    pub(super) unsafe fn shuffle(a: u128, b: u128, mask: u128) -> u128 {
        let bias = _mm_set1_epi8(0x70);
        let ia = _mm_adds_epu8(m(mask), bias);
        let ib = _mm_adds_epu8(_mm_sub_epi8(m(mask), _mm_set1_epi8(16)), bias);
        v(_mm_or_si128(
            _mm_shuffle_epi8(m(a), ia),
            _mm_shuffle_epi8(m(b), ib),
        ))
    }
}

// ---- bitwise ----

#[inline]
pub fn v128_not(a: u128) -> u128 {
    !a
}
#[inline]
pub fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}
#[inline]
pub fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}
#[inline]
pub fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}
#[inline]
pub fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}
/// Bits of `a` where `c` is 1, of `b` where it is 0.
#[inline]
pub fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
    (a & c) | (b & !c)
}
#[inline]
pub fn v128_any_true(a: u128) -> u64 {
    (a != 0) as u64
}

// ---- lane tests ----

macro_rules! all_true_bitmask {
    ($($all:ident $bm:ident $t:ident $bits:literal;)*) => {
        $( #[inline]
        pub fn $all(a: u128) -> u64 {
            split::<$t>(a).iter().all(|&x| x != 0) as u64
        }
        #[inline]
        pub fn $bm(a: u128) -> u64 {
            split::<$t>(a)
                .iter()
                .enumerate()
                .fold(0u64, |m, (i, &x)| m | (((x >> ($bits - 1)) as u64) << i))
        } )*
    };
}
all_true_bitmask! {
    i8x16_all_true i8x16_bitmask u8 8;
    i16x8_all_true i16x8_bitmask u16 16;
    i32x4_all_true i32x4_bitmask u32 32;
    i64x2_all_true i64x2_bitmask u64 64;
}

// ---- integer arithmetic ----

#[inline(always)]
fn sat_i8(x: i32) -> u8 {
    x.clamp(i8::MIN as i32, i8::MAX as i32) as i8 as u8
}
#[inline(always)]
fn sat_u8(x: i32) -> u8 {
    x.clamp(0, u8::MAX as i32) as u8
}
#[inline(always)]
fn sat_i16(x: i32) -> u16 {
    x.clamp(i16::MIN as i32, i16::MAX as i32) as i16 as u16
}
#[inline(always)]
fn sat_u16(x: i32) -> u16 {
    x.clamp(0, u16::MAX as i32) as u16
}

bin! {
    i8x16_min_s u8 |a, b| (a as i8).min(b as i8) as u8;
    i8x16_max_s u8 |a, b| (a as i8).max(b as i8) as u8;
    i16x8_min_u u16 |a, b| a.min(b);
    i16x8_max_u u16 |a, b| a.max(b);
    i16x8_q15mulr_sat_s u16 |a, b| sat_i16(((a as i16 as i32) * (b as i16 as i32) + 0x4000) >> 15);
    i32x4_mul u32 |a, b| a.wrapping_mul(b);
    i32x4_min_s u32 |a, b| (a as i32).min(b as i32) as u32;
    i32x4_min_u u32 |a, b| a.min(b);
    i32x4_max_s u32 |a, b| (a as i32).max(b as i32) as u32;
    i32x4_max_u u32 |a, b| a.max(b);
    i64x2_mul u64 |a, b| a.wrapping_mul(b);
}

/// Binary operators with one SSE2 instruction on x86_64 (part of its
/// baseline: no detection) and a portable definition, `*_portable`, which
/// other targets use and a test checks the SSE2 ones against:
/// `name portable lane |a, b| portable expr => intrinsic(operands)`.
macro_rules! bin_sse2 {
    ($($name:ident $portable:ident $t:ident |$a:ident, $b:ident| $e:expr
        => $intr:ident($p:ident, $q:ident);)*) => {
        bin! { $( $portable $t |$a, $b| $e; )* }
        $( #[inline]
        pub fn $name(x: u128, y: u128) -> u128 {
            #[cfg(target_arch = "x86_64")]
            {
                x86::sse2(x, y, |$a, $b| {
                    // SAFETY: SSE2 is part of the x86_64 baseline.
                    unsafe { std::arch::x86_64::$intr($p, $q) }
                })
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                $portable(x, y)
            }
        } )*
        /// Every operator of `bin_sse2`: name, fast, portable.
        #[cfg(test)]
        pub(crate) const SSE2_BINOPS: &[(&str, fn(u128, u128) -> u128, fn(u128, u128) -> u128)] =
            &[$( (stringify!($name), $name, $portable), )*];
    };
}
bin_sse2! {
    i8x16_add i8x16_add_portable u8 |a, b| a.wrapping_add(b) => _mm_add_epi8(a, b);
    i8x16_sub i8x16_sub_portable u8 |a, b| a.wrapping_sub(b) => _mm_sub_epi8(a, b);
    i8x16_add_sat_s i8x16_add_sat_s_portable u8 |a, b| (a as i8).saturating_add(b as i8) as u8 => _mm_adds_epi8(a, b);
    i8x16_add_sat_u i8x16_add_sat_u_portable u8 |a, b| a.saturating_add(b) => _mm_adds_epu8(a, b);
    i8x16_sub_sat_s i8x16_sub_sat_s_portable u8 |a, b| (a as i8).saturating_sub(b as i8) as u8 => _mm_subs_epi8(a, b);
    i8x16_sub_sat_u i8x16_sub_sat_u_portable u8 |a, b| a.saturating_sub(b) => _mm_subs_epu8(a, b);
    i8x16_min_u i8x16_min_u_portable u8 |a, b| a.min(b) => _mm_min_epu8(a, b);
    i8x16_max_u i8x16_max_u_portable u8 |a, b| a.max(b) => _mm_max_epu8(a, b);
    i8x16_avgr_u i8x16_avgr_u_portable u8 |a, b| ((a as u16 + b as u16 + 1) >> 1) as u8 => _mm_avg_epu8(a, b);
    i16x8_add i16x8_add_portable u16 |a, b| a.wrapping_add(b) => _mm_add_epi16(a, b);
    i16x8_sub i16x8_sub_portable u16 |a, b| a.wrapping_sub(b) => _mm_sub_epi16(a, b);
    i16x8_mul i16x8_mul_portable u16 |a, b| a.wrapping_mul(b) => _mm_mullo_epi16(a, b);
    i16x8_add_sat_s i16x8_add_sat_s_portable u16 |a, b| (a as i16).saturating_add(b as i16) as u16 => _mm_adds_epi16(a, b);
    i16x8_add_sat_u i16x8_add_sat_u_portable u16 |a, b| a.saturating_add(b) => _mm_adds_epu16(a, b);
    i16x8_sub_sat_s i16x8_sub_sat_s_portable u16 |a, b| (a as i16).saturating_sub(b as i16) as u16 => _mm_subs_epi16(a, b);
    i16x8_sub_sat_u i16x8_sub_sat_u_portable u16 |a, b| a.saturating_sub(b) => _mm_subs_epu16(a, b);
    i16x8_min_s i16x8_min_s_portable u16 |a, b| (a as i16).min(b as i16) as u16 => _mm_min_epi16(a, b);
    i16x8_max_s i16x8_max_s_portable u16 |a, b| (a as i16).max(b as i16) as u16 => _mm_max_epi16(a, b);
    i16x8_avgr_u i16x8_avgr_u_portable u16 |a, b| ((a as u32 + b as u32 + 1) >> 1) as u16 => _mm_avg_epu16(a, b);
    i32x4_add i32x4_add_portable u32 |a, b| a.wrapping_add(b) => _mm_add_epi32(a, b);
    i32x4_sub i32x4_sub_portable u32 |a, b| a.wrapping_sub(b) => _mm_sub_epi32(a, b);
    i64x2_add i64x2_add_portable u64 |a, b| a.wrapping_add(b) => _mm_add_epi64(a, b);
    i64x2_sub i64x2_sub_portable u64 |a, b| a.wrapping_sub(b) => _mm_sub_epi64(a, b);
    i8x16_eq i8x16_eq_portable u8 |a, b| mask!(u8, a == b) => _mm_cmpeq_epi8(a, b);
    i8x16_lt_s i8x16_lt_s_portable u8 |a, b| mask!(u8, (a as i8) < (b as i8)) => _mm_cmpgt_epi8(b, a);
    i8x16_gt_s i8x16_gt_s_portable u8 |a, b| mask!(u8, (a as i8) > (b as i8)) => _mm_cmpgt_epi8(a, b);
    i16x8_eq i16x8_eq_portable u16 |a, b| mask!(u16, a == b) => _mm_cmpeq_epi16(a, b);
    i16x8_lt_s i16x8_lt_s_portable u16 |a, b| mask!(u16, (a as i16) < (b as i16)) => _mm_cmpgt_epi16(b, a);
    i16x8_gt_s i16x8_gt_s_portable u16 |a, b| mask!(u16, (a as i16) > (b as i16)) => _mm_cmpgt_epi16(a, b);
    i32x4_eq i32x4_eq_portable u32 |a, b| mask!(u32, a == b) => _mm_cmpeq_epi32(a, b);
    i32x4_lt_s i32x4_lt_s_portable u32 |a, b| mask!(u32, (a as i32) < (b as i32)) => _mm_cmpgt_epi32(b, a);
    i32x4_gt_s i32x4_gt_s_portable u32 |a, b| mask!(u32, (a as i32) > (b as i32)) => _mm_cmpgt_epi32(a, b);
}

un! {
    i8x16_abs u8 |a| (a as i8).wrapping_abs() as u8;
    i8x16_neg u8 |a| a.wrapping_neg();
    i8x16_popcnt u8 |a| a.count_ones() as u8;
    i16x8_abs u16 |a| (a as i16).wrapping_abs() as u16;
    i16x8_neg u16 |a| a.wrapping_neg();
    i32x4_abs u32 |a| (a as i32).wrapping_abs() as u32;
    i32x4_neg u32 |a| a.wrapping_neg();
    i64x2_abs u64 |a| (a as i64).wrapping_abs() as u64;
    i64x2_neg u64 |a| a.wrapping_neg();
}

shift! {
    i8x16_shl u8 8 |a, s| a << s;
    i8x16_shr_s u8 8 |a, s| ((a as i8) >> s) as u8;
    i8x16_shr_u u8 8 |a, s| a >> s;
    i64x2_shr_s u64 64 |a, s| ((a as i64) >> s) as u64;
}

/// Shifts with an SSE2 instruction on x86_64 (the count, taken modulo
/// the lane width, in the low 64 bits of a register) and a portable
/// definition, as `bin_sse2`.
macro_rules! shift_sse2 {
    ($($name:ident $portable:ident $t:ident $bits:literal |$a:ident, $s:ident| $e:expr
        => $intr:ident;)*) => {
        shift! { $( $portable $t $bits |$a, $s| $e; )* }
        $( #[inline]
        pub fn $name(x: u128, count: u64) -> u128 {
            #[cfg(target_arch = "x86_64")]
            {
                use std::arch::x86_64::*;
                let c = (count as u32 % $bits) as i64;
                // SAFETY: SSE2 is part of the x86_64 baseline.
                x86::v(unsafe { $intr(x86::m(x), _mm_cvtsi64_si128(c)) })
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                $portable(x, count)
            }
        } )*
        /// Every operator of `shift_sse2`: name, fast, portable.
        #[cfg(test)]
        pub(crate) const SSE2_SHIFTS: &[(&str, fn(u128, u64) -> u128, fn(u128, u64) -> u128)] =
            &[$( (stringify!($name), $name, $portable), )*];
    };
}
shift_sse2! {
    i16x8_shl i16x8_shl_portable u16 16 |a, s| a << s => _mm_sll_epi16;
    i16x8_shr_s i16x8_shr_s_portable u16 16 |a, s| ((a as i16) >> s) as u16 => _mm_sra_epi16;
    i16x8_shr_u i16x8_shr_u_portable u16 16 |a, s| a >> s => _mm_srl_epi16;
    i32x4_shl i32x4_shl_portable u32 32 |a, s| a << s => _mm_sll_epi32;
    i32x4_shr_s i32x4_shr_s_portable u32 32 |a, s| ((a as i32) >> s) as u32 => _mm_sra_epi32;
    i32x4_shr_u i32x4_shr_u_portable u32 32 |a, s| a >> s => _mm_srl_epi32;
    i64x2_shl i64x2_shl_portable u64 64 |a, s| a << s => _mm_sll_epi64;
    i64x2_shr_u i64x2_shr_u_portable u64 64 |a, s| a >> s => _mm_srl_epi64;
}

cmp! {
    i8x16_ne u8 |a, b| a != b;
    i8x16_lt_u u8 |a, b| a < b;
    i8x16_gt_u u8 |a, b| a > b;
    i8x16_le_s u8 |a, b| (a as i8) <= (b as i8);
    i8x16_le_u u8 |a, b| a <= b;
    i8x16_ge_s u8 |a, b| (a as i8) >= (b as i8);
    i8x16_ge_u u8 |a, b| a >= b;
    i16x8_ne u16 |a, b| a != b;
    i16x8_lt_u u16 |a, b| a < b;
    i16x8_gt_u u16 |a, b| a > b;
    i16x8_le_s u16 |a, b| (a as i16) <= (b as i16);
    i16x8_le_u u16 |a, b| a <= b;
    i16x8_ge_s u16 |a, b| (a as i16) >= (b as i16);
    i16x8_ge_u u16 |a, b| a >= b;
    i32x4_ne u32 |a, b| a != b;
    i32x4_lt_u u32 |a, b| a < b;
    i32x4_gt_u u32 |a, b| a > b;
    i32x4_le_s u32 |a, b| (a as i32) <= (b as i32);
    i32x4_le_u u32 |a, b| a <= b;
    i32x4_ge_s u32 |a, b| (a as i32) >= (b as i32);
    i32x4_ge_u u32 |a, b| a >= b;
    i64x2_eq u64 |a, b| a == b;
    i64x2_ne u64 |a, b| a != b;
    i64x2_lt_s u64 |a, b| (a as i64) < (b as i64);
    i64x2_gt_s u64 |a, b| (a as i64) > (b as i64);
    i64x2_le_s u64 |a, b| (a as i64) <= (b as i64);
    i64x2_ge_s u64 |a, b| (a as i64) >= (b as i64);
    f32x4_eq u32 |a, b| num::f32_eq(a as u64, b as u64) != 0;
    f32x4_ne u32 |a, b| num::f32_ne(a as u64, b as u64) != 0;
    f32x4_lt u32 |a, b| num::f32_lt(a as u64, b as u64) != 0;
    f32x4_gt u32 |a, b| num::f32_gt(a as u64, b as u64) != 0;
    f32x4_le u32 |a, b| num::f32_le(a as u64, b as u64) != 0;
    f32x4_ge u32 |a, b| num::f32_ge(a as u64, b as u64) != 0;
    f64x2_eq u64 |a, b| num::f64_eq(a, b) != 0;
    f64x2_ne u64 |a, b| num::f64_ne(a, b) != 0;
    f64x2_lt u64 |a, b| num::f64_lt(a, b) != 0;
    f64x2_gt u64 |a, b| num::f64_gt(a, b) != 0;
    f64x2_le u64 |a, b| num::f64_le(a, b) != 0;
    f64x2_ge u64 |a, b| num::f64_ge(a, b) != 0;
}

// ---- narrow, extend, extmul, extadd, dot ----

#[inline]
pub fn i8x16_narrow_i16x8_s(a: u128, b: u128) -> u128 {
    let (a, b) = (split::<u16>(a), split::<u16>(b));
    u8::join(core::array::from_fn(|i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        sat_i8(x as i16 as i32)
    }))
}
#[inline]
pub fn i8x16_narrow_i16x8_u(a: u128, b: u128) -> u128 {
    let (a, b) = (split::<u16>(a), split::<u16>(b));
    u8::join(core::array::from_fn(|i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        sat_u8(x as i16 as i32)
    }))
}
#[inline]
pub fn i16x8_narrow_i32x4_s(a: u128, b: u128) -> u128 {
    let (a, b) = (split::<u32>(a), split::<u32>(b));
    u16::join(core::array::from_fn(|i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        sat_i16(x as i32)
    }))
}
#[inline]
pub fn i16x8_narrow_i32x4_u(a: u128, b: u128) -> u128 {
    let (a, b) = (split::<u32>(a), split::<u32>(b));
    u16::join(core::array::from_fn(|i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        sat_u16(x as i32)
    }))
}

/// Extends, extmuls and pairwise adds: `name narrow wide half` where the
/// lanes are read as `narrow` (a signed or unsigned type) and widened.
macro_rules! extend {
    ($($name:ident $from:ident $nt:ty => $to:ident $wt:ty, $first:literal;)*) => {
        $( #[inline]
        pub fn $name(a: u128) -> u128 {
            let a = split::<$from>(a);
            <$to as Lanes>::join(core::array::from_fn(|i| a[$first + i] as $nt as $wt as $to))
        } )*
    };
}
extend! {
    i16x8_extend_low_i8x16_s u8 i8 => u16 i16, 0;
    i16x8_extend_high_i8x16_s u8 i8 => u16 i16, 8;
    i16x8_extend_low_i8x16_u u8 u8 => u16 u16, 0;
    i16x8_extend_high_i8x16_u u8 u8 => u16 u16, 8;
    i32x4_extend_low_i16x8_s u16 i16 => u32 i32, 0;
    i32x4_extend_high_i16x8_s u16 i16 => u32 i32, 4;
    i32x4_extend_low_i16x8_u u16 u16 => u32 u32, 0;
    i32x4_extend_high_i16x8_u u16 u16 => u32 u32, 4;
    i64x2_extend_low_i32x4_s u32 i32 => u64 i64, 0;
    i64x2_extend_high_i32x4_s u32 i32 => u64 i64, 2;
    i64x2_extend_low_i32x4_u u32 u32 => u64 u64, 0;
    i64x2_extend_high_i32x4_u u32 u32 => u64 u64, 2;
}

macro_rules! extmul {
    ($($name:ident $from:ident $nt:ty => $to:ident $wt:ty, $first:literal;)*) => {
        $( #[inline]
        pub fn $name(a: u128, b: u128) -> u128 {
            let (a, b) = (split::<$from>(a), split::<$from>(b));
            <$to as Lanes>::join(core::array::from_fn(|i| {
                (a[$first + i] as $nt as $wt).wrapping_mul(b[$first + i] as $nt as $wt) as $to
            }))
        } )*
    };
}
extmul! {
    i16x8_extmul_low_i8x16_s u8 i8 => u16 i16, 0;
    i16x8_extmul_high_i8x16_s u8 i8 => u16 i16, 8;
    i16x8_extmul_low_i8x16_u u8 u8 => u16 u16, 0;
    i16x8_extmul_high_i8x16_u u8 u8 => u16 u16, 8;
    i32x4_extmul_low_i16x8_s u16 i16 => u32 i32, 0;
    i32x4_extmul_high_i16x8_s u16 i16 => u32 i32, 4;
    i32x4_extmul_low_i16x8_u u16 u16 => u32 u32, 0;
    i32x4_extmul_high_i16x8_u u16 u16 => u32 u32, 4;
    i64x2_extmul_low_i32x4_s u32 i32 => u64 i64, 0;
    i64x2_extmul_high_i32x4_s u32 i32 => u64 i64, 2;
    i64x2_extmul_low_i32x4_u u32 u32 => u64 u64, 0;
    i64x2_extmul_high_i32x4_u u32 u32 => u64 u64, 2;
}

macro_rules! extadd {
    ($($name:ident $from:ident $nt:ty => $to:ident $wt:ty;)*) => {
        $( #[inline]
        pub fn $name(a: u128) -> u128 {
            let a = split::<$from>(a);
            <$to as Lanes>::join(core::array::from_fn(|i| {
                (a[2 * i] as $nt as $wt).wrapping_add(a[2 * i + 1] as $nt as $wt) as $to
            }))
        } )*
    };
}
extadd! {
    i16x8_extadd_pairwise_i8x16_s u8 i8 => u16 i16;
    i16x8_extadd_pairwise_i8x16_u u8 u8 => u16 u16;
    i32x4_extadd_pairwise_i16x8_s u16 i16 => u32 i32;
    i32x4_extadd_pairwise_i16x8_u u16 u16 => u32 u32;
}

/// `i32x4.dot_i16x8_s`: adjacent signed products summed (wrapping: only
/// two products of -32768 * -32768 overflow).
#[inline]
pub fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    let (a, b) = (split::<u16>(a), split::<u16>(b));
    u32::join(core::array::from_fn(|i| {
        let p = |j: usize| (a[j] as i16 as i32) * (b[j] as i16 as i32);
        p(2 * i).wrapping_add(p(2 * i + 1)) as u32
    }))
}

// ---- float arithmetic (lane-wise `runtime::num`) ----

/// Float lane operators through the scalar cell functions of `num`.
macro_rules! fbin {
    ($($name:ident $t:ident $f:path;)*) => {
        $( #[inline]
        pub fn $name(x: u128, y: u128) -> u128 {
            let (xa, ya) = (<$t as Lanes>::split(x), <$t as Lanes>::split(y));
            <$t as Lanes>::join(core::array::from_fn(|i| $f(xa[i] as u64, ya[i] as u64) as $t))
        } )*
    };
}
macro_rules! fun {
    ($($name:ident $t:ident $f:path;)*) => {
        $( #[inline]
        pub fn $name(x: u128) -> u128 {
            let xa = <$t as Lanes>::split(x);
            <$t as Lanes>::join(core::array::from_fn(|i| $f(xa[i] as u64) as $t))
        } )*
    };
}
fbin! {
    f32x4_add u32 num::f32_add;
    f32x4_sub u32 num::f32_sub;
    f32x4_mul u32 num::f32_mul;
    f32x4_div u32 num::f32_div;
    f32x4_min u32 num::f32_min;
    f32x4_max u32 num::f32_max;
    f64x2_add u64 num::f64_add;
    f64x2_sub u64 num::f64_sub;
    f64x2_mul u64 num::f64_mul;
    f64x2_div u64 num::f64_div;
    f64x2_min u64 num::f64_min;
    f64x2_max u64 num::f64_max;
}
fun! {
    f32x4_abs u32 num::f32_abs;
    f32x4_neg u32 num::f32_neg;
    f32x4_sqrt u32 num::f32_sqrt;
    f32x4_ceil u32 num::f32_ceil;
    f32x4_floor u32 num::f32_floor;
    f32x4_trunc u32 num::f32_trunc;
    f32x4_nearest u32 num::f32_nearest;
    f64x2_abs u64 num::f64_abs;
    f64x2_neg u64 num::f64_neg;
    f64x2_sqrt u64 num::f64_sqrt;
    f64x2_ceil u64 num::f64_ceil;
    f64x2_floor u64 num::f64_floor;
    f64x2_trunc u64 num::f64_trunc;
    f64x2_nearest u64 num::f64_nearest;
    i32x4_trunc_sat_f32x4_s u32 num::i32_trunc_sat_f32_s;
    i32x4_trunc_sat_f32x4_u u32 num::i32_trunc_sat_f32_u;
    f32x4_convert_i32x4_s u32 num::f32_convert_i32_s;
    f32x4_convert_i32x4_u u32 num::f32_convert_i32_u;
}

bin! {
    // Pseudo-min/max: `b < a ? b : a` and `a < b ? b : a` (NaN and -0
    // pass through as the comparison says).
    f32x4_pmin u32 |a, b| if num::f32_lt(b as u64, a as u64) != 0 { b } else { a };
    f32x4_pmax u32 |a, b| if num::f32_lt(a as u64, b as u64) != 0 { b } else { a };
    f64x2_pmin u64 |a, b| if num::f64_lt(b, a) != 0 { b } else { a };
    f64x2_pmax u64 |a, b| if num::f64_lt(a, b) != 0 { b } else { a };
}

// ---- conversions between shapes ----

/// Lanes 0 and 1 of `f(a's lanes 0 and 1)` (of the wider or narrower
/// shape), the other lanes zero.
macro_rules! low_two {
    ($($name:ident $from:ident => $to:ident $f:path;)*) => {
        $( #[inline]
        pub fn $name(a: u128) -> u128 {
            let a = split::<$from>(a);
            let mut out = <$to as Lanes>::split(0);
            out[0] = $f(a[0] as u64) as $to;
            out[1] = $f(a[1] as u64) as $to;
            <$to as Lanes>::join(out)
        } )*
    };
}
low_two! {
    i32x4_trunc_sat_f64x2_s_zero u64 => u32 num::i32_trunc_sat_f64_s;
    i32x4_trunc_sat_f64x2_u_zero u64 => u32 num::i32_trunc_sat_f64_u;
    f64x2_convert_low_i32x4_s u32 => u64 num::f64_convert_i32_s;
    f64x2_convert_low_i32x4_u u32 => u64 num::f64_convert_i32_u;
    f32x4_demote_f64x2_zero u64 => u32 num::f32_demote_f64;
    f64x2_promote_low_f32x4 u32 => u64 num::f64_promote_f32;
}

// ---- relaxed SIMD (the deterministic choices of the module header) ----

#[inline]
pub fn i8x16_relaxed_swizzle(a: u128, s: u128) -> u128 {
    i8x16_swizzle(a, s)
}
#[inline]
pub fn i32x4_relaxed_trunc_f32x4_s(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_s(a)
}
#[inline]
pub fn i32x4_relaxed_trunc_f32x4_u(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_u(a)
}
#[inline]
pub fn i32x4_relaxed_trunc_f64x2_s_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_s_zero(a)
}
#[inline]
pub fn i32x4_relaxed_trunc_f64x2_u_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_u_zero(a)
}

/// A NaN `mul_add` may return as it is (a software fma can pass a
/// signalling NaN through): made arithmetic, as every wasm NaN result.
macro_rules! madd {
    ($($name:ident $t:ident $ft:ident $q:ident |$a:ident, $b:ident, $c:ident| $e:expr;)*) => {
        $( #[inline]
        pub fn $name(x: u128, y: u128, z: u128) -> u128 {
            let (xa, ya, za) = (split::<$t>(x), split::<$t>(y), split::<$t>(z));
            <$t as Lanes>::join(core::array::from_fn(|i| {
                let ($a, $b, $c) = ($ft::from_bits(xa[i]), $ft::from_bits(ya[i]), $ft::from_bits(za[i]));
                num::$q($e) as $t
            }))
        } )*
    };
}
madd! {
    f32x4_relaxed_madd u32 f32 quiet32 |a, b, c| a.mul_add(b, c);
    f32x4_relaxed_nmadd u32 f32 quiet32 |a, b, c| (-a).mul_add(b, c);
    f64x2_relaxed_madd u64 f64 quiet64 |a, b, c| a.mul_add(b, c);
    f64x2_relaxed_nmadd u64 f64 quiet64 |a, b, c| (-a).mul_add(b, c);
}

#[inline]
pub fn i8x16_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
    v128_bitselect(a, b, c)
}
#[inline]
pub fn i16x8_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
    v128_bitselect(a, b, c)
}
#[inline]
pub fn i32x4_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
    v128_bitselect(a, b, c)
}
#[inline]
pub fn i64x2_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
    v128_bitselect(a, b, c)
}
#[inline]
pub fn f32x4_relaxed_min(a: u128, b: u128) -> u128 {
    f32x4_min(a, b)
}
#[inline]
pub fn f32x4_relaxed_max(a: u128, b: u128) -> u128 {
    f32x4_max(a, b)
}
#[inline]
pub fn f64x2_relaxed_min(a: u128, b: u128) -> u128 {
    f64x2_min(a, b)
}
#[inline]
pub fn f64x2_relaxed_max(a: u128, b: u128) -> u128 {
    f64x2_max(a, b)
}
#[inline]
pub fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// The `i16` lanes of `relaxed_dot_i8x16_i7x16_s` (both operands signed).
#[inline(always)]
fn dot_i8_pairs(a: u128, b: u128) -> [i16; 8] {
    let (a, b) = (split::<u8>(a), split::<u8>(b));
    core::array::from_fn(|i| {
        let p = |j: usize| (a[j] as i8 as i16) * (b[j] as i8 as i16);
        p(2 * i).wrapping_add(p(2 * i + 1))
    })
}
#[inline]
pub fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
    let d = dot_i8_pairs(a, b);
    u16::join(core::array::from_fn(|i| d[i] as u16))
}
#[inline]
pub fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    let d = dot_i8_pairs(a, b);
    let c = split::<u32>(c);
    u32::join(core::array::from_fn(|i| {
        (d[2 * i] as i32)
            .wrapping_add(d[2 * i + 1] as i32)
            .wrapping_add(c[i] as i32) as u32
    }))
}

// ---- memory helpers (loads that widen or splat) ----

/// `v128.load8x8_s` and friends: 8 bytes read as a little-endian `u64`,
/// widened lane by lane.
#[inline]
pub fn load8x8_s(x: u64) -> u128 {
    i16x8_extend_low_i8x16_s(x as u128)
}
#[inline]
pub fn load8x8_u(x: u64) -> u128 {
    i16x8_extend_low_i8x16_u(x as u128)
}
#[inline]
pub fn load16x4_s(x: u64) -> u128 {
    i32x4_extend_low_i16x8_s(x as u128)
}
#[inline]
pub fn load16x4_u(x: u64) -> u128 {
    i32x4_extend_low_i16x8_u(x as u128)
}
#[inline]
pub fn load32x2_s(x: u64) -> u128 {
    i64x2_extend_low_i32x4_s(x as u128)
}
#[inline]
pub fn load32x2_u(x: u64) -> u128 {
    i64x2_extend_low_i32x4_u(x as u128)
}

#[cfg(test)]
#[path = "simd_tests.rs"]
mod tests;
