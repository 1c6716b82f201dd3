#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/sensor.h"
#include "store/sensor_sql.h"
#include "util/text.h"

static void db_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope db grant-sensor [DB] NAME --site SITE [--print]\n"
		"       vendorscope db import-sensors [DB] [--site SITE] [--survey NAME]\n"
		"                                     [--recog DIR] [--geoip FILE]\n\n"
		"Sensors: hosts that capture or scan at a site (capture --site, scan --site)\n"
		"and keep what they saw in the store's sensor tables, not the register.\n\n"
		"grant-sensor makes NAME a PostgreSQL login role for a sensor host at SITE:\n"
		"a role that may only add the sources and observations of its own site\n"
		"(row-level security), and cannot read the register, its observations or\n"
		"statuses, nor write another site's rows. DB (default $VENDORSCOPE_DB) must\n"
		"be a postgresql:// store whose user may create roles (CREATEROLE), usually\n"
		"its owner. Running it again changes the role's site; an existing role that\n"
		"is not a sensor is refused. The role gets no password: set one or use a\n"
		"client certificate.\n\n"
		"  NAME          1-63 of a-z, 0-9 and _, starting with a letter or _\n"
		"  --site SITE   the site the sensor captures or scans at (UTF-8, 1-64 bytes)\n"
		"  --print       print the SQL instead (one transaction, for psql run as the\n"
		"                owner of a store of schema 13 or later); no DB is opened\n\n"
		"import-sensors moves every sensor source not imported yet into the register,\n"
		"in the order the sensors added them, as 'vendorscope import' stores a\n"
		"recovery file: each in one transaction that also marks it imported, so\n"
		"running it again imports only what came since. A sensor's capture or scan\n"
		"is its source 'sensor:SITE:NAME' (NAME: --source, the capture file's path,\n"
		"interface:IF or scan:TARGETS): the same one again replaces the earlier. A\n"
		"source whose rows do not parse is named, left waiting, and the exit status\n"
		"is 65. Run by the store's owner (it reads the register); SQLite stores too.\n\n"
		"  --site SITE     only the sources of SITE\n"
		"  --survey NAME   only the sources into survey NAME\n");
	cli_sources_usage(out, 18);
}

