/*
 * The whole capture pipeline without a store: a sequence of frames through
 * capture_packet (every dissector, the device and flow tables), then
 * identity resolution, identification and the JSON writer.
 *
 * Input framing (so the fuzzer mutates frames, not libpcap's file format):
 * repeated records of  link(1) len(2, little-endian) frame(len)  where
 * link 0 = Ethernet, 1 = Linux cooked v1, 2 = Linux cooked v2, and 3 = a
 * payload handed over as scan/ does (capture_payload), its record
 *   proto(1: 17 UDP, 6 TCP, else none) sport(2) dport(2) src(4) dst(4)
 *   has_mac(1) mac(6) payload
 * (ports big-endian, IPv4). A record cut short ends the sequence. Seeds:
 * tests/tools/pcapgen/fuzzseeds.py writes one per fixture capture, and
 * site-payload with site.pcap's UDP and TCP payloads as link 3 records.
 * The vendor clouds are loaded, so exposure attempts are built too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "ingest/capture.h"
#include "report/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kb *kb;
static struct policy *pol;
static struct clouds *clouds;

static void load(void)
{
	struct vs_error err = {0};
	if (kb_load(NULL, &kb, &err) || policy_load(NULL, &pol, &err) ||
	    clouds_load(NULL, &clouds, &err)) {
		fprintf(stderr, "fuzz_capture: %s (set VENDORSCOPE_DATA)\n", err.msg);
		abort();
	}
}

/* A link 3 record: the reply's meta, then its payload. */
static enum vs_err payload(struct capture *c, const uint8_t *r, size_t n, int64_t ts,
			   struct vs_error *err)
{
	if (n < 20)
		return VS_OK;
	struct capture_l4 m;
	memset(&m, 0, sizeof(m));
	m.proto = r[0];
	m.sport = (uint16_t)(r[1] << 8 | r[2]);
	m.dport = (uint16_t)(r[3] << 8 | r[4]);
	memcpy(m.src, r + 5, 4);
	memcpy(m.dst, r + 9, 4);
	m.has_mac = r[13] & 1;
	memcpy(m.src_mac, r + 14, 6);
	return capture_payload(c, &m, r + 20, n - 20, ts, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int links[] = {CAPTURE_DLT_EN10MB, CAPTURE_DLT_LINUX_SLL, CAPTURE_DLT_LINUX_SLL2,
				    0};
	if (!kb)
		load();
	struct capture *c = capture_new();
	if (!c)
		return 0;
	struct vs_error err = {0};
	size_t off = 0;
	int64_t ts = 1767225600000000;
	while (size - off >= 3) {
		int link = links[data[off] % 4];
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
		enum vs_err rc = link ? capture_packet(c, link, frame, len, ts, &err)
				      : payload(c, frame, len, ts, &err);
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
	struct ingest_capture_opts o = {.path = "fuzz", .format = "pcap", .clouds = clouds};
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
