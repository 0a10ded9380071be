// memory: data, size and growth of an exported memory seen from the host
// and from wasm; out-of-bounds accesses trap; growth past the maximum
// fails; a memory made by the host.
#include "common.h"

static wasm_func_t *size_f, *load_f, *store_f, *grow_f;

static int32_t call1(wasm_func_t* f, int32_t a, int* trapped) {
  wasm_val_t av[1] = { WASM_I32_VAL(a) };
  wasm_val_t rv[1] = { WASM_INIT_VAL };
  wasm_val_vec_t args = WASM_ARRAY_VEC(av), res = WASM_ARRAY_VEC(rv);
  if (f == size_f) args.size = 0;
  wasm_trap_t* t = wasm_func_call(f, &args, &res);
  *trapped = t != NULL;
  if (t) {
    char buf[128];
    printf("  trap: %s\n", trap_text(t, buf, sizeof buf));
    CHECK(strstr(buf, "out of bounds memory access") != NULL);
    wasm_trap_delete(t);
    return 0;
  }
  return rv[0].of.i32;
}

static int do_store(int32_t addr, int32_t v) {
  wasm_val_t av[2] = { WASM_I32_VAL(addr), WASM_I32_VAL(v) };
  wasm_val_vec_t args = WASM_ARRAY_VEC(av), res = WASM_EMPTY_VEC;
  wasm_trap_t* t = wasm_func_call(store_f, &args, &res);
  if (t) { wasm_trap_delete(t); return 0; }
  return 1;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "memory.wasm");
  wasm_instance_t* instance = wasm_instance_new(store, module, NULL, NULL);
  CHECK(instance);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = wasm_extern_as_memory(get_export(module, &exports, "memory"));
  CHECK(memory);
  size_f = get_func(module, &exports, "size");
  load_f = get_func(module, &exports, "load");
  store_f = get_func(module, &exports, "store");
  grow_f = get_func(module, &exports, "grow");
  int trapped;

  // Size and data as the module set them up.
  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data[0] == 0 && data[0x1000] == 1 && data[0x1003] == 4);
  CHECK(call1(size_f, 0, &trapped) == 2);
  CHECK(call1(load_f, 0x1002, &trapped) == 3 && !trapped);

  // Host writes are seen by wasm, and the other way round.
  data[0x2000] = 77;
  CHECK(call1(load_f, 0x2000, &trapped) == 77);
  CHECK(do_store(0x2001, -5));
  CHECK(data[0x2001] == (byte_t)-5);

  // The last byte is in bounds, the next one is not.
  CHECK(call1(load_f, 0x1ffff, &trapped) == 0 && !trapped);
  call1(load_f, 0x20000, &trapped);
  CHECK(trapped);
  CHECK(!do_store(0x20000, 1));

  // Grow from the host, then from wasm; the maximum is 3 pages.
  wasm_memorytype_t* ty = wasm_memory_type(memory);
  CHECK(wasm_memorytype_limits(ty)->min == 2 && wasm_memorytype_limits(ty)->max == 3);
  wasm_memorytype_delete(ty);
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3 && wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
  CHECK(call1(load_f, 0x20000, &trapped) == 0 && !trapped);
  CHECK(do_store(0x2ffff, 9));
  CHECK(wasm_memory_data(memory)[0x2ffff] == 9);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(call1(grow_f, 1, &trapped) == -1);
  CHECK(call1(grow_f, 0, &trapped) == 3);
  CHECK(wasm_memory_grow(memory, 0));
  CHECK(wasm_memory_size(memory) == 3);
  // The data did not move.
  CHECK(wasm_memory_data(memory) == data && data[0x1000] == 1);

  // A memory made by the host: 1 page, at most 2.
  wasm_limits_t lim = { 1, 2 };
  wasm_memorytype_t* mty = wasm_memorytype_new(&lim);
  wasm_memory_t* mine = wasm_memory_new(store, mty);
  wasm_memorytype_delete(mty);
  CHECK(mine && wasm_memory_size(mine) == 1);
  wasm_memory_data(mine)[65535] = 1;
  CHECK(wasm_memory_grow(mine, 1) && !wasm_memory_grow(mine, 1));
  CHECK(wasm_memory_size(mine) == 2 && wasm_memory_data(mine)[65535] == 1);
  wasm_memory_delete(mine);

  // A memory whose minimum exceeds its maximum cannot be made.
  wasm_limits_t bad = { 3, 2 };
  mty = wasm_memorytype_new(&bad);
  CHECK(wasm_memory_new(store, mty) == NULL);
  wasm_memorytype_delete(mty);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
