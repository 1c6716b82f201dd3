#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "identify/identify.h"
#include "report/assets.h"

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope check \"MAKER [MODEL]\" [--date YYYY-MM-DD] [--json]\n\n"
		"Before an order: would this product be Chinese hardware under the policy?\n"
		"Prints yes, no or unknown with the evidence. Exit status 0 when answered\n"
		"(whatever the answer), 65 when vendorscope cannot tell (unknown).\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *date = NULL;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'j': json = true; break;
		case 'h': check_usage(stdout); return 0;
		default: check_usage(stderr); return 64;
		}
	}
	if (argc - optind != 1 || !argv[optind][0])
		return cli_usage_error("check", "expected one product, e.g. \"Amcrest IP8M-2496E\"");
	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, NULL, &err))
		return cli_report(&err);
	struct asset a;
	asset_init(&a);
	struct strbuf out = STRBUF_INIT;
	enum vs_err rc = identify_purchase(env.kb, env.policy, argv[optind], date, &a, &err);
	if (!rc && json) {
		report_asset_json(env.kb, &a, &out);
	} else if (!rc) {
		strbuf_addf(&out, "%s: Chinese hardware: %s", argv[optind],
			    a.chinese == TRI_YES ? "yes" : a.chinese == TRI_NO ? "no" : "unknown");
		if (a.vendor_name)
			strbuf_addf(&out, " (producer %s, %s; confidence %.2f)", a.vendor_name,
				    a.country ? a.country : "country not known", a.confidence);
		strbuf_addch(&out, '\n');
		for (size_t i = 0; i < a.n_evidence; i++) {
			strbuf_addstr(&out, "  ");
			report_evidence_line(&a.evidence[i], &out);
			strbuf_addch(&out, '\n');
		}
	}
	int status = json ? (fputs(strbuf_str(&out), stdout), 0) : cli_put_text(&out);
	if (!status)
		status = rc ? cli_report(&err) : a.chinese == TRI_UNKNOWN ? 65 : 0;
	strbuf_release(&out);
	asset_release(&a);
	cli_env_close(&env);
	return status;
}
