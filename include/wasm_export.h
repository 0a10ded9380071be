/*
 * wasm_export.h -- ferrowasm's WAMR-style embedding API.
 *
 * The calls of WAMR's embedding guide (runtime init/destroy, load,
 * instantiate, exec envs, wasm_runtime_call_wasm/_a/_v, native symbols with
 * signature strings, the app heap, address checks and conversions) over the
 * same runtime as wasm.h. Names, types, enum values and struct layouts are
 * WAMR's, so that hosts written for WAMR compile unchanged.
 *
 * Differences a host may notice (see also each declaration):
 * - This header includes wasm.h and shares its wasm_val_t (same layout as
 *   WAMR's: a kind byte, then an 8-aligned union). For WASM_EXTERNREF the
 *   union holds the host's opaque pointer (WAMR's `of.foreign`) in `of.ref`.
 * - wasm.h names its compiled-module struct `wasm_module_t`; WAMR's API
 *   needs `wasm_module_t` to be a handle (a pointer). After this header,
 *   `wasm_module_t` is the WAMR handle (a macro for wasm_runtime_module_t);
 *   a translation unit that also uses wasm.h's modules names those
 *   `wasm_c_module_t` (wasm_c_module_t *m = wasm_module_new(...)).
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

#include "wasm.h"

#ifndef WASM_RUNTIME_API_EXTERN
#define WASM_RUNTIME_API_EXTERN
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

/* ---- handles ------------------------------------------------------------ */

/* wasm.h's module type, under a name that survives the macro below. */
typedef wasm_module_t wasm_c_module_t;

/* A loaded (compiled) module. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_runtime_module_t;
#define wasm_module_t wasm_runtime_module_t
#ifndef WASM_MODULE_T_DEFINED
#define WASM_MODULE_T_DEFINED
#endif

/* An instance of a module (its memory, globals, tables, exception, app
 * heap, user data). */
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;

/* A function exported by an instance (valid while the instance lives). */
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;

/* An execution environment: the stack calls of one thread run on. */
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;

/* Id of a thread started by wasm_runtime_spawn_thread (never 0). */
typedef uintptr_t wasm_thread_t;
typedef void *(*wasm_thread_callback_t)(wasm_exec_env_t, void *);

#ifndef WASM_VALKIND_T_DEFINED
#define WASM_VALKIND_T_DEFINED
#endif
#ifndef WASM_VAL_T_DEFINED
#define WASM_VAL_T_DEFINED
#endif

/* ---- native symbols (WAMR's lib_export.h) --------------------------------- */

/* A host function exported to wasm under `symbol`. `signature` says how
 * wasm arguments reach it (NULL: plain values of the import's type):
 *   "(" params ")" result, one character per value:
 *   i  int32_t      I  int64_t     f  float      F  double
 *   r  externref (the host's opaque pointer, uintptr_t)
 *   *  a pointer: the guest's i32 offset, checked against linear memory
 *      (1 byte, or the whole buffer when followed by ~) and passed as a
 *      native pointer
 *   ~  uint32_t byte length of the preceding * buffer
 *   $  a NUL-terminated string: offset checked up to its NUL, passed as
 *      const char *
 * e.g. "(ii)i", "(*)i", "(iiii*)", "($*~)". The function receives the
 * calling exec env first: int32_t add(wasm_exec_env_t env, int32_t a, int32_t b).
 * A bad pointer from the guest is the exception "out of bounds memory
 * access"; the function is not called. */
typedef struct NativeSymbol {
  const char *symbol;
  void *func_ptr;
  const char *signature;
  /* Returned by wasm_runtime_get_function_attachment() inside the call. */
  void *attachment;
} NativeSymbol;

/* A function pointer as the void * WAMR's NativeSymbol holds (marked as an
 * extension, so that -pedantic builds accept it). */
#if defined(__GNUC__) || defined(__clang__)
#define FERROWASM_FN_AS_PTR(f) (__extension__(void *)(f))
#else
#define FERROWASM_FN_AS_PTR(f) ((void *)(f))
#endif

