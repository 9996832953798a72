/* Opening the SQLite file, migrations, transactions and the statement wrapper. */
#include "wangge/store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

/* "WGGE": marks the file as ours, so we never migrate somebody else's database. */
#define WANGGE_APPLICATION_ID 0x57474745
#define BUSY_TIMEOUT_MS 15000

extern const char *const *const wg_migrations[];
extern const int wg_migration_count;

struct wg_db {
	sqlite3 *sql;
	char *path;
	struct strbuf warnings;
};

struct db_stmt {
	struct wg_db *db;
	sqlite3_stmt *st;
	enum wg_status status;
};

int store_schema_version(void)
{
	return wg_migration_count;
}

/* Map an SQLite result code to our status and a message that says what to do. */
static enum wg_status sql_fail(struct wg_db *db, int rc, const char *doing)
{
	const char *path = db && db->path ? db->path : "";
	const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);

	/* A full disk often surfaces as an I/O error on the WAL or journal; the system error
	 * number tells them apart. */
	if ((rc & 0xff) == SQLITE_IOERR && db && db->sql &&
	    (sqlite3_system_errno(db->sql) == ENOSPC || sqlite3_system_errno(db->sql) == EDQUOT))
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return wg_error_set(WG_BUSY, _("%s: the database is busy (another wangge is writing); "
			"try again in a moment"), path);
	case SQLITE_FULL:
		return wg_error_set(WG_FULL, _("%s: the disk is full while %s; nothing of this step "
			"was saved. Free some space and try again"), path, doing);
	case SQLITE_READONLY:
		return wg_error_set(WG_READONLY, _("%s: the database cannot be written (read-only "
			"file or folder); check its permissions"), path);
	case SQLITE_NOTADB:
		return wg_error_set(WG_NOT_DB, _("%s: this file is not a wangge database; "
			"choose another file with --db"), path);
	case SQLITE_CANTOPEN:
		return wg_error_set(WG_IO, _("%s: cannot open the database (missing or unwritable "
			"folder?)"), path);
	case SQLITE_IOERR:
		return wg_error_set(WG_IO, _("%s: input/output error while %s: %s"), path, doing, msg);
	case SQLITE_CORRUPT:
		return wg_error_set(WG_DB, _("%s: the database file is damaged (%s); restore "
			"the latest backup"), path, msg);
	case SQLITE_CONSTRAINT:
		return wg_error_set(WG_INVALID, _("%s: %s"), doing, msg);
	default:
		return wg_error_set(WG_DB, _("%s: database error while %s: %s"), path, doing, msg);
	}
}

char *store_resolve_path(const char *cli_path)
{
	const char *env = getenv("WANGGE_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (cli_path && *cli_path)
		return xstrdup(cli_path);
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/wangge/wangge.db", xdg);
	return xasprintf("%s/.local/share/wangge/wangge.db", home && *home ? home : ".");
}

/* mkdir -p with mode 0700 for the folders we create. */
static enum wg_status make_folder(const char *dir)
{
	char *copy = xstrdup(dir);
	char *p;
	enum wg_status rc = WG_OK;

	for (p = copy + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char save = *p;

			*p = '\0';
			if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
				rc = wg_error_set(WG_IO, _("%s: cannot create the database folder: %s"),
					copy, strerror(errno));
				break;
			}
			*p = save;
			if (!save)
				break;
		}
	}
	free(copy);
	return rc;
}

static void check_permissions(struct wg_db *db, const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat st;

	if (slash && slash != dir)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		sb_addf(&db->warnings, _("warning: %s is readable by other users (mode %03o); "
			"run: chmod 600 %s\n"), path, (unsigned)(st.st_mode & 0777), path);
	if (slash && stat(dir, &st) == 0 && (st.st_mode & 077))
		sb_addf(&db->warnings, _("warning: folder %s is open to other users (mode %03o); "
			"run: chmod 700 %s\n"), dir, (unsigned)(st.st_mode & 0777), dir);
	free(dir);
}

static enum wg_status open_handle(const char *path, int flags, struct wg_db **out)
{
	struct wg_db *db = xcalloc(1, sizeof(*db));
	int rc;

