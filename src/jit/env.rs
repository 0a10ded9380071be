//! The function environment: the runtime-specific lowering the translator
//! asks for. VM context and runtime-record offsets (from `offset_of!` on
//! the runtime's `repr(C)` structs, pinned by tests), libcalls and their
//! signatures, traps, the prologue's stack-limit check, and calls through
//! the store's function records.

use super::libcalls;
use super::translate::{cell_flags, cl_type};
use crate::runtime::instance::{VMContext, VMFuncRef, VMRuntime};
use crate::runtime::memory::{MemoryEntity, VMMemory, MAX_MEMORY_BYTES};
use crate::runtime::module::ModuleInner;
use crate::runtime::table::VMTable;
use crate::runtime::trap::TrapCode;
use crate::runtime::types::{cell_offsets, FuncType};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, types, AbiParam, ExtFuncData, ExternalName, InstBuilder, MemFlagsData, SigRef, Signature,
    StackSlot, StackSlotData, StackSlotKind, UserExternalName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::HashMap;
use std::mem::offset_of;

mod metering;
mod tail;

/// Status a libcall returns when a trap is pending in the thread's trap
/// slot (a host trap or a panic, see `entry.rs`), as a trap code.
pub(crate) const PENDING_TRAP: i32 = 255;

/// Functions of the runtime that compiled code calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Libcall {
    /// `ferrowasm_jit_raise(vmctx, code)`: never returns.
    Raise,
    /// `(vmctx, store func, cells, cell count) -> status`.
    CallFunc,
    /// `(vmctx, mem, delta: i64) -> old size or -1 (i64)`.
    MemoryGrow,
    /// `(vmctx, mem, dst: i64, value, len: i64) -> status`.
    MemoryFill,
    /// `(vmctx, dst mem, src mem, dst, src, len: i64) -> status`.
    MemoryCopy,
    /// `(vmctx, mem, segment, dst: i64, src, len) -> status`.
    MemoryInit,
    DataDrop,
    TableGrow,
    TableFill,
    TableCopy,
    TableInit,
    ElemDrop,
    /// `(vmctx, store func) -> compiled code or 0`: for a tail call, the
    /// callee's compiled entry, compiling it now if it has none (`auto`).
    TailCode,
}

impl Libcall {
    fn addr(self) -> usize {
        match self {
            Libcall::Raise => super::entry::raise_addr(),
            Libcall::CallFunc => libcalls::call_func as *const () as usize,
            Libcall::MemoryGrow => libcalls::memory_grow as *const () as usize,
            Libcall::MemoryFill => libcalls::memory_fill as *const () as usize,
            Libcall::MemoryCopy => libcalls::memory_copy as *const () as usize,
            Libcall::MemoryInit => libcalls::memory_init as *const () as usize,
            Libcall::DataDrop => libcalls::data_drop as *const () as usize,
            Libcall::TableGrow => libcalls::table_grow as *const () as usize,
            Libcall::TableFill => libcalls::table_fill as *const () as usize,
            Libcall::TableCopy => libcalls::table_copy as *const () as usize,
            Libcall::TableInit => libcalls::table_init as *const () as usize,
            Libcall::ElemDrop => libcalls::elem_drop as *const () as usize,
            Libcall::TailCode => libcalls::tail_code as *const () as usize,
        }
    }

    /// Parameter types after the VM context, and the return type.
    fn types(self) -> (&'static [ir::Type], Option<ir::Type>) {
        use types::{I32, I64};
        match self {
            Libcall::Raise => (&[I32], None),
            Libcall::CallFunc => (&[I32, I64, I32], Some(I32)),
            Libcall::MemoryGrow => (&[I32, I64], Some(I64)),
            Libcall::MemoryFill => (&[I32, I64, I32, I64], Some(I32)),
            Libcall::MemoryCopy => (&[I32, I32, I64, I64, I64], Some(I32)),
            Libcall::MemoryInit => (&[I32, I32, I64, I32, I32], Some(I32)),
            Libcall::DataDrop | Libcall::ElemDrop => (&[I32], None),
            Libcall::TableGrow => (&[I32, I64, I64], Some(I64)),
            Libcall::TableFill => (&[I32, I64, I64, I64], Some(I32)),
            Libcall::TableCopy => (&[I32, I32, I64, I64, I64], Some(I32)),
            Libcall::TableInit => (&[I32, I32, I64, I32, I32], Some(I32)),
            Libcall::TailCode => (&[I32], Some(I64)),
        }
    }
}

