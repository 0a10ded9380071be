//! WASI preview1 through the library API: real C programs (examples/wasi,
//! compiled with clang and wasi-libc; the .wasm files are committed) for
//! arguments, environment, exit codes, files, clocks, randomness and
//! sandbox escapes; small WAT modules for bad pointers (EFAULT), the
//! legacy `wasi_unstable` layouts, rights, and link errors.
#![cfg(feature = "wasi")]

use ferrowasm::wasi::{WasiBuffer, WasiCtx, WasiCtxBuilder, WasiInput, WasiOutput};
use ferrowasm::{Engine, Error, Extern, Instance, Module, Store, Val};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---- helpers ----

/// What a program did: its exit status and what it wrote.
struct Outcome {
    status: i32,
    stdout: String,
    stderr: String,
}

fn example(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/wasi")
        .join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Instantiate `wasm` with WASI only.
fn instantiate(engine: &Engine, wasm: &[u8], ctx: &WasiCtx) -> Result<(Store, Instance), Error> {
    let module = Module::new(engine, wasm)?;
    let mut store = Store::new(engine);
    let imports: Vec<Extern> = ctx
        .imports(&mut store, &module)?
        .into_iter()
        .map(|e| e.expect("only WASI imports"))
        .collect();
    let inst = Instance::new(&mut store, &module, &imports)?;
    Ok((store, inst))
}

/// Run `_start` of `wasm` with the context `b` describes, capturing output.
fn run(wasm: &[u8], b: WasiCtxBuilder) -> Outcome {
    let out = WasiBuffer::new();
    let err = WasiBuffer::new();
    let ctx = b
        .stdout(WasiOutput::Buffer(out.clone()))
        .stderr(WasiOutput::Buffer(err.clone()))
        .build()
        .expect("build the WASI context");
    let engine = Engine::default();
    let (mut store, inst) = instantiate(&engine, wasm, &ctx).expect("instantiate");
    let start = inst.get_func(&store, "_start").expect("_start");
    let status = match start.call(&mut store, &[], &mut []) {
        Ok(()) => 0,
        Err(e) => match e.as_trap().and_then(|t| t.exit_status()) {
            Some(s) => s,
            None => panic!("_start failed: {e}\nstdout:\n{}", out.to_string_lossy()),
        },
    };
    Outcome {
        status,
        stdout: out.to_string_lossy(),
        stderr: err.to_string_lossy(),
    }
}

/// A fresh directory under the temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!(
            "ferrowasm-wasi-test-{}-{n}-{tag}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Sorted names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---- C programs ----

#[test]
fn hello_args_env_and_exit_code() {
    let o = run(
        &example("hello"),
        WasiCtxBuilder::new()
            .args(["hello", "two words", "exit=3"])
            .env("GREETING", "bonjour")
            .env("OTHER", "x=y"),
    );
    assert_eq!(o.status, 3, "{}", o.stdout);
    assert_eq!(
        o.stdout,
        "hello, world\nargc=3\nargv[0]=hello\nargv[1]=two words\nargv[2]=exit=3\n\
         GREETING=bonjour\nenviron has 2 entries\nexiting with 3\n"
    );
    assert_eq!(o.stderr, "this goes to stderr\n");
}

#[test]
fn hello_environment_and_return_code() {
    // Nothing given: no arguments beyond argv[0], no environment.
    let o = run(&example("hello"), WasiCtxBuilder::new().arg("h"));
    assert_eq!(o.status, 0);
    assert!(o.stdout.contains("argc=1\n"), "{}", o.stdout);
    assert!(o
        .stdout
        .contains("GREETING=(unset)\nenviron has 0 entries\n"));
    // Returning non-zero from main exits with it; env replaces earlier values.
    let o = run(
        &example("hello"),
        WasiCtxBuilder::new()
            .args(["h", "env", "return=42"])
            .env("A", "1")
            .env("B", "")
            .env("A", "2"),
    );
    assert_eq!(o.status, 42);
    assert!(o.stdout.contains("env: A=2\nenv: B=\n"), "{}", o.stdout);
    // Exit status 0 through exit().
    let o = run(
        &example("hello"),
        WasiCtxBuilder::new().args(["h", "exit=0"]),
    );
    assert_eq!(o.status, 0);
    assert!(o.stdout.ends_with("exiting with 0\n"));
}

#[test]
fn hello_reads_stdin() {
    let input = "line one\nline two, a longer one to cross a buffer?\n".repeat(20);
    let o = run(
        &example("hello"),
        WasiCtxBuilder::new()
            .args(["h", "stdin"])
            .stdin(WasiInput::Bytes(input.clone().into_bytes())),
    );
    assert_eq!(o.status, 0);
    assert!(
        o.stdout
            .contains(&format!("stdin: {input}\nstdin: {} bytes\n", input.len())),
        "{}",
        o.stdout
    );
    let o = run(
        &example("hello"),
        WasiCtxBuilder::new()
            .args(["h", "stdin"])
            .stdin(WasiInput::Null),
    );
    assert!(
        o.stdout.contains("stdin: \nstdin: 0 bytes\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn files_in_a_preopened_directory() {
    let tmp = TempDir::new("files");
    let o = run(
        &example("files"),
        WasiCtxBuilder::new()
            .args(["files", "/data"])
            .preopen_dir(tmp.path(), "/data"),
    );
    assert_eq!((o.status, o.stdout.as_str()), (0, "files: ok\n"));
    // Everything it made it removed, except the file left for us.
    assert_eq!(names(tmp.path()), ["result.txt"]);
    let text = std::fs::read_to_string(tmp.path().join("result.txt")).unwrap();
    assert_eq!(text, "written by files.wasm\n");
}

#[test]
fn files_under_a_nested_guest_name_with_two_preopens() {
    let a = TempDir::new("files-a");
    let b = TempDir::new("files-b");
    let o = run(
        &example("files"),
        WasiCtxBuilder::new()
            .args(["files", "/mnt/b"])
            .preopen_dir(a.path(), "/mnt/a")
            .preopen_dir(b.path(), "/mnt/b"),
    );
    assert_eq!((o.status, o.stdout.as_str()), (0, "files: ok\n"));
    assert!(names(a.path()).is_empty());
    assert_eq!(names(b.path()), ["result.txt"]);
}

#[test]
fn clocks_sleep_poll_and_random() {
    let o = run(&example("clocks"), WasiCtxBuilder::new().arg("clocks"));
    assert_eq!((o.status, o.stdout.as_str()), (0, "clocks: ok\n"));
}

/// root/sandbox (preopened) beside root/outside/secret, with symlinks out.
fn escape_setup(tmp: &TempDir) -> PathBuf {
    use std::os::unix::fs::symlink;
    let root = tmp.path();
    let sb = root.join("sandbox");
    std::fs::create_dir_all(sb.join("sub")).unwrap();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/secret"), "secret").unwrap();
    std::fs::write(sb.join("inside.txt"), "inside").unwrap();
    symlink("../outside/secret", sb.join("link_out")).unwrap();
    symlink(root.join("outside/secret"), sb.join("abs_link")).unwrap();
    symlink("../outside", sb.join("dir_out")).unwrap();
    sb
}

#[test]
fn escapes_are_refused() {
    let tmp = TempDir::new("escape");
    let sb = escape_setup(&tmp);
    let o = run(
        &example("escape"),
        WasiCtxBuilder::new()
            .arg("escape")
            .preopen_dir(&sb, "/sandbox"),
    );
    assert_eq!(o.status, 0, "{}", o.stdout);
    assert!(o.stdout.ends_with("escape: ok\n"), "{}", o.stdout);
    assert!(o.stdout.matches("refused").count() >= 30, "{}", o.stdout);
    // Escapes are EPERM (63), as Wasmtime returns them, not ENOTCAPABLE.
    for line in [
        "refused (63): open ../outside/secret\n",
        "refused (63): open /etc/passwd\n",
        "refused (63): open link_out (relative symlink out)\n",
        "refused (63): mkdir ../evil\n",
        "refused (63): libc open /sandbox/../outside/secret\n",
    ] {
        assert!(o.stdout.contains(line), "{line}{}", o.stdout);
    }
    // Nothing outside changed.
    assert_eq!(names(tmp.path()), ["outside", "sandbox"]);
    assert_eq!(names(&tmp.path().join("outside")), ["secret"]);
    let secret = std::fs::read_to_string(tmp.path().join("outside/secret")).unwrap();
    assert_eq!(secret, "secret");
    assert_eq!(
        names(&sb),
        ["abs_link", "dir_out", "inside.txt", "link_out", "sub"]
    );
}

// ---- WAT modules calling WASI functions directly ----

/// The signature of each WASI function the WAT tests use.
const SIGS: &[(&str, &str)] = &[
    ("args_get", "i32 i32"),
    ("args_sizes_get", "i32 i32"),
    ("environ_get", "i32 i32"),
    ("environ_sizes_get", "i32 i32"),
    ("clock_time_get", "i32 i64 i32"),
    ("clock_res_get", "i32 i32"),
    ("fd_write", "i32 i32 i32 i32"),
    ("fd_read", "i32 i32 i32 i32"),
    ("fd_pread", "i32 i32 i32 i64 i32"),
    ("fd_seek", "i32 i64 i32 i32"),
    ("fd_tell", "i32 i32"),
    ("fd_close", "i32"),
    ("fd_fdstat_get", "i32 i32"),
    ("fd_fdstat_set_rights", "i32 i64 i64"),
    ("fd_filestat_get", "i32 i32"),
    ("fd_prestat_get", "i32 i32"),
    ("fd_prestat_dir_name", "i32 i32 i32"),
    ("fd_readdir", "i32 i32 i32 i64 i32"),
    ("fd_renumber", "i32 i32"),
    ("path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32"),
    ("path_filestat_get", "i32 i32 i32 i32 i32"),
    ("path_create_directory", "i32 i32 i32"),
    ("path_readlink", "i32 i32 i32 i32 i32 i32"),
    ("poll_oneoff", "i32 i32 i32 i32"),
    ("random_get", "i32 i32"),
    ("sock_recv", "i32 i32 i32 i32 i32 i32"),
    ("sock_shutdown", "i32 i32"),
    ("fd_datasync", "i32"),
    ("path_link", "i32 i32 i32 i32 i32 i32 i32"),
    ("path_symlink", "i32 i32 i32 i32 i32"),
    ("proc_raise", "i32"),
];

/// A module importing the WASI functions above from `wasi_module` and
/// exporting each under the same name (so the test calls them from wasm,
/// with the module's exported one-page memory).
fn wrapper_module(wasi_module: &str) -> Vec<u8> {
    let mut wat = String::from("(module\n");
    for (name, params) in SIGS {
        wat += &format!(
            "  (import \"{wasi_module}\" \"{name}\" (func ${name} (param {params}) (result i32)))\n"
        );
    }
    wat += "  (memory (export \"memory\") 1)\n";
    for (name, params) in SIGS {
        let gets: String = (0..params.split(' ').count())
            .map(|i| format!("(local.get {i}) "))
            .collect();
        wat += &format!(
            "  (func (export \"{name}\") (param {params}) (result i32) {gets}(call ${name}))\n"
        );
    }
    wat += ")";
    wat::parse_str(&wat).unwrap()
}

/// An instance of the wrapper module with its context's buffers.
struct Wasm {
    store: Store,
    inst: Instance,
    stdout: WasiBuffer,
}

impl Wasm {
    fn new(wasi_module: &str, b: WasiCtxBuilder) -> Wasm {
        let stdout = WasiBuffer::new();
        let ctx = b
            .stdout(WasiOutput::Buffer(stdout.clone()))
            .build()
            .unwrap();
        let engine = Engine::default();
        let (store, inst) = instantiate(&engine, &wrapper_module(wasi_module), &ctx).unwrap();
        Wasm {
            store,
            inst,
            stdout,
        }
    }

    /// Call WASI function `name` with integer arguments (i64 where the
    /// signature says so); its errno.
    fn call(&mut self, name: &str, args: &[u64]) -> i32 {
        let f = self.inst.get_func(&self.store, name).unwrap();
        let ty = f.ty(&self.store);
        let vals: Vec<Val> = args
            .iter()
            .zip(ty.params())
            .map(|(&a, t)| match t {
                ferrowasm::ValType::I64 => Val::I64(a as i64),
                _ => Val::I32(a as u32 as i32),
            })
            .collect();
        assert_eq!(vals.len(), ty.params().len(), "{name}: argument count");
        let mut res = [Val::I32(0)];
        f.call(&mut self.store, &vals, &mut res).unwrap();
        res[0].unwrap_i32()
    }

    fn mem(&mut self) -> &mut [u8] {
        let m = self.inst.get_memory(&self.store, "memory").unwrap();
        m.data_mut(&mut self.store)
    }
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self.mem()[at..at + bytes.len()].copy_from_slice(bytes);
    }
    fn put_u32(&mut self, at: usize, v: u32) {
        self.put(at, &v.to_le_bytes());
    }
    fn u32_at(&mut self, at: usize) -> u32 {
        u32::from_le_bytes(self.mem()[at..at + 4].try_into().unwrap())
    }
    fn u64_at(&mut self, at: usize) -> u64 {
        u64::from_le_bytes(self.mem()[at..at + 8].try_into().unwrap())
    }
    /// path_open(dir, path at 1024) with all rights; the new fd or the errno.
    fn open(&mut self, dir: u32, path: &str, oflags: u64) -> Result<u32, i32> {
        let all = (1u64 << 30) - 1;
        self.open_with(dir, path, oflags, all, all)
    }
    /// path_open(dir, path at 1024) with these rights; the new fd or the errno.
    fn open_with(
        &mut self,
        dir: u32,
        path: &str,
        oflags: u64,
        base: u64,
        inheriting: u64,
    ) -> Result<u32, i32> {
        self.put(1024, path.as_bytes());
        let e = self.call(
            "path_open",
            &[
                dir as u64,
                1,
                1024,
                path.len() as u64,
                oflags,
                base,
                inheriting,
                0,
                2000,
            ],
        );
        if e == 0 {
            Ok(self.u32_at(2000))
        } else {
            Err(e)
        }
    }
}

const EFAULT: i32 = 21;
const EBADF: i32 = 8;
const ENOTCAPABLE: i32 = 76;
const ENOTSOCK: i32 = 57;
const ENOENT: i32 = 44;
const EEXIST: i32 = 20;
const ENOTDIR: i32 = 54;
const END: u64 = 65536;

#[test]
fn bad_pointers_are_efault() {
    let tmp = TempDir::new("efault");
    std::fs::write(tmp.path().join("f"), "0123456789").unwrap();
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new()
            .args(["prog", "arg"])
            .env("K", "V")
            .stdin(WasiInput::Bytes(b"input".to_vec()))
            .preopen_dir(tmp.path(), "dir"),
    );
    let big = u32::MAX as u64;
    // fd_write: the iovec array, an iovec's buffer, the result pointer.
    w.put_u32(0, 100);
    w.put_u32(4, 5);
    w.put(100, b"hello");
    assert_eq!(w.call("fd_write", &[1, END - 4, 1, 16]), EFAULT);
    assert_eq!(w.call("fd_write", &[1, big, 1, 16]), EFAULT);
    assert_eq!(w.call("fd_write", &[1, 0, big, 16]), EFAULT);
    assert_eq!(w.call("fd_write", &[1, 0, 1, END - 3]), EFAULT);
    w.put_u32(8, (END - 2) as u32);
    w.put_u32(12, 5);
    assert_eq!(w.call("fd_write", &[1, 0, 2, 16]), EFAULT);
    assert_eq!(w.stdout.contents(), b"", "nothing written on EFAULT");
    assert_eq!(w.call("fd_write", &[1, 0, 1, 16]), 0);
    assert_eq!((w.u32_at(16), w.stdout.contents()), (5, b"hello".to_vec()));
    // fd_read: a bad buffer consumes nothing.
    w.put_u32(0, (END - 2) as u32);
    assert_eq!(w.call("fd_read", &[0, 0, 1, 16]), EFAULT);
    w.put_u32(0, 200);
    assert_eq!(w.call("fd_read", &[0, 0, 1, END]), EFAULT);
    assert_eq!(w.call("fd_read", &[0, 0, 1, 16]), 0);
    assert_eq!(w.u32_at(16), 5);
    assert_eq!(&w.mem()[200..205], b"input");
    // args and environment
    assert_eq!(w.call("args_sizes_get", &[END - 2, 0]), EFAULT);
    assert_eq!(w.call("args_sizes_get", &[0, END]), EFAULT);
    assert_eq!(w.call("args_get", &[END - 4, 100]), EFAULT);
    assert_eq!(w.call("args_get", &[0, END - 5]), EFAULT);
    assert_eq!(w.call("args_get", &[0, 100]), 0);
    assert_eq!(&w.mem()[100..109], b"prog\0arg\0");
    assert_eq!(w.call("environ_get", &[0, END - 1]), EFAULT);
    assert_eq!(w.call("environ_sizes_get", &[big, 0]), EFAULT);
    // clocks, random
    assert_eq!(w.call("clock_time_get", &[1, 0, END - 7]), EFAULT);
    assert_eq!(w.call("clock_time_get", &[1, 0, END - 8]), 0);
    assert_eq!(w.call("clock_res_get", &[0, big]), EFAULT);
    assert_eq!(w.call("random_get", &[END - 10, 11]), EFAULT);
    assert_eq!(w.call("random_get", &[big, 2]), EFAULT);
    assert_eq!(w.call("random_get", &[0, END]), 0);
    // descriptors and paths
    assert_eq!(w.call("fd_fdstat_get", &[1, END - 23]), EFAULT);
    assert_eq!(w.call("fd_filestat_get", &[3, END - 63]), EFAULT);
    assert_eq!(w.call("fd_prestat_get", &[3, END - 7]), EFAULT);
    assert_eq!(w.call("fd_prestat_dir_name", &[3, END - 2, 3]), EFAULT);
    assert_eq!(w.call("fd_readdir", &[3, END - 10, 100, 0, 0]), EFAULT);
    assert_eq!(w.call("fd_readdir", &[3, 0, 100, 0, END]), EFAULT);
    assert_eq!(
        w.call("path_open", &[3, 0, END - 1, 2, 0, 0, 0, 0, 0]),
        EFAULT
    );
    w.put(300, b"f");
    assert_eq!(
        w.call("path_open", &[3, 0, 300, 1, 0, 0, 0, 0, END - 2]),
        EFAULT
    );
    assert_eq!(
        w.call("path_filestat_get", &[3, 0, 300, 1, END - 8]),
        EFAULT
    );
    assert_eq!(w.call("path_filestat_get", &[3, 0, big, big, 0]), EFAULT);
    assert_eq!(
        w.call("path_readlink", &[3, 300, 1, END - 1, 10, 0]),
        EFAULT
    );
    assert_eq!(w.call("poll_oneoff", &[END - 40, 0, 1, 400]), EFAULT);
    assert_eq!(w.call("poll_oneoff", &[0, END - 31, 1, 400]), EFAULT);
    assert_eq!(w.call("poll_oneoff", &[0, 0, big, 400]), EFAULT);
    // fd_seek on the opened file with a bad result pointer does not move it.
    let fd = w.open(3, "f", 0).unwrap() as u64;
    assert_eq!(w.call("fd_seek", &[fd, 4, 0, END - 4]), EFAULT);
    assert_eq!(w.call("fd_tell", &[fd, 500]), 0);
    assert_eq!(w.u64_at(500), 0);
    assert_eq!(w.call("fd_pread", &[fd, 0, 1, 2, big]), EFAULT);
    // The guest can still do everything right afterwards.
    assert_eq!(w.call("fd_readdir", &[3, 1000, 1000, 0, 996]), 0);
    assert!(w.u32_at(996) > 24 * 3);
}

#[test]
fn legacy_wasi_unstable_layouts() {
    let tmp = TempDir::new("unstable");
    std::fs::write(tmp.path().join("ten"), "0123456789").unwrap();
    for module in ["wasi_unstable", "wasi_snapshot_preview1"] {
        let mut w = Wasm::new(module, WasiCtxBuilder::new().preopen_dir(tmp.path(), "."));
        let fd = w.open(3, "ten", 0).unwrap() as u64;
        // whence: snapshot 0 is CUR=0, END=1, SET=2; preview1 SET=0, CUR=1, END=2.
        let (set, cur, end) = if module == "wasi_unstable" {
            (2, 0, 1)
        } else {
            (0, 1, 2)
        };
        assert_eq!(w.call("fd_seek", &[fd, 3, set, 600]), 0, "{module}");
        assert_eq!(w.u64_at(600), 3);
        assert_eq!(w.call("fd_seek", &[fd, 2, cur, 600]), 0);
        assert_eq!(w.u64_at(600), 5);
        assert_eq!(w.call("fd_seek", &[fd, (-1i64) as u64, end, 600]), 0);
        assert_eq!(w.u64_at(600), 9);
        assert_eq!(
            w.call("fd_seek", &[fd, 0, 3, 600]),
            28,
            "bad whence is EINVAL"
        );
        // filestat: snapshot 0 has a 32-bit nlink at 20 and size at 24;
        // preview1 a 64-bit nlink at 24 and size at 32.
        w.mem()[700..764].fill(0xaa);
        assert_eq!(w.call("fd_filestat_get", &[fd, 700]), 0);
        assert_eq!(w.mem()[716], 4, "regular file");
        if module == "wasi_unstable" {
            assert_eq!(w.u32_at(720), 1);
            assert_eq!(w.u64_at(724), 10);
            assert_eq!(w.mem()[756], 0xaa, "56 bytes written");
        } else {
            assert_eq!(w.u64_at(724), 1);
            assert_eq!(w.u64_at(732), 10);
            assert_ne!(w.u64_at(756), 0xaaaa_aaaa_aaaa_aaaa, "64 bytes written");
        }
        // poll_oneoff with one relative 1 ms monotonic clock subscription:
        // snapshot 0 puts an `identifier` u64 before the clock id.
        w.mem()[800..900].fill(0);
        w.put(800, &77u64.to_le_bytes());
        let clock_at = if module == "wasi_unstable" { 824 } else { 816 };
        w.put_u32(clock_at, 1);
        w.put(clock_at + 8, &1_000_000u64.to_le_bytes());
        assert_eq!(w.call("poll_oneoff", &[800, 900, 1, 960]), 0);
        assert_eq!(w.u32_at(960), 1);
        assert_eq!(w.u64_at(900), 77);
        assert_eq!(w.mem()[908..911], [0, 0, 0], "no error, clock event");
    }
}

#[test]
fn rights_narrow_and_renumber() {
    let tmp = TempDir::new("rights");
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new().preopen_dir(tmp.path(), "/t"),
    );
    // stdout's rights: write can be dropped, never regained.
    assert_eq!(w.call("fd_fdstat_get", &[1, 0]), 0);
    let base = w.u64_at(8);
    assert_ne!(base & (1 << 6), 0, "fd_write right");
    let without_write = base & !(1 << 6);
    assert_eq!(w.call("fd_fdstat_set_rights", &[1, without_write, 0]), 0);
    w.put_u32(100, 200);
    w.put_u32(104, 1);
    assert_eq!(w.call("fd_write", &[1, 100, 1, 108]), ENOTCAPABLE);
    assert_eq!(w.call("fd_fdstat_set_rights", &[1, base, 0]), ENOTCAPABLE);
    assert_eq!(w.call("fd_fdstat_set_rights", &[99, 0, 0]), EBADF);
    // A file opened beneath a directory whose inheriting rights were
    // narrowed gets no more than those.
    assert_eq!(w.call("fd_fdstat_get", &[3, 0]), 0);
    let (dir_base, dir_inh) = (w.u64_at(8), w.u64_at(16));
    assert_eq!(
        w.call("fd_fdstat_set_rights", &[3, dir_base, dir_inh & !(1 << 6)]),
        0
    );
    let fd = w.open(3, "new", 1 /* creat */).unwrap();
    assert_eq!(w.call("fd_fdstat_get", &[fd as u64, 0]), 0);
    assert_eq!(w.u64_at(8) & (1 << 6), 0, "no write right inherited");
    assert_eq!(w.call("fd_write", &[fd as u64, 100, 1, 108]), ENOTCAPABLE);
    // Without path_open, nothing can be opened.
    assert_eq!(
        w.call("fd_fdstat_set_rights", &[3, dir_base & !(1 << 13), 0]),
        0
    );
    assert_eq!(w.open(3, "new", 0), Err(ENOTCAPABLE));
    // fd_renumber moves the preopen over fd, which is closed.
    assert_eq!(w.call("fd_renumber", &[3, fd as u64]), 0);
    assert_eq!(w.call("fd_prestat_get", &[fd as u64, 0]), 0);
    assert_eq!(w.u32_at(4), 2, "name `/t`");
    assert_eq!(w.call("fd_prestat_get", &[3, 0]), EBADF);
    assert_eq!(w.call("fd_close", &[3]), EBADF);
    assert_eq!(w.call("fd_renumber", &[fd as u64, 77]), EBADF);
    assert_eq!(
        w.call("fd_prestat_get", &[0, 0]),
        EBADF,
        "stdin is no preopen"
    );
    // Sockets and signals do not exist here.
    assert_eq!(w.call("sock_recv", &[0, 0, 0, 0, 0, 0]), ENOTSOCK);
    assert_eq!(w.call("sock_recv", &[55, 0, 0, 0, 0, 0]), EBADF);
    assert_eq!(w.call("proc_raise", &[15]), 52);
}

