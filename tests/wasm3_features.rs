//! Extended constant expressions and wide arithmetic beyond the spec
//! scripts: the same answers on every tier, and each `Config` switch
//! refusing a module that uses its feature with an error naming it.

use ferrowasm::*;

fn tiers() -> Vec<Tier> {
    if cfg!(feature = "jit") {
        vec![Tier::Interp, Tier::Jit, Tier::Auto]
    } else {
        vec![Tier::Interp]
    }
}

const WIDE: &str = r#"(module
  (import "env" "g" (global $g i64))
  (global $h i64 (i64.add (global.get $g) (i64.mul (i64.const 3) (i64.const 7))))
  (memory 1)
  (data (i32.add (i32.const 8) (i32.const 8)) "\2a")
  (func (export "h") (result i64) (global.get $h))
  (func (export "byte") (result i32) (i32.load8_u (i32.const 16)))
  (func (export "mul_s") (param i64 i64) (result i64 i64) (i64.mul_wide_s (local.get 0) (local.get 1)))
  (func (export "mul_u") (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1)))
  (func (export "add") (param i64 i64 i64 i64) (result i64 i64)
    (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "sub") (param i64 i64 i64 i64) (result i64 i64)
    (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3))))"#;

fn call(store: &mut Store, inst: &Instance, name: &str, args: &[i64], n: usize) -> Vec<i64> {
    let f = inst.get_func(store, name).expect(name);
    let args: Vec<Val> = args.iter().map(|&a| Val::I64(a)).collect();
    let mut out = vec![Val::I64(0); n];
    f.call(store, &args, &mut out).expect(name);
    out.iter()
        .map(|v| match v {
            Val::I64(x) => *x,
            Val::I32(x) => *x as i64,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn wide_arithmetic_and_extended_constants_on_every_tier() {
    let wasm = wat::parse_str(WIDE).unwrap();
    for tier in tiers() {
        let engine = Engine::new(Config {
            tier,
            tier_up_threshold: 1,
            ..Config::default()
        });
        let module = Module::new(&engine, &wasm).unwrap();
        let mut store = Store::new(&engine);
        let g = Global::new(
            &mut store,
            GlobalType::new(ValType::I64, Mutability::Const),
            Val::I64(5),
        )
        .unwrap();
        let inst = Instance::new(&mut store, &module, &[g.into()]).unwrap();
        // Twice: on `auto` the second call runs compiled.
        for _ in 0..2 {
            assert_eq!(call(&mut store, &inst, "h", &[], 1), [26], "{tier:?}");
            assert_eq!(call(&mut store, &inst, "byte", &[], 1), [42], "{tier:?}");
            assert_eq!(
                call(&mut store, &inst, "mul_s", &[-1, -1], 2),
                [1, 0],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "mul_u", &[-1, -1], 2),
                [1, -2],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "mul_s", &[-2, 3], 2),
                [-6, -1],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "add", &[-1, 0, 1, 0], 2),
                [0, 1],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "add", &[-1, -1, 1, 0], 2),
                [0, 0],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "sub", &[0, 0, 1, 0], 2),
                [-1, -1],
                "{tier:?}"
            );
            assert_eq!(
                call(&mut store, &inst, "sub", &[0, 1, 1, 0], 2),
                [-1, 0],
                "{tier:?}"
            );
        }
    }
}

#[test]
fn switched_off_features_are_refused_with_their_name() {
    let wide = wat::parse_str(
        r#"(module (func (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let ext =
        wat::parse_str(r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#).unwrap();
    for tier in tiers() {
        let on = Engine::new(Config {
            tier,
            ..Config::default()
        });
        assert!(Module::new(&on, &wide).is_ok());
        assert!(Module::new(&on, &ext).is_ok());
        let off = Engine::new(Config {
            tier,
            wide_arithmetic: false,
            extended_const: false,
            ..Config::default()
        });
        let e = Module::new(&off, &wide).unwrap_err().to_string();
        assert!(e.contains("unsupported feature: wide-arithmetic"), "{e}");
        assert!(Module::validate(&off, &wide).is_err());
        let e = Module::new(&off, &ext).unwrap_err().to_string();
        assert!(e.contains("constant expression required"), "{e}");
        assert!(e.contains("extended-const"), "{e}");
        let e = Module::validate(&off, &ext).unwrap_err().to_string();
        assert!(e.contains("extended-const"), "{e}");
    }
}
