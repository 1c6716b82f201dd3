#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"
#include "serve/serve_int.h"
#include "util/limits.h"

static void serve_usage(FILE *out)
{
	fprintf(out,
		"usage: vendorscope serve [DB] [--listen ADDR:PORT] [--users FILE]\n"
		"                         [--tls-cert FILE --tls-key FILE] [--threads N]\n"
		"       vendorscope serve --users FILE --add-user NAME --role ROLE   (password on stdin)\n"
		"       vendorscope serve --users FILE --add-token NAME --role ROLE\n\n"
		"Serve the register as web pages and a JSON API (/api/v1/, described by\n"
		"/api/v1/openapi.json) until SIGTERM or SIGINT, which finish the requests\n"
		"under way and stop. Prints the address it listens on.\n\n"
		"  --listen A:P    address and port (default 127.0.0.1:8080; port 0: any\n"
		"                  free one). On a loopback address everyone may read\n"
		"                  without logging in; any other address needs --tls-cert,\n"
		"                  --tls-key and --users, and every request a login\n"
		"  --users FILE    who may log in: lines 'user NAME ROLE HASH' and 'token\n"
		"                  NAME ROLE HASH', ROLE viewer, editor (may write) or admin\n"
		"  --tls-cert F    PEM certificate (chain) and its key: serve HTTPS\n"
		"  --tls-key F\n"
		"  --threads N     threads answering requests (default: one per CPU)\n"
		"  --add-user NAME add or replace a user in --users FILE with the password\n"
		"                  read from standard input (one line), hashed (Argon2id)\n"
		"  --add-token NAME\n"
		"                  mint an API token (Authorization: Bearer TOKEN) for\n"
		"                  scripts; it is printed once, only its hash is kept\n"
		"  --role ROLE     viewer, editor or admin, for --add-user and --add-token\n\n"
		"Writes (POST) always need an editor: a logged-in session with its CSRF\n"
		"token, or an API token. Limits: a body of %d bytes (413 above), a request\n"
		"head within %d bytes, %d s idle, %d s for a whole request. Failed logins\n"
		"are counted before the password is hashed: %d tries of one user name at\n"
		"once, then one every %d s; %d from one address (an IPv6 client: its /64),\n"
		"then one every %d s; past that /login answers 429 with Retry-After.\n\n"
		"users file: one line per login or token, '#' starts a comment:\n"
		"  user  NAME ROLE HASH   HASH: the password's Argon2id string as libsodium's\n"
		"                         crypto_pwhash_str writes it ($argon2id$v=19$...)\n"
		"  token NAME ROLE HASH   HASH: BLAKE2b-256 of the token, 64 hex digits\n"
		"  NAME is 1-64 of A-Z a-z 0-9 . _ @ -; fields are separated by blanks.\n"
		"  --add-user and --add-token write it (mode 0600 when created); to remove\n"
		"  a user or a token, delete its line and restart the server. Sessions\n"
		"  live in memory for %d hours: a restart logs everybody out.\n\n"
		"JSON API (GET unless said; the same objects as the CLI's --format json):\n"
		"  /api/v1/surveys                surveys --format json\n"
		"  /api/v1/assets?survey=&kind=&chinese=true&critical=true&q=&limit=&after=\n"
		"                                 assets --format json, paged: paging.next\n"
		"                                 goes into after= (keyset cursor)\n"
		"  /api/v1/assets?by=F            assets --by F --format json\n"
		"  /api/v1/assets?exposed=true    assets --exposed --format json\n"
		"  /api/v1/assets/ID              assets --id ID --format json\n"
		"  /api/v1/assets/ID/status       status DB ID --format json; POST records\n"
		"                                 a change (state, date, cost, units, note,\n"
		"                                 reason) as the caller: editor only\n"
		"  /api/v1/diff?from=A&to=B       diff A B --format json\n"
		"  /api/v1/plan?strategy=S&prices=NAME   plan --strategy S --format json\n"
		"                                 (NAME: a catalogue of the data directory)\n"
		"  /api/v1/check?q=PRODUCT        check PRODUCT --json\n"
		"  /api/v1/openapi.json           OpenAPI 3 description of all of them\n"
		"Errors are {\"error\":{\"status\":N,\"message\":\"...\"}} with N 400, 401,\n"
		"403, 404, 405, 413 or 500.\n",
		VS_SERVE_MAX_BODY, VS_SERVE_CONN_MEMORY, VS_SERVE_IDLE_TIMEOUT,
		VS_SERVE_REQUEST_DEADLINE, VS_SERVE_LOGIN_USER_BURST,
		VS_SERVE_LOGIN_USER_INTERVAL_MS / 1000, VS_SERVE_LOGIN_ADDR_BURST,
		VS_SERVE_LOGIN_ADDR_INTERVAL_MS / 1000, VS_SERVE_SESSION_SECONDS / 3600);
}

