/*
 * Installed-software import: format names, detection, reading the input,
 * the record every format emits, and the csv route (the CSV import of
 * inventory.c with software header words on top). The contract and every
 * decision are in software.h; the line and JSON formats live in
 * software_lines.c and software_json.c.
 */
#include "import/software.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/software_int.h"
#include "util/cur.h"
#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/text.h"

static const char *const format_names[] = {
	[SW_FORMAT_AUTO] = "auto",     [SW_FORMAT_CSV] = "csv",
	[SW_FORMAT_WINGET] = "winget", [SW_FORMAT_DPKG] = "dpkg",
	[SW_FORMAT_RPM] = "rpm",       [SW_FORMAT_CYCLONEDX] = "cyclonedx",
	[SW_FORMAT_SPDX] = "spdx",
};
#define N_FORMATS (sizeof(format_names) / sizeof(format_names[0]))

bool software_format_parse(const char *name, enum software_format *out)
{
	for (size_t i = 0; name && i < N_FORMATS; i++)
		if (ascii_casecmp(name, format_names[i]) == 0) {
			*out = (enum software_format)i;
			return true;
		}
	return false;
}

const char *software_format_name(enum software_format f)
{
	return (size_t)f < N_FORMATS ? format_names[f] : "unknown";
}

const char *sw_shown(char *dst, size_t size, const uint8_t *s, size_t n)
{
	enum { MAX_SHOWN = 60 };
	size_t k = 0;
	bool cut = n > MAX_SHOWN;
	if (cut) {
		n = MAX_SHOWN;
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n && k + 1 < size; i++)
		dst[k++] = s[i] < 0x20 || s[i] == 0x7F ? '?' : (char)s[i];
	if (cut && k + 4 < size) {
		memcpy(dst + k, "\xE2\x80\xA6", 3); /* … */
		k += 3;
	}
	dst[k] = '\0';
	return dst;
}

/* A copy of the slice without surrounding white space, or NULL (in *out)
 * when it is absent or blank. False on allocation failure. */
static bool trimmed(struct slice s, char **out)
{
	*out = NULL;
	if (!s.p)
		return true;
	char *v = str_trim_dup((const char *)s.p, s.len);
	if (!v)
		return false;
	if (v[0])
		*out = v;
	else
		free(v);
	return true;
}

enum vs_err sw_emit(const struct sw_sink *s, long line, struct slice product, struct slice publisher,
		    struct slice version, struct vs_error *err)
{
	struct record r;
	record_init(&r);
	r.kind = ASSET_SOFTWARE;
	r.line = line;
	enum vs_err e;
	if (!trimmed(product, &r.field[RF_PRODUCT]) || !trimmed(publisher, &r.field[RF_PUBLISHER]) ||
	    !trimmed(version, &r.field[RF_VERSION]) ||
	    !(r.source_method = str_dup_or_null(software_format_name(s->fmt))) ||
	    !(r.source_path = str_dup_or_null(s->name)))
		e = vs_fail(err, VS_ENOMEM, "%s:%ld: out of memory", s->name, line);
	else {
		for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
			if (r.field[f])
				str_ctl_replace(r.field[f]); /* as a CSV cell (inventory.c) */
		e = s->fn(&r, s->ctx, err);
	}
	record_release(&r);
	return e;
}

struct slice sw_publisher_name(struct slice s)
{
	if (!s.p)
		return s;
	struct cur c = cur_make(s.p, s.len);
	struct slice name = s;
	bool found;
	/* "Name <address>": the name is what comes before the '<'. */
	struct slice before = cur_until(&c, '<', &found);
	if (found) {
		size_t n = before.len;
		while (n > 0 && (before.p[n - 1] == ' ' || before.p[n - 1] == '\t'))
			n--;
		if (n > 0) {
			name.p = before.p;
			name.len = n;
			return name;
		}
		/* Only an address: keep it, without the brackets. */
		struct slice addr = cur_until(&c, '>', &found);
		return addr;
	}
	/* "Name (address)": drop a trailing parenthesis only when it holds an
	 * '@', since company names have their own: "… (Shenzhen) Co., Ltd." */
	size_t n = s.len;
	while (n > 0 && (s.p[n - 1] == ' ' || s.p[n - 1] == '\t'))
		n--;
	if (n == 0 || s.p[n - 1] != ')')
		return s;
	size_t open = n - 1;
	while (open > 0 && s.p[open - 1] != '(')
		open--;
	if (open == 0 || !memchr(s.p + open, '@', n - 1 - open))
		return s;
	size_t end = open - 1; /* the '(' */
	while (end > 0 && (s.p[end - 1] == ' ' || s.p[end - 1] == '\t'))
		end--;
	if (end == 0) {
		name.p = s.p + open;
		name.len = n - 1 - open;
	} else {
		name.len = end;
	}
	return name;
}

