/*
 * Shared by the kb unit tests: the fixture data directory and reading its
 * files into memory so a test can swap one file for a broken one and load
 * the rest as they are (kb_load_texts).
 */
#ifndef VS_TESTS_KB_FIXTURE_H
#define VS_TESTS_KB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"

#define KB_GOOD VS_TEST_SRCDIR "/tests/fixtures/kb/good"
#define KB_BAD VS_TEST_SRCDIR "/tests/fixtures/kb/bad"

/* The whole file, NUL-terminated; NULL when it does not exist. */
static inline uint8_t *fx_read(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n < 0) {
		fclose(f);
		return NULL;
	}
	uint8_t *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct fx_texts {
	struct kb_text t[KB_N_FILES];
	uint8_t *buf[KB_N_FILES];
};

/* Every file of dir into memory (absent ones stay absent). */
static inline void fx_load_dir(struct fx_texts *fx, const char *dir)
{
	memset(fx, 0, sizeof(*fx));
	for (int f = 0; f < KB_N_FILES; f++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, kb_file_names[f]);
		fx->buf[f] = fx_read(path, &fx->t[f].len);
		fx->t[f].data = fx->buf[f];
		fx->t[f].present = fx->buf[f] != NULL;
	}
}

/* Replace file f by the given bytes (owned by the caller). */
static inline void fx_set(struct fx_texts *fx, enum kb_file f, const void *data, size_t len)
{
	fx->t[f].data = data;
	fx->t[f].len = len;
	fx->t[f].present = true;
}

static inline void fx_release(struct fx_texts *fx)
{
	for (int f = 0; f < KB_N_FILES; f++)
		free(fx->buf[f]);
}

#endif
