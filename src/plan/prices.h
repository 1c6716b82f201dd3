/*
 * The price catalogue: what one unit of each asset type costs to replace,
 * how long it lives, and which budget line each department pays from.
 * Read from data/prices/NAME.csv (format in data/README.md). All amounts are
 * util/money.h units (øre); a file writes them in thousand DKK.
 */
#ifndef VS_PLAN_PRICES_H
#define VS_PLAN_PRICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PRICES_MAX_ROWS 4096 /* rows of any kind in one price file */

struct price_item {
	char *type;      /* asset type key (surveillance_camera) */
	char *label_en;  /* product label as the seed tables print it */
	char *label_da;
	int64_t purchase; /* per unit */
	int64_t work;     /* replacement work per unit (take down, set up, document) */
	int lifespan;     /* years */
	int price_level;  /* the year the prices are in */
	int exposure;     /* 0-9, higher = replace earlier under a budget cap */
	char *source;
	long line;
};

/* A cost the seeds name as missing (project management, PC set-up,
 * disposal, staff downtime): an amount per unit for one type or all. */
struct price_extra {
	char *key;       /* [a-z_]+ */
	char *type;      /* a type key, or "*" for every type */
	char *label_en, *label_da;
	int64_t per_unit;
	char *source;
	long line;
};

struct budget_line {
	char *department; /* ØKF … */
	char *committee;  /* ØU */
	char *account;    /* 1118 */
	char *name;       /* Økonomisk forvaltning service */
	char *source;
	long line;
};

struct price_catalogue {
	char *path;
	struct price_item *items;
	size_t n_items;
	struct price_extra *extras;
	size_t n_extras;
	struct budget_line *lines;
	size_t n_lines;
};

/* Parse a catalogue held in memory; `name` is the file name errors cite
 * (FILE:LINE: reason, code VS_EBADVAL). On failure *out is empty. */
enum vs_err prices_parse(const char *name, const void *buf, size_t len,
			 struct price_catalogue *out, struct vs_error *err);
/* Read and parse a file (VS_ENOTFOUND / VS_EIO when it cannot be read). */
enum vs_err prices_load(const char *path, struct price_catalogue *out, struct vs_error *err);
void prices_release(struct price_catalogue *c);

const struct price_item *prices_item(const struct price_catalogue *c, const char *type);
/* Position of type in the file (the order tables list types in); n_items when absent. */
size_t prices_item_index(const struct price_catalogue *c, const char *type);
const struct budget_line *prices_budget_line(const struct price_catalogue *c, const char *dept);
/* Sum of the extra cost lines that apply to one unit of type; false on overflow. */
bool prices_extras_per_unit(const struct price_catalogue *c, const char *type, int64_t *out);

#endif
