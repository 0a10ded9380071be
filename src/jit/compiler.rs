//! Compiling a batch of a module's functions (all of them for `Tier::Jit`,
//! the hot ones for `Tier::Auto`) on as many threads as the machine has,
//! with one array-call trampoline per signature, linked into one code
//! memory. With direct calls (whole module), calls between the module's
//! functions are PC-relative relocations applied here; without them (a
//! batch), calls go through the module's published entry points.

use super::code_memory::CodeMemory;
use super::env::wasm_signature;
use super::translate::{cell_flags, cl_type, translate_body};
use super::{CodeChunk, FuncInfo};
use crate::runtime::error::Error;
use crate::runtime::module::ModuleInner;
use crate::runtime::parallel::{map_ordered, threads_up_to};
use crate::runtime::types::cell_offsets;
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, Signature};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, FinalizedRelocTarget};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use std::collections::HashMap;
use std::sync::OnceLock;
use wasmparser::{BinaryReader, FunctionBody};

/// The host ISA, built once per process.
fn isa() -> Result<&'static OwnedTargetIsa, Error> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        let mut flags = settings::builder();
        let set = |f: &mut settings::Builder, k: &str, v: &str| {
            f.set(k, v)
                .map_err(|e| format!("cranelift setting {k}: {e}"))
        };
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "preserve_frame_pointers", "true")?;
        set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
        set(&mut flags, "unwind_info", "false")?;
        set(
            &mut flags,
            "enable_verifier",
            if cfg!(debug_assertions) {
                "true"
            } else {
                "false"
            },
        )?;
        let builder = cranelift_native::builder().map_err(|e| e.to_string())?;
        builder
            .finish(settings::Flags::new(flags))
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| Error::Unsupported {
        offset: 0,
        message: format!("JIT unavailable on this host: {e}"),
    })
}

/// One compiled function before linking.
struct Artifact {
    code: Vec<u8>,
    /// (offset in `code`, kind, callee defined index, addend)
    relocs: Vec<(u32, Reloc, u32, i64)>,
    /// (return address offset, module offset), sorted.
    sites: Vec<(u32, u32)>,
    /// (trapping instruction offset, trap code, module offset), sorted.
    traps: Vec<(u32, u8, u32)>,
}

/// Our trap code for a Cranelift trap code: user codes are ours + 1
/// (`env::cl_trap`); the reserved ones are those Cranelift's own lowerings
/// and trapping memory accesses use.
fn our_trap_code(tc: ir::TrapCode) -> u8 {
    use crate::runtime::trap::TrapCode as T;
    let code = match tc {
        ir::TrapCode::HEAP_OUT_OF_BOUNDS => T::MemoryOutOfBounds,
        ir::TrapCode::INTEGER_OVERFLOW => T::IntegerOverflow,
        ir::TrapCode::INTEGER_DIVISION_BY_ZERO => T::IntegerDivisionByZero,
        ir::TrapCode::BAD_CONVERSION_TO_INTEGER => T::BadConversionToInteger,
        ir::TrapCode::STACK_OVERFLOW => T::StackOverflow,
        other => return other.as_raw().get() - 1,
    };
    code as u8
}

fn compile_error(def: u32, e: impl std::fmt::Display) -> Error {
    Error::Unsupported {
        offset: 0,
        message: format!("JIT compilation of defined function {def} failed: {e}"),
    }
}

