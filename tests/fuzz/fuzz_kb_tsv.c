/*
 * Fuzz the knowledge-base loader (kb_load_texts) and every lookup over what
 * it loaded. The input is the seven files in kb_file_names order (the last,
 * kb/fingerprints.tsv, with its PCRE2 patterns), separated by a line "%%";
 * a file the input does not reach is a bare header, so short inputs still
 * get past the first file.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kb/kb.h"
#include "util/limits.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const headers[KB_N_FILES] = {
	"id\tname\tkind\tcountry\tflags\tnote\tsource\n",
	"alias\tvendor\tkind\tsource\n",
	"vendor\towner\tfrom\tuntil\tcertainty\tnote\tsource\n",
	"brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\n",
	"key\ten\tda\tsynonyms\n",
	"assignment\tregistry\torganization\tcountry\n",
	"match\tpattern\tvendor\tmodel\tfirmware\tconfidence\texample\tsource\n",
};

static void exercise(const struct kb *kb)
{
	static const char *const names[] = {"Hikvision DS-2CD2143G2-I", "HIKVISION", "Co., Ltd.",
					    "a b c d e f", "海康威视", ""};
	static const char *const dates[] = {NULL, "2020", "2018-06", "2024-02-29"};
	static const char *const macs[] = {"44:19:b6:00:00:01", "70b3.d5f2.f001", "000000000000",
					   "02:00:00:00:00:01"};
	struct strbuf out = STRBUF_INIT;
	kb_check(kb, &out);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		bool exact;
		kb_match_name(kb, names[i], &exact);
		kb_match_model(kb, names[i]);
		kb_type_match(kb, names[i]);
	}
	for (size_t i = 0; i < sizeof(macs) / sizeof(macs[0]); i++) {
		struct kb_oui_hit hit;
		kb_lookup_mac(kb, macs[i], &hit);
		kb_describe(kb, macs[i], NULL, &out);
	}
	for (size_t v = 0; v < kb_vendor_count(kb) && v < 64; v++) {
		const char *id = kb_vendor_at(kb, v)->id;
		for (size_t d = 0; d < sizeof(dates) / sizeof(dates[0]); d++) {
			const struct kb_edge *chain[VS_MAX_OWNER_DEPTH];
			kb_owner_chain(kb, id, dates[d], chain, VS_MAX_OWNER_DEPTH);
			kb_oem_producer(kb, id, dates[d]);
		}
		kb_describe(kb, id, "2020", &out);
		kb_describe(kb, kb_vendor_at(kb, v)->name, NULL, &out);
		strbuf_reset(&out);
	}
	for (size_t i = 0; i < kb_alias_count(kb) && i < 64; i++)
		kb_match_name(kb, kb_alias_at(kb, i)->alias, NULL);
	/* Every fingerprint over its own example and a few banners, on every key. */
	static const char *const keys[][2] = {{"http", "server"}, {"http", "realm"},
					      {"snmp", "sys_descr"}, {"snmp", "sys_object_id"},
					      {"tls", "subject"}, {"sip", "user_agent"}};
	static const char *const banners[] = {"DNVRS-Webs", "1.3.6.1.4.1.2011.2.224.67",
					      "Login to 6G0ABCDPAG12345", "aaaaaaaaaaaaaaaaaaaaaaaa!", ""};
	struct kb_fp_hit hit;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		for (size_t b = 0; b < sizeof(banners) / sizeof(banners[0]); b++)
			kb_fingerprint_match(kb, keys[k][0], keys[k][1], banners[b], &hit);
		for (size_t i = 0; i < kb_fingerprint_count(kb) && i < 64; i++)
			if (kb_fingerprint_at(kb, i)->example)
				kb_fingerprint_match(kb, keys[k][0], keys[k][1],
						     kb_fingerprint_at(kb, i)->example, &hit);
	}
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_text texts[KB_N_FILES];
	const uint8_t *p = data, *end = data + size;
	for (int f = 0; f < KB_N_FILES; f++) {
		texts[f].present = true;
		if (!p) {
			texts[f].data = (const uint8_t *)headers[f];
			texts[f].len = strlen(headers[f]);
			continue;
		}
		const uint8_t *sep = NULL;
		for (const uint8_t *q = p; (size_t)(end - q) >= 4; q++) {
			if (memcmp(q, "\n%%\n", 4) == 0) {
				sep = q;
				break;
			}
		}
		texts[f].data = p;
		texts[f].len = sep ? (size_t)(sep - p) + 1 : (size_t)(end - p);
		p = sep ? sep + 4 : NULL;
	}
	struct kb *kb;
	struct vs_error err = {0};
	if (kb_load_texts(texts, &kb, &err) == VS_OK) {
		exercise(kb);
		kb_free(kb);
	}
	return 0;
}
