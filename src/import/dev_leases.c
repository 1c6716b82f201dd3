/*
 * DHCP server lease files: which MAC held which address, and what the
 * client said about itself in its request (host name, option 60 vendor
 * class, option 61 client identifier). Facts go under method "dhcp", as a
 * captured DHCP request's do, so identify/ weighs them the same way.
 *
 * ISC dhcpd.leases (dhcpd.leases(5)): statements ending in ';' and blocks
 * in braces, '#' comments, strings in double quotes with backslash escapes
 * (\" \\ and \ooo octal):
 *     lease 10.0.0.5 {
 *       starts 3 2026/12/02 08:10:00; ...
 *       hardware ethernet 00:1b:21:31:0a:0e;
 *       uid "\001\000\033!1\012\016";
 *       client-hostname "win-pc";
 *       set vendor-class-identifier = "MSFT 5.0";
 *     }
 *   Other blocks (host, failover peer, ia-na, ...) are skipped whole.
 *
 * dnsmasq.leases (dnsmasq's lease.c writes it): one lease a line,
 *     EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID
 *   "*" for an unknown host name or client id; a MAC of another hardware
 *   type is written TYPE-xx:xx...; IPv6 leases follow a "duid" line and
 *   carry an IAID instead of a MAC (kept by address).
 *
 * Kea memfile CSV (kea-dhcp4 lease4 file, kea-dhcp6 lease6 file): the
 * header names the columns, "address,hwaddr,client_id,valid_lifetime,
 * expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context[,pool_id]"
 * (lease6: "address,duid,valid_lifetime,...,hostname,hwaddr,state,...").
 * Kea writes a comma inside a value as "&#x2c".
 *
 * Windows DHCP Server, Get-DhcpServerv4Lease | Export-Csv: an optional
 * "#TYPE ...DhcpServerv4Lease" line, then a quoted CSV header naming the
 * DhcpServerv4Lease class's properties (IPAddress, ScopeId, ClientId,
 * HostName, AddressState, ...); ClientId is the MAC with dashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/csv.h"
#include "import/dev_text.h"
#include "model/vocab.h"

#define DHCP vocab_method(VM_DHCP)

/* ---- ISC dhcpd.leases --------------------------------------------- */

enum tok_kind { TOK_END, TOK_WORD, TOK_STRING, TOK_SEMI, TOK_OPEN, TOK_CLOSE };

struct tokens {
	struct cur c;
	long line;
	const char *name;
	struct vs_error *err;
	bool failed;
};

struct token {
	enum tok_kind kind;
	struct slice text; /* a word, or a string's raw bytes between the quotes */
	long line;
};

static bool word_byte(uint8_t b)
{
	return b > ' ' && b != ';' && b != '{' && b != '}' && b != '"' && b != '#' && b != 0x7f;
}

static struct token next_token(struct tokens *t)
{
	struct token k = {TOK_END, {NULL, 0}, t->line};
	for (;;) {
		int b = cur_peek(&t->c);
		if (b < 0)
			return k;
		if (b == '\n')
			t->line++;
		if (b == '#') {
			bool found;
			cur_until(&t->c, '\n', &found);
			if (found)
				t->line++;
			continue;
		}
		if (b <= ' ') {
			cur_skip(&t->c, 1);
			continue;
		}
		break;
	}
	k.line = t->line;
	uint8_t b = cur_u8(&t->c);
	if (b == ';' || b == '{' || b == '}') {
		k.kind = b == ';' ? TOK_SEMI : b == '{' ? TOK_OPEN : TOK_CLOSE;
		return k;
	}
	if (b == '"') {
		k.kind = TOK_STRING;
		k.text.p = t->c.p + t->c.off;
		for (;;) {
			int q = cur_peek(&t->c);
			if (q < 0) {
				dev_fail(t->err, t->name, k.line, "a string is not closed");
				t->failed = true;
				k.kind = TOK_END;
				return k;
			}
			cur_skip(&t->c, 1);
			if (q == '"')
				break;
			k.text.len++;
			if (q == '\n')
				t->line++;
			if (q == '\\' && cur_peek(&t->c) >= 0) {
				if (cur_peek(&t->c) == '\n')
					t->line++;
				cur_skip(&t->c, 1);
				k.text.len++;
			}
		}
		return k;
	}
	k.kind = TOK_WORD;
	k.text.p = t->c.p + t->c.off - 1;
	k.text.len = 1;
	while (cur_peek(&t->c) >= 0 && word_byte((uint8_t)cur_peek(&t->c))) {
		cur_skip(&t->c, 1);
		k.text.len++;
	}
	return k;
}

