/*
 * Recovery files (recovery.h): written with our JSON writer (util/strbuf),
 * read line by line through the byte cursor and jansson (duplicate keys
 * refused, so a line cannot say two things about one field). A line is
 * bounded by VS_MAX_RECOVERY_LINE before jansson sees it; every array is
 * walked with its elements' types checked, and the sighting keeps its own
 * limits (model/sighting.h), counting what does not fit.
 */
#include "import/recovery.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/cur.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define RECOVERY_MAGIC "{\"vendorscope_recovery\":"

bool recovery_detect(const uint8_t *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	size_t m = sizeof(RECOVERY_MAGIC) - 1;
	return len - i >= m && memcmp(data + i, RECOVERY_MAGIC, m) == 0;
}

/* ---- writing ---- */

void recovery_add_device(struct strbuf *sb, const struct sighting *s)
{
	strbuf_addstr(sb, "{\"mac\":");
	if (s->has_mac)
		strbuf_addf(sb, "\"%02x:%02x:%02x:%02x:%02x:%02x\"", s->mac[0], s->mac[1], s->mac[2],
			    s->mac[3], s->mac[4], s->mac[5]);
	else
		strbuf_addstr(sb, "null");
	strbuf_addstr(sb, ",\"addrs\":[");
	for (size_t i = 0; i < s->n_addrs; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, s->addrs[i]);
	}
	strbuf_addf(sb, "],\"first_us\":%lld,\"last_us\":%lld,\"packets\":%llu,\"dropped\":%llu,\"obs\":[",
		    (long long)s->first_us, (long long)s->last_us, (unsigned long long)s->packets,
		    (unsigned long long)s->dropped);
	for (size_t i = 0; i < s->n_obs; i++) {
		const struct observation *o = &s->obs[i];
		strbuf_addstr(sb, i ? ",[" : "[");
		strbuf_add_json_str(sb, o->method);
		strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, o->field);
		strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, o->value);
		/* %.17g: the confidence read back is the one written. */
		strbuf_addf(sb, ",%.17g,%lld,%lld]", o->confidence, (long long)o->first_us,
			    (long long)o->last_us);
	}
	strbuf_addstr(sb, "],\"names\":[");
	for (size_t i = 0; i < s->n_names; i++) {
		strbuf_addstr(sb, i ? ",[" : "[");
		strbuf_add_json_str(sb, s->names[i].addr);
		strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, s->names[i].name);
		strbuf_addf(sb, ",%lld,%lld]", (long long)s->names[i].first_us,
			    (long long)s->names[i].last_us);
	}
	strbuf_addstr(sb, "],\"peers\":[");
	for (size_t i = 0; i < s->n_peers; i++) {
		const struct peer *p = &s->peers[i];
		strbuf_addstr(sb, i ? ",[" : "[");
		strbuf_add_json_str(sb, p->addr);
		strbuf_addf(sb, ",%llu,%lld,%lld]", (unsigned long long)p->bytes, (long long)p->first_us,
			    (long long)p->last_us);
	}
	strbuf_addstr(sb, "]}\n");
}

void recovery_add_header(struct strbuf *sb, const struct recovery_header *h, size_t n)
{
	strbuf_addstr(sb, RECOVERY_MAGIC "1,\"kind\":");
	strbuf_add_json_str(sb, h->kind);
	strbuf_add_json_member(sb, "format", h->format);
	strbuf_add_json_member(sb, "path", h->path);
	strbuf_add_json_member(sb, "survey", h->survey);
	if (h->source[0])
		strbuf_add_json_member(sb, "source", h->source);
	strbuf_addf(sb, ",\"devices\":%zu}\n", n);
}

/* Write the whole file at path; 0 or an errno. */
static int write_at(const char *path, const struct recovery_header *h,
		    const struct sighting *const *devs, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		unlink(path);
		return e;
	}
	struct strbuf sb = STRBUF_INIT;
	recovery_add_header(&sb, h, n);
	int e = 0;
	errno = 0;
	for (size_t i = 0; !e; i++) {
		if (sb.failed) {
			e = ENOMEM;
			break;
		}
		if (sb.len && fwrite(sb.buf, 1, sb.len, f) != sb.len) {
			e = errno ? errno : EIO;
			break;
		}
		if (i == n)
			break;
		strbuf_reset(&sb);
		recovery_add_device(&sb, devs[i]);
	}
	strbuf_release(&sb);
	if (!e && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	if (e)
		unlink(path);
	return e;
}

