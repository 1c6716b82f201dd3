/*
 * Fuzz the XLSX reader. Input byte 0 chooses how the rest is read:
 *  - even: the bytes are the workbook itself (the ZIP container, libzip's
 *    checks, the parts' sizes), through import_csv_mem as a user's file;
 *  - odd: the bytes are the sheet XML and (after a 0xFF byte) the shared
 *    strings, packed here into a ZIP with a fixed workbook, so the fuzzer
 *    reaches the XML handlers instead of spending itself on CRCs.
 * The row callback reads every byte of every cell so ASan sees any cell
 * that is not a valid NUL-terminated string of its length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "import/import.h"
#include "import/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum vs_err touch_row(const struct xlsx_row *r, void *ctx, struct vs_error *err)
{
	(void)err;
	size_t *sum = ctx;
	if (r->n > VS_MAX_CSV_COLUMNS || r->row < 1)
		__builtin_trap();
	for (size_t i = 0; i < r->n; i++) {
		if (strlen(r->value[i]) != r->len[i])
			__builtin_trap();
		*sum += r->len[i] + r->number[i];
		char day[11];
		if (r->number[i] && xlsx_serial_date(r->value[i], r->date1904, day) && strlen(day) != 10)
			__builtin_trap();
	}
	*sum += strlen(r->sheet);
	return VS_OK;
}

static enum vs_err touch_record(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)err;
	size_t *sum = ctx;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (r->field[f])
			*sum += strlen(r->field[f]);
	return VS_OK;
}

static const char workbook[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static int add(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(za, p, n, 0);
	if (!s)
		return -1;
	if (zip_file_add(za, name, s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

/* The sheet and shared strings packed into a workbook in memory. */
static uint8_t *pack(const uint8_t *data, size_t size, size_t *out_len)
{
	const uint8_t *ff = memchr(data, 0xFF, size);
	size_t sheet_len = ff ? (size_t)(ff - data) : size;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!za) {
		if (src)
			zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	int bad = add(za, "xl/workbook.xml", workbook, sizeof(workbook) - 1) |
		  add(za, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1) |
		  add(za, "xl/worksheets/sheet1.xml", data, sheet_len);
	if (ff)
		bad |= add(za, "xl/sharedStrings.xml", ff + 1, size - sheet_len - 1);
	if (bad || zip_close(za) < 0) {
		if (bad)
			zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	uint8_t *out = NULL;
	zip_stat_t st;
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		*out_len = st.size;
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool packed = data[0] & 1;
	data++, size--;
	struct vs_error err = {VS_OK, ""};
	size_t sum = 0;
	enum vs_err e;
	if (packed) {
		size_t len = 0;
		uint8_t *book = pack(data, size, &len);
		if (!book)
			return 0;
		e = xlsx_read("fuzz.xlsx", book, len, NULL, touch_row, &sum, &err);
		free(book);
	} else {
		static const char *const set[] = {"type=surveillance_camera"};
		struct import_opts o = {.kind = ASSET_HARDWARE, .set = set, .n_set = 1, .map = "*=-"};
		e = import_csv_mem("fuzz.xlsx", size ? data : NULL, size, &o, touch_record, &sum, &err);
	}
	/* Every failure says why. */
	if (e != VS_OK && err.msg[0] == '\0')
		__builtin_trap();
	return 0;
}
