#include "capture/pcapng.h"

#include <endian.h>
#include <string.h>

#include "capture/mapped.h"
#include "util/cur.h"

#define BT_IDB 1u
#define BT_PB 2u
#define BT_SPB 3u
#define BT_EPB 6u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
/* libpcap's limits: the first SHB's length (BT_SHB_INSANE_MAX), any
 * block's (INITIAL_MAX_BLOCKSIZE; the largest for our link types' snap
 * lengths is smaller), the largest snap length of those link types
 * (MAXIMUM_SNAPLEN). Rules of the format as libpcap reads it. */
#define SHB_MAX (1u << 20)
#define BLOCK_MAX (16u << 20)
#define SNAP_MAX 262144u
#define USER_TSRESOL 1000000u /* libpcap hands out microseconds */

enum scale { PASS, UP_DEC, DOWN_DEC, UP_BIN, DOWN_BIN };

_Static_assert(MAPPED_WINDOW >= 2 * (12 + 20 + SNAP_MAX + 131072),
	       "a window holds any packet block wherever it starts in a page");

static inline uint16_t rd16(const struct pcapng *g, struct cur *c)
{
	return g->swap ? cur_be16(c) : cur_le16(c);
}

static inline uint32_t rd32(const struct pcapng *g, struct cur *c)
{
	return g->swap ? cur_be32(c) : cur_le32(c);
}

/* A 32-bit field inside bytes already bounds-checked whole: one check per
 * block header, not one per field. */
static inline uint32_t at32(const struct pcapng *g, const uint8_t *q)
{
	uint32_t w;
	memcpy(&w, q, 4);
	w = le32toh(w);
	return g->swap ? __builtin_bswap32(w) : w;
}

/* A 64-bit value in the section's byte order (if_tsoffset). */
static uint64_t rd64(const struct pcapng *g, struct cur *c)
{
	uint64_t a = rd32(g, c), b = rd32(g, c);
	return g->swap ? a << 32 | b : b << 32 | a;
}

static bool linktype_read(uint32_t lt)
{
	return lt == CAPTURE_DLT_EN10MB || lt == CAPTURE_DLT_LINUX_SLL || lt == CAPTURE_DLT_LINUX_SLL2;
}

/* pcapint_adjust_snapshot for our link types. */
static uint32_t snap_adjust(uint32_t snap)
{
	return snap == 0 || snap > SNAP_MAX ? SNAP_MAX : snap;
}

bool pcapng_header(const uint8_t *p, size_t n, struct pcapng *g, size_t *len)
{
	memset(g, 0, offsetof(struct pcapng, ifs));
	struct cur c = cur_make(p, n);
	if (cur_le32(&c) != PCAPNG_SHB)
		return false;
	uint32_t tlen = cur_le32(&c), bom = cur_le32(&c);
	if (bom != BYTE_ORDER_MAGIC) {
		if (__builtin_bswap32(bom) != BYTE_ORDER_MAGIC)
			return false;
		g->swap = true;
		tlen = __builtin_bswap32(tlen);
	}
	/* 8 header + 16 fixed + 4 trailer; and libpcap's sanity limit */
	if (c.bad || tlen < 28 || tlen > SHB_MAX || tlen % 4 || tlen > n)
		return false;
	uint16_t major = rd16(g, &c), minor = rd16(g, &c);
	if (major != 1 || (minor != 0 && minor != 2))
		return false;
	struct cur t = cur_make(p + tlen - 4, 4);
	if (rd32(g, &t) != tlen)
		return false;
	*len = tlen;
	return true;
}

/*
 * The IDB options libpcap reads (process_idb_options): if_tsresol and
 * if_tsoffset, each at most once and of its exact length; opt_endofopt
 * (length 0) ends them. False where libpcap fails the file.
 */
static bool idb_options(const struct pcapng *g, struct cur *o, struct pcapng_if *f)
{
	bool saw_res = false, saw_off = false, binary = false;
	f->tsresol = USER_TSRESOL;
	f->tsoffset = 0;
	while (!cur_eof(o)) {
		uint16_t code = rd16(g, o), olen = rd16(g, o);
		struct cur v = cur_sub(o, ((size_t)olen + 3) / 4 * 4);
		if (o->bad)
			return false;
		if (code == 0) {
			if (olen != 0)
				return false;
			break;
		}
		if (code == 9) { /* if_tsresol */
			if (olen != 1 || saw_res)
				return false;
			saw_res = true;
			uint8_t r = cur_u8(&v);
			binary = r & 0x80;
			unsigned e = r & 0x7f;
			if (binary ? e > 63 : r > 19)
				return false;
			if (binary) {
				f->tsresol = (uint64_t)1 << e;
			} else {
				f->tsresol = 1;
				for (unsigned i = 0; i < r; i++)
					f->tsresol *= 10;
			}
		} else if (code == 14) { /* if_tsoffset */
			if (olen != 8 || saw_off)
				return false;
			saw_off = true;
			f->tsoffset = (int64_t)rd64(g, &v);
		}
	}
	if (f->tsresol == USER_TSRESOL) {
		f->scale = PASS;
	} else if (f->tsresol > USER_TSRESOL) {
		f->scale = binary ? DOWN_BIN : DOWN_DEC;
		f->factor = f->tsresol / USER_TSRESOL;
	} else {
		f->scale = binary ? UP_BIN : UP_DEC;
		f->factor = USER_TSRESOL / f->tsresol;
	}
	return true;
}

