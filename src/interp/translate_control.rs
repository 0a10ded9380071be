//! Translation of structured control: blocks, loops and `if`s become
//! labels, branches move the label's values into its slots, and `end`,
//! `else` and unreachable code reset the compile-time stack.

use super::{Condition, Ctrl, CtrlKind, Operand, Translator};
use crate::interp::isa::*;
use crate::runtime::error::Error;
use wasmparser::{BlockType, Operator};

impl Translator<'_> {
    /// Cells of a block's parameters and results.
    pub(super) fn block_arity(&self, bt: BlockType) -> (u32, u32) {
        match bt {
            BlockType::Empty => (0, 0),
            BlockType::Type(t) => (0, if t == wasmparser::ValType::V128 { 2 } else { 1 }),
            BlockType::FuncType(idx) => {
                let t = &self.env.types[idx as usize];
                (t.param_cells() as u32, t.result_cells() as u32)
            }
        }
    }

    /// Push the temporaries of a block's parameters (`results` false) or
    /// results.
    pub(super) fn push_block_values(&mut self, bt: BlockType, results: bool) {
        match bt {
            BlockType::Empty => {}
            BlockType::Type(t) if results => {
                self.push(Operand::Temp);
                if t == wasmparser::ValType::V128 {
                    self.push_cell(Operand::Temp, true);
                }
            }
            BlockType::Type(_) => {}
            BlockType::FuncType(idx) => {
                let env = self.env;
                let t = &env.types[idx as usize];
                self.push_temps_of(if results { t.results() } else { t.params() });
            }
        }
    }

    /// Before a label: every operand in a stable slot, the block's
    /// parameters in their temporaries. Returns the block's arity.
    pub(super) fn prepare_block(&mut self, bt: BlockType) -> (u32, u32) {
        let (params, results) = self.block_arity(bt);
        self.materialize_locals();
        self.materialize_top(params as usize);
        (params, results)
    }

    pub(super) fn push_ctrl(
        &mut self,
        kind: CtrlKind,
        blockty: BlockType,
        (params, results): (u32, u32),
    ) -> &mut Ctrl {
        let height = self.stack.len() as u32 - params;
        let head = self.here();
        self.retarget = None;
        self.ctrl.push(Ctrl {
            kind,
            blockty,
            height,
            params,
            results,
            head,
            branches: Vec::new(),
            else_jump: None,
            end_reachable: false,
            handler: crate::interp::exn::NONE,
            catches: Vec::new(),
        });
        self.ctrl.last_mut().unwrap()
    }

    /// Emit the moves that put the label's values where the label expects them.
    pub(super) fn branch_moves(&mut self, depth: usize) {
        let target = &self.ctrl[self.ctrl.len() - 1 - depth];
        let arity = target.label_arity() as usize;
        let dst_pos = target.height as usize;
        let len = self.stack.len();
        for i in 0..arity {
            let src_pos = len - arity + i;
            let src = self.slot_of(src_pos);
            let dst = self.temp(dst_pos + i);
            if src != dst {
                self.emit(Op::Copy { dst, src });
            }
        }
    }

    pub(super) fn needs_moves(&self, depth: usize) -> bool {
        let target = &self.ctrl[self.ctrl.len() - 1 - depth];
        let arity = target.label_arity() as usize;
        let dst_pos = target.height as usize;
        let len = self.stack.len();
        (0..arity).any(|i| self.slot_of(len - arity + i) != self.temp(dst_pos + i))
    }

    /// Emit an unconditional jump to the label at `depth` (values already moved).
    pub(super) fn jump_to(&mut self, depth: usize) {
        let idx = self.ctrl.len() - 1 - depth;
        if self.ctrl[idx].kind == CtrlKind::Loop {
            let target = self.ctrl[idx].head;
            self.emit(Op::Br { target });
        } else {
            let at = self.emit(Op::Br { target: u32::MAX });
            self.ctrl[idx].branches.push(at);
            self.ctrl[idx].end_reachable = true;
        }
    }

    /// A full branch (moves + jump), or a return when it targets the function.
    pub(super) fn branch(&mut self, depth: usize) {
        if depth == self.ctrl.len() - 1 {
            self.emit_return();
        } else {
            self.branch_moves(depth);
            self.jump_to(depth);
        }
    }

    pub(super) fn emit_return(&mut self) {
        let n = self.ctrl[0].results as usize;
        match n {
            0 => {
                self.emit(Op::Return);
            }
            1 => {
                let src = self.slot_of(self.stack.len() - 1);
                if src == 0 {
                    self.emit(Op::Return);
                } else {
                    self.emit(Op::Return1 { src });
                }
            }
            _ => {
                // Values first to their temporaries (above every result slot),
                // then down to slots 0..n. The compile-time stack is left as
                // it is: on a conditional return the code after it continues
                // with the operands where they were.
                let len = self.stack.len();
                for pos in len - n..len {
                    let src = self.slot_of(pos);
                    let dst = self.temp(pos);
                    if src != dst {
                        self.emit(Op::Copy { dst, src });
                    }
                }
                for i in 0..n {
                    let src = self.temp(len - n + i);
                    if src != i as u32 {
                        self.emit(Op::Copy { dst: i as u32, src });
                    }
                }
                self.emit(Op::Return);
            }
        }
    }

    pub(super) fn set_unreachable(&mut self) {
        self.reachable = false;
        let h = self.ctrl.last().unwrap().height as usize;
        while self.stack.len() > h {
            self.pop();
        }
    }

    pub(super) fn patch(&mut self, at: usize, target: u32) {
        match self.ops[at].target_mut() {
            Some(t) => *t = target,
            None => unreachable!("patching a non-branch {:?}", self.ops[at]),
        }
    }

    /// Pop the condition; if it was just computed by an integer comparison,
    /// take that comparison back so the branch can be fused with it.
    pub(super) fn pop_condition(&mut self) -> Condition {
        let top = self.stack.len() - 1;
        if self.stack[top] == Operand::Temp {
            if let Some(i) = self.retarget {
                if i == self.ops.len() - 1
                    && self.ops[i].dst() == Some(self.temp(top))
                    && self.ops[i].fuse_branch(true, 0).is_some()
                {
                    self.pop();
                    self.retarget = None;
                    self.offsets.pop();
                    return Condition::Compare(self.ops.pop().unwrap());
                }
            }
        }
        Condition::Slot(self.pop_slot())
    }

    /// Emit a branch to `target` taken when the condition is `when`.
    pub(super) fn cond_branch(&mut self, cond: Condition, when: bool, target: u32) -> usize {
        match cond {
            Condition::Compare(op) => {
                let fused = op.fuse_branch(when, target).expect("a fusable compare");
                self.emit(fused)
            }
            Condition::Slot(cond) if when => self.emit(Op::BrIfNez { cond, target }),
            Condition::Slot(cond) => self.emit(Op::BrIfEqz { cond, target }),
        }
    }

    /// Operators in unreachable code: only structure matters.
    pub(super) fn dead_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        match op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. } => self.dead_depth += 1,
            Operator::Else if self.dead_depth == 0 => self.else_(),
            Operator::Catch { tag_index } if self.dead_depth == 0 => {
                self.legacy_catch(Some(*tag_index))
            }
            Operator::CatchAll if self.dead_depth == 0 => self.legacy_catch(None),
            Operator::Delegate { relative_depth } if self.dead_depth == 0 => {
                self.delegate(*relative_depth)
            }
            Operator::End if self.dead_depth == 0 => self.end(),
            // `delegate` ends its `try` as `end` does.
            Operator::End | Operator::Delegate { .. } => self.dead_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    pub(super) fn else_(&mut self) {
        let idx = self.ctrl.len() - 1;
        if self.reachable {
            let arity = self.ctrl[idx].results as usize;
            self.materialize_top(arity);
            let at = self.emit(Op::Br { target: u32::MAX });
            self.ctrl[idx].branches.push(at);
            self.ctrl[idx].end_reachable = true;
        }
        let else_jump = self.ctrl[idx].else_jump.take().expect("else without if");
        let here = self.here();
        self.patch(else_jump, here);
        let c = &mut self.ctrl[idx];
        c.kind = CtrlKind::Else;
        let (height, blockty) = (c.height as usize, c.blockty);
        // Reset the stack to the if's parameters (all temporaries, see push_ctrl).
        while self.stack.len() > height {
            self.pop();
        }
        self.push_block_values(blockty, false);
        self.reachable = true;
        self.retarget = None;
    }

    pub(super) fn end(&mut self) {
        let idx = self.ctrl.len() - 1;
        match self.ctrl[idx].kind {
            CtrlKind::TryTable => return self.end_try_table(),
            CtrlKind::Try => self.close_try_body(),
            CtrlKind::Catch => self.finish_catch_body(),
            _ => {}
        }
        if self.ctrl[idx].kind == CtrlKind::Func {
            if self.reachable {
                self.emit_return();
            }
            self.ctrl.pop();
            self.reachable = false;
            return;
        }
        let results = self.ctrl[idx].results as usize;
        if self.reachable {
            self.materialize_top(results);
        }
        let mut c = self.ctrl.pop().unwrap();
        let mut reachable = self.reachable || c.end_reachable;
        if let Some(at) = c.else_jump.take() {
            // `if` without `else`: the false path falls through to the end.
            c.branches.push(at);
            reachable = true;
        }
        let here = self.here();
        if c.kind != CtrlKind::Loop {
            for at in c.branches {
                self.patch(at, here);
            }
        }
        while self.stack.len() > c.height as usize {
            self.pop();
        }
        self.push_block_values(c.blockty, true);
        self.reachable = reachable;
        self.retarget = None;
    }
}
