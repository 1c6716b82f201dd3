/*
 * The presets' table (presets.h says what a preset is). Each row names the
 * documentation its columns follow; where the column names could not be
 * checked against the vendor's own text the fixture's README says so.
 */
#include "import/presets.h"

#include <stdbool.h>
#include <string.h>

#include "model/model.h"
#include "util/strbuf.h"
#include "util/text.h"

#define S PRESET_SKIP

static const struct import_preset presets[] = {
	{
		.name = "intune",
		.what = "Microsoft Intune device export",
		.source = "learn.microsoft.com/mem/intune (Devices > All devices > Export); "
			  "managedDevice properties in the Graph API reference",
		.signature = {"Device name", "Managed by", "Ownership", "Compliance", "Primary user UPN"},
		.col = {{"Device name", RF_HOSTNAME}, {"Manufacturer", RF_MAKER}, {"Model", RF_MODEL},
			{"Serial number", RF_SERIAL},
			/* A laptop is heard on Wi-Fi first; a desktop has only Ethernet. */
			{"Wi-Fi MAC", RF_MAC}, {"Ethernet MAC", RF_MAC}, {"EthernetMAC", RF_MAC},
			{"WiFiIPv4Address", RF_IP},
			/* The user's own category, not a device type. */
			{"Category", S}, {"OS", S}, {"OS version", S}, {"Enrollment date", S}},
	},
	{
		.name = "sccm",
		.what = "Microsoft Configuration Manager (SCCM) hardware inventory",
		.source = "learn.microsoft.com/mem/configmgr hardware inventory views "
			  "(v_R_System, v_GS_COMPUTER_SYSTEM, v_GS_SYSTEM_ENCLOSURE, "
			  "v_GS_NETWORK_ADAPTER_CONFIGURATION): the views' column names",
		.signature = {"Name0", "Manufacturer0", "Model0"},
		.col = {{"Name0", RF_HOSTNAME}, {"Netbios_Name0", RF_HOSTNAME}, {"Manufacturer0", RF_MAKER},
			{"Model0", RF_MODEL}, {"SerialNumber0", RF_SERIAL}, {"MACAddress0", RF_MAC},
			{"IPAddress0", RF_IP}, {"AD_Site_Name0", RF_SITE}},
	},
	{
		.name = "lansweeper",
		.what = "Lansweeper asset export",
		.source = "Lansweeper tblAssets / tblAssetCustom columns, as its asset reports export them",
		.signature = {"AssetName", "AssetType", "IPAddress", "Mac"},
		.col = {{"AssetName", RF_HOSTNAME}, {"AssetType", RF_TYPE}, {"IPAddress", RF_IP},
			{"Mac", RF_MAC}, {"Manufacturer", RF_MAKER}, {"Model", RF_MODEL},
			{"Serialnumber", RF_SERIAL}, {"Location", RF_SITE}, {"Building", RF_SITE},
			{"Department", RF_DEPARTMENT}, {"PurchaseDate", RF_ACQUIRED},
			{"Description", RF_NOTE}},
	},
	{
		.name = "glpi",
		.what = "GLPI computer list export",
		.source = "GLPI Assets > Computers search result exported as CSV (glpi-project.org "
			  "documentation, default columns)",
		.signature = {"Name", "Entity", "Manufacturer", "Serial number", "Inventory number"},
		.col = {{"Name", RF_HOSTNAME}, {"Manufacturer", RF_MAKER}, {"Model", RF_MODEL},
			{"Type", RF_TYPE}, {"Serial number", RF_SERIAL}, {"Location", RF_SITE},
			/* An entity is the organisation unit that owns the asset. */
			{"Entity", RF_DEPARTMENT}, {"Comments", RF_NOTE}},
	},
	{
		.name = "topdesk",
		.what = "TOPdesk asset export",
		.source = "TOPdesk asset management (Configuration / Hardware objects) export; "
			  "docs.topdesk.com field names",
		.signature = {"Object ID", "Branch", "Budget holder"},
		/* TOPdesk's "Type" is the model ("Latitude 5420"), its "Kind" the
		 * kind of object: the reverse of the built-in words. */
		.col = {{"Host name", RF_HOSTNAME}, {"Object ID", RF_HOSTNAME}, {"Kind", RF_TYPE},
			{"Make", RF_MAKER}, {"Brand", RF_MAKER}, {"Type", RF_MODEL},
			{"Serial number", RF_SERIAL}, {"IP address", RF_IP}, {"MAC address", RF_MAC},
			{"Branch", RF_SITE}, {"Location", RF_SITE}, {"Budget holder", RF_DEPARTMENT},
			{"Purchase date", RF_ACQUIRED}, {"Specification", RF_NOTE}},
	},
	{
		.name = "netbox",
		.what = "NetBox devices CSV",
		.source = "docs.netbox.dev (DCIM > Devices, bulk import/export CSV fields)",
		.signature = {"name", "device_type", "manufacturer", "site"},
		.col = {{"name", RF_HOSTNAME}, {"role", RF_TYPE}, {"device_role", RF_TYPE},
			{"manufacturer", RF_MAKER}, {"device_type", RF_MODEL}, {"serial", RF_SERIAL},
			{"site", RF_SITE}, {"tenant", RF_DEPARTMENT}, {"primary_ip4", RF_IP},
			{"comments", RF_NOTE}},
	},
	{
		.name = "xprotect-report",
		.what = "Milestone XProtect camera report (MilestonePSTools Get-VmsCameraReport)",
		.source = "MilestonePSTools Get-VmsCameraReport and about_Get-VmsCameraReport "
			  "(powershellgallery.com/packages/MilestonePSTools)",
		.signature = {"HardwareName", "Model", "MAC", "Driver"},
		/* The driver family is the driver's brand: an LTS camera on the
		 * Hikvision driver says Hikvision, which is its maker. */
		.col = {{"Name", RF_NOTE}, {"Model", RF_MODEL}, {"MAC", RF_MAC}, {"Serial", RF_SERIAL},
			{"Firmware", RF_FIRMWARE}, {"DriverFamily", RF_BRAND}},
		.type = "surveillance_camera",
	},
	{
		.name = "xprotect",
		.what = "Milestone XProtect hardware list (Management Client CSV)",
		.source = "doc.milestonesys.com: Add hardware, Import from CSV file (CSV file format "
			  "and requirements)",
		.signature = {"HardwareAddress", "HardwareDriverID"},
		/* The hardware password is a credential: never stored. The hardware
		 * name is the model and address unless someone renamed it. */
		.col = {{"HardwareAddress", RF_IP}, {"HardwareName", RF_MODEL}, {"MACAddress", RF_MAC},
			{"MAC address", RF_MAC}, {"SerialNumber", RF_SERIAL}, {"Model", RF_MODEL},
			{"HardwareUsername", S}, {"HardwarePassword", S}},
		.type = "surveillance_camera",
	},
};

