//! `v128` values crossing every boundary of the core, on every tier:
//! parameters and results (alone and mixed with other types), locals,
//! globals (wasm and Rust sides), host functions (typed and raw), calls
//! between wasm functions (direct and indirect), blocks, branches,
//! `v128.const`, `select` and `drop`.
//!
//! SIMD validation is switched on (`Config::wasm_simd`) for these tests
//! only. The interpreter runs every SIMD instruction (the spec suites
//! `simd` and `relaxed-simd` in `tests/spec.rs`); the compiled tiers do not
//! yet and must refuse them with a clear error.

use ferrowasm::*;

const TIERS: [Tier; 3] = [Tier::Interp, Tier::Jit, Tier::Auto];

fn engine(tier: Tier) -> Engine {
    Engine::new(Config {
        tier,
        wasm_simd: true,
        // `auto` compiles after the first call: repeated calls below run
        // interpreted first and compiled once the background compile ends.
        tier_up_threshold: 1,
        ..Config::default()
    })
}

/// Distinct, recognisable 128-bit patterns (every byte differs).
const A: u128 = 0x0f0e0d0c_0b0a0908_07060504_03020100;
const B: u128 = 0xf0e1d2c3_b4a59687_78695a4b_3c2d1e0f;
const C: u128 = 0x8000_0000_0000_0001_ffff_ffff_0000_0000;

const WAT: &str = r#"(module
  (import "host" "swap" (func $swap (param v128 i32) (result i32 v128)))
  (import "host" "raw" (func $raw (param i64 v128) (result v128 i64)))
  (import "host" "g" (global $imported v128))
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (global $c v128 (v128.const i64x2 -1 7))
  (global $copy v128 (global.get $imported))
  (global $gx (export "gx") (mut v128) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
  (table funcref (elem $inner))
  (func (export "id") (param v128) (result v128) (local.get 0))
  (func (export "mixed") (param i32 v128 i64 v128 f64) (result v128 i32 v128 f64 i64)
    (local.get 3) (local.get 0) (local.get 1) (local.get 4) (local.get 2))
  (func (export "const") (result v128)
    (v128.const i32x4 0x11111111 0x22222222 0x33333333 0x44444444))
  (func (export "consts") (result v128 i64 v128 v128)
    (v128.const i64x2 5 6) (i64.const 5) (v128.const i64x2 7 8) (v128.const i64x2 5 6))
  (func (export "select") (param v128 v128 i32) (result v128)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select_t") (param v128 v128 i32) (result v128)
    (select (result v128) (local.get 0) (local.get 1) (local.get 2)))
  (func (export "locals") (param v128 i32) (result v128 v128 i32 v128)
    (local $a v128) (local $n i32) (local $b v128)
    ;; $b is zero until set; tee keeps the value on the stack.
    (local.get $b)
    (local.set $a (local.get 0))
    (local.set $b (local.tee 0 (v128.const i64x2 0x1111 0x2222)))
    (local.set $n (i32.add (local.get 1) (i32.const 1)))
    ;; a local read before it is overwritten keeps its old value.
    (local.get $a)
    (local.set $a (local.get $b))
    (local.get $n)
    (local.get $a))
  (func (export "globals") (param v128) (result v128 v128 v128 v128)
    (global.get $g)
    (global.set $g (local.get 0))
    (global.get $g)
    (global.get $c)
    (global.get $copy))
  (func (export "set_gx") (param v128) (global.set $gx (local.get 0)))
  (func (export "call_host") (param v128 i32) (result i32 v128)
    (call $swap (local.get 0) (local.get 1)))
  (func (export "call_raw") (param i64 v128) (result v128 i64)
    (call $raw (local.get 0) (local.get 1)))
  (func $inner (param v128 i32 v128) (result v128 v128)
    (local.get 2) (local.get 0))
  (func (export "call_wasm") (param v128 v128) (result v128 v128)
    (call $inner (local.get 0) (i32.const 5) (local.get 1)))
  (func (export "call_indirect") (param v128 v128) (result v128 v128)
    (call_indirect (param v128 i32 v128) (result v128 v128)
      (local.get 0) (i32.const 5) (local.get 1) (i32.const 0)))
  (func (export "blocks") (param v128 v128 i32) (result v128)
    ;; a block with a v128 parameter and result, left by br_if with the value
    (local.get 0)
    (block (param v128) (result v128)
      (local.get 2)
      (br_if 0)
      (drop)
      (local.get 1))
    ;; if/else with a v128 parameter and result, then a loop carrying one
    (if (param v128) (result v128) (i32.eqz (local.get 2))
      (then)
      (else (drop) (local.get 0)))
    (loop (param v128) (result v128)
      (local.set 0)
      (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
      (local.get 0)
      (br_if 0 (i32.gt_s (local.get 2) (i32.const 0)))))
  (func (export "drop") (param v128 i32) (result i32)
    (drop (local.get 0)) (local.get 1))
  (func (export "ret_early") (param v128 i32) (result v128 i32)
    (if (local.get 1) (then (return (local.get 0) (i32.const 1))))
    (v128.const i64x2 0 0) (i32.const 0)))
"#;

struct Fixture {
    store: Store,
    inst: Instance,
}

fn setup(tier: Tier) -> Fixture {
    let engine = engine(tier);
    let module = Module::new(&engine, &wat::parse_str(WAT).unwrap()).unwrap();
    let mut store = Store::new(&engine);
    // (v, n) -> (n * 2, v with its two halves swapped)
    let swap = Func::new(
        &mut store,
        FuncType::new([ValType::V128, ValType::I32], [ValType::I32, ValType::V128]),
        |_, args, results| {
            let (Val::V128(v), Val::I32(n)) = (args[0], args[1]) else {
                return Err(Trap::host(format!("bad arguments {args:?}")));
            };
            results[0] = Val::I32(n * 2);
            results[1] = Val::V128(v.rotate_left(64));
            Ok(())
        },
    );
    // Raw cells: (i64, v128) in cells 0, 1-2; (v128, i64) back in 0-1, 2.
    let raw = Func::new_raw(
        &mut store,
        FuncType::new([ValType::I64, ValType::V128], [ValType::V128, ValType::I64]),
        |_, cells| {
            let (x, lo, hi) = (cells[0], cells[1], cells[2]);
            cells[0] = !lo;
            cells[1] = !hi;
            cells[2] = x.wrapping_add(1);
            Ok(())
        },
    );
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::V128, Mutability::Const),
        Val::V128(C),
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[swap.into(), raw.into(), g.into()]).unwrap();
    Fixture { store, inst }
}

