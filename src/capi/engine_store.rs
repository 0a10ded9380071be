//! Configuration, engines and stores, and the store context every handle
//! of a store object carries.
//!
//! A `wasm_store_t` owns a runtime `Store` through a shared `StoreCtx`.
//! Handles (`wasm_func_t`, ...) hold the context (`Arc`) and a runtime
//! handle; each counts as a root of its object while it lives. Deleting
//! the store frees the runtime store (running finalizers) at once; handles
//! that outlive it only free themselves.
//!
//! Objects nobody holds a handle to and nothing in the store reaches are
//! reclaimed now and then (`Store::collect`), so a host that creates and
//! drops instances without end runs in bounded memory.
//!
//! Threads: a store is used by one thread at a time. Debug builds check
//! this on every entry and fail the call (with a last error) when a second
//! thread enters a store another thread is inside.

use super::{guard, set_last_error};
use crate::runtime::{Config, Engine, Store, StoreObj};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

// ---- config -------------------------------------------------------------------

pub struct wasm_config_t {
    pub(crate) config: Config,
}

#[no_mangle]
pub extern "C" fn wasm_config_new() -> Option<Box<wasm_config_t>> {
    guard(None, || {
        Some(Box::new(wasm_config_t {
            config: default_config(),
        }))
    })
}

/// The configuration of `wasm_config_new` and `wasm_engine_new`: the
/// runtime's defaults, with the tier taken from the environment variable
/// `FERROWASM_TIER` (`interp`, `jit` or `auto`) when it names one this
/// build runs, so that unchanged wasm.h programs can be run on any tier.
fn default_config() -> Config {
    let mut config = Config::default();
    if let Some(tier) = std::env::var("FERROWASM_TIER")
        .ok()
        .and_then(|t| t.parse::<crate::runtime::Tier>().ok())
        .filter(|t| t.available())
    {
        config.tier = tier;
    }
    config
}

#[no_mangle]
pub extern "C" fn wasm_config_delete(_c: Option<Box<wasm_config_t>>) {}

// ---- engine -------------------------------------------------------------------

pub struct wasm_engine_t {
    pub(crate) engine: Engine,
}

