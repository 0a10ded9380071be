//! Behaviour of the wasm.h C API, through the shared library only.
//!
//! The library is loaded with `libloading` and used through the C ABI, as
//! a language binding would. By default that is our cdylib; set
//! `WASM_C_API_LIB=/path/to/libother.so` to run the same tests against
//! another engine's wasm.h library and compare. Tests of what the standard
//! leaves open (NULL arguments, serialized-data rejection, reclamation)
//! run only against ferrowasm.

use libloading::Library;
use std::ffi::c_void;
use std::path::PathBuf;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

type P = *mut c_void;

#[repr(C)]
#[derive(Clone, Copy)]
union Of {
    i32: i32,
    i64: i64,
    f32: f32,
    f64: f64,
    r: P,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct Val {
    kind: u8,
    of: Of,
}

impl std::fmt::Debug for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Val(kind {})", self.kind)
    }
}

const I32: u8 = 0;
const I64: u8 = 1;
const F32: u8 = 2;
const F64: u8 = 3;
const EXTERNREF: u8 = 128;

fn i32v(v: i32) -> Val {
    Val {
        kind: I32,
        of: Of { i32: v },
    }
}
fn i64v(v: i64) -> Val {
    Val {
        kind: I64,
        of: Of { i64: v },
    }
}
fn f64v(v: f64) -> Val {
    Val {
        kind: F64,
        of: Of { f64: v },
    }
}
fn nullref() -> Val {
    Val {
        kind: EXTERNREF,
        of: Of { r: null_mut() },
    }
}

#[repr(C)]
#[derive(Debug)]
struct Vector<T> {
    size: usize,
    data: *mut T,
}

impl<T> Vector<T> {
    fn of(s: &mut [T]) -> Vector<T> {
        Vector {
            size: s.len(),
            data: if s.is_empty() {
                null_mut()
            } else {
                s.as_mut_ptr()
            },
        }
    }
    fn empty() -> Vector<T> {
        Vector {
            size: 0,
            data: null_mut(),
        }
    }
    fn slice(&self) -> &[T] {
        if self.data.is_null() {
            &[]
        } else {
            // SAFETY: vectors filled by the library hold `size` elements.
            unsafe { std::slice::from_raw_parts(self.data, self.size) }
        }
    }
}

type Callback = unsafe extern "C" fn(*const Vector<Val>, *mut Vector<Val>) -> P;
type CallbackEnv = unsafe extern "C" fn(P, *const Vector<Val>, *mut Vector<Val>) -> P;
type Finalizer = unsafe extern "C" fn(P);

macro_rules! api {
    ($($name:ident : fn($($arg:ty),*) $(-> $ret:ty)?;)*) => {
        #[allow(non_snake_case)]
        struct Api {
            _lib: Library,
            $($name: unsafe extern "C" fn($($arg),*) $(-> $ret)?,)*
        }

        impl Api {
            fn load(path: &std::path::Path) -> Api {
                // SAFETY: loading a wasm.h library; its initialisers are its own.
                let lib = unsafe { Library::new(path) }
                    .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()));
                $(
                    // SAFETY: the symbol has the C signature wasm.h declares.
                    let $name = unsafe {
                        *lib.get::<unsafe extern "C" fn($($arg),*) $(-> $ret)?>(
                            concat!(stringify!($name), "\0").as_bytes(),
                        )
                        .unwrap_or_else(|e| panic!("{}: {e}", stringify!($name)))
                    };
                )*
                Api { _lib: lib, $($name,)* }
            }
        }
    };
}

