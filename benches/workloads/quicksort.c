/* Quicksort (median of three, insertion sort for short ranges) of n
 * pseudo-random ints, then a check that the result is sorted. */
#include "bench.h"

#define MAXN (4u << 20)
static int32_t a[MAXN];

static void insertion(int32_t *v, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    int32_t x = v[i], j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static void swap(int32_t *v, int32_t i, int32_t j) {
  int32_t t = v[i];
  v[i] = v[j];
  v[j] = t;
}

static void quicksort(int32_t *v, int32_t lo, int32_t hi) {
  while (hi - lo > 16) {
    int32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < v[lo])
      swap(v, mid, lo);
    if (v[hi] < v[lo])
      swap(v, hi, lo);
    if (v[hi] < v[mid])
      swap(v, hi, mid);
    int32_t pivot = v[mid];
    int32_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        i++;
      while (v[j] > pivot)
        j--;
      if (i <= j) {
        swap(v, i, j);
        i++;
        j--;
      }
    }
    /* Recurse into the smaller part, loop on the larger. */
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
  insertion(v, lo, hi);
}

EXPORT uint32_t run(uint32_t n) {
  if (n > MAXN)
    n = MAXN;
  uint32_t s = 2463534242u;
  for (uint32_t i = 0; i < n; i++)
    a[i] = (int32_t)xs32(&s);
  quicksort(a, 0, (int32_t)n - 1);
  uint32_t h = 2166136261u, bad = 0;
  for (uint32_t i = 1; i < n; i++)
    bad += a[i - 1] > a[i];
  for (uint32_t i = 0; i < n; i += 1 + n / 1024)
    h = mix32(h, (uint32_t)a[i]);
  return bad ? 0xbad0000u + bad : h;
}
