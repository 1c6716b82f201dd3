/*
 * Human answers: `kb lookup` (what the kb knows about a MAC or a name, with
 * every source, so an auditor can follow each fact back) and `kb check` (the
 * gaps in the data a reviewer should fill).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

/* Text from outside (the query) goes to a terminal: control bytes as \xNN. */
static void add_printable(struct strbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(out, "\\x%02x", *p);
		else
			strbuf_addch(out, (char)*p);
	}
}

static const char *kind_name(enum kb_vendor_kind k)
{
	return k == KB_KIND_HARDWARE   ? "hardware"
	       : k == KB_KIND_SOFTWARE ? "software"
				       : "hardware and software";
}

static const char *alias_kind_name(enum kb_alias_kind k)
{
	static const char *const names[] = {"legal name", "short name", "native name", "brand",
					    "product", "publisher", "IEEE name", "model prefix"};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "alias";
}

static const char *certainty_name(enum kb_certainty c)
{
	return c == KB_CERT_HIGH ? "high" : c == KB_CERT_MEDIUM ? "medium" : "low";
}

static void add_flags(struct strbuf *out, unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *text;
	} names[] = {
		{KB_FLAG_CHIP, "chip maker (its OUI does not name the device maker)"},
		{KB_FLAG_OEM_BRAND, "OEM brand (sells devices others make)"},
		{KB_FLAG_STATE_OWNED, "state-owned"},
		{KB_FLAG_LISTED_FCC, "on the FCC Covered List"},
		{KB_FLAG_LISTED_NDAA889, "named in NDAA section 889"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag)
			strbuf_addf(out, "  flag:      %s\n", names[i].text);
}

static void add_period(struct strbuf *out, const struct kb_edge *e)
{
	if (e->from && e->until)
		strbuf_addf(out, "%s until %s", e->from, e->until);
	else if (e->from)
		strbuf_addf(out, "since %s", e->from);
	else if (e->until)
		strbuf_addf(out, "until %s", e->until);
	else
		strbuf_addstr(out, "dates not known");
}

static void add_edge_source(struct strbuf *out, const struct kb_edge *e)
{
	strbuf_addf(out, ", certainty %s\n", certainty_name(e->certainty));
	if (e->note)
		strbuf_addf(out, "             note: %s\n", e->note);
	strbuf_addf(out, "             source: %s (%s)\n", *e->source ? e->source : "none given",
		    e->file);
}

/* "types display; " when the edge is scoped. */
static void add_cover(struct strbuf *out, const struct kb_scope *sc)
{
	if (!sc->n_types && !sc->n_models)
		return;
	strbuf_addstr(out, "only ");
	kb_scope_describe(sc, out);
	strbuf_addstr(out, ": ");
}

static void describe_vendor(const struct kb *kb, const struct kb_vendor *v, const char *date,
			    struct strbuf *out)
{
	const char *when = date ? date : "today";
	strbuf_addf(out, "vendor:      %s (%s)\n", v->name, v->id);
	strbuf_addf(out, "  kind:      %s\n", kind_name(v->kind));
	strbuf_addf(out, "  country:   %s\n", v->country ? v->country : "not known");
	add_flags(out, v->flags);
	if (v->note)
		strbuf_addf(out, "  note:      %s\n", v->note);
	strbuf_addf(out, "  source:    %s (%s)\n", *v->source ? v->source : "none given", v->file);

	const struct kb_edge *chain[VS_MAX_OWNER_DEPTH];
	size_t n = kb_owner_chain(kb, v->id, date, chain, VS_MAX_OWNER_DEPTH);
	strbuf_addf(out, "owners as of %s:", when);
	if (n == 0)
		strbuf_addstr(out, " none known (independent, or not in kb/ownership.tsv)\n");
	else
		strbuf_addch(out, '\n');
	for (size_t i = 0; i < n; i++) {
		const struct kb_vendor *o = chain[i]->owner;
		strbuf_addf(out, "  %zu. %s (%s), country %s, ", i + 1, o->name, o->id,
			    o->country ? o->country : "not known");
		add_period(out, chain[i]);
		add_edge_source(out, chain[i]);
	}
	if (n) {
		const struct kb_vendor *top = chain[n - 1]->owner;
		strbuf_addf(out, "  controlled from: %s (%s)\n", top->country ? top->country : "not known",
			    top->name);
	}

