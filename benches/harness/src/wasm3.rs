//! wasm3 through its own C API (`wasm3.h`), loaded by path: a shared
//! library built by ci/bench.sh from the wasm3 sources in PyPI's `pywasm3`
//! source distribution (pinned there).

use crate::engine::{symbol, Engine, Instance, Loaded};
use libloading::Library;
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use std::rc::Rc;
use std::time::{Duration, Instant};

type M3Result = *const c_char;
type Env = *mut c_void;
type Runtime = *mut c_void;
type Module = *mut c_void;
type Function = *mut c_void;
type RawCall = unsafe extern "C" fn(Runtime, *mut c_void, *mut u64, *mut c_void) -> *const c_void;

/// Value stack of each runtime (wasm3 keeps wasm frames there).
const STACK_BYTES: u32 = 1 << 20;

struct Api {
    new_environment: unsafe extern "C" fn() -> Env,
    free_environment: unsafe extern "C" fn(Env),
    new_runtime: unsafe extern "C" fn(Env, u32, *mut c_void) -> Runtime,
    free_runtime: unsafe extern "C" fn(Runtime),
    parse_module: unsafe extern "C" fn(Env, *mut Module, *const u8, u32) -> M3Result,
    free_module: unsafe extern "C" fn(Module),
    load_module: unsafe extern "C" fn(Runtime, Module) -> M3Result,
    compile_module: unsafe extern "C" fn(Module) -> M3Result,
    link_raw_function: unsafe extern "C" fn(
        Module,
        *const c_char,
        *const c_char,
        *const c_char,
        RawCall,
    ) -> M3Result,
    find_function: unsafe extern "C" fn(*mut Function, Runtime, *const c_char) -> M3Result,
    get_ret_count: unsafe extern "C" fn(Function) -> u32,
    call: unsafe extern "C" fn(Function, u32, *const *const c_void) -> M3Result,
    get_results: unsafe extern "C" fn(Function, u32, *const *const c_void) -> M3Result,
    _lib: Library,
}

fn m3_err(r: M3Result) -> Result<(), String> {
    if r.is_null() {
        Ok(())
    } else {
        // SAFETY: wasm3 results are static C strings.
        Err(unsafe { CStr::from_ptr(r) }.to_string_lossy().into_owned())
    }
}

/// A stub for every other import: traps when called.
unsafe extern "C" fn stub_import(
    _rt: Runtime,
    _ctx: *mut c_void,
    _sp: *mut u64,
    _mem: *mut c_void,
) -> *const c_void {
    c"[trap] stub import called".as_ptr() as *const c_void
}

/// The function imports of a module as (module, name, wasm3 signature such
/// as `i(iI)`): wasm3 resolves imports when it compiles a function that
/// calls one, so every import must be linked before `m3_CompileModule`.
fn function_imports(wasm: &[u8]) -> Result<Vec<(CString, CString, CString)>, String> {
    use wasmparser::{CompositeInnerType, Parser, Payload, TypeRef, ValType};
    let code = |t: &ValType| match t {
        ValType::I32 => Ok('i'),
        ValType::I64 => Ok('I'),
        ValType::F32 => Ok('f'),
        ValType::F64 => Ok('F'),
        other => Err(format!("import with a {other:?} value")),
    };
    let mut sigs: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.map_err(|e| e.to_string())?.into_types() {
                        sigs.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                let mut sig = String::new();
                                match f.results() {
                                    [] => sig.push('v'),
                                    [r] => sig.push(code(r)?),
                                    _ => return Err("multi-value import".into()),
                                }
                                sig.push('(');
                                for p in f.params() {
                                    sig.push(code(p)?);
                                }
                                sig.push(')');
                                Some(sig)
                            }
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(|e| e.to_string())?;
                    if let TypeRef::Func(t) = imp.ty {
                        let sig = sigs
                            .get(t as usize)
                            .cloned()
                            .flatten()
                            .ok_or("import of an unknown type")?;
                        let c = |s: &str| CString::new(s).map_err(|e| e.to_string());
                        out.push((c(imp.module)?, c(imp.name)?, c(&sig)?));
                    }
                }
            }
            Payload::CodeSectionStart { .. } => break,
            _ => {}
        }
    }
    Ok(out)
}

