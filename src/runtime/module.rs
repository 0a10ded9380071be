//! Modules: decoded, validated and translated once, then immutable.
//!
//! A [`Module`] is an `Arc`: cheap to clone, `Send + Sync`, instantiable in
//! any number of stores on any threads. Bodies are validated here (in parallel for
//! large modules); the engine's backend (`tier`) then makes their code.

use super::engine::Engine;
use super::error::{Error, Result};
use super::tier::ModuleCode;
use super::types::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use wasmparser::{
    ElementItems, ElementKind, ExternalKind, FuncToValidate, FunctionBody, KnownCustom, Name,
    Operator, Parser, Payload, TypeRef, Validator, ValidatorResources, WasmFeatures,
};

/// The kind of an import or export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExternKind {
    Func,
    Table,
    Memory,
    Global,
    Tag,
}

/// A constant expression, as it may appear in globals and segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ConstExpr {
    /// A number or the null reference, as a cell.
    Value(u64),
    /// `v128.const`.
    V128(u128),
    /// `global.get` of an (imported or earlier) global.
    Global(u32),
    /// `ref.func`.
    Func(u32),
    /// An extended constant expression (more than one instruction:
    /// `i32/i64.add/sub/mul` over constants and `global.get`), evaluated
    /// by `ConstExpr::eval`.
    Ext(Box<[ConstOp]>),
}

/// One instruction of an extended constant expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConstOp {
    /// Push a number cell.
    Value(u64),
    /// Push the (first cell of the) value of a global.
    Global(u32),
    /// Pop two, push the result (`runtime::num`).
    Bin(ConstBin),
}

/// The operators of extended constant expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConstBin {
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

impl ConstBin {
    fn apply(self, a: u64, b: u64) -> u64 {
        use super::num;
        match self {
            ConstBin::I32Add => num::i32_add(a, b),
            ConstBin::I32Sub => num::i32_sub(a, b),
            ConstBin::I32Mul => num::i32_mul(a, b),
            ConstBin::I64Add => num::i64_add(a, b),
            ConstBin::I64Sub => num::i64_sub(a, b),
            ConstBin::I64Mul => num::i64_mul(a, b),
        }
    }
}

impl ConstExpr {
    /// The value as the two cells of a global (a segment offset or
    /// element is the first cell); `funcs` are the store indices of the
    /// instance's functions, `global` gives the cells of a global.
    pub(crate) fn eval(&self, funcs: &[u32], global: impl Fn(u32) -> [u64; 2]) -> [u64; 2] {
        match *self {
            ConstExpr::Value(v) => [v, 0],
            ConstExpr::V128(v) => [v as u64, (v >> 64) as u64],
            ConstExpr::Func(f) => [funcs[f as usize] as u64 + 1, 0],
            ConstExpr::Global(g) => global(g),
            ConstExpr::Ext(ref ops) => {
                let mut stack: Vec<u64> = Vec::with_capacity(4);
                for op in ops.iter() {
                    match *op {
                        ConstOp::Value(v) => stack.push(v),
                        ConstOp::Global(g) => stack.push(global(g)[0]),
                        ConstOp::Bin(f) => {
                            let b = stack.pop().expect("validated: operand");
                            let a = stack.pop().expect("validated: operand");
                            stack.push(f.apply(a, b));
                        }
                    }
                }
                [stack.pop().expect("validated: one result"), 0]
            }
        }
    }
}

#[derive(Debug)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug)]
pub(crate) struct ElemSegment {
    pub mode: ElemMode,
    pub items: Box<[ConstExpr]>,
}

#[derive(Debug)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug)]
pub(crate) struct DataSegment {
    pub mode: DataMode,
    /// Range of the bytes in the module binary.
    pub bytes: Range<usize>,
}

