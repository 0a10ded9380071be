/* wasm_runtime_call_wasm_v: reads the C variadic arguments by the
 * function's parameter kinds (asked of the Rust side) into wasm_val_t and
 * forwards to wasm_runtime_call_wasm_a, which checks everything else.
 * Default argument promotions apply: an f32 arrives as a double. */
#include <stdarg.h>
#include "wasm_export.h"

/* Defined in src/embed/call.rs: the parameter kinds of `function` when it
 * may be called through `exec_env` (false, exception set, otherwise). */
bool ferrowasm_embed_param_kinds(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                                 uint32_t num_args, wasm_valkind_t *kinds);

#define FW_MAX_VARARGS 64

bool wasm_runtime_call_wasm_v(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                              uint32_t num_results, wasm_val_t results[], uint32_t num_args,
                              ...) {
  wasm_valkind_t kinds[FW_MAX_VARARGS];
  wasm_val_t args[FW_MAX_VARARGS];
  va_list ap;
  uint32_t i;
  if (num_args > FW_MAX_VARARGS) {
    /* Let the checked entry point report it (it sees the real count). */
    return wasm_runtime_call_wasm_a(exec_env, function, num_results, results, num_args, NULL);
  }
  if (!ferrowasm_embed_param_kinds(exec_env, function, num_args, kinds))
    return false;
  va_start(ap, num_args);
  for (i = 0; i < num_args; i++) {
    args[i].kind = kinds[i];
    switch (kinds[i]) {
    case WASM_I32: args[i].of.i32 = va_arg(ap, int32_t); break;
    case WASM_I64: args[i].of.i64 = va_arg(ap, int64_t); break;
    case WASM_F32: args[i].of.f32 = (float)va_arg(ap, double); break;
    case WASM_F64: args[i].of.f64 = va_arg(ap, double); break;
    default: args[i].of.ref = (struct wasm_ref_t *)va_arg(ap, void *); break;
    }
  }
  va_end(ap);
  return wasm_runtime_call_wasm_a(exec_env, function, num_results, results, num_args, args);
}
