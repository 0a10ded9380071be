/* Sieve of Eratosthenes over a 2M-entry byte array, n times. */
#include "bench.h"

#define LIMIT (2u << 20)
static uint8_t composite[LIMIT];

static uint32_t sieve(uint32_t limit) {
  memset(composite, 0, limit);
  uint32_t count = 0, last = 0;
  for (uint32_t i = 2; i < limit; i++) {
    if (!composite[i]) {
      count++;
      last = i;
      for (uint32_t j = i * 2; j < limit; j += i)
        composite[j] = 1;
    }
  }
  return count * 31u + last;
}

EXPORT uint32_t run(uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t r = 0; r < n; r++)
    h = mix32(h, sieve(LIMIT - (r & 7) * 1000));
  return h;
}
