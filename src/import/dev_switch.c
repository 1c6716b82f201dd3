/*
 * Switch tables: which MAC a switch learnt on which port (a site hint for
 * the device behind it), and the LLDP neighbours it heard (devices that
 * describe themselves). Facts go under method "switch" (fields switch,
 * port, vlan); an LLDP neighbour's own words under "lldp" (sys_name,
 * sys_descr, chassis_id), as a captured LLDP frame's, so the banner
 * fingerprints and names apply.
 *
 * snmpwalk (net-snmp) text, one variable a line, "OID = TYPE: VALUE"; the
 * OID numeric (-On: .1.3.6.1..., or iso.3.6.1... / SNMPv2-SMI::mib-2...
 * when the MIB files are missing, as on Debian without snmp-mibs-downloader)
 * or symbolic (BRIDGE-MIB::dot1dTpFdbPort.0.27.33.49.10.14). A STRING value
 * in quotes may run over several lines. The tables read (RFC 4188
 * BRIDGE-MIB, RFC 4363 Q-BRIDGE-MIB, IEEE 802.1AB LLDP-MIB, RFC 2863 IF-MIB):
 *   dot1dTpFdbAddress/Port/Status  1.3.6.1.2.1.17.4.3.1.{1,2,3}.MAC(6 octets)
 *   dot1dBasePortIfIndex           1.3.6.1.2.1.17.1.4.1.2.PORT -> ifIndex
 *   dot1qTpFdbPort/Status          1.3.6.1.2.1.17.7.1.2.2.1.{2,3}.VLAN.MAC
 *   ifDescr 1.3.6.1.2.1.2.2.1.2.IF, ifName 1.3.6.1.2.1.31.1.1.1.1.IF
 *   sysName 1.3.6.1.2.1.1.5.0
 *   lldpRemChassisIdSubtype..SysDesc 1.0.8802.1.1.2.1.4.1.1.{4..10}.TIME.LPORT.IDX
 *   lldpRemManAddrIfSubtype        1.0.8802.1.1.2.1.4.2.1.3.TIME.LPORT.IDX.1.4.A.B.C.D
 *   lldpLocPortId/Desc             1.0.8802.1.1.2.1.3.7.1.{3,4}.LPORT
 * An FDB row whose status is self(4) is the switch's own MAC and skipped.
 * A MAC index shown as text (BRIDGE-MIB::dot1dTpFdbPort.'..!1..', MIBs
 * loaded) is joined to its dot1dTpFdbAddress row by that text.
 *
 * show mac address-table (Cisco IOS/NX-OS), display mac-address (Huawei
 * VRP, HPE Comware), show mac-address (HPE ProCurve/ArubaOS-Switch): a
 * header line naming "MAC", "VLAN" and the port column, then one entry a
 * line; the MAC in dotted (0011.2233.4455), dashed (0011-2233-4455,
 * 001122-334455) or colon form. The port is the interface word (a letter
 * and a digit: Gi1/0/1, GE0/0/1, Eth1/1), or the column the header puts
 * first when it names "Port" before "VLAN" (ProCurve: plain numbers). The
 * switch's name comes from a CLI prompt line if the file has one
 * (sw-core#show ..., <HUAWEI>display ..., [H3C]display ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/dev_text.h"
#include "model/vocab.h"
#include "util/limits.h"

#define SWITCH vocab_method(VM_SWITCH)
#define LLDP vocab_method(VM_LLDP)

/* ---- snmpwalk ------------------------------------------------------- */

enum col {
	C_FDB_ADDR, C_FDB_PORT, C_FDB_STATUS, C_BASE_IFINDEX, C_Q_PORT, C_Q_STATUS, C_IFDESCR,
	C_IFNAME, C_SYSNAME, C_REM_CHASSIS_SUB, C_REM_CHASSIS, C_REM_PORT_SUB, C_REM_PORT,
	C_REM_PORT_DESC, C_REM_SYS_NAME, C_REM_SYS_DESC, C_REM_MAN_ADDR, C_LOC_PORT_ID,
	C_LOC_PORT_DESC, C_NONE
};

/* Which table a row belongs to: rows of one table share an index. */
enum table { T_FDB, T_BASE, T_Q, T_IF, T_SYS, T_REM, T_LOC };

