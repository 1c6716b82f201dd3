#include "capture/reader.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

/* Four batches of 1 MiB: the reader can run three ahead of the dissector,
 * enough to ride out a slow frame (a head reassembled, an XML document)
 * on either side; more only costs memory. */
#define BATCHES 4
#define BATCH_BYTES (1024 * 1024)
#define BATCH_FRAMES 8192

_Static_assert(BATCH_BYTES >= 2 * VS_MAX_CAPTURE_SNAPLEN, "a batch holds any frame");

struct frame_ref {
	int64_t ts_us;
	uint32_t off, len;
};

struct batch {
	uint8_t *bytes;
	size_t used;
	struct frame_ref *frames;
	size_t n;
	uint64_t file_offset; /* after the batch's last record: progress */
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[BATCHES];
	/* Batches are filled and emptied in ring order; these only grow. */
	uint64_t produced, consumed;
	bool eof;  /* the reader has published its last batch */
	bool quit; /* the dissector stopped early: the reader should too */
	pcap_t *pc;
	FILE *fp;
	/* Set by the reader before eof, read after it. */
	bool truncated;
	bool failed;
	char msg[PCAP_ERRBUF_SIZE];
};

static int64_t ts_us(const struct pcap_pkthdr *h)
{
	return (int64_t)h->ts.tv_sec * 1000000 + (int64_t)h->ts.tv_usec;
}

/* Fill one batch; false once the file has ended (or failed). */
static bool fill(struct pipe *p, struct batch *b)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	b->used = b->n = 0;
	bool more = true;
	/* Stop while any frame still fits, so a record is never read without
	 * room for it. */
	while (b->n < BATCH_FRAMES && BATCH_BYTES - b->used >= VS_MAX_CAPTURE_SNAPLEN) {
		int rc = pcap_next_ex(p->pc, &h, &data);
		if (rc == 1) {
			size_t len = h->caplen < VS_MAX_CAPTURE_SNAPLEN ? h->caplen
									: VS_MAX_CAPTURE_SNAPLEN;
			memcpy(b->bytes + b->used, data, len);
			b->frames[b->n++] = (struct frame_ref){ts_us(h), (uint32_t)b->used, (uint32_t)len};
			b->used += len;
			continue;
		}
		if (rc == PCAP_ERROR) {
			const char *msg = pcap_geterr(p->pc);
			/* A file cut inside its last record (a capture killed
			 * mid-write): what came before is kept, and said. */
			if (strstr(msg, "truncated") != NULL)
				p->truncated = true;
			else
				p->failed = true;
			snprintf(p->msg, sizeof(p->msg), "%s", msg);
		}
		more = false; /* PCAP_ERROR_BREAK: the end of the file */
		break;
	}
	long off = p->fp ? ftell(p->fp) : -1;
	b->file_offset = off > 0 ? (uint64_t)off : 0;
	return more;
}

static void *reader_main(void *arg)
{
	struct pipe *p = arg;
	for (bool more = true; more;) {
		pthread_mutex_lock(&p->mu);
		while (p->produced - p->consumed == BATCHES && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		bool quit = p->quit;
		struct batch *b = &p->b[p->produced % BATCHES];
		pthread_mutex_unlock(&p->mu);
		if (quit)
			break;
		more = fill(p, b);
		pthread_mutex_lock(&p->mu);
		p->produced++;
		p->eof = !more;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

/* The next full batch, or NULL when the reader is done and all are used. */
static struct batch *next_batch(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->produced == p->consumed && !p->eof)
		pthread_cond_wait(&p->cv, &p->mu);
	struct batch *b = p->produced == p->consumed ? NULL : &p->b[p->consumed % BATCHES];
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void batch_done(struct pipe *p, bool quit)
{
	pthread_mutex_lock(&p->mu);
	p->consumed++;
	p->quit |= quit;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void free_batches(struct pipe *p)
{
	for (size_t i = 0; i < BATCHES; i++) {
		free(p->b[i].bytes);
		free(p->b[i].frames);
	}
}

enum vs_err capture_read_batched(struct capture *c, pcap_t *pc, int lt, const char *name,
				 uint64_t total, capture_progress_fn progress, void *ctx,
				 struct vs_error *err)
{
	struct pipe p;
	memset(&p, 0, sizeof(p));
	p.pc = pc;
	p.fp = pcap_file(pc);
	for (size_t i = 0; i < BATCHES; i++) {
		p.b[i].bytes = malloc(BATCH_BYTES);
		p.b[i].frames = malloc(BATCH_FRAMES * sizeof(*p.b[i].frames));
		if (!p.b[i].bytes || !p.b[i].frames) {
			free_batches(&p);
			return vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
		}
	}
	pthread_t reader;
	int e = pthread_mutex_init(&p.mu, NULL);
	if (!e && (e = pthread_cond_init(&p.cv, NULL)) != 0)
		pthread_mutex_destroy(&p.mu);
	if (!e && (e = pthread_create(&reader, NULL, reader_main, &p)) != 0) {
		pthread_cond_destroy(&p.cv);
		pthread_mutex_destroy(&p.mu);
	}
	if (e) {
		free_batches(&p);
		return vs_fail(err, VS_ENOMEM, "%s: cannot start the reader: %s", name, strerror(e));
	}
	enum vs_err rc = VS_OK;
	struct batch *b;
	while ((b = next_batch(&p)) != NULL) {
		for (size_t i = 0; i < b->n && !rc; i++) {
			const struct frame_ref *f = &b->frames[i];
			rc = capture_packet(c, lt, b->bytes + f->off, f->len, f->ts_us, err);
		}
		if (!rc && progress && total)
			progress(b->file_offset, total, ctx);
		batch_done(&p, rc != VS_OK);
		if (rc)
			break;
	}
	pthread_join(reader, NULL);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	free_batches(&p);
	if (rc)
		return rc;
	if (p.truncated)
		capture_note_truncated(c);
	if (p.failed)
		return vs_fail(err, VS_EBADVAL, "%s: %s", name, p.msg);
	return VS_OK;
}
