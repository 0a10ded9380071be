//! Multi-memory on every tier: loads and stores of memories 1 and 2 (each
//! bounds-checked against its own length), `memory.copy` between memories,
//! `memory.grow` of memory 1 seen by compiled code (from wasm and from the
//! host), active data segments into memory 1, bulk operations of memory N,
//! and one memory imported as two indices. Each runs with guard regions
//! (signal-based traps), with explicit bounds checks
//! (`signals_based_traps: false`) and, on the interpreter, with heap-backed
//! memories (whose base moves when they grow).

use ferrowasm::*;

const WAT: &str = r#"(module
    (memory $m0 1)
    (memory $m1 1 4)
    (memory $m2 2)
    (export "m1" (memory $m1))
    (export "m2" (memory $m2))
    (data (memory $m1) (i32.const 16) "\01\02\03\04")
    (data (memory $m2) (i32.const 65536) "hi")
    (data $passive "\aa\bb\cc")
    (func (export "load0") (param i32) (result i32) (i32.load8_u $m0 (local.get 0)))
    (func (export "load1") (param i32) (result i32) (i32.load8_u $m1 (local.get 0)))
    (func (export "load2") (param i32) (result i32) (i32.load8_u $m2 (local.get 0)))
    (func (export "load1_i64") (param i32) (result i64)
        (i64.load $m1 offset=8 (local.get 0)))
    (func (export "store0") (param i32 i32) (i32.store8 $m0 (local.get 0) (local.get 1)))
    (func (export "store1") (param i32 i32) (i32.store8 $m1 (local.get 0) (local.get 1)))
    (func (export "store2") (param i32 i32) (i32.store16 $m2 (local.get 0) (local.get 1)))
    (func (export "store1_f64") (param i32 f64) (f64.store $m1 (local.get 0) (local.get 1)))
    (func (export "load1_f64") (param i32) (result f64) (f64.load $m1 (local.get 0)))
    (func (export "size1") (result i32) (memory.size $m1))
    (func (export "size2") (result i32) (memory.size $m2))
    (func (export "grow1") (param i32) (result i32) (memory.grow $m1 (local.get 0)))
    ;; Grow memory 1 by one page, then read and write its new last byte.
    (func (export "grow1_and_touch") (result i32)
        (local $end i32)
        (drop (memory.grow $m1 (i32.const 1)))
        (local.set $end (i32.sub (i32.mul (memory.size $m1) (i32.const 65536)) (i32.const 1)))
        (i32.store8 $m1 (local.get $end) (i32.const 99))
        (i32.load8_u $m1 (local.get $end)))
    ;; Read memory 1 at `addr` before and after a call that grows it:
    ;; compiled code must not keep the old length.
    (func $grow_callee (drop (memory.grow $m1 (i32.const 1))))
    (func (export "load1_across_grow") (param $addr i32) (result i32)
        (local $before i32)
        (local.set $before
            (if (result i32) (i32.lt_u (local.get $addr)
                                       (i32.mul (memory.size $m1) (i32.const 65536)))
                (then (i32.load8_u $m1 (local.get $addr)))
                (else (i32.const -1))))
        (call $grow_callee)
        (i32.store8 $m1 (local.get $addr) (i32.const 7))
        (i32.add (i32.mul (local.get $before) (i32.const 1000))
                 (i32.load8_u $m1 (local.get $addr))))
    (func (export "copy_1_to_2") (param i32 i32 i32)
        (memory.copy $m2 $m1 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_2_to_0") (param i32 i32 i32)
        (memory.copy $m0 $m2 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_1_within") (param i32 i32 i32)
        (memory.copy $m1 $m1 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill2") (param i32 i32 i32)
        (memory.fill $m2 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init1") (param i32 i32 i32)
        (memory.init $m1 $passive (local.get 0) (local.get 1) (local.get 2)))
    ;; A loop summing bytes of memory 2 (a hot loop: `auto` tiers it up).
    (func (export "sum2") (param $from i32) (param $n i32) (result i32)
        (local $s i32)
        (block $done
            (loop $l
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $s (i32.add (local.get $s) (i32.load8_u $m2 (local.get $from))))
                (local.set $from (i32.add (local.get $from) (i32.const 1)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $l)))
        (local.get $s)))"#;

/// The configurations each case runs in.
fn configs() -> Vec<(String, Config)> {
    let mut out = Vec::new();
    let tiers: &[Tier] = if Tier::Jit.available() {
        &[Tier::Interp, Tier::Jit, Tier::Auto]
    } else {
        &[Tier::Interp]
    };
    for &tier in tiers {
        let base = Config {
            tier,
            tier_up_threshold: 1,
            ..Config::default()
        };
        out.push((format!("{tier:?}"), base.clone()));
        out.push((
            format!("{tier:?} without signals"),
            Config {
                signals_based_traps: false,
                ..base.clone()
            },
        ));
        if tier == Tier::Interp {
            out.push((
                format!("{tier:?} in heap"),
                Config {
                    memories_in_heap: true,
                    ..base
                },
            ));
        }
    }
    out
}

struct Run {
    store: Store,
    inst: Instance,
    what: String,
}

impl Run {
    fn new(what: &str, config: Config) -> Run {
        let engine = Engine::new(config);
        let module = Module::new(&engine, &wat::parse_str(WAT).unwrap()).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        Run {
            store,
            inst,
            what: what.to_string(),
        }
    }

    fn call(&mut self, name: &str, args: &[Val]) -> Result<Option<Val>, TrapCode> {
        let f = self.inst.get_func(&self.store, name).unwrap();
        let ty = f.ty(&self.store);
        let mut out: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        match f.call(&mut self.store, args, &mut out) {
            Ok(()) => Ok(out.first().copied()),
            Err(e) => Err(e.as_trap().expect("a trap").code()),
        }
    }

    fn i32(&mut self, name: &str, args: &[i32]) -> Result<i32, TrapCode> {
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        self.call(name, &args)
            .map(|v| v.expect("a result").unwrap_i32())
    }

    fn ok(&mut self, name: &str, args: &[i32]) {
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        let r = self.call(name, &args);
        assert_eq!(r, Ok(None), "{}: {name}{args:?}", self.what);
    }

    fn traps(&mut self, name: &str, args: &[i32]) {
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        let r = self.call(name, &args);
        assert_eq!(
            r.map(|_| ()),
            Err(TrapCode::MemoryOutOfBounds),
            "{}: {name}{args:?}",
            self.what
        );
    }

    fn memory(&self, name: &str) -> Memory {
        self.inst.get_memory(&self.store, name).unwrap()
    }
}

/// Several rounds, so that on `auto` the later ones run compiled code.
const ROUNDS: usize = 3;

#[test]
fn loads_and_stores_address_their_own_memory() {
    for (what, config) in configs() {
        for round in 0..ROUNDS {
            let mut r = Run::new(&what, config.clone());
            let w = format!("{what} round {round}");
            // Active segments went to memories 1 and 2.
            assert_eq!(r.i32("load1", &[16]), Ok(1), "{w}");
            assert_eq!(r.i32("load1", &[19]), Ok(4), "{w}");
            assert_eq!(r.i32("load0", &[16]), Ok(0), "{w}");
            assert_eq!(r.i32("load2", &[65536]), Ok(b'h' as i32), "{w}");
            assert_eq!(r.i32("load2", &[16]), Ok(0), "{w}");
            // Each store lands in its own memory only.
            r.ok("store0", &[100, 10]);
            r.ok("store1", &[100, 11]);
            r.ok("store2", &[100, 0x0c0d]);
            assert_eq!(r.i32("load0", &[100]), Ok(10), "{w}");
            assert_eq!(r.i32("load1", &[100]), Ok(11), "{w}");
            assert_eq!(r.i32("load2", &[100]), Ok(0x0d), "{w}");
            assert_eq!(r.i32("load2", &[101]), Ok(0x0c), "{w}");
            let v = r.call("load1_i64", &[Val::I32(8)]).unwrap().unwrap();
            assert_eq!(v, Val::I64(0x0403_0201), "{w}");
            let x = 1.5f64.to_bits();
            r.call("store1_f64", &[Val::I32(200), Val::F64(x)]).unwrap();
            let v = r.call("load1_f64", &[Val::I32(200)]).unwrap().unwrap();
            assert_eq!(v, Val::F64(x), "{w}");
            // Bounds: memory 1 has one page, memory 2 two.
            assert_eq!(r.i32("load1", &[65535]), Ok(0), "{w}");
            r.traps("load1", &[65536]);
            r.traps("load1", &[-1]);
            r.traps("load1_i64", &[65528 - 7]);
            r.traps("store1", &[65536, 1]);
            assert_eq!(r.i32("load2", &[65536 * 2 - 1]), Ok(0), "{w}");
            r.traps("load2", &[65536 * 2]);
            r.traps("store2", &[65536 * 2 - 1, 1]);
            assert_eq!(r.i32("size1", &[]), Ok(1), "{w}");
            assert_eq!(r.i32("size2", &[]), Ok(2), "{w}");
            // The host sees the same bytes through the exports.
            let m1 = r.memory("m1");
            assert_eq!(m1.data(&r.store)[100], 11, "{w}");
            m1.data_mut(&mut r.store)[300] = 42;
            assert_eq!(r.i32("load1", &[300]), Ok(42), "{w}");
            let m2 = r.memory("m2");
            assert_eq!(&m2.data(&r.store)[65536..65538], b"hi", "{w}");
            // A hot loop over memory 2.
            assert_eq!(r.i32("sum2", &[65536, 2]), Ok((b'h' + b'i') as i32), "{w}");
            for _ in 0..5 {
                assert_eq!(r.i32("sum2", &[1000, 100]), Ok(0), "{w}");
            }
            r.traps("sum2", &[65536 * 2 - 2, 3]);
        }
    }
}

#[test]
fn grow_of_memory_1_is_seen_by_compiled_code() {
    for (what, config) in configs() {
        let in_heap_jit = config.memories_in_heap && config.tier != Tier::Interp;
        assert!(!in_heap_jit, "heap-backed memories of the JIT cannot grow");
        let mut r = Run::new(&what, config);
        let w = what.as_str();
        // Round after round (compiled on `auto` after the first).
        r.traps("load1", &[65536]);
        assert_eq!(r.i32("grow1_and_touch", &[]), Ok(99), "{w}");
        assert_eq!(r.i32("size1", &[]), Ok(2), "{w}");
        assert_eq!(r.i32("load1", &[2 * 65536 - 1]), Ok(99), "{w}");
        assert_eq!(r.i32("load1", &[65536]), Ok(0), "{w}");
        r.traps("load1", &[2 * 65536]);
        // A callee grows memory 1 between two accesses of the caller.
        assert_eq!(
            r.i32("load1_across_grow", &[2 * 65536 + 5]),
            Ok(-1000 + 7),
            "{w}"
        );
        assert_eq!(r.i32("size1", &[]), Ok(3), "{w}");
        // The host grows it: the next call sees the new length.
        let m1 = r.memory("m1");
        assert_eq!(m1.grow(&mut r.store, 1).unwrap(), 3, "{w}");
        assert_eq!(r.i32("size1", &[]), Ok(4), "{w}");
        r.ok("store1", &[4 * 65536 - 1, 5]);
        assert_eq!(r.i32("load1", &[4 * 65536 - 1]), Ok(5), "{w}");
        // The maximum (4 pages) holds; memory 2 is unchanged throughout.
        assert_eq!(r.i32("grow1", &[1]), Ok(-1), "{w}");
        assert_eq!(r.i32("grow1_and_touch", &[]), Ok(99), "{w}");
        assert_eq!(r.i32("size1", &[]), Ok(4), "{w}");
        assert_eq!(r.i32("size2", &[]), Ok(2), "{w}");
        r.traps("load1", &[4 * 65536]);
        // Memory 1's bytes survived every growth (heap-backed: moved).
        assert_eq!(r.i32("load1", &[16]), Ok(1), "{w}");
        assert_eq!(r.i32("load1", &[2 * 65536 + 5]), Ok(7), "{w}");
    }
}

#[test]
fn bulk_operations_between_memories() {
    for (what, config) in configs() {
        for round in 0..ROUNDS {
            let mut r = Run::new(&what, config.clone());
            let w = format!("{what} round {round}");
            // Memory 1 [16, 20) -> memory 2 [1000, 1004).
            r.ok("copy_1_to_2", &[1000, 16, 4]);
            for i in 0..4 {
                assert_eq!(r.i32("load2", &[1000 + i]), Ok(i + 1), "{w}");
            }
            assert_eq!(r.i32("load1", &[1000]), Ok(0), "{w}");
            // Memory 2's second page -> memory 0.
            r.ok("copy_2_to_0", &[0, 65536, 2]);
            assert_eq!(r.i32("load0", &[0]), Ok(b'h' as i32), "{w}");
            assert_eq!(r.i32("load0", &[1]), Ok(b'i' as i32), "{w}");
            // Out of range in either memory traps and copies nothing: the
            // source range fits memory 2 but not memory 1.
            r.traps("copy_1_to_2", &[65536, 65535, 2]);
            assert_eq!(r.i32("load2", &[65536]), Ok(b'h' as i32), "{w}");
            r.traps("copy_1_to_2", &[2 * 65536 - 1, 16, 2]);
            assert_eq!(r.i32("load2", &[2 * 65536 - 1]), Ok(0), "{w}");
            r.traps("copy_2_to_0", &[65535, 65536, 2]);
            // Within memory 1, overlapping both ways.
            r.ok("copy_1_within", &[17, 16, 4]);
            let got: Vec<_> = (16..21).map(|a| r.i32("load1", &[a]).unwrap()).collect();
            assert_eq!(got, [1, 1, 2, 3, 4], "{w}");
            r.ok("copy_1_within", &[16, 17, 4]);
            let got: Vec<_> = (16..21).map(|a| r.i32("load1", &[a]).unwrap()).collect();
            assert_eq!(got, [1, 2, 3, 4, 4], "{w}");
            // Fill of memory 2, init of memory 1.
            r.ok("fill2", &[500, 0x5a, 3]);
            assert_eq!(r.i32("load2", &[502]), Ok(0x5a), "{w}");
            assert_eq!(r.i32("load0", &[502]), Ok(0), "{w}");
            r.traps("fill2", &[2 * 65536 - 1, 1, 2]);
            r.ok("init1", &[40, 1, 2]);
            assert_eq!(r.i32("load1", &[40]), Ok(0xbb), "{w}");
            assert_eq!(r.i32("load1", &[41]), Ok(0xcc), "{w}");
            assert_eq!(r.i32("load0", &[40]), Ok(0), "{w}");
            r.traps("init1", &[65535, 0, 2]);
        }
    }
}

/// One memory imported as memories 0 and 1: a grow through index 1 is a
/// grow of memory 0, which compiled code caches.
const ALIASED: &str = r#"(module
    (import "env" "mem" (memory $a 1))
    (import "env" "mem" (memory $b 1))
    (func (export "grow_b") (result i32) (memory.grow $b (i32.const 1)))
    (func (export "store_b") (param i32 i32) (i32.store8 $b (local.get 0) (local.get 1)))
    (func (export "load_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
    ;; Grow through $b, then access the new page through $a in the same call.
    (func (export "grow_b_load_a") (param i32) (result i32)
        (drop (memory.grow $b (i32.const 1)))
        (i32.store8 $a (local.get 0) (i32.const 3))
        (i32.load8_u $b (local.get 0)))
    (func (export "copy_b_to_a") (param i32 i32 i32)
        (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2))))"#;

#[test]
fn one_memory_imported_twice() {
    for (what, config) in configs() {
        let engine = Engine::new(config);
        let module = Module::new(&engine, &wat::parse_str(ALIASED).unwrap()).unwrap();
        let mut store = Store::new(&engine);
        let mem = Memory::new(&mut store, MemoryType::new(Limits::new(1, Some(8)))).unwrap();
        let inst = Instance::new(&mut store, &module, &[mem.into(), mem.into()]).unwrap();
        let mut r = Run {
            store,
            inst,
            what: what.clone(),
        };
        let w = what.as_str();
        for round in 0..ROUNDS as i32 {
            let pages = 1 + 2 * round;
            r.ok("store_b", &[10, 20 + round]);
            assert_eq!(r.i32("load_a", &[10]), Ok(20 + round), "{w}");
            r.traps("load_a", &[pages * 65536]);
            assert_eq!(r.i32("grow_b", &[]), Ok(pages), "{w}");
            assert_eq!(r.i32("load_a", &[pages * 65536]), Ok(0), "{w}");
            let addr = (pages + 2) * 65536 - 1;
            assert_eq!(r.i32("grow_b_load_a", &[addr]), Ok(3), "{w}");
            // An overlapping copy within the one memory.
            r.ok("copy_b_to_a", &[11, 10, 2]);
            assert_eq!(r.i32("load_a", &[11]), Ok(20 + round), "{w}");
        }
        assert_eq!(mem.size(&r.store), 7, "{w}");
    }
}
