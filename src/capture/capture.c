/*
 * The device table and the per-frame dispatch: link layer (Ethernet, Linux
 * cooked v1/v2) -> ARP / IPv4 / IPv6 / LLDP / CDP / layer-2 SADP -> UDP by
 * port, TCP by content (first segments of each flow) -> the application
 * dissectors -> observations on the device that spoke.
 *
 * Who a fact belongs to: the sender of a reply or announcement (SADP
 * ProbeMatch, DHIP notifyDevInfo, XM 1531, WS-Discovery Hello/ProbeMatches,
 * SSDP NOTIFY/response, HTTP/RTSP/SIP responses, SNMP responses, LLDP/CDP,
 * TLS certificates), the client of a request (DHCP by its chaddr, SIP and
 * HTTP User-Agent, TLS server name), the receiver of a DNS answer (the
 * names it resolved). A discovery reply that names its own MAC address is
 * filed under that address, whichever frame carried it.
 */
#include "capture/capture.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/vocab.h"
#include "proto/arp.h"
#include "proto/dhcp.h"
#include "proto/dhip.h"
#include "proto/dns.h"
#include "proto/eth.h"
#include "proto/http.h"
#include "proto/ip.h"
#include "proto/l4.h"
#include "proto/lldp.h"
#include "proto/pcur.h"
#include "proto/rtsp.h"
#include "proto/sadp.h"
#include "proto/sip.h"
#include "proto/snmp.h"
#include "proto/ssdp.h"
#include "proto/tls.h"
#include "proto/wsd.h"
#include "proto/xm.h"
#include "util/limits.h"
#include "util/text.h"
#include "util/netaddr.h"

/* How much a protocol vouches for what it carries: a vendor's own
 * discovery reply describes the device it runs on; a banner or certificate
 * can be changed by whoever runs the service; a host name by anyone. */
#define OBS_DISCOVERY 0.95
#define OBS_BANNER 0.85
#define OBS_NAME 0.7

/* Open-addressing tables kept at most half full; they start small and
 * double (so their sizes are powers of two, indexed by mask), and a capture
 * of a few devices costs a few kilobytes. */
#define SLOTS_MIN 256

struct flow {
	uint8_t key[37]; /* family, src addr(16) port(2), dst addr(16) port(2); smaller end first */
	bool used;
	uint8_t segs[2]; /* data segments dissected per direction */
	/* Per direction: the sequence number the stream's first data byte
	 * carries (SYN + 1), when the SYN was seen; a head starting elsewhere
	 * is not the start of the stream and is not reassembled. */
	bool syn[2];
	bool reasm_tried[2]; /* a head was reassembled (or started to be): once only */
	uint32_t first_seq[2];
	uint16_t reasm[2]; /* index + 1 into capture.reasm; 0 none. Checked against
			    * the buffer's own key, as the buffer may have been
			    * evicted and reused since. */
};

enum head_kind { HEAD_NONE, HEAD_TLS, HEAD_RTSP, HEAD_SIP, HEAD_HTTP };

/* One direction's head being reassembled. The frame is the first
 * segment's, kept (without its MAC pointers, which point into that
 * packet) so the head is dissected as if it had come in one piece. */
struct reasm {
	bool used;
	uint8_t key[37];
	int dir;
	enum head_kind kind;
	uint64_t serial; /* when it started: the smallest is evicted first */
	uint32_t next_seq;
	size_t resume; /* head_complete's */
	struct frame *f;
	uint8_t *buf;
	size_t len, cap;
};

struct capture {
	atomic_bool stop; /* capture_request_stop: set by another thread */
	/* One allocation per device, so a pointer to one stays valid while
	 * later frames add devices (a frame may touch several). */
	struct sighting **dev;
	size_t n_dev, alloc_dev;
	struct macslot *mac_slot;
	size_t n_mac_slots;
	struct flow *flows;
	size_t n_flows, n_flow_slots;
	size_t last_flow; /* slot + 1 of the flow found last: bulk transfers
			   * come in runs of one flow's segments */
	/* Address -> the device that owns it: bound by ARP, DHCP and discovery
	 * replies (authoritative: a later one moves the address, as DHCP does
	 * over time), or by the first source address a MAC uses. */
	struct ipslot *ips;
	size_t n_ips, n_ip_slots;
	struct capture_stats stats;
	bool oom;
	/* Scratch for the larger dissector results, kept off the stack. */
	struct proto_dns dns;
	struct proto_wsd wsd;
	struct proto_sadp sadp;
	struct proto_dhip dhip;
	struct proto_xm xm;
	struct proto_http http;
	struct proto_snmp snmp;
	struct reasm reasm[VS_MAX_REASM_FLOWS];
	uint64_t reasm_serial;
	/* The fast path (see memo_hit): frames whose headers repeat a recent
	 * frame's, while nothing they resolve through has changed. gen counts
	 * those changes; an entry made under another gen is stale. */
	uint64_t gen;
	struct memo *memo;
};

/* The MAC as a 48-bit number: the key is compared in the slot itself,
 * not through the device it leads to (a cache miss per frame). */
struct macslot {
	uint64_t mac;
	uint32_t dev; /* index + 1 into dev; 0 empty */
};

/* An address as two words (IPv4 in the low one) and its family. */
struct ipkey {
	uint64_t lo, hi;
	int family;
};

struct ipslot {
	struct ipkey key;
	bool used;
	struct sighting *dev;
};

/* What one frame carries below IP. */
struct frame {
	int64_t ts;
	const uint8_t *src_mac, *dst_mac; /* dst_mac NULL on cooked captures */
	struct sighting *src;             /* who speaks: the source address's device, else
					   * src_mac's; NULL for a group or external source */
	struct sighting *dst;             /* the destination address's device, when local */
	bool v6;
	uint8_t sip[16], dip[16];
	/* Text of the addresses, written on first use (ip_text): most frames
	 * never need it, and formatting showed in profiles. */
	char src_text[SIGHTING_ADDR_TEXT], dst_text[SIGHTING_ADDR_TEXT];
	bool src_local, dst_local; /* private, link-local or group: not an external peer */
};

/*
 * What a frame of one header pattern (MACs, IPv4 addresses, protocol,
 * ports) did when nothing had to be created or bound: the devices it
 * touched, the device and address its bytes count against as exposure,
 * the TCP flow it belongs to. A bulk transfer is thousands of frames of
 * two such patterns (the data and its ACKs) that change nothing but
 * times, packet and byte counts; replaying those few updates costs a
 * fraction of the dissection (docs/benchmarks.md, Capture).
 */
#define MEMO_SLOTS 64
#define MEMO_TOUCH 3

struct memo {
	uint64_t key[4]; /* frame bytes 0-7, 8-13, IP addresses, ports */
	uint64_t gen;    /* 0: empty */
	struct sighting *mac_src; /* its packets counted; NULL for a group MAC */
	struct sighting *touch[MEMO_TOUCH];
	struct sighting *peer_of; /* exposure: this device ... */
	bool peer_dst;            /* ... to the frame's destination (else its source) */
	bool udp_silent;          /* UDP to ports no dissector reads */
	int dir;                  /* TCP: the flow's direction */
	size_t flow;              /* TCP: slot + 1 of its flow; 0 none yet */
};

struct capture *capture_new(void)
{
	struct capture *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->mac_slot = calloc(SLOTS_MIN, sizeof(*c->mac_slot));
	c->flows = calloc(SLOTS_MIN, sizeof(*c->flows));
	c->ips = calloc(SLOTS_MIN, sizeof(*c->ips));
	c->memo = calloc(MEMO_SLOTS, sizeof(*c->memo));
	c->n_mac_slots = c->n_flow_slots = c->n_ip_slots = SLOTS_MIN;
	c->gen = 1;
	if (!c->mac_slot || !c->flows || !c->ips || !c->memo) {
		capture_free(c);
		return NULL;
	}
	return c;
}

void capture_free(struct capture *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_dev; i++) {
		sighting_release(c->dev[i]);
		free(c->dev[i]);
	}
	free(c->dev);
	free(c->mac_slot);
	for (size_t i = 0; i < VS_MAX_REASM_FLOWS; i++) {
		free(c->reasm[i].buf);
		free(c->reasm[i].f);
	}
	free(c->flows);
	free(c->ips);
	free(c->memo);
	free(c);
}

size_t capture_device_count(const struct capture *c)
{
	return c->n_dev;
}

const struct sighting *capture_device(const struct capture *c, size_t i)
{
	return i < c->n_dev ? c->dev[i] : NULL;
}

const struct capture_stats *capture_get_stats(const struct capture *c)
{
	return &c->stats;
}

void capture_request_stop(struct capture *c)
{
	atomic_store_explicit(&c->stop, true, memory_order_relaxed);
}

