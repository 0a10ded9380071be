//! memory64, table64 and custom page sizes on every tier, with guard
//! regions (signal-based traps) and without: accesses just below and just
//! above the bound of a 64-bit memory, addresses with the top bit set,
//! address + offset overflowing 2^64, `memory.grow` by more than 4 GiB of
//! pages (refused by the limits, nothing allocated), bulk operations with
//! i64 operands, copies between a 32-bit and a 64-bit memory,
//! `call_indirect` through a table64, and the bounds of a memory of 1-byte
//! pages. Several rounds each, so that `auto` runs compiled code too.

use ferrowasm::*;

const WAT: &str = r#"(module
    (memory $m (export "m") i64 1 (pagesize 65536))
    (memory $small i32 1)
    (memory $bytes (export "bytes") 5 10 (pagesize 1))
    (memory $big i64 1 0x1_0000_0000_0000)
    (data (memory $m) (i64.const 0xfff8) "\01\02\03\04\05\06\07\08")
    (data (memory $bytes) (i32.const 1) "\aa\bb")
    (table $t i64 3 funcref)
    (elem (table $t) (i64.const 1) func $seven $eight)
    (type $r (func (result i32)))
    (func $seven (result i32) (i32.const 7))
    (func $eight (result i32) (i32.const 8))
    (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
    (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
    (func (export "load8_off") (param i64) (result i32)
        (i32.load8_u offset=0xffffffffffffffff (local.get 0)))
    (func (export "load8_off4g") (param i64) (result i32)
        (i32.load8_u offset=0x100000000 (local.get 0)))
    (func (export "store32") (param i64 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "size") (result i64) (memory.size $m))
    (func (export "grow") (param i64) (result i64) (memory.grow $m (local.get 0)))
    (func (export "grow_big") (param i64) (result i64) (memory.grow $big (local.get 0)))
    (func (export "size_big") (result i64) (memory.size $big))
    (func (export "fill") (param i64 i32 i64) (memory.fill $m (local.get 0) (local.get 1) (local.get 2)))
    ;; From the 64-bit memory to the 32-bit one: the length is an i32.
    (func (export "copy_64_to_32") (param i32 i64 i32)
        (memory.copy $small $m (local.get 0) (local.get 1) (local.get 2)))
    (func (export "load_small") (param i32) (result i32) (i32.load8_u $small (local.get 0)))
    (func (export "bytes_load") (param i32) (result i32) (i32.load8_u $bytes (local.get 0)))
    (func (export "bytes_load16") (param i32) (result i32) (i32.load16_u $bytes (local.get 0)))
    (func (export "bytes_size") (result i32) (memory.size $bytes))
    (func (export "bytes_grow") (param i32) (result i32) (memory.grow $bytes (local.get 0)))
    (func (export "call") (param i64) (result i32) (call_indirect $t (type $r) (local.get 0)))
    (func (export "table_size") (result i64) (table.size $t))
    (func (export "table_grow") (param i64) (result i64)
        (table.grow $t (ref.null func) (local.get 0)))
)"#;

fn configs() -> Vec<(String, Config)> {
    let tiers: &[Tier] = if Tier::Jit.available() {
        &[Tier::Interp, Tier::Jit, Tier::Auto]
    } else {
        &[Tier::Interp]
    };
    let mut out = Vec::new();
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
                ..base
            },
        ));
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

    fn val(&mut self, name: &str, args: &[Val]) -> Val {
        match self.call(name, args) {
            Ok(Some(v)) => v,
            other => panic!("{}: {name}{args:?}: {other:?}", self.what),
        }
    }

    fn traps(&mut self, name: &str, args: &[Val], code: TrapCode) {
        let r = self.call(name, args);
        assert_eq!(r, Err(code), "{}: {name}{args:?}", self.what);
    }
}

const ROUNDS: usize = 3;
const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

