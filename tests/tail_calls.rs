//! Tail calls (`return_call`, `return_call_indirect`) on every tier: deep
//! mutual tail recursion in constant interpreter and native stack (also on
//! a 256 KiB thread), across tiers on `auto`, into host functions, the
//! traps of `return_call_indirect`, frames replaced by a tail call absent
//! from backtraces, and the feature switched off.

use ferrowasm::*;

const TIERS: [Tier; 3] = [Tier::Interp, Tier::Jit, Tier::Auto];

fn engine(tier: Tier, tier_up_threshold: u32) -> Engine {
    Engine::new(Config {
        tier,
        tier_up_threshold,
        ..Config::default()
    })
}

/// `even(n, acc)` and `odd(n, acc)` tail-call each other `n` times, adding
/// `n` to `acc` (wrapping); `even(0, acc)` is `acc`.
const EVEN_ODD: &str = r#"(module
    (func $even (export "even") (param i32 i64) (result i64)
        (if (result i64) (i32.eqz (local.get 0))
            (then (local.get 1))
            (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))
                                    (i64.add (local.get 1) (i64.extend_i32_u (local.get 0)))))))
    (func $odd (param i32 i64) (result i64)
        (if (result i64) (i32.eqz (local.get 0))
            (then (local.get 1))
            (else (return_call $even (i32.sub (local.get 0) (i32.const 1))
                                     (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))))))"#;

fn even_odd(tier: Tier, threshold: u32, n: i32) -> i64 {
    let engine = engine(tier, threshold);
    let module = Module::new(&engine, &wat::parse_str(EVEN_ODD).unwrap()).unwrap();
    let mut store = Store::new(&engine);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let f = inst.get_func(&store, "even").unwrap();
    let mut r = [Val::I64(0)];
    f.call(&mut store, &[Val::I32(n), Val::I64(0)], &mut r)
        .unwrap_or_else(|e| panic!("{tier:?}: {e}"));
    match r[0] {
        Val::I64(v) => v,
        other => panic!("{tier:?}: {other:?}"),
    }
}

const STEPS: i32 = 100_000_000;
/// 1 + 2 + ... + STEPS.
const SUM: i64 = (STEPS as i64) * (STEPS as i64 + 1) / 2;

#[test]
fn mutual_tail_recursion_of_100_million_steps_on_every_tier() {
    for tier in TIERS {
        assert_eq!(even_odd(tier, 1000, STEPS), SUM, "{tier:?}");
    }
}

#[test]
fn mutual_tail_recursion_in_constant_native_stack_on_a_256k_thread() {
    for tier in TIERS {
        let r = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || even_odd(tier, 1000, STEPS))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(r, SUM, "{tier:?}");
    }
}

#[test]
fn auto_tail_recursion_crosses_tiers_mid_way() {
    // Hot after 50 calls: the background compiler publishes `even` and
    // `odd` while the recursion runs interpreted, so the chain goes from
    // interpreted frames to compiled ones (and compiled tail calls compile
    // a callee that is not yet compiled on the spot).
    for threshold in [50, 5000, 200_000] {
        assert_eq!(even_odd(Tier::Auto, threshold, STEPS), SUM, "{threshold}");
    }
}

#[test]
fn tail_call_into_a_host_function() {
    for tier in TIERS {
        let engine = engine(tier, 10);
        let bytes = wat::parse_str(
            r#"(module
                (import "host" "twice" (func $twice (param i32) (result i32)))
                (table 1 funcref)
                (elem (i32.const 0) $twice)
                (type $t (func (param i32) (result i32)))
                (func $down (export "down") (param i32 i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0))
                        (then (return_call $twice (local.get 1)))
                        (else (return_call $down (i32.sub (local.get 0) (i32.const 1))
                                                 (i32.add (local.get 1) (i32.const 1))))))
                (func (export "indirect") (param i32) (result i32)
                    (return_call_indirect (type $t) (local.get 0) (i32.const 0))))"#,
        )
        .unwrap();
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let twice = Func::new(
            &mut store,
            FuncType::new([ValType::I32], [ValType::I32]),
            |_, args, results| {
                results[0] = Val::I32(args[0].unwrap_i32() * 2);
                Ok(())
            },
        );
        let inst = Instance::new(&mut store, &module, &[twice.into()]).unwrap();
        let down = inst.get_func(&store, "down").unwrap();
        let mut r = [Val::I32(0)];
        down.call(&mut store, &[Val::I32(1_000_000), Val::I32(3)], &mut r)
            .unwrap_or_else(|e| panic!("{tier:?}: {e}"));
        assert_eq!(r[0].unwrap_i32(), 2 * 1_000_003, "{tier:?}");
        let ind = inst.get_func(&store, "indirect").unwrap();
        ind.call(&mut store, &[Val::I32(21)], &mut r).unwrap();
        assert_eq!(r[0].unwrap_i32(), 42, "{tier:?}");
    }
}

