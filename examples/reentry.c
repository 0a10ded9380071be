// reentry: the native stack and object lifetimes inside callbacks.
// - A host callback that calls back into wasm (host -> wasm -> host ...)
//   to depth 100,000 ends in the trap "call stack exhausted", on the main
//   thread and on a thread with a 256 KiB stack, and the host goes on.
// - On a thread with a 64 KiB stack: compile a module, call it, recurse
//   without end (a clean trap).
// - wasm_store_delete from inside one of the store's callbacks: the store
//   is freed when the outermost call returns (AddressSanitizer checks that
//   nothing is used after the free); its handles then report it deleted.
#include <pthread.h>
#include "common.h"

typedef struct {
  wasm_func_t* down;   // the exported "down" (borrowed from the exports)
  wasm_store_t* store; // deleted by the callback when `kill` is set
  int kill;
  int killed;
} env_t;

static wasm_trap_t* host_h(void* envp, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  env_t* env = envp;
  if (env->kill && !env->killed) {
    env->killed = 1;
    wasm_store_delete(env->store);
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = 1000;
    return NULL;
  }
  wasm_val_t a[1] = { WASM_I32_VAL(args->data[0].of.i32 - 1) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(env->down, &av, &rv);
  if (t) return t;
  results->data[0] = r[0];
  return NULL;
}

typedef struct {
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_instance_t* instance;
  wasm_extern_vec_t exports;
  wasm_func_t* h;
  env_t env;
} world_t;

static void world_new(world_t* w, wasm_engine_t* engine) {
  w->store = wasm_store_new(engine);
  w->module = load_module(w->store, "reentry.wasm");
  memset(&w->env, 0, sizeof w->env);
  w->env.store = w->store;
  wasm_functype_t* ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  w->h = wasm_func_new_with_env(w->store, ty, host_h, &w->env, NULL);
  wasm_functype_delete(ty);
  wasm_extern_t* imps[] = { wasm_func_as_extern(w->h) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  w->instance = wasm_instance_new(w->store, w->module, &imports, NULL);
  CHECK(w->instance);
  wasm_instance_exports(w->instance, &w->exports);
  w->env.down = wasm_extern_as_func(get_export(w->module, &w->exports, "down"));
  CHECK(w->env.down);
}

static void world_delete(world_t* w, int store_deleted) {
  wasm_extern_vec_delete(&w->exports);
  wasm_instance_delete(w->instance);
  wasm_func_delete(w->h);
  wasm_module_delete(w->module);
  if (!store_deleted) wasm_store_delete(w->store);
}

// Call `name`(arg): its i32 result, or -1 with the trap's message in `msg`.
static int call1(world_t* w, const char* name, int arg, char* msg, size_t n) {
  wasm_func_t* f = wasm_extern_as_func(get_export(w->module, &w->exports, name));
  wasm_val_t a[1] = { WASM_I32_VAL(arg) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(f, &av, &rv);
  if (msg) msg[0] = 0;
  if (t) {
    wasm_message_t m;
    wasm_trap_message(t, &m);
    if (msg) snprintf(msg, n, "%.*s", (int)m.size, m.data);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(t);
    return -1;
  }
  return r[0].of.i32;
}

static void reentry_traps(wasm_engine_t* engine, const char* where) {
  world_t w;
  world_new(&w, engine);
  char msg[256];
  CHECK(call1(&w, "down", 30, msg, sizeof msg) == 30);
  int r = call1(&w, "down", 100000, msg, sizeof msg);
  printf("%s: re-entry to depth 100000: %s\n", where, r < 0 ? msg : "returned");
  CHECK(r == -1 && strstr(msg, "call stack exhausted"));
  // The host keeps running.
  CHECK(call1(&w, "down", 30, msg, sizeof msg) == 30);
  world_delete(&w, 0);
}

static void* on_256k(void* engine) {
  reentry_traps(engine, "256 KiB thread");
  return NULL;
}

static void* on_64k(void* engine) {
  world_t w;
  world_new(&w, engine);
  char msg[256];
  CHECK(call1(&w, "fib", 15, msg, sizeof msg) == 610);
  CHECK(call1(&w, "deep", 0, msg, sizeof msg) == -1 && strstr(msg, "call stack exhausted"));
  CHECK(call1(&w, "fib", 10, msg, sizeof msg) == 55);
  printf("64 KiB thread: compiled, called, deep recursion trapped: %s\n", msg);
  world_delete(&w, 0);
  return NULL;
}

static void run_on_thread(void* (*f)(void*), size_t stack, wasm_engine_t* engine) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  CHECK(pthread_attr_setstacksize(&attr, stack) == 0);
  pthread_t t;
  CHECK(pthread_create(&t, &attr, f, engine) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  pthread_attr_destroy(&attr);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  reentry_traps(engine, "main thread");
  run_on_thread(on_256k, 256 << 10, engine);
  run_on_thread(on_64k, 64 << 10, engine);

  // The store deleted from inside its own callback, three calls deep.
  world_t w;
  world_new(&w, engine);
  w.env.kill = 0;
  char msg[256];
  CHECK(call1(&w, "down", 3, msg, sizeof msg) == 3);
  w.env.kill = 1;
  int r = call1(&w, "down", 3, msg, sizeof msg);
  CHECK(w.env.killed);
  CHECK(r == 1001);  // the call finished on the still-usable store
  // Freed now: the handles say so, and deleting them is safe.
  r = call1(&w, "down", 3, msg, sizeof msg);
  CHECK(r == -1 && strstr(msg, "deleted"));
  printf("store deleted inside a callback: freed after the call (%s)\n", msg);
  world_delete(&w, 1);

  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
