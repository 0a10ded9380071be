//! Type descriptions of the WebAssembly 2.0 object model: value, function,
//! global, table, memory and extern types, and import/export descriptors.
//!
//! These are plain data (no store, no engine) so that every layer, the C API
//! included, can build and compare them freely.

use std::fmt;

/// A WebAssembly value type (WebAssembly 2.0: numbers, the 128-bit vector
/// and the two reference types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    V128,
    FuncRef,
    ExternRef,
    /// `exnref` (exception handling): a reference to a caught exception.
    ExnRef,
}

impl ValType {
    /// Whether this is a reference type (`funcref`, `externref`, `exnref`).
    pub fn is_ref(self) -> bool {
        matches!(
            self,
            ValType::FuncRef | ValType::ExternRef | ValType::ExnRef
        )
    }

    /// How many 64-bit cells a value of this type takes in the call buffer,
    /// an interpreter frame and a global: 2 for `v128` (low half first),
    /// else 1. See `values` for the layout.
    pub fn cells(self) -> usize {
        if self == ValType::V128 {
            2
        } else {
            1
        }
    }
}

/// The first cell of each value of `types` laid out one after another in
/// cells (`ValType::cells` each).
pub fn cell_offsets(types: &[ValType]) -> impl Iterator<Item = usize> + '_ {
    types.iter().scan(0usize, |at, t| {
        let here = *at;
        *at += t.cells();
        Some(here)
    })
}

/// Cells taken by values of `types` laid out one after another.
pub fn cell_count(types: &[ValType]) -> usize {
    types.iter().map(|t| t.cells()).sum()
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            ValType::ExnRef => "exnref",
        })
    }
}

/// A function signature.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct FuncType {
    params: Box<[ValType]>,
    results: Box<[ValType]>,
    /// `max(param_cells, result_cells)`; the three are kept because calls
    /// read them.
    cells: usize,
    param_cells: usize,
    result_cells: usize,
    /// Whether a parameter or result is a `v128` (the C APIs' `wasm_val_t`
    /// cannot carry one; checked on every call there).
    has_v128: bool,
    /// Whether a parameter or result is an `exnref` (neither C API's
    /// value type carries one).
    has_exnref: bool,
}

impl FuncType {
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let params: Box<[ValType]> = params.into_iter().collect();
        let results: Box<[ValType]> = results.into_iter().collect();
        let (param_cells, result_cells) = (cell_count(&params), cell_count(&results));
        let has_v128 = params.contains(&ValType::V128) || results.contains(&ValType::V128);
        let has_exnref = params.contains(&ValType::ExnRef) || results.contains(&ValType::ExnRef);
        FuncType {
            params,
            results,
            cells: param_cells.max(result_cells),
            param_cells,
            result_cells,
            has_v128,
            has_exnref,
        }
    }
    pub fn params(&self) -> &[ValType] {
        &self.params
    }
    pub fn results(&self) -> &[ValType] {
        &self.results
    }
    /// Number of untyped cells a call needs for its arguments and results
    /// (they share one buffer in the one calling convention; a `v128`
    /// takes two cells).
    pub fn cells(&self) -> usize {
        self.cells
    }
    /// Cells the arguments take.
    pub fn param_cells(&self) -> usize {
        self.param_cells
    }
    /// Whether a parameter or result is a `v128`.
    pub fn has_v128(&self) -> bool {
        self.has_v128
    }
    /// Whether a parameter or result is an `exnref`.
    pub fn has_exnref(&self) -> bool {
        self.has_exnref
    }
    /// Cells the results take.
    pub fn result_cells(&self) -> usize {
        self.result_cells
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(func")?;
        if !self.params.is_empty() {
            write!(f, " (param")?;
            for p in self.params.iter() {
                write!(f, " {p}")?;
            }
            write!(f, ")")?;
        }
        if !self.results.is_empty() {
            write!(f, " (result")?;
            for r in self.results.iter() {
                write!(f, " {r}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ")")
    }
}

/// Size limits of a table (in elements) or a memory (in pages). 64-bit:
/// memory64 and table64 types have limits beyond the 32-bit range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    pub min: u64,
    pub max: Option<u64>,
}

impl Limits {
    pub fn new(min: u64, max: Option<u64>) -> Self {
        Limits { min, max }
    }
    /// Import subtyping: `self` (the provided object's current limits) matches
    /// `required` (what the import declares).
    pub fn matches(&self, required: &Limits) -> bool {
        if self.min < required.min {
            return false;
        }
        match (required.max, self.max) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(r), Some(s)) => s <= r,
        }
    }
}

