/* Descriptor numbering as Wasmtime does it (issue 18), and yosys's
 * pattern: a program closes its standard output, opens its output file,
 * and keeps logging with printf. On Wasmtime the file gets a number freed
 * earlier (the highest free one), not 1, so the log lines do not land in
 * the file; if they did, the netlist yosys writes would be corrupt.
 *
 * Run with a preopen at fd 3 (`--dir DIR::/out`). Prints the numbers it
 * got on stderr and writes out/netlist.json. Exit status 0 when the
 * numbers are Wasmtime's (1 on the first mismatch). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures;

static void expect(const char *what, long got, long want) {
    fprintf(stderr, "%s: %ld%s\n", what, got, got == want ? "" : " (Wasmtime gives another)");
    if (got != want) {
        fprintf(stderr, "FAILED: %s: got %ld, expected %ld\n", what, got, want);
        failures++;
    }
}

static int open_new(const char *name) {
    __wasi_fd_t fd;
    __wasi_rights_t r = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK;
    __wasi_errno_t e = __wasi_path_open(3, 0, name, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                                        r, r, 0, &fd);
    return e ? -(int)e : (int)fd;
}

int main(void) {
    /* Fresh numbers go one above the highest: 4, 5, 6. */
    int a = open_new("a"), b = open_new("b"), c = open_new("c");
    expect("open a", a, 4);
    expect("open b", b, 5);
    expect("open c", c, 6);
    /* Freed numbers are reused highest first, whatever the closing order. */
    (void)!__wasi_fd_close(a);
    (void)!__wasi_fd_close(b);
    expect("after closing 4 then 5, open", open_new("d"), 5);
    expect("then", open_new("e"), 4);
    /* The sequence: fd_renumber frees 5, close frees 4: 5 then 4. */
    expect("renumber 5 onto 6", __wasi_fd_renumber(5, 6), 0);
    (void)!__wasi_fd_close(4);
    expect("after renumber 5->6 and close 4, open", open_new("f"), 5);
    expect("then", open_new("g"), 4);
    /* fd_renumber needs both numbers open (EBADF otherwise) and is a no-op
     * onto itself. */
    expect("renumber 4 onto closed 40", __wasi_fd_renumber(4, 40), __WASI_ERRNO_BADF);
    expect("renumber closed 41 onto 4", __wasi_fd_renumber(41, 4), __WASI_ERRNO_BADF);
    expect("renumber 4 onto 4", __wasi_fd_renumber(4, 4), 0);
    __wasi_fdstat_t st;
    expect("4 still open", __wasi_fd_fdstat_get(4, &st), 0);
    /* Numbers freed above every open one are reused too, highest first:
     * close 4, 5, 6: the next file gets 6. */
    (void)!__wasi_fd_close(4);
    (void)!__wasi_fd_close(5);
    (void)!__wasi_fd_close(6);
    int scratch = open_new("scratch");
    expect("after closing 4, 5, 6, open", scratch, 6);
    (void)!__wasi_fd_close(scratch);

    /* yosys: log, close stdout, open the netlist, keep logging. */
    printf("log: synthesis started\n");
    fflush(stdout);
    close(1);
    int out = open("/out/netlist.json", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    expect("close(1); open(netlist)", out, 6);
    const char *json = "{\"modules\": {}}\n";
    if (write(out, json, strlen(json)) != (ssize_t)strlen(json)) {
        fprintf(stderr, "FAILED: write netlist\n");
        failures++;
    }
    /* stdout is closed: this log line must go nowhere, least of all into
     * the netlist. */
    printf("log: written netlist\n");
    fflush(stdout);
    close(out);
    fprintf(stderr, failures ? "fdnumbers: %d mismatches\n" : "fdnumbers: ok\n", failures);
    return failures != 0;
}
