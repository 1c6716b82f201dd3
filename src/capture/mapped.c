#include "capture/mapped.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum vs_err mapped_read(int fd, uint64_t size, uint64_t from, const char *name,
			mapped_walk_fn walk, void *ctx, capture_progress_fn progress,
			void *progress_ctx, struct vs_error *err)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t mask = (uint64_t)(page > 0 ? page : 4096) - 1;
	uint64_t off = from;
	size_t need = 0;
	bool stop = false;
	enum vs_err rc = VS_OK;
	while (off < size && !rc && !stop) {
		struct stat sb;
		if (fstat(fd, &sb) == 0 && (uint64_t)sb.st_size < size)
			size = (uint64_t)sb.st_size; /* cut since it was opened */
		if (off >= size)
			break;
		uint64_t start = off & ~mask;
		uint64_t want = MAPPED_WINDOW;
		if (need && (off - start) + need > want)
			want = (off - start) + need; /* a record longer than a window */
		uint64_t len = size - start < want ? size - start : want;
		void *m = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
			       (off_t)start);
		if (m == MAP_FAILED)
			return vs_fail(err, VS_EIO, "%s: %s", name, strerror(errno));
		(void)madvise(m, (size_t)len, MADV_SEQUENTIAL);
		size_t next = (size_t)(off - start);
		need = 0;
		rc = walk(ctx, m, (size_t)len, (size_t)(off - start), start + len == size, &next, &need,
			  &stop, err);
		munmap(m, (size_t)len);
		off = start + next;
		if (!rc && progress)
			progress(off, size, progress_ctx);
	}
	return rc;
}
