/*
 * Installed-software import (src/import/software.h): every format on
 * realistic fixtures (tests/fixtures/software/), the fields and line of each
 * record, auto-detection, and each refusal with its exact message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "import/software.h"
#include "import/software_int.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define FIXTURE(name) VS_TEST_SRCDIR "/tests/fixtures/software/" name

struct sink {
	struct strbuf out;
	int n;
	int stop_after; /* the callback refuses record n+1 when > 0 */
};

/* One line per record: "LINE METHOD field=value …", every non-NULL field
 * by its canonical name, count when not the default 1. */
static enum vs_err collect(const struct record *r, void *ctx, struct vs_error *err)
{
	struct sink *s = ctx;
	if (s->stop_after > 0 && s->n == s->stop_after)
		return vs_fail(err, VS_EDB, "refused by the callback");
	s->n++;
	assert_int_equal(r->kind, ASSET_SOFTWARE);
	assert_non_null(r->source_path);
	strbuf_addf(&s->out, "%ld %s", r->line, r->source_method);
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (r->field[f])
			strbuf_addf(&s->out, " %s=%s", rec_field_name((enum rec_field)f), r->field[f]);
	if (r->count.value != 1)
		strbuf_addf(&s->out, " count=%lld", (long long)r->count.value);
	strbuf_addch(&s->out, '\n');
	return VS_OK;
}

struct result {
	enum vs_err e;
	char msg[1024];
	char *dump;
	int n;
};

static struct result run_mem(const char *text, size_t len, enum software_format fmt, const char *map)
{
	struct sink s = {STRBUF_INIT, 0, 0};
	struct vs_error err = {VS_OK, ""};
	struct import_opts o = {.map = map, .kind = ASSET_HARDWARE};
	struct result r;
	r.e = import_software_mem("t", (const uint8_t *)text, len, fmt, &o, collect, &s, &err);
	assert_int_equal(r.e, err.code);
	memcpy(r.msg, err.msg, sizeof(r.msg));
	assert_false(s.out.failed);
	r.dump = strbuf_detach(&s.out);
	r.n = s.n;
	return r;
}

static struct result run(const char *text, enum software_format fmt)
{
	return run_mem(text, strlen(text), fmt, NULL);
}

static struct result run_file(const char *path, enum software_format fmt)
{
	struct sink s = {STRBUF_INIT, 0, 0};
	struct vs_error err = {VS_OK, ""};
	struct result r;
	r.e = import_software_file(path, fmt, NULL, collect, &s, &err);
	memcpy(r.msg, err.msg, sizeof(r.msg));
	if (r.e != VS_OK)
		fail_msg("%s: %s", path, err.msg);
	r.dump = strbuf_detach(&s.out);
	r.n = s.n;
	return r;
}

static void expect_dump(const char *text, enum software_format fmt, const char *want)
{
	struct result r = run(text, fmt);
	if (r.e != VS_OK)
		fail_msg("unexpected error %d: %s", (int)r.e, r.msg);
	if (strcmp(r.dump, want) != 0)
		fail_msg("got\n%s\nwant\n%s", r.dump, want);
	free(r.dump);
}

static void expect_error(const char *text, enum software_format fmt, enum vs_err code, const char *msg)
{
	struct result r = run(text, fmt);
	if (r.e != code || strcmp(r.msg, msg) != 0)
		fail_msg("got %d \"%s\"\nwant %d \"%s\"", (int)r.e, r.msg, (int)code, msg);
	free(r.dump);
}

static void expect_file(const char *path, enum software_format fmt, const char *want)
{
	struct result r = run_file(path, fmt);
	if (strcmp(r.dump, want) != 0)
		fail_msg("%s: got\n%s\nwant\n%s", path, r.dump, want);
	free(r.dump);
}

static void format_names(void **state)
{
	(void)state;
	static const char *const names[] = {"auto", "csv", "winget", "dpkg", "rpm", "cyclonedx", "spdx"};
	for (int i = 0; i < 7; i++) {
		enum software_format f = SW_FORMAT_SPDX;
		assert_true(software_format_parse(names[i], &f));
		assert_int_equal(f, i);
		assert_string_equal(software_format_name(f), names[i]);
	}
	enum software_format f = SW_FORMAT_RPM;
	assert_true(software_format_parse("CycloneDX", &f));
	assert_int_equal(f, SW_FORMAT_CYCLONEDX);
	assert_false(software_format_parse("sbom", &f));
	assert_false(software_format_parse("", &f));
	assert_false(software_format_parse(NULL, &f));
	assert_int_equal(f, SW_FORMAT_CYCLONEDX);
	assert_string_equal(software_format_name((enum software_format)99), "unknown");
}

/* Intune's Graph export (AppInvRawData): the user, OS and key columns are
 * dropped, DeviceName is the device, the row without a name is skipped. */
static const char intune_want[] =
	"2 csv product=Lenovo Vantage publisher=LENOVO INC. version=10.2401.29.0 device=KK-OEKF-PC0142\n"
	"3 csv product=WPS Office publisher=Zhuhai Kingsoft Office Software Co.,Ltd version=12.2.0.16909 "
	"device=KK-OEKF-PC0142\n"
	"4 csv product=WeChat publisher=腾讯科技(深圳)有限公司 version=3.9.12.17 device=KK-SOF-LT0317\n"
	"5 csv product=TikTok publisher=TikTok Pte. Ltd. version=1.0.8.0 device=KK-SOF-LT0317\n"
	"6 csv product=CapCut publisher=Bytedance Pte. Ltd. version=4.9.0.1789 device=KK-BUF-PC0588\n"
	"7 csv product=iVMS-4200 publisher=Hangzhou Hikvision Digital Technology Co., Ltd. version=3.10.1.5 "
	"device=KK-TMF-VMS01\n"
	"8 csv product=SmartPSS publisher=Zhejiang Dahua Technology Co., Ltd. version=2.003.0000015.0 "
	"device=KK-TMF-VMS01\n"
	"9 csv product=360 Total Security publisher=360安全中心 version=11.0.0.1052 device=KK-SOF-PC0901\n"
	"10 csv product=Foxit PDF Reader publisher=Foxit Software Inc. version=2024.2.3.25184 "
	"device=KK-SOF-PC0901\n"
	"11 csv product=Zoom Workplace publisher=Zoom Video Communications, Inc. version=6.0.11 (39959) "
	"device=KK-OEKF-PC0142\n"
	"12 csv product=Microsoft Teams publisher=Microsoft Corporation version=24124.2311.2775.2895 "
	"device=KK-BUF-PC0588\n"
	"13 csv product=Google Chrome publisher=Google LLC version=125.0.6422.142 device=KK-SOF-LT0317\n"
	"14 csv product=Opera Stable publisher=Opera Norway AS version=110.0.5130.66 device=KK-BUF-PC0588\n"
	"16 csv product=Microsoft Edge publisher=Microsoft Corporation version=125.0.2535.85 "
	"device=KK-TMF-VMS01\n";

