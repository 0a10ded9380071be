//! Tests of the translator: the code it makes, and running it.

mod translation {
    use crate::{Engine, Module};

    /// The translated code of every defined function of a module.
    pub(crate) fn dump(wat: &str) -> Vec<Vec<crate::interp::isa::Op>> {
        let bytes = wat::parse_str(wat).unwrap();
        let m = Module::new(&Engine::default(), &bytes).unwrap();
        m.inner
            .code
            .interp_as::<crate::interp::InterpCode>()
            .unwrap()
            .funcs
            .iter()
            .map(|c| c.ops.to_vec())
            .collect()
    }

    use crate::interp::isa::Op;

    /// Operands come straight from locals and constants: no copies.
    #[test]
    fn locals_and_constants_are_read_in_place() {
        let code = dump(
            "(func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
             (func (param i32) (result i32) (i32.mul (local.get 0) (i32.const 7)))",
        );
        assert_eq!(
            code[0],
            vec![Op::I32Add { dst: 2, a: 0, b: 1 }, Op::Return1 { src: 2 }]
        );
        // slot 1 holds the constant 7; temporaries start at 2
        assert_eq!(
            code[1],
            vec![Op::I32Mul { dst: 2, a: 0, b: 1 }, Op::Return1 { src: 2 }]
        );
    }

    /// Memory 0 keeps its own loads and stores; memory N's carry the index
    /// in an `Arg` after them, and a load of memory N still writes a local
    /// directly.
    #[test]
    fn memory_n_accesses_carry_their_memory() {
        let code = dump(
            "(memory 1) (memory 1) (memory 1)
             (func (param i32) (local i32)
                (local.set 1 (i32.load 2 offset=4 (local.get 0)))
                (i64.store8 1 (local.get 0) (i64.const 9))
                (i32.store (local.get 0) (i32.load (local.get 1))))",
        );
        assert_eq!(
            code[0],
            vec![
                Op::I32LoadMem {
                    dst: 1,
                    addr: 0,
                    offset: 4
                },
                Op::Arg { slot: 2 },
                Op::I64Store8Mem {
                    addr: 0,
                    value: 2,
                    offset: 0
                },
                Op::Arg { slot: 1 },
                Op::I32Load {
                    dst: 4,
                    addr: 1,
                    offset: 0
                },
                Op::I32Store {
                    addr: 0,
                    value: 4,
                    offset: 0
                },
                Op::Return,
            ]
        );
    }

    /// `local.set` of a computed value writes the local directly, but not
    /// when an older read of that local is still on the stack.
    #[test]
    fn local_set_retargets_unless_the_local_is_pending() {
        let code = dump(
            "(func (param i32) (local.set 0 (i32.add (local.get 0) (i32.const 1))))
             (func (param i32) (result i32)
                (local.get 0)
                (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                (local.get 0) (i32.add))",
        );
        assert_eq!(code[0], vec![Op::I32Add { dst: 0, a: 0, b: 1 }, Op::Return]);
        assert_eq!(
            code[1],
            vec![
                Op::I32Add { dst: 3, a: 0, b: 1 },
                Op::Copy { dst: 2, src: 0 },
                Op::Copy { dst: 0, src: 3 },
                Op::I32Add { dst: 2, a: 2, b: 0 },
                Op::Return1 { src: 2 },
            ]
        );
    }
}

mod runs {
    use crate::*;
    #[test]
    fn br_table_multi_value_run() {
        let bytes = wat::parse_str(
            r#"(func (export "f") (param i32) (result i32 i32)
                (i32.add (block (result i32 i32)
                    (br_table 0 1 0 (i32.const 50) (i32.const 51) (local.get 0))
                    (i32.const 51) (i32.const -3)))
                (i32.const 52))"#,
        )
        .unwrap();
        let engine = Engine::default();
        let m = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine);
        let i = Instance::new(&mut store, &m, &[]).unwrap();
        let f = i.get_func(&store, "f").unwrap();
        for (arg, want) in [
            (0, (101, 52)),
            (1, (50, 51)),
            (2, (101, 52)),
            (-3, (101, 52)),
        ] {
            let mut r = [Val::I32(0), Val::I32(0)];
            f.call(&mut store, &[Val::I32(arg)], &mut r).unwrap();
            assert_eq!((r[0].unwrap_i32(), r[1].unwrap_i32()), want, "arg {arg}");
        }
    }
}

mod fusion {
    use super::translation::dump;
    use crate::interp::isa::Op;

