/* files: file system operations inside a preopened directory.
 *
 * Usage: files DIR   (DIR is the guest path of a preopened, empty directory)
 *
 * Creates, writes, reads back, seeks, truncates, stats, lists (with many
 * entries, so that fd_readdir is called more than once), renames, links,
 * symlinks, sets times, and removes files and directories; checks every
 * result and exits 1 at the first wrong one, naming it. Prints
 * "files: ok" when everything matched.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static char pathbuf[4][512];

/* DIR/name, in one of four rotating buffers. */
static const char *P(const char *name) {
    static int next;
    char *b = pathbuf[next++ % 4];
    snprintf(b, sizeof pathbuf[0], "%s/%s", dir, name);
    return b;
}

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            printf("FAILED line %d: %s (errno %d: %s)\n", __LINE__, #cond, errno, \
                   strerror(errno));                                             \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

#define FAILS_WITH(call, err)                                                    \
    do {                                                                         \
        errno = 0;                                                               \
        CHECK((call) == -1);                                                     \
        CHECK(errno == (err));                                                   \
    } while (0)

static int count_entries(const char *path, int *saw_dot, int *saw_name, const char *name) {
    DIR *d = opendir(path);
    CHECK(d != NULL);
    int n = 0;
    struct dirent *e;
    *saw_dot = 0;
    *saw_name = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            (*saw_dot)++;
            CHECK(e->d_type == DT_DIR);
            continue;
        }
        if (name && strcmp(e->d_name, name) == 0) (*saw_name)++;
        n++;
    }
    CHECK(closedir(d) == 0);
    return n;
}

