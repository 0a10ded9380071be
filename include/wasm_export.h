/*
 * wasm_export.h -- ferrowasm's WAMR-compatible embedding API.
 *
 * Declares every function, type, enum value and macro of WAMR 2.4.3's
 * core/iwasm/include/wasm_export.h (and lib_export.h, included below) with
 * WAMR's signatures, over the same runtime as wasm.h, so that hosts written
 * for WAMR compile and link unchanged. examples/embed/FUNCTIONS.md gives
 * the status of each function.
 *
 * What a host may notice:
 * - This header includes wasm.h and shares its wasm_val_t (WAMR's layout:
 *   a kind byte, then an 8-aligned union with i32/i64/f32/f64, `foreign`
 *   (uintptr_t, an externref's host value) and `ref`). WAMR does the same
 *   when wasm_c_api.h is included first: one wasm_val_t for both headers.
 * - wasm.h names its compiled-module struct `wasm_module_t`; WAMR's API
 *   needs `wasm_module_t` to be a handle (a pointer). After this header,
 *   `wasm_module_t` is the WAMR handle (a macro for wasm_runtime_module_t);
 *   a translation unit that also uses wasm.h's modules names those
 *   `wasm_c_module_t` (wasm_c_module_t *m = wasm_module_new(...)).
 * - Build options WAMR has and ferrowasm lacks behave as WAMR built without
 *   them: AOT files (Wasm_Module_AoT) and XIP are refused with a message,
 *   the debugger (start_debug_instance) returns 0, PGO data is empty,
 *   perf profiling and memory-consumption dumps print that they are not
 *   built in. Each such function says so below.
 * - Every call checks its handles: NULL or destroyed modules, instances and
 *   exec envs, a function of another instance, a wrong argument count; it
 *   fails with a message (the exception, error_buf, or
 *   ferrowasm_runtime_last_error()), never a crash.
 * - Spawned exec envs and threads work as in WAMR without shared memory
 *   (which ferrowasm does not support): a spawned exec env runs a new
 *   instance of the module (fresh memory and globals) that can run on
 *   another thread while its parent runs; see their declarations.
 */

#ifndef _WASM_EXPORT_H
#define _WASM_EXPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib_export.h"
#include "wasm.h"

#ifndef WASM_RUNTIME_API_EXTERN
#if defined(__GNUC__) || defined(__clang__)
#define WASM_RUNTIME_API_EXTERN __attribute__((visibility("default")))
#else
#define WASM_RUNTIME_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- short integer names used by the guide's samples -------------------- */

#ifndef FERROWASM_NO_SHORT_INT_TYPES
#ifndef _BH_PLATFORM_H
#ifndef FERROWASM_SHORT_INT_TYPES_DEFINED
#define FERROWASM_SHORT_INT_TYPES_DEFINED
typedef uint8_t uint8;
typedef int8_t int8;
typedef uint16_t uint16;
typedef int16_t int16;
typedef uint32_t uint32;
typedef int32_t int32;
typedef uint64_t uint64;
typedef int64_t int64;
typedef float float32;
typedef double float64;
#endif
#endif
#endif

/* ---- short forms for native functions (they need `module_inst`) -------- */

#define get_module_inst(exec_env) wasm_runtime_get_module_inst(exec_env)
#define validate_app_addr(offset, size) \
  wasm_runtime_validate_app_addr(module_inst, offset, size)
#define validate_app_str_addr(offset) \
  wasm_runtime_validate_app_str_addr(module_inst, offset)
#define validate_native_addr(addr, size) \
  wasm_runtime_validate_native_addr(module_inst, addr, size)
#define addr_app_to_native(offset) wasm_runtime_addr_app_to_native(module_inst, offset)
#define addr_native_to_app(ptr) wasm_runtime_addr_native_to_app(module_inst, ptr)
#define module_malloc(size, p_native_addr) \
  wasm_runtime_module_malloc(module_inst, size, p_native_addr)
#define module_free(offset) wasm_runtime_module_free(module_inst, offset)

/* Raw natives (wasm_runtime_register_natives_raw):
 * void f(wasm_exec_env_t env, uint64_t *args): one 64-bit slot per
 * argument (pointers already checked and converted), the result in
 * args[0]. */
#define native_raw_return_type(type, args) type *raw_ret = (type *)(args)
#define native_raw_get_arg(type, name, args) type name = *((type *)(args++))
#define native_raw_set_return(val) *raw_ret = (val)

/* ---- handles and types ---------------------------------------------------- */

/* wasm.h's module type, under a name that survives the macro below. */
typedef wasm_module_t wasm_c_module_t;

/* A loaded (compiled) module. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_runtime_module_t;
#define wasm_module_t wasm_runtime_module_t
#ifndef WASM_MODULE_T_DEFINED
#define WASM_MODULE_T_DEFINED
#endif

/* What an import or export is (wasm_import_t, wasm_export_t). */
typedef enum {
  WASM_IMPORT_EXPORT_KIND_FUNC,
  WASM_IMPORT_EXPORT_KIND_TABLE,
  WASM_IMPORT_EXPORT_KIND_MEMORY,
  WASM_IMPORT_EXPORT_KIND_GLOBAL
} wasm_import_export_kind_t;

/* Types of a module's imports and exports; they live as long as the module
 * (read them with wasm_func_type_get_* and friends). */
struct WASMFuncType;
typedef struct WASMFuncType *wasm_func_type_t;
struct WASMTableType;
typedef struct WASMTableType *wasm_table_type_t;
struct WASMGlobalType;
typedef struct WASMGlobalType *wasm_global_type_t;
#ifndef WASM_MEMORY_T_DEFINED
#define WASM_MEMORY_T_DEFINED
struct WASMMemory;
typedef struct WASMMemory WASMMemoryType;
#endif
typedef WASMMemoryType *wasm_memory_type_t;

