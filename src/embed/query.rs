//! Facts about modules: package types and versions, the runtime's version
//! and log level, module names, `load_ex` / `load_from_sections`, the
//! module registry, custom sections, and the import/export type queries
//! (`wasm_import_t`, `wasm_func_type_get_*`, ...).
//!
//! Type handles given to the host point to records the module keeps
//! (`ModuleMeta::types`), so they live as long as the module.

use super::module::EmbedModule;
use super::state::{self, Kind};
use super::wasi::WasiArgs;
use super::{c_str, guard, set_last_error, write_error_buf};
use crate::runtime::{saturate_u32, ExternType, Module, Mutability, ValType};
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CString};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// What the embedding API keeps beside a module's code.
#[derive(Default)]
pub(crate) struct ModuleMeta {
    pub name: CString,
    pub wasi: Option<WasiArgs>,
    /// Type records and names handed out (boxed: stable addresses).
    #[allow(clippy::vec_box)]
    types: Vec<Box<TypeRec>>,
    names: Vec<CString>,
    /// Imports and exports, resolved once: (module, name, kind, type).
    imports: Option<Vec<(usize, usize, u32, usize)>>,
    exports: Option<Vec<(usize, u32, usize)>>,
    /// Custom sections: name -> (offset, length) in the module's bytes.
    customs: Option<Vec<(String, usize, usize)>>,
}

/// A type record behind a `wasm_*_type_t` handle.
pub(crate) enum TypeRec {
    Func(crate::runtime::FuncType),
    Global(ValType, bool),
    Memory(u32, Option<u32>),
    Table(ValType, u32, Option<u32>),
}

const KIND_FUNC: u32 = 0;
const KIND_TABLE: u32 = 1;
const KIND_MEMORY: u32 = 2;
const KIND_GLOBAL: u32 = 3;
/// Not a WAMR kind (WAMR 2.4 has none for tags): an exception tag,
/// described by a function type of its values.
const KIND_TAG: u32 = 4;

impl ModuleMeta {
    fn add_type(&mut self, t: &ExternType) -> (u32, usize) {
        let (kind, rec) = match t {
            ExternType::Func(f) => (KIND_FUNC, TypeRec::Func(f.clone())),
            ExternType::Tag(t) => (KIND_TAG, TypeRec::Func(t.func_type().clone())),
            ExternType::Global(g) => (
                KIND_GLOBAL,
                TypeRec::Global(g.content, g.mutability == Mutability::Var),
            ),
            // The embedding API's limits are 32-bit: saturated.
            ExternType::Memory(m) => (
                KIND_MEMORY,
                TypeRec::Memory(saturate_u32(m.limits.min), m.limits.max.map(saturate_u32)),
            ),
            ExternType::Table(t) => (
                KIND_TABLE,
                TypeRec::Table(
                    t.element,
                    saturate_u32(t.limits.min),
                    t.limits.max.map(saturate_u32),
                ),
            ),
        };
        let b = Box::new(rec);
        let p = &*b as *const TypeRec as usize;
        self.types.push(b);
        (kind, p)
    }

    fn add_name(&mut self, s: &str) -> usize {
        let c = CString::new(s.replace('\0', " ")).unwrap_or_default();
        let p = c.as_ptr() as usize;
        self.names.push(c);
        p
    }

    fn ensure(&mut self, m: &Module) {
        if self.imports.is_none() {
            let imps: Vec<_> = m.imports().cloned().collect();
            let v = imps
                .iter()
                .map(|i| {
                    let (k, t) = self.add_type(&i.ty);
                    (self.add_name(&i.module), self.add_name(&i.name), k, t)
                })
                .collect();
            self.imports = Some(v);
        }
        if self.exports.is_none() {
            let exps: Vec<_> = m.exports().collect();
            let v = exps
                .iter()
                .map(|e| {
                    let (k, t) = self.add_type(&e.ty);
                    (self.add_name(&e.name), k, t)
                })
                .collect();
            self.exports = Some(v);
        }
    }
}

/// The custom sections of a module's bytes: (name, body offset, length).
pub(crate) fn custom_sections(bytes: &[u8]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let Ok(payload) = payload else { break };
        if let wasmparser::Payload::CustomSection(r) = payload {
            out.push((
                r.name().to_string(),
                r.data_offset() as usize,
                r.data().len(),
            ));
        }
    }
    out
}

