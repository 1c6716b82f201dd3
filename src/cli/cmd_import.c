#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/devices.h"
#include "import/recovery.h"
#include "ingest/devices.h"
#include "ingest/ingest.h"
#include "util/text.h"

static void import_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope import [DB] FILE [--survey NAME] [--date YYYY[-MM[-DD]]]\n"
		"                          [--map 'Column=field,...'] [--set field=value]...\n"
		"                          [--sheet NAME] [--format FORMAT]\n"
		"                          [--source NAME]\n\n"
		"Read an inventory export (CSV: ',' ';' or tab separated, UTF-8 or Windows-1252;\n"
		"or an XLSX workbook, known by its content; English or Danish headers) into the\n"
		"store, identify each row's producer and\n"
		"classify it. One transaction: a bad row stops the import with FILE:LINE and\n"
		"nothing of the file is stored (exit 65). Importing the same source into the\n"
		"same survey again replaces what it gave before, in the same transaction:\n"
		"the same source has the same name or the same content (SHA-256).\n\n"
		"  --survey NAME   survey the rows belong to (default: the file's base name)\n"
		"  --date DATE     the survey's date; ownership is judged as of the acquisition\n"
		"                  date where a row has one, else this date\n"		"  --source NAME   the source's name, for an export whose file name changes\n"
		"                  (default: the file's absolute path; standard input has none)\n"
		"  --map SPEC      name columns vendorscope does not know: 'Fabrikant=maker',\n"
		"                  'Intern note=-' skips a column. Fields: type maker brand model\n"
		"                  serial firmware mac ip hostname department site zone acquired\n"
		"                  lifespan count origin note product publisher version device\n"
		"                  data_class. '*=-' skips every column vendorscope does not know.\n"
		"  --sheet NAME    the sheet of an XLSX workbook to read (default: the first)\n"
		"  --set F=VALUE   a value for field F where a row leaves it empty, for the whole\n"
		"                  file (repeatable): --set type=surveillance_camera for a VMS's\n"
		"                  camera list, --set department=TMF\n"
		"  Exports recognised by their header, read without --map (see the README):\n"
		"                  Microsoft Intune, ConfigMgr/SCCM, Lansweeper, GLPI, TOPdesk,\n"
		"                  NetBox, Milestone XProtect (hardware CSV, camera report)\n"
		"  --format F      csv: a hardware inventory (the default). Installed programs:\n"
		"                  software (the format read from the content), or one of\n"
		"                  winget (winget export JSON), dpkg (dpkg-query -W), rpm\n"
		"                  (rpm -qa --qf), cyclonedx or spdx (JSON SBOMs). A program\n"
		"                  without a department takes its device's, from the survey's\n"
		"                  hardware with that host name. Device files other tools\n"
		"                  write are read from their content too (below).\n");
	if (device_format_count()) {
		fprintf(out, "\nDevice files (detected from the content; --format NAME forces one): each\n"
			     "device joins the asset the survey holds for it (serial, MAC, host name),\n"
			     "as a capture's do.\n");
		for (size_t i = 0; i < device_format_count(); i++)
			fprintf(out, "  %-16s%s\n", device_format_at(i)->name, device_format_at(i)->what);
		cli_sources_usage(out, 18);
	}
	fprintf(out, "\nA recovery file that capture or scan wrote when the store refused their\n"
		     "results (DB.recovered-….jsonl) is told from its content too and stored as that\n"
		     "run would have stored it: into its survey and as its source, unless --survey\n"
		     "or --source say otherwise.\n");
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

/* A device file: the same inputs and the same entry point as a capture. */
static int import_devices(const char *db, const char *file, const char *format,
			  const struct ingest_opts *io, const char *recog_dir, const char *geoip)
{
	struct vs_error err = {0};
	struct cli_sources src;
	if (cli_sources_open(&src, "import", db, recog_dir, geoip, &err))
		return cli_report(&err);
	struct ingest_capture_opts o = {.survey = io->survey, .date = io->date, .source = io->source};
	cli_sources_ingest_opts(&src, &o);
	struct capture_result res;
	enum vs_err rc = ingest_devices_file(src.env.store, src.env.kb, src.env.policy, file, format,
					     &o, &res, &err);
	cli_sources_close(&src);
	if (rc) {
		capture_result_release(&res);
		return cli_report(&err);
	}
	cli_print_replaced(&res.replaced, stdout);
	printf("%s: %s file, %zu devices into survey '%s': %zu Chinese, %zu of unknown origin%s\n",
	       file, o.format, res.n, res.survey, res.chinese, res.unknown, cli_fused_note(&res));
	if (res.dropped)
		fprintf(stderr, "vendorscope import: %llu devices past the %d-device limit were not "
				"kept\n", (unsigned long long)res.dropped, VS_MAX_CAPTURE_DEVICES);
	capture_result_release(&res);
	return fflush(stdout) == 0 ? 0 : 74;
}

