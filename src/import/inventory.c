/*
 * CSV rows -> records: which column is which field (--map first, then the
 * English/Danish header words below), trimming, counts, and the errors a
 * person can act on ("FILE:LINE: reason" and what to do about it).
 *
 * Decisions (also stated in import.h):
 *  - an empty file, or one with only a header (or blank rows), is refused
 *    (VS_EBADVAL): importing nothing would create an empty survey that
 *    then became the default one and reported a total of 0; the header is
 *    checked first;
 *  - a row whose every cell is blank is skipped (an empty spreadsheet row is
 *    not an asset);
 *  - a column with an empty header name must stay empty (a value there would
 *    otherwise be dropped silently);
 *  - a --map entry naming a column the file does not have is ignored (one
 *    mapping can serve several exports);
 *  - a header holding a preset's signature (presets.c) is read with that
 *    preset's columns after --map, its other columns skipped;
 *  - unknown columns are gathered and refused in one message;
 *  - an XLSX workbook (xlsx.c) gives rows that take the same path.
 */
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/csv.h"
#include "import/presets.h"
#include "import/xlsx.h"
#include "util/cur.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Header words, already in name_fold() form (lower case, one space). */
static const struct {
	const char *word;
	enum rec_field field;
} header_words[] = {
	{"type", RF_TYPE}, {"hardwaretype", RF_TYPE}, {"asset type", RF_TYPE},
	{"device type", RF_TYPE}, {"category", RF_TYPE}, {"kategori", RF_TYPE},
	{"enhedstype", RF_TYPE},
	{"manufacturer", RF_MAKER}, {"maker", RF_MAKER}, {"make", RF_MAKER},
	{"vendor", RF_MAKER}, {"producer", RF_MAKER}, {"producent", RF_MAKER},
	{"fabrikat", RF_MAKER}, {"leverandør", RF_MAKER},
	/* The name on the box, which may be an OEM's: identification resolves
	 * brand -> maker, so it must not be taken for the maker here. */
	{"brand", RF_BRAND}, {"mærke", RF_BRAND},
	{"model", RF_MODEL}, {"modelnavn", RF_MODEL}, {"model name", RF_MODEL},
	{"serial", RF_SERIAL}, {"serial number", RF_SERIAL}, {"serial no", RF_SERIAL},
	{"serienummer", RF_SERIAL}, {"serienr", RF_SERIAL},
	{"firmware", RF_FIRMWARE}, {"firmware version", RF_FIRMWARE},
	{"mac", RF_MAC}, {"mac adresse", RF_MAC}, {"mac address", RF_MAC},
	{"ip", RF_IP}, {"ip adresse", RF_IP}, {"ip address", RF_IP},
	{"hostname", RF_HOSTNAME}, {"host name", RF_HOSTNAME}, {"værtsnavn", RF_HOSTNAME},
	{"enhedsnavn", RF_HOSTNAME}, {"computer name", RF_HOSTNAME},
	{"computernavn", RF_HOSTNAME},
	{"department", RF_DEPARTMENT}, {"forvaltning", RF_DEPARTMENT},
	{"afdeling", RF_DEPARTMENT},
	{"site", RF_SITE}, {"location", RF_SITE}, {"lokation", RF_SITE},
	{"placering", RF_SITE}, {"adresse", RF_SITE}, {"address", RF_SITE},
	{"zone", RF_ZONE}, {"vlan", RF_ZONE}, {"netværkszone", RF_ZONE},
	{"network zone", RF_ZONE},
	{"acquired", RF_ACQUIRED}, {"purchase date", RF_ACQUIRED}, {"anskaffet", RF_ACQUIRED},
	{"anskaffelsesdato", RF_ACQUIRED}, {"indkøbsdato", RF_ACQUIRED},
	{"lifespan", RF_LIFESPAN}, {"levetid", RF_LIFESPAN},
	{"count", RF_COUNT}, {"quantity", RF_COUNT}, {"qty", RF_COUNT},
	{"antal", RF_COUNT}, {"stk", RF_COUNT},
	{"origin", RF_ORIGIN}, {"country of origin", RF_ORIGIN},
	{"oprindelsesland", RF_ORIGIN}, {"oprindelse", RF_ORIGIN},
	{"note", RF_NOTE}, {"notes", RF_NOTE}, {"comment", RF_NOTE}, {"comments", RF_NOTE},
	{"bemærkning", RF_NOTE}, {"bemærkninger", RF_NOTE}, {"kommentar", RF_NOTE},
	{"product", RF_PRODUCT}, {"application", RF_PRODUCT}, {"program", RF_PRODUCT},
	{"software", RF_PRODUCT},
	{"publisher", RF_PUBLISHER}, {"udgiver", RF_PUBLISHER},
	{"version", RF_VERSION},
	{"device", RF_DEVICE},
	{"data class", RF_DATA_CLASS}, {"dataklasse", RF_DATA_CLASS},
	{"datatype", RF_DATA_CLASS},
};

