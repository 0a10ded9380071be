// threads: a module compiled once, shared (wasm_module_share), and
// instantiated three times in each of ten threads with their own stores,
// all at the same time; engines are also made and deleted on every thread.
#include <pthread.h>
#include "common.h"

#define THREADS 10
#define ROUNDS 3

static wasm_engine_t* engine;
static wasm_shared_module_t* shared;
static int reports[THREADS];

static wasm_trap_t* report(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  int* mine = env;
  CHECK(args->data[1].of.i32 == 4950);
  (*mine)++;
  CHECK(args->data[0].of.i32 == (int)(mine - reports));
  return NULL;
}

static void* worker(void* arg) {
  int id = (int)(intptr_t)arg;
  // An engine of one's own, made and dropped, does not disturb the others.
  wasm_engine_delete(wasm_engine_new());

  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_obtain(store, shared);
  CHECK(module);
  wasm_functype_t* fty = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* rep = wasm_func_new_with_env(store, fty, report, &reports[id], NULL);
  wasm_functype_delete(fty);
  wasm_globaltype_t* gty = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t idv = WASM_I32_VAL(id);
  wasm_global_t* g = wasm_global_new(store, gty, &idv);
  wasm_globaltype_delete(gty);
  wasm_extern_t* imps[] = { wasm_func_as_extern(rep), wasm_global_as_extern(g) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  for (int round = 0; round < ROUNDS; round++) {
    wasm_instance_t* instance = wasm_instance_new(store, module, &iv, NULL);
    CHECK(instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t a[1] = { WASM_I32_VAL(100) };
    wasm_val_t r[1] = { WASM_INIT_VAL };
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &av, &rv) == NULL);
    CHECK(r[0].of.i32 == 4950);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_func_delete(rep);
  wasm_global_delete(g);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "threads.wasm");
  shared = wasm_module_share(module);
  CHECK(shared);
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    CHECK(pthread_create(&threads[i], NULL, worker, (void*)(intptr_t)i) == 0);
  for (int i = 0; i < THREADS; i++) CHECK(pthread_join(threads[i], NULL) == 0);
  for (int i = 0; i < THREADS; i++) {
    printf("thread %d: %d runs\n", i, reports[i]);
    CHECK(reports[i] == ROUNDS);
  }

  // A module obtained in a store of another engine is refused.
  wasm_engine_t* other = wasm_engine_new();
  wasm_store_t* other_store = wasm_store_new(other);
  CHECK(wasm_module_obtain(other_store, shared) == NULL);
  wasm_store_delete(other_store);
  wasm_engine_delete(other);

  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
