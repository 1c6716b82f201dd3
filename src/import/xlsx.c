/*
 * XLSX reading (xlsx.h): libzip for the container, expat for the parts.
 * Expat hands over NUL-terminated names and attribute values and length-
 * counted text; nothing here walks the raw bytes.
 */
#include "import/xlsx.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/strbuf.h"

bool xlsx_magic(const uint8_t *data, size_t len)
{
	return len >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
}

/* ---- dates ---- */

/* Days since 1970-01-01 -> civil date (H. Hinnant's algorithm). */
static void civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long yy = (long long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

bool xlsx_serial_date(const char *text, bool date1904, char out[11])
{
	long long days = 0;
	size_t i = 0;
	if (!text || text[0] < '0' || text[0] > '9')
		return false;
	for (; text[i] >= '0' && text[i] <= '9'; i++) {
		days = days * 10 + (text[i] - '0');
		if (days > 3000000)
			return false;
	}
	if (text[i] == '.') /* the time of day */
		for (i++; text[i] >= '0' && text[i] <= '9'; i++)
			;
	if (text[i] != '\0')
		return false;
	/* 1970-01-01 is serial 25569 (1900 system, past the phantom leap day)
	 * and 24107 (1904 system). */
	long long since_epoch;
	if (date1904) {
		since_epoch = days - 24107;
	} else {
		if (days == 0 || days == 60)
			return false; /* 1900-01-00 and the 1900-02-29 that never was */
		since_epoch = days - (days < 60 ? 25568 : 25569);
	}
	int y;
	unsigned m, d;
	civil_from_days(since_epoch, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return false;
	snprintf(out, 11, "%04d-%02u-%02u", y, m % 100, d % 100);
	return true;
}

/* ---- parts ---- */

/* One part, unpacked whole; NULL data with VS_OK when absent and optional. */
static enum vs_err read_part(const char *name, zip_t *za, const char *part, bool optional, char **data,
			     size_t *len, struct vs_error *err)
{
	zip_stat_t st;
	*data = NULL;
	*len = 0;
	zip_stat_init(&st);
	if (zip_stat(za, part, 0, &st) != 0) {
		if (optional)
			return VS_OK;
		return vs_fail(err, VS_EBADVAL, "%s: not an XLSX workbook: it has no %s", name, part);
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > VS_MAX_XLSX_ENTRY)
		return vs_fail(err, VS_ETOOBIG, "%s: %s unpacks to more than %d bytes (VS_MAX_XLSX_ENTRY)", name,
			       part, VS_MAX_XLSX_ENTRY);
	zip_file_t *zf = zip_fopen(za, part, 0);
	if (!zf)
		return vs_fail(err, VS_EBADVAL, "%s: %s cannot be read: %s", name, part, zip_strerror(za));
	char *buf = malloc((size_t)st.size + 1);
	if (!buf) {
		zip_fclose(zf);
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	}
	zip_int64_t got = 0;
	while ((zip_uint64_t)got < st.size) {
		zip_int64_t n = zip_fread(zf, buf + got, st.size - (zip_uint64_t)got);
		if (n <= 0)
			break;
		got += n;
	}
	/* One byte more than the directory says would be a lie: refuse it. */
	char extra;
	bool longer = (zip_uint64_t)got == st.size && zip_fread(zf, &extra, 1) > 0;
	bool bad = (zip_uint64_t)got != st.size || longer;
	const char *why = bad ? zip_file_strerror(zf) : NULL;
	enum vs_err e = bad ? vs_fail(err, VS_EBADVAL, "%s: %s is damaged (%s)", name, part,
				      longer ? "longer than its directory entry" : why)
			    : VS_OK;
	zip_fclose(zf);
	if (e != VS_OK) {
		free(buf);
		return e;
	}
	buf[got] = '\0';
	*data = buf;
	*len = (size_t)got;
	return VS_OK;
}

/* The local part of an expat namespaced name "uri|local". */
static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (size_t i = 0; atts[i] && atts[i + 1]; i += 2)
		if (strcmp(atts[i], want) == 0)
			return atts[i + 1];
	return NULL;
}

/* The r:id attribute: local name "id" in a relationships namespace. */
static const char *attr_rid(const char **atts)
{
	for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
		const char *bar = strrchr(atts[i], '|');
		if (bar && strcmp(bar + 1, "id") == 0 && strstr(atts[i], "relationships"))
			return atts[i + 1];
	}
	return NULL;
}

struct parse {
	XML_Parser xp;
	const char *name, *part;
	struct vs_error *err;
	enum vs_err e;
};

