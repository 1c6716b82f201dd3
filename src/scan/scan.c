/*
 * The scan loop: one thread, poll(2) over a UDP socket (discovery probes
 * and their replies), the raw sockets when root (ARP, ICMP), listeners for
 * discovery replies sent to a multicast group, and up to VS_SCAN_MAX_CONNS
 * TCP probes in flight. Sends are interleaved probe by probe over the
 * hosts (host after host for one probe, then the next probe), so the
 * per-host limit rarely holds the scan back and no device sees a burst.
 *
 * Replies are kept as bytes and, when probing ends (when the neighbour
 * table has given the MACs an unprivileged scan has no other way to
 * learn), handed to capture/ as what they are: a payload with the real
 * addresses, ports and the sender's MAC where known (capture_payload).
 * The dissectors read every byte through their bounds-checked cursors,
 * exactly as they read a capture file's; no header is made up. The raw
 * socket's ARP, LLDP and layer-2 SADP frames are real frames and go to
 * capture_packet as they came.
 */
#include "scan/scan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "model/vocab.h"
#include "proto/arp.h"
#include "proto/eth.h"
#include "proto/http.h"
#include "proto/ssdp.h"
#include "proto/tls.h"
#include "proto/xml.h"
#include "scan/gate.h"
#include "scan/probe.h"
#include "scan/rate.h"
#include "util/limits.h"
#include "util/priv.h"
#include "util/strbuf.h"

#define DEFAULT_TIMEOUT_MS 1500
#define IP_TCP 6
#define IP_UDP 17
#define IP_ICMP 1

struct reply {
	uint32_t addr, local;  /* host order */
	uint16_t sport, dport;
	uint8_t proto;
	enum probe_id probe;   /* PROBE_UPNP_DESC marks a description fetch */
	uint8_t *data;
	size_t len;
	int64_t ts_us;
};

enum conn_state { CONN_FREE, CONN_CONNECTING, CONN_READING };

struct conn {
	enum conn_state state;
	int fd;
	uint32_t addr;
	uint16_t port;
	enum probe_id probe;
	int64_t deadline;
	const char *path; /* UPnP follow-up path (points into s->fl) */
	uint8_t *buf;
	size_t len;
};

struct follow {
	uint32_t addr;
	uint16_t port;
	char path[VS_SCAN_MAX_URL];
};

struct job {
	enum probe_id probe;
	uint32_t dst;
	int64_t host;      /* scope index, -1 for a group */
	size_t follow;     /* index into fl for PROBE_UPNP_DESC */
};

struct scan {
	const struct scope *scope;
	struct scan_opts o;
	struct rate rate;
	struct gate gate;
	int udp, icmp, pkt;
	int mc[2];          /* listeners for replies sent to the SADP and DHIP groups */
	bool icmp_raw;
	bool have_if;
	bool arp_swept;     /* phase 0 ran: on-segment liveness is known */
	int ifindex;
	uint8_t if_mac[6];
	uint32_t if_addr, if_mask;
	uint32_t seq;
	struct reply *r;
	size_t nr, ar;
	uint8_t *alive;     /* per scope index */
	uint8_t (*mac)[6];  /* per scope index */
	uint8_t *has_mac;
	struct conn conn[VS_SCAN_MAX_CONNS];
	size_t nconn;
	struct follow *fl;
	size_t nfl, afl;
	struct capture *cap;
	struct scan_stats *st;
	bool oom;
};

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t wall_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void skipped(struct scan_stats *st, const char *what)
{
	size_t n = strlen(st->skipped);
	snprintf(st->skipped + n, sizeof(st->skipped) - n, "%s%s", n ? "; " : "", what);
}

static bool want(const struct scan *s, enum probe_id p)
{
	return s->o.probes & (1u << p);
}

/* ---- interface ---- */

