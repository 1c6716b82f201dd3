/*
 * Neighbour lists: an IP address beside a MAC address, one device a line.
 *
 *   arp-scan (1.9, 1.10), default output:
 *     Interface: eth0, type: EN10MB, MAC: 02:…, IPv4: 10.0.0.2
 *     Starting arp-scan 1.10.0 with 256 hosts (https://github.com/royhills/arp-scan)
 *     10.0.0.3<TAB>44:19:b6:31:0a:01<TAB>Hangzhou Hikvision Digital Technology Co.,Ltd.
 *     10.0.0.3<TAB>44:19:b6:31:0a:01<TAB>… (DUP: 2)
 *     <blank>
 *     15 packets received by filter, 0 packets dropped by kernel
 *     Ending arp-scan 1.10.0: 256 hosts scanned in 1.9 seconds (…). 15 responded
 *   arp-scan --plain: the device lines only.
 *   ip neigh (iproute2): ADDR dev IFACE [lladdr MAC] [router] [proxy] STATE…
 *     (entries without lladdr, FAILED or INCOMPLETE, name no device)
 *   arp -an (net-tools; BSD and macOS arp -an alike):
 *     NAME (ADDR) at MAC [ether] on IFACE        NAME is "?" without a name
 *     ? (ADDR) at <incomplete> on IFACE          no device
 *     BSD writes octets without leading zeros (0:1b:21:…).
 *
 * The vendor arp-scan prints (its own copy of the IEEE registry) is kept
 * as a weak observation (neigh, mac_vendor): vendorscope's registry and
 * knowledge base decide from the MAC. Each device keeps the line that
 * listed it. A line that starts like a device line and is not one is an
 * error (FILE:LINE), so a cut or mangled file is refused whole.
 */
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

#include "import/devices.h"
#include "model/vocab.h"
#include "util/cur.h"

#define CONF_GUESS 0.1
#define CONF_LISTED 0.85

enum neigh_kind { NEIGH_ARP_SCAN, NEIGH_IP, NEIGH_ARP };