/* An import: names point into the module (valid while it is loaded);
 * `linked` says whether a registered native (or registered module)
 * provides it now. */
typedef struct wasm_import_t {
  const char *module_name;
  const char *name;
  wasm_import_export_kind_t kind;
  bool linked;
  union {
    wasm_func_type_t func_type;
    wasm_table_type_t table_type;
    wasm_global_type_t global_type;
    wasm_memory_type_t memory_type;
  } u;
} wasm_import_t;

typedef struct wasm_export_t {
  const char *name;
  wasm_import_export_kind_t kind;
  union {
    wasm_func_type_t func_type;
    wasm_table_type_t table_type;
    wasm_global_type_t global_type;
    wasm_memory_type_t memory_type;
  } u;
} wasm_export_t;

/* An instance of a module (its memory, globals, tables, exception, app
 * heap, user data). */
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;

/* A function exported by an instance (valid while the instance lives). */
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;

/* A linear memory of an instance (valid while the instance lives). */
struct WASMMemoryInstance;
typedef struct WASMMemoryInstance *wasm_memory_inst_t;

/* One frame of wasm_copy_callstack. */
typedef struct wasm_frame_t {
  void *instance;
  uint32_t module_offset;
  uint32_t func_index;
  uint32_t func_offset;
  const char *func_name_wp;
  uint32_t *sp;
  uint8_t *frame_ref;
  uint32_t *lp;
} WASMCApiFrame;

/* A section of a module, for wasm_runtime_load_from_sections: the body
 * without its id and size. */
typedef struct wasm_section_t {
  struct wasm_section_t *next;
  int section_type;
  uint8_t *section_body;
  uint32_t section_body_size;
} wasm_section_t, aot_section_t, *wasm_section_list_t, *aot_section_list_t;

/* An execution environment: the stack calls of one thread run on. */
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;

/* A shared heap (WAMR's WAMR_BUILD_SHARED_HEAP; not built in: see below). */
struct WASMSharedHeap;
typedef struct WASMSharedHeap *wasm_shared_heap_t;

/* What a buffer holds (get_package_type). */
typedef enum {
  Wasm_Module_Bytecode = 0,
  Wasm_Module_AoT,
  Package_Type_Unknown = 0xFFFF
} package_type_t;

#ifndef MEM_ALLOC_OPTION_DEFINED
#define MEM_ALLOC_OPTION_DEFINED
/* Where the runtime's own memory comes from. */
typedef enum {
  /* Everything from the host's buffer (modules, instances, linear
   * memories, stacks; executable JIT pages excepted). Running out makes
   * load/instantiate fail with a message. */
  Alloc_With_Pool = 0,
  /* From the host's malloc_func/free_func (in chunks). */
  Alloc_With_Allocator,
  /* From the system allocator (what wasm_runtime_init uses). */
  Alloc_With_System_Allocator,
} mem_alloc_type_t;

typedef enum { Alloc_For_Runtime, Alloc_For_LinearMemory } mem_alloc_usage_t;

typedef union MemAllocOption {
  struct {
    void *heap_buf;
    uint32_t heap_size;
  } pool;
  struct {
    /* void *malloc_func(unsigned int size); void free_func(void *ptr);
     * realloc_func is accepted and not needed. */
    void *malloc_func;
    void *realloc_func;
    void *free_func;
    void *user_data;
  } allocator;
} MemAllocOption;
#endif

/* Pool statistics (Alloc_With_Pool). */
typedef struct mem_alloc_info_t {
  uint32_t total_size;
  uint32_t total_free_size;
  uint32_t highmark_size;
} mem_alloc_info_t;

/* Running modes, mapped to ferrowasm's tiers: Mode_Interp runs on the
 * interpreter; Mode_Fast_JIT and Mode_LLVM_JIT compile everything with the
 * Cranelift JIT before running; Mode_Multi_Tier_JIT starts interpreted and
 * compiles hot functions in the background. */
typedef enum RunningMode {
  Mode_Interp = 1,
  Mode_Fast_JIT,
  Mode_LLVM_JIT,
  Mode_Multi_Tier_JIT,
} RunningMode;

typedef struct RuntimeInitArgs {
  mem_alloc_type_t mem_alloc_type;
  MemAllocOption mem_alloc_option;

  /* Natives registered at init (like wasm_runtime_register_natives). */
  const char *native_module_name;
  NativeSymbol *native_symbols;
  uint32_t n_native_symbols;

  /* Spawned exec envs (threads included) a cluster may have alive at once
   * (0 means the default, 4); see wasm_runtime_spawn_exec_env. */
  uint32_t max_thread_num;

  /* Debugger settings: accepted, unused. */
  char ip_addr[128];
  int unused;
  int instance_port;

  /* JIT settings: accepted, unused (Cranelift manages its code). */
  uint32_t fast_jit_code_cache_size;
  uint32_t gc_heap_size;

  /* Default running mode. 0, as with WAMR built with its multi-tier JIT:
   * Mode_Multi_Tier_JIT with the system allocator, Mode_Interp under a pool
   * or host allocator (background compilation cannot be bounded there). */
  RunningMode running_mode;

  uint32_t llvm_jit_opt_level;
  uint32_t llvm_jit_size_level;
  uint32_t segue_flags;
  bool enable_linux_perf;
} RuntimeInitArgs;

#ifndef LOAD_ARGS_OPTION_DEFINED
#define LOAD_ARGS_OPTION_DEFINED
/* wasm_runtime_load_ex's options. */
typedef struct LoadArgs {
  /* The module's name (wasm_runtime_get_module_name); may be NULL. */
  char *name;
  /* Used by WAMR's wasm_c_api only; ignored. */
  bool clone_wasm_binary;
  /* ferrowasm always copies the binary, so the buffer may be freed after
   * loading whatever this says. */
  bool wasm_binary_freeable;
  /* Do not check the imports now: wasm_runtime_resolve_symbols does. */
  bool no_resolve;
} LoadArgs;
#endif

