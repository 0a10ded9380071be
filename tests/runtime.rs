//! Runtime behaviour through the public Rust API: traps and their frames,
//! host functions and re-entrancy, limits, and bad input.

use ferrowasm::*;

fn setup(engine: &Engine, wat: &str) -> (Store, Instance) {
    let bytes = wat::parse_str(wat).unwrap();
    let module = Module::new(engine, &bytes).unwrap();
    let mut store = Store::new(engine);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    (store, inst)
}

fn call(store: &mut Store, inst: Instance, name: &str, args: &[Val]) -> Result<Vec<Val>, Error> {
    let f = inst.get_func(store, name).expect("export");
    let ty = f.ty(store);
    let mut res: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    f.call(store, args, &mut res)?;
    Ok(res)
}

#[test]
fn trap_has_message_and_frames() {
    let engine = Engine::default();
    let (mut store, inst) = setup(
        &engine,
        r#"(module $m
            (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
            (func $outer (export "outer") (param i32) (result i32)
                (call $inner (local.get 0))))"#,
    );
    let err = call(&mut store, inst, "outer", &[Val::I32(0)]).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    assert_eq!(trap.code(), TrapCode::IntegerDivisionByZero);
    assert_eq!(trap.message(), "integer divide by zero");
    let frames = trap.frames();
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert_eq!(frames[0].func_index, 0);
    assert_eq!(frames[1].func_index, 1);
    assert_eq!(frames[0].func_name.as_deref(), Some("inner"));
    assert_eq!(frames[0].module_name.as_deref(), Some("m"));
    assert!(frames[0].func_offset > 0);
    assert!(frames[0].module_offset > frames[0].func_offset);
    // The same instance still works after a trap.
    assert_eq!(
        call(&mut store, inst, "outer", &[Val::I32(1)]).unwrap(),
        vec![Val::I32(1)]
    );
}

#[test]
fn deep_recursion_is_call_stack_exhausted() {
    // `max_call_depth` bounds interpreted frames (compiled code is bounded
    // by the stack budget): pinned to the interpreter, so that a background
    // compilation cannot take over half-way.
    let engine = Engine::new(Config {
        tier: Tier::Interp,
        max_call_depth: 1000,
        ..Config::default()
    });
    let (mut store, inst) = setup(
        &engine,
        r#"(module (func $f (export "f") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#,
    );
    assert_eq!(
        call(&mut store, inst, "f", &[Val::I32(900)]).unwrap(),
        vec![Val::I32(900)]
    );
    let err = call(&mut store, inst, "f", &[Val::I32(5000)]).unwrap_err();
    assert_eq!(err.as_trap().unwrap().message(), "call stack exhausted");
}

#[test]
fn deep_recursion_does_not_use_the_native_stack() {
    // A thread with a 256 KiB native stack runs 50,000 nested wasm calls on
    // the interpreter. (Compiled code runs on the native stack: there the
    // same call is a clean "call stack exhausted", see the JIT's tests.)
    let engine = Engine::new(Config {
        tier: Tier::Interp,
        ..Config::default()
    });
    let handle = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let (mut store, inst) = setup(
                &engine,
                r#"(module (func $f (export "f") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#,
            );
            call(&mut store, inst, "f", &[Val::I32(50_000)]).unwrap()
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), vec![Val::I32(50_000)]);
}