#[test]
fn readdir_cookies_and_truncation() {
    let tmp = TempDir::new("readdir");
    for n in ["alpha", "beta", "gamma"] {
        std::fs::write(tmp.path().join(n), n).unwrap();
    }
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new().preopen_dir(tmp.path(), "d"),
    );
    // Read one entry at a time through a buffer too small for two.
    let mut cookie = 0u64;
    let mut seen = Vec::new();
    loop {
        assert_eq!(w.call("fd_readdir", &[3, 1000, 40, cookie, 996]), 0);
        let used = w.u32_at(996) as usize;
        if used == 0 {
            break;
        }
        let next = w.u64_at(1000);
        let namlen = w.u32_at(1016) as usize;
        let ty = w.mem()[1020];
        let name = String::from_utf8(w.mem()[1024..1024 + namlen.min(16)].to_vec()).unwrap();
        seen.push((name, ty));
        assert!(used >= 40.min(24 + namlen), "{used}: the whole first entry");
        cookie = next;
    }
    seen.sort();
    let want: Vec<(String, u8)> = [(".", 3), ("..", 3), ("alpha", 4), ("beta", 4), ("gamma", 4)]
        .iter()
        .map(|(n, t)| (n.to_string(), *t))
        .collect();
    assert_eq!(seen, want);
    // A cookie past the end gives nothing.
    assert_eq!(w.call("fd_readdir", &[3, 1000, 100, 1000, 996]), 0);
    assert_eq!(w.u32_at(996), 0);
    // readdir on a file is ENOTDIR... or ENOTCAPABLE (no readdir right).
    let fd = w.open(3, "alpha", 0).unwrap() as u64;
    let e = w.call("fd_readdir", &[fd, 1000, 100, 0, 996]);
    assert!(e == 54 || e == ENOTCAPABLE, "{e}");
    // Symlinks are not followed by path_readlink, and readlink truncates.
    std::os::unix::fs::symlink("alpha-target", tmp.path().join("ln")).unwrap();
    w.put(300, b"ln");
    assert_eq!(w.call("path_readlink", &[3, 300, 2, 400, 5, 396]), 0);
    assert_eq!((w.u32_at(396), &w.mem()[400..405]), (5, &b"alpha"[..]));
    // path_create_directory then path_filestat_get sees a directory.
    w.put(300, b"newdir");
    assert_eq!(w.call("path_create_directory", &[3, 300, 6]), 0);
    assert_eq!(w.call("path_create_directory", &[3, 300, 6]), 20, "EEXIST");
    assert_eq!(w.call("path_filestat_get", &[3, 0, 300, 6, 500]), 0);
    assert_eq!(w.mem()[516], 3);
    assert!(tmp.path().join("newdir").is_dir());
}