/* The interface named, or the one whose IPv4 subnet holds a target. */
static void find_interface(struct scan *s, struct scan_stats *st)
{
	struct ifaddrs *ifa = NULL;
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *i = ifa; i && !s->have_if; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_netmask ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		uint32_t a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		uint32_t m = ntohl(((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr);
		bool match = s->o.ifname ? strcmp(i->ifa_name, s->o.ifname) == 0 : false;
		for (size_t k = 0; !s->o.ifname && k < s->scope->n && !match; k++)
			match = (s->scope->r[k].lo & m) == (a & m) || (s->scope->r[k].hi & m) == (a & m);
		if (!match)
			continue;
		s->have_if = true;
		s->if_addr = a;
		s->if_mask = m;
		snprintf(st->ifname, sizeof(st->ifname), "%s", i->ifa_name);
	}
	for (struct ifaddrs *i = ifa; i && s->have_if; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_PACKET &&
		    strcmp(i->ifa_name, st->ifname) == 0) {
			struct sockaddr_ll *ll = (struct sockaddr_ll *)i->ifa_addr;
			if (ll->sll_halen == 6)
				memcpy(s->if_mac, ll->sll_addr, 6);
			s->ifindex = ll->sll_ifindex;
		}
	freeifaddrs(ifa);
}

/* A socket that hears discovery replies sent to a group (real SADP and
 * DHIP devices answer to the group, not to the asker). */
static int group_listener(uint32_t group, uint16_t port, uint32_t if_addr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(group)};
	struct ip_mreq mr = {.imr_multiaddr.s_addr = htonl(group), .imr_interface.s_addr = htonl(if_addr)};
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

enum vs_err scan_open(struct scope *scope, const struct scan_opts *o, struct scan **out,
		      struct scan_stats *st, struct vs_error *err)
{
	memset(st, 0, sizeof(*st));
	*out = NULL;
	struct scan *s = calloc(1, sizeof(*s));
	if (!s)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	s->scope = scope;
	s->o = *o;
	if (!s->o.pps)
		s->o.pps = VS_SCAN_DEFAULT_PPS;
	if (!s->o.host_pps)
		s->o.host_pps = VS_SCAN_HOST_PPS;
	if (!s->o.timeout_ms)
		s->o.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (!s->o.probes)
		s->o.probes = (1u << PROBE_COUNT) - 1;
	if (!s->o.community)
		s->o.community = "public";
	s->udp = s->icmp = s->pkt = s->mc[0] = s->mc[1] = -1;
	for (size_t i = 0; i < VS_SCAN_MAX_CONNS; i++)
		s->conn[i].fd = -1;
	s->st = st;
	enum vs_err rc;
	if ((rc = rate_init(&s->rate, s->o.pps, s->o.pps / 10 + 1, s->o.host_pps, VS_SCAN_HOST_BURST,
			    scope->count, err)))
		goto fail;
	s->gate.scope = scope;
	s->gate.rate = &s->rate;
	s->alive = calloc(scope->count, 1);
	s->has_mac = calloc(scope->count, 1);
	s->mac = calloc(scope->count, sizeof(*s->mac));
	if (!s->alive || !s->has_mac || !s->mac) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory for %llu targets",
			     (unsigned long long)scope->count);
		goto fail;
	}
	find_interface(s, st);
	if (s->o.ifname && !s->have_if) {
		rc = vs_fail(err, VS_ENOTFOUND, "interface %s has no IPv4 address", s->o.ifname);
		goto fail;
	}
	if (s->have_if)
		st->broadcast = scope_set_segment(scope, s->if_addr, s->if_mask);

	/* Raw sockets first, while we may; privileges are dropped once every
	 * socket is open, before any reply is read. */
	bool root = priv_is_root();
	if (want(s, PROBE_ARP)) {
		if (!root)
			skipped(st, "arp: the ARP sweep needs a raw socket (run as root)");
		else if (!s->have_if)
			skipped(st, "arp: no target is on a directly connected subnet");
		else {
			s->pkt = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
			struct sockaddr_ll ll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
						 .sll_ifindex = s->ifindex};
			/* Only ARP, LLDP and layer-2 SADP reach us (the kernel
			 * filters the rest), into a buffer deep enough for a
			 * whole /16 answering the sweep at once. */
			static struct sock_filter code[] = {
				BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROTO_ETHERTYPE_ARP, 3, 0),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROTO_ETHERTYPE_LLDP, 2, 0),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROTO_ETHERTYPE_SADP, 1, 0),
				BPF_STMT(BPF_RET | BPF_K, 0),
				BPF_STMT(BPF_RET | BPF_K, 0xffff),
			};
			struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
			int rcvbuf = 8 << 20;
			if (s->pkt >= 0) {
				setsockopt(s->pkt, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
				setsockopt(s->pkt, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
			}
			if (s->pkt < 0 || bind(s->pkt, (struct sockaddr *)&ll, sizeof(ll)) != 0) {
				char why[160];
				snprintf(why, sizeof(why), "arp: raw socket on %s: %s", st->ifname,
					 strerror(errno));
				skipped(st, why);
				if (s->pkt >= 0)
					close(s->pkt);
				s->pkt = -1;
			}
		}
	}
	if (want(s, PROBE_ICMP)) {
		/* Unprivileged ICMP sockets where the system allows them
		 * (net.ipv4.ping_group_range), else a raw one as root. */
		s->icmp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
		if (s->icmp < 0 && root) {
			s->icmp = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
			s->icmp_raw = s->icmp >= 0;
		}
		if (s->icmp < 0)
			skipped(st, "icmp: no ICMP socket (not root, and ping sockets are not allowed)");
	}

	s->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->udp < 0) {
		rc = vs_fail(err, VS_EIO, "UDP socket: %s", strerror(errno));
		goto fail;
	}
	int one = 1, ttl = 1, loop = 0;
	struct sockaddr_in any = {.sin_family = AF_INET};
	if (bind(s->udp, (struct sockaddr *)&any, sizeof(any)) != 0) {
		rc = vs_fail(err, VS_EIO, "UDP bind: %s", strerror(errno));
		goto fail;
	}
	if (st->broadcast) {
		/* Group probes stay on the segment: TTL 1, out of the scan's interface. */
		struct in_addr ifa = {htonl(s->if_addr)};
		setsockopt(s->udp, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
		setsockopt(s->udp, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
		setsockopt(s->udp, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
		setsockopt(s->udp, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof(ifa));
		if (want(s, PROBE_SADP))
			s->mc[0] = group_listener(GATE_MC_SSDP, 37020, s->if_addr);
		if (want(s, PROBE_DHIP))
			s->mc[1] = group_listener(GATE_MC_DHIP, 37810, s->if_addr);
	}
	/* A segment answering a broadcast answers at once: as root, receive
	 * buffers beyond the unprivileged ceiling (net.core.rmem_max) are set
	 * before privileges go, so a /24 of replies is not dropped. */
	int rcvbuf = 8 << 20;
	int bufs[] = {s->udp, s->mc[0], s->mc[1], s->icmp};
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		if (bufs[i] >= 0 &&
		    setsockopt(bufs[i], SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0)
			setsockopt(bufs[i], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if ((rc = priv_drop(st->dropped_to, sizeof(st->dropped_to), err)))
		goto fail;
	*out = s;
	return VS_OK;
fail:
	scan_close(s);
	return rc;
}

void scan_close(struct scan *s)
{
	if (!s)
		return;
	int fds[] = {s->udp, s->icmp, s->pkt, s->mc[0], s->mc[1]};
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	for (size_t i = 0; i < VS_SCAN_MAX_CONNS; i++) {
		if (s->conn[i].fd >= 0)
			close(s->conn[i].fd);
		free(s->conn[i].buf);
	}
	for (size_t i = 0; i < s->nr; i++)
		free(s->r[i].data);
	free(s->r);
	free(s->fl);
	free(s->alive);
	free(s->mac);
	free(s->has_mac);
	rate_release(&s->rate);
	free(s);
}

/* ---- replies ---- */

static void mark_alive(struct scan *s, uint32_t addr)
{
	int64_t i = scope_index(s->scope, addr);
	if (i >= 0 && !s->alive[i]) {
		s->alive[i] = 1;
		s->st->hosts_alive++;
	}
}

static void keep(struct scan *s, uint32_t addr, uint32_t local, uint16_t sport, uint16_t dport,
		 uint8_t proto, enum probe_id probe, const uint8_t *p, size_t n)
{
	if (!scope_contains(s->scope, addr)) {
		s->st->foreign++;
		return;
	}
	mark_alive(s, addr);
	if (s->nr >= VS_SCAN_MAX_REPLIES) {
		s->st->replies_dropped++;
		return;
	}
	if (n > VS_SCAN_MAX_REPLY)
		n = VS_SCAN_MAX_REPLY;
	if (s->nr == s->ar) {
		size_t a = s->ar ? s->ar * 2 : 256;
		struct reply *r = realloc(s->r, a * sizeof(*r));
		if (!r) {
			s->oom = true;
			return;
		}
		s->r = r;
		s->ar = a;
	}
	uint8_t *d = malloc(n ? n : 1);
	if (!d) {
		s->oom = true;
		return;
	}
	if (n)
		memcpy(d, p, n);
	s->r[s->nr++] = (struct reply){addr, local, sport, dport, proto, probe, d, n, wall_us()};
	s->st->replies++;
}

static void add_follow(struct scan *s, uint32_t addr, uint16_t port, const char *path)
{
	for (size_t i = 0; i < s->nfl; i++)
		if (s->fl[i].addr == addr && s->fl[i].port == port && strcmp(s->fl[i].path, path) == 0)
			return;
	if (s->nfl == s->afl) {
		size_t a = s->afl ? s->afl * 2 : 16;
		struct follow *f = realloc(s->fl, a * sizeof(*f));
		if (!f) {
			s->oom = true;
			return;
		}
		s->fl = f;
		s->afl = a;
	}
	struct follow *f = &s->fl[s->nfl++];
	f->addr = addr;
	f->port = port;
	snprintf(f->path, sizeof(f->path), "%s", path);
}

enum vs_err scan_location(const uint8_t *reply, size_t n, uint32_t *addr, uint16_t *port,
			  char *path, size_t path_cap)
{
	struct proto_ssdp sd;
	enum vs_err rc = proto_ssdp_parse(reply, n, &sd);
	if ((rc != VS_OK && rc != VS_ETRUNC) || sd.location.len == 0 ||
	    sd.location.len >= VS_SCAN_MAX_URL)
		return VS_EBADVAL;
	char url[VS_SCAN_MAX_URL];
	memcpy(url, sd.location.p, sd.location.len);
	url[sd.location.len] = '\0';
	if (strncmp(url, "http://", 7) != 0)
		return VS_EBADVAL;
	char *h = url + 7;
	size_t hl = strcspn(h, ":/");
	char hostpart[16];
	if (hl == 0 || hl >= sizeof(hostpart))
		return VS_EBADVAL;
	memcpy(hostpart, h, hl);
	hostpart[hl] = '\0';
	struct in_addr ia;
	/* inet_pton takes dotted quads only: a host name is not resolved. */
	if (inet_pton(AF_INET, hostpart, &ia) != 1)
		return VS_EBADVAL;
	*addr = ntohl(ia.s_addr);
	*port = 80;
	char *rest = h + hl;
	if (*rest == ':') {
		char *end;
		unsigned long p = strtoul(rest + 1, &end, 10);
		if (end == rest + 1 || p == 0 || p > 65535)
			return VS_EBADVAL;
		*port = (uint16_t)p;
		rest = end;
	}
	if (*rest && *rest != '/')
		return VS_EBADVAL;
	snprintf(path, path_cap, "%s", *rest ? rest : "/");
	/* Control bytes or spaces would split our request line. */
	for (const char *q = path; *q; q++)
		if ((unsigned char)*q <= 0x20 || *q == 0x7f)
			return VS_EBADVAL;
	return VS_OK;
}

static void on_udp_reply(struct scan *s, uint32_t from, uint16_t sport, uint16_t dport,
			 const uint8_t *p, size_t n)
{
	keep(s, from, s->if_addr, sport, dport, IP_UDP, PROBE_COUNT, p, n);
	if (sport == 1900 && want(s, PROBE_SSDP) && scope_contains(s->scope, from)) {
		uint32_t a;
		uint16_t port;
		char path[VS_SCAN_MAX_URL];
		/* Queued whatever the address; the gate refuses one outside the
		 * scope when its turn comes, and that is counted. */
		if (scan_location(p, n, &a, &port, path, sizeof(path)) == VS_OK)
			add_follow(s, a, port, path);
	}
}

static void drain_udp(struct scan *s, int fd)
{
	static uint8_t buf[65536];
	struct sockaddr_in local;
	socklen_t ll = sizeof(local);
	uint16_t dport = 0;
	if (getsockname(fd, (struct sockaddr *)&local, &ll) == 0)
		dport = ntohs(local.sin_port);
	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		on_udp_reply(s, ntohl(from.sin_addr.s_addr), ntohs(from.sin_port), dport, buf, (size_t)n);
	}
}

static void drain_icmp(struct scan *s)
{
	uint8_t buf[2048];
	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->icmp, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		size_t off = 0;
		if (s->icmp_raw) { /* a raw socket hands over the IP header too */
			if (n < 20 || (size_t)(buf[0] & 0x0f) * 4 > (size_t)n)
				continue;
			off = (size_t)(buf[0] & 0x0f) * 4;
		}
		if ((size_t)n < off + 8 || buf[off] != 0) /* echo reply */
			continue;
		keep(s, ntohl(from.sin_addr.s_addr), s->if_addr, 0, 0, IP_ICMP, PROBE_ICMP, buf + off,
		     (size_t)n - off);
	}
}

/* Layer-2 frames from the raw socket: ARP replies to the sweep (and, when
 * the whole segment is in scope, the LLDP and layer-2 SADP it hears) go to
 * the dissectors as they are. */
static void drain_pkt(struct scan *s)
{
	uint8_t buf[2048];
	for (;;) {
		struct sockaddr_ll ll;
		socklen_t sl = sizeof(ll);
		ssize_t n = recvfrom(s->pkt, buf, sizeof(buf), 0, (struct sockaddr *)&ll, &sl);
		if (n < 0)
			return;
		if (ll.sll_pkttype == PACKET_OUTGOING)
			continue;
		struct proto_eth e;
		if (proto_eth_parse(buf, (size_t)n, &e) != VS_OK)
			continue;
		if (e.ethertype == PROTO_ETHERTYPE_ARP) {
			struct proto_arp a;
			if (proto_arp_parse(e.payload.p, e.payload.len, &a) != VS_OK || a.op != 2)
				continue;
			uint32_t spa = (uint32_t)a.spa[0] << 24 | (uint32_t)a.spa[1] << 16 |
				       (uint32_t)a.spa[2] << 8 | a.spa[3];
			int64_t i = scope_index(s->scope, spa);
			if (i < 0) {
				s->st->foreign++;
				continue;
			}
			mark_alive(s, spa);
			memcpy(s->mac[i], a.sha, 6);
			s->has_mac[i] = 1;
		} else if (!s->scope->segment_ok || (e.ethertype != PROTO_ETHERTYPE_LLDP &&
						     e.ethertype != PROTO_ETHERTYPE_SADP)) {
			continue;
		}
		struct vs_error err = {0};
		if (capture_packet(s->cap, CAPTURE_DLT_EN10MB, buf, (size_t)n, wall_us(), &err))
			s->oom = true;
	}
}

/* ---- TCP probes ---- */

static void conn_close(struct scan *s, struct conn *c, bool store)
{
	if (store && c->len) {
		struct sockaddr_in local;
		socklen_t ll = sizeof(local);
		uint32_t la = s->if_addr;
		uint16_t lp = 0;
		if (getsockname(c->fd, (struct sockaddr *)&local, &ll) == 0) {
			la = ntohl(local.sin_addr.s_addr);
			lp = ntohs(local.sin_port);
		}
		keep(s, c->addr, la, c->port, lp, IP_TCP, c->probe, c->buf, c->len);
	}
	close(c->fd);
	c->fd = -1;
	c->len = 0;
	c->state = CONN_FREE;
	s->nconn--;
}

/* Enough of the answer to stop reading before the timeout. */
static bool answer_complete(const struct conn *c)
{
	if (c->len >= VS_SCAN_MAX_REPLY)
		return true;
	if (c->probe == PROBE_TLS) {
		struct proto_tls t;
		return proto_tls_parse(c->buf, c->len, &t) == VS_OK && t.certificate && !t.cert_cut;
	}
	struct proto_http h;
	if (proto_http_parse(c->buf, c->len, &h) != VS_OK || !h.complete)
		return false;
	struct slice cl = proto_http_header(&h, "Content-Length");
	if (!cl.len)
		return c->probe != PROBE_HTTP && c->probe != PROBE_UPNP_DESC; /* HTTP: until close */
	size_t want = 0;
	for (size_t i = 0; i < cl.len && cl.p[i] >= '0' && cl.p[i] <= '9' && want < VS_SCAN_MAX_REPLY; i++)
		want = want * 10 + (size_t)(cl.p[i] - '0');
	return h.body.len >= want;
}

static void conn_event(struct scan *s, struct conn *c, short rev)
{
	if (c->state == CONN_CONNECTING && (rev & (POLLOUT | POLLERR | POLLHUP))) {
		int e = 0;
		socklen_t el = sizeof(e);
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e == ECONNREFUSED)
			mark_alive(s, c->addr); /* a reset is an answer */
		if (e) {
			conn_close(s, c, false);
			return;
		}
		mark_alive(s, c->addr);
		if (c->probe == PROBE_HIK8000 || c->probe == PROBE_DAHUA37777) {
			conn_close(s, c, false); /* an open port is all these say without a login */
			return;
		}
		struct strbuf req = STRBUF_INIT;
		probe_build(c->probe, c->addr, c->port, s->o.community, c->path, ++s->seq, &req);
		/* A connected socket: the gate admitted this address at connect(). */
		ssize_t w = req.failed ? -1 : send(c->fd, req.buf, req.len, MSG_NOSIGNAL);
		strbuf_release(&req);
		if (w < 0) {
			conn_close(s, c, false);
			return;
		}
		c->state = CONN_READING;
		return;
	}
	if (c->state == CONN_READING && (rev & (POLLIN | POLLERR | POLLHUP))) {
		if (!c->buf && !(c->buf = malloc(VS_SCAN_MAX_REPLY))) {
			s->oom = true;
			conn_close(s, c, false);
			return;
		}
		ssize_t n = recv(c->fd, c->buf + c->len, VS_SCAN_MAX_REPLY - c->len, 0);
		if (n > 0)
			c->len += (size_t)n;
		if (n <= 0 || answer_complete(c))
			conn_close(s, c, true);
	}
}

/* ---- sending ---- */

static uint16_t icmp_sum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Send one job. False when the rate limit (or a full connection table)
 * says not yet: *wait_ns says how long. */
static bool launch(struct scan *s, const struct job *j, int64_t now, int64_t *wait_ns)
{
	const struct probe_def *d = &probe_defs[j->probe];
	struct vs_error err = {0};
	int e = 0;
	enum vs_err rc;
	*wait_ns = 0;
	if (d->t == PROBE_T_TCP) {
		struct conn *c = NULL;
		for (size_t i = 0; i < VS_SCAN_MAX_CONNS && !c; i++)
			if (s->conn[i].state == CONN_FREE)
				c = &s->conn[i];
		if (!c) {
			*wait_ns = 1000000;
			return false;
		}
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			*wait_ns = 10000000; /* out of descriptors: let connections finish */
			return false;
		}
		uint16_t port = j->probe == PROBE_UPNP_DESC ? s->fl[j->follow].port : d->port;
		rc = gate_send(&s->gate, GATE_TCP, fd, j->dst, port, NULL, 0, now, wait_ns, &e, &err);
		if (rc || *wait_ns) {
			close(fd);
			if (rc == VS_EPERM && j->probe == PROBE_UPNP_DESC)
				s->st->follow_refused++;
			else if (rc == VS_EIO)
				s->st->send_errors++;
			return *wait_ns == 0;
		}
		c->state = CONN_CONNECTING;
		c->fd = fd;
		c->addr = j->dst;
		c->port = port;
		c->probe = j->probe;
		c->path = j->probe == PROBE_UPNP_DESC ? s->fl[j->follow].path : NULL;
		c->deadline = now + (int64_t)s->o.timeout_ms * 1000000;
		c->len = 0;
		s->nconn++;
		return true;
	}
	struct strbuf b = STRBUF_INIT;
	enum gate_op op = GATE_UDP;
	int fd = s->udp;
	if (d->t == PROBE_T_RAW) {
		uint8_t f[42];
		memset(f, 0xff, 6);
		memcpy(f + 6, s->if_mac, 6);
		f[12] = 0x08, f[13] = 0x06;
		static const uint8_t hdr[8] = {0, 1, 8, 0, 6, 4, 0, 1}; /* Ethernet, IPv4, request */
		memcpy(f + 14, hdr, 8);
		memcpy(f + 22, s->if_mac, 6);
		uint32_t sa = htonl(s->if_addr), ta = htonl(j->dst);
		memcpy(f + 28, &sa, 4);
		memset(f + 32, 0, 6);
		memcpy(f + 38, &ta, 4);
		strbuf_add(&b, f, sizeof(f));
		op = GATE_ARP;
		fd = s->pkt;
	} else if (d->t == PROBE_T_ICMP) {
		uint8_t m[8 + 16] = {8, 0, 0, 0, 0x76, 0x73, (uint8_t)(s->seq >> 8), (uint8_t)s->seq};
		memcpy(m + 8, "vendorscope scan", 16);
		s->seq++;
		uint16_t sum = icmp_sum(m, sizeof(m));
		m[2] = (uint8_t)(sum >> 8), m[3] = (uint8_t)sum;
		strbuf_add(&b, m, sizeof(m));
		op = GATE_ICMP;
		fd = s->icmp;
	} else {
		probe_build(j->probe, j->dst, d->port, s->o.community, NULL, ++s->seq, &b);
	}
	if (b.failed) {
		strbuf_release(&b);
		s->oom = true;
		return true;
	}
	rc = gate_send(&s->gate, op, fd, j->dst, d->port, b.buf, b.len, now, wait_ns, &e, &err);
	strbuf_release(&b);
	if (rc == VS_EIO && (e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS)) {
		/* The send buffer is full (datagrams waiting for address
		 * resolution count against it): try again shortly. */
		*wait_ns = 20000000;
		return false;
	}
	if (rc == VS_EIO)
		s->st->send_errors++;
	return *wait_ns == 0;
}