#define EXPORT_WASM_API(symbol) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), NULL, NULL }
#define EXPORT_WASM_API2(symbol) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), NULL, NULL }
#define EXPORT_WASM_API_WITH_SIG(symbol, signature) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), signature, NULL }
#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), signature, NULL }
#define EXPORT_WASM_API_WITH_ATT(symbol, signature, attachment) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), signature, attachment }
#define EXPORT_WASM_API_WITH_ATT2(symbol, signature, attachment) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), signature, attachment }

/* Raw natives (wasm_runtime_register_natives_raw):
 * void f(wasm_exec_env_t env, uint64_t *args): one 64-bit slot per
 * argument (pointers already checked and converted), the result in
 * args[0]. */
#define native_raw_return_type(type, args) type *raw_ret = (type *)(args)
#define native_raw_get_arg(type, name, args) type name = *((type *)(args++))
#define native_raw_set_return(val) *raw_ret = (val)

/* Short forms for native functions (they need a `module_inst` in scope). */
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

/* ---- runtime initialisation -------------------------------------------- */

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

/* Initialise with the system allocator. May be called again while the
 * runtime is up (each call needs a wasm_runtime_destroy). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_init(void);

/* Initialise with `init_args` (allocator, natives, running mode). Fails
 * (false, ferrowasm_runtime_last_error() says why) for a pool too small,
 * bad natives, an unknown mode, or a runtime already up with another
 * allocator. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_full_init(RuntimeInitArgs *init_args);

/* Tear down when the last init is matched: everything still loaded is
 * released; the pool is given back to the host. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy(void);

WASM_RUNTIME_API_EXTERN bool wasm_runtime_is_running_mode_supported(RunningMode running_mode);
/* The mode of instances made from now on. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_set_default_running_mode(RunningMode running_mode);

/* Memory from the runtime's allocator (the pool, in pool mode). */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_malloc(unsigned int size);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_realloc(void *ptr, unsigned int size);
WASM_RUNTIME_API_EXTERN void wasm_runtime_free(void *ptr);
/* Pool mode only (false otherwise). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_get_mem_alloc_info(mem_alloc_info_t *mem_alloc_info);

/* ferrowasm: why the last call that has no error buffer or exception
 * (init, register_natives, ...) failed on this thread; NULL if none. */
WASM_RUNTIME_API_EXTERN const char *ferrowasm_runtime_last_error(void);

/* ---- native symbols ------------------------------------------------------ */

/* Make `native_symbols` importable from module `module_name`. The array's
 * strings are copied; the array pointer identifies the registration for
 * wasm_runtime_unregister_natives. Fails for a malformed signature or a
 * NULL name/function, naming the symbol. Later registrations win. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_register_natives(const char *module_name,
                                                           NativeSymbol *native_symbols,
                                                           uint32_t n_native_symbols);
/* Same, for raw natives (see native_raw_get_arg). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_register_natives_raw(const char *module_name,
                                                               NativeSymbol *native_symbols,
                                                               uint32_t n_native_symbols);
/* Forget a registration (instances already made keep their imports). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_unregister_natives(const char *module_name,
                                                             NativeSymbol *native_symbols);
/* Inside a native: the attachment of the NativeSymbol being called. */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_function_attachment(wasm_exec_env_t exec_env);

/* ---- modules ------------------------------------------------------------- */

/* Decode, validate and compile `buf` (copied: the host may free it).
 * NULL with a message in error_buf (always NUL-terminated, truncated to
 * error_buf_size) on failure. */
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_load(uint8_t *buf, uint32_t size,
                                                        char *error_buf,
                                                        uint32_t error_buf_size);
/* Release a module (after its instances). */
WASM_RUNTIME_API_EXTERN void wasm_runtime_unload(wasm_module_t module);

/* ---- instances ----------------------------------------------------------- */