/*
 * Header words the generic CSV import does not know, or maps otherwise, for
 * the endpoint-management exports named in software.h. They are handed to the
 * CSV import as --map entries after the user's own, so a user's entry for
 * the same column wins, and the generic table (import_header_field) still
 * covers "Program", "Publisher"/"Udgiver", "Version", "Device",
 * "Forvaltning", "Serienummer" …
 */
static const struct {
	const char *column;
	const char *field; /* rec_field name, or "-" to skip the column */
} sw_columns[] = {
	/* Intune: ApplicationName … is the AppInvRawData report export; id,
	 * displayName, version, sizeInByte, deviceCount, publisher, platform
	 * is Graph's detectedApp resource as scripts export it. SCCM:
	 * v_Add_Remove_Programs (DisplayName0 …). Lansweeper: softwareName ….
	 * And Danish spreadsheets. */
	{"Application name", "product"}, {"ApplicationName", "product"}, {"App name", "product"},
	{"App", "product"}, {"Program name", "product"}, {"Programnavn", "product"},
	{"Applikation", "product"}, {"Applikationsnavn", "product"}, {"Product name", "product"},
	{"ProductName", "product"}, {"Produkt", "product"}, {"Produktnavn", "product"},
	{"Software name", "product"}, {"SoftwareName", "product"}, {"Softwarenavn", "product"},
	{"Display name", "product"}, {"DisplayName", "product"}, {"DisplayName0", "product"},
	{"Application publisher", "publisher"}, {"ApplicationPublisher", "publisher"},
	{"App publisher", "publisher"}, {"Software publisher", "publisher"},
	{"SoftwarePublisher", "publisher"}, {"Publisher0", "publisher"},
	{"Programudgiver", "publisher"},
	{"Application version", "version"}, {"ApplicationVersion", "version"},
	{"App version", "version"}, {"Product version", "version"}, {"ProductVersion", "version"},
	{"Software version", "version"}, {"SoftwareVersion", "version"}, {"Version0", "version"},
	{"Display version", "version"}, {"DisplayVersion", "version"}, {"Programversion", "version"},
	/* The machine the program is on: the generic table calls some of these
	 * hostname, which is right for hardware but not for an installation. */
	{"Device name", "device"}, {"DeviceName", "device"}, {"Computer", "device"},
	{"Computer name", "device"}, {"ComputerName", "device"}, {"Computernavn", "device"},
	{"Enhed", "device"}, {"Enhedsnavn", "device"}, {"Machine name", "device"},
	{"MachineName", "device"}, {"Maskinnavn", "device"}, {"Asset name", "device"},
	{"AssetName", "device"}, {"Netbios name", "device"}, {"Netbios_Name0", "device"},
	{"PC name", "device"}, {"PC-navn", "device"},
	/* The machine by what does not change when it is renamed: programs are
	 * attached to a hardware asset by serial number, then MAC, then host
	 * name (ingest.c). The generic table already has "Serial", "Serial
	 * number", "Serienummer", "Serienr", "Serial no", "MAC", "MAC
	 * address", "MAC-adresse"; these are the exports' other spellings (Intune's
	 * device list, Graph's managedDevice, SCCM's v_GS_PC_BIOS, Lansweeper). */
	{"SerialNumber", "serial"}, {"SerialNumber0", "serial"}, {"Serial number0", "serial"},
	{"Device serial", "serial"}, {"Device serial number", "serial"},
	{"DeviceSerialNumber", "serial"}, {"System serial number", "serial"},
	{"BIOS serial number", "serial"},
	{"Enhedens serienummer", "serial"}, {"Serienummer (enhed)", "serial"},
	{"MACAddress", "mac"}, {"MACAddress0", "mac"}, {"MAC address0", "mac"},
	{"MACadresse", "mac"}, {"Device MAC", "mac"},
	{"Wi-Fi MAC", "mac"}, {"WiFi MAC", "mac"}, {"Wi-Fi MAC address", "mac"},
	{"WiFiMacAddress", "mac"}, {"Wireless MAC", "mac"}, {"Trådløs MAC", "mac"},
	/* Intune writes an Ethernet MAC beside the Wi-Fi one, and a row has one
	 * MAC field: the Wi-Fi one, which every laptop has, is taken; --map
	 * 'Ethernet MAC=mac,Wi-Fi MAC=-' takes the other. */
	{"Ethernet MAC", "-"}, {"EthernetMacAddress", "-"}, {"Ethernet MAC address", "-"},
	/* Intune's aggregate export: one row per app with the devices that have it. */
	{"Device count", "count"}, {"DeviceCount", "count"}, {"Antal enheder", "count"},
	{"Install count", "count"}, {"Installations", "count"}, {"Antal installationer", "count"},
	/* Nothing about who owns the program; people's names and addresses are
	 * personal data we have no reason to copy. */
	{"Platform", "-"}, {"Platform type", "-"}, {"Device ID", "-"}, {"DeviceId", "-"},
	{"Id", "-"}, {"sizeInByte", "-"}, {"Size", "-"}, {"Størrelse", "-"},
	{"Application key", "-"}, {"ApplicationKey", "-"}, {"Application ID", "-"},
	{"ApplicationId", "-"}, {"Application short version", "-"},
	{"ApplicationShortVersion", "-"}, {"OS", "-"}, {"OS description", "-"},
	{"OSDescription", "-"}, {"OS version", "-"}, {"OSVersion", "-"},
	{"Operating system", "-"}, {"Styresystem", "-"}, {"User ID", "-"}, {"UserId", "-"},
	{"User", "-"}, {"User name", "-"}, {"UserName", "-"}, {"Bruger", "-"},
	{"Brugernavn", "-"}, {"Primary user", "-"}, {"Primær bruger", "-"},
	{"Email address", "-"}, {"EmailAddress", "-"}, {"Email", "-"}, {"E-mail", "-"},
	{"Install date", "-"}, {"InstallDate", "-"}, {"InstallDate0", "-"},
	{"Installationsdato", "-"}, {"Last seen", "-"}, {"Sidst set", "-"},
};
#define N_SW_COLUMNS (sizeof(sw_columns) / sizeof(sw_columns[0]))

