/*
 * The capture phase alone: vendorscope's reader and dissectors over a file
 * (capture_read_file, the same code `vendorscope capture --read` runs),
 * without identification and the store. bench/capture/run.sh builds it
 * against the release library and times it beside the whole command, so
 * the table shows which part of vendorscope's time is reading packets.
 */
#include <stdio.h>

#include "capture/capture.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: capphase FILE\n");
		return 64;
	}
	struct capture *c = capture_new();
	struct vs_error err = {0};
	if (!c || capture_read_file(c, argv[1], NULL, NULL, &err) != VS_OK) {
		fprintf(stderr, "capphase: %s\n", c ? err.msg : "out of memory");
		capture_free(c);
		return 65;
	}
	const struct capture_stats *st = capture_get_stats(c);
	printf("%llu frames, %zu devices\n", (unsigned long long)st->packets, capture_device_count(c));
	capture_free(c);
	return 0;
}