#ifndef INSTANTIATION_ARGS_OPTION_DEFINED
#define INSTANTIATION_ARGS_OPTION_DEFINED
/* wasm_runtime_instantiate_ex's options (0 for the defaults). */
typedef struct InstantiationArgs {
  uint32_t default_stack_size;
  uint32_t host_managed_heap_size;
  /* Lowers the maximum of the default memory (0: the module's own). */
  uint32_t max_memory_pages;
} InstantiationArgs;
#endif

/* The same options behind a handle (wasm_runtime_instantiation_args_*). */
struct InstantiationArgs2;

#ifndef WASM_VALKIND_T_DEFINED
#define WASM_VALKIND_T_DEFINED
#endif
/* WAMR's value kind of v128 (wasm.h's enum has none; ferrowasm.h defines
 * the same). wasm_runtime_call_wasm passes a v128 as four argv cells,
 * lowest first; wasm_val_t cannot hold one, so wasm_runtime_call_wasm_a/_v
 * refuse functions with a v128 parameter or result. */
#ifndef FERROWASM_WASM_V128_DEFINED
#define FERROWASM_WASM_V128_DEFINED
enum { WASM_V128 = 4 };
#endif
#ifndef WASM_VAL_T_DEFINED
#define WASM_VAL_T_DEFINED
#endif

/* An exported global: `global_data` points to its live value (i32/f32:
 * 4 bytes, i64/f64: 8; externref/funcref: a runtime cell, not to be
 * interpreted), valid while the instance lives. */
typedef struct wasm_global_inst_t {
  wasm_valkind_t kind;
  bool is_mutable;
  void *global_data;
} wasm_global_inst_t;

/* An exported table, for wasm_table_get_func_inst (`elems` is ferrowasm's
 * record of the table, not an array: do not read it). */
typedef struct wasm_table_inst_t {
  wasm_valkind_t elem_kind;
  uint32_t cur_size;
  uint32_t max_size;
  void *elems;
} wasm_table_inst_t;

/* How much the runtime prints to stderr (wasm_runtime_set_log_level). */
typedef enum {
  WASM_LOG_LEVEL_FATAL = 0,
  WASM_LOG_LEVEL_ERROR = 1,
  WASM_LOG_LEVEL_WARNING = 2,
  WASM_LOG_LEVEL_DEBUG = 3,
  WASM_LOG_LEVEL_VERBOSE = 4
} log_level_t;

typedef struct SharedHeapInitArgs {
  uint32_t size;
  void *pre_allocated_addr;
} SharedHeapInitArgs;

/* Id of a thread started by wasm_runtime_spawn_thread (never 0). */
typedef uintptr_t wasm_thread_t;
typedef void *(*wasm_thread_callback_t)(wasm_exec_env_t, void *);

/* Gives the bytes of a module named by an import (multi-module): true and
 * *p_buffer and *p_size set, or false when it has none. */
typedef bool (*module_reader)(package_type_t module_type, const char *module_name,
                              uint8_t **p_buffer, uint32_t *p_size);
/* Releases what the reader gave, once the module is loaded. */
typedef void (*module_destroyer)(uint8_t *buffer, uint32_t size);

typedef enum {
  INTERNAL_ERROR,
  MAX_SIZE_REACHED,
} enlarge_memory_error_reason_t;

typedef void (*enlarge_memory_error_callback_t)(uint32_t inc_page_count,
                                                uint64_t current_memory_size,
                                                uint32_t memory_index,
                                                enlarge_memory_error_reason_t failure_reason,
                                                wasm_module_inst_t instance,
                                                wasm_exec_env_t exec_env, void *user_data);


/* ---- runtime initialisation --------------------------------------------- */

/* Initialise with the system allocator. May be called again while the
 * runtime is up (each call needs a wasm_runtime_destroy). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_init(void);
/* Initialise with `init_args` (allocator, natives, running mode). Fails
 * (false, ferrowasm_runtime_last_error() says why) for a pool too small,
 * bad natives, an unknown mode, or a runtime already up with another
 * allocator. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_full_init(RuntimeInitArgs *init_args);
/* Messages the runtime prints to stderr at or below `level` (default
 * WASM_LOG_LEVEL_WARNING); out-of-range levels are clamped. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_log_level(log_level_t level);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_running_mode_supported(RunningMode running_mode);
/* The mode of instances made from now on. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_set_default_running_mode(RunningMode running_mode);
/* Tear down when the last init is matched: everything still loaded is
 * released; the pool is given back to the host. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy(void);
/* Memory from the runtime's allocator (the pool, in pool mode). */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_malloc(unsigned int size);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_realloc(void *ptr, unsigned int size);
WASM_RUNTIME_API_EXTERN void wasm_runtime_free(void *ptr);
/* Pool mode only (false otherwise). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_mem_alloc_info(mem_alloc_info_t *mem_alloc_info);

/* ferrowasm: why the last call that has no error buffer or exception
 * (init, register_natives, ...) failed on this thread; NULL if none. */
WASM_RUNTIME_API_EXTERN const char *ferrowasm_runtime_last_error(void);

/* ---- package types and versions ----------------------------------------- */

/* Wasm_Module_Bytecode for "\0asm", Wasm_Module_AoT for WAMR's "\0aot"
 * magic, else Package_Type_Unknown (also for NULL or fewer than 4 bytes). */
WASM_RUNTIME_API_EXTERN package_type_t get_package_type(const uint8_t *buf, uint32_t size);
WASM_RUNTIME_API_EXTERN package_type_t wasm_runtime_get_file_package_type(const uint8_t *buf, uint32_t size);
WASM_RUNTIME_API_EXTERN package_type_t wasm_runtime_get_module_package_type(const wasm_module_t module);
/* The version field after the magic (0 for unknown or short buffers). */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_file_package_version(const uint8_t *buf, uint32_t size);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_module_package_version(const wasm_module_t module);
/* The version this runtime loads: 1 for bytecode; 0 for AoT, whose files
 * ferrowasm cannot load (as WAMR built without WAMR_BUILD_AOT). */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_current_package_version(package_type_t package_type);
