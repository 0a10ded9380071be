//! Properties of module loading: no input makes `Module::new` panic, and
//! mutated valid modules compile, instantiate and run without panicking or
//! hanging.
//!
//! Hangs are ruled out by construction rather than by a timer (the runtime
//! has no fuel or interruption yet): an exported function is called, and a
//! start function run, only when a static scan of the module shows that
//! execution must end: no `loop` opcode anywhere, and a call graph without
//! cycles (an indirect call counts as an edge to every function of the same
//! signature). Without loops and recursion, every call executes each
//! instruction of a body at most once. Memories and tables are capped small
//! in the engine config so that bulk operations stay cheap.

use ferrowasm::{Config, Engine, Instance, Module, Store, Val, ValType};
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::LazyLock;

const HEADER: &[u8] = b"\0asm\x01\0\0\0";

/// Small modules that between them use most of WebAssembly 2.0.
const SOURCES: &[&str] = &[
    // Memory, data, loads and stores of every width, grow and size.
    r#"(module
      (memory (export "mem") 1 4)
      (data (i32.const 8) "hello, world\00\01\02\03")
      (data $passive "passive bytes")
      (func (export "load") (param i32) (result i32)
        (i32.add (i32.load8_u offset=8 (local.get 0)) (i32.load16_s (local.get 0))))
      (func (export "store") (param i32 i64)
        (i64.store offset=16 align=4 (local.get 0) (local.get 1))
        (i32.store8 (local.get 0) (i32.wrap_i64 (local.get 1)))
        (f64.store offset=32 (local.get 0) (f64.convert_i64_s (local.get 1))))
      (func (export "grow") (param i32) (result i32 i32)
        (memory.grow (local.get 0)) (memory.size))
      (func (export "floats") (param f32 f64) (result f64)
        (f64.add (f64.promote_f32 (f32.sqrt (local.get 0)))
                 (f64.nearest (local.get 1)))))"#,
    // Tables, active elements and call_indirect.
    r#"(module
      (type $binop (func (param i32 i32) (result i32)))
      (table $t 4 8 funcref)
      (elem (i32.const 0) $add $sub $mul)
      (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
      (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
      (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
      (func (export "dispatch") (param $op i32) (result i32)
        (call_indirect $t (type $binop) (i32.const 7) (i32.const 3) (local.get $op)))
      (func (export "div") (param i32 i32) (result i32 i32)
        (i32.div_s (local.get 0) (local.get 1))
        (i32.rem_u (local.get 0) (local.get 1))))"#,
    // Globals, mutable and immutable, of all four number types.
    r#"(module
      (global $a (mut i32) (i32.const 1))
      (global $b (mut i64) (i64.const -2))
      (global $c f32 (f32.const 1.5))
      (global $d (export "d") (mut f64) (f64.const 2.5))
      (global $e i32 (i32.const 2))
      (func (export "bump") (result i32 i64)
        (global.set $a (i32.add (global.get $a) (global.get $e)))
        (global.set $b (i64.rotl (global.get $b) (i64.extend_i32_u (global.get $a))))
        (global.set $d (f64.div (global.get $d) (f64.promote_f32 (global.get $c))))
        (global.get $a) (global.get $b))
      (func (export "conv") (param f64) (result i32 i64)
        (i32.trunc_sat_f64_s (local.get 0)) (i64.trunc_f64_u (local.get 0))))"#,
    // Multi-value blocks, br_table, if/else, select.
    r#"(module
      (func $pair (param i32) (result i32 i32)
        (local.get 0) (i32.const 10))
      (func (export "multi") (param i32) (result i32)
        (block $outer (result i32)
          (block $b2 (result i32)
            (block $b1 (result i32)
              (local.get 0)
              (local.get 0)
              (br_table $b1 $b2 $outer))
            (i32.const 100) (i32.add) (br $outer))
          (i32.const 200) (i32.add)))
      (func (export "params") (param i32 i32) (result i32)
        (local.get 0) (local.get 1)
        (block (param i32 i32) (result i32) (i32.add)))
      (func (export "blocks") (param i32) (result i32 i32)
        (call $pair (local.get 0))
        (if (param i32 i32) (result i32 i32) (local.get 0)
          (then (i32.add) (i32.const 1))
          (else (i32.sub) (i32.const 2))))
      (func (export "sel") (param i32 i64 i64) (result i64)
        (select (local.get 1) (local.get 2) (local.get 0))))"#,
    // Bulk memory and bulk table operations.
    r#"(module
      (memory 1)
      (table 8 funcref)
      (data $d "0123456789abcdef")
      (elem $e func $f $g)
      (func $f (result i32) (i32.const 1))
      (func $g (result i32) (i32.const 2))
      (func (export "bulk") (param i32 i32 i32) (result i32)
        (memory.init $d (local.get 0) (i32.const 0) (i32.const 16))
        (memory.copy (local.get 1) (local.get 0) (local.get 2))
        (memory.fill (local.get 2) (i32.const 0xaa) (i32.const 32))
        (data.drop $d)
        (table.init $e (i32.const 0) (i32.const 0) (i32.const 2))
        (table.copy (i32.const 4) (i32.const 0) (i32.const 2))
        (elem.drop $e)
        (i32.load (local.get 1))))"#,
    // Reference types: ref.null, ref.func, ref.is_null, table.get/set/grow/fill.
    r#"(module
      (table $funcs 2 funcref)
      (table $exts 1 10 externref)
      (elem declare func $target)
      (func $target (result i32) (i32.const 5))
      (func (export "refs") (param i32) (result i32 i32 i32)
        (table.set $funcs (i32.const 0) (ref.func $target))
        (table.fill $exts (i32.const 0) (ref.null extern) (table.size $exts))
        (table.grow $exts (ref.null extern) (local.get 0))
        (ref.is_null (table.get $funcs (local.get 0)))
        (ref.is_null (select (result funcref) (ref.null func) (ref.func $target)
          (local.get 0))))
      (func (export "get_ref") (result funcref externref)
        (table.get $funcs (i32.const 0)) (ref.null extern)))"#,
    // A loop, recursion and a start function (never run by the property).
    r#"(module
      (global $n (mut i32) (i32.const 0))
      (func $start (global.set $n (i32.const 3)))
      (start $start)
      (func $count (export "count") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1))
      (func $rec (export "rec") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (call $rec (i32.sub (local.get 0) (i32.const 1)))))))"#,
    // A start function without loops (run by the property), and traps.
    r#"(module
      (memory 1)
      (global $g (mut i32) (i32.const 0))
      (func $init (global.set $g (i32.load (i32.const 0))))
      (start $init)
      (func (export "traps") (param i32 f32) (result i32)
        (drop (i32.trunc_f32_s (local.get 1)))
        (i32.load offset=65535 (local.get 0)))
      (func (export "unreachable") (unreachable)))"#,
];