/// The native signature of a wasm function: VM context, then parameters,
/// in the calling convention of wasm functions (`WASM_CALL_CONV`).
pub(crate) fn wasm_signature(ty: &FuncType) -> Signature {
    let mut sig = Signature::new(WASM_CALL_CONV);
    sig.params.push(AbiParam::new(types::I64));
    for p in ty.params() {
        sig.params.push(AbiParam::new(cl_type(*p)));
    }
    for r in ty.results() {
        sig.returns.push(AbiParam::new(cl_type(*r)));
    }
    sig
}

/// The calling convention of compiled wasm functions: Cranelift's `tail`,
/// so that `return_call` replaces the caller's frame. Trampolines and
/// libcalls use the host's convention.
pub(crate) const WASM_CALL_CONV: CallConv = CallConv::Tail;

/// Flags for loads of VM-context fields that never change.
fn fixed() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly().with_can_move()
}

/// A field offset as a Cranelift memory offset.
fn off(o: usize) -> i32 {
    o as i32
}

pub(crate) struct FuncEnv<'a> {
    pub module: &'a ModuleInner,
    pub vmctx: Value,
    /// The host's calling convention (libcalls).
    host_conv: CallConv,
    direct_calls: bool,
    /// Memory 0's `*mut VMMemory` and base (never moves), if any memory:
    /// the fast path. Other memories are reached through the VM context's
    /// memories array at each access (`vm_memory`).
    vmmem: Option<Value>,
    heap_base: Option<Value>,
    /// Memory 0's length, cached in a variable: it only changes through
    /// `memory.grow` and calls, after which it is reloaded.
    heap_len: Option<Variable>,
    runtime: Value,
    libcall_sigs: HashMap<Libcall, SigRef>,
    wasm_sigs: HashMap<u32, SigRef>,
    func_refs: HashMap<u32, ir::FuncRef>,
    /// Bounds checks already done in the current wasm basic block: the
    /// largest end offset checked per (memory, address value). A memory
    /// never shrinks, so a check that passed covers every later access it
    /// dominates; the translator clears this at every control operator.
    pub checked: HashMap<(u32, Value), u64>,
    /// Spill area for calls through the cell convention.
    cells: Option<(StackSlot, u32)>,
    /// Size of the locals, to account for a large frame in the stack check.
    frame_estimate: i64,
    /// Linear memories have guard regions where they can
    /// (`Config::guarded_memories`, `MemoryEntity::guardable`: 32-bit
    /// memories of 64 KiB pages): no explicit bounds checks for those.
    guarded: bool,
    /// Traps are trapping instructions caught by signal handlers
    /// (`Config::signals_based_traps`); else calls of the raise.
    signals: bool,
}

/// The Cranelift trap code of one of ours (user codes are ours + 1;
/// `compiler::our_trap_code` maps back).
pub(crate) fn cl_trap(code: TrapCode) -> ir::TrapCode {
    ir::TrapCode::unwrap_user(code as u8 + 1)
}

