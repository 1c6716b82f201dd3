#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/diff.h"

static void diff_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope diff [DB] SURVEY_A SURVEY_B [--chinese] [--kind hardware|software]\n"
		"                        [--format text|csv|json] [--lang da|en]\n\n"
		"Compare two surveys: hardware per type and department and per type and\n"
		"vendor, software per product and department and per product and vendor\n"
		"(each in a section of its own), the count in A, in B and the change.\n"
		"Text and CSV name both surveys, their dates and the generation time\n"
		"first; CSV numbers are plain.\n\n"
		"  --chinese   only assets the policy classifies as Chinese\n"
		"  --kind K    only hardware or only software\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{"chinese", no_argument, NULL, 'c'},	  {"format", required_argument, NULL, 'f'},
		{"kind", required_argument, NULL, 'k'},
		{"lang", required_argument, NULL, 'l'},	  {"help", no_argument, NULL, 'h'},
		{0},
	};
	struct diff_opts o = {.format = REPORT_TEXT, .kind = -1, .generated = cli_generated_time()};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ck:f:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.chinese_only = true; break;
		case 'k':
			if (!cli_kind(optarg, &o.kind))
				return cli_usage_error("diff", "--kind is hardware or software");
			break;
		case 'f':
			if (!cli_format(optarg, &o.format))
				return cli_usage_error("diff", "--format is text, csv or json");
			break;
		case 'l':
			if (!cli_lang(optarg, &o.danish))
				return cli_usage_error("diff", "--lang is da or en");
			break;
		case 'h': diff_usage(stdout); return 0;
		default: diff_usage(stderr); return 64;
		}
	}
	int left = argc - optind;
	if (left < 2 || left > 3)
		return cli_usage_error("diff", "expected [DB] SURVEY_A SURVEY_B");
	const char *db = cli_db_path(left == 3 ? argv[optind] : NULL);
	const char *name_a = argv[argc - 2], *name_b = argv[argc - 1];

	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, db, &err))
		return cli_report(&err);
	struct survey_info a, b;
	struct strbuf out = STRBUF_INIT;
	enum vs_err rc = cli_survey(env.store, name_a, &a, &err);
	if (!rc)
		rc = cli_survey(env.store, name_b, &b, &err);
	if (!rc)
		rc = report_diff(env.store, env.kb, &a, &b, &o, &out, &err);
	int status = 0;
	if (!rc)
		status = o.format == REPORT_TEXT ? cli_put_text(&out)
						 : (fputs(strbuf_str(&out), stdout), 0);
	strbuf_release(&out);
	cli_env_close(&env);
	return rc ? cli_report(&err) : status;
}
