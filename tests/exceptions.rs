//! Exception handling through the Rust API, on every tier: unwinding
//! through interpreted and compiled frames in one stack, uncaught
//! exceptions at the host boundary (named by their tag), host functions
//! that are never unwound through, host-created tags, exnrefs given to
//! the host, exception objects freed in throw/catch loops, and the
//! feature switched off.

use ferrowasm::*;

const TIERS: [Tier; 3] = [Tier::Interp, Tier::Jit, Tier::Auto];

fn engine(tier: Tier) -> Engine {
    Engine::new(Config {
        tier,
        tier_up_threshold: 1,
        ..Config::default()
    })
}

fn instance(store: &mut Store, wat: &str, imports: &[Extern]) -> Instance {
    let module = Module::new(store.engine(), &wat::parse_str(wat).unwrap()).unwrap();
    Instance::new(store, &module, imports).unwrap()
}

fn call_i32(store: &mut Store, inst: Instance, name: &str, args: &[Val]) -> Result<i32> {
    let f = inst.get_func(store, name).unwrap();
    let mut r = [Val::I32(0)];
    f.call(store, args, &mut r)?;
    Ok(r[0].unwrap_i32())
}

fn trap_of(r: Result<i32>) -> Trap {
    match r {
        Err(Error::Trap(t)) => t,
        other => panic!("expected a trap, got {other:?}"),
    }
}

/// `$catcher` (try_table) calls `$middle` (no exception operators: compiled
/// on `jit`, and on `auto` once hot), directly and through a table, which
/// calls `$thrower` (interpreted on every tier). The exception unwinds
/// through the compiled frame to the interpreted handler.
const THROUGH_TIERS: &str = r#"(module
  (tag $e (export "e") (param i32))
  (table 1 funcref) (elem (i32.const 0) $middle)
  (type $t (func (param i32) (result i32)))
  (func $thrower (param i32) (result i32)
    (if (i32.gt_u (local.get 0) (i32.const 10)) (then (throw $e (local.get 0))))
    (local.get 0))
  (func $middle (param i32) (result i32)
    (i32.add (call $thrower (local.get 0)) (i32.const 1000)))
  (func (export "catcher") (param i32 i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (if (result i32) (local.get 1)
          (then (call_indirect (type $t) (local.get 0) (i32.const 0)))
          (else (call $middle (local.get 0)))))
      (return))
    (i32.mul (i32.const -1)))
  (func (export "uncaught") (param i32) (result i32) (call $middle (local.get 0))))"#;

#[test]
fn exceptions_unwind_through_compiled_and_interpreted_frames() {
    for tier in TIERS {
        let engine = engine(tier);
        let mut store = Store::new(&engine);
        let inst = instance(&mut store, THROUGH_TIERS, &[]);
        // Several rounds: on `auto`, the later ones run `$middle` compiled.
        for round in 0..5 {
            for indirect in [0, 1] {
                let r = |s: &mut Store, n| {
                    call_i32(s, inst, "catcher", &[Val::I32(n), Val::I32(indirect)])
                };
                assert_eq!(r(&mut store, 7).unwrap(), 1007, "{tier:?} round {round}");
                assert_eq!(r(&mut store, 42).unwrap(), -42, "{tier:?} round {round}");
            }
        }
        let t = trap_of(call_i32(&mut store, inst, "uncaught", &[Val::I32(99)]));
        assert_eq!(t.code(), TrapCode::Exception, "{tier:?}");
        assert!(
            t.message()
                .starts_with("uncaught wasm exception (tag \"e\")"),
            "{tier:?}: {}",
            t.message()
        );
        assert_eq!(store.live_exceptions(), 0, "{tier:?}");
    }
}

#[test]
fn host_functions_are_never_unwound_through() {
    for tier in TIERS {
        let engine = engine(tier);
        let mut store = Store::new(&engine);
        let thrower = instance(
            &mut store,
            r#"(module (tag $e) (func (export "throw") (result i32) (throw $e)))"#,
            &[],
        );
        let inner = thrower.get_func(&store, "throw").unwrap();
        // A host function that calls wasm, which throws, and returns the
        // error it gets: a trap that wasm's catch_all must not catch.
        let host = Func::new(
            &mut store,
            FuncType::new([], [ValType::I32]),
            move |caller, _args, results| {
                let mut r = [Val::I32(0)];
                match inner.call(caller.store(), &[], &mut r) {
                    Ok(()) => {
                        results[0] = r[0];
                        Ok(())
                    }
                    Err(Error::Trap(t)) => Err(t),
                    Err(e) => Err(Trap::host(e.to_string())),
                }
            },
        );
        let failing = Func::new(&mut store, FuncType::new([], [ValType::I32]), |_, _, _| {
            Err(Trap::host("host failure"))
        });
        let inst = instance(
            &mut store,
            r#"(module
              (import "" "calls-wasm" (func $h (result i32)))
              (import "" "fails" (func $f (result i32)))
              (func (export "via-host") (result i32)
                (block $h (try_table (catch_all $h) (return (call $h)))) (i32.const -1))
              (func (export "host-trap") (result i32)
                (block $h (try_table (catch_all $h) (return (call $f)))) (i32.const -1)))"#,
            &[host.into(), failing.into()],
        );
        let t = trap_of(call_i32(&mut store, inst, "via-host", &[]));
        assert_eq!(t.code(), TrapCode::Exception, "{tier:?}: {t}");
        let t = trap_of(call_i32(&mut store, inst, "host-trap", &[]));
        assert_eq!(t.message(), "host failure", "{tier:?}");
    }
}

