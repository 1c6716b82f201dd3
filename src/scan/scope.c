/*
 * The scan's scope: TARGETS words into sorted, merged IPv4 intervals.
 * Parsing is by hand (not inet_aton) because inet_aton accepts "10.1"
 * and octal "010.0.0.1", and a scope must mean exactly what it says.
 */
#include "scan/scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

void scope_init(struct scope *s)
{
	memset(s, 0, sizeof(*s));
}

void scope_release(struct scope *s)
{
	free(s->r);
	free(s->base);
	scope_init(s);
}

void scope_addr_text(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

/* One decimal octet 0-255 without leading zeros; advances *p. */
static bool octet(const char **p, unsigned *out)
{
	const char *q = *p;
	unsigned v = 0;
	size_t n = 0;
	while (*q >= '0' && *q <= '9' && n < 4) {
		v = v * 10 + (unsigned)(*q - '0');
		q++, n++;
	}
	if (n == 0 || n > 3 || v > 255 || (n > 1 && **p == '0'))
		return false;
	*out = v;
	*p = q;
	return true;
}

/* Dotted quad; advances *p past it. */
static bool quad(const char **p, uint32_t *out)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		unsigned o;
		if (i && *(*p)++ != '.')
			return false;
		if (!octet(p, &o))
			return false;
		a = a << 8 | o;
	}
	*out = a;
	return true;
}

bool scope_addr_private(uint32_t a)
{
	return (a >> 24) == 10 || (a >> 24) == 127 || (a >> 20) == (172u << 4 | 1) ||
	       (a >> 16) == (192u << 8 | 168) || (a >> 16) == (169u << 8 | 254) ||
	       (a >> 22) == (100u << 2 | 1); /* 100.64.0.0/10, shared address space (RFC 6598) */
}

/* Addresses that are never a host: 0/8, multicast 224/4 and above. */
static bool not_a_host(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 28) >= 0xe;
}

/* Every address of [lo, hi] private? Private space is a union of aligned
 * blocks, so checking each block boundary crossing is enough: walk the
 * range by the blocks it touches. */
static bool range_private(uint32_t lo, uint32_t hi)
{
	static const struct {
		uint32_t net;
		int bits;
	} blocks[] = {
		{10u << 24, 8}, {127u << 24, 8}, {(172u << 24) | (16u << 16), 12},
		{(192u << 24) | (168u << 16), 16}, {(169u << 24) | (254u << 16), 16},
		{(100u << 24) | (64u << 16), 10},
	};
	uint64_t at = lo;
	while (at <= hi) {
		bool in = false;
		for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
			uint32_t mask = ~0u << (32 - blocks[i].bits);
			if (((uint32_t)at & mask) == blocks[i].net) {
				at = (uint64_t)blocks[i].net + ((uint64_t)1 << (32 - blocks[i].bits));
				in = true;
				break;
			}
		}
		if (!in)
			return false;
	}
	return true;
}

static bool range_has_non_host(uint32_t lo, uint32_t hi)
{
	/* 0/8 is the lowest block, 224/4 and up the highest: the ends decide. */
	return not_a_host(lo) || not_a_host(hi);
}

static enum vs_err push(struct scope *s, uint32_t lo, uint32_t hi, struct vs_error *err)
{
	if (s->n == s->alloc) {
		size_t n = s->alloc ? s->alloc * 2 : 8;
		struct scope_range *r = realloc(s->r, n * sizeof(*r));
		if (!r)
			return vs_fail(err, VS_ENOMEM, "out of memory building the scan scope");
		s->r = r;
		s->alloc = n;
	}
	s->r[s->n].lo = lo;
	s->r[s->n].hi = hi;
	s->n++;
	return VS_OK;
}

