/*
 * Reading a capture file through libpcap (internal to capture/): what the
 * readers in place (capture/pcapfile.c, capture/pcapng.c) leave to it.
 *
 * Each record is dissected where pcap_next_ex left it, on the calling
 * thread. An earlier reader copied the records into batches for a second
 * thread to dissect; once most frames of a mirror port's capture took the
 * fast path, the copy cost more than the overlap saved (bulk-mix pcapng,
 * 1.1 GB: 0.46 s of CPU on one thread against 0.55 s on two, and no
 * faster by the clock on this shared 2-core machine; docs/benchmarks.md).
 */
#ifndef VS_CAPTURE_READER_H
#define VS_CAPTURE_READER_H

#include <pcap/pcap.h>
#include <stdint.h>

#include "capture/capture.h"
#include "util/err.h"

/*
 * Every record of an open offline handle of link type lt (a CAPTURE_DLT_*)
 * through capture_packet. total is the file's size for progress (0: none
 * reported). The first `skip` records are read but not dissected (the
 * pcapng reader dissected them before it left the file to libpcap). A
 * record cut by the end of the file sets stats.truncated and keeps what
 * came before; another libpcap error is VS_EBADVAL naming `name`.
 */
enum vs_err capture_read_pcap(struct capture *c, pcap_t *pc, int lt, const char *name,
			      uint64_t total, uint64_t skip, capture_progress_fn progress, void *ctx,
			      struct vs_error *err);

#endif