/* True when a --map spec names the (folded) column. The spec is only
 * looked at here; the CSV import parses it and reports its mistakes. */
static bool map_names(const char *spec, const char *folded, struct strbuf *tmp)
{
	if (!spec)
		return false;
	struct cur c = cur_make(spec, strlen(spec));
	bool hit = false;
	while (!cur_eof(&c) && !hit) {
		bool more;
		struct slice item = cur_until(&c, ',', &more);
		const uint8_t *eq = NULL;
		for (size_t i = item.len; i > 0 && !eq; i--)
			if (item.p[i - 1] == '=')
				eq = item.p + i - 1;
		if (!eq)
			continue;
		char *col = str_ndup(item.p, (size_t)(eq - item.p));
		if (!col)
			return false;
		strbuf_reset(tmp);
		name_fold(tmp, col);
		free(col);
		hit = !tmp->failed && strcmp(strbuf_str(tmp), folded) == 0;
	}
	return hit;
}

/* True when a (trimmed) header cell is a column name the csv route knows. */
static bool sw_header_known(const char *cell)
{
	if (import_header_field(cell) >= 0)
		return true;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	name_fold(&a, cell);
	bool hit = false;
	for (size_t i = 0; i < N_SW_COLUMNS && !hit && !a.failed; i++) {
		strbuf_reset(&b);
		name_fold(&b, sw_columns[i].column);
		hit = !b.failed && strcmp(strbuf_str(&a), strbuf_str(&b)) == 0;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return hit;
}

/* The user's --map followed by the software words it does not override. */
static char *csv_map(const char *user)
{
	struct strbuf out = STRBUF_INIT, fold = STRBUF_INIT, tmp = STRBUF_INIT;
	if (user)
		strbuf_addstr(&out, user);
	for (size_t i = 0; i < N_SW_COLUMNS; i++) {
		strbuf_reset(&fold);
		name_fold(&fold, sw_columns[i].column);
		if (fold.failed)
			break;
		if (map_names(user, strbuf_str(&fold), &tmp))
			continue;
		strbuf_addf(&out, ",%s=%s", sw_columns[i].column, sw_columns[i].field);
	}
	bool failed = fold.failed || tmp.failed || out.failed;
	strbuf_release(&fold);
	strbuf_release(&tmp);
	if (failed) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out);
}

