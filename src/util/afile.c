#include "util/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(struct afile *af)
{
	free(af->path);
	free(af->tmp);
	af->path = af->tmp = NULL;
	af->f = NULL;
	af->direct = false;
}

/* A device, a FIFO, a socket (report -o /dev/stdout): written in place, as
 * renaming a file over it would replace the device node. */
static enum vs_err open_direct(struct afile *af, bool stream, struct vs_error *err)
{
	af->direct = true;
	if (!(af->tmp = strdup(af->path))) {
		release(af);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	if (stream && !(af->f = fopen(af->path, "wb"))) {
		int e = errno;
		vs_fail(err, VS_EIO, "%s: %s", af->path, strerror(e));
		release(af);
		return VS_EIO;
	}
	return VS_OK;
}

static enum vs_err open_tmp(struct afile *af, const char *path, bool stream, struct vs_error *err)
{
	memset(af, 0, sizeof(*af));
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return vs_fail(err, VS_EUSAGE, "%s: is a directory", path);
	/* Through a symbolic link: the file it names is replaced, not the link. */
	af->path = exists ? realpath(path, NULL) : strdup(path);
	if (!af->path)
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
	if (exists && !S_ISREG(sb.st_mode))
		return open_direct(af, stream, err);
	path = af->path;
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dir_len;
	if (!*base) {
		vs_fail(err, VS_EUSAGE, "%s: names a directory, not a file", path);
		release(af);
		return VS_EUSAGE;
	}
	size_t n = strlen(path) + sizeof("/..XXXXXX");
	af->tmp = malloc(n);
	if (!af->tmp) {
		vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
		release(af);
		return VS_ENOMEM;
	}
	snprintf(af->tmp, n, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
	/* The target's permissions carry over; a new file gets what fopen
	 * would have given it (mkstemp makes 0600). */
	mode_t mode;
	if (exists) {
		mode = sb.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		int e = errno;
		vs_fail(err, VS_EIO, "%s: cannot write in %.*s: %s", path, dir_len ? (int)dir_len : 1,
			dir_len ? path : ".", strerror(e));
		release(af);
		return VS_EIO;
	}
	if (fchmod(fd, mode) != 0) {
		int e = errno;
		close(fd);
		unlink(af->tmp);
		vs_fail(err, VS_EIO, "%s: %s", path, strerror(e));
		release(af);
		return VS_EIO;
	}
	if (!stream) {
		close(fd);
		return VS_OK;
	}
	if (!(af->f = fdopen(fd, "wb"))) {
		close(fd);
		unlink(af->tmp);
		vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
		release(af);
		return VS_ENOMEM;
	}
	return VS_OK;
}

enum vs_err afile_open(struct afile *af, const char *path, struct vs_error *err)
{
	return open_tmp(af, path, true, err);
}

enum vs_err afile_open_path(struct afile *af, const char *path, struct vs_error *err)
{
	return open_tmp(af, path, false, err);
}

enum vs_err afile_commit(struct afile *af, struct vs_error *err)
{
	int e = 0;
	errno = 0;
	if (af->f) {
		if (fflush(af->f) != 0 || ferror(af->f))
			e = errno ? errno : EIO;
		if (!e && !af->direct && fsync(fileno(af->f)) != 0 && errno != EINVAL)
			e = errno;
		if (fclose(af->f) != 0 && !e)
			e = errno ? errno : EIO;
		af->f = NULL;
	} else {
		/* Written by name by someone else: sync it through a descriptor. */
		int fd = af->direct ? -1 : open(af->tmp, O_RDONLY | O_CLOEXEC);
		if (!af->direct && (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)))
			e = errno;
		if (fd >= 0)
			close(fd);
	}
	if (!e && !af->direct && rename(af->tmp, af->path) != 0)
		e = errno;
	if (e) {
		if (!af->direct)
			unlink(af->tmp);
		vs_fail(err, VS_EIO, "%s: cannot write: %s; %s", af->path, strerror(e),
			access(af->path, F_OK) == 0 ? "the file there is as it was" : "nothing was written");
	}
	release(af);
	return e ? VS_EIO : VS_OK;
}

void afile_abort(struct afile *af)
{
	if (af->f)
		fclose(af->f);
	if (af->tmp && !af->direct)
		unlink(af->tmp);
	release(af);
}
