/* escape: attempts to reach host files outside the preopened directory.
 *
 * Run with one preopened directory (fd 3) holding:
 *   inside.txt                  a file (readable: the sandbox works at all)
 *   sub/                        a directory
 *   link_out -> ../outside/secret, abs_link -> /ABSOLUTE/outside/secret,
 *   dir_out -> ../outside       symlinks that point outside
 * and a sibling directory outside/ with a file `secret`.
 *
 * Every attempt to read, create, change or learn about anything outside
 * must fail; each refusal is printed. Uses the raw WASI calls so that the
 * host, not wasi-libc, decides. Exits 1 at the first attempt that is not
 * refused, naming it; prints "escape: ok" at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures;

static void expect(const char *what, __wasi_errno_t got, __wasi_errno_t want) {
    if (got == want) {
        printf("refused (%d): %s\n", got, what);
    } else {
        printf("FAILED: %s: got errno %d, expected %d\n", what, got, want);
        failures++;
    }
}

static void expect_ok(const char *what, __wasi_errno_t got) {
    if (got != 0) {
        printf("FAILED: %s: got errno %d, expected success\n", what, got);
        failures++;
    }
}

#define ALL_RIGHTS ((__wasi_rights_t)0x1fffffff)
/* Escapes are EPERM, as on Wasmtime (ENOTCAPABLE is for missing rights). */
#define NOTCAP __WASI_ERRNO_PERM
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static __wasi_errno_t open_at(const char *path, __wasi_lookupflags_t lf, __wasi_oflags_t of) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(3, lf, path, of, ALL_RIGHTS, ALL_RIGHTS, 0, &fd);
    if (e == 0) (void)!__wasi_fd_close(fd);
    return e;
}

