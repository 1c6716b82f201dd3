/*
 * Privilege separation for capture and scan: open the raw handles as root,
 * then become an unprivileged user before reading a single hostile byte
 * (as p0f and OpenBSD's daemons do).
 */
#ifndef VS_UTIL_PRIV_H
#define VS_UTIL_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* When running as root: switch to the invoking user (SUDO_UID/SUDO_GID) or,
 * failing that, to "nobody", dropping supplementary groups; verify that root
 * cannot be regained. Not root: nothing to do. *dropped_to names the account. */
enum vs_err priv_drop(char *dropped_to, size_t len, struct vs_error *err);

bool priv_is_root(void);

#endif
