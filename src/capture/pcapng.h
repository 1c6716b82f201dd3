/*
 * The pcapng file format read in place (internal to capture/).
 *
 * libpcap reads a pcapng file block by block through stdio, copying each
 * block into its own buffer: on a mirror port's capture of full-size
 * segments (bench/capture, bulk profile) that put vendorscope's pcapng
 * reading 0.14 s behind its classic pcap reading of the same frames. The
 * blocks are walked here where the file is mapped (capture/mapped.h).
 *
 * The format is draft-ietf-opsawg-pcapng: blocks of
 *   type (4) | total length (4) | body | total length again (4),
 * lengths a multiple of 4, in the byte order the Section Header Block's
 * magic 0x1A2B3C4D gives. Read here, as libpcap 1.10 reads them:
 *   SHB (0x0A0D0D0A)  a section: its byte order must stay the file's, its
 *                     major version 1 (the first one 1.0 or 1.2); it
 *                     forgets the interfaces before it;
 *   IDB (1)           an interface: link type (all the file's the same,
 *                     Ethernet or Linux cooked), snap length (all the
 *                     same once adjusted), options if_tsresol (9) and
 *                     if_tsoffset (14); others skipped;
 *   EPB (6), PB (2)   a packet on an interface of this section, with a
 *                     64-bit time stamp in the interface's units;
 *   SPB (3)           a packet on interface 0, without a time stamp;
 *   anything else     skipped (name resolution, statistics, custom...).
 * Time stamps become microseconds with libpcap's arithmetic, so both
 * readers give every frame the same time.
 *
 * Whatever this reader does not take (a damaged block, a second link
 * type, an option libpcap refuses, more than VS_MAX_PCAPNG_INTERFACES
 * interfaces, a file ending before its first interface) is left to
 * libpcap: the caller opens the file there and skips the frames already
 * dissected, so libpcap's verdict (its error, or the frames it reads) is
 * the program's. A file ending inside a block after the first interface
 * is truncated, as libpcap says, and keeps the frames before.
 */
#ifndef VS_CAPTURE_PCAPNG_H
#define VS_CAPTURE_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/capture.h"
#include "util/err.h"
#include "util/limits.h"

#define PCAPNG_SHB 0x0A0D0D0Au

struct pcapng_if {
	uint64_t tsresol;  /* time stamp units per second */
	int64_t tsoffset;  /* seconds added to every time stamp */
	uint64_t factor;   /* for decimal units: tsresol / 10^6 or 10^6 / tsresol */
	uint8_t scale;     /* enum in pcapng.c */
};

struct pcapng {
	bool swap;          /* written in the other byte order */
	bool started;       /* the first interface was read: linktype and snap are set */
	int linktype;       /* CAPTURE_DLT_* */
	uint32_t snap;      /* libpcap's adjusted snap length of the first interface */
	uint32_t ifcount;   /* interfaces of the current section */
	uint64_t frames;    /* frames handed to capture_packet */
	bool cut;           /* the file ends inside a block */
	bool fallback;      /* the rest is libpcap's to read (after `frames` frames) */
	struct pcapng_if ifs[VS_MAX_PCAPNG_INTERFACES];
};

/*
 * Whether p[0..n) starts with a whole Section Header Block this reader
 * takes (as libpcap's open would); *len is its length. g is reset for a
 * new file. False: the file is libpcap's from its first byte.
 */
bool pcapng_header(const uint8_t *p, size_t n, struct pcapng *g, size_t *len);

/*
 * The blocks of p[from..n) (n ends a window; last: the file too), frames
 * through capture_packet. *next is set past the last block walked; *need
 * as mapped_walk_fn says. On return g->cut or g->fallback may be set, and
 * the walk then stopped. Errors are capture_packet's only.
 */
enum vs_err pcapng_walk(struct capture *c, struct pcapng *g, const uint8_t *p, size_t n,
			size_t from, bool last, size_t *next, size_t *need, struct vs_error *err);

/*
 * Every block of a pcapng file open on fd, `size` bytes long, mapped and
 * walked in place. A file cut inside a block sets stats.truncated;
 * g->fallback says the caller must read it through libpcap, skipping the
 * g->frames frames already dissected (0 when pcapng_header did not take
 * its first block).
 */
enum vs_err pcapng_read_mapped(struct capture *c, struct pcapng *g, int fd, uint64_t size,
			       const char *name, capture_progress_fn progress, void *ctx,
			       struct vs_error *err);

#endif
