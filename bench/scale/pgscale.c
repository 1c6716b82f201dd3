/*
 * The two client halves of bench/scale/run.sh, through libpq as vendorscope's
 * PostgreSQL store talks to the server (parameters only, no SQL built from
 * data):
 *
 *   pgscale insert CONNINFO TABLE NCOLS BATCH FILE
 *       FILE's rows (COPY text format: tab-separated, \N for NULL, no other
 *       escapes: bench/scale/gen.py writes none) inserted BATCH at a time by
 *       one prepared multi-row INSERT, all in one transaction. Prints
 *       "ROWS SECONDS".
 *   pgscale query CONNINFO SQL PARAMFILE
 *       SQL run once per line of PARAMFILE (tab-separated parameters $1..),
 *       on one connection; prints each execution's wall time in
 *       microseconds, one a line (the client's view: send, plan, execute,
 *       receive every row).
 *
 * A benchmark tool: exits 1 on the first error with libpq's message.
 */
#define _POSIX_C_SOURCE 200809L
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PARAMS 65535 /* the protocol's limit of one Bind message */
#define MAX_COLS 64

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(PGconn *c, const char *what)
{
	fprintf(stderr, "pgscale: %s: %s", what, c ? PQerrorMessage(c) : "\n");
	exit(1);
}

static void ok(PGconn *c, PGresult *r, ExecStatusType want, const char *what)
{
	if (PQresultStatus(r) != want)
		die(c, what);
	PQclear(r);
}

/* Splits a line in place into at most max fields; \N becomes NULL. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		char *t = strchr(p, '\t');
		if (t)
			*t = '\0';
		if (n == max)
			return -1;
		f[n++] = strcmp(p, "\\N") == 0 ? NULL : p;
		if (!t)
			return n;
		p = t + 1;
	}
}

static char *insert_sql(const char *table, int ncols, int rows)
{
	size_t cap = strlen(table) + 64 + (size_t)rows * (size_t)ncols * 9;
	char *s = malloc(cap);
	if (!s)
		die(NULL, "out of memory");
	size_t n = (size_t)snprintf(s, cap, "INSERT INTO %s VALUES ", table);
	int k = 1;
	for (int r = 0; r < rows; r++) {
		n += (size_t)snprintf(s + n, cap - n, "%s(", r ? "," : "");
		for (int c = 0; c < ncols; c++)
			n += (size_t)snprintf(s + n, cap - n, "%s$%d", c ? "," : "", k++);
		n += (size_t)snprintf(s + n, cap - n, ")");
	}
	return s;
}

static int cmd_insert(PGconn *c, const char *table, int ncols, int batch, const char *file)
{
	if (ncols < 1 || ncols > MAX_COLS || batch < 1 || (long)batch * ncols > MAX_PARAMS)
		die(NULL, "NCOLS or BATCH out of range");
	FILE *in = fopen(file, "r");
	if (!in)
		die(NULL, "cannot open FILE");
	char **lines = calloc((size_t)batch, sizeof *lines);
	size_t *caps = calloc((size_t)batch, sizeof *caps);
	const char **vals = calloc((size_t)batch * (size_t)ncols, sizeof *vals);
	if (!lines || !caps || !vals)
		die(NULL, "out of memory");
	double t0 = now();
	ok(c, PQexec(c, "BEGIN"), PGRES_COMMAND_OK, "BEGIN");
	char *sql = insert_sql(table, ncols, batch);
	ok(c, PQprepare(c, "full", sql, 0, NULL), PGRES_COMMAND_OK, "prepare");
	free(sql);
	long total = 0;
	for (;;) {
		int n = 0;
		while (n < batch && getline(&lines[n], &caps[n], in) > 0) {
			lines[n][strcspn(lines[n], "\n")] = '\0';
			if (split(lines[n], (char **)vals + (size_t)n * ncols, ncols) != ncols)
				die(NULL, "a row has the wrong number of columns");
			n++;
		}
		if (n == 0)
			break;
		PGresult *r;
		if (n == batch) {
			r = PQexecPrepared(c, "full", n * ncols, vals, NULL, NULL, 0);
		} else {
			sql = insert_sql(table, ncols, n);
			r = PQexecParams(c, sql, n * ncols, NULL, vals, NULL, NULL, 0);
			free(sql);
		}
		ok(c, r, PGRES_COMMAND_OK, "insert");
		total += n;
		if (n < batch)
			break;
	}
	ok(c, PQexec(c, "COMMIT"), PGRES_COMMAND_OK, "COMMIT");
	printf("%ld %.3f\n", total, now() - t0);
	for (int i = 0; i < batch; i++)
		free(lines[i]);
	free(lines);
	free(caps);
	free(vals);
	fclose(in);
	return 0;
}

static int cmd_query(PGconn *c, const char *sql, const char *file)
{
	FILE *in = fopen(file, "r");
	if (!in)
		die(NULL, "cannot open PARAMFILE");
	char *line = NULL;
	size_t cap = 0;
	char *f[MAX_COLS];
	long rows = 0;
	while (getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\n")] = '\0';
		int n = split(line, f, MAX_COLS);
		if (n < 0)
			die(NULL, "too many parameters");
		double t0 = now();
		PGresult *r = PQexecParams(c, sql, n, NULL, (const char *const *)f, NULL, NULL, 0);
		double t = now() - t0;
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			die(c, "query");
		rows += PQntuples(r);
		PQclear(r);
		printf("%.0f\n", t * 1e6);
	}
	fprintf(stderr, "pgscale: %ld rows returned\n", rows);
	free(line);
	fclose(in);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: pgscale insert CONNINFO TABLE NCOLS BATCH FILE\n"
		      "       pgscale query CONNINFO SQL PARAMFILE\n", stderr);
		return 2;
	}
	PGconn *c = PQconnectdb(argv[2]);
	if (PQstatus(c) != CONNECTION_OK)
		die(c, "connect");
	int rc = 2;
	if (strcmp(argv[1], "insert") == 0 && argc == 7)
		rc = cmd_insert(c, argv[3], atoi(argv[4]), atoi(argv[5]), argv[6]);
	else if (strcmp(argv[1], "query") == 0 && argc == 5)
		rc = cmd_query(c, argv[3], argv[4]);
	else
		fputs("pgscale: bad arguments\n", stderr);
	PQfinish(c);
	return rc;
}
