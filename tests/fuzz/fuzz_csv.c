/*
 * Fuzz the CSV import end to end (reader, encodings, header mapping, counts)
 * on bytes in memory. The callback reads every byte of every field so ASan
 * sees any field that is not a valid NUL-terminated string. The first input
 * byte chooses a --map (none, valid, or malformed) and the record kind.
 *
 * Second property: the streaming reader gives the same rows and the same
 * error from a FILE* read in tiny chunks as from memory, so no record
 * boundary, CRLF or quote split across chunks changes the result.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/csv.h"
#include "import/import.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum vs_err touch(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)err;
	size_t *sum = ctx;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		for (const char *p = r->field[f]; p && *p; p++)
			*sum += (unsigned char)*p;
	*sum += strlen(r->source_path) + strlen(r->source_method) + (size_t)r->line;
	*sum += (size_t)r->count.value + (size_t)r->count.low + (size_t)r->count.high;
	/* A count the importer accepted is one count_parse accepts in range. */
	if (r->count.value < 0 || r->count.value > 100000000LL || r->count.low > r->count.value)
		__builtin_trap();
	return VS_OK;
}

static void dump(struct csv_reader *r, struct strbuf *out)
{
	struct vs_error err = {VS_OK, ""};
	const struct csv_row *row;
	enum vs_err e;
	while ((e = csv_next(r, &row, &err)) == VS_OK && row) {
		strbuf_addf(out, "%ld:%zu", row->line, row->n);
		for (size_t i = 0; i < row->n; i++) {
			strbuf_add(out, "|", 1);
			strbuf_add(out, row->field[i], row->len[i]);
		}
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "=%d %s", (int)e, err.msg);
	csv_release(r);
}

static void same_in_chunks(const uint8_t *data, size_t size)
{
	if (size == 0)
		return; /* fmemopen refuses an empty buffer */
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct csv_reader r;
	csv_open_mem(&r, "x", data, size);
	dump(&r, &a);
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f) {
		strbuf_release(&a);
		return;
	}
	csv_open_file(&r, "x", f, 1 + data[size - 1] % 17);
	dump(&r, &b);
	fclose(f);
	if (a.failed || b.failed || strcmp(strbuf_str(&a), strbuf_str(&b)) != 0)
		__builtin_trap();
	strbuf_release(&a);
	strbuf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	same_in_chunks(data, size);
	static const char *const maps[] = {NULL, "Ejer=-,Enhed=type", "Enhed=nope", "Type=note,type=-", "a=b=c",
					   "*=-", "Model=note,*=-", "*=type"};
	/* --set defaults, including the preset's field and a count. */
	static const char *const set[] = {"type=surveillance_camera", "count=~3", "model=x"};
	struct import_opts o = {.kind = ASSET_HARDWARE};
	if (size > 0 && data[0] < 8) {
		o.map = maps[data[0] % 8];
		o.set = set;
		o.n_set = data[0] % 4;
		o.kind = data[0] & 4 ? ASSET_SOFTWARE : ASSET_HARDWARE;
		data++, size--;
	}
	struct vs_error err = {VS_OK, ""};
	size_t sum = 0;
	enum vs_err e = import_csv_mem("fuzz.csv", size ? data : NULL, size, &o, touch, &sum, &err);
	/* Every failure says why. */
	if (e != VS_OK && err.msg[0] == '\0')
		__builtin_trap();
	return 0;
}
