/*
 * ferrowasm.h -- ferrowasm's extensions to the standard wasm.h C API.
 *
 * Everything here is prefixed `ferrowasm_` and works with the objects of
 * wasm.h. A program that uses only wasm.h does not need this header.
 */

#ifndef FERROWASM_H
#define FERROWASM_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

/* The message of the last failure on the calling thread: why
 * wasm_module_new, wasm_module_deserialize or wasm_instance_new returned
 * NULL, why wasm_table_set/grow or wasm_memory_grow returned false, why
 * wasm_global_set left the global unchanged, and so on. NULL when there is
 * none (a successful wasm_module_new/wasm_instance_new clears it). The
 * pointer stays valid until the next failure on this thread. */
WASM_API_EXTERN const char* ferrowasm_last_error_message(void);

/* The same message copied into `out`: NUL-terminated, the NUL counted in
 * `size`; an empty vector when there is no message. The caller deletes it
 * with wasm_byte_vec_delete. */
WASM_API_EXTERN void ferrowasm_last_error(wasm_message_t* out);

/* ---- configuration ----------------------------------------------------- */

/* Execution tiers. */
typedef uint32_t ferrowasm_tier_t;
enum ferrowasm_tier_enum {
  FERROWASM_TIER_INTERP = 0, /* the interpreter only */
  FERROWASM_TIER_JIT = 1,    /* compile everything before running */
  FERROWASM_TIER_AUTO = 2,   /* start interpreted, compile hot code (the default) */
};

/* Choose the tier of engines made from `config`. Returns false (config
 * unchanged, last error set) for an unknown tier or one this build cannot
 * run (JIT needs a build with the `jit` feature, the default; without it
 * AUTO runs everything on the interpreter). */
WASM_API_EXTERN bool ferrowasm_config_set_tier(wasm_config_t* config, ferrowasm_tier_t tier);

/* Without a call to ferrowasm_config_set_tier, the tier of wasm_config_new()
 * and wasm_engine_new() is taken from the environment variable
 * FERROWASM_TIER ("interp", "jit" or "auto") if it is set to a tier this
 * build runs, else AUTO. This lets unchanged wasm.h programs run on any
 * tier. */

/* Size in bytes of the value stack of one call from the host (interpreted
 * wasm frames live there, not on the native stack; compiled frames use the
 * native stack with this as their budget; minimum 4096, default 8 MiB).
 * Running out is the trap "call stack exhausted". */
WASM_API_EXTERN void ferrowasm_config_set_max_stack_bytes(wasm_config_t* config, size_t bytes);

/* Maximum nesting of interpreted wasm calls in one call from the host
 * (default 100000; compiled code is bounded by the stack budget only).
 * Exceeding it is the trap "call stack exhausted". */
WASM_API_EXTERN void ferrowasm_config_set_max_call_depth(wasm_config_t* config, uint32_t depth);

/* Upper bound for every linear memory, in 64 KiB pages (default and
 * maximum 65536, i.e. 4 GiB). Creating a memory whose minimum is larger
 * fails; growing past it fails like growing past a declared maximum. */
WASM_API_EXTERN void ferrowasm_config_set_max_memory_pages(wasm_config_t* config, uint32_t pages);

/* Upper bound for every table, in elements (default 10000000). */
WASM_API_EXTERN void ferrowasm_config_set_max_table_elements(wasm_config_t* config, uint32_t elements);

/* Whether compiled code (the jit and auto tiers) traps by faulting, caught
 * by signal handlers installed once per process and chained to the host's
 * (true, the default: fastest), or with explicit bounds checks and trap
 * conditions and no signal handler at all (false: for hosts that own their
 * signals, such as JVMs and Go programs). The interpreter never uses
 * signals. */
WASM_API_EXTERN void ferrowasm_config_set_signals_based_traps(wasm_config_t* config, bool enable);

/* ---- values ------------------------------------------------------------ */

/* The value kind of `v128`, which upstream wasm.h lacks (the value other
 * engines' headers give it). wasm_valtype_new(FERROWASM_V128) and types
 * containing it work, but a wasm_val_t has no room for 128 bits:
 * wasm_func_call of a function with a v128 parameter or result, and a
 * wasm.h host function with one, fail with a trap saying so;
 * wasm_global_get of a v128 global gives its low 64 bits in `of.i64`, and
 * wasm_global_set of one fails. */
