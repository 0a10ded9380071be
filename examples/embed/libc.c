/* WAMR's libc-builtin natives, registered by default: a module importing
 * env.printf/snprintf/malloc/strlen/... runs without any natives of the
 * host's; a host native of the same name wins over the builtin; a bad
 * va_list pointer is an exception; ferrowasm_runtime_set_libc_builtin(false)
 * switches them off (instantiation then names the missing import). */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

static int32_t my_strlen(wasm_exec_env_t env, const char *s) {
  (void)env;
  return 1000 + (int32_t)strlen(s);
}

static int32_t call_i32(wasm_module_inst_t inst, wasm_exec_env_t env, const char *name) {
  wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
  uint32_t argv[1] = {0};
  CHECK(f);
  if (!wasm_runtime_call_wasm(env, f, 0, argv)) {
    fprintf(stderr, "%s: %s\n", name, wasm_runtime_get_exception(inst));
    exit(1);
  }
  return (int32_t)argv[0];
}

int main(void) {
  char error_buf[128];
  uint32_t size;
  CHECK(wasm_runtime_init());
  char *buffer = read_wasm_binary_to_buffer("libc.wasm", &size);
  wasm_module_t module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module);
  free(buffer);

  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16384, 8192, error_buf,
                                                     sizeof(error_buf));
  if (!inst) fprintf(stderr, "%s\n", error_buf);
  CHECK(inst);
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16384);
  const char *expect = "ferrowasm has 9 chars, pi=3.14, big=1234567890123, hex=0xff, [   ab]\n";
  fflush(stdout);
  CHECK(call_i32(inst, env, "print_line") == (int32_t)strlen(expect));
  CHECK(call_i32(inst, env, "format_small") == 4);
  CHECK_STR((const char *)wasm_runtime_addr_app_to_native(inst, 600), "n=");
  /* atoi("-1234") + strtol("0x7f", 16) + 4 (the end pointer) */
  CHECK(call_i32(inst, env, "heap") == -1234 + 127 + 4);
  CHECK(call_i32(inst, env, "find") == 200 + 5);
  {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "bad_printf");
    uint32_t argv[1];
    CHECK(!wasm_runtime_call_wasm(env, f, 0, argv));
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "out of bounds memory access");
  }
  CHECK(wasm_runtime_is_import_func_linked("env", "printf"));
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);

  /* A host native of the same name wins. */
  static NativeSymbol mine[] = {EXPORT_WASM_API_WITH_SIG(my_strlen, "($)i")};
  mine[0].symbol = "strlen";
  CHECK(wasm_runtime_register_natives("env", mine, 1));
  inst = wasm_runtime_instantiate(module, 16384, 8192, error_buf, sizeof(error_buf));
  CHECK(inst);
  env = wasm_runtime_create_exec_env(inst, 16384);
  CHECK(call_i32(inst, env, "heap") == -2); /* strlen now says 1031 */
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  CHECK(wasm_runtime_unregister_natives("env", mine));

  /* Switched off: the imports have nothing to link to. */
  ferrowasm_runtime_set_libc_builtin(false);
  CHECK(!wasm_runtime_is_import_func_linked("env", "printf"));
  CHECK(wasm_runtime_instantiate(module, 16384, 8192, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "\"env\" \"printf\"");
  ferrowasm_runtime_set_libc_builtin(true);
  inst = wasm_runtime_instantiate(module, 16384, 8192, error_buf, sizeof(error_buf));
  CHECK(inst);
  wasm_runtime_deinstantiate(inst);

  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