/* The jobs of a phase, generated on demand: group probes first, then each
 * probe over every host (phase 2: hosts that answered), then follow-ups. */
struct plan {
	int phase;
	enum probe_id groups[PROBE_COUNT], per_host[PROBE_COUNT];
	size_t n_groups, n_per_host;
	uint64_t next, total;
};

static void plan_init(struct scan *s, struct plan *p, int phase)
{
	memset(p, 0, sizeof(*p));
	p->phase = phase;
	/* ARP alone first (phase 0); then, in phase 1, the TCP liveness probes
	 * before the datagrams: by the time those go, the kernel has given up
	 * resolving absent hosts and refuses datagrams to them at once instead
	 * of queueing them against the socket's send buffer. */
	for (int pass = 0; pass < 2; pass++)
	for (int i = 0; i < PROBE_COUNT; i++) {
		const struct probe_def *d = &probe_defs[i];
		int ph = d->t == PROBE_T_RAW ? 0 : d->phase ? d->phase : -1; /* -1: follow-ups only */
		if (!want(s, (enum probe_id)i) || ph != phase || (pass == 0) != (d->t == PROBE_T_TCP))
			continue;
		if (d->t == PROBE_T_RAW && s->pkt < 0)
			continue;
		if (d->t == PROBE_T_ICMP && s->icmp < 0)
			continue;
		if (phase == 1 && d->group && s->scope->segment_ok)
			p->groups[p->n_groups++] = (enum probe_id)i;
		p->per_host[p->n_per_host++] = (enum probe_id)i;
	}
	p->total = p->n_groups + p->n_per_host * s->scope->count + (phase == 2 ? s->nfl : 0);
}

