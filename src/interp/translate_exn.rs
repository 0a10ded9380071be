//! Translation of exception handling: `throw`, `throw_ref`, `try_table`
//! and the legacy `try` / `catch` / `catch_all` / `delegate` / `rethrow`.
//!
//! Each `try_table` and `try` opens an entry of the handler table
//! (`interp::exn`) covering its body. Landing pads are ordinary code:
//! - a `try_table`'s pads follow its `end` (jumped over by the body's
//!   fallthrough); each receives the exception's values (and exnref) in
//!   temporaries at the construct's stack height and branches to its
//!   clause's label, which is resolved outside the `try_table`, as the
//!   spec says;
//! - a legacy `catch` body is its own pad: the exnref (kept for `rethrow`)
//!   sits in a hidden temporary at the `try`'s height, the values above
//!   it. The body's results are moved down over the hidden slot when it
//!   ends, where the exception is also freed (`ExnDrop`).

use super::{CtrlKind, Operand, Translator};
use crate::interp::exn::{Clause, ClauseKind, Handler, NONE};
use crate::interp::isa::*;
use crate::runtime::types::ValType;
use wasmparser::{BlockType, Catch, TryTable};

impl Translator<'_> {
    /// The value types an exception of module tag `tag` carries.
    fn tag_params(&self, tag: u32) -> &[ValType] {
        let env = self.env;
        env.types[env.tags[tag as usize] as usize].params()
    }

    /// The handler entry of the innermost `try_table` / `try` body among
    /// `ctrl[..=idx]`, or `NONE`.
    fn enclosing_handler(&self, idx: usize) -> u32 {
        self.ctrl[..=idx]
            .iter()
            .rev()
            .find(|c| matches!(c.kind, CtrlKind::TryTable | CtrlKind::Try))
            .map_or(NONE, |c| c.handler)
    }

    /// Open a handler entry covering what follows, inside the current
    /// constructs.
    fn open_handler(&mut self) -> u32 {
        let parent = self.enclosing_handler(self.ctrl.len() - 1);
        let start = self.here();
        self.handlers.push(Handler {
            start,
            end: start,
            parent,
            delegate: None,
            clauses: Vec::new(),
        });
        (self.handlers.len() - 1) as u32
    }

    pub(super) fn throw(&mut self, tag: u32) {
        let n = crate::runtime::types::cell_count(self.tag_params(tag));
        self.materialize_top(n);
        let base = self.temp(self.stack.len() - n);
        for _ in 0..n {
            self.pop();
        }
        self.emit(Op::Throw {
            tag,
            base,
            cells: n as u32,
        });
        self.set_unreachable();
    }

    pub(super) fn try_table(&mut self, tt: &TryTable) {
        let arity = self.prepare_block(tt.ty);
        let handler = self.open_handler();
        let c = self.push_ctrl(CtrlKind::TryTable, tt.ty, arity);
        c.handler = handler;
        c.catches = tt.catches.clone();
    }

    /// `end` of a `try_table`: close its body, emit a landing pad per
    /// clause, then end it as a block.
    pub(super) fn end_try_table(&mut self) {
        let idx = self.ctrl.len() - 1;
        let results = self.ctrl[idx].results as usize;
        if self.reachable {
            self.materialize_top(results);
            let at = self.emit(Op::Br { target: u32::MAX });
            self.ctrl[idx].branches.push(at);
            self.ctrl[idx].end_reachable = true;
        }
        let handler = self.ctrl[idx].handler as usize;
        self.handlers[handler].end = self.here();
        // The clauses' labels are outside the try_table.
        let mut c = self.ctrl.pop().expect("the try_table's frame");
        let height = c.height as usize;
        while self.stack.len() > height {
            self.pop();
        }
        let dst = self.temp(height);
        for catch in std::mem::take(&mut c.catches) {
            let (tag, keep_ref, label) = match catch {
                Catch::One { tag, label } => (tag, false, label),
                Catch::OneRef { tag, label } => (tag, true, label),
                Catch::All { label } => (NONE, false, label),
                Catch::AllRef { label } => (NONE, true, label),
            };
            let pad = self.here();
            self.reachable = true;
            if tag != NONE {
                let env = self.env;
                let params = env.types[env.tags[tag as usize] as usize].params();
                self.push_temps_of(params);
            }
            if keep_ref {
                self.push(Operand::Temp);
            }
            self.branch(label as usize);
            while self.stack.len() > height {
                self.pop();
            }
            let kind = if keep_ref {
                ClauseKind::Ref
            } else {
                ClauseKind::Values
            };
            self.handlers[handler].clauses.push(Clause {
                tag,
                kind,
                dst,
                pad,
            });
        }
        // Now end it as a block: its branches land here.
        let here = self.here();
        for at in std::mem::take(&mut c.branches) {
            self.patch(at, here);
        }
        self.push_block_values(c.blockty, true);
        self.reachable = c.end_reachable;
        self.retarget = None;
    }

    pub(super) fn legacy_try(&mut self, bt: BlockType) {
        let arity = self.prepare_block(bt);
        let handler = self.open_handler();
        self.push_ctrl(CtrlKind::Try, bt, arity).handler = handler;
    }

    /// The body of the current legacy `try` ends (at its first `catch`,
    /// `catch_all`, `delegate` or `end`).
    pub(super) fn close_try_body(&mut self) {
        let handler = self.ctrl.last().expect("a try").handler as usize;
        self.handlers[handler].end = self.here();
    }

    /// The current legacy `catch` body ends normally: free its exception,
    /// and its results go down over the hidden exnref slot, to the `try`'s
    /// result slots.
    pub(super) fn finish_catch_body(&mut self) {
        if !self.reachable {
            return;
        }
        let idx = self.ctrl.len() - 1;
        let (height, results, blockty) = {
            let c = &self.ctrl[idx];
            (c.height as usize, c.results as usize, c.blockty)
        };
        self.emit(Op::ExnDrop {
            slot: self.temp(height),
        });
        let len = self.stack.len();
        for i in 0..results {
            let src = self.slot_of(len - results + i);
            let dst = self.temp(height + i);
            if src != dst {
                self.emit(Op::Copy { dst, src });
            }
        }
        while self.stack.len() > height {
            self.pop();
        }
        self.push_block_values(blockty, true);
    }

    /// Legacy `catch tag` (`Some`) or `catch_all` (`None`): ends the `try`
    /// body or the previous catch body, and starts a catch body, which is
    /// the clause's landing pad.
    pub(super) fn legacy_catch(&mut self, tag: Option<u32>) {
        let idx = self.ctrl.len() - 1;
        match self.ctrl[idx].kind {
            CtrlKind::Try => self.close_try_body(),
            _ => self.finish_catch_body(),
        }
        if self.reachable {
            let results = self.ctrl[idx].results as usize;
            self.materialize_top(results);
            let at = self.emit(Op::Br { target: u32::MAX });
            self.ctrl[idx].branches.push(at);
            self.ctrl[idx].end_reachable = true;
        }
        let height = self.ctrl[idx].height as usize;
        while self.stack.len() > height {
            self.pop();
        }
        let pad = self.here();
        let dst = self.temp(height);
        // The hidden exnref, then the values.
        self.push(Operand::Temp);
        if let Some(t) = tag {
            let env = self.env;
            let params = env.types[env.tags[t as usize] as usize].params();
            self.push_temps_of(params);
        }
        let handler = self.ctrl[idx].handler as usize;
        self.handlers[handler].clauses.push(Clause {
            tag: tag.unwrap_or(NONE),
            kind: ClauseKind::Legacy,
            dst,
            pad,
        });
        self.ctrl[idx].kind = CtrlKind::Catch;
        self.reachable = true;
        self.retarget = None;
    }

    /// `delegate N`: the `try` body ends, and what escapes it is handled
    /// as if raised directly inside the construct at label N (outside this
    /// `try`): by the innermost handler there, else by the caller.
    pub(super) fn delegate(&mut self, depth: u32) {
        let idx = self.ctrl.len() - 1;
        self.close_try_body();
        let handler = self.ctrl[idx].handler as usize;
        // Label N counts from the construct around the `try`; the function
        // label means the caller.
        let target = match (idx as u32).checked_sub(1 + depth) {
            Some(t) => self.enclosing_handler(t as usize),
            None => NONE,
        };
        self.handlers[handler].delegate = Some(target);
        self.ctrl[idx].kind = CtrlKind::Block;
        self.end();
    }

    /// `rethrow N`: raise again the exception of the catch body at label N.
    pub(super) fn rethrow(&mut self, depth: u32) {
        let idx = self.ctrl.len() - 1 - depth as usize;
        let slot = self.temp(self.ctrl[idx].height as usize);
        self.emit(Op::Rethrow { slot });
        self.set_unreachable();
    }
}