static void csv_intune_export(void **state)
{
	(void)state;
	expect_file(FIXTURE("intune-apps.csv"), SW_FORMAT_CSV, intune_want);
	/* Detected as csv, and streamed from the file either way. */
	expect_file(FIXTURE("intune-apps.csv"), SW_FORMAT_AUTO, intune_want);
	/* Nothing personal is carried over. */
	assert_null(strstr(intune_want, "kk.example"));
}

static void csv_danish_headers(void **state)
{
	(void)state;
	expect_file(FIXTURE("programs-da.csv"), SW_FORMAT_AUTO,
		    "2 csv serial=PF3K9ZQ1 department=ØKF product=Lenovo Vantage publisher=LENOVO INC. "
		    "version=10.2401.29.0 device=KK-ØKF-PC0142\n"
		    "3 csv serial=PF3K9ZQ1 department=ØKF product=WPS Office "
		    "publisher=Zhuhai Kingsoft Office Software Co.,Ltd version=12.2.0.16909 device=KK-ØKF-PC0142\n"
		    "4 csv serial=R90V2K7M department=SOF product=WeChat publisher=腾讯科技(深圳)有限公司 "
		    "version=3.9.12.17 device=KK-SOF-LT0317\n"
		    "6 csv serial=R90V2K7M department=SOF product=Hikvision iVMS-4200 "
		    "publisher=Hangzhou Hikvision Digital Technology Co., Ltd. version=3.10.1.5 device=KK-SOF-LT0317\n"
		    "7 csv department=BUF product=Opera Stable publisher=Opera Norway AS device=KK-BUF-PC0588\n");
}

static void csv_software_decisions(void **state)
{
	(void)state;
	/* Intune's aggregate export: a device count per app. */
	expect_dump("Application,Version,Publisher,Device count,Platform\n"
		    "WeChat,3.9.12.17,Tencent,212,Windows\n"
		    "\"Hikvision iVMS-4200\",3.10.1.5,Hikvision,ca. 40,Windows\n",
		    SW_FORMAT_CSV,
		    "2 csv product=WeChat publisher=Tencent version=3.9.12.17 count=212\n"
		    "3 csv product=Hikvision iVMS-4200 publisher=Hikvision version=3.10.1.5 count=40\n");
	/* Graph's detectedApps, as Export-Csv writes it. */
	expect_dump("\"id\",\"displayName\",\"version\",\"sizeInByte\",\"deviceCount\",\"publisher\",\"platform\"\r\n"
		    "\"0a1b2c\",\"CapCut\",\"4.9.0.1789\",\"734003200\",\"17\",\"Bytedance Pte. Ltd.\",\"windows\"\r\n",
		    SW_FORMAT_AUTO, "2 csv product=CapCut publisher=Bytedance Pte. Ltd. version=4.9.0.1789 count=17\n");
}

static void csv_maker_and_map(void **state)
{
	(void)state;
	/* Win32_Product calls the publisher Vendor: without a publisher column
	 * the maker is the publisher ... */
	expect_dump("Computer;Product name;Vendor;Version\nPC1;WPS Office;Kingsoft;12\n", SW_FORMAT_CSV,
		    "2 csv product=WPS Office publisher=Kingsoft version=12 device=PC1\n");
	/* The generic import calls "Computer name" a hostname; here it is the device. */
	expect_dump("Computer name,Application name,Hostname\nPC7,Zoom,pc7.kk.example\n", SW_FORMAT_CSV,
		    "2 csv hostname=pc7.kk.example product=Zoom device=PC7\n");
	/* ... but next to a publisher it stays the (hardware) maker. */
	expect_dump("AssetName;Manufacturer;softwareName;SoftwarePublisher\nPC1;LENOVO;WeChat;Tencent\n",
		    SW_FORMAT_CSV, "2 csv maker=LENOVO product=WeChat publisher=Tencent device=PC1\n");
	/* A user's --map wins over the software words. */
	static const char both[] = "Device name;App;Hostname\nPC1;Zoom;pc1.kk.example\n";
	struct result r = run_mem(both, strlen(both), SW_FORMAT_CSV, "Device name=note");
	assert_int_equal(r.e, VS_OK);
	assert_string_equal(r.dump, "2 csv hostname=pc1.kk.example note=PC1 product=Zoom\n");
	free(r.dump);
	/* Without a map, the same file: device and hostname side by side. */
	expect_dump("Device name;App;Hostname\nPC1;Zoom;pc1.kk.example\n", SW_FORMAT_CSV,
		    "2 csv hostname=pc1.kk.example product=Zoom device=PC1\n");
}

/* The machine's serial number and MAC, by which ingest attaches a program
 * to its hardware asset before trying the host name. */