api! {
    wasm_engine_new: fn() -> P;
    wasm_engine_delete: fn(P);
    wasm_store_new: fn(P) -> P;
    wasm_store_delete: fn(P);
    wasm_byte_vec_new: fn(*mut Vector<u8>, usize, *const u8);
    wasm_byte_vec_delete: fn(*mut Vector<u8>);
    wasm_module_new: fn(P, *const Vector<u8>) -> P;
    wasm_module_delete: fn(P);
    wasm_module_validate: fn(P, *const Vector<u8>) -> bool;
    wasm_module_serialize: fn(P, *mut Vector<u8>);
    wasm_module_deserialize: fn(P, *const Vector<u8>) -> P;
    wasm_module_share: fn(P) -> P;
    wasm_module_obtain: fn(P, P) -> P;
    wasm_shared_module_delete: fn(P);
    wasm_instance_new: fn(P, P, *const Vector<P>, *mut P) -> P;
    wasm_instance_delete: fn(P);
    wasm_instance_exports: fn(P, *mut Vector<P>);
    wasm_instance_set_host_info_with_finalizer: fn(P, P, Option<Finalizer>);
    wasm_instance_get_host_info: fn(P) -> P;
    wasm_extern_vec_delete: fn(*mut Vector<P>);
    wasm_extern_as_func: fn(P) -> P;
    wasm_extern_as_table: fn(P) -> P;
    wasm_extern_as_memory: fn(P) -> P;
    wasm_extern_as_global: fn(P) -> P;
    wasm_func_as_extern: fn(P) -> P;
    wasm_global_as_extern: fn(P) -> P;
    wasm_func_as_ref: fn(P) -> P;
    wasm_func_call: fn(P, *const Vector<Val>, *mut Vector<Val>) -> P;
    wasm_func_new: fn(P, P, Callback) -> P;
    wasm_func_new_with_env: fn(P, P, CallbackEnv, P, Option<Finalizer>) -> P;
    wasm_func_delete: fn(P);
    wasm_func_param_arity: fn(P) -> usize;
    wasm_func_result_arity: fn(P) -> usize;
    wasm_valtype_new: fn(u8) -> P;
    wasm_valtype_vec_new: fn(*mut Vector<P>, usize, *const P);
    wasm_functype_new: fn(*mut Vector<P>, *mut Vector<P>) -> P;
    wasm_functype_delete: fn(P);
    wasm_globaltype_new: fn(P, u8) -> P;
    wasm_globaltype_delete: fn(P);
    wasm_global_new: fn(P, P, *const Val) -> P;
    wasm_global_delete: fn(P);
    wasm_global_get: fn(P, *mut Val);
    wasm_global_set: fn(P, *const Val);
    wasm_table_get: fn(P, u32) -> P;
    wasm_table_set: fn(P, u32, P) -> bool;
    wasm_table_size: fn(P) -> u32;
    wasm_table_grow: fn(P, u32, P) -> bool;
    wasm_ref_delete: fn(P);
    wasm_memory_size: fn(P) -> u32;
    wasm_memory_grow: fn(P, u32) -> bool;
    wasm_memory_data_size: fn(P) -> usize;
    wasm_memory_data: fn(P) -> *mut u8;
    wasm_trap_new: fn(P, *const Vector<u8>) -> P;
    wasm_trap_delete: fn(P);
    wasm_trap_message: fn(P, *mut Vector<u8>);
    wasm_trap_trace: fn(P, *mut Vector<P>);
    wasm_trap_origin: fn(P) -> P;
    wasm_frame_vec_delete: fn(*mut Vector<P>);
    wasm_frame_func_index: fn(P) -> u32;
    wasm_frame_delete: fn(P);
    wasm_module_exports: fn(P, *mut Vector<P>);
    wasm_module_imports: fn(P, *mut Vector<P>);
    wasm_exporttype_vec_delete: fn(*mut Vector<P>);
    wasm_importtype_vec_delete: fn(*mut Vector<P>);
    wasm_byte_vec_new_empty: fn(*mut Vector<u8>);
    wasm_byte_vec_new_uninitialized: fn(*mut Vector<u8>, usize);
    wasm_byte_vec_copy: fn(*mut Vector<u8>, *const Vector<u8>);
    wasm_extern_vec_new_empty: fn(*mut Vector<P>);
    wasm_extern_vec_copy: fn(*mut Vector<P>, *const Vector<P>);
    wasm_functype_params: fn(P) -> *const Vector<P>;
    wasm_functype_results: fn(P) -> *const Vector<P>;
}

fn default_lib() -> PathBuf {
    // <target>/<profile>/deps/capi-HASH; cargo puts the cdylib in deps/.
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().expect("deps").join("libferrowasm.so")
}

fn testing_ferrowasm() -> bool {
    std::env::var_os("WASM_C_API_LIB").is_none()
}

fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let path = std::env::var_os("WASM_C_API_LIB")
            .map(PathBuf::from)
            .unwrap_or_else(default_lib);
        Api::load(&path)
    })
}

/// An engine and a store, deleted on drop.
struct Env {
    engine: P,
    store: P,
}

impl Env {
    fn new() -> Env {
        let a = api();
        // SAFETY: plain constructor calls.
        unsafe {
            let engine = (a.wasm_engine_new)();
            assert!(!engine.is_null());
            let store = (a.wasm_store_new)(engine);
            assert!(!store.is_null());
            Env { engine, store }
        }
    }

    fn module(&self, wat: &str) -> P {
        let bytes = wat::parse_str(wat).expect("wat");
        let mut v = Vector::<u8>::empty();
        let a = api();
        // SAFETY: a byte vector made and deleted by the library.
        unsafe {
            (a.wasm_byte_vec_new)(&mut v, bytes.len(), bytes.as_ptr());
            let m = (a.wasm_module_new)(self.store, &v);
            (a.wasm_byte_vec_delete)(&mut v);
            assert!(!m.is_null(), "module does not compile");
            m
        }
    }

    /// Instantiate; (instance, exports) or the trap.
    fn instantiate(&self, module: P, imports: &mut [P]) -> Result<(P, Vector<P>), P> {
        let a = api();
        let v = Vector::of(imports);
        let mut trap: P = 1usize as P; // must be overwritten
                                       // SAFETY: valid store, module and import vector.
        let inst = unsafe { (a.wasm_instance_new)(self.store, module, &v, &mut trap) };
        if inst.is_null() {
            assert!(!trap.is_null() && trap != 1usize as P);
            return Err(trap);
        }
        assert!(
            trap.is_null(),
            "wasm_instance_new must write NULL on success"
        );
        let mut exports = Vector::empty();
        // SAFETY: a live instance.
        unsafe { (a.wasm_instance_exports)(inst, &mut exports) };
        Ok((inst, exports))
    }