#[test]
fn accesses_of_a_64_bit_memory_are_checked_over_the_whole_range() {
    for (what, config) in configs() {
        let mut r = Run::new(&what, config);
        for _ in 0..ROUNDS {
            // Just below the bound: the last 8 bytes (the data segment).
            assert_eq!(
                r.val("load64", &[Val::I64(0xfff8)]),
                Val::I64(0x0807_0605_0403_0201),
                "{what}"
            );
            assert_eq!(r.val("load8", &[Val::I64(0xffff)]), Val::I32(8), "{what}");
            // Just above: the access would end one byte past the memory.
            r.traps("load64", &[Val::I64(0xfff9)], OOB);
            r.traps("load8", &[Val::I64(0x10000)], OOB);
            // An address whose low 32 bits are in bounds.
            r.traps("load8", &[Val::I64(0x1_0000_0000)], OOB);
            // The top bit set, and all bits set.
            r.traps("load8", &[Val::I64(i64::MIN)], OOB);
            r.traps("load8", &[Val::I64(-1)], OOB);
            r.traps("store32", &[Val::I64(-2), Val::I32(1)], OOB);
            // address + offset wraps around 2^64 (to 0 for address 1).
            r.traps("load8_off", &[Val::I64(1)], OOB);
            r.traps("load8_off", &[Val::I64(0)], OOB);
            r.traps("load8_off4g", &[Val::I64(0)], OOB);
        }
    }
}

#[test]
fn memory_grow_of_64_bit_memories_counts_in_i64() {
    for (what, config) in configs() {
        let mut r = Run::new(&what, config);
        assert_eq!(r.val("size", &[]), Val::I64(1), "{what}");
        // More than 2^32 pages: beyond any limit, -1 as an i64.
        assert_eq!(r.val("grow", &[Val::I64(1 << 32)]), Val::I64(-1), "{what}");
        assert_eq!(r.val("grow", &[Val::I64(-1)]), Val::I64(-1), "{what}");
        // $big's declared maximum is 2^48 pages: growing by 2^32 + 1 is
        // allowed by its type but not by the engine (4 GiB): -1, unchanged.
        assert_eq!(
            r.val("grow_big", &[Val::I64((1 << 32) + 1)]),
            Val::I64(-1),
            "{what}"
        );
        assert_eq!(r.val("size_big", &[]), Val::I64(1), "{what}");
        assert_eq!(r.val("grow_big", &[Val::I64(1)]), Val::I64(1), "{what}");
        assert_eq!(r.val("size_big", &[]), Val::I64(2), "{what}");
        assert_eq!(r.val("grow", &[Val::I64(1)]), Val::I64(1), "{what}");
        // The new page is accessible, the one after it is not.
        r.call("store32", &[Val::I64(0x1fffc), Val::I32(5)])
            .unwrap();
        assert_eq!(r.val("load8", &[Val::I64(0x1fffc)]), Val::I32(5), "{what}");
        r.traps("load8", &[Val::I64(0x20000)], OOB);
        let m = r.inst.get_memory(&r.store, "m").unwrap();
        assert_eq!(m.size(&r.store), 2, "{what}");
        assert!(m.ty(&r.store).is64());
    }
}

#[test]
fn bulk_operations_take_i64_operands() {
    for (what, config) in configs() {
        let mut r = Run::new(&what, config);
        for _ in 0..ROUNDS {
            r.call("fill", &[Val::I64(0x100), Val::I32(9), Val::I64(4)])
                .unwrap();
            assert_eq!(r.val("load8", &[Val::I64(0x103)]), Val::I32(9), "{what}");
            // A length whose low 32 bits are small: out of bounds.
            r.traps("fill", &[Val::I64(0), Val::I32(1), Val::I64(1 << 32)], OOB);
            r.traps("fill", &[Val::I64(-1), Val::I32(1), Val::I64(2)], OOB);
            r.call(
                "copy_64_to_32",
                &[Val::I32(10), Val::I64(0xfffe), Val::I32(2)],
            )
            .unwrap();
            assert_eq!(r.val("load_small", &[Val::I32(11)]), Val::I32(8), "{what}");
            // A source address with the top bit set.
            r.traps(
                "copy_64_to_32",
                &[Val::I32(0), Val::I64(i64::MIN), Val::I32(1)],
                OOB,
            );
        }
    }
}

