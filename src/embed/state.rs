//! Runtime lifetime (`wasm_runtime_init`, `_full_init`, `_destroy`), the
//! engines of the running modes, and the registry of live handles.
//!
//! The runtime is process-wide, as in WAMR. `wasm_runtime_init` may be
//! called again while it is up (a count; each call needs its destroy);
//! `wasm_runtime_full_init` with another allocator than the one in force
//! fails. Locks are never held while wasm or host code runs.

use super::alloc::{self, AllocChoice};
use super::natives::{self, Registry};
use super::{c_str, guard, set_last_error};
use crate::runtime::{Config, Engine, Tier};
use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, MutexGuard};

pub const MODE_INTERP: u32 = 1;
pub const MODE_FAST_JIT: u32 = 2;
pub const MODE_LLVM_JIT: u32 = 3;
pub const MODE_MULTI_TIER_JIT: u32 = 4;

const ALLOC_WITH_POOL: u32 = 0;
const ALLOC_WITH_ALLOCATOR: u32 = 1;
const ALLOC_WITH_SYSTEM_ALLOCATOR: u32 = 2;

/// The tier a running mode runs on, if this build has it.
pub(crate) fn mode_tier(mode: u32) -> Option<Tier> {
    let tier = match mode {
        MODE_INTERP => Tier::Interp,
        MODE_FAST_JIT | MODE_LLVM_JIT => Tier::Jit,
        MODE_MULTI_TIER_JIT => Tier::Auto,
        _ => return None,
    };
    tier.available().then_some(tier)
}

fn tier_slot(t: Tier) -> usize {
    match t {
        Tier::Interp => 0,
        Tier::Jit => 1,
        Tier::Auto => 2,
    }
}

/// Hashes handle addresses (unique, not attacker-chosen) with one
/// multiplication instead of SipHash: the registry is on every call's path.
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type Handles = HashMap<usize, Kind, BuildHasherDefault<AddrHasher>>;

/// What kind of object a handle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Module,
    Instance,
    ExecEnv,
    /// A function handle (freed with its instance).
    Func,
}

/// A thread of `wasm_runtime_spawn_thread` not yet joined.
pub(crate) struct ThreadEntry {
    /// None while a join is waiting for it.
    pub(crate) handle: Option<std::thread::JoinHandle<usize>>,
    /// Its spawned exec env (freed at join).
    pub(crate) env: usize,
}

pub(crate) struct Runtime {
    refs: u32,
    alloc: AllocChoice,
    pub(crate) default_mode: u32,
    engines: [Option<Engine>; 3],
    pub(crate) natives: Registry,
    /// RuntimeInitArgs::max_thread_num (0 there: 4): how many spawned exec
    /// envs (threads included) a cluster may have alive at once.
    pub(crate) max_thread_num: u32,
    handles: Handles,
    /// Live spawned exec envs: env -> the root of its cluster.
    spawned: HashMap<usize, usize>,
    /// Threads not yet joined, by tid.
    threads: HashMap<usize, ThreadEntry>,
    next_tid: usize,
}

static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);

fn lock() -> MutexGuard<'static, Option<Runtime>> {
    RUNTIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Multi-tier JIT compiles on a background thread at times nobody chooses:
/// its memory (and the thread's) cannot be bounded by a pool.
const NO_TIER_UP_IN_POOL: &str = "Mode_Multi_Tier_JIT compiles in the background, which a \
     memory pool or host allocator cannot bound: use Mode_Interp or Mode_Fast_JIT";

const NOT_UP: &str = "the runtime is not initialized (call wasm_runtime_init first)";

/// Run `f` on the runtime, or fail when it is not up.
pub(crate) fn with_runtime<R>(f: impl FnOnce(&mut Runtime) -> R) -> Result<R, String> {
    lock().as_mut().map(f).ok_or_else(|| NOT_UP.to_string())
}

/// Whether `ptr` is a live handle of kind `kind`.
pub(crate) fn is_live(ptr: *const c_void, kind: Kind) -> bool {
    !ptr.is_null()
        && lock()
            .as_ref()
            .is_some_and(|r| r.handles.get(&(ptr as usize)) == Some(&kind))
}

