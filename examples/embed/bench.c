/* Per-call overhead: wasm_runtime_call_wasm of a one-instruction function
 * (host -> wasm), and a native "(ii)i" called from a wasm loop (wasm ->
 * host), next to the same loop calling a wasm function. BENCH_ITERS sets
 * the count (default 200000). Prints ns/call; checks the results only. */
#include <stdint.h>
#include <time.h>

#include "wasm_export.h"
#include "common.h"

static int32_t add(wasm_exec_env_t exec_env, int32_t a, int32_t b) {
  (void)exec_env;
  return a + b;
}

static NativeSymbol natives[] = {EXPORT_WASM_API_WITH_SIG(add, "(ii)i")};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
  char error_buf[128];
  uint32 size, i, iters = 200000;
  char *wasm = read_wasm_binary_to_buffer("bench.wasm", &size);
  const char *env_iters = getenv("BENCH_ITERS");
  wasm_module_t module;
  wasm_module_inst_t inst;
  wasm_exec_env_t env;
  wasm_function_inst_t inc, native_loop, wasm_loop;
  uint32 argv[1];
  double t0, t_call, t_native, t_wasm;

  if (env_iters) iters = (uint32)atoi(env_iters);
  CHECK(wasm_runtime_init());
  CHECK(wasm_runtime_register_natives("env", natives, 1));
  module = wasm_runtime_load((uint8_t *)wasm, size, error_buf, sizeof(error_buf));
  CHECK(module);
  inst = wasm_runtime_instantiate(module, 65536, 0, error_buf, sizeof(error_buf));
  CHECK(inst);
  env = wasm_runtime_create_exec_env(inst, 65536);
  inc = wasm_runtime_lookup_function(inst, "inc", NULL);
  native_loop = wasm_runtime_lookup_function(inst, "native_loop", NULL);
  wasm_loop = wasm_runtime_lookup_function(inst, "wasm_loop", NULL);
  CHECK(env && inc && native_loop && wasm_loop);

  argv[0] = 0;
  t0 = now();
  for (i = 0; i < iters; i++) {
    CHECK(wasm_runtime_call_wasm(env, inc, 1, argv));
  }
  t_call = (now() - t0) / iters;
  CHECK(argv[0] == iters);

  argv[0] = iters;
  t0 = now();
  CHECK(wasm_runtime_call_wasm(env, native_loop, 1, argv));
  t_native = (now() - t0) / iters;
  CHECK(argv[0] == (uint32)((uint64_t)iters * (iters + 1) / 2));

  argv[0] = iters;
  t0 = now();
  CHECK(wasm_runtime_call_wasm(env, wasm_loop, 1, argv));
  t_wasm = (now() - t0) / iters;

  printf("wasm_runtime_call_wasm: %.1f ns/call\n", t_call);
  printf("native (ii)i from wasm: %.1f ns/call (loop calling a wasm function: %.1f ns/iteration)\n",
         t_native, t_wasm);
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  free(wasm);
  printf("Done.\n");
  return 0;
}