/* An Interface Description Block's body. False: libpcap's to read. */
static bool on_idb(struct pcapng *g, struct cur *b)
{
	uint16_t lt = rd16(g, b);
	cur_skip(b, 2);
	uint32_t snap = rd32(g, b);
	if (b->bad || g->ifcount >= VS_MAX_PCAPNG_INTERFACES)
		return false;
	if (!g->started) {
		if (!linktype_read(lt))
			return false; /* libpcap names the link type it does not read */
		g->linktype = lt;
		g->snap = snap_adjust(snap);
	} else if (lt != (uint32_t)g->linktype || snap_adjust(snap) != g->snap) {
		return false; /* libpcap fails such a file */
	}
	if (!idb_options(g, b, &g->ifs[g->ifcount]))
		return false;
	g->ifcount++;
	g->started = true;
	return true;
}

/* A later Section Header Block: the same byte order, major version 1. */
static bool on_shb(struct pcapng *g, struct cur *b)
{
	uint32_t bom = rd32(g, b);
	uint16_t major = rd16(g, b);
	cur_skip(b, 10); /* minor version, section length: libpcap needs them present */
	if (b->bad || bom != BYTE_ORDER_MAGIC || major != 1)
		return false;
	g->ifcount = 0;
	return true;
}

/*
 * libpcap's conversion of a time stamp t in the interface's units to
 * seconds (t / tsresol + tsoffset) and microseconds (the remainder
 * scaled), wrapping where its unsigned arithmetic wraps; then
 * microseconds as capture_read_pcap counts them. For decimal units the
 * two recombine without dividing twice: with t = q * tsresol + r,
 * q * 10^6 + r scaled is t itself (microseconds), t * (10^6 / tsresol),
 * or t / (tsresol / 10^6), all modulo 2^64 as libpcap's sum is.
 */
static int64_t ts_micro(const struct pcapng_if *f, uint64_t t)
{
	uint64_t off = (uint64_t)f->tsoffset * 1000000u;
	switch (f->scale) {
	case PASS: return (int64_t)(t + off);
	case UP_DEC: return (int64_t)(t * f->factor + off);
	case DOWN_DEC: return (int64_t)((f->factor == 1000 ? t / 1000 : t / f->factor) + off);
	default: break;
	}
	uint64_t sec = t / f->tsresol;
	uint64_t frac = (t % f->tsresol) * USER_TSRESOL / f->tsresol;
	int32_t usec = (int32_t)(uint32_t)frac; /* libpcap's (int) */
	return (int64_t)(sec * 1000000u + off + (uint64_t)(int64_t)usec);
}

/* A packet block's body: *frame, *len, *ts. False: libpcap's to read. */
static bool on_packet(struct pcapng *g, uint32_t type, struct cur *b, const uint8_t **frame,
		      size_t *len, int64_t *ts)
{
	uint32_t ifc, cap;
	uint64_t t;
	if (type == BT_SPB) {
		uint32_t wire = rd32(g, b);
		ifc = 0;
		cap = wire < g->snap ? wire : g->snap;
		t = 0;
	} else if (type == BT_PB) {
		ifc = rd16(g, b);
		cur_skip(b, 2); /* drops count */
		uint64_t hi = rd32(g, b), lo = rd32(g, b); /* two 32-bit halves, high first */
		t = hi << 32 | lo;
		cap = rd32(g, b);
		cur_skip(b, 4); /* the length on the wire */
	} else { /* EPB: interface, time stamp high and low, captured and wire lengths */
		struct slice e = cur_bytes(b, 20);
		if (b->bad)
			return false;
		ifc = at32(g, e.p);
		t = (uint64_t)at32(g, e.p + 4) << 32 | at32(g, e.p + 8);
		cap = at32(g, e.p + 12);
	}
	if (b->bad || ifc >= g->ifcount || cap > g->snap)
		return false;
	struct slice d = cur_bytes(b, cap);
	if (b->bad)
		return false;
	*frame = d.p;
	*len = cap < VS_MAX_CAPTURE_SNAPLEN ? cap : VS_MAX_CAPTURE_SNAPLEN;
	*ts = ts_micro(&g->ifs[ifc], t);
	return true;
}

