//! The function translator: one validated wasm function body into
//! Cranelift IR.
//!
//! The wasm operand stack becomes a stack of SSA values at compile time;
//! locals are `cranelift-frontend` variables (the frontend builds the phis);
//! every wasm block, loop and `if` becomes Cranelift blocks whose parameters
//! carry the label's values. Per-operator translation is split by category
//! (`control`, `numeric`, `memory`, `table`, `call`); everything that depends
//! on the runtime (VM context layout, libcalls, traps) goes through the
//! environment in `env.rs`.
//!
//! The body was validated when the module was compiled, so the translator
//! trusts its input (operand types and stack heights are right).

mod call;
mod control;
mod memory;
mod numeric;
mod simd;
mod table;

use super::env::FuncEnv;
use crate::runtime::error::Error;
use crate::runtime::metering::FuelSegments;
use crate::runtime::module::ModuleInner;
use crate::runtime::types::ValType;
use cranelift_codegen::ir::{self, types, Block, InstBuilder, SourceLoc, Value};
use cranelift_frontend::{FunctionBuilder, Variable};
use wasmparser::{BlockType, FunctionBody, Operator};

/// The Cranelift type of a wasm value type (references are 64-bit cells;
/// a `v128` is an `i8x16`, bitcast by the SIMD operators that see lanes).
pub(crate) fn cl_type(t: ValType) -> ir::Type {
    match t {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::FuncRef | ValType::ExternRef | ValType::ExnRef => types::I64,
    }
}

/// Flags of a load or store of a value of type `t` in runtime-owned cells
/// (call buffers, globals): they never trap and are 8-byte aligned, which
/// is natural alignment for every type but a vector's.
pub(crate) fn cell_flags(t: ir::Type) -> ir::MemFlagsData {
    if t.is_vector() {
        ir::MemFlagsData::new().with_notrap()
    } else {
        ir::MemFlagsData::trusted()
    }
}

/// The 128-bit vector constant with these bytes (byte 0 lowest), as `ty`.
pub(super) fn vector_const(b: &mut FunctionBuilder<'_>, ty: ir::Type, bytes: [u8; 16]) -> Value {
    let c = b
        .func
        .dfg
        .constants
        .insert(ir::ConstantData::from(&bytes[..]));
    b.ins().vconst(ty, c)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FrameKind {
    Func,
    Block,
    Loop,
    /// `if`; `else_block` is where the false edge goes.
    If {
        else_block: Block,
    },
    Else,
}

/// A control construct being translated.
pub(super) struct Frame {
    pub kind: FrameKind,
    /// Where `end` continues; its parameters are the construct's results.
    pub dest: Block,
    /// The loop header (branch target of a loop), with the loop's parameters.
    pub header: Option<Block>,
    /// Stack height below the construct's parameters.
    pub height: usize,
    pub params: Vec<ir::Type>,
    pub results: Vec<ir::Type>,
    /// For `if`: the parameter values, to restore at `else`.
    pub if_params: Vec<Value>,
    /// Whether some branch goes to `dest`.
    pub dest_reached: bool,
}

impl Frame {
    /// The block a branch to this label jumps to, and its arity.
    pub fn branch_target(&self) -> (Block, usize) {
        match self.header {
            Some(h) => (h, self.params.len()),
            None => (self.dest, self.results.len()),
        }
    }
}

pub(crate) struct FuncTranslator<'a, 'f> {
    pub(super) b: FunctionBuilder<'f>,
    pub(super) env: FuncEnv<'a>,
    pub(super) locals: Vec<Variable>,
    pub(super) stack: Vec<Value>,
    pub(super) ctrl: Vec<Frame>,
    pub(super) reachable: bool,
    /// Constructs opened inside unreachable code (skipped entirely).
    pub(super) dead_depth: u32,
    /// The bounds checks known at the entry of each open block, loop and
    /// `if` (see `FuncEnv::checked`): they dominate its `else` and its end.
    pub(super) check_snapshots: Vec<std::collections::HashMap<(u32, Value), u64>>,
    /// Fuel segments (`runtime::metering`), with the instruction holding
    /// the current segment's cost; `None` without fuel metering.
    fuel: Option<FuelSegments<ir::Inst>>,
}

/// Translate the body of defined function `def` into `b`'s function, whose
/// signature is already set. With `direct_calls`, calls to the module's own
/// functions are direct (they are linked together); otherwise they go
/// through the module's published entry points.
pub(crate) fn translate_body(
    module: &ModuleInner,
    def: u32,
    body: &FunctionBody<'_>,
    mut b: FunctionBuilder<'_>,
    frontend: cranelift_codegen::isa::TargetFrontendConfig,
    direct_calls: bool,
) -> Result<(), Error> {
    let malformed = |e| Error::from_wasmparser(e, false);
    let func_index = module.num_imported_funcs + def;
    let ty = module.func_type(func_index).clone();

    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.set_srcloc(SourceLoc::new(body.range().start as u32));
    let params: Vec<Value> = b.block_params(entry).to_vec();
    let vmctx = params[0];

    let mut locals = Vec::new();
    for (i, t) in ty.params().iter().enumerate() {
        let var = b.declare_var(cl_type(*t));
        b.def_var(var, params[i + 1]);
        locals.push(var);
    }
    let mut lr = body.get_locals_reader().map_err(malformed)?;
    let mut num_locals = 0usize;
    for _ in 0..lr.get_count() {
        let (count, vt) = lr.read().map_err(malformed)?;
        let t = crate::runtime::types::valtype_from_wasmparser(vt).ok_or_else(|| {
            Error::Unsupported {
                offset: body.range().start as usize,
                message: format!("local of type {vt:?}"),
            }
        })?;
        let t = cl_type(t);
        for _ in 0..count {
            let var = b.declare_var(t);
            let zero = zero_of(&mut b, t);
            b.def_var(var, zero);
            locals.push(var);
        }
        num_locals += count as usize;
    }

    let env = FuncEnv::new(
        module,
        vmctx,
        &mut b,
        ty.params().len() + num_locals,
        direct_calls,
        frontend.default_call_conv,
    );
    let results: Vec<ir::Type> = ty.results().iter().map(|t| cl_type(*t)).collect();
    let ret = b.create_block();
    for t in &results {
        b.append_block_param(ret, *t);
    }
    let mut t = FuncTranslator {
        b,
        env,
        locals,
        stack: Vec::new(),
        ctrl: vec![Frame {
            kind: FrameKind::Func,
            dest: ret,
            header: None,
            height: 0,
            params: Vec::new(),
            results,
            if_params: Vec::new(),
            dest_reached: false,
        }],
        reachable: true,
        dead_depth: 0,
        check_snapshots: Vec::new(),
        fuel: module
            .engine
            .config()
            .consume_fuel
            .then(FuelSegments::default),
    };
    t.env.prologue(&mut t.b);

    let mut reader = body.get_operators_reader().map_err(malformed)?;
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset().map_err(malformed)?;
        t.b.set_srcloc(SourceLoc::new(offset as u32));
        t.metered_operator(&op, offset as usize)?;
    }
    // The final `end` left us in the return block.
    if t.reachable {
        let vals = t.stack.split_off(0);
        t.b.ins().return_(&vals);
    }
    t.env.finish(&mut t.b);
    t.b.finalize(frontend);
    Ok(())
}

