/*
 * Nothing lost: when the store refuses a finished capture or scan (a full
 * disk, a store gone read-only), the devices go to a recovery file
 * (import/recovery.h) and the user is told where; `vendorscope import DB
 * FILE` stores them later as the run would have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "import/recovery.h"
#include "ingest/recovered.h"
#include "util/limits.h"

int cli_keep_sightings(const char *db, const struct recovery_header *h,
		       const struct sighting *devs, size_t n, const struct vs_error *store_err)
{
	int status = cli_report(store_err);
	if (n == 0 || (store_err->code != VS_EDB && store_err->code != VS_EIO &&
		       store_err->code != VS_EPERM))
		return status;
	const struct sighting **v = calloc(n, sizeof(*v));
	struct vs_error err = {0};
	char where[4096];
	if (!v) {
		fprintf(stderr, "vendorscope: out of memory: the %zu devices seen are lost\n", n);
		return status;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = &devs[i];
	if (recovery_write(db, h, v, n, where, sizeof(where), &err)) {
		cli_report(&err);
		fprintf(stderr, "vendorscope: the %zu devices seen are lost\n", n);
	} else {
		fprintf(stderr,
			"vendorscope: the %zu devices seen are kept in %s; "
			"'vendorscope import %s %s' stores them\n",
			n, where, db, where);
	}
	free(v);
	return status;
}

int cli_store_run(const char *db, struct cli_sources *src, struct ingest_capture_opts *o,
		  struct sighting *devs, size_t n, bool json, struct capture_result *res)
{
	struct vs_error err = {0};
	cli_sources_ingest_opts(src, o);
	enum vs_err rc = ingest_capture(src->env.store, src->env.kb, src->env.policy, devs, n, o,
					res, &err);
	cli_sources_close(src);
	if (rc) {
		int status = cli_keep_results(db, o, res, &err);
		capture_result_release(res);
		return status;
	}
	if (json)
		cli_print_devices_json(res);
	cli_print_replaced(&res->replaced, json ? stderr : stdout);
	return 0;
}

int cli_keep_results(const char *db, const struct ingest_capture_opts *o,
		     const struct capture_result *res, const struct vs_error *store_err)
{
	struct recovery_header h;
	ingest_recovery_header(o, &h);
	/* The survey the run chose (the same, unless ingest named it). */
	snprintf(h.survey, sizeof(h.survey), "%s", res->survey);
	struct sighting *devs = res->n ? calloc(res->n, sizeof(*devs)) : NULL;
	if (res->n && !devs) {
		int status = cli_report(store_err);
		fprintf(stderr, "vendorscope: out of memory: the %zu devices seen are lost\n", res->n);
		return status;
	}
	/* Shallow copies: the sightings stay res's. */
	for (size_t i = 0; i < res->n; i++)
		devs[i] = res->dev[i].seen;
	int status = cli_keep_sightings(db, &h, devs, res->n, store_err);
	free(devs);
	return status;
}

int cli_import_recovery(const char *db, const char *file, const struct cli_import_opts *io)
{
	struct vs_error err = {0};
	struct recovery_header *h = malloc(sizeof(*h));
	struct sighting *devs = NULL;
	size_t n = 0;
	if (!h) {
		vs_fail(&err, VS_ENOMEM, "out of memory");
		return cli_report(&err);
	}
	struct cli_sources src;
	if (recovery_read(file, h, &devs, &n, &err) ||
	    cli_sources_open(&src, "import", db, io->recog_dir, io->geoip, &err)) {
		for (size_t i = 0; i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
		free(h);
		return cli_report(&err);
	}
	struct ingest_capture_opts o = {.survey = io->survey, .date = io->date, .source = io->source};
	cli_sources_ingest_opts(&src, &o);
	struct capture_result res;
	enum vs_err rc = ingest_recovered(src.env.store, src.env.kb, src.env.policy, h, devs, n, &o,
					  &res, &err);
	cli_sources_close(&src);
	if (!rc) {
		cli_print_replaced(&res.replaced, stdout);
		printf("%s: %zu devices of %s into survey '%s': %zu Chinese, %zu of unknown origin%s\n",
		       file, res.n, h->path, res.survey, res.chinese, res.unknown, cli_fused_note(&res));
		cli_note_sighting_caps("import", &res);
	}
	capture_result_release(&res);
	free(h);
	return rc ? cli_report(&err) : 0;
}

void cli_note_sighting_caps(const char *verb, const struct capture_result *res)
{
	size_t devices = 0;
	unsigned long long facts = 0;
	for (size_t i = 0; i < res->n; i++)
		if (res->dev[i].seen.dropped) {
			devices++;
			facts += res->dev[i].seen.dropped;
		}
	if (devices)
		fprintf(stderr,
			"vendorscope %s: %zu device%s showed more than is kept per device (%d facts, %d "
			"addresses, %d external peers, %d resolved names: VS_MAX_DEVICE_OBS, _ADDRS, "
			"_PEERS, _NAMES); the first ones are stored, %llu more were not\n",
			verb, devices, devices == 1 ? "" : "s", VS_MAX_DEVICE_OBS, VS_MAX_DEVICE_ADDRS,
			VS_MAX_DEVICE_PEERS, VS_MAX_DEVICE_NAMES, facts);
}
