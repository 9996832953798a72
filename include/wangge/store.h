/* The one SQLite file: opening, migrations, transactions and a thin statement wrapper.
 * Only src/core/store*.c include sqlite3.h; every other module runs SQL through this. */
#ifndef WANGGE_STORE_H
#define WANGGE_STORE_H

#include "wangge/common.h"

struct wg_db;
struct db_stmt;

/* Schema version this build writes; PRAGMA user_version. */
int store_schema_version(void);

/* Where the database lives: cli_path (--db) if given, else $WANGGE_DB, else
 * $XDG_DATA_HOME/wangge/wangge.db (~/.local/share/...). Caller frees. */
char *store_resolve_path(const char *cli_path);

/* Open (creating folder 0700 and file 0600 when missing), set WAL, foreign keys and a
 * busy timeout, run forward migrations. Refuses files that are not wangge databases and
 * databases from a newer version. *out is freed with store_close(). */
enum wg_status store_open(const char *path, struct wg_db **out);
/* Open an existing database without creating or migrating it (backup, check). */
enum wg_status store_open_existing(const char *path, bool readonly, struct wg_db **out);
void store_close(struct wg_db *db);
const char *store_path(const struct wg_db *db);
/* Warnings found at open (loose permissions); empty string when none. */
const char *store_warnings(const struct wg_db *db);

/* Write transactions are BEGIN IMMEDIATE, retried while the database is busy. */
enum wg_status db_begin(struct wg_db *db);
enum wg_status db_commit(struct wg_db *db);
void db_rollback(struct wg_db *db);
bool db_in_transaction(struct wg_db *db);
/* Savepoints nest inside a transaction. */
enum wg_status db_savepoint(struct wg_db *db, const char *name);
enum wg_status db_release(struct wg_db *db, const char *name);
void db_rollback_to(struct wg_db *db, const char *name);

/* Run SQL without parameters (several statements allowed). */
enum wg_status db_exec(struct wg_db *db, const char *sql);

/* Prepared statements. db_prepare dies on SQL that does not compile: that is a bug in
 * wangge, not bad input. Finish every statement with db_finish (frees it). */
struct db_stmt *db_prepare(struct wg_db *db, const char *sql);
void db_bind_text(struct db_stmt *st, int idx, const char *text); /* NULL binds NULL */
void db_bind_textn(struct db_stmt *st, int idx, const char *text, size_t len);
void db_bind_int(struct db_stmt *st, int idx, int64_t value);
void db_bind_double(struct db_stmt *st, int idx, double value);
void db_bind_null(struct db_stmt *st, int idx);
/* Step: true while a row is available. Errors are kept and returned by db_finish,
 * db_status or db_run. */
bool db_row(struct db_stmt *st);
/* Step a statement that returns no rows, then reset it for reuse with new bindings. */
enum wg_status db_run(struct db_stmt *st);
/* Reset for another round of bindings (keeps the statement). */
void db_reset(struct db_stmt *st);
enum wg_status db_status(const struct db_stmt *st);
enum wg_status db_finish(struct db_stmt *st);

const char *db_text(struct db_stmt *st, int col); /* NULL for SQL NULL */
int64_t db_int(struct db_stmt *st, int col);
double db_double(struct db_stmt *st, int col);
bool db_is_null(struct db_stmt *st, int col);
int db_columns(struct db_stmt *st);

int64_t db_last_rowid(struct wg_db *db);
int db_changes(struct wg_db *db);

/* One-value helpers for counts and settings; return fallback when there is no row. */
int64_t db_get_int(struct wg_db *db, const char *sql, const char *param, int64_t fallback);
/* Caller frees; NULL when there is no row or the value is NULL. */
char *db_get_text(struct wg_db *db, const char *sql, const char *param);

/* Settings kept in the database (meta table). */
char *store_meta_get(struct wg_db *db, const char *key); /* caller frees; NULL if unset */
enum wg_status store_meta_set(struct wg_db *db, const char *key, const char *value);

/* Online backup into dest (SQLite's backup API); consistent while others write. */
enum wg_status store_backup(struct wg_db *db, const char *dest);
/* PRAGMA integrity_check; on failure the first problem is in wg_error_msg(). */
enum wg_status store_integrity_check(struct wg_db *db);

#endif
