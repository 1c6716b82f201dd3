/*
 * nmap XML (-oX, any scan type), as docs/nmap.dtd of nmap 7.x describes it:
 *
 *   nmaprun > host > status@state, address@addr/@addrtype/@vendor,
 *                    hostnames > hostname@name,
 *                    ports > port@protocol/@portid > state@state,
 *                            service@name/product/version/extrainfo/servicefp > cpe,
 *                            script@id/@output > (elem@key | table@key)*,
 *                    os > osmatch@name/@accuracy > osclass > cpe,
 *                    hostscript > script
 *
 * (hosthint elements repeat a host's addresses before its scan ends; only
 * host elements count.) A host is a device: by its MAC when nmap gives one
 * (the scanner was on its link), else by its first address.
 *
 * What nmap concluded (the MAC vendor from nmap-mac-prefixes, a service's
 * product, CPE, OS) is kept as method "nmap": evidence that never decides.
 * What the device itself said is kept under the method that would have
 * seen it on the wire, so the one decision (identify/decide.c) weighs it
 * with vendorscope's own fingerprints and knowledge base: the Server
 * header (http-server-header, and the raw responses nmap keeps of services
 * it could not name: servicefp, fingerprint-strings), the page title, the
 * certificate subject (ssl-cert), sysDescr (snmp-sysdescr) and the UPnP
 * description (upnp-info). Each fact keeps the line of the element that
 * stated it.
 *
 * expat reads the file; a DOCTYPE with an internal subset (where entities
 * would be declared) is refused, nmap writes a bare <!DOCTYPE nmaprun>.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include "import/devices.h"
#include "model/vocab.h"
#include "proto/http.h"
#include "util/cur.h"
#include "util/limits.h"

#define CONF_GUESS 0.1  /* nmap's conclusion: shown, never decides */
#define CONF_NAME 0.5   /* a host name nmap resolved or was given */
#define CONF_BANNER 0.85 /* what the device said, as a capture would weigh it */

#define TEXT_CAP (VS_MAX_OBS_VALUE * 16) /* character data kept of one element */
#define KEY_CAP 64

struct nmap_ctx {
	XML_Parser xp;
	const char *name;
	struct device_list *out;
	enum vs_err err;
	struct vs_error *e;
	unsigned depth;
	/* The host being read. */
	bool in_host, host_down;
	unsigned host_depth;
	char addr[SIGHTING_ADDR_TEXT];
	int64_t addr_line;
	bool has_mac;
	uint8_t mac[6];
	char mac_vendor[VS_MAX_OBS_VALUE];
	int64_t mac_line;
	struct sighting *s; /* resolved on the first fact past the addresses */
	bool resolved;      /* s looked up (NULL when past the device limit) */
	/* The port and script being read. */
	char port[32];
	bool port_open;
	char proto_hint[8]; /* "http", "rtsp", "sip" from the service name */
	bool in_script, script_failed;
	char script_id[KEY_CAP];
	char *script_output;
	int64_t script_line;
	char table_key[KEY_CAP]; /* outermost table of the script (ssl-cert subject, issuer) */
	unsigned table_depth;
	/* ssl-cert: subject and issuer, each attribute (CERT_ATTRS order) */
	char cert[2][6][VS_MAX_OBS_VALUE / 4];
	/* The elem being read. */
	bool in_elem;
	char elem_key[KEY_CAP];
	char text[TEXT_CAP];
	size_t text_len;
	bool in_cpe, in_os, os_seen;
	/* Broadcast scripts (prescript, postscript): their output, read once
	 * the hosts are known. */
	struct broadcast {
		char *output;
		int64_t line;
	} bc[VS_MAX_NMAP_BROADCAST];
	size_t n_bc;
};

static void fail(struct nmap_ctx *c, enum vs_err rc, const char *why)
{
	if (c->err == VS_OK) {
		c->err = rc;
		vs_fail(c->e, rc, "%s:%lu: %s", c->name, (unsigned long)XML_GetCurrentLineNumber(c->xp),
			why);
	}
	XML_StopParser(c->xp, XML_FALSE);
}

