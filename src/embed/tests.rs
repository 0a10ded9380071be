//! In-process checks of the embedding API (system allocator only: a pool
//! would take over every thread's allocations; pool runs are C programs).

use super::state::RuntimeInitArgs;
use std::mem::{offset_of, size_of};

/// WAMR's layout of RuntimeInitArgs (examples/embed/pool.c asserts the
/// size from C too).
#[test]
fn runtime_init_args_layout() {
    assert_eq!(offset_of!(RuntimeInitArgs, mem_alloc_option), 8);
    assert_eq!(offset_of!(RuntimeInitArgs, native_module_name), 40);
    assert_eq!(offset_of!(RuntimeInitArgs, n_native_symbols), 56);
    assert_eq!(offset_of!(RuntimeInitArgs, max_thread_num), 60);
    assert_eq!(offset_of!(RuntimeInitArgs, running_mode), 208);
    assert_eq!(size_of::<RuntimeInitArgs>(), 232);
}

#[test]
fn signatures_parse_as_wamr_defines_them() {
    use super::natives::{parse_sig, Param};
    let s = parse_sig("($*~)").expect("valid");
    assert_eq!(s.params, vec![Param::Str, Param::Ptr, Param::Len]);
    assert_eq!(s.result, None);
    let s = parse_sig("(iIfFr)F").expect("valid");
    assert_eq!(s.params.len(), 5);
    assert!(parse_sig("(~)").is_err());
    assert!(parse_sig("(i").is_err());
    assert!(parse_sig("ii)i").is_err());
    assert!(parse_sig("(x)").is_err());
    assert!(parse_sig("()ii").is_err());
}

#[test]
fn error_buffers_are_truncated_on_char_boundaries() {
    let mut buf = [0x55u8; 6];
    super::write_error_buf(buf.as_mut_ptr().cast(), 6, "héllo wörld");
    assert_eq!(&buf[..], b"h\xc3\xa9ll\0");
    super::write_error_buf(buf.as_mut_ptr().cast(), 3, "héllo");
    assert_eq!(&buf[..2], b"h\0");
    super::write_error_buf(std::ptr::null_mut(), 10, "x");
}