    fn func_type(&self, params: &[u8], results: &[u8]) -> P {
        let a = api();
        // SAFETY: vectors and types made by the library, ownership passed on.
        unsafe {
            let ps: Vec<P> = params.iter().map(|&k| (a.wasm_valtype_new)(k)).collect();
            let rs: Vec<P> = results.iter().map(|&k| (a.wasm_valtype_new)(k)).collect();
            let (mut pv, mut rv) = (Vector::empty(), Vector::empty());
            (a.wasm_valtype_vec_new)(&mut pv, ps.len(), ps.as_ptr());
            (a.wasm_valtype_vec_new)(&mut rv, rs.len(), rs.as_ptr());
            (a.wasm_functype_new)(&mut pv, &mut rv)
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let a = api();
        // SAFETY: deleting what `new` made.
        unsafe {
            (a.wasm_store_delete)(self.store);
            (a.wasm_engine_delete)(self.engine);
        }
    }
}

fn drop_instance(inst: P, mut exports: Vector<P>) {
    let a = api();
    // SAFETY: deleting what instantiate returned.
    unsafe {
        (a.wasm_extern_vec_delete)(&mut exports);
        (a.wasm_instance_delete)(inst);
    }
}

/// Call `f`; the results, or the trap's message.
fn call(f: P, args: &mut [Val], nresults: usize) -> Result<Vec<Val>, String> {
    let a = api();
    let mut res = vec![nullref(); nresults];
    let av = Vector::of(args);
    let mut rv = Vector::of(&mut res);
    // SAFETY: valid function and vectors.
    let trap = unsafe { (a.wasm_func_call)(f, &av, &mut rv) };
    if trap.is_null() {
        Ok(res)
    } else {
        Err(take_trap_message(trap))
    }
}

/// The message of `trap` (which is deleted), checking the single NUL.
fn take_trap_message(trap: P) -> String {
    let a = api();
    let mut msg = Vector::<u8>::empty();
    // SAFETY: a live trap, then deleted.
    unsafe {
        (a.wasm_trap_message)(trap, &mut msg);
        (a.wasm_trap_delete)(trap);
    }
    let bytes = msg.slice().to_vec();
    // SAFETY: a byte vector the library made.
    unsafe { (a.wasm_byte_vec_delete)(&mut msg) };
    assert_eq!(bytes.last(), Some(&0), "message must end in NUL");
    assert!(
        !bytes[..bytes.len() - 1].contains(&0),
        "exactly one NUL, at the end"
    );
    String::from_utf8_lossy(&bytes[..bytes.len() - 1]).into_owned()
}

fn export_func(exports: &Vector<P>, i: usize) -> P {
    // SAFETY: a live extern of the vector.
    let f = unsafe { (api().wasm_extern_as_func)(exports.slice()[i]) };
    assert!(!f.is_null());
    f
}

const ARITH: &str = r#"(module
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f64) (result f64 i64)
    (f64.add (f64.convert_i64_s (local.get 0)) (local.get 1)) (local.get 0))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))"#;

#[test]
fn calls_pass_values_and_results() {
    let env = Env::new();
    let m = env.module(ARITH);
    let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
    assert!(call(export_func(&ex, 0), &mut [], 0).is_ok());
    let r = call(export_func(&ex, 1), &mut [i32v(40), i32v(2)], 1).expect("add");
    // SAFETY: reading the i32 of an i32 value.
    assert_eq!((r[0].kind, unsafe { r[0].of.i32 }), (I32, 42));
    let r = call(export_func(&ex, 2), &mut [i64v(1 << 40), f64v(0.5)], 2).expect("mix");
    assert_eq!((r[0].kind, r[1].kind), (F64, I64));
    // SAFETY: reading the fields of the kinds just checked.
    unsafe {
        assert_eq!(r[0].of.f64, (1u64 << 40) as f64 + 0.5);
        assert_eq!(r[1].of.i64, 1 << 40);
    }
    // SAFETY: arity queries on a live function.
    unsafe {
        assert_eq!((api().wasm_func_param_arity)(export_func(&ex, 2)), 2);
        assert_eq!((api().wasm_func_result_arity)(export_func(&ex, 2)), 2);
    }
    let msg = call(export_func(&ex, 3), &mut [i32v(1), i32v(0)], 1).unwrap_err();
    assert!(msg.contains("divide by zero"), "{msg}");
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (api().wasm_module_delete)(m) };
}

#[test]
fn wrong_arity_and_kinds_are_traps() {
    let env = Env::new();
    let m = env.module(ARITH);
    let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
    let add = export_func(&ex, 1);
    assert!(call(add, &mut [i32v(1)], 1).is_err(), "too few arguments");
    assert!(call(add, &mut [i32v(1), i32v(2), i32v(3)], 1).is_err());
    assert!(call(add, &mut [i32v(1), i64v(2)], 1).is_err(), "wrong kind");
    assert!(call(add, &mut [f64v(1.0), i32v(2)], 1).is_err());
    assert!(
        call(add, &mut [i32v(1), i32v(2)], 0).is_err(),
        "no room for results"
    );
    assert!(
        call(add, &mut [i32v(1), i32v(2)], 1).is_ok(),
        "still usable"
    );
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (api().wasm_module_delete)(m) };
}

