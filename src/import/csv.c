/*
 * Streaming RFC 4180 reader; the format and its relaxations are described in
 * csv.h. Two passes per record, both through struct cur:
 *   frame  - find where the record ends (a CR or LF outside quotes), note
 *            where its delimiters are, count the line breaks inside it and
 *            note non-ASCII and NUL bytes; it resumes where it stopped when
 *            the window had to be refilled, so a long record is scanned once
 *            however many chunks it spans;
 *   split  - cut the framed bytes into fields at those delimiters,
 *            undoubling quotes and converting Windows-1252, into one reused
 *            output buffer (no allocation per field).
 */
#include "import/csv.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/cur.h"
#include "util/text.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { C_PLAIN, C_DELIM, C_QUOTE, C_CR, C_LF, C_NUL, C_CTL }; /* C_CTL: plain, but noted */
enum { S_START, S_UNQ, S_Q, S_QQ }; /* field start, unquoted, in quotes, quote seen in quotes */

static const char candidates[] = {';', ',', '\t'}; /* tie-break order */

/*
 * Eight bytes at a time over runs of ordinary text: a word is skipped whole
 * when it holds none of the bytes framing cares about. has_zero() and
 * has_less() are the classic tests ("Bit Twiddling Hacks"): a byte that is
 * zero (below n) sets its 0x80 bit; only bytes above a real one can be
 * flagged wrongly, through the borrow. So the lowest flagged byte of a word
 * is always a real one, and on a little-endian machine its index is the
 * count of trailing zero bits / 8: framing steps straight to it.
 *
 * has_less(w, 0x20) covers CR, LF and NUL, which end or spoil a record,
 * and every other control byte, which a field may hold but the importer
 * must know of (struct csv_row.ctl); TAB as well (a word with a TAB in it
 * goes byte by byte).
 */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t has_zero(uint64_t v)
{
	return (v - ONES) & ~v & HIGHS;
}

static inline uint64_t has_byte(uint64_t v, uint8_t b)
{
	return has_zero(v ^ (ONES * b));
}

static inline uint64_t has_less(uint64_t v, uint8_t n)
{
	return (v - ONES * n) & ~v & HIGHS;
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Bytes of w before its first flagged byte (m != 0, from the tests above). */
static inline size_t plain_prefix(uint64_t m)
{
	return (size_t)__builtin_ctzll(m) / 8;
}
#else
static inline size_t plain_prefix(uint64_t m)
{
	(void)m;
	return 0; /* the byte loop finds it */
}
#endif

/* The first j bytes of w (j < 8, 0 on a big-endian machine), the rest
 * zero: their bits for `high`. */
static inline uint64_t first_bytes(uint64_t w, size_t j)
{
	return w & ((1ULL << (8 * j)) - 1);
}

#ifdef __SSE2__
/*
 * Outside quotes, sixteen bytes at a time (SSE2, in every x86-64): one
 * compare per kind of special byte gives an exact bit per byte, so the
 * delimiters in a block are noted from its bit mask and the walk stops at
 * the first other special byte (a quote, a control byte, the line end),
 * which the byte loop then takes. p[0..n) is what is left of the window;
 * returns the bytes walked. At 90 bytes a row, this is most of framing.
 */
static size_t walk_unquoted16(struct csv_reader *r, const uint8_t *p, size_t n, uint8_t delim,
			      size_t base, size_t *nd, int *st, uint8_t *high)
{
	const __m128i vdelim = _mm_set1_epi8((char)delim), vquote = _mm_set1_epi8('"');
	const __m128i v1f = _mm_set1_epi8(0x1F), v7f = _mm_set1_epi8(0x7F);
	size_t i = 0;
	unsigned hb = 0;
	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i is_delim = _mm_cmpeq_epi8(v, vdelim);
		__m128i other = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vquote),
							  _mm_cmpeq_epi8(v, v7f)),
					     _mm_cmpeq_epi8(_mm_max_epu8(v, v1f), v1f)); /* <= 0x1F */
		unsigned dm = (unsigned)_mm_movemask_epi8(is_delim);
		unsigned stop = (unsigned)_mm_movemask_epi8(other) & ~dm;
		size_t take = stop ? (size_t)__builtin_ctz(stop) : 16;
		unsigned upto = (1u << take) - 1; /* the bytes walked */
		hb |= (unsigned)_mm_movemask_epi8(v) & upto;
		for (unsigned d = dm & upto; d; d &= d - 1) {
			if (*nd < VS_MAX_CSV_COLUMNS)
				r->dpos[*nd] = base + i + (size_t)__builtin_ctz(d);
			(*nd)++;
		}
		if (take) /* the last byte walked decides: a delimiter starts a field */
			*st = dm >> (take - 1) & 1 ? S_START : S_UNQ;
		i += take;
		if (stop)
			break;
	}
	if (hb)
		*high |= 0x80;
	return i;
}
#endif