impl<'a> FuncEnv<'a> {
    /// Set up the environment; emits loads of fixed VM-context fields in
    /// the entry block (the current block).
    pub fn new(
        module: &'a ModuleInner,
        vmctx: Value,
        b: &mut FunctionBuilder<'_>,
        num_locals: usize,
        direct_calls: bool,
        host_conv: CallConv,
    ) -> Self {
        let (vmmem, heap_base) = if module.memories.is_empty() {
            (None, None)
        } else {
            let m = b.ins().load(
                types::I64,
                fixed(),
                vmctx,
                off(offset_of!(VMContext, memory)),
            );
            let base = b
                .ins()
                .load(types::I64, fixed(), m, off(offset_of!(VMMemory, base)));
            (Some(m), Some(base))
        };
        let guarded = module.engine.config().guarded_memories();
        // Cached only where bounds checks read it; with guard regions only
        // `memory.size` does, which loads it (a variable redefined after
        // every call would cost block parameters throughout the function).
        let checks0 = module
            .memories
            .first()
            .is_some_and(|ty| !guarded || !MemoryEntity::guardable(ty));
        let heap_len = vmmem.filter(|_| checks0).map(|m| {
            let var = b.declare_var(types::I64);
            let len = b.ins().load(
                types::I64,
                MemFlagsData::trusted(),
                m,
                off(offset_of!(VMMemory, len)),
            );
            b.def_var(var, len);
            var
        });
        let runtime = b.ins().load(
            types::I64,
            fixed(),
            vmctx,
            off(offset_of!(VMContext, runtime)),
        );
        FuncEnv {
            module,
            vmctx,
            host_conv,
            direct_calls,
            vmmem,
            heap_base,
            heap_len,
            runtime,
            libcall_sigs: HashMap::new(),
            wasm_sigs: HashMap::new(),
            func_refs: HashMap::new(),
            cells: None,
            checked: HashMap::new(),
            frame_estimate: num_locals as i64 * 16,
            guarded,
            signals: module.engine.config().signals_based_traps,
        }
    }