/* Always false: execute-in-place needs AOT files, which ferrowasm does
 * not load (WAMR without AOT answers the same). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_xip_file(const uint8_t *buf, uint32_t size);

/* ---- modules and the module registry ------------------------------------ */

/* The module registry. ferrowasm keeps it (register, find, the reader)
 * but does not link modules to one another (WAMR's multi-module) yet: an
 * instance whose import names a registered module fails to instantiate,
 * saying so; the reader is stored and not called. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_module_reader(const module_reader reader, const module_destroyer destroyer);
/* Register `module` under `module_name` (a module has one name: a new
 * one replaces its old). Fails for a name another live module has. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_register_module(const char *module_name, wasm_module_t module, char *error_buf, uint32_t error_buf_size);
/* The module registered under `module_name`, or NULL. */
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_find_module_registered(const char *module_name);
/* Decode, validate and compile `buf` (copied: the host may free it).
 * NULL with a message in error_buf (always NUL-terminated, truncated to
 * error_buf_size) on failure. WAMR AOT files are refused ("... AOT support
 * is not built in"), as WAMR without AOT does. */
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_load(uint8_t *buf, uint32_t size, char *error_buf, uint32_t error_buf_size);
/* wasm_runtime_load with LoadArgs (its name; no_resolve). A NULL `args`
 * is the defaults. */
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_load_ex(uint8_t *buf, uint32_t size, const LoadArgs *args, char *error_buf, uint32_t error_buf_size);
/* Whether every import of `module` can be linked now (registered natives,
 * registered modules, WASI); a failure names the first missing import
 * (ferrowasm_runtime_last_error()). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_resolve_symbols(wasm_module_t module);
/* Load a module from a list of sections (each body without its id and
 * size). is_aot is refused (no AOT). */
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_load_from_sections(wasm_section_list_t section_list, bool is_aot, char *error_buf, uint32_t error_buf_size);
/* Release a module (after its instances). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_unload(wasm_module_t module);
/* The module's hash as WAMR's WAMR_BUILD_DYNAMIC_AOT_DEBUG builds give it:
 * not built in here, so NULL. */
WASM_RUNTIME_API_EXTERN char *wasm_runtime_get_module_hash(wasm_module_t module);

/* ---- WASI --------------------------------------------------------------- */

/* WASI settings for the module's next instances: preopened directories
 * (`dir_list`: host paths, seen under the same name), mapped ones
 * (`map_dir_list`: "guest::host"), environment ("NAME=value"), argv, and
 * the host fds used as stdin/stdout/stderr (-1: the process's own). The
 * strings are copied. Instances of modules importing WASI get a context
 * built from them (an unusable directory makes instantiation fail with a
 * message). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_wasi_args_ex(wasm_module_t module, const char *dir_list[], uint32_t dir_count, const char *map_dir_list[], uint32_t map_dir_count, const char *env[], uint32_t env_count, char *argv[], int argc, int64_t stdinfd, int64_t stdoutfd, int64_t stderrfd);
/* As _ex with the process's own standard streams. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_wasi_args(wasm_module_t module, const char *dir_list[], uint32_t dir_count, const char *map_dir_list[], uint32_t map_dir_count, const char *env[], uint32_t env_count, char *argv[], int argc);
/* Socket address pools: ferrowasm's WASI has no sockets (WAMR's
 * wasi-libc sockets extension), so a non-empty pool makes the module's
 * instantiation fail, saying so; an empty one is accepted. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_wasi_addr_pool(wasm_module_t module, const char *addr_pool[], uint32_t addr_pool_size);
/* Name lookup pools: as wasm_runtime_set_wasi_addr_pool. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_wasi_ns_lookup_pool(wasm_module_t module, const char *ns_lookup_pool[], uint32_t ns_lookup_pool_size);

/* ---- instances ---------------------------------------------------------- */

/* Instantiate: imports are resolved against the registered natives
 * (newest registration first; WAMR's libc-builtin natives of "env" last)
 * and, for WASI modules, a WASI context built from set_wasi_args (an import
 * with none, or whose signature does not match, fails naming it);
 * `default_stack_size` is the stack of calls made without an exec env of
 * their own; `host_managed_heap_size` > 0 gives the instance an app heap
 * inside its linear memory (unless the module exports malloc and free,
 * which are used instead). The start function runs. */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_instantiate(const wasm_module_t module, uint32_t default_stack_size, uint32_t host_managed_heap_size, char *error_buf, uint32_t error_buf_size);
/* wasm_runtime_instantiate with InstantiationArgs (NULL: defaults). */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_instantiate_ex(const wasm_module_t module, const InstantiationArgs *args, char *error_buf, uint32_t error_buf_size);
/* A new args object with the defaults (all 0); false if out of memory. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_instantiation_args_create(struct InstantiationArgs2 **p);
WASM_RUNTIME_API_EXTERN void wasm_runtime_instantiation_args_destroy(struct InstantiationArgs2 *p);
WASM_RUNTIME_API_EXTERN void wasm_runtime_instantiation_args_set_default_stack_size( struct InstantiationArgs2 *p, uint32_t v);
WASM_RUNTIME_API_EXTERN void wasm_runtime_instantiation_args_set_host_managed_heap_size( struct InstantiationArgs2 *p, uint32_t v);
WASM_RUNTIME_API_EXTERN void wasm_runtime_instantiation_args_set_max_memory_pages( struct InstantiationArgs2 *p, uint32_t v);
/* wasm_runtime_instantiate with an args object. */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_instantiate_ex2(const wasm_module_t module, const struct InstantiationArgs2 *args, char *error_buf, uint32_t error_buf_size);
/* ferrowasm: switch WAMR's libc-builtin natives (env.printf, env.malloc,
 * env.strlen, ...: the list of WAMR's libc_builtin_wrapper.c, registered
 * by default as in WAMR's default build) off (false) or on again, for
 * instances made from now on; the setting outlives wasm_runtime_destroy. */