/// Whether `ptr` is a live handle of kind `kind` and, if so, whether the
/// handle `then(ptr)` names (read while the registry is locked, so that it
/// cannot be freed meanwhile) is live with kind `then_kind`: one lock for
/// an exec env and its instance.
pub(crate) fn is_live_pair(
    ptr: *const c_void,
    kind: Kind,
    then: impl FnOnce(*const c_void) -> *const c_void,
    then_kind: Kind,
) -> (bool, bool) {
    if ptr.is_null() {
        return (false, false);
    }
    let g = lock();
    let Some(r) = g.as_ref() else {
        return (false, false);
    };
    if r.handles.get(&(ptr as usize)) != Some(&kind) {
        return (false, false);
    }
    let second = then(ptr);
    (true, r.handles.get(&(second as usize)) == Some(&then_kind))
}

/// Run `f` while the registry is locked, if `ptr` is a live handle of kind
/// `kind` (so that it cannot be freed meanwhile). `f` must not call back
/// into the registry.
pub(crate) fn with_live<R>(ptr: *const c_void, kind: Kind, f: impl FnOnce() -> R) -> Option<R> {
    if ptr.is_null() {
        return None;
    }
    let g = lock();
    let r = g.as_ref()?;
    (r.handles.get(&(ptr as usize)) == Some(&kind)).then(f)
}

/// The live handles of kind `kind` (addresses).
pub(crate) fn live_of_kind(kind: Kind) -> Vec<usize> {
    lock().as_ref().map_or(Vec::new(), |r| {
        r.handles
            .iter()
            .filter(|(_, k)| **k == kind)
            .map(|(p, _)| *p)
            .collect()
    })
}

/// Forget handles (of any kind) that are about to be freed.
pub(crate) fn unregister_all(ptrs: impl Iterator<Item = *const c_void>) {
    if let Some(r) = lock().as_mut() {
        for p in ptrs {
            r.handles.remove(&(p as usize));
        }
    }
}

/// Forget a live instance that is not spawned, unless exec envs spawned
/// from it (its cluster) are alive: Ok(whether it was live).
pub(crate) fn unregister_root_instance(ptr: *const c_void) -> Result<bool, String> {
    let mut g = lock();
    let Some(r) = g.as_mut() else {
        return Ok(false);
    };
    if r.handles.get(&(ptr as usize)) != Some(&Kind::Instance) {
        return Ok(false);
    }
    let n = r
        .spawned
        .values()
        .filter(|&&root| root == ptr as usize)
        .count();
    if n > 0 {
        return Err(format!(
            "cannot deinstantiate an instance while {n} exec env(s) spawned from it are alive \
             (wasm_runtime_destroy_spawned_exec_env / wasm_runtime_join_thread first)"
        ));
    }
    r.handles.remove(&(ptr as usize));
    Ok(true)
}

/// Reserve a place for a spawned exec env in `root`'s cluster: fails when
/// the cluster already has max_thread_num of them. The reservation is
/// `ticket` (any unique address) until [`confirm_spawn`] or
/// [`cancel_spawn`].
pub(crate) fn reserve_spawn(root: usize, ticket: usize) -> Result<(), String> {
    with_runtime(|r| {
        let n = r.spawned.values().filter(|&&x| x == root).count();
        if n >= r.max_thread_num as usize {
            return Err(format!(
                "cannot spawn another exec env: its cluster already has {n}, the maximum \
                 (RuntimeInitArgs::max_thread_num, 4 when not set)"
            ));
        }
        r.spawned.insert(ticket, root);
        Ok(())
    })?
}

/// Register a spawned exec env (and its instance) in place of its
/// reservation.
pub(crate) fn confirm_spawn(ticket: usize, env: *const c_void, inst: *const c_void) {
    if let Some(r) = lock().as_mut() {
        if let Some(root) = r.spawned.remove(&ticket) {
            r.spawned.insert(env as usize, root);
        }
        r.handles.insert(inst as usize, Kind::Instance);
        r.handles.insert(env as usize, Kind::ExecEnv);
    }
}

pub(crate) fn cancel_spawn(ticket: usize) {
    if let Some(r) = lock().as_mut() {
        r.spawned.remove(&ticket);
    }
}

/// Whether `env` is a live spawned exec env.
pub(crate) fn is_spawned(env: *const c_void) -> bool {
    lock()
        .as_ref()
        .is_some_and(|r| r.spawned.contains_key(&(env as usize)))
}