impl Fixture {
    fn call(&mut self, name: &str, args: &[Val]) -> Vec<Val> {
        let f = self.inst.get_func(&self.store, name).unwrap();
        let n = f.ty(&self.store).results().len();
        let mut results = vec![Val::I32(0); n];
        f.call(&mut self.store, args, &mut results)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        results
    }
}

/// Run `check` many times on each tier (on `auto`, first interpreted,
/// then compiled).
fn on_every_tier(check: impl Fn(&mut Fixture)) {
    for tier in TIERS {
        let mut fx = setup(tier);
        let rounds = if tier == Tier::Auto { 200 } else { 2 };
        for _ in 0..rounds {
            check(&mut fx);
        }
    }
}

fn v(x: u128) -> Val {
    Val::V128(x)
}

#[test]
fn params_and_results() {
    on_every_tier(|fx| {
        assert_eq!(fx.call("id", &[v(A)]), [v(A)]);
        let r = fx.call(
            "mixed",
            &[Val::I32(-7), v(A), Val::I64(1 << 40), v(B), Val::f64(2.5)],
        );
        assert_eq!(
            r,
            [v(B), Val::I32(-7), v(A), Val::f64(2.5), Val::I64(1 << 40)]
        );
    });
}

#[test]
fn constants_select_and_drop() {
    on_every_tier(|fx| {
        let k = 0x44444444_33333333_22222222_11111111u128;
        assert_eq!(fx.call("const", &[]), [v(k)]);
        let (p, q) = (5u128 | 6 << 64, 7u128 | 8 << 64);
        assert_eq!(fx.call("consts", &[]), [v(p), Val::I64(5), v(q), v(p)]);
        for name in ["select", "select_t"] {
            assert_eq!(fx.call(name, &[v(A), v(B), Val::I32(1)]), [v(A)]);
            assert_eq!(fx.call(name, &[v(A), v(B), Val::I32(0)]), [v(B)]);
        }
        assert_eq!(fx.call("drop", &[v(A), Val::I32(9)]), [Val::I32(9)]);
    });
}