/* Instantiate: imports are resolved against the registered natives (an
 * import with none, or whose signature does not match, fails naming it);
 * `default_stack_size` is the stack of calls made without an exec env of
 * their own; `host_managed_heap_size` > 0 gives the instance an app heap
 * inside its linear memory (unless the module exports malloc and free,
 * which are used instead). The start function runs. */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_instantiate(
    const wasm_module_t module, uint32_t default_stack_size, uint32_t host_managed_heap_size,
    char *error_buf, uint32_t error_buf_size);
WASM_RUNTIME_API_EXTERN void wasm_runtime_deinstantiate(wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN wasm_module_t wasm_runtime_get_module(wasm_module_inst_t module_inst);

/* Only the mode the instance was made with can be set (an instance's code
 * lives in its mode's engine); anything else fails with an exception. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_set_running_mode(wasm_module_inst_t module_inst,
                                                           RunningMode running_mode);
WASM_RUNTIME_API_EXTERN RunningMode wasm_runtime_get_running_mode(wasm_module_inst_t module_inst);

/* The exported function `name`, or NULL. The guide's three-argument form
 * with a signature is accepted too (a macro below): a non-NULL signature
 * ("(ii)i" letters as for natives, or "(i32i32)i32") must match. */
WASM_RUNTIME_API_EXTERN wasm_function_inst_t
wasm_runtime_lookup_function(const wasm_module_inst_t module_inst, const char *name);
WASM_RUNTIME_API_EXTERN wasm_function_inst_t ferrowasm_runtime_lookup_function_sig(
    const wasm_module_inst_t module_inst, const char *name, const char *signature);
#define FERROWASM_LOOKUP_PICK(a1, a2, a3, name, ...) name
#define wasm_runtime_lookup_function(...)                                           \
  FERROWASM_LOOKUP_PICK(__VA_ARGS__, ferrowasm_runtime_lookup_function_sig,        \
                        wasm_runtime_lookup_function, wasm_runtime_lookup_function) \
  (__VA_ARGS__)

WASM_RUNTIME_API_EXTERN uint32_t wasm_func_get_param_count(const wasm_function_inst_t func_inst,
                                                           const wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN uint32_t wasm_func_get_result_count(const wasm_function_inst_t func_inst,
                                                            const wasm_module_inst_t module_inst);
WASM_RUNTIME_API_EXTERN void wasm_func_get_param_types(const wasm_function_inst_t func_inst,
                                                       const wasm_module_inst_t module_inst,
                                                       wasm_valkind_t *param_types);
WASM_RUNTIME_API_EXTERN void wasm_func_get_result_types(const wasm_function_inst_t func_inst,
                                                        const wasm_module_inst_t module_inst,
                                                        wasm_valkind_t *result_types);

/* The exception text ("Exception: integer divide by zero"), or NULL. */
WASM_RUNTIME_API_EXTERN const char *wasm_runtime_get_exception(wasm_module_inst_t module_inst);
/* Set (NULL: clear) the exception; from a native, the call traps with it
 * once the native returns. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_exception(wasm_module_inst_t module_inst,
                                                        const char *exception);
WASM_RUNTIME_API_EXTERN void wasm_runtime_clear_exception(wasm_module_inst_t module_inst);

/* Host data kept with the instance. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_custom_data(wasm_module_inst_t module_inst,
                                                          void *custom_data);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_custom_data(wasm_module_inst_t module_inst);

/* ---- exec envs and calls -------------------------------------------------- */

/* An exec env whose calls get `stack_size` bytes of stack (at least 4096). */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t wasm_runtime_create_exec_env(wasm_module_inst_t module_inst,
                                                                    uint32_t stack_size);
WASM_RUNTIME_API_EXTERN void wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env);
WASM_RUNTIME_API_EXTERN wasm_module_inst_t wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);
/* The instance's own exec env (default_stack_size), owned by the instance. */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t
wasm_runtime_get_exec_env_singleton(wasm_module_inst_t module_inst);

/* Host data kept with the exec env. */
WASM_RUNTIME_API_EXTERN void wasm_runtime_set_user_data(wasm_exec_env_t exec_env, void *user_data);
WASM_RUNTIME_API_EXTERN void *wasm_runtime_get_user_data(wasm_exec_env_t exec_env);

