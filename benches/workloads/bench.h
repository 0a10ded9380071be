/* Shared by every workload. Each workload defines `uint32_t run(uint32_t n)`
 * returning a checksum of its work; the same source is compiled to wasm32
 * (freestanding, no libc) and natively, and the two must agree.
 *
 * Portability rules for checksums: only fixed-width integer types in
 * anything that is hashed (no long, size_t or pointer values), unsigned
 * arithmetic where it may wrap, and doubles folded through their bits. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

typedef __SIZE_TYPE__ usize;

#ifdef __wasm__
#define EXPORT __attribute__((export_name("run")))
void *memset(void *dst, int c, usize n);
void *memcpy(void *dst, const void *src, usize n);
void *memmove(void *dst, const void *src, usize n);
#else
#include <string.h>
#define EXPORT __attribute__((visibility("default")))
#endif

#define NOINLINE __attribute__((noinline))

uint32_t run(uint32_t n);

/* xorshift32: deterministic pseudo-random numbers, never 0 for seed != 0. */
static inline uint32_t xs32(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

/* Fold a running checksum with a new word (FNV-1a-like on words). */
static inline uint32_t mix32(uint32_t h, uint32_t v) {
  h ^= v;
  h *= 16777619u;
  return rotl32(h, 13);
}

static inline uint64_t f64_bits(double d) {
  uint64_t u;
  __builtin_memcpy(&u, &d, 8);
  return u;
}

static inline uint32_t mix_f64(uint32_t h, double d) {
  uint64_t u = f64_bits(d);
  return mix32(mix32(h, (uint32_t)u), (uint32_t)(u >> 32));
}

#endif
