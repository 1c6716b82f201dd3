#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "track/track.h"
#include "util/file.h"
#include "util/limits.h"

static void status_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope status DB ASSET... --set STATE [--date D] [--cost K]\n"
		"                          [--units N] [--note T] [--reason T] [--user U]\n"
		"       vendorscope status DB ASSET... [--format text|json]\n"
		"       vendorscope status [DB] --file CHANGES.csv [--user U]\n"
		"       vendorscope status [DB] --detached [--format text|json]\n\n"
		"Track the phase-out of hardware assets: record that an asset (an id from\n"
		"'assets --format json') was ordered, replaced, decommissioned or exempted,\n"
		"or show its history. Every change is kept; nothing is overwritten.\n\n"
		"states: in_service, ordered (replacement ordered), replaced,\n"
		"        decommissioned, exempt (needs --reason)\n\n"
		"options:\n"
		"  --set STATE    record a change of every ASSET given (one transaction)\n"
		"  --date D       when it happened, YYYY-MM-DD (default: today, UTC); not in\n"
		"                 the future, not before the asset's latest change\n"
		"  --cost K       what it cost, thousand DKK with '.' decimals (812.4)\n"
		"  --units N      of an aggregate row: how many of its units (default: all\n"
		"                 that can change; never more than the row counts)\n"
		"  --note T       a note kept with the change\n"
		"  --reason T     why an asset is exempt (required for exempt)\n"
		"  --user U       who made the change (default: $USER)\n"
		"  --file F       changes from a CSV file, all or none: columns asset, state\n"
		"                 and optionally date, cost, units, user, note, reason; the\n"
		"                 first bad row is named as FILE:LINE\n"
		"  --format FMT   history as text or json (default text)\n"
		"  --detached     list status history whose asset is gone: its source was\n"
		"                 imported again or removed and no asset of the survey is\n"
		"                 the same device (by serial, MAC or host name; a counted\n"
		"                 row by type, department, site, maker, brand and model);\n"
		"                 it still counts in plan versus actual\n\n"
		"Units of an aggregate row move between states: ordered takes units in\n"
		"service, replaced and decommissioned take ordered units first. Plans and\n"
		"reports show what was replaced and spent beside the plan once a survey\n"
		"has changes (plan versus actual). Today is SOURCE_DATE_EPOCH's date when\n"
		"that is set. When an import, capture or scan replaces a source, the\n"
		"history of its assets moves to the new asset of the same device.\n");
}

static bool asset_id(const char *s, int64_t *out)
{
	return track_asset_id_parse(s, strlen(s), out);
}

/* The change given by the options for one asset, through track's one
 * parser of a change as text (the CSV's and the web's); a bad value is a
 * usage error here, said as that parser says it. */
static int change_for(const struct track_fields *given, const char *asset,
		      struct track_change *c)
{
	struct track_fields f = *given;
	f.asset = asset;
	struct vs_error err = {0};
	if (track_change_from_fields(&f, '.', c, &err))
		return cli_usage_error("status", "%s", err.msg);
	return 0;
}

static int from_file(struct store *st, const char *path, const char *user, int64_t now)
{
	struct vs_error err = {0};
	uint8_t *buf = NULL;
	size_t len = 0, applied = 0;
	if (file_read_all(path, VS_MAX_STATUS_FILE, &buf, &len, &err) ||
	    track_csv_apply(st, path, (const char *)buf, len, now, user, &applied, &err)) {
		free(buf);
		return cli_report(&err);
	}
	free(buf);
	printf("%zu status change%s recorded from %s\n", applied, applied == 1 ? "" : "s", path);
	return 0;
}

static int set_all(struct store *st, char **ids, int n, const struct track_fields *given,
		   int64_t now)
{
	struct vs_error err = {0};
	struct strbuf out = STRBUF_INIT;
	if (store_begin(st, &err))
		return cli_report(&err);
	for (int i = 0; i < n; i++) {
		struct track_change c;
		int64_t entry;
		int usage = change_for(given, ids[i], &c);
		if (usage) {
			store_rollback(st);
			strbuf_release(&out);
			return usage;
		}
		if (track_set(st, &c, now, &entry, &err)) {
			store_rollback(st);
			strbuf_release(&out);
			return cli_report(&err);
		}
		strbuf_addf(&out, "asset %lld: %s (change %lld)\n", (long long)c.asset_id,
			    track_state_name(c.state), (long long)entry);
	}
	if (store_commit(st, &err)) {
		store_rollback(st);
		strbuf_release(&out);
		return cli_report(&err);
	}
	int status = cli_write_text(NULL, &out);
	strbuf_release(&out);
	return status;
}