static void csv_serial_and_mac(void **state)
{
	(void)state;
	/* Intune's device export: Wi-Fi MAC is the MAC, Ethernet MAC is skipped
	 * (one field, two columns). */
	expect_dump("Device name,Serial number,Wi-Fi MAC,Ethernet MAC,Application name\n"
		    "PC1,PF3K9ZQ1,3C:A9:F4:12:34:56,8C:16:45:01:02:03,WPS Office\n",
		    SW_FORMAT_CSV, "2 csv serial=PF3K9ZQ1 mac=3C:A9:F4:12:34:56 product=WPS Office device=PC1\n");
	/* Graph's managedDevice properties and SCCM's, as scripts export them. */
	expect_dump("DeviceName,SerialNumber,WiFiMacAddress,EthernetMacAddress,DisplayName\n"
		    "PC1,PF3K9ZQ1,3ca9f4123456,,Zoom\n",
		    SW_FORMAT_CSV, "2 csv serial=PF3K9ZQ1 mac=3ca9f4123456 product=Zoom device=PC1\n");
	expect_dump("Netbios_Name0,SerialNumber0,MACAddress0,DisplayName0\nPC1,R90V2K7M,3C-A9-F4-12-34-56,Zoom\n",
		    SW_FORMAT_CSV, "2 csv serial=R90V2K7M mac=3C-A9-F4-12-34-56 product=Zoom device=PC1\n");
	expect_dump("Device serial,MACAddress,App\nR90V2K7M,3c:a9:f4:12:34:56,Zoom\n", SW_FORMAT_CSV,
		    "2 csv serial=R90V2K7M mac=3c:a9:f4:12:34:56 product=Zoom\n");
	expect_dump("Device serial number,Device MAC,App\nA1,3c:a9:f4:12:34:56,Zoom\n", SW_FORMAT_CSV,
		    "2 csv serial=A1 mac=3c:a9:f4:12:34:56 product=Zoom\n");
	/* Danish spreadsheets. */
	expect_dump("Enhedsnavn;Serienummer;MAC-adresse;Programnavn\nPC1;PF3K9ZQ1;3c:a9:f4:12:34:56;Zoom\n",
		    SW_FORMAT_CSV, "2 csv serial=PF3K9ZQ1 mac=3c:a9:f4:12:34:56 product=Zoom device=PC1\n");
	expect_dump("Computernavn;Enhedens serienummer;Trådløs MAC;Programnavn\nPC1;PF3K9ZQ1;3c:a9:f4:12:34:56;Zoom\n",
		    SW_FORMAT_CSV, "2 csv serial=PF3K9ZQ1 mac=3c:a9:f4:12:34:56 product=Zoom device=PC1\n");
	/* A desktop fleet: the user takes the Ethernet MAC instead. */
	static const char wired[] = "Device name,Wi-Fi MAC,Ethernet MAC,App\nPC1,,8C:16:45:01:02:03,Zoom\n";
	struct result r = run_mem(wired, strlen(wired), SW_FORMAT_CSV, "Ethernet MAC=mac,Wi-Fi MAC=-");
	assert_int_equal(r.e, VS_OK);
	assert_string_equal(r.dump, "2 csv mac=8C:16:45:01:02:03 product=Zoom device=PC1\n");
	free(r.dump);
	/* Two serial columns are refused as any two columns of one field are. */
	expect_error("App,Serial number,SerialNumber\nZoom,A,B\n", SW_FORMAT_CSV, VS_EBADVAL,
		     "t:1: columns \"Serial number\" (column 2) and \"SerialNumber\" (column 3) are both "
		     "serial; skip one with --map 'Column=-'");
}

static void csv_refusals(void **state)
{
	(void)state;
	expect_error("Computer;Publisher;Version\nPC1;Tencent;3.9\nPC2;Tencent;3.9\n", SW_FORMAT_CSV, VS_EBADVAL,
		     "t:2: no row names a program: no column is the product (name it with --map "
		     "'Column=product')");
	struct result r = run("Computer;Program;Licens\nPC1;WeChat;x\n", SW_FORMAT_CSV);
	assert_int_equal(r.e, VS_EBADVAL);
	assert_non_null(strstr(r.msg, "t:1: unknown column \"Licens\" (column 3)"));
	free(r.dump);
	expect_error("Program;Device count\nWeChat;many\n", SW_FORMAT_CSV, VS_EBADVAL,
		     "t:2: bad count \"many\" in column \"Device count\": not a count (expected e.g. 300, "
		     "3.246, ~277, ca. 650, 200-300 or 150+)");
}

/* winget export: Publisher.Package split, store ids, ordinals as lines. */
static void winget_export(void **state)
{
	(void)state;
	static const char want[] =
		"1 winget product=WeChat publisher=Tencent version=3.9.12.17\n"
		"2 winget product=CapCut publisher=ByteDance version=4.9.0.1789\n"
		"3 winget product=WPSOffice publisher=Kingsoft version=12.2.0.16909\n"
		"4 winget product=Zoom publisher=Zoom\n"
		"5 winget product=VisualStudioCode publisher=Microsoft version=1.89.1\n"
		"6 winget product=Chrome publisher=Google version=125.0.6422.142\n"
		"7 winget product=9NH2GPH4JZS4\n"
		"8 winget product=9WZDNCRFJ4MV\n";
	expect_file(FIXTURE("winget-export.json"), SW_FORMAT_WINGET, want);
	expect_file(FIXTURE("winget-export.json"), SW_FORMAT_AUTO, want);
	/* Only the first '.' splits; a BOM (PowerShell) is accepted. */
	expect_dump("\xEF\xBB\xBF{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\"Microsoft.VisualStudio.2022."
		    "Community\"}]}]}",
		    SW_FORMAT_AUTO, "1 winget product=VisualStudio.2022.Community publisher=Microsoft\n");
	/* Nothing listed would make an empty survey: refused (issue 15). */
	expect_error("{\"$schema\":\"https://aka.ms/winget-packages.schema.2.0.json\",\"Sources\":[]}",
		     SW_FORMAT_AUTO, VS_EBADVAL, "t: no programs listed; nothing was imported");
}

static void winget_refusals(void **state)
{
	(void)state;
	expect_error("{\"WinGetVersion\":\"1.7\"}", SW_FORMAT_WINGET, VS_EBADVAL, "t: $.Sources: missing");
	expect_error("{\"Sources\":{}}", SW_FORMAT_WINGET, VS_EBADVAL, "t: $.Sources: not an array");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\"A.B\"}]},{}]}", SW_FORMAT_WINGET,
		     VS_EBADVAL, "t: $.Sources[1].Packages: missing");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\"A.B\"},7]}]}", SW_FORMAT_WINGET,
		     VS_EBADVAL, "t: $.Sources[0].Packages[1]: not an object");
	expect_error("{\"Sources\":[{\"Packages\":[{\"Version\":\"1\"}]}]}", SW_FORMAT_WINGET, VS_EBADVAL,
		     "t: $.Sources[0].Packages[0].PackageIdentifier: missing");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\" \"}]}]}", SW_FORMAT_WINGET,
		     VS_EBADVAL, "t: $.Sources[0].Packages[0].PackageIdentifier: empty");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\".WeChat\"}]}]}", SW_FORMAT_WINGET,
		     VS_EBADVAL, "t: $.Sources[0].Packages[0].PackageIdentifier: \".WeChat\" is not Publisher.Package");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\"Tencent.\"}]}]}", SW_FORMAT_WINGET,
		     VS_EBADVAL, "t: $.Sources[0].Packages[0].PackageIdentifier: \"Tencent.\" is not Publisher.Package");
	expect_error("{\"Sources\":[{\"Packages\":[{\"PackageIdentifier\":\"A.B\",\"Version\":3}]}]}",
		     SW_FORMAT_WINGET, VS_EBADVAL, "t: $.Sources[0].Packages[0].Version: not a string");
	expect_error("{\"bomFormat\":\"CycloneDX\"}", SW_FORMAT_WINGET, VS_EBADVAL, "t: $.Sources: missing");
}

