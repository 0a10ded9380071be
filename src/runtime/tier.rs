//! The tier interface: how `runtime` runs wasm code without knowing the
//! tiers that made it.
//!
//! An engine is made with a [`Backend`] (the crate's top level, which knows
//! the tiers, picks it from `Config::tier`). When a module is compiled, the
//! backend turns its validated bodies into a [`ModuleCode`]: the code of at
//! most two tiers, an interpreted one and a compiled one, and one
//! [`FuncCode`] record per defined function telling which of the two runs
//! it now. A function whose compiled entry is published runs compiled;
//! any other runs interpreted. Tier-up is publishing an entry.
//!
//! Every call, from the host or from either tier, goes through
//! `runtime::call`, which asks the callee's `ModuleCode` for its current
//! tier. `runtime` never names a tier; the tiers implement these traits.

use super::error::Result;
use super::module::ModuleInner;
use super::store::Store;
use super::trap::Trap;
use std::any::Any;
use std::sync::atomic::{AtomicPtr, Ordering};

/// An execution tier as the engine sees it.
pub(crate) trait Backend: Send + Sync {
    /// Make the code of `module`, whose sections are all decoded and whose
    /// bodies are validated (`module.bodies`). Called once per module.
    fn prepare(&self, module: &ModuleInner) -> Result<ModuleCode>;
}

/// The code of one tier for the defined functions of one module.
pub(crate) trait TierCode: Any + Send + Sync {
    /// Run defined function `def` of instance `inst` on `cells`: arguments
    /// in, results out (see `values` for the cell layout).
    ///
    /// # Safety
    /// `inst` is an instance of `store` whose module owns this code; `cells`
    /// holds valid arguments of `def`'s type and has at least
    /// `max(params, results)` cells; the store's call count was raised by the
    /// entry from the host (`Func::call_raw`), so no instance is reclaimed
    /// during the call.
    unsafe fn call(
        &self,
        store: &mut Store,
        inst: u32,
        def: u32,
        cells: &mut [u64],
    ) -> Result<(), Trap>;

    /// `n` calls or loop back-edges of `def` ran in another tier (the
    /// interpreter reports them to the compiled tier for tier-up).
    fn note_heat(&self, _store: &Store, _inst: u32, _def: u32, _n: u32) {}

    /// Whether `note_heat` does anything (the interpreter skips counting
    /// otherwise).
    fn wants_heat(&self) -> bool {
        false
    }

    /// A listing of defined function `def`'s code in this tier, for
    /// debugging (`ferrowasm inspect --disassemble`); None if the tier has
    /// no readable form.
    fn disassemble(&self, _def: u32) -> Option<String> {
        None
    }

    fn as_any(&self) -> &dyn Any;
}

/// Where a defined function's compiled code is published. Compiled
/// callers read `native` (its address is baked into their code and into
/// the store's `VMFuncRef`s), so the record never moves while the module
/// lives (`ModuleCode::funcs` is a boxed slice).
#[repr(C)]
pub(crate) struct FuncCode {
    /// Entry point with the native wasm signature; null until compiled.
    pub(crate) native: AtomicPtr<u8>,
    /// Array-call trampoline of the compiled code (published first).
    pub(crate) array: AtomicPtr<u8>,
}

// Publishing is the compiling tier's (absent without the `jit` feature).
#[cfg_attr(not(feature = "jit"), allow(dead_code))]
impl FuncCode {
    /// Whether the function has compiled code.
    #[inline(always)]
    pub(crate) fn is_compiled(&self) -> bool {
        !self.native.load(Ordering::Acquire).is_null()
    }

    /// Install compiled code: from now on calls go to it.
    pub(crate) fn publish(&self, native: *const u8, array: *const u8) {
        self.array.store(array as *mut u8, Ordering::Release);
        self.native.store(native as *mut u8, Ordering::Release);
    }

    /// (native entry, array-call trampoline); null until compiled.
    pub(crate) fn entries(&self) -> (*const u8, *const u8) {
        let native = self.native.load(Ordering::Acquire);
        (native, self.array.load(Ordering::Acquire))
    }
}

/// The code of a module: its tiers and which one runs each function.
pub(crate) struct ModuleCode {
    pub(crate) funcs: Box<[FuncCode]>,
    /// The interpreter's code (absent on `Tier::Jit`).
    pub(crate) interp: Option<Box<dyn TierCode>>,
    /// The compiler's code: functions whose entry is published run here.
    pub(crate) compiled: Option<Box<dyn TierCode>>,
    /// `compiled.wants_heat()`, read by the interpreter on every call.
    pub(crate) counts_heat: bool,
}

impl ModuleCode {
    /// Code for `num_defined` functions, none compiled yet.
    pub(crate) fn new(
        num_defined: usize,
        interp: Option<Box<dyn TierCode>>,
        compiled: Option<Box<dyn TierCode>>,
    ) -> ModuleCode {
        ModuleCode {
            funcs: (0..num_defined)
                .map(|_| FuncCode {
                    native: AtomicPtr::new(std::ptr::null_mut()),
                    array: AtomicPtr::new(std::ptr::null_mut()),
                })
                .collect(),
            counts_heat: compiled.as_ref().is_some_and(|c| c.wants_heat()),
            interp,
            compiled,
        }
    }

    /// The tier that runs `def` now.
    #[inline(always)]
    pub(crate) fn current(&self, def: u32) -> Option<&dyn TierCode> {
        if self.funcs[def as usize].is_compiled() {
            self.compiled.as_deref()
        } else {
            self.interp.as_deref()
        }
    }

    /// The slot where `def`'s compiled entry is published.
    pub(crate) fn entry_slot(&self, def: u32) -> *const AtomicPtr<u8> {
        &self.funcs[def as usize].native
    }

    /// The interpreted tier's code as its own type.
    pub(crate) fn interp_as<T: 'static>(&self) -> Option<&T> {
        self.interp.as_ref()?.as_any().downcast_ref()
    }

    /// The compiled tier's code as its own type.
    #[cfg_attr(not(feature = "jit"), allow(dead_code))]
    pub(crate) fn compiled_as<T: 'static>(&self) -> Option<&T> {
        self.compiled.as_ref()?.as_any().downcast_ref()
    }
}
