//! Type representations: value, function, global, table, memory and
//! extern types, import and export types.
//!
//! An extern type and its specific type are one object: `wasm_functype_t`
//! and the others wrap `wasm_externtype_t` (`repr(transparent)`), so the
//! `_as_externtype` views are casts, and downcasts check the kind.
//! Accessors return references into data the type owns.

use super::vec::{byte_vec, wasm_name_t, wasm_valtype_vec_t, CVec, OwnedVec};
use super::{guard, set_last_error};
use crate::runtime::{
    saturate_u32, ExportType, ExternType, FuncType, GlobalType, ImportType, Limits, MemoryType,
    Mutability, TableType, TagType, ValType,
};

// ---- value types -----------------------------------------------------------

pub const WASM_I32: u8 = 0;
pub const WASM_I64: u8 = 1;
pub const WASM_F32: u8 = 2;
pub const WASM_F64: u8 = 3;
/// `v128` (not in upstream wasm.h: `FERROWASM_V128` in ferrowasm.h, the
/// value other engines' headers give it). A `wasm_val_t` cannot hold it.
pub const FERROWASM_V128: u8 = 4;
/// `exnref` (not in upstream wasm.h: `FERROWASM_EXNREF` in ferrowasm.h).
/// Its values do not cross `wasm_val_t`, as in V8 they do not cross to JS.
pub const FERROWASM_EXNREF: u8 = 130;
pub const WASM_EXTERNREF: u8 = 128;
pub const WASM_FUNCREF: u8 = 129;

pub const WASM_CONST: u8 = 0;
pub const WASM_VAR: u8 = 1;

pub const WASM_EXTERN_FUNC: u8 = 0;
pub const WASM_EXTERN_GLOBAL: u8 = 1;
pub const WASM_EXTERN_TABLE: u8 = 2;
pub const WASM_EXTERN_MEMORY: u8 = 3;
/// An exception tag (V8's extension of wasm.h, in ferrowasm.h).
pub const WASM_EXTERN_TAG: u8 = 4;

pub(crate) fn valkind(t: ValType) -> u8 {
    match t {
        ValType::I32 => WASM_I32,
        ValType::I64 => WASM_I64,
        ValType::F32 => WASM_F32,
        ValType::F64 => WASM_F64,
        ValType::V128 => FERROWASM_V128,
        ValType::ExternRef => WASM_EXTERNREF,
        ValType::FuncRef => WASM_FUNCREF,
        ValType::ExnRef => FERROWASM_EXNREF,
    }
}

pub(crate) fn valtype_of_kind(k: u8) -> Option<ValType> {
    Some(match k {
        WASM_I32 => ValType::I32,
        WASM_I64 => ValType::I64,
        WASM_F32 => ValType::F32,
        WASM_F64 => ValType::F64,
        FERROWASM_V128 => ValType::V128,
        WASM_EXTERNREF => ValType::ExternRef,
        WASM_FUNCREF => ValType::FuncRef,
        FERROWASM_EXNREF => ValType::ExnRef,
        _ => return None,
    })
}

#[derive(Clone)]
pub struct wasm_valtype_t {
    pub(crate) ty: ValType,
}

impl wasm_valtype_t {
    pub(crate) fn boxed(ty: ValType) -> Box<wasm_valtype_t> {
        Box::new(wasm_valtype_t { ty })
    }
}

#[no_mangle]
pub extern "C" fn wasm_valtype_new(kind: u8) -> Option<Box<wasm_valtype_t>> {
    match valtype_of_kind(kind) {
        Some(ty) => Some(wasm_valtype_t::boxed(ty)),
        None => {
            set_last_error(format!("wasm_valtype_new: unknown value kind {kind}"));
            None
        }
    }
}

#[no_mangle]
pub extern "C" fn wasm_valtype_kind(t: Option<&wasm_valtype_t>) -> u8 {
    t.map_or(WASM_I32, |t| valkind(t.ty))
}