static void dpkg_lists(void **state)
{
	(void)state;
	static const char with_maintainer[] =
		"1 dpkg product=base-files publisher=Santiago Vila version=12.4+deb12u6\n"
		"2 dpkg product=libc6:amd64 publisher=GNU Libc Maintainers version=2.36-9+deb12u7\n"
		"3 dpkg product=ca-certificates publisher=Julien Cristau version=20230311\n"
		"4 dpkg product=firefox-esr publisher=Mozilla Maintainers version=115.12.0esr-1~deb12u1\n"
		"5 dpkg product=google-chrome-stable publisher=Chrome Linux Team version=125.0.6422.141-1\n"
		"6 dpkg product=wps-office publisher=Kingsoft Office Corporation version=11.1.0.11723.XA\n"
		"7 dpkg product=zoom publisher=Zoom Video Communications, Inc. version=6.0.2.4680\n"
		"8 dpkg product=libreoffice-core\n"
		"9 dpkg product=odd-pkg publisher=maint@example.org version=1.0\n";
	expect_file(FIXTURE("dpkg-maintainer.txt"), SW_FORMAT_DPKG, with_maintainer);
	expect_file(FIXTURE("dpkg-maintainer.txt"), SW_FORMAT_AUTO, with_maintainer);
	static const char plain[] = "1 dpkg product=adduser version=3.134\n"
				    "2 dpkg product=apt version=2.6.1\n"
				    "3 dpkg product=bash version=5.2.15-2+b7\n"
				    "4 dpkg product=libc6:amd64 version=2.36-9+deb12u7\n"
				    "5 dpkg product=wps-office version=11.1.0.11723.XA\n"
				    "6 dpkg product=rc-only-pkg\n";
	expect_file(FIXTURE("dpkg-plain.txt"), SW_FORMAT_DPKG, plain);
	expect_file(FIXTURE("dpkg-plain.txt"), SW_FORMAT_AUTO, plain);
	/* CRLF, empty lines and a missing final newline; lines stay physical. */
	expect_dump("\r\nzoom\t6.0\r\n\r\n\nwps-office\t11.1", SW_FORMAT_DPKG,
		    "2 dpkg product=zoom version=6.0\n5 dpkg product=wps-office version=11.1\n");
	expect_error("", SW_FORMAT_DPKG, VS_EBADVAL, "t: empty; nothing was imported");
}

static void rpm_lists(void **state)
{
	(void)state;
	static const char want[] =
		"1 rpm product=bash publisher=Red Hat, Inc. version=5.1.8-9.el9\n"
		"2 rpm product=kernel publisher=Red Hat, Inc. version=5.14.0-427.18.1.el9_4\n"
		"3 rpm product=gpg-pubkey version=fd431d51-4ae0493b\n"
		"4 rpm product=google-chrome-stable publisher=Google Inc. version=125.0.6422.141-1\n"
		"5 rpm product=zoom publisher=Zoom Video Communications, Inc. version=6.0.2.4680-1\n"
		"6 rpm product=wps-office publisher=Kingsoft version=11.1.0.11723.XA-1\n"
		"7 rpm product=NetworkManager publisher=Red Hat, Inc. version=1.46.0-8.el9_4\n";
	expect_file(FIXTURE("rpm.txt"), SW_FORMAT_RPM, want);
	expect_file(FIXTURE("rpm.txt"), SW_FORMAT_AUTO, want);
	/* rpm keeps a vendor's <…> as written: it is not a maintainer field. */
	expect_dump("foo\t1-1\tACME <x@y>\n", SW_FORMAT_RPM, "1 rpm product=foo publisher=ACME <x@y> version=1-1\n");
}