enum {
	COL_SKIP = -2,    /* --map 'Column=-' */
	COL_UNNAMED = -3, /* empty header cell */
};

struct map_entry {
	char *column; /* folded */
	int field;    /* enum rec_field or COL_SKIP */
};

struct col_map {
	struct map_entry *e;
	size_t n;
	bool skip_unknown; /* --map '*=-' */
	/* --set: a field's value for a row that leaves it empty (copies). */
	char *def[RF_COUNT_OF_FIELDS];
	struct count def_count;
	bool has_def_count;
};

static void col_map_release(struct col_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->e[i].column);
	free(m->e);
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		free(m->def[f]);
	memset(m, 0, sizeof(*m));
}

/* The canonical field names, for messages: "type, maker, …". */
static void add_field_list(struct strbuf *sb)
{
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		strbuf_addf(sb, "%s%s", f ? ", " : "", rec_field_name((enum rec_field)f));
}

/* A field by folded name: the built-in words, then the canonical names. */
static int field_by_folded(const char *folded)
{
	for (size_t i = 0; i < sizeof(header_words) / sizeof(header_words[0]); i++)
		if (strcmp(folded, header_words[i].word) == 0)
			return (int)header_words[i].field;
	struct strbuf sb = STRBUF_INIT;
	int found = -1;
	for (int f = 0; f < RF_COUNT_OF_FIELDS && found < 0; f++) {
		strbuf_reset(&sb);
		name_fold(&sb, rec_field_name((enum rec_field)f));
		if (!sb.failed && strcmp(strbuf_str(&sb), folded) == 0)
			found = f;
	}
	strbuf_release(&sb);
	return found;
}

int import_header_field(const char *header)
{
	if (!header)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	name_fold(&sb, header);
	int f = sb.failed ? -1 : field_by_folded(strbuf_str(&sb));
	strbuf_release(&sb);
	return f;
}

/*
 * A cell or name as it may appear inside a message: at most 60 bytes, cut on
 * a UTF-8 character boundary and marked "…" when cut, control characters as
 * '?', so one odd cell cannot push the reason out of the message buffer.
 */
