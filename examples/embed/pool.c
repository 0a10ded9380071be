/* The guide's pool setup: all the runtime's memory from a 512 KiB buffer,
 * natives given at init. A pool too small to start with is refused; a
 * module too big for the pool fails to load with a message; an instance
 * whose memory does not fit fails to instantiate; a failed operation gives
 * its memory back. Under tests/embed_examples.rs's malloc-counting
 * interposer, nothing is taken from the system allocator between init and
 * destroy. */
#include <stdint.h>

#include "wasm_export.h"
#include "common.h"

/* Provided by the interposer when it is preloaded. */
extern unsigned long embed_malloc_calls(void) __attribute__((weak));

static int32_t add(wasm_exec_env_t exec_env, int32_t a, int32_t b) {
  (void)exec_env;
  return a + b;
}

static NativeSymbol native_symbols[] = {
    EXPORT_WASM_API_WITH_SIG(add, "(ii)i"),
};

/* all the runtime memory allocations are restricted in the global_heap_buf array */
static char global_heap_buf[512 * 1024];

_Static_assert(sizeof(RuntimeInitArgs) == 232, "RuntimeInitArgs has WAMR's layout");

static unsigned long malloc_calls(void) { return embed_malloc_calls ? embed_malloc_calls() : 0; }

/* A valid module made of one custom section of `payload` bytes. */
static uint8_t *big_module(uint32_t payload, uint32_t *size) {
  uint32_t body = 2 + payload; /* name length, name "x", payload */
  uint8_t *m = (uint8_t *)malloc(8 + 1 + 5 + body);
  uint32_t n = 0, v = body;
  memcpy(m, "\0asm\1\0\0\0", 8);
  n = 8;
  m[n++] = 0;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    m[n++] = b | (v ? 0x80 : 0);
  } while (v);
  m[n++] = 1;
  m[n++] = 'x';
  memset(m + n, 0, payload);
  *size = n + payload;
  return m;
}

int main(void) {
  RuntimeInitArgs init_args;
  char error_buf[128];
  uint32 size, big_size;
  char *buffer = read_wasm_binary_to_buffer("pool.wasm", &size);
  uint8_t *big = big_module(300 * 1024, &big_size);
  static const char mem16_wat_bin[] = {
      /* (module (memory 16)) */
      0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 16};
  static char tiny_pool[4096];
  unsigned long before, after;
  mem_alloc_info_t info, info_after_init;

  if (getenv("EMBED_EXPECT_MALLOC_COUNTER")) {
    CHECK(embed_malloc_calls != NULL);
  }
  printf("pool example\n"); /* stdio's buffer, before we count */

  /* A pool too small to start with: refused, with a message. */
  memset(&init_args, 0, sizeof(RuntimeInitArgs));
  init_args.mem_alloc_type = Alloc_With_Pool;
  init_args.mem_alloc_option.pool.heap_buf = tiny_pool;
  init_args.mem_alloc_option.pool.heap_size = sizeof(tiny_pool);
  CHECK(!wasm_runtime_full_init(&init_args));
  CHECK_CONTAINS(ferrowasm_runtime_last_error(), "too small");

  memset(&init_args, 0, sizeof(RuntimeInitArgs));
  /* configure the memory allocator for the runtime */
  init_args.mem_alloc_type = Alloc_With_Pool;
  init_args.mem_alloc_option.pool.heap_buf = global_heap_buf;
  init_args.mem_alloc_option.pool.heap_size = sizeof(global_heap_buf);
  /* configure the native functions being exported to WASM app */
  init_args.native_module_name = "env";
  init_args.n_native_symbols = sizeof(native_symbols) / sizeof(NativeSymbol);
  init_args.native_symbols = native_symbols;
  init_args.max_thread_num = 4;
  /* initialize runtime environment with user configurations */
  if (!wasm_runtime_full_init(&init_args)) {
    printf("init failed: %s\n", ferrowasm_runtime_last_error());
    return -1;
  }
  before = malloc_calls();

  CHECK(wasm_runtime_get_mem_alloc_info(&info_after_init));
  CHECK(info_after_init.total_size == sizeof(global_heap_buf));

  {
    wasm_module_t module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t fib, sum;
    uint32 argv[2];
    void *native = NULL;
    uint32 app;
    CHECK(module);
    inst = wasm_runtime_instantiate(module, 8192, 8192, error_buf, sizeof(error_buf));
    CHECK(inst);
    env = wasm_runtime_create_exec_env(inst, 8192);
    CHECK(env);
    fib = wasm_runtime_lookup_function(inst, "fib", NULL);
    sum = wasm_runtime_lookup_function(inst, "sum", NULL);
    CHECK(fib && sum);
    argv[0] = 15;
    CHECK(wasm_runtime_call_wasm(env, fib, 1, argv));
    CHECK(argv[0] == 610);

    /* The app heap lives in the linear memory, which lives in the pool. */
    app = wasm_runtime_module_malloc(inst, 100, &native);
    CHECK(app != 0 && native != NULL);
    CHECK((char *)native >= global_heap_buf &&
          (char *)native < global_heap_buf + sizeof(global_heap_buf));
    memset(native, 2, 100);
    argv[0] = app;
    argv[1] = 100;
    CHECK(wasm_runtime_call_wasm(env, sum, 2, argv));
    CHECK(argv[0] == 200);
    wasm_runtime_module_free(inst, app);

    CHECK(wasm_runtime_get_mem_alloc_info(&info));
    CHECK(info.total_free_size < info_after_init.total_free_size);
    CHECK(info.highmark_size >= info.total_size - info.total_free_size);

    /* Growing past what the pool holds fails inside wasm (-1), no crash. */
    {
      wasm_function_inst_t grow = wasm_runtime_lookup_function(inst, "grow", NULL);
      argv[0] = 100;
      CHECK(wasm_runtime_call_wasm(env, grow, 1, argv));
      CHECK(argv[0] == (uint32)-1);
    }

    /* A module too big for the pool: load fails with a message. */
    CHECK(wasm_runtime_load(big, big_size, error_buf, sizeof(error_buf)) == NULL);
    CHECK_CONTAINS(error_buf, "memory pool is exhausted");

    /* An instance whose memory (1 MiB) cannot fit: instantiate fails. */
    {
      wasm_module_t m16 =
          wasm_runtime_load((uint8_t *)mem16_wat_bin, sizeof(mem16_wat_bin), error_buf,
                            sizeof(error_buf));
      CHECK(m16);
      CHECK(wasm_runtime_instantiate(m16, 8192, 0, error_buf, sizeof(error_buf)) == NULL);
      CHECK_CONTAINS(error_buf, "linear memory");
      wasm_runtime_unload(m16);
    }

    /* Still fine after the failures. */
    argv[0] = 10;
    CHECK(wasm_runtime_call_wasm(env, fib, 1, argv));
    CHECK(argv[0] == 55);

    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
  }

  /* Everything went back to the pool. */
  CHECK(wasm_runtime_get_mem_alloc_info(&info));
  if (info.total_free_size != info_after_init.total_free_size) {
    printf("free after init %u, now %u\n", info_after_init.total_free_size,
           info.total_free_size);
  }
  CHECK(info.total_free_size + 1024 >= info_after_init.total_free_size);
  after = malloc_calls();
  wasm_runtime_destroy();
  printf("system allocator calls between init and destroy: %lu\n", after - before);
  CHECK(after == before);

  free(big);
  free(buffer);
  printf("Done.\n");
  return 0;
}