struct csv_wrap {
	import_record_fn fn;
	void *ctx;
	long records;
	long first_nameless; /* line of the first row without a program name */
};

static enum vs_err csv_record(const struct record *r, void *ctx, struct vs_error *err)
{
	struct csv_wrap *w = ctx;
	/* A shallow copy: the CSV import owns and releases the strings. */
	struct record copy = *r;
	copy.kind = ASSET_SOFTWARE;
	if (!copy.field[RF_PUBLISHER] && copy.field[RF_MAKER]) {
		copy.field[RF_PUBLISHER] = copy.field[RF_MAKER];
		copy.field[RF_MAKER] = NULL;
	}
	if (!copy.field[RF_PRODUCT]) {
		if (!w->first_nameless)
			w->first_nameless = r->line;
		return VS_OK;
	}
	w->records++;
	return w->fn(&copy, w->ctx, err);
}

/* The csv route, from a named file (path non-NULL; "-" streams stdin) or
 * from memory. */
static enum vs_err csv_import(const char *path, const char *name, const uint8_t *data, size_t len,
			      const struct import_opts *o, import_record_fn fn, void *ctx, struct vs_error *err)
{
	char *map = csv_map(o ? o->map : NULL);
	if (!map)
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	struct import_opts so = {.map = map, .set = o ? o->set : NULL, .n_set = o ? o->n_set : 0,
				 .kind = ASSET_SOFTWARE, .sheet = o ? o->sheet : NULL};
	struct csv_wrap w = {.fn = fn, .ctx = ctx};
	enum vs_err e = path ? import_csv_file(path, &so, csv_record, &w, err)
			     : import_csv_mem(name, data, len, &so, csv_record, &w, err);
	free(map);
	if (e == VS_OK && w.records == 0 && w.first_nameless)
		e = vs_fail(err, VS_EBADVAL,
			    "%s:%ld: no row names a program: no column is the product (name it with "
			    "--map 'Column=product')",
			    name, w.first_nameless);
	return e;
}

/* The first line after a BOM and empty lines, trimmed of a CR. */
static struct slice first_line(const uint8_t *data, size_t len)
{
	struct cur c = cur_make(data, len);
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&c, 3);
	while (!cur_eof(&c)) {
		bool nl;
		struct slice l = cur_until(&c, '\n', &nl);
		if (l.len > 0 && l.p[l.len - 1] == '\r')
			l.len--;
		if (l.len > 0)
			return l;
	}
	struct slice none = {NULL, 0};
	return none;
}

static bool package_name_char(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch != 0 && strchr("._+-:~@^", ch) != NULL);
}

/* Does the first line look like dpkg-query / rpm --qf output? */
static bool looks_like_package_list(const uint8_t *data, size_t len)
{
	struct slice l = first_line(data, len);
	struct cur c = cur_make(l.p, l.len);
	struct slice f[4];
	size_t n = 0;
	while (n < 4 && l.p) {
		bool tab;
		f[n++] = cur_until(&c, '\t', &tab);
		if (!tab)
			break;
	}
	if (n < 2 || n > 3 || f[0].len == 0)
		return false;
	for (size_t i = 0; i < f[0].len; i++)
		if (!package_name_char(f[0].p[i]))
			return false;
	if (f[1].len > 0 && !(f[1].p[0] >= '0' && f[1].p[0] <= '9'))
		return false;
	/* "Program<TAB>Version" is a TSV export's header, not a package. */
	char *cell = str_ndup(f[0].p, f[0].len);
	bool header = !cell || sw_header_known(cell);
	free(cell);
	return !header;
}