// ---- linking ----

fn link(wat: &str) -> Result<Vec<Option<Extern>>, Error> {
    let engine = Engine::default();
    let module = Module::new(&engine, &wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine);
    WasiCtxBuilder::new()
        .build()
        .unwrap()
        .imports(&mut store, &module)
}

fn link_error(wat: &str) -> String {
    match link(wat) {
        Err(e @ Error::Link { .. }) => e.to_string(),
        Err(e) => panic!("not a link error: {e}"),
        Ok(_) => panic!("linked"),
    }
}

#[test]
fn link_errors_name_the_import() {
    let m = link_error(
        r#"(module (import "wasi_snapshot_preview1" "fd_frobnicate" (func (param i32) (result i32))))"#,
    );
    assert!(
        m.contains("fd_frobnicate") && m.contains("unknown WASI function"),
        "{m}"
    );
    let m = link_error(
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#,
    );
    assert!(
        m.contains("fd_write") && m.contains("wrong signature"),
        "{m}"
    );
    assert!(m.contains("(param i32 i32 i32 i32) (result i32)"), "{m}");
    let m = link_error(
        r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32) (result i32))))"#,
    );
    assert!(
        m.contains("proc_exit") && m.contains("expected (func (param i32))"),
        "{m}"
    );
    let m = link_error(r#"(module (import "wasi_snapshot_preview1" "memory" (memory 1)))"#);
    assert!(m.contains("memory") && m.contains("only functions"), "{m}");
    // sock_accept came with preview1; snapshot 0 has none.
    let m = link_error(
        r#"(module (import "wasi_unstable" "sock_accept" (func (param i32 i32 i32) (result i32))))"#,
    );
    assert!(
        m.contains("wasi_unstable") && m.contains("sock_accept"),
        "{m}"
    );
    // Other imports are left to the caller.
    let imports = link(
        r#"(module
            (import "env" "f" (func))
            (import "wasi_unstable" "fd_close" (func (param i32) (result i32)))
            (import "env" "m" (memory 1)))"#,
    )
    .unwrap();
    assert!(imports[0].is_none() && imports[1].is_some() && imports[2].is_none());
    assert_eq!(
        ferrowasm::wasi::function_names("wasi_snapshot_preview1").len(),
        46
    );
}