WASM_RUNTIME_API_EXTERN void ferrowasm_runtime_set_libc_builtin(bool enable);
/* Only the mode the instance was made with can be set (an instance's code
 * lives in its mode's engine); anything else fails with an exception. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_set_running_mode(wasm_module_inst_t module_inst, RunningMode running_mode);
WASM_RUNTIME_API_EXTERN RunningMode wasm_runtime_get_running_mode(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN void wasm_runtime_deinstantiate(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_get_module(wasm_module_inst_t module_inst);
/* Whether the instance imports WASI (and so has a WASI context). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_wasi_mode(wasm_module_inst_t module_inst);
/* The instance's exported "_start", or NULL. */
WASM_RUNTIME_API_EXTERN wasm_function_inst_t wasm_runtime_lookup_wasi_start_function(wasm_module_inst_t module_inst);
/* The status the program gave proc_exit (0 if it returned normally or
 * is not WASI). */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_wasi_exit_code(wasm_module_inst_t module_inst);
/* The exported function `name`, or NULL. The guide's three-argument form
 * with a signature is accepted too (a macro below): a non-NULL signature
 * ("(ii)i" letters as for natives, or "(i32i32)i32") must match. */
WASM_RUNTIME_API_EXTERN wasm_function_inst_t wasm_runtime_lookup_function(const wasm_module_inst_t module_inst, const char *name);
WASM_RUNTIME_API_EXTERN wasm_function_inst_t ferrowasm_runtime_lookup_function_sig(
    const wasm_module_inst_t module_inst, const char *name, const char *signature);
#define FERROWASM_LOOKUP_PICK(a1, a2, a3, name, ...) name
#define wasm_runtime_lookup_function(...)                                           \
  FERROWASM_LOOKUP_PICK(__VA_ARGS__, ferrowasm_runtime_lookup_function_sig,        \
                        wasm_runtime_lookup_function, wasm_runtime_lookup_function) \
  (__VA_ARGS__)
