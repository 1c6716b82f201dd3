/*
 * Fuzz the users file reader of vendorscope serve (serve/users.c): what
 * it accepts must be users and tokens with a valid name, role and hash
 * shape; then look up a token and a login name in it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "serve/serve_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serve_users u;
	struct vs_error err = {0};
	if (serve_users_parse((const char *)data, size, "fuzz", &u, &err) != VS_OK)
		return 0;
	for (size_t i = 0; i < u.n; i++) {
		if (!serve_user_name_ok(u.v[i].name, strlen(u.v[i].name)) ||
		    u.v[i].role < SERVE_VIEWER || u.v[i].role > SERVE_ADMIN || !u.v[i].hash)
			__builtin_trap();
	}
	serve_crypto_init();
	(void)serve_users_token(&u, "vs_0000");
	serve_users_release(&u);
	return 0;
}
