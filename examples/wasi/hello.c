/* hello: arguments, environment, standard streams and exit codes.
 *
 * Prints a greeting, its arguments and the GREETING variable. Words among
 * the arguments change what it does:
 *   env       print the whole environment
 *   stdin     read standard input to the end and echo it
 *   exit=N    exit(N) at the end (proc_exit from inside libc)
 *   return=N  return N from main (wasi-libc's _start calls proc_exit(N)
 *             only when N is not 0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    int exit_code = 0, do_exit = 0, return_code = 0;
    printf("hello, world\n");
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    const char *g = getenv("GREETING");
    printf("GREETING=%s\n", g ? g : "(unset)");
    int n = 0;
    for (char **e = environ; *e; e++) n++;
    printf("environ has %d entries\n", n);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "env") == 0) {
            for (char **e = environ; *e; e++) printf("env: %s\n", *e);
        } else if (strcmp(argv[i], "stdin") == 0) {
            char buf[256];
            size_t total = 0, got;
            printf("stdin: ");
            while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) {
                fwrite(buf, 1, got, stdout);
                total += got;
            }
            printf("\nstdin: %zu bytes\n", total);
        } else if (strncmp(argv[i], "exit=", 5) == 0) {
            exit_code = atoi(argv[i] + 5);
            do_exit = 1;
        } else if (strncmp(argv[i], "return=", 7) == 0) {
            return_code = atoi(argv[i] + 7);
        }
    }
    fprintf(stderr, "this goes to stderr\n");
    if (do_exit) {
        printf("exiting with %d\n", exit_code);
        exit(exit_code);
    }
    return return_code;
}
