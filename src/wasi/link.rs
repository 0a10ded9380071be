//! The WASI function table and the linking of a module's WASI imports:
//! each import is checked by name and signature against the table and
//! becomes a host function bound to the context's state.

use super::abi::{Errno, Flavor};
use super::ctx::{WasiCtx, WasiState};
use super::mem::GuestMem;
use super::{fs, misc, path, poll};
use crate::runtime::{
    Caller, Error, Extern, ExternType, Func, FuncType, Instance, Memory, Module, Store, Trap,
    ValType,
};

/// Why a WASI function did not succeed: an errno for the guest, or a trap
/// (`proc_exit`, or a call the program cannot be allowed to continue from).
pub(crate) enum Fail {
    Errno(Errno),
    Trap(Trap),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Self {
        Fail::Errno(e)
    }
}

pub(crate) type WasiResult = Result<(), Fail>;

/// One WASI call in progress: the state, the caller's memory, the flavor.
pub(crate) struct Call<'a> {
    pub st: &'a mut WasiState,
    mem: Option<GuestMem<'a>>,
    pub flavor: Flavor,
    name: &'static str,
}

impl<'a> Call<'a> {
    /// The calling instance's exported `memory`: WASI passes every buffer
    /// through it, so a caller without one cannot use this function.
    pub fn mem(&mut self) -> Result<&mut GuestMem<'a>, Fail> {
        Ok(self.parts()?.1)
    }

    /// The state and the memory at once.
    pub fn parts(&mut self) -> Result<(&mut WasiState, &mut GuestMem<'a>), Fail> {
        match self.mem.as_mut() {
            Some(m) => Ok((&mut *self.st, m)),
            None => Err(Fail::Trap(Trap::host(format!(
                "WASI function `{}` needs the calling module to export its linear memory \
                 as `memory`",
                self.name
            )))),
        }
    }
}

type Imp = fn(&mut Call<'_>, &[u64]) -> WasiResult;

/// A WASI function: its name, wasm signature and implementation.
struct Def {
    name: &'static str,
    params: &'static [ValType],
    /// Returns an errno (every function but `proc_exit`).
    errno: bool,
    /// Also part of `wasi_unstable`.
    unstable: bool,
    imp: Imp,
}

const I: ValType = ValType::I32;
const L: ValType = ValType::I64;

const fn def(name: &'static str, params: &'static [ValType], imp: Imp) -> Def {
    Def {
        name,
        params,
        errno: true,
        unstable: true,
        imp,
    }
}

/// Every function of `wasi_snapshot_preview1`, in the witx order.
static DEFS: &[Def] = &[
    def("args_get", &[I, I], misc::args_get),
    def("args_sizes_get", &[I, I], misc::args_sizes_get),
    def("environ_get", &[I, I], misc::environ_get),
    def("environ_sizes_get", &[I, I], misc::environ_sizes_get),
    def("clock_res_get", &[I, I], misc::clock_res_get),
    def("clock_time_get", &[I, L, I], misc::clock_time_get),
    def("fd_advise", &[I, L, L, I], fs::fd_advise),
    def("fd_allocate", &[I, L, L], fs::fd_allocate),
    def("fd_close", &[I], fs::fd_close),
    def("fd_datasync", &[I], fs::fd_datasync),
    def("fd_fdstat_get", &[I, I], fs::fd_fdstat_get),
    def("fd_fdstat_set_flags", &[I, I], fs::fd_fdstat_set_flags),
    def("fd_fdstat_set_rights", &[I, L, L], fs::fd_fdstat_set_rights),
    def("fd_filestat_get", &[I, I], fs::fd_filestat_get),
    def("fd_filestat_set_size", &[I, L], fs::fd_filestat_set_size),
    def(
        "fd_filestat_set_times",
        &[I, L, L, I],
        fs::fd_filestat_set_times,
    ),
    def("fd_pread", &[I, I, I, L, I], fs::fd_pread),
    def("fd_prestat_get", &[I, I], fs::fd_prestat_get),
    def("fd_prestat_dir_name", &[I, I, I], fs::fd_prestat_dir_name),
    def("fd_pwrite", &[I, I, I, L, I], fs::fd_pwrite),
    def("fd_read", &[I, I, I, I], fs::fd_read),
    def("fd_readdir", &[I, I, I, L, I], fs::fd_readdir),
    def("fd_renumber", &[I, I], fs::fd_renumber),
    def("fd_seek", &[I, L, I, I], fs::fd_seek),
    def("fd_sync", &[I], fs::fd_sync),
    def("fd_tell", &[I, I], fs::fd_tell),
    def("fd_write", &[I, I, I, I], fs::fd_write),
    def(
        "path_create_directory",
        &[I, I, I],
        path::path_create_directory,
    ),
    def(
        "path_filestat_get",
        &[I, I, I, I, I],
        path::path_filestat_get,
    ),
    def(
        "path_filestat_set_times",
        &[I, I, I, I, L, L, I],
        path::path_filestat_set_times,
    ),
    def("path_link", &[I, I, I, I, I, I, I], path::path_link),
    def("path_open", &[I, I, I, I, I, L, L, I, I], path::path_open),
    def("path_readlink", &[I, I, I, I, I, I], path::path_readlink),
    def(
        "path_remove_directory",
        &[I, I, I],
        path::path_remove_directory,
    ),
    def("path_rename", &[I, I, I, I, I, I], path::path_rename),
    def("path_symlink", &[I, I, I, I, I], path::path_symlink),
    def("path_unlink_file", &[I, I, I], path::path_unlink_file),
    def("poll_oneoff", &[I, I, I, I], poll::poll_oneoff),
    Def {
        name: "proc_exit",
        params: &[I],
        errno: false,
        unstable: true,
        imp: misc::proc_exit,
    },
    def("proc_raise", &[I], misc::proc_raise),
    def("sched_yield", &[], misc::sched_yield),
    def("random_get", &[I, I], misc::random_get),
    Def {
        name: "sock_accept",
        params: &[I, I, I],
        errno: true,
        unstable: false,
        imp: misc::sock_accept,
    },
    def("sock_recv", &[I, I, I, I, I, I], misc::sock_recv),
    def("sock_send", &[I, I, I, I, I], misc::sock_send),
    def("sock_shutdown", &[I, I], misc::sock_shutdown),
];

/// The most parameters a WASI function has (`path_open`).
const MAX_PARAMS: usize = 9;

impl Def {
    fn ty(&self) -> FuncType {
        let results: &[ValType] = if self.errno { &[I] } else { &[] };
        FuncType::new(self.params.iter().copied(), results.iter().copied())
    }
}

fn find(flavor: Flavor, name: &str) -> Option<&'static Def> {
    DEFS.iter()
        .find(|d| d.name == name && (flavor == Flavor::Preview1 || d.unstable))
}