/* A dhcpd string's bytes with its escapes undone, cut to fit out. */
static struct slice unescape(struct slice s, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < s.len && n < size; i++) {
		uint8_t b = s.p[i];
		if (b == '\\' && i + 1 < s.len) {
			b = s.p[++i];
			if (b >= '0' && b <= '7') {
				unsigned v = 0;
				for (int d = 0; d < 3 && i < s.len && s.p[i] >= '0' && s.p[i] <= '7'; d++)
					v = v * 8 + (unsigned)(s.p[i++] - '0');
				i--;
				b = (uint8_t)v;
			}
		}
		out[n++] = (char)b;
	}
	struct slice r = {(const uint8_t *)out, n};
	return r;
}

/* Skip a block whose '{' was read, with any blocks inside it. */
static void skip_block(struct tokens *t, long opened)
{
	for (int depth = 1; depth > 0;) {
		struct token k = next_token(t);
		if (t->failed)
			return;
		if (k.kind == TOK_END) {
			dev_fail(t->err, t->name, opened, "a block opened here is not closed");
			t->failed = true;
			return;
		}
		depth += k.kind == TOK_OPEN ? 1 : k.kind == TOK_CLOSE ? -1 : 0;
	}
}

struct isc_lease {
	char addr[SIGHTING_ADDR_TEXT];
	bool has_mac;
	uint8_t mac[6];
	long line, mac_line, host_line, class_line, uid_line;
	char host[VS_MAX_OBS_VALUE + 1], vclass[VS_MAX_OBS_VALUE + 1], uid[VS_MAX_OBS_VALUE + 1];
	struct slice host_s, class_s, uid_s;
};

/* A uid given as a string is the client identifier's raw bytes: shown as
 * hex octets with colons, as dnsmasq and Kea write it. */
