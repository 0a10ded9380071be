/* wasm_runtime_terminate from another thread stops wasm code that never
 * returns: the call fails with "terminated by user"; further calls fail at
 * once until wasm_runtime_clear_exception, after which the instance runs
 * again (and a termination raised while nothing ran does not leak into
 * the next call). */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "wasm_export.h"
#include "common.h"

static void *terminator(void *p) {
  struct timespec ts = {0, 100 * 1000 * 1000};
  nanosleep(&ts, NULL);
  wasm_runtime_terminate((wasm_module_inst_t)p);
  return NULL;
}

static int32_t answer(wasm_exec_env_t env, wasm_function_inst_t f) {
  uint32_t argv[1] = {0};
  if (!wasm_runtime_call_wasm(env, f, 0, argv))
    return -1;
  return (int32_t)argv[0];
}

int main(void) {
  char *buffer, error_buf[128];
  uint32_t size;
  CHECK(wasm_runtime_init());
  buffer = read_wasm_binary_to_buffer("terminate.wasm", &size);
  wasm_module_t module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module != NULL);
  wasm_module_inst_t inst =
      wasm_runtime_instantiate(module, 8192, 8192, error_buf, sizeof(error_buf));
  CHECK(inst != NULL);
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
  CHECK(env != NULL);
  wasm_function_inst_t spin = wasm_runtime_lookup_function(inst, "spin");
  wasm_function_inst_t ans = wasm_runtime_lookup_function(inst, "answer");
  CHECK(spin && ans);

  for (int round = 0; round < 2; round++) {
    pthread_t th;
    CHECK(pthread_create(&th, NULL, terminator, inst) == 0);
    uint32_t argv[1] = {0};
    CHECK(!wasm_runtime_call_wasm(env, spin, 0, argv));
    CHECK(pthread_join(th, NULL) == 0);
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "terminated by user");
    /* Terminated: calls fail at once until the exception is cleared. */
    CHECK(answer(env, ans) == -1);
    CHECK_CONTAINS(wasm_runtime_get_exception(inst), "terminated by user");
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL);
    CHECK(answer(env, ans) == 42);
  }

  /* Terminated while idle, then cleared: the next call runs normally. */
  wasm_runtime_terminate(inst);
  CHECK(answer(env, ans) == -1);
  wasm_runtime_clear_exception(inst);
  CHECK(answer(env, ans) == 42);

  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  free(buffer);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