static int64_t line_of(const struct nmap_ctx *c)
{
	return (int64_t)XML_GetCurrentLineNumber(c->xp);
}

static const char *attr(const XML_Char **a, const char *name)
{
	for (size_t i = 0; a && a[i]; i += 2)
		if (strcmp(a[i], name) == 0)
			return a[i + 1];
	return NULL;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* The device this host is, found or added once its addresses are read. */
static struct sighting *host(struct nmap_ctx *c)
{
	if (c->resolved || !c->in_host || c->host_down || c->err)
		return c->s;
	c->resolved = true;
	bool oom = false;
	if (c->has_mac)
		c->s = device_list_by_mac(c->out, c->mac, &oom);
	else if (c->addr[0])
		c->s = device_list_by_addr(c->out, c->addr, &oom);
	if (oom) {
		fail(c, VS_ENOMEM, "out of memory");
		return NULL;
	}
	if (!c->s)
		return NULL;
	if (c->addr[0]) {
		sighting_add_addr(c->s, c->addr);
		if (!sighting_observe_line(c->s, vocab_method(VM_NMAP), vocab_field(VF_ADDRESS), c->addr,
					   strlen(c->addr), CONF_BANNER, c->addr_line))
			fail(c, VS_ENOMEM, "out of memory");
	}
	if (c->mac_vendor[0] &&
	    !sighting_observe_line(c->s, vocab_method(VM_NMAP), vocab_field(VF_MAC_VENDOR),
				   c->mac_vendor, strlen(c->mac_vendor), CONF_GUESS, c->mac_line))
		fail(c, VS_ENOMEM, "out of memory");
	return c->s;
}

static void observe_n(struct nmap_ctx *c, enum vs_method m, const char *field, const char *v,
		      size_t n, double conf, int64_t line)
{
	while (n && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	struct sighting *s = host(c);
	if (!s || !n)
		return;
	if (!sighting_observe_line(s, vocab_method(m), field, v, n, conf, line))
		fail(c, VS_ENOMEM, "out of memory");
}

static void observe(struct nmap_ctx *c, enum vs_method m, enum vs_field f, const char *v,
		    double conf, int64_t line)
{
	if (v)
		observe_n(c, m, vocab_field(f), v, strlen(v), conf, line);
}

/* "44:19:B6:31:0A:01" */
static bool parse_mac(const char *t, uint8_t mac[6])
{
	unsigned b[6];
	char tail;
	if (!t || sscanf(t, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
			 &tail) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return strlen(t) == 17;
}

static void on_host_start(struct nmap_ctx *c)
{
	c->in_host = true;
	c->host_down = false;
	c->host_depth = c->depth;
	c->addr[0] = c->mac_vendor[0] = '\0';
	c->has_mac = false;
	c->s = NULL;
	c->resolved = false;
	c->os_seen = false;
}

static void on_address(struct nmap_ctx *c, const XML_Char **a)
{
	const char *type = attr(a, "addrtype"), *addr = attr(a, "addr");
	if (!type || !addr)
		return;
	if (strcmp(type, "mac") == 0) {
		uint8_t mac[6];
		if (c->resolved || c->has_mac || !parse_mac(addr, mac))
			return; /* nmap lists addresses first; one MAC per host */
		c->has_mac = true;
		memcpy(c->mac, mac, 6);
		copy(c->mac_vendor, sizeof(c->mac_vendor), attr(a, "vendor"));
		c->mac_line = line_of(c);
	} else if (strcmp(type, "ipv4") == 0 || strcmp(type, "ipv6") == 0) {
		if (strlen(addr) >= SIGHTING_ADDR_TEXT)
			return;
		if (c->resolved) {
			if (c->s)
				sighting_add_addr(c->s, addr);
		} else if (!c->addr[0]) {
			copy(c->addr, sizeof(c->addr), addr);
			c->addr_line = line_of(c);
		}
	}
}

static void servicefp(struct nmap_ctx *c, const char *fp, int64_t line);

static void on_service(struct nmap_ctx *c, const XML_Char **a)
{
	const char *name = attr(a, "name"), *product = attr(a, "product");
	const char *version = attr(a, "version"), *extra = attr(a, "extrainfo");
	const char *tunnel = attr(a, "tunnel");
	c->proto_hint[0] = '\0';
	if (name && (strcmp(name, "http") == 0 || strcmp(name, "rtsp") == 0 || strcmp(name, "sip") == 0))
		copy(c->proto_hint, sizeof(c->proto_hint), name);
	/* "80/tcp http: App-webs httpd 1.0 (extra)", "443/tcp ssl/http" */
	char buf[VS_MAX_OBS_VALUE];
	size_t n = 0;
	const char *part[][2] = {{"", c->port}, {" ", tunnel}, {tunnel ? "/" : " ", name ? name : "?"},
				 {": ", product}, {" ", version}, {" (", extra}, {")", extra ? "" : NULL}};
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(part) / sizeof(part[0]) && n < sizeof(buf); i++)
		if (part[i][1]) {
			int w = snprintf(buf + n, sizeof(buf) - n, "%s%s", part[i][0], part[i][1]);
			n = w < 0 ? sizeof(buf) : n + (size_t)w;
		}
	observe(c, VM_NMAP, VF_SERVICE, buf, CONF_GUESS, line_of(c));
	const char *fp = attr(a, "servicefp");
	if (fp)
		servicefp(c, fp, line_of(c));
}

/* One raw response: an HTTP, RTSP or SIP head says the Server header, the
 * realm and (HTTP) the page title as the device sent them. */
static void response(struct nmap_ctx *c, const uint8_t *p, size_t n, int64_t line)
{
	struct proto_http h;
	enum vs_err rc = proto_http_parse(p, n, &h);
	if ((rc != VS_OK && rc != VS_ETRUNC) || !h.response)
		return;
	enum vs_method m;
	if (h.version.len >= 5 && memcmp(h.version.p, "HTTP/", 5) == 0)
		m = VM_HTTP;
	else if (h.version.len >= 5 && memcmp(h.version.p, "RTSP/", 5) == 0)
		m = VM_RTSP;
	else if (h.version.len >= 4 && memcmp(h.version.p, "SIP/", 4) == 0)
		m = VM_SIP;
	else
		return;
	struct slice v = proto_http_header(&h, "Server");
	observe_n(c, m, vocab_field(VF_SERVER), (const char *)v.p, v.len, CONF_BANNER, line);
	v = proto_http_auth_realm(proto_http_header(&h, "WWW-Authenticate"));
	observe_n(c, m, vocab_field(VF_REALM), (const char *)v.p, v.len, CONF_BANNER, line);
	if (m == VM_HTTP) {
		v = proto_http_title(h.body);
		observe_n(c, m, vocab_field(VF_TITLE), (const char *)v.p, v.len, CONF_BANNER, line);
	}
}

/*
 * servicefp: "SF-Port554-TCP:V=7.93%I=7%…%r(RTSPRequest,6A,\"RTSP/1\.0\x20401…\")%r(…)",
 * wrapped every 80 columns with "\nSF:" (nmap's service_scan.cc). Each
 * r(PROBE,HEXLEN,"ESCAPED") is one response; the escapes are \xHH, \r, \n,
 * \t, \0 and a backslash before any other byte.
 */
static void servicefp(struct nmap_ctx *c, const char *fp, int64_t line)
{
	struct cur in = cur_make(fp, strlen(fp));
	uint8_t *buf = malloc(VS_MAX_NMAP_RESPONSE);
	if (!buf) {
		fail(c, VS_ENOMEM, "out of memory");
		return;
	}
	while (!cur_eof(&in) && !c->err) {
		bool found;
		cur_until(&in, '"', &found); /* to the opening quote of a response */
		if (!found)
			break;
		size_t n = 0;
		while (!cur_eof(&in)) {
			uint8_t b = cur_u8(&in);
			if (b == '"')
				break;
			if (b == '\n') { /* a wrap: "\nSF:" */
				if (cur_left(&in) >= 3 && memcmp(in.p + in.off, "SF:", 3) == 0)
					cur_skip(&in, 3);
				continue;
			}
			if (b == '\\' && !cur_eof(&in)) {
				b = cur_u8(&in);
				if (b == 'x' && cur_left(&in) >= 2) {
					char hex[3] = {(char)cur_u8(&in), (char)cur_u8(&in), '\0'};
					char *end;
					b = (uint8_t)strtoul(hex, &end, 16);
					if (*end)
						b = '?';
				} else if (b == 'r') {
					b = '\r';
				} else if (b == 'n') {
					b = '\n';
				} else if (b == 't') {
					b = '\t';
				} else if (b == '0') {
					b = 0;
				}
			}
			if (n < VS_MAX_NMAP_RESPONSE)
				buf[n++] = b;
		}
		response(c, buf, n, line);
	}
	free(buf);
}

/* snmp-sysdescr: sysDescr, then "  System uptime: …" nmap adds. */
static void script_sysdescr(struct nmap_ctx *c, const char *out)
{
	const char *up = strstr(out, "\n  System uptime:");
	size_t n = up ? (size_t)(up - out) : strlen(out);
	observe_n(c, VM_SNMP, vocab_field(VF_SYS_DESCR), out, n, CONF_BANNER, c->script_line);
}

/* upnp-info (and the device sections of broadcast-upnp-info): "Server: …",
 * then the description's "Manufacturer: …", "Model Name: …",
 * "Model Version: …" (modelNumber), "Name: …" (friendlyName), one a line. */
static void upnp_line(struct nmap_ctx *c, struct slice l)
{
	static const struct {
		const char *label;
		enum vs_method m;
		enum vs_field f;
	} keys[] = {
		{"Server: ", VM_SSDP, VF_SERVER},	 {"Manufacturer: ", VM_UPNP, VF_MANUFACTURER},
		{"Model Name: ", VM_UPNP, VF_MODEL}, {"Model Version: ", VM_UPNP, VF_MODEL_NUMBER},
		{"Name: ", VM_UPNP, VF_NAME},
	};
	while (l.len && (*l.p == ' ' || *l.p == '\t'))
		l.p++, l.len--;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t k = strlen(keys[i].label);
		if (l.len > k && memcmp(l.p, keys[i].label, k) == 0) {
			observe_n(c, keys[i].m, vocab_field(keys[i].f), (const char *)l.p + k, l.len - k,
				  CONF_BANNER, c->script_line);
			return;
		}
	}
}

static void script_upnp(struct nmap_ctx *c, const char *out)
{
	struct cur in = cur_make(out, strlen(out));
	while (!cur_eof(&in)) {
		bool nl;
		upnp_line(c, cur_until(&in, '\n', &nl));
	}
}

/* ssl-cert's subject or issuer table: elem keys are X.509 attribute names;
 * written "CN=…,OU=…,O=…,L=…,ST=…,C=…" as a capture writes a certificate. */
static const char *const cert_attrs[6][2] = {
	{"commonName", "CN"},  {"organizationalUnitName", "OU"}, {"organizationName", "O"},
	{"localityName", "L"}, {"stateOrProvinceName", "ST"},	 {"countryName", "C"},
};

static void cert_elem(struct nmap_ctx *c)
{
	int which = strcmp(c->table_key, "subject") == 0 ? 0 : strcmp(c->table_key, "issuer") == 0 ? 1 : -1;
	if (which < 0 || c->depth != c->table_depth + 1)
		return;
	for (size_t i = 0; i < 6; i++)
		if (strcmp(c->elem_key, cert_attrs[i][0]) == 0)
			snprintf(c->cert[which][i], sizeof(c->cert[which][i]), "%.*s", (int)c->text_len,
				 c->text);
}

/* "CN=…,OU=…,O=…,L=…,ST=…,C=…", as a capture writes a certificate's name. */
static void cert_observe(struct nmap_ctx *c, int which)
{
	char buf[VS_MAX_OBS_VALUE * 2];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < 6; i++) {
		if (!c->cert[which][i][0])
			continue;
		int w = snprintf(buf + n, sizeof(buf) - n, "%s%s=%s", n ? "," : "", cert_attrs[i][1],
				 c->cert[which][i]);
		n = w < 0 || (size_t)w >= sizeof(buf) - n ? sizeof(buf) - 1 : n + (size_t)w;
	}
	observe(c, VM_TLS, which ? VF_ISSUER : VF_SUBJECT, buf, CONF_BANNER, c->script_line);
}