static MODULES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|s| wat::parse_str(s).expect("test module parses"))
        .collect()
});

/// An engine with small limits, so that whatever a mutated module asks
/// for stays cheap.
fn small_engine() -> Engine {
    Engine::new(Config {
        max_memory_pages: 64,
        max_table_elements: 10_000,
        max_stack_bytes: 256 << 10,
        max_call_depth: 1_000,
        ..Default::default()
    })
}

/// What a static scan says about running a module's code.
struct Scan {
    /// Every execution of every function ends: no loop, no call cycle.
    terminates: bool,
    has_start: bool,
}

fn scan(bytes: &[u8]) -> Scan {
    scan_inner(bytes).unwrap_or(Scan {
        terminates: false,
        has_start: true,
    })
}

fn scan_inner(bytes: &[u8]) -> Option<Scan> {
    use wasmparser::{CompositeInnerType, Operator, Parser, Payload};
    // Signatures by type index, and each defined function's type index.
    let mut types: Vec<Option<(Vec<wasmparser::ValType>, Vec<wasmparser::ValType>)>> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut calls: Vec<Vec<u32>> = Vec::new(); // callee indices per function
    let mut indirect: Vec<Vec<u32>> = Vec::new(); // type indices per function
    let mut has_loop = false;
    let mut has_start = false;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.ok()? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.ok()?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                Some((f.params().to_vec(), f.results().to_vec()))
                            }
                            _ => None,
                        });
                    }
                }
            }
            // Modules with imports are never instantiated successfully here.
            Payload::ImportSection(r) if r.count() > 0 => return None,
            Payload::FunctionSection(r) => {
                for t in r {
                    func_types.push(t.ok()?);
                }
            }
            Payload::StartSection { .. } => has_start = true,
            Payload::CodeSectionEntry(body) => {
                let mut direct = Vec::new();
                let mut via_table = Vec::new();
                let mut ops = body.get_operators_reader().ok()?;
                while !ops.eof() {
                    match ops.read().ok()? {
                        Operator::Loop { .. } => has_loop = true,
                        Operator::Call { function_index }
                        | Operator::ReturnCall { function_index } => direct.push(function_index),
                        Operator::CallIndirect { type_index, .. }
                        | Operator::ReturnCallIndirect { type_index, .. }
                        | Operator::CallRef { type_index }
                        | Operator::ReturnCallRef { type_index } => via_table.push(type_index),
                        _ => {}
                    }
                }
                calls.push(direct);
                indirect.push(via_table);
            }
            _ => {}
        }
    }
    if has_loop {
        return Some(Scan {
            terminates: false,
            has_start,
        });
    }
    // Callees of each function: direct ones, and for an indirect call every
    // function whose signature equals the call's.
    let sig = |t: u32| types.get(t as usize).cloned().flatten();
    let mut by_sig: HashMap<_, Vec<u32>> = HashMap::new();
    for (f, &t) in func_types.iter().enumerate() {
        by_sig.entry(sig(t)?).or_default().push(f as u32);
    }
    let edges: Vec<Vec<u32>> = calls
        .iter()
        .zip(&indirect)
        .map(|(direct, via)| {
            let mut e = direct.clone();
            for &t in via {
                if let Some(fs) = sig(t).and_then(|s| by_sig.get(&s)) {
                    e.extend_from_slice(fs);
                }
            }
            e
        })
        .collect();
    Some(Scan {
        terminates: !has_cycle(&edges),
        has_start,
    })
}

