/* Call-heavy: many small direct calls, and call_indirect through a table of
 * function pointers (the index depends on the data, so it cannot be
 * resolved statically). */
#include "bench.h"

typedef uint32_t (*op_fn)(uint32_t, uint32_t);

static NOINLINE uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static NOINLINE uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static NOINLINE uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b * 3u); }
static NOINLINE uint32_t op_rot(uint32_t a, uint32_t b) { return rotl32(a, (int)(b & 31) | 1); }
static NOINLINE uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1u); }
static NOINLINE uint32_t op_mix(uint32_t a, uint32_t b) { return mix32(a, b); }
static NOINLINE uint32_t op_shr(uint32_t a, uint32_t b) { return (a >> 3) + b; }
static NOINLINE uint32_t op_or(uint32_t a, uint32_t b) { return (a | b) - (a & b) + 1u; }

static op_fn table[8] = {op_add, op_sub, op_xor, op_rot, op_mul, op_mix, op_shr, op_or};

static NOINLINE uint32_t step(uint32_t acc, uint32_t i) { return acc + (i ^ (acc >> 7)); }
static NOINLINE uint32_t leaf(uint32_t x) { return x * 2654435761u; }
static NOINLINE uint32_t twice(uint32_t x, uint32_t i) { return leaf(x) ^ step(x, i); }

EXPORT uint32_t run(uint32_t n) {
  uint32_t acc = 1;
  for (uint32_t i = 0; i < n; i++) {
    acc = table[(acc ^ i) & 7](acc, i);
    acc = step(acc, i);
    if ((i & 3) == 0)
      acc = twice(acc, i);
  }
  return acc;
}
