#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plan/plan.h"
#include "report/plan_report.h"
#include "report/plan_run.h"
#include "report/rdoc.h"
#include "store/store.h"

static void plan_usage(FILE *out, bool report)
{
	if (report)
		fprintf(out,
			"usage: vendorscope report [DB] --plan STRATEGY [options] --format FMT [-o FILE]\n\n"
			"Write the phase-out plan as a report: text, csv, json, html (with a\n"
			"burn-down chart) or xlsx (one sheet per table; needs -o).\n\n");
	else
		fprintf(out, "usage: vendorscope plan [DB] --strategy STRATEGY [options]\n\n"
			     "Cost and schedule replacing the Chinese hardware of a survey.\n\n");
	fprintf(out,
		"strategies: immediate | natural | years:N | deadline:YEAR | budget:AMOUNT\n"
		"  (AMOUNT in thousand DKK a year, e.g. budget:5000)\n\n"
		"options:\n"
		"  --survey NAME        the survey (default: the latest)\n"
		"  --from YEAR          first plan year (default: the price level of --prices)\n"
		"  --prices FILE        price catalogue (default: prices/kk-2025-hardware.csv\n"
		"                       in the data directory)\n"
		"  --types a,b          only these asset types (surveillance_camera, ...)\n"
		"  --departments a,b    only these departments\n"
		"  --compare S1,S2,...  strategies side by side instead of one plan\n"
		"  --lang en|da         language (default en)\n"
		"  --format FMT         text, csv, json%s (default text)\n"
		"  -o FILE              write to FILE instead of standard output\n",
		report ? ", html, xlsx" : "");
}

int cli_plan_run(const char *verb, int argc, char **argv, bool report)
{
	static const struct option opts[] = {
		{"strategy", required_argument, NULL, 's'}, {"plan", required_argument, NULL, 's'},
		{"survey", required_argument, NULL, 'S'},   {"from", required_argument, NULL, 'f'},
		{"prices", required_argument, NULL, 'p'},   {"types", required_argument, NULL, 't'},
		{"departments", required_argument, NULL, 'd'},
		{"compare", required_argument, NULL, 'c'},  {"lang", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'F'},   {"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},           {0}};
	const char *strategy = NULL, *survey = NULL, *prices = NULL, *types = NULL, *depts = NULL;
	const char *compare = NULL, *lang = "en", *format = "text", *output = NULL;
	int from = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			strategy = optarg;
			break;
		case 'S':
			survey = optarg;
			break;
		case 'f': {
			char *end;
			long y = strtol(optarg, &end, 10);
			if (*end || y < 1900 || y > 2200)
				return cli_usage_error(verb, "--from takes a year, not '%s'", optarg);
			from = (int)y;
			break;
		}
		case 'p':
			prices = optarg;
			break;
		case 't':
			types = optarg;
			break;
		case 'd':
			depts = optarg;
			break;
		case 'c':
			compare = optarg;
			break;
		case 'l':
			lang = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			plan_usage(stdout, report);
			return 0;
		default:
			plan_usage(stderr, report);
			return 64;
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(verb, "takes one store path");
	if (strcmp(lang, "en") != 0 && strcmp(lang, "da") != 0)
		return cli_usage_error(verb, "--lang is en or da");
	bool fmt_ok = strcmp(format, "text") == 0 || strcmp(format, "csv") == 0 ||
		      strcmp(format, "json") == 0 ||
		      (report && (strcmp(format, "html") == 0 || strcmp(format, "xlsx") == 0));
	if (!fmt_ok)
		return cli_usage_error(verb, "--format is text, csv, json%s", report ? ", html or xlsx" : "");
	if (strcmp(format, "xlsx") == 0 && !output)
		return cli_usage_error(verb, "xlsx needs -o FILE");
	if (!strategy && !compare)
		return cli_usage_error(verb, "needs %s STRATEGY or --compare LIST",
				       report ? "--plan" : "--strategy");
	if (strategy && compare)
		return cli_usage_error(verb, "give either %s or --compare", report ? "--plan" : "--strategy");

	/* Strategies first: a typo is a usage error before any file is opened. */
	struct plan_strategy st[REPORT_PLAN_MAX_STRATEGIES];
	size_t n_st = 0;
	struct vs_error err = {0};
	if (report_plan_strategies(compare ? compare : strategy, st, &n_st, &err))
		return cli_usage_error(verb, "%s", err.msg);
	vs_error_clear(&err);
	char defpath[PATH_MAX + 64];
	if (!prices) {
		if (!report_plan_prices_path(REPORT_PLAN_DEFAULT_PRICES, defpath, sizeof(defpath)))
			return cli_usage_error(verb, "no price catalogue found; give --prices FILE");
		prices = defpath;
	}
	struct report_plan_opts po = {
		.strategies = st, .n_strategies = n_st, .compare = compare != NULL,
		.survey = survey, .prices = prices, .types = types, .departments = depts,
		.from = from, .danish = strcmp(lang, "da") == 0, .generated = cli_generated_time(),
	};
	struct store *stp = NULL;
	struct rdoc doc;
	struct strbuf out = STRBUF_INIT;
	int status = 0;
	rdoc_init(&doc, po.danish, NULL);
	const char *db = cli_db_path(optind < argc ? argv[optind] : NULL);
	if (store_open(db, STORE_OPEN_EXISTING, &stp, &err) || report_plan_doc(stp, &po, &doc, &err))
		goto fail;
	if (strcmp(format, "xlsx") == 0) {
		if (cli_write_xlsx(&doc, output, &err))
			goto fail;
	} else {
		if (strcmp(format, "text") == 0)
			rdoc_render_text(&doc, &out);
		else if (strcmp(format, "csv") == 0)
			rdoc_render_csv(&doc, &out);
		else if (strcmp(format, "json") == 0)
			rdoc_render_json(&doc, &out);
		else
			rdoc_render_html(&doc, &out);
		status = out.failed ? (fprintf(stderr, "vendorscope: out of memory\n"), 71)
				    : strcmp(format, "text") == 0 ? cli_write_text(output, &out)
								  : cli_write_out(output, &out);
	}
	goto done;
fail:
	status = cli_report(&err);
done:
	strbuf_release(&out);
	rdoc_release(&doc);
	if (stp)
		store_close(stp);
	return status;
}

int cmd_plan(int argc, char **argv)
{
	return cli_plan_run("plan", argc, argv, false);
}
