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
    assert!(m.inner.jit.compiled.get().is_some());
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
    assert!(m.inner.jit.compiled.get().is_none());
    let start = std::time::Instant::now();
    while m.inner.jit.compiled.get().is_none() {
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
