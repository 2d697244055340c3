#include <unbound.h>

#if defined(__linux__)
#include <sys/prctl.h>
/// Names the calling thread (15 bytes at most), as `ps -L` and /proc show it. `prctl` is
/// variadic, so Swift cannot call it directly.
static inline int chainmail_name_current_thread(const char *name) {
    return prctl(PR_SET_NAME, name, 0, 0, 0);
}
#endif
