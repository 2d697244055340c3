#ifndef CCHILDPROCESS_H
#define CCHILDPROCESS_H

#include <spawn.h>

// GNU extensions the tests' ChildProcess needs, which Swift's Glibc module does not declare
// (it is built without _GNU_SOURCE). Each returns 0 or an errno value.

/// In the child, closes every descriptor from `lowest` up (glibc 2.34).
int chainmail_spawn_add_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// In the child, changes to `directory` before exec (glibc 2.29).
int chainmail_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *directory);

/// A pipe whose two ends are close-on-exec from the start, so no child started at the same
/// moment on another thread inherits them.
int chainmail_pipe_close_on_exec(int ends[2]);

#endif