static void parse_fail(struct parse *p, enum vs_err code, const char *why)
{
	if (p->e == VS_OK)
		p->e = vs_fail(p->err, code, "%s: %s:%lu: %s", p->name, p->part,
			       (unsigned long)XML_GetCurrentLineNumber(p->xp), why);
	XML_StopParser(p->xp, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *n, const XML_Char *s, const XML_Char *pub, int internal)
{
	(void)n, (void)s, (void)pub, (void)internal;
	parse_fail(ud, VS_EBADVAL, "a DOCTYPE, which no workbook part has");
}

/* Parse a part; p must be the first member of the handlers' user data. */
static enum vs_err parse_part(struct parse *p, const char *data, size_t len, XML_StartElementHandler start,
			      XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	p->xp = XML_ParserCreateNS(NULL, '|');
	if (!p->xp)
		return vs_fail(p->err, VS_ENOMEM, "%s: out of memory", p->name);
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, start, end);
	if (text)
		XML_SetCharacterDataHandler(p->xp, text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	p->e = VS_OK;
	/* Parts of several GiB cannot reach here (VS_MAX_XLSX_ENTRY < INT_MAX). */
	if (XML_Parse(p->xp, data, (int)len, XML_TRUE) == XML_STATUS_ERROR && p->e == VS_OK)
		p->e = vs_fail(p->err, VS_EBADVAL, "%s: %s:%lu: %s", p->name, p->part,
			       (unsigned long)XML_GetCurrentLineNumber(p->xp),
			       XML_ErrorString(XML_GetErrorCode(p->xp)));
	XML_ParserFree(p->xp);
	p->xp = NULL;
	return p->e;
}

/*
 * The sheet, streamed: a sheet of a million rows is hundreds of MB of XML,
 * so it is inflated and parsed a chunk at a time (memory stays the row's),
 * up to VS_MAX_XLSX_SHEET_XML bytes (a bound on time: deflate packs
 * whitespace a thousand to one).
 */
static enum vs_err parse_stream(struct parse *p, zip_t *za, const char *part, XML_StartElementHandler start,
				XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	zip_file_t *zf = zip_fopen(za, part, 0);
	if (!zf)
		return vs_fail(p->err, VS_EBADVAL, "%s: not an XLSX workbook: %s cannot be read (%s)", p->name,
			       part, zip_strerror(za));
	p->xp = XML_ParserCreateNS(NULL, '|');
	if (!p->xp) {
		zip_fclose(zf);
		return vs_fail(p->err, VS_ENOMEM, "%s: out of memory", p->name);
	}
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, start, end);
	XML_SetCharacterDataHandler(p->xp, text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	p->e = VS_OK;
	enum { CHUNK = 64 * 1024 };
	char *chunk = malloc(CHUNK);
	if (!chunk)
		p->e = vs_fail(p->err, VS_ENOMEM, "%s: out of memory", p->name);
	unsigned long long total = 0;
	bool done = false;
	while (p->e == VS_OK && !done) {
		zip_int64_t n = zip_fread(zf, chunk, CHUNK);
		if (n < 0) {
			p->e = vs_fail(p->err, VS_EBADVAL, "%s: %s is damaged (%s)", p->name, part,
				       zip_file_strerror(zf));
			break;
		}
		total += (unsigned long long)n;
		if (total > VS_MAX_XLSX_SHEET_XML) {
			p->e = vs_fail(p->err, VS_ETOOBIG, "%s: %s unpacks to more than %llu bytes "
				       "(VS_MAX_XLSX_SHEET_XML)", p->name, part, (unsigned long long)VS_MAX_XLSX_SHEET_XML);
			break;
		}
		done = n == 0;
		if (XML_Parse(p->xp, chunk, (int)n, done) == XML_STATUS_ERROR && p->e == VS_OK)
			p->e = vs_fail(p->err, VS_EBADVAL, "%s: %s:%lu: %s", p->name, part,
				       (unsigned long)XML_GetCurrentLineNumber(p->xp),
				       XML_ErrorString(XML_GetErrorCode(p->xp)));
	}
	free(chunk);
	XML_ParserFree(p->xp);
	p->xp = NULL;
	zip_fclose(zf);
	return p->e;
}

/* ---- workbook.xml and its relationships ---- */

struct book {
	struct parse p; /* first: the handlers' user data */
	const char *want;  /* --sheet, or NULL for the first */
	char *sheet;       /* the chosen sheet's name */
	char *rid;         /* and its relationship */
	char *target;      /* and its part */
	size_t sheets;
	struct strbuf names; /* every sheet's name, for "no such sheet" */
	bool date1904;
};

static char *dup(struct parse *p, const char *s)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		parse_fail(p, VS_ENOMEM, "out of memory");
	return d;
}

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = ud;
	const char *l = local(name);
	if (b->p.e != VS_OK)
		return;
	if (strcmp(l, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(l, "sheet") == 0) {
		const char *n = attr(atts, "name"), *rid = attr_rid(atts);
		if (!n || !rid)
			{
			parse_fail(&b->p, VS_EBADVAL, "a sheet without a name or r:id");
			return;
		}
		if (++b->sheets > VS_MAX_XLSX_SHEETS)
			{
			parse_fail(&b->p, VS_ETOOBIG, "more sheets than VS_MAX_XLSX_SHEETS");
			return;
		}
		if (b->names.len < 512)
			strbuf_addf(&b->names, "%s'%s'", b->names.len ? ", " : "", n);
		if (!b->sheet && (!b->want || strcasecmp(b->want, n) == 0)) {
			b->sheet = dup(&b->p, n);
			b->rid = dup(&b->p, rid);
		}
	}
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = ud;
	if (b->p.e != VS_OK || strcmp(local(name), "Relationship") != 0 || b->target)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	if (id && target && strcmp(id, b->rid) == 0)
		b->target = dup(&b->p, target);
}

