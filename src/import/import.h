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
 *
 * The details a caller or a user may meet (csv.h has the reader's own):
 *  - LINE is the physical line (as an editor counts it) where the record
 *    starts, so a quoted value over several lines does not shift later rows;
 *    an invalid UTF-8 byte is reported on the line that holds it.
 *  - The header is the first non-empty line. A first line "sep=;" (Excel)
 *    names the delimiter instead; otherwise it is whichever of ';' ',' TAB
 *    the header holds most often outside quotes (a tie goes to ';'), and a
 *    header with none is refused, so a one-column file needs a "sep=" line.
 *  - Empty lines and rows whose every cell is blank are skipped. An empty
 *    file, or a header alone, is refused (VS_EBADVAL, "FILE: empty" or
 *    "FILE: a header alone"), after the header is checked.
 *  - A header that holds a preset's signature (presets.h: Intune, SCCM,
 *    Lansweeper, GLPI, TOPdesk, NetBox, Milestone XProtect) is read with
 *    that preset's columns, and its other columns are skipped; --map still
 *    comes first.
 *  - Otherwise every column must be known (built-in English/Danish words,
 *    canonical field names, or --map; --map '*=-' skips the rest); the
 *    unknown columns are refused together, in one message on the header's
 *    line that gives the --map lines naming or skipping them all. Two
 *    columns for one field, a row with too few or too many fields, a bad
 *    count, or a value under a column with an empty header name stops the
 *    import at that line.
 *  - --set field=value (and a preset's asset type) fills a field that a
 *    row leaves empty.
 *  - Cells are trimmed (ASCII white space and NBSP); an empty cell is NULL.
 *    An empty count cell counts 1 (exact); the count column is parsed into
 *    record.count and not kept in record.field[RF_COUNT].
 *  - "-" reads standard input, named "<stdin>" in messages and source_path.
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
	 * names match after folding (name_fold) and the map is consulted
	 * before the built-in words; fields are rec_field names. Column names
	 * cannot hold ','. An entry for a column the file lacks is ignored. A
	 * malformed map (no '=', no column, unknown field, a column twice) is
	 * VS_EUSAGE with "--map: …". NULL = none. */
	const char *map;
	/* --set: "field=value" each, n_set of them: the value of a field a row
	 * leaves empty (a whole VMS export is cameras: type=surveillance_camera).
	 * A field given twice, an unknown field or an entry without '=' is
	 * VS_EUSAGE with "--set: …"; a count is checked as count_parse does. */
	const char *const *set;
	size_t n_set;
	enum asset_kind kind; /* kind given to every record */
	/* --sheet: the workbook's sheet to read (default: the first). An XLSX
	 * workbook is known by its content (import_csv_*); its rows go the
	 * same way as CSV rows, messages say "FILE:SHEET!ROW", and a number
	 * in a column mapped to acquired is an Excel date serial. Given for a
	 * CSV file: VS_EUSAGE. */
	const char *sheet;
	/* When not NULL: set to the recognised export's name (a static string,
	 * "Microsoft Intune device export"), or NULL when no preset matched. */
	const char **preset;
};

/* Called once per data row with a filled record (fields NULL when empty,
 * count parsed, source_path/line/method set). The record is released
 * after the call. A non-VS_OK return stops the import with that error
 * (the callback fills err; the import returns its code). */
typedef enum vs_err (*import_record_fn)(const struct record *r, void *ctx,
					struct vs_error *err);

/* A file ("-" = standard input). Missing file: VS_ENOTFOUND; other open or
 * read failures VS_EIO. o may be NULL (no map, hardware). */
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
 *
 * Exactly:
 *   "300"       value 300, low 300, high 300, estimated false
 *   "~277"      value 277, low 277, high 277, estimated true (also "ca. ",
 *               "ca ", "cirka ", "circa ", "approx. ", "about ", "omkring ")
 *   "200-300"   value 300, low 200, high 300, estimated true ("–", "—", and
 *               spaces around the dash too); low > high is refused
 *   "150+"      value 150, low 150, high -1, estimated true
 * A '.' or ',' is thousands grouping only when it is followed by exactly
 * three digits after 1-3 leading digits (not a lone 0), the same separator
 * throughout; anything else with a separator ("3.5", "3,50", "0.500") is
 * refused as fractional. Leading/trailing spaces and NBSP are ignored.
 * *out is written only on success; *why (when why is not NULL) is a static
 * string, NULL on success.
 */
bool count_parse(const char *text, struct count *out, const char **why);

/* The field a header names (English or Danish, after folding): "Producent"
 * -> RF_MAKER, "Mærke"/"Brand" -> RF_BRAND (the name on the box, which
 * identification resolves to a maker), a canonical field name -> itself.
 * -1 when not known (or NULL). */
int import_header_field(const char *header);

#endif
