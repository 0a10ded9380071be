/* setjmp/longjmp lowered to wasm exceptions: an error-recovery pattern
 * (nested handlers, longjmp from deep recursion, values through jmp_buf),
 * as interpreters like Lua use it. Output is the same as the native build. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf *current;
static int depth_reached;

static void fail(int code) {
    longjmp(*current, code);
}

static int recurse(int n, int fail_at) {
    depth_reached = n;
    if (n == fail_at)
        fail(100 + n);
    return recurse(n + 1, fail_at) + 1;
}

/* Runs fn-like work under a handler; returns 0 or the longjmp value. */
static int protected_call(int fail_at) {
    jmp_buf here;
    jmp_buf *saved = current;
    volatile int result;
    current = &here;
    int code = setjmp(here);
    if (code == 0) {
        result = recurse(0, fail_at);
    } else {
        result = -code;
    }
    current = saved;
    return result;
}

static int nested(int level) {
    jmp_buf here;
    jmp_buf *saved = current;
    current = &here;
    volatile int caught = 0;
    if (setjmp(here) == 0) {
        if (level > 0) {
            int inner = nested(level - 1);
            printf("  level %d: inner returned %d\n", level, inner);
        }
        fail(level + 1);
    } else {
        caught = 1;
    }
    current = saved;
    return caught ? level * 10 : -1;
}

int main(void) {
    jmp_buf top;
    current = &top;
    if (setjmp(top) != 0) {
        printf("unexpected jump to top\n");
        return 1;
    }
    for (int i = 1; i <= 5; i++) {
        int r = protected_call(i * 1000);
        printf("protected_call(%d) = %d, depth %d\n", i * 1000, r, depth_reached);
    }
    printf("nested(4) = %d\n", nested(4));
    long sum = 0;
    for (int i = 0; i < 100000; i++) {
        jmp_buf b;
        jmp_buf *saved = current;
        current = &b;
        int v = setjmp(b);
        if (v == 0)
            fail((i % 7) + 1);
        sum += v;
        current = saved;
    }
    printf("100000 longjmps, sum of values %ld\n", sum);
    return 0;
}
