//! Fuel and interruption: how a host bounds the wasm code of a store.
//!
//! **Interruption.** Every store has an interrupt flag that any thread may
//! raise through an [`InterruptHandle`]. Wasm code checks it at function
//! entries and loop back-edges (loop headers in compiled code) on every
//! tier; code that sees it raised traps "interrupted" and lowers it, so the
//! store stays usable. A flag raised while no wasm code runs stays raised
//! until the next check (the next call traps at once).
//!
//! **Fuel** (`Config::consume_fuel`). The store holds a number of units;
//! each executed wasm instruction costs [`fuel_cost`]. The body of a
//! function is cut into segments at every control instruction
//! ([`ends_fuel_segment`]): control enters a segment only at its start, so
//! each tier charges a segment's whole cost when it enters it, before any
//! of its instructions run. Both tiers cut at the same places, so the fuel
//! a run consumes, and the point where it runs out, are the same on every
//! tier. A segment that costs more than the fuel left traps "all fuel
//! consumed" before it runs; the fuel left is then 0.

use super::error::{Error, Result};
use super::store::Store;
use super::trap::TrapCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use wasmparser::Operator;

/// Raises the interrupt flag of one store, from any thread, at any time;
/// it stays valid (and harmless) after the store is dropped.
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    flag: Arc<AtomicU32>,
}

impl InterruptHandle {
    /// Make the store's running wasm code (or the next code it runs) trap
    /// "interrupted".
    pub fn interrupt(&self) {
        self.flag.store(1, Ordering::Release);
    }
}

/// The flag behind the handles, owned by the store; the VM context points
/// at it (`VMRuntime::interrupt`).
#[derive(Default)]
pub(crate) struct InterruptFlag(Arc<AtomicU32>);

impl InterruptFlag {
    pub(crate) fn as_ptr(&self) -> *const AtomicU32 {
        Arc::as_ptr(&self.0)
    }
}

impl Store {
    /// A handle that interrupts this store's wasm code from another thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: self.interrupt.0.clone(),
        }
    }

    /// Whether the interrupt flag is raised (and not yet seen by wasm code).
    pub fn is_interrupted(&self) -> bool {
        self.interrupt.0.load(Ordering::Acquire) != 0
    }

    /// Lower the interrupt flag without trapping.
    pub fn clear_interrupt(&self) {
        self.interrupt.0.store(0, Ordering::Release);
    }

    /// The fuel left; an error unless the engine meters fuel.
    pub fn fuel(&self) -> Result<u64> {
        self.check_fuel()?;
        Ok(self.vm.fuel)
    }

    /// Set the fuel left to `fuel` units; an error unless the engine meters
    /// fuel (`Config::consume_fuel`).
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.check_fuel()?;
        self.vm.fuel = fuel;
        Ok(())
    }

    fn check_fuel(&self) -> Result<()> {
        if self.engine.config().consume_fuel {
            Ok(())
        } else {
            Err(Error::Unsupported {
                offset: 0,
                message: "fuel is not enabled in this engine's config (consume_fuel)".into(),
            })
        }
    }

    /// A tier raised trap `code`: an interrupt has been seen (lower the
    /// flag); running out of fuel leaves none.
    pub(crate) fn trap_raised(&mut self, code: TrapCode) {
        match code {
            TrapCode::Interrupted => self.clear_interrupt(),
            TrapCode::OutOfFuel => self.vm.fuel = 0,
            _ => {}
        }
    }
}

/// The fuel an instruction costs (the same on every tier): structure and
/// `nop`/`drop` are free, every other instruction costs 1.
pub fn fuel_cost(op: &Operator<'_>) -> u64 {
    match op {
        Operator::Nop
        | Operator::Drop
        | Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::Else
        | Operator::End => 0,
        _ => 1,
    }
}

/// Whether `op` ends a fuel segment: every instruction that transfers
/// control or is a branch target's boundary (block structure, branches,
/// calls, returns, throws). The next instruction starts a new segment.
pub fn ends_fuel_segment(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::Else
            | Operator::End
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. }
            | Operator::BrOnNull { .. }
            | Operator::BrOnNonNull { .. }
            | Operator::BrOnCast { .. }
            | Operator::BrOnCastFail { .. }
            | Operator::Return
            | Operator::Unreachable
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
            | Operator::CallRef { .. }
            | Operator::ReturnCall { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::ReturnCallRef { .. }
            | Operator::Throw { .. }
            | Operator::ThrowRef
            | Operator::Rethrow { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. }
            | Operator::Catch { .. }
            | Operator::CatchAll
            | Operator::Delegate { .. }
    )
}

/// One function's fuel segments as a translator walks its body: where the
/// current segment's charge is and what it has cost so far. Both tiers
/// drive one of these, so they cut and price segments identically.
pub struct FuelSegments<P> {
    /// The current segment's charge (a tier's handle to patch it) and its
    /// cost so far.
    open: Option<(P, u64)>,
}

impl<P> Default for FuelSegments<P> {
    fn default() -> Self {
        FuelSegments { open: None }
    }
}

impl<P: Copy> FuelSegments<P> {
    /// Before translating reachable `op`: whether a new charge must be
    /// emitted first (`op` is the first instruction of its segment that
    /// costs something); the tier then emits one and calls `opened`.
    pub fn before(&mut self, op: &Operator<'_>) -> bool {
        fuel_cost(op) > 0 && self.open.is_none()
    }

    /// The charge of a new segment was emitted (cost not known yet).
    pub fn opened(&mut self, charge: P) {
        self.open = Some((charge, 0));
    }

    /// After translating `op` (reachable or not): its cost is added; when
    /// it ends the segment, the charge to patch and the segment's total.
    pub fn after(&mut self, op: &Operator<'_>) -> Option<(P, u64)> {
        if let Some((_, cost)) = &mut self.open {
            *cost += fuel_cost(op);
        }
        if ends_fuel_segment(op) {
            self.open.take()
        } else {
            None
        }
    }

    /// The segment ends without an instruction (code became unreachable):
    /// the charge to patch.
    pub fn close(&mut self) -> Option<(P, u64)> {
        self.open.take()
    }
}