static const char *shown(char *dst, size_t size, const char *s)
{
	enum { MAX_SHOWN = 60 };
	size_t n = strlen(s), k = 0;
	bool cut = n > MAX_SHOWN;
	if (cut) {
		n = MAX_SHOWN;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n && k + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		dst[k++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (cut && k + 4 < size) {
		memcpy(dst + k, "\xE2\x80\xA6", 3); /* … */
		k += 3;
	}
	dst[k] = '\0';
	return dst;
}

/* Parse "Column=field,Other=-". Items are trimmed; an empty item is ignored. */
static enum vs_err col_map_parse(const char *spec, struct col_map *m, struct vs_error *err)
{
	char a[128], b[128];
	enum vs_err e = VS_OK;
	if (!spec)
		return VS_OK;
	struct cur c = cur_make(spec, strlen(spec));
	struct strbuf fold = STRBUF_INIT, list = STRBUF_INIT;
	while (!cur_eof(&c) && e == VS_OK) {
		bool more;
		struct slice item = cur_until(&c, ',', &more);
		char *text = str_trim_dup((const char *)item.p, item.len);
		if (!text) {
			e = vs_fail(err, VS_ENOMEM, "--map: out of memory");
			break;
		}
		if (!text[0]) {
			free(text);
			continue;
		}
		char *eq = strrchr(text, '=');
		char *col = eq ? str_trim_dup(text, (size_t)(eq - text)) : NULL;
		char *fname = eq ? str_trim_dup(eq + 1, strlen(eq + 1)) : NULL;
		int field = COL_SKIP;
		strbuf_reset(&fold);
		if (col)
			name_fold(&fold, col);
		if (!eq) {
			e = vs_fail(err, VS_EUSAGE, "--map: \"%s\" is not Column=field",
				    shown(a, sizeof(a), text));
		} else if (!col || !fname || fold.failed) {
			e = vs_fail(err, VS_ENOMEM, "--map: out of memory");
		} else if (!fold.len) {
			e = vs_fail(err, VS_EUSAGE, "--map: \"%s\" names no column before '='",
				    shown(a, sizeof(a), text));
		} else if (strcmp(fold.buf, "*") == 0) {
			if (strcmp(fname, "-") != 0)
				e = vs_fail(err, VS_EUSAGE,
					    "--map: '*' stands for every unknown column and can only be "
					    "skipped ('*=-'), not \"%s\"", shown(a, sizeof(a), text));
			else if (m->skip_unknown)
				e = vs_fail(err, VS_EUSAGE, "--map: '*=-' is given twice");
			m->skip_unknown = true;
		} else if (strcmp(fname, "-") != 0 && (field = rec_field_by_name(fname)) < 0) {
			strbuf_reset(&list);
			add_field_list(&list);
			e = vs_fail(err, VS_EUSAGE,
				    "--map: unknown field \"%s\" in \"%s\" (fields: %s; '-' skips the column)",
				    shown(a, sizeof(a), fname), shown(b, sizeof(b), text), strbuf_str(&list));
		} else {
			for (size_t i = 0; i < m->n && e == VS_OK; i++)
				if (strcmp(m->e[i].column, fold.buf) == 0)
					e = vs_fail(err, VS_EUSAGE, "--map: column \"%s\" is mapped twice",
						    shown(a, sizeof(a), col));
			struct map_entry *grown = e == VS_OK ? realloc(m->e, (m->n + 1) * sizeof(*m->e)) : NULL;
			if (e == VS_OK && !grown)
				e = vs_fail(err, VS_ENOMEM, "--map: out of memory");
			if (e == VS_OK) {
				m->e = grown;
				m->e[m->n].column = strbuf_detach(&fold);
				m->e[m->n].field = field;
				m->n++;
			}
		}
		free(text);
		free(col);
		free(fname);
	}
	strbuf_release(&fold);
	strbuf_release(&list);
	return e;
}

/* --set "field=value" entries into m->def (see import.h). */
static enum vs_err defaults_parse(const struct import_opts *o, struct col_map *m, struct vs_error *err)
{
	char a[128];
	for (size_t i = 0; o && i < o->n_set; i++) {
		const char *item = o->set[i];
		const char *eq = item ? strchr(item, '=') : NULL;
		if (!eq)
			return vs_fail(err, VS_EUSAGE, "--set: \"%s\" is not field=value",
				       shown(a, sizeof(a), item ? item : ""));
		char *fname = str_trim_dup(item, (size_t)(eq - item));
		char *value = str_trim_dup(eq + 1, strlen(eq + 1));
		int f = fname ? rec_field_by_name(fname) : -1;
		enum vs_err e = VS_OK;
		if (!fname || !value) {
			e = vs_fail(err, VS_ENOMEM, "--set: out of memory");
		} else if (f < 0) {
			struct strbuf list = STRBUF_INIT;
			add_field_list(&list);
			e = vs_fail(err, VS_EUSAGE, "--set: unknown field \"%s\" (fields: %s)",
				    shown(a, sizeof(a), fname), strbuf_str(&list));
			strbuf_release(&list);
		} else if (!value[0]) {
			e = vs_fail(err, VS_EUSAGE, "--set: %s has no value", fname);
		} else if (m->def[f] || (f == RF_COUNT && m->has_def_count)) {
			e = vs_fail(err, VS_EUSAGE, "--set: %s is given twice", fname);
		} else if (f == RF_COUNT) {
			const char *why = NULL;
			if (!count_parse(value, &m->def_count, &why))
				e = vs_fail(err, VS_EUSAGE, "--set: bad count \"%s\": %s",
					    shown(a, sizeof(a), value), why);
			m->has_def_count = e == VS_OK;
		} else {
			m->def[f] = value;
			value = NULL;
		}
		free(fname);
		free(value);
		if (e != VS_OK)
			return e;
	}
	return VS_OK;
}

/* ' ', '\t', '\n', '\v', '\f', '\r': the last five are 9..13. */
static bool is_space_byte(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i++; /* NBSP, which str_trim_dup also trims */
			continue;
		}
		if (!is_space_byte(c))
			return false;
	}
	return true;
}