#undef S

size_t import_preset_count(void)
{
	return sizeof(presets) / sizeof(presets[0]);
}

const struct import_preset *import_preset_at(size_t i)
{
	return i < import_preset_count() ? &presets[i] : NULL;
}

/* Does name (as written in the table) fold to folded? */
static bool folds_to(struct strbuf *sb, const char *name, const char *folded)
{
	strbuf_reset(sb);
	name_fold(sb, name);
	return !sb->failed && strcmp(strbuf_str(sb), folded) == 0;
}

const struct import_preset *import_preset_find(const char *const *folded, size_t n)
{
	const struct import_preset *best = NULL;
	size_t best_len = 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t p = 0; p < import_preset_count(); p++) {
		size_t k = 0;
		bool all = true;
		for (; k < PRESET_MAX_SIGNATURE && presets[p].signature[k] && all; k++) {
			bool found = false;
			for (size_t i = 0; i < n && !found; i++)
				found = folded[i] && folds_to(&sb, presets[p].signature[k], folded[i]);
			all = found;
		}
		if (all && k > best_len)
			best = &presets[p], best_len = k;
	}
	strbuf_release(&sb);
	return best;
}

int import_preset_field(const struct import_preset *p, const char *folded, int *rank)
{
	struct strbuf sb = STRBUF_INIT;
	int field = -1;
	int seen[RF_COUNT_OF_FIELDS] = {0};
	for (size_t k = 0; k < PRESET_MAX_COLS && p->col[k].column && field == -1; k++) {
		int f = p->col[k].field;
		if (folds_to(&sb, p->col[k].column, folded)) {
			field = f;
			*rank = f >= 0 ? seen[f] : 0;
		}
		if (f >= 0)
			seen[f]++;
	}
	strbuf_release(&sb);
	return field;
}
