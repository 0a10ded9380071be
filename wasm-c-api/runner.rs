//! The wasm.h example runner.
//!
//! Builds every C and C++ example of a suite against libferrowasm and runs
//! each in its own directory, printing one line per example and a closing
//! `examples: N passed, N failed` (exit status 1 if any failed).
//!
//! ```text
//! cargo build --lib && cargo run --example capi_runner -- [SUITE] [options]
//!
//! SUITE        a directory in the upstream wasm-c-api layout (example/*.c
//!              and *.cc beside *.wat or *.wasm, optionally include/wasm.h
//!              and wasm.hh), or a directory of *.c / *.cc files with their
//!              *.wat (beside them or in the parent directory); default:
//!              examples/ (the C++ examples are examples/cpp/)
//! --asan       compile with AddressSanitizer (leaks and errors fail)
//! --valgrind   run each example under valgrind (leaks and errors fail)
//! --static     link libferrowasm.a instead of libferrowasm.so
//! --lib DIR    where libferrowasm.{so,a} are (default: the target dir)
//! --cc CC      the C compiler (default: $CC, else cc)
//! --cxx CXX    the C++ compiler (default: $CXX, else c++)
//! --only A,B   run only these examples
//! --verbose    print each example's output
//! --out DIR    work directory (default: a fresh one under the target dir)
//! ```
//!
//! Each example gets a directory with its binary and NAME.wasm (converted
//! from NAME.wat with the `wat` crate when there is no NAME.wasm). It
//! passes if it exits 0, prints `Done.` (a C++ example of the upstream
//! layout, whose threads.cc prints none, needs only the exit status) and no
//! line starting `> Error` (upstream's report of a failure). The
//! suite's own `wasm.h` and `wasm.hh` are used when it has them (so that
//! upstream programs compile against the upstream headers and link against
//! ferrowasm), else ours. C++ examples are compiled as C++17 and, linked
//! statically, with -lstdc++.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Opts {
    pub suite: PathBuf,
    pub asan: bool,
    pub valgrind: bool,
    pub static_link: bool,
    pub lib: Option<PathBuf>,
    pub cc: String,
    pub cxx: String,
    pub only: Option<Vec<String>>,
    pub out: Option<PathBuf>,
    /// Print each example's output.
    pub verbose: bool,
    /// Extra environment variables for the examples.
    pub env: Vec<(String, String)>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            suite: repo().join("examples"),
            asan: false,
            valgrind: false,
            static_link: false,
            lib: None,
            cc: std::env::var("CC").unwrap_or_else(|_| "cc".into()),
            cxx: std::env::var("CXX").unwrap_or_else(|_| "c++".into()),
            only: None,
            out: None,
            verbose: false,
            env: Vec::new(),
        }
    }
}

#[allow(dead_code)]
fn usage() -> ! {
    eprintln!(
        "usage: capi_runner [SUITE] [--asan] [--valgrind] [--static] [--lib DIR] [--cc CC] \
         [--cxx CXX] [--only A,B] [--out DIR]"
    );
    std::process::exit(2)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[allow(dead_code)]
fn parse_args() -> Opts {
    let mut o = Opts::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--asan" => o.asan = true,
            "--valgrind" => o.valgrind = true,
            "--static" => o.static_link = true,
            "--verbose" | "-v" => o.verbose = true,
            "--lib" => o.lib = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--cc" => o.cc = args.next().unwrap_or_else(|| usage()),
            "--cxx" => o.cxx = args.next().unwrap_or_else(|| usage()),
            "--out" => o.out = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--only" => {
                let v = args.next().unwrap_or_else(|| usage());
                o.only = Some(v.split(',').map(str::to_string).collect());
            }
            "-h" | "--help" => usage(),
            s if s.starts_with('-') => usage(),
            s => o.suite = PathBuf::from(s),
        }
    }
    o
}

