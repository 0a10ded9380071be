//! Target `wasi`: sequences of WASI preview1 file-system calls with
//! arguments drawn from the input (descriptors, paths that try to leave
//! the sandbox through `..`, absolute paths and symbolic links, random
//! flags, rights, offsets and pointers) on a module whose exports call the
//! imports directly. The sandbox is a fresh directory beside an `outside`
//! directory: after the calls, nothing outside the sandbox may have
//! changed (names, kinds, sizes, contents, link targets, permissions,
//! modification times), guest memory never holds what the files outside
//! contain, and no call may panic, trap or return an errno WASI does not
//! define. The paths reach at most the scratch directory's own level, so a
//! sandbox escape cannot touch anything else on the machine.

use arbitrary::Unstructured;
use ferrowasm as fw;
use fw::wasi::{WasiBuffer, WasiCtxBuilder, WasiInput, WasiOutput};
use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The role of an argument, to draw it where the interesting values are.
#[derive(Clone, Copy, PartialEq)]
enum Arg {
    /// A descriptor (i32).
    Fd,
    /// A path: pointer and length (two i32).
    Path,
    /// A buffer to fill: pointer and length (two i32).
    Buf,
    /// An iovec array: pointer and count (two i32).
    Iovs,
    /// A pointer to a result (i32).
    Out,
    /// Flags or another small number (i32).
    Flags,
    /// An offset, size, timestamp or rights (i64).
    Wide,
}
use Arg::*;

/// The functions called, with their argument roles (the params follow
/// from them: Path, Buf and Iovs are two i32 each).
const FUNCS: &[(&str, &[Arg])] = &[
    ("fd_advise", &[Fd, Wide, Wide, Flags]),
    ("fd_allocate", &[Fd, Wide, Wide]),
    ("fd_close", &[Fd]),
    ("fd_datasync", &[Fd]),
    ("fd_fdstat_get", &[Fd, Out]),
    ("fd_fdstat_set_flags", &[Fd, Flags]),
    ("fd_fdstat_set_rights", &[Fd, Wide, Wide]),
    ("fd_filestat_get", &[Fd, Out]),
    ("fd_filestat_set_size", &[Fd, Wide]),
    ("fd_filestat_set_times", &[Fd, Wide, Wide, Flags]),
    ("fd_pread", &[Fd, Iovs, Wide, Out]),
    ("fd_prestat_get", &[Fd, Out]),
    ("fd_prestat_dir_name", &[Fd, Buf]),
    ("fd_pwrite", &[Fd, Iovs, Wide, Out]),
    ("fd_read", &[Fd, Iovs, Out]),
    ("fd_readdir", &[Fd, Buf, Wide, Out]),
    ("fd_renumber", &[Fd, Fd]),
    ("fd_seek", &[Fd, Wide, Flags, Out]),
    ("fd_sync", &[Fd]),
    ("fd_tell", &[Fd, Out]),
    ("fd_write", &[Fd, Iovs, Out]),
    ("path_create_directory", &[Fd, Path]),
    ("path_filestat_get", &[Fd, Flags, Path, Out]),
    (
        "path_filestat_set_times",
        &[Fd, Flags, Path, Wide, Wide, Flags],
    ),
    ("path_link", &[Fd, Flags, Path, Fd, Path]),
    (
        "path_open",
        &[Fd, Flags, Path, Flags, Wide, Wide, Flags, Out],
    ),
    ("path_readlink", &[Fd, Path, Buf, Out]),
    ("path_remove_directory", &[Fd, Path]),
    ("path_rename", &[Fd, Path, Fd, Path]),
    ("path_symlink", &[Path, Fd, Path]),
    ("path_unlink_file", &[Fd, Path]),
];

/// The contents of the files outside the sandbox: guest memory must never
/// hold them.
const SECRET: &[u8] = b"SECRET-OUTSIDE-THE-SANDBOX";

/// The highest errno of WASI preview1 (`ENOTCAPABLE`).
const MAX_ERRNO: i32 = 76;

// Guest memory layout (one 64 KiB page).
const IOVS_AT: u32 = 0x100; // 4 iovecs of 8 bytes
const PATHS_AT: u32 = 0x1000; // the path pool
const BUFS_AT: u32 = 0x4000; // what the iovecs and buffers point at
const BUFS_LEN: u32 = 0x4000;
const OUT_AT: u32 = 0xF000;
const MEM_LEN: u32 = 0x10000;