WASM_RUNTIME_API_EXTERN uint32_t wasm_func_get_param_count(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN uint32_t wasm_func_get_result_count(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN void wasm_func_get_param_types(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst, wasm_valkind_t *param_types);
WASM_RUNTIME_API_EXTERN void wasm_func_get_result_types(const wasm_function_inst_t func_inst, const wasm_module_inst_t module_inst, wasm_valkind_t *result_types);

/* ---- exec envs and threads' environment --------------------------------- */

/* An exec env whose calls get `stack_size` bytes of stack (at least 4096). */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t wasm_runtime_create_exec_env(wasm_module_inst_t module_inst, uint32_t stack_size);
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env);
/* Copy frames of the running call stack: WAMR builds this with
 * WAMR_BUILD_COPY_CALL_STACK only; ferrowasm does not have it: returns 0
 * and says so in error_buf. */
WASM_RUNTIME_API_EXTERN uint32_t wasm_copy_callstack(const wasm_exec_env_t exec_env, WASMCApiFrame *buffer, const uint32_t length, const uint32_t skip_n, char *error_buf, uint32_t error_buf_size);
/* The instance's own exec env (default_stack_size), owned by the instance. */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t wasm_runtime_get_exec_env_singleton(wasm_module_inst_t module_inst);
/* The source debugger (WAMR_BUILD_DEBUG_INTERP) is not built in: returns
 * 0, the "failed" port, as WAMR without it. */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_start_debug_instance_with_port(wasm_exec_env_t exec_env, int32_t port);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_start_debug_instance(wasm_exec_env_t exec_env);
/* Threads the host made itself need nothing set up: these record that a
 * thread asked (wasm_runtime_thread_env_inited says so) and always succeed.
 * destroy_thread_env without init is a no-op. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_init_thread_env(void);
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy_thread_env(void);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_thread_env_inited(void);
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);
/* Point the exec env at another live instance (calls through it then run
 * that instance's functions). NULL or dead instances are refused (last
 * error). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_module_inst(wasm_exec_env_t exec_env, const wasm_module_inst_t module_inst);

/* ---- linear memories ---------------------------------------------------- */

/* The exported memory `name`, the default (first) memory, or memory
 * `index` of the instance's memories (imported ones included; any index
 * with multi-memory); NULL if none. */
WASM_RUNTIME_API_EXTERN wasm_memory_inst_t wasm_runtime_lookup_memory(const wasm_module_inst_t module_inst, const char *name);
WASM_RUNTIME_API_EXTERN wasm_memory_inst_t wasm_runtime_get_default_memory(const wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN wasm_memory_inst_t wasm_runtime_get_memory(const wasm_module_inst_t module_inst, uint32_t index);
WASM_RUNTIME_API_EXTERN uint64_t wasm_memory_get_cur_page_count(const wasm_memory_inst_t memory_inst);
/* The maximum (65536 when the module gives none). */
WASM_RUNTIME_API_EXTERN uint64_t wasm_memory_get_max_page_count(const wasm_memory_inst_t memory_inst);
WASM_RUNTIME_API_EXTERN uint64_t wasm_memory_get_bytes_per_page(const wasm_memory_inst_t memory_inst);
/* Always false (ferrowasm has no shared memories). */
WASM_RUNTIME_API_EXTERN bool wasm_memory_get_shared(const wasm_memory_inst_t memory_inst);
/* Valid until the memory grows. */
WASM_RUNTIME_API_EXTERN void *wasm_memory_get_base_address(const wasm_memory_inst_t memory_inst);
/* Grow by `inc_page_count` pages; false (and the enlarge error callback)
 * beyond the maximum. */
WASM_RUNTIME_API_EXTERN bool wasm_memory_enlarge(wasm_memory_inst_t memory_inst, uint64_t inc_page_count);

/* ---- calls, exceptions, termination ------------------------------------- */

/* Call with 32-bit cells: i32/f32 and externref take one, i64/f64 two;
 * `argc` must be the function's parameter cell count. An externref cell
 * is an index from wasm_externref_obj2ref (0xFFFFFFFF: null), as in WAMR.
 * The results come back in argv (argv must have room for them). false:
 * the exception says why. A program's proc_exit ends the call with true
 * (see wasm_runtime_get_wasi_exit_code). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t argc, uint32_t argv[]);
/* Call with typed values: counts and kinds must match the function's
 * type. An externref value is `of.foreign`, the host's value itself. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm_a(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results, wasm_val_t results[], uint32_t num_args, wasm_val_t *args);
/* Call with C arguments: int32_t, int64_t, double (for f32 too: the C
 * promotion), double, uintptr_t (externref), by the function's parameters. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm_v(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results, wasm_val_t results[], uint32_t num_args, ...);
/* Call element `element_index` of table 0 with argv cells (as
 * wasm_runtime_call_wasm; argc checked against its type). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_indirect(wasm_exec_env_t exec_env, uint32_t element_index, uint32_t argc, uint32_t argv[]);
/* Run the program's entry: "_start" for a WASI module (its arguments are
 * those of set_wasi_args; `argv` is not used), else "__main_argc_argv" or
 * "main" (argc/argv copied into the app heap, or no arguments). true
 * unless it trapped; a proc_exit is success (the status is in
 * wasm_runtime_get_wasi_exit_code). */
WASM_RUNTIME_API_EXTERN bool wasm_application_execute_main(wasm_module_inst_t module_inst, int32_t argc, char *argv[]);
/* Call export `name` with arguments parsed from strings (integers in
 * decimal/hex, floats, "inf"/"nan"), print its results to stdout as
 * WAMR's iwasm does ("0x1:i32"), true unless it failed. */
WASM_RUNTIME_API_EXTERN bool wasm_application_execute_func(wasm_module_inst_t module_inst, const char *name, int32_t argc, char *argv[]);
/* The exception text ("Exception: integer divide by zero"), or NULL. */
WASM_RUNTIME_API_EXTERN const char *wasm_runtime_get_exception(wasm_module_inst_t module_inst);
/* Set (NULL: clear) the exception; from a native, the call traps with it
 * once the native returns. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_exception(wasm_module_inst_t module_inst, const char *exception);
WASM_RUNTIME_API_EXTERN void wasm_runtime_clear_exception(wasm_module_inst_t module_inst);
/* Ask the instance to stop (from any thread): its exception becomes
 * "terminated by user"; wasm code running in it stops at its next function
 * entry or loop iteration and the call fails with that exception; a native
 * running in it sees it, and its next call into wasm fails at once.
 * clear_exception ends it. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_terminate(wasm_module_inst_t module_inst);
/* Host data kept with the instance. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_custom_data(wasm_module_inst_t module_inst, void *custom_data);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_custom_data(wasm_module_inst_t module_inst);
/* Bounds checks cannot be switched off in ferrowasm (as WAMR on 64-bit
 * Linux, whose hardware bounds checks ignore this): `enable` false is
 * refused with a last error; is_bounds_checks_enabled is always true. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_bounds_checks(wasm_module_inst_t module_inst, bool enable);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_bounds_checks_enabled(wasm_module_inst_t module_inst);

/* ---- app heap and addresses --------------------------------------------- */

/* Allocate `size` bytes in the instance's linear memory (its exported
 * malloc, else the app heap): the app offset (0 on failure, with an
 * exception), and the native address in *p_native_addr when not NULL.
 * Native addresses are valid until the memory grows. */
WASM_RUNTIME_API_EXTERN uint64_t wasm_runtime_module_malloc(wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr);
WASM_RUNTIME_API_EXTERN void wasm_runtime_module_free(wasm_module_inst_t module_inst, uint64_t ptr);
/* module_malloc, then copy `size` bytes of `src` there. */
WASM_RUNTIME_API_EXTERN uint64_t wasm_runtime_module_dup_data(wasm_module_inst_t module_inst, const char *src, uint64_t size);
/* Whether [app_offset, app_offset + size) lies in linear memory (false
 * sets the exception "out of bounds memory access"). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst, uint64_t app_offset, uint64_t size);
/* Whether a NUL-terminated string starts at app_str_offset, NUL included. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst, uint64_t app_str_offset);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst, void *native_ptr, uint64_t size);
/* NULL / 0 when outside linear memory. */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint64_t app_offset);
WASM_RUNTIME_API_EXTERN uint64_t wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void *native_ptr);
/* The linear memory around an offset / native pointer: [0, size) and its
 * native range; false outside it. Out pointers may be NULL. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_app_addr_range(wasm_module_inst_t module_inst, uint64_t app_offset, uint64_t *p_app_start_offset, uint64_t *p_app_end_offset);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_native_addr_range(wasm_module_inst_t module_inst, uint8_t *native_ptr, uint8_t **p_native_start_addr, uint8_t **p_native_end_addr);

/* ---- import and export types -------------------------------------------- */

/* The module's imports and exports in declaration order; -1 for a bad
 * module. An index out of range leaves *import_type zeroed (names NULL). */
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_get_import_count(const wasm_module_t module);
WASM_RUNTIME_API_EXTERN void wasm_runtime_get_import_type(const wasm_module_t module, int32_t import_index, wasm_import_t *import_type);
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_get_export_count(const wasm_module_t module);
WASM_RUNTIME_API_EXTERN void wasm_runtime_get_export_type(const wasm_module_t module, int32_t export_index, wasm_export_t *export_type);
WASM_RUNTIME_API_EXTERN uint32_t wasm_func_type_get_param_count(const wasm_func_type_t func_type);
/* WASM_I32 ... WASM_FUNCREF; out-of-range indexes give WASM_I32 after a
 * last error. */