fn finish(ctx: &mut Context, isa: &OwnedTargetIsa, def: u32) -> Result<Artifact, Error> {
    let names: HashMap<ir::UserExternalNameRef, u32> = ctx
        .func
        .params
        .user_named_funcs()
        .iter()
        .map(|(r, n)| (r, n.index))
        .collect();
    let compiled = ctx
        .compile(&**isa, &mut ControlPlane::default())
        .map_err(|e| compile_error(def, format!("{:?}", e.inner)))?;
    let mut relocs = Vec::new();
    for r in compiled.buffer.relocs() {
        if let FinalizedRelocTarget::ExternalName(ir::ExternalName::User(nref)) = r.target {
            relocs.push((r.offset, r.kind, names[&nref], r.addend));
        } else {
            return Err(compile_error(def, format!("unexpected relocation {r:?}")));
        }
    }
    let srclocs = compiled.buffer.get_srclocs_sorted();
    let loc_at = |at: u32| {
        let i = srclocs.partition_point(|s| s.end <= at);
        srclocs
            .get(i)
            .filter(|s| s.start <= at && !s.loc.is_default())
            .map(|s| s.loc.bits())
    };
    let mut sites = Vec::new();
    for cs in compiled.buffer.call_sites() {
        if let Some(loc) = loc_at(cs.ret_addr.saturating_sub(1)) {
            sites.push((cs.ret_addr, loc));
        }
    }
    sites.sort_unstable();
    let mut traps: Vec<(u32, u8, u32)> = compiled
        .buffer
        .traps()
        .iter()
        .map(|t| {
            (
                t.offset,
                our_trap_code(t.code),
                loc_at(t.offset).unwrap_or(0),
            )
        })
        .collect();
    traps.sort_unstable();
    Ok(Artifact {
        code: compiled.code_buffer().to_vec(),
        relocs,
        sites,
        traps,
    })
}

fn compile_function(
    m: &ModuleInner,
    def: u32,
    direct_calls: bool,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    isa: &OwnedTargetIsa,
) -> Result<Artifact, Error> {
    ctx.clear();
    let ty = m.func_type(m.num_imported_funcs + def);
    ctx.func.signature = wasm_signature(ty);
    ctx.func.name = ir::UserFuncName::user(0, def);
    let range = m.bodies[def as usize].clone();
    let body = FunctionBody::new(BinaryReader::new(
        &m.bytes[range.clone()],
        range.start as u64,
    ));
    let b = FunctionBuilder::new(&mut ctx.func, fctx);
    translate_body(m, def, &body, b, isa.frontend_config(), direct_calls)?;
    finish(ctx, isa, def)
}

/// The array-call trampoline of a signature: `(vmctx, cells, code)` loads
/// the arguments from the cells, calls `code`, stores the results back.
fn compile_trampoline(
    ty: &crate::runtime::types::FuncType,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    isa: &OwnedTargetIsa,
) -> Result<Artifact, Error> {
    ctx.clear();
    let cc: CallConv = isa.default_call_conv();
    let mut sig = Signature::new(cc);
    for _ in 0..3 {
        sig.params.push(AbiParam::new(types::I64));
    }
    ctx.func.signature = sig;
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let p = b.block_params(entry).to_vec();
    let (vmctx, cells, code) = (p[0], p[1], p[2]);
    let mut args = vec![vmctx];
    for (t, at) in ty.params().iter().zip(cell_offsets(ty.params())) {
        let t = cl_type(*t);
        args.push(b.ins().load(t, cell_flags(t), cells, (at * 8) as i32));
    }
    // (A host-convention function calling a `tail`-convention one.)
    let sref = b.import_signature(wasm_signature(ty));
    let call = b.ins().call_indirect(sref, code, &args);
    let results = b.inst_results(call).to_vec();
    for (r, at) in results.iter().zip(cell_offsets(ty.results())) {
        let t = b.func.dfg.value_type(*r);
        b.ins().store(cell_flags(t), *r, cells, (at * 8) as i32);
    }
    b.ins().return_(&[]);
    b.finalize(isa.frontend_config());
    finish(ctx, isa, u32::MAX)
}

/// Compile defined functions `defs` of `m` and link them into a chunk.
/// `direct_calls` requires `defs` to be all of the module's functions.
pub(crate) fn compile_funcs(
    m: &ModuleInner,
    defs: &[u32],
    direct_calls: bool,
) -> Result<CodeChunk, Error> {
    let isa = isa()?;
    // Compiled code traps through signals: the handlers exist before any
    // compiled code does.
    if m.engine.config().signals_based_traps {
        super::signals::ensure_installed()
            .map_err(|message| Error::Unsupported { offset: 0, message })?;
    }
    let threads = threads_up_to(defs.len().div_ceil(4));
    let compiled = map_ordered(
        defs.to_vec(),
        threads,
        || (Context::new(), FunctionBuilderContext::new()),
        |(ctx, fctx), def| compile_function(m, def, direct_calls, ctx, fctx, isa),
    );
    let arts = compiled
        .into_iter()
        .collect::<Result<Vec<Artifact>, Error>>()?;
    let n = arts.len();

    // One trampoline per distinct signature.
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    let mut tramp_of_type: HashMap<u32, usize> = HashMap::new();
    let mut tramps: Vec<Artifact> = Vec::new();
    let mut func_tramp = Vec::with_capacity(n);
    for &def in defs {
        let tidx = m.func_types[(m.num_imported_funcs + def) as usize];
        let canon = m.type_ids[tidx as usize];
        let t = match tramp_of_type.get(&canon) {
            Some(t) => *t,
            None => {
                let a = compile_trampoline(&m.types[tidx as usize], &mut ctx, &mut fctx, isa)?;
                tramps.push(a);
                tramp_of_type.insert(canon, tramps.len() - 1);
                tramps.len() - 1
            }
        };
        func_tramp.push(t);
    }
    link(defs, arts, tramps, func_tramp)
}

