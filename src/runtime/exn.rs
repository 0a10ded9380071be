//! Exception handling: tags and exception objects.
//!
//! A [`Tag`] is a store object like a function or a global: instances
//! define, import and export tags, and an exception matches a `catch`
//! clause when its tag is the same store object (not merely of the same
//! type). An exception object (what `throw` makes) lives in the store's
//! exception arena; an `exnref` cell is its index + 1, 0 being null.
//!
//! Objects are freed without a garbage collector in the common cases:
//! - a `catch` / `catch_all` clause that does not keep a reference frees
//!   the object it caught, unless a reference to it was ever handed out
//!   (`catch_ref`, `catch_all_ref`, a legacy `catch` that was rethrown:
//!   the object is then "escaped");
//! - a legacy `catch` body that ends normally frees its object unless it
//!   escaped;
//! - at the end of a call from the host, when many objects are live, the
//!   ones no global, table or host value can reach are swept (no wasm
//!   frame is live then, so the roots are exactly those).
//!
//! An exception that leaves wasm for the host becomes a trap
//! (`TrapCode::Exception`) that can no longer be caught: a host function
//! is never unwound through by accident.

use super::store::Store;
use super::types::{TagType, ValType};

/// A handle to a tag in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

pub(crate) struct TagEntity {
    /// Canonical id of the tag's signature (engine registry).
    pub type_id: u32,
    pub ty: TagType,
}

impl Tag {
    /// A new tag of type `ty` (to be imported by modules, or thrown and
    /// caught by them).
    pub fn new(store: &mut Store, ty: TagType) -> Tag {
        let type_id = store.engine.intern_type(ty.func_type());
        store.tags.push(TagEntity { type_id, ty });
        Tag {
            store: store.id,
            index: (store.tags.len() - 1) as u32,
        }
    }

    pub fn ty(&self, store: &Store) -> TagType {
        store.check(self.store, "tag");
        store.tags[self.index as usize].ty.clone()
    }

    /// Whether two handles name the same tag.
    pub fn same(a: &Tag, b: &Tag) -> bool {
        a == b
    }
}

/// A reference to an exception object, held by the host (an `exnref`
/// value a wasm function returned or passed to a host function).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl ExnRef {
    /// The exception's tag.
    pub fn tag(&self, store: &Store) -> Tag {
        store.check(self.store, "exnref");
        Tag {
            store: self.store,
            index: store.exns.get(self.index).tag,
        }
    }

    pub(crate) fn to_cell(self) -> u64 {
        self.index as u64 + 1
    }
}

/// A thrown exception: its tag (store index) and the cells of its values.
pub(crate) struct ExnObject {
    pub tag: u32,
    pub payload: Box<[u64]>,
    /// A reference to it was handed to wasm code or the host: only a sweep
    /// may free it.
    pub escaped: bool,
    /// The host holds a reference (`Val::ExnRef`): never swept.
    pub pinned: bool,
}

/// The store's exception arena.
#[derive(Default)]
pub(crate) struct Exceptions {
    objs: Vec<Option<ExnObject>>,
    free: Vec<u32>,
    live: usize,
}

/// Live objects above which the end of a call from the host sweeps.
const SWEEP_AT: usize = 4096;

impl Exceptions {
    /// A new exception object; its index.
    pub fn alloc(&mut self, tag: u32, payload: Box<[u64]>) -> u32 {
        let obj = ExnObject {
            tag,
            payload,
            escaped: false,
            pinned: false,
        };
        self.live += 1;
        match self.free.pop() {
            Some(i) => {
                self.objs[i as usize] = Some(obj);
                i
            }
            None => {
                self.objs.push(Some(obj));
                (self.objs.len() - 1) as u32
            }
        }
    }

    /// The object at `index` (a live one: the cells wasm holds name live
    /// objects).
    pub fn get(&self, index: u32) -> &ExnObject {
        self.objs[index as usize]
            .as_ref()
            .expect("an exnref names a live exception object")
    }

    pub fn get_mut(&mut self, index: u32) -> &mut ExnObject {
        self.objs[index as usize]
            .as_mut()
            .expect("an exnref names a live exception object")
    }

    /// Free `index` unless a reference to it escaped.
    pub fn release(&mut self, index: u32) {
        let o = self.get(index);
        if !o.escaped && !o.pinned {
            self.objs[index as usize] = None;
            self.free.push(index);
            self.live -= 1;
        }
    }

    pub fn live(&self) -> usize {
        self.live
    }
}

impl Store {
    /// How many exception objects are alive (for tests of the freeing
    /// rules above).
    #[doc(hidden)]
    pub fn live_exceptions(&self) -> usize {
        self.exns.live()
    }

    /// Trap `t` carries exception `exn` out of wasm to the host: it becomes
    /// a trap that no handler can catch, whose message names the tag (by
    /// an export name when an instance exports it).
    pub(crate) fn uncaught(&mut self, t: super::trap::Trap, exn: u32) -> super::trap::Trap {
        let tag = self.exns.get(exn).tag;
        let name = self.instances.iter().find_map(|inst| {
            let m = &inst.module.inner;
            m.exports.iter().find_map(|e| {
                (e.kind == super::module::ExternKind::Tag
                    && inst.tags.get(e.index as usize) == Some(&tag))
                .then(|| e.name.clone())
            })
        });
        self.exns.release(exn);
        let message = match name {
            Some(n) => format!("uncaught wasm exception (tag \"{n}\")"),
            None => format!("uncaught wasm exception (tag {tag})"),
        };
        t.into_uncaught(message)
    }

    /// The host now holds a reference to exception `index`.
    pub(crate) fn pin_exception(&mut self, index: u32) {
        self.exns.get_mut(index).pinned = true;
    }

    /// At the end of a call from the host (no wasm frame is live): free the
    /// exception objects that no global, table or host value reaches, if
    /// there are many.
    pub(crate) fn sweep_exceptions(&mut self) {
        if self.exns.live() < SWEEP_AT {
            return;
        }
        let mut marked = vec![false; self.exns.objs.len()];
        let mut mark = |cell: u64| {
            if cell != 0 {
                if let Some(m) = marked.get_mut(cell as usize - 1) {
                    *m = true;
                }
            }
        };
        for g in &self.globals {
            if g.ty.content == ValType::ExnRef {
                mark(g.value[0]);
            }
        }
        for t in &self.tables {
            if t.ty.element == ValType::ExnRef {
                t.elems.iter().for_each(|&c| mark(c));
            }
        }
        let ex = &mut self.exns;
        for (i, slot) in ex.objs.iter_mut().enumerate() {
            if let Some(o) = slot {
                if !o.pinned && !marked[i] {
                    *slot = None;
                    ex.free.push(i as u32);
                    ex.live -= 1;
                }
            }
        }
    }
}