static bool has_mark(struct slice s, const char *const *marks)
{
	for (size_t m = 0; marks[m]; m++) {
		size_t k = strlen(marks[m]);
		for (size_t i = 0; k <= s.len && i <= s.len - k; i++) {
			if (memcmp(s.p + i, marks[m], k) != 0)
				continue;
			/* ".el9": a mark ending in a letter must be followed by a
			 * digit, so ".elegant" is no Enterprise Linux release. */
			char last = marks[m][k - 1];
			if (!(last >= 'a' && last <= 'z'))
				return true;
			if (i + k < s.len && s.p[i + k] >= '0' && s.p[i + k] <= '9')
				return true;
		}
	}
	return false;
}

enum software_format sw_lines_detect(const uint8_t *data, size_t len)
{
	static const char *const rpm_release[] = {".el", ".fc", ".amzn", ".mga", ".oc", ".an", "(none)", NULL};
	static const char *const deb_version[] = {"+deb", "ubuntu", "~", "<", NULL};
	if (!looks_like_package_list(data, len))
		return SW_FORMAT_AUTO;
	/* Both are NAME TAB VERSION [TAB WHO]; tell them apart by what each
	 * distribution writes, over the first lines only. */
	int rpm = 0, deb = 0;
	struct cur c = cur_make(data, len);
	for (int lines = 0; lines < 500 && !cur_eof(&c); lines++) {
		bool nl, tab;
		struct slice l = cur_until(&c, '\n', &nl);
		struct cur lc = cur_make(l.p, l.len);
		struct slice name = cur_until(&lc, '\t', &tab);
		struct slice rest = cur_rest(&lc);
		if (memchr(name.p, ':', name.len))
			deb++; /* multiarch "libc6:amd64" */
		if (has_mark(rest, rpm_release))
			rpm++;
		if (has_mark(rest, deb_version))
			deb++;
	}
	return rpm > deb ? SW_FORMAT_RPM : SW_FORMAT_DPKG;
}

/* Counts the records a reader hands on. */
struct counted {
	import_record_fn fn;
	void *ctx;
	long n;
};

static enum vs_err count_record(const struct record *r, void *ctx, struct vs_error *err)
{
	struct counted *c = ctx;
	c->n++;
	return c->fn(r, c->ctx, err);
}

/* The format of bytes whose format was not given; *json when the document
 * must be parsed to tell which JSON format it is. */
static enum software_format detect(const uint8_t *data, size_t len, bool *json)
{
	struct cur c = cur_make(data, len);
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&c, 3);
	int ch;
	while ((ch = cur_peek(&c)) == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
		cur_skip(&c, 1);
	*json = ch == '{' || ch == '[';
	if (*json)
		return SW_FORMAT_AUTO;
	enum software_format f = sw_lines_detect(data, len);
	return f == SW_FORMAT_AUTO ? SW_FORMAT_CSV : f;
}

enum vs_err import_software_mem(const char *name, const uint8_t *data, size_t len, enum software_format fmt,
				const struct import_opts *o, import_record_fn fn, void *ctx,
				struct vs_error *err)
{
	if ((size_t)fmt >= N_FORMATS)
		return vs_fail(err, VS_EUSAGE, "%s: unknown software format %d", name, (int)fmt);
	if (!data && len > 0)
		return vs_fail(err, VS_EUSAGE, "%s: no bytes but a length of %zu", name, len);
	if (!data) /* every reader below may then form data + 0 */
		data = (const uint8_t *)"";
	if (fmt == SW_FORMAT_AUTO) {
		bool json;
		fmt = detect(data, len, &json);
	}
	if (fmt == SW_FORMAT_CSV) /* refuses an empty file itself */
		return csv_import(NULL, name, data, len, o, fn, ctx, err);
	struct counted cnt = {fn, ctx, 0};
	struct sw_sink s = {.name = name, .fmt = fmt, .fn = count_record, .ctx = &cnt};
	enum vs_err e;
	switch (fmt) {
	case SW_FORMAT_DPKG:
	case SW_FORMAT_RPM:
		e = sw_lines_import(&s, data, len, err);
		break;
	default: /* JSON, of the kind named or the one the document tells */
		e = sw_json_import(&s, data, len, err);
		break;
	}
	/* Nothing listed would make an empty survey, the default one from then
	 * on, reporting a total of 0. */
	if (e == VS_OK && cnt.n == 0)
		e = vs_fail(err, VS_EBADVAL, "%s: %s; nothing was imported", name,
			    len ? "no programs listed" : "empty");
	return e;
}

