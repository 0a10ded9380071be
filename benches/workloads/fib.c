/* Recursive Fibonacci: call and return, almost nothing else. */
#include "bench.h"

static NOINLINE uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

EXPORT uint32_t run(uint32_t n) { return fib(n); }
