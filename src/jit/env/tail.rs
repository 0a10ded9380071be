//! Tail calls (`return_call`, `return_call_indirect`): the caller's frame
//! is replaced by the callee's (Cranelift's `return_call` in the `tail`
//! convention of every compiled wasm function).
//!
//! A callee with compiled code is tail-called directly. A callee without
//! any first gets some: the `TailCode` libcall compiles a wasm callee now
//! (`auto`, before its tier-up), so that a compiled frame tail-calls only
//! compiled code and a tail recursion through compiled frames runs in
//! constant native stack. Host functions (and a wasm callee the JIT cannot
//! compile) are called through the runtime, and their results returned:
//! the host function returns, so that costs one call's stack, not one per
//! step.

use super::{FuncEnv, Libcall};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;

impl FuncEnv<'_> {
    /// `return_call` of defined function `def` of this module; terminates
    /// the current block.
    pub fn tail_call_defined(&mut self, b: &mut FunctionBuilder<'_>, def: u32, args: &[Value]) {
        let tidx = self.module.func_types[(self.module.num_imported_funcs + def) as usize];
        if self.module.eh_funcs[def as usize] {
            // Interpreted (exception handling): called through the runtime,
            // its results returned; that edge costs one frame of stack.
            let sidx = self.store_func_index(b, self.module.num_imported_funcs + def);
            let ty = self.module.types[tidx as usize].clone();
            let rs = self.call_through_runtime(b, sidx, &ty, args);
            b.ins().return_(&rs);
            return;
        }
        if self.direct_calls {
            let fref = self.defined_fref(b, def, tidx);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(self.vmctx);
            all.extend_from_slice(args);
            b.ins().return_call(fref, &all);
            return;
        }
        // The slot lives in the module, as long as this code.
        let slot = self.module.code.entry_slot(def) as usize;
        let slot = b.ins().iconst(types::I64, slot as i64);
        let code = b.ins().load(types::I64, MemFlagsData::trusted(), slot, 0);
        let vmctx = self.vmctx;
        let sidx = self.store_func_index(b, self.module.num_imported_funcs + def);
        self.tail_code_or_runtime(b, code, vmctx, sidx, tidx, args);
    }

    /// Tail call of store function `sidx` (an i32) of module type
    /// `type_index`; terminates the current block.
    pub fn tail_call_store_func(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        sidx: Value,
        type_index: u32,
        args: &[Value],
    ) {
        let (code, callee_vmctx) = self.func_code(b, sidx);
        self.tail_code_or_runtime(b, code, callee_vmctx, sidx, type_index, args);
    }

    /// Tail-call `code` (compiled code of store function `sidx`, or 0)
    /// with `callee_vmctx`; when it is 0, ask `TailCode` for compiled code,
    /// and call a callee that has none (a host function) through the
    /// runtime, returning its results.
    fn tail_code_or_runtime(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        code: Value,
        callee_vmctx: Value,
        sidx: Value,
        type_index: u32,
        args: &[Value],
    ) {
        let ty = self.module.types[type_index as usize].clone();
        let fast = b.create_block();
        let slow = b.create_block();
        let runtime = b.create_block();
        b.append_block_param(fast, types::I64);
        b.ins().brif(code, fast, &[code.into()], slow, &[]);
        b.seal_block(slow);

        b.switch_to_block(slow);
        b.set_cold_block(slow);
        let now = self
            .libcall(b, Libcall::TailCode, &[sidx])
            .expect("tail code");
        b.ins().brif(now, fast, &[now.into()], runtime, &[]);
        b.seal_block(fast);
        b.seal_block(runtime);

        b.switch_to_block(fast);
        let code = b.block_params(fast)[0];
        let sig = self.wasm_sig(b, type_index);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(callee_vmctx);
        all.extend_from_slice(args);
        b.ins().return_call_indirect(sig, code, &all);

        b.switch_to_block(runtime);
        b.set_cold_block(runtime);
        let rs = self.call_through_runtime(b, sidx, &ty, args);
        b.ins().return_(&rs);
    }
}