/* fingerprint-strings: servicefp's printable runs, one a line indented by
 * four blanks where the response had CR LF (or any other unprintable
 * byte): lines joined again by CR LF read as the response's head. */
static void fingerprint_strings(struct nmap_ctx *c)
{
	char buf[TEXT_CAP * 2];
	size_t n = 0;
	struct cur in = cur_make(c->text, c->text_len);
	while (!cur_eof(&in) && n + 2 < sizeof(buf)) {
		bool nl;
		struct slice l = cur_until(&in, '\n', &nl);
		while (l.len && (*l.p == ' ' || *l.p == '\t'))
			l.p++, l.len--;
		if (!l.len && n == 0)
			continue;
		size_t k = l.len < sizeof(buf) - 2 - n ? l.len : sizeof(buf) - 2 - n;
		memcpy(buf + n, l.p, k);
		n += k;
		buf[n++] = '\r';
		buf[n++] = '\n';
	}
	if (n + 2 <= sizeof(buf)) { /* the empty line that ends a head */
		buf[n++] = '\r';
		buf[n++] = '\n';
	}
	response(c, (const uint8_t *)buf, n, c->script_line);
}

/* An elem of a script just ended: its text is c->text. */
static void script_elem(struct nmap_ctx *c)
{
	const char *id = c->script_failed ? "" : c->script_id;
	if (strcmp(id, "ssl-cert") == 0)
		cert_elem(c);
	else if (strcmp(id, "http-title") == 0 && strcmp(c->elem_key, "title") == 0)
		observe_n(c, VM_HTTP, vocab_field(VF_TITLE), c->text, c->text_len, CONF_BANNER,
			  c->script_line);
	else if (strcmp(id, "http-server-header") == 0 && !c->elem_key[0])
		observe_n(c, VM_HTTP, vocab_field(VF_SERVER), c->text, c->text_len, CONF_BANNER,
			  c->script_line);
	else if (strcmp(id, "fingerprint-strings") == 0)
		fingerprint_strings(c);
}

