/*
 * IP -> country over libmaxminddb (see geo.h for the contract).
 *
 * Special-purpose ranges: IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates), plus multicast (RFC 5771, RFC 4291
 * 2.7) and the old site-local block (RFC 3879). A range is listed when no
 * host in it is a peer on the public internet, so a country is meaningless.
 * 64:ff9b::/96 (NAT64) is deliberately absent: it embeds a public IPv4
 * address, which the database may answer for.
 */
#include "geo/geo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "kb/kb.h"

struct geo {
	MMDB_s mmdb;
};

struct special {
	uint8_t prefix[16];
	unsigned bits;
	const char *name;
};

static const struct special v4_special[] = {
	{{0}, 8, "this network (RFC 791)"},
	{{10}, 8, "private (RFC 1918)"},
	{{100, 64}, 10, "CGNAT (RFC 6598)"},
	{{127}, 8, "loopback"},
	{{169, 254}, 16, "link-local"},
	{{172, 16}, 12, "private (RFC 1918)"},
	{{192, 0, 0}, 24, "IETF protocol assignments (RFC 6890)"},
	{{192, 0, 2}, 24, "documentation (RFC 5737)"},
	{{192, 88, 99}, 24, "6to4 relay anycast (RFC 7526)"},
	{{192, 168}, 16, "private (RFC 1918)"},
	{{198, 18}, 15, "benchmarking (RFC 2544)"},
	{{198, 51, 100}, 24, "documentation (RFC 5737)"},
	{{203, 0, 113}, 24, "documentation (RFC 5737)"},
	{{224}, 4, "multicast"},
	{{240}, 4, "reserved (RFC 1112), broadcast"},
};