// ---- packages and versions ------------------------------------------------

const PKG_BYTECODE: u32 = 0;
const PKG_AOT: u32 = 1;
const PKG_UNKNOWN: u32 = 0xFFFF;

fn package_of(buf: *const u8, size: u32) -> u32 {
    if buf.is_null() || size < 4 {
        return PKG_UNKNOWN;
    }
    // SAFETY: the host gives `size` >= 4 readable bytes.
    let magic = unsafe { std::slice::from_raw_parts(buf, 4) };
    match magic {
        b"\0asm" => PKG_BYTECODE,
        b"\0aot" => PKG_AOT,
        _ => PKG_UNKNOWN,
    }
}

#[no_mangle]
pub unsafe extern "C" fn get_package_type(buf: *const u8, size: u32) -> u32 {
    package_of(buf, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_file_package_type(buf: *const u8, size: u32) -> u32 {
    package_of(buf, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_package_type(module: *const EmbedModule) -> u32 {
    // SAFETY: checked against the registry.
    match unsafe { EmbedModule::from_handle(module) } {
        Some(_) => PKG_BYTECODE,
        None => PKG_UNKNOWN,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_file_package_version(buf: *const u8, size: u32) -> u32 {
    if package_of(buf, size) == PKG_UNKNOWN || size < 8 {
        return 0;
    }
    // SAFETY: the host gives `size` >= 8 readable bytes.
    let v = unsafe { std::slice::from_raw_parts(buf.add(4), 4) };
    u32::from_le_bytes([v[0], v[1], v[2], v[3]])
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_package_version(
    module: *const EmbedModule,
) -> u32 {
    // SAFETY: checked against the registry.
    match unsafe { EmbedModule::from_handle(module) } {
        Some(_) => 1,
        None => 0,
    }
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_current_package_version(package_type: u32) -> u32 {
    match package_type {
        PKG_BYTECODE => 1,
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_xip_file(_buf: *const u8, _size: u32) -> bool {
    false
}

#[no_mangle]
pub unsafe extern "C" fn get_base_lib_export_apis(p: *mut *mut c_void) -> u32 {
    if !p.is_null() {
        // SAFETY: the host's out-parameter.
        unsafe { *p = std::ptr::null_mut() };
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_version(
    major: *mut u32,
    minor: *mut u32,
    patch: *mut u32,
) {
    for (p, v) in [(major, 2), (minor, 4), (patch, 3)] {
        if !p.is_null() {
            // SAFETY: the host's out-parameters.
            unsafe { *p = v };
        }
    }
}

/// The log level (WASM_LOG_LEVEL_*), read by `log`.
static LOG_LEVEL: AtomicU32 = AtomicU32::new(2);

#[no_mangle]
pub extern "C" fn wasm_runtime_set_log_level(level: u32) {
    LOG_LEVEL.store(level.min(4), Ordering::Relaxed);
}

/// Print `msg` to stderr when `level` is enabled.
pub(crate) fn log(level: u32, msg: &str) {
    if level <= LOG_LEVEL.load(Ordering::Relaxed) {
        eprintln!("[ferrowasm] {msg}");
    }
}

// ---- names, load_ex, sections ---------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_module_name(
    module: *const EmbedModule,
    name: *const c_char,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> bool {
    guard(false, || {
        // SAFETY: checked against the registry.
        let Some(m) = (unsafe { EmbedModule::from_handle(module) }) else {
            write_error_buf(
                error_buf,
                error_buf_size,
                "the module is NULL or was unloaded",
            );
            return false;
        };
        // SAFETY: NUL-terminated when not NULL.
        let Some(name) = (unsafe { c_str(name) }) else {
            write_error_buf(error_buf, error_buf_size, "the name is NULL");
            return false;
        };
        m.meta().name = CString::new(name).unwrap_or_default();
        true
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_name(module: *const EmbedModule) -> *const c_char {
    // SAFETY: checked against the registry.
    match unsafe { EmbedModule::from_handle(module) } {
        Some(m) => m.meta().name.as_ptr(),
        None => c"".as_ptr(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_hash(_module: *const EmbedModule) -> *mut c_char {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_underlying_binary_freeable(
    module: *const EmbedModule,
) -> bool {
    // SAFETY: checked against the registry.
    unsafe { EmbedModule::from_handle(module) }.is_some()
}

/// `LoadArgs` as WAMR lays it out.
#[repr(C)]
pub struct LoadArgs {
    pub name: *mut c_char,
    pub clone_wasm_binary: bool,
    pub wasm_binary_freeable: bool,
    pub no_resolve: bool,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load_ex(
    buf: *mut u8,
    size: u32,
    args: *const LoadArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedModule {
    // SAFETY: forwarded.
    let m = unsafe { super::module::wasm_runtime_load(buf, size, error_buf, error_buf_size) };
    if m.is_null() || args.is_null() {
        return m;
    }
    guard((), || {
        // SAFETY: the host's args; `m` is the module just loaded.
        let (args, module) = unsafe { (&*args, &*m) };
        // SAFETY: NUL-terminated when not NULL.
        if let Some(n) = unsafe { c_str(args.name) } {
            module.meta().name = CString::new(n).unwrap_or_default();
        }
    });
    // SAFETY: the host's args (not NULL).
    if !unsafe { (*args).no_resolve } {
        // Resolution happens at instantiation, where a missing import fails
        // naming it; WAMR's loader also only warns here.
    }
    m
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_resolve_symbols(module: *const EmbedModule) -> bool {
    guard(false, || {
        // SAFETY: checked against the registry.
        let Some(m) = (unsafe { EmbedModule::from_handle(module) }).and_then(|m| m.any()) else {
            set_last_error("wasm_runtime_resolve_symbols: the module is NULL or was unloaded");
            return false;
        };
        match super::natives::check_resolvable(&m) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(e);
                false
            }
        }
    })
}

/// WAMR's `wasm_section_t`.
#[repr(C)]
pub struct WasmSection {
    next: *mut WasmSection,
    section_type: i32,
    section_body: *mut u8,
    section_body_size: u32,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load_from_sections(
    list: *mut WasmSection,
    is_aot: bool,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut EmbedModule {
    if is_aot {
        write_error_buf(
            error_buf,
            error_buf_size,
            "AOT module load failed: AOT support is not built in",
        );
        return std::ptr::null_mut();
    }
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    let mut p = list;
    let mut n = 0;
    while !p.is_null() {
        n += 1;
        if n > 1 << 16 {
            write_error_buf(
                error_buf,
                error_buf_size,
                "section list too long (a cycle?)",
            );
            return std::ptr::null_mut();
        }
        // SAFETY: the host's list of sections, each with its body.
        let s = unsafe { &*p };
        if !(0..=255).contains(&s.section_type)
            || (s.section_body.is_null() && s.section_body_size > 0)
        {
            write_error_buf(error_buf, error_buf_size, "malformed section in the list");
            return std::ptr::null_mut();
        }
        bytes.push(s.section_type as u8);
        super::heap::put_leb(s.section_body_size, &mut bytes);
        if s.section_body_size > 0 {
            // SAFETY: as above.
            bytes.extend_from_slice(unsafe {
                std::slice::from_raw_parts(s.section_body, s.section_body_size as usize)
            });
        }
        p = s.next;
    }
    let Ok(len) = u32::try_from(bytes.len()) else {
        write_error_buf(error_buf, error_buf_size, "module too large");
        return std::ptr::null_mut();
    };
    // SAFETY: our own buffer of `len` bytes.
    unsafe { super::module::wasm_runtime_load(bytes.as_mut_ptr(), len, error_buf, error_buf_size) }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_custom_section(
    module: *const EmbedModule,
    name: *const c_char,
    len: *mut u32,
) -> *const u8 {
    guard(std::ptr::null(), || {
        // SAFETY: checked against the registry.
        let (Some(em), Some(name)) = (unsafe { EmbedModule::from_handle(module) }, unsafe {
            c_str(name)
        }) else {
            return std::ptr::null();
        };
        let Some(m) = em.any() else {
            return std::ptr::null();
        };
        let mut meta = em.meta();
        let customs = meta
            .customs
            .get_or_insert_with(|| custom_sections(m.bytes()));
        let Some(&(_, off, n)) = customs.iter().find(|c| c.0 == name) else {
            return std::ptr::null();
        };
        if !len.is_null() {
            // SAFETY: the host's out-parameter.
            unsafe { *len = n as u32 };
        }
        // The module's bytes live as long as the module (every compiled
        // form shares them).
        m.bytes()[off..].as_ptr()
    })
}

// ---- the module registry ----------------------------------------------------

/// Registered modules by name (handles as addresses) and the reader.
pub(crate) struct Registry {
    pub modules: HashMap<String, usize>,
    pub reader: Option<(usize, usize)>,
}

pub(crate) static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    let mut g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let r = g.get_or_insert_with(|| Registry {
        modules: HashMap::new(),
        reader: None,
    });
    f(r)
}

/// Forget a module (at unload) and everything (at destroy).
pub(crate) fn forget_module(m: *const EmbedModule) {
    with_registry(|r| r.modules.retain(|_, v| *v != m as usize));
}

pub(crate) fn clear_registry() {
    *REGISTRY.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// The names modules are registered under (without checking liveness:
/// callable with the runtime locked).
pub(crate) fn registered_names() -> Vec<String> {
    with_registry(|r| r.modules.keys().cloned().collect())
}

/// The registered module called `name` (a live handle), if any.
pub(crate) fn registered(name: &str) -> Option<*const EmbedModule> {
    let p = with_registry(|r| r.modules.get(name).copied())?;
    state::is_live(p as *const c_void, Kind::Module).then_some(p as *const EmbedModule)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_module_reader(reader: usize, destroyer: usize) {
    with_registry(|r| r.reader = (reader != 0).then_some((reader, destroyer)));
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_module(
    name: *const c_char,
    module: *const EmbedModule,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> bool {
    guard(false, || {
        // SAFETY: checked against the registry / NUL-terminated.
        let (Some(_), Some(name)) = (unsafe { EmbedModule::from_handle(module) }, unsafe {
            c_str(name)
        }) else {
            write_error_buf(
                error_buf,
                error_buf_size,
                "register module failed: NULL name, or a module NULL or unloaded",
            );
            return false;
        };
        let r = with_registry(|r| match r.modules.get(&name) {
            Some(&p)
                if p != module as usize && state::is_live(p as *const c_void, Kind::Module) =>
            {
                Err(format!(
                    "register module failed: a different module is registered as \"{name}\""
                ))
            }
            _ => {
                r.modules.retain(|_, v| *v != module as usize);
                r.modules.insert(name.clone(), module as usize);
                Ok(())
            }
        });
        match r {
            Ok(()) => true,
            Err(e) => {
                write_error_buf(error_buf, error_buf_size, &e);
                false
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_find_module_registered(
    name: *const c_char,
) -> *const EmbedModule {
    // SAFETY: NUL-terminated when not NULL.
    let Some(name) = (unsafe { c_str(name) }) else {
        return std::ptr::null();
    };
    registered(&name).unwrap_or(std::ptr::null())
}

// ---- import and export types ---------------------------------------------------

/// WAMR's `wasm_import_t`.
#[repr(C)]
pub struct WasmImport {
    module_name: *const c_char,
    name: *const c_char,
    kind: u32,
    linked: bool,
    ty: *const TypeRec,
}

/// WAMR's `wasm_export_t`.
#[repr(C)]
pub struct WasmExport {
    name: *const c_char,
    kind: u32,
    ty: *const TypeRec,
}

fn with_meta<R>(module: *const EmbedModule, f: impl FnOnce(&mut ModuleMeta) -> R) -> Option<R> {
    // SAFETY: checked against the registry.
    let em = unsafe { EmbedModule::from_handle(module) }?;
    let m = em.any()?;
    let mut meta = em.meta();
    meta.ensure(&m);
    Some(f(&mut meta))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_import_count(module: *const EmbedModule) -> i32 {
    guard(-1, || {
        with_meta(module, |m| m.imports.as_ref().map_or(0, |v| v.len() as i32)).unwrap_or(-1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_count(module: *const EmbedModule) -> i32 {
    guard(-1, || {
        with_meta(module, |m| m.exports.as_ref().map_or(0, |v| v.len() as i32)).unwrap_or(-1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_import_type(
    module: *const EmbedModule,
    index: i32,
    out: *mut WasmImport,
) {
    if out.is_null() {
        return;
    }
    guard((), || {
        let rec = with_meta(module, |m| {
            let v = m.imports.as_ref()?;
            usize::try_from(index).ok().and_then(|i| v.get(i)).copied()
        })
        .flatten();
        let imp = match rec {
            Some((mn, n, kind, ty)) => {
                // SAFETY: `mn`/`n` are CStrings kept by the module.
                let (ms, ns) = unsafe {
                    (
                        std::ffi::CStr::from_ptr(mn as *const c_char).to_string_lossy(),
                        std::ffi::CStr::from_ptr(n as *const c_char).to_string_lossy(),
                    )
                };
                WasmImport {
                    module_name: mn as *const c_char,
                    name: n as *const c_char,
                    kind,
                    linked: super::natives::is_linked(&ms, &ns, kind == KIND_FUNC),
                    ty: ty as *const TypeRec,
                }
            }
            None => WasmImport {
                module_name: std::ptr::null(),
                name: std::ptr::null(),
                kind: 0,
                linked: false,
                ty: std::ptr::null(),
            },
        };
        // SAFETY: the host's out-parameter.
        unsafe { out.write(imp) };
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_type(
    module: *const EmbedModule,
    index: i32,
    out: *mut WasmExport,
) {
    if out.is_null() {
        return;
    }
    guard((), || {
        let rec = with_meta(module, |m| {
            let v = m.exports.as_ref()?;
            usize::try_from(index).ok().and_then(|i| v.get(i)).copied()
        })
        .flatten();
        let exp = match rec {
            Some((n, kind, ty)) => WasmExport {
                name: n as *const c_char,
                kind,
                ty: ty as *const TypeRec,
            },
            None => WasmExport {
                name: std::ptr::null(),
                kind: 0,
                ty: std::ptr::null(),
            },
        };
        // SAFETY: the host's out-parameter.
        unsafe { out.write(exp) };
    })
}

/// The record behind a type handle (NULL: None). Handles are only made by
/// the queries above and live as long as their module.
fn rec<'a>(p: *const TypeRec) -> Option<&'a TypeRec> {
    // SAFETY: see above; a NULL handle is refused.
    (!p.is_null()).then(|| unsafe { &*p })
}

fn kind_byte(t: ValType) -> u8 {
    super::instance::valkind(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_type_get_param_count(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Func(f)) => f.params().len() as u32,
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_type_get_result_count(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Func(f)) => f.results().len() as u32,
        _ => 0,
    }
}

fn nth_kind(t: *const TypeRec, i: u32, results: bool) -> u8 {
    let v = match rec(t) {
        Some(TypeRec::Func(f)) if results => f.results().get(i as usize).copied(),
        Some(TypeRec::Func(f)) => f.params().get(i as usize).copied(),
        _ => None,
    };
    v.map_or_else(
        || {
            set_last_error(format!("no value {i} in this function type"));
            0
        },
        kind_byte,
    )
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_type_get_param_valkind(t: *const TypeRec, i: u32) -> u8 {
    nth_kind(t, i, false)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_type_get_result_valkind(t: *const TypeRec, i: u32) -> u8 {
    nth_kind(t, i, true)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_type_get_valkind(t: *const TypeRec) -> u8 {
    match rec(t) {
        Some(TypeRec::Global(v, _)) => kind_byte(*v),
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_type_get_mutable(t: *const TypeRec) -> bool {
    matches!(rec(t), Some(TypeRec::Global(_, true)))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_type_get_shared(_t: *const TypeRec) -> bool {
    false
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_type_get_init_page_count(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Memory(min, _)) => *min,
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_type_get_max_page_count(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Memory(_, max)) => max.unwrap_or(65536),
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_type_get_elem_kind(t: *const TypeRec) -> u8 {
    match rec(t) {
        Some(TypeRec::Table(e, _, _)) => kind_byte(*e),
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_type_get_shared(_t: *const TypeRec) -> bool {
    false
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_type_get_init_size(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Table(_, min, _)) => *min,
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_type_get_max_size(t: *const TypeRec) -> u32 {
    match rec(t) {
        Some(TypeRec::Table(_, _, max)) => max.unwrap_or(u32::MAX),
        _ => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_import_func_linked(
    module_name: *const c_char,
    name: *const c_char,
) -> bool {
    // SAFETY: NUL-terminated when not NULL.
    let (Some(m), Some(n)) = (unsafe { c_str(module_name) }, unsafe { c_str(name) }) else {
        return false;
    };
    super::natives::is_linked(&m, &n, true)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_import_global_linked(
    module_name: *const c_char,
    name: *const c_char,
) -> bool {
    // SAFETY: NUL-terminated when not NULL.
    let (Some(m), Some(n)) = (unsafe { c_str(module_name) }, unsafe { c_str(name) }) else {
        return false;
    };
    super::natives::is_linked(&m, &n, false)
}