/* A script just ended; what its output attribute says. */
static void script_end(struct nmap_ctx *c)
{
	const char *id = c->script_id, *out = c->script_output ? c->script_output : "";
	if (c->script_failed)
		id = "";
	if (strcmp(id, "snmp-sysdescr") == 0)
		script_sysdescr(c, out);
	else if (strcmp(id, "upnp-info") == 0)
		script_upnp(c, out);
	for (int i = 0; i < 2; i++)
		cert_observe(c, i);
	free(c->script_output);
	c->script_output = NULL;
	c->in_script = false;
}

static void on_script(struct nmap_ctx *c, const XML_Char **a)
{
	const char *id = attr(a, "id"), *out = attr(a, "output");
	if (!c->in_host && id && out && strncmp(id, "broadcast-", 10) == 0 &&
	    c->n_bc < VS_MAX_NMAP_BROADCAST) {
		struct broadcast *b = &c->bc[c->n_bc];
		b->output = strdup(out);
		b->line = line_of(c);
		if (!b->output)
			fail(c, VS_ENOMEM, "out of memory");
		else
			c->n_bc++;
		return;
	}
	if (!c->in_host || c->host_down || c->in_script)
		return; /* a script inside a script: nmap writes none */
	c->in_script = true;
	copy(c->script_id, sizeof(c->script_id), id);
	c->script_output = out ? strdup(out) : NULL;
	if (out && !c->script_output)
		fail(c, VS_ENOMEM, "out of memory");
	c->script_line = line_of(c);
	/* "ERROR: Script execution failed (use -d to debug)": says nothing
	 * of the device, nor do its elems */
	c->script_failed = out && strncmp(out, "ERROR: ", 7) == 0;
	c->table_key[0] = '\0';
	memset(c->cert, 0, sizeof(c->cert));
}

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct nmap_ctx *c = ud;
	if (++c->depth > VS_MAX_NMAP_DEPTH) {
		fail(c, VS_ETOOBIG, "elements nest deeper than VS_MAX_NMAP_DEPTH");
		return;
	}
	if (c->depth == 1 && strcmp(el, "nmaprun") != 0) {
		fail(c, VS_EBADVAL, "not nmap XML (the root element is not nmaprun)");
		return;
	}
	if (strcmp(el, "host") == 0 && c->depth == 2) {
		on_host_start(c);
		return;
	}
	if (!c->in_host) {
		if (strcmp(el, "script") == 0)
			on_script(c, a); /* prescript, postscript */
		return;
	}
	if (strcmp(el, "status") == 0) {
		const char *st = attr(a, "state");
		c->host_down = st && strcmp(st, "up") != 0;
	} else if (strcmp(el, "address") == 0) {
		on_address(c, a);
	} else if (strcmp(el, "hostname") == 0) {
		observe(c, VM_NMAP, VF_HOSTNAME, attr(a, "name"), CONF_NAME, line_of(c));
	} else if (strcmp(el, "port") == 0) {
		snprintf(c->port, sizeof(c->port), "%.8s/%.8s", attr(a, "portid") ? attr(a, "portid") : "?",
			 attr(a, "protocol") ? attr(a, "protocol") : "?");
		c->port_open = false;
		c->proto_hint[0] = '\0';
	} else if (strcmp(el, "state") == 0) {
		const char *st = attr(a, "state");
		c->port_open = st && strncmp(st, "open", 4) == 0; /* open, open|filtered */
	} else if (strcmp(el, "service") == 0 && c->port_open) {
		on_service(c, a);
	} else if (strcmp(el, "script") == 0) {
		on_script(c, a);
	} else if (strcmp(el, "table") == 0 && c->in_script) {
		if (!c->table_key[0]) {
			copy(c->table_key, sizeof(c->table_key), attr(a, "key"));
			c->table_depth = c->depth;
		}
	} else if (strcmp(el, "elem") == 0 && c->in_script) {
		c->in_elem = true;
		copy(c->elem_key, sizeof(c->elem_key), attr(a, "key"));
		c->text_len = 0;
	} else if (strcmp(el, "cpe") == 0) {
		c->in_cpe = true;
		c->text_len = 0;
	} else if (strcmp(el, "osmatch") == 0 && !c->os_seen) {
		/* nmap lists OS matches best first */
		char buf[VS_MAX_OBS_VALUE];
		const char *acc = attr(a, "accuracy");
		snprintf(buf, sizeof(buf), "%s%s%.8s%s", attr(a, "name") ? attr(a, "name") : "?",
			 acc ? " (" : "", acc ? acc : "", acc ? "%)" : "");
		observe(c, VM_NMAP, VF_OS, buf, CONF_GUESS, line_of(c));
		c->os_seen = true;
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
	struct nmap_ctx *c = ud;
	if (c->in_host && c->depth == c->host_depth) {
		host(c); /* a host with nothing but addresses is still a device */
		c->in_host = false;
		c->s = NULL;
	} else if (c->in_elem && strcmp(el, "elem") == 0) {
		script_elem(c);
		c->in_elem = false;
	} else if (c->in_script && strcmp(el, "table") == 0 && c->depth == c->table_depth) {
		c->table_key[0] = '\0';
	} else if (c->in_script && strcmp(el, "script") == 0) {
		script_end(c);
	} else if (c->in_cpe && strcmp(el, "cpe") == 0) {
		observe_n(c, VM_NMAP, vocab_field(VF_CPE), c->text, c->text_len, CONF_GUESS, line_of(c));
		c->in_cpe = false;
	}
	c->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct nmap_ctx *c = ud;
	if ((!c->in_elem && !c->in_cpe) || len <= 0)
		return;
	size_t n = (size_t)len;
	if (n > sizeof(c->text) - 1 - c->text_len)
		n = sizeof(c->text) - 1 - c->text_len; /* longer than any value kept */
	memcpy(c->text + c->text_len, s, n);
	c->text_len += n;
	c->text[c->text_len] = '\0';
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	if (has_internal)
		fail(ud, VS_EBADVAL, "a DOCTYPE with an internal subset (entity declarations) is "
				     "refused; nmap writes none");
}