/* The delimiter candidates other than the file's that occur in a row. */
static int other_delimiter(const struct csv_row *row, int delim)
{
	static const char cand[] = ";,\t";
	for (size_t i = 0; i < row->n; i++)
		for (const char *d = cand; *d; d++)
			if (*d != delim && memchr(row->field[i], *d, row->len[i]))
				return *d;
	return 0;
}

static const char *delim_name(int d)
{
	return d == '\t' ? "tab" : d == ';' ? "';'" : "','";
}

struct importer {
	struct csv_reader rd;
	const struct import_opts *o;
	const char *name;
	int col[VS_MAX_CSV_COLUMNS];
	/* A preset's preference among its columns of one field (0 first);
	 * -1 for a column a preset did not name (two of them are refused). */
	int rank[VS_MAX_CSV_COLUMNS];
	char *colname[VS_MAX_CSV_COLUMNS]; /* trimmed header names, for messages */
	size_t ncols;
	const struct col_map *m;
	const struct import_preset *preset;
	/* Between the name and a row number in messages: "FILE:LINE" for
	 * CSV, "FILE:SHEET!ROW" for a workbook (name is then "FILE:SHEET"). */
	const char *sep;
	bool date1904;                   /* a workbook's date system */
	bool number[VS_MAX_CSV_COLUMNS]; /* a workbook's numeric cells in the current row */
	bool header_done;
	long records;                    /* rows given to the caller */
	struct csv_row xrow;             /* a workbook row as the CSV path takes it */
	char *msg_name;                  /* "FILE:SHEET" */
	/* Every record's source_path and source_method, lent to it. */
	char *path;
	char method[4];
};

/*
 * Every unknown column in one message, with the --map lines that would name
 * or skip them all. The message has 1 KiB: names that do not fit are
 * counted, and '*=-' still skips them.
 */
static enum vs_err unknown_columns_error(struct importer *im, long line, const size_t *idx, size_t n,
					 struct vs_error *err)
{
	enum { ROOM = 600 };
	char a[128];
	if (n == 1) {
		struct strbuf list = STRBUF_INIT;
		add_field_list(&list);
		shown(a, sizeof(a), im->colname[idx[0]]);
		enum vs_err e = vs_fail(err, VS_EBADVAL,
					"%s%s%ld: unknown column \"%s\" (column %zu); name its field with "
					"--map '%s=FIELD' or skip it with --map '%s=-' (fields: %s)",
					im->name, im->sep, line, a, idx[0] + 1, a, a, strbuf_str(&list));
		strbuf_release(&list);
		return e;
	}
	struct strbuf names = STRBUF_INIT, name_map = STRBUF_INIT, skip_map = STRBUF_INIT,
		      list = STRBUF_INIT;
	size_t shown_n = 0;
	for (; shown_n < n; shown_n++) {
		shown(a, sizeof(a), im->colname[idx[shown_n]]);
		if (names.len + name_map.len + skip_map.len + 3 * strlen(a) > ROOM)
			break;
		strbuf_addf(&names, "%s\"%s\" (column %zu)", shown_n ? ", " : "", a, idx[shown_n] + 1);
		strbuf_addf(&name_map, "%s%s=FIELD", shown_n ? "," : "", a);
		strbuf_addf(&skip_map, "%s%s=-", shown_n ? "," : "", a);
	}
	if (shown_n < n)
		strbuf_addf(&names, " and %zu more", n - shown_n);
	add_field_list(&list);
	enum vs_err e = names.failed || name_map.failed || skip_map.failed || list.failed
				? vs_fail(err, VS_ENOMEM, "%s: out of memory", im->name)
				: vs_fail(err, VS_EBADVAL,
					  "%s%s%ld: %zu unknown columns: %s; name their fields with --map '%s' "
					  "or skip them with --map '%s'%s (--map '*=-' skips every unknown "
					  "column; fields: %s)",
					  im->name, im->sep, line, n, strbuf_str(&names), strbuf_str(&name_map),
					  strbuf_str(&skip_map), shown_n < n ? " and the rest likewise" : "",
					  strbuf_str(&list));
	strbuf_release(&names);
	strbuf_release(&name_map);
	strbuf_release(&skip_map);
	strbuf_release(&list);
	return e;
}