static void line_refusals(void **state)
{
	(void)state;
	expect_error("zoom\t6.0\nii  wps-office 11.1 amd64 WPS\n", SW_FORMAT_DPKG, VS_EBADVAL,
		     "t:2: no TAB: expected NAME<TAB>VERSION[<TAB>MAINTAINER], as "
		     "dpkg-query -W -f='${Package}\\t${Version}\\t${Maintainer}\\n' writes it");
	expect_error("bash-5.2.26-3.fc40.x86_64\n", SW_FORMAT_RPM, VS_EBADVAL,
		     "t:1: no TAB: expected NAME<TAB>VERSION[<TAB>VENDOR], as "
		     "rpm -qa --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\n' writes it");
	expect_error("a\t1\tb\tc\n", SW_FORMAT_DPKG, VS_EBADVAL,
		     "t:1: more than 3 TAB-separated fields: expected NAME<TAB>VERSION[<TAB>MAINTAINER]");
	expect_error("a\t1\tX <x@y>\n\nb\t2\n", SW_FORMAT_DPKG, VS_EBADVAL,
		     "t:3: 2 fields, but line 1 has 3 (two different outputs joined?)");
	expect_error("a\t1\n \t2\n", SW_FORMAT_RPM, VS_EBADVAL, "t:2: no package name before the first TAB");
	expect_error("ii  zoom\t6.0\n", SW_FORMAT_DPKG, VS_EBADVAL,
		     "t:1: package name \"ii  zoom\" has a space; dpkg names have none (is this `dpkg -l` or "
		     "`rpm -qi` output? use dpkg-query -W -f='${Package}\\t${Version}\\t${Maintainer}\\n')");
	expect_error("a\t1\nb\x01\t2\n", SW_FORMAT_DPKG, VS_EBADVAL,
		     "t:2: control byte 0x01 at column 2: not dpkg output");
	expect_error("a\t1\r\r\n", SW_FORMAT_RPM, VS_EBADVAL, "t:1: control byte 0x0D at column 4: not rpm output");
	expect_error("a\t1\tM\xFCller\n", SW_FORMAT_DPKG, VS_EBADVAL, "t:1: not UTF-8 (byte 0xFC at column 6)");
	expect_error("\xFF\xFEz\0", SW_FORMAT_DPKG, VS_EBADVAL, "t:1: UTF-16 text; save it as UTF-8");
	struct result r = run_mem("a\t1\n\0\t2\n", 8, SW_FORMAT_DPKG, NULL);
	assert_int_equal(r.e, VS_EBADVAL);
	assert_string_equal(r.msg, "t:2: control byte 0x00 at column 1: not dpkg output");
	assert_int_equal(r.n, 1); /* the first line was handed over before the error */
	free(r.dump);
	/* A line at the limit is read, one byte more is refused. */
	size_t n = VS_MAX_SOFTWARE_LINE + 1;
	char *big = malloc(n + 2);
	assert_non_null(big);
	memset(big, 'x', n);
	big[0] = 'a', big[1] = '\t', big[n] = '\n', big[n + 1] = '\0';
	r = run_mem(big, n + 1, SW_FORMAT_DPKG, NULL);
	assert_int_equal(r.e, VS_ETOOBIG);
	assert_string_equal(r.msg, "t:1: line longer than 65536 bytes (VS_MAX_SOFTWARE_LINE)");
	free(r.dump);
	r = run_mem(big + 1, n, SW_FORMAT_DPKG, NULL);
	assert_int_equal(r.e, VS_EBADVAL); /* within the limit: "\t" then no name */
	free(r.dump);
	big[1] = 'x', big[n - 2] = '\t';
	r = run_mem(big + 1, n, SW_FORMAT_DPKG, NULL);
	assert_int_equal(r.e, VS_OK);
	assert_int_equal(r.n, 1);
	free(r.dump);
	free(big);
}

static void cyclonedx_sbom(void **state)
{
	(void)state;
	/* Depth-first with the nested ones; the file (4) and the scanned
	 * directory in metadata make no record; publisher by precedence. */
	static const char want[] =
		"1 cyclonedx product=WPS Office publisher=Zhuhai Kingsoft Office Software Co., Ltd. "
		"version=11.1.0.11723\n"
		"2 cyclonedx product=fastjson publisher=com.alibaba version=1.2.83\n"
		"3 cyclonedx product=libcurl publisher=curl project version=8.5.0\n"
		"4 cyclonedx product=hutool-core publisher=Looly version=5.8.26\n"
		"6 cyclonedx product=Qt publisher=The Qt Company version=5.15.2\n"
		"7 cyclonedx product=zlib version=1.3.1\n";
	expect_file(FIXTURE("cyclonedx.json"), SW_FORMAT_CYCLONEDX, want);
	expect_file(FIXTURE("cyclonedx.json"), SW_FORMAT_AUTO, want);
	expect_error("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}", SW_FORMAT_AUTO,
		     VS_EBADVAL, "t: no programs listed; nothing was imported");
	expect_dump("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\",\"author\":\"Ann\","
		    "\"group\":\"g\",\"publisher\":\" \",\"version\":null}]}",
		    SW_FORMAT_CYCLONEDX, "1 cyclonedx product=a publisher=Ann\n");
}

static void cyclonedx_refusals(void **state)
{
	(void)state;
	expect_error("{\"bomFormat\":\"SPDX\"}", SW_FORMAT_CYCLONEDX, VS_EBADVAL,
		     "t: $.bomFormat: \"SPDX\", not \"CycloneDX\"");
	expect_error("{\"components\":[]}", SW_FORMAT_CYCLONEDX, VS_EBADVAL,
		     "t: $.bomFormat: missing; a CycloneDX JSON BOM says \"bomFormat\": \"CycloneDX\"");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":{}}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t: $.components: not an array");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\"},{\"name\":\"b\",\"components\":"
		     "[{\"name\":\"c\"},{\"version\":\"1\"}]}]}",
		     SW_FORMAT_AUTO, VS_EBADVAL, "t: $.components[1].components[1].name: missing");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\",\"supplier\":\"ACME\"}]}",
		     SW_FORMAT_AUTO, VS_EBADVAL, "t: $.components[0].supplier: not an object");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\",\"supplier\":{\"name\":[]}}]}",
		     SW_FORMAT_AUTO, VS_EBADVAL, "t: $.components[0].supplier.name: not a string");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\",\"authors\":[\"Ann\"]}]}",
		     SW_FORMAT_AUTO, VS_EBADVAL, "t: $.components[0].authors[0]: not an object");
	expect_error("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":1}]}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t: $.components[0].name: not a string");
	/* Nesting: VS_MAX_SBOM_DEPTH levels are read, one more is refused. */
	for (int extra = 0; extra <= 1; extra++) {
		struct strbuf sb = STRBUF_INIT;
		int depth = VS_MAX_SBOM_DEPTH + extra;
		strbuf_addstr(&sb, "{\"bomFormat\":\"CycloneDX\",\"components\":");
		for (int i = 0; i < depth; i++)
			strbuf_addstr(&sb, i + 1 < depth ? "[{\"name\":\"x\",\"components\":" : "[{\"name\":\"x\"}]");
		for (int i = 0; i + 1 < depth; i++)
			strbuf_addstr(&sb, "}]");
		strbuf_addch(&sb, '}');
		struct result r = run(strbuf_str(&sb), SW_FORMAT_AUTO);
		if (extra == 0) {
			assert_int_equal(r.e, VS_OK);
			assert_int_equal(r.n, VS_MAX_SBOM_DEPTH);
		} else {
			assert_int_equal(r.e, VS_ETOOBIG);
			assert_non_null(strstr(r.msg, ".components[0].components: components nested more than 32 deep"));
			assert_int_equal(r.n, VS_MAX_SBOM_DEPTH);
		}
		free(r.dump);
		strbuf_release(&sb);
	}
}