#[test]
fn v128_functions_are_refused_with_a_clear_trap() {
    if !testing_ferrowasm() {
        return; // FERROWASM_V128 (4) is ours (V8's and WAMR's number).
    }
    let env = Env::new();
    let a = api();
    let ty = env.func_type(&[4, I32], &[I32]);
    // SAFETY: a valid store and type; the callback must never run.
    let f = unsafe { (a.wasm_func_new)(env.store, ty, never_called) };
    assert!(!f.is_null());
    let err = call(f, &mut [i64v(1), i32v(2)], 1).unwrap_err();
    assert!(err.contains("v128") && err.contains("wasm_val_t"), "{err}");
    // wasm calling a wasm.h host function with a v128 parameter traps
    // before the callback runs.
    let m = env.module(
        r#"(module (import "" "h" (func (param v128 i32) (result i32)))
             (func (export "f") (result i32)
               (call 0 (v128.const i64x2 1 2) (i32.const 3))))"#,
    );
    // SAFETY: a live function; the extern is borrowed from it.
    let h = unsafe { (a.wasm_func_as_extern)(f) };
    let (inst, ex) = env.instantiate(m, &mut [h]).expect("instantiate");
    let err = call(export_func(&ex, 0), &mut [], 1).unwrap_err();
    assert!(
        err.contains("host function") && err.contains("v128"),
        "{err}"
    );
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (a.wasm_module_delete)(m) };
    // A v128 global cannot be made from a wasm_val_t either.
    // SAFETY: valid store and types; the value is only read.
    unsafe {
        let gt = (a.wasm_globaltype_new)((a.wasm_valtype_new)(4), 0);
        let init = Val {
            kind: 4,
            of: Of { i64: 7 },
        };
        assert!((a.wasm_global_new)(env.store, gt, &init).is_null());
        (a.wasm_globaltype_delete)(gt);
    }
    // SAFETY: deleting what was made above.
    unsafe {
        (a.wasm_func_delete)(f);
        (a.wasm_functype_delete)(ty);
    }
}

#[test]
fn instantiation_reports_link_errors_and_start_traps() {
    let env = Env::new();
    let a = api();
    let m = env.module(
        r#"(module (import "env" "f" (func (param i32)))
                   (import "env" "g" (global i32)))"#,
    );
    // Nothing given: NULL and a trap.
    let err = env.instantiate(m, &mut []).unwrap_err();
    let msg = take_trap_message(err);
    assert!(!msg.is_empty());
    // The wrong kinds: a global for the function.
    let gty = {
        // SAFETY: a value type handed to the global type.
        unsafe { (a.wasm_globaltype_new)((a.wasm_valtype_new)(I32), 0) }
    };
    let zero = i32v(0);
    // SAFETY: a valid store, type and value.
    let g = unsafe { (a.wasm_global_new)(env.store, gty, &zero) };
    assert!(!g.is_null());
    // SAFETY: views of a live global.
    let gext = unsafe { (a.wasm_global_as_extern)(g) };
    let err = env.instantiate(m, &mut [gext, gext]).unwrap_err();
    let msg = take_trap_message(err);
    if testing_ferrowasm() {
        assert!(msg.contains("\"env\" \"f\""), "names the import: {msg}");
    }
    // A function of the wrong type.
    let fty = env.func_type(&[I64], &[]);
    // SAFETY: a valid store and type; the callback is never called.
    let f = unsafe { (a.wasm_func_new)(env.store, fty, never_called) };
    // SAFETY: views of a live function.
    let fext = unsafe { (a.wasm_func_as_extern)(f) };
    let err = env.instantiate(m, &mut [fext, gext]).unwrap_err();
    take_trap_message(err);
    // A NULL trap pointer is allowed.
    let mut both = [fext, gext];
    let v = Vector::of(&mut both[..]);
    // SAFETY: valid arguments, trap pointer NULL.
    assert!(unsafe { (a.wasm_instance_new)(env.store, m, &v, null_mut()) }.is_null());

    // A trapping start function: NULL, and the trap with its frame.
    let sm = env.module(r#"(module (func $s unreachable) (start $s))"#);
    let trap = env.instantiate(sm, &mut []).unwrap_err();
    let mut trace = Vector::empty();
    // SAFETY: a live trap.
    unsafe { (a.wasm_trap_trace)(trap, &mut trace) };
    assert_eq!(trace.size, 1);
    // SAFETY: a live frame of the vector, then the vector is deleted.
    unsafe {
        assert_eq!((a.wasm_frame_func_index)(trace.slice()[0]), 0);
        (a.wasm_frame_vec_delete)(&mut trace);
    }
    assert!(take_trap_message(trap).contains("unreachable"));
    // SAFETY: deleting what was made here.
    unsafe {
        (a.wasm_func_delete)(f);
        (a.wasm_functype_delete)(fty);
        (a.wasm_global_delete)(g);
        (a.wasm_globaltype_delete)(gty);
        (a.wasm_module_delete)(m);
        (a.wasm_module_delete)(sm);
    }
}

unsafe extern "C" fn never_called(_: *const Vector<Val>, _: *mut Vector<Val>) -> P {
    std::process::abort()
}

#[test]
fn trap_messages_have_exactly_one_nul() {
    let env = Env::new();
    let a = api();
    for text in [&b"boom"[..], &b"boom\0"[..]] {
        let mut v = Vector::<u8>::empty();
        // SAFETY: a message vector made, used and deleted here.
        unsafe {
            (a.wasm_byte_vec_new)(&mut v, text.len(), text.as_ptr());
            let t = (a.wasm_trap_new)(env.store, &v);
            (a.wasm_byte_vec_delete)(&mut v);
            assert!((a.wasm_trap_origin)(t).is_null());
            assert_eq!(take_trap_message(t), "boom");
        }
    }
}