static void progress(int64_t records, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rimport: %lld rows", (long long)records);
}

static int import_run(int argc, char **argv, const char **set)
{
	static const struct option opts[] = {
		{"survey", required_argument, NULL, 's'}, {"date", required_argument, NULL, 'd'},
		{"map", required_argument, NULL, 'm'},	  {"format", required_argument, NULL, 'f'},
		{"source", required_argument, NULL, 'S'}, {"help", no_argument, NULL, 'h'},
		{"recog", required_argument, NULL, 'R'},  {"geoip", required_argument, NULL, 'g'},
		{"set", required_argument, NULL, 'D'},	  {"sheet", required_argument, NULL, 'T'},
		{0},
	};
	struct ingest_opts o = {0};
	o.set = set;
	const char *recog_dir = NULL, *geoip = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:d:m:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': o.survey = optarg; break;
		case 'S': o.source = optarg; break;
		case 'd': o.date = optarg; break;
		case 'm': o.map = optarg; break;
		case 'D': set[o.n_set++] = optarg; break;
		case 'T': o.sheet = optarg; break;
		case 'R': recog_dir = optarg; break;
		case 'g': geoip = optarg; break;
		case 'f':
			if (!ingest_format_known(optarg) && !device_format_by_name(optarg))
				return cli_usage_error("import",
						       "--format is csv, software, winget, dpkg, rpm, "
						       "cyclonedx, spdx or a device file's (see --help), "
						       "not '%s'", optarg);
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
	/* A recovery file first: it is JSON lines no device format may claim. */
	if (!o.format && is_recovery(file)) {
		if (o.map)
			return cli_usage_error("import", "--map is for inventory columns; a recovery "
							 "file has none");
		struct cli_import_opts io = {o.survey, o.date, o.source, recog_dir, geoip};
		return cli_import_recovery(db, file, &io);
	}
	const char *device_format;
	if (ingest_is_device_file(file, o.format, &device_format)) {
		if (o.map || o.n_set || o.sheet)
			return cli_usage_error("import", "--map, --set and --sheet are for inventory tables; a "
							 "%s file has none", device_format);
		return import_devices(db, file, device_format, &o, recog_dir, geoip);
	}
	if (recog_dir || geoip)
		return cli_usage_error("import", "--recog and --geoip are for device files");
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
	cli_print_replaced(&stats.replaced, stdout);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s: %lld rows into survey '%s': ", file, (long long)stats.records,
		    stats.survey);
	fmt_int_grouped(&sb, stats.units, false);
	strbuf_addstr(&sb, " units, ");
	fmt_int_grouped(&sb, stats.chinese_units, false);
	strbuf_addstr(&sb, " Chinese, ");
	fmt_int_grouped(&sb, stats.unknown_units, false);
	strbuf_addstr(&sb, " of unknown origin");
	if (stats.fused)
		strbuf_addf(&sb, "; %lld rows joined a device the survey already held",
			    (long long)stats.fused);
	if (stats.preset)
		strbuf_addf(&sb, " (read as %s)", stats.preset);
	strbuf_addch(&sb, '\n');
	fputs(strbuf_str(&sb), stdout);
	strbuf_release(&sb);
	if (strcmp(file, "-") == 0 && !o.source)
		fprintf(stderr, "vendorscope import: standard input has no name, so importing it "
				"again adds to the survey; --source NAME makes a later import replace it\n");
	return 0;
}

int cmd_import(int argc, char **argv)
{
	/* --set values, kept as given (import/ checks them): at most one per argument. */
	const char **set = calloc((size_t)argc + 1, sizeof(*set));
	if (!set)
		return cli_usage_error("import", "out of memory");
	int rc = import_run(argc, argv, set);
	free(set);
	return rc;
}