#[no_mangle]
pub extern "C" fn wasm_engine_new() -> Option<Box<wasm_engine_t>> {
    guard(None, || {
        Some(Box::new(wasm_engine_t {
            engine: Engine::new(default_config()),
        }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_engine_new_with_config(
    config: Option<Box<wasm_config_t>>,
) -> Option<Box<wasm_engine_t>> {
    guard(None, || {
        let config = config.map(|c| c.config.clone()).unwrap_or_default();
        if !config.tier.available() {
            set_last_error(format!(
                "wasm_engine_new_with_config: tier {:?} is not available in this build",
                config.tier
            ));
            return None;
        }
        Some(Box::new(wasm_engine_t {
            engine: Engine::new(config),
        }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_engine_delete(_e: Option<Box<wasm_engine_t>>) {}

// ---- store context ----------------------------------------------------------

/// Collections wait until at least this many handles were dropped (or
/// objects made) since the last one, and at least as many as were live
/// after it: the cost stays proportional to the work of the host.
const MIN_COLLECT_PRESSURE: usize = 4096;

pub(crate) struct StoreCtx {
    /// The store, owned (from `Box::into_raw`); null once deleted.
    owned: Cell<*mut Store>,
    /// The pointer to use now: `owned`, or the reborrow a host callback
    /// was given while one runs (so nested calls derive from it).
    current: Cell<*mut Store>,
    pub(crate) engine: Engine,
    /// Live handles per object.
    roots: RefCell<HashMap<StoreObj, u32>>,
    pressure: Cell<usize>,
    threshold: Cell<usize>,
    collecting: Cell<bool>,
    /// `wasm_store_delete` was called from inside one of the store's own
    /// calls: the store is freed when the outermost call returns.
    delete_pending: Cell<bool>,
    #[cfg(debug_assertions)]
    user: thread_check::ThreadCheck,
}

// SAFETY: a store and its handles are used by one thread at a time (the
// API's documented contract, checked in debug builds); the context moves
// with them. Nothing in it is touched by two threads at once.
unsafe impl Send for StoreCtx {}
// SAFETY: as above.
unsafe impl Sync for StoreCtx {}

impl StoreCtx {
    /// Run `f` on the store; None (with a last error) once it is deleted,
    /// or (debug builds) while another thread is inside it.
    pub(crate) fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        #[cfg(debug_assertions)]
        let Some(_entered) = self.user.enter() else {
            set_last_error("a store was used by two threads at the same time");
            return None;
        };
        let p = self.current.get();
        if p.is_null() {
            set_last_error("the store of this object was deleted");
            return None;
        }
        // SAFETY: `p` is the live store (owned, or the reborrow of the
        // innermost host callback). The store is used by one thread at a
        // time, and no reference into it from this layer outlives `f`
        // except through `current`, which nested calls use in turn.
        Some(f(unsafe { &mut *p }))
    }

    /// Make `store` (a host callback's reborrow) the current store while
    /// `f` runs.
    pub(crate) fn with_current<R>(&self, store: *mut Store, f: impl FnOnce() -> R) -> R {
        let prev = self.current.replace(store);
        let r = f();
        self.current.set(prev);
        r
    }

    pub(crate) fn is_alive(&self) -> bool {
        !self.owned.get().is_null()
    }

    /// Free the store now (handles see it as deleted from here on).
    fn destroy(&self) {
        let p = self.owned.replace(std::ptr::null_mut());
        self.current.set(std::ptr::null_mut());
        if let Ok(mut r) = self.roots.try_borrow_mut() {
            r.clear();
        }
        if !p.is_null() {
            // SAFETY: `p` came from Box::into_raw in wasm_store_new and is
            // freed only here (the pointers were cleared first, so
            // finalizers running now see a deleted store).
            drop(unsafe { Box::from_raw(p) });
        }
    }

    /// After a call into the store (`wasm_func_call`, `wasm_instance_new`)
    /// returned: free the store if a callback deleted it and no call is
    /// running any more.
    pub(crate) fn after_call(&self) {
        if self.delete_pending.get() && self.with_store(|s| s.in_call()) == Some(false) {
            self.delete_pending.set(false);
            self.destroy();
        }
    }

    fn root(&self, obj: StoreObj) {
        if let Ok(mut r) = self.roots.try_borrow_mut() {
            *r.entry(obj).or_insert(0) += 1;
        }
    }

    fn unroot(&self, obj: StoreObj) {
        if !self.is_alive() {
            return;
        }
        if let Ok(mut r) = self.roots.try_borrow_mut() {
            if let Some(n) = r.get_mut(&obj) {
                *n -= 1;
                if *n == 0 {
                    r.remove(&obj);
                }
            }
        }
        self.add_pressure(1);
    }

    pub(crate) fn add_pressure(&self, n: usize) {
        self.pressure.set(self.pressure.get().saturating_add(n));
    }

    /// Reclaim unreachable objects if enough work was done since the last
    /// time, and no call is running.
    pub(crate) fn maybe_collect(&self) {
        if self.pressure.get() < self.threshold.get() {
            return;
        }
        self.collect();
    }

    /// Reclaim now; the number of objects freed.
    pub(crate) fn collect(&self) -> usize {
        if self.collecting.get() || !self.is_alive() {
            return 0;
        }
        self.collecting.set(true);
        let roots: Vec<StoreObj> = match self.roots.try_borrow() {
            Ok(r) => r.keys().copied().collect(),
            Err(_) => {
                self.collecting.set(false);
                return 0;
            }
        };
        let garbage = self.with_store(|s| {
            if s.in_call() {
                return None;
            }
            let g = s.collect(roots);
            Some((g, s.live_objects()))
        });
        let mut freed = 0;
        if let Some(Some((g, live))) = garbage {
            self.pressure.set(0);
            self.threshold.set(live.max(MIN_COLLECT_PRESSURE));
            freed = g.len();
            // Finalizers run here, with the store no longer borrowed.
            drop(g);
        }
        self.collecting.set(false);
        freed
    }
}

/// A counted handle to an object of a store.
pub(crate) struct StoreRef {
    pub(crate) ctx: Arc<StoreCtx>,
    pub(crate) obj: StoreObj,
}

impl StoreRef {
    pub(crate) fn new(ctx: &Arc<StoreCtx>, obj: StoreObj) -> StoreRef {
        ctx.root(obj);
        StoreRef {
            ctx: ctx.clone(),
            obj,
        }
    }

    /// Run `f` on this object's store.
    pub(crate) fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        self.ctx.with_store(f)
    }
}

impl Clone for StoreRef {
    fn clone(&self) -> Self {
        StoreRef::new(&self.ctx, self.obj)
    }
}

impl Drop for StoreRef {
    fn drop(&mut self) {
        self.ctx.unroot(self.obj);
    }
}

impl PartialEq for StoreRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.ctx, &other.ctx) && self.obj == other.obj
    }
}

// ---- store --------------------------------------------------------------------

pub struct wasm_store_t {
    pub(crate) ctx: Arc<StoreCtx>,
}

#[no_mangle]
pub extern "C" fn wasm_store_new(engine: Option<&wasm_engine_t>) -> Option<Box<wasm_store_t>> {
    let Some(engine) = engine else {
        set_last_error("wasm_store_new: NULL engine");
        return None;
    };
    guard(None, || {
        let store = Box::into_raw(Box::new(Store::new(&engine.engine)));
        Some(Box::new(wasm_store_t {
            ctx: Arc::new(StoreCtx {
                owned: Cell::new(store),
                current: Cell::new(store),
                engine: engine.engine.clone(),
                roots: RefCell::new(HashMap::new()),
                pressure: Cell::new(0),
                threshold: Cell::new(MIN_COLLECT_PRESSURE),
                collecting: Cell::new(false),
                delete_pending: Cell::new(false),
                #[cfg(debug_assertions)]
                user: thread_check::ThreadCheck::default(),
            }),
        }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_store_delete(store: Option<Box<wasm_store_t>>) {
    let Some(store) = store else { return };
    guard((), || {
        let ctx = &store.ctx;
        // Deleted from inside one of its own host callbacks: the frames
        // below still use the store, so it is freed when the outermost
        // call returns (until then it stays usable).
        if ctx.with_store(|s| s.in_call()) == Some(true) {
            ctx.delete_pending.set(true);
            return;
        }
        ctx.destroy();
    })
}

impl wasm_store_t {
    pub(crate) fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        self.ctx.with_store(f)
    }
}

#[cfg(debug_assertions)]
mod thread_check {
    //! Debug-build detection of two threads inside one store at once.
    use std::sync::atomic::{AtomicUsize, Ordering};

    thread_local!(static TOKEN: u8 = const { 0 });

    fn me() -> usize {
        TOKEN.with(|t| t as *const u8 as usize)
    }

    #[derive(Default)]
    pub(crate) struct ThreadCheck {
        owner: AtomicUsize,
        depth: AtomicUsize,
    }

    pub(crate) struct Entered<'a>(&'a ThreadCheck);

    impl ThreadCheck {
        /// Enter the store; None when another thread is inside it.
        pub(crate) fn enter(&self) -> Option<Entered<'_>> {
            let me = me();
            match self
                .owner
                .compare_exchange(0, me, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {}
                Err(o) if o == me => {}
                Err(_) => return None,
            }
            self.depth.fetch_add(1, Ordering::AcqRel);
            Some(Entered(self))
        }
    }

    impl Drop for Entered<'_> {
        fn drop(&mut self) {
            if self.0.depth.fetch_sub(1, Ordering::AcqRel) == 1 {
                self.0.owner.store(0, Ordering::Release);
            }
        }
    }
}
