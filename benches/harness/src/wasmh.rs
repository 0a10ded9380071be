//! A wasm.h client: drives any shared library that implements the upstream
//! wasm-c-api (`wasm.h`) by path, through `libloading`. The declarations
//! below are the few this harness needs, written from the upstream header
//! (WebAssembly/wasm-c-api `include/wasm.h`): same names, same layouts, same
//! ownership rules (`own` results are deleted by us; `const` arguments are
//! borrowed).

use crate::engine::{symbol, Engine, Instance, Loaded};
use libloading::Library;
use std::ffi::c_void;
use std::ptr;
use std::rc::Rc;
use std::time::{Duration, Instant};

// ---- opaque types -----------------------------------------------------------

macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _private: [u8; 0],
        }
    )*};
}
opaque!(
    WasmEngine,
    WasmStore,
    WasmModule,
    WasmInstance,
    WasmExtern,
    WasmFunc,
    WasmFuncType,
    WasmExternType,
    WasmImportType,
    WasmExportType,
    WasmTrap
);

// ---- vectors and values -----------------------------------------------------

/// `wasm_byte_vec_t` (also `wasm_name_t` and `wasm_message_t`).
#[repr(C)]
pub struct ByteVec {
    pub size: usize,
    pub data: *mut u8,
}

/// `wasm_<T>_vec_t` for the pointer element types (`wasm_extern_vec_t`, ...).
#[repr(C)]
pub struct PtrVec<T> {
    pub size: usize,
    pub data: *mut *mut T,
}

impl<T> PtrVec<T> {
    fn empty() -> Self {
        PtrVec {
            size: 0,
            data: ptr::null_mut(),
        }
    }
    unsafe fn as_slice(&self) -> &[*mut T] {
        if self.size == 0 || self.data.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(self.data, self.size)
        }
    }
}

pub const WASM_I32: u8 = 0;
pub const WASM_EXTERN_FUNC: u8 = 0;

/// `wasm_val_t`: a `wasm_valkind_t` (uint8_t) and a union of the values.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct WasmVal {
    pub kind: u8,
    pub of: ValUnion,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub union ValUnion {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub r#ref: *mut c_void,
}

impl WasmVal {
    pub fn i32(v: i32) -> WasmVal {
        WasmVal {
            kind: WASM_I32,
            of: ValUnion {
                i64: v as u32 as i64,
            },
        }
    }
}

/// `wasm_val_vec_t`.
#[repr(C)]
pub struct ValVec {
    pub size: usize,
    pub data: *mut WasmVal,
}

type Callback = unsafe extern "C" fn(*const ValVec, *mut ValVec) -> *mut WasmTrap;
type CallbackWithEnv =
    unsafe extern "C" fn(*mut c_void, *const ValVec, *mut ValVec) -> *mut WasmTrap;
type Finalizer = unsafe extern "C" fn(*mut c_void);

// ---- the functions ----------------------------------------------------------

/// The entry points we use, resolved once per library.
pub struct Api {
    engine_new: unsafe extern "C" fn() -> *mut WasmEngine,
    engine_delete: unsafe extern "C" fn(*mut WasmEngine),
    store_new: unsafe extern "C" fn(*mut WasmEngine) -> *mut WasmStore,
    store_delete: unsafe extern "C" fn(*mut WasmStore),
    byte_vec_delete: unsafe extern "C" fn(*mut ByteVec),
    module_new: unsafe extern "C" fn(*mut WasmStore, *const ByteVec) -> *mut WasmModule,
    module_delete: unsafe extern "C" fn(*mut WasmModule),
    module_imports: unsafe extern "C" fn(*const WasmModule, *mut PtrVec<WasmImportType>),
    module_exports: unsafe extern "C" fn(*const WasmModule, *mut PtrVec<WasmExportType>),
    importtype_vec_delete: unsafe extern "C" fn(*mut PtrVec<WasmImportType>),
    exporttype_vec_delete: unsafe extern "C" fn(*mut PtrVec<WasmExportType>),
    importtype_module: unsafe extern "C" fn(*const WasmImportType) -> *const ByteVec,
    importtype_name: unsafe extern "C" fn(*const WasmImportType) -> *const ByteVec,
    importtype_type: unsafe extern "C" fn(*const WasmImportType) -> *const WasmExternType,
    exporttype_name: unsafe extern "C" fn(*const WasmExportType) -> *const ByteVec,
    externtype_kind: unsafe extern "C" fn(*const WasmExternType) -> u8,
    externtype_as_functype_const:
        unsafe extern "C" fn(*const WasmExternType) -> *const WasmFuncType,
    func_new: unsafe extern "C" fn(*mut WasmStore, *const WasmFuncType, Callback) -> *mut WasmFunc,
    func_new_with_env: unsafe extern "C" fn(
        *mut WasmStore,
        *const WasmFuncType,
        CallbackWithEnv,
        *mut c_void,
        Option<Finalizer>,
    ) -> *mut WasmFunc,
    func_delete: unsafe extern "C" fn(*mut WasmFunc),
    func_as_extern: unsafe extern "C" fn(*mut WasmFunc) -> *mut WasmExtern,
    func_call: unsafe extern "C" fn(*const WasmFunc, *const ValVec, *mut ValVec) -> *mut WasmTrap,
    func_result_arity: unsafe extern "C" fn(*const WasmFunc) -> usize,
    instance_new: unsafe extern "C" fn(
        *mut WasmStore,
        *const WasmModule,
        *const PtrVec<WasmExtern>,
        *mut *mut WasmTrap,
    ) -> *mut WasmInstance,
    instance_delete: unsafe extern "C" fn(*mut WasmInstance),
    instance_exports: unsafe extern "C" fn(*const WasmInstance, *mut PtrVec<WasmExtern>),
    extern_vec_delete: unsafe extern "C" fn(*mut PtrVec<WasmExtern>),
    extern_as_func: unsafe extern "C" fn(*mut WasmExtern) -> *mut WasmFunc,
    trap_new: unsafe extern "C" fn(*mut WasmStore, *const ByteVec) -> *mut WasmTrap,
    trap_message: unsafe extern "C" fn(*const WasmTrap, *mut ByteVec),
    trap_delete: unsafe extern "C" fn(*mut WasmTrap),
    // Keeps the function pointers above valid.
    _lib: Library,
}

