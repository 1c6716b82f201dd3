/*
 * IP address -> country, for the exposure of a device: which countries the
 * peers it talks to sit in (a camera streaming to 47.96.0.10 talks to CN).
 *
 * The lookup is libmaxminddb over a MaxMind DB (.mmdb) file. Addresses that
 * are never routed on the internet (RFC 1918 private, loopback, link-local,
 * CGNAT, multicast, documentation and reserved ranges; IANA's special-purpose
 * registries, RFC 6890) answer GEO_PRIVATE before any lookup: a country
 * database may carry rows for them (a registry's allocation), and those rows
 * say nothing about where a local peer is.
 *
 * Databases: the ip-location-db layout ({"country_code": "CN"}) and the
 * GeoLite2 / DB-IP layout ({"country": {"iso_code": "CN"}}) both answer; a
 * value that is not two ASCII letters is no answer (GEO_UNKNOWN).
 *
 * We do not parse the .mmdb ourselves: libmaxminddb checks the metadata on
 * open and bounds-checks every tree record and data pointer on lookup
 * (corrupt files give MMDB_CORRUPT_SEARCH_TREE_ERROR / MMDB_INVALID_DATA_ERROR,
 * which we report as GEO_ERROR), so there is no parser of ours to fuzz here.
 */
#ifndef VS_GEO_GEO_H
#define VS_GEO_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The database file setup installs (scripts/setup, data/README.md "geoip/"). */
#define GEO_DEFAULT_FILE "geoip/dbip-country.mmdb"

struct geo;

enum geo_answer {
	GEO_COUNTRY, /* cc holds an ISO 3166-1 alpha-2 code, upper case */
	GEO_PRIVATE, /* a range never routed on the internet: no lookup was made */
	GEO_UNKNOWN, /* the database has no country for the address (or no database) */
	GEO_ERROR,   /* the database is corrupt: err says how */
};

/*
 * Open a MaxMind DB file (memory-mapped, read-only). VS_ENOTFOUND when the
 * file does not exist, VS_EBADVAL when it is not a MaxMind DB, VS_EIO
 * otherwise. The caller frees *out with geo_close.
 */
enum vs_err geo_open(const char *path, struct geo **out, struct vs_error *err);
void geo_close(struct geo *g);

/*
 * The country of one address: addr holds 4 bytes for family AF_INET, 16 for
 * AF_INET6 (network order). An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is
 * looked up as IPv4. cc receives the code and a NUL on GEO_COUNTRY, "" else.
 * g may be NULL (no database installed): private ranges still answer
 * GEO_PRIVATE, everything else GEO_UNKNOWN. An unknown family is GEO_ERROR
 * with VS_EUSAGE. Thread-safe for concurrent lookups on one g.
 */
enum geo_answer geo_country(const struct geo *g, const uint8_t *addr, int family, char cc[3],
			    struct vs_error *err);

/*
 * geo_country for an address written as text ("47.96.0.10", "2001:250::1",
 * as capture records peers). Text that is neither is GEO_ERROR with
 * VS_EBADVAL.
 */
enum geo_answer geo_country_str(const struct geo *g, const char *addr, char cc[3],
				struct vs_error *err);

/*
 * The special-purpose range addr falls in ("private (RFC 1918)",
 * "loopback", "CGNAT (RFC 6598)", "multicast"…), or NULL for an address
 * that may be on the internet. Static strings.
 */
const char *geo_private_range(const uint8_t *addr, int family);

/*
 * Where the installed database is: the first existing of
 *   DATA/geoip/dbip-country.mmdb        (DATA = kb_data_dir(): $VENDORSCOPE_DATA,
 *                                        or share/vendorscope beside bin/)
 *   PREFIX/share/vendorscope/geoip/…    (the install prefix; scripts/setup's place)
 *   /usr/share/vendorscope/geoip/…      (a distribution package)
 * Writes it into buf; false when none exists (or buf is too small).
 */
bool geo_default_path(char *buf, size_t len);

#endif