enum vs_err recovery_write(const char *store_path, const struct recovery_header *h,
			   const struct sighting *const *devs, size_t n, char *written, size_t len,
			   struct vs_error *err)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	const char *tmp = getenv("TMPDIR");
	/* A store on a server (a postgresql:// URL) has no directory of its
	 * own: the file goes to the temporary directory as vendorscope's. */
	bool url = strstr(store_path, "://") != NULL;
	const char *base = url ? "vendorscope" : strrchr(store_path, '/');
	base = url ? base : base ? base + 1 : store_path;
	char tries[3][4096];
	if (url)
		snprintf(tries[0], sizeof(tries[0]), "%s/%s.recovered-%s-%d.jsonl",
			 tmp && *tmp ? tmp : "/tmp", base, stamp, (int)getpid());
	else
		snprintf(tries[0], sizeof(tries[0]), "%s.recovered-%s-%d.jsonl", store_path, stamp,
			 (int)getpid());
	snprintf(tries[1], sizeof(tries[1]), "%s/%s.recovered-%s-%d.jsonl", tmp && *tmp ? tmp : "/tmp",
		 base, stamp, (int)getpid());
	snprintf(tries[2], sizeof(tries[2]), "/tmp/%s.recovered-%s-%d.jsonl", base, stamp, (int)getpid());
	int first = 0;
	for (int i = 0; i < 3; i++) {
		if (i == 2 && strcmp(tries[1], tries[2]) == 0)
			break;
		int e = write_at(tries[i], h, devs, n);
		if (!e) {
			snprintf(written, len, "%s", tries[i]);
			return VS_OK;
		}
		if (!first)
			first = e;
	}
	return vs_fail(err, VS_EIO, "%s: cannot keep the results in a recovery file either: %s",
		       tries[0], strerror(first));
}

/* ---- reading ---- */

struct rd {
	const char *name;
	long line;
	struct vs_error *err;
};

static enum vs_err bad(struct rd *r, const char *what)
{
	return vs_fail(r->err, VS_EBADVAL, "%s:%ld: %s", r->name, r->line, what);
}

/* A string member or element: present, a string, at most max bytes, no NUL. */
static const char *str_of(json_t *v, size_t max)
{
	if (!json_is_string(v) || json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

static bool int_of(json_t *v, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 6; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[i * 3 + k];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
				: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				return false;
			v = v << 4 | (unsigned)d;
		}
		if (i < 5 && s[i * 3 + 2] != ':')
			return false;
		mac[i] = (uint8_t)v;
	}
	return true;
}

/* An address as text, checked: family and bytes (4 or 16). */
static int addr_of(const char *s, uint8_t bin[16])
{
	if (inet_pton(AF_INET, s, bin) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, bin) == 1)
		return AF_INET6;
	return 0;
}

static enum vs_err oom(struct rd *r)
{
	return vs_fail(r->err, VS_ENOMEM, "%s:%ld: out of memory", r->name, r->line);
}

/* [method, field, value, confidence, first_us, last_us] */
static enum vs_err one_obs(struct rd *r, json_t *o, struct sighting *s)
{
	const char *m = str_of(json_array_get(o, 0), 64), *f = str_of(json_array_get(o, 1), 64);
	const char *v = str_of(json_array_get(o, 2), VS_MAX_OBS_VALUE * 4);
	json_t *c = json_array_get(o, 3);
	int64_t t0, t1;
	if (!m || !*m || !f || !*f || !v || !json_is_number(c) || json_number_value(c) < 0 ||
	    json_number_value(c) > 1 || !int_of(json_array_get(o, 4), &t0) ||
	    !int_of(json_array_get(o, 5), &t1))
		return bad(r, "an observation is not [method, field, value, confidence, first_us, last_us]");
	double conf = json_number_value(c);
	size_t n = strlen(v);
	if (!sighting_observe(s, m, f, v, n, conf, t0) || !sighting_observe(s, m, f, v, n, conf, t1))
		return oom(r);
	return VS_OK;
}

/* [address, name, first_us, last_us]; address "" for a name only queried. */
static enum vs_err one_name(struct rd *r, json_t *o, struct sighting *s)
{
	const char *a = str_of(json_array_get(o, 0), SIGHTING_ADDR_TEXT - 1);
	const char *n = str_of(json_array_get(o, 1), VS_MAX_DNS_NAME);
	int64_t t0, t1;
	uint8_t bin[16];
	if (!a || !n || !*n || (*a && !addr_of(a, bin)) || !int_of(json_array_get(o, 2), &t0) ||
	    !int_of(json_array_get(o, 3), &t1))
		return bad(r, "a name is not [address, name, first_us, last_us]");
	if (!sighting_add_name(s, a, n, t0) || !sighting_add_name(s, a, n, t1))
		return oom(r);
	return VS_OK;
}

