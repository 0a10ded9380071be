//! The execution core's guarantees on every tier: host -> wasm -> host
//! re-entry to any depth traps cleanly (main thread and small threads),
//! modules compile and run on a 64 KiB thread, a panicking host function
//! is a trap that leaves the store usable.

use ferrowasm::*;
use std::sync::{Arc, OnceLock};

const TIERS: [Tier; 3] = [Tier::Interp, Tier::Jit, Tier::Auto];

fn engine(tier: Tier) -> Engine {
    Engine::new(Config {
        tier,
        // `auto` tiers up after a few calls, so that deep runs mix tiers.
        tier_up_threshold: 10,
        ..Config::default()
    })
}

fn call1(store: &mut Store, f: Func, arg: i32) -> Result<i32, Error> {
    let mut r = [Val::I32(0)];
    f.call(store, &[Val::I32(arg)], &mut r)?;
    Ok(r[0].unwrap_i32())
}

/// A wasm function `down(n)` that calls the host's `h(n)`, which calls
/// `down(n - 1)` again, until `n` is 0: every level is a host -> wasm entry.
fn reentry_setup(tier: Tier) -> (Store, Func) {
    let engine = engine(tier);
    let bytes = wat::parse_str(
        r#"(module
            (import "host" "h" (func $h (param i32) (result i32)))
            (func (export "down") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                    (then (i32.const 0))
                    (else (i32.add (call $h (local.get 0)) (i32.const 1))))))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    let down: Arc<OnceLock<Func>> = Default::default();
    let d = down.clone();
    let h = Func::new(
        &mut store,
        FuncType::new([ValType::I32], [ValType::I32]),
        move |caller, args, results| {
            let down = *d.get().unwrap();
            let mut r = [Val::I32(0)];
            let n = args[0].unwrap_i32() - 1;
            down.call(caller.store(), &[Val::I32(n)], &mut r)
                .map_err(|e| match e.as_trap() {
                    Some(t) => t.clone(),
                    None => Trap::host(e.to_string()),
                })?;
            results[0] = r[0];
            Ok(())
        },
    );
    let inst = Instance::new(&mut store, &module, &[h.into()]).unwrap();
    let f = inst.get_func(&store, "down").unwrap();
    down.set(f).unwrap();
    (store, f)
}

fn reentry_traps_cleanly(tier: Tier) {
    let (mut store, down) = reentry_setup(tier);
    assert_eq!(call1(&mut store, down, 50).unwrap(), 50, "{tier:?}");
    let err = call1(&mut store, down, 100_000).unwrap_err();
    let trap = err.as_trap().unwrap_or_else(|| panic!("{tier:?}: {err}"));
    assert_eq!(trap.code(), TrapCode::StackOverflow, "{tier:?}: {trap:?}");
    // The host keeps running and the store stays usable.
    assert_eq!(call1(&mut store, down, 20).unwrap(), 20, "{tier:?}");
}

#[test]
fn reentry_to_depth_100000_traps_on_the_main_thread() {
    for tier in TIERS {
        reentry_traps_cleanly(tier);
    }
}

#[test]
fn reentry_to_depth_100000_traps_on_a_256k_thread() {
    for tier in TIERS {
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || reentry_traps_cleanly(tier))
            .unwrap()
            .join()
            .unwrap();
    }
}

/// Compile a module, call it and recurse deeply, all on a 64 KiB thread.
#[test]
fn small_thread_compiles_calls_and_recursion_traps() {
    for tier in TIERS {
        std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || {
                let engine = engine(tier);
                let bytes = wat::parse_str(
                    r#"(module
                        (func $id (export "id") (param i32) (result i32) (local.get 0))
                        (func $fib (export "fib") (param i32) (result i32)
                            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                                (then (local.get 0))
                                (else (i32.add
                                    (call $fib (i32.sub (local.get 0) (i32.const 1)))
                                    (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
                        (func $deep (export "deep") (param i32) (result i32)
                            (i32.add (call $deep (local.get 0)) (i32.const 1))))"#,
                )
                .unwrap();
                let module = Module::new(&engine, &bytes).unwrap();
                let mut store = Store::new(&engine);
                let inst = Instance::new(&mut store, &module, &[]).unwrap();
                let id = inst.get_func(&store, "id").unwrap();
                let fib = inst.get_func(&store, "fib").unwrap();
                let deep = inst.get_func(&store, "deep").unwrap();
                assert_eq!(call1(&mut store, id, 7).unwrap(), 7, "{tier:?}");
                assert_eq!(call1(&mut store, fib, 15).unwrap(), 610, "{tier:?}");
                let err = call1(&mut store, deep, 0).unwrap_err();
                assert_eq!(
                    err.as_trap().map(|t| t.code()),
                    Some(TrapCode::StackOverflow),
                    "{tier:?}: {err}"
                );
                assert_eq!(call1(&mut store, fib, 10).unwrap(), 55, "{tier:?}");
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

#[test]
fn panicking_host_function_is_a_trap_and_the_store_stays_usable() {
    for tier in TIERS {
        let engine = engine(tier);
        let bytes = wat::parse_str(
            r#"(module
                (import "host" "boom" (func $boom (param i32)))
                (func (export "run") (param i32) (result i32)
                    (call $boom (local.get 0)) (local.get 0)))"#,
        )
        .unwrap();
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let boom = Func::new(
            &mut store,
            FuncType::new([ValType::I32], []),
            |_, args, _| {
                if args[0].unwrap_i32() == 13 {
                    panic!("unlucky argument");
                }
                Ok(())
            },
        );
        let inst = Instance::new(&mut store, &module, &[boom.into()]).unwrap();
        let run = inst.get_func(&store, "run").unwrap();
        // Many calls, so that `auto` runs both tiers.
        for i in 0..40 {
            let arg = if i % 2 == 0 { 13 } else { i };
            match call1(&mut store, run, arg) {
                Ok(v) => assert_eq!(v, arg, "{tier:?}"),
                Err(e) => {
                    assert_eq!(arg, 13, "{tier:?}");
                    let t = e.as_trap().expect("a trap");
                    assert!(t.message().contains("unlucky argument"), "{tier:?}: {t:?}");
                    assert!(!store.in_call(), "{tier:?}: the call count is restored");
                }
            }
        }
        // The store can still be collected (no call left active).
        assert!(!store.in_call());
    }
}