unsafe extern "C" fn host_inc(
    _rt: Runtime,
    _ctx: *mut c_void,
    sp: *mut u64,
    _mem: *mut c_void,
) -> *const c_void {
    // Result slot first, then the argument.
    let a = *(sp.add(1) as *const i32);
    *sp = a.wrapping_add(1) as u32 as u64;
    ptr::null()
}

struct EnvHandle {
    api: Api,
    env: Env,
}

impl Drop for EnvHandle {
    fn drop(&mut self) {
        // SAFETY: runtimes (which hold an Rc of this) are freed before.
        unsafe { (self.api.free_environment)(self.env) }
    }
}

pub struct Wasm3 {
    version: String,
    env: Rc<EnvHandle>,
}

impl Wasm3 {
    pub fn new(path: &str, version: &str) -> Result<Wasm3, String> {
        // SAFETY: loading the library runs its (trivial) initialisers.
        let lib = unsafe { Library::new(path) }.map_err(|e| format!("cannot load {path}: {e}"))?;
        macro_rules! sym {
            ($name:literal) => {
                // SAFETY: the symbol has the signature of the field it is
                // stored in (the upstream header's declaration).
                unsafe { symbol(&lib, $name, path)? }
            };
        }
        let api = Api {
            new_environment: sym!("m3_NewEnvironment"),
            free_environment: sym!("m3_FreeEnvironment"),
            new_runtime: sym!("m3_NewRuntime"),
            free_runtime: sym!("m3_FreeRuntime"),
            parse_module: sym!("m3_ParseModule"),
            free_module: sym!("m3_FreeModule"),
            load_module: sym!("m3_LoadModule"),
            compile_module: sym!("m3_CompileModule"),
            link_raw_function: sym!("m3_LinkRawFunction"),
            find_function: sym!("m3_FindFunction"),
            get_ret_count: sym!("m3_GetRetCount"),
            call: sym!("m3_Call"),
            get_results: sym!("m3_GetResults"),
            _lib: lib,
        };
        // SAFETY: plain constructor.
        let env = unsafe { (api.new_environment)() };
        if env.is_null() {
            return Err("m3_NewEnvironment returned NULL".into());
        }
        Ok(Wasm3 {
            version: version.to_string(),
            env: Rc::new(EnvHandle { api, env }),
        })
    }
}

impl Engine for Wasm3 {
    fn version(&self) -> String {
        self.version.clone()
    }

    /// Compile = `m3_ParseModule` + `m3_CompileModule` (wasm3 otherwise
    /// compiles each function on its first call); instantiate =
    /// `m3_NewRuntime` + `m3_LoadModule` + linking the imports (`env.host_inc`,
    /// and stubs that trap for every other function import).
    fn instantiate(&mut self, wasm: &[u8]) -> Result<Loaded, String> {
        let api = &self.env.api;
        // Read before the clock starts: the harness's work, not wasm3's.
        let imports = function_imports(wasm)?;
        // wasm3 keeps pointers into the bytes: they live as long as the instance.
        let bytes: Box<[u8]> = wasm.into();
        // SAFETY: wasm3's C API used as documented in wasm3.h.
        unsafe {
            let t0 = Instant::now();
            let mut module: Module = ptr::null_mut();
            m3_err((api.parse_module)(
                self.env.env,
                &mut module,
                bytes.as_ptr(),
                bytes.len() as u32,
            ))
            .map_err(|e| format!("compile: {e}"))?;
            let mut compile = t0.elapsed();
            let t1 = Instant::now();
            let runtime = (api.new_runtime)(self.env.env, STACK_BYTES, ptr::null_mut());
            if runtime.is_null() {
                (api.free_module)(module);
                return Err("m3_NewRuntime returned NULL".into());
            }
            let inst = Wasm3Instance {
                env: self.env.clone(),
                runtime,
                _bytes: bytes,
            };
            if let Err(e) = m3_err((api.load_module)(runtime, module)) {
                (api.free_module)(module);
                return Err(format!("instantiate: {e}"));
            }
            for (m, n, sig) in &imports {
                let f: RawCall = if m.as_bytes() == b"env" && n.as_bytes() == b"host_inc" {
                    host_inc
                } else {
                    stub_import
                };
                m3_err((api.link_raw_function)(
                    module,
                    m.as_ptr(),
                    n.as_ptr(),
                    sig.as_ptr(),
                    f,
                ))
                .map_err(|e| format!("instantiate: linking {m:?}.{n:?}: {e}"))?;
            }
            let instantiate = t1.elapsed();
            let t2 = Instant::now();
            m3_err((api.compile_module)(module)).map_err(|e| format!("compile: {e}"))?;
            compile += t2.elapsed();
            Ok(Loaded {
                inst: Box::new(inst),
                compile,
                instantiate,
            })
        }
    }
}

