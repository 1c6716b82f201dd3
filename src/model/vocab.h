/*
 * The one table of observation methods (where a fact came from) and fields
 * (what it says). Every source writes these names, identify/ reads them,
 * the store keeps them and reports print them: a name lives here once,
 * with what it means, and code refers to it by its enum. A name outside
 * the table is a bug (test_vocab checks what the capture fixtures give).
 */
#ifndef VS_MODEL_VOCAB_H
#define VS_MODEL_VOCAB_H

#include <stdbool.h>

/* X(ENUM, "name", "meaning") */
#define VS_METHODS(X)                                                                          \
	X(CSV, "csv", "a register's statement: an inventory row's field")                        \
	X(LINK, "link", "a fused device's link-layer and IP addresses, as its capture saw them") \
	X(IDENTITY, "identity", "why two sightings or sources are one device")                   \
	X(CAPTURE, "capture", "what a capture could not keep (limits)")                          \
	X(EVIDENCE, "evidence", "what the evidence list could not keep (limits)")                \
	X(SADP, "sadp", "Hikvision SADP discovery (UDP 37020, ethertype 0x8033)")                \
	X(DHIP, "dhip", "Dahua DHIP discovery (UDP 37810 / 5050)")                               \
	X(XM, "xm", "Xiongmai 1530/1531 search (UDP 34569)")                                     \
	X(WSD, "wsd", "WS-Discovery (ONVIF) Hello / ProbeMatch")                                 \
	X(SSDP, "ssdp", "SSDP NOTIFY / M-SEARCH reply (UPnP)")                                   \
	X(UPNP, "upnp", "a UPnP device description fetched from an SSDP LOCATION")               \
	X(MDNS, "mdns", "multicast DNS announcements")                                           \
	X(DHCP, "dhcp", "DHCP requests (host name, vendor class, client id), seen or in a server's leases") \
	X(HTTP, "http", "HTTP headers and page title")                                           \
	X(RTSP, "rtsp", "RTSP headers")                                                          \
	X(SIP, "sip", "SIP headers")                                                             \
	X(SSH, "ssh", "SSH version exchange banner (RFC 4253 4.2), as a log recorded it")       \
	X(TLS, "tls", "TLS server name and certificate")                                         \
	X(LLDP, "lldp", "LLDP (IEEE 802.1AB)")                                                   \
	X(CDP, "cdp", "Cisco Discovery Protocol")                                                \
	X(SNMP, "snmp", "SNMP system group (sysDescr, sysObjectID)")                             \
	X(SWITCH, "switch", "a switch's forwarding table: the port it learnt the MAC on (a site hint)") \
	X(KB, "kb", "a fact of the knowledge base applied")                                      \
	X(OUI, "oui", "the IEEE registry block of a MAC address")                                \
	X(POLICY, "policy", "a definition of the policy applied")                                \
	X(RECOG, "recog", "a Recog fingerprint matched")                                         \
	X(EXPOSURE, "exposure", "traffic to, or a look-up of, a country or vendor cloud")        \
	X(STORE, "store", "what the register already held (a program's machine)")              \
	X(NMAP, "nmap", "what nmap's XML says of a host in nmap's own words: addresses, host " \
			"names, its MAC vendor, service, CPE and OS guesses (never decide)")       \
	X(NEIGH, "neigh", "a neighbour list named the device: arp-scan, ip neigh, arp -an")

