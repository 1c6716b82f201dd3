/*
 * The streaming CSV reader behind import_csv_* (private to import/ and its
 * tests).
 *
 * Spec: RFC 4180 (a field is either raw bytes without the delimiter, CR or
 * LF, or enclosed in '"' with '""' for a quote inside; records end in CRLF,
 * LF or CR), relaxed as real exports need:
 *  - a '"' inside an unquoted field is an ordinary character (Monitor 24");
 *  - spaces after a closing quote are ignored; any other text there is
 *    refused (a quote inside a quoted field must be written "");
 *  - empty lines are skipped (a record must have at least one byte);
 *  - an optional first line "sep=;" (as Excel writes it) names the delimiter;
 *  - the delimiter is otherwise the one of ';' ',' TAB that occurs most
 *    often outside quotes in the header (the first non-empty record);
 *    a tie goes to ';' then ',' then TAB.
 *
 * Memory: a file is read in chunks of `chunk` bytes into one window that
 * grows only while a single record needs it, so it never exceeds
 * VS_MAX_CSV_LINE + chunk bytes; decoded fields go to one reused buffer. Each
 * record is framed (where does it end?) in one pass and split into fields in
 * a second pass, both through struct cur over the window.
 *
 * Encoding: see import.h. The decision is made on the first record with a
 * non-ASCII byte and holds for the rest of the file.
 *
 * Line numbers are physical lines as an editor counts them (CRLF, LF and CR
 * each end one line) of the record's first line. An invalid UTF-8 byte is
 * reported on the line that holds it.
 */
#ifndef VS_IMPORT_CSV_H
#define VS_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/err.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define CSV_CHUNK (64 * 1024) /* bytes read from a file at a time */

enum csv_enc {
	CSV_ENC_ASCII,  /* nothing but ASCII so far: undecided */
	CSV_ENC_UTF8,   /* a BOM or valid multi-byte UTF-8 was seen */
	CSV_ENC_CP1252, /* the first non-ASCII bytes were not UTF-8 */
};

/* One record; the strings live in the reader until the next csv_next(). */
struct csv_row {
	size_t n;                                /* fields, >= 1 */
	long line;                               /* physical line of its first byte */
	/* Some field may hold a control byte (text_is_ctl: C0 but TAB, LF and
	 * CR; DEL). False means none does, so a reader need not look. */
	bool ctl;
	const char *field[VS_MAX_CSV_COLUMNS];   /* UTF-8, NUL-terminated */
	size_t len[VS_MAX_CSV_COLUMNS];
};

/* Where framing a record stopped, so a refill resumes instead of rescanning. */
struct csv_frame {
	size_t scanned;    /* bytes of the record looked at so far */
	int state;
	long breaks;       /* line breaks inside quoted fields so far */
	bool cr;           /* the last byte looked at was a CR inside quotes */
	uint8_t high;      /* OR of every byte: bit 7 set = some non-ASCII byte */
	bool nul;          /* a NUL byte was seen */
	bool ctl;          /* a control byte (text_is_ctl) was seen */
	bool quote;        /* a '"' was seen outside a quoted field (or opening one) */
	size_t ndelim;     /* delimiters outside quotes so far (may exceed the array) */
};

struct csv_reader {
	const char *name;   /* for messages */
	FILE *f;            /* NULL when reading from memory */
	size_t chunk;       /* bytes per fread; tests make it tiny */
	uint8_t *own;       /* the window when reading a file */
	size_t cap;
	const uint8_t *buf; /* the window: own, or the caller's bytes */
	size_t start, end;  /* bytes not yet consumed: buf[start, end) */
	bool eof;           /* nothing more will come after buf[end] */
	bool began;         /* BOM / UTF-16 check done */
	bool skip_lf;       /* the last record ended in CR: a following LF is part of it */
	long line;          /* physical line of buf[start] */
	int delim;          /* 0 until the header was framed */
	bool delim_declared; /* from a "sep=" line */
	enum csv_enc enc;
	uint8_t cls[256];   /* byte classes for framing with the current delimiter */
	struct csv_frame fr;
	/* Offsets in the record of its first fr.ndelim delimiters, noted while
	 * framing so splitting never searches for them again. */
	size_t dpos[VS_MAX_CSV_COLUMNS];
	struct strbuf out;  /* decoded fields of the current record, NUL-separated */
	size_t off[VS_MAX_CSV_COLUMNS + 1];
	struct csv_row row;
};

/* Read from f (not closed by the reader). chunk 0 = CSV_CHUNK. */
void csv_open_file(struct csv_reader *r, const char *name, FILE *f, size_t chunk);
/* Read from bytes the caller keeps alive until csv_release(). */
void csv_open_mem(struct csv_reader *r, const char *name, const uint8_t *data, size_t len);
/*
 * The next non-empty record (the first one is the header) in *row, or *row =
 * NULL at the end of the input. Errors: VS_EBADVAL (malformed, encoding),
 * VS_ETOOBIG (a limit), VS_EIO, VS_ENOMEM, each with "NAME:LINE: reason".
 */
enum vs_err csv_next(struct csv_reader *r, const struct csv_row **row, struct vs_error *err);
void csv_release(struct csv_reader *r);

#endif
