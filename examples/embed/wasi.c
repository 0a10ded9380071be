/* WASI through the embedding API: wasm_runtime_set_wasi_args_ex (a mapped
 * directory, environment, argv, stdout redirected to a file by fd),
 * wasm_runtime_is_wasi_mode, wasm_runtime_lookup_wasi_start_function,
 * wasm_application_execute_main, wasm_runtime_get_wasi_exit_code; then a
 * module instantiated without WASI settings, and a bad directory. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasm_export.h"
#include "common.h"

static char *slurp(const char *path) {
  uint32_t n;
  char *b = read_wasm_binary_to_buffer(path, &n);
  b = (char *)realloc(b, n + 1);
  b[n] = 0;
  return b;
}

int main(void) {
  char error_buf[128];
  uint32_t size;
  CHECK(wasm_runtime_init());
  char *buffer = read_wasm_binary_to_buffer("wasi.wasm", &size);
  wasm_module_t module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  CHECK(module);
  free(buffer);

  mkdir("sandbox", 0755);
  const char *map_dirs[] = {"/data::sandbox"};
  const char *env[] = {"GREETING=hello from the host"};
  char *argv[] = {"wasi.wasm", "7"};
  int out = open("stdout.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
  CHECK(out >= 0);
  wasm_runtime_set_wasi_args_ex(module, NULL, 0, map_dirs, 1, env, 1, argv, 2, -1, out, -1);

  wasm_module_inst_t inst =
      wasm_runtime_instantiate(module, 16384, 0, error_buf, sizeof(error_buf));
  if (!inst) fprintf(stderr, "%s\n", error_buf);
  CHECK(inst);
  CHECK(wasm_runtime_is_wasi_mode(inst));
  CHECK(wasm_runtime_lookup_wasi_start_function(inst) != NULL);
  CHECK(wasm_application_execute_main(inst, 0, NULL));
  CHECK(wasm_runtime_get_exception(inst) == NULL);
  CHECK(wasm_runtime_get_wasi_exit_code(inst) == 7);
  close(out);
  char *printed = slurp("stdout.txt");
  CHECK_STR(printed, "wasi.wasm\n7\nGREETING=hello from the host\n");
  free(printed);
  char *file = slurp("sandbox/out.txt");
  CHECK_STR(file, "written by wasi.wat\n");
  free(file);
  wasm_runtime_deinstantiate(inst);

  /* A bad directory fails instantiation, naming it. */
  const char *bad[] = {"no-such-dir"};
  wasm_runtime_set_wasi_args(module, bad, 1, NULL, 0, NULL, 0, argv, 1);
  CHECK(wasm_runtime_instantiate(module, 16384, 0, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "no-such-dir");

  /* Socket pools are refused, saying why. */
  const char *pool[] = {"0.0.0.0/0"};
  wasm_runtime_set_wasi_args(module, NULL, 0, NULL, 0, NULL, 0, argv, 1);
  wasm_runtime_set_wasi_addr_pool(module, pool, 1);
  CHECK(wasm_runtime_instantiate(module, 16384, 0, error_buf, sizeof(error_buf)) == NULL);
  CHECK_CONTAINS(error_buf, "sockets");

  wasm_runtime_unload(module);
  wasm_runtime_destroy();
  printf("Done.\n");
  return 0;
}
