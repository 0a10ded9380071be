//! `ferrowasm validate` (the engine's verdict, with the byte offset) and
//! `ferrowasm inspect` (what a module imports, exports, defines and carries).

use super::run::to_binary;
use super::Failure;
use ferrowasm::{Config, Engine, ExternType, Module, Mutability, Tier};
use std::io::Write;
use std::path::Path;
use wasmparser::{Parser, Payload};

/// The engine of these commands: the interpreter (nothing is run, and it
/// compiles nothing in the background).
fn engine() -> Engine {
    Engine::new(Config {
        tier: Tier::Interp,
        ..Config::default()
    })
}

/// The binary in FILE, checked by the engine's validator.
fn validated(file: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::error(format!("cannot read `{}`: {e}", file.display())))?;
    let wasm = to_binary(file, bytes)?;
    Module::validate(&engine(), &wasm)
        .map_err(|e| Failure::error(format!("{}: {e}", file.display())))?;
    Ok(wasm)
}

fn write_failure(e: std::io::Error) -> Failure {
    Failure::error(format!("cannot write to stdout: {e}"))
}

/// `validate FILE`: `FILE: valid`, or the error (exit code 1).
pub fn validate(file: &Path, out: &mut impl Write) -> Result<u8, Failure> {
    validated(file)?;
    writeln!(out, "{}: valid", file.display()).map_err(write_failure)?;
    Ok(0)
}

/// `inspect [--disassemble] FILE`.
pub fn inspect(file: &Path, disassemble: bool, out: &mut impl Write) -> Result<u8, Failure> {
    let wasm = validated(file)?;
    let module = Module::new(&engine(), &wasm)
        .map_err(|e| Failure::error(format!("cannot load `{}`: {e}", file.display())))?;
    let mut text = describe(&module, &wasm)?;
    if disassemble {
        let imported = module.num_imported_funcs();
        let mut def = 0;
        while let Some(code) = module.disassemble(def) {
            text.push_str(&format!(
                "func {} (interpreter code):\n{code}",
                imported + def
            ));
            def += 1;
        }
    }
    out.write_all(text.as_bytes()).map_err(write_failure)?;
    Ok(0)
}

/// The report: imports and exports from the engine's module, the defined
/// memories, tables, globals, start function and custom sections from the
/// binary's sections.
fn describe(module: &Module, wasm: &[u8]) -> Result<String, Failure> {
    let mut s = String::new();
    if let Some(name) = module.name() {
        s.push_str(&format!("name: {name}\n"));
    }
    s.push_str(&format!("imports: {}\n", module.imports().len()));
    for i in module.imports() {
        s.push_str(&format!(
            "  {:?} {:?}: {}\n",
            i.module,
            i.name,
            extern_type(&i.ty)
        ));
    }
    s.push_str(&format!("exports: {}\n", module.exports().len()));
    for e in module.exports() {
        s.push_str(&format!("  {:?}: {}\n", e.name, extern_type(&e.ty)));
    }
    let sections = Sections::read(wasm)?;
    for (kind, items) in [
        ("memories", &sections.memories),
        ("tables", &sections.tables),
        ("globals", &sections.globals),
    ] {
        s.push_str(&format!("{kind} defined: {}\n", items.len()));
        for (i, item) in items.iter().enumerate() {
            s.push_str(&format!("  {i}: {item}\n"));
        }
    }
    match sections.start {
        Some(f) => s.push_str(&format!("start: function {f}\n")),
        None => s.push_str("start: none\n"),
    }
    s.push_str(&format!("custom sections: {}\n", sections.custom.len()));
    for (name, size) in &sections.custom {
        s.push_str(&format!("  {name:?}: {size} bytes\n"));
    }
    Ok(s)
}

/// An import's or export's type in the text format's notation.
fn extern_type(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => f.to_string(),
        ExternType::Memory(m) => format!("(memory {})", limits(m.limits.min, m.limits.max)),
        ExternType::Table(t) => {
            format!(
                "(table {} {})",
                limits(t.limits.min, t.limits.max),
                t.element
            )
        }
        ExternType::Global(g) => match g.mutability {
            Mutability::Const => format!("(global {})", g.content),
            Mutability::Var => format!("(global (mut {}))", g.content),
        },
        ExternType::Tag(t) => {
            let params: Vec<String> = t.params().iter().map(|p| p.to_string()).collect();
            if params.is_empty() {
                "(tag)".into()
            } else {
                format!("(tag (param {}))", params.join(" "))
            }
        }
    }
}

fn limits(min: impl std::fmt::Display, max: Option<impl std::fmt::Display>) -> String {
    match max {
        Some(max) => format!("{min} {max}"),
        None => format!("{min}"),
    }
}

/// What the sections define, in the text format's notation.
#[derive(Default)]
struct Sections {
    memories: Vec<String>,
    tables: Vec<String>,
    globals: Vec<String>,
    start: Option<u32>,
    custom: Vec<(String, usize)>,
}

impl Sections {
    fn read(wasm: &[u8]) -> Result<Sections, Failure> {
        let bad = |e: wasmparser::BinaryReaderError| {
            Failure::error(format!(
                "malformed module at offset 0x{:x}: {}",
                e.offset(),
                e.message()
            ))
        };
        let mut s = Sections::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(bad)? {
                Payload::MemorySection(r) => {
                    for m in r {
                        let m = m.map_err(bad)?;
                        s.memories
                            .push(format!("(memory {})", limits(m.initial, m.maximum)));
                    }
                }
                Payload::TableSection(r) => {
                    for t in r {
                        let t = t.map_err(bad)?.ty;
                        s.tables.push(format!(
                            "(table {} {})",
                            limits(t.initial, t.maximum),
                            ref_type(t.element_type)
                        ));
                    }
                }
                Payload::GlobalSection(r) => {
                    for g in r {
                        let ty = g.map_err(bad)?.ty;
                        let content = val_type(ty.content_type);
                        s.globals.push(if ty.mutable {
                            format!("(global (mut {content}))")
                        } else {
                            format!("(global {content})")
                        });
                    }
                }
                Payload::StartSection { func, .. } => s.start = Some(func),
                Payload::CustomSection(c) => {
                    s.custom.push((c.name().to_string(), c.data().len()));
                }
                _ => {}
            }
        }
        Ok(s)
    }
}

fn ref_type(t: wasmparser::RefType) -> String {
    if t == wasmparser::RefType::FUNCREF {
        "funcref".into()
    } else if t == wasmparser::RefType::EXTERNREF {
        "externref".into()
    } else {
        format!("{t:?}")
    }
}

fn val_type(t: wasmparser::ValType) -> String {
    match t {
        wasmparser::ValType::Ref(r) => ref_type(r),
        other => other.to_string(),
    }
}
