#include "model/sighting.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/netaddr.h"
#include "util/text.h"

void sighting_init(struct sighting *s)
{
	memset(s, 0, sizeof(*s));
}

void sighting_release(struct sighting *s)
{
	for (size_t i = 0; i < s->n_obs; i++) {
		free(s->obs[i].method);
		free(s->obs[i].field);
		free(s->obs[i].value);
	}
	free(s->obs);
	for (size_t i = 0; i < s->n_peers; i++) {
		free(s->peers[i].name);
		free(s->peers[i].country);
		free(s->peers[i].cloud);
	}
	free(s->peers);
	free(s->peer_slot);
	for (size_t i = 0; i < s->n_names; i++) {
		free(s->names[i].name);
		free(s->names[i].cloud);
	}
	free(s->names);
	sighting_init(s);
}

/* Grow an array of `size`-byte items to hold one more, up to `max`. */
static bool grow(void **arr, size_t *alloc, size_t used, size_t size, size_t max)
{
	if (used < *alloc)
		return true;
	size_t n = *alloc ? *alloc * 2 : 4;
	if (n > max)
		n = max;
	if (n <= used)
		return false;
	void *p = realloc(*arr, n * size);
	if (!p)
		return false;
	*arr = p;
	*alloc = n;
	return true;
}

static void widen(int64_t *first, int64_t *last, int64_t ts)
{
	if (*first == 0 || ts < *first)
		*first = ts;
	if (ts > *last)
		*last = ts;
}

#define CUT_MARK " [cut]"

/* Untrusted bytes as a printable value, into out (VS_MAX_OBS_VALUE +
 * sizeof(CUT_MARK) bytes): control bytes and NUL become '?'; a value over
 * the limit is cut (at a UTF-8 boundary) and says so. Invalid UTF-8 is
 * left for the JSON writer, which replaces it. Returns the length; 0 for
 * a blank value. Written to a buffer, not the heap: most observations
 * repeat one already held. */
static size_t clean_value(const void *value, size_t n, char *out)
{
	const uint8_t *v = value;
	bool over = n > VS_MAX_OBS_VALUE;
	if (over) {
		n = VS_MAX_OBS_VALUE;
		while (n > 0 && (v[n] & 0xc0) == 0x80)
			n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == 0))
		n--;
	size_t start = 0;
	while (start < n && (v[start] == ' ' || v[start] == '\t'))
		start++;
	if (start == n)
		return 0;
	size_t o = 0;
	for (size_t i = start; i < n; i++)
		out[o++] = v[i] < 0x20 || v[i] == 0x7f ? '?' : (char)v[i];
	if (over) {
		memcpy(out + o, CUT_MARK, sizeof(CUT_MARK));
		o += sizeof(CUT_MARK) - 1;
	}
	out[o] = '\0';
	return o;
}

bool sighting_observe(struct sighting *s, const char *method, const char *field,
		      const void *value, size_t n, double confidence, int64_t ts_us)
{
	if (!value || n == 0)
		return true;
	char v[VS_MAX_OBS_VALUE + sizeof(CUT_MARK)];
	if (clean_value(value, n, v) == 0)
		return true; /* blank: nothing to observe */
	for (size_t i = 0; i < s->n_obs; i++) {
		struct observation *o = &s->obs[i];
		if (strcmp(o->value, v) == 0 && strcmp(o->field, field) == 0 &&
		    strcmp(o->method, method) == 0) {
			widen(&o->first_us, &o->last_us, ts_us);
			return true;
		}
	}
	if (s->n_obs >= VS_MAX_DEVICE_OBS) {
		s->dropped++;
		return true;
	}
	if (!grow((void **)&s->obs, &s->alloc_obs, s->n_obs, sizeof(*s->obs), VS_MAX_DEVICE_OBS))
		return false;
	struct observation *o = &s->obs[s->n_obs];
	memset(o, 0, sizeof(*o));
	o->method = str_dup_or_null(method);
	o->field = str_dup_or_null(field);
	o->value = str_dup_or_null(v);
	if (!o->method || !o->field || !o->value) {
		free(o->method);
		free(o->field);
		free(o->value);
		return false;
	}
	o->confidence = confidence;
	o->first_us = o->last_us = ts_us;
	s->n_obs++;
	return true;
}