static void spdx_document(void **state)
{
	(void)state;
	static const char want[] =
		"1 spdx product=CapCut publisher=Bytedance Pte. Ltd. version=4.9.0.1789\n"
		"2 spdx product=WeChat publisher=Tencent Technology (Shenzhen) Company Limited version=3.9.12.17\n"
		"3 spdx product=openssl publisher=Jane Doe version=3.0.13\n"
		"4 spdx product=Microsoft Teams publisher=Microsoft Corporation version=24124.2311.2775.2895\n"
		"5 spdx product=in-house-timesheet\n";
	expect_file(FIXTURE("spdx.json"), SW_FORMAT_SPDX, want);
	expect_file(FIXTURE("spdx.json"), SW_FORMAT_AUTO, want);
	expect_dump("{\"spdxVersion\":\"SPDX-2.2\",\"packages\":[{\"name\":\"x\",\"supplier\":\"NOASSERTION\","
		    "\"originator\":\"NOASSERTION\"},{\"name\":\"y\",\"supplier\":\"Organization: (a@b)\"}]}",
		    SW_FORMAT_AUTO, "1 spdx product=x\n2 spdx product=y publisher=a@b\n");
}

static void spdx_refusals(void **state)
{
	(void)state;
	expect_error("{\"spdxVersion\":\"SPDX-3.0\"}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t: $.spdxVersion: \"SPDX-3.0\": only SPDX 2.x JSON is read");
	expect_error("{\"packages\":[]}", SW_FORMAT_SPDX, VS_EBADVAL,
		     "t: $.spdxVersion: missing; an SPDX 2 JSON document has \"spdxVersion\": \"SPDX-2.3\"");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\"},{\"name\":\"\"}]}", SW_FORMAT_SPDX,
		     VS_EBADVAL, "t: $.packages[1].name: empty");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\",\"supplier\":{}}]}", SW_FORMAT_SPDX,
		     VS_EBADVAL, "t: $.packages[0].supplier: not a string");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":\"a\"}", SW_FORMAT_SPDX, VS_EBADVAL,
		     "t: $.packages: not an array");
}

static void json_refusals(void **state)
{
	(void)state;
	expect_error("{\"Sources\":[}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t:1:13: not valid JSON: unexpected token near '}'");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\n\"packages\":[],\"packages\":[]}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t:2:24: not valid JSON: duplicate object key near '\"packages\"'");
	expect_error("[{\"name\":\"x\"}]", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t: $: not an object; expected a winget export, CycloneDX or SPDX document");
	expect_error("{\"name\":\"x\"}", SW_FORMAT_AUTO, VS_EBADVAL,
		     "t: $: JSON, but not a CycloneDX BOM (\"bomFormat\": \"CycloneDX\"), an SPDX 2 document "
		     "(\"spdxVersion\") or a winget export (\"Sources\"); give the format");
	expect_error("\xFF\xFE{\0}\0", SW_FORMAT_SPDX, VS_EBADVAL, "t: UTF-16 text; save it as UTF-8");
	expect_error("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\\u0000b\"}]}", SW_FORMAT_SPDX,
		     VS_EBADVAL, "t:1:56: not valid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near "
				 "'\"a\\u0000b\"'");
	/* Size limits: the document and each string. */
	char *huge = malloc((size_t)VS_MAX_SOFTWARE_JSON + 1);
	assert_non_null(huge);
	memset(huge, ' ', (size_t)VS_MAX_SOFTWARE_JSON + 1);
	huge[0] = '{', huge[1] = '}';
	struct result r = run_mem(huge, (size_t)VS_MAX_SOFTWARE_JSON + 1, SW_FORMAT_SPDX, NULL);
	free(huge);
	assert_int_equal(r.e, VS_ETOOBIG);
	assert_string_equal(r.msg, "t: 33554433 bytes, larger than 33554432 bytes, the limit for JSON "
				   "(VS_MAX_SOFTWARE_JSON)");
	free(r.dump);
	size_t n = VS_MAX_SOFTWARE_FIELD + 1;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"");
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, 'n');
	strbuf_addstr(&sb, "\"}]}");
	r = run(strbuf_str(&sb), SW_FORMAT_AUTO);
	assert_int_equal(r.e, VS_ETOOBIG);
	assert_string_equal(r.msg, "t: $.packages[0].name: 65537 bytes, longer than 65536 (VS_MAX_SOFTWARE_FIELD)");
	free(r.dump);
	strbuf_release(&sb);
}

static void auto_detection(void **state)
{
	(void)state;
	/* A TSV export's header is not a package. */
	expect_dump("Program\tVersion\nWeChat\t3.9\n", SW_FORMAT_AUTO, "2 csv product=WeChat version=3.9\n");
	expect_dump("ApplicationName\tApplicationVersion\nWeChat\t3.9\n", SW_FORMAT_AUTO,
		    "2 csv product=WeChat version=3.9\n");
	/* A header with an unnamed column looks like "package<TAB><TAB>…": the
	 * known column name decides. */
	expect_dump("Programnavn\t\tUdgiver\nWeChat\t\tTencent\n", SW_FORMAT_AUTO,
		    "2 csv product=WeChat publisher=Tencent\n");
	expect_dump("Softwarenavn\t\nWeChat\t\n", SW_FORMAT_AUTO, "2 csv product=WeChat\n");
	/* A second field that is no version: csv. */
	expect_dump("Enhedsnavn\tProgram\nPC1\tWeChat\n", SW_FORMAT_AUTO, "2 csv product=WeChat device=PC1\n");
	/* rpm by its release marks, else dpkg. */
	expect_dump("bash\t5.2.26-3.fc40\n", SW_FORMAT_AUTO, "1 rpm product=bash version=5.2.26-3.fc40\n");
	expect_dump("zoom\t6.0.2.4680-1\t(none)\n", SW_FORMAT_AUTO, "1 rpm product=zoom version=6.0.2.4680-1\n");
	expect_dump("zoom\t6.0.2.4680\n", SW_FORMAT_AUTO, "1 dpkg product=zoom version=6.0.2.4680\n");
	expect_dump("\xEF\xBB\xBF\n\nlibc6:amd64\t2.36-9.el1\n", SW_FORMAT_AUTO,
		    "3 dpkg product=libc6:amd64 version=2.36-9.el1\n");
	/* ".elegant" is no release mark. */
	expect_dump("x\t1.elegant\tY <y@z>\n", SW_FORMAT_AUTO, "1 dpkg product=x publisher=Y version=1.elegant\n");
	expect_error("  \n{\"spdxVersion\":\"SPDX-2.3\"}", SW_FORMAT_AUTO, VS_EBADVAL, "t: no programs listed; nothing was imported");
	expect_error("", SW_FORMAT_AUTO, VS_EBADVAL, "t: empty: no rows to import; nothing was imported");
	struct result r = run_mem(NULL, 0, SW_FORMAT_AUTO, NULL);
	assert_int_equal(r.e, VS_EBADVAL);
	assert_int_equal(r.n, 0);
	free(r.dump);
}

