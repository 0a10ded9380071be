//! WASI through the embedding API: `wasm_runtime_set_wasi_args(_ex)` keep
//! a module's settings; instances of modules importing WASI get a
//! [`WasiCtx`] built from them (the one WASI implementation, `crate::wasi`);
//! `wasm_application_execute_main` / `_func` run a program's entry or any
//! export from string arguments, as WAMR's iwasm does.

use super::instance::{EmbedFunc, EmbedInstance};
use super::module::EmbedModule;
use super::{c_str, guard, set_last_error};
use crate::runtime::{cell_offsets, ValType};
use crate::wasi::{WasiCtx, WasiCtxBuilder};
use std::ffi::c_char;

/// What set_wasi_args gave for a module (strings copied).
#[derive(Clone, Default)]
pub(crate) struct WasiArgs {
    dirs: Vec<String>,
    map_dirs: Vec<String>,
    env: Vec<String>,
    argv: Vec<String>,
    stdio: [i64; 3],
    /// A socket pool was given (not supported: instantiation fails).
    pools: bool,
}

/// `n` strings of a host array (NULL entries skipped).
///
/// # Safety
/// `list` is NULL or has `n` entries, each NULL or NUL-terminated.
unsafe fn strings(list: *const *const c_char, n: usize) -> Vec<String> {
    if list.is_null() {
        return Vec::new();
    }
    (0..n)
        // SAFETY: guaranteed by the caller.
        .filter_map(|i| unsafe { c_str(*list.add(i)) })
        .collect()
}

/// The WASI context for an instance of `module_handle`'s module.
pub(crate) fn make_ctx(module_handle: *const EmbedModule) -> Result<WasiCtx, String> {
    // SAFETY: checked against the registry.
    let args = unsafe { EmbedModule::from_handle(module_handle) }
        .and_then(|m| m.meta().wasi.clone())
        .unwrap_or(WasiArgs {
            stdio: [-1; 3],
            ..WasiArgs::default()
        });
    if args.pools {
        return Err(
            "WASI socket address / name lookup pools were set, but ferrowasm's WASI \
                    has no sockets"
                .into(),
        );
    }
    let mut b = WasiCtxBuilder::new().args(args.argv.iter());
    for e in &args.env {
        let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
        b = b.env(k, v);
    }
    for d in &args.dirs {
        b = b.preopen_dir(d, d.clone());
    }
    for m in &args.map_dirs {
        let Some((guest, host)) = m.split_once("::") else {
            return Err(format!(
                "WASI map dir \"{m}\" is not of the form \"guest::host\""
            ));
        };
        b = b.preopen_dir(host, guest.to_string());
    }
    let ctx = b.build().map_err(|e| e.to_string())?;
    for (guest, &fd) in args.stdio.iter().enumerate() {
        if fd >= 0 {
            let fd = i32::try_from(fd).map_err(|_| format!("stdio fd {fd} is not a valid fd"))?;
            ctx.set_stdio_host_fd(guest as u32, fd)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(ctx)
}

#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_args_ex(
    module: *const EmbedModule,
    dir_list: *const *const c_char,
    dir_count: u32,
    map_dir_list: *const *const c_char,
    map_dir_count: u32,
    env: *const *const c_char,
    env_count: u32,
    argv: *const *const c_char,
    argc: i32,
    stdinfd: i64,
    stdoutfd: i64,
    stderrfd: i64,
) {
    guard((), || {
        // SAFETY: checked against the registry.
        let Some(m) = (unsafe { EmbedModule::from_handle(module) }) else {
            set_last_error("wasm_runtime_set_wasi_args: the module is NULL or was unloaded");
            return;
        };
        // SAFETY: the host's arrays of the given lengths.
        let a = unsafe {
            WasiArgs {
                dirs: strings(dir_list, dir_count as usize),
                map_dirs: strings(map_dir_list, map_dir_count as usize),
                env: strings(env, env_count as usize),
                argv: strings(argv, argc.max(0) as usize),
                stdio: [stdinfd, stdoutfd, stderrfd],
                pools: false,
            }
        };
        let mut meta = m.meta();
        let pools = meta.wasi.as_ref().is_some_and(|w| w.pools);
        meta.wasi = Some(WasiArgs { pools, ..a });
    })
}

#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_args(
    module: *const EmbedModule,
    dir_list: *const *const c_char,
    dir_count: u32,
    map_dir_list: *const *const c_char,
    map_dir_count: u32,
    env: *const *const c_char,
    env_count: u32,
    argv: *const *const c_char,
    argc: i32,
) {
    // SAFETY: forwarded.
    unsafe {
        wasm_runtime_set_wasi_args_ex(
            module,
            dir_list,
            dir_count,
            map_dir_list,
            map_dir_count,
            env,
            env_count,
            argv,
            argc,
            -1,
            -1,
            -1,
        )
    }
}

