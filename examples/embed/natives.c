/* Native symbols called from wasm: "(ii)i", "(*)i", "(iiii*)", "($*~)",
 * "(IfF)F", "(r)r", attachments, a native that raises an exception, one
 * that calls back into wasm, raw natives, and what a guest passing a bad
 * pointer gets ("out of bounds memory access", the native not called). A
 * malformed signature, a signature that does not match the import, and an
 * import with no native are refused with messages naming the function. */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

static int calls_read, calls_flush, calls_log;
static int flush_sum;
static char last_log[64];
static uint32_t last_log_sum;

static int32_t add(wasm_exec_env_t exec_env, int32_t a, int32_t b) {
  CHECK(exec_env != NULL);
  CHECK(wasm_runtime_get_module_inst(exec_env) != NULL);
  return a + b;
}

static int32_t read_byte(wasm_exec_env_t exec_env, uint8_t *p) {
  wasm_module_inst_t module_inst = get_module_inst(exec_env);
  CHECK(wasm_runtime_validate_native_addr(module_inst, p, 1));
  calls_read++;
  return *p;
}

static void display_flush(wasm_exec_env_t exec_env, int32_t x, int32_t y, int32_t w, int32_t h,
                          uint8_t *color) {
  (void)exec_env;
  calls_flush++;
  flush_sum = x + y + w + h + color[0];
}

static void log_msg(wasm_exec_env_t exec_env, const char *msg, const uint8_t *buf, uint32_t len) {
  uint32_t i, s = 0;
  (void)exec_env;
  calls_log++;
  snprintf(last_log, sizeof(last_log), "%s", msg);
  for (i = 0; i < len; i++) s += buf[i];
  last_log_sum = s;
}

static double mix(wasm_exec_env_t exec_env, int64_t a, float b, double c) {
  (void)exec_env;
  return (double)a + b + c;
}

static void *same_ref(wasm_exec_env_t exec_env, void *obj) {
  (void)exec_env;
  return obj;
}

static int32_t attached(wasm_exec_env_t exec_env) {
  int *p = (int *)wasm_runtime_get_function_attachment(exec_env);
  return p ? *p : -1;
}

static void fail(wasm_exec_env_t exec_env, int32_t code) {
  if (code != 0) {
    wasm_runtime_set_exception(get_module_inst(exec_env), "native failure");
  }
}

/* Calls the guest's "double" from inside a native. */
static int32_t reenter(wasm_exec_env_t exec_env, int32_t v) {
  wasm_module_inst_t module_inst = get_module_inst(exec_env);
  wasm_function_inst_t dbl = wasm_runtime_lookup_function(module_inst, "double", NULL);
  uint32 argv[1];
  CHECK(dbl);
  argv[0] = (uint32)v;
  if (!wasm_runtime_call_wasm(exec_env, dbl, 1, argv)) return -1;
  /* Freeing what is running is refused with a message (ferrowasm), not a
   * use after free: the instance, and the exec env the call runs through. */
  wasm_runtime_deinstantiate(module_inst);
  CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "while it runs");
  wasm_runtime_clear_exception(module_inst);
  if (exec_env != wasm_runtime_get_exec_env_singleton(module_inst)) {
    wasm_runtime_destroy_exec_env(exec_env);
    CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "while a call runs");
    wasm_runtime_clear_exception(module_inst);
  }
  return (int32_t)argv[0] + 1;
}

/* Raw natives: one 64-bit slot per argument, the result in slot 0. */
static void sub_raw(wasm_exec_env_t exec_env, uint64_t *args) {
  native_raw_return_type(int32_t, args);
  native_raw_get_arg(int32_t, a, args);
  native_raw_get_arg(int32_t, b, args);
  (void)exec_env;
  native_raw_set_return(a - b);
}

static void strlen_raw(wasm_exec_env_t exec_env, uint64_t *args) {
  native_raw_return_type(int32_t, args);
  native_raw_get_arg(const char *, s, args);
  (void)exec_env;
  native_raw_set_return((int32_t)strlen(s));
}

