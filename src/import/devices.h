/*
 * Device files: what other tools write that lists devices rather than
 * inventory rows (nmap XML, arp-scan, neighbour tables, DHCP leases, Zeek
 * logs, switch forwarding tables). Each format is a pure parser: bytes in,
 * sightings out (model/sighting.h: a MAC and/or addresses, and the facts
 * the file states about the device, each with its line), read through the
 * bounds-checked cursor, with a fuzz target. ingest_devices_file hands the
 * sightings to the same entry point as a capture (ingest_capture, source
 * kind "import"), so a device a file lists and a capture saw is one asset.
 *
 * Formats are detected from the content (device_format_detect), never the
 * file name; `import --format NAME` forces one.
 */
#ifndef VS_IMPORT_DEVICES_H
#define VS_IMPORT_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/sighting.h"
#include "util/err.h"

/* The devices one file lists; at most VS_MAX_CAPTURE_DEVICES, the rest
 * counted in `dropped`. */
struct device_list {
	struct sighting *dev;
	size_t n, alloc;
	uint64_t dropped;
	/* Indexes (device index + 1; 0 empty) by MAC and by first address:
	 * twice the device limit, so probes stay short. */
	uint32_t *by_mac, *by_addr;
};

void device_list_release(struct device_list *l);
/* The sighting for a MAC address (6 bytes), added when new; NULL past the
 * limit (counted) or when memory ran out (*oom set). */
struct sighting *device_list_by_mac(struct device_list *l, const uint8_t mac[6], bool *oom);
/* The sighting that used an IP address (text), added (without a MAC) when
 * none did; NULL as above. */
struct sighting *device_list_by_addr(struct device_list *l, const char *addr, bool *oom);
/* Give s (a device of l, found by its MAC) an address it used, so that
 * device_list_by_addr finds s by it from then on (a log that names a device
 * by MAC on one line and by address only on the next). An address another
 * device already answers for stays that device's. */
void device_list_bind_addr(struct device_list *l, struct sighting *s, const char *addr, bool *oom);
/* Hand the sightings over (ownership moves to the caller, l is emptied). */
struct sighting *device_list_detach(struct device_list *l, size_t *n);

struct device_format {
	const char *name; /* what --format takes: "nmap", "arp-scan", … */
	const char *what; /* one line for --help and the README */
	/* Whether the first bytes of a file (up to DEVICE_DETECT_BYTES) are this
	 * format's. Must not claim CSV inventories or software lists. */
	bool (*detect)(const uint8_t *head, size_t n);
	/* The whole file; name is for "FILE:LINE: reason" (VS_EBADVAL). */
	enum vs_err (*parse)(const char *name, const uint8_t *data, size_t len,
			     struct device_list *out, struct vs_error *err);
	/* Optional, for formats of one record a line (logs of millions of
	 * lines): the same parse reading fp from its current position, so
	 * memory grows with the devices, not the file. NULL: parse is handed
	 * the whole file. */
	enum vs_err (*parse_stream)(const char *name, FILE *fp, struct device_list *out,
				    struct vs_error *err);
};

#define DEVICE_DETECT_BYTES 4096

/* The formats (import/dev_<format>.c), in their groups. */
/* nmap XML (dev_nmap.c) */
extern const struct device_format dev_format_nmap;
/* arp-scan, ip neigh, arp -an (dev_neigh.c) */
extern const struct device_format dev_format_arp_scan, dev_format_ip_neigh, dev_format_arp;
/* DHCP leases (dev_leases.c) */
extern const struct device_format dev_format_isc_dhcpd, dev_format_dnsmasq, dev_format_kea,
	dev_format_windows_dhcp;
/* Zeek logs (dev_zeek.c) */
extern const struct device_format dev_format_zeek;
/* switch tables (dev_switch.c) */
extern const struct device_format dev_format_snmpwalk, dev_format_mac_table;

size_t device_format_count(void);
const struct device_format *device_format_at(size_t i);
const struct device_format *device_format_by_name(const char *name);
/* The first format (table order) whose detect claims head; NULL: none. */
const struct device_format *device_format_detect(const uint8_t *head, size_t n);

#endif
