//! Target `exec`: a generated module runs on ferrowasm's three tiers
//! (`interp`, `jit`, `auto` with a tier-up threshold of 1, so that hot code
//! is compiled while it runs) and on wasmi as an independent oracle. Each
//! run is a transcript: instantiation, then every exported function called
//! with arguments taken from the input, each call followed by a snapshot of
//! every exported global and memory. Transcripts must be equal; NaNs compare
//! equal to each other (wasm-smith also canonicalises the NaNs the module
//! stores, so memories compare bit for bit).
//!
//! A step where any engine runs out of stack ends the comparison there:
//! the engines' stack limits differ by design.

use crate::smith;
use arbitrary::Unstructured;
use ferrowasm as fw;
use wasmparser::{Validator, WasmFeatures};

/// Limits both engines get, so that growing a memory or table past them
/// fails (-1) the same way on both (wasmi has none by default and would
/// try to allocate billions of table elements).
const MAX_MEMORY_PAGES: u32 = 64;
const MAX_TABLE_ELEMENTS: u32 = 10_000;

/// One line of a transcript.
type Step = String;

/// What an export is, for the transcripts.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Func,
    Global,
    Memory,
    Other,
}

/// The exports of `wasm` in the module's order (engines may list them in
/// another order, so both sides follow this one).
pub fn exports(wasm: &[u8]) -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let Ok(wasmparser::Payload::ExportSection(r)) = payload else {
            continue;
        };
        for e in r.into_iter().flatten() {
            let kind = match e.kind {
                wasmparser::ExternalKind::Func => Kind::Func,
                wasmparser::ExternalKind::Global => Kind::Global,
                wasmparser::ExternalKind::Memory => Kind::Memory,
                _ => Kind::Other,
            };
            out.push((e.name.to_string(), kind));
        }
    }
    out
}

/// Whether `wasm` needs the exception-handling proposal (it is invalid
/// without it).
fn uses_exceptions(wasm: &[u8]) -> bool {
    let all = crate::decode::features();
    let without = all.difference(WasmFeatures::EXCEPTIONS | WasmFeatures::LEGACY_EXCEPTIONS);
    Validator::new_with_features(all).validate_all(wasm).is_ok()
        && Validator::new_with_features(without)
            .validate_all(wasm)
            .is_err()
}

pub struct Exec {
    tiers: Vec<(&'static str, fw::Engine)>,
    wasmi: wasmi::Engine,
    /// Modules instantiated, calls made and calls that trapped (on the
    /// interpreter), and modules with exceptions (compared across the tiers only), to
    /// show what the cases exercise.
    pub stats: std::cell::Cell<[u64; 4]>,
}

impl Default for Exec {
    fn default() -> Self {
        Self::new()
    }
}

impl Exec {
    pub fn new() -> Exec {
        let tier = |tier| {
            fw::Engine::new(fw::Config {
                tier,
                tier_up_threshold: 1,
                max_memory_pages: MAX_MEMORY_PAGES,
                max_table_elements: MAX_TABLE_ELEMENTS,
                ..fw::Config::default()
            })
        };
        Exec {
            tiers: vec![
                ("interp", tier(fw::Tier::Interp)),
                ("jit", tier(fw::Tier::Jit)),
                ("auto", tier(fw::Tier::Auto)),
            ],
            wasmi: {
                // wasmi leaves wide arithmetic off by default.
                let mut c = wasmi::Config::default();
                c.wasm_wide_arithmetic(true);
                wasmi::Engine::new(&c)
            },
            stats: Default::default(),
        }
    }

