#include "report/devices.h"

#include <stdio.h>

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
	strbuf_add_json_member(out, "vendor", a->vendor_name);
	strbuf_add_json_member(out, "brand", a->brand);
	strbuf_add_json_member(out, "model", a->model);
	strbuf_add_json_member(out, "firmware", a->firmware);
	strbuf_add_json_member(out, "serial", a->serial);
	strbuf_add_json_member(out, "country", a->country);
	strbuf_addf(out, ",\"chinese\":%s",
		    a->chinese == TRI_YES ? "true" : a->chinese == TRI_NO ? "false" : "null");
	strbuf_addf(out, ",\"confidence\":%.2f", a->confidence);
	strbuf_addstr(out, ",\"evidence\":[");
	for (size_t i = 0; i < a->n_evidence; i++) {
		if (i)
			strbuf_addch(out, ',');
		evidence_append_json(&a->evidence[i], false, out);
	}
	strbuf_addstr(out, "],\"exposure\":[");
	for (size_t i = 0; i < s->n_peers; i++) {
		const struct peer *p = &s->peers[i];
		strbuf_addstr(out, i ? ",{\"peer\":" : "{\"peer\":");
		strbuf_add_json_str(out, p->addr);
		strbuf_add_json_member(out, "country", p->country);
		strbuf_add_json_member(out, "name", p->name);
		strbuf_add_json_member(out, "cloud", p->cloud);
		strbuf_addf(out, ",\"bytes\":%llu,\"seen\":\"traffic\"}", (unsigned long long)p->bytes);
	}
	/* Attempts: a vendor cloud's name asked for, no traffic to it seen. */
	bool sep = s->n_peers > 0;
	for (size_t i = 0; i < s->n_names; i++) {
		const struct resolved_name *r = &s->names[i];
		if (!r->cloud)
			continue;
		strbuf_addstr(out, sep ? ",{\"peer\":" : "{\"peer\":");
		sep = true;
		strbuf_add_json_str_or_null(out, r->addr[0] ? r->addr : NULL);
		strbuf_addstr(out, ",\"country\":null");
		strbuf_add_json_member(out, "name", r->name);
		strbuf_add_json_member(out, "cloud", r->cloud);
		strbuf_addstr(out, ",\"bytes\":0,\"seen\":\"query\"}");
	}
	strbuf_addf(out, "],\"randomized_mac\":%s}\n", a->randomized_mac ? "true" : "false");
}
