/*
 * The three ways a capture file is read, over the same bytes: in memory
 * (capture_read_memory, walked in place), from a file (capture_read_file:
 * a classic pcap mapped a window at a time, capture/pcapfile.c) and
 * through libpcap (src/capture/reader.c, what pcapng files take). Inputs
 * span several windows: every frame arrives once and in order; a file cut
 * inside its last record keeps the frames before it; big frames (up to
 * the snap length) straddle windows. Then the classic format's variants:
 * nanosecond timestamps, the other byte order, a snap length, a broken
 * record length.
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

#include "three_ways.h"
#include "util/limits.h"

static void put32(struct bytes *o, uint32_t v)
{
	put(o, &v, 4); /* the file is written in this machine's byte order, as pcap allows */
}

static void header(struct bytes *o)
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
static void arp_frame(struct bytes *o, uint32_t i, unsigned device, size_t size)
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

static void read_back(const struct bytes *o, uint64_t want_packets, size_t want_devices,
		      bool want_truncated, int64_t want_last_us)
{
	struct outcome out[3];
	read_three_ways(o, "mem.pcap", out);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(out[i].rc, VS_OK);
		assert_int_equal(out[i].packets, want_packets);
		assert_int_equal(out[i].truncated, want_truncated);
		assert_int_equal(out[i].devices, want_devices);
		assert_true(out[i].last_us == want_last_us);
	}
}

/* 80,000 small frames, 6 MB: more than one mapped window. */
static void many_windows_every_frame_once(void **state)
{
	(void)state;
	struct bytes o = {0};
	header(&o);
	for (uint32_t i = 0; i < 80000; i++)
		arp_frame(&o, i, i % 1000, 60);
	read_back(&o, 80000, 1000, false, 79999LL * 1000000);
	free(o.p);
}

/* Frames at the snap length straddle the mapped windows at many offsets. */
static void big_frames_straddle_windows(void **state)
{
	(void)state;
	struct bytes o = {0};
	header(&o);
	for (uint32_t i = 0; i < 40; i++)
		arp_frame(&o, i, i, i % 2 ? VS_MAX_CAPTURE_SNAPLEN : 60);
	read_back(&o, 40, 40, false, 39LL * 1000000);
	free(o.p);
}

/* Cut inside the last record, a window in: the frames before it stay. */
static void cut_a_window_in(void **state)
{
	(void)state;
	struct bytes o = {0};
	header(&o);
	for (uint32_t i = 0; i < 30000; i++)
		arp_frame(&o, i, i % 500, 60);
	o.len -= 20;
	read_back(&o, 29999, 500, true, 29998LL * 1000000);
	free(o.p);
}

/* The same frames written in the other byte order, or with nanosecond
 * fractions: the same devices at the same microseconds. */
static void put32_as(struct bytes *o, uint32_t v, bool swap)
{
	put32(o, swap ? __builtin_bswap32(v) : v);
}

static void variant(struct bytes *o, bool swap, bool nsec, uint32_t snap)
{
	put32_as(o, nsec ? 0xa1b23c4d : 0xa1b2c3d4, swap);
	uint16_t ver[2] = {2, 4};
	if (swap)
		ver[0] = __builtin_bswap16(ver[0]), ver[1] = __builtin_bswap16(ver[1]);
	put(o, ver, 4);
	put32(o, 0);
	put32(o, 0);
	put32_as(o, snap, swap);
	put32_as(o, 1, swap);
	struct bytes one = {0};
	for (uint32_t i = 0; i < 300; i++) {
		one.len = 0;
		arp_frame(&one, i, i % 30, 60);
		/* arp_frame wrote a native record: rewrite its header */
		uint32_t frac = 123456;
		put32_as(o, 1772438400u + i, swap);
		put32_as(o, nsec ? frac * 1000 + 999 : frac, swap);
		put32_as(o, 60, swap);
		put32_as(o, 60, swap);
		put(o, one.p + 16, 60);
	}
	free(one.p);
}

static void byte_orders_and_nanoseconds(void **state)
{
	(void)state;
	int64_t first = 1772438400LL * 1000000 + 123456, last = first + 299LL * 1000000;
	for (int k = 0; k < 4; k++) {
		struct bytes o = {0};
		variant(&o, k & 1, k & 2, VS_MAX_CAPTURE_SNAPLEN);
		struct outcome out[3];
		read_three_ways(&o, "mem.pcap", out);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(out[i].rc, VS_OK);
			assert_int_equal(out[i].packets, 300);
			assert_int_equal(out[i].devices, 30);
			assert_true(out[i].first_us == first);
			assert_true(out[i].last_us == last);
		}
		free(o.p);
	}
}

/* A snap length in the header shorter than a record cuts it, as libpcap
 * does: an ARP cut to 30 bytes no longer parses and binds nothing, so the
 * only devices are the Ethernet sources. */
static void snap_length_cuts_records(void **state)
{
	(void)state;
	struct bytes o = {0};
	variant(&o, false, false, 30);
	struct outcome out[3];
	read_three_ways(&o, "mem.pcap", out);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(out[i].rc, VS_OK);
		assert_int_equal(out[i].packets, 300);
	}
	/* The bytes handed to the dissectors: count them through a capture. */
	struct capture *c = capture_new();
	struct vs_error err = {0};
	assert_int_equal(capture_read_memory(c, o.p, o.len, "snap.pcap", &err), VS_OK);
	assert_int_equal(capture_get_stats(c)->bytes, 300 * 30);
	capture_free(c);
	free(o.p);
}

/* A record longer than libpcap's maximum is a broken file, with the frames
 * before it kept and libpcap's words in the message whichever reader. */
static void record_length_past_the_maximum(void **state)
{
	(void)state;
	struct bytes o = {0};
	header(&o);
	for (uint32_t i = 0; i < 10; i++)
		arp_frame(&o, i, i, 60);
	put32(&o, 10);
	put32(&o, 0);
	put32(&o, 262145);
	put32(&o, 262145);
	struct outcome out[3];
	read_three_ways(&o, "mem.pcap", out);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(out[i].rc, VS_EBADVAL);
		assert_int_equal(out[i].packets, 10);
		assert_non_null(strstr(out[i].msg, "invalid packet capture length 262145"));
	}
	free(o.p);
}

/* A stop asked for (by another thread, in the command) ends the reading
 * within a window: of 80,000 frames in 6 MB, at most a window's worth. */
static void stop_requested_ends_reading(void **state)
{
	(void)state;
	struct bytes o = {0};
	header(&o);
	for (uint32_t i = 0; i < 80000; i++)
		arp_frame(&o, i, i % 1000, 60);
	char path[] = "/tmp/vs-test-reader-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, o.p, o.len), (ssize_t)o.len);
	close(fd);
	struct capture *c = capture_new();
	struct vs_error err = {0};
	capture_request_stop(c);
	assert_int_equal(capture_read_file(c, path, NULL, NULL, &err), VS_OK);
	assert_true(capture_get_stats(c)->packets < 80000);
	capture_free(c);
	unlink(path);
	free(o.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_windows_every_frame_once),
		cmocka_unit_test(big_frames_straddle_windows),
		cmocka_unit_test(cut_a_window_in),
		cmocka_unit_test(byte_orders_and_nanoseconds),
		cmocka_unit_test(snap_length_cuts_records),
		cmocka_unit_test(record_length_past_the_maximum),
		cmocka_unit_test(stop_requested_ends_reading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
