/*
 * Vendor clouds: DNS names a device's maker runs (dev.hik-connect.com is
 * Hikvision's Hik-Connect P2P service), so a DNS query or a TLS SNI seen in
 * a capture tells which maker's cloud a device talks to.
 *
 * data/clouds.tsv (data/README.md): suffix, vendor (a kb vendor id),
 * service, source. A name matches a suffix at a label boundary only
 * ("a.hik-connect.com" and "hik-connect.com" match "hik-connect.com";
 * "nothik-connect.com" does not), and the longest matching suffix wins
 * (ot.io.mi.com is "io.mi.com", the IoT cloud, not "mi.com").
 */
#ifndef VS_GEO_CLOUDS_H
#define VS_GEO_CLOUDS_H

#include <stddef.h>

#include "util/err.h"

struct cloud {
	char *suffix;  /* lower case, no trailing dot: "hik-connect.com" */
	char *vendor;  /* kb vendor id: "hikvision" */
	char *service; /* "Hik-Connect P2P and device cloud" */
	char *source;
	long line;     /* line in clouds.tsv, for messages */
};

struct clouds {
	struct cloud *v; /* sorted by suffix; owns its strings */
	size_t n;
};

/*
 * Load clouds.tsv from path (NULL: kb_data_dir()/clouds.tsv). A bad row
 * fails the load with "clouds.tsv:LINE: reason" and VS_EBADVAL: a suffix
 * that is not a lower-case host name of two or more labels, a suffix listed
 * twice, a vendor that is not [a-z0-9_]+, an empty service or source.
 */
enum vs_err clouds_load(const char *path, struct clouds **out, struct vs_error *err);
void clouds_free(struct clouds *c);

/*
 * The row whose suffix is the longest label-boundary suffix of dns_name, or
 * NULL. dns_name is compared case-insensitively (ASCII) and may end with the
 * root's dot; a name longer than 253 characters matches nothing.
 */
const struct cloud *cloud_match(const struct clouds *c, const char *dns_name);

#endif
