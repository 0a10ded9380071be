//! Fuel and interruption (`runtime::metering`) on every tier: a spinning
//! loop and a tail loop stopped by another thread's interrupt, the flag
//! lowered by the trap (the store stays usable), a pending interrupt, fuel
//! counted identically on `interp`, `jit` and `auto` (also where it runs
//! out, with the same memory side effects), refuelling, and fuel refused
//! by an engine that does not meter it.

use ferrowasm::*;
use std::time::Duration;

const TIERS: [Tier; 3] = [Tier::Interp, Tier::Jit, Tier::Auto];

fn engine(tier: Tier, consume_fuel: bool) -> Engine {
    Engine::new(Config {
        tier,
        consume_fuel,
        // `auto`: compiled after a few calls, mid-run.
        tier_up_threshold: 3,
        ..Config::default()
    })
}

const SPIN: &str = r#"(module
    (func (export "spin") (loop (br 0)))
    (func $tail (export "tail") (return_call $tail))
    (func (export "one") (result i32) (i32.const 1)))"#;

fn instance(tier: Tier, fuel: bool, wat: &str) -> (Store, Instance) {
    let engine = engine(tier, fuel);
    let module = Module::new(&engine, &wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    (store, inst)
}

fn call(
    store: &mut Store,
    inst: &Instance,
    name: &str,
    args: &[Val],
    nres: usize,
) -> Result<Vec<Val>, Trap> {
    let f = inst.get_func(store, name).unwrap();
    let mut r = vec![Val::I32(0); nres];
    match f.call(store, args, &mut r) {
        Ok(_) => Ok(r),
        Err(Error::Trap(t)) => Err(t),
        Err(e) => panic!("not a trap: {e}"),
    }
}

#[test]
fn another_thread_interrupts_a_loop_and_a_tail_loop_on_every_tier() {
    for tier in TIERS {
        for name in ["spin", "tail"] {
            let (mut store, inst) = instance(tier, false, SPIN);
            let h = store.interrupt_handle();
            let t = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                h.interrupt();
            });
            let e = call(&mut store, &inst, name, &[], 0).unwrap_err();
            t.join().unwrap();
            assert_eq!(e.code(), TrapCode::Interrupted, "{tier:?} {name}: {e}");
            assert!(e.message().contains("interrupted"), "{tier:?}: {e}");
            // The trap lowered the flag: the store runs code again.
            assert!(!store.is_interrupted());
            let r = call(&mut store, &inst, "one", &[], 1).unwrap();
            assert_eq!(r[0], Val::I32(1), "{tier:?}");
        }
    }
}

#[test]
fn an_interrupt_raised_between_calls_stops_the_next_call() {
    for tier in TIERS {
        let (mut store, inst) = instance(tier, false, SPIN);
        store.interrupt_handle().interrupt();
        assert!(store.is_interrupted());
        let e = call(&mut store, &inst, "one", &[], 1).unwrap_err();
        assert_eq!(e.code(), TrapCode::Interrupted, "{tier:?}");
        assert_eq!(
            call(&mut store, &inst, "one", &[], 1).unwrap()[0],
            Val::I32(1)
        );
        // clear_interrupt lowers it without a trap.
        store.interrupt_handle().interrupt();
        store.clear_interrupt();
        assert_eq!(
            call(&mut store, &inst, "one", &[], 1).unwrap()[0],
            Val::I32(1)
        );
    }
}