bool capture_stop_requested(struct capture *c)
{
	return atomic_load_explicit(&c->stop, memory_order_relaxed);
}

void capture_note_truncated(struct capture *c)
{
	c->stats.truncated = true;
}

void capture_note_live(struct capture *c, uint64_t received, uint64_t dropped,
		       uint64_t ifdropped)
{
	c->stats.live_received = received;
	c->stats.live_dropped = dropped;
	c->stats.live_ifdropped = ifdropped;
}

struct sighting *capture_detach(struct capture *c, size_t *n)
{
	capture_flush(c);
	struct sighting *d = malloc((c->n_dev ? c->n_dev : 1) * sizeof(*d));
	if (!d)
		return NULL;
	for (size_t i = 0; i < c->n_dev; i++) {
		d[i] = *c->dev[i];
		free(c->dev[i]);
	}
	*n = c->n_dev;
	free(c->dev);
	c->dev = NULL;
	c->n_dev = c->alloc_dev = 0;
	memset(c->mac_slot, 0, c->n_mac_slots * sizeof(*c->mac_slot));
	memset(c->ips, 0, c->n_ip_slots * sizeof(*c->ips));
	c->n_ips = 0;
	c->gen++;
	return d;
}

/* Words multiplied in, then the high bits folded down: every frame hashes
 * a MAC, up to three addresses and a flow key, and a byte-wise hash with
 * a division showed in profiles. */
static uint64_t hash_mix(uint64_t h, uint64_t w)
{
	return (h ^ w) * 0x9e3779b97f4a7c15ULL;
}

static size_t hash_fold(uint64_t h, size_t n_slots)
{
	return (size_t)(h ^ h >> 32) & (n_slots - 1);
}

static size_t hash_bytes(const uint8_t *p, size_t n, size_t n_slots)
{
	uint64_t h = n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = hash_mix(h, w);
	}
	if (n) {
		uint64_t w = 0;
		memcpy(&w, p, n);
		h = hash_mix(h, w);
	}
	return hash_fold(h, n_slots);
}

static uint64_t mac_word(const uint8_t mac[6])
{
	uint64_t m = 0;
	for (int i = 0; i < 6; i++)
		m = m << 8 | mac[i];
	return m;
}

static size_t mac_hash(uint64_t mac, size_t n_slots)
{
	return hash_fold(hash_mix(0, mac), n_slots);
}

/* A new, empty device at the end of the table; NULL past the limit. */
static struct sighting *new_device(struct capture *c)
{
	if (c->n_dev >= VS_MAX_CAPTURE_DEVICES) {
		c->stats.devices_dropped++;
		return NULL;
	}
	if (c->n_dev == c->alloc_dev) {
		size_t n = c->alloc_dev ? c->alloc_dev * 2 : 64;
		struct sighting **d = realloc(c->dev, n * sizeof(*d));
		if (!d) {
			c->oom = true;
			return NULL;
		}
		c->dev = d;
		c->alloc_dev = n;
	}
	struct sighting *s = malloc(sizeof(*s));
	if (!s) {
		c->oom = true;
		return NULL;
	}
	sighting_init(s);
	c->dev[c->n_dev++] = s;
	c->gen++;
	return s;
}

static void touch(struct sighting *d, int64_t ts)
{
	if (!d->first_us || ts < d->first_us)
		d->first_us = ts;
	if (ts > d->last_us)
		d->last_us = ts;
}

static bool grow_macs(struct capture *c)
{
	size_t n = c->n_mac_slots * 2;
	struct macslot *t = calloc(n, sizeof(*t));
	if (!t) {
		c->oom = true;
		return false;
	}
	for (size_t i = 0; i < c->n_mac_slots; i++) {
		if (!c->mac_slot[i].dev)
			continue;
		size_t at = mac_hash(c->mac_slot[i].mac, n);
		while (t[at].dev)
			at = (at + 1) & (n - 1);
		t[at] = c->mac_slot[i];
	}
	free(c->mac_slot);
	c->mac_slot = t;
	c->n_mac_slots = n;
	return true;
}

/* The slot that holds m, or the empty one where it would go. */
static size_t mac_slot_at(const struct capture *c, uint64_t m)
{
	size_t at = mac_hash(m, c->n_mac_slots);
	while (c->mac_slot[at].dev && c->mac_slot[at].mac != m)
		at = (at + 1) & (c->n_mac_slots - 1);
	return at;
}

/* The device for a unicast MAC, created on first sight; NULL for a group
 * address, past the device limit, or when memory ran out (c->oom). */
static struct sighting *device(struct capture *c, const uint8_t mac[6], int64_t ts)
{
	if (mac[0] & 0x01)
		return NULL;
	uint64_t m = mac_word(mac);
	if (m == 0)
		return NULL;
	size_t at = mac_slot_at(c, m);
	if (c->mac_slot[at].dev)
		goto found;
	if ((c->n_dev + 1) * 2 > c->n_mac_slots) {
		if (!grow_macs(c))
			return NULL;
		at = mac_slot_at(c, m);
	}
	struct sighting *s = new_device(c);
	if (!s)
		return NULL;
	s->has_mac = true;
	memcpy(s->mac, mac, 6);
	c->mac_slot[at].mac = m;
	c->mac_slot[at].dev = (uint32_t)c->n_dev;
found:;
	struct sighting *d = c->dev[c->mac_slot[at].dev - 1];
	touch(d, ts);
	return d;
}

/* ---- addresses ---- */

static const char *ip_text(struct frame *f, bool src)
{
	char *t = src ? f->src_text : f->dst_text;
	if (!t[0] && !net_ntop(f->v6 ? AF_INET6 : AF_INET, src ? f->sip : f->dip, t,
			       SIGHTING_ADDR_TEXT))
		t[0] = '\0';
	return t;
}

static struct ipkey ip_key(int family, const uint8_t *addr)
{
	struct ipkey k = {0, 0, family};
	if (family == AF_INET) {
		uint32_t a;
		memcpy(&a, addr, 4);
		k.lo = a;
	} else {
		memcpy(&k.lo, addr, 8);
		memcpy(&k.hi, addr + 8, 8);
	}
	return k;
}

static size_t ip_hash(struct ipkey k, size_t n_slots)
{
	return hash_fold(hash_mix(hash_mix((uint64_t)k.family, k.lo), k.hi), n_slots);
}

static struct ipslot *ip_slot(const struct capture *c, struct ipkey k)
{
	size_t at = ip_hash(k, c->n_ip_slots);
	while (c->ips[at].used && (c->ips[at].key.lo != k.lo || c->ips[at].key.hi != k.hi ||
				   c->ips[at].key.family != k.family))
		at = (at + 1) & (c->n_ip_slots - 1);
	return &c->ips[at];
}

static bool grow_ips(struct capture *c)
{
	size_t n = c->n_ip_slots * 2;
	struct ipslot *t = calloc(n, sizeof(*t));
	if (!t) {
		c->oom = true;
		return false;
	}
	for (size_t i = 0; i < c->n_ip_slots; i++) {
		if (!c->ips[i].used)
			continue;
		size_t at = ip_hash(c->ips[i].key, n);
		while (t[at].used)
			at = (at + 1) & (n - 1);
		t[at] = c->ips[i];
	}
	free(c->ips);
	c->ips = t;
	c->n_ip_slots = n;
	return true;
}

/* Record that s uses an address. An authoritative binding (ARP, DHCP, a
 * discovery reply naming it) moves the address to s; a first-sight one
 * only claims an address nobody holds. */
static void bind_ip(struct capture *c, struct sighting *s, int family, const uint8_t *addr,
		    bool authoritative)
{
	char t[SIGHTING_ADDR_TEXT];
	if (!s)
		return;
	struct ipkey key = ip_key(family, addr);
	struct ipslot *slot = ip_slot(c, key);
	if (slot->used) {
		if (slot->dev == s || !authoritative)
			return; /* already s's (and in its list), or another's to keep */
		slot->dev = s;
		c->gen++;
	} else if (c->n_ips >= VS_MAX_CAPTURE_ADDRS) {
		c->stats.addrs_dropped++;
	} else {
		if ((c->n_ips + 1) * 2 > c->n_ip_slots) {
			if (!grow_ips(c))
				return;
			slot = ip_slot(c, key);
		}
		slot->used = true;
		slot->key = key;
		slot->dev = s;
		c->n_ips++;
		c->gen++;
	}
	if (net_ntop(family, addr, t, sizeof(t)))
		sighting_add_addr(s, t);
}

static struct sighting *ip_owner(const struct capture *c, int family, const uint8_t *addr)
{
	struct ipslot *slot = ip_slot(c, ip_key(family, addr));
	return slot->used ? slot->dev : NULL;
}

