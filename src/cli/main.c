#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/text.h"

static const struct cli_command commands[] = {
	{"init", cmd_init, "create a store (or migrate an existing one)"},
	{"import", cmd_import, "read an inventory export into a survey"},
	{"capture", cmd_capture, "identify devices from a packet capture or a live interface"},
	{"scan", cmd_scan, "probe TARGETS (discovery protocols, banners) and identify what answers"},
	{"assets", cmd_assets, "list or count assets, with origin and evidence"},
	{"diff", cmd_diff, "compare two surveys per type, department and vendor"},
	{"surveys", cmd_surveys, "list surveys (the default marked), remove a survey or a source"},
	{"check", cmd_check, "would this purchase be Chinese hardware?"},
	{"kb", cmd_kb, "look up, update or check the knowledge base"},
	{"plan", cmd_plan, "cost and schedule phasing out Chinese hardware"},
	{"report", cmd_report, "the phase-out plan as text, CSV, JSON, HTML or XLSX"},
	{"status", cmd_status, "record or show the phase-out status of hardware assets"},
	{"serve", cmd_serve, "web pages and a JSON API of the register (libmicrohttpd)"},
	{"db", cmd_db, "sensors: their PostgreSQL roles, and their findings into the register"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_report(const struct vs_error *err)
{
	/* A message may quote a file name or a value from the input: its
	 * control bytes are shown, not obeyed by the terminal. */
	const char *m = err->msg[0] ? err->msg : vs_strerror(err->code);
	struct strbuf sb = STRBUF_INIT;
	text_add_escaped(&sb, m, strlen(m), TEXT_KEEP_TAB);
	fprintf(stderr, "vendorscope: %s\n", sb.failed ? m : strbuf_str(&sb));
	strbuf_release(&sb);
	return vs_exit_status(err->code);
}

/* What a command printed must have reached standard output: a full disk or
 * a closed pipe is exit 74, never 0 (sysexits EX_IOERR). */
static int finish_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		return status >= 64 ? status : cli_stdout_failed(); /* 1: kb lookup's "not found" */
	return status;
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "vendorscope %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vendorscope %s --help'.\n", verb);
	return 64;
}

const char *cli_db_path(const char *operand)
{
	if (operand && *operand)
		return operand;
	const char *env = getenv("VENDORSCOPE_DB");
	return env && *env ? env : "vendorscope.db";
}

/* The store's word that a writer waited for another and starts again. */
static void store_notice(const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	text_add_escaped(&sb, msg, strlen(msg), 0);
	fprintf(stderr, "vendorscope: %s\n", strbuf_str(&sb));
	strbuf_release(&sb);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: vendorscope <command> [options]\n"
		     "       vendorscope help <command>\n"
		     "       vendorscope --version\n\n"
		     "Find which hardware and software comes from Chinese companies, how exposed\n"
		     "it is, and what phasing it out costs.\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	/* The manual pages are made from these texts (doc/man.sh): what a man
	 * page should say beyond one command's options is said here. */
	fprintf(out, "\n'vendorscope help <command>' (or '<command> --help') describes a command.\n\n"
		     "DB, the store, defaults to $VENDORSCOPE_DB, else ./vendorscope.db, in every\n"
		     "command. DB is a SQLite file, or a PostgreSQL database named by a libpq URL\n"
		     "(postgresql://USER@HOST/NAME or postgres://…); every command gives the same\n"
		     "output on either.\n\n"
		     "environment:\n"
		     "  VENDORSCOPE_DATA   the data directory (knowledge base, policy, prices);\n"
		     "                     default: share/vendorscope beside the executable's\n"
		     "                     bin/, then the install prefix's\n"
		     "  SOURCE_DATE_EPOCH  seconds since 1970: the generation time reports state\n"
		     "                     (and XLSX files record), for reproducible output\n\n"
		     "exit status (sysexits):\n"
		     "  0   success\n"
		     "  64  usage error\n"
		     "  65  bad input data (the message names FILE:LINE)\n"
		     "  66  an input or a survey that does not exist\n"
		     "  74  I/O or store error (an output file or standard output that\n"
		     "      cannot be written included)\n");
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 64;
	}
	const char *a = argv[1];
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 ||
	    (strcmp(a, "help") == 0 && argc == 2)) {
		usage(stdout);
		return finish_stdout(0);
	}
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
		printf("vendorscope %s\n", VS_VERSION);
		return finish_stdout(0);
	}
	if (strcmp(a, "help") == 0) {
		/* "vendorscope help CMD" is "vendorscope CMD --help". */
		const struct cli_command *c = find_command(argv[2]);
		if (!c || argc > 3) {
			fprintf(stderr, "vendorscope help: '%s' is not a command\n", argv[2]);
			usage(stderr);
			return 64;
		}
		char *help_argv[] = {argv[2], "--help", NULL};
		return finish_stdout(c->run(2, help_argv));
	}
	store_set_notice(store_notice);
	const struct cli_command *c = find_command(a);
	if (c)
		return finish_stdout(c->run(argc - 1, argv + 1));
	fprintf(stderr, "vendorscope: '%s' is not a command\n", a);
	usage(stderr);
	return 64;
}
