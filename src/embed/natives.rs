//! Native symbols: registration, WAMR's signature strings, linking a
//! module's imports to them, and calling them.
//!
//! A native is called with the exec env first and its arguments converted
//! by the signature: `*` and `$` offsets are checked against the calling
//! instance's linear memory (a bad one is the trap "out of bounds memory
//! access" and the native is not called) and passed as native pointers.
//! The C function's type is known only at run time, so the call goes
//! through libffi (a call interface prepared once per import); raw natives
//! take the cells directly.

use super::call::{extern_cell_to_ptr, ptr_to_extern_cell, EmbedExecEnv};
use super::instance::EmbedInstance;
use super::state::with_runtime;
use super::{c_str, guard, set_last_error};
use crate::runtime::{
    Caller, Extern, ExternType, Func, FuncType, Instance, Module, Store, Trap, TrapCode, ValType,
};
use libffi::raw::{ffi_cif, ffi_type};
use std::ffi::{c_char, c_void};
use std::sync::Arc;

/// WAMR's NativeSymbol.
#[repr(C)]
pub struct NativeSymbol {
    pub symbol: *const c_char,
    pub func_ptr: *mut c_void,
    pub signature: *const c_char,
    pub attachment: *mut c_void,
}

/// How one wasm argument reaches the native.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Param {
    I32,
    I64,
    F32,
    F64,
    Ref,
    /// `*`: an app offset, checked and converted.
    Ptr,
    /// `~`: the byte length of the preceding `*`.
    Len,
    /// `$`: a NUL-terminated string.
    Str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sig {
    pub params: Vec<Param>,
    pub result: Option<ValType>,
}

fn result_char(c: char) -> Option<ValType> {
    Some(match c {
        'i' => ValType::I32,
        'I' => ValType::I64,
        'f' => ValType::F32,
        'F' => ValType::F64,
        'r' => ValType::ExternRef,
        _ => return None,
    })
}

/// Parse a signature string such as "(ii)i", "(*~)", "($)".
pub(crate) fn parse_sig(s: &str) -> Result<Sig, String> {
    let inner = s
        .strip_prefix('(')
        .ok_or_else(|| format!("signature \"{s}\" does not start with '('"))?;
    let (params_s, result_s) = inner
        .split_once(')')
        .ok_or_else(|| format!("signature \"{s}\" has no ')'"))?;
    let mut params = Vec::new();
    for c in params_s.chars() {
        let p = match c {
            'i' => Param::I32,
            'I' => Param::I64,
            'f' => Param::F32,
            'F' => Param::F64,
            'r' => Param::Ref,
            '*' => Param::Ptr,
            '$' => Param::Str,
            '~' => {
                if params.last() != Some(&Param::Ptr) {
                    return Err(format!(
                        "signature \"{s}\": '~' must follow '*' (the length of its buffer)"
                    ));
                }
                Param::Len
            }
            other => return Err(format!("signature \"{s}\": unknown parameter '{other}'")),
        };
        params.push(p);
    }
    let mut rc = result_s.chars();
    let result = match (rc.next(), rc.next()) {
        (None, _) => None,
        (Some(c), None) => {
            Some(result_char(c).ok_or_else(|| format!("signature \"{s}\": unknown result '{c}'"))?)
        }
        _ => return Err(format!("signature \"{s}\": at most one result")),
    };
    Ok(Sig { params, result })
}

fn param_type(p: Param) -> ValType {
    match p {
        Param::I32 | Param::Ptr | Param::Len | Param::Str => ValType::I32,
        Param::I64 => ValType::I64,
        Param::F32 => ValType::F32,
        Param::F64 => ValType::F64,
        Param::Ref => ValType::ExternRef,
    }
}

/// Whether `sig` describes a function of type `ty`.
fn sig_matches(sig: &Sig, ty: &FuncType) -> bool {
    sig.params.len() == ty.params().len()
        && sig
            .params
            .iter()
            .zip(ty.params())
            .all(|(p, t)| param_type(*p) == *t)
        && ty.results() == sig.result.as_slice()
}