    /// A comparison feeding `br_if` or `if` becomes one compare-and-branch;
    /// `if` takes the inverse comparison to jump over its body.
    #[test]
    fn compare_and_branch_are_fused() {
        let code = dump(
            "(func (param i32 i32) (loop $l (br_if $l (i32.lt_s (local.get 0) (local.get 1)))))
             (func (param i32 i32) (result i32)
                (if (result i32) (i32.lt_u (local.get 0) (local.get 1))
                  (then (i32.const 1)) (else (i32.const 2))))",
        );
        assert_eq!(
            code[0][0],
            Op::BrI32LtS {
                a: 0,
                b: 1,
                target: 0
            }
        );
        assert!(
            matches!(code[1][0], Op::BrI32GeU { a: 0, b: 1, .. }),
            "{:?}",
            code[1]
        );
        // A comparison whose result is also needed is not fused.
        let code = dump(
            "(func (param i32) (result i32) (local i32)
                (block (br_if 0 (local.tee 1 (i32.eqz (local.get 0)))))
                (local.get 1))",
        );
        assert!(
            code[0].iter().any(|op| matches!(op, Op::I32Eqz { .. })),
            "{:?}",
            code[0]
        );
    }
}

mod simd {
    use crate::interp::isa::Op;
    use crate::{Config, Engine, Module, Tier};

    fn dump(wat: &str) -> Vec<Vec<Op>> {
        let bytes = wat::parse_str(wat).unwrap();
        let engine = Engine::new(Config {
            tier: Tier::Interp,
            wasm_simd: true,
            ..Config::default()
        });
        let m = Module::new(&engine, &bytes).unwrap();
        let code = m.inner.code.interp_as::<crate::interp::InterpCode>();
        code.unwrap().funcs.iter().map(|c| c.ops.to_vec()).collect()
    }

    /// Vector operands are read from the first of their two slots in
    /// place (locals, temporaries); a shuffle's mask is a vector constant
    /// (slots 5, 6 here), named by the `Arg` after it.
    #[test]
    fn vector_operands_are_slot_pairs() {
        let code = dump(
            "(func (param v128 v128 i32) (result v128)
               (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                 (local.get 0) (i32x4.shl (local.get 1) (local.get 2))))",
        );
        assert_eq!(
            code[0],
            vec![
                Op::I32x4Shl { dst: 9, a: 2, b: 4 },
                Op::I8x16Shuffle { dst: 7, a: 0, b: 9 },
                Op::Arg { slot: 5 },
                Op::Copy { dst: 0, src: 7 },
                Op::Copy { dst: 1, src: 8 },
                Op::Return,
            ]
        );
    }

    /// A lane load takes its vector in an `Arg`; an extract gives one cell.
    #[test]
    fn lane_loads_and_extracts() {
        let code = dump(
            "(memory 1)
             (func (param i32 v128) (result i32)
               (i16x8.extract_lane_s 3 (v128.load16_lane offset=4 2 (local.get 0) (local.get 1))))",
        );
        assert_eq!(
            code[0],
            vec![
                Op::V128Load16Lane {
                    dst: 3,
                    addr: 0,
                    offset: 4,
                    lane: 2
                },
                Op::Arg { slot: 1 },
                Op::I16x8ExtractLaneS {
                    dst: 3,
                    src: 3,
                    lane: 3
                },
                Op::Return1 { src: 3 },
            ]
        );
    }

    /// `local.set`/`local.tee` of a computed vector: the instruction
    /// writes the local's two slots directly, unless an older read of the
    /// local is still on the stack.
    #[test]
    fn vector_results_go_straight_to_locals() {
        let code = dump(
            "(func (param v128 v128) (result v128) (local $t v128)
               (local.set 0 (f32x4.add (local.get 0) (local.get 1)))
               (local.set $t (v128.bitselect (local.get 0) (local.get 1) (local.get 0)))
               (local.get 0)
               (local.set 0 (i8x16.neg (local.get 1)))
               (drop)
               (local.tee 0 (i32x4.splat (i32.const 1))))",
        );
        assert_eq!(
            code[0],
            vec![
                Op::F32x4Add { dst: 0, a: 0, b: 2 },
                Op::V128Bitselect { dst: 4, a: 0, b: 2 },
                Op::Arg { slot: 0 },
                Op::I8x16Neg { dst: 9, src: 2 },
                Op::Copy { dst: 7, src: 0 },
                Op::Copy { dst: 8, src: 1 },
                Op::Copy { dst: 0, src: 9 },
                Op::Copy { dst: 1, src: 10 },
                Op::I32x4Splat { dst: 0, src: 6 },
                Op::Copy { dst: 7, src: 0 },
                Op::Copy { dst: 8, src: 1 },
                Op::Copy { dst: 0, src: 7 },
                Op::Copy { dst: 1, src: 8 },
                Op::Return,
            ]
        );
    }
}
