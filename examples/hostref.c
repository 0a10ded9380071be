// hostref: host references (foreign objects) passed to wasm as externref
// through a global, a table, parameters and results, and a host function;
// identity (same), copies and host info survive every trip; finalizers run
// once.
#include "common.h"

static wasm_module_t* module;
static wasm_extern_vec_t exports;
static int echo_calls = 0;
static int finalized = 0;

static wasm_trap_t* echo(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  echo_calls++;
  CHECK(args->data[0].kind == WASM_EXTERNREF);
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static void fin(void* data) { (void)data; finalized++; }

// Call export `name` with `args`; the one result (if any) in `out`.
static void call(const char* name, wasm_val_t* args, size_t nargs, wasm_val_t* out) {
  wasm_func_t* f = get_func(module, &exports, name);
  wasm_val_vec_t av = { nargs, args };
  wasm_val_vec_t rv = { out ? 1 : 0, out };
  wasm_trap_t* t = wasm_func_call(f, &av, &rv);
  if (t) {
    char buf[128];
    fprintf(stderr, "%s trapped: %s\n", name, trap_text(t, buf, sizeof buf));
    exit(1);
  }
}

// The result `v` refers to the same object as `want` (NULL: the null ref).
static void same(wasm_val_t* v, const wasm_ref_t* want) {
  CHECK(v->kind == WASM_EXTERNREF);
  if (!want) {
    CHECK(v->of.ref == NULL);
    return;
  }
  CHECK(v->of.ref != NULL);
  CHECK(wasm_ref_same(v->of.ref, want));
  CHECK(wasm_ref_get_host_info(v->of.ref) == wasm_ref_get_host_info(want));
  wasm_val_delete(v);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  module = load_module(store, "hostref.wasm");

  wasm_functype_t* ty = wasm_functype_new_1_1(wasm_valtype_new_externref(),
                                              wasm_valtype_new_externref());
  wasm_func_t* echo_f = wasm_func_new(store, ty, echo);
  wasm_functype_delete(ty);
  wasm_extern_t* imps[] = { wasm_func_as_extern(echo_f) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &iv, NULL);
  CHECK(instance);
  wasm_instance_exports(instance, &exports);

  // Two host references with host info; copies are the same object.
  wasm_ref_t* a = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_t* b = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_set_host_info_with_finalizer(a, (void*)1, fin);
  wasm_ref_set_host_info_with_finalizer(b, (void*)2, fin);
  CHECK(!wasm_ref_same(a, b));
  wasm_ref_t* a2 = wasm_ref_copy(a);
  CHECK(wasm_ref_same(a, a2) && wasm_ref_get_host_info(a2) == (void*)1);
  CHECK(wasm_ref_as_foreign(a2) != NULL && wasm_ref_as_func(a2) == NULL);
  wasm_ref_delete(a2);
  wasm_val_t v = WASM_REF_VAL(wasm_ref_copy(b)), vc;
  wasm_val_copy(&vc, &v);
  CHECK(wasm_ref_same(vc.of.ref, b));
  wasm_val_delete(&v);
  wasm_val_delete(&vc);

  wasm_val_t r;
  // Through parameters and results.
  wasm_val_t arg = WASM_REF_VAL(a);
  wasm_val_t arg_null = WASM_REF_VAL(NULL);
  call("is_null", &arg, 1, &r);
  CHECK(r.of.i32 == 0);
  call("is_null", &arg_null, 1, &r);
  CHECK(r.of.i32 == 1);

  // Through a global, from wasm and from the host.
  call("get_slot", NULL, 0, &r);
  same(&r, NULL);
  call("set_slot", &arg, 1, NULL);
  call("get_slot", NULL, 0, &r);
  same(&r, a);
  wasm_global_t* slot = wasm_extern_as_global(get_export(module, &exports, "slot"));
  wasm_global_get(slot, &r);
  same(&r, a);
  wasm_val_t vb = WASM_REF_VAL(b);
  wasm_global_set(slot, &vb);
  call("get_slot", NULL, 0, &r);
  same(&r, b);
  wasm_global_set(slot, &arg_null);
  call("get_slot", NULL, 0, &r);
  same(&r, NULL);

  // Through a table, from wasm and from the host.
  wasm_table_t* refs = wasm_extern_as_table(get_export(module, &exports, "refs"));
  wasm_val_t put[2] = { WASM_I32_VAL(1), WASM_REF_VAL(b) };
  call("put", put, 2, NULL);
  wasm_val_t idx = WASM_I32_VAL(1);
  call("take", &idx, 1, &r);
  same(&r, b);
  wasm_ref_t* e = wasm_table_get(refs, 1);
  CHECK(e && wasm_ref_same(e, b));
  wasm_ref_delete(e);
  CHECK(wasm_table_set(refs, 2, a));
  idx.of.i32 = 2;
  call("take", &idx, 1, &r);
  same(&r, a);
  CHECK(wasm_table_get(refs, 3) == NULL);

  // Through a host function.
  call("via_host", &arg, 1, &r);
  same(&r, a);
  call("via_host", &arg_null, 1, &r);
  same(&r, NULL);
  CHECK(echo_calls == 2);

  // Other references travel as externref too: a function, with its identity.
  wasm_val_t fref = WASM_REF_VAL(wasm_func_as_ref(echo_f));
  call("via_host", &fref, 1, &r);
  CHECK(r.of.ref && wasm_ref_as_func(r.of.ref) && wasm_ref_same(r.of.ref, wasm_func_as_ref(echo_f)));
  wasm_val_delete(&r);

  // A wrong kind for an externref parameter is refused.
  wasm_val_t wrong = WASM_I32_VAL(1);
  wasm_val_t out = WASM_INIT_VAL;
  wasm_val_vec_t wv = { 1, &wrong }, ov = { 1, &out };
  wasm_trap_t* t = wasm_func_call(get_func(module, &exports, "via_host"), &wv, &ov);
  CHECK(t);
  wasm_trap_delete(t);

  wasm_ref_delete(a);
  wasm_ref_delete(b);
  // The store still refers to the objects (table, externref slots).
  CHECK(finalized <= 2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(echo_f);
  wasm_module_delete(module);
  wasm_store_delete(store);
  printf("finalizers run: %d\n", finalized);
  CHECK(finalized == 2);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
