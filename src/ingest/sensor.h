/*
 * Sensors (store/sensor_sql.h, schema migration 13): a capture or scan
 * run with --site keeps what it saw in the sensor tables instead of the
 * register, as the role it connects as (on PostgreSQL a sensor role may
 * do nothing else); the store's owner moves each source into the
 * register with ingest_sensor_import, through the entry point a recovery
 * file takes (ingest/recovered.h).
 *
 * Identity (ingest/sources.h): a sensor's source is named
 * "sensor:SITE:NAME", NAME its run's own (--source, a capture file's
 * canonical path on the sensor, "interface:IF", "scan:TARGETS"). The
 * same capture or scan stored again by the same site's sensor into the
 * same survey replaces the earlier one; another site's never does, and no
 * sensor can name, and so replace, a source the register got otherwise.
 */
#ifndef VS_INGEST_SENSOR_H
#define VS_INGEST_SENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/recovery.h"
#include "ingest/capture.h"
#include "store/sensor_store.h"

/*
 * Write devs (n of them; they stay the caller's) as one sensor source of
 * site with header h: one sensor_source row and a sensor_observation row
 * per device, in one transaction of its own. Reads nothing of the
 * register. *source_id gets the new source's id. VS_EPERM when the
 * server's privileges or policies refuse (the role is not the sensor of
 * site); VS_EDB, VS_ENOMEM otherwise; the store as it was then.
 */
enum vs_err ingest_sensor_add(struct store *st, const char *site, const struct recovery_header *h,
			      const struct sighting *devs, size_t n, int64_t *source_id,
			      struct vs_error *err);

/* One source ingest_sensor_import took: stored (rc VS_OK, res and h
 * set), or refused for what it holds (rc the error, err saying why: it
 * stays waiting, and the next source is taken). */
struct sensor_import_event {
	const struct sensor_source_info *src;
	const struct recovery_header *h; /* NULL when its header did not parse */
	enum vs_err rc;
	const struct capture_result *res; /* when stored */
	const struct vs_error *err;       /* when refused */
};

struct ingest_sensor_opts {
	const char *site;   /* only this site's sources; NULL: every site */
	const char *survey; /* only the sources into this survey; NULL: every survey */
	const struct geo *geo;
	const struct clouds *clouds;
	const struct recog *recog;
	void (*each)(const struct sensor_import_event *ev, void *ctx);
	void *ctx;
};

struct ingest_sensor_stats {
	size_t imported, refused;
	size_t devices; /* of the sources imported */
};

/*
 * Every sensor source not imported yet (of o->site, into o->survey), in
 * the order they were added: each in one transaction of its own, which
 * stores its devices through ingest_recovered and marks it imported, so
 * a failure leaves it waiting and nothing of it in the register, and
 * running this again takes only what is still waiting. A source whose
 * rows do not parse (what a sensor wrote is outside input) is refused
 * and the rest are taken; a store error stops (VS_EDB). The store's
 * owner runs this: it reads the register (resolving devices to assets).
 */
enum vs_err ingest_sensor_import(struct store *st, const struct kb *kb, const struct policy *pol,
				 const struct ingest_sensor_opts *o, struct ingest_sensor_stats *stats,
				 struct vs_error *err);

#endif
