/*
 * Shared between the software importers (software.c, software_lines.c,
 * software_json.c) and their tests; not part of the import/ interface.
 */
#ifndef VS_IMPORT_SOFTWARE_INT_H
#define VS_IMPORT_SOFTWARE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/import.h"
#include "import/software.h"
#include "util/cur.h"
#include "util/err.h"

/* Where records go and what they are stamped with. */
struct sw_sink {
	const char *name; /* source_path and the FILE in messages */
	enum software_format fmt; /* its name is source_method */
	import_record_fn fn;
	void *ctx;
};

/*
 * One program: product (required), publisher, version as slices (p NULL or
 * blank after trimming = not known), copied into a record with kind
 * ASSET_SOFTWARE, source_method/source_path/line, handed to the callback and
 * released.
 */
enum vs_err sw_emit(const struct sw_sink *s, long line, struct slice product, struct slice publisher,
		    struct slice version, struct vs_error *err);

/*
 * A publisher without the e-mail address around a name: "Name <a@b>" ->
 * "Name", "Name (a@b)" -> "Name"; an address alone ("<a@b>") is kept without
 * its brackets. Other parentheses are part of the name ("Tencent Technology
 * (Shenzhen) Company Limited").
 */
struct slice sw_publisher_name(struct slice s);

/*
 * A value as it may appear in a message: at most 60 bytes, cut on a UTF-8
 * boundary and marked "…" when cut, control bytes as '?', so one odd value
 * cannot push the reason out of the message. dst needs 128 bytes.
 */
const char *sw_shown(char *dst, size_t size, const uint8_t *s, size_t n);

/* dpkg / rpm package lists (fmt SW_FORMAT_DPKG or SW_FORMAT_RPM). */
enum vs_err sw_lines_import(const struct sw_sink *s, const uint8_t *data, size_t len, struct vs_error *err);

/* The package-list format the first lines look like (SW_FORMAT_DPKG or
 * SW_FORMAT_RPM), or SW_FORMAT_AUTO when they do not look like one. */
enum software_format sw_lines_detect(const uint8_t *data, size_t len);

/* winget / CycloneDX / SPDX JSON; s->fmt SW_FORMAT_AUTO decides from the
 * document and stamps the records with the format found. */
enum vs_err sw_json_import(const struct sw_sink *s, const uint8_t *data, size_t len, struct vs_error *err);

#endif