/* [address, bytes, first_us, last_us] */
static enum vs_err one_peer(struct rd *r, json_t *o, struct sighting *s)
{
	const char *a = str_of(json_array_get(o, 0), SIGHTING_ADDR_TEXT - 1);
	int64_t bytes, t0, t1;
	uint8_t bin[16];
	int fam = a ? addr_of(a, bin) : 0;
	if (!fam || !int_of(json_array_get(o, 1), &bytes) || !int_of(json_array_get(o, 2), &t0) ||
	    !int_of(json_array_get(o, 3), &t1))
		return bad(r, "a peer is not [address, bytes, first_us, last_us]");
	if (!sighting_peer_bytes(s, fam, bin, (uint64_t)bytes, t0) ||
	    !sighting_peer_bytes(s, fam, bin, 0, t1))
		return oom(r);
	return VS_OK;
}

/* Member `key` of o: an array of arrays of `arity` elements, each handed to fn. */
static enum vs_err each_tuple(struct rd *r, json_t *o, const char *key, size_t arity,
			      enum vs_err (*fn)(struct rd *, json_t *, struct sighting *),
			      struct sighting *s)
{
	json_t *arr = json_object_get(o, key), *t;
	size_t i;
	char why[96];
	if (!json_is_array(arr)) {
		snprintf(why, sizeof(why), "\"%s\" is not an array", key);
		return bad(r, why);
	}
	json_array_foreach(arr, i, t) {
		if (!json_is_array(t) || json_array_size(t) != arity) {
			snprintf(why, sizeof(why), "an element of \"%s\" is not an array of %zu", key, arity);
			return bad(r, why);
		}
		enum vs_err e = fn(r, t, s);
		if (e)
			return e;
	}
	return VS_OK;
}

static enum vs_err parse_device(struct rd *r, json_t *o, struct sighting *s)
{
	if (!json_is_object(o))
		return bad(r, "not a JSON object");
	json_t *mac = json_object_get(o, "mac"), *addrs = json_object_get(o, "addrs");
	int64_t first, last, packets, dropped;
	if (!int_of(json_object_get(o, "first_us"), &first) ||
	    !int_of(json_object_get(o, "last_us"), &last) ||
	    !int_of(json_object_get(o, "packets"), &packets) ||
	    !int_of(json_object_get(o, "dropped"), &dropped))
		return bad(r, "first_us, last_us, packets and dropped must be whole numbers >= 0");
	if (mac && !json_is_null(mac)) {
		const char *m = str_of(mac, 17);
		if (!m || !parse_mac(m, s->mac))
			return bad(r, "\"mac\" is not aa:bb:cc:dd:ee:ff");
		s->has_mac = true;
	}
	size_t i;
	json_t *a;
	if (!json_is_array(addrs))
		return bad(r, "\"addrs\" is not an array");
	json_array_foreach(addrs, i, a) {
		const char *t = str_of(a, SIGHTING_ADDR_TEXT - 1);
		uint8_t bin[16];
		if (!t || !addr_of(t, bin))
			return bad(r, "an address in \"addrs\" is not IPv4 or IPv6");
		sighting_add_addr(s, t);
	}
	enum vs_err e = each_tuple(r, o, "obs", 6, one_obs, s);
	/* Names before peers: a peer takes the name the device resolved for it. */
	if (!e)
		e = each_tuple(r, o, "names", 4, one_name, s);
	if (!e)
		e = each_tuple(r, o, "peers", 4, one_peer, s);
	s->first_us = first;
	s->last_us = last;
	s->packets = (uint64_t)packets;
	s->dropped += (uint64_t)dropped;
	return e;
}

static enum vs_err copy_str(struct rd *r, json_t *o, const char *key, char *out, size_t len,
			    bool need)
{
	json_t *v = json_object_get(o, key);
	const char *s = v ? str_of(v, len - 1) : NULL;
	if (!s || (need && !*s)) {
		char why[96];
		snprintf(why, sizeof(why), "the header's \"%s\" is missing, empty or too long", key);
		return bad(r, why);
	}
	memcpy(out, s, strlen(s) + 1);
	return VS_OK;
}

static enum vs_err parse_header(struct rd *r, json_t *o, struct recovery_header *h, int64_t *devices)
{
	json_t *ver = json_object_get(o, "vendorscope_recovery");
	if (!json_is_object(o) || !json_is_integer(ver))
		return bad(r, "not a vendorscope recovery file");
	if (json_integer_value(ver) != 1)
		return bad(r, "a recovery file of another version (this vendorscope reads version 1)");
	enum vs_err e = copy_str(r, o, "kind", h->kind, sizeof(h->kind), true);
	if (!e)
		e = copy_str(r, o, "format", h->format, sizeof(h->format), true);
	if (!e)
		e = copy_str(r, o, "path", h->path, sizeof(h->path), true);
	if (!e)
		e = copy_str(r, o, "survey", h->survey, sizeof(h->survey), true);
	if (!e && json_object_get(o, "source"))
		e = copy_str(r, o, "source", h->source, sizeof(h->source), true);
	if (e)
		return e;
	bool kind_ok = (strcmp(h->kind, "capture") == 0 &&
			(strcmp(h->format, "pcap") == 0 || strcmp(h->format, "live") == 0)) ||
		       (strcmp(h->kind, "scan") == 0 && strcmp(h->format, "probes") == 0);
	if (!kind_ok)
		return bad(r, "the header's kind and format are not capture/pcap, capture/live or scan/probes");
	if (!int_of(json_object_get(o, "devices"), devices) || *devices > VS_MAX_CAPTURE_DEVICES)
		return bad(r, "the header's \"devices\" is not a count within VS_MAX_CAPTURE_DEVICES");
	return VS_OK;
}

