#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/sensor_sql.h"

static void db_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope db grant-sensor [DB] NAME --site SITE [--print]\n\n"
		"Administration of a shared PostgreSQL store.\n\n"
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
		"                owner); no DB is opened\n");
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

int cmd_db(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		db_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "grant-sensor") == 0)
		return grant_sensor(argc - 1, argv + 1);
	db_usage(stderr);
	return 64;
}
