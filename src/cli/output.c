/*
 * What the commands write: standard output checked, text escaped for the
 * terminal, and -o files written whole or not at all (issue 15).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/rdoc.h"
#include "util/afile.h"
#include "util/strbuf.h"
#include "util/text.h"

int cli_stdout_failed(void)
{
	int e = errno;
	fprintf(stderr, "vendorscope: cannot write standard output: %s\n",
		e ? strerror(e) : "write error");
	return 74;
}

/* sb as text for a terminal: *esc when anything needed escaping, else sb. */
static const struct strbuf *escaped(const struct strbuf *sb, struct strbuf *esc)
{
	if (!text_needs_escape(strbuf_str(sb), sb->len, TEXT_KEEP_LF | TEXT_KEEP_TAB))
		return sb;
	text_add_escaped(esc, strbuf_str(sb), sb->len, TEXT_KEEP_LF | TEXT_KEEP_TAB);
	return esc;
}

int cli_put_text(const struct strbuf *sb)
{
	return cli_write_text(NULL, sb);
}

int cli_write_text(const char *path, const struct strbuf *sb)
{
	struct strbuf esc = STRBUF_INIT;
	const struct strbuf *s = escaped(sb, &esc);
	int status = esc.failed ? (fprintf(stderr, "vendorscope: out of memory\n"), 71)
				: cli_write_out(path, s);
	strbuf_release(&esc);
	return status;
}

int cli_write_out(const char *path, const struct strbuf *sb)
{
	if (!path) /* a later failure shows at the flush in main */
		return fwrite(strbuf_str(sb), 1, sb->len, stdout) == sb->len ? 0 : cli_stdout_failed();
	struct vs_error err = {0};
	struct afile af;
	if (!afile_open(&af, path, &err)) {
		/* A short write leaves the stream's error set: afile_commit finds
		 * it, removes the temporary file and says so. */
		fwrite(strbuf_str(sb), 1, sb->len, af.f);
		afile_commit(&af, &err);
	}
	return err.code ? cli_report(&err) : 0;
}

/*
 * libxlsxwriter prints its own "[ERROR] ..." lines on stderr (and cannot be
 * told not to): they are caught in a temporary file while it works and
 * become part of our message, not a second, differently worded one.
 */
enum vs_err cli_write_xlsx(const struct rdoc *doc, const char *path, struct vs_error *err)
{
	if (!path)
		return vs_fail(err, VS_EUSAGE, "--format xlsx needs -o FILE");
	struct afile af;
	if (afile_open_path(&af, path, err))
		return err->code;
	fflush(stderr);
	FILE *cap = tmpfile();
	int saved = cap ? dup(STDERR_FILENO) : -1;
	bool caught = saved >= 0 && dup2(fileno(cap), STDERR_FILENO) >= 0;
	struct vs_error xerr = {0};
	enum vs_err rc = rdoc_write_xlsx(doc, af.tmp, &xerr);
	char said[512] = "";
	if (caught) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		rewind(cap);
		size_t got = fread(said, 1, sizeof(said) - 1, cap);
		said[got] = '\0';
		for (char *p = said; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		for (size_t k = strlen(said); k > 0 && said[k - 1] == ' '; k--)
			said[k - 1] = '\0';
	}
	if (saved >= 0)
		close(saved);
	if (cap)
		fclose(cap);
	if (rc) {
		afile_abort(&af);
		return vs_fail(err, rc, "%s: cannot write the workbook: %s%s%s%s", path,
			       xerr.msg[0] ? xerr.msg : vs_strerror(rc), said[0] ? " (libxlsxwriter: " : "",
			       said, said[0] ? ")" : "");
	}
	return afile_commit(&af, err);
}
