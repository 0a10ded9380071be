//! The executor: a loop over translated code with frames on a heap stack.
//!
//! A wasm-to-wasm call pushes a `Frame` record and moves the frame pointer
//! up the value stack; it never recurses on the native stack, so deep wasm
//! recursion ends in the trap "call stack exhausted", not a crash. Callees
//! that run in another tier (host functions, compiled code) are called
//! through `runtime::call`; if they call back into wasm, that call gets its
//! own value stack (and the entry checks the native stack).
//!
//! Unsafe code here relies on the translator's invariants (see
//! `translate.rs`): slots named by an instruction lie inside its frame, the
//! frame lies inside the value stack (checked at every call), branch targets
//! are inside the function, and the store outlives the run.

// The executor indexes arenas through raw pointers to the store and
// instances; each such access creates a short-lived reference to an object
// the store owns and nobody else touches during the access.
#![allow(dangerous_implicit_autorefs)]

use super::exec_support::*;
use super::isa::*;
use super::translate::CompiledFunc;
use super::InterpCode;
use crate::runtime::func::FuncKind;
use crate::runtime::instance::{Instance, InstanceEntity, VMRuntime};
use crate::runtime::store::Store;
use crate::runtime::tier::ModuleCode;
use crate::runtime::trap::{FrameInfo, Trap, TrapCode};
use crate::runtime::Config;
use crate::runtime::{bulk, call, num, simd};
use std::ptr;
use std::sync::atomic::Ordering;

/// A saved caller frame.
#[derive(Clone, Copy)]
struct Frame {
    /// Where to continue in the caller.
    ip: *const Op,
    fp: *mut u64,
    code: *const CompiledFunc,
    inst: *mut InstanceEntity,
    inst_index: u32,
    def: u32,
}

/// The value stack and frame records of one call from the host.
pub(crate) struct ExecStack {
    cells: super::cells::Cells,
    frames: Vec<Frame>,
    max_depth: usize,
}

// SAFETY: a cached stack holds no frames (they are cleared before it is
// cached), and while a call runs, its frames point into the store that owns
// the stack and moves with it; a store is used by one thread at a time.
unsafe impl Send for ExecStack {}

impl ExecStack {
    fn new(config: &Config, stack_bytes: usize) -> Result<ExecStack, Trap> {
        let cells = super::cells::Cells::new(stack_bytes / 8)
            .ok_or_else(|| Trap::host("out of memory for the interpreter's value stack"))?;
        Ok(ExecStack {
            cells,
            frames: Vec::new(),
            max_depth: config.max_call_depth,
        })
    }
}

/// Run defined function `def` of instance `inst_index` (whose module's
/// interpreter code is `icode`) on `cells`, on a value stack of the store's.
///
/// # Safety
/// As `TierCode::call`.
pub(super) unsafe fn enter(
    store: &mut Store,
    icode: &InterpCode,
    inst_index: u32,
    def: u32,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let mcode: *const ModuleCode = &store.instances[inst_index as usize].module.inner.code;
    // SAFETY: the module outlives the call (see `TierCode::call`).
    unsafe {
        if wants_heat(mcode) {
            note_heat(store, mcode, inst_index, def, 1);
        }
    }
    let config = store.engine.config();
    let mut stack = match store.scratch.pop().map(|b| b.downcast::<ExecStack>()) {
        Some(Ok(s)) => s,
        Some(Err(other)) => {
            store.scratch.push(other);
            Box::new(ExecStack::new(config, store.max_stack_bytes)?)
        }
        None => Box::new(ExecStack::new(config, store.max_stack_bytes)?),
    };
    let r = run(store, &mut stack, icode, inst_index, def, cells);
    stack.frames.clear();
    if store.scratch.len() < 4 && stack.cells.capacity() == store.max_stack_bytes / 8 {
        store.scratch.push(stack);
    }
    r
}

/// A frame would end at `top`, past `*end` (the initialised cells): make
/// the cells up to it ready and move `*end`; false if the stack has no
/// room (a stack overflow).
///
/// # Safety
/// `top` points into or past `cells`' block, at or above its base.
#[cold]
unsafe fn deepen(cells: &mut super::cells::Cells, top: *mut u64, end: &mut *mut u64) -> bool {
    // SAFETY: the caller's contract: both pointers derive from the block.
    let need = unsafe { top.offset_from(cells.base()) } as usize;
    if !cells.ensure(need) {
        return false;
    }
    *end = cells.ready_end();
    true
}

/// The frame information of one wasm frame.
fn frame_info(
    store: &Store,
    inst_index: u32,
    def: u32,
    code: &CompiledFunc,
    ip_index: usize,
) -> FrameInfo {
    let inst = &store.instances[inst_index as usize];
    let m = &inst.module.inner;
    let module_offset = code
        .offsets
        .get(ip_index)
        .copied()
        .unwrap_or(code.body_offset) as usize;
    let func_index = m.num_imported_funcs + def;
    FrameInfo {
        instance: inst_index,
        func_index,
        func_offset: module_offset - code.body_offset as usize,
        module_offset,
        func_name: m.func_names.get(&func_index).cloned(),
        module_name: m.name.clone(),
    }
}

/// State of the run at the moment of a trap, to build the backtrace.
struct TrapSite {
    ip: *const Op,
    code: *const CompiledFunc,
    inst_index: u32,
    def: u32,
}

