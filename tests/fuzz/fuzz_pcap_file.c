/*
 * The classic pcap reader (src/capture/pcapfile.c) on whole files, against
 * libpcap: capture_read_memory walks the records in place, and the same
 * bytes go through libpcap (capture_read_pcap, what the program used
 * for every file before and still uses for pcapng); both must see the same frames,
 * the same truncation and the same verdict on a broken file. An
 * exact-size copy of the input, so a read past its end is caught.
 * Seeds: the fixture captures (tests/fixtures/pcap), cut and uncut.
 */
#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "capture/pcapfile.h"
#include "capture/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct vs_error err = {0};
	struct capture *mine = capture_new();
	if (!mine) {
		free(copy);
		return 0;
	}
	enum vs_err rc = capture_read_memory(mine, copy, size, "fuzz.pcap", &err);
	struct pcapfile f;
	bool classic = pcapfile_header(copy, size, &f);
	/* The same bytes through libpcap, when they are a file this reader
	 * takes (anything else went to libpcap in the first place). */
	FILE *fp = classic ? fmemopen(copy, size, "rb") : NULL;
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = fp ? pcap_fopen_offline(fp, ebuf) : NULL;
	if (fp && !pc)
		fclose(fp);
	if (pc) {
		struct capture *theirs = capture_new();
		if (theirs) {
			struct vs_error err2 = {0};
			enum vs_err rc2 = capture_read_pcap(theirs, pc, f.linktype, "fuzz.pcap", 0, 0, NULL,
							       NULL, &err2);
			capture_flush(theirs);
			const struct capture_stats *a = capture_get_stats(mine), *b = capture_get_stats(theirs);
			if ((rc == VS_OK) != (rc2 == VS_OK) || a->packets != b->packets ||
			    a->bytes != b->bytes || a->truncated != b->truncated ||
			    capture_device_count(mine) != capture_device_count(theirs)) {
				fprintf(stderr, "fuzz_pcap_file: differs from libpcap: rc %d/%d packets %llu/%llu "
						"bytes %llu/%llu truncated %d/%d (%s | %s)\n",
					rc, rc2, (unsigned long long)a->packets, (unsigned long long)b->packets,
					(unsigned long long)a->bytes, (unsigned long long)b->bytes, a->truncated,
					b->truncated, err.msg, err2.msg);
				abort();
			}
			capture_free(theirs);
		}
		pcap_close(pc);
	}
	capture_free(mine);
	free(copy);
	return 0;
}