/*
 * A column's field: --map first; in a recognised export the preset's
 * column, or skipped; otherwise the built-in words, or skipped by '*=-'.
 * -1 when unknown. *rank is the preset's preference, -1 outside a preset.
 */
static int column_field(const struct importer *im, const char *folded, int *rank)
{
	const struct col_map *m = im->m;
	*rank = -1;
	for (size_t k = 0; k < m->n; k++)
		if (strcmp(m->e[k].column, folded) == 0)
			return m->e[k].field;
	if (im->preset) {
		int f = import_preset_field(im->preset, folded, rank);
		return f == -1 ? COL_SKIP : f;
	}
	int f = field_by_folded(folded);
	return f == -1 && m->skip_unknown ? COL_SKIP : f;
}

static enum vs_err read_header(struct importer *im, const struct csv_row *h, struct vs_error *err)
{
	char a[128], b[128];
	enum vs_err e = VS_OK;
	int seen[RF_COUNT_OF_FIELDS];
	size_t at[RF_COUNT_OF_FIELDS];
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		seen[f] = 0, at[f] = 0;
	im->ncols = h->n;
	if (h->n == 1 && im->rd.delim_declared) {
		/* Only a "sep=" line can make a one-column header (otherwise the
		 * delimiter was found in it); say so rather than "unknown column". */
		int other = other_delimiter(h, im->rd.delim);
		if (other)
			return vs_fail(err, VS_EBADVAL,
				       "%s%s%ld: the header is one column but contains %s; the delimiter is %s "
				       "(from the sep= line) — fix the sep= line or the header",
				       im->name, im->sep, h->line, delim_name(other), delim_name(im->rd.delim));
	}
	char *folded[VS_MAX_CSV_COLUMNS] = {NULL};
	size_t unknown[VS_MAX_CSV_COLUMNS], n_unknown = 0;
	for (size_t i = 0; i < h->n && e == VS_OK; i++) {
		struct strbuf fold = STRBUF_INIT;
		name_fold(&fold, h->field[i]);
		im->colname[i] = str_trim_dup(h->field[i], h->len[i]);
		if (fold.failed || !im->colname[i])
			e = vs_fail(err, VS_ENOMEM, "%s: out of memory", im->name);
		folded[i] = strbuf_detach(&fold);
		if (e == VS_OK && !folded[i])
			e = vs_fail(err, VS_ENOMEM, "%s: out of memory", im->name);
	}
	/* Presets name hardware exports; a program list keeps its own words. */
	if (e == VS_OK && (!im->o || im->o->kind == ASSET_HARDWARE))
		im->preset = import_preset_find((const char *const *)folded, h->n);
	if (im->o && im->o->preset)
		*im->o->preset = im->preset ? im->preset->what : NULL;
	for (size_t i = 0; i < h->n && e == VS_OK; i++) {
		im->rank[i] = -1;
		if (!folded[i][0]) {
			im->col[i] = COL_UNNAMED;
			continue;
		}
		int f = column_field(im, folded[i], &im->rank[i]);
		if (f == -1) {
			unknown[n_unknown++] = i;
			continue;
		}
		/* A preset's columns of one field are alternatives, in its order. */
		bool alternative = f >= 0 && seen[f] && im->rank[i] >= 0 && im->rank[at[f]] >= 0 &&
				   im->rank[i] != im->rank[at[f]];
		if (f >= 0 && seen[f] && !alternative) {
			e = vs_fail(err, VS_EBADVAL,
				    "%s%s%ld: columns \"%s\" (column %zu) and \"%s\" (column %zu) are both %s; "
				    "skip one with --map 'Column=-'",
				    im->name, im->sep, h->line, shown(a, sizeof(a), im->colname[at[f]]), at[f] + 1,
				    shown(b, sizeof(b), im->colname[i]), i + 1, rec_field_name((enum rec_field)f));
			break;
		}
		if (f >= 0)
			seen[f] = 1, at[f] = i;
		im->col[i] = f;
	}
	if (e == VS_OK && n_unknown)
		e = unknown_columns_error(im, h->line, unknown, n_unknown, err);
	for (size_t i = 0; i < h->n; i++)
		free(folded[i]);
	return e;
}