/* Append what is left of f to buf, refusing more than limit bytes in all. */
static enum vs_err read_rest(FILE *f, const char *name, struct strbuf *buf, size_t limit, const char *what,
			     struct vs_error *err)
{
	uint8_t chunk[16384];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (n > limit - buf->len)
			return vs_fail(err, VS_ETOOBIG, "%s: larger than %zu bytes, the limit for %s",
				       name, limit, what);
		strbuf_add(buf, chunk, n);
		if (buf->failed)
			return vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
	}
	if (ferror(f))
		return vs_fail(err, VS_EIO, "%s: read error: %s", name, strerror(errno));
	return VS_OK;
}

static bool is_json_format(enum software_format f)
{
	return f == SW_FORMAT_WINGET || f == SW_FORMAT_CYCLONEDX || f == SW_FORMAT_SPDX;
}

static const char *limit_what(bool json)
{
	return json ? "JSON (VS_MAX_SOFTWARE_JSON)" : "input read whole (VS_MAX_SOFTWARE_INPUT)";
}

enum vs_err import_software_file(const char *path, enum software_format fmt, const struct import_opts *o,
				 import_record_fn fn, void *ctx, struct vs_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	if ((size_t)fmt >= N_FORMATS)
		return vs_fail(err, VS_EUSAGE, "%s: unknown software format %d", name, (int)fmt);
	if (fmt == SW_FORMAT_CSV)
		return csv_import(path, name, NULL, 0, o, fn, ctx, err); /* streams */
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path, strerror(errno));
	struct stat st;
	bool regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	bool json = is_json_format(fmt);
	struct strbuf buf = STRBUF_INIT;
	enum vs_err e = VS_OK;
	if (fmt == SW_FORMAT_AUTO) {
		/* Enough to see the first line or the first JSON byte. */
		enum { SNIFF = 64 * 1024 };
		if (!strbuf_grow(&buf, SNIFF))
			e = vs_fail(err, VS_ENOMEM, "%s: out of memory", name);
		size_t got = 0, n = 1;
		while (e == VS_OK && got < SNIFF && n > 0)
			got += n = fread(buf.buf + got, 1, SNIFF - got, f);
		if (e == VS_OK && ferror(f))
			e = vs_fail(err, VS_EIO, "%s: read error: %s", name, strerror(errno));
		if (e == VS_OK) {
			buf.len = got;
			buf.buf[got] = '\0';
			fmt = detect((const uint8_t *)buf.buf, got, &json);
		}
		if (e == VS_OK && fmt == SW_FORMAT_CSV && regular && !is_stdin) {
			/* Stream it from the start instead of reading it whole (standard
			 * input cannot be read again: it is read whole, below). */
			strbuf_release(&buf);
			fclose(f);
			return csv_import(path, name, NULL, 0, o, fn, ctx, err);
		}
	}
	size_t limit = json ? VS_MAX_SOFTWARE_JSON : VS_MAX_SOFTWARE_INPUT;
	if (e == VS_OK && regular && st.st_size > 0 && (uintmax_t)st.st_size > limit)
		e = vs_fail(err, VS_ETOOBIG, "%s: %jd bytes, larger than %zu bytes, the limit for %s", name,
			    (intmax_t)st.st_size, limit, limit_what(json));
	if (e == VS_OK)
		e = read_rest(f, name, &buf, limit, limit_what(json), err);
	if (!is_stdin)
		fclose(f);
	if (e == VS_OK)
		e = import_software_mem(name, (const uint8_t *)strbuf_str(&buf), buf.len, fmt, o, fn, ctx, err);
	strbuf_release(&buf);
	return e;
}
