//! Translation of one validated function body into interpreter code.
//!
//! One pass per body. The body was validated with the module
//! (`runtime::module`), so the translator may trust its input.
//!
//! The wasm operand stack is mapped to frame slots statically. The operand at
//! stack position `p` lives in slot `temp_base + p` once it is materialised;
//! until then `local.get` and constants are kept as references to their own
//! slots (the "provider" stack), so `local.get 0; local.get 1; i32.add`
//! becomes one `I32Add` reading slots 0 and 1.
//!
//! Positions and slots count 64-bit cells: a `v128` value is two stack
//! entries (low half, then high half, marked in `hi`), in two consecutive
//! slots whenever an instruction reads it as a whole (locals, constants
//! and temporaries all keep the halves together), so the call buffer, the
//! frame and the operand stack share one layout (`runtime::values`).
//!
//! Invariants the executor relies on:
//! - a `Temp` operand at position `p` is always in slot `temp_base + p`;
//! - at every label (block end, loop head, else) every operand below the
//!   label's values is a `Temp` or a constant, never a `Local` (locals may
//!   change on one path and not the other);
//! - call arguments are consecutive temporaries; the callee's frame starts at
//!   the first of them and its results come back in the same slots.

use super::exn::Handler;
use super::isa::*;
use crate::runtime::error::Error;
use crate::runtime::metering::FuelSegments;
use crate::runtime::module::memarg_memory;
use crate::runtime::types::{FuncType, GlobalType, MemoryType, TableType, ValType};
use std::collections::HashMap;
use wasmparser::{BlockType, FunctionBody, MemArg, Operator};

/// A translated function.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    pub ops: Box<[Op]>,
    /// Module byte offset of the operator each op came from.
    pub offsets: Box<[u32]>,
    /// Cells the parameters take (a `v128` two).
    pub num_params: u32,
    /// Cells the results take.
    pub num_results: u32,
    /// Constants, in slots `num_params + num_locals ..`.
    pub consts: Box<[u64]>,
    /// What a new frame's slots `num_params..` start as: the declared locals
    /// (zero) followed by the constants, so entry is one copy.
    pub init: Box<[u64]>,
    /// Cells the frame occupies.
    pub frame_size: u32,
    /// Module offset of the function body (for frame offsets).
    pub body_offset: u32,
    /// Exception handlers (`interp::exn`), in the order their
    /// constructs open.
    pub handlers: Box<[Handler]>,
}

impl CompiledFunc {
    /// The body of a function another tier runs (never entered).
    pub(crate) fn not_here() -> CompiledFunc {
        CompiledFunc {
            ops: Box::new([Op::Unreachable]),
            offsets: Box::new([0]),
            num_params: 0,
            num_results: 0,
            consts: Box::default(),
            init: Box::default(),
            frame_size: 1,
            body_offset: 0,
            handlers: Box::default(),
        }
    }

    /// The frame layout and one line per instruction: its index, the
    /// module offset it came from, and the instruction as the op table
    /// defines it (the `Debug` form derived from `isa::Op`).
    pub fn disassemble(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let (p, c) = (self.num_params, self.consts.len() as u32);
        let locals = self.init.len() as u32 - c;
        let _ = writeln!(
            s,
            "  frame: {} cells (params 0..{p}, locals ..{}, constants ..{}, temporaries ..{})",
            self.frame_size,
            p + locals,
            p + locals + c,
            self.frame_size
        );
        for (i, v) in self.consts.iter().enumerate() {
            let _ = writeln!(s, "  const [{}] = 0x{v:x}", p + locals + i as u32);
        }
        for (i, (op, at)) in self.ops.iter().zip(self.offsets.iter()).enumerate() {
            let _ = writeln!(s, "  {i:>5} @0x{at:06x}  {op:?}");
        }
        s
    }
}

/// What the translator needs to know about the module.
pub(crate) struct ModuleEnv<'a> {
    pub types: &'a [FuncType],
    /// Type index of every function in the index space.
    pub func_types: &'a [u32],
    pub num_imported_funcs: u32,
    pub globals: &'a [GlobalType],
    /// Emit `Fuel` charges (`Config::consume_fuel`).
    pub consume_fuel: bool,
    pub memories: &'a [MemoryType],
    pub tables: &'a [TableType],
    /// Type index of each tag.
    pub tags: &'a [u32],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operand {
    Local(u32),
    Const(u32),
    Temp,
}