static int attachment_value = 42;

static NativeSymbol native_symbols[] = {
    EXPORT_WASM_API_WITH_SIG(add, "(ii)i"),
    EXPORT_WASM_API_WITH_SIG(read_byte, "(*)i"),
    EXPORT_WASM_API_WITH_SIG(display_flush, "(iiii*)"),
    EXPORT_WASM_API_WITH_SIG(log_msg, "($*~)"),
    EXPORT_WASM_API_WITH_SIG(mix, "(IfF)F"),
    EXPORT_WASM_API_WITH_SIG(same_ref, "(r)r"),
    EXPORT_WASM_API_WITH_ATT(attached, "()i", &attachment_value),
    EXPORT_WASM_API_WITH_SIG(fail, "(i)"),
    EXPORT_WASM_API_WITH_SIG(reenter, "(i)i"),
};

static NativeSymbol raw_symbols[] = {
    {"sub", (void *)sub_raw, "(ii)i", NULL},
    {"strlen", (void *)strlen_raw, "($)i", NULL},
};

/* (module (import "bad" "foo" (func (param i32 i32) (result i32)))) */
static const uint8_t bad_import_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7f, 0x02, 0x0b, 0x01, 0x03, 'b',  'a',  'd',  0x03, 'f',  'o',  'o',  0x00, 0x00};

static int32_t foo(wasm_exec_env_t exec_env, int32_t a) {
  (void)exec_env;
  return a;
}

static uint32 call1(wasm_exec_env_t env, wasm_module_inst_t inst, const char *name, uint32 a,
                    bool expect_ok) {
  wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name, NULL);
  uint32 argv[2] = {a, 0};
  CHECK(f);
  if (wasm_runtime_call_wasm(env, f, wasm_func_get_param_count(f, inst), argv) != expect_ok) {
    fprintf(stderr, "%s: unexpected %s (%s)\n", name, expect_ok ? "failure" : "success",
            wasm_runtime_get_exception(inst));
    exit(1);
  }
  return argv[0];
}