#define FERROWASM_V128 ((wasm_valkind_t)4)
/* The name V8's and WAMR's extended headers give the same kind (also
 * defined by wasm_export.h). */
#ifndef FERROWASM_WASM_V128_DEFINED
#define FERROWASM_WASM_V128_DEFINED
enum { WASM_V128 = 4 };
#endif

/* Whether the multi-memory proposal is on (true, the default: a module may
 * define and import any number of linear memories, and wasm_instance_exports
 * gives each exported one), or modules are validated as WebAssembly 2.0
 * does, with one memory at most (false). */
WASM_API_EXTERN void ferrowasm_config_set_multi_memory(wasm_config_t* config, bool enable);

/* Whether the tail-call proposal is on (true, the default: return_call and
 * return_call_indirect replace the caller's frame, in constant stack), or
 * modules using them are refused as "unsupported feature: tail-call"
 * (false). */
WASM_API_EXTERN void ferrowasm_config_set_tail_call(wasm_config_t* config, bool enable);

/* Whether SIMD and relaxed SIMD are on (true, the default; relaxed SIMD
 * gives one deterministic result per operation, the same on every tier),
 * or a module using them is refused with "unsupported feature: simd"
 * (false). */
WASM_API_EXTERN void ferrowasm_config_set_simd(wasm_config_t* config, bool enable);

/* Whether extended constant expressions (i32/i64.add, sub, mul and
 * global.get in global initialisers and segment offsets) are on (true, the
 * default) or a module using them is refused with "unsupported feature:
 * extended-const". */
WASM_API_EXTERN void ferrowasm_config_set_extended_const(wasm_config_t* config, bool enable);

/* Whether the wide-arithmetic proposal (i64.add128, i64.sub128,
 * i64.mul_wide_s, i64.mul_wide_u) is on (true, the default) or a module
 * using it is refused with "unsupported feature: wide-arithmetic". */
WASM_API_EXTERN void ferrowasm_config_set_wide_arithmetic(wasm_config_t* config, bool enable);

/* Whether the memory64 proposal (memories and tables with i64 addresses,
 * indices and limits) is on (true, the default) or a module using it is
 * refused with "memory64 must be enabled for 64-bit memories" (false). */
WASM_API_EXTERN void ferrowasm_config_set_memory64(wasm_config_t* config, bool enable);

/* Whether the custom page sizes proposal (memories of 1-byte pages,
 * `(pagesize 1)`) is on (true, the default) or a module declaring a page
 * size is refused with "the custom page sizes proposal must be enabled"
 * (false). */
WASM_API_EXTERN void ferrowasm_config_set_custom_page_sizes(wasm_config_t* config, bool enable);

/* Whether exception handling (tags, throw, throw_ref, try_table, exnref,
 * and the legacy try/catch/delegate/rethrow that toolchains still emit) is
 * on (true, the default) or a module using it is refused (false). */
WASM_API_EXTERN void ferrowasm_config_set_exceptions(wasm_config_t* config, bool enable);

/* ---- memory64 and custom page sizes ------------------------------------ */

/* wasm.h's sizes and limits are 32-bit. Where a memory's or table's size
 * or limits do not fit (memory64, table64, or a 4 GiB memory of 1-byte
 * pages), wasm_memory_size saturates at UINT32_MAX and wasm_limits_t's
 * min and max saturate at UINT32_MAX (a saturated max reads as
 * wasm_limits_max_default). These functions give them whole. Sizes count
 * pages of the memory's page size (1 << ferrowasm_memorytype_page_size_log2
 * bytes); no linear memory is larger than 4 GiB. */

/* The memory's size in pages; 0 for NULL. */
WASM_API_EXTERN uint64_t ferrowasm_memory_size64(const wasm_memory_t* memory);

/* Whether the memory type is 64-bit (i64 addresses). */
WASM_API_EXTERN bool ferrowasm_memorytype_is64(const wasm_memorytype_t* type);

/* The log2 of the memory type's page size: 16 (64 KiB, the default) or 0
 * (1-byte pages). */
WASM_API_EXTERN uint32_t ferrowasm_memorytype_page_size_log2(const wasm_memorytype_t* type);