#[test]
fn locals() {
    on_every_tier(|fx| {
        let t = 0x1111u128 | 0x2222 << 64;
        assert_eq!(
            fx.call("locals", &[v(A), Val::I32(41)]),
            [v(0), v(A), Val::I32(42), v(t)]
        );
    });
}

#[test]
fn globals() {
    for tier in TIERS {
        let mut fx = setup(tier);
        let init = 1u128 | 2 << 32 | 3 << 64 | 4 << 96;
        let c = u64::MAX as u128 | 7 << 64;
        assert_eq!(fx.call("globals", &[v(A)]), [v(init), v(A), v(c), v(C)]);
        assert_eq!(fx.call("globals", &[v(B)]), [v(A), v(B), v(c), v(C)]);
        // The exported global from the Rust side, both ways.
        let gx = fx.inst.get_global(&fx.store, "gx").unwrap();
        assert_eq!(gx.get(&fx.store), v(A));
        fx.call("set_gx", &[v(B)]);
        assert_eq!(gx.get(&fx.store), v(B));
        gx.set(&mut fx.store, v(C)).unwrap();
        assert_eq!(gx.get(&fx.store), v(C));
        assert_eq!(gx.ty(&fx.store).content, ValType::V128);
        // Type mismatches are errors, not corruption.
        assert!(gx.set(&mut fx.store, Val::I64(1)).is_err());
        assert_eq!(gx.get(&fx.store), v(C));
    }
}

#[test]
fn host_functions() {
    on_every_tier(|fx| {
        assert_eq!(
            fx.call("call_host", &[v(A), Val::I32(21)]),
            [Val::I32(42), v(A.rotate_left(64))]
        );
        assert_eq!(
            fx.call("call_raw", &[Val::I64(-1), v(B)]),
            [v(!B), Val::I64(0)]
        );
    });
}

#[test]
fn calls_between_wasm_functions() {
    on_every_tier(|fx| {
        assert_eq!(fx.call("call_wasm", &[v(A), v(B)]), [v(B), v(A)]);
        assert_eq!(fx.call("call_indirect", &[v(A), v(B)]), [v(B), v(A)]);
    });
}

#[test]
fn blocks_and_branches() {
    on_every_tier(|fx| {
        // n = 0: the block falls through with B, the if keeps B, the loop
        // runs once.
        assert_eq!(fx.call("blocks", &[v(A), v(B), Val::I32(0)]), [v(B)]);
        // n = 3: br_if leaves the block with A, the else replaces it by A,
        // the loop carries A three times.
        assert_eq!(fx.call("blocks", &[v(A), v(B), Val::I32(3)]), [v(A)]);
        assert_eq!(
            fx.call("ret_early", &[v(C), Val::I32(1)]),
            [v(C), Val::I32(1)]
        );
        assert_eq!(
            fx.call("ret_early", &[v(C), Val::I32(0)]),
            [v(0), Val::I32(0)]
        );
    });
}

#[test]
fn host_calls_with_wrong_types_are_refused() {
    let mut fx = setup(Tier::Interp);
    let id = fx.inst.get_func(&fx.store, "id").unwrap();
    let mut r = [Val::I32(0)];
    let e = id.call(&mut fx.store, &[Val::I64(1)], &mut r).unwrap_err();
    assert!(e.to_string().contains("expected v128"), "{e}");
    // A host function returning the wrong type traps.
    let bad = Func::new(
        &mut fx.store,
        FuncType::new([], [ValType::V128]),
        |_, _, results| {
            results[0] = Val::I64(3);
            Ok(())
        },
    );
    let e = bad.call(&mut fx.store, &[], &mut r).unwrap_err();
    assert!(e.to_string().contains("v128"), "{e}");
}

#[test]
fn v128_needs_the_simd_switch() {
    let bytes = wat::parse_str(WAT).unwrap();
    for tier in TIERS {
        let engine = Engine::new(Config {
            tier,
            wasm_simd: false,
            ..Config::default()
        });
        let e = Module::new(&engine, &bytes).unwrap_err();
        assert!(
            e.to_string().starts_with("unsupported feature: simd ("),
            "{tier:?}: {e}"
        );
    }
}