/// Forget a live spawned exec env and its instance (both about to be
/// freed). The exec env of a thread is only freed by its join
/// (`by_join`), which also forgets the thread.
pub(crate) fn unregister_spawned(
    env: *const c_void,
    inst: *const c_void,
    by_join: bool,
) -> Result<(), String> {
    let mut g = lock();
    let r = g.as_mut().ok_or(NOT_UP)?;
    if !r.spawned.contains_key(&(env as usize)) {
        return Err("not a spawned exec env (or already destroyed)".into());
    }
    let tid = r
        .threads
        .iter()
        .find(|(_, t)| t.env == env as usize)
        .map(|(&tid, _)| tid);
    match (tid, by_join) {
        (Some(tid), false) => {
            return Err(format!(
                "this exec env belongs to thread {tid}: wasm_runtime_join_thread frees it"
            ))
        }
        (Some(tid), true) => {
            r.threads.remove(&tid);
        }
        (None, _) => {}
    }
    r.spawned.remove(&(env as usize));
    r.handles.remove(&(env as usize));
    r.handles.remove(&(inst as usize));
    Ok(())
}

/// Record a started thread: its tid (never 0).
pub(crate) fn add_thread(
    handle: std::thread::JoinHandle<usize>,
    env: usize,
) -> Result<usize, std::thread::JoinHandle<usize>> {
    let mut g = lock();
    let Some(r) = g.as_mut() else {
        return Err(handle);
    };
    r.next_tid += 1;
    let tid = r.next_tid;
    r.threads.insert(
        tid,
        ThreadEntry {
            handle: Some(handle),
            env,
        },
    );
    Ok(tid)
}

/// Take the join handle of thread `tid` (to join it) and its exec env;
/// the thread stays recorded until its exec env is freed.
pub(crate) fn take_thread(tid: usize) -> Result<(std::thread::JoinHandle<usize>, usize), String> {
    let mut g = lock();
    let r = g.as_mut().ok_or(NOT_UP)?;
    let t = r
        .threads
        .get_mut(&tid)
        .ok_or_else(|| format!("no thread {tid} to join (never spawned, or already joined)"))?;
    if t.handle
        .as_ref()
        .is_some_and(|h| h.thread().id() == std::thread::current().id())
    {
        return Err("a thread cannot join itself".into());
    }
    let h = t
        .handle
        .take()
        .ok_or_else(|| format!("thread {tid} is being joined already"))?;
    Ok((h, t.env))
}

/// Forget thread `tid` (joined, its exec env already gone).
pub(crate) fn forget_thread(tid: usize) {
    if let Some(r) = lock().as_mut() {
        r.threads.remove(&tid);
    }
}

/// Whether the runtime uses the system allocator.
pub(crate) fn system_alloc() -> bool {
    lock()
        .as_ref()
        .is_some_and(|r| r.alloc == AllocChoice::System)
}

pub(crate) fn register_handle(ptr: *const c_void, kind: Kind) {
    if let Some(r) = lock().as_mut() {
        r.handles.insert(ptr as usize, kind);
    }
}

/// Forget a handle; whether it was live with that kind.
pub(crate) fn unregister_handle(ptr: *const c_void, kind: Kind) -> bool {
    let mut g = lock();
    let Some(r) = g.as_mut() else { return false };
    if r.handles.get(&(ptr as usize)) != Some(&kind) {
        return false;
    }
    r.handles.remove(&(ptr as usize));
    true
}

/// The engine of `mode` (made on first use).
pub(crate) fn engine_for(mode: u32) -> Result<Engine, String> {
    let tier = mode_tier(mode).ok_or_else(|| format!("running mode {mode} is not supported"))?;
    with_runtime(|r| {
        let heap = r.alloc != AllocChoice::System;
        r.engines[tier_slot(tier)]
            .get_or_insert_with(|| {
                Engine::new(Config {
                    tier,
                    memories_in_heap: heap,
                    ..Config::default()
                })
            })
            .clone()
    })
}

/// The default running mode.
pub(crate) fn default_mode() -> Result<u32, String> {
    with_runtime(|r| r.default_mode)
}