/* The memory type's limits in pages; *max is UINT64_MAX when there is no
 * maximum. False, and nothing written, when an argument is NULL. */
WASM_API_EXTERN bool ferrowasm_memorytype_limits64(
  const wasm_memorytype_t* type, uint64_t* min, uint64_t* max);

/* Whether the table type is a table64 (i64 indices). */
WASM_API_EXTERN bool ferrowasm_tabletype_is64(const wasm_tabletype_t* type);

/* ---- exception tags ---------------------------------------------------- */

/* Modules define, import and export exception tags; a tag is an extern of
 * kind WASM_EXTERN_TAG (wasm_extern_kind, wasm_externtype_kind,
 * wasm_importtype_type and wasm_exporttype_type give it). A host creates
 * one with wasm_tag_new and passes it to wasm_instance_new like any
 * import: modules sharing it throw and catch each other's exceptions.
 * An exception a module does not catch reaches the host as a wasm_trap_t
 * ("uncaught exception"); exception objects never cross the C API, and
 * `exnref` values (kind FERROWASM_EXNREF) cannot be held by a wasm_val_t
 * (a function taking or returning one cannot be called through
 * wasm_func_call: the call fails with a trap saying so). */
#ifndef FERROWASM_WASM_EXTERN_TAG_DEFINED
#define FERROWASM_WASM_EXTERN_TAG_DEFINED
enum { WASM_EXTERN_TAG = 4 };
#endif
#define FERROWASM_EXNREF ((wasm_valkind_t)130)

/* The names and signatures are those of V8's extended wasm.h, so that
 * clients written for it (Wasmer's V8 backend is one) build unchanged. */
typedef struct wasm_tagtype_t wasm_tagtype_t;
typedef struct wasm_tag_t wasm_tag_t;
typedef struct wasm_tagtype_vec_t {
  size_t size;
  wasm_tagtype_t** data;
} wasm_tagtype_vec_t;
WASM_API_EXTERN void wasm_tagtype_vec_new_empty(wasm_tagtype_vec_t* out);
WASM_API_EXTERN void wasm_tagtype_vec_new_uninitialized(wasm_tagtype_vec_t* out, size_t);
WASM_API_EXTERN void wasm_tagtype_vec_new(wasm_tagtype_vec_t* out, size_t, wasm_tagtype_t* const[]);
WASM_API_EXTERN void wasm_tagtype_vec_copy(wasm_tagtype_vec_t* out, const wasm_tagtype_vec_t*);
WASM_API_EXTERN void wasm_tagtype_vec_delete(wasm_tagtype_vec_t*);

/* (Results and arguments marked "taken" are owned, as wasm.h's `own`.)
 * A tag type whose exceptions carry values of the types `params` (taken;
 * NULL is no values). NULL (and a last error) for a NULL entry. */