/* The device an address names: the host that used it, else a new one. */
static struct sighting *by_any_addr(struct nmap_ctx *c, const char *addr)
{
	for (size_t i = 0; i < c->out->n; i++)
		if (sighting_has_addr(&c->out->dev[i], addr))
			return &c->out->dev[i];
	bool oom = false;
	struct sighting *s = device_list_by_addr(c->out, addr, &oom);
	if (oom)
		fail(c, VS_ENOMEM, "out of memory");
	return s;
}

/*
 * broadcast-upnp-info, broadcast-wsdd-discover …: sections that start with
 * a line holding only an address, the device's facts indented below it
 * ("Server: …", "Manufacturer: …", "Type: …"). Each section's facts go to
 * the host with that address, as upnp-info's do.
 */
static void broadcasts(struct nmap_ctx *c)
{
	size_t sections = 0;
	for (size_t i = 0; i < c->n_bc && !c->err; i++) {
		struct cur in = cur_make(c->bc[i].output, strlen(c->bc[i].output));
		c->script_line = c->bc[i].line;
		while (!cur_eof(&in) && !c->err) {
			bool nl;
			struct slice l = cur_until(&in, '\n', &nl);
			while (l.len && (*l.p == ' ' || *l.p == '\t'))
				l.p++, l.len--;
			char addr[SIGHTING_ADDR_TEXT];
			uint8_t bin[16];
			if (l.len && l.len < sizeof(addr)) {
				memcpy(addr, l.p, l.len);
				addr[l.len] = '\0';
				if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1) {
					/* each looks through the list: bounded */
					c->s = ++sections <= VS_MAX_NMAP_BROADCAST_HOSTS ? by_any_addr(c, addr)
											 : NULL;
					c->in_host = c->resolved = true;
					c->host_down = false;
					continue;
				}
			}
			if (!c->s)
				continue;
			static const char type[] = "Type: ";
			if (l.len > sizeof(type) - 1 && memcmp(l.p, type, sizeof(type) - 1) == 0)
				observe_n(c, VM_WSD, vocab_field(VF_TYPES), (const char *)l.p + 6, l.len - 6,
					  CONF_BANNER, c->script_line);
			else
				upnp_line(c, l);
		}
		c->s = NULL;
		c->in_host = c->resolved = false;
	}
}