static enum vs_err row_length_error(struct importer *im, const struct csv_row *row, struct vs_error *err)
{
	int other = other_delimiter(row, im->rd.delim);
	if (row->n < im->ncols) {
		if (other)
			return vs_fail(err, VS_EBADVAL,
				       "%s%s%ld: too few fields: %zu, the header has %zu; this row has %s where "
				       "the header uses %s (mixed delimiters?)",
				       im->name, im->sep, row->line, row->n, im->ncols, delim_name(other),
				       delim_name(im->rd.delim));
		return vs_fail(err, VS_EBADVAL, "%s%s%ld: too few fields: %zu, the header has %zu",
			       im->name, im->sep, row->line, row->n, im->ncols);
	}
	return vs_fail(err, VS_EBADVAL,
		       "%s%s%ld: too many fields: %zu, the header has %zu (a value containing %s must be "
		       "in double quotes)",
		       im->name, im->sep, row->line, row->n, im->ncols, delim_name(im->rd.delim));
}


/*
 * A cell's value trimmed as str_trim_dup trims it. Most cells need no
 * trimming: those are lent as they are (the reader's copy is NUL-terminated
 * and lives until the next record), the rest copied, *owned saying which.
 * The cell is not blank. NULL when memory ran out.
 */
static char *cell_value(const struct csv_row *row, size_t i, bool *owned)
{
	const unsigned char *s = (const unsigned char *)row->field[i];
	size_t n = row->len[i];
	/* A control byte (ESC of a terminal escape sequence, say) is no part of
	 * a name: stored, it would reach a terminal or a spreadsheet later. It
	 * becomes '?', as in a captured value (model/sighting.h); line breaks
	 * and tabs inside a quoted cell stay. */
	bool ctl = row->ctl && text_has_ctl(s, n);
	if (!ctl && !is_space_byte(s[0]) && s[0] != 0xC2 && !is_space_byte(s[n - 1]) &&
	    s[n - 1] != 0xA0) {
		*owned = false;
		return (char *)row->field[i]; /* the record is const to every reader */
	}
	*owned = true;
	char *v = str_trim_dup(row->field[i], n);
	if (ctl && v)
		str_ctl_replace(v);
	return v;
}

/* What build_record filled: the fields it copied; the rest are lent. */
static void record_drop(struct record *rec, const bool owned[RF_COUNT_OF_FIELDS])
{
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (owned[f])
			free(rec->field[f]);
}

/*
 * The record for a row. No allocation for a cell that needs no trimming:
 * its field is lent from the reader (owned[f] false), as are the source
 * path and method (the importer's); record_drop frees the rest. A copy of
 * every cell of every row showed in import profiles (malloc, strlen, free).
 */