#[derive(Debug)]
pub(crate) struct Export {
    pub name: String,
    pub kind: ExternKind,
    pub index: u32,
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub bytes: Arc<[u8]>,
    pub types: Vec<FuncType>,
    /// Canonical (engine-wide) id of each type.
    pub type_ids: Vec<u32>,
    pub imports: Vec<ImportType>,
    /// Type index of each function, imported ones first.
    pub func_types: Vec<u32>,
    pub num_imported_funcs: u32,
    pub tables: Vec<TableType>,
    pub num_imported_tables: u32,
    pub memories: Vec<MemoryType>,
    pub num_imported_memories: u32,
    pub globals: Vec<GlobalType>,
    pub num_imported_globals: u32,
    /// Type index of each tag, imported ones first.
    pub tags: Vec<u32>,
    pub num_imported_tags: u32,
    /// Initialisers of the defined globals.
    pub global_inits: Vec<ConstExpr>,
    pub exports: Vec<Export>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// Byte range in `bytes` of each defined function's body (validated).
    pub bodies: Vec<Range<usize>>,
    /// Whether each defined function uses an exception-handling operator
    /// (the JIT leaves those to the interpreter; all false on
    /// `Tier::Interp`, which does not need to know).
    pub eh_funcs: Vec<bool>,
    /// The tiers' code (made by the engine's backend once the module is
    /// decoded and validated).
    pub code: ModuleCode,
    pub name: Option<Arc<str>>,
    pub func_names: HashMap<u32, Arc<str>>,
}

/// A compiled WebAssembly module.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.inner.name)
            .field("imports", &self.inner.imports.len())
            .field("exports", &self.inner.exports.len())
            .finish()
    }
}

/// The memory a load or store's immediate names (a GC array target is
/// rejected by validation: the GC proposal is not enabled).
pub(crate) fn memarg_memory(m: &wasmparser::MemArg) -> u32 {
    match m.target {
        wasmparser::MemArgTarget::Memory(i) => i,
        wasmparser::MemArgTarget::Array(_) => {
            unreachable!("validated: GC array accesses are not enabled")
        }
    }
}

/// The features `config` runs: WebAssembly 2.0, SIMD and relaxed SIMD
/// with `Config::wasm_simd`, the multi-memory, tail-call, extended-const,
/// wide-arithmetic, memory64, custom-page-sizes and exception-handling
/// proposals unless turned off.
pub(crate) fn features(config: &super::engine::Config) -> WasmFeatures {
    let mut f = WasmFeatures::WASM2.difference(WasmFeatures::SIMD);
    if config.wasm_simd {
        f |= WasmFeatures::SIMD | WasmFeatures::RELAXED_SIMD;
    }
    if config.multi_memory {
        f |= WasmFeatures::MULTI_MEMORY;
    }
    if config.tail_call {
        f |= WasmFeatures::TAIL_CALL;
    }
    if config.extended_const {
        f |= WasmFeatures::EXTENDED_CONST;
    }
    if config.wide_arithmetic {
        f |= WasmFeatures::WIDE_ARITHMETIC;
    }
    if config.memory64 {
        f |= WasmFeatures::MEMORY64;
    }
    if config.custom_page_sizes {
        f |= WasmFeatures::CUSTOM_PAGE_SIZES;
    }
    if config.exceptions {
        f |= WasmFeatures::EXCEPTIONS | WasmFeatures::LEGACY_EXCEPTIONS;
    }
    f
}

/// The validator reports an extended constant expression, when the
/// proposal is off, as the WebAssembly 2.0 error it is there ("constant
/// expression required"); say which switch refused it.
fn name_switched_off(config: &super::engine::Config, e: Error) -> Error {
    match e {
        Error::Invalid { offset, message }
            if !config.extended_const
                && [
                    "i32.add", "i32.sub", "i32.mul", "i64.add", "i64.sub", "i64.mul",
                ]
                .iter()
                .any(|op| message.ends_with(&format!("non-constant operator: {op}"))) =>
        {
            Error::Invalid {
                offset,
                message: format!(
                    "{message} (the extended-const feature is switched off: Config::extended_const)"
                ),
            }
        }
        e => e,
    }
}

