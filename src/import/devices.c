#include "import/devices.h"

#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

/*
 * The formats, in detection order: the most specific signature first (an
 * XML root element, a log's header) before line shapes that are looser.
 * Each parser lives in a file of its own (import/dev_<format>.c) and adds
 * its row here, in its group.
 */
static const struct device_format *const formats[] = {
	/* nmap XML */
	&dev_format_nmap,
	/* arp-scan, ip neigh, arp -an */
	&dev_format_arp_scan,
	&dev_format_ip_neigh,
	&dev_format_arp,
	/* DHCP leases: ISC dhcpd, dnsmasq, Kea, Windows DHCP Server */
	&dev_format_isc_dhcpd,
	&dev_format_dnsmasq,
	&dev_format_kea,
	&dev_format_windows_dhcp,
	/* Zeek logs */
	&dev_format_zeek,
	/* switch tables: snmpwalk of BRIDGE-/Q-BRIDGE-/LLDP-MIB, show mac address-table */
	&dev_format_snmpwalk,
	&dev_format_mac_table,
	NULL,
};

size_t device_format_count(void)
{
	return sizeof(formats) / sizeof(formats[0]) - 1;
}

const struct device_format *device_format_at(size_t i)
{
	return i < device_format_count() ? formats[i] : NULL;
}

const struct device_format *device_format_by_name(const char *name)
{
	for (size_t i = 0; name && i < device_format_count(); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const struct device_format *device_format_detect(const uint8_t *head, size_t n)
{
	for (size_t i = 0; i < device_format_count(); i++)
		if (formats[i]->detect(head, n))
			return formats[i];
	return NULL;
}

#define SLOTS (2 * VS_MAX_CAPTURE_DEVICES)

void device_list_release(struct device_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		sighting_release(&l->dev[i]);
	free(l->dev);
	free(l->by_mac);
	free(l->by_addr);
	memset(l, 0, sizeof(*l));
}

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* The slot holding the device whose key matches, or the empty one where it
 * would go. */
static uint32_t *slot_for(uint32_t *table, uint64_t h,
			  bool (*same)(const struct sighting *, const void *), const struct device_list *l,
			  const void *key)
{
	for (size_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1))
		if (!table[i] || same(&l->dev[table[i] - 1], key))
			return &table[i];
}

static bool same_mac(const struct sighting *s, const void *mac)
{
	return s->has_mac && memcmp(s->mac, mac, 6) == 0;
}

static bool same_addr(const struct sighting *s, const void *addr)
{
	return sighting_has_addr(s, addr);
}

static struct sighting *add(struct device_list *l, bool *oom)
{
	if (l->n >= VS_MAX_CAPTURE_DEVICES) {
		l->dropped++;
		return NULL;
	}
	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 64;
		struct sighting *p = realloc(l->dev, n * sizeof(*p));
		if (!p) {
			*oom = true;
			return NULL;
		}
		l->dev = p;
		l->alloc = n;
	}
	struct sighting *s = &l->dev[l->n++];
	sighting_init(s);
	return s;
}

static bool tables_ready(struct device_list *l, bool *oom)
{
	if (!l->by_mac)
		l->by_mac = calloc(SLOTS, sizeof(*l->by_mac));
	if (!l->by_addr)
		l->by_addr = calloc(SLOTS, sizeof(*l->by_addr));
	if (!l->by_mac || !l->by_addr)
		*oom = true;
	return !*oom;
}

struct sighting *device_list_by_mac(struct device_list *l, const uint8_t mac[6], bool *oom)
{
	if (!tables_ready(l, oom))
		return NULL;
	uint32_t *slot = slot_for(l->by_mac, hash_bytes(mac, 6), same_mac, l, mac);
	if (*slot)
		return &l->dev[*slot - 1];
	struct sighting *s = add(l, oom);
	if (s) {
		s->has_mac = true;
		memcpy(s->mac, mac, 6);
		*slot = (uint32_t)l->n;
	}
	return s;
}

/* By the address a device was first listed with (a device that used
 * several is found by its first: files list one address per line). */
struct sighting *device_list_by_addr(struct device_list *l, const char *addr, bool *oom)
{
	if (!tables_ready(l, oom))
		return NULL;
	uint32_t *slot = slot_for(l->by_addr, hash_bytes(addr, strlen(addr)), same_addr, l, addr);
	if (*slot)
		return &l->dev[*slot - 1];
	struct sighting *s = add(l, oom);
	if (s) {
		sighting_add_addr(s, addr);
		*slot = (uint32_t)l->n;
	}
	return s;
}

void device_list_bind_addr(struct device_list *l, struct sighting *s, const char *addr, bool *oom)
{
	if (sighting_has_addr(s, addr) || !tables_ready(l, oom))
		return;
	sighting_add_addr(s, addr);
	if (!sighting_has_addr(s, addr))
		return; /* past the device's address limit */
	uint32_t *slot = slot_for(l->by_addr, hash_bytes(addr, strlen(addr)), same_addr, l, addr);
	if (!*slot)
		*slot = (uint32_t)(s - l->dev) + 1;
}

struct sighting *device_list_detach(struct device_list *l, size_t *n)
{
	struct sighting *d = l->dev;
	*n = l->n;
	free(l->by_mac);
	free(l->by_addr);
	memset(l, 0, sizeof(*l));
	return d;
}