static struct slice uid_hex(struct slice raw, char *out, size_t size)
{
	char bytes[VS_MAX_OBS_VALUE];
	struct slice b = unescape(raw, bytes, sizeof(bytes));
	size_t n = 0;
	for (size_t i = 0; i < b.len && n + 3 < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%02x", i ? ":" : "", (uint8_t)b.p[i]);
	struct slice r = {(const uint8_t *)out, n};
	return r;
}

/* One statement inside a lease block, its first token already read. */
static void isc_statement(struct tokens *t, struct token first, struct isc_lease *l)
{
	struct token w[6];
	size_t n = 0;
	w[n++] = first;
	for (;;) {
		struct token k = next_token(t);
		if (k.kind == TOK_SEMI || k.kind == TOK_END || t->failed)
			break;
		if (k.kind == TOK_OPEN) { /* "on expiry { ... }": not a fact about the client */
			skip_block(t, k.line);
			return;
		}
		if (k.kind == TOK_CLOSE) {
			dev_fail(t->err, t->name, k.line, "'}' inside a statement of a lease");
			t->failed = true;
			return;
		}
		if (n < sizeof(w) / sizeof(w[0]))
			w[n++] = k;
	}
	if (t->failed)
		return;
	if (n >= 3 && slice_eq(w[0].text, "hardware") && slice_eq(w[1].text, "ethernet")) {
		if (!dev_mac(w[2].text, l->mac)) {
			dev_fail(t->err, t->name, w[2].line, "hardware ethernet is not a MAC address");
			t->failed = true;
			return;
		}
		l->has_mac = true;
		l->mac_line = w[0].line;
	} else if (n >= 2 && slice_eq(w[0].text, "client-hostname") && w[1].kind == TOK_STRING) {
		l->host_s = unescape(w[1].text, l->host, sizeof(l->host) - 1);
		l->host_line = w[0].line;
	} else if (n >= 2 && slice_eq(w[0].text, "uid")) {
		l->uid_s = w[1].kind == TOK_STRING ? uid_hex(w[1].text, l->uid, sizeof(l->uid))
						   : w[1].text;
		l->uid_line = w[0].line;
	} else if (n >= 4 && slice_eq(w[0].text, "set") && w[3].kind == TOK_STRING &&
		   dev_has_nocase(w[1].text, "vendor") && dev_has_nocase(w[1].text, "class")) {
		l->class_s = unescape(w[3].text, l->vclass, sizeof(l->vclass) - 1);
		l->class_line = w[0].line;
	}
}

static bool isc_store(struct device_list *out, const struct isc_lease *l, bool *oom)
{
	if (!l->has_mac)
		return true; /* an abandoned or free lease names no device */
	struct sighting *s = dev_device(out, l->mac, l->addr, oom);
	return dev_observe(s, DHCP, vocab_field(VF_HOSTNAME), l->host_s, DEV_OBS_NAME, l->host_line,
			   oom) &&
	       dev_observe(s, DHCP, vocab_field(VF_VENDOR_CLASS), l->class_s, DEV_OBS_NAME,
			   l->class_line, oom) &&
	       dev_observe(s, DHCP, vocab_field(VF_CLIENT_ID), l->uid_s, DEV_OBS_NAME, l->uid_line,
			   oom);
}

static enum vs_err parse_isc(const char *name, const uint8_t *data, size_t len,
			     struct device_list *out, struct vs_error *err)
{
	struct tokens t = {cur_make(data, len), 1, name, err, false};
	bool oom = false;
	struct isc_lease *l = malloc(sizeof(*l));
	if (!l)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	while (!t.failed && !oom) {
		struct token first = next_token(&t);
		if (first.kind == TOK_END)
			break;
		if (first.kind != TOK_WORD) {
			dev_fail(err, name, first.line, "expected a statement");
			t.failed = true;
			break;
		}
		/* The statement's words up to ';' or '{'. */
		struct token second = {TOK_END, {NULL, 0}, first.line}, k;
		size_t words = 1;
		do {
			k = next_token(&t);
			if (words++ == 1)
				second = k;
		} while (!t.failed && (k.kind == TOK_WORD || k.kind == TOK_STRING));
		if (t.failed)
			break;
		if (k.kind == TOK_SEMI)
			continue;
		if (k.kind != TOK_OPEN) {
			dev_fail(err, name, k.kind == TOK_END ? t.line : k.line,
				 k.kind == TOK_END ? "the file ends inside a statement"
						   : "'}' without a block");
			t.failed = true;
			break;
		}
		memset(l, 0, sizeof(*l));
		if (!slice_eq(first.text, "lease") || second.kind != TOK_WORD ||
		    !dev_addr(second.text, l->addr)) {
			skip_block(&t, k.line);
			continue;
		}
		l->line = first.line;
		for (;;) {
			struct token s = next_token(&t);
			if (t.failed)
				break;
			if (s.kind == TOK_END) {
				dev_fail(err, name, l->line, "the lease opened here is not closed");
				t.failed = true;
				break;
			}
			if (s.kind == TOK_CLOSE)
				break;
			if (s.kind == TOK_SEMI)
				continue;
			if (s.kind == TOK_OPEN) {
				skip_block(&t, s.line);
				continue;
			}
			isc_statement(&t, s, l);
		}
		if (!t.failed)
			isc_store(out, l, &oom);
	}
	free(l);
	if (oom)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	return t.failed ? err->code : VS_OK;
}

/* The file starts (after comments) with a statement dhcpd writes. */
static bool detect_isc(const uint8_t *head, size_t n)
{
	struct cur c = cur_make(head, n);
	struct slice line;
	long no = 0;
	while (dev_line(&c, &no, &line)) {
		line = dev_trim(line);
		if (line.len == 0 ||
		    (line.p[0] == '#' && !dev_has_nocase(line, "dhcpd.leases(5)")))
			continue;
		if (line.p[0] == '#')
			return true; /* "The format of this file is documented in the dhcpd.leases(5)" */
		struct slice rest = line, w = dev_word(&rest), a = dev_word(&rest);
		char addr[SIGHTING_ADDR_TEXT];
		return (slice_eq(w, "lease") && dev_addr(a, addr) && slice_eq(dev_word(&rest), "{")) ||
		       slice_eq(w, "server-duid") || slice_eq(w, "authoring-byte-order");
	}
	return false;
}

/* ---- dnsmasq.leases ------------------------------------------------ */

static bool star(struct slice s)
{
	return slice_eq(s, "*");
}

struct dnsmasq_line {
	struct slice expiry, hw, addr, host, client_id;
};

static bool dnsmasq_split(struct slice line, struct dnsmasq_line *d)
{
	struct slice rest = line;
	d->expiry = dev_word(&rest);
	d->hw = dev_word(&rest);
	d->addr = dev_word(&rest);
	d->host = dev_word(&rest);
	d->client_id = dev_word(&rest);
	/* Nothing after the client id: dnsmasq writes exactly five fields. */
	return d->client_id.len > 0 && dev_word(&rest).len == 0 && dev_all_digits(d->expiry);
}

static enum vs_err parse_dnsmasq(const char *name, const uint8_t *data, size_t len,
				 struct device_list *out, struct vs_error *err)
{
	struct cur c = cur_make(data, len);
	struct slice line;
	long no = 0;
	bool oom = false;
	while (!oom && dev_line(&c, &no, &line)) {
		line = dev_trim(line);
		if (line.len == 0)
			continue;
		struct slice rest = line;
		if (slice_eq(dev_word(&rest), "duid"))
			continue; /* the server's own DUID, before the IPv6 leases */
		struct dnsmasq_line d;
		char addr[SIGHTING_ADDR_TEXT];
		if (!dnsmasq_split(line, &d))
			return dev_fail(err, name, no, "not a dnsmasq lease (EXPIRY MAC ADDRESS "
						       "HOSTNAME CLIENT-ID)");
		if (!dev_addr(d.addr, addr))
			return dev_fail(err, name, no, "'%.*s' is not an IP address",
					(int)(d.addr.len > 64 ? 64 : d.addr.len), (const char *)d.addr.p);
		uint8_t mac[6];
		struct sighting *s;
		if (dev_mac(d.hw, mac))
			s = dev_device(out, mac, addr, &oom);
		else
			s = device_list_by_addr(out, addr, &oom); /* IPv6 (IAID) or another link type */
		if (!star(d.host))
			dev_observe(s, DHCP, vocab_field(VF_HOSTNAME), d.host, DEV_OBS_NAME, no, &oom);
		if (!star(d.client_id))
			dev_observe(s, DHCP, vocab_field(VF_CLIENT_ID), d.client_id, DEV_OBS_NAME, no,
				    &oom);
	}
	return oom ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
}

static bool detect_dnsmasq(const uint8_t *head, size_t n)
{
	struct cur c = cur_make(head, n);
	struct slice line;
	long no = 0;
	while (dev_line(&c, &no, &line)) {
		line = dev_trim(line);
		if (line.len == 0)
			continue;
		struct slice rest = line;
		if (slice_eq(dev_word(&rest), "duid"))
			continue;
		struct dnsmasq_line d;
		uint8_t mac[6];
		char addr[SIGHTING_ADDR_TEXT];
		return dnsmasq_split(line, &d) && dev_mac(d.hw, mac) && dev_addr(d.addr, addr);
	}
	return false;
}

/* ---- CSV lease exports (Kea, Windows) ------------------------------ */

/* Columns of a lease CSV the parser reads, by header name. */
struct lease_cols {
	int addr, mac, client_id, host, state;
};

static int column(const struct csv_row *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->field[i], name) == 0)
			return (int)i;
	return -1;
}

