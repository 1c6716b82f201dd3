/*
 * The vocabulary that flows between modules: a record is what a source saw
 * (one inventory row, one device heard on the wire), an asset is what
 * identification made of it, evidence is why.
 *
 * sources (import/, capture/, scan/) fill records;
 * identify/ + policy/ turn a record into an asset with evidence;
 * ingest/ writes assets to store/; report/ reads them back.
 *
 * All strings are heap copies owned by the struct that holds them; the
 * *_release functions free them. NULL means "not known".
 */
#ifndef VS_MODEL_MODEL_H
#define VS_MODEL_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fields a source can report about a thing. Names are the canonical field
 * names used by --map, in observations and in JSON. */
enum rec_field {
	RF_TYPE,       /* asset type as written: "Overvågningskamera", "Laptop" */
	RF_MAKER,      /* manufacturer / producer as written */
	RF_BRAND,      /* brand on the box when it differs from the maker */
	RF_MODEL,
	RF_SERIAL,
	RF_FIRMWARE,
	RF_MAC,
	RF_IP,
	RF_HOSTNAME,
	RF_DEPARTMENT,
	RF_SITE,
	RF_ZONE,       /* network zone / VLAN */
	RF_ACQUIRED,   /* acquisition date, YYYY or YYYY-MM-DD */
	RF_LIFESPAN,   /* expected lifespan in years */
	RF_COUNT,      /* "300", "~277", "ca. 650", "200-300", "150+" */
	RF_ORIGIN,     /* origin country as the source reported it ("Kina", "CN") */
	RF_NOTE,
	RF_PRODUCT,    /* software: program name */
	RF_PUBLISHER,  /* software: publisher / supplier as written */
	RF_VERSION,    /* software version */
	RF_DEVICE,     /* software: the device it is installed on */
	RF_DATA_CLASS, /* data handled: "personal", "sensitive", … (critical-installation rules) */
	RF_COUNT_OF_FIELDS
};

/* Canonical name of a field ("maker", "department" …). */
const char *rec_field_name(enum rec_field f);
/* Field for a canonical name; -1 when unknown. */
int rec_field_by_name(const char *name);

enum asset_kind { ASSET_HARDWARE, ASSET_SOFTWARE };

/* Yes / no / not known: a maker nobody knows is unknown, never "no". */
enum tri { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

/* A parsed count; low/high are -1 where the source gave no bound. */
struct count {
	int64_t value; /* the figure used for totals and budgets */
	int64_t low, high;
	bool estimated; /* "~", "ca.", "cirka", a range or "N+" */
};

struct record {
	enum asset_kind kind;
	char *field[RF_COUNT_OF_FIELDS];
	struct count count; /* value 1, low/high 1 when the source gave none */
	char *source_method; /* "csv", "nmap", "sadp" … */
	char *source_path;
	long line;           /* 1-based line in source_path; 0 when not a file */
};

void record_init(struct record *r);
void record_release(struct record *r);
/* Replace a field with a copy of value (NULL clears it). False on allocation failure. */
bool record_set(struct record *r, enum rec_field f, const char *value);

struct evidence {
	char *method; /* csv, kb, oui, oem, owner, policy, sadp, http … */
	char *field;
	char *value;
	double confidence;
};

struct asset {
	int64_t id;
	enum asset_kind kind;
	char *type;   /* normalised type key: "surveillance_camera" (see kb types) */
	char *type_raw;
	char *maker;  /* as the source wrote it */
	char *vendor; /* canonical knowledge-base id of the producer / owner, or NULL */
	char *vendor_name;
	char *brand;
	char *model;
	char *firmware;
	char *serial;
	char *mac;
	char *ip;
	char *hostname;
	char *department;
	char *site;
	char *zone;
	char *acquired;
	int lifespan_years; /* 0: not known */
	struct count count;
	char *country; /* ISO 3166 alpha-2 of the deciding company, or NULL */
	enum tri chinese;
	enum tri critical;
	double confidence;
	char *source_line; /* FILE:LINE */
	char *product, *publisher, *owner, *version, *device; /* software */
	char *data_class;
	char *origin_reported;
	bool randomized_mac;
	struct evidence *evidence;
	size_t n_evidence, alloc_evidence;
	size_t evidence_cut; /* lines past VS_MAX_EVIDENCE; the last line says so */
	/* The store's id for this evidence list once stored (0: not yet). An
	 * asset with no evidence of its own but an id shares that stored list:
	 * how a verdict reached once is reused for identical records. */
	int64_t evidence_set_id;
	/* The strings are borrowed, not owned: a view of a record and a
	 * remembered verdict (identify_record_memo), valid while those are.
	 * asset_release then frees only the evidence; nothing may str_set the
	 * strings of a view. */
	bool borrowed;
};

void asset_init(struct asset *a);
void asset_release(struct asset *a);
/* Append one piece of evidence (copied). False on allocation failure or when
 * VS_MAX_EVIDENCE is reached (the rest is dropped; the asset stays valid). */
bool asset_add_evidence(struct asset *a, const char *method, const char *field,
			const char *value, double confidence);
/* asset_add_evidence with a formatted value. False only when memory ran
 * out (reaching VS_MAX_EVIDENCE drops the line and is not a failure). */
bool asset_add_evidencef(struct asset *a, const char *method, const char *field,
			 double confidence, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool asset_add_evidencev(struct asset *a, const char *method, const char *field,
			 double confidence, const char *fmt, va_list ap);
/* One piece of evidence as a JSON object {"method","field","value"[,
 * "confidence" in thousandths]}: how the store keeps it and how device
 * JSON prints it. */
struct strbuf;
void evidence_append_json(const struct evidence *e, bool with_confidence, struct strbuf *sb);
/* Replace *slot with a copy of value. False on allocation failure. */
bool str_set(char **slot, const char *value);

#endif
