/*
 * Reading a capture file on a second thread (internal to capture/).
 *
 * libpcap's walk over a file (a read and two copies per record) costs about
 * as much as dissecting the frames, so the two run side by side: a reader
 * thread copies frames into a few fixed batches, the calling thread hands
 * them to capture_packet in file order. Output is the same as reading on
 * one thread, frame for frame; memory is the batches, whatever the file's
 * size.
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
 * reported). A record cut by the end of the file sets stats.truncated and
 * keeps what came before; another libpcap error is VS_EBADVAL naming `name`.
 */
enum vs_err capture_read_batched(struct capture *c, pcap_t *pc, int lt, const char *name,
				 uint64_t total, capture_progress_fn progress, void *ctx,
				 struct vs_error *err);

#endif
