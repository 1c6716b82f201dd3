/*
 * Inventory import: CSV as real exports are (CMDB, endpoint management, VMS,
 * a spreadsheet saved by Danish Excel) turned into records.
 *
 * The reader streams: memory stays bounded by the longest record
 * (VS_MAX_CSV_LINE), not by the file. Every byte goes through the
 * bounds-checked cursor. Encoding: UTF-8 with or without BOM; a file whose
 * first non-ASCII bytes are not UTF-8 is read as Windows-1252 and converted;
 * a file that mixes the two is refused. Delimiter: `,` `;` or tab, decided
 * from the header line. Errors name "FILE:LINE: reason" and return
 * VS_EBADVAL (or VS_ETOOBIG for a limit), so the caller rolls back.
 */
#ifndef VS_IMPORT_IMPORT_H
#define VS_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/err.h"

struct import_opts {
	/* --map: "Column=field,Other Column=-" ('-' skips a column). Header
	 * names match after folding; fields are rec_field names. NULL = none. */
	const char *map;
	enum asset_kind kind; /* kind given to every record */
};

/* Called once per data row with a filled record (fields NULL when empty,
 * count parsed, source_path/line/method set). The record is released
 * after the call. A non-VS_OK return stops the import with that error. */
typedef enum vs_err (*import_record_fn)(const struct record *r, void *ctx,
					struct vs_error *err);

/* A file ("-" = standard input). Missing file: VS_ENOTFOUND. */
enum vs_err import_csv_file(const char *path, const struct import_opts *o,
			    import_record_fn fn, void *ctx, struct vs_error *err);
/* The same on bytes in memory; name is used in messages. */
enum vs_err import_csv_mem(const char *name, const uint8_t *data, size_t len,
			   const struct import_opts *o, import_record_fn fn, void *ctx,
			   struct vs_error *err);

/*
 * A count as surveys write it: "300", "3.246" / "3,246" (thousands),
 * "~277", "ca. 650", "cirka 650", "approx. 40", "200-300", "200–300",
 * "150+", "0+". A range counts at its upper bound (what a budget takes);
 * "N+" counts N with no upper bound (high = -1). False with a reason for
 * anything else (negative, fractional, over VS_MAX_COUNT, empty).
 */
bool count_parse(const char *text, struct count *out, const char **why);

/* The field a header names (English or Danish, after folding): "Producent"
 * -> RF_MAKER. -1 when not known. */
int import_header_field(const char *header);

#endif