#[test]
fn no_memory_export_is_a_clear_trap() {
    let wasm = wat::parse_str(
        r#"(module
            (import "wasi_snapshot_preview1" "args_sizes_get" (func $f (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
            (memory 1)
            (func (export "yield") (result i32) (call $y))
            (func (export "sizes") (result i32) (call $f (i32.const 0) (i32.const 4))))"#,
    )
    .unwrap();
    let ctx = WasiCtxBuilder::new().build().unwrap();
    let (mut store, inst) = instantiate(&Engine::default(), &wasm, &ctx).unwrap();
    let mut r = [Val::I32(-1)];
    let y = inst.get_func(&store, "yield").unwrap();
    y.call(&mut store, &[], &mut r).unwrap();
    assert_eq!(r[0], Val::I32(0), "no memory needed");
    let f = inst.get_func(&store, "sizes").unwrap();
    let err = f.call(&mut store, &[], &mut r).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("args_sizes_get") && msg.contains("`memory`"),
        "{msg}"
    );
}

#[test]
fn proc_exit_unwinds_from_start_and_calls() {
    let wasm = wat::parse_str(
        r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (memory (export "memory") 1)
            (func (export "quit") (param i32) (call $exit (local.get 0)) (unreachable)))"#,
    )
    .unwrap();
    let ctx = WasiCtxBuilder::new().build().unwrap();
    let (mut store, inst) = instantiate(&Engine::default(), &wasm, &ctx).unwrap();
    let f = inst.get_func(&store, "quit").unwrap();
    for status in [0, 7, 255, -1] {
        let e = f
            .call(&mut store, &[Val::I32(status)], &mut [])
            .unwrap_err();
        assert_eq!(e.as_trap().and_then(|t| t.exit_status()), Some(status));
    }
    // From a start function, instantiation reports the exit.
    let wasm = wat::parse_str(
        r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (func $s (call $exit (i32.const 9)))
            (start $s))"#,
    )
    .unwrap();
    let e = instantiate(&Engine::default(), &wasm, &ctx).err().unwrap();
    assert_eq!(e.as_trap().and_then(|t| t.exit_status()), Some(9));
}