static const struct {
	const char *num, *sym;
	enum table table;
} cols[C_NONE] = {
	[C_FDB_ADDR] = {"1.3.6.1.2.1.17.4.3.1.1", "dot1dTpFdbAddress", T_FDB},
	[C_FDB_PORT] = {"1.3.6.1.2.1.17.4.3.1.2", "dot1dTpFdbPort", T_FDB},
	[C_FDB_STATUS] = {"1.3.6.1.2.1.17.4.3.1.3", "dot1dTpFdbStatus", T_FDB},
	[C_BASE_IFINDEX] = {"1.3.6.1.2.1.17.1.4.1.2", "dot1dBasePortIfIndex", T_BASE},
	[C_Q_PORT] = {"1.3.6.1.2.1.17.7.1.2.2.1.2", "dot1qTpFdbPort", T_Q},
	[C_Q_STATUS] = {"1.3.6.1.2.1.17.7.1.2.2.1.3", "dot1qTpFdbStatus", T_Q},
	[C_IFDESCR] = {"1.3.6.1.2.1.2.2.1.2", "ifDescr", T_IF},
	[C_IFNAME] = {"1.3.6.1.2.1.31.1.1.1.1", "ifName", T_IF},
	[C_SYSNAME] = {"1.3.6.1.2.1.1.5", "sysName", T_SYS},
	[C_REM_CHASSIS_SUB] = {"1.0.8802.1.1.2.1.4.1.1.4", "lldpRemChassisIdSubtype", T_REM},
	[C_REM_CHASSIS] = {"1.0.8802.1.1.2.1.4.1.1.5", "lldpRemChassisId", T_REM},
	[C_REM_PORT_SUB] = {"1.0.8802.1.1.2.1.4.1.1.6", "lldpRemPortIdSubtype", T_REM},
	[C_REM_PORT] = {"1.0.8802.1.1.2.1.4.1.1.7", "lldpRemPortId", T_REM},
	[C_REM_PORT_DESC] = {"1.0.8802.1.1.2.1.4.1.1.8", "lldpRemPortDesc", T_REM},
	[C_REM_SYS_NAME] = {"1.0.8802.1.1.2.1.4.1.1.9", "lldpRemSysName", T_REM},
	[C_REM_SYS_DESC] = {"1.0.8802.1.1.2.1.4.1.1.10", "lldpRemSysDesc", T_REM},
	[C_REM_MAN_ADDR] = {"1.0.8802.1.1.2.1.4.2.1.3", "lldpRemManAddrIfSubtype", T_REM},
	[C_LOC_PORT_ID] = {"1.0.8802.1.1.2.1.3.7.1.3", "lldpLocPortId", T_LOC},
	[C_LOC_PORT_DESC] = {"1.0.8802.1.1.2.1.3.7.1.4", "lldpLocPortDesc", T_LOC},
};

/* Prefixes net-snmp writes for the numeric roots when no MIB names them. */
static const struct {
	const char *text, *num;
} roots[] = {
	{"iso.", "1."},
	{"SNMPv2-SMI::mib-2.", "1.3.6.1.2.1."},
	{"mib-2.", "1.3.6.1.2.1."},
	{"SNMPv2-SMI::std.", "1.0."},
	{"SNMPv2-SMI::iso.", "1."},
};

#define OID_TEXT 512

/* One table row: what its columns said, each with the line saying it. */
struct row {
	enum table table;
	struct slice index; /* the OID's bytes after the column, as written */
	long line;
	struct slice v[C_NONE];
	long v_line[C_NONE];
	size_t man; /* a neighbour's first lldpRemManAddr row with an IPv4 address (+1) */
};

struct walk {
	struct row *rows;
	size_t n, alloc;
	uint32_t *slot; /* (row index + 1) by (table, index); 0 empty */
	size_t n_slots;
};

static uint64_t hash_key(enum table t, struct slice index)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)t;
	for (size_t i = 0; i < index.len; i++)
		h = (h ^ index.p[i]) * 1099511628211ULL;
	return h;
}

static bool same_key(const struct row *r, enum table t, struct slice index)
{
	return r->table == t && r->index.len == index.len &&
	       (index.len == 0 || memcmp(r->index.p, index.p, index.len) == 0);
}