impl Module {
    /// Decode, validate and translate a binary module.
    ///
    /// Runs on a thread of ours when the calling thread has less than
    /// `COMPILE_STACK` of native stack left, so that compiling never
    /// overflows a host's small stack.
    pub fn new(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let inner = super::stack::with_stack(COMPILE_STACK, || {
            let mut m =
                compile(engine, bytes).map_err(|e| name_switched_off(engine.config(), e))?;
            m.code = engine.backend().prepare(&m)?;
            Ok::<_, Error>(m)
        })
        .map_err(|message| Error::Unsupported { offset: 0, message })??;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Check that `bytes` is a valid module without keeping the result.
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        let mut v = Validator::new_with_features(features(engine.config()));
        v.validate_all(bytes)
            .map(|_| ())
            .map_err(|e| name_switched_off(engine.config(), Error::from_wasmparser(e, true)))
    }

    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from its name section.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// How many functions the module imports (defined functions follow
    /// them in the function index space).
    pub fn num_imported_funcs(&self) -> u32 {
        self.inner.num_imported_funcs
    }

    /// The interpreter's code of defined function `def` (index among the
    /// defined functions), one instruction per line, for debugging; None
    /// when the module has no interpreter code (`Tier::Jit`) or no such
    /// function.
    pub fn disassemble(&self, def: u32) -> Option<String> {
        if def as usize >= self.inner.bodies.len() {
            return None;
        }
        self.inner.code.interp.as_ref()?.disassemble(def)
    }

    /// The original binary.
    pub fn bytes(&self) -> &[u8] {
        &self.inner.bytes
    }

    pub fn imports(&self) -> impl ExactSizeIterator<Item = &ImportType> {
        self.inner.imports.iter()
    }

    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType> + '_ {
        self.inner.exports.iter().map(|e| ExportType {
            name: e.name.clone(),
            ty: self.inner.extern_type(e.kind, e.index),
        })
    }

    /// The slot where defined function `def`'s compiled entry point is
    /// published.
    pub(crate) fn jit_entry_slot(&self, def: u32) -> *const std::sync::atomic::AtomicPtr<u8> {
        self.inner.code.entry_slot(def)
    }

    /// Whether two handles are the same compiled module.
    pub fn same(a: &Module, b: &Module) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }
}

impl ModuleInner {
    pub(crate) fn func_type(&self, func_index: u32) -> &FuncType {
        &self.types[self.func_types[func_index as usize] as usize]
    }

    pub(crate) fn extern_type(&self, kind: ExternKind, index: u32) -> ExternType {
        let i = index as usize;
        match kind {
            ExternKind::Func => ExternType::Func(self.func_type(index).clone()),
            ExternKind::Table => ExternType::Table(self.tables[i]),
            ExternKind::Memory => ExternType::Memory(self.memories[i]),
            ExternKind::Global => ExternType::Global(self.globals[i]),
            ExternKind::Tag => ExternType::Tag(self.tag_type(index)),
        }
    }

    /// The type of tag `index`.
    pub(crate) fn tag_type(&self, index: u32) -> TagType {
        self.tag_type_of(self.tags[index as usize])
    }

    /// The tag type of (function) type index `ty`.
    pub(crate) fn tag_type_of(&self, ty: u32) -> TagType {
        TagType::new(self.types[ty as usize].params().iter().copied())
    }

    pub(crate) fn data_bytes(&self, seg: &DataSegment) -> &[u8] {
        &self.bytes[seg.bytes.clone()]
    }
}

fn malformed(e: wasmparser::BinaryReaderError) -> Error {
    Error::from_wasmparser(e, false)
}

fn table_type(t: &wasmparser::TableType) -> Result<TableType> {
    let element = reftype_from_wasmparser(t.element_type).ok_or_else(|| Error::Unsupported {
        offset: 0,
        message: format!("table element type {:?}", t.element_type),
    })?;
    Ok(TableType::with_index(
        element,
        Limits::new(t.initial, t.maximum),
        index_type(t.table64),
    ))
}

fn index_type(is64: bool) -> IndexType {
    if is64 {
        IndexType::I64
    } else {
        IndexType::I32
    }
}

fn memory_type(m: &wasmparser::MemoryType) -> MemoryType {
    MemoryType::with(
        Limits::new(m.initial, m.maximum),
        index_type(m.memory64),
        m.page_size_log2.unwrap_or(16) as u8,
    )
}