static int range_cmp(const void *a, const void *b)
{
	const struct scope_range *x = a, *y = b;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

/* Sort and merge overlapping or adjacent ranges; recount. */
static void normalise(struct scope *s)
{
	if (!s->n)
		return;
	qsort(s->r, s->n, sizeof(*s->r), range_cmp);
	size_t w = 0;
	for (size_t i = 1; i < s->n; i++) {
		if ((uint64_t)s->r[i].lo <= (uint64_t)s->r[w].hi + 1) {
			if (s->r[i].hi > s->r[w].hi)
				s->r[w].hi = s->r[i].hi;
		} else {
			s->r[++w] = s->r[i];
		}
	}
	s->n = w + 1;
	s->count = 0;
	for (size_t i = 0; i < s->n; i++)
		s->count += (uint64_t)s->r[i].hi - s->r[i].lo + 1;
}

enum vs_err scope_add(struct scope *s, const char *word, bool allow_public, struct vs_error *err)
{
	const char *p = word;
	uint32_t lo, hi;
	if (s->sealed)
		return vs_fail(err, VS_EUSAGE, "scope already sealed");
	if (strchr(word, ':'))
		return vs_fail(err, VS_EBADVAL,
			       "target '%s': IPv6 targets are not scanned (IPv4 addresses, CIDR "
			       "blocks and ranges only)", word);
	if (!quad(&p, &lo))
		goto bad;
	hi = lo;
	if (*p == '/') {
		p++;
		unsigned bits = 0;
		size_t n = 0;
		while (*p >= '0' && *p <= '9' && n < 3)
			bits = bits * 10 + (unsigned)(*p++ - '0'), n++;
		if (n == 0 || *p || bits > 32)
			goto bad;
		uint32_t mask = bits ? ~0u << (32 - bits) : 0;
		if (lo & ~mask)
			return vs_fail(err, VS_EBADVAL,
				       "target '%s': host bits set (did you mean the block that "
				       "contains it?)", word);
		hi = lo | ~mask;
		if (bits <= 30) { /* network and broadcast addresses are not hosts */
			lo++;
			hi--;
		}
	} else if (*p == '-') {
		p++;
		const char *q = p;
		if (strchr(q, '.')) {
			if (!quad(&p, &hi) || *p)
				goto bad;
		} else {
			unsigned o;
			if (!octet(&p, &o) || *p)
				goto bad;
			hi = (lo & ~0xffu) | o;
		}
		if (hi < lo)
			return vs_fail(err, VS_EBADVAL, "target '%s': range ends before it starts", word);
	} else if (*p) {
		goto bad;
	}
	if ((uint64_t)hi - lo + 1 > VS_MAX_SCAN_TARGETS ||
	    s->count + ((uint64_t)hi - lo + 1) > VS_MAX_SCAN_TARGETS)
		return vs_fail(err, VS_ETOOBIG,
			       "target '%s': the scope would exceed %d addresses "
			       "(VS_MAX_SCAN_TARGETS); scan it in parts", word, VS_MAX_SCAN_TARGETS);
	if (range_has_non_host(lo, hi))
		return vs_fail(err, VS_EPERM,
			       "target '%s': 0.0.0.0/8, multicast and broadcast addresses are not hosts",
			       word);
	if (!allow_public && !range_private(lo, hi))
		return vs_fail(err, VS_EPERM,
			       "target '%s' includes public addresses; scanning those needs "
			       "--allow-public (and the owner's permission)", word);
	enum vs_err rc = push(s, lo, hi, err);
	if (rc)
		return rc;
	normalise(s);
	return VS_OK;
bad:
	return vs_fail(err, VS_EBADVAL,
		       "target '%s' is not an IPv4 address, CIDR block (10.0.0.0/24) or range "
		       "(10.0.0.5-10.0.0.9, 10.0.0.5-9)", word);
}

enum vs_err scope_seal(struct scope *s, struct vs_error *err)
{
	if (!s->n)
		return vs_fail(err, VS_EUSAGE, "no targets");
	free(s->base);
	s->base = malloc(s->n * sizeof(*s->base));
	if (!s->base)
		return vs_fail(err, VS_ENOMEM, "out of memory building the scan scope");
	size_t at = 0;
	for (size_t i = 0; i < s->n; i++) {
		s->base[i] = at;
		at += (size_t)((uint64_t)s->r[i].hi - s->r[i].lo + 1);
	}
	s->sealed = true;
	return VS_OK;
}

/* The range holding addr, or -1. */
static ptrdiff_t find(const struct scope *s, uint32_t a)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a < s->r[mid].lo)
			hi = mid;
		else if (a > s->r[mid].hi)
			lo = mid + 1;
		else
			return (ptrdiff_t)mid;
	}
	return -1;
}

bool scope_contains(const struct scope *s, uint32_t a)
{
	return s->sealed && find(s, a) >= 0;
}

int64_t scope_index(const struct scope *s, uint32_t a)
{
	ptrdiff_t i = s->sealed ? find(s, a) : -1;
	return i < 0 ? -1 : (int64_t)(s->base[i] + (a - s->r[i].lo));
}

uint32_t scope_addr(const struct scope *s, uint64_t i)
{
	size_t lo = 0, hi = s->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->base[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return s->r[lo].lo + (uint32_t)(i - s->base[lo]);
}

bool scope_set_segment(struct scope *s, uint32_t net, uint32_t mask)
{
	s->segment_ok = false;
	net &= mask;
	uint32_t lo = net, hi = net | ~mask;
	if (mask != ~0u && mask != ~1u)
		lo++, hi--;
	ptrdiff_t i = s->sealed ? find(s, lo) : -1;
	if (i >= 0 && s->r[i].hi >= hi) {
		s->segment_ok = true;
		s->seg_net = net;
		s->seg_mask = mask;
	}
	return s->segment_ok;
}
