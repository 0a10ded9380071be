// multi: functions with several parameters and results, host and wasm,
// including more values than fit the library's inline buffers.
#include "common.h"

static wasm_trap_t* rotate(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 4 && results->size == 4);
  printf("rotate(%d, %lld, %lld, %d)\n", args->data[0].of.i32, (long long)args->data[1].of.i64,
         (long long)args->data[2].of.i64, args->data[3].of.i32);
  results->data[0] = args->data[1];
  results->data[1] = args->data[2];
  results->data[2] = args->data[3];
  results->data[3] = args->data[0];
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "multi.wasm");

  wasm_valtype_t* ps[4] = { wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i64(), wasm_valtype_new_i32() };
  wasm_valtype_t* rs[4] = { wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i32(), wasm_valtype_new_i32() };
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results, 4, rs);
  wasm_functype_t* ty = wasm_functype_new(&params, &results);
  wasm_func_t* rot = wasm_func_new(store, ty, rotate);
  wasm_functype_delete(ty);
  wasm_extern_t* imps[] = { wasm_func_as_extern(rot) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &iv, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  // Four values in, four out, through wasm and the host.
  wasm_val_t a[4] = { WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4) };
  wasm_val_t r[4] = { WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(get_func(module, &exports, "roundtrip"), &av, &rv) == NULL);
  printf("roundtrip -> %lld %lld %d %d\n", (long long)r[0].of.i64, (long long)r[1].of.i64,
         r[2].of.i32, r[3].of.i32);
  CHECK(r[0].kind == WASM_I64 && r[0].of.i64 == 2 && r[1].of.i64 == 3);
  CHECK(r[2].kind == WASM_I32 && r[2].of.i32 == 4 && r[3].of.i32 == 1);
  // The host function directly, too.
  CHECK(wasm_func_call(rot, &av, &rv) == NULL);
  CHECK(r[3].of.i32 == 1);

  // One number in, four of different types out.
  wasm_val_t x[1] = { WASM_F64_VAL(-2.75) };
  wasm_val_vec_t xv = WASM_ARRAY_VEC(x);
  CHECK(wasm_func_call(get_func(module, &exports, "split"), &xv, &rv) == NULL);
  CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == -2);
  CHECK(r[1].kind == WASM_F32 && r[1].of.f32 == -2.75f);
  CHECK(r[2].kind == WASM_F64 && r[2].of.f64 == 2.75);
  CHECK(r[3].kind == WASM_I64 && r[3].of.i64 == -5);

  // Ten parameters.
  wasm_val_t ten[10];
  for (int i = 0; i < 10; i++) { ten[i].kind = WASM_I32; ten[i].of.i32 = i + 1; }
  wasm_val_vec_t tv = WASM_ARRAY_VEC(ten);
  wasm_val_vec_t one = { 1, r };
  CHECK(wasm_func_call(get_func(module, &exports, "sum10"), &tv, &one) == NULL);
  printf("sum10 = %d\n", r[0].of.i32);
  CHECK(r[0].of.i32 == 45 + 1000);

  // Vectors of values: new, copy, delete.
  wasm_val_vec_t vv, vc;
  wasm_val_vec_new(&vv, 4, a);
  wasm_val_vec_copy(&vc, &vv);
  CHECK(vc.size == 4 && vc.data[3].of.i32 == 4 && vc.data[1].kind == WASM_I64);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_delete(&vc);
  CHECK(vc.size == 0 && vc.data == NULL);
  wasm_val_vec_new_uninitialized(&vv, 3);
  CHECK(vv.size == 3);
  wasm_val_vec_delete(&vv);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(rot);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
