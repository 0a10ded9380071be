// global: host-made globals imported by wasm and wasm globals exported to
// the host, constant and mutable, i32/i64/f32/f64; changes on either side
// are seen by the other; bad sets are refused.
#include "common.h"

static wasm_global_t* make(wasm_store_t* store, wasm_valkind_t kind, wasm_mutability_t mut,
                           wasm_val_t v) {
  wasm_globaltype_t* ty = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t* g = wasm_global_new(store, ty, &v);
  wasm_globaltype_delete(ty);
  CHECK(g);
  return g;
}

static double as_f64(wasm_val_t v) {
  switch (v.kind) {
    case WASM_I32: return v.of.i32;
    case WASM_I64: return (double)v.of.i64;
    case WASM_F32: return v.of.f32;
    case WASM_F64: return v.of.f64;
  }
  CHECK(0);
  return 0;
}

static double get(const wasm_global_t* g) {
  wasm_val_t v;
  wasm_global_get(g, &v);
  return as_f64(v);
}

static double call_f64(const wasm_func_t* f) {
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(f, &none, &rv) == NULL);
  return as_f64(r[0]);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "global.wasm");

  wasm_val_t i32 = WASM_I32_VAL(1), i64 = WASM_I64_VAL(2);
  wasm_val_t f32 = WASM_F32_VAL(3), f64 = WASM_F64_VAL(4);
  wasm_global_t* host[8] = {
    make(store, WASM_I32, WASM_CONST, i32), make(store, WASM_I64, WASM_CONST, i64),
    make(store, WASM_F32, WASM_CONST, f32), make(store, WASM_F64, WASM_CONST, f64),
    make(store, WASM_I32, WASM_VAR, i32), make(store, WASM_I64, WASM_VAR, i64),
    make(store, WASM_F32, WASM_VAR, f32), make(store, WASM_F64, WASM_VAR, f64),
  };
  wasm_extern_t* imps[8];
  for (int i = 0; i < 8; i++) imps[i] = wasm_global_as_extern(host[i]);
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  const char* names[8] = { "const_i32", "const_i64", "const_f32", "const_f64",
                           "var_i32", "var_i64", "var_f32", "var_f64" };
  wasm_global_t* mine[8];
  for (int i = 0; i < 8; i++) {
    mine[i] = wasm_extern_as_global(get_export(module, &exports, names[i]));
    CHECK(mine[i]);
    wasm_globaltype_t* ty = wasm_global_type(mine[i]);
    CHECK(wasm_globaltype_mutability(ty) == (i < 4 ? WASM_CONST : WASM_VAR));
    CHECK(wasm_valtype_kind(wasm_globaltype_content(ty)) == (wasm_valkind_t)(i % 4));
    wasm_globaltype_delete(ty);
  }
  wasm_func_t* sum = get_func(module, &exports, "sum_imports");
  wasm_func_t* bump = get_func(module, &exports, "bump");

  // Initial values on both sides.
  double expect[8] = { 7, 8, 9.5, 10.25, 11, 12, 13, 14 };
  for (int i = 0; i < 8; i++) CHECK(get(mine[i]) == expect[i]);
  CHECK(call_f64(sum) == 2 * (1 + 2 + 3 + 4));

  // The host sets its mutable globals; wasm sees the new values.
  wasm_val_t n32 = WASM_I32_VAL(100), n64 = WASM_I64_VAL(200);
  wasm_val_t nf32 = WASM_F32_VAL(300), nf64 = WASM_F64_VAL(400);
  wasm_global_set(host[4], &n32);
  wasm_global_set(host[5], &n64);
  wasm_global_set(host[6], &nf32);
  wasm_global_set(host[7], &nf64);
  printf("sum of imports: %g\n", call_f64(sum));
  CHECK(call_f64(sum) == 1 + 2 + 3 + 4 + 100 + 200 + 300 + 400);

  // Wasm changes every mutable global; the host sees it on both sides.
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(bump, &none, &none) == NULL);
  CHECK(get(host[4]) == 101 && get(host[5]) == 201 && get(host[6]) == 301 && get(host[7]) == 401);
  CHECK(get(mine[4]) == 12 && get(mine[5]) == 13 && get(mine[6]) == 14 && get(mine[7]) == 15);

  // The host sets exported mutable globals; wasm sees them.
  wasm_val_t big = WASM_I64_VAL(1LL << 40);
  wasm_global_set(mine[5], &big);
  CHECK(call_f64(get_func(module, &exports, "get_var_i64")) == (double)(1LL << 40));
  wasm_val_t half = WASM_F32_VAL(0.5f);
  wasm_global_set(mine[6], &half);
  CHECK(call_f64(get_func(module, &exports, "get_var_f32")) == 0.5);

  // Refused: setting a constant, or a value of the wrong kind.
  wasm_global_set(mine[0], &n32);
  CHECK(get(mine[0]) == 7);
  wasm_global_set(host[0], &n32);
  CHECK(get(host[0]) == 1);
  wasm_global_set(mine[4], &nf64);
  CHECK(get(mine[4]) == 12);
  wasm_val_t v;
  wasm_global_get(mine[4], &v);
  CHECK(v.kind == WASM_I32);

  // A global made with a value of the wrong kind is refused.
  wasm_globaltype_t* ty = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  CHECK(wasm_global_new(store, ty, &nf64) == NULL);
  wasm_globaltype_delete(ty);

  // Handles to the same global are the same object.
  wasm_extern_vec_t again;
  wasm_instance_exports(instance, &again);
  CHECK(wasm_global_same(wasm_extern_as_global(get_export(module, &again, "var_i32")), mine[4]));
  CHECK(!wasm_global_same(mine[4], mine[5]));
  wasm_extern_vec_delete(&again);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  for (int i = 0; i < 8; i++) wasm_global_delete(host[i]);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
