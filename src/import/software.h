/*
 * Installed-software lists -> records (kind ASSET_SOFTWARE): what runs on the
 * organisation's machines, with the publisher that decides "Chinese
 * software" (the IT system is owned by a Chinese company).
 *
 * Formats, and the record fields each fills (product, publisher, version;
 * device, department, hostname, serial, mac, data_class only where a column
 * says so; a field the source lacks is NULL):
 *
 *  csv        An endpoint-management export of installed or discovered apps
 *             (Intune "Discovered apps", SCCM/ConfigMgr, Lansweeper, a
 *             spreadsheet), English or Danish headers, read by the CSV
 *             import (import.h: encodings, delimiters, --map, counts, blank
 *             rows) with these software decisions on top:
 *              - more header words: "Application name", "ApplicationName",
 *                "Programnavn", "Device name", "Computer", "Enhedsnavn",
 *                "Device count" (-> count) … (the table in software.c);
 *              - a device/computer name column is the device the program is
 *                installed on (device), not a hostname; "Hostname" stays
 *                hostname;
 *              - columns that name a person (user, e-mail), an internal key
 *                or the OS are skipped: they say nothing about who owns the
 *                program, and not copying personal data is the safe default;
 *                an unknown column is still refused (import.h);
 *              - in a row with no publisher, a maker/vendor/producent column
 *                is the publisher (Win32_Product calls it "Vendor");
 *              - a row without a program name is skipped (Windows itself
 *                lists no uninstall entry without a DisplayName), but a file
 *                where no row has one is refused: no column is the product.
 *             --map (o->map) entries take precedence over these words.
 *  winget     `winget export -o FILE [--include-versions]`:
 *             Sources[].Packages[].PackageIdentifier "Tencent.WeChat" ->
 *             publisher "Tencent" (before the first '.'), product "WeChat"
 *             (the rest); an identifier without '.' (a Microsoft Store id such
 *             as "9NKSQGP7F2NH") is the product with no publisher; Version
 *             when present. The export names no device: device is NULL.
 *  dpkg       `dpkg-query -W -f='${Package}\t${Version}\t${Maintainer}\n'`
 *             or plain `dpkg-query -W` (package TAB version).
 *  rpm        `rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n'`
 *             (VENDOR "(none)" = no publisher); NAME TAB VERSION also works.
 *  cyclonedx  CycloneDX JSON BOM (1.2-1.6): components[] and the components
 *             nested in them, depth-first; product = name, version = version,
 *             publisher = the first of publisher, supplier.name,
 *             manufacturer.name, author, authors[0].name, group. A component
 *             of type "file" is not a program and makes no record.
 *             metadata.component is not imported: scanners put the scanned
 *             directory or image there, not an installed program.
 *  spdx       SPDX 2.x JSON: packages[]; product = name, version =
 *             versionInfo, publisher = supplier, else originator, without
 *             the "Organization: "/"Person: " prefix and a trailing
 *             "(e-mail)"; NOASSERTION is no publisher.
 *
 * Publisher strings are kept as the source wrote them (identification
 * folds them), except the syntax around a name: an SPDX prefix, and an
 * e-mail address in <…> (dpkg Maintainer) or (…@…) (SPDX), which is
 * dropped — the name is what the knowledge base knows; an address alone is
 * kept when there is no name.
 *
 * Record line and source_method: source_method is the format name above.
 * line is the physical line (1-based) for csv, dpkg and rpm. For the JSON
 * formats line is the element's ordinal: the 1-based position, in document
 * order, of the winget package / CycloneDX component (depth-first, nested
 * ones included) / SPDX package it came from, so with one Sources entry or a
 * flat components[] it is the array index + 1. Errors in JSON name the
 * exact element by path instead.
 *
 * Auto-detection (SW_FORMAT_AUTO), on the content, never the file name:
 * after an optional UTF-8 BOM and white space, '{' is JSON and the parsed
 * document decides: "bomFormat": "CycloneDX" -> cyclonedx, "spdxVersion" ->
 * spdx, "Sources" (or a winget "$schema") -> winget. Otherwise, when the
 * first non-empty line is 2 or 3 TAB-separated fields whose first is a
 * package name (no space, not a known column header) and whose second is
 * empty or starts with a digit, it is a package list: rpm when a line shows
 * rpm's marks (publisher "(none)", a release such as ".el9", ".fc40"), else
 * dpkg. Anything else is csv.
 *
 * Errors stop at the first problem (the caller rolls back): VS_EBADVAL with
 * "FILE:LINE: reason" (csv, dpkg, rpm), "FILE: $.components[3].name: reason"
 * (a JSON document that does not say what its format requires) or
 * "FILE:LINE:COLUMN: not valid JSON: reason" (jansson's); VS_ETOOBIG for a
 * limit in util/limits.h; VS_ENOTFOUND for a missing file; VS_EIO,
 * VS_ENOMEM. Records the callback accepted before an
 * error stay accepted: the caller's transaction decides.
 *
 * Memory: a named csv file streams (bounded by the longest record). JSON is
 * read whole (VS_MAX_SOFTWARE_JSON); dpkg/rpm lists and standard input with
 * SW_FORMAT_AUTO are read whole (VS_MAX_SOFTWARE_INPUT), because detection
 * has to look before it knows how to read; name a file, or give the format,
 * to stream a larger csv from standard input.
 */
#ifndef VS_IMPORT_SOFTWARE_H
#define VS_IMPORT_SOFTWARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/import.h"
#include "util/err.h"

enum software_format {
	SW_FORMAT_AUTO,
	SW_FORMAT_CSV,
	SW_FORMAT_WINGET,
	SW_FORMAT_DPKG,
	SW_FORMAT_RPM,
	SW_FORMAT_CYCLONEDX,
	SW_FORMAT_SPDX,
};

/* "csv", "winget", "dpkg", "rpm", "cyclonedx", "spdx", "auto" (ASCII case
 * ignored). False for anything else; *out is then unchanged. */
bool software_format_parse(const char *name, enum software_format *out);

/* The name software_format_parse accepts; also each record's source_method. */
const char *software_format_name(enum software_format f);

/*
 * Import a file ("-" = standard input) in format fmt (SW_FORMAT_AUTO: detect).
 * o may be NULL; o->map applies to csv only; o->kind is ignored (every
 * record is ASSET_SOFTWARE). fn is called once per program, as import.h says.
 */
enum vs_err import_software_file(const char *path, enum software_format fmt, const struct import_opts *o,
				 import_record_fn fn, void *ctx, struct vs_error *err);

/* The same on bytes in memory; name is source_path and used in messages. */
enum vs_err import_software_mem(const char *name, const uint8_t *data, size_t len, enum software_format fmt,
				const struct import_opts *o, import_record_fn fn, void *ctx,
				struct vs_error *err);

#endif
