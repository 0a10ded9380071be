/* A CoreMark-like composite (our own code, same spirit): each iteration
 * walks and reorders a linked list, runs small integer matrix kernels and
 * drives a byte-wise state machine over a text buffer, folding everything
 * into a CRC-16. */
#include "bench.h"

/* ---- CRC-16 (CCITT, bitwise like CoreMark's) --------------------------- */
static uint16_t crc8(uint8_t data, uint16_t crc) {
  for (int i = 0; i < 8; i++) {
    uint8_t x16 = (uint8_t)((data & 1) ^ ((uint8_t)crc & 1));
    data >>= 1;
    if (x16 == 1) {
      crc ^= 0x4002;
      crc = (uint16_t)((crc >> 1) | 0x8000);
    } else {
      crc >>= 1;
    }
  }
  return crc;
}
static uint16_t crc16(uint16_t v, uint16_t crc) {
  crc = crc8((uint8_t)v, crc);
  return crc8((uint8_t)(v >> 8), crc);
}
static uint16_t crc32w(uint32_t v, uint16_t crc) {
  crc = crc16((uint16_t)v, crc);
  return crc16((uint16_t)(v >> 16), crc);
}

/* ---- linked list ------------------------------------------------------- */
typedef struct node {
  struct node *next;
  int16_t key;
  int16_t idx;
} node;

#define NNODES 256
static node pool[NNODES];