pub(super) fn zero_of(b: &mut FunctionBuilder<'_>, t: ir::Type) -> Value {
    match t {
        types::F32 => b.ins().f32const(0.0),
        types::F64 => b.ins().f64const(0.0),
        types::I8X16 => vector_const(b, types::I8X16, [0; 16]),
        _ => b.ins().iconst(t, 0),
    }
}

impl FuncTranslator<'_, '_> {
    pub(super) fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated: operand stack underflow")
    }

    pub(super) fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    pub(super) fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    pub(super) fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    pub(super) fn popn(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    pub(super) fn block_types(&self, bt: BlockType) -> (Vec<ir::Type>, Vec<ir::Type>) {
        match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Type(t) => {
                let t = crate::runtime::types::valtype_from_wasmparser(t)
                    .expect("validated: block type");
                (Vec::new(), vec![cl_type(t)])
            }
            BlockType::FuncType(idx) => {
                let f = &self.env.module.types[idx as usize];
                (
                    f.params().iter().map(|t| cl_type(*t)).collect(),
                    f.results().iter().map(|t| cl_type(*t)).collect(),
                )
            }
        }
    }

    /// `operator` with fuel charges: a segment's first costly instruction
    /// is preceded by its charge, whose cost is set when the segment ends.
    fn metered_operator(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), Error> {
        let Some(fuel) = &mut self.fuel else {
            return self.operator(op, offset);
        };
        if self.reachable && fuel.before(op) {
            let charge = self.env.fuel_charge(&mut self.b);
            if let Some(f) = &mut self.fuel {
                f.opened(charge);
            }
        }
        self.operator(op, offset)?;
        if let Some((charge, cost)) = self.fuel.as_mut().and_then(|f| f.after(op)) {
            self.env.set_fuel_cost(&mut self.b, charge, cost);
        }
        Ok(())
    }

    fn operator(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), Error> {
        if !self.reachable {
            self.dead_operator(op);
            return Ok(());
        }
        if self.control(op)?
            || self.numeric(op)
            || self.memory(op)
            || self.table(op)
            || self.call(op)
            || self.simd(op)
        {
            return Ok(());
        }
        match *op {
            Operator::LocalGet { local_index } => {
                let v = self.b.use_var(self.locals[local_index as usize]);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.b.def_var(self.locals[local_index as usize], v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated: local.tee operand");
                self.b.def_var(self.locals[local_index as usize], v);
            }
            Operator::GlobalGet { global_index } => {
                let v = self.env.global_get(&mut self.b, global_index);
                self.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                self.env.global_set(&mut self.b, global_index, v);
            }
            ref other => {
                return Err(Error::Unsupported {
                    offset,
                    message: format!("operator not supported by the JIT: {other:?}"),
                })
            }
        }
        Ok(())
    }

    /// Operators in unreachable code: only the structure matters.
    fn dead_operator(&mut self, op: &Operator<'_>) {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.dead_depth += 1
            }
            Operator::Else if self.dead_depth == 0 => self.else_(),
            Operator::End if self.dead_depth == 0 => self.end(),
            Operator::End => self.dead_depth -= 1,
            _ => {}
        }
    }
}
