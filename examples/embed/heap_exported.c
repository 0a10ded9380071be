/* A module that exports malloc and free: module_malloc and module_free
 * call them (WAMR's behaviour), and no app heap is added to its memory.
 * Also: init twice needs destroy twice; destroy releases what the host
 * left (clean under AddressSanitizer). */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

int main(void) {
  char error_buf[128];
  uint32 size;
  char *wasm = read_wasm_binary_to_buffer("heap_exported.wasm", &size);
  wasm_module_t module;
  wasm_module_inst_t inst;
  wasm_exec_env_t env;
  uint32 argv[1];

  CHECK(wasm_runtime_init());
  CHECK(wasm_runtime_init());
  module = wasm_runtime_load((uint8_t *)wasm, size, error_buf, sizeof(error_buf));
  CHECK(module);
  inst = wasm_runtime_instantiate(module, 8192, 65536, error_buf, sizeof(error_buf));
  CHECK(inst);
  env = wasm_runtime_create_exec_env(inst, 8192);
  {
    void *native = NULL;
    uint32 a = wasm_runtime_module_malloc(inst, 10, &native);
    uint32 b = wasm_runtime_module_malloc(inst, 10, NULL);
    CHECK(a == 1024 && b == 1040);
    CHECK(native == wasm_runtime_addr_app_to_native(inst, 1024));
    wasm_runtime_module_free(inst, a);
    CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "frees", NULL), 0, argv));
    CHECK(argv[0] == 1);
    /* no app heap was added: the memory is still one page */
    CHECK(!wasm_runtime_validate_app_addr(inst, 65536, 1));
  }
  /* The singleton exec env belongs to the instance. */
  {
    wasm_exec_env_t single = wasm_runtime_get_exec_env_singleton(inst);
    CHECK(single && wasm_runtime_get_module_inst(single) == inst);
    CHECK(wasm_runtime_get_exec_env_singleton(inst) == single);
    wasm_runtime_destroy_exec_env(single); /* refused: the instance owns it */
    CHECK(wasm_runtime_call_wasm(single, wasm_runtime_lookup_function(inst, "top", NULL), 0, argv));
  }
  wasm_runtime_destroy(); /* one of two: still up */
  CHECK(wasm_runtime_lookup_function(inst, "top", NULL) != NULL);
  /* The host forgets env, inst and module: the last destroy frees them. */
  (void)env;
  wasm_runtime_destroy();
  CHECK(wasm_runtime_lookup_function(inst, "top", NULL) == NULL);
  free(wasm);
  printf("Done.\n");
  return 0;
}