fn global_type(g: &wasmparser::GlobalType) -> Result<GlobalType> {
    let content = valtype_from_wasmparser(g.content_type).ok_or_else(|| Error::Unsupported {
        offset: 0,
        message: format!("global type {:?}", g.content_type),
    })?;
    Ok(GlobalType::new(
        content,
        if g.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    ))
}

fn const_expr(e: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    let mut r = e.get_operators_reader();
    let mut exprs = Vec::new();
    loop {
        let op = r.read().map_err(malformed)?;
        let v = match op {
            Operator::End => break,
            Operator::I32Const { value } => ConstExpr::Value(value as u32 as u64),
            Operator::I64Const { value } => ConstExpr::Value(value as u64),
            Operator::F32Const { value } => ConstExpr::Value(value.bits() as u64),
            Operator::F64Const { value } => ConstExpr::Value(value.bits()),
            Operator::V128Const { value } => ConstExpr::V128(value.i128() as u128),
            Operator::RefNull { .. } => ConstExpr::Value(0),
            Operator::RefFunc { function_index } => ConstExpr::Func(function_index),
            Operator::GlobalGet { global_index } => ConstExpr::Global(global_index),
            // Extended constant expressions (validated: integer operands).
            Operator::I32Add => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I32Add)])),
            Operator::I32Sub => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I32Sub)])),
            Operator::I32Mul => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I32Mul)])),
            Operator::I64Add => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I64Add)])),
            Operator::I64Sub => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I64Sub)])),
            Operator::I64Mul => ConstExpr::Ext(Box::new([ConstOp::Bin(ConstBin::I64Mul)])),
            other => {
                return Err(Error::Unsupported {
                    offset: r.original_position() as usize,
                    message: format!("constant expression operator {other:?}"),
                })
            }
        };
        exprs.push(v);
    }
    if exprs.len() <= 1 {
        return exprs.pop().ok_or_else(|| Error::Invalid {
            offset: r.original_position() as usize,
            message: "empty constant expression".into(),
        });
    }
    // More than one instruction: numbers, globals and operators.
    let ops = exprs
        .into_iter()
        .map(|e| match e {
            ConstExpr::Value(v) => Ok(ConstOp::Value(v)),
            ConstExpr::Global(g) => Ok(ConstOp::Global(g)),
            ConstExpr::Ext(ops) if ops.len() == 1 => Ok(ops[0]),
            other => Err(Error::Unsupported {
                offset: r.original_position() as usize,
                message: format!("{other:?} in an extended constant expression"),
            }),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ConstExpr::Ext(ops.into_boxed_slice()))
}

