//! Tests of the JIT tier that need to see inside the runtime (is the code
//! really compiled, are frames right); the spec suite covers semantics.

use crate::*;

fn engine(tier: Tier) -> Engine {
    Engine::new(Config {
        tier,
        ..Config::default()
    })
}

fn instantiate(engine: &Engine, wat: &str, imports: &[Extern]) -> (Store, Instance, Module) {
    let m = Module::new(engine, &wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(engine);
    let i = Instance::new(&mut store, &m, imports).unwrap();
    (store, i, m)
}

fn call(store: &mut Store, i: Instance, name: &str, args: &[Val]) -> Result<Vec<Val>, Error> {
    let f = i.get_func(store, name).unwrap();
    let ty = f.ty(store);
    let mut r: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    f.call(store, args, &mut r)?;
    Ok(r)
}

const TRAPS: &str = r#"(module
    (func $inner (param i32) (result i32)
        (i32.div_s (i32.const 1) (local.get 0)))
    (func (export "outer") (param i32) (result i32)
        (nop) (call $inner (local.get 0)))
    (func $rec (export "rec") (param i32) (result i32)
        (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))"#;

#[test]
fn jit_tier_compiles_at_module_creation() {
    let (mut store, i, m) = instantiate(&engine(Tier::Jit), TRAPS, &[]);
    assert!(m.inner.code.funcs[0].is_compiled());
    let r = call(&mut store, i, "outer", &[Val::I32(1)]).unwrap();
    assert_eq!(r, vec![Val::I32(1)]);
}

/// A trap in compiled code has the same kind and frames as in the interpreter.
#[test]
fn trap_frames_match_the_interpreter() {
    let mut seen = Vec::new();
    for tier in [Tier::Interp, Tier::Jit] {
        let (mut store, i, _) = instantiate(&engine(tier), TRAPS, &[]);
        let e = call(&mut store, i, "outer", &[Val::I32(0)]).unwrap_err();
        let t = e.as_trap().expect("a trap").clone();
        assert_eq!(t.code(), TrapCode::IntegerDivisionByZero);
        seen.push(t.frames().to_vec());
    }
    assert_eq!(seen[0].len(), 2, "{:?}", seen[0]);
    assert_eq!(seen[0], seen[1]);
}

/// Unbounded recursion is "call stack exhausted", also on a small thread.
#[test]
fn deep_recursion_on_a_small_stack_traps() {
    let h = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| {
            let (mut store, i, _) = instantiate(&engine(Tier::Jit), TRAPS, &[]);
            let e = call(&mut store, i, "rec", &[Val::I32(0)]).unwrap_err();
            e.as_trap().map(|t| t.code())
        })
        .unwrap();
    assert_eq!(h.join().unwrap(), Some(TrapCode::StackOverflow));
}