static bool v6_link_local(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* IPv6 prefixes (/64) one interface may hold: a ULA and a global one is
 * the common case; a MAC speaking for more is forwarding for others. */
#define V6_PREFIXES_PER_MAC 2

/* May the device of a MAC own this address too? IPv4: while it holds no
 * other. IPv6: a link-local address always (every interface has one); an
 * address in a /64 it already holds (privacy addresses rotate within the
 * prefix), or while it holds fewer than V6_PREFIXES_PER_MAC prefixes. */
static bool may_own(const struct sighting *s, int family, const uint8_t *addr)
{
	if (family == AF_INET6 && v6_link_local(addr))
		return true;
	uint8_t prefixes[VS_MAX_DEVICE_ADDRS][8];
	size_t n_prefixes = 0;
	for (size_t i = 0; i < s->n_addrs; i++) {
		uint8_t a[16];
		bool v6 = strchr(s->addrs[i], ':') != NULL;
		if (v6 != (family == AF_INET6) ||
		    inet_pton(v6 ? AF_INET6 : AF_INET, s->addrs[i], a) != 1)
			continue;
		if (!v6)
			return false;
		if (v6_link_local(a))
			continue;
		if (memcmp(a, addr, 8) == 0)
			return true;
		bool known = false;
		for (size_t k = 0; k < n_prefixes && !known; k++)
			known = memcmp(prefixes[k], a, 8) == 0;
		if (!known)
			memcpy(prefixes[n_prefixes++], a, 8);
	}
	return n_prefixes < V6_PREFIXES_PER_MAC;
}

/*
 * The device behind an address carried in a frame from/to mac_dev. An
 * address already bound answers; an external one is nobody's here (a
 * banner from an internet server is not a local device's). Otherwise the
 * frame's MAC owns it unless that MAC already uses another address of the
 * family: then the MAC is a router forwarding for a host on another subnet,
 * which becomes a device of its own keyed by its address (a routed peer).
 * IPv6 link-local addresses never cross a router.
 */
static struct sighting *addr_device(struct capture *c, struct sighting *mac_dev, int family,
				    const uint8_t *addr, bool local, int64_t ts)
{
	struct sighting *s = ip_owner(c, family, addr);
	if (s) {
		touch(s, ts);
		return s;
	}
	if (!local)
		return NULL;
	if (mac_dev && may_own(mac_dev, family, addr)) {
		bind_ip(c, mac_dev, family, addr, false);
		return mac_dev;
	}
	s = new_device(c);
	if (!s)
		return NULL;
	touch(s, ts);
	bind_ip(c, s, family, addr, true);
	return s;
}

/* Names from the one table (model/vocab.h): what identify/ reads back. */
static void observe(struct capture *c, struct sighting *s, enum vs_method method,
		    enum vs_field field, const void *v, size_t n, double conf, int64_t ts)
{
	if (s && !sighting_observe(s, vocab_method(method), vocab_field(field), v, n, conf, ts))
		c->oom = true;
}

static void observe_str(struct capture *c, struct sighting *s, enum vs_method method,
			enum vs_field field, const char *v, double conf, int64_t ts)
{
	observe(c, s, method, field, v, strlen(v), conf, ts);
}

static void observe_slice(struct capture *c, struct sighting *s, enum vs_method method,
			  enum vs_field field, struct slice v, double conf, int64_t ts)
{
	observe(c, s, method, field, v.p, v.len, conf, ts);
}

/* "c0-56-e3-3a-4b-5c", "3c:ef:8c:44:55:66", "C056E33A4B5C" as sent by devices. */
static bool parse_mac_text(const char *t, uint8_t mac[6])
{
	size_t digits = 0;
	unsigned v = 0;
	for (; *t && digits <= 12; t++) {
		int d;
		if (*t >= '0' && *t <= '9')
			d = *t - '0';
		else if (*t >= 'a' && *t <= 'f')
			d = *t - 'a' + 10;
		else if (*t >= 'A' && *t <= 'F')
			d = *t - 'A' + 10;
		else if (*t == ':' || *t == '-' || *t == '.')
			continue;
		else
			return false;
		v = v << 4 | (unsigned)d;
		if (++digits % 2 == 0 && digits <= 12)
			mac[digits / 2 - 1] = (uint8_t)v, v = 0;
	}
	return digits == 12;
}

/* The device a discovery reply describes: the MAC it names, else the sender. */
static struct sighting *named_device(struct capture *c, struct frame *f, const char *mac_text)
{
	uint8_t mac[6];
	if (mac_text[0] && parse_mac_text(mac_text, mac)) {
		struct sighting *s = device(c, mac, f->ts);
		if (s)
			return s;
	}
	return f->src;
}

static bool all_zero(const uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

/* An address a device can own: unicast, not unspecified, not loopback. */
static bool v4_assignable(const uint8_t a[4])
{
	return a[0] != 0 && a[0] != 127 && a[0] < 224;
}

/* An address a device reported for itself (discovery, DHCP, ARP). */
static void add_v4(struct capture *c, struct sighting *s, const uint8_t a[4])
{
	if (s && v4_assignable(a))
		bind_ip(c, s, AF_INET, a, true);
}

/* ---- application layer ---- */

/* Does the datagram hold lit anywhere? An element's name is never escaped
 * in XML, so a document without "ProbeMatch" (or "Hello") in it is not
 * one: a search costs a fraction of handing it to expat (~8 us for a
 * 1 KB WS-Discovery message), and the requests (SADP inquiries,
 * WS-Discovery Probes from every video client) describe nothing. */
static bool holds(struct slice pl, const char *lit)
{
	size_t n = strlen(lit);
	for (const uint8_t *p = pl.p, *end = pl.p + pl.len; end - p >= (ptrdiff_t)n; p++) {
		p = memchr(p, lit[0], (size_t)(end - p) - n + 1);
		if (!p)
			return false;
		if (memcmp(p, lit, n) == 0)
			return true;
	}
	return false;
}

static void on_sadp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_sadp *sp = &c->sadp;
	if (!holds(pl, "ProbeMatch"))
		return;
	if (proto_sadp_parse(pl.p, pl.len, sp) != VS_OK || sp->kind != PROTO_SADP_PROBE_MATCH)
		return;
	struct sighting *s = named_device(c, f, sp->mac);
	int64_t t = f->ts;
	observe_str(c, s, VM_SADP, VF_MODEL, sp->device_description, OBS_DISCOVERY, t);
	observe_str(c, s, VM_SADP, VF_SERIAL, sp->device_sn, OBS_DISCOVERY, t);
	observe_str(c, s, VM_SADP, VF_FIRMWARE, sp->software_version, OBS_DISCOVERY, t);
	observe_str(c, s, VM_SADP, VF_DSP_VERSION, sp->dsp_version, OBS_DISCOVERY, t);
	observe_str(c, s, VM_SADP, VF_DEVICE_TYPE, sp->device_type, OBS_DISCOVERY, t);
	observe_str(c, s, VM_SADP, VF_OEM, sp->oem_info, OBS_DISCOVERY, t);
	uint8_t a[4];
	if (s && inet_pton(AF_INET, sp->ipv4, a) == 1)
		add_v4(c, s, a);
}

static void on_dhip(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_dhip *d = &c->dhip;
	if (proto_dhip_parse(pl.p, pl.len, d) != VS_OK ||
	    strcmp(d->method, "client.notifyDevInfo") != 0)
		return;
	struct sighting *s = named_device(c, f, d->mac);
	int64_t t = f->ts;
	observe_str(c, s, VM_DHIP, VF_MODEL, d->device_type, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_SERIAL, d->serial_no, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_FIRMWARE, d->version, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_VENDOR, d->vendor, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_MANUFACTURER, d->manufacturer, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_DEVICE_CLASS, d->device_class, OBS_DISCOVERY, t);
	observe_str(c, s, VM_DHIP, VF_HOSTNAME, d->machine_name, OBS_NAME, t);
	uint8_t a[4];
	if (s && inet_pton(AF_INET, d->ipv4, a) == 1)
		add_v4(c, s, a);
}

static void on_dhip_v1(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_dhip_v1 d;
	if (proto_dhip_v1_parse(pl.p, pl.len, &d) != VS_OK || d.request)
		return;
	struct sighting *s = f->src;
	observe_slice(c, s, VM_DHIP, VF_DEVICE_TYPE, d.device_type, OBS_DISCOVERY, f->ts);
	observe_slice(c, s, VM_DHIP, VF_MODEL, d.model, OBS_DISCOVERY, f->ts);
	observe_slice(c, s, VM_DHIP, VF_SERIAL, d.serial, OBS_DISCOVERY, f->ts);
	add_v4(c, s, d.ipv4);
}

static void on_xm(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_xm *x = &c->xm;
	if (proto_xm_parse(pl.p, pl.len, x) != VS_OK || x->msg_id != PROTO_XM_SEARCH_REPLY ||
	    !x->has_body)
		return;
	struct sighting *s = named_device(c, f, x->mac);
	int64_t t = f->ts;
	observe_str(c, s, VM_XM, VF_DEVICE_TYPE, x->device_type, OBS_DISCOVERY, t);
	observe_str(c, s, VM_XM, VF_SERIAL, x->sn, OBS_DISCOVERY, t);
	observe_str(c, s, VM_XM, VF_FIRMWARE, x->version_text, OBS_DISCOVERY, t);
	observe_str(c, s, VM_XM, VF_HOSTNAME, x->host_name, OBS_NAME, t);
	if (s && x->has_host_ip)
		add_v4(c, s, x->host_ip);
}


/* An ONVIF scope value is percent-encoded ("Bosch%20Camera"). */
static void observe_scope(struct capture *c, struct sighting *s, const char *scopes,
			  const char *kind, enum vs_field field, int64_t t)
{
	struct slice v = proto_wsd_onvif_scope(scopes, kind);
	char buf[PROTO_WSD_FIELD];
	size_t o = 0;
	for (size_t i = 0; i < v.len && o + 1 < sizeof(buf); i++) {
		int hi, lo;
		if (v.p[i] == '%' && i + 2 < v.len && (hi = text_hex_value(v.p[i + 1])) >= 0 &&
		    (lo = text_hex_value(v.p[i + 2])) >= 0) {
			buf[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			buf[o++] = (char)v.p[i];
		}
	}
	observe(c, s, VM_WSD, field, buf, o, OBS_BANNER, t);
}

static void on_wsd(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_wsd *w = &c->wsd;
	if (!holds(pl, "Hello") && !holds(pl, "ProbeMatch"))
		return;
	if (proto_wsd_parse(pl.p, pl.len, w) != VS_OK ||
	    (w->kind != PROTO_WSD_HELLO && w->kind != PROTO_WSD_PROBE_MATCHES))
		return;
	observe_scope(c, f->src, w->scopes, "name", VF_NAME, f->ts);
	observe_scope(c, f->src, w->scopes, "hardware", VF_MODEL, f->ts);
	observe_scope(c, f->src, w->scopes, "location/country", VF_COUNTRY, f->ts);
	observe_str(c, f->src, VM_WSD, VF_TYPES, w->types, OBS_BANNER, f->ts);
}

static void on_ssdp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_ssdp sd;
	enum vs_err rc = proto_ssdp_parse(pl.p, pl.len, &sd);
	if (rc != VS_OK && rc != VS_ETRUNC)
		return;
	if (sd.kind == PROTO_SSDP_MSEARCH)
		observe_slice(c, f->src, VM_SSDP, VF_USER_AGENT, sd.user_agent, OBS_BANNER, f->ts);
	else
		observe_slice(c, f->src, VM_SSDP, VF_SERVER, sd.server, OBS_BANNER, f->ts);
}

static void on_mdns(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_dns *d = &c->dns;
	proto_dns_parse(pl.p, pl.len, d); /* records before an error still count */
	if (!d->response)
		return;
	for (unsigned i = 0; i < d->n_rr; i++) {
		const struct proto_dns_rr *rr = &d->rr[i];
		if (rr->type == PROTO_DNS_PTR && strstr(rr->name, "._tcp.") != NULL)
			observe_str(c, f->src, VM_MDNS, VF_INSTANCE, rr->target, OBS_NAME, f->ts);
		else if (rr->type == PROTO_DNS_A || rr->type == PROTO_DNS_AAAA)
			observe_str(c, f->src, VM_MDNS, VF_HOSTNAME, rr->name, OBS_NAME, f->ts);
	}
}

/* A DNS answer tells the device that asked which address a name has, so
 * later traffic to that address is traffic to that name. A query for an
 * address (A, AAAA) is kept too, until an answer gives it one: a device
 * asking for its maker's cloud tried to reach it, even when no answer
 * came (a firewall that dropped it, NXDOMAIN from a filtering resolver). */
static void on_dns(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_dns *d = &c->dns;
	proto_dns_parse(pl.p, pl.len, d);
	if (d->n_q == 0 || (d->q[0].type != PROTO_DNS_A && d->q[0].type != PROTO_DNS_AAAA))
		return;
	struct sighting *s = d->response ? f->dst : f->src;
	bool answered = false;
	for (unsigned i = 0; s && d->response && i < d->n_rr; i++) {
		const struct proto_dns_rr *rr = &d->rr[i];
		char t[SIGHTING_ADDR_TEXT];
		if (rr->section != PROTO_DNS_AN ||
		    (rr->type != PROTO_DNS_A && rr->type != PROTO_DNS_AAAA))
			continue;
		if (!net_ntop(rr->type == PROTO_DNS_A ? AF_INET : AF_INET6, rr->addr, t, sizeof(t)))
			continue;
		answered = true;
		if (!sighting_add_name(s, t, d->q[0].name, f->ts))
			c->oom = true;
	}
	if (s && !answered && !sighting_add_name(s, "", d->q[0].name, f->ts))
		c->oom = true;
}

static void on_dhcp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_dhcp d;
	if (proto_dhcp_parse(pl.p, pl.len, &d) != VS_OK || !d.has_mac)
		return;
	struct sighting *s = device(c, d.chaddr, f->ts);
	if (!s)
		return;
	if (d.op == 1) {
		observe_slice(c, s, VM_DHCP, VF_HOSTNAME, d.hostname, OBS_NAME, f->ts);
		observe_slice(c, s, VM_DHCP, VF_VENDOR_CLASS, d.vendor_class, OBS_NAME, f->ts);
		if (d.has_requested_ip)
			add_v4(c, s, d.requested_ip);
		add_v4(c, s, d.ciaddr);
	} else if (d.msg_type == 5) { /* DHCPACK: the address the server gave it */
		add_v4(c, s, d.yiaddr);
	}
}