/// The directory holding libferrowasm: --lib, else the newest build next
/// to this executable (`<target>/<profile>/` or its `deps/`, where
/// `cargo test` leaves it), else `<target>/debug`.
pub fn lib_dir(explicit: Option<&Path>, static_link: bool) -> PathBuf {
    if let Some(l) = explicit {
        return l.to_path_buf();
    }
    let file = if static_link {
        "libferrowasm.a"
    } else {
        "libferrowasm.so"
    };
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // <target>/<profile>/examples/capi_runner or <target>/<profile>/deps/test-hash
        if let Some(profile_dir) = exe.parent().and_then(Path::parent) {
            candidates.push(profile_dir.to_path_buf());
            candidates.push(profile_dir.join("deps"));
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    candidates.push(target.join("debug"));
    candidates
        .into_iter()
        .filter_map(|d| {
            let t = std::fs::metadata(d.join(file)).ok()?.modified().ok()?;
            Some((t, d))
        })
        .max_by_key(|(t, _)| *t)
        .map(|(_, d)| d)
        .unwrap_or_else(|| target.join("debug"))
}

struct Example {
    name: String,
    /// A C++ example (`.cc`).
    cpp: bool,
    source: PathBuf,
    wat: Option<PathBuf>,
    wasm: Option<PathBuf>,
}

impl Example {
    /// The name shown and used for the work directory: `hello`, `hello.cc`.
    fn label(&self) -> String {
        if self.cpp {
            format!("{}.cc", self.name)
        } else {
            self.name.clone()
        }
    }
}

fn find_examples(dir: &Path) -> Result<Vec<Example>, String> {
    let mut v: Vec<Example> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c" || x == "cc"))
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            // The module beside the program, else in the parent directory
            // (examples/cpp/ uses the modules of examples/).
            let find = |ext: &str| {
                let here = dir.join(format!("{name}.{ext}"));
                let up = dir.parent().map(|d| d.join(format!("{name}.{ext}")));
                if here.exists() {
                    Some(here)
                } else {
                    up.filter(|u| u.exists())
                }
            };
            Example {
                wat: find("wat"),
                wasm: find("wasm"),
                cpp: p.extension().is_some_and(|x| x == "cc"),
                name,
                source: p,
            }
        })
        .collect();
    v.sort_by(|a, b| (&a.name, a.cpp).cmp(&(&b.name, b.cpp)));
    Ok(v)
}

/// Run `cmd` with a time limit; (success, combined output).
fn run_limited(cmd: &mut Command, limit: Duration) -> (bool, String) {
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out_path =
        std::env::temp_dir().join(format!("capi_runner_{}_{seq}.out", std::process::id()));
    let Ok(file) = std::fs::File::create(&out_path) else {
        return (false, "cannot create output file".into());
    };
    let Ok(file2) = file.try_clone() else {
        return (false, "cannot create output file".into());
    };
    let child = cmd.stdin(Stdio::null()).stdout(file).stderr(file2).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return (false, format!("cannot start: {e}")),
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    match status {
        Some(s) if s.success() => (true, text),
        Some(s) => (false, format!("{text}\n[exit status: {s}]")),
        None => (
            false,
            format!("{text}\n[timed out after {}s]", limit.as_secs()),
        ),
    }
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    lines[start..]
        .iter()
        .map(|l| format!("    | {l}\n"))
        .collect()
}

