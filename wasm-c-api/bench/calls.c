// calls: the cost of wasm_func_call (nop, add) and of a host function
// called from wasm (nop, add), in ns per call; and a check that neither
// path allocates: malloc and friends are counted during the timed loops.
// BENCH_ITERS sets the number of calls (default 2000000). Times are the
// thread's CPU time, so that other load on the machine counts less.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wasm.h"

// Count allocations by interposing the allocator entry points.
extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);
extern void* __libc_memalign(size_t, size_t);
static volatile long allocations = 0;
void* malloc(size_t n) { allocations++; return __libc_malloc(n); }
void* calloc(size_t a, size_t b) { allocations++; return __libc_calloc(a, b); }
void* realloc(void* p, size_t n) { allocations++; return __libc_realloc(p, n); }
int posix_memalign(void** out, size_t align, size_t n) {
  allocations++;
  *out = __libc_memalign(align, n);
  return *out ? 0 : 12;
}
void* aligned_alloc(size_t align, size_t n) { allocations++; return __libc_memalign(align, n); }
void* memalign(size_t align, size_t n) { allocations++; return __libc_memalign(align, n); }

#define CHECK(c) do { if (!(c)) { \
  fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); exit(1); } } while (0)

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static wasm_trap_t* hnop(const wasm_val_vec_t* a, wasm_val_vec_t* r) {
  (void)a; (void)r;
  return NULL;
}

static wasm_trap_t* hadd(const wasm_val_vec_t* a, wasm_val_vec_t* r) {
  r->data[0].kind = WASM_I32;
  r->data[0].of.i32 = a->data[0].of.i32 + a->data[1].of.i32;
  return NULL;
}

static wasm_func_t* export_fn(wasm_extern_vec_t* ex, size_t i) {
  wasm_func_t* f = wasm_extern_as_func(ex->data[i]);
  CHECK(f);
  return f;
}

static void report(const char* what, double secs, long n, long allocs) {
  printf("%-36s %7.1f ns/call  (%ld calls, %ld allocations)\n", what, secs * 1e9 / n, n, allocs);
  CHECK(allocs == 0);
}

// Each measurement is its own function, so that a profile (callgrind)
// shows the instructions of each phase separately.
__attribute__((noinline)) static void bench_nop(wasm_func_t* nop, long n) {
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  long a0 = allocations;
  double t = now();
  for (long i = 0; i < n; i++) wasm_func_call(nop, &none, &none);
  report("wasm_func_call nop", now() - t, n, allocations - a0);
}

__attribute__((noinline)) static void bench_add(wasm_func_t* add, long n) {
  wasm_val_t args[2] = { WASM_I32_VAL(1), WASM_I32_VAL(2) };
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
  long a0 = allocations;
  double t = now();
  for (long i = 0; i < n; i++) {
    args[0].of.i32 = (int32_t)i;
    wasm_func_call(add, &av, &rv);
  }
  report("wasm_func_call add(i32, i32)", now() - t, n, allocations - a0);
  CHECK(res[0].of.i32 == (int32_t)(n - 1) + 2);
}

// The time of n iterations of an empty wasm loop (subtracted below).
__attribute__((noinline)) static double bench_loop(wasm_func_t* loop, long n) {
  wasm_val_t cnt[1] = { WASM_I32_VAL((int32_t)n) };
  wasm_val_vec_t cv = WASM_ARRAY_VEC(cnt), none = WASM_EMPTY_VEC;
  double t = now();
  CHECK(wasm_func_call(loop, &cv, &none) == NULL);
  double base = now() - t;
  printf("%-36s %7.1f ns/iteration\n", "(empty wasm loop, subtracted below)", base * 1e9 / n);
  return base;
}

__attribute__((noinline)) static void bench_host(wasm_func_t* f, long n, double base, const char* what, int has_result) {
  wasm_val_t cnt[1] = { WASM_I32_VAL((int32_t)n) };
  wasm_val_t res[1] = { WASM_INIT_VAL };
  wasm_val_vec_t cv = WASM_ARRAY_VEC(cnt), rv = { has_result ? 1 : 0, res };
  long a0 = allocations;
  double t = now();
  CHECK(wasm_func_call(f, &cv, &rv) == NULL);
  report(what, now() - t - base, n, allocations - a0);
  if (has_result) {
    int32_t expect = 0;
    for (long i = n; i > 0; i--) expect += (int32_t)i;
    CHECK(res[0].of.i32 == expect);
  }
}

int main(void) {
  long n = getenv("BENCH_ITERS") ? atol(getenv("BENCH_ITERS")) : 2000000;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  FILE* f = fopen("calls.wasm", "rb");
  CHECK(f);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new_uninitialized(&bin, size);
  CHECK(fread(bin.data, 1, size, f) == (size_t)size);
  fclose(f);
  wasm_module_t* module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module);

  wasm_functype_t* t0 = wasm_functype_new_0_0();
  wasm_functype_t* t2 = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                              wasm_valtype_new_i32());
  wasm_func_t* fnop = wasm_func_new(store, t0, hnop);
  wasm_func_t* fadd = wasm_func_new(store, t2, hadd);
  wasm_extern_t* imps[] = { wasm_func_as_extern(fnop), wasm_func_as_extern(fadd) };
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imps);
  wasm_instance_t* inst = wasm_instance_new(store, module, &iv, NULL);
  CHECK(inst);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t *nop = export_fn(&ex, 0), *add = export_fn(&ex, 1), *loop = export_fn(&ex, 2);
  wasm_func_t *call_nop = export_fn(&ex, 3), *call_add = export_fn(&ex, 4);

  // Warm up (the first call sets up the execution stack).
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(nop, &none, &none) == NULL);

  // The counting works: setting up allocated.
  CHECK(allocations > 0);
  bench_nop(nop, n);
  bench_add(add, n);
  double base = bench_loop(loop, n);
  bench_host(call_nop, n, base, "host nop called from wasm", 0);
  bench_host(call_add, n, base, "host add(i32, i32) called from wasm", 1);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(fnop);
  wasm_func_delete(fadd);
  wasm_functype_delete(t0);
  wasm_functype_delete(t2);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
