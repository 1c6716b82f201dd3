#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/assets.h"
#include "report/diff.h"
#include "report/exposure.h"
#include "report/groups.h"
#include "report/meta.h"
#include "report/rdoc.h"
#include "report/asset_detail.h"
#include "store/query_groups.h"
#include "store/query_serve.h"
#include "util/limits.h"

static void assets_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope assets [DB] [--survey NAME] [--chinese] [--kind hardware|software]\n"
		"                          [--critical] [--search TEXT] [--by FIELDS] [--format FMT]\n"
		"                          [-o FILE] [--lang da|en]\n"
		"       vendorscope assets [DB] [--survey NAME] --exposed [--format text|json]\n"
		"       vendorscope assets [DB] --id N --format json\n\n"
		"List the assets of a survey (default: the latest) with their origin, or count\n"
		"them grouped (--by type,department gives the shape of the seeds' Table 1).\n\n"
		"  --chinese       only assets the policy classifies as Chinese\n"
		"  --critical      only assets in a critical installation\n"
		"  --search TEXT   only assets with TEXT (any case) in their type, maker,\n"
		"                  vendor, brand, model, serial, MAC, IP, host name,\n"
		"                  department, site, product or publisher\n"
		"  --id N          asset N with its evidence, survey, source, observations\n"
		"                  (first and last seen) as one JSON object\n"
		"  --by FIELDS     group by: type department vendor maker brand model country\n"
		"                  chinese critical site kind product publisher (up to 4)\n"
		"  --format F      text (default), csv, json (one object per line; the\n"
		"                  schema is in the README), html or xlsx (needs -o)\n"
		"  -o FILE         write html or xlsx to FILE\n"
		"  --lang L        en (default) or da: labels and number format\n"
		"  --exposed       devices a capture saw talking to China or to a Chinese\n"
		"                  vendor's cloud, or asking DNS for one with no traffic\n"
		"                  seen (an attempt: a firewall may have stopped it), with\n"
		"                  the peers, when the device was on the network, each\n"
		"                  fact it showed and the evidence\n");
}

/* html and xlsx go through a report document; the other formats stream. */
enum { FMT_HTML = REPORT_JSON + 1, FMT_XLSX };

struct listing {
	const struct kb *kb;
	enum report_format format;
	bool danish;
	const struct report_meta *meta;
	struct table table;
	struct strbuf line;
};

static bool print_asset(const struct asset *a, void *ctx)
{
	struct listing *l = ctx;
	if (l->format == REPORT_JSON) {
		strbuf_reset(&l->line);
		report_asset_json(l->kb, a, &l->line);
		fputs(strbuf_str(&l->line), stdout);
	} else {
		report_assets_table_add(l->kb, &l->table, a, l->danish,
					l->format == REPORT_CSV ? l->meta : NULL);
	}
	return !ferror(stdout);
}

static int list_assets(struct cli_env *env, const struct store_asset_query *q, enum report_format fmt,
		       bool danish, const struct report_meta *meta)
{
	struct listing l = {.kb = env->kb, .format = fmt, .danish = danish, .meta = meta};
	strbuf_init(&l.line);
	if (fmt == REPORT_TEXT) {
		report_meta_line(&l.line, meta, danish);
		strbuf_addstr(&l.line, "\n\n");
		cli_put_text(&l.line); /* the survey's name is the user's text */
		strbuf_reset(&l.line);
	}
	if (fmt != REPORT_JSON)
		report_assets_table_init(&l.table, danish, fmt == REPORT_CSV);
	struct vs_error err = {0};
	enum vs_err rc = store_assets_query(env->store, q, print_asset, &l, NULL, &err);
	if (!rc && fmt != REPORT_JSON) {
		if (fmt == REPORT_CSV)
			table_render_csv(&l.table, &l.line, ',');
		else
			table_render_text(&l.table, &l.line);
		fputs(strbuf_str(&l.line), stdout); /* escaped by the table */
	}
	if (fmt != REPORT_JSON)
		table_release(&l.table);
	strbuf_release(&l.line);
	return rc ? cli_report(&err) : 0;
}

