/*
 * XLSX workbooks (Office Open XML, ECMA-376 part 1 §18) as rows of cell
 * text, for the same record path as CSV rows (private to import/).
 *
 * The ZIP is read by libzip, the XML by expat (a DOCTYPE is refused, so no
 * entity can expand). Parts read: xl/workbook.xml (sheet names -> r:id,
 * workbookPr date1904), xl/_rels/workbook.xml.rels (r:id -> part),
 * xl/sharedStrings.xml (when present) and the chosen sheet. Parts read
 * whole have their unpacked size checked against VS_MAX_XLSX_ENTRY first;
 * the sheet is inflated and parsed in chunks (VS_MAX_XLSX_SHEET_XML bytes
 * at most), so memory follows the row, not the sheet; rows, columns,
 * shared strings and cell text are bounded too (limits.h).
 *
 * Cell types: s (shared string), inlineStr, str (a formula's text), n or no
 * type (a number, as written: "45123" or "0.5"; number[] says so, so a date
 * column can read it as a serial), b ("TRUE"/"FALSE"), e (an error such as
 * "#N/A", kept as written). Rows are delivered in order with their row
 * number; missing cells are "".
 */
#ifndef VS_IMPORT_XLSX_H
#define VS_IMPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/limits.h"

struct xlsx_row {
	const char *sheet;  /* the sheet's name */
	bool date1904;      /* the workbook counts days from 1904-01-01 */
	long row;           /* the sheet's row number (1-based) */
	size_t n;           /* cells up to the last non-empty one */
	const char *value[VS_MAX_CSV_COLUMNS]; /* NUL-terminated, "" when empty */
	size_t len[VS_MAX_CSV_COLUMNS];
	bool number[VS_MAX_CSV_COLUMNS];
};

typedef enum vs_err (*xlsx_row_fn)(const struct xlsx_row *row, void *ctx, struct vs_error *err);

/* A ZIP local file header at the start: maybe a workbook (xlsx_read says). */
bool xlsx_magic(const uint8_t *data, size_t len);

/*
 * The rows of the first sheet, or of the sheet named `sheet` (ASCII case
 * ignored, as Excel does), through fn; fn's error stops the read and is
 * returned. Errors: VS_EBADVAL (not a workbook, no such sheet, malformed
 * XML or cell), VS_ETOOBIG (a limit), VS_ENOMEM; each message starts with
 * name.
 */
enum vs_err xlsx_read(const char *name, const uint8_t *data, size_t len, const char *sheet, xlsx_row_fn fn,
		      void *ctx, struct vs_error *err);

/*
 * An Excel date serial ("45123", "45123.75": the time is dropped) as
 * YYYY-MM-DD. 1900 system: day 1 is 1900-01-01 and day 60 is the
 * 1900-02-29 Lotus kept (Excel's bug), refused here; 1904 system: day 0 is
 * 1904-01-01. False for anything else (negative, not a number, past 9999).
 */
bool xlsx_serial_date(const char *text, bool date1904, char out[11]);

#endif