/* ---- shared strings ---- */

struct strings {
	struct parse p;
	struct strbuf text; /* every string, NUL-terminated, one after another */
	size_t *off;
	size_t n, cap;
	int in_t, in_rph; /* depth inside <t> and <rPh> (phonetic runs are not the text) */
	size_t si_start;
};

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct strings *s = ud;
	const char *l = local(name);
	if (s->p.e != VS_OK)
		return;
	if (strcmp(l, "si") == 0) {
		s->si_start = s->text.len;
	} else if (strcmp(l, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(l, "t") == 0) {
		s->in_t++;
	}
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
	struct strings *s = ud;
	const char *l = local(name);
	if (s->p.e != VS_OK)
		return;
	if (strcmp(l, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(l, "t") == 0) {
		s->in_t--;
	} else if (strcmp(l, "si") == 0) {
		if (s->n == VS_MAX_XLSX_STRINGS)
			{
			parse_fail(&s->p, VS_ETOOBIG, "more shared strings than VS_MAX_XLSX_STRINGS");
			return;
		}
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 256;
			size_t *grown = realloc(s->off, cap * sizeof(*grown));
			if (!grown)
				{
			parse_fail(&s->p, VS_ENOMEM, "out of memory");
			return;
		}
			s->off = grown;
			s->cap = cap;
		}
		s->off[s->n++] = s->si_start;
		strbuf_addch(&s->text, '\0');
		if (s->text.failed)
			parse_fail(&s->p, VS_ENOMEM, "out of memory");
	}
}

static void XMLCALL strings_text(void *ud, const XML_Char *t, int len)
{
	struct strings *s = ud;
	if (s->p.e == VS_OK && s->in_t > 0 && s->in_rph == 0) {
		if (s->text.len - s->si_start + (size_t)len > VS_MAX_CSV_FIELD)
			{
			parse_fail(&s->p, VS_ETOOBIG, "a shared string longer than VS_MAX_CSV_FIELD");
			return;
		}
		strbuf_add(&s->text, t, (size_t)len);
	}
}

/* ---- the sheet ---- */

struct sheet {
	struct parse p;
	const struct strings *ss;
	xlsx_row_fn fn;
	void *ctx;
	struct xlsx_row row;
	struct strbuf cells;           /* the row's cell text, NUL-separated */
	size_t off[VS_MAX_CSV_COLUMNS];
	bool in_row, in_cell;
	long last_row;
	long col;                      /* the current cell's column (0-based) */
	long last_col;
	char type[16];                 /* the current cell's t */
	int in_value;                  /* inside <v>, or <t> of an inline string */
	int in_rph;
	struct strbuf text;            /* the current cell's text */
};

/* "BC12" -> column 54 (0-based); -1 when not a cell reference. */
static long ref_column(const char *ref)
{
	long col = 0;
	size_t i = 0;
	for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		col = col * 26 + (ref[i] - 'A' + 1);
		if (col > 16384)
			return -1;
	}
	if (i == 0 || ref[i] < '1' || ref[i] > '9')
		return -1;
	return col - 1;
}

