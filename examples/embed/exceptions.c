/* Wasm exceptions through the WAMR API: one that wasm catches is invisible
 * to the host; one that nothing catches fails the call with the
 * instance's exception set ("Exception: uncaught wasm exception", as
 * WAMR reports it), and after wasm_runtime_clear_exception the instance
 * runs again. */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

int main(void) {
  char *buffer, error_buf[128];
  uint32_t size;
  CHECK(wasm_runtime_init());
  buffer = read_wasm_binary_to_buffer("exceptions.wasm", &size);
  wasm_module_t module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module != NULL);
  wasm_module_inst_t inst =
      wasm_runtime_instantiate(module, 8192, 8192, error_buf, sizeof(error_buf));
  CHECK(inst != NULL);
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
  CHECK(env != NULL);
  wasm_function_inst_t caught = wasm_runtime_lookup_function(inst, "caught");
  wasm_function_inst_t uncaught = wasm_runtime_lookup_function(inst, "uncaught");
  CHECK(caught && uncaught);

  for (int round = 0; round < 3; round++) {
    uint32_t argv[1] = {41};
    CHECK(wasm_runtime_call_wasm(env, caught, 1, argv));
    CHECK(argv[0] == 42);
    CHECK(wasm_runtime_get_exception(inst) == NULL);

    argv[0] = 7;
    CHECK(!wasm_runtime_call_wasm(env, uncaught, 1, argv));
    const char *ex = wasm_runtime_get_exception(inst);
    CHECK(ex != NULL);
    printf("uncaught: %s\n", ex);
    CHECK(strncmp(ex, "Exception: uncaught wasm exception", 34) == 0);
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL);
  }

  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  free(buffer);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