fn backtrace(store: &Store, stack: &ExecStack, site: &TrapSite) -> Vec<FrameInfo> {
    let mut out = Vec::with_capacity(stack.frames.len() + 1);
    // SAFETY: `site.code` and the frames' `code` point into modules the store
    // keeps alive; `ip` points one past the instruction that trapped (or
    // called), inside that function's code.
    unsafe {
        let code = &*site.code;
        let idx = site.ip.offset_from(code.ops.as_ptr()) as usize;
        out.push(frame_info(
            store,
            site.inst_index,
            site.def,
            code,
            idx.saturating_sub(1),
        ));
        for f in stack.frames.iter().rev() {
            let code = &*f.code;
            let idx = f.ip.offset_from(code.ops.as_ptr()) as usize;
            out.push(frame_info(
                store,
                f.inst_index,
                f.def,
                code,
                idx.saturating_sub(1),
            ));
        }
    }
    out
}

fn run(
    store: &mut Store,
    stack: &mut ExecStack,
    icode: &InterpCode,
    inst_index: u32,
    def: u32,
    cells: &mut [u64],
) -> Result<(), Trap> {
    let mut site = TrapSite {
        ip: ptr::null(),
        code: ptr::null(),
        inst_index,
        def,
    };
    // SAFETY: see the module documentation; `run_loop` is only entered with
    // a store function of kind Wasm and a cell buffer of the callee's size.
    let r = unsafe { run_loop(store, stack, icode, inst_index, def, cells, &mut site) };
    match r {
        Ok(()) => Ok(()),
        Err(Fault::Code(code)) => {
            let mut t = Trap::new(code);
            t.set_frames(backtrace(store, stack, &site));
            Err(t)
        }
        Err(Fault::Trap(mut t)) => {
            // A trap from a host function: append our frames to its own.
            let mut frames = t.frames().to_vec();
            frames.extend(backtrace(store, stack, &site));
            t.set_frames(frames);
            Err(t)
        }
    }
}

enum Fault {
    Code(TrapCode),
    Trap(Trap),
}

