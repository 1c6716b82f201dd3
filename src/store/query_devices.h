/*
 * Devices by name: a program in an installed-software list names the
 * machine it runs on; the hardware inventory of the same survey knows that
 * machine's department and site.
 */
#ifndef VS_STORE_QUERY_DEVICES_H
#define VS_STORE_QUERY_DEVICES_H

#include <stdint.h>

#include "store/store.h"

struct device_info {
	int64_t asset_id; /* 0: no such device */
	char *department, *site;
};

/* The first hardware asset of the survey whose host name is `name` (ASCII
 * case ignored, as host names are). */
enum vs_err store_device_find(struct store *st, int64_t survey_id, const char *name,
			      struct device_info *out, struct vs_error *err);
void device_info_release(struct device_info *d);

#endif