static int group_assets(struct cli_env *env, const struct asset_filter *f, const char *by,
			enum report_format fmt, bool danish, const struct report_meta *meta)
{
	enum group_field fields[GROUP_MAX_FIELDS];
	size_t n;
	char why[256];
	if (!group_fields_parse(by, fields, &n, why, sizeof(why)))
		return cli_usage_error("assets", "--by: %s", why);
	struct group_result res;
	struct vs_error err = {0};
	if (store_assets_grouped(env->store, f, fields, n, &res, &err))
		return cli_report(&err);
	report_groups_sort(env->kb, fields, n, &res);
	struct strbuf out = STRBUF_INIT;
	if (fmt == REPORT_JSON)
		report_groups_json(fields, n, &res, &out);
	else if (fmt == REPORT_CSV)
		report_groups_csv(fields, n, &res, meta, &out);
	else
		report_groups_text(env->kb, fields, n, &res, danish, meta, &out);
	int status = fmt == REPORT_TEXT ? cli_put_text(&out) : (fputs(strbuf_str(&out), stdout), 0);
	strbuf_release(&out);
	group_result_release(&res);
	return status;
}

struct doc_ctx {
	const struct kb *kb;
	struct rdoc *d;
	struct rdoc_table *t;
};

static bool doc_asset(const struct asset *a, void *vctx)
{
	struct doc_ctx *ctx = vctx;
	report_assets_rdoc_add(ctx->kb, ctx->d, ctx->t, a);
	return !ctx->d->failed;
}

/* The register as a document: HTML (stdout or -o) or XLSX (-o). */
static int doc_assets(struct cli_env *env, const struct store_asset_query *q, const char *by, int fmt,
		      bool danish, const struct report_meta *meta, const char *output)
{
	const struct asset_filter *f = &q->f;
	struct rdoc d;
	struct vs_error err = {0};
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%s%s %s", danish ? (f->chinese_only ? "Kinesiske aktiver" : "Aktiver")
					      : (f->chinese_only ? "Chinese assets" : "Assets"),
		    danish ? " i kortlægning" : " of survey", meta->survey);
	rdoc_init(&d, danish, strbuf_str(&title));
	strbuf_release(&title);
	rdoc_set_meta(&d, meta);
	enum vs_err rc = VS_OK;
	if (by) {
		enum group_field fields[GROUP_MAX_FIELDS];
		size_t n;
		char why[256];
		if (!group_fields_parse(by, fields, &n, why, sizeof(why))) {
			rdoc_release(&d);
			return cli_usage_error("assets", "--by: %s", why);
		}
		struct group_result res;
		rc = store_assets_grouped(env->store, f, fields, n, &res, &err);
		if (!rc) {
			report_groups_sort(env->kb, fields, n, &res);
			report_groups_rdoc(env->kb, fields, n, &res, &d);
			group_result_release(&res);
		}
	} else {
		struct doc_ctx ctx = {env->kb, &d, report_assets_rdoc_init(&d)};
		rc = store_assets_query(env->store, q, doc_asset, &ctx, NULL, &err);
	}
	if (!rc && d.failed)
		rc = vs_fail(&err, VS_ENOMEM, "out of memory building the report");
	int status = 0;
	if (!rc && fmt == FMT_XLSX) {
		rc = cli_write_xlsx(&d, output, &err);
	} else if (!rc) {
		struct strbuf out = STRBUF_INIT;
		rdoc_render_html(&d, &out);
		status = cli_write_out(output, &out);
		strbuf_release(&out);
	}
	rdoc_release(&d);
	return rc ? cli_report(&err) : status;
}

static int list_exposed(struct cli_env *env, int64_t survey_id, bool json,
			const struct report_meta *meta)
{
	struct strbuf out = STRBUF_INIT;
	if (!json) {
		report_meta_line(&out, meta, false);
		strbuf_addstr(&out, "\n\n");
	}
	struct vs_error err = {0};
	size_t n = 0;
	if (report_exposed(env->store, env->kb, env->policy, survey_id, json, &out, &n, &err)) {
		strbuf_release(&out);
		return cli_report(&err);
	}
	if (json)
		fputs(strbuf_str(&out), stdout);
	else
		cli_put_text(&out);
	if (!json)
		printf("%zu device%s talked to China or a Chinese vendor's cloud (or asked DNS for "
		       "one)\n", n, n == 1 ? "" : "s");
	strbuf_release(&out);
	return 0;
}

