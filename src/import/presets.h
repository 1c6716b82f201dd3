/*
 * Presets: the exports people already have (endpoint managers, asset
 * registers, a VMS's camera list), recognised by their header and read
 * without --map. Private to import/ and its tests.
 *
 * A preset is a header signature (columns that together name the export:
 * every one of them must be in the header) and the fields of the columns it
 * knows. In a recognised file a column the preset does not list is skipped:
 * the export's documented columns that say nothing vendorscope uses
 * (compliance state, last check-in, a password) are the rest. --map still
 * comes first. Two columns of a preset may feed one field in order of
 * preference ("Wi-Fi MAC", else "Ethernet MAC"): the first non-empty wins.
 *
 * The table is code, not a data file: which column means what is how the
 * reader parses a file (as the header words in inventory.c are), tested
 * with goldens per preset, and a data file could be edited into matching
 * an unrelated export with nothing to say so.
 */
#ifndef VS_IMPORT_PRESETS_H
#define VS_IMPORT_PRESETS_H

#include <stddef.h>

#define PRESET_SKIP (-2) /* the column is known and says nothing we use */
#define PRESET_MAX_COLS 32
#define PRESET_MAX_SIGNATURE 8

struct preset_col {
	const char *column; /* as the export writes it; compared after name_fold */
	int field;          /* enum rec_field, or PRESET_SKIP */
};

struct import_preset {
	const char *name;   /* short name: "intune" */
	const char *what;   /* what a person calls the export */
	const char *source; /* the documentation the columns follow */
	const char *signature[PRESET_MAX_SIGNATURE]; /* NULL-terminated */
	struct preset_col col[PRESET_MAX_COLS];      /* {NULL} ends it; order = preference */
	const char *type;   /* asset type for a row without one; NULL = none */
};

size_t import_preset_count(void);
const struct import_preset *import_preset_at(size_t i);

/*
 * The preset whose signature the header (already folded by name_fold, n
 * names) holds, the one with the longest signature when several do; NULL
 * when none.
 */
const struct import_preset *import_preset_find(const char *const *folded, size_t n);

/*
 * The field a preset gives a folded column name, and its rank (0 = the
 * preferred column of that field, then 1, …); -1 when the preset does not
 * list it.
 */
int import_preset_field(const struct import_preset *p, const char *folded, int *rank);

#endif