/// The part of WAMR's RuntimeInitArgs we read (the layout is WAMR's).
#[repr(C)]
pub struct RuntimeInitArgs {
    pub mem_alloc_type: u32,
    pub mem_alloc_option: [*mut c_void; 4],
    pub native_module_name: *const c_char,
    pub native_symbols: *mut natives::NativeSymbol,
    pub n_native_symbols: u32,
    pub max_thread_num: u32,
    pub ip_addr: [c_char; 128],
    pub unused: i32,
    pub instance_port: i32,
    pub fast_jit_code_cache_size: u32,
    pub gc_heap_size: u32,
    pub running_mode: u32,
    pub llvm_jit_opt_level: u32,
    pub llvm_jit_size_level: u32,
    pub segue_flags: u32,
    pub enable_linux_perf: bool,
}

fn full_init(args: &RuntimeInitArgs) -> Result<(), String> {
    // Look up this thread's stack bounds now (on the main thread glibc
    // reads /proc/self/maps with malloc), so that no call made between
    // init and destroy reaches the system allocator for it.
    crate::runtime::stack::prime();
    let choice = match args.mem_alloc_type {
        ALLOC_WITH_SYSTEM_ALLOCATOR => AllocChoice::System,
        ALLOC_WITH_POOL => {
            let buf = args.mem_alloc_option[0];
            // `pool.heap_size` is the uint32 after the pointer.
            let size = args.mem_alloc_option[1] as usize as u32;
            AllocChoice::Pool(buf as usize, size as usize)
        }
        ALLOC_WITH_ALLOCATOR => {
            let (m, f) = (args.mem_alloc_option[0], args.mem_alloc_option[2]);
            if m.is_null() || f.is_null() {
                return Err("Alloc_With_Allocator needs malloc_func and free_func".into());
            }
            AllocChoice::User(m as usize, f as usize)
        }
        other => return Err(format!("unknown mem_alloc_type {other}")),
    };
    let mode = match args.running_mode {
        // As WAMR with its multi-tier JIT built: the best mode there is,
        // which is the interpreter under a pool (see NO_TIER_UP_IN_POOL).
        0 if choice == AllocChoice::System && cfg!(feature = "jit") => MODE_MULTI_TIER_JIT,
        0 => MODE_INTERP,
        m if mode_tier(m).is_some() => m,
        m => return Err(format!("running mode {m} is not supported by this build")),
    };
    if choice != AllocChoice::System && mode == MODE_MULTI_TIER_JIT {
        return Err(NO_TIER_UP_IN_POOL.into());
    }
    {
        let mut g = lock();
        if let Some(r) = g.as_mut() {
            if r.alloc != choice {
                return Err(
                    "the runtime is already initialized with another memory allocator".into(),
                );
            }
            r.refs += 1;
            drop(g);
            return register_init_natives(args);
        }
    }
    // Things that allocate lazily and live for the thread or the process
    // are touched before a pool takes over, so that they are not left
    // inside the host's buffer.
    super::touch_last_error();
    let _ = std::thread::current();
    alloc::install(choice)?;
    let runtime = Runtime {
        refs: 1,
        alloc: choice,
        default_mode: mode,
        engines: [None, None, None],
        natives: Registry::default(),
        max_thread_num: if args.max_thread_num == 0 {
            4
        } else {
            args.max_thread_num
        },
        handles: Handles::default(),
        spawned: HashMap::new(),
        threads: HashMap::new(),
        next_tid: 0,
    };
    *lock() = Some(runtime);
    // The default mode's engine now, so that its memory is counted as the
    // runtime's own from the start.
    if let Err(e) = engine_for(mode)
        .and_then(|_| super::libc_builtin::register())
        .and_then(|_| register_init_natives(args))
    {
        destroy();
        return Err(e);
    }
    Ok(())
}

fn register_init_natives(args: &RuntimeInitArgs) -> Result<(), String> {
    if args.n_native_symbols == 0 {
        return Ok(());
    }
    // SAFETY: the host's module name is NUL-terminated when not NULL.
    let name = unsafe { c_str(args.native_module_name) }
        .ok_or("native_symbols given without native_module_name")?;
    // SAFETY: the host gives n_native_symbols entries at native_symbols.
    unsafe { natives::register(&name, args.native_symbols, args.n_native_symbols, false) }
}