static struct nmap_ctx *nmap_begin(const char *name, struct device_list *out, struct vs_error *err)
{
	struct nmap_ctx *c = calloc(1, sizeof(*c));
	if (c)
		c->xp = XML_ParserCreate(NULL);
	if (!c || !c->xp) {
		free(c);
		vs_fail(err, VS_ENOMEM, "out of memory");
		return NULL;
	}
	c->name = name;
	c->out = out;
	c->e = err;
	XML_SetUserData(c->xp, c);
	XML_SetElementHandler(c->xp, on_start, on_end);
	XML_SetCharacterDataHandler(c->xp, on_text);
	XML_SetStartDoctypeDeclHandler(c->xp, on_doctype);
	return c;
}

/* The next n bytes (at most INT_MAX: expat takes an int); last: the file ends. */
static bool nmap_feed(struct nmap_ctx *c, const uint8_t *p, size_t n, bool last)
{
	if (XML_Parse(c->xp, (const char *)p, (int)n, last) != XML_STATUS_OK && c->err == VS_OK) {
		enum XML_Error xe = XML_GetErrorCode(c->xp);
		c->err = VS_EBADVAL;
		vs_fail(c->e, VS_EBADVAL, "%s:%lu: %s%s", c->name,
			(unsigned long)XML_GetCurrentLineNumber(c->xp), XML_ErrorString(xe),
			xe == XML_ERROR_NO_ELEMENTS || xe == XML_ERROR_UNCLOSED_TOKEN
				? " (the file ends early: an nmap scan still running or cut?)"
				: "");
	}
	return c->err == VS_OK;
}

