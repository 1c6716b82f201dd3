#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "cli/cli.h"
#include "ingest/capture.h"

static void capture_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope capture [DB] (--read FILE | --interface IF [--duration S]\n"
		"                           [--buffer MIB])\n"
		"                           [--survey NAME] [--source NAME] [--json] [--recog DIR]\n"
		"                           [--geoip FILE] [--site SITE]\n\n"
		"Passive discovery: read a pcap or pcapng file, or listen on an interface, and\n"
		"identify every device heard from what it says about itself (SADP, DHIP, XMeye,\n"
		"WS-Discovery, SSDP, mDNS, DHCP, HTTP, RTSP, SIP, TLS, LLDP, CDP, SNMP) and its\n"
		"MAC address, with the built-in banner fingerprints (kb/fingerprints.tsv).\n"
		"Nothing is ever sent. The devices are stored as hardware assets of a survey,\n"
		"with their evidence, each fact seen with its first and last time, and the\n"
		"external peers they talked to, in one transaction. Capturing the same source\n"
		"into the same survey again replaces what it gave before.\n\n"
		"  --read FILE       a capture file (pcap or pcapng; Ethernet or Linux cooked)\n"
		"  --interface IF    listen live (needs capture rights; privileges are dropped\n"
		"                    once the interface is open)\n"
		"  --duration S      stop listening after S seconds (default: until Ctrl-C)\n"
		"  --buffer MIB      the kernel's capture buffer for --interface, in MiB\n"
		"                    (default 32, at most 1024): a larger one drops fewer\n"
		"                    packets in bursts; the packets dropped are reported\n"
		"  --survey NAME     survey the devices belong to (default: the file's base\n"
		"                    name, or capture-IF)\n"
		"  --source NAME     the source's name (default: the file's absolute path, or\n"
		"                    interface:IF)\n"
		"  --json            also print one JSON object per device on stdout\n"
		"  --site SITE       run as the sensor of SITE: what was seen goes to the\n"
		"                    store's sensor tables, not the register (nothing of the\n"
		"                    register is read or written; on PostgreSQL as a role\n"
		"                    'vendorscope db grant-sensor' made); the store's owner\n"
		"                    moves it in with 'vendorscope db import-sensors'. Not\n"
		"                    with --json, --recog or --geoip: the import identifies\n");
	cli_sources_usage(out, 20);
}

