/*
 * Zeek logs, as Zeek's ASCII writer writes them (read from Zeek 9.1's
 * scripts: base/frameworks/logging/writers/ascii.zeek and each log's
 * record, fields marked &log; https://docs.zeek.org/en/current/logs/).
 *
 * TSV (the default): a header of "#key<sep>value" lines, the first
 * "#separator \x09" (the separator written as \xHH), then #set_separator
 * (","), #empty_field ("(empty)"), #unset_field ("-"), #path (which log:
 * "conn"), #open, #fields (column names, records flattened: "id.orig_h"),
 * #types; one record a line, columns split by the separator; a value's
 * own separator, set separator and unprintable bytes written as \xHH; a
 * set or vector joined by the set separator; #close last. Logs
 * concatenated (cat dhcp.log conn.log dns.log) are one file of several
 * headers, and the facts of all of them land on the same devices.
 *
 * JSON (LogAscii::use_json=T): one object a line, the same flattened names
 * as keys, sets and vectors as arrays, unset fields left out, ts in
 * seconds since the epoch (JSON::TS_EPOCH, the default) or an ISO 8601
 * string (JSON::TS_ISO8601). Which log a line is comes from "_path" when a
 * writer added it, else from its keys.
 *
 * A device is a local address: Zeek's own verdict (local_orig, local_resp:
 * Site::local_nets) where the log has it, else the rule capture/ applies
 * (util/netaddr.h). What each log says of one:
 *   dhcp.log     mac; assigned_addr, client_addr; host_name -> (dhcp,
 *                hostname); client_software (policy dhcp/software.zeek:
 *                option 60) -> (dhcp, vendor_class)
 *   dns.log      id.orig_h asked for query; each address in answers is
 *                the name's: names kept as capture/ keeps DNS, so a vendor
 *                cloud asked for with no traffic is an attempt
 *   conn.log     the local end (by orig_l2_addr / resp_l2_addr, policy
 *                conn/mac-logging.zeek, when logged) and its external
 *                peer: bytes (orig_ip_bytes + resp_ip_bytes, IP length as
 *                capture/ counts; else orig_bytes + resp_bytes), first and
 *                last time (ts, ts + duration), packets
 *   ssl.log      a local client's server_name -> (tls, sni) and the name
 *                of id.resp_h; a local server's subject, issuer
 *   x509.log     has no address (a certificate meets its connection in
 *                ssl.log's cert_chain_fps): a host certificate whose san.ip
 *                names local addresses gives those devices (tls,
 *                subject/issuer); the others are left
 *   known_certs.log  host -> (tls, subject), issuer_subject -> (tls, issuer)
 *   software.log by software_type: HTTP::SERVER -> (http, server),
 *                HTTP::BROWSER -> (http, user_agent), DHCP::CLIENT ->
 *                (dhcp, vendor_class), SSH::SERVER -> (ssh, server)
 *   known_hosts.log    a device per host
 *   known_devices.log  (Bro 2.5 and older) mac, dhcp_host_name -> (dhcp,
 *                hostname)
 * Other logs (http, files, weird …) are read and left. Every fact keeps
 * its line; a malformed line fails with FILE:LINE.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "import/devices.h"
#include "model/vocab.h"
#include "util/cur.h"
#include "util/limits.h"
#include "util/netaddr.h"

/* How much a log vouches for a fact: as capture/ rates the same fact seen
 * on the wire (Zeek saw the packets). */
#define Z_BANNER 0.85
#define Z_NAME 0.7

#define ZKEYS(X)                                                                             \
	X(TS, "ts") X(PATH, "_path") X(UIDS, "uids") X(ORIG_H, "id.orig_h")                   \
	X(RESP_H, "id.resp_h") X(ORIG_L2, "orig_l2_addr") X(RESP_L2, "resp_l2_addr")           \
	X(LOCAL_ORIG, "local_orig") X(LOCAL_RESP, "local_resp") X(ORIG_BYTES, "orig_bytes")    \
	X(RESP_BYTES, "resp_bytes") X(ORIG_IP_BYTES, "orig_ip_bytes")                          \
	X(RESP_IP_BYTES, "resp_ip_bytes") X(ORIG_PKTS, "orig_pkts") X(RESP_PKTS, "resp_pkts")  \
	X(DURATION, "duration") X(CONN_STATE, "conn_state") X(HISTORY, "history")              \
	X(QUERY, "query") X(ANSWERS, "answers") X(TRANS_ID, "trans_id") X(RCODE, "rcode")      \
	X(QTYPE, "qtype") X(MAC, "mac") X(HOST_NAME, "host_name")                              \
	X(ASSIGNED_ADDR, "assigned_addr") X(CLIENT_ADDR, "client_addr")                        \
	X(CLIENT_SOFTWARE, "client_software") X(MSG_TYPES, "msg_types")                        \
	X(SERVER_NAME, "server_name") X(SUBJECT, "subject") X(ISSUER, "issuer")                \
	X(CIPHER, "cipher") X(ESTABLISHED, "established") X(FINGERPRINT, "fingerprint")        \
	X(CERT_SUBJECT, "certificate.subject") X(CERT_ISSUER, "certificate.issuer")            \
	X(SAN_IP, "san.ip") X(HOST_CERT, "host_cert") X(HOST, "host")                          \
	X(SOFTWARE_TYPE, "software_type") X(UNPARSED_VERSION, "unparsed_version")              \
	X(NAME, "name") X(ISSUER_SUBJECT, "issuer_subject") X(DHCP_HOST_NAME, "dhcp_host_name")

