//! `ferrowasm run`: load a module, check that it can be run without imports,
//! pick the function, parse its arguments, then instantiate and call it.
//!
//! Everything that can be checked before running code (the file, the module,
//! the imports, the export, the arguments) is checked first, so a usage
//! error never runs the start function.

use super::args::RunOptions;
use super::values::{format_val, parse_args};
use super::Failure;
use ferrowasm::{Config, Engine, Error, ExternType, FuncType, Instance, Module, Store, Val};
use std::io::Write;
use std::path::Path;

/// Run the command; results go to `out`, one per line.
pub fn run(opts: &RunOptions, out: &mut impl Write) -> Result<(), Failure> {
    let file = opts.file.display();
    let bytes = std::fs::read(&opts.file)
        .map_err(|e| Failure::error(format!("cannot read `{file}`: {e}")))?;
    let wasm = to_binary(&opts.file, bytes)?;

    let engine = Engine::new(Config {
        tier: opts.tier,
        ..Default::default()
    });
    let module = Module::new(&engine, &wasm)
        .map_err(|e| Failure::error(format!("cannot load `{file}`: {e}")))?;
    check_imports(&module, &opts.file)?;
    let (name, ty) = select_function(&module, opts.invoke.as_deref())?;
    let args = parse_args(&name, &ty, &opts.args)?;

    let mut store = Store::new(&engine);
    let instance = Instance::new(&mut store, &module, &[]).map_err(|e| match e {
        Error::Trap(t) => Failure::trap(format!("the start function trapped: {t}")),
        e => Failure::error(format!("cannot instantiate `{file}`: {e}")),
    })?;
    let func = instance.get_func(&store, &name).ok_or_else(|| {
        Failure::error(format!("export `{name}` disappeared after instantiation"))
    })?;
    let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
    func.call(&mut store, &args, &mut results)
        .map_err(|e| match e {
            Error::Trap(t) => Failure::trap(format!("wasm trap in `{name}`: {t}")),
            e => Failure::error(format!("cannot call `{name}`: {e}")),
        })?;
    for r in &results {
        writeln!(out, "{}", format_val(r))
            .map_err(|e| Failure::error(format!("cannot write results: {e}")))?;
    }
    out.flush()
        .map_err(|e| Failure::error(format!("cannot write results: {e}")))
}

/// The binary module in `bytes`: a `.wasm` file is taken as binary (so a
/// broken one is reported with its offset), any file starting with the
/// `\0asm` magic too; anything else is parsed as WebAssembly text.
fn to_binary(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, Failure> {
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

/// `ferrowasm run` provides no imports (yet): name the first one.
fn check_imports(module: &Module, path: &Path) -> Result<(), Failure> {
    let mut imports = module.imports();
    let count = imports.len();
    let Some(first) = imports.next() else {
        return Ok(());
    };
    let more = match count {
        1 => String::new(),
        2 => " (and 1 more import)".to_string(),
        n => format!(" (and {} more imports)", n - 1),
    };
    Err(Failure::error(format!(
        "cannot resolve import `{}.{}` ({}) of `{}`{more}: `ferrowasm run` provides no \
         imports yet",
        first.module,
        first.name,
        describe(&first.ty),
        path.display()
    )))
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