	db->path = xstrdup(path);
	sb_init(&db->warnings);
	rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
	if (rc != SQLITE_OK) {
		enum wg_status st = sql_fail(db, rc, _("opening"));

		store_close(db);
		return st;
	}
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->sql, 0);
	*out = db;
	return WG_OK;
}

static enum wg_status migrate(struct wg_db *db)
{
	int64_t version, app_id, tables;
	enum wg_status rc;
	int i;

	/* Reading the header is the first thing that fails on a file that is not SQLite. */
	rc = db_exec(db, "SELECT count(*) FROM sqlite_master");
	if (rc != WG_OK)
		return rc;
	version = db_get_int(db, "PRAGMA user_version", NULL, 0);
	app_id = db_get_int(db, "PRAGMA application_id", NULL, 0);
	tables = db_get_int(db, "SELECT count(*) FROM sqlite_master", NULL, 0);
	if (tables > 0 && app_id != WANGGE_APPLICATION_ID)
		return wg_error_set(WG_NOT_DB, _("%s: this SQLite file belongs to another program, "
			"not wangge; nothing was changed. Choose another file with --db"), db->path);
	if (version > wg_migration_count)
		return wg_error_set(WG_NEWER, _("%s: the database was written by a newer wangge "
			"(schema %d, this program knows up to %d); nothing was changed. Install the "
			"newer wangge"), db->path, (int)version, wg_migration_count);
	if (version == wg_migration_count)
		return WG_OK;
	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	/* Re-read inside the write lock: another process may have migrated meanwhile. */
	version = db_get_int(db, "PRAGMA user_version", NULL, 0);
	for (i = (int)version; i < wg_migration_count && rc == WG_OK; i++)
		for (const char *const *part = wg_migrations[i]; *part && rc == WG_OK; part++)
			rc = db_exec(db, *part);
	if (rc == WG_OK) {
		char *pragma = xasprintf("PRAGMA user_version = %d; PRAGMA application_id = %d;",
			wg_migration_count, WANGGE_APPLICATION_ID);

		rc = db_exec(db, pragma);
		free(pragma);
	}
	if (rc == WG_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum wg_status store_open(const char *path, struct wg_db **out)
{
	struct wg_db *db = NULL;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat st;
	bool created = stat(path, &st) != 0;
	enum wg_status rc = WG_OK;
	mode_t old_mask;

	*out = NULL;
	if (slash && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) != 0)
			rc = make_folder(dir);
	}
	free(dir);
	if (rc != WG_OK)
		return rc;

	/* The file and its -wal/-shm companions hold personal data: owner only. */
	old_mask = umask(077);
	rc = open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db);
	if (rc == WG_OK)
		rc = db_exec(db, "PRAGMA journal_mode = WAL");
	umask(old_mask);
	if (rc == WG_OK)
		/* FULL: a visit reported saved survives a power cut too. 32 MB of page cache:
		 * lookups at city scale read scattered records (the cache fills only as used). */
		rc = db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
			"PRAGMA cache_size = -32768");
	if (rc == WG_OK)
		rc = migrate(db);
	if (rc != WG_OK) {
		store_close(db);
		if (created && rc != WG_BUSY)
			unlink(path);
		return rc;
	}
	if (created)
		chmod(path, 0600);
	check_permissions(db, path);
	*out = db;
	return WG_OK;
}

enum wg_status store_open_existing(const char *path, bool readonly, struct wg_db **out)
{
	struct wg_db *db = NULL;
	struct stat st;
	enum wg_status rc;
	int64_t version;