	const struct kb_edge *made[8];
	size_t n_made = kb_oem_edges(kb, v->id, date, made, 8);
	for (size_t i = 0; i < n_made; i++) {
		const struct kb_edge *p = made[i];
		strbuf_addf(out, "devices made by (as of %s): %s (%s), country %s, ", when,
			    p->owner->name, p->owner->id, p->owner->country ? p->owner->country : "not known");
		add_cover(out, &p->cover);
		if (p->scope)
			strbuf_addf(out, "%s, ", p->scope);
		add_period(out, p);
		add_edge_source(out, p);
	}
	/* The other direction, for a maker: which brands sell its devices. */
	bool first = true;
	for (size_t i = 0; i < kb->n_oem; i++) {
		const struct kb_edge *e = &kb->oem[i];
		if (e->owner != v)
			continue;
		if (first)
			strbuf_addstr(out, "makes devices sold as:\n");
		first = false;
		strbuf_addf(out, "  %s (%s), ", e->vendor->name, e->vendor->id);
		add_cover(out, &e->cover);
		if (e->scope)
			strbuf_addf(out, "%s, ", e->scope);
		add_period(out, e);
		add_edge_source(out, e);
	}
}

static bool describe_mac(const struct kb *kb, const char *query, struct strbuf *out,
			 const char *date)
{
	struct kb_oui_hit hit;
	enum kb_mac_status st = kb_lookup_mac(kb, query, &hit);
	char mac[18];
	kb_format_mac(hit.mac, mac);
	strbuf_addf(out, "MAC address: %s\n", mac);
	switch (st) {
	case KB_MAC_INVALID: /* kb_describe only calls us with a parsed MAC */
		strbuf_addstr(out, "not a MAC address\n");
		return false;
	case KB_MAC_MULTICAST:
		strbuf_addstr(out, "group (multicast) address: names no device and no maker\n");
		return false;
	case KB_MAC_RANDOMIZED:
		strbuf_addstr(out, "locally administered (randomised) address: not from an IEEE block, "
				   "names no maker\n");
		return false;
	case KB_MAC_UNKNOWN:
		strbuf_addf(out, "no IEEE block holds it (%zu blocks loaded)\n", kb_oui_count(kb));
		return false;
	case KB_MAC_FOUND:
		break;
	}
	strbuf_addf(out, "IEEE block:  %s %0*llX/%u, %s\n", hit.registry, (int)(hit.prefix_bits / 4),
		    (unsigned long long)(hit.mac >> (48 - hit.prefix_bits)), hit.prefix_bits, hit.org);
	if (hit.country)
		strbuf_addf(out, "registrant's address: %s; an address is not an owner\n",
			    hit.country);
	if (hit.vendor)
		describe_vendor(kb, hit.vendor, date, out);
	else
		strbuf_addstr(out, "vendor:      no ieee alias in kb/aliases.tsv names this organisation\n");
	return true;
}