#[test]
fn builder_rejects_bad_input() {
    let e = WasiCtxBuilder::new()
        .preopen_dir("/definitely/not/here", "x")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("/definitely/not/here"), "{e}");
    assert!(WasiCtxBuilder::new().arg("a\0b").build().is_err());
    assert!(WasiCtxBuilder::new().env("A=B", "c").build().is_err());
    assert!(WasiCtxBuilder::new().env("", "c").build().is_err());
    let f = TempDir::new("notdir");
    std::fs::write(f.path().join("file"), "").unwrap();
    let e = WasiCtxBuilder::new()
        .preopen_dir(f.path().join("file"), "x")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("cannot open directory"), "{e}");
}

// ---- Behaviour matched to Wasmtime and the WASI test suite (issue 18) ----

/// yosys's pattern and Wasmtime's descriptor numbering (fdnumbers.c has
/// the expected numbers, measured on Wasmtime 50): after `close(1)` the
/// output file gets a number freed earlier, so later log lines written to
/// stdout do not land in it.
#[test]
fn descriptor_numbers_as_wasmtime_and_closed_stdout_stays_closed() {
    let tmp = TempDir::new("fdnumbers");
    let o = run(
        &example("fdnumbers"),
        WasiCtxBuilder::new()
            .arg("fdnumbers")
            .preopen_dir(tmp.path(), "/out"),
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stderr.ends_with("fdnumbers: ok\n"), "{}", o.stderr);
    assert!(
        o.stderr.contains("close(1); open(netlist): 6\n"),
        "{}",
        o.stderr
    );
    // The line logged after close(1) went nowhere.
    assert_eq!(o.stdout, "log: synthesis started\n");
    let netlist = std::fs::read_to_string(tmp.path().join("netlist.json")).unwrap();
    assert_eq!(netlist, "{\"modules\": {}}\n");
}

