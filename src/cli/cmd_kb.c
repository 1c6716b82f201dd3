/*
 * vendorscope kb: look up, rebuild the IEEE registry of, and check the
 * knowledge base. Argument handling only; src/kb/ answers.
 */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/clouds.h"
#include "geo/geo.h"
#include "kb/kb.h"
#include "util/date.h"
#include "util/strbuf.h"

static void kb_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope kb lookup MAC|NAME|IP|HOST [--date YYYY-MM-DD] [--data DIR]\n"
		"                                [--geoip FILE]\n"
		"       vendorscope kb update --oui FILE [--oui FILE...] [--data DIR]\n"
		"       vendorscope kb check [--data DIR]\n\n"
		"The knowledge base: vendors, aliases, owners and OEM relations, asset types\n"
		"and the IEEE MAC registry, read from DIR (default: $VENDORSCOPE_DATA, else\n"
		"share/vendorscope beside the binary, else the install's).\n\n"
		"  lookup   what is known about a MAC address, a maker/brand/product name or a\n"
		"           model number, with owners as of --date (default today) and sources;\n"
		"           an IP address's country; a DNS name's vendor cloud;\n"
		"           exit 0 when found, 1 when not known\n"
		"  update   rebuild DIR/oui/registry.tsv from IEEE CSV exports (oui.csv,\n"
		"           mam.csv, oui36.csv, iab.csv); prints the number of blocks\n"
		"  check    list gaps and inconsistencies in the data; exit 0 when none, 65\n"
		"           otherwise\n");
}

static void lookup_usage(FILE *out)
{
	fprintf(out, "usage: vendorscope kb lookup MAC|NAME|IP|HOST [--date YYYY-MM-DD] [--data DIR]\n"
		     "                                [--geoip FILE]\n\n"
		     "Describe a MAC address (44:19:b6:00:00:01, 4419.b600.0001, 4419b6000001) or a\n"
		     "name as exports write it (\"HIKVISION\", \"ThinkPad\", \"DS-2CD2143G2-I\"): the\n"
		     "vendor, its country, its owners as of --date (default today), the company that\n"
		     "makes its devices, and every source. Several words are one name.\n\n"
		     "An IP address (47.96.0.10, 2001:250::1) answers its country from the GeoIP\n"
		     "database (--geoip FILE, a MaxMind DB; default the one scripts/setup installs:\n"
		     "DB-IP IP to Country Lite, CC BY 4.0, IP Geolocation by DB-IP, db-ip.com), or\n"
		     "\"private\" for ranges never routed on the internet. A DNS name under a vendor\n"
		     "cloud (dev.hik-connect.com) answers that vendor and service (clouds.tsv).\n"
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

/* kb lookup IP: its country, or the special range it is in. */
static int lookup_ip(const char *text, const uint8_t *addr, int family, const char *geoip)
{
	const char *range = geo_private_range(addr, family);
	if (range) {
		printf("%s: %s: not on the internet, no country\n", text, range);
		return 0;
	}
	char path[PATH_MAX];
	if (!geoip) {
		if (!geo_default_path(path, sizeof(path))) {
			printf("%s: country not known: no GeoIP database installed "
			       "(scripts/setup installs one; or --geoip FILE)\n", text);
			return 1;
		}
		geoip = path;
	}
	struct geo *g;
	struct vs_error err = {0};
	if (geo_open(geoip, &g, &err))
		return cli_report(&err);
	char cc[3];
	enum geo_answer a = geo_country(g, addr, family, cc, &err);
	geo_close(g);
	switch (a) {
	case GEO_COUNTRY:
		printf("%s: country %s (GeoIP database %s)\n", text, cc, geoip);
		return 0;
	case GEO_UNKNOWN:
		printf("%s: country not known to %s\n", text, geoip);
		return 1;
	case GEO_PRIVATE: /* answered above; geo_country agrees */
		printf("%s: not on the internet, no country\n", text);
		return 0;
	case GEO_ERROR:
		break;
	}
	return cli_report(&err);
}

/* kb lookup HOST under a vendor cloud: the vendor and service; -1 when none. */
static int lookup_cloud(const struct kb *kb, const char *dir_opt, const char *name)
{
	if (!strchr(name, '.') || strchr(name, ' '))
		return -1;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	if (!data_dir(dir_opt, dir, sizeof(dir)))
		return -1;
	snprintf(path, sizeof(path), "%s/clouds.tsv", dir);
	struct clouds *c;
	struct vs_error err = {0};
	enum vs_err lrc = clouds_load(path, &c, &err);
	if (lrc == VS_ENOTFOUND)
		return -1; /* a data directory without clouds (an older install): a name lookup */
	if (lrc)
		return cli_report(&err);
	const struct cloud *r = cloud_match(c, name);
	int rc = -1;
	if (r) {
		const struct kb_vendor *v = kb_vendor_by_id(kb, r->vendor);
		printf("%s: vendor cloud %s of %s (%s)%s%s\n  service: %s\n  source: clouds.tsv:%ld: %s\n",
		       name, r->suffix, v ? v->name : r->vendor, r->vendor, v && v->country ? ", " : "",
		       v && v->country ? v->country : "", r->service, r->line, r->source);
		rc = 0;
	}
	clouds_free(c);
	return rc;
}

static int kb_lookup(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"date", required_argument, NULL, 'd'},
					     {"data", required_argument, NULL, 'D'},
					     {"geoip", required_argument, NULL, 'g'},
					     {0}};
	const char *date = NULL, *dir = NULL, *geoip = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': lookup_usage(stdout); return 0;
		case 'd': date = optarg; break;
		case 'D': dir = optarg; break;
		case 'g': geoip = optarg; break;
		default: lookup_usage(stderr); return 64;
		}
	}
	if (optind >= argc)
		return cli_usage_error("kb lookup", "needs a MAC address or a name");
	uint8_t addr[16];
	if (argc - optind == 1) {
		if (inet_pton(AF_INET, argv[optind], addr) == 1)
			return lookup_ip(argv[optind], addr, AF_INET, geoip);
		if (inet_pton(AF_INET6, argv[optind], addr) == 1)
			return lookup_ip(argv[optind], addr, AF_INET6, geoip);
	}
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
	if (argc - optind == 1) {
		rc = lookup_cloud(kb, dir, argv[optind]);
		if (rc >= 0) {
			strbuf_release(&q);
			kb_free(kb);
			return rc;
		}
	}
	struct strbuf out = STRBUF_INIT;
	bool found = kb_describe(kb, strbuf_str(&q), date, &out);
	int status = cli_put_text(&out);
	strbuf_release(&out);
	strbuf_release(&q);
	kb_free(kb);
	return status ? status : found ? 0 : 1;
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
	cli_put_text(&out);
	printf("%zu problem%s (%zu vendors, %zu aliases, %zu ownership and %zu OEM relations, "
	       "%zu asset types, %zu banner fingerprints, %zu IEEE blocks)\n",
	       problems, problems == 1 ? "" : "s", kb_vendor_count(kb), kb_alias_count(kb),
	       kb_edge_count(kb, true), kb_edge_count(kb, false), kb_type_count(kb),
	       kb_fingerprint_count(kb), kb_oui_count(kb));
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