static int add_entry(const char *users, const char *user, const char *token_name,
		     const char *role_s)
{
	enum serve_role role;
	if (!users)
		return cli_usage_error("serve", "--add-user and --add-token need --users FILE");
	if (!role_s || !serve_role_parse(role_s, &role))
		return cli_usage_error("serve", "--role is viewer, editor or admin");
	if (!serve_crypto_init()) {
		fprintf(stderr, "vendorscope serve: libsodium could not be initialised\n");
		return 74;
	}
	struct vs_error err = {0};
	if (user) {
		char pw[4096];
		if (!fgets(pw, sizeof(pw), stdin))
			return cli_usage_error("serve", "--add-user reads the password from standard input");
		pw[strcspn(pw, "\r\n")] = 0;
		enum vs_err rc = serve_users_add_user(users, user, role, pw, &err);
		memset(pw, 0, sizeof(pw));
		if (rc)
			return rc == VS_EUSAGE ? cli_usage_error("serve", "%s", err.msg) : cli_report(&err);
		fprintf(stderr, "vendorscope serve: user %s (%s) written to %s\n", user, role_s, users);
		return 0;
	}
	char token[SERVE_API_TOKEN_SIZE];
	enum vs_err rc = serve_users_add_token(users, token_name, role, token, &err);
	if (rc)
		return rc == VS_EUSAGE ? cli_usage_error("serve", "%s", err.msg) : cli_report(&err);
	printf("%s\n", token);
	fprintf(stderr, "vendorscope serve: token %s (%s) written to %s; the token above is shown "
			"only now\n", token_name, role_s, users);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'L'},   {"users", required_argument, NULL, 'u'},
		{"tls-cert", required_argument, NULL, 'C'}, {"tls-key", required_argument, NULL, 'K'},
		{"threads", required_argument, NULL, 't'},  {"add-user", required_argument, NULL, 'a'},
		{"add-token", required_argument, NULL, 'T'}, {"role", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},	    {0},
	};
	struct serve_config cfg = {.listen = "127.0.0.1:8080"};
	const char *add_user = NULL, *add_token = NULL, *role = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "L:u:C:K:t:a:T:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'L': cfg.listen = optarg; break;
		case 'u': cfg.users = optarg; break;
		case 'C': cfg.tls_cert = optarg; break;
		case 'K': cfg.tls_key = optarg; break;
		case 't':
			if (!cli_parse_uint(optarg, 1, VS_SERVE_MAX_THREADS, &cfg.threads))
				return cli_usage_error("serve", "--threads is 1 to %d", VS_SERVE_MAX_THREADS);
			break;
		case 'a': add_user = optarg; break;
		case 'T': add_token = optarg; break;
		case 'r': role = optarg; break;
		case 'h': serve_usage(stdout); return 0;
		default: serve_usage(stderr); return 64;
		}
	}
	if (add_user && add_token)
		return cli_usage_error("serve", "give --add-user or --add-token, not both");
	if (add_user || add_token) {
		if (argc - optind > 0)
			return cli_usage_error("serve", "--add-user and --add-token take no store");
		return add_entry(cfg.users, add_user, add_token, role);
	}
	if (role)
		return cli_usage_error("serve", "--role goes with --add-user or --add-token");
	if (argc - optind > 1)
		return cli_usage_error("serve", "takes one store path");
	cfg.db = cli_db_path(optind < argc ? argv[optind] : NULL);
	if (getenv("SOURCE_DATE_EPOCH"))
		cfg.generated = cli_generated_time();

	/* Blocked before the server's threads start, so they inherit it and
	 * only sigwait sees SIGTERM; SIGPIPE from a client gone is ignored. */
	serve_block_signals();
	struct vs_error err = {0};
	struct serve *srv;
	if (serve_start(&cfg, &srv, &err))
		return err.code == VS_EUSAGE ? cli_usage_error("serve", "%s", err.msg) : cli_report(&err);
	/* The address as given, with the port bound (the one chosen for 0). */
	int host_len = (int)(strrchr(cfg.listen, ':') - cfg.listen);
	printf("vendorscope serve: listening on %s://%.*s:%u/\n", serve_scheme(srv), host_len,
	       cfg.listen, serve_port(srv));
	fflush(stdout);
	int sig = serve_wait_signal();
	serve_stop(srv);
	fprintf(stderr, "vendorscope serve: stopped (%s)\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	return 0;
}
