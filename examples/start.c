// start: a trapping start function is reported through the trap
// out-parameter, with its frames; link errors give NULL and a trap that
// names the import; a NULL trap pointer is allowed.
#include "common.h"
#include "ferrowasm.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "start.wasm");
  char buf[256];

  wasm_globaltype_t* gty = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t* seen = wasm_global_new(store, gty, &zero);
  wasm_globaltype_delete(gty);
  CHECK(seen);
  wasm_extern_t* imps[] = { wasm_global_as_extern(seen) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);

  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance == NULL);
  CHECK(trap != NULL);
  printf("start trapped: %s\n", trap_text(trap, buf, sizeof buf));
  CHECK(strstr(buf, "unreachable") != NULL);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2);
  CHECK(wasm_frame_func_index(trace.data[0]) == 1);  // $boom
  CHECK(wasm_frame_func_index(trace.data[1]) == 0);  // $start
  printf("  at func %u <- func %u\n", wasm_frame_func_index(trace.data[0]),
         wasm_frame_func_index(trace.data[1]));
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  // What the start function did before trapping stays done.
  wasm_val_t v;
  wasm_global_get(seen, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 1);

  // Without a trap pointer: still NULL, no crash.
  CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);

  // A link error: a function where a global is expected.
  wasm_functype_t* fty = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new(store, fty, NULL);
  CHECK(f == NULL);  // a NULL callback is refused
  wasm_functype_delete(fty);
  wasm_globaltype_t* cty = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t z64 = WASM_I64_VAL(0);
  wasm_global_t* wrong = wasm_global_new(store, cty, &z64);
  wasm_globaltype_delete(cty);
  wasm_extern_t* bad_imps[] = { wasm_global_as_extern(wrong) };
  wasm_extern_vec_t bad = WASM_ARRAY_VEC(bad_imps);
  trap = (wasm_trap_t*)1;
  CHECK(wasm_instance_new(store, module, &bad, &trap) == NULL);
  CHECK(trap != NULL);
  printf("link error: %s\n", trap_text(trap, buf, sizeof buf));
  CHECK(strstr(buf, "\"env\" \"seen\"") != NULL);
  CHECK(ferrowasm_last_error_message() != NULL);
  wasm_trap_delete(trap);

  // Too few imports, and a NULL import.
  wasm_extern_vec_t empty = WASM_EMPTY_VEC;
  trap = NULL;
  CHECK(wasm_instance_new(store, module, &empty, &trap) == NULL);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  wasm_extern_t* null_imps[] = { NULL };
  wasm_extern_vec_t nulls = WASM_ARRAY_VEC(null_imps);
  trap = NULL;
  CHECK(wasm_instance_new(store, module, &nulls, &trap) == NULL);
  CHECK(trap != NULL);
  printf("null import: %s\n", trap_text(trap, buf, sizeof buf));
  wasm_trap_delete(trap);

  wasm_global_delete(wrong);
  wasm_global_delete(seen);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
