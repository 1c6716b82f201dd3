#include "capture/reader.h"

#include <stdio.h>
#include <string.h>

#include "util/limits.h"

/* Progress is reported every this many records (a ftell each time). */
#define PROGRESS_EVERY 65536
/* capture_request_stop is looked at every this many records. */
#define STOP_EVERY 1024

enum vs_err capture_read_pcap(struct capture *c, pcap_t *pc, int lt, const char *name,
			      uint64_t total, uint64_t skip, capture_progress_fn progress, void *ctx,
			      struct vs_error *err)
{
	FILE *fp = pcap_file(pc);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;
	for (uint64_t n = 1; (rc = pcap_next_ex(pc, &h, &data)) == 1; n++) {
		if (n <= skip)
			continue;
		if (n % STOP_EVERY == 0 && capture_stop_requested(c))
			return VS_OK;
		size_t len = h->caplen < VS_MAX_CAPTURE_SNAPLEN ? h->caplen : VS_MAX_CAPTURE_SNAPLEN;
		/* Unsigned: a pcapng time stamp can take the seconds anywhere, and
		 * the microseconds wrap as they do in the pcapng reader. */
		int64_t ts = (int64_t)((uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec);
		enum vs_err e = capture_packet(c, lt, data, len, ts, err);
		if (e)
			return e;
		if (progress && total && n % PROGRESS_EVERY == 0 && fp) {
			long off = ftell(fp);
			if (off > 0)
				progress((uint64_t)off, total, ctx);
		}
	}
	if (rc == PCAP_ERROR_BREAK)
		return VS_OK; /* the end of the file */
	const char *msg = pcap_geterr(pc);
	/* A file cut inside its last record (a capture killed mid-write): what
	 * came before is kept, and said. */
	if (strstr(msg, "truncated") != NULL) {
		capture_note_truncated(c);
		return VS_OK;
	}
	return vs_fail(err, VS_EBADVAL, "%s: %s", name, msg);
}