bool kb_describe(const struct kb *kb, const char *query, const char *date, struct strbuf *out)
{
	if (!query || !*query) {
		strbuf_addstr(out, "nothing to look up\n");
		return false;
	}
	if (date && !date_valid(date)) {
		strbuf_addstr(out, "date \"");
		add_printable(out, date);
		strbuf_addstr(out, "\" is not YYYY, YYYY-MM or YYYY-MM-DD\n");
		return false;
	}
	uint64_t mac;
	if (kb_parse_mac(query, &mac))
		return describe_mac(kb, query, out, date);

	bool exact = false;
	const struct kb_alias *a = kb_match_name(kb, query, &exact);
	const char *how = exact ? "whole name" : "part of the name";
	if (!a) {
		a = kb_match_model(kb, query);
		how = "model number prefix";
	}
	if (a) {
		strbuf_addstr(out, "query:       ");
		add_printable(out, query);
		strbuf_addf(out, "\nmatched:     \"%s\", %s of %s (%s)\n", a->alias,
			    alias_kind_name(a->kind), a->vendor->id, how);
		strbuf_addf(out, "  source:    %s (%s)\n", *a->source ? a->source : "none given",
			    a->file);
		if (a->alt) {
			strbuf_addstr(out, "by product:  the name means different companies:\n");
			for (const struct kb_alias *m = a; m; m = m->alt) {
				strbuf_addf(out, "  %s (%s) for ", m->vendor->name, m->vendor->id);
				if (m->scope.n_types || m->scope.n_models)
					kb_scope_describe(&m->scope, out);
				else
					strbuf_addstr(out, "every other product");
				strbuf_addf(out, " (%s)\n", m->file);
			}
		}
		describe_vendor(kb, a->vendor, date, out);
		return true;
	}
	const struct kb_vendor *v = kb_vendor_by_id(kb, query);
	if (v) {
		describe_vendor(kb, v, date, out);
		return true;
	}
	strbuf_addstr(out, "not known: ");
	add_printable(out, query);
	strbuf_addstr(out, " (no vendor, alias, model prefix or MAC; unknown is not \"not Chinese\")\n");
	return false;
}

/* ---- kb check ---- */

size_t kb_problem(struct strbuf *out, const char *where, const char *fmt, ...)
{
	va_list ap;
	strbuf_addf(out, "%s: ", where);
	va_start(ap, fmt);
	strbuf_vaddf(out, fmt, ap);
	va_end(ap);
	strbuf_addch(out, '\n');
	return 1;
}

static size_t check_edges(const struct kb_edge *edges, size_t n, const char *what,
			  struct strbuf *out)
{
	size_t problems = 0;
	for (size_t i = 0; i < n; i++) {
		const struct kb_edge *e = &edges[i];
		uint32_t from, until;
		if (!*e->source)
			problems += kb_problem(out, e->file, "%s %s -> %s has no source", what,
					    e->vendor->id, e->owner->id);
		if (e->from && e->until && date_parse_day(e->from, strlen(e->from), &from) &&
		    date_parse_day(e->until, strlen(e->until), &until) && from >= until)
			problems += kb_problem(out, e->file, "%s %s -> %s: from %s is not before until %s",
					    what, e->vendor->id, e->owner->id, e->from, e->until);
	}
	return problems;
}

/* Two companies under one name must not claim the same type: the first
 * row would win without anyone having decided so. */
static size_t check_scoped_name(const struct kb_alias *head, struct strbuf *out)
{
	size_t problems = 0;
	for (const struct kb_alias *a = head; a; a = a->alt)
		for (const struct kb_alias *b = a->alt; b; b = b->alt)
			for (size_t i = 0; i < a->scope.n_types; i++)
				for (size_t k = 0; k < b->scope.n_types; k++)
					if (strcmp(a->scope.types[i], b->scope.types[k]) == 0 &&
					    !a->scope.n_models && !b->scope.n_models)
						problems += kb_problem(
							out, b->file,
							"\"%s\" names %s and %s (%s) for type %s alike",
							b->alias, b->vendor->id, a->vendor->id, a->file,
							a->scope.types[i]);
	return problems;
}

