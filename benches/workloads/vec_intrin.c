/* Hand-vectorised kernels, written with wasm_simd128.h intrinsics when the
 * build has SIMD (-msimd128) and as plain loops otherwise (the scalar wasm
 * build and the native build): both compute exactly the same numbers.
 * Per round over 64 Ki elements: an 8-bit saturating blend, a 16-bit dot
 * product into 32 bits, a float "y = y * 0.5 + x" and a 32-bit min/max
 * scan. */
#include "bench.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define N 65536
static uint8_t pa[N], pb[N], pc[N];
static int16_t qa[N], qb[N];
static float fx[N], fy[N];
static int32_t ia[N];

static void init(void) {
  uint32_t s = 2463534242u;
  for (uint32_t i = 0; i < N; i++) {
    uint32_t r = xs32(&s);
    pa[i] = (uint8_t)r;
    pb[i] = (uint8_t)(r >> 8);
    qa[i] = (int16_t)(r >> 16);
    qb[i] = (int16_t)(xs32(&s) & 0x7fff) - 0x4000;
    fx[i] = (float)(int32_t)(r % 2001u - 1000) / 256.0f;
    fy[i] = 0.0f;
    ia[i] = (int32_t)xs32(&s);
  }
}

/* pc = saturate(pa + pb) ^ (pa >> 1) */
static NOINLINE void blend(void) {
#ifdef __wasm_simd128__
  for (uint32_t i = 0; i < N; i += 16) {
    v128_t a = wasm_v128_load(&pa[i]), b = wasm_v128_load(&pb[i]);
    v128_t r = wasm_v128_xor(wasm_u8x16_add_sat(a, b), wasm_u8x16_shr(a, 1));
    wasm_v128_store(&pc[i], r);
  }
#else
  for (uint32_t i = 0; i < N; i++) {
    uint32_t t = (uint32_t)pa[i] + pb[i];
    pc[i] = (uint8_t)((t > 255 ? 255 : t) ^ (pa[i] >> 1));
  }
#endif
}

/* sum of qa[i] * qb[i], wrapping in 32 bits */
static NOINLINE uint32_t dot16(void) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_i32x4_splat(0);
  for (uint32_t i = 0; i < N; i += 8)
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(&qa[i]), wasm_v128_load(&qb[i])));
  return (uint32_t)(wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
                    wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3));
#else
  /* The same association as four 32-bit lanes: lane k sums elements with
   * (i / 2) % 4 == k; wrapping addition is associative, so any order
   * gives the same bits. */
  uint32_t acc = 0;
  for (uint32_t i = 0; i < N; i++)
    acc += (uint32_t)((int32_t)qa[i] * (int32_t)qb[i]);
  return acc;
#endif
}

/* fy = fy * 0.5 + fx (separately rounded multiply and add) */
static NOINLINE void axpy(void) {
#ifdef __wasm_simd128__
  v128_t half = wasm_f32x4_splat(0.5f);
  for (uint32_t i = 0; i < N; i += 4) {
    v128_t y = wasm_v128_load(&fy[i]);
    y = wasm_f32x4_add(wasm_f32x4_mul(y, half), wasm_v128_load(&fx[i]));
    wasm_v128_store(&fy[i], y);
  }
#else
  for (uint32_t i = 0; i < N; i++) {
    volatile float m = fy[i] * 0.5f; /* no contraction into an fma natively */
    fy[i] = m + fx[i];
  }
#endif
}

/* min and max of ia */
static NOINLINE uint32_t minmax(void) {
#ifdef __wasm_simd128__
  v128_t lo = wasm_v128_load(&ia[0]), hi = lo;
  for (uint32_t i = 4; i < N; i += 4) {
    v128_t v = wasm_v128_load(&ia[i]);
    lo = wasm_i32x4_min(lo, v);
    hi = wasm_i32x4_max(hi, v);
  }
  int32_t mn = wasm_i32x4_extract_lane(lo, 0), mx = wasm_i32x4_extract_lane(hi, 0);
  for (int k = 1; k < 4; k++) {
    int32_t a = k == 1 ? wasm_i32x4_extract_lane(lo, 1) : k == 2 ? wasm_i32x4_extract_lane(lo, 2) : wasm_i32x4_extract_lane(lo, 3);
    int32_t b = k == 1 ? wasm_i32x4_extract_lane(hi, 1) : k == 2 ? wasm_i32x4_extract_lane(hi, 2) : wasm_i32x4_extract_lane(hi, 3);
    mn = a < mn ? a : mn;
    mx = b > mx ? b : mx;
  }
#else
  int32_t mn = ia[0], mx = ia[0];
  for (uint32_t i = 1; i < N; i++) {
    mn = ia[i] < mn ? ia[i] : mn;
    mx = ia[i] > mx ? ia[i] : mx;
  }
#endif
  return (uint32_t)mn * 31u + (uint32_t)mx;
}

EXPORT uint32_t run(uint32_t n) {
  init();
  uint32_t h = 2166136261u;
  for (uint32_t r = 0; r < n; r++) {
    blend();
    pa[r % N] ^= pc[(r * 7) % N]; /* each round sees different data */
    h = (h ^ pc[(r * 13) % N]) * 16777619u;
    h = (h ^ dot16()) * 16777619u;
    qa[r % N] = (int16_t)h;
    axpy();
    uint32_t bits;
    memcpy(&bits, &fy[(r * 31) % N], 4);
    h = (h ^ bits) * 16777619u;
    ia[(r * 17) % N] = (int32_t)h;
    h = (h ^ minmax()) * 16777619u;
  }
  return h;
}
