//! Differential test: generated arithmetic / control-flow / memory / call
//! functions run on the interpreter and on the JIT must give identical
//! results and identical traps. Float results must be bit-identical, except
//! that two NaNs are equal (arithmetic NaN payloads are not deterministic
//! in the spec).
//!
//! Programs are built from a vector of choices (so proptest shrinks them
//! as plain data), by a small typed generator of WAT text.

#![cfg(feature = "jit")]

use ferrowasm::*;
use proptest::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    I32,
    I64,
    F32,
    F64,
}

impl T {
    fn name(self) -> &'static str {
        match self {
            T::I32 => "i32",
            T::I64 => "i64",
            T::F32 => "f32",
            T::F64 => "f64",
        }
    }
    fn param(self) -> u32 {
        match self {
            T::I32 => 0,
            T::I64 => 1,
            T::F32 => 2,
            T::F64 => 3,
        }
    }
}

const ALL: [T; 4] = [T::I32, T::I64, T::F32, T::F64];

struct Gen<'a> {
    c: &'a [u32],
    i: usize,
    /// Extra locals (name, type) declared by loops.
    locals: Vec<(String, T)>,
}

impl Gen<'_> {
    fn pick(&mut self, n: u32) -> u32 {
        let v = self.c.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        v % n
    }

    fn local(&mut self, t: T) -> String {
        let name = format!("$l{}", self.locals.len());
        self.locals.push((name.clone(), t));
        name
    }

    fn konst(&mut self, t: T) -> String {
        let r = self.c.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        let k = self.pick(12);
        match t {
            T::I32 => {
                let v: [i64; 12] = [
                    0,
                    1,
                    -1,
                    i32::MIN as i64,
                    i32::MAX as i64,
                    31,
                    32,
                    0x8000,
                    65535,
                    65536,
                    r as i32 as i64,
                    (r % 70000) as i64,
                ];
                format!("(i32.const {})", v[k as usize])
            }
            T::I64 => {
                let v: [i64; 12] = [
                    0,
                    1,
                    -1,
                    i64::MIN,
                    i64::MAX,
                    63,
                    64,
                    i32::MIN as i64,
                    u32::MAX as i64,
                    1 << 40,
                    (r as i64) << 17 ^ r as i64,
                    r as i64,
                ];
                format!("(i64.const {})", v[k as usize])
            }
            T::F32 => {
                let v: [u32; 12] = [
                    0,
                    0x8000_0000,
                    0x3f80_0000,
                    0xbf80_0000,
                    0x7f80_0000,
                    0xff80_0000,
                    0x7fc0_0000,
                    0x4f00_0000,
                    0xcf00_0000,
                    0x3f00_0000,
                    0x0000_0001,
                    r,
                ];
                let bits = v[k as usize];
                format!("(f32.reinterpret_i32 (i32.const {}))", bits as i32)
            }
            T::F64 => {
                let v: [u64; 12] = [
                    0,
                    0x8000_0000_0000_0000,
                    0x3ff0_0000_0000_0000,
                    0xbff0_0000_0000_0000,
                    0x7ff0_0000_0000_0000,
                    0xfff0_0000_0000_0000,
                    0x7ff8_0000_0000_0000,
                    0x43e0_0000_0000_0000,
                    0xc1e0_0000_0020_0000,
                    0x41df_ffff_ffc0_0000,
                    0x3fe0_0000_0000_0000,
                    (r as u64) << 32 | r as u64,
                ];
                let bits = v[k as usize];
                format!("(f64.reinterpret_i64 (i64.const {}))", bits as i64)
            }
        }
    }

    fn leaf(&mut self, t: T) -> String {
        if self.pick(2) == 0 {
            format!("(local.get {})", t.param())
        } else {
            self.konst(t)
        }
    }

    fn expr(&mut self, t: T, depth: u32) -> String {
        if depth == 0 || self.pick(5) == 0 {
            return self.leaf(t);
        }
        let d = depth - 1;
        // Constructs common to every type.
        match self.pick(12) {
            0 => {
                let (a, b) = (self.expr(t, d), self.expr(t, d));
                let c = self.expr(T::I32, d);
                return format!("(select {a} {b} {c})");
            }
            1 => {
                let c = self.expr(T::I32, d);
                let (a, b) = (self.expr(t, d), self.expr(t, d));
                return format!("(if (result {}) {c} (then {a}) (else {b}))", t.name());
            }
            2 => {
                let (a, b) = (self.expr(t, d), self.expr(t, d));
                let c = self.expr(T::I32, d);
                return format!(
                    "(block (result {tn}) (drop (br_if 0 {a} {c})) {b})",
                    tn = t.name()
                );
            }
            3 => return self.looped(t, d),
            4 if t == T::I32 || t == T::I64 => return self.memory(t, d),
            5 => return self.call(t, d),
            _ => {}
        }
        match t {
            T::I32 => self.i32_op(d),
            T::I64 => self.i64_op(d),
            T::F32 | T::F64 => self.float_op(t, d),
        }
    }

    /// A counted loop (1..=4 iterations) accumulating an expression.
    fn looped(&mut self, t: T, d: u32) -> String {
        let n = self.local(T::I32);
        let acc = self.local(t);
        let count = self.pick(4) + 1;
        let init = self.expr(t, d);
        let body = self.expr(t, d);
        let comb = match t {
            T::I32 | T::I64 => ["add", "xor", "mul"][self.pick(3) as usize],
            _ => ["add", "max", "mul"][self.pick(3) as usize],
        };
        let tn = t.name();
        format!(
            "(block (result {tn}) (local.set {n} (i32.const {count})) (local.set {acc} {init})
               (loop $L (local.set {acc} ({tn}.{comb} (local.get {acc}) {body}))
                 (local.set {n} (i32.sub (local.get {n}) (i32.const 1)))
                 (br_if $L (local.get {n})))
               (local.get {acc}))"
        )
    }

    /// A store followed by a load (addresses may be out of bounds).
    fn memory(&mut self, t: T, d: u32) -> String {
        let addr = format!("(i32.and {} (i32.const 0x1ffff))", self.expr(T::I32, d));
        let addr2 = format!("(i32.and {} (i32.const 0x1ffff))", self.expr(T::I32, d));
        let val = self.expr(t, d);
        let off = [0, 1, 7, 65530][self.pick(4) as usize];
        let tn = t.name();
        let (st, ld) = match t {
            T::I32 => (
                ["i32.store", "i32.store8", "i32.store16"][self.pick(3) as usize],
                [
                    "i32.load",
                    "i32.load8_s",
                    "i32.load8_u",
                    "i32.load16_s",
                    "i32.load16_u",
                ][self.pick(5) as usize],
            ),
            _ => (
                ["i64.store", "i64.store8", "i64.store16", "i64.store32"][self.pick(4) as usize],
                [
                    "i64.load",
                    "i64.load8_s",
                    "i64.load16_u",
                    "i64.load32_s",
                    "i64.load32_u",
                ][self.pick(5) as usize],
            ),
        };
        format!("(block (result {tn}) ({st} offset={off} {addr} {val}) ({ld} {addr2}))")
    }

    /// A call to the multi-value helper, directly or through the table.
    fn call(&mut self, t: T, d: u32) -> String {
        let a = self.expr(t, d);
        let b = self.expr(t, d);
        let tn = t.name();
        let pick = self.pick(2);
        let call = if pick == 0 {
            format!("(call $pair_{tn} {a} {b})")
        } else {
            let idx = self.pick(5); // 4 is out of the table's bounds
            format!("(call_indirect (type $pair_{tn}_t) {a} {b} (i32.const {idx}))")
        };
        format!("(block (result {tn}) {call} (drop))")
    }

    fn i32_op(&mut self, d: u32) -> String {
        const BIN: [&str; 15] = [
            "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl",
            "shr_s", "shr_u", "rotl", "rotr",
        ];
        const CMP: [&str; 10] = [
            "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
        ];
        const FCMP: [&str; 6] = ["eq", "ne", "lt", "gt", "le", "ge"];
        match self.pick(9) {
            0 | 1 => {
                let op = BIN[self.pick(15) as usize];
                format!(
                    "(i32.{op} {} {})",
                    self.expr(T::I32, d),
                    self.expr(T::I32, d)
                )
            }
            2 => {
                let t = [T::I32, T::I64][self.pick(2) as usize];
                let op = CMP[self.pick(10) as usize];
                format!(
                    "({}.{op} {} {})",
                    t.name(),
                    self.expr(t, d),
                    self.expr(t, d)
                )
            }
            3 => {
                let t = [T::F32, T::F64][self.pick(2) as usize];
                let op = FCMP[self.pick(6) as usize];
                format!(
                    "({}.{op} {} {})",
                    t.name(),
                    self.expr(t, d),
                    self.expr(t, d)
                )
            }
            4 => {
                let op = ["eqz", "clz", "ctz", "popcnt", "extend8_s", "extend16_s"]
                    [self.pick(6) as usize];
                format!("(i32.{op} {})", self.expr(T::I32, d))
            }
            5 => format!("(i32.wrap_i64 {})", self.expr(T::I64, d)),
            6 => format!("(i64.eqz {})", self.expr(T::I64, d)),
            _ => {
                let t = [T::F32, T::F64][self.pick(2) as usize];
                let op = ["trunc", "trunc_sat"][self.pick(2) as usize];
                let s = ["s", "u"][self.pick(2) as usize];
                format!("(i32.{op}_{}_{s} {})", t.name(), self.expr(t, d))
            }
        }
    }

    fn i64_op(&mut self, d: u32) -> String {
        const BIN: [&str; 15] = [
            "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl",
            "shr_s", "shr_u", "rotl", "rotr",
        ];
        match self.pick(6) {
            0 | 1 => {
                let op = BIN[self.pick(15) as usize];
                format!(
                    "(i64.{op} {} {})",
                    self.expr(T::I64, d),
                    self.expr(T::I64, d)
                )
            }
            2 => {
                let op = [
                    "clz",
                    "ctz",
                    "popcnt",
                    "extend8_s",
                    "extend16_s",
                    "extend32_s",
                ][self.pick(6) as usize];
                format!("(i64.{op} {})", self.expr(T::I64, d))
            }
            3 => {
                let op = ["extend_i32_s", "extend_i32_u"][self.pick(2) as usize];
                format!("(i64.{op} {})", self.expr(T::I32, d))
            }
            4 => format!("(i64.reinterpret_f64 (f64.abs {}))", self.expr(T::F64, d)),
            _ => {
                let t = [T::F32, T::F64][self.pick(2) as usize];
                let op = ["trunc", "trunc_sat"][self.pick(2) as usize];
                let s = ["s", "u"][self.pick(2) as usize];
                format!("(i64.{op}_{}_{s} {})", t.name(), self.expr(t, d))
            }
        }
    }

    fn float_op(&mut self, t: T, d: u32) -> String {
        let tn = t.name();
        match self.pick(5) {
            0 | 1 => {
                let op =
                    ["add", "sub", "mul", "div", "min", "max", "copysign"][self.pick(7) as usize];
                format!("({tn}.{op} {} {})", self.expr(t, d), self.expr(t, d))
            }
            2 => {
                let op = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"]
                    [self.pick(7) as usize];
                format!("({tn}.{op} {})", self.expr(t, d))
            }
            3 => {
                let from = [T::I32, T::I64][self.pick(2) as usize];
                let s = ["s", "u"][self.pick(2) as usize];
                format!("({tn}.convert_{}_{s} {})", from.name(), self.expr(from, d))
            }
            _ => {
                if t == T::F32 {
                    format!("(f32.demote_f64 {})", self.expr(T::F64, d))
                } else {
                    format!("(f64.promote_f32 {})", self.expr(T::F32, d))
                }
            }
        }
    }
}

