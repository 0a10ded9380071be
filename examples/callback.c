// callback: host functions without and with an environment (and its
// finalizer), parameters of every number type, and re-entrancy: a host
// function that calls back into the instance that called it.
#include "common.h"

static wasm_trap_t* mix(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 4 && results->size == 1);
  CHECK(args->data[0].kind == WASM_I32 && args->data[1].kind == WASM_I64);
  CHECK(args->data[2].kind == WASM_F32 && args->data[3].kind == WASM_F64);
  double r = args->data[0].of.i32 + (double)args->data[1].of.i64 +
             args->data[2].of.f32 + args->data[3].of.f64;
  printf("mix(%d, %lld, %g, %g) = %g\n", args->data[0].of.i32,
         (long long)args->data[1].of.i64, args->data[2].of.f32, args->data[3].of.f64, r);
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = r;
  return NULL;
}

typedef struct { int calls; int finalized; } counter_t;

static wasm_trap_t* count(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  counter_t* c = env;
  CHECK(args->size == 0 && results->size == 1);
  c->calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = c->calls;
  return NULL;
}

static void finalize_counter(void* env) {
  counter_t* c = env;
  c->finalized++;
}

// The exported "square", looked up after instantiation.
static wasm_func_t* square = NULL;

static wasm_trap_t* reenter(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)env;
  CHECK(square != NULL);
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t res_vec = WASM_ARRAY_VEC(res);
  wasm_trap_t* trap = wasm_func_call(square, args, &res_vec);
  if (trap) return trap;
  results->data[0] = res[0];
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "callback.wasm");

  wasm_valtype_t* ps[4] = { wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_f32(), wasm_valtype_new_f64() };
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new_uninitialized(&results, 1);
  results.data[0] = wasm_valtype_new_f64();
  wasm_functype_t* mix_ty = wasm_functype_new(&params, &results);
  CHECK(wasm_functype_params(mix_ty)->size == 4);
  CHECK(wasm_valtype_kind(wasm_functype_params(mix_ty)->data[3]) == WASM_F64);
  wasm_func_t* mix_f = wasm_func_new(store, mix_ty, mix);
  wasm_functype_delete(mix_ty);

  counter_t counter = { 0, 0 };
  wasm_functype_t* count_ty = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* count_f = wasm_func_new_with_env(store, count_ty, count, &counter, finalize_counter);
  wasm_functype_delete(count_ty);

  wasm_functype_t* re_ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* re_f = wasm_func_new_with_env(store, re_ty, reenter, NULL, NULL);
  wasm_functype_delete(re_ty);
  CHECK(mix_f && count_f && re_f);

  wasm_extern_t* imps[] = { wasm_func_as_extern(mix_f), wasm_func_as_extern(count_f),
                            wasm_func_as_extern(re_f) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  // All four number types through a plain callback.
  wasm_val_t a[4] = { WASM_I32_VAL(1), WASM_I64_VAL(10000000000LL),
                      WASM_F32_VAL(0.5f), WASM_F64_VAL(0.25) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(get_func(module, &exports, "run"), &av, &rv) == NULL);
  CHECK(r[0].kind == WASM_F64 && r[0].of.f64 == 10000000001.75);

  // A callback with an environment, called twice: 1 * 10 + 2.
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_t r1[1] = { WASM_INIT_VAL };
  wasm_val_vec_t r1v = WASM_ARRAY_VEC(r1);
  CHECK(wasm_func_call(get_func(module, &exports, "count_twice"), &none, &r1v) == NULL);
  printf("count_twice() = %d\n", r1[0].of.i32);
  CHECK(r1[0].of.i32 == 12 && counter.calls == 2);

  // Calling a host function directly from C.
  CHECK(wasm_func_call(count_f, &none, &r1v) == NULL);
  CHECK(r1[0].of.i32 == 3);

  // Re-entrancy: wasm -> host -> wasm.
  square = get_func(module, &exports, "square");
  wasm_val_t a1[1] = { WASM_I32_VAL(7) };
  wasm_val_vec_t a1v = WASM_ARRAY_VEC(a1);
  CHECK(wasm_func_call(get_func(module, &exports, "square_via_host"), &a1v, &r1v) == NULL);
  printf("square_via_host(7) = %d\n", r1[0].of.i32);
  CHECK(r1[0].of.i32 == 50);

  // Wrong arity and wrong kinds are traps, not crashes.
  wasm_trap_t* t = wasm_func_call(square, &none, &r1v);
  char buf[256];
  CHECK(t != NULL);
  printf("wrong arity: %s\n", trap_text(t, buf, sizeof buf));
  wasm_trap_delete(t);
  wasm_val_t bad[1] = { WASM_F64_VAL(1.0) };
  wasm_val_vec_t badv = WASM_ARRAY_VEC(bad);
  t = wasm_func_call(square, &badv, &r1v);
  CHECK(t != NULL);
  printf("wrong kind: %s\n", trap_text(t, buf, sizeof buf));
  wasm_trap_delete(t);
  wasm_val_vec_t no_room = WASM_EMPTY_VEC;
  t = wasm_func_call(square, &a1v, &no_room);
  CHECK(t != NULL);
  wasm_trap_delete(t);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(mix_f);
  wasm_func_delete(count_f);
  wasm_func_delete(re_f);
  wasm_module_delete(module);
  CHECK(counter.finalized == 0 || counter.finalized == 1);
  wasm_store_delete(store);
  // The environment's finalizer ran exactly once, at the latest with the store.
  CHECK(counter.finalized == 1);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