/* The job at p->next, or false when it is to be skipped. */
static bool plan_job(struct scan *s, const struct plan *p, struct job *j)
{
	uint64_t k = p->next;
	memset(j, 0, sizeof(*j));
	if (k < p->n_groups) {
		j->probe = p->groups[k];
		uint32_t g = probe_defs[j->probe].group;
		j->dst = g == GATE_BCAST ? (s->scope->seg_net | ~s->scope->seg_mask) : g;
		j->host = -1;
		return true;
	}
	k -= p->n_groups;
	uint64_t per = p->n_per_host * s->scope->count;
	if (k < per) {
		j->probe = p->per_host[k / s->scope->count];
		j->host = (int64_t)(k % s->scope->count);
		j->dst = scope_addr(s->scope, (uint64_t)j->host);
		if (j->dst == s->if_addr) /* ourselves */
			return false;
		if (p->phase == 0 && s->alive[j->host]) /* the second sweep asks the silent only */
			return false;
		if (p->phase == 2 && !s->alive[j->host])
			return false;
		/* After an ARP sweep, an address on the segment that did not
		 * answer it is absent (as nmap's -PR): nothing more goes there. */
		if (p->phase >= 1 && s->arp_swept && !s->alive[j->host] &&
		    (j->dst & s->if_mask) == (s->if_addr & s->if_mask))
			return false;
		if (j->probe == PROBE_ARP &&
		    (j->dst & s->if_mask) != (s->if_addr & s->if_mask))
			return false;
		return true;
	}
	k -= per;
	j->probe = PROBE_UPNP_DESC;
	j->follow = (size_t)k;
	j->dst = s->fl[k].addr;
	j->host = scope_index(s->scope, j->dst);
	return true;
}