/// wasi-testsuite `c/sock_shutdown-not_sock`: socket calls on an open
/// descriptor that is not a socket are ENOTSOCK, on a closed one EBADF.
#[test]
fn socket_calls_on_non_sockets_are_enotsock() {
    let tmp = TempDir::new("notsock");
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new().preopen_dir(tmp.path(), "/t"),
    );
    let file = w.open(3, "f", 1 /* creat */).unwrap();
    for fd in [0, 1, 3, file] {
        assert_eq!(
            w.call("sock_shutdown", &[fd as u64, 2]),
            ENOTSOCK,
            "fd {fd}"
        );
        assert_eq!(w.call("sock_recv", &[fd as u64, 0, 0, 0, 0, 0]), ENOTSOCK);
    }
    assert_eq!(w.call("sock_shutdown", &[60, 2]), EBADF);
}

/// wasi-testsuite `rust/path_link` and `rust/path_symlink_trailing_slashes`:
/// a new link name ending in `/` is refused, never created without it.
#[test]
fn trailing_slash_on_a_new_link_name_is_refused() {
    let tmp = TempDir::new("slash");
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    std::fs::create_dir(tmp.path().join("dir")).unwrap();
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new().preopen_dir(tmp.path(), "/t"),
    );
    // path_link(3, 0, "file" at 1100, 3, new at 1200).
    let link = |w: &mut Wasm, new: &str| {
        w.put(1100, b"file");
        w.put(1200, new.as_bytes());
        w.call("path_link", &[3, 0, 1100, 4, 3, 1200, new.len() as u64])
    };
    assert_eq!(link(&mut w, "new/"), ENOENT);
    assert_eq!(link(&mut w, "dir/"), EEXIST);
    assert_eq!(link(&mut w, "file/"), ENOTDIR);
    // path_symlink("file" at 1100, 3, new at 1200).
    let symlink = |w: &mut Wasm, new: &str| {
        w.put(1100, b"file");
        w.put(1200, new.as_bytes());
        w.call("path_symlink", &[1100, 4, 3, 1200, new.len() as u64])
    };
    assert_eq!(symlink(&mut w, "new/"), ENOENT);
    assert_eq!(symlink(&mut w, "dir/"), EEXIST);
    assert_eq!(symlink(&mut w, "file/"), ENOTDIR);
    assert_eq!(names(tmp.path()), ["dir", "file"], "nothing created");
    // Without the slash both work.
    assert_eq!(link(&mut w, "hard"), 0);
    assert_eq!(symlink(&mut w, "soft"), 0);
    assert_eq!(names(tmp.path()), ["dir", "file", "hard", "soft"]);
}