int main(void) {
    __wasi_prestat_t pre;
    expect_ok("fd 3 is a preopen", __wasi_fd_prestat_get(3, &pre));
    __wasi_filestat_t fs;

    /* what is inside can be used */
    expect_ok("open inside.txt", open_at("inside.txt", FOLLOW, 0));
    expect_ok("open sub/../inside.txt", open_at("sub/../inside.txt", FOLLOW, 0));
    expect_ok("open ./sub/./../inside.txt", open_at("./sub/./../inside.txt", FOLLOW, 0));
    expect_ok("lstat link_out (the link itself)",
              __wasi_path_filestat_get(3, 0, "link_out", &fs));
    char buf[256];
    __wasi_size_t used;
    expect_ok("readlink link_out", __wasi_path_readlink(3, "link_out", (uint8_t *)buf,
                                                        sizeof buf, &used));

    /* opening outside */
    expect("open ../outside/secret", open_at("../outside/secret", FOLLOW, 0), NOTCAP);
    expect("open sub/../../outside/secret", open_at("sub/../../outside/secret", FOLLOW, 0), NOTCAP);
    expect("open ..", open_at("..", FOLLOW, __WASI_OFLAGS_DIRECTORY), NOTCAP);
    expect("open /etc/passwd", open_at("/etc/passwd", FOLLOW, 0), NOTCAP);
    expect("open / as directory", open_at("/", FOLLOW, __WASI_OFLAGS_DIRECTORY), NOTCAP);
    expect("open link_out (relative symlink out)", open_at("link_out", FOLLOW, 0), NOTCAP);
    expect("open abs_link (absolute symlink out)", open_at("abs_link", FOLLOW, 0), NOTCAP);
    expect("open dir_out/secret (through a symlinked dir)", open_at("dir_out/secret", FOLLOW, 0), NOTCAP);
    expect("open link_out without following", open_at("link_out", 0, 0), __WASI_ERRNO_LOOP);
    expect("create ../created", open_at("../created", FOLLOW, __WASI_OFLAGS_CREAT), NOTCAP);
    expect("create dir_out/created", open_at("dir_out/created", FOLLOW, __WASI_OFLAGS_CREAT), NOTCAP);
    expect("create through link_out", open_at("link_out", FOLLOW, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC), NOTCAP);

    /* stat outside */
    expect("stat ../outside/secret", __wasi_path_filestat_get(3, FOLLOW, "../outside/secret", &fs), NOTCAP);
    expect("stat ..", __wasi_path_filestat_get(3, 0, "..", &fs), NOTCAP);
    expect("stat link_out following", __wasi_path_filestat_get(3, FOLLOW, "link_out", &fs), NOTCAP);
    expect("stat dir_out/secret", __wasi_path_filestat_get(3, 0, "dir_out/secret", &fs), NOTCAP);
    expect("set times of ../outside/secret",
           __wasi_path_filestat_set_times(3, 0, "../outside/secret", 0, 0, __WASI_FSTFLAGS_MTIM_NOW), NOTCAP);
    expect("set times through link_out",
           __wasi_path_filestat_set_times(3, FOLLOW, "link_out", 0, 0, __WASI_FSTFLAGS_MTIM_NOW), NOTCAP);

    /* changing things outside */
    expect("mkdir ../evil", __wasi_path_create_directory(3, "../evil"), NOTCAP);
    expect("mkdir dir_out/evil", __wasi_path_create_directory(3, "dir_out/evil"), NOTCAP);
    expect("unlink ../outside/secret", __wasi_path_unlink_file(3, "../outside/secret"), NOTCAP);
    expect("unlink dir_out/secret", __wasi_path_unlink_file(3, "dir_out/secret"), NOTCAP);
    expect("rmdir ../outside", __wasi_path_remove_directory(3, "../outside"), NOTCAP);
    expect("rename inside.txt to ../stolen", __wasi_path_rename(3, "inside.txt", 3, "../stolen"), NOTCAP);
    expect("rename ../outside/secret in", __wasi_path_rename(3, "../outside/secret", 3, "got_it"), NOTCAP);
    expect("rename dir_out/secret in", __wasi_path_rename(3, "dir_out/secret", 3, "got_it"), NOTCAP);
    expect("link ../outside/secret in", __wasi_path_link(3, 0, "../outside/secret", 3, "hard"), NOTCAP);
    expect("link through link_out (following)", __wasi_path_link(3, FOLLOW, "link_out", 3, "hard"), NOTCAP);
    expect("symlink to an absolute path", __wasi_path_symlink("/etc/passwd", 3, "pw"), NOTCAP);
    expect("symlink placed outside", __wasi_path_symlink("x", 3, "../placed"), NOTCAP);
    expect("readlink ../outside", __wasi_path_readlink(3, "../x", (uint8_t *)buf, sizeof buf, &used), NOTCAP);

    /* a symlink made inside that climbs out is useless */
    expect_ok("symlink sub/up -> ../../outside", __wasi_path_symlink("../../outside", 3, "sub/up"));
    expect("open sub/up/secret", open_at("sub/up/secret", FOLLOW, 0), NOTCAP);
    expect_ok("unlink sub/up", __wasi_path_unlink_file(3, "sub/up"));

    /* wasi-libc with a path under the preopen that climbs out */
    errno = 0;
    int fd = open("/sandbox/../outside/secret", O_RDONLY);
    if (fd == -1 && errno == EPERM) {
        printf("refused (%d): libc open /sandbox/../outside/secret\n", errno);
    } else {
        printf("FAILED: libc open /sandbox/../outside/secret: fd %d errno %d\n", fd, errno);
        failures++;
    }

    /* descriptors that are not directories cannot be used as one */
    expect("path_open relative to stdout", __wasi_path_open(1, 0, "x", 0, 0, 0, 0, (__wasi_fd_t *)buf),
           __WASI_ERRNO_NOTDIR);

    if (failures) {
        printf("escape: %d attempts were not refused\n", failures);
        return 1;
    }
    printf("escape: ok\n");
    return 0;
}
