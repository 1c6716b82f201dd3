#include "model/vocab.h"

#include <string.h>

#define VS_VOCAB_ROW(id, name, what) [VM_##id] = {name, what},
const struct vocab_entry vocab_methods[VM_COUNT] = {VS_METHODS(VS_VOCAB_ROW)};
#undef VS_VOCAB_ROW
#define VS_VOCAB_ROW(id, name, what) [VF_##id] = {name, what},
const struct vocab_entry vocab_fields[VF_COUNT] = {VS_FIELDS(VS_VOCAB_ROW)};
#undef VS_VOCAB_ROW

static int find(const struct vocab_entry *t, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return i;
	return -1;
}

int vocab_method_find(const char *name)
{
	return find(vocab_methods, VM_COUNT, name);
}

int vocab_field_find(const char *name)
{
	return find(vocab_fields, VF_COUNT, name);
}
