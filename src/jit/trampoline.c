/* The JIT tier's entry and trap helpers.
 *
 * Traps reach the entry in one of two ways:
 * - a libcall or a dynamic status: compiled code calls `ferrowasm_jit_raise`;
 * - a trapping instruction (a `trap`/`trapnz` of the translator, or an
 *   access to a linear memory's guard region): the CPU faults (SIGILL,
 *   SIGSEGV, SIGBUS, SIGFPE). The handler asks the Rust side whether the
 *   faulting pc is a known trap site of compiled code on a thread that is
 *   inside an entry; if so it rewrites the signal context so that, when the
 *   handler returns (and the kernel restores the signal mask),
 *   `ferrowasm_jit_trap_resume` runs in place of the faulting instruction and
 *   longjmps to the entry. Any other fault goes to the handler that was
 *   installed before ours (or to the default action).
 *
 * `ferrowasm_jit_enter` takes a setjmp and calls compiled code; compiled code
 * raises a trap by calling `ferrowasm_jit_raise` directly (never through a
 * Rust frame), which records the return addresses of the compiled frames
 * below the entry (walking the frame-pointer chain) and longjmps back. No
 * Rust frame ever lies between the setjmp and the longjmp: a Rust libcall
 * that fails returns a status, and the compiled code calls the raise.
 *
 * Built with frame pointers so that the walk starts from a proper frame. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#define FERROWASM_MAX_FRAMES 1024

typedef void (*ferrowasm_tramp)(void *vmctx, uint64_t *cells, const void *code);

struct ferrowasm_entry {
    jmp_buf buf;
    /* Frame address of the entry: compiled frames lie below it. */
    void *entry_fp;
    struct ferrowasm_entry *prev;
};

static _Thread_local struct ferrowasm_entry *current;

static _Thread_local struct {
    void *vmctx;
    /* 1 when pcs[0] is the pc of a faulting instruction (not a return
     * address). */
    int faulted;
    size_t count;
    void *pcs[FERROWASM_MAX_FRAMES];
} last_trap;

/* Call `tramp(vmctx, cells, code)`; 0 on return, trap code + 1 on a trap. */
__attribute__((noinline)) int ferrowasm_jit_enter(ferrowasm_tramp tramp, void *vmctx,
                                                  uint64_t *cells, const void *code) {
    struct ferrowasm_entry e;
    e.prev = current;
    e.entry_fp = __builtin_frame_address(0);
    int rc = _setjmp(e.buf);
    if (rc != 0) {
        /* `current` was restored by the raise. */
        return rc;
    }
    current = &e;
    tramp(vmctx, cells, code);
    current = e.prev;
    return 0;
}

/* Record the return addresses of the frame-pointer chain from `fp` up to
 * the innermost entry (after `n` pcs already recorded) and unwind to that
 * entry with `code`. */
__attribute__((noreturn)) static void unwind(void **fp, size_t n, int32_t code) {
    struct ferrowasm_entry *e = current;
    while (fp != NULL && (void *)fp < e->entry_fp && n < FERROWASM_MAX_FRAMES) {
        last_trap.pcs[n++] = fp[1];
        void **next = (void **)fp[0];
        if (next <= fp) {
            break;
        }
        fp = next;
    }
    last_trap.count = n;
    current = e->prev;
    _longjmp(e->buf, code + 1);
}

/* Called by compiled code only. Records the frames and unwinds to the
 * innermost entry. */
__attribute__((noinline, noreturn)) void ferrowasm_jit_raise(void *vmctx, int32_t code) {
    last_trap.vmctx = vmctx;
    last_trap.faulted = 0;
    unwind((void **)__builtin_frame_address(0), 0, code);
}

/* Where a fault in compiled code continues (see the top): records the
 * faulting pc and the frames above it and unwinds to the innermost entry. */
__attribute__((noinline, noreturn)) static void ferrowasm_jit_trap_resume(int32_t code, void **fp,
                                                                         void *pc) {
    last_trap.vmctx = NULL;
    last_trap.faulted = 1;
    last_trap.pcs[0] = pc;
    unwind(fp, 1, code);
}

/* The frames recorded by the last trap on this thread (innermost first);
 * `*faulted` tells whether the first is a faulting pc. */
void *const *ferrowasm_jit_last_trap(size_t *count, void **vmctx, int *faulted) {
    *count = last_trap.count;
    *vmctx = last_trap.vmctx;
    *faulted = last_trap.faulted;
    return last_trap.pcs;
}

