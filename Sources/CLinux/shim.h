// Linux system calls that glibc has no wrapper for, as small inline functions Swift can call.
#ifndef RELIANCE_CLINUX_SHIM_H
#define RELIANCE_CLINUX_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

/// Opens `path` for reading relative to the folder `dirfd` with openat2(2), resolving every
/// component (symlinks included) beneath that folder: a path or link that would leave it fails
/// with EXDEV, and /proc magic links are refused. Non-blocking, so a FIFO cannot stall the open.
/// Returns the descriptor, or -1 with errno set (ENOSYS where the kernel lacks openat2).
static inline int reliance_open_beneath(int dirfd, const char *path) {
#ifdef SYS_openat2
    struct open_how how = {
        .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
        .mode = 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// Renames `oldpath` to `newpath` (each relative to its folder descriptor) unless `newpath`
/// exists: renameat2(2) with RENAME_NOREPLACE, which checks and renames in one step. Returns 0,
/// or -1 with errno set: EEXIST when the name is taken, EINVAL or ENOSYS where the file system or
/// kernel cannot do it.
static inline int reliance_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, 1u /* RENAME_NOREPLACE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// How many CPUs this process may run on: its affinity mask, as `taskset` or a container's
/// cpuset sets it (up to 1,024 CPUs). Returns 0 when the kernel does not tell.
static inline int reliance_usable_cpus(void) {
    unsigned long mask[16] = {0};
    long got = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
    if (got <= 0) return 0;
    int count = 0;
    for (long word = 0; word < got / (long)sizeof(mask[0]); word++) count += __builtin_popcountl(mask[word]);
    return count;
}

#endif