/// Whether the directed graph has a cycle (iterative three-colour DFS).
fn has_cycle(edges: &[Vec<u32>]) -> bool {
    let n = edges.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&succ) = edges[node].get(*next) {
                *next += 1;
                let succ = succ as usize;
                if succ >= n {
                    continue; // an import; none are provided
                }
                match state[succ] {
                    1 => return true,
                    0 => {
                        state[succ] = 1;
                        path.push((succ, 0));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
            }
        }
    }
    false
}

/// Compile `bytes`; if that works, instantiate and call what is safe to run.
fn exercise(bytes: &[u8]) {
    let engine = small_engine();
    let Ok(module) = Module::new(&engine, bytes) else {
        return;
    };
    let scan = scan(bytes);
    if scan.has_start && !scan.terminates {
        return;
    }
    let mut store = Store::new(&engine);
    let Ok(instance) = Instance::new(&mut store, &module, &[]) else {
        return;
    };
    if !scan.terminates {
        return;
    }
    for (_, ext) in instance.exports(&store) {
        let Some(func) = ext.into_func() else {
            continue;
        };
        let ty = func.ty(&store);
        if ty.params().iter().any(|t| t.is_ref()) {
            continue;
        }
        let args: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        // Traps are fine; panics and hangs are not.
        let _ = func.call(&mut store, &args, &mut results);
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Set { at: usize, byte: u8 },
    Insert { at: usize, byte: u8 },
    Delete { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set { at, byte }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Delete { at }),
    ]
}

