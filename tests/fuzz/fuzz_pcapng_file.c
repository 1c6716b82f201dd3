/*
 * The pcapng reader in place (src/capture/pcapng.c) on whole files, against
 * libpcap: capture_read_memory walks the blocks where they are and leaves
 * to libpcap what it does not take, skipping the frames it dissected; the
 * same bytes go through libpcap alone (capture_read_pcap). Both must see
 * the same frames at the same times, the same truncation and the same
 * verdict on a broken file. An exact-size copy of the input, so a read
 * past its end is caught.
 * Seeds: site.pcapng (tests/fixtures/pcap) and files in both byte orders
 * with several interfaces, time stamp units and offsets, a second
 * section, simple packet blocks, skipped blocks, options; cut and uncut.
 */
#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "capture/reader.h"
#include "model/sighting.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every device's first and last time, mixed: the frames' times agree. */
static uint64_t times(const struct capture *c)
{
	uint64_t h = 0;
	for (size_t i = 0; i < capture_device_count(c); i++) {
		const struct sighting *d = capture_device(c, i);
		h = h * 31 + (uint64_t)d->first_us * 7 + (uint64_t)d->last_us;
	}
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Only files that start as pcapng: the rest is fuzz_pcap_file's. */
	if (size < 4 || memcmp(data, "\x0a\x0d\x0d\x0a", 4) != 0)
		return 0;
	uint8_t *copy = malloc(size);
	struct capture *mine = capture_new(), *theirs = capture_new();
	if (!copy || !mine || !theirs)
		goto out;
	memcpy(copy, data, size);
	struct vs_error err = {0}, err2 = {0};
	enum vs_err rc = capture_read_memory(mine, copy, size, "fuzz.pcapng", &err);
	FILE *fp = fmemopen(copy, size, "rb");
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = fp ? pcap_fopen_offline(fp, ebuf) : NULL;
	if (fp && !pc)
		fclose(fp);
	if (!fp)
		goto out; /* no memory to compare with */
	enum vs_err rc2 = VS_EBADVAL;
	int dlt = pc ? pcap_datalink(pc) : -1;
	/* A link type the program does not read fails it before any frame
	 * (capture/source.c); libpcap's frames are then not compared. */
	if (pc && dlt != CAPTURE_DLT_EN10MB && dlt != CAPTURE_DLT_LINUX_SLL &&
	    dlt != CAPTURE_DLT_LINUX_SLL2) {
		pcap_close(pc);
		pc = NULL;
	}
	if (pc) {
		rc2 = capture_read_pcap(theirs, pc, dlt, "fuzz.pcapng", 0, 0, NULL, NULL,
					&err2);
		capture_flush(theirs);
		pcap_close(pc);
	}
	const struct capture_stats *a = capture_get_stats(mine), *b = capture_get_stats(theirs);
	if ((rc == VS_OK) != (rc2 == VS_OK) || a->packets != b->packets || a->bytes != b->bytes ||
	    a->truncated != b->truncated || capture_device_count(mine) != capture_device_count(theirs) ||
	    times(mine) != times(theirs)) {
		fprintf(stderr, "fuzz_pcapng_file: differs from libpcap: rc %d/%d packets %llu/%llu "
				"bytes %llu/%llu truncated %d/%d (%s | %s)\n",
			rc, rc2, (unsigned long long)a->packets, (unsigned long long)b->packets,
			(unsigned long long)a->bytes, (unsigned long long)b->bytes, a->truncated,
			b->truncated, err.msg, err2.msg);
		abort();
	}
out:
	capture_free(mine);
	capture_free(theirs);
	free(copy);
	return 0;
}