static void on_snmp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_snmp *sn = &c->snmp;
	if (proto_snmp_parse(pl.p, pl.len, sn) != VS_OK || sn->pdu != PROTO_SNMP_RESPONSE)
		return;
	observe_slice(c, f->src, VM_SNMP, VF_SYS_DESCR, sn->sys_descr, OBS_BANNER, f->ts);
	char oid[128];
	if (sn->sys_object_id.len &&
	    proto_ber_oid_text(sn->sys_object_id, oid, sizeof(oid)) == VS_OK)
		observe_str(c, f->src, VM_SNMP, VF_SYS_OBJECT_ID, oid, OBS_BANNER, f->ts);
}

static void on_sip(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_sip sp;
	enum vs_err rc = proto_sip_parse(pl.p, pl.len, &sp);
	if (rc != VS_OK && rc != VS_ETRUNC)
		return;
	observe_slice(c, f->src, VM_SIP, VF_USER_AGENT, sp.user_agent, OBS_BANNER, f->ts);
	observe_slice(c, f->src, VM_SIP, VF_SERVER, sp.server, OBS_BANNER, f->ts);
}

static void on_rtsp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_rtsp r;
	enum vs_err rc = proto_rtsp_parse(pl.p, pl.len, &r);
	if (rc != VS_OK && rc != VS_ETRUNC)
		return;
	if (r.response) {
		observe_slice(c, f->src, VM_RTSP, VF_SERVER, r.server, OBS_BANNER, f->ts);
		observe_slice(c, f->src, VM_RTSP, VF_REALM, r.realm, OBS_BANNER, f->ts);
	} else {
		observe_slice(c, f->src, VM_RTSP, VF_USER_AGENT, r.user_agent, OBS_BANNER, f->ts);
	}
}

static void on_http(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_http *h = &c->http;
	enum vs_err rc = proto_http_parse(pl.p, pl.len, h);
	if (rc != VS_OK && rc != VS_ETRUNC)
		return;
	if (h->response) {
		observe_slice(c, f->src, VM_HTTP, VF_SERVER, proto_http_header(h, "Server"), OBS_BANNER,
			      f->ts);
		observe_slice(c, f->src, VM_HTTP, VF_REALM,
			      proto_http_auth_realm(proto_http_header(h, "WWW-Authenticate")),
			      OBS_BANNER, f->ts);
		observe_slice(c, f->src, VM_HTTP, VF_TITLE, proto_http_title(h->body), OBS_BANNER,
			      f->ts);
	} else {
		observe_slice(c, f->src, VM_HTTP, VF_USER_AGENT, proto_http_header(h, "User-Agent"),
			      OBS_NAME, f->ts);
	}
}