static struct row *walk_find(const struct walk *w, enum table t, struct slice index)
{
	if (!w->n_slots)
		return NULL;
	for (size_t i = hash_key(t, index) & (w->n_slots - 1);; i = (i + 1) & (w->n_slots - 1)) {
		if (!w->slot[i])
			return NULL;
		if (same_key(&w->rows[w->slot[i] - 1], t, index))
			return &w->rows[w->slot[i] - 1];
	}
}

static bool walk_rehash(struct walk *w, size_t n_slots)
{
	uint32_t *slot = calloc(n_slots, sizeof(*slot));
	if (!slot)
		return false;
	for (size_t r = 0; r < w->n; r++) {
		size_t i = hash_key(w->rows[r].table, w->rows[r].index) & (n_slots - 1);
		while (slot[i])
			i = (i + 1) & (n_slots - 1);
		slot[i] = (uint32_t)(r + 1);
	}
	free(w->slot);
	w->slot = slot;
	w->n_slots = n_slots;
	return true;
}

/* The row of (t, index), added when new; NULL: out of memory. */
static struct row *walk_row(struct walk *w, enum table t, struct slice index, long line)
{
	struct row *r = walk_find(w, t, index);
	if (r)
		return r;
	if (w->n == w->alloc) {
		size_t n = w->alloc ? w->alloc * 2 : 64;
		struct row *p = realloc(w->rows, n * sizeof(*p));
		if (!p)
			return NULL;
		w->rows = p;
		w->alloc = n;
	}
	if (2 * (w->n + 1) > w->n_slots && !walk_rehash(w, w->n_slots ? 2 * w->n_slots : 128))
		return NULL;
	r = &w->rows[w->n++];
	memset(r, 0, sizeof(*r));
	r->table = t;
	r->index = index;
	r->line = line;
	size_t i = hash_key(t, index) & (w->n_slots - 1);
	while (w->slot[i])
		i = (i + 1) & (w->n_slots - 1);
	w->slot[i] = (uint32_t)w->n;
	return r;
}

static void walk_release(struct walk *w)
{
	free(w->rows);
	free(w->slot);
	memset(w, 0, sizeof(*w));
}

/*
 * The column an OID names and its index (the bytes after the column's OID,
 * without the dot, borrowed from the line). C_NONE for any other OID.
 */
static enum col oid_column(struct slice oid, struct slice *index)
{
	char text[OID_TEXT];
	size_t n = 0;
	struct slice s = oid;
	if (s.len && s.p[0] == '.') {
		s.p++;
		s.len--;
	}
	size_t skipped = (size_t)(s.p - oid.p);
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (dev_starts(s, roots[i].text)) {
			n = strlen(roots[i].num);
			memcpy(text, roots[i].num, n);
			skipped += strlen(roots[i].text);
			break;
		}
	/* MODULE::symbol: the symbol alone. */
	for (size_t i = skipped; n == 0 && i + 1 < oid.len && oid.p[i] != '.'; i++)
		if (oid.p[i] == ':' && oid.p[i + 1] == ':')
			skipped = i + 2;
	if (oid.len - skipped + n >= sizeof(text))
		return C_NONE;
	memcpy(text + n, oid.p + skipped, oid.len - skipped);
	n += oid.len - skipped;
	/* text[0, n) begins with the column; what follows '.' is the index,
	 * at the same distance from the end in the line's own bytes. */
	for (int c = 0; c < C_NONE; c++) {
		const char *names[2] = {cols[c].num, cols[c].sym};
		for (int k = 0; k < 2; k++) {
			size_t m = strlen(names[k]);
			if (n > m + 1 && memcmp(text, names[k], m) == 0 && text[m] == '.') {
				size_t tail = n - m - 1;
				if (tail > oid.len)
					return C_NONE;
				index->p = oid.p + oid.len - tail;
				index->len = tail;
				return (enum col)c;
			}
		}
	}
	return C_NONE;
}

/* Numeric sub-identifiers of an index ("0.27.33.49.10.14"); false when it
 * is not all numbers or has more than max. */
