// exceptions: exception tags through the C API (include/ferrowasm.h). A
// host tag shared by instances lets one instance catch what another
// throws; a tag of the same type is still another tag; an exception does
// not cross a host function and reaches the host as a trap.
#include "common.h"
#include "ferrowasm.h"

static wasm_func_t* g_thrower;  // instance A's "throw", for host_rethrow

// Calls f(arg) with no results.
static wasm_trap_t* call_void(wasm_func_t* f, int32_t arg) {
  wasm_val_t a[1] = { WASM_I32_VAL(arg) };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), none = WASM_EMPTY_VEC;
  return wasm_func_call(f, &av, &none);
}

static wasm_trap_t* nothing(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

// Calls A's "throw" through the C API: the exception becomes a trap here,
// which this host function returns (so its caller cannot catch it).
static int g_host_saw_trap;
static wasm_trap_t* host_rethrow(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  wasm_trap_t* t = call_void(g_thrower, args->data[0].of.i32);
  g_host_saw_trap = t != NULL;
  return t;
}

static wasm_instance_t* instantiate(wasm_store_t* store, wasm_module_t* module,
                                    wasm_tag_t* tag, wasm_func_t* callback,
                                    wasm_extern_vec_t* exports) {
  wasm_extern_t* im[2] = { wasm_tag_as_extern(tag), wasm_func_as_extern(callback) };
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(im);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
  if (inst) wasm_instance_exports(inst, exports);
  if (trap) wasm_trap_delete(trap);
  return inst;
}

// Calls f(arg) -> i32; NULL and *out set, or the trap.
static wasm_trap_t* call_i32(wasm_func_t* f, int32_t arg, int32_t* out) {
  wasm_val_t a[1] = { WASM_I32_VAL(arg) };
  wasm_val_t r[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(f, &av, &rv);
  if (!t) *out = r[0].of.i32;
  return t;
}

static void expect_uncaught(wasm_trap_t* t) {
  char buf[256];
  CHECK(t);
  trap_text(t, buf, sizeof buf);
  printf("  trap: %s\n", buf);
  CHECK(strncmp(buf, "uncaught wasm exception", 23) == 0);
  wasm_trap_delete(t);
}

static size_t params_of(const wasm_tagtype_t* tt, wasm_valkind_t* kinds) {
  const wasm_valtype_vec_t* ps = wasm_tagtype_params(tt);
  CHECK(ps);
  for (size_t i = 0; i < ps->size; i++) kinds[i] = wasm_valtype_kind(ps->data[i]);
  return ps->size;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "exceptions.wasm");
  wasm_valkind_t kinds[4];

  // The module's imports: the tag's type is a tag type carrying an i32.
  wasm_importtype_vec_t its;
  wasm_module_imports(module, &its);
  CHECK(its.size == 2);
  const wasm_externtype_t* et = wasm_importtype_type(its.data[0]);
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_TAG);
  const wasm_tagtype_t* itt = wasm_externtype_as_tagtype_const(et);
  CHECK(itt && wasm_externtype_as_tagtype_const(wasm_importtype_type(its.data[1])) == NULL);
  CHECK(params_of(itt, kinds) == 1 && kinds[0] == WASM_I32);
  wasm_importtype_vec_delete(&its);

  // Two host tags of the same type (i32).
  wasm_valtype_t* p[1] = { wasm_valtype_new_i32() };
  wasm_valtype_vec_t pv;
  wasm_valtype_vec_new(&pv, 1, p);
  wasm_tagtype_t* tt = wasm_tagtype_new(&pv);
  CHECK(tt);
  wasm_tag_t* t1 = wasm_tag_new(store, tt);
  wasm_tag_t* t2 = wasm_tag_new(store, tt);
  CHECK(t1 && t2 && !wasm_tag_same(t1, t2));
  wasm_tag_t* t1c = wasm_tag_copy(t1);
  CHECK(wasm_tag_same(t1, t1c));
  wasm_tag_delete(t1c);
  wasm_tagtype_t* got = wasm_tag_type(t1);
  CHECK(params_of(got, kinds) == 1 && kinds[0] == WASM_I32);
  wasm_tagtype_delete(got);
  CHECK(wasm_extern_kind(wasm_tag_as_extern(t1)) == WASM_EXTERN_TAG);
  CHECK(wasm_extern_as_tag(wasm_tag_as_extern(t1)) == t1);

  wasm_functype_t* cb_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* noop = wasm_func_new(store, cb_type, nothing);
  wasm_func_t* rethrow = wasm_func_new(store, cb_type, host_rethrow);

  // A: tag t1, a callback that returns. Its own throw is uncaught at the host.
  wasm_extern_vec_t ea, eb, ec, ed;
  wasm_instance_t* a = instantiate(store, module, t1, noop, &ea);
  CHECK(a);
  g_thrower = get_func(module, &ea, "throw");
  int32_t r = 0;
  printf("A.throw(5) from the host:\n");
  expect_uncaught(call_void(g_thrower, 5));
  CHECK(call_i32(get_func(module, &ea, "catch_cb"), 5, &r) == NULL && r == -1);
  printf("A.catch_cb(5) with a callback that returns: %d\n", r);

  // A's exported tag and an exception kept as exnref and rethrown.
  wasm_extern_t* local = get_export(module, &ea, "local");
  CHECK(wasm_extern_kind(local) == WASM_EXTERN_TAG);
  wasm_tag_t* lt = wasm_extern_as_tag(local);
  CHECK(lt && wasm_extern_as_func(local) == NULL);
  got = wasm_tag_type(lt);
  CHECK(params_of(got, kinds) == 2 && kinds[0] == WASM_I32 && kinds[1] == WASM_I64);
  wasm_tagtype_delete(got);
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(res);
  CHECK(wasm_func_call(get_func(module, &ea, "local_roundtrip"), &none, &rv) == NULL);
  CHECK(res[0].kind == WASM_I64 && res[0].of.i64 == 15);
  printf("A.local_roundtrip() = %lld\n", (long long)res[0].of.i64);

  // B: the same tag t1, and A's "throw" as its callback: B catches what A
  // throws, across the instances.
  wasm_instance_t* b = instantiate(store, module, t1, g_thrower, &eb);
  CHECK(b);
  CHECK(call_i32(get_func(module, &eb, "catch_cb"), 41, &r) == NULL && r == 42);
  printf("B.catch_cb(41) around A.throw, same tag: %d\n", r);

  // C: tag t2, the same type but another tag: A's exception passes C's
  // handler by and reaches the host.
  wasm_instance_t* c = instantiate(store, module, t2, g_thrower, &ec);
  CHECK(c);
  printf("C.catch_cb(1) around A.throw, another tag of the same type:\n");
  expect_uncaught(call_i32(get_func(module, &ec, "catch_cb"), 1, &r));

  // D: tag t1 but a host callback that calls A.throw: the exception stops
  // at the host function (a trap), which D's handler does not catch.
  wasm_instance_t* d = instantiate(store, module, t1, rethrow, &ed);
  CHECK(d);
  printf("D.catch_cb(1) around a host function calling A.throw:\n");
  expect_uncaught(call_i32(get_func(module, &ed, "catch_cb"), 1, &r));
  CHECK(g_host_saw_trap);

  // A tag of another type does not satisfy the import.
  wasm_extern_vec_t ee;
  CHECK(instantiate(store, module, lt, noop, &ee) == NULL);
  printf("a tag (i32 i64) for an import (i32): refused\n");

  // NULLs and empty types.
  CHECK(wasm_tag_new(NULL, tt) == NULL);
  CHECK(wasm_tag_new(store, NULL) == NULL);
  CHECK(wasm_tag_type(NULL) == NULL);
  CHECK(wasm_tagtype_params(NULL) == NULL);
  CHECK(wasm_extern_as_tag(NULL) == NULL);
  wasm_tagtype_t* empty = wasm_tagtype_new(NULL);
  CHECK(empty && wasm_tagtype_params(empty)->size == 0);
  wasm_externtype_t* eet = wasm_tagtype_as_externtype(empty);
  CHECK(wasm_externtype_kind(eet) == WASM_EXTERN_TAG);
  CHECK(wasm_externtype_as_functype(eet) == NULL);
  wasm_tagtype_t* ecopy = wasm_tagtype_copy(empty);
  CHECK(ecopy && wasm_tagtype_params(ecopy)->size == 0);
  wasm_tagtype_delete(ecopy);
  wasm_tagtype_delete(empty);

  wasm_extern_vec_delete(&ea);
  wasm_extern_vec_delete(&eb);
  wasm_extern_vec_delete(&ec);
  wasm_extern_vec_delete(&ed);
  wasm_instance_delete(a);
  wasm_instance_delete(b);
  wasm_instance_delete(c);
  wasm_instance_delete(d);
  wasm_func_delete(noop);
  wasm_func_delete(rethrow);
  wasm_functype_delete(cb_type);
  wasm_tag_delete(t1);
  wasm_tag_delete(t2);
  wasm_tagtype_delete(tt);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  // With exceptions off, the module is refused.
  wasm_config_t* config = wasm_config_new();
  ferrowasm_config_set_exceptions(config, false);
  engine = wasm_engine_new_with_config(config);
  store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  load_file("exceptions.wasm", &bytes);
  CHECK(wasm_module_new(store, &bytes) == NULL);
  printf("with exceptions off: refused\n");
  wasm_byte_vec_delete(&bytes);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