int main(int argc, char **argv) {
    CHECK(argc == 2);
    dir = argv[1];
    const char text[] = "hello, file\n";
    char buf[256];
    struct stat st;

    /* mkdir, and its errors */
    CHECK(mkdir(P("sub"), 0755) == 0);
    FAILS_WITH(mkdir(P("sub"), 0755), EEXIST);
    CHECK(stat(P("sub"), &st) == 0 && S_ISDIR(st.st_mode));
    FAILS_WITH(open(P("missing/x"), O_RDONLY), ENOENT);

    /* create and write */
    FILE *f = fopen(P("sub/a.txt"), "w");
    CHECK(f != NULL);
    for (int i = 0; i < 100; i++) CHECK(fputs(text, f) >= 0);
    CHECK(fclose(f) == 0);
    CHECK(stat(P("sub/a.txt"), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(st.st_size == 100 * (off_t)strlen(text));
    CHECK(st.st_nlink == 1);

    /* read back, seek, tell */
    int fd = open(P("sub/a.txt"), O_RDWR);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, strlen(text)) == (ssize_t)strlen(text));
    CHECK(memcmp(buf, text, strlen(text)) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)strlen(text));
    CHECK(lseek(fd, 7, SEEK_SET) == 7);
    CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "file", 4) == 0);
    CHECK(lseek(fd, -5, SEEK_END) == st.st_size - 5);
    CHECK(read(fd, buf, sizeof buf) == 5 && memcmp(buf, "file\n", 5) == 0);
    CHECK(read(fd, buf, sizeof buf) == 0);
    FAILS_WITH(lseek(fd, -1, SEEK_SET), EINVAL);

    /* positional I/O leaves the position alone */
    off_t here = lseek(fd, 0, SEEK_CUR);
    CHECK(pwrite(fd, "HELLO", 5, 0) == 5);
    CHECK(pread(fd, buf, 12, 0) == 12 && memcmp(buf, "HELLO, file\n", 12) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == here);

    /* truncate, grow, allocate, advise, sync */
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK(ftruncate(fd, 4096) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4096);
    CHECK(pread(fd, buf, 8, 100) == 8 && buf[0] == 0 && buf[7] == 0);
    CHECK(posix_fallocate(fd, 0, 8192) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 8192);
    CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(close(fd) == 0);
    FAILS_WITH(close(fd), EBADF);

    /* append mode */
    fd = open(P("sub/log"), O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(fd >= 0);
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK(write(fd, "one\n", 4) == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "two\n", 4) == 4);
    CHECK(close(fd) == 0);
    fd = open(P("sub/log"), O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, sizeof buf) == 8 && memcmp(buf, "one\ntwo\n", 8) == 0);
    FAILS_WITH(write(fd, "x", 1), EBADF);
    CHECK(close(fd) == 0);

    /* exclusive creation, truncation */
    FAILS_WITH(open(P("sub/log"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    fd = open(P("sub/log"), O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && close(fd) == 0);
    CHECK(stat(P("sub/log"), &st) == 0 && st.st_size == 0);

    /* rename */
    CHECK(rename(P("sub/a.txt"), P("sub/b.txt")) == 0);
    FAILS_WITH(stat(P("sub/a.txt"), &st), ENOENT);
    CHECK(stat(P("sub/b.txt"), &st) == 0 && st.st_size == 8192);
    CHECK(mkdir(P("other"), 0755) == 0);
    CHECK(rename(P("sub/b.txt"), P("other/c.txt")) == 0);
    CHECK(rename(P("other/c.txt"), P("sub/b.txt")) == 0);

    /* hard link, symbolic link, readlink */
    CHECK(link(P("sub/b.txt"), P("sub/hard")) == 0);
    CHECK(stat(P("sub/b.txt"), &st) == 0 && st.st_nlink == 2);
    CHECK(symlink("b.txt", P("sub/soft")) == 0);
    CHECK(lstat(P("sub/soft"), &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat(P("sub/soft"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8192);
    ssize_t n = readlink(P("sub/soft"), buf, sizeof buf);
    CHECK(n == 5 && memcmp(buf, "b.txt", 5) == 0);
    FAILS_WITH(readlink(P("sub/b.txt"), buf, sizeof buf), EINVAL);
    fd = open(P("sub/soft"), O_RDONLY | O_NOFOLLOW);
    CHECK(fd == -1 && errno == ELOOP);
    fd = open(P("sub/soft"), O_RDONLY);
    CHECK(fd >= 0 && close(fd) == 0);

    /* times */
    struct timespec times[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
    CHECK(utimensat(AT_FDCWD, P("sub/soft"), times, 0) == 0); /* follows the link */
    CHECK(stat(P("sub/b.txt"), &st) == 0);
    CHECK(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789);
    CHECK(st.st_mtim.tv_sec == 1500000000 && st.st_mtim.tv_nsec == 987654321);
    fd = open(P("sub/b.txt"), O_RDONLY);
    CHECK(fd >= 0);
    struct timespec only_m[2] = {{0, UTIME_OMIT}, {1600000000, 0}};
    CHECK(futimens(fd, only_m) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1600000000);
    CHECK(st.st_atim.tv_sec == 1000000000);
    CHECK(close(fd) == 0);
    struct timespec link_times[2] = {{1100000000, 0}, {1200000000, 0}};
    CHECK(utimensat(AT_FDCWD, P("sub/soft"), link_times, AT_SYMLINK_NOFOLLOW) == 0);
    CHECK(lstat(P("sub/soft"), &st) == 0 && st.st_mtim.tv_sec == 1200000000);
    CHECK(stat(P("sub/b.txt"), &st) == 0 && st.st_mtim.tv_sec == 1600000000);

    /* linkat: following the symlink links its target, else the link itself */
    CHECK(linkat(AT_FDCWD, P("sub/soft"), AT_FDCWD, P("sub/hard2"), AT_SYMLINK_FOLLOW) == 0);
    CHECK(lstat(P("sub/hard2"), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 3);
    CHECK(unlink(P("sub/hard2")) == 0);
    CHECK(linkat(AT_FDCWD, P("sub/soft"), AT_FDCWD, P("sub/soft2"), 0) == 0);
    CHECK(lstat(P("sub/soft2"), &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(unlink(P("sub/soft2")) == 0);

    /* a directory with many entries: readdir needs several fd_readdir calls */
    for (int i = 0; i < 300; i++) {
        char name[128];
        snprintf(name, sizeof name, "sub/many/a-rather-long-file-name-to-fill-buffers-%04d", i);
        if (i == 0) CHECK(mkdir(P("sub/many"), 0755) == 0);
        fd = open(P(name), O_WRONLY | O_CREAT, 0644);
        CHECK(fd >= 0 && close(fd) == 0);
    }
    int dots, seen;
    CHECK(count_entries(P("sub/many"), &dots, &seen,
                        "a-rather-long-file-name-to-fill-buffers-0299") == 300);
    CHECK(dots == 2 && seen == 1);
    /* telldir/seekdir: a cookie taken mid-way leads back to the same entry */
    DIR *d = opendir(P("sub/many"));
    CHECK(d != NULL);
    for (int i = 0; i < 150; i++) CHECK(readdir(d) != NULL);
    long cookie = telldir(d);
    struct dirent *e = readdir(d);
    CHECK(e != NULL);
    char saved[256];
    snprintf(saved, sizeof saved, "%s", e->d_name);
    int rest = 1;
    while (readdir(d) != NULL) rest++;
    CHECK(rest == 302 - 150);
    seekdir(d, cookie);
    e = readdir(d);
    CHECK(e != NULL && strcmp(e->d_name, saved) == 0);
    rewinddir(d);
    int all = 0;
    while (readdir(d) != NULL) all++;
    CHECK(all == 302);
    CHECK(closedir(d) == 0);
    CHECK(count_entries(P("sub"), &dots, &seen, "b.txt") == 5); /* b.txt hard soft log many */
    CHECK(seen == 1);
    FAILS_WITH(rmdir(P("sub/many")), ENOTEMPTY);
    for (int i = 0; i < 300; i++) {
        char name[128];
        snprintf(name, sizeof name, "sub/many/a-rather-long-file-name-to-fill-buffers-%04d", i);
        CHECK(unlink(P(name)) == 0);
    }
    CHECK(rmdir(P("sub/many")) == 0);

    /* opendir of a file, unlink of a directory */
    errno = 0;
    CHECK(opendir(P("sub/b.txt")) == NULL && errno == ENOTDIR);
    FAILS_WITH(unlink(P("sub")), EISDIR);
    FAILS_WITH(rmdir(P("sub/b.txt")), ENOTDIR);

    /* clean up: unlink, rmdir */
    CHECK(unlink(P("sub/soft")) == 0);
    CHECK(unlink(P("sub/hard")) == 0);
    CHECK(unlink(P("sub/b.txt")) == 0);
    CHECK(unlink(P("sub/log")) == 0);
    FAILS_WITH(unlink(P("sub/log")), ENOENT);
    CHECK(rmdir(P("sub")) == 0);
    CHECK(rmdir(P("other")) == 0);
    CHECK(count_entries(dir, &dots, &seen, NULL) == 0);

    /* a file left behind for the host to check */
    f = fopen(P("result.txt"), "w");
    CHECK(f != NULL);
    CHECK(fputs("written by files.wasm\n", f) >= 0);
    CHECK(fclose(f) == 0);

    printf("files: ok\n");
    return 0;
}