static void callback_error_stops(void **state)
{
	(void)state;
	static const char *const files[] = {FIXTURE("intune-apps.csv"), FIXTURE("winget-export.json"),
					    FIXTURE("dpkg-maintainer.txt"), FIXTURE("rpm.txt"),
					    FIXTURE("cyclonedx.json"), FIXTURE("spdx.json")};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct sink s = {STRBUF_INIT, 0, 2};
		struct vs_error err = {VS_OK, ""};
		enum vs_err e = import_software_file(files[i], SW_FORMAT_AUTO, NULL, collect, &s, &err);
		assert_int_equal(e, VS_EDB);
		assert_string_equal(err.msg, "refused by the callback");
		assert_int_equal(s.n, 2);
		strbuf_release(&s.out);
	}
}

static void files_and_usage(void **state)
{
	(void)state;
	struct sink s = {STRBUF_INIT, 0, 0};
	struct vs_error err = {VS_OK, ""};
	for (int f = SW_FORMAT_AUTO; f <= SW_FORMAT_SPDX; f++) {
		vs_error_clear(&err);
		enum vs_err e = import_software_file(FIXTURE("no-such-file.json"), (enum software_format)f, NULL,
						     collect, &s, &err);
		assert_int_equal(e, VS_ENOTFOUND);
		assert_non_null(strstr(err.msg, "no-such-file.json"));
	}
	/* A directory opens but cannot be read: an I/O error, whatever the format. */
	for (int f = SW_FORMAT_AUTO; f <= SW_FORMAT_SPDX; f++) {
		vs_error_clear(&err);
		enum vs_err e = import_software_file(VS_TEST_SRCDIR "/tests/fixtures/software", (enum software_format)f,
						     NULL, collect, &s, &err);
		assert_int_equal(e, VS_EIO);
		assert_non_null(strstr(err.msg, "tests/fixtures/software: read error: Is a directory"));
	}
	vs_error_clear(&err);
	assert_int_equal(import_software_mem("t", (const uint8_t *)"x", 1, (enum software_format)42, NULL,
					     collect, &s, &err),
			 VS_EUSAGE);
	assert_string_equal(err.msg, "t: unknown software format 42");
	vs_error_clear(&err);
	assert_int_equal(import_software_mem("t", NULL, 3, SW_FORMAT_DPKG, NULL, collect, &s, &err), VS_EUSAGE);
	assert_int_equal(s.n, 0);
	strbuf_release(&s.out);
}