static void x509_text(const struct proto_x509_name *n, char *buf, size_t cap)
{
	const struct {
		const char *k;
		struct slice v;
	} parts[] = {{"CN", n->cn}, {"OU", n->ou}, {"O", n->o}, {"L", n->l}, {"ST", n->st}, {"C", n->c}};
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i].v.len)
			continue;
		int w = snprintf(buf + o, cap - o, "%s%s=%.*s", o ? "," : "", parts[i].k,
				 (int)(parts[i].v.len > 200 ? 200 : parts[i].v.len),
				 (const char *)parts[i].v.p);
		if (w < 0 || (size_t)w >= cap - o)
			break;
		o += (size_t)w;
	}
}

static void on_tls(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_tls t;
	if (proto_tls_parse(pl.p, pl.len, &t) != VS_OK)
		return;
	if (t.client_hello && t.sni.len) {
		observe_slice(c, f->src, VM_TLS, VF_SNI, t.sni, OBS_NAME, f->ts);
		char name[PROTO_DNS_NAME_MAX];
		size_t n = t.sni.len < sizeof(name) - 1 ? t.sni.len : sizeof(name) - 1;
		memcpy(name, t.sni.p, n);
		name[n] = '\0';
		if (f->src && !f->dst_local && strlen(name) == n &&
		    !sighting_add_name(f->src, ip_text(f, false), name, f->ts))
			c->oom = true;
	}
	if (t.certificate) {
		char buf[1400];
		x509_text(&t.subject, buf, sizeof(buf));
		observe_str(c, f->src, VM_TLS, VF_SUBJECT, buf, OBS_BANNER, f->ts);
		x509_text(&t.issuer, buf, sizeof(buf));
		observe_str(c, f->src, VM_TLS, VF_ISSUER, buf, OBS_BANNER, f->ts);
	}
}

typedef void (*udp_fn)(struct capture *c, struct frame *f, struct slice pl);

/* The dissector for a datagram between these ports; NULL: none reads it. */
static udp_fn udp_dissector(uint16_t sp, uint16_t dp)
{
#define PORT(n) (sp == (n) || dp == (n))
	if (PORT(37020))
		return on_sadp;
	if (PORT(37810))
		return on_dhip;
	if (sp == 5050)
		return on_dhip_v1;
	if (sp == 34569)
		return on_xm;
	if (PORT(3702))
		return on_wsd;
	if (PORT(1900))
		return on_ssdp;
	if (PORT(5353))
		return on_mdns;
	/* Answers, and the queries a device sends (exposure attempts). */
	if (sp == 53 || dp == 53)
		return on_dns;
	if ((sp == 68 && dp == 67) || (sp == 67 && dp == 68))
		return on_dhcp;
	if (sp == 161)
		return on_snmp;
	if (PORT(5060))
		return on_sip;
#undef PORT
	return NULL;
}

/* A UDP datagram's payload, by port: from a frame (on_udp) or handed
 * over (capture_payload). */
static void udp_payload(struct capture *c, struct frame *f, uint16_t sp, uint16_t dp,
			struct slice p)
{
	udp_fn fn = udp_dissector(sp, dp);
	if (fn)
		fn(c, f, p);
}

static void on_udp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_udp u;
	if (proto_udp_parse(pl.p, pl.len, &u) != VS_OK)
		return;
	udp_payload(c, f, u.sport, u.dport, u.payload);
}

/* ---- TCP: the first data segments of each direction ---- */

static bool grow_flows(struct capture *c)
{
	size_t n = c->n_flow_slots * 2;
	struct flow *t = calloc(n, sizeof(*t));
	if (!t) {
		c->oom = true;
		return false;
	}
	for (size_t i = 0; i < c->n_flow_slots; i++) {
		if (!c->flows[i].used)
			continue;
		size_t at = hash_bytes(c->flows[i].key, sizeof(c->flows[i].key), n);
		while (t[at].used)
			at = (at + 1) & (n - 1);
		t[at] = c->flows[i];
	}
	free(c->flows);
	c->flows = t;
	c->n_flow_slots = n;
	c->last_flow = 0;
	c->gen++;
	return true;
}

/* The flow this segment belongs to, and its direction (0: from the
 * smaller end of the key); a new one only when create is set. A full
 * table is cleared rather than grown: flows then start over, which at
 * worst reads a few heads twice. NULL when there is none to be had, or
 * memory ran out. */
static struct flow *flow_get(struct capture *c, const struct frame *f, const struct proto_tcp *t,
			     bool create, int *dirp)
{
	uint8_t a[18], b[18], key[37];
	size_t alen = f->v6 ? 16 : 4;
	memcpy(a, f->sip, alen);
	a[alen] = (uint8_t)(t->sport >> 8), a[alen + 1] = (uint8_t)t->sport;
	memcpy(b, f->dip, alen);
	b[alen] = (uint8_t)(t->dport >> 8), b[alen + 1] = (uint8_t)t->dport;
	int dir = memcmp(a, b, alen + 2) > 0;
	memset(key, 0, sizeof(key));
	key[0] = f->v6;
	memcpy(key + 1, dir ? b : a, alen + 2);
	memcpy(key + 19, dir ? a : b, alen + 2);
	size_t at = c->last_flow - 1;
	if (!c->last_flow || !c->flows[at].used || memcmp(c->flows[at].key, key, sizeof(key)) != 0) {
		at = hash_bytes(key, sizeof(key), c->n_flow_slots);
		while (c->flows[at].used && memcmp(c->flows[at].key, key, sizeof(key)) != 0)
			at = (at + 1) & (c->n_flow_slots - 1);
	}
	struct flow *fl = &c->flows[at];
	if (!fl->used) {
		if (!create)
			return NULL;
		if (c->n_flows >= VS_MAX_CAPTURE_FLOWS) {
			/* The buffers belong to flows about to be forgotten: a
			 * flow seen again would start a second one. */
			capture_flush(c);
			memset(c->flows, 0, c->n_flow_slots * sizeof(*c->flows));
			c->n_flows = 0;
			c->last_flow = 0;
			c->stats.flow_resets++;
			c->gen++;
			return flow_get(c, f, t, create, dirp);
		}
		if ((c->n_flows + 1) * 2 > c->n_flow_slots) {
			if (!grow_flows(c))
				return NULL;
			return flow_get(c, f, t, create, dirp);
		}
		fl->used = true;
		memcpy(fl->key, key, sizeof(key));
		c->n_flows++;
	}
	c->last_flow = at + 1;
	*dirp = dir;
	return fl;
}

static bool starts(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && memcmp(s.p, lit, n) == 0;
}

/* Which head a stream starts with: a TLS handshake record, or a start
 * line whose version says which protocol speaks. */
static enum head_kind head_kind(struct slice p)
{
	if (p.len && p.p[0] == 0x16)
		return HEAD_TLS;
	struct cur line = proto_cur(p.p, p.len);
	bool nl;
	struct slice first = cur_until(&line, '\n', &nl);
	if (!first.len || !memchr(first.p, ' ', first.len))
		return HEAD_NONE;
	bool rtsp = starts(first, "RTSP/"), sip = starts(first, "SIP/"), http = starts(first, "HTTP/");
	if (!rtsp && !sip && !http) {
		/* A request line ends with its version. */
		size_t n = first.len;
		while (n && (first.p[n - 1] == '\r'))
			n--;
		struct slice tail = {first.p, n};
		for (size_t i = n; i > 0; i--)
			if (first.p[i - 1] == ' ') {
				tail.p = first.p + i;
				tail.len = n - i;
				break;
			}
		rtsp = starts(tail, "RTSP/");
		sip = starts(tail, "SIP/");
		http = starts(tail, "HTTP/");
	}
	return rtsp ? HEAD_RTSP : sip ? HEAD_SIP : http ? HEAD_HTTP : HEAD_NONE;
}

static void dissect_head(struct capture *c, struct frame *f, enum head_kind k, struct slice p)
{
	switch (k) {
	case HEAD_TLS:
		on_tls(c, f, p);
		break;
	case HEAD_RTSP:
		on_rtsp(c, f, p);
		break;
	case HEAD_SIP:
		on_sip(c, f, p);
		break;
	case HEAD_HTTP:
		on_http(c, f, p);
		break;
	case HEAD_NONE:
		break;
	}
}

/*
 * Whether these first bytes of a stream hold all a dissector can use.
 * HTTP/RTSP/SIP: the empty line ending the head (RFC 9112 2.1). TLS
 * (RFC 8446 5.1, RFC 5246 7.4): the first certificate read whole, a
 * ClientHello's whole first record (the client sends nothing more in
 * clear that is read), or a record that is not a handshake (after a TLS
 * 1.3 ServerHello comes ChangeCipherSpec and encrypted data: no
 * certificate will follow in clear).
 *
 * *resume makes repeated calls on a growing buffer linear rather than
 * quadratic (a hostile sender may send one byte per segment): for a head,
 * where the previous search stopped; for TLS, the length the buffer must
 * reach (the end of the record still incomplete) before asking again.
 */