struct Wasm3Instance {
    env: Rc<EnvHandle>,
    runtime: Runtime,
    _bytes: Box<[u8]>,
}

impl Drop for Wasm3Instance {
    fn drop(&mut self) {
        // SAFETY: frees the runtime and the module loaded into it.
        unsafe { (self.env.api.free_runtime)(self.runtime) }
    }
}

impl Wasm3Instance {
    fn func(&self, name: &str) -> Result<Function, String> {
        let cname = CString::new(name).map_err(|e| e.to_string())?;
        let mut f: Function = ptr::null_mut();
        // SAFETY: runtime is live.
        m3_err(unsafe { (self.env.api.find_function)(&mut f, self.runtime, cname.as_ptr()) })
            .map_err(|e| format!("export `{name}`: {e}"))?;
        Ok(f)
    }

    /// # Safety
    /// `args` match the function's parameters (i32 each).
    unsafe fn call(&self, f: Function, args: &[i32]) -> Result<Option<i32>, String> {
        if args.len() > 2 {
            return Err("at most two arguments".into());
        }
        let mut ptrs: [*const c_void; 2] = [ptr::null(); 2];
        for (p, a) in ptrs.iter_mut().zip(args) {
            *p = a as *const i32 as *const c_void;
        }
        m3_err((self.env.api.call)(f, args.len() as u32, ptrs.as_ptr()))?;
        if (self.env.api.get_ret_count)(f) == 0 {
            return Ok(None);
        }
        let mut out: i32 = 0;
        let rp = [&mut out as *mut i32 as *const c_void];
        m3_err((self.env.api.get_results)(f, 1, rp.as_ptr()))?;
        Ok(Some(out))
    }
}

impl Instance for Wasm3Instance {
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, String> {
        let f = self.func(name)?;
        // SAFETY: the exports called by the harness take i32 arguments.
        unsafe { self.call(f, args) }
    }

    fn bench_nop(&mut self, iters: u32) -> Result<Duration, String> {
        let f = self.func("nop")?;
        let t = Instant::now();
        for _ in 0..iters {
            // SAFETY: nop takes no arguments.
            m3_err(unsafe { (self.env.api.call)(f, 0, ptr::null()) })?;
        }
        Ok(t.elapsed())
    }

    fn bench_add(&mut self, iters: u32) -> Result<(Duration, u32), String> {
        let f = self.func("add")?;
        let mut sum = 0u32;
        let t = Instant::now();
        for i in 0..iters {
            let a = [i as i32, 1];
            // SAFETY: add takes two i32.
            let r = unsafe { self.call(f, &a)? }.unwrap_or(0);
            sum = sum.wrapping_add(r as u32);
        }
        Ok((t.elapsed(), sum))
    }
}
