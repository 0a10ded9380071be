/* Helpers shared by the embed examples: reading a file, and checks that
 * print what failed and exit non-zero. */
#ifndef EMBED_COMMON_H
#define EMBED_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

#define CHECK_STR(a, b)                                                   \
  do {                                                                    \
    const char *a_ = (a), *b_ = (b);                                      \
    if (!a_ || strcmp(a_, b_) != 0) {                                     \
      fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, b_, \
              a_ ? a_ : "(null)");                                        \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

#define CHECK_CONTAINS(a, b)                                              \
  do {                                                                    \
    const char *a_ = (a), *b_ = (b);                                      \
    if (!a_ || !strstr(a_, b_)) {                                         \
      fprintf(stderr, "%s:%d: expected a message containing \"%s\", got \"%s\"\n", __FILE__, \
              __LINE__, b_, a_ ? a_ : "(null)");                          \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

/* The whole file in a malloc'ed buffer (the caller frees it). */
static char *read_wasm_binary_to_buffer(const char *path, uint32_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = (char *)malloc(n > 0 ? (size_t)n : 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(1);
  }
  fclose(f);
  *size = (uint32_t)n;
  return buf;
}

#endif