static bool head_complete(enum head_kind k, struct slice p, size_t *resume)
{
	if (k != HEAD_TLS) {
		size_t from = *resume > 2 ? *resume - 2 : 0; /* "\n\r\n" may straddle */
		*resume = p.len;
		for (size_t i = from; i + 1 < p.len; i++)
			if (p.p[i] == '\n' &&
			    (p.p[i + 1] == '\n' || (i + 2 < p.len && p.p[i + 1] == '\r' && p.p[i + 2] == '\n')))
				return true;
		return false;
	}
	if (p.len < *resume)
		return false;
	struct proto_tls t;
	enum vs_err rc = proto_tls_parse(p.p, p.len, &t);
	if (rc == VS_EBADVAL)
		return true; /* more bytes will not make it parse */
	if (rc == VS_OK && t.certificate && !t.cert_cut)
		return true;
	struct cur r = proto_cur(p.p, p.len);
	for (bool first = true;; first = false) {
		if (cur_left(&r) < 5) {
			*resume = r.off + 5;
			return false;
		}
		uint8_t type = cur_u8(&r);
		cur_skip(&r, 2);
		uint16_t n = cur_be16(&r);
		if (type != 0x16)
			return true;
		if (cur_left(&r) < n) {
			*resume = r.off + n;
			return false;
		}
		cur_skip(&r, n);
		if (first && rc == VS_OK && t.client_hello)
			return true;
	}
}

static size_t reasm_cap(enum head_kind k)
{
	return k == HEAD_TLS ? VS_REASM_TLS_MAX : VS_REASM_HEAD_MAX;
}

/* Dissect what the buffer holds and free it. */
static void reasm_finish(struct capture *c, struct reasm *r)
{
	if (!r->used)
		return;
	struct slice p = {r->buf, r->len};
	dissect_head(c, r->f, r->kind, p);
	free(r->buf);
	free(r->f);
	memset(r, 0, sizeof(*r));
}

void capture_flush(struct capture *c)
{
	for (size_t i = 0; i < VS_MAX_REASM_FLOWS; i++)
		reasm_finish(c, &c->reasm[i]);
}

/* This direction's buffer, or NULL when it has none (or it was evicted
 * and now serves another flow). */
static struct reasm *reasm_of(struct capture *c, const struct flow *fl, int dir)
{
	if (!fl->reasm[dir])
		return NULL;
	struct reasm *r = &c->reasm[fl->reasm[dir] - 1];
	if (!r->used || r->dir != dir || memcmp(r->key, fl->key, sizeof(r->key)) != 0)
		return NULL;
	return r;
}

/* Append in-order bytes, up to the cap; false when memory ran out. */
static bool reasm_append(struct capture *c, struct reasm *r, const uint8_t *p, size_t n)
{
	size_t room = reasm_cap(r->kind) - r->len;
	if (n > room)
		n = room;
	if (r->len + n > r->cap) {
		size_t cap = r->cap ? r->cap : 2048;
		while (cap < r->len + n)
			cap *= 2;
		if (cap > reasm_cap(r->kind))
			cap = reasm_cap(r->kind);
		uint8_t *b = realloc(r->buf, cap);
		if (!b) {
			c->oom = true;
			return false;
		}
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
	return true;
}

/* Start buffering a head that did not end in its first segment. A free
 * buffer, else the oldest is dissected as far as it got and reused, so
 * memory stays at VS_MAX_REASM_FLOWS buffers whatever the capture holds.
 * False when memory ran out (the segment is then dissected alone). */
static bool reasm_start(struct capture *c, struct flow *fl, int dir, const struct frame *f,
			enum head_kind k, const struct proto_tcp *t, size_t resume)
{
	struct reasm *r = NULL;
	for (size_t i = 0; i < VS_MAX_REASM_FLOWS && !r; i++)
		if (!c->reasm[i].used)
			r = &c->reasm[i];
	if (!r) {
		r = &c->reasm[0];
		for (size_t i = 1; i < VS_MAX_REASM_FLOWS; i++)
			if (c->reasm[i].serial < r->serial)
				r = &c->reasm[i];
		reasm_finish(c, r);
	}
	r->f = malloc(sizeof(*r->f));
	if (!r->f) {
		c->oom = true;
		return false;
	}
	*r->f = *f;
	r->f->src_mac = r->f->dst_mac = NULL;
	r->used = true;
	memcpy(r->key, fl->key, sizeof(r->key));
	r->dir = dir;
	r->kind = k;
	r->serial = ++c->reasm_serial;
	r->next_seq = t->seq + (uint32_t)t->payload.len;
	r->resume = resume;
	if (!reasm_append(c, r, t->payload.p, t->payload.len)) {
		free(r->f);
		memset(r, 0, sizeof(*r));
		return false;
	}
	fl->reasm[dir] = (uint16_t)(r - c->reasm + 1);
	return true;
}

/*
 * A segment for a direction that is reassembling. Bytes at the expected
 * sequence number are appended; a retransmission of bytes already held
 * adds only what lies past them (the held copy wins); a segment beyond
 * the expected number leaves a gap and is dropped: the sender retransmits
 * the missing bytes and the rest after them. Sequence numbers compare
 * modulo 2^32 (RFC 9293 3.4).
 */
static void reasm_segment(struct capture *c, struct reasm *r, const struct proto_tcp *t, int64_t ts)
{
	uint32_t behind = r->next_seq - t->seq; /* bytes of this segment already held */
	size_t n = t->payload.len;
	if (behind < n) { /* a segment ahead wraps behind past n */
		if (!reasm_append(c, r, t->payload.p + behind, n - behind)) {
			reasm_finish(c, r);
			return;
		}
		r->next_seq = t->seq + (uint32_t)n;
		r->f->ts = ts; /* the head was whole (as far as it is) at this segment */
	}
	struct slice p = {r->buf, r->len};
	if ((t->flags & (PROTO_TCP_FIN | PROTO_TCP_RST)) || r->len >= reasm_cap(r->kind) ||
	    head_complete(r->kind, p, &r->resume))
		reasm_finish(c, r);
}

static void on_tcp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_tcp t;
	if (proto_tcp_parse(pl.p, pl.len, &t) != VS_OK)
		return;
	/* A bare ACK (most of TCP) changes nothing: only data, a SYN (the
	 * stream's first sequence number) or a FIN/RST (which ends a head
	 * being reassembled) are looked up. */
	if (!t.payload.len && !(t.flags & (PROTO_TCP_SYN | PROTO_TCP_FIN | PROTO_TCP_RST)))
		return;
	int dir;
	struct flow *fl = flow_get(c, f, &t, t.payload.len || (t.flags & PROTO_TCP_SYN), &dir);
	if (!fl)
		return;
	if (t.flags & PROTO_TCP_SYN) {
		fl->syn[dir] = true;
		fl->first_seq[dir] = t.seq + 1;
	}
	struct reasm *r = reasm_of(c, fl, dir);
	if (r) {
		reasm_segment(c, r, &t, f->ts);
		return;
	}
	struct slice p = t.payload;
	if (p.len == 0 || fl->segs[dir] >= VS_TCP_SEGMENTS_PER_DIR)
		return;
	fl->segs[dir]++;
	enum head_kind k = head_kind(p);
	if (k == HEAD_NONE)
		return;
	size_t resume = 0;
	/* A head cut by the end of its first segment (and the first bytes of
	 * the stream, as far as the SYN tells) is buffered until it ends. */
	if (!fl->reasm_tried[dir] && (!fl->syn[dir] || t.seq == fl->first_seq[dir]) &&
	    !(t.flags & (PROTO_TCP_FIN | PROTO_TCP_RST)) && p.len < reasm_cap(k) &&
	    !head_complete(k, p, &resume)) {
		fl->reasm_tried[dir] = true;
		if (reasm_start(c, fl, dir, f, k, &t, resume))
			return;
	}
	fl->reasm_tried[dir] = true;
	dissect_head(c, f, k, p);
}

/* ---- network layer ---- */

static void exposure(struct capture *c, struct frame *f, uint64_t bytes)
{
	int family = f->v6 ? AF_INET6 : AF_INET;
	if (f->src && !f->dst_local && f->src_local) {
		if (!sighting_peer_bytes(f->src, family, f->dip, bytes, f->ts))
			c->oom = true;
	} else if (f->dst && !f->src_local) {
		if (!sighting_peer_bytes(f->dst, family, f->sip, bytes, f->ts))
			c->oom = true;
	}
}

