#include "util/priv.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool priv_is_root(void)
{
	return geteuid() == 0;
}

static bool parse_id(const char *s, unsigned long *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v == 0)
		return false;
	*out = v;
	return true;
}

enum vs_err priv_drop(char *dropped_to, size_t len, struct vs_error *err)
{
	if (!priv_is_root()) {
		snprintf(dropped_to, len, "uid %u (not root)", (unsigned)getuid());
		return VS_OK;
	}
	unsigned long uid, gid;
	const char *who = "SUDO_UID";
	/* sudo tells us who asked; a uid of 0 there would be no drop at all. */
	if (!parse_id(getenv("SUDO_UID"), &uid) || !parse_id(getenv("SUDO_GID"), &gid)) {
		struct passwd *pw = getpwnam("nobody");
		if (!pw)
			return vs_fail(err, VS_EPERM, "cannot drop privileges: no user 'nobody'");
		uid = pw->pw_uid;
		gid = pw->pw_gid;
		who = "nobody";
	}
	if (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0 || setuid((uid_t)uid) != 0)
		return vs_fail(err, VS_EPERM, "cannot drop privileges to %s: %s", who, strerror(errno));
	if (setuid(0) == 0 || geteuid() == 0)
		return vs_fail(err, VS_EPERM, "privileges could be regained after dropping them");
	snprintf(dropped_to, len, "%s (uid %lu)", who, uid);
	return VS_OK;
}
