//! `ferrowasm run`: load a module, check that its imports can be provided
//! (WASI, nothing else), pick the function, parse its arguments, then
//! instantiate and call it.
//!
//! Everything that can be checked before running code (the file, the module,
//! the imports, the export, the arguments, the preopened directories) is
//! checked first, so a usage error never runs the start function.

use super::args::{split_late_options, Late, RunArgs, RunOptions};
use super::values::{format_val, parse_args};
use super::Failure;
use ferrowasm::{
    Config, Engine, Error, Extern, ExternType, FuncType, Instance, Module, Store, Trap, Val,
};
use std::io::Write;
use std::path::Path;

/// What `run`'s command line asks for, once FILE is read.
#[allow(clippy::large_enum_variant)] // one value per command line
pub enum Prepared {
    /// `-h` among a function's arguments.
    Help,
    Run(RunOptions, Vec<u8>),
}

/// Read FILE and sort out the words after it: a WASI command started
/// through `_start` gets them all untouched; otherwise they are the
/// function's arguments, with ferrowasm options among them.
pub fn prepare(a: RunArgs) -> Result<Prepared, Failure> {
    let mut words = a.module_and_args.into_iter();
    let file = std::path::PathBuf::from(words.next().unwrap_or_default());
    let rest: Vec<_> = words.collect();
    let bytes = std::fs::read(&file)
        .map_err(|e| Failure::error(format!("cannot read `{}`: {e}", file.display())))?;
    let wasm = to_binary(&file, bytes)?;
    let opts = if a.flags.invoke.is_empty() && is_wasi_command(&wasm) {
        a.flags.finish(file, rest)?
    } else {
        match split_late_options(&rest)? {
            Late::Help => return Ok(Prepared::Help),
            Late::Parsed(late, args) => a.flags.merge(late).finish(file, args)?,
        }
    };
    Ok(Prepared::Run(opts, wasm))
}

/// Whether the module imports WASI and exports `_start`, read from its
/// import and export sections only (a module that does not decode is not
/// one; `Module::new` reports why later).
fn is_wasi_command(wasm: &[u8]) -> bool {
    let (mut imports_wasi, mut exports_start) = (false, false);
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(wasmparser::Payload::ImportSection(s)) => {
                for imp in s.into_imports().flatten() {
                    imports_wasi |= provided(imp.module);
                }
            }
            Ok(wasmparser::Payload::ExportSection(s)) => {
                exports_start = s
                    .into_iter()
                    .flatten()
                    .any(|e| e.name == "_start" && e.kind == wasmparser::ExternalKind::Func);
            }
            Ok(wasmparser::Payload::CodeSectionStart { .. }) | Err(_) => break,
            Ok(_) => {}
        }
    }
    imports_wasi && exports_start
}