static node *list_build(uint32_t seed) {
  uint32_t s = seed | 1;
  node *head = 0;
  for (int i = NNODES - 1; i >= 0; i--) {
    pool[i].key = (int16_t)(xs32(&s) & 0x7fff);
    pool[i].idx = (int16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static node *list_reverse(node *l) {
  node *prev = 0;
  while (l) {
    node *n = l->next;
    l->next = prev;
    prev = l;
    l = n;
  }
  return prev;
}

static node *list_find(node *l, int16_t key) {
  while (l && l->key != key)
    l = l->next;
  return l;
}

/* Merge sort on the list by key (or by idx when by_idx). */
static node *list_sort(node *l, int by_idx) {
  int insize = 1;
  for (;;) {
    node *p = l, *tail = 0;
    l = 0;
    int merges = 0;
    while (p) {
      merges++;
      node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        node *e;
        if (psize == 0) {
          e = q;
          q = q->next;
          qsize--;
        } else if (qsize == 0 || !q) {
          e = p;
          p = p->next;
          psize--;
        } else {
          int cmp = by_idx ? p->idx - q->idx : p->key - q->key;
          if (cmp <= 0) {
            e = p;
            p = p->next;
            psize--;
          } else {
            e = q;
            q = q->next;
            qsize--;
          }
        }
        if (tail)
          tail->next = e;
        else
          l = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1)
      return l;
    insize *= 2;
  }
}

static node *head;

static uint16_t bench_list(uint32_t iter, uint16_t crc) {
  head = list_reverse(head);
  for (int i = 0; i < 8; i++) {
    node *f = list_find(head, (int16_t)((iter * 7 + (uint32_t)i * 131) & 0x7fff));
    crc = crc16(f ? (uint16_t)f->idx : 0xffff, crc);
  }
  head = list_sort(head, 0);
  int n = 0;
  for (node *p = head; p && n < 16; p = p->next, n++)
    crc = crc16((uint16_t)p->key, crc);
  /* Perturb keys a little so later sorts do real work. */
  for (node *p = head; p; p = p->next)
    p->key = (int16_t)((p->key ^ (int16_t)(iter * 0x1d)) & 0x7fff);
  head = list_sort(head, 1);
  crc = crc16((uint16_t)head->key, crc);
  return crc;
}

/* ---- small matrix work ------------------------------------------------- */
#define MN 16
static int16_t ma[MN * MN], mb[MN * MN];
static int32_t mc[MN * MN];

static void mat_init(uint32_t seed) {
  uint32_t s = seed | 1;
  for (int i = 0; i < MN * MN; i++) {
    ma[i] = (int16_t)((xs32(&s) & 0xff) - 128);
    mb[i] = (int16_t)((xs32(&s) & 0xff) - 128);
  }
}

static uint32_t mat_sum(int32_t clip) {
  uint32_t ret = 0;
  int32_t prev = 0;
  for (int i = 0; i < MN * MN; i++) {
    int32_t cur = mc[i];
    if (cur > clip)
      ret += 10;
    else
      ret += cur > prev ? 1 : 0;
    prev = cur;
  }
  return ret;
}

static uint16_t bench_matrix(uint32_t iter, uint16_t crc) {
  int16_t val = (int16_t)(iter & 0xf) + 1;
  for (int i = 0; i < MN * MN; i++)
    mc[i] = (int32_t)ma[i] * val; /* matrix times constant */
  crc = crc16((uint16_t)mat_sum(val * 100), crc);
  for (int i = 0; i < MN; i++) /* matrix times vector */ {
    int32_t acc = 0;
    for (int j = 0; j < MN; j++)
      acc += (int32_t)ma[i * MN + j] * mb[j];
    mc[i] = acc;
  }
  crc = crc16((uint16_t)mat_sum(1000), crc);
  for (int i = 0; i < MN; i++) /* matrix times matrix */
    for (int j = 0; j < MN; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MN; k++)
        acc += (int32_t)ma[i * MN + k] * mb[k * MN + j];
      mc[i * MN + j] = acc;
    }
  crc = crc16((uint16_t)mat_sum(2000), crc);
  for (int i = 0; i < MN; i++) /* matrix times matrix, bit extract */
    for (int j = 0; j < MN; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MN; k++) {
        int32_t t = (int32_t)ma[i * MN + k] * mb[k * MN + j];
        acc += (t >> 2) & 0xf;
      }
      mc[i * MN + j] = acc;
    }
  crc = crc16((uint16_t)mat_sum(30), crc);
  for (int i = 0; i < MN * MN; i++) /* perturb for the next iteration */
    ma[i] = (int16_t)(((ma[i] + 129 + (int32_t)(iter & 3)) & 0xff) - 128); /* stays in [-128, 127] */
  return crc;
}

/* ---- byte-wise state machine ------------------------------------------- */
enum { S_START, S_INVALID, S_S1, S_S2, S_INT, S_FLOAT, S_EXP, S_SCI, NSTATES };

#define TEXT 2048
static uint8_t text[TEXT];

static void text_init(uint32_t seed) {
  static const char *const words[] = {"5012", "1234", "-874", "+122", "35.54", "0.0",
                                      "-110.7", "1.2e5", "-4e-3", "3.0E+7", "T0.3e-1F",
                                      "-T.T++Tq", "1T3.4e4z", "34.0e-T^", "+.", "9"};
  uint32_t s = seed | 1, p = 0;
  while (p < TEXT - 16) {
    const char *w = words[xs32(&s) & 15];
    while (*w)
      text[p++] = (uint8_t)*w++;
    text[p++] = ',';
  }
  while (p < TEXT)
    text[p++] = 0;
}

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static uint32_t next_state(const uint8_t **pp, uint32_t counts[NSTATES]) {
  const uint8_t *p = *pp;
  uint32_t st = S_START;
  for (; *p && st != S_INVALID; p++) {
    uint8_t c = *p;
    if (c == ',') {
      p++;
      break;
    }
    switch (st) {
    case S_START:
      if (is_digit(c))
        st = S_INT;
      else if (c == '+' || c == '-')
        st = S_S1;
      else if (c == '.')
        st = S_FLOAT;
      else
        st = S_INVALID;
      break;
    case S_S1:
      if (is_digit(c))
        st = S_INT;
      else if (c == '.')
        st = S_FLOAT;
      else
        st = S_INVALID;
      break;
    case S_INT:
      if (c == '.')
        st = S_FLOAT;
      else if (!is_digit(c))
        st = S_INVALID;
      break;
    case S_FLOAT:
      if (c == 'E' || c == 'e')
        st = S_S2;
      else if (!is_digit(c))
        st = S_INVALID;
      break;
    case S_S2:
      if (c == '+' || c == '-')
        st = S_EXP;
      else if (is_digit(c))
        st = S_SCI;
      else
        st = S_INVALID;
      break;
    case S_EXP:
      st = is_digit(c) ? S_SCI : S_INVALID;
      break;
    case S_SCI:
      if (!is_digit(c))
        st = S_INVALID;
      break;
    }
    counts[st]++;
  }
  if (st == S_INVALID)
    while (*p && *p != ',')
      p++;
  if (*p == ',')
    p++;
  *pp = p;
  return st;
}

static uint16_t bench_state(uint32_t iter, uint16_t crc) {
  uint32_t finals[NSTATES] = {0}, counts[NSTATES] = {0};
  const uint8_t *p = text;
  while (*p)
    finals[next_state(&p, counts)]++;
  for (int i = 0; i < NSTATES; i++) {
    crc = crc32w(finals[i], crc);
    crc = crc32w(counts[i], crc);
  }
  /* Corrupt a few bytes so the next pass takes other paths. */
  for (uint32_t i = iter % 7; i < TEXT; i += 97)
    if (text[i] && text[i] != ',')
      text[i] ^= 1;
  return crc;
}

EXPORT uint32_t run(uint32_t n) {
  head = list_build(0x1234567);
  mat_init(0x89abcdef);
  text_init(0x2468ace);
  uint16_t crc = 0;
  uint32_t h = 2166136261u;
  for (uint32_t it = 0; it < n; it++) {
    crc = bench_list(it, crc);
    crc = bench_matrix(it, crc);
    crc = bench_state(it, crc);
    h = mix32(h, crc);
  }
  return h;
}
