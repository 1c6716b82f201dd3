#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/assets.h"
#include "report/diff.h"
#include "report/exposure.h"
#include "report/groups.h"
#include "store/query_groups.h"

static void assets_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope assets [DB] [--survey NAME] [--chinese] [--kind hardware|software]\n"
		"                          [--by FIELDS] [--format text|csv|json] [--lang da|en]\n"
		"       vendorscope assets [DB] [--survey NAME] --exposed [--format text|json]\n\n"
		"List the assets of a survey (default: the latest) with their origin, or count\n"
		"them grouped (--by type,department gives the shape of the seeds' Table 1).\n\n"
		"  --chinese       only assets the policy classifies as Chinese\n"
		"  --by FIELDS     group by: type department vendor maker brand model country\n"
		"                  chinese critical site kind product publisher (up to 4)\n"
		"  --format F      text (default), csv, or json (one object per line; the\n"
		"                  schema is in the README)\n"
		"  --lang L        en (default) or da: labels and number format\n"
		"  --exposed       devices a capture saw talking to China or to a Chinese\n"
		"                  vendor's cloud, with the peers, when the device was on\n"
		"                  the network, each fact it showed and the evidence\n");
}

struct listing {
	const struct kb *kb;
	enum report_format format;
	bool danish;
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
		report_assets_table_add(l->kb, &l->table, a, l->danish);
	}
	return !ferror(stdout);
}

static int list_assets(struct cli_env *env, const struct asset_filter *f, enum report_format fmt,
		       bool danish)
{
	struct listing l = {.kb = env->kb, .format = fmt, .danish = danish};
	strbuf_init(&l.line);
	if (fmt != REPORT_JSON)
		report_assets_table_init(&l.table, danish);
	struct vs_error err = {0};
	enum vs_err rc = store_assets_foreach(env->store, f, print_asset, &l, &err);
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
			enum report_format fmt, bool danish)
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
		report_groups_csv(fields, n, &res, &out);
	else
		report_groups_text(env->kb, fields, n, &res, danish, &out);
	int status = fmt == REPORT_TEXT ? cli_put_text(&out) : (fputs(strbuf_str(&out), stdout), 0);
	strbuf_release(&out);
	group_result_release(&res);
	return status;
}

static int list_exposed(struct cli_env *env, int64_t survey_id, bool json)
{
	struct strbuf out = STRBUF_INIT;
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
		printf("%zu device%s talked to China or a Chinese vendor's cloud\n", n, n == 1 ? "" : "s");
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
		{"exposed", no_argument, NULL, 'x'},	  {0},
	};
	const char *survey = NULL, *by = NULL;
	struct asset_filter f = {.kind = -1};
	enum report_format fmt = REPORT_TEXT;
	bool danish = false, exposed = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:ck:b:f:l:jhx", opts, NULL)) != -1) {
		switch (c) {
		case 's': survey = optarg; break;
		case 'c': f.chinese_only = true; break;
		case 'k':
			if (!cli_kind(optarg, &f.kind))
				return cli_usage_error("assets", "--kind is hardware or software");
			break;
		case 'b': by = optarg; break;
		case 'f':
			if (!cli_format(optarg, &fmt))
				return cli_usage_error("assets", "--format is text, csv or json");
			break;
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
	if (exposed && (by || fmt == REPORT_CSV || f.chinese_only || f.kind == ASSET_SOFTWARE))
		return cli_usage_error("assets", "--exposed lists devices as text or json; it takes "
						 "no --by, --chinese, --kind or csv");
	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, cli_db_path(optind < argc ? argv[optind] : NULL), &err))
		return cli_report(&err);
	struct survey_info si;
	int status;
	if (cli_survey(env.store, survey, &si, &err)) {
		status = cli_report(&err);
	} else {
		f.survey_id = si.id;
		if (exposed)
			status = list_exposed(&env, si.id, fmt == REPORT_JSON);
		else
			status = by ? group_assets(&env, &f, by, fmt, danish)
				    : list_assets(&env, &f, fmt, danish);
	}
	cli_env_close(&env);
	return status;
}
