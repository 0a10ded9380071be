//! libferrowasm.a linked into a program that has Rust code of its own
//! (issue 19 item 4): such a program and the library both define Rust's
//! allocator symbols, so it links with `-Wl,--allow-multiple-definition`
//! (the linker keeps one definition of each). With the program's, the
//! embedding API runs on the program's allocator: the system-allocator
//! mode works, and Alloc_With_Pool / Alloc_With_Allocator are refused with
//! a message (a pool could not hold the runtime's memory); with the
//! library's, everything works (the program's allocations go through the
//! library's allocator, which passes them to the system unless a pool is
//! up). The program is built with rustc directly, linking the .a, and run;
//! it prints which case it met.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().expect("deps dir").to_path_buf()
}

const HOST: &str = r#"
use std::ffi::{c_char, c_void, CStr};
#[repr(C)]
struct InitArgs { mem_alloc_type: u32, opt: [*mut c_void; 4], rest: [u8; 256] }
extern "C" {
    fn wasm_runtime_init() -> bool;
    fn wasm_runtime_full_init(a: *mut InitArgs) -> bool;
    fn wasm_runtime_destroy();
    fn wasm_runtime_load(b: *mut u8, n: u32, e: *mut c_char, en: u32) -> *mut c_void;
    fn wasm_runtime_instantiate(m: *mut c_void, s: u32, h: u32, e: *mut c_char, en: u32) -> *mut c_void;
    fn wasm_runtime_lookup_function(i: *mut c_void, n: *const c_char) -> *mut c_void;
    fn wasm_runtime_create_exec_env(i: *mut c_void, s: u32) -> *mut c_void;
    fn wasm_runtime_call_wasm(e: *mut c_void, f: *mut c_void, argc: u32, argv: *mut u32) -> bool;
    fn wasm_runtime_destroy_exec_env(e: *mut c_void);
    fn wasm_runtime_deinstantiate(i: *mut c_void);
    fn wasm_runtime_unload(m: *mut c_void);
    fn ferrowasm_runtime_last_error() -> *const c_char;
}
// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const ADD: [u8; 41] = [0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0,
    7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11];
fn main() {
    let mine: Vec<String> = (0..100).map(|i| format!("host {i}")).collect();
    unsafe {
        assert!(wasm_runtime_init());
        let mut err = [0 as c_char; 128];
        let mut bytes = ADD;
        let m = wasm_runtime_load(bytes.as_mut_ptr(), bytes.len() as u32, err.as_mut_ptr(), 128);
        assert!(!m.is_null(), "{:?}", CStr::from_ptr(err.as_ptr()));
        let i = wasm_runtime_instantiate(m, 16384, 0, err.as_mut_ptr(), 128);
        assert!(!i.is_null(), "{:?}", CStr::from_ptr(err.as_ptr()));
        let f = wasm_runtime_lookup_function(i, c"add".as_ptr());
        let e = wasm_runtime_create_exec_env(i, 16384);
        let mut argv = [40u32, 2];
        assert!(wasm_runtime_call_wasm(e, f, 2, argv.as_mut_ptr()));
        assert_eq!(argv[0], 42);
        wasm_runtime_destroy_exec_env(e);
        wasm_runtime_deinstantiate(i);
        wasm_runtime_unload(m);
        wasm_runtime_destroy();
        let mut pool = vec![0u8; 1 << 20];
        let mut a: InitArgs = std::mem::zeroed();
        a.mem_alloc_type = 0;
        a.opt[0] = pool.as_mut_ptr().cast();
        a.opt[1] = pool.len() as *mut c_void;
        // Which definitions of the allocator symbols the linker kept
        // decides: the program's (the pool is refused, saying why) or the
        // library's (the pool works; the program's own allocations made
        // while it is up go through it too).
        let pool_works = wasm_runtime_full_init(&mut a);
        if pool_works {
            let mut bytes = ADD;
            let m = wasm_runtime_load(bytes.as_mut_ptr(), bytes.len() as u32, err.as_mut_ptr(), 128);
            assert!(!m.is_null(), "{:?}", CStr::from_ptr(err.as_ptr()));
            wasm_runtime_unload(m);
            wasm_runtime_destroy();
        } else {
            let msg = CStr::from_ptr(ferrowasm_runtime_last_error()).to_string_lossy();
            assert!(msg.contains("global allocator"), "{msg}");
        }
        println!(
            "rust host: add = 42, pool {}; {} strings of its own",
            if pool_works { "works" } else { "refused" },
            mine.len()
        );
    }
}
"#;

#[test]
fn static_library_links_into_a_rust_program() {
    let dir = std::env::temp_dir().join(format!("embed_rust_host_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.join("host.rs");
    std::fs::write(&src, HOST).expect("write");
    let exe = dir.join("host");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let lib = lib_dir();
    assert!(Path::new(&lib.join("libferrowasm.a")).exists());
    let out = Command::new(rustc)
        .args(["--edition=2021", "-O"])
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib)
        .args(["-l", "static=ferrowasm"])
        .args(["-C", "link-arg=-Wl,--allow-multiple-definition"])
        .output()
        .expect("rustc runs");
    assert!(
        out.status.success(),
        "the Rust host does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().expect("run");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains("add = 42, pool "),
        "the Rust host failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