#[test]
fn host_functions_and_reentrancy() {
    let engine = Engine::default();
    let bytes = wat::parse_str(
        r#"(module
            (import "host" "twice" (func $twice (param i32) (result i32)))
            (func (export "run") (param i32) (result i32) (call $twice (local.get 0)))
            (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    // The host function calls back into wasm ("inc") twice.
    let inc_slot: std::sync::Arc<std::sync::OnceLock<Func>> = Default::default();
    let slot = inc_slot.clone();
    let twice = Func::new(
        &mut store,
        FuncType::new([ValType::I32], [ValType::I32]),
        move |caller, args, results| {
            let inc = *slot.get().unwrap();
            let mut r = [Val::I32(0)];
            inc.call(caller.store(), args, &mut r)
                .map_err(|e| Trap::host(e.to_string()))?;
            let a = [r[0]];
            inc.call(caller.store(), &a, &mut r)
                .map_err(|e| Trap::host(e.to_string()))?;
            results[0] = r[0];
            Ok(())
        },
    );
    let inst = Instance::new(&mut store, &module, &[twice.into()]).unwrap();
    inc_slot.set(inst.get_func(&store, "inc").unwrap()).unwrap();
    assert_eq!(
        call(&mut store, inst, "run", &[Val::I32(40)]).unwrap(),
        vec![Val::I32(42)]
    );
}

#[test]
fn host_trap_comes_out_with_wasm_frames() {
    let engine = Engine::default();
    let bytes = wat::parse_str(
        r#"(module
            (import "host" "fail" (func $fail))
            (func $mid (call $fail))
            (func (export "run") (call $mid)))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    let fail = Func::new(&mut store, FuncType::new([], []), |_, _, _| {
        Err(Trap::host("the host says no"))
    });
    let inst = Instance::new(&mut store, &module, &[fail.into()]).unwrap();
    let err = call(&mut store, inst, "run", &[]).unwrap_err();
    let trap = err.as_trap().unwrap();
    assert_eq!(trap.code(), TrapCode::Host);
    assert_eq!(trap.message(), "the host says no");
    let idx: Vec<u32> = trap.frames().iter().map(|f| f.func_index).collect();
    assert_eq!(idx, vec![1, 2]);
}

#[test]
fn wrong_arguments_are_usage_errors() {
    let engine = Engine::default();
    let (mut store, inst) = setup(
        &engine,
        r#"(module (func (export "f") (param i32 i64) (result i32) (local.get 0)))"#,
    );
    let f = inst.get_func(&store, "f").unwrap();
    let mut r = [Val::I32(0)];
    assert!(matches!(
        f.call(&mut store, &[Val::I32(1)], &mut r),
        Err(Error::Usage(_))
    ));
    assert!(matches!(
        f.call(&mut store, &[Val::I32(1), Val::I32(2)], &mut r),
        Err(Error::Usage(_))
    ));
    assert!(matches!(
        f.call(&mut store, &[Val::I32(1), Val::I64(2)], &mut []),
        Err(Error::Usage(_))
    ));
    // A function of another store is refused.
    let mut other = Store::new(&engine);
    assert!(matches!(
        f.call(&mut other, &[Val::I32(1), Val::I64(2)], &mut r),
        Err(Error::Usage(_))
    ));
}

#[test]
fn malformed_invalid_and_unsupported_modules() {
    let engine = Engine::default();
    match Module::new(&engine, b"\0asm\x01\0\0\0\x01\x05") {
        Err(Error::Malformed { offset, .. }) => assert!(offset >= 8),
        other => panic!("expected malformed, got {other:?}"),
    }
    let invalid = wat::parse_str("(module (func (result i32) (i64.const 1)))").unwrap();
    assert!(matches!(
        Module::new(&engine, &invalid),
        Err(Error::Invalid { .. })
    ));
    // SIMD runs by default; switched off, it is an unsupported feature.
    let simd = wat::parse_str("(module (func (result v128) (v128.const i32x4 0 0 0 0)))").unwrap();
    assert!(Module::new(&engine, &simd).is_ok());
    let no_simd = Engine::new(Config {
        wasm_simd: false,
        ..Config::default()
    });
    match Module::new(&no_simd, &simd) {
        Err(e @ Error::Unsupported { .. }) => {
            assert!(e.to_string().to_lowercase().contains("simd"), "{e}")
        }
        other => panic!("expected unsupported, got {other:?}"),
    }
    let threads = wat::parse_str("(module (memory 1 1 shared))").unwrap();
    assert!(Module::new(&engine, &threads).is_err());
}

#[test]
fn link_errors_name_the_import() {
    let engine = Engine::default();
    let bytes = wat::parse_str(r#"(module (import "env" "f" (func (param i32))))"#).unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(1),
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[g.into()]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("\"env\" \"f\""), "{text}");
    assert!(text.contains("incompatible import type"), "{text}");
    let wrong_sig = Func::new(&mut store, FuncType::new([ValType::I64], []), |_, _, _| {
        Ok(())
    });
    let err = Instance::new(&mut store, &module, &[wrong_sig.into()]).unwrap_err();
    assert!(matches!(err, Error::Link { .. }), "{err}");
    assert!(Instance::new(&mut store, &module, &[]).is_err());
}

#[test]
fn memory_and_table_limits_fail_cleanly() {
    let engine = Engine::new(Config {
        max_memory_pages: 16,
        max_table_elements: 1000,
        ..Config::default()
    });
    let bytes = wat::parse_str("(module (memory 17))").unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    assert!(matches!(
        Instance::new(&mut store, &module, &[]),
        Err(Error::Resource(_))
    ));
    let bytes = wat::parse_str("(module (table 100000000 funcref))").unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    assert!(matches!(
        Instance::new(&mut store, &module, &[]),
        Err(Error::Resource(_))
    ));
    // memory.grow past the engine limit returns -1 and leaves memory intact.
    let (mut store, inst) = setup(
        &engine,
        r#"(module (memory (export "m") 1)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I32(15)]).unwrap(),
        vec![Val::I32(1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I32(1)]).unwrap(),
        vec![Val::I32(-1)]
    );
    let mem = inst.get_memory(&store, "m").unwrap();
    assert_eq!(mem.size(&store), 16);
    assert!(mem.grow(&mut store, 1).is_err());
}

#[test]
fn default_engine_handles_4gib_memory_max() {
    let engine = Engine::default();
    let (mut store, inst) = setup(
        &engine,
        r#"(module (memory (export "m") 1 65536)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
            (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I32(1023)]).unwrap(),
        vec![Val::I32(1)]
    );
    let last: i32 = 1024 * 65536 - 4;
    call(&mut store, inst, "poke", &[Val::I32(last), Val::I32(7)]).unwrap();
    assert_eq!(
        call(&mut store, inst, "peek", &[Val::I32(last)]).unwrap(),
        vec![Val::I32(7)]
    );
    let err = call(&mut store, inst, "peek", &[Val::I32(last + 2)]).unwrap_err();
    assert_eq!(
        err.as_trap().unwrap().message(),
        "out of bounds memory access"
    );
}

#[test]
fn modules_are_shared_across_threads() {
    let engine = Engine::default();
    let bytes = wat::parse_str(
        r#"(module (global $g (mut i32) (i32.const 0))
            (func (export "bump") (result i32)
              (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (engine, module) = (engine.clone(), module.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine);
                let inst = Instance::new(&mut store, &module, &[]).unwrap();
                let mut last = Val::I32(0);
                for _ in 0..1000 {
                    last = call(&mut store, inst, "bump", &[]).unwrap()[0];
                }
                last
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Val::I32(1000));
    }
}

/// A module with more code than the threshold for translating bodies on
/// several threads: every function is translated, in order, and the error
/// reported for invalid bodies is the first one's, as in a sequential pass.
#[test]
fn large_modules_translate_in_parallel_in_order() {
    let module_text = |bad: &[usize]| {
        let mut wat = String::from("(module\n");
        for i in 0..2500 {
            wat.push_str(&format!("(func (export \"f{i}\") (result i32)\n"));
            for _ in 0..20 {
                wat.push_str("(drop (i32.const 1234567))");
            }
            if bad.contains(&i) {
                wat.push_str("(drop (i32.add (i32.const 1) (f32.const 1)))");
            }
            wat.push_str(&format!("(i32.const {i}))\n"));
        }
        wat.push(')');
        wat::parse_str(&wat).unwrap()
    };
    let bytes = module_text(&[]);
    assert!(bytes.len() > 300_000, "{} bytes", bytes.len());
    for tier in [Tier::Interp, Tier::Jit] {
        let engine = Engine::new(Config {
            tier,
            ..Config::default()
        });
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        for i in [0, 1, 1249, 2498, 2499] {
            let r = call(&mut store, inst, &format!("f{i}"), &[]).unwrap();
            assert_eq!(r, vec![Val::I32(i)]);
        }
    }
    let engine = Engine::default();
    let first = Module::new(&engine, &module_text(&[1700])).unwrap_err();
    let both = Module::new(&engine, &module_text(&[1700, 2400])).unwrap_err();
    let last = Module::new(&engine, &module_text(&[2400])).unwrap_err();
    assert_eq!(first.to_string(), both.to_string());
    // A malformed section after the code: the invalid body, met first in
    // the binary, is the error.
    let mut trailing = module_text(&[1700]);
    trailing.extend_from_slice(&[0x7f, 0x01, 0x00]);
    let e = Module::new(&engine, &trailing).unwrap_err();
    assert_eq!(e.to_string(), first.to_string());
    let mut valid_then_bad = module_text(&[]);
    valid_then_bad.extend_from_slice(&[0x7f, 0x01, 0x00]);
    let e = Module::new(&engine, &valid_then_bad).unwrap_err();
    assert_ne!(e.to_string(), first.to_string(), "the section error itself");
    assert_ne!(first.to_string(), last.to_string());
    assert!(first.to_string().contains("type mismatch"), "{first}");
}