/* Call with 32-bit cells: i32/f32 take one, i64/f64 (and externref, a
 * host pointer) two; `argc` must be the function's parameter cell count.
 * The results come back in argv (argv must have room for them). false:
 * the exception says why. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm(wasm_exec_env_t exec_env,
                                                    wasm_function_inst_t function, uint32_t argc,
                                                    uint32_t argv[]);
/* Call with typed values: counts and kinds must match the function's type. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm_a(wasm_exec_env_t exec_env,
                                                      wasm_function_inst_t function,
                                                      uint32_t num_results, wasm_val_t results[],
                                                      uint32_t num_args, wasm_val_t *args);
/* Call with C arguments: int32_t, int64_t, double (for f32 too: the C
 * promotion), double, void * (externref), by the function's parameters. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_call_wasm_v(wasm_exec_env_t exec_env,
                                                      wasm_function_inst_t function,
                                                      uint32_t num_results, wasm_val_t results[],
                                                      uint32_t num_args, ...);

/* ---- spawned exec envs and threads --------------------------------------- */

/* A new exec env for another thread: a new instance of the same module
 * (imports resolved against the natives registered now, the parent
 * instance's stack and app heap sizes, the exec env's stack size) with its
 * own linear memory, globals and tables, as WAMR does for non-shared
 * memory; the start function runs again. wasm_runtime_get_module_inst
 * gives that instance. Function handles of the parent (or of any instance
 * of the same cluster: the instance exec envs were first spawned from and
 * everything spawned from it) may be called with it: they run its export
 * of the same name. A cluster has at most RuntimeInitArgs::max_thread_num
 * (4 when 0) spawned exec envs alive, threads' included. NULL on failure
 * (ferrowasm_runtime_last_error() says why). Works under a memory pool.
 * While spawned exec envs are alive, the cluster's first instance cannot
 * be deinstantiated; the spawned instance is never deinstantiated by hand
 * and its exec env is not destroyed with wasm_runtime_destroy_exec_env. */
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
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_spawn_thread(wasm_exec_env_t exec_env,
                                                          wasm_thread_t *tid,
                                                          wasm_thread_callback_t callback,
                                                          void *arg);
/* Wait for the thread, store the callback's return value in *retval (when
 * not NULL), free its exec env. 0 on success, -1 for a tid never given,
 * already joined (or being joined), or the calling thread's own.
 * wasm_runtime_destroy joins the threads not joined. */
WASM_RUNTIME_API_EXTERN int32_t wasm_runtime_join_thread(wasm_thread_t tid, void **retval);

/* ---- app heap and addresses --------------------------------------------- */

/* Allocate `size` bytes in the instance's linear memory (its exported
 * malloc, else the app heap): the app offset (0 on failure, with an
 * exception), and the native address in *p_native_addr when not NULL.
 * Native addresses are valid until the memory grows. */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_module_malloc(wasm_module_inst_t module_inst,
                                                            uint32_t size, void **p_native_addr);
WASM_RUNTIME_API_EXTERN void wasm_runtime_module_free(wasm_module_inst_t module_inst,
                                                      uint32_t ptr);
/* module_malloc, then copy `size` bytes of `src` there. */
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_module_dup_data(wasm_module_inst_t module_inst,
                                                              const char *src, uint32_t size);

/* Whether [app_offset, app_offset + size) lies in linear memory (false
 * sets the exception "out of bounds memory access"). */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst,
                                                            uint32_t app_offset, uint32_t size);
/* Whether a NUL-terminated string starts at app_str_offset, NUL included. */
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst,
                                                                uint32_t app_str_offset);
WASM_RUNTIME_API_EXTERN bool wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst,
                                                               void *native_ptr, uint32_t size);
/* NULL / 0 when outside linear memory. */
WASM_RUNTIME_API_EXTERN void *wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst,
                                                               uint32_t app_offset);
WASM_RUNTIME_API_EXTERN uint32_t wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst,
                                                                 void *native_ptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _WASM_EXPORT_H */