static enum vs_err run_phase(struct scan *s, int phase, struct vs_error *err)
{
	struct plan p;
	plan_init(s, &p, phase);
	int64_t linger_until = 0, wait = 0;
	struct pollfd pf[5 + VS_SCAN_MAX_CONNS];
	struct conn *pc[5 + VS_SCAN_MAX_CONNS];
	for (;;) {
		if (s->o.stop && *s->o.stop) {
			s->st->interrupted = true;
			break;
		}
		if (s->oom)
			return vs_fail(err, VS_ENOMEM, "out of memory while scanning");
		int64_t now = now_ns();
		wait = 0;
		uint64_t before = p.next;
		while (p.next < p.total) {
			/* Follow-ups are found while phase 2 runs: recount. */
			struct job j;
			if (!plan_job(s, &p, &j)) {
				p.next++;
				continue;
			}
			if (!launch(s, &j, now, &wait))
				break;
			p.next++;
			linger_until = now + (int64_t)s->o.timeout_ms * 1000000;
		}
		if (phase == 2)
			p.total = p.n_per_host * s->scope->count + s->nfl;
		if (p.next != before && s->o.progress)
			s->o.progress(p.next, p.total, s->o.progress_ctx);
		if (p.next >= p.total && s->nconn == 0 && now >= linger_until)
			break;
		size_t n = 0;
		int fds[] = {s->udp, s->icmp, s->pkt, s->mc[0], s->mc[1]};
		for (size_t i = 0; i < 5; i++)
			if (fds[i] >= 0) {
				pf[n] = (struct pollfd){fds[i], POLLIN, 0};
				pc[n++] = NULL;
			}
		int64_t next_deadline = linger_until;
		for (size_t i = 0; i < VS_SCAN_MAX_CONNS; i++) {
			struct conn *c = &s->conn[i];
			if (c->state == CONN_FREE)
				continue;
			if (now >= c->deadline) {
				conn_close(s, c, true);
				continue;
			}
			if (c->deadline < next_deadline || next_deadline <= now)
				next_deadline = c->deadline;
			pf[n] = (struct pollfd){c->fd, c->state == CONN_CONNECTING ? POLLOUT : POLLIN, 0};
			pc[n++] = c;
		}
		int64_t t = p.next < p.total ? (wait ? wait : 0) : next_deadline - now;
		if (t < 0)
			t = 0;
		int ms = (int)((t + 999999) / 1000000);
		if (ms > 200)
			ms = 200; /* stay responsive to Ctrl-C */
		int rc = poll(pf, n, ms);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return vs_fail(err, VS_EIO, "poll: %s", strerror(errno));
		}
		for (size_t i = 0; i < n && rc > 0; i++) {
			if (!pf[i].revents)
				continue;
			if (pc[i])
				conn_event(s, pc[i], pf[i].revents);
			else if (pf[i].fd == s->icmp)
				drain_icmp(s);
			else if (pf[i].fd == s->pkt)
				drain_pkt(s);
			else
				drain_udp(s, pf[i].fd);
		}
	}
	/* Interrupted: what is in flight is kept as far as it got. */
	for (size_t i = 0; i < VS_SCAN_MAX_CONNS; i++)
		if (s->conn[i].state != CONN_FREE)
			conn_close(s, &s->conn[i], true);
	return VS_OK;
}