static void set_classes(struct csv_reader *r)
{
	memset(r->cls, C_PLAIN, sizeof(r->cls));
	if (r->delim) {
		r->cls[(uint8_t)r->delim] = C_DELIM;
	} else {
		/* Before the delimiter is known any candidate separates fields, so a
		 * quoted header name is recognised whichever one the file uses. */
		for (size_t i = 0; i < sizeof(candidates); i++)
			r->cls[(uint8_t)candidates[i]] = C_DELIM;
	}
	/* Control bytes but TAB (plain or the delimiter), CR and LF. */
	for (int c = 1; c < 0x20; c++)
		if (c != '\t' && c != '\r' && c != '\n')
			r->cls[c] = C_CTL;
	r->cls[0x7F] = C_CTL;
	r->cls['"'] = C_QUOTE;
	r->cls['\r'] = C_CR;
	r->cls['\n'] = C_LF;
	r->cls[0] = C_NUL;
}

static void reader_init(struct csv_reader *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->line = 1;
	r->enc = CSV_ENC_ASCII;
	strbuf_init(&r->out);
	set_classes(r);
}

void csv_open_file(struct csv_reader *r, const char *name, FILE *f, size_t chunk)
{
	reader_init(r, name);
	r->f = f;
	r->chunk = chunk ? chunk : CSV_CHUNK;
}

void csv_open_mem(struct csv_reader *r, const char *name, const uint8_t *data, size_t len)
{
	reader_init(r, name);
	/* Never NULL: NULL + 0 is undefined even for an empty input. */
	r->buf = data ? data : (const uint8_t *)"";
	r->end = data ? len : 0;
	r->eof = true;
}

void csv_release(struct csv_reader *r)
{
	free(r->own);
	strbuf_release(&r->out);
	r->own = NULL;
	r->buf = NULL;
	r->cap = r->start = r->end = 0;
}

/*
 * Read one more chunk behind the unconsumed bytes. The unconsumed bytes (the
 * part of a record framed so far) move to the front first; the window grows
 * only when that part leaves less than a chunk free, and the caller has
 * already refused a record over VS_MAX_CSV_LINE, so cap <= limit + chunk.
 */
static enum vs_err fill(struct csv_reader *r, struct vs_error *err)
{
	if (!r->f) {
		r->eof = true;
		return VS_OK;
	}
	size_t keep = r->end - r->start;
	if (keep && r->start)
		memmove(r->own, r->own + r->start, keep);
	r->start = 0;
	r->end = keep;
	if (r->cap - r->end < r->chunk) {
		size_t need = r->end + r->chunk;
		size_t ncap = r->cap * 2 > need ? r->cap * 2 : need;
		size_t most = (size_t)VS_MAX_CSV_LINE + r->chunk + 1;
		if (ncap > most)
			ncap = most > need ? most : need;
		uint8_t *p = realloc(r->own, ncap);
		if (!p)
			return vs_fail(err, VS_ENOMEM, "%s: out of memory reading the file", r->name);
		r->own = p;
		r->cap = ncap;
	}
	r->buf = r->own;
	size_t got = fread(r->own + r->end, 1, r->chunk, r->f);
	r->end += got;
	if (got < r->chunk) {
		if (ferror(r->f))
			return vs_fail(err, VS_EIO, "%s: read error: %s", r->name, strerror(errno));
		r->eof = true;
	}
	return VS_OK;
}

