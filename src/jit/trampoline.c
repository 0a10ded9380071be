/* The JIT tier's entry and trap helpers.
 *
 * `ferrowasm_jit_enter` takes a setjmp and calls compiled code; compiled code
 * raises a trap by calling `ferrowasm_jit_raise` directly (never through a
 * Rust frame), which records the return addresses of the compiled frames
 * below the entry (walking the frame-pointer chain) and longjmps back. No
 * Rust frame ever lies between the setjmp and the longjmp: a Rust libcall
 * that fails returns a status, and the compiled code calls the raise.
 *
 * Built with frame pointers so that the walk starts from a proper frame. */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

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

/* Called by compiled code only. Records the frames and unwinds to the
 * innermost entry. */
__attribute__((noinline, noreturn)) void ferrowasm_jit_raise(void *vmctx, int32_t code) {
    struct ferrowasm_entry *e = current;
    void **fp = (void **)__builtin_frame_address(0);
    size_t n = 0;
    last_trap.vmctx = vmctx;
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

/* The frames recorded by the last raise on this thread (innermost first). */
void *const *ferrowasm_jit_last_trap(size_t *count, void **vmctx) {
    *count = last_trap.count;
    *vmctx = last_trap.vmctx;
    return last_trap.pcs;
}