#define ZKEY_ENUM(id, name) K_##id,
enum zkey { ZKEYS(ZKEY_ENUM) K_COUNT };
#undef ZKEY_ENUM
#define ZKEY_NAME(id, name) name,
static const char *const key_names[K_COUNT] = {ZKEYS(ZKEY_NAME)};
#undef ZKEY_NAME

enum zlog { Z_OTHER, Z_DHCP, Z_DNS, Z_CONN, Z_SSL, Z_X509, Z_KNOWN_CERTS, Z_SOFTWARE,
	    Z_KNOWN_HOSTS, Z_KNOWN_DEVICES };

static const char *const log_paths[] = {
	[Z_DHCP] = "dhcp",	       [Z_DNS] = "dns",		  [Z_CONN] = "conn",
	[Z_SSL] = "ssl",	       [Z_X509] = "x509",	  [Z_KNOWN_CERTS] = "known_certs",
	[Z_SOFTWARE] = "software",     [Z_KNOWN_HOSTS] = "known_hosts",
	[Z_KNOWN_DEVICES] = "known_devices",
};

/* The TSV header in force. */
struct zhead {
	bool started; /* a #separator line was read */
	bool fields;  /* and a #fields line */
	uint8_t sep, set_sep;
	char empty[32], unset[32];
	size_t empty_len, unset_len;
	enum zlog path; /* from #path; Z_OTHER when none or unknown */
	bool has_path;
	enum zlog log;  /* what the records are */
	size_t n_cols;
	int col_key[VS_MAX_ZEEK_COLUMNS]; /* the key of each column; -1: not read */
};

/* One record: TSV columns (raw, still escaped) or a JSON object's members. */
struct zrow {
	const struct zhead *h; /* NULL: JSON */
	struct slice raw[K_COUNT];
	json_t *v[K_COUNT];
	bool has[K_COUNT];
};

struct zparse {
	const char *name;
	struct device_list *out;
	struct vs_error *err;
	int64_t line;
	int64_t ts; /* the record's, microseconds */
	bool oom;
	struct zhead h;
};