/// `v` in 32 bits, saturated at `u32::MAX`: how the 32-bit C APIs report
/// the 64-bit sizes and limits of memory64 and table64 objects.
pub fn saturate_u32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The type of the addresses (memories) or indices (tables) of an object:
/// i32, or i64 with the memory64 proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum IndexType {
    #[default]
    I32,
    I64,
}

impl IndexType {
    /// The value type of addresses and sizes.
    pub fn val_type(self) -> ValType {
        match self {
            IndexType::I32 => ValType::I32,
            IndexType::I64 => ValType::I64,
        }
    }
    pub fn is64(self) -> bool {
        self == IndexType::I64
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    Const,
    Var,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    pub content: ValType,
    pub mutability: Mutability,
}

impl GlobalType {
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        GlobalType {
            content,
            mutability,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    pub element: ValType,
    pub limits: Limits,
    /// i64 for a table64 (memory64 proposal).
    pub index: IndexType,
}

impl TableType {
    /// A 32-bit table.
    pub fn new(element: ValType, limits: Limits) -> Self {
        TableType {
            element,
            limits,
            index: IndexType::I32,
        }
    }
    /// A table whose indices are `index`.
    pub fn with_index(element: ValType, limits: Limits, index: IndexType) -> Self {
        TableType {
            element,
            limits,
            index,
        }
    }
}

/// The default page size of linear memories (2^16 bytes).
pub const DEFAULT_PAGE_SIZE_LOG2: u8 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemoryType {
    /// In pages of `1 << page_size_log2` bytes.
    pub limits: Limits,
    /// i64 for a memory64.
    pub index: IndexType,
    /// 16 (64 KiB pages, the default) or 0 (1-byte pages, the custom page
    /// sizes proposal).
    pub page_size_log2: u8,
}

impl MemoryType {
    /// A 32-bit memory of 64 KiB pages.
    pub fn new(limits: Limits) -> Self {
        MemoryType {
            limits,
            index: IndexType::I32,
            page_size_log2: DEFAULT_PAGE_SIZE_LOG2,
        }
    }
    /// A memory whose addresses are `index` and whose pages are
    /// `1 << page_size_log2` bytes.
    pub fn with(limits: Limits, index: IndexType, page_size_log2: u8) -> Self {
        MemoryType {
            limits,
            index,
            page_size_log2,
        }
    }
    pub fn is64(&self) -> bool {
        self.index.is64()
    }
    pub fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }
    /// Import matching: same index type and page size, and limits that
    /// match (`Limits::matches`).
    pub fn matches(&self, required: &MemoryType) -> bool {
        self.index == required.index
            && self.page_size_log2 == required.page_size_log2
            && self.limits.matches(&required.limits)
    }
}

/// The type of an importable or exportable object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExternType {
    Func(FuncType),
    Global(GlobalType),
    Table(TableType),
    Memory(MemoryType),
    Tag(TagType),
}

/// The type of an exception tag: the values an exception of it carries
/// (a function type without results, as in the binary format).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    pub fn new(params: impl IntoIterator<Item = ValType>) -> TagType {
        TagType {
            ty: FuncType::new(params, []),
        }
    }

    /// The values an exception of this tag carries.
    pub fn params(&self) -> &[ValType] {
        self.ty.params()
    }

    /// The tag's signature as a function type (no results): what the
    /// engine's type registry canonicalises, so that linking compares ids.
    pub fn func_type(&self) -> &FuncType {
        &self.ty
    }
}

impl ExternType {
    /// A short name of the kind, as used in error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "function",
            ExternType::Global(_) => "global",
            ExternType::Table(_) => "table",
            ExternType::Memory(_) => "memory",
            ExternType::Tag(_) => "tag",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportType {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportType {
    pub name: String,
    pub ty: ExternType,
}

pub(crate) fn valtype_from_wasmparser(t: wasmparser::ValType) -> Option<ValType> {
    use wasmparser::ValType as W;
    Some(match t {
        W::I32 => ValType::I32,
        W::I64 => ValType::I64,
        W::F32 => ValType::F32,
        W::F64 => ValType::F64,
        W::V128 => ValType::V128,
        W::Ref(r) if r == wasmparser::RefType::FUNCREF => ValType::FuncRef,
        W::Ref(r) if r == wasmparser::RefType::EXTERNREF => ValType::ExternRef,
        W::Ref(r) if r == wasmparser::RefType::EXNREF => ValType::ExnRef,
        _ => return None,
    })
}

pub(crate) fn reftype_from_wasmparser(t: wasmparser::RefType) -> Option<ValType> {
    valtype_from_wasmparser(wasmparser::ValType::Ref(t))
}