bool sighting_observe_line(struct sighting *s, const char *method, const char *field,
			   const void *value, size_t n, double confidence, int64_t line)
{
	size_t before = s->n_obs;
	if (!sighting_observe(s, method, field, value, n, confidence, 0))
		return false;
	if (s->n_obs > before)
		s->obs[s->n_obs - 1].line = line;
	return true;
}

const char *sighting_value(const struct sighting *s, const char *method, const char *field)
{
	for (size_t i = 0; i < s->n_obs; i++)
		if ((!method || strcmp(s->obs[i].method, method) == 0) &&
		    strcmp(s->obs[i].field, field) == 0)
			return s->obs[i].value;
	return NULL;
}

bool sighting_has_addr(const struct sighting *s, const char *addr)
{
	for (size_t i = 0; i < s->n_addrs; i++)
		if (strcmp(s->addrs[i], addr) == 0)
			return true;
	return false;
}

void sighting_add_addr(struct sighting *s, const char *addr)
{
	if (!addr[0] || sighting_has_addr(s, addr))
		return;
	if (s->n_addrs >= VS_MAX_DEVICE_ADDRS || strlen(addr) >= SIGHTING_ADDR_TEXT) {
		s->dropped++;
		return;
	}
	memcpy(s->addrs[s->n_addrs++], addr, strlen(addr) + 1);
}

/* The latest name resolved to addr. */
static struct resolved_name *addr_entry(const struct sighting *s, const char *addr)
{
	for (size_t i = s->n_names; i-- > 0;)
		if (s->names[i].addr[0] && strcmp(s->names[i].addr, addr) == 0)
			return &s->names[i];
	return NULL;
}

static const char *name_for(const struct sighting *s, const char *addr)
{
	const struct resolved_name *r = addr_entry(s, addr);
	return r ? r->name : NULL;
}

_Static_assert(VS_MAX_DEVICE_PEERS < UINT16_MAX, "peer_slot holds a peer's index + 1");

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static size_t peer_hash(int family, const uint8_t *addr, size_t mask)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)family;
	uint64_t w;
	for (size_t i = 0; i < addr_len(family); i += 4) {
		uint32_t part;
		memcpy(&part, addr + i, 4);
		w = part;
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	}
	return (size_t)(h ^ h >> 29) & mask;
}

static uint16_t *peer_slot_of(struct sighting *s, int family, const uint8_t *addr)
{
	size_t mask = s->n_peer_slots - 1;
	size_t at = peer_hash(family, addr, mask);
	while (s->peer_slot[at]) {
		const struct peer *p = &s->peers[s->peer_slot[at] - 1];
		if (p->family == family && memcmp(p->bin, addr, addr_len(family)) == 0)
			break;
		at = (at + 1) & mask;
	}
	return &s->peer_slot[at];
}

/* Room in the index for one more peer. */
static bool grow_peer_slots(struct sighting *s)
{
	if ((s->n_peers + 1) * 2 <= s->n_peer_slots)
		return true;
	size_t n = s->n_peer_slots ? s->n_peer_slots * 2 : 16;
	uint16_t *t = calloc(n, sizeof(*t));
	if (!t)
		return false;
	free(s->peer_slot);
	s->peer_slot = t;
	s->n_peer_slots = n;
	for (size_t i = 0; i < s->n_peers; i++)
		*peer_slot_of(s, s->peers[i].family, s->peers[i].bin) = (uint16_t)(i + 1);
	return true;
}

bool sighting_peer_bytes(struct sighting *s, int family, const uint8_t *addr, uint64_t bytes,
			 int64_t ts_us)
{
	if (s->n_peer_slots) {
		uint16_t at = *peer_slot_of(s, family, addr);
		if (at) {
			struct peer *p = &s->peers[at - 1];
			p->bytes += bytes;
			widen(&p->first_us, &p->last_us, ts_us);
			return true;
		}
	}
	if (s->n_peers >= VS_MAX_DEVICE_PEERS) {
		s->dropped++;
		return true;
	}
	if (!grow((void **)&s->peers, &s->alloc_peers, s->n_peers, sizeof(*s->peers),
		  VS_MAX_DEVICE_PEERS) ||
	    !grow_peer_slots(s))
		return false;
	struct peer *p = &s->peers[s->n_peers];
	memset(p, 0, sizeof(*p));
	p->family = (uint8_t)family;
	memcpy(p->bin, addr, addr_len(family));
	if (!net_ntop(family, addr, p->addr, sizeof(p->addr)))
		return true; /* not an address family we keep */
	const char *name = name_for(s, p->addr);
	if (name && !(p->name = str_dup_or_null(name)))
		return false;
	p->bytes = bytes;
	p->first_us = p->last_us = ts_us;
	*peer_slot_of(s, family, addr) = (uint16_t)(s->n_peers + 1);
	s->n_peers++;
	return true;
}

