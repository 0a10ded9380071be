//! Control operators: blocks, loops, `if`, branches, `return`,
//! `unreachable`, `select` and `drop`.

use super::{Frame, FrameKind, FuncTranslator};
use crate::runtime::error::Error;
use crate::runtime::trap::TrapCode;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, JumpTableData};
use wasmparser::Operator;

fn args(vals: &[ir::Value]) -> Vec<BlockArg> {
    vals.iter().map(|v| BlockArg::Value(*v)).collect()
}

impl FuncTranslator<'_, '_> {
    /// Control operators; `Ok(true)` when handled.
    pub(super) fn control(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.env.raise(&mut self.b, TrapCode::Unreachable);
                self.set_unreachable();
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_types(blockty);
                let dest = self.new_block_with(&results);
                self.push_frame(FrameKind::Block, dest, None, params, results);
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_types(blockty);
                let header = self.new_block_with(&params);
                let dest = self.new_block_with(&results);
                let vals = self.popn(params.len());
                self.b.ins().jump(header, &args(&vals));
                self.b.switch_to_block(header);
                // Every iteration checks the interrupt flag.
                self.env.check_interrupt(&mut self.b);
                let hp = self.b.block_params(header).to_vec();
                self.stack.extend(hp);
                self.push_frame(FrameKind::Loop, dest, Some(header), params, results);
            }
            Operator::If { blockty } => {
                let cond = self.pop();
                let (params, results) = self.block_types(blockty);
                let then_block = self.b.create_block();
                let else_block = self.b.create_block();
                let dest = self.new_block_with(&results);
                self.b.ins().brif(cond, then_block, &[], else_block, &[]);
                self.b.seal_block(then_block);
                self.b.seal_block(else_block);
                self.b.switch_to_block(then_block);
                let n = params.len();
                self.push_frame(FrameKind::If { else_block }, dest, None, params, results);
                let at = self.stack.len() - n;
                let ps = self.stack[at..].to_vec();
                self.ctrl.last_mut().unwrap().if_params = ps;
            }
            Operator::Else => self.else_(),
            Operator::End => self.end(),
            Operator::Br { relative_depth } => {
                self.branch(relative_depth as usize);
                self.set_unreachable();
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let (target, arity) = self.target(relative_depth as usize);
                let vals = self.stack[self.stack.len() - arity..].to_vec();
                let cont = self.b.create_block();
                self.b.ins().brif(cond, target, &args(&vals), cont, &[]);
                self.b.seal_block(cont);
                self.b.switch_to_block(cont);
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop();
                let mut depths = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t.map_err(|e| Error::from_wasmparser(e, false))? as usize);
                }
                let default = targets.default() as usize;
                let (_, arity) = self.target(default);
                let vals = self.stack[self.stack.len() - arity..].to_vec();
                let a = args(&vals);
                let call = |t: &mut Self, d: usize| {
                    let (block, _) = t.target(d);
                    ir::BlockCall::new(block, a.iter().copied(), &mut t.b.func.dfg.value_lists)
                };
                let def = call(self, default);
                let table: Vec<ir::BlockCall> = depths.iter().map(|&d| call(self, d)).collect();
                let jt = self.b.create_jump_table(JumpTableData::new(def, &table));
                self.b.ins().br_table(index, jt);
                self.set_unreachable();
            }
            Operator::Return => {
                let n = self.ctrl[0].results.len();
                let vals = self.stack[self.stack.len() - n..].to_vec();
                self.b.ins().return_(&vals);
                self.set_unreachable();
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let (a, b, c) = self.pop3();
                let v = self.b.ins().select(c, a, b);
                self.push(v);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn new_block_with(&mut self, tys: &[ir::Type]) -> ir::Block {
        let block = self.b.create_block();
        for t in tys {
            self.b.append_block_param(block, *t);
        }
        block
    }

    fn push_frame(
        &mut self,
        kind: FrameKind,
        dest: ir::Block,
        header: Option<ir::Block>,
        params: Vec<ir::Type>,
        results: Vec<ir::Type>,
    ) {
        let height = self.stack.len() - params.len();
        self.check_snapshots.push(self.env.checked.clone());
        self.ctrl.push(Frame {
            kind,
            dest,
            header,
            height,
            params,
            results,
            if_params: Vec::new(),
            dest_reached: false,
        });
    }

    /// The block and arity of the label at `depth`, noting that it is used.
    pub(super) fn target(&mut self, depth: usize) -> (ir::Block, usize) {
        let idx = self.ctrl.len() - 1 - depth;
        let f = &mut self.ctrl[idx];
        if f.header.is_none() {
            f.dest_reached = true;
        }
        f.branch_target()
    }

    fn branch(&mut self, depth: usize) {
        let (target, arity) = self.target(depth);
        let vals = self.stack[self.stack.len() - arity..].to_vec();
        self.b.ins().jump(target, &args(&vals));
    }

    pub(super) fn set_unreachable(&mut self) {
        self.reachable = false;
        let h = self.ctrl.last().unwrap().height;
        self.stack.truncate(h);
    }

    pub(super) fn else_(&mut self) {
        let idx = self.ctrl.len() - 1;
        if self.reachable {
            let n = self.ctrl[idx].results.len();
            let vals = self.stack[self.stack.len() - n..].to_vec();
            let dest = self.ctrl[idx].dest;
            self.ctrl[idx].dest_reached = true;
            self.b.ins().jump(dest, &args(&vals));
        }
        let f = &mut self.ctrl[idx];
        let else_block = match f.kind {
            FrameKind::If { else_block } => else_block,
            _ => unreachable!("validated: else without if"),
        };
        f.kind = FrameKind::Else;
        let height = f.height;
        let ps = std::mem::take(&mut f.if_params);
        self.stack.truncate(height);
        self.stack.extend(ps);
        // Only the checks before the `if` dominate the `else`.
        self.env.checked = self.check_snapshots.last().cloned().unwrap_or_default();
        self.b.switch_to_block(else_block);
        self.reachable = true;
    }

    pub(super) fn end(&mut self) {
        let idx = self.ctrl.len() - 1;
        if self.reachable {
            let n = self.ctrl[idx].results.len();
            let vals = self.stack[self.stack.len() - n..].to_vec();
            let dest = self.ctrl[idx].dest;
            self.ctrl[idx].dest_reached = true;
            self.b.ins().jump(dest, &args(&vals));
        }
        let f = self.ctrl.pop().unwrap();
        if f.kind != FrameKind::Func {
            // Only the checks before the construct dominate its end.
            self.env.checked = self.check_snapshots.pop().unwrap_or_default();
        }
        let mut reached = f.dest_reached;
        if let FrameKind::If { else_block } = f.kind {
            // `if` without `else`: the false edge carries the parameters
            // (which equal the results) to the end.
            self.b.switch_to_block(else_block);
            self.b.ins().jump(f.dest, &args(&f.if_params));
            reached = true;
        }
        if let Some(h) = f.header {
            self.b.seal_block(h);
        }
        self.b.switch_to_block(f.dest);
        self.b.seal_block(f.dest);
        self.stack.truncate(f.height);
        if reached {
            let ps = self.b.block_params(f.dest).to_vec();
            self.stack.extend(ps);
        }
        self.reachable = reached;
        self.dead_depth = 0;
    }
}