#[test]
fn tables_and_memories_fail_cleanly_out_of_range() {
    let env = Env::new();
    let a = api();
    let m = env.module(
        r#"(module (table (export "t") 1 3 funcref) (memory (export "m") 1 2)
                   (func (export "f")) (elem (i32.const 0) 0))"#,
    );
    let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
    // SAFETY: every handle used below is live.
    unsafe {
        let t = (a.wasm_extern_as_table)(ex.slice()[0]);
        let mem = (a.wasm_extern_as_memory)(ex.slice()[1]);
        let f = (a.wasm_extern_as_func)(ex.slice()[2]);
        assert_eq!((a.wasm_table_size)(t), 1);
        let r = (a.wasm_table_get)(t, 0);
        assert!(!r.is_null());
        (a.wasm_ref_delete)(r);
        assert!((a.wasm_table_get)(t, 1).is_null());
        assert!((a.wasm_table_get)(t, u32::MAX).is_null());
        assert!(!(a.wasm_table_set)(t, 1, (a.wasm_func_as_ref)(f)));
        assert!((a.wasm_table_grow)(t, 2, null_mut()));
        assert!(!(a.wasm_table_grow)(t, 1, null_mut()));
        assert_eq!((a.wasm_table_size)(t), 3);
        assert!((a.wasm_table_set)(t, 2, (a.wasm_func_as_ref)(f)));
        assert_eq!((a.wasm_memory_size)(mem), 1);
        assert!(!(a.wasm_memory_grow)(mem, 2));
        assert!((a.wasm_memory_grow)(mem, 1));
        assert!(!(a.wasm_memory_grow)(mem, 1));
        assert_eq!((a.wasm_memory_data_size)(mem), 2 * 65536);
    }
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (a.wasm_module_delete)(m) };
}

/// Multi-memory: every exported memory is an extern, with its own bytes.
#[test]
fn every_exported_memory_is_an_extern() {
    let (env, a) = (Env::new(), api());
    let m = env.module(
        r#"(module (memory (export "m0") 1) (memory 3) (memory (export "m2") 2 4)
             (data (memory 2) (i32.const 70000) "\2a")
             (func (export "load2") (param i32) (result i32) (i32.load8_u 2 (local.get 0))))"#,
    );
    let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
    assert_eq!(ex.slice().len(), 3);
    // SAFETY: live handles; the data pointers are used within the sizes.
    unsafe {
        let load2 = |addr| call(export_func(&ex, 2), &mut [i32v(addr)], 1).map(|r| r[0].of.i32);
        let (m0, m2) = (
            (a.wasm_extern_as_memory)(ex.slice()[0]),
            (a.wasm_extern_as_memory)(ex.slice()[1]),
        );
        assert_eq!(((a.wasm_memory_size)(m0), (a.wasm_memory_size)(m2)), (1, 2));
        assert_eq!(*(a.wasm_memory_data)(m2).add(70000), 42);
        *(a.wasm_memory_data)(m2).add(5) = 7;
        assert_eq!(
            (load2(5), load2(70000), *(a.wasm_memory_data)(m0).add(5)),
            (Ok(7), Ok(42), 0)
        );
        assert!((a.wasm_memory_grow)(m2, 1));
        assert_eq!(load2(3 * 65536 - 1), Ok(0));
        assert!(load2(3 * 65536)
            .unwrap_err()
            .contains("out of bounds memory access"));
    }
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (a.wasm_module_delete)(m) };
}