static void sheet_row_start(struct sheet *s, const char **atts)
{
	const char *r = attr(atts, "r");
	long n = s->last_row + 1;
	if (r) {
		char *end;
		n = strtol(r, &end, 10);
		if (*end || n <= s->last_row || n > VS_MAX_XLSX_ROWS)
			{
			parse_fail(&s->p, n > VS_MAX_XLSX_ROWS ? VS_ETOOBIG : VS_EBADVAL,
					  "a row number out of order or past VS_MAX_XLSX_ROWS");
			return;
		}
	}
	if (n > VS_MAX_XLSX_ROWS)
		{
			parse_fail(&s->p, VS_ETOOBIG, "more rows than VS_MAX_XLSX_ROWS");
			return;
		}
	s->last_row = n;
	s->row.row = n;
	s->row.n = 0;
	s->last_col = -1;
	s->in_row = true;
	strbuf_reset(&s->cells);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *s = ud;
	const char *l = local(name);
	if (s->p.e != VS_OK)
		return;
	if (strcmp(l, "row") == 0) {
		sheet_row_start(s, atts);
	} else if (strcmp(l, "c") == 0 && s->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		long col = r ? ref_column(r) : s->last_col + 1;
		if (col < 0 || col <= s->last_col)
			{
			parse_fail(&s->p, VS_EBADVAL, "a cell reference out of order or malformed");
			return;
		}
		if (col >= VS_MAX_CSV_COLUMNS)
			{
			parse_fail(&s->p, VS_ETOOBIG, "a cell past VS_MAX_CSV_COLUMNS columns");
			return;
		}
		snprintf(s->type, sizeof(s->type), "%s", t ? t : "n");
		s->col = col;
		s->in_cell = true;
		strbuf_reset(&s->text);
	} else if (s->in_cell && strcmp(l, "rPh") == 0) {
		s->in_rph++;
	} else if (s->in_cell && (strcmp(l, "v") == 0 || strcmp(l, "t") == 0)) {
		s->in_value++;
	}
}

