#include "ingest/devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/devices.h"
#include "util/file.h"
#include "util/limits.h"

static const struct device_format *format_of(const uint8_t *head, size_t n, const char *format)
{
	return format ? device_format_by_name(format) : device_format_detect(head, n);
}

bool ingest_is_device_file(const char *path, const char *format, const char **name)
{
	if (format) {
		const struct device_format *f = device_format_by_name(format);
		if (f)
			*name = f->name;
		return f != NULL;
	}
	if (!path || strcmp(path, "-") == 0)
		return false; /* standard input is read by the inventory importers */
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	uint8_t head[DEVICE_DETECT_BYTES];
	size_t n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	const struct device_format *f = format_of(head, n, NULL);
	if (f)
		*name = f->name;
	return f != NULL;
}

/* A format that reads line by line gets the open file: a Zeek conn.log of
 * millions of lines is not held whole. */
static enum vs_err parse_streamed(const char *path, const char *format,
				  const struct device_format **fmt, struct device_list *list,
				  bool *done, struct vs_error *err)
{
	*done = false;
	const struct device_format *f = format ? device_format_by_name(format) : NULL;
	if (format && (!f || !f->parse_stream))
		return VS_OK;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return VS_OK; /* file_read_all says why */
	if (!f) {
		uint8_t head[DEVICE_DETECT_BYTES];
		size_t n = fread(head, 1, sizeof(head), fp);
		f = format_of(head, n, NULL);
		if (!f || !f->parse_stream || fseek(fp, 0, SEEK_SET) != 0) {
			fclose(fp);
			return VS_OK;
		}
	}
	*done = true;
	*fmt = f;
	enum vs_err rc = f->parse_stream(path, fp, list, err);
	fclose(fp);
	return rc;
}

enum vs_err ingest_devices_file(struct store *st, const struct kb *kb, const struct policy *pol,
				const char *path, const char *format, struct ingest_capture_opts *o,
				struct capture_result *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct device_list list = {0};
	const struct device_format *f = NULL;
	bool streamed;
	enum vs_err rc = parse_streamed(path, format, &f, &list, &streamed, err);
	if (!streamed) {
		uint8_t *data = NULL;
		size_t len = 0;
		rc = file_read_all(path, VS_MAX_DEVICE_FILE, &data, &len, err);
		if (rc)
			return rc;
		f = format_of(data, len < DEVICE_DETECT_BYTES ? len : DEVICE_DETECT_BYTES, format);
		if (!f) {
			free(data);
			return vs_fail(err, VS_EBADVAL, "%s: not a device file vendorscope reads", path);
		}
		rc = f->parse(path, data, len, &list, err);
		free(data);
	}
	if (rc) {
		device_list_release(&list);
		return rc;
	}
	if (list.n == 0) {
		device_list_release(&list);
		return vs_fail(err, VS_EBADVAL, "%s: %s file lists no device: nothing imported", path,
			       f->name);
	}
	size_t n;
	uint64_t dropped = list.dropped;
	struct sighting *devs = device_list_detach(&list, &n);
	o->kind = "import";
	o->format = f->name;
	o->path = path;
	rc = ingest_capture(st, kb, pol, devs, n, o, out, err);
	out->dropped = dropped;
	return rc;
}