/* The BOM check needs the first three bytes in the window. */
static enum vs_err begin(struct csv_reader *r, struct vs_error *err)
{
	enum vs_err e;
	while (!r->eof && r->end - r->start < 3)
		if ((e = fill(r, err)) != VS_OK)
			return e;
	r->began = true;
	struct cur c = cur_make(r->buf + r->start, r->end - r->start);
	struct slice s = cur_bytes(&c, 3);
	if (!c.bad && memcmp(s.p, "\xEF\xBB\xBF", 3) == 0) {
		/* The BOM itself is the first non-ASCII text, and valid UTF-8. */
		r->start += 3;
		r->enc = CSV_ENC_UTF8;
		return VS_OK;
	}
	c = cur_make(r->buf + r->start, r->end - r->start);
	s = cur_bytes(&c, 2);
	if (!c.bad && (memcmp(s.p, "\xFF\xFE", 2) == 0 || memcmp(s.p, "\xFE\xFF", 2) == 0))
		return vs_fail(err, VS_EBADVAL,
			       "%s:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
			       "save it as CSV UTF-8",
			       r->name);
	return VS_OK;
}

/*
 * Frame from where the last call stopped. True when a record ended inside the
 * window: its length (without the line end) in *len; the line end is
 * consumed by the caller (one byte; an LF after a CR is skipped later, so
 * CRLF split across two chunks needs no look-ahead).
 */
