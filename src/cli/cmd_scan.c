#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "cli/cli.h"
#include "ingest/capture.h"
#include "scan/probe.h"
#include "scan/scan.h"
#include "scan/scope.h"
#include "util/limits.h"

static void scan_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope scan DB TARGETS... [--rate PPS] [--interface IF]\n"
		"                        [--probes LIST] [--snmp-community C] [--timeout MS]\n"
		"                        [--survey NAME] [--source NAME] [--allow-public] [--json]\n"
		"                        [--recog DIR] [--geoip FILE] [--site SITE]\n\n"
		"Active discovery: ask every address in TARGETS what it is, with the requests\n"
		"vendors' own tools and standard clients send, never logging in, and identify\n"
		"each device that answers from what it says and its MAC address. The devices\n"
		"are stored as hardware assets of a survey, with their evidence, as one source\n"
		"of kind 'scan'. Nothing outside TARGETS is sent to; a reply from elsewhere is\n"
		"dropped, and an SSDP LOCATION pointing elsewhere is not fetched.\n\n"
		"TARGETS: 10.0.0.7, 10.0.0.0/24, 10.0.0.5-10.0.0.9, 10.0.0.5-9 (IPv4; at most %d\n"
		"addresses). Public addresses need --allow-public. When TARGETS hold the whole\n"
		"subnet of the interface, the discovery probes also go once as broadcast or\n"
		"link-local multicast (TTL 1). As root, raw sockets are opened for the ARP sweep\n"
		"and ICMP, then privileges are dropped (to the sudo user, else nobody; the store\n"
		"is opened before, so it need not be theirs); without root the ARP sweep is\n"
		"skipped. A store that cannot be written fails before the first probe; should\n"
		"storing fail at the end, the devices found go to a recovery file that\n"
		"'vendorscope import' reads.\n"
		"Ctrl-C stops probing and stores what was found. Scanning the same TARGETS\n"
		"into the same survey again replaces what the earlier scan found.\n\n"
		"  --rate PPS          packets and connection attempts per second (default %d;\n"
		"                      each host also at most %d/s)\n"
		"  --interface IF      the interface for ARP and broadcasts (default: the one\n"
		"                      whose subnet holds the targets)\n"
		"  --probes LIST       comma-separated, default all:\n",
		VS_MAX_SCAN_TARGETS, VS_SCAN_DEFAULT_PPS, VS_SCAN_HOST_PPS);
	for (int i = 0; i < PROBE_COUNT; i++)
		if (probe_defs[i].phase)
			fprintf(out, "                        %-11s %s\n", probe_defs[i].name,
				probe_defs[i].what);
	fprintf(out,
		"  --snmp-community C  SNMP v2c read community (default: public)\n"
		"  --timeout MS        how long to wait for each answer (default 1500)\n"
		"  --survey NAME       survey the devices belong to (default: scan-TARGET)\n"
		"  --source NAME       the source's name (default: scan:TARGETS as given)\n"
		"  --allow-public      allow public addresses in TARGETS\n"
		"  --json              also print one JSON object per device on stdout (the\n"
		"                      schema of capture --json)\n"
		"  --site SITE         run as the sensor of SITE: what was found goes to the\n"
		"                      store's sensor tables, not the register (nothing of\n"
		"                      the register is read or written; on PostgreSQL as a\n"
		"                      role 'vendorscope db grant-sensor' made); the store's\n"
		"                      owner moves it in with 'vendorscope db import-sensors'.\n"
		"                      Not with --json, --recog or --geoip: the import\n"
		"                      identifies\n");
	cli_sources_usage(out, 22);
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct bar {
	int phase;
	uint64_t last_total;
};

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	struct bar *b = ctx;
	if (total < b->last_total || (done == 0 && b->last_total))
		b->phase++;
	b->last_total = total;
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
	char bar[31];
	memset(bar, ' ', 30);
	memset(bar, '#', pct * 30 / 100);
	bar[30] = '\0';
	fprintf(stderr, "\rscan: [%s] %3u%% %llu/%llu probes", bar, pct, (unsigned long long)done,
		(unsigned long long)total);
}