impl Api {
    pub fn load(path: &str) -> Result<Api, String> {
        // SAFETY: loading a library runs its initialisers; the libraries we
        // load are wasm.h engines chosen by the user.
        let lib = unsafe { Library::new(path) }.map_err(|e| format!("cannot load {path}: {e}"))?;
        macro_rules! sym {
            ($name:literal) => {
                // SAFETY: the symbol has the signature of the field it is
                // stored in (the upstream header's declaration).
                unsafe { symbol(&lib, $name, path)? }
            };
        }
        Ok(Api {
            engine_new: sym!("wasm_engine_new"),
            engine_delete: sym!("wasm_engine_delete"),
            store_new: sym!("wasm_store_new"),
            store_delete: sym!("wasm_store_delete"),
            byte_vec_delete: sym!("wasm_byte_vec_delete"),
            module_new: sym!("wasm_module_new"),
            module_delete: sym!("wasm_module_delete"),
            module_imports: sym!("wasm_module_imports"),
            module_exports: sym!("wasm_module_exports"),
            importtype_vec_delete: sym!("wasm_importtype_vec_delete"),
            exporttype_vec_delete: sym!("wasm_exporttype_vec_delete"),
            importtype_module: sym!("wasm_importtype_module"),
            importtype_name: sym!("wasm_importtype_name"),
            importtype_type: sym!("wasm_importtype_type"),
            exporttype_name: sym!("wasm_exporttype_name"),
            externtype_kind: sym!("wasm_externtype_kind"),
            externtype_as_functype_const: sym!("wasm_externtype_as_functype_const"),
            func_new: sym!("wasm_func_new"),
            func_new_with_env: sym!("wasm_func_new_with_env"),
            func_delete: sym!("wasm_func_delete"),
            func_as_extern: sym!("wasm_func_as_extern"),
            func_call: sym!("wasm_func_call"),
            func_result_arity: sym!("wasm_func_result_arity"),
            instance_new: sym!("wasm_instance_new"),
            instance_delete: sym!("wasm_instance_delete"),
            instance_exports: sym!("wasm_instance_exports"),
            extern_vec_delete: sym!("wasm_extern_vec_delete"),
            extern_as_func: sym!("wasm_extern_as_func"),
            trap_new: sym!("wasm_trap_new"),
            trap_message: sym!("wasm_trap_message"),
            trap_delete: sym!("wasm_trap_delete"),
            _lib: lib,
        })
    }

    /// The message of an owned trap, which is deleted.
    unsafe fn take_trap(&self, trap: *mut WasmTrap) -> String {
        let mut msg = ByteVec {
            size: 0,
            data: ptr::null_mut(),
        };
        (self.trap_message)(trap, &mut msg);
        let text = name_str(&msg).trim_end_matches('\0').to_string();
        (self.byte_vec_delete)(&mut msg);
        (self.trap_delete)(trap);
        format!("trap: {text}")
    }
}

unsafe fn name_str(v: *const ByteVec) -> String {
    if v.is_null() || (*v).size == 0 || (*v).data.is_null() {
        return String::new();
    }
    String::from_utf8_lossy(std::slice::from_raw_parts((*v).data, (*v).size)).into_owned()
}