static bool frame(struct csv_reader *r, size_t *len, bool *ended_cr)
{
	struct csv_frame *fr = &r->fr;
	struct cur c = cur_make(r->buf + r->start, r->end - r->start);
	cur_skip(&c, fr->scanned);
	/* The hot loop: index a slice the cursor handed out (i < s.len is the
	 * bounds check) instead of a checked call per byte; plain bytes, most
	 * of any file, cost one table look-up. */
	struct slice s = cur_rest(&c);
	const uint8_t *cls = r->cls;
	/* Word skipping needs one delimiter; the header, framed before the
	 * delimiter is known, goes byte by byte. */
	bool swar = r->delim != 0;
	uint8_t delim = (uint8_t)r->delim;
	int st = fr->state;
	long breaks = fr->breaks;
	bool cr = fr->cr, nul = fr->nul, ctl = fr->ctl, quote = fr->quote, done = false;
	uint8_t high = fr->high;
	size_t i = 0, base = fr->scanned, nd = fr->ndelim;
	while (i < s.len) {
		if (st == S_Q) {
			uint8_t k = C_PLAIN;
			if (swar) {
				uint64_t acc = 0;
				size_t from = i;
				while (s.len - i >= 8) {
					uint64_t w = load64(s.p + i);
					uint64_t m = has_byte(w, '"') | has_less(w, 0x20) | has_byte(w, 0x7F);
					if (m) {
						size_t j = plain_prefix(m);
						acc |= first_bytes(w, j);
						i += j;
						break;
					}
					acc |= w;
					i += 8;
				}
				if (acc & HIGHS)
					high |= 0x80;
				if (i != from)
					cr = false; /* the last byte skipped was no CR */
			}
			while (i < s.len) {
				uint8_t b = s.p[i++];
				high |= b;
				k = cls[b];
				if (k == C_PLAIN || k == C_DELIM || k == C_CTL) {
					ctl |= k == C_CTL;
					cr = false;
					continue;
				}
				if (k == C_QUOTE)
					break;
				if (k == C_CR || (k == C_LF && !cr))
					breaks++; /* CRLF inside quotes is one break: counted at the CR */
				else if (k == C_NUL)
					nul = true;
				cr = k == C_CR;
			}
			if (k == C_QUOTE) {
				st = S_QQ;
				cr = false;
			}
			continue;
		}
		if (swar) {
			/* Outside quotes, a word at a time through fields and the
			 * delimiters between them: fields are short (a word or
			 * two), so a delimiter is noted here rather than by a trip
			 * through the byte loop. Any other special byte (a quote,
			 * a control byte, the line end) goes to the byte loop. */
#ifdef __SSE2__
			i += walk_unquoted16(r, s.p + i, s.len - i, delim, base + i, &nd, &st, &high);
#endif
			uint64_t acc = 0;
			while (s.len - i >= 8) {
				uint64_t w = load64(s.p + i);
				uint64_t m = has_byte(w, delim) | has_byte(w, '"') | has_less(w, 0x20) |
					     has_byte(w, 0x7F);
				if (!m) {
					acc |= w;
					i += 8;
					st = S_UNQ;
					continue;
				}
				size_t j = plain_prefix(m);
				acc |= first_bytes(w, j);
				i += j;
				if (j)
					st = S_UNQ;
				if (s.p[i] != delim)
					break;
				if (nd < VS_MAX_CSV_COLUMNS)
					r->dpos[nd] = base + i;
				nd++;
				i++;
				st = S_START;
			}
			if (acc & HIGHS)
				high |= 0x80;
			if (i == s.len)
				break;
		}
		uint8_t b = s.p[i++];
		uint8_t k = cls[b];
		high |= b;
		if (k == C_PLAIN || k == C_CTL) {
			ctl |= k == C_CTL;
			st = S_UNQ;
			if (swar) {
				uint64_t acc = 0;
				while (s.len - i >= 8) {
					uint64_t w = load64(s.p + i);
					uint64_t m = has_byte(w, delim) | has_byte(w, '"') | has_less(w, 0x20) |
						     has_byte(w, 0x7F);
					if (m) {
						size_t j = plain_prefix(m);
						acc |= first_bytes(w, j);
						i += j;
						break;
					}
					acc |= w;
					i += 8;
				}
				if (acc & HIGHS)
					high |= 0x80;
			}
			while (i < s.len && cls[s.p[i]] == C_PLAIN)
				high |= s.p[i++];
		} else if (k == C_DELIM) {
			st = S_START;
			if (nd < VS_MAX_CSV_COLUMNS)
				r->dpos[nd] = base + i - 1;
			nd++;
		} else if (k == C_QUOTE) {
			quote = true;
			st = st == S_UNQ ? S_UNQ : S_Q; /* opens at a field start, undoubles after a close */
		} else if (k == C_NUL) {
			nul = true;
			st = S_UNQ;
		} else { /* CR or LF outside quotes: the record ends */
			*ended_cr = k == C_CR;
			done = true;
			break;
		}
	}
	fr->scanned += i;
	fr->ndelim = nd;
	fr->state = st;
	fr->breaks = breaks;
	fr->cr = cr;
	fr->nul = nul;
	fr->ctl = ctl;
	fr->quote = quote;
	fr->high = high;
	if (done)
		*len = fr->scanned - 1;
	return done;
}

/* Line breaks (CRLF, CR, LF) in the first n bytes of p. */
static long count_breaks(const uint8_t *p, size_t n)
{
	struct cur c = cur_make(p, n);
	long k = 0;
	bool cr = false;
	while (!cur_eof(&c)) {
		uint8_t b = cur_u8(&c);
		if (b == '\r' || (b == '\n' && !cr))
			k++;
		cr = b == '\r';
	}
	return k;
}

/* Occurrences of each candidate delimiter outside quotes in the header. */
static int pick_delimiter(const uint8_t *p, size_t n)
{
	size_t seen[sizeof(candidates)] = {0};
	struct cur c = cur_make(p, n);
	int st = S_START;
	while (!cur_eof(&c)) {
		uint8_t b = cur_u8(&c);
		const char *d = memchr(candidates, b, sizeof(candidates));
		if (st == S_Q) {
			if (b == '"')
				st = S_QQ;
		} else if (d) {
			seen[d - candidates]++;
			st = S_START;
		} else if (b == '"') {
			st = st == S_UNQ ? S_UNQ : S_Q;
		} else {
			st = S_UNQ;
		}
	}
	size_t best = 0;
	for (size_t i = 1; i < sizeof(candidates); i++)
		if (seen[i] > seen[best])
			best = i;
	return seen[best] ? candidates[best] : 0;
}