/// A branch condition: a slot, or a comparison not yet emitted.
enum Condition {
    Slot(Slot),
    Compare(Op),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CtrlKind {
    Block,
    Loop,
    If,
    Else,
    Func,
    /// The body of a `try_table`.
    TryTable,
    /// The body of a legacy `try`.
    Try,
    /// A legacy `catch` / `catch_all` body.
    Catch,
}

struct Ctrl {
    kind: CtrlKind,
    /// The block's type (what its parameters and results are).
    blockty: BlockType,
    /// Stack position of the first parameter (= of the first result at the end).
    height: u32,
    params: u32,
    results: u32,
    /// For loops: the instruction index of the head.
    head: u32,
    /// Jumps to patch with the end label.
    branches: Vec<usize>,
    /// For `if`: the conditional jump to patch with the else/end label.
    else_jump: Option<usize>,
    /// Whether the end of this construct can be reached at all.
    end_reachable: bool,
    /// `try_table` / legacy `try`: its entry in the handler table.
    handler: u32,
    /// `try_table`: its catch clauses (landing pads are emitted at `end`).
    catches: Vec<wasmparser::Catch>,
}

impl Ctrl {
    fn label_arity(&self) -> u32 {
        if self.kind == CtrlKind::Loop {
            self.params
        } else {
            self.results
        }
    }
}

struct Translator<'a> {
    env: &'a ModuleEnv<'a>,
    ops: Vec<Op>,
    offsets: Vec<u32>,
    stack: Vec<Operand>,
    /// For each stack entry: whether it is the high half of a `v128`.
    hi: Vec<bool>,
    /// Slot of each local (parameters first) when a `v128` makes them
    /// differ from the local index; empty when slot == index.
    local_slots: Box<[u32]>,
    /// Which locals are `v128` (empty when none is).
    local_wide: Box<[bool]>,
    /// The lower of the two consecutive constant slots of each `v128.const`.
    v128_slots: HashMap<u128, u32>,
    ctrl: Vec<Ctrl>,
    /// How many `Operand::Local` entries are on the stack (skip scans when 0).
    local_refs: u32,
    temp_base: u32,
    max_height: u32,
    const_slots: HashMap<u64, u32>,
    reachable: bool,
    /// Depth of constructs opened while unreachable (skipped entirely).
    dead_depth: u32,
    /// Index of the last op if it wrote a fresh temporary that may be retargeted.
    retarget: Option<usize>,
    /// Fuel segments (`runtime::metering`): the index of the current
    /// segment's `Fuel` instruction. `None` without fuel metering.
    fuel: Option<FuelSegments<usize>>,
    offset: u32,
    /// Exception handlers (`interp::exn`).
    handlers: Vec<Handler>,
}

