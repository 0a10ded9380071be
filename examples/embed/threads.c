/* The guide's "Execute wasm functions in multiple threads": an exec env
 * spawned from another and used from a pthread (with the parent's function
 * handle, as WAMR's spawn-thread sample does, and with its own lookup),
 * wasm_runtime_spawn_thread / join_thread with threads running wasm at the
 * same time (a native makes them meet), max_thread_num, the spawned
 * instance's own state (globals, memory, exception, app heap), bad tids and
 * handles, a thread left unjoined at wasm_runtime_destroy, and threads
 * refused under a memory pool (spawned exec envs still work there). */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "wasm_export.h"
#include "common.h"

#define THREAD_NUM 3

static atomic_int host_add_calls;
static atomic_int arrived;
static atomic_int meeting_size;

static int32_t host_add(wasm_exec_env_t env, int32_t a, int32_t b) {
  (void)env;
  atomic_fetch_add(&host_add_calls, 1);
  return a + b;
}

/* Returns once `meeting_size` callers are in it at the same time (so they
 * run in parallel); the exception after 20 s instead. */
static void rendezvous(wasm_exec_env_t env) {
  time_t start = time(NULL);
  atomic_fetch_add(&arrived, 1);
  while (atomic_load(&arrived) < meeting_size) {
    if (time(NULL) - start > 20) {
      wasm_runtime_set_exception(wasm_runtime_get_module_inst(env),
                                 "the threads did not run at the same time");
      return;
    }
    sched_yield();
  }
}

static NativeSymbol native_symbols[] = {
    EXPORT_WASM_API_WITH_SIG(host_add, "(ii)i"),
    EXPORT_WASM_API_WITH_SIG(rendezvous, "()"),
};

static int32_t call_i_i(wasm_exec_env_t env, wasm_function_inst_t f, int32_t n) {
  uint32 argv[1] = {(uint32)n};
  if (!wasm_runtime_call_wasm(env, f, 1, argv)) {
    fprintf(stderr, "call failed: %s\n",
            wasm_runtime_get_exception(wasm_runtime_get_module_inst(env)));
    exit(1);
  }
  return (int32_t)argv[0];
}

/* ---- spawn exec_env, used from a pthread of ours --------------------------- */

struct pthread_arg {
  wasm_exec_env_t env;
  wasm_function_inst_t parent_fib;
  int32_t result_parent_handle, result_own_handle, added;
};

static void *pthread_body(void *p) {
  struct pthread_arg *a = (struct pthread_arg *)p;
  /* Then you can use new_exec_env in your new thread */
  wasm_module_inst_t module_inst = wasm_runtime_get_module_inst(a->env);
  wasm_function_inst_t func_inst = wasm_runtime_lookup_function(module_inst, "fib", NULL);
  wasm_function_inst_t add = wasm_runtime_lookup_function(module_inst, "add", NULL);
  uint32 argv[2] = {40, 2};
  CHECK(func_inst && add);
  a->result_own_handle = call_i_i(a->env, func_inst, 24);
  /* the parent's handle calls the same export of the spawned instance */
  a->result_parent_handle = call_i_i(a->env, a->parent_fib, 23);
  CHECK(wasm_runtime_call_wasm(a->env, add, 2, argv));
  a->added = (int32_t)argv[0];
  return NULL;
}

/* ---- spawn thread ------------------------------------------------------------ */

static wasm_function_inst_t parent_fib, parent_meet_fib;

static void *wamr_thread_cb(wasm_exec_env_t exec_env, void *arg) {
  int32_t n = (int32_t)(intptr_t)arg;
  wasm_module_inst_t module_inst = wasm_runtime_get_module_inst(exec_env);
  wasm_function_inst_t own = wasm_runtime_lookup_function(module_inst, "fib", NULL);
  int32_t a, b;
  if (!own) return (void *)(intptr_t)-1;
  /* all THREAD_NUM threads are inside wasm at once here */
  a = call_i_i(exec_env, parent_meet_fib, n);
  b = call_i_i(exec_env, own, n);
  if (a != b) return (void *)(intptr_t)-2;
  return (void *)(intptr_t)a;
}