static bool is_blank(struct slice l)
{
	for (size_t i = 0; i < l.len; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t' && l.p[i] != '\r')
			return false;
	return true;
}

static bool starts(struct slice l, const char *lit)
{
	size_t n = strlen(lit);
	return l.len >= n && memcmp(l.p, lit, n) == 0;
}

/* The next word (up to a blank); the cursor moves past the blanks after it. */
static struct slice word(struct cur *c)
{
	size_t start = c->off;
	while (!cur_eof(c) && cur_peek(c) != ' ' && cur_peek(c) != '\t' && cur_peek(c) != '\r')
		cur_skip(c, 1);
	struct slice w = {c->p + start, c->off - start};
	while (!cur_eof(c) && (cur_peek(c) == ' ' || cur_peek(c) == '\t' || cur_peek(c) == '\r'))
		cur_skip(c, 1);
	return w;
}

/* An IPv4 or IPv6 address in text, copied into out when it is one. */
static bool ip_text(struct slice w, char out[SIGHTING_ADDR_TEXT])
{
	if (w.len == 0 || w.len >= SIGHTING_ADDR_TEXT)
		return false;
	memcpy(out, w.p, w.len);
	out[w.len] = '\0';
	uint8_t bin[16];
	return inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1;
}

/* "44:19:b6:31:0a:01", "44-19-B6-…", or BSD's "0:1b:21:31:a:e": six groups
 * of one or two hex digits. */
static bool mac_text(struct slice w, uint8_t mac[6])
{
	struct cur c = cur_make(w.p, w.len);
	for (int i = 0; i < 6; i++) {
		unsigned v = 0, digits = 0;
		int ch;
		while ((ch = cur_peek(&c)) >= 0 && digits < 3 &&
		       ((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'))) {
			v = v * 16 + (unsigned)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
			digits++;
			cur_skip(&c, 1);
		}
		if (digits == 0 || digits > 2)
			return false;
		mac[i] = (uint8_t)v;
		if (i < 5) {
			ch = cur_u8(&c);
			if (ch != ':' && ch != '-')
				return false;
		}
	}
	return cur_eof(&c) && !c.bad;
}

struct neigh_line {
	char addr[SIGHTING_ADDR_TEXT];
	uint8_t mac[6];
	struct slice vendor, host;
	bool device; /* false: a line that names no device (INCOMPLETE, FAILED) */
};

/* arp-scan: ADDR TAB MAC [TAB VENDOR]; the header and footer lines are not
 * devices. 0: not a device line (skipped), 1: a device, -1: malformed. */
static int line_arp_scan(struct slice l, struct neigh_line *o)
{
	static const char *const noise[] = {"Interface: ", "Starting arp-scan", "Ending arp-scan",
					    "WARNING:", "ERROR:"};
	for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (starts(l, noise[i]))
			return 0;
	/* "15 packets received by filter, 0 packets dropped by kernel" */
	struct cur w = cur_make(l.p, l.len);
	word(&w);
	if (slice_eq(word(&w), "packets"))
		return 0;
	struct cur c = cur_make(l.p, l.len);
	bool tab;
	struct slice a = cur_until(&c, '\t', &tab);
	if (!tab || !ip_text(a, o->addr))
		return -1;
	struct slice m = cur_until(&c, '\t', &tab);
	if (m.len && m.p[m.len - 1] == '\r')
		m.len--;
	if (!mac_text(m, o->mac))
		return -1;
	o->vendor = tab ? cur_rest(&c) : (struct slice){NULL, 0};
	/* " (DUP: 2)" marks a repeated reply: the vendor without it */
	static const char dup[] = " (DUP: ";
	for (size_t i = 0; o->vendor.len >= sizeof(dup) - 1 && i <= o->vendor.len - (sizeof(dup) - 1);
	     i++)
		if (memcmp(o->vendor.p + i, dup, sizeof(dup) - 1) == 0) {
			o->vendor.len = i;
			break;
		}
	o->device = true;
	return 1;
}

/* ip neigh: ADDR dev IFACE [lladdr MAC] [router|proxy|extern_learn]… STATE */
static int line_ip_neigh(struct slice l, struct neigh_line *o)
{
	struct cur c = cur_make(l.p, l.len);
	if (!ip_text(word(&c), o->addr) || !slice_eq(word(&c), "dev") || word(&c).len == 0)
		return -1;
	while (!cur_eof(&c)) {
		struct slice w = word(&c);
		if (slice_eq(w, "lladdr")) {
			if (!mac_text(word(&c), o->mac))
				return -1;
			o->device = true;
		}
	}
	return 1;
}

/* arp -an: NAME (ADDR) at MAC|<incomplete> [ether] on IFACE … */
static int line_arp(struct slice l, struct neigh_line *o)
{
	struct cur c = cur_make(l.p, l.len);
	o->host = word(&c);
	struct slice a = word(&c);
	if (!o->host.len || a.len < 3 || a.p[0] != '(' || a.p[a.len - 1] != ')')
		return -1;
	a.p++;
	a.len -= 2;
	if (!ip_text(a, o->addr) || !slice_eq(word(&c), "at"))
		return -1;
	struct slice m = word(&c);
	if (slice_eq(m, "<incomplete>") || slice_eq(m, "(incomplete)"))
		return 1;
	if (!mac_text(m, o->mac))
		return -1;
	if (slice_eq(o->host, "?"))
		o->host.len = 0;
	o->device = true;
	return 1;
}

static int (*const line_fn[])(struct slice, struct neigh_line *) = {
	[NEIGH_ARP_SCAN] = line_arp_scan,
	[NEIGH_IP] = line_ip_neigh,
	[NEIGH_ARP] = line_arp,
};

static const char *const kind_name[] = {"arp-scan", "ip neigh", "arp -an"};

static enum vs_err store_line(struct device_list *out, const struct neigh_line *nl, int64_t line)
{
	bool oom = false;
	struct sighting *s = device_list_by_mac(out, nl->mac, &oom);
	if (oom)
		return VS_ENOMEM;
	if (!s)
		return VS_OK; /* past the device limit: counted */
	sighting_add_addr(s, nl->addr);
	const char *m = vocab_method(VM_NEIGH);
	bool ok = sighting_observe_line(s, m, vocab_field(VF_ADDRESS), nl->addr, strlen(nl->addr),
					CONF_LISTED, line);
	if (ok && nl->vendor.len)
		ok = sighting_observe_line(s, m, vocab_field(VF_MAC_VENDOR), nl->vendor.p, nl->vendor.len,
					   CONF_GUESS, line);
	if (ok && nl->host.len)
		ok = sighting_observe_line(s, m, vocab_field(VF_HOSTNAME), nl->host.p, nl->host.len,
					   CONF_LISTED, line);
	return ok ? VS_OK : VS_ENOMEM;
}

static enum vs_err parse_kind(enum neigh_kind k, const char *name, const uint8_t *data, size_t len,
			      struct device_list *out, struct vs_error *err)
{
	struct cur c = cur_make(data, len);
	for (int64_t line = 1; !cur_eof(&c); line++) {
		bool nl;
		struct slice l = cur_until(&c, '\n', &nl);
		if (l.len && l.p[l.len - 1] == '\r')
			l.len--;
		if (is_blank(l))
			continue;
		if (memchr(l.p, '\0', l.len))
			return vs_fail(err, VS_EBADVAL, "%s:%lld: a NUL byte: not %s output", name,
				       (long long)line, kind_name[k]);
		struct neigh_line o = {0};
		int r = line_fn[k](l, &o);
		if (r < 0)
			return vs_fail(err, VS_EBADVAL, "%s:%lld: not a line of %s output%s", name,
				       (long long)line, kind_name[k],
				       nl ? "" : " (the file ends inside it: cut?)");
		if (r > 0 && o.device && store_line(out, &o, line) != VS_OK)
			return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	return VS_OK;
}

/* Whether every whole line of the head (at least one, and one naming a
 * device) is kind k's: a CSV inventory's header line is none of these. */
static bool detect_kind(enum neigh_kind k, const uint8_t *head, size_t n)
{
	struct cur c = cur_make(head, n);
	size_t devices = 0;
	while (!cur_eof(&c)) {
		bool nl;
		struct slice l = cur_until(&c, '\n', &nl);
		if (!nl && devices)
			break; /* the head cut a line */
		if (l.len && l.p[l.len - 1] == '\r')
			l.len--;
		if (is_blank(l))
			continue;
		if (memchr(l.p, '\0', l.len))
			return false;
		struct neigh_line o = {0};
		int r = line_fn[k](l, &o);
		if (r < 0)
			return false;
		devices += o.device;
	}
	return devices > 0;
}

static bool arp_scan_detect(const uint8_t *h, size_t n)
{
	return detect_kind(NEIGH_ARP_SCAN, h, n);
}

static bool ip_neigh_detect(const uint8_t *h, size_t n)
{
	return detect_kind(NEIGH_IP, h, n);
}

static bool arp_detect(const uint8_t *h, size_t n)
{
	return detect_kind(NEIGH_ARP, h, n);
}

static enum vs_err arp_scan_parse(const char *name, const uint8_t *d, size_t n,
				  struct device_list *out, struct vs_error *err)
{
	return parse_kind(NEIGH_ARP_SCAN, name, d, n, out, err);
}

static enum vs_err ip_neigh_parse(const char *name, const uint8_t *d, size_t n,
				  struct device_list *out, struct vs_error *err)
{
	return parse_kind(NEIGH_IP, name, d, n, out, err);
}

static enum vs_err arp_parse(const char *name, const uint8_t *d, size_t n,
			     struct device_list *out, struct vs_error *err)
{
	return parse_kind(NEIGH_ARP, name, d, n, out, err);
}

/* Read whole (parse_stream NULL): neighbour lists are a line a device, a
 * few hundred KB at the device limit. */
const struct device_format dev_format_arp_scan = {
	.name = "arp-scan",
	.what = "arp-scan output (default or --plain): IP, MAC, vendor",
	.detect = arp_scan_detect,
	.parse = arp_scan_parse,
	.parse_stream = NULL,
};
const struct device_format dev_format_ip_neigh = {
	.name = "ip-neigh",
	.what = "ip neigh (iproute2): the kernel's neighbour table",
	.detect = ip_neigh_detect,
	.parse = ip_neigh_parse,
	.parse_stream = NULL,
};
const struct device_format dev_format_arp = {
	.name = "arp",
	.what = "arp -an (net-tools, BSD, macOS): the ARP cache",
	.detect = arp_detect,
	.parse = arp_parse,
	.parse_stream = NULL,
};
