/*
 * Recovery files: what a capture or a scan saw, kept when the store
 * refused it at the end (a full disk, a store that turned read-only), so
 * a finished run over a whole network is never thrown away.
 *
 * JSON lines (RFC 8259 per line, UTF-8). The first line says what it is
 * and where the devices were going; `vendorscope import DB FILE` tells
 * the file from its content and stores the devices as the run would have:
 *
 *   {"vendorscope_recovery":1,"kind":"capture","format":"live",
 *    "path":"interface:eth0","survey":"capture-eth0","source":"office","devices":2}
 *   {"mac":"bc:ad:28:11:22:33","addrs":["10.0.0.7"],"first_us":…,"last_us":…,
 *    "packets":4,"dropped":0,
 *    "obs":[["sadp","model","DS-2CD2143G2-I",0.95,first_us,last_us],…],
 *    "names":[["47.96.0.10","dev.hik-connect.com",first_us,last_us],…],
 *    "peers":[["47.96.0.10",1234,first_us,last_us],…]}
 *
 * Each device line is one sighting (model/sighting.h); countries and
 * vendor clouds of the peers are found again on import. Reading enforces
 * the sighting limits (util/limits.h) and VS_MAX_RECOVERY_LINE,
 * VS_MAX_CAPTURE_DEVICES devices; a bad line is "FILE:LINE: reason".
 */
#ifndef VS_IMPORT_RECOVERY_H
#define VS_IMPORT_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sighting.h"
#include "util/err.h"
#include "util/limits.h"

struct recovery_header {
	char kind[16];    /* "capture" or "scan" */
	char format[16];  /* "pcap", "live" or "probes" */
	char path[VS_MAX_SOURCE_NAME + 16]; /* the file, "interface:IF" or "scan:TARGETS" */
	char survey[256];
	/* The source's name (ingest/sources.h): --source NAME, or a capture
	 * file's canonical path; "" : the path names it. Optional in the file. */
	char source[VS_MAX_SOURCE_NAME + 1];
};

/* Does the data start like a recovery file (after white space)? */
bool recovery_detect(const uint8_t *data, size_t len);

/*
 * Write the header and one line per sighting to a new file beside
 * store_path ("STORE.recovered-YYYYMMDDTHHMMSSZ-PID.jsonl"), or, when that
 * directory cannot take it, in $TMPDIR or /tmp. The file is created
 * exclusively, mode 0600 (it lists a network), and synced. *written (len
 * bytes) gets its path. VS_EIO when no place took it.
 */
enum vs_err recovery_write(const char *store_path, const struct recovery_header *h,
			   const struct sighting *const *devs, size_t n, char *written, size_t len,
			   struct vs_error *err);

/* The header line for n devices, and one device's line, each with its
 * '\n', appended to sb (sb->failed when out of memory): what
 * recovery_write writes, for a store that keeps the lines (a sensor's,
 * store/sensor_store.h). */
struct strbuf;
void recovery_add_header(struct strbuf *sb, const struct recovery_header *h, size_t n);
void recovery_add_device(struct strbuf *sb, const struct sighting *s);

/* Parse a recovery file held in memory. *devs (n of them) is the caller's
 * (sighting_release each, free the array) on success; nothing on failure. */
enum vs_err recovery_parse(const char *name, const uint8_t *data, size_t len,
			   struct recovery_header *h, struct sighting **devs, size_t *n,
			   struct vs_error *err);
/* The header line alone (without its '\n'), checked as recovery_parse
 * checks it. */
enum vs_err recovery_parse_header(const char *name, const uint8_t *line, size_t len,
				  struct recovery_header *h, struct vs_error *err);
/* The same from a file (at most VS_MAX_RECOVERY_FILE bytes). */
enum vs_err recovery_read(const char *path, struct recovery_header *h, struct sighting **devs,
			  size_t *n, struct vs_error *err);

#endif
