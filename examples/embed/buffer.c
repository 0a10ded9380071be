/* The guide's "Pass buffer to WASM function": module_malloc, write through
 * the native address, pass the app offset, read the result back, free.
 * Also dup_data, the app heap's limits, every address check and
 * conversion, and the runtime on the host's own allocator
 * (Alloc_With_Allocator). */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

static unsigned long host_mallocs, host_frees;

static void *host_malloc(unsigned int size) {
  host_mallocs++;
  return malloc(size);
}
static void host_free(void *p) {
  host_frees++;
  free(p);
}

int main(void) {
  RuntimeInitArgs init_args;
  char error_buf[128];
  uint32 size;
  char *wasm = read_wasm_binary_to_buffer("buffer.wasm", &size);
  wasm_module_t module;
  wasm_module_inst_t module_inst;
  wasm_exec_env_t exec_env;
  wasm_function_inst_t func;

  memset(&init_args, 0, sizeof(init_args));
  init_args.mem_alloc_type = Alloc_With_Allocator;
  init_args.mem_alloc_option.allocator.malloc_func = (void *)host_malloc;
  init_args.mem_alloc_option.allocator.free_func = (void *)host_free;
  CHECK(wasm_runtime_full_init(&init_args));
  /* Another allocator while the runtime is up is refused. */
  {
    RuntimeInitArgs sys;
    memset(&sys, 0, sizeof(sys));
    sys.mem_alloc_type = Alloc_With_System_Allocator;
    CHECK(!wasm_runtime_full_init(&sys));
    CHECK_CONTAINS(ferrowasm_runtime_last_error(), "another memory allocator");
  }

  module = wasm_runtime_load((uint8_t *)wasm, size, error_buf, sizeof(error_buf));
  CHECK(module);
  module_inst = wasm_runtime_instantiate(module, 8192, 8192, error_buf, sizeof(error_buf));
  CHECK(module_inst);
  exec_env = wasm_runtime_create_exec_env(module_inst, 8192);
  func = wasm_runtime_lookup_function(module_inst, "upper", NULL);
  CHECK(exec_env && func);
  CHECK(host_mallocs > 0); /* the runtime's memory came from host_malloc */

  /* The guide's flow. */
  {
    char *buffer = NULL;
    uint32_t buffer_for_wasm;

    buffer_for_wasm = wasm_runtime_module_malloc(module_inst, 100, (void **)&buffer);
    CHECK(buffer_for_wasm != 0);
    {
      uint32 argv[2];
      strncpy(buffer, "hello", 100); /* use native address for accessing in runtime */
      argv[0] = buffer_for_wasm;     /* pass the buffer address for WASM space */
      argv[1] = 100;                 /* the size of buffer */
      CHECK(wasm_runtime_call_wasm(exec_env, func, 2, argv));
      CHECK(argv[0] == 'H' + 'E' + 'L' + 'L' + 'O');
      CHECK(strcmp(buffer, "HELLO") == 0); /* the round trip */

      /* it is runtime embedder's responsibility to release the memory,
         unless the WASM app will free the passed pointer in its code */
      wasm_runtime_module_free(module_inst, buffer_for_wasm);
    }
  }

  /* dup_data, and the conversions both ways. */
  {
    const char text[] = "round trip";
    uint32 app = wasm_runtime_module_dup_data(module_inst, text, sizeof(text));
    char *native;
    uint32 argv[2];
    CHECK(app != 0);
    native = (char *)wasm_runtime_addr_app_to_native(module_inst, app);
    CHECK(native && strcmp(native, text) == 0);
    CHECK(wasm_runtime_addr_native_to_app(module_inst, native) == app);
    CHECK(wasm_runtime_validate_app_addr(module_inst, app, sizeof(text)));
    CHECK(wasm_runtime_validate_app_str_addr(module_inst, app));
    CHECK(wasm_runtime_validate_native_addr(module_inst, native, sizeof(text)));
    argv[0] = app;
    argv[1] = sizeof(text) - 1;
    CHECK(wasm_runtime_call_wasm(exec_env, func, 2, argv));
    CHECK(strcmp(native, "ROUND TRIP") == 0);
    wasm_runtime_module_free(module_inst, app);
  }

  /* Out of range: false / NULL / 0 and the exception, never a crash. */
  {
    int local;
    CHECK(!wasm_runtime_validate_app_addr(module_inst, 2 * 65536 - 4, 8));
    CHECK_STR(wasm_runtime_get_exception(module_inst), "Exception: out of bounds memory access");
    wasm_runtime_clear_exception(module_inst);
    CHECK(!wasm_runtime_validate_app_addr(module_inst, 0xFFFFFFFFu, 2));
    CHECK(!wasm_runtime_validate_app_str_addr(module_inst, 0xFFFFFFF0u));
    CHECK(!wasm_runtime_validate_native_addr(module_inst, &local, 4));
    CHECK(wasm_runtime_addr_app_to_native(module_inst, 0xFFFFFFF0u) == NULL);
    CHECK(wasm_runtime_addr_native_to_app(module_inst, &local) == 0);
    CHECK(wasm_runtime_module_malloc(NULL, 10, NULL) == 0);
    CHECK(!wasm_runtime_validate_app_addr(NULL, 0, 1));
  }

  /* The app heap runs out: 0 and an exception; freeing makes room again. */
  {
    uint32 blocks[64];
    int n = 0, i;
    while (n < 64 && (blocks[n] = wasm_runtime_module_malloc(module_inst, 4096, NULL)) != 0) n++;
    CHECK(n > 1 && n < 64);
    CHECK_STR(wasm_runtime_get_exception(module_inst), "Exception: out of memory");
    for (i = 0; i < n; i++) wasm_runtime_module_free(module_inst, blocks[i]);
    CHECK(wasm_runtime_module_malloc(module_inst, 4096 * (uint32)(n - 1), NULL) != 0);
  }

  wasm_runtime_destroy_exec_env(exec_env);
  wasm_runtime_deinstantiate(module_inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  /* every chunk taken from the host's allocator was given back */
  CHECK(host_frees == host_mallocs);
  free(wasm);
  printf("Done.\n");
  return 0;
}