fn compile(engine: &Engine, bytes: &[u8]) -> Result<ModuleInner> {
    let mut validator = Validator::new_with_features(features(engine.config()));
    let mut m = ModuleInner {
        engine: engine.clone(),
        bytes: Arc::from(bytes),
        types: Vec::new(),
        type_ids: Vec::new(),
        imports: Vec::new(),
        func_types: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        num_imported_tables: 0,
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        num_imported_globals: 0,
        tags: Vec::new(),
        num_imported_tags: 0,
        global_inits: Vec::new(),
        exports: Vec::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        bodies: Vec::new(),
        eh_funcs: Vec::new(),
        code: ModuleCode::new(0, None, None),
        name: None,
        func_names: HashMap::new(),
    };
    let v_err = |e| Error::from_wasmparser(e, true);
    let mut parser = Parser::new(0);
    parser.set_features(features(engine.config()));
    // Function bodies are validated together once the code
    // section is complete (in parallel for large modules); an error found
    // later in the binary is reported only if the bodies before it are
    // valid, as a sequential pass would.
    let mut pending: Vec<PendingBody<'_>> = Vec::new();
    let mut code_count = 0u32;
    for payload in parser.parse_all(bytes) {
        let payload = match payload {
            Ok(p) => p,
            Err(e) => {
                validate_bodies(&mut m, &mut pending)?;
                return Err(malformed(e));
            }
        };
        let vp = match validator.payload(&payload) {
            Ok(vp) => vp,
            Err(e) => {
                validate_bodies(&mut m, &mut pending)?;
                return Err(v_err(e));
            }
        };
        match payload {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.map_err(malformed)?.into_types() {
                        let f = match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => f,
                            _ => {
                                return Err(Error::Unsupported {
                                    offset: 0,
                                    message: "non-function types (GC)".into(),
                                })
                            }
                        };
                        let conv = |ts: &[wasmparser::ValType]| -> Result<Vec<ValType>> {
                            ts.iter()
                                .map(|t| {
                                    valtype_from_wasmparser(*t).ok_or_else(|| Error::Unsupported {
                                        offset: 0,
                                        message: format!("value type {t:?}"),
                                    })
                                })
                                .collect()
                        };
                        let ty = FuncType::new(conv(f.params())?, conv(f.results())?);
                        m.type_ids.push(engine.intern_type(&ty));
                        m.types.push(ty);
                    }
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(malformed)?;
                    let ty = match imp.ty {
                        TypeRef::Func(idx) => {
                            m.func_types.push(idx);
                            m.num_imported_funcs += 1;
                            ExternType::Func(m.types[idx as usize].clone())
                        }
                        TypeRef::Table(t) => {
                            let t = table_type(&t)?;
                            m.tables.push(t);
                            m.num_imported_tables += 1;
                            ExternType::Table(t)
                        }
                        TypeRef::Memory(mt) => {
                            let mt = memory_type(&mt);
                            m.memories.push(mt);
                            m.num_imported_memories += 1;
                            ExternType::Memory(mt)
                        }
                        TypeRef::Global(g) => {
                            let g = global_type(&g)?;
                            m.globals.push(g);
                            m.num_imported_globals += 1;
                            ExternType::Global(g)
                        }
                        TypeRef::Tag(t) => {
                            m.tags.push(t.func_type_idx);
                            m.num_imported_tags += 1;
                            ExternType::Tag(m.tag_type(m.tags.len() as u32 - 1))
                        }
                        other => {
                            return Err(Error::Unsupported {
                                offset: 0,
                                message: format!("import kind {other:?}"),
                            })
                        }
                    };
                    m.imports.push(ImportType {
                        module: imp.module.to_string(),
                        name: imp.name.to_string(),
                        ty,
                    });
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    m.func_types.push(t.map_err(malformed)?);
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    let t = t.map_err(malformed)?;
                    m.tables.push(table_type(&t.ty)?);
                }
            }
            Payload::MemorySection(r) => {
                for mt in r {
                    m.memories.push(memory_type(&mt.map_err(malformed)?));
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g.map_err(malformed)?;
                    m.globals.push(global_type(&g.ty)?);
                    m.global_inits.push(const_expr(&g.init_expr)?);
                }
            }
            Payload::TagSection(r) => {
                for t in r {
                    m.tags.push(t.map_err(malformed)?.func_type_idx);
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(malformed)?;
                    let kind = match e.kind {
                        ExternalKind::Func => ExternKind::Func,
                        ExternalKind::Table => ExternKind::Table,
                        ExternalKind::Memory => ExternKind::Memory,
                        ExternalKind::Global => ExternKind::Global,
                        ExternalKind::Tag => ExternKind::Tag,
                        other => {
                            return Err(Error::Unsupported {
                                offset: 0,
                                message: format!("export kind {other:?}"),
                            })
                        }
                    };
                    m.exports.push(Export {
                        name: e.name.to_string(),
                        kind,
                        index: e.index,
                    });
                }
            }
            Payload::StartSection { func, .. } => m.start = Some(func),
            Payload::ElementSection(r) => {
                for e in r {
                    let e = e.map_err(malformed)?;
                    let mode = match e.kind {
                        ElementKind::Passive => ElemMode::Passive,
                        ElementKind::Declared => ElemMode::Declared,
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElemMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: const_expr(&offset_expr)?,
                        },
                    };
                    let items = match e.items {
                        ElementItems::Functions(r) => r
                            .into_iter()
                            .map(|f| f.map(ConstExpr::Func).map_err(malformed))
                            .collect::<Result<Vec<_>>>()?,
                        ElementItems::Expressions(_, r) => r
                            .into_iter()
                            .map(|ce| const_expr(&ce.map_err(malformed)?))
                            .collect::<Result<Vec<_>>>()?,
                    };
                    m.elems.push(ElemSegment {
                        mode,
                        items: items.into_boxed_slice(),
                    });
                }
            }
            Payload::DataSection(r) => {
                for d in r {
                    let d = d.map_err(malformed)?;
                    let mode = match d.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => DataMode::Active {
                            memory: memory_index,
                            offset: const_expr(&offset_expr)?,
                        },
                    };
                    m.datas.push(DataSegment {
                        mode,
                        bytes: d.range.end as usize - d.data.len()..d.range.end as usize,
                    });
                }
            }
            Payload::CodeSectionStart { count, .. } => code_count = count,
            Payload::CodeSectionEntry(body) => {
                let func = match vp {
                    wasmparser::ValidPayload::Func(f, _) => f,
                    _ => unreachable!("validator returns a function for each code entry"),
                };
                pending.push((func, body));
                if m.bodies.len() + pending.len() == code_count as usize {
                    validate_bodies(&mut m, &mut pending)?;
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(r) = c.as_known() {
                    read_names(&mut m, r);
                }
            }
            _ => {}
        }
    }
    validate_bodies(&mut m, &mut pending)?;
    Ok(m)
}