/* A temporary file holding text, then grown (sparse) to size bytes. */
static void temp_file(char *path, size_t cap, const char *text, long long size)
{
	snprintf(path, cap, "/tmp/vs-test-software-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	if (size > 0)
		assert_int_equal(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static void standard_input(void **state)
{
	(void)state;
	/* Detection has looked at standard input, so it is read whole. */
	assert_non_null(freopen(FIXTURE("dpkg-plain.txt"), "rb", stdin));
	struct result r = run_file("-", SW_FORMAT_AUTO);
	assert_int_equal(r.n, 6);
	assert_non_null(strstr(r.dump, "5 dpkg product=wps-office version=11.1.0.11723.XA\n"));
	free(r.dump);
	assert_non_null(freopen(FIXTURE("programs-da.csv"), "rb", stdin));
	r = run_file("-", SW_FORMAT_AUTO);
	assert_int_equal(r.n, 5);
	assert_non_null(strstr(r.dump, "7 csv department=BUF product=Opera Stable"));
	free(r.dump);
	/* With the format given, csv streams from standard input. */
	assert_non_null(freopen(FIXTURE("programs-da.csv"), "rb", stdin));
	r = run_file("-", SW_FORMAT_CSV);
	assert_int_equal(r.n, 5);
	free(r.dump);
	char path[64];
	temp_file(path, sizeof(path), "zoom\t6.0\nbad line\n", 0);
	assert_non_null(freopen(path, "rb", stdin));
	struct sink s = {STRBUF_INIT, 0, 0};
	struct vs_error err = {VS_OK, ""};
	assert_int_equal(import_software_file("-", SW_FORMAT_AUTO, NULL, collect, &s, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "<stdin>:2: no TAB: expected NAME<TAB>VERSION[<TAB>MAINTAINER], as "
				     "dpkg-query -W -f='${Package}\\t${Version}\\t${Maintainer}\\n' writes it");
	assert_int_equal(s.n, 1);
	strbuf_release(&s.out);
	unlink(path);
}

/* A file over a limit is refused by its size, before it is read. */
static void file_limits(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum software_format fmt;
		long long size;
		const char *what;
	} cases[] = {
		{"{", SW_FORMAT_AUTO, VS_MAX_SOFTWARE_JSON + 1LL, "JSON (VS_MAX_SOFTWARE_JSON)"},
		{"{", SW_FORMAT_SPDX, VS_MAX_SOFTWARE_JSON + 1LL, "JSON (VS_MAX_SOFTWARE_JSON)"},
		{"a\t1\n", SW_FORMAT_RPM, VS_MAX_SOFTWARE_INPUT + 1LL, "input read whole (VS_MAX_SOFTWARE_INPUT)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[64], want[256];
		temp_file(path, sizeof(path), cases[i].text, cases[i].size);
		struct sink s = {STRBUF_INIT, 0, 0};
		struct vs_error err = {VS_OK, ""};
		assert_int_equal(import_software_file(path, cases[i].fmt, NULL, collect, &s, &err), VS_ETOOBIG);
		snprintf(want, sizeof(want), "%s: %lld bytes, larger than %lld bytes, the limit for %s", path,
			 cases[i].size, cases[i].size - 1, cases[i].what);
		assert_string_equal(err.msg, want);
		assert_int_equal(s.n, 0);
		strbuf_release(&s.out);
		unlink(path);
	}
	/* A pipe has no size to look at: the limit stops the reading. */
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char spaces[65536];
		memset(spaces, ' ', sizeof(spaces));
		close(fds[0]);
		if (write(fds[1], "{", 1) != 1)
			_exit(1);
		for (size_t sent = 0; sent <= (size_t)VS_MAX_SOFTWARE_JSON; sent += sizeof(spaces))
			if (write(fds[1], spaces, sizeof(spaces)) != (ssize_t)sizeof(spaces))
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	int saved = dup(0);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	clearerr(stdin);
	struct sink ps = {STRBUF_INIT, 0, 0};
	struct vs_error perr = {VS_OK, ""};
	assert_int_equal(import_software_file("-", SW_FORMAT_AUTO, NULL, collect, &ps, &perr), VS_ETOOBIG);
	assert_string_equal(perr.msg, "<stdin>: larger than 33554432 bytes, the limit for JSON (VS_MAX_SOFTWARE_JSON)");
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	clearerr(stdin);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid); /* it may die of SIGPIPE: we stopped reading */
	/* At the limit it is read (and refused for what it holds). */
	char path[64];
	temp_file(path, sizeof(path), "{", VS_MAX_SOFTWARE_JSON);
	struct vs_error err = {VS_OK, ""};
	struct sink s = {STRBUF_INIT, 0, 0};
	assert_int_equal(import_software_file(path, SW_FORMAT_AUTO, NULL, collect, &s, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "not valid JSON"));
	unlink(path);
}

/* The example export (examples/kk-2025/software-2025.csv) imports whole. */
static void example_export(void **state)
{
	(void)state;
	struct result r = run_file(VS_TEST_SRCDIR "/examples/kk-2025/software-2025.csv", SW_FORMAT_AUTO);
	assert_int_equal(r.n, 313);
	assert_true(strncmp(r.dump, "2 csv department=ØKF product=Microsoft 365 Apps", 48) == 0);
	static const struct {
		const char *needle;
		int n;
	} want[] = {
		{" product=WeChat publisher=腾讯科技(深圳)有限公司 version=3.9.12.17 ", 2},
		{" product=CapCut publisher=Bytedance Pte. Ltd. ", 3},
		{" product=iVMS-4200 publisher=Hangzhou Hikvision Digital Technology Co., Ltd. ", 3},
		{" product=SmartPSS publisher=Zhejiang Dahua Technology Co., Ltd. ", 3},
		{" product=360 Total Security publisher=360安全中心 ", 1},
		{" product=Lenovo Vantage Service publisher=Lenovo Group Ltd. ", 28},
		{" product=Microsoft Teams ", 36},
		{"department=ØKF ", 72},
		{"department=SOF ", 86},
		{"department=BUF ", 81},
		{"department=TMF ", 74},
		{"2025-02", 0}, /* "Sidst set" is not carried over */
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int n = 0;
		for (const char *p = r.dump; (p = strstr(p, want[i].needle)) != NULL; p++)
			n++;
		if (n != want[i].n)
			fail_msg("\"%s\": %d records, want %d", want[i].needle, n, want[i].n);
	}
	free(r.dump);
}

static void publisher_names(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Kingsoft Office Corporation <wps_linux@kingsoft.com>", "Kingsoft Office Corporation"},
		{"<maint@example.org>", "maint@example.org"},
		{"Jane Doe (jane@example.org)", "Jane Doe"},
		{"Tencent Technology (Shenzhen) Company Limited", "Tencent Technology (Shenzhen) Company Limited"},
		{"Foo (Beijing) Co. (a@b)  ", "Foo (Beijing) Co."},
		{"(a@b)", "a@b"},
		{"ACME", "ACME"},
		{"x)", "x)"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct slice got = sw_publisher_name(slice_from(cases[i].in));
		if (got.len != strlen(cases[i].out) || (got.len && memcmp(got.p, cases[i].out, got.len) != 0))
			fail_msg("\"%s\": got \"%.*s\", want \"%s\"", cases[i].in, (int)got.len,
				 got.p ? (const char *)got.p : "", cases[i].out);
	}
}

/* Every fixture cut at every length: each prefix is read or refused with a
 * message, never a crash or a read past the end (ASan checks the rest). */
static void every_truncation(void **state)
{
	(void)state;
	static const char *const files[] = {FIXTURE("winget-export.json"), FIXTURE("dpkg-maintainer.txt"),
					    FIXTURE("rpm.txt"), FIXTURE("cyclonedx.json"), FIXTURE("spdx.json"),
					    FIXTURE("programs-da.csv")};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "rb");
		assert_non_null(f);
		static uint8_t buf[16384];
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_true(len > 0 && len < sizeof(buf));
		for (size_t cut = 0; cut <= len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);
			assert_non_null(copy);
			memcpy(copy, buf, cut);
			struct sink s = {STRBUF_INIT, 0, 0};
			struct vs_error err = {VS_OK, ""};
			enum vs_err e = import_software_mem("t", copy, cut, SW_FORMAT_AUTO, NULL, collect, &s, &err);
			assert_true(e == VS_OK || err.msg[0] != '\0');
			strbuf_release(&s.out);
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_names),
		cmocka_unit_test(csv_intune_export),
		cmocka_unit_test(csv_danish_headers),
		cmocka_unit_test(csv_software_decisions),
		cmocka_unit_test(csv_maker_and_map),
		cmocka_unit_test(csv_serial_and_mac),
		cmocka_unit_test(csv_refusals),
		cmocka_unit_test(winget_export),
		cmocka_unit_test(winget_refusals),
		cmocka_unit_test(dpkg_lists),
		cmocka_unit_test(rpm_lists),
		cmocka_unit_test(line_refusals),
		cmocka_unit_test(cyclonedx_sbom),
		cmocka_unit_test(cyclonedx_refusals),
		cmocka_unit_test(spdx_document),
		cmocka_unit_test(spdx_refusals),
		cmocka_unit_test(json_refusals),
		cmocka_unit_test(auto_detection),
		cmocka_unit_test(callback_error_stops),
		cmocka_unit_test(files_and_usage),
		cmocka_unit_test(standard_input),
		cmocka_unit_test(file_limits),
		cmocka_unit_test(example_export),
		cmocka_unit_test(publisher_names),
		cmocka_unit_test(every_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