fn trap_of(store: &mut Store, f: Func, args: &[Val]) -> Trap {
    let mut r = [Val::I32(0)];
    let e = f.call(store, args, &mut r).unwrap_err();
    e.as_trap()
        .unwrap_or_else(|| panic!("not a trap: {e}"))
        .clone()
}

#[test]
fn return_call_indirect_traps_like_call_indirect() {
    for tier in TIERS {
        let engine = engine(tier, 1);
        let bytes = wat::parse_str(
            r#"(module
                (type $ii (func (param i32) (result i32)))
                (type $li (func (param i64) (result i32)))
                (table 3 funcref)
                (elem (i32.const 0) $id)
                (func $id (type $ii) (local.get 0))
                (func (export "call") (param i32 i32) (result i32)
                    (return_call_indirect (type $ii) (local.get 1) (local.get 0)))
                (func (export "mismatch") (result i32)
                    (return_call_indirect (type $li) (i64.const 7) (i32.const 0))))"#,
        )
        .unwrap();
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let call = inst.get_func(&store, "call").unwrap();
        let mismatch = inst.get_func(&store, "mismatch").unwrap();
        for _ in 0..3 {
            let mut r = [Val::I32(0)];
            call.call(&mut store, &[Val::I32(0), Val::I32(9)], &mut r)
                .unwrap();
            assert_eq!(r[0].unwrap_i32(), 9, "{tier:?}");
            let t = trap_of(&mut store, mismatch, &[]);
            assert_eq!(t.code(), TrapCode::BadSignature, "{tier:?}");
            let t = trap_of(&mut store, call, &[Val::I32(1), Val::I32(0)]);
            assert_eq!(t.code(), TrapCode::IndirectCallToNull, "{tier:?}");
            let t = trap_of(&mut store, call, &[Val::I32(3), Val::I32(0)]);
            assert_eq!(t.code(), TrapCode::UndefinedElement, "{tier:?}");
        }
    }
}

#[test]
fn a_frame_replaced_by_a_tail_call_leaves_the_backtrace() {
    for tier in TIERS {
        let engine = engine(tier, 1);
        let bytes = wat::parse_str(
            r#"(module
                (func $boom (param i32) (result i32) (unreachable))
                (func $middle (param i32) (result i32)
                    (return_call $boom (local.get 0)))
                (func $start (export "start") (param i32) (result i32)
                    (i32.add (call $middle (local.get 0)) (i32.const 1))))"#,
        )
        .unwrap();
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let start = inst.get_func(&store, "start").unwrap();
        for _ in 0..3 {
            let t = trap_of(&mut store, start, &[Val::I32(1)]);
            assert_eq!(t.code(), TrapCode::Unreachable, "{tier:?}");
            let names: Vec<&str> = t
                .frames()
                .iter()
                .map(|f| f.func_name.as_deref().unwrap_or("?"))
                .collect();
            assert_eq!(names, ["boom", "start"], "{tier:?}");
        }
    }
}

#[test]
fn tail_calls_switched_off_are_refused_by_name() {
    let engine = Engine::new(Config {
        tail_call: false,
        ..Config::default()
    });
    let bytes = wat::parse_str(r#"(module (func $f (result i32) (return_call $f)))"#).unwrap();
    let Err(err) = Module::new(&engine, &bytes) else {
        panic!("a tail call was accepted with the feature off");
    };
    assert!(
        err.to_string().contains("unsupported feature: tail-call"),
        "{err}"
    );
    // On by default.
    Module::new(&Engine::default(), &bytes).unwrap();
}