#[test]
fn call_indirect_through_a_table64() {
    for (what, config) in configs() {
        let mut r = Run::new(&what, config);
        for _ in 0..ROUNDS {
            assert_eq!(r.val("call", &[Val::I64(1)]), Val::I32(7), "{what}");
            assert_eq!(r.val("call", &[Val::I64(2)]), Val::I32(8), "{what}");
            r.traps("call", &[Val::I64(0)], TrapCode::IndirectCallToNull);
            r.traps("call", &[Val::I64(3)], TrapCode::UndefinedElement);
            // Low 32 bits are a valid index.
            r.traps(
                "call",
                &[Val::I64((1 << 32) + 1)],
                TrapCode::UndefinedElement,
            );
            r.traps("call", &[Val::I64(-1)], TrapCode::UndefinedElement);
        }
        assert_eq!(r.val("table_size", &[]), Val::I64(3), "{what}");
        assert_eq!(
            r.val("table_grow", &[Val::I64(1 << 32)]),
            Val::I64(-1),
            "{what}"
        );
        assert_eq!(r.val("table_grow", &[Val::I64(2)]), Val::I64(3), "{what}");
        assert_eq!(r.val("table_size", &[]), Val::I64(5), "{what}");
    }
}

#[test]
fn memories_of_one_byte_pages_are_checked_to_the_byte() {
    for (what, config) in configs() {
        let mut r = Run::new(&what, config);
        for _ in 0..ROUNDS {
            assert_eq!(r.val("bytes_size", &[]), Val::I32(5), "{what}");
            assert_eq!(
                r.val("bytes_load", &[Val::I32(2)]),
                Val::I32(0xbb),
                "{what}"
            );
            assert_eq!(r.val("bytes_load", &[Val::I32(4)]), Val::I32(0), "{what}");
            assert_eq!(r.val("bytes_load16", &[Val::I32(3)]), Val::I32(0), "{what}");
            // Inside the same OS page, but past the memory's 5 bytes.
            r.traps("bytes_load", &[Val::I32(5)], OOB);
            r.traps("bytes_load16", &[Val::I32(4)], OOB);
            r.traps("bytes_load", &[Val::I32(4096)], OOB);
        }
        assert_eq!(r.val("bytes_grow", &[Val::I32(3)]), Val::I32(5), "{what}");
        assert_eq!(r.val("bytes_load", &[Val::I32(7)]), Val::I32(0), "{what}");
        r.traps("bytes_load", &[Val::I32(8)], OOB);
        // The maximum is 10 bytes.
        assert_eq!(r.val("bytes_grow", &[Val::I32(3)]), Val::I32(-1), "{what}");
        let m = r.inst.get_memory(&r.store, "bytes").unwrap();
        assert_eq!(m.size(&r.store), 8, "{what}");
        assert_eq!(m.data_size(&r.store), 8, "{what}");
        assert_eq!(m.ty(&r.store).page_size(), 1);
    }
}

#[test]
fn switched_off_features_are_refused_by_name() {
    let m64 = wat::parse_str("(module (memory i64 1))").unwrap();
    let page1 = wat::parse_str("(module (memory 1 (pagesize 1)))").unwrap();
    let t64 = wat::parse_str("(module (table i64 1 funcref))").unwrap();
    let off = Engine::new(Config {
        memory64: false,
        custom_page_sizes: false,
        ..Config::default()
    });
    for (bytes, feature) in [
        (&m64, "memory64"),
        (&t64, "memory64"),
        (&page1, "custom page sizes"),
    ] {
        let e = Module::new(&off, bytes).unwrap_err().to_string();
        assert!(e.contains(feature), "{e}");
        Module::new(&Engine::default(), bytes).unwrap();
    }
    // Strict 2.0 (the spec runner's) has them off too.
    let strict = ferrowasm::spec_runner::engine(Tier::Interp, false);
    assert!(Module::new(&strict, &m64).is_err());
    assert!(Module::new(&strict, &page1).is_err());
}

#[test]
fn imports_match_index_type_and_page_size() {
    let engine = Engine::default();
    let mut store = Store::new(&engine);
    let m32 = Memory::new(&mut store, MemoryType::new(Limits::new(1, None))).unwrap();
    let m64 = Memory::new(
        &mut store,
        MemoryType::with(Limits::new(1, None), IndexType::I64, 16),
    )
    .unwrap();
    let want64 = wat::parse_str(r#"(module (import "" "m" (memory i64 1)))"#).unwrap();
    let want64 = Module::new(&engine, &want64).unwrap();
    assert!(Instance::new(&mut store, &want64, &[m32.into()]).is_err());
    Instance::new(&mut store, &want64, &[m64.into()]).unwrap();
    let want_p1 = wat::parse_str(r#"(module (import "" "m" (memory 1 (pagesize 1))))"#).unwrap();
    let want_p1 = Module::new(&engine, &want_p1).unwrap();
    assert!(Instance::new(&mut store, &want_p1, &[m32.into()]).is_err());
}