/// Loops, calls, `br_table`, `if`/`else` and memory stores: `run(n)` writes
/// `i` at address `4 * (i % 64)` for every step `i < n`.
const WORK: &str = r#"(module
    (memory (export "mem") 1)
    (func $classify (param i32) (result i32)
        (block $c (block $b (block $a
            (br_table $a $b $c (i32.rem_u (local.get 0) (i32.const 3))))
            (return (i32.const 10)))
            (return (i32.const 20)))
        (i32.const 30))
    (func (export "run") (param $n i32) (result i32)
        (local $i i32) (local $acc i32)
        (block $done
            (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (i32.store (i32.mul (i32.rem_u (local.get $i) (i32.const 64)) (i32.const 4))
                           (local.get $i))
                (if (i32.and (local.get $i) (i32.const 1))
                    (then (local.set $acc (i32.add (local.get $acc) (call $classify (local.get $i)))))
                    (else (local.set $acc (i32.sub (local.get $acc) (i32.const 1)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
        (local.get $acc))
    (func (export "add1") (param i32) (result i32)
        (i32.add (local.get 0) (i32.const 1))))"#;

fn memory_bytes(store: &Store, inst: &Instance) -> Vec<u8> {
    let m = inst.get_memory(store, "mem").unwrap();
    m.data(store)[..256].to_vec()
}

#[test]
fn fuel_is_the_same_on_every_tier() {
    let mut seen = Vec::new();
    for tier in TIERS {
        let (mut store, inst) = instance(tier, true, WORK);
        // A straight-line body: local.get, i32.const, i32.add (end is free).
        store.set_fuel(100).unwrap();
        call(&mut store, &inst, "add1", &[Val::I32(1)], 1).unwrap();
        assert_eq!(store.fuel().unwrap(), 97, "{tier:?}");
        let mut used = Vec::new();
        for n in [0, 1, 10, 1000] {
            store.set_fuel(u64::MAX).unwrap();
            call(&mut store, &inst, "run", &[Val::I32(n)], 1).unwrap();
            used.push(u64::MAX - store.fuel().unwrap());
        }
        assert!(used.windows(2).all(|w| w[0] < w[1]), "{tier:?}: {used:?}");
        seen.push((tier, used));
    }
    for (tier, used) in &seen[1..] {
        assert_eq!(used, &seen[0].1, "{tier:?} against {:?}", seen[0].0);
    }
}

#[test]
fn running_out_of_fuel_stops_at_the_same_point_on_every_tier() {
    let mut seen = Vec::new();
    for tier in TIERS {
        let (mut store, inst) = instance(tier, true, WORK);
        // Warm up (auto: compiled after a few calls), then a budget that
        // runs out in the middle of the loop.
        for _ in 0..5 {
            store.set_fuel(1_000_000).unwrap();
            call(&mut store, &inst, "run", &[Val::I32(3)], 1).unwrap();
        }
        let m = inst.get_memory(&store, "mem").unwrap();
        m.data_mut(&mut store)[..256].fill(0);
        store.set_fuel(2_345).unwrap();
        let e = call(&mut store, &inst, "run", &[Val::I32(100_000)], 1).unwrap_err();
        assert_eq!(e.code(), TrapCode::OutOfFuel, "{tier:?}: {e}");
        assert!(e.message().contains("all fuel consumed"), "{e}");
        assert_eq!(store.fuel().unwrap(), 0);
        seen.push((tier, memory_bytes(&store, &inst)));
        // Refuelled, the store runs again.
        store.set_fuel(1_000).unwrap();
        call(&mut store, &inst, "add1", &[Val::I32(1)], 1).unwrap();
        // No fuel: the first charge traps.
        store.set_fuel(0).unwrap();
        let e = call(&mut store, &inst, "add1", &[Val::I32(1)], 1).unwrap_err();
        assert_eq!(e.code(), TrapCode::OutOfFuel, "{tier:?}");
    }
    assert!(seen[0].1.iter().any(|&b| b != 0));
    for (tier, mem) in &seen[1..] {
        assert_eq!(mem, &seen[0].1, "{tier:?}: memory when the fuel ran out");
    }
}

#[test]
fn fuel_stops_a_spinning_loop_and_a_tail_loop() {
    for tier in TIERS {
        for name in ["spin", "tail"] {
            let (mut store, inst) = instance(tier, true, SPIN);
            store.set_fuel(1_000_000).unwrap();
            let e = call(&mut store, &inst, name, &[], 0).unwrap_err();
            assert_eq!(e.code(), TrapCode::OutOfFuel, "{tier:?} {name}: {e}");
        }
    }
}

#[test]
fn an_engine_without_fuel_refuses_fuel() {
    let (mut store, _) = instance(Tier::Interp, false, SPIN);
    assert!(store.set_fuel(10).is_err());
    let e = store.fuel().unwrap_err();
    assert!(e.to_string().contains("consume_fuel"), "{e}");
}
