/*
 * A device file (import/devices.h: nmap XML, arp-scan, leases, Zeek, switch
 * tables) into the register: read whole, its format detected from the
 * content (or forced), parsed into sightings, and those handed to the same
 * entry point as a capture's (ingest_capture, source kind "import"): merged,
 * identified, fused with what the survey holds, stored in one transaction.
 */
#ifndef VS_INGEST_DEVICES_H
#define VS_INGEST_DEVICES_H

#include <stdbool.h>

#include "ingest/capture.h"
#include "util/err.h"

/* Whether the file at path is a device file: format NULL detects from the
 * first DEVICE_DETECT_BYTES, else the format must be a device format's
 * name. *name is the format's name (static) when true. A file that cannot
 * be read answers false; ingest_devices_file reports it. */
bool ingest_is_device_file(const char *path, const char *format, const char **name);

/* o->kind and o->format are set here ("import", the format's name); the
 * rest as for ingest_capture. */
enum vs_err ingest_devices_file(struct store *st, const struct kb *kb, const struct policy *pol,
				const char *path, const char *format, struct ingest_capture_opts *o,
				struct capture_result *out, struct vs_error *err);

#endif
