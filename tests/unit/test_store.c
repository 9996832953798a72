/* The SQLite file: where it goes, how it is protected, what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/store.h"

#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/wangge-store-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void test_creates_private_folder_and_file(void **state)
{
	char *path = xasprintf("%s/a/b/wangge.db", tmpdir);
	char *dir = xasprintf("%s/a/b", tmpdir);
	struct wg_db *db;
	struct stat st;

	(void)state;
	assert_int_equal(store_open(path, &db), WG_OK);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(store_warnings(db), "");
	store_close(db);
	free(path);
	free(dir);
}

static void test_wal_foreign_keys_and_version(void **state)
{
	char *path = xasprintf("%s/w.db", tmpdir);
	struct wg_db *db;
	char *mode;

	(void)state;
	assert_int_equal(store_open(path, &db), WG_OK);
	mode = db_get_text(db, "PRAGMA journal_mode", NULL);
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(db_get_int(db, "PRAGMA foreign_keys", NULL, -1), 1);
	assert_int_equal(db_get_int(db, "PRAGMA user_version", NULL, -1), store_schema_version());
	/* a household pointing at no building is refused by the foreign key */
	assert_int_not_equal(db_exec(db, "INSERT INTO household(id, building_id, room, walk_key,"
		" created_at, updated_at) VALUES ('x', 999, '1', 'k', 'now', 'now')"), WG_OK);
	store_close(db);
	/* reopening an up-to-date database changes nothing */
	assert_int_equal(store_open(path, &db), WG_OK);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM household", NULL, -1), 0);
	store_close(db);
	free(path);
}

static void test_newer_schema_refused(void **state)
{
	char *path = xasprintf("%s/n.db", tmpdir);
	struct wg_db *db;
	char *sql = xasprintf("PRAGMA user_version = %d", store_schema_version() + 1);

	(void)state;
	assert_int_equal(store_open(path, &db), WG_OK);
	assert_int_equal(db_exec(db, sql), WG_OK);
	store_close(db);
	assert_int_equal(store_open(path, &db), WG_NEWER);
	assert_null(db);
	assert_non_null(strstr(wg_error_msg(), path));
	free(sql);
	free(path);
}

static void test_not_a_database_is_left_alone(void **state)
{
	char *path = xasprintf("%s/notes.txt", tmpdir);
	FILE *f = fopen(path, "w");
	struct wg_db *db;
	char buf[64] = "";

	(void)state;
	assert_non_null(f);
	fputs("this is a shopping list, not a database, and it is long enough\n", f);
	fclose(f);
	assert_int_equal(store_open(path, &db), WG_NOT_DB);
	f = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_memory_equal(buf, "this is a shopping list", 23);
	free(path);
}

static void test_foreign_sqlite_file_refused(void **state)
{
	char *path = xasprintf("%s/other.db", tmpdir);
	char *cmd = xasprintf("sqlite3 '%s' 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'", path);
	struct wg_db *db;

	(void)state;
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(path, &db), WG_NOT_DB);
	free(cmd);
	cmd = xasprintf("test \"$(sqlite3 '%s' 'SELECT count(*) FROM sqlite_master')\" = 1", path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

static void test_unwritable_folder_is_a_clear_error(void **state)
{
	char *path;
	struct wg_db *db;

	(void)state;
	if (geteuid() == 0) {
		/* root writes anywhere; use a path under a regular file instead */
		char *file = xasprintf("%s/plainfile", tmpdir);
		FILE *f = fopen(file, "w");

		fclose(f);
		path = xasprintf("%s/sub/wangge.db", file);
		free(file);
	} else {
		char *ro = xasprintf("%s/ro", tmpdir);

		mkdir(ro, 0500);
		path = xasprintf("%s/sub/wangge.db", ro);
		free(ro);
	}
	assert_int_equal(store_open(path, &db), WG_IO);
	assert_non_null(strstr(wg_error_msg(), "sub"));
	free(path);
}

static void test_loose_permissions_warned(void **state)
{
	char *path = xasprintf("%s/loose.db", tmpdir);
	struct wg_db *db;

	(void)state;
	assert_int_equal(store_open(path, &db), WG_OK);
	store_close(db);
	chmod(path, 0644);
	assert_int_equal(store_open(path, &db), WG_OK);
	assert_non_null(strstr(store_warnings(db), "chmod 600"));
	store_close(db);
	free(path);
}

static void test_backup_is_a_database(void **state)
{
	char *path = xasprintf("%s/src.db", tmpdir);
	char *copy = xasprintf("%s/copy.db", tmpdir);
	struct wg_db *db, *db2;

	(void)state;
	assert_int_equal(store_open(path, &db), WG_OK);
	assert_int_equal(store_meta_set(db, "k", "值"), WG_OK);
	assert_int_equal(store_backup(db, copy), WG_OK);
	store_close(db);
	assert_int_equal(store_open_existing(copy, true, &db2), WG_OK);
	assert_int_equal(store_integrity_check(db2), WG_OK);
	{
		char *v = store_meta_get(db2, "k");

		assert_string_equal(v, "值");
		free(v);
	}
	store_close(db2);
	free(path);
	free(copy);
}

static void test_resolve_path_order(void **state)
{
	char *p;

	(void)state;
	setenv("WANGGE_DB", "/env/w.db", 1);
	p = store_resolve_path("/flag/w.db");
	assert_string_equal(p, "/flag/w.db");
	free(p);
	p = store_resolve_path(NULL);
	assert_string_equal(p, "/env/w.db");
	free(p);
	unsetenv("WANGGE_DB");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	p = store_resolve_path(NULL);
	assert_string_equal(p, "/xdg/wangge/wangge.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/wf", 1);
	p = store_resolve_path(NULL);
	assert_string_equal(p, "/home/wf/.local/share/wangge/wangge.db");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_creates_private_folder_and_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_foreign_keys_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database_is_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_sqlite_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_folder_is_a_clear_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loose_permissions_warned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_is_a_database, setup, teardown),
		cmocka_unit_test(test_resolve_path_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