#[no_mangle]
pub extern "C" fn wasm_valtype_delete(_t: Option<Box<wasm_valtype_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_valtype_copy(t: Option<&wasm_valtype_t>) -> Option<Box<wasm_valtype_t>> {
    t.map(|t| Box::new(t.clone()))
}

// ---- extern types and their kinds ------------------------------------------

#[derive(Clone)]
pub(crate) struct CFuncType {
    params: OwnedVec<Option<Box<wasm_valtype_t>>>,
    results: OwnedVec<Option<Box<wasm_valtype_t>>>,
    pub(crate) ty: FuncType,
}

#[derive(Clone)]
pub(crate) struct CGlobalType {
    content: Box<wasm_valtype_t>,
    pub(crate) ty: GlobalType,
}

#[derive(Clone)]
pub(crate) struct CTableType {
    element: Box<wasm_valtype_t>,
    limits: wasm_limits_t,
    pub(crate) ty: TableType,
}

#[derive(Clone)]
pub(crate) struct CMemoryType {
    limits: wasm_limits_t,
    pub(crate) ty: MemoryType,
}

#[derive(Clone)]
pub(crate) enum CExternType {
    Func(CFuncType),
    Global(CGlobalType),
    Table(CTableType),
    Memory(CMemoryType),
    Tag(CTagType),
}

/// A tag type: the values its exceptions carry.
#[derive(Clone)]
pub(crate) struct CTagType {
    params: OwnedVec<Option<Box<wasm_valtype_t>>>,
    pub(crate) ty: TagType,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct wasm_limits_t {
    pub min: u32,
    pub max: u32,
}

impl wasm_limits_t {
    /// Limits beyond 32 bits (memory64, table64) saturate at
    /// `UINT32_MAX` (for the maximum: `wasm_limits_max_default`, no
    /// maximum); `ferrowasm_memorytype_limits64` has them whole.
    fn from_limits(l: Limits) -> Self {
        wasm_limits_t {
            min: saturate_u32(l.min),
            max: l.max.map_or(u32::MAX, saturate_u32),
        }
    }
    fn to_limits(self) -> Limits {
        Limits::new(
            self.min as u64,
            (self.max != u32::MAX).then_some(self.max as u64),
        )
    }
}

fn valtype_vec(ts: &[ValType]) -> OwnedVec<Option<Box<wasm_valtype_t>>> {
    OwnedVec::new(ts.iter().map(|&t| Some(wasm_valtype_t::boxed(t))).collect())
}

#[derive(Clone)]
pub struct wasm_externtype_t {
    pub(crate) which: CExternType,
}

impl wasm_externtype_t {
    pub(crate) fn new(ty: &ExternType) -> wasm_externtype_t {
        let which = match ty {
            ExternType::Func(f) => CExternType::Func(CFuncType {
                params: valtype_vec(f.params()),
                results: valtype_vec(f.results()),
                ty: f.clone(),
            }),
            ExternType::Global(g) => CExternType::Global(CGlobalType {
                content: wasm_valtype_t::boxed(g.content),
                ty: *g,
            }),
            ExternType::Table(t) => CExternType::Table(CTableType {
                element: wasm_valtype_t::boxed(t.element),
                limits: wasm_limits_t::from_limits(t.limits),
                ty: *t,
            }),
            ExternType::Memory(m) => CExternType::Memory(CMemoryType {
                limits: wasm_limits_t::from_limits(m.limits),
                ty: *m,
            }),
            ExternType::Tag(t) => CExternType::Tag(CTagType {
                params: valtype_vec(t.params()),
                ty: t.clone(),
            }),
        };
        wasm_externtype_t { which }
    }
}

/// Declares a specific type wrapping `wasm_externtype_t`, with its delete,
/// copy, vector and conversion functions.
macro_rules! subtype {
    ($t:ident, $variant:ident, $delete:ident, $copy:ident,
     $as_ext:ident, $as_ext_const:ident, $from_ext:ident, $from_ext_const:ident) => {
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $t {
            pub(crate) ext: wasm_externtype_t,
        }

        impl $t {
            pub(crate) fn check(e: &wasm_externtype_t) -> bool {
                matches!(e.which, CExternType::$variant(_))
            }
            #[allow(dead_code)]
            pub(crate) fn boxed(ty: &ExternType) -> Box<$t> {
                Box::new($t {
                    ext: wasm_externtype_t::new(ty),
                })
            }
        }

        #[no_mangle]
        pub extern "C" fn $delete(_t: Option<Box<$t>>) {}

        #[no_mangle]
        pub extern "C" fn $copy(t: Option<&$t>) -> Option<Box<$t>> {
            t.map(|t| Box::new(t.clone()))
        }

        #[no_mangle]
        pub extern "C" fn $as_ext(t: Option<&mut $t>) -> Option<&mut wasm_externtype_t> {
            t.map(|t| &mut t.ext)
        }

        #[no_mangle]
        pub extern "C" fn $as_ext_const(t: Option<&$t>) -> Option<&wasm_externtype_t> {
            t.map(|t| &t.ext)
        }

        #[no_mangle]
        pub extern "C" fn $from_ext(e: Option<&mut wasm_externtype_t>) -> Option<&mut $t> {
            let e = e?;
            if !$t::check(e) {
                return None;
            }
            // SAFETY: `$t` is a transparent wrapper of wasm_externtype_t.
            Some(unsafe { &mut *(e as *mut wasm_externtype_t as *mut $t) })
        }

        #[no_mangle]
        pub extern "C" fn $from_ext_const(e: Option<&wasm_externtype_t>) -> Option<&$t> {
            let e = e?;
            if !$t::check(e) {
                return None;
            }
            // SAFETY: `$t` is a transparent wrapper of wasm_externtype_t.
            Some(unsafe { &*(e as *const wasm_externtype_t as *const $t) })
        }
    };
}

subtype!(
    wasm_functype_t,
    Func,
    wasm_functype_delete,
    wasm_functype_copy,
    wasm_functype_as_externtype,
    wasm_functype_as_externtype_const,
    wasm_externtype_as_functype,
    wasm_externtype_as_functype_const
);
subtype!(
    wasm_globaltype_t,
    Global,
    wasm_globaltype_delete,
    wasm_globaltype_copy,
    wasm_globaltype_as_externtype,
    wasm_globaltype_as_externtype_const,
    wasm_externtype_as_globaltype,
    wasm_externtype_as_globaltype_const
);
subtype!(
    wasm_tabletype_t,
    Table,
    wasm_tabletype_delete,
    wasm_tabletype_copy,
    wasm_tabletype_as_externtype,
    wasm_tabletype_as_externtype_const,
    wasm_externtype_as_tabletype,
    wasm_externtype_as_tabletype_const
);
subtype!(
    wasm_tagtype_t,
    Tag,
    wasm_tagtype_delete,
    wasm_tagtype_copy,
    wasm_tagtype_as_externtype,
    wasm_tagtype_as_externtype_const,
    wasm_externtype_as_tagtype,
    wasm_externtype_as_tagtype_const
);
subtype!(
    wasm_memorytype_t,
    Memory,
    wasm_memorytype_delete,
    wasm_memorytype_copy,
    wasm_memorytype_as_externtype,
    wasm_memorytype_as_externtype_const,
    wasm_externtype_as_memorytype,
    wasm_externtype_as_memorytype_const
);

impl wasm_functype_t {
    /// The function type (None only for a forged pointer of another kind).
    pub(crate) fn inner(&self) -> Option<&CFuncType> {
        match &self.ext.which {
            CExternType::Func(f) => Some(f),
            _ => None,
        }
    }
    pub(crate) fn func_type(&self) -> Option<&FuncType> {
        self.inner().map(|f| &f.ty)
    }
}

impl wasm_globaltype_t {
    pub(crate) fn inner(&self) -> Option<&CGlobalType> {
        match &self.ext.which {
            CExternType::Global(g) => Some(g),
            _ => None,
        }
    }
}

impl wasm_tabletype_t {
    pub(crate) fn inner(&self) -> Option<&CTableType> {
        match &self.ext.which {
            CExternType::Table(t) => Some(t),
            _ => None,
        }
    }
}

impl wasm_memorytype_t {
    pub(crate) fn inner(&self) -> Option<&CMemoryType> {
        match &self.ext.which {
            CExternType::Memory(m) => Some(m),
            _ => None,
        }
    }
}

impl wasm_tagtype_t {
    pub(crate) fn inner(&self) -> Option<&CTagType> {
        match &self.ext.which {
            CExternType::Tag(t) => Some(t),
            _ => None,
        }
    }
}

// ---- function types ---------------------------------------------------------

/// Take the value types out of an owned vector (NULL entries are errors).
fn take_valtypes(v: Option<&mut wasm_valtype_vec_t>) -> Result<Vec<ValType>, String> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    // SAFETY: an `own wasm_valtype_vec_t*` was allocated by this library.
    let elems = unsafe { v.take() };
    elems
        .into_iter()
        .map(|t| t.map(|t| t.ty).ok_or_else(|| "NULL value type".to_string()))
        .collect()
}

#[no_mangle]
pub extern "C" fn wasm_functype_new(
    params: Option<&mut wasm_valtype_vec_t>,
    results: Option<&mut wasm_valtype_vec_t>,
) -> Option<Box<wasm_functype_t>> {
    guard(None, || {
        let p = take_valtypes(params);
        let r = take_valtypes(results);
        match (p, r) {
            (Ok(p), Ok(r)) => Some(wasm_functype_t::boxed(&ExternType::Func(FuncType::new(
                p, r,
            )))),
            (Err(e), _) | (_, Err(e)) => {
                set_last_error(format!("wasm_functype_new: {e}"));
                None
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_functype_params(t: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    t.and_then(|t| t.inner())
        .map_or(std::ptr::null(), |f| &f.params.0)
}

#[no_mangle]
pub extern "C" fn wasm_functype_results(t: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    t.and_then(|t| t.inner())
        .map_or(std::ptr::null(), |f| &f.results.0)
}

// ---- tag types --------------------------------------------------------------

/// A tag type whose exceptions carry values of `params` (taken).
#[no_mangle]
pub extern "C" fn wasm_tagtype_new(
    params: Option<&mut wasm_valtype_vec_t>,
) -> Option<Box<wasm_tagtype_t>> {
    guard(None, || match take_valtypes(params) {
        Ok(p) => Some(wasm_tagtype_t::boxed(&ExternType::Tag(TagType::new(p)))),
        Err(e) => {
            set_last_error(format!("wasm_tagtype_new: {e}"));
            None
        }
    })
}

#[no_mangle]
pub extern "C" fn wasm_tagtype_params(t: Option<&wasm_tagtype_t>) -> *const wasm_valtype_vec_t {
    t.and_then(|t| t.inner())
        .map_or(std::ptr::null(), |t| &t.params.0)
}

// ---- global types -----------------------------------------------------------

#[no_mangle]
pub extern "C" fn wasm_globaltype_new(
    content: Option<Box<wasm_valtype_t>>,
    mutability: u8,
) -> Option<Box<wasm_globaltype_t>> {
    let content = content?.ty;
    let m = match mutability {
        WASM_CONST => Mutability::Const,
        WASM_VAR => Mutability::Var,
        other => {
            set_last_error(format!("wasm_globaltype_new: unknown mutability {other}"));
            return None;
        }
    };
    guard(None, || {
        Some(wasm_globaltype_t::boxed(&ExternType::Global(
            GlobalType::new(content, m),
        )))
    })
}

#[no_mangle]
pub extern "C" fn wasm_globaltype_content(
    t: Option<&wasm_globaltype_t>,
) -> Option<&wasm_valtype_t> {
    t.and_then(|t| t.inner()).map(|g| &*g.content)
}

#[no_mangle]
pub extern "C" fn wasm_globaltype_mutability(t: Option<&wasm_globaltype_t>) -> u8 {
    match t.and_then(|t| t.inner()).map(|g| g.ty.mutability) {
        Some(Mutability::Var) => WASM_VAR,
        _ => WASM_CONST,
    }
}

// ---- table types ------------------------------------------------------------

#[no_mangle]
pub extern "C" fn wasm_tabletype_new(
    element: Option<Box<wasm_valtype_t>>,
    limits: Option<&wasm_limits_t>,
) -> Option<Box<wasm_tabletype_t>> {
    let element = element?.ty;
    let limits = *limits?;
    if !element.is_ref() {
        set_last_error("wasm_tabletype_new: a table holds references");
        return None;
    }
    guard(None, || {
        Some(wasm_tabletype_t::boxed(&ExternType::Table(TableType::new(
            element,
            limits.to_limits(),
        ))))
    })
}

#[no_mangle]
pub extern "C" fn wasm_tabletype_element(t: Option<&wasm_tabletype_t>) -> Option<&wasm_valtype_t> {
    t.and_then(|t| t.inner()).map(|x| &*x.element)
}

#[no_mangle]
pub extern "C" fn wasm_tabletype_limits(t: Option<&wasm_tabletype_t>) -> Option<&wasm_limits_t> {
    t.and_then(|t| t.inner()).map(|x| &x.limits)
}

// ---- memory types -----------------------------------------------------------

#[no_mangle]
pub extern "C" fn wasm_memorytype_new(
    limits: Option<&wasm_limits_t>,
) -> Option<Box<wasm_memorytype_t>> {
    let limits = *limits?;
    guard(None, || {
        Some(wasm_memorytype_t::boxed(&ExternType::Memory(
            MemoryType::new(limits.to_limits()),
        )))
    })
}

#[no_mangle]
pub extern "C" fn wasm_memorytype_limits(t: Option<&wasm_memorytype_t>) -> Option<&wasm_limits_t> {
    t.and_then(|t| t.inner()).map(|x| &x.limits)
}

// ---- extern types -----------------------------------------------------------

#[no_mangle]
pub extern "C" fn wasm_externtype_delete(_t: Option<Box<wasm_externtype_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_externtype_copy(
    t: Option<&wasm_externtype_t>,
) -> Option<Box<wasm_externtype_t>> {
    t.map(|t| Box::new(t.clone()))
}

#[no_mangle]
pub extern "C" fn wasm_externtype_kind(t: Option<&wasm_externtype_t>) -> u8 {
    match t.map(|t| &t.which) {
        Some(CExternType::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(CExternType::Table(_)) => WASM_EXTERN_TABLE,
        Some(CExternType::Memory(_)) => WASM_EXTERN_MEMORY,
        Some(CExternType::Tag(_)) => WASM_EXTERN_TAG,
        _ => WASM_EXTERN_FUNC,
    }
}

// ---- import and export types ----------------------------------------------

#[derive(Clone)]
pub struct wasm_importtype_t {
    module: OwnedVec<u8>,
    name: OwnedVec<u8>,
    ty: Box<wasm_externtype_t>,
}

impl wasm_importtype_t {
    pub(crate) fn new(i: &ImportType) -> wasm_importtype_t {
        wasm_importtype_t {
            module: OwnedVec(byte_vec(i.module.as_bytes())),
            name: OwnedVec(byte_vec(i.name.as_bytes())),
            ty: Box::new(wasm_externtype_t::new(&i.ty)),
        }
    }
}

#[derive(Clone)]
pub struct wasm_exporttype_t {
    name: OwnedVec<u8>,
    ty: Box<wasm_externtype_t>,
}

impl wasm_exporttype_t {
    pub(crate) fn new(e: &ExportType) -> wasm_exporttype_t {
        wasm_exporttype_t {
            name: OwnedVec(byte_vec(e.name.as_bytes())),
            ty: Box::new(wasm_externtype_t::new(&e.ty)),
        }
    }
}

/// Take an owned name vector (allocated by this library).
fn take_name(n: Option<&mut wasm_name_t>) -> OwnedVec<u8> {
    match n {
        // SAFETY: an `own wasm_name_t*` was allocated by this library.
        Some(n) => OwnedVec::new(unsafe { n.take() }),
        None => OwnedVec(CVec::empty_filled()),
    }
}

#[no_mangle]
pub extern "C" fn wasm_importtype_new(
    module: Option<&mut wasm_name_t>,
    name: Option<&mut wasm_name_t>,
    ty: Option<Box<wasm_externtype_t>>,
) -> Option<Box<wasm_importtype_t>> {
    guard(None, || {
        let module = take_name(module);
        let name = take_name(name);
        Some(Box::new(wasm_importtype_t {
            module,
            name,
            ty: ty?,
        }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_importtype_delete(_t: Option<Box<wasm_importtype_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_importtype_copy(
    t: Option<&wasm_importtype_t>,
) -> Option<Box<wasm_importtype_t>> {
    guard(None, || t.map(|t| Box::new(t.clone())))
}

#[no_mangle]
pub extern "C" fn wasm_importtype_module(t: Option<&wasm_importtype_t>) -> *const wasm_name_t {
    t.map_or(std::ptr::null(), |t| &t.module.0)
}

#[no_mangle]
pub extern "C" fn wasm_importtype_name(t: Option<&wasm_importtype_t>) -> *const wasm_name_t {
    t.map_or(std::ptr::null(), |t| &t.name.0)
}

#[no_mangle]
pub extern "C" fn wasm_importtype_type(
    t: Option<&wasm_importtype_t>,
) -> Option<&wasm_externtype_t> {
    t.map(|t| &*t.ty)
}

#[no_mangle]
pub extern "C" fn wasm_exporttype_new(
    name: Option<&mut wasm_name_t>,
    ty: Option<Box<wasm_externtype_t>>,
) -> Option<Box<wasm_exporttype_t>> {
    guard(None, || {
        let name = take_name(name);
        Some(Box::new(wasm_exporttype_t { name, ty: ty? }))
    })
}

#[no_mangle]
pub extern "C" fn wasm_exporttype_delete(_t: Option<Box<wasm_exporttype_t>>) {}

#[no_mangle]
pub extern "C" fn wasm_exporttype_copy(
    t: Option<&wasm_exporttype_t>,
) -> Option<Box<wasm_exporttype_t>> {
    guard(None, || t.map(|t| Box::new(t.clone())))
}

#[no_mangle]
pub extern "C" fn wasm_exporttype_name(t: Option<&wasm_exporttype_t>) -> *const wasm_name_t {
    t.map_or(std::ptr::null(), |t| &t.name.0)
}

#[no_mangle]
pub extern "C" fn wasm_exporttype_type(
    t: Option<&wasm_exporttype_t>,
) -> Option<&wasm_externtype_t> {
    t.map(|t| &*t.ty)
}