fn helpers() -> String {
    let mut s = String::new();
    for t in ALL {
        let tn = t.name();
        let op = match t {
            T::I32 | T::I64 => "sub",
            _ => "mul",
        };
        s += &format!(
            "(type $pair_{tn}_t (func (param {tn} {tn}) (result {tn} {tn})))
             (func $pair_{tn} (type $pair_{tn}_t) (local.get 1) ({tn}.{op} (local.get 0) (local.get 1)))\n"
        );
    }
    // Table slots: the right helper per type at 0..3 (so most indirect
    // calls with another type mismatch), one empty slot at 3.
    s += "(table 4 funcref) (elem (i32.const 0) $pair_i32 $pair_i64 $pair_f32)\n";
    s
}

/// A module with `f` returning the generated expression and an i64 one.
fn program(choices: &[u32], ty: T) -> String {
    let mut g = Gen {
        c: choices,
        i: 0,
        locals: Vec::new(),
    };
    let main = g.expr(ty, 5);
    let second = g.expr(T::I64, 3);
    let locals: String = g
        .locals
        .iter()
        .map(|(n, t)| format!("(local {n} {})", t.name()))
        .collect();
    format!(
        "(module (memory 1) {}
           (func (export \"f\") (param i32 i64 f32 f64) (result {} i64) {locals}
             {main} {second}))",
        helpers(),
        ty.name()
    )
}

