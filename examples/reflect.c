// reflect: print the import and export types of a module, every kind,
// and check them; then the types of the live objects of an instance.
#include "common.h"

static const char* kind_name(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
  }
  return "?";
}

// Appends a description of `t` to `buf`.
static void describe(const wasm_externtype_t* t, char* buf, size_t cap) {
  size_t n = strlen(buf);
  switch (wasm_externtype_kind(t)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* f = wasm_externtype_as_functype_const(t);
      const wasm_valtype_vec_t* ps = wasm_functype_params(f);
      const wasm_valtype_vec_t* rs = wasm_functype_results(f);
      n += snprintf(buf + n, cap - n, "func (");
      for (size_t i = 0; i < ps->size; i++)
        n += snprintf(buf + n, cap - n, "%s%s", i ? " " : "", kind_name(wasm_valtype_kind(ps->data[i])));
      n += snprintf(buf + n, cap - n, ") -> (");
      for (size_t i = 0; i < rs->size; i++)
        n += snprintf(buf + n, cap - n, "%s%s", i ? " " : "", kind_name(wasm_valtype_kind(rs->data[i])));
      snprintf(buf + n, cap - n, ")");
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(t);
      snprintf(buf + n, cap - n, "global %s %s",
               wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
               kind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(t);
      const wasm_limits_t* l = wasm_tabletype_limits(tt);
      snprintf(buf + n, cap - n, "table %s [%u, %u]",
               kind_name(wasm_valtype_kind(wasm_tabletype_element(tt))), l->min, l->max);
      break;
    }
    case WASM_EXTERN_MEMORY: {
      const wasm_limits_t* l = wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t));
      snprintf(buf + n, cap - n, "memory [%u, %u]", l->min, l->max);
      break;
    }
  }
}

static void expect(const char* got, const char* want) {
  printf("  %s\n", got);
  if (strcmp(got, want) != 0) {
    fprintf(stderr, "expected: %s\n", want);
    exit(1);
  }
}

static wasm_trap_t* cb(const wasm_val_vec_t* a, wasm_val_vec_t* r) {
  (void)a; (void)r;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "reflect.wasm");
  char buf[256];

  const char* want_imports[] = {
    "env.callback: func (i32 i64) -> (f32)",
    "env.counter: global var f64",
    "env.slots: table funcref [2, 10]",
    "env.heap: memory [1, 2]",
  };
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 4);
  printf("imports:\n");
  for (size_t i = 0; i < imports.size; i++) {
    const wasm_name_t* m = wasm_importtype_module(imports.data[i]);
    const wasm_name_t* n = wasm_importtype_name(imports.data[i]);
    snprintf(buf, sizeof buf, "%.*s.%.*s: ", (int)m->size, m->data, (int)n->size, n->data);
    describe(wasm_importtype_type(imports.data[i]), buf, sizeof buf);
    expect(buf, want_imports[i]);
  }
  // Copies are deep and equal.
  wasm_importtype_vec_t copy;
  wasm_importtype_vec_copy(&copy, &imports);
  buf[0] = 0;
  describe(wasm_importtype_type(copy.data[0]), buf, sizeof buf);
  expect(buf, "func (i32 i64) -> (f32)");
  wasm_importtype_vec_delete(&copy);
  wasm_importtype_vec_delete(&imports);

  const char* want_exports[] = {
    "compute: func (i32 f64 externref) -> (i64 i32)",
    "limit: global const i64",
    "refs: table externref [3, 4294967295]",
    "scratch: memory [1, 2]",
  };
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  printf("exports:\n");
  for (size_t i = 0; i < exports.size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(exports.data[i]);
    snprintf(buf, sizeof buf, "%.*s: ", (int)n->size, n->data);
    describe(wasm_exporttype_type(exports.data[i]), buf, sizeof buf);
    expect(buf, want_exports[i]);
  }
  wasm_exporttype_vec_delete(&exports);

  // Types made by hand, and views between a type and its extern type.
  wasm_functype_t* fty = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                               wasm_valtype_new_f32());
  wasm_externtype_t* as_ext = wasm_functype_as_externtype(fty);
  CHECK(wasm_externtype_kind(as_ext) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype(as_ext) == fty);
  CHECK(wasm_externtype_as_globaltype(as_ext) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(as_ext) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(as_ext) == NULL);
  wasm_externtype_t* ext_copy = wasm_externtype_copy(as_ext);
  wasm_name_t mod_name, name;
  wasm_name_new_from_string(&mod_name, "env");
  wasm_name_new_from_string(&name, "callback");
  wasm_importtype_t* it = wasm_importtype_new(&mod_name, &name, ext_copy);
  buf[0] = 0;
  describe(wasm_importtype_type(it), buf, sizeof buf);
  expect(buf, "func (i32 i64) -> (f32)");
  wasm_importtype_delete(it);

  // Instantiate with host objects of matching types; the live objects'
  // types agree with the module's.
  wasm_func_t* f = wasm_func_new(store, fty, cb);
  wasm_globaltype_t* gty = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  wasm_val_t zero = WASM_F64_VAL(0);
  wasm_global_t* g = wasm_global_new(store, gty, &zero);
  wasm_limits_t tl = { 2, 10 }, ml = { 1, 2 };
  wasm_tabletype_t* tty = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t* t = wasm_table_new(store, tty, NULL);
  wasm_memorytype_t* mty = wasm_memorytype_new(&ml);
  wasm_memory_t* m = wasm_memory_new(store, mty);
  CHECK(f && g && t && m);
  wasm_extern_t* imps[] = { wasm_func_as_extern(f), wasm_global_as_extern(g),
                            wasm_table_as_extern(t), wasm_memory_as_extern(m) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  wasm_instance_t* instance = wasm_instance_new(store, module, &iv, NULL);
  CHECK(instance);
  wasm_extern_vec_t live;
  wasm_instance_exports(instance, &live);
  printf("instance exports:\n");
  for (size_t i = 0; i < live.size; i++) {
    wasm_externtype_t* et = wasm_extern_type(live.data[i]);
    CHECK(wasm_externtype_kind(et) == wasm_extern_kind(live.data[i]));
    buf[0] = 0;
    describe(et, buf, sizeof buf);
    printf("  %s\n", buf);
    CHECK(strstr(want_exports[i], buf) != NULL);
    wasm_externtype_delete(et);
  }
  CHECK(wasm_func_param_arity(wasm_extern_as_func(live.data[0])) == 3);
  CHECK(wasm_func_result_arity(wasm_extern_as_func(live.data[0])) == 2);
  wasm_extern_vec_delete(&live);

  wasm_instance_delete(instance);
  wasm_func_delete(f); wasm_global_delete(g); wasm_table_delete(t); wasm_memory_delete(m);
  wasm_functype_delete(fty); wasm_globaltype_delete(gty);
  wasm_tabletype_delete(tty); wasm_memorytype_delete(mty);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