pub struct Wasi {
    engine: fw::Engine,
    module: fw::Module,
    /// This target's scratch directory (unique per process and target).
    root: PathBuf,
    /// Calls made, and calls that succeeded (errno 0).
    pub stats: std::cell::Cell<[u64; 2]>,
}

impl Default for Wasi {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Wasi {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The module: imports `FUNCS` from `wasi_snapshot_preview1` and exports
/// each as `w_NAME`, plus its memory.
fn module_text() -> String {
    let mut imports = String::new();
    let mut exports = String::new();
    for (name, args) in FUNCS {
        let mut params = Vec::new();
        for a in *args {
            match a {
                Path | Buf | Iovs => params.extend(["i32", "i32"]),
                Wide => params.push("i64"),
                _ => params.push("i32"),
            }
        }
        let p = params.join(" ");
        imports.push_str(&format!(
            "  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {p}) (result i32)))\n"
        ));
        let gets: String = (0..params.len())
            .map(|i| format!(" local.get {i}"))
            .collect();
        exports.push_str(&format!(
            "  (func (export \"w_{name}\") (param {p}) (result i32){gets} call ${name})\n"
        ));
    }
    format!("(module\n{imports}  (memory (export \"memory\") 1 1)\n{exports})\n")
}

impl Wasi {
    pub fn new() -> Wasi {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let root = std::env::temp_dir().join(format!(
            "ferrowasm-fuzz-wasi-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let engine = fw::Engine::new(fw::Config {
            tier: fw::Tier::Interp,
            ..fw::Config::default()
        });
        let wasm = wat::parse_str(module_text()).expect("the WASI target's module");
        let module = fw::Module::new(&engine, &wasm).expect("the WASI target's module");
        Wasi {
            engine,
            module,
            root,
            stats: Default::default(),
        }
    }

