/*
 * vendorscope kb: look up, rebuild the IEEE registry of, and check the
 * knowledge base. Argument handling only; src/kb/ answers.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kb/kb.h"
#include "util/date.h"
#include "util/strbuf.h"

static void kb_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope kb lookup MAC|NAME [--date YYYY-MM-DD] [--data DIR]\n"
		"       vendorscope kb update --oui FILE [--oui FILE...] [--data DIR]\n"
		"       vendorscope kb check [--data DIR]\n\n"
		"The knowledge base: vendors, aliases, owners and OEM relations, asset types\n"
		"and the IEEE MAC registry, read from DIR (default: $VENDORSCOPE_DATA, else\n"
		"share/vendorscope beside the binary, else the install's).\n\n"
		"  lookup   what is known about a MAC address, a maker/brand/product name or a\n"
		"           model number, with owners as of --date (default today) and sources;\n"
		"           exit 0 when found, 1 when not known\n"
		"  update   rebuild DIR/oui/registry.tsv from IEEE CSV exports (oui.csv,\n"
		"           mam.csv, oui36.csv, iab.csv); prints the number of blocks\n"
		"  check    list gaps and inconsistencies in the data; exit 0 when none, 65\n"
		"           otherwise\n");
}

static void lookup_usage(FILE *out)
{
	fprintf(out, "usage: vendorscope kb lookup MAC|NAME [--date YYYY-MM-DD] [--data DIR]\n\n"
		     "Describe a MAC address (44:19:b6:00:00:01, 4419.b600.0001, 4419b6000001) or a\n"
		     "name as exports write it (\"HIKVISION\", \"ThinkPad\", \"DS-2CD2143G2-I\"): the\n"
		     "vendor, its country, its owners as of --date (default today), the company that\n"
		     "makes its devices, and every source. Several words are one name.\n"
		     "Exit 0 when found, 1 when not known.\n");
}

static void update_usage(FILE *out)
{
	fprintf(out, "usage: vendorscope kb update --oui FILE [--oui FILE...] [--data DIR]\n\n"
		     "Build DIR/oui/registry.tsv from IEEE Registration Authority CSV exports\n"
		     "(Debian's ieee-data: /usr/share/ieee-data/{oui,mam,oui36,iab}.csv). A malformed\n"
		     "line stops with FILE:LINE and leaves the old registry in place.\n");
}

static void check_usage(FILE *out)
{
	fprintf(out, "usage: vendorscope kb check [--data DIR]\n\n"
		     "Load the knowledge base and list every problem: vendors without country (or a\n"
		     "note why) or source, aliases without source, ieee aliases no registry block\n"
		     "carries, relations whose from is not before until, oem_brand flags and\n"
		     "oem.tsv edges that disagree. Exit 0 when none, 65 otherwise (and 65 with\n"
		     "FILE:LINE when a file does not load).\n");
}

/* --data DIR, or the default data directory. */
static bool data_dir(const char *opt, char *buf, size_t len)
{
	if (opt) {
		int n = snprintf(buf, len, "%s", opt);
		return n > 0 && (size_t)n < len;
	}
	return kb_data_dir(buf, len);
}

static int load(const char *dir_opt, struct kb **kb)
{
	char dir[PATH_MAX];
	struct vs_error err = {0};
	if (!data_dir(dir_opt, dir, sizeof(dir))) {
		fprintf(stderr, "vendorscope: no data directory (use --data DIR or set VENDORSCOPE_DATA)\n");
		return 66;
	}
	if (kb_load(dir, kb, &err))
		return cli_report(&err);
	return 0;
}

