/*
 * CrossGuard truth-table loader (tests/CrossGuard.EmulationTests/Truth). Compiled by the test at run time for each
 * target: gcc (linux-x64, glibc), aarch64-linux-gnu-gcc (linux-arm64, run under qemu-aarch64), musl-gcc
 * (linux-musl-x64, run by musl's dynamic loader). Nothing binary is committed.
 *
 * For every path argument, a fresh child process (fork) dlopen()s the file, so one library's constructor crash or
 * leftovers cannot touch the next, and prints exactly one line:
 *   loaded <path>                    RTLD_NOW succeeded: every symbol it needs is bound
 *   lazy <path>: <RTLD_NOW error>    only RTLD_LAZY (what the .NET runtime's dlopen uses) succeeded: the library
 *                                    loads, but a symbol it references is missing and the first call to it fails
 *   failed <path>: <dlerror text>    neither succeeded
 *   crashed <path>: signal <n> (<name>) while loading (a library constructor crashed the process)
 *   timeout <path>                   the load did not finish in 60 s
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int load_one(const char *path)
{
    alarm(60);
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle != NULL) {
        printf("loaded %s\n", path);
        return 0;
    }

    char now_error[4096];
    const char *error = dlerror();
    snprintf(now_error, sizeof now_error, "%s", error != NULL ? error : "(no dlerror text)");
    handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (handle != NULL) {
        printf("lazy %s: %s\n", path, now_error);
        return 0;
    }

    error = dlerror();
    printf("failed %s: %s\n", path, error != NULL ? error : now_error);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 1; i < argc; i++) {
        pid_t child = fork();
        if (child < 0) {
            printf("failed %s: fork: %s\n", argv[i], strerror(errno));
            continue;
        }

        if (child == 0) {
            /* A library may print from its constructor; our line must stay one line of its own. */
            fflush(stdout);
            _exit(load_one(argv[i]));
        }

        int status = 0;
        if (waitpid(child, &status, 0) < 0) {
            printf("failed %s: waitpid: %s\n", argv[i], strerror(errno));
        } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
            printf("timeout %s\n", argv[i]);
        } else if (WIFSIGNALED(status)) {
            printf("crashed %s: signal %d (%s)\n", argv[i], WTERMSIG(status), strsignal(WTERMSIG(status)));
        }
    }

    return 0;
}
