// badinput: what the C API does with input it cannot use. NULLs where the
// header allows them, unknown kinds, wrong value kinds and arity, indices
// past the end, growth past the maximum, mismatched imports, objects of
// another store, garbage bytes: each is a clean failure (NULL, false, or
// a trap with a message), never a crash.
#include "common.h"
#include "ferrowasm.h"

static wasm_trap_t* id_cb(const wasm_val_vec_t* a, wasm_val_vec_t* r) {
  wasm_val_copy(&r->data[0], &a->data[0]);
  return NULL;
}

// A host function that returns a value of the wrong kind.
static wasm_trap_t* liar(const wasm_val_vec_t* a, wasm_val_vec_t* r) {
  (void)a;
  r->data[0].kind = WASM_F64;
  r->data[0].of.f64 = 1.5;
  return NULL;
}

static void expect_link_error(wasm_store_t* store, wasm_module_t* module, wasm_extern_t** imps,
                              const char* what) {
  wasm_extern_vec_t iv = { 4, imps };
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &iv, &trap) == NULL);
  CHECK(trap != NULL);
  char buf[256];
  printf("%-28s -> %s\n", what, trap_text(trap, buf, sizeof buf));
  wasm_trap_delete(trap);
}

int main(void) {
  // Deleting NULL does nothing.
  wasm_engine_delete(NULL); wasm_store_delete(NULL); wasm_module_delete(NULL);
  wasm_instance_delete(NULL); wasm_func_delete(NULL); wasm_trap_delete(NULL);
  wasm_valtype_delete(NULL); wasm_functype_delete(NULL); wasm_extern_vec_delete(NULL);
  wasm_val_delete(NULL); wasm_frame_delete(NULL); wasm_ref_delete(NULL);
  CHECK(wasm_store_new(NULL) == NULL);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_t* other = wasm_store_new(engine);

  // Types: unknown kinds, a table of numbers, missing parts.
  CHECK(wasm_valtype_new(77) == NULL);
  CHECK(wasm_globaltype_new(NULL, WASM_CONST) == NULL);
  CHECK(wasm_globaltype_new(wasm_valtype_new_i32(), 9) == NULL);
  wasm_limits_t lim = { 1, 2 };
  CHECK(wasm_tabletype_new(wasm_valtype_new_i32(), &lim) == NULL);
  CHECK(wasm_tabletype_new(wasm_valtype_new_funcref(), NULL) == NULL);
  CHECK(wasm_memorytype_new(NULL) == NULL);
  wasm_functype_t* empty_ty = wasm_functype_new(NULL, NULL);
  CHECK(empty_ty && wasm_functype_params(empty_ty)->size == 0);
  wasm_functype_delete(empty_ty);
  CHECK(wasm_functype_params(NULL) == NULL);
  CHECK(wasm_externtype_as_functype(NULL) == NULL);
  CHECK(wasm_extern_as_func(NULL) == NULL);

  // Objects: too big, min above max.
  wasm_limits_t huge = { 70000, wasm_limits_max_default };
  wasm_memorytype_t* mty = wasm_memorytype_new(&huge);
  CHECK(wasm_memory_new(store, mty) == NULL);
  printf("%-28s -> %s\n", "memory of 70000 pages", ferrowasm_last_error_message());
  wasm_memorytype_delete(mty);
  wasm_limits_t big = { 4000000000u, wasm_limits_max_default };
  wasm_tabletype_t* tty = wasm_tabletype_new(wasm_valtype_new_funcref(), &big);
  CHECK(wasm_table_new(store, tty, NULL) == NULL);
  printf("%-28s -> %s\n", "table of 4e9 elements", ferrowasm_last_error_message());
  wasm_tabletype_delete(tty);

  // Modules: garbage, empty, NULL.
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 8, "\0asm\2\0\0\0");
  CHECK(wasm_module_new(store, &junk) == NULL);
  printf("%-28s -> %s\n", "bad module version", ferrowasm_last_error_message());
  CHECK(!wasm_module_validate(store, &junk));
  wasm_byte_vec_delete(&junk);
  wasm_byte_vec_t none_bytes = WASM_EMPTY_VEC;
  CHECK(wasm_module_new(store, &none_bytes) == NULL);
  CHECK(wasm_module_new(store, NULL) == NULL);

  // Imports that do not fit.
  wasm_module_t* module = load_module(store, "badinput.wasm");
  wasm_functype_t* fty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t* fty64 = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, fty, id_cb);
  wasm_func_t* f64 = wasm_func_new(store, fty64, id_cb);
  wasm_func_t* f_other = wasm_func_new(other, fty, id_cb);
  wasm_globaltype_t* gty = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_globaltype_t* gconst = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_val_t z = WASM_I64_VAL(0);
  wasm_global_t* g = wasm_global_new(store, gty, &z);
  wasm_global_t* gc = wasm_global_new(store, gconst, &z);
  wasm_limits_t tl = { 2, 5 }, small = { 1, 5 }, ml = { 1, 2 }, mbig = { 1, 3 };
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_tabletype_t* tsmall = wasm_tabletype_new(wasm_valtype_new_funcref(), &small);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  wasm_table_t* ts = wasm_table_new(store, tsmall, NULL);
  wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
  wasm_memorytype_t* mtbig = wasm_memorytype_new(&mbig);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memory_t* mb = wasm_memory_new(store, mtbig);
  CHECK(f && f64 && f_other && g && gc && t && ts && m && mb);
  wasm_extern_t *F = wasm_func_as_extern(f), *G = wasm_global_as_extern(g),
                *T = wasm_table_as_extern(t), *M = wasm_memory_as_extern(m);
  wasm_extern_t* swapped[] = { G, F, T, M };
  expect_link_error(store, module, swapped, "function and global swapped");
  wasm_extern_t* sig[] = { wasm_func_as_extern(f64), G, T, M };
  expect_link_error(store, module, sig, "function of another type");
  wasm_extern_t* cst[] = { F, wasm_global_as_extern(gc), T, M };
  expect_link_error(store, module, cst, "const for a mut global");
  wasm_extern_t* tsm[] = { F, G, wasm_table_as_extern(ts), M };
  expect_link_error(store, module, tsm, "table too small");
  wasm_extern_t* mbg[] = { F, G, T, wasm_memory_as_extern(mb) };
  expect_link_error(store, module, mbg, "memory maximum too large");
  wasm_extern_t* oth[] = { wasm_func_as_extern(f_other), G, T, M };
  expect_link_error(store, module, oth, "function of another store");
  wasm_extern_t* good[] = { F, G, T, M };
  wasm_extern_vec_t gv = WASM_ARRAY_VEC(good);
  wasm_instance_t* inst = wasm_instance_new(store, module, &gv, NULL);
  CHECK(inst);

  // Calls: wrong kinds, arity, unknown kinds, NULL vectors, lying hosts.
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* id = wasm_extern_as_func(ex.data[0]);
  wasm_val_t args[2] = { WASM_I32_VAL(1), WASM_I32_VAL(2) };
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t a1 = { 1, args }, a2 = { 2, args }, r1 = { 1, res }, r0 = WASM_EMPTY_VEC;
  wasm_trap_t* trap;
  char buf[256];
  CHECK((trap = wasm_func_call(id, &a2, &r1)) != NULL); wasm_trap_delete(trap);
  CHECK((trap = wasm_func_call(id, &a1, &r0)) != NULL); wasm_trap_delete(trap);
  CHECK((trap = wasm_func_call(id, NULL, &r1)) != NULL); wasm_trap_delete(trap);
  CHECK((trap = wasm_func_call(id, &a1, NULL)) != NULL); wasm_trap_delete(trap);
  args[0].kind = 42;
  CHECK((trap = wasm_func_call(id, &a1, &r1)) != NULL);
  printf("%-28s -> %s\n", "unknown value kind", trap_text(trap, buf, sizeof buf));
  wasm_trap_delete(trap);
  args[0].kind = WASM_I32;
  CHECK(wasm_func_call(id, &a1, &r1) == NULL && res[0].of.i32 == 1);
  wasm_func_t* l = wasm_func_new(store, fty, liar);
  CHECK((trap = wasm_func_call(l, &a1, &r1)) != NULL);
  printf("%-28s -> %s\n", "host returns the wrong kind", trap_text(trap, buf, sizeof buf));
  wasm_trap_delete(trap);

  // Globals, tables, memories out of range.
  wasm_val_t wrong = WASM_F32_VAL(1);
  wasm_global_set(g, &wrong);
  wasm_val_t v;
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 0);
  wasm_global_set(g, NULL);
  CHECK(wasm_table_get(t, 5) == NULL && !wasm_table_set(t, 2, NULL));
  CHECK(!wasm_table_grow(t, 0xffffffffu, NULL) && wasm_table_size(t) == 2);
  CHECK(!wasm_table_set(t, 0, wasm_func_as_ref(f_other)));  // another store's function
  CHECK(!wasm_memory_grow(m, 0xffffffffu) && !wasm_memory_grow(m, 2));
  CHECK(wasm_memory_size(m) == 1);

  wasm_func_delete(l);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(f); wasm_func_delete(f64); wasm_func_delete(f_other);
  wasm_global_delete(g); wasm_global_delete(gc);
  wasm_table_delete(t); wasm_table_delete(ts);
  wasm_memory_delete(m); wasm_memory_delete(mb);
  wasm_functype_delete(fty); wasm_functype_delete(fty64);
  wasm_globaltype_delete(gty); wasm_globaltype_delete(gconst);
  wasm_tabletype_delete(tt); wasm_tabletype_delete(tsmall);
  wasm_memorytype_delete(mt); wasm_memorytype_delete(mtbig);
  wasm_module_delete(module);

  // A handle that outlives its store is still safe to delete.
  wasm_functype_t* t00 = wasm_functype_new_0_0();
  wasm_func_t* orphan = wasm_func_new(other, t00, id_cb);
  wasm_functype_delete(t00);
  wasm_store_delete(other);
  CHECK(wasm_func_param_arity(orphan) == 0);
  wasm_func_delete(orphan);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