fn align16(x: usize) -> usize {
    (x + 15) & !15
}

fn link(
    defs: &[u32],
    arts: Vec<Artifact>,
    tramps: Vec<Artifact>,
    func_tramp: Vec<usize>,
) -> Result<CodeChunk, Error> {
    let mut offsets = Vec::with_capacity(arts.len());
    let mut size = 0usize;
    for a in &arts {
        offsets.push(size);
        size = align16(size + a.code.len());
    }
    let mut tramp_offsets = Vec::with_capacity(tramps.len());
    for a in &tramps {
        tramp_offsets.push(size);
        size = align16(size + a.code.len());
    }
    let mut mem = CodeMemory::new(size)?;
    let base = mem.base();
    {
        let bytes = mem.bytes_mut();
        for (a, &o) in arts
            .iter()
            .zip(&offsets)
            .chain(tramps.iter().zip(&tramp_offsets))
        {
            bytes[o..o + a.code.len()].copy_from_slice(&a.code);
        }
        // Direct calls name their callee by defined index; `defs` may skip
        // some (functions left to the interpreter, never called directly).
        let mut position =
            vec![usize::MAX; defs.iter().map(|&d| d as usize + 1).max().unwrap_or(0)];
        for (i, &d) in defs.iter().enumerate() {
            position[d as usize] = i;
        }
        for (a, &o) in arts.iter().zip(&offsets) {
            for &(at, kind, callee, addend) in &a.relocs {
                let at = o + at as usize;
                let target = (base + offsets[position[callee as usize]]) as i64 + addend;
                let pc = (base + at) as i64;
                apply_reloc(bytes, at, kind, target - pc)?;
            }
        }
    }
    let code = mem.publish()?;
    let mut trap_codes = Vec::new();
    for (a, &o) in arts
        .iter()
        .zip(&offsets)
        .chain(tramps.iter().zip(&tramp_offsets))
    {
        trap_codes.extend(a.traps.iter().map(|t| ((o as u32) + t.0, t.1)));
    }
    let funcs = arts
        .into_iter()
        .zip(&offsets)
        .zip(&func_tramp)
        .zip(defs)
        .map(|(((a, &o), &t), &def)| FuncInfo {
            def,
            offset: o as u32,
            len: a.code.len() as u32,
            tramp: tramp_offsets[t] as u32,
            sites: a.sites.into_boxed_slice(),
            traps: a.traps.iter().map(|t| (t.0, t.2)).collect(),
        })
        .collect();
    Ok(CodeChunk::new(code, funcs, trap_codes.into_boxed_slice()))
}

fn apply_reloc(bytes: &mut [u8], at: usize, kind: Reloc, delta: i64) -> Result<(), Error> {
    let bad = || Error::Unsupported {
        offset: 0,
        message: format!("JIT relocation {kind:?} out of range"),
    };
    match kind {
        Reloc::X86CallPCRel4 | Reloc::X86PCRel4 | Reloc::X86CallPLTRel4 => {
            let v = i32::try_from(delta).map_err(|_| bad())?;
            bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        Reloc::Arm64Call => {
            if delta % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&delta) {
                return Err(bad());
            }
            let mut w = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
            w = (w & !0x03ff_ffff) | (((delta >> 2) as u32) & 0x03ff_ffff);
            bytes[at..at + 4].copy_from_slice(&w.to_le_bytes());
        }
        other => {
            return Err(Error::Unsupported {
                offset: 0,
                message: format!("JIT relocation {other:?} not supported"),
            })
        }
    }
    Ok(())
}
