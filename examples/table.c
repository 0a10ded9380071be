// table: get/set/grow a funcref table from the host, call_indirect through
// entries set by an element segment, by the host (a host function) and
// from another table; out-of-bounds and type errors fail cleanly.
#include "common.h"

static wasm_trap_t* negate(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

static wasm_func_t* call_fn;

// call(arg, index): the result, or a trap message in `msg`.
static int call(int32_t arg, int32_t index, char* msg, size_t cap) {
  wasm_val_t a[2] = { WASM_I32_VAL(arg), WASM_I32_VAL(index) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(call_fn, &av, &rv);
  msg[0] = 0;
  if (t) { trap_text(t, msg, cap); wasm_trap_delete(t); return 0; }
  return r[0].of.i32;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "table.wasm");
  wasm_instance_t* instance = wasm_instance_new(store, module, NULL, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t* table = wasm_extern_as_table(get_export(module, &exports, "table"));
  CHECK(table);
  call_fn = get_func(module, &exports, "call");
  wasm_func_t* inc = get_func(module, &exports, "inc");
  wasm_func_t* pair = get_func(module, &exports, "pair");
  char msg[256];

  wasm_tabletype_t* tty = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tty)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tty)->min == 2 && wasm_tabletype_limits(tty)->max == 10);
  wasm_tabletype_delete(tty);
  CHECK(wasm_table_size(table) == 2);

  // Entry 0 is null, entry 1 is $inc.
  CHECK(wasm_table_get(table, 0) == NULL);
  wasm_ref_t* r1 = wasm_table_get(table, 1);
  CHECK(r1 && wasm_ref_as_func(r1));
  CHECK(wasm_func_same(wasm_ref_as_func(r1), inc));
  wasm_ref_delete(r1);
  CHECK(call(41, 1, msg, sizeof msg) == 42);
  call(1, 0, msg, sizeof msg);
  printf("null entry: %s\n", msg);
  CHECK(strstr(msg, "uninitialized element") != NULL);
  call(1, 2, msg, sizeof msg);
  printf("past the end: %s\n", msg);
  CHECK(msg[0] != 0);

  // The host puts a host function in, and a function of the wrong type.
  wasm_functype_t* fty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* neg = wasm_func_new(store, fty, negate);
  wasm_functype_delete(fty);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(neg)));
  CHECK(call(5, 0, msg, sizeof msg) == -5);
  CHECK(wasm_table_set(table, 1, wasm_func_as_ref(pair)));
  call(5, 1, msg, sizeof msg);
  printf("wrong type: %s\n", msg);
  CHECK(strstr(msg, "indirect call type mismatch") != NULL);
  CHECK(wasm_table_set(table, 1, NULL));
  CHECK(wasm_table_get(table, 1) == NULL);

  // Out of bounds from the host: NULL and false, never a crash.
  CHECK(wasm_table_get(table, 2) == NULL);
  CHECK(wasm_table_get(table, 0xffffffffu) == NULL);
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(inc)));
  // A non-function reference cannot go into a funcref table.
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
  wasm_foreign_delete(foreign);

  // Growing: from the host (with an initial value), from wasm, past the max.
  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(inc)));
  CHECK(wasm_table_size(table) == 5);
  CHECK(call(1, 4, msg, sizeof msg) == 2);
  wasm_val_t g[1] = { WASM_I32_VAL(2) };
  wasm_val_t gr[1] = { WASM_INIT_VAL };
  wasm_val_vec_t gv = WASM_ARRAY_VEC(g), grv = WASM_ARRAY_VEC(gr);
  CHECK(wasm_func_call(get_func(module, &exports, "grow"), &gv, &grv) == NULL);
  CHECK(gr[0].of.i32 == 5 && wasm_table_size(table) == 7);
  CHECK(!wasm_table_grow(table, 4, NULL));
  CHECK(wasm_table_size(table) == 7);
  CHECK(wasm_table_grow(table, 3, NULL));
  CHECK(!wasm_table_grow(table, 1, NULL));
  CHECK(wasm_table_size(table) == 10);
  g[0].of.i32 = 1;
  CHECK(wasm_func_call(get_func(module, &exports, "grow"), &gv, &grv) == NULL);
  CHECK(gr[0].of.i32 == -1);

  // A table made by the host.
  wasm_limits_t lim = { 1, wasm_limits_max_default };
  wasm_tabletype_t* hty = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_table_t* own_table = wasm_table_new(store, hty, wasm_func_as_ref(neg));
  wasm_tabletype_delete(hty);
  CHECK(own_table && wasm_table_size(own_table) == 1);
  wasm_ref_t* e = wasm_table_get(own_table, 0);
  CHECK(e && wasm_func_same(wasm_ref_as_func(e), neg));
  wasm_ref_delete(e);
  tty = wasm_table_type(own_table);
  CHECK(wasm_tabletype_limits(tty)->max == wasm_limits_max_default);
  wasm_tabletype_delete(tty);
  CHECK(wasm_table_grow(own_table, 100, NULL) && wasm_table_size(own_table) == 101);
  wasm_table_delete(own_table);

  wasm_func_delete(neg);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