/// Run the command; results go to `out`, one per line. `Ok` holds the
/// exit status: 0, or what a WASI program passed to `proc_exit`.
pub fn run(opts: &RunOptions, wasm: Vec<u8>, out: &mut impl Write) -> Result<u8, Failure> {
    let file = opts.file.display();
    let engine = Engine::new(Config {
        tier: opts.tier,
        consume_fuel: opts.fuel.is_some(),
        ..Default::default()
    });
    let module = Module::new(&engine, &wasm)
        .map_err(|e| Failure::error(format!("cannot load `{file}`: {e}")))?;
    check_imports(&module, &opts.file)?;
    let wasi = uses_wasi(&module);
    let (name, ty) = select_function(&module, opts.invoke.as_deref())?;
    // A WASI command's `_start` takes the words after FILE as its argv.
    let (fn_args, program_args): (&[String], &[String]) = if wasi && opts.invoke.is_none() {
        (&[], &opts.args)
    } else {
        (&opts.args, &[])
    };
    let args = parse_args(&name, &ty, fn_args)?;

    let mut store = Store::new(&engine);
    if let Some(bytes) = opts.stack_size {
        store.set_max_stack_bytes(bytes);
    }
    if let Some(fuel) = opts.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::error(format!("--fuel {fuel}: {e}")))?;
    }
    // `--timeout`: the watchdog interrupts the store's wasm code (the start
    // function included) when the time is up; dropping it ends its thread.
    let _watchdog = opts
        .timeout
        .map(|after| Watchdog::start(store.interrupt_handle(), after));
    let imports = provide_imports(&mut store, &module, opts, program_args)?;
    let instance = match Instance::new(&mut store, &module, &imports) {
        Ok(i) => i,
        Err(Error::Trap(t)) => {
            return exited(&t)
                .ok_or_else(|| Failure::trap(format!("the start function trapped: {t}")))
        }
        Err(e) => return Err(Failure::error(format!("cannot instantiate `{file}`: {e}"))),
    };
    // `--heap-size`: an app heap at the end of memory 0, as iwasm adds one.
    if let (Some(bytes), Some(mem)) = (opts.heap_size, instance.default_memory(&store)) {
        let pages = (bytes as usize).div_ceil(ferrowasm::PAGE_SIZE) as u64;
        mem.grow(&mut store, pages).map_err(|e| {
            Failure::error(format!(
                "--heap-size {bytes}: cannot add it to the memory: {e}"
            ))
        })?;
    }
    // A WASI reactor initialises itself before any of its exports is used.
    if wasi && opts.invoke.is_some() {
        if let Some(init) = instance.get_func(&store, "_initialize") {
            if let Err(e) = init.call(&mut store, &[], &mut []) {
                return call_failure(e, "_initialize");
            }
        }
    }
    let func = instance.get_func(&store, &name).ok_or_else(|| {
        Failure::error(format!("export `{name}` disappeared after instantiation"))
    })?;
    let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
    if let Err(e) = func.call(&mut store, &args, &mut results) {
        return call_failure(e, &name);
    }
    for r in &results {
        writeln!(out, "{}", format_val(r))
            .map_err(|e| Failure::error(format!("cannot write results: {e}")))?;
    }
    out.flush()
        .map_err(|e| Failure::error(format!("cannot write results: {e}")))?;
    Ok(0)
}