static bool index_numbers(struct slice index, unsigned long *out, size_t max, size_t *n)
{
	*n = 0;
	struct slice rest = index;
	while (rest.len) {
		const uint8_t *dot = memchr(rest.p, '.', rest.len);
		struct slice part = {rest.p, dot ? (size_t)(dot - rest.p) : rest.len};
		if (*n == max || !dev_uint(part, &out[*n]))
			return false;
		(*n)++;
		if (!dot)
			break;
		rest.p = dot + 1;
		rest.len -= part.len + 1;
		if (!rest.len)
			return false;
	}
	return *n > 0;
}

static bool index_mac(const unsigned long *sub, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		if (sub[i] > 255)
			return false;
		mac[i] = (uint8_t)sub[i];
	}
	static const uint8_t zero[6];
	return memcmp(mac, zero, 6) != 0;
}

/* The value of "TYPE: VALUE" without its type, a STRING without its quotes. */
static struct slice value_text(struct slice v)
{
	if (!v.len)
		return v;
	const uint8_t *colon = memchr(v.p, ':', v.len);
	if (colon && colon + 1 < v.p + v.len && colon[1] == ' ') {
		size_t skip = (size_t)(colon - v.p) + 2;
		v.p += skip;
		v.len -= skip;
	}
	v = dev_trim(v);
	if (v.len >= 2 && v.p[0] == '"' && v.p[v.len - 1] == '"') {
		v.p++;
		v.len -= 2;
	}
	return v;
}

/* An INTEGER value: "3" or "learned(3)". */
static bool value_int(struct slice v, unsigned long *out)
{
	v = value_text(v);
	if (!v.len)
		return false; /* a column the walk did not have */
	const uint8_t *open = memchr(v.p, '(', v.len);
	if (open && v.len && v.p[v.len - 1] == ')') {
		struct slice in = {open + 1, (size_t)(v.p + v.len - 1 - (open + 1))};
		return dev_uint(in, out);
	}
	return dev_uint(v, out);
}

/* Whether a STRING value opened a quote it does not close on its line. */
static bool open_string(struct slice value)
{
	if (!dev_starts(value, "STRING: \""))
		return false;
	struct slice s = {value.p + 9, value.len - 9};
	s = dev_trim(s);
	size_t quotes = 0;
	for (size_t i = 0; i < s.len; i++)
		quotes += s.p[i] == '"' && (i == 0 || s.p[i - 1] != '\\');
	return quotes % 2 == 0; /* the opening quote was not counted */
}

static enum vs_err walk_read(const char *name, const uint8_t *data, size_t len, struct walk *w,
			     struct vs_error *err)
{
	struct cur c = cur_make(data, len);
	struct slice line;
	long no = 0;
	while (dev_line(&c, &no, &line)) {
		const uint8_t *eq = NULL;
		for (size_t i = 0; i + 2 < line.len && !eq; i++)
			if (line.p[i] == ' ' && line.p[i + 1] == '=' && line.p[i + 2] == ' ')
				eq = line.p + i;
		if (!eq)
			continue; /* a Hex-STRING's next octets, or a message */
		struct slice oid = {line.p, (size_t)(eq - line.p)}, index;
		struct slice value = {eq + 3, line.len - (size_t)(eq - line.p) - 3};
		long first = no;
		if (open_string(value)) {
			/* The value runs on to the line ending in its closing quote. */
			for (;;) {
				struct slice more;
				if (!dev_line(&c, &no, &more))
					return dev_fail(err, name, first, "a quoted STRING is not closed");
				value.len = (size_t)(more.p + more.len - value.p);
				more = dev_trim(more);
				if (more.len && more.p[more.len - 1] == '"' &&
				    (more.len < 2 || more.p[more.len - 2] != '\\'))
					break;
			}
		}
		enum col col = oid_column(dev_trim(oid), &index);
		if (col == C_NONE)
			continue;
		if (w->n >= VS_MAX_SWITCH_ROWS && !walk_find(w, cols[col].table, index))
			return vs_fail(err, VS_ETOOBIG, "%s:%ld: more than %d table rows "
							"(VS_MAX_SWITCH_ROWS)", name, first,
					VS_MAX_SWITCH_ROWS);
		struct row *r = walk_row(w, cols[col].table, index, first);
		if (!r)
			return vs_fail(err, VS_ENOMEM, "out of memory");
		if (!r->v_line[col]) {
			r->v[col] = value;
			r->v_line[col] = first;
		}
	}
	return VS_OK;
}

