/* A program built with -msimd128 (build.sh): clang vectorises the loops
 * and the hand-written part uses wasm_simd128.h. It prints statistics of
 * a generated text and a small image; natively (without wasm SIMD) the
 * same C gives the same output, which the tests compare on every tier. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define TEXT 100000
#define PIX 4096

static char text[TEXT];
static uint8_t img[PIX], img2[PIX];
static float samples[PIX];

static uint32_t rng = 12345;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* Count bytes equal to `c`, 16 at a time with SIMD. */
static size_t count_byte(const char *s, size_t n, char c) {
  size_t count = 0, i = 0;
#ifdef __wasm_simd128__
  v128_t needle = wasm_i8x16_splat(c);
  for (; i + 16 <= n; i += 16) {
    v128_t eq = wasm_i8x16_eq(wasm_v128_load(s + i), needle);
    count += __builtin_popcount(wasm_i8x16_bitmask(eq));
  }
#endif
  for (; i < n; i++)
    count += s[i] == c;
  return count;
}

int main(void) {
  const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "simd"};
  size_t len = 0;
  while (len < TEXT - 16) {
    const char *w = words[next() % 9];
    size_t l = strlen(w);
    memcpy(text + len, w, l);
    len += l;
    text[len++] = ' ';
  }
  printf("text: %zu bytes\n", len);
  for (const char *c = "aeiou "; *c; c++)
    printf("'%c': %zu\n", *c, count_byte(text, len, *c));

  for (int i = 0; i < PIX; i++) {
    img[i] = (uint8_t)next();
    img2[i] = (uint8_t)(next() >> 8);
    samples[i] = (float)(int)(next() % 2000 - 1000) / 8.0f;
  }
  /* Autovectorised: brighten with saturation, absolute difference, sum. */
  uint32_t sum = 0, diff = 0;
  for (int i = 0; i < PIX; i++) {
    int v = img[i] + 40;
    img[i] = (uint8_t)(v > 255 ? 255 : v);
    sum += img[i];
    diff += img[i] > img2[i] ? img[i] - img2[i] : img2[i] - img[i];
  }
  printf("brightened sum %u, abs diff %u\n", sum, diff);
  float lo = samples[0], hi = samples[0];
  double energy = 0;
  for (int i = 0; i < PIX; i++) {
    lo = samples[i] < lo ? samples[i] : lo;
    hi = samples[i] > hi ? samples[i] : hi;
    energy += (double)samples[i] * samples[i];
  }
  printf("samples: min %.3f max %.3f rms %.6f\n", lo, hi, __builtin_sqrt(energy / PIX));
  return 0;
}
