/*
 * capture --site and scan --site (ingest/sensor.h): the store alone is
 * opened (a sensor role may read nothing but the schema version), and
 * what the run saw goes to the sensor tables, or, when the store refuses
 * it, to a recovery file as any run's would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/recovered.h"
#include "ingest/sensor.h"
#include "store/sensor_sql.h"

int cli_sensor_site(const char *verb, const char *site)
{
	struct vs_error err = {0};
	if (sensor_site_check(site, &err))
		return cli_usage_error(verb, "--site: %s", err.msg);
	return 0;
}

enum vs_err cli_sensor_open(struct cli_sources *s, const char *db, struct vs_error *err)
{
	memset(s, 0, sizeof(*s));
	return store_open(db, STORE_OPEN_EXISTING, &s->env.store, err);
}

int cli_sensor_add(const char *db, struct cli_sources *src, const char *site,
		   const struct ingest_capture_opts *o, struct sighting *devs, size_t n,
		   struct cli_sensor_added *out)
{
	struct vs_error err = {0};
	memset(out, 0, sizeof(*out));
	ingest_recovery_header(o, &out->h);
	out->devices = n;
	enum vs_err rc = ingest_sensor_add(src->env.store, site, &out->h, devs, n, &out->source_id,
					   &err);
	cli_sources_close(src);
	int status = rc ? cli_keep_sightings(db, &out->h, devs, n, &err) : 0;
	for (size_t i = 0; i < n; i++)
		sighting_release(&devs[i]);
	free(devs);
	return status;
}
