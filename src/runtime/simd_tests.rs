//! Unit tests of `runtime::simd` where the spec suites are thin: the
//! relaxed choices, NaN results, out-of-range indices, lane layout.

use super::*;

fn f32s(l: [f32; 4]) -> u128 {
    u32::join(l.map(f32::to_bits))
}
fn f64s(l: [f64; 2]) -> u128 {
    u64::join(l.map(f64::to_bits))
}
fn i8s(l: [i8; 16]) -> u128 {
    u8::join(l.map(|x| x as u8))
}
fn lanes32(v: u128) -> [u32; 4] {
    split::<u32>(v)
}

#[test]
fn lane_layout_is_little_endian() {
    let v = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
    assert_eq!(i8x16_extract_lane_u(v, 0), 0);
    assert_eq!(i8x16_extract_lane_u(v, 15), 15);
    assert_eq!(i16x8_extract_lane_u(v, 1), 0x0302);
    assert_eq!(i32x4_extract_lane(v, 3), 0x0f0e_0d0c);
    assert_eq!(i64x2_extract_lane(v, 1), 0x0f0e_0d0c_0b0a_0908);
    assert_eq!(u8::join(split::<u8>(v)), v);
    assert_eq!(u16::join(split::<u16>(v)), v);
    assert_eq!(
        i16x8_replace_lane(v, 7, 0xabcd_ffff),
        (v & !(0xffff << 112)) | (0xffff << 112)
    );
    assert_eq!(i8x16_splat(0x1ff), u128::MAX);
    assert_eq!(i32x4_splat(0xffff_ffff_0000_0001), u32::join([1; 4]));
    assert_eq!(i8x16_extract_lane_s(i8x16_splat(0x80), 3), 0xffff_ff80);
    assert_eq!(i16x8_extract_lane_s(i16x8_splat(0x8000), 3), 0xffff_8000);
}