/// Translate one validated function body.
pub(crate) fn translate(
    env: &ModuleEnv<'_>,
    body: &FunctionBody<'_>,
    func_index: u32,
) -> Result<CompiledFunc, Error> {
    let ty = &env.types[env.func_types[func_index as usize] as usize];
    let num_params = ty.param_cells() as u32;
    let num_results = ty.result_cells() as u32;

    let mut locals_reader = body
        .get_locals_reader()
        .map_err(|e| Error::from_wasmparser(e, false))?;
    // Cells of the declared locals, and their layout if a v128 is among
    // the parameters and locals.
    let mut num_locals: u64 = 0;
    let mut groups: Vec<(u32, bool)> = Vec::new();
    for _ in 0..locals_reader.get_count() {
        let (count, t) = locals_reader
            .read()
            .map_err(|e| Error::from_wasmparser(e, false))?;
        let is_v128 = t == wasmparser::ValType::V128;
        num_locals += count as u64 * if is_v128 { 2 } else { 1 };
        groups.push((count, is_v128));
    }
    let any_wide = ty.params().contains(&ValType::V128) || groups.iter().any(|g| g.1);
    let wide: Vec<bool> = if any_wide {
        ty.params()
            .iter()
            .map(|t| *t == ValType::V128)
            .chain(
                groups
                    .iter()
                    .flat_map(|&(n, w)| std::iter::repeat_n(w, n as usize)),
            )
            .collect()
    } else {
        Vec::new()
    };
    // The validator limits locals to 50,000 in total, so this fits.
    let num_locals = num_locals as u32;
    let (local_slots, local_wide): (Box<[u32]>, Box<[bool]>) = if any_wide {
        let mut at = 0u32;
        let slots = wide
            .iter()
            .map(|&w| {
                let here = at;
                at += if w { 2 } else { 1 };
                here
            })
            .collect();
        (slots, wide.into())
    } else {
        (Box::default(), Box::default())
    };

    // Pre-scan the constants so the frame layout is known before translation.
    let mut consts: Vec<u64> = Vec::new();
    let mut const_slots = HashMap::new();
    let mut v128_slots = HashMap::new();
    let const_base = num_params + num_locals;
    if let Ok(mut r) = body.get_operators_reader() {
        while let Ok(op) = r.read() {
            let v = match op {
                Operator::V128Const { .. } | Operator::I8x16Shuffle { .. } => {
                    let v = match op {
                        Operator::V128Const { value } => value.i128() as u128,
                        Operator::I8x16Shuffle { lanes } => u128::from_le_bytes(lanes),
                        _ => unreachable!(),
                    };
                    v128_slots.entry(v).or_insert_with(|| {
                        consts.extend([v as u64, (v >> 64) as u64]);
                        const_base + consts.len() as u32 - 2
                    });
                    continue;
                }
                Operator::I32Const { value } => value as u32 as u64,
                Operator::I64Const { value } => value as u64,
                Operator::F32Const { value } => value.bits() as u64,
                Operator::F64Const { value } => value.bits(),
                Operator::RefNull { .. } => 0,
                _ => continue,
            };
            const_slots.entry(v).or_insert_with(|| {
                consts.push(v);
                const_base + consts.len() as u32 - 1
            });
        }
    }

    let mut t = Translator {
        env,
        ops: Vec::new(),
        offsets: Vec::new(),
        stack: Vec::new(),
        hi: Vec::new(),
        local_slots,
        local_wide,
        v128_slots,
        ctrl: Vec::new(),
        local_refs: 0,
        temp_base: const_base + consts.len() as u32,
        max_height: 0,
        const_slots,
        reachable: true,
        dead_depth: 0,
        retarget: None,
        fuel: env.consume_fuel.then(FuelSegments::default),
        offset: body.range().start as u32,
        handlers: Vec::new(),
    };
    t.ctrl.push(Ctrl {
        kind: CtrlKind::Func,
        blockty: BlockType::Empty,
        height: 0,
        params: 0,
        results: num_results,
        head: 0,
        branches: Vec::new(),
        else_jump: None,
        end_reachable: false,
        handler: super::exn::NONE,
        catches: Vec::new(),
    });

    let mut reader = body
        .get_operators_reader()
        .map_err(|e| Error::from_wasmparser(e, false))?;
    while !reader.eof() {
        let (op, offset) = reader
            .read_with_offset()
            .map_err(|e| Error::from_wasmparser(e, false))?;
        t.offset = offset as u32;
        t.metered_operator(&op)?;
    }
    reader
        .finish()
        .map_err(|e| Error::from_wasmparser(e, false))?;

    let frame_size = t.temp_base + t.max_height + 1;
    let init: Box<[u64]> = std::iter::repeat_n(0, num_locals as usize)
        .chain(consts.iter().copied())
        .collect();
    Ok(CompiledFunc {
        init,
        ops: t.ops.into_boxed_slice(),
        offsets: t.offsets.into_boxed_slice(),
        num_params,
        num_results,
        consts: consts.into_boxed_slice(),
        frame_size,
        body_offset: body.range().start as u32,
        handlers: t.handlers.into_boxed_slice(),
    })
}

macro_rules! bin_arms {
    ($t:ident $op:ident [$($name:ident $f:ident),* $(,)?]) => {
        match $op {
            $( Operator::$name => return { $t.binary(|dst, a, b| Op::$name { dst, a, b }); Ok(true) }, )*
            _ => {}
        }
    };
}
macro_rules! un_arms {
    ($t:ident $op:ident [$($name:ident $f:ident),* $(,)?]) => {
        match $op {
            $( Operator::$name => return { $t.unary(|dst, src| Op::$name { dst, src }); Ok(true) }, )*
            _ => {}
        }
    };
}
macro_rules! load_arms {
    ($t:ident $op:ident [$($name:ident $namem:ident $ty:ty [$conv:expr]),* $(,)?]) => {
        match $op {
            $( Operator::$name { memarg } => return {
                let offset = $t.mem_offset(memarg, 0);
                match memarg_memory(memarg) {
                    0 => $t.unary(|dst, addr| Op::$name { dst, addr, offset }),
                    mem => {
                        $t.unary(|dst, addr| Op::$namem { dst, addr, offset });
                        // The load stays retargetable past its operand.
                        let load = $t.retarget;
                        $t.emit(Op::Arg { slot: mem });
                        $t.retarget = load;
                    }
                }
                Ok(true)
            }, )*
            _ => {}
        }
    };
}
macro_rules! store_arms {
    ($t:ident $op:ident [$($name:ident $namem:ident $ty:ty),* $(,)?]) => {
        match $op {
            $( Operator::$name { memarg } => return {
                let offset = $t.mem_offset(memarg, 1);
                let value = $t.pop_slot();
                let addr = $t.pop_slot();
                match memarg_memory(memarg) {
                    0 => $t.emit(Op::$name { addr, value, offset }),
                    mem => {
                        $t.emit(Op::$namem { addr, value, offset });
                        $t.emit(Op::Arg { slot: mem })
                    }
                };
                Ok(true)
            }, )*
            _ => {}
        }
    };
}

