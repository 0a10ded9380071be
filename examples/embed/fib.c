/* The embedding guide's flow: wasm_runtime_init, load, instantiate, lookup
 * (both forms), an exec env, fib through all three call forms, values of
 * every number type, exceptions, bad handles and counts, error buffers,
 * and the guide's deinitialization. */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

int main(void) {
  char *buffer, error_buf[128];
  wasm_module_t module;
  wasm_module_inst_t module_inst;
  wasm_function_inst_t func;
  wasm_exec_env_t exec_env;
  uint32 size, stack_size = 8092, heap_size = 8092;

  /* Nothing works before init, and says so. */
  CHECK(wasm_runtime_load((uint8_t *)"\0asm\1\0\0\0", 8, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "not initialized");

  /* initialize the wasm runtime by default configurations */
  CHECK(wasm_runtime_init());

  /* read WASM file into a memory buffer */
  buffer = read_wasm_binary_to_buffer("fib.wasm", &size);

  /* parse the WASM file from buffer and create a WASM module */
  module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module != NULL);
  free(buffer); /* the runtime keeps its own copy */

  /* create an instance of the WASM module (WASM linear memory is ready) */
  module_inst = wasm_runtime_instantiate(module, stack_size, heap_size, error_buf,
                                         sizeof(error_buf));
  CHECK(module_inst != NULL);
  CHECK(wasm_runtime_get_module(module_inst) == module);

  /* lookup a WASM function by its name; the function signature can NULL here */
  func = wasm_runtime_lookup_function(module_inst, "fib", NULL);
  CHECK(func != NULL);
  /* ... and the current two-argument form, and a checked signature */
  CHECK(wasm_runtime_lookup_function(module_inst, "fib") == func);
  CHECK(wasm_runtime_lookup_function(module_inst, "fib", "(i)i") == func);
  CHECK(wasm_runtime_lookup_function(module_inst, "fib", "(i32)i32") == func);
  CHECK(wasm_runtime_lookup_function(module_inst, "fib", "(I)i") == NULL);
  CHECK_CONTAINS(ferrowasm_runtime_last_error(), "does not match");
  CHECK(wasm_runtime_lookup_function(module_inst, "nope") == NULL);
  CHECK(wasm_func_get_param_count(func, module_inst) == 1);
  CHECK(wasm_func_get_result_count(func, module_inst) == 1);
  {
    wasm_function_inst_t scale_f = wasm_runtime_lookup_function(module_inst, "scale", NULL);
    wasm_valkind_t kinds[2] = {99, 99};
    CHECK(scale_f);
    wasm_func_get_param_types(scale_f, module_inst, kinds);
    CHECK(kinds[0] == WASM_F32 && kinds[1] == WASM_F64);
    kinds[0] = 99;
    wasm_func_get_result_types(scale_f, module_inst, kinds);
    CHECK(kinds[0] == WASM_F64);
  }
  /* The runtime's own allocator (system here). */
  {
    char *p = (char *)wasm_runtime_malloc(16);
    CHECK(p != NULL);
    memcpy(p, "0123456789abcde", 16);
    p = (char *)wasm_runtime_realloc(p, 4096);
    CHECK(p != NULL && memcmp(p, "0123456789abcde", 16) == 0);
    wasm_runtime_free(p);
    wasm_runtime_free(NULL);
  }

  /* create an execution environment to execute the WASM functions */
  exec_env = wasm_runtime_create_exec_env(module_inst, stack_size);
  CHECK(exec_env != NULL);
  CHECK(wasm_runtime_get_module_inst(exec_env) == module_inst);

  /* 1. 32-bit cells */
  {
    uint32 argv[2];
    argv[0] = 8;
    if (wasm_runtime_call_wasm(exec_env, func, 1, argv)) {
      printf("fib function return: %d\n", argv[0]);
    } else {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
    }
    CHECK(argv[0] == 21);
  }
  /* 2. wasm_val_t arrays */
  {
    uint32 num_args = 1, num_results = 1;
    wasm_val_t args[1], results[1];
    args[0].kind = WASM_I32;
    args[0].of.i32 = 8;
    if (wasm_runtime_call_wasm_a(exec_env, func, num_results, results, num_args, args)) {
      printf("fib function return: %d\n", results[0].of.i32);
    } else {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
    }
    CHECK(results[0].kind == WASM_I32 && results[0].of.i32 == 21);
  }
  /* 3. variadic */
  {
    wasm_val_t results[1];
    if (wasm_runtime_call_wasm_v(exec_env, func, 1, results, 1, 8)) {
      printf("fib function return: %d\n", results[0].of.i32);
    } else {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
    }
    CHECK(results[0].of.i32 == 21);
  }

  /* i64 in two cells each way */
  {
    wasm_function_inst_t fib64 = wasm_runtime_lookup_function(module_inst, "fib64", NULL);
    uint32 argv[2];
    int64 n = 40, r;
    wasm_val_t args[1], results[1];
    CHECK(fib64);
    n = 30;
    memcpy(argv, &n, sizeof(n));
    CHECK(wasm_runtime_call_wasm(exec_env, fib64, 2, argv));
    memcpy(&r, argv, sizeof(r));
    CHECK(r == 832040);
    args[0].kind = WASM_I64;
    args[0].of.i64 = 20;
    CHECK(wasm_runtime_call_wasm_a(exec_env, fib64, 1, results, 1, args));
    CHECK(results[0].kind == WASM_I64 && results[0].of.i64 == 6765);
    CHECK(wasm_runtime_call_wasm_v(exec_env, fib64, 1, results, 1, (int64_t)10));
    CHECK(results[0].of.i64 == 55);
  }
  /* The guide's six cells: (char, int, double, int64) -> double */
  {
    wasm_function_inst_t mix = wasm_runtime_lookup_function(module_inst, "mix", NULL);
    uint32 argv[6];
    char arg1 = 'a';
    int arg2 = 10;
    double arg3 = 1.0;
    int64 arg4 = 100;
    double ret;
    wasm_val_t results[1];
    CHECK(mix);
    argv[0] = arg1;
    argv[1] = arg2;
    memcpy(&argv[2], &arg3, sizeof(arg3));
    memcpy(&argv[4], &arg4, sizeof(arg4));
    CHECK(wasm_runtime_call_wasm(exec_env, mix, 6, argv));
    memcpy(&ret, &argv[0], sizeof(ret));
    CHECK(ret == 97.0 + 10.0 + 1.0 + 100.0);
    CHECK(wasm_runtime_call_wasm_v(exec_env, mix, 1, results, 4, 1, 2, 3.5, (int64_t)4));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 10.5);
  }
  /* f32 (one cell; promoted to double through the varargs) and f64 */
  {
    wasm_function_inst_t half = wasm_runtime_lookup_function(module_inst, "half", NULL);
    wasm_function_inst_t scale = wasm_runtime_lookup_function(module_inst, "scale", NULL);
    uint32 argv[3];
    float f = 3.0f, fr;
    double d = 2.5, dr;
    wasm_val_t args[2], results[1];
    CHECK(half && scale);
    memcpy(&argv[0], &f, 4);
    CHECK(wasm_runtime_call_wasm(exec_env, half, 1, argv));
    memcpy(&fr, &argv[0], 4);
    CHECK(fr == 1.5f);
    memcpy(&argv[0], &f, 4);
    memcpy(&argv[1], &d, 8);
    CHECK(wasm_runtime_call_wasm(exec_env, scale, 3, argv));
    memcpy(&dr, &argv[0], 8);
    CHECK(dr == 7.5);
    args[0].kind = WASM_F32;
    args[0].of.f32 = 4.0f;
    args[1].kind = WASM_F64;
    args[1].of.f64 = 0.25;
    CHECK(wasm_runtime_call_wasm_a(exec_env, scale, 1, results, 2, args));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 1.0);
    CHECK(wasm_runtime_call_wasm_v(exec_env, half, 1, results, 1, 5.0f));
    CHECK(results[0].kind == WASM_F32 && results[0].of.f32 == 2.5f);
    CHECK(wasm_runtime_call_wasm_v(exec_env, scale, 1, results, 2, 2.0f, 3.0));
    CHECK(results[0].of.f64 == 6.0);
  }

  /* A trap is the exception, in WAMR's words; the next call clears it. */
  {
    wasm_function_inst_t div = wasm_runtime_lookup_function(module_inst, "div", NULL);
    uint32 argv[2] = {7, 0};
    CHECK(div);
    CHECK(!wasm_runtime_call_wasm(exec_env, div, 2, argv));
    CHECK_STR(wasm_runtime_get_exception(module_inst), "Exception: integer divide by zero");
    argv[0] = 7;
    argv[1] = 2;
    CHECK(wasm_runtime_call_wasm(exec_env, div, 2, argv));
    CHECK(argv[0] == 3);
    CHECK(wasm_runtime_get_exception(module_inst) == NULL);
    wasm_runtime_set_exception(module_inst, "host says no");
    CHECK_STR(wasm_runtime_get_exception(module_inst), "Exception: host says no");
    wasm_runtime_clear_exception(module_inst);
    CHECK(wasm_runtime_get_exception(module_inst) == NULL);
  }

  /* Wrong counts and kinds fail with a message, never a crash. */
  {
    uint32 argv[4] = {8, 0, 0, 0};
    wasm_val_t args[2], results[1];
    CHECK(!wasm_runtime_call_wasm(exec_env, func, 2, argv));
    CHECK_STR(wasm_runtime_get_exception(module_inst),
              "Exception: invalid argument count 2, must be 1");
    CHECK(!wasm_runtime_call_wasm(exec_env, func, 0, argv));
    CHECK(!wasm_runtime_call_wasm(exec_env, func, 1, NULL));
    args[0].kind = WASM_F32;
    args[0].of.f32 = 1.0f;
    CHECK(!wasm_runtime_call_wasm_a(exec_env, func, 1, results, 1, args));
    CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "argument 0 has kind");
    args[0].kind = WASM_I32;
    CHECK(!wasm_runtime_call_wasm_a(exec_env, func, 0, results, 1, args));
    CHECK(!wasm_runtime_call_wasm_a(exec_env, func, 1, results, 2, args));
    CHECK(!wasm_runtime_call_wasm_v(exec_env, func, 1, results, 2, 1, 2));
    CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "invalid argument count 2");
  }

  /* NULL and foreign handles. */
  {
    uint32 argv[2] = {8, 0};
    wasm_module_inst_t other =
        wasm_runtime_instantiate(module, stack_size, 0, error_buf, sizeof(error_buf));
    wasm_function_inst_t other_fib;
    CHECK(other);
    other_fib = wasm_runtime_lookup_function(other, "fib", NULL);
    CHECK(other_fib && other_fib != func);
    CHECK(!wasm_runtime_call_wasm(exec_env, other_fib, 1, argv));
    CHECK_CONTAINS(wasm_runtime_get_exception(module_inst), "does not belong");
    CHECK(!wasm_runtime_call_wasm(NULL, func, 1, argv));
    CHECK(!wasm_runtime_call_wasm(exec_env, NULL, 1, argv));
    CHECK(wasm_runtime_instantiate(NULL, 0, 0, error_buf, sizeof(error_buf)) == NULL);
    CHECK_CONTAINS(error_buf, "module is NULL");
    CHECK(wasm_runtime_lookup_function(NULL, "fib", NULL) == NULL);
    CHECK(wasm_runtime_create_exec_env(NULL, 8192) == NULL);
    CHECK(wasm_runtime_get_module_inst(NULL) == NULL);
    CHECK(wasm_runtime_get_exception(NULL) == NULL);
    wasm_runtime_deinstantiate(other);
    /* a destroyed instance is refused, not used */
    CHECK(wasm_runtime_lookup_function(other, "fib", NULL) == NULL);
    wasm_runtime_deinstantiate(other);
    wasm_runtime_deinstantiate(NULL);
    wasm_runtime_unload(NULL);
    wasm_runtime_destroy_exec_env(NULL);
  }

  /* Error buffers: NUL-terminated and truncated safely. */
  {
    char small[8];
    memset(small, 'x', sizeof(small));
    CHECK(wasm_runtime_load((uint8_t *)"junkjunk", 8, small, sizeof(small)) == NULL);
    CHECK(small[7] == '\0' && strlen(small) == 7);
    CHECK(wasm_runtime_load((uint8_t *)"junkjunk", 8, error_buf, sizeof(error_buf)) == NULL);
    CHECK_CONTAINS(error_buf, "WASM module load failed");
    CHECK(wasm_runtime_load(NULL, 8, error_buf, sizeof(error_buf)) == NULL);
    CHECK(wasm_runtime_load((uint8_t *)"junk", 4, NULL, 0) == NULL);
    CHECK(wasm_runtime_load((uint8_t *)"junk", 4, small, 0) == NULL);
  }

  /* User data and running modes. */
  {
    int token;
    wasm_runtime_set_user_data(exec_env, &token);
    CHECK(wasm_runtime_get_user_data(exec_env) == &token);
    wasm_runtime_set_custom_data(module_inst, &token);
    CHECK(wasm_runtime_get_custom_data(module_inst) == &token);
    /* The default mode: the multi-tier JIT when the library has it (as
     * WAMR built with it), else the interpreter. */
    RunningMode dflt = wasm_runtime_is_running_mode_supported(Mode_Multi_Tier_JIT)
                           ? Mode_Multi_Tier_JIT
                           : Mode_Interp;
    CHECK(wasm_runtime_get_running_mode(module_inst) == dflt);
    CHECK(wasm_runtime_is_running_mode_supported(Mode_Interp));
    CHECK(!wasm_runtime_is_running_mode_supported((RunningMode)99));
    CHECK(wasm_runtime_set_running_mode(module_inst, dflt));
  }

  /* Spawned exec envs and threads: see threads.c. */

  /* The guide's deinitialization. */
  wasm_runtime_destroy_exec_env(exec_env);
  wasm_runtime_deinstantiate(module_inst);
  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
