/*
 * Devices by serial number, MAC or host name: a program in an
 * installed-software list names the machine it runs on; the hardware
 * inventory of the same survey knows that machine's department and site.
 */
#ifndef VS_STORE_QUERY_DEVICES_H
#define VS_STORE_QUERY_DEVICES_H

#include <stdint.h>

#include "store/store.h"

struct device_info {
	int64_t asset_id; /* 0: no such device */
	char *department, *site;
};

/*
 * The first (lowest id) hardware asset of the survey with the given key;
 * out->asset_id 0 when there is none or the key is NULL. out's strings are
 * the caller's (device_info_release). Assets appended but not yet written
 * are written first, so they are found.
 */
/* By host name, ASCII case ignored (as host names are). */
enum vs_err store_device_find(struct store *st, int64_t survey_id, const char *name,
			      struct device_info *out, struct vs_error *err);
/* By serial number, exactly but for ASCII case. The caller trims it (every
 * importer stores its cells trimmed). The first look-up for a survey, and
 * the first after hardware was added to it, reads all the survey's
 * hardware into a temporary table (see query_devices.c for why not an
 * index); the rest are one seek. */
enum vs_err store_device_find_serial(struct store *st, int64_t survey_id, const char *serial,
				     struct device_info *out, struct vs_error *err);
/* By MAC address in the canonical form identification stores
 * ("44:19:b6:00:00:02", kb_format_mac); the caller canonicalises. The same
 * temporary table as by serial. */
enum vs_err store_device_find_mac(struct store *st, int64_t survey_id, const char *mac,
				  struct device_info *out, struct vs_error *err);
/*
 * For a run that adds hardware to the survey and must find only what was
 * there before it (an import or capture fusing with other sources): fill
 * the serial/MAC table once now and keep it until store_device_keys_thaw
 * (or a rollback), whatever is added. *keys: how many keys it holds (0:
 * nothing to fuse with, skip the look-ups); *last_id: the survey's last
 * hardware asset id now, for store_device_find_host_before.
 */
enum vs_err store_device_keys_freeze(struct store *st, int64_t survey_id, int64_t *keys,
				     int64_t *last_id, struct vs_error *err);
void store_device_keys_thaw(struct store *st);
/* The hardware asset with this host name (ASCII case ignored) among those
 * with id <= last_id, when exactly one has it; *asset_id 0 otherwise (a
 * host name two devices share identifies neither). */
enum vs_err store_device_find_host_before(struct store *st, int64_t survey_id, const char *name,
					  int64_t last_id, int64_t *asset_id, struct vs_error *err);
void device_info_release(struct device_info *d);

#endif