fn run_one(
    o: &Opts,
    ex: &Example,
    include: &Path,
    lib: &Path,
    work: &Path,
) -> Result<String, String> {
    let dir = work.join(ex.label());
    std::fs::create_dir_all(&dir).map_err(|e| format!("mkdir: {e}"))?;
    let wasm_out = dir.join(format!("{}.wasm", ex.name));
    if let Some(w) = &ex.wasm {
        std::fs::copy(w, &wasm_out).map_err(|e| format!("copy wasm: {e}"))?;
    } else if let Some(w) = &ex.wat {
        let bytes = wat::parse_file(w).map_err(|e| format!("wat: {e}"))?;
        std::fs::write(&wasm_out, bytes).map_err(|e| format!("write wasm: {e}"))?;
    }
    let exe = dir.join(&ex.name);
    let mut cc = Command::new(if ex.cpp { &o.cxx } else { &o.cc });
    if ex.cpp {
        cc.arg("-std=c++17");
    }
    cc.arg("-g")
        .arg("-O1")
        .arg("-Wall")
        .arg("-I")
        .arg(include)
        .arg("-I")
        .arg(repo().join("include"))
        .arg(&ex.source)
        .arg("-o")
        .arg(&exe);
    if o.asan {
        cc.arg("-fsanitize=address").arg("-fno-omit-frame-pointer");
    }
    if o.static_link {
        cc.arg(lib.join("libferrowasm.a"));
    } else {
        cc.arg(format!("-L{}", lib.display()))
            .arg("-lferrowasm")
            .arg(format!("-Wl,-rpath,{}", lib.display()));
    }
    if ex.cpp && o.static_link {
        cc.arg("-lstdc++");
    }
    cc.arg("-lpthread").arg("-ldl").arg("-lm");
    let (ok, text) = run_limited(&mut cc, Duration::from_secs(120));
    if !ok {
        return Err(format!("compile failed\n{}", tail(&text, 30)));
    }
    let mut run = if o.valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "--quiet",
            "--error-exitcode=97",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
        ])
        .arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    run.current_dir(&dir);
    run.envs(o.env.iter().map(|(k, v)| (k, v)));
    if o.asan {
        run.env("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1:exitcode=98");
    }
    let limit = if o.valgrind { 1800 } else { 600 };
    let (ok, text) = run_limited(&mut run, Duration::from_secs(limit));
    std::fs::write(dir.join("output.txt"), &text).ok();
    if !ok {
        return Err(format!("run failed\n{}", tail(&text, 30)));
    }
    // Upstream's programs report an error with a `> Error ...` line, and
    // its C++ ones still exit 0 then.
    if let Some(l) = text.lines().find(|l| l.starts_with("> Error")) {
        return Err(format!("the program reports `{l}`\n{}", tail(&text, 30)));
    }
    // Upstream's threads.cc prints no `Done.`; ours do.
    let upstream_cpp = ex.cpp && include != repo().join("include");
    if !upstream_cpp && !text.lines().any(|l| l.trim() == "Done.") {
        return Err(format!("no `Done.` in the output\n{}", tail(&text, 30)));
    }
    Ok(text)
}

/// Run the suite `o` describes, printing a line per example and the
/// closing summary; (passed, failed), or an error when nothing could run.
pub fn run_suite(o: &Opts) -> Result<(usize, usize), String> {
    let (examples_dir, include) = if o.suite.join("example").is_dir() {
        let inc = o.suite.join("include");
        let inc = if inc.join("wasm.h").exists() {
            inc
        } else {
            repo().join("include")
        };
        (o.suite.join("example"), inc)
    } else {
        (o.suite.clone(), repo().join("include"))
    };
    let lib = lib_dir(o.lib.as_deref(), o.static_link);
    let libfile = lib.join(if o.static_link {
        "libferrowasm.a"
    } else {
        "libferrowasm.so"
    });
    if !libfile.exists() {
        return Err(format!(
            "{} not found: run `cargo build --lib` first, or pass --lib DIR",
            libfile.display()
        ));
    }
    let work = o.out.clone().unwrap_or_else(|| {
        let mode = match (o.asan, o.valgrind, o.static_link) {
            (true, _, false) => "asan",
            (true, _, true) => "asan-static",
            (_, true, _) => "valgrind",
            (_, _, true) => "static",
            _ => "plain",
        };
        lib.join("capi-examples").join(mode)
    });
    let _ = std::fs::remove_dir_all(&work);
    let mut examples = find_examples(&examples_dir)?;
    if let Some(only) = &o.only {
        examples.retain(|e| only.contains(&e.name));
    }
    println!(
        "running {} examples from {} (header {}, library {}{})",
        examples.len(),
        examples_dir.display(),
        include.join("wasm.h").display(),
        libfile.display(),
        if o.asan {
            ", AddressSanitizer"
        } else if o.valgrind {
            ", valgrind"
        } else {
            ""
        }
    );
    let (mut passed, mut failed) = (0, 0);
    for ex in &examples {
        let start = Instant::now();
        match run_one(o, ex, &include, &lib, &work) {
            Ok(text) => {
                passed += 1;
                println!(
                    "ok   {} ({:.2}s)",
                    ex.label(),
                    start.elapsed().as_secs_f64()
                );
                if o.verbose {
                    print!("{}", tail(&text, usize::MAX));
                }
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {}: {e}", ex.label());
            }
        }
    }
    println!("examples: {passed} passed, {failed} failed");
    Ok((passed, failed))
}

#[allow(dead_code)]
fn main() {
    let o = parse_args();
    match run_suite(&o) {
        Ok((_, 0)) => {}
        Ok(_) => std::process::exit(1),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    }
}
