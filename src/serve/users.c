/*
 * The users file: one line per login or API token, edited by the admin
 * (by hand or with `vendorscope serve --add-user / --add-token`):
 *
 *   # comment
 *   user  NAME ROLE $argon2id$v=19$m=...   (crypto_pwhash_str of the password)
 *   token NAME ROLE HEX64                  (BLAKE2b-256 of the API token)
 *
 * Fields are separated by spaces or tabs; NAME is 1-64 of [A-Za-z0-9._@-];
 * ROLE is viewer, editor or admin. A password is never stored, only its
 * Argon2id hash (libsodium's crypto_pwhash_str, whose string carries its
 * own salt and cost); an API token is 32 random bytes and so needs no slow
 * hash, only one that does not give it back. The file is outside input:
 * read through the byte cursor with a line number in every complaint.
 */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve/serve_int.h"
#include "util/afile.h"
#include "util/cur.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

static const char *const role_names[] = {"anonymous", "viewer", "editor", "admin"};

bool serve_role_parse(const char *s, enum serve_role *out)
{
	for (int r = SERVE_VIEWER; r <= SERVE_ADMIN; r++)
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum serve_role)r;
			return true;
		}
	return false;
}

const char *serve_role_name(enum serve_role r)
{
	return (unsigned)r <= SERVE_ADMIN ? role_names[r] : "?";
}

bool serve_user_name_ok(const char *s, size_t len)
{
	if (len == 0 || len > SERVE_MAX_NAME)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '-'))
			return false;
	}
	return true;
}

static bool is_blank(uint8_t b)
{
	return b == ' ' || b == '\t';
}

/* The next blank-separated field of the line cursor. */
static struct slice field(struct cur *c)
{
	while (!cur_eof(c) && is_blank(c->p[c->off]))
		c->off++;
	struct slice s = {c->p + c->off, 0};
	while (!cur_eof(c) && !is_blank(c->p[c->off]))
		c->off++, s.len++;
	return s;
}

static bool slice_is(struct slice s, const char *lit)
{
	return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

static bool hash_ok(struct slice h, bool token)
{
	if (token) {
		if (h.len != SERVE_TOKEN_HEX)
			return false;
		for (size_t i = 0; i < h.len; i++)
			if (text_hex_value(h.p[i]) < 0 || (h.p[i] >= 'A' && h.p[i] <= 'F'))
				return false;
		return true;
	}
	/* crypto_pwhash_str writes printable ASCII, "$argon2…", shorter than
	 * crypto_pwhash_STRBYTES with its NUL. */
	if (h.len < 8 || h.len >= crypto_pwhash_STRBYTES || memcmp(h.p, "$argon2", 7) != 0)
		return false;
	for (size_t i = 0; i < h.len; i++)
		if (h.p[i] <= ' ' || h.p[i] > '~')
			return false;
	return true;
}

void serve_users_release(struct serve_users *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].hash);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

enum vs_err serve_users_parse(const char *text, size_t len, const char *path,
			      struct serve_users *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cur all = cur_make(text, len);
	unsigned line = 0;
	while (!cur_eof(&all)) {
		line++;
		const uint8_t *nl = memchr(all.p + all.off, '\n', cur_left(&all));
		size_t n = nl ? (size_t)(nl - (all.p + all.off)) : cur_left(&all);
		struct cur c = cur_make(all.p + all.off, n);
		cur_skip(&all, nl ? n + 1 : n);
		if (n && c.p[n - 1] == '\r')
			c.len--;
		if (memchr(c.p, 0, c.len))
			goto bad;
		struct slice kind = field(&c);
		if (kind.len == 0 || kind.p[0] == '#')
			continue;
		struct slice name = field(&c), role = field(&c), hash = field(&c), rest = field(&c);
		bool token = slice_is(kind, "token");
		if (!token && !slice_is(kind, "user"))
			goto bad;
		char rbuf[16];
		enum serve_role r;
		if (!serve_user_name_ok((const char *)name.p, name.len) || role.len >= sizeof(rbuf))
			goto bad;
		memcpy(rbuf, role.p, role.len);
		rbuf[role.len] = 0;
		if (!serve_role_parse(rbuf, &r) || !hash_ok(hash, token) || rest.len)
			goto bad;
		if (out->n == VS_SERVE_MAX_USERS) {
			serve_users_release(out);
			return vs_fail(err, VS_ETOOBIG, "%s:%u: more than %d users and tokens "
					   "(VS_SERVE_MAX_USERS)", path, line, VS_SERVE_MAX_USERS);
		}
		if (out->n == out->alloc) {
			size_t na = out->alloc ? out->alloc * 2 : 16;
			struct serve_user *v = realloc(out->v, na * sizeof(*v));
			if (!v)
				goto nomem;
			out->v = v, out->alloc = na;
		}
		struct serve_user *u = &out->v[out->n];
		memcpy(u->name, name.p, name.len);
		u->name[name.len] = 0;
		u->role = r;
		u->token = token;
		u->hash = str_ndup(hash.p, hash.len);
		if (!u->hash)
			goto nomem;
		out->n++;
	}
	return VS_OK;
bad:
	serve_users_release(out);
	return vs_fail(err, VS_EBADVAL, "%s:%u: expected 'user NAME ROLE HASH' or 'token NAME ROLE "
			   "HASH' (ROLE viewer, editor or admin; NAME of A-Z a-z 0-9 . _ @ -)",
		       path, line);
nomem:
	serve_users_release(out);
	return vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
}