// ---- host functions ---------------------------------------------------------

/// `env.host_inc: (i32) -> i32`.
unsafe extern "C" fn host_inc(args: *const ValVec, results: *mut ValVec) -> *mut WasmTrap {
    let a = (*(*args).data).of.i32;
    *(*results).data = WasmVal::i32(a.wrapping_add(1));
    ptr::null_mut()
}

/// Environment of a stub import: what to say, and how to make a trap.
struct StubEnv {
    api: Rc<Api>,
    store: *mut WasmStore,
    message: Vec<u8>,
}

unsafe extern "C" fn stub_import(
    env: *mut c_void,
    _args: *const ValVec,
    _results: *mut ValVec,
) -> *mut WasmTrap {
    let env = &*(env as *const StubEnv);
    let msg = ByteVec {
        size: env.message.len(),
        data: env.message.as_ptr() as *mut u8,
    };
    (env.api.trap_new)(env.store, &msg)
}

unsafe extern "C" fn drop_stub_env(env: *mut c_void) {
    drop(Box::from_raw(env as *mut StubEnv));
}

// ---- the engine -------------------------------------------------------------

struct EngineHandle {
    api: Rc<Api>,
    engine: *mut WasmEngine,
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        // SAFETY: created by wasm_engine_new; every store made from it is
        // deleted before (instances hold an Rc of this handle).
        unsafe { (self.api.engine_delete)(self.engine) }
    }
}

pub struct WasmH {
    version: String,
    engine: Rc<EngineHandle>,
}

impl WasmH {
    pub fn new(version: &str, path: &str) -> Result<WasmH, String> {
        let api = Rc::new(Api::load(path)?);
        // SAFETY: plain constructor.
        let engine = unsafe { (api.engine_new)() };
        if engine.is_null() {
            return Err("wasm_engine_new returned NULL".into());
        }
        Ok(WasmH {
            version: version.to_string(),
            engine: Rc::new(EngineHandle { api, engine }),
        })
    }
}

impl Engine for WasmH {
    fn version(&self) -> String {
        self.version.clone()
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Loaded, String> {
        let api = self.engine.api.clone();
        // SAFETY: every call below follows wasm.h's ownership rules; every
        // owned object is deleted exactly once (here on error, or when the
        // returned instance is dropped).
        unsafe {
            let store = (api.store_new)(self.engine.engine);
            if store.is_null() {
                return Err("wasm_store_new returned NULL".into());
            }
            let mut inst = WasmHInstance {
                engine: self.engine.clone(),
                store,
                instance: ptr::null_mut(),
                host_funcs: Vec::new(),
                exports: PtrVec::empty(),
                export_names: Vec::new(),
            };
            let binary = ByteVec {
                size: wasm.len(),
                data: wasm.as_ptr() as *mut u8,
            };
            let t0 = Instant::now();
            let module = (api.module_new)(store, &binary);
            let compile = t0.elapsed();
            if module.is_null() {
                return Err("compile: wasm_module_new returned NULL".into());
            }
            let t1 = Instant::now();
            let mut imports = PtrVec::<WasmImportType>::empty();
            (api.module_imports)(module, &mut imports);
            let mut externs: Vec<*mut WasmExtern> = Vec::with_capacity(imports.size);
            let mut error = None;
            for &it in imports.as_slice() {
                let mname = name_str((api.importtype_module)(it));
                let fname = name_str((api.importtype_name)(it));
                let ty = (api.importtype_type)(it);
                if (api.externtype_kind)(ty) != WASM_EXTERN_FUNC {
                    error = Some(format!(
                        "import {mname}.{fname} is not a function; only function imports are provided"
                    ));
                    break;
                }
                let fty = (api.externtype_as_functype_const)(ty);
                let func = if mname == "env" && fname == "host_inc" {
                    (api.func_new)(store, fty, host_inc)
                } else {
                    let mut message = format!("stub import {mname}.{fname} called").into_bytes();
                    message.push(0);
                    let env = Box::into_raw(Box::new(StubEnv {
                        api: api.clone(),
                        store,
                        message,
                    }));
                    (api.func_new_with_env)(
                        store,
                        fty,
                        stub_import,
                        env as *mut c_void,
                        Some(drop_stub_env),
                    )
                };
                if func.is_null() {
                    error = Some(format!("wasm_func_new for {mname}.{fname} returned NULL"));
                    break;
                }
                inst.host_funcs.push(func);
                externs.push((api.func_as_extern)(func));
            }
            (api.importtype_vec_delete)(&mut imports);
            if let Some(e) = error {
                (api.module_delete)(module);
                return Err(e);
            }
            let import_vec = PtrVec {
                size: externs.len(),
                data: externs.as_mut_ptr(),
            };
            let mut trap: *mut WasmTrap = ptr::null_mut();
            inst.instance = (api.instance_new)(store, module, &import_vec, &mut trap);
            let instantiate = t1.elapsed();
            if inst.instance.is_null() {
                (api.module_delete)(module);
                return Err(if trap.is_null() {
                    "instantiate: wasm_instance_new returned NULL".into()
                } else {
                    format!("instantiate: {}", api.take_trap(trap))
                });
            }
            // Export names come from the module, in the instance's order.
            let mut etypes = PtrVec::<WasmExportType>::empty();
            (api.module_exports)(module, &mut etypes);
            inst.export_names = etypes
                .as_slice()
                .iter()
                .map(|&e| name_str((api.exporttype_name)(e)))
                .collect();
            (api.exporttype_vec_delete)(&mut etypes);
            (api.instance_exports)(inst.instance, &mut inst.exports);
            (api.module_delete)(module);
            Ok(Loaded {
                inst: Box::new(inst),
                compile,
                instantiate,
            })
        }
    }
}

struct WasmHInstance {
    engine: Rc<EngineHandle>,
    store: *mut WasmStore,
    instance: *mut WasmInstance,
    host_funcs: Vec<*mut WasmFunc>,
    exports: PtrVec<WasmExtern>,
    export_names: Vec<String>,
}

impl Drop for WasmHInstance {
    fn drop(&mut self) {
        let api = &self.engine.api;
        // SAFETY: each was created by us and is deleted once, store last.
        unsafe {
            if !self.exports.data.is_null() {
                (api.extern_vec_delete)(&mut self.exports);
            }
            if !self.instance.is_null() {
                (api.instance_delete)(self.instance);
            }
            for &f in &self.host_funcs {
                (api.func_delete)(f);
            }
            (api.store_delete)(self.store);
        }
    }
}

impl WasmHInstance {
    fn func(&self, name: &str) -> Result<*mut WasmFunc, String> {
        let i = self
            .export_names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("no export `{name}`"))?;
        // SAFETY: i < exports.size (same order and length as the module's exports).
        let ext = unsafe { self.exports.as_slice() }
            .get(i)
            .copied()
            .ok_or("exports and export types differ in length")?;
        let f = unsafe { (self.engine.api.extern_as_func)(ext) };
        if f.is_null() {
            return Err(format!("export `{name}` is not a function"));
        }
        Ok(f)
    }

