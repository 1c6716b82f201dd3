/*
 * Shared by the capture reader tests (test_reader.c, classic pcap;
 * test_pcapng.c): a capture file built in memory, and the same bytes read
 * the three ways vendorscope reads a file: in memory (capture_read_memory,
 * walked in place), from a file mapped a window at a time
 * (capture_read_file) and through libpcap (capture_read_pcap), each
 * summed up for comparison. cmocka.h comes first in the test file.
 */
#ifndef VS_TESTS_CAPTURE_THREE_WAYS_H
#define VS_TESTS_CAPTURE_THREE_WAYS_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/reader.h"
#include "model/sighting.h"

struct bytes {
	uint8_t *p;
	size_t len, cap;
	bool swap; /* test_pcapng.c: written big-endian */
};

static inline void put(struct bytes *o, const void *b, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2;
		o->p = realloc(o->p, o->cap);
		assert_non_null(o->p);
	}
	memcpy(o->p + o->len, b, n);
	o->len += n;
}

struct outcome {
	enum vs_err rc;
	uint64_t packets, bytes;
	bool truncated;
	size_t devices;
	int64_t first_us, last_us;
	uint64_t times; /* every device's first and last time, mixed */
	char msg[sizeof(((struct vs_error *)0)->msg)];
};

static inline void summarise(struct capture *c, enum vs_err rc, const struct vs_error *err,
			     struct outcome *out)
{
	const struct capture_stats *st = capture_get_stats(c);
	out->rc = rc;
	out->packets = st->packets;
	out->bytes = st->bytes;
	out->truncated = st->truncated;
	out->devices = capture_device_count(c);
	out->first_us = out->last_us = 0;
	out->times = 0;
	for (size_t i = 0; i < out->devices; i++) {
		const struct sighting *d = capture_device(c, i);
		out->times = out->times * 31 + (uint64_t)d->first_us * 7 + (uint64_t)d->last_us;
		if (!out->first_us || d->first_us < out->first_us)
			out->first_us = d->first_us;
		if (d->last_us > out->last_us)
			out->last_us = d->last_us;
	}
	snprintf(out->msg, sizeof(out->msg), "%s", rc ? err->msg : "");
	capture_free(c);
}

/* o's bytes read in memory (out[0]), from a file (out[1]) and through
 * libpcap's reader (out[2]); name is the one the memory and libpcap
 * readers report errors under. */
static inline void read_three_ways(const struct bytes *o, const char *name,
				   struct outcome out[3])
{
	struct vs_error err = {0};
	struct capture *c = capture_new();
	assert_non_null(c);
	summarise(c, capture_read_memory(c, o->p, o->len, name, &err), &err, &out[0]);

	char path[] = "/tmp/vs-test-capture-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, o->p, o->len), (ssize_t)o->len);
	close(fd);
	c = capture_new();
	assert_non_null(c);
	vs_error_clear(&err);
	summarise(c, capture_read_file(c, path, NULL, NULL, &err), &err, &out[1]);
	unlink(path);

	FILE *f = fmemopen(o->p, o->len, "rb");
	assert_non_null(f);
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_fopen_offline(f, ebuf);
	c = capture_new();
	assert_non_null(c);
	vs_error_clear(&err);
	if (pc) {
		enum vs_err rc = capture_read_pcap(c, pc, pcap_datalink(pc), name, 0, 0, NULL,
						   NULL, &err);
		capture_flush(c);
		summarise(c, rc, &err, &out[2]);
		pcap_close(pc);
	} else {
		fclose(f);
		summarise(c, vs_fail(&err, VS_EBADVAL, "%s", ebuf), &err, &out[2]);
	}
}

#endif