	*out = NULL;
	if (stat(path, &st) != 0)
		return wg_error_set(WG_NOT_FOUND, _("%s: no such database: %s"), path, strerror(errno));
	rc = open_handle(path, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, &db);
	if (rc == WG_OK)
		rc = db_exec(db, "SELECT count(*) FROM sqlite_master");
	if (rc == WG_OK) {
		version = db_get_int(db, "PRAGMA user_version", NULL, 0);
		if (db_get_int(db, "PRAGMA application_id", NULL, 0) != WANGGE_APPLICATION_ID)
			rc = wg_error_set(WG_NOT_DB, _("%s: this file is not a wangge database"), path);
		else if (version > wg_migration_count)
			rc = wg_error_set(WG_NEWER, _("%s: the database was written by a newer "
				"wangge (schema %d, this program knows up to %d)"), path, (int)version,
				wg_migration_count);
	}
	if (rc == WG_OK)
		rc = db_exec(db, "PRAGMA foreign_keys = ON");
	if (rc != WG_OK) {
		store_close(db);
		return rc;
	}
	check_permissions(db, path);
	*out = db;
	return WG_OK;
}

void store_close(struct wg_db *db)
{
	if (!db)
		return;
	if (db->sql)
		sqlite3_close_v2(db->sql);
	free(db->path);
	sb_free(&db->warnings);
	free(db);
}

const char *store_path(const struct wg_db *db)
{
	return db->path;
}

const char *store_warnings(const struct wg_db *db)
{
	return db->warnings.buf ? db->warnings.buf : "";
}

/* ---- transactions ---- */

enum wg_status db_begin(struct wg_db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

enum wg_status db_commit(struct wg_db *db)
{
	enum wg_status rc = db_exec(db, "COMMIT");

	if (rc != WG_OK)
		db_rollback(db);
	return rc;
}

bool db_in_transaction(struct wg_db *db)
{
	return !sqlite3_get_autocommit(db->sql);
}

void db_rollback(struct wg_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

enum wg_status db_savepoint(struct wg_db *db, const char *name)
{
	char *sql = xasprintf("SAVEPOINT \"%s\"", name);
	enum wg_status rc = db_exec(db, sql);

	free(sql);
	return rc;
}

enum wg_status db_release(struct wg_db *db, const char *name)
{
	char *sql = xasprintf("RELEASE \"%s\"", name);
	enum wg_status rc = db_exec(db, sql);

	free(sql);
	return rc;
}

void db_rollback_to(struct wg_db *db, const char *name)
{
	char *sql = xasprintf("ROLLBACK TO \"%s\"; RELEASE \"%s\"", name, name);

	sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	free(sql);
}

enum wg_status db_exec(struct wg_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? WG_OK : sql_fail(db, rc, _("writing"));
}

/* ---- statements ---- */

struct db_stmt *db_prepare(struct wg_db *db, const char *sql)
{
	struct db_stmt *st = xcalloc(1, sizeof(*st));
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st->st, NULL);

	if (rc != SQLITE_OK) {
		/* A busy schema lock can make prepare fail; anything else is our bug. */
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_NOTADB ||
		    rc == SQLITE_CORRUPT || rc == SQLITE_IOERR) {
			st->db = db;
			st->status = sql_fail(db, rc, _("reading"));
			st->st = NULL;
			return st;
		}
		die("SQL error: %s\n%s", sqlite3_errmsg(db->sql), sql);
	}
	st->db = db;
	st->status = WG_OK;
	return st;
}

void db_bind_text(struct db_stmt *st, int idx, const char *text)
{
	if (!st->st)
		return;
	if (text)
		sqlite3_bind_text(st->st, idx, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, idx);
}

void db_bind_textn(struct db_stmt *st, int idx, const char *text, size_t len)
{
	if (st->st)
		sqlite3_bind_text(st->st, idx, text, (int)len, SQLITE_TRANSIENT);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	if (st->st)
		sqlite3_bind_int64(st->st, idx, value);
}

void db_bind_double(struct db_stmt *st, int idx, double value)
{
	if (st->st)
		sqlite3_bind_double(st->st, idx, value);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	if (st->st)
		sqlite3_bind_null(st->st, idx);
}

bool db_row(struct db_stmt *st)
{
	int rc;

	if (!st->st || st->status != WG_OK)
		return false;
	rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE)
		st->status = sql_fail(st->db, rc, _("reading"));
	return false;
}

enum wg_status db_run(struct db_stmt *st)
{
	int rc;
	enum wg_status status;

	if (!st->st)
		return st->status;
	rc = sqlite3_step(st->st);
	status = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? WG_OK : sql_fail(st->db, rc, _("writing"));
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	return status;
}