/// Apply mutations to a copy of `bytes`, positions taken modulo the length.
/// The 8-byte header is left alone most of the time so that the mutations
/// reach the sections.
fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in mutations {
        let len = b.len().max(1);
        let pos = |at: usize| {
            if len > 8 {
                8 + at % (len - 8)
            } else {
                at % len
            }
        };
        match *m {
            Mutation::Flip { at, bit } if !b.is_empty() => {
                let i = pos(at);
                b[i] ^= 1 << bit;
            }
            Mutation::Set { at, byte } if !b.is_empty() => {
                let i = pos(at);
                b[i] = byte;
            }
            Mutation::Insert { at, byte } => {
                let i = pos(at).min(b.len());
                b.insert(i, byte);
            }
            Mutation::Delete { at } if !b.is_empty() => {
                let i = pos(at);
                b.remove(i);
            }
            _ => {}
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let engine = Engine::default();
        let compiled = Module::new(&engine, &bytes);
        prop_assert!(compiled.is_ok() || compiled.is_err());
        if compiled.is_ok() {
            prop_assert!(Module::validate(&engine, &bytes).is_ok());
        }
    }

    #[test]
    fn arbitrary_sections_never_panic(body in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = HEADER.to_vec();
        bytes.extend_from_slice(&body);
        let engine = Engine::default();
        let compiled = Module::new(&engine, &bytes);
        prop_assert!(compiled.is_ok() || compiled.is_err());
        if compiled.is_ok() {
            prop_assert!(Module::validate(&engine, &bytes).is_ok());
        }
    }

}

proptest! {
    // Cheap (a few microseconds per case), and only about 5% of the mutants
    // still compile, so run many more cases than the minimum of 2,000.
    #![proptest_config(ProptestConfig::with_cases(50_000))]

    #[test]
    fn mutated_modules_never_panic(
        which in 0..SOURCES.len(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let bytes = mutate(&MODULES[which], &mutations);
        exercise(&bytes);
    }
}

/// The unmutated modules all compile, and the scan classifies them as
/// expected (only the one with a loop and recursion may not terminate).
#[test]
fn seed_modules_compile_and_run() {
    let engine = small_engine();
    for (i, bytes) in MODULES.iter().enumerate() {
        Module::new(&engine, bytes).unwrap_or_else(|e| panic!("module {i}: {e}"));
        let s = scan(bytes);
        assert_eq!(s.terminates, i != 6, "scan of module {i}");
        exercise(bytes);
    }
}

#[test]
fn scan_sees_cycles() {
    assert!(!has_cycle(&[vec![1], vec![2], vec![]]));
    assert!(has_cycle(&[vec![1], vec![2], vec![0]]));
    assert!(has_cycle(&[vec![0]]));
    assert!(!has_cycle(&[vec![1, 1, 5], vec![]]));
}

/// Returning a null externref through `Func::call`.
#[test]
fn null_externref_result() {
    let bytes =
        wat::parse_str(r#"(module (func (export "f") (result externref) (ref.null extern)))"#)
            .unwrap();
    let engine = Engine::default();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_func(&store, "f").unwrap();
    let mut r = [Val::I32(0)];
    f.call(&mut store, &[], &mut r).unwrap();
    assert_eq!(r[0], Val::ExternRef(None));
}

/// A memory of up to 65536 pages and a table far above the engine's limit:
/// compiling and instantiating succeed or fail cleanly, without aborting.
#[test]
fn huge_memory_and_table_limits() {
    let sources = [
        "(module (memory 1 65536) (table 100000000 funcref))",
        "(module (memory 1 65536))",
        "(module (memory 65536 65536))",
        "(module (table 100000000 funcref))",
        "(module (table 4294967295 externref))",
        r#"(module (memory (export "m") 0 65536)
             (func (export "grow") (result i32) (memory.grow (i32.const 65536))))"#,
    ];
    for src in sources {
        let bytes = wat::parse_str(src).unwrap();
        let engine = Engine::default();
        let Ok(module) = Module::new(&engine, &bytes) else {
            continue;
        };
        let mut store = Store::new(&engine);
        let Ok(instance) = Instance::new(&mut store, &module, &[]) else {
            continue;
        };
        if let Some(grow) = instance.get_func(&store, "grow") {
            let mut r = [Val::I32(0)];
            grow.call(&mut store, &[], &mut r).unwrap();
            // Either the whole 4 GiB was granted (old size 0) or refused (-1).
            assert!(matches!(r[0], Val::I32(0) | Val::I32(-1)), "{r:?}");
            assert_eq!(r[0].ty(), ValType::I32);
        }
    }
}