    unsafe fn call(
        &self,
        f: *mut WasmFunc,
        args: &mut [WasmVal],
        results: &mut [WasmVal],
    ) -> Result<(), String> {
        let a = ValVec {
            size: args.len(),
            data: args.as_mut_ptr(),
        };
        let mut r = ValVec {
            size: results.len(),
            data: results.as_mut_ptr(),
        };
        let trap = (self.engine.api.func_call)(f, &a, &mut r);
        if trap.is_null() {
            Ok(())
        } else {
            Err(self.engine.api.take_trap(trap))
        }
    }
}

impl Instance for WasmHInstance {
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, String> {
        let f = self.func(name)?;
        let mut a: Vec<WasmVal> = args.iter().map(|&v| WasmVal::i32(v)).collect();
        // SAFETY: f is a live function of this store.
        let nres = unsafe { (self.engine.api.func_result_arity)(f) };
        let mut r = vec![WasmVal::i32(0); nres];
        // SAFETY: f is a live function of this store; the vectors match its type.
        unsafe { self.call(f, &mut a, &mut r)? };
        // SAFETY: the result kind is checked before reading the union.
        Ok(r.first().map(|v| unsafe {
            if v.kind == WASM_I32 {
                v.of.i32
            } else {
                i32::MIN
            }
        }))
    }

    fn bench_nop(&mut self, iters: u32) -> Result<Duration, String> {
        let f = self.func("nop")?;
        let t = Instant::now();
        for _ in 0..iters {
            // SAFETY: as above.
            unsafe { self.call(f, &mut [], &mut [])? };
        }
        Ok(t.elapsed())
    }

    fn bench_add(&mut self, iters: u32) -> Result<(Duration, u32), String> {
        let f = self.func("add")?;
        let mut sum = 0u32;
        let mut r = [WasmVal::i32(0)];
        let t = Instant::now();
        for i in 0..iters {
            let mut a = [WasmVal::i32(i as i32), WasmVal::i32(1)];
            // SAFETY: as above.
            unsafe { self.call(f, &mut a, &mut r)? };
            sum = sum.wrapping_add(unsafe { r[0].of.i32 } as u32);
        }
        Ok((t.elapsed(), sum))
    }
}