static int show_all(struct store *st, char **ids, int n, bool json)
{
	struct vs_error err = {0};
	struct strbuf out = STRBUF_INIT;
	if (json && n > 1)
		strbuf_addch(&out, '[');
	for (int i = 0; i < n; i++) {
		int64_t id;
		if (!asset_id(ids[i], &id)) {
			strbuf_release(&out);
			return cli_usage_error("status", "'%s' is not an asset id", ids[i]);
		}
		if (json && i)
			strbuf_addch(&out, ',');
		if ((json ? track_history_json(st, id, &out, &err)
			  : track_history_text(st, id, &out, &err))) {
			strbuf_release(&out);
			return cli_report(&err);
		}
	}
	if (json)
		strbuf_addstr(&out, n > 1 ? "]\n" : "\n");
	int status = json ? cli_write_out(NULL, &out) : cli_write_text(NULL, &out);
	strbuf_release(&out);
	return status;
}

static int list_detached(struct store *st, bool json)
{
	struct vs_error err = {0};
	struct strbuf out = STRBUF_INIT;
	if (track_detached_list(st, json, &out, &err)) {
		strbuf_release(&out);
		return cli_report(&err);
	}
	int status = json ? cli_write_out(NULL, &out) : cli_write_text(NULL, &out);
	strbuf_release(&out);
	return status;
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{"set", required_argument, NULL, 's'},    {"date", required_argument, NULL, 'd'},
		{"cost", required_argument, NULL, 'c'},   {"units", required_argument, NULL, 'u'},
		{"note", required_argument, NULL, 'n'},   {"reason", required_argument, NULL, 'r'},
		{"user", required_argument, NULL, 'U'},   {"file", required_argument, NULL, 'F'},
		{"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
		{"detached", no_argument, NULL, 'D'},     {0}};
	struct track_fields f = {0};
	const char *file = NULL, *format = NULL;
	bool change_opt = false, detached = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			f.state = optarg;
			break;
		case 'd':
			f.date = optarg, change_opt = true;
			break;
		case 'c':
			f.cost = optarg, change_opt = true;
			break;
		case 'u':
			f.units = optarg, change_opt = true;
			break;
		case 'n':
			f.note = optarg, change_opt = true;
			break;
		case 'r':
			f.reason = optarg, change_opt = true;
			break;
		case 'U':
			f.user = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'D':
			detached = true;
			break;
		case 'h':
			status_usage(stdout);
			return 0;
		default:
			status_usage(stderr);
			return 64;
		}
	}
	char **ops = argv + optind;
	int n = argc - optind;
	if (!f.user) {
		const char *u = getenv("USER");
		f.user = u && *u ? u : NULL;
	}
	const char *set = f.state;
	if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("status", "--format is text or json");
	if (detached) {
		if (set || change_opt || file || n > 1)
			return cli_usage_error("status", "--detached lists; it takes only DB and --format");
	} else if (file) {
		if (set || change_opt || format)
			return cli_usage_error("status", "--file takes its changes from the file; "
							 "only --user goes with it");
		if (n > 1)
			return cli_usage_error("status", "--file takes no ASSET operands");
	} else {
		if (n < 2)
			return cli_usage_error("status", "expected DB ASSET... (or --file F)");
		if (change_opt && !set)
			return cli_usage_error("status", "--date, --cost, --units, --note and "
							 "--reason go with --set STATE");
		if (set && format)
			return cli_usage_error("status", "--format goes with showing a history");
		/* A typo is a usage error before the store is opened. */
		struct track_change first;
		int usage = set ? change_for(&f, ops[1], &first) : 0;
		if (usage)
			return usage;
	}
	struct vs_error err = {0};
	struct store *st = NULL;
	if (store_open(cli_db_path(n ? ops[0] : NULL), STORE_OPEN_EXISTING, &st, &err))
		return cli_report(&err);
	int64_t now = cli_generated_time();
	int status = detached ? list_detached(st, format && strcmp(format, "json") == 0)
		     : file   ? from_file(st, file, f.user, now)
		     : set ? set_all(st, ops + 1, n - 1, &f, now)
			   : show_all(st, ops + 1, n - 1, format && strcmp(format, "json") == 0);
	store_close(st);
	return status;
}
