//! `wasm_runtime_load` / `wasm_runtime_unload`.
//!
//! A module is compiled for the engine of the default running mode when it
//! is loaded, and again (once) for another mode if an instance is made in
//! that mode.

use super::alloc;
use super::state::{self, Kind};
use super::{guard, write_error_buf};
use crate::runtime::{Module, Tier};
use std::ffi::{c_char, c_void};
use std::sync::Mutex;

/// A loaded module (`wasm_module_t`).
pub struct EmbedModule {
    /// The module compiled per tier (interp, jit, auto); at least one.
    compiled: Mutex<[Option<Module>; 3]>,
    /// Name, WASI settings, and the type records handed to the host.
    pub(crate) meta: Mutex<super::query::ModuleMeta>,
}

fn slot(t: Tier) -> usize {
    match t {
        Tier::Interp => 0,
        Tier::Jit => 1,
        Tier::Auto => 2,
    }
}

/// Under a pool, what a load may need at its peak: measured (ci: the
/// benchmark workloads and WASI examples, 0.2-70 KB) at 5-8.5x the module's
/// size plus a few KB on the interpreter, and 1-4.7 MB for Cranelift.
fn load_budget(size: usize, tier: Tier) -> usize {
    match tier {
        Tier::Interp => size.saturating_mul(8).saturating_add(16 << 10),
        _ => size.saturating_mul(128).saturating_add(4 << 20),
    }
}

/// Fail early when a pool clearly cannot hold the compiled module.
fn check_budget(need: usize) -> Result<(), String> {
    if let Some((_, free, _)) = alloc::pool_info() {
        if need > free {
            return Err(format!(
                "{} (loading needs about {need} bytes, {free} are free)",
                alloc::exhausted_message()
            ));
        }
    }
    if !alloc::relieve() {
        return Err(alloc::exhausted_message());
    }
    Ok(())
}

/// Compile `bytes` for `mode`, turning pool exhaustion into an error.
pub(crate) fn compile(bytes: &[u8], mode: u32) -> Result<Module, String> {
    let engine = state::engine_for(mode)?;
    check_budget(load_budget(bytes.len(), engine.config().tier))?;
    let m = Module::new(&engine, bytes).map_err(|e| e.to_string())?;
    if alloc::PRESSURE.load(std::sync::atomic::Ordering::Acquire) {
        drop(m);
        alloc::relieve();
        return Err(alloc::exhausted_message());
    }
    Ok(m)
}

impl EmbedModule {
    /// The module compiled for `mode` (compiling it now if needed).
    pub(crate) fn for_mode(&self, mode: u32) -> Result<Module, String> {
        let tier = state::mode_tier(mode).ok_or("unsupported running mode")?;
        let bytes = {
            let c = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(m) = &c[slot(tier)] {
                return Ok(m.clone());
            }
            let any = c.iter().flatten().next().ok_or("module has no code")?;
            any.bytes().to_vec()
        };
        let m = compile(&bytes, mode)?;
        let mut c = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        Ok(c[slot(tier)].get_or_insert(m).clone())
    }

    /// The handle of a live module.
    ///
    /// # Safety
    /// None beyond the registry check: `ptr` is only dereferenced if live.
    pub(crate) unsafe fn from_handle<'a>(ptr: *const EmbedModule) -> Option<&'a EmbedModule> {
        if state::is_live(ptr as *const c_void, Kind::Module) {
            // SAFETY: live handles point to boxed modules not yet unloaded.
            Some(unsafe { &*ptr })
        } else {
            None
        }
    }
}

impl EmbedModule {
    /// Any compiled form of the module (for its imports, exports, bytes).
    pub(crate) fn any(&self) -> Option<Module> {
        let c = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        c.iter().flatten().next().cloned()
    }

    /// The module's meta data, locked.
    pub(crate) fn meta(&self) -> std::sync::MutexGuard<'_, super::query::ModuleMeta> {
        self.meta.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load(
    buf: *mut u8,
    size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedModule {
    let r = guard(Err("internal error".to_string()), || {
        if buf.is_null() {
            return Err("the buffer is NULL".to_string());
        }
        // SAFETY: the host gives `size` readable bytes at `buf`.
        let bytes = unsafe { std::slice::from_raw_parts(buf, size as usize) };
        if bytes.starts_with(b"\0aot") {
            return Err(
                "this is a WAMR AOT file: ferrowasm loads wasm bytecode only \
                        (AOT support is not built in)"
                    .to_string(),
            );
        }
        let mode = state::default_mode()?;
        let tier = state::mode_tier(mode).ok_or("unsupported running mode")?;
        let m = compile(bytes, mode)?;
        let mut compiled = [None, None, None];
        compiled[slot(tier)] = Some(m);
        let p = Box::into_raw(Box::new(EmbedModule {
            compiled: Mutex::new(compiled),
            meta: Mutex::new(super::query::ModuleMeta::default()),
        }));
        state::register_handle(p as *const c_void, Kind::Module);
        super::query::log(3, &format!("loaded a module of {} bytes", bytes.len()));
        Ok(p)
    });
    match r {
        Ok(p) => p,
        Err(e) => {
            write_error_buf(
                error_buf,
                error_buf_size,
                &format!("WASM module load failed: {e}"),
            );
            std::ptr::null_mut()
        }
    }
}

/// Free a module box (its handle already unregistered).
///
/// # Safety
/// `p` is a box from wasm_runtime_load.
pub(crate) unsafe fn free_module(p: *mut EmbedModule) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Box::from_raw(p) });
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unload(module: *mut EmbedModule) {
    guard((), || {
        if state::unregister_handle(module as *const c_void, Kind::Module) {
            super::query::forget_module(module);
            // SAFETY: it was live: a box from wasm_runtime_load, now ours.
            // Instances keep their own reference to the compiled code.
            drop(unsafe { Box::from_raw(module) });
        }
    })
}
