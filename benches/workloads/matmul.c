/* Dense double matrix multiply C = A * B of n x n matrices (n <= 1024). */
#include "bench.h"

#define MAXN 1024
static double A[MAXN * MAXN], B[MAXN * MAXN], C[MAXN * MAXN];

EXPORT uint32_t run(uint32_t n) {
  if (n > MAXN)
    n = MAXN;
  uint32_t s = 12345;
  for (uint32_t i = 0; i < n * n; i++) {
    A[i] = (double)(xs32(&s) % 2001) / 1000.0 - 1.0;
    B[i] = (double)(xs32(&s) % 2001) / 1000.0 - 1.0;
    C[i] = 0.0;
  }
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < n; k++) {
      double a = A[i * n + k];
      const double *b = &B[k * n];
      double *c = &C[i * n];
      for (uint32_t j = 0; j < n; j++)
        c[j] += a * b[j];
    }
  uint32_t h = 2166136261u;
  double trace = 0.0;
  for (uint32_t i = 0; i < n; i++) {
    trace += C[i * n + i];
    h = mix_f64(h, C[i * n + (i * 7) % n]);
  }
  return mix_f64(h, trace);
}
