/*
 * The whole capture pipeline without a store: a sequence of frames through
 * capture_packet (every dissector, the device and flow tables), then
 * identity resolution, identification and the JSON writer.
 *
 * Input framing (so the fuzzer mutates frames, not libpcap's file format):
 * repeated records of  link(1) len(2, little-endian) frame(len)  where
 * link 0 = Ethernet, 1 = Linux cooked v1, 2 = Linux cooked v2. A record cut
 * short ends the sequence. Seeds: tests/tools/pcapgen/fuzzseeds.py writes
 * one per fixture capture.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "capture/capture.h"
#include "ingest/capture.h"
#include "report/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kb *kb;
static struct policy *pol;

static void load(void)
{
	struct vs_error err = {0};
	if (kb_load(NULL, &kb, &err) || policy_load(NULL, &pol, &err)) {
		fprintf(stderr, "fuzz_capture: %s (set VENDORSCOPE_DATA)\n", err.msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int links[] = {CAPTURE_DLT_EN10MB, CAPTURE_DLT_LINUX_SLL, CAPTURE_DLT_LINUX_SLL2};
	if (!kb)
		load();
	struct capture *c = capture_new();
	if (!c)
		return 0;
	struct vs_error err = {0};
	size_t off = 0;
	int64_t ts = 1767225600000000;
	while (size - off >= 3) {
		int link = links[data[off] % 3];
		size_t len = (size_t)data[off + 1] | (size_t)data[off + 2] << 8;
		off += 3;
		if (len > size - off)
			break;
		/* An exact-size copy, so a read past the frame is caught. */
		uint8_t *frame = malloc(len ? len : 1);
		if (!frame)
			break;
		for (size_t i = 0; i < len; i++)
			frame[i] = data[off + i];
		enum vs_err rc = capture_packet(c, link, frame, len, ts, &err);
		free(frame);
		if (rc)
			break;
		off += len;
		ts += 1000;
	}
	size_t n = 0;
	struct sighting *d = capture_detach(c, &n);
	capture_free(c);
	if (!d)
		return 0;
	struct ingest_capture_opts o = {.path = "fuzz", .format = "pcap"};
	struct capture_result res;
	if (ingest_capture(NULL, kb, pol, d, n, &o, &res, &err) == VS_OK) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < res.n; i++)
			report_device_json(&res.dev[i].asset, &res.dev[i].seen, &sb);
		strbuf_release(&sb);
	}
	capture_result_release(&res);
	return 0;
}
