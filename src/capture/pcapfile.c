#include "capture/pcapfile.h"

#include <endian.h>
#include <string.h>

#include "capture/mapped.h"
#include "util/cur.h"
#include "util/limits.h"

bool pcapfile_header(const uint8_t *p, size_t n, struct pcapfile *f)
{
	struct cur c = cur_make(p, n);
	uint32_t magic = cur_le32(&c);
	bool swap;
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = false;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = true;
	else
		return false;
	uint16_t major = swap ? cur_be16(&c) : cur_le16(&c);
	uint16_t minor = swap ? cur_be16(&c) : cur_le16(&c);
	cur_skip(&c, 8); /* thiszone, sigfigs: unused, as libpcap leaves them */
	uint32_t snap = swap ? cur_be32(&c) : cur_le32(&c);
	uint32_t link = swap ? cur_be32(&c) : cur_le32(&c);
	if (c.bad || major != 2 || minor != 4)
		return false;
	if (link != CAPTURE_DLT_EN10MB && link != CAPTURE_DLT_LINUX_SLL &&
	    link != CAPTURE_DLT_LINUX_SLL2)
		return false; /* also any FCS bits above the link type: libpcap's to read */
	f->swap = swap;
	f->nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	/* libpcap's rule: a snap length of 0 or past the maximum is not one. */
	f->snap = snap == 0 || snap > PCAPFILE_MAX_CAPLEN ? PCAPFILE_MAX_CAPLEN : snap;
	f->linktype = (int)link;
	return true;
}

/* A 32-bit field of a record header already bounds-checked whole. */
static inline uint32_t field32(const struct pcapfile *f, const uint8_t *q)
{
	uint32_t w;
	memcpy(&w, q, 4);
	w = le32toh(w);
	return f->swap ? __builtin_bswap32(w) : w;
}

enum pcapfile_rec pcapfile_next(const struct pcapfile *f, const uint8_t *p, size_t n, size_t *off,
				const uint8_t **frame, size_t *len, int64_t *ts_us, uint32_t *caplen)
{
	struct cur c = cur_make(p, n);
	cur_skip(&c, *off);
	/* The record header checked whole, then its fields read from it:
	 * one bounds check per record, not one per field. */
	struct slice h = cur_bytes(&c, PCAPFILE_RECORD);
	if (c.bad)
		return PCAPFILE_SHORT;
	uint32_t sec = field32(f, h.p), frac = field32(f, h.p + 4), cap = field32(f, h.p + 8);
	/* h.p + 12: the length on the wire */
	*caplen = cap;
	if (cap > PCAPFILE_MAX_CAPLEN)
		return PCAPFILE_BAD;
	const uint8_t *data = cur_bytes(&c, cap).p;
	if (c.bad)
		return PCAPFILE_SHORT;
	size_t keep = cap < f->snap ? cap : f->snap;
	*frame = data;
	*len = keep < VS_MAX_CAPTURE_SNAPLEN ? keep : VS_MAX_CAPTURE_SNAPLEN;
	/* The seconds are a signed 32-bit field in libpcap's struct; fractions
	 * in nanoseconds are scaled down to microseconds, as libpcap does. */
	*ts_us = (int64_t)(int32_t)sec * 1000000 + (f->nsec ? (int32_t)frac / 1000 : (int32_t)frac);
	*off = c.off;
	return PCAPFILE_OK;
}

enum vs_err pcapfile_walk(struct capture *c, const struct pcapfile *f, const uint8_t *p, size_t n,
			  size_t from, bool last, const char *name, size_t *next, bool *cut,
			  struct vs_error *err)
{
	size_t off = from;
	enum vs_err rc = VS_OK;
	while (off < n && !rc) {
		const uint8_t *frame;
		size_t len;
		int64_t ts;
		uint32_t caplen;
		enum pcapfile_rec r = pcapfile_next(f, p, n, &off, &frame, &len, &ts, &caplen);
		if (r == PCAPFILE_SHORT) {
			*cut = last;
			break;
		}
		if (r == PCAPFILE_BAD) {
			/* libpcap's words, so the message does not depend on the reader */
			rc = vs_fail(err, VS_EBADVAL,
				     "%s: invalid packet capture length %u, bigger than maximum of %u",
				     name, caplen, PCAPFILE_MAX_CAPLEN);
			break;
		}
		/* The record after the next one, fetched while this frame is
		 * dissected: in a mapped file of full-size frames each header is
		 * a miss to memory, and finding a record needs the header before
		 * it, so the misses would come one after another. The next
		 * header was fetched one round ago. */
		if (n - off >= PCAPFILE_RECORD) {
			uint32_t w;
			memcpy(&w, p + off + 8, 4);
			size_t after = off + PCAPFILE_RECORD + (f->swap ? __builtin_bswap32(w) : w);
			if (after < n && n - after >= 128) {
				__builtin_prefetch(p + after);
				__builtin_prefetch(p + after + 64);
			}
		}
		rc = capture_packet(c, f->linktype, frame, len, ts, err);
	}
	if (next)
		*next = off;
	return rc;
}

struct classic_walk {
	struct capture *c;
	const struct pcapfile *f;
	const char *name;
	bool cut;
};

static enum vs_err classic_window(void *ctx, const uint8_t *p, size_t n, size_t from, bool last,
				  size_t *next, size_t *need, bool *stop, struct vs_error *err)
{
	struct classic_walk *w = ctx;
	(void)need; /* a record always fits a window (below) */
	if (capture_stop_requested(w->c)) {
		*next = from;
		*stop = true;
		return VS_OK;
	}
	enum vs_err rc = pcapfile_walk(w->c, w->f, p, n, from, last, w->name, next, &w->cut, err);
	*stop = w->cut;
	return rc;
}

_Static_assert(MAPPED_WINDOW >= 2 * (PCAPFILE_RECORD + PCAPFILE_MAX_CAPLEN),
	       "a window holds any record wherever it starts in a page");

enum vs_err pcapfile_read_mapped(struct capture *c, const struct pcapfile *f, int fd,
				 uint64_t size, const char *name, capture_progress_fn progress,
				 void *ctx, struct vs_error *err)
{
	struct classic_walk w = {c, f, name, false};
	enum vs_err rc = mapped_read(fd, size, PCAPFILE_HEADER, name, classic_window, &w, progress,
				     ctx, err);
	if (w.cut)
		capture_note_truncated(c);
	return rc;
}