    /// The stack-limit check: trap "call stack exhausted" when the stack
    /// pointer is below the limit the entry from the host computed. Frames
    /// larger than the limit's safety margin are accounted for.
    pub fn prologue(&mut self, b: &mut FunctionBuilder<'_>) {
        let limit = b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            self.runtime,
            off(offset_of!(VMRuntime, stack_limit)),
        );
        let mut sp = b.ins().get_stack_pointer(types::I64);
        if self.frame_estimate > crate::runtime::stack::FRAME_SLACK as i64 {
            sp = b.ins().iadd_imm_s(sp, -self.frame_estimate);
        }
        let low = b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.trap_if(b, low, TrapCode::StackOverflow);
        self.check_interrupt(b);
    }

    /// Size the spill area to the largest use.
    pub fn finish(&mut self, b: &mut FunctionBuilder<'_>) {
        if let Some((slot, size)) = self.cells {
            b.func.sized_stack_slots[slot].size = size;
        }
    }

    fn libcall_sig(&mut self, b: &mut FunctionBuilder<'_>, lc: Libcall) -> SigRef {
        if let Some(s) = self.libcall_sigs.get(&lc) {
            return *s;
        }
        let (params, ret) = lc.types();
        let mut sig = Signature::new(self.host_conv);
        sig.params.push(AbiParam::new(types::I64));
        for p in params {
            sig.params.push(AbiParam::new(*p));
        }
        if let Some(r) = ret {
            sig.returns.push(AbiParam::new(r));
        }
        let s = b.import_signature(sig);
        self.libcall_sigs.insert(lc, s);
        s
    }

    fn wasm_sig(&mut self, b: &mut FunctionBuilder<'_>, type_index: u32) -> SigRef {
        if let Some(s) = self.wasm_sigs.get(&type_index) {
            return *s;
        }
        let sig = wasm_signature(&self.module.types[type_index as usize]);
        let s = b.import_signature(sig);
        self.wasm_sigs.insert(type_index, s);
        s
    }

    /// Call a libcall with the VM context and `args`; its return value.
    pub fn libcall(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        lc: Libcall,
        args: &[Value],
    ) -> Option<Value> {
        let sig = self.libcall_sig(b, lc);
        let callee = b.ins().iconst(types::I64, lc.addr() as i64);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.vmctx);
        all.extend_from_slice(args);
        let call = b.ins().call_indirect(sig, callee, &all);
        let r = b.inst_results(call).first().copied();
        if matches!(lc, Libcall::MemoryGrow | Libcall::CallFunc) {
            self.reload_heap_len(b);
        }
        r
    }

    /// Call a libcall that returns a status (0, or trap code + 1) and trap
    /// when it is not 0.
    pub fn libcall_checked(&mut self, b: &mut FunctionBuilder<'_>, lc: Libcall, args: &[Value]) {
        let status = self.libcall(b, lc, args).expect("checked libcall");
        self.trap_on_status(b, status);
    }

    fn trap_on_status(&mut self, b: &mut FunctionBuilder<'_>, status: Value) {
        let trap = b.create_block();
        let cont = b.create_block();
        b.ins().brif(status, trap, &[], cont, &[]);
        b.seal_block(trap);
        b.set_cold_block(trap);
        b.switch_to_block(trap);
        let code = b.ins().iadd_imm_s(status, -1);
        self.raise_value(b, code);
        b.switch_to_block(cont);
        b.seal_block(cont);
    }

    fn raise_value(&mut self, b: &mut FunctionBuilder<'_>, code: Value) {
        self.libcall(b, Libcall::Raise, &[code]);
        b.ins().trap(cl_trap(TrapCode::Unreachable));
    }

    /// Trap with `code` here (a trapping instruction: see `signals.rs`;
    /// without signal-based traps, a call of the raise); terminates the
    /// current block.
    pub fn raise(&mut self, b: &mut FunctionBuilder<'_>, code: TrapCode) {
        if self.signals {
            b.ins().trap(cl_trap(code));
        } else {
            let c = b.ins().iconst(types::I32, code as i64);
            self.raise_value(b, c);
        }
    }

    /// Trap with `code` when `cond` is non-zero: a conditional trapping
    /// instruction (no call, no new block); without signal-based traps, a
    /// branch to a cold block that calls the raise.
    pub fn trap_if(&mut self, b: &mut FunctionBuilder<'_>, cond: Value, code: TrapCode) {
        if self.signals {
            b.ins().trapnz(cond, cl_trap(code));
            return;
        }
        let trap = b.create_block();
        let cont = b.create_block();
        b.ins().brif(cond, trap, &[], cont, &[]);
        b.seal_block(trap);
        b.set_cold_block(trap);
        b.switch_to_block(trap);
        let c = b.ins().iconst(types::I32, code as i64);
        self.raise_value(b, c);
        b.switch_to_block(cont);
        b.seal_block(cont);
    }

    /// Whether accesses of memory `mem` are bounds-checked explicitly (no
    /// guard region covers them: see `guarded`).
    fn explicit_checks(&self, mem: u32) -> bool {
        !self.guarded || !MemoryEntity::guardable(&self.module.memories[mem as usize])
    }

    /// Flags of an access of memory `mem`: with a guard region the access
    /// may fault, and the fault is the bounds check.
    pub fn heap_flags(&self, mem: u32) -> MemFlagsData {
        let f = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        if !self.explicit_checks(mem) {
            f.with_trap_code(Some(ir::TrapCode::HEAP_OUT_OF_BOUNDS))
        } else {
            f.with_notrap()
        }
    }

    /// The `*mut VMMemory` of memory `mem`.
    fn vm_memory(&mut self, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
        if mem == 0 {
            return self
                .vmmem
                .expect("validated: memory access without a memory");
        }
        let arr = b.ins().load(
            types::I64,
            fixed(),
            self.vmctx,
            off(offset_of!(VMContext, memories)),
        );
        b.ins().load(types::I64, fixed(), arr, (mem * 8) as i32)
    }

    /// The base of memory `mem`: it never moves under compiled code (see
    /// `Config::memories_in_heap`).
    fn heap_base(&mut self, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
        if mem == 0 {
            return self.heap_base.expect("memory base");
        }
        let m = self.vm_memory(b, mem);
        b.ins()
            .load(types::I64, fixed(), m, off(offset_of!(VMMemory, base)))
    }

    /// The current length in bytes of memory `mem`.
    pub fn heap_len(&mut self, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
        if let (0, Some(var)) = (mem, self.heap_len) {
            return b.use_var(var);
        }
        let m = self.vm_memory(b, mem);
        b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            m,
            off(offset_of!(VMMemory, len)),
        )
    }

    /// Reload memory 0's cached length (after a call or a `memory.grow` of
    /// any memory: memory 0 may be imported as another index too).
    fn reload_heap_len(&mut self, b: &mut FunctionBuilder<'_>) {
        if let (Some(m), Some(var)) = (self.vmmem, self.heap_len) {
            let len = b.ins().load(
                types::I64,
                MemFlagsData::trusted(),
                m,
                off(offset_of!(VMMemory, len)),
            );
            b.def_var(var, len);
        }
    }

    /// The native address of `[addr + offset, +size)` in memory `mem`,
    /// after checking it lies inside the memory, as a base value and an
    /// immediate offset for the access instruction. `addr` is an i32, or an
    /// i64 for a 64-bit memory.
    pub fn heap_addr(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        mem: u32,
        addr: Value,
        offset: u64,
        size: u32,
    ) -> (Value, i32) {
        let is64 = self.module.memories[mem as usize].is64();
        let a = if is64 {
            addr
        } else {
            b.ins().uextend(types::I64, addr)
        };
        // With a guard region every access of a 32-bit memory lands
        // inside the memory's reservation: the access itself traps
        // (`heap_flags`).
        if self.explicit_checks(mem) {
            self.bounds_check(b, mem, addr, a, offset, size, is64);
        }
        let base = self.heap_base(b, mem);
        let p = b.ins().iadd(base, a);
        match i32::try_from(offset) {
            Ok(imm) => (p, imm),
            Err(_) => (b.ins().iadd_imm_s(p, offset as i64), 0),
        }
    }

    /// Trap unless `a + offset + size <= len` of memory `mem` (`a`: the
    /// address `addr` as an i64), in exact arithmetic: for a 64-bit memory
    /// the sum may wrap around 2^64, which is detected (a wrapped sum is
    /// below `a`), and an end past 4 GiB is out of bounds of any memory
    /// (`MAX_MEMORY_BYTES`).
    #[allow(clippy::too_many_arguments)]
    fn bounds_check(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        mem: u32,
        addr: Value,
        a: Value,
        offset: u64,
        size: u32,
        is64: bool,
    ) {
        let end_off = match offset.checked_add(size as u64) {
            Some(e) if e <= MAX_MEMORY_BYTES => e,
            // Past the end of any memory, whatever the address.
            _ => {
                let always = b.ins().iconst(types::I8, 1);
                self.trap_if(b, always, TrapCode::MemoryOutOfBounds);
                return;
            }
        };
        let key = (mem, addr);
        if self.checked.get(&key).is_some_and(|&e| e >= end_off) {
            return;
        }
        let len = self.heap_len(b, mem);
        // addr < 2^32 (32-bit) and end_off <= 2^32: no overflow in 64 bits.
        let end = b.ins().iadd_imm_s(a, end_off as i64);
        let mut oob = b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        if is64 {
            let wrapped = b.ins().icmp(IntCC::UnsignedLessThan, end, a);
            oob = b.ins().bor(oob, wrapped);
        }
        self.trap_if(b, oob, TrapCode::MemoryOutOfBounds);
        self.checked.insert(key, end_off);
    }

    /// Pointer to the value cell of global `index`.
    fn global_cell(&mut self, b: &mut FunctionBuilder<'_>, index: u32) -> Value {
        let arr = b.ins().load(
            types::I64,
            fixed(),
            self.vmctx,
            off(offset_of!(VMContext, globals)),
        );
        b.ins().load(types::I64, fixed(), arr, (index * 8) as i32)
    }

    pub fn global_get(&mut self, b: &mut FunctionBuilder<'_>, index: u32) -> Value {
        let g = self.module.globals[index as usize];
        let cell = self.global_cell(b, index);
        let t = cl_type(g.content);
        let mut f = cell_flags(t);
        if g.mutability == crate::runtime::types::Mutability::Const {
            f = f.with_readonly().with_can_move();
        }
        b.ins().load(t, f, cell, 0)
    }

    pub fn global_set(&mut self, b: &mut FunctionBuilder<'_>, index: u32, v: Value) {
        let cell = self.global_cell(b, index);
        let t = b.func.dfg.value_type(v);
        b.ins().store(cell_flags(t), v, cell, 0);
    }

    /// The store function index (i32) of function `index` of the module.
    pub fn store_func_index(&mut self, b: &mut FunctionBuilder<'_>, index: u32) -> Value {
        let arr = b.ins().load(
            types::I64,
            fixed(),
            self.vmctx,
            off(offset_of!(VMContext, funcs)),
        );
        b.ins().load(types::I32, fixed(), arr, (index * 4) as i32)
    }

    /// Base and length of table `index`'s elements.
    pub fn table_base_len(&mut self, b: &mut FunctionBuilder<'_>, index: u32) -> (Value, Value) {
        let arr = b.ins().load(
            types::I64,
            fixed(),
            self.vmctx,
            off(offset_of!(VMContext, tables)),
        );
        let t = b.ins().load(types::I64, fixed(), arr, (index * 8) as i32);
        let f = MemFlagsData::trusted();
        let base = b
            .ins()
            .load(types::I64, f, t, off(offset_of!(VMTable, base)));
        let len = b
            .ins()
            .load(types::I64, f, t, off(offset_of!(VMTable, len)));
        (base, len)
    }

    /// Address of the `VMFuncRef` of store function `sidx` (an i32).
    fn func_ref(&mut self, b: &mut FunctionBuilder<'_>, sidx: Value) -> Value {
        let funcs = b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            self.runtime,
            off(offset_of!(VMRuntime, funcs)),
        );
        let i = b.ins().uextend(types::I64, sidx);
        let o = b
            .ins()
            .imul_imm_s(i, std::mem::size_of::<VMFuncRef>() as i64);
        b.ins().iadd(funcs, o)
    }

    /// Trap "indirect call type mismatch" unless store function `sidx` has
    /// canonical type `want`.
    pub fn check_func_type(&mut self, b: &mut FunctionBuilder<'_>, sidx: Value, want: u32) {
        let fr = self.func_ref(b, sidx);
        let have = b.ins().load(
            types::I32,
            MemFlagsData::trusted(),
            fr,
            off(offset_of!(VMFuncRef, type_id)),
        );
        let bad = b.ins().icmp_imm_s(IntCC::NotEqual, have, want as i64);
        self.trap_if(b, bad, TrapCode::BadSignature);
    }

    /// Call defined function `def` of this module: directly, or through
    /// its published entry point (and the runtime while it has none).
    pub fn call_defined(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        def: u32,
        args: &[Value],
    ) -> Vec<Value> {
        let tidx = self.module.func_types[(self.module.num_imported_funcs + def) as usize];
        // A function using exception handling is interpreted: the runtime
        // runs it (an exception it lets escape comes back as a trap, which
        // unwinds this frame to the interpreted handler).
        if self.module.eh_funcs[def as usize] {
            let sidx = self.store_func_index(b, self.module.num_imported_funcs + def);
            let ty = self.module.types[tidx as usize].clone();
            let r = self.call_through_runtime(b, sidx, &ty, args);
            self.reload_heap_len(b);
            return r;
        }
        if !self.direct_calls {
            // The slot lives in the module, as long as this code.
            let slot = self.module.code.entry_slot(def) as usize;
            let slot = b.ins().iconst(types::I64, slot as i64);
            let code = b.ins().load(types::I64, MemFlagsData::trusted(), slot, 0);
            let vmctx = self.vmctx;
            let sidx = self.store_func_index(b, self.module.num_imported_funcs + def);
            return self.call_code_or_runtime(b, code, vmctx, sidx, tidx, args);
        }
        let fref = self.defined_fref(b, def, tidx);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.vmctx);
        all.extend_from_slice(args);
        let call = b.ins().call(fref, &all);
        let r = b.inst_results(call).to_vec();
        self.reload_heap_len(b);
        r
    }

    /// The function reference of defined function `def` (type `tidx`) for
    /// direct calls.
    fn defined_fref(&mut self, b: &mut FunctionBuilder<'_>, def: u32, tidx: u32) -> ir::FuncRef {
        if let Some(f) = self.func_refs.get(&def) {
            return *f;
        }
        let signature = self.wasm_sig(b, tidx);
        let name = b
            .func
            .declare_imported_user_function(UserExternalName::new(0, def));
        let f = b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated: true,
            patchable: false,
        });
        self.func_refs.insert(def, f);
        f
    }

    /// Call store function `sidx` (an i32) of module type `type_index`:
    /// directly into its compiled code when it has some, else through the
    /// runtime on cells.
    pub fn call_store_func(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        sidx: Value,
        type_index: u32,
        args: &[Value],
    ) -> Vec<Value> {
        let (code, callee_vmctx) = self.func_code(b, sidx);
        self.call_code_or_runtime(b, code, callee_vmctx, sidx, type_index, args)
    }

    /// The compiled code (0 if none) and VM context of store function
    /// `sidx` (an i32), from its `VMFuncRef`.
    fn func_code(&mut self, b: &mut FunctionBuilder<'_>, sidx: Value) -> (Value, Value) {
        let fr = self.func_ref(b, sidx);
        let has_slot = b.create_block();
        let check = b.create_block();
        b.append_block_param(check, types::I64);
        let slot = b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            fr,
            off(offset_of!(VMFuncRef, entry)),
        );
        // Host functions have no slot: code 0 (the runtime path).
        let zero = b.ins().iconst(types::I64, 0);
        b.ins()
            .brif(slot, has_slot, &[], check, &[ir::BlockArg::Value(zero)]);
        b.seal_block(has_slot);
        b.switch_to_block(has_slot);
        // The published entry point (plain loads are acquire loads on x86-64).
        let code = b.ins().load(types::I64, MemFlagsData::trusted(), slot, 0);
        b.ins().jump(check, &[ir::BlockArg::Value(code)]);
        b.seal_block(check);
        b.switch_to_block(check);
        let code = b.block_params(check)[0];
        let callee_vmctx = b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            fr,
            off(offset_of!(VMFuncRef, vmctx)),
        );
        (code, callee_vmctx)
    }

    /// Call `code` (compiled code of store function `sidx`, or 0) with
    /// `callee_vmctx`; when `code` is 0, call `sidx` through the runtime.
    fn call_code_or_runtime(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        code: Value,
        callee_vmctx: Value,
        sidx: Value,
        type_index: u32,
        args: &[Value],
    ) -> Vec<Value> {
        let ty = self.module.types[type_index as usize].clone();
        let fast = b.create_block();
        let slow = b.create_block();
        let merge = b.create_block();
        for r in ty.results() {
            b.append_block_param(merge, cl_type(*r));
        }
        b.ins().brif(code, fast, &[], slow, &[]);
        b.seal_block(fast);
        b.seal_block(slow);

        b.switch_to_block(fast);
        let sig = self.wasm_sig(b, type_index);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(callee_vmctx);
        all.extend_from_slice(args);
        let call = b.ins().call_indirect(sig, code, &all);
        let rs: Vec<ir::BlockArg> = b
            .inst_results(call)
            .iter()
            .map(|v| ir::BlockArg::Value(*v))
            .collect();
        self.reload_heap_len(b);
        b.ins().jump(merge, &rs);

        b.switch_to_block(slow);
        let rs: Vec<ir::BlockArg> = self
            .call_through_runtime(b, sidx, &ty, args)
            .into_iter()
            .map(ir::BlockArg::Value)
            .collect();
        b.ins().jump(merge, &rs);

        b.seal_block(merge);
        b.switch_to_block(merge);
        b.block_params(merge).to_vec()
    }

    /// Call store function `sidx` (of type `ty`) through the runtime's call
    /// path (libcall `call_func` on the cells buffer); traps propagate.
    pub(super) fn call_through_runtime(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        sidx: Value,
        ty: &FuncType,
        args: &[Value],
    ) -> Vec<Value> {
        let cells = self.cells_addr(b, ty.cells() as u32);
        for (a, at) in args.iter().zip(cell_offsets(ty.params())) {
            let t = b.func.dfg.value_type(*a);
            b.ins().store(cell_flags(t), *a, cells, (at * 8) as i32);
        }
        let n = b.ins().iconst(types::I32, ty.cells() as i64);
        let status = self
            .libcall(b, Libcall::CallFunc, &[sidx, cells, n])
            .expect("call status");
        self.trap_on_status(b, status);
        ty.results()
            .iter()
            .zip(cell_offsets(ty.results()))
            .map(|(t, at)| {
                let t = cl_type(*t);
                b.ins().load(t, cell_flags(t), cells, (at * 8) as i32)
            })
            .collect()
    }

    /// Address of the spill area, at least `n` cells big.
    fn cells_addr(&mut self, b: &mut FunctionBuilder<'_>, n: u32) -> Value {
        let size = n.max(1) * 8;
        let slot = match &mut self.cells {
            Some((slot, s)) => {
                *s = (*s).max(size);
                *slot
            }
            None => {
                let slot = b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    size,
                    3,
                ));
                self.cells = Some((slot, size));
                slot
            }
        };
        b.ins().stack_addr(types::I64, slot, 0)
    }
}
