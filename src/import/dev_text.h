/*
 * Line-oriented helpers shared by the text device-file parsers (DHCP
 * leases, switch tables): lines with their numbers, words, MAC and IP
 * address forms as the tools print them. Everything reads through struct
 * cur / struct slice (util/cur.h); nothing here allocates except the
 * observation it hands to a sighting.
 */
#ifndef VS_IMPORT_DEV_TEXT_H
#define VS_IMPORT_DEV_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/devices.h"
#include "model/sighting.h"
#include "util/cur.h"
#include "util/err.h"

/* The next line (without its LF or CRLF) and its 1-based number; false at
 * the end of the input. *no counts every line, empty ones too. */
bool dev_line(struct cur *c, long *no, struct slice *line);
struct slice dev_trim(struct slice s);
/* The next word (bytes other than space and tab) of *rest, which moves
 * past it; an empty slice when none is left. */
struct slice dev_word(struct slice *rest);
bool dev_starts(struct slice s, const char *lit);
bool dev_starts_nocase(struct slice s, const char *lit);
/* Whether lit occurs in s without regard to ASCII case. */
bool dev_has_nocase(struct slice s, const char *lit);
bool dev_all_digits(struct slice s);
/* A decimal number of at most 9 digits; false otherwise. */
bool dev_uint(struct slice s, unsigned long *v);

/*
 * A MAC address in the forms switches and DHCP servers print:
 * 00:1b:21:31:0a:0e (also with one-digit groups, as net-snmp prints
 * "0:1b:21:31:a:e"), 00-1b-21-31-0a-0e, 001b.2131.0a0e (Cisco),
 * 001b-2131-0a0e (Huawei, Comware), 001b21-310a0e (ProCurve),
 * "00 1B 21 31 0A 0E" (a net-snmp Hex-STRING). All-zero and broadcast
 * addresses are not devices and are refused.
 */
bool dev_mac(struct slice s, uint8_t mac[6]);
/* An IPv4 or IPv6 address in text; out gets its canonical text. */
bool dev_addr(struct slice s, char out[SIGHTING_ADDR_TEXT]);

/* "NAME:LINE: reason" as VS_EBADVAL. */
enum vs_err dev_fail(struct vs_error *err, const char *name, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* sighting_observe_line for a slice; false (and *oom) when memory ran out. */
bool dev_observe(struct sighting *s, const char *method, const char *field, struct slice v,
		 double confidence, long line, bool *oom);

/* The device a line names by its MAC, with the address it held; NULL when
 * the list is full (counted) or memory ran out (*oom). */
struct sighting *dev_device(struct device_list *l, const uint8_t mac[6], const char *addr,
			    bool *oom);

/* How much a file vouches for what a device told it (a DHCP request's host
 * name and vendor class, an LLDP neighbour's system name): as much as the
 * capture of the same message (capture.c OBS_NAME, OBS_BANNER). */
#define DEV_OBS_NAME 0.7
#define DEV_OBS_BANNER 0.85
/* What the file itself states (a switch learnt this MAC on that port). */
#define DEV_OBS_STATED 0.9

#endif
