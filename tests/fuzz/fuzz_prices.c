/*
 * Fuzz the price-catalogue reader (CSV dialects, quoting, amounts), then put
 * whatever it accepts through every strategy and the report, so extreme
 * prices, lifespans and extra costs reach the overflow checks of plan/ and
 * the sums of report/.
 */
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "plan/prices.h"
#include "report/plan_report.h"
#include "report/rdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct price_catalogue c;
	struct vs_error err = {0};
	if (prices_parse("fuzz", data, size, &c, &err) != VS_OK)
		return 0;
	struct plan_units u = {0};
	for (size_t i = 0; i < c.n_items && i < 8; i++) {
		/* Counts and ranges vary with the input so each row differs. */
		int64_t n = (int64_t)(c.items[i].purchase % 5000);
		struct plan_unit x = {c.items[i].type, i % 2 ? "SOF" : "BUF", n, n / 2,
				      i % 3 ? n : -1, true, i % 2 ? 2020 : 0, 0, (int)(i % 3) - 1};
		if (n < 0 || !plan_units_add(&u, &x))
			continue;
	}
	static const char *const strategies[] = {"immediate", "natural", "years:3", "budget:5000"};
	struct plan_result r[4];
	size_t n_ok = 0;
	for (size_t k = 0; k < 4; k++) {
		struct plan_strategy s;
		char why[128];
		if (!plan_strategy_parse(strategies[k], &s, why, sizeof(why)))
			continue;
		if (plan_run(&u, &c, &s, 2026, &r[n_ok], &err) != VS_OK)
			continue;
		struct rdoc d;
		rdoc_init(&d, k % 2, "fuzz");
		if (plan_report_build(&d, &r[n_ok], 1, false, &c, &err) == VS_OK) {
			struct strbuf sb = STRBUF_INIT;
			rdoc_render_text(&d, &sb);
			rdoc_render_json(&d, &sb);
			strbuf_release(&sb);
		}
		rdoc_release(&d);
		n_ok++;
	}
	if (n_ok) {
		struct rdoc d;
		rdoc_init(&d, false, "fuzz");
		if (plan_report_build(&d, r, n_ok, true, &c, &err) == VS_OK) {
			struct strbuf sb = STRBUF_INIT;
			rdoc_render_html(&d, &sb);
			strbuf_release(&sb);
		}
		rdoc_release(&d);
	}
	for (size_t k = 0; k < n_ok; k++)
		plan_result_release(&r[k]);
	plan_units_release(&u);
	prices_release(&c);
	return 0;
}