static enum vs_err zfail(struct zparse *z, enum vs_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "FILE:LINE: reason" */
static enum vs_err zfail(struct zparse *z, enum vs_err code, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return vs_fail(z->err, code, "%s:%lld: %s", z->name, (long long)z->line, why);
}

/* ---- values ---- */

static int hex(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A TSV value with its \xHH escapes undone, into out (cap bytes, cut to
 * fit; a NUL written as '?', so the text stays one C string). */
static void unescape(struct slice s, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < s.len && o + 1 < cap; i++) {
		uint8_t b = s.p[i];
		if (b == '\\' && i + 3 < s.len && s.p[i + 1] == 'x' && hex(s.p[i + 2]) >= 0 &&
		    hex(s.p[i + 3]) >= 0) {
			b = (uint8_t)(hex(s.p[i + 2]) << 4 | hex(s.p[i + 3]));
			i += 3;
		}
		out[o++] = b ? (char)b : '?';
	}
	out[o] = '\0';
}

static bool raw_is(struct slice s, const char *text, size_t n)
{
	return s.len == n && memcmp(s.p, text, n) == 0;
}

/* A JSON scalar as Zeek's TSV would write it. */
static bool json_text(const json_t *v, char *out, size_t cap)
{
	switch (json_typeof(v)) {
	case JSON_STRING: {
		struct slice s = {(const uint8_t *)json_string_value(v), json_string_length(v)};
		size_t n = s.len < cap - 1 ? s.len : cap - 1;
		for (size_t i = 0; i < n; i++)
			out[i] = s.p[i] ? (char)s.p[i] : '?';
		out[n] = '\0';
		return n > 0;
	}
	case JSON_INTEGER:
		snprintf(out, cap, "%lld", (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		snprintf(out, cap, "%.6f", json_real_value(v));
		return true;
	case JSON_TRUE:
	case JSON_FALSE:
		snprintf(out, cap, "%s", json_is_true(v) ? "T" : "F");
		return true;
	default:
		return false;
	}
}

/* The value of k as text; false when the record has none (unset, empty). */
static bool zval(const struct zrow *r, enum zkey k, char *out, size_t cap)
{
	out[0] = '\0';
	if (!r->has[k])
		return false;
	if (!r->h)
		return json_text(r->v[k], out, cap);
	unescape(r->raw[k], out, cap);
	return out[0] != '\0';
}

/* Item i of a set or vector; false past its end. */
static bool zitem(const struct zrow *r, enum zkey k, size_t i, char *out, size_t cap)
{
	out[0] = '\0';
	if (!r->has[k])
		return false;
	if (!r->h) {
		const json_t *a = r->v[k];
		if (!json_is_array(a))
			return i == 0 && json_text(a, out, cap);
		return i < json_array_size(a) && json_text(json_array_get(a, i), out, cap);
	}
	struct cur c = cur_make(r->raw[k].p, r->raw[k].len);
	bool found = true;
	for (size_t at = 0; found; at++) {
		struct slice item = cur_until(&c, r->h->set_sep, &found);
		if (at == i) {
			unescape(item, out, cap);
			return true;
		}
	}
	return false;
}

/* "1767225601.123456" -> microseconds; only digits and one point. */
static bool parse_decimal(const char *s, int64_t *us)
{
	int64_t sec = 0, frac = 0;
	size_t i = 0, digits = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (sec > 100000000000LL)
			return false; /* past year 5000: not a time Zeek wrote */
		sec = sec * 10 + (s[i] - '0');
	}
	if (s[i] == '.') {
		int scale = 100000;
		for (i++; s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			frac += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	*us = sec * 1000000 + frac;
	return s[i] == '\0' && digits > 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* JSON::TS_ISO8601: "2026-01-01T00:00:01.123456Z". */
static bool parse_iso(const char *s, int64_t *us)
{
	unsigned y, mo, d, h, mi, sec;
	int n = 0;
	if (sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	int64_t frac = 0;
	const char *p = s + n;
	if (*p == '.') {
		int scale = 100000;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (strcmp(p, "Z") != 0)
		return false;
	*us = ((days_from_civil(y, mo, d) * 86400) + h * 3600 + mi * 60 + sec) * 1000000 + frac;
	return *us >= 0;
}

/* 1: a time (or interval) in *us; 0: none; -1: malformed (failed). */
static int ztime(struct zparse *z, const struct zrow *r, enum zkey k, int64_t *us)
{
	char v[64];
	*us = 0;
	if (!zval(r, k, v, sizeof(v)))
		return 0;
	if (parse_decimal(v, us) || parse_iso(v, us))
		return 1;
	zfail(z, VS_EBADVAL, "%s '%s' is not a time", key_names[k], v);
	return -1;
}

/* 1: a count in *n; 0: none; -1: malformed (failed). */
static int zcount(struct zparse *z, const struct zrow *r, enum zkey k, uint64_t *n)
{
	char v[32];
	*n = 0;
	if (!zval(r, k, v, sizeof(v)))
		return 0;
	size_t i = 0;
	for (; v[i] >= '0' && v[i] <= '9'; i++) {
		if (*n > UINT64_MAX / 10 - 1)
			break;
		*n = *n * 10 + (uint64_t)(v[i] - '0');
	}
	if (i > 0 && v[i] == '\0')
		return 1;
	zfail(z, VS_EBADVAL, "%s '%s' is not a count", key_names[k], v);
	return -1;
}

struct zaddr {
	char text[SIGHTING_ADDR_TEXT]; /* as inet_ntop writes it */
	int family;
	uint8_t bin[16];
};

static bool addr_parse(const char *v, struct zaddr *a)
{
	a->family = strchr(v, ':') ? AF_INET6 : AF_INET;
	return inet_pton(a->family, v, a->bin) == 1 &&
	       inet_ntop(a->family, a->bin, a->text, sizeof(a->text)) != NULL;
}

/* 1: an address; 0: none; -1: malformed (failed). */
static int zaddr(struct zparse *z, const struct zrow *r, enum zkey k, struct zaddr *a)
{
	char v[128];
	if (!zval(r, k, v, sizeof(v)))
		return 0;
	if (addr_parse(v, a))
		return 1;
	zfail(z, VS_EBADVAL, "%s '%s' is not an IP address", key_names[k], v);
	return -1;
}

/* An address one device can hold: not multicast, broadcast, unspecified
 * or loopback. */
static bool unicast(const struct zaddr *a)
{
	static const uint8_t zero[15];
	if (a->family == AF_INET)
		return a->bin[0] != 0 && a->bin[0] != 127 && a->bin[0] < 224 && a->bin[3] != 255;
	return a->bin[0] != 0xff && memcmp(a->bin, zero, 15) != 0;
}

/* Local by Zeek's Site::local_nets when the log says (local_orig,
 * local_resp), else by the rule capture/ applies. */
static bool local(const struct zrow *r, enum zkey flag, const struct zaddr *a)
{
	char v[8];
	if (zval(r, flag, v, sizeof(v)) && (v[0] == 'T' || v[0] == 'F') && !v[1])
		return v[0] == 'T';
	return net_addr_local(a->family, a->bin);
}

/* ---- devices ---- */

static bool mac_parse(const char *v, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		int hi = hex((uint8_t)v[0]), lo = hi < 0 ? -1 : hex((uint8_t)v[1]);
		if (lo < 0 || v[2] != (i == 5 ? '\0' : ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
		v += 3;
	}
	return true;
}

/* The device of a MAC (a column's text, or NULL: none logged) and/or an
 * address; NULL when the device limit was reached, memory ran out
 * (z->oom) or the MAC is malformed (failed, *bad set). */
static struct sighting *device(struct zparse *z, const struct zrow *r, int mac_key,
			       const struct zaddr *a, bool *bad)
{
	char v[64];
	uint8_t mac[6];
	struct sighting *s;
	if (mac_key >= 0 && zval(r, (enum zkey)mac_key, v, sizeof(v))) {
		if (!mac_parse(v, mac)) {
			*bad = true;
			zfail(z, VS_EBADVAL, "%s '%s' is not a MAC address", key_names[mac_key], v);
			return NULL;
		}
		s = device_list_by_mac(z->out, mac, &z->oom);
		if (s && a)
			device_list_bind_addr(z->out, s, a->text, &z->oom);
	} else if (a) {
		s = device_list_by_addr(z->out, a->text, &z->oom);
	} else {
		return NULL;
	}
	if (s && z->ts > 0) {
		if (s->first_us == 0 || z->ts < s->first_us)
			s->first_us = z->ts;
		if (z->ts > s->last_us)
			s->last_us = z->ts;
	}
	return s;
}

static void observe(struct zparse *z, struct sighting *s, enum vs_method m, enum vs_field f,
		    const char *v, double confidence)
{
	size_t before = s->n_obs;
	if (!sighting_observe(s, vocab_method(m), vocab_field(f), v, strlen(v), confidence, z->ts))
		z->oom = true;
	else if (s->n_obs > before)
		s->obs[s->n_obs - 1].line = z->line;
}

/* ---- one record of each log ---- */

#define NO_MAC (-1)

static enum vs_err on_dhcp(struct zparse *z, const struct zrow *r)
{
	bool bad = false;
	struct zaddr a, c;
	int ra = zaddr(z, r, K_ASSIGNED_ADDR, &a), rc = zaddr(z, r, K_CLIENT_ADDR, &c);
	if (ra < 0 || rc < 0)
		return z->err->code;
	if (!r->has[K_MAC])
		return VS_OK; /* a server's message with no client */
	struct sighting *s = device(z, r, K_MAC, ra > 0 && unicast(&a) ? &a : NULL, &bad);
	if (!s)
		return bad ? z->err->code : VS_OK;
	if (rc > 0 && unicast(&c))
		device_list_bind_addr(z->out, s, c.text, &z->oom);
	char v[1024];
	if (zval(r, K_HOST_NAME, v, sizeof(v)))
		observe(z, s, VM_DHCP, VF_HOSTNAME, v, Z_NAME);
	if (zval(r, K_CLIENT_SOFTWARE, v, sizeof(v)))
		observe(z, s, VM_DHCP, VF_VENDOR_CLASS, v, Z_NAME);
	return VS_OK;
}

/* A name of at most VS_MAX_DNS_NAME characters, printable, no spaces. */
static bool dns_name(const char *v)
{
	size_t n = strlen(v);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] <= ' ' || v[i] == 0x7f)
			return false;
	return n > 0 && n <= VS_MAX_DNS_NAME;
}

static enum vs_err on_dns(struct zparse *z, const struct zrow *r)
{
	struct zaddr o;
	int ro = zaddr(z, r, K_ORIG_H, &o);
	if (ro < 0)
		return z->err->code;
	char q[1024];
	if (ro == 0 || !unicast(&o) || !local(r, K_LOCAL_ORIG, &o) || !zval(r, K_QUERY, q, sizeof(q)) ||
	    !dns_name(q))
		return VS_OK;
	bool bad = false;
	struct sighting *s = device(z, r, NO_MAC, &o, &bad);
	if (!s)
		return VS_OK;
	bool answered = false;
	char v[1024];
	struct zaddr ans;
	for (size_t i = 0; zitem(r, K_ANSWERS, i, v, sizeof(v)); i++) {
		if (!addr_parse(v, &ans))
			continue; /* a CNAME, PTR, TXT … answer */
		answered = true;
		z->oom |= !sighting_add_name(s, ans.text, q, z->ts);
	}
	if (!answered)
		z->oom |= !sighting_add_name(s, "", q, z->ts);
	return VS_OK;
}

/* Bytes both ways: IP length when logged (as capture/ counts), else
 * payload. */
static int conn_bytes(struct zparse *z, const struct zrow *r, uint64_t *bytes, uint64_t *pkts)
{
	uint64_t a, b;
	int ra = zcount(z, r, K_ORIG_IP_BYTES, &a), rb = ra < 0 ? -1 : zcount(z, r, K_RESP_IP_BYTES, &b);
	if (rb < 0)
		return -1;
	if (ra == 0 && rb == 0) {
		ra = zcount(z, r, K_ORIG_BYTES, &a);
		rb = ra < 0 ? -1 : zcount(z, r, K_RESP_BYTES, &b);
		if (rb < 0)
			return -1;
	}
	*bytes = a + b;
	ra = zcount(z, r, K_ORIG_PKTS, &a);
	rb = ra < 0 ? -1 : zcount(z, r, K_RESP_PKTS, &b);
	*pkts = a + b;
	return rb < 0 ? -1 : 0;
}

/* The local device of one end of a connection, its packets and time. */
static struct sighting *conn_end(struct zparse *z, const struct zrow *r, int l2,
				 const struct zaddr *a, uint64_t pkts, int64_t last, bool *bad)
{
	struct sighting *s = device(z, r, l2, a, bad);
	if (s) {
		s->packets += pkts;
		if (last > s->last_us)
			s->last_us = last;
	}
	return s;
}

static void peer(struct zparse *z, struct sighting *s, const struct zaddr *p, uint64_t bytes,
		 int64_t last)
{
	if (!s)
		return;
	z->oom |= !sighting_peer_bytes(s, p->family, p->bin, bytes, z->ts);
	if (last > z->ts)
		z->oom |= !sighting_peer_bytes(s, p->family, p->bin, 0, last);
}

static enum vs_err on_conn(struct zparse *z, const struct zrow *r)
{
	struct zaddr o, p;
	int ro = zaddr(z, r, K_ORIG_H, &o), rp = ro < 0 ? -1 : zaddr(z, r, K_RESP_H, &p);
	uint64_t bytes = 0, pkts = 0;
	int64_t dur = 0;
	if (rp < 0 || conn_bytes(z, r, &bytes, &pkts) < 0 || ztime(z, r, K_DURATION, &dur) < 0)
		return z->err->code;
	if (ro == 0 || rp == 0)
		return VS_OK;
	bool lo = local(r, K_LOCAL_ORIG, &o) && unicast(&o);
	bool lr = local(r, K_LOCAL_RESP, &p) && unicast(&p);
	bool ext_o = !local(r, K_LOCAL_ORIG, &o), ext_r = !local(r, K_LOCAL_RESP, &p);
	int64_t last = z->ts + dur;
	bool bad = false;
	struct sighting *so = lo ? conn_end(z, r, K_ORIG_L2, &o, pkts, last, &bad) : NULL;
	struct sighting *sr = lr && !bad ? conn_end(z, r, K_RESP_L2, &p, pkts, last, &bad) : NULL;
	if (bad)
		return z->err->code;
	if (ext_r)
		peer(z, so, &p, bytes, last);
	if (ext_o)
		peer(z, sr, &o, bytes, last);
	return VS_OK;
}

static enum vs_err on_ssl(struct zparse *z, const struct zrow *r)
{
	struct zaddr o, p;
	int ro = zaddr(z, r, K_ORIG_H, &o), rp = ro < 0 ? -1 : zaddr(z, r, K_RESP_H, &p);
	if (rp < 0)
		return z->err->code;
	if (ro == 0 || rp == 0)
		return VS_OK;
	bool bad = false;
	char v[1024];
	if (zval(r, K_SERVER_NAME, v, sizeof(v)) && local(r, K_LOCAL_ORIG, &o) && unicast(&o)) {
		struct sighting *s = device(z, r, NO_MAC, &o, &bad);
		if (s) {
			observe(z, s, VM_TLS, VF_SNI, v, Z_NAME);
			if (!local(r, K_LOCAL_RESP, &p) && dns_name(v))
				z->oom |= !sighting_add_name(s, p.text, v, z->ts);
		}
	}
	if ((r->has[K_SUBJECT] || r->has[K_ISSUER]) && local(r, K_LOCAL_RESP, &p) && unicast(&p)) {
		struct sighting *s = device(z, r, NO_MAC, &p, &bad);
		if (s && zval(r, K_SUBJECT, v, sizeof(v)))
			observe(z, s, VM_TLS, VF_SUBJECT, v, Z_BANNER);
		if (s && zval(r, K_ISSUER, v, sizeof(v)))
			observe(z, s, VM_TLS, VF_ISSUER, v, Z_BANNER);
	}
	return VS_OK;
}

/* A certificate's subject and issuer on the device at a. */
static void certificate(struct zparse *z, const struct zrow *r, const struct zaddr *a,
			enum zkey subject, enum zkey issuer)
{
	bool bad = false;
	struct sighting *s = device(z, r, NO_MAC, a, &bad);
	char v[1024];
	if (s && zval(r, subject, v, sizeof(v)))
		observe(z, s, VM_TLS, VF_SUBJECT, v, Z_BANNER);
	if (s && zval(r, issuer, v, sizeof(v)))
		observe(z, s, VM_TLS, VF_ISSUER, v, Z_BANNER);
}

static enum vs_err on_x509(struct zparse *z, const struct zrow *r)
{
	char v[128];
	if (zval(r, K_HOST_CERT, v, sizeof(v)) && strcmp(v, "T") != 0)
		return VS_OK; /* a CA's certificate in the chain */
	struct zaddr a;
	for (size_t i = 0; zitem(r, K_SAN_IP, i, v, sizeof(v)); i++) {
		if (!addr_parse(v, &a))
			return zfail(z, VS_EBADVAL, "san.ip '%s' is not an IP address", v);
		if (unicast(&a) && net_addr_local(a.family, a.bin))
			certificate(z, r, &a, K_CERT_SUBJECT, K_CERT_ISSUER);
	}
	return VS_OK;
}

/* known_certs, software, known_hosts: Zeek tracks local hosts only
 * (Known::*_tracking, Software::asset_tracking = LOCAL_HOSTS): the host
 * is taken as local. */
static int known_host(struct zparse *z, const struct zrow *r, struct zaddr *a)
{
	int rh = zaddr(z, r, K_HOST, a);
	return rh > 0 && !unicast(a) ? 0 : rh;
}

static enum vs_err on_known_certs(struct zparse *z, const struct zrow *r)
{
	struct zaddr a;
	int rh = known_host(z, r, &a);
	if (rh > 0)
		certificate(z, r, &a, K_SUBJECT, K_ISSUER_SUBJECT);
	return rh < 0 ? z->err->code : VS_OK;
}

static const struct {
	const char *type;
	enum vs_method method;
	enum vs_field field;
	double confidence;
} software_types[] = {
	{"HTTP::SERVER", VM_HTTP, VF_SERVER, Z_BANNER},
	{"HTTP::BROWSER", VM_HTTP, VF_USER_AGENT, Z_BANNER},
	{"DHCP::CLIENT", VM_DHCP, VF_VENDOR_CLASS, Z_NAME},
	{"SSH::SERVER", VM_SSH, VF_SERVER, Z_BANNER},
};

static enum vs_err on_software(struct zparse *z, const struct zrow *r)
{
	struct zaddr a;
	int rh = known_host(z, r, &a);
	char type[64], v[1024];
	if (rh <= 0 || !zval(r, K_SOFTWARE_TYPE, type, sizeof(type)))
		return rh < 0 ? z->err->code : VS_OK;
	for (size_t i = 0; i < sizeof(software_types) / sizeof(software_types[0]); i++) {
		if (strcmp(type, software_types[i].type) != 0)
			continue;
		if (!zval(r, K_UNPARSED_VERSION, v, sizeof(v)) && !zval(r, K_NAME, v, sizeof(v)))
			return VS_OK;
		bool bad = false;
		struct sighting *s = device(z, r, NO_MAC, &a, &bad);
		if (s)
			observe(z, s, software_types[i].method, software_types[i].field, v,
				software_types[i].confidence);
	}
	return VS_OK;
}

static enum vs_err on_known_hosts(struct zparse *z, const struct zrow *r)
{
	struct zaddr a;
	bool bad = false;
	int rh = known_host(z, r, &a);
	if (rh > 0)
		device(z, r, NO_MAC, &a, &bad);
	return rh < 0 ? z->err->code : VS_OK;
}

static enum vs_err on_known_devices(struct zparse *z, const struct zrow *r)
{
	bool bad = false;
	struct sighting *s = device(z, r, K_MAC, NULL, &bad);
	if (bad)
		return z->err->code;
	char v[1024];
	if (s && zval(r, K_DHCP_HOST_NAME, v, sizeof(v)))
		observe(z, s, VM_DHCP, VF_HOSTNAME, v, Z_NAME);
	return VS_OK;
}

/* Which log a record with these keys is, when no #path / _path says. */
static enum zlog log_of_keys(const bool *has)
{
	if (has[K_FINGERPRINT] && has[K_CERT_SUBJECT])
		return Z_X509;
	if (has[K_SOFTWARE_TYPE])
		return Z_SOFTWARE;
	if (has[K_DHCP_HOST_NAME])
		return Z_KNOWN_DEVICES;
	if (has[K_UIDS] || has[K_MSG_TYPES])
		return Z_DHCP;
	if (has[K_ORIG_H]) {
		if (has[K_QUERY] || has[K_TRANS_ID] || has[K_RCODE] || has[K_QTYPE])
			return Z_DNS;
		if (has[K_SERVER_NAME] || has[K_CIPHER] || has[K_ESTABLISHED])
			return Z_SSL;
		if (has[K_CONN_STATE] || has[K_HISTORY] || has[K_ORIG_BYTES] || has[K_ORIG_PKTS] ||
		    has[K_DURATION])
			return Z_CONN;
		return Z_OTHER;
	}
	if (has[K_HOST])
		return has[K_SUBJECT] || has[K_ISSUER_SUBJECT] ? Z_KNOWN_CERTS : Z_KNOWN_HOSTS;
	return Z_OTHER;
}

static enum zlog log_of_path(const char *path, size_t n)
{
	for (size_t i = 0; i < sizeof(log_paths) / sizeof(log_paths[0]); i++)
		if (log_paths[i] && strlen(log_paths[i]) == n && memcmp(log_paths[i], path, n) == 0)
			return (enum zlog)i;
	return Z_OTHER;
}

static enum vs_err record(struct zparse *z, enum zlog log, const struct zrow *r)
{
	if (log == Z_OTHER)
		return VS_OK;
	if (ztime(z, r, K_TS, &z->ts) < 0)
		return z->err->code;
	static enum vs_err (*const on[])(struct zparse *, const struct zrow *) = {
		[Z_DHCP] = on_dhcp,
		[Z_DNS] = on_dns,
		[Z_CONN] = on_conn,
		[Z_SSL] = on_ssl,
		[Z_X509] = on_x509,
		[Z_KNOWN_CERTS] = on_known_certs,
		[Z_SOFTWARE] = on_software,
		[Z_KNOWN_HOSTS] = on_known_hosts,
		[Z_KNOWN_DEVICES] = on_known_devices,
	};
	enum vs_err rc = on[log](z, r);
	if (!rc && z->oom)
		rc = vs_fail(z->err, VS_ENOMEM, "%s: out of memory", z->name);
	return rc;
}

/* ---- TSV ---- */

/* A header value ("\x09", ",", "(empty)") with its escapes undone. */
static enum vs_err header_value(struct zparse *z, struct slice v, char *out, size_t cap,
				size_t *len, const char *what)
{
	unescape(v, out, cap);
	*len = strlen(out);
	if (*len == 0 || v.len >= cap)
		return zfail(z, VS_EBADVAL, "%s is empty or too long", what);
	return VS_OK;
}

static enum vs_err tsv_fields(struct zparse *z, struct cur *c)
{
	struct zhead *h = &z->h;
	bool found = true, has[K_COUNT] = {false};
	h->n_cols = 0;
	while (found) {
		struct slice name = cur_until(c, h->sep, &found);
		if (h->n_cols == VS_MAX_ZEEK_COLUMNS)
			return zfail(z, VS_ETOOBIG, "more than %d columns (VS_MAX_ZEEK_COLUMNS)",
				      VS_MAX_ZEEK_COLUMNS);
		int key = -1;
		for (int k = 0; k < K_COUNT && key < 0; k++)
			if (slice_eq(name, key_names[k]))
				key = k;
		for (size_t i = 0; key >= 0 && i < h->n_cols; i++)
			if (h->col_key[i] == key)
				return zfail(z, VS_EBADVAL, "column %s named twice", key_names[key]);
		if (key >= 0)
			has[key] = true;
		h->col_key[h->n_cols++] = key;
	}
	h->fields = true;
	h->log = h->has_path ? h->path : log_of_keys(has);
	return VS_OK;
}

static enum vs_err tsv_header(struct zparse *z, struct slice line)
{
	struct zhead *h = &z->h;
	static const char sep_key[] = "#separator ";
	if (line.len >= sizeof(sep_key) - 1 && memcmp(line.p, sep_key, sizeof(sep_key) - 1) == 0) {
		char v[8];
		size_t n;
		struct slice val = {line.p + sizeof(sep_key) - 1, line.len - (sizeof(sep_key) - 1)};
		enum vs_err rc = header_value(z, val, v, sizeof(v), &n, "#separator");
		if (rc)
			return rc;
		if (n != 1)
			return zfail(z, VS_EBADVAL, "a separator of %zu bytes: only one is read", n);
		memset(h, 0, sizeof(*h));
		h->started = true;
		h->sep = (uint8_t)v[0];
		h->set_sep = ',';
		memcpy(h->empty, "(empty)", 8);
		h->empty_len = 7;
		memcpy(h->unset, "-", 2);
		h->unset_len = 1;
		return VS_OK;
	}
	if (!h->started)
		return zfail(z, VS_EBADVAL, "a header line before #separator");
	struct cur c = cur_make(line.p, line.len);
	bool found;
	struct slice key = cur_until(&c, h->sep, &found);
	struct slice val = {c.p + c.off, cur_left(&c)};
	char v[32];
	size_t n;
	enum vs_err rc = VS_OK;
	if (slice_eq(key, "#fields"))
		return tsv_fields(z, &c);
	if (slice_eq(key, "#set_separator")) {
		rc = header_value(z, val, v, sizeof(v), &n, "#set_separator");
		if (!rc && n != 1)
			rc = zfail(z, VS_EBADVAL, "a set separator of %zu bytes: only one is read", n);
		h->set_sep = (uint8_t)v[0];
	} else if (slice_eq(key, "#empty_field")) {
		rc = header_value(z, val, h->empty, sizeof(h->empty), &h->empty_len, "#empty_field");
	} else if (slice_eq(key, "#unset_field")) {
		rc = header_value(z, val, h->unset, sizeof(h->unset), &h->unset_len, "#unset_field");
	} else if (slice_eq(key, "#path")) {
		h->has_path = true;
		h->path = log_of_path((const char *)val.p, val.len);
	}
	return rc; /* #open, #types, #close and others say nothing of devices */
}

static enum vs_err tsv_record(struct zparse *z, struct slice line)
{
	const struct zhead *h = &z->h;
	if (!h->fields)
		return zfail(z, VS_EBADVAL, "a record before the #fields header");
	struct zrow r = {.h = h};
	struct cur c = cur_make(line.p, line.len);
	bool found = true;
	size_t col = 0;
	for (; found; col++) {
		struct slice v = cur_until(&c, h->sep, &found);
		if (col >= h->n_cols)
			continue;
		int k = h->col_key[col];
		if (k < 0)
			continue;
		r.raw[k] = v;
		r.has[k] = !raw_is(v, h->unset, h->unset_len) && !raw_is(v, h->empty, h->empty_len) &&
			   v.len > 0;
	}
	if (col != h->n_cols)
		return zfail(z, VS_EBADVAL, "%zu columns where #fields names %zu", col, h->n_cols);
	return record(z, h->log, &r);
}

/* ---- JSON ---- */

static enum vs_err json_record(struct zparse *z, struct slice line)
{
	json_error_t je;
	json_t *obj = json_loadb((const char *)line.p, line.len, JSON_REJECT_DUPLICATES, &je);
	if (!obj)
		return zfail(z, VS_EBADVAL, "not JSON: %s", je.text);
	enum vs_err rc = VS_OK;
	if (!json_is_object(obj)) {
		rc = zfail(z, VS_EBADVAL, "a JSON line that is not an object");
		goto out;
	}
	struct zrow r = {.h = NULL};
	for (int k = 0; k < K_COUNT; k++) {
		r.v[k] = json_object_get(obj, key_names[k]);
		r.has[k] = r.v[k] && !json_is_null(r.v[k]);
	}
	enum zlog log = log_of_keys(r.has);
	if (r.has[K_PATH]) {
		const char *p = json_string_value(r.v[K_PATH]);
		log = p ? log_of_path(p, strlen(p)) : Z_OTHER;
	}
	rc = record(z, log, &r);
out:
	json_decref(obj);
	return rc;
}

/* ---- the format ---- */

/* One line of the file (without its newline). */
static enum vs_err zeek_line(struct zparse *z, struct slice line)
{
	z->line++;
	if (line.len > VS_MAX_ZEEK_LINE)
		return zfail(z, VS_ETOOBIG, "a line of more than %d bytes (VS_MAX_ZEEK_LINE)",
			     VS_MAX_ZEEK_LINE);
	if (line.len && line.p[line.len - 1] == '\r')
		line.len--;
	if (line.len == 0)
		return VS_OK;
	if (line.p[0] == '#')
		return tsv_header(z, line);
	if (line.p[0] == '{')
		return json_record(z, line);
	return tsv_record(z, line);
}

static struct zparse *zparse_new(const char *name, struct device_list *out, struct vs_error *err)
{
	struct zparse *z = calloc(1, sizeof(*z)); /* the header's column table is large */
	if (z) {
		z->name = name;
		z->out = out;
		z->err = err;
	}
	return z;
}

static enum vs_err zeek_parse(const char *name, const uint8_t *data, size_t len,
			      struct device_list *out, struct vs_error *err)
{
	struct zparse *z = zparse_new(name, out, err);
	if (!z)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	struct cur c = cur_make(data, len);
	enum vs_err rc = VS_OK;
	while (!rc && !cur_eof(&c)) {
		bool found;
		rc = zeek_line(z, cur_until(&c, '\n', &found));
	}
	free(z);
	return rc;
}

/* The same, a buffer of VS_MAX_ZEEK_LINE at a time: memory stays with the
 * devices however long the log. */
static enum vs_err zeek_parse_stream(const char *name, FILE *fp, struct device_list *out,
				     struct vs_error *err)
{
	struct zparse *z = zparse_new(name, out, err);
	size_t cap = 2 * (size_t)VS_MAX_ZEEK_LINE + 2, len = 0;
	uint8_t *buf = z ? malloc(cap) : NULL;
	if (!buf) {
		free(z);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	enum vs_err rc = VS_OK;
	bool eof = false;
	while (!rc && !eof) {
		size_t got = fread(buf + len, 1, cap - len, fp);
		len += got;
		eof = got == 0;
		if (eof && ferror(fp)) {
			rc = vs_fail(err, VS_EIO, "%s: read failed after line %lld", name,
				     (long long)z->line);
			break;
		}
		struct cur c = cur_make(buf, len);
		size_t used = 0;
		while (!rc && !cur_eof(&c)) {
			bool found;
			struct slice line = cur_until(&c, '\n', &found);
			if (!found && !eof)
				break; /* the rest comes with the next read */
			rc = zeek_line(z, line);
			used = c.off;
		}
		/* A buffer of which no line ended: one line longer than the limit. */
		if (!rc && used == 0 && len == cap)
			rc = zeek_line(z, (struct slice){buf, len});
		memmove(buf, buf + used, len - used);
		len -= used;
	}
	free(buf);
	free(z);
	return rc;
}

/* The first line's bytes contain lit. */
static bool first_line_has(const uint8_t *head, size_t n, const char *lit)
{
	const uint8_t *nl = memchr(head, '\n', n);
	size_t len = nl ? (size_t)(nl - head) : n, k = strlen(lit);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(head + i, lit, k) == 0)
			return true;
	return false;
}

/* A TSV log starts "#separator "; a JSON log's line is an object whose
 * first member is "ts" (every log read here starts with it) or "_path",
 * and that names one of the members only Zeek's logs have. Inventories
 * (CSV) and software lists (winget, CycloneDX, SPDX: their own first
 * members) start otherwise. */
static bool zeek_detect(const uint8_t *head, size_t n)
{
	static const char tsv[] = "#separator ";
	if (n >= sizeof(tsv) - 1 && memcmp(head, tsv, sizeof(tsv) - 1) == 0)
		return true;
	static const char *const starts[] = {"{\"ts\":", "{\"_path\":"};
	static const char *const marks[] = {"\"uid\":\"", "\"uids\":[", "\"id.orig_h\":\"",
					    "\"fingerprint\":\"", "\"software_type\":\"",
					    "\"host\":\"", "\"mac\":\""};
	bool start = false;
	for (size_t i = 0; i < 2; i++)
		start |= n >= strlen(starts[i]) && memcmp(head, starts[i], strlen(starts[i])) == 0;
	for (size_t i = 0; start && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (first_line_has(head, n, marks[i]))
			return true;
	return false;
}

const struct device_format dev_format_zeek = {
	.name = "zeek",
	.what = "Zeek logs, TSV or JSON (dhcp dns conn ssl x509 software known_*)",
	.detect = zeek_detect,
	.parse = zeek_parse,
	.parse_stream = zeek_parse_stream,
};
