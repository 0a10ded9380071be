//! The engine's tiers: the one place that knows both the interpreter and
//! the JIT, and picks the backend for `Config::tier`. It sits above
//! `runtime`, `interp` and `jit`, which never name each other.

use crate::interp;
use crate::runtime::error::Result;
use crate::runtime::module::ModuleInner;
use crate::runtime::tier::{Backend, ModuleCode};
use crate::runtime::{Config, Engine, Tier};

impl Engine {
    /// An engine with `config`; its modules run on `config.tier`.
    pub fn new(config: Config) -> Self {
        let backend: Box<dyn Backend> = match config.tier {
            Tier::Interp => Box::new(Interp),
            #[cfg(feature = "jit")]
            Tier::Jit => Box::new(jit_backend::Jit),
            #[cfg(feature = "jit")]
            Tier::Auto => Box::new(jit_backend::Auto),
            // Without the JIT, every tier interprets.
            #[cfg(not(feature = "jit"))]
            Tier::Jit | Tier::Auto => Box::new(Interp),
        };
        Engine::with_backend(config, backend)
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Config::default())
    }
}

/// `Tier::Interp`: every function interpreted.
struct Interp;

impl Backend for Interp {
    fn prepare(&self, m: &ModuleInner) -> Result<ModuleCode> {
        let code = interp::translate_module(m)?;
        Ok(ModuleCode::new(m.bodies.len(), Some(Box::new(code)), None))
    }
}

#[cfg(feature = "jit")]
mod jit_backend {
    use super::*;
    use crate::jit::{compile_all, ModuleJit};

    /// `Tier::Jit`: every function compiled before the module is returned,
    /// but those using exception handling, which are interpreted (the JIT
    /// does not unwind yet); no interpreter code is made for the others.
    pub(super) struct Jit;

    impl Backend for Jit {
        fn prepare(&self, m: &ModuleInner) -> Result<ModuleCode> {
            let n = m.bodies.len();
            let interp: Option<Box<dyn crate::runtime::tier::TierCode>> =
                if m.eh_funcs.iter().any(|&e| e) {
                    Some(Box::new(interp::translate_module_where(m, |d| {
                        m.eh_funcs[d as usize]
                    })?))
                } else {
                    None
                };
            let code = ModuleCode::new(n, interp, Some(Box::new(ModuleJit::new(n, false))));
            compile_all(m, &code)?;
            Ok(code)
        }
    }

    /// `Tier::Auto`: interpreted at once, hot functions compiled in the
    /// background.
    pub(super) struct Auto;

    impl Backend for Auto {
        fn prepare(&self, m: &ModuleInner) -> Result<ModuleCode> {
            let n = m.bodies.len();
            let interp = interp::translate_module(m)?;
            Ok(ModuleCode::new(
                n,
                Some(Box::new(interp)),
                Some(Box::new(ModuleJit::new(n, true))),
            ))
        }
    }
}
