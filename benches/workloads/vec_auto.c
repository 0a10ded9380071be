/* Plain C loops that clang vectorises by itself at -O3 when the build has
 * SIMD (-msimd128): the same source is the scalar build without it. Per
 * round over 64 Ki elements: integer multiply-add, a masked count, byte
 * absolute differences and a float scale, each a simple loop. */
#include "bench.h"

#define N 65536
static int32_t a[N], b[N], c[N];
static uint8_t u[N], v[N];
static float x[N], y[N];

static void init(void) {
  uint32_t s = 88172645u;
  for (uint32_t i = 0; i < N; i++) {
    a[i] = (int32_t)xs32(&s);
    b[i] = (int32_t)(xs32(&s) % 1000u);
    u[i] = (uint8_t)xs32(&s);
    v[i] = (uint8_t)xs32(&s);
    x[i] = (float)(xs32(&s) % 4096u) / 64.0f;
    y[i] = 0.0f;
  }
}

static NOINLINE void madd(int32_t k) {
  for (uint32_t i = 0; i < N; i++)
    c[i] = a[i] * b[i] + (a[i] >> 3) + k;
}

static NOINLINE uint32_t count_above(int32_t t) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < N; i++)
    n += c[i] > t;
  return n;
}

static NOINLINE uint32_t sad(void) {
  uint32_t s = 0;
  for (uint32_t i = 0; i < N; i++)
    s += u[i] > v[i] ? u[i] - v[i] : v[i] - u[i];
  return s;
}

static NOINLINE void scale(float f) {
  for (uint32_t i = 0; i < N; i++)
    y[i] = x[i] * f;
}

EXPORT uint32_t run(uint32_t n) {
  init();
  uint32_t h = 2166136261u;
  for (uint32_t r = 0; r < n; r++) {
    madd((int32_t)r);
    h = (h ^ count_above((int32_t)h)) * 16777619u;
    h = (h ^ sad()) * 16777619u;
    u[r % N] = (uint8_t)h;
    scale((float)(r % 7 + 1) * 0.25f);
    uint32_t bits;
    memcpy(&bits, &y[(r * 31) % N], 4);
    h = (h ^ bits ^ (uint32_t)c[(r * 11) % N]) * 16777619u;
    a[(r * 5) % N] = (int32_t)h;
  }
  return h;
}