void db_reset(struct db_stmt *st)
{
	if (!st->st)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->status = WG_OK;
}

enum wg_status db_status(const struct db_stmt *st)
{
	return st->status;
}

enum wg_status db_finish(struct db_stmt *st)
{
	enum wg_status status;

	if (!st)
		return WG_OK;
	status = st->status;
	if (st->st)
		sqlite3_finalize(st->st);
	free(st);
	return status;
}

const char *db_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

int64_t db_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

double db_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

bool db_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int db_columns(struct db_stmt *st)
{
	return st->st ? sqlite3_column_count(st->st) : 0;
}

int64_t db_last_rowid(struct wg_db *db)
{
	return sqlite3_last_insert_rowid(db->sql);
}

int db_changes(struct wg_db *db)
{
	return sqlite3_changes(db->sql);
}

int64_t db_get_int(struct wg_db *db, const char *sql, const char *param, int64_t fallback)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v = fallback;

	if (param)
		db_bind_text(st, 1, param);
	if (db_row(st) && !db_is_null(st, 0))
		v = db_int(st, 0);
	db_finish(st);
	return v;
}

char *db_get_text(struct wg_db *db, const char *sql, const char *param)
{
	struct db_stmt *st = db_prepare(db, sql);
	char *v = NULL;

	if (param)
		db_bind_text(st, 1, param);
	if (db_row(st) && db_text(st, 0))
		v = xstrdup(db_text(st, 0));
	db_finish(st);
	return v;
}

char *store_meta_get(struct wg_db *db, const char *key)
{
	return db_get_text(db, "SELECT value FROM meta WHERE key = ?", key);
}

enum wg_status store_meta_set(struct wg_db *db, const char *key, const char *value)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO meta(key, value) VALUES (?, ?) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	db_run(st);
	return db_finish(st);
}

/* ---- backup and check ---- */

enum wg_status store_backup(struct wg_db *db, const char *dest)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk;
	char *tmp = xasprintf("%s.tmp-%ld", dest, (long)getpid());
	mode_t old_mask = umask(077);
	int rc;
	enum wg_status status = WG_OK;

	rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old_mask);
	if (rc != SQLITE_OK) {
		status = wg_error_set(WG_IO, _("%s: cannot create the backup file: %s"), dest,
			out ? sqlite3_errmsg(out) : sqlite3_errstr(rc));
		goto out;
	}
	bk = sqlite3_backup_init(out, "main", db->sql, "main");
	if (!bk) {
		status = wg_error_set(WG_IO, _("%s: cannot start the backup: %s"), dest,
			sqlite3_errmsg(out));
		goto out;
	}
	/* One step: in WAL mode it reads a snapshot while writers go on; copying in slices
	 * restarts whenever another process commits, and never ends under steady writing. */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		status = wg_error_set(rc == SQLITE_FULL ? WG_FULL : WG_IO,
			_("%s: the backup failed: %s"), dest, sqlite3_errstr(rc));
		goto out;
	}
	/* A backup is one self-contained file: no WAL beside it. */
	sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
out:
	if (out)
		sqlite3_close_v2(out);
	if (status == WG_OK && rename(tmp, dest) != 0)
		status = wg_error_set(WG_IO, _("%s: cannot move the backup into place: %s"), dest,
			strerror(errno));
	if (status != WG_OK)
		unlink(tmp);
	free(tmp);
	return status;
}

enum wg_status store_integrity_check(struct wg_db *db)
{
	struct db_stmt *st = db_prepare(db, "PRAGMA integrity_check");
	enum wg_status rc = WG_OK;

	if (db_row(st)) {
		const char *first = db_text(st, 0);

		if (!first || strcmp(first, "ok") != 0)
			rc = wg_error_set(WG_DB, _("%s: integrity check failed: %s"), db->path,
				first ? first : "?");
	}
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	if (rc == WG_OK && db_get_int(db, "SELECT count(*) FROM pragma_foreign_key_check", NULL, 0) > 0)
		rc = wg_error_set(WG_DB, _("%s: foreign key check failed"), db->path);
	return rc;
}