static void *spawn_from_thread_cb(wasm_exec_env_t exec_env, void *arg) {
  /* a thread may spawn (and destroy) an exec env of its own cluster */
  wasm_exec_env_t e = wasm_runtime_spawn_exec_env(exec_env);
  int32_t r;
  (void)arg;
  if (!e) return (void *)(intptr_t)-1;
  r = call_i_i(e, parent_fib, 10);
  wasm_runtime_destroy_spawned_exec_env(e);
  return (void *)(intptr_t)r;
}

static volatile int32_t late_result;
static void *late_cb(wasm_exec_env_t exec_env, void *arg) {
  (void)arg;
  late_result = call_i_i(exec_env, parent_fib, 27);
  return NULL;
}

static int32_t fib_c(int32_t n) { return n < 2 ? n : fib_c(n - 1) + fib_c(n - 2); }

int main(void) {
  char *buffer, error_buf[128];
  wasm_module_t module;
  wasm_module_inst_t module_inst;
  wasm_exec_env_t exec_env;
  uint32 size, stack_size = 16384, heap_size = 8192;
  RuntimeInitArgs init_args;

  memset(&init_args, 0, sizeof(RuntimeInitArgs));
  init_args.mem_alloc_type = Alloc_With_System_Allocator;
  init_args.native_module_name = "env";
  init_args.n_native_symbols = sizeof(native_symbols) / sizeof(NativeSymbol);
  init_args.native_symbols = native_symbols;
  init_args.max_thread_num = THREAD_NUM;
  CHECK(wasm_runtime_full_init(&init_args));

  buffer = read_wasm_binary_to_buffer("threads.wasm", &size);
  module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module != NULL);
  module_inst =
      wasm_runtime_instantiate(module, stack_size, heap_size, error_buf, sizeof(error_buf));
  CHECK(module_inst != NULL);
  exec_env = wasm_runtime_create_exec_env(module_inst, stack_size);
  CHECK(exec_env != NULL);
  parent_fib = wasm_runtime_lookup_function(module_inst, "fib", NULL);
  parent_meet_fib = wasm_runtime_lookup_function(module_inst, "meet_fib", NULL);
  CHECK(parent_fib && parent_meet_fib);

  /* Parent state the spawned instance must not see. */
  {
    wasm_function_inst_t set_g = wasm_runtime_lookup_function(module_inst, "set_g", NULL);
    wasm_function_inst_t poke = wasm_runtime_lookup_function(module_inst, "poke", NULL);
    uint32 argv[2] = {7, 0};
    CHECK(wasm_runtime_call_wasm(exec_env, set_g, 1, argv));
    argv[0] = 100;
    argv[1] = 42;
    CHECK(wasm_runtime_call_wasm(exec_env, poke, 2, argv));
  }

  /* ---- spawn exec_env ---- */
  {
    wasm_exec_env_t new_exec_env = wasm_runtime_spawn_exec_env(exec_env);
    wasm_module_inst_t child;
    struct pthread_arg arg;
    pthread_t th;
    uint32 argv[2];
    void *native = NULL;
    uint32_t app;
    CHECK(new_exec_env != NULL && new_exec_env != exec_env);
    child = wasm_runtime_get_module_inst(new_exec_env);
    CHECK(child != NULL && child != module_inst);
    CHECK(wasm_runtime_get_module(child) == module);

    /* a fresh instance: its own globals and memory (data segments again) */
    argv[0] = 0;
    CHECK(wasm_runtime_call_wasm(new_exec_env,
                                 wasm_runtime_lookup_function(child, "get_g", NULL), 0, argv));
    CHECK(argv[0] == 0);
    argv[0] = 100;
    CHECK(wasm_runtime_call_wasm(new_exec_env,
                                 wasm_runtime_lookup_function(child, "peek", NULL), 1, argv));
    CHECK(argv[0] == 0);
    argv[0] = 16;
    CHECK(wasm_runtime_call_wasm(new_exec_env,
                                 wasm_runtime_lookup_function(child, "peek", NULL), 1, argv));
    CHECK(argv[0] == 'h');
    /* the same app heap size as the parent */
    app = wasm_runtime_module_malloc(child, 4096, &native);
    CHECK(app != 0 && native != NULL);
    CHECK(wasm_runtime_addr_app_to_native(child, app) == native);
    wasm_runtime_module_free(child, app);

    /* It belongs to the spawned exec env: refused elsewhere. */
    wasm_runtime_deinstantiate(child);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "spawned exec env");
    wasm_runtime_destroy_exec_env(new_exec_env);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "wasm_runtime_destroy_spawned_exec_env");
    wasm_runtime_deinstantiate(module_inst);
    CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "spawned from it are alive");
    wasm_runtime_clear_exception(module_inst);
    CHECK(wasm_runtime_get_module_inst(new_exec_env) == child);

    /* Use new_exec_env in another thread while the parent computes too. */
    memset(&arg, 0, sizeof(arg));
    arg.env = new_exec_env;
    arg.parent_fib = parent_fib;
    CHECK(pthread_create(&th, NULL, pthread_body, &arg) == 0);
    CHECK(call_i_i(exec_env, parent_fib, 25) == 75025);
    CHECK(pthread_join(th, NULL) == 0);
    CHECK(arg.result_own_handle == 46368);
    CHECK(arg.result_parent_handle == 28657);
    CHECK(arg.added == 42);
    CHECK(atomic_load(&host_add_calls) == 1);

    /* A trap in the spawned instance is its exception, not the parent's. */
    argv[0] = 1;
    argv[1] = 0;
    CHECK(!wasm_runtime_call_wasm(new_exec_env,
                                  wasm_runtime_lookup_function(child, "div", NULL), 2, argv));
    CHECK_STR(wasm_runtime_get_exception(child), "Exception: integer divide by zero");
    CHECK(wasm_runtime_get_exception(module_inst) == NULL);

    /* you need to use this API to manually destroy the spawned exec_env */
    wasm_runtime_destroy_spawned_exec_env(new_exec_env);
    CHECK(wasm_runtime_get_module_inst(new_exec_env) == NULL);
    CHECK(!wasm_runtime_call_wasm(new_exec_env, parent_fib, 1, argv));
    wasm_runtime_destroy_spawned_exec_env(new_exec_env); /* twice: refused */
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "destroyed");
    wasm_runtime_destroy_spawned_exec_env(exec_env); /* not spawned: refused */
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "not a spawned exec env");
    wasm_runtime_destroy_spawned_exec_env(NULL);
    CHECK(wasm_runtime_spawn_exec_env(NULL) == NULL);
    CHECK(call_i_i(exec_env, parent_fib, 10) == 55); /* the parent is untouched */
  }

  /* ---- spawn thread: THREAD_NUM threads in wasm at the same time ---- */
  {
    wasm_thread_t tids[THREAD_NUM], extra;
    void *ret;
    int i;
    meeting_size = THREAD_NUM;
    for (i = 0; i < THREAD_NUM; i++) {
      CHECK(wasm_runtime_spawn_thread(exec_env, &tids[i], wamr_thread_cb,
                                      (void *)(intptr_t)(15 + i)) == 0);
      CHECK(tids[i] != 0);
    }
    /* max_thread_num: no more while these are not joined */
    CHECK(wasm_runtime_spawn_thread(exec_env, &extra, wamr_thread_cb, (void *)(intptr_t)3) != 0);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "max_thread_num");
    CHECK(wasm_runtime_spawn_exec_env(exec_env) == NULL);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "max_thread_num");
    wasm_runtime_clear_exception(module_inst);
    for (i = 0; i < THREAD_NUM; i++) {
      ret = NULL;
      CHECK(wasm_runtime_join_thread(tids[i], &ret) == 0);
      CHECK((int32_t)(intptr_t)ret == fib_c(15 + i));
    }
    CHECK(atomic_load(&arrived) == THREAD_NUM);
    /* joined: unknown now; and ids never given out */
    CHECK(wasm_runtime_join_thread(tids[0], &ret) != 0);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "already joined");
    CHECK(wasm_runtime_join_thread(0, NULL) != 0);
    CHECK(wasm_runtime_join_thread((wasm_thread_t)0xdead0, NULL) != 0);
    /* bad arguments */
    CHECK(wasm_runtime_spawn_thread(NULL, &extra, wamr_thread_cb, NULL) != 0);
    CHECK(wasm_runtime_spawn_thread(exec_env, NULL, wamr_thread_cb, NULL) != 0);
    CHECK(wasm_runtime_spawn_thread(exec_env, &extra, NULL, NULL) != 0);
    wasm_runtime_clear_exception(module_inst);

    /* the places are free again: the guide's form, retval NULL */
    CHECK(wasm_runtime_spawn_thread(exec_env, &extra, spawn_from_thread_cb, NULL) == 0);
    ret = NULL;
    CHECK(wasm_runtime_join_thread(extra, &ret) == 0);
    CHECK((intptr_t)ret == 55);
    meeting_size = 1;
    CHECK(wasm_runtime_spawn_thread(exec_env, &extra, wamr_thread_cb, (void *)(intptr_t)5) == 0);
    CHECK(wasm_runtime_join_thread(extra, NULL) == 0);
  }

  /* A thread not joined: wasm_runtime_destroy waits for it, frees its env. */
  {
    wasm_thread_t late;
    CHECK(wasm_runtime_spawn_thread(exec_env, &late, late_cb, NULL) == 0);
  }
  /* The guide's deinitialization, the parent's exec env left to destroy. */
  wasm_runtime_deinstantiate(module_inst); /* refused: the late thread's env is alive */
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  CHECK(late_result == 196418);

  /* Under a memory pool: spawned exec envs work, threads are refused. */
  {
    static char pool[2 << 20];
    wasm_exec_env_t spawned;
    wasm_thread_t tid;
    memset(&init_args, 0, sizeof(RuntimeInitArgs));
    init_args.mem_alloc_type = Alloc_With_Pool;
    init_args.mem_alloc_option.pool.heap_buf = pool;
    init_args.mem_alloc_option.pool.heap_size = sizeof(pool);
    init_args.native_module_name = "env";
    init_args.n_native_symbols = sizeof(native_symbols) / sizeof(NativeSymbol);
    init_args.native_symbols = native_symbols;
    CHECK(wasm_runtime_full_init(&init_args));
    module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
    CHECK(module != NULL);
    module_inst =
        wasm_runtime_instantiate(module, stack_size, heap_size, error_buf, sizeof(error_buf));
    CHECK(module_inst != NULL);
    exec_env = wasm_runtime_create_exec_env(module_inst, stack_size);
    parent_fib = wasm_runtime_lookup_function(module_inst, "fib", NULL);
    CHECK(exec_env && parent_fib);
    spawned = wasm_runtime_spawn_exec_env(exec_env);
    CHECK(spawned != NULL);
    CHECK(call_i_i(spawned, parent_fib, 12) == 144);
    CHECK(wasm_runtime_spawn_thread(exec_env, &tid, late_cb, NULL) != 0);
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "system allocator");
    /* max_thread_num not set: 4 */
    {
      wasm_exec_env_t more[3];
      int i;
      for (i = 0; i < 3; i++) CHECK((more[i] = wasm_runtime_spawn_exec_env(exec_env)) != NULL);
      CHECK(wasm_runtime_spawn_exec_env(exec_env) == NULL);
      for (i = 0; i < 3; i++) wasm_runtime_destroy_spawned_exec_env(more[i]);
    }
    wasm_runtime_destroy_spawned_exec_env(spawned);
    wasm_runtime_destroy_exec_env(exec_env);
    wasm_runtime_deinstantiate(module_inst);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
  }
  free(buffer);
  printf("Done.\n");
  return 0;
}