/* Rust: the trap code + 1 of the trap site at `pc` in compiled code, or 0.
 * Async-signal-safe (no lock, no allocation). */
extern int32_t ferrowasm_jit_trap_lookup(uintptr_t pc);

#define NSIGS 4
static const int trap_signals[NSIGS] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
static struct sigaction previous[NSIGS];

static void chain(int sig, siginfo_t *info, void *ctx) {
    for (int i = 0; i < NSIGS; i++) {
        if (trap_signals[i] != sig) {
            continue;
        }
        struct sigaction *p = &previous[i];
        if (p->sa_flags & SA_SIGINFO) {
            p->sa_sigaction(sig, info, ctx);
        } else if (p->sa_handler == SIG_DFL || p->sa_handler == SIG_IGN) {
            /* Back to the previous disposition; returning re-executes the
             * faulting instruction, which then takes the default action. */
            sigaction(sig, p, NULL);
        } else {
            p->sa_handler(sig);
        }
        return;
    }
}

static void handler(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = (ucontext_t *)ctx;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc;
#else
    uintptr_t pc = 0;
#endif
    int32_t code = current != NULL ? ferrowasm_jit_trap_lookup(pc) : 0;
    if (code <= 0) {
        chain(sig, info, ctx);
        return;
    }
    /* Continue in ferrowasm_jit_trap_resume(code - 1, fp, pc) as if it had
     * been called from the faulting instruction (the stack pointer aligned as
     * a call would leave it; the resume never returns). The entry's stack
     * limit leaves room below the faulting frame. */
#if defined(__x86_64__)
    greg_t *r = uc->uc_mcontext.gregs;
    r[REG_RDI] = code - 1;
    r[REG_RSI] = r[REG_RBP];
    r[REG_RDX] = (greg_t)pc;
    r[REG_RSP] = (greg_t)(((uintptr_t)r[REG_RSP] & ~(uintptr_t)15) - 8);
    r[REG_RIP] = (greg_t)(uintptr_t)ferrowasm_jit_trap_resume;
#elif defined(__aarch64__)
    uc->uc_mcontext.regs[0] = (uint64_t)(code - 1);
    uc->uc_mcontext.regs[1] = uc->uc_mcontext.regs[29];
    uc->uc_mcontext.regs[2] = (uint64_t)pc;
    uc->uc_mcontext.sp &= ~(uint64_t)15;
    uc->uc_mcontext.pc = (uint64_t)(uintptr_t)ferrowasm_jit_trap_resume;
#endif
}

/* Install the handlers (once per process, called before any compiled code
 * exists). 0 on success. */
int ferrowasm_jit_install_signals(void) {
#if !defined(__x86_64__) && !defined(__aarch64__)
    return -1;
#else
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    /* SA_ONSTACK: use the host's alternate signal stack if it has one. The
     * signal stays blocked while the handler runs; the kernel restores the
     * faulting thread's mask when the handler returns. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIGS; i++) {
        if (sigaction(trap_signals[i], &sa, &previous[i]) != 0) {
            return -1;
        }
    }
    return 0;
#endif
}

/* Make freshly written code visible to instruction fetch before it runs.
 * On x86-64 instruction caches are coherent with stores and this is a
 * no-op. On aarch64 the data cache lines of the range are cleaned to the
 * point of unification and the instruction cache lines invalidated, with
 * the barriers (`__builtin___clear_cache` emits DC CVAU / IC IVAU / DSB /
 * ISB); other cores, which may run the code as soon as its entry is
 * published, get a context synchronisation through membarrier's SYNC_CORE
 * command where the kernel has it (Linux 4.16 and later). */
#if defined(__aarch64__) && defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
static int ferrowasm_sync_core_state; /* 0 unknown, 1 registered, -1 unavailable */
#endif

void ferrowasm_jit_flush_icache(void *start, size_t len) {
    __builtin___clear_cache((char *)start, (char *)start + len);
#if defined(__aarch64__) && defined(__linux__)
    int st = __atomic_load_n(&ferrowasm_sync_core_state, __ATOMIC_ACQUIRE);
    if (st == 0) {
        long rc = syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0);
        st = rc == 0 ? 1 : -1;
        __atomic_store_n(&ferrowasm_sync_core_state, st, __ATOMIC_RELEASE);
    }
    if (st == 1) {
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0);
    }
#endif
}
