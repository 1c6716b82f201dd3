/*
 * The pcapng reader in place (src/capture/pcapng.c) against libpcap's, over
 * the same bytes: in memory (capture_read_memory), from a file mapped a
 * window at a time (capture_read_file) and through libpcap
 * (capture_read_pcap). Every frame once and in order, at the same
 * microsecond, in both byte orders, with several interfaces of their own
 * time stamp units and offsets, sections, simple packet blocks, blocks the
 * reader skips, options; a file cut inside a block keeps the frames
 * before it; what the reader leaves to libpcap (a second link type, a
 * damaged block, more interfaces than it keeps) ends as libpcap says,
 * with the frames before dissected once.
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

#include "capture/pcapng.h"
#include "three_ways.h"
#include "util/limits.h"

static void put16(struct bytes *o, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	if (o->swap)
		b[0] = (uint8_t)(v >> 8), b[1] = (uint8_t)v;
	put(o, b, 2);
}

static void put32(struct bytes *o, uint32_t v)
{
	uint8_t b[4];
	for (int i = 0; i < 4; i++)
		b[o->swap ? 3 - i : i] = (uint8_t)(v >> (8 * i));
	put(o, b, 4);
}

static void put64(struct bytes *o, uint64_t v)
{
	if (o->swap) {
		put32(o, (uint32_t)(v >> 32));
		put32(o, (uint32_t)v);
	} else {
		put32(o, (uint32_t)v);
		put32(o, (uint32_t)(v >> 32));
	}
}

static size_t block_begin(struct bytes *o, uint32_t type)
{
	size_t at = o->len;
	put32(o, type);
	put32(o, 0); /* the length, once known */
	return at;
}

static void block_end(struct bytes *o, size_t at)
{
	static const uint8_t zero[4];
	put(o, zero, (4 - o->len % 4) % 4);
	uint32_t total = (uint32_t)(o->len - at + 4);
	put32(o, total);
	struct bytes w = {o->p + at + 4, 0, 4, o->swap};
	put32(&w, total);
}

static void option(struct bytes *o, uint16_t code, const void *v, uint16_t n)
{
	static const uint8_t zero[4];
	put16(o, code);
	put16(o, n);
	put(o, v, n);
	put(o, zero, (4 - n % 4) % 4);
}

static void shb(struct bytes *o)
{
	size_t at = block_begin(o, PCAPNG_SHB);
	put32(o, 0x1A2B3C4D);
	put16(o, 1);
	put16(o, 0);
	put64(o, ~(uint64_t)0); /* section length not given */
	option(o, 4, "vs-test", 7); /* shb_userappl */
	put32(o, 0);                 /* opt_endofopt */
	block_end(o, at);
}

/* An interface: tsresol 0 for none (microseconds), else the option's byte. */
static void idb(struct bytes *o, uint16_t linktype, uint32_t snap, uint8_t tsresol, int64_t tsoffset)
{
	size_t at = block_begin(o, 1);
	put16(o, linktype);
	put16(o, 0);
	put32(o, snap);
	option(o, 2, "eth0", 4); /* if_name */
	if (tsresol)
		option(o, 9, &tsresol, 1);
	if (tsoffset) {
		uint8_t v[8];
		struct bytes w = {v, 0, 8, o->swap};
		put64(&w, (uint64_t)tsoffset);
		option(o, 14, v, 8);
	}
	put32(o, 0);
	block_end(o, at);
}

/* An ARP reply from MAC 02:00:00:00:hi:lo, padded to `size` bytes. */
static const uint8_t *arp(unsigned device, size_t size)
{
	static uint8_t f[VS_MAX_CAPTURE_SNAPLEN];
	memset(f, 0, size);
	uint8_t mac[6] = {0x02, 0, 0, 0, (uint8_t)(device >> 8), (uint8_t)device};
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08, f[13] = 0x06;
	f[14] = 0, f[15] = 1, f[16] = 0x08, f[17] = 0, f[18] = 6, f[19] = 4;
	f[20] = 0, f[21] = 2;
	memcpy(f + 22, mac, 6);
	f[28] = 10, f[29] = 9, f[30] = (uint8_t)(device >> 8), f[31] = (uint8_t)device;
	return f;
}

