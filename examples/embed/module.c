/* The module and instance queries of WAMR's header beyond the guide:
 * version, package types, load_ex with a name, import/export types,
 * custom sections, instantiate_ex2 and its args object, memories, globals
 * and tables, enlarge_memory and its error callback, call_indirect,
 * externref indexes with call_wasm, context keys with destructors,
 * terminate, the native stack check, the module registry, and the build
 * options ferrowasm lacks (AOT, shared heap, debugger) failing clearly. */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

static int dtor_calls;
static void ctx_dtor(wasm_module_inst_t inst, void *ctx) {
  (void)inst;
  CHECK(strcmp((const char *)ctx, "ctx") == 0);
  dtor_calls++;
}

static int32_t host_add(wasm_exec_env_t env, int32_t a, int32_t b) {
  /* Inside a native: the stack check works and a termination is seen. */
  CHECK(wasm_runtime_detect_native_stack_overflow(env));
  CHECK(!wasm_runtime_detect_native_stack_overflow_size(env, 0x7fffffff));
  wasm_runtime_clear_exception(wasm_runtime_get_module_inst(env));
  return a + b;
}

static int enlarge_failures;
static void on_enlarge_error(uint32_t inc, uint64_t cur, uint32_t idx,
                             enlarge_memory_error_reason_t why, wasm_module_inst_t inst,
                             wasm_exec_env_t env, void *ud) {
  (void)inc; (void)idx; (void)inst; (void)env;
  CHECK(ud == (void *)&enlarge_failures);
  CHECK(cur == 3 * 65536 && why == MAX_SIZE_REACHED);
  enlarge_failures++;
}