static bool is_sep_line(const uint8_t *p, size_t n, int *delim)
{
	struct cur c = cur_make(p, n);
	struct slice s = cur_bytes(&c, 4);
	if (c.bad || !slice_eq(s, "sep=") || cur_left(&c) != 1)
		return false;
	int d = cur_u8(&c);
	if (!memchr(candidates, d, sizeof(candidates)) || d == 0)
		return false;
	*delim = d;
	return true;
}

static size_t first_high(const uint8_t *p, size_t n)
{
	struct cur c = cur_make(p, n);
	while (!cur_eof(&c))
		if (cur_u8(&c) & 0x80)
			return c.off - 1;
	return n;
}

/*
 * utf8_valid() over the runs of non-ASCII bytes only: a UTF-8 sequence is
 * made of bytes >= 0x80 alone, so text is valid exactly when each such run
 * is, and the ASCII between them is skipped a word at a time.
 */
static bool utf8_runs_valid(const uint8_t *p, size_t n, size_t *bad)
{
	struct cur c = cur_make(p, n);
	struct slice s = cur_rest(&c);
	size_t i = 0;
	while (i < s.len) {
		while (s.len - i >= 8 && !(load64(s.p + i) & HIGHS))
			i += 8;
		while (i < s.len && s.p[i] < 0x80)
			i++;
		size_t j = i, off = 0;
		while (j < s.len && s.p[j] >= 0x80)
			j++;
		if (j > i && !utf8_valid(s.p + i, j - i, &off)) {
			*bad = i + off;
			return false;
		}
		i = j;
	}
	return true;
}

/* Decide or check the encoding of one record that has non-ASCII bytes. */
static enum vs_err check_encoding(struct csv_reader *r, const uint8_t *p, size_t n, long line,
				  struct vs_error *err)
{
	size_t bad;
	if (r->enc == CSV_ENC_CP1252)
		return VS_OK; /* every byte is a Windows-1252 character */
	if (utf8_runs_valid(p, n, &bad)) {
		r->enc = CSV_ENC_UTF8;
		return VS_OK;
	}
	if (r->enc == CSV_ENC_ASCII && first_high(p, n) == bad) {
		/* Everything before was ASCII, which reads the same either way. */
		r->enc = CSV_ENC_CP1252;
		return VS_OK;
	}
	struct cur c = cur_make(p, n);
	cur_skip(&c, bad);
	return vs_fail(err, VS_EBADVAL,
		       "%s:%ld: invalid UTF-8 (byte 0x%02X); the file mixes encodings — save it as UTF-8",
		       r->name, line + count_breaks(p, bad), cur_u8(&c));
}

/*
 * Append to the decoded fields. Without conversion split() reserved room for
 * the whole record first, so bytes are copied without a grow check each;
 * Windows-1252 can triple in size and goes through the growing strbuf.
 */
static void emit(struct csv_reader *r, const void *p, size_t n, bool convert)
{
	if (convert) {
		cp1252_to_utf8(&r->out, p, n);
		return;
	}
	assert(r->out.len + n < r->out.alloc);
	if (n)
		memcpy(r->out.buf + r->out.len, p, n);
	r->out.len += n;
}

/*
 * A record without a quote, needing no conversion: its fields are the bytes
 * between the delimiters as they are, so the record is copied whole and
 * each delimiter becomes the NUL that ends a field.
 */
