/* One table of observation names: every method and field the capture
 * fixtures yield is in it, and no name is in it twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "capture/capture.h"
#include "model/vocab.h"

static void names_are_unique(void **state)
{
	(void)state;
	for (int i = 0; i < VM_COUNT; i++)
		assert_int_equal(vocab_method_find(vocab_methods[i].name), i);
	for (int i = 0; i < VF_COUNT; i++)
		assert_int_equal(vocab_field_find(vocab_fields[i].name), i);
	assert_int_equal(vocab_method_find("no-such-method"), -1);
}

static void every_captured_fact_is_named_in_the_table(void **state)
{
	(void)state;
	const char *dir = VS_TEST_SRCDIR "/tests/fixtures/pcap";
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t files = 0, facts = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".pcap"))
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct capture *c = capture_new();
		assert_non_null(c);
		struct vs_error err = {0};
		if (capture_read_file(c, path, NULL, NULL, &err) != VS_OK) {
			capture_free(c);
			continue; /* the truncated and odd fixtures are other tests' */
		}
		for (size_t i = 0; i < capture_device_count(c); i++) {
			const struct sighting *s = capture_device(c, i);
			for (size_t k = 0; k < s->n_obs; k++, facts++) {
				if (vocab_method_find(s->obs[k].method) < 0 ||
				    vocab_field_find(s->obs[k].field) < 0)
					fail_msg("%s: %s %s is not in src/model/vocab.h", e->d_name,
						 s->obs[k].method, s->obs[k].field);
			}
		}
		capture_free(c);
		files++;
	}
	closedir(d);
	printf("%zu captures, %zu facts, all named in the table\n", files, facts);
	assert_true(files >= 10);
	assert_true(facts > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_unique),
		cmocka_unit_test(every_captured_fact_is_named_in_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