/// Spawned exec envs and threads in-process: function handles of the
/// cluster (both ways) call the spawned instance's export, a foreign
/// instance's handle does not; the cluster's limit; parent pinned while
/// children live; two spawned envs running on two threads at once;
/// spawn_thread / join_thread and their errors.
#[test]
fn spawned_exec_envs_and_threads() {
    use super::call::*;
    use super::instance::*;
    use super::module::*;
    use super::state::*;
    use std::ffi::{c_void, CString};

    let wasm = wat::parse_str(
        r#"(module
             (global $g (mut i32) (i32.const 0))
             (func $fib (export "fib") (param i32) (result i32)
               (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
                 (then (local.get 0))
                 (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                                (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
             (func (export "bump") (result i32)
               (global.set $g (i32.add (global.get $g) (i32.const 1)))
               (global.get $g)))"#,
    )
    .expect("wat");
    // SAFETY: all-zero is a valid RuntimeInitArgs.
    let mut args: RuntimeInitArgs = unsafe { std::mem::zeroed() };
    args.mem_alloc_type = 2; // Alloc_With_System_Allocator
    args.max_thread_num = 2;
    // SAFETY: valid arguments and buffers throughout.
    unsafe {
        assert!(wasm_runtime_full_init(&mut args));
        let mut err = [0 as std::ffi::c_char; 128];
        let mut bytes = wasm.clone();
        let m = wasm_runtime_load(
            bytes.as_mut_ptr(),
            bytes.len() as u32,
            err.as_mut_ptr(),
            128,
        );
        assert!(!m.is_null());
        let a = wasm_runtime_instantiate(m, 16384, 0, err.as_mut_ptr(), 128);
        let b = wasm_runtime_instantiate(m, 16384, 0, err.as_mut_ptr(), 128);
        assert!(!a.is_null() && !b.is_null());
        let env = wasm_runtime_create_exec_env(a, 16384);
        let fib = CString::new("fib").unwrap();
        let bump = CString::new("bump").unwrap();
        let a_fib = wasm_runtime_lookup_function(a, fib.as_ptr());
        let a_bump = wasm_runtime_lookup_function(a, bump.as_ptr());
        let b_fib = wasm_runtime_lookup_function(b, fib.as_ptr());
        let call = |e: *const EmbedExecEnv, f: *const EmbedFunc, arg: Option<u32>| {
            let mut argv = [arg.unwrap_or(0), 0];
            let n = arg.is_some() as u32;
            wasm_runtime_call_wasm(e, f, n, argv.as_mut_ptr()).then_some(argv[0])
        };
        assert_eq!(call(env, a_bump, None), Some(1));

        let e1 = wasm_runtime_spawn_exec_env(env);
        let e2 = wasm_runtime_spawn_exec_env(e1); // same cluster
        assert!(!e1.is_null() && !e2.is_null());
        assert!(
            wasm_runtime_spawn_exec_env(env).is_null(),
            "max_thread_num is 2"
        );
        let c1 = wasm_runtime_get_module_inst(e1);
        assert!(!c1.is_null() && !std::ptr::eq(c1, a));
        // the parent's handles run in the spawned instance (its own global)
        assert_eq!(call(e1, a_bump, None), Some(1));
        assert_eq!(call(e1, a_bump, None), Some(2));
        assert_eq!(call(env, a_bump, None), Some(2));
        assert_eq!(wasm_func_get_param_count(a_fib, c1), 1);
        // a child's handle runs in the parent
        let c1_bump = wasm_runtime_lookup_function(c1, bump.as_ptr());
        assert_eq!(call(env, c1_bump, None), Some(3));
        // another cluster's handle does not
        assert_eq!(call(e1, b_fib, Some(5)), None);
        assert_eq!(call(e1, std::ptr::null(), Some(5)), None);

        // two spawned envs on two threads at once
        let run = |e: usize| {
            let f = a_fib as usize;
            std::thread::spawn(move || {
                let mut argv = [22u32, 0];
                let ok = wasm_runtime_call_wasm(e as *const _, f as *const _, 1, argv.as_mut_ptr());
                ok.then_some(argv[0])
            })
        };
        let (t1, t2) = (run(e1 as usize), run(e2 as usize));
        assert_eq!(t1.join().unwrap(), Some(17711));
        assert_eq!(t2.join().unwrap(), Some(17711));

        // the parent is pinned while its cluster lives
        wasm_runtime_deinstantiate(a);
        assert!(!wasm_runtime_get_exception(a).is_null());
        wasm_runtime_destroy_spawned_exec_env(e1);
        assert!(wasm_runtime_get_module_inst(e1).is_null());
        assert_eq!(call(e1, a_fib, Some(5)), None);

        // a thread: one place is free (e2 holds the other)
        struct Job {
            f: usize,
            n: u32,
        }
        extern "C" fn cb(env: *mut EmbedExecEnv, arg: *mut c_void) -> *mut c_void {
            // SAFETY: the Job below, alive until the join.
            let job = unsafe { &*(arg as *const Job) };
            let mut argv = [job.n, 0];
            // SAFETY: a valid argv of one cell.
            if unsafe { wasm_runtime_call_wasm(env, job.f as *const _, 1, argv.as_mut_ptr()) } {
                argv[0] as usize as *mut c_void
            } else {
                usize::MAX as *mut c_void
            }
        }
        let job = Job {
            f: a_fib as usize,
            n: 20,
        };
        let arg = &job as *const Job as *mut c_void;
        let cbp = cb as *const c_void;
        let mut tid = 0usize;
        let mut other = 0usize;
        assert_eq!(wasm_runtime_spawn_thread(env, &mut tid, cbp, arg), 0);
        assert_ne!(tid, 0);
        assert_eq!(
            wasm_runtime_spawn_thread(env, &mut other, cbp, arg),
            -1,
            "limit"
        );
        let mut ret = std::ptr::null_mut();
        assert_eq!(wasm_runtime_join_thread(tid, &mut ret), 0);
        assert_eq!(ret as usize, 6765);
        assert_eq!(wasm_runtime_join_thread(tid, &mut ret), -1);
        assert_eq!(wasm_runtime_join_thread(0, std::ptr::null_mut()), -1);
        // e2 and the rest are left to wasm_runtime_destroy
        wasm_runtime_destroy();
    }
}
