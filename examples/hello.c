// hello: compile a module, give it a host function, call its export.
#include "common.h"

static int greet_calls = 0;

// Receives n + 1 from wasm and answers twice that.
static wasm_trap_t* greet(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  printf("Hello from the host, wasm says %d\n", args->data[0].of.i32);
  greet_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(engine && store);

  wasm_byte_vec_t wasm;
  load_file("hello.wasm", &wasm);
  wasm_module_t* module = wasm_module_new(store, &wasm);
  wasm_byte_vec_delete(&wasm);
  CHECK(module);

  wasm_functype_t* ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, ty, greet);
  wasm_functype_delete(ty);
  CHECK(host);

  wasm_extern_t* imports_arr[] = { wasm_func_as_extern(host) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_trap_t* trap = (wasm_trap_t*)1;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance);
  CHECK(trap == NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
  const wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  CHECK(run);
  CHECK(wasm_func_param_arity(run) == 1 && wasm_func_result_arity(run) == 1);

  wasm_val_t args_arr[1] = { WASM_I32_VAL(20) };
  wasm_val_t res_arr[1] = { WASM_INIT_VAL };
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr);
  wasm_val_vec_t results = WASM_ARRAY_VEC(res_arr);
  trap = wasm_func_call(run, &args, &results);
  CHECK(trap == NULL);
  CHECK(res_arr[0].kind == WASM_I32);
  printf("run(20) = %d\n", res_arr[0].of.i32);
  CHECK(res_arr[0].of.i32 == 42);
  CHECK(greet_calls == 1);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(host);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
