/* An LD_PRELOAD interposer that counts calls to the system allocator
 * (malloc, calloc, realloc, the aligned forms) and anonymous mmap, for the
 * pool example: with Alloc_With_Pool the runtime must take nothing from
 * them. Not a runnable example itself (no main): built by
 * tests/embed_examples.rs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long calls;

unsigned long embed_malloc_calls(void) { return __atomic_load_n(&calls, __ATOMIC_SEQ_CST); }

static void count(void) { __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST); }

void *malloc(size_t n) {
  count();
  return __libc_malloc(n);
}
void *calloc(size_t a, size_t b) {
  count();
  return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n) {
  count();
  return __libc_realloc(p, n);
}
void *memalign(size_t al, size_t n) {
  count();
  return __libc_memalign(al, n);
}
void *aligned_alloc(size_t al, size_t n) {
  count();
  return __libc_memalign(al, n);
}
int posix_memalign(void **out, size_t al, size_t n) {
  count();
  *out = __libc_memalign(al, n);
  return *out ? 0 : 12;
}
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  static void *(*real)(void *, size_t, int, int, int, off_t);
  if (!real) real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
  if (flags & MAP_ANONYMOUS) count();
  return real(addr, len, prot, flags, fd, off);
}