static enum vs_err nmap_end(struct nmap_ctx *c)
{
	if (c->err == VS_OK)
		broadcasts(c);
	enum vs_err rc = c->err;
	XML_ParserFree(c->xp);
	free(c->script_output);
	for (size_t i = 0; i < c->n_bc; i++)
		free(c->bc[i].output);
	free(c);
	return rc;
}

static enum vs_err nmap_parse(const char *name, const uint8_t *data, size_t len,
			      struct device_list *out, struct vs_error *err)
{
	struct nmap_ctx *c = nmap_begin(name, out, err);
	if (!c)
		return VS_ENOMEM;
	size_t off = 0;
	do {
		size_t n = len - off > (1u << 30) ? (1u << 30) : len - off;
		if (!nmap_feed(c, data + off, n, off + n == len))
			break;
		off += n;
	} while (off < len);
	return nmap_end(c);
}

/* The same, streamed: expat is incremental, so a 100,000-host file is never
 * held whole. */
static enum vs_err nmap_parse_stream(const char *name, FILE *fp, struct device_list *out,
				     struct vs_error *err)
{
	enum { CHUNK = 1 << 16 };
	uint8_t *buf = malloc(CHUNK);
	struct nmap_ctx *c = buf ? nmap_begin(name, out, err) : NULL;
	if (!c) {
		free(buf);
		return buf ? VS_ENOMEM : vs_fail(err, VS_ENOMEM, "out of memory");
	}
	for (;;) {
		size_t n = fread(buf, 1, CHUNK, fp);
		if (ferror(fp)) {
			if (c->err == VS_OK)
				c->err = vs_fail(err, VS_EIO, "%s: read failed", name);
			break;
		}
		if (!nmap_feed(c, buf, n, feof(fp) != 0) || feof(fp))
			break;
	}
	free(buf);
	return nmap_end(c);
}

/* "<nmaprun" near the top, after the XML declaration, DOCTYPE, stylesheet
 * and comment nmap writes first. */
static bool nmap_detect(const uint8_t *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i >= n || head[i] != '<')
		return false;
	static const char tag[] = "<nmaprun";
	for (; i + sizeof(tag) - 1 <= n; i++)
		if (memcmp(head + i, tag, sizeof(tag) - 1) == 0)
			return true;
	return false;
}

const struct device_format dev_format_nmap = {
	.name = "nmap",
	.what = "nmap XML (nmap -oX): addresses, MAC, host names, services, scripts",
	.detect = nmap_detect,
	.parse = nmap_parse,
	.parse_stream = nmap_parse_stream,
};
