#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static void init_usage(FILE *out)
{
	fprintf(out, "usage: vendorscope init [DB]\n\n"
		     "Create the store DB (default $VENDORSCOPE_DB, else ./vendorscope.db), or\n"
		     "bring an existing store's schema up to date. DB may be a PostgreSQL URL\n"
		     "(postgresql://…): init creates the schema in that database.\n");
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			init_usage(stdout);
			return 0;
		}
		init_usage(stderr);
		return 64;
	}
	if (argc - optind > 1)
		return cli_usage_error("init", "takes one store path");
	const char *path = cli_db_path(optind < argc ? argv[optind] : NULL);
	struct vs_error err = {0};
	struct store *st;
	if (store_open(path, STORE_CREATE, &st, &err))
		return cli_report(&err);
	printf("%s: schema version %d\n", store_display_name(path), store_schema_version(st));
	store_close(st);
	return 0;
}