enum vs_err serve_users_load(const char *path, struct serve_users *out, struct vs_error *err)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	enum vs_err rc = file_read_all(path, VS_SERVE_MAX_USERS_FILE, &buf, &len, err);
	if (!rc)
		rc = serve_users_parse((const char *)buf, len, path, out, err);
	free(buf);
	return rc;
}

/* An unknown name costs one hash too: a fixed one verified and ignored. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy[0] = 0;
}

const struct serve_user *serve_users_login(const struct serve_users *u, const char *name,
					   const char *password)
{
	const struct serve_user *found = NULL;
	for (size_t i = 0; i < u->n; i++)
		if (!u->v[i].token && strcmp(u->v[i].name, name) == 0)
			found = &u->v[i];
	size_t plen = strlen(password);
	if (!found) {
		pthread_once(&dummy_once, make_dummy);
		if (dummy[0] && crypto_pwhash_str_verify(dummy, password, plen) == 0)
			return NULL; /* "x" is nobody's password either */
		return NULL;
	}
	return crypto_pwhash_str_verify(found->hash, password, plen) == 0 ? found : NULL;
}

static void token_hash(const char *token, char hex[SERVE_TOKEN_HEX + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, SERVE_TOKEN_HEX + 1, h, sizeof(h));
}

const struct serve_user *serve_users_token(const struct serve_users *u, const char *token)
{
	char hex[SERVE_TOKEN_HEX + 1];
	token_hash(token, hex);
	const struct serve_user *found = NULL;
	for (size_t i = 0; i < u->n; i++)
		if (u->v[i].token && sodium_memcmp(u->v[i].hash, hex, SERVE_TOKEN_HEX) == 0)
			found = &u->v[i];
	return found;
}

/* Rewrite the file with every line but the one `replace` matches (a user
 * line of that name), then `add`. */
static enum vs_err rewrite(const char *path, const char *replace, const char *add,
			   struct vs_error *err)
{
	uint8_t *old = NULL;
	size_t len = 0;
	struct stat stbuf;
	bool exists = stat(path, &stbuf) == 0;
	if (exists && file_read_all(path, VS_SERVE_MAX_USERS_FILE, &old, &len, err))
		return err->code;
	struct serve_users check;
	if (exists && serve_users_parse((const char *)old, len, path, &check, err)) {
		free(old);
		return err->code;
	}
	if (exists)
		serve_users_release(&check);
	struct strbuf out = STRBUF_INIT;
	if (!exists)
		strbuf_addstr(&out, "# vendorscope users: 'user NAME ROLE HASH' or 'token NAME ROLE "
				    "HASH' (man vendorscope-serve)\n");
	size_t rlen = replace ? strlen(replace) : 0;
	for (size_t off = 0; off < len;) {
		const uint8_t *nl = memchr(old + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (old + off)) : len - off;
		const char *l = (const char *)old + off;
		bool drop = replace && n > rlen && memcmp(l, replace, rlen) == 0;
		if (!drop) {
			strbuf_add(&out, l, n);
			strbuf_addch(&out, '\n');
		}
		off += n + (nl ? 1 : 0);
	}
	free(old);
	strbuf_addstr(&out, add);
	struct afile af;
	enum vs_err rc = out.failed ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
	if (!rc)
		rc = afile_open(&af, path, err);
	if (!rc) {
		/* Hashes only, but nobody else needs to read them. */
		if (!exists && !af.direct)
			(void)fchmod(fileno(af.f), 0600);
		if (fwrite(out.buf, 1, out.len, af.f) != out.len) {
			afile_abort(&af);
			rc = vs_fail(err, VS_EIO, "%s: %s", path, strerror(errno));
		} else {
			rc = afile_commit(&af, err);
		}
	}
	strbuf_release(&out);
	return rc;
}

enum vs_err serve_users_add_user(const char *path, const char *name, enum serve_role role,
				 const char *password, struct vs_error *err)
{
	if (!serve_user_name_ok(name, strlen(name)))
		return vs_fail(err, VS_EUSAGE, "a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
	if (!*password)
		return vs_fail(err, VS_EUSAGE, "an empty password");
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return vs_fail(err, VS_ENOMEM, "hashing the password: out of memory");
	char replace[SERVE_MAX_NAME + 8], line[SERVE_MAX_NAME + crypto_pwhash_STRBYTES + 32];
	snprintf(replace, sizeof(replace), "user %s ", name);
	snprintf(line, sizeof(line), "user %s %s %s\n", name, serve_role_name(role), hash);
	return rewrite(path, replace, line, err);
}

enum vs_err serve_users_add_token(const char *path, const char *name, enum serve_role role,
				  char token_out[SERVE_API_TOKEN_SIZE], struct vs_error *err)
{
	if (!serve_user_name_ok(name, strlen(name)))
		return vs_fail(err, VS_EUSAGE, "a token name is 1-64 of A-Z a-z 0-9 . _ @ -");
	char hex[SERVE_TOKEN_HEX + 1], hash[SERVE_TOKEN_HEX + 1];
	serve_random_hex(hex);
	snprintf(token_out, SERVE_API_TOKEN_SIZE, "vs_%s", hex);
	token_hash(token_out, hash);
	char line[SERVE_MAX_NAME + SERVE_TOKEN_HEX + 32];
	snprintf(line, sizeof(line), "token %s %s %s\n", name, serve_role_name(role), hash);
	return rewrite(path, NULL, line, err);
}
