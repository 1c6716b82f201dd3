#include "report/devices.h"

#include <stdio.h>

static void key_str(struct strbuf *out, const char *key, const char *v)
{
	strbuf_addch(out, ',');
	strbuf_add_json_str(out, key);
	strbuf_addch(out, ':');
	if (v)
		strbuf_add_json_str(out, v);
	else
		strbuf_addstr(out, "null");
}

void report_device_json(const struct asset *a, const struct sighting *s, struct strbuf *out)
{
	strbuf_addstr(out, "{\"mac\":");
	if (a->mac)
		strbuf_add_json_str(out, a->mac);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ",\"ip\":[");
	for (size_t i = 0; i < s->n_addrs; i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_add_json_str(out, s->addrs[i]);
	}
	strbuf_addch(out, ']');
	key_str(out, "vendor", a->vendor_name);
	key_str(out, "brand", a->brand);
	key_str(out, "model", a->model);
	key_str(out, "firmware", a->firmware);
	key_str(out, "serial", a->serial);
	key_str(out, "country", a->country);
	strbuf_addf(out, ",\"chinese\":%s",
		    a->chinese == TRI_YES ? "true" : a->chinese == TRI_NO ? "false" : "null");
	strbuf_addf(out, ",\"confidence\":%.2f", a->confidence);
	strbuf_addstr(out, ",\"evidence\":[");
	for (size_t i = 0; i < a->n_evidence; i++) {
		const struct evidence *e = &a->evidence[i];
		strbuf_addstr(out, i ? ",{\"method\":" : "{\"method\":");
		strbuf_add_json_str(out, e->method ? e->method : "");
		strbuf_addstr(out, ",\"field\":");
		strbuf_add_json_str(out, e->field ? e->field : "");
		strbuf_addstr(out, ",\"value\":");
		strbuf_add_json_str(out, e->value ? e->value : "");
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "],\"exposure\":[");
	for (size_t i = 0; i < s->n_peers; i++) {
		const struct peer *p = &s->peers[i];
		strbuf_addstr(out, i ? ",{\"peer\":" : "{\"peer\":");
		strbuf_add_json_str(out, p->addr);
		key_str(out, "country", p->country);
		key_str(out, "name", p->name);
		key_str(out, "cloud", p->cloud);
		strbuf_addf(out, ",\"bytes\":%llu}", (unsigned long long)p->bytes);
	}
	strbuf_addf(out, "],\"randomized_mac\":%s}\n", a->randomized_mac ? "true" : "false");
}
