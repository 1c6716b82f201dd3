/*
 * The classic pcap file format read in place (internal to capture/).
 *
 * libpcap reads a savefile record by record through stdio: a read call's
 * copy into stdio's buffer, then two freads per record copying the header
 * and the frame into its own buffer (and the reader thread copied each
 * frame once more into a batch). On a mirror port's capture of full-size
 * segments those copies were most of the reading thread's time
 * (docs/benchmarks.md). The classic format is a 24-byte file header and
 * 16-byte record headers (the pcap format, draft-ietf-opsawg-pcap), so the
 * records are walked here, in place; any classic variant not handled here
 * (another version, FCS bits in the link type, a link type not read)
 * still goes through libpcap, and pcapng has its own reader
 * (capture/pcapng.h).
 *
 * The file is mapped a window at a time (capture/mapped.h).
 *
 * Records are checked as libpcap checks them: a captured length past
 * PCAPFILE_MAX_CAPLEN is a broken file; a record longer than the file's
 * snap length is cut to it; a file ending inside a record is truncated.
 */
#ifndef VS_CAPTURE_PCAPFILE_H
#define VS_CAPTURE_PCAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/capture.h"
#include "util/err.h"

#define PCAPFILE_HEADER 24
#define PCAPFILE_RECORD 16
/* libpcap's MAXIMUM_SNAPLEN: a record captured longer is a broken file (a
 * rule of the format as libpcap reads it, not a limit of ours). */
#define PCAPFILE_MAX_CAPLEN 262144

struct pcapfile {
	bool swap;    /* written in the other byte order */
	bool nsec;    /* fractions are nanoseconds */
	uint32_t snap; /* records are cut to this many bytes */
	int linktype; /* CAPTURE_DLT_* */
};

/* Whether the file's first bytes are a classic pcap header this reader
 * takes (magic a1b2c3d4 or a1b23c4d in either byte order, version 2.4,
 * Ethernet or Linux cooked v1/v2); false: leave the file to libpcap. */
bool pcapfile_header(const uint8_t *p, size_t n, struct pcapfile *f);

enum pcapfile_rec {
	PCAPFILE_OK,    /* a whole record: *frame, *len, *ts_us set, *off past it */
	PCAPFILE_SHORT, /* the record (or its header) does not end within n bytes */
	PCAPFILE_BAD,   /* its captured length is past PCAPFILE_MAX_CAPLEN: *caplen says */
};

/* The record starting at p[*off] of the n bytes in p. */
enum pcapfile_rec pcapfile_next(const struct pcapfile *f, const uint8_t *p, size_t n, size_t *off,
				const uint8_t **frame, size_t *len, int64_t *ts_us, uint32_t *caplen);

/*
 * The whole records of p[from..n) through capture_packet. *next (when not
 * NULL) is set past the last whole record. last: p ends where the file
 * does, so a record cut there sets *cut. A captured length past
 * PCAPFILE_MAX_CAPLEN is VS_EBADVAL naming `name`.
 */
enum vs_err pcapfile_walk(struct capture *c, const struct pcapfile *f, const uint8_t *p, size_t n,
			  size_t from, bool last, const char *name, size_t *next, bool *cut,
			  struct vs_error *err);

/*
 * Every record of a classic pcap file open on fd, `size` bytes long, its
 * header already read into f: mapped a window at a time and walked in
 * place. A file cut inside a record sets stats.truncated (the records
 * before it count); VS_EIO when a window cannot be mapped.
 */
enum vs_err pcapfile_read_mapped(struct capture *c, const struct pcapfile *f, int fd,
				 uint64_t size, const char *name, capture_progress_fn progress,
				 void *ctx, struct vs_error *err);

#endif