static const struct special v6_special[] = {
	{{0}, 128, "unspecified"},
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback"},
	{{0x01, 0x00}, 64, "discard-only (RFC 6666)"},
	{{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation (RFC 3849)"},
	{{0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48, "benchmarking (RFC 5180)"},
	{{0xfc}, 7, "unique local (RFC 4193)"},
	{{0xfe, 0x80}, 10, "link-local"},
	{{0xfe, 0xc0}, 10, "site-local (RFC 3879)"},
	{{0xff}, 8, "multicast"},
};

static bool prefix_match(const uint8_t *addr, const uint8_t *prefix, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	if (memcmp(addr, prefix, whole) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xffu << (8 - rest));
	return (addr[whole] & mask) == (prefix[whole] & mask);
}

static const char *lookup_special(const struct special *t, size_t n, const uint8_t *addr)
{
	for (size_t i = 0; i < n; i++)
		if (prefix_match(addr, t[i].prefix, t[i].bits))
			return t[i].name;
	return NULL;
}

/* ::ffff:a.b.c.d: the IPv4 address inside, or NULL. */
static const uint8_t *v4_mapped(const uint8_t *a6)
{
	static const uint8_t head[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(a6, head, sizeof(head)) == 0 ? a6 + 12 : NULL;
}

const char *geo_private_range(const uint8_t *addr, int family)
{
	if (family == AF_INET)
		return lookup_special(v4_special, sizeof(v4_special) / sizeof(v4_special[0]), addr);
	if (family != AF_INET6)
		return NULL;
	const uint8_t *v4 = v4_mapped(addr);
	if (v4)
		return lookup_special(v4_special, sizeof(v4_special) / sizeof(v4_special[0]), v4);
	return lookup_special(v6_special, sizeof(v6_special) / sizeof(v6_special[0]), addr);
}

enum vs_err geo_open(const char *path, struct geo **out, struct vs_error *err)
{
	*out = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode))
		return vs_fail(err, VS_EBADVAL, "%s: not a regular file", path);
	struct geo *g = calloc(1, sizeof(*g));
	if (!g)
		return vs_fail(err, VS_ENOMEM, "out of memory opening %s", path);
	int rc = MMDB_open(path, MMDB_MODE_MMAP, &g->mmdb);
	if (rc != MMDB_SUCCESS) {
		free(g);
		enum vs_err code = VS_EIO;
		if (rc == MMDB_INVALID_METADATA_ERROR || rc == MMDB_UNKNOWN_DATABASE_FORMAT_ERROR ||
		    rc == MMDB_INVALID_DATA_ERROR || rc == MMDB_CORRUPT_SEARCH_TREE_ERROR)
			code = VS_EBADVAL;
		else if (rc == MMDB_OUT_OF_MEMORY_ERROR)
			code = VS_ENOMEM;
		return vs_fail(err, code, "%s: not a usable MaxMind DB file: %s", path,
			       MMDB_strerror(rc));
	}
	*out = g;
	return VS_OK;
}

void geo_close(struct geo *g)
{
	if (!g)
		return;
	MMDB_close(&g->mmdb);
	free(g);
}

/*
 * Read a two-letter code at one path in the entry. 1 found, 0 absent or not
 * an ISO code, -1 corrupt data. A path that does not fit the entry's shape
 * (a "country" that is a string, not a map) is "absent": another layout.
 */
static int read_cc(MMDB_entry_s *entry, const char *const *path, char cc[3], const char **why)
{
	MMDB_entry_data_s d;
	int rc = MMDB_aget_value(entry, &d, path);
	if (rc == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR || rc == MMDB_INVALID_LOOKUP_PATH_ERROR)
		return 0;
	if (rc != MMDB_SUCCESS) {
		*why = MMDB_strerror(rc);
		return -1;
	}
	if (!d.has_data || d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size != 2)
		return 0;
	char a = d.utf8_string[0], b = d.utf8_string[1];
	if (a >= 'a' && a <= 'z')
		a = (char)(a - 'a' + 'A');
	if (b >= 'a' && b <= 'z')
		b = (char)(b - 'a' + 'A');
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return 0;
	cc[0] = a;
	cc[1] = b;
	cc[2] = '\0';
	return 1;
}

enum geo_answer geo_country(const struct geo *g, const uint8_t *addr, int family, char cc[3],
			    struct vs_error *err)
{
	cc[0] = '\0';
	if (family != AF_INET && family != AF_INET6) {
		vs_fail(err, VS_EUSAGE, "geo: address family %d is neither IPv4 nor IPv6", family);
		return GEO_ERROR;
	}
	if (geo_private_range(addr, family))
		return GEO_PRIVATE;
	if (!g)
		return GEO_UNKNOWN;

	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	const uint8_t *v4 = family == AF_INET ? addr : v4_mapped(addr);
	if (v4) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, v4, 4);
		sa = (const struct sockaddr *)&sin;
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, addr, 16);
		sa = (const struct sockaddr *)&sin6;
	}
	int mmdb_err = MMDB_SUCCESS;
	MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&g->mmdb, sa, &mmdb_err);
	if (mmdb_err == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
		return GEO_UNKNOWN; /* an IPv4-only database knows nothing of IPv6 */
	if (mmdb_err != MMDB_SUCCESS) {
		vs_fail(err, VS_EBADVAL, "geo: lookup failed: %s", MMDB_strerror(mmdb_err));
		return GEO_ERROR;
	}
	if (!r.found_entry)
		return GEO_UNKNOWN;

	static const char *const layouts[][3] = {
		{"country_code", NULL, NULL},      /* ip-location-db */
		{"country", "iso_code", NULL},      /* GeoLite2, DB-IP */
		{"registered_country", "iso_code", NULL}, /* GeoLite2 without a located country */
	};
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const char *why = NULL;
		int got = read_cc(&r.entry, layouts[i], cc, &why);
		if (got < 0) {
			vs_fail(err, VS_EBADVAL, "geo: corrupt database entry: %s", why);
			return GEO_ERROR;
		}
		if (got)
			return GEO_COUNTRY;
	}
	return GEO_UNKNOWN;
}

enum geo_answer geo_country_str(const struct geo *g, const char *addr, char cc[3],
				struct vs_error *err)
{
	uint8_t a[16];
	if (inet_pton(AF_INET, addr, a) == 1)
		return geo_country(g, a, AF_INET, cc, err);
	if (inet_pton(AF_INET6, addr, a) == 1)
		return geo_country(g, a, AF_INET6, cc, err);
	cc[0] = '\0';
	/* %.64s: the text may be anything a capture held; keep the message short. */
	vs_fail(err, VS_EBADVAL, "geo: '%.64s' is not an IPv4 or IPv6 address", addr);
	return GEO_ERROR;
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

bool geo_default_path(char *buf, size_t len)
{
	char dir[PATH_MAX];
	const char *dirs[3] = {NULL, VS_INSTALL_DATADIR, "/usr/share/vendorscope"};
	if (kb_data_dir(dir, sizeof(dir)))
		dirs[0] = dir;
	for (size_t i = 0; i < 3; i++) {
		if (!dirs[i])
			continue;
		int n = snprintf(buf, len, "%s/%s", dirs[i], GEO_DEFAULT_FILE);
		if (n > 0 && (size_t)n < len && is_file(buf))
			return true;
	}
	if (len)
		buf[0] = '\0';
	return false;
}