#[test]
fn globals_refuse_wrong_kinds_and_constants() {
    let env = Env::new();
    let a = api();
    let m = env.module(r#"(module (global (export "c") i32 (i32.const 5)) (global (export "v") (mut f64) (f64.const 1)))"#);
    let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
    // SAFETY: every handle used below is live; values are written by the library.
    unsafe {
        let c = (a.wasm_extern_as_global)(ex.slice()[0]);
        let v = (a.wasm_extern_as_global)(ex.slice()[1]);
        (a.wasm_global_set)(c, &i32v(9));
        let mut out = nullref();
        (a.wasm_global_get)(c, &mut out);
        assert_eq!((out.kind, out.of.i32), (I32, 5));
        (a.wasm_global_set)(v, &i32v(9));
        (a.wasm_global_get)(v, &mut out);
        assert_eq!((out.kind, out.of.f64), (F64, 1.0));
        (a.wasm_global_set)(v, &f64v(2.5));
        (a.wasm_global_get)(v, &mut out);
        assert_eq!((out.kind, out.of.f64), (F64, 2.5));
    }
    drop_instance(inst, ex);
    // SAFETY: deleting the module.
    unsafe { (a.wasm_module_delete)(m) };
}

/// Environment of `reenter`: the function to call back.
struct Reenter {
    target: P,
}

unsafe extern "C" fn reenter(env: P, args: *const Vector<Val>, results: *mut Vector<Val>) -> P {
    // SAFETY: `env` is the Reenter given at creation; the vectors are the
    // library's, of the declared arity.
    unsafe {
        let r = &*(env as *const Reenter);
        let mut res = Vector::of(std::slice::from_raw_parts_mut((*results).data, 1));
        (api().wasm_func_call)(r.target, args, &mut res)
    }
}

#[test]
fn host_callbacks_reenter_and_nested_traps_keep_frames() {
    let env = Env::new();
    let a = api();
    let m = env.module(
        r#"(module
             (import "" "host" (func $host (param i32) (result i32)))
             (func $inner (export "inner") (param i32) (result i32)
               (if (i32.eqz (local.get 0)) (then unreachable))
               (i32.mul (local.get 0) (i32.const 3)))
             (func (export "outer") (param i32) (result i32)
               (i32.add (call $host (local.get 0)) (i32.const 1))))"#,
    );
    let mut re = Box::new(Reenter { target: null_mut() });
    let fty = env.func_type(&[I32], &[I32]);
    // SAFETY: valid store and type; `re` outlives the store's use of it.
    let host = unsafe {
        (a.wasm_func_new_with_env)(env.store, fty, reenter, &mut *re as *mut Reenter as P, None)
    };
    // SAFETY: a view of a live function.
    let hext = unsafe { (a.wasm_func_as_extern)(host) };
    let (inst, ex) = env.instantiate(m, &mut [hext]).expect("instantiate");
    re.target = export_func(&ex, 0);
    let r = call(export_func(&ex, 1), &mut [i32v(5)], 1).expect("outer");
    // SAFETY: an i32 result.
    assert_eq!(unsafe { r[0].of.i32 }, 16);

    // The trap of the inner call comes out of the outer one, with the
    // frames of inner and outer.
    let mut zero = [i32v(0)];
    let av = Vector::of(&mut zero[..]);
    let mut out = [nullref()];
    let mut rv = Vector::of(&mut out[..]);
    // SAFETY: valid function and vectors.
    let trap = unsafe { (a.wasm_func_call)(export_func(&ex, 1), &av, &mut rv) };
    assert!(!trap.is_null());
    let mut trace = Vector::empty();
    // SAFETY: a live trap and its frames.
    unsafe {
        (a.wasm_trap_trace)(trap, &mut trace);
        let idx: Vec<u32> = trace
            .slice()
            .iter()
            .map(|&f| (a.wasm_frame_func_index)(f))
            .collect();
        assert_eq!(idx, vec![1, 2], "inner then outer");
        let o = (a.wasm_trap_origin)(trap);
        assert_eq!((a.wasm_frame_func_index)(o), 1);
        (a.wasm_frame_delete)(o);
        (a.wasm_frame_vec_delete)(&mut trace);
    }
    assert!(take_trap_message(trap).contains("unreachable"));
    drop_instance(inst, ex);
    // SAFETY: deleting what was made here.
    unsafe {
        (a.wasm_func_delete)(host);
        (a.wasm_functype_delete)(fty);
        (a.wasm_module_delete)(m);
    }
    drop(env);
    drop(re);
}

static FINALIZED_ENV: AtomicUsize = AtomicUsize::new(0);
static FINALIZED_INFO: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_env(_: P) {
    FINALIZED_ENV.fetch_add(1, Ordering::SeqCst);
}
unsafe extern "C" fn count_info(_: P) {
    FINALIZED_INFO.fetch_add(1, Ordering::SeqCst);
}
unsafe extern "C" fn ident(_: P, args: *const Vector<Val>, results: *mut Vector<Val>) -> P {
    // SAFETY: one argument and one result, of the same type.
    unsafe { *(*results).data = *(*args).data };
    null_mut()
}