static struct slice cell(const struct csv_row *r, int col)
{
	struct slice s = {NULL, 0};
	if (col >= 0 && (size_t)col < r->n)
		s = slice_from(r->field[col]);
	return s;
}

/* Kea's "&#x2c" for a comma inside a value. */
static struct slice kea_text(struct slice s, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < s.len && n < size; i++) {
		struct slice at = {s.p + i, s.len - i};
		if (dev_starts(at, "&#x2c")) {
			out[n++] = ',';
			i += 4;
		} else {
			out[n++] = (char)s.p[i];
		}
	}
	struct slice r = {(const uint8_t *)out, n};
	return r;
}

static enum vs_err parse_lease_csv(const char *name, const uint8_t *data, size_t len,
				   long skipped_lines, bool kea, struct device_list *out,
				   struct vs_error *err)
{
	struct csv_reader r;
	csv_open_mem(&r, name, data, len);
	r.line += skipped_lines;
	const struct csv_row *row;
	enum vs_err rc = csv_next(&r, &row, err);
	if (rc || !row) {
		csv_release(&r);
		return rc ? rc : dev_fail(err, name, r.line, "no header");
	}
	struct lease_cols c = kea ? (struct lease_cols){column(row, "address"), column(row, "hwaddr"),
							 column(row, "client_id"), column(row, "hostname"),
							 column(row, "state")}
				  : (struct lease_cols){column(row, "IPAddress"), column(row, "ClientId"),
							 -1, column(row, "HostName"),
							 column(row, "AddressState")};
	if (c.addr < 0 || c.mac < 0) {
		long line = row->line;
		csv_release(&r);
		return dev_fail(err, name, line, "the header has no %s column",
				c.addr < 0 ? (kea ? "address" : "IPAddress") : kea ? "hwaddr" : "ClientId");
	}
	bool oom = false;
	while (!oom && !(rc = csv_next(&r, &row, err)) && row) {
		char addr[SIGHTING_ADDR_TEXT], host[VS_MAX_OBS_VALUE + 1];
		uint8_t mac[6];
		struct slice a = cell(row, c.addr), m = cell(row, c.mac);
		if (!dev_addr(a, addr)) {
			rc = dev_fail(err, name, row->line, "'%.*s' is not an IP address",
				      (int)(a.len > 64 ? 64 : a.len), (const char *)a.p);
			break;
		}
		/* A declined or reclaimed lease has no hardware address; a
		 * Windows reservation's ClientId may be a non-MAC identifier. */
		if (!dev_mac(m, mac))
			continue;
		struct sighting *s = dev_device(out, mac, addr, &oom);
		struct slice h = kea_text(cell(row, c.host), host, sizeof(host) - 1);
		/* Kea keeps the FQDN it registered, with its final dot. */
		if (h.len && h.p[h.len - 1] == '.')
			h.len--;
		dev_observe(s, DHCP, vocab_field(VF_HOSTNAME), h, DEV_OBS_NAME, row->line, &oom);
		dev_observe(s, DHCP, vocab_field(VF_CLIENT_ID), cell(row, c.client_id), DEV_OBS_NAME,
			    row->line, &oom);
	}
	csv_release(&r);
	if (oom)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

static bool detect_kea(const uint8_t *head, size_t n)
{
	struct slice s = {head, n};
	return dev_starts(s, "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,") ||
	       dev_starts(s, "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,");
}

static enum vs_err parse_kea(const char *name, const uint8_t *data, size_t len,
			     struct device_list *out, struct vs_error *err)
{
	return parse_lease_csv(name, data, len, 0, true, out, err);
}

/* Past the UTF-8 BOM Export-Csv may write and its "#TYPE" line. */
static size_t windows_skip(const uint8_t *data, size_t len, long *lines)
{
	struct cur c = cur_make(data, len);
	struct slice s = {data, len};
	if (dev_starts(s, "\xef\xbb\xbf"))
		cur_skip(&c, 3);
	*lines = 0;
	struct slice rest = {c.p + c.off, cur_left(&c)};
	if (dev_starts(rest, "#TYPE")) {
		struct slice line;
		dev_line(&c, lines, &line);
	}
	return c.off;
}

static bool detect_windows(const uint8_t *head, size_t n)
{
	long lines;
	size_t off = windows_skip(head, n, &lines);
	struct cur c = cur_make(head + off, n - off);
	struct slice header;
	long no = 0;
	if (!dev_line(&c, &no, &header))
		return false;
	/* The class's own property names, quoted, as Export-Csv writes them. */
	return dev_has_nocase(header, "\"IPAddress\"") && dev_has_nocase(header, "\"ScopeId\"") &&
	       dev_has_nocase(header, "\"ClientId\"") && dev_has_nocase(header, "\"AddressState\"");
}

static enum vs_err parse_windows(const char *name, const uint8_t *data, size_t len,
				 struct device_list *out, struct vs_error *err)
{
	long lines;
	size_t off = windows_skip(data, len, &lines);
	return parse_lease_csv(name, data + off, len - off, lines, false, out, err);
}

const struct device_format dev_format_isc_dhcpd = {
	"dhcpd-leases", "ISC dhcpd.leases (lease blocks: MAC, address, client-hostname, uid)",
	detect_isc, parse_isc, NULL}; /* read whole: no parse_stream */
const struct device_format dev_format_dnsmasq = {
	"dnsmasq-leases", "dnsmasq.leases (EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID a line)",
	detect_dnsmasq, parse_dnsmasq, NULL}; /* read whole: no parse_stream */
const struct device_format dev_format_kea = {
	"kea-leases", "Kea memfile lease CSV (kea-leases4.csv, kea-leases6.csv)", detect_kea,
	parse_kea, NULL}; /* read whole: no parse_stream */
const struct device_format dev_format_windows_dhcp = {
	"windows-dhcp", "Windows DHCP Server: Get-DhcpServerv4Lease | Export-Csv", detect_windows,
	parse_windows, NULL}; /* read whole: no parse_stream */
