#ifndef VS_STORE_SCHEMA_H
#define VS_STORE_SCHEMA_H

/* Number of migrations = the newest schema version. */
int schema_latest(void);
/* SQL that moves a store from version `from_version` to the next; NULL past the end. */
const char *schema_migration(int from_version);
/* What PostgreSQL runs after that step's shared SQL (its own dialect,
 * not translated), or NULL. */
const char *schema_migration_pg(int from_version);
/* What PostgreSQL runs before that step's shared SQL (its own dialect), or
 * NULL: to move aside what an older vendorscope made outside the list. */
const char *schema_migration_pg_first(int from_version);

#endif
