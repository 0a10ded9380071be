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
            ..Config::default()
        });
        let e = Module::new(&engine, &bytes).unwrap_err();
        assert!(e.to_string().contains("SIMD"), "{tier:?}: {e}");
    }
}

#[test]
fn simd_instructions_run_on_the_interpreter() {
    let bytes = wat::parse_str(
        r#"(module (func (export "f") (param v128 v128) (result v128)
            (i32x4.add (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let e = engine(Tier::Interp);
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

fn lanes_join(l: [u32; 4]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | ((x as u128) << (32 * i)))
}

/// The compiled tiers do not run SIMD arithmetic yet (the JIT side lands
/// separately; this test then moves to an operator still refused, or
/// goes): they refuse it clearly. Restricted to `Tier::Jit` for now, since
/// `auto` translates for the interpreter first.
#[cfg(feature = "jit")]
#[test]
fn other_simd_instructions_are_refused_clearly() {
    let bytes = wat::parse_str(
        r#"(module (func (export "f") (param v128 v128) (result v128)
            (i32x4.add (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let e = Module::new(&engine(Tier::Jit), &bytes).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("I32x4Add") && msg.contains("not supported"),
        "{msg}"
    );
}

/// Vector loads and stores trap exactly like scalar ones: an access is in
/// bounds when all of its bytes (16, 8, 4, 2 or 1: the lane's or the
/// vector's) are; a trapping store writes nothing. (Interpreter only
/// until the JIT side lands.)
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
    let e = engine(Tier::Interp);
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