static enum vs_err split_plain(struct csv_reader *r, const uint8_t *p, size_t n, size_t ndelim,
			       struct vs_error *err)
{
	char *out = r->out.buf;
	assert(n < r->out.alloc);
	if (n)
		memcpy(out, p, n);
	out[n] = '\0';
	r->out.len = n + 1;
	size_t from = 0;
	for (size_t k = 0; k <= ndelim; k++) {
		size_t to = k < ndelim ? r->dpos[k] : n;
		if (to < from || to > n)
			return vs_fail(err, VS_EBADVAL, "%s:%ld: field %zu: internal framing error", r->name,
				       r->row.line, k + 1);
		if (to - from > VS_MAX_CSV_FIELD)
			return vs_fail(err, VS_ETOOBIG, "%s:%ld: field %zu is longer than %d bytes (VS_MAX_CSV_FIELD)",
				       r->name, r->row.line, k + 1, VS_MAX_CSV_FIELD);
		out[to] = '\0';
		r->row.field[k] = out + from;
		r->row.len[k] = to - from;
		from = to + 1;
	}
	r->row.n = ndelim + 1;
	return VS_OK;
}

/*
 * Cut a framed record into fields at the delimiters framing noted. A quoted
 * field is undoubled; after its closing quote only spaces may follow (the
 * framing guarantees the quotes are balanced).
 */
static enum vs_err split(struct csv_reader *r, const uint8_t *p, size_t n, size_t ndelim, long line,
			 bool convert, bool quoted, bool ctl, struct vs_error *err)
{
	if (ndelim >= VS_MAX_CSV_COLUMNS)
		return vs_fail(err, VS_ETOOBIG, "%s:%ld: more than %d columns (VS_MAX_CSV_COLUMNS)",
			       r->name, line, VS_MAX_CSV_COLUMNS);
	strbuf_reset(&r->out);
	/* One allocation check per record: without conversion the fields never
	 * outgrow the record plus one NUL each. */
	if (!strbuf_grow(&r->out, n + VS_MAX_CSV_COLUMNS + 1))
		return vs_fail(err, VS_ENOMEM, "%s:%ld: out of memory", r->name, line);
	r->row.line = line;
	r->row.ctl = ctl;
	if (!quoted && !convert)
		return split_plain(r, p, n, ndelim, err);
	struct cur rec = cur_make(p, n);
	size_t k;
	for (k = 0; k <= ndelim; k++) {
		size_t to = k < ndelim ? r->dpos[k] : n;
		struct cur c = cur_sub(&rec, to - rec.off);
		cur_skip(&rec, k < ndelim ? 1 : 0); /* the delimiter */
		size_t raw = 0;
		r->off[k] = r->out.len;
		if (cur_peek(&c) == '"') {
			cur_skip(&c, 1);
			for (;;) {
				bool found;
				struct slice s = cur_until(&c, '"', &found);
				emit(r, s.p, s.len, convert);
				raw += s.len;
				if (!found)
					return vs_fail(err, VS_EBADVAL, "%s:%ld: field %zu: a quoted field is not closed",
						       r->name, line, k + 1);
				if (cur_peek(&c) != '"')
					break;
				cur_skip(&c, 1); /* "" is one quote */
				emit(r, "\"", 1, convert);
				raw++;
			}
			while (cur_peek(&c) == ' ')
				cur_skip(&c, 1);
			if (!cur_eof(&c))
				return vs_fail(err, VS_EBADVAL,
					       "%s:%ld: field %zu: text after the closing quote "
					       "(a quote inside a quoted field is written \"\")",
					       r->name, line, k + 1);
		} else {
			struct slice s = cur_rest(&c);
			emit(r, s.p, s.len, convert);
			raw = s.len;
		}
		if (rec.bad || c.bad)
			return vs_fail(err, VS_EBADVAL, "%s:%ld: field %zu: internal framing error", r->name, line,
				       k + 1);
		if (raw > VS_MAX_CSV_FIELD)
			return vs_fail(err, VS_ETOOBIG, "%s:%ld: field %zu is longer than %d bytes (VS_MAX_CSV_FIELD)",
				       r->name, line, k + 1, VS_MAX_CSV_FIELD);
		emit(r, "", 1, convert); /* each field ends in NUL */
	}
	if (r->out.failed)
		return vs_fail(err, VS_ENOMEM, "%s:%ld: out of memory", r->name, line);
	r->off[k] = r->out.len;
	r->row.n = k;
	for (size_t i = 0; i < k; i++) {
		r->row.field[i] = r->out.buf + r->off[i];
		r->row.len[i] = r->off[i + 1] - r->off[i] - 1;
	}
	return VS_OK;
}