static void epb(struct bytes *o, uint32_t iface, uint64_t ts, unsigned device, size_t size)
{
	size_t at = block_begin(o, 6);
	put32(o, iface);
	put32(o, (uint32_t)(ts >> 32));
	put32(o, (uint32_t)ts);
	put32(o, (uint32_t)size);
	put32(o, (uint32_t)size);
	put(o, arp(device, size), size);
	static const uint8_t zero[4];
	put(o, zero, (4 - size % 4) % 4);
	option(o, 1, "a comment", 9); /* opt_comment */
	put32(o, 0);
	block_end(o, at);
}

static void spb(struct bytes *o, unsigned device, size_t size)
{
	size_t at = block_begin(o, 3);
	put32(o, (uint32_t)size);
	put(o, arp(device, size), size);
	block_end(o, at);
}

/* A block the reader skips (a name resolution block's shape). */
static void other(struct bytes *o)
{
	size_t at = block_begin(o, 4);
	put16(o, 1);
	put16(o, 8);
	put(o, "\x0a\x09\x00\x01host", 8);
	put32(o, 0);
	block_end(o, at);
}

/* The three readers; out[2] is libpcap's alone. All three must agree. */
static void read_three_ways_agreeing(const struct bytes *o, struct outcome out[3])
{
	read_three_ways(o, "mem.pcapng", out);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(out[i].rc, out[2].rc);
		assert_int_equal(out[i].packets, out[2].packets);
		assert_int_equal(out[i].bytes, out[2].bytes);
		assert_int_equal(out[i].truncated, out[2].truncated);
		assert_int_equal(out[i].devices, out[2].devices);
		assert_true(out[i].first_us == out[2].first_us);
		assert_true(out[i].last_us == out[2].last_us);
		assert_true(out[i].times == out[2].times);
	}
}

/* Walked in place to the end: the reader left nothing to libpcap. */
static void read_in_place(const struct bytes *o, uint64_t frames)
{
	static struct pcapng g;
	size_t hlen, next, need;
	assert_true(pcapng_header(o->p, o->len, &g, &hlen));
	struct capture *c = capture_new();
	struct vs_error err = {0};
	assert_int_equal(pcapng_walk(c, &g, o->p, o->len, hlen, true, &next, &need, &err), VS_OK);
	assert_false(g.fallback);
	assert_true(g.frames == frames);
	capture_free(c);
}

/* 80,000 small frames, 9 MB: more than one mapped window. */
static void many_windows_every_frame_once(void **state)
{
	(void)state;
	struct bytes o = {0};
	shb(&o);
	idb(&o, 1, 65535, 0, 0);
	for (uint32_t i = 0; i < 80000; i++)
		epb(&o, 0, (uint64_t)i * 1000000, i % 1000, 60);
	struct outcome out[3];
	read_three_ways_agreeing(&o, out);
	assert_int_equal(out[2].rc, VS_OK);
	assert_int_equal(out[2].packets, 80000);
	assert_int_equal(out[2].devices, 1000);
	assert_true(out[2].last_us == 79999LL * 1000000);
	read_in_place(&o, 80000);
	free(o.p);
}

/* Frames at the snap length straddle the mapped windows. */
static void big_frames_straddle_windows(void **state)
{
	(void)state;
	struct bytes o = {0};
	shb(&o);
	idb(&o, 1, 0, 0, 0);
	for (uint32_t i = 0; i < 40; i++)
		epb(&o, 0, (uint64_t)i * 1000000, i, i % 2 ? VS_MAX_CAPTURE_SNAPLEN : 60);
	struct outcome out[3];
	read_three_ways_agreeing(&o, out);
	assert_int_equal(out[2].packets, 40);
	assert_int_equal(out[2].devices, 40);
	read_in_place(&o, 40);
	free(o.p);
}

/*
 * Both byte orders; interfaces in microseconds, nanoseconds, milliseconds
 * and 2^-20 s, one with an offset of a day; a second section with its own
 * interface; simple packet blocks; blocks skipped. The times libpcap
 * gives, to the microsecond.
 */