enum vs_err pcapng_walk(struct capture *c, struct pcapng *g, const uint8_t *p, size_t n,
			size_t from, bool last, size_t *next, size_t *need, struct vs_error *err)
{
	size_t off = from;
	enum vs_err rc = VS_OK;
	*need = 0;
	while (off < n && !rc) {
		struct cur h = cur_make(p + off, n - off);
		struct slice hb = cur_bytes(&h, 8);
		if (h.bad) { /* the block header itself is cut */
			g->cut = last && g->started;
			g->fallback = last && !g->started;
			break;
		}
		uint32_t type = at32(g, hb.p), tlen = at32(g, hb.p + 4);
		if (tlen < 12 || tlen % 4 || tlen > BLOCK_MAX) {
			g->fallback = true; /* libpcap's error to give */
			break;
		}
		if (tlen > n - off) {
			if (last) { /* libpcap: "truncated pcapng dump file" */
				g->cut = g->started;
				g->fallback = !g->started;
			} else {
				*need = tlen;
			}
			break;
		}
		if (at32(g, p + off + tlen - 4) != tlen) { /* inside: tlen <= n - off */
			g->fallback = true;
			break;
		}
		/* The block after the next one, fetched while this frame is
		 * dissected (as pcapfile_walk does): its length is in the
		 * next block's header, which came in with this trailer. */
		if (n - off - tlen >= 8) {
			uint32_t nlen = at32(g, p + off + tlen + 4);
			size_t after = off + tlen + nlen;
			if (nlen >= 12 && after < n && n - after >= 128) {
				__builtin_prefetch(p + after);
				__builtin_prefetch(p + after + 64);
			}
		}
		struct cur b = cur_make(p + off + 8, tlen - 12);
		const uint8_t *frame = NULL;
		size_t len = 0;
		int64_t ts = 0;
		bool ok = true, is_frame = false;
		switch (type) {
		case BT_EPB:
		case BT_PB:
		case BT_SPB:
			ok = g->started && on_packet(g, type, &b, &frame, &len, &ts);
			is_frame = true;
			break;
		case BT_IDB:
			ok = on_idb(g, &b);
			break;
		case PCAPNG_SHB:
			ok = on_shb(g, &b);
			break;
		default:
			break; /* libpcap skips it */
		}
		if (!ok) {
			g->fallback = true;
			break;
		}
		off += tlen;
		if (is_frame) {
			g->frames++;
			rc = capture_packet(c, g->linktype, frame, len, ts, err);
		}
	}
	/* The whole file walked without an interface: libpcap's error. */
	if (!rc && last && off == n && !g->started)
		g->fallback = true;
	*next = off;
	return rc;
}

struct ng_walk {
	struct capture *c;
	struct pcapng *g;
	bool headed; /* the Section Header Block at offset 0 was taken */
};

static enum vs_err ng_window(void *ctx, const uint8_t *p, size_t n, size_t from, bool last,
			     size_t *next, size_t *need, bool *stop, struct vs_error *err)
{
	struct ng_walk *w = ctx;
	if (capture_stop_requested(w->c)) {
		*next = from;
		*stop = true;
		return VS_OK;
	}
	if (!w->headed) {
		/* The first window starts the file and holds the first SHB
		 * whole when it is one libpcap takes (at most SHB_MAX bytes). */
		size_t hlen;
		if (!pcapng_header(p, n, w->g, &hlen)) {
			w->g->fallback = true;
			*stop = true;
			*next = from;
			return VS_OK;
		}
		w->headed = true;
		from = hlen;
	}
	enum vs_err rc = pcapng_walk(w->c, w->g, p, n, from, last, next, need, err);
	*stop = w->g->cut || w->g->fallback;
	return rc;
}

_Static_assert(MAPPED_WINDOW >= SHB_MAX, "the first window holds the first SHB");

enum vs_err pcapng_read_mapped(struct capture *c, struct pcapng *g, int fd, uint64_t size,
			       const char *name, capture_progress_fn progress, void *ctx,
			       struct vs_error *err)
{
	struct ng_walk w = {c, g, false};
	memset(g, 0, offsetof(struct pcapng, ifs));
	enum vs_err rc = mapped_read(fd, size, 0, name, ng_window, &w, progress, ctx, err);
	/* A file of nothing but its header has no interface either. */
	if (!rc && !g->started && !capture_stop_requested(c))
		g->fallback = true;
	if (!rc && g->cut && !g->fallback)
		capture_note_truncated(c);
	return rc;
}