impl Translator<'_> {
    /// The offset immediate of an access through `memarg` whose address
    /// is `depth` entries below the top of the stack. For a 64-bit memory
    /// this emits `Addr64`, which replaces the address by the checked
    /// effective address (below 4 GiB), and the access gets offset 0: the
    /// instructions of 32-bit memories stay as they are.
    pub(super) fn mem_offset(&mut self, memarg: &MemArg, depth: usize) -> u32 {
        let mem = memarg_memory(memarg);
        if !self.env.memories[mem as usize].is64() {
            return memarg.offset as u32;
        }
        let pos = self.stack.len() - 1 - depth;
        let addr = self.slot_of(pos);
        let dst = self.temp(pos);
        if let Operand::Local(_) = self.stack[pos] {
            self.local_refs -= 1;
        }
        self.stack[pos] = Operand::Temp;
        self.emit(Op::Addr64 { dst, addr, mem });
        self.emit(Op::Arg {
            slot: memarg.offset as u32,
        });
        self.emit(Op::Arg {
            slot: (memarg.offset >> 32) as u32,
        });
        0
    }

    /// For a table64, replace the index `depth` entries below the top of
    /// the stack by its saturation to u32 (`Index64`): no table has 2^32 - 1
    /// elements, so it is out of bounds exactly when the index is.
    fn table_index(&mut self, table: u32, depth: usize) {
        if !self.env.tables[table as usize].index.is64() {
            return;
        }
        let pos = self.stack.len() - 1 - depth;
        let src = self.slot_of(pos);
        let dst = self.temp(pos);
        if let Operand::Local(_) = self.stack[pos] {
            self.local_refs -= 1;
        }
        self.stack[pos] = Operand::Temp;
        self.emit(Op::Index64 { dst, src });
    }

    /// A memory's index with `WIDE` set if it is 64-bit (the operands of
    /// the bulk operators and `memory.grow` are read as i64 then).
    fn wide_memory(&self, mem: u32) -> u32 {
        mem | if self.env.memories[mem as usize].is64() {
            WIDE
        } else {
            0
        }
    }

    /// A table's index with `WIDE` set if it is a table64.
    fn wide_table(&self, table: u32) -> u32 {
        table
            | if self.env.tables[table as usize].index.is64() {
                WIDE
            } else {
                0
            }
    }

    fn emit(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.offsets.push(self.offset);
        self.retarget = None;
        self.ops.len() - 1
    }

    fn here(&self) -> u32 {
        self.ops.len() as u32
    }

    fn temp(&self, pos: usize) -> Slot {
        self.temp_base + pos as u32
    }

    fn slot_of(&self, pos: usize) -> Slot {
        match self.stack[pos] {
            Operand::Local(i) => i,
            Operand::Const(s) => s,
            Operand::Temp => self.temp(pos),
        }
    }

    fn push(&mut self, o: Operand) {
        self.push_cell(o, false);
    }

    /// Push one cell; `hi`: it is the high half of a `v128`.
    fn push_cell(&mut self, o: Operand, hi: bool) {
        if let Operand::Local(_) = o {
            self.local_refs += 1;
        }
        self.stack.push(o);
        self.hi.push(hi);
        self.max_height = self.max_height.max(self.stack.len() as u32);
    }

    /// Push fresh temporaries for values of `types`.
    fn push_temps_of(&mut self, types: &[ValType]) {
        for t in types {
            self.push(Operand::Temp);
            if *t == ValType::V128 {
                self.push_cell(Operand::Temp, true);
            }
        }
    }

    /// Push a fresh temporary and return its slot.
    fn push_temp(&mut self) -> Slot {
        self.push(Operand::Temp);
        self.temp(self.stack.len() - 1)
    }

    fn pop(&mut self) -> Operand {
        let o = self
            .stack
            .pop()
            .expect("validated: operand stack underflow");
        self.hi.pop();
        if let Operand::Local(_) = o {
            self.local_refs -= 1;
        }
        o
    }

    /// Pop the top operand and return the slot it can be read from.
    fn pop_slot(&mut self) -> Slot {
        let s = self.slot_of(self.stack.len() - 1);
        self.pop();
        s
    }

    /// Copy the operand at `pos` into its temporary slot.
    fn materialize(&mut self, pos: usize) {
        let o = self.stack[pos];
        if o != Operand::Temp {
            let src = self.slot_of(pos);
            let dst = self.temp(pos);
            self.emit(Op::Copy { dst, src });
            if let Operand::Local(_) = o {
                self.local_refs -= 1;
            }
            self.stack[pos] = Operand::Temp;
        }
    }

    fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for pos in len - n..len {
            self.materialize(pos);
        }
    }

    /// Materialise every stacked reference to a local (before a label).
    fn materialize_locals(&mut self) {
        if self.local_refs == 0 {
            return;
        }
        for pos in 0..self.stack.len() {
            if let Operand::Local(_) = self.stack[pos] {
                self.materialize(pos);
            }
        }
    }

    /// Materialise stacked references to local `idx` (before writing it).
    fn materialize_local(&mut self, idx: u32, below: usize) {
        if self.local_refs == 0 {
            return;
        }
        for pos in 0..below {
            if self.stack[pos] == Operand::Local(idx) {
                self.materialize(pos);
            }
        }
    }

    fn binary(&mut self, f: impl FnOnce(Slot, Slot, Slot) -> Op) {
        let b = self.pop_slot();
        let a = self.pop_slot();
        let dst = self.push_temp();
        let i = self.emit(f(dst, a, b));
        self.retarget = Some(i);
    }

    fn unary(&mut self, f: impl FnOnce(Slot, Slot) -> Op) {
        let a = self.pop_slot();
        let dst = self.push_temp();
        let i = self.emit(f(dst, a));
        self.retarget = Some(i);
    }

    fn const_operand(&mut self, v: u64) {
        let slot = self.const_slots[&v];
        self.push(Operand::Const(slot));
    }

    fn v128_const(&mut self, v: u128) {
        let slot = self.v128_slots[&v];
        self.push(Operand::Const(slot));
        self.push_cell(Operand::Const(slot + 1), true);
    }

    fn call(&mut self, ty: &FuncType, make: impl FnOnce(Slot) -> Op, extra: usize) {
        let n = ty.param_cells() + extra;
        self.materialize_top(n);
        let base_pos = self.stack.len() - n;
        let base = self.temp(base_pos);
        for _ in 0..n {
            self.pop();
        }
        self.emit(make(base));
        self.push_temps_of(ty.results());
        // The callee's frame may need cells beyond our results (host calls use
        // max(params, results) cells at `base`).
        self.max_height = self.max_height.max((base_pos + ty.cells()) as u32);
    }

    /// `call` / `return_call` (`tail`) of function `function_index`.
    fn direct_call(&mut self, function_index: u32, tail: bool) {
        let ty = self.env.types[self.env.func_types[function_index as usize] as usize].clone();
        let imported = self.env.num_imported_funcs;
        if function_index < imported {
            let func = function_index;
            self.call(
                &ty,
                |base| match tail {
                    false => Op::CallImport { func, base },
                    true => Op::ReturnCallImport { func, base },
                },
                0,
            );
        } else {
            let func = function_index - imported;
            self.call(
                &ty,
                |base| match tail {
                    false => Op::Call { func, base },
                    true => Op::ReturnCall { func, base },
                },
                0,
            );
        }
    }

    /// `call_indirect` / `return_call_indirect` (`tail`).
    fn indirect_call(&mut self, type_idx: u32, table: u32, tail: bool) {
        self.table_index(table, 0);
        let ty = self.env.types[type_idx as usize].clone();
        self.call(
            &ty,
            |base| match tail {
                false => Op::CallIndirect {
                    base,
                    type_idx,
                    table,
                },
                true => Op::ReturnCallIndirect {
                    base,
                    type_idx,
                    table,
                },
            },
            1,
        );
    }

    /// Operators that take `n` operands in consecutive slots.
    fn bulk(&mut self, n: usize, make: impl FnOnce(Slot) -> Op) {
        self.materialize_top(n);
        let base = self.temp(self.stack.len() - n);
        for _ in 0..n {
            self.pop();
        }
        self.emit(make(base));
    }

    /// `operator` with fuel charges: a segment's first costly instruction
    /// is preceded by its `Fuel` charge, patched with the segment's cost
    /// when the segment ends. (The charge keeps a pending retarget: it
    /// touches no slot.)
    fn metered_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        let Some(fuel) = &mut self.fuel else {
            return self.operator(op);
        };
        if self.reachable && fuel.before(op) {
            let retarget = self.retarget;
            let at = self.emit(Op::Fuel { cost: 0 });
            self.retarget = retarget;
            if let Some(f) = &mut self.fuel {
                f.opened(at);
            }
        }
        self.operator(op)?;
        if let Some((at, cost)) = self.fuel.as_mut().and_then(|f| f.after(op)) {
            // A segment is at most one function body long: far below u32.
            self.ops[at] = Op::Fuel { cost: cost as u32 };
        }
        Ok(())
    }

    fn operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        if !self.reachable {
            return self.dead_operator(op);
        }
        if self.numeric(op)? || self.memory_table(op) {
            return Ok(());
        }
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.emit(Op::Unreachable);
                self.set_unreachable();
            }
            Operator::Block { blockty } => {
                let arity = self.prepare_block(blockty);
                self.push_ctrl(CtrlKind::Block, blockty, arity);
            }
            Operator::Loop { blockty } => {
                let arity = self.prepare_block(blockty);
                self.push_ctrl(CtrlKind::Loop, blockty, arity);
            }
            Operator::If { blockty } => {
                // The compare's operands are not touched by `prepare_block`:
                // it only writes temporaries below the condition's position.
                let cond = self.pop_condition();
                let arity = self.prepare_block(blockty);
                let at = self.cond_branch(cond, false, u32::MAX);
                let c = self.push_ctrl(CtrlKind::If, blockty, arity);
                c.else_jump = Some(at);
            }
            Operator::Else => self.else_(),
            Operator::End => self.end(),
            Operator::TryTable { ref try_table } => self.try_table(try_table),
            Operator::Try { blockty } => self.legacy_try(blockty),
            Operator::Catch { tag_index } => self.legacy_catch(Some(tag_index)),
            Operator::CatchAll => self.legacy_catch(None),
            Operator::Delegate { relative_depth } => self.delegate(relative_depth),
            Operator::Rethrow { relative_depth } => self.rethrow(relative_depth),
            Operator::Throw { tag_index } => self.throw(tag_index),
            Operator::ThrowRef => {
                let src = self.pop_slot();
                self.emit(Op::ThrowRef { src });
                self.set_unreachable();
            }
            Operator::Br { relative_depth } => {
                self.branch(relative_depth as usize);
                self.set_unreachable();
            }
            Operator::BrIf { relative_depth } => {
                let depth = relative_depth as usize;
                let cond = self.pop_condition();
                if depth == self.ctrl.len() - 1 || self.needs_moves(depth) {
                    let skip = self.cond_branch(cond, false, u32::MAX);
                    self.branch(depth);
                    let here = self.here();
                    self.patch(skip, here);
                } else {
                    let idx = self.ctrl.len() - 1 - depth;
                    if self.ctrl[idx].kind == CtrlKind::Loop {
                        let target = self.ctrl[idx].head;
                        self.cond_branch(cond, true, target);
                    } else {
                        let at = self.cond_branch(cond, true, u32::MAX);
                        self.ctrl[idx].branches.push(at);
                        self.ctrl[idx].end_reachable = true;
                    }
                }
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop_slot();
                let mut depths: Vec<usize> = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t.map_err(|e| Error::from_wasmparser(e, false))? as usize);
                }
                depths.push(targets.default() as usize);
                let len = depths.len() as u32 - 1;
                self.emit(Op::BrTable { index, len });
                // One `Br` per entry; entries that need moves (or return) jump
                // to a stub emitted after the table.
                let table_start = self.ops.len();
                let mut stubs = Vec::new();
                for (i, &d) in depths.iter().enumerate() {
                    if d == self.ctrl.len() - 1 || self.needs_moves(d) {
                        self.emit(Op::Br { target: u32::MAX });
                        stubs.push((i, d));
                    } else {
                        self.jump_to(d);
                    }
                }
                for (i, d) in stubs {
                    let here = self.here();
                    self.patch(table_start + i, here);
                    self.branch(d);
                }
                self.set_unreachable();
            }
            Operator::Return => {
                self.emit_return();
                self.set_unreachable();
            }
            Operator::Call { function_index } => self.direct_call(function_index, false),
            Operator::ReturnCall { function_index } => {
                self.direct_call(function_index, true);
                self.set_unreachable();
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => self.indirect_call(type_index, table_index, false),
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                self.indirect_call(type_index, table_index, true);
                self.set_unreachable();
            }
            Operator::Drop => {
                if self.top_is_v128() {
                    self.pop();
                }
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let cond = self.pop_slot();
                if self.top_is_v128() {
                    self.select_v128(cond);
                } else {
                    let b = self.pop_slot();
                    let a = self.pop_slot();
                    let dst = self.push_temp();
                    self.emit(Op::Select { dst, a, b });
                    self.emit(Op::Arg { slot: cond });
                }
            }
            Operator::LocalGet { local_index } => {
                let (slot, wide) = self.local(local_index);
                self.push(Operand::Local(slot));
                if wide {
                    self.push_cell(Operand::Local(slot + 1), true);
                }
            }
            Operator::LocalSet { local_index } | Operator::LocalTee { local_index }
                if self.local(local_index).1 =>
            {
                let tee = matches!(op, Operator::LocalTee { .. });
                self.set_v128_local(self.local(local_index).0, tee);
            }
            Operator::LocalSet { local_index } => self.local_set(local_index),
            Operator::LocalTee { local_index } => self.local_tee(local_index),
            Operator::GlobalGet { global_index } if self.global_is_v128(global_index) => {
                let dst = self.push_temp();
                self.push_cell(Operand::Temp, true);
                self.emit(Op::GlobalGetV128 {
                    dst,
                    global: global_index,
                });
            }
            Operator::GlobalGet { global_index } => {
                let dst = self.push_temp();
                self.emit(Op::GlobalGet {
                    dst,
                    global: global_index,
                });
            }
            Operator::GlobalSet { global_index } if self.global_is_v128(global_index) => {
                let src = self.pop_v128();
                self.emit(Op::GlobalSetV128 {
                    src,
                    global: global_index,
                });
            }
            Operator::GlobalSet { global_index } => {
                let src = self.pop_slot();
                self.emit(Op::GlobalSet {
                    src,
                    global: global_index,
                });
            }
            Operator::V128Const { value } => self.v128_const(value.i128() as u128),
            Operator::I32Const { value } => self.const_operand(value as u32 as u64),
            Operator::I64Const { value } => self.const_operand(value as u64),
            Operator::F32Const { value } => self.const_operand(value.bits() as u64),
            Operator::F64Const { value } => self.const_operand(value.bits()),
            Operator::RefNull { .. } => self.const_operand(0),
            Operator::RefIsNull => self.unary(|dst, src| Op::I64Eqz { dst, src }),
            Operator::RefFunc { function_index } => {
                let dst = self.push_temp();
                self.emit(Op::RefFunc {
                    dst,
                    func: function_index,
                });
            }
            // Reinterpretations do not change the bits of a cell.
            Operator::I32ReinterpretF32
            | Operator::I64ReinterpretF64
            | Operator::F32ReinterpretI32
            | Operator::F64ReinterpretI64 => {}
            ref other => {
                // The validator rejects operators of features we do not enable,
                // so reaching this is a gap in the translator, reported as such.
                return Err(Error::Unsupported {
                    offset: self.offset as usize,
                    message: format!("operator not supported by the interpreter: {other:?}"),
                });
            }
        }
        Ok(())
    }

    /// `local.set` of a one-cell local.
    fn local_set(&mut self, local_index: u32) {
        let local_index = self.local(local_index).0;
        let top = self.stack.len() - 1;
        let v = self.stack[top];
        let below_refs = self.stack[..top].contains(&Operand::Local(local_index));
        if v == Operand::Temp && !below_refs {
            if let Some(i) = self.retarget {
                if self.ops[i].dst() == Some(self.temp(top)) {
                    self.ops[i].set_dst(local_index);
                    self.pop();
                    self.retarget = None;
                    return;
                }
            }
        }
        self.materialize_local(local_index, top);
        let src = self.pop_slot();
        if src != local_index {
            self.emit(Op::Copy {
                dst: local_index,
                src,
            });
        }
    }

    /// `local.tee` of a one-cell local.
    fn local_tee(&mut self, local_index: u32) {
        let local_index = self.local(local_index).0;
        let top = self.stack.len() - 1;
        let below_refs = self.stack[..top].contains(&Operand::Local(local_index));
        if self.stack[top] == Operand::Temp && !below_refs {
            if let Some(i) = self.retarget {
                if self.ops[i].dst() == Some(self.temp(top)) {
                    // Compute straight into the local, which then
                    // stands for the value on the stack.
                    self.ops[i].set_dst(local_index);
                    self.retarget = None;
                    self.pop();
                    self.push(Operand::Local(local_index));
                    return;
                }
            }
        }
        self.materialize_local(local_index, top);
        let src = self.slot_of(top);
        if src != local_index {
            self.emit(Op::Copy {
                dst: local_index,
                src,
            });
        }
    }

    /// Memory and table operators but loads and stores; `true` when handled.
    fn memory_table(&mut self, op: &Operator<'_>) -> bool {
        match *op {
            Operator::MemorySize { mem } => {
                let dst = self.push_temp();
                self.emit(Op::MemorySize { dst, mem });
            }
            Operator::MemoryGrow { mem } => {
                let mem = self.wide_memory(mem);
                let delta = self.pop_slot();
                let dst = self.push_temp();
                self.emit(Op::MemoryGrow { dst, delta, mem });
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                let (dst_mem, src_mem) = (self.wide_memory(dst_mem), self.wide_memory(src_mem));
                self.bulk(3, |base| Op::MemoryCopy {
                    base,
                    dst_mem,
                    src_mem,
                })
            }
            Operator::MemoryFill { mem } => {
                let mem = self.wide_memory(mem);
                self.bulk(3, |base| Op::MemoryFill { base, mem })
            }
            Operator::MemoryInit { data_index, mem } => {
                let mem = self.wide_memory(mem);
                self.bulk(3, |base| Op::MemoryInit {
                    base,
                    seg: data_index,
                    mem,
                })
            }
            Operator::DataDrop { data_index } => {
                self.emit(Op::DataDrop { seg: data_index });
            }
            Operator::TableGet { table } => {
                self.table_index(table, 0);
                let index = self.pop_slot();
                let dst = self.push_temp();
                self.emit(Op::TableGet { dst, index, table });
            }
            Operator::TableSet { table } => {
                self.table_index(table, 1);
                let value = self.pop_slot();
                let index = self.pop_slot();
                self.emit(Op::TableSet {
                    index,
                    value,
                    table,
                });
            }
            Operator::TableSize { table } => {
                let dst = self.push_temp();
                self.emit(Op::TableSize { dst, table });
            }
            Operator::TableGrow { table } => {
                let table = self.wide_table(table);
                self.bulk(2, |base| Op::TableGrow { base, table });
                self.push(Operand::Temp);
            }
            Operator::TableFill { table } => {
                let table = self.wide_table(table);
                self.bulk(3, |base| Op::TableFill { base, table })
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let (dst_table, src_table) =
                    (self.wide_table(dst_table), self.wide_table(src_table));
                self.bulk(3, |base| Op::TableCopy {
                    base,
                    dst_table,
                    src_table,
                })
            }
            Operator::TableInit { elem_index, table } => {
                let table = self.wide_table(table);
                self.bulk(3, |base| Op::TableInit {
                    base,
                    table,
                    seg: elem_index,
                })
            }
            Operator::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop { seg: elem_index });
            }
            _ => return false,
        }
        true
    }

    /// Numeric operators from the shared lists; `Ok(true)` when handled.
    fn numeric(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        let t = self;
        for_each_binop!(bin_arms t op);
        for_each_binop_trap!(bin_arms t op);
        for_each_unop!(un_arms t op);
        for_each_unop_trap!(un_arms t op);
        for_each_load!(load_arms t op);
        for_each_store!(store_arms t op);
        if t.wide_arithmetic(op) {
            return Ok(true);
        }
        t.simd(op)
    }

    /// Wide arithmetic: the operands in consecutive temporaries, the
    /// two results (low half first) written over the first two.
    fn wide_arithmetic(&mut self, op: &Operator<'_>) -> bool {
        let (n, make): (usize, fn(Slot) -> Op) = match op {
            Operator::I64Add128 => (4, |base| Op::I64Add128 { base }),
            Operator::I64Sub128 => (4, |base| Op::I64Sub128 { base }),
            Operator::I64MulWideS => (2, |base| Op::I64MulWideS { base }),
            Operator::I64MulWideU => (2, |base| Op::I64MulWideU { base }),
            _ => return false,
        };
        self.bulk(n, make);
        self.push(Operand::Temp);
        self.push(Operand::Temp);
        true
    }
}

#[path = "translate_control.rs"]
mod control;

#[path = "translate_simd.rs"]
mod simd;

#[path = "translate_exn.rs"]
mod exn;

#[cfg(test)]
#[path = "translate_tests.rs"]
mod tests;
