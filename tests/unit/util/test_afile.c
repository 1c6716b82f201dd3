/* util/afile: an output file is replaced whole or not at all (issue 15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/afile.h"
#include "util/file.h"

static char dir[64], target[96];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vs-test-afile-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(target, sizeof(target), "%s/report.csv", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(target);
	rmdir(dir); /* fails, and the test with it below, if a temporary file was left */
	return 0;
}

static void put(const char *text)
{
	FILE *f = fopen(target, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void expect(const char *text)
{
	uint8_t *buf;
	size_t len;
	struct vs_error err = {0};
	assert_int_equal(file_read_all(target, 1 << 20, &buf, &len, &err), VS_OK);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(buf, text, len);
	free(buf);
}

static int entries(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 1", dir);
	return system(cmd);
}

static void commit_replaces_and_keeps_mode(void **state)
{
	(void)state;
	put("old\n");
	chmod(target, 0640);
	struct afile af;
	struct vs_error err = {0};
	assert_int_equal(afile_open(&af, target, &err), VS_OK);
	fputs("new\n", af.f);
	expect("old\n"); /* nothing is visible before the rename */
	assert_int_equal(afile_commit(&af, &err), VS_OK);
	expect("new\n");
	struct stat sb;
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(entries(), 0);
}

static void abort_and_failure_leave_the_old_file(void **state)
{
	(void)state;
	put("old\n");
	struct afile af;
	struct vs_error err = {0};
	assert_int_equal(afile_open(&af, target, &err), VS_OK);
	fputs("half", af.f);
	afile_abort(&af);
	expect("old\n");
	assert_int_equal(entries(), 0);
	/* A stream error (as a full disk gives) fails the commit, says so and
	 * removes the temporary file. */
	assert_int_equal(afile_open(&af, target, &err), VS_OK);
	fputs("half", af.f);
	fflush(af.f);
	int fd = fileno(af.f);
	close(fd); /* the next write fails with EBADF */
	fputs("more", af.f);
	assert_int_equal(afile_commit(&af, &err), VS_EIO);
	assert_non_null(strstr(err.msg, "report.csv: cannot write"));
	assert_non_null(strstr(err.msg, "as it was"));
	expect("old\n");
	assert_int_equal(entries(), 0);
}

static void by_name_and_refusals(void **state)
{
	(void)state;
	unlink(target);
	struct afile af;
	struct vs_error err = {0};
	assert_int_equal(afile_open_path(&af, target, &err), VS_OK);
	assert_null(af.f);
	FILE *f = fopen(af.tmp, "w");
	fputs("xlsx", f);
	fclose(f);
	assert_int_equal(afile_commit(&af, &err), VS_OK);
	expect("xlsx");
	struct vs_error e2 = {0};
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/no/such/dir/r.csv", dir);
	assert_int_equal(afile_open(&af, missing, &e2), VS_EIO);
	assert_non_null(strstr(e2.msg, "cannot write in"));
	struct vs_error e3 = {0};
	assert_int_equal(afile_open(&af, dir, &e3), VS_EUSAGE);
	/* A device is written in place, never renamed over (-o /dev/stdout). */
	assert_int_equal(afile_open(&af, "/dev/null", &err), VS_OK);
	assert_true(af.direct);
	fputs("gone", af.f);
	assert_int_equal(afile_commit(&af, &err), VS_OK);
	struct stat sb;
	assert_int_equal(stat("/dev/null", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	/* Through a symbolic link the file it names is replaced, the link kept. */
	char link[128];
	snprintf(link, sizeof(link), "%s/link.csv", dir);
	assert_int_equal(symlink("report.csv", link), 0);
	assert_int_equal(afile_open(&af, link, &err), VS_OK);
	fputs("via link", af.f);
	assert_int_equal(afile_commit(&af, &err), VS_OK);
	expect("via link");
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	unlink(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(commit_replaces_and_keeps_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(abort_and_failure_leave_the_old_file, setup, teardown),
		cmocka_unit_test_setup_teardown(by_name_and_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