enum vs_err recovery_parse_header(const char *name, const uint8_t *line, size_t len,
				  struct recovery_header *h, struct vs_error *err)
{
	memset(h, 0, sizeof(*h));
	struct rd r = {name, 1, err};
	if (len > VS_MAX_RECOVERY_LINE)
		return vs_fail(err, VS_ETOOBIG, "%s:1: longer than %d bytes (VS_MAX_RECOVERY_LINE)", name,
			       VS_MAX_RECOVERY_LINE);
	json_error_t jerr;
	json_t *o = json_loadb((const char *)line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		char why[256];
		snprintf(why, sizeof(why), "not JSON: %s", jerr.text);
		return bad(&r, why);
	}
	int64_t devices;
	enum vs_err e = parse_header(&r, o, h, &devices);
	json_decref(o);
	return e;
}

enum vs_err recovery_parse(const char *name, const uint8_t *data, size_t len,
			   struct recovery_header *h, struct sighting **devs, size_t *n,
			   struct vs_error *err)
{
	*devs = NULL;
	*n = 0;
	memset(h, 0, sizeof(*h));
	struct rd r = {name, 0, err};
	struct cur c = cur_make(data, len);
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&c, 3);
	struct sighting *v = NULL;
	size_t nv = 0, alloc = 0;
	int64_t declared = -1;
	enum vs_err e = VS_OK;
	while (!e && !cur_eof(&c)) {
		bool found;
		struct slice line = cur_until(&c, '\n', &found);
		r.line++;
		if (line.len > VS_MAX_RECOVERY_LINE) {
			e = vs_fail(err, VS_ETOOBIG, "%s:%ld: longer than %d bytes (VS_MAX_RECOVERY_LINE)",
				    name, r.line, VS_MAX_RECOVERY_LINE);
			break;
		}
		size_t k = line.len;
		while (k && (line.p[k - 1] == '\r' || line.p[k - 1] == ' ' || line.p[k - 1] == '\t'))
			k--;
		if (k == 0)
			continue;
		json_error_t jerr;
		json_t *o = json_loadb((const char *)line.p, k, JSON_REJECT_DUPLICATES, &jerr);
		if (!o) {
			char why[256];
			snprintf(why, sizeof(why), "not JSON: %s", jerr.text);
			e = bad(&r, why);
			break;
		}
		if (declared < 0) {
			e = parse_header(&r, o, h, &declared);
		} else if (nv >= (size_t)declared) {
			e = bad(&r, "more devices than the header says");
		} else {
			if (nv == alloc) {
				size_t na = alloc ? alloc * 2 : 16;
				struct sighting *p = realloc(v, na * sizeof(*p));
				if (!p)
					e = vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
				else {
					v = p;
					alloc = na;
				}
			}
			if (!e) {
				sighting_init(&v[nv]);
				nv++;
				e = parse_device(&r, o, &v[nv - 1]);
			}
		}
		json_decref(o);
	}
	if (!e && declared < 0)
		e = vs_fail(err, VS_EBADVAL, "%s: empty, not a recovery file", name);
	if (!e && nv != (size_t)declared)
		e = vs_fail(err, VS_EBADVAL, "%s: %zu devices, the header says %lld: the file was cut short",
			    name, nv, (long long)declared);
	if (e) {
		for (size_t i = 0; i < nv; i++)
			sighting_release(&v[i]);
		free(v);
		return e;
	}
	*devs = v;
	*n = nv;
	return VS_OK;
}

enum vs_err recovery_read(const char *path, struct recovery_header *h, struct sighting **devs,
			  size_t *n, struct vs_error *err)
{
	uint8_t *buf;
	size_t len;
	*devs = NULL;
	*n = 0;
	enum vs_err e = file_read_all(path, VS_MAX_RECOVERY_FILE, &buf, &len, err);
	if (e)
		return e;
	e = recovery_parse(path, buf, len, h, devs, n, err);
	free(buf);
	return e;
}
