#include "ingest/sources.h"

#include "ingest/fuse.h"
#include "store/query_status.h"
#include "track/track.h"
#include "util/date.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * SHA-256 through OpenSSL's libcrypto: it uses the CPU's SHA extensions
 * where there are some. Hashing the import benchmark's 92 MB export took
 * 0.06 s CPU this way against 0.29 s with libsodium's portable
 * crypto_hash_sha256, which put the import at 2.4-2.8x sqlite3's own where
 * it had been 2.0-2.3x (docs/benchmarks.md, "Import"). Read in pieces:
 * memory stays flat.
 */
#define HASH_CHUNK (1024 * 1024)

static enum vs_err hash_fd(int fd, const char *path, char hex[65], struct vs_error *err)
{
	unsigned char *buf = malloc(HASH_CHUNK);
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	enum vs_err rc = VS_OK;
	if (!buf || !h || !EVP_DigestInit_ex(h, EVP_sha256(), NULL))
		rc = vs_fail(err, VS_ENOMEM, "out of memory (SHA-256)");
	ssize_t n;
	while (!rc && (n = read(fd, buf, HASH_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = vs_fail(err, VS_EIO, "%s: %s", path, strerror(errno));
		else if (!EVP_DigestUpdate(h, buf, (size_t)n))
			rc = vs_fail(err, VS_ENOMEM, "out of memory (SHA-256)");
	}
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	if (!rc && (!EVP_DigestFinal_ex(h, sum, &len) || len != 32))
		rc = vs_fail(err, VS_ENOMEM, "SHA-256 failed");
	for (unsigned i = 0; !rc && i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	EVP_MD_CTX_free(h);
	free(buf);
	return rc;
}

static enum vs_err set_name(struct source_ident *out, const char *name, struct vs_error *err)
{
	size_t n = strlen(name);
	if (n > VS_MAX_SOURCE_NAME)
		return vs_fail(err, VS_ETOOBIG, "a source name is at most %d bytes (VS_MAX_SOURCE_NAME)",
			       VS_MAX_SOURCE_NAME);
	memcpy(out->name, name, n + 1);
	return VS_OK;
}

enum vs_err ingest_source_ident(const char *path, const char *name, enum source_kind_of_path how,
				struct source_ident *out, struct vs_error *err)
{
	out->name[0] = out->hash[0] = '\0';
	if (name && !*name)
		return vs_fail(err, VS_EUSAGE, "--source needs a name");
	if (name) {
		enum vs_err rc = set_name(out, name, err);
		if (rc)
			return rc;
	}
	if (how == SOURCE_LABEL)
		return name ? VS_OK : set_name(out, path, err);
	/* Named and not hashed: the file is not needed, and not opened (a
	 * sensor's source names a path on the sensor, which here could be a
	 * device or a FIFO: ingest/sensor.h). */
	if (name && how == SOURCE_FILE)
		return VS_OK;
	if (strcmp(path, "-") == 0)
		return VS_OK;
	/* O_NONBLOCK: opening a FIFO must not wait for its writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) /* missing or unreadable: named as given; the reader says why */
		return name ? VS_OK : set_name(out, path, err);
	struct stat sb;
	enum vs_err rc = VS_OK;
	/* A pipe or a device has no identity, and its bytes are the reader's. */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		char real[PATH_MAX];
		if (!name)
			rc = set_name(out, realpath(path, real) ? real : path, err);
		if (!rc && how == SOURCE_FILE_HASHED)
			rc = hash_fd(fd, path, out->hash, err);
	}
	close(fd);
	return rc;
}

static void *ident_thread(void *arg)
{
	struct source_ident_job *j = arg;
	j->rc = ingest_source_ident(j->path, j->name, SOURCE_FILE_HASHED, &j->id, &j->err);
	return NULL;
}

void ingest_source_ident_start(struct source_ident_job *j, const char *path, const char *name)
{
	memset(j, 0, sizeof(*j));
	j->path = path;
	j->name = name;
	j->threaded = pthread_create(&j->thread, NULL, ident_thread, j) == 0;
	if (!j->threaded)
		ident_thread(j);
}

enum vs_err ingest_source_ident_join(struct source_ident_job *j, struct source_ident *out,
				     struct vs_error *err)
{
	if (j->threaded && !j->joined)
		pthread_join(j->thread, NULL);
	j->joined = true;
	if (j->rc)
		return vs_fail(err, j->rc, "%s", j->err.msg);
	if (out)
		*out = j->id;
	return VS_OK;
}

static void add_removed(struct ingest_removed *acc, const struct store_removed *r,
			const struct source_info *src)
{
	if (!acc)
		return;
	if (acc->total.sources == 0 && r->sources)
		acc->first = *src;
	acc->total.sources += r->sources;
	acc->total.rows += r->rows;
	acc->total.assets += r->assets;
	acc->total.units += r->units;
}

enum vs_err ingest_source_remove(struct store *st, const struct kb *kb, const struct policy *pol,
				 int64_t source_id, struct ingest_removed *acc,
				 struct vs_error *err)
{
	struct source_info *src = malloc(sizeof(*src));
	if (!src)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	enum vs_err rc = store_source_by_id(st, 0, source_id, src, err);
	struct store_removed r = {0};
	/* Assets other sources describe too stay, decided again without this
	 * source's facts; the rest goes with the source. (Recog fingerprints
	 * are not loaded here: a banner only Recog named is weighed again at
	 * the next capture.) */
	struct ingest_env env = {kb, pol, NULL};
	if (!rc)
		rc = ingest_forget_source(st, &env, source_id, err);
	/* What each tracked asset that goes was, so its history can follow
	 * the device (track_carry). */
	int64_t tracked = 0;
	char now[21];
	if (!date_utc_stamp((int64_t)time(NULL), now))
		snprintf(now, sizeof(now), "1970-01-01T00:00:00Z");
	if (!rc)
		rc = store_status_detach(st, source_id, now, &tracked, err);
	if (!rc && acc)
		acc->tracked_removed += tracked;
	if (!rc)
		rc = store_source_delete(st, src->survey_id, source_id, &r, err);
	if (!rc)
		add_removed(acc, &r, src);
	free(src);
	return rc;
}

/* The ids store_sources_same found, read to the end before any is removed. */
struct id_list {
	int64_t ids[64];
	size_t n;
	bool more;
};

static bool collect_id(const struct source_info *s, void *ctx)
{
	struct id_list *l = ctx;
	if (l->n == sizeof(l->ids) / sizeof(l->ids[0])) {
		l->more = true;
		return false;
	}
	l->ids[l->n++] = s->id;
	return true;
}

enum vs_err ingest_source_open(struct store *st, const struct kb *kb, const struct policy *pol,
			       int64_t survey_id, const char *kind, const char *format,
			       const char *path, const struct source_ident *id, int64_t *source_id,
			       struct ingest_removed *replaced, struct vs_error *err)
{
	memset(replaced, 0, sizeof(*replaced));
	enum vs_err rc = VS_OK;
	/* Each new source replaces the ones before it, so one survey rarely
	 * holds more than one match; a batch at a time all the same. */
	struct id_list l = {.more = true};
	while (!rc && id && l.more) {
		l.n = 0;
		l.more = false;
		rc = store_sources_same(st, survey_id, id->name, id->hash, collect_id, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++)
			rc = ingest_source_remove(st, kb, pol, l.ids[i], replaced, err);
	}
	if (!rc)
		rc = store_source_add(st, survey_id, kind, format, path, source_id, err);
	if (!rc && id)
		rc = store_source_set_ident(st, *source_id, id->name, id->hash, err);
	return rc;
}

/* A whole decimal number, as a source id is written. */
static bool parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!*s || strlen(s) > 18)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

enum vs_err ingest_source_remove_named(struct store *st, const struct kb *kb,
				       const struct policy *pol, const char *survey,
				       const char *source, struct ingest_removed *out,
				       struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct source_info *src = malloc(sizeof(*src));
	if (!src)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	struct survey_info si;
	enum vs_err rc = store_begin(st, err);
	if (!rc)
		rc = store_survey_get(st, survey, NULL, false, &si, err);
	if (!rc) {
		int64_t id;
		struct vs_error ignored = {0};
		rc = parse_id(source, &id) ? store_source_by_id(st, si.id, id, src, &ignored)
					   : VS_ENOTFOUND;
		if (rc == VS_ENOTFOUND)
			rc = store_source_by_name(st, si.id, source, src, &ignored);
		if (rc == VS_ENOTFOUND)
			vs_fail(err, rc, "survey '%s' has no source '%.512s' (its sources: "
					 "vendorscope surveys sources '%s')",
				si.name, source, si.name);
		else if (rc)
			vs_fail(err, rc, "%s", ignored.msg);
	}
	if (!rc)
		rc = ingest_source_remove(st, kb, pol, src->id, out, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	free(src);
	return rc;
}

enum vs_err ingest_survey_remove(struct store *st, const char *survey,
				 struct ingest_removed *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct survey_info si;
	enum vs_err rc = store_begin(st, err);
	if (!rc)
		rc = store_survey_get(st, survey, NULL, false, &si, err);
	if (!rc)
		rc = store_survey_delete(st, si.id, &out->total, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	return rc;
}

enum vs_err ingest_carry_status(struct store *st, int64_t survey_id, struct ingest_removed *r,
				struct vs_error *err)
{
	struct track_carried c;
	enum vs_err rc = track_carry(st, survey_id, &c, err);
	if (rc)
		return rc;
	r->carried += c.carried;
	r->detached = c.detached;
	r->why[0] = c.none, r->why[1] = c.ambiguous, r->why[2] = c.tracked, r->why[3] = c.too_few;
	return VS_OK;
}