/* Who speaks and who listens, by address (see addr_device). */
static void endpoints(struct capture *c, struct frame *f, int family)
{
	struct sighting *mac_src = f->src;
	bool src_ok = family == AF_INET ? v4_assignable(f->sip)
					: f->sip[0] != 0xff && !all_zero(f->sip, 16);
	bool dst_ok = family == AF_INET ? v4_assignable(f->dip) && !(f->dip[3] == 255)
					: f->dip[0] != 0xff && !all_zero(f->dip, 16);
	/* A global IPv6 source talking to an external peer (not to an address
	 * a device here owns) is the sending host's own: IPv6 hosts are
	 * globally addressed, not NATed. */
	bool src_ours = f->src_local ||
			(family == AF_INET6 && (f->sip[0] & 0xe0) == 0x20 && !f->dst_local && mac_src &&
			 !(dst_ok && ip_owner(c, family, f->dip) != NULL));
	if (src_ok)
		f->src = addr_device(c, mac_src, family, f->sip, src_ours, f->ts);
	if (dst_ok && f->dst_local && f->dst_mac && !(f->dst_mac[0] & 1))
		f->dst = addr_device(c, device(c, f->dst_mac, f->ts), family, f->dip, true, f->ts);
	else if (dst_ok)
		f->dst = ip_owner(c, family, f->dip);
	/* A global address a device here owns is not an external peer. */
	if (f->src && src_ok)
		f->src_local = true;
	if (f->dst)
		f->dst_local = true;
}

static void on_ipv4(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_ipv4 ip;
	enum vs_err rc = proto_ipv4_parse(pl.p, pl.len, &ip);
	if (rc == VS_EBADVAL) {
		c->stats.undecoded++;
		return;
	}
	if (rc != VS_OK && rc != VS_ETRUNC)
		return;
	if (rc == VS_ETRUNC && ip.payload.p == NULL)
		return;
	memcpy(f->sip, ip.src, 4);
	memcpy(f->dip, ip.dst, 4);
	f->src_local = net_v4_local(ip.src);
	f->dst_local = net_v4_local(ip.dst);
	endpoints(c, f, AF_INET);
	exposure(c, f, ip.total_len);
	/* A payload cut by the snap length still shows a TCP head; UDP needs
	 * its whole datagram. */
	if (ip.fragment || (rc != VS_OK && ip.proto != PROTO_IP_TCP))
		return;
	if (ip.proto == PROTO_IP_UDP)
		on_udp(c, f, ip.payload);
	else if (ip.proto == PROTO_IP_TCP)
		on_tcp(c, f, ip.payload);
}

static void on_ipv6(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_ipv6 ip;
	if (proto_ipv6_parse(pl.p, pl.len, &ip) != VS_OK) {
		c->stats.undecoded++;
		return;
	}
	f->v6 = true;
	memcpy(f->sip, ip.src, 16);
	memcpy(f->dip, ip.dst, 16);
	f->src_local = net_v6_local(ip.src);
	f->dst_local = net_v6_local(ip.dst);
	endpoints(c, f, AF_INET6);
	exposure(c, f, 40u + ip.payload_len);
	if (ip.fragment)
		return;
	if (ip.next_header == PROTO_IP_UDP)
		on_udp(c, f, ip.payload);
	else if (ip.next_header == PROTO_IP_TCP)
		on_tcp(c, f, ip.payload);
}

static void on_arp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_arp a;
	if (proto_arp_parse(pl.p, pl.len, &a) != VS_OK)
		return;
	add_v4(c, device(c, a.sha, f->ts), a.spa);
}

static void on_lldp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_lldp l;
	if (proto_lldp_parse(pl.p, pl.len, &l) != VS_OK)
		return;
	observe_slice(c, f->src, VM_LLDP, VF_SYS_NAME, l.sys_name, OBS_NAME, f->ts);
	observe_slice(c, f->src, VM_LLDP, VF_SYS_DESCR, l.sys_descr, OBS_BANNER, f->ts);
}

static void on_cdp(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_cdp d;
	if (proto_cdp_parse(pl.p, pl.len, &d) != VS_OK)
		return;
	observe_slice(c, f->src, VM_CDP, VF_DEVICE_ID, d.device_id, OBS_NAME, f->ts);
	observe_slice(c, f->src, VM_CDP, VF_PLATFORM, d.platform, OBS_BANNER, f->ts);
	observe_slice(c, f->src, VM_CDP, VF_SOFTWARE_VERSION, d.software_version, OBS_BANNER, f->ts);
}

static void on_sadp_l2(struct capture *c, struct frame *f, struct slice pl)
{
	struct proto_sadp_l2 s;
	/* Replies only (low nibble 1): the SADP tool's own inquiries describe nothing. */
	if (proto_sadp_l2_parse(pl.p, pl.len, &s) != VS_OK || (s.packet_type & 0x0f) != 1)
		return;
	struct sighting *d = device(c, s.src_mac, f->ts);
	observe_str(c, d, VM_SADP, VF_LAYER2, "inquiry response (ethertype 0x8033)", OBS_DISCOVERY, f->ts);
	add_v4(c, d, s.src_ip);
}

static void on_l3(struct capture *c, struct frame *f, uint16_t ethertype, struct slice pl)
{
	switch (ethertype) {
	case PROTO_ETHERTYPE_IPV4: on_ipv4(c, f, pl); break;
	case PROTO_ETHERTYPE_IPV6: on_ipv6(c, f, pl); break;
	case PROTO_ETHERTYPE_ARP: on_arp(c, f, pl); break;
	case PROTO_ETHERTYPE_LLDP: on_lldp(c, f, pl); break;
	case PROTO_ETHERTYPE_SADP: on_sadp_l2(c, f, pl); break;
	default: break;
	}
}

/*
 * Linux cooked headers (libpcap's LINKTYPE_LINUX_SLL and _SLL2):
 *   v1: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2)
 *   v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) addr len(1) addr(8)
 * The address is the sender's; there is no destination address.
 */
static bool cooked(int lt, const uint8_t *p, size_t n, uint16_t *proto, uint8_t mac[6],
		   bool *has_mac, struct slice *pl)
{
	struct cur c = proto_cur(p, n);
	uint16_t hatype, alen;
	uint8_t addr[8];
	if (lt == CAPTURE_DLT_LINUX_SLL) {
		cur_be16(&c);
		hatype = cur_be16(&c);
		alen = cur_be16(&c);
		cur_copy(&c, addr, 8);
		*proto = cur_be16(&c);
	} else {
		*proto = cur_be16(&c);
		cur_skip(&c, 6);
		hatype = cur_be16(&c);
		cur_u8(&c);
		alen = cur_u8(&c);
		cur_copy(&c, addr, 8);
	}
	if (c.bad)
		return false;
	*has_mac = hatype == 1 && alen == 6; /* ARPHRD_ETHER */
	memcpy(mac, addr, 6);
	*pl = cur_rest(&c);
	return true;
}

/* ---- the fast path: frames that change nothing but counts and times ---- */

/* The device of a MAC already in the table, untouched; *known false for a
 * unicast MAC not in it (device() would create one). */
static struct sighting *mac_find(const struct capture *c, const uint8_t mac[6], bool *known)
{
	*known = true;
	if (mac[0] & 0x01)
		return NULL;
	uint64_t m = mac_word(mac);
	if (m == 0)
		return NULL;
	size_t at = mac_slot_at(c, m);
	if (c->mac_slot[at].dev)
		return c->dev[c->mac_slot[at].dev - 1];
	*known = false;
	return NULL;
}

/* An Ethernet frame of IPv4 TCP or UDP, not a fragment, without IP options
 * or VLAN tags, whole within the capture: what the fast path takes. */
struct fast {
	uint64_t key[4];
	uint16_t total_len;
	uint8_t proto;
	struct slice l4;
};

static bool fast_frame(const uint8_t *p, size_t caplen, struct fast *x)
{
	if (caplen < 14 + 20 + 8 || p[12] != 0x08 || p[13] != 0x00 || p[14] != 0x45)
		return false;
	x->total_len = (uint16_t)(p[16] << 8 | p[17]);
	x->proto = p[23];
	if ((p[20] & 0x3f) || p[21] || x->total_len < 20 + 8 || x->total_len > caplen - 14 ||
	    (x->proto != PROTO_IP_TCP && x->proto != PROTO_IP_UDP))
		return false;
	x->l4 = (struct slice){p + 34, (size_t)x->total_len - 20};
	uint64_t w = 0;
	memcpy(&x->key[0], p, 8);
	memcpy(&w, p + 8, 6);
	x->key[1] = w;
	memcpy(&x->key[2], p + 26, 8);
	uint32_t ports;
	memcpy(&ports, p + 34, 4);
	x->key[3] = (uint64_t)ports | (uint64_t)x->proto << 32;
	return true;
}