/* An entry for name (any, or only one without an address), the latest
 * first: an answer follows its query closely. The first letters are
 * compared before the names: a busy PC asks every few frames. */
static struct resolved_name *name_entry(const struct sighting *s, const char *name, bool any)
{
	unsigned first = (unsigned char)name[0] | 0x20;
	for (size_t i = s->n_names; i-- > 0;) {
		const struct resolved_name *r = &s->names[i];
		if ((any || !r->addr[0]) && ((unsigned char)r->name[0] | 0x20) == first &&
		    strcasecmp(r->name, name) == 0)
			return &s->names[i];
	}
	return NULL;
}

bool sighting_add_name(struct sighting *s, const char *addr, const char *name, int64_t ts_us)
{
	if (!name[0] || strlen(addr) >= SIGHTING_ADDR_TEXT)
		return true;
	struct resolved_name *r = addr[0] ? addr_entry(s, addr) : name_entry(s, name, true);
	if (r && strcasecmp(r->name, name) == 0) {
		widen(&r->first_us, &r->last_us, ts_us);
		return true;
	}
	if (addr[0]) {
		/* A peer talked to before its name was seen takes the name now. */
		for (size_t i = 0; i < s->n_peers; i++)
			if (strcmp(s->peers[i].addr, addr) == 0 && !s->peers[i].name &&
			    !(s->peers[i].name = str_dup_or_null(name)))
				return false;
		if (s->n_names - s->n_queries >= VS_MAX_DEVICE_NAMES) {
			s->dropped++;
			return true;
		}
		/* The answer to a query seen before: that entry takes the address. */
		if (s->n_queries && (r = name_entry(s, name, false))) {
			memcpy(r->addr, addr, strlen(addr) + 1);
			widen(&r->first_us, &r->last_us, ts_us);
			s->n_queries--;
			return true;
		}
	} else if (s->n_queries >= VS_MAX_DEVICE_QUERIES) {
		s->dropped++;
		return true;
	}
	if (!grow((void **)&s->names, &s->alloc_names, s->n_names, sizeof(*s->names),
		  VS_MAX_DEVICE_NAMES + VS_MAX_DEVICE_QUERIES))
		return false;
	r = &s->names[s->n_names];
	memset(r, 0, sizeof(*r));
	memcpy(r->addr, addr, strlen(addr) + 1);
	if (!(r->name = str_dup_or_null(name)))
		return false;
	r->first_us = r->last_us = ts_us;
	s->n_names++;
	s->n_queries += !addr[0];
	return true;
}

bool sighting_merge(struct sighting *dst, struct sighting *src)
{
	bool ok = true;
	if (!dst->has_mac && src->has_mac) {
		dst->has_mac = true;
		memcpy(dst->mac, src->mac, 6);
	}
	for (size_t i = 0; i < src->n_addrs; i++)
		sighting_add_addr(dst, src->addrs[i]);
	for (size_t i = 0; i < src->n_obs && ok; i++) {
		const struct observation *o = &src->obs[i];
		ok = sighting_observe(dst, o->method, o->field, o->value, strlen(o->value),
				      o->confidence, o->first_us) &&
		     sighting_observe(dst, o->method, o->field, o->value, strlen(o->value),
				      o->confidence, o->last_us);
	}
	for (size_t i = 0; i < src->n_names && ok; i++) {
		const struct resolved_name *r = &src->names[i];
		ok = sighting_add_name(dst, r->addr, r->name, r->first_us) &&
		     sighting_add_name(dst, r->addr, r->name, r->last_us);
	}
	for (size_t i = 0; i < src->n_peers && ok; i++) {
		const struct peer *p = &src->peers[i];
		ok = sighting_peer_bytes(dst, p->family, p->bin, p->bytes, p->first_us) &&
		     sighting_peer_bytes(dst, p->family, p->bin, 0, p->last_us);
	}
	if (src->first_us && (!dst->first_us || src->first_us < dst->first_us))
		dst->first_us = src->first_us;
	if (src->last_us > dst->last_us)
		dst->last_us = src->last_us;
	dst->packets += src->packets;
	dst->dropped += src->dropped;
	sighting_release(src);
	return ok;
}