WASM_RUNTIME_API_EXTERN wasm_valkind_t wasm_func_type_get_param_valkind(const wasm_func_type_t func_type, uint32_t param_index);
WASM_RUNTIME_API_EXTERN uint32_t wasm_func_type_get_result_count(const wasm_func_type_t func_type);
WASM_RUNTIME_API_EXTERN wasm_valkind_t wasm_func_type_get_result_valkind(const wasm_func_type_t func_type, uint32_t result_index);
WASM_RUNTIME_API_EXTERN wasm_valkind_t wasm_global_type_get_valkind(const wasm_global_type_t global_type);
WASM_RUNTIME_API_EXTERN bool wasm_global_type_get_mutable(const wasm_global_type_t global_type);
/* Always false (no shared memories). */
WASM_RUNTIME_API_EXTERN bool wasm_memory_type_get_shared(const wasm_memory_type_t memory_type);
WASM_RUNTIME_API_EXTERN uint32_t wasm_memory_type_get_init_page_count(const wasm_memory_type_t memory_type);
WASM_RUNTIME_API_EXTERN uint32_t wasm_memory_type_get_max_page_count(const wasm_memory_type_t memory_type);
WASM_RUNTIME_API_EXTERN wasm_valkind_t wasm_table_type_get_elem_kind(const wasm_table_type_t table_type);
/* Always false (no shared tables). */
WASM_RUNTIME_API_EXTERN bool wasm_table_type_get_shared(const wasm_table_type_t table_type);
WASM_RUNTIME_API_EXTERN uint32_t wasm_table_type_get_init_size(const wasm_table_type_t table_type);
WASM_RUNTIME_API_EXTERN uint32_t wasm_table_type_get_max_size(const wasm_table_type_t table_type);

/* ---- native symbols, globals and tables --------------------------------- */

/* Make `native_symbols` importable from module `module_name`. The array's
 * strings are copied; the array pointer identifies the registration for
 * wasm_runtime_unregister_natives. Fails for a malformed signature or a
 * NULL name/function, naming the symbol. Later registrations win over
 * earlier ones, and all over the libc-builtin natives. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_register_natives(const char *module_name, NativeSymbol *native_symbols, uint32_t n_native_symbols);
/* Same, for raw natives (see native_raw_get_arg). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_register_natives_raw(const char *module_name, NativeSymbol *native_symbols, uint32_t n_native_symbols);
/* Forget a registration (instances already made keep their imports). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_unregister_natives(const char *module_name, NativeSymbol *native_symbols);
/* The exported global / table `name` (false if none). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_export_global_inst(const wasm_module_inst_t module_inst, const char *name, wasm_global_inst_t *global_inst);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_export_table_inst(const wasm_module_inst_t module_inst, const char *name, wasm_table_inst_t *table_inst);
/* The function at `idx` of a table from wasm_runtime_get_export_table_inst
 * (NULL for a null element or an index out of range). */
WASM_RUNTIME_API_EXTERN wasm_function_inst_t wasm_table_get_func_inst(const wasm_module_inst_t module_inst, const wasm_table_inst_t *table_inst, uint32_t idx);
/* Inside a native: the attachment of the NativeSymbol being called. */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_function_attachment(wasm_exec_env_t exec_env);
/* Host data kept with the exec env. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_user_data(wasm_exec_env_t exec_env, void *user_data);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_user_data(wasm_exec_env_t exec_env);
/* The lowest address the exec env's native stack may use (NULL: the
 * thread's own limit); detect_native_stack_overflow checks against it. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_native_stack_boundary(wasm_exec_env_t exec_env, uint8_t *native_stack_boundary);
/* Instruction metering (WAMR_BUILD_INSTRUCTION_METERING) is not built in:
 * a limit >= 0 is refused with a last error; -1 (no limit) is accepted. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_instruction_count_limit(wasm_exec_env_t exec_env, int instruction_count);
/* Memory and performance profiling (WAMR_BUILD_MEMORY_PROFILING,
 * WAMR_BUILD_PERF_PROFILING) are not built in: the dumps print one line
 * saying so; the times are 0. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_dump_mem_consumption(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN void wasm_runtime_dump_perf_profiling(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN double wasm_runtime_sum_wasm_exec_time(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN double wasm_runtime_get_wasm_func_exec_time(wasm_module_inst_t inst, const char *func_name);

/* ---- spawned exec envs and threads -------------------------------------- */

/* Spawned exec envs a cluster may have alive at once from now on (as
 * RuntimeInitArgs::max_thread_num; 0 means 4). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_max_thread_num(uint32_t num);
/* A new exec env for another thread: a new instance of the same module
 * (imports resolved as at instantiation, the parent instance's stack and
 * app heap sizes, the exec env's stack size) with its own linear memory,
 * globals and tables, as WAMR does for non-shared memory; the start
 * function runs again. Function handles of the parent may be called with
 * it: they run its export of the same name. NULL on failure
 * (ferrowasm_runtime_last_error() says why). Works under a memory pool. */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t wasm_runtime_spawn_exec_env(wasm_exec_env_t exec_env);
/* Free a spawned exec env and its instance (not while it runs, not one a
 * thread of wasm_runtime_spawn_thread uses: join it). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy_spawned_exec_env(wasm_exec_env_t exec_env);
/* Spawn an exec env and run callback(new_exec_env, arg) on a new thread;
 * *tid identifies it. 0 on success, -1 on failure (a NULL argument, the
 * cluster's max_thread_num reached, or a runtime initialized with
 * Alloc_With_Pool / Alloc_With_Allocator: a thread's stack and the C
 * library's per-thread records cannot come from the pool, so use
 * wasm_runtime_spawn_exec_env with threads of your own there). */
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_spawn_thread(wasm_exec_env_t exec_env, wasm_thread_t *tid, wasm_thread_callback_t callback, void *arg);
/* Wait for the thread, store the callback's return value in *retval (when
 * not NULL), free its exec env. 0 on success, -1 otherwise. */
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_join_thread(wasm_thread_t tid, void **retval);