    /// Run one case; `Err` describes a disagreement.
    pub fn run(&self, data: &[u8]) -> Result<(), String> {
        let Some((wasm, rest)) = smith::module(data) else {
            return Ok(());
        };
        let ex = exports(&wasm);
        // FERROWASM_FUZZ_TRACE=1 (with --replay): every transcript, timed.
        let trace = std::env::var_os("FERROWASM_FUZZ_TRACE").is_some();
        let t0 = std::time::Instant::now();
        if trace {
            eprintln!("wasmi: running");
        }
        // wasmi runs no exceptions: modules that use them are compared
        // across the tiers only.
        let oracle = !uses_exceptions(&wasm);
        let reference = if oracle {
            wasmi_transcript(&self.wasmi, &wasm, &ex, &rest)
        } else {
            Vec::new()
        };
        if trace {
            eprintln!("wasmi ({:?}): {reference:#?}", t0.elapsed());
        }
        let mut first: Option<Vec<Step>> = None;
        for (name, engine) in &self.tiers {
            let t0 = std::time::Instant::now();
            if trace {
                eprintln!("{name}: running");
            }
            let got = ferrowasm_transcript(engine, &wasm, &ex, &rest);
            if trace {
                eprintln!("{name} ({:?}): {got:#?}", t0.elapsed());
            }
            if oracle {
                compare(("wasmi", &reference), (name, &got), true)?;
            }
            // The tiers agree exactly, failed instantiations included.
            match &first {
                None => first = Some(got),
                Some(interp) => compare(("interp", interp), (name, &got), false)?,
            }
        }
        let interp = first.unwrap_or_default();
        let mut st = self.stats.get();
        st[3] += !oracle as u64;
        st[0] += interp.first().is_some_and(|s| s == "instantiate: ok") as u64;
        st[1] += interp.iter().filter(|s| s.starts_with("call ")).count() as u64;
        st[2] += reference
            .iter()
            .filter(|s| s.starts_with("call ") && s.contains(": trap "))
            .count() as u64;
        self.stats.set(st);
        Ok(())
    }
}

/// The first difference of two transcripts, up to a stack overflow in
/// either. `loose`: a failed instantiation equals any other (wasmi reports
/// a segment that does not fit as an instantiation error, not a trap).
fn compare(a: (&str, &[Step]), b: (&str, &[Step]), loose: bool) -> Result<(), String> {
    for i in 0..a.1.len().max(b.1.len()) {
        let (x, y) = (a.1.get(i), b.1.get(i));
        let overflow = |s: Option<&Step>| s.is_some_and(|s| s.contains("trap StackOverflow"));
        if overflow(x) || overflow(y) {
            return Ok(());
        }
        let failed = |s: Option<&Step>| s.is_some_and(|s| s.starts_with("instantiate: failed"));
        if loose && failed(x) && failed(y) {
            return Ok(());
        }
        if x != y {
            return Err(format!(
                "step {i}: {} says {:?}, {} says {:?}",
                a.0,
                x.map_or("(nothing)", |s| s.as_str()),
                b.0,
                y.map_or("(nothing)", |s| s.as_str())
            ));
        }
    }
    Ok(())
}

/// Arguments for a call, drawn from the input's unused bytes.
fn arg_bits(u: &mut Unstructured<'_>) -> u64 {
    // Mostly small numbers (addresses, counts), sometimes anything.
    match u.int_in_range(0..=3u8).unwrap_or(0) {
        0 => 0,
        1 => u.int_in_range(0..=70_000u64).unwrap_or(1),
        2 => u64::MAX - u.int_in_range(0..=3u64).unwrap_or(0),
        _ => u.arbitrary().unwrap_or(7),
    }
}

/// A v128 argument from one draw: the 64 bits in both halves, the high
/// half rotated, so that lanes differ.
fn v128_bits(bits: u64) -> u128 {
    ((bits.rotate_left(17) as u128) << 64) | bits as u128
}

fn f32_str(bits: u32) -> String {
    if f32::from_bits(bits).is_nan() {
        "f32:nan".into()
    } else {
        format!("f32:{bits:#x}")
    }
}
fn f64_str(bits: u64) -> String {
    if f64::from_bits(bits).is_nan() {
        "f64:nan".into()
    } else {
        format!("f64:{bits:#x}")
    }
}

fn hash(data: &[u8]) -> u64 {
    // FNV-1a: enough to tell two memories apart.
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

// ---- ferrowasm -------------------------------------------------------------

fn fw_val(v: &fw::Val) -> String {
    match v {
        fw::Val::I32(x) => format!("i32:{x}"),
        fw::Val::I64(x) => format!("i64:{x}"),
        fw::Val::F32(b) => f32_str(*b),
        fw::Val::F64(b) => f64_str(*b),
        fw::Val::FuncRef(f) => if f.is_some() { "funcref" } else { "null" }.into(),
        fw::Val::ExternRef(r) => if r.is_some() { "externref" } else { "null" }.into(),
        fw::Val::V128(x) => format!("v128:{x:#034x}"),
        fw::Val::ExnRef(r) => if r.is_some() { "exnref" } else { "null" }.into(),
    }
}

fn fw_arg(t: fw::ValType, bits: u64) -> fw::Val {
    match t {
        fw::ValType::I32 => fw::Val::I32(bits as i32),
        fw::ValType::I64 => fw::Val::I64(bits as i64),
        fw::ValType::F32 => fw::Val::F32(bits as u32),
        fw::ValType::F64 => fw::Val::F64(bits),
        fw::ValType::V128 => fw::Val::V128(v128_bits(bits)),
        t => fw::Val::default_for(t),
    }
}

fn fw_error(e: &fw::Error) -> String {
    match e.as_trap() {
        // call_indirect past the end of a table is "undefined element" in
        // the spec and ferrowasm, a table bounds trap in wasmi.
        Some(t) if t.code() == fw::TrapCode::UndefinedElement => "trap TableOutOfBounds".into(),
        Some(t) => format!("trap {:?}", t.code()),
        None => "error (not a trap)".into(),
    }
}

fn fw_snapshot(store: &fw::Store, inst: &fw::Instance, ex: &[(String, Kind)], out: &mut Vec<Step>) {
    for (name, _) in ex {
        match inst.get_export(store, name) {
            Some(fw::Extern::Global(g)) => {
                out.push(format!("global {name} = {}", fw_val(&g.get(store))))
            }
            Some(fw::Extern::Memory(m)) => {
                let d = m.data(store);
                out.push(format!(
                    "memory {name}: {} bytes, hash {:x}",
                    d.len(),
                    hash(d)
                ));
            }
            _ => {}
        }
    }
}

pub fn ferrowasm_transcript(
    engine: &fw::Engine,
    wasm: &[u8],
    ex: &[(String, Kind)],
    rest: &[u8],
) -> Vec<Step> {
    let mut out = Vec::new();
    let module = match fw::Module::new(engine, wasm) {
        Ok(m) => m,
        Err(_) => return vec!["module rejected".into()],
    };
    let mut store = fw::Store::new(engine);
    let inst = match fw::Instance::new(&mut store, &module, &[]) {
        Ok(i) => i,
        Err(e) => return vec![format!("instantiate: failed: {}", fw_error(&e))],
    };
    out.push("instantiate: ok".into());
    fw_snapshot(&store, &inst, ex, &mut out);
    let mut u = Unstructured::new(rest);
    for (name, kind) in ex {
        if *kind != Kind::Func {
            continue;
        }
        let Some(f) = inst.get_func(&store, name) else {
            out.push(format!("export {name} missing"));
            continue;
        };
        let ty = f.ty(&store);
        let args: Vec<fw::Val> = ty
            .params()
            .iter()
            .map(|&t| fw_arg(t, arg_bits(&mut u)))
            .collect();
        let mut results: Vec<fw::Val> = ty
            .results()
            .iter()
            .map(|&t| fw::Val::default_for(t))
            .collect();
        let r = f.call(&mut store, &args, &mut results);
        out.push(match r {
            Ok(()) => {
                let vals: Vec<String> = results.iter().map(fw_val).collect();
                format!("call {name}: ok [{}]", vals.join(", "))
            }
            Err(e) => format!("call {name}: {}", fw_error(&e)),
        });
        fw_snapshot(&store, &inst, ex, &mut out);
    }
    out
}

// ---- wasmi -----------------------------------------------------------------

fn wasmi_val(v: &wasmi::Val) -> String {
    match v {
        wasmi::Val::I32(x) => format!("i32:{x}"),
        wasmi::Val::I64(x) => format!("i64:{x}"),
        wasmi::Val::F32(x) => f32_str(x.to_bits()),
        wasmi::Val::F64(x) => f64_str(x.to_bits()),
        wasmi::Val::FuncRef(f) => if f.is_null() { "null" } else { "funcref" }.into(),
        wasmi::Val::ExternRef(r) => if r.is_null() { "null" } else { "externref" }.into(),
        wasmi::Val::V128(x) => format!("v128:{:#034x}", x.as_u128()),
    }
}

fn wasmi_arg(t: wasmi::ValType, bits: u64) -> wasmi::Val {
    match t {
        wasmi::ValType::I32 => wasmi::Val::I32(bits as i32),
        wasmi::ValType::I64 => wasmi::Val::I64(bits as i64),
        wasmi::ValType::F32 => wasmi::Val::F32(wasmi::F32::from_bits(bits as u32)),
        wasmi::ValType::F64 => wasmi::Val::F64(wasmi::F64::from_bits(bits)),
        wasmi::ValType::V128 => wasmi::Val::V128(v128_bits(bits).into()),
        t => wasmi::Val::default_for_ty(t),
    }
}

fn wasmi_error(e: &wasmi::Error) -> String {
    let name = |c: wasmi::TrapCode| match c {
        wasmi::TrapCode::UnreachableCodeReached => "Unreachable".to_string(),
        c => format!("{c:?}"),
    };
    match e.as_trap_code() {
        Some(c) => format!("trap {}", name(c)),
        None => "error (not a trap)".into(),
    }
}

fn wasmi_snapshot(
    store: &wasmi::Store<wasmi::StoreLimits>,
    inst: &wasmi::Instance,
    ex: &[(String, Kind)],
    out: &mut Vec<Step>,
) {
    for (name, _) in ex {
        match inst.get_export(store, name) {
            Some(wasmi::Extern::Global(g)) => {
                out.push(format!("global {name} = {}", wasmi_val(&g.get(store))))
            }
            Some(wasmi::Extern::Memory(m)) => {
                let d = m.data(store);
                out.push(format!(
                    "memory {name}: {} bytes, hash {:x}",
                    d.len(),
                    hash(d)
                ));
            }
            _ => {}
        }
    }
}

pub fn wasmi_transcript(
    engine: &wasmi::Engine,
    wasm: &[u8],
    ex: &[(String, Kind)],
    rest: &[u8],
) -> Vec<Step> {
    let mut out = Vec::new();
    let module = match wasmi::Module::new(engine, wasm) {
        Ok(m) => m,
        Err(_) => return vec!["module rejected".into()],
    };
    let limits = wasmi::StoreLimitsBuilder::new()
        .memory_size(MAX_MEMORY_PAGES as usize * 65536)
        .table_elements(MAX_TABLE_ELEMENTS as usize)
        .build();
    let mut store = wasmi::Store::new(engine, limits);
    store.limiter(|l| l);
    let linker = wasmi::Linker::<wasmi::StoreLimits>::new(engine);
    let inst = match linker.instantiate_and_start(&mut store, &module) {
        Ok(i) => i,
        Err(e) => return vec![format!("instantiate: failed: {}", wasmi_error(&e))],
    };
    out.push("instantiate: ok".into());
    wasmi_snapshot(&store, &inst, ex, &mut out);
    let mut u = Unstructured::new(rest);
    for (name, kind) in ex {
        if *kind != Kind::Func {
            continue;
        }
        let Some(f) = inst.get_func(&store, name) else {
            out.push(format!("export {name} missing"));
            continue;
        };
        let ty = f.ty(&store);
        let args: Vec<wasmi::Val> = ty
            .params()
            .iter()
            .map(|&t| wasmi_arg(t, arg_bits(&mut u)))
            .collect();
        let mut results: Vec<wasmi::Val> = ty
            .results()
            .iter()
            .map(|&t| wasmi::Val::default_for_ty(t))
            .collect();
        let r = f.call(&mut store, &args, &mut results);
        out.push(match r {
            Ok(()) => {
                let vals: Vec<String> = results.iter().map(wasmi_val).collect();
                format!("call {name}: ok [{}]", vals.join(", "))
            }
            Err(e) => format!("call {name}: {}", wasmi_error(&e)),
        });
        wasmi_snapshot(&store, &inst, ex, &mut out);
    }
    out
}
