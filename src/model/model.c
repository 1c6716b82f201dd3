#include "model/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

static const char *const field_names[RF_COUNT_OF_FIELDS] = {
	[RF_TYPE] = "type",
	[RF_MAKER] = "maker",
	[RF_BRAND] = "brand",
	[RF_MODEL] = "model",
	[RF_SERIAL] = "serial",
	[RF_FIRMWARE] = "firmware",
	[RF_MAC] = "mac",
	[RF_IP] = "ip",
	[RF_HOSTNAME] = "hostname",
	[RF_DEPARTMENT] = "department",
	[RF_SITE] = "site",
	[RF_ZONE] = "zone",
	[RF_ACQUIRED] = "acquired",
	[RF_LIFESPAN] = "lifespan",
	[RF_COUNT] = "count",
	[RF_ORIGIN] = "origin",
	[RF_NOTE] = "note",
	[RF_PRODUCT] = "product",
	[RF_PUBLISHER] = "publisher",
	[RF_VERSION] = "version",
	[RF_DEVICE] = "device",
	[RF_DATA_CLASS] = "data_class",
};

const char *rec_field_name(enum rec_field f)
{
	return (unsigned)f < RF_COUNT_OF_FIELDS ? field_names[f] : "?";
}

int rec_field_by_name(const char *name)
{
	for (int i = 0; i < RF_COUNT_OF_FIELDS; i++)
		if (ascii_casecmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

bool str_set(char **slot, const char *value)
{
	char *copy = NULL;
	if (value && !(copy = str_dup_or_null(value)))
		return false;
	free(*slot);
	*slot = copy;
	return true;
}

void record_init(struct record *r)
{
	memset(r, 0, sizeof(*r));
	r->count.value = r->count.low = r->count.high = 1;
}

void record_release(struct record *r)
{
	for (int i = 0; i < RF_COUNT_OF_FIELDS; i++)
		free(r->field[i]);
	free(r->source_method);
	free(r->source_path);
	record_init(r);
}

bool record_set(struct record *r, enum rec_field f, const char *value)
{
	return str_set(&r->field[f], value);
}

void asset_init(struct asset *a)
{
	memset(a, 0, sizeof(*a));
	a->count.value = a->count.low = a->count.high = 1;
	a->chinese = TRI_UNKNOWN;
	a->critical = TRI_UNKNOWN;
}

/* The strings an asset owns unless it borrowed them (a memo hit's view). */
static void free_strings(struct asset *a)
{
	char **strings[] = {
		&a->type, &a->type_raw, &a->maker, &a->vendor, &a->vendor_name, &a->brand,
		&a->model, &a->firmware, &a->serial, &a->mac, &a->ip, &a->hostname,
		&a->department, &a->site, &a->zone, &a->acquired, &a->country,
		&a->source_line, &a->product, &a->publisher, &a->owner, &a->version,
		&a->device, &a->data_class, &a->origin_reported,
	};
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free(*strings[i]);
}

void asset_release(struct asset *a)
{
	/* Most imported rows borrow: no list of their strings is built. */
	if (!a->borrowed)
		free_strings(a);
	for (size_t i = 0; i < a->n_evidence; i++) {
		free(a->evidence[i].method);
		free(a->evidence[i].field);
		free(a->evidence[i].value);
	}
	free(a->evidence);
	asset_init(a);
}

/* The last slot says how many lines the limit cut, so a cut is never
 * silent. Memory failure leaves the slot's old line (still valid). */
static void note_cut(struct asset *a)
{
	struct evidence *e = &a->evidence[VS_MAX_EVIDENCE - 1];
	if (a->evidence_cut == 0) {
		a->evidence_cut = 1; /* the line the notice replaces is cut too */
		str_set(&e->method, "evidence");
		str_set(&e->field, "limit");
		e->confidence = 0;
	}
	a->evidence_cut++;
	char text[128];
	snprintf(text, sizeof(text), "%zu further evidence lines past the limit of %d were not kept",
		 a->evidence_cut, VS_MAX_EVIDENCE - 1);
	str_set(&e->value, text);
}

bool asset_add_evidence(struct asset *a, const char *method, const char *field,
			const char *value, double confidence)
{
	if (a->n_evidence >= VS_MAX_EVIDENCE) {
		note_cut(a);
		return false;
	}
	if (a->n_evidence == a->alloc_evidence) {
		size_t n = a->alloc_evidence ? a->alloc_evidence * 2 : 4;
		struct evidence *p = realloc(a->evidence, n * sizeof(*p));
		if (!p)
			return false;
		a->evidence = p;
		a->alloc_evidence = n;
	}
	struct evidence *e = &a->evidence[a->n_evidence];
	memset(e, 0, sizeof(*e));
	if (!str_set(&e->method, method) || !str_set(&e->field, field) ||
	    !str_set(&e->value, value)) {
		free(e->method);
		free(e->field);
		free(e->value);
		return false;
	}
	e->confidence = confidence;
	a->n_evidence++;
	return true;
}

bool asset_add_evidencev(struct asset *a, const char *method, const char *field,
			 double confidence, const char *fmt, va_list ap)
{
	/* A value passed through ("%s": every observation a device's list
	 * repeats) needs no formatting. */
	if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0') {
		va_list cp;
		va_copy(cp, ap);
		const char *v = va_arg(cp, const char *);
		va_end(cp);
		if (v) /* printf's "(null)" otherwise, as before */
			return asset_add_evidence(a, method, field, v, confidence) ||
			       a->n_evidence >= VS_MAX_EVIDENCE;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	bool ok = !sb.failed && (asset_add_evidence(a, method, field, strbuf_str(&sb), confidence) ||
				 a->n_evidence >= VS_MAX_EVIDENCE);
	strbuf_release(&sb);
	return ok;
}

bool asset_add_evidencef(struct asset *a, const char *method, const char *field,
			 double confidence, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = asset_add_evidencev(a, method, field, confidence, fmt, ap);
	va_end(ap);
	return ok;
}

void evidence_append_json(const struct evidence *e, bool with_confidence, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"method\":");
	strbuf_add_json_str(sb, e->method ? e->method : "");
	strbuf_addstr(sb, ",\"field\":");
	strbuf_add_json_str(sb, e->field ? e->field : "");
	strbuf_addstr(sb, ",\"value\":");
	strbuf_add_json_str(sb, e->value ? e->value : "");
	if (with_confidence) {
		/* Thousandths by hand, digits too: printf showed in import and
		 * capture profiles (every stored evidence line passes here). */
		long milli = (long)(e->confidence * 1000.0 + 0.5);
		unsigned long v = milli < 0 ? 0 : (unsigned long)milli;
		char num[32];
		size_t i = sizeof(num);
		for (int k = 0; k < 3; k++, v /= 10)
			num[--i] = (char)('0' + v % 10);
		num[--i] = '.';
		do
			num[--i] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		strbuf_addstr(sb, ",\"confidence\":");
		strbuf_add(sb, num + i, sizeof(num) - i);
	}
	strbuf_addch(sb, '}');
}