static int kb_lookup(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"date", required_argument, NULL, 'd'},
					     {"data", required_argument, NULL, 'D'},
					     {0}};
	const char *date = NULL, *dir = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': lookup_usage(stdout); return 0;
		case 'd': date = optarg; break;
		case 'D': dir = optarg; break;
		default: lookup_usage(stderr); return 64;
		}
	}
	if (optind >= argc)
		return cli_usage_error("kb lookup", "needs a MAC address or a name");
	if (date && !date_valid(date))
		return cli_usage_error("kb lookup", "--date %s is not YYYY, YYYY-MM or YYYY-MM-DD", date);
	struct strbuf q = STRBUF_INIT;
	for (int i = optind; i < argc; i++)
		strbuf_addf(&q, "%s%s", i > optind ? " " : "", argv[i]);
	struct kb *kb;
	int rc = load(dir, &kb);
	if (rc) {
		strbuf_release(&q);
		return rc;
	}
	struct strbuf out = STRBUF_INIT;
	bool found = kb_describe(kb, strbuf_str(&q), date, &out);
	fputs(strbuf_str(&out), stdout);
	strbuf_release(&out);
	strbuf_release(&q);
	kb_free(kb);
	return found ? 0 : 1;
}

static int kb_update(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"oui", required_argument, NULL, 'o'},
					     {"data", required_argument, NULL, 'D'},
					     {0}};
	const char *dir_opt = NULL;
	/* --oui may repeat; at most argc of them. */
	const char **csv = calloc((size_t)argc, sizeof(*csv));
	size_t n = 0;
	int c;
	if (!csv)
		return 71;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': update_usage(stdout); free(csv); return 0;
		case 'o': csv[n++] = optarg; break;
		case 'D': dir_opt = optarg; break;
		default: update_usage(stderr); free(csv); return 64;
		}
	}
	if (optind < argc || n == 0) {
		free(csv);
		return cli_usage_error("kb update", optind < argc ? "unexpected operand '%s'"
								 : "needs --oui FILE%s", optind < argc ? argv[optind] : "");
	}
	char dir[PATH_MAX];
	if (!data_dir(dir_opt, dir, sizeof(dir))) {
		free(csv);
		fprintf(stderr, "vendorscope: no data directory (use --data DIR or set VENDORSCOPE_DATA)\n");
		return 66;
	}
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, kb_file_names[KB_FILE_REGISTRY]);
	struct vs_error err = {0};
	size_t entries = 0;
	int rc = 0;
	if (kb_oui_build(csv, n, strbuf_str(&path), &entries, &err))
		rc = cli_report(&err);
	else
		printf("%zu entries written to %s\n", entries, strbuf_str(&path));
	strbuf_release(&path);
	free(csv);
	return rc;
}

static int kb_check_cmd(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"data", required_argument, NULL, 'D'},
					     {0}};
	const char *dir = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': check_usage(stdout); return 0;
		case 'D': dir = optarg; break;
		default: check_usage(stderr); return 64;
		}
	}
	if (optind < argc)
		return cli_usage_error("kb check", "unexpected operand '%s'", argv[optind]);
	struct kb *kb;
	int rc = load(dir, &kb);
	if (rc)
		return rc;
	struct strbuf out = STRBUF_INIT;
	size_t problems = kb_check(kb, &out);
	fputs(strbuf_str(&out), stdout);
	printf("%zu problem%s (%zu vendors, %zu aliases, %zu ownership and %zu OEM relations, "
	       "%zu asset types, %zu IEEE blocks)\n",
	       problems, problems == 1 ? "" : "s", kb_vendor_count(kb), kb_alias_count(kb),
	       kb_edge_count(kb, true), kb_edge_count(kb, false), kb_type_count(kb), kb_oui_count(kb));
	strbuf_release(&out);
	kb_free(kb);
	return problems ? 65 : 0;
}

int cmd_kb(int argc, char **argv)
{
	if (argc < 2) {
		kb_usage(stderr);
		return 64;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		kb_usage(stdout);
		return 0;
	}
	if (strcmp(sub, "lookup") == 0)
		return kb_lookup(argc - 1, argv + 1);
	if (strcmp(sub, "update") == 0)
		return kb_update(argc - 1, argv + 1);
	if (strcmp(sub, "check") == 0)
		return kb_check_cmd(argc - 1, argv + 1);
	return cli_usage_error("kb", "'%s' is not lookup, update or check", sub);
}