macro_rules! dispatch_chain {
    (@0 $ctx:tt) => { for_each_binop!(dispatch_chain @1 $ctx) };
    (@1 $ctx:tt $bin:tt) => { for_each_binop_trap!(dispatch_chain @2 $ctx $bin) };
    (@2 $ctx:tt $bin:tt $bint:tt) => { for_each_unop!(dispatch_chain @3 $ctx $bin $bint) };
    (@3 $ctx:tt $bin:tt $bint:tt $un:tt) => {
        for_each_unop_trap!(dispatch_chain @4 $ctx $bin $bint $un)
    };
    (@4 $ctx:tt $bin:tt $bint:tt $un:tt $unt:tt) => {
        for_each_load!(dispatch_chain @5 $ctx $bin $bint $un $unt)
    };
    (@5 $ctx:tt $bin:tt $bint:tt $un:tt $unt:tt $load:tt) => {
        for_each_store!(dispatch_chain @6 $ctx $bin $bint $un $unt $load)
    };
    (@6 $ctx:tt $bin:tt $bint:tt $un:tt $unt:tt $load:tt $store:tt) => {
        for_each_br_cmp!(dispatch_chain @7 $ctx $bin $bint $un $unt $load $store)
    };
    (@7 $ctx:tt $bin:tt $bint:tt $un:tt $unt:tt $load:tt $store:tt $brc:tt) => {
        for_each_simd!(dispatch_chain @8 $ctx $bin $bint $un $unt $load $store $brc)
    };
    (@8 { op: $op:ident, ip: $ip:ident, fp: $fp:ident, inst: $inst:ident, mem: ($mb:ident, $ml:ident),
          other: { $($other:tt)* } }
        [$($bin:ident $binf:ident),* $(,)?]
        [$($bint:ident $bintf:ident),* $(,)?]
        [$($un:ident $unf:ident),* $(,)?]
        [$($unt:ident $untf:ident),* $(,)?]
        [$($load:ident $loadm:ident $lt:ty [$conv:expr]),* $(,)?]
        [$($store:ident $storem:ident $st:ty),* $(,)?]
        [$($brc:ident $brc_cmp:ident $brc_inv:ident $brc_f:ident),* $(,)?]
        [$($vbin:ident $vbinf:ident),* $(,)?]
        [$($vun:ident $vunf:ident),* $(,)?]
        [$($vtern:ident $vternf:ident),* $(,)?]
        [$($vshift:ident $vshiftf:ident),* $(,)?]
        [$($vtest:ident $vtestf:ident),* $(,)?]
        [$($vsplat:ident $vsplatf:ident),* $(,)?]
        [$($vext:ident $vextf:ident),* $(,)?]
        [$($vrep:ident $vrepf:ident),* $(,)?]
        [$($vload:ident $vlt:ty [$vconv:expr]),* $(,)?]
        [$($vloadl:ident $vllt:ty [$vllf:ident]),* $(,)?]
        [$($vstorel:ident $vslt:ty [$vslf:ident]),* $(,)?]
    ) => {
        match $op {
            $($other)*
            $( Op::$bin { dst, a, b } => {
                *$fp.add(dst as usize) = num::$binf(*$fp.add(a as usize), *$fp.add(b as usize));
            } )*
            $( Op::$bint { dst, a, b } => {
                match num::$bintf(*$fp.add(a as usize), *$fp.add(b as usize)) {
                    Ok(v) => *$fp.add(dst as usize) = v,
                    Err(c) => trap!(c),
                }
            } )*
            $( Op::$un { dst, src } => {
                *$fp.add(dst as usize) = num::$unf(*$fp.add(src as usize));
            } )*
            $( Op::$unt { dst, src } => {
                match num::$untf(*$fp.add(src as usize)) {
                    Ok(v) => *$fp.add(dst as usize) = v,
                    Err(c) => trap!(c),
                }
            } )*
            $( Op::$load { dst, addr, offset } => {
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$lt>() as u64, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                let v = <$lt>::from_le(ptr::read_unaligned($mb.add(ea as usize) as *const $lt));
                *$fp.add(dst as usize) = ($conv)(v);
            } )*
            $( Op::$store { addr, value, offset } => {
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$st>() as u64, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                let v = *$fp.add(value as usize) as $st;
                ptr::write_unaligned($mb.add(ea as usize) as *mut $st, v.to_le());
            } )*
            // Memory N (its index in the following `Arg`): out of line, so
            // that the loop's code stays as it is for memory 0.
            $( Op::$loadm { .. } )|* | $( Op::$storem { .. } )|* => {
                // (The instruction by address: passing it by value would
                // keep every instruction in memory for the dispatch.)
                let at = $ip.sub(1);
                $ip = $ip.add(1);
                if access_memory_n($inst, $fp, at) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
            }
            $( Op::$brc { a, b, target } => {
                if num::$brc_f(*$fp.add(a as usize), *$fp.add(b as usize)) != 0 {
                    branch!(target);
                }
            } )*
            // ---- SIMD ----
            $( Op::$vbin { dst, a, b } => {
                wv($fp, dst, simd::$vbinf(rv($fp, a), rv($fp, b)));
            } )*
            $( Op::$vun { dst, src } => wv($fp, dst, simd::$vunf(rv($fp, src))), )*
            $( Op::$vtern { dst, a, b } => {
                let c = arg($ip);
                $ip = $ip.add(1);
                wv($fp, dst, simd::$vternf(rv($fp, a), rv($fp, b), rv($fp, c)));
            } )*
            $( Op::$vshift { dst, a, b } => {
                wv($fp, dst, simd::$vshiftf(rv($fp, a), *$fp.add(b as usize)));
            } )*
            $( Op::$vtest { dst, src } => *$fp.add(dst as usize) = simd::$vtestf(rv($fp, src)), )*
            $( Op::$vsplat { dst, src } => wv($fp, dst, simd::$vsplatf(*$fp.add(src as usize))), )*
            $( Op::$vext { dst, src, lane } => {
                *$fp.add(dst as usize) = simd::$vextf(rv($fp, src), lane);
            } )*
            $( Op::$vrep { dst, a, b, lane } => {
                wv($fp, dst, simd::$vrepf(rv($fp, a), lane, *$fp.add(b as usize)));
            } )*
            $( Op::$vload { dst, addr, offset } => {
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$vlt>() as u64, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                let v = <$vlt>::from_le(ptr::read_unaligned($mb.add(ea as usize) as *const $vlt));
                wv($fp, dst, ($vconv)(v));
            } )*
            $( Op::$vloadl { dst, addr, offset, lane } => {
                let v = arg($ip);
                $ip = $ip.add(1);
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$vllt>() as u64, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                let x = <$vllt>::from_le(ptr::read_unaligned($mb.add(ea as usize) as *const $vllt));
                wv($fp, dst, simd::$vllf(rv($fp, v), lane, x as u64));
            } )*
            $( Op::$vstorel { addr, value, offset, lane } => {
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$vslt>() as u64, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                let v = simd::$vslf(rv($fp, value), lane) as $vslt;
                ptr::write_unaligned($mb.add(ea as usize) as *mut $vslt, v.to_le());
            } )*
            Op::I8x16Shuffle { dst, a, b } => {
                let mask = arg($ip);
                $ip = $ip.add(1);
                wv($fp, dst, simd::i8x16_shuffle(rv($fp, a), rv($fp, b), rv($fp, mask)));
            }
            Op::V128Store { addr, value, offset } => {
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, 16, $ml) {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                ptr::write_unaligned($mb.add(ea as usize) as *mut u128, rv($fp, value).to_le());
            }
        }
    };
}

/// The loads and stores of memories other than 0, from the same lists.
macro_rules! memory_n_chain {
    (@0 $ctx:tt) => { for_each_load!(memory_n_chain @1 $ctx) };
    (@1 $ctx:tt $load:tt) => { for_each_store!(memory_n_chain @2 $ctx $load) };
    (@2 { op: $op:ident, fp: $fp:ident, inst: $inst:ident, mem: $mem:ident }
        [$($load:ident $loadm:ident $lt:ty [$conv:expr]),* $(,)?]
        [$($store:ident $storem:ident $st:ty),* $(,)?]
    ) => {{
        match $op {
            $( Op::$loadm { dst, addr, offset } => {
                let (mb, ml) = memory_n($inst, $mem);
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$lt>() as u64, ml) {
                    return true;
                }
                let v = <$lt>::from_le(ptr::read_unaligned(mb.add(ea as usize) as *const $lt));
                *$fp.add(dst as usize) = ($conv)(v);
            } )*
            $( Op::$storem { addr, value, offset } => {
                let (mb, ml) = memory_n($inst, $mem);
                let ea = (*$fp.add(addr as usize) as u32 as u64) + offset as u64;
                if !in_bounds(ea, std::mem::size_of::<$st>() as u64, ml) {
                    return true;
                }
                let v = *$fp.add(value as usize) as $st;
                ptr::write_unaligned(mb.add(ea as usize) as *mut $st, v.to_le());
            } )*
            _ => unreachable!("not a load or store of memory N: {:?}", $op),
        }
        false
    }};
}