WASM_API_EXTERN wasm_tagtype_t* wasm_tagtype_new(wasm_valtype_vec_t* params);
WASM_API_EXTERN void wasm_tagtype_delete(wasm_tagtype_t*);
WASM_API_EXTERN wasm_tagtype_t* wasm_tagtype_copy(const wasm_tagtype_t*);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_tagtype_params(const wasm_tagtype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tagtype_as_externtype(wasm_tagtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tagtype_as_externtype_const(const wasm_tagtype_t*);
/* NULL unless the extern type is a tag type. */
WASM_API_EXTERN wasm_tagtype_t* wasm_externtype_as_tagtype(wasm_externtype_t*);
WASM_API_EXTERN const wasm_tagtype_t* wasm_externtype_as_tagtype_const(const wasm_externtype_t*);

/* A new tag of type `type` (borrowed) in `store`: distinct from every other
 * tag, even one of the same type. */
WASM_API_EXTERN wasm_tag_t* wasm_tag_new(wasm_store_t* store, const wasm_tagtype_t* type);
WASM_API_EXTERN void wasm_tag_delete(wasm_tag_t*);
WASM_API_EXTERN wasm_tag_t* wasm_tag_copy(const wasm_tag_t*);
/* Whether two handles name the same tag. */
WASM_API_EXTERN bool wasm_tag_same(const wasm_tag_t*, const wasm_tag_t*);
WASM_API_EXTERN void* wasm_tag_get_host_info(const wasm_tag_t*);
WASM_API_EXTERN void wasm_tag_set_host_info(wasm_tag_t*, void*);
WASM_API_EXTERN void wasm_tag_set_host_info_with_finalizer(wasm_tag_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_tag_as_ref(wasm_tag_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_tag_as_ref_const(const wasm_tag_t*);
WASM_API_EXTERN wasm_tag_t* wasm_ref_as_tag(wasm_ref_t*);
WASM_API_EXTERN const wasm_tag_t* wasm_ref_as_tag_const(const wasm_ref_t*);
WASM_API_EXTERN wasm_tagtype_t* wasm_tag_type(const wasm_tag_t*);
WASM_API_EXTERN wasm_extern_t* wasm_tag_as_extern(wasm_tag_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_tag_as_extern_const(const wasm_tag_t*);
/* NULL unless the extern is a tag. */
WASM_API_EXTERN wasm_tag_t* wasm_extern_as_tag(wasm_extern_t*);
WASM_API_EXTERN const wasm_tag_t* wasm_extern_as_tag_const(const wasm_extern_t*);

/* ---- stores ------------------------------------------------------------ */

/* Reclaim now every object of the store that no handle refers to and that
 * nothing reachable from a handle refers to, running host-info finalizers
 * of what is freed. Returns the number of objects freed. The store also
 * does this by itself from time to time; this call is for tests and for
 * hosts that want the memory back at a moment of their choosing. Does
 * nothing while a call into wasm is running in the store. */
WASM_API_EXTERN size_t ferrowasm_store_collect(wasm_store_t* store);

/* Number of live objects in the store (functions, globals, tables,
 * memories, instances and externref slots). */
WASM_API_EXTERN size_t ferrowasm_store_live_objects(const wasm_store_t* store);

/* ---- fuel and interruption ------------------------------------------- */

/* Hosts that run code they do not trust bound it two ways.
 *
 * Fuel: with ferrowasm_config_set_consume_fuel(config, true) every store of
 * the engine holds a number of units (0 at first) and each executed wasm
 * instruction costs one, charged per straight-line segment before it runs,
 * identically on every tier (a run uses the same fuel on interp, jit and
 * auto). When the fuel left cannot pay for the next segment the call traps
 * with the message "all fuel consumed" and the fuel left is 0; set more and
 * the store runs again. Metering costs some speed, so it is off by default.
 *
 * Interruption: a handle, usable from any thread, makes the store's running
 * wasm code trap "interrupted" at its next function entry or loop
 * iteration (a host function in progress finishes first). Raised while no
 * wasm code runs, it stops the next call at once. The trap lowers it: the
 * store stays usable. Always on, at the cost of one check per function
 * entry and loop iteration. */

/* Whether the engine meters fuel (default false). */
WASM_API_EXTERN void ferrowasm_config_set_consume_fuel(wasm_config_t* config, bool enable);

/* Set the store's fuel to `fuel` units. False, with the last error set
 * (ferrowasm_last_error_message), for NULL or when the engine does not
 * meter fuel. */
WASM_API_EXTERN bool ferrowasm_store_set_fuel(wasm_store_t* store, uint64_t fuel);

/* The store's fuel left into *fuel. False (nothing written, the last error
 * set) for NULL arguments or when the engine does not meter fuel. */
WASM_API_EXTERN bool ferrowasm_store_get_fuel(const wasm_store_t* store, uint64_t* fuel);

typedef struct ferrowasm_interrupt_handle_t ferrowasm_interrupt_handle_t;

/* A handle that interrupts `store`'s wasm code; NULL for NULL. It may be
 * used from any thread and may outlive the store (it then does nothing).
 * Delete it with ferrowasm_interrupt_handle_delete. */
WASM_API_EXTERN ferrowasm_interrupt_handle_t* ferrowasm_interrupt_handle_new(wasm_store_t* store);

/* Make the store's running wasm code, or the next it runs, trap
 * "interrupted". Any thread, any time; NULL is ignored. */
WASM_API_EXTERN void ferrowasm_interrupt_handle_interrupt(const ferrowasm_interrupt_handle_t* handle);

WASM_API_EXTERN void ferrowasm_interrupt_handle_delete(ferrowasm_interrupt_handle_t* handle);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* FERROWASM_H */