int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"rate", required_argument, NULL, 'r'},	   {"interface", required_argument, NULL, 'i'},
		{"probes", required_argument, NULL, 'p'},  {"snmp-community", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'}, {"survey", required_argument, NULL, 's'},
		{"allow-public", no_argument, NULL, 'P'},  {"json", no_argument, NULL, 'j'},
		{"recog", required_argument, NULL, 'R'},   {"geoip", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},	   {"source", required_argument, NULL, 'S'},
		{"site", required_argument, NULL, 'T'},
		{0},
	};
	struct scan_opts so = {0};
	const char *survey = NULL, *recog_dir = NULL, *geoip = NULL, *source = NULL, *site = NULL;
	bool allow_public = false, json = false;
	char bad[64];
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:i:p:c:t:s:Pjh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (!cli_parse_uint(optarg, 1, VS_SCAN_MAX_PPS, &so.pps))
				return cli_usage_error("scan", "--rate is 1 to %d packets per second, not '%s'",
						       VS_SCAN_MAX_PPS, optarg);
			break;
		case 'i': so.ifname = optarg; break;
		case 'p':
			if (!probe_parse_list(optarg, &so.probes, bad, sizeof(bad)))
				return cli_usage_error("scan", "unknown probe '%s' in --probes (see --help)", bad);
			break;
		case 'c':
			if (!optarg[0] || strlen(optarg) > 64)
				return cli_usage_error("scan", "--snmp-community is 1 to 64 characters");
			so.community = optarg;
			break;
		case 't':
			if (!cli_parse_uint(optarg, 50, 60000, &so.timeout_ms))
				return cli_usage_error("scan", "--timeout is 50 to 60000 ms, not '%s'", optarg);
			break;
		case 's': survey = optarg; break;
		case 'S': source = optarg; break;
		case 'T': site = optarg; break;
		case 'P': allow_public = true; break;
		case 'j': json = true; break;
		case 'R': recog_dir = optarg; break;
		case 'g': geoip = optarg; break;
		case 'h': scan_usage(stdout); return 0;
		default: scan_usage(stderr); return 64;
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("scan", "expected DB TARGETS...");
	if (site && (json || recog_dir || geoip))
		return cli_usage_error("scan", "--site keeps what was found for the import, which "
					       "identifies it: not with --json, --recog or --geoip");
	if (site && cli_sensor_site("scan", site))
		return 64;
	const char *db = argv[optind];

	struct vs_error err = {0};
	struct scope scope;
	scope_init(&scope);
	char path[VS_MAX_SOURCE_NAME + 1] = "scan:";
	for (int i = optind + 1; i < argc; i++) {
		/* The targets name the source: cut short, they could name another. */
		if (strlen(path) + strlen(argv[i]) + 1 >= sizeof(path)) {
			scope_release(&scope);
			return cli_usage_error("scan", "TARGETS are longer than %d bytes",
					       VS_MAX_SOURCE_NAME);
		}
		if (scope_add(&scope, argv[i], allow_public, &err)) {
			scope_release(&scope);
			return cli_report(&err);
		}
		size_t n = strlen(path);
		snprintf(path + n, sizeof(path) - n, "%s%s", i > optind + 1 ? "," : "", argv[i]);
	}
	if (scope_seal(&scope, &err)) {
		scope_release(&scope);
		return cli_report(&err);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	so.stop = &stop_requested;
	struct bar bar = {1, 0};
	if (isatty(STDERR_FILENO)) {
		so.progress = progress;
		so.progress_ctx = &bar;
	}

	/* The store is opened (its WAL too) and its write lock taken once
	 * before the raw sockets are opened and privileges dropped, as tcpdump
	 * opens its output before -Z: a scan by root writes a root-owned store
	 * after dropping to the sudo user or nobody, and a store this account
	 * cannot write fails now, not after probing the whole network. */
	struct cli_sources src;
	if (site ? cli_sensor_open(&src, db, &err)
		 : cli_sources_open(&src, "scan", db, recog_dir, geoip, &err)) {
		scope_release(&scope);
		return cli_report(&err);
	}
	struct scan_stats st;
	struct scan *sc;
	if (store_check_writable(src.env.store, db, &err) || scan_open(&scope, &so, &sc, &st, &err)) {
		cli_sources_close(&src);
		scope_release(&scope);
		return cli_report(&err);
	}
	if (st.dropped_to[0])
		fprintf(stderr, "scan: raw sockets open; running as %s\n", st.dropped_to);
	if (st.skipped[0])
		fprintf(stderr, "scan: skipped: %s\n", st.skipped);
	struct capture *cap = NULL;
	enum vs_err rc = VS_OK;
	if (!(cap = capture_new()))
		rc = vs_fail(&err, VS_ENOMEM, "out of memory");
	if (!rc)
		rc = scan_run(sc, cap, &st, &err);
	if (so.progress)
		fputc('\n', stderr);
	if (st.interrupted)
		fprintf(stderr, "scan: interrupted; storing what was found\n");
	size_t n = 0;
	struct sighting *devs = rc ? NULL : capture_detach(cap, &n);
	capture_free(cap);
	if (!rc && !devs)
		rc = vs_fail(&err, VS_ENOMEM, "out of memory");
	if (!rc && !scan_annotate(sc, devs, n))
		rc = vs_fail(&err, VS_ENOMEM, "out of memory");
	scan_close(sc);
	scope_release(&scope);
	if (rc) {
		for (size_t i = 0; devs && i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
		cli_sources_close(&src);
		return cli_report(&err);
	}
	char def_survey[300];
	if (!survey) {
		snprintf(def_survey, sizeof(def_survey), "scan-%s", argv[optind + 1]);
		survey = def_survey;
	}
	struct ingest_capture_opts o = {.survey = survey, .path = path, .format = "probes",
					.kind = "scan", .source = source};
	struct capture_result res;
	memset(&res, 0, sizeof(res));
	if (site) {
		struct cli_sensor_added added;
		int status = cli_sensor_add(db, &src, site, &o, devs, n, &added);
		if (status)
			return status;
		printf("%s: %llu sent, %llu hosts answered, %zu devices for survey '%s' kept as "
		       "sensor source %lld of site '%s'; 'vendorscope db import-sensors' moves "
		       "them into the register\n",
		       path, (unsigned long long)st.sent, (unsigned long long)st.hosts_alive,
		       added.devices, added.h.survey, (long long)added.source_id, site);
	} else {
		int status = cli_store_run(db, &src, &o, devs, n, json, &res);
		if (status)
			return status;
		fprintf(json ? stderr : stdout,
			"%s: %llu sent, %llu hosts answered, %zu devices into survey '%s': %zu Chinese, "
			"%zu of unknown origin%s\n",
			path, (unsigned long long)st.sent, (unsigned long long)st.hosts_alive, res.n,
			res.survey, res.chinese, res.unknown, cli_fused_note(&res));
	}
	if (st.refused)
		fprintf(stderr, "scan: %llu sends refused: outside TARGETS (%llu SSDP LOCATIONs "
				"pointing elsewhere, not fetched)\n",
			(unsigned long long)st.refused, (unsigned long long)st.follow_refused);
	if (st.foreign)
		fprintf(stderr, "scan: %llu replies from outside TARGETS dropped\n",
			(unsigned long long)st.foreign);
	if (st.send_errors)
		fprintf(stderr, "scan: %llu sends refused by the system (mostly: an absent host did not answer ARP)\n",
			(unsigned long long)st.send_errors);
	if (st.replies_dropped)
		fprintf(stderr, "scan: %llu replies past the %d-reply limit were not kept\n",
			(unsigned long long)st.replies_dropped, VS_SCAN_MAX_REPLIES);
	cli_note_sighting_caps("scan", &res);
	capture_result_release(&res);
	return 0; /* main checks that stdout was written */
}