#[test]
fn shuffle_and_swizzle_indices() {
    let a = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
    let b = u128::from_le_bytes(core::array::from_fn(|i| 0x10 + i as u8));
    // 16..31 pick from b; an index >= 32 (invalid wasm) gives 0.
    let mask = u128::from_le_bytes([31, 0, 16, 15, 32, 255, 1, 17, 0, 0, 0, 0, 0, 0, 0, 0]);
    let r = i8x16_shuffle(a, b, mask).to_le_bytes();
    assert_eq!(&r[..8], &[0x1f, 0, 0x10, 15, 0, 0, 1, 0x11]);
    // Swizzle: an index >= 16 gives 0, whatever its high bits.
    let s = u128::from_le_bytes([15, 16, 0x80, 0xff, 3, 255, 17, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    let r = i8x16_swizzle(a, s).to_le_bytes();
    assert_eq!(r, [15, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(i8x16_relaxed_swizzle(a, s), i8x16_swizzle(a, s));
}

#[test]
fn float_nan_results_are_arithmetic() {
    let snan = f32::from_bits(0x7f80_0001);
    let v = f32s([snan, f32::NAN, 1.0, -0.0]);
    for f in [
        f32x4_sqrt,
        f32x4_ceil,
        f32x4_floor,
        f32x4_trunc,
        f32x4_nearest,
    ] {
        let r = lanes32(f(v));
        assert!(r[0] & 0x0040_0000 != 0 && f32::from_bits(r[0]).is_nan());
        assert!(f32::from_bits(r[1]).is_nan());
    }
    let r = lanes32(f32x4_add(v, v));
    assert!(r[0] & 0x0040_0000 != 0 && f32::from_bits(r[0]).is_nan());
    // min/max: NaN wins; -0 < +0.
    let z = f32s([0.0, -0.0, 1.0, f32::NAN]);
    let w = f32s([-0.0, 0.0, f32::NAN, 2.0]);
    let mn = lanes32(f32x4_min(z, w));
    assert_eq!(mn[0], (-0.0f32).to_bits());
    assert_eq!(mn[1], (-0.0f32).to_bits());
    assert!(f32::from_bits(mn[2]).is_nan() && f32::from_bits(mn[3]).is_nan());
    let mx = lanes32(f32x4_max(z, w));
    assert_eq!(mx[0], 0.0f32.to_bits());
    assert_eq!(mx[1], 0.0f32.to_bits());
    // pmin/pmax: the first operand unless the comparison holds.
    let pm = lanes32(f32x4_pmin(z, w));
    assert_eq!(
        pm,
        [
            0.0f32.to_bits(),
            (-0.0f32).to_bits(),
            1.0f32.to_bits(),
            lanes32(z)[3]
        ]
    );
    let px = lanes32(f32x4_pmax(z, w));
    assert_eq!(
        px,
        [
            0.0f32.to_bits(),
            (-0.0f32).to_bits(),
            1.0f32.to_bits(),
            lanes32(z)[3]
        ]
    );
    // The relaxed min/max are the non-relaxed ones.
    assert_eq!(f32x4_relaxed_min(z, w), f32x4_min(z, w));
    assert_eq!(f32x4_relaxed_max(z, w), f32x4_max(z, w));
    let d = f64s([f64::NAN, -0.0]);
    let e = f64s([1.0, 0.0]);
    assert_eq!(f64x2_relaxed_min(d, e), f64x2_min(d, e));
    assert_eq!(f64x2_relaxed_max(d, e), f64x2_max(d, e));
    // Demote and promote keep a NaN a NaN (quiet).
    let r = lanes32(f32x4_demote_f64x2_zero(f64s([f64::NAN, 1.5])));
    assert!(f32::from_bits(r[0]).is_nan() && r[0] & 0x0040_0000 != 0);
    assert_eq!(r[1..], [1.5f32.to_bits(), 0, 0]);
}

#[test]
fn relaxed_madd_is_fused() {
    // a * b + c where the unfused product rounds away the answer.
    let a = 1.0f32 + f32::EPSILON;
    let b = 1.0f32 - f32::EPSILON;
    let c = -1.0f32;
    let fused = a.mul_add(b, c);
    assert_ne!(fused, a * b + c);
    let r = lanes32(f32x4_relaxed_madd(f32s([a; 4]), f32s([b; 4]), f32s([c; 4])));
    assert_eq!(r, [fused.to_bits(); 4]);
    let r = lanes32(f32x4_relaxed_nmadd(
        f32s([a; 4]),
        f32s([b; 4]),
        f32s([-c; 4]),
    ));
    assert_eq!(r, [(-a).mul_add(b, -c).to_bits(); 4]);
    let (x, y) = (1.0f64 + f64::EPSILON, 1.0f64 - f64::EPSILON);
    let r = split::<u64>(f64x2_relaxed_madd(
        f64s([x; 2]),
        f64s([y; 2]),
        f64s([-1.0; 2]),
    ));
    assert_eq!(r, [x.mul_add(y, -1.0).to_bits(); 2]);
    let r = split::<u64>(f64x2_relaxed_nmadd(
        f64s([x; 2]),
        f64s([y; 2]),
        f64s([1.0; 2]),
    ));
    assert_eq!(r, [(-x).mul_add(y, 1.0).to_bits(); 2]);
}

#[test]
fn relaxed_integer_choices() {
    // Truncation = trunc_sat: NaN -> 0, out of range saturates.
    let v = f32s([f32::NAN, 3e9, -3e9, -1.5]);
    assert_eq!(
        lanes32(i32x4_relaxed_trunc_f32x4_s(v)),
        [0, i32::MAX as u32, i32::MIN as u32, -1i32 as u32]
    );
    assert_eq!(
        lanes32(i32x4_relaxed_trunc_f32x4_u(v)),
        [0, 3_000_000_000, 0, 0]
    );
    let d = f64s([f64::NAN, -1e10]);
    assert_eq!(
        lanes32(i32x4_relaxed_trunc_f64x2_s_zero(d)),
        [0, i32::MIN as u32, 0, 0]
    );
    assert_eq!(lanes32(i32x4_relaxed_trunc_f64x2_u_zero(d)), [0, 0, 0, 0]);
    // Laneselect = bitselect, bit by bit even inside a lane.
    let (a, b, m) = (u128::MAX, 0, 0x0f0f_0000_ffff_0001u128);
    for f in [
        i8x16_relaxed_laneselect,
        i16x8_relaxed_laneselect,
        i32x4_relaxed_laneselect,
        i64x2_relaxed_laneselect,
    ] {
        assert_eq!(f(a, b, m), m);
    }
    // q15mulr: the saturating one (-1.0 * -1.0 saturates).
    let min = i16x8_splat(0x8000);
    assert_eq!(i16x8_relaxed_q15mulr_s(min, min), i16x8_splat(0x7fff));
    assert_eq!(i16x8_q15mulr_sat_s(min, min), i16x8_splat(0x7fff));
    // Dot products: both operands signed.
    let a = i8s([-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([-127, -127, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let r = split::<u16>(i16x8_relaxed_dot_i8x16_i7x16_s(a, b));
    assert_eq!(r[0] as i16, 32512);
    assert_eq!(r[1] as i16, -32512);
    // Wrapping in i16: (-128 * -128) * 2 = 32768.
    let r = split::<u16>(i16x8_relaxed_dot_i8x16_i7x16_s(
        i8x16_splat(0x80),
        i8x16_splat(0x80),
    ));
    assert_eq!(r, [0x8000; 8]);
    let c = u32::join([1, 2, 3, 4]);
    let r = lanes32(i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c));
    assert_eq!(r, [1, 2, 3, 4]);
    let r = lanes32(i32x4_relaxed_dot_i8x16_i7x16_add_s(
        i8x16_splat(0x80),
        i8x16_splat(0x80),
        u32::join([i32::MAX as u32, 0, 0, 0]),
    ));
    // Each i16 pair sum wraps to -32768; two of them plus c (wrapping).
    assert_eq!(r[0], (i32::MAX).wrapping_add(-65536) as u32);
    assert_eq!(r[1], -65536i32 as u32);
}

#[test]
fn integer_corner_cases() {
    assert_eq!(i8x16_abs(i8x16_splat(0x80)), i8x16_splat(0x80));
    assert_eq!(i8x16_popcnt(i8x16_splat(0xff)), i8x16_splat(8));
    assert_eq!(
        i8x16_avgr_u(i8x16_splat(255), i8x16_splat(254)),
        i8x16_splat(255)
    );
    assert_eq!(i8x16_shl(i8x16_splat(1), 9), i8x16_splat(2));
    assert_eq!(
        i64x2_shr_s(i64x2_splat(u64::MAX << 63), 127),
        i64x2_splat(u64::MAX)
    );
    assert_eq!(i8x16_bitmask(i8x16_splat(0x80)), 0xffff);
    assert_eq!(i64x2_bitmask(u64::join([1 << 63, 1])), 1);
    assert_eq!(i32x4_all_true(u32::join([1, 2, 3, 0])), 0);
    assert_eq!(i32x4_all_true(u32::join([1, 2, 3, 4])), 1);
    assert_eq!(v128_any_true(1 << 127), 1);
    let n = i8x16_narrow_i16x8_s(i16x8_splat(300), i16x8_splat(0xff00));
    assert_eq!(
        n,
        u64::join([u64::from_le_bytes([127; 8]), u64::from_le_bytes([0x80; 8])])
    );
    let n = i16x8_narrow_i32x4_u(i32x4_splat(0xffff_ffff), i32x4_splat(70000));
    assert_eq!(n, u64::join([0, u64::MAX]));
    let d = i32x4_dot_i16x8_s(i16x8_splat(0x8000), i16x8_splat(0x8000));
    assert_eq!(d, i32x4_splat(0x8000_0000));
    assert_eq!(
        load8x8_s(0x80ff),
        u16::join([0xffff, 0xff80, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(load32x2_u(0xffff_ffff), u64::join([0xffff_ffff, 0]));
    assert_eq!(
        i32x4_extadd_pairwise_i16x8_s(i16x8_splat(0x8000)),
        i32x4_splat(-65536i32 as u32 as u64)
    );
    assert_eq!(
        i64x2_extmul_high_i32x4_u(i32x4_splat(u32::MAX as u64), i32x4_splat(2)),
        i64x2_splat(0x1_ffff_fffe)
    );
}

#[test]
fn byte_permutation_fast_paths_match_portable() {
    // Every index byte value against varied tables (the x86 path, when
    // the CPU has SSSE3, must agree with the portable code).
    let mut x: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;
    for k in 0..256u32 {
        let s = u128::from_le_bytes(core::array::from_fn(|i| {
            (k as u8).wrapping_add(i as u8 * 17)
        }));
        x = x.rotate_left(13) ^ (k as u128 * 0x9e37_79b9_7f4a_7c15);
        assert_eq!(i8x16_swizzle(x, s), swizzle_portable(x, s), "{s:#x}");
        let y = x.rotate_left(64) ^ 0x5555;
        assert_eq!(i8x16_shuffle(x, y, s), shuffle_portable(x, y, s), "{s:#x}");
        let r = swizzle_portable(x, s).to_le_bytes();
        for (&got, &j) in r.iter().zip(s.to_le_bytes().iter()) {
            let want = if j < 16 {
                x.to_le_bytes()[j as usize]
            } else {
                0
            };
            assert_eq!(got, want);
        }
    }
}

#[test]
fn sse2_fast_paths_match_portable() {
    // Lane values around every boundary (0, 1, the sign bit, all ones)
    // mixed with pseudo-random ones.
    let mut vs: Vec<u128> = vec![
        0,
        u128::MAX,
        i8x16_splat(0x80),
        i8x16_splat(0x7f),
        i16x8_splat(0x8000),
        i16x8_splat(0x7fff),
        i32x4_splat(0x8000_0000),
        i64x2_splat(1 << 63),
        i8x16_splat(1),
    ];
    let mut x: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834;
    for _ in 0..64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        vs.push(x);
    }
    for &(name, fast, portable) in SSE2_BINOPS {
        for &a in &vs {
            for &b in &vs {
                assert_eq!(fast(a, b), portable(a, b), "{name}({a:#x}, {b:#x})");
            }
        }
    }
    // Shift counts across and beyond the lane widths (taken modulo).
    for &(name, fast, portable) in SSE2_SHIFTS {
        for &a in &vs {
            for c in (0..200).chain([u32::MAX as u64, 0xffff_ffff_0000_0011]) {
                assert_eq!(fast(a, c), portable(a, c), "{name}({a:#x}, {c})");
            }
        }
    }
}