int main(void) {
  char error_buf[128];
  uint32 size;
  char *buffer = read_wasm_binary_to_buffer("natives.wasm", &size);
  wasm_module_t module, bad;
  wasm_module_inst_t inst;
  wasm_exec_env_t env;

  CHECK(wasm_runtime_init());

  /* Malformed signatures are refused at registration, naming the symbol. */
  {
    static NativeSymbol broken[] = {{"oops", (void *)foo, "(ii", NULL}};
    static NativeSymbol tilde[] = {{"oops", (void *)foo, "(~i)", NULL}};
    static NativeSymbol nofunc[] = {{"oops", NULL, "(i)i", NULL}};
    CHECK(!wasm_runtime_register_natives("env", broken, 1));
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "\"oops\"");
    CHECK(!wasm_runtime_register_natives("env", tilde, 1));
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "'~' must follow '*'");
    CHECK(!wasm_runtime_register_natives("env", nofunc, 1));
    CHECK(!wasm_runtime_register_natives(NULL, native_symbols, 1));
  }

  /* An import with no native: instantiation fails naming it. */
  bad = wasm_runtime_load((uint8_t *)bad_import_module, sizeof(bad_import_module), error_buf,
                          sizeof(error_buf));
  CHECK(bad);
  CHECK(wasm_runtime_instantiate(bad, 8192, 0, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "\"bad\" \"foo\"");
  CHECK_CONTAINS(error_buf, "no registered native");
  /* A native whose signature does not match the import: refused, named. */
  {
    static NativeSymbol bad_syms[] = {EXPORT_WASM_API_WITH_SIG(foo, "(i)i")};
    CHECK(wasm_runtime_register_natives("bad", bad_syms, 1));
    CHECK(wasm_runtime_instantiate(bad, 8192, 0, error_buf, sizeof(error_buf)) == NULL);
    CHECK_CONTAINS(error_buf, "native \"bad\" \"foo\" has signature \"(i)i\"");
    CHECK(wasm_runtime_unregister_natives("bad", bad_syms));
    CHECK(!wasm_runtime_unregister_natives("bad", bad_syms));
  }
  wasm_runtime_unload(bad);

  CHECK(wasm_runtime_register_natives("env", native_symbols,
                                      sizeof(native_symbols) / sizeof(NativeSymbol)));
  CHECK(wasm_runtime_register_natives_raw("raw", raw_symbols,
                                          sizeof(raw_symbols) / sizeof(NativeSymbol)));

  module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module);
  inst = wasm_runtime_instantiate(module, 16384, 16384, error_buf, sizeof(error_buf));
  if (!inst) {
    fprintf(stderr, "%s\n", error_buf);
    return 1;
  }
  env = wasm_runtime_create_exec_env(inst, 16384);
  CHECK(env);

  /* (ii)i */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_add", NULL);
    uint32 argv[2] = {20, 22};
    CHECK(wasm_runtime_call_wasm(env, f, 2, argv) && argv[0] == 42);
  }
  /* (*)i: a good pointer, then bad ones: the native is not called. */
  {
    void *native = NULL;
    uint32 app = wasm_runtime_module_malloc(inst, 4, &native);
    CHECK(app && native);
    *(uint8_t *)native = 99;
    CHECK(call1(env, inst, "test_read", app, true) == 99);
    CHECK(calls_read == 1);
    call1(env, inst, "test_read", 0xFFFFFFF0u, false);
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    call1(env, inst, "test_read", 17 * 65536, false);
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    CHECK(calls_read == 1);
    /* (iiii*) */
    call1(env, inst, "test_flush", app, true);
    CHECK(calls_flush == 1 && flush_sum == 1 + 2 + 3 + 4 + 99);
    call1(env, inst, "test_flush", 0x7FFFFFFF, false);
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    CHECK(calls_flush == 1);
    wasm_runtime_module_free(inst, app);
  }
  /* ($*~): a string and a buffer whose whole length is checked. */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_log", NULL);
    uint8_t bytes[4] = {1, 2, 3, 4};
    uint32 buf = wasm_runtime_module_dup_data(inst, (const char *)bytes, 4);
    uint32 mem_end = 65536 * 2; /* memory: 1 page + the app heap (1 page) */
    uint32 argv[3];
    CHECK(buf);
    argv[0] = 16; /* "hello" in the data segment */
    argv[1] = buf;
    argv[2] = 4;
    CHECK(wasm_runtime_call_wasm(env, f, 3, argv));
    CHECK(calls_log == 1 && strcmp(last_log, "hello") == 0 && last_log_sum == 10);
    /* the buffer runs past the end of memory */
    argv[0] = 16;
    argv[1] = mem_end - 2;
    argv[2] = 4;
    CHECK(!wasm_runtime_call_wasm(env, f, 3, argv));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    /* a length that wraps around */
    argv[0] = 16;
    argv[1] = buf;
    argv[2] = 0xFFFFFFFFu;
    CHECK(!wasm_runtime_call_wasm(env, f, 3, argv));
    /* a string with no NUL before the end of memory */
    {
      char *end = (char *)wasm_runtime_addr_app_to_native(inst, mem_end - 3);
      CHECK(end);
      memset(end, 'x', 3);
      argv[0] = mem_end - 3;
      argv[1] = buf;
      argv[2] = 4;
      CHECK(!wasm_runtime_call_wasm(env, f, 3, argv));
      CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    }
    CHECK(calls_log == 1);
    wasm_runtime_module_free(inst, buf);
  }
  /* (IfF)F */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_mix", NULL);
    wasm_val_t results[1];
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 0, NULL));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 41.75);
  }
  /* (r)r: a host pointer goes through wasm and back. */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_ref", NULL);
    int obj;
    wasm_val_t args[1], results[1];
    args[0].kind = WASM_EXTERNREF;
    args[0].of.ref = (struct wasm_ref_t *)(void *)&obj;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 1, args));
    CHECK(results[0].kind == WASM_EXTERNREF && (void *)results[0].of.ref == (void *)&obj);
    args[0].of.ref = NULL;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 1, args));
    CHECK(results[0].of.ref == NULL);
  }
  /* v128: four argv cells (lowest first); wasm_val_t cannot hold one */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_v128", NULL);
    wasm_valkind_t kinds[3];
    CHECK(f && wasm_func_get_param_count(f, inst) == 3);
    wasm_func_get_param_types(f, inst, kinds);
    CHECK(kinds[0] == WASM_I32 && kinds[1] == WASM_V128 && kinds[2] == WASM_I64);
    uint32 argv[7] = {10, 1, 2, 3, 0xfffffffe, 5, 0};
    CHECK(wasm_runtime_call_wasm(env, f, 7, argv));
    CHECK(argv[0] == 11 && argv[1] == 12 && argv[2] == 13 && argv[3] == 8 && argv[4] == 15);
    wasm_val_t args[3], results[2];
    args[0].kind = WASM_I32;
    args[0].of.i32 = 1;
    CHECK(!wasm_runtime_call_wasm_a(env, f, 2, results, 3, args));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "v128");
    wasm_runtime_clear_exception(inst);
  }
  /* the attachment */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_attached", NULL);
    uint32 argv[1];
    CHECK(wasm_runtime_call_wasm(env, f, 0, argv) && argv[0] == 42);
  }
  /* a native that raises an exception stops the guest */
  CHECK(call1(env, inst, "test_fail", 0, true) == 7);
  call1(env, inst, "test_fail", 1, false);
  CHECK_STR(wasm_runtime_get_exception(inst), "Exception: native failure");
  /* a native that calls back into wasm */
  CHECK(call1(env, inst, "test_reenter", 20, true) == 41);
  /* raw natives, with a checked string */
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "test_raw", NULL);
    uint32 argv[2] = {50, 8};
    CHECK(wasm_runtime_call_wasm(env, f, 2, argv) && argv[0] == 42);
    CHECK(call1(env, inst, "test_strlen", 16, true) == 5);
    call1(env, inst, "test_strlen", 0xFFFF0000u, false);
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
  }

  /* The same natives from compiled code (Mode_Fast_JIT: the Cranelift
   * tier), when this build has it. */
  if (wasm_runtime_is_running_mode_supported(Mode_Fast_JIT)) {
    wasm_module_inst_t jit;
    wasm_exec_env_t jenv;
    CHECK(wasm_runtime_set_default_running_mode(Mode_Fast_JIT));
    jit = wasm_runtime_instantiate(module, 16384, 16384, error_buf, sizeof(error_buf));
    CHECK(jit);
    CHECK(wasm_runtime_get_running_mode(jit) == Mode_Fast_JIT);
    CHECK(!wasm_runtime_set_running_mode(jit, Mode_Interp));
    jenv = wasm_runtime_create_exec_env(jit, 16384);
    {
      wasm_function_inst_t f = wasm_runtime_lookup_function(jit, "test_add", NULL);
      uint32 argv[2] = {40, 2};
      CHECK(wasm_runtime_call_wasm(jenv, f, 2, argv) && argv[0] == 42);
    }
    call1(jenv, jit, "test_read", 0xFFFFFFF0u, false);
    CHECK_STR(wasm_runtime_get_exception(jit), "Exception: out of bounds memory access");
    CHECK(call1(jenv, jit, "test_reenter", 10, true) == 21);
    call1(jenv, jit, "test_fail", 1, false);
    CHECK_STR(wasm_runtime_get_exception(jit), "Exception: native failure");
    wasm_runtime_destroy_exec_env(jenv);
    wasm_runtime_deinstantiate(jit);
    CHECK(wasm_runtime_set_default_running_mode(Mode_Interp));
  }

  /* Teardown in the guide's order. */
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  CHECK(wasm_runtime_unregister_natives("env", native_symbols));
  wasm_runtime_destroy();
  free(buffer);
  printf("Done.\n");
  return 0;
}
