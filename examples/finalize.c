// finalize: 300,000 instances across two stores, each with host info and
// a finalizer, deleted by the host right away. Every finalizer runs exactly
// once (while the program runs: instances nothing refers to are reclaimed;
// the rest with their store), and memory stays bounded (peak RSS checked
// on Linux).
#include "common.h"

#define PER_STORE 150000

static int live = 0;
static unsigned char* seen;  // finalizer calls per instance

static void finalize(void* data) {
  size_t i = (size_t)data;
  CHECK(i < 2 * PER_STORE);
  seen[i]++;
  CHECK(seen[i] == 1);
  live--;
}

static long peak_rss_kb(void) {
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM:", 6) == 0) kb = strtol(line + 6, NULL, 10);
  fclose(f);
  return kb;
}

// Sanitizers and valgrind keep memory of their own: no RSS bound there.
static int instrumented(void) {
#if defined(__SANITIZE_ADDRESS__)
  return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return 1;
#endif
#endif
  const char* pre = getenv("LD_PRELOAD");
  return (pre && strstr(pre, "vgpreload")) || getenv("FINALIZE_NO_RSS_CHECK");
}

static void fill(wasm_store_t* store, size_t first) {
  wasm_module_t* module = load_module(store, "finalize.wasm");
  for (size_t i = 0; i < PER_STORE; i++) {
    wasm_instance_t* instance = wasm_instance_new(store, module, NULL, NULL);
    CHECK(instance);
    wasm_instance_set_host_info_with_finalizer(instance, (void*)(first + i), finalize);
    live++;
    if (i % 1000 == 0) {
      // Use some of them a little.
      wasm_extern_vec_t exports;
      wasm_instance_exports(instance, &exports);
      CHECK(exports.size == 2);
      wasm_val_t r[1] = { WASM_INIT_VAL };
      wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
      CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &none, &rv) == NULL);
      CHECK(r[0].of.i32 == 0);
      wasm_extern_vec_delete(&exports);
    }
    wasm_instance_delete(instance);
    if (i % 50000 == 0) printf("  %zu instances made, %d not finalized yet\n", i, live);
  }
  wasm_module_delete(module);
}

int main(void) {
  seen = calloc(2 * PER_STORE, 1);
  wasm_engine_t* engine = wasm_engine_new();

  printf("store 1...\n");
  wasm_store_t* store1 = wasm_store_new(engine);
  fill(store1, 0);
  printf("store 2 (store 1 still alive)...\n");
  wasm_store_t* store2 = wasm_store_new(engine);
  fill(store2, PER_STORE);
  printf("not finalized before the stores go: %d\n", live);
  // Reclaiming happens while the program runs, not only at the end.
  CHECK(live < PER_STORE);

  wasm_store_delete(store2);
  wasm_store_delete(store1);
  printf("not finalized after: %d\n", live);
  CHECK(live == 0);
  for (size_t i = 0; i < 2 * PER_STORE; i++) CHECK(seen[i] == 1);

  long kb = peak_rss_kb();
  printf("peak RSS: %ld KiB\n", kb);
  if (kb > 0 && !instrumented()) CHECK(kb < 100 * 1024);

  wasm_engine_delete(engine);
  free(seen);
  printf("Done.\n");
  return 0;
}
