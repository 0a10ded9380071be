// trap: host and wasm traps; message, origin and trace; a trap raised in a
// nested call (wasm -> host -> wasm) comes out of the outer call with the
// frames of both.
#include "common.h"

static wasm_trap_t* fail(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args; (void)results;
  wasm_store_t* store = env;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "the host says no");
  wasm_trap_t* t = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  return t;
}

static wasm_func_t* nested = NULL;

static wasm_trap_t* call_nested(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)env; (void)args; (void)results;
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  return wasm_func_call(nested, &none, &none);
}

static void print_frame(const char* what, const wasm_frame_t* f) {
  printf("  %s: func %u, offset in func 0x%zx, in module 0x%zx\n", what,
         wasm_frame_func_index(f), wasm_frame_func_offset(f), wasm_frame_module_offset(f));
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "trap.wasm");

  wasm_functype_t* ty = wasm_functype_new_0_0();
  wasm_func_t* fail_f = wasm_func_new_with_env(store, ty, fail, store, NULL);
  wasm_func_t* nested_f = wasm_func_new_with_env(store, ty, call_nested, NULL, NULL);
  wasm_functype_delete(ty);
  wasm_extern_t* imps[] = { wasm_func_as_extern(fail_f), wasm_func_as_extern(nested_f) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  char buf[256];
  wasm_val_vec_t none = WASM_EMPTY_VEC;

  // A trap made by the host, raised through wasm.
  wasm_trap_t* t = wasm_func_call(get_func(module, &exports, "host_trap"), &none, &none);
  CHECK(t);
  printf("host trap: %s\n", trap_text(t, buf, sizeof buf));
  CHECK(strcmp(buf, "the host says no") == 0);
  wasm_frame_t* origin = wasm_trap_origin(t);
  CHECK(origin);
  print_frame("origin", origin);
  CHECK(wasm_frame_func_index(origin) == 2);  // $host_trap (after 2 imports)
  CHECK(wasm_instance_same(wasm_frame_instance(origin), instance));
  wasm_frame_delete(origin);
  wasm_trap_delete(t);

  // A trap of wasm itself.
  wasm_val_t a[2] = { WASM_I32_VAL(7), WASM_I32_VAL(0) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  t = wasm_func_call(get_func(module, &exports, "div"), &av, &rv);
  CHECK(t);
  printf("wasm trap: %s\n", trap_text(t, buf, sizeof buf));
  CHECK(strstr(buf, "integer divide by zero") != NULL);
  wasm_trap_delete(t);
  a[1].of.i32 = 2;
  CHECK(wasm_func_call(get_func(module, &exports, "div"), &av, &rv) == NULL);
  CHECK(r[0].of.i32 == 3);

  // A trap three wasm calls deep: the trace lists them innermost first.
  nested = get_func(module, &exports, "nested");
  t = wasm_func_call(nested, &none, &none);
  CHECK(t);
  printf("nested: %s\n", trap_text(t, buf, sizeof buf));
  CHECK(strstr(buf, "unreachable") != NULL);
  wasm_frame_vec_t trace;
  wasm_trap_trace(t, &trace);
  CHECK(trace.size == 3);
  for (size_t i = 0; i < trace.size; i++) print_frame("frame", trace.data[i]);
  CHECK(wasm_frame_func_index(trace.data[0]) == 4);  // $inner
  CHECK(wasm_frame_func_index(trace.data[1]) == 5);  // $middle
  CHECK(wasm_frame_func_index(trace.data[2]) == 6);  // $nested
  CHECK(wasm_frame_func_offset(trace.data[0]) > 0);
  CHECK(wasm_frame_module_offset(trace.data[0]) > wasm_frame_func_offset(trace.data[0]));
  wasm_frame_t* copy = wasm_frame_copy(trace.data[1]);
  CHECK(wasm_frame_func_index(copy) == 5);
  wasm_frame_delete(copy);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(t);

  // The same trap reached through a host function: its frames and ours.
  t = wasm_func_call(get_func(module, &exports, "outer"), &none, &none);
  CHECK(t);
  wasm_trap_trace(t, &trace);
  printf("through the host: %s, %zu frames\n", trap_text(t, buf, sizeof buf), trace.size);
  CHECK(trace.size == 4);
  CHECK(wasm_frame_func_index(trace.data[0]) == 4);
  CHECK(wasm_frame_func_index(trace.data[3]) == 7);  // "outer"
  wasm_frame_vec_delete(&trace);

  // Traps are references: copies are the same object, host info included.
  wasm_trap_set_host_info(t, (void*)42);
  wasm_trap_t* t2 = wasm_trap_copy(t);
  CHECK(wasm_trap_same(t, t2));
  CHECK(wasm_trap_get_host_info(t2) == (void*)42);
  wasm_trap_delete(t2);
  wasm_trap_delete(t);

  // Messages with and without a trailing NUL come out the same.
  wasm_message_t m1, m2;
  wasm_name_new_from_string(&m1, "plain");
  wasm_name_new_from_string_nt(&m2, "plain");
  wasm_trap_t* p1 = wasm_trap_new(store, &m1);
  wasm_trap_t* p2 = wasm_trap_new(store, &m2);
  wasm_message_t o1, o2;
  wasm_trap_message(p1, &o1);
  wasm_trap_message(p2, &o2);
  CHECK(o1.size == 6 && o2.size == 6 && memcmp(o1.data, "plain", 6) == 0);
  CHECK(memcmp(o1.data, o2.data, 6) == 0);
  CHECK(wasm_trap_origin(p1) == NULL);
  wasm_byte_vec_delete(&o1); wasm_byte_vec_delete(&o2);
  wasm_name_delete(&m1); wasm_name_delete(&m2);
  wasm_trap_delete(p1); wasm_trap_delete(p2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(fail_f);
  wasm_func_delete(nested_f);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