/* A port's name: ifName, else ifDescr, of the bridge port's ifIndex; the
 * bridge port number when the walk has neither. */
static struct slice port_name(const struct walk *w, struct slice bridge_port, long *line)
{
	const struct row *b = walk_find(w, T_BASE, bridge_port);
	if (b && b->v_line[C_BASE_IFINDEX]) {
		struct slice ifx = value_text(b->v[C_BASE_IFINDEX]);
		const struct row *i = walk_find(w, T_IF, ifx);
		if (i && i->v_line[C_IFNAME] && value_text(i->v[C_IFNAME]).len) {
			*line = i->v_line[C_IFNAME];
			return value_text(i->v[C_IFNAME]);
		}
		if (i && i->v_line[C_IFDESCR]) {
			*line = i->v_line[C_IFDESCR];
			return value_text(i->v[C_IFDESCR]);
		}
	}
	return bridge_port;
}

struct where {
	struct slice sw; /* the switch's name; empty when the file does not say */
	long sw_line;
};

static bool observe_port(struct sighting *s, const struct where *at, struct slice port,
			 long port_line, struct slice vlan, long line, bool *oom)
{
	return dev_observe(s, SWITCH, vocab_field(VF_SWITCH), at->sw, DEV_OBS_STATED,
			   at->sw_line ? at->sw_line : line, oom) &&
	       dev_observe(s, SWITCH, vocab_field(VF_PORT), port, DEV_OBS_STATED, port_line, oom) &&
	       dev_observe(s, SWITCH, vocab_field(VF_VLAN), vlan, DEV_OBS_STATED, line, oom);
}

static void fdb_row(const struct walk *w, const struct row *r, const struct where *at,
		    struct device_list *out, bool *oom)
{
	unsigned long sub[8], status = 0;
	size_t n;
	uint8_t mac[6];
	bool q = r->table == T_Q;
	enum col port_col = q ? C_Q_PORT : C_FDB_PORT, status_col = q ? C_Q_STATUS : C_FDB_STATUS;
	if (!r->v_line[port_col])
		return;
	if (r->v_line[status_col] && value_int(r->v[status_col], &status) && status == 4)
		return; /* self: the switch's own MAC */
	struct slice vlan = {NULL, 0};
	if (index_numbers(r->index, sub, 8, &n) && n == (q ? 7u : 6u)) {
		if (!index_mac(sub + (q ? 1 : 0), mac))
			return;
		if (q) { /* the index's first number, as written */
			vlan.p = r->index.p;
			vlan.len = (size_t)((const uint8_t *)memchr(r->index.p, '.', r->index.len) -
					    r->index.p);
		}
	} else if (q || !r->v_line[C_FDB_ADDR] || !dev_mac(value_text(r->v[C_FDB_ADDR]), mac)) {
		return; /* a MAC index shown as text, with no address column to read */
	}
	struct slice bport = value_text(r->v[port_col]);
	unsigned long p;
	if (!dev_uint(bport, &p) || p == 0)
		return; /* port 0: learnt, but not on a port of this bridge */
	long port_line = r->v_line[port_col];
	struct slice port = port_name(w, bport, &port_line);
	struct sighting *s = dev_device(out, mac, NULL, oom);
	observe_port(s, at, port, port_line, vlan, r->v_line[port_col], oom);
}

/* The local port an LLDP neighbour is on: its lldpLocPortDesc or
 * lldpLocPortId, else its number from the row's index. */
static struct slice lldp_local_port(const struct walk *w, const struct row *r, long *line)
{
	unsigned long sub[3];
	size_t n;
	struct slice none = {NULL, 0};
	/* TIME.LPORT.IDX */
	const uint8_t *d1 = memchr(r->index.p, '.', r->index.len);
	if (!d1 || !index_numbers(r->index, sub, 3, &n) || n != 3)
		return none;
	const uint8_t *end = r->index.p + r->index.len;
	const uint8_t *d2 = memchr(d1 + 1, '.', (size_t)(end - d1 - 1));
	struct slice lport = {d1 + 1, (size_t)(d2 - d1 - 1)};
	const struct row *l = walk_find(w, T_LOC, lport);
	if (l && l->v_line[C_LOC_PORT_DESC] && value_text(l->v[C_LOC_PORT_DESC]).len) {
		*line = l->v_line[C_LOC_PORT_DESC];
		return value_text(l->v[C_LOC_PORT_DESC]);
	}
	if (l && l->v_line[C_LOC_PORT_ID]) {
		*line = l->v_line[C_LOC_PORT_ID];
		return value_text(l->v[C_LOC_PORT_ID]);
	}
	return lport;
}

