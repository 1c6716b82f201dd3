#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/recovery.h"
#include "ingest/ingest.h"
#include "util/text.h"

static void import_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope import [DB] FILE [--survey NAME] [--date YYYY[-MM[-DD]]]\n"
		"                          [--map 'Column=field,...'] [--format FORMAT]\n\n"
		"Read an inventory export (CSV: ',' ';' or tab separated, UTF-8 or Windows-1252,\n"
		"English or Danish headers) into the store, identify each row's producer and\n"
		"classify it. One transaction: a bad row stops the import with FILE:LINE and\n"
		"nothing of the file is stored (exit 65).\n\n"
		"  --survey NAME   survey the rows belong to (default: the file's base name)\n"
		"  --date DATE     the survey's date; ownership is judged as of the acquisition\n"
		"                  date where a row has one, else this date\n"
		"  --map SPEC      name columns vendorscope does not know: 'Fabrikant=maker',\n"
		"                  'Intern note=-' skips a column. Fields: type maker brand model\n"
		"                  serial firmware mac ip hostname department site zone acquired\n"
		"                  lifespan count origin note product publisher version device\n"
		"                  data_class\n"
		"  --format F      csv: a hardware inventory (the default). Installed programs:\n"
		"                  software (the format read from the content), or one of\n"
		"                  winget (winget export JSON), dpkg (dpkg-query -W), rpm\n"
		"                  (rpm -qa --qf), cyclonedx or spdx (JSON SBOMs). A program\n"
		"                  without a department takes its device's, from the survey's\n"
		"                  hardware with that host name.\n\n"
		"A recovery file that capture or scan wrote when the store refused their results\n"
		"(FILE.recovered-….jsonl) is told from its content and stored as that run would\n"
		"have stored it (into its survey, unless --survey names another).\n");
}

/* A capture's or scan's recovery file (import/recovery.h), by its first bytes. */
static bool is_recovery(const char *file)
{
	if (strcmp(file, "-") == 0)
		return false;
	FILE *f = fopen(file, "rb");
	if (!f)
		return false; /* the import says why */
	uint8_t head[64];
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return recovery_detect(head, n);
}

static void progress(int64_t records, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rimport: %lld rows", (long long)records);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"survey", required_argument, NULL, 's'}, {"date", required_argument, NULL, 'd'},
		{"map", required_argument, NULL, 'm'},	  {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},	  {0},
	};
	struct ingest_opts o = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:d:m:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': o.survey = optarg; break;
		case 'd': o.date = optarg; break;
		case 'm': o.map = optarg; break;
		case 'f':
			if (!ingest_format_known(optarg))
				return cli_usage_error("import",
						       "--format is csv, software, winget, dpkg, rpm, "
						       "cyclonedx or spdx, not '%s'", optarg);
			o.format = optarg;
			break;
		case 'h': import_usage(stdout); return 0;
		default: import_usage(stderr); return 64;
		}
	}
	int left = argc - optind;
	if (left < 1 || left > 2)
		return cli_usage_error("import", "expected [DB] FILE");
	const char *db = cli_db_path(left == 2 ? argv[optind] : NULL);
	const char *file = argv[optind + left - 1];
	if (is_recovery(file))
		return cli_import_recovery(db, file, o.survey);
	if (isatty(STDERR_FILENO)) {
		o.progress = progress;
		o.progress_every = 50000;
	}

	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, db, &err))
		return cli_report(&err);
	struct ingest_stats stats;
	enum vs_err rc = ingest_file(env.store, env.kb, env.policy, file, &o, &stats, &err);
	if (o.progress && (rc == VS_OK || stats.records >= o.progress_every))
		fputc('\n', stderr);
	cli_env_close(&env);
	if (rc)
		return cli_report(&err);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s: %lld rows into survey '%s': ", file, (long long)stats.records,
		    stats.survey);
	fmt_int_grouped(&sb, stats.units, false);
	strbuf_addstr(&sb, " units, ");
	fmt_int_grouped(&sb, stats.chinese_units, false);
	strbuf_addstr(&sb, " Chinese, ");
	fmt_int_grouped(&sb, stats.unknown_units, false);
	strbuf_addstr(&sb, " of unknown origin\n");
	fputs(strbuf_str(&sb), stdout);
	strbuf_release(&sb);
	return 0;
}