/// wasi-testsuite `rust/path_open_preopen`: reopening a preopen `.` with
/// the preopen's own rights (which include FD_DATASYNC) opens a directory,
/// not a directory for writing (EISDIR); data-sync alone keeps a file
/// read-only and still works.
#[test]
fn reopening_a_preopen_with_its_own_rights() {
    let tmp = TempDir::new("reopen");
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let mut w = Wasm::new(
        "wasi_snapshot_preview1",
        WasiCtxBuilder::new().preopen_dir(tmp.path(), "/t"),
    );
    assert_eq!(w.call("fd_fdstat_get", &[3, 0]), 0);
    let (base, inh) = (w.u64_at(8), w.u64_at(16));
    const FD_DATASYNC: u64 = 1 << 0;
    const FD_READ: u64 = 1 << 1;
    assert_ne!(base & FD_DATASYNC, 0, "a preopen carries FD_DATASYNC");
    for path in [".", "sub", "./sub/.."] {
        let fd = w.open_with(3, path, 0, base, inh).unwrap_or_else(|e| {
            panic!("open {path} with the preopen's rights: errno {e}");
        });
        assert_eq!(w.call("fd_fdstat_get", &[fd as u64, 0]), 0);
        assert_eq!(w.mem()[0], 3, "{path} is a directory");
        assert_eq!(w.call("fd_datasync", &[fd as u64]), 0);
    }
    let fd = w.open_with(3, "sub", 0, FD_DATASYNC, 0).unwrap();
    assert_eq!(w.call("fd_datasync", &[fd as u64]), 0);
    let fd = w.open_with(3, "file", 0, FD_DATASYNC | FD_READ, 0).unwrap();
    assert_eq!(w.call("fd_datasync", &[fd as u64]), 0);
    // A directory asked for with the write right is EISDIR, with or
    // without OFLAGS_DIRECTORY; a right only files use does not matter.
    const FD_WRITE: u64 = 1 << 6;
    const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    const DIRECTORY: u64 = 2;
    const EISDIR: i32 = 31;
    for oflags in [0, DIRECTORY] {
        let rw = FD_READ | FD_WRITE;
        assert_eq!(w.open_with(3, ".", oflags, rw, 0), Err(EISDIR), "{oflags}");
        let fd = w.open_with(3, "sub", oflags, FD_FILESTAT_SET_SIZE, 0);
        assert!(fd.is_ok(), "{oflags}: {fd:?}");
    }
    assert_eq!(w.open_with(3, "file", DIRECTORY, FD_READ, 0), Err(ENOTDIR));
}
