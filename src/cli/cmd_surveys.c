#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/sources.h"
#include "report/surveys.h"

enum surveys_sub { SUB_LIST, SUB_RM, SUB_SOURCES, SUB_RM_SOURCE, SUB_COUNT };

static const struct {
	const char *word;     /* NULL: the listing, no word */
	int operands;         /* after the optional DB */
	const char *synopsis; /* after "vendorscope surveys" */
	const char *text;
} subs[SUB_COUNT] = {
	[SUB_LIST] = {NULL, 0, "[DB] [--format text|csv|json]",
		      "List the surveys, newest first by their date (import --date; 2025 is newer\n"
		      "than 2022-06; a survey without a date last; among equal dates the one\n"
		      "created last): name, date, sources, hardware units with the Chinese and\n"
		      "unknown ones, programs with the Chinese ones, when it was created. The\n"
		      "first, marked, is the default survey: assets, plan, report and the others\n"
		      "use it when given no --survey.\n"},
	[SUB_RM] = {"rm", 1, "rm [DB] NAME",
		    "Delete survey NAME and everything in it (its sources, assets, observations,\n"
		    "exposure), in one transaction, and say what went. Asks nothing.\n"},
	[SUB_SOURCES] = {"sources", 1, "sources [DB] NAME [--format text|csv|json]",
			 "List the sources of survey NAME: id, kind (import, capture, scan), format,\n"
			 "name (--source NAME, else the file's absolute path, interface:IF or\n"
			 "scan:TARGETS), the SHA-256 of an imported file (text: its first 12 digits),\n"
			 "rows, when it was added.\n"},
	[SUB_RM_SOURCE] = {"rm-source", 2, "rm-source [DB] NAME SOURCE",
			   "Remove one source from survey NAME, given by its id or its name (see\n"
			   "'surveys sources'), with everything it contributed, and say what went.\n"},
};

static void surveys_usage(FILE *out, enum surveys_sub only, bool all)
{
	fprintf(out, "usage:");
	for (int i = 0; i < SUB_COUNT; i++)
		if (all || i == (int)only)
			fprintf(out, "%s vendorscope surveys %s\n", i && all ? "      " : "",
				subs[i].synopsis);
	fputc('\n', out);
	for (int i = 0; i < SUB_COUNT; i++) {
		if (!all && i != (int)only)
			continue;
		if (all && subs[i].word)
			fprintf(out, "%s:\n", subs[i].word);
		fputs(subs[i].text, out);
		if (all)
			fputc('\n', out);
	}
	fprintf(out, "%s"
		     "Importing a source into a survey again replaces what it gave before: the\n"
		     "same survey and the same name or the same content (import --source NAME\n"
		     "names one; README, \"Surveys and re-import\"). DB defaults to ./vendorscope.db.\n",
		all ? "" : "\n");
}

static bool sub_of(const char *word, enum surveys_sub *out)
{
	for (int i = 1; i < SUB_COUNT; i++)
		if (strcmp(word, subs[i].word) == 0) {
			*out = (enum surveys_sub)i;
			return true;
		}
	return false;
}

void cli_print_replaced(const struct ingest_removed *r, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	report_replaced(&r->total, &r->first, &sb);
	fputs(strbuf_str(&sb), out);
	strbuf_release(&sb);
	if (r->carried)
		fprintf(out, "status history of %lld asset%s carried to the same device\n",
			(long long)r->carried, r->carried == 1 ? "" : "s");
	/* Said where it is not missed: history that no longer follows its device. */
	if (r->detached && (r->tracked_removed || r->carried)) {
		static const char *const why[4] = {"no match", "ambiguous",
						   "asset tracked already", "fewer units"};
		fprintf(stderr, "vendorscope: status history of %lld asset%s not carried (",
			(long long)r->detached, r->detached == 1 ? "" : "s");
		const char *sep = "";
		for (int i = 0; i < 4; i++)
			if (r->why[i]) {
				fprintf(stderr, "%s%lld %s", sep, (long long)r->why[i], why[i]);
				sep = ", ";
			}
		fprintf(stderr, "): see `vendorscope status DB --detached`\n");
	}
}

/* Print out (the report) and return 0, or the error's status. */
static int finish(enum vs_err rc, struct strbuf *out, const struct vs_error *err)
{
	if (!rc)
		fputs(strbuf_str(out), stdout);
	strbuf_release(out);
	if (rc)
		return cli_report(err);
	return fflush(stdout) == 0 ? 0 : 74;
}

static int run(enum surveys_sub sub, const char *db, char **ops, enum report_format fmt)
{
	struct vs_error err = {0};
	struct cli_env env;
	if (cli_env_open(&env, db, &err))
		return cli_report(&err);
	struct strbuf out = STRBUF_INIT;
	struct survey_info si;
	struct ingest_removed removed;
	enum vs_err rc = VS_OK;
	switch (sub) {
	case SUB_LIST:
		rc = report_surveys(env.store, fmt, &out, &err);
		break;
	case SUB_SOURCES:
		rc = store_survey_get(env.store, ops[0], NULL, false, &si, &err);
		if (!rc)
			rc = report_sources(env.store, &si, fmt, &out, &err);
		break;
	case SUB_RM:
		rc = ingest_survey_remove(env.store, ops[0], &removed, &err);
		if (!rc)
			report_removed_survey(ops[0], &removed.total, &out);
		break;
	case SUB_RM_SOURCE:
		rc = ingest_source_remove_named(env.store, env.kb, env.policy, ops[0], ops[1],
						&removed, &err);
		if (!rc)
			report_removed_source(ops[0], &removed.total, &removed.first, &out);
		if (!rc && removed.tracked_removed)
			fprintf(stderr,
				"vendorscope: status history of %lld asset%s detached; it moves to "
				"the same device when a source of the survey states it again (see "
				"`vendorscope status DB --detached`)\n",
				(long long)removed.tracked_removed,
				removed.tracked_removed == 1 ? "" : "s");
		break;
	case SUB_COUNT:
		break;
	}
	cli_env_close(&env);
	return finish(rc, &out, &err);
}

int cmd_surveys(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum report_format fmt = REPORT_TEXT;
	bool help = false, format_given = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!cli_format(optarg, &fmt))
				return cli_usage_error("surveys", "--format is text, csv or json");
			format_given = true;
			break;
		case 'h': help = true; break;
		default: surveys_usage(stderr, SUB_LIST, true); return 64;
		}
	}
	char **ops = argv + optind;
	int n = argc - optind;
	/* "surveys rm [DB] NAME", or as DESIGN.md writes it, "surveys DB rm NAME". */
	enum surveys_sub sub = SUB_LIST;
	const char *db = NULL;
	if (n >= 1 && sub_of(ops[0], &sub)) {
		ops++, n--;
	} else if (n >= 2 && sub_of(ops[1], &sub)) {
		db = ops[0];
		ops += 2, n -= 2;
	}
	if (help) {
		surveys_usage(stdout, sub, sub == SUB_LIST);
		return 0;
	}
	int want = subs[sub].operands;
	if (!db && n == want + 1)
		db = ops[0], ops++, n--;
	if (n != want)
		return cli_usage_error("surveys", "expected %s", subs[sub].synopsis);
	if (format_given && sub != SUB_LIST && sub != SUB_SOURCES)
		return cli_usage_error("surveys", "--format goes with the listing and 'sources'");
	return run(sub, cli_db_path(db), ops, fmt);
}