#[test]
fn a_host_created_tag_links_and_is_caught_by_identity() {
    for tier in TIERS {
        let engine = engine(tier);
        let mut store = Store::new(&engine);
        let tag = Tag::new(&mut store, TagType::new([ValType::I32]));
        let other = Tag::new(&mut store, TagType::new([ValType::I32]));
        assert_eq!(tag.ty(&store).params(), [ValType::I32]);
        let thrower = instance(
            &mut store,
            r#"(module (import "" "t" (tag $t (param i32)))
              (func (export "throw") (param i32) (throw $t (local.get 0))))"#,
            &[tag.into()],
        );
        let throw = thrower.get_func(&store, "throw").unwrap();
        let catcher_wat = r#"(module
              (import "" "t" (tag $t (param i32)))
              (import "" "throw" (func $throw (param i32)))
              (func (export "catch") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $t $h) (call $throw (local.get 0)))
                  (i32.const -1))))"#;
        let same = instance(&mut store, catcher_wat, &[tag.into(), throw.into()]);
        assert_eq!(
            call_i32(&mut store, same, "catch", &[Val::I32(5)]).unwrap(),
            5
        );
        // Another tag of the same type is another tag: not caught.
        let different = instance(&mut store, catcher_wat, &[other.into(), throw.into()]);
        let t = trap_of(call_i32(&mut store, different, "catch", &[Val::I32(5)]));
        assert_eq!(t.code(), TrapCode::Exception, "{tier:?}");
        // A tag of another type does not link.
        let i64_tag = Tag::new(&mut store, TagType::new([ValType::I64]));
        let module = Module::new(&engine, &wat::parse_str(catcher_wat).unwrap()).unwrap();
        let e = Instance::new(&mut store, &module, &[i64_tag.into(), throw.into()]).unwrap_err();
        assert!(e.to_string().contains("incompatible import type"), "{e}");
    }
}

#[test]
fn exnrefs_reach_the_host_and_rethrow_keeps_the_exception() {
    for tier in TIERS {
        let engine = engine(tier);
        let mut store = Store::new(&engine);
        let inst = instance(
            &mut store,
            r#"(module
              (tag $e (export "e") (param i64))
              (func (export "caught") (result exnref)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (throw $e (i64.const 7)))
                  (unreachable)))
              (func (export "rethrown") (result i64)
                (block $outer (result i64)
                  (try_table (catch $e $outer)
                    (block $h (result i64 exnref)
                      (try_table (catch_ref $e $h) (throw $e (i64.const 9)))
                      (unreachable))
                    (throw_ref)
                  )
                  (unreachable))))"#,
            &[],
        );
        let f = inst.get_func(&store, "caught").unwrap();
        let mut r = [Val::ExnRef(None)];
        f.call(&mut store, &[], &mut r).unwrap();
        let Val::ExnRef(Some(exn)) = r[0] else {
            panic!("{tier:?}: {:?}", r[0])
        };
        let e = inst.get_export(&store, "e").unwrap().into_tag().unwrap();
        assert_eq!(exn.tag(&store), e, "{tier:?}");
        let f = inst.get_func(&store, "rethrown").unwrap();
        let mut r = [Val::I64(0)];
        f.call(&mut store, &[], &mut r).unwrap();
        assert_eq!(r[0], Val::I64(9), "{tier:?}");
    }
}

#[test]
fn throw_and_catch_loops_free_their_exceptions() {
    for tier in TIERS {
        let engine = engine(tier);
        let mut store = Store::new(&engine);
        let inst = instance(
            &mut store,
            r#"(module
              (tag $e (param i32))
              (func $throw (param i32) (throw $e (local.get 0)))
              ;; try_table: catch the values, the object is freed at once.
              (func (export "new") (param i32) (result i32) (local $sum i32)
                (loop $l
                  (block $h (result i32)
                    (try_table (catch $e $h) (call $throw (local.get 0)))
                    (unreachable))
                  (local.set $sum (i32.add (local.get $sum)))
                  (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $sum))
              ;; legacy: freed when the catch body ends.
              (func (export "legacy") (param i32) (result i32) (local $sum i32)
                (loop $l
                  try
                    (call $throw (local.get 0))
                  catch $e
                    (local.set $sum (i32.add (local.get $sum)))
                  end
                  (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $sum)))"#,
            &[],
        );
        let n = 100_000;
        let sum = (1..=n as i64).sum::<i64>() as i32;
        for f in ["new", "legacy"] {
            assert_eq!(
                call_i32(&mut store, inst, f, &[Val::I32(n)]).unwrap(),
                sum,
                "{tier:?} {f}"
            );
            assert_eq!(store.live_exceptions(), 0, "{tier:?} {f}");
        }
    }
}

#[test]
fn switched_off_exceptions_refuse_the_module_by_name() {
    let engine = Engine::new(Config {
        exceptions: false,
        ..Config::default()
    });
    let bytes = wat::parse_str(r#"(module (tag))"#).unwrap();
    let e = Module::new(&engine, &bytes).unwrap_err().to_string();
    assert!(e.contains("exception"), "{e}");
    let bytes = wat::parse_str(r#"(module (func (try_table)))"#).unwrap();
    let e = Module::new(&engine, &bytes).unwrap_err().to_string();
    assert!(e.contains("exception"), "{e}");
}