/// A thread that interrupts a store's wasm code after a wall-clock time,
/// unless it is dropped first (then it ends at once).
struct Watchdog {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(handle: ferrowasm::InterruptHandle, after: std::time::Duration) -> Watchdog {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            // Timeout: interrupt. A message or a hung-up sender: the run
            // is over, nothing to do.
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(after) {
                handle.interrupt();
            }
        });
        Watchdog {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A failed call: a `proc_exit` is an exit status, anything else a failure.
fn call_failure(e: Error, name: &str) -> Result<u8, Failure> {
    match e {
        Error::Trap(t) => {
            exited(&t).ok_or_else(|| Failure::trap(format!("wasm trap in `{name}`: {t}")))
        }
        e => Err(Failure::error(format!("cannot call `{name}`: {e}"))),
    }
}

/// The process exit status for a `proc_exit(status)` trap: the low 8 bits
/// as a native process would, except that a failure never reads as success
/// (a non-zero status whose low 8 bits are 0 exits with 1).
fn exited(t: &Trap) -> Option<u8> {
    let status = t.exit_status()?;
    Some(match status as u8 {
        0 if status != 0 => 1,
        c => c,
    })
}

#[cfg(feature = "wasi")]
fn uses_wasi(module: &Module) -> bool {
    ferrowasm::wasi::WasiCtx::uses_wasi(module)
}

#[cfg(not(feature = "wasi"))]
fn uses_wasi(_module: &Module) -> bool {
    false
}

/// The imports, in order: WASI functions bound to a context built from the
/// options (`check_imports` made sure there is nothing else).
#[cfg(feature = "wasi")]
fn provide_imports(
    store: &mut Store,
    module: &Module,
    opts: &RunOptions,
    program_args: &[String],
) -> Result<Vec<Extern>, Failure> {
    use ferrowasm::wasi::WasiCtxBuilder;
    let argv0 = match &opts.argv0 {
        Some(a) => a.as_bytes(),
        None => opts.file.as_os_str().as_encoded_bytes(),
    };
    let mut b = WasiCtxBuilder::new().arg(argv0).args(program_args);
    if opts.inherit_env {
        b = b.inherit_env();
    }
    for (k, v) in &opts.env {
        b = b.env(k, v);
    }
    for (host, guest) in &opts.dirs {
        b = b.preopen_dir(host, guest.as_str());
    }
    let ctx = b
        .build()
        .map_err(|e| Failure::error(format!("cannot set up WASI: {e}")))?;
    let imports = ctx
        .imports(store, module)
        .map_err(|e| Failure::error(format!("cannot link `{}`: {e}", opts.file.display())))?;
    imports
        .into_iter()
        .zip(module.imports())
        .map(|(ext, imp)| {
            ext.ok_or_else(|| {
                Failure::error(format!(
                    "cannot resolve import `{}.{}`",
                    imp.module, imp.name
                ))
            })
        })
        .collect()
}

#[cfg(not(feature = "wasi"))]
fn provide_imports(
    _store: &mut Store,
    _module: &Module,
    opts: &RunOptions,
    _program_args: &[String],
) -> Result<Vec<Extern>, Failure> {
    if !opts.dirs.is_empty() || !opts.env.is_empty() || opts.inherit_env || opts.argv0.is_some() {
        return Err(Failure::error(
            "--dir, --env, --inherit-env and --argv0 need WASI, which this build of ferrowasm lacks",
        ));
    }
    Ok(Vec::new())
}

/// The binary module in `bytes`: a `.wasm` file is taken as binary (so a
/// broken one is reported with its offset), any file starting with the
/// `\0asm` magic too; anything else is parsed as WebAssembly text.
pub(super) fn to_binary(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, Failure> {
    let is_wasm_ext = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wasm"));
    if is_wasm_ext || bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    wat::parse_bytes(&bytes)
        .map(|b| b.into_owned())
        .map_err(|mut e| {
            e.set_path(path);
            Failure::error(format!(
                "cannot load `{}`: it is not a binary module (no \\0asm header) and not valid \
             WebAssembly text: {e}",
                path.display()
            ))
        })
}

/// `ferrowasm run` provides WASI and nothing else: name the first other import.
fn check_imports(module: &Module, path: &Path) -> Result<(), Failure> {
    let others: Vec<_> = module.imports().filter(|i| !provided(&i.module)).collect();
    let Some(first) = others.first() else {
        return Ok(());
    };
    let more = match others.len() {
        1 => String::new(),
        2 => " (and 1 more import)".to_string(),
        n => format!(" (and {} more imports)", n - 1),
    };
    Err(Failure::error(format!(
        "cannot resolve import `{}.{}` ({}) of `{}`{more}: `ferrowasm run` provides only \
         WASI imports (modules `wasi_snapshot_preview1` and `wasi_unstable`)",
        first.module,
        first.name,
        describe(&first.ty),
        path.display()
    )))
}

#[cfg(feature = "wasi")]
fn provided(module: &str) -> bool {
    ferrowasm::wasi::is_wasi_module(module)
}

#[cfg(not(feature = "wasi"))]
fn provided(_module: &str) -> bool {
    false
}

/// `function (func (param i32))`, `memory`, ... for messages.
fn describe(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => format!("function {f}"),
        other => other.kind_name().to_string(),
    }
}

/// The function to call and its type: `--invoke NAME`, or else `_start`.
fn select_function(module: &Module, invoke: Option<&str>) -> Result<(String, FuncType), Failure> {
    let name = invoke.unwrap_or("_start");
    let export = module.exports().find(|e| e.name == name);
    match export {
        Some(e) => match e.ty {
            ExternType::Func(ty) => Ok((e.name, ty)),
            other => Err(Failure::error(format!(
                "export `{name}` is a {}, not a function{}",
                other.kind_name(),
                exported_functions(module)
            ))),
        },
        None if invoke.is_some() => Err(Failure::error(format!(
            "the module has no export named `{name}`{}",
            exported_functions(module)
        ))),
        None => Err(Failure::error(format!(
            "no `--invoke NAME` given and the module does not export `_start`{}",
            exported_functions(module)
        ))),
    }
}

/// `; exported functions: fib(i32), main()` for messages.
fn exported_functions(module: &Module) -> String {
    let funcs: Vec<String> = module
        .exports()
        .filter_map(|e| match e.ty {
            ExternType::Func(ty) => {
                let params: Vec<String> = ty.params().iter().map(|t| t.to_string()).collect();
                Some(format!("{}({})", e.name, params.join(", ")))
            }
            _ => None,
        })
        .collect();
    if funcs.is_empty() {
        "; the module exports no functions".into()
    } else {
        format!("; exported functions: {}", funcs.join(", "))
    }
}
