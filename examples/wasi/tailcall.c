/* A program built with -mtail-call (build.sh): a small bytecode
 * interpreter whose handlers tail-call the next one
 * (MUSTTAIL: __attribute__((musttail)), return_call in wasm; through a table of
 * handlers, return_call_indirect), and a mutually tail-recursive state
 * machine. Millions of handler steps run without growing the stack; the
 * same C built natively gives the same output, which the tests compare on
 * every tier. */
#include <stdint.h>
#include <stdio.h>

enum { OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_DEC, OP_JNZ, OP_POP, OP_MOD, OP_HALT };

/* gcc has no musttail before 15; at -O2 it makes these sibling calls. */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 15)
#define MUSTTAIL __attribute__((musttail))
#else
#define MUSTTAIL
#endif

typedef struct {
    int32_t op, arg;
} insn;

typedef int64_t (*handler)(const insn *pc, int64_t *sp, uint64_t steps);
static const handler table[];

#define NEXT(pc, sp, steps) \
    MUSTTAIL return table[(pc)->op]((pc), (sp), (steps) + 1)

static int64_t op_push(const insn *pc, int64_t *sp, uint64_t steps) {
    *++sp = pc->arg;
    NEXT(pc + 1, sp, steps);
}
static int64_t op_add(const insn *pc, int64_t *sp, uint64_t steps) {
    sp[-1] += sp[0];
    NEXT(pc + 1, sp - 1, steps);
}
static int64_t op_mul(const insn *pc, int64_t *sp, uint64_t steps) {
    sp[-1] *= sp[0];
    NEXT(pc + 1, sp - 1, steps);
}
static int64_t op_mod(const insn *pc, int64_t *sp, uint64_t steps) {
    sp[-1] %= sp[0];
    NEXT(pc + 1, sp - 1, steps);
}
static int64_t op_dup(const insn *pc, int64_t *sp, uint64_t steps) {
    sp[1] = sp[0];
    NEXT(pc + 1, sp + 1, steps);
}
static int64_t op_swap(const insn *pc, int64_t *sp, uint64_t steps) {
    int64_t t = sp[0];
    sp[0] = sp[pc->arg];
    sp[pc->arg] = t;
    NEXT(pc + 1, sp, steps);
}
static int64_t op_dec(const insn *pc, int64_t *sp, uint64_t steps) {
    sp[0] -= 1;
    NEXT(pc + 1, sp, steps);
}
static int64_t op_jnz(const insn *pc, int64_t *sp, uint64_t steps) {
    if (*sp != 0) {
        NEXT(pc + pc->arg, sp, steps);
    }
    NEXT(pc + 1, sp, steps);
}
static int64_t op_pop(const insn *pc, int64_t *sp, uint64_t steps) {
    NEXT(pc + 1, sp - 1, steps);
}
static int64_t op_halt(const insn *pc, int64_t *sp, uint64_t steps) {
    (void)pc;
    printf("halt after %llu steps\n", (unsigned long long)steps);
    return *sp;
}

static const handler table[] = {op_push, op_add, op_mul, op_dup, op_swap,
                                op_dec,  op_jnz, op_pop, op_mod, op_halt};

/* acc = (acc * 31 + i) % 1000003 for i = n down to 1: stack [acc, i]. */
static const insn program[] = {
    {OP_PUSH, 7},       /* acc */
    {OP_PUSH, 1000000}, /* i */
    /* loop: */
    {OP_SWAP, -1},      /* [i, acc] */
    {OP_PUSH, 31},
    {OP_MUL, 0},        /* [i, acc*31] */
    {OP_SWAP, -1},      /* [acc*31, i] */
    {OP_DUP, 0},        /* [acc*31, i, i] */
    {OP_SWAP, -2},      /* [i, i, acc*31] */
    {OP_ADD, 0},        /* [i, acc*31+i] */
    {OP_PUSH, 1000003},
    {OP_MOD, 0},        /* [i, acc'] */
    {OP_SWAP, -1},      /* [acc', i] */
    {OP_DEC, 0},
    {OP_JNZ, -11},
    {OP_POP, 0},
    {OP_HALT, 0},
};

/* A state machine in mutual tail recursion: counts the runs of a bit
 * pattern of n bits, one call per bit. */
static uint32_t rng = 2463534242u;
static uint32_t next_bit(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng & 1;
}
static uint64_t in_ones(uint64_t n, uint64_t runs);
static uint64_t in_zeros(uint64_t n, uint64_t runs) {
    if (n == 0) return runs;
    if (next_bit()) {
        MUSTTAIL return in_ones(n - 1, runs + 1);
    }
    MUSTTAIL return in_zeros(n - 1, runs);
}
static uint64_t in_ones(uint64_t n, uint64_t runs) {
    if (n == 0) return runs;
    if (next_bit()) {
        MUSTTAIL return in_ones(n - 1, runs);
    }
    MUSTTAIL return in_zeros(n - 1, runs + 1);
}

int main(void) {
    static int64_t stack[64];
    int64_t r = table[program[0].op](program, stack, 0);
    printf("interpreter result %lld\n", (long long)r);
    printf("runs in 10000000 bits: %llu\n", (unsigned long long)in_zeros(10000000, 0));
    return 0;
}