/// Host functions called from compiled code: values both ways, and a host
/// trap keeps its message and gets the wasm frames.
#[test]
fn host_calls_and_host_traps() {
    let e = engine(Tier::Jit);
    let m = Module::new(
        &e,
        &wat::parse_str(
            r#"(module (import "h" "f" (func $f (param i32) (result i32)))
                (func (export "g") (param i32) (result i32)
                    (i32.mul (call $f (local.get 0)) (i32.const 2))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut store = Store::new(&e);
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let f = Func::new(&mut store, ty, |_, args, res| {
        let v = args[0].unwrap_i32();
        if v < 0 {
            return Err(Trap::host("negative"));
        }
        res[0] = Val::I32(v + 1);
        Ok(())
    });
    let i = Instance::new(&mut store, &m, &[f.into()]).unwrap();
    assert_eq!(
        call(&mut store, i, "g", &[Val::I32(20)]).unwrap(),
        vec![Val::I32(42)]
    );
    let err = call(&mut store, i, "g", &[Val::I32(-1)]).unwrap_err();
    let t = err.as_trap().unwrap();
    assert_eq!(t.message(), "negative");
    assert_eq!(t.frames().len(), 1);
    assert_eq!(t.frames()[0].func_index, 1);
}

/// `auto` starts interpreted and switches to compiled code once hot.
#[test]
fn auto_tiers_up_in_the_background() {
    let e = Engine::new(Config {
        tier: Tier::Auto,
        tier_up_threshold: 10,
        ..Config::default()
    });
    let (mut store, i, m) = instantiate(&e, TRAPS, &[]);
    assert!(!m.inner.code.funcs[1].is_compiled());
    let start = std::time::Instant::now();
    while !m.inner.code.funcs[1].is_compiled() {
        assert!(start.elapsed().as_secs() < 30, "no tier-up");
        let r = call(&mut store, i, "outer", &[Val::I32(1)]).unwrap();
        assert_eq!(r, vec![Val::I32(1)]);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let r = call(&mut store, i, "outer", &[Val::I32(1)]).unwrap();
    assert_eq!(r, vec![Val::I32(1)]);
    let e = call(&mut store, i, "outer", &[Val::I32(0)]).unwrap_err();
    assert_eq!(e.as_trap().unwrap().frames().len(), 2);
}

/// A host function called from compiled code calls back into compiled code.
#[test]
fn reentrancy_through_host_functions() {
    let e = engine(Tier::Jit);
    let m = Module::new(
        &e,
        &wat::parse_str(
            r#"(module (import "h" "twice" (func $twice (param i32) (result i32)))
                (func (export "run") (param i32) (result i32) (call $twice (local.get 0)))
                (func (export "inc") (param i32) (result i32)
                    (i32.add (local.get 0) (i32.const 1))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut store = Store::new(&e);
    let slot: std::sync::Arc<std::sync::OnceLock<Func>> = Default::default();
    let s2 = slot.clone();
    let twice = Func::new(
        &mut store,
        FuncType::new([ValType::I32], [ValType::I32]),
        move |caller, args, res| {
            let inc = *s2.get().unwrap();
            let mut r = [Val::I32(0)];
            inc.call(caller.store(), args, &mut r)
                .map_err(|e| Trap::host(e.to_string()))?;
            let a = [r[0]];
            inc.call(caller.store(), &a, &mut r)
                .map_err(|e| Trap::host(e.to_string()))?;
            res[0] = r[0];
            Ok(())
        },
    );
    let i = Instance::new(&mut store, &m, &[twice.into()]).unwrap();
    slot.set(i.get_func(&store, "inc").unwrap()).unwrap();
    assert_eq!(
        call(&mut store, i, "run", &[Val::I32(40)]).unwrap(),
        vec![Val::I32(42)]
    );
}

/// Mixed tiers in `auto`: a hot compiled module calls a cold interpreted
/// one; a trap in the interpreted callee has both modules' frames.
#[test]
fn compiled_caller_interpreted_callee() {
    let e = Engine::new(Config {
        tier: Tier::Auto,
        tier_up_threshold: 100,
        ..Config::default()
    });
    let (mut store, b, mb) = instantiate(
        &e,
        r#"(module (func (export "div") (param i32) (result i32)
              (i32.div_u (i32.const 100) (local.get 0))))"#,
        &[],
    );
    let div = b.get_func(&store, "div").unwrap();
    let ma = Module::new(
        &e,
        &wat::parse_str(
            r#"(module (import "b" "div" (func $div (param i32) (result i32)))
                (func (export "a") (param i32) (result i32) (local $i i32) (local $s i32)
                  (loop $l
                    (local.set $s (i32.add (local.get $s) (local.get $i)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $l (i32.lt_u (local.get $i) (i32.const 300))))
                  (i32.add (local.get $s) (call $div (local.get 0)))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let a = Instance::new(&mut store, &ma, &[div.into()]).unwrap();
    let start = std::time::Instant::now();
    while !ma.inner.code.funcs[0].is_compiled() {
        assert!(start.elapsed().as_secs() < 30, "no tier-up");
        let r = call(&mut store, a, "a", &[Val::I32(10)]).unwrap();
        assert_eq!(r, vec![Val::I32(44850 + 10)]);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(!mb.inner.code.funcs[0].is_compiled());
    let r = call(&mut store, a, "a", &[Val::I32(10)]).unwrap();
    assert_eq!(r, vec![Val::I32(44850 + 10)]);
    let err = call(&mut store, a, "a", &[Val::I32(0)]).unwrap_err();
    let t = err.as_trap().unwrap();
    assert_eq!(t.code(), TrapCode::IntegerDivisionByZero);
    let funcs: Vec<u32> = t.frames().iter().map(|f| f.func_index).collect();
    assert_eq!(funcs, vec![0, 1], "{:?}", t.frames());
    assert_eq!(t.frames()[0].instance, b.index);
    assert_eq!(t.frames()[1].instance, a.index);
}

/// Bounds checks are skipped only when a dominating check covers them.
/// Explicit bounds checks (memories without guard regions, as the
/// embedding API's pool uses) and the elision of repeated ones; the same
/// answers with guard regions.
#[test]
fn bounds_check_elision_respects_dominance() {
    for in_heap in [true, false] {
        let e = Engine::new(Config {
            tier: Tier::Jit,
            memories_in_heap: in_heap,
            ..Config::default()
        });
        assert_eq!(e.config().guarded_memories(), !in_heap);
        bounds_checks_on(&e);
    }
}

fn bounds_checks_on(e: &Engine) {
    let (mut store, i, _) = instantiate(
        e,
        r#"(module (memory 1)
            (func (export "f") (param i32) (result i32)
                (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0))))
            (func (export "h") (param i32 i32) (result i32)
                (if (local.get 1) (then (drop (i32.load offset=100 (local.get 0)))))
                (i32.load offset=50 (local.get 0))))"#,
        &[],
    );
    let oob = |r: Result<Vec<Val>, Error>| match r {
        Ok(v) => panic!("no trap: {v:?}"),
        Err(e) => e.as_trap().unwrap().code(),
    };

    assert_eq!(
        call(&mut store, i, "f", &[Val::I32(65528)]).unwrap(),
        vec![Val::I32(0)]
    );
    assert_eq!(
        oob(call(&mut store, i, "f", &[Val::I32(65532)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        oob(call(&mut store, i, "h", &[Val::I32(65500), Val::I32(0)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        oob(call(&mut store, i, "h", &[Val::I32(65440), Val::I32(1)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        call(&mut store, i, "h", &[Val::I32(65400), Val::I32(0)]).unwrap(),
        vec![Val::I32(0)]
    );
}

const EDGES: &str = r#"(module
    (memory (export "mem") 1 2)
    (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const -1)))
    (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "load_far") (param i32) (result i32)
        (i32.load offset=0xffffffff (local.get 0)))
    (func (export "grow") (result i32) (memory.grow (i32.const 1))))"#;

/// Guard regions (no explicit bounds checks in compiled code): every edge
/// of the memory traps like the interpreter, a straddling store writes
/// nothing, the largest address plus offset stays inside the reservation,
/// and growth makes the next page accessible.
#[test]
fn guard_region_traps_at_every_edge() {
    for tier in [Tier::Interp, Tier::Jit] {
        let e = engine(tier);
        assert_eq!(e.config().guarded_memories(), tier == Tier::Jit);
        let (mut store, i, _) = instantiate(&e, EDGES, &[]);
        let oob = |r: Result<Vec<Val>, Error>| r.unwrap_err().as_trap().map(|t| t.code());
        let bad = Some(TrapCode::MemoryOutOfBounds);
        assert_eq!(oob(call(&mut store, i, "store64", &[Val::I32(65532)])), bad);
        let mem = i.get_memory(&store, "mem").unwrap();
        assert!(
            mem.data(&store)[65528..].iter().all(|&b| b == 0),
            "{tier:?}"
        );
        call(&mut store, i, "store64", &[Val::I32(65528)]).unwrap();
        assert!(mem.data(&store)[65528..].iter().all(|&b| b == 0xff));
        assert_eq!(oob(call(&mut store, i, "load8", &[Val::I32(65536)])), bad);
        assert_eq!(oob(call(&mut store, i, "load8", &[Val::I32(-1)])), bad);
        assert_eq!(oob(call(&mut store, i, "load_far", &[Val::I32(-1)])), bad);
        assert_eq!(oob(call(&mut store, i, "load_far", &[Val::I32(0)])), bad);
        let r = call(&mut store, i, "grow", &[]).unwrap();
        assert_eq!(r, vec![Val::I32(1)]);
        let r = call(&mut store, i, "load8", &[Val::I32(131071)]).unwrap();
        assert_eq!(r, vec![Val::I32(0)]);
        assert_eq!(oob(call(&mut store, i, "load8", &[Val::I32(131072)])), bad);
        let r = call(&mut store, i, "grow", &[]).unwrap();
        assert_eq!(r, vec![Val::I32(-1)], "the declared maximum holds");
    }
}

/// The frames of a trap raised by a fault (memory access past the end)
/// are those the interpreter reports.
#[test]
fn fault_frames_match_the_interpreter() {
    let wat = r#"(module (memory 1)
        (func $inner (param i32) (result i32) (i32.load (local.get 0)))
        (func (export "outer") (param i32) (result i32)
            (nop) (call $inner (local.get 0))))"#;
    let mut seen = Vec::new();
    for tier in [Tier::Interp, Tier::Jit] {
        let (mut store, i, _) = instantiate(&engine(tier), wat, &[]);
        let e = call(&mut store, i, "outer", &[Val::I32(70000)]).unwrap_err();
        let t = e.as_trap().expect("a trap").clone();
        assert_eq!(t.code(), TrapCode::MemoryOutOfBounds);
        seen.push(t.frames().to_vec());
    }
    assert_eq!(seen[0].len(), 2, "{:?}", seen[0]);
    assert_eq!(seen[0], seen[1]);
}

/// A fault that is not a trap of compiled code (here: a host function
/// called from compiled code writes through a null pointer) is not
/// swallowed by the JIT's signal handler: the process dies of SIGSEGV as it
/// would without us. Runs in a child process.
#[test]
fn foreign_faults_reach_the_previous_handler() {
    const CHILD: &str = "FERROWASM_TEST_SEGV_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let e = engine(Tier::Jit);
        let m = Module::new(
            &e,
            &wat::parse_str(
                r#"(module (import "h" "f" (func $f))
                    (func (export "g") (call $f)))"#,
            )
            .unwrap(),
        )
        .unwrap();
        let mut store = Store::new(&e);
        let f = Func::new(&mut store, FuncType::new([], []), |_, _, _| {
            let p: *mut u8 = std::hint::black_box(std::ptr::null_mut());
            // SAFETY: none: this write is meant to fault.
            unsafe { p.write_volatile(1) };
            Ok(())
        });
        let i = Instance::new(&mut store, &m, &[f.into()]).unwrap();
        let _ = call(&mut store, i, "g", &[]);
        std::process::exit(0);
    }
    use std::os::unix::process::ExitStatusExt;
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "jit::tests::foreign_faults_reach_the_previous_handler",
            "--test-threads",
            "1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(libc::SIGSEGV), "{out:?}");
}
