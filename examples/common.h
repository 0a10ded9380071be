// Helpers shared by the examples: checks and loading NAME.wasm.
#ifndef EXAMPLES_COMMON_H
#define EXAMPLES_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm.h"

#define CHECK(c) do { if (!(c)) { \
  fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); exit(1); } } while (0)

static inline void load_file(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(1); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  if (fread(out->data, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "short read\n"); exit(1); }
  fclose(f);
}

static inline wasm_module_t* load_module(wasm_store_t* store, const char* path) {
  wasm_byte_vec_t bytes;
  load_file(path, &bytes);
  wasm_module_t* m = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  if (!m) { fprintf(stderr, "cannot compile %s\n", path); exit(1); }
  return m;
}

// The export called `name` (borrowed from `exports`), checked to exist.
static inline wasm_extern_t* get_export(const wasm_module_t* module,
                                        const wasm_extern_vec_t* exports, const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  CHECK(types.size == exports->size);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) found = exports->data[i];
  }
  wasm_exporttype_vec_delete(&types);
  if (!found) { fprintf(stderr, "no export %s\n", name); exit(1); }
  return found;
}

static inline wasm_func_t* get_func(const wasm_module_t* m, const wasm_extern_vec_t* e,
                                    const char* name) {
  wasm_func_t* f = wasm_extern_as_func(get_export(m, e, name));
  CHECK(f);
  return f;
}

// The message of `trap` (deleted here) as a C string in `buf`.
static inline const char* trap_text(wasm_trap_t* trap, char* buf, size_t cap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK(msg.size >= 1 && msg.data[msg.size - 1] == '\0');
  CHECK(strlen(msg.data) == msg.size - 1);
  snprintf(buf, cap, "%s", msg.data);
  wasm_byte_vec_delete(&msg);
  return buf;
}

#endif