int main(void) {
  char error_buf[128];
  uint32_t size, major, minor, patch;
  wasm_runtime_get_version(&major, &minor, &patch);
  CHECK(major == 2 && minor == 4 && patch == 3);
  CHECK(wasm_runtime_init());
  static NativeSymbol natives[] = {EXPORT_WASM_API_WITH_SIG(host_add, "(ii)i")};
  CHECK(wasm_runtime_register_natives("env", natives, 1));
  char *buffer = read_wasm_binary_to_buffer("module.wasm", &size);
  CHECK(get_package_type((uint8_t *)buffer, size) == Wasm_Module_Bytecode);
  CHECK(wasm_runtime_get_file_package_version((uint8_t *)buffer, size) == 1);
  CHECK(get_package_type((const uint8_t *)"\0aot\3\0\0\0", 8) == Wasm_Module_AoT);
  CHECK(!wasm_runtime_is_xip_file((uint8_t *)buffer, size));
  CHECK(wasm_runtime_load((uint8_t *)"\0aot\3\0\0\0", 8, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "AOT");

  LoadArgs la;
  memset(&la, 0, sizeof(la));
  la.name = "mymod";
  wasm_module_t module = wasm_runtime_load_ex((uint8_t *)buffer, size, &la, error_buf,
                                              sizeof(error_buf));
  CHECK(module);
  free(buffer);
  CHECK(wasm_runtime_is_underlying_binary_freeable(module));
  CHECK_STR(wasm_runtime_get_module_name(module), "mymod");
  CHECK(wasm_runtime_resolve_symbols(module));

  /* Imports and exports. */
  CHECK(wasm_runtime_get_import_count(module) == 2);
  wasm_import_t imp;
  wasm_runtime_get_import_type(module, 0, &imp);
  CHECK_STR(imp.module_name, "env");
  CHECK_STR(imp.name, "host_add");
  CHECK(imp.kind == WASM_IMPORT_EXPORT_KIND_FUNC && imp.linked);
  CHECK(wasm_func_type_get_param_count(imp.u.func_type) == 2);
  CHECK(wasm_func_type_get_result_valkind(imp.u.func_type, 0) == WASM_I32);
  wasm_runtime_get_import_type(module, 1, &imp);
  CHECK(imp.linked); /* env.strlen: a libc builtin */
  wasm_runtime_get_import_type(module, 7, &imp);
  CHECK(imp.name == NULL);
  int32_t n_exports = wasm_runtime_get_export_count(module);
  CHECK(n_exports == 7);
  int seen = 0;
  for (int32_t i = 0; i < n_exports; i++) {
    wasm_export_t e;
    wasm_runtime_get_export_type(module, i, &e);
    if (!strcmp(e.name, "memory")) {
      CHECK(e.kind == WASM_IMPORT_EXPORT_KIND_MEMORY);
      CHECK(wasm_memory_type_get_init_page_count(e.u.memory_type) == 1);
      CHECK(wasm_memory_type_get_max_page_count(e.u.memory_type) == 3);
      CHECK(!wasm_memory_type_get_shared(e.u.memory_type));
      seen++;
    } else if (!strcmp(e.name, "counter")) {
      CHECK(e.kind == WASM_IMPORT_EXPORT_KIND_GLOBAL);
      CHECK(wasm_global_type_get_valkind(e.u.global_type) == WASM_I32);
      CHECK(wasm_global_type_get_mutable(e.u.global_type));
      seen++;
    } else if (!strcmp(e.name, "table")) {
      CHECK(e.kind == WASM_IMPORT_EXPORT_KIND_TABLE);
      CHECK(wasm_table_type_get_elem_kind(e.u.table_type) == WASM_FUNCREF);
      CHECK(wasm_table_type_get_init_size(e.u.table_type) == 3);
      seen++;
    } else if (!strcmp(e.name, "id")) {
      CHECK(wasm_func_type_get_param_valkind(e.u.func_type, 0) == WASM_EXTERNREF);
      seen++;
    }
  }
  CHECK(seen == 4);

  /* Custom sections. */
  uint32_t len = 0;
  const uint8_t *sec = wasm_runtime_get_custom_section(module, "ferro.meta", &len);
  CHECK(sec && len == 12 && memcmp(sec, "hello custom", 12) == 0);
  CHECK(wasm_runtime_get_custom_section(module, "nope", &len) == NULL);

  /* The registry (kept; linking modules to each other is not supported). */
  CHECK(wasm_runtime_register_module("mymod", module, error_buf, sizeof(error_buf)));
  CHECK(wasm_runtime_find_module_registered("mymod") == module);
  CHECK(wasm_runtime_find_module_registered("other") == NULL);

  /* instantiate_ex2 with an args object. */
  struct InstantiationArgs2 *args;
  CHECK(wasm_runtime_instantiation_args_create(&args));
  wasm_runtime_instantiation_args_set_default_stack_size(args, 32768);
  wasm_runtime_instantiation_args_set_host_managed_heap_size(args, 0);
  wasm_runtime_instantiation_args_set_max_memory_pages(args, 3);
  wasm_module_inst_t inst = wasm_runtime_instantiate_ex2(module, args, error_buf,
                                                         sizeof(error_buf));
  if (!inst) fprintf(stderr, "%s\n", error_buf);
  CHECK(inst);
  wasm_runtime_instantiation_args_set_max_memory_pages(args, 2);
  CHECK(wasm_runtime_instantiate_ex2(module, args, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "max_memory_pages");
  wasm_runtime_instantiation_args_destroy(args);
  InstantiationArgs a1 = {16384, 0, 0};
  wasm_module_inst_t inst2 = wasm_runtime_instantiate_ex(module, &a1, error_buf,
                                                         sizeof(error_buf));
  CHECK(inst2);
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16384);

  /* Memories. */
  wasm_memory_inst_t mem = wasm_runtime_get_default_memory(inst);
  CHECK(mem && mem == wasm_runtime_lookup_memory(inst, "memory"));
  CHECK(mem == wasm_runtime_get_memory(inst, 0));
  CHECK(wasm_runtime_get_memory(inst, 1) == NULL);
  {
    /* Multi-memory: (memory 1) (memory 2) (export "m1" (memory 1)). */
    uint8_t two[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 5, 2, 0, 1, 0, 2,
                     7, 6, 1, 2, 'm', '1', 2, 1};
    wasm_module_t m2 = wasm_runtime_load(two, sizeof two, error_buf, sizeof(error_buf));
    if (!m2) fprintf(stderr, "%s\n", error_buf);
    CHECK(m2);
    wasm_module_inst_t i2 = wasm_runtime_instantiate(m2, 16384, 0, error_buf,
                                                     sizeof(error_buf));
    CHECK(i2);
    wasm_memory_inst_t d = wasm_runtime_get_default_memory(i2);
    wasm_memory_inst_t m1 = wasm_runtime_get_memory(i2, 1);
    CHECK(d && d == wasm_runtime_get_memory(i2, 0));
    CHECK(m1 && m1 != d && m1 == wasm_runtime_lookup_memory(i2, "m1"));
    CHECK(wasm_runtime_get_memory(i2, 2) == NULL);
    CHECK(wasm_memory_get_cur_page_count(d) == 1);
    CHECK(wasm_memory_get_cur_page_count(m1) == 2);
    CHECK(wasm_memory_get_base_address(m1) != wasm_memory_get_base_address(d));
    CHECK(wasm_memory_enlarge(m1, 1) && wasm_memory_get_cur_page_count(m1) == 3);
    CHECK(wasm_memory_get_cur_page_count(d) == 1);
    wasm_runtime_deinstantiate(i2);
    wasm_runtime_unload(m2);
  }
  CHECK(wasm_memory_get_cur_page_count(mem) == 1);
  CHECK(wasm_memory_get_max_page_count(mem) == 3);
  CHECK(wasm_memory_get_bytes_per_page(mem) == 65536);
  CHECK(!wasm_memory_get_shared(mem));
  CHECK(wasm_memory_get_base_address(mem) == wasm_runtime_addr_app_to_native(inst, 0));
  wasm_runtime_set_enlarge_mem_error_callback(on_enlarge_error, &enlarge_failures);
  CHECK(wasm_memory_enlarge(mem, 1));
  CHECK(wasm_runtime_enlarge_memory(inst, 1));
  CHECK(wasm_memory_get_cur_page_count(mem) == 3);
  CHECK(!wasm_runtime_enlarge_memory(inst, 1));
  CHECK(enlarge_failures == 1);
  uint64_t start = 1, end = 0;
  CHECK(wasm_runtime_get_app_addr_range(inst, 100, &start, &end));
  CHECK(start == 0 && end == 3 * 65536);
  CHECK(!wasm_runtime_get_app_addr_range(inst, 3 * 65536, &start, &end));
  uint8_t *nstart, *nend, *base = (uint8_t *)wasm_memory_get_base_address(mem);
  CHECK(wasm_runtime_get_native_addr_range(inst, base + 5, &nstart, &nend));
  CHECK(nstart == base && nend == base + 3 * 65536);

  /* Globals and tables. */
  wasm_global_inst_t g;
  CHECK(wasm_runtime_get_export_global_inst(inst, "counter", &g));
  CHECK(g.kind == WASM_I32 && g.is_mutable && *(int32_t *)g.global_data == 41);
  {
    wasm_function_inst_t bump = wasm_runtime_lookup_function(inst, "bump");
    uint32_t argv[1];
    CHECK(wasm_runtime_call_wasm(env, bump, 0, argv));
    CHECK(argv[0] == 142 && *(int32_t *)g.global_data == 42);
    *(int32_t *)g.global_data = 9; /* written through, as in WAMR */
    CHECK(wasm_runtime_call_wasm(env, bump, 0, argv) && argv[0] == 110);
  }
  CHECK(wasm_runtime_get_export_global_inst(inst, "pi", &g));
  CHECK(g.kind == WASM_F64 && !g.is_mutable && *(double *)g.global_data == 3.5);
  CHECK(!wasm_runtime_get_export_global_inst(inst, "nope", &g));
  wasm_table_inst_t t;
  CHECK(wasm_runtime_get_export_table_inst(inst, "table", &t));
  CHECK(t.elem_kind == WASM_FUNCREF && t.cur_size == 3);
  wasm_function_inst_t dbl = wasm_table_get_func_inst(inst, &t, 0);
  CHECK(dbl);
  CHECK(wasm_table_get_func_inst(inst, &t, 2) == NULL); /* null element */
  CHECK(wasm_table_get_func_inst(inst, &t, 3) == NULL); /* out of range */
  {
    uint32_t argv[1] = {21};
    CHECK(wasm_runtime_call_wasm(env, dbl, 1, argv) && argv[0] == 42);
    argv[0] = 41;
    CHECK(wasm_runtime_call_indirect(env, 1, 1, argv) && argv[0] == 42);
    argv[0] = 1;
    CHECK(!wasm_runtime_call_indirect(env, 2, 1, argv));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "uninitialized element");
    CHECK(!wasm_runtime_call_indirect(env, 9, 1, argv));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "undefined element");
  }

  /* externref: one cell holding an index of wasm_externref_obj2ref. */
  {
    static int host_obj;
    uint32_t idx, argv[1];
    void *back = NULL;
    CHECK(wasm_externref_obj2ref(inst, &host_obj, &idx));
    argv[0] = idx;
    CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "id"), 1, argv));
    CHECK(wasm_externref_ref2obj(argv[0], &back) && back == &host_obj);
    argv[0] = 0xFFFFFFFFu; /* null */
    CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "is_null"), 1, argv));
    CHECK(argv[0] == 1);
    argv[0] = 12345; /* not an index */
    CHECK(!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "is_null"), 1, argv));
    wasm_val_t arg, res;
    arg.kind = WASM_EXTERNREF;
    arg.of.foreign = (uintptr_t)&host_obj;
    CHECK(wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(inst, "id"), 1, &res, 1,
                                   &arg));
    CHECK(res.kind == WASM_EXTERNREF && res.of.foreign == (uintptr_t)&host_obj);
    CHECK(wasm_externref_objdel(inst, &host_obj));
    CHECK(!wasm_externref_ref2obj(idx, &back) || back != &host_obj);
  }

  /* Context keys: per instance, spread, destructors. */
  void *key = wasm_runtime_create_context_key(ctx_dtor);
  CHECK(key);
  wasm_runtime_set_context(inst, key, "ctx");
  CHECK_STR((const char *)wasm_runtime_get_context(inst, key), "ctx");
  CHECK(wasm_runtime_get_context(inst2, key) == NULL);
  wasm_runtime_set_context_spread(inst2, key, "ctx");
  CHECK_STR((const char *)wasm_runtime_get_context(inst2, key), "ctx");
  wasm_runtime_deinstantiate(inst2);
  CHECK(dtor_calls == 1);

  /* iwasm's -f: a function called with string arguments, its results
   * printed ("0x..:i32"). */
  {
    char *fargs[] = {"21"};
    CHECK(wasm_application_execute_func(inst, "bump", 0, NULL));
    CHECK(!wasm_application_execute_func(inst, "bump", 1, fargs));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "argument count");
    CHECK(!wasm_application_execute_func(inst, "nope", 0, NULL));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "lookup function nope failed");
    wasm_runtime_clear_exception(inst);
  }

  /* Terminate: calls fail until the exception is cleared. */
  wasm_runtime_terminate(inst);
  {
    uint32_t argv[1];
    CHECK(!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "bump"), 0, argv));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "terminated by user");
    CHECK(!wasm_runtime_begin_blocking_op(env));
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "bump"), 0, argv));
    CHECK(wasm_runtime_begin_blocking_op(env));
    wasm_runtime_end_blocking_op(env);
  }

  /* Thread env, bounds checks, and what is not built in. */
  CHECK(!wasm_runtime_thread_env_inited());
  CHECK(wasm_runtime_init_thread_env() && wasm_runtime_thread_env_inited());
  wasm_runtime_destroy_thread_env();
  CHECK(wasm_runtime_is_bounds_checks_enabled(inst));
  SharedHeapInitArgs sh = {65536, NULL};
  CHECK(wasm_runtime_create_shared_heap(&sh) == NULL);
  CHECK_CONTAINS(ferrowasm_runtime_last_error(), "not built into ferrowasm");
  CHECK(wasm_runtime_start_debug_instance(env) == 0);
  CHECK(wasm_runtime_get_pgo_prof_data_size(inst) == 0);
  CHECK(wasm_copy_callstack(env, NULL, 0, 0, error_buf, sizeof(error_buf)) == 0);
  CHECK_CONTAINS(error_buf, "not built into ferrowasm");

  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  CHECK(dtor_calls == 2);

  /* An app heap on a memory with a maximum (1..3 pages): as WAMR, the
   * maximum makes room for it (4 pages of heap: 1..5). */
  inst = wasm_runtime_instantiate(module, 16384, 4 * 65536, error_buf, sizeof(error_buf));
  if (!inst) fprintf(stderr, "%s\n", error_buf);
  CHECK(inst);
  mem = wasm_runtime_get_default_memory(inst);
  CHECK(wasm_memory_get_cur_page_count(mem) == 5 && wasm_memory_get_max_page_count(mem) == 5);
  {
    void *p = NULL;
    uint64_t off = wasm_runtime_module_malloc(inst, 200000, &p);
    CHECK(off >= 65536 && p != NULL);
    memset(p, 7, 200000);
    wasm_runtime_module_free(inst, off);
  }
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_destroy_context_key(key);
  wasm_runtime_unload(module);
  CHECK(wasm_runtime_find_module_registered("mymod") == NULL);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