#[test]
fn simd_instructions_run_on_every_tier() {
    let bytes = wat::parse_str(
        r#"(module (func (export "f") (param v128 v128) (result v128)
            (i32x4.add (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    for tier in TIERS {
        let e = engine(tier);
        let m = Module::new(&e, &bytes).unwrap();
        let mut store = Store::new(&e);
        let inst = Instance::new(&mut store, &m, &[]).unwrap();
        let f = inst.get_func(&store, "f").unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut store, &[v(A), v(B)], &mut out).unwrap();
        let lanes = |x: u128| -> [u32; 4] { std::array::from_fn(|i| (x >> (32 * i)) as u32) };
        let want: [u32; 4] = std::array::from_fn(|i| lanes(A)[i].wrapping_add(lanes(B)[i]));
        assert_eq!(out[0], v(lanes_join(want)));
    }
}

fn lanes_join(l: [u32; 4]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | ((x as u128) << (32 * i)))
}

/// Vector loads and stores trap exactly like scalar ones: an access is in
/// bounds when all of its bytes (16, 8, 4, 2 or 1: the lane's or the
/// vector's) are; a trapping store writes nothing. On every tier, and
/// with explicit bounds checks (no signal handlers) too.
#[test]
fn simd_memory_accesses_trap_at_the_last_byte() {
    let bytes = wat::parse_str(
        r#"(module (memory 1)
          (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
          (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
          (func (export "load8x8_s") (param i32) (result v128) (v128.load8x8_s (local.get 0)))
          (func (export "load32_zero") (param i32) (result v128) (v128.load32_zero (local.get 0)))
          (func (export "load16_splat") (param i32) (result v128)
            (v128.load16_splat (local.get 0)))
          (func (export "load8_lane") (param i32 v128) (result v128)
            (v128.load8_lane 15 (local.get 0) (local.get 1)))
          (func (export "load64_lane") (param i32 v128) (result v128)
            (v128.load64_lane offset=8 1 (local.get 0) (local.get 1)))
          (func (export "store16_lane") (param i32 v128)
            (v128.store16_lane 7 (local.get 0) (local.get 1)))
          (func (export "store64_lane") (param i32 v128)
            (v128.store64_lane offset=1 0 (local.get 0) (local.get 1)))
          (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    )
    .unwrap();
    for (tier, signals) in [
        (Tier::Interp, true),
        (Tier::Jit, true),
        (Tier::Jit, false),
        (Tier::Auto, true),
    ] {
        let e = Engine::new(Config {
            tier,
            signals_based_traps: signals,
            tier_up_threshold: 1,
            ..Config::default()
        });
        let m = Module::new(&e, &bytes).unwrap();
        let mut store = Store::new(&e);
        let inst = Instance::new(&mut store, &m, &[]).unwrap();
        let mut call = |name: &str, args: &[Val]| -> Result<Vec<Val>, String> {
            let f = inst.get_func(&store, name).unwrap();
            let mut out = vec![Val::I32(0); f.ty(&store).results().len()];
            match f.call(&mut store, args, &mut out) {
                Ok(()) => Ok(out),
                Err(Error::Trap(t)) => Err(t.message().to_string()),
                Err(e) => panic!("{name}: {e}"),
            }
        };
        const END: i32 = 65536;
        let oob = Err("out of bounds memory access".to_string());
        // (function, bytes accessed incl. the static offset, takes a vector)
        let cases: [(&str, i32, bool); 9] = [
            ("load", 16, false),
            ("store", 16, true),
            ("load8x8_s", 8, false),
            ("load32_zero", 4, false),
            ("load16_splat", 2, false),
            ("load8_lane", 1, true),
            ("load64_lane", 16, true),
            ("store16_lane", 2, true),
            ("store64_lane", 9, true),
        ];
        for (name, width, with_v) in cases {
            let args = |addr: i32| {
                let mut a = vec![Val::I32(addr)];
                if with_v {
                    a.push(v(B));
                }
                a
            };
            assert!(call(name, &args(END - width)).is_ok(), "{name} at the end");
            assert_eq!(call(name, &args(END - width + 1)), oob, "{name} one past");
            assert_eq!(call(name, &args(-1)), oob, "{name} at 0xffffffff");
        }
        // A trapping store writes nothing; lanes land where they should.
        call("store", &[Val::I32(END - 16), v(A)]).unwrap();
        assert_eq!(call("store", &[Val::I32(END - 15), v(B)]), oob);
        assert_eq!(
            call("byte", &[Val::I32(END - 1)]).unwrap(),
            [Val::I32(0x0f)]
        );
        let r = call("load8_lane", &[Val::I32(END - 1), v(B)]).unwrap();
        assert_eq!(r, [v((B & !(0xff << 120)) | (0x0f << 120))]);
        let r = call("load64_lane", &[Val::I32(END - 16), v(B)]).unwrap();
        assert_eq!(r, [v((B & u64::MAX as u128) | (A & !(u64::MAX as u128)))]);
        assert_eq!(call("store16_lane", &[Val::I32(END - 1), v(B)]), oob);
        call("store16_lane", &[Val::I32(0), v(B)]).unwrap();
        assert_eq!(
            call("byte", &[Val::I32(1)]).unwrap(),
            [Val::I32((B >> 120) as i32)]
        );
        let r = call("load8x8_s", &[Val::I32(END - 8)]).unwrap();
        let want = (8..16u128).fold(0, |acc, i| acc | (i << (16 * (i - 8))));
        assert_eq!(r, [v(want)]);
    }
}

/// Relaxed SIMD is deterministic and the same on every tier (a module does
/// not change behaviour when it tiers up): corner inputs where the spec
/// allows several results give one answer, equal on `interp` and `jit`.
#[test]
fn relaxed_simd_is_the_same_on_every_tier() {
    let bytes = wat::parse_str(
        r#"(module
          (func (export "swizzle") (param v128 v128) (result v128)
            (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
          (func (export "trunc_s") (param v128) (result v128)
            (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
          (func (export "trunc_u") (param v128) (result v128)
            (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
          (func (export "trunc_s_zero") (param v128) (result v128)
            (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
          (func (export "trunc_u_zero") (param v128) (result v128)
            (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
          (func (export "madd") (param v128 v128 v128) (result v128)
            (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "nmadd") (param v128 v128 v128) (result v128)
            (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "laneselect") (param v128 v128 v128) (result v128)
            (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
          (func (export "min") (param v128 v128) (result v128)
            (f32x4.relaxed_min (local.get 0) (local.get 1)))
          (func (export "max") (param v128 v128) (result v128)
            (f64x2.relaxed_max (local.get 0) (local.get 1)))
          (func (export "q15") (param v128 v128) (result v128)
            (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
          (func (export "dot") (param v128 v128) (result v128)
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
          (func (export "dot_add") (param v128 v128 v128) (result v128)
            (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2))))"#,
    )
    .unwrap();
    let f32s = |l: [f32; 4]| -> u128 {
        l.iter()
            .enumerate()
            .map(|(i, x)| (x.to_bits() as u128) << (32 * i))
            .sum()
    };
    let f64s = |l: [f64; 2]| -> u128 { l[0].to_bits() as u128 | (l[1].to_bits() as u128) << 64 };
    let bytes_of = |b: [u8; 16]| u128::from_le_bytes(b);
    // Inputs where implementations may differ: out-of-range swizzle
    // indices, NaN/overflowing truncations, fused vs unfused rounding,
    // -0/NaN min/max, q15 overflow, dot products with bytes >= 0x80.
    let big = f32s([f32::NAN, 3e9, -3e9, -0.5]);
    let cases: Vec<(&str, Vec<u128>)> = vec![
        (
            "swizzle",
            vec![
                A,
                bytes_of([
                    0, 15, 16, 17, 0x80, 0xff, 31, 32, 1, 2, 3, 200, 100, 15, 14, 13,
                ]),
            ],
        ),
        ("trunc_s", vec![big]),
        ("trunc_u", vec![big]),
        ("trunc_s_zero", vec![f64s([f64::NAN, 1e12])]),
        ("trunc_u_zero", vec![f64s([-1.5, 5e9])]),
        (
            "madd",
            vec![
                f32s([1.0 + f32::EPSILON, 1e30, -0.0, f32::NAN]),
                f32s([1.0 - f32::EPSILON, 1e30, 0.0, 1.0]),
                f32s([-1.0, -f32::INFINITY, -0.0, 2.0]),
            ],
        ),
        (
            "nmadd",
            vec![
                f64s([1.0 + f64::EPSILON, 3.0]),
                f64s([1.0 - f64::EPSILON, 1.0 / 3.0]),
                f64s([1.0, 1.0]),
            ],
        ),
        (
            "laneselect",
            vec![A, B, 0x00ff_ff00_8000_0001_7fff_0f0f_f0f0_1234],
        ),
        (
            "min",
            vec![
                f32s([0.0, -0.0, f32::NAN, 1.0]),
                f32s([-0.0, 0.0, 1.0, f32::NAN]),
            ],
        ),
        ("max", vec![f64s([0.0, f64::NAN]), f64s([-0.0, 1.0])]),
        (
            "q15",
            vec![
                0x8000_8000_8000_8000_8000_8000_8000_8000,
                0x8000_7fff_8000_0001_8000_8000_8000_8000,
            ],
        ),
        (
            "dot",
            vec![
                bytes_of([0x80; 16]),
                bytes_of([
                    0x80, 0x80, 0xff, 0x7f, 0x40, 0x81, 1, 2, 3, 4, 0x90, 0xa0, 0xb0, 0xc0, 0xd0,
                    0xe0,
                ]),
            ],
        ),
        (
            "dot_add",
            vec![
                bytes_of([0x80; 16]),
                bytes_of([0x80; 16]),
                0x7fff_ffff_0000_0000_8000_0000_ffff_ffff,
            ],
        ),
    ];
    let mut answers: Vec<Vec<Val>> = Vec::new();
    for tier in [Tier::Interp, Tier::Jit] {
        let engine = engine(tier);
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let mut got = Vec::new();
        for (name, args) in &cases {
            let f = inst.get_func(&store, name).unwrap();
            let args: Vec<Val> = args.iter().map(|&x| v(x)).collect();
            let mut r = [Val::I32(0)];
            f.call(&mut store, &args, &mut r).unwrap();
            got.push(r[0]);
        }
        answers.push(got);
    }
    // NaN results: the sign and payload of a NaN are as open as in scalar
    // code (the spec's nondeterminism, not relaxed SIMD's), so NaN lanes
    // compare as equal; every other bit must match.
    let quiet = |name: &str, v: Val| -> Val {
        let Val::V128(x) = v else { return v };
        let (bits, nan_exp, frac): (u32, u128, u128) = match name {
            "min" | "madd" => (32, 0xff << 23, (1 << 23) - 1),
            "max" | "nmadd" => (64, 0x7ff << 52, (1 << 52) - 1),
            _ => return v,
        };
        let mask = if bits == 64 {
            u64::MAX as u128
        } else {
            (1u128 << bits) - 1
        };
        let mut out = 0u128;
        for lane in 0..128 / bits {
            let l = (x >> (lane * bits)) & mask;
            let is_nan = l & nan_exp == nan_exp && l & frac != 0;
            out |= (if is_nan { nan_exp | 1 } else { l }) << (lane * bits);
        }
        Val::V128(out)
    };
    for (i, (name, _)) in cases.iter().enumerate() {
        assert_eq!(
            quiet(name, answers[0][i]),
            quiet(name, answers[1][i]),
            "{name}: interp vs jit"
        );
    }
    // The documented choices, checked on one of them.
    let idx = |n: &str| cases.iter().position(|(c, _)| *c == n).unwrap();
    let Val::V128(t) = answers[0][idx("trunc_s")] else {
        panic!()
    };
    assert_eq!(
        t,
        (i32::MAX as u32 as u128) << 32 | (i32::MIN as u32 as u128) << 64,
        "trunc_sat"
    );
    let Val::V128(d) = answers[0][idx("dot")] else {
        panic!()
    };
    // (-128 * -128) + (-128 * -128) = 32768, wrapping to -32768 in i16.
    assert_eq!(d as u16, 0x8000, "dot lane 0");
}

/// Locals of several groups where a v128 group follows scalar ones (the
/// slot layout counts every local before it).
#[test]
fn v128_locals_after_scalar_locals() {
    let bytes = wat::parse_str(
        r#"(module (func (export "f") (param i32) (result v128 i32)
            (local i32 i32) (local v128) (local i32)
            (local.set 1 (i32.const 5))
            (local.set 4 (local.get 0))
            (local.set 3 (v128.const i64x2 7 8))
            (local.set 2 (i32.const 100))
            (local.get 3)
            (i32.add (i32.add (local.get 1) (local.get 4)) (local.get 2))))"#,
    )
    .unwrap();
    for tier in TIERS {
        let e = engine(tier);
        let m = Module::new(&e, &bytes).unwrap();
        let mut store = Store::new(&e);
        let inst = Instance::new(&mut store, &m, &[]).unwrap();
        let f = inst.get_func(&store, "f").unwrap();
        let mut out = [Val::I32(0), Val::I32(0)];
        f.call(&mut store, &[Val::I32(37)], &mut out).unwrap();
        assert_eq!(out, [v(7 | 8 << 64), Val::I32(142)], "{tier:?}");
    }
}