#define VS_FIELDS(X)                                                                    \
	X(TYPE, "type", "asset type as stated")                                          \
	X(MAKER, "maker", "maker as stated")                                             \
	X(BRAND, "brand", "brand on the box as stated")                                  \
	X(MODEL, "model", "model number")                                                \
	X(SERIAL, "serial", "serial number")                                             \
	X(FIRMWARE, "firmware", "firmware version")                                      \
	X(MAC, "mac", "link-layer address")                                              \
	X(ADDRESS, "address", "an IP address the device used")                           \
	X(HOSTNAME, "hostname", "host name")                                             \
	X(OEM, "oem", "SADP OEMInfo: the brand a Hikvision-made unit is sold under")     \
	X(VENDOR, "vendor", "DHIP Vendor: the brand a Dahua-made unit is sold under")    \
	X(MANUFACTURER, "manufacturer", "a manufacturer the device names")               \
	X(DEVICE_TYPE, "device_type", "the device's own type code or word")              \
	X(DEVICE_CLASS, "device_class", "DHIP DeviceClass (IPC, NVR …)")                 \
	X(NAME, "name", "a name the device announces (WS-Discovery Scope name)")         \
	X(TYPES, "types", "WS-Discovery Types")                                          \
	X(SERVER, "server", "Server header, or a server's version banner (SSH)")     \
	X(REALM, "realm", "WWW-Authenticate realm")                                      \
	X(TITLE, "title", "HTML title")                                                  \
	X(USER_AGENT, "user_agent", "User-Agent header")                                 \
	X(SYS_DESCR, "sys_descr", "sysDescr / LLDP system description")                 \
	X(SYS_NAME, "sys_name", "LLDP system name")                                      \
	X(SYS_OBJECT_ID, "sys_object_id", "SNMP sysObjectID")                            \
	X(PLATFORM, "platform", "CDP platform")                                          \
	X(VENDOR_CLASS, "vendor_class", "DHCP option 60")                                \
	X(CLIENT_ID, "client_id", "DHCP option 61 client identifier (hex octets)")       \
	X(SWITCH, "switch", "the switch that learnt the MAC or heard the LLDP neighbour") \
	X(PORT, "port", "the switch port the MAC was learnt on or the neighbour is on") \
	X(VLAN, "vlan", "the VLAN the switch learnt the MAC in")                         \
	X(CHASSIS_ID, "chassis_id", "LLDP chassis ID (a MAC or a name)")                 \
	X(INSTANCE, "instance", "mDNS service instance name")                            \
	X(SUBJECT, "subject", "certificate subject")                                     \
	X(ISSUER, "issuer", "certificate issuer")                                        \
	X(MODEL_NUMBER, "model_number", "UPnP modelNumber")                              \
	X(COUNTRY, "country", "a country the device announces (WS-Discovery Scope)")     \
	X(HARDWARE, "hardware", "WS-Discovery Scope hardware")                           \
	X(DSP_VERSION, "dsp_version", "SADP DSP firmware version")                       \
	X(LAYER2, "layer2", "SADP answered at layer 2 (ethertype 0x8033)")               \
	X(DEVICE_ID, "device_id", "CDP Device ID")                                       \
	X(SOFTWARE_VERSION, "software_version", "CDP software version")                  \
	X(SNI, "sni", "TLS server name the device asked for")                            \
	X(LIMIT, "limit", "a limit reached: what was not kept")                          \
	X(PRODUCT, "product", "a program's name as stated")                              \
	X(PUBLISHER, "publisher", "a program's publisher as stated")                     \
	X(ALIAS, "alias", "a name matched to a knowledge-base alias")                    \
	X(SCOPE, "scope", "which company a name means for this product")                 \
	X(PROTOCOL, "protocol", "a vendor's own discovery protocol answered")            \
	X(FINGERPRINT, "fingerprint", "a built-in banner fingerprint matched")           \
	X(CONFLICT, "conflict", "evidence that points elsewhere and does not decide")    \
	X(DATE, "date", "the date ownership is judged at")                               \
	X(UNKNOWN, "unknown", "why the maker is not known")                              \
	X(OWNER, "owner", "who controls the maker at the date")                          \
	X(ORIGIN, "origin", "the policy's verdict on the maker's country")               \
	X(CRITICAL, "critical", "the policy's critical-installation rule")               \
	X(SAME_DEVICE, "same_device", "this source is the asset, by which key")          \
	X(SAME_SERIAL_MAC, "same_serial_mac", "another interface with the same serial")  \
	X(MAC_VENDOR, "mac_vendor", "a tool's own guess of the maker from the MAC's block " \
				    "(nmap, arp-scan): weak, never decides; the IEEE registry does") \
	X(SERVICE, "service", "an open port and the service a scanner matched on it: " \
			      "port/proto name, product, version (extra info)")         \
	X(CPE, "cpe", "a CPE name a scanner's service or OS match gave")                \
	X(OS, "os", "a scanner's best OS match (name, accuracy)")

#define VS_VOCAB_ENUM(id, name, what) VM_##id,
enum vs_method { VS_METHODS(VS_VOCAB_ENUM) VM_COUNT };
#undef VS_VOCAB_ENUM
#define VS_VOCAB_ENUM(id, name, what) VF_##id,
enum vs_field { VS_FIELDS(VS_VOCAB_ENUM) VF_COUNT };
#undef VS_VOCAB_ENUM

struct vocab_entry {
	const char *name, *what;
};
extern const struct vocab_entry vocab_methods[VM_COUNT];
extern const struct vocab_entry vocab_fields[VF_COUNT];

static inline const char *vocab_method(enum vs_method m)
{
	return vocab_methods[m].name;
}

static inline const char *vocab_field(enum vs_field f)
{
	return vocab_fields[f].name;
}

/* The enum of a name as stored; -1 when the table has none. */
int vocab_method_find(const char *name);
int vocab_field_find(const char *name);

#endif