/// Whether `module` is the name of a WASI module (`wasi_snapshot_preview1`
/// or the legacy `wasi_unstable`).
pub fn is_wasi_module(module: &str) -> bool {
    Flavor::of_module(module).is_some()
}

/// The names of the WASI functions of `module` (empty if it is not a WASI module).
pub fn function_names(module: &str) -> Vec<&'static str> {
    match Flavor::of_module(module) {
        Some(f) => DEFS
            .iter()
            .filter(|d| f == Flavor::Preview1 || d.unstable)
            .map(|d| d.name)
            .collect(),
        None => Vec::new(),
    }
}

/// The memory of `inst`, remembered for the next call from the same instance.
fn memory_of(
    cache: &mut Option<(Instance, Memory)>,
    store: &Store,
    inst: Instance,
) -> Option<Memory> {
    if let Some((i, m)) = *cache {
        if i == inst {
            return Some(m);
        }
    }
    let m = inst.get_memory(store, "memory")?;
    *cache = Some((inst, m));
    Some(m)
}

impl WasiCtx {
    /// Whether `module` imports anything from a WASI module.
    pub fn uses_wasi(module: &Module) -> bool {
        module.imports().any(|i| is_wasi_module(&i.module))
    }

    /// Host functions for `module`'s WASI imports, in the module's import
    /// order: `Some` for each import from `wasi_snapshot_preview1` or
    /// `wasi_unstable`, `None` for every other import (for the caller to
    /// resolve). A WASI import that is not a function, names no WASI
    /// function, or has the wrong signature is a link error naming it.
    pub fn imports(
        &self,
        store: &mut Store,
        module: &Module,
    ) -> Result<Vec<Option<Extern>>, Error> {
        let mut out = Vec::with_capacity(module.imports().len());
        for imp in module.imports() {
            let Some(flavor) = Flavor::of_module(&imp.module) else {
                out.push(None);
                continue;
            };
            let link_error = |message: String| Error::Link {
                module: imp.module.clone(),
                name: imp.name.clone(),
                message,
            };
            let ExternType::Func(want) = &imp.ty else {
                return Err(link_error(format!(
                    "WASI provides only functions, but a {} is imported",
                    imp.ty.kind_name()
                )));
            };
            let Some(d) = find(flavor, &imp.name) else {
                return Err(link_error(format!(
                    "unknown WASI function (`{}` has no function `{}`)",
                    imp.module, imp.name
                )));
            };
            let ty = d.ty();
            if *want != ty {
                return Err(link_error(format!(
                    "wrong signature for WASI function `{}`: expected {ty}, the module imports \
                     {want}",
                    d.name
                )));
            }
            out.push(Some(Extern::Func(self.host_func(store, flavor, d))));
        }
        Ok(out)
    }

    fn host_func(&self, store: &mut Store, flavor: Flavor, d: &'static Def) -> Func {
        let state = self.state.clone();
        let nparams = d.params.len();
        Func::new_raw(
            store,
            d.ty(),
            move |caller: &mut Caller<'_>, cells: &mut [u64]| {
                let mut args = [0u64; MAX_PARAMS];
                args[..nparams].copy_from_slice(&cells[..nparams]);
                let inst = caller.instance();
                let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
                let st = &mut *guard;
                let store = caller.store();
                let memory = inst.and_then(|i| memory_of(&mut st.memory_cache, store, i));
                let mem = memory.map(|m| GuestMem::new(m.data_mut(store)));
                let mut call = Call {
                    st,
                    mem,
                    flavor,
                    name: d.name,
                };
                let errno = match (d.imp)(&mut call, &args[..nparams]) {
                    Ok(()) => Errno::SUCCESS,
                    Err(Fail::Errno(e)) => e,
                    Err(Fail::Trap(t)) => return Err(t),
                };
                if d.errno {
                    cells[0] = errno.0 as u64;
                }
                Ok(())
            },
        )
    }
}

/// Argument `i` as a u32 (an i32 parameter).
pub(crate) fn u32_arg(args: &[u64], i: usize) -> u32 {
    args[i] as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_and_unique() {
        assert_eq!(DEFS.len(), 46);
        let mut names: Vec<_> = DEFS.iter().map(|d| d.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), DEFS.len());
        assert!(DEFS.iter().all(|d| d.params.len() <= MAX_PARAMS));
        assert!(find(Flavor::Unstable, "sock_accept").is_none());
        assert!(find(Flavor::Preview1, "sock_accept").is_some());
        assert_eq!(function_names("wasi_unstable").len(), 45);
    }
}