/// A function body and its validator, waiting for `validate_bodies`.
type PendingBody<'a> = (FuncToValidate<ValidatorResources>, FunctionBody<'a>);

/// Native stack the front end and the compilers need (see `Module::new`).
const COMPILE_STACK: usize = 1 << 20;

/// Below this many bytes of code, bodies are validated on the calling
/// thread (starting threads would cost more than they save).
const PARALLEL_CODE_BYTES: u64 = 256 << 10;

/// Validate `pending` (in order), appending their ranges to `m.bodies`; the
/// error of the first invalid body, if any.
fn validate_bodies(m: &mut ModuleInner, pending: &mut Vec<PendingBody<'_>>) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let bodies = std::mem::take(pending);
    let bytes: u64 = bodies
        .iter()
        .map(|(_, b)| b.range().end - b.range().start)
        .sum();
    let threads = if bytes < PARALLEL_CODE_BYTES {
        1
    } else {
        super::parallel::threads_up_to(8)
    };
    // Only compiling tiers need to know which functions use exceptions.
    let config = m.engine.config();
    let scan = config.exceptions && config.tier != super::engine::Tier::Interp;
    let results = super::parallel::map_ordered(
        bodies,
        threads,
        wasmparser::FuncValidatorAllocations::default,
        |allocs, (func, body)| {
            let mut v = func.into_validator(std::mem::take(allocs));
            let r = v.validate(&body);
            *allocs = v.into_allocations();
            r.map(|()| {
                (
                    body.range().start as usize..body.range().end as usize,
                    scan && uses_exceptions(&body),
                )
            })
            .map_err(|e| Error::from_wasmparser(e, true))
        },
    );
    for r in results {
        let (range, eh) = r?;
        m.bodies.push(range);
        m.eh_funcs.push(eh);
    }
    Ok(())
}

/// Whether a validated body has an exception-handling operator.
fn uses_exceptions(body: &FunctionBody<'_>) -> bool {
    let Ok(mut r) = body.get_operators_reader() else {
        return false;
    };
    while !r.eof() {
        match r.read() {
            Ok(
                Operator::TryTable { .. }
                | Operator::Throw { .. }
                | Operator::ThrowRef
                | Operator::Try { .. }
                | Operator::Catch { .. }
                | Operator::CatchAll
                | Operator::Delegate { .. }
                | Operator::Rethrow { .. },
            ) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Names are a debugging aid: a malformed name section is ignored, as the
/// spec requires of custom sections.
fn read_names(m: &mut ModuleInner, r: wasmparser::NameSectionReader<'_>) {
    for sub in r {
        match sub {
            Ok(Name::Module { name, .. }) => m.name = Some(Arc::from(name)),
            Ok(Name::Function(map)) => {
                for n in map.into_iter().flatten() {
                    m.func_names.insert(n.index, Arc::from(n.name));
                }
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
}