/* ---- into the dissectors ---- */

/* The kernel's neighbour table (/proc/net/arp): the MACs of the targets
 * the probes reached on the local segment, without root. */
static void read_neighbours(struct scan *s)
{
	FILE *f = fopen("/proc/net/arp", "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		char ip[32], hw[32];
		unsigned type, flags;
		if (sscanf(line, "%31s 0x%x 0x%x %31s", ip, &type, &flags, hw) != 4 || !(flags & 2))
			continue;
		struct in_addr ia;
		unsigned m[6];
		if (inet_pton(AF_INET, ip, &ia) != 1 ||
		    sscanf(hw, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
			continue;
		int64_t i = scope_index(s->scope, ntohl(ia.s_addr));
		if (i < 0 || s->has_mac[i])
			continue;
		for (int k = 0; k < 6; k++)
			s->mac[i][k] = (uint8_t)m[k];
		s->has_mac[i] = 1;
	}
	fclose(f);
}

/* One reply to the dissectors as what it is: the payload a socket read,
 * from the address and port it came from, with the sender's MAC where
 * the ARP sweep or the neighbour table gave one. */
static enum vs_err hand_over(struct scan *s, const struct reply *r, struct vs_error *err)
{
	struct capture_l4 m;
	memset(&m, 0, sizeof(m));
	int64_t i = scope_index(s->scope, r->addr);
	if (i >= 0 && s->has_mac[i]) {
		m.has_mac = true;
		memcpy(m.src_mac, s->mac[i], 6);
	}
	uint32_t from = htonl(r->addr), to = htonl(r->local);
	memcpy(m.src, &from, 4);
	memcpy(m.dst, &to, 4);
	m.proto = r->proto;
	m.sport = r->sport;
	m.dport = r->dport;
	return capture_payload(s->cap, &m, r->data, r->len, r->ts_us, err);
}

enum vs_err scan_run(struct scan *s, struct capture *cap, struct scan_stats *st,
		     struct vs_error *err)
{
	s->cap = cap;
	s->st = st;
	enum vs_err rc = VS_OK;
	if (s->pkt >= 0) {
		/* Twice, as nmap's ARP ping retries: a request or reply lost
		 * in a burst would otherwise hide a host from every later probe. */
		rc = run_phase(s, 0, err);
		if (!rc && !st->interrupted)
			rc = run_phase(s, 0, err);
		s->arp_swept = !rc && !st->interrupted;
	}
	if (!rc && !st->interrupted)
		rc = run_phase(s, 1, err);
	if (!rc && !st->interrupted)
		rc = run_phase(s, 2, err);
	st->sent = s->gate.sent;
	st->refused = s->gate.refused;
	if (rc)
		return rc;
	read_neighbours(s);
	for (size_t i = 0; i < s->nr && !rc; i++)
		rc = hand_over(s, &s->r[i], err);
	return rc;
}

/* ---- what the dissectors have no place for ---- */

bool scan_annotate(struct scan *s, struct sighting *devs, size_t n)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct reply *r = &s->r[i];
		if (r->probe != PROBE_UPNP_DESC)
			continue;
		struct proto_http h;
		enum vs_err rc = proto_http_parse(r->data, r->len, &h);
		if ((rc != VS_OK && rc != VS_ETRUNC) || !h.response || h.status != 200 || !h.body.len)
			continue;
		/* UPnP Device Architecture 2.0, 2.3: the device description. */
		char man[128], model[128], number[128], serial[128], name[128], root[32];
		struct proto_xml_field f[] = {
			{"manufacturer", man, sizeof(man), false},
			{"modelName", model, sizeof(model), false},
			{"modelNumber", number, sizeof(number), false},
			{"serialNumber", serial, sizeof(serial), false},
			{"friendlyName", name, sizeof(name), false},
		};
		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
			f[k].buf[0] = '\0';
		if (proto_xml_fields(h.body.p, h.body.len, root, sizeof(root), f,
				     sizeof(f) / sizeof(f[0])) != VS_OK)
			continue;
		char addr[16];
		scope_addr_text(r->addr, addr);
		for (size_t d = 0; d < n; d++) {
			if (!sighting_has_addr(&devs[d], addr))
				continue;
			static const enum vs_field field[] = {VF_MANUFACTURER, VF_MODEL,
							      VF_MODEL_NUMBER, VF_SERIAL, VF_NAME};
			for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
				if (f[k].buf[0] &&
				    !sighting_observe(&devs[d], vocab_method(VM_UPNP),
						      vocab_field(field[k]), f[k].buf,
						      strlen(f[k].buf), 0.85, r->ts_us))
					return false;
			break;
		}
	}
	return true;
}