static void byte_orders_interfaces_sections(void **state)
{
	(void)state;
	for (int swap = 0; swap < 2; swap++) {
		struct bytes o = {.swap = swap};
		shb(&o);
		other(&o);
		idb(&o, 1, 65535, 0, 0);
		idb(&o, 1, 65535, 9, 0);
		idb(&o, 1, 65535, 3, 86400);
		idb(&o, 1, 65535, 0x80 | 20, 0);
		uint64_t s = 1772438400;
		for (uint32_t i = 0; i < 400; i++) {
			uint64_t t = s + i;
			switch (i % 4) {
			case 0: epb(&o, 0, t * 1000000 + 123456, i % 40, 60); break;
			case 1: epb(&o, 1, t * 1000000000 + 123456789, i % 40, 60); break;
			case 2: epb(&o, 2, (t - 86400) * 1000 + 123, i % 40, 60); break;
			case 3: epb(&o, 3, t << 20 | 12345, i % 40, 60); break;
			}
			if (i % 50 == 0)
				spb(&o, 40 + i / 50, 60);
		}
		shb(&o);
		idb(&o, 1, 65535, 6, 0);
		epb(&o, 0, (s + 1000) * 1000000 + 7, 99, 60);
		struct outcome out[3];
		read_three_ways_agreeing(&o, out);
		assert_int_equal(out[2].rc, VS_OK);
		assert_int_equal(out[2].packets, 400 + 8 + 1);
		assert_int_equal(out[2].devices, 40 + 8 + 1);
		assert_true(out[2].last_us == (int64_t)(s + 1000) * 1000000 + 7);
		read_in_place(&o, 409);
		free(o.p);
	}
}

/* Cut inside the last block, a window in: the frames before it stay. Cut
 * before the first interface: not a file either reader takes. */
static void cut_inside_a_block(void **state)
{
	(void)state;
	struct bytes o = {0};
	shb(&o);
	idb(&o, 1, 65535, 0, 0);
	for (uint32_t i = 0; i < 60000; i++)
		epb(&o, 0, (uint64_t)i * 1000000, i % 500, 60);
	size_t whole = o.len;
	for (size_t cut = 4; cut <= 12; cut += 4) {
		o.len = whole - cut;
		struct outcome out[3];
		read_three_ways_agreeing(&o, out);
		assert_int_equal(out[2].rc, VS_OK);
		assert_true(out[2].truncated);
		assert_int_equal(out[2].packets, 59999);
	}
	o.len = whole - 100 - 6; /* inside a block header */
	struct outcome out[3];
	read_three_ways_agreeing(&o, out);
	assert_true(out[2].truncated);

	struct bytes h = {0};
	shb(&h);
	idb(&h, 1, 65535, 0, 0);
	h.len -= 8;
	read_three_ways_agreeing(&h, out);
	assert_int_equal(out[2].rc, VS_EBADVAL);
	free(h.p);
	free(o.p);
}

/*
 * What the reader leaves to libpcap, after frames it dissected: an
 * interface of another link type (libpcap fails the file), a block whose
 * trailer disagrees (it fails), more interfaces than the reader keeps
 * (libpcap reads on). The frames before are counted once.
 */
static void left_to_libpcap(void **state)
{
	(void)state;
	for (int k = 0; k < 3; k++) {
		struct bytes o = {0};
		shb(&o);
		idb(&o, 1, 65535, 0, 0);
		for (uint32_t i = 0; i < 100; i++)
			epb(&o, 0, (uint64_t)i * 1000000, i, 60);
		if (k == 0) {
			idb(&o, 113, 65535, 0, 0);
		} else if (k == 1) {
			epb(&o, 0, 100 * 1000000, 100, 60);
			o.p[o.len - 1] ^= 1;
		} else {
			for (int i = 0; i < VS_MAX_PCAPNG_INTERFACES; i++)
				idb(&o, 1, 65535, 0, 0);
		}
		for (uint32_t i = 0; i < 50; i++)
			epb(&o, k == 2 ? VS_MAX_PCAPNG_INTERFACES : 0, (uint64_t)(200 + i) * 1000000,
			    200 + i, 60);
		struct outcome out[3];
		read_three_ways_agreeing(&o, out);
		assert_int_equal(out[2].rc, k == 2 ? VS_OK : VS_EBADVAL);
		assert_int_equal(out[2].packets, k == 2 ? 150 : 100);
		for (int i = 0; i < 3; i++)
			assert_string_equal(out[i].msg + strcspn(out[i].msg, ":"),
					    out[2].msg + strcspn(out[2].msg, ":"));
		free(o.p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_windows_every_frame_once),
		cmocka_unit_test(big_frames_straddle_windows),
		cmocka_unit_test(byte_orders_interfaces_sections),
		cmocka_unit_test(cut_inside_a_block),
		cmocka_unit_test(left_to_libpcap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