    /// The strings paths are drawn from: names that exist, `..` escapes,
    /// absolute paths (also to the outside), links that point out, and
    /// odd bytes.
    fn path_pool(&self) -> Vec<Vec<u8>> {
        let outside = self.root.join("outside");
        let mut pool: Vec<Vec<u8>> = [
            "file.txt",
            "dir",
            "dir/sub.txt",
            "dir/deeper",
            "new",
            "new/x",
            "dir/new.txt",
            ".",
            "..",
            "../outside",
            "../outside/canary.txt",
            "../outside/new.txt",
            "dir/../../outside/canary.txt",
            "dir/../file.txt",
            "up",
            "up/canary.txt",
            "up/new.txt",
            "abs",
            "rel",
            "loop",
            "dir/updir",
            "dir/updir/inner.txt",
            "dir/",
            "file.txt/",
            "file.txt/.",
            "/",
            "/sandbox/file.txt",
            "",
            "a\0b",
            "./././file.txt",
            "dir//sub.txt",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        pool.push(
            outside
                .join("canary.txt")
                .into_os_string()
                .into_encoded_bytes(),
        );
        pool.push(
            outside
                .join("made.txt")
                .into_os_string()
                .into_encoded_bytes(),
        );
        pool.push(vec![b'n'; 300]);
        pool.push(vec![0xff, 0xfe, b'/', 0x80]);
        pool
    }

    /// A fresh sandbox and outside tree.
    fn setup(&self) -> std::io::Result<(PathBuf, PathBuf)> {
        let _ = std::fs::remove_dir_all(&self.root);
        let sandbox = self.root.join("sandbox");
        let outside = self.root.join("outside");
        std::fs::create_dir_all(outside.join("dir"))?;
        std::fs::write(outside.join("canary.txt"), SECRET)?;
        std::fs::write(outside.join("dir/inner.txt"), SECRET)?;
        std::fs::create_dir_all(sandbox.join("dir/deeper"))?;
        std::fs::write(sandbox.join("file.txt"), b"hello, sandbox")?;
        std::fs::write(sandbox.join("dir/sub.txt"), b"sub")?;
        use std::os::unix::fs::symlink;
        symlink("../outside", sandbox.join("up"))?;
        symlink(outside.join("canary.txt"), sandbox.join("abs"))?;
        symlink("file.txt", sandbox.join("rel"))?;
        symlink("loop", sandbox.join("loop"))?;
        symlink("../../outside/dir", sandbox.join("dir/updir"))?;
        Ok((sandbox, outside))
    }

    pub fn run(&self, data: &[u8]) -> Result<(), String> {
        let (sandbox, _) = self.setup().map_err(|e| format!("harness: setup: {e}"))?;
        let before = snapshot(&self.root, &sandbox);
        let r = self.calls(data, &sandbox);
        let after = snapshot(&self.root, &sandbox);
        if before != after {
            return Err(format!(
                "outside the sandbox changed: {}",
                first_difference(&before, &after)
            ));
        }
        r
    }

    fn calls(&self, data: &[u8], sandbox: &Path) -> Result<(), String> {
        let ctx = WasiCtxBuilder::new()
            .preopen_dir(sandbox, "/sandbox")
            .preopen_dir(sandbox.join("dir"), ".")
            .stdin(WasiInput::Bytes(b"input".to_vec()))
            .stdout(WasiOutput::Buffer(WasiBuffer::new()))
            .stderr(WasiOutput::Buffer(WasiBuffer::new()))
            .build()
            .map_err(|e| format!("harness: WASI context: {e}"))?;
        let mut store = fw::Store::new(&self.engine);
        let imports: Vec<fw::Extern> = ctx
            .imports(&mut store, &self.module)
            .map_err(|e| format!("harness: imports: {e}"))?
            .into_iter()
            .map(|e| e.expect("only WASI imports"))
            .collect();
        let inst = fw::Instance::new(&mut store, &self.module, &imports)
            .map_err(|e| format!("harness: instantiate: {e}"))?;
        let memory = inst
            .get_memory(&store, "memory")
            .ok_or("harness: no memory export")?;
        let pool = self.path_pool();
        let mut spans = Vec::new();
        {
            let mem = memory.data_mut(&mut store);
            let mut at = PATHS_AT as usize;
            for p in &pool {
                mem[at..at + p.len()].copy_from_slice(p);
                spans.push((at as u32, p.len() as u32));
                at += p.len() + 1;
            }
            assert!(at < BUFS_AT as usize, "the path pool fits its area");
        }
        let mut u = Unstructured::new(data);
        let mut stats = self.stats.get();
        for _ in 0..u.int_in_range(1..=40u32).unwrap_or(1) {
            if u.is_empty() {
                break;
            }
            let (name, roles) = FUNCS[u.choose_index(FUNCS.len()).unwrap_or(0)];
            // Fresh iovecs for every call: up to 4, into the buffer area.
            {
                let mem = memory.data_mut(&mut store);
                for i in 0..4u32 {
                    let off = u.int_in_range(0..=BUFS_LEN - 1).unwrap_or(0);
                    let len = u.int_in_range(0..=(BUFS_LEN - off).min(600)).unwrap_or(0);
                    let at = (IOVS_AT + 8 * i) as usize;
                    mem[at..at + 4].copy_from_slice(&(BUFS_AT + off).to_le_bytes());
                    mem[at + 4..at + 8].copy_from_slice(&len.to_le_bytes());
                }
            }
            let mut args = Vec::new();
            for &role in roles {
                draw(&mut u, role, &spans, &mut args);
            }
            let f = inst
                .get_func(&store, &format!("w_{name}"))
                .ok_or_else(|| format!("harness: no export w_{name}"))?;
            let mut out = [fw::Val::I32(0)];
            match f.call(&mut store, &args, &mut out) {
                Ok(()) => {}
                Err(e) => return Err(format!("{name}({args:?}) failed: {e}")),
            }
            let fw::Val::I32(errno) = out[0] else {
                return Err(format!("{name}: result {:?} is not an i32", out[0]));
            };
            if !(0..=MAX_ERRNO).contains(&errno) {
                return Err(format!("{name}({args:?}) returned errno {errno}"));
            }
            if memory
                .data(&store)
                .windows(SECRET.len())
                .any(|w| w == SECRET)
            {
                return Err(format!("{name}({args:?}) read a file outside the sandbox"));
            }
            stats[0] += 1;
            stats[1] += (errno == 0) as u64;
        }
        self.stats.set(stats);
        Ok(())
    }
}

/// One argument (or two, for a pointer and a length) of role `role`.
fn draw(u: &mut Unstructured<'_>, role: Arg, spans: &[(u32, u32)], args: &mut Vec<fw::Val>) {
    let pick = |u: &mut Unstructured<'_>, n: u8| u.int_in_range(0..=n).unwrap_or(0);
    match role {
        Fd => {
            // The preopens are 3 and 4; opened files follow.
            let fd = match pick(u, 7) {
                0..=2 => 3,
                3 => 4,
                4..=5 => 5 + pick(u, 3) as u32,
                6 => pick(u, 2) as u32,
                _ => u.arbitrary().unwrap_or(u32::MAX),
            };
            args.push(fw::Val::I32(fd as i32));
        }
        Path => {
            let (ptr, len) = match pick(u, 15) {
                // A bad pointer or a length past the memory.
                0 => (u.arbitrary().unwrap_or(MEM_LEN - 1), 8),
                1 => (PATHS_AT, u.arbitrary().unwrap_or(u32::MAX)),
                _ => spans[u.choose_index(spans.len()).unwrap_or(0)],
            };
            args.extend([fw::Val::I32(ptr as i32), fw::Val::I32(len as i32)]);
        }
        Buf => {
            let (ptr, len) = match pick(u, 7) {
                0 => (u.arbitrary().unwrap_or(0), u.arbitrary().unwrap_or(0)),
                1 => (MEM_LEN - 4, 16),
                _ => (BUFS_AT, u.int_in_range(0..=BUFS_LEN).unwrap_or(64)),
            };
            args.extend([fw::Val::I32(ptr as i32), fw::Val::I32(len as i32)]);
        }
        Iovs => {
            let (ptr, n) = match pick(u, 7) {
                0 => (u.arbitrary().unwrap_or(0), u.arbitrary().unwrap_or(0)),
                _ => (IOVS_AT, pick(u, 4) as u32),
            };
            args.extend([fw::Val::I32(ptr as i32), fw::Val::I32(n as i32)]);
        }
        Out => {
            let p = match pick(u, 7) {
                0 => u.arbitrary().unwrap_or(MEM_LEN - 2),
                _ => OUT_AT,
            };
            args.push(fw::Val::I32(p as i32));
        }
        Flags => {
            let f: u32 = match pick(u, 3) {
                0 => 0,
                1 => 1 << pick(u, 15),
                2 => pick(u, 255) as u32,
                _ => u.arbitrary().unwrap_or(0),
            };
            args.push(fw::Val::I32(f as i32));
        }
        Wide => {
            let w: u64 = match pick(u, 4) {
                0 => 0,
                1 => u64::MAX, // all rights; -1
                2 => pick(u, 255) as u64,
                3 => 1 << pick(u, 63),
                _ => u.arbitrary().unwrap_or(0),
            };
            args.push(fw::Val::I64(w as i64));
        }
    }
}

/// What a path is, for the comparison of the tree outside the sandbox.
#[derive(PartialEq, Debug)]
enum Node {
    File {
        contents: Vec<u8>,
        mode: u32,
        mtime: (i64, i64),
    },
    Dir {
        mode: u32,
        mtime: (i64, i64),
    },
    Link(PathBuf),
    Other(u32),
}

/// Every path under `root` except inside `sandbox` (the sandbox itself is
/// recorded as existing, nothing more).
fn snapshot(root: &Path, sandbox: &Path) -> BTreeMap<PathBuf, Node> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p == sandbox {
                out.insert(p, Node::Other(0));
                continue;
            }
            let Ok(md) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let mtime = (md.mtime(), md.mtime_nsec());
            let mode = md.permissions().mode();
            let node = if md.file_type().is_symlink() {
                Node::Link(std::fs::read_link(&p).unwrap_or_default())
            } else if md.is_dir() {
                todo.push(p.clone());
                Node::Dir { mode, mtime }
            } else if md.is_file() {
                Node::File {
                    contents: std::fs::read(&p).unwrap_or_default(),
                    mode,
                    mtime,
                }
            } else {
                Node::Other(mode)
            };
            out.insert(p, node);
        }
    }
    out
}

fn first_difference(a: &BTreeMap<PathBuf, Node>, b: &BTreeMap<PathBuf, Node>) -> String {
    for (p, n) in a {
        match b.get(p) {
            None => return format!("{} was removed", p.display()),
            Some(m) if m != n => return format!("{} changed: {n:?} -> {m:?}", p.display()),
            _ => {}
        }
    }
    for p in b.keys() {
        if !a.contains_key(p) {
            return format!("{} was created", p.display());
        }
    }
    "(no difference)".into()
}
