//! Exception handlers of translated functions.
//!
//! Each `try_table` and legacy `try` of a function body gets one entry in
//! the function's handler table, in the order the constructs open, so an
//! inner construct comes after every construct around it. An entry covers
//! the instructions of the construct's body (for a legacy `try`, not its
//! `catch` bodies) and names the entry of the nearest construct around it.
//!
//! When an exception reaches an instruction (a `throw`, or a call whose
//! callee let one escape), the executor asks [`find_catch`] for the clause
//! that catches it: the innermost entry covering the instruction, then its
//! enclosing entries (or, for a `delegate`, the entry it delegates to),
//! until a clause matches. A clause's landing pad is ordinary code emitted
//! by the translator: it moves the exception's values (left at the
//! clause's slot by the executor) to the label's slots and branches.

use super::isa::Slot;
use crate::runtime::store::Store;

/// No entry (the function's caller handles it) / a clause for any tag.
pub(crate) const NONE: u32 = u32::MAX;

/// What a clause hands to its landing pad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    /// `catch` / `catch_all`: the values at `dst..` (the object is freed).
    Values,
    /// `catch_ref` / `catch_all_ref`: the values at `dst..`, the exnref
    /// after them.
    Ref,
    /// Legacy `catch` / `catch_all`: the exnref at `dst` (for `rethrow`),
    /// the values after it.
    Legacy,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Clause {
    /// Module tag index, or `NONE` for any tag.
    pub tag: u32,
    pub kind: ClauseKind,
    pub dst: Slot,
    /// Instruction index of the landing pad.
    pub pad: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Handler {
    /// Instruction range of the body it covers.
    pub start: u32,
    pub end: u32,
    /// The entry of the construct around this one, or `NONE`.
    pub parent: u32,
    /// Legacy `delegate`: the entry that handles what escapes the body
    /// (`NONE`: the caller); the clauses are empty then.
    pub delegate: Option<u32>,
    pub clauses: Vec<Clause>,
}

/// The clause of `handlers` that catches an exception raised at
/// instruction `pc`; `matches(tag)` says whether module tag `tag` is the
/// exception's tag.
pub(crate) fn find_catch(
    handlers: &[Handler],
    pc: u32,
    mut matches: impl FnMut(u32) -> bool,
) -> Option<Clause> {
    // Entries come in opening order: the last one covering `pc` is the
    // innermost (bodies nest or are disjoint).
    let mut h = handlers.iter().rposition(|h| h.start <= pc && pc < h.end)? as u32;
    while h != NONE {
        let e = &handlers[h as usize];
        if let Some(d) = e.delegate {
            h = d;
            continue;
        }
        if let Some(c) = e.clauses.iter().find(|c| c.tag == NONE || matches(c.tag)) {
            return Some(*c);
        }
        h = e.parent;
    }
    None
}

/// Hand exception `exn` to clause `cl` of the frame at `fp`: its values
/// (and exnref) to the clause's slots, as `ClauseKind` says.
///
/// # Safety
/// `fp` is the frame of the function whose handler table holds `cl`: the
/// clause's slots, for the values of its tag (and the exnref), lie in it.
pub(crate) unsafe fn land(store: &mut Store, fp: *mut u64, exn: u32, cl: Clause) {
    let obj = store.exns.get_mut(exn);
    // A catch-all clause receives no values.
    let n = if cl.tag == NONE { 0 } else { obj.payload.len() };
    let cell = exn as u64 + 1;
    // SAFETY: the function's contract.
    unsafe {
        let dst = fp.add(cl.dst as usize);
        match cl.kind {
            ClauseKind::Values => {
                std::ptr::copy_nonoverlapping(obj.payload.as_ptr(), dst, n);
                store.exns.release(exn);
            }
            ClauseKind::Ref => {
                std::ptr::copy_nonoverlapping(obj.payload.as_ptr(), dst, n);
                *dst.add(n) = cell;
                obj.escaped = true;
            }
            ClauseKind::Legacy => {
                *dst = cell;
                std::ptr::copy_nonoverlapping(obj.payload.as_ptr(), dst.add(1), n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(tag: u32, pad: u32) -> Clause {
        Clause {
            tag,
            kind: ClauseKind::Values,
            dst: 0,
            pad,
        }
    }

    #[test]
    fn innermost_matching_clause_wins_and_delegate_skips() {
        // 0: outer [0, 100) catch tag 1 -> pad 200
        // 1: inner [10, 20) catch tag 2 -> pad 300, parent 0
        // 2: delegating [30, 40) to the caller, parent 0
        let hs = vec![
            Handler {
                start: 0,
                end: 100,
                parent: NONE,
                delegate: None,
                clauses: vec![clause(1, 200)],
            },
            Handler {
                start: 10,
                end: 20,
                parent: 0,
                delegate: None,
                clauses: vec![clause(2, 300)],
            },
            Handler {
                start: 30,
                end: 40,
                parent: 0,
                delegate: Some(NONE),
                clauses: vec![],
            },
        ];
        assert_eq!(find_catch(&hs, 15, |t| t == 2).map(|c| c.pad), Some(300));
        assert_eq!(find_catch(&hs, 15, |t| t == 1).map(|c| c.pad), Some(200));
        assert_eq!(find_catch(&hs, 5, |t| t == 2).map(|c| c.pad), None);
        assert_eq!(find_catch(&hs, 35, |t| t == 1).map(|c| c.pad), None);
        assert_eq!(find_catch(&hs, 100, |_| true).map(|c| c.pad), None);
    }
}
