#include "capture/mapped.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The whole file is mapped once, without populating it; the walk goes
 * through it a window at a time. A second thread (the populator) fills
 * the page tables of the windows ahead (MADV_POPULATE_READ), at most
 * MAPPED_AHEAD windows ahead of the walk, and drops the pages behind it
 * (MADV_DONTNEED), while the walk dissects: filling and dropping them was
 * about 0.03 s of 1.1 GB on the walking thread (MAP_POPULATE and munmap
 * of each window), and it needs no more than the mapping. Memory stays a
 * few windows; the range stays mapped until the end, so the populator
 * never touches memory that is not the file's. Nothing depends on the
 * populator: a page it has not filled is faulted in by the walk, and
 * without a thread the walk fills and drops each window itself.
 */
#define MAPPED_AHEAD 2

struct populator {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint8_t *base;
	uint64_t size;    /* of the mapping */
	uint64_t walk;    /* nothing below this is filled any more, and it all goes */
	uint64_t done;    /* filled up to here */
	uint64_t dropped; /* dropped up to here */
	bool quit;
};

static void *populate(void *arg)
{
	struct populator *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->quit && q->dropped >= q->walk &&
		       (q->done >= q->size ||
			q->done >= q->walk + (uint64_t)MAPPED_AHEAD * MAPPED_WINDOW))
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->quit)
			break;
		if (q->dropped < q->walk) {
			uint64_t from = q->dropped, upto = q->walk;
			pthread_mutex_unlock(&q->mu);
			(void)madvise(q->base + from, (size_t)(upto - from), MADV_DONTNEED);
			pthread_mutex_lock(&q->mu);
			q->dropped = upto;
			continue;
		}
		uint64_t at = q->done > q->walk ? q->done : q->walk;
		uint64_t len = q->size - at < MAPPED_WINDOW ? q->size - at : MAPPED_WINDOW;
		pthread_mutex_unlock(&q->mu);
		(void)madvise(q->base + at, (size_t)len, MADV_POPULATE_READ);
		pthread_mutex_lock(&q->mu);
		q->done = at + len;
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The walk moved to the window starting at `at`, len bytes long: the pages
 * below `at` are no longer read. */
static void populator_moved(struct populator *q, bool threaded, uint64_t at, uint64_t len)
{
	if (!threaded) {
		if (at > q->dropped) {
			(void)madvise(q->base + q->dropped, (size_t)(at - q->dropped), MADV_DONTNEED);
			q->dropped = at;
		}
		(void)madvise(q->base + at, (size_t)len, MADV_POPULATE_READ);
		return;
	}
	pthread_mutex_lock(&q->mu);
	if (at > q->walk)
		q->walk = at;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

enum vs_err mapped_read(int fd, uint64_t size, uint64_t from, const char *name,
			mapped_walk_fn walk, void *ctx, capture_progress_fn progress,
			void *progress_ctx, struct vs_error *err)
{
	if (from >= size)
		return VS_OK;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t mask = (uint64_t)(page > 0 ? page : 4096) - 1;
	uint8_t *base = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (base == MAP_FAILED)
		return vs_fail(err, VS_EIO, "%s: %s", name, strerror(errno));
	(void)madvise(base, (size_t)size, MADV_SEQUENTIAL);
	struct populator q = {.base = base, .size = size, .walk = from & ~mask, .done = from & ~mask,
			      .dropped = 0};
	pthread_t th;
	bool threaded = pthread_mutex_init(&q.mu, NULL) == 0;
	if (threaded && pthread_cond_init(&q.cv, NULL) != 0) {
		pthread_mutex_destroy(&q.mu);
		threaded = false;
	}
	if (threaded && pthread_create(&th, NULL, populate, &q) != 0) {
		pthread_cond_destroy(&q.cv);
		pthread_mutex_destroy(&q.mu);
		threaded = false;
	}
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
		uint64_t end = size - start < want ? size : start + want;
		populator_moved(&q, threaded, start, end - start);
		size_t next = (size_t)off;
		need = 0;
		rc = walk(ctx, base, (size_t)end, (size_t)off, end == size, &next, &need, &stop, err);
		off = next;
		if (!rc && progress)
			progress(off, size, progress_ctx);
	}
	if (threaded) {
		pthread_mutex_lock(&q.mu);
		q.quit = true;
		pthread_cond_signal(&q.cv);
		pthread_mutex_unlock(&q.mu);
		pthread_join(th, NULL);
		pthread_cond_destroy(&q.cv);
		pthread_mutex_destroy(&q.mu);
	}
	munmap(base, (size_t)q.size);
	return rc;
}