enum vs_err csv_next(struct csv_reader *r, const struct csv_row **row, struct vs_error *err)
{
	enum vs_err e;
	*row = NULL;
	if (!r->began && (e = begin(r, err)) != VS_OK)
		return e;
	for (;;) {
		/* A new record: drop the LF of a CRLF whose CR ended the last one. */
		if (r->fr.scanned == 0 && r->skip_lf) {
			if (r->start == r->end && !r->eof) {
				if ((e = fill(r, err)) != VS_OK)
					return e;
				continue;
			}
			struct cur c = cur_make(r->buf + r->start, r->end - r->start);
			if (cur_peek(&c) == '\n')
				r->start++;
			r->skip_lf = false;
		}
		size_t len = 0;
		bool ended_cr = false, done = frame(r, &len, &ended_cr);
		if (!done) {
			if (r->fr.scanned > VS_MAX_CSV_LINE)
				return vs_fail(err, VS_ETOOBIG, "%s:%ld: a record is longer than %d bytes (VS_MAX_CSV_LINE)%s",
					       r->name, r->line, VS_MAX_CSV_LINE,
					       r->fr.state == S_Q ? "; is a quote left open in it?" : "");
			if (!r->eof) {
				if ((e = fill(r, err)) != VS_OK)
					return e;
				continue;
			}
			if (r->fr.scanned == 0)
				return VS_OK; /* end of input */
			if (r->fr.state == S_Q)
				return vs_fail(err, VS_EBADVAL, "%s:%ld: a quoted field is not closed before the end of the file",
					       r->name, r->line);
			len = r->fr.scanned; /* the last record has no line end */
		}
		if (len > VS_MAX_CSV_LINE)
			return vs_fail(err, VS_ETOOBIG, "%s:%ld: a record is longer than %d bytes (VS_MAX_CSV_LINE)",
				       r->name, r->line, VS_MAX_CSV_LINE);
		struct cur w = cur_make(r->buf + r->start, r->end - r->start);
		struct slice rec = cur_bytes(&w, len);
		struct csv_frame fr = r->fr;
		long line = r->line;
		r->start += r->fr.scanned; /* the record and its line end */
		r->line += fr.breaks + (done ? 1 : 0);
		r->skip_lf = done && ended_cr;
		memset(&r->fr, 0, sizeof(r->fr));
		if (len == 0)
			continue; /* an empty line */
		if (fr.nul)
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: NUL byte in the text (a UTF-16 or binary file?); save it as CSV UTF-8",
				       r->name, line);
		if (!r->delim) {
			int d;
			if (is_sep_line(rec.p, rec.len, &d)) {
				r->delim = d;
				r->delim_declared = true;
				set_classes(r);
				continue;
			}
			if (!(d = pick_delimiter(rec.p, rec.len)))
				return vs_fail(err, VS_EBADVAL,
					       "%s:%ld: cannot tell the delimiter "
					       "(expected ';', ',' or tab between column names)",
					       r->name, line);
			/* Frame the header again with the delimiter it uses. */
			r->delim = d;
			set_classes(r);
			r->start -= fr.scanned;
			r->line = line;
			r->skip_lf = false;
			continue;
		}
		if ((fr.high & 0x80) && (e = check_encoding(r, rec.p, rec.len, line, err)) != VS_OK)
			return e;
		bool convert = r->enc == CSV_ENC_CP1252 && (fr.high & 0x80);
		if ((e = split(r, rec.p, rec.len, fr.ndelim, line, convert, fr.quote, fr.ctl, err)) != VS_OK)
			return e;
		*row = &r->row;
		return VS_OK;
	}
}