/* The IPv4 address of a lldpRemManAddr row (TIME.LPORT.IDX.1.4.A.B.C.D). */
static bool man_addr(const struct row *m, char addr[SIGHTING_ADDR_TEXT])
{
	unsigned long sub[9];
	size_t n;
	if (!m->v_line[C_REM_MAN_ADDR] || !index_numbers(m->index, sub, 9, &n) || n != 9 ||
	    sub[3] != 1 || sub[4] != 4 || sub[5] > 255 || sub[6] > 255 || sub[7] > 255 || sub[8] > 255)
		return false;
	snprintf(addr, SIGHTING_ADDR_TEXT, "%lu.%lu.%lu.%lu", sub[5], sub[6], sub[7], sub[8]);
	return true;
}

/* Give each neighbour its first management address's row. */
static void link_man_addrs(struct walk *w)
{
	char addr[SIGHTING_ADDR_TEXT];
	for (size_t i = 0; i < w->n; i++) {
		const struct row *m = &w->rows[i];
		if (!man_addr(m, addr))
			continue;
		/* The neighbour's index: the first three numbers. */
		struct slice prefix = m->index;
		int dots = 0;
		for (size_t k = 0; k < m->index.len; k++)
			if (m->index.p[k] == '.' && ++dots == 3) {
				prefix.len = k;
				break;
			}
		struct row *rem = walk_find(w, T_REM, prefix);
		if (rem && !rem->man)
			rem->man = i + 1;
	}
}

static void lldp_row(const struct walk *w, const struct row *r, const struct where *at,
		     struct device_list *out, bool *oom)
{
	/* A row only a management address made is read through its neighbour. */
	if (!r->v_line[C_REM_CHASSIS] && !r->v_line[C_REM_SYS_NAME] && !r->v_line[C_REM_SYS_DESC])
		return;
	unsigned long subtype = 0;
	uint8_t mac[6];
	char addr[SIGHTING_ADDR_TEXT] = "";
	struct slice chassis = value_text(r->v[C_REM_CHASSIS]);
	bool mac_subtype = r->v_line[C_REM_CHASSIS] && value_int(r->v[C_REM_CHASSIS_SUB], &subtype) &&
			   subtype == 4;
	/* net-snmp prints six printable octets as a STRING, not a Hex-STRING. */
	bool raw = mac_subtype && chassis.len == 6 && dev_starts(r->v[C_REM_CHASSIS], "STRING:");
	if (raw)
		memcpy(mac, chassis.p, 6);
	bool by_mac = mac_subtype && (raw || dev_mac(chassis, mac));
	bool has_addr = r->man && man_addr(&w->rows[r->man - 1], addr);
	struct sighting *s = by_mac ? dev_device(out, mac, addr, oom)
			     : has_addr ? device_list_by_addr(out, addr, oom)
					: NULL;
	if (!s)
		return; /* nothing to know the neighbour by */
	long port_line = r->line;
	struct slice port = lldp_local_port(w, r, &port_line);
	struct slice none = {NULL, 0};
	if (dev_observe(s, LLDP, vocab_field(VF_SYS_NAME), value_text(r->v[C_REM_SYS_NAME]),
			DEV_OBS_NAME, r->v_line[C_REM_SYS_NAME], oom) &&
	    dev_observe(s, LLDP, vocab_field(VF_SYS_DESCR), value_text(r->v[C_REM_SYS_DESC]),
			DEV_OBS_BANNER, r->v_line[C_REM_SYS_DESC], oom) &&
	    (by_mac || dev_observe(s, LLDP, vocab_field(VF_CHASSIS_ID), chassis, DEV_OBS_NAME,
				   r->v_line[C_REM_CHASSIS], oom)))
		observe_port(s, at, port, port_line, none, r->line, oom);
}