static enum vs_err build_record(struct importer *im, const struct csv_row *row, struct record *rec,
				bool owned[RF_COUNT_OF_FIELDS], struct vs_error *err)
{
	char a[128], b[128];
	rec->kind = im->o ? im->o->kind : ASSET_HARDWARE;
	rec->line = row->line;
	rec->source_method = im->method;
	rec->source_path = im->path;
	int rank[RF_COUNT_OF_FIELDS]; /* the preset preference of the column a field came from */
	bool counted = false;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		rank[f] = -1;
	for (size_t i = 0; i < row->n; i++) {
		int f = im->col[i];
		if (f == COL_SKIP)
			continue;
		if (is_blank(row->field[i], row->len[i]))
			continue;
		if (f == COL_UNNAMED) {
			char *v = str_trim_dup(row->field[i], row->len[i]);
			enum vs_err e = v ? vs_fail(err, VS_EBADVAL,
						    "%s%s%ld: a value (\"%s\") in column %zu, which has no name "
						    "in the header; name the column or empty it",
						    im->name, im->sep, row->line, shown(a, sizeof(a), v), i + 1)
					  : vs_fail(err, VS_ENOMEM, "%s%s%ld: out of memory", im->name, im->sep, row->line);
			free(v);
			return e;
		}
		bool own;
		char *v = cell_value(row, i, &own);
		if (!v)
			return vs_fail(err, VS_ENOMEM, "%s%s%ld: out of memory", im->name, im->sep, row->line);
		char day[11];
		if (f == RF_ACQUIRED && im->number[i] && xlsx_serial_date(v, im->date1904, day)) {
			/* A workbook's date is a day count; the rest of the path reads ISO. */
			if (own)
				free(v);
			v = str_dup_or_null(day);
			own = true;
			if (!v)
				return vs_fail(err, VS_ENOMEM, "%s%s%ld: out of memory", im->name, im->sep,
					       row->line);
		}
		if (f != RF_COUNT) {
			if (rec->field[f] && im->rank[i] > rank[f]) {
				if (own)
					free(v); /* a preferred column of the preset gave it */
				continue;
			}
			if (rec->field[f] && owned[f])
				free(rec->field[f]);
			rec->field[f] = v;
			owned[f] = own;
			rank[f] = im->rank[i];
			continue;
		}
		counted = true;
		const char *why = NULL;
		bool ok = count_parse(v, &rec->count, &why);
		if (!ok) {
			enum vs_err e = vs_fail(err, VS_EBADVAL, "%s%s%ld: bad count \"%s\" in column \"%s\": %s",
						im->name, im->sep, row->line, shown(a, sizeof(a), v),
						shown(b, sizeof(b), im->colname[i]), why);
			if (own)
				free(v);
			return e;
		}
		if (own)
			free(v);
	}
	/* --set, then the preset's asset type, for what the row left empty. */
	const struct col_map *m = im->m;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (!rec->field[f] && m->def[f])
			rec->field[f] = m->def[f]; /* lent: owned[f] stays false */
	if (!rec->field[RF_TYPE] && im->preset && im->preset->type)
		rec->field[RF_TYPE] = (char *)im->preset->type; /* the record is const to every reader */
	if (!counted && m->has_def_count)
		rec->count = m->def_count;
	return VS_OK;
}

/* One row: the header first, then records. */
static enum vs_err take_row(struct importer *im, const struct csv_row *row, import_record_fn fn, void *ctx,
			    struct vs_error *err)
{
	if (!im->header_done) {
		im->header_done = true;
		return read_header(im, row, err);
	}
	bool blank = true;
	for (size_t i = 0; i < row->n && blank; i++)
		blank = is_blank(row->field[i], row->len[i]);
	if (blank)
		return VS_OK;
	if (row->n != im->ncols)
		return row_length_error(im, row, err);
	struct record rec;
	bool owned[RF_COUNT_OF_FIELDS] = {false};
	record_init(&rec);
	enum vs_err e = build_record(im, row, &rec, owned, err);
	if (e == VS_OK)
		e = fn(&rec, ctx, err);
	record_drop(&rec, owned);
	im->records++;
	return e;
}

struct xlsx_feed {
	struct importer *im;
	import_record_fn fn;
	void *ctx;
};

/* A workbook row as a CSV row: padded to the header's width, so a row
 * whose last cells are empty is as long as the header. */
static enum vs_err take_xlsx_row(const struct xlsx_row *xr, void *ctx, struct vs_error *err)
{
	struct xlsx_feed *feed = ctx;
	struct importer *im = feed->im;
	struct csv_row *row = &im->xrow;
	im->date1904 = xr->date1904;
	if (!im->msg_name) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s:%s", im->name, xr->sheet);
		if (!(im->msg_name = strbuf_detach(&sb)))
			return vs_fail(err, VS_ENOMEM, "%s: out of memory", im->name);
		im->name = im->msg_name;
		im->sep = "!";
	}
	row->line = xr->row;
	row->ctl = true; /* not known: each cell is looked at */
	row->n = xr->n;
	if (im->header_done && row->n < im->ncols)
		row->n = im->ncols;
	for (size_t i = 0; i < row->n; i++) {
		bool have = i < xr->n;
		row->field[i] = have ? xr->value[i] : "";
		row->len[i] = have ? xr->len[i] : 0;
		im->number[i] = have && xr->number[i];
	}
	return take_row(im, row, feed->fn, feed->ctx, err);
}

