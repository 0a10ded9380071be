//! Module generation with wasm-smith, restricted to what the engine
//! enables and the oracle (wasmi) computes the same way: WebAssembly 2.0
//! with SIMD, multi-memory, tail calls, extended constant expressions and
//! wide arithmetic, and in one module of four exceptions and memory64. Relaxed SIMD is not generated: its results
//! are implementation-defined, so wasmi may rightly differ from us (the
//! tiers' agreement on it is tested in tests/v128.rs). When the engine gains
//! a feature (memory64, exceptions, GC, threads), enable it here so that the targets
//! cover it.

use arbitrary::Unstructured;

/// The wasm-smith configuration of the targets. `wasm3`: also exception
/// handling and memory64 (WebAssembly 3.0 features the engine runs; wasmi
/// runs memory64 but not exceptions, so `exec` compares modules that use
/// exceptions across the tiers only).
pub fn config(wasm3: bool) -> wasm_smith::Config {
    wasm_smith::Config {
        // WebAssembly 2.0: multi-value, bulk memory, reference types,
        // sign extension, saturating conversions, mutable globals.
        multi_value_enabled: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        sign_extension_ops_enabled: true,
        saturating_float_to_int_enabled: true,
        // Fixed-width SIMD (WebAssembly 2.0).
        simd_enabled: true,
        // Implementation-defined results (see above).
        relaxed_simd_enabled: false,
        // WebAssembly 3.0 proposals the engine runs.
        tail_call_enabled: true,
        extended_const_enabled: true,
        wide_arithmetic_enabled: true,
        // Not enabled in the engine yet.
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        gc_enabled: false,
        exceptions_enabled: wasm3,
        memory64_enabled: wasm3,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        // Self-contained modules whose every item can be observed.
        max_imports: 0,
        export_everything: true,
        // Deterministic NaNs, so that memory and globals compare bit for bit.
        canonicalize_nans: true,
        // Multi-memory (wasm-smith enables it with more than one memory).
        max_memories: 3,
        max_tables: 2,
        // Keep memories small enough to compare after every call.
        max_memory32_bytes: 16 << 16,
        max_memory64_bytes: 16 << 16,
        max_table_elements: 1000,
        min_funcs: 2,
        max_funcs: 30,
        max_instructions: 300,
        ..wasm_smith::Config::default()
    }
}

/// A module from `data` (any bytes make one), with every loop and call
/// bounded by a fuel global so that it terminates. The rest of `data`
/// (after what wasm-smith used) is returned for the call arguments. One
/// input in four (first byte 3 mod 4) has the WebAssembly 3.0 features of
/// [`config`]; the choice reads no byte, so older saved inputs make the
/// modules they made before.
pub fn module(data: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let wasm3 = data.first().is_some_and(|b| b % 4 == 3);
    let mut u = Unstructured::new(data);
    let mut m = wasm_smith::Module::new(config(wasm3), &mut u).ok()?;
    m.ensure_termination(2_000).ok()?;
    let rest = u.take_rest().to_vec();
    Some((m.to_bytes(), rest))
}