#[test]
fn finalizers_run_exactly_once() {
    let before_env = FINALIZED_ENV.load(Ordering::SeqCst);
    let before_info = FINALIZED_INFO.load(Ordering::SeqCst);
    let a = api();
    {
        let env = Env::new();
        let fty = env.func_type(&[I32], &[I32]);
        let m = env.module(r#"(module (func (export "f")))"#);
        // SAFETY: valid arguments; the finalizers only count.
        unsafe {
            let f = (a.wasm_func_new_with_env)(env.store, fty, ident, 7usize as P, Some(count_env));
            (a.wasm_functype_delete)(fty);
            let r = call(f, &mut [i32v(3)], 1).expect("host call");
            assert_eq!(r[0].of.i32, 3);
            (a.wasm_func_delete)(f);
            for i in 0..10usize {
                let (inst, ex) = env.instantiate(m, &mut []).expect("instantiate");
                (a.wasm_instance_set_host_info_with_finalizer)(
                    inst,
                    (i + 1) as P,
                    Some(count_info),
                );
                assert_eq!((a.wasm_instance_get_host_info)(inst), (i + 1) as P);
                drop_instance(inst, ex);
            }
            (a.wasm_module_delete)(m);
        }
    }
    assert_eq!(FINALIZED_ENV.load(Ordering::SeqCst) - before_env, 1);
    assert_eq!(FINALIZED_INFO.load(Ordering::SeqCst) - before_info, 10);
}

#[test]
fn engines_and_stores_from_many_threads() {
    let a = api();
    let m_wat = r#"(module (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"#;
    for _ in 0..20 {
        drop(Env::new());
    }
    // A module compiled here, shared with threads that each have a store.
    let env = Env::new();
    let m = env.module(m_wat);
    // SAFETY: sharing a live module.
    let shared = unsafe { (a.wasm_module_share)(m) } as usize;
    let engine = env.engine as usize;
    let threads: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                let a = api();
                for _ in 0..10 {
                    drop(Env::new());
                }
                // SAFETY: the engine is shared across threads by the API;
                // each thread has its own store.
                unsafe {
                    let store = (a.wasm_store_new)(engine as P);
                    let m = (a.wasm_module_obtain)(store, shared as P);
                    assert!(!m.is_null());
                    let v = Vector::<P>::empty();
                    let mut trap = null_mut();
                    let inst = (a.wasm_instance_new)(store, m, &v, &mut trap);
                    assert!(!inst.is_null() && trap.is_null());
                    let mut ex = Vector::empty();
                    (a.wasm_instance_exports)(inst, &mut ex);
                    let r = call(export_func(&ex, 0), &mut [i32v(t)], 1).expect("call");
                    assert_eq!(r[0].of.i32, t + 1);
                    drop_instance(inst, ex);
                    (a.wasm_module_delete)(m);
                    (a.wasm_store_delete)(store);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    // SAFETY: deleting what was made here.
    unsafe {
        (a.wasm_shared_module_delete)(shared as P);
        (a.wasm_module_delete)(m);
    }
}

#[test]
fn serialize_round_trips() {
    let env = Env::new();
    let a = api();
    let m = env.module(ARITH);
    let mut blob = Vector::<u8>::empty();
    // SAFETY: a live module; the blob is the library's.
    unsafe { (a.wasm_module_serialize)(m, &mut blob) };
    assert!(blob.size > 0);
    // SAFETY: deserializing the library's own blob.
    let m2 = unsafe { (a.wasm_module_deserialize)(env.store, &blob) };
    assert!(!m2.is_null());
    let (inst, ex) = env.instantiate(m2, &mut []).expect("instantiate");
    let r = call(export_func(&ex, 1), &mut [i32v(2), i32v(3)], 1).expect("add");
    // SAFETY: an i32 result.
    assert_eq!(unsafe { r[0].of.i32 }, 5);
    drop_instance(inst, ex);
    if testing_ferrowasm() {
        let mut bad = Vector::<u8>::empty();
        let junk = b"\0asm but not really a serialized module";
        // SAFETY: vectors made and deleted here.
        unsafe {
            (a.wasm_byte_vec_new)(&mut bad, junk.len(), junk.as_ptr());
            assert!((a.wasm_module_deserialize)(env.store, &bad).is_null());
            (a.wasm_byte_vec_delete)(&mut bad);
        }
    }
    // SAFETY: deleting what was made here.
    unsafe {
        (a.wasm_byte_vec_delete)(&mut blob);
        (a.wasm_module_delete)(m);
        (a.wasm_module_delete)(m2);
    }
}

#[test]
fn nulls_where_ferrowasm_allows_them() {
    if !testing_ferrowasm() {
        return;
    }
    let a = api();
    let env = Env::new();
    // SAFETY: ferrowasm documents NULL as a no-op or failure for these.
    unsafe {
        (a.wasm_module_delete)(null_mut());
        (a.wasm_func_delete)(null_mut());
        (a.wasm_trap_delete)(null_mut());
        (a.wasm_byte_vec_delete)(null_mut());
        assert!((a.wasm_module_new)(env.store, null_mut()).is_null());
        assert!((a.wasm_module_new)(null_mut(), null_mut()).is_null());
        assert!(!(a.wasm_module_validate)(env.store, null_mut()));
        let mut trap = 1usize as P;
        assert!((a.wasm_instance_new)(env.store, null_mut(), null_mut(), &mut trap).is_null());
        assert!(!trap.is_null() && trap != 1usize as P);
        (a.wasm_trap_delete)(trap);
        let t = (a.wasm_func_call)(null_mut(), null_mut(), null_mut());
        assert!(!t.is_null());
        (a.wasm_trap_delete)(t);
        assert_eq!((a.wasm_table_size)(null_mut()), 0);
        assert!(!(a.wasm_memory_grow)(null_mut(), 1));
        let mut v = nullref();
        (a.wasm_global_get)(null_mut(), &mut v);
        (a.wasm_global_set)(null_mut(), &v);
        // A module without imports may be given a NULL import vector.
        let m = env.module("(module)");
        let inst = (a.wasm_instance_new)(env.store, m, null_mut(), null_mut());
        assert!(!inst.is_null());
        (a.wasm_instance_delete)(inst);
        (a.wasm_module_delete)(m);
        // Garbage bytes do not compile.
        let junk = [0u8, 1, 2, 3, 4, 5];
        let mut bv = Vector::<u8>::empty();
        (a.wasm_byte_vec_new)(&mut bv, junk.len(), junk.as_ptr());
        assert!((a.wasm_module_new)(env.store, &bv).is_null());
        assert!(!(a.wasm_module_validate)(env.store, &bv));
        (a.wasm_byte_vec_delete)(&mut bv);
    }
    let _ = (F32, EXTERNREF);
}

/// Synchronises `block_inside` with the test body.
static INSIDE: std::sync::Barrier = std::sync::Barrier::new(2);
static RELEASE: std::sync::Barrier = std::sync::Barrier::new(2);

unsafe extern "C" fn block_inside(_: *const Vector<Val>, _: *mut Vector<Val>) -> P {
    INSIDE.wait();
    RELEASE.wait();
    null_mut()
}

#[test]
fn a_second_thread_inside_a_store_is_refused_in_debug_builds() {
    if !testing_ferrowasm() || !cfg!(debug_assertions) {
        return;
    }
    let env = Env::new();
    let a = api();
    let m = env.module(
        r#"(module (import "" "block" (func $b)) (func (export "wait") (call $b))
                   (func (export "nop")))"#,
    );
    let fty = env.func_type(&[], &[]);
    // SAFETY: valid store and type.
    let f = unsafe { (a.wasm_func_new)(env.store, fty, block_inside) };
    // SAFETY: a view of a live function.
    let fext = unsafe { (a.wasm_func_as_extern)(f) };
    let (inst, ex) = env.instantiate(m, &mut [fext]).expect("instantiate");
    let wait = export_func(&ex, 0) as usize;
    let nop = export_func(&ex, 1);
    let t = std::thread::spawn(move || call(wait as P, &mut [], 0).map(|_| ()));
    INSIDE.wait();
    // The other thread is inside the store: this call must fail cleanly.
    let msg = call(nop, &mut [], 0).unwrap_err();
    RELEASE.wait();
    assert!(msg.contains("two threads"), "{msg}");
    assert!(t.join().expect("thread").is_ok());
    assert!(call(nop, &mut [], 0).is_ok(), "usable again afterwards");
    drop_instance(inst, ex);
    // SAFETY: deleting what was made here.
    unsafe {
        (a.wasm_func_delete)(f);
        (a.wasm_functype_delete)(fty);
        (a.wasm_module_delete)(m);
    }
}

static RECLAIMED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_reclaimed(_: P) {
    RECLAIMED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn dropped_host_functions_are_reclaimed_while_the_store_lives() {
    if !testing_ferrowasm() {
        return;
    }
    let env = Env::new();
    let a = api();
    let fty = env.func_type(&[I32], &[I32]);
    let n = 20_000;
    // SAFETY: valid store and type; the finalizer only counts.
    unsafe {
        for i in 0..n {
            let f =
                (a.wasm_func_new_with_env)(env.store, fty, ident, i as P, Some(count_reclaimed));
            assert!(!f.is_null());
            (a.wasm_func_delete)(f);
        }
        (a.wasm_functype_delete)(fty);
    }
    let during = RECLAIMED.load(Ordering::SeqCst);
    assert!(
        during >= n / 2,
        "only {during} of {n} reclaimed while the store lives"
    );
    drop(env);
    assert_eq!(
        RECLAIMED.load(Ordering::SeqCst),
        n,
        "each finalizer exactly once"
    );
}

/// An empty vector the library fills has a non-null, aligned data pointer
/// (Rust clients make slices from it), and deleting it frees nothing;
/// `_new_empty` keeps the header's NULL.
#[test]
fn empty_vectors_the_library_fills_have_non_null_aligned_data() {
    if !testing_ferrowasm() {
        return;
    }
    fn check<T>(v: &Vector<T>, what: &str) {
        assert_eq!(v.size, 0, "{what}");
        assert!(!v.data.is_null(), "{what}: NULL data");
        assert_eq!(v.data as usize % std::mem::align_of::<T>(), 0, "{what}");
    }
    let a = api();
    let env = Env::new();
    let m = env.module("(module)");
    // SAFETY: a live module and store; every vector is deleted by the
    // library that made it.
    unsafe {
        let mut exports = Vector::empty();
        (a.wasm_module_exports)(m, &mut exports);
        check(&exports, "wasm_module_exports");
        (a.wasm_exporttype_vec_delete)(&mut exports);
        let mut imports = Vector::empty();
        (a.wasm_module_imports)(m, &mut imports);
        check(&imports, "wasm_module_imports");
        (a.wasm_importtype_vec_delete)(&mut imports);

        let (inst, exports) = env.instantiate(m, &mut []).expect("instantiate");
        check(&exports, "wasm_instance_exports");
        let mut copy = Vector::empty();
        (a.wasm_extern_vec_copy)(&mut copy, &exports);
        check(&copy, "wasm_extern_vec_copy");
        (a.wasm_extern_vec_delete)(&mut copy);
        drop_instance(inst, exports);

        let mut bytes = Vector::empty();
        (a.wasm_byte_vec_new_uninitialized)(&mut bytes, 0);
        check(&bytes, "wasm_byte_vec_new_uninitialized(0)");
        let mut copy = Vector::empty();
        (a.wasm_byte_vec_copy)(&mut copy, &bytes);
        check(&copy, "wasm_byte_vec_copy");
        (a.wasm_byte_vec_delete)(&mut copy);
        (a.wasm_byte_vec_delete)(&mut bytes);

        let ft = env.func_type(&[], &[]);
        check(&*(a.wasm_functype_params)(ft), "wasm_functype_params");
        check(&*(a.wasm_functype_results)(ft), "wasm_functype_results");
        (a.wasm_functype_delete)(ft);

        let mut empty = Vector::<u8> {
            size: 7,
            data: std::ptr::dangling_mut(),
        };
        (a.wasm_byte_vec_new_empty)(&mut empty);
        assert!(empty.data.is_null() && empty.size == 0);
        (a.wasm_byte_vec_delete)(&mut empty);
        let mut empty = Vector::<P> {
            size: 7,
            data: std::ptr::dangling_mut(),
        };
        (a.wasm_extern_vec_new_empty)(&mut empty);
        assert!(empty.data.is_null() && empty.size == 0);
        (a.wasm_extern_vec_delete)(&mut empty);
        (a.wasm_module_delete)(m);
    }
}
