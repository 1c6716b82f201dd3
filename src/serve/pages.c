/*
 * The HTML pages: wt-pages writes them (issue 13, part 4) and replaces this
 * file. Until then the table is empty and the server answers 404 for
 * every page but the login form.
 */
#include "serve/route.h"

const struct serve_route serve_page_routes[] = {
	{0},
};