fn set_pool(module: *const EmbedModule, n: u32) {
    // SAFETY: checked against the registry.
    if let Some(m) = unsafe { EmbedModule::from_handle(module) } {
        if n > 0 {
            let mut meta = m.meta();
            let w = meta.wasi.get_or_insert_with(|| WasiArgs {
                stdio: [-1; 3],
                ..WasiArgs::default()
            });
            w.pools = true;
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_addr_pool(
    module: *const EmbedModule,
    _pool: *const *const c_char,
    n: u32,
) {
    set_pool(module, n)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_ns_lookup_pool(
    module: *const EmbedModule,
    _pool: *const *const c_char,
    n: u32,
) {
    set_pool(module, n)
}

#[no_mangle]
pub extern "C" fn wasm_runtime_is_wasi_mode(module_inst: *const EmbedInstance) -> bool {
    EmbedInstance::from_handle(module_inst).is_some_and(|i| i.wasi.is_some())
}

#[no_mangle]
pub extern "C" fn wasm_runtime_lookup_wasi_start_function(
    module_inst: *const EmbedInstance,
) -> *mut EmbedFunc {
    guard(std::ptr::null_mut(), || {
        EmbedInstance::from_handle(module_inst)
            .filter(|i| i.wasi.is_some())
            .and_then(|i| i.lookup("_start"))
            .unwrap_or(std::ptr::null_mut())
    })
}

#[no_mangle]
pub extern "C" fn wasm_runtime_get_wasi_exit_code(module_inst: *const EmbedInstance) -> u32 {
    EmbedInstance::from_handle(module_inst).map_or(0, |i| i.exit_code.get())
}

/// The host's argv as strings.
///
/// # Safety
/// `argv` is NULL or has `argc` NUL-terminated strings.
unsafe fn host_args(argc: i32, argv: *const *const c_char) -> Vec<String> {
    // SAFETY: guaranteed by the caller.
    unsafe { strings(argv, argc.max(0) as usize) }
}

/// Parse one string argument as the cells of a value of type `t` (iwasm's
/// rules; a v128 is one 128-bit integer).
fn parse_arg(s: &str, t: ValType) -> Option<[u64; 2]> {
    fn int(s: &str) -> Option<i128> {
        let (neg, body) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let v = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            Some(h) => i128::from_str_radix(h, 16).ok()?,
            None => body.parse::<i128>().ok()?,
        };
        Some(if neg { -v } else { v })
    }
    if t == ValType::V128 {
        let v = int(s)? as u128;
        return Some([v as u64, (v >> 64) as u64]);
    }
    Some([
        match t {
            ValType::I32 => (int(s)? as i32) as u32 as u64,
            ValType::I64 => int(s)? as i64 as u64,
            ValType::F32 => s.parse::<f32>().ok()?.to_bits() as u64,
            ValType::F64 => s.parse::<f64>().ok()?.to_bits(),
            ValType::FuncRef | ValType::ExternRef | ValType::ExnRef => {
                if s == "null" {
                    0
                } else {
                    return None;
                }
            }
            ValType::V128 => unreachable!("handled above"),
        },
        0,
    ])
}

/// iwasm's text for one result ("0x2a:i32") in the front of `c`.
fn show(c: &[u64], t: ValType) -> String {
    if t == ValType::V128 {
        return format!("<0x{:016x} 0x{:016x}>:v128", c[0], c[1]);
    }
    let c = c[0];
    match t {
        ValType::I32 => format!("0x{:x}:i32", c as u32),
        ValType::I64 => format!("0x{c:x}:i64"),
        ValType::F32 => format!("{:.6}:f32", f32::from_bits(c as u32)),
        ValType::F64 => format!("{:.6}:f64", f64::from_bits(c)),
        ValType::FuncRef => "ref.func".to_string(),
        ValType::ExternRef => "ref.extern".to_string(),
        ValType::ExnRef => "ref.exn".to_string(),
        ValType::V128 => unreachable!("handled above"),
    }
}

/// Call `name` of `inst` with string arguments; print the results.
fn execute_func(inst: &EmbedInstance, name: &str, args: &[String]) -> bool {
    let Some(f) = inst.lookup(name) else {
        inst.set_exception(&format!("lookup function {name} failed"));
        return false;
    };
    // SAFETY: a live function box of the instance.
    let f = unsafe { &*f };
    let ty = f.ty.clone();
    if args.len() != ty.params().len() {
        inst.set_exception(&format!(
            "invalid input argument count: {name} takes {} arguments, {} given",
            ty.params().len(),
            args.len()
        ));
        return false;
    }
    let mut cells = vec![0u64; ty.cells()];
    let offsets = cell_offsets(ty.params());
    for (i, ((a, &t), at)) in args.iter().zip(ty.params()).zip(offsets).enumerate() {
        match parse_arg(a, t) {
            Some(c) => cells[at..at + t.cells()].copy_from_slice(&c[..t.cells()]),
            None => {
                inst.set_exception(&format!("invalid input argument {i}: \"{a}\" is not a {t}"));
                return false;
            }
        }
    }
    let env = inst.singleton();
    // SAFETY: the singleton exec env of a live instance.
    if !super::call::invoke_cells(unsafe { &*env }, inst, f, &mut cells) {
        return false;
    }
    if inst.exit_code.get() == 0 && !inst.exited.get() {
        let shown: Vec<_> = ty
            .results()
            .iter()
            .zip(cell_offsets(ty.results()))
            .map(|(&t, at)| show(&cells[at..], t))
            .collect();
        if !shown.is_empty() {
            println!("{}", shown.join(","));
        }
    }
    true
}

#[no_mangle]
pub unsafe extern "C" fn wasm_application_execute_func(
    module_inst: *const EmbedInstance,
    name: *const c_char,
    argc: i32,
    argv: *const *const c_char,
) -> bool {
    guard(false, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_application_execute_func: the instance is NULL or was freed");
            return false;
        };
        // SAFETY: NUL-terminated when not NULL; the host's argv.
        let (Some(name), args) = (unsafe { c_str(name) }, unsafe { host_args(argc, argv) }) else {
            inst.set_exception("the function name is NULL");
            return false;
        };
        execute_func(inst, &name, &args)
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_application_execute_main(
    module_inst: *const EmbedInstance,
    argc: i32,
    argv: *const *const c_char,
) -> bool {
    guard(false, || {
        let Some(inst) = EmbedInstance::from_handle(module_inst) else {
            set_last_error("wasm_application_execute_main: the instance is NULL or was freed");
            return false;
        };
        // SAFETY: the host's argv.
        let args = unsafe { host_args(argc, argv) };
        if inst.wasi.is_some() && inst.lookup("_start").is_some() {
            return execute_func(inst, "_start", &[]);
        }
        execute_c_main(inst, &args)
    })
}

/// A plain `main(argc, argv)` / `main()`: argv strings copied into the app
/// heap (WAMR's convention).
fn execute_c_main(inst: &EmbedInstance, args: &[String]) -> bool {
    let name = ["__main_argc_argv", "main"]
        .into_iter()
        .find(|n| inst.lookup(n).is_some());
    let Some(name) = name else {
        inst.set_exception(
            "lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed",
        );
        return false;
    };
    let Some(f) = inst.lookup(name) else {
        return false;
    };
    // SAFETY: a live function box of the instance.
    let f = unsafe { &*f };
    let params = f.ty.params().to_vec();
    if params.is_empty() {
        return execute_func(inst, name, &[]);
    }
    if params != [ValType::I32, ValType::I32] {
        inst.set_exception("the wasm main function must take (i32 argc, i32 argv) or nothing");
        return false;
    }
    // argv: the strings, then the array of their offsets.
    let mut offs = Vec::with_capacity(args.len());
    for a in args {
        let mut bytes = a.as_bytes().to_vec();
        bytes.push(0);
        let off = super::heap::dup_bytes(inst, &bytes);
        if off == 0 {
            return false;
        }
        offs.push(off);
    }
    let table: Vec<u8> = offs
        .iter()
        .flat_map(|o| o.to_le_bytes())
        .chain([0; 4])
        .collect();
    let argv_off = super::heap::dup_bytes(inst, &table);
    if argv_off == 0 {
        return false;
    }
    let r = execute_func(inst, name, &[args.len().to_string(), argv_off.to_string()]);
    super::heap::free_offsets(inst, offs.iter().copied().chain([argv_off]));
    r
}
