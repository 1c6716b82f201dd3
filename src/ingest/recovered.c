#include "ingest/recovered.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ingest_recovery_header(const struct ingest_capture_opts *o, struct recovery_header *h)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->kind, sizeof(h->kind), "%s", o->kind ? o->kind : "capture");
	snprintf(h->format, sizeof(h->format), "%s", o->format);
	snprintf(h->path, sizeof(h->path), "%s", o->path);
	ingest_capture_survey(o, h->survey, sizeof(h->survey));
	/* The run's source identity (ingest/sources.h), so storing it later
	 * replaces and is replaced as the run would have been. */
	char real[PATH_MAX];
	if (o->source)
		snprintf(h->source, sizeof(h->source), "%s", o->source);
	else if (strcmp(h->format, "pcap") == 0 && realpath(o->path, real))
		snprintf(h->source, sizeof(h->source), "%s", real);
}

enum vs_err ingest_recovered(struct store *st, const struct kb *kb, const struct policy *pol,
			     const struct recovery_header *h, struct sighting *devs, size_t n,
			     const struct ingest_capture_opts *over, struct capture_result *out,
			     struct vs_error *err)
{
	struct ingest_capture_opts o = *over;
	o.survey = over->survey ? over->survey : h->survey;
	o.path = h->path;
	o.format = h->format;
	o.kind = h->kind;
	o.source = over->source ? over->source : h->source[0] ? h->source : NULL;
	return ingest_capture(st, kb, pol, devs, n, &o, out, err);
}