static struct memo *memo_slot(const struct capture *c, const struct fast *x)
{
	uint64_t h = hash_mix(hash_mix(hash_mix(hash_mix(0, x->key[0]), x->key[1]), x->key[2]),
			      x->key[3]);
	return &c->memo[hash_fold(h, MEMO_SLOTS)];
}

/*
 * Remember what a frame that went the whole way resolved to, when a frame
 * with the same headers would now change nothing: its MACs are known and
 * its addresses bound (or external), exactly as endpoints() and
 * addr_device() would find them, so nothing would be created or bound.
 */
static void memo_store(struct capture *c, const struct fast *x, const struct frame *f,
		       const uint8_t *p)
{
	struct memo *slot = memo_slot(c, x);
	struct memo m;
	memset(&m, 0, sizeof(m));
	memcpy(m.key, x->key, sizeof(m.key));
	const uint8_t *sip = p + 26, *dip = p + 30;
	bool known;
	m.mac_src = mac_find(c, p + 6, &known);
	if (!known)
		return;
	size_t n = 0;
	struct sighting *src = m.mac_src, *dst = NULL;
	bool src_local = net_v4_local(sip), dst_local = net_v4_local(dip);
	bool src_ok = v4_assignable(sip), dst_ok = v4_assignable(dip) && dip[3] != 255;
	if (src_ok) {
		src = ip_owner(c, AF_INET, sip);
		if (src)
			m.touch[n++] = src;
		else if (src_local)
			return; /* addr_device would bind it */
	}
	if (dst_ok && dst_local && !(p[0] & 1)) {
		struct sighting *dm = mac_find(c, p, &known);
		if (!known)
			return;
		if (dm)
			m.touch[n++] = dm;
		dst = ip_owner(c, AF_INET, dip);
		if (!dst)
			return; /* bound or made a device of on the way */
		m.touch[n++] = dst;
	} else if (dst_ok) {
		dst = ip_owner(c, AF_INET, dip);
	}
	if (src && src_ok)
		src_local = true;
	if (dst)
		dst_local = true;
	if (src && !dst_local && src_local) {
		m.peer_of = src;
		m.peer_dst = true;
	} else if (dst && !src_local) {
		m.peer_of = dst;
	}
	if (x->proto == PROTO_IP_UDP) {
		uint16_t sp = (uint16_t)(x->l4.p[0] << 8 | x->l4.p[1]);
		uint16_t dp = (uint16_t)(x->l4.p[2] << 8 | x->l4.p[3]);
		m.udp_silent = udp_dissector(sp, dp) == NULL;
		if (!m.udp_silent)
			return;
	} else {
		struct proto_tcp t;
		memset(&t, 0, sizeof(t));
		t.sport = (uint16_t)(x->l4.p[0] << 8 | x->l4.p[1]);
		t.dport = (uint16_t)(x->l4.p[2] << 8 | x->l4.p[3]);
		struct flow *fl = flow_get(c, f, &t, false, &m.dir);
		m.flow = fl ? (size_t)(fl - c->flows) + 1 : 0;
	}
	m.gen = c->gen;
	*slot = m;
}

/*
 * A frame whose headers match a remembered one made under the current
 * gen: the same updates as the whole way, done directly. TCP qualifies
 * when its segment changes no flow state: a bare ACK, or data in a
 * direction whose first segments were dissected and that reassembles
 * nothing; a SYN, FIN or RST goes the whole way. False: not taken.
 */
static bool memo_hit(struct capture *c, const struct fast *x, const uint8_t *p, int64_t ts)
{
	const struct memo *m = memo_slot(c, x);
	if (m->gen != c->gen || memcmp(m->key, x->key, sizeof(m->key)) != 0)
		return false;
	if (x->proto == PROTO_IP_TCP) {
		struct proto_tcp t;
		if (proto_tcp_parse(x->l4.p, x->l4.len, &t) == VS_OK) {
			if (t.flags & (PROTO_TCP_SYN | PROTO_TCP_FIN | PROTO_TCP_RST))
				return false;
			if (t.payload.len) {
				if (!m->flow)
					return false;
				const struct flow *fl = &c->flows[m->flow - 1];
				if (fl->segs[m->dir] < VS_TCP_SEGMENTS_PER_DIR || reasm_of(c, fl, m->dir))
					return false;
			}
		}
	} else if (!m->udp_silent) {
		return false;
	}
	if (m->mac_src) {
		touch(m->mac_src, ts);
		m->mac_src->packets++;
	}
	for (size_t i = 0; i < MEMO_TOUCH && m->touch[i]; i++)
		touch(m->touch[i], ts);
	if (m->peer_of &&
	    !sighting_peer_bytes(m->peer_of, AF_INET, m->peer_dst ? p + 30 : p + 26, x->total_len, ts))
		c->oom = true;
	return true;
}

/* A frame's allocations failed somewhere down the dissectors: said once. */
static enum vs_err capture_oom_check(struct capture *c, struct vs_error *err)
{
	if (!c->oom)
		return VS_OK;
	c->oom = false;
	return vs_fail(err, VS_ENOMEM, "out of memory after %llu packets",
		       (unsigned long long)c->stats.packets);
}

enum vs_err capture_packet(struct capture *c, int linktype, const uint8_t *p, size_t caplen,
			   int64_t ts_us, struct vs_error *err)
{
	c->stats.packets++;
	c->stats.bytes += caplen;
	struct fast x;
	bool fast = linktype == CAPTURE_DLT_EN10MB && fast_frame(p, caplen, &x);
	/* Most of a mirror port's frames end here, before the frame's state
	 * (over 200 bytes) is cleared. */
	if (fast && memo_hit(c, &x, p, ts_us))
		return capture_oom_check(c, err);
	struct frame f;
	memset(&f, 0, sizeof(f));
	f.ts = ts_us;
	if (linktype == CAPTURE_DLT_EN10MB) {
		struct proto_eth e;
		if (proto_eth_parse(p, caplen, &e) != VS_OK) {
			c->stats.undecoded++;
			return VS_OK;
		}
		f.src_mac = e.src;
		f.dst_mac = e.dst;
		f.src = device(c, e.src, ts_us);
		if (f.src)
			f.src->packets++;
		if (e.llc && e.snap && e.snap_oui == 0x00000c && e.snap_pid == 0x2000)
			on_cdp(c, &f, e.payload);
		else if (!e.llc)
			on_l3(c, &f, e.ethertype, e.payload);
	} else if (linktype == CAPTURE_DLT_LINUX_SLL || linktype == CAPTURE_DLT_LINUX_SLL2) {
		uint16_t proto;
		uint8_t mac[6];
		bool has_mac;
		struct slice pl;
		if (!cooked(linktype, p, caplen, &proto, mac, &has_mac, &pl)) {
			c->stats.undecoded++;
			return VS_OK;
		}
		if (has_mac) {
			f.src_mac = mac;
			f.src = device(c, mac, ts_us);
			if (f.src)
				f.src->packets++;
		}
		on_l3(c, &f, proto, pl);
	} else {
		c->stats.undecoded++;
	}
	if (fast && !c->oom)
		memo_store(c, &x, &f, p);
	return capture_oom_check(c, err);
}

/* ---- payloads handed over by a source that read them off its own sockets ---- */

enum vs_err capture_payload(struct capture *c, const struct capture_l4 *m, const uint8_t *payload,
			    size_t len, int64_t ts_us, struct vs_error *err)
{
	struct frame f;
	memset(&f, 0, sizeof(f));
	f.ts = ts_us;
	f.v6 = m->v6;
	if (m->has_mac) {
		f.src_mac = m->src_mac;
		f.src = device(c, m->src_mac, ts_us);
		if (f.src)
			f.src->packets++;
	}
	memcpy(f.sip, m->src, 16);
	memcpy(f.dip, m->dst, 16);
	/* The sender is a device under survey whatever its address: a source
	 * hands over the replies of the targets it was told to ask (public
	 * ones too, when the user allowed them), never an internet server's. */
	f.src_local = true;
	f.dst_local = m->v6 ? net_v6_local(f.dip) : net_v4_local(f.dip);
	endpoints(c, &f, m->v6 ? AF_INET6 : AF_INET);
	struct slice p = {payload, len};
	if (m->proto == PROTO_IP_UDP)
		udp_payload(c, &f, m->sport, m->dport, p);
	else if (m->proto == PROTO_IP_TCP && len)
		dissect_head(c, &f, head_kind(p), p);
	if (c->oom) {
		c->oom = false;
		return vs_fail(err, VS_ENOMEM, "out of memory dissecting a reply");
	}
	return VS_OK;
}