/* ---- externrefs --------------------------------------------------------- */

/* The externref index of a host object (the same index for the same
 * object), for wasm_runtime_call_wasm cells; NULL maps to 0xFFFFFFFF.
 * The map is the runtime's (indexes live until objdel or
 * wasm_runtime_destroy, whichever instance made them); objdel forgets an
 * object, running its cleanup; retain is accepted (indexes are never
 * collected). */
WASM_RUNTIME_API_EXTERN bool wasm_externref_obj2ref(wasm_module_inst_t module_inst, void *extern_obj, uint32_t *p_externref_idx);
WASM_RUNTIME_API_EXTERN bool wasm_externref_objdel(wasm_module_inst_t module_inst, void *extern_obj);
WASM_RUNTIME_API_EXTERN bool wasm_externref_set_cleanup(wasm_module_inst_t module_inst, void *extern_obj, void (*extern_obj_cleanup)(void *));
WASM_RUNTIME_API_EXTERN bool wasm_externref_ref2obj(uint32_t externref_idx, void **p_extern_obj);
WASM_RUNTIME_API_EXTERN bool wasm_externref_retain(uint32_t externref_idx);

/* ---- call stacks, profiling, custom sections, version ------------------- */

/* The call stack of the last trap (WAMR_BUILD_DUMP_CALL_STACK is not
 * built in: the dump prints one line saying so, the size is 0 and nothing
 * is written). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_dump_call_stack(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_call_stack_buf_size(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_dump_call_stack_to_buf(wasm_exec_env_t exec_env, char *buf, uint32_t len);
/* PGO data (WAMR_BUILD_STATIC_PGO, AOT only) is not built in: 0. */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_get_pgo_prof_data_size(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_dump_pgo_prof_data_to_buf(wasm_module_inst_t module_inst, char *buf, uint32_t len);
/* The body of the first custom section called `name` (valid while the
 * module is loaded) and its length, or NULL. */
WASM_RUNTIME_API_EXTERN const uint8_t *wasm_runtime_get_custom_section(const wasm_module_t module_comm, const char *name, uint32_t *len);
/* WAMR's version this header matches: 2.4.3. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_get_version(uint32_t *major, uint32_t *minor, uint32_t *patch);
/* Whether a native (registered, libc-builtin, or WASI) provides this
 * function now. Globals: always false (natives are functions only, and
 * ferrowasm does not link registered modules yet). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_import_func_linked(const char *module_name, const char *func_name);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_import_global_linked(const char *module_name, const char *global_name);
/* Grow the default memory (see wasm_memory_enlarge). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_enlarge_memory(wasm_module_inst_t module_inst, uint64_t inc_page_count);
/* Called when a grow through this API fails (memory.grow run by wasm code
 * returns -1 without calling it). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_enlarge_mem_error_callback( const enlarge_memory_error_callback_t callback, void *user_data);

/* ---- context keys, blocking operations, names, stack checks ------------- */

/* Per-instance contexts: a key (NULL when 8 keys are in use, as WAMR);
 * `dtor` runs for every non-NULL context left when its instance goes away
 * or its key is destroyed. set_context_spread sets it on the whole
 * cluster (the instance and those of its spawned exec envs). */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_create_context_key(void (*dtor)(wasm_module_inst_t inst, void *ctx));
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy_context_key(void *key);
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_context(wasm_module_inst_t inst, void *key, void *ctx);
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_context_spread(wasm_module_inst_t inst, void *key, void *ctx);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_context(wasm_module_inst_t inst, void *key);
/* Around a blocking call in a native: begin fails (false) when the
 * instance was terminated. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_begin_blocking_op(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN void wasm_runtime_end_blocking_op(wasm_exec_env_t exec_env);
/* The module's name (copied); "" if never set. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_set_module_name(wasm_module_t module, const char *name, char *error_buf, uint32_t error_buf_size);
WASM_RUNTIME_API_EXTERN const char *wasm_runtime_get_module_name(wasm_module_t module);
/* Inside a native: false (and the exception "native stack overflow") when
 * the calling thread's stack has less than `required_size` bytes (16 KB
 * for the first form) left above its boundary. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_detect_native_stack_overflow(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_detect_native_stack_overflow_size(wasm_exec_env_t exec_env, uint32_t required_size);
/* Always true: ferrowasm keeps its own copy of every module's bytes. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_underlying_binary_freeable(const wasm_module_t module);

/* ---- shared heaps ------------------------------------------------------- */

/* Shared heaps (WAMR_BUILD_SHARED_HEAP) are not built in: create and chain
 * give NULL and attach false, with a last error; malloc gives 0;
 * detach and free do nothing (there is nothing attached). */
WASM_RUNTIME_API_EXTERN wasm_shared_heap_t wasm_runtime_create_shared_heap(SharedHeapInitArgs *init_args);
WASM_RUNTIME_API_EXTERN wasm_shared_heap_t wasm_runtime_chain_shared_heaps(wasm_shared_heap_t head, wasm_shared_heap_t body);
WASM_RUNTIME_API_EXTERN wasm_shared_heap_t wasm_runtime_unchain_shared_heaps(wasm_shared_heap_t head, bool entire_chain);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_attach_shared_heap(wasm_module_inst_t module_inst, wasm_shared_heap_t shared_heap);
WASM_RUNTIME_API_EXTERN void wasm_runtime_detach_shared_heap(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN uint64_t wasm_runtime_shared_heap_malloc(wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr);
WASM_RUNTIME_API_EXTERN void wasm_runtime_shared_heap_free(wasm_module_inst_t module_inst, uint64_t ptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _WASM_EXPORT_H */
