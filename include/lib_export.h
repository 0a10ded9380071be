/*
 * lib_export.h -- ferrowasm's version of WAMR's lib_export.h: the record a
 * host fills to export native functions to wasm, and the macros that fill
 * it. Same declarations as WAMR 2.4.3's header (wasm_export.h includes it).
 */

#ifndef _LIB_EXPORT_H_
#define _LIB_EXPORT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A host function exported to wasm under `symbol`. `signature` says how
 * wasm arguments reach it (NULL: plain values of the import's type):
 *   "(" params ")" result, one character per value:
 *   i  int32_t      I  int64_t     f  float      F  double
 *   r  externref (the host's opaque pointer, uintptr_t)
 *   *  a pointer: the guest's i32 offset, checked against linear memory
 *      (1 byte, or the whole buffer when followed by ~) and passed as a
 *      native pointer
 *   ~  uint32_t byte length of the preceding * buffer
 *   $  a NUL-terminated string: offset checked up to its NUL, passed as
 *      const char *
 * e.g. "(ii)i", "(*)i", "(iiii*)", "($*~)". The function receives the
 * calling exec env first: int32_t add(wasm_exec_env_t env, int32_t a, int32_t b).
 * A bad pointer from the guest is the exception "out of bounds memory
 * access"; the function is not called. */
typedef struct NativeSymbol {
  const char *symbol;
  void *func_ptr;
  const char *signature;
  /* Returned by wasm_runtime_get_function_attachment() inside the call. */
  void *attachment;
} NativeSymbol;

/* A function pointer as the void * NativeSymbol holds (marked as an
 * extension, so that -pedantic builds accept it). */
#if defined(__GNUC__) || defined(__clang__)
#define FERROWASM_FN_AS_PTR(f) (__extension__(void *)(f))
#else
#define FERROWASM_FN_AS_PTR(f) ((void *)(f))
#endif

#define EXPORT_WASM_API(symbol) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), NULL, NULL }
#define EXPORT_WASM_API2(symbol) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), NULL, NULL }
#define EXPORT_WASM_API_WITH_SIG(symbol, signature) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), signature, NULL }
#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), signature, NULL }
#define EXPORT_WASM_API_WITH_ATT(symbol, signature, attachment) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol), signature, attachment }
#define EXPORT_WASM_API_WITH_ATT2(symbol, signature, attachment) \
  { #symbol, FERROWASM_FN_AS_PTR(symbol##_wrapper), signature, attachment }

/* The natives of WAMR's application-framework "base library". ferrowasm,
 * like WAMR built without its app framework, has none: *p_base_lib_apis
 * becomes NULL and the count is 0. */
uint32_t get_base_lib_export_apis(NativeSymbol **p_base_lib_apis);

#ifdef __cplusplus
}
#endif

#endif /* _LIB_EXPORT_H_ */
