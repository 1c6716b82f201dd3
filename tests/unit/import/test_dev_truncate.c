/* Every device-file fixture the real tools wrote (tests/fixtures/devices/),
 * cut at every length: each prefix parses or fails cleanly with FILE:LINE,
 * never anything else (run under ASan+UBSan by scripts/build asan).
 *
 * Each cut is a whole parse, so a file of n bytes costs n^2/2: past
 * FULL_BYTES the lengths in the first FULL_BYTES and the last FULL_BYTES / 4 are all
 * tried and every STRIDE-th in between (a prime, so every element and
 * escape is cut somewhere). VS_TRUNCATE_ALL=1 tries every length of every
 * file (nmap-sV.xml, 90 KB: ~2 minutes without sanitizers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/devices.h"
#include "util/file.h"

#define FULL_BYTES 8192
#define STRIDE 101

static const struct {
	const char *file, *format;
	size_t devices;
} fixtures[] = {
	{"nmap-sV.xml", "nmap", 15},	      {"nmap-sn.xml", "nmap", 15},
	{"arp-scan.txt", "arp-scan", 15},     {"arp-scan-plain.txt", "arp-scan", 15},
	{"ip-neigh.txt", "ip-neigh", 13},     {"arp-an.txt", "arp", 13},
};

static void every_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/tests/fixtures/devices/%s", VS_TEST_SRCDIR,
			 fixtures[i].file);
		uint8_t *data = NULL;
		size_t len = 0;
		struct vs_error err = {0};
		assert_int_equal(file_read_all(path, 1 << 24, &data, &len, &err), VS_OK);
		const struct device_format *f = device_format_by_name(fixtures[i].format);
		assert_non_null(f);
		/* Detected from the content, whole. */
		assert_ptr_equal(device_format_detect(data, len < DEVICE_DETECT_BYTES ? len : DEVICE_DETECT_BYTES), f);
		size_t ok = 0;
		bool all = len <= FULL_BYTES || getenv("VS_TRUNCATE_ALL");
		for (size_t n = 0; n <= len;
		     n += all || n < FULL_BYTES || n + FULL_BYTES / 4 >= len ? 1 : STRIDE) {
			struct device_list l = {0};
			vs_error_clear(&err);
			enum vs_err rc = f->parse(fixtures[i].file, data, n, &l, &err);
			if (rc != VS_OK) {
				if (rc != VS_EBADVAL)
					fail_msg("%s cut at %zu: error %d (%s)", fixtures[i].file, n, rc, err.msg);
				if (strncmp(err.msg, fixtures[i].file, strlen(fixtures[i].file)) != 0 ||
				    err.msg[strlen(fixtures[i].file)] != ':')
					fail_msg("%s cut at %zu: no FILE:LINE in '%s'", fixtures[i].file, n, err.msg);
			} else {
				ok++;
				assert_true(l.n <= fixtures[i].devices);
			}
			if (n == len) {
				assert_int_equal(rc, VS_OK);
				assert_int_equal(l.n, fixtures[i].devices);
			}
			device_list_release(&l);
		}
		assert_true(ok > 0);
		if (f->parse_stream) {
			/* Streamed: the same devices, and a cut file refused the same way. */
			struct device_list l = {0}, w = {0};
			FILE *fp = fopen(path, "rb");
			assert_non_null(fp);
			assert_int_equal(f->parse_stream(fixtures[i].file, fp, &l, &err), VS_OK);
			fclose(fp);
			assert_int_equal(f->parse(fixtures[i].file, data, len, &w, &err), VS_OK);
			assert_int_equal(l.n, w.n);
			for (size_t k = 0; k < l.n; k++)
				assert_int_equal(l.dev[k].n_obs, w.dev[k].n_obs);
			device_list_release(&l);
			device_list_release(&w);
			fp = fmemopen(data, len / 2, "rb");
			assert_non_null(fp);
			vs_error_clear(&err);
			assert_int_equal(f->parse_stream(fixtures[i].file, fp, &l, &err), VS_EBADVAL);
			fclose(fp);
			device_list_release(&l);
		}
		free(data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