int cmd_assets(int argc, char **argv)
{
	static const struct option opts[] = {
		{"survey", required_argument, NULL, 's'}, {"chinese", no_argument, NULL, 'c'},
		{"kind", required_argument, NULL, 'k'},	  {"by", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},	  {"help", no_argument, NULL, 'h'},
		{"exposed", no_argument, NULL, 'x'},	  {"output", required_argument, NULL, 'o'},
		{"critical", no_argument, NULL, 'C'},	  {"search", required_argument, NULL, 'q'},
		{"id", required_argument, NULL, 'i'},	  {0},
	};
	const char *survey = NULL, *by = NULL, *output = NULL;
	struct store_asset_query q = {.f = {.kind = -1}};
	struct asset_filter f = {.kind = -1};
	long long id = 0;
	int fmt = REPORT_TEXT;
	bool danish = false, exposed = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:ck:b:f:l:jhxo:Cq:i:", opts, NULL)) != -1) {
		switch (c) {
		case 'C': q.critical_only = true; break;
		case 'q':
			if (strlen(optarg) > VS_SERVE_MAX_QUERY)
				return cli_usage_error("assets", "--search is at most %d bytes",
						       VS_SERVE_MAX_QUERY);
			q.search = optarg;
			break;
		case 'i': {
			char *end;
			id = strtoll(optarg, &end, 10);
			if (*end || id <= 0)
				return cli_usage_error("assets", "--id takes an asset id (a positive number)");
			break;
		}
		case 's': survey = optarg; break;
		case 'c': f.chinese_only = true; break;
		case 'k':
			if (!cli_kind(optarg, &f.kind))
				return cli_usage_error("assets", "--kind is hardware or software");
			break;
		case 'b': by = optarg; break;
		case 'f': {
			enum report_format rf = REPORT_TEXT;
			if (strcmp(optarg, "html") == 0)
				fmt = FMT_HTML;
			else if (strcmp(optarg, "xlsx") == 0)
				fmt = FMT_XLSX;
			else if (cli_format(optarg, &rf))
				fmt = (int)rf;
			else
				return cli_usage_error("assets", "--format is text, csv, json, html or xlsx");
			break;
		}
		case 'o': output = optarg; break;
		case 'j': fmt = REPORT_JSON; break;
		case 'l':
			if (!cli_lang(optarg, &danish))
				return cli_usage_error("assets", "--lang is da or en");
			break;
		case 'x': exposed = true; break;
		case 'h': assets_usage(stdout); return 0;
		default: assets_usage(stderr); return 64;
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("assets", "takes one store path");
	if (fmt == FMT_XLSX && !output)
		return cli_usage_error("assets", "xlsx needs -o FILE");
	if (output && fmt != FMT_XLSX && fmt != FMT_HTML)
		return cli_usage_error("assets", "-o is for --format html or xlsx");
	if (exposed && (by || fmt == REPORT_CSV || fmt >= FMT_HTML || f.chinese_only ||
			f.kind == ASSET_SOFTWARE))
		return cli_usage_error("assets", "--exposed lists devices as text or json; it takes "
						 "no --by, --chinese, --kind or csv");
	if ((q.critical_only || q.search) && (by || exposed))
		return cli_usage_error("assets", "--critical and --search list assets; they take no "
						 "--by or --exposed");
	if (id && (fmt != REPORT_JSON || by || exposed || survey || f.chinese_only || f.kind >= 0 ||
		   q.critical_only || q.search))
		return cli_usage_error("assets", "--id N goes with --format json alone");
	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, cli_db_path(optind < argc ? argv[optind] : NULL), &err))
		return cli_report(&err);
	struct survey_info si;
	int status;
	if (id) {
		struct strbuf out = STRBUF_INIT;
		status = report_asset_detail_json(env.store, env.kb, id, &out, &err)
				 ? cli_report(&err)
				 : (fputs(strbuf_str(&out), stdout), 0);
		strbuf_release(&out);
	} else if (cli_survey(env.store, survey, &si, &err)) {
		status = cli_report(&err);
	} else {
		f.survey_id = si.id;
		q.f = f;
		struct report_meta meta = {.survey = si.name, .survey_date = si.date,
					   .generated = cli_generated_time()};
		if (exposed)
			status = list_exposed(&env, si.id, fmt == REPORT_JSON, &meta);
		else if (fmt >= FMT_HTML)
			status = doc_assets(&env, &q, by, fmt, danish, &meta, output);
		else
			status = by ? group_assets(&env, &f, by, (enum report_format)fmt, danish, &meta)
				    : list_assets(&env, &q, (enum report_format)fmt, danish, &meta);
	}
	cli_env_close(&env);
	return status;
}
