/* clocks: clocks, sleeping, poll_oneoff, randomness, sched_yield.
 *
 * Checks every result and exits 1 at the first wrong one, naming it;
 * prints "clocks: ok" when everything matched.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            printf("FAILED line %d: %s (errno %d: %s)\n", __LINE__, #cond, errno, \
                   strerror(errno));                                             \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

/* proc_raise is gone from this wasi-libc's header; the import remains. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t sig);

static uint64_t now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    CHECK(__wasi_clock_time_get(id, 1, &t) == 0);
    return t;
}

/* Subscribe to a relative clock of `ns` nanoseconds. */
static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t ns,
                                       __wasi_subclockflags_t flags) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = ns;
    s.u.u.clock.precision = 1;
    s.u.u.clock.flags = flags;
    return s;
}

int main(void) {
    struct timespec ts, res;

    /* realtime is after 2020, monotonic goes forward */
    CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    CHECK(ts.tv_sec > 1577836800);
    CHECK(time(NULL) > 1577836800);
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
    CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
    __wasi_timestamp_t r = 0;
    CHECK(__wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &r) == 0 && r > 0);
    CHECK(__wasi_clock_res_get(99, &r) == __WASI_ERRNO_INVAL);
    uint64_t t0 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) >= t0);

    /* CPU time advances while computing */
    uint64_t c0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
    uint64_t th0 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
    volatile uint64_t x = 1;
    for (int i = 0; i < 3000000; i++) x = x * 6364136223846793005ull + 1;
    CHECK(now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > c0);
    CHECK(now(__WASI_CLOCKID_THREAD_CPUTIME_ID) > th0);
    __wasi_timestamp_t dummy;
    CHECK(__wasi_clock_time_get(7, 1, &dummy) == __WASI_ERRNO_INVAL);

    /* sleeping: relative (nanosleep) and absolute (clock_nanosleep) */
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    struct timespec d = {0, 30 * 1000 * 1000};
    CHECK(nanosleep(&d, NULL) == 0);
    uint64_t slept = now(__WASI_CLOCKID_MONOTONIC) - t0;
    CHECK(slept >= 30ull * 1000 * 1000);
    CHECK(slept < 5ull * 1000 * 1000 * 1000);
    struct timespec until;
    CHECK(clock_gettime(CLOCK_REALTIME, &until) == 0);
    until.tv_nsec += 20 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL) == 0);
    CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    CHECK(ts.tv_sec > until.tv_sec || (ts.tv_sec == until.tv_sec && ts.tv_nsec >= until.tv_nsec));
    CHECK(usleep(1000) == 0);

    /* poll_oneoff: the earlier of two clocks fires, alone */
    __wasi_subscription_t subs[3];
    __wasi_event_t evs[3];
    __wasi_size_t nev = 0;
    subs[0] = clock_sub(111, __WASI_CLOCKID_MONOTONIC, 5ull * 1000 * 1000 * 1000, 0);
    subs[1] = clock_sub(222, __WASI_CLOCKID_MONOTONIC, 10 * 1000 * 1000, 0);
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(__wasi_poll_oneoff(subs, evs, 2, &nev) == 0);
    CHECK(nev == 1 && evs[0].userdata == 222 && evs[0].error == 0);
    CHECK(evs[0].type == __WASI_EVENTTYPE_CLOCK);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) - t0 >= 10ull * 1000 * 1000);
    /* an absolute deadline in the past fires at once; a bad clock is an event error */
    subs[0] = clock_sub(333, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    subs[1] = clock_sub(444, 42, 1, 0);
    CHECK(__wasi_poll_oneoff(subs, evs, 2, &nev) == 0);
    CHECK(nev == 2);
    for (int i = 0; i < 2; i++) {
        if (evs[i].userdata == 333) CHECK(evs[i].error == 0);
        else CHECK(evs[i].userdata == 444 && evs[i].error == __WASI_ERRNO_INVAL);
    }
    /* a CPU-time clock deadline also fires */
    subs[0] = clock_sub(555, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000 * 1000, 0);
    CHECK(__wasi_poll_oneoff(subs, evs, 1, &nev) == 0);
    CHECK(nev == 1 && evs[0].userdata == 555 && evs[0].error == 0);
    /* standard output is ready for writing: poll() returns at once */
    struct pollfd pfd = {.fd = 1, .events = POLLOUT};
    CHECK(poll(&pfd, 1, 10000) == 1 && (pfd.revents & POLLOUT));
    /* no subscriptions is an error */
    CHECK(__wasi_poll_oneoff(subs, evs, 0, &nev) == __WASI_ERRNO_INVAL);
    /* an unknown descriptor gives an event with EBADF */
    memset(&subs[0], 0, sizeof subs[0]);
    subs[0].userdata = 666;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = 1234;
    CHECK(__wasi_poll_oneoff(subs, evs, 1, &nev) == 0);
    CHECK(nev == 1 && evs[0].userdata == 666 && evs[0].error == __WASI_ERRNO_BADF);

    /* randomness: not constant, and large requests are filled */
    unsigned char a[256], b[256];
    CHECK(getentropy(a, sizeof a) == 0);
    CHECK(getentropy(b, sizeof b) == 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    static unsigned char big[1 << 20];
    CHECK(__wasi_random_get(big, sizeof big) == 0);
    unsigned counts[256] = {0};
    for (size_t i = 0; i < sizeof big; i++) counts[big[i]]++;
    for (int i = 0; i < 256; i++) CHECK(counts[i] > 3000 && counts[i] < 5200);
    uint32_t rnd = arc4random();
    (void)rnd;

    CHECK(sched_yield() == 0);
    CHECK(raw_proc_raise(15 /* SIGTERM */) == __WASI_ERRNO_NOSYS);

    printf("clocks: ok\n");
    return 0;
}