/// The plain signature of `ty` (no pointers), for natives registered
/// without one; None when a native cannot take it (funcref, results > 1).
fn sig_of_type(ty: &FuncType) -> Option<Sig> {
    let params = ty
        .params()
        .iter()
        .map(|t| match t {
            ValType::I32 => Some(Param::I32),
            ValType::I64 => Some(Param::I64),
            ValType::F32 => Some(Param::F32),
            ValType::F64 => Some(Param::F64),
            ValType::ExternRef => Some(Param::Ref),
            ValType::FuncRef | ValType::V128 | ValType::ExnRef => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let result = match ty.results() {
        [] => None,
        [ValType::FuncRef | ValType::V128] => return None,
        [t] => Some(*t),
        _ => return None,
    };
    Some(Sig { params, result })
}

/// `wasm_runtime_lookup_function`'s optional signature: native letters
/// ("(ii)i") or type names ("(i32i32)i32").
pub(crate) fn check_lookup_signature(s: &str, ty: &FuncType) -> Result<(), String> {
    let long = s
        .replace("i32", "i")
        .replace("i64", "I")
        .replace("f32", "f")
        .replace("f64", "F")
        .replace("externref", "r");
    let sig = parse_sig(&long)?;
    if sig_matches(&sig, ty) {
        Ok(())
    } else {
        Err(format!("signature \"{s}\" does not match its type {ty}"))
    }
}

/// One registered native.
pub(crate) struct NativeEntry {
    pub name: String,
    pub func: usize,
    pub sig: Option<Sig>,
    pub sig_text: Option<String>,
    pub attachment: usize,
    pub raw: bool,
}

struct NativeModule {
    module: String,
    /// The host's array: what identifies the registration.
    id: usize,
    entries: Vec<Arc<NativeEntry>>,
}

/// All registrations, oldest first (lookups search from the newest).
#[derive(Default)]
pub(crate) struct Registry {
    modules: Vec<NativeModule>,
}

impl Registry {
    fn find(&self, module: &str, name: &str) -> Option<Arc<NativeEntry>> {
        self.modules
            .iter()
            .rev()
            .filter(|m| m.module == module)
            .find_map(|m| m.entries.iter().find(|e| e.name == name).cloned())
    }
}

/// Register `n` natives of `module` (see `wasm_runtime_register_natives`).
///
/// # Safety
/// `syms` points to `n` NativeSymbols whose strings are NUL-terminated.
pub(crate) unsafe fn register(
    module: &str,
    syms: *mut NativeSymbol,
    n: u32,
    raw: bool,
) -> Result<(), String> {
    if syms.is_null() && n > 0 {
        return Err("native_symbols is NULL".into());
    }
    let mut entries = Vec::with_capacity(n as usize);
    for i in 0..n as usize {
        // SAFETY: the host gives n entries.
        let s = unsafe { &*syms.add(i) };
        // SAFETY: NUL-terminated when not NULL.
        let name = unsafe { c_str(s.symbol) }.ok_or(format!("native symbol {i} has no name"))?;
        if s.func_ptr.is_null() {
            return Err(format!("native \"{module}\" \"{name}\": func_ptr is NULL"));
        }
        // SAFETY: as above.
        let sig_text = unsafe { c_str(s.signature) };
        let sig = match &sig_text {
            Some(t) => {
                Some(parse_sig(t).map_err(|e| format!("native \"{module}\" \"{name}\": {e}"))?)
            }
            None => None,
        };
        entries.push(Arc::new(NativeEntry {
            name,
            func: s.func_ptr as usize,
            sig,
            sig_text,
            attachment: s.attachment as usize,
            raw,
        }));
    }
    with_runtime(|r| {
        r.natives.modules.push(NativeModule {
            module: module.to_string(),
            id: syms as usize,
            entries,
        })
    })
}

/// The id of the libc-builtin registration (never a host array's address).
const BUILTIN_ID: usize = 1;

/// Register the libc-builtin natives as the oldest registration of "env"
/// (so that every host registration wins over them).
///
/// # Safety
/// `syms` are valid symbols (NUL-terminated strings).
pub(crate) unsafe fn register_builtins(syms: &mut [NativeSymbol]) -> Result<(), String> {
    // SAFETY: guaranteed by the caller.
    unsafe { register("env", syms.as_mut_ptr(), syms.len() as u32, false)? };
    with_runtime(|r| {
        if let Some(mut m) = r.natives.modules.pop() {
            m.id = BUILTIN_ID;
            r.natives.modules.insert(0, m);
        }
    })
}

/// Forget the libc-builtin natives (if registered).
pub(crate) fn unregister_builtins() {
    let _ = with_runtime(|r| r.natives.modules.retain(|m| m.id != BUILTIN_ID));
}

fn register_entry(module: *const c_char, syms: *mut NativeSymbol, n: u32, raw: bool) -> bool {
    guard(false, || {
        // SAFETY: NUL-terminated when not NULL.
        let Some(name) = (unsafe { c_str(module) }) else {
            set_last_error("wasm_runtime_register_natives: module_name is NULL");
            return false;
        };
        // SAFETY: the host's array of n symbols.
        match unsafe { register(&name, syms, n, raw) } {
            Ok(()) => true,
            Err(e) => {
                set_last_error(format!("wasm_runtime_register_natives: {e}"));
                false
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_natives(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
    n_native_symbols: u32,
) -> bool {
    register_entry(module_name, native_symbols, n_native_symbols, false)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_natives_raw(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
    n_native_symbols: u32,
) -> bool {
    register_entry(module_name, native_symbols, n_native_symbols, true)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unregister_natives(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
) -> bool {
    guard(false, || {
        // SAFETY: NUL-terminated when not NULL.
        let Some(name) = (unsafe { c_str(module_name) }) else {
            return false;
        };
        with_runtime(|r| {
            let before = r.natives.modules.len();
            r.natives
                .modules
                .retain(|m| !(m.module == name && m.id == native_symbols as usize));
            r.natives.modules.len() != before
        })
        .unwrap_or(false)
    })
}

/// An import resolved to a native, with the signature it is called by.
pub(crate) struct Resolved {
    entry: Arc<NativeEntry>,
    sig: Sig,
    ty: FuncType,
}

/// Resolve every import of `module` to a registered native (None for a
/// WASI import, which the instance's WASI context provides), or say which
/// one cannot be.
pub(crate) fn resolve_imports(module: &Module) -> Result<Vec<Option<Resolved>>, String> {
    let imports: Vec<_> = module.imports().cloned().collect();
    let registered = super::query::registered_names();
    with_runtime(|r| {
        imports
            .iter()
            .map(|imp| {
                let (m, n) = (&imp.module, &imp.name);
                if crate::wasi::is_wasi_module(m) {
                    return Ok(None);
                }
                let ExternType::Func(ty) = &imp.ty else {
                    return Err(format!(
                        "import \"{m}\" \"{n}\" is a {}: only functions can be imported here",
                        imp.ty.kind_name()
                    ));
                };
                let entry = r.natives.find(m, n).ok_or_else(|| {
                    if registered.contains(m) {
                        return format!(
                            "import \"{m}\" \"{n}\" names a registered module: ferrowasm \
                             does not link modules to one another (WAMR's multi-module) yet"
                        );
                    }
                    format!(
                        "import function \"{m}\" \"{n}\" has no registered native \
                         (wasm_runtime_register_natives)"
                    )
                })?;
                let sig = match &entry.sig {
                    Some(sig) => {
                        if !sig_matches(sig, ty) {
                            return Err(format!(
                                "native \"{m}\" \"{n}\" has signature \"{}\", which does not \
                                 match the import's type {ty}",
                                entry.sig_text.as_deref().unwrap_or("")
                            ));
                        }
                        sig.clone()
                    }
                    None => sig_of_type(ty).ok_or_else(|| {
                        format!("native \"{m}\" \"{n}\" cannot take the import's type {ty}")
                    })?,
                };
                Ok(Some(Resolved {
                    entry,
                    sig,
                    ty: ty.clone(),
                }))
            })
            .collect()
    })?
}

/// Whether every import of `module` can be linked now.
pub(crate) fn check_resolvable(module: &Module) -> Result<(), String> {
    resolve_imports(module).map(drop)
}

/// Whether a native (function) provides `module`.`name` now; globals are
/// never provided (natives are functions only).
pub(crate) fn is_linked(module: &str, name: &str, func: bool) -> bool {
    if !func {
        return false;
    }
    if crate::wasi::is_wasi_module(module) {
        return crate::wasi::function_names(module).contains(&name);
    }
    with_runtime(|r| r.natives.find(module, name).is_some()).unwrap_or(false)
}

/// A prepared libffi call interface (immutable after preparation). Made
/// with the low-level API and Rust allocations only (libffi's `middle`
/// layer mallocs its type arrays, which would bypass a pool).
struct FfiCif {
    cif: Box<ffi_cif>,
    /// The argument types `cif` points to.
    _args: Box<[*mut ffi_type]>,
}
// SAFETY: a prepared ffi_cif is only read by ffi_call; the arrays and the
// static type descriptions it points to never change.
unsafe impl Send for FfiCif {}
// SAFETY: as above.
unsafe impl Sync for FfiCif {}

/// The instance a native belongs to (its box outlives its store).
#[derive(Clone, Copy)]
struct InstPtr(*const EmbedInstance);
// SAFETY: the instance is used from the thread running its store's calls.
unsafe impl Send for InstPtr {}
// SAFETY: as above.
unsafe impl Sync for InstPtr {}

fn ffi_type_of(t: ValType) -> *mut ffi_type {
    use libffi::raw as r;
    match t {
        ValType::I32 => &raw mut r::ffi_type_sint32,
        ValType::I64 => &raw mut r::ffi_type_sint64,
        ValType::F32 => &raw mut r::ffi_type_float,
        ValType::F64 => &raw mut r::ffi_type_double,
        ValType::ExternRef | ValType::FuncRef => &raw mut r::ffi_type_pointer,
        ValType::V128 | ValType::ExnRef => {
            unreachable!("natives never take a v128 or an exnref (sig_of_type)")
        }
    }
}

/// The call interface of `void/T f(wasm_exec_env_t, params...)`.
fn cif_of(sig: &Sig) -> Result<FfiCif, String> {
    use libffi::raw as r;
    let mut args: Box<[*mut ffi_type]> = std::iter::once(&raw mut r::ffi_type_pointer)
        .chain(sig.params.iter().map(|p| match p {
            Param::Ptr | Param::Str | Param::Ref => &raw mut r::ffi_type_pointer,
            Param::Len => &raw mut r::ffi_type_uint32,
            other => ffi_type_of(param_type(*other)),
        }))
        .collect();
    let ret = sig.result.map_or(&raw mut r::ffi_type_void, ffi_type_of);
    let mut cif = Box::new(ffi_cif::default());
    // SAFETY: `cif` and `args` are kept together in the FfiCif, so the
    // array outlives the CIF that points to it; the types are libffi's
    // static descriptions.
    unsafe {
        libffi::low::prep_cif(
            &mut *cif,
            r::ffi_abi_FFI_DEFAULT_ABI,
            args.len(),
            ret,
            args.as_mut_ptr(),
        )
    }
    .map_err(|e| format!("libffi cannot describe the signature: {e:?}"))?;
    Ok(FfiCif { cif, _args: args })
}

/// The host functions for the resolved imports of an instance.
pub(crate) fn make_imports(
    store: &mut Store,
    inst: *const EmbedInstance,
    resolved: Vec<Option<Resolved>>,
    mut wasi: Vec<Option<Extern>>,
) -> Result<Vec<Extern>, String> {
    resolved
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let Some(r) = r else {
                return wasi
                    .get_mut(i)
                    .and_then(Option::take)
                    .ok_or_else(|| "a WASI import has no WASI context".to_string());
            };
            let cif = if r.entry.raw {
                None
            } else {
                Some(cif_of(&r.sig)?)
            };
            let ip = InstPtr(inst);
            let (entry, sig) = (r.entry, r.sig);
            let f = Func::new_raw(
                store,
                r.ty,
                move |caller: &mut Caller<'_>, cells: &mut [u64]| {
                    let ip = ip;
                    // SAFETY: the instance box outlives its store, which owns
                    // this closure.
                    let inst = unsafe { &*ip.0 };
                    call_native(inst, caller, &entry, &sig, cif.as_ref(), cells)
                },
            );
            Ok(f.into())
        })
        .collect()
}

/// The calling instance's memory: (base, length); (dangling, 0) if none.
fn memory_view(store: &Store, caller: Option<Instance>) -> (*mut u8, usize) {
    match caller.and_then(|i| i.default_memory(store)) {
        Some(m) => (m.data_ptr(store), m.data_size(store)),
        None => (std::ptr::NonNull::dangling().as_ptr(), 0),
    }
}

const OOB: TrapCode = TrapCode::MemoryOutOfBounds;

/// Convert the wasm arguments in `cells` for the native: pointers checked
/// and converted; `vals[i]` is the native value of argument i.
fn convert_args(
    store: &Store,
    mem: (*mut u8, usize),
    sig: &Sig,
    cells: &[u64],
    vals: &mut [u64],
) -> Result<(), Trap> {
    let (base, len) = mem;
    for (i, p) in sig.params.iter().enumerate() {
        let c = cells[i];
        vals[i] = match p {
            Param::I32 | Param::F32 | Param::Len => c & 0xffff_ffff,
            Param::I64 | Param::F64 => c,
            Param::Ref => extern_cell_to_ptr(store, c) as u64,
            Param::Ptr => {
                let off = c as u32 as usize;
                let size = match sig.params.get(i + 1) {
                    Some(Param::Len) => cells[i + 1] as u32 as usize,
                    _ => 1,
                };
                if off.checked_add(size).is_none_or(|end| end > len) {
                    return Err(Trap::new(OOB));
                }
                base as u64 + off as u64
            }
            Param::Str => {
                let off = c as u32 as usize;
                if off >= len {
                    return Err(Trap::new(OOB));
                }
                // SAFETY: [base, base + len) is the memory's bytes.
                let bytes = unsafe { std::slice::from_raw_parts(base.add(off), len - off) };
                if !bytes.contains(&0) {
                    return Err(Trap::new(OOB));
                }
                base as u64 + off as u64
            }
        };
    }
    Ok(())
}

fn call_native(
    inst: &EmbedInstance,
    caller: &mut Caller<'_>,
    entry: &NativeEntry,
    sig: &Sig,
    cif: Option<&FfiCif>,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let caller_inst = caller.instance();
    let store_ptr: *mut Store = caller.store();
    let prev_store = inst.cur_store.replace(store_ptr);
    let env_ptr = match inst.cur_exec_env.get() {
        e if e.is_null() => inst.singleton(),
        e => e,
    };
    // SAFETY: exec envs used for a running call stay alive during it; the
    // singleton lives as long as the instance.
    let env: &EmbedExecEnv = unsafe { &*env_ptr };
    let prev_att = env.attachment.replace(entry.attachment as *mut c_void);
    let r = (|| -> Result<(), Trap> {
        let n = sig.params.len();
        let mut small = [0u64; 16];
        let mut big;
        let vals: &mut [u64] = if n <= small.len() {
            &mut small[..n]
        } else {
            big = vec![0u64; n];
            &mut big
        };
        {
            // SAFETY: the running call's store, not otherwise used while we
            // read from it here.
            let store = unsafe { &*store_ptr };
            convert_args(store, memory_view(store, caller_inst), sig, cells, vals)?;
        }
        let ret = match cif {
            None => {
                // Raw: the converted values in the cells, result in cells[0].
                cells[..n].copy_from_slice(vals);
                let mut one = [0u64; 1];
                let args: *mut u64 = if cells.is_empty() {
                    one.as_mut_ptr()
                } else {
                    cells.as_mut_ptr()
                };
                // SAFETY: registered as a raw native: void f(exec_env, uint64 *).
                let f: unsafe extern "C" fn(*mut EmbedExecEnv, *mut u64) =
                    unsafe { std::mem::transmute(entry.func) };
                // SAFETY: the host's function, with a buffer of at least
                // max(params, results, 1) slots.
                unsafe { f(env_ptr, args) };
                if cells.is_empty() {
                    one[0]
                } else {
                    cells[0]
                }
            }
            Some(cif) => {
                let mut ptrs: Vec<*mut c_void> = Vec::new();
                let mut small_ptrs = [std::ptr::null_mut::<c_void>(); 17];
                let mut env_arg = env_ptr as *mut c_void;
                let argv: &mut [*mut c_void] = if n < small_ptrs.len() {
                    &mut small_ptrs[..n + 1]
                } else {
                    ptrs.resize(n + 1, std::ptr::null_mut());
                    &mut ptrs
                };
                argv[0] = &mut env_arg as *mut *mut c_void as *mut c_void;
                for i in 0..n {
                    argv[i + 1] = &mut vals[i] as *mut u64 as *mut c_void;
                }
                let mut rv: u64 = 0;
                // SAFETY: the CIF describes (exec_env, params...) -> result
                // of the registered signature; every argument slot holds a
                // value of its type (little-endian: narrower types at the
                // start of their u64), and `rv` has room for any result
                // (libffi widens integer results to ffi_arg, 8 bytes).
                unsafe {
                    libffi::raw::ffi_call(
                        &*cif.cif as *const ffi_cif as *mut ffi_cif,
                        Some(std::mem::transmute::<usize, unsafe extern "C" fn()>(
                            entry.func,
                        )),
                        &mut rv as *mut u64 as *mut c_void,
                        argv.as_mut_ptr(),
                    )
                };
                rv
            }
        };
        if let Some(t) = sig.result {
            cells[0] = match t {
                ValType::I32 | ValType::F32 => ret & 0xffff_ffff,
                // SAFETY: the running call's store; nothing else uses it now.
                ValType::ExternRef => ptr_to_extern_cell(unsafe { &mut *store_ptr }, ret as usize),
                _ => ret,
            };
        }
        Ok(())
    })();
    env.attachment.set(prev_att);
    inst.cur_store.set(prev_store);
    r?;
    match inst.exception_message() {
        Some(m) => Err(Trap::host(m)),
        None => Ok(()),
    }
}
