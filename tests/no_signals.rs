//! `Config::signals_based_traps(false)`: every trap of compiled code comes
//! from explicit checks, and no signal handler is ever installed. This test
//! binary is its own process, and nothing in it turns signals on, so the
//! handlers it finds at the end are those it found at the start (Rust's
//! own stack-overflow handler for SIGSEGV/SIGBUS, the default for the
//! others).

use ferrowasm::*;

const WAT: &str = r#"(module
    (memory 1)
    (memory $m1 1)
    (table 2 funcref)
    (type $v (func))
    (func $nop)
    (elem (i32.const 0) $nop)
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
    (func (export "unreachable") (unreachable))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "store") (param i32) (i32.store8 (local.get 0) (i32.const 7)))
    (func (export "load1") (param i32) (result i32) (i64.load32_u $m1 offset=1 (local.get 0))
        (i32.wrap_i64))
    (func (export "store1") (param i32) (i32.store16 $m1 (local.get 0) (i32.const 7)))
    (func (export "copy10") (param i32 i32 i32)
        (memory.copy $m1 0 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "indirect") (param i32) (call_indirect (type $v) (local.get 0)))
    (func $deep (export "deep") (param i32) (result i32)
        (i32.add (call $deep (local.get 0)) (i32.const 1))))"#;

fn run(store: &mut Store, inst: Instance, name: &str, args: &[Val]) -> Result<Vec<Val>, TrapCode> {
    let f = inst.get_func(store, name).unwrap();
    let ty = f.ty(store);
    let mut out: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    match f.call(store, args, &mut out) {
        Ok(()) => Ok(out),
        Err(e) => Err(e.as_trap().expect("a trap").code()),
    }
}

const SIGNALS: [libc::c_int; 4] = [libc::SIGSEGV, libc::SIGILL, libc::SIGFPE, libc::SIGBUS];

fn handler(sig: libc::c_int) -> libc::sighandler_t {
    // SAFETY: reads the current disposition only.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old);
        old.sa_sigaction
    }
}

#[test]
fn compiled_code_traps_without_signal_handlers() {
    let before: Vec<_> = SIGNALS.iter().map(|&s| handler(s)).collect();
    assert_eq!(handler(libc::SIGILL), libc::SIG_DFL);
    for tier in [Tier::Jit, Tier::Auto, Tier::Interp] {
        let engine = Engine::new(Config {
            tier,
            tier_up_threshold: 1,
            signals_based_traps: false,
            ..Config::default()
        });
        let module = Module::new(&engine, &wat::parse_str(WAT).unwrap()).unwrap();
        let mut store = Store::new(&engine);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        // Several rounds, so that `auto` has compiled what it runs.
        for _ in 0..30 {
            let s = &mut store;
            assert_eq!(
                run(s, inst, "div", &[Val::I32(7), Val::I32(2)]),
                Ok(vec![Val::I32(3)])
            );
            let by_zero = run(s, inst, "div", &[Val::I32(7), Val::I32(0)]);
            assert_eq!(by_zero, Err(TrapCode::IntegerDivisionByZero), "{tier:?}");
            let ovf = run(s, inst, "div", &[Val::I32(i32::MIN), Val::I32(-1)]);
            assert_eq!(ovf, Err(TrapCode::IntegerOverflow), "{tier:?}");
            let rem = run(s, inst, "rem", &[Val::I32(1), Val::I32(0)]);
            assert_eq!(rem, Err(TrapCode::IntegerDivisionByZero), "{tier:?}");
            assert_eq!(run(s, inst, "unreachable", &[]), Err(TrapCode::Unreachable));
            assert_eq!(
                run(s, inst, "load", &[Val::I32(65532)]),
                Ok(vec![Val::I32(0)])
            );
            let oob = run(s, inst, "load", &[Val::I32(65533)]);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            let oob = run(s, inst, "store", &[Val::I32(-1)]);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            let oob = run(s, inst, "fill", &[Val::I32(65000), Val::I32(1000)]);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            // Memory 1 is checked explicitly too.
            assert_eq!(run(s, inst, "store1", &[Val::I32(65534)]), Ok(vec![]));
            assert_eq!(
                run(s, inst, "load1", &[Val::I32(65531)]),
                Ok(vec![Val::I32(7 << 16)])
            );
            let oob = run(s, inst, "load1", &[Val::I32(65532)]);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            let oob = run(s, inst, "store1", &[Val::I32(65535)]);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            let args = [Val::I32(65535), Val::I32(0), Val::I32(2)];
            let oob = run(s, inst, "copy10", &args);
            assert_eq!(oob, Err(TrapCode::MemoryOutOfBounds), "{tier:?}");
            let nan = run(s, inst, "trunc", &[Val::F64(f64::NAN.to_bits())]);
            assert_eq!(nan, Err(TrapCode::BadConversionToInteger), "{tier:?}");
            let big = run(s, inst, "trunc", &[Val::F64(1e10f64.to_bits())]);
            assert_eq!(big, Err(TrapCode::IntegerOverflow), "{tier:?}");
            assert_eq!(run(s, inst, "indirect", &[Val::I32(0)]), Ok(vec![]));
            let null = run(s, inst, "indirect", &[Val::I32(1)]);
            assert_eq!(null, Err(TrapCode::IndirectCallToNull), "{tier:?}");
            let past = run(s, inst, "indirect", &[Val::I32(2)]);
            assert_eq!(past, Err(TrapCode::UndefinedElement), "{tier:?}");
            let deep = run(s, inst, "deep", &[Val::I32(0)]);
            assert_eq!(deep, Err(TrapCode::StackOverflow), "{tier:?}");
        }
        // A trap from an explicit check still has its wasm frame.
        let f = inst.get_func(&store, "div").unwrap();
        let mut out = [Val::I32(0)];
        let e = f
            .call(&mut store, &[Val::I32(1), Val::I32(0)], &mut out)
            .unwrap_err();
        let frames = e.as_trap().unwrap().frames();
        assert_eq!(frames.len(), 1, "{tier:?}: {frames:?}");
        assert!(frames[0].func_offset > 0, "{tier:?}: {frames:?}");
    }
    for (sig, was) in SIGNALS.iter().zip(before) {
        assert_eq!(
            handler(*sig),
            was,
            "a handler was installed for signal {sig}"
        );
    }
}
