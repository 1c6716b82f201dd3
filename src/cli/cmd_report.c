#include <stdbool.h>

#include "cli/cli.h"

/* report is plan with more output formats and -o; the options are shared. */
int cmd_report(int argc, char **argv)
{
	return cli_plan_run("report", argc, argv, true);
}
