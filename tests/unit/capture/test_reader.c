/*
 * The file reader's two threads (src/capture/reader.c) over inputs that
 * take many batches: every frame arrives once and in order, whichever
 * thread is ahead; a file cut inside its last record keeps the frames
 * before it; big frames (up to the snap length) share batches. CI runs
 * this under ThreadSanitizer as well as ASan+UBSan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "model/sighting.h"
#include "util/limits.h"

struct pcap_out {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct pcap_out *o, const void *b, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2;
		o->p = realloc(o->p, o->cap);
		assert_non_null(o->p);
	}
	memcpy(o->p + o->len, b, n);
	o->len += n;
}

static void put32(struct pcap_out *o, uint32_t v)
{
	put(o, &v, 4); /* the file is written in this machine's byte order, as pcap allows */
}

static void header(struct pcap_out *o)
{
	put32(o, 0xa1b2c3d4);
	uint16_t ver[2] = {2, 4};
	put(o, ver, 4);
	put32(o, 0);
	put32(o, 0);
	put32(o, VS_MAX_CAPTURE_SNAPLEN);
	put32(o, 1); /* LINKTYPE_ETHERNET */
}

/* An ARP reply from MAC 02:00:00:00:hi:lo (locally administered), padded
 * to `size` bytes; frame i is sent at second i. */
static void arp_frame(struct pcap_out *o, uint32_t i, unsigned device, size_t size)
{
	static uint8_t f[VS_MAX_CAPTURE_SNAPLEN];
	memset(f, 0, size);
	uint8_t mac[6] = {0x02, 0, 0, 0, (uint8_t)(device >> 8), (uint8_t)device};
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08, f[13] = 0x06;                             /* ARP */
	f[14] = 0, f[15] = 1, f[16] = 0x08, f[17] = 0, f[18] = 6, f[19] = 4; /* Ethernet/IPv4 */
	f[20] = 0, f[21] = 2;                                   /* reply */
	memcpy(f + 22, mac, 6);
	f[28] = 10, f[29] = 9, f[30] = (uint8_t)(device >> 8), f[31] = (uint8_t)device;
	put32(o, i);
	put32(o, 0);
	put32(o, (uint32_t)size);
	put32(o, (uint32_t)size);
	put(o, f, size);
}

static void read_back(const struct pcap_out *o, uint64_t want_packets, size_t want_devices,
		      bool want_truncated, int64_t want_last_us)
{
	struct capture *c = capture_new();
	assert_non_null(c);
	struct vs_error err = {0};
	assert_int_equal(capture_read_memory(c, o->p, o->len, "mem.pcap", &err), VS_OK);
	const struct capture_stats *st = capture_get_stats(c);
	assert_int_equal(st->packets, want_packets);
	assert_int_equal(st->truncated, want_truncated);
	assert_int_equal(capture_device_count(c), want_devices);
	int64_t last = 0;
	for (size_t i = 0; i < capture_device_count(c); i++)
		if (capture_device(c, i)->last_us > last)
			last = capture_device(c, i)->last_us;
	assert_true(last == want_last_us);
	capture_free(c);
}

/* 50,000 small frames: several times the frames one batch holds, so the
 * reader waits for the dissector and the ring wraps many times. */
static void many_batches_every_frame_once(void **state)
{
	(void)state;
	struct pcap_out o = {0};
	header(&o);
	for (uint32_t i = 0; i < 50000; i++)
		arp_frame(&o, i, i % 1000, 60);
	read_back(&o, 50000, 1000, false, 49999LL * 1000000);
	free(o.p);
}

/* Frames at the snap length fill batches by bytes, not count. */
static void big_frames_fill_batches_by_bytes(void **state)
{
	(void)state;
	struct pcap_out o = {0};
	header(&o);
	for (uint32_t i = 0; i < 40; i++)
		arp_frame(&o, i, i, i % 2 ? VS_MAX_CAPTURE_SNAPLEN : 60);
	read_back(&o, 40, 40, false, 39LL * 1000000);
	free(o.p);
}

/* Cut inside the last record, many batches in: the frames before it stay. */
static void cut_in_a_late_batch(void **state)
{
	(void)state;
	struct pcap_out o = {0};
	header(&o);
	for (uint32_t i = 0; i < 30000; i++)
		arp_frame(&o, i, i % 500, 60);
	o.len -= 20;
	read_back(&o, 29999, 500, true, 29998LL * 1000000);
	free(o.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_batches_every_frame_once),
		cmocka_unit_test(big_frames_fill_batches_by_bytes),
		cmocka_unit_test(cut_in_a_late_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