/* The finished cell's value, stored in the row. */
static void sheet_cell_end(struct sheet *s)
{
	s->in_cell = false;
	const char *v = strbuf_str(&s->text);
	bool number = false;
	if (strcmp(s->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (!v[0] || *end || !s->ss || i >= s->ss->n)
			{
			parse_fail(&s->p, VS_EBADVAL, "a shared-string index that is not in sharedStrings.xml");
			return;
		}
		v = s->ss->text.buf + s->ss->off[i];
	} else if (strcmp(s->type, "b") == 0) {
		v = strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
	} else if (strcmp(s->type, "n") == 0) {
		number = v[0] != '\0';
	} else if (strcmp(s->type, "inlineStr") != 0 && strcmp(s->type, "str") != 0 &&
		   strcmp(s->type, "e") != 0 && strcmp(s->type, "d") != 0) {
		{
			parse_fail(&s->p, VS_EBADVAL, "a cell of an unknown type");
			return;
		}
	}
	if (!v[0])
		return; /* an empty cell is as a missing one */
	/* Cells skipped before this one are empty. */
	for (long c = s->last_col + 1; c < s->col; c++) {
		s->off[c] = s->cells.len;
		s->row.number[c] = false;
		strbuf_addch(&s->cells, '\0');
	}
	s->off[s->col] = s->cells.len;
	s->row.number[s->col] = number;
	strbuf_addstr(&s->cells, v);
	strbuf_addch(&s->cells, '\0');
	s->last_col = s->col;
	s->row.n = (size_t)s->col + 1;
	if (s->cells.failed)
		parse_fail(&s->p, VS_ENOMEM, "out of memory");
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *s = ud;
	const char *l = local(name);
	if (s->p.e != VS_OK)
		return;
	if (strcmp(l, "c") == 0 && s->in_cell) {
		sheet_cell_end(s);
	} else if (s->in_cell && strcmp(l, "rPh") == 0) {
		s->in_rph--;
	} else if (s->in_cell && (strcmp(l, "v") == 0 || strcmp(l, "t") == 0)) {
		s->in_value--;
	} else if (strcmp(l, "row") == 0 && s->in_row) {
		s->in_row = false;
		for (size_t i = 0; i < s->row.n; i++) {
			s->row.value[i] = s->cells.buf + s->off[i];
			s->row.len[i] = strlen(s->row.value[i]);
		}
		if (s->row.n == 0)
			return;
		enum vs_err e = s->fn(&s->row, s->ctx, s->p.err);
		if (e != VS_OK) {
			s->p.e = e;
			XML_StopParser(s->p.xp, XML_FALSE);
		}
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *t, int len)
{
	struct sheet *s = ud;
	if (s->p.e != VS_OK || !s->in_cell || s->in_value <= 0 || s->in_rph > 0)
		return;
	if (s->text.len + (size_t)len > VS_MAX_CSV_FIELD)
		{
			parse_fail(&s->p, VS_ETOOBIG, "a cell longer than VS_MAX_CSV_FIELD");
			return;
		}
	strbuf_add(&s->text, t, (size_t)len);
	if (s->text.failed)
		parse_fail(&s->p, VS_ENOMEM, "out of memory");
}

/* ---- the workbook ---- */

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/…" absolute. */
static char *part_path(const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	if (target[0] == '/')
		strbuf_addstr(&sb, target + 1);
	else
		strbuf_addf(&sb, "xl/%s", target);
	return strbuf_detach(&sb);
}

static enum vs_err read_book(const char *name, zip_t *za, const char *want, struct book *b,
			     struct strings *ss, struct vs_error *err)
{
	char *data;
	size_t len;
	enum vs_err e = read_part(name, za, "xl/workbook.xml", false, &data, &len, err);
	if (e != VS_OK)
		return e;
	b->want = want;
	b->p = (struct parse){.name = name, .part = "xl/workbook.xml", .err = err};
	e = parse_part(&b->p, data, len, book_start, no_end, NULL);
	free(data);
	if (e == VS_OK && !b->sheet)
		return want ? vs_fail(err, VS_EBADVAL, "%s: no sheet named '%s' (sheets: %s)", name, want,
				      strbuf_str(&b->names))
			    : vs_fail(err, VS_EBADVAL, "%s: the workbook has no sheet", name);
	if (e == VS_OK)
		e = read_part(name, za, "xl/_rels/workbook.xml.rels", false, &data, &len, err);
	if (e != VS_OK)
		return e;
	b->p.part = "xl/_rels/workbook.xml.rels";
	e = parse_part(&b->p, data, len, rels_start, no_end, NULL);
	free(data);
	if (e == VS_OK && !b->target)
		return vs_fail(err, VS_EBADVAL, "%s: sheet '%s' names relationship %s, which the workbook lacks",
			       name, b->sheet, b->rid);
	if (e != VS_OK)
		return e;
	e = read_part(name, za, "xl/sharedStrings.xml", true, &data, &len, err);
	if (e == VS_OK && data) {
		ss->p = (struct parse){.name = name, .part = "xl/sharedStrings.xml", .err = err};
		e = parse_part(&ss->p, data, len, strings_start, strings_end, strings_text);
	}
	free(data);
	return e;
}

enum vs_err xlsx_read(const char *name, const uint8_t *data, size_t len, const char *want, xlsx_row_fn fn,
		      void *ctx, struct vs_error *err)
{
	if (len > VS_MAX_XLSX_FILE)
		return vs_fail(err, VS_ETOOBIG, "%s: larger than %d bytes (VS_MAX_XLSX_FILE)", name,
			       VS_MAX_XLSX_FILE);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!za) {
		enum vs_err e = vs_fail(err, VS_EBADVAL, "%s: not a readable ZIP archive (XLSX): %s", name,
					zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		return e;
	}
	zip_error_fini(&ze);
	struct book b = {.names = STRBUF_INIT};
	struct strings ss = {.text = STRBUF_INIT};
	enum vs_err e = read_book(name, za, want, &b, &ss, err);
	char *part = e == VS_OK ? part_path(b.target) : NULL;
	if (e == VS_OK && !part)
		e = vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	if (e == VS_OK) {
		struct sheet *s = calloc(1, sizeof(*s));
		if (!s) {
			e = vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
		} else {
			s->p = (struct parse){.name = name, .part = part, .err = err};
			s->ss = &ss;
			s->fn = fn;
			s->ctx = ctx;
			s->row.sheet = b.sheet;
			s->row.date1904 = b.date1904;
			strbuf_init(&s->cells);
			strbuf_init(&s->text);
			e = parse_stream(&s->p, za, part, sheet_start, sheet_end, sheet_text);
			strbuf_release(&s->cells);
			strbuf_release(&s->text);
			free(s);
		}
	}
	free(part);
	free(b.sheet);
	free(b.rid);
	free(b.target);
	strbuf_release(&b.names);
	strbuf_release(&ss.text);
	free(ss.off);
	zip_discard(za);
	return e;
}