type Outcome = Result<Vec<Val>, (TrapCode, String)>;

fn run(tier: Tier, wasm: &[u8], args: &[Val]) -> Outcome {
    let engine = Engine::new(Config {
        tier,
        ..Config::default()
    });
    let module = Module::new(&engine, wasm).expect("generated module compiles");
    let mut store = Store::new(&engine);
    let inst = Instance::new(&mut store, &module, &[]).expect("instantiates");
    let f = inst.get_func(&store, "f").unwrap();
    let ty = f.ty(&store);
    let mut r: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    match f.call(&mut store, args, &mut r) {
        Ok(()) => Ok(r),
        Err(e) => {
            let t = e.as_trap().expect("only traps");
            Err((t.code(), t.message().to_string()))
        }
    }
}

fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::F32(x), Val::F32(y)) => {
            x == y || (f32::from_bits(*x).is_nan() && f32::from_bits(*y).is_nan())
        }
        (Val::F64(x), Val::F64(y)) => {
            x == y || (f64::from_bits(*x).is_nan() && f64::from_bits(*y).is_nan())
        }
        _ => a == b,
    }
}

fn check(choices: &[u32], ty: T, args: [Val; 4]) -> Result<(), TestCaseError> {
    let wat = program(choices, ty);
    let wasm = wat::parse_str(&wat).map_err(|e| TestCaseError::fail(format!("{e}\n{wat}")))?;
    let a = run(Tier::Interp, &wasm, &args);
    let b = run(Tier::Jit, &wasm, &args);
    let agree = match (&a, &b) {
        (Ok(x), Ok(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Err(x), Err(y)) => x == y,
        _ => false,
    };
    prop_assert!(agree, "interp {a:?} != jit {b:?}\nargs {args:?}\n{wat}");
    Ok(())
}

fn arg_strategy() -> impl Strategy<Value = [Val; 4]> {
    (
        prop_oneof![Just(0i32), Just(-1), Just(i32::MIN), any::<i32>()],
        prop_oneof![Just(0i64), Just(-1), Just(i64::MIN), any::<i64>()],
        prop_oneof![Just(0x7fc0_0000u32), Just(0x8000_0000), any::<u32>()],
        prop_oneof![Just(0x7ff8_0000_0000_0000u64), Just(1), any::<u64>()],
    )
        .prop_map(|(a, b, c, d)| [Val::I32(a), Val::I64(b), Val::F32(c), Val::F64(d)])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn interp_and_jit_agree(
        choices in proptest::collection::vec(any::<u32>(), 1..120),
        ty in 0usize..4,
        args in arg_strategy(),
    ) {
        check(&choices, ALL[ty], args)?;
    }
}
