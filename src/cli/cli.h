/*
 * The command line: argument handling only. Each verb lives in
 * cmd_<verb>.c and is listed once in the table in main.c. A command turns
 * its arguments into a call into the library and the library's error into a
 * message and a sysexits status; it decides nothing else.
 */
#ifndef VS_CLI_CLI_H
#define VS_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the verb */
	const char *summary;
};

/* Print "vendorscope: <msg>" to stderr and return the error's exit status. */
int cli_report(const struct vs_error *err);
/* Print a usage complaint for verb and return 64. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The store path: the first operand, else ./vendorscope.db. */
const char *cli_db_path(const char *operand);

int cmd_init(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* plan and report share their options (cmd_plan.c); report adds html, xlsx. */
int cli_plan_run(const char *verb, int argc, char **argv, bool report);

#endif