size_t kb_check(const struct kb *kb, struct strbuf *out)
{
	size_t problems = 0;
	for (size_t i = 0; i < kb->n_vendors; i++) {
		const struct kb_vendor *v = &kb->vendors[i];
		if (!v->country && !v->note)
			problems += kb_problem(out, v->file, "vendor %s has no country and no note why",
					    v->id);
		if (!*v->source)
			problems += kb_problem(out, v->file, "vendor %s has no source", v->id);
	}

	/* Folded registry names, to see that every ieee alias names a block
	 * holder (a typo there silently loses every MAC of that maker). */
	struct kb_map orgs = {0};
	struct strbuf f = STRBUF_INIT;
	struct kb_arena arena = {0};
	bool have_orgs = kb_oui_count(kb) > 0, oom = false;
	for (int b = 0; b < KB_OUI_NBITS && have_orgs && !oom; b++) {
		for (size_t i = 0; i < kb->n_oui[b] && !oom; i++) {
			/* Blocks of one holder share one org pointer: skip repeats cheaply. */
			if (i && kb->oui[b][i].org == kb->oui[b][i - 1].org)
				continue;
			strbuf_reset(&f);
			name_fold(&f, kb->oui[b][i].org);
			const char *key = f.failed ? NULL : kb_arena_strndup(&arena, strbuf_str(&f), f.len);
			oom = !key || !kb_map_put(&orgs, key, f.len, 0, NULL, NULL);
		}
	}
	if (oom) {
		problems += kb_problem(out, "kb check", "out of memory comparing ieee aliases with the registry");
		have_orgs = false;
	}

	for (size_t i = 0; i < kb->n_aliases; i++) {
		const struct kb_alias *a = &kb->aliases[i];
		if (kb_alias_synthesised(a))
			continue; /* from the vendor's own name, checked with the vendor */
		if (!*a->source)
			problems += kb_problem(out, a->file, "alias \"%s\" has no source", a->alias);
		if (a->kind == KB_ALIAS_MODEL_PREFIX)
			continue;
		strbuf_reset(&f);
		name_fold(&f, a->alias);
		if (f.failed) {
			problems += kb_problem(out, "kb check", "out of memory comparing aliases");
			break;
		}
		size_t j;
		const struct kb_alias *head = kb_map_get(&kb->names, strbuf_str(&f), f.len, &j)
						      ? &kb->aliases[j] : NULL;
		const struct kb_alias *in = head;
		while (in && in->vendor != a->vendor)
			in = in->alt;
		if (!in)
			problems += kb_problem(out, a->file, "alias \"%s\" does not fold to %s alone",
					    a->alias, a->vendor->id);
		else if (head == a)
			problems += check_scoped_name(a, out);
		if (a->kind == KB_ALIAS_IEEE && have_orgs && !kb_map_get(&orgs, strbuf_str(&f), f.len, &j))
			problems += kb_problem(out, a->file, "ieee alias \"%s\" names no organisation in %s",
					    a->alias, kb_file_names[KB_FILE_REGISTRY]);
	}
	kb_map_release(&orgs);
	kb_arena_release(&arena);
	strbuf_release(&f);

	problems += check_edges(kb->owners, kb->n_owners, "ownership", out);
	problems += check_edges(kb->oem, kb->n_oem, "oem", out);
	/* oem_brand (vendors.tsv) and oem.tsv say the same thing twice; a
	 * reviewer should see where they disagree. */
	for (size_t i = 0; i < kb->n_oem; i++) {
		const struct kb_edge *e = &kb->oem[i];
		if (!(e->vendor->flags & KB_FLAG_OEM_BRAND) &&
		    kb->oem_idx[kb->vedges[kb_vendor_index(kb, e->vendor)].oem_start] == e)
			problems += kb_problem(out, e->file, "oem brand %s lacks the oem_brand flag in %s",
					    e->vendor->id, kb_file_names[KB_FILE_VENDORS]);
	}
	for (size_t i = 0; i < kb->n_vendors; i++) {
		const struct kb_vendor *v = &kb->vendors[i];
		if ((v->flags & KB_FLAG_OEM_BRAND) && kb->vedges[i].oem_n == 0)
			problems += kb_problem(out, v->file, "vendor %s is flagged oem_brand but %s names "
					    "no producer", v->id, kb_file_names[KB_FILE_OEM]);
	}
	problems += kb_fp_check(kb, out);
	/* Unknown ids, malformed dates and ownership cycles never get this far:
	 * kb_load refuses them with the line. */
	return problems;
}