static enum vs_err run(struct importer *im, const uint8_t *book, size_t book_len, import_record_fn fn, void *ctx,
		       struct vs_error *err)
{
	struct col_map m;
	memset(&m, 0, sizeof(m));
	enum vs_err e = col_map_parse(im->o ? im->o->map : NULL, &m, err);
	if (e == VS_OK)
		e = defaults_parse(im->o, &m, err);
	im->m = &m;
	const struct csv_row *row;
	memcpy(im->method, "csv", sizeof(im->method)); /* a register's statement (model/vocab.h) */
	if (!im->sep)
		im->sep = ":";
	if (e == VS_OK && !(im->path = str_dup_or_null(im->name)))
		e = vs_fail(err, VS_ENOMEM, "%s: out of memory", im->name);
	if (e == VS_OK && !book && im->o && im->o->sheet)
		e = vs_fail(err, VS_EUSAGE, "%s: --sheet is for XLSX workbooks; this is a CSV file", im->name);
	if (e == VS_OK && book) {
		struct xlsx_feed feed = {im, fn, ctx};
		e = xlsx_read(im->name, book, book_len, im->o ? im->o->sheet : NULL, take_xlsx_row, &feed, err);
	}
	while (!book && e == VS_OK && (e = csv_next(&im->rd, &row, err)) == VS_OK && row)
		e = take_row(im, row, fn, ctx, err);
	/* Nothing to import is refused (an export cut off, the wrong file). */
	if (e == VS_OK && im->records == 0)
		e = vs_fail(err, VS_EBADVAL, "%s: %s: no rows to import; nothing was imported", im->name,
			    im->header_done ? "a header alone" : "empty");
	col_map_release(&m);
	if (!book)
		csv_release(&im->rd);
	free(im->path);
	free(im->msg_name);
	for (size_t i = 0; i < VS_MAX_CSV_COLUMNS; i++)
		free(im->colname[i]);
	return e;
}

enum vs_err import_csv_mem(const char *name, const uint8_t *data, size_t len, const struct import_opts *o,
			   import_record_fn fn, void *ctx, struct vs_error *err)
{
	struct importer *im = calloc(1, sizeof(*im));
	if (!im)
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	im->o = o;
	im->name = name;
	bool book = xlsx_magic(data, len);
	if (!book)
		csv_open_mem(&im->rd, name, data, len);
	enum vs_err e = run(im, book ? data : NULL, len, fn, ctx, err);
	free(im);
	return e;
}

enum vs_err import_csv_file(const char *path, const struct import_opts *o, import_record_fn fn, void *ctx,
			    struct vs_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path, strerror(errno));
	/* A workbook is known by its content (a ZIP's first bytes), not its
	 * name; a file is read whole only then. Only a regular file is looked
	 * at (a pipe cannot give back what was read); the rest is CSV, and the
	 * CSV reader reports a directory or a read error. */
	uint8_t magic[4];
	size_t got = 0;
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		got = fread(magic, 1, sizeof(magic), f);
		clearerr(f);
		if (fseek(f, 0, SEEK_SET) != 0) {
			enum vs_err e = vs_fail(err, VS_EIO, "%s: %s", path, strerror(errno));
			fclose(f);
			return e;
		}
	}
	if (xlsx_magic(magic, got)) {
		fclose(f);
		uint8_t *data = NULL;
		size_t len = 0;
		enum vs_err e = file_read_all(path, VS_MAX_XLSX_FILE, &data, &len, err);
		if (e == VS_OK)
			e = import_csv_mem(name, data, len, o, fn, ctx, err);
		free(data);
		return e;
	}
	struct importer *im = calloc(1, sizeof(*im));
	enum vs_err e;
	if (!im) {
		e = vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	} else {
		im->o = o;
		im->name = name;
		csv_open_file(&im->rd, name, f, 0);
		e = run(im, NULL, 0, fn, ctx, err);
		free(im);
	}
	if (!is_stdin)
		fclose(f);
	return e;
}