fn destroy() {
    // Threads not joined are waited for first, with the runtime still up
    // (their calls work to the end); a thread may start others meanwhile,
    // and a join in progress elsewhere is let finish.
    loop {
        let handles: Vec<std::thread::JoinHandle<usize>> = {
            let mut g = lock();
            let Some(r) = g.as_mut() else { return };
            if r.refs > 1 || r.threads.is_empty() {
                break;
            }
            let me = std::thread::current().id();
            let ready: Vec<usize> = r
                .threads
                .iter()
                .filter(|(_, t)| t.handle.as_ref().is_some_and(|h| h.thread().id() != me))
                .map(|(&tid, _)| tid)
                .collect();
            ready
                .into_iter()
                .filter_map(|tid| r.threads.remove(&tid).and_then(|t| t.handle))
                .collect()
        };
        if handles.is_empty() {
            // Joins in progress elsewhere: let them free their exec envs.
            // (A thread destroying the runtime itself is not waited for.)
            let joining = lock()
                .as_ref()
                .is_some_and(|r| r.threads.values().any(|t| t.handle.is_none()));
            if !joining {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
            continue;
        }
        for h in handles {
            let _ = h.join();
        }
    }
    let runtime = {
        let mut g = lock();
        let Some(r) = g.as_mut() else { return };
        r.refs -= 1;
        if r.refs > 0 {
            return;
        }
        g.take()
    };
    // Outside the lock: what the host left alive (exec envs, instances,
    // modules, in that order), then engines and registries, all go back to
    // the pool before it is given back.
    if let Some(mut r) = runtime {
        let handles = std::mem::take(&mut r.handles);
        let live_instances: std::collections::HashSet<usize> = handles
            .iter()
            .filter(|(_, k)| **k == Kind::Instance)
            .map(|(&p, _)| p)
            .collect();
        for kind in [Kind::ExecEnv, Kind::Instance, Kind::Module] {
            // Spawned exec envs and their instances are ordinary handles
            // here; function handles go with their instances.
            for (&p, _) in handles.iter().filter(|(_, k)| **k == kind) {
                // SAFETY: live handles of these kinds are boxes of these
                // types; each is freed once (the registry is gone).
                unsafe {
                    match kind {
                        Kind::ExecEnv => {
                            super::call::free_exec_env_at_destroy(p as *mut _, &live_instances)
                        }
                        Kind::Instance => super::instance::free_instance(p as *mut _),
                        Kind::Module => super::module::free_module(p as *mut _),
                        Kind::Func => {}
                    }
                }
            }
        }
        drop(r);
    }
    // The registries of the other files hold memory of this allocator.
    super::extra::clear_all();
    super::query::clear_registry();
    super::clear_last_error();
    alloc::uninstall();
}

#[no_mangle]
pub extern "C" fn wasm_runtime_init() -> bool {
    guard(false, || {
        // SAFETY: all-zero is a valid RuntimeInitArgs (NULL pointers, zero
        // counts, mode 0).
        let mut args: RuntimeInitArgs = unsafe { std::mem::zeroed() };
        args.mem_alloc_type = ALLOC_WITH_SYSTEM_ALLOCATOR;
        match full_init(&args) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(e);
                false
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_full_init(init_args: *mut RuntimeInitArgs) -> bool {
    guard(false, || {
        // SAFETY: the host passes NULL or a valid RuntimeInitArgs.
        let Some(args) = (unsafe { init_args.as_ref() }) else {
            set_last_error("wasm_runtime_full_init: init_args is NULL");
            return false;
        };
        match full_init(args) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(format!("wasm_runtime_full_init: {e}"));
                false
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_destroy() {
    guard((), destroy)
}

#[no_mangle]
pub extern "C" fn wasm_runtime_is_running_mode_supported(running_mode: u32) -> bool {
    mode_tier(running_mode).is_some()
}

#[no_mangle]
pub extern "C" fn wasm_runtime_set_default_running_mode(running_mode: u32) -> bool {
    guard(false, || {
        if mode_tier(running_mode).is_none() {
            set_last_error(format!("running mode {running_mode} is not supported"));
            return false;
        }
        let set = with_runtime(|r| {
            if r.alloc != AllocChoice::System && running_mode == MODE_MULTI_TIER_JIT {
                return Err(NO_TIER_UP_IN_POOL.to_string());
            }
            r.default_mode = running_mode;
            Ok(())
        });
        match set.and_then(|r| r) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(e);
                false
            }
        }
    })
}