static enum vs_err parse_snmpwalk(const char *name, const uint8_t *data, size_t len,
				  struct device_list *out, struct vs_error *err)
{
	struct walk w = {0};
	enum vs_err rc = walk_read(name, data, len, &w, err);
	struct where at = {{NULL, 0}, 0};
	struct slice zero = {(const uint8_t *)"0", 1};
	const struct row *sys = rc ? NULL : walk_find(&w, T_SYS, zero);
	if (sys && sys->v_line[C_SYSNAME]) {
		at.sw = value_text(sys->v[C_SYSNAME]);
		at.sw_line = sys->v_line[C_SYSNAME];
	}
	bool oom = false;
	link_man_addrs(&w);
	for (size_t i = 0; !rc && !oom && i < w.n; i++) {
		if (w.rows[i].table == T_FDB || w.rows[i].table == T_Q)
			fdb_row(&w, &w.rows[i], &at, out, &oom);
		else if (w.rows[i].table == T_REM)
			lldp_row(&w, &w.rows[i], &at, out, &oom);
	}
	walk_release(&w);
	if (oom)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

/* The first non-empty line is a variable as snmpwalk prints it. */
static bool detect_snmpwalk(const uint8_t *head, size_t n)
{
	struct cur c = cur_make(head, n);
	struct slice line;
	long no = 0;
	while (dev_line(&c, &no, &line)) {
		line = dev_trim(line);
		if (line.len == 0)
			continue;
		struct slice rest = line, oid = dev_word(&rest), eq = dev_word(&rest);
		struct slice type = dev_word(&rest);
		if (!slice_eq(eq, "=") || oid.len < 3)
			return false;
		bool numeric = dev_starts(oid, ".1.") || dev_starts(oid, "1.3.") ||
			       dev_starts(oid, "iso.") || dev_starts(oid, ".0.");
		bool symbolic = false;
		for (size_t i = 0; i + 1 < oid.len && !symbolic; i++)
			symbolic = oid.p[i] == ':' && oid.p[i + 1] == ':' && i > 0;
		bool typed = type.len > 1 && type.p[type.len - 1] == ':';
		return (numeric || symbolic) && (typed || slice_eq(type, "\"\"") ||
						 dev_starts(type, "No"));
	}
	return false;
}

/* ---- show mac address-table ----------------------------------------- */

static bool type_word(struct slice w)
{
	static const char *const words[] = {"dynamic", "static", "learned", "learnt", "secure",
					    "sticky", "config", "aging", "noaged", "igmp",
					    "security", "blackhole", "mgmt", "self"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (dev_starts_nocase(w, words[i]) && w.len == strlen(words[i]))
			return true;
	return false;
}

/* An interface name: letters and a digit (Gi1/0/1, GE0/0/1, Eth1/1, Trk1). */
static bool iface_word(struct slice w)
{
	bool letter = false, digit = false;
	for (size_t i = 0; i < w.len; i++) {
		uint8_t b = w.p[i];
		letter |= (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
		digit |= b >= '0' && b <= '9';
	}
	return letter && digit && !type_word(w);
}

/* A VLAN: a number, or Huawei's "1/-/-" (VLAN/VSI/BD). */
static struct slice vlan_word(struct slice w)
{
	struct slice v = w, none = {NULL, 0};
	const uint8_t *slash = memchr(w.p, '/', w.len);
	if (slash)
		v.len = (size_t)(slash - w.p);
	unsigned long n;
	return dev_uint(v, &n) && n > 0 && n < 4095 ? v : none;
}

static bool table_header(struct slice line, bool *port_first)
{
	if (!(dev_has_nocase(line, "mac addr") || dev_has_nocase(line, "mac-addr")) ||
	    !dev_has_nocase(line, "vlan") || memchr(line.p, ',', line.len) ||
	    memchr(line.p, ';', line.len) || memchr(line.p, '\t', line.len))
		return false;
	size_t vlan = 0, port = 0;
	static const char *const port_words[] = {"port", "learned-from", "interface"};
	for (size_t i = 0; i < line.len; i++) {
		struct slice at = {line.p + i, line.len - i};
		if (!vlan && dev_starts_nocase(at, "vlan"))
			vlan = i + 1;
		for (size_t k = 0; !port && k < 3; k++)
			if (dev_starts_nocase(at, port_words[k]))
				port = i + 1;
	}
	if (!port)
		return false;
	*port_first = port < vlan;
	return true;
}

/* "sw-core#show mac ...", "<HUAWEI>display mac-address", "[H3C]display ...". */
static struct slice prompt_name(struct slice line)
{
	struct slice none = {NULL, 0};
	if (!dev_has_nocase(line, "show mac") && !dev_has_nocase(line, "display mac"))
		return none;
	if (line.len && (line.p[0] == '<' || line.p[0] == '[')) {
		const uint8_t *close = memchr(line.p, line.p[0] == '<' ? '>' : ']', line.len);
		struct slice n = {line.p + 1, close ? (size_t)(close - line.p - 1) : 0};
		return n;
	}
	for (size_t i = 0; i < line.len; i++)
		if (line.p[i] == '#' || line.p[i] == '>') {
			struct slice n = {line.p, i};
			return dev_trim(n);
		}
	return none;
}

static enum vs_err parse_mac_table(const char *name, const uint8_t *data, size_t len,
				   struct device_list *out, struct vs_error *err)
{
	struct cur c = cur_make(data, len);
	struct slice line;
	long no = 0;
	bool oom = false, header = false, port_first = false;
	struct where at = {{NULL, 0}, 0};
	while (!oom && dev_line(&c, &no, &line)) {
		line = dev_trim(line);
		struct slice sw = prompt_name(line);
		if (sw.len) {
			at.sw = sw;
			at.sw_line = no;
			continue;
		}
		if (table_header(line, &port_first)) {
			header = true;
			continue;
		}
		if (!header)
			continue;
		/* An entry: its MAC, VLAN and port words. */
		struct slice rest = line, w, vlan = {NULL, 0}, port = {NULL, 0};
		uint8_t mac[6];
		bool has_mac = false;
		while ((w = dev_word(&rest)).len) {
			if (!has_mac && dev_mac(w, mac)) {
				has_mac = true;
			} else if (!has_mac) {
				continue; /* NX-OS's "*" or the VLAN before the MAC (Cisco) */
			} else if (port_first && !port.len) {
				port = w;
			} else if (!vlan.len && vlan_word(w).len && !(port_first && !port.len)) {
				vlan = vlan_word(w);
			} else if (!port_first && iface_word(w)) {
				port = w;
			}
		}
		if (!has_mac)
			continue; /* rules, totals, legends */
		if (!vlan.len) { /* Cisco IOS and NX-OS put the VLAN first */
			struct slice again = line;
			while ((w = dev_word(&again)).len && !dev_mac(w, mac))
				if (vlan_word(w).len)
					vlan = vlan_word(w);
			dev_mac(w, mac);
		}
		if (!port.len)
			continue; /* CPU, a router's own entries: no port */
		struct sighting *s = dev_device(out, mac, NULL, &oom);
		observe_port(s, &at, port, no, vlan, no, &oom);
	}
	if (oom)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	if (!header)
		return dev_fail(err, name, no, "no MAC address table header (MAC, VLAN, port)");
	return VS_OK;
}

/* A table header, then an entry with a MAC in a switch's own form. */
static bool detect_mac_table(const uint8_t *head, size_t n)
{
	struct cur c = cur_make(head, n);
	struct slice line;
	long no = 0;
	bool header = false, port_first;
	while (dev_line(&c, &no, &line)) {
		if (!header) {
			header = table_header(dev_trim(line), &port_first);
			continue;
		}
		struct slice rest = line, w;
		uint8_t mac[6];
		while ((w = dev_word(&rest)).len)
			if (!memchr(w.p, ':', w.len) && dev_mac(w, mac))
				return true;
	}
	return false;
}

const struct device_format dev_format_snmpwalk = {
	"snmpwalk",
	"net-snmp snmpwalk of BRIDGE-MIB / Q-BRIDGE-MIB forwarding tables and LLDP-MIB neighbours",
	detect_snmpwalk, parse_snmpwalk, NULL}; /* read whole: no parse_stream */
const struct device_format dev_format_mac_table = {
	"mac-table",
	"show mac address-table (Cisco), display mac-address (Huawei, HPE Comware), ProCurve",
	detect_mac_table, parse_mac_table, NULL}; /* read whole: no parse_stream */
