/*
 * Entry cursor for the dissectors. A caller may hand over an empty payload
 * as (NULL, 0); forming NULL + 0 is undefined behaviour in C (and memchr on
 * NULL too), so every dissector starts from this instead of cur_make.
 */
#ifndef VS_PROTO_PCUR_H
#define VS_PROTO_PCUR_H

#include "util/cur.h"

static inline struct cur proto_cur(const uint8_t *p, size_t n)
{
	static const uint8_t empty[1];
	return p ? cur_make(p, n) : cur_make(empty, 0);
}

#endif
