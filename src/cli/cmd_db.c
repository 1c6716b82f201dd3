#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/sensor_sql.h"

static void db_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope db grant-sensor NAME --site SITE --print\n\n"
		"Administration of a shared PostgreSQL store.\n\n"
		"grant-sensor prints the SQL that makes NAME a PostgreSQL login role for a\n"
		"sensor host at SITE: a role that may only add the sources and observations\n"
		"of its own site (row-level security), and cannot read the register, its\n"
		"observations or statuses, nor write another site's rows. Pipe it to psql as\n"
		"the store's owner: vendorscope db grant-sensor NAME --site SITE --print |\n"
		"psql postgresql://OWNER@HOST/DB. Running it again changes the role's site.\n\n"
		"  NAME          1-63 of a-z, 0-9 and _, starting with a letter or _\n"
		"  --site SITE   the site the sensor captures or scans at (UTF-8, 1-64 bytes)\n"
		"  --print       print the SQL (required: creating the role directly needs\n"
		"                the PostgreSQL store, issue 14 part 1)\n");
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
	if (argc - optind != 1)
		return cli_usage_error("db", "grant-sensor takes one NAME");
	if (!site)
		return cli_usage_error("db", "grant-sensor needs --site SITE");
	if (!print)
		return cli_usage_error("db", "grant-sensor creates the role through psql for now: "
					     "add --print and pipe it to psql as the store's owner");
	struct strbuf sql = STRBUF_INIT;
	struct vs_error err = {0};
	int status;
	if (sensor_grant_sql(argv[optind], site, &sql, &err))
		status = err.code == VS_EBADVAL ? cli_usage_error("db", "%s", err.msg) : cli_report(&err);
	else
		status = cli_write_out(NULL, &sql);
	strbuf_release(&sql);
	return status;
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
