/*
 * Fail each allocation in turn (as curl's torture tests do): loading the kb
 * and building the registry must report VS_ENOMEM and free everything they
 * allocated, at every allocation point.
 *
 * The program's own malloc family wraps glibc's and counts live blocks.
 * Sanitizer builds replace malloc themselves, so there this test says it
 * skipped (ASan finds the leaks there on the ordinary paths).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <unistd.h>

#include "kb_fixture.h"
#include "util/strbuf.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VS_ASAN 1
#endif

#ifndef VS_ASAN

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t m);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);

static long live;       /* blocks handed out and not yet freed */
static long countdown = -1; /* allocations until the one that fails; -1 = never */
static bool fired;          /* the countdown reached its allocation */

/* A failing allocation sets errno as POSIX malloc does: stdio reports it
 * through errno, and a stale ENOENT (a data file an earlier test looked for
 * and did not find) would read as "no such file". */
static bool fail_now(void)
{
	if (countdown < 0 || countdown-- > 0)
		return false;
	fired = true;
	errno = ENOMEM;
	return true;
}

/* Fail allocation n of what follows (counting from 0). */
static void arm(long n)
{
	fired = false;
	countdown = n;
}

void *malloc(size_t n)
{
	if (fail_now())
		return NULL;
	void *p = __libc_malloc(n);
	live += p != NULL;
	return p;
}

void *calloc(size_t n, size_t m)
{
	if (fail_now())
		return NULL;
	void *p = __libc_calloc(n, m);
	live += p != NULL;
	return p;
}

void *realloc(void *p, size_t n)
{
	if (fail_now())
		return NULL;
	void *q = __libc_realloc(p, n);
	live += !p && q;
	return q;
}

void free(void *p)
{
	live -= p != NULL;
	__libc_free(p);
}

static void load_fails_cleanly_at_every_allocation(void **state)
{
	(void)state;
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	/* Two fingerprints (hikvision is a fixture vendor): the pattern
	 * compile, the templates and the table fail cleanly too. */
	static const char fps[] =
		"match\tpattern\tvendor\tmodel\tfirmware\tconfidence\texample\tsource\n"
		"http.server\t^DNVRS-Webs$\thikvision\t\t\t0.85\tDNVRS-Webs\tfixture\n"
		"snmp.sys_descr,lldp.sys_descr\t^Hik (\\S+) (V\\S+)\thikvision\t$1\t$2\t0.9\t\tfixture\n";
	fx_set(&fx, KB_FILE_FINGERPRINTS, fps, sizeof(fps) - 1);
	long n;
	for (n = 0;; n++) {
		struct kb *kb = NULL;
		struct vs_error err = {0};
		long before = live;
		arm(n);
		enum vs_err rc = kb_load_texts(fx.t, &kb, &err);
		countdown = -1;
		if (rc == VS_OK) {
			/* Every allocation the load makes matters: none may fail
			 * and still load. */
			if (fired)
				fail_msg("allocation %ld failed and the load still succeeded", n);
			kb_free(kb);
			assert_int_equal(live, before);
			break;
		}
		if (rc != VS_ENOMEM)
			fail_msg("allocation %ld: %s (%d), want VS_ENOMEM", n, err.msg, rc);
		assert_null(kb);
		if (live != before)
			fail_msg("allocation %ld failed: %ld blocks leaked", n, live - before);
	}
	printf("kb_load_texts: %ld allocation points\n", n);
	assert_true(n > 50);
	fx_release(&fx);
}

static void lookups_survive_failed_allocations(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(KB_GOOD, &kb, &err), VS_OK);
	long before = live;
	for (long n = 0; n < 3; n++) {
		arm(n);
		kb_match_name(kb, "Hikvision DS-2CD2143G2-I", NULL);
		kb_match_model(kb, "DS-2CD2143G2-I");
		kb_type_match(kb, "CCTV");
		countdown = -1;
		assert_int_equal(live, before);
	}
	struct strbuf out = STRBUF_INIT;
	for (long n = 0; n < 40; n++) {
		arm(n);
		kb_check(kb, &out);
		kb_describe(kb, "44:19:b6:00:00:01", NULL, &out);
		countdown = -1;
		strbuf_release(&out);
		assert_int_equal(live, before);
	}
	kb_free(kb);
}

static void build_fails_cleanly_at_every_allocation(void **state)
{
	(void)state;
	char dir[] = "/tmp/vs-kb-nomem-XXXXXX", csv[64], out[64], odir[64];
	assert_non_null(mkdtemp(dir));
	snprintf(csv, sizeof(csv), "%s/oui.csv", dir);
	snprintf(odir, sizeof(odir), "%s/oui", dir);
	snprintf(out, sizeof(out), "%s/oui/registry.tsv", dir);
	FILE *f = fopen(csv, "wb");
	assert_non_null(f);
	fputs("Registry,Assignment,Organization Name,Organization Address\r\n"
	      "MA-L,4419B6,\"Hangzhou Hikvision Digital Technology Co.,Ltd.\",\"No.469\"\r\n"
	      "MA-S,70B3D5F2F,TELEPLATFORMS,x\r\n",
	      f);
	fclose(f);
	const char *paths[] = {csv};
	long n;
	for (n = 0;; n++) {
		struct vs_error err = {0};
		size_t entries;
		long before = live;
		arm(n);
		enum vs_err rc = kb_oui_build(paths, 1, out, &entries, &err);
		countdown = -1;
		if (live != before)
			fail_msg("allocation %ld failed: %ld blocks leaked", n, live - before);
		if (!fired) {
			assert_int_equal(rc, VS_OK);
			break; /* past the last allocation */
		}
		/* stdio may run unbuffered instead of failing. */
		if (rc == VS_OK) {
			assert_int_equal(unlink(out), 0);
			assert_int_equal(rmdir(odir), 0);
			continue;
		}
		/* stdio's own buffers fail as I/O errors; ours as VS_ENOMEM. */
		if (rc != VS_ENOMEM && rc != VS_EIO)
			fail_msg("allocation %ld: %s (%d)", n, err.msg, rc);
		/* Nothing half-written, no temp left. */
		assert_int_equal(access(out, F_OK), -1);
		if (rmdir(odir) != 0)
			assert_int_equal(errno, ENOENT);
	}
	printf("kb_oui_build: %ld allocation points\n", n);
	unlink(out);
	rmdir(odir);
	unlink(csv);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_fails_cleanly_at_every_allocation),
		cmocka_unit_test(lookups_survive_failed_allocations),
		cmocka_unit_test(build_fails_cleanly_at_every_allocation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
	printf("skipped: the sanitizers own malloc in this build\n");
	return 0;
}

#endif
