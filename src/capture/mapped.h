/*
 * A capture file mapped and walked in place a window at a time (internal
 * to capture/): what the classic pcap reader (capture/pcapfile.c) and the
 * pcapng reader (capture/pcapng.c) share.
 *
 * The file is mapped rather than read: read() alone copied 1.1 GB in
 * 0.16-0.19 s here, mapping the same windows with MAP_POPULATE took
 * 0.05 s, and the copies were the largest item left in the profile.
 * Memory stays a few windows: the pages behind the walk are dropped (a
 * record longer than a window gets a window of its own size, at most the
 * format's largest record). A file truncated by another process while it
 * is mapped would raise SIGBUS: the size is checked again before each
 * window is walked, so only a truncation within the milliseconds a window
 * is dissected can, and a capture file is appended to, not cut, by the
 * tools that write one.
 */
#ifndef VS_CAPTURE_MAPPED_H
#define VS_CAPTURE_MAPPED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/capture.h"
#include "util/err.h"

/* 4 MiB: large enough that mapping costs little per byte, small enough to
 * stay a small part of the memory a capture uses. */
#define MAPPED_WINDOW (4u << 20)

/*
 * One window's walk over p[from..n) (p: the file's first byte; n: where
 * the window ends; last: the file ends at n). Sets *next past the last whole record walked. When the
 * record at *next does not end within the window, *need is how many bytes
 * from *next it takes (0 when its header is not whole either), so the next
 * window is mapped large enough. *stop ends the reading (the file ends
 * inside a record, or the reader leaves the rest to libpcap).
 */
typedef enum vs_err (*mapped_walk_fn)(void *ctx, const uint8_t *p, size_t n, size_t from,
				      bool last, size_t *next, size_t *need, bool *stop,
				      struct vs_error *err);

/*
 * Walk the file open on fd, `size` bytes long, from offset `from` to its
 * end (or *stop). VS_EIO when a window cannot be mapped; otherwise what
 * the walker returns. progress (may be NULL) is told after each window.
 */
enum vs_err mapped_read(int fd, uint64_t size, uint64_t from, const char *name,
			mapped_walk_fn walk, void *ctx, capture_progress_fn progress,
			void *progress_ctx, struct vs_error *err);

#endif