/// Run the instruction at `at`, a load or store of a memory other than 0
/// (whose index is the following `Arg`); true when it is out of bounds
/// (the trap).
///
/// # Safety
/// As `vm_memory`; `fp` is the current frame, whose slots the instruction
/// names.
#[inline(never)]
unsafe fn access_memory_n(inst: *mut InstanceEntity, fp: *mut u64, at: *const Op) -> bool {
    // SAFETY: the function's contract: the memory's record is live, the
    // access is bounds-checked before it is made, the slots are the frame's;
    // the instruction and its operand are in the function's code.
    unsafe {
        let op = *at;
        let mem = match *at.add(1) {
            Op::Arg { slot } => slot,
            _ => unreachable!("a memory-N access without its memory"),
        };
        memory_n_chain!(@0 { op: op, fp: fp, inst: inst, mem: mem })
    }
}

/// The interpreter loop.
///
/// # Safety
/// `inst_index`/`def` name a wasm function of `store`; `cells` has at least
/// `max(params, results)` cells holding valid arguments.
// (`raise` may restore a caller's memory that `call_out` then reloads.)
#[allow(unused_assignments)]
#[inline(never)]
unsafe fn run_loop(
    store: &mut Store,
    stack: &mut ExecStack,
    icode: &InterpCode,
    inst_index: u32,
    def: u32,
    cells: &mut [u64],
    site: &mut TrapSite,
) -> Result<(), Fault> {
    // SAFETY: the function's contract and the module documentation: every pointer
    // dereferenced below points into the store, its instances and modules (alive for
    // the whole run), into the value stack (slots checked at every call) or into
    // translated code (branch targets resolved inside the function).
    unsafe {
        let store_id = store.id;
        let store: *mut Store = store;
        let mut inst_index = inst_index;
        let mut def = def;
        let mut inst: *mut InstanceEntity = &mut *(*store).instances[inst_index as usize];
        // The current instance's module code (which functions are compiled, the
        // tier-up counter) and its interpreter code.
        let mut mcode: *const ModuleCode = &(*inst).module.inner.code;
        let mut icode: *const InterpCode = icode;
        let mut code: *const CompiledFunc = &(*icode).funcs[def as usize];
        let stack_base = stack.cells.base();
        // Frames stay below `stack_end`, the end of the initialised cells;
        // `deepen` moves it (see `cells.rs`).
        let mut stack_end = stack.cells.ready_end();
        let max_depth = stack.max_depth;
        // Tier-up (`auto`): loop back-edges count as heat, reported in batches.
        let mut heat_on = wants_heat(mcode);
        let mut heat_budget: u32 = 256;

        if !stack.cells.ensure((*code).frame_size as usize) {
            return Err(Fault::Code(TrapCode::StackOverflow));
        }
        stack_end = stack.cells.ready_end();
        let mut fp = stack_base;
        let np = (*code).num_params as usize;
        ptr::copy_nonoverlapping(cells.as_ptr(), fp, np);
        init_frame(fp, &*code);
        let mut ops_base: *const Op = (*code).ops.as_ptr();
        let mut ip = ops_base;
        let (mut mem_base, mut mem_len) = memory_of(inst);

        macro_rules! save_site {
            () => {{
                site.ip = ip;
                site.code = code;
                site.inst_index = inst_index;
                site.def = def;
            }};
        }
        macro_rules! trap {
            ($c:expr) => {{
                save_site!();
                return Err(Fault::Code($c));
            }};
        }
        // The store's interrupt flag and fuel (`runtime::metering`).
        let vm: *mut VMRuntime = &mut *(*store).vm;
        let interrupt = (*vm).interrupt;
        macro_rules! check_interrupt {
            () => {{
                if (*interrupt).load(Ordering::Relaxed) != 0 {
                    (*store).trap_raised(TrapCode::Interrupted);
                    trap!(TrapCode::Interrupted);
                }
            }};
        }
        // A taken branch. Backward ones (loops) check the interrupt flag
        // and count as heat for tier-up.
        macro_rules! branch {
            ($t:expr) => {{
                let dest = ops_base.add($t as usize);
                if dest < ip {
                    check_interrupt!();
                    if heat_on {
                        heat_budget -= 1;
                        if heat_budget == 0 {
                            heat_budget = 256;
                            note_heat(&*store, mcode, inst_index, def, 256);
                        }
                    }
                }
                ip = dest
            }};
        }
        macro_rules! r {
            ($s:expr) => {
                *fp.add($s as usize)
            };
        }
        macro_rules! w {
            ($s:expr, $v:expr) => {
                *fp.add($s as usize) = $v
            };
        }
        // The current instance changed to `inst`: reload what depends on it.
        macro_rules! switch_instance {
            () => {{
                mcode = &(*inst).module.inner.code;
                icode = interp_of(mcode);
                heat_on = wants_heat(mcode);
            }};
        }
        // Run `callee` (defined function `$callee_def` of instance
        // `$callee_index`, entity `$callee_inst`) in the frame at `fp`,
        // which is initialised already.
        macro_rules! become_callee {
            ($callee:expr, $callee_inst:expr, $callee_index:expr, $callee_def:expr) => {{
                check_interrupt!();
                code = $callee;
                ops_base = (*code).ops.as_ptr();
                ip = ops_base;
                let ci: *mut InstanceEntity = $callee_inst;
                if ci != inst {
                    inst = ci;
                    switch_instance!();
                    let (b, l) = memory_of(inst);
                    mem_base = b;
                    mem_len = l;
                }
                inst_index = $callee_index;
                def = $callee_def;
            }};
        }
        // Enter `callee` (defined function `$callee_def` of instance
        // `$callee_index`, interpreted) with its frame at `new_fp`.
        macro_rules! enter {
            ($callee:expr, $callee_inst:expr, $callee_index:expr, $callee_def:expr, $new_fp:expr) => {{
                let callee: *const CompiledFunc = $callee;
                let new_fp: *mut u64 = $new_fp;
                let top = new_fp.add((*callee).frame_size as usize);
                if (top > stack_end && !deepen(&mut stack.cells, top, &mut stack_end))
                    || stack.frames.len() >= max_depth
                {
                    trap!(TrapCode::StackOverflow);
                }
                stack.frames.push(Frame {
                    ip,
                    fp,
                    code,
                    inst,
                    inst_index,
                    def,
                });
                init_frame(new_fp, &*callee);
                fp = new_fp;
                become_callee!(callee, $callee_inst, $callee_index, $callee_def);
            }};
        }
        // Continue in the caller's frame record `$f` (its instance and
        // memory, which the callee may have grown).
        macro_rules! restore_frame {
            ($f:expr) => {{
                let f: Frame = $f;
                ip = f.ip;
                fp = f.fp;
                code = f.code;
                ops_base = (*code).ops.as_ptr();
                inst_index = f.inst_index;
                def = f.def;
                if f.inst != inst {
                    inst = f.inst;
                    switch_instance!();
                }
                let (b, l) = memory_of(inst);
                mem_base = b;
                mem_len = l;
            }};
        }
        // Exception `$exn` (a store object) is raised at the current
        // instruction (`$skip`: once the current frame is left, for the
        // callee of a tail call): continue at the landing pad of the clause
        // that catches it here or in a caller's frame of this run, or leave
        // the run with it (the tier that called this run goes on).
        macro_rules! raise {
            ($exn:expr, $skip:expr) => {{
                let exn: u32 = $exn;
                save_site!();
                let mut skip: bool = $skip;
                loop {
                    if !skip {
                        let pc = ip.offset_from(ops_base) as u32 - 1;
                        let tag = (*store).exns.get(exn).tag;
                        let tags: *const [u32] = &*(*inst).tags;
                        let found = super::exn::find_catch(&(*code).handlers, pc, |t| {
                            (*tags)[t as usize] == tag
                        });
                        if let Some(cl) = found {
                            super::exn::land(&mut *store, fp, exn, cl);
                            // (The memory is current: this frame's own,
                            // or reloaded by `restore_frame` / `call_out`.)
                            ip = ops_base.add(cl.pad as usize);
                            break;
                        }
                    }
                    skip = false;
                    match stack.frames.pop() {
                        None => return Err(Fault::Trap(Trap::exception(exn))),
                        Some(f) => restore_frame!(f),
                    }
                }
            }};
        }
        // A trap from a callee: a wasm exception is raised here (`$skip`:
        // as for `raise`), anything else ends the run.
        macro_rules! callee_trap {
            ($t:expr, $skip:expr) => {{
                let t: Trap = $t;
                match t.exn() {
                    Some(exn) => raise!(exn, $skip),
                    None => {
                        save_site!();
                        return Err(Fault::Trap(t));
                    }
                }
            }};
        }
        // Call through the one call path (another tier runs the callee) on the
        // `$n` cells at slot `$base`; then reload the memory, which the callee
        // may have grown.
        macro_rules! call_checked {
            ($call:expr) => {{
                if let Err(t) = $call {
                    callee_trap!(t, false);
                }
            }};
        }
        // The tail call `$call` ran elsewhere: return its results (at
        // `$base`); an exception it raised leaves this frame first.
        macro_rules! tail_checked {
            ($call:expr, $base:expr) => {{
                match $call {
                    Ok(()) => tail_return!($base),
                    Err(t) => callee_trap!(t, true),
                }
            }};
        }
        macro_rules! call_out {
            ($call:expr) => {{
                call_checked!($call);
                let (b, l) = memory_of(inst);
                mem_base = b;
                mem_len = l;
            }};
        }
        macro_rules! cells_at {
            ($base:expr, $n:expr) => {
                std::slice::from_raw_parts_mut(fp.add($base as usize), $n)
            };
        }
        // Call defined function `$cdef` of instance `$ci` (entity `$cinst`,
        // module code `$cm`) with its frame/cells at slot `$base`: compiled
        // code through the call path, interpreted code in this loop.
        macro_rules! call_defined {
            ($cinst:expr, $cm:expr, $ci_code:expr, $ci:expr, $cdef:expr, $base:expr, $cells:expr) => {{
                let cm: *const ModuleCode = $cm;
                let ci_code: *const InterpCode = $ci_code;
                if (*cm).funcs[$cdef as usize].is_compiled() || ci_code.is_null() {
                    call_out!(call::call_wasm(
                        &mut *store,
                        $ci,
                        $cdef,
                        cells_at!($base, $cells)
                    ));
                } else {
                    if wants_heat(cm) {
                        note_heat(&*store, cm, $ci, $cdef, 1);
                    }
                    let callee: *const CompiledFunc = &(*ci_code).funcs[$cdef as usize];
                    enter!(callee, $cinst, $ci, $cdef, fp.add($base as usize));
                }
            }};
        }
        // Tail call of defined function `$cdef` of instance `$ci` (as
        // `call_defined`): an interpreted callee replaces the current frame
        // (no frame record, no native recursion); compiled code is called
        // through the call path and its results returned.
        macro_rules! tail_defined {
            ($cinst:expr, $cm:expr, $ci_code:expr, $ci:expr, $cdef:expr, $base:expr, $cells:expr) => {{
                let cm: *const ModuleCode = $cm;
                let ci_code: *const InterpCode = $ci_code;
                if (*cm).funcs[$cdef as usize].is_compiled() || ci_code.is_null() {
                    tail_checked!(
                        call::call_wasm(&mut *store, $ci, $cdef, cells_at!($base, $cells)),
                        $base
                    );
                } else {
                    if wants_heat(cm) {
                        note_heat(&*store, cm, $ci, $cdef, 1);
                    }
                    let callee: *const CompiledFunc = &(*ci_code).funcs[$cdef as usize];
                    let top = fp.add((*callee).frame_size as usize);
                    if top > stack_end && !deepen(&mut stack.cells, top, &mut stack_end) {
                        trap!(TrapCode::StackOverflow);
                    }
                    // The arguments down to slot 0 (the regions may overlap).
                    ptr::copy(fp.add($base as usize), fp, (*callee).num_params as usize);
                    init_frame(fp, &*callee);
                    become_callee!(callee, $cinst, $ci, $cdef);
                }
            }};
        }
        // After a tail call that ran elsewhere: its results (at `$base`) are
        // ours; return them.
        macro_rules! tail_return {
            ($base:expr) => {{
                ptr::copy(fp.add($base as usize), fp, (*code).num_results as usize);
                do_return!();
            }};
        }
        // Call store function `sidx` with its frame/cells at slot `$base`;
        // `$how` is `call_defined` or, for a tail call, `tail_defined`.
        macro_rules! call_store_func {
            ($sidx:expr, $base:expr, $how:ident) => {{
                let fe = &(*store).funcs[$sidx as usize];
                let n = fe.ty.cells();
                match &fe.kind {
                    &FuncKind::Wasm {
                        instance: ci,
                        def: cdef,
                    } => {
                        let callee_inst: *mut InstanceEntity =
                            &mut *(*store).instances[ci as usize];
                        let cm: *const ModuleCode = &(*callee_inst).module.inner.code;
                        let ci_code = if cm == mcode { icode } else { interp_of(cm) };
                        $how!(callee_inst, cm, ci_code, ci, cdef, $base, n);
                    }
                    FuncKind::Host(f) => {
                        let f = f.clone();
                        let caller = Some(Instance {
                            store: store_id,
                            index: inst_index,
                        });
                        host_call!(
                            $how,
                            $base,
                            call::call_host(&mut *store, &*f, cells_at!($base, n), caller)
                        );
                    }
                }
            }};
        }
        macro_rules! host_call {
            (call_defined, $base:expr, $call:expr) => {
                call_out!($call)
            };
            (tail_defined, $base:expr, $call:expr) => {
                tail_checked!($call, $base)
            };
        }
        // The store function of a `call_indirect` through `$table` with
        // module type `$type_idx`, arguments at `$base` (traps as the spec says).
        macro_rules! indirect_target {
            ($base:expr, $type_idx:expr, $table:expr) => {{
                let m = &(*inst).module.inner;
                let np = m.types[$type_idx as usize].param_cells();
                let index = r!($base as usize + np) as u32;
                let t = &*(*inst).table_ptrs[$table as usize];
                let cell = match t.elems.get(index as usize) {
                    Some(&c) => c,
                    None => trap!(TrapCode::UndefinedElement),
                };
                if cell == 0 {
                    trap!(TrapCode::IndirectCallToNull);
                }
                let sidx = (cell - 1) as u32;
                if (*store).funcs[sidx as usize].type_id != m.type_ids[$type_idx as usize] {
                    trap!(TrapCode::BadSignature);
                }
                sidx
            }};
        }

        macro_rules! do_return {
            () => {
                match stack.frames.pop() {
                    None => break,
                    Some(f) => restore_frame!(f),
                }
            };
        }

        // Function entry from the host or another tier.
        check_interrupt!();
        loop {
            let op = *ip;
            ip = ip.add(1);
            dispatch_chain!(@0 { op: op, ip: ip, fp: fp, inst: inst, mem: (mem_base, mem_len), other: {
                Op::Unreachable => trap!(TrapCode::Unreachable),
                Op::Fuel { cost } => {
                    if (*vm).fuel < cost as u64 {
                        (*store).trap_raised(TrapCode::OutOfFuel);
                        trap!(TrapCode::OutOfFuel);
                    }
                    (*vm).fuel -= cost as u64;
                }
                Op::Br { target } => branch!(target),
                Op::BrIfNez { cond, target } => {
                    if r!(cond) as u32 != 0 {
                        branch!(target);
                    }
                }
                Op::BrIfEqz { cond, target } => {
                    if r!(cond) as u32 == 0 {
                        branch!(target);
                    }
                }
                Op::BrTable { index, len } => {
                    let i = (r!(index) as u32).min(len);
                    ip = ip.add(i as usize);
                }
                Op::Return1 { src } => {
                    *fp = r!(src);
                    do_return!();
                }
                Op::Return => do_return!(),
                Op::Call { func, base } => {
                    let callee = &(*icode).funcs[func as usize];
                    let n = callee.num_params.max(callee.num_results) as usize;
                    call_defined!(inst, mcode, icode, inst_index, func, base, n);
                }
                Op::CallImport { func, base } => {
                    let sidx = (*inst).funcs[func as usize];
                    call_store_func!(sidx, base, call_defined);
                }
                Op::CallIndirect { base, type_idx, table } => {
                    let sidx = indirect_target!(base, type_idx, table);
                    call_store_func!(sidx, base, call_defined);
                }
                Op::ReturnCall { func, base } => {
                    let callee = &(*icode).funcs[func as usize];
                    let n = callee.num_params.max(callee.num_results) as usize;
                    tail_defined!(inst, mcode, icode, inst_index, func, base, n);
                }
                Op::ReturnCallImport { func, base } => {
                    let sidx = (*inst).funcs[func as usize];
                    call_store_func!(sidx, base, tail_defined);
                }
                Op::ReturnCallIndirect { base, type_idx, table } => {
                    let sidx = indirect_target!(base, type_idx, table);
                    call_store_func!(sidx, base, tail_defined);
                }
                Op::Copy { dst, src } => w!(dst, r!(src)),
                Op::Select { dst, a, b } => {
                    let cond = match *ip {
                        Op::Arg { slot } => slot,
                        _ => unreachable!("select without its condition"),
                    };
                    ip = ip.add(1);
                    let v = if r!(cond) as u32 != 0 { r!(a) } else { r!(b) };
                    w!(dst, v);
                }
                Op::Arg { .. } => unreachable!("operand executed as an instruction"),
                Op::GlobalGet { dst, global } => w!(dst, **(*inst).vmctx.globals.add(global as usize)),
                Op::GlobalSet { src, global } => **(*inst).vmctx.globals.add(global as usize) = r!(src),
                Op::GlobalGetV128 { dst, global } => {
                    let g = *(*inst).vmctx.globals.add(global as usize);
                    w!(dst, *g);
                    w!(dst + 1, *g.add(1));
                }
                Op::GlobalSetV128 { src, global } => {
                    let g = *(*inst).vmctx.globals.add(global as usize);
                    *g = r!(src);
                    *g.add(1) = r!(src + 1);
                }
                Op::RefFunc { dst, func } => w!(dst, (*inst).funcs[func as usize] as u64 + 1),
                Op::UseMemory { mem } => {
                    let (b, l) = if mem == 0 { memory_of(inst) } else { memory_n(inst, mem) };
                    mem_base = b;
                    mem_len = l;
                }
                Op::Addr64 { dst, addr, mem } => {
                    let offset = arg(ip) as u64 | (arg(ip.add(1)) as u64) << 32;
                    ip = ip.add(2);
                    let (_, len) = memory_n(inst, mem);
                    match r!(addr).checked_add(offset) {
                        Some(ea) if ea < len as u64 => w!(dst, ea),
                        _ => trap!(TrapCode::MemoryOutOfBounds),
                    }
                }
                Op::Index64 { dst, src } => w!(dst, r!(src).min(u32::MAX as u64)),
                Op::MemorySize { dst, mem } => {
                    w!(dst, (*(*inst).memory_ptrs[mem as usize]).pages());
                }
                Op::MemoryGrow { dst, delta, mem } => {
                    let wide = mem & WIDE != 0;
                    let m = &mut *(*inst).memory_ptrs[(mem & !WIDE) as usize];
                    let res = m.grow(index(r!(delta), wide)).unwrap_or(failed(wide));
                    // Memory 0 too: it may be the same memory (imported twice).
                    let (b, l) = memory_of(inst);
                    mem_base = b;
                    mem_len = l;
                    w!(dst, res);
                }
                Op::MemoryCopy { base, dst_mem, src_mem } => {
                    let (dw, sw) = (dst_mem & WIDE != 0, src_mem & WIDE != 0);
                    let (d, s, n) = (index(r!(base), dw), index(r!(base + 1), sw), index(r!(base + 2), dw && sw));
                    let (dm, sm) = (vm_memory(inst, dst_mem & !WIDE), vm_memory(inst, src_mem & !WIDE));
                    if let Err(c) = bulk::memory_copy_vm(dm, sm, d, s, n) {
                        trap!(c);
                    }
                }
                Op::MemoryFill { base, mem } => {
                    let wide = mem & WIDE != 0;
                    let (d, v, n) = (index(r!(base), wide), r!(base + 1) as u8, index(r!(base + 2), wide));
                    if let Err(c) = bulk::memory_fill(memory_slice(inst, mem & !WIDE), d, v, n) {
                        trap!(c);
                    }
                }
                Op::MemoryInit { base, seg, mem } => {
                    let d = index(r!(base), mem & WIDE != 0);
                    let (s, n) = (r!(base + 1) as u32 as u64, r!(base + 2) as u32 as u64);
                    let m = &(*inst).module.inner;
                    let bytes: &[u8] = if (*inst).data_dropped[seg as usize] {
                        &[]
                    } else {
                        m.data_bytes(&m.datas[seg as usize])
                    };
                    if let Err(c) = bulk::memory_init(memory_slice(inst, mem & !WIDE), bytes, d, s, n) {
                        trap!(c);
                    }
                }
                Op::DataDrop { seg } => (*inst).data_dropped[seg as usize] = true,
                Op::TableGet { dst, index, table } => {
                    let t = &*(*inst).table_ptrs[table as usize];
                    match t.elems.get(r!(index) as u32 as usize) {
                        Some(&c) => w!(dst, c),
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Op::TableSet { index, value, table } => {
                    let t = &mut *(*inst).table_ptrs[table as usize];
                    match t.elems.get_mut(r!(index) as u32 as usize) {
                        Some(c) => *c = r!(value),
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Op::TableSize { dst, table } => {
                    w!(dst, (*(*inst).table_ptrs[table as usize]).size() as u64);
                }
                Op::TableGrow { base, table } => {
                    let wide = table & WIDE != 0;
                    let t = &mut *(*inst).table_ptrs[(table & !WIDE) as usize];
                    let res = t.grow(index(r!(base + 1), wide), r!(base)).map_or(failed(wide), u64::from);
                    w!(base, res);
                }
                Op::TableFill { base, table } => {
                    let wide = table & WIDE != 0;
                    let t = &mut *(*inst).table_ptrs[(table & !WIDE) as usize];
                    let (i, v, n) = (index(r!(base), wide), r!(base + 1), index(r!(base + 2), wide));
                    if let Err(c) = bulk::table_fill(&mut t.elems, i, v, n) {
                        trap!(c);
                    }
                }
                Op::TableCopy { base, dst_table, src_table } => {
                    let (dw, sw) = (dst_table & WIDE != 0, src_table & WIDE != 0);
                    let (d, s, n) = (index(r!(base), dw), index(r!(base + 1), sw), index(r!(base + 2), dw && sw));
                    let dt = (*inst).table_ptrs[(dst_table & !WIDE) as usize];
                    let st = (*inst).table_ptrs[(src_table & !WIDE) as usize];
                    // One `&mut` to a table at a time: the same table copies within.
                    let r = if dt == st {
                        bulk::table_copy_within(&mut (*dt).elems, d, s, n)
                    } else {
                        bulk::table_copy(&mut (*dt).elems, &(*st).elems, d, s, n)
                    };
                    if let Err(c) = r {
                        trap!(c);
                    }
                }
                Op::TableInit { base, table, seg } => {
                    let d = index(r!(base), table & WIDE != 0);
                    let (s, n) = (r!(base + 1) as u32 as u64, r!(base + 2) as u32 as u64);
                    let t = &mut *(*inst).table_ptrs[(table & !WIDE) as usize];
                    let items = &(*inst).elems[seg as usize];
                    if let Err(c) = bulk::table_copy(&mut t.elems, items, d, s, n) {
                        trap!(c);
                    }
                }
                Op::ElemDrop { seg } => (*inst).elems[seg as usize] = Box::default(),
                Op::Throw { tag, base, cells } => {
                    let payload: Box<[u64]> =
                        std::slice::from_raw_parts(fp.add(base as usize), cells as usize).into();
                    let exn = (*store).exns.alloc((*inst).tags[tag as usize], payload);
                    raise!(exn, false);
                }
                Op::ThrowRef { src } => {
                    let cell = r!(src);
                    if cell == 0 {
                        trap!(TrapCode::NullExceptionReference);
                    }
                    raise!((cell - 1) as u32, false);
                }
                Op::Rethrow { slot } => {
                    let exn = (r!(slot) - 1) as u32;
                    // The catch body still names it: never freed early.
                    (*store).exns.get_mut(exn).escaped = true;
                    raise!(exn, false);
                }
                Op::ExnDrop { slot } => (*store).exns.release((r!(slot) - 1) as u32),
                Op::I64Add128 { base } => {
                    let (lo, hi) = num::i64_add128(r!(base), r!(base + 1), r!(base + 2), r!(base + 3));
                    w!(base, lo);
                    w!(base + 1, hi);
                }
                Op::I64Sub128 { base } => {
                    let (lo, hi) = num::i64_sub128(r!(base), r!(base + 1), r!(base + 2), r!(base + 3));
                    w!(base, lo);
                    w!(base + 1, hi);
                }
                Op::I64MulWideS { base } => {
                    let (lo, hi) = num::i64_mul_wide_s(r!(base), r!(base + 1));
                    w!(base, lo);
                    w!(base + 1, hi);
                }
                Op::I64MulWideU { base } => {
                    let (lo, hi) = num::i64_mul_wide_u(r!(base), r!(base + 1));
                    w!(base, lo);
                    w!(base + 1, hi);
                }
            }});
        }
        let nr = (*code).num_results as usize;
        ptr::copy_nonoverlapping(stack_base, cells.as_mut_ptr(), nr);
        Ok(())
    }
}
