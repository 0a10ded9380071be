//! Values: the typed [`Val`] of the public API and the untyped 64-bit cells
//! of the one calling convention.
//!
//! Cell encoding: i32/f32 in the low 32 bits (high bits not read), i64/f64
//! in all 64; references are 0 for null, else the store arena index + 1.
//! A `v128` takes two consecutive cells, the low 64 bits (lanes 0..) first,
//! so that the 16 bytes of the two cells are the vector's little-endian
//! bytes, as in linear memory. Values of a signature are laid out one after
//! another (`types::cell_offsets`); a global holds two cells.

use super::store::Store;
use super::types::ValType;
use std::any::Any;

/// A reference to a host value, owned by a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl ExternRef {
    pub fn new(store: &mut Store, data: impl Any + Send + Sync) -> ExternRef {
        let index = store.alloc_extern(Box::new(data));
        ExternRef {
            store: store.id,
            index,
        }
    }

    /// The host value this reference carries.
    pub fn data<'a>(&self, store: &'a Store) -> &'a (dyn Any + Send + Sync) {
        store.check(self.store, "externref");
        &*store.externs[self.index as usize]
    }

    pub(crate) fn to_cell(self) -> u64 {
        self.index as u64 + 1
    }
}

/// A WebAssembly value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    I32(i32),
    I64(i64),
    /// Bits of an f32 (kept as bits so NaN payloads survive).
    F32(u32),
    /// Bits of an f64.
    F64(u64),
    /// A 128-bit vector, as the little-endian number of its 16 bytes
    /// (byte 0 of the vector is the lowest byte).
    V128(u128),
    FuncRef(Option<super::func::Func>),
    ExternRef(Option<ExternRef>),
    ExnRef(Option<super::exn::ExnRef>),
}

impl Val {
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
            Val::ExnRef(_) => ValType::ExnRef,
        }
    }

    /// The zero value (or null) of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
            ValType::ExnRef => Val::ExnRef(None),
        }
    }

    pub fn f32(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
    pub fn f64(v: f64) -> Val {
        Val::F64(v.to_bits())
    }

    /// Whether a reference value belongs to `store` (numbers always do).
    pub(crate) fn belongs_to(&self, store: &Store) -> bool {
        match self {
            Val::FuncRef(Some(f)) => f.store == store.id,
            Val::ExternRef(Some(e)) => e.store == store.id,
            Val::ExnRef(Some(e)) => e.store == store.id,
            _ => true,
        }
    }

    /// The value as one cell (for a `v128`, its low half: use `to_cells`
    /// where a vector may occur). The caller has checked `belongs_to`.
    pub(crate) fn to_cell(self) -> u64 {
        match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::V128(v) => v as u64,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => 0,
            Val::FuncRef(Some(f)) => f.index as u64 + 1,
            Val::ExternRef(Some(e)) => e.to_cell(),
            Val::ExnRef(Some(e)) => e.to_cell(),
        }
    }

    /// Write the value's `ty().cells()` cells to the front of `out`.
    pub(crate) fn write_cells(self, out: &mut [u64]) {
        match self {
            Val::V128(v) => {
                out[0] = v as u64;
                out[1] = (v >> 64) as u64;
            }
            v => out[0] = v.to_cell(),
        }
    }

    /// The value of type `ty` in the front cells of `cells`.
    pub(crate) fn from_cells(cells: &[u64], ty: ValType, store: u64) -> Val {
        match ty {
            ValType::V128 => Val::V128(cells[0] as u128 | (cells[1] as u128) << 64),
            t => Val::from_cell(cells[0], t, store),
        }
    }

    /// The value of a one-cell type `ty` (not `v128`) in `cell`.
    pub(crate) fn from_cell(cell: u64, ty: ValType, store: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(cell as u32 as i32),
            ValType::I64 => Val::I64(cell as i64),
            ValType::F32 => Val::F32(cell as u32),
            ValType::F64 => Val::F64(cell),
            ValType::V128 => Val::V128(cell as u128),
            ValType::FuncRef => Val::FuncRef((cell != 0).then(|| super::func::Func {
                store,
                index: (cell - 1) as u32,
            })),
            // Lazily: `cell - 1` overflows for null.
            ValType::ExternRef => Val::ExternRef((cell != 0).then(|| ExternRef {
                store,
                index: (cell - 1) as u32,
            })),
            ValType::ExnRef => Val::ExnRef((cell != 0).then(|| super::exn::ExnRef {
                store,
                index: (cell - 1) as u32,
            })),
        }
    }

    /// The host now holds this value: an exception it references is never
    /// swept (`exn`).
    pub(crate) fn pin(&self, store: &mut Store) {
        if let Val::ExnRef(Some(e)) = self {
            store.pin_exception(e.index);
        }
    }

    pub fn unwrap_i32(&self) -> i32 {
        match self {
            Val::I32(v) => *v,
            _ => panic!("expected i32, found {:?}", self.ty()),
        }
    }
}