static int grant_sensor(int argc, char **argv)
{
	static const struct option opts[] = {
		{"site", required_argument, NULL, 's'},
		{"print", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *site = NULL;
	bool print = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:ph", opts, NULL)) != -1) {
		switch (c) {
		case 's': site = optarg; break;
		case 'p': print = true; break;
		case 'h': db_usage(stdout); return 0;
		default: db_usage(stderr); return 64;
		}
	}
	int left = argc - optind;
	if (left != 1 && left != 2)
		return cli_usage_error("db", "grant-sensor takes [DB] NAME");
	if (!site)
		return cli_usage_error("db", "grant-sensor needs --site SITE");
	const char *name = argv[argc - 1];
	struct vs_error err = {0};
	if (print) {
		if (left == 2)
			return cli_usage_error("db", "--print opens no DB: NAME only");
		struct strbuf sql = STRBUF_INIT;
		int status;
		if (sensor_grant_sql(name, site, &sql, &err))
			status = err.code == VS_EBADVAL ? cli_usage_error("db", "%s", err.msg)
							: cli_report(&err);
		else
			status = cli_write_out(NULL, &sql);
		strbuf_release(&sql);
		return status;
	}
	if (!sensor_name_ok(name))
		return cli_usage_error("db", "NAME: 1-63 of a-z, 0-9 and _, starting with a letter or _");
	const char *db = cli_db_path(left == 2 ? argv[optind] : NULL);
	struct store *st = NULL;
	if (store_open(db, STORE_OPEN_EXISTING, &st, &err))
		return cli_report(&err);
	enum vs_err rc = sensor_grant(st, name, site, &err);
	store_close(st);
	if (rc == VS_EBADVAL || rc == VS_EUSAGE)
		return cli_usage_error("db", "%s", err.msg);
	if (rc)
		return cli_report(&err);
	printf("sensor %s: site set; it may add sources and observations of that site only\n", name);
	return 0;
}

/* One source taken. Its site, path, survey and source name are what a
 * sensor wrote: control characters are shown as '?'. */
static void print_event(const struct sensor_import_event *ev, void *ctx)
{
	(void)ctx;
	const struct sensor_source_info *src = ev->src;
	struct strbuf sb = STRBUF_INIT;
	if (ev->rc) {
		strbuf_addf(&sb, "vendorscope db import-sensors: sensor source %lld of site '%s' (added "
				 "%s%s%s) left waiting: %s", (long long)src->id, src->site, src->added_at,
			    src->added_by[0] ? " by " : "", src->added_by, ev->err->msg);
		if (!sb.failed) {
			str_ctl_replace(sb.buf);
			fprintf(stderr, "%s\n", sb.buf);
		}
		strbuf_release(&sb);
		return;
	}
	const struct capture_result *res = ev->res;
	struct ingest_removed *replaced = malloc(sizeof(*replaced));
	if (replaced) {
		*replaced = res->replaced;
		str_ctl_replace(replaced->first.name);
		str_ctl_replace(replaced->first.path);
		cli_print_replaced(replaced, stdout);
		free(replaced);
	}
	strbuf_addf(&sb, "sensor source %lld of site '%s'%s%s: %zu devices of %s into survey '%s': "
			 "%zu Chinese, %zu of unknown origin%s", (long long)src->id, src->site,
		    src->added_by[0] ? " by " : "", src->added_by, res->n, ev->h->path, res->survey,
		    res->chinese, res->unknown, cli_fused_note(res));
	if (!sb.failed) {
		str_ctl_replace(sb.buf);
		printf("%s\n", sb.buf);
	}
	strbuf_release(&sb);
	cli_note_sighting_caps("db import-sensors", res);
}

static int import_sensors(int argc, char **argv)
{
	static const struct option opts[] = {
		{"site", required_argument, NULL, 's'},	 {"survey", required_argument, NULL, 'S'},
		{"recog", required_argument, NULL, 'R'}, {"geoip", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},	 {0},
	};
	struct ingest_sensor_opts o = {.each = print_event};
	const char *recog_dir = NULL, *geoip = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': o.site = optarg; break;
		case 'S': o.survey = optarg; break;
		case 'R': recog_dir = optarg; break;
		case 'g': geoip = optarg; break;
		case 'h': db_usage(stdout); return 0;
		default: db_usage(stderr); return 64;
		}
	}
	int left = argc - optind;
	if (left > 1)
		return cli_usage_error("db", "import-sensors takes at most one operand, the store");
	if (o.site && cli_sensor_site("db", o.site))
		return 64;
	const char *db = cli_db_path(left == 1 ? argv[optind] : NULL);
	struct vs_error err = {0};
	struct cli_sources src;
	if (cli_sources_open(&src, "db import-sensors", db, recog_dir, geoip, &err))
		return cli_report(&err);
	struct ingest_capture_opts io = {0};
	cli_sources_ingest_opts(&src, &io);
	o.geo = io.geo;
	o.clouds = io.clouds;
	o.recog = io.recog;
	struct ingest_sensor_stats stats;
	enum vs_err rc = ingest_sensor_import(src.env.store, src.env.kb, src.env.policy, &o, &stats,
					      &err);
	cli_sources_close(&src);
	if (rc)
		return cli_report(&err);
	printf("%zu sensor source%s imported (%zu devices)%s\n", stats.imported,
	       stats.imported == 1 ? "" : "s", stats.devices,
	       stats.refused ? "; some left waiting (said above)" : "");
	return stats.refused ? 65 : 0;
}

int cmd_db(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		db_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "grant-sensor") == 0)
		return grant_sensor(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "import-sensors") == 0)
		return import_sensors(argc - 1, argv + 1);
	db_usage(stderr);
	return 64;
}