/* The loader thread's word that the capture is for nothing. */
static void stop_capture(void *cap)
{
	if (cap)
		capture_request_stop(cap);
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Called once a batch of frames; the line is redrawn when the percentage moves. */
static void progress(uint64_t done, uint64_t total, void *shown_pct)
{
	unsigned long long *shown = shown_pct;
	unsigned long long pct = total ? done * 100 / total : 0;
	if (!total || pct == *shown)
		return;
	*shown = pct;
	fprintf(stderr, "\rcapture: %3llu%% of %llu MB", pct, (unsigned long long)(total >> 20));
}

int cmd_capture(int argc, char **argv)
{
	static const struct option opts[] = {
		{"read", required_argument, NULL, 'r'},	    {"interface", required_argument, NULL, 'i'},
		{"duration", required_argument, NULL, 'd'}, {"survey", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},	    {"recog", required_argument, NULL, 'R'},
		{"geoip", required_argument, NULL, 'g'},    {"help", no_argument, NULL, 'h'},
		{"source", required_argument, NULL, 'S'},   {"buffer", required_argument, NULL, 'b'},
		{"site", required_argument, NULL, 'T'},
		{0},
	};
	const char *file = NULL, *iface = NULL, *survey = NULL, *recog_dir = NULL,
		   *geoip = NULL, *source = NULL, *site = NULL;
	unsigned duration = 0, buffer_mib = 0;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:i:d:s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': file = optarg; break;
		case 'i': iface = optarg; break;
		case 'd':
			if (!cli_parse_uint(optarg, 1, 7 * 24 * 3600, &duration))
				return cli_usage_error("capture", "--duration is whole seconds (1 to 604800), not '%s'",
						       optarg);
			break;
		case 'b':
			if (!cli_parse_uint(optarg, 1, CAPTURE_BUFFER_MAX_MIB, &buffer_mib))
				return cli_usage_error("capture", "--buffer is whole MiB (1 to %d), not '%s'",
						       CAPTURE_BUFFER_MAX_MIB, optarg);
			break;
		case 's': survey = optarg; break;
		case 'S': source = optarg; break;
		case 'T': site = optarg; break;
		case 'j': json = true; break;
		case 'R': recog_dir = optarg; break;
		case 'g': geoip = optarg; break;
		case 'h': capture_usage(stdout); return 0;
		default: capture_usage(stderr); return 64;
		}
	}
	if (!file == !iface)
		return cli_usage_error("capture", "give exactly one of --read FILE and --interface IF");
	if (duration && !iface)
		return cli_usage_error("capture", "--duration goes with --interface");
	if (buffer_mib && !iface)
		return cli_usage_error("capture", "--buffer goes with --interface");
	if (site && (json || recog_dir || geoip))
		return cli_usage_error("capture", "--site keeps what was seen for the import, which "
						  "identifies it: not with --json, --recog or --geoip");
	if (site && cli_sensor_site("capture", site))
		return 64;
	int left = argc - optind;
	if (left > 1)
		return cli_usage_error("capture", "expected at most one operand, the store");
	const char *db = cli_db_path(left == 1 ? argv[optind] : NULL);

	/* A path cut short could name another capture's source. */
	if ((file && strlen(file) > VS_MAX_SOURCE_NAME) || (iface && strlen(iface) > 256))
		return cli_usage_error("capture", "the file or interface name is too long");

	struct vs_error err = {0};
	/*
	 * The store first, as tcpdump opens its output before -Z: opened (its
	 * WAL too) and its write lock taken once while the privileges last, so
	 * a live capture that drops to the sudo user or nobody still writes a
	 * root-owned store, and a store nobody may write fails now, not after
	 * the capture. The recognisers, the GeoIP database and the clouds are
	 * loaded here for the same reason: every failure before the first
	 * packet. A file needs no privilege: its sources load on a second
	 * thread while it is read (the knowledge base alone is ~100 M
	 * instructions); a failure there stops the reading within a window
	 * and is what the command says.
	 */
	struct cli_sources src;
	struct cli_sources_job job;
	/* A sensor loads nothing but the store: nothing to overlap. */
	bool loader = file && !site;
	struct capture *cap = capture_new();
	if (loader) {
		/* A store that fails stops the reading within a window. */
		cli_sources_start(&job, "capture", db, recog_dir, geoip, true, stop_capture, cap);
	} else {
		if (site ? cli_sensor_open(&src, db, &err)
			 : cli_sources_open(&src, "capture", db, recog_dir, geoip, &err)) {
			capture_free(cap);
			return cli_report(&err);
		}
		if (store_check_writable(src.env.store, db, &err)) {
			capture_free(cap);
			cli_sources_close(&src);
			return cli_report(&err);
		}
	}
	enum vs_err rc = cap ? VS_OK : vs_fail(&err, VS_ENOMEM, "out of memory");
	bool tty = isatty(STDERR_FILENO);
	int ended_early = 0;
	char path[VS_MAX_SOURCE_NAME + 16];
	if (rc) {
		/* said below */
	} else if (file) {
		snprintf(path, sizeof(path), "%s", file);
		unsigned long long shown = ~0ULL;
		rc = capture_read_file(cap, file, tty ? progress : NULL, &shown, &err);
		if (tty)
			fputc('\n', stderr);
	}
	/* Joined before the capture goes: the loader may still stop it. The
	 * loads' failure comes first: it is what the user fixes. */
	struct vs_error lerr = {0};
	if (loader && cli_sources_join(&job, &src, &lerr)) {
		capture_free(cap);
		return cli_report(&lerr);
	}
	if (rc || file) {
		/* said below, or read */
	} else {
		snprintf(path, sizeof(path), "interface:%s", iface);
		char who[128] = "";
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal; /* no SA_RESTART: the wait for frames ends */
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		rc = capture_live(cap, iface, duration, buffer_mib, &stop_requested, who, sizeof(who),
				  &err);
		/* The interface failed (went down) after frames came: what they
		 * showed is stored, and the exit status still says it ended early. */
		if (rc == VS_EIO && capture_get_stats(cap)->packets) {
			ended_early = cli_report(&err);
			fprintf(stderr, "capture: storing what the %llu frames before showed\n",
				(unsigned long long)capture_get_stats(cap)->packets);
			vs_error_clear(&err);
			rc = VS_OK;
		}
		if (!rc && who[0])
			fprintf(stderr, "capture: listened on %s as %s\n", iface, who);
		const struct capture_stats *ls = capture_get_stats(cap);
		if (!rc)
			fprintf(stderr, "capture: %llu packets received by the capture, %llu dropped by "
					"the kernel, %llu by the interface\n",
				(unsigned long long)ls->live_received, (unsigned long long)ls->live_dropped,
				(unsigned long long)ls->live_ifdropped);
		if (!rc && stop_requested)
			fprintf(stderr, "capture: stopped; storing what was seen\n");
	}
	struct capture_stats st = {0};
	size_t n = 0;
	struct sighting *devs = NULL;
	if (cap) {
		st = *capture_get_stats(cap);
		devs = rc ? NULL : capture_detach(cap, &n);
		capture_free(cap);
		if (!rc && !devs)
			rc = vs_fail(&err, VS_ENOMEM, "out of memory");
	}
	if (rc) {
		cli_sources_close(&src);
		return cli_report(&err);
	}
	if (st.truncated)
		fprintf(stderr, "vendorscope capture: %s ends inside a packet record; the packets "
				"before it were read\n", file);
	char live_survey[300];
	if (!survey && iface) {
		snprintf(live_survey, sizeof(live_survey), "capture-%s", iface);
		survey = live_survey;
	}
	struct ingest_capture_opts o = {.survey = survey, .path = path, .format = file ? "pcap" : "live",
					.source = source};
	struct capture_result res;
	memset(&res, 0, sizeof(res));
	if (site) {
		struct cli_sensor_added added;
		int status = cli_sensor_add(db, &src, site, &o, devs, n, &added);
		if (status)
			return status;
		printf("%s: %llu packets, %zu devices for survey '%s' kept as sensor source %lld of "
		       "site '%s'; 'vendorscope db import-sensors' moves them into the register\n",
		       file ? file : iface, (unsigned long long)st.packets, added.devices,
		       added.h.survey, (long long)added.source_id, site);
	} else {
		int status = cli_store_run(db, &src, &o, devs, n, json, &res);
		if (status)
			return status;
		fprintf(json ? stderr : stdout,
			"%s: %llu packets, %zu devices into survey '%s': %zu Chinese, %zu of unknown "
			"origin%s\n",
			file ? file : iface, (unsigned long long)st.packets, res.n, res.survey,
			res.chinese, res.unknown, cli_fused_note(&res));
	}
	if (st.undecoded)
		fprintf(stderr, "vendorscope capture: %llu frames did not parse past the link or "
				"network header\n", (unsigned long long)st.undecoded);
	/* capture/ counts the frames of MACs past the limit, not the MACs. */
	if (st.devices_dropped)
		fprintf(stderr, "vendorscope capture: %llu frames from MACs past the %d-device limit "
				"(VS_MAX_CAPTURE_DEVICES) were not tracked\n",
			(unsigned long long)st.devices_dropped, VS_MAX_CAPTURE_DEVICES);
	if (st.addrs_dropped)
		fprintf(stderr, "vendorscope capture: %llu addresses past the %d address-to-device "
				"bindings (VS_MAX_CAPTURE_ADDRS) were not bound to a device\n",
			(unsigned long long)st.addrs_dropped, VS_MAX_CAPTURE_ADDRS);
	if (st.flow_resets)
		fprintf(stderr, "vendorscope capture: the table of %d TCP flows (VS_MAX_CAPTURE_FLOWS) "
				"filled up %llu times and was cleared; segments of flows begun before "
				"were not dissected\n",
			VS_MAX_CAPTURE_FLOWS, (unsigned long long)st.flow_resets);
	cli_note_sighting_caps("capture", &res);
	capture_result_release(&res);
	return ended_early; /* main checks that stdout was written */
}
